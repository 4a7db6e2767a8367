#!/usr/bin/env bash
# A throwaway PostgreSQL for the store's tests (issue 16).
#
#   eval "$(tests/pg/server.sh start)"   # initdb into a temporary folder, start on a free 127.0.0.1 port,
#                                        # create database sitrep_test; prints `export SITREP_TEST_PG=... SITREP_TEST_PG_DIR=...`
#   tests/pg/server.sh stop [DIR]        # stop it and remove the folder (DIR defaults to $SITREP_TEST_PG_DIR)
#
# initdb refuses root: as root the cluster is made and run by the `postgres` user.
set -euo pipefail

bin_dir() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$initdb" ]]; then
    initdb=$(command -v initdb || true)
  fi
  [[ -n "$initdb" ]] || { echo "tests/pg/server.sh: no initdb (apt-get install postgresql)" >&2; exit 1; }
  dirname "$initdb"
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

start() {
  local bin dir port user
  bin=$(bin_dir)
  dir=$(mktemp -d /tmp/sitrep-pg.XXXXXX)
  chmod 755 "$dir"
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; user=postgres; else user=$(id -un); fi
  as_owner "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
         -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null; then
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" sitrep_test
      echo "export SITREP_TEST_PG=postgres://$user@127.0.0.1:$port/sitrep_test SITREP_TEST_PG_DIR=$dir"
      return 0
    fi
  done
  cat "$dir/server.log" >&2
  exit 1
}

stop() {
  local dir=${1:-${SITREP_TEST_PG_DIR:-}}
  [[ -n "$dir" && -d "$dir" ]] || return 0
  if [[ -d "$dir/data" ]]; then
    as_owner "$(bin_dir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac

"""`Store` on a PostgreSQL URL gives the frames it gives on a SQLite file. The server is the one
`SITREP_TEST_PG` names (`tests/pg/server.sh start`, as `.ci/run` does); without it the test is skipped."""

from __future__ import annotations

import os
import shutil
import subprocess

import pandas as pd
import pytest
import sitrep
from conftest import SAMPLE_DAYS, SAMPLES


@pytest.fixture()
def pg_url():
    admin = os.environ.get("SITREP_TEST_PG")
    if not admin or not shutil.which("psql"):
        pytest.skip("SITREP_TEST_PG not set, or no psql (tests/pg/server.sh start)")
    name = f"sitrep_py{os.getpid()}"

    def psql(sql: str) -> None:
        subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)

    psql(f"DROP DATABASE IF EXISTS {name}")
    psql(f"CREATE DATABASE {name}")
    yield admin.rsplit("/", 1)[0] + "/" + name
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def filled(store: sitrep.Store) -> sitrep.Store:
    for name, day in sorted(SAMPLE_DAYS.items()):
        store.ingest([(SAMPLES / name).read_text(encoding="utf-8")], source="samples", published=day)
    return store


def test_postgres_frames_equal_sqlite_frames(pg_url, tmp_path):
    sqlite = filled(sitrep.Store(tmp_path / "sitrep.db"))
    pg = filled(sitrep.Store(pg_url))
    assert "@" in pg.name and len(pg.events()) > 0
    pd.testing.assert_frame_equal(pg.events(), sqlite.events())
    pd.testing.assert_frame_equal(pg.incidents(), sqlite.incidents())
    pd.testing.assert_frame_equal(pg.tally(by="province"), sqlite.tally(by="province"))

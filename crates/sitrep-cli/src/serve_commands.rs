//! `sitrep serve`: the API and dashboard of `sitrep-serve` on a socket; and the demo's server.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use sitrep_serve::{AppState, Config};
use sitrep_store::{ingest, Incoming, IngestConfig, SqliteStore};

use crate::store_commands::{db_path, open_existing};
use crate::watch_commands::{BackgroundWatcher, WatchOptions};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Accept `POST /api/documents` with `Authorization: Bearer <TOKEN>`; read-only without it. Better from
    /// the environment, where `ps` does not show it.
    #[arg(long, env = "SITREP_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Watch these sources (as `sitrep watch` does) beside serving; the dashboard shows what arrives.
    #[arg(long = "watch", value_name = "SOURCE", num_args = 1..)]
    watch: Vec<String>,
    #[command(flatten)]
    watching: WatchOptions,
}

/// Serves until Ctrl-C.
fn run(config: Config, listener: std::net::TcpListener) -> anyhow::Result<ExitCode> {
    let state =
        AppState::new(&config).with_context(|| format!("opening the database {}", sitrep_store::shown(&config.db)))?;
    // A stale store (entries ingested without relinking) is relinked beside the server, never in a request.
    match state.relink_if_stale() {
        Ok(true) => eprintln!("sitrep serve: linking incidents in the background; tallies say `stale` until done"),
        Ok(false) => {}
        Err(e) => anyhow::bail!("reading the database: {}", e.message),
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting tokio")?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("sitrep serve: stopping");
        };
        sitrep_serve::serve(listener, state, shutdown).await
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_serve(db: Option<&Path>, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let mut config = Config::new(db_path(db));
    config.token = args.token.clone().filter(|t| !t.is_empty());
    // Watching writes: the store is created if need be.
    let watcher = match args.watch.is_empty() {
        true => None,
        false => Some(BackgroundWatcher::start(db, &args.watch, &args.watching)?),
    };
    if config.token.is_none() && watcher.is_none() {
        // Read-only: serve an existing store, never a new empty one at a mistyped path.
        open_existing(db)?;
    }
    let listener = std::net::TcpListener::bind(args.addr).with_context(|| format!("listening on {}", args.addr))?;
    let addr = listener.local_addr()?;
    eprintln!(
        "sitrep serve: http://{addr}/ (database {}, {})",
        sitrep_store::shown(&config.db),
        if config.token.is_some() { "accepting documents with the token" } else { "read-only" }
    );
    let served = run(config, listener);
    if let Some(watcher) = watcher {
        watcher.stop();
    }
    served
}

/// For `demo`: ingests `samples` (name, publication day, text) into a database in a temporary file and serves the
/// dashboard on 127.0.0.1:8080 (or the next free port), printing its URL, until Ctrl-C. With
/// `SITREP_DEMO_NO_SERVE=1` it returns without serving (tests, CI).
pub fn serve_demo(samples: &[(&str, &str, &str)]) -> anyhow::Result<ExitCode> {
    if std::env::var_os("SITREP_DEMO_NO_SERVE").is_some_and(|v| v == "1") {
        return Ok(ExitCode::SUCCESS);
    }
    let dir = tempfile::tempdir().context("creating a temporary folder")?;
    let db = dir.path().join("demo.db");
    {
        let mut store = SqliteStore::open(&db).context("creating the demo database")?;
        let docs = samples.iter().map(|(name, published, text)| {
            let mut i = Incoming::text(*name, *text);
            i.published = Some(published.to_string());
            i.source = Some("sitrep samples".into());
            i
        });
        ingest(&mut store, docs, &IngestConfig::default(), &mut |_| {})?;
    }
    let listener = (8080..8100)
        .find_map(|port| std::net::TcpListener::bind(("127.0.0.1", port)).ok())
        .map_or_else(|| std::net::TcpListener::bind(("127.0.0.1", 0)), Ok)
        .context("finding a free port")?;
    println!("Dashboard: http://{}/  (Ctrl-C to stop)", listener.local_addr()?);
    let code = run(Config::new(&db), listener);
    drop(dir);
    code
}

//! Relinking off the request path: one background thread at a time links the store's incidents again
//! after a `POST /api/documents`, at startup when the store is stale, or when a read finds it stale. A
//! request asked while one runs is served by one more pass, never by a second thread.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Serialised background relinks of one database.
pub struct Relinker {
    path: PathBuf,
    /// A thread is relinking.
    running: AtomicBool,
    /// A relink was asked for since the running pass began.
    again: AtomicBool,
}

impl Relinker {
    pub fn new(path: PathBuf) -> Relinker {
        Relinker { path, running: AtomicBool::new(false), again: AtomicBool::new(false) }
    }

    /// Whether a relink is under way.
    pub fn running(&self) -> bool {
        self.running.load(Ordering::Acquire)
    }

    /// Asks for a relink; returns at once. At most one thread relinks; a request during its pass makes
    /// it pass once more.
    pub fn request(self: &Arc<Self>) {
        self.again.store(true, Ordering::Release);
        if self.running.compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire).is_err() {
            return;
        }
        let me = self.clone();
        let spawned = std::thread::Builder::new().name("sitrep-relink".into()).spawn(move || loop {
            while me.again.swap(false, Ordering::AcqRel) {
                if let Err(e) = sitrep_store::open(&me.path, false).and_then(|mut s| s.ensure_linked()) {
                    eprintln!("sitrep serve: relinking failed: {e}");
                }
            }
            me.running.store(false, Ordering::Release);
            // A request between the last check and the store above found `running` still set: take it.
            if !me.again.load(Ordering::Acquire)
                || me.running.compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire).is_err()
            {
                break;
            }
        });
        if let Err(e) = spawned {
            self.running.store(false, Ordering::Release);
            eprintln!("sitrep serve: cannot start relinking: {e}");
        }
    }

    /// Waits until no relink runs (tests, shutdown).
    pub fn wait(&self) {
        while self.running() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

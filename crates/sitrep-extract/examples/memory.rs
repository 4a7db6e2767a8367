//! The heap one document's extraction takes, with the system allocator so that heap profilers see every
//! allocation: prints the peak of live bytes and its ratio to the document's length.
//!
//!     valgrind --tool=massif target/fast/examples/memory FILE

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to `System` unchanged; the counters only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
        PEAK.fetch_max(live, Relaxed);
        let moved = System.realloc(ptr, layout, new_size);
        LIVE.fetch_sub(layout.size(), Relaxed);
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: memory FILE");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).expect("a UTF-8 file");
    // The embedded data, built once, is the base: measured apart from the document.
    let _ = sitrep_extract::extract("The Taliban attacked a checkpoint in Kandahar.", &Default::default());
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let extraction = sitrep_extract::extract(&text, &Default::default());
    let peak = PEAK.load(Relaxed) - base;
    println!(
        "{} entries; peak heap beyond the text and the base: {} bytes, {:.2} per input byte",
        extraction.entries.len(),
        peak,
        peak as f64 / text.len() as f64
    );
}

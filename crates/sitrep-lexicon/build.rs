//! Builds the double array of the embedded vocabularies' patterns at compile time: at run time it would take
//! most of a process's start. The pattern texts are made by the crate's own code (`src/tables.rs` and
//! `src/sense.rs`, included here), so they are the texts `Lexicon::from_files` makes; it checks the fingerprint
//! and builds its own when they differ, so this is only ever a shortcut (a test checks it is taken).

use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/sense.rs"]
mod sense;
#[allow(dead_code)]
#[path = "src/tables.rs"]
mod tables;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/sense.rs");
    println!("cargo:rerun-if-changed=src/tables.rs");
    for (name, _) in tables::FILES {
        println!("cargo:rerun-if-changed=../../data/lexicon/{name}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let tables = tables::Tables::read(tables::FILES).unwrap_or_else(|e| panic!("{e}"));
    let (_, texts) = tables::patterns(&tables.entries, tables.terms);
    let built = sitrep_text::DoubleArray::build(&texts).expect("vocabulary patterns make a double array");
    std::fs::write(out.join("patterns.da"), &built.bytes).expect("OUT_DIR is writable");
    std::fs::write(out.join("patterns.fingerprint"), format!("{}u64", built.fingerprint)).expect("OUT_DIR is writable");
}

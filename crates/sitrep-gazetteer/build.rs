//! Builds the double array of the embedded gazetteer's names at compile time: at run time it would take
//! longer than the rest of a process's start. `Gazetteer::parse` checks the fingerprint and builds its own
//! when the names differ (another gazetteer file), so this is only ever a shortcut.

use std::path::PathBuf;

use sitrep_text::tsv;

const NAMES: &str = "../../data/gazetteer/names.tsv";

fn main() {
    println!("cargo:rerun-if-changed={NAMES}");
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let text = std::fs::read_to_string(NAMES).expect("data/gazetteer/names.tsv is readable");
    // The same name may stand for several units; the trie's keys are the distinct names.
    let table = tsv::Table::parse("names.tsv", &text).unwrap_or_else(|e| panic!("{e}"));
    let names: Result<Vec<&str>, tsv::Error> = table.rows().map(|row| row?.get("name")).collect();
    let names = names.unwrap_or_else(|e| panic!("{e}"));
    let built = sitrep_text::DoubleArray::build(&names).expect("gazetteer names make a double array");
    std::fs::write(out.join("names.da"), &built.bytes).expect("OUT_DIR is writable");
    std::fs::write(out.join("names.fingerprint"), format!("{}u64", built.fingerprint)).expect("OUT_DIR is writable");
}

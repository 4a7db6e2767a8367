//! Builds the double array of the embedded gazetteer's names at compile time: at run time it would take
//! longer than the rest of a process's start. `Gazetteer::parse` checks the fingerprint and builds its own
//! when the names differ (another gazetteer file), so this is only ever a shortcut.

use std::path::PathBuf;

const GAZETTEER: &str = "../../data/gazetteer/gazetteer.tsv";

fn main() {
    println!("cargo:rerun-if-changed={GAZETTEER}");
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let tsv = std::fs::read_to_string(GAZETTEER).expect("data/gazetteer/gazetteer.tsv is readable");
    // Name rows: N <tab> unit <tab> folded name [<tab> flags]; the same name may stand for several units.
    let names: Vec<&str> =
        tsv.lines().filter_map(|line| line.strip_prefix("N\t")).filter_map(|rest| rest.split('\t').nth(1)).collect();
    let built = sitrep_text::DoubleArray::build(&names).expect("gazetteer names make a double array");
    std::fs::write(out.join("names.da"), &built.bytes).expect("OUT_DIR is writable");
    std::fs::write(out.join("names.fingerprint"), format!("{}u64", built.fingerprint)).expect("OUT_DIR is writable");
}

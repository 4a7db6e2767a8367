//! The generated artefact (`units.tsv`, `names.tsv`) as text: its version, which extraction runs record, and the
//! checksum that tells the embedded files from any others (also run by `build.rs`).

use sitrep_text::{fnv1a, FNV_OFFSET};

/// FNV-1a of both files: the gazetteer version an extraction run records.
pub(crate) fn version(units: &str, names: &str) -> u64 {
    fnv1a(fnv1a(FNV_OFFSET, units.as_bytes()), names.as_bytes())
}

/// A hash of both files read eight bytes at a time (FxHash's step, then each length): cheap enough to run at
/// every start, where [`version`] is not. Not a hash for tables an input could flood.
pub(crate) fn checksum(units: &str, names: &str) -> u64 {
    let step = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    [units, names].iter().fold(0, |h, text| {
        let chunks = text.as_bytes().chunks_exact(8);
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        let h = chunks.fold(h, |h, c| step(h, <[u8; 8]>::try_from(c).map_or(0, u64::from_le_bytes)));
        step(step(h, u64::from_le_bytes(tail)), text.len() as u64)
    })
}

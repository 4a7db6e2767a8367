//! How close `romanize` comes to the Latin spellings of the IEC 2019 polling-centre list: every one-word
//! location name in Dari script, romanized and compared with the list's own Latin name (similarity of the
//! letters, as `difflib.SequenceMatcher.ratio` computes it: twice the matched letters over both lengths).
//!
//!     cargo run -p sitrep-gazetteer --example romanize_iec [-- --list]

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/gazetteer/iec2019_pc_key_2019.csv");
    let Ok(mut reader) = csv::Reader::from_path(&file) else {
        println!("skipped: {} is not beside the checkout", file.display());
        return Ok(());
    };
    let list = std::env::args().any(|a| a == "--list");
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name).ok_or(format!("no column {name}"));
    let (dari, latin) = (column("pc_location_dari")?, column("pc_location_eng")?);
    let (mut names, mut close) = (0, 0);
    for record in reader.records() {
        let record = record?;
        let (written, spelled) = (record[dari].trim(), record[latin].trim());
        if written.contains(' ') || spelled.is_empty() {
            continue;
        }
        let Some(romanized) = sitrep_gazetteer::romanize(written) else { continue };
        let similarity = ratio(&letters(spelled), &letters(&romanized));
        names += 1;
        close += usize::from(similarity >= 0.85);
        if list {
            println!("{similarity:.2}\t{written}\t{spelled}\t{romanized}");
        }
    }
    println!("{close}/{names} one-word names within similarity 0.85 of the IEC spelling");
    Ok(())
}

fn letters(s: &str) -> Vec<char> {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// difflib's ratio: the longest common block, then recursively the blocks left and right of it.
fn ratio(a: &[char], b: &[char]) -> f64 {
    fn matched(a: &[char], b: &[char]) -> usize {
        let (mut best, mut at_a, mut at_b) = (0, 0, 0);
        for i in 0..a.len() {
            for j in 0..b.len() {
                let k = a[i..].iter().zip(&b[j..]).take_while(|(x, y)| x == y).count();
                if k > best {
                    (best, at_a, at_b) = (k, i, j);
                }
            }
        }
        if best == 0 {
            return 0;
        }
        best + matched(&a[..at_a], &b[..at_b]) + matched(&a[at_a + best..], &b[at_b + best..])
    }
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * matched(a, b) as f64 / (a.len() + b.len()) as f64
}

//! Prints every count expression of a document: `cargo run --example dump -- FILE`.

use sitrep_count::quantities;
use sitrep_text::{detect_language, Folded};

fn main() {
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let folded = Folded::new(&text);
        let lang = detect_language(&text);
        println!("== {path} ({})", lang.code());
        for q in quantities(folded.as_str(), lang) {
            let orig = folded.original_range(q.range.clone());
            let c = q.count;
            println!("{:?}\t{:?} {:?} {:?} {:?}", &text[orig], c.low, c.best, c.high, c.rule);
        }
    }
}

//! Prints each unit of a document with what extraction read from it.
//! Usage: cargo run -p sitrep-extract --example explain -- FILE [PUBLISHED]

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: explain FILE [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let published = args.next().and_then(|d| d.parse().ok());
    let meta = sitrep_extract::Metadata { published, ..Default::default() };
    print!("{}", sitrep_extract::explain(&text, &meta));
}

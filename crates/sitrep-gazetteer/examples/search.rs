//! `cargo run -p sitrep-gazetteer --example search -- NAME...`: the `sitrep places search` lines.

fn main() {
    let g = sitrep_gazetteer::Gazetteer::embedded();
    for q in std::env::args().skip(1) {
        println!("# {q}");
        for c in g.search(&q, 5) {
            println!("{c}");
        }
    }
}

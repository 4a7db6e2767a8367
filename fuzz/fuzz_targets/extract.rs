//! Fuzz target for `sitrep_extract::extract`: nothing panics, and every entry keeps its invariants.
//!
//! Arbitrary bytes are decoded as UTF-8 (lossily when they are not valid UTF-8, so the lossy text is
//! exercised too) and extracted under several metadata: none, a published date (including the extremes
//! of the supported calendar range) and a language hint.
#![no_main]

use std::collections::HashSet;
use std::ops::Range;

use libfuzzer_sys::fuzz_target;
use sitrep_extract::{extract, Count, Date, Extraction, Language, Metadata};

fuzz_target!(|data: &[u8]| {
    let lossy;
    let text: &str = match std::str::from_utf8(data) {
        Ok(s) => s,
        Err(_) => {
            lossy = String::from_utf8_lossy(data);
            &lossy
        }
    };

    // Without metadata, twice: extraction is a pure function of its input.
    let none = Metadata::default();
    let first = extract(text, &none);
    check(text, &first, "no metadata");
    let again = extract(text, &none);
    assert!(first == again, "extract is not deterministic");

    // With a published date and a language hint, chosen from the input length so every metadata
    // combination is reached without spending input bytes on it.
    let dates = [Date::new(2021, 8, 15), Date::new(2012, 2, 29), Date::new(1, 1, 1), Date::new(9999, 12, 31)];
    let languages = [Language::Arabic, Language::English, Language::Dari, Language::Pashto];
    let n = data.len();
    let published = dates[n % dates.len()];
    let language = languages[(n / dates.len()) % languages.len()];

    let meta = Metadata { published, language: None, received: None };
    check(text, &extract(text, &meta), "published date");
    let meta = Metadata { published: None, language: Some(language), received: None };
    check(text, &extract(text, &meta), "language hint");
    let meta = Metadata { published, language: Some(language), received: None };
    check(text, &extract(text, &meta), "published date and language hint");
    // An undated document received on a day: the weekday-named days take their year from it.
    let meta = Metadata { published: None, language: Some(language), received: published };
    check(text, &extract(text, &meta), "received day");
});

fn check_range(text: &str, range: &Range<usize>, what: &str) {
    assert!(range.start <= range.end, "{what}: reversed range {range:?}");
    assert!(range.end <= text.len(), "{what}: range {range:?} beyond the text ({} bytes)", text.len());
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what}: range {range:?} not on char boundaries"
    );
}

fn check_count(count: &Option<Count>, what: &str) {
    let Some(c) = count else { return };
    if let (Some(low), Some(best)) = (c.low, c.best) {
        assert!(low <= best, "{what}: low {low} > best {best}");
    }
    if let (Some(best), Some(high)) = (c.best, c.high) {
        assert!(best <= high, "{what}: best {best} > high {high}");
    }
    if let (Some(low), Some(high)) = (c.low, c.high) {
        assert!(low <= high, "{what}: low {low} > high {high}");
    }
}

fn check(text: &str, x: &Extraction, how: &str) {
    let mut ids = HashSet::new();
    for e in &x.entries {
        let at = format!("[{how}] entry {}", e.id);
        assert!(ids.insert(e.id.as_str()), "{at}: duplicate id");
        check_range(text, &e.evidence, &format!("{at} evidence"));
        // The evidence text is text[start..end]: this slice must not panic.
        let _ = &text[e.evidence.clone()];
        for (field, ranges) in &e.spans {
            for r in ranges {
                check_range(text, r, &format!("{at} span {field}"));
            }
        }
        check_count(&e.killed, &format!("{at} killed"));
        check_count(&e.wounded, &format!("{at} wounded"));
        check_count(&e.captured, &format!("{at} captured"));
        if let Some(d) = &e.date {
            assert!(d.start <= d.end, "{at}: date {} after {}", d.start, d.end);
        }
        for s in e.summarizes.iter().chain(&e.derived_from) {
            assert!(x.entries.iter().any(|o| &o.id == s), "{at}: refers to unknown entry {s}");
        }
    }
    for d in &x.diagnostics {
        if let Some(r) = &d.span {
            check_range(text, r, &format!("[{how}] diagnostic"));
        }
    }
}

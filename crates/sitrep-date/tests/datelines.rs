//! Datelines of each shape, and which one wins when a text has several.

use sitrep_date::{dateline, dateline_and_expressions, Date};
use sitrep_text::{fold, Language};

fn line(text: &str) -> Option<String> {
    let folded = fold(text);
    let published = Date::new(2019, 2, 20);
    dateline(&folded, published).map(|(r, span)| format!("{} {}", r.start, &folded[span]))
}

#[test]
fn each_shape() {
    // 1. In brackets, anywhere in the head.
    assert_eq!(line("KABUL, Afghanistan (Jan. 25, 2013) - Forces said"), Some("2013-01-25 jan. 25, 2013".into()));
    assert_eq!(line("Title\nMore words here, KABUL (Aug. 13) - x"), Some("2018-08-13 aug. 13".into()));
    // 3. A wire dateline opening a line: one to three words, a comma, month and day.
    assert_eq!(line("Title line\nKabul, Feb 17 (IANS) Ten"), Some("2019-02-17 feb 17".into()));
    assert_eq!(line("Title line\nKabul City Area, Feb 17 (IANS) Ten"), Some("2019-02-17 feb 17".into()));
    assert_eq!(line("Title line\nKabul City Big Area, Feb 17 (IANS) Ten"), None);
    // 4. A dated title.
    assert_eq!(line("Some title\nDec. 6: Operations Conducted in Kandahar"), Some("2018-12-06 dec. 6".into()));
}

#[test]
fn the_first_line_wins() {
    let text = "Top words\nJan. 5: first\nKabul, Feb 17 (IANS) x\nMar. 3: third";
    assert_eq!(line(text), Some("2019-01-05 jan. 5".into()));
    let text = "Top words\nKabul, Feb 17 (IANS) x\nJan. 5: first";
    assert_eq!(line(text), Some("2019-02-17 feb 17".into()));
    // Brackets anywhere in the head come before any line start.
    let text = "Jan. 5: first\nKABUL (Aug. 13) - x";
    assert_eq!(line(text), Some("2018-08-13 aug. 13".into()));
    // Many month names before the one that makes a dateline.
    let text = "january february march april may june\nin july, aug 9 said\nKabul, Sept 3 (AFP) x";
    assert_eq!(line(text), Some("2018-09-03 sept 3".into()));
}

/// Dari and Pashto datelines are solar Hijri: all digits (read in the document's language, not as the Islamic
/// calendar), or year, month name and day.
#[test]
fn solar_datelines() {
    let line = |text: &str, lang: Language| {
        let folded = fold(text);
        dateline_and_expressions(&folded, lang, None).0.map(|(r, span)| format!("{} {}", r.start, &folded[span]))
    };
    let dari = "عنوان خبر\nشنبه ۱۴۰۳/۰۶/۱۷\nمتن خبر";
    assert_eq!(line(dari, Language::Dari), Some(format!("2024-09-07 {}", fold("۱۴۰۳/۰۶/۱۷"))));
    let pashto = "سرلیک\n۱۴۰۳ شهریور ۱۴, چهارشنبه\nمتن";
    assert_eq!(line(pashto, Language::Pashto), Some(format!("2024-09-04 {}", fold("۱۴۰۳ شهریور ۱۴"))));
}

//! `quantities` over the real documents in /work/shared (seeds and dev), against counts read by hand.

use std::path::Path;

use sitrep_count::quantities;
use sitrep_text::{detect_language, Folded};

type Row = (&'static str, Option<u32>, Option<u32>, Option<u32>);
/// An expression as read: original text, low, best, high.
type Read = (String, Option<u32>, Option<u32>, Option<u32>);

/// Every expression of the document, as original text and low/best/high.
fn read(path: &Path) -> Option<Vec<Read>> {
    let text = std::fs::read_to_string(path).ok()?;
    let folded = Folded::new(&text);
    let lang = detect_language(&text);
    Some(
        quantities(folded.as_str(), lang)
            .into_iter()
            .map(|q| {
                let r = folded.original_range(q.range);
                (text[r].to_string(), q.count.low, q.count.best, q.count.high)
            })
            .collect(),
    )
}

const fn ex(s: &'static str, n: u32) -> Row {
    (s, Some(n), Some(n), Some(n))
}
const fn least(s: &'static str, n: u32) -> Row {
    (s, Some(n), Some(n), None)
}
const fn low(s: &'static str, n: u32) -> Row {
    (s, Some(n), None, None)
}

const EXPECTED: &[(&str, &[Row])] = &[
    (
        "dev/d1_ar_alhayat_farah_helmand.txt",
        &[
            ex("23", 23),
            ex("18", 18),
            ex("أربع", 4),
            ex("ثلاثة", 3),
            ex("18", 18),
            ex("20", 20),
            ex("اثنين", 2),
            ex("10", 10),
            ex("14", 14),
            low("عشرات من", 12),
            low("عدد كبير من", 10),
        ],
    ),
    ("dev/d2_ar_youm7_nangarhar_clash.txt", &[ex("3", 3), ex("21", 21), ex("سبعة", 7), low("عدد آخر غير محدد", 1)]),
    (
        "dev/d3_ar_youm7_achin_ghazni.txt",
        &[
            least("ما لا يقل عن 21", 21),
            low("عشرات", 12),
            ex("20", 20),
            low("العشرات", 12),
            low("عدد من", 3),
            least("ما لا يقل عن 10", 10),
            ex("احد", 1),
        ],
    ),
    ("dev/d4_en_afintl_aff_takhar.txt", &[ex("three", 3), ex("two", 2)]),
    ("dev/d5_en_afintl_aff_baraki.txt", &[ex("Three", 3), ex("three", 3), ex("one", 1)]),
    ("dev/d6_en_pajhwok_zabul.txt", &[low("all", 1)]),
    ("dev/d7_ar_aawsat_lashkargah.txt", &[ex("سبعة", 7), ex("20", 20), ex("سبعة", 7), ex("20", 20), ex("10", 10)]),
    (
        "dev/x1_en_ians_balkh_checkpoint.txt",
        &[least("At least eight", 8), ex("three", 3), low("Several", 3), ex("two", 2), ex("32", 32)],
    ),
    (
        "dev/x2_en_daijiworld_balkh_checkpoint.txt",
        &[ex("8", 8), least("At least eight", 8), ex("three", 3), low("Several", 3), ex("two", 2), ex("32", 32)],
    ),
    (
        "dev/x3_en_ariana_shortepa.txt",
        &[ex("11", 11), least("at least 11", 11), least("at least 11", 11), ex("two", 2), ex("30", 30)],
    ),
    ("dev/x4_en_tamilguardian_shortepa.txt", &[ex("11", 11), least("at least 11", 11), ex("30", 30), ex("three", 3)]),
    (
        "seeds/000_c1312da17cb5605f.txt",
        &[
            low("عدة", 3),
            ex("ثلاث", 3),
            low("عدد آخر", 1),
            low("جميع", 1),
            ex("أربعة", 4),
            low("جميع", 1),
            low("جميع", 1),
            ex("خمسة", 5),
            ex("خمسة", 5),
            low("آخرين", 1),
            ex("اثنان", 2),
            low("جميع", 1),
            ex("ثلاثة", 3),
            low("آخرين", 1),
        ],
    ),
    (
        "seeds/003_f7630aa9cc99982e.txt",
        &[
            ex("12", 12),
            ("less than three", None, None, Some(2)),
            ex("five", 5),
            least("at least 25", 25),
            ex("18", 18),
            ex("seven", 7),
            ex("three", 3),
            ex("34", 34),
            ex("31", 31),
            ex("two", 2),
            ex("six", 6),
            low("multiple", 3),
            low("a number of", 3),
        ],
    ),
];

#[test]
fn real_documents_read_as_counted_by_hand() {
    let root = Path::new("/work/shared");
    if !root.join("dev").is_dir() {
        println!("skipped: /work/shared is absent");
        return;
    }
    for (file, want) in EXPECTED {
        let Some(got) = read(&root.join(file)) else {
            println!("skipped: {file} is absent");
            continue;
        };
        let want: Vec<Read> = want.iter().map(|(s, l, b, h)| (s.to_string(), *l, *b, *h)).collect();
        assert_eq!(got, want, "{file}");
    }
}

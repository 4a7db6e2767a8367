//! quantity_before / quantity_at / companions_after / duals / sums, and robustness on odd input.

use sitrep_count::{
    arabic_dual, companions_after, known_arabic_dual, quantities, quantity_at, quantity_before, Count, Dual, Rule,
};
use sitrep_text::{fold, Language};

/// The count before the first occurrence of `noun` in folded `text`: (folded expression, low, best).
fn before(lang: Language, text: &str, noun: &str) -> Option<(String, Option<u32>, Option<u32>, Rule)> {
    let folded = fold(text);
    let at = folded.find(&fold(noun))?;
    quantity_before(&folded, at, lang).map(|q| (folded[q.range].to_string(), q.count.low, q.count.best, q.count.rule))
}

#[test]
fn counts_before_nouns() {
    use Language::{Arabic as A, English as E};
    let e = |s: &str, n: u32| Some((fold(s), Some(n), Some(n), Rule::Exact));
    assert_eq!(
        before(E, "At least six guards died in the blast", "guards"),
        Some(("at least six".into(), Some(6), Some(6), Rule::AtLeast))
    );
    assert_eq!(before(E, "On Tuesday, 14 Afghan special forces commandos were hurt", "commandos"), e("14", 14));
    assert_eq!(
        before(E, "killing a senior Taliban commander", "commander"),
        Some(("a".into(), Some(1), Some(1), Rule::Article))
    );
    assert_eq!(before(E, "another soldier died", "soldier"), Some(("another".into(), Some(1), Some(1), Rule::Article)));
    assert_eq!(before(E, "killed three and wounded policemen", "policemen"), None);
    assert_eq!(before(E, "three. Policemen", "policemen"), None);
    assert_eq!(before(E, "Several gunmen also died", "gunmen"), Some(("several".into(), Some(3), None, Rule::Vague)));
    assert_eq!(before(A, "أصيب ستة من أفراد الأمن", "أفراد"), e("ستة", 6));
    assert_eq!(before(A, "سقوط 20 جندياً في الكمين", "جنديا"), e("20", 20));
    assert_eq!(before(A, "وأصيب عشرات المسلحين", "المسلحين"), Some((fold("عشرات"), Some(12), None, Rule::Vague)));
    assert_eq!(before(A, "جرح طفل ووفاة 3 مدنيين", "طفل"), None);
    assert_eq!(before(A, "في 10 من مارس جنود", "جنود"), None);
    // A preposition ends the stretch: the shells are not the soldiers.
    assert_eq!(before(A, "سقطت 4 قذائف على ثكنة الجنود", "الجنود"), None);
    assert_eq!(before(A, "سقطت 4 قذائف قرب ثكنة الجنود", "الجنود"), e("4", 4));
}

/// How many count expressions `text` holds.
fn figures(text: &str, lang: Language) -> usize {
    quantities(&fold(text), lang).len()
}

#[test]
fn a_word_is_no_proclitic_and_a_number_word() {
    // كميات "quantities" is no ك "as" + ميات "hundreds"; وبمئات is و + ب + مئات.
    assert_eq!(figures("استولى المسلحون على كميات من الذخيرة", Language::Arabic), 0);
    assert_eq!(figures("فر الجنود تاركين كمية من السلاح", Language::Arabic), 0);
    assert_eq!(figures("وبمئات من الجنود", Language::Arabic), 1);
}

#[test]
fn a_count_of_parties_or_a_share_counts_no_one() {
    assert_eq!(figures("هفت تن از دو طرف کشته شدند", Language::Dari), 1);
    assert_eq!(figures("fifty percent of the wounded", Language::English), 0);
    assert_eq!(figures("two sides lost men", Language::English), 0);
}

#[test]
fn a_number_that_names_a_district_or_a_road_counts_no_one() {
    assert_eq!(figures("a blast in Police District 6 killed four", Language::English), 1);
    assert_eq!(figures("gunmen stopped a bus on Highway 1", Language::English), 0);
    assert_eq!(figures("انفجار در ناحیه ۱۳ شهر کابل", Language::Dari), 0);
    // Not across a comma: "in the district, 3 people".
    assert_eq!(figures("in the district, 3 people were hurt", Language::English), 1);
}

#[test]
fn counts_at_a_position() {
    let folded = fold("مقتل 18 جندياً في هجوم");
    let at = folded.find("18").unwrap_or(0);
    let q = quantity_at(&folded, at, Language::Arabic).map(|q| q.count);
    assert_eq!(q, Some(Count::exact(18)));
    let folded = fold("wounding at least 9 guards");
    let q = quantity_at(&folded, "wounding".len(), Language::English).map(|q| (folded[q.range].to_string(), q.count));
    assert_eq!(q, Some(("at least 9".to_string(), Count::at_least(9))));
    assert_eq!(quantity_at(&folded, 0, Language::English), None);
}

#[test]
fn companions() {
    let folded = fold("أصيب قائد ميداني ومعه أربعة جنود آخرين ثم انسحب المهاجمون");
    let after = folded.find("قائد").map(|i| i + "قائد".len()).unwrap_or(0);
    let q = companions_after(&folded, after, Language::Arabic);
    assert_eq!(q.as_ref().map(|q| q.count), Some(Count::exact(4)));
    assert_eq!(q.as_ref().map(|q| &folded[q.range.clone()]), Some(fold("ومعه أربعة جنود آخرين").as_str()));
    let total = Count::article().plus(q.map_or(Count::unspecified(), |q| q.count));
    assert_eq!((total.low, total.best, total.high), (Some(5), Some(5), Some(5)));

    let folded = fold("killed a commander and four others");
    let after = folded.find("commander").map(|i| i + "commander".len()).unwrap_or(0);
    let q = companions_after(&folded, after, Language::English);
    assert_eq!(q.map(|q| (folded[q.range].to_string(), q.count)), Some(("and four others".into(), Count::exact(4))));

    let folded = fold("killed a commander and four soldiers");
    assert_eq!(companions_after(&folded, "killed a commander".len(), Language::English), None);
    let folded = fold("killed a commander. Four others");
    assert_eq!(companions_after(&folded, "killed a commander".len(), Language::English), None);
}

#[test]
fn one_companion_named_by_kin_counts_one() {
    // Glued to "و" after a name and its attributes: "an officer of the army and his son".
    let folded = fold("قتل ضابط كبير للجيش ونجله بنيران مجهولين");
    let officer = fold("ضابط");
    let after = folded.find(&officer).map_or(0, |i| i + officer.len());
    let q = companions_after(&folded, after, Language::Arabic);
    assert_eq!(q.as_ref().map(|q| q.count), Some(Count::article()));
    assert_eq!(q.map(|q| folded[q.range].to_string()), Some(fold("ونجله")));
    // After Dari "along with" (past the object marker).
    let folded = fold("یک قاضی را همراه با پسرش ربودند");
    let marked = fold("قاضی را");
    let after = folded.find(&marked).map_or(0, |i| i + marked.len());
    let q = companions_after(&folded, after, Language::Dari);
    assert_eq!(q.map(|q| q.count), Some(Count::article()));
    // A kin noun that is no companion of the one named ("the brother of a commander") is not read.
    let folded = fold("قتل شقيقه");
    assert_eq!(companions_after(&folded, 0, Language::Arabic), None);
}

#[test]
fn sums_follow_the_readme() {
    // "at least eight" guards and "several" attackers: low 11, best null (gold/README).
    let s = Count::at_least(8).plus(Count::vague(3));
    assert_eq!((s.low, s.best, s.high, s.rule), (Some(11), None, None, Rule::Sum));
    // gold d2: 21 + 7 = 28.
    let s = Count::exact(21).plus(Count::exact(7));
    assert!(s.is_exact());
    assert_eq!(s.best, Some(28));
    let s = Count::exact(u32::MAX).plus(Count::exact(5));
    assert_eq!(s.best, Some(u32::MAX));
    assert_eq!(Count::implied_plural().low, Some(3));
    assert_eq!(Count::unspecified().low, Some(1));
}

#[test]
fn arabic_duals() {
    let f = |s: &str| fold(s);
    assert_eq!(arabic_dual(&f("جنديان"), &f("جندي")), Dual::Dual);
    assert_eq!(arabic_dual(&f("جنديين"), &f("جندي")), Dual::DualOrPlural);
    assert_eq!(arabic_dual(&f("طفلان"), &f("طفل")), Dual::Dual);
    assert_eq!(arabic_dual(&f("والطفلين"), &f("طفل")), Dual::Dual);
    assert_eq!(arabic_dual(&f("سيارتين"), &f("سيارة")), Dual::Dual);
    assert_eq!(arabic_dual(&f("مدنيين"), &f("مدني")), Dual::DualOrPlural);
    assert_eq!(arabic_dual(&f("جنود"), &f("جندي")), Dual::No);
    assert_eq!(arabic_dual(&f("طفل"), &f("طفل")), Dual::No);
    assert_eq!(arabic_dual("", ""), Dual::No);
    assert!(known_arabic_dual(&f("جنديين")));
    assert!(known_arabic_dual(&f("طفلان")));
    assert!(known_arabic_dual(&f("وشرطيين")));
    assert!(!known_arabic_dual(&f("مدنيين")));
    assert!(!known_arabic_dual(&f("جنديا")));
}

#[test]
fn odd_input_does_not_panic() {
    let long_digits = "9".repeat(5000);
    let inputs = [
        "",
        " ",
        "99999999999999999999",
        "4294967295 4294967296",
        "99999999999999999999 thousand million",
        "million million million thousand thousand hundred",
        "a",
        "at least",
        "between 10 and",
        "بين",
        "ما لا يقل عن",
        "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩",
        "mixed ٢٠ جنديا and 20 soldiers و15 dozens آلاف آلاف",
        "-1 -- 1-- --1 1-2-3-4 ,,, 1,000,000,000,000",
        "ومعه",
        "\u{200c}\u{200f}٫٬",
        long_digits.as_str(),
    ];
    for input in inputs {
        let folded = fold(input);
        for lang in [Language::English, Language::Arabic, Language::Dari, Language::Pashto] {
            let qs = quantities(&folded, lang);
            for q in &qs {
                assert!(q.range.start <= q.range.end && q.range.end <= folded.len());
            }
            for at in 0..=folded.len() + 2 {
                let _ = quantity_before(&folded, at, lang);
                let _ = quantity_at(&folded, at, lang);
                let _ = companions_after(&folded, at, lang);
            }
        }
    }
    assert_eq!(quantities("4294967295 soldiers", Language::English)[0].count, Count::exact(u32::MAX));
    assert!(quantities("4294967296 soldiers", Language::English).is_empty());
    assert!(quantities("99999999999999999999", Language::English).is_empty());
}

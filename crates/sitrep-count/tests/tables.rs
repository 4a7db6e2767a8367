//! Data-driven tables: one phrase, the counts `quantities` must read from it, in order.

use sitrep_count::{quantities, Count, Rule};
use sitrep_text::{fold, Language};

type Want = (Option<u32>, Option<u32>, Option<u32>, Rule);

const fn ex(n: u32) -> Want {
    (Some(n), Some(n), Some(n), Rule::Exact)
}
const fn least(n: u32) -> Want {
    (Some(n), Some(n), None, Rule::AtLeast)
}
const fn more(n: u32) -> Want {
    (Some(n), Some(n), None, Rule::MoreThan)
}
const fn approx(n: u32) -> Want {
    (None, Some(n), None, Rule::Approximately)
}
const fn range(a: u32, b: u32) -> Want {
    (Some(a), None, Some(b), Rule::Range)
}
const fn vague(n: u32) -> Want {
    (Some(n), None, None, Rule::Vague)
}
const fn others() -> Want {
    (Some(1), None, None, Rule::Others)
}

/// Checks every expression read from `input` (folded first) and the folded text each covers.
fn check(lang: Language, input: &str, want: &[(&str, Want)]) {
    let folded = fold(input);
    let got: Vec<(String, Want)> = quantities(&folded, lang)
        .into_iter()
        .map(|q| {
            let Count { low, best, high, rule } = q.count;
            (folded[q.range].to_string(), (low, best, high, rule))
        })
        .collect();
    let want: Vec<(String, Want)> = want.iter().map(|(s, w)| (fold(s), *w)).collect();
    assert_eq!(got, want, "quantities({input:?})");
}

#[test]
fn english_numbers() {
    use Language::English as E;
    check(E, "At least five guards died and two were hurt", &[("at least five", least(5)), ("two", ex(2))]);
    check(E, "14 Afghan special forces commandos", &[("14", ex(14))]);
    check(E, "thirty-two soldiers", &[("thirty-two", ex(32))]);
    check(E, "twenty one soldiers", &[("twenty one", ex(21))]);
    check(E, "a hundred and five people", &[("a hundred and five", ex(105))]);
    check(E, "two hundred and fifty", &[("two hundred and fifty", ex(250))]);
    check(E, "1,200 troops", &[("1,200", ex(1200))]);
    check(E, "two thousand three hundred", &[("two thousand three hundred", ex(2300))]);
    check(E, "a dozen insurgents", &[("a dozen", ex(12))]);
    check(E, "two dozen insurgents", &[("two dozen", ex(24))]);
    check(E, "Seventeen Killed, One Detained", &[("seventeen", ex(17)), ("one", ex(1))]);
    check(E, "both men were detained", &[("both", ex(2))]);
    check(E, "a couple of fighters", &[("a couple of", ex(2))]);
    check(E, "two of them", &[("two", ex(2))]);
    check(E, "eleven and twelve", &[("eleven", ex(11)), ("twelve", ex(12))]);
}

#[test]
fn english_modifiers_and_ranges() {
    use Language::English as E;
    check(E, "no fewer than 12 civilians", &[("no fewer than 12", least(12))]);
    check(E, "more than 10 suspects", &[("more than 10", more(11))]);
    check(E, "over 20 insurgents", &[("over 20", more(21))]);
    check(E, "approximately 60 Taliban", &[("approximately 60", approx(60))]);
    check(E, "nearly 20 people", &[("nearly 20", approx(20))]);
    check(E, "some 20 militants", &[("some 20", approx(20))]);
    check(E, "up to 30 people", &[("up to 30", (None, None, Some(30), Rule::AtMost))]);
    check(E, "fewer than 10 people", &[("fewer than 10", (None, None, Some(9), Rule::LessThan))]);
    check(E, "10 to 15 militants", &[("10 to 15", range(10, 15))]);
    check(E, "10-15 militants", &[("10-15", range(10, 15))]);
    check(E, "between 10 and 15 militants", &[("between 10 and 15", range(10, 15))]);
    check(E, "two or three attackers", &[("two or three", range(2, 3))]);
    check(E, "10 or more soldiers", &[("10 or more", least(10))]);
    check(E, "all three were killed", &[("all three", ex(3))]);
}

#[test]
fn english_vague() {
    use Language::English as E;
    check(E, "Several gunmen fled", &[("several", vague(3))]);
    check(E, "multiple suspected insurgents", &[("multiple", vague(3))]);
    check(E, "a number of villagers", &[("a number of", vague(3))]);
    check(E, "numerous insurgents", &[("numerous", vague(4))]);
    check(E, "a few suspected insurgents", &[("a few", vague(3))]);
    check(E, "dozens of rockets", &[("dozens of", vague(12))]);
    check(E, "hundreds of families", &[("hundreds of", vague(100))]);
    check(E, "wounding others", &[("others", others())]);
    check(E, "killed 25 and wounded 18 others", &[("25", ex(25)), ("18", ex(18))]);
    check(E, "all on board were killed", &[("all", (Some(1), None, None, Rule::All))]);
}

#[test]
fn english_not_counts() {
    use Language::English as E;
    check(E, "Kabul, Feb 17 (IANS)", &[]);
    check(E, "(Last Updated On: March 4, 2021)", &[]);
    check(E, "shortly after 3 am on Monday", &[]);
    check(E, "at 2 a.m. on Monday", &[]);
    check(E, "in 2019 the group", &[]);
    check(E, "on 10 March", &[]);
    check(E, "the second attack", &[]);
    check(E, "the twenty-first attack", &[]);
    check(E, "the 21st attack", &[]);
    check(E, "2012-08-S-012 For Immediate Release", &[]);
    check(E, "a 20-year-old man", &[]);
    check(E, "at 10:30", &[]);
    check(E, "50% of", &[]);
    check(E, "2.5 tons", &[]);
    check(E, "(Aug. 6, 2012)", &[]);
    check(E, "2000 soldiers", &[("2000", ex(2000))]);
}

#[test]
fn arabic() {
    use Language::Arabic as A;
    check(A, "جُرح 16 شخصاً، بينهم 9 أطفال", &[("16", ex(16)), ("9", ex(9))]);
    check(A, "٢٠ جنديا", &[("20", ex(20))]);
    check(A, "۱۸ سرباز", &[("18", ex(18))]);
    check(A, "سبعة أشخاص", &[("سبعة", ex(7))]);
    check(A, "وسبعة من داعش", &[("سبعة", ex(7))]);
    check(A, "بأربع هجمات", &[("أربع", ex(4))]);
    check(A, "خمسة وعشرون مسلحا", &[("خمسة وعشرون", ex(25))]);
    check(A, "خمسة وعشرين مسلحا", &[("خمسة وعشرين", ex(25))]);
    check(A, "اثنان وعشرون", &[("اثنان وعشرون", ex(22))]);
    check(A, "أحد عشر جنديا", &[("أحد عشر", ex(11))]);
    check(A, "اثنا عشر", &[("اثنا عشر", ex(12))]);
    check(A, "ثلاثة عشر شرطيا", &[("ثلاثة عشر", ex(13))]);
    check(A, "عشرة جنود", &[("عشرة", ex(10))]);
    check(A, "مائة وخمسة وعشرون", &[("مائة وخمسة وعشرون", ex(125))]);
    check(A, "ثلاث مئة", &[("ثلاث مئة", ex(300))]);
    check(A, "مئتان", &[("مئتان", ex(200))]);
    check(A, "ثلاثة آلاف", &[("ثلاثة آلاف", ex(3000))]);
    check(A, "3 آلاف", &[("3 آلاف", ex(3000))]);
    check(A, "ألف جندي", &[("ألف", ex(1000))]);
    check(A, "وأصيب اثنان آخران", &[("اثنان", ex(2))]);
    check(A, "وخطف اثنين", &[("اثنين", ex(2))]);
    check(A, "10 من 14 إقليماً", &[("10", ex(10)), ("14", ex(14))]);
    check(A, "خمسة خمسة", &[("خمسة", ex(5)), ("خمسة", ex(5))]);
}

#[test]
fn arabic_modifiers_and_vague() {
    use Language::Arabic as A;
    check(A, "أصيب ما لا يقل عن 15 مسلحا", &[("ما لا يقل عن 15", least(15))]);
    // "at least" after the noun counted: the quantity is the number, at least.
    check(A, "21 مسلحا على الأقل", &[("21", least(21))]);
    check(A, "قتل 21 على الأقل", &[("21 على الأقل", least(21))]);
    check(A, "أكثر من 20 جنديا", &[("أكثر من 20", more(21))]);
    check(A, "نحو 30 شخصا", &[("نحو 30", approx(30))]);
    check(A, "حوالي 15", &[("حوالي 15", approx(15))]);
    check(A, "قرابة خمسين", &[("قرابة خمسين", approx(50))]);
    check(A, "بين 10 و15 قتيلا", &[("بين 10 و15", range(10, 15))]);
    check(A, "من 10 إلى 15", &[("من 10 إلى 15", range(10, 15))]);
    check(A, "وأصيب عشرات المسلحين", &[("عشرات", vague(12))]);
    check(A, "وأصيب العشرات في الغارة", &[("العشرات", vague(12))]);
    check(A, "مئات الأسر", &[("مئات", vague(100))]);
    check(A, "عدد من الجنود", &[("عدد من", vague(3))]);
    check(A, "عدة مواقع", &[("عدة", vague(3))]);
    check(A, "وجرح عدد آخر غير محدد", &[("عدد آخر غير محدد", others())]);
    check(A, "وإصابة آخرين", &[("آخرين", others())]);
    check(A, "وأصيب 20 آخرون", &[("20", ex(20))]);
    check(A, "جميع ركاب الحافلة", &[("جميع", (Some(1), None, None, Rule::All))]);
}

#[test]
fn arabic_not_counts() {
    use Language::Arabic as A;
    check(A, "في 7 من أبريل (نيسان)", &[]);
    check(A, "خريف 2016، خلال معارك", &[]);
    check(A, "عام 2019 شهد", &[]);
    check(A, "اليوم الاثنين", &[]);
    check(A, "الساعة 2 صباحا", &[]);
    check(A, "17 فبراير", &[]);
    check(A, "ثاني هجوم", &[]);
    check(A, "ارتفع عدد الهجمات 30 بالمئة", &[]);
    check(A, "30 هجوما", &[("30", ex(30))]);
}

#[test]
fn dari_and_pashto() {
    use Language::{Dari as F, Pashto as P};
    check(F, "دست کم ۱۰ سرباز کشته شدند", &[("دست کم 10", least(10))]);
    check(F, "پنج تن از نیروهای امنیتی", &[("پنج", ex(5))]);
    check(F, "بیست و پنج جنگجو", &[("بیست و پنج", ex(25))]);
    check(F, "سه‌صد تن", &[("سه صد", ex(300))]);
    check(F, "ده‌ها تن", &[("ده ها", vague(12))]);
    check(F, "بیش از ۲۰ تن", &[("بیش از 20", more(21))]);
    check(F, "حدود ۱۵ تن", &[("حدود 15", approx(15))]);
    check(F, "چندین سرباز", &[("چندین", vague(3))]);
    check(F, "۱۰ تا ۱۵ تن", &[("10 تا 15", range(10, 15))]);
    check(F, "۱۰ حمل", &[]);
    check(P, "لږ تر لږه لس سرتېري", &[("لږ تر لږه لس", least(10))]);
    check(P, "پنځه ویشت طالبان", &[("پنځه ویشت", ex(25))]);
    check(P, "درې پولیس", &[("درې", ex(3))]);
    check(P, "دوه زره", &[("دوه زره", ex(2000))]);
    check(P, "شاوخوا ۳۰ کسان", &[("شاوخوا 30", approx(30))]);
    check(P, "لسګونه کسان", &[("لسګونه", vague(12))]);
    // "More than N" puts "than" before the number and the comparative after it.
    check(P, "تر ۴۵ ډېر کسان", &[("تر 45 ډېر", more(46))]);
    check(P, "له شلو زیات سرتیري", &[("له شلو زیات", more(21))]);
    // Without "than" the number stands alone ("ډېر" is then a word of its own).
    check(P, "۴۵ ډېر", &[("45", ex(45)), ("ډېر", vague(3))]);
    // Oblique numerals.
    check(P, "د شپږو کسانو", &[("شپږو", ex(6))]);
}

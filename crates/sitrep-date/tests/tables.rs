//! Data-driven checks: (text, anchor, the first event date expected) per language.

use sitrep_date::{event_date, expressions, resolve, Date, DateRange, Kind};
use sitrep_text::{fold, Language};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// `expected`: "YYYY-MM-DD" (a day), "YYYY-MM-DD..YYYY-MM-DD/precision", or "-" for no date.
fn check(lang: Language, text: &str, anchor: &str, expected: &str) {
    let folded = fold(text);
    let got = event_date(&folded, 0..folded.len(), lang, d(anchor));
    let shown = match got {
        None => "-".to_owned(),
        Some((r, _)) if r.start == r.end && r.precision == sitrep_date::Precision::Day => r.start.to_string(),
        Some((r, _)) => format!("{}..{}/{}", r.start, r.end, r.precision),
    };
    assert_eq!(shown, expected, "{text:?} at {anchor}: {:?}", expressions(&folded, lang));
}

#[test]
fn english() {
    let en = |t: &str, a: &str, e: &str| check(Language::English, t, a, e);
    en("The attack took place Jan. 25, 2013 in Kandahar.", "2013-02-01", "2013-01-25");
    en("on January 25, 2013", "2020-01-01", "2013-01-25");
    en("on 25 January 2013", "2020-01-01", "2013-01-25");
    en("in Khost province Feb. 6.", "2011-02-08", "2011-02-06");
    en("in Khost province Feb. 6.", "2011-02-05", "2010-02-06");
    en("On Jan. 30, a combined team", "2010-02-06", "2010-01-30");
    en("operation in Kandahar City Sept. 19.", "2012-09-24", "2012-09-19");
    en("an operation on 2019-02-16", "2019-02-17", "2019-02-16");
    en("killed on 2/17/2019", "2019-03-01", "2019-02-17");
    en("killed on 17/2/2019", "2019-03-01", "2019-02-17");
    en("forces killed two insurgents yesterday.", "2012-08-06", "2012-08-05");
    en("insurgents today.", "2012-08-06", "2012-08-06");
    en("in Wardak province last night.", "2012-08-06", "2012-08-05");
    en("the day before yesterday", "2012-08-06", "2012-08-04");
    en("yesterday and the day before", "2012-08-06", "2012-08-04..2012-08-05/day");
    en("an attack on Saturday evening", "2025-02-09", "2025-02-08");
    en("police told reporters on Sunday. Gunmen raided a border post on Saturday night.", "2019-02-17", "2019-02-16");
    en("shortly after 3 am on Monday", "2019-10-01", "2019-09-30");
    en("a district chief said on Sunday", "2019-02-17", "2019-02-17");
    en("last Sunday", "2019-02-17", "2019-02-10");
    en("next Sunday", "2019-02-17", "-");
    en(
        "Afghan and coalition forces today confirmed the arrest of a facilitator in Helmand Sunday.",
        "2012-09-25",
        "2012-09-23",
    );
    en("in the past 24 hours", "2019-02-17", "2019-02-16..2019-02-17/day");
    en("over the past two weeks", "2019-02-17", "2019-02-03..2019-02-17/week");
    en("nine raids in less than four weeks", "2019-02-17", "2019-01-20..2019-02-17/week");
    en("two days ago", "2019-02-17", "2019-02-15");
    en("earlier this week", "2019-02-17", "2019-02-11..2019-02-17/week");
    // The calendar week, Monday to Sunday: said on a Wednesday, "last week" is the whole week before.
    en("last week", "2024-04-17", "2024-04-08..2024-04-14/week");
    en("this week", "2024-04-17", "2024-04-15..2024-04-17/week");
    en("this month", "2019-02-17", "2019-02-01..2019-02-28/month");
    en("last month", "2019-01-17", "2018-12-01..2018-12-31/month");
    en("this year", "2019-02-17", "2019-01-01..2019-12-31/year");
    en("attacks in 2016 rose", "2019-02-17", "2016-01-01..2016-12-31/year");
    en("in autumn 2016", "2019-02-17", "2016-09-01..2016-11-30/month");
    en("in mid-February", "2019-03-17", "2019-02-11..2019-02-20/week");
    en("in February", "2019-03-17", "2019-02-01..2019-02-28/month");
    en("in December", "2019-03-17", "2018-12-01..2018-12-31/month");
    en("February 2016", "2019-03-17", "2016-02-01..2016-02-29/month");
    // A part of a month named by its place beside the anchor's: up to the anchor, not past it.
    en("early this month", "2019-06-11", "2019-06-01..2019-06-10/week");
    en("in early this month", "2019-06-05", "2019-06-01..2019-06-05/week");
    en("late last month", "2019-06-11", "2019-05-21..2019-05-31/week");
    en("at the end of last month", "2019-06-11", "2019-05-21..2019-05-31/week");
}

#[test]
fn english_non_dates() {
    let en = |t: &str| check(Language::English, t, "2019-02-17", "-");
    en("at 2 am the 18 soldiers with AK-47 rifles of the 327th Infantry Regiment");
    en("10 of 14 districts, 24 hours a day");
    en("release 2011-03-S-081 and 3152, 3107");
    en("The insurgents may 3 times attack");
    en("February 30, 2019");
    en("Feb. 30");
    en("in 1,200 attacks");
    en("killed 2016 people");
    en("");
    en("(((,,,");
}

#[test]
fn arabic() {
    let ar = |t: &str, a: &str, e: &str| check(Language::Arabic, t, a, e);
    // The report's day ("في بيان اليوم الاثنين") is not the event's ("بعد ظهر أمس الأحد").
    ar(
        "وذكر مكتب الوالي فى بيان اليوم الاثنين أن المواجهات اندلعت فى قرية جبلية بعد ظهر أمس الأحد",
        "2017-05-01",
        "2017-04-30",
    );
    ar("وأوضح الجيش أن القصف استهدف مخبأ للمسلحين الليلة الماضية", "2016-04-21", "2016-04-20");
    ar("وجرح 9 مدنيين اليوم (الاربعاء)، عندما دوى انفجار في سوق", "2015-03-25", "2015-03-25");
    ar("سقط القتلى بانفجار سيارة مفخخة قرب حاجز للشرطة في 7 من أبريل (نيسان).", "2015-04-25", "2015-04-07");
    ar("بدأت في منتصف فبراير (شباط)", "2015-03-25", "2015-02-11..2015-02-20/week");
    ar("ويوم الاحد قالت الحكومة", "2015-03-25", "2015-03-22");
    ar("هجوم وقع ليل الجمعة- السبت", "2019-02-17", "2019-02-15..2019-02-16/day");
    ar("هجوم أمس وأمس الأول", "2019-02-17", "2019-02-15..2019-02-16/day");
    ar("هجوم أول أمس", "2019-02-17", "2019-02-15");
    ar("بالأمس", "2019-02-17", "2019-02-16");
    ar("يوم 25 كانون الثاني 2013", "2019-02-17", "2013-01-25");
    ar("في 3 تشرين الأول 2016", "2019-02-17", "2016-10-03");
    ar("في 5 أيار", "2019-02-17", "2018-05-05");
    ar("15 رمضان 1434 هـ", "2019-02-17", "2013-07-23");
    ar("15 رمضان 1434 هـ الموافق 24 يوليو 2013", "2019-02-17", "2013-07-24");
    ar("خريف 2016", "2019-02-17", "2016-09-01..2016-11-30/month");
    ar("عام 2016", "2019-02-17", "2016-01-01..2016-12-31/year");
    ar("خلال الـ 24 ساعة الماضية", "2019-02-17", "2019-02-16..2019-02-17/day");
    ar("قبل يومين", "2019-02-17", "2019-02-15");
    ar("منذ ثلاثة أسابيع", "2019-02-17", "2019-01-27..2019-01-27/week");
    ar("الجمعة الماضية", "2019-02-17", "2019-02-15");
    ar("هذا الشهر", "2019-02-17", "2019-02-01..2019-02-28/month");
    // "شهر" is read in Arabic documents only (dates_ar_only.tsv).
    ar("قبل شهر", "2019-02-17", "2019-01-18..2019-01-18/month");
    ar("خلال الساعات الـ24 الماضية", "2019-02-17", "2019-02-16..2019-02-17/day");
    ar("في مطلع الشهر الجاري", "2019-02-17", "2019-02-01..2019-02-10/week");
    ar("أواخر الشهر الماضي", "2019-02-17", "2019-01-21..2019-01-31/week");
    ar("خلال الأيام الثلاثة الماضية", "2019-02-17", "2019-02-14..2019-02-17/day");
    // "A week after the killing of ...": the act named next, a week before.
    ar("بعد أسبوع من مقتل 20 جنديا", "2019-02-17", "2019-02-10..2019-02-10/week");
}

#[test]
fn arabic_non_dates() {
    let ar = |t: &str| check(Language::Arabic, t, "2019-02-17", "-");
    ar("مقتل 18 جنديا و 3 مدنيين في 14 مديرية");
    ar("مارس المسلحون العنف 3 مرات");
    ar("في اليوم التالي");
    ar("وفي نفس اليوم");
    ar("الجمعة المقبلة");
    ar("رمضان");
    ar("عقرب 3");
}

#[test]
fn dari() {
    let fa = |t: &str, a: &str, e: &str| check(Language::Dari, t, a, e);
    fa("روز شنبه", "2019-02-17", "2019-02-16");
    fa("سه‌شنبه", "2019-02-17", "2019-02-12");
    fa("دیروز", "2019-02-17", "2019-02-16");
    fa("دیشب", "2019-02-17", "2019-02-16");
    fa("۹ میزان ۱۳۹۸", "2019-12-01", "2019-10-01");
    fa("۱ حمل ۱۳۹۸ هـ ش", "2019-12-01", "2019-03-21");
    fa("۱۳۹۸/۷/۹", "2019-12-01", "2019-10-01");
    fa("دو روز پیش", "2019-02-17", "2019-02-15");
    // "N days after the blast", "N days having passed since the attack": the act named next, N days before.
    fa("سه روز پس از حمله", "2019-02-17", "2019-02-14");
    fa("با گذشت چهار روز از حمله", "2019-02-17", "2019-02-13");
    fa("سال ۱۳۹۸", "2020-12-01", "2019-03-21..2020-03-19/year");
    // Day and solar month without a year: the latest such day on or before the anchor.
    fa("۲۴ اسد", "2023-08-20", "2023-08-15");
    fa("روز سه‌شنبه، ۲۴ اسد", "2023-08-20", "2023-08-15");
    fa("در ۲۵ مرداد", "2023-08-20", "2023-08-16");
    fa("۲۸ حوت", "2023-08-20", "2023-03-19");
    // Year first, as datelines print it; all digits.
    fa("۱۴۰۳ شهریور ۱۴", "2024-12-01", "2024-09-04");
    fa("۱۴۰۳/۰۶/۱۷", "2024-12-01", "2024-09-07");
    // "The past day" is yesterday; a weekday written without the gap.
    fa("روز گذشته", "2023-08-16", "2023-08-15");
    fa("عصر روز سهشنبه", "2023-08-16", "2023-08-15");
    fa("۱۵ آگوست", "2023-08-16", "2023-08-15");
    fa("در اوایل ماه جاری", "2023-08-16", "2023-08-01..2023-08-10/week");
    fa("اواخر ماه گذشته", "2023-08-16", "2023-07-21..2023-07-31/week");
    // Weeks run Saturday to Friday: in a Saturday report, last week is the week that ended the day before.
    fa("هفته گذشته", "2024-09-07", "2024-08-31..2024-09-06/week");
    fa("این هفته", "2024-09-04", "2024-08-31..2024-09-04/week");
}

#[test]
fn dari_non_dates() {
    let fa = |t: &str| check(Language::Dari, t, "2023-08-20", "-");
    // A solar month name that is also a common word after a number needs its year.
    fa("۱۲ دی");
    fa("دو تیر");
    // A month name before a number is no date without a year: "میزان ۱۰ درصد" is a rate.
    fa("میزان ۱۰ درصد");
    // "شهر" is a city in Dari (a month in Arabic).
    fa("در شهر مزارشریف");
    fa("در یک شهر");
    fa("قبل شهر");
}

#[test]
fn pashto() {
    let ps = |t: &str, a: &str, e: &str| check(Language::Pashto, t, a, e);
    ps("پرون", "2019-02-17", "2019-02-16");
    // Weekdays in the oblique case, as "د ... په ورځ" puts them.
    ps("د دوشنبې په ورځ", "2024-09-04", "2024-09-02");
    ps("د سې شنبې په ورځ", "2024-09-04", "2024-09-03");
    // The month, "په", the day with its ordinal ending: the 10th of Hamal (30 March).
    ps("د حمل په ۱۰مه", "2021-05-01", "2021-03-30");
    ps("بیګا", "2024-09-04", "2024-09-03");
    ps("تېره اونۍ", "2024-09-04", "2024-08-24..2024-08-30/week");
    ps("دوه ورځې مخکې", "2024-09-04", "2024-09-02");
    ps("د زمري ۲۴مه ۱۴۰۲", "2024-09-04", "2023-08-15");
    // The year first: "of the year 1402, on the 24th of Asad".
    ps("د ۱۴۰۲ کال د زمري په ۲۴مه", "2024-09-04", "2023-08-15");
    ps("۲۴ چنګاښ", "2024-09-04", "2024-07-14");
    // "کب" is also "fish": only with a year.
    check(Language::Pashto, "دوه کب", "2024-09-04", "-");
}

#[test]
fn resolve_directly() {
    let e = sitrep_date::DateExpr { range: 0..0, kind: Kind::MonthDay { month: 2, day: 29 }, reporting: false };
    assert_eq!(resolve(&e, d("2019-03-01")), Some(DateRange::day(d("2016-02-29"))));
    let e = sitrep_date::DateExpr { range: 0..0, kind: Kind::Relative { offset: -1, days: 1 }, reporting: false };
    assert_eq!(resolve(&e, d("0001-01-01")), None);
}

#[test]
fn spans_are_the_expression() {
    let text = fold("Gunmen raided a border post on Saturday night. Two of them");
    let e = &expressions(&text, Language::English)[0];
    assert_eq!(&text[e.range.clone()], "saturday night");
    let text = fold("وقالت الحكومة ويوم الأحد");
    let e = &expressions(&text, Language::Arabic)[0];
    assert_eq!(&text[e.range.clone()], "الاحد");
}

#[test]
fn no_panics_on_odd_input() {
    let samples = [
        "",
        "(",
        ")",
        "-",
        "2011-",
        "2011-07-",
        "2011-07-S-",
        "1/",
        "1/2/",
        "99/99/9999",
        "0000-00-00",
        "Feb. 0",
        "Feb. 99, 99999",
        "31 februari",
        "ليل الجمعة -",
        "اليوم (",
        "past",
        "in the past",
        "خلال الـ",
        "قبل",
        "9999-12-31 yesterday",
        "۱۴۵۰/۱۲/۳۰",
        "1 حوت 3000",
        "30 ذو الحجة 1500 هـ",
        "mid-",
        "in 0 days ago",
        "last 99999 years",
        "(Jan. 1)",
        "Kabul, Feb",
        "Dec. 6:",
    ];
    let anchors = ["0001-01-01", "2019-02-17", "9999-12-31"];
    for s in samples {
        let folded = fold(s);
        for lang in [Language::English, Language::Arabic, Language::Dari, Language::Pashto] {
            for e in expressions(&folded, lang) {
                assert!(folded.get(e.range.clone()).is_some());
                for a in anchors {
                    let _ = resolve(&e, d(a));
                }
            }
            for a in anchors {
                let _ = event_date(&folded, 0..folded.len(), lang, d(a));
                let _ = sitrep_date::anchor(&folded, lang, Some(d(a)));
                let _ = sitrep_date::dateline(&folded, Some(d(a)));
            }
        }
    }
}

/// A weekday beside a day and month in an undated document: the latest fitting year up to the day received.
#[test]
fn weekday_pins_the_year() {
    let pinned = |lang: Language, text: &str, received: &str| {
        let folded = fold(text);
        let found = expressions(&folded, lang);
        sitrep_date::pinned_by_weekday(&folded, &found, d(received)).map(|(r, _)| r.start.to_string())
    };
    // 12 March fell on a Friday in 2021 and 2027, on no other year between.
    assert_eq!(
        pinned(Language::English, "on Friday, March 12, fighters attacked", "2026-06-01").as_deref(),
        Some("2021-03-12")
    );
    assert_eq!(
        pinned(Language::English, "on Friday, March 12, fighters attacked", "2027-06-01").as_deref(),
        Some("2027-03-12")
    );
    // 1 Asad (23 July) was a Sunday in 1402 (2023), and not since.
    assert_eq!(pinned(Language::Dari, "روز یکشنبه ۱ اسد", "2026-01-01").as_deref(), Some("2023-07-23"));
    // A weekday far from the day-month pins nothing.
    assert_eq!(pinned(Language::English, "On Friday officials met. March 12 is a holiday", "2026-06-01"), None);
}

/// A weekday and its day-month read as one expression, reporting if either is.
#[test]
fn weekday_and_day_month_join() {
    let folded = fold("روز شنبه ۳ سنبله در اعلامیه‌ای گفت");
    let mut found = expressions(&folded, Language::Dari);
    sitrep_date::join_weekdays(&folded, &mut found);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(matches!(found[0].kind, Kind::SolarMonthDay { month: 6, day: 3 }));
    assert!(found[0].reporting);
}

//! The document's own date: datelines, "Last Updated On", dated titles, ISAF release numbers.

use std::ops::Range;

use sitrep_text::Language;

use crate::calendar::Date;
use crate::expr::{Class, Scanner};
use crate::lexicon::{date_words, Entry};
use crate::{resolve, DateRange, Kind, Precision};

/// How far into a document its own date may sit (titles, bylines, "Download PDF" lines come first).
const HEAD: usize = 1500;

/// Month and day of a dateline, the year when printed, and the span.
struct Partial {
    month: u8,
    day: u8,
    year: Option<i32>,
    range: Range<usize>,
}

/// The document's own date and its folded span, from (first found wins):
/// 1. a bracketed dateline, "KABUL, Afghanistan (Jan. 25, 2013)", "(Aug. 13)";
/// 2. a full date near the top: "(Last Updated On: March 4, 2021)", "... Morning Operational Update,
///    Feb. 8, 2011";
/// 3. a wire dateline opening a line, "Kabul, Feb 17 (IANS)";
/// 4. a dated title, "Dec. 6: Operations Conducted in ...";
/// 5. an ISAF release number "2011-07-S-003" alone: month precision.
///
/// A dateline without a year takes it from a full date or release number elsewhere in the document, else
/// from `published` (the year that puts it on or before `published`), else the dateline is unknown.
pub fn dateline(folded: &str, published: Option<Date>) -> Option<(DateRange, Range<usize>)> {
    dateline_in(&Scanner::new(folded, Language::English), folded, published)
}

/// [`dateline`] with the tokens of an English [`Scanner`] over `folded`.
pub(crate) fn dateline_in(
    sc: &Scanner<'_>,
    folded: &str,
    published: Option<Date>,
) -> Option<(DateRange, Range<usize>)> {
    // The release number walks every token: looked for only when the dateline needs it (at most once).
    let Some(p) = partial(sc, folded) else {
        let (y, m, range) = release_number(sc)?;
        return Some((DateRange::month_of(Date::new(y, m, 1)?)?, range));
    };
    let year = p.year.or_else(|| {
        // A full date with the same month and day anywhere near the top (a title "Feb. 10, 2011").
        sc.scan_iter().find_map(|(e, _)| match e.kind {
            Kind::Fixed(r) if r.precision == Precision::Day && r.start.month() == p.month && r.start.day() == p.day => {
                Some(r.start.year())
            }
            _ => None,
        })
    });
    let year = year.or_else(|| {
        // The release month is the dateline's or the one before: pick the year that puts them closest.
        let (ry, rm, _) = release_number(sc)?;
        (ry - 1..=ry + 1).min_by_key(|y| ((y * 12 + i32::from(p.month)) - (ry * 12 + i32::from(rm))).abs())
    });
    let date = match year {
        Some(y) => Date::new(y, p.month, p.day)?,
        None => {
            let anchor = published?;
            resolve(
                &crate::DateExpr {
                    range: p.range.clone(),
                    kind: Kind::MonthDay { month: p.month, day: p.day },
                    reporting: false,
                },
                anchor,
            )?
            .start
        }
    };
    Some((DateRange::day(date), p.range))
}

/// "2011-07-S-003": year, month, span.
fn release_number(sc: &Scanner<'_>) -> Option<(i32, u8, Range<usize>)> {
    let t = &sc.toks;
    (0..t.len().saturating_sub(4)).find_map(|i| {
        let ok = t[i].class == Class::Num
            && t[i].s(sc.text).len() == 4
            && t[i + 1].s(sc.text) == "-"
            && t[i + 2].class == Class::Num
            && t[i + 2].s(sc.text).len() == 2
            && matches!(t[i + 3].s(sc.text), "-" | "–")
            && t[i + 4].class == Class::Word
            && t[i + 4].s(sc.text).len() <= 3;
        if !ok {
            return None;
        }
        let y: i32 = t[i].s(sc.text).parse().ok()?;
        let m: u8 = t[i + 2].s(sc.text).parse().ok()?;
        ((2001..=2030).contains(&y) && (1..=12).contains(&m)).then(|| (y, m, sc.start(&t[i])..sc.end(&t[i + 4])))
    })
}

#[inline(never)] // Once per text; out of line so profiles show its cost.
fn partial(sc: &Scanner<'_>, folded: &str) -> Option<Partial> {
    let t = &sc.toks;
    let head = t.partition_point(|x| sc.start(x) < HEAD.min(folded.len()));
    let month_day = |i: usize| -> Option<(u8, u8, usize)> {
        let h = sc.hit(i, |e| matches!(e, Entry::Month(_) | Entry::MonthWeak(_)))?;
        let m = match h.entry {
            Entry::Month(m) | Entry::MonthWeak(m) => m,
            _ => return None,
        };
        let mut j = h.next();
        if t.get(j).is_some_and(|x| x.s(sc.text) == ".") {
            j += 1;
        }
        let x = t.get(j)?;
        let day: u8 =
            (x.class == Class::Num && x.s(sc.text).len() <= 2).then(|| x.s(sc.text).parse().ok()).flatten()?;
        Date::new(2000, m, day)?;
        Some((m, day, j + 1))
    };
    let year_at = |j: usize| -> Option<(i32, usize)> {
        let j = if t.get(j).is_some_and(|x| x.s(sc.text) == ",") { j + 1 } else { j };
        let x = t.get(j)?;
        let y: i32 = (x.class == Class::Num && x.s(sc.text).len() == 4).then(|| x.s(sc.text).parse().ok()).flatten()?;
        (1990..=2100).contains(&y).then_some((y, j + 1))
    };
    // 1. "(Jan. 25, 2013)", "(Aug. 13)". A month name opens an expression: only the tokens before one of
    // [`Scanner::starts_between`] need a look.
    for i in sc.starts_between(1, head + 1).map(|k| k - 1) {
        if t[i].s(sc.text) != "(" {
            continue;
        }
        if let Some((m, d, j)) = month_day(i + 1) {
            let (year, j) = match year_at(j) {
                Some((y, j)) => (Some(y), j),
                None => (None, j),
            };
            if t.get(j).is_some_and(|x| x.s(sc.text) == ")") {
                return Some(Partial { month: m, day: d, year, range: sc.start(&t[i + 1])..sc.end(&t[j - 1]) });
            }
        }
    }
    // 2. A full date near the top.
    for (e, _) in sc.scan_iter() {
        if e.range.start >= 400.min(HEAD) {
            break;
        }
        if let Kind::Fixed(r) = e.kind {
            if r.precision == Precision::Day {
                return Some(Partial {
                    month: r.start.month(),
                    day: r.start.day(),
                    year: Some(r.start.year()),
                    range: e.range,
                });
            }
        }
    }
    // Steps 3 and 4 need a month name (an expression start) at `i` or up to four tokens after it: the line
    // starts `i` read are those, in order, each once.
    let mut unread = 0;
    let near_starts = sc.starts_between(0, head + 4).flat_map(|k| {
        let from = unread.max(k.saturating_sub(4));
        unread = unread.max((k + 1).min(head));
        from..unread
    });
    for i in near_starts {
        let line_start = i == 0 || t[i].nl_before;
        if !line_start {
            continue;
        }
        // 3. "Kabul, Feb 17 (IANS)": one to three words, a comma, month and day.
        let comma = (i + 1..(i + 4).min(t.len())).find(|&k| t[k].s(sc.text) == ",");
        if let Some(c) = comma {
            if (i..c).all(|k| t[k].class == Class::Word && !t[k].nl_before || k == i) {
                if let Some((m, d, j)) = month_day(c + 1) {
                    let (year, j) = match year_at(j) {
                        Some((y, j)) => (Some(y), j),
                        None => (None, j),
                    };
                    let closes =
                        t.get(j).is_none_or(|x| matches!(x.s(sc.text), "(" | "-" | ":" | "/" | ")") || x.nl_before);
                    if closes {
                        return Some(Partial { month: m, day: d, year, range: sc.start(&t[c + 1])..sc.end(&t[j - 1]) });
                    }
                }
            }
        }
        // 4. "Dec. 6: Operations ...".
        if let Some((m, d, j)) = month_day(i) {
            if t.get(j).is_some_and(|x| x.s(sc.text) == ":") {
                return Some(Partial { month: m, day: d, year: None, range: sc.start(&t[i])..sc.end(&t[j - 1]) });
            }
        }
    }
    None
}

/// The anchor for relative dates: the dateline's day; else `published`, moved back to the weekday the text
/// calls "today" when it says so ("اليوم الاثنين", "today (Wednesday)") within the week before; else none.
pub fn anchor(folded: &str, lang: Language, published: Option<Date>) -> Option<Date> {
    let line = dateline(folded, published).map(|(r, _)| r);
    anchor_from(folded, line.as_ref(), &crate::expressions(folded, lang), published)
}

/// [`anchor`] from a dateline and expressions the caller has already found (each scan reads the whole text).
pub fn anchor_from(
    folded: &str,
    dateline: Option<&DateRange>,
    expressions: &[crate::DateExpr],
    published: Option<Date>,
) -> Option<Date> {
    if let Some(r) = dateline {
        if r.precision == Precision::Day {
            return Some(r.start);
        }
    }
    let published = published?;
    let today_weekday = expressions.iter().find_map(|e| match e.kind {
        Kind::Weekday { not_after: 0, days: 1, .. } if is_today_word(&folded[e.range.clone()]) => resolve(e, published),
        _ => None,
    });
    Some(today_weekday.map_or(published, |r| r.start))
}

/// Whether an expression's text starts with a word for "today".
fn is_today_word(s: &str) -> bool {
    date_words().today.iter().any(|w| s.starts_with(w.as_str()))
}

/// The date of the document itself: [`dateline`], else `published` as a day.
pub fn document_date(folded: &str, published: Option<Date>) -> Option<DateRange> {
    dateline(folded, published).map(|(r, _)| r).or_else(|| published.map(DateRange::day))
}

/// A weekday beside a day and month, either first, a few words apart at most and in one sentence ("Thursday,
/// December 19", "روز شنبه ۳ سنبله", "د دوشنبې په ورځ د حمل په ۱۰مه"): the weekday and the day-month.
fn weekday_pair<'e>(folded: &str, a: &'e crate::DateExpr, b: &'e crate::DateExpr) -> Option<(u8, &'e crate::DateExpr)> {
    let day_month = |e: &crate::DateExpr| {
        matches!(e.kind, Kind::MonthDay { .. } | Kind::SolarMonthDay { .. })
            || matches!(e.kind, Kind::Fixed(r) if r.precision == Precision::Day)
    };
    let (weekday, day) = match (&a.kind, &b.kind) {
        (Kind::Weekday { weekday, not_after: 0, days: 1 }, _) if day_month(b) => (*weekday, b),
        (_, Kind::Weekday { weekday, not_after: 0, days: 1 }) if day_month(a) => (*weekday, a),
        _ => return None,
    };
    let between = folded.get(a.range.end..b.range.start)?;
    (between.split_whitespace().count() <= 3 && !between.contains(['.', '!', '?', '\n'])).then_some((weekday, day))
}

/// Each weekday beside its day and month made one expression with it: the day-month's kind, over both spans,
/// reporting if either is ("روز شنبه ۳ سنبله در اعلامیه‌ای" dates the tweet, its weekday too).
pub fn join_weekdays(folded: &str, expressions: &mut Vec<crate::DateExpr>) {
    let mut joined: Vec<crate::DateExpr> = Vec::with_capacity(expressions.len());
    for e in expressions.drain(..) {
        if let Some(last) = joined.last_mut() {
            if let Some((_, day)) = weekday_pair(folded, last, &e) {
                *last = crate::DateExpr {
                    range: last.range.start..e.range.end,
                    kind: day.kind,
                    reporting: last.reporting || e.reporting,
                };
                continue;
            }
        }
        joined.push(e);
    }
    *expressions = joined;
}

/// A day named with its weekday, day and month but no year ("Thursday, December 19", "شنبه ۳ سنبله",
/// "د دوشنبې په ورځ د حمل په ۱۰مه"), in a document that gives no year: the latest such day on or before
/// `not_after` (the day the document was received) that falls on that weekday, and the span of the pair. A day
/// and month fall on one weekday every five to eleven years: the most recent fitting year is the one read.
pub fn pinned_by_weekday(
    folded: &str,
    expressions: &[crate::DateExpr],
    not_after: Date,
) -> Option<(DateRange, Range<usize>)> {
    expressions.windows(2).find_map(|pair| {
        let (weekday, day) = weekday_pair(folded, &pair[0], &pair[1])?;
        if matches!(day.kind, Kind::Fixed(_)) {
            return None;
        }
        let mut candidate = resolve(day, not_after)?;
        for _ in 0..12 {
            if candidate.start.weekday() == weekday {
                return Some((DateRange::day(candidate.start), pair[0].range.start..pair[1].range.end));
            }
            candidate = resolve(day, candidate.start.add_days(-1)?)?;
        }
        None
    })
}

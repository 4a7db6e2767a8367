//! sitrep-date: dates in conflict reports, resolved against the document's own date.
//!
//! Everything works on folded text (`sitrep_text::fold`), so spans are folded byte ranges: map them back with
//! `Folded::original_range`. No clock is ever read: relative expressions ("yesterday", "on Saturday night",
//! "أمس الأحد") need an anchor, the document's [`dateline`] or else the caller's `--published` date
//! ([`anchor`]).
//!
//! Conventions (checked against the gold files and the ISAF press-release labels):
//! - "last night", "overnight", "الليلة الماضية", "دیشب" are the day before the anchor; "tonight" the anchor.
//! - A weekday is the latest such day on or before the anchor: "said on Sunday" in a Sunday report is that
//!   Sunday. "last Friday", "الجمعة الماضية" and "أمس الأحد" look from the day before the anchor.
//!   "Saturday night" is the Saturday; "ليل الجمعة - السبت" is the Friday, spanning to the Saturday.
//! - A day and month without a year take the anchor's year, or the year before when that would be after the
//!   anchor (reports tell the past); a day and solar month ("۲۴ اسد", "۲۵ مرداد") the solar year likewise.
//! - In Dari and Pashto an all-numeric 13xx/14xx date is solar Hijri ("۱۴۰۳/۰۶/۱۷"), in Arabic Islamic Hijri.
//! - "this week" is the seven days ending on the anchor, "last week" the seven before; in Dari and Pashto the
//!   week is the calendar's, Saturday to Friday ("هفته گذشته": the one before the anchor's); "this month" and
//!   "this year" the calendar month and year holding the anchor.
//! - Hijri dates use the tabular Islamic calendar (±1 day of the observed one); a Gregorian date printed
//!   beside a Hijri or solar Hijri one is preferred, by simply being matched as its own expression first.

mod calendar;
mod chars;
mod dateline;
mod expr;
mod lexicon;

use std::fmt;
use std::ops::Range;

pub use calendar::{days_in_month, from_hijri, from_jalali, is_leap, Date, ParseDateError};
pub use dateline::{anchor, anchor_from, dateline, document_date, join_weekdays, pinned_by_weekday};
pub use expr::{dateline_and_expressions, event_date, expressions};
pub use lexicon::{Part, Unit};

/// How exact a date range is (the output contract's `precision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
}

impl Precision {
    /// `day`, `week`, `month` or `year`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A span of days, both ends included, with how exactly the text fixed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateRange {
    pub start: Date,
    pub end: Date,
    pub precision: Precision,
}

impl DateRange {
    /// One day.
    pub fn day(d: Date) -> DateRange {
        DateRange { start: d, end: d, precision: Precision::Day }
    }

    /// The whole calendar month holding `d`.
    pub fn month_of(d: Date) -> Option<DateRange> {
        let start = Date::new(d.year(), d.month(), 1)?;
        Some(DateRange { start, end: d.month_end(), precision: Precision::Month })
    }

    /// The whole year `y`.
    pub fn year(y: i32) -> Option<DateRange> {
        Some(DateRange { start: Date::new(y, 1, 1)?, end: Date::new(y, 12, 31)?, precision: Precision::Year })
    }
}

/// What a date expression says, before an anchor fixes relative ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Fixed by the text alone: "Jan. 25, 2013", "2019-02-17", "15 رمضان 1434", "in 2016", "خريف 2016".
    Fixed(DateRange),
    /// Day and month, year from the anchor: "Feb. 6", "في 10 من مارس".
    MonthDay { month: u8, day: u8 },
    /// Day and solar Hijri month, solar year from the anchor: "۲۴ اسد", "۲۵ مرداد".
    SolarMonthDay { month: u8, day: u8 },
    /// A month, or part of one, year from the anchor: "in February", "in mid-February", "منتصف فبراير".
    Month { month: u8, part: Option<Part> },
    /// `days` days starting `offset` days from the anchor: "today" (0, 1), "yesterday" (-1, 1),
    /// "أمس وأمس الأول" (-2, 2).
    Relative { offset: i32, days: u32 },
    /// The latest `weekday` (1 = Monday … 7 = Sunday) on or before anchor + `not_after`, lasting `days`.
    Weekday { weekday: u8, not_after: i32, days: u32 },
    /// A single point `days` before the anchor: "two days ago", "قبل ثلاثة أسابيع".
    Ago { days: u32, precision: Precision },
    /// The act named next, `days` before the anchor: "سه روز پس از حمله" (three days after the attack), "با گذشت
    /// دو هفته از انفجار". It dates that act, told elsewhere, not what the sentence tells.
    Since { days: u32, precision: Precision },
    /// The `days` days up to the anchor: "in the past 24 hours", "over the past two weeks".
    Past { days: u32, precision: Precision },
    /// The calendar unit holding the anchor, shifted: "this month" (Month, 0), "last year" (Year, -1).
    Period { unit: Unit, shift: i32 },
    /// Part of the month `shift` months from the anchor's, up to the anchor: "early this month", "مطلع الشهر
    /// الجاري", "late last month".
    MonthPart { shift: i32, part: Part },
}

/// A date expression found in folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateExpr {
    /// Folded byte range.
    pub range: Range<usize>,
    pub kind: Kind,
    /// Next to a reporting verb or noun ("said on Sunday", "في بيان اليوم الاثنين", "confirmed today"): it
    /// more likely dates the report than the event.
    pub reporting: bool,
}

/// Resolves `expr` against `anchor`; `None` when it cannot be a past date (invalid day, out of range).
pub fn resolve(expr: &DateExpr, anchor: Date) -> Option<DateRange> {
    resolve_kind(expr.kind, anchor)
}

fn days_range(start: Date, days: u32, precision: Precision) -> Option<DateRange> {
    let end = start.add_days(i64::from(days.max(1)) - 1)?;
    Some(DateRange { start, end, precision })
}

fn resolve_kind(kind: Kind, anchor: Date) -> Option<DateRange> {
    match kind {
        Kind::Fixed(r) => Some(r),
        Kind::MonthDay { month, day } => {
            // Feb 29 exists only in some years: look back up to eight years for one that has it.
            (0..8)
                .find_map(|back| Date::new(anchor.year() - back, month, day).filter(|d| *d <= anchor))
                .map(DateRange::day)
        }
        Kind::SolarMonthDay { month, day } => {
            // The solar year that starts in March of the anchor's year, or the one before (Hut 30 exists only in
            // leap years: look back a few).
            let year = anchor.year() - 621;
            (0..5).find_map(|back| from_jalali(year - back, month, day).filter(|d| *d <= anchor)).map(DateRange::day)
        }
        Kind::Month { month, part } => {
            let start = Date::new(anchor.year(), month, 1)?;
            let start = if start > anchor { Date::new(anchor.year() - 1, month, 1)? } else { start };
            month_part(start, part)
        }
        Kind::Relative { offset, days } => days_range(anchor.add_days(i64::from(offset))?, days, Precision::Day),
        Kind::Weekday { weekday, not_after, days } => {
            let base = anchor.add_days(i64::from(not_after))?;
            let back = (i64::from(base.weekday()) - i64::from(weekday)).rem_euclid(7);
            days_range(base.add_days(-back)?, days, Precision::Day)
        }
        Kind::Ago { days, precision } | Kind::Since { days, precision } => {
            let d = anchor.add_days(-i64::from(days))?;
            Some(DateRange { start: d, end: d, precision })
        }
        Kind::Past { days, precision } => {
            Some(DateRange { start: anchor.add_days(-i64::from(days))?, end: anchor, precision })
        }
        Kind::Period { unit, shift } => match unit {
            Unit::Hour | Unit::Day => days_range(anchor.add_days(i64::from(shift))?, 1, Precision::Day),
            Unit::Week => {
                let end = anchor.add_days(7 * i64::from(shift))?;
                Some(DateRange { start: end.add_days(-6)?, end, precision: Precision::Week })
            }
            // Monday is day 1, Saturday day 6.
            Unit::SolarWeek => calendar_week(anchor, shift, 6),
            Unit::IsoWeek => calendar_week(anchor, shift, 1),
            Unit::Month => DateRange::month_of(anchor.month_start_shifted(shift)?),
            Unit::Year => DateRange::year(anchor.year().checked_add(shift)?),
        },
        Kind::MonthPart { shift, part } => {
            let r = month_part(anchor.month_start_shifted(shift)?, Some(part))?;
            (r.start <= anchor).then(|| DateRange { end: r.end.min(anchor), ..r })
        }
    }
}

/// The calendar week `shift` weeks from the anchor's, its weeks starting on weekday `first`: this week so far,
/// or a past week whole.
fn calendar_week(anchor: Date, shift: i32, first: u8) -> Option<DateRange> {
    let since_first = (i64::from(anchor.weekday()) - i64::from(first)).rem_euclid(7);
    let start = anchor.add_days(7 * i64::from(shift) - since_first)?;
    let end = if shift < 0 { start.add_days(6)? } else { anchor };
    Some(DateRange { start, end, precision: Precision::Week })
}

/// The days of the month starting at `start` that `part` covers (early 1–10, mid 11–20, late 21–end).
pub(crate) fn month_part(start: Date, part: Option<Part>) -> Option<DateRange> {
    let (y, m) = (start.year(), start.month());
    let (a, b, precision) = match part {
        None => (1, days_in_month(y, m), Precision::Month),
        Some(Part::Early) => (1, 10, Precision::Week),
        Some(Part::Mid) => (11, 20, Precision::Week),
        Some(Part::Late) => (21, days_in_month(y, m), Precision::Week),
    };
    Some(DateRange { start: Date::new(y, m, a)?, end: Date::new(y, m, b)?, precision })
}

//! Civil-date arithmetic: proleptic Gregorian dates as day numbers, and conversions from the tabular Islamic
//! (Hijri) and the solar Hijri (Jalali) calendars. No clock is read anywhere.

use std::fmt;
use std::str::FromStr;

/// A proleptic Gregorian calendar date. Always valid: constructors reject impossible days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    y: i32,
    m: u8,
    d: u8,
}

/// Whether `y` is a Gregorian leap year.
pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` (1–12) of year `y`; 0 for a month out of range.
pub fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date `y-m-d`, or `None` when it does not exist (Feb 30, month 13) or the year is out of the
    /// range sitrep cares about (1–9999, so day arithmetic never overflows).
    pub fn new(y: i32, m: u8, d: u8) -> Option<Date> {
        if !(1..=9999).contains(&y) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date { y, m, d })
    }

    pub fn year(self) -> i32 {
        self.y
    }

    pub fn month(self) -> u8 {
        self.m
    }

    pub fn day(self) -> u8 {
        self.d
    }

    /// Days since 1970-01-01 (negative before), after H. Hinnant's `days_from_civil`.
    pub fn days(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01, or `None` outside years 1–9999.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(i32::try_from(y).ok()?, m as u8, d as u8)
    }

    /// This date moved by `n` days (`None` only past the supported years).
    pub fn add_days(self, n: i64) -> Option<Date> {
        Date::from_days(self.days().checked_add(n)?)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        ((self.days() + 3).rem_euclid(7) + 1) as u8
    }

    /// The last day of this date's month.
    pub fn month_end(self) -> Date {
        Date { d: days_in_month(self.y, self.m), ..self }
    }

    /// The first day of the month `shift` months from this one.
    pub fn month_start_shifted(self, shift: i32) -> Option<Date> {
        let idx = self.y.checked_mul(12)?.checked_add(i32::from(self.m) - 1)?.checked_add(shift)?;
        Date::new(idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u8, 1)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

/// Error of [`Date::from_str`]: not a valid `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDateError;

impl fmt::Display for ParseDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a valid date as YYYY-MM-DD")
    }
}

impl std::error::Error for ParseDateError {}

impl FromStr for Date {
    type Err = ParseDateError;

    /// Parses `YYYY-MM-DD` (the `--published` argument and gold files).
    fn from_str(s: &str) -> Result<Date, ParseDateError> {
        let mut parts = s.trim().splitn(3, '-');
        let mut next = || parts.next().ok_or(ParseDateError);
        let (y, m, d) = (next()?, next()?, next()?);
        let all_digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(y, 4) || !all_digits(m, 2) || !all_digits(d, 2) {
            return Err(ParseDateError);
        }
        let num = |p: &str| p.parse::<u32>().map_err(|_| ParseDateError);
        Date::new(num(y)? as i32, num(m)? as u8, num(d)? as u8).ok_or(ParseDateError)
    }
}

/// Julian day number of 1970-01-01.
const UNIX_JDN: i64 = 2_440_588;

/// Converts a date of the tabular (arithmetical, civil-epoch) Islamic calendar.
///
/// The calendar actually used (moon sighting, Umm al-Qura, Afghanistan's own announcements) can differ from
/// the tabular one by a day, rarely two: a converted Hijri date is right to ±1 day, which is why a Gregorian
/// date printed beside it is preferred.
pub fn from_hijri(y: i32, m: u8, d: u8) -> Option<Date> {
    if !(1..=9000).contains(&y) || !(1..=12).contains(&m) || !(1..=30).contains(&d) {
        return None;
    }
    let leap = (14 + 11 * i64::from(y)).rem_euclid(30) < 11;
    let month_len = if m % 2 == 1 || (m == 12 && leap) { 30 } else { 29 };
    if d > month_len {
        return None;
    }
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    // Days before month m: alternating 30 and 29, i.e. ceil(29.5 (m - 1)).
    let jdn = d + (59 * (m - 1) + 1) / 2 + (y - 1) * 354 + (3 + 11 * y).div_euclid(30) + 1_948_439;
    Date::from_days(jdn - UNIX_JDN)
}

/// Years where the 33-year Jalali leap cycle breaks (Borkowski's algorithm, as in jalaali-js).
const JALALI_BREAKS: [i32; 20] =
    [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178];

/// The Gregorian day in March on which Jalali year `jy` begins (Nowruz), or `None` out of range.
fn jalali_march_day(jy: i32) -> Option<i32> {
    if jy < JALALI_BREAKS[0] + 1 || jy >= JALALI_BREAKS[JALALI_BREAKS.len() - 1] {
        return None;
    }
    let gy = jy + 621;
    let mut leap_j = -14;
    let mut jp = JALALI_BREAKS[0];
    let mut jump = 0;
    for &jm in &JALALI_BREAKS[1..] {
        jump = jm - jp;
        if jy < jm {
            break;
        }
        leap_j += jump / 33 * 8 + (jump % 33) / 4;
        jp = jm;
    }
    let n = jy - jp;
    leap_j += n / 33 * 8 + (n % 33 + 3) / 4;
    if jump % 33 == 4 && jump - n == 4 {
        leap_j += 1;
    }
    let leap_g = gy / 4 - (gy / 100 + 1) * 3 / 4 - 150;
    Some(20 + leap_j - leap_g)
}

/// Converts a solar Hijri (Jalali) date, as used in Afghanistan (حمل … حوت) and Iran (فروردین … اسفند).
pub fn from_jalali(jy: i32, jm: u8, jd: u8) -> Option<Date> {
    if !(1..=12).contains(&jm) || jd == 0 || jd > 31 || (jm > 6 && jd > 30) {
        return None;
    }
    let day = jalali_day_number(jy, jm, jd)?;
    if jm == 12 {
        // Esfand/Hut has 29 days, 30 in a leap year.
        let next_year = jalali_day_number(jy + 1, 1, 1)?;
        if day >= next_year {
            return None;
        }
    }
    Date::from_days(day)
}

fn jalali_day_number(jy: i32, jm: u8, jd: u8) -> Option<i64> {
    let march = jalali_march_day(jy)?;
    let nowruz = Date::new(jy + 621, 3, u8::try_from(march).ok()?)?.days();
    let jm = i64::from(jm);
    Some(nowruz + (jm - 1) * 31 - (jm / 7) * (jm - 7) + i64::from(jd) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(d("1970-01-01").days(), 0);
        for s in ["2000-02-29", "2019-02-17", "1900-03-01", "2024-12-31", "0001-01-01"] {
            assert_eq!(Date::from_days(d(s).days()), Some(d(s)));
        }
        assert_eq!(d("2019-02-28").add_days(1), Some(d("2019-03-01")));
        assert_eq!(d("2020-02-28").add_days(1), Some(d("2020-02-29")));
    }

    #[test]
    fn invalid_dates_are_rejected() {
        assert_eq!(Date::new(2019, 2, 29), None);
        assert_eq!(Date::new(2019, 2, 30), None);
        assert_eq!(Date::new(2019, 13, 1), None);
        assert_eq!(Date::new(2019, 0, 1), None);
        assert!("2019-2-1".parse::<Date>().is_err());
        assert!("2019-02-30".parse::<Date>().is_err());
        assert_eq!(Date::from_days(i64::MAX), None);
        assert_eq!(d("9999-12-31").add_days(1), None);
    }

    #[test]
    fn weekdays() {
        assert_eq!(d("2019-02-17").weekday(), 7); // Sunday
        assert_eq!(d("2017-05-01").weekday(), 1); // Monday
        assert_eq!(d("2025-02-09").weekday(), 7);
    }

    #[test]
    fn hijri_conversion() {
        // 1 Ramadan 1434 was observed on 9 or 10 July 2013 (Saudi Arabia: the 10th); tabular gives the 9th.
        assert_eq!(from_hijri(1434, 9, 1), Some(d("2013-07-09")));
        // Observed (Umm al-Qura) first days; the tabular calendar is within a day of them.
        for (y, m, observed) in [(1440, 1, "2018-09-11"), (1438, 9, "2017-05-27"), (1445, 10, "2024-04-10")] {
            let got = from_hijri(y, m, 1).unwrap().days();
            assert!((got - d(observed).days()).abs() <= 1, "{y}-{m}: {got}");
        }
        assert_eq!(from_hijri(1440, 2, 30), None);
    }

    #[test]
    fn jalali_conversion() {
        assert_eq!(from_jalali(1398, 1, 1), Some(d("2019-03-21")));
        assert_eq!(from_jalali(1403, 1, 1), Some(d("2024-03-20")));
        assert_eq!(from_jalali(1398, 7, 9), Some(d("2019-10-01")));
        assert_eq!(from_jalali(1399, 12, 30), Some(d("2021-03-20"))); // 1399 is leap
        assert_eq!(from_jalali(1398, 12, 30), None);
        assert_eq!(from_jalali(1398, 7, 31), None);
    }
}

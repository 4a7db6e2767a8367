//! The date vocabulary: `data/lexicon/dates_*.tsv` and the words around dates (`date_words.tsv`), embedded,
//! folded and parsed once.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use sitrep_text::{fold, is_word_char, tsv, Language};

use crate::chars::{WordFilter, SLOTS};

const EN: &str = include_str!("../../../data/lexicon/dates_en.tsv");
const AR: &str = include_str!("../../../data/lexicon/dates_ar.tsv");
const AR_ONLY: &str = include_str!("../../../data/lexicon/dates_ar_only.tsv");
const FA: &str = include_str!("../../../data/lexicon/dates_fa.tsv");
const PS: &str = include_str!("../../../data/lexicon/dates_ps.tsv");
const DATE_WORDS: &str = include_str!("../../../data/lexicon/date_words.tsv");

/// Time units of "past three weeks", "قبل يومين".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Hour,
    Day,
    Week,
    /// The calendar week of Afghanistan and Iran, Saturday to Friday: "هفته گذشته" is the one before the
    /// anchor's.
    SolarWeek,
    /// The calendar week of English usage, Monday to Sunday (ISO 8601): "last week" is the one before the
    /// anchor's.
    IsoWeek,
    Month,
    Year,
}

/// What a vocabulary term means (the `kind` and `value` columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Month(u8),
    MonthWeak(u8),
    HijriMonth(u8),
    JalaliMonth(u8),
    /// A solar month name that is also a common word after a number ("دی" "is", "تیر" "bullet"): only with a year.
    JalaliMonthWeak(u8),
    HijriYear,
    SolarYear,
    Weekday(u8),
    RelDay {
        offset: i32,
        days: u32,
    },
    TimeOfDay,
    Night,
    Period {
        unit: Unit,
        shift: i32,
    },
    Season {
        first: u8,
        last: u8,
    },
    Part(Part),
    Past,
    Last,
    Next,
    LessThan,
    Ago,
    /// "After" ("سه روز پس از حمله") or "having passed" ("با گذشت دو هفته از"): the act named next is that long
    /// before the anchor. `opens`: before the amount, else after it.
    Since {
        opens: bool,
    },
    Unit {
        unit: Unit,
        count: u32,
    },
    Number(u32),
    MonthPrep,
    /// Between a month and its day ("د حمل په ۱۰مه", the 10th of Hamal), or an ordinal ending after the day.
    DayLink,
    Report,
}

/// Part of a month: "early", "mid", "late".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Early,
    Mid,
    Late,
}

/// One term: its folded words and meaning.
#[derive(Debug)]
pub struct Term {
    pub words: Vec<String>,
    pub entry: Entry,
}

/// Terms indexed by their first word, longest first.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Terms by first word while the files are read; moved to `groups` by [`Lexicon::index`].
    by_first: FxHashMap<String, Vec<Term>>,
    /// The first words, to turn most other words away with a bit test.
    filter: WordFilter,
    /// Each first word with its terms, in order of filter slot: a lookup compares the word with the one or two
    /// first words of its slot instead of hashing it again.
    groups: Vec<(String, Vec<Term>)>,
    /// The groups of slot `s` are `groups[slot_start[s]..slot_start[s + 1]]`.
    slot_start: Vec<u32>,
}

impl Lexicon {
    /// Terms whose first word is `word`, longest first.
    #[inline]
    pub fn starting_with(&self, word: &str) -> &[Term] {
        let slot = WordFilter::slot(word);
        // Fast path: most words are turned away by a bit test, inline.
        if !self.filter.has_slot(slot) {
            return &[];
        }
        self.in_slot(word, slot)
    }

    /// [`Lexicon::starting_with`] for a word whose [`WordFilter::slot`] is known to be `slot`.
    #[inline]
    pub(crate) fn starting_with_slot(&self, word: &str, slot: usize) -> &[Term] {
        debug_assert_eq!(slot, WordFilter::slot(word));
        if !self.filter.has_slot(slot) {
            return &[];
        }
        self.in_slot(word, slot)
    }

    /// The filter over first words: a word whose slot it lacks starts no term.
    #[inline]
    pub(crate) fn filter(&self) -> &WordFilter {
        &self.filter
    }

    /// [`Lexicon::starting_with`] for a word of filter slot `slot`.
    #[inline(never)]
    fn in_slot(&self, word: &str, slot: usize) -> &[Term] {
        let (Some(&from), Some(&to)) = (self.slot_start.get(slot), self.slot_start.get(slot + 1)) else {
            return &[];
        };
        let groups = &self.groups[from as usize..to as usize];
        groups.iter().find(|(first, _)| same_word(first, word)).map_or(&[], |(_, terms)| terms.as_slice())
    }

    /// Moves the terms read to `groups`, by slot, for [`Lexicon::starting_with`].
    fn index(&mut self) {
        let mut groups: Vec<(String, Vec<Term>)> = std::mem::take(&mut self.by_first).into_iter().collect();
        groups.sort_by(|(a, _), (b, _)| (WordFilter::slot(a), a).cmp(&(WordFilter::slot(b), b)));
        self.slot_start = (0..=SLOTS)
            .map(|s| {
                let n = groups.partition_point(|(first, _)| WordFilter::slot(first) < s);
                u32::try_from(n).expect("fewer than 2^32 first words")
            })
            .collect();
        self.groups = groups;
    }

    /// Adds the terms of one vocabulary file.
    fn add(&mut self, file: &str, text: &str) -> Result<(), tsv::Error> {
        for row in tsv::Table::parse(file, text)?.rows() {
            let row = row?;
            let (kind, value) = (row.get("kind")?, row.get("value")?);
            let entry = parse_entry(kind, value)
                .ok_or_else(|| row.invalid("value", format!("{value:?} is not a value of kind {kind:?}")))?;
            let words = words_of(&fold(row.get("term")?));
            let Some(first) = words.first().cloned() else {
                continue;
            };
            self.filter.add(&first);
            let list = self.by_first.entry(first).or_default();
            list.push(Term { words, entry });
            list.sort_by_key(|t| std::cmp::Reverse(t.words.len()));
        }
        Ok(())
    }
}

/// The words of `date_words.tsv`, folded: whose day a date expression names.
#[derive(Debug, Default)]
pub(crate) struct DateWords {
    /// Words for "today".
    pub today: Vec<String>,
    /// After "today": a day of the story ("اليوم التالي").
    pub story_after: Vec<String>,
    /// Before "today": a day of the story ("نفس اليوم").
    pub story_before: Vec<String>,
    /// Words that may stand before a date opening a sentence ("on", "ويوم").
    pub openers: Vec<String>,
}

fn read_date_words() -> Result<DateWords, tsv::Error> {
    let mut words = DateWords::default();
    for row in tsv::Table::parse("date_words.tsv", DATE_WORDS)?.rows() {
        let row = row?;
        let list = match row.get("role")? {
            "today" => &mut words.today,
            "story_after" => &mut words.story_after,
            "story_before" => &mut words.story_before,
            "opener" => &mut words.openers,
            other => return Err(row.invalid("role", format!("unknown role {other:?}"))),
        };
        list.push(fold(row.get("term")?));
    }
    Ok(words)
}

/// The words around date expressions, read once. The file is checked by tests: a malformed row panics naming
/// its line and column.
pub(crate) fn date_words() -> &'static DateWords {
    static WORDS: OnceLock<DateWords> = OnceLock::new();
    WORDS.get_or_init(|| read_date_words().unwrap_or_else(|e| panic!("{e}")))
}

/// `a == b`, byte by byte: words are short, shorter than the call of a general comparison.
#[inline]
pub(crate) fn same_word(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// Splits folded text into words (runs of word characters); punctuation inside a term is ignored.
fn words_of(folded: &str) -> Vec<String> {
    folded.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

fn parse_unit(s: &str) -> Option<Unit> {
    Some(match s {
        "hour" => Unit::Hour,
        "day" => Unit::Day,
        "week" => Unit::Week,
        "solar_week" => Unit::SolarWeek,
        "iso_week" => Unit::IsoWeek,
        "month" => Unit::Month,
        "year" => Unit::Year,
        _ => return None,
    })
}

fn parse_entry(kind: &str, value: &str) -> Option<Entry> {
    let int = || value.parse::<i32>().ok();
    let month = || value.parse::<u8>().ok().filter(|m| (1..=12).contains(m));
    Some(match kind {
        "month" => Entry::Month(month()?),
        "month_weak" => Entry::MonthWeak(month()?),
        "hijri_month" => Entry::HijriMonth(month()?),
        "jalali_month" => Entry::JalaliMonth(month()?),
        "jalali_month_weak" => Entry::JalaliMonthWeak(month()?),
        "hijri_year" => Entry::HijriYear,
        "solar_year" => Entry::SolarYear,
        "weekday" => Entry::Weekday(value.parse::<u8>().ok().filter(|w| (1..=7).contains(w))?),
        "rel_day" => match value.split_once(',') {
            Some((o, n)) => Entry::RelDay { offset: o.parse().ok()?, days: n.parse().ok()? },
            None => Entry::RelDay { offset: int()?, days: 1 },
        },
        "time_of_day" => Entry::TimeOfDay,
        "night" => Entry::Night,
        "period" => {
            let (u, s) = value.split_once(':')?;
            Entry::Period { unit: parse_unit(u)?, shift: s.parse().ok()? }
        }
        "season" => {
            let (a, b) = value.split_once('-')?;
            Entry::Season { first: a.parse().ok()?, last: b.parse().ok()? }
        }
        "part" => Entry::Part(match value {
            "early" => Part::Early,
            "mid" => Part::Mid,
            "late" => Part::Late,
            _ => return None,
        }),
        "past" => Entry::Past,
        "last" => Entry::Last,
        "next" => Entry::Next,
        "less_than" => Entry::LessThan,
        "ago" => Entry::Ago,
        "since" => Entry::Since {
            opens: match value {
                "opens" => true,
                "follows" => false,
                _ => return None,
            },
        },
        "unit" => match value.split_once(':') {
            Some((u, n)) => Entry::Unit { unit: parse_unit(u)?, count: n.parse().ok()? },
            None => Entry::Unit { unit: parse_unit(value)?, count: 0 },
        },
        "number" => Entry::Number(value.parse().ok()?),
        "month_prep" => Entry::MonthPrep,
        "day_link" => Entry::DayLink,
        "report" => Entry::Report,
        _ => return None,
    })
}

/// The vocabulary for `lang`. Every language gets English, Arabic and Dari terms (scripts do not collide, and
/// quoted Gregorian month names cross languages); Pashto-only words, which are common words elsewhere, only
/// for Pashto; Arabic words that are common words in Dari and Pashto ("شهر", a city there), only for Arabic.
pub fn lexicon(lang: Language) -> &'static Lexicon {
    static COMMON: OnceLock<Lexicon> = OnceLock::new();
    static ARABIC: OnceLock<Lexicon> = OnceLock::new();
    static PASHTO: OnceLock<Lexicon> = OnceLock::new();
    // The embedded files are checked by tests: a malformed row panics naming its file, line and column.
    let build = |extra: Option<(&str, &str)>| {
        let mut lex = Lexicon::default();
        let files = [("dates_en.tsv", EN), ("dates_ar.tsv", AR), ("dates_fa.tsv", FA)];
        for (file, text) in files.into_iter().chain(extra) {
            lex.add(file, text).unwrap_or_else(|e| panic!("{e}"));
        }
        lex.index();
        lex
    };
    match lang {
        Language::Pashto => PASHTO.get_or_init(|| build(Some(("dates_ps.tsv", PS)))),
        Language::Arabic => ARABIC.get_or_init(|| build(Some(("dates_ar_only.tsv", AR_ONLY)))),
        _ => COMMON.get_or_init(|| build(None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_files_parse() {
        for lang in [Language::English, Language::Pashto] {
            let lex = lexicon(lang);
            assert!(!lex.starting_with("january").is_empty());
            assert!(!lex.starting_with("كانون").is_empty());
        }
        assert!(!lexicon(Language::Pashto).starting_with(&fold("پرون")).is_empty());
        assert!(lexicon(Language::English).starting_with(&fold("پرون")).is_empty());
        // Every term is found from its first word, among the terms of that word only.
        for lang in [Language::English, Language::Pashto] {
            let lex = lexicon(lang);
            for (first, terms) in &lex.groups {
                let found = lex.starting_with(first);
                assert_eq!(found.len(), terms.len(), "{first}");
                assert!(found.iter().all(|t| t.words[0] == *first), "{first}");
            }
            assert!(lex.starting_with("detained").is_empty());
            assert!(lex.starting_with("").is_empty());
        }
        // Multi-word terms come before their one-word prefixes.
        let last = lexicon(Language::English).starting_with("last");
        assert!(last[0].words.len() > 1);
    }
}

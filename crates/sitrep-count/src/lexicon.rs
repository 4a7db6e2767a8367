//! The number words and quantifiers of `data/lexicon/`, folded and indexed once.

use std::collections::HashMap;
use std::sync::OnceLock;

use sitrep_text::{fold, Language};

use crate::tokens::tokenize;

const NUMBERS_EN: &str = include_str!("../../../data/lexicon/numbers_en.tsv");
const NUMBERS_AR: &str = include_str!("../../../data/lexicon/numbers_ar.tsv");
const NUMBERS_FA: &str = include_str!("../../../data/lexicon/numbers_fa.tsv");
const NUMBERS_PS: &str = include_str!("../../../data/lexicon/numbers_ps.tsv");
const QUANTIFIERS: &str = include_str!("../../../data/lexicon/quantifiers.tsv");

/// What a number word does in a compound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumKind {
    Card,
    Mult,
    /// Multiplies a preceding number; alone it is a vague quantifier (آلاف).
    MultPlural,
    /// عشر/عشرة: after a unit it makes a teen.
    Teen,
    Ordinal,
}

/// What a quantifier-table entry does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QKind {
    Vague,
    Exact,
    Others,
    All,
    Article,
    AtLeast,
    MoreThan,
    Approximately,
    AtMost,
    LessThan,
    Between,
    RangeTo,
    RangeAnd,
    PostAtLeast,
    PostApproximately,
    Month,
    TimeAfter,
    TimeBefore,
    YearBefore,
    Dual,
}

impl QKind {
    fn parse(s: &str) -> Option<QKind> {
        Some(match s {
            "vague" => QKind::Vague,
            "exact" => QKind::Exact,
            "others" => QKind::Others,
            "all" => QKind::All,
            "article" => QKind::Article,
            "at_least" => QKind::AtLeast,
            "more_than" => QKind::MoreThan,
            "approximately" => QKind::Approximately,
            "at_most" => QKind::AtMost,
            "less_than" => QKind::LessThan,
            "between" => QKind::Between,
            "range_to" => QKind::RangeTo,
            "range_and" => QKind::RangeAnd,
            "post_at_least" => QKind::PostAtLeast,
            "post_approximately" => QKind::PostApproximately,
            "month" => QKind::Month,
            "time_after" => QKind::TimeAfter,
            "time_before" => QKind::TimeBefore,
            "year_before" => QKind::YearBefore,
            "dual" => QKind::Dual,
            _ => return None,
        })
    }

    /// Kinds that start a count expression by themselves.
    pub(crate) fn is_head(self) -> bool {
        matches!(self, QKind::Vague | QKind::Exact | QKind::Others | QKind::All)
    }

    pub(crate) fn is_prefix_modifier(self) -> bool {
        matches!(
            self,
            QKind::AtLeast | QKind::MoreThan | QKind::Approximately | QKind::AtMost | QKind::LessThan | QKind::Between
        )
    }
}

/// One entry: its folded words, what it is, and its value.
#[derive(Debug, Clone)]
pub(crate) struct Entry<K> {
    pub words: Vec<String>,
    pub kind: K,
    pub value: u32,
}

/// Entries indexed by their first folded word, longest first.
#[derive(Debug)]
pub(crate) struct Table<K> {
    by_first: HashMap<String, Vec<Entry<K>>>,
}

impl<K: Copy> Table<K> {
    fn new() -> Table<K> {
        Table { by_first: HashMap::new() }
    }

    fn insert(&mut self, term: &str, kind: K, value: u32) {
        let folded = fold(term);
        let words: Vec<String> = tokenize(&folded).iter().map(|t| folded[t.start..t.end].to_string()).collect();
        let Some(first) = words.first().cloned() else {
            return;
        };
        let list = self.by_first.entry(first).or_default();
        list.push(Entry { words, kind, value });
        // Longest first, so the first match is the longest.
        list.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
    }

    pub(crate) fn starting_with(&self, word: &str) -> &[Entry<K>] {
        self.by_first.get(word).map_or(&[], Vec::as_slice)
    }
}

/// Everything one language needs.
#[derive(Debug)]
pub(crate) struct LangLexicon {
    pub numbers: Table<NumKind>,
    pub quantifiers: Table<QKind>,
}

/// Data lines: not blank, not a `#` comment, not the header (the first such line).
fn data_rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').collect())
}

fn load_numbers(text: &str, table: &mut Table<NumKind>) {
    for row in data_rows(text) {
        let (Some(term), Some(value), Some(kind)) = (row.first(), row.get(1), row.get(2)) else {
            continue;
        };
        let Ok(value) = value.trim().parse::<u32>() else {
            continue;
        };
        let kind = match kind.trim() {
            "card" => NumKind::Card,
            "mult" => NumKind::Mult,
            "mult_plural" => NumKind::MultPlural,
            "teen" => NumKind::Teen,
            "ordinal" => NumKind::Ordinal,
            _ => continue,
        };
        table.insert(term.trim(), kind, value);
    }
}

fn load(lang: Language) -> LangLexicon {
    let mut numbers = Table::new();
    load_numbers(
        match lang {
            Language::English => NUMBERS_EN,
            Language::Arabic => NUMBERS_AR,
            Language::Dari => NUMBERS_FA,
            Language::Pashto => NUMBERS_PS,
        },
        &mut numbers,
    );
    let mut quantifiers = Table::new();
    for row in data_rows(QUANTIFIERS) {
        let (Some(term), Some(langs), Some(kind)) = (row.first(), row.get(1), row.get(2)) else {
            continue;
        };
        if !langs.split(',').any(|l| l.trim() == lang.code()) {
            continue;
        }
        let Some(kind) = QKind::parse(kind.trim()) else {
            continue;
        };
        let value = row.get(3).and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(0);
        quantifiers.insert(term.trim(), kind, value);
    }
    LangLexicon { numbers, quantifiers }
}

/// The lexicon of `lang`, loaded on first use.
pub(crate) fn lexicon(lang: Language) -> &'static LangLexicon {
    static EN: OnceLock<LangLexicon> = OnceLock::new();
    static AR: OnceLock<LangLexicon> = OnceLock::new();
    static FA: OnceLock<LangLexicon> = OnceLock::new();
    static PS: OnceLock<LangLexicon> = OnceLock::new();
    let cell = match lang {
        Language::English => &EN,
        Language::Arabic => &AR,
        Language::Dari => &FA,
        Language::Pashto => &PS,
    };
    cell.get_or_init(|| load(lang))
}

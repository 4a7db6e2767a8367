//! The number words and quantifiers of `data/lexicon/`, folded and indexed once.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use sitrep_text::{fold, tsv, Language};

use crate::tokens::tokenize;

const NUMBERS_EN: &str = include_str!("../../../data/lexicon/numbers_en.tsv");
const NUMBERS_AR: &str = include_str!("../../../data/lexicon/numbers_ar.tsv");
const NUMBERS_FA: &str = include_str!("../../../data/lexicon/numbers_fa.tsv");
const NUMBERS_PS: &str = include_str!("../../../data/lexicon/numbers_ps.tsv");
const QUANTIFIERS: &str = include_str!("../../../data/lexicon/quantifiers.tsv");
const COUNT_WORDS: &str = include_str!("../../../data/lexicon/count_words.tsv");

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
    /// "than" before a number whose comparative follows it: Pashto "تر ۴۵ ډېر" ("more than 45").
    Than,
    /// The comparative after "than" and the number: "ډېر", "زیات" ("more").
    PostMoreThan,
    Month,
    TimeAfter,
    TimeBefore,
    YearBefore,
    /// A word after which a number names a thing: "Police District 5", "Highway 1".
    LabelBefore,
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
            "than" => QKind::Than,
            "post_more_than" => QKind::PostMoreThan,
            "month" => QKind::Month,
            "time_after" => QKind::TimeAfter,
            "time_before" => QKind::TimeBefore,
            "year_before" => QKind::YearBefore,
            "label_before" => QKind::LabelBefore,
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
    by_first: FxHashMap<String, Vec<Entry<K>>>,
}

impl<K: Copy> Table<K> {
    fn new() -> Table<K> {
        Table { by_first: FxHashMap::default() }
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
}

/// The number words and quantifiers starting with one first word, each longest first.
#[derive(Debug, Default)]
pub(crate) struct Slot {
    pub numbers: Vec<Entry<NumKind>>,
    pub quantifiers: Vec<Entry<QKind>>,
    /// Whether a number word or an opening quantifier (see [`opens`]) is this first word alone.
    pub opens_alone: bool,
    /// The second words of the longer number words and opening quantifiers ("few" of "a few", "least" of
    /// "at least").
    pub opening_seconds: Vec<String>,
}

impl Slot {
    /// Whether an expression may start with this slot's first word.
    fn opens(&self) -> bool {
        self.opens_alone || !self.opening_seconds.is_empty()
    }

    /// Fills in `opens_alone` and `opening_seconds` from the entries.
    fn find_openings(&mut self) {
        let numbers = self.numbers.iter().map(|e| &e.words);
        let quantifiers = self.quantifiers.iter().filter(|e| opens(e.kind)).map(|e| &e.words);
        for words in numbers.chain(quantifiers) {
            match words.get(1) {
                None => self.opens_alone = true,
                Some(second) if !self.opening_seconds.contains(second) => self.opening_seconds.push(second.clone()),
                Some(_) => {}
            }
        }
    }
}

/// Quantifiers an expression may start with: those that head a count or modify the number after it. Months,
/// "in", "and", "to" and the like only qualify a number already found. (Every number word may start one.)
pub(crate) fn opens(kind: QKind) -> bool {
    kind.is_head() || kind.is_prefix_modifier()
}

/// Both tables of a language, indexed by first word: one lookup finds a word's entries in either.
///
/// The words are found by the hash of [`WordFilter`], which looks at four bytes of a word and is far cheaper than
/// hashing it whole: each of its 4096 values heads a chain of the slots whose first word has it (mostly one or
/// none), so a lookup is that hash and a string comparison or two.
#[derive(Debug)]
pub(crate) struct Index {
    /// The slots, each with its first word.
    slots: Vec<(String, Slot)>,
    /// By hash: one more than the index of the first slot in its chain; 0 for none.
    heads: Box<[u16; WordFilter::SIZE]>,
    /// By slot: one more than the index of the next slot in its chain; 0 for none.
    next: Vec<u16>,
    /// The first words of slots that [`Slot::opens`], for the scan's test of where an expression may start.
    openers: WordFilter,
    /// The same words by their first and last bytes and length, and besides every word that begins with a digit
    /// and the English articles: cheaper than the filter, which it goes before.
    opener_shapes: ShapeFilter,
    /// Every first word by its first and last bytes and length, so that most words not in the lexicon (figures, "the")
    /// are turned away before the hash chains.
    first_shapes: ShapeFilter,
    /// The first words of slots that open alone ([`Slot::opens_alone`]).
    alone_shapes: ShapeFilter,
    /// The words that may follow a first word that does not open alone: the second words of openings
    /// ([`Slot::opening_seconds`]) and the first words of multipliers ("a hundred").
    second_shapes: ShapeFilter,
}

/// A filter over words by their first byte (seven bits), last byte (six bits) and length (modulo 32): a word whose
/// bit is clear is not among the words added. Two loads and a bit test without a branch, and it turns away most
/// words of a text that the first byte and length alone let through ("the" is not "two" or "ten"). Seven bits of
/// the first byte keep the digits apart from the letters (a first byte is never a UTF-8 continuation byte).
#[derive(Debug, Clone)]
struct ShapeFilter {
    lengths: Box<[u32; ShapeFilter::SIZE]>,
}

impl Default for ShapeFilter {
    fn default() -> ShapeFilter {
        ShapeFilter { lengths: Box::new([0; ShapeFilter::SIZE]) }
    }
}

impl ShapeFilter {
    const SIZE: usize = 128 * 64;

    #[inline(always)]
    fn key(word: &[u8]) -> (usize, u32) {
        let (first, last) = (word.first().copied().unwrap_or(0), word.last().copied().unwrap_or(0));
        (usize::from(first & 127) << 6 | usize::from(last & 63), 1 << (word.len() % 32))
    }

    fn add(&mut self, word: &[u8]) {
        let (k, bit) = Self::key(word);
        self.lengths[k] |= bit;
    }

    /// Adds every word whose first byte is `first`.
    fn add_all_starting(&mut self, first: u8) {
        let (k, _) = Self::key(&[first]);
        for lengths in &mut self.lengths[k & !63..(k & !63) + 64] {
            *lengths = u32::MAX;
        }
    }

    #[inline(always)]
    fn may_contain(&self, word: &[u8]) -> bool {
        let (k, bit) = Self::key(word);
        self.lengths[k] & bit != 0
    }
}

impl Index {
    fn new(numbers: Table<NumKind>, quantifiers: Table<QKind>) -> Index {
        let mut by_first: FxHashMap<String, Slot> = FxHashMap::default();
        for (first, list) in numbers.by_first {
            by_first.entry(first).or_default().numbers = list;
        }
        for (first, list) in quantifiers.by_first {
            by_first.entry(first).or_default().quantifiers = list;
        }
        let mut index = Index {
            slots: Vec::new(),
            heads: Box::new([0; WordFilter::SIZE]),
            next: Vec::new(),
            openers: WordFilter::default(),
            opener_shapes: ShapeFilter::default(),
            first_shapes: ShapeFilter::default(),
            alone_shapes: ShapeFilter::default(),
            second_shapes: ShapeFilter::default(),
        };
        for (first, mut slot) in by_first {
            slot.find_openings();
            if slot.opens() {
                index.openers.add(&first);
                index.opener_shapes.add(first.as_bytes());
            }
            index.first_shapes.add(first.as_bytes());
            if slot.opens_alone {
                index.alone_shapes.add(first.as_bytes());
            }
            for second in &slot.opening_seconds {
                index.second_shapes.add(second.as_bytes());
            }
            if slot.numbers.iter().any(|e| e.kind == NumKind::Mult) {
                index.second_shapes.add(first.as_bytes());
            }
            // Chained in front; a lexicon of more than 65535 first words would be cut short, not misread.
            let Ok(link) = u16::try_from(index.slots.len() + 1) else {
                break;
            };
            let hash = WordFilter::slot(first.as_bytes());
            index.next.push(index.heads[hash]);
            index.heads[hash] = link;
            index.slots.push((first, slot));
        }
        // Figures and the English articles, which the scan reads before a multiplier ("a hundred"): see
        // `may_open_figure_or_article`.
        for digit in b'0'..=b'9' {
            index.opener_shapes.add_all_starting(digit);
        }
        index.opener_shapes.add(b"a");
        index.opener_shapes.add(b"an");
        index
    }

    /// The entries whose first word is `word`.
    #[inline]
    pub(crate) fn starting_with(&self, word: &[u8]) -> Option<&Slot> {
        if !self.first_shapes.may_contain(word) {
            return None;
        }
        let mut link = self.heads[WordFilter::slot(word)];
        while let Some(k) = usize::from(link).checked_sub(1) {
            let (first, slot) = self.slots.get(k)?;
            if first.as_bytes() == word {
                return Some(slot);
            }
            link = *self.next.get(k)?;
        }
        None
    }

    /// The entries whose first word is `word`, when an expression may start with it (see [`opens`]). (The scan
    /// asks [`Index::starting_with`] and the slot's openings itself.)
    #[cfg(test)]
    pub(crate) fn opening(&self, word: &[u8]) -> Option<&Slot> {
        self.starting_with(word).filter(|slot| slot.opens())
    }

    /// Whether `word` may be the first word of a slot that opens (no for most words; yes may be wrong): its first
    /// and last bytes and length, then the filter of [`Index::opening`], on bytes, for the scan to turn words away
    /// cheaply.
    #[inline(always)]
    pub(crate) fn may_open(&self, word: &[u8]) -> bool {
        self.opener_shapes.may_contain(word) && self.openers.may_contain(word)
    }

    /// Whether `word` may be the first word of a slot that opens alone (no for most words; yes may be wrong).
    #[inline]
    pub(crate) fn may_open_alone(&self, word: &[u8]) -> bool {
        self.alone_shapes.may_contain(word)
    }

    /// Whether `word` may be the second word of an opening or the first word of a multiplier (no for most words;
    /// yes may be wrong).
    #[inline]
    pub(crate) fn may_be_second(&self, word: &[u8]) -> bool {
        self.second_shapes.may_contain(word)
    }

    /// Whether `word` begins with a digit, is the English article "a" / "an", or passes [`Index::may_open`]: with
    /// one test of the shape for all three, which most words of a text fail.
    #[inline(always)]
    pub(crate) fn may_open_figure_or_article(&self, word: &[u8]) -> bool {
        self.opener_shapes.may_contain(word)
            && (word.first().is_some_and(u8::is_ascii_digit)
                || self.openers.may_contain(word)
                || word == b"a"
                || word == b"an")
    }
}

/// A 4096-bit filter over words: a word whose bit is clear is not among the words added.
#[derive(Debug, Clone)]
struct WordFilter {
    bits: Box<[u64; WordFilter::SIZE / 64]>,
}

impl Default for WordFilter {
    fn default() -> WordFilter {
        WordFilter { bits: Box::new([0; WordFilter::SIZE / 64]) }
    }
}

impl WordFilter {
    /// The number of values of [`WordFilter::slot`].
    const SIZE: usize = 4096;

    #[inline(always)]
    fn slot(b: &[u8]) -> usize {
        let (first, second, last) = match b {
            [] => (0, 0, 0),
            [f] => (*f, 0, *f),
            [f, s, ..] => (*f, *s, b[b.len() - 1]),
        };
        let x = (b.len() as u64) | u64::from(first) << 16 | u64::from(second) << 24 | u64::from(last) << 32;
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
    }

    fn add(&mut self, word: &str) {
        let s = Self::slot(word.as_bytes());
        self.bits[s / 64] |= 1 << (s % 64);
    }

    /// Whether `word` may have been added.
    #[inline(always)]
    fn may_contain(&self, word: &(impl AsRef<[u8]> + ?Sized)) -> bool {
        let s = Self::slot(word.as_ref());
        self.bits[s / 64] & (1 << (s % 64)) != 0
    }
}

/// Everything one language needs: its number words and quantifiers, and the words around a count.
#[derive(Debug)]
pub(crate) struct LangLexicon {
    pub index: Index,
    pub words: CountWords,
}

/// A few folded words, looked through in order (the lists are short).
#[derive(Debug, Default)]
pub(crate) struct WordList(Vec<String>);

impl WordList {
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.0.iter().any(|w| w == word)
    }
}

/// The words of `count_words.tsv` for one language, folded.
#[derive(Debug, Default)]
pub(crate) struct CountWords {
    /// Words that end the stretch between a number and its noun.
    pub breakers: WordList,
    /// Words after a number that make it a share ("percent").
    pub shares: WordList,
    /// Words that join a vague quantifier to its noun ("of").
    pub of: WordList,
    /// Connectors that name a first victim's companions by themselves ("ومعه"), as their words.
    pub companions: Vec<Vec<String>>,
    /// Connectors of companions when "others" follows the count ("and", "along with"), as their words.
    pub joiners: Vec<Vec<String>>,
    /// Nouns after a count that name a first victim's companions as "others" does ("من مرافقيه", "his guards").
    pub retinue: WordList,
    /// Nouns after a connector that name one companion of a first victim with no count ("وسائقه", "همراه با
    /// برادرش").
    pub kin: WordList,
    /// Words that introduce a first victim's name ("المدعو", "named"), as their words.
    pub namers: Vec<Vec<String>>,
}

fn load_count_words(lang: Language) -> Result<CountWords, tsv::Error> {
    let mut words = CountWords::default();
    for row in tsv::Table::parse("count_words.tsv", COUNT_WORDS)?.rows() {
        let row = row?;
        if !row.get("lang")?.split(',').any(|l| l.trim() == lang.code()) {
            continue;
        }
        let folded = fold(row.get("term")?);
        let term: Vec<String> = tokenize(&folded).iter().map(|t| folded[t.start..t.end].to_string()).collect();
        let single = || match term.as_slice() {
            [word] => Ok(word.clone()),
            _ => Err(row.invalid("term", "one word expected")),
        };
        match row.get("role")? {
            "breaker" => words.breakers.0.push(single()?),
            "share" => words.shares.0.push(single()?),
            "of" => words.of.0.push(single()?),
            "companions" => words.companions.push(term),
            "joiner" => words.joiners.push(term),
            "retinue" => words.retinue.0.push(single()?),
            "kin" => words.kin.0.push(single()?),
            "namer" => words.namers.push(term),
            other => return Err(row.invalid("role", format!("unknown role {other:?}"))),
        }
    }
    Ok(words)
}

fn load_numbers(file: &str, text: &str, table: &mut Table<NumKind>) -> Result<(), tsv::Error> {
    for row in tsv::Table::parse(file, text)?.rows() {
        let row = row?;
        let kind = match row.get("kind")? {
            "card" => NumKind::Card,
            "mult" => NumKind::Mult,
            "mult_plural" => NumKind::MultPlural,
            "teen" => NumKind::Teen,
            "ordinal" => NumKind::Ordinal,
            other => return Err(row.invalid("kind", format!("unknown kind {other:?}"))),
        };
        table.insert(row.get("term")?, kind, row.parse("value")?);
    }
    Ok(())
}

fn load_quantifiers(lang: Language, table: &mut Table<QKind>) -> Result<(), tsv::Error> {
    for row in tsv::Table::parse("quantifiers.tsv", QUANTIFIERS)?.rows() {
        let row = row?;
        if !row.get("lang")?.split(',').any(|l| l.trim() == lang.code()) {
            continue;
        }
        let kind = row.get("kind")?;
        let kind = QKind::parse(kind).ok_or_else(|| row.invalid("kind", format!("unknown kind {kind:?}")))?;
        table.insert(row.get("term")?, kind, row.parse_opt("value")?.unwrap_or(0));
    }
    Ok(())
}

/// The tables of `lang`. The embedded files are checked by tests: a malformed row panics naming its file,
/// line and column.
fn load(lang: Language) -> LangLexicon {
    let (file, text) = match lang {
        Language::English => ("numbers_en.tsv", NUMBERS_EN),
        Language::Arabic => ("numbers_ar.tsv", NUMBERS_AR),
        Language::Dari => ("numbers_fa.tsv", NUMBERS_FA),
        Language::Pashto => ("numbers_ps.tsv", NUMBERS_PS),
    };
    let mut numbers = Table::new();
    let mut quantifiers = Table::new();
    let words = load_numbers(file, text, &mut numbers)
        .and_then(|()| load_quantifiers(lang, &mut quantifiers))
        .and_then(|()| load_count_words(lang))
        .unwrap_or_else(|e| panic!("{e}"));
    LangLexicon { index: Index::new(numbers, quantifiers), words }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every first word finds its own slot through the hash chains, and words not in the lexicon find none.
    #[test]
    fn index_finds_every_first_word() {
        for lang in [Language::English, Language::Arabic, Language::Dari, Language::Pashto] {
            let index = &lexicon(lang).index;
            assert!(!index.slots.is_empty());
            for (first, slot) in &index.slots {
                let found = index.starting_with(first.as_bytes());
                assert!(found.is_some_and(|s| std::ptr::eq(s, slot)), "{lang:?}: {first}");
                let opening = index.opening(first.as_bytes());
                assert!(!slot.opens() || index.may_open(first.as_bytes()), "{lang:?}: {first}");
                assert!(!slot.opens_alone || index.may_open_alone(first.as_bytes()), "{lang:?}: {first}");
                for second in &slot.opening_seconds {
                    assert!(index.may_be_second(second.as_bytes()), "{lang:?}: {first} {second}");
                }
                if slot.numbers.iter().any(|e| e.kind == NumKind::Mult) {
                    assert!(index.may_be_second(first.as_bytes()), "{lang:?}: {first}");
                }
                assert_eq!(opening.is_some(), slot.opens(), "{lang:?}: {first}");
                let missing = format!("{first}x");
                if !index.slots.iter().any(|(w, _)| *w == missing) {
                    assert!(index.starting_with(missing.as_bytes()).is_none(), "{lang:?}: {missing}");
                }
            }
            assert!(index.starting_with(b"").is_none());
        }
    }
}

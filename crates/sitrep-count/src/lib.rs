//! Number expressions in folded text, read as counts of people (or things) with the counting convention of
//! `gold/README.md`.
//!
//! Everything works on text folded by [`sitrep_text::fold`] / [`sitrep_text::Folded`] (digits of every
//! script are ASCII there, Arabic letters unified, Latin lower-cased); ranges are folded byte offsets, to be
//! mapped back with [`sitrep_text::Folded::original_range`]. The words live in `data/lexicon/numbers_*.tsv`
//! (number words, facts of each language), `data/lexicon/quantifiers.tsv` (vague quantifiers, modifiers,
//! date and time context, each with the source of its convention) and `data/lexicon/count_words.tsv` (the
//! words around a count: those that end the stretch to its noun, shares, companions' connectors).
//!
//! # Counting convention
//!
//! | expression | low | best | high | [`Rule`] |
//! |---|---|---|---|---|
//! | exact: `23`, `٢٣`, `eight`, `سبعة`, `خمسة وعشرون`, `a dozen`, `both` | N | N | N | `Exact` |
//! | `a policeman` (only [`quantity_before`]) | 1 | 1 | 1 | `Article` |
//! | `at least N`, `no fewer than N`, `ما لا يقل عن N`, `N على الأقل`, `دست کم N`, `N or more` | N | N | – | `AtLeast` |
//! | `more than N`, `over N`, `أكثر من N`, `بیش از N` | N+1 | N+1 | – | `MoreThan` |
//! | `about N`, `approximately`, `nearly`, `نحو`, `حوالي`, `قرابة`, `حدود` | – | N | – | `Approximately` |
//! | `up to N`, `ما يصل إلى N` | – | – | N | `AtMost` |
//! | `fewer than N`, `أقل من N` | – | – | N−1 | `LessThan` |
//! | `10 to 15`, `10-15`, `between 10 and 15`, `بين 10 و15`, `two or three` | 10 | – | 15 | `Range` |
//! | vague: `several`, `many`, `multiple`, `a number of`, `a few`, `عدة`, `عدد من` | 3 | – | – | `Vague` |
//! | `numerous` | 4 | – | – | `Vague` |
//! | `dozens`, `عشرات`, `ده‌ها` / `scores` / `hundreds`, `مئات` / `thousands` | 12 / 20 / 100 / 1000 | – | – | `Vague` |
//! | `others`, `آخرين`, `عدد آخر` alone | 1 | – | – | `Others` |
//! | `all (on board)`, `جميع` without a number | 1 | – | – | `All` |
//!
//! Choices the README leaves open, and why:
//! - **More than N** is read as the integer bound it states, at least N+1, and like "at least" its bound is
//!   also `best`. The ISAF labels agree: "detained more than 10 suspects" is labelled min_captured 11.
//!   `Rule::MoreThan` keeps the reading recoverable (N = low − 1).
//! - **Approximately N** gives `best` = N and no bounds: "nearly 20" may be 18, so N is not a floor.
//! - **Up to / fewer than** give only `high`; whether a claim was made at all is the extractor's call.
//! - **Vague words** take the least they imply by the convention named in `quantifiers.tsv`: ACLED (several /
//!   many 3, dozens 12, hundreds 100), ISAF labels (several / multiple / a number of / a few 3, numerous 4).
//! - **Sums** ([`Count::plus`]): lows add, `best` only when both are known ("at least eight policemen ...
//!   several militants" = low 11, best null, as in gold x1).
//!
//! What is *not* a count: ordinals ("second", "twenty-first", "21st"), years (1900–2100 after "in",
//! "عام", a month, or ending a phrase), day numbers next to a month ("Feb 17", "10 من مارس"), clock times
//! ("2 am", "الساعة 2"), decimals, shares ("50%"), identifiers ("2012-08-S-012", "08").
//!
//! For the extractor: [`quantity_before`] answers "what count goes with the noun that starts here",
//! [`quantity_at`] "what count starts here" (after a verb: "مقتل 18 جنديا"), [`companions_after`] reads "and
//! four others" / "ومعه أربعة جنود آخرين" after a first victim, [`arabic_dual`] / [`known_arabic_dual`] read
//! dual nouns (جنديين = 2), and [`Count::implied_plural`] / [`Count::unspecified`] give the README's
//! defaults for an Arabic plural without a number (3) and removed digits or "others" (1).

use std::ops::Range;

use sitrep_text::{Language, ARABIC_PROCLITICS};

mod lexicon;
mod parse;
mod tokens;

use parse::Parser;

/// How a count was read; see the table in the crate docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A number: low = best = high.
    Exact,
    /// "at least N": low = best = N.
    AtLeast,
    /// "more than N": low = best = N+1.
    MoreThan,
    /// "up to N": high = N.
    AtMost,
    /// "fewer than N": high = N−1.
    LessThan,
    /// "about N": best = N.
    Approximately,
    /// "10 to 15": low and high.
    Range,
    /// "several", "dozens": low only.
    Vague,
    /// "a policeman": exactly 1.
    Article,
    /// An Arabic plural noun without a number: low 3.
    ImpliedPlural,
    /// An Arabic dual noun (جنديين): exactly 2.
    Dual,
    /// "others" alone: low 1.
    Others,
    /// "all (on board)" without a number: low 1.
    All,
    /// A casualty noun whose number was lost (the seed's removed digits): low 1.
    Unspecified,
    /// The sum of two counts ([`Count::plus`]).
    Sum,
}

/// A count as gold files give it: `low`, `best`, `high`, each null when unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Count {
    pub low: Option<u32>,
    pub best: Option<u32>,
    pub high: Option<u32>,
    pub rule: Rule,
}

impl Count {
    /// Exactly `n`.
    pub fn exact(n: u32) -> Count {
        Count { low: Some(n), best: Some(n), high: Some(n), rule: Rule::Exact }
    }

    /// At least `n` (low = best = n).
    pub fn at_least(n: u32) -> Count {
        Count { low: Some(n), best: Some(n), high: None, rule: Rule::AtLeast }
    }

    /// A vague quantity implying at least `low`.
    pub fn vague(low: u32) -> Count {
        Count { low: Some(low), best: None, high: None, rule: Rule::Vague }
    }

    /// From `low` to `high`, no best.
    pub fn range(low: u32, high: u32) -> Count {
        Count { low: Some(low), best: None, high: Some(high), rule: Rule::Range }
    }

    /// "a policeman": exactly one.
    pub fn article() -> Count {
        Count { rule: Rule::Article, ..Count::exact(1) }
    }

    /// An Arabic dual noun: exactly two.
    pub fn dual() -> Count {
        Count { rule: Rule::Dual, ..Count::exact(2) }
    }

    /// An Arabic plural noun without a number: at least 3 (gold/README).
    pub fn implied_plural() -> Count {
        Count { low: Some(3), best: None, high: None, rule: Rule::ImpliedPlural }
    }

    /// Casualties claimed without a readable number (removed digits, "all on board"): at least 1 (gold/README).
    pub fn unspecified() -> Count {
        Count { low: Some(1), best: None, high: None, rule: Rule::Unspecified }
    }

    /// Whether low = best = high.
    pub fn is_exact(&self) -> bool {
        self.best.is_some() && self.low == self.best && self.high == self.best
    }

    /// The count of both groups together: lows add (a missing low counts 0 when the other is known), best and
    /// high only when both are known. Saturating.
    pub fn plus(self, other: Count) -> Count {
        let add_known = |a: Option<u32>, b: Option<u32>| match (a, b) {
            (Some(x), Some(y)) => Some(x.saturating_add(y)),
            _ => None,
        };
        let low = match (self.low, other.low) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0).saturating_add(b.unwrap_or(0))),
        };
        Count { low, best: add_known(self.best, other.best), high: add_known(self.high, other.high), rule: Rule::Sum }
    }
}

/// One count expression: its folded byte range (modifiers included) and its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    pub range: Range<usize>,
    pub count: Count,
}

/// Every count expression in `folded`, leftmost first, non-overlapping. Articles are left out (every "a"
/// would count); "others" right after a number belongs to that number.
// Out of line: called once per document, and a profile then shows its cost apart from the caller's.
#[inline(never)]
pub fn quantities(folded: &str, lang: Language) -> Vec<Quantity> {
    Parser::scan_text(folded, lang).into_iter().map(|(q, _, _)| q).collect()
}

/// The count expression that starts at the first word at or after byte `at` (e.g. right after "مقتل",
/// "killing"), if one does.
pub fn quantity_at(folded: &str, at: usize, lang: Language) -> Option<Quantity> {
    let at = floor_char(folded, at);
    let end = floor_char(folded, at.saturating_add(WINDOW));
    let p = Parser::window(folded, at..end, lang);
    p.parse_at(0).map(|(q, _)| q)
}

/// Words a count may stand away from its noun ("14 Afghan special forces commandos", "خمسة من عناصر").
pub const MAX_GAP_WORDS: usize = 4;

const WINDOW: usize = 400;

/// The count that goes with the noun starting at byte `noun_start`: the nearest expression before it, with at
/// most [`MAX_GAP_WORDS`] words between and no punctuation or clause word ("and", "were", "في") in between;
/// failing that, in English, an article ("a policeman", "another soldier") → 1.
pub fn quantity_before(folded: &str, noun_start: usize, lang: Language) -> Option<Quantity> {
    let at = floor_char(folded, noun_start);
    let start = word_boundary_before(folded, at.saturating_sub(WINDOW));
    let end = floor_char(folded, at.saturating_add(64));
    let p = Parser::window(folded, start..end, lang);
    let noun = p.tokens().iter().position(|t| t.start >= at).unwrap_or(p.tokens().len());
    let found = p.scan();
    for (q, _, next) in found.iter().rev() {
        if *next > noun || q.range.end > at {
            continue;
        }
        if noun - next > MAX_GAP_WORDS || p.broken(*next, noun) {
            break;
        }
        return Some(q.clone());
    }
    // "a policeman", "a senior Taliban commander": an article with only plain words between.
    let lowest = noun.saturating_sub(MAX_GAP_WORDS + 1);
    for k in (lowest..noun).rev() {
        if p.is_article(k) && !p.broken(k + 1, noun) {
            let t = p.tokens()[k];
            return Some(Quantity { range: t.start..t.end, count: Count::article() });
        }
        if p.is_breaker(k) {
            break;
        }
    }
    None
}

/// Companions named after a first victim: "(a commander) and four others", "along with two other
/// soldiers", "(قائد) ومعه أربعة جنود آخرين", "وأربعة آخرين". `after` is the byte after the first victim's
/// noun (a name may follow it). Returns the companions' count and the range from the connector to the last
/// word read; add it to the first victim's with [`Count::plus`].
pub fn companions_after(folded: &str, after: usize, lang: Language) -> Option<Quantity> {
    let at = floor_char(folded, after);
    let end = floor_char(folded, at.saturating_add(WINDOW));
    let p = Parser::window(folded, at..end, lang);
    let n = p.tokens().len();
    let words = &lexicon::lexicon(lang).words;
    // "قائد أمن مديرية بالا بلوك المدعو حاجي نور أحمد مع ثلاثة من حراسه": a name introduced as one stands
    // between, up to three words after the word that introduces it.
    let named_at = (0..n.min(6)).find_map(|k| {
        words.namers.iter().find(|t| t.iter().enumerate().all(|(j, w)| p.word_at(k + j) == w)).map(|t| k + t.len())
    });
    let reach = named_at.map_or(4, |end| end + 4);
    for k in 0..n.min(reach) {
        let w = p.word_at(k);
        // Connector: the companion word, and where the count starts.
        let here = |term: &&Vec<String>| term.iter().enumerate().all(|(j, t)| p.word_at(k + j) == t);
        let (explicit, count_at) = if let Some(term) = words.companions.iter().find(here) {
            (true, k + term.len())
        } else if let Some(term) = words.joiners.iter().find(here) {
            (false, k + term.len())
        } else if lang != Language::English && w.starts_with('و') {
            (false, k)
        } else {
            (false, usize::MAX)
        };
        if count_at != usize::MAX && count_at < n {
            // "قائد وسائقه", "همراه با برادرش": one companion named by a noun of kin or service, with no count.
            let companion = p.word_at(count_at);
            let glued = if count_at == k { companion.strip_prefix('و') } else { Some(companion) };
            if glued.is_some_and(|w| words.kin.contains(w)) {
                let t = p.tokens()[count_at];
                let start = p.tokens()[k].start;
                return Some(Quantity { range: start..t.end, count: Count::article() });
            }
            if let Some((q, next)) = p.parse_at(count_at) {
                let others = (next..(next + 3).min(n))
                    .find(|&j| p.is_others(j) || p.word_at(j) == "other" || words.retinue.contains(p.word_at(j)));
                let ok = matches!(q.count.rule, Rule::Exact | Rule::AtLeast | Rule::Vague | Rule::Range)
                    && (explicit || others.is_some());
                if ok {
                    let last = others.map_or(q.range.end, |j| p.tokens()[j].end);
                    let start = if count_at == k { q.range.start } else { p.tokens()[k].start };
                    return Some(Quantity { range: start..last, count: q.count });
                }
            }
        }
        // A name may stand between the victim and the connector; punctuation or a clause word may not.
        if p.broken(k + 1, k + 1) || (p.is_breaker(k) && count_at == usize::MAX) {
            break;
        }
    }
    None
}

/// How an Arabic word relates to a singular noun's dual.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dual {
    /// Not the dual of that singular.
    No,
    /// The dual: -ان (جنديان، طفلان، سيارتان) or -ين on a stem not ending in ي (طفلين، سيارتين).
    Dual,
    /// -يين on a nisba noun: the dual (جنديين) or the sound plural (مدنيين "civilians"). The extractor knows
    /// which nouns have a broken plural (جندي → جنود, so جنديين is dual).
    DualOrPlural,
}

/// Whether folded `word` (proclitics and the article allowed: والجنديين) is the dual of folded `singular`
/// (ta marbuta becomes ت: سياره → سيارتين).
pub fn arabic_dual(word: &str, singular: &str) -> Dual {
    if singular.is_empty() {
        return Dual::No;
    }
    let stem = match singular.strip_suffix('ه') {
        Some(s) => format!("{s}ت"),
        None => singular.to_string(),
    };
    for rest in strip_arabic_prefixes(word) {
        let Some(ending) = rest.strip_prefix(stem.as_str()) else {
            continue;
        };
        match ending {
            "ان" => return Dual::Dual,
            "ين" if stem.ends_with('ي') => return Dual::DualOrPlural,
            "ين" => return Dual::Dual,
            _ => {}
        }
    }
    Dual::No
}

/// Whether folded `word` is one of the casualty nouns' duals listed in `quantifiers.tsv` (kind `dual`),
/// proclitics allowed: جنديين، طفلان، شرطيين.
pub fn known_arabic_dual(word: &str) -> bool {
    let p = Parser::new(word, Language::Arabic);
    p.tokens().len() == 1 && p.is_dual(0)
}

/// `word` with nothing, a proclitic run (up to two), and/or the article stripped.
fn strip_arabic_prefixes(word: &str) -> Vec<&str> {
    let mut out = vec![word];
    let mut rest = word;
    for _ in 0..2 {
        match rest.chars().next() {
            Some(c) if ARABIC_PROCLITICS.contains(&c) => {
                rest = &rest[c.len_utf8()..];
                out.push(rest);
            }
            _ => break,
        }
    }
    let with_article: Vec<&str> = out.iter().filter_map(|w| w.strip_prefix("ال")).collect();
    out.extend(with_article);
    // ل + ال is written لل (للجنديين).
    if let Some(r) = word.strip_prefix("لل").or_else(|| word.strip_prefix("ولل")) {
        out.push(r);
    }
    out
}

fn floor_char(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A start at or after `at` that does not cut a word.
fn word_boundary_before(s: &str, at: usize) -> usize {
    let at = floor_char(s, at);
    if at == 0 {
        return 0;
    }
    match s[at..].find(char::is_whitespace) {
        Some(off) => at + off,
        None => at,
    }
}

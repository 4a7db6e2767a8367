//! Finding date expressions in folded text: a token scanner over the `dates_*.tsv` vocabulary.

use std::cell::RefCell;
use std::ops::Range;

use sitrep_text::{ascii_alnum_bytes, Language, HIGH_BITS};

use crate::calendar::{from_hijri, from_jalali, Date};
use crate::chars::{CharKind, CharKinds, ASCII_WORD};
use crate::lexicon::{date_words, lexicon, same_word, Entry, Lexicon, Part, Term, Unit};
use crate::{month_part, resolve, DateExpr, DateRange, Kind, Precision};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Word,
    Num,
    Punct,
}

/// A token of folded text `'a`: a run of word characters (digits-only runs are `Num`) or one punctuation mark.
/// 16 bytes, its place as `u32` offsets (as in `sitrep_text::Folded`): a long document has a token every five
/// bytes or so, and a slice of the text took 16 bytes alone.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    start: u32,
    len: u32,
    /// Its vocabulary matches are `Scanner::hits[hits_from..][..hits_len]`.
    hits_from: u32,
    hits_len: u16,
    pub class: Class,
    /// A line break separates it from the previous token.
    pub nl_before: bool,
    text: std::marker::PhantomData<&'a str>,
}

impl<'a> Tok<'a> {
    fn new(start: usize, len: usize, class: Class, nl_before: bool) -> Tok<'a> {
        let (start, len) = (start as u32, len as u32);
        Tok { start, len, hits_from: 0, hits_len: 0, class, nl_before, text: std::marker::PhantomData }
    }

    /// The token's text in `text`, the text it was read from.
    #[inline]
    pub fn s(&self, text: &'a str) -> &'a str {
        text.get(self.start()..self.end()).unwrap_or_default()
    }

    /// The token's first byte in the text it was read from.
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// The byte after the token in the text it was read from.
    #[inline]
    pub fn end(&self) -> usize {
        (self.start + self.len) as usize
    }
}

/// The tokens of a text and those [`match_tokens`] must look at ([`may_match`]), in order.
pub(crate) struct Tokens<'a> {
    pub toks: Vec<Tok<'a>>,
    pub candidates: Vec<Candidate>,
}

/// A token [`match_tokens`] must look at, with its [`crate::chars::WordFilter::slot`]: the tokenizer has the
/// word's first bytes at hand, so the lookup need not read them again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// In `u32`: a long document has a candidate every few bytes, and a text has fewer than 2^32 tokens (its
    /// offsets are `u32`, as in `sitrep_text::Folded`).
    tok: u32,
    slot: u32,
}

impl Candidate {
    #[inline]
    fn new(tok: usize, slot: usize) -> Candidate {
        Candidate { tok: tok as u32, slot: slot as u32 }
    }
}

/// The tokens of `text` and the candidates for vocabulary matches under `lex` (a number, a word in Arabic script
/// or one the vocabulary filter lets through):
/// found while each token's bytes are at hand, so that [`match_tokens`] passes over the other words unread.
#[inline(never)] // Once per text; out of line so profiles show its cost.
pub(crate) fn tokenize<'a>(text: &'a str, lex: &Lexicon) -> Tokens<'a> {
    // A text of 4 GiB or more (far beyond any document accepted) has no tokens: offsets are `u32`.
    if u32::try_from(text.len()).is_err() {
        return Tokens { toks: Vec::new(), candidates: Vec::new() };
    }
    let kinds = CharKinds::get();
    let filter = lex.filter();
    let mut toks = Vec::with_capacity(text.len() / 4);
    // About one token in five is a candidate.
    let mut candidates = Vec::with_capacity(text.len() / 16);
    let mut nl = false;
    // The text from byte `at` on: splitting it checks one character boundary per token, slicing `text` two.
    let mut rest = text;
    while let Some(&lead) = rest.as_bytes().first() {
        // Fast path: most tokens are ASCII words followed by an ASCII byte, read eight bytes at a time.
        if ASCII_WORD[usize::from(lead)] {
            if let Some((n, head)) = ascii_word(rest.as_bytes()) {
                let Some((s, after)) = rest.split_at_checked(n) else {
                    break; // Not reached: byte `n` is ASCII.
                };
                let mut class = Class::Word;
                let slot = crate::chars::WordFilter::slot_of(head);
                if lead.is_ascii_digit() {
                    if s.bytes().all(|b| b.is_ascii_digit()) {
                        class = Class::Num;
                    }
                    candidates.push(Candidate::new(toks.len(), slot));
                } else if filter.has_slot(slot) {
                    candidates.push(Candidate::new(toks.len(), slot));
                }
                toks.push(Tok::new(text.len() - rest.len(), n, class, nl));
                nl = false;
                rest = after.strip_prefix(' ').unwrap_or(after);
                continue;
            }
        }
        // ASCII without the decoder: most characters.
        let (kind, n) = if lead < 0x80 { (kinds.ascii(lead), 1) } else { kinds.at(rest, 0) };
        let class = match kind {
            CharKind::Letter | CharKind::Digit => Class::Word,
            CharKind::Punct => Class::Punct,
            CharKind::Space | CharKind::LineBreak => {
                nl |= kind == CharKind::LineBreak;
                rest = rest.get(n..).unwrap_or_default();
                continue;
            }
        };
        let n = if class == Class::Word { word_end(rest, n, kinds) } else { n };
        let Some((s, after)) = rest.split_at_checked(n) else {
            break; // Not reached: `n` is a character boundary.
        };
        let mut class = class;
        if class == Class::Word {
            let digit = lead.is_ascii_digit();
            if digit && s.bytes().all(|b| b.is_ascii_digit()) {
                class = Class::Num;
            }
            // `may_match`, with the first byte at hand: digits (numbers, "25th"), Arabic script (which covers
            // "ال"), else the filter.
            let slot = crate::chars::WordFilter::slot(s);
            if digit || matches!(lead, 0xD8..=0xDB) || filter.has_slot(slot) {
                candidates.push(Candidate::new(toks.len(), slot));
            }
        }
        toks.push(Tok::new(text.len() - rest.len(), n, class, nl));
        nl = false;
        // Fast path: the one space between words.
        rest = after.strip_prefix(' ').unwrap_or(after);
    }
    Tokens { toks, candidates }
}

/// The length of the run of ASCII word characters (alphanumeric) opening `bytes`, when an ASCII byte follows it,
/// and its first eight bytes as [`crate::chars::WordFilter::slot_of`] reads them. `None` when a non-ASCII
/// byte follows it or fewer than eight bytes are left to read: the general path reads those.
#[inline]
fn ascii_word(bytes: &[u8]) -> Option<(usize, u64)> {
    // The first chunk apart: it is the head, and most words end in it.
    let head = u64::from_le_bytes(*bytes.first_chunk::<8>()?);
    let stop = !ascii_alnum_bytes(head) & HIGH_BITS;
    if stop != 0 {
        // Bit 7 of the first byte not in the word; set in `head` too when that byte is not ASCII.
        let low = stop & stop.wrapping_neg();
        if low & head != 0 {
            return None;
        }
        // Zero from that byte on.
        return Some(((low.trailing_zeros() / 8) as usize, head & ((low >> 7) - 1)));
    }
    let mut at = 8;
    loop {
        let x = u64::from_le_bytes(*bytes.get(at..)?.first_chunk::<8>()?);
        let stop = !ascii_alnum_bytes(x) & HIGH_BITS;
        if stop != 0 {
            let low = stop & stop.wrapping_neg();
            if low & x != 0 {
                return None;
            }
            return Some((at + (low.trailing_zeros() / 8) as usize, head));
        }
        at += 8;
    }
}

/// The end of the run of word characters from byte `at`.
#[inline]
fn word_end(text: &str, mut at: usize, kinds: CharKinds) -> usize {
    let bytes = text.as_bytes();
    let mut digits_end = None;
    loop {
        // Fast path: ASCII, where a word character is exactly an alphanumeric one.
        while bytes.get(at).is_some_and(|&b| ASCII_WORD[usize::from(b)]) {
            at += 1;
        }
        if digits_end.is_none() && bytes[..at].iter().all(u8::is_ascii_digit) {
            digits_end = Some(at);
        }
        if bytes.get(at).is_none_or(u8::is_ascii) {
            return era_glued(text, digits_end, at).unwrap_or(at);
        }
        match kinds.at(text, at) {
            (CharKind::Digit | CharKind::Letter, n) => at += n,
            _ => return era_glued(text, digits_end, at).unwrap_or(at),
        }
    }
}

/// "2021م", "1442هـ": digits with an era glued on are two words; where the digits end, if `text[..end]` is
/// such a word ("۲۴مه", the 24th, is one word).
fn era_glued(text: &str, digits_end: Option<usize>, end: usize) -> Option<usize> {
    let digits = digits_end.filter(|&d| d > 0 && d < end)?;
    ERA_MARKS.contains(&text.get(digits..end)?).then_some(digits)
}

/// The Gregorian (م) and Hijri (ه، هـ) era marks written after a year.
const ERA_MARKS: [&str; 3] = ["م", "ه", "هـ"];

/// A vocabulary match: what it means, where it starts (after proclitics), the token after it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub entry: Entry,
    /// In `u32` (20 bytes a hit, not 32): a long document has one every few tokens, all held while it is scanned.
    /// Offsets are `u32` throughout the scan, and a text has fewer tokens than bytes.
    start: u32,
    next: u32,
}

impl Hit {
    fn new(entry: Entry, start: usize, next: usize) -> Hit {
        Hit { entry, start: start as u32, next: next as u32 }
    }

    /// Where it starts in the text.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// The token after it.
    pub fn next(&self) -> usize {
        self.next as usize
    }
}

pub(crate) struct Scanner<'a> {
    /// The text read: the tokens are slices of it.
    pub text: &'a str,
    pub toks: Vec<Tok<'a>>,
    /// The vocabulary matches of every token, each token's longest first ([`Tok::hits_from`]). Found for the
    /// whole text at once: the expressions read it all, and one pass costs less than blocks found on demand.
    hits: Vec<Hit>,
    /// Bit `i % 64` of word `i / 64` set when an expression may start at token `i`: a match that
    /// [`Scanner::at`] reads as the start of one, or a number.
    starts: Vec<u64>,
    lex: &'static Lexicon,
    lang: Language,
    /// The expressions found so far, shared by every [`Scan`] of this scanner (a dateline reads the top
    /// twice, the expressions read it all).
    found: RefCell<Expressions>,
}

/// Expressions found so far, before the filter of [`Scan`], and where finding goes on.
#[derive(Default)]
struct Expressions {
    raw: Vec<(DateExpr, Range<usize>, bool)>,
    /// The token to scan from.
    tok: usize,
    /// The text is read to its end.
    done: bool,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str, lang: Language) -> Scanner<'a> {
        let lex = lexicon(lang);
        let Tokens { mut toks, candidates } = tokenize(text, lex);
        let (hits, starts) = match_tokens(lex, text, &mut toks, &candidates);
        Scanner { text, toks, hits, starts, lex, lang, found: RefCell::default() }
    }

    /// The first byte of token `t` in the text.
    #[inline]
    pub fn start(&self, t: &Tok<'_>) -> usize {
        t.start()
    }

    /// The byte after token `t` in the text.
    #[inline]
    pub fn end(&self, t: &Tok<'_>) -> usize {
        t.end()
    }

    /// Every vocabulary term matching at token `i`, longest first.
    #[inline]
    pub fn hits(&self, i: usize) -> &[Hit] {
        match self.toks.get(i) {
            Some(t) => &self.hits[t.hits_from as usize..][..usize::from(t.hits_len)],
            None => &[],
        }
    }

    /// The first token from `i` on where an expression may start ([`Scanner::starts`]). A shortcut only:
    /// [`Scanner::at`] finds nothing at the tokens passed over.
    fn next_start(&self, i: usize) -> usize {
        let mut w = i / 64;
        let Some(&first) = self.starts.get(w) else {
            return self.toks.len();
        };
        let mut bits = first & (u64::MAX << (i % 64));
        loop {
            if bits != 0 {
                return w * 64 + bits.trailing_zeros() as usize;
            }
            w += 1;
            match self.starts.get(w) {
                Some(&b) => bits = b,
                None => return self.toks.len(),
            }
        }
    }

    /// The tokens in `from..to` where an expression may start, in order ([`Scanner::starts`]).
    pub(crate) fn starts_between(&self, from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
        let mut i = from;
        std::iter::from_fn(move || {
            let k = self.next_start(i);
            i = k + 1;
            (k < to.min(self.toks.len())).then_some(k)
        })
    }

    /// The longest match at `i` whose meaning passes `pred`.
    pub fn hit(&self, i: usize, pred: impl Fn(Entry) -> bool) -> Option<Hit> {
        self.hits(i).iter().find(|h| pred(h.entry)).copied()
    }

    fn punct(&self, i: usize, p: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.class == Class::Punct && t.s(self.text) == p)
    }

    /// A number at `i`: digits (up to 4), an English ordinal ("25th"), Arabic "الـ24" (folded "ال24").
    pub fn num(&self, i: usize) -> Option<u32> {
        let t = self.toks.get(i)?;
        let digits = match t.class {
            Class::Num => t.s(self.text),
            Class::Word => {
                let d = strip_articles(t.s(self.text));
                if !d.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                    return None;
                }
                let end = d.find(|c: char| !c.is_ascii_digit()).unwrap_or(d.len());
                let (n, suffix) = d.split_at(end);
                // An ordinal ending: English "25th", Pashto "۱۰مه" (a `day_link` written onto the digits).
                let ordinal = matches!(suffix, "st" | "nd" | "rd" | "th")
                    || self.lex.starting_with(suffix).iter().any(|t| t.words.len() == 1 && t.entry == Entry::DayLink);
                if n.is_empty() || !(suffix.is_empty() || ordinal) {
                    return None;
                }
                n
            }
            Class::Punct => return None,
        };
        if digits.len() > 4 {
            return None;
        }
        Some(small_number(digits))
    }

    fn num_len(&self, i: usize) -> usize {
        self.toks.get(i).map_or(0, |t| strip_articles(t.s(self.text)).bytes().take_while(u8::is_ascii_digit).count())
    }

    fn day_at(&self, i: usize) -> Option<u8> {
        let n = self.num(i)?;
        (self.num_len(i) <= 2 && (1..=31).contains(&n)).then_some(n as u8)
    }

    fn year_at(&self, i: usize) -> Option<i32> {
        let t = self.toks.get(i)?;
        (t.class == Class::Num && t.s(self.text).len() == 4)
            .then(|| i32::try_from(small_number(t.s(self.text))).ok())
            .flatten()
    }

    fn is_month_prep(&self, i: usize) -> bool {
        self.hit(i, |e| e == Entry::MonthPrep).is_some()
    }
}

/// The vocabulary matches of every token of `toks` (recorded in each token's `hits_from`, `hits_len`) and the
/// tokens where an expression may start (bits, as [`Scanner::starts`]). Only the `candidates` (ascending, as
/// [`may_match`] picks them) are read: the other tokens have neither.
#[inline(never)] // Once per text; out of line so profiles show its cost.
fn match_tokens(lex: &Lexicon, text: &str, toks: &mut [Tok<'_>], candidates: &[Candidate]) -> (Vec<Hit>, Vec<u64>) {
    // About one token in five has matches ("the", "in", "of"): room enough not to grow.
    let mut hits = Vec::with_capacity(toks.len() / 4);
    let mut starts = vec![0u64; toks.len().div_ceil(64)];
    for &Candidate { tok, slot } in candidates {
        let (i, slot) = (tok as usize, slot as usize);
        let Some(&tok) = toks.get(i) else {
            continue;
        };
        let mut opens = may_be_number(text, &tok);
        if tok.class == Class::Word {
            let terms = lex.starting_with_slot(tok.s(text), slot);
            if !terms.is_empty() || starts_arabic(tok.s(text)) {
                let from = hits.len();
                match terms {
                    // The common case ("in", "of", "a", "said"): one term of one word, a match here; what
                    // `find_hits` finds without a call.
                    [term] if term.words.len() == 1 && !starts_arabic(tok.s(text)) => {
                        hits.push(Hit::new(term.entry, tok.start(), i + 1));
                    }
                    _ => find_hits(lex, terms, text, toks, i, &mut hits),
                }
                let found = &mut hits[from..];
                // Longest first; for equal lengths, the order found (whole word first, longest term first).
                if found.len() > 1 {
                    found.sort_by_key(|h| std::cmp::Reverse(h.next()));
                }
                opens |= found.iter().any(|h| opens_expression(h.entry));
                // Bounded by the vocabulary: a few terms per first word, three forms of a word.
                toks[i].hits_from = u32::try_from(from).expect("fewer than 2^32 vocabulary matches");
                toks[i].hits_len = u16::try_from(found.len()).expect("fewer than 2^16 terms per word");
            }
        }
        if opens {
            starts[i / 64] |= 1 << (i % 64);
        }
    }
    (hits, starts)
}

/// The value of one to four ASCII digits: `parse` without the checks that cannot fail for them.
fn small_number(digits: &str) -> u32 {
    debug_assert!(matches!(digits.len(), 1..=4) && digits.bytes().all(|b| b.is_ascii_digit()));
    digits.bytes().fold(0, |n, b| n * 10 + u32::from(b.wrapping_sub(b'0')))
}

/// Whether `s` starts with a character of the Arabic block, U+0600..=U+06FF: exactly those whose UTF-8 starts
/// with D8..=DB.
#[inline]
fn starts_arabic(s: &str) -> bool {
    matches!(s.as_bytes().first(), Some(0xD8..=0xDB))
}

/// Appends the vocabulary terms matching at word token `i` (unsorted): `terms`, those starting with the token's
/// word, then, in Arabic script, those of the word without one or two proclitics (و ف ب ل ك).
#[inline(never)]
fn find_hits(lex: &Lexicon, terms: &[Term], text: &str, toks: &[Tok<'_>], i: usize, out: &mut Vec<Hit>) {
    let tok = &toks[i];
    add_term_hits(terms, text, toks, i, 0, out);
    if !starts_arabic(tok.s(text)) {
        return;
    }
    let mut skip = 0;
    for _ in 0..2 {
        let Some(rest) = ["و", "ف", "ب", "ل", "ك"].iter().find_map(|p| tok.s(text)[skip..].strip_prefix(p)) else {
            break;
        };
        skip = tok.s(text).len() - rest.len();
        // A proclitic needs a word of two letters or more after it.
        if rest.chars().nth(1).is_some() {
            add_term_hits(lex.starting_with(rest), text, toks, i, skip, out);
        }
    }
}

/// Appends the `terms` (first words matching token `i` from byte `skip`) whose other words follow.
#[inline]
fn add_term_hits(terms: &[Term], text: &str, toks: &[Tok<'_>], i: usize, skip: usize, out: &mut Vec<Hit>) {
    // Most forms of Arabic words start no term: no call for them.
    if !terms.is_empty() {
        add_terms_following(terms, text, toks, i, skip, out);
    }
}

/// [`add_term_hits`] for terms there are, out of line.
#[inline(never)]
fn add_terms_following(terms: &[Term], text: &str, toks: &[Tok<'_>], i: usize, skip: usize, out: &mut Vec<Hit>) {
    for term in terms {
        let n = term.words.len();
        let rest_ok = term.words[1..]
            .iter()
            .enumerate()
            .all(|(k, w)| toks.get(i + 1 + k).is_some_and(|t| t.class == Class::Word && same_word(t.s(text), w)));
        if rest_ok {
            out.push(Hit::new(term.entry, toks[i].start() + skip, i + n));
        }
    }
}

/// Which calendar a month name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cal {
    Gregorian { weak: bool },
    Hijri,
    Jalali,
}

fn month_entry(e: Entry) -> Option<(u8, Cal)> {
    match e {
        Entry::Month(m) => Some((m, Cal::Gregorian { weak: false })),
        Entry::MonthWeak(m) => Some((m, Cal::Gregorian { weak: true })),
        Entry::HijriMonth(m) => Some((m, Cal::Hijri)),
        Entry::JalaliMonth(m) | Entry::JalaliMonthWeak(m) => Some((m, Cal::Jalali)),
        _ => None,
    }
}

/// A calendar date, converted to Gregorian.
fn convert(cal: Cal, y: i32, m: u8, d: u8) -> Option<Date> {
    match cal {
        Cal::Gregorian { .. } => Date::new(y, m, d),
        Cal::Hijri => from_hijri(y, m, d),
        Cal::Jalali => from_jalali(y, m, d),
    }
}

/// A whole month of any calendar as a Gregorian range.
fn month_range(cal: Cal, y: i32, m: u8) -> Option<DateRange> {
    let start = convert(cal, y, m, 1)?;
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let end = convert(cal, ny, nm, 1)?.add_days(-1)?;
    Some(DateRange { start, end, precision: Precision::Month })
}

/// Plausible years of each calendar in these reports.
fn year_ok(cal: Cal, y: i32) -> bool {
    match cal {
        Cal::Gregorian { .. } => (1900..=2100).contains(&y),
        Cal::Hijri => (1300..=1500).contains(&y),
        Cal::Jalali => (1300..=1450).contains(&y),
    }
}

struct Found {
    kind: Option<Kind>,
    /// Converted from the Hijri or solar Hijri calendar.
    converted: bool,
    end_tok: usize,
    start: usize,
}

impl Scanner<'_> {
    /// A month name at `i`, with an optional "." after it and an optional parenthesised second name of the
    /// same month ("مارس (آذار)", "فبراير/شباط"). Returns the month, its calendar, the next token.
    fn month_at(&self, i: usize) -> Option<(u8, Cal, usize, usize)> {
        let h = self.hit(i, |e| month_entry(e).is_some())?;
        let (m, cal) = month_entry(h.entry)?;
        let mut next = h.next();
        if self.punct(next, ".") {
            next += 1;
        }
        // A second name of the same month, in brackets or after a slash.
        let alt_open = self.punct(next, "(") || self.punct(next, "/");
        if alt_open {
            if let Some(h2) = self.hit(next + 1, |e| month_entry(e).is_some_and(|(m2, _)| m2 == m)) {
                let close = if self.punct(h2.next(), ")") { h2.next() + 1 } else { h2.next() };
                if self.punct(next, "/") || close > h2.next() {
                    next = close;
                    return Some((m, cal, h.start(), next));
                }
            }
        }
        Some((m, cal, h.start(), next))
    }

    /// A year after a month or day: "2013", ", 2013", "عام 2016", "1434 هـ"; returns year, calendar marker
    /// (hijri / solar) and the next token.
    fn year_after(&self, mut i: usize) -> Option<(i32, Option<Cal>, usize)> {
        if self.punct(i, ",") {
            i += 1;
        }
        if self.year_at(i).is_none() && self.is_month_prep(i) {
            i += 1;
        }
        let y = self.year_at(i)?;
        let mut next = i + 1;
        let mut marker = None;
        if let Some(h) = self.hit(next, |e| matches!(e, Entry::HijriYear | Entry::SolarYear)) {
            marker = Some(if h.entry == Entry::SolarYear { Cal::Jalali } else { Cal::Hijri });
            next = h.next();
            // "هـ.ش", "هـ ش": a solar year.
            let after = if self.punct(next, ".") { next + 1 } else { next };
            if let Some(h2) = self.hit(after, |e| e == Entry::SolarYear) {
                marker = Some(Cal::Jalali);
                next = h2.next();
            }
            if self.punct(next, ".") && marker.is_some() {
                next += 1;
            }
        }
        Some((y, marker, next))
    }

    /// Patterns that start with a number at `i`.
    fn at_number(&self, i: usize) -> Option<Found> {
        let t = self.toks[i];
        // Release numbers "2011-07-S-003" (and ISO dates "2013-01-25").
        if let Some(y) = self.year_at(i) {
            if self.punct(i + 1, "-") && self.num(i + 2).is_some() && self.punct(i + 3, "-") {
                let release = self.toks.get(i + 4).is_some_and(|t| t.class == Class::Word);
                if release {
                    return Some(Found { converted: false, kind: None, end_tok: i + 5, start: self.start(&t) });
                }
                if self.num_len(i + 2) <= 2 && self.num_len(i + 4) <= 2 && !self.punct(i + 5, "-") {
                    let d = Date::new(y, self.num(i + 2)? as u8, self.num(i + 4)? as u8);
                    return Some(Found {
                        converted: false,
                        kind: d.map(|d| Kind::Fixed(DateRange::day(d))),
                        end_tok: i + 5,
                        start: self.start(&t),
                    });
                }
                return Some(Found { converted: false, kind: None, end_tok: i + 5, start: self.start(&t) });
            }
            // "2019/2/17", a year first.
            if (self.punct(i + 1, "/") || self.punct(i + 1, "."))
                && self.punct(i + 3, t_sep(self.text, &self.toks, i + 1))
            {
                let (m, d) = (self.day_at(i + 2)?, self.day_at(i + 4)?);
                let cal = self.numeric_calendar(y);
                let d = convert(cal, y, m, d).filter(|_| year_ok(cal, y));
                return Some(Found {
                    converted: !matches!(cal, Cal::Gregorian { .. }),
                    kind: d.map(|d| Kind::Fixed(DateRange::day(d))),
                    end_tok: i + 5,
                    start: self.start(&t),
                });
            }
            // "۱۴۰۳ شهریور ۱۴": a solar year, its month, the day.
            if let Some((m, Cal::Jalali, _, next)) = self.month_at(i + 1).filter(|_| year_ok(Cal::Jalali, y)) {
                if let Some(day) = self.day_at(next) {
                    return Some(Found {
                        converted: true,
                        kind: from_jalali(y, m, day).map(|d| Kind::Fixed(DateRange::day(d))),
                        end_tok: next + 1,
                        start: self.start(&t),
                    });
                }
            }
            // "1434 هـ", "1398 ش", "سال 1398".
            if let Some((y, marker, next)) = self.year_after(i) {
                let cal = marker.or_else(|| {
                    (i > 0
                        && self
                            .hit(i - 1, |e| e == Entry::MonthPrep)
                            .is_some_and(|_| self.toks[i - 1].s(self.text) == "سال")
                        && (1300..1500).contains(&y))
                    .then_some(Cal::Jalali)
                });
                if let Some(cal @ (Cal::Hijri | Cal::Jalali)) = cal {
                    let r = (|| {
                        let a = month_range(cal, y, 1)?;
                        let b = month_range(cal, y, 12)?;
                        Some(DateRange { start: a.start, end: b.end, precision: Precision::Year })
                    })()
                    .filter(|_| year_ok(cal, y));
                    return Some(Found {
                        converted: true,
                        kind: r.map(Kind::Fixed),
                        end_tok: next,
                        start: self.start(&t),
                    });
                }
            }
        }
        // "2/17/2019", "17.02.2019".
        if let Some(sep) = ["/", "."].into_iter().find(|s| self.punct(i + 1, s)) {
            if self.punct(i + 3, sep) && self.num_len(i) <= 2 && self.num_len(i + 2) <= 2 {
                let y = self.year_at(i + 4)?;
                let (a, b) = (self.num(i)? as u8, self.num(i + 2)? as u8);
                let (m, d) = if a > 12 || (b <= 12 && self.lang != Language::English) { (b, a) } else { (a, b) };
                let cal = self.numeric_calendar(y);
                let d = convert(cal, y, m, d).filter(|_| year_ok(cal, y));
                return Some(Found {
                    converted: !matches!(cal, Cal::Gregorian { .. }),
                    kind: d.map(|d| Kind::Fixed(DateRange::day(d))),
                    end_tok: i + 5,
                    start: self.start(&t),
                });
            }
        }
        // "25 January 2013", "10 من مارس (آذار)", "15 رمضان 1434", "۲۴ اسد".
        let day = self.day_at(i)?;
        let mut j = i + 1;
        if self.toks.get(j).is_some_and(|t| t.s(self.text) == "من" || t.s(self.text) == "of") {
            j += 1;
        }
        let (m, cal, _, next) = self.month_at(j)?;
        let found = self.with_year(self.start(&t), cal, m, Some(day), next);
        // Afghan and Iranian reports date by day and solar month alone ("روز سه‌شنبه، ۲۴ اسد"): the year is the
        // anchor's. A month name that is also a common word after a number needs its year.
        let solar = found.kind.is_none()
            && self.hit(j, |e| matches!(e, Entry::JalaliMonth(_))).is_some()
            && from_jalali(1403, m, day).is_some();
        if solar {
            return Some(Found { kind: Some(Kind::SolarMonthDay { month: m, day }), converted: true, ..found });
        }
        Some(found)
    }

    /// Calendar of an all-numeric date by its year: 13xx/14xx is solar Hijri in Dari and Pashto, Hijri in
    /// Arabic.
    fn numeric_calendar(&self, y: i32) -> Cal {
        match (y, self.lang) {
            (1300..=1450, Language::Dari | Language::Pashto) => Cal::Jalali,
            (1300..=1500, _) => Cal::Hijri,
            _ => Cal::Gregorian { weak: false },
        }
    }

    /// Completes a day-month (or bare month) with an optional year after token `next`.
    fn with_year(&self, start: usize, cal: Cal, m: u8, day: Option<u8>, next: usize) -> Found {
        if let Some((y, marker, after)) = self.year_after(next) {
            let cal = match (cal, marker) {
                (Cal::Gregorian { .. }, Some(_)) => None,
                _ => Some(cal),
            };
            if let Some(cal) = cal.filter(|c| year_ok(*c, y)) {
                let r = match day {
                    Some(d) => convert(cal, y, m, d).map(DateRange::day),
                    None => month_range(cal, y, m),
                };
                return Found {
                    converted: !matches!(cal, Cal::Gregorian { .. }),
                    kind: r.map(Kind::Fixed),
                    end_tok: after,
                    start,
                };
            }
        }
        // Hijri and solar month names are common words: without a year they say nothing.
        let kind = match (cal, day) {
            (Cal::Gregorian { .. }, Some(d)) => Date::new(2000, m, d).map(|_| Kind::MonthDay { month: m, day: d }),
            _ => None,
        };
        Found { converted: false, kind, end_tok: next, start }
    }

    /// Patterns that start with a month name: "Jan. 25, 2013", "Feb 17", "February 2016", "in February".
    fn at_month(&self, i: usize) -> Option<Found> {
        let (m, cal, start, next) = self.month_at(i)?;
        // Pashto "حمل په ۱۰مه": the month, a link, the day with its ordinal ending.
        let link = |k: usize| self.hit(k, |e| e == Entry::DayLink).map(|h| h.next());
        let (next, linked) = match link(next) {
            Some(day) if self.day_at(day).is_some() => (day, true),
            _ => (next, false),
        };
        if let Some(day) = self.day_at(next).filter(|_| self.year_at(next).is_none()) {
            let after = if linked { link(next + 1).unwrap_or(next + 1) } else { next + 1 };
            // A day followed by ":" and digits is a clock time ("May 10:30"), not a day.
            if self.punct(after, ":") && self.num(after + 1).is_some() {
                return None;
            }
            let mut f = self.with_year(start, cal, m, Some(day), after);
            // Pashto may name the year first: "د ۱۴۰۱ کال د زمري په ۲۵مه".
            if f.kind.is_none() && linked && cal == Cal::Jalali {
                if let Some(y) = self.year_before_month(i) {
                    f.kind = convert(cal, y, m, day).map(DateRange::day).map(Kind::Fixed);
                    f.converted = f.kind.is_some();
                }
            }
            // Linked to its day, a solar month name is no common word.
            if f.kind.is_none() && linked && cal == Cal::Jalali {
                f.kind = Some(Kind::SolarMonthDay { month: m, day });
            }
            if f.kind.is_some()
                && matches!(cal, Cal::Gregorian { weak: true })
                && !matches!(f.kind, Some(Kind::Fixed(_)))
            {
                // "may 3 ..." is usually the verb: only accept it as a date when nothing word-like follows.
                let follows_word = self.toks.get(after).is_some_and(|t| t.class != Class::Punct);
                if follows_word && !(i > 0 && self.is_month_prep(i - 1)) {
                    return None;
                }
            }
            return Some(f);
        }
        if self.year_after(next).is_some() {
            let f = self.with_year(start, cal, m, None, next);
            if matches!(f.kind, Some(Kind::Fixed(_))) {
                return Some(f);
            }
        }
        // A bare month: only a strong Gregorian name after "in", "during", "في", "منذ" ...
        if cal == (Cal::Gregorian { weak: false }) && i > 0 && self.is_month_prep(i - 1) {
            return Some(Found {
                converted: false,
                kind: Some(Kind::Month { month: m, part: None }),
                end_tok: next,
                start,
            });
        }
        None
    }

    /// The solar year named before a Pashto month: "د ۱۴۰۱ کال د زمري" (of the year 1401, of Asad), the month's
    /// token being `month`.
    fn year_before_month(&self, month: usize) -> Option<i32> {
        let word = |k: usize, w: &str| self.toks.get(k).is_some_and(|t| t.s(self.text) == w);
        let year_word = month.checked_sub(2).filter(|&k| word(k, "كال") || word(k, "کال"))?;
        let number = year_word.checked_sub(1)?;
        let y = i32::try_from(self.num(number)?).ok()?;
        (word(month - 1, "د") && year_ok(Cal::Jalali, y)).then_some(y)
    }

    /// "mid-February", "early March 2016", "منتصف فبراير (شباط)", "end of March".
    fn at_part(&self, part: Part, start: usize, mut j: usize) -> Option<Found> {
        if self.punct(j, "-") {
            j += 1;
        }
        if self.is_month_prep(j) && self.month_at(j).is_none() {
            j += 1;
        }
        // "early this month", "أواخر الشهر الماضي": a part of the month named by its place beside the anchor's.
        if let Some(h) = self.hit(j, |e| matches!(e, Entry::Period { unit: Unit::Month, .. })) {
            let Entry::Period { shift, .. } = h.entry else {
                return None;
            };
            return Some(Found {
                converted: false,
                kind: Some(Kind::MonthPart { shift, part }),
                end_tok: h.next(),
                start,
            });
        }
        let (m, cal, _, next) = self.month_at(j)?;
        if let Some((y, _, after)) = self.year_after(next) {
            let r = month_range(cal, y, m).filter(|_| year_ok(cal, y)).and_then(|r| month_part(r.start, Some(part)));
            return Some(Found {
                converted: !matches!(cal, Cal::Gregorian { .. }),
                kind: r.map(Kind::Fixed),
                end_tok: after,
                start,
            });
        }
        if matches!(cal, Cal::Gregorian { weak: false }) {
            return Some(Found {
                converted: false,
                kind: Some(Kind::Month { month: m, part: Some(part) }),
                end_tok: next,
                start,
            });
        }
        None
    }

    /// An amount of time at `i`: "three weeks", "24 hours", "يومين", "the past week" (1). Returns days, the
    /// precision of the unit, the next token.
    fn amount(&self, mut i: usize) -> Option<(u32, Precision, usize)> {
        if self.toks.get(i).is_some_and(|t| t.s(self.text) == "the" || t.s(self.text) == "ال") {
            i += 1;
        }
        let unit_of = |h: Hit| match h.entry {
            Entry::Unit { unit, count } => Some((unit, count, h.next())),
            _ => None,
        };
        // Digits, else a number word: its value and the token after it.
        let number = match self.num(i) {
            Some(n) => Some((n, i + 1)),
            None => self.hit(i, |e| matches!(e, Entry::Number(_))).and_then(|h| match h.entry {
                Entry::Number(n) => Some((n, h.next())),
                _ => None,
            }),
        };
        let (n, unit, count, next) = if let Some((n, step)) = number {
            let (unit, count, next) = unit_of(self.hit(step, |e| matches!(e, Entry::Unit { .. }))?)?;
            (n, unit, count, next)
        } else {
            let (unit, count, next) = unit_of(self.hit(i, |e| matches!(e, Entry::Unit { .. }))?)?;
            // "الساعات الـ24 الماضية", "الأيام الثلاثة الماضية": the number after the unit.
            let word_after = || match self.hit(next, |e| matches!(e, Entry::Number(_))).map(|h| (h.entry, h.next())) {
                Some((Entry::Number(n), after)) => Some((n, after)),
                _ => None,
            };
            match self.num(next) {
                Some(n) if self.num_len(next) <= 3 => (n, unit, count, next + 1),
                _ => match word_after() {
                    Some((n, after)) => (n, unit, count, after),
                    None => (count.max(1), unit, count, next),
                },
            }
        };
        let n = if count > 0 && n == count { count } else { n.max(1) };
        if n == 0 || n > 1000 {
            return None;
        }
        let (days, precision) = match unit {
            Unit::Hour => (n.div_ceil(24), Precision::Day),
            Unit::Day => (n, Precision::Day),
            Unit::Week | Unit::SolarWeek | Unit::IsoWeek => (7 * n, Precision::Week),
            Unit::Month => (30 * n, Precision::Month),
            Unit::Year => (365 * n, Precision::Year),
        };
        Some((days, precision, next))
    }

    /// After a weekday or unit: "الماضي" (last) or "المقبل" (next).
    fn after_marker(&self, i: usize) -> (Option<Entry>, usize) {
        match self.hit(i, |e| matches!(e, Entry::Last | Entry::Next)) {
            Some(h) => (Some(h.entry), h.next()),
            None => (None, i),
        }
    }

    /// A weekday at `i` (with "ليل"/"مساء"/"night"-type words already consumed by the caller), resolved to
    /// look back from `not_after`.
    fn at_weekday(&self, i: usize, start: usize, mut not_after: i32) -> Option<Found> {
        let h = self.hit(i, |e| matches!(e, Entry::Weekday(_)))?;
        let Entry::Weekday(wd) = h.entry else {
            return None;
        };
        let mut next = h.next();
        // "last Friday", "next Friday".
        if i > 0 {
            match self.hits(i - 1).first().map(|h| h.entry) {
                Some(Entry::Next) => return Some(Found { converted: false, kind: None, end_tok: next, start }),
                Some(Entry::Last) if self.toks[i - 1].s(self.text) == "last" => not_after = not_after.min(-1),
                _ => {}
            }
        }
        let mut days = 1;
        // "ليل الجمعة - السبت": the night from one day to the next.
        if self.punct(next, "-") || self.punct(next, "/") {
            if let Some(h2) = self.hit(next + 1, |e| e == Entry::Weekday(wd % 7 + 1)) {
                next = h2.next();
                days = 2;
            }
        }
        if let Some(h2) = self.hit(next, |e| e == Entry::TimeOfDay) {
            next = h2.next();
        }
        match self.after_marker(next) {
            (Some(Entry::Next), n) => return Some(Found { converted: false, kind: None, end_tok: n, start }),
            (Some(Entry::Last), n) => {
                next = n;
                not_after = not_after.min(-1);
            }
            _ => {}
        }
        if self.punct(next, ")") && i > 0 && self.punct(i - 1, "(") {
            next += 1;
        }
        Some(Found {
            converted: false,
            kind: Some(Kind::Weekday { weekday: wd, not_after, days }),
            end_tok: next,
            start,
        })
    }

    /// "ago" or "after" following an amount at token `next` ("two days ago", "پنج روز پس از"): the kind and the
    /// token after the word.
    fn ago_after(&self, next: usize, days: u32, precision: Precision) -> Option<(Kind, usize)> {
        let h = self.hit(next, |e| matches!(e, Entry::Ago | Entry::Since { opens: false }))?;
        Some((ago_or_since(h.entry, days, precision), h.next()))
    }

    /// One expression starting at token `i`, if any.
    fn at(&self, i: usize) -> Option<Found> {
        let t = self.toks[i];
        if t.class == Class::Num || self.num(i).is_some() {
            if let Some(f) = self.at_number(i) {
                return Some(f);
            }
            // "two days ago", "24 hours ago".
            if let Some((kind, end_tok)) =
                self.amount(i).and_then(|(days, precision, next)| self.ago_after(next, days, precision))
            {
                return Some(Found { converted: false, kind: Some(kind), end_tok, start: self.start(&t) });
            }
            return self.at_year(i);
        }
        if t.class != Class::Word {
            return None;
        }
        for &h in self.hits(i) {
            let found = match h.entry {
                Entry::Month(_)
                | Entry::MonthWeak(_)
                | Entry::HijriMonth(_)
                | Entry::JalaliMonth(_)
                | Entry::JalaliMonthWeak(_) => self.at_month(i),
                Entry::Weekday(_) => self.at_weekday(i, h.start(), 0),
                Entry::RelDay { offset, days } => self.at_rel_day(i, h, offset, days),
                Entry::Night | Entry::TimeOfDay => {
                    // "ليل الجمعة", "مساء امس", "صباح اليوم": the day named after it.
                    let next = if self.punct(h.next(), "(") { h.next() + 1 } else { h.next() };
                    match self.hits(next).first().map(|x| (x.entry, *x)) {
                        Some((Entry::Weekday(_), _)) => self.at_weekday(next, h.start(), 0),
                        Some((Entry::RelDay { offset, days }, x)) => {
                            self.at_rel_day(next, x, offset, days).map(|f| Found { start: h.start(), ..f })
                        }
                        _ => None,
                    }
                }
                Entry::Period { unit, shift } => Some(Found {
                    converted: false,
                    kind: Some(Kind::Period { unit, shift }),
                    end_tok: h.next(),
                    start: h.start(),
                }),
                Entry::Part(part) => self.at_part(part, h.start(), h.next()),
                Entry::Season { first, last } => self.at_season(h, first, last),
                Entry::Past | Entry::LessThan | Entry::Last => {
                    let (days, precision, next) = self.amount(h.next())?;
                    let (marker, next) = self.after_marker(next);
                    if marker == Some(Entry::Next) {
                        return None;
                    }
                    Some(Found {
                        converted: false,
                        kind: Some(Kind::Past { days, precision }),
                        end_tok: next,
                        start: h.start(),
                    })
                }
                // "قبل يومين", "منذ ثلاثة أسابيع"; "با گذشت دو هفته از": the word opens the amount.
                Entry::Ago | Entry::Since { opens: true } => {
                    let (days, precision, next) = self.amount(h.next())?;
                    Some(Found {
                        converted: false,
                        kind: Some(ago_or_since(h.entry, days, precision)),
                        end_tok: next,
                        start: h.start(),
                    })
                }
                Entry::Number(_) | Entry::Unit { .. } => {
                    let (days, precision, next) = self.amount(i)?;
                    let (kind, end_tok) = self.ago_after(next, days, precision)?;
                    Some(Found { converted: false, kind: Some(kind), end_tok, start: h.start() })
                }
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    fn at_rel_day(&self, i: usize, h: Hit, offset: i32, days: u32) -> Option<Found> {
        let t = self.toks[i];
        // "اليوم التالي" (the next day), "نفس اليوم" (the same day): a day of the story, not of the report.
        let words = date_words();
        if words.today.iter().any(|w| t.s(self.text).ends_with(w.as_str())) {
            let next_word = self.toks.get(h.next()).map_or("", |t| t.s(self.text));
            if words.story_after.iter().any(|w| w == next_word) {
                return None;
            }
            if i > 0 && words.story_before.iter().any(|w| w == self.toks[i - 1].s(self.text)) {
                return None;
            }
        }
        // "today (Wednesday)", "اليوم الاثنين", "أمس الأحد": the weekday, looked up from that day.
        if days == 1 {
            let next = if self.punct(h.next(), "(") { h.next() + 1 } else { h.next() };
            if self.hit(next, |e| matches!(e, Entry::Weekday(_))).is_some() {
                if let Some(f) = self.at_weekday(next, h.start(), offset) {
                    return Some(f);
                }
            }
        }
        let mut next = h.next();
        if let Some(h2) = self.hit(next, |e| e == Entry::TimeOfDay) {
            next = h2.next();
        }
        Some(Found { converted: false, kind: Some(Kind::Relative { offset, days }), end_tok: next, start: h.start() })
    }

    /// "autumn 2016", "خريف 2016", "spring of 2016": whole months; a season needs its year.
    fn at_season(&self, h: Hit, first: u8, last: u8) -> Option<Found> {
        let mut j = h.next();
        if self.toks.get(j).is_some_and(|t| t.s(self.text) == "of") {
            j += 1;
        }
        let (y, _, next) = self.year_after(j)?;
        if !(1900..=2100).contains(&y) {
            return None;
        }
        let start_year = if first > last { y - 1 } else { y };
        let start = Date::new(start_year, first, 1)?;
        let end = Date::new(y, last, 1)?.month_end();
        Some(Found {
            converted: false,
            kind: Some(Kind::Fixed(DateRange { start, end, precision: Precision::Month })),
            end_tok: next,
            start: h.start(),
        })
    }

    /// A bare Gregorian year, only as a time reference: "in 2016", "عام 2016", "since 2016".
    fn at_year(&self, i: usize) -> Option<Found> {
        let y = self.year_at(i)?;
        if !(1900..=2100).contains(&y) || i == 0 || !self.is_month_prep(i - 1) {
            return None;
        }
        // "in 2016 attacks": a count or a noun after it is not a year ("عام 2016" is safe either way).
        let next = self.toks.get(i + 1);
        if next.is_some_and(|n| {
            n.class == Class::Num || (n.class == Class::Punct && matches!(n.s(self.text), "-" | "/" | ":"))
        }) {
            return None;
        }
        Some(Found {
            converted: false,
            kind: DateRange::year(y).map(Kind::Fixed),
            end_tok: i + 1,
            start: self.start(&self.toks[i]),
        })
    }

    /// Whether the expression spanning tokens `a..b` dates a report: a reporting word just before it (up to six
    /// words before when the date stands between commas after the verb's subject: "أعلنت وزارة الدفاع الأفغانية،
    /// اليوم الأحد،"), just after it, or (when it opens a sentence) within three words after.
    fn reporting(&self, a: usize, b: usize) -> bool {
        let is_report = |i: usize| self.hit(i, |e| e == Entry::Report).is_some();
        let set_off = a > 0 && matches!(self.toks[a - 1].s(self.text), "," | "،");
        let reach = if set_off { 6 } else { 3 };
        // Words before it, nearest first (an array: no allocation per expression).
        let mut words_before = [0; 6];
        let mut n = 0;
        let mut k = a;
        while k > 0 && n < reach {
            k -= 1;
            let t = self.toks[k];
            if t.class == Class::Punct && matches!(t.s(self.text), "." | "!" | "?" | ";") {
                break;
            }
            if t.class == Class::Word {
                words_before[n] = k;
                n += 1;
            }
            if t.nl_before {
                break;
            }
        }
        let before = &words_before[..n];
        if before.iter().any(|&k| is_report(k)) {
            return true;
        }
        if b < self.toks.len() && is_report(b) {
            return true;
        }
        // Opens a sentence (possibly after "on", "و", "يوم"): "On Sunday, the ministry issued a statement".
        let openers = &date_words().openers;
        let opens = before.iter().all(|&k| openers.iter().any(|w| w == self.toks[k].s(self.text)))
            && (a == 0 || self.toks[a].nl_before || before.len() < 3);
        let opens = opens && {
            let first = before.last().copied().unwrap_or(a);
            first == 0
                || self.toks[first].nl_before
                || matches!(self.toks[first - 1].s(self.text), "." | "!" | "?" | ";" | "\"")
                || self.toks[first - 1].nl_before
        };
        if opens {
            let mut seen = 0;
            let mut k = b;
            while k < self.toks.len() && seen < 3 {
                if self.toks[k].class == Class::Word || self.toks[k].class == Class::Num {
                    if is_report(k) {
                        return true;
                    }
                    seen += 1;
                } else if self.toks[k].s(self.text) != "," {
                    break;
                }
                k += 1;
            }
        }
        false
    }

    /// Every expression, in order, with its token range, found only as far as it is read.
    pub fn scan_iter(&self) -> Scan<'_, '_> {
        Scan { sc: self, k: 0 }
    }

    /// Finds the next expression after token `*i` (with its token range and whether it was converted from
    /// another calendar), moving `*i` past it; `None` at the end of the text.
    fn next_expr(&self, i: &mut usize) -> Option<(DateExpr, Range<usize>, bool)> {
        loop {
            let at = self.next_start(*i);
            *i = at;
            if at >= self.toks.len() {
                return None;
            }
            match self.at(at) {
                Some(f) if f.end_tok > at => {
                    *i = f.end_tok;
                    if let Some(kind) = f.kind {
                        let end = self.end(&self.toks[f.end_tok - 1]);
                        let reporting = self.reporting(at, f.end_tok);
                        return Some((DateExpr { range: f.start..end, kind, reporting }, at..f.end_tok, f.converted));
                    }
                }
                _ => *i += 1,
            }
        }
    }
}

/// The expressions of a [`Scanner`], found as they are read.
pub(crate) struct Scan<'s, 'a> {
    sc: &'s Scanner<'a>,
    /// The next expression of the scanner's `found.raw` to yield.
    k: usize,
}

impl Scan<'_, '_> {
    /// Finds expressions until `raw[k]` exists or the text ends; whether it exists.
    fn fill(&mut self, k: usize) -> bool {
        loop {
            let mut tok = {
                let found = self.sc.found.borrow();
                if found.raw.len() > k {
                    return true;
                }
                if found.done {
                    return false;
                }
                found.tok
            };
            let next = self.sc.next_expr(&mut tok);
            let mut found = self.sc.found.borrow_mut();
            found.tok = tok;
            match next {
                Some(x) => found.raw.push(x),
                None => found.done = true,
            }
        }
    }
}

impl Iterator for Scan<'_, '_> {
    type Item = (DateExpr, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let k = self.k;
            if !self.fill(k) {
                return None;
            }
            // Its neighbour after must be known.
            self.fill(k + 1);
            self.k += 1;
            // A Hijri or solar date printed beside a Gregorian one ("15 رمضان 1434 هـ الموافق 24 يوليو 2013",
            // "24 July 2013 (15 Ramadan 1434)"): keep the Gregorian, which needs no ±1-day conversion.
            let found = self.sc.found.borrow();
            let out = &found.raw;
            let beside = |a: &Range<usize>, b: &Range<usize>| {
                let gap = if a.end <= b.start { a.end..b.start } else { b.end..a.start };
                gap.end.saturating_sub(gap.start) <= 3
            };
            let (e, toks, converted) = &out[k];
            let gregorian_beside = |j: usize| {
                out.get(j).is_some_and(|(e, t, c)| {
                    !c && matches!(e.kind, Kind::Fixed(_) | Kind::MonthDay { .. }) && beside(toks, t)
                })
            };
            if !converted || !(gregorian_beside(k + 1) || (k > 0 && gregorian_beside(k - 1))) {
                return Some((e.clone(), toks.clone()));
            }
        }
    }
}

/// Whether [`Scanner::at`] reads a match of `entry` as the start of an expression (the others only qualify a
/// neighbour: "in", "said", "next").
fn opens_expression(entry: Entry) -> bool {
    !matches!(entry, Entry::MonthPrep | Entry::Report | Entry::Next | Entry::HijriYear | Entry::SolarYear)
}

/// Whether [`Scanner::num`] may read a number at token `t`: no false negatives, cheap.
fn may_be_number<'a>(text: &'a str, t: &Tok<'a>) -> bool {
    match t.class {
        Class::Num => true,
        // A digit first, or "ال" (D8 A7 D9 84) first: the first byte turns most words away.
        Class::Word => match t.s(text).as_bytes().first() {
            Some(b'0'..=b'9') => true,
            Some(0xD8) => t.s(text).starts_with("ال"),
            _ => false,
        },
        Class::Punct => false,
    }
}

/// `s` without every leading "ال" (`trim_start_matches("ال")` without a string searcher).
fn strip_articles(mut s: &str) -> &str {
    while let Some(rest) = s.strip_prefix("ال") {
        s = rest;
    }
    s
}

fn t_sep<'a>(text: &'a str, toks: &[Tok<'a>], i: usize) -> &'a str {
    toks.get(i).map_or("", |t| t.s(text))
}

/// Every date expression in folded `text`, in order, with its folded byte span and meaning.
pub fn expressions(text: &str, lang: Language) -> Vec<DateExpr> {
    Scanner::new(text, lang).scan_iter().map(|(e, _)| e).collect()
}

/// [`crate::dateline`] and [`expressions`] from one tokenisation of `text` and one set of vocabulary matches:
/// each would read the whole text.
#[inline(never)] // Once per text; out of line so profiles show its cost.
pub fn dateline_and_expressions(
    text: &str,
    lang: Language,
    published: Option<Date>,
) -> (Option<(DateRange, Range<usize>)>, Vec<DateExpr>) {
    // The dateline is read in the document's language: Dari and Pashto read an all-numeric 13xx/14xx date as
    // solar Hijri ("شنبه ۱۴۰۳/۰۶/۱۷"), and Arabic, Dari and Pashto write a numeric date day first ("12/5/2019م").
    let sc = Scanner::new(text, lang);
    let line = crate::dateline::dateline_in(&sc, text, published);
    let expressions = sc.scan_iter().map(|(e, _)| e).collect();
    (line, expressions)
}

/// The date an event told in `text[window]` happened, resolved against `anchor`, with the span it was read
/// from: the first expression in the window that does not date a report, else the first that does.
/// Expressions that cannot be resolved are passed over. `None` when the window has no date.
pub fn event_date(text: &str, window: Range<usize>, lang: Language, anchor: Date) -> Option<(DateRange, Range<usize>)> {
    let exprs = expressions(text, lang);
    let inside = |e: &&DateExpr| e.range.start >= window.start && e.range.end <= window.end;
    let resolved = |e: &DateExpr| resolve(e, anchor).filter(|r| r.start <= anchor).map(|r| (r, e.range.clone()));
    let mut candidates: Vec<&DateExpr> = exprs.iter().filter(inside).collect();
    candidates.sort_by_key(|e| e.reporting);
    candidates.into_iter().find_map(resolved)
}

/// `days` before the anchor, as "ago" says, or as "after" says of the act named next.
fn ago_or_since(entry: Entry, days: u32, precision: Precision) -> Kind {
    if entry == Entry::Ago {
        Kind::Ago { days, precision }
    } else {
        Kind::Since { days, precision }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_text::{fold, is_word_char};

    /// The tokenizer written plainly, character by character: what the fast paths must agree with.
    fn reference_tokens(text: &str) -> Vec<(&str, usize, Class, bool)> {
        let mut toks = Vec::new();
        let mut nl = false;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if c.is_whitespace() {
                nl |= matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
                continue;
            }
            let mut end = at + c.len_utf8();
            let class = if is_word_char(c) {
                let mut digits = c.is_ascii_digit();
                let word_end = text[at..].find(|c: char| !is_word_char(c)).map_or(text.len(), |n| at + n);
                let digit_run = text[at..word_end].find(|c: char| !c.is_ascii_digit()).map(|n| at + n);
                let era = digit_run.filter(|&d| ERA_MARKS.contains(&&text[d..word_end]));
                while let Some(&(i, c2)) = chars.peek() {
                    if !is_word_char(c2) || Some(i) == era {
                        break;
                    }
                    digits &= c2.is_ascii_digit();
                    end = i + c2.len_utf8();
                    chars.next();
                }
                if digits {
                    Class::Num
                } else {
                    Class::Word
                }
            } else {
                Class::Punct
            };
            toks.push((&text[at..end], at, class, nl));
            nl = false;
        }
        toks
    }

    /// Texts that reach every path: ASCII, Arabic and Persian letters and digits, proclitics, articles before
    /// digits, non-breaking and other Unicode spaces, line separators, three- and four-byte characters.
    fn tricky_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "KABUL, Afghanistan (Jan. 25, 2013) - On Sunday, the AFF said 25th of May 10:30.",
            "2011-07-S-003 2013-01-25 2019/2/17 17.02.2019 1434 هـ 1398 ش سال 1398",
            "2021م 1442هـ 1442ه ۲۴مه 24مه 2021مم م2021 12ab",
            "في 7 من أبريل (نيسان) 2016 وبالأمس الـ24 ال24 اليوم الاثنين، ولقوات وبمديرية",
            "دیشب ۱۳۹۸ پرون ١٢٣ tab\there\u{a0}nbsp\u{2028}ls\u{2029}ps\r\ncrlf\u{85}nel\u{3000}ideo",
            "abcdefg abcdefgh abcdefghi 1234567 12345678 123456789 ABC Def 1st 9z z9 a.b a\nb a  b a\u{e9} a\u{e9}b",
            "seven7 eight888 seven7\u{a0}x seven7\u{0660}x 25th. (1)2,3 abc",
            "emoji 😀x 中文字 e\u{301}\u{301} zw\u{200c}nj x\u{200d}y 12ab ab12 1٢3 _under_score_ a-b",
            "",
            " ",
            "\n",
            "word",
            "9",
            "ال",
            "و",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every one- and two-byte character and a sample of longer ones, inside a word, between words and
        // alone.
        let sample = (0..0x800u32).chain((0x800..0x3_0000).step_by(97)).filter_map(char::from_u32);
        for c in sample {
            texts.push(format!("ab{c}cd 1{c}2 {c} ال{c}"));
        }
        texts
    }

    /// The candidates' rule written plainly: a number, a word in Arabic script (proclitics), or one the
    /// vocabulary filter lets through.
    fn may_match<'a>(lex: &Lexicon, text: &'a str, t: &Tok<'a>) -> bool {
        match t.class {
            Class::Num => true,
            Class::Word => {
                let s = t.s(text);
                may_be_number(text, t) || starts_arabic(s) || lex.filter().has_slot(crate::chars::WordFilter::slot(s))
            }
            Class::Punct => false,
        }
    }

    #[test]
    fn tokenize_agrees_with_the_plain_tokenizer() {
        for text in tricky_texts() {
            for lang in [Language::English, Language::Pashto] {
                let lex = lexicon(lang);
                let Tokens { toks, candidates } = tokenize(&text, lex);
                let fast: Vec<_> = toks.iter().map(|t| (t.s(&text), t.start(), t.class, t.nl_before)).collect();
                assert_eq!(fast, reference_tokens(&text), "{text:?}");
                let plain: Vec<Candidate> = (0..toks.len())
                    .filter(|&i| may_match(lex, &text, &toks[i]))
                    .map(|i| Candidate::new(i, crate::chars::WordFilter::slot(toks[i].s(&text))))
                    .collect();
                assert_eq!(candidates, plain, "{text:?}");
            }
        }
    }

    #[test]
    fn ascii_word_agrees_with_a_byte_loop() {
        // Every byte at every place of runs of word characters of every length up to three chunks.
        let base = b"abcdefghijklmnopqrstuvwx0123";
        for len in 0..=base.len() {
            for pos in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = base[..len].to_vec();
                    bytes[pos] = b;
                    let n = bytes.iter().position(|c| !c.is_ascii_alphanumeric()).unwrap_or(len);
                    // Read in whole chunks of eight: the one holding the byte after the run must be there.
                    let plain = (n / 8 * 8 + 8 <= len && bytes[n].is_ascii()).then(|| {
                        let mut head = [0u8; 8];
                        let k = n.min(8);
                        head[..k].copy_from_slice(&bytes[..k]);
                        (n, u64::from_le_bytes(head))
                    });
                    assert_eq!(ascii_word(&bytes), plain, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn tokens_passed_over_start_nothing() {
        // `next_start` skips the tokens `starts` leaves out: `at` must find nothing at any of them.
        let mut passed_over = 0;
        for text in tricky_texts().iter().map(|t| fold(t)) {
            for lang in [Language::English, Language::Arabic, Language::Pashto] {
                let sc = Scanner::new(&text, lang);
                for i in 0..sc.toks.len() {
                    if sc.starts[i / 64] & (1 << (i % 64)) == 0 {
                        passed_over += 1;
                        assert!(sc.at(i).is_none(), "{text:?} token {i} {:?}", sc.toks[i].s(sc.text));
                    }
                }
            }
        }
        assert!(passed_over > 1000);
    }

    #[test]
    fn expressions_are_found_past_the_first_words_of_starts() {
        // Expressions past many words of `Scanner::starts` without any.
        let filler = "x, ".repeat(3 * 64);
        let text = format!("{filler}on 25 january 2013 and {filler}yesterday");
        let found = expressions(&text, Language::English);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(&text[found[0].range.clone()], "25 january 2013");
        assert_eq!(&text[found[1].range.clone()], "yesterday");
    }
}

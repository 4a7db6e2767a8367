//! The expression parser over the words of folded text.

use std::cell::Cell;
use std::ops::Range;

use sitrep_text::{Language, ARABIC_PROCLITICS};

use crate::lexicon::{lexicon, Entry, LangLexicon, NumKind, QKind, Slot};
use crate::tokens::{tokenize, tokenize_at, tokenize_seeing, Seen, Token};
use crate::{Count, Quantity, Rule};

// Magnitude classes of the parts of a compound number: each may appear once per group.
const UNIT: u8 = 1;
const TENS: u8 = 2;
const HUNDREDS: u8 = 4;
const ALL: u8 = UNIT | TENS | HUNDREDS;

/// Which end of a range a number is, so the range's own hyphen is not read as an identifier's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Alone,
    Low,
    High,
}

/// A parsed number: its value and the tokens it spans.
#[derive(Debug, Clone, Copy)]
struct Num {
    value: u32,
    start: usize,
    /// Index of the token after the number.
    next: usize,
    /// Written in digits (the date, time and year checks apply).
    digits: bool,
    /// A lone four-digit figure in 1900..=2100.
    year_like: bool,
}

pub(crate) struct Parser<'a> {
    text: &'a str,
    toks: Vec<Token>,
    lex: &'static LangLexicon,
    lang: Language,
    /// The lexicon slots of the last two tokens looked up whole, latest first (see [`Parser::slot_at`]).
    memo: [Cell<(usize, Option<&'static Slot>)>; 2],
}

/// An empty [`Parser::memo`].
fn no_memo() -> [Cell<(usize, Option<&'static Slot>)>; 2] {
    [Cell::new((usize::MAX, None)), Cell::new((usize::MAX, None))]
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str, lang: Language) -> Parser<'a> {
        Parser { text, toks: tokenize(text), lex: lexicon(lang), lang, memo: no_memo() }
    }

    /// A parser over `text[range]` whose offsets still refer to `text`.
    pub(crate) fn window(text: &'a str, range: Range<usize>, lang: Language) -> Parser<'a> {
        let toks = match text.get(range.clone()) {
            Some(slice) => tokenize_at(slice, range.start),
            None => Vec::new(),
        };
        Parser { text, toks, lex: lexicon(lang), lang, memo: no_memo() }
    }

    pub(crate) fn tokens(&self) -> &[Token] {
        &self.toks
    }

    fn word(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    /// The bytes of token `i`: what [`Parser::word`] gives without the checks of slicing a `str`, for tests
    /// and comparisons that run at most words.
    #[inline]
    fn bytes(&self, i: usize) -> &'a [u8] {
        self.toks.get(i).and_then(|t| self.text.as_bytes().get(t.start..t.end)).unwrap_or_default()
    }

    /// The bytes between token `i - 1` and token `i`.
    #[inline]
    fn gap_bytes(&self, i: usize) -> &'a [u8] {
        match (i.checked_sub(1).and_then(|p| self.toks.get(p)), self.toks.get(i)) {
            (Some(a), Some(b)) => self.text.as_bytes().get(a.end..b.start).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The text between token `i - 1` and token `i`.
    fn gap_before(&self, i: usize) -> &'a str {
        match (i.checked_sub(1).and_then(|p| self.toks.get(p)), self.toks.get(i)) {
            (Some(a), Some(b)) => &self.text[a.end..b.start],
            _ => "",
        }
    }

    /// The text after the last token up to the next token (or the end).
    fn gap_after(&self, i: usize) -> &'a str {
        let Some(t) = self.toks.get(i) else { return "" };
        let end = self.toks.get(i + 1).map_or(self.text.len(), |n| n.start);
        &self.text[t.end..end]
    }

    fn arabic_script(&self) -> bool {
        self.lang.is_arabic_script()
    }

    /// Whether words `i - 1` and `i` are in one phrase: only spaces between them, or nothing (و15).
    fn soft(&self, i: usize) -> bool {
        self.gap_is(i, b"", |c| c.is_whitespace())
    }

    /// Whether every character between tokens `i - 1` and `i` is whitespace or one of the ASCII `also`, as
    /// `ok` tells for each character. Gaps are mostly a space: ASCII bytes are tested as they are (tab to
    /// carriage return and the space are all `char::is_whitespace` knows below 0x80); only a gap with another
    /// character is decoded and given to `ok`.
    #[inline]
    fn gap_is(&self, i: usize, also: &[u8], ok: impl Fn(char) -> bool) -> bool {
        let gap = self.gap_bytes(i);
        match gap.iter().position(|&b| !(matches!(b, b' ' | b'\t'..=b'\r') || also.contains(&b))) {
            None => true,
            Some(k) => gap.get(k).is_some_and(|&b| !b.is_ascii()) && self.gap_before(i).chars().all(ok),
        }
    }

    fn is_digits(&self, i: usize) -> bool {
        let w = self.bytes(i);
        !w.is_empty() && w.iter().all(u8::is_ascii_digit)
    }

    /// The lexicon entries whose first word is token `i` ([`Index::starting_with`] of its bytes). An expression
    /// is read around a word and the one after it again and again (may it start, a modifier, a number, a head; a
    /// compound, a range, a month, a postfix modifier), so the last two are kept.
    #[inline]
    fn slot_at(&self, i: usize) -> Option<&'static Slot> {
        let [latest, before] = &self.memo;
        let a = latest.get();
        if a.0 == i {
            return a.1;
        }
        let b = before.get();
        if b.0 == i {
            return b.1;
        }
        let slot = self.lex.index.starting_with(self.bytes(i));
        before.set(a);
        latest.set((i, slot));
        slot
    }

    /// Ways to read token `i` as a lexicon word: whole, or after Arabic proclitics (و ف ب ل, one or
    /// two). A two-letter stem only after و: لست is not ل + ست. Unused slots are `None`.
    fn readings(&self, i: usize, proclitics: bool, only_wa: bool) -> [Option<(usize, &'a str)>; 3] {
        let w = self.word(i);
        let mut out = [Some((0, w)), None, None];
        if !(proclitics && self.arabic_script()) {
            return out;
        }
        let mut prefix_len = 0;
        let mut found = 1;
        for (n, c) in w.chars().take(2).enumerate() {
            let allowed = if only_wa { c == 'و' && n == 0 } else { ARABIC_PROCLITICS.contains(&c) };
            if !allowed {
                break;
            }
            prefix_len += c.len_utf8();
            let rest = &w[prefix_len..];
            let rest_chars = rest.chars().take(3).count();
            if rest_chars >= 3 || (rest_chars == 2 && w.starts_with('و') && prefix_len == 'و'.len_utf8()) {
                out[found] = Some((prefix_len, rest));
                found += 1;
            }
        }
        out
    }

    /// Longest lexicon phrase at token `i` among entries of `table` that `keep` accepts.
    fn match_phrase<K: Copy>(
        &self,
        table: fn(&'static Slot) -> &'static [Entry<K>],
        i: usize,
        proclitics: bool,
        only_wa: bool,
        keep: impl Fn(K) -> bool,
    ) -> Option<(&'static Entry<K>, usize, usize)> {
        let tok = self.toks.get(i)?;
        // A slot's entries are longest first, so the first that fits is the longest of its reading.
        let longest =
            |slot: Option<&'static Slot>| table(slot?).iter().find(|e| keep(e.kind) && self.fits(&e.words, i));
        if !(proclitics && self.arabic_script()) {
            // The word itself is the only reading.
            return longest(self.slot_at(i)).map(|e| (e, tok.start, i + e.words.len()));
        }
        let mut best: Option<(&'static Entry<K>, usize, usize)> = None;
        for (prefix, first) in self.readings(i, proclitics, only_wa).into_iter().flatten() {
            let slot = if prefix == 0 { self.slot_at(i) } else { self.lex.index.starting_with(first.as_bytes()) };
            if let Some(e) = longest(slot) {
                let n = e.words.len();
                if best.is_none_or(|(b, _, _)| b.words.len() < n) {
                    best = Some((e, tok.start + prefix, i + n));
                }
            }
        }
        best
    }

    /// Whether the words after the first of a lexicon entry follow token `i`.
    fn fits(&self, words: &[String], i: usize) -> bool {
        (1..words.len()).all(|k| self.bytes(i + k) == words[k].as_bytes() && self.soft_or_tight(i + k))
    }

    /// Spaces, an apostrophe (o'clock) or a hyphen inside a multi-word lexicon entry.
    fn soft_or_tight(&self, i: usize) -> bool {
        self.gap_is(i, b"'-", |c| c.is_whitespace() || c == '\'' || c == '-')
    }

    fn quant(
        &self,
        i: usize,
        proclitics: bool,
        keep: impl Fn(QKind) -> bool,
    ) -> Option<(&'static Entry<QKind>, usize, usize)> {
        self.match_phrase(quantifiers, i, proclitics, false, keep)
    }

    fn is_kind(&self, i: usize, kind: QKind) -> bool {
        self.is_any_kind(i, &[kind])
    }

    /// Whether token `i` is, for one of `kinds`, a one-word entry of that kind: for each kind, the longest entry
    /// of that kind that fits is one word long (as [`Parser::is_kind`] of each, with one lookup of the word).
    fn is_any_kind(&self, i: usize, kinds: &[QKind]) -> bool {
        let Some(slot) = self.toks.get(i).and_then(|_| self.slot_at(i)) else {
            return false;
        };
        kinds.iter().any(|&kind| {
            let longest = slot.quantifiers.iter().find(|e| e.kind == kind && self.fits(&e.words, i));
            longest.is_some_and(|e| e.words.len() == 1)
        })
    }

    /// Digits at token `i`, with thousands separators (1,200). None when the figure overflows or is
    /// written like an identifier (leading zero).
    fn digits_at(&self, i: usize) -> Option<(u64, usize, bool)> {
        let w = self.bytes(i);
        if !self.is_digits(i) || (w.len() > 1 && w.starts_with(b"0")) || w.len() > 12 {
            return None;
        }
        let mut value = decimal(w);
        let mut next = i + 1;
        let mut grouped = false;
        if w.len() <= 3 {
            while self.gap_bytes(next) == b"," && self.is_digits(next) && self.bytes(next).len() == 3 {
                value = value.checked_mul(1000)?.checked_add(decimal(self.bytes(next)))?;
                next += 1;
                grouped = true;
            }
        }
        let year_like = !grouped && w.len() == 4 && (1900..=2100).contains(&value);
        Some((value, next, year_like))
    }

    /// A number at token `i`: digits, or number words composed into one value.
    fn number_at(&self, i: usize) -> Option<Num> {
        self.number_with(i, self.digits_at(i))
    }

    /// [`Parser::number_at`] given [`Parser::digits_at`] of `i`, which the caller has already read.
    fn number_with(&self, i: usize, figure: Option<(u64, usize, bool)>) -> Option<Num> {
        let english = self.lang == Language::English;
        let tok = self.toks.get(i)?;
        let mut total: u64 = 0;
        let mut group: u64 = 0;
        let mut classes: u8 = 0;
        let mut last_big: u64 = u64::MAX;
        let mut last_mult = false;
        let mut digits = false;
        let mut year_like = false;
        let start;
        let mut pos;

        if let Some((value, next, y)) = figure {
            (group, classes, pos, digits, year_like, start) = (value, ALL, next, true, y, tok.start);
        } else if english && matches!(self.word(i), "a" | "an") {
            // "a hundred", "a dozen": the article stands for one.
            let mult = self.match_phrase(numbers, i + 1, false, false, |k| k == NumKind::Mult);
            if mult.is_none() || !self.soft(i + 1) {
                return None;
            }
            (group, classes, pos, start) = (1, ALL, i + 1, tok.start);
        } else {
            let (entry, s, next) = self.match_phrase(numbers, i, true, false, |_| true)?;
            let v = u64::from(entry.value);
            match entry.kind {
                NumKind::Ordinal | NumKind::MultPlural => return None,
                NumKind::Card if v >= 1000 => (total, classes) = (v, ALL),
                NumKind::Card => (group, classes) = (v, class_of(v)),
                NumKind::Teen => (group, classes) = (10, UNIT | TENS),
                NumKind::Mult => {
                    if v < 1000 {
                        (group, classes) = (v, if v == 100 { HUNDREDS } else { ALL });
                    } else {
                        (total, last_big) = (v, v);
                    }
                    last_mult = true;
                }
            }
            (pos, start) = (next, s);
        }

        loop {
            // The next part: right after (space, hyphen in English, or و attached), or after "and" / a lone و.
            let mut candidates: [Option<(usize, bool)>; 2] = [None, None];
            if pos < self.toks.len() && (self.soft(pos) || (english && self.gap_before(pos) == "-")) {
                candidates[0] = Some((pos, true));
                let w = self.word(pos);
                let joins = (english && w == "and" && last_mult) || (self.arabic_script() && w == "و");
                if joins && self.soft(pos + 1) {
                    candidates[1] = Some((pos + 1, false));
                }
            }
            let mut advanced = false;
            for (at, direct) in candidates.into_iter().flatten() {
                let Some((entry, s, next)) = self.match_phrase(numbers, at, true, true, |_| true) else {
                    continue;
                };
                let attached_wa = s != self.toks.get(at).map_or(s, |t| t.start);
                let v = u64::from(entry.value);
                match entry.kind {
                    // "twenty-first": the compound is an ordinal.
                    NumKind::Ordinal if direct && !attached_wa => return None,
                    NumKind::Ordinal => continue,
                    NumKind::Card => {
                        let cls = class_of(v);
                        if digits
                            || classes & cls != 0
                            || (cls == HUNDREDS && classes & (UNIT | TENS) != 0)
                            || (english && cls == TENS && classes & UNIT != 0)
                            || v >= 1000
                        {
                            continue;
                        }
                        group = group.checked_add(v)?;
                        classes |= cls;
                        last_mult = false;
                    }
                    NumKind::Teen => {
                        // عشر right after a unit (ثلاثة عشر، أحد عشر).
                        if !direct || attached_wa || classes != UNIT || digits {
                            continue;
                        }
                        group = group.checked_add(10)?;
                        classes = UNIT | TENS;
                        last_mult = false;
                    }
                    NumKind::Mult | NumKind::MultPlural => {
                        if attached_wa || !direct {
                            continue;
                        }
                        if v < 1000 {
                            if group >= v {
                                continue;
                            }
                            group = group.max(1).checked_mul(v)?;
                            classes = if v == 100 { HUNDREDS } else { ALL };
                        } else {
                            if v >= last_big {
                                continue;
                            }
                            total = total.checked_add(group.max(1).checked_mul(v)?)?;
                            (group, classes, last_big) = (0, 0, v);
                        }
                        last_mult = true;
                    }
                }
                year_like = false;
                pos = next;
                advanced = true;
                break;
            }
            if !advanced {
                break;
            }
        }
        let value = u32::try_from(total.checked_add(group)?).ok()?;
        Some(Num { value, start, next: pos, digits, year_like })
    }

    /// Whether digits spanning tokens `first..next` read as a count, not a date, time, year, share or code.
    fn digits_are_count(&self, num: &Num, first: usize, range_side: Side) -> bool {
        let last = num.next.saturating_sub(1);
        let before = self.gap_before(first);
        let after = self.gap_after(last);
        let tight = |g: &str| g.len() == 1 && matches!(g, "." | ":" | "/" | "," | "-");
        // The hyphen of "10-15" belongs to the range.
        let (before, after) = match range_side {
            Side::Low if after == "-" => (before, ""),
            Side::High if before == "-" => ("", after),
            _ => (before, after),
        };
        // 1.5, 10:30, 17/02, 08-2012: parts of a decimal, a time, a date or an identifier.
        if first > 0 && tight(before) && self.is_digits(first - 1) {
            return false;
        }
        if tight(after) && self.is_digits(last + 1) && !after.is_empty() {
            return false;
        }
        if before.ends_with(['$', '#', '£', '€']) || after.starts_with('%') {
            return false;
        }
        // A hyphen glued to a word (20-year-old, 2012-08-S-012).
        if (after == "-" && last + 1 < self.toks.len()) || (first > 0 && before == "-") {
            return false;
        }
        let next_word = |k: usize| {
            if num.next + k < self.toks.len() {
                self.word(num.next + k)
            } else {
                ""
            }
        };
        if self.lex.words.shares.contains(next_word(0)) {
            return false;
        }
        // "10 March", "10 من مارس", "2 am", "a.m."
        if self.is_any_kind(num.next, &[QKind::Month, QKind::TimeAfter]) {
            return false;
        }
        if self.lex.words.of.contains(next_word(0)) && self.is_kind(num.next + 1, QKind::Month) {
            return false;
        }
        if matches!(next_word(0), "a" | "p") && self.gap_after(num.next).starts_with('.') && next_word(1) == "m" {
            return false;
        }
        // "Feb 17", "October 1, 2019", "الساعة 2"
        if first > 0 && !before.contains('\n') && self.is_any_kind(first - 1, &[QKind::Month, QKind::TimeBefore]) {
            return false;
        }
        // "Police District 5", "Highway 1", "ناحیه ۵": a number that names a thing.
        if first > 0 && before.chars().all(char::is_whitespace) && self.is_kind(first - 1, QKind::LabelBefore) {
            return false;
        }
        if num.year_like {
            if first > 0 && self.is_kind(first - 1, QKind::YearBefore) {
                return false;
            }
            // A year ends a phrase: "خريف 2016،", "(2019)", "in 2019."
            if num.next >= self.toks.len() || !after.chars().all(char::is_whitespace) {
                return false;
            }
        }
        true
    }

    /// Whether token `i` is a figure that [`Parser::counted_number`] would read and then reject, by the tests of
    /// [`Parser::digits_are_count`] that no reading of the words after it changes: what stands before it, a
    /// tight ".", ":" or "/" and digits right after it (no multiplier or range can follow those), a year that
    /// ends a phrase or the text. Most figures of a text are parts of dates, times and codes: they are turned
    /// away here without reading a compound or a range first.
    /// `figure` is [`Parser::digits_at`] of `i`.
    fn figure_ruled_out(&self, i: usize, figure: (u64, usize, bool)) -> bool {
        let (_, next, year_like) = figure;
        let before = self.gap_before(i);
        let tight = |g: &str| g.len() == 1 && matches!(g, "." | ":" | "/" | "," | "-");
        if i > 0 && (tight(before) && self.is_digits(i - 1) || before == "-") {
            return true;
        }
        if before.ends_with(['$', '#', '£', '€']) {
            return true;
        }
        // Digits grouped by commas (1,200) end further on; the tests below are of a figure of one token.
        if next == i + 1 {
            let after = self.gap_bytes(i + 1);
            if matches!(after, b"." | b":" | b"/") && self.is_digits(i + 1) {
                return true;
            }
            // A hyphen and digits that are no figure nor a lexicon word (2011-07-S-012): no range or compound
            // follows, and the glued hyphen rules the figure out.
            if after == b"-"
                && self.is_digits(i + 1)
                && self.digits_at(i + 1).is_none()
                && self.slot_at(i + 1).is_none()
            {
                return true;
            }
            // A year that ends the text or a phrase ("(2019)", "in 2019."), with no hyphen of a range after it.
            if year_like && (next >= self.toks.len() || !(after == b"-" || self.soft(i + 1))) {
                return true;
            }
        }
        i > 0 && !before.contains('\n') && self.is_any_kind(i - 1, &[QKind::Month, QKind::TimeBefore])
    }

    /// A number at `i` that may be read as a count, with an optional range tail and postfix modifier.
    fn counted_number(&self, i: usize) -> Option<(Num, Option<Num>)> {
        let figure = self.digits_at(i);
        if figure.is_some_and(|f| self.figure_ruled_out(i, f)) {
            return None;
        }
        self.read_counted_number(i, figure)
    }

    /// [`Parser::counted_number`] without the shortcut of [`Parser::figure_ruled_out`], given
    /// [`Parser::digits_at`] of `i`.
    fn read_counted_number(&self, i: usize, figure: Option<(u64, usize, bool)>) -> Option<(Num, Option<Num>)> {
        let a = self.number_with(i, figure)?;
        let mut b = None;
        // "10-15", "10 to 15", "two or three", "10 الى 15"
        let mut j = a.next;
        if a.digits && self.gap_before(j) == "-" && self.is_digits(j) {
            b = self.number_at(j).filter(|n| n.value > a.value && !(a.year_like && n.year_like));
        } else if self.soft(j) || self.gap_before(j) == "-" {
            if let Some((_, _, after)) = self.quant(j, false, |k| k == QKind::RangeTo) {
                j = after;
                b = self.number_at(j).filter(|n| n.value > a.value);
            }
        }
        let a_ok = !a.digits || self.digits_are_count(&a, i, if b.is_some() { Side::Low } else { Side::Alone });
        let b_ok = b.is_none_or(|n| !n.digits || self.digits_are_count(&n, j, Side::High));
        // A number word before a share or the parties' word ("fifty percent", "از دو طرف") counts no one either.
        let last = b.as_ref().unwrap_or(&a);
        let share = !last.digits && last.next < self.toks.len() && self.lex.words.shares.contains(self.word(last.next));
        if !a_ok || !b_ok || share {
            return None;
        }
        Some((a, b))
    }

    /// One count expression starting at token `i`: the quantity and the index of the token after it.
    pub(crate) fn parse_at(&self, i: usize) -> Option<(Quantity, usize)> {
        // A modifier before a number: "at least eight", "ما لا يقل عن 15", "between 10 and 15".
        if let Some((m, mstart, j)) = self.quant(i, true, QKind::is_prefix_modifier) {
            if let Some(found) = self.after_modifier(m.kind, mstart, j) {
                return Some(found);
            }
        }
        let number = self.counted_number(i).map(|(a, b)| self.finish_number(a, b, a.start, None));
        let head = self.head_at(i);
        match (number, head) {
            (Some(n), Some(h)) => Some(if h.0.range.end > n.0.range.end { h } else { n }),
            (n, h) => n.or(h),
        }
    }

    fn after_modifier(&self, kind: QKind, mstart: usize, j: usize) -> Option<(Quantity, usize)> {
        if !(self.soft(j) || self.gap_before(j).trim().is_empty()) {
            return None;
        }
        if kind == QKind::Between {
            let a = self.number_at(j)?;
            let (_, _, k) = self.quant(a.next, false, |k| matches!(k, QKind::RangeAnd | QKind::RangeTo))?;
            let b = self.number_at(k)?;
            if b.value <= a.value
                || (a.digits && !self.digits_are_count(&a, j, Side::Low))
                || (b.digits && !self.digits_are_count(&b, k, Side::High))
            {
                return None;
            }
            let q = Quantity { range: mstart..self.end_of(b.next), count: Count::range(a.value, b.value) };
            return Some((q, b.next));
        }
        let (a, b) = self.counted_number(j)?;
        Some(self.finish_number(a, b, mstart, Some(kind)))
    }

    fn end_of(&self, next: usize) -> usize {
        next.checked_sub(1).and_then(|l| self.toks.get(l)).map_or(0, |t| t.end)
    }

    /// Builds the count of a number (or range) with an optional modifier before and one after it.
    fn finish_number(&self, a: Num, b: Option<Num>, start: usize, modifier: Option<QKind>) -> (Quantity, usize) {
        if let Some(b) = b {
            let q = Quantity { range: start..self.end_of(b.next), count: Count::range(a.value, b.value) };
            return (q, b.next);
        }
        let mut next = a.next;
        let mut modifier = modifier;
        let mut start = start;
        // "تر ۴۵ ډېر" ("more than 45"): "than" before the number, the comparative after it.
        let first = self.toks.partition_point(|t| t.start < a.start);
        if modifier.is_none() && first > 0 && self.is_kind(first - 1, QKind::Than) && self.soft(next) {
            if let Some((_, _, after)) = self.quant(next, false, |k| k == QKind::PostMoreThan) {
                modifier = Some(QKind::MoreThan);
                start = self.toks[first - 1].start;
                next = after;
            }
        }
        // "21 على الأقل", "10 or more", "20-odd"
        if modifier.is_none() && (self.soft(next) || self.gap_before(next) == "-") {
            if let Some((e, _, after)) =
                self.quant(next, false, |k| matches!(k, QKind::PostAtLeast | QKind::PostApproximately))
            {
                modifier = Some(if e.kind == QKind::PostAtLeast { QKind::AtLeast } else { QKind::Approximately });
                next = after;
            }
        }
        // "15 شخصا على الأقل": Arabic puts "at least" after the noun the number counts. The quantity stays the
        // number, so that the noun is still read as what it counts.
        if modifier.is_none()
            && self.lang == Language::Arabic
            && next + 1 < self.toks.len()
            && self.soft(next)
            && self.soft(next + 1)
            && self.quant(next, false, |_| true).is_none()
            && self.quant(next + 1, false, |k| k == QKind::PostAtLeast).is_some()
        {
            modifier = Some(QKind::AtLeast);
        }
        let n = a.value;
        let count = match modifier {
            Some(QKind::AtLeast) => Count::at_least(n),
            Some(QKind::MoreThan) => {
                let low = n.saturating_add(1);
                Count { low: Some(low), best: Some(low), high: None, rule: Rule::MoreThan }
            }
            Some(QKind::Approximately) => Count { low: None, best: Some(n), high: None, rule: Rule::Approximately },
            Some(QKind::AtMost) => Count { low: None, best: None, high: Some(n), rule: Rule::AtMost },
            Some(QKind::LessThan) => {
                Count { low: None, best: None, high: Some(n.saturating_sub(1)), rule: Rule::LessThan }
            }
            _ => Count::exact(n),
        };
        (Quantity { range: start..self.end_of(next), count }, next)
    }

    /// A cheap first test for [`Parser::may_start`], true wherever that is: the word begins with a digit, or it
    /// (whole, or in Arabic script after one or two proclitics, two bytes each) passes the filter of opening
    /// words. It works on bytes, without slicing the text as `str` or looking into the lexicon, and turns away
    /// most words of a text.
    #[inline]
    fn may_open(&self, i: usize) -> bool {
        let w = self.toks.get(i).and_then(|t| self.text.as_bytes().get(t.start..t.end));
        w.is_some_and(|w| may_open_word(self.lex, self.arabic_script(), w))
    }

    /// Whether an expression may start at token `i`: digits, English "a"/"an" before a multiplier ("a dozen"),
    /// or a word that, whole or after proclitics, begins a number word, a head quantifier or a prefix modifier
    /// whose further words follow. Everywhere else [`Parser::parse_at`] finds nothing, so the scan skips it
    /// after one lookup instead of three.
    fn may_start(&self, i: usize) -> bool {
        let w = self.bytes(i);
        if w.iter().all(u8::is_ascii_digit) {
            // Digits with a leading zero are an identifier (2011-08-S-012), not a figure (see `digits_at`): they
            // start nothing unless the lexicon has the word.
            let identifier = w.len() > 1 && w.starts_with(b"0");
            return !w.is_empty() && (!identifier || self.slot_at(i).is_some());
        }
        if !self.arabic_script() {
            // Most words that open an expression only with a second word ("in excess of", "a few", "at least")
            // have none after them: the shapes of the two words tell, without looking the first up.
            let index = &self.lex.index;
            if !index.may_open_alone(w) && !index.may_be_second(self.bytes(i + 1)) {
                return false;
            }
            // No proclitics: the word itself is the only reading.
            return self.opens_phrase(self.slot_at(i), i)
                // "a hundred", "a dozen" ("a few" and the like are lexicon phrases).
                || (matches!(w, b"a" | b"an")
                    && self.match_phrase(numbers, i + 1, false, false, |k| k == NumKind::Mult).is_some());
        }
        self.readings(i, true, false).into_iter().flatten().any(|(prefix, first)| {
            let slot = if prefix == 0 { self.slot_at(i) } else { self.lex.index.starting_with(first.as_bytes()) };
            self.opens_phrase(slot, i)
        })
    }

    /// Whether a number word or an opening quantifier (see [`opens`]) may start with the first word of `slot` (token
    /// `i`, or what follows its proclitics): it is one alone, or the next token is the second word of one.
    #[inline]
    fn opens_phrase(&self, slot: Option<&'static Slot>, i: usize) -> bool {
        slot.is_some_and(|slot| {
            slot.opens_alone || {
                let second = self.bytes(i + 1);
                slot.opening_seconds.iter().any(|w| w.as_bytes() == second)
            }
        })
    }

    /// A quantifier standing for a count: "several", "عشرات", "both", "all three", "others".
    fn head_at(&self, i: usize) -> Option<(Quantity, usize)> {
        let (e, start, mut next) = self.quant(i, true, QKind::is_head)?;
        let count = match e.kind {
            QKind::Vague => Count::vague(e.value),
            QKind::Exact => Count::exact(e.value),
            QKind::Others => Count { low: Some(e.value.max(1)), best: None, high: None, rule: Rule::Others },
            _ => {
                // "all three" reads the number; "all (of) the soldiers" means at least one.
                if self.soft(next) {
                    if let Some((a, None)) = self.counted_number(next) {
                        let q = Quantity { range: start..self.end_of(a.next), count: Count::exact(a.value) };
                        return Some((q, a.next));
                    }
                }
                Count { low: Some(e.value.max(1)), best: None, high: None, rule: Rule::All }
            }
        };
        if e.kind == QKind::Vague && self.soft(next) && self.lex.words.of.contains(self.word(next)) {
            next += 1;
        }
        Some((Quantity { range: start..self.end_of(next), count }, next))
    }

    /// Every expression, leftmost first, non-overlapping.
    pub(crate) fn scan(&self) -> Vec<(Quantity, usize, usize)> {
        self.scan_openings((0..self.toks.len()).filter(|&i| self.may_open(i)))
    }

    /// Every expression, leftmost first, non-overlapping, given the tokens where [`Parser::may_open`] holds in
    /// increasing order (elsewhere none starts).
    fn scan_openings(&self, openings: impl IntoIterator<Item = usize>) -> Vec<(Quantity, usize, usize)> {
        let mut out: Vec<(Quantity, usize, usize)> = Vec::new();
        // The first token not inside an expression found.
        let mut free = 0;
        for i in openings {
            if i < free || !self.may_start(i) {
                continue;
            }
            if let Some((q, next)) = self.parse_at(i).filter(|&(_, next)| next > i) {
                // "3 مدنيين آخرين", "two others": "others" after a number belongs to it.
                let after_number = q.count.rule == Rule::Others
                    && out.last().is_some_and(|(_, _, n)| i.saturating_sub(*n) <= 3 && !self.broken(*n, i));
                // "جنديين آخرين": "others" right after an Arabic dual counts the two it names.
                let after_dual = q.count.rule == Rule::Others && !after_number && i > 0 && self.is_dual(i - 1);
                if after_dual {
                    let start = self.toks.get(i - 1).map_or(q.range.start, |t| t.start);
                    out.push((Quantity { range: start..q.range.end, count: Count::dual() }, i - 1, next));
                } else if !after_number {
                    out.push((q, i, next));
                }
                free = next;
            }
        }
        out
    }

    /// Every expression of `text`, leftmost first, non-overlapping: [`Parser::scan`] with the test of
    /// [`Parser::may_open`] made as the words are found.
    pub(crate) fn scan_text(text: &str, lang: Language) -> Vec<(Quantity, usize, usize)> {
        let lex = lexicon(lang);
        let arabic = lang.is_arabic_script();
        // Some one word in 32 bytes may open an expression.
        let mut openings = Openings { lex, arabic, found: Vec::with_capacity(text.len() / 32 + 1) };
        let toks = tokenize_seeing(text, 0, &mut openings);
        let p = Parser { text, toks, lex, lang, memo: no_memo() };
        p.scan_openings(openings.found)
    }

    /// Whether the stretch from token `from` up to token `to` (exclusive) holds punctuation or a
    /// breaker word: the gaps before `from..=to` and the words `from..to`.
    pub(crate) fn broken(&self, from: usize, to: usize) -> bool {
        let punct = |k: usize| self.gap_before(k).chars().any(|c| !(c.is_whitespace() || c == '-' || c == '\''));
        (from..=to).any(punct) || (from..to).any(|k| self.is_breaker(k))
    }

    pub(crate) fn is_breaker(&self, i: usize) -> bool {
        let w = self.word(i);
        // An Arabic word with و attached opens a new clause (وأصيب، وقتل).
        self.lex.words.breakers.contains(w)
            || (self.lang == Language::Arabic && w.starts_with('و') && w.chars().count() > 3)
    }

    pub(crate) fn is_article(&self, i: usize) -> bool {
        self.is_kind(i, QKind::Article)
    }

    pub(crate) fn is_others(&self, i: usize) -> bool {
        self.quant(i, true, |k| k == QKind::Others).is_some()
    }

    pub(crate) fn is_dual(&self, i: usize) -> bool {
        self.quant(i, true, |k| k == QKind::Dual).is_some()
    }

    pub(crate) fn word_at(&self, i: usize) -> &'a str {
        self.word(i)
    }
}

/// The words where an expression may start (see [`Parser::may_open`]), found as the text is tokenized.
struct Openings {
    lex: &'static LangLexicon,
    arabic: bool,
    found: Vec<usize>,
}

impl Seen for Openings {
    // Always inline: it runs on every word of a document, in the tokenizer's loop.
    #[inline(always)]
    fn seen(&mut self, word: &[u8], index: usize) {
        if may_open_word(self.lex, self.arabic, word) {
            self.found.push(index);
        }
    }
}

/// Whether an expression may start with word `w` (see [`Parser::may_open`]): it begins with a digit, or it
/// (whole, or in Arabic script after one or two proclitics, two bytes each) passes the filter of opening words.
#[inline(always)]
fn may_open_word(lex: &LangLexicon, arabic_script: bool, w: &[u8]) -> bool {
    let index = &lex.index;
    if !arabic_script {
        // "a hundred": `may_start` reads the article itself.
        return index.may_open_figure_or_article(w);
    }
    match w.first() {
        None => false,
        Some(b) if b.is_ascii_digit() => true,
        _ if index.may_open(w) => true,
        _ => w.get(2..).is_some_and(|r| index.may_open(r)) || w.get(4..).is_some_and(|r| index.may_open(r)),
    }
}

/// The value of a run of at most 19 ASCII digits (so it cannot overflow).
fn decimal(digits: &[u8]) -> u64 {
    digits.iter().fold(0, |value, &d| value * 10 + u64::from(d - b'0'))
}

fn numbers(slot: &Slot) -> &[Entry<NumKind>] {
    &slot.numbers
}

fn quantifiers(slot: &Slot) -> &[Entry<QKind>] {
    &slot.quantifiers
}

fn class_of(v: u64) -> u8 {
    match v {
        0 => ALL,
        1..=9 => UNIT,
        10..=19 => UNIT | TENS,
        20 | 30 | 40 | 50 | 60 | 70 | 80 | 90 => TENS,
        20..=99 => UNIT | TENS,
        100 | 200 | 300 | 400 | 500 | 600 | 700 | 800 | 900 => HUNDREDS,
        100..=999 => ALL,
        _ => ALL,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan's skip is safe: wherever `may_start` says no, `parse_at` finds nothing, and wherever `may_open`
    /// says no, neither does `may_start`, in every language,
    /// on the project's samples and, when beside the checkout, the development documents of `../shared`.
    #[test]
    fn parse_at_finds_nothing_where_no_expression_may_start() {
        let texts = sitrep_text::testing::corpus(
            "a dozen, an hundred, 1,200 and 10-15 killed; 2011-08-S-012 08 00 0 07-10 0,5 05 thousand; وخمسة وعشرين ولعشرات ما لا يقل عن 15 all three others",
        );
        for text in &texts {
            let folded = sitrep_text::fold(text);
            for lang in [Language::English, Language::Arabic, Language::Dari, Language::Pashto] {
                let p = Parser::new(&folded, lang);
                for i in 0..p.toks.len() {
                    assert!(p.may_start(i) || p.parse_at(i).is_none(), "{lang:?}: {:?}", p.word(i));
                    assert!(p.may_open(i) || !p.may_start(i), "{lang:?}: {:?}", p.word(i));
                }
            }
        }
    }

    /// The scan that tests words as they are found reads what the scan of every token does.
    #[test]
    fn scan_of_the_text_agrees_with_the_scan_of_every_token() {
        let texts = sitrep_text::testing::corpus("a dozen at least 5, ٥ و15 ولعشرات 10-15 two others a");
        for text in &texts {
            let folded = sitrep_text::fold(text);
            for lang in [Language::English, Language::Arabic, Language::Dari, Language::Pashto] {
                assert_eq!(Parser::scan_text(&folded, lang), Parser::new(&folded, lang).scan(), "{lang:?}");
            }
        }
    }

    /// Wherever the shortcut rules a figure out, reading it in full rejects it too.
    #[test]
    fn figures_ruled_out_are_not_counts() {
        let texts = sitrep_text::testing::corpus(
            "in 2019. (2019) 2019 2019- 2019-2020 2019 - 5 17/02/2012 10:30 5.5 $5 #3 £7 1,200 1,2019 2019,5 \
             2011-07-S-012 5-07 5-0 12-015 7-08 people 3-0100000000000000 \
             Oct 2019 October 5 2019\n5 2019 thousand ٢٠١٩. 10-15 5 - 6 ,7 -8 x-9 2000 ",
        );
        let mut ruled_out = 0;
        for text in &texts {
            let folded = sitrep_text::fold(text);
            for lang in [Language::English, Language::Arabic, Language::Dari, Language::Pashto] {
                let p = Parser::new(&folded, lang);
                for i in 0..p.toks.len() {
                    let figure = p.digits_at(i);
                    if figure.is_some_and(|f| p.figure_ruled_out(i, f)) {
                        ruled_out += 1;
                        assert!(p.read_counted_number(i, figure).is_none(), "{lang:?}: {:?}", p.word(i));
                    }
                }
            }
        }
        assert!(ruled_out > 0);
    }

    /// The kept lookups give what looking each word up gives, in any order of asking.
    #[test]
    fn memo_of_slots_agrees_with_the_lexicon() {
        let texts = sitrep_text::testing::corpus("at least five hundred and 5 others, ولعشرات من 10 الى 15");
        for text in &texts {
            let folded = sitrep_text::fold(text);
            for lang in [Language::English, Language::Arabic, Language::Dari, Language::Pashto] {
                let p = Parser::new(&folded, lang);
                let n = p.toks.len();
                for i in 0..n + 2 {
                    for k in [i, i + 1, i, i.saturating_sub(1), i + 2, i + 1, i] {
                        let want = p.lex.index.starting_with(p.bytes(k));
                        let got = p.slot_at(k);
                        assert_eq!(got.map(|s| s as *const Slot), want.map(|s| s as *const Slot), "{:?}", p.word(k));
                    }
                }
            }
        }
    }

    /// The byte-wise gap tests agree with decoding every gap.
    #[test]
    fn gap_tests_agree_with_the_characters() {
        let texts = sitrep_text::testing::corpus("10-15 o'clock a\u{a0}dozen 5\u{2003}km x\u{b}y ،5 ؛ ٥ - ' , .");
        for text in &texts {
            let p = Parser::new(text, Language::English);
            for i in 0..=p.toks.len() + 1 {
                let gap = p.gap_before(i);
                assert_eq!(p.soft(i), gap.chars().all(char::is_whitespace), "{gap:?}");
                let tight = gap.chars().all(|c| c.is_whitespace() || c == '\'' || c == '-');
                assert_eq!(p.soft_or_tight(i), tight, "{gap:?}");
            }
        }
    }
}

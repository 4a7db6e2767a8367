//! Word positions in folded text, so distances between matches are counted in words, not bytes.

use std::cell::Cell;
use std::ops::Range;

use sitrep_lexicon::{Lexicon, WordClass, WordClasses};

/// The words (maximal runs of letters, digits and apostrophes) of a folded document.
pub(crate) struct Words {
    spans: Vec<Range<usize>>,
    /// For each byte offset `b` of the text (and its end): the number of words that end at or before `b`.
    /// Reading a match tells word distances tens of thousands of times per document; a look-up here costs
    /// far less than two binary searches. Empty (binary searches instead) for a text of 4 GiB or more.
    ended_by: Vec<u32>,
    /// Each word's classes (`word_classes.tsv`), looked up the first time a rule asks: rules ask about the same
    /// words many times, and a hash look-up costs far more than reading this.
    classes: Vec<Cell<Option<WordClasses>>>,
}

/// For each byte: it is ASCII and continues a word (letters, digits, the apostrophe of "taliban's").
const CONTINUES_WORD: [bool; 256] = continues_word();

const fn continues_word() -> [bool; 256] {
    let mut set = [false; 256];
    let mut b = 0;
    while b < 128 {
        set[b] = (b as u8).is_ascii_alphanumeric() || b == b'\'' as usize;
        b += 1;
    }
    set
}

/// How many bytes at the start of `bytes` continue a word in ASCII: letters and digits eight bytes a step, and
/// the apostrophes between them.
fn ascii_word_rest(bytes: &[u8]) -> usize {
    let mut n = sitrep_text::ascii_alnum_run(bytes);
    while bytes.get(n) == Some(&b'\'') {
        n += 1 + sitrep_text::ascii_alnum_run(bytes.get(n + 1..).unwrap_or_default());
    }
    n
}

impl Words {
    pub fn new(folded: &str) -> Words {
        let mut spans = Vec::with_capacity(folded.len() / 5);
        let mut start = None;
        let bytes = folded.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                match start {
                    // An ASCII byte that ends the word.
                    Some(s) if !CONTINUES_WORD[usize::from(b)] => {
                        spans.push(s..i);
                        start = None;
                        i += 1;
                    }
                    // The ASCII rest of a word in one step (English words, most of them).
                    Some(_) => i += ascii_word_rest(&bytes[i..]),
                    None if b.is_ascii_alphanumeric() => {
                        start = Some(i);
                        i += 1 + ascii_word_rest(&bytes[i + 1..]);
                    }
                    None => i += 1,
                }
                continue;
            }
            let Some(c) = folded.get(i..).and_then(|rest| rest.chars().next()) else { break };
            match (sitrep_text::is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    spans.push(s..i);
                    start = None;
                }
                _ => {}
            }
            i += c.len_utf8();
        }
        if let Some(s) = start {
            spans.push(s..folded.len());
        }
        let ended_by = ended_by(&spans, folded.len()).unwrap_or_default();
        let classes = vec![Cell::new(None); spans.len()];
        Words { spans, ended_by, classes }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The word indices a byte range covers (empty, at its position, if it covers none).
    pub fn span(&self, bytes: &Range<usize>) -> Range<usize> {
        let first = self.ended_by(bytes.start);
        // Of the words not ended by `bytes.end`, only the first can start before it.
        let open = self.ended_by(bytes.end);
        let last = open + usize::from(self.spans.get(open).is_some_and(|w| w.start < bytes.end));
        first..last.max(first)
    }

    /// The number of words that end at or before byte `at`.
    #[inline]
    fn ended_by(&self, at: usize) -> usize {
        match self.ended_by.get(at) {
            Some(&n) => n as usize,
            None if self.ended_by.is_empty() => self.spans.partition_point(|w| w.end <= at),
            None => self.spans.len(),
        }
    }

    /// Words strictly between two byte ranges.
    pub fn gap(&self, a: &Range<usize>, b: &Range<usize>) -> usize {
        let (a, b) = (self.span(a), self.span(b));
        if a.end <= b.start {
            b.start - a.end
        } else {
            a.start.saturating_sub(b.end)
        }
    }

    /// The byte range of word indices `words` (empty at the boundary if none).
    pub fn range(&self, words: Range<usize>) -> Range<usize> {
        if words.start >= words.end || words.start >= self.spans.len() {
            let at = self.spans.get(words.start).map_or_else(|| self.spans.last().map_or(0, |w| w.end), |w| w.start);
            return at..at;
        }
        self.spans[words.start].start..self.spans[(words.end - 1).min(self.spans.len() - 1)].end
    }

    /// The text of word `i`, or "" past the end.
    pub fn text<'t>(&self, folded: &'t str, i: usize) -> &'t str {
        self.spans.get(i).map_or("", |w| &folded[w.clone()])
    }

    /// Whether word `i` of `folded` (the text these words were found in) belongs to `class`; no word past the end.
    #[inline]
    pub fn is(&self, folded: &str, i: usize, class: WordClass) -> bool {
        let Some(cached) = self.classes.get(i) else { return false };
        cached.get().unwrap_or_else(|| self.look_up_classes(folded, i)).contains(class)
    }

    /// The classes of word `i`, looked up and cached: apart, so that asking about a word looked up before stays
    /// a load and a test.
    #[inline(never)]
    fn look_up_classes(&self, folded: &str, i: usize) -> WordClasses {
        let classes = Lexicon::embedded().classes(self.text(folded, i));
        if let Some(cached) = self.classes.get(i) {
            cached.set(Some(classes));
        }
        classes
    }
}

/// [`Words::ended_by`] for every offset `0..=len`, or `None` when a count could overflow `u32`.
fn ended_by(spans: &[Range<usize>], len: usize) -> Option<Vec<u32>> {
    // Word counts are below the text's length.
    u32::try_from(len).ok()?;
    let mut table = Vec::with_capacity(len + 1);
    // Offsets from the end of word `i - 1` up to the end of word `i` are past `i` words.
    for (i, w) in spans.iter().enumerate() {
        let n = w.end - table.len();
        table.extend(std::iter::repeat_n(i as u32, n));
    }
    table.resize(len + 1, spans.len() as u32);
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_gaps() {
        let text = "no fewer than six guards were hurt";
        let words = Words::new(text);
        assert_eq!(words.len(), 7);
        assert_eq!(words.span(&(9..13)), 2..3);
        assert_eq!(words.gap(&(9..13), &(30..34)), 3);
        assert_eq!(&text[words.range(1..3)], "fewer than");
        assert_eq!(words.text(text, 6), "hurt");
    }

    #[test]
    fn spans_by_table_agree_with_binary_search() {
        // The definition: words ending at or before the start, and words starting before the end.
        let by_search = |words: &Words, r: &Range<usize>| {
            let first = words.spans.partition_point(|w| w.end <= r.start);
            let last = words.spans.partition_point(|w| w.start < r.end);
            first..last.max(first)
        };
        let texts = ["", " ", "word", "  two words  ", "قتل 5 جنود، وأصيب آخرون", "a,b;c 12 d'e"];
        for text in texts {
            let words = Words::new(text);
            let n = text.len();
            for start in 0..=n + 2 {
                for end in 0..=n + 2 {
                    assert_eq!(words.span(&(start..end)), by_search(&words, &(start..end)), "{text:?} {start}..{end}");
                }
            }
        }
        for text in sitrep_text::testing::corpus("") {
            let folded = sitrep_text::Folded::new(&text);
            let words = Words::new(folded.as_str());
            for (i, w) in words.spans.iter().enumerate().step_by(7) {
                for r in [
                    w.clone(),
                    w.start + 1..w.end,
                    w.end..w.end + 3,
                    w.start..words.spans[(i + 3).min(words.len() - 1)].end,
                ] {
                    assert_eq!(words.span(&r), by_search(&words, &r), "{r:?}");
                }
            }
        }
    }

    #[test]
    fn ascii_runs_split_as_characters_do() {
        // The definition, a character at a time: word characters, and apostrophes inside a word.
        let plain = |text: &str| {
            let mut spans = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices() {
                match (sitrep_text::is_word_char(c) || (c == '\'' && start.is_some()), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        spans.push(s..i);
                        start = None;
                    }
                    _ => {}
                }
            }
            spans.extend(start.map(|s| s..text.len()));
            spans
        };
        let extra = "'quoted' taliban's 'a' x'' ''y 5جنود و15 é's Straße'' ۱۸'٢ end'";
        for text in sitrep_text::testing::corpus(extra) {
            let folded = sitrep_text::Folded::new(&text);
            assert_eq!(Words::new(folded.as_str()).spans, plain(folded.as_str()));
        }
    }
}

//! Word positions in folded text, so distances between matches are counted in words, not bytes.

use std::cell::Cell;
use std::ops::Range;

use sitrep_lexicon::{Lexicon, WordClass, WordClasses};

/// The words (maximal runs of letters, digits and apostrophes) of a folded document.
pub(crate) struct Words {
    spans: Vec<Span>,
    /// For each byte offset `b` of the text (and its end): the number of words that end at or before `b`, modulo
    /// 256; with [`Words::block_ended_by`], the count. Reading a match tells word distances tens of thousands of
    /// times per document; two loads here cost far less than two binary searches, and a byte per text byte (a
    /// whole count took four) keeps a long document's table small.
    ended_by: Vec<u8>,
    /// For each block of 256 byte offsets, the number of words that end before its first: fewer than 256 end
    /// inside a block, so the count modulo 256 tells how many past this.
    block_ended_by: Vec<u32>,
    /// Each word's classes (`word_classes.tsv`), looked up the first time a rule asks ([`NOT_LOOKED_UP`] until
    /// then): rules ask about the same words many times, and a hash look-up costs far more than reading this.
    /// Kept as the index of the set in [`Words::class_sets`]: a byte a word, where the set itself took eight.
    classes: Vec<Cell<u8>>,
    /// The distinct sets of classes of the words looked up, by index (a document's words fall into a few dozen):
    /// the first [`Words::class_set_count`] are in use, the first of them [`NOT_LOOKED_UP`].
    class_sets: [Cell<WordClasses>; 256],
    class_set_count: Cell<u8>,
}

/// The classes of a word not looked up yet: a set no word has, at index 0 of [`Words::class_sets`].
const NOT_LOOKED_UP: WordClasses = WordClasses::NONE_SUCH;

impl Words {
    /// The words of `folded`. [`Words::from_runs`] when its runs of word characters are at hand.
    pub fn new(folded: &str) -> Words {
        Words::from_runs(folded, sitrep_text::match_starts_and_runs(folded).runs)
    }

    /// The words of `folded`, given its maximal runs of word characters (`sitrep_text::match_starts_and_runs`):
    /// a word is a run, with the apostrophes after it and the runs they join ("taliban's", "x''"). The runs
    /// come from the pass that finds where matches may start, so no word is read twice.
    pub fn from_runs(folded: &str, runs: Vec<Range<u32>>) -> Words {
        let bytes = folded.as_bytes();
        // The end of a run with the apostrophes after it.
        let with_apostrophes = |end: usize| match bytes.get(end) {
            Some(b'\'') => end + bytes[end..].iter().take_while(|&&b| b == b'\'').count(),
            _ => end,
        };
        // A text of 4 GiB or more (far beyond any document accepted) has no words: offsets are `u32`.
        let runs = if u32::try_from(folded.len()).is_ok() { runs } else { Vec::new() };
        let mut spans: Vec<Span> = Vec::with_capacity(runs.len());
        for run in &runs {
            let (start, end) = (run.start, with_apostrophes(run.end as usize) as u32);
            match spans.last_mut() {
                // The word before ends in apostrophes right where this run starts: one word ("taliban's").
                Some(word) if word.end == start => word.end = end,
                _ => spans.push(Span { start, end }),
            }
        }
        // The runs are let go before the table and the classes take their room.
        drop(runs);
        let (ended_by, block_ended_by) = ended_by(&spans, folded.len()).unwrap_or_default();
        let classes = vec![Cell::new(0); spans.len()];
        let class_sets = std::array::from_fn(|_| Cell::new(NOT_LOOKED_UP));
        Words { spans, ended_by, block_ended_by, classes, class_sets, class_set_count: Cell::new(1) }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The word indices a byte range covers (empty, at its position, if it covers none).
    // Inline: rules ask it about a hundred thousand times a document set, each a few instructions.
    #[inline]
    pub fn span(&self, bytes: &Range<usize>) -> Range<usize> {
        let first = self.ended_by(bytes.start);
        // Of the words not ended by `bytes.end`, only the first can start before it.
        let open = self.ended_by(bytes.end);
        let last = open + usize::from(self.spans.get(open).is_some_and(|w| (w.start as usize) < bytes.end));
        first..last.max(first)
    }

    /// The number of words that end at or before byte `at`.
    #[inline]
    fn ended_by(&self, at: usize) -> usize {
        match (self.ended_by.get(at), self.block_ended_by.get(at / BLOCK)) {
            // The words that end inside the block up to `at`, from the two counts modulo 256.
            (Some(&low), Some(&before)) => before as usize + usize::from(low.wrapping_sub(before as u8)),
            // Past the text's end (or no text of words at all).
            _ => self.spans.len(),
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
            return at as usize..at as usize;
        }
        self.spans[words.start].start as usize..self.spans[(words.end - 1).min(self.spans.len() - 1)].end as usize
    }

    /// The text of word `i`, or "" past the end.
    pub fn text<'t>(&self, folded: &'t str, i: usize) -> &'t str {
        self.spans.get(i).map_or("", |w| &folded[w.range()])
    }

    /// Whether word `i` of `folded` (the text these words were found in) belongs to `class`; no word past the end.
    #[inline]
    pub fn is(&self, folded: &str, i: usize, class: WordClass) -> bool {
        let Some(cached) = self.classes.get(i) else { return false };
        match self.class_sets[usize::from(cached.get())].get() {
            NOT_LOOKED_UP => self.look_up_classes(folded, i),
            known => known,
        }
        .contains(class)
    }

    /// The classes of word `i`, looked up and cached: apart, so that asking about a word looked up before stays
    /// a load and a test.
    #[inline(never)]
    fn look_up_classes(&self, folded: &str, i: usize) -> WordClasses {
        let classes = Lexicon::embedded().classes(self.text(folded, i));
        let count = self.class_set_count.get();
        let known = self.class_sets[..usize::from(count)].iter().position(|c| c.get() == classes);
        // A set not seen before takes the next index; past the last one the word is looked up each time.
        let index = known.map(|k| k as u8).or_else(|| {
            let next = count.checked_add(1)?;
            self.class_sets[usize::from(count)].set(classes);
            self.class_set_count.set(next);
            Some(count)
        });
        if let (Some(cached), Some(index)) = (self.classes.get(i), index) {
            cached.set(index);
        }
        classes
    }
}

/// A word's byte range: offsets fit in `u32` (as in `sitrep_text::Folded`), and a long document's words take half
/// the room of `Range<usize>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The offsets of a block of [`Words::block_ended_by`].
const BLOCK: usize = 256;

/// [`Words::ended_by`] and [`Words::block_ended_by`] for the offsets `0..=len`, or `None` when a count could
/// overflow `u32`.
fn ended_by(spans: &[Span], len: usize) -> Option<(Vec<u8>, Vec<u32>)> {
    // Word counts are below the text's length.
    u32::try_from(len).ok()?;
    // Eight offsets a store: most stretches between word ends are shorter than eight, and a loop of single
    // writes (or `fill`, set up afresh per stretch) costs several times as much. A store may run past the
    // stretch; the table is cut back to the stretch's end before the next one.
    const STORE: usize = 8;
    let mut table = Vec::with_capacity(len + 1 + STORE);
    for (i, w) in spans.iter().enumerate() {
        // Modulo 256 on purpose.
        let store = [i as u8; STORE];
        while table.len() < w.end as usize {
            table.extend_from_slice(&store);
        }
        table.truncate(w.end as usize);
    }
    table.resize(len + 1, spans.len() as u8);
    let mut blocks = Vec::with_capacity(len / BLOCK + 1);
    let mut ended = 0;
    for start in (0..=len).step_by(BLOCK) {
        ended += spans[ended..].iter().take_while(|w| w.end as usize <= start).count();
        blocks.push(ended as u32);
    }
    Some((table, blocks))
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
            let first = words.spans.partition_point(|w| (w.end as usize) <= r.start);
            let last = words.spans.partition_point(|w| (w.start as usize) < r.end);
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
            for (i, w) in words.spans.iter().map(|w| w.range()).enumerate().step_by(7) {
                for r in [
                    w.clone(),
                    w.start + 1..w.end,
                    w.end..w.end + 3,
                    w.start..words.spans[(i + 3).min(words.len() - 1)].end as usize,
                ] {
                    assert_eq!(words.span(&r), by_search(&words, &r), "{r:?}");
                }
            }
        }
    }

    #[test]
    fn the_table_takes_about_a_byte_per_text_byte() {
        // Long enough for the counts modulo 256 to wrap many times.
        let text = "a bc def, ".repeat(10_000);
        let words = Words::new(&text);
        let bytes = std::mem::size_of_val(&words.ended_by[..]) + std::mem::size_of_val(&words.block_ended_by[..]);
        assert!(bytes <= text.len() + text.len() / 64 + 8, "{bytes} bytes for {}", text.len());
        assert_eq!(words.span(&(text.len() - 4..text.len())), 29_999..30_000);
        assert_eq!(words.span(&(0..text.len())), 0..30_000);
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
            let spans: Vec<Range<usize>> = Words::new(folded.as_str()).spans.iter().map(|w| w.range()).collect();
            assert_eq!(spans, plain(folded.as_str()));
        }
    }
}

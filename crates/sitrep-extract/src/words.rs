//! Word positions in folded text, so distances between matches are counted in words, not bytes.

use std::ops::Range;

/// The words (maximal runs of letters, digits and apostrophes) of a folded document.
pub(crate) struct Words {
    spans: Vec<Range<usize>>,
}

/// For each ASCII byte: it continues a word (letters, digits, the apostrophe of "taliban's"), and it is
/// outside any word (neither a letter nor a digit). Bytes of other characters are neither.
const CONTINUES_WORD: [bool; 256] = ascii_set(true);
const OUTSIDE_WORD: [bool; 256] = ascii_set(false);

const fn ascii_set(continues: bool) -> [bool; 256] {
    let mut set = [false; 256];
    let mut b = 0;
    while b < 128 {
        let alnum = (b as u8).is_ascii_alphanumeric();
        set[b] = if continues { alnum || b == b'\'' as usize } else { !alnum };
        b += 1;
    }
    set
}

impl Words {
    pub fn new(folded: &str) -> Words {
        let mut spans = Vec::with_capacity(folded.len() / 5);
        let mut start = None;
        let bytes = folded.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            // ASCII runs in one loop each: the rest of a word, or the gap before the next.
            if b.is_ascii() {
                let set = if start.is_some() { &CONTINUES_WORD } else { &OUTSIDE_WORD };
                let run = bytes[i..].iter().position(|&b| !set[usize::from(b)]).unwrap_or(bytes.len() - i);
                i += run;
                if run == 0 {
                    // An ASCII byte that ends the word, or one that starts the next.
                    match start.take() {
                        Some(s) => spans.push(s..i),
                        None => start = Some(i),
                    }
                    i += 1;
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
        Words { spans }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The word indices a byte range covers (empty, at its position, if it covers none).
    pub fn span(&self, bytes: &Range<usize>) -> Range<usize> {
        let first = self.spans.partition_point(|w| w.end <= bytes.start);
        let last = self.spans.partition_point(|w| w.start < bytes.end);
        first..last.max(first)
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_gaps() {
        let text = "at least eight policemen were killed";
        let words = Words::new(text);
        assert_eq!(words.len(), 6);
        assert_eq!(words.span(&(9..14)), 2..3);
        assert_eq!(words.gap(&(9..14), &(30..36)), 2);
        assert_eq!(&text[words.range(1..3)], "least eight");
        assert_eq!(words.text(text, 5), "killed");
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

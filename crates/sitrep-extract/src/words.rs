//! Word positions in folded text, so distances between matches are counted in words, not bytes.

use std::ops::Range;

/// The words (maximal runs of letters, digits and apostrophes) of a folded document.
pub(crate) struct Words {
    spans: Vec<Range<usize>>,
}

impl Words {
    pub fn new(folded: &str) -> Words {
        let mut spans = Vec::with_capacity(folded.len() / 5);
        let mut start = None;
        let bytes = folded.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if let (Some(s), true) = (start, b.is_ascii()) {
                // Inside a word, its ASCII rest in one loop; then an ASCII byte that is no word character ends it.
                i += bytes[i..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'\'').count();
                if bytes.get(i).is_some_and(u8::is_ascii) {
                    spans.push(s..i);
                    start = None;
                    i += 1;
                }
                continue;
            }
            // ASCII decoded by hand: a word character exactly when alphanumeric.
            let (inside, len) = if b.is_ascii() {
                (b.is_ascii_alphanumeric() || (b == b'\'' && start.is_some()), 1)
            } else {
                match folded[i..].chars().next() {
                    Some(c) => (sitrep_text::is_word_char(c), c.len_utf8()),
                    None => break,
                }
            };
            match (inside, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    spans.push(s..i);
                    start = None;
                }
                _ => {}
            }
            i += len;
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
}

//! Folding: one canonical form for matching, with a way back to the original bytes.
//!
//! Every vocabulary entry and every document goes through the same [`fold_char`], so a match found in
//! folded text is a match between equals. [`Folded`] keeps, for each folded byte, the byte range of the
//! original character it came from: evidence spans stay exact however much folding changed the text.

use std::ops::Range;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A document's folded text and the map back to its original bytes.
#[derive(Debug, Clone)]
pub struct Folded {
    text: String,
    /// The original characters whose folded form is not one character of the same byte length (a dropped
    /// diacritic, a curly quote, a ligature), in text order. Between them, folded and original characters
    /// correspond one to one with equal lengths: most documents need only a handful of entries.
    shifts: Vec<Shift>,
    original_len: usize,
}

/// One original character and the folded bytes it became (none for a dropped one).
#[derive(Debug, Clone, Copy)]
struct Shift {
    folded_start: u32,
    folded_end: u32,
    original_start: u32,
    original_end: u32,
}

impl Folded {
    /// Folds `original`. Documents are limited well below 4 GiB upstream, so offsets fit in `u32`.
    pub fn new(original: &str) -> Folded {
        // Built as bytes: every piece pushed is a whole UTF-8 character.
        let mut text: Vec<u8> = Vec::with_capacity(original.len());
        let mut shifts = Vec::new();
        let mut buf = [0u8; 4];
        let bytes = original.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            // A run of ASCII, most of an English document, folds to itself in lower case ("`" to "'"): see
            // `fold_char`. One byte for one byte, so nothing to record.
            let run = ascii_run(&bytes[at..]);
            if run > 0 {
                let end = at + run;
                let copied = text.len();
                text.extend_from_slice(&bytes[at..end]);
                // One branch-free pass over the slice, which the compiler vectorises.
                for b in &mut text[copied..] {
                    let lower = b.to_ascii_lowercase();
                    *b = if lower == b'`' { b'\'' } else { lower };
                }
                at = end;
                continue;
            }
            // An Arabic-script letter that folds to itself (most of an Arabic, Dari or Pashto text): its two
            // bytes copied as they are, without decoding.
            if let [lead @ 0xD8..=0xDB, next, ..] = bytes[at..] {
                if unchanged_arabic(lead, next) {
                    text.extend_from_slice(&[lead, next]);
                    at += 2;
                    continue;
                }
            }
            let Some(ch) = original[at..].chars().next() else { break };
            let end = at + ch.len_utf8();
            let before = text.len();
            let mut chars = 0;
            fold_char(ch, &mut |out| {
                chars += 1;
                text.extend_from_slice(out.encode_utf8(&mut buf).as_bytes())
            });
            if chars != 1 || text.len() - before != end - at {
                shifts.push(Shift {
                    folded_start: before as u32,
                    folded_end: text.len() as u32,
                    original_start: at as u32,
                    original_end: end as u32,
                });
            }
            at = end;
        }
        let text = String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Folded { text, shifts, original_len: original.len() }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The byte range of the original text that the folded range `range` came from: from the start of the
    /// original character of its first byte to the end of the original character of its last.
    ///
    /// An empty range maps to the original position where it sits.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        if range.start >= self.text.len() {
            return self.original_len..self.original_len;
        }
        let start = self.origin(range.start).start;
        if range.end <= range.start {
            return start..start;
        }
        let last = range.end.min(self.text.len()) - 1;
        start..self.origin(last).end
    }

    /// The original character that folded byte `at` (within the text) came from.
    fn origin(&self, at: usize) -> Range<usize> {
        // The first character recorded that ends after `at`: `at` lies in it, or in the aligned stretch after
        // the one before it.
        let i = self.shifts.partition_point(|s| s.folded_end as usize <= at);
        if let Some(s) = self.shifts.get(i).filter(|s| s.folded_start as usize <= at) {
            return s.original_start as usize..s.original_end as usize;
        }
        let start = floor_char_boundary(&self.text, at);
        let len = self.text[start..].chars().next().map_or(1, char::len_utf8);
        let start = self.original_after(i, start);
        start..start + len
    }

    /// The original offset of the aligned folded offset `at` that follows the first `i` recorded characters.
    fn original_after(&self, i: usize, at: usize) -> usize {
        match i.checked_sub(1).map(|p| self.shifts[p]) {
            Some(s) => at - s.folded_end as usize + s.original_end as usize,
            None => at,
        }
    }

    /// The folded byte offset at or after the original byte offset `at`: the first folded byte whose
    /// original character starts at or after `at`.
    pub fn folded_offset(&self, at: usize) -> usize {
        let i = self.shifts.partition_point(|s| s.original_end as usize <= at);
        match self.shifts.get(i).filter(|s| s.original_start as usize <= at) {
            Some(s) if s.original_start as usize == at => s.folded_start as usize,
            Some(s) => s.folded_end as usize,
            None => {
                // Past the last recorded character before `at`, the two texts run in step.
                let folded = match i.checked_sub(1).map(|p| self.shifts[p]) {
                    Some(s) => at - s.original_end as usize + s.folded_end as usize,
                    None => at,
                };
                ceil_char_boundary(&self.text, folded.min(self.text.len()))
            }
        }
    }
}

/// Whether the two-byte character `lead next` (U+0600–U+06FF) folds to itself: a table of the 256 of them, made
/// by [`fold_char`] itself, so the two never disagree.
#[inline]
fn unchanged_arabic(lead: u8, next: u8) -> bool {
    static TABLE: std::sync::OnceLock<[bool; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut same = [false; 256];
        for (i, same) in same.iter_mut().enumerate() {
            if let Some(ch) = char::from_u32(0x0600 + i as u32) {
                let mut out = Vec::new();
                fold_char(ch, &mut |c| out.push(c));
                *same = out == [ch];
            }
        }
        same
    });
    // Lead bytes D8–DB hold U+0600–U+06FF, 64 characters each, in their continuation byte's low six bits.
    table[usize::from(lead - 0xD8) << 6 | usize::from(next & 0x3F)]
}

/// The length of the run of ASCII bytes that `bytes` starts with, tested a block at a time.
fn ascii_run(bytes: &[u8]) -> usize {
    let mut run = 0;
    for block in bytes.chunks(32) {
        if !block.is_ascii() {
            return run + block.iter().take_while(|b| b.is_ascii()).count();
        }
        run += block.len();
    }
    run
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Folds a short string (a vocabulary entry, a query) the way [`Folded::new`] folds documents.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        fold_char(ch, &mut |c| out.push(c));
    }
    out
}

/// Folds one character, calling `emit` for each character of its folded form (none, one, or more).
///
/// Arabic script: diacritics and tatweel dropped; alef and hamza seats unified; alef maqsura and the Persian
/// and Pashto yehs to ي; keheh and Pashto gaf to ك, گ to ك; پ چ ژ to ب ج ز; ta marbuta to ه; the Pashto
/// letters ټ ډ ړ ږ ښ ڼ to their Arabic bases; ZWNJ to a space (ذبیح‌الله = ذبيح الله). Latin: lower case,
/// diacritics dropped, ligatures split. Digits of every script to ASCII. Quotes and dashes to ASCII.
pub fn fold_char(ch: char, emit: &mut impl FnMut(char)) {
    match ch {
        // Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef) and tatweel.
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => {}
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => emit('ا'),
        'ى' | 'ی' | 'ې' | 'ۍ' | 'ئ' | 'ي' | 'ۑ' | 'ے' => emit('ي'),
        'ک' | 'ګ' | 'گ' | 'ڪ' | 'ك' => emit('ك'),
        'ؤ' => emit('و'),
        'ة' | 'ۀ' | 'ہ' | 'ە' | 'ھ' => emit('ه'),
        'پ' => emit('ب'),
        'چ' | 'ځ' | 'څ' => emit('ج'),
        'ژ' | 'ږ' => emit('ز'),
        'ټ' => emit('ت'),
        'ډ' => emit('د'),
        'ړ' => emit('ر'),
        'ښ' => emit('ش'),
        'ڼ' => emit('ن'),
        '\u{200C}' => emit(' '),
        // Line and paragraph separators (common in press-release feeds) end lines like a newline.
        '\u{2028}' | '\u{2029}' | '\u{0085}' => emit('\n'),
        // Zero-width joiner, marks and BOM carry nothing to match on.
        '\u{200B}' | '\u{200D}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => {}
        '\u{0660}'..='\u{0669}' => emit(char::from(b'0' + (ch as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => emit(char::from(b'0' + (ch as u32 - 0x06F0) as u8)),
        '،' => emit(','),
        '؛' => emit(';'),
        '؟' => emit('?'),
        '٫' => emit('.'),
        '٬' => emit(','),
        '«' | '»' | '“' | '”' | '„' | '″' => emit('"'),
        '‘' | '’' | '‚' | '′' | '`' | 'ʼ' | 'ʻ' => emit('\''),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => emit('-'),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => emit(' '),
        'ß' => {
            emit('s');
            emit('s');
        }
        'æ' | 'Æ' => {
            emit('a');
            emit('e');
        }
        'œ' | 'Œ' => {
            emit('o');
            emit('e');
        }
        _ if ch.is_ascii() => emit(ch.to_ascii_lowercase()),
        _ if is_latin_extended(ch) => decompose_canonical(ch, |d| {
            if !is_combining_mark(d) {
                for l in d.to_lowercase() {
                    emit(l);
                }
            }
        }),
        _ if is_combining_mark(ch) && !is_arabic_block(ch) => {}
        _ => {
            for l in ch.to_lowercase() {
                emit(l);
            }
        }
    }
}

fn is_latin_extended(ch: char) -> bool {
    matches!(ch, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

fn is_arabic_block(ch: char) -> bool {
    matches!(ch, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        assert_eq!(fold(input), expect, "fold({input:?})");
        assert_eq!(Folded::new(input).as_str(), expect, "Folded::new({input:?})");
    }

    #[test]
    fn every_arabic_block_character_folds_as_fold_char_says() {
        // The copied letters of `unchanged_arabic` and the decoded others, each alone and between letters.
        for ch in ('\u{0600}'..='\u{06FF}').chain(['a', 'ي']) {
            for text in [ch.to_string(), format!("ب{ch}ب x{ch}y")] {
                let folded = Folded::new(&text);
                assert_eq!(folded.as_str(), fold(&text), "U+{:04X}", ch as u32);
                let all = folded.original_range(0..folded.as_str().len());
                assert!(folded.as_str().is_empty() || all == (0..text.len()), "U+{:04X}", ch as u32);
            }
        }
    }

    #[test]
    fn arabic_letters_fold_to_one_form() {
        check("أحمدي", "احمدي");
        check("إقليم", "اقليم");
        check("غزنى", "غزني");
        check("ولاية", "ولايه");
        check("جنوداً", "جنودا");
        check("مُجاهِدو", "مجاهدو");
        check("قـنـدهـار", "قندهار");
    }

    #[test]
    fn persian_and_pashto_letters_fold_to_arabic_bases() {
        check("کندهار", "كندهار");
        check("ننگرهار", "ننكرهار");
        check("ننګرهار", "ننكرهار");
        check("پکتیا", "بكتيا");
        check("ذبیح\u{200C}الله", "ذبيح الله");
    }

    #[test]
    fn digits_of_three_scripts_fold_to_ascii() {
        check("٢٠ جنديا", "20 جنديا");
        check("۱۸", "18");
        check("18", "18");
    }

    #[test]
    fn latin_folds_case_diacritics_and_quotes() {
        check("Zābol", "zabol");
        check("Taliban’s", "taliban's");
        check("“covert assaults”", "\"covert assaults\"");
        check("Nahr‐e Saraj", "nahr-e saraj");
        check("Release\u{2028}KABUL", "release\nkabul");
    }

    #[test]
    fn ascii_folds_as_fold_char_folds_it() {
        let ascii: String = (0u8..128).map(char::from).collect();
        let folded = Folded::new(&ascii);
        assert_eq!(folded.as_str(), fold(&ascii));
        for at in 0..ascii.len() {
            assert_eq!(folded.original_range(at..at + 1), at..at + 1);
        }
    }

    #[test]
    fn offsets_map_back_to_original_bytes() {
        let original = "قُتل ٢٣ شخصاً في «هلمند»";
        let folded = Folded::new(original);
        let at = folded.as_str().find("هلمند").unwrap();
        let range = folded.original_range(at..at + "هلمند".len());
        assert_eq!(&original[range], "هلمند");
        let at = folded.as_str().find("23").unwrap();
        assert_eq!(&original[folded.original_range(at..at + 2)], "٢٣");
        let at = folded.as_str().find("قتل").unwrap();
        assert_eq!(&original[folded.original_range(at..at + "قتل".len())], "قُتل");
    }

    /// The map of the first implementation: for every folded byte, its original character.
    fn dense_origins(original: &str) -> Vec<Range<usize>> {
        let mut origins = Vec::new();
        for (at, ch) in original.char_indices() {
            fold_char(ch, &mut |out| origins.extend((0..out.len_utf8()).map(|_| at..at + ch.len_utf8())));
        }
        origins
    }

    #[test]
    fn sparse_map_answers_as_a_map_of_every_byte() {
        let extra =
            "ZWNJ ذبیح\u{200C}الله, «قُتِلَ» ٢٣, Straße, İstanbul, œuvre, \u{FEFF}BOM, ـــ, é\u{301}, ﬁ ٫ end\u{64B}";
        for original in crate::testing::corpus(extra) {
            let folded = Folded::new(&original);
            let origins = dense_origins(&original);
            let text = folded.as_str();
            assert_eq!(origins.len(), text.len());
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for (k, &start) in boundaries.iter().enumerate() {
                // Every range of up to three characters, and one to the end.
                for &end in boundaries[k..].iter().take(4).chain(std::iter::once(&text.len())) {
                    let expected = match origins.get(start) {
                        None => original.len()..original.len(),
                        Some(first) if end <= start => first.start..first.start,
                        Some(first) => first.start..origins[end - 1].end,
                    };
                    assert_eq!(folded.original_range(start..end), expected, "{start}..{end}");
                }
            }
            for at in 0..=original.len() + 1 {
                let expected = origins.partition_point(|o| o.start < at);
                assert_eq!(folded.folded_offset(at), expected, "folded_offset({at})");
            }
        }
    }

    #[test]
    fn folded_offset_inverts_original_range() {
        let original = "Zābol province";
        let folded = Folded::new(original);
        let p = original.find("province").unwrap();
        assert_eq!(&folded.as_str()[folded.folded_offset(p)..], "province");
    }
}

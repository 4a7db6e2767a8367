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
    /// For each byte of `text`, the start of the original character it came from.
    origin_start: Vec<u32>,
    /// For each byte of `text`, the end of the original character it came from.
    origin_end: Vec<u32>,
    original_len: usize,
}

impl Folded {
    /// Folds `original`. Documents are limited well below 4 GiB upstream, so offsets fit in `u32`.
    pub fn new(original: &str) -> Folded {
        // Built as bytes: every piece pushed is a whole UTF-8 character.
        let mut text: Vec<u8> = Vec::with_capacity(original.len());
        let mut origin_start = Vec::with_capacity(original.len());
        let mut origin_end = Vec::with_capacity(original.len());
        let mut buf = [0u8; 4];
        let bytes = original.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            // A run of ASCII, most of an English document, folds to itself in lower case ("`" to "'"): see
            // `fold_char`. One character per byte, so each maps back to its own byte.
            let run = bytes[at..].iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len() - at);
            if run > 0 {
                let end = at + run;
                text.extend(bytes[at..end].iter().map(|&b| if b == b'`' { b'\'' } else { b.to_ascii_lowercase() }));
                origin_start.extend(at as u32..end as u32);
                origin_end.extend(at as u32 + 1..end as u32 + 1);
                at = end;
                continue;
            }
            let Some(ch) = original[at..].chars().next() else { break };
            let end = (at + ch.len_utf8()) as u32;
            let before = text.len();
            fold_char(ch, &mut |out| text.extend_from_slice(out.encode_utf8(&mut buf).as_bytes()));
            for _ in before..text.len() {
                origin_start.push(at as u32);
                origin_end.push(end);
            }
            at = end as usize;
        }
        let text = String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Folded { text, origin_start, origin_end, original_len: original.len() }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The byte range of the original text that the folded range `range` came from.
    ///
    /// An empty range maps to the original position where it sits.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        if range.start >= self.text.len() {
            return self.original_len..self.original_len;
        }
        let start = self.origin_start[range.start] as usize;
        if range.end <= range.start {
            return start..start;
        }
        let last = range.end.min(self.text.len()) - 1;
        start..self.origin_end[last] as usize
    }

    /// The folded byte offset at or after the original byte offset `at`.
    pub fn folded_offset(&self, at: usize) -> usize {
        self.origin_start.partition_point(|&o| (o as usize) < at)
    }
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

    #[test]
    fn folded_offset_inverts_original_range() {
        let original = "Zābol province";
        let folded = Folded::new(original);
        let p = original.find("province").unwrap();
        assert_eq!(&folded.as_str()[folded.folded_offset(p)..], "province");
    }
}

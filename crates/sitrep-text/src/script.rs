//! Which language a document is written in, from its letters.

use std::sync::LazyLock;

use crate::tsv;

/// Languages sitrep reads, as ISO 639-1 codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    Arabic,
    English,
    Dari,
    Pashto,
}

impl Language {
    /// ISO 639-1 code (`ar`, `en`, `fa`, `ps`).
    pub fn code(self) -> &'static str {
        match self {
            Language::Arabic => "ar",
            Language::English => "en",
            Language::Dari => "fa",
            Language::Pashto => "ps",
        }
    }

    /// Parses an ISO 639-1 code or an English name.
    pub fn from_code(code: &str) -> Option<Language> {
        match code.trim().to_ascii_lowercase().as_str() {
            "ar" | "ara" | "arabic" => Some(Language::Arabic),
            "en" | "eng" | "english" => Some(Language::English),
            "fa" | "prs" | "fas" | "per" | "dari" | "persian" => Some(Language::Dari),
            "ps" | "pus" | "pashto" => Some(Language::Pashto),
            _ => None,
        }
    }

    /// Whether the language is written in Arabic script.
    pub fn is_arabic_script(self) -> bool {
        !matches!(self, Language::English)
    }
}

/// Whether `utf8` holds a character of the Arabic block, U+0600..U+06FF: one whose lead byte is D8 to DB.
pub fn has_arabic_block(utf8: &[u8]) -> bool {
    // A block at a time, with no early exit inside it: the compiler vectorises the test.
    let lead = |block: &[u8]| block.iter().fold(false, |any, b| any | (b & 0xFC == 0xD8));
    utf8.chunks(64).any(lead)
}

/// What a character of the Arabic block says of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Letter {
    /// Not a letter (digits, punctuation, marks).
    None,
    /// A letter of Arabic script, in any of the three languages.
    Script,
    /// A letter only Pashto writes.
    Pashto,
    /// A letter Persian adds: Dari (and Pashto).
    Persian,
    /// A letter only Arabic writing uses.
    ArabicOnly,
}

/// The letters of the Arabic block, U+0600..U+06FF, by their offset in it: the letter ranges, then the
/// letters of `data/lexicon/letters.tsv`. The file is checked by tests: a malformed row panics naming it.
static LETTERS: LazyLock<[Letter; 256]> = LazyLock::new(|| {
    let mut letters = [Letter::None; 256];
    for c in ('\u{0621}'..='\u{064A}').chain('\u{0671}'..='\u{06D3}') {
        letters[c as usize - 0x600] = Letter::Script;
    }
    read_letters(&mut letters).unwrap_or_else(|e| panic!("{e}"));
    letters
});

fn read_letters(letters: &mut [Letter; 256]) -> Result<(), tsv::Error> {
    for row in tsv::Table::parse("letters.tsv", include_str!("../../../data/lexicon/letters.tsv"))?.rows() {
        let row = row?;
        let mut chars = row.get("letter")?.chars();
        let offset = match (chars.next(), chars.next()) {
            (Some(c), None) => (c as usize).checked_sub(0x600).filter(|&i| i < 256),
            _ => None,
        };
        let offset = offset.ok_or_else(|| row.invalid("letter", "not one letter of the Arabic block"))?;
        letters[offset] = match row.get("language")? {
            "ps" => Letter::Pashto,
            "fa" => Letter::Persian,
            "ar" => Letter::ArabicOnly,
            other => return Err(row.invalid("language", format!("unknown language {other:?}"))),
        };
    }
    Ok(())
}

/// Guesses the language from letter counts: Latin against Arabic script, then, within Arabic script, the
/// letters only Pashto has (ټ ډ ړ ږ ښ ګ ڼ ې ۍ), those Persian adds (پ چ ژ گ ک ی), and those only Arabic
/// writing uses (ة ى), weighed by frequency so a Persian or Pashto name quoted in another language does not flip
/// the guess. The letters of each kind are data: `data/lexicon/letters.tsv`.
pub fn detect_language(text: &str) -> Language {
    // No Arabic-script letter at all (every one counted below is in U+0600..U+06FF): the counts could only say
    // English.
    if !has_arabic_block(text.as_bytes()) {
        return Language::English;
    }
    let (mut arabic, mut pashto, mut persian, mut arabic_only) = (0usize, 0usize, 0usize, 0usize);
    let bytes = text.as_bytes();
    let latin = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
    // Every other letter counted is outside ASCII: decode only those characters.
    let letters = &*LETTERS;
    let mut at = 0;
    while let Some(k) = bytes[at..].iter().position(|b| !b.is_ascii()) {
        let Some(ch) = text[at + k..].chars().next() else { break };
        at += k + ch.len_utf8();
        let letter = (ch as usize).checked_sub(0x600).and_then(|i| letters.get(i)).copied().unwrap_or(Letter::None);
        match letter {
            Letter::None => {}
            Letter::Script => arabic += 1,
            Letter::Pashto => {
                arabic += 1;
                pashto += 1
            }
            Letter::Persian => {
                arabic += 1;
                persian += 1
            }
            Letter::ArabicOnly => {
                arabic += 1;
                arabic_only += 1
            }
        }
    }
    if latin >= arabic {
        return Language::English;
    }
    // Pashto writes its own letters in about one letter in ten (8-14% in the development documents); a Dari
    // or Arabic report quoting a Pashto-spelled name ("ژړی", "ننګرهار") has a few in hundreds.
    if pashto * 40 > arabic {
        Language::Pashto
    } else if persian > arabic_only {
        Language::Dari
    } else {
        Language::Arabic
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_script_and_letters() {
        assert_eq!(detect_language("Taliban attacked a checkpoint in Balkh province."), Language::English);
        assert_eq!(detect_language("أصيب ثلاثة من رجال الأمن في ولاية قندوز"), Language::Arabic);
        assert_eq!(detect_language("طالبان به یک پاسگاه در ولایت بلخ حمله کردند"), Language::Dari);
        assert_eq!(detect_language("طالبانو د بلخ ولایت په یوه پوسته برید وکړ"), Language::Pashto);
        assert_eq!(detect_language(""), Language::English);
    }

    #[test]
    fn codes_round_trip() {
        for l in [Language::Arabic, Language::English, Language::Dari, Language::Pashto] {
            assert_eq!(Language::from_code(l.code()), Some(l));
        }
    }
}

//! Which language a document is written in, from its letters.

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

/// Guesses the language from letter counts: Latin against Arabic script, then, within Arabic script, the
/// letters only Pashto has (ټ ډ ړ ږ ښ ګ ڼ ې ۍ), those Persian adds (پ چ ژ گ ک ی), and those only Arabic
/// writing uses (ة ى), weighed by frequency so a Persian name quoted in Arabic does not flip the guess.
/// Whether `utf8` holds a character of the Arabic block, U+0600..U+06FF: one whose lead byte is D8 to DB.
pub fn has_arabic_block(utf8: &[u8]) -> bool {
    // A block at a time, with no early exit inside it: the compiler vectorises the test.
    let lead = |block: &[u8]| block.iter().fold(false, |any, b| any | (b & 0xFC == 0xD8));
    utf8.chunks(64).any(lead)
}

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
    let mut at = 0;
    while let Some(k) = bytes[at..].iter().position(|b| !b.is_ascii()) {
        let Some(ch) = text[at + k..].chars().next() else { break };
        at += k + ch.len_utf8();
        match ch {
            'ټ' | 'ډ' | 'ړ' | 'ږ' | 'ښ' | 'ګ' | 'ڼ' | 'ې' | 'ۍ' | 'ځ' | 'څ' => {
                arabic += 1;
                pashto += 1
            }
            'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' => {
                arabic += 1;
                persian += 1
            }
            'ة' | 'ى' | 'ك' | 'ي' => {
                arabic += 1;
                arabic_only += 1
            }
            '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' => arabic += 1,
            _ => {}
        }
    }
    if latin >= arabic {
        return Language::English;
    }
    if pashto * 200 > arabic {
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

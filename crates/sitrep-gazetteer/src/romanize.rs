//! Romanization of Dari and Pashto place names written in Arabic script, for places the gazetteer does not
//! hold: "سربند" → "Sarband", "متخازو" → "Matkhazo".
//!
//! The letters' values are data (`data/gazetteer/romanization.tsv`, after BGN/PCGN). Short vowels are not
//! written in Arabic script; they are restored the way Afghan map names read: every syllable has a vowel, so a
//! consonant that opens a syllable and meets another consonant takes an "a" ("سربند": s·r·b·n·d → sar·band), and
//! a consonant after a vowel that meets another consonant closes the syllable. A guess, and said to be one: the
//! result is the usual spelling only where the name has no other short vowels.

use std::collections::HashMap;
use std::sync::OnceLock;

use sitrep_text::tsv;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Consonant,
    Vowel,
    /// Waw and yeh: a consonant at the start of a word or after a vowel, else a long vowel.
    Glide,
    /// Heh and ta marbuta: a vowel at the end of a word after a consonant, else a consonant.
    Final,
    Silent,
}

#[derive(Debug)]
struct Letter {
    kind: Kind,
    consonant: &'static str,
    vowel: &'static str,
}

fn letters() -> &'static HashMap<char, Letter> {
    static LETTERS: OnceLock<HashMap<char, Letter>> = OnceLock::new();
    // The embedded file is checked by tests: a malformed row panics naming its line and column.
    LETTERS.get_or_init(|| read_letters().unwrap_or_else(|e| panic!("{e}")))
}

fn read_letters() -> Result<HashMap<char, Letter>, tsv::Error> {
    let table = tsv::Table::parse("romanization.tsv", include_str!("../../../data/gazetteer/romanization.tsv"))?;
    let mut letters = HashMap::new();
    for row in table.rows() {
        let row = row?;
        let mut chars = row.get("letter")?.chars();
        let (Some(letter), None) = (chars.next(), chars.next()) else {
            return Err(row.invalid("letter", "not one letter"));
        };
        let kind = match row.get("kind")? {
            "consonant" => Kind::Consonant,
            "vowel" => Kind::Vowel,
            "glide" => Kind::Glide,
            "final" => Kind::Final,
            "silent" => Kind::Silent,
            other => return Err(row.invalid("kind", format!("unknown kind {other:?}"))),
        };
        let consonant = row.opt("consonant")?.unwrap_or("");
        letters.insert(letter, Letter { kind, consonant, vowel: row.opt("vowel")?.unwrap_or("") });
    }
    Ok(letters)
}

/// One sound of a word: a consonant or a vowel, with its Latin letters.
#[derive(Debug, Clone, Copy)]
enum Sound {
    Consonant(&'static str),
    Vowel(&'static str),
}

/// `name` in Latin letters, word by word and capitalised, or None when it holds no Arabic-script letter.
pub fn romanize(name: &str) -> Option<String> {
    let table = letters();
    if !name.chars().any(|c| table.contains_key(&c)) {
        return None;
    }
    let words: Vec<String> =
        name.split_whitespace().map(|w| romanize_word(w, table)).filter(|w| !w.is_empty()).collect();
    Some(words.join(" "))
}

fn romanize_word(word: &str, table: &HashMap<char, Letter>) -> String {
    // Letters only: diacritics, tatweel and punctuation carry nothing here.
    let letters: Vec<&Letter> = word.chars().filter_map(|c| table.get(&c)).collect();
    let mut sounds: Vec<Sound> = Vec::with_capacity(letters.len());
    for (i, l) in letters.iter().enumerate() {
        let after_vowel = matches!(sounds.last(), Some(Sound::Vowel(_)));
        let before_vowel = letters.get(i + 1).is_some_and(|n| n.kind == Kind::Vowel);
        let sound = match l.kind {
            Kind::Silent => continue,
            Kind::Consonant => Sound::Consonant(l.consonant),
            Kind::Vowel => Sound::Vowel(l.vowel),
            // A yeh or waw written twice is one long vowel ("لورشيين": Lorshin).
            Kind::Glide if after_vowel && i > 0 && std::ptr::eq(letters[i - 1], *l) => continue,
            Kind::Glide if sounds.is_empty() || after_vowel || before_vowel => Sound::Consonant(l.consonant),
            Kind::Glide => Sound::Vowel(l.vowel),
            Kind::Final if i + 1 == letters.len() && !sounds.is_empty() && !after_vowel => Sound::Vowel(l.vowel),
            Kind::Final => Sound::Consonant(l.consonant),
        };
        sounds.push(sound);
    }
    let mut out = String::new();
    let mut i = 0;
    while i < sounds.len() {
        if let Sound::Vowel(v) = sounds[i] {
            out.push_str(v);
            i += 1;
            continue;
        }
        // A run of consonants, and where it stands: the vowels it lies between decide where "a" goes.
        let run: Vec<&str> =
            sounds[i..].iter().map_while(|s| if let Sound::Consonant(c) = s { Some(*c) } else { None }).collect();
        let after_vowel = i > 0;
        let before_vowel = i + run.len() < sounds.len();
        let vowel_after = unwritten_vowels(&run, after_vowel, before_vowel);
        for (k, c) in run.iter().enumerate() {
            out.push_str(c);
            if vowel_after.contains(&k) {
                out.push('a');
            }
        }
        i += run.len();
    }
    capitalise(&out)
}

/// After which consonants of a run (by index) the unwritten vowel goes. Syllables are built from the right: the
/// consonant before a vowel opens its syllable; at the end of the word a cluster Dari and Pashto allow ("band",
/// "dasht") or one consonant closes the last; the consonants left pair up as "C a C" syllables, and an odd one
/// out closes the syllable of the vowel before it, or takes its own vowel at the start of the word.
fn unwritten_vowels(run: &[&str], vowel_before: bool, vowel_after: bool) -> Vec<usize> {
    let n = run.len();
    let mut after = Vec::new();
    // Consonants not yet placed: run[..open].
    let mut open = n;
    if vowel_after {
        open -= 1;
        // "بختیار": a cluster that may close a word closes the syllable before the opener too (bakh·tyar).
        if open >= 3 && final_cluster(run[open - 2], run[open - 1]) {
            after.push(open - 3);
            open -= 3;
        }
    } else {
        let tail = if n >= 2 && final_cluster(run[n - 2], run[n - 1]) { 2 } else { 1 };
        open = n.saturating_sub(tail);
        if open > 0 {
            // The closing consonants need a vowel of their own, after the consonant that opens their syllable.
            after.push(open - 1);
            open -= 1;
        } else if !vowel_before && n >= 2 {
            after.push(0);
        }
    }
    while open >= 2 {
        after.push(open - 2);
        open -= 2;
    }
    if open == 1 && !vowel_before {
        after.push(0);
    }
    after
}

/// Two consonants that may close a word together: a nasal or liquid before another consonant ("band", "kard"),
/// or s, sh, kh, f, z before a stop ("bost", "dasht", "sakht", "zard").
fn final_cluster(first: &str, second: &str) -> bool {
    second != "k"
        && (matches!(first, "n" | "r" | "l" | "m")
            || (matches!(first, "s" | "sh" | "kh" | "f" | "z") && matches!(second, "t" | "d")))
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::romanize;

    #[test]
    fn syllables_take_their_unwritten_vowel() {
        // Names and spellings from the IEC 2019 polling-centre list and AGCHO maps.
        assert_eq!(romanize("سربند").as_deref(), Some("Sarband"));
        assert_eq!(romanize("کوهک").as_deref(), Some("Kohak"));
        assert_eq!(romanize("مناره").as_deref(), Some("Manara"));
        assert_eq!(romanize("تابين").as_deref(), Some("Tabin"));
        assert_eq!(romanize("شاه").as_deref(), Some("Shah"));
        // A cluster that may end a word ends a syllable inside one too.
        assert_eq!(romanize("بختیار").as_deref(), Some("Bakhtyar"));
    }

    #[test]
    fn latin_text_has_nothing_to_romanize() {
        assert_eq!(romanize("Sarband"), None);
        assert_eq!(romanize(""), None);
    }
}

//! sitrep's vocabularies: reviewed data files in `data/lexicon/`, embedded at build time, matched in one pass.
//!
//! Each file is a table with a `term` (written naturally, folded when loaded), a `lang`, the columns of its
//! kind and a `source` saying where the entry comes from or why it is there. [`Lexicon::scan`] finds every
//! entry in a folded document with one Aho-Corasick pass, keeps matches that sit on word boundaries (after
//! Arabic proclitics for Arabic-script terms) and resolves overlaps leftmost-longest within each kind (each kind of
//! cue its own).
//!
//! Terms may end in `*` to match as a stem (`attack*` matches `attacks`, `attacked`).

pub use sense::{ActorRole, AttributionKind, CasualtyField, Cue, CueSet, EventSense, Sense};
pub use tables::{ActorType, FunctionWord, Spokesperson, WordClass, FILES};

mod compiled;
mod sense;
mod tables;

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use sitrep_text::{ends_word, match_starts, starts_word, starts_word_after_proclitics, PatternTrie, Prebuilt};

use tables::{Entry, Pattern, Tables};

/// The double array of the embedded files' patterns, built by `build.rs` from the same texts
/// ([`tables::patterns`]): building it here would take most of a process's start.
const PATTERN_TRIE: Prebuilt = Prebuilt {
    fingerprint: include!(concat!(env!("OUT_DIR"), "/patterns.fingerprint")),
    bytes: include_bytes!(concat!(env!("OUT_DIR"), "/patterns.da")),
};

/// A vocabulary match in folded text.
#[derive(Debug, Clone)]
pub struct Hit<'l> {
    /// Byte range in the folded text.
    pub range: Range<usize>,
    /// What the matched term means (where it is defined: [`Lexicon::origin`]).
    pub sense: &'l Sense,
}

impl PartialEq for Hit<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.range == other.range && std::ptr::eq(self.sense, other.sense)
    }
}

/// All vocabularies and their matcher. Built once; immutable.
pub struct Lexicon {
    entries: Vec<Entry>,
    patterns: Vec<Pattern>,
    /// Every term, searched from the offsets where a word may start.
    matcher: PatternTrie,
    /// The folded text of each pattern, for the test against a plain overlapping search.
    #[cfg(test)]
    texts: Vec<String>,
    spokespersons: Vec<Spokesperson>,
    actor_types: Vec<ActorType>,
    /// Index of `actor_types` by canonical name: read for every actor mention.
    actor_type_index: HashMap<String, usize>,
    /// Folded function words (`function_words.tsv`) and their kind, looked up word by word, never scanned for.
    function_words: HashMap<String, FunctionWord>,
    /// Folded words and the classes (`word_classes.tsv`) they belong to, one bit per [`WordClass`].
    word_classes: HashMap<String, u64>,
}

// Here rather than in `sense.rs`, which `build.rs` includes: a spokesperson's label reads the embedded lexicon.
impl Sense {
    /// A short label, for tests and `--explain`.
    pub fn label(&self) -> String {
        match self {
            Sense::Actor { actor, .. } => format!("actor:{actor}"),
            Sense::Spokesperson { person } => {
                format!("spokesperson:{}", Lexicon::embedded().spokesperson(*person).name)
            }
            Sense::Event(e) => {
                let parts: Vec<&str> =
                    [&e.event_type, &e.sub_event_type, &e.weapon].into_iter().filter_map(|p| p.as_deref()).collect();
                format!("event:{}", parts.join("/"))
            }
            Sense::Casualty { field } => format!("casualty:{field:?}"),
            Sense::Attribution { kind } => format!("attribution:{kind:?}"),
            Sense::Cue(c) => format!("cue:{c:?}"),
            Sense::Materiel { item } => format!("materiel:{item}"),
        }
    }
}

/// The classes of `word_classes.tsv` one word belongs to, one bit per [`WordClass`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordClasses(u64);

// Every class has its bit (SourceWithin is the last), and one bit is left, so no word has them all.
const _: () = assert!((WordClass::SourceWithin as u64) < 63);

impl WordClasses {
    /// Every bit: the classes of no word, for a cache to mark a word it has not looked up.
    pub const NONE_SUCH: WordClasses = WordClasses(u64::MAX);

    pub fn contains(self, class: WordClass) -> bool {
        self.0 & class.bit() != 0
    }
}

impl Lexicon {
    /// The lexicon built from the embedded files, built on first use.
    pub fn embedded() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::compiled)
    }

    /// Builds a lexicon from `(name, text)` files. Panics naming the file, line and column on a malformed
    /// entry: the embedded files are checked by tests. The embedded [`FILES`] are not read: `build.rs` compiled
    /// them already.
    pub fn from_files(files: &[(&'static str, &str)]) -> Lexicon {
        if Lexicon::are_embedded(files) {
            Lexicon::compiled()
        } else {
            Lexicon::read(files)
        }
    }

    /// Whether `files` are the embedded [`FILES`] (the same names and texts, in order), which `build.rs` compiled.
    fn are_embedded(files: &[(&'static str, &str)]) -> bool {
        files.len() == FILES.len()
            && files.iter().zip(FILES).all(|(a, b)| a.0 == b.0 && (std::ptr::eq(a.1, b.1) || a.1 == b.1))
    }

    /// The lexicon of the embedded files as `build.rs` compiled it: nothing to parse, fold or sort.
    fn compiled() -> Lexicon {
        let compiled = &compiled::EMBEDDED;
        let texts = compiled.texts();
        // The texts are those the double array and its layout were made from.
        let matcher = PatternTrie::with_prebuilt_keys(&texts, PATTERN_TRIE.bytes, compiled.ids, compiled.first)
            .expect("folded vocabulary terms are non-empty and hold no NUL");
        let actor_types = compiled.actor_types();
        Lexicon {
            entries: compiled.entries(),
            patterns: compiled.patterns(),
            matcher,
            #[cfg(test)]
            texts: texts.into_iter().map(str::to_string).collect(),
            spokespersons: compiled.spokespersons(),
            actor_type_index: actor_types.iter().enumerate().map(|(i, t)| (t.actor.clone(), i)).collect(),
            actor_types,
            function_words: compiled.function_words().collect(),
            word_classes: compiled.word_classes().collect(),
        }
    }

    /// Reads a lexicon from `(name, text)` files, as [`Lexicon::from_files`] does for files not embedded.
    fn read(files: &[(&'static str, &str)]) -> Lexicon {
        let tables = Tables::read(files).unwrap_or_else(|e| panic!("{e}"));
        let Tables { entries, terms, spokespersons, actor_types, function_words, word_classes } = tables;
        let (patterns, texts) = tables::patterns(&entries, terms);
        let matcher = PatternTrie::with_prebuilt(&texts, PATTERN_TRIE)
            .expect("folded vocabulary terms are non-empty and hold no NUL");
        Lexicon {
            entries,
            patterns,
            matcher,
            #[cfg(test)]
            texts,
            spokespersons,
            actor_type_index: actor_types.iter().enumerate().map(|(i, t)| (t.actor.clone(), i)).collect(),
            actor_types,
            function_words,
            word_classes,
        }
    }

    /// Whether a folded word belongs to a class of `word_classes.tsv`.
    pub fn is(&self, class: WordClass, folded_word: &str) -> bool {
        self.classes(folded_word).contains(class)
    }

    /// Every class of `word_classes.tsv` a folded word belongs to: one look-up for a word asked about often.
    pub fn classes(&self, folded_word: &str) -> WordClasses {
        WordClasses(self.word_classes.get(folded_word).copied().unwrap_or(0))
    }

    /// Where the entry a hit matched is defined (`actors.tsv:12`), for `--explain` and reviews: found from its
    /// sense, so that a hit, of which a long document has one every few bytes, does not carry it.
    pub fn origin(&self, hit: &Hit<'_>) -> &str {
        self.entries.iter().find(|e| std::ptr::eq(&e.sense, hit.sense)).map_or("", |e| e.origin.as_str())
    }

    /// Whether a folded word is a function word of one of the languages ("in", "في", "در", "کې").
    pub fn is_function_word(&self, folded_word: &str) -> bool {
        self.function_words.contains_key(folded_word)
    }

    /// The kind of a folded function word, if it is one.
    pub fn function_word(&self, folded_word: &str) -> Option<FunctionWord> {
        self.function_words.get(folded_word).copied()
    }

    /// Every vocabulary match in `folded`, sorted by start. Within one kind of sense (of cue, for cues),
    /// overlapping matches are resolved leftmost-longest; matches of different kinds may overlap.
    pub fn scan<'l>(&'l self, folded: &str) -> Vec<Hit<'l>> {
        self.scan_from(folded, &match_starts(folded))
    }

    /// [`Lexicon::scan`] given `sitrep_text::match_starts(folded)`, found once for every search.
    pub fn scan_from<'l>(&'l self, folded: &str, starts: &[u32]) -> Vec<Hit<'l>> {
        self.scan_in(folded, starts, None)
    }

    /// [`Lexicon::scan_from`] for a document in `language`: a term marked for other languages is not read
    /// (the letters fold alike; the words differ).
    pub fn scan_in<'l>(
        &'l self,
        folded: &str,
        starts: &[u32],
        language: Option<sitrep_text::Language>,
    ) -> Vec<Hit<'l>> {
        use sitrep_text::Language;
        let document = match language {
            Some(Language::Arabic) => Some(tables::READ_IN_ARABIC),
            Some(Language::Dari) => Some(tables::READ_IN_DARI),
            Some(Language::Pashto) => Some(tables::READ_IN_PASHTO),
            _ => None,
        };
        let foreign = |entry: usize| {
            self.entries[entry].read_in.zip(document).is_some_and(|(languages, document)| languages & document == 0)
        };
        // Offsets are `u32`, as in `sitrep_text::Folded`: a text of 4 GiB or more has no hits.
        if u32::try_from(folded.len()).is_err() {
            return Vec::new();
        }
        // The trie reports the matches start by start, in the order of the starts: ascending, as `match_starts`
        // gives them, so that each start's matches are resolved as they come and a long document's matches (one
        // every few bytes) are never all held.
        let sorted: Vec<u32>;
        let starts = if starts.is_sorted() {
            starts
        } else {
            sorted = {
                let mut s = starts.to_vec();
                s.sort_unstable();
                s
            };
            &sorted
        };
        let mut resolver = Resolver::new(self, starts.len());
        self.matcher.matches_at(folded.as_bytes(), starts, |s, e, p| {
            if let Some((range, entry)) = self.term(folded, s, e, p as usize) {
                if !foreign(entry) {
                    resolver.add(range.start, [range.end as u32, entry as u32, e as u32, p]);
                }
            }
        });
        resolver.finish()
    }

    /// Every pattern occurrence that may start a word, as (start, end, pattern), in the order of an
    /// overlapping search (by end, then start, then pattern): the trie walked from each
    /// offset where a word may start, so most of the text is never stepped through.
    #[cfg(test)]
    fn pattern_matches(&self, folded: &str, starts: &[u32]) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        self.matcher.matches_at(folded.as_bytes(), starts, |s, e, p| found.push((s, e, p as usize)));
        found.sort_unstable_by_key(|&(s, e, p)| (e, s, p));
        found
    }

    /// The term that pattern `p` found at `start..end` makes, if it stands on word boundaries: its range
    /// (to the end of the word for a stem) and entry.
    fn term(&self, folded: &str, start: usize, end: usize, p: usize) -> Option<(Range<usize>, usize)> {
        let p = &self.patterns[p];
        let starts = if p.arabic {
            starts_word_after_proclitics(folded, start, p.article_dropped)
        } else {
            starts_word(folded, start)
        };
        if !starts {
            return None;
        }
        let mut end = end;
        if p.stem {
            end +=
                folded[end..].chars().take_while(|&c| sitrep_text::is_word_char(c)).map(char::len_utf8).sum::<usize>();
        } else if !ends_word(folded, end) {
            return None;
        }
        Some((start..end, p.entry))
    }

    /// The spokesperson behind a [`Sense::Spokesperson`].
    pub fn spokesperson(&self, person: usize) -> &Spokesperson {
        &self.spokespersons[person]
    }

    /// The type of a canonical actor, if listed.
    pub fn actor_type(&self, actor: &str) -> Option<&ActorType> {
        self.actor_type_index.get(actor).map(|&i| &self.actor_types[i])
    }

    /// The actor a canonical name stands for on a day (`YYYY-MM-DD`): its successor from the day it took over.
    pub fn actor_on<'a>(&'a self, actor: &'a str, day: &str) -> &'a str {
        match self.actor_type(actor).and_then(|t| t.successor.as_ref()) {
            Some((from, then)) if day >= from.as_str() => then,
            _ => actor,
        }
    }

    /// Every canonical actor's type, in file order.
    pub fn actor_types(&self) -> &[ActorType] {
        &self.actor_types
    }

    /// How many entries the lexicon holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the lexicon holds no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The hits of a scan, made from the pattern matches one start at a time: at a start, longest first, then in
/// the order of an overlapping search (by the pattern's own end, then pattern), each (start, end, entry) once;
/// within one kind of sense (of cue, for cues), the leftmost-longest of overlapping matches.
struct Resolver<'l> {
    lexicon: &'l Lexicon,
    hits: Vec<Hit<'l>>,
    /// Per kind of sense, where its last hit ends.
    reach: Vec<(sense::OverlapKey, usize)>,
    /// The matches at `start` not resolved yet, as (end, entry, pattern end, pattern).
    pending: Vec<[u32; 4]>,
    start: usize,
}

impl<'l> Resolver<'l> {
    fn new(lexicon: &'l Lexicon, starts: usize) -> Resolver<'l> {
        // About one start in five begins a term, in the four languages alike: sized for a little more, so that a
        // long document's hits (24 bytes each) are not grown, which holds the old room and the new at once.
        let hits = Vec::with_capacity(starts / 4);
        Resolver { lexicon, hits, reach: Vec::new(), pending: Vec::new(), start: 0 }
    }

    /// A match at `start`, after those at every earlier start.
    fn add(&mut self, start: usize, m: [u32; 4]) {
        if start != self.start {
            self.resolve();
            self.start = start;
        }
        self.pending.push(m);
    }

    fn resolve(&mut self) {
        let start = self.start;
        self.pending.sort_unstable_by_key(|&[end, _, pattern_end, p]| (std::cmp::Reverse(end), pattern_end, p));
        self.pending.dedup_by(|a, b| a[..2] == b[..2]);
        for [end, entry, _, _] in self.pending.drain(..) {
            let (range, entry) = (start..end as usize, entry as usize);
            let kind = self.lexicon.entries[entry].sense.overlap_key();
            match self.reach.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, end)) if *end > range.start => continue,
                Some((_, end)) => *end = range.end,
                None => self.reach.push((kind, range.end)),
            }
            self.hits.push(Hit { range, sense: &self.lexicon.entries[entry].sense });
        }
    }

    fn finish(mut self) -> Vec<Hit<'l>> {
        self.resolve();
        // In a long document the room left (more than a MiB) is let go, as the hits are kept while it is read; a
        // short one's is not worth the copy.
        if (self.hits.capacity() - self.hits.len()) * std::mem::size_of::<Hit<'_>>() > 1 << 20 {
            self.hits.shrink_to_fit();
        }
        self.hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_text::{fold, Folded};
    use tables::arabic_accusative;

    fn senses(text: &str) -> Vec<(String, String)> {
        let folded = Folded::new(text);
        Lexicon::embedded()
            .scan(folded.as_str())
            .into_iter()
            .map(|h| (folded.as_str()[h.range.clone()].to_string(), h.sense.label()))
            .collect()
    }

    fn has(text: &str, surface: &str, label: &str) {
        let found = senses(text);
        assert!(
            found.iter().any(|(s, l)| s == &fold(surface) && l == label),
            "{text:?}: expected {surface:?} as {label}, found {found:?}"
        );
    }

    fn lacks(text: &str, label: &str) {
        let found = senses(text);
        assert!(!found.iter().any(|(_, l)| l == label), "{text:?}: did not expect {label}, found {found:?}");
    }

    #[test]
    fn arabic_acts_are_read_in_the_indefinite_accusative_once() {
        assert_eq!(arabic_accusative("هجوم انتحاري").as_deref(), Some("هجوما انتحاريا"));
        assert_eq!(arabic_accusative("غارة"), None);
        assert_eq!(arabic_accusative("الهجوم"), None);
        assert_eq!(arabic_accusative("كمين*"), None);
        // Written in the text: read as the act, and once ("شن المسلحون هجوما": one attack word).
        let text = "نفذ المسلحون هجوما انتحاريا وتفجيرا";
        let found = senses(text);
        let suicide = found.iter().filter(|(s, _)| s == &fold("هجوما انتحاريا")).count();
        assert_eq!(suicide, 1, "{found:?}");
        has(text, "تفجيرا", "event:Explosions/Remote violence/Remote explosive/landmine/IED");
    }

    #[test]
    fn words_of_one_language_are_not_read_in_another_that_folds_them_alike() {
        use sitrep_text::Language;
        let read = |text: &str, language: Language| -> Vec<String> {
            let folded = Folded::new(text);
            let f = folded.as_str();
            let lexicon = Lexicon::embedded();
            lexicon.scan_in(f, &sitrep_text::match_starts(f), Some(language)).iter().map(|h| h.sense.label()).collect()
        };
        // "كشف" is "revealed" in Arabic, "کشف" "discovered" in Dari; Pashto "غاړه" (neck) folds like "غارة" (raid).
        assert!(read("كشف المتحدث", Language::Arabic).iter().any(|l| l.starts_with("attribution")));
        assert!(!read("کشف کردند", Language::Dari).iter().any(|l| l.starts_with("attribution")));
        assert!(!read("پر غاړه واخیست", Language::Pashto).iter().any(|l| l.contains("Air/drone strike")));
        assert!(read("غارة جوية", Language::Arabic).iter().any(|l| l.contains("Air/drone strike")));
        // Dari "کشت" (killed) and Pashto "کښت" (cultivation) fold alike: each is read in its own language.
        assert!(read("او ده را کشت", Language::Dari).iter().any(|l| l.starts_with("casualty")));
        assert!(!read("د کوکنارو کښت", Language::Pashto).iter().any(|l| l.starts_with("casualty")));
        // Words both write ("انفجار") are read in each.
        assert!(read("انفجار", Language::Dari).iter().any(|l| l.starts_with("event")));
        assert!(read("انفجار", Language::Arabic).iter().any(|l| l.starts_with("event")));
    }

    #[test]
    fn embedded_files_load() {
        assert!(Lexicon::embedded().len() > 300);
    }

    /// The embedded lexicon's trie is the one `build.rs` built, and so is the trie of the embedded files read
    /// afresh: the texts it made are the ones made here (else another process reading the same texts would build
    /// it again, silently slower to start).
    #[test]
    fn embedded_trie_is_prebuilt() {
        assert!(Lexicon::embedded().matcher.is_prebuilt(), "build.rs compiled another key layout");
        assert!(
            Lexicon::read(FILES).matcher.is_prebuilt(),
            "build.rs and Lexicon::from_files made other pattern texts"
        );
    }

    /// The embedded lexicon is the one `build.rs` compiled (as is `from_files` given the embedded files, and only
    /// them), and it is what reading the files afresh makes: the same entries, patterns, texts and tables, and the
    /// same hits.
    #[test]
    fn embedded_lexicon_is_compiled() {
        assert!(Lexicon::are_embedded(FILES));
        let copies: Vec<(&'static str, &str)> = FILES.to_vec();
        assert!(Lexicon::are_embedded(&copies));
        let mut other = copies.clone();
        let changed = format!("{}\n", other[0].1);
        other[0].1 = &changed;
        assert!(!Lexicon::are_embedded(&other));
        assert!(!Lexicon::are_embedded(&copies[1..]));

        let compiled = Lexicon::embedded();
        let read = Lexicon::read(FILES);
        assert_eq!(compiled.entries, read.entries);
        assert_eq!(compiled.patterns, read.patterns);
        assert_eq!(compiled.texts, read.texts);
        assert_eq!(compiled.spokespersons, read.spokespersons);
        assert_eq!(compiled.actor_types, read.actor_types);
        assert_eq!(compiled.actor_type_index, read.actor_type_index);
        assert_eq!(compiled.function_words, read.function_words);
        assert_eq!(compiled.word_classes, read.word_classes);
        let hits = |lexicon: &Lexicon, f: &str| -> Vec<(Range<usize>, String, String)> {
            lexicon
                .scan(f)
                .into_iter()
                .map(|h| (h.range.clone(), format!("{:?}", h.sense), lexicon.origin(&h).to_string()))
                .collect()
        };
        for text in sitrep_text::testing::corpus("وبعبوة ناسفة، لقوات الاحتلال (للشرطة) the attacker's attacks killed")
        {
            let folded = Folded::new(&text);
            assert_eq!(hits(compiled, folded.as_str()), hits(&read, folded.as_str()));
        }
    }

    /// Each class named in `word_classes.tsv` has a bit of its own (a class past the bits of the set would share
    /// another's).
    #[test]
    fn every_word_class_has_its_own_bit() {
        let text = include_str!("../../../data/lexicon/word_classes.tsv");
        let mut names: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("term\t"))
            .filter_map(|l| l.split('\t').nth(2))
            .collect();
        names.sort();
        names.dedup();
        let mut bits: Vec<u64> =
            names.iter().map(|n| WordClass::parse(n).unwrap_or_else(|| panic!("{n}: no such class")).bit()).collect();
        bits.sort();
        bits.dedup();
        assert_eq!(bits.len(), names.len(), "two classes share a bit");
    }

    /// A row written twice is a review slip: each term means one thing once per language (its first three
    /// columns: term, language, meaning).
    #[test]
    fn no_row_is_written_twice() {
        for (name, text) in FILES {
            let mut seen = std::collections::HashSet::new();
            for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()) {
                let key: Vec<&str> = line.split('\t').take(3).collect();
                assert!(seen.insert(key.clone()), "{name}:{}: {key:?} is written twice", n + 1);
            }
        }
    }

    #[test]
    fn every_actor_has_a_type() {
        let lexicon = Lexicon::embedded();
        for entry in &lexicon.entries {
            if let Sense::Actor { actor, .. } = &entry.sense {
                assert!(lexicon.actor_type(actor).is_some(), "{}: {actor} is not in actor_types.tsv", entry.origin);
            }
        }
        for person in &lexicon.spokespersons {
            assert!(lexicon.actor_type(&person.organisation).is_some(), "{} speaks for an unknown actor", person.name);
        }
        for t in lexicon.actor_types() {
            if let Some(umbrella) = &t.within {
                assert!(lexicon.actor_type(umbrella).is_some(), "{} is within an unknown actor {umbrella}", t.actor);
            }
        }
    }

    #[test]
    fn loaded_terms_normalise_to_neutral_actors() {
        has("استهدفت حركة طالبان قوات الاحتلال", "قوات الاحتلال", "actor:Foreign forces");
        has("هاجموا نقطة للجيش الموالى ليلا", "جيش الموالي", "actor:Afghan National Army");
        has("سيارة للشرطة الموالية", "شرطه الموالية", "actor:Afghan National Police");
        has("أصيب ثلاثة جنود مرتزقة أمن خاص", "جنود مرتزقة أمن خاص", "actor:Private security forces");
        has("the puppet army fled", "puppet army", "actor:Afghan National Army");
        has(
            "fighters of the Afghanistan Freedom Front said",
            "Afghanistan Freedom Front",
            "actor:Afghanistan Freedom Front",
        );
    }

    #[test]
    fn spokespersons_in_any_script() {
        has("قال ذبيح الله مجاهد", "ذبيح الله مجاهد", "spokesperson:Zabihullah Mujahid");
        has("ذبیح‌الله مجاهد گفت", "ذبیح الله مجاهد", "spokesperson:Zabihullah Mujahid");
        has("a post by Zabiullah Mujahid on X", "Zabiullah Mujahid", "spokesperson:Zabihullah Mujahid");
    }

    /// The anchored search keeps every match, in the order, of a plain overlapping search over the whole text
    /// (the order decides between terms of one kind that span the same bytes).
    #[test]
    fn anchored_search_matches_an_overlapping_search() {
        let lexicon = Lexicon::embedded();
        let reference = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(&lexicon.texts)
            .expect("vocabulary patterns build an automaton");
        let texts = sitrep_text::testing::corpus(
            "وبعبوة ناسفة، لقوات الاحتلال (للشرطة) the attacker's bag; Taliban-killed 3killed",
        );
        for text in texts {
            let folded = Folded::new(&text);
            let f = folded.as_str();
            let expected: Vec<(Range<usize>, usize)> = reference
                .find_overlapping_iter(f)
                .filter_map(|m| lexicon.term(f, m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            let got: Vec<(Range<usize>, usize)> = lexicon
                .pattern_matches(f, &match_starts(f))
                .into_iter()
                .filter_map(|(s, e, p)| lexicon.term(f, s, e, p))
                .collect();
            assert_eq!(got, expected);
        }
    }

    /// [`Lexicon::scan_from`] as first written: the matches in overlapping-search order, then sorted stably by
    /// start and end, then resolved per kind.
    fn scan_by_definition<'l>(lexicon: &'l Lexicon, folded: &str) -> Vec<Hit<'l>> {
        let mut raw: Vec<(Range<usize>, usize)> = lexicon
            .pattern_matches(folded, &match_starts(folded))
            .into_iter()
            .filter_map(|(start, end, p)| lexicon.term(folded, start, end, p))
            .collect();
        raw.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
        raw.dedup();
        let mut kept = Vec::new();
        let mut reach: Vec<(sense::OverlapKey, usize)> = Vec::new();
        for (range, entry) in raw {
            let kind = lexicon.entries[entry].sense.overlap_key();
            match reach.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, end)) if *end > range.start => continue,
                Some((_, end)) => *end = range.end,
                None => reach.push((kind, range.end)),
            }
            kept.push(Hit { range, sense: &lexicon.entries[entry].sense });
        }
        kept
    }

    #[test]
    fn scan_matches_its_definition() {
        let lexicon = Lexicon::embedded();
        for text in sitrep_text::testing::corpus("وبعبوة ناسفة، لقوات الاحتلال (للشرطة) the attacker's attacks killed")
        {
            let folded = Folded::new(&text);
            let got = lexicon.scan(folded.as_str());
            let expected = scan_by_definition(lexicon, folded.as_str());
            assert_eq!(got.len(), expected.len());
            for (g, e) in got.iter().zip(&expected) {
                assert!(g == e && lexicon.origin(g) == lexicon.origin(e), "{g:?} != {e:?}");
            }
        }
    }

    #[test]
    fn words_must_stand_alone() {
        lacks("the attacker's bag", "event:Battles/Armed clash");
        lacks("Kabulistan", "actor:Taliban");
    }

    #[test]
    fn arabic_terms_match_after_proclitics() {
        has("وبعبوة ناسفة", "عبوة ناسفة", "event:Explosions/Remote violence/Remote explosive/landmine/IED/IED");
        has("لقوات الاحتلال", "قوات الاحتلال", "actor:Foreign forces");
    }
}

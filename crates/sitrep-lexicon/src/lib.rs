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

mod sense;

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use sitrep_text::{ends_word, fold, match_starts, starts_word, starts_word_after_proclitics, tsv, PatternTrie};

/// A vocabulary match in folded text.
#[derive(Debug, Clone)]
pub struct Hit<'l> {
    /// Byte range in the folded text.
    pub range: Range<usize>,
    /// What the matched term means.
    pub sense: &'l Sense,
    /// Where the entry is defined (`actors.tsv:12`), for `--explain` and reviews.
    pub origin: &'l str,
}

impl PartialEq for Hit<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.range == other.range && std::ptr::eq(self.sense, other.sense)
    }
}

/// A spokesperson and the organisation they speak for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spokesperson {
    pub name: String,
    pub organisation: String,
}

struct Pattern {
    entry: usize,
    stem: bool,
    arabic: bool,
    article_dropped: bool,
}

struct Entry {
    sense: Sense,
    origin: String,
    /// For an act or a verb of saying, the language family it is read in: Arabic (true) or Dari and Pashto
    /// (false). The same letters fold alike across them, but a word of one is not a word of the other ("كشف"
    /// revealed / "کشف" discovered; Pashto "غاړه" neck / Arabic "غارة" raid). `None`: read in every text.
    arabic: Option<bool>,
}

/// The tables of a lexicon being built, file by file.
#[derive(Default)]
struct Tables {
    entries: Vec<Entry>,
    terms: Vec<(String, usize)>,
    spokespersons: Vec<Spokesperson>,
    actor_types: Vec<ActorType>,
    function_words: HashMap<String, FunctionWord>,
    word_classes: HashMap<String, u64>,
}

impl Tables {
    /// Reads one vocabulary file.
    fn read_file(&mut self, name: &str, text: &str) -> Result<(), tsv::Error> {
        let table = tsv::Table::parse(name, text)?;
        for row in table.rows() {
            let row = row?;
            let origin = row.origin();
            match name {
                "actor_types.tsv" => {
                    let until = row.get("until")?;
                    let successor =
                        (until != "-").then(|| (until.to_string(), row.get("then").unwrap_or("").to_string()));
                    let state_from = row.get("state_from")?;
                    self.actor_types.push(ActorType {
                        actor: row.get("actor")?.to_string(),
                        acled_type: row.get("acled_type")?.to_string(),
                        armed: row.get("armed")? == "yes",
                        successor,
                        state_from: (state_from != "-").then(|| state_from.to_string()),
                        within: row.opt("within")?.filter(|w| *w != "-").map(str::to_string),
                        identified: row.get("identified")? != "no",
                    });
                }
                "function_words.tsv" => {
                    let kind = match row.get("kind")? {
                        "definite" => FunctionWord::Definite,
                        "indefinite" => FunctionWord::Indefinite,
                        _ => FunctionWord::Other,
                    };
                    self.function_words.insert(fold(row.get("term")?), kind);
                }
                "word_classes.tsv" => {
                    let class = WordClass::parse(row.get("class")?)
                        .ok_or_else(|| row.invalid("class", "not a class of word_classes.tsv"))?;
                    *self.word_classes.entry(fold(row.get("term")?)).or_default() |= class.bit();
                }
                "spokespersons.tsv" => {
                    let person = Spokesperson {
                        name: row.get("name")?.to_string(),
                        organisation: row.get("organisation")?.to_string(),
                    };
                    let sense = Sense::Spokesperson { person: self.spokespersons.len() };
                    let id = self.entries.len();
                    self.entries.push(Entry { sense, origin, arabic: None });
                    self.terms.push((person.name.clone(), id));
                    for variant in
                        row.opt("variants")?.unwrap_or("").split(';').map(str::trim).filter(|v| !v.is_empty())
                    {
                        self.terms.push((variant.to_string(), id));
                    }
                    self.spokespersons.push(person);
                }
                _ => {
                    let sense = sense::parse_row(name, &row)?;
                    let term = row.get("term")?;
                    // Arabic duals of nouns in ة are written with ت: "دبابة" (a tank), "دبابتين"/"دبابتان" (two tanks).
                    let duals: Vec<String> = match (&sense, term.strip_suffix('ة')) {
                        (Sense::Materiel { .. }, Some(stem)) if !stem.contains(' ') => {
                            vec![format!("{stem}تين"), format!("{stem}تان")]
                        }
                        _ => Vec::new(),
                    };
                    // A noun for people or places of people takes the accusative too ("قتلوا مدنيا", "استهدف مسجدا");
                    // the names of organisations do not.
                    let common_noun = |role: &ActorRole| {
                        matches!(role, ActorRole::Members | ActorRole::Generic) && !term.contains(' ')
                    };
                    let accusative = match (&sense, row.get("lang")?) {
                        (Sense::Event(_), "ar") => arabic_accusative(term),
                        (Sense::Actor { role, .. }, "ar") if common_noun(role) => arabic_accusative(term),
                        _ => None,
                    };
                    let arabic = match (&sense, row.get("lang")?) {
                        (Sense::Attribution { .. } | Sense::Event(_), "ar") => Some(true),
                        (Sense::Attribution { .. } | Sense::Event(_), "fa" | "ps") => Some(false),
                        _ => None,
                    };
                    self.entries.push(Entry { sense, origin, arabic });
                    let id = self.entries.len() - 1;
                    self.terms.push((term.to_string(), id));
                    self.terms.extend(duals.into_iter().chain(accusative).map(|d| (d, id)));
                }
            }
        }
        Ok(())
    }
}

/// An Arabic noun phrase in the indefinite accusative, as the press writes it after a verb ("نفذ هجوما
/// انتحاريا", "شن قصفا"): each word without the article takes ا, unless it ends in ة, ا, ى or ء (whose
/// accusative is written alike). None when nothing changes, or for a stem pattern (`*`).
fn arabic_accusative(term: &str) -> Option<String> {
    if term.ends_with('*') {
        return None;
    }
    let words: Vec<String> = term
        .split(' ')
        .map(|w| {
            let bare = w.starts_with("ال") || w.ends_with(['ة', 'ا', 'ى', 'ء', 'ً']);
            if bare {
                w.to_string()
            } else {
                format!("{w}ا")
            }
        })
        .collect();
    let accusative = words.join(" ");
    (accusative != term).then_some(accusative)
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

/// A class of words that rules of reading look up word by word (`word_classes.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    /// Ends the object phrase after a casualty verb: prepositions, adverbs of place and time, relative pronouns.
    ObjectBoundary,
    /// Puts an actor outside the object of the act before it ("died in an ISKP bombing").
    ClauseBreak,
    /// Makes a phrase's people others than those counted ("two other guards").
    MorePeople,
    /// Opens a phrase of people not told of before ("a commander").
    IndefiniteHead,
    /// Opens a phrase of people told of before ("the commander", "him").
    DefiniteHead,
    /// A full stop after it ends no sentence ("Gen.", "Aug.").
    Abbreviation,
    /// Dari and Pashto: a postposition after the one an act is done to (Dari "را", Pashto "ته").
    ObjectMarker,
    /// Pashto: the genitive particle before a possessor ("د").
    Genitive,
    /// Joins two phrases of one kind: "and", "or", "و", "او".
    Conjunction,
    /// Opens a reported clause: "that", "إن", "أنه".
    Complementizer,
    /// Opens a relative clause: "who", "which", "الذي".
    RelativePronoun,
    /// Opens the parties of a clash: "between", "بين".
    Between,
    /// Arabic: after it a verb of saying continues the clause ("كما قال", "حسبما ذكر"), opening none.
    NoClauseAfter,
    /// A form of "to be": "was", "were", "been" (passives and states).
    BeAuxiliary,
    /// A perfect or modal auxiliary before "been" or "be": "had", "has", "will", "may".
    PerfectOrModal,
    /// Sets the time or scene of an act after the act's word: "in", "on", "when", "في", "بعد".
    SceneMarker,
    /// Names what an attack word aimed at after it: "on", "at", "against", "towards".
    AimMarker,
    /// Names the group a vague mention belongs to after it: "gunmen of the Taliban", "مسلحون من طالبان".
    Partitive,
    /// The auxiliary of an English present perfect ("have", "has"): a running total ("have captured 17").
    PresentPerfect,
    /// An adverb of time between a determiner and a participle used as an adjective ("the now-detained").
    ParticipleAdverb,
    /// Opens a part of the people just counted ("including", "among").
    SubsetWord,
    /// Arabic: before a complementizer, makes "however" of it ("غير أن", "إلا أن"): another clause opens.
    Contrast,
    /// Dari and Pashto: the auxiliary of a passive after its participle ("وژل شول", "کشته شدند").
    PassiveAuxiliary,
    /// Arms, ammunition and vehicles ("weapons", "الأسلحة", "مهمات"): seized, they are booty, not territory.
    Booty,
    /// One who carries out an attack ("bomber", "martyrdom-seeker", "انتحاري"): the group named after it with
    /// "of" is the attacker's.
    Attacker,
    /// English: a determiner that negates the phrase it opens ("no forces were killed", "none of the guards").
    NegativeDeterminer,
    /// Arabic: "belonging to" before ل and its owner ("مقاتلة تابعة للقوات الجوية"): the owner, not the side hit.
    Belonging,
    /// A word of intent before an act ("planning", "plotting", "يخططون", "قصد"): the act after it was not done.
    Intent,
    /// Pashto: "between" after the parties it joins ("د X او د Y ترمنځ").
    BetweenAfter,
    /// Opens the topic of a title after its author ("Statement of the Islamic Emirate regarding ...", "بيان
    /// ... بشأن", "اعلامیه ... درباره").
    Topic,
    /// Arabic: a noun for an armed group before its name ("حركة", "تنظيم"), which a quotation may part from the
    /// name ('حركة "طالبان"').
    GroupNoun,
    /// Dari and Pashto: a pronoun "of them" after a figure in a relative clause ("چې دوه یې ماشومان وو", "که دو
    /// تن آنان کودک بودند"): the figure is a part of the people just counted.
    PartPronoun,
    /// A demonstrative before an act's word ("this attack", "این کمین", "دغه برید", "هذا الهجوم"): it points back
    /// to the act told, however the unit goes on to place it.
    Demonstrative,
    /// English: a verb of dying that takes no object ("died", "perished"): its people are its subject.
    DiedVerb,
}

impl WordClass {
    fn parse(name: &str) -> Option<WordClass> {
        Some(match name {
            "object_boundary" => WordClass::ObjectBoundary,
            "clause_break" => WordClass::ClauseBreak,
            "more_people" => WordClass::MorePeople,
            "indefinite_head" => WordClass::IndefiniteHead,
            "definite_head" => WordClass::DefiniteHead,
            "abbreviation" => WordClass::Abbreviation,
            "object_marker" => WordClass::ObjectMarker,
            "genitive" => WordClass::Genitive,
            "conjunction" => WordClass::Conjunction,
            "complementizer" => WordClass::Complementizer,
            "relative_pronoun" => WordClass::RelativePronoun,
            "between" => WordClass::Between,
            "no_clause_after" => WordClass::NoClauseAfter,
            "be_auxiliary" => WordClass::BeAuxiliary,
            "partitive" => WordClass::Partitive,
            "present_perfect" => WordClass::PresentPerfect,
            "participle_adverb" => WordClass::ParticipleAdverb,
            "subset_word" => WordClass::SubsetWord,
            "contrast" => WordClass::Contrast,
            "passive_auxiliary" => WordClass::PassiveAuxiliary,
            "perfect_or_modal" => WordClass::PerfectOrModal,
            "scene_marker" => WordClass::SceneMarker,
            "aim_marker" => WordClass::AimMarker,
            "booty" => WordClass::Booty,
            "attacker" => WordClass::Attacker,
            "negative_determiner" => WordClass::NegativeDeterminer,
            "belonging" => WordClass::Belonging,
            "intent" => WordClass::Intent,
            "between_after" => WordClass::BetweenAfter,
            "topic" => WordClass::Topic,
            "group_noun" => WordClass::GroupNoun,
            "part_pronoun" => WordClass::PartPronoun,
            "demonstrative" => WordClass::Demonstrative,
            "died_verb" => WordClass::DiedVerb,
            _ => return None,
        })
    }

    fn bit(self) -> u64 {
        1 << self as u64
    }
}

/// The classes of `word_classes.tsv` one word belongs to, one bit per [`WordClass`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordClasses(u64);

// Every class has its bit (DiedVerb is the last).
const _: () = assert!((WordClass::DiedVerb as u64) < 64);

impl WordClasses {
    pub fn contains(self, class: WordClass) -> bool {
        self.0 & class.bit() != 0
    }
}

/// What a function word does for the noun after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionWord {
    /// An article or demonstrative: "the attack" refers back to one told.
    Definite,
    /// An indefinite article: "an explosion" brings a new one.
    Indefinite,
    /// A preposition, conjunction, pronoun or auxiliary.
    Other,
}

/// An actor's ACLED type and whether it is an armed party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorType {
    pub actor: String,
    pub acled_type: String,
    /// An armed party: when it reports an attack without naming who carried it out, it claims its own act.
    pub armed: bool,
    /// The day from which the name stands for another actor, and that actor: from 2021-08-15 "the police", "the
    /// army", "officials" in Afghanistan are the Taliban's (ACLED codes the Taliban as State forces from then).
    pub successor: Option<(String, String)>,
    /// The day from which the actor is the state (ACLED State forces): the Taliban from 2021-08-15.
    pub state_from: Option<String>,
    /// The umbrella the actor is part of (the army within the national security forces), if any.
    pub within: Option<String>,
    /// False for a name that says the author is unknown ("unknown gunmen"): no named author contradicts it.
    pub identified: bool,
}

impl ActorType {
    /// Whether the actor fights as a rebel group on a day (`YYYY-MM-DD`): its reports of attacks claim its own acts.
    pub fn rebel_on(&self, day: Option<&str>) -> bool {
        self.armed
            && self.acled_type == "Rebel group"
            && self.state_from.as_deref().is_none_or(|from| day.is_none_or(|d| d < from))
    }

    /// Whether the actor is the state's on a day (`YYYY-MM-DD`): State forces, or a group from the day it took
    /// power (unknown day: not yet).
    pub fn state_on(&self, day: Option<&str>) -> bool {
        self.acled_type == "State forces" || (self.state_from.is_some() && !self.rebel_on(day))
    }
}

/// The embedded vocabulary files, by name.
pub const FILES: &[(&str, &str)] = &[
    ("actors.tsv", include_str!("../../../data/lexicon/actors.tsv")),
    ("spokespersons.tsv", include_str!("../../../data/lexicon/spokespersons.tsv")),
    ("events.tsv", include_str!("../../../data/lexicon/events.tsv")),
    ("casualties.tsv", include_str!("../../../data/lexicon/casualties.tsv")),
    ("attribution.tsv", include_str!("../../../data/lexicon/attribution.tsv")),
    ("cues.tsv", include_str!("../../../data/lexicon/cues.tsv")),
    ("materiel.tsv", include_str!("../../../data/lexicon/materiel.tsv")),
    ("actor_types.tsv", include_str!("../../../data/lexicon/actor_types.tsv")),
    ("function_words.tsv", include_str!("../../../data/lexicon/function_words.tsv")),
    ("word_classes.tsv", include_str!("../../../data/lexicon/word_classes.tsv")),
];

impl Lexicon {
    /// The lexicon built from the embedded files, built on first use.
    pub fn embedded() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::from_files(FILES))
    }

    /// Builds a lexicon from `(name, text)` files. Panics naming the file, line and column on a malformed
    /// entry: the embedded files are checked by tests.
    pub fn from_files(files: &[(&'static str, &str)]) -> Lexicon {
        let mut tables = Tables::default();
        for &(name, text) in files {
            tables.read_file(name, text).unwrap_or_else(|e| panic!("{e}"));
        }
        let Tables { entries, mut terms, spokespersons, actor_types, function_words, word_classes } = tables;
        // Dari and Pashto write the zero-width non-joiner inside words ("شده‌اند") or leave it out ("شدهاند"); it
        // folds to a space, so a term written with it also matches the word written without it.
        let joined: Vec<(String, usize)> = terms
            .iter()
            .filter(|(t, _)| t.contains('\u{200C}'))
            .map(|(t, e)| (t.replace('\u{200C}', ""), *e))
            .collect();
        terms.extend(joined);
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        // A generated form ("هجوما", the accusative of "هجوم") may equal a row's term: one pattern per text,
        // meaning and language family, so that a word is never read twice.
        let mut by_text: HashMap<String, Vec<usize>> = HashMap::default();
        let mut push = |text: String, pattern: Pattern, texts: &mut Vec<String>, patterns: &mut Vec<Pattern>| {
            let same = by_text.get(&text).is_some_and(|ids| {
                ids.iter().any(|&i| {
                    let p: &Pattern = &patterns[i];
                    let (a, b) = (&entries[p.entry], &entries[pattern.entry]);
                    a.sense == b.sense
                        && a.arabic == b.arabic
                        && (p.stem, p.article_dropped) == (pattern.stem, pattern.article_dropped)
                })
            });
            if !same {
                by_text.entry(text.clone()).or_default().push(patterns.len());
                texts.push(text);
                patterns.push(pattern);
            }
        };
        for (term, entry) in terms {
            let (body, stem) = match term.strip_suffix('*') {
                Some(b) => (b, true),
                None => (term.as_str(), false),
            };
            let folded = fold(body).split_whitespace().collect::<Vec<_>>().join(" ");
            if folded.is_empty() {
                continue;
            }
            let arabic = folded.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
            if arabic {
                if let Some(rest) = folded.strip_prefix("ال") {
                    if rest.chars().count() >= 2 {
                        let pattern = Pattern { entry, stem, arabic, article_dropped: true };
                        push(rest.to_string(), pattern, &mut texts, &mut patterns);
                    }
                }
            }
            push(folded, Pattern { entry, stem, arabic, article_dropped: false }, &mut texts, &mut patterns);
        }
        let matcher = PatternTrie::new(&texts).expect("folded vocabulary terms are non-empty and hold no NUL");
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
    pub fn scan_from<'l>(&'l self, folded: &str, starts: &[usize]) -> Vec<Hit<'l>> {
        self.scan_in(folded, starts, None)
    }

    /// [`Lexicon::scan_from`] for a document in `language`: an Arabic term is not read in Dari or Pashto, nor a
    /// Dari or Pashto term in Arabic (the letters fold alike; the words differ).
    pub fn scan_in<'l>(
        &'l self,
        folded: &str,
        starts: &[usize],
        language: Option<sitrep_text::Language>,
    ) -> Vec<Hit<'l>> {
        use sitrep_text::Language;
        let arabic_document = match language {
            Some(Language::Arabic) => Some(true),
            Some(Language::Dari | Language::Pashto) => Some(false),
            _ => None,
        };
        let foreign = |entry: usize| {
            self.entries[entry].arabic.zip(arabic_document).is_some_and(|(term, document)| term != document)
        };
        // Terms by start, longest first, then in the order of an overlapping search (by the pattern's own end,
        // then pattern): one sort on the whole key, where sorting the search order and then stably by start
        // and end would take two. The key is unique (the trie reports each start, end and pattern once).
        // About one start in four begins a term: sized for that, rather than grown from empty.
        let mut raw: Vec<(Range<usize>, usize, usize, u32)> = Vec::with_capacity(starts.len() / 4);
        self.matcher.matches_at(folded.as_bytes(), starts, |s, e, p| {
            if let Some((range, entry)) = self.term(folded, s, e, p as usize) {
                if !foreign(entry) {
                    raw.push((range, entry, e, p));
                }
            }
        });
        raw.sort_unstable_by_key(|(range, _, end, p)| (range.start, std::cmp::Reverse(range.end), *end, *p));
        raw.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        let mut hits = Vec::with_capacity(raw.len());
        let mut reach: Vec<(sense::OverlapKey, usize)> = Vec::new();
        for (range, entry, _, _) in raw {
            let kind = self.entries[entry].sense.overlap_key();
            match reach.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, end)) if *end > range.start => continue,
                Some((_, end)) => *end = range.end,
                None => reach.push((kind, range.end)),
            }
            hits.push(Hit { range, sense: &self.entries[entry].sense, origin: &self.entries[entry].origin });
        }
        hits
    }

    /// Every pattern occurrence that may start a word, as (start, end, pattern), in the order of an
    /// overlapping search (by end, then start, then pattern): the trie walked from each
    /// offset where a word may start, so most of the text is never stepped through.
    #[cfg(test)]
    fn pattern_matches(&self, folded: &str, starts: &[usize]) -> Vec<(usize, usize, usize)> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_text::Folded;

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
    fn arabic_words_are_not_read_in_dari_or_pashto_nor_theirs_in_arabic() {
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
        // Words both write ("انفجار") are read in each.
        assert!(read("انفجار", Language::Dari).iter().any(|l| l.starts_with("event")));
        assert!(read("انفجار", Language::Arabic).iter().any(|l| l.starts_with("event")));
    }

    #[test]
    fn embedded_files_load() {
        assert!(Lexicon::embedded().len() > 300);
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
            kept.push(Hit { range, sense: &lexicon.entries[entry].sense, origin: &lexicon.entries[entry].origin });
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
                assert!(g == e && g.origin == e.origin, "{g:?} != {e:?}");
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

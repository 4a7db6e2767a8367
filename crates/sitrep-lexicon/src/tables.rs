//! The tables of a lexicon, read from its files: entries and what they mean, the folded texts of their
//! patterns, and the tables looked up word by word (actor types, function words, word classes).
//!
//! Depends only on std, `sitrep_text` and `rustc_hash`, with `sense.rs`: `build.rs` includes both files to
//! build the double array of the embedded files' patterns at compile time, from texts made by this same code.

use rustc_hash::FxHashMap as HashMap;

use sitrep_text::{fold, tsv};

use crate::sense::{self, ActorRole, Sense};

/// A spokesperson and the organisation they speak for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spokesperson {
    pub name: String,
    pub organisation: String,
}

/// How a pattern's text stands for its entry.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Pattern {
    pub(crate) entry: usize,
    /// Matches as a stem: to the end of the word (the term ended in `*`).
    pub(crate) stem: bool,
    /// Written in Arabic script: may follow Arabic proclitics.
    pub(crate) arabic: bool,
    /// The Arabic article dropped from the term ("ال" written as a proclitic of its own).
    pub(crate) article_dropped: bool,
}

/// A vocabulary row: what it means and where it is defined.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) sense: Sense,
    pub(crate) origin: String,
    /// The languages whose documents read the entry, as [`READ_IN_ARABIC`] and the other bits; `None`: every
    /// text. The same letters fold alike across Arabic, Dari and Pashto, but a word of one is not a word of
    /// another: an act or a verb of saying is read in its family, Arabic or Dari and Pashto ("كشف" revealed /
    /// "کشف" discovered; Pashto "غاړه" neck / Arabic "غارة" raid); a casualty word of Dari or Pashto in its own
    /// language (Dari "کشت" killed / Pashto "کښت" cultivation).
    pub(crate) read_in: Option<u8>,
}

/// The bits of [`Entry::read_in`].
pub(crate) const READ_IN_ARABIC: u8 = 1;
pub(crate) const READ_IN_DARI: u8 = 2;
pub(crate) const READ_IN_PASHTO: u8 = 4;

/// The tables of a lexicon, read file by file.
#[derive(Default)]
pub(crate) struct Tables {
    pub(crate) entries: Vec<Entry>,
    /// Each term as written (a stem ending in `*`) and its entry, before folding: see [`patterns`].
    pub(crate) terms: Vec<(String, usize)>,
    pub(crate) spokespersons: Vec<Spokesperson>,
    pub(crate) actor_types: Vec<ActorType>,
    pub(crate) function_words: HashMap<String, FunctionWord>,
    pub(crate) word_classes: HashMap<String, u64>,
}

impl Tables {
    /// Reads `(name, text)` vocabulary files, in order.
    pub(crate) fn read(files: &[(&str, &str)]) -> Result<Tables, tsv::Error> {
        let mut tables = Tables::default();
        for &(name, text) in files {
            tables.read_file(name, text)?;
        }
        Ok(tables)
    }

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
                        fights: row.opt("fights")?.filter(|w| *w != "-").map(str::to_string),
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
                    self.entries.push(Entry { sense, origin, read_in: None });
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
                    let read_in = match (&sense, row.get("lang")?) {
                        (Sense::Attribution { .. } | Sense::Event(_), "ar") => Some(READ_IN_ARABIC),
                        (Sense::Attribution { .. } | Sense::Event(_), "fa" | "ps") => {
                            Some(READ_IN_DARI | READ_IN_PASHTO)
                        }
                        (Sense::Casualty { .. }, "fa") => Some(READ_IN_DARI),
                        (Sense::Casualty { .. }, "ps") => Some(READ_IN_PASHTO),
                        _ => None,
                    };
                    self.entries.push(Entry { sense, origin, read_in });
                    let id = self.entries.len() - 1;
                    self.terms.push((term.to_string(), id));
                    self.terms.extend(duals.into_iter().chain(accusative).map(|d| (d, id)));
                }
            }
        }
        Ok(())
    }
}

/// The patterns of `terms` (of `entries`) and the folded text of each, the keys of the lexicon's trie, in the
/// order of their indices.
pub(crate) fn patterns(entries: &[Entry], mut terms: Vec<(String, usize)>) -> (Vec<Pattern>, Vec<String>) {
    // Dari and Pashto write the zero-width non-joiner inside words ("شده‌اند") or leave it out ("شدهاند"); it
    // folds to a space, so a term written with it also matches the word written without it.
    let joined: Vec<(String, usize)> =
        terms.iter().filter(|(t, _)| t.contains('\u{200C}')).map(|(t, e)| (t.replace('\u{200C}', ""), *e)).collect();
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
                    && a.read_in == b.read_in
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
    (patterns, texts)
}

/// An Arabic noun phrase in the indefinite accusative, as the press writes it after a verb ("نفذ هجوما
/// انتحاريا", "شن قصفا"): each word without the article takes ا, unless it ends in ة, ا, ى or ء (whose
/// accusative is written alike). None when nothing changes, or for a stem pattern (`*`).
pub(crate) fn arabic_accusative(term: &str) -> Option<String> {
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
    /// Dari and Pashto: a preposition before an act's noun that makes it a circumstance of the clause ("در حمله
    /// هوایی کشته شد", killed in an air strike), not another act told.
    ActPreposition,
    /// English: after a comma, joins a second report to the first in one sentence ("..., and seven soldiers died
    /// in Zabul", "..., while in the west ...").
    ReportJoiner,
    /// A verb of a toll rising to a figure ("rose to 62", "has climbed to", "ارتفعت إلى").
    TollVerb,
    /// A unit of time: a number before it is a length of time, no count ("for three days", "برای سه روز").
    TimeLength,
    /// Arabic: "met" of "met their death" ("لقي جندي حتفه"): the people between it and the noun are those counted.
    MetVerb,
    /// Dari: "life" of "took the lives of" ("جان چهار تن را گرفت"): the people between it and the verb are those
    /// counted, and the verb counts only after it.
    Life,
    /// Dari: the plural suffix written apart after a zero-width non-joiner ("عملیات‌های", "حمله‌ها").
    PluralSuffix,
    /// A noun of places: a number before it counts places, no people ("attacks in two provinces", "في 4 ولايات").
    PlaceCount,
    /// A casualty verb that counts only a figure right after it ("lost 15 men", not "lost control").
    FigureAfter,
    /// A word for a government by the city it sits in ("the Kabul administration", "إدارة كابل"): the city named
    /// with it inside an actor's name is no place of the act.
    SeatOfPower,
    /// After a word for a source, names the body it is in ("a source in the police", "منبع در فرماندهی پولیس"):
    /// that body speaks.
    SourceWithin,
    /// Dari and Pashto: a plural noun for people, or for the dead ("کسان", "کشته‌شدگان"): with no figure before it,
    /// the people told of already, not one person.
    PluralPeople,
}

impl WordClass {
    pub(crate) fn parse(name: &str) -> Option<WordClass> {
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
            "act_preposition" => WordClass::ActPreposition,
            "report_joiner" => WordClass::ReportJoiner,
            "toll_verb" => WordClass::TollVerb,
            "time_length" => WordClass::TimeLength,
            "met_verb" => WordClass::MetVerb,
            "life" => WordClass::Life,
            "plural_suffix" => WordClass::PluralSuffix,
            "place_count" => WordClass::PlaceCount,
            "figure_after" => WordClass::FigureAfter,
            "seat_of_power" => WordClass::SeatOfPower,
            "source_within" => WordClass::SourceWithin,
            "plural_people" => WordClass::PluralPeople,
            _ => return None,
        })
    }

    pub(crate) fn bit(self) -> u64 {
        1 << self as u64
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
    /// The one party the group's attacks are on, where its name says so (the anti-Taliban fronts: the Taliban).
    pub fights: Option<String>,
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

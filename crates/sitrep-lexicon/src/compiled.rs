//! The embedded lexicon as `build.rs` compiled it: what `Lexicon::from_files` would make of the embedded
//! [`crate::FILES`] (its entries, patterns and their texts, tables and the trie's key layout), taken instead when
//! it is given those files. Nothing is parsed, folded or sorted at start; strings are copied out of one text.

use crate::sense::{ActorRole, AttributionKind, CasualtyField, Cue, EventSense, Sense};
use crate::tables::{ActorType, Entry, FunctionWord, Pattern, Spokesperson};

pub(crate) struct Compiled {
    /// Every string of the tables below, end to end.
    text: &'static str,
    entries: &'static [EntryRow],
    /// Each pattern's entry and flags ([`STEM`], [`ARABIC`], [`ARTICLE_DROPPED`]).
    patterns: &'static [(u32, u8)],
    /// The patterns' folded texts end to end, and where each ends.
    pattern_text: &'static str,
    pattern_ends: &'static [u32],
    spokespersons: &'static [(Str, Str)],
    actor_types: &'static [ActorTypeRow],
    function_words: &'static [(Str, FunctionWord)],
    word_classes: &'static [(Str, u64)],
    /// The patterns' double array's key layout, [`sitrep_text::DoubleArray::ids`] and `first`.
    pub(crate) ids: &'static [u32],
    pub(crate) first: &'static [u32],
}

pub(crate) const STEM: u8 = 1;
pub(crate) const ARABIC: u8 = 2;
pub(crate) const ARTICLE_DROPPED: u8 = 4;

/// An [`Entry`] as a constant.
struct EntryRow {
    sense: SenseRow,
    origin: Str,
    read_in: Option<u8>,
}

/// A [`Sense`] as a constant: its strings are [`Str`]s.
enum SenseRow {
    Actor(Str, ActorRole),
    Spokesperson(u32),
    Event(Option<Str>, Option<Str>, Option<Str>, bool),
    Casualty(CasualtyField),
    Attribution(AttributionKind),
    Cue(Cue),
    Materiel(Str),
}

/// An [`ActorType`] as a constant.
struct ActorTypeRow {
    actor: Str,
    acled_type: Str,
    armed: bool,
    successor: Option<(Str, Str)>,
    state_from: Option<Str>,
    within: Option<Str>,
    identified: bool,
    fights: Option<Str>,
}

/// A string of `text`, by its byte range: no pointer in a constant, so nothing to relocate at start.
#[derive(Clone, Copy)]
struct Str(u32, u32);

pub(crate) static EMBEDDED: Compiled = include!(concat!(env!("OUT_DIR"), "/lexicon.rs"));

impl Compiled {
    fn str(&self, Str(start, end): Str) -> String {
        self.text.get(start as usize..end as usize).unwrap_or_default().to_string()
    }

    pub(crate) fn entries(&self) -> Vec<Entry> {
        let opt = |s: Option<Str>| s.map(|s| self.str(s));
        let sense = |s: &SenseRow| match *s {
            SenseRow::Actor(actor, role) => Sense::Actor { actor: self.str(actor), role },
            SenseRow::Spokesperson(person) => Sense::Spokesperson { person: person as usize },
            SenseRow::Event(event_type, sub_event_type, weapon, strong) => Sense::Event(EventSense {
                event_type: opt(event_type),
                sub_event_type: opt(sub_event_type),
                weapon: opt(weapon),
                strong,
            }),
            SenseRow::Casualty(field) => Sense::Casualty { field },
            SenseRow::Attribution(kind) => Sense::Attribution { kind },
            SenseRow::Cue(cue) => Sense::Cue(cue),
            SenseRow::Materiel(item) => Sense::Materiel { item: self.str(item) },
        };
        self.entries
            .iter()
            .map(|e| Entry { sense: sense(&e.sense), origin: self.str(e.origin), read_in: e.read_in })
            .collect()
    }

    pub(crate) fn patterns(&self) -> Vec<Pattern> {
        let pattern = |&(entry, flags): &(u32, u8)| Pattern {
            entry: entry as usize,
            stem: flags & STEM != 0,
            arabic: flags & ARABIC != 0,
            article_dropped: flags & ARTICLE_DROPPED != 0,
        };
        self.patterns.iter().map(pattern).collect()
    }

    /// The folded text of each pattern, in the order of [`Compiled::patterns`].
    pub(crate) fn texts(&self) -> Vec<&'static str> {
        let mut start = 0;
        let text: &'static str = self.pattern_text;
        self.pattern_ends
            .iter()
            .map(|&end| {
                let t = text.get(start..end as usize).unwrap_or_default();
                start = end as usize;
                t
            })
            .collect()
    }

    pub(crate) fn spokespersons(&self) -> Vec<Spokesperson> {
        self.spokespersons
            .iter()
            .map(|&(name, organisation)| Spokesperson { name: self.str(name), organisation: self.str(organisation) })
            .collect()
    }

    pub(crate) fn actor_types(&self) -> Vec<ActorType> {
        let opt = |s: Option<Str>| s.map(|s| self.str(s));
        let actor_type = |t: &ActorTypeRow| ActorType {
            actor: self.str(t.actor),
            acled_type: self.str(t.acled_type),
            armed: t.armed,
            successor: t.successor.map(|(day, then)| (self.str(day), self.str(then))),
            state_from: opt(t.state_from),
            within: opt(t.within),
            identified: t.identified,
            fights: opt(t.fights),
        };
        self.actor_types.iter().map(actor_type).collect()
    }

    pub(crate) fn function_words(&self) -> impl Iterator<Item = (String, FunctionWord)> + '_ {
        self.function_words.iter().map(|&(word, kind)| (self.str(word), kind))
    }

    pub(crate) fn word_classes(&self) -> impl Iterator<Item = (String, u64)> + '_ {
        self.word_classes.iter().map(|&(word, classes)| (self.str(word), classes))
    }
}

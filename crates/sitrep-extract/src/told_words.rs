//! Which accounts' text holds a word: the act a claim names by a word of its own ("claimed the minibus attack")
//! is the latest account whose sentences hold that word.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

/// The words of the units each account has taken, indexed only when a claim asks: reading every earlier
/// account's text again for each claim made a long bulletin's cost grow with the square of its length.
pub(crate) struct ToldWords<'f> {
    folded: &'f str,
    /// Each unit that joined an account, in text order, with the account's index.
    joined: Vec<(Range<usize>, u32)>,
    /// How many of `joined` are in `accounts`.
    indexed: usize,
    /// For each word of [`MIN_CHARS`] or more, the accounts whose units hold it, ascending.
    accounts: HashMap<&'f str, Vec<u32>>,
}

/// Claims name an act by a word of at least this many characters: shorter ones are never asked about.
pub(crate) const MIN_CHARS: usize = 4;

impl<'f> ToldWords<'f> {
    pub fn new(folded: &'f str) -> ToldWords<'f> {
        ToldWords { folded, joined: Vec::new(), indexed: 0, accounts: HashMap::default() }
    }

    /// Notes the last unit of the open account, `units` (each unit joins at most one account, and the account
    /// that takes it is the open one right after): called before each unit is placed.
    pub fn note(&mut self, account: Option<usize>, units: impl FnOnce(usize) -> Option<Range<usize>>) {
        let Some(a) = account else { return };
        let Some(last) = units(a) else { return };
        if self.joined.last().is_none_or(|(r, _)| r.start < last.start) {
            self.joined.push((last, a as u32));
        }
    }

    /// Whether the units of account `a` hold `word` (of [`MIN_CHARS`] characters or more).
    pub fn holds(&mut self, a: usize, word: &str) -> bool {
        self.catch_up();
        self.accounts.get(word).is_some_and(|list| list.binary_search(&(a as u32)).is_ok())
    }

    /// The latest account before `before` that holds one of `words` and `qualifies`.
    pub fn latest(&mut self, before: usize, words: &[&str], qualifies: impl Fn(usize) -> bool) -> Option<usize> {
        self.catch_up();
        words
            .iter()
            .filter_map(|w| {
                let list = self.accounts.get(w)?;
                let below = list.partition_point(|&a| (a as usize) < before);
                list[..below].iter().rev().map(|&a| a as usize).find(|&a| qualifies(a))
            })
            .max()
    }

    /// Indexes the units noted since the last question.
    fn catch_up(&mut self) {
        let not_word = |c: char| !sitrep_text::is_word_char(c);
        for (range, a) in &self.joined[self.indexed..] {
            let Some(text) = self.folded.get(range.clone()) else { continue };
            for word in text.split(not_word).filter(|w| w.chars().nth(MIN_CHARS - 1).is_some()) {
                let list = self.accounts.entry(word).or_default();
                // Mostly the latest account, or the one before: no search. A unit joining an earlier account
                // goes in its place.
                match list.last() {
                    Some(last) if last == a => {}
                    Some(last) if last > a => {
                        let at = list.partition_point(|b| b < a);
                        if list.get(at) != Some(a) {
                            list.insert(at, *a);
                        }
                    }
                    _ => list.push(*a),
                }
            }
        }
        self.indexed = self.joined.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_account_holding_a_word() {
        let text = "a minibus bomb hit. a roadside bomb hit. the minibus attack was claimed.";
        let units = [0..19, 20..40];
        let mut told = ToldWords::new(text);
        told.note(Some(0), |_| Some(units[0].clone()));
        told.note(Some(0), |_| Some(units[0].clone()));
        told.note(Some(1), |_| Some(units[1].clone()));
        assert!(told.holds(0, "minibus"));
        assert!(!told.holds(1, "minibus"));
        assert_eq!(told.latest(2, &["minibus"], |_| true), Some(0));
        assert_eq!(told.latest(2, &["roadside", "minibus"], |_| true), Some(1));
        assert_eq!(told.latest(1, &["roadside"], |_| true), None);
        assert_eq!(told.latest(2, &["roadside"], |a| a != 1), None);
        // Short words are not indexed: no claim asks about them.
        assert!(!told.holds(0, "hit"));
    }
}

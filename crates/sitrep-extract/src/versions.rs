//! The accounts each source has given: a source quoted again goes back to its version, found without reading
//! every account of the document (reading them all for each unit made a long document's cost grow with the square
//! of its length).

use rustc_hash::FxHashMap as HashMap;

/// For each source, the accounts (by index) that have had it as their source. An account's source can change
/// after it is noted, so each one found is checked again by the caller.
/// How many of a source's latest accounts a unit in its voice may go back to. A report tells a source's versions
/// within a few accounts; a document that bundles thousands of reports, each in the same few voices, would
/// otherwise test every earlier account of a voice for each unit, a cost growing with the square of its length.
pub(crate) const RECALLED: usize = 64;

#[derive(Default)]
pub(crate) struct Versions {
    accounts: HashMap<String, Vec<u32>>,
    /// Whether each account seen so far has been noted with a source: an open account that has one keeps it until
    /// [`Versions::note`] is told otherwise, so it need not be looked up again.
    sourced: Vec<bool>,
    /// How many accounts have been noted as new.
    seen: usize,
}

impl Versions {
    /// Notes the accounts added since the last call and the open one (its source may have been filled), with
    /// `source` giving an account's source: called before each unit is placed.
    pub fn note_new<'d>(&mut self, len: usize, open: Option<usize>, source: impl Fn(usize) -> Option<&'d str>) {
        let seen = self.seen;
        let open = open.filter(|&o| o < seen && !self.sourced.get(o).copied().unwrap_or(false));
        for a in (seen..len).chain(open) {
            self.note(a, source(a));
        }
        self.seen = seen.max(len);
    }

    /// Notes that account `a` has `source` as its source (now): after its source was set.
    pub fn note(&mut self, a: usize, source: Option<&str>) {
        if self.sourced.len() <= a {
            self.sourced.resize(a + 1, false);
        }
        let Some(source) = source else { return };
        self.sourced[a] = true;
        let a = a as u32;
        let list = match self.accounts.get_mut(source) {
            Some(list) => list,
            None => self.accounts.entry(source.to_string()).or_default(),
        };
        // Mostly the latest account: no search.
        match list.last() {
            Some(&last) if last == a => {}
            Some(&last) if last > a => {
                let at = list.partition_point(|&b| b < a);
                if list.get(at) != Some(&a) {
                    list.insert(at, a);
                }
            }
            _ => list.push(a),
        }
    }

    /// The latest account noted with `source` that `fits` (which must check the account's source is still it),
    /// among its last [`RECALLED`].
    pub fn latest(&self, source: &str, fits: impl Fn(usize) -> bool) -> Option<usize> {
        self.accounts.get(source)?.iter().rev().take(RECALLED).map(|&a| a as usize).find(|&a| fits(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_account_of_a_source() {
        let sources = [Some("police"), None, Some("taliban"), Some("police")];
        let mut versions = Versions::default();
        versions.note_new(4, None, |a| sources[a]);
        assert_eq!(versions.latest("police", |_| true), Some(3));
        assert_eq!(versions.latest("police", |a| a != 3), Some(0));
        assert_eq!(versions.latest("army", |_| true), None);
        // Account 1 names its source later.
        versions.note(1, Some("taliban"));
        versions.note(1, Some("taliban"));
        assert_eq!(versions.latest("taliban", |a| a < 2), Some(1));
        // Only the source's last RECALLED accounts are gone back to.
        let mut many = Versions::default();
        many.note_new(RECALLED + 1, None, |_| Some("police"));
        assert_eq!(many.latest("police", |a| a == 1), Some(1));
        assert_eq!(many.latest("police", |a| a == 0), None);
    }
}

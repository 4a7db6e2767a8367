//! The names of a gazetteer (`names.tsv`): the distinct folded names in the order first read, the units each
//! stands for and each unit's names, in flat arrays (a few allocations however many names). Read from the table
//! by [`Names::read`] (also run by `build.rs`), or copied from the form `build.rs` compiles the embedded table into.

use rustc_hash::FxHashMap;
use sitrep_text::tsv::{self, Error};

use crate::unit::UnitId;

/// One reading of a name: a unit it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameRef {
    pub(crate) unit: UnitId,
    /// Accepted in text only with a place cue (villages, common words, person names).
    pub(crate) cue_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Names {
    /// The distinct names end to end: name `i` ends at `ends[i]` and starts where name `i - 1` ends.
    pub(crate) text: String,
    pub(crate) ends: Vec<u32>,
    /// The units name `i` stands for are `refs[ref_first[i]..ref_first[i + 1]]`, in file order.
    pub(crate) ref_first: Vec<u32>,
    pub(crate) refs: Vec<NameRef>,
    /// The names of unit `u` are `unit_names[unit_first[u]..unit_first[u + 1]]`, in file order.
    pub(crate) unit_first: Vec<u32>,
    pub(crate) unit_names: Vec<u32>,
}

impl Names {
    /// The names of `names.tsv` (columns `unit name flags`; flag `c`: cue only) for a gazetteer of `units` units.
    pub(crate) fn read(table: &tsv::Table<'_>, units: usize) -> Result<Names, Error> {
        // Columns found once: the table has some 30,000 rows.
        let [unit_column, name_column, flags_column] = ["unit", "name", "flags"].map(|c| table.column(c));
        let (unit_column, name_column, flags_column) = (unit_column?, name_column?, flags_column?);
        let mut index: FxHashMap<&str, u32> = FxHashMap::default();
        let mut names = Names::default();
        // (name, reading) for each row, in file order.
        let mut rows: Vec<(u32, NameRef)> = Vec::new();
        for row in table.rows() {
            let row = row?;
            let unit: u32 = row.parse(unit_column)?;
            if unit as usize >= units {
                return Err(row.invalid(unit_column, "no such unit"));
            }
            let name = row.get(name_column)?;
            let cue_only = row.opt(flags_column)?.is_some_and(|f| f.contains('c'));
            let ix = match index.get(name) {
                Some(&ix) => ix,
                None => {
                    let ix = names.ends.len() as u32;
                    names.text.push_str(name);
                    let end = u32::try_from(names.text.len()).map_err(|_| row.invalid(name_column, "past 4 GB"))?;
                    names.ends.push(end);
                    index.insert(name, ix);
                    ix
                }
            };
            rows.push((ix, NameRef { unit: UnitId(unit), cue_only }));
        }
        (names.ref_first, names.refs) = group(rows.iter().copied(), names.ends.len());
        (names.unit_first, names.unit_names) = group(rows.iter().map(|&(ix, r)| (r.unit.0, ix)), units);
        Ok(names)
    }

    /// How many distinct names.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Name `ix` ("" for an index past the end).
    pub(crate) fn get(&self, ix: u32) -> &str {
        let ix = ix as usize;
        let start = match ix {
            0 => 0,
            _ => self.ends.get(ix - 1).map_or(usize::MAX, |&e| e as usize),
        };
        let end = self.ends.get(ix).map_or(0, |&e| e as usize);
        self.text.get(start..end).unwrap_or_default()
    }

    /// The names in index order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + Clone {
        (0..self.len() as u32).map(|ix| self.get(ix))
    }

    /// The names in index order as bytes, the trie's patterns (a slice each, no character boundary to check).
    pub(crate) fn patterns(&self) -> Vec<&[u8]> {
        let text = self.text.as_bytes();
        let mut start = 0;
        let name = |&end: &u32| {
            let name = text.get(start..end as usize).unwrap_or_default();
            start = end as usize;
            name
        };
        self.ends.iter().map(name).collect()
    }

    /// The units name `ix` stands for, in file order.
    pub(crate) fn refs(&self, ix: u32) -> &[NameRef] {
        slice(&self.ref_first, &self.refs, ix as usize)
    }

    /// The indexes of the names of `unit`, in file order.
    pub(crate) fn of_unit(&self, unit: UnitId) -> &[u32] {
        slice(&self.unit_first, &self.unit_names, unit.0 as usize)
    }
}

/// Group `i` of `items` as [`group`] laid them out (empty past the end).
fn slice<'a, T>(first: &[u32], items: &'a [T], i: usize) -> &'a [T] {
    match (first.get(i), first.get(i + 1)) {
        (Some(&from), Some(&to)) => items.get(from as usize..to as usize).unwrap_or_default(),
        _ => &[],
    }
}

/// `(group, item)` pairs laid out group after group (file order within each), with where each of `groups`
/// groups starts and, last, where the items end.
fn group<T: Copy>(pairs: impl Iterator<Item = (u32, T)> + Clone, groups: usize) -> (Vec<u32>, Vec<T>) {
    let mut first = vec![0u32; groups + 1];
    for (g, _) in pairs.clone() {
        first[g as usize + 1] += 1;
    }
    for g in 0..groups {
        first[g + 1] += first[g];
    }
    let mut sorted: Vec<(u32, T)> = pairs.collect();
    sorted.sort_by_key(|&(g, _)| g);
    (first, sorted.into_iter().map(|(_, item)| item).collect())
}

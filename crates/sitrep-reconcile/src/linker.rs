//! Linking: candidate pairs by blocks (province; within it, date order), a decision for each, union of the
//! links, then the user's decisions on top.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use crate::entry::{EntryKind, LinkEntry};
use crate::features::{decide, features, norm, Config, Decision, Features};

/// What a link says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// Found by the features.
    Auto,
    /// A user's merge.
    Manual,
    /// A lead summary to an entry it rolls up.
    Summarizes,
    /// An aggregate to an entry it adds up.
    DerivedFrom,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Auto => "auto",
            LinkKind::Manual => "manual",
            LinkKind::Summarizes => "summarizes",
            LinkKind::DerivedFrom => "derived_from",
        }
    }
}

/// One link between two entries, with what it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub a: i64,
    pub b: i64,
    pub kind: LinkKind,
    pub features: Option<Features>,
    pub decision: Option<Decision>,
}

/// The user's decisions, in the order made, as current entry ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManualDecision {
    /// The entry is an incident of its own: automatic links and earlier merges of it are dropped.
    Split(i64),
    /// The incidents of these entries are one.
    Merge(i64, i64),
}

/// One incident: the event entries that tell it, sorted by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    /// The smallest entry id.
    pub id: i64,
    pub entries: Vec<i64>,
}

/// The result of linking.
#[derive(Debug, Clone, Default)]
pub struct Linking {
    /// Every event entry is in exactly one incident; sorted by id.
    pub incidents: Vec<Incident>,
    pub links: Vec<Link>,
    /// Pairs compared (for the benchmark and tuning).
    pub compared: u64,
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// Most undated entries of one block one entry is compared with (same document or district).
const UNDATED_CAP: usize = 500;

/// How many of an evidence text's smallest shingle hashes find its copies.
const SKETCH: usize = 4;

/// Most entries a sketch hash may be shared by and still find copies.
const RARE: usize = 50;

/// Every field the decision reads except the entry's document: entries of one block equal in all of them
/// are copies (a bulletin republished, a statement quoted whole), and a copy decides as its first does.
#[derive(PartialEq, Eq, Hash)]
struct CopyKey<'a> {
    texts: [Option<&'a str>; 8],
    date: Option<(i64, i64)>,
    published: Option<i64>,
    killed: Option<(Option<u32>, Option<u32>, Option<u32>)>,
    shingles: &'a [u32],
}

fn copy_key(e: &LinkEntry) -> CopyKey<'_> {
    CopyKey {
        texts: [
            e.claimant.as_deref(),
            e.perpetrator.as_deref(),
            e.target.as_deref(),
            e.event_type.as_deref(),
            e.sub_event_type.as_deref(),
            e.province.as_deref(),
            e.district.as_deref(),
            e.place.as_deref(),
        ],
        date: e.date.map(|d| (d.start, d.end)),
        published: e.published,
        killed: e.killed.map(|f| (f.low, f.best, f.high)),
        shingles: &e.shingles,
    }
}

/// Compares each folded copy `c` (linked to its first `class[c]`) with the entries of `block` in its own
/// document and in its first's: elsewhere it decides as its first does. A decision depends only on the two
/// entries' fields and whether they share a document, so it is made once per pair of copy sets.
#[allow(clippy::too_many_arguments)]
fn fold_copies(
    entries: &[LinkEntry],
    block: &[usize],
    folded: &[usize],
    class: &[usize],
    config: &Config,
    uf: &mut UnionFind,
    links: &mut Vec<Link>,
    compared: &mut u64,
) {
    let mut by_document: HashMap<i64, Vec<usize>> = HashMap::new();
    for &i in block {
        by_document.entry(entries[i].document).or_default().push(i);
    }
    let mut decided: HashMap<(usize, usize, bool), (Features, Decision)> = HashMap::new();
    let mut both_folded: HashSet<(usize, usize)> = HashSet::new();
    for &c in folded {
        let r = class[c];
        let (own, first) = (entries[c].document, entries[r].document);
        let others = by_document.get(&own).into_iter().chain(by_document.get(&first)).flatten();
        for &x in others {
            if x == c || x == r {
                continue;
            }
            if class[x] != x && !both_folded.insert((c.min(x), c.max(x))) {
                continue;
            }
            let same = entries[x].document == own;
            let (f, d) = *decided.entry((r, class[x], same)).or_insert_with(|| {
                *compared += 1;
                let mut f = features(&entries[r], &entries[class[x]], config);
                f.same_document = same;
                (f, decide(&f, config))
            });
            if d.link {
                uf.union(c, x);
                let (a, b) = (entries[c].id.min(entries[x].id), entries[c].id.max(entries[x].id));
                links.push(Link { a, b, kind: LinkKind::Auto, features: Some(f), decision: Some(d) });
            }
        }
    }
}

/// Links `entries` (all kinds; only events form incidents).
///
/// Copies are linked in linear time: the first entry of each set of copies in a block (see [`CopyKey`])
/// stands for them in the comparisons; every copy of another document that links with it is linked to it
/// once, and then compared only with the entries of its own and its first's documents (the only pairs where
/// `same_document` can decide otherwise), through decisions remembered per pair of copy sets. The incidents
/// are those of comparing every pair; only the links recorded are fewer.
pub fn link(entries: &[LinkEntry], decisions: &[ManualDecision], config: &Config) -> Linking {
    let events: Vec<usize> = (0..entries.len()).filter(|&i| entries[i].kind == EntryKind::Event).collect();
    let position: HashMap<i64, usize> = entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    // Decisions in order: the split entries, and merges not undone by a later split.
    let mut isolated: Vec<i64> = Vec::new();
    let mut merges: Vec<(i64, i64)> = Vec::new();
    for d in decisions {
        match *d {
            ManualDecision::Split(x) => {
                merges.retain(|&(a, b)| a != x && b != x);
                isolated.push(x);
            }
            ManualDecision::Merge(a, b) => merges.push((a, b)),
        }
    }
    isolated.sort_unstable();
    let is_isolated = |id: i64| isolated.binary_search(&id).is_ok();

    // Blocks: province; entries without one only meet their own document's entries (which a decision then
    // vetoes unless their texts are copies).
    let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in &events {
        if is_isolated(entries[i].id) {
            continue;
        }
        let key = entries[i].province.as_deref().map(norm).unwrap_or_default();
        let key = if key.is_empty() { format!("\0doc{}", entries[i].document) } else { key };
        blocks.entry(key).or_default().push(i);
    }
    let mut keys: Vec<&String> = blocks.keys().collect();
    keys.sort();
    let mut uf = UnionFind((0..entries.len()).collect());
    let mut links = Vec::new();
    let mut compared = 0u64;
    // The first of an entry's copies (itself when it stands for itself).
    let mut class: Vec<usize> = (0..entries.len()).collect();
    let consider = |i: usize, j: usize, uf: &mut UnionFind, links: &mut Vec<Link>| {
        let f = features(&entries[i], &entries[j], config);
        let d = decide(&f, config);
        if d.link {
            uf.union(i, j);
            let (a, b) = (entries[i].id.min(entries[j].id), entries[i].id.max(entries[j].id));
            links.push(Link { a, b, kind: LinkKind::Auto, features: Some(f), decision: Some(d) });
        }
    };
    for key in keys {
        let all = &blocks[key];
        // Copies: the first of each set takes part below; the others, once linked to it, are folded.
        let block: Vec<usize> = {
            let mut first: HashMap<CopyKey<'_>, usize> = HashMap::new();
            let mut members = Vec::with_capacity(all.len());
            let mut folded = Vec::new();
            for &i in all {
                match first.entry(copy_key(&entries[i])) {
                    Entry::Vacant(v) => {
                        v.insert(i);
                        members.push(i);
                    }
                    Entry::Occupied(o) => {
                        let r = *o.get();
                        if entries[r].document == entries[i].document {
                            members.push(i);
                            continue;
                        }
                        compared += 1;
                        let f = features(&entries[r], &entries[i], config);
                        let d = decide(&f, config);
                        if d.link {
                            uf.union(r, i);
                            let (a, b) = (entries[r].id.min(entries[i].id), entries[r].id.max(entries[i].id));
                            links.push(Link { a, b, kind: LinkKind::Auto, features: Some(f), decision: Some(d) });
                            class[i] = r;
                            folded.push(i);
                        } else {
                            members.push(i);
                        }
                    }
                }
            }
            if !folded.is_empty() {
                fold_copies(entries, all, &folded, &class, config, &mut uf, &mut links, &mut compared);
            }
            members
        };
        let block = &block;
        // Entries with a window (their date, else the days before publication): a sweep in window order,
        // each entry against those whose window starts before its own ends.
        let span = |i: usize| -> Option<(i64, i64)> {
            let e = &entries[i];
            e.date.map(|d| (d.start, d.end)).or_else(|| e.published.map(|p| (p - config.published_window, p)))
        };
        let (mut dated, undated): (Vec<usize>, Vec<usize>) = block.iter().partition(|&&i| span(i).is_some());
        dated.sort_by_key(|&i| (span(i).map_or(0, |s| s.0), entries[i].id));
        for (n, &i) in dated.iter().enumerate() {
            let end = span(i).map_or(0, |s| s.1) + 2 * config.date_slack;
            for &j in &dated[n + 1..] {
                if span(j).map_or(0, |s| s.0) > end {
                    break;
                }
                compared += 1;
                consider(i, j, &mut uf, &mut links);
            }
        }
        // Entries with neither date nor publication day: against the same document's, the same district's
        // and those sharing a rare word pair of their evidence (copies).
        if undated.is_empty() {
            continue;
        }
        let mut by_document: HashMap<i64, Vec<usize>> = HashMap::new();
        let mut by_district: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_shingle: HashMap<u32, Vec<usize>> = HashMap::new();
        for &i in block {
            by_document.entry(entries[i].document).or_default().push(i);
            if let Some(d) = entries[i].district.as_deref().map(norm).filter(|d| !d.is_empty()) {
                by_district.entry(d).or_default().push(i);
            }
            // The smallest hashes of an evidence text: copies of one text share them.
            for &h in entries[i].shingles.iter().take(SKETCH) {
                by_shingle.entry(h).or_default().push(i);
            }
        }
        for &i in &undated {
            let mut candidates: Vec<usize> = by_document.get(&entries[i].document).cloned().unwrap_or_default();
            if let Some(d) = entries[i].district.as_deref().map(norm) {
                if let Some(list) = by_district.get(&d) {
                    candidates.extend(list.iter().take(UNDATED_CAP));
                }
            }
            for h in entries[i].shingles.iter().take(SKETCH) {
                // A pair shared by many entries is a common phrase, not a sign of a copy.
                if let Some(list) = by_shingle.get(h).filter(|l| l.len() <= RARE) {
                    candidates.extend(list.iter());
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            for j in candidates {
                // Each undated pair once; dated-undated pairs from the undated side.
                if j == i || (span(j).is_none() && j < i) {
                    continue;
                }
                compared += 1;
                consider(i, j, &mut uf, &mut links);
            }
        }
    }
    for (a, b) in merges {
        if let (Some(&i), Some(&j)) = (position.get(&a), position.get(&b)) {
            uf.union(i, j);
            links.push(Link { a: a.min(b), b: a.max(b), kind: LinkKind::Manual, features: None, decision: None });
        }
    }
    // Summaries and aggregates: to the entries of their document they name.
    let mut local: HashMap<(i64, &str), i64> = HashMap::new();
    for e in entries {
        local.insert((e.document, e.local_id.as_str()), e.id);
    }
    for e in entries {
        for (names, kind) in [(&e.summarizes, LinkKind::Summarizes), (&e.derived_from, LinkKind::DerivedFrom)] {
            for name in names {
                if let Some(&other) = local.get(&(e.document, name.as_str())) {
                    links.push(Link { a: e.id, b: other, kind, features: None, decision: None });
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<i64>> = HashMap::new();
    for &i in &events {
        let root = uf.find(i);
        groups.entry(root).or_default().push(entries[i].id);
    }
    let mut incidents: Vec<Incident> = groups
        .into_values()
        .map(|mut ids| {
            ids.sort_unstable();
            Incident { id: ids[0], entries: ids }
        })
        .collect();
    incidents.sort_by_key(|i| i.id);
    links.sort_by_key(|l| (l.a, l.b));
    Linking { incidents, links, compared }
}

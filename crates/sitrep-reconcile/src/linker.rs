//! Linking: incidents as clusters of entries that all agree.
//!
//! 1. Blocks: the province (entries without one meet only their own document's).
//! 2. Copies: entries of one block equal in every field the decision reads (a bulletin republished, a
//!    statement quoted whole), at most one per document, form a unit that is compared as one entry.
//! 3. Candidates: within a block, units whose days overlap (a sweep in window order); units without any
//!    day meet those of their document, district or place, those telling the same rare act by the same hands
//!    or the same group's claim of the same toll, and those sharing a rare word pair of their
//!    evidence.
//! 4. Clusters: candidate pairs that link, strongest first, join their clusters only when every member of
//!    one agrees with every member of the other (complete linkage: a link never chains A to C through B when
//!    A and C conflict). Ties are broken by the entries' keys, never by ids, so the incidents do not depend on
//!    the order entries were stored in.
//! 5. The user's decisions on top: a split entry stays alone; merges join incidents.

use std::collections::{HashMap, HashSet};

use sitrep_text::{fnv1a, FNV_OFFSET};

use crate::entry::{DayRange, EntryKind, LinkEntry};
use crate::features::{compare, decide, norm, Config, Decision, Features, Profile};

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
    /// The links that made each incident: per unit of copies, each copy to the first; per join of two
    /// clusters, the pair that joined them (a spanning tree, not every agreeing pair); the user's merges.
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

/// Most entries of one name (district, place, rare act, claim) an entry without any day is compared with.
const UNDATED_CAP: usize = 500;

/// How many of an evidence text's smallest shingle hashes find its copies.
const SKETCH: usize = 4;

/// Most entries a sketch hash may be shared by and still find copies.
const RARE: usize = 50;

/// A figure's low, best and high.
type Bounds = (Option<u32>, Option<u32>, Option<u32>);

/// Every field the decision reads except the entry's document: entries of one block equal in all of them
/// are copies, and decide alike with any other entry.
#[derive(PartialEq, Eq, Hash)]
struct CopyKey<'a> {
    texts: [Option<&'a str>; 8],
    date: Option<(i64, i64)>,
    published: Option<i64>,
    /// The killed as the decision reads them (low, best, high), and the wounded its claims compare.
    killed: Option<Bounds>,
    wounded: Option<u32>,
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
        killed: e.killed.filter(|f| f.value().is_some()).map(|f| (f.low, f.best, f.high)),
        wounded: e.wounded.and_then(|w| w.best),
        shingles: &e.shingles,
    }
}

/// Copies of one entry in distinct documents: compared as one.
struct Unit {
    /// Entry indices in key order; the first stands for the unit.
    members: Vec<usize>,
    /// (document, member entry index), sorted by document.
    documents: Vec<(i64, usize)>,
}

impl Unit {
    fn first(&self) -> usize {
        self.members[0]
    }
}

/// How two units compare: whether some pair of their members conflicts, and the linking decision of
/// their members that explains a join, if one links.
#[derive(Clone, Copy)]
struct Verdict {
    conflict: bool,
    link: Option<(Features, Decision)>,
}

/// A linking pair of units and its score, in the order clusters are joined.
struct Join {
    score: f32,
    u: usize,
    v: usize,
}

/// Units joined into clusters: a union-find over units whose roots hold their cluster's units.
#[derive(Default)]
struct Clusters {
    root: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Clusters {
    /// Makes room for units up to `n`, each a cluster of its own.
    fn grow(&mut self, n: usize) {
        self.root.extend(self.root.len()..n);
        self.members.extend((self.members.len()..n).map(|u| vec![u]));
    }

    /// The cluster a unit is in (the root of its chain of joins).
    fn of(&mut self, mut u: usize) -> usize {
        while self.root[u] != u {
            self.root[u] = self.root[self.root[u]];
            u = self.root[u];
        }
        u
    }

    /// Joins two clusters (roots); the larger keeps its root.
    fn join(&mut self, a: usize, b: usize) {
        let (keep, gone) = if self.members[a].len() >= self.members[b].len() { (a, b) } else { (b, a) };
        let moved = std::mem::take(&mut self.members[gone]);
        self.members[keep].extend(moved);
        self.root[gone] = keep;
    }
}

struct Linker<'e> {
    entries: &'e [LinkEntry],
    profiles: Vec<Profile<'e>>,
    units: Vec<Unit>,
    clusters: Clusters,
    config: &'e Config,
    compared: u64,
    /// Whether two units conflict, by (smaller, larger) unit, for the pairs the joins have asked about.
    conflicts: HashMap<(usize, usize), bool>,
}

impl Linker<'_> {
    /// Compares two units. Their members are copies, so one comparison of their first entries tells every
    /// pair, once as members of one document (when they share one) and once of two.
    fn judge(&self, u: usize, v: usize) -> Verdict {
        let (a, b) = (&self.units[u], &self.units[v]);
        let (shared, nearest) = self.shared_documents(a, b);
        let across = a.members.len() * b.members.len() > shared;
        let mut f = compare(&self.profiles[a.first()], &self.profiles[b.first()], self.config);
        let mut verdict = Verdict { conflict: false, link: None };
        for (same_document, present) in [(true, shared > 0), (false, across)] {
            if !present {
                continue;
            }
            f.same_document = same_document;
            f.apart_in_document = if same_document { nearest } else { 0 };
            let d = decide(&f, self.config);
            verdict.conflict |= d.conflict;
            let stronger = match verdict.link {
                None => true,
                Some((_, best)) => best.score < d.score,
            };
            if d.link && stronger {
                verdict.link = Some((f, d));
            }
        }
        if verdict.conflict {
            verdict.link = None;
        }
        verdict
    }

    /// How many documents two units share, and how near in them their members are told (entries apart).
    fn shared_documents(&self, a: &Unit, b: &Unit) -> (usize, u32) {
        let (mut i, mut j, mut n, mut nearest) = (0, 0, 0, u32::MAX);
        while i < a.documents.len() && j < b.documents.len() {
            let ((da, x), (db, y)) = (a.documents[i], b.documents[j]);
            match da.cmp(&db) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    nearest = nearest.min(self.profiles[x].rank.abs_diff(self.profiles[y].rank));
                    i += 1;
                    j += 1;
                }
            }
        }
        (n, nearest)
    }

    /// Whether two units conflict (remembered: a cluster's members are asked about again at each join).
    fn conflict(&mut self, u: usize, v: usize) -> bool {
        let key = (u.min(v), u.max(v));
        if let Some(&c) = self.conflicts.get(&key) {
            return c;
        }
        self.compared += 1;
        let c = self.judge(u, v).conflict;
        self.conflicts.insert(key, c);
        c
    }

    /// The entries a join of two units rests on: two members of one document when the decision was about
    /// one, else two of different documents.
    fn explaining_pair(&self, u: usize, v: usize, same_document: bool) -> (usize, usize) {
        let (a, b) = (&self.units[u], &self.units[v]);
        if same_document {
            let (mut i, mut j) = (0, 0);
            while i < a.documents.len() && j < b.documents.len() {
                match a.documents[i].0.cmp(&b.documents[j].0) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => return (a.documents[i].1, b.documents[j].1),
                }
            }
        }
        let x = a.first();
        let document = self.entries[x].document;
        let y = b.members.iter().copied().find(|&y| self.entries[y].document != document).unwrap_or(b.first());
        (x, y)
    }

    /// The units of a block: copies grouped, in key order.
    fn form_units(&mut self, block: &[usize]) -> Vec<usize> {
        let mut by_copy: HashMap<CopyKey<'_>, Vec<usize>> = HashMap::new();
        let mut documents: Vec<HashSet<i64>> = Vec::new();
        let first_unit = self.units.len();
        for &i in block {
            let e = &self.entries[i];
            let candidates = by_copy.entry(copy_key(e)).or_default();
            match candidates.iter().copied().find(|&u| !documents[u - first_unit].contains(&e.document)) {
                Some(u) => {
                    documents[u - first_unit].insert(e.document);
                    self.units[u].members.push(i);
                }
                None => {
                    candidates.push(self.units.len());
                    documents.push(HashSet::from([e.document]));
                    self.units.push(Unit { members: vec![i], documents: Vec::new() });
                }
            }
        }
        let mut out = Vec::new();
        for u in first_unit..self.units.len() {
            // Copies stand for one another only when a copy links with its first (an entry with no day,
            // district or text to tie it does not link even with its copy).
            let members = std::mem::take(&mut self.units[u].members);
            let first = &self.profiles[members[0]];
            let mut f = compare(first, first, self.config);
            f.same_document = false;
            let together = members.len() == 1 || decide(&f, self.config).link;
            if members.len() > 1 {
                self.compared += 1;
            }
            if together {
                self.units[u].members = members;
                out.push(u);
            } else {
                self.units[u].members = vec![members[0]];
                out.push(u);
                for &m in &members[1..] {
                    out.push(self.units.len());
                    self.units.push(Unit { members: vec![m], documents: Vec::new() });
                }
            }
        }
        for &u in &out {
            let unit = &mut self.units[u];
            unit.documents = unit.members.iter().map(|&m| (self.entries[m].document, m)).collect();
            unit.documents.sort_unstable();
        }
        out
    }

    /// Links one block: its copies into units, then its units into clusters whose members all agree, the
    /// strongest links first. Records the links that made them.
    fn link_block(&mut self, entries: &[usize], links: &mut Vec<Link>) {
        let block = self.form_units(entries);
        self.clusters.grow(self.units.len());
        // Each copy to its unit's first, with the decision every pair of copies shares.
        for &u in &block {
            let unit = &self.units[u];
            let first = unit.first();
            let Some(&second) = unit.members.get(1) else { continue };
            let mut f = compare(&self.profiles[first], &self.profiles[second], self.config);
            f.same_document = false;
            let d = decide(&f, self.config);
            for &m in &unit.members[1..] {
                links.push(self.link(first, m, f, d));
            }
        }
        for join in self.joins(&block) {
            let (cu, cv) = (self.clusters.of(join.u), self.clusters.of(join.v));
            if cu == cv {
                continue;
            }
            let (mu, mv) =
                (std::mem::take(&mut self.clusters.members[cu]), std::mem::take(&mut self.clusters.members[cv]));
            let agree = mu.iter().all(|&x| mv.iter().all(|&y| !self.conflict(x, y)));
            self.clusters.members[cu] = mu;
            self.clusters.members[cv] = mv;
            if !agree {
                continue;
            }
            self.clusters.join(cu, cv);
            // What the join rests on, for `--explain` (judged again: the joins keep only their scores).
            self.compared += 1;
            if let Some((f, d)) = self.judge(join.u, join.v).link {
                let (x, y) = self.explaining_pair(join.u, join.v, f.same_document);
                links.push(self.link(x, y, f, d));
            }
        }
    }

    /// An automatic link between two entries (by index).
    fn link(&self, x: usize, y: usize, features: Features, decision: Decision) -> Link {
        let (a, b) = (self.entries[x].id, self.entries[y].id);
        Link { a: a.min(b), b: a.max(b), kind: LinkKind::Auto, features: Some(features), decision: Some(decision) }
    }

    /// The linking pairs of a block's units, strongest first; ties in the order of the units' first entries'
    /// keys (never of ids, which follow the ingest order).
    fn joins(&mut self, block: &[usize]) -> Vec<Join> {
        let mut joins = Vec::new();
        let mut compared = 0;
        self.candidates(block, |u, v| {
            compared += 1;
            if let Some((_, d)) = self.judge(u, v).link {
                joins.push(Join { score: d.score, u, v });
            }
        });
        self.compared += compared;
        let rank = |u: usize| {
            let e = &self.entries[self.units[u].first()];
            (e.key, e.id)
        };
        for j in &mut joins {
            if rank(j.v) < rank(j.u) {
                std::mem::swap(&mut j.u, &mut j.v);
            }
        }
        joins.sort_by(|x, y| {
            y.score.total_cmp(&x.score).then_with(|| (rank(x.u), rank(x.v)).cmp(&(rank(y.u), rank(y.v))))
        });
        joins
    }

    /// Candidate pairs of a block's units: those whose windows of days overlap, and for a unit without any
    /// day, those of its document (another source), district, place, rare act or claim, or sharing a rare word pair of its
    /// evidence. Pairs that conflict on sight are never offered (two districts; one source's two entries of
    /// one document), and are never iterated over either, so that a long document of one source costs no
    /// more than its entries.
    fn candidates(&self, block: &[usize], mut out: impl FnMut(usize, usize)) {
        let sights = Sights::of(self, block);
        let passage = self.config.passage;
        let apart = |a: &Sight, b: &Sight| {
            let districts = a.district != 0 && b.district != 0 && a.district != b.district;
            let one_document = a.single.is_some() && a.single == b.single;
            let one_source = a.claimant == 0 || a.claimant == b.claimant || a.rank.abs_diff(b.rank) > passage;
            districts || (one_document && one_source)
        };
        // Units with a window: per district, a sweep in window order, then against the units without a
        // district; and a sweep of these.
        let mut by_district: HashMap<u32, Windows> = HashMap::new();
        for (n, sight) in sights.all.iter().enumerate() {
            if let Some((start, end)) = sight.window {
                by_district.entry(sight.district).or_default().push((start, end, n));
            }
        }
        for list in by_district.values_mut() {
            list.sort_unstable();
        }
        let none = by_district.remove(&0).unwrap_or_default();
        let longest = none.iter().map(|w| w.1 - w.0).max().unwrap_or(0);
        let mut districts: Vec<(&u32, &Windows)> = by_district.iter().collect();
        districts.sort_unstable_by_key(|(d, _)| **d);
        for list in districts.into_iter().map(|(_, l)| l).chain([&none]) {
            for (k, &(_, end, a)) in list.iter().enumerate() {
                for &(start, _, b) in &list[k + 1..] {
                    if start > end {
                        break;
                    }
                    if !apart(&sights.all[a], &sights.all[b]) {
                        out(block[a], block[b]);
                    }
                }
            }
        }
        for list in by_district.values() {
            for &(start, end, a) in list {
                let from = none.partition_point(|w| w.0 < start - longest);
                let to = none.partition_point(|w| w.0 <= end);
                for &(_, other_end, b) in &none[from..to.max(from)] {
                    if other_end >= start && !apart(&sights.all[a], &sights.all[b]) {
                        out(block[a], block[b]);
                    }
                }
            }
        }
        // Units without any day.
        for (n, sight) in sights.all.iter().enumerate() {
            if sight.window.is_some() {
                continue;
            }
            let mut near: Vec<usize> = Vec::new();
            let u = block[n];
            // The other sources of its documents told beside it.
            if sight.claimant != 0 {
                for &(d, member) in &self.units[u].documents {
                    let Some(told) = sights.by_document.get(&d) else { continue };
                    let rank = self.profiles[member].rank;
                    let from = told.partition_point(|t| t.0 + passage < rank);
                    let to = told.partition_point(|t| t.0 <= rank + passage);
                    near.extend(told[from..to.max(from)].iter().map(|t| t.1));
                }
            }
            for key in sight.names().into_iter().filter(|k| k.1 != 0) {
                near.extend(sights.by_name.get(&key).into_iter().flatten().take(UNDATED_CAP));
            }
            for h in self.profiles[self.units[u].first()].entry.shingles.iter().take(SKETCH) {
                // A pair shared by many entries is a common phrase, not a sign of a copy.
                near.extend(sights.by_shingle.get(h).filter(|l| l.len() <= RARE).into_iter().flatten());
            }
            near.sort_unstable();
            near.dedup();
            for m in near {
                // Each undated pair once; dated-undated pairs from the undated side.
                let other = &sights.all[m];
                if m == n || (other.window.is_none() && m < n) || apart(sight, other) {
                    continue;
                }
                out(u, block[m]);
            }
        }
    }
}

/// Windows of days as (start, end, position in the block), in window order.
type Windows = Vec<(i64, i64, usize)>;

/// What the candidate search reads of a unit, names as numbers (0: not stated).
struct Sight {
    window: Option<(i64, i64)>,
    district: u32,
    place: u32,
    /// An act of a rare kind by named hands; a claim with an exact toll (see [`Profile`]).
    rare_act: u32,
    claim: u32,
    claimant: u32,
    /// The document of a unit of one entry, and its place among the document's entries.
    single: Option<i64>,
    rank: u32,
}

impl Sight {
    /// The names by which a unit without any day meets others: its district, its place, its rare act, its
    /// claim; (kind, name).
    fn names(&self) -> [(u8, u32); 4] {
        [(0, self.district), (1, self.place), (2, self.rare_act), (3, self.claim)]
    }
}

/// The sights of a block's units (by position in the block), and their indexes for units without a day.
struct Sights {
    all: Vec<Sight>,
    /// Per document: its units' members' places in it and the units, in that order.
    by_document: HashMap<i64, Vec<(u32, usize)>>,
    /// Per name of [`Sight::names`]: their units.
    by_name: HashMap<(u8, u32), Vec<usize>>,
    /// Per hash among the smallest of an evidence text (copies of one text share them): its units.
    by_shingle: HashMap<u32, Vec<usize>>,
}

impl Sights {
    fn of(linker: &Linker<'_>, block: &[usize]) -> Sights {
        let mut names: HashMap<&str, u32> = HashMap::new();
        fn number<'a>(names: &mut HashMap<&'a str, u32>, name: Option<&'a str>) -> u32 {
            let Some(name) = name else { return 0 };
            let next = names.len() as u32 + 1;
            *names.entry(name).or_insert(next)
        }
        let mut sights = Sights {
            all: Vec::with_capacity(block.len()),
            by_document: HashMap::new(),
            by_name: HashMap::new(),
            by_shingle: HashMap::new(),
        };
        for (n, &u) in block.iter().enumerate() {
            let unit = &linker.units[u];
            let p = &linker.profiles[unit.first()];
            let sight = Sight {
                window: p.window(linker.config).map(|w| (w.start, w.end)),
                district: number(&mut names, p.district()),
                place: number(&mut names, p.place()),
                rare_act: number(&mut names, p.rare_act()),
                claim: number(&mut names, p.claim()),
                claimant: number(&mut names, p.claimant()),
                single: (unit.members.len() == 1).then_some(p.entry.document),
                rank: p.rank,
            };
            for &(d, member) in &unit.documents {
                sights.by_document.entry(d).or_default().push((linker.profiles[member].rank, n));
            }
            for key in sight.names().into_iter().filter(|k| k.1 != 0) {
                sights.by_name.entry(key).or_default().push(n);
            }
            for &h in p.entry.shingles.iter().take(SKETCH) {
                sights.by_shingle.entry(h).or_default().push(n);
            }
            sights.all.push(sight);
        }
        for told in sights.by_document.values_mut() {
            told.sort_unstable();
        }
        sights
    }
}

/// The block an entry is linked in: its normalised province, else its document (an entry without a
/// province meets only its own document's). Blocks are linked apart from one another.
pub fn block(e: &LinkEntry) -> String {
    match e.province.as_deref().map(norm).filter(|p| !p.is_empty()) {
        Some(p) => p,
        None => format!("\0doc{}", e.document),
    }
}

/// Links `entries` (all kinds; only events form incidents).
pub fn link(entries: &[LinkEntry], decisions: &[ManualDecision], config: &Config) -> Linking {
    link_blocks(entries, decisions, config, None)
}

/// Links the events of `scope` only (entry ids), exactly as [`link`] links them among all entries, when the
/// scope is closed: with each event, every event it may be joined with ([`Reach`]: every entry it could
/// link with among its candidates, and its copies), both ends of every merge that touches it; and every
/// current entry of the scope's documents given (an event's place among its document's events is read
/// from them). The other entries are only read: they are in no incident and no automatic or manual link of
/// the result. Summaries' and aggregates' links are made for every entry given. This is what an incremental
/// link relinks: the clusters never reach beyond a closed scope, so the incidents outside stay as they were.
pub fn link_within(
    entries: &[LinkEntry],
    decisions: &[ManualDecision],
    config: &Config,
    scope: &HashSet<i64>,
) -> Linking {
    link_blocks(entries, decisions, config, Some(scope))
}

/// What the linker's search for candidates reads of an event, so that a store can find, among many, the
/// entries it may be compared with: its block, its days, its names, its evidence's sketch, its copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    pub block: String,
    /// The days its incident lies in; `None`: it meets others only by name, document or sketch.
    pub window: Option<DayRange>,
    /// (kind, hash of the name): district 0, place 1, rare act 2, claim 3 (as the candidate search names them).
    pub names: Vec<(u8, u64)>,
    /// The smallest shingle hashes of its evidence, by which an entry without any day finds its copies.
    pub sketch: Vec<u32>,
    /// Equal for entries equal in every field the decision reads (copies, compared as one).
    pub copy: u64,
}

/// Most entries of one name an entry without any day is compared with, and most entries a sketch hash may
/// be shared by and still find copies: past these the linker's choice among them depends on the others, so
/// an incremental link relinks the whole block.
pub const UNDATED_LIMITS: (usize, usize) = (UNDATED_CAP, RARE);

/// What the candidate search reads of an event.
pub fn reach(e: &LinkEntry, config: &Config) -> Reach {
    let p = Profile::new(e);
    let hash = |s: &str| fnv1a(FNV_OFFSET, s.as_bytes());
    let names = [(0u8, p.district()), (1, p.place()), (2, p.rare_act()), (3, p.claim())]
        .into_iter()
        .filter_map(|(kind, name)| name.map(|n| (kind, hash(n))))
        .collect();
    let k = copy_key(e);
    let mut copy = FNV_OFFSET;
    for t in k.texts {
        copy = fnv1a(copy, &[u8::from(t.is_some())]);
        copy = fnv1a(copy, t.unwrap_or("").as_bytes());
        copy = fnv1a(copy, &[0]);
    }
    let killed = |f: fn(&Bounds) -> Option<u32>| k.killed.map(|x| f(&x).map_or(-1, i64::from));
    let numbers = [
        k.date.map(|d| d.0),
        k.date.map(|d| d.1),
        k.published,
        killed(|x| x.0),
        killed(|x| x.1),
        killed(|x| x.2),
        k.wounded.map(i64::from),
    ];
    for n in numbers {
        copy = fnv1a(
            copy,
            &n.map_or([0xff; 9], |n| {
                let mut b = [0u8; 9];
                b[1..].copy_from_slice(&n.to_le_bytes());
                b
            }),
        );
    }
    for h in k.shingles {
        copy = fnv1a(copy, &h.to_le_bytes());
    }
    Reach {
        block: block(e),
        window: p.window(config),
        names,
        sketch: e.shingles.iter().take(SKETCH).copied().collect(),
        copy,
    }
}

/// Whether two entries could be joined in some pair of units (told in one document or two, side by side):
/// more pairs than the linker joins, never fewer, so that following them from a new entry finds every
/// entry its incident may reach.
pub fn could_link(a: &LinkEntry, b: &LinkEntry, config: &Config) -> bool {
    let mut f = compare(&Profile::new(a), &Profile::new(b), config);
    f.apart_in_document = 0;
    [false, true].into_iter().any(|same_document| {
        f.same_document = same_document;
        decide(&f, config).link
    })
}

fn link_blocks(
    entries: &[LinkEntry],
    decisions: &[ManualDecision],
    config: &Config,
    scope: Option<&HashSet<i64>>,
) -> Linking {
    let position: HashMap<i64, usize> = entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    // Decisions in order: the split entries, and merges not undone by a later split.
    let mut isolated: HashSet<i64> = HashSet::new();
    let mut merges: Vec<(i64, i64)> = Vec::new();
    for d in decisions {
        match *d {
            ManualDecision::Split(x) => {
                merges.retain(|&(a, b)| a != x && b != x);
                isolated.insert(x);
            }
            ManualDecision::Merge(a, b) => merges.push((a, b)),
        }
    }
    // Events in key order: every order below follows it.
    let mut events: Vec<usize> = (0..entries.len()).filter(|&i| entries[i].kind == EntryKind::Event).collect();
    events.sort_by_key(|&i| (entries[i].key, entries[i].id));
    let mut profiles: Vec<Profile<'_>> = entries.iter().map(Profile::new).collect();
    // Each event's place among its document's events.
    let mut told: Vec<usize> = events.clone();
    told.sort_by_key(|&i| (entries[i].document, entries[i].offset, entries[i].key, entries[i].id));
    for document in told.chunk_by(|&a, &b| entries[a].document == entries[b].document) {
        for (rank, &i) in document.iter().enumerate() {
            profiles[i].rank = rank as u32;
        }
    }
    // Ranked among all, linked only within the scope.
    if let Some(scope) = scope {
        events.retain(|&i| scope.contains(&entries[i].id));
    }
    let mut linker = Linker {
        entries,
        profiles,
        units: Vec::new(),
        clusters: Clusters::default(),
        config,
        compared: 0,
        conflicts: HashMap::new(),
    };
    // Blocks: province; entries without one only meet their own document's (which a decision then vetoes
    // unless their sources differ).
    let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in &events {
        if isolated.contains(&entries[i].id) {
            continue;
        }
        let key = match linker.profiles[i].province() {
            Some(p) => p.to_string(),
            None => format!("\0doc{}", entries[i].document),
        };
        blocks.entry(key).or_default().push(i);
    }
    let mut keys: Vec<&String> = blocks.keys().collect();
    keys.sort();
    let mut links = Vec::new();
    for key in keys {
        linker.link_block(&blocks[key], &mut links);
    }
    // Incidents: the clusters, then the user's merges.
    let mut uf = UnionFind((0..entries.len()).collect());
    for u in 0..linker.units.len() {
        let root = linker.clusters.of(u);
        let anchor = linker.units[root].first();
        for &m in &linker.units[u].members {
            uf.union(anchor, m);
        }
    }
    for (a, b) in merges {
        if let (Some(&i), Some(&j)) = (position.get(&a), position.get(&b)) {
            let within = |i: usize| scope.is_none_or(|s| s.contains(&entries[i].id));
            if !within(i) || !within(j) {
                continue;
            }
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
        groups.entry(uf.find(i)).or_default().push(entries[i].id);
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
    Linking { incidents, links, compared: linker.compared }
}

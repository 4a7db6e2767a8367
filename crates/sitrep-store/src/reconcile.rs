//! Incidents in SQLite: the current entries linked by `sitrep-reconcile`, the links with their features, the
//! user's split/merge decisions (anchored to document and evidence so they survive re-extraction), and the
//! tally buckets (one row per basis, dimension, key and day) that make a tally over millions of incidents a
//! scan of a few thousand rows.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};
use sitrep_extract::{Count, Date, Kind};
use sitrep_reconcile::{
    block, could_link, disagreements, facts, link, link_within, reach, resolve_decisions, shingles, Anchor, Basis,
    Config, DayRange, EntryKind, Figure, IncidentFacts, LinkEntry, Linking, ManualDecision, Reach, RecordedDecision,
    TallyDimension, UNDATED_LIMITS,
};
use sitrep_text::{fnv1a, FNV_OFFSET};

use crate::storage::{EventQuery, Storage, StoredEntry};
use crate::{Error, SqliteStore};

/// A figure summed over incidents: low, best (else low) and high. The high is unknown once one incident's
/// is ("at least 5" says nothing of the most); an incident without the figure adds 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureSum {
    pub low: i64,
    pub best: i64,
    pub high: Option<i64>,
}

impl Default for FigureSum {
    fn default() -> FigureSum {
        FigureSum { low: 0, best: 0, high: Some(0) }
    }
}

impl FigureSum {
    /// Adds one incident's figure.
    pub fn add(&mut self, f: Option<Figure>) {
        let Some(f) = f.filter(|f| f.low.or(f.best).or(f.high).is_some()) else { return };
        self.merge(FigureSum {
            low: i64::from(f.low.or(f.best).unwrap_or(0)),
            best: i64::from(f.best.or(f.low).unwrap_or(0)),
            high: f.high.map(i64::from),
        });
    }

    /// Adds another sum.
    pub fn merge(&mut self, other: FigureSum) {
        self.low += other.low;
        self.best += other.best;
        self.high = self.high.zip(other.high).map(|(a, b)| a + b);
    }
}

/// One row of an incident tally.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentTally {
    pub key: Option<String>,
    pub incidents: i64,
    pub killed: FigureSum,
    pub wounded: FigureSum,
    pub captured: FigureSum,
    /// Distinct provinces of the incidents.
    pub provinces: i64,
}

/// Filters of a tally.
#[derive(Debug, Clone)]
pub struct TallyQuery {
    pub by: TallyDimension,
    pub basis: Basis,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Only incidents of this province (exactly as stored).
    pub province: Option<String>,
}

/// A stored link, for `incidents show --explain`.
#[derive(Debug, Clone)]
pub struct StoredLink {
    pub a: i64,
    pub b: i64,
    pub kind: String,
    pub score: Option<f64>,
    pub reason: Option<String>,
    pub features: Option<Value>,
}

/// An incident with its event entries and what its sources disagree on.
#[derive(Debug, Clone)]
pub struct StoredIncident {
    pub id: i64,
    pub entries: Vec<StoredEntry>,
    pub disagreements: Value,
}

/// Whether the incidents are up to date with the stored entries and decisions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkState {
    /// Entries or decisions changed since the last relink.
    pub stale: bool,
    /// Current entries stored since the last relink (in no incident yet).
    pub unlinked_entries: i64,
    /// The largest entry id and decision id of the last relink ((0, 0) before the first): what the
    /// incidents reflect, a key for caching their tallies.
    pub linked: (i64, i64),
}

/// What a relink did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RelinkSummary {
    /// Entries linked: every current one in a full relink; the events of its scope in an incremental one.
    pub entries: u64,
    /// Incidents written (all, or those of the scope).
    pub incidents: u64,
    pub links: u64,
    pub compared: u64,
}

fn figure(c: &Option<Count>) -> Option<Figure> {
    c.as_ref().map(|c| Figure { low: c.low, best: c.best, high: c.high })
}

/// An entry as the linker sees it. Its date is the one its own words state; a date it only took from its
/// document (the dateline's or the publication day) is the day of its report, as is the publication day of
/// its revision. Its key hashes the document's content hash and the local id: the same whatever order documents
/// were ingested in, and wherever they were read from.
pub fn link_entry(e: &StoredEntry) -> LinkEntry {
    let x = &e.entry;
    let stated = x.spans.contains_key("date");
    let day_of = |d: &str| d.get(..10).and_then(|d| d.parse::<Date>().ok()).map(|d| d.days());
    let published = x
        .date
        .filter(|_| !stated && e.date_basis.is_none())
        .map(|d| d.end.days())
        .or_else(|| e.published.as_deref().and_then(day_of));
    LinkEntry {
        id: e.entry_id,
        key: fnv1a(fnv1a(fnv1a(FNV_OFFSET, &e.document_hash), &[0]), x.id.as_bytes()),
        document: e.document_id,
        offset: x.evidence.start,
        local_id: x.id.clone(),
        kind: match x.kind {
            Kind::Event => EntryKind::Event,
            Kind::Summary => EntryKind::Summary,
            Kind::Aggregate => EntryKind::Aggregate,
        },
        summarizes: x.summarizes.clone(),
        derived_from: x.derived_from.clone(),
        claimant: x.claimant.clone(),
        perpetrator: x.perpetrator.clone(),
        target: x.target.clone(),
        event_type: x.event_type.clone(),
        sub_event_type: x.sub_event_type.clone(),
        province: x.location.province.clone(),
        district: x.location.district.clone(),
        place: x.location.place.clone(),
        // A date fallen back on (an undated document's file date) is no evidence of when the incident was.
        date: x
            .date
            .filter(|_| stated && e.date_basis.is_none())
            .map(|d| DayRange { start: d.start.days(), end: d.end.days() }),
        published,
        killed: figure(&x.killed),
        wounded: figure(&x.wounded),
        captured: figure(&x.captured),
        attacks: x.attacks,
        shingles: shingles(&e.evidence_text),
    }
}

pub(crate) fn features_json(f: &sitrep_reconcile::Features) -> Value {
    json!({
        "same_document": f.same_document,
        "apart_in_document": f.apart_in_document,
        "claimant": f.claimant.as_str(),
        "date": f.date.as_str(),
        "province": f.province.as_str(),
        "district": f.district.as_str(),
        "place": f.place.as_str(),
        "event_type": f.event_type.as_str(),
        "perpetrator": f.perpetrator.as_str(),
        "target": f.target.as_str(),
        "killed": f.killed.as_str(),
        "one_group_claims": f.one_group_claims,
        "rare_act": f.rare_act,
        "same_claim": f.same_claim,
        "text": (f64::from(f.text) * 100.0).round() / 100.0,
    })
}

/// A decision as recorded (action, first anchor, the second's cells): `None` for an unknown action or a merge
/// missing its second anchor. Both backends read their rows through it.
pub(crate) fn recorded_decision(
    action: &str,
    a: Anchor,
    b: (Option<i64>, Option<i64>, Option<i64>),
) -> Option<RecordedDecision> {
    match (action, b) {
        ("split", _) => Some(RecordedDecision::Split(a)),
        ("merge", (Some(document), Some(start), Some(end))) => {
            Some(RecordedDecision::Merge(a, Anchor { document, start, end }))
        }
        _ => None,
    }
}

/// Recorded decisions resolved to the current entries `stored` (`sitrep_reconcile::resolve_decisions`), each
/// entry anchored by its document and evidence.
pub(crate) fn resolve_recorded(recorded: &[RecordedDecision], stored: &[StoredEntry]) -> Vec<ManualDecision> {
    let current: Vec<(i64, Anchor)> = stored
        .iter()
        .map(|e| {
            let evidence = &e.entry.evidence;
            (e.entry_id, Anchor { document: e.document_id, start: evidence.start as i64, end: evidence.end as i64 })
        })
        .collect();
    resolve_decisions(recorded, &current)
}

pub(crate) fn day_text(day: Option<i64>) -> String {
    day.and_then(Date::from_days).map(|d| d.to_string()).unwrap_or_default()
}

impl SqliteStore {
    /// Current entries of every kind, as the linker sees them.
    pub fn link_entries(&mut self) -> Result<(Vec<StoredEntry>, Vec<LinkEntry>), Error> {
        let stored = self.events(&EventQuery::default())?;
        let entries = stored.iter().map(link_entry).collect();
        Ok((stored, entries))
    }

    /// The user's decisions, resolved to current entries (`sitrep_reconcile::resolve_decisions`). `stored`
    /// holds every current entry of the documents the decisions are anchored to
    /// ([`SqliteStore::decision_documents`]).
    fn resolved_decisions(&self, stored: &[StoredEntry]) -> Result<Vec<ManualDecision>, Error> {
        let recorded: Vec<RecordedDecision> = self
            .decision_rows()?
            .into_iter()
            .filter_map(|(action, (document, start, end), b)| {
                recorded_decision(&action, Anchor { document, start, end }, b)
            })
            .collect();
        Ok(resolve_recorded(&recorded, stored))
    }

    /// The recorded decisions in the order made: action, first anchor, second anchor.
    #[allow(clippy::type_complexity)]
    fn decision_rows(&self) -> Result<Vec<(String, (i64, i64, i64), (Option<i64>, Option<i64>, Option<i64>))>, Error> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT action, a_document, a_start, a_end, b_document, b_start, b_end FROM manual_decisions ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?),
                (r.get::<_, Option<i64>>(4)?, r.get::<_, Option<i64>>(5)?, r.get::<_, Option<i64>>(6)?),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The documents the decisions are anchored to.
    fn decision_documents(&self) -> Result<BTreeSet<i64>, Error> {
        let mut out = BTreeSet::new();
        for (_, (a, _, _), (b, _, _)) in self.decision_rows()? {
            out.insert(a);
            out.extend(b);
        }
        Ok(out)
    }

    /// The largest entry, decision and extraction ids.
    fn state(&self) -> Result<(i64, i64, i64), Error> {
        Ok(self.conn.query_row(
            "SELECT coalesce((SELECT max(id) FROM entries), 0), coalesce((SELECT max(id) FROM manual_decisions), 0),
                    coalesce((SELECT max(id) FROM extractions), 0)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?)
    }

    /// What the last link saw (`state`); the extraction is unknown after a link of an older version.
    fn last_link(&self) -> Result<Option<(i64, i64, Option<i64>)>, Error> {
        Ok(self
            .conn
            .query_row(
                "SELECT entries_max, decisions_max, extractions_max FROM reconcile_state WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    fn record_link(conn: &Connection, state: (i64, i64, i64)) -> Result<(), Error> {
        conn.execute(
            "INSERT INTO reconcile_state (id, entries_max, decisions_max, extractions_max) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET entries_max = ?1, decisions_max = ?2, extractions_max = ?3",
            params![state.0, state.1, state.2],
        )?;
        Ok(())
    }

    /// How far the incidents lag behind the stored entries: cheap (two index lookups and a count of the
    /// entries stored since the last relink), so a server can say so in every answer instead of relinking.
    pub(crate) fn link_state(&self) -> Result<LinkState, Error> {
        let last = self.last_link()?;
        let stale = self.stale(last)?;
        let linked = last.map_or((0, 0), |l| (l.0, l.1));
        let since = linked.0;
        let unlinked_entries = if stale {
            self.conn
                .prepare_cached("SELECT count(*) FROM entries WHERE id > ?1 AND current = 1")?
                .query_row([since], |r| r.get(0))?
        } else {
            0
        };
        Ok(LinkState { stale, unlinked_entries, linked })
    }

    /// Whether entries or decisions changed since the last relink.
    pub fn needs_relink(&self) -> Result<bool, Error> {
        self.stale(self.last_link()?)
    }

    fn stale(&self, last: Option<(i64, i64, Option<i64>)>) -> Result<bool, Error> {
        let now = self.state()?;
        Ok(match last {
            // A link of an older version did not record the extractions: what it saw is what matters.
            Some((entries, decisions, extractions)) => {
                (entries, decisions) != (now.0, now.1) || extractions.is_some_and(|x| x != now.2)
            }
            None => (now.0, now.1) != (0, 0),
        })
    }

    /// Links what changed since the last link (see [`SqliteStore::link_new`]) when entries or decisions
    /// changed.
    pub(crate) fn ensure_linked(&mut self) -> Result<Option<RelinkSummary>, Error> {
        if self.needs_relink()? {
            return self.link_new(&Config::default()).map(Some);
        }
        Ok(None)
    }

    /// Links every current entry again and rewrites incidents, links and tally buckets in one transaction
    /// (`sitrep relink`: after a change of the linker).
    pub(crate) fn relink(&mut self, config: &Config) -> Result<RelinkSummary, Error> {
        let state = self.state()?;
        let (stored, entries) = self.link_entries()?;
        let decisions = self.resolved_decisions(&stored)?;
        let linking = link(&entries, &decisions, config);
        let mut all_facts: Vec<(Basis, IncidentFacts)> = Vec::new();
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM incidents; DELETE FROM incident_entries; DELETE FROM links;
             DELETE FROM link_reach; DELETE FROM link_names;",
        )?;
        // Each reach written as it is computed: none kept for the whole store.
        index(
            &tx,
            entries.iter().filter(|e| e.kind == EntryKind::Event).map(|e| (e.id, Cow::Owned(reach(e, config)))),
        )?;
        write_linking(&tx, &entries, &linking, &mut all_facts)?;
        write_buckets(&tx, &all_facts)?;
        SqliteStore::record_link(&tx, state)?;
        tx.commit()?;
        Ok(RelinkSummary {
            entries: entries.len() as u64,
            incidents: linking.incidents.len() as u64,
            links: linking.links.len() as u64,
            compared: linking.compared,
        })
    }

    /// Links the entries stored or retired since the last link, comparing them only with the blocks they
    /// fall in, and replaces only the incidents, links and tally contributions of those blocks: the same
    /// incidents as [`SqliteStore::relink`], at a cost that follows the blocks touched, not the store. A full
    /// relink when there was no link yet, the decisions changed since, or the last link was an older
    /// version's.
    pub fn link_new(&mut self, config: &Config) -> Result<RelinkSummary, Error> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match self.link_changes(config) {
            Ok(Some(summary)) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(summary)
            }
            Ok(None) => {
                self.conn.execute_batch("ROLLBACK")?;
                self.relink(config)
            }
            Err(e) => {
                // The error is what matters; a failed rollback leaves nothing committed either.
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// The incremental link, inside the caller's write transaction; `None` when a full relink is needed.
    ///
    /// The scope starts from the current events of the documents extracted since the last link and the
    /// incidents that lost a member (entries retired), and is closed: with an event, every entry it could
    /// link with among those the linker's candidate search may pair it with (`could_link` over the
    /// `link_reach` and `link_names` index: overlapping days in its block; for an entry without any day,
    /// its names, document and sketch), its copies, the members of its old incident and its merges'
    /// other ends. The linker's clusters grow only along such pairs, so the scope's incidents are what a full
    /// link makes of them, and the others stay as they were. Where an entry without any day meets more
    /// entries of one name or sketch hash than the linker compares it with (its choice among them then
    /// depends on the others), the whole block is taken.
    fn link_changes(&mut self, config: &Config) -> Result<Option<RelinkSummary>, Error> {
        let now = self.state()?;
        let Some((_, decisions_max, Some(extractions_max))) = self.last_link()? else { return Ok(None) };
        if decisions_max != now.1 {
            return Ok(None);
        }
        let changed: Vec<i64> = {
            // A range of the primary key, made distinct here: `SELECT DISTINCT` scans the document index whole.
            let mut stmt = self.conn.prepare_cached("SELECT document_id FROM extractions WHERE id > ?1")?;
            let rows = stmt.query_map([extractions_max], |r| r.get(0))?;
            let mut changed: Vec<i64> = rows.collect::<Result<_, _>>()?;
            changed.sort_unstable();
            changed.dedup();
            changed
        };
        // Entries of those documents no longer current (a new revision or run replaced them).
        let retired: Vec<i64> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id FROM entries WHERE document_id IN (SELECT value FROM json_each(?1)) AND current = 0",
            )?;
            let rows = stmt.query_map([ids_json(changed.iter().copied())], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut loaded = Loaded::default();
        // Decisions are resolved among every current entry of their documents.
        let decision_documents = self.decision_documents()?;
        loaded.documents(self, decision_documents.iter().copied())?;
        loaded.documents(self, changed.iter().copied())?;
        let decisions = {
            let stored: Vec<StoredEntry> = decision_documents
                .iter()
                .flat_map(|d| loaded.by_document.get(d).into_iter().flatten())
                .filter_map(|id| loaded.entries.get(id).map(|(s, _)| s.clone()))
                .collect();
            self.resolved_decisions(&stored)?
        };
        let mut partners: HashMap<i64, Vec<i64>> = HashMap::new();
        for d in &decisions {
            if let ManualDecision::Merge(a, b) = *d {
                partners.entry(a).or_default().push(b);
                partners.entry(b).or_default().push(a);
            }
        }
        let new_events: Vec<i64> = changed
            .iter()
            .flat_map(|d| loaded.by_document.get(d).into_iter().flatten())
            .copied()
            .filter(|id| loaded.entries.get(id).is_some_and(|(_, e)| e.kind == EntryKind::Event))
            .collect();
        // The index follows the current events: the retired leave it, the new enter it.
        loaded.ids(self, &retired, false)?;
        let mut reaches = Reaches::default();
        {
            let conn = &self.conn;
            unindex(conn, &retired)?;
            for id in &new_events {
                if let Some((_, e)) = loaded.entries.get(id) {
                    reaches.of(e, config);
                }
            }
            index(conn, new_events.iter().filter_map(|id| reaches.0.get(id).map(|r| (*id, Cow::Borrowed(r)))))?;
        }
        let mut blocks = BlockFacts::default();
        // Blocks where an entry without any day may meet other candidates than before: taken whole.
        let mut whole: HashSet<String> = HashSet::new();
        for id in new_events.iter().chain(&retired) {
            let Some((_, e)) = loaded.entries.get(id) else { continue };
            if e.kind == EntryKind::Event && near_limits(&self.conn, reaches.of(e, config), false, &mut blocks)? {
                whole.insert(block(e));
            }
        }
        let mut queue: Vec<i64> = new_events.clone();
        let mut old_incidents: BTreeSet<i64> = BTreeSet::new();
        for incident in incidents_of(&self.conn, &retired)? {
            if old_incidents.insert(incident) {
                queue.extend(members_of(&self.conn, &[incident])?.into_iter().map(|(e, _)| e));
            }
        }
        let mut scope: HashSet<i64> = HashSet::new();
        let mut taken: HashSet<String> = HashSet::new();
        let mut provinces: Option<HashMap<String, Vec<String>>> = None;
        // Breadth first, a level at a time: each level's entries, candidates and incidents read in a few
        // queries.
        while !queue.is_empty() {
            let mut level = std::mem::take(&mut queue);
            level.sort_unstable();
            level.dedup();
            level.retain(|x| !scope.contains(x));
            loaded.ids(self, &level, true)?;
            level.retain(|x| {
                loaded.current.contains(x) && loaded.entries.get(x).is_some_and(|(_, e)| e.kind == EntryKind::Event)
            });
            scope.extend(level.iter().copied());
            let documents: Vec<i64> =
                level.iter().filter_map(|x| loaded.entries.get(x)).map(|(s, _)| s.document_id).collect();
            loaded.documents(self, documents.into_iter())?;
            let mut searched: Vec<(i64, Vec<i64>)> = Vec::new();
            for &x in &level {
                let Some((stored, e)) = loaded.entries.get(&x) else { continue };
                let document = stored.document_id;
                let r = reaches.of(e, config).clone();
                if r.window.is_none() && near_limits(&self.conn, &r, true, &mut blocks)? {
                    whole.insert(r.block.clone());
                }
                if whole.contains(&r.block) {
                    if taken.insert(r.block.clone()) {
                        queue.extend(loaded.block(self, &r.block, &mut provinces)?);
                    }
                    continue;
                }
                let mut near = candidates(&self.conn, &r, &mut blocks)?;
                // The events of its document (another source told beside it).
                near.extend(loaded.by_document.get(&document).into_iter().flatten().copied().filter(|y| {
                    loaded.entries.get(y).is_some_and(|(_, o)| {
                        o.kind == EntryKind::Event && (r.window.is_none() || o.date.is_none() && o.published.is_none())
                    })
                }));
                near.retain(|y| !scope.contains(y));
                searched.push((x, near));
                queue.extend(copies_of(&self.conn, &r)?);
            }
            let mut wanted: Vec<i64> = searched.iter().flat_map(|(_, near)| near.iter().copied()).collect();
            wanted.sort_unstable();
            wanted.dedup();
            loaded.ids(self, &wanted, true)?;
            let mut reached: HashSet<i64> = queue.iter().copied().collect();
            for (x, near) in searched {
                let Some((_, e)) = loaded.entries.get(&x) else { continue };
                for y in near {
                    if !reached.contains(&y) && loaded.entries.get(&y).is_some_and(|(_, o)| could_link(e, o, config)) {
                        reached.insert(y);
                        queue.push(y);
                    }
                }
            }
            let incidents: Vec<i64> =
                incidents_of(&self.conn, &level)?.into_iter().filter(|i| old_incidents.insert(*i)).collect();
            queue.extend(members_of(&self.conn, &incidents)?.into_iter().map(|(e, _)| e));
            for x in &level {
                queue.extend(partners.get(x).into_iter().flatten().copied());
            }
        }
        // Every entry of the documents told in scope: an event's place in its document is read from them.
        let documents: BTreeSet<i64> =
            scope.iter().filter_map(|id| loaded.entries.get(id)).map(|(s, _)| s.document_id).collect();
        loaded.documents(self, documents.iter().copied())?;
        let given: Vec<LinkEntry> = loaded
            .entries
            .iter()
            .filter(|(id, (s, _))| loaded.whole.contains(&s.document_id) && loaded.current.contains(id))
            .map(|(_, (_, e))| e.clone())
            .collect();
        let linking = link_within(&given, &decisions, config, &scope);
        // The incidents replaced, with their members as linked then (retired ones too) for the buckets.
        let old_members = members_of(&self.conn, &old_incidents.iter().copied().collect::<Vec<_>>())?;
        let missing: Vec<i64> = old_members.iter().map(|(e, _)| *e).collect();
        loaded.ids(self, &missing, false)?;
        let mut old_facts: Vec<(Basis, IncidentFacts)> = Vec::new();
        {
            let mut grouped: BTreeMap<i64, Vec<&LinkEntry>> = BTreeMap::new();
            for (entry, incident) in &old_members {
                if let Some((_, e)) = loaded.entries.get(entry) {
                    grouped.entry(*incident).or_default().push(e);
                }
            }
            for (incident, members) in grouped {
                for basis in [Basis::Claimed, Basis::Corroborated] {
                    if let Some(f) = facts(incident, &members, basis) {
                        old_facts.push((basis, f));
                    }
                }
            }
        }
        let conn = &self.conn;
        let old_json = ids_json(old_incidents.iter().copied());
        conn.execute("DELETE FROM incidents WHERE id IN (SELECT value FROM json_each(?1))", [&old_json])?;
        conn.execute(
            "DELETE FROM incident_entries WHERE incident_id IN (SELECT value FROM json_each(?1))",
            [&old_json],
        )?;
        // Links: the automatic and manual ones of the scope's events and of retired entries; those of the
        // summaries and aggregates given, which are made again.
        let linked_json = ids_json(scope.iter().chain(&retired).copied());
        conn.execute(
            "DELETE FROM links WHERE kind IN ('auto', 'manual')
               AND (a IN (SELECT value FROM json_each(?1)) OR b IN (SELECT value FROM json_each(?1)))",
            [&linked_json],
        )?;
        let pointing_json = ids_json(given.iter().map(|e| e.id).chain(retired.iter().copied()));
        conn.execute(
            "DELETE FROM links WHERE kind IN ('summarizes', 'derived_from') AND a IN (SELECT value FROM json_each(?1))",
            [&pointing_json],
        )?;
        let mut new_facts: Vec<(Basis, IncidentFacts)> = Vec::new();
        write_linking(conn, &given, &linking, &mut new_facts)?;
        update_buckets(conn, &old_facts, &new_facts)?;
        SqliteStore::record_link(conn, now)?;
        Ok(Some(RelinkSummary {
            entries: scope.len() as u64,
            incidents: linking.incidents.len() as u64,
            links: linking.links.len() as u64,
            compared: linking.compared,
        }))
    }
}

/// Each entry's [`Reach`], computed once.
#[derive(Default)]
struct Reaches(HashMap<i64, Reach>);

impl Reaches {
    fn of(&mut self, e: &LinkEntry, config: &Config) -> &Reach {
        self.0.entry(e.id).or_insert_with(|| reach(e, config))
    }
}

/// A hash as SQLite stores integers.
fn signed(h: u64) -> i64 {
    h as i64
}

/// Adds events to the index of what the candidate search reads (`link_reach`, `link_names`).
fn index<'a>(conn: &Connection, events: impl IntoIterator<Item = (i64, Cow<'a, Reach>)>) -> Result<(), Error> {
    let mut reach_row = conn.prepare_cached(
        "INSERT OR REPLACE INTO link_reach (entry_id, block, start, \"end\", span, district, copy)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut name_row = conn
        .prepare_cached("INSERT INTO link_names (block, kind, value, dated, entry_id) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (id, r) in events {
        let (start, end) = (r.window.map(|w| w.start), r.window.map(|w| w.end));
        let district = r.names.iter().find(|n| n.0 == 0).map(|n| signed(n.1));
        reach_row.execute(params![
            id,
            r.block,
            start,
            end,
            r.window.map(|w| w.end - w.start),
            district,
            signed(r.copy)
        ])?;
        let dated = r.window.is_some();
        let sketch = r.sketch.iter().map(|&h| (SKETCH_KIND, u64::from(h)));
        for (kind, value) in r.names.iter().copied().chain(sketch) {
            name_row.execute(params![r.block, kind, signed(value), dated, id])?;
        }
    }
    Ok(())
}

/// Removes entries from the index.
fn unindex(conn: &Connection, ids: &[i64]) -> Result<(), Error> {
    let ids = ids_json(ids.iter().copied());
    conn.execute("DELETE FROM link_reach WHERE entry_id IN (SELECT value FROM json_each(?1))", [&ids])?;
    conn.execute("DELETE FROM link_names WHERE entry_id IN (SELECT value FROM json_each(?1))", [&ids])?;
    Ok(())
}

/// The kind of a sketch hash in `link_names` (after the names' 0 to 3).
const SKETCH_KIND: u8 = 4;

/// Whether the linker's choice among an undated entry's candidates of one of these names or sketch hashes
/// may depend on entries beyond them (more of one name than it compares, a hash too common to find
/// copies by): for an entry without any day itself (`undated`), or for an entry coming or going among the
/// candidates of one.
fn near_limits(conn: &Connection, r: &Reach, undated: bool, blocks: &mut BlockFacts) -> Result<bool, Error> {
    if !undated && !blocks.has_undated(conn, &r.block)? {
        return Ok(false);
    }
    let (cap, rare) = UNDATED_LIMITS;
    // Counted up to the limit only: a common name costs no more than a rare one.
    let mut count = conn.prepare_cached(
        "SELECT count(*) FROM (SELECT 1 FROM link_names WHERE block = ?1 AND kind = ?2 AND value = ?3 LIMIT ?4)",
    )?;
    let mut any_undated = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM link_names WHERE block = ?1 AND kind = ?2 AND value = ?3 AND dated = 0)",
    )?;
    let sketch = r.sketch.iter().map(|&h| (SKETCH_KIND, u64::from(h), rare));
    for (kind, value, limit) in r.names.iter().map(|&(k, v)| (k, v, cap)).chain(sketch) {
        if !undated && !any_undated.query_row(params![r.block, kind, signed(value)], |row| row.get::<_, bool>(0))? {
            continue;
        }
        // One fewer than the limit: an entry that left counts no more.
        let n: i64 = count.query_row(params![r.block, kind, signed(value), limit as i64], |row| row.get(0))?;
        if n as usize + 1 > limit {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The events the linker's candidate search may pair with an entry of this reach: overlapping days in its
/// block; entries without any day sharing a name or a sketch hash with it (any entry, when it has no day).
fn candidates(conn: &Connection, r: &Reach, blocks: &mut BlockFacts) -> Result<Vec<i64>, Error> {
    let mut out = Vec::new();
    if let Some(w) = r.window {
        let span = blocks.longest(conn, &r.block)?;
        // Another district is never a candidate (the linker's sweep is per district).
        let district = r.names.iter().find(|n| n.0 == 0).map(|n| signed(n.1));
        let mut stmt = conn.prepare_cached(
            "SELECT entry_id FROM link_reach WHERE block = ?1 AND start BETWEEN ?2 AND ?3 AND \"end\" >= ?4
               AND (district IS NULL OR ?5 IS NULL OR district = ?5)",
        )?;
        let rows = stmt.query_map(params![r.block, w.start - span, w.end, w.start, district], |row| row.get(0))?;
        for row in rows {
            out.push(row?);
        }
    }
    if r.window.is_some() && !blocks.has_undated(conn, &r.block)? {
        return Ok(out);
    }
    // An entry with days meets by name only those without: a range of the index, however many have days.
    let mut stmt = conn.prepare_cached(if r.window.is_some() {
        "SELECT entry_id FROM link_names WHERE block = ?1 AND kind = ?2 AND value = ?3 AND dated = 0"
    } else {
        "SELECT entry_id FROM link_names WHERE block = ?1 AND kind = ?2 AND value = ?3"
    })?;
    let sketch = r.sketch.iter().map(|&h| (SKETCH_KIND, u64::from(h)));
    for (kind, value) in r.names.iter().copied().chain(sketch) {
        let rows = stmt.query_map(params![r.block, kind, signed(value)], |row| row.get(0))?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// What the candidate search asks of a block, asked once: its longest window of days, and whether it holds
/// an entry without any day (most blocks do not, and then an entry with days meets no one by name).
#[derive(Default)]
struct BlockFacts {
    longest: HashMap<String, i64>,
    undated: HashMap<String, bool>,
}

impl BlockFacts {
    fn longest(&mut self, conn: &Connection, block: &str) -> Result<i64, Error> {
        if let Some(&s) = self.longest.get(block) {
            return Ok(s);
        }
        let s: i64 = conn
            // The last of the block's range of the span index: one step, however large the block.
            .prepare_cached(
                "SELECT coalesce((SELECT span FROM link_reach WHERE block = ?1 AND span IS NOT NULL
                                  ORDER BY span DESC LIMIT 1), 0)",
            )?
            .query_row([block], |row| row.get(0))?;
        self.longest.insert(block.to_string(), s);
        Ok(s)
    }

    fn has_undated(&mut self, conn: &Connection, block: &str) -> Result<bool, Error> {
        if let Some(&u) = self.undated.get(block) {
            return Ok(u);
        }
        let u: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM link_reach WHERE block = ?1 AND start IS NULL)")?
            .query_row([block], |row| row.get(0))?;
        self.undated.insert(block.to_string(), u);
        Ok(u)
    }
}

/// The events equal to this one in every field the decision reads (and hash collisions).
fn copies_of(conn: &Connection, r: &Reach) -> Result<Vec<i64>, Error> {
    let mut stmt = conn.prepare_cached("SELECT entry_id FROM link_reach WHERE block = ?1 AND copy = ?2")?;
    let rows = stmt.query_map(params![r.block, signed(r.copy)], |row| row.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Ids as a JSON array: one bound parameter for `json_each`, however many.
fn ids_json(ids: impl Iterator<Item = i64>) -> String {
    let ids: Vec<i64> = ids.collect();
    serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into())
}

/// The incidents these entries are in.
fn incidents_of(conn: &Connection, entries: &[i64]) -> Result<Vec<i64>, Error> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT incident_id FROM incident_entries WHERE entry_id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt.query_map([ids_json(entries.iter().copied())], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The members of these incidents: (entry, incident).
fn members_of(conn: &Connection, incidents: &[i64]) -> Result<Vec<(i64, i64)>, Error> {
    if incidents.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT entry_id, incident_id FROM incident_entries WHERE incident_id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt.query_map([ids_json(incidents.iter().copied())], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The entries an incremental link has read, as stored and as the linker sees them.
#[derive(Default)]
struct Loaded {
    entries: BTreeMap<i64, (StoredEntry, LinkEntry)>,
    /// Those of them that are current.
    current: HashSet<i64>,
    /// Current entries per document, for the documents read whole.
    by_document: HashMap<i64, Vec<i64>>,
    /// The documents whose current entries are all read.
    whole: HashSet<i64>,
}

impl Loaded {
    fn add(&mut self, stored: Vec<StoredEntry>, current: bool) -> Vec<i64> {
        let mut ids = Vec::with_capacity(stored.len());
        for s in stored {
            ids.push(s.entry_id);
            if current {
                self.current.insert(s.entry_id);
            }
            if let std::collections::btree_map::Entry::Vacant(slot) = self.entries.entry(s.entry_id) {
                let e = link_entry(&s);
                slot.insert((s, e));
            }
        }
        ids
    }

    /// Reads every current entry of these documents.
    fn documents(&mut self, store: &SqliteStore, documents: impl Iterator<Item = i64>) -> Result<(), Error> {
        let wanted: Vec<i64> = documents.filter(|d| !self.whole.contains(d)).collect();
        for chunk in wanted.chunks(500) {
            let stored = store.entries_where(
                "e.current = 1 AND e.document_id IN (SELECT value FROM json_each(?1))",
                &[SqlValue::Text(ids_json(chunk.iter().copied()))],
            )?;
            for &d in chunk {
                self.whole.insert(d);
                self.by_document.entry(d).or_default();
            }
            for s in &stored {
                self.by_document.entry(s.document_id).or_default().push(s.entry_id);
            }
            self.add(stored, true);
        }
        Ok(())
    }

    /// Reads these entries: the current ones only, or any.
    fn ids(&mut self, store: &SqliteStore, ids: &[i64], current: bool) -> Result<(), Error> {
        let wanted: Vec<i64> = ids.iter().copied().filter(|id| !self.entries.contains_key(id)).collect();
        let condition = if current {
            "e.current = 1 AND e.id IN (SELECT value FROM json_each(?1))"
        } else {
            "e.id IN (SELECT value FROM json_each(?1))"
        };
        for chunk in wanted.chunks(500) {
            let stored = store.entries_where(condition, &[SqlValue::Text(ids_json(chunk.iter().copied()))])?;
            self.add(stored, current);
        }
        Ok(())
    }

    /// Reads the current entries of a block; returns its events.
    fn block(
        &mut self,
        store: &SqliteStore,
        key: &str,
        provinces: &mut Option<HashMap<String, Vec<String>>>,
    ) -> Result<Vec<i64>, Error> {
        let ids = match key.strip_prefix("\0doc").map(str::parse::<i64>) {
            Some(Ok(document)) => {
                self.documents(store, std::iter::once(document))?;
                self.by_document.get(&document).cloned().unwrap_or_default()
            }
            Some(Err(_)) => Vec::new(),
            None => {
                if provinces.is_none() {
                    *provinces = Some(province_spellings(&store.conn)?);
                }
                let mut ids = Vec::new();
                for spelling in provinces.as_ref().and_then(|p| p.get(key)).into_iter().flatten() {
                    let stored = store
                        .entries_where("e.current = 1 AND e.province = ?1", &[SqlValue::Text(spelling.clone())])?;
                    ids.extend(self.add(stored, true));
                }
                ids
            }
        };
        Ok(ids
            .into_iter()
            .filter(|id| self.entries.get(id).is_some_and(|(_, e)| e.kind == EntryKind::Event && block(e) == key))
            .collect())
    }
}

/// The provinces of the current entries as stored, per block (the normalised province).
fn province_spellings(conn: &Connection) -> Result<HashMap<String, Vec<String>>, Error> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT province FROM entries WHERE current = 1 AND province IS NOT NULL")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for row in rows {
        let spelling = row?;
        let key = sitrep_reconcile::norm(&spelling);
        if !key.is_empty() {
            out.entry(key).or_default().push(spelling);
        }
    }
    Ok(out)
}

/// What an incident's sources disagree on, as stored: a JSON array of fields with each entry's value.
pub(crate) fn disagreements_json(members: &[&LinkEntry]) -> String {
    let d: Vec<Value> = disagreements(members)
        .into_iter()
        .map(|d| {
            let values: Vec<Value> =
                d.values.iter().map(|(id, c, v)| json!({"entry_id": id, "claimant": c, "value": v})).collect();
            json!({"field": d.field, "values": values})
        })
        .collect();
    Value::Array(d).to_string()
}

/// Writes a linking's incidents (with their members and disagreements) and links, and collects the
/// incidents' facts for the buckets.
fn write_linking(
    conn: &Connection,
    entries: &[LinkEntry],
    linking: &Linking,
    all_facts: &mut Vec<(Basis, IncidentFacts)>,
) -> Result<(), Error> {
    let index: HashMap<i64, usize> = entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let tx = conn;
    {
        let mut insert_incident =
            tx.prepare("INSERT INTO incidents (id, entries, disagreements) VALUES (?1, ?2, ?3)")?;
        let mut insert_member = tx.prepare("INSERT INTO incident_entries (entry_id, incident_id) VALUES (?1, ?2)")?;
        for incident in &linking.incidents {
            let members: Vec<&LinkEntry> =
                incident.entries.iter().filter_map(|id| index.get(id).map(|&i| &entries[i])).collect();
            insert_incident.execute(params![
                incident.id,
                incident.entries.len() as i64,
                disagreements_json(&members)
            ])?;
            for id in &incident.entries {
                insert_member.execute(params![id, incident.id])?;
            }
            for basis in [Basis::Claimed, Basis::Corroborated] {
                if let Some(f) = facts(incident.id, &members, basis) {
                    all_facts.push((basis, f));
                }
            }
        }
        let mut insert_link =
            tx.prepare("INSERT INTO links (a, b, kind, score, reason, features) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for l in &linking.links {
            insert_link.execute(params![
                l.a,
                l.b,
                l.kind.as_str(),
                l.decision.map(|d| f64::from(d.score)),
                l.decision.map(|d| d.reason),
                l.features.as_ref().map(|f| features_json(f).to_string()),
            ])?;
        }
    }
    Ok(())
}

impl SqliteStore {
    /// Replaces the tally buckets with these incidents' facts (what a relink writes; also how a test builds a
    /// large tally without extracting documents).
    pub fn store_incident_facts(&mut self, facts: &[(Basis, IncidentFacts)]) -> Result<(), Error> {
        let tx = self.conn.transaction()?;
        write_buckets(&tx, facts)?;
        tx.commit()?;
        Ok(())
    }

    /// Incidents with their event entries, in id order (relinking first when the store changed).
    pub(crate) fn incidents(&mut self, only: Option<i64>) -> Result<Vec<StoredIncident>, Error> {
        self.ensure_linked()?;
        self.linked_incidents(only)
    }

    /// Incidents as last linked, never relinking: entries stored since are in none (see
    /// [`SqliteStore::link_state`]). What a server reads while a relink runs elsewhere.
    pub(crate) fn linked_incidents(&mut self, only: Option<i64>) -> Result<Vec<StoredIncident>, Error> {
        let members: HashMap<i64, i64> = {
            let mut stmt = self.conn.prepare("SELECT entry_id, incident_id FROM incident_entries")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut disagreements: BTreeMap<i64, Value> = BTreeMap::new();
        {
            let mut stmt = self.conn.prepare("SELECT id, disagreements FROM incidents")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, d) = row?;
                if !matches!(only, Some(o) if o != id) {
                    disagreements.insert(id, serde_json::from_str(&d).unwrap_or(Value::Array(Vec::new())));
                }
            }
        }
        let mut grouped: BTreeMap<i64, Vec<StoredEntry>> = BTreeMap::new();
        for e in self.events(&EventQuery { kind: Some("event".into()), ..EventQuery::default() })? {
            if let Some(&incident) = members.get(&e.entry_id) {
                if !matches!(only, Some(o) if o != incident) {
                    grouped.entry(incident).or_default().push(e);
                }
            }
        }
        Ok(grouped
            .into_iter()
            .map(|(id, mut entries)| {
                entries.sort_by_key(|e| e.entry_id);
                let disagreements = disagreements.remove(&id).unwrap_or(Value::Array(Vec::new()));
                StoredIncident { id, entries, disagreements }
            })
            .collect())
    }

    /// The incident of an entry.
    pub(crate) fn incident_of(&mut self, entry_id: i64) -> Result<Option<i64>, Error> {
        self.ensure_linked()?;
        Ok(self
            .conn
            .query_row("SELECT incident_id FROM incident_entries WHERE entry_id = ?1", [entry_id], |r| r.get(0))
            .optional()?)
    }

    /// Links touching the entries of an incident, and of summaries and aggregates pointing at them.
    pub(crate) fn incident_links(&mut self, incident: i64) -> Result<Vec<StoredLink>, Error> {
        self.ensure_linked()?;
        let mut stmt = self.conn.prepare(
            "SELECT l.a, l.b, l.kind, l.score, l.reason, l.features FROM links l
             WHERE l.a IN (SELECT entry_id FROM incident_entries WHERE incident_id = ?1)
                OR l.b IN (SELECT entry_id FROM incident_entries WHERE incident_id = ?1)
             ORDER BY l.a, l.b",
        )?;
        let rows = stmt.query_map([incident], |r| {
            Ok(StoredLink {
                a: r.get(0)?,
                b: r.get(1)?,
                kind: r.get(2)?,
                score: r.get(3)?,
                reason: r.get(4)?,
                features: r.get::<_, Option<String>>(5)?.and_then(|f| serde_json::from_str(&f).ok()),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn anchor(&self, entry_id: i64) -> Result<Option<(i64, i64, i64)>, Error> {
        Ok(self
            .conn
            .query_row(
                "SELECT document_id, evidence_start, evidence_end FROM entries WHERE id = ?1 AND current = 1",
                [entry_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    /// Makes a current entry an incident of its own; the decision is kept and applied after every relink
    /// and re-extraction. `false` when there is no such current entry.
    pub(crate) fn split(&mut self, entry_id: i64) -> Result<bool, Error> {
        let Some((d, s, e)) = self.anchor(entry_id)? else { return Ok(false) };
        self.conn.execute(
            "INSERT INTO manual_decisions (action, a_document, a_start, a_end, created_at)
             VALUES ('split', ?1, ?2, ?3, strftime('%s', 'now'))",
            params![d, s, e],
        )?;
        self.relink(&Config::default())?;
        Ok(true)
    }

    /// Merges two incidents (by incident id, or any entry id of theirs). `false` when either is unknown.
    pub(crate) fn merge(&mut self, a: i64, b: i64) -> Result<bool, Error> {
        self.ensure_linked()?;
        let representative = |store: &SqliteStore, id: i64| -> Result<Option<i64>, Error> {
            Ok(store
                .conn
                .query_row(
                    "SELECT min(entry_id) FROM incident_entries
                     WHERE incident_id = ?1 OR incident_id = (SELECT incident_id FROM incident_entries WHERE entry_id = ?1)",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .flatten())
        };
        let (Some(ea), Some(eb)) = (representative(self, a)?, representative(self, b)?) else { return Ok(false) };
        let (Some(x), Some(y)) = (self.anchor(ea)?, self.anchor(eb)?) else { return Ok(false) };
        self.conn.execute(
            "INSERT INTO manual_decisions (action, a_document, a_start, a_end, b_document, b_start, b_end, created_at)
             VALUES ('merge', ?1, ?2, ?3, ?4, ?5, ?6, strftime('%s', 'now'))",
            params![x.0, x.1, x.2, y.0, y.1, y.2],
        )?;
        self.relink(&Config::default())?;
        Ok(true)
    }

    /// One row per group of incidents as last linked (it never relinks: call [`SqliteStore::ensure_linked`]
    /// first for a tally up to date, or read [`SqliteStore::link_state`]).
    pub(crate) fn tally_incidents(&mut self, q: &TallyQuery) -> Result<Vec<IncidentTally>, Error> {
        let mut filter = String::from(" FROM tally_buckets WHERE basis = ?1 AND dim = ?2");
        let mut values: Vec<String> = vec![q.basis.as_str().into(), q.by.as_str().into()];
        if let Some(s) = &q.since {
            values.push(s.clone());
            filter.push_str(&format!(" AND day <> '' AND day >= ?{}", values.len()));
        }
        if let Some(u) = &q.until {
            values.push(u.clone());
            filter.push_str(&format!(" AND day <> '' AND day <= ?{}", values.len()));
        }
        if let Some(p) = &q.province {
            values.push(p.clone());
            filter.push_str(&format!(" AND province = ?{}", values.len()));
        }
        let mut groups: BTreeMap<Option<String>, (IncidentTally, u64)> = BTreeMap::new();
        {
            // A high is summed only where every incident's is known.
            let sums: Vec<String> = ["killed", "wounded", "captured"]
                .iter()
                .map(|f| format!("sum({f}_low), sum({f}_best), CASE WHEN sum({f}_unknown) = 0 THEN sum({f}_high) END"))
                .collect();
            let sql = format!("SELECT key, sum(incidents), {} {filter} GROUP BY key", sums.join(", "));
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
            while let Some(r) = rows.next()? {
                let key: Option<String> = r.get(0)?;
                let sum = |at: usize| -> rusqlite::Result<FigureSum> {
                    Ok(FigureSum { low: r.get(at)?, best: r.get(at + 1)?, high: r.get(at + 2)? })
                };
                let t = IncidentTally {
                    key: key.clone(),
                    incidents: r.get(1)?,
                    killed: sum(2)?,
                    wounded: sum(5)?,
                    captured: sum(8)?,
                    provinces: 0,
                };
                groups.insert(key, (t, 0));
            }
        }
        {
            // Distinct province sets per key: few, however many days.
            let sql = format!("SELECT DISTINCT key, provinces {filter}");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
            while let Some(r) = rows.next()? {
                let key: Option<String> = r.get(0)?;
                if let Some((_, mask)) = groups.get_mut(&key) {
                    *mask |= r.get::<_, i64>(1)? as u64;
                }
            }
        }
        let mut out: Vec<IncidentTally> = groups
            .into_values()
            .map(|(mut t, mask)| {
                t.provinces = i64::from(mask.count_ones());
                t
            })
            .collect();
        out.sort_by(|a, b| b.incidents.cmp(&a.incidents).then_with(|| a.key.cmp(&b.key)));
        Ok(out)
    }
}

/// A bucket's sums: its incidents, and per figure (killed, wounded, captured) the sums of the low and best
/// figures, of the known high ones, and how many incidents' high is unknown. Sums of incidents, so that
/// removing an incident's facts undoes adding them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct BucketSums {
    pub(crate) incidents: i64,
    pub(crate) figures: [[i64; 4]; 3],
}

impl BucketSums {
    fn add(&mut self, f: &IncidentFacts, sign: i64) {
        self.incidents += sign;
        for (sum, figure) in self.figures.iter_mut().zip([f.killed, f.wounded, f.captured]) {
            // An incident without the figure adds nothing, and leaves the high known.
            let Some(f) = figure.filter(|f| f.low.or(f.best).or(f.high).is_some()) else { continue };
            sum[0] += sign * i64::from(f.low.or(f.best).unwrap_or(0));
            sum[1] += sign * i64::from(f.best.or(f.low).unwrap_or(0));
            sum[2] += sign * i64::from(f.high.unwrap_or(0));
            sum[3] += sign * i64::from(f.high.is_none());
        }
    }
}

/// A bucket: basis, dimension, key, day ('' when undated), province.
pub(crate) type BucketKey = (Basis, TallyDimension, Option<String>, String, Option<String>);

/// The buckets of these incidents' facts, each added `sign` times.
pub(crate) fn bucket_sums(facts: &[(Basis, IncidentFacts)], sign: i64, buckets: &mut HashMap<BucketKey, BucketSums>) {
    for (basis, f) in facts {
        let day = day_text(f.day);
        for dim in TallyDimension::ALL {
            buckets.entry((*basis, dim, dim.key(f), day.clone(), f.province.clone())).or_default().add(f, sign);
        }
    }
}

/// The bit of each province in `tally_provinces` (63 stands for the 64th and later), numbering new ones.
struct ProvinceBits(HashMap<String, u32>);

impl ProvinceBits {
    fn read(conn: &Connection) -> Result<ProvinceBits, Error> {
        let mut bits = HashMap::new();
        let mut stmt = conn.prepare_cached("SELECT id, name FROM tally_provinces")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, name) = row?;
            bits.insert(name, id.clamp(0, 63) as u32);
        }
        Ok(ProvinceBits(bits))
    }

    /// The mask of a bucket's province.
    fn mask(&mut self, conn: &Connection, province: &Option<String>) -> Result<u64, Error> {
        let Some(p) = province else { return Ok(0) };
        if let Some(&bit) = self.0.get(p) {
            return Ok(1u64 << bit);
        }
        let next = self.0.len() as u32;
        conn.prepare_cached("INSERT INTO tally_provinces (id, name) VALUES (?1, ?2)")?
            .execute(params![i64::from(next), p])?;
        self.0.insert(p.clone(), next.min(63));
        Ok(1u64 << next.min(63))
    }
}

const INSERT_BUCKET: &str = "INSERT INTO tally_buckets (basis, dim, key, day, incidents,
        killed_low, killed_best, killed_high, killed_unknown, wounded_low, wounded_best, wounded_high, wounded_unknown,
        captured_low, captured_best, captured_high, captured_unknown, provinces, province)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

fn bucket_params(key: &BucketKey, sums: &BucketSums, mask: u64) -> Vec<SqlValue> {
    let (basis, dim, k, day, province) = key;
    let text = |t: &Option<String>| t.clone().map_or(SqlValue::Null, SqlValue::Text);
    let mut values = vec![
        SqlValue::Text(basis.as_str().into()),
        SqlValue::Text(dim.as_str().into()),
        text(k),
        SqlValue::Text(day.clone()),
        SqlValue::Integer(sums.incidents),
    ];
    values.extend(sums.figures.iter().flatten().map(|&v| SqlValue::Integer(v)));
    values.push(SqlValue::Integer(mask as i64));
    values.push(text(province));
    values
}

/// Rewrites the tally buckets: per basis, dimension, key, day and province, the sums of its incidents and the
/// set of their provinces as a bit mask (bit = the province's number in `tally_provinces`).
fn write_buckets(conn: &Connection, facts: &[(Basis, IncidentFacts)]) -> Result<(), Error> {
    conn.execute_batch("DELETE FROM tally_buckets;")?;
    let mut bits = ProvinceBits::read(conn)?;
    let mut buckets = HashMap::new();
    bucket_sums(facts, 1, &mut buckets);
    let mut insert = conn.prepare_cached(INSERT_BUCKET)?;
    for (key, sums) in &buckets {
        let mask = bits.mask(conn, &key.4)?;
        insert.execute(rusqlite::params_from_iter(bucket_params(key, sums, mask)))?;
    }
    Ok(())
}

/// Updates the tally buckets by the incidents replaced (`old`) and those replacing them (`new`): the
/// buckets a recount would write, touching only theirs.
fn update_buckets(
    conn: &Connection,
    old: &[(Basis, IncidentFacts)],
    new: &[(Basis, IncidentFacts)],
) -> Result<(), Error> {
    let mut buckets = HashMap::new();
    bucket_sums(old, -1, &mut buckets);
    bucket_sums(new, 1, &mut buckets);
    let mut bits = ProvinceBits::read(conn)?;
    let cell = "basis = ?1 AND dim = ?2 AND key IS ?3 AND day = ?4 AND province IS ?5";
    let mut update = conn.prepare_cached(&format!(
        "UPDATE tally_buckets SET incidents = incidents + ?6,
            killed_low = killed_low + ?7, killed_best = killed_best + ?8, killed_high = killed_high + ?9,
            killed_unknown = killed_unknown + ?10, wounded_low = wounded_low + ?11, wounded_best = wounded_best + ?12,
            wounded_high = wounded_high + ?13, wounded_unknown = wounded_unknown + ?14,
            captured_low = captured_low + ?15, captured_best = captured_best + ?16,
            captured_high = captured_high + ?17, captured_unknown = captured_unknown + ?18
         WHERE {cell}"
    ))?;
    let mut insert = conn.prepare_cached(INSERT_BUCKET)?;
    let mut empty = conn.prepare_cached(&format!("DELETE FROM tally_buckets WHERE {cell} AND incidents = 0"))?;
    for (key, sums) in &buckets {
        if *sums == BucketSums::default() {
            continue;
        }
        let mask = bits.mask(conn, &key.4)?;
        let values = bucket_params(key, sums, mask);
        // The cell's five columns, then the sums: the update's parameters in its order.
        let mut update_values: Vec<SqlValue> = values[..4].to_vec();
        update_values.push(values[18].clone());
        update_values.extend(values[4..17].iter().cloned());
        if update.execute(rusqlite::params_from_iter(update_values))? == 0 {
            insert.execute(rusqlite::params_from_iter(values))?;
        } else if sums.incidents < 0 {
            let cell_values: Vec<SqlValue> = values[..4].iter().cloned().chain([values[18].clone()]).collect();
            empty.execute(rusqlite::params_from_iter(cell_values))?;
        }
    }
    Ok(())
}

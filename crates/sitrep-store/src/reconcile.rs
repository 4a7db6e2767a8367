//! Incidents in SQLite: the current entries linked by `sitrep-reconcile`, the links with their features, the
//! user's split/merge decisions (anchored to document and evidence so they survive re-extraction), and the
//! tally buckets (one row per basis, dimension, key and day) that make a tally over millions of incidents a
//! scan of a few thousand rows.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, OptionalExtension};
use serde_json::{json, Value};
use sitrep_extract::{Count, Date, Kind};
use sitrep_reconcile::{
    disagreements, facts, link, shingles, Basis, Config, DayRange, EntryKind, Figure, IncidentFacts, LinkEntry,
    ManualDecision,
};
use sitrep_text::{fnv1a, FNV_OFFSET};

use crate::storage::{EventQuery, Storage, StoredEntry};
use crate::{Error, SqliteStore};

/// What a tally groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TallyDimension {
    Claimant,
    Perpetrator,
    Target,
    Province,
    District,
    Week,
    Month,
}

impl TallyDimension {
    pub const ALL: [TallyDimension; 7] = [
        TallyDimension::Claimant,
        TallyDimension::Perpetrator,
        TallyDimension::Target,
        TallyDimension::Province,
        TallyDimension::District,
        TallyDimension::Week,
        TallyDimension::Month,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TallyDimension::Claimant => "claimant",
            TallyDimension::Perpetrator => "perpetrator",
            TallyDimension::Target => "target",
            TallyDimension::Province => "province",
            TallyDimension::District => "district",
            TallyDimension::Week => "week",
            TallyDimension::Month => "month",
        }
    }

    /// The key of an incident: the actor or place, the Monday of its week, `YYYY-MM`.
    fn key(self, f: &IncidentFacts) -> Option<String> {
        let date = || f.day.and_then(Date::from_days);
        match self {
            TallyDimension::Claimant => f.claimant.clone(),
            TallyDimension::Perpetrator => f.perpetrator.clone(),
            TallyDimension::Target => f.target.clone(),
            TallyDimension::Province => f.province.clone(),
            TallyDimension::District => f.district.clone(),
            TallyDimension::Week => {
                let d = date()?;
                d.add_days(-i64::from(d.weekday())).map(|m| m.to_string())
            }
            TallyDimension::Month => date().map(|d| format!("{:04}-{:02}", d.year(), d.month())),
        }
    }
}

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
    pub entries: u64,
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

fn features_json(f: &sitrep_reconcile::Features) -> Value {
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

fn day_text(day: Option<i64>) -> String {
    day.and_then(Date::from_days).map(|d| d.to_string()).unwrap_or_default()
}

impl SqliteStore {
    /// Current entries of every kind, as the linker sees them.
    pub fn link_entries(&mut self) -> Result<(Vec<StoredEntry>, Vec<LinkEntry>), Error> {
        let stored = self.events(&EventQuery::default())?;
        let entries = stored.iter().map(link_entry).collect();
        Ok((stored, entries))
    }

    /// The user's decisions, resolved to current entries: each anchor is the current entry of its document
    /// whose evidence overlaps the recorded evidence most (at least 20% of the longer span).
    fn resolved_decisions(&mut self, stored: &[StoredEntry]) -> Result<Vec<ManualDecision>, Error> {
        let mut by_document: HashMap<i64, Vec<&StoredEntry>> = HashMap::new();
        for e in stored {
            by_document.entry(e.document_id).or_default().push(e);
        }
        let resolve = |doc: i64, start: i64, end: i64| -> Option<i64> {
            let mut best: Option<(f64, i64)> = None;
            for e in by_document.get(&doc)? {
                let (s, t) = (e.entry.evidence.start as i64, e.entry.evidence.end as i64);
                let overlap = (t.min(end) - s.max(start)).max(0) as f64 / (t - s).max(end - start).max(1) as f64;
                if overlap >= 0.2 && !matches!(best, Some((o, _)) if o >= overlap) {
                    best = Some((overlap, e.entry_id));
                }
            }
            best.map(|(_, id)| id)
        };
        let mut stmt = self.connection().prepare(
            "SELECT action, a_document, a_start, a_end, b_document, b_start, b_end FROM manual_decisions ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?),
                (r.get::<_, Option<i64>>(4)?, r.get::<_, Option<i64>>(5)?, r.get::<_, Option<i64>>(6)?),
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (action, (ad, as_, ae), (bd, bs, be)) = row?;
            let Some(a) = resolve(ad, as_, ae) else { continue };
            match (action.as_str(), bd, bs, be) {
                ("split", ..) => out.push(ManualDecision::Split(a)),
                ("merge", Some(bd), Some(bs), Some(be)) => {
                    if let Some(b) = resolve(bd, bs, be) {
                        out.push(ManualDecision::Merge(a, b));
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }

    fn state(&self) -> Result<(i64, i64), Error> {
        Ok(self.connection().query_row(
            "SELECT coalesce((SELECT max(id) FROM entries), 0), coalesce((SELECT max(id) FROM manual_decisions), 0)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// How far the incidents lag behind the stored entries: cheap (two index lookups and a count of the
    /// entries stored since the last relink), so a server can say so in every answer instead of relinking.
    pub fn link_state(&self) -> Result<LinkState, Error> {
        let linked: Option<(i64, i64)> = self
            .connection()
            .query_row("SELECT entries_max, decisions_max FROM reconcile_state WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let now = self.state()?;
        let stale = match linked {
            Some(l) => l != now,
            None => now != (0, 0),
        };
        let linked = linked.unwrap_or((0, 0));
        let since = linked.0;
        let unlinked_entries = if stale {
            self.connection()
                .prepare_cached("SELECT count(*) FROM entries WHERE id > ?1 AND current = 1")?
                .query_row([since], |r| r.get(0))?
        } else {
            0
        };
        Ok(LinkState { stale, unlinked_entries, linked })
    }

    /// Whether entries or decisions changed since the last relink.
    pub fn needs_relink(&self) -> Result<bool, Error> {
        let now = self.state()?;
        let linked: Option<(i64, i64)> = self
            .connection()
            .query_row("SELECT entries_max, decisions_max FROM reconcile_state WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        Ok(match linked {
            Some(l) => l != now,
            None => now != (0, 0),
        })
    }

    /// Relinks when entries or decisions changed since the last relink.
    pub fn ensure_linked(&mut self) -> Result<Option<RelinkSummary>, Error> {
        if self.needs_relink()? {
            return self.relink(&Config::default()).map(Some);
        }
        Ok(None)
    }

    /// Links every current entry again and rewrites incidents, links and tally buckets in one transaction.
    pub fn relink(&mut self, config: &Config) -> Result<RelinkSummary, Error> {
        let state = self.state()?;
        let (stored, entries) = self.link_entries()?;
        let decisions = self.resolved_decisions(&stored)?;
        let linking = link(&entries, &decisions, config);
        let index: HashMap<i64, usize> = entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        let mut all_facts: Vec<(Basis, IncidentFacts)> = Vec::new();
        let tx = self.connection_mut().transaction()?;
        tx.execute_batch("DELETE FROM incidents; DELETE FROM incident_entries; DELETE FROM links;")?;
        {
            let mut insert_incident =
                tx.prepare("INSERT INTO incidents (id, entries, disagreements) VALUES (?1, ?2, ?3)")?;
            let mut insert_member =
                tx.prepare("INSERT INTO incident_entries (entry_id, incident_id) VALUES (?1, ?2)")?;
            for incident in &linking.incidents {
                let members: Vec<&LinkEntry> =
                    incident.entries.iter().filter_map(|id| index.get(id).map(|&i| &entries[i])).collect();
                let d: Vec<Value> = disagreements(&members)
                    .into_iter()
                    .map(|d| {
                        json!({"field": d.field, "values": d.values.iter().map(|(id, c, v)| json!({"entry_id": id, "claimant": c, "value": v})).collect::<Vec<_>>()})
                    })
                    .collect();
                insert_incident.execute(params![
                    incident.id,
                    incident.entries.len() as i64,
                    Value::Array(d).to_string()
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
        write_buckets(&tx, &all_facts)?;
        tx.execute(
            "INSERT INTO reconcile_state (id, entries_max, decisions_max) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET entries_max = ?1, decisions_max = ?2",
            params![state.0, state.1],
        )?;
        tx.commit()?;
        Ok(RelinkSummary {
            entries: entries.len() as u64,
            incidents: linking.incidents.len() as u64,
            links: linking.links.len() as u64,
            compared: linking.compared,
        })
    }

    /// Replaces the tally buckets with these incidents' facts (what a relink writes; also how a test builds a
    /// large tally without extracting documents).
    pub fn store_incident_facts(&mut self, facts: &[(Basis, IncidentFacts)]) -> Result<(), Error> {
        let tx = self.connection_mut().transaction()?;
        write_buckets(&tx, facts)?;
        tx.commit()?;
        Ok(())
    }

    /// Incidents with their event entries, in id order (relinking first when the store changed).
    pub fn incidents(&mut self, only: Option<i64>) -> Result<Vec<StoredIncident>, Error> {
        self.ensure_linked()?;
        self.linked_incidents(only)
    }

    /// Incidents as last linked, never relinking: entries stored since are in none (see
    /// [`SqliteStore::link_state`]). What a server reads while a relink runs elsewhere.
    pub fn linked_incidents(&mut self, only: Option<i64>) -> Result<Vec<StoredIncident>, Error> {
        let members: HashMap<i64, i64> = {
            let mut stmt = self.connection().prepare("SELECT entry_id, incident_id FROM incident_entries")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut disagreements: BTreeMap<i64, Value> = BTreeMap::new();
        {
            let mut stmt = self.connection().prepare("SELECT id, disagreements FROM incidents")?;
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
    pub fn incident_of(&mut self, entry_id: i64) -> Result<Option<i64>, Error> {
        self.ensure_linked()?;
        Ok(self
            .connection()
            .query_row("SELECT incident_id FROM incident_entries WHERE entry_id = ?1", [entry_id], |r| r.get(0))
            .optional()?)
    }

    /// Links touching the entries of an incident, and of summaries and aggregates pointing at them.
    pub fn incident_links(&mut self, incident: i64) -> Result<Vec<StoredLink>, Error> {
        self.ensure_linked()?;
        let mut stmt = self.connection().prepare(
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
            .connection()
            .query_row(
                "SELECT document_id, evidence_start, evidence_end FROM entries WHERE id = ?1 AND current = 1",
                [entry_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    /// Makes a current entry an incident of its own; the decision is kept and applied after every relink
    /// and re-extraction. `false` when there is no such current entry.
    pub fn split(&mut self, entry_id: i64) -> Result<bool, Error> {
        let Some((d, s, e)) = self.anchor(entry_id)? else { return Ok(false) };
        self.connection().execute(
            "INSERT INTO manual_decisions (action, a_document, a_start, a_end, created_at)
             VALUES ('split', ?1, ?2, ?3, strftime('%s', 'now'))",
            params![d, s, e],
        )?;
        self.relink(&Config::default())?;
        Ok(true)
    }

    /// Merges two incidents (by incident id, or any entry id of theirs). `false` when either is unknown.
    pub fn merge(&mut self, a: i64, b: i64) -> Result<bool, Error> {
        self.ensure_linked()?;
        let representative = |store: &SqliteStore, id: i64| -> Result<Option<i64>, Error> {
            Ok(store
                .connection()
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
        self.connection().execute(
            "INSERT INTO manual_decisions (action, a_document, a_start, a_end, b_document, b_start, b_end, created_at)
             VALUES ('merge', ?1, ?2, ?3, ?4, ?5, ?6, strftime('%s', 'now'))",
            params![x.0, x.1, x.2, y.0, y.1, y.2],
        )?;
        self.relink(&Config::default())?;
        Ok(true)
    }

    /// One row per group of incidents as last linked (it never relinks: call [`SqliteStore::ensure_linked`]
    /// first for a tally up to date, or read [`SqliteStore::link_state`]).
    pub fn tally_incidents(&mut self, q: &TallyQuery) -> Result<Vec<IncidentTally>, Error> {
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
                .map(|f| {
                    format!("sum({f}_low), sum({f}_best), CASE WHEN count({f}_high) = count(*) THEN sum({f}_high) END")
                })
                .collect();
            let sql = format!("SELECT key, sum(incidents), {} {filter} GROUP BY key", sums.join(", "));
            let mut stmt = self.connection().prepare_cached(&sql)?;
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
            let mut stmt = self.connection().prepare_cached(&sql)?;
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

/// Rewrites the tally buckets: per basis, dimension, key and day, the sums of its incidents and the set of
/// their provinces as a bit mask (bit = the province's number in `tally_provinces`; 63 stands for the
/// 64th and later).
fn write_buckets(tx: &rusqlite::Transaction<'_>, facts: &[(Basis, IncidentFacts)]) -> Result<(), Error> {
    tx.execute_batch("DELETE FROM tally_buckets;")?;
    let mut province_bit: HashMap<String, u32> = HashMap::new();
    {
        let mut stmt = tx.prepare("SELECT id, name FROM tally_provinces")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, name) = row?;
            province_bit.insert(name, id.clamp(0, 63) as u32);
        }
    }
    // Incidents, their killed, wounded and captured, and the provinces' bits.
    type Sums = (i64, [FigureSum; 3], u64);
    type Key = (Basis, TallyDimension, Option<String>, String, Option<String>);
    let mut buckets: HashMap<Key, Sums> = HashMap::new();
    let mut insert_province = tx.prepare("INSERT INTO tally_provinces (id, name) VALUES (?1, ?2)")?;
    for (basis, f) in facts {
        let mask = match &f.province {
            None => 0,
            Some(p) => {
                let next = province_bit.len() as u32;
                let bit = match province_bit.get(p) {
                    Some(&b) => b,
                    None => {
                        insert_province.execute(params![i64::from(next), p])?;
                        province_bit.insert(p.clone(), next.min(63));
                        next.min(63)
                    }
                };
                1u64 << bit
            }
        };
        let day = day_text(f.day);
        for dim in TallyDimension::ALL {
            let key = (*basis, dim, dim.key(f), day.clone(), f.province.clone());
            let b = buckets.entry(key).or_default();
            b.0 += 1;
            for (sum, figure) in b.1.iter_mut().zip([f.killed, f.wounded, f.captured]) {
                sum.add(figure);
            }
            b.2 |= mask;
        }
    }
    let mut insert = tx.prepare(
        "INSERT INTO tally_buckets (basis, dim, key, day, incidents, killed_low, killed_best, killed_high,
            wounded_low, wounded_best, wounded_high, captured_low, captured_best, captured_high, provinces, province)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for ((basis, dim, key, day, province), (n, [k, w, c], mask)) in buckets {
        insert.execute(params![
            basis.as_str(),
            dim.as_str(),
            key,
            day,
            n,
            k.low,
            k.best,
            k.high,
            w.low,
            w.best,
            w.high,
            c.low,
            c.best,
            c.high,
            mask as i64,
            province
        ])?;
    }
    Ok(())
}

//! A generated store of claims bulletins and reports whose true incidents are known, for the linking test
//! (`tests/generated_links.rs`) and its 100,000-entry run (`examples/generated_links.rs`).
//!
//! Incidents happen every day in the districts of the embedded gazetteer; each is told by some of: the
//! group's daily bulletin ("yesterday", or no date at all: the day of the bulletin) and its republications by
//! other outlets; a ministry's daily statement with its own figures, naming the district, only a village in
//! it, only the province, and a day, "last night" or "last week"; a wire story with the officials' account
//! and the group's claim, and its republication with another opening; a Dari or a Pashto outlet's report.
//! Each incident is claimed or told to the day; an account vague in its place (a village the gazetteer
//! cannot place, the province only) is precise in its date; no group attacks twice in one way in one
//! district within four days. Beyond that, no account could be told apart by anyone, so no linker could.
//! Every bulletin item of one group is written from one template, so that items share most of their words.
//! All texts are written for this generator. Entries are built as the extractor would give them (a date read
//! from the text has a `date` span; a date taken from the document has none), and stored through the store
//! API without extraction.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use sitrep_extract::{Count, Date, DateRange, Entry, Extraction, Kind, Language, Location, Precision};
use sitrep_gazetteer::{Gazetteer, Level};
use sitrep_reconcile::Basis;
use sitrep_store::{ContentHash, Prepared, RunInfo, SqliteStore, Storage, TallyDimension, TallyQuery};

/// The generated documents and what is true of them.
pub struct Generated {
    pub documents: Vec<Prepared>,
    /// (document origin, entry id) → its true incident.
    pub truth: HashMap<(String, String), usize>,
    /// Each true incident's day (days since 1970-01-01).
    pub days: Vec<i64>,
}

/// A deterministic stream of pseudo-random numbers (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct District {
    province: String,
    name: String,
    villages: Vec<String>,
}

/// Districts of the embedded gazetteer with up to three of their villages.
fn districts() -> Vec<District> {
    let g = Gazetteer::embedded();
    let mut villages: HashMap<u32, Vec<String>> = HashMap::new();
    for u in g.units().iter().filter(|u| u.level == Level::Village) {
        if let Some(d) = u.district {
            let list = villages.entry(d.0).or_default();
            if list.len() < 3 {
                list.push(u.name.clone());
            }
        }
    }
    g.units()
        .iter()
        .filter(|u| u.level == Level::District)
        .filter_map(|u| {
            let province = g.unit(u.province?).name.clone();
            Some(District { province, name: u.name.clone(), villages: villages.remove(&u.id.0).unwrap_or_default() })
        })
        .collect()
}

/// A group, what it attacks and how, and how its bulletin words an item.
struct Group {
    name: &'static str,
    targets: &'static [&'static str],
    /// (event type, sub-event type, how the bulletin tells it).
    acts: &'static [(&'static str, &'static str, &'static str)],
}

const CLASH: (&str, &str) = ("Battles", "Armed clash");
const MINE: (&str, &str) = ("Explosions/Remote violence", "Remote explosive/landmine/IED");
const SUICIDE: (&str, &str) = ("Explosions/Remote violence", "Suicide bomb");

const GROUPS: &[Group] = &[
    Group {
        name: "Taliban",
        targets: &["Afghan National Army", "Afghan National Police", "Afghan Local Police"],
        acts: &[
            (CLASH.0, CLASH.1, "The mujahideen of the Islamic Emirate stormed the posts of the {target} in {place}, {province}{when}; {killed} of them were killed and their weapons were taken as booty."),
            (MINE.0, MINE.1, "A mine laid by the mujahideen struck a vehicle of the {target} in {place}, {province}{when}, killing {killed} and destroying the vehicle."),
        ],
    },
    Group {
        name: "Islamic State Khorasan",
        targets: &["Taliban"],
        acts: &[
            (SUICIDE.0, SUICIDE.1, "A knight of the caliphate detonated his vest among the militia of the {target} in {place}, {province}{when}, and {killed} of them perished."),
            (MINE.0, MINE.1, "Soldiers of the caliphate blew up an explosive device on a patrol of the {target} in {place}, {province}{when}, leaving {killed} dead."),
        ],
    },
    Group {
        name: "National Resistance Front",
        targets: &["Taliban"],
        acts: &[(CLASH.0, CLASH.1, "Fighters of the resistance ambushed a column of the {target} in {place}, {province}{when}; {killed} enemy fighters fell, the front reports.")],
    },
    Group {
        name: "Afghanistan Freedom Front",
        targets: &["Taliban"],
        acts: &[
            (MINE.0, MINE.1, "Our forces set off a mine under a ranger of the {target} in {place}, {province}{when}, killing {killed} of its occupants."),
            (CLASH.0, CLASH.1, "Our forces raided a checkpoint of the {target} in {place}, {province}{when}; {killed} were killed in the raid."),
        ],
    },
];

/// The ministry that answers for a target, and how its statement names the target.
fn ministry(target: &str) -> (&'static str, &'static str) {
    match target {
        "Afghan National Army" => ("Ministry of Defence", "soldiers"),
        "Afghan National Police" | "Afghan Local Police" => ("Ministry of Interior", "policemen"),
        _ => ("Ministry of Interior", "members of the security forces"),
    }
}

const WEEKDAYS: [&str; 7] = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"];

/// One generated incident.
struct Incident {
    id: usize,
    day: i64,
    group: &'static Group,
    act: usize,
    target: &'static str,
    district: usize,
    village: Option<String>,
    killed: u32,
}

/// One account as stored: the entry and its evidence sentence.
struct Account {
    incident: usize,
    sentence: String,
    /// The part of the sentence that states the date, if it states one.
    date_words: Option<String>,
    entry: Entry,
}

fn day_range(start: i64, end: i64, precision: Precision) -> Option<DateRange> {
    Some(DateRange { start: Date::from_days(start)?, end: Date::from_days(end)?, precision })
}

fn event(claimant: &str, perpetrator: Option<&str>, target: Option<&str>, act: (&str, &str)) -> Entry {
    Entry {
        id: String::new(),
        kind: Kind::Event,
        summarizes: Vec::new(),
        derived_from: Vec::new(),
        claimant: Some(claimant.to_string()),
        spokesperson: None,
        perpetrator: perpetrator.map(str::to_string),
        target: target.map(str::to_string),
        event_type: Some(act.0.to_string()),
        sub_event_type: Some(act.1.to_string()),
        weapon: None,
        location: Location { province: None, district: None, place: None, lat: None, lon: None, geo_precision: None },
        killed: None,
        wounded: None,
        captured: None,
        destroyed: Vec::new(),
        attacks: None,
        provinces: Vec::new(),
        period: None,
        date: None,
        evidence: 0..0,
        spans: BTreeMap::new(),
    }
}

/// A document under construction: its accounts in order.
struct Draft {
    origin: String,
    published: i64,
    language: Language,
    heading: String,
    accounts: Vec<Account>,
    /// How many other outlets republish it whole.
    copies: usize,
}

impl Draft {
    fn new(origin: String, published: i64, language: Language, heading: String) -> Draft {
        Draft { origin, published, language, heading, accounts: Vec::new(), copies: 0 }
    }

    /// The stored document; an account without a date of its own takes the document's, as extraction does.
    fn finish(self, truth: &mut HashMap<(String, String), usize>) -> Prepared {
        let mut text = format!("{}\n\n", self.heading);
        let mut entries = Vec::new();
        for (n, mut a) in self.accounts.into_iter().enumerate() {
            let start = text.len();
            text.push_str(&a.sentence);
            let range: Range<usize> = start..text.len();
            text.push('\n');
            a.entry.id = format!("e{}", n + 1);
            a.entry.evidence = range.clone();
            a.entry.spans.insert("evidence", vec![range]);
            match a.date_words.as_deref().and_then(|w| a.sentence.find(w).map(|at| (at, w.len()))) {
                Some((at, len)) => {
                    a.entry.spans.insert("date", std::iter::once(start + at..start + at + len).collect());
                }
                None => a.entry.date = day_range(self.published, self.published, Precision::Day),
            }
            truth.insert((self.origin.clone(), a.entry.id.clone()), a.incident);
            entries.push(a.entry);
        }
        let published = Date::from_days(self.published).map(|d| d.to_string());
        Prepared {
            hash: ContentHash::of(text.as_bytes()),
            origin: self.origin,
            source: None,
            url: None,
            title: None,
            published,
            date_fallback: None,
            declared_language: None,
            media_type: "text/plain",
            raw: None,
            extraction: Extraction { language: self.language, entries, diagnostics: Vec::new() },
            text,
        }
    }
}

fn place_phrase(i: &Incident, d: &District, village: bool) -> String {
    match (&i.village, village) {
        (Some(v), true) => format!("the village of {v} in {} district", d.name),
        _ => format!("{} district", d.name),
    }
}

fn located(mut e: Entry, d: &District, district: bool, village: Option<&str>) -> Entry {
    e.location = Location {
        province: Some(d.province.clone()),
        district: district.then(|| d.name.clone()),
        place: village.map(str::to_string),
        lat: None,
        lon: None,
        geo_precision: Some(if village.is_some() || district { 2 } else { 3 }),
    };
    e
}

/// Generates about `entries` entries (republished copies included) from `seed`: 40 incidents a day, from
/// 2020-01-01.
pub fn generate(entries: usize, seed: u64) -> Generated {
    let districts = districts();
    let mut rng = Rng(seed);
    let first_day = "2020-01-01".parse::<Date>().map_or(18262, |d| d.days());
    let mut incidents: Vec<Incident> = Vec::new();
    // Documents by (kind, author, publication day), so that one bulletin or statement holds a day's items.
    let mut drafts: BTreeMap<(u8, String, i64), Draft> = BTreeMap::new();
    let mut singles: Vec<Draft> = Vec::new();
    let mut count = 0usize;
    let mut day = first_day;
    let mut last: HashMap<(&str, usize, usize), i64> = HashMap::new();
    while count < entries {
        for _ in 0..40 {
            let group = &GROUPS[match rng.below(20) {
                0..=10 => 0,
                11..=13 => 1,
                14..=16 => 2,
                _ => 3,
            }];
            // No two attacks of one kind by one group in one district within four days: no account could
            // tell them apart, so no linker could.
            let act = rng.below(group.acts.len());
            let mut district = rng.below(districts.len());
            while last.get(&(group.name, act, district)).is_some_and(|&d| day - d < 4) {
                district = rng.below(districts.len());
            }
            last.insert((group.name, act, district), day);
            let d = &districts[district];
            let village = (!d.villages.is_empty()).then(|| rng.pick(&d.villages).clone());
            let incident = Incident {
                id: incidents.len(),
                day,
                group,
                act,
                target: group.targets[rng.below(group.targets.len())],
                district,
                village,
                killed: 1 + rng.below(9) as u32,
            };
            count += tell(&incident, &districts, &mut rng, &mut drafts, &mut singles);
            incidents.push(incident);
        }
        day += 1;
    }
    let mut truth = HashMap::new();
    let mut documents = Vec::new();
    for draft in drafts.into_values() {
        // A republication: another heading, the same items.
        for c in 0..draft.copies {
            let mut copy = Draft::new(
                format!("{}/republished/{c}", draft.origin),
                draft.published,
                draft.language,
                format!("Republished from the statements page ({c})"),
            );
            for a in &draft.accounts {
                copy.accounts.push(Account {
                    incident: a.incident,
                    sentence: a.sentence.clone(),
                    date_words: a.date_words.clone(),
                    entry: a.entry.clone(),
                });
            }
            documents.push(copy.finish(&mut truth));
        }
        documents.push(draft.finish(&mut truth));
    }
    documents.extend(singles.into_iter().map(|d| d.finish(&mut truth)));
    Generated { documents, truth, days: incidents.iter().map(|i| i.day).collect() }
}

/// Adds the accounts of one incident to the documents; returns how many entries they make.
fn tell(
    i: &Incident,
    districts: &[District],
    rng: &mut Rng,
    drafts: &mut BTreeMap<(u8, String, i64), Draft>,
    singles: &mut Vec<Draft>,
) -> usize {
    let d = &districts[i.district];
    let (event_type, sub_event_type, template) = i.group.acts[i.act];
    let act = (event_type, sub_event_type);
    let mut told = 0;
    // The group's figure, wherever its claim is quoted.
    let claim = i.killed * 2 + rng.below(3) as u32;
    // The group's bulletin: the same day without a date, or the next day with "yesterday". Every incident
    // is claimed or told to the day by the ministry, so that its day is known.
    let claimed = rng.chance(0.8);
    if claimed {
        let next_day = rng.chance(0.6);
        let published = i.day + i64::from(next_day);
        let when = if next_day { " yesterday" } else { "" };
        let village = rng.chance(0.4);
        let sentence = template
            .replace("{target}", i.target)
            .replace("{place}", &place_phrase(i, d, village))
            .replace("{province}", &d.province)
            .replace("{when}", when)
            .replace("{killed}", &claim.to_string());
        let mut entry = located(
            event(i.group.name, Some(i.group.name), Some(i.target), act),
            d,
            true,
            i.village.as_deref().filter(|_| village),
        );
        entry.killed = Some(Count::exact(claim));
        entry.date = if next_day { day_range(i.day, i.day, Precision::Day) } else { None };
        let key = (0, i.group.name.to_string(), published);
        // Other outlets republish a group's bulletin whole.
        let copies = rng.below(3);
        let draft = drafts.entry(key).or_insert_with(|| Draft {
            copies,
            ..Draft::new(
                format!("gen/bulletin/{}/{published}", i.group.name),
                published,
                Language::English,
                format!("Daily operations report of the {}", i.group.name),
            )
        });
        told += draft.copies;
        draft.accounts.push(Account {
            incident: i.id,
            sentence,
            date_words: next_day.then(|| "yesterday".to_string()),
            entry,
        });
        told += 1;
    }
    // The ministry's daily statement, with its own figure.
    if !claimed || rng.chance(0.6) {
        let (name, people) = ministry(i.target);
        let killed = (i.killed / 2 + rng.below(2) as u32).max(1);
        // How the statement places it: the district, a village (which the gazetteer places in its district,
        // unless the name is ambiguous), or (for a claimed incident) the province only.
        let (district, village) = match if claimed { rng.below(10) } else { 0 } {
            0..=5 => (true, None),
            6..=8 if i.village.is_some() => (rng.chance(0.7), i.village.clone()),
            6..=8 => (true, None),
            _ => (false, None),
        };
        // How it dates it: "last night", a weekday, or (for a claimed incident it places in its district)
        // "last week". An account vague in its place is precise in its date: each account could be told
        // apart from the others by a careful reader.
        let (published, when, date) = match if claimed && district { rng.below(10) } else { rng.below(7) } {
            0..=3 => (i.day + 1, "last night".to_string(), day_range(i.day, i.day, Precision::Day)),
            4..=7 => {
                let weekday = WEEKDAYS[i.day.rem_euclid(7) as usize];
                (i.day + 1 + rng.below(3) as i64, format!("on {weekday}"), day_range(i.day, i.day, Precision::Day))
            }
            _ => {
                // The week (Monday to Sunday) before the statement's.
                let monday = i.day - (i.day + 3).rem_euclid(7);
                (
                    monday + 7 + rng.below(5) as i64,
                    "last week".to_string(),
                    day_range(monday, monday + 6, Precision::Week),
                )
            }
        };
        let perpetrator = rng.chance(0.7).then_some(i.group.name);
        let target = if i.target == "Taliban" {
            if sub_event_type == SUICIDE.1 {
                "Civilians"
            } else {
                i.target
            }
        } else if rng.chance(0.4) {
            "Afghan National Security Forces"
        } else {
            i.target
        };
        let place = match (&village, district) {
            (Some(v), _) => format!("the village of {v}"),
            (None, true) => format!("{} district of {} province", d.name, d.province),
            (None, false) => format!("{} province", d.province),
        };
        let attacker = perpetrator.map_or("an attack".to_string(), |p| format!("an attack by the {p}"));
        let sentence =
            format!("{killed} {people} lost their lives in {attacker} in {place} {when}, the ministry said.");
        let mut entry = located(event(name, perpetrator, Some(target), act), d, district, village.as_deref());
        entry.killed = Some(Count::at_least(killed));
        entry.date = date;
        let key = (1, name.to_string(), published);
        let draft = drafts.entry(key).or_insert_with(|| {
            Draft::new(
                format!("gen/statement/{name}/{published}"),
                published,
                Language::English,
                format!("Press release of the {name}"),
            )
        });
        draft.accounts.push(Account { incident: i.id, sentence, date_words: Some(when), entry });
        told += 1;
    }
    // A wire story: the officials' account and the group's claim, in one document; often republished with
    // another opening.
    if rng.chance(0.25) {
        let published = i.day + rng.below(2) as i64;
        let weekday = WEEKDAYS[i.day.rem_euclid(7) as usize];
        let official = format!(
            "Officials in {} said {} people were killed when the {} attacked in {} district on {weekday}.",
            d.province, i.killed, i.group.name, d.name
        );
        let claim_sentence = format!("The {} said in a statement that {claim} were killed.", i.group.name);
        let mut first = located(
            event(&format!("{} provincial government", d.province), Some(i.group.name), Some(i.target), act),
            d,
            true,
            None,
        );
        first.killed = Some(Count::exact(i.killed));
        first.date = day_range(i.day, i.day, Precision::Day);
        let mut second = located(event(i.group.name, Some(i.group.name), Some(i.target), act), d, true, None);
        second.killed = Some(Count::exact(claim));
        let republished = rng.chance(0.5);
        for (n, opening) in
            [("", ""), ("/republished", "KABUL (wire) - ")].into_iter().take(1 + usize::from(republished))
        {
            let mut draft = Draft::new(
                format!("gen/wire/{}{n}", i.id),
                published,
                Language::English,
                // Stories of two incidents may read alike: their numbers keep them two documents.
                format!("{} attack in {} (story {})", i.group.name, d.province, i.id),
            );
            draft.accounts.push(Account {
                incident: i.id,
                sentence: format!("{opening}{official}"),
                date_words: Some(format!("on {weekday}")),
                entry: first.clone(),
            });
            draft.accounts.push(Account {
                incident: i.id,
                sentence: claim_sentence.clone(),
                date_words: None,
                entry: second.clone(),
            });
            singles.push(draft);
            told += 2;
        }
    }
    // A Dari or Pashto outlet: local sources, "yesterday", a village or the district.
    if rng.chance(0.2) {
        let village = i.village.clone().filter(|_| rng.chance(0.5));
        let place = village.clone().unwrap_or_else(|| d.name.clone());
        let (language, sentence) = if rng.chance(0.5) {
            (
                Language::Dari,
                format!(
                    "منابع محلی می‌گویند که دیروز در {place} ولایت {} در پی حمله {} نفر کشته شدند.",
                    d.province, i.killed
                ),
            )
        } else {
            (
                Language::Pashto,
                format!(
                    "سیمه‌ییزو سرچینو وویل چې پرون په {place} کې د {} ولایت په برید کې {} کسان ووژل شول.",
                    d.province, i.killed
                ),
            )
        };
        let date_words = if language == Language::Dari { "دیروز" } else { "پرون" };
        let district = village.is_none() || rng.chance(0.7);
        let mut entry = located(event("Local sources", None, Some(i.target), act), d, district, village.as_deref());
        entry.killed = Some(Count::exact(i.killed));
        entry.date = day_range(i.day, i.day, Precision::Day);
        let heading = format!("{} news (story {})", d.province, i.id);
        let mut draft = Draft::new(format!("gen/local/{}", i.id), i.day + 1, language, heading);
        draft.accounts.push(Account { incident: i.id, sentence, date_words: Some(date_words.to_string()), entry });
        singles.push(draft);
        told += 1;
    }
    told
}

/// A store in memory holding `documents`, stored in this order, not yet linked.
pub fn stored(documents: &[Prepared]) -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().expect("store");
    let run = store.run(&RunInfo::current()).expect("run");
    let ingest = store.begin_ingest().expect("ingest");
    for batch in documents.chunks(5000) {
        store.store_batch(run, ingest, batch, &[]).expect("stored");
    }
    store
}

/// How the store's incidents compare with the truth.
pub struct Score {
    /// Pairs of entries in one incident, found and true.
    pub found_pairs: u64,
    pub true_pairs: u64,
    pub correct_pairs: u64,
    /// Incidents per month (`YYYY-MM`): the claimed tally's and the truth's.
    pub months: Vec<(String, i64, i64)>,
    /// The incidents as sets of (document, entry id), for comparing two stores.
    pub incidents: BTreeSet<BTreeSet<(String, String)>>,
}

impl Score {
    /// Pairwise precision and recall, and the months' incidents found and true.
    pub fn summary(&self) -> String {
        let months: Vec<String> = self.months.iter().map(|(m, found, truth)| format!("{m} {found}/{truth}")).collect();
        format!(
            "pairwise precision {:.3} recall {:.3} ({} pairs found, {} true, {} correct); incidents by month, found/true: {}",
            self.precision(),
            self.recall(),
            self.found_pairs,
            self.true_pairs,
            self.correct_pairs,
            months.join(", ")
        )
    }

    pub fn precision(&self) -> f64 {
        self.correct_pairs as f64 / self.found_pairs.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.correct_pairs as f64 / self.true_pairs.max(1) as f64
    }
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Scores a linked store against the truth it was generated with.
pub fn score(store: &mut SqliteStore, generated: &Generated) -> Score {
    let incidents = store.linked_incidents(None).expect("incidents");
    let listed: usize = incidents.iter().map(|i| i.entries.len()).sum();
    assert_eq!(listed, generated.truth.len(), "every generated entry is stored and in one incident");
    let (mut found_pairs, mut correct_pairs) = (0, 0);
    let mut sets = BTreeSet::new();
    for incident in &incidents {
        let keys: BTreeSet<(String, String)> =
            incident.entries.iter().map(|e| (e.document.clone(), e.entry.id.clone())).collect();
        let mut per_truth: HashMap<usize, u64> = HashMap::new();
        for k in &keys {
            *per_truth.entry(generated.truth[k]).or_default() += 1;
        }
        found_pairs += pairs(keys.len() as u64);
        correct_pairs += per_truth.values().map(|&n| pairs(n)).sum::<u64>();
        sets.insert(keys);
    }
    let mut per_incident: HashMap<usize, u64> = HashMap::new();
    for &t in generated.truth.values() {
        *per_incident.entry(t).or_default() += 1;
    }
    let true_pairs = per_incident.values().map(|&n| pairs(n)).sum();
    let query =
        TallyQuery { by: TallyDimension::Month, basis: Basis::Claimed, since: None, until: None, province: None };
    let tally: BTreeMap<String, i64> = store
        .tally_incidents(&query)
        .expect("tally")
        .into_iter()
        .map(|r| (r.key.unwrap_or_default(), r.incidents))
        .collect();
    let mut truth: BTreeMap<String, i64> = BTreeMap::new();
    for &day in &generated.days {
        let month = Date::from_days(day).map(|d| format!("{:04}-{:02}", d.year(), d.month())).unwrap_or_default();
        *truth.entry(month).or_default() += 1;
    }
    let months = truth
        .keys()
        .chain(tally.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|m| (m.clone(), tally.get(m).copied().unwrap_or(0), truth.get(m).copied().unwrap_or(0)))
        .collect();
    Score { found_pairs, true_pairs, correct_pairs, months, incidents: sets }
}

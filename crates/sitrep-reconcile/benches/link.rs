//! Links 1,000,000 entries generated from the development set's entries (their fields: claimant, actors,
//! province, district, type, figures) by shifting dates and places. Each generated incident is told by two to
//! four sources (another claimant, a republished copy); the benchmark asserts the incidents it finds. Then one
//! document of 20,000 entries of one province and one day (an archive page), which used to take minutes.

use criterion::{criterion_group, criterion_main, Criterion};
use sitrep_reconcile::{link, shingles, Config, DayRange, Figure, LinkEntry};

/// (claimant of the first version, claimant of the second, perpetrator, target, sub-event type, killed by
/// each) as the development entries give them.
const TEMPLATES: &[(&str, &str, &str, &str, &str, u32, u32)] = &[
    ("Ministry of Defence", "Taliban", "Taliban", "Afghan National Army", "Armed clash", 18, 20),
    ("Nangarhar provincial government", "Khaama Press", "Taliban", "Islamic State Khorasan", "Armed clash", 1, 28),
    (
        "Government of Afghanistan",
        "Ministry of Defence",
        "Afghan Air Force",
        "Islamic State Khorasan",
        "Air/drone strike",
        21,
        20,
    ),
    ("Afghanistan Freedom Front", "Local sources", "Afghanistan Freedom Front", "Taliban", "Armed clash", 3, 3),
    ("Government of Afghanistan", "Taliban", "Taliban", "Afghan National Police", "Armed clash", 8, 30),
    ("Government of Afghanistan", "Taliban", "Taliban", "Afghan National Police", "Armed clash", 11, 30),
    (
        "Government of Afghanistan",
        "Afghan National Police",
        "Unidentified armed group",
        "Afghan National Security Forces",
        "Remote explosive/landmine/IED",
        7,
        7,
    ),
];

const PROVINCES: &[(&str, &[&str])] = &[
    ("Farah", &["Bala Buluk", "Farah", "Pusht Rod"]),
    ("Nangarhar", &["Achin", "Chaparhar", "Jalalabad", "Khogyani"]),
    ("Takhar", &["Taloqan", "Baharak", "Rustaq"]),
    ("Balkh", &["Shortepa", "Mazar-e Sharif", "Balkh", "Chahar Bolak"]),
    ("Helmand", &["Lashkar Gah", "Nad-e Ali", "Musa Qala", "Nahr-e Saraj", "Sangin"]),
    ("Kandahar", &["Arghandab", "Spin Boldak", "Maiwand"]),
    ("Kunar", &["Asadabad", "Chawkay"]),
    ("Ghazni", &["Andar", "Ghazni", "Qarabagh"]),
    ("Zabul", &["Mizan", "Qalat"]),
    ("Badakhshan", &["Arghanj Khwa", "Baharak", "Jurm"]),
    ("Kabul", &["Paghman", "Surobi"]),
    ("Kunduz", &["Dasht-e Archi", "Imam Sahib"]),
];

/// `n` entries: incidents of 2–4 versions, each incident on its own (province, district, day).
fn generate(n: usize) -> (Vec<LinkEntry>, usize) {
    let mut out = Vec::with_capacity(n);
    let mut incidents = 0;
    let mut k: u64 = 0;
    let mut document = 0i64;
    while out.len() < n {
        let t = TEMPLATES[(k % TEMPLATES.len() as u64) as usize];
        let (province, districts) = PROVINCES[(k % PROVINCES.len() as u64) as usize];
        let district = districts[((k / 89) % districts.len() as u64) as usize];
        // Each province's incidents ten days apart (more than an undated report's window), so that the
        // incidents to find are known.
        let day = 10_000 + (k / PROVINCES.len() as u64) as i64 * 10;
        let versions = 2 + (k % 3) as usize;
        for v in 0..versions {
            if out.len() == n {
                break;
            }
            document += 1;
            let id = out.len() as i64 + 1;
            let mut e = LinkEntry::new(id, document, "e1");
            let (claimant, killed) = if v % 2 == 0 { (t.0, t.5) } else { (t.1, t.6) };
            e.claimant = Some(claimant.into());
            e.perpetrator = Some(t.2.into());
            e.target = Some(t.3.into());
            e.sub_event_type = Some(t.4.into());
            e.province = Some(province.into());
            // Some versions do not name the district; some give no date (their copy does).
            e.district = (v != 1).then(|| district.into());
            e.date = (v != 3).then_some(DayRange { start: day, end: day });
            e.published = Some(day + 1);
            e.killed = Some(Figure { low: Some(killed), best: Some(killed), high: Some(killed) });
            let text = format!(
                "{claimant} said {killed} were killed when {} attacked {} in {district} district of {province} \
                 (report {k})",
                t.2, t.3
            );
            e.shingles = shingles(&text);
            out.push(e);
        }
        incidents += 1;
        k += 1;
    }
    (out, incidents)
}

/// One long document (an archive page of a group's bulletins, with the ministry quoted now and then): `n`
/// entries of one province, all dated by the document only.
fn one_document(n: usize) -> Vec<LinkEntry> {
    let (_, districts) = PROVINCES[4];
    (0..n)
        .map(|i| {
            let mut e = LinkEntry::new(i as i64 + 1, 1, format!("e{}", i + 1));
            let ministry = i % 50 == 49;
            e.claimant = Some(if ministry { "Ministry of Defence" } else { "Taliban" }.into());
            e.perpetrator = Some("Taliban".into());
            e.target = Some("Afghan National Army".into());
            e.sub_event_type = Some("Armed clash".into());
            e.province = Some("Helmand".into());
            e.district = Some(districts[i / 7 % districts.len()].into());
            e.published = Some(19_000);
            let killed = (i % 13) as u32;
            e.killed = Some(Figure { low: Some(killed), best: Some(killed), high: Some(killed) });
            e.shingles = shingles(&format!("item {i}: the mujahideen attacked a post, {killed} soldiers killed"));
            e
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let (entries, expected) = generate(1_000_000);
    let mut group = c.benchmark_group("link");
    group.sample_size(10);
    group.bench_function("1M entries", |b| {
        b.iter(|| {
            let linking = link(&entries, &[], &Config::default());
            assert!(linking.incidents.len() >= expected, "{} < {expected}", linking.incidents.len());
            assert!(linking.incidents.len() <= expected + expected / 20, "{} incidents", linking.incidents.len());
            linking.incidents.len()
        })
    });
    let document = one_document(20_000);
    group.bench_function("one document of 20,000 entries", |b| {
        b.iter(|| {
            let linking = link(&document, &[], &Config::default());
            // One source twice in one document is two incidents: no incident holds two of the group's entries.
            for incident in &linking.incidents {
                let claims = incident.entries.iter().filter(|&&id| id % 50 != 0).count();
                assert!(claims <= 1, "incident {} holds {claims} of the group's entries", incident.id);
            }
            linking.incidents.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

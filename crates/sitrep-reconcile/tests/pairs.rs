//! Linking decisions on tables of pairs, and the counting bases.

use sitrep_reconcile::{
    decide, disagreements, facts, features, link, shingles, Basis, Config, DayRange, EntryKind, Figure, LinkEntry,
    ManualDecision,
};

/// An event of document `doc` described by `fields` ("key=value;key=value").
fn entry(id: i64, doc: i64, fields: &str) -> LinkEntry {
    let mut e = LinkEntry::new(id, doc, format!("e{id}"));
    for kv in fields.split(';').filter(|s| !s.is_empty()) {
        let (k, v) = kv.split_once('=').expect("key=value");
        let s = Some(v.to_string());
        match k {
            "claimant" => e.claimant = s,
            "perp" => e.perpetrator = s,
            "target" => e.target = s,
            "type" => e.sub_event_type = s,
            "etype" => e.event_type = s,
            "province" => e.province = s,
            "district" => e.district = s,
            "day" => {
                let d: i64 = v.parse().expect("day");
                e.date = Some(DayRange { start: d, end: d });
            }
            "month" => {
                let d: i64 = v.parse().expect("day");
                e.date = Some(DayRange { start: d, end: d + 29 });
            }
            "published" => e.published = Some(v.parse().expect("day")),
            "killed" => {
                let n: u32 = v.parse().expect("count");
                e.killed = Some(Figure { low: Some(n), best: Some(n), high: Some(n) });
            }
            "text" => e.shingles = shingles(v),
            "kind" => {
                e.kind = match v {
                    "summary" => EntryKind::Summary,
                    "aggregate" => EntryKind::Aggregate,
                    _ => EntryKind::Event,
                }
            }
            "summarizes" => e.summarizes = v.split(',').map(str::to_string).collect(),
            _ => panic!("unknown field {k}"),
        }
    }
    e
}

const WIRE: &str = "At least eight policemen were killed and three injured after the Taliban stormed a security \
                    checkpoint in Balkh province, an official said on Sunday";

#[test]
fn pairs() {
    // (name, same document?, a, b, linked?)
    let cases: &[(&str, bool, &str, &str, bool)] = &[
        ("ministry and group in one document", true,
         "claimant=Ministry of Defence;target=Afghan National Army;province=Farah;district=Bala Buluk;type=Armed clash;killed=18",
         "claimant=Taliban;perp=Taliban;target=Afghan National Army;province=Farah;type=Armed clash;killed=20", true),
        ("one source twice in one document is two incidents", true,
         "claimant=Taliban;perp=Taliban;target=Foreign forces;province=Helmand;district=Musa Qala",
         "claimant=Taliban;perp=Taliban;target=Foreign forces;province=Helmand;district=Musa Qala", false),
        ("an unnamed source in one document stays apart", true,
         "claimant=Government of Afghanistan;province=Helmand;district=Lashkar Gah;killed=7",
         "province=Helmand;district=Lashkar Gah;killed=7", false),
        ("two sources, one district, clash and blast", true,
         "claimant=Afghanistan Freedom Front;target=Taliban;province=Takhar;district=Taloqan;etype=Battles;type=Armed clash",
         "claimant=Local sources;target=Taliban;province=Takhar;district=Taloqan;etype=Explosions/Remote violence;type=Remote explosive/landmine/IED", true),
        ("two sources of one document in two provinces", true,
         "claimant=Government of Afghanistan;province=Balkh", "claimant=Taliban;province=Kandahar", false),
        ("republished wire copy, undated", false,
         &format!("claimant=Government of Afghanistan;province=Balkh;text={WIRE}"),
         &format!("claimant=Government of Afghanistan;province=Balkh;text=Kabul (IANS): {WIRE}"), true),
        ("two outlets, same district, one dated", false,
         "claimant=Government of Afghanistan;perp=Taliban;target=Afghan National Police;province=Balkh;district=Shortepa;day=18169;killed=11",
         "claimant=Government of Afghanistan;perp=Taliban;target=Afghan National Police;province=Balkh;district=Shortepa;killed=11", true),
        ("same province, undated, nothing ties them", false,
         "claimant=Government of Afghanistan;province=Balkh;type=Armed clash",
         "claimant=Government of Afghanistan;province=Balkh;district=Shortepa;type=Armed clash", false),
        ("same day and province, other districts", false,
         "province=Helmand;district=Sangin;day=18000", "province=Helmand;district=Nad-e Ali;day=18000", false),
        ("same district, dates months apart", false,
         "province=Nangarhar;district=Achin;day=16911", "province=Nangarhar;district=Chaparhar;day=17286", false),
        ("same district and day, other event types", false,
         "province=Nangarhar;district=Achin;day=16911;etype=Explosions/Remote violence;type=Air/drone strike",
         "province=Nangarhar;district=Achin;day=16911;etype=Battles;type=Armed clash", false),
        ("a day inside a month-precision report", false,
         "claimant=Taliban;perp=Taliban;province=Ghazni;district=Andar;day=18010;type=Armed clash",
         "claimant=Government of Afghanistan;perp=Taliban;province=Ghazni;district=Andar;month=18000;type=Armed clash", true),
        ("undated entry published long after", false,
         "province=Kunar;district=Asadabad;day=18000", "province=Kunar;district=Asadabad;published=18400", false),
        ("other targets", false,
         "province=Zabul;district=Mizan;day=18000;target=Islamic State Khorasan",
         "province=Zabul;district=Mizan;day=18000;target=Afghan National Police", false),
        ("one battle, each source naming the other side as attacker", true,
         "claimant=Nangarhar provincial government;perp=Taliban;target=Islamic State Khorasan;province=Nangarhar;district=Chaparhar;etype=Battles;type=Armed clash;day=17286;killed=1",
         "claimant=Khaama Press;perp=Islamic State Khorasan;target=Taliban;province=Nangarhar;district=Chaparhar;etype=Battles;type=Armed clash;day=17287;killed=28", true),
        ("an attack and another attack the other way round", false,
         "perp=Taliban;target=Islamic State Khorasan;province=Zabul;district=Mizan;day=18000;etype=Violence against civilians;type=Attack",
         "perp=Islamic State Khorasan;target=Taliban;province=Zabul;district=Mizan;day=18000;etype=Explosions/Remote violence;type=Suicide bomb", false),
    ];
    let config = Config::default();
    let mut failures = Vec::new();
    for (name, same_doc, a, b, expect) in cases {
        let ea = entry(1, 1, a);
        let eb = entry(2, if *same_doc { 1 } else { 2 }, b);
        let f = features(&ea, &eb, &config);
        let d = decide(&f, &config);
        if d.link != *expect {
            failures
                .push(format!("{name}: expected {expect}, got {} ({}; score {:.2}; {f:?})", d.link, d.reason, d.score));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn incidents_are_transitive_and_decisions_apply() {
    let entries = vec![
        entry(1, 1, "claimant=Government of Afghanistan;province=Balkh;district=Shortepa;day=18169;target=Afghan National Police"),
        entry(2, 1, "claimant=Taliban;perp=Taliban;province=Balkh;day=18170;target=Afghan National Police"),
        entry(3, 2, "claimant=Government of Afghanistan;province=Balkh;district=Shortepa;target=Afghan National Police"),
        entry(4, 3, "claimant=Taliban;province=Takhar;district=Baharak"),
        entry(5, 1, "kind=summary;claimant=Taliban;province=Balkh;summarizes=e2"),
    ];
    let config = Config::default();
    let linking = link(&entries, &[], &config);
    let groups: Vec<Vec<i64>> = linking.incidents.iter().map(|i| i.entries.clone()).collect();
    assert_eq!(groups, vec![vec![1, 2, 3], vec![4]]);
    assert!(linking.links.iter().any(|l| l.a == 5 && l.b == 2 && l.kind.as_str() == "summarizes"));
    let split = link(&entries, &[ManualDecision::Split(2)], &config);
    let groups: Vec<Vec<i64>> = split.incidents.iter().map(|i| i.entries.clone()).collect();
    assert_eq!(groups, vec![vec![1, 3], vec![2], vec![4]]);
    let merged = link(&entries, &[ManualDecision::Split(2), ManualDecision::Merge(2, 4)], &config);
    let groups: Vec<Vec<i64>> = merged.incidents.iter().map(|i| i.entries.clone()).collect();
    assert_eq!(groups, vec![vec![1, 3], vec![2, 4]]);
    // A split after a merge undoes it.
    let undone = link(&entries, &[ManualDecision::Merge(1, 4), ManualDecision::Split(4)], &config);
    assert_eq!(undone.incidents.len(), 2);
}

#[test]
fn bases_and_disagreements() {
    let ministry =
        entry(1, 1, "claimant=Ministry of Defence;perp=Taliban;target=Afghan National Army;province=Farah;killed=18");
    let group = entry(2, 1, "claimant=Taliban;perp=Taliban;target=Afghan National Army;province=Farah;killed=20");
    let members = vec![&ministry, &group];
    let claimed = facts(1, &members, Basis::Claimed).expect("counted");
    assert_eq!(claimed.claimant.as_deref(), Some("Taliban"));
    assert_eq!(claimed.killed.and_then(|f| f.value()), Some(20));
    let corroborated = facts(1, &members, Basis::Corroborated).expect("two sources");
    assert_eq!(corroborated.killed.and_then(|f| f.value()), Some(18));
    // A group's own claim alone is not corroborated.
    assert!(facts(2, &[&group], Basis::Corroborated).is_none());
    let d = disagreements(&members);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].field, "killed");
}

/// Every pair of one province compared: what [`link`] must find, however it avoids comparing them.
fn pairwise(entries: &[LinkEntry], config: &Config) -> Vec<Vec<i64>> {
    let mut group: Vec<usize> = (0..entries.len()).collect();
    fn root(g: &mut [usize], mut x: usize) -> usize {
        while g[x] != x {
            x = g[x];
        }
        x
    }
    for i in 0..entries.len() {
        for j in i + 1..entries.len() {
            let (a, b) = (&entries[i], &entries[j]);
            let block = |e: &LinkEntry| e.province.clone().unwrap_or_else(|| format!("doc{}", e.document));
            if block(a) == block(b) && decide(&features(a, b, config), config).link {
                let (ra, rb) = (root(&mut group, i), root(&mut group, j));
                group[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut out: std::collections::BTreeMap<usize, Vec<i64>> = Default::default();
    for (i, e) in entries.iter().enumerate() {
        let r = root(&mut group, i);
        out.entry(r).or_default().push(e.id);
    }
    out.into_values().collect()
}

/// `n` copies of one bulletin (its entries copied whole into `n` documents), as a load test stores them.
fn copies(n: i64) -> Vec<LinkEntry> {
    let bulletin = [
        format!("claimant=Government of Afghanistan;province=Balkh;district=Shortepa;day=18169;target=Afghan National Police;text={WIRE}"),
        "claimant=Taliban;perp=Taliban;province=Balkh;day=18170;target=Afghan National Police;text=the mujahideen attacked a police post in balkh".to_string(),
        "claimant=Taliban;perp=Taliban;province=Balkh;published=18200;text=a convoy was ambushed on the road to mazar with many casualties".to_string(),
        "claimant=Taliban;perp=Taliban;province=Balkh;district=Chimtal;day=18100;type=Armed clash;text=fighting in chimtal district overnight".to_string(),
        "claimant=Government of Afghanistan;province=Balkh;published=18200;text=the governor said a convoy came under fire near mazar".to_string(),
    ];
    let mut out = Vec::new();
    for doc in 1..=n {
        for fields in &bulletin {
            out.push(entry(out.len() as i64 + 1, doc, fields));
        }
    }
    out
}

#[test]
fn copies_link_as_every_pair_would_in_linear_time() {
    let config = Config::default();
    for n in [1, 2, 3, 7] {
        let entries = copies(n);
        let groups: Vec<Vec<i64>> = link(&entries, &[], &config).incidents.into_iter().map(|i| i.entries).collect();
        assert_eq!(groups, pairwise(&entries, &config), "{n} copies");
    }
    let one: Vec<usize> = link(&copies(1), &[], &config).incidents.iter().map(|i| i.entries.len()).collect();
    assert_eq!(one, vec![2, 1, 1, 1], "one bulletin: a claim and the ministry on one attack; three alone");
    let n = 2000;
    let linking = link(&copies(n), &[], &config);
    let sizes: Vec<usize> = linking.incidents.iter().map(|i| i.entries.len()).collect();
    assert_eq!(sizes, one.iter().map(|s| s * n as usize).collect::<Vec<_>>(), "every copy joins its original");
    // Pairwise, 10,000 entries make 50 million comparisons and millions of links.
    assert!(linking.compared <= 10 * n as u64, "{} comparisons", linking.compared);
    assert!(linking.links.len() <= 10 * n as usize, "{} links", linking.links.len());
}

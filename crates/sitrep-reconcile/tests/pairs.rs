//! Linking decisions on tables of pairs, incidents as clusters whose members all agree, and the counting
//! bases.

use std::collections::BTreeSet;

use sitrep_reconcile::{
    block, could_link, decide, disagreements, facts, features, link, link_within, reach, shingles, Basis, Config,
    DayRange, EntryKind, Figure, LinkEntry, ManualDecision,
};

/// An event of document `doc` described by `fields` ("key=value;key=value").
fn entry(id: i64, doc: i64, fields: &str) -> LinkEntry {
    let mut e = LinkEntry::new(id, doc, format!("e{id}"));
    for kv in fields.split(';').filter(|s| !s.is_empty()) {
        let (k, v) = kv.split_once('=').expect("key=value");
        let s = Some(v.to_string());
        let days = |len: i64| {
            let d: i64 = v.parse().expect("day");
            Some(DayRange { start: d, end: d + len - 1 })
        };
        match k {
            "claimant" => e.claimant = s,
            "perp" => e.perpetrator = s,
            "target" => e.target = s,
            "type" => e.sub_event_type = s,
            "etype" => e.event_type = s,
            "province" => e.province = s,
            "district" => e.district = s,
            "place" => e.place = s,
            "day" => e.date = days(1),
            "week" => e.date = days(7),
            "month" => e.date = days(30),
            "published" => e.published = Some(v.parse().expect("day")),
            "killed" => {
                let n: u32 = v.parse().expect("count");
                e.killed = Some(Figure { low: Some(n), best: Some(n), high: Some(n) });
            }
            // A bound without a best figure: "killed at least N", "casualties".
            "killed_min" => {
                let n: u32 = v.parse().expect("count");
                e.killed = Some(Figure { low: Some(n), best: None, high: None });
            }
            "wounded" => {
                let n: u32 = v.parse().expect("count");
                e.wounded = Some(Figure { low: Some(n), best: Some(n), high: Some(n) });
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

/// A wire story as outlets republish it (written for these tests).
const WIRE: &str =
    "Nine border guards died and four were hurt when insurgents overran an outpost near the river crossing \
                    overnight, the district police chief told reporters on Tuesday";

/// A bulletin's template: two items differ only in their district and figures.
fn bulletin_item(district: &str, killed: u32) -> String {
    format!(
        "text=The mujahideen of the Islamic Emirate attacked the posts of the hirelings in {district} district of \
         Helmand province, killing {killed} soldiers and seizing their weapons and ammunition"
    )
}

#[test]
fn pairs() {
    let (item_a, item_b) = (bulletin_item("Sangin", 4), bulletin_item("Musa Qala", 6));
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
        ("one source's toll of an air strike and its earlier toll, in one document", true,
         "claimant=Government of Afghanistan;perp=Afghan Air Force;target=Civilians;province=Kunduz;district=Chahar Dara;type=Air/drone strike;killed=60",
         "claimant=Government of Afghanistan;perp=Afghan Air Force;target=Taliban;province=Kunduz;type=Air/drone strike;killed=18", true),
        ("one source's air strikes in two districts, in one document", true,
         "claimant=Ministry of Defence;perp=Afghan Air Force;province=Kunduz;district=Chahar Dara;type=Air/drone strike;killed=6",
         "claimant=Ministry of Defence;perp=Afghan Air Force;province=Kunduz;district=Imam Sahib;type=Air/drone strike;killed=4", false),
        ("one group's two suicide bombings in one bulletin", true,
         "claimant=Taliban;perp=Taliban;province=Kabul;type=Suicide bomb;killed=5",
         "claimant=Taliban;perp=Taliban;province=Kabul;type=Suicide bomb;killed=12", false),
        ("two sources of one document in two provinces", true,
         "claimant=Government of Afghanistan;province=Balkh", "claimant=Taliban;province=Kandahar", false),
        ("republished wire copy, undated", false,
         &format!("claimant=Government of Afghanistan;province=Balkh;text={WIRE}"),
         &format!("claimant=Government of Afghanistan;province=Balkh;text=Kabul (agency): {WIRE}"), true),
        ("two outlets, same district, one dated", false,
         "claimant=Government of Afghanistan;perp=Taliban;target=Afghan National Police;province=Balkh;district=Shortepa;day=18169;killed=11",
         "claimant=Government of Afghanistan;perp=Taliban;target=Afghan National Police;province=Balkh;district=Shortepa;killed=11", true),
        ("a suicide bombing by one group told by two outlets, undated", false,
         "claimant=Islamic State Khorasan;perp=Islamic State Khorasan;target=Taliban;province=Kabul;etype=Explosions/Remote violence;type=Suicide bomb",
         "claimant=Ministry of Interior;perp=Islamic State Khorasan;target=Taliban;province=Kabul;etype=Explosions/Remote violence;type=Suicide bomb;killed=6", true),
        ("one group's bombing, told once with a bound and once with its figure", false,
         "claimant=Islamic State Khorasan;perp=Islamic State Khorasan;target=Taliban;province=Kabul;etype=Explosions/Remote violence;type=Suicide bomb;killed_min=1",
         "claimant=Islamic State Khorasan;perp=Islamic State Khorasan;target=Taliban;province=Kabul;etype=Explosions/Remote violence;type=Suicide bomb;killed=9", true),
        ("one group's bombings, a bound above the other's figure", false,
         "claimant=Islamic State Khorasan;perp=Islamic State Khorasan;target=Taliban;province=Kabul;etype=Explosions/Remote violence;type=Suicide bomb;killed_min=20",
         "claimant=Islamic State Khorasan;perp=Islamic State Khorasan;target=Taliban;province=Kabul;etype=Explosions/Remote violence;type=Suicide bomb;killed=9", false),
        ("one group's statement with its two figures, told by two outlets, undated", false,
         "claimant=Islamic State Khorasan;perp=Islamic State Khorasan;target=Taliban;province=Kabul;etype=Battles;type=Armed clash;killed=20;wounded=30",
         "claimant=Islamic State Khorasan;perp=Islamic State Khorasan;target=Taliban;province=Kabul;etype=Battles;type=Armed clash;killed=20;wounded=30", true),
        ("one group's claims of one common toll, undated, no second figure", false,
         "claimant=Afghanistan Freedom Front;perp=Afghanistan Freedom Front;target=Taliban;province=Kabul;etype=Battles;type=Armed clash;killed=3",
         "claimant=Afghanistan Freedom Front;perp=Afghanistan Freedom Front;target=Taliban;province=Kabul;etype=Battles;type=Armed clash;killed=3", false),
        ("one group's claims, same killed, other wounded", false,
         "claimant=Afghanistan Freedom Front;perp=Afghanistan Freedom Front;target=Taliban;province=Kabul;etype=Battles;type=Armed clash;killed=3;wounded=2",
         "claimant=Afghanistan Freedom Front;perp=Afghanistan Freedom Front;target=Taliban;province=Kabul;etype=Battles;type=Armed clash;killed=3;wounded=5", false),
        ("two undated clashes by one group in one province stay apart", false,
         "claimant=Taliban;perp=Taliban;province=Kabul;etype=Battles;type=Armed clash",
         "claimant=Taliban;perp=Taliban;province=Kabul;etype=Battles;type=Armed clash;killed=4", false),
        ("an attack told without its means and the bomb it was", false,
         "claimant=Afghanistan Freedom Front;perp=Afghanistan Freedom Front;target=Taliban;province=Kabul;district=Kabul;place=Kota Sangi;etype=Battles;type=Armed clash",
         "claimant=Taliban;target=Taliban;province=Kabul;district=Kabul;place=Kota Sangi;etype=Explosions/Remote violence;type=Remote explosive/landmine/IED", true),
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
        ("a day inside last week", false,
         "claimant=Taliban;perp=Taliban;target=Afghan National Police;province=Ghazni;district=Andar;day=18003",
         "claimant=Ministry of Interior;perp=Taliban;target=Afghan National Police;province=Ghazni;district=Andar;week=18000", true),
        ("days next to each other, both told to the day", false,
         "claimant=Taliban;perp=Taliban;target=Afghan National Police;province=Ghazni;district=Andar;day=18003;type=Armed clash",
         "claimant=Ministry of Interior;perp=Taliban;target=Afghan National Police;province=Ghazni;district=Andar;day=18004;type=Armed clash", false),
        ("undated entry published long after", false,
         "province=Kunar;district=Asadabad;day=18000", "province=Kunar;district=Asadabad;published=18400", false),
        ("a day in the week before an undated report", false,
         "claimant=Taliban;perp=Taliban;province=Kunar;district=Asadabad;day=18000;type=Armed clash",
         "claimant=Ministry of Defence;perp=Taliban;province=Kunar;district=Asadabad;published=18002;type=Armed clash", true),
        ("other armed parties attacked", false,
         "province=Zabul;district=Mizan;day=18000;target=Islamic State Khorasan",
         "province=Zabul;district=Mizan;day=18000;target=Afghan National Police", false),
        ("civilians by one source, fighters by the other", false,
         "claimant=Ministry of Defence;perp=Afghan Air Force;target=Taliban;province=Kunduz;district=Dasht-e Archi;day=17623;type=Air/drone strike;killed=20",
         "claimant=Taliban;perp=Afghan Air Force;target=Civilians;province=Kunduz;district=Dasht-e Archi;day=17623;type=Air/drone strike;killed=70", true),
        ("the army and the security forces it belongs to", false,
         "claimant=Taliban;perp=Taliban;target=Afghan National Army;province=Farah;district=Bala Buluk;day=18000",
         "claimant=Ministry of Defence;perp=Taliban;target=Afghan National Security Forces;province=Farah;district=Bala Buluk;day=18000", true),
        ("a group's claim and another perpetrator", false,
         "claimant=Islamic State Khorasan;perp=Islamic State Khorasan;target=Taliban;province=Kabul;district=Kabul;day=19000;type=Suicide bomb",
         "claimant=Ministry of Interior;perp=National Resistance Front;target=Taliban;province=Kabul;district=Kabul;day=19000;type=Suicide bomb", false),
        ("a village and the district it lies in", false,
         "claimant=Taliban;perp=Taliban;target=Afghan Local Police;province=Helmand;district=Nad-e Ali;day=18000;type=Armed clash",
         "claimant=Local sources;target=Afghan Local Police;province=Helmand;place=Marja Bazaar;day=18000;type=Armed clash", true),
        ("one battle, each source naming the other side as attacker", true,
         "claimant=Nangarhar provincial government;perp=Taliban;target=Islamic State Khorasan;province=Nangarhar;district=Chaparhar;etype=Battles;type=Armed clash;day=17286;killed=1",
         "claimant=Khaama Press;perp=Islamic State Khorasan;target=Taliban;province=Nangarhar;district=Chaparhar;etype=Battles;type=Armed clash;day=17286;killed=28", true),
        ("a battle two groups each claim as their own attack", false,
         "claimant=Taliban;perp=Taliban;target=National Resistance Front;province=Panjshir;district=Rukha;etype=Battles;type=Armed clash;day=19000",
         "claimant=National Resistance Front;perp=National Resistance Front;target=Taliban;province=Panjshir;district=Rukha;etype=Battles;type=Armed clash;day=19000", false),
        ("an attack and another attack the other way round", false,
         "perp=Taliban;target=Islamic State Khorasan;province=Zabul;district=Mizan;day=18000;etype=Violence against civilians;type=Attack",
         "perp=Islamic State Khorasan;target=Taliban;province=Zabul;district=Mizan;day=18000;etype=Explosions/Remote violence;type=Suicide bomb", false),
        ("one bulletin template, two districts", false,
         &format!("claimant=Taliban;perp=Taliban;province=Helmand;district=Sangin;published=18000;{item_a}"),
         &format!("claimant=Taliban;perp=Taliban;province=Helmand;district=Musa Qala;published=18000;{item_b}"), false),
        ("one bulletin template, one district named, days apart", false,
         &format!("claimant=Taliban;perp=Taliban;province=Helmand;district=Sangin;day=18000;{item_a}"),
         &format!("claimant=Taliban;perp=Taliban;province=Helmand;day=18002;{item_b}"), false),
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
        assert_eq!(f, features(&eb, &ea, &config), "{name}: the features of a pair do not depend on its order");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn groups(entries: &[LinkEntry], decisions: &[ManualDecision]) -> Vec<Vec<i64>> {
    link(entries, decisions, &Config::default()).incidents.into_iter().map(|i| i.entries).collect()
}

#[test]
fn incidents_join_agreeing_entries_and_decisions_apply() {
    let entries = vec![
        entry(1, 1, "claimant=Government of Afghanistan;province=Balkh;district=Shortepa;day=18169;target=Afghan National Police"),
        entry(2, 1, "claimant=Taliban;perp=Taliban;province=Balkh;target=Afghan National Police"),
        entry(3, 2, "claimant=Government of Afghanistan;province=Balkh;district=Shortepa;target=Afghan National Police"),
        entry(4, 3, "claimant=Taliban;province=Takhar;district=Baharak"),
        entry(5, 1, "kind=summary;claimant=Taliban;province=Balkh;summarizes=e2"),
    ];
    let linking = link(&entries, &[], &Config::default());
    let found: Vec<Vec<i64>> = linking.incidents.iter().map(|i| i.entries.clone()).collect();
    assert_eq!(found, vec![vec![1, 2, 3], vec![4]]);
    assert!(linking.links.iter().any(|l| l.a == 5 && l.b == 2 && l.kind.as_str() == "summarizes"));
    // The links that joined the incident span it: each says why.
    let auto: Vec<(i64, i64, &str)> = linking
        .links
        .iter()
        .filter(|l| l.kind.as_str() == "auto")
        .map(|l| (l.a, l.b, l.decision.expect("decision").reason))
        .collect();
    assert_eq!(auto, vec![(1, 2, "two sources in one document"), (1, 3, "same place, time and actors")]);
    assert_eq!(groups(&entries, &[ManualDecision::Split(2)]), vec![vec![1, 3], vec![2], vec![4]]);
    let merged = groups(&entries, &[ManualDecision::Split(2), ManualDecision::Merge(2, 4)]);
    assert_eq!(merged, vec![vec![1, 3], vec![2, 4]]);
    // A split after a merge undoes it.
    assert_eq!(groups(&entries, &[ManualDecision::Merge(1, 4), ManualDecision::Split(4)]).len(), 2);
}

#[test]
fn links_never_chain_accounts_that_conflict() {
    // One undated claim in Helmand agrees with two attacks of that day in two districts; it joins one of
    // them, and the two attacks stay apart (a chain would have made them one).
    let attack = |id, doc, district: &str| {
        entry(id, doc, &format!("claimant=Ministry of Interior;perp=Taliban;target=Afghan National Police;province=Helmand;district={district};day=18000;type=Armed clash"))
    };
    let entries = vec![
        attack(1, 1, "Sangin"),
        attack(2, 2, "Nad-e Ali"),
        entry(
            3,
            3,
            "claimant=Taliban;perp=Taliban;target=Afghan National Police;province=Helmand;day=18000;type=Armed clash",
        ),
    ];
    let found = groups(&entries, &[]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|g| !(g.contains(&1) && g.contains(&2))), "{found:?}");
    // Six claims of one group in six districts on six days stay six incidents, whatever shares their wording.
    let districts = ["Sangin", "Musa Qala", "Nad-e Ali", "Garmser", "Nawa", "Kajaki"];
    let claims: Vec<LinkEntry> = districts
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let fields = format!(
                "claimant=Taliban;perp=Taliban;target=Afghan National Army;province=Helmand;district={d};day={};type=Armed clash;killed=4;{}",
                18000 + k as i64,
                bulletin_item(d, 4)
            );
            entry(k as i64 + 1, k as i64 + 1, &fields)
        })
        .collect();
    assert_eq!(groups(&claims, &[]).len(), 6);
}

#[test]
fn undated_accounts_meet_by_a_rare_act_or_a_group_statement() {
    // Four outlets, none dated and none naming the district: an air strike told by two, a group's statement
    // with its two figures quoted by two. Each pair meets though nothing else would bring them together.
    let strike = "perp=Afghan Air Force;province=Kunduz;etype=Explosions/Remote violence;type=Air/drone strike";
    let statement = "claimant=Islamic State Khorasan;perp=Islamic State Khorasan;target=Taliban;province=Kabul;etype=Battles;type=Armed clash;killed=20;wounded=30";
    let entries = vec![
        entry(1, 1, &format!("claimant=Ministry of Defence;target=Taliban;killed=20;{strike}")),
        entry(2, 2, &format!("claimant=Government of Afghanistan;target=Taliban;killed=25;{strike}")),
        entry(3, 3, statement),
        entry(4, 4, statement),
        // Another air strike, by another air force: it stays apart.
        entry(5, 5, "claimant=Taliban;perp=Foreign forces;province=Kunduz;etype=Explosions/Remote violence;type=Air/drone strike"),
    ];
    assert_eq!(groups(&entries, &[]), vec![vec![1, 2], vec![3, 4], vec![5]]);
}

#[test]
fn two_sources_of_one_document_are_one_incident_when_told_side_by_side() {
    // A digest: the ministry on an attack in Sangin, eight items from Kandahar, then the group's claim of an
    // attack in Sangin: told apart, they are two attacks; told one after the other, one.
    let digest = |claim_at: usize| -> Vec<LinkEntry> {
        let mut out = Vec::new();
        for k in 0..10 {
            let fields = if k == 0 {
                "claimant=Ministry of Defence;target=Afghan National Army;province=Helmand;district=Sangin;type=Armed clash"
            } else if k == claim_at {
                "claimant=Taliban;perp=Taliban;target=Afghan National Army;province=Helmand;district=Sangin;type=Armed clash"
            } else {
                "claimant=Taliban;perp=Taliban;province=Kandahar;type=Armed clash"
            };
            let mut e = entry(k as i64 + 1, 1, fields);
            e.offset = 100 * k;
            out.push(e);
        }
        out
    };
    let together =
        |entries: &[LinkEntry], claim: i64| groups(entries, &[]).iter().any(|g| g.contains(&1) && g.contains(&claim));
    assert!(together(&digest(1), 2));
    assert!(!together(&digest(9), 10));
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
    // The incident's day: a day told, else the day of the first report, else the start of a period told.
    let week = entry(3, 2, "claimant=Ministry of Defence;province=Farah;week=18000");
    let day = entry(4, 3, "claimant=Taliban;perp=Taliban;province=Farah;day=18004;published=18005");
    let undated = entry(5, 4, "claimant=Local sources;province=Farah;published=18006");
    let day_of = |members: &[&LinkEntry]| facts(3, members, Basis::Claimed).and_then(|f| f.day);
    assert_eq!(day_of(&[&week, &day, &undated]), Some(18004));
    assert_eq!(day_of(&[&week, &undated]), Some(18006));
    assert_eq!(day_of(&[&week]), Some(18000));
}

/// Complete linkage over every pair of entries of one province, strongest first, ties in key order: what
/// [`link`] must find, however it avoids comparing them.
fn every_pair(entries: &[LinkEntry], config: &Config) -> Vec<Vec<i64>> {
    let n = entries.len();
    let block = |e: &LinkEntry| e.province.clone().unwrap_or_else(|| format!("doc{}", e.document));
    let mut decisions = vec![vec![None; n]; n];
    let mut joins = Vec::new();
    for i in 0..n {
        for j in 0..n {
            if i != j && block(&entries[i]) == block(&entries[j]) {
                let d = decide(&features(&entries[i], &entries[j], config), config);
                decisions[i][j] = Some(d);
                let (a, b) = (&entries[i], &entries[j]);
                if d.link && (a.key, a.id) < (b.key, b.id) {
                    joins.push((d.score, (a.key, a.id), (b.key, b.id), i, j));
                }
            }
        }
    }
    joins.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut cluster: Vec<usize> = (0..n).collect();
    for (_, _, _, i, j) in joins {
        let (ci, cj) = (cluster[i], cluster[j]);
        if ci == cj {
            continue;
        }
        let agree = (0..n)
            .filter(|&x| cluster[x] == ci)
            .all(|x| (0..n).filter(|&y| cluster[y] == cj).all(|y| !decisions[x][y].is_some_and(|d| d.conflict)));
        if agree {
            cluster.iter_mut().filter(|c| **c == cj).for_each(|c| *c = ci);
        }
    }
    let mut out: std::collections::BTreeMap<usize, Vec<i64>> = Default::default();
    for (i, e) in entries.iter().enumerate() {
        out.entry(cluster[i]).or_default().push(e.id);
    }
    let mut out: Vec<Vec<i64>> = out.into_values().collect();
    out.sort();
    out
}

/// `n` copies of one bulletin (its entries copied whole into `n` documents), as a load test stores them.
fn copies(n: i64) -> Vec<LinkEntry> {
    let bulletin = [
        format!("claimant=Government of Afghanistan;province=Balkh;district=Shortepa;day=18169;target=Afghan National Police;text={WIRE}"),
        "claimant=Taliban;perp=Taliban;province=Balkh;day=18169;target=Afghan National Police;text=the mujahideen attacked a police post in balkh".to_string(),
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
        let mut found = groups(&entries, &[]);
        found.sort();
        assert_eq!(found, every_pair(&entries, &config), "{n} copies");
    }
    let one: Vec<usize> = groups(&copies(1), &[]).iter().map(Vec::len).collect();
    assert_eq!(one, vec![2, 2, 1], "one bulletin: the ministry and the group on each of two attacks; one alone");
    let n = 2000;
    let linking = link(&copies(n), &[], &config);
    let sizes: Vec<usize> = linking.incidents.iter().map(|i| i.entries.len()).collect();
    assert_eq!(sizes, one.iter().map(|s| s * n as usize).collect::<Vec<_>>(), "every copy joins its original");
    // Pairwise, 10,000 entries make 50 million comparisons and millions of links.
    assert!(linking.compared <= 10 * n as u64, "{} comparisons", linking.compared);
    assert!(linking.links.len() <= 10 * n as usize, "{} links", linking.links.len());
}

/// A small generator of look-alike accounts: few districts, days, groups and wordings, so that many pairs
/// tie and the order of ties matters.
fn look_alikes() -> Vec<LinkEntry> {
    let districts = ["Sangin", "Musa Qala", "Nad-e Ali"];
    let claimants = ["Taliban", "Ministry of Interior", "Local sources"];
    let mut out = Vec::new();
    for k in 0..150i64 {
        let district = districts[(k % 3) as usize];
        let claimant = claimants[(k / 3 % 3) as usize];
        let mut fields = format!(
            "claimant={claimant};target=Afghan National Police;province=Helmand;type=Armed clash;killed={};{}",
            k % 4 + 1,
            bulletin_item(district, (k % 4 + 1) as u32)
        );
        if claimant == "Taliban" {
            fields.push_str(";perp=Taliban");
        }
        match k % 5 {
            0 => fields.push_str(&format!(";district={district};day={}", 18000 + k % 7)),
            1 => fields.push_str(&format!(";published={}", 18000 + k % 9)),
            2 => fields.push_str(&format!(";district={district};week={}", 17998 + k % 5)),
            3 => fields.push_str(&format!(";place=Kariz {};day={}", k % 2, 18000 + k % 7)),
            _ => fields.push_str(&format!(";district={district};published={}", 18001 + k % 8)),
        }
        out.push(entry(k + 1, k / 2 + 1, &fields));
    }
    out
}

#[test]
fn incidents_do_not_depend_on_the_order_entries_were_stored_in() {
    let entries = look_alikes();
    let by_key = |entries: &[LinkEntry]| -> BTreeSet<BTreeSet<u64>> {
        let key: std::collections::HashMap<i64, u64> = entries.iter().map(|e| (e.id, e.key)).collect();
        groups(entries, &[]).into_iter().map(|g| g.into_iter().map(|id| key[&id]).collect()).collect()
    };
    let expected = by_key(&entries);
    assert!(expected.len() > 10 && expected.len() < entries.len(), "{} incidents", expected.len());
    for seed in 1..=5u64 {
        // Another ingest order: the entries shuffled, then numbered again (ids and documents in the new
        // order); keys stay what the entries' contents make them.
        let mut shuffled = entries.clone();
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        let mut documents = std::collections::HashMap::new();
        for (n, e) in shuffled.iter_mut().enumerate() {
            e.id = n as i64 + 1;
            let next = documents.len() as i64 + 1;
            e.document = *documents.entry(e.document).or_insert(next);
        }
        assert_eq!(by_key(&shuffled), expected, "order {seed}");
    }
}

/// Every automatic link joins a pair that `could_link`; and from any entry, the entries reached by pairs
/// that could link in one block, copies and merges, linked alone (`link_within`), are the incidents the
/// whole links them into: what an incremental link rests on.
#[test]
fn a_closed_scope_links_as_the_whole() {
    let config = Config::default();
    // Look-alikes in Helmand, beside a bulletin in Balkh (which no Helmand account can reach).
    let mut entries = look_alikes();
    entries.extend(copies(2).into_iter().map(|mut e| {
        e.id += 1000;
        e.document += 1000;
        e
    }));
    let decisions = [ManualDecision::Merge(3, 40), ManualDecision::Split(7)];
    let whole = link(&entries, &decisions, &config);
    let at: std::collections::HashMap<i64, &LinkEntry> = entries.iter().map(|e| (e.id, e)).collect();
    for l in whole.links.iter().filter(|l| l.kind.as_str() == "auto") {
        assert!(could_link(at[&l.a], at[&l.b], &config), "{} and {} linked, yet could not", l.a, l.b);
    }
    let reaches: Vec<_> = entries.iter().map(|e| reach(e, &config)).collect();
    // Who reaches whom: once, for every seed.
    let n = entries.len();
    let mut near = vec![Vec::new(); n];
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&entries[i], &entries[j]);
            let merged = decisions
                .iter()
                .any(|d| matches!(*d, ManualDecision::Merge(x, y) if (x, y) == (a.id, b.id) || (y, x) == (a.id, b.id)));
            if merged || block(a) == block(b) && (reaches[i].copy == reaches[j].copy || could_link(a, b, &config)) {
                near[i].push(j);
                near[j].push(i);
            }
        }
    }
    for seed in [0usize, 2, 19, 76, 149, 150, 153] {
        let mut reached = vec![false; n];
        let mut queue = vec![seed];
        while let Some(i) = queue.pop() {
            if !std::mem::replace(&mut reached[i], true) {
                queue.extend(near[i].iter().copied());
            }
        }
        let scope: std::collections::HashSet<i64> = (0..n).filter(|&i| reached[i]).map(|i| entries[i].id).collect();
        let part = link_within(&entries, &decisions, &config, &scope);
        let expected: Vec<_> =
            whole.incidents.iter().filter(|i| i.entries.iter().any(|e| scope.contains(e))).cloned().collect();
        assert!(
            expected.iter().all(|i| i.entries.iter().all(|e| scope.contains(e))),
            "an incident beyond the scope of {seed}"
        );
        assert_eq!(part.incidents, expected, "scope of {seed}");
        assert!(scope.len() < entries.len(), "the scope of {seed} is everything");
    }
}

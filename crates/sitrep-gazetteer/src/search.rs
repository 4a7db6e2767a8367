//! `search`: names in any script and spelling, best first.

use std::collections::HashMap;
use std::fmt;

use crate::{fold_name, Gazetteer, Level, UnitId};

/// One search hit. Its `Display` is the CLI line: `Canonical Name<TAB>level<TAB>District, Province<TAB>pcode`.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub unit: UnitId,
    /// Canonical name.
    pub name: String,
    pub level: Level,
    pub district: Option<String>,
    pub province: Option<String>,
    pub pcode: Option<String>,
    /// The folded gazetteer name that matched.
    pub matched: String,
    /// 0 for an exact folded match; larger is worse.
    pub score: f32,
}

impl fmt::Display for Candidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place: Vec<&str> = [self.district.as_deref(), self.province.as_deref()].into_iter().flatten().collect();
        write!(f, "{}\t{}\t{}\t{}", self.name, self.level, place.join(", "), self.pcode.as_deref().unwrap_or("-"))
    }
}

/// Precomputed skeletons of every name.
pub(crate) struct Index {
    chars: Vec<Vec<char>>,
    skeletons: Vec<Vec<char>>,
}

impl Index {
    pub(crate) fn new<'n>(names: impl Iterator<Item = &'n str> + Clone) -> Index {
        Index {
            chars: names.clone().map(|n| n.chars().collect()).collect(),
            skeletons: names.map(|n| skeleton(n).chars().collect()).collect(),
        }
    }
}

/// A consonant skeleton: vowels and long-vowel letters dropped, letters the sources render differently
/// merged (q/k, گ as ك ج غ, چ as تش, ts/ch), doubles collapsed.
pub(crate) fn skeleton(folded: &str) -> String {
    let mut s: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
    for (from, to) in
        [("sh", "S"), ("ch", "J"), ("ts", "J"), ("kh", "X"), ("gh", "G"), ("zh", "Z"), ("th", "t"), ("تش", "ج")]
    {
        s = s.replace(from, to);
    }
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        let m = match c {
            'a' | 'e' | 'i' | 'o' | 'u' => None,
            'y' | 'w' if i > 0 => None,
            'v' => Some('w'),
            'q' | 'c' | 'g' => Some('k'),
            'ا' | 'و' | 'ي' | 'ه' | 'ء' | 'ع' | 'ح' => None,
            'ق' | 'غ' | 'ج' | 'ك' => Some('ك'),
            'ط' => Some('ت'),
            'ص' | 'ث' => Some('س'),
            'ذ' | 'ض' | 'ظ' => Some('ز'),
            c => Some(c),
        };
        if let Some(m) = m {
            if !out.ends_with(m) {
                out.push(m);
            }
        }
    }
    out
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

const QUERY_NOISE: &[&str] = &[
    "district",
    "province",
    "city",
    "village",
    "area",
    "town",
    "ولايه",
    "اقليم",
    "مديريه",
    "مقاطعه",
    "منطقه",
    "مدينه",
    "ولسوالي",
    "ولايت",
    "شهر",
    "قريه",
];

pub(crate) fn search(g: &Gazetteer, query: &str, limit: usize) -> Vec<Candidate> {
    let folded = fold_name(query);
    let words: Vec<&str> = folded.split(' ').filter(|w| !QUERY_NOISE.contains(w)).collect();
    let q = if words.is_empty() { folded.clone() } else { words.join(" ") };
    let q = q.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    if q.is_empty() || limit == 0 {
        return Vec::new();
    }
    let qc: Vec<char> = q.chars().collect();
    let qs: Vec<char> = skeleton(&q).chars().collect();
    let index = g.search_index();
    let mut best: HashMap<UnitId, (f32, u32)> = HashMap::new();
    for (ix, name) in g.names.iter().enumerate() {
        let nc = &index.chars[ix];
        let ns = &index.skeletons[ix];
        let score = if name == q {
            0.0
        } else {
            let longest = qc.len().max(nc.len()) as f32;
            if (qc.len() as f32 - nc.len() as f32).abs() > longest * 0.5 {
                continue;
            }
            let d = levenshtein(&qc, nc) as f32 / longest;
            let s = if qs.is_empty() || ns.is_empty() {
                1.0
            } else {
                let sl = qs.len().max(ns.len()) as f32;
                0.1 + levenshtein(&qs, ns) as f32 / sl * 0.8
            };
            d.min(s)
        };
        if score > 0.45 {
            continue;
        }
        for r in g.names.refs(ix as u32) {
            let level = g.unit(r.unit).level;
            if level == Level::Country {
                continue;
            }
            let penalty = match level {
                Level::Province => 0.0,
                Level::District => 0.01,
                Level::Town => 0.02,
                _ => 0.04,
            };
            let s = score + penalty;
            let e = best.entry(r.unit).or_insert((f32::MAX, ix as u32));
            if s < e.0 {
                *e = (s, ix as u32);
            }
        }
    }
    let mut hits: Vec<(UnitId, f32, u32)> = best.into_iter().map(|(u, (s, ix))| (u, s, ix)).collect();
    hits.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    // One line per canonical place: a town that is its district's or province's seat under the same name
    // gives way to the administrative unit, which keeps the town's rank.
    let mut keys: Vec<(String, Option<UnitId>)> = Vec::new();
    let mut out: Vec<Candidate> = Vec::new();
    let name_of = |o: Option<UnitId>| o.map(|i| g.unit(i).name.clone());
    for (unit, score, ix) in hits {
        let u = g.unit(unit);
        let key = (fold_name(&u.name), g.province_of(unit));
        let cand = Candidate {
            unit,
            name: u.name.clone(),
            level: u.level,
            district: if u.level == Level::Province { None } else { name_of(g.district_of(unit)) },
            province: name_of(g.province_of(unit)),
            pcode: u.pcode.clone(),
            matched: g.names.get(ix).to_string(),
            score,
        };
        if let Some(at) = keys.iter().position(|k| *k == key) {
            if cand.level < out[at].level {
                out[at] = Candidate { score: out[at].score, ..cand };
            }
            continue;
        }
        if out.len() >= limit {
            continue;
        }
        keys.push(key);
        out.push(cand);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_merge_spellings() {
        assert_eq!(skeleton("nangarhar"), skeleton("ningrahar"));
        assert_eq!(skeleton("kandahar"), skeleton("qandahar"));
        assert_eq!(skeleton("ننجرهار"), skeleton("نانكارهار"));
        assert_eq!(skeleton("tsamkani"), skeleton("chamkani"));
    }
}

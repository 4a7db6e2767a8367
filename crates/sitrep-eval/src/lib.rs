//! Scores `sitrep extract` entries against gold files (`shared/gold`), figure for figure as
//! `shared/tools/score.py` does: the issue asks that `sitrep eval` and the script agree, so
//! this is a line-by-line port, Python's quirks included (truthiness, `1 == 1.0 == True`,
//! `str()` of lists, difflib's ratio, tuple sort order). Where the script would crash on a
//! malformed value, the port treats the value as absent instead.

mod difflib;
mod py;

mod corpus;

pub use corpus::{dev_documents, shared_dir};

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;

use serde_json::{Map, Value};
use unicode_normalization::UnicodeNormalization;

pub use difflib::ratio;

/// Fields compared as names, in score.py's order.
const FIELDS: [&str; 11] = [
    "kind",
    "claimant",
    "spokesperson",
    "perpetrator",
    "target",
    "event_type",
    "sub_event_type",
    "weapon",
    "province",
    "district",
    "place",
];

/// Usual spellings of each province, with the other spellings accepted for it (score.py's
/// `PROVINCES`, in the same order: the first key that accepts a spelling wins).
const PROVINCES: [(&str, &[&str]); 34] = [
    ("badakhshan", &[]),
    ("badghis", &[]),
    ("baghlan", &[]),
    ("balkh", &[]),
    ("bamyan", &["bamiyan"]),
    ("daykundi", &["daikundi", "daykondi", "daikondi"]),
    ("farah", &[]),
    ("faryab", &["fariab"]),
    ("ghazni", &[]),
    ("ghor", &["ghowr"]),
    ("helmand", &["hilmand"]),
    ("herat", &["hirat"]),
    ("jowzjan", &["jawzjan", "jozjan", "jauzjan"]),
    ("kabul", &[]),
    ("kandahar", &["qandahar"]),
    ("kapisa", &[]),
    ("khost", &["khowst"]),
    ("kunar", &["konar", "kunarha"]),
    ("kunduz", &["qunduz"]),
    ("laghman", &["lagman"]),
    ("logar", &["lowgar"]),
    ("wardak", &["maidanwardak", "maydanwardak", "vardak"]),
    ("nangarhar", &["ningrahar", "nangrahar"]),
    ("nimroz", &["nimruz"]),
    ("nuristan", &["nooristan"]),
    ("paktika", &[]),
    ("paktia", &["paktya", "paktiya"]),
    ("panjshir", &["panjsher"]),
    ("parwan", &["parvan"]),
    ("samangan", &[]),
    ("sarepul", &["saripul", "sarpul", "sareepul", "sareipul"]),
    ("takhar", &[]),
    ("uruzgan", &["oruzgan", "urozgan", "orozgan"]),
    ("zabul", &["zabol"]),
];

const NULL: Value = Value::Null;

/// One gold file.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    /// File name, e.g. `d1_ar_alhayat_farah_helmand.json`; predictions go in `NAME.jsonl`.
    pub name: String,
    /// The document's path relative to the docs root.
    pub document: String,
    /// `YYYY-MM-DD` when the gold file gives it (passed to the extractor as `--published`).
    pub published: Option<String>,
    /// ISO 639-1 code of the document (`ar`, `en`, `fa`, `ps`), when the gold file gives it.
    pub language: Option<String>,
    /// The whole gold file.
    pub gold: Value,
}

/// All gold files of a folder, sorted by name as score.py lists them (`*.json` only).
pub fn load_gold(gold_dir: &Path) -> Result<Vec<GoldDoc>, String> {
    let entries = std::fs::read_dir(gold_dir).map_err(|e| format!("{}: {e}", gold_dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", gold_dir.display()))?;
        if let Some(name) = entry.file_name().to_str() {
            if name.ends_with(".json") {
                names.push(name.to_string());
            }
        }
    }
    // Byte order of UTF-8 is code point order, which is how Python sorts str.
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let path = gold_dir.join(&name);
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let gold: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let document = gold
                .get("document")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("{}: no \"document\" string", path.display()))?
                .to_string();
            if !gold.get("events").is_some_and(Value::is_array) {
                return Err(format!("{}: no \"events\" list", path.display()));
            }
            let published = gold.get("published").and_then(Value::as_str).map(str::to_string);
            let language = gold.get("language").and_then(Value::as_str).map(str::to_string);
            Ok(GoldDoc { name, document, published, language, gold })
        })
        .collect()
}

/// The entries of a JSONL text as score.py reads them: lines split at `\n`, `\r` or `\r\n`,
/// blank lines and lines that are not JSON skipped, only objects kept.
pub fn parse_jsonl(text: &str) -> Vec<Value> {
    text.split('\n')
        .flat_map(|l| l.split('\r'))
        .map(py::strip)
        .filter(|l| !l.is_empty())
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(Value::is_object)
        .collect()
}

/// Scores a prediction folder exactly as `score.py GOLD_DIR DOCS_ROOT PRED_DIR` does: for each
/// gold file `NAME.json`, the entries of `PRED_DIR/NAME.jsonl` (none when it is missing).
pub fn score_dirs(gold_dir: &Path, docs_root: &Path, pred_dir: &Path) -> Result<Report, String> {
    let mut docs = Vec::new();
    for g in load_gold(gold_dir)? {
        let text = read_document(docs_root, &g)?;
        let stem = g.name.strip_suffix(".json").unwrap_or(&g.name);
        let pfile = pred_dir.join(format!("{stem}.jsonl"));
        let preds = if pfile.exists() {
            let raw = std::fs::read_to_string(&pfile).map_err(|e| format!("{}: {e}", pfile.display()))?;
            parse_jsonl(&raw)
        } else {
            Vec::new()
        };
        docs.push((g, text, preds));
    }
    Ok(score(&docs))
}

/// The text of a gold file's document, read as score.py reads it (UTF-8, line ends kept).
pub fn read_document(docs_root: &Path, gold: &GoldDoc) -> Result<String, String> {
    let path = docs_root.join(&gold.document);
    std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Event counts of one document, and what did not agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocScore {
    pub name: String,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// Gold entries no output entry paired with (indices into the gold file's `events`).
    pub missed: Vec<usize>,
    /// Output entries no gold entry paired with (indices into the predictions).
    pub spurious: Vec<usize>,
    /// Paired entries and the field checks they failed.
    pub disagreements: Vec<Disagreement>,
}

/// A field check that failed on a paired gold and output entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// Index into the gold file's `events`.
    pub gold: usize,
    /// Index into the predictions.
    pub output: usize,
    /// The check's name as the report counts it (`claimant`, `killed_best`, ...).
    pub field: String,
}

/// What score.py prints, as numbers. `Display` gives its output line for line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Per gold file, in name order.
    pub docs: Vec<DocScore>,
    /// Per field check: (right, scored).
    pub fields: BTreeMap<String, (usize, usize)>,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// Matched pairs whose evidence did not overlap (paired by location and sub-event type).
    pub ev_miss: usize,
}

/// score.py's `prf`, same operation order so the floats agree bit for bit.
fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let (tp, fp, fn_) = (tp as f64, fp as f64, fn_ as f64);
    let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

impl Report {
    pub fn precision(&self) -> f64 {
        prf(self.tp, self.fp, self.fn_).0
    }

    pub fn recall(&self) -> f64 {
        prf(self.tp, self.fp, self.fn_).1
    }

    pub fn f1(&self) -> f64 {
        prf(self.tp, self.fp, self.fn_).2
    }

    /// (right, scored) over all field checks.
    pub fn field_totals(&self) -> (usize, usize) {
        self.fields.values().fold((0, 0), |(a, b), &(ok, n)| (a + ok, b + n))
    }

    /// Micro average: every field check counts alike.
    pub fn mean_field_accuracy(&self) -> f64 {
        let (ok, n) = self.field_totals();
        if n > 0 {
            ok as f64 / n as f64
        } else {
            0.0
        }
    }

    /// score.py's exit condition for `--min-f1` / `--min-field`.
    pub fn below(&self, min_f1: Option<f64>, min_field: Option<f64>) -> bool {
        min_f1.is_some_and(|m| self.f1() < m) || min_field.is_some_and(|m| self.mean_field_accuracy() < m)
    }
}

/// Every line ends with a newline, as `print` does: write it with `print!`, not `println!`.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.docs {
            let (p, r, f1) = prf(d.tp, d.fp, d.fn_);
            writeln!(f, "{}: tp={} fp={} fn={} P={p:.2} R={r:.2} F1={f1:.2}", d.name, d.tp, d.fp, d.fn_)?;
        }
        for (name, &(ok, n)) in &self.fields {
            writeln!(f, "  field {name}: {ok}/{n} = {:.2}", ok as f64 / n as f64)?;
        }
        let (ok, n) = self.field_totals();
        let (p, r, f1) = prf(self.tp, self.fp, self.fn_);
        writeln!(f, "evidence misses among matched: {}", self.ev_miss)?;
        writeln!(
            f,
            "events P={p:.2} R={r:.2} F1={f1:.2}; mean field accuracy {:.2} ({ok}/{n} field checks)",
            self.mean_field_accuracy()
        )
    }
}

/// score.py's `norm`: numbers (and bools) as `str()` gives them, anything else NFKC-folded,
/// lower-cased, with whitespace and `-_'’`.,()/` removed.
pub fn norm(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Bool(_) | Value::Number(_) => Some(py::to_str(v)),
        Value::String(s) => Some(norm_str(s)),
        other => Some(norm_str(&py::to_str(other))),
    }
}

/// `norm` of a string.
pub fn norm_str(s: &str) -> String {
    let folded: String = s.nfkc().collect();
    folded.to_lowercase().chars().filter(|&c| !(py::is_space(c) || "-_'’`.,()/".contains(c))).collect()
}

/// score.py's `province_key`: the usual spelling for a known province, else `norm`.
pub fn province_key(v: &Value) -> Option<String> {
    let n = norm(v)?;
    for (key, alts) in PROVINCES {
        if n == key || alts.contains(&n.as_str()) {
            return Some(key.to_string());
        }
    }
    Some(n)
}

/// `difflib.SequenceMatcher(None, a, b).ratio()`.
pub fn similar(a: &str, b: &str) -> f64 {
    ratio(a, b)
}

fn accepted(g: &Value) -> Vec<Option<String>> {
    match g {
        Value::Array(a) => a.iter().map(norm).collect(),
        other => vec![norm(other)],
    }
}

/// score.py's `field_match(gv, pv, field)`.
fn field_match(gv: &Value, pv: &Value, field: Option<&str>) -> bool {
    let mut pv = pv;
    if let Value::Array(a) = pv {
        pv = a.first().unwrap_or(&NULL);
    }
    if let Value::Object(o) = pv {
        // `pv.get("name") or pv.get("text")`
        pv = match o.get("name") {
            Some(v) if py::truthy(v) => v,
            _ => o.get("text").unwrap_or(&NULL),
        };
    }
    if let (Some("claimant" | "perpetrator" | "target"), Value::String(s)) = (field, pv) {
        if s.contains(';') {
            let ok = accepted(gv);
            let parts: Vec<Option<String>> =
                s.split(';').filter(|x| !py::strip(x).is_empty()).map(|x| Some(norm_str(x))).collect();
            return !parts.is_empty() && parts.iter().all(|x| ok.contains(x));
        }
    }
    if field == Some("province") {
        let golds: Vec<Option<String>> = match gv {
            Value::Array(a) => a.iter().map(province_key).collect(),
            other => vec![province_key(other)],
        };
        return golds.contains(&province_key(pv));
    }
    let n = norm(pv);
    let ok = accepted(gv);
    if ok.contains(&n) {
        return true;
    }
    if let (Some("district" | "place"), Some(n)) = (field, &n) {
        if !n.is_empty() {
            return ok.iter().flatten().any(|a| !a.is_empty() && similar(n, a) >= 0.85);
        }
    }
    false
}

/// score.py's `casualty`: (claim detected?, best exact? or None when gold best is null).
fn casualty(gv: &Value, pv: &Value) -> (bool, Option<bool>) {
    let detected = pv.is_null() == gv.is_null();
    let best = match gv.get("best") {
        Some(gb) if !gb.is_null() => Some(pv.as_object().is_some_and(|p| py::eq(p.get("best").unwrap_or(&NULL), gb))),
        _ => None,
    };
    (detected, best)
}

/// Byte spans of an entry's evidence: `{start, end}` in output; in gold a string, every
/// occurrence of which in the document counts.
fn spans_of(ev: &Map<String, Value>, text: &str) -> Vec<(i128, i128)> {
    match ev.get("evidence") {
        Some(Value::Object(e)) => {
            let start = e.get("start").and_then(py::to_int);
            let end = e.get("end").and_then(py::to_int);
            match (start, end) {
                (Some(s), Some(t)) => vec![(s, t)],
                _ => Vec::new(),
            }
        }
        Some(Value::String(e)) if !e.is_empty() => {
            let mut out = Vec::new();
            let mut from = 0;
            while let Some(k) = text[from..].find(e.as_str()) {
                let b = from + k;
                out.push((b as i128, (b + e.len()) as i128));
                // Python restarts at the next code point, so overlapping occurrences count.
                let step = text[b..].chars().next().map_or(1, char::len_utf8);
                from = b + step;
            }
            out
        }
        _ => Vec::new(),
    }
}

fn overlap(gold: &[(i128, i128)], pred: &[(i128, i128)]) -> f64 {
    let mut best = 0.0f64;
    for a in gold {
        for b in pred {
            let inter = (a.1.min(b.1) - a.0.max(b.0)).max(0);
            let den = 1.max(a.1 - a.0).max(b.1 - b.0);
            best = best.max(inter as f64 / den as f64);
        }
    }
    best
}

fn get<'a>(m: &'a Map<String, Value>, key: &str) -> &'a Value {
    m.get(key).unwrap_or(&NULL)
}

/// Counts one field check, and keeps the failed ones of a pair for `--misses`.
struct Checks<'a> {
    fields: &'a mut BTreeMap<String, (usize, usize)>,
    failed: &'a mut Vec<Disagreement>,
    gold: usize,
    output: usize,
}

impl Checks<'_> {
    fn bump(&mut self, name: &str, ok: bool) {
        let e = self.fields.entry(name.to_string()).or_insert((0, 0));
        e.0 += usize::from(ok);
        e.1 += 1;
        if !ok {
            self.failed.push(Disagreement { gold: self.gold, output: self.output, field: name.to_string() });
        }
    }
}

/// A set of province keys of a gold `provinces` value (iterated as Python iterates it).
fn province_set(v: &Value) -> HashSet<Option<String>> {
    match v {
        Value::Array(a) => a.iter().map(province_key).collect(),
        Value::String(s) => s.chars().map(|c| province_key(&Value::String(c.to_string()))).collect(),
        Value::Object(o) => o.keys().map(|k| province_key(&Value::String(k.clone()))).collect(),
        _ => HashSet::new(),
    }
}

/// Scores predictions: per gold file, its document text and the predicted entries (JSON
/// objects as `sitrep extract --format jsonl` prints; anything else is skipped).
pub fn score(docs: &[(GoldDoc, String, Vec<Value>)]) -> Report {
    let empty = Map::new();
    let mut rep = Report::default();
    for (gold, text, preds) in docs {
        let gevs: Vec<&Map<String, Value>> = gold
            .gold
            .get("events")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|g| g.as_object().unwrap_or(&empty)).collect())
            .unwrap_or_default();
        let pevs: Vec<&Map<String, Value>> = preds.iter().filter_map(Value::as_object).collect();
        let gsp: Vec<_> = gevs.iter().map(|g| spans_of(g, text)).collect();
        let psp: Vec<_> = pevs.iter().map(|p| spans_of(p, text)).collect();

        let mut pairs: Vec<(f64, usize, usize, bool)> = Vec::new();
        for (i, g) in gevs.iter().enumerate() {
            for (j, p) in pevs.iter().enumerate() {
                let s = overlap(&gsp[i], &psp[j]);
                let mut loc = 0.0;
                if py::truthy(get(g, "province"))
                    && field_match(get(g, "province"), get(p, "province"), Some("province"))
                {
                    loc += 0.2;
                }
                if py::truthy(get(g, "district"))
                    && field_match(get(g, "district"), get(p, "district"), Some("district"))
                {
                    loc += 0.2;
                }
                if py::truthy(get(g, "sub_event_type"))
                    && field_match(get(g, "sub_event_type"), get(p, "sub_event_type"), None)
                {
                    loc += 0.1;
                }
                if s >= 0.2 || loc >= 0.4 {
                    pairs.push((s + loc, i, j, s >= 0.2));
                }
            }
        }
        // Python's `sort(reverse=True)` on (score, i, j, ev_ok) tuples.
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)).then(b.3.cmp(&a.3)));
        let mut gi = HashSet::new();
        let mut pj = HashSet::new();
        let mut matched = Vec::new();
        for &(_, i, j, ev_ok) in &pairs {
            if gi.contains(&i) || pj.contains(&j) {
                continue;
            }
            gi.insert(i);
            pj.insert(j);
            matched.push((i, j, ev_ok));
        }
        let (tp, fp, fn_) = (matched.len(), pevs.len() - matched.len(), gevs.len() - matched.len());
        rep.tp += tp;
        rep.fp += fp;
        rep.fn_ += fn_;
        rep.ev_miss += matched.iter().filter(|m| !m.2).count();

        let mut disagreements = Vec::new();
        for &(i, j, _) in &matched {
            let (g, p) = (gevs[i], pevs[j]);
            let mut checks = Checks { fields: &mut rep.fields, failed: &mut disagreements, gold: i, output: j };
            for f in FIELDS {
                let gv = get(g, f);
                if gv.is_null() {
                    continue;
                }
                checks.bump(f, field_match(gv, get(p, f), Some(f)));
            }
            let gprov = get(g, "provinces");
            if py::truthy(gprov) {
                let pp: HashSet<Option<String>> = match get(p, "provinces") {
                    Value::Array(a) => a.iter().filter(|x| x.is_string()).map(province_key).collect(),
                    _ => HashSet::new(),
                };
                checks.bump("provinces", province_set(gprov) == pp);
            }
            // `(g.get("date") or {}).get("start")`
            let gstart = get(g, "date").get("start").filter(|s| py::truthy(s));
            if let Some(gstart) = gstart {
                let pstart = get(p, "date").get("start").unwrap_or(&NULL);
                checks.bump("date", py::eq(pstart, gstart));
            }
            let gatt = get(g, "attacks");
            if !gatt.is_null() {
                checks.bump("attacks", py::eq(get(p, "attacks"), gatt));
            }
            for f in ["killed", "wounded", "captured"] {
                if !g.contains_key(f) {
                    continue;
                }
                let (d, b) = casualty(get(g, f), get(p, f));
                checks.bump(&format!("{f}_claim"), d);
                if let Some(b) = b {
                    checks.bump(&format!("{f}_best"), b);
                }
            }
        }
        let missed = (0..gevs.len()).filter(|i| !gi.contains(i)).collect();
        let spurious = (0..pevs.len()).filter(|j| !pj.contains(j)).collect();
        rep.docs.push(DocScore { name: gold.name.clone(), tp, fp, fn_, missed, spurious, disagreements });
    }
    rep
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ratio_matches_difflib() {
        // Expected values from Python 3.11 difflib.SequenceMatcher(None, a, b).ratio().
        let cases: &[(&str, &str, f64)] = &[
            ("lorsheen", "lorshin", 0.8),
            ("balabuluk", "balaboluk", 0.8888888888888888),
            ("nahresaraj", "nahrisaraj", 0.9),
            ("", "", 1.0),
            ("abc", "", 0.0),
            ("marja", "marjah", 0.9090909090909091),
            ("shindand", "shindad", 0.9333333333333333),
            ("lashkargah", "lashkargāh", 0.9),
            ("سنگین", "سنگين", 0.8),
            ("abcd", "dcba", 0.25),
            ("qalaizal", "qalaezal", 0.875),
            ("kajaki", "kajakai", 0.9230769230769231),
            ("ba aa", "c a baac", 0.46153846153846156),
            (" aaac", "a ab a  caba bccb a c ba  bca", 0.29411764705882354),
            ("cacac", "c ccc cccbbba c", 0.3),
            ("c b bcaac aba  aaccbbbc c aab aabc b ba ", "b acabcbbcccabcc cbc ccccbbabbbbac bccabc c  cb  ac ccccacc", 0.40404040404040403),
            ("aaaa aabcaaacacabcaaac abbcb aa    baaab", "cb ab cb a cac cbcb   cb bbcbb ccaacccb ccccababcbcbc", 0.45161290322580644),
            ("cca baa a a ba   aaaaaac acc baccaaaaca ", "bacbc b cc cbacc  c b b  acb abbbc a ac   ca abbc", 0.38202247191011235),
            ("aac caa bccccab cc cacbca a a  baa aabaababa aa  aaa c b abbababc  a bccbcaaaaabbaaba b accc babaa abaabacaaba abc bcaacaaabaaabbcab cabbabaaaccac a a  c cbaabaa baaaab aaa cbcaba aab abbbcbaababaab a bcaacaabaa ca abbaaccac b abcaac cacccacaaaaaba  ", "a bccaca  a accacbbbcccacca ba bccc  bacaccabcc cccca bcacacca cccbba ab ccb  cacbcccabaccccbccccacacccabacccacc acccacaacbbcc cbccac  baacc bcca bbccccccccbcc cabbab c bccccb bbabc acbcc baccc bcccacc cb  bacbcccccabacc caac ccbabbb aca aabb acbc ca", 0.004),
            ("aabcca bacaacb bba cacaa baaa  aba ba ab b aabcaa abaa abbac caa  aca aaaca aaa  baaabaac ab bb aaaabab aca bb aa abc abb a a a a aabaacbbbbcabbbbacaaaa   b  a aabacabb bcaca aa aa ccba aabcaaa   aaa  cacabbbcbbbba aaaaabcaba baccaa aaa a babaaaaccaa", " bc caa  cbaccbabca bacccb cabac cacac b abccccccac cccacbccbacbcaac ccbbaa bca  c bbccb baaccbcbacca ca bb c bcb bac bccabbba acac c ccc bcccc cbaa ccbc cbccaabcccac  aabac aa cbaa abbccbbac cbc ccbc cb c  bccabbcbcccbca acc   ac ccccc bccacbb ac cc caabbc cc cabcb aaa", 0.0),
            ("acbbacbca cbcaabc aaaaa aaab baacbcc cc aaaaaca aaaaaaccaa accc cacbaba ca   a aaabaaabbabc cbbaacaabaaaba bca c  caa acba ccacaaaaaacabaaaaaaaaacbaca aaaaaaaab aaaabbb babbbabbcc bca a cab accaacba acabaab a a cbcbcabaa aaa cabba  a ababb cca a accc", "c c bc cbccc bbccb bcc bbbc  cbbcbcababcbbccccbaacbccaaccb ccabc cabc  cb bbaccccacbcbcccca c bcaccaac bbb ca c bc ac cccbbc a caccccaaaccc cabcc bccbbbabc bbcccc bccbccccbcaccbccccc acbccaa cb c aabacc a bbbccbbc b  a cbcb aca accbbcc accbcbcb  abc", 0.0),
            (" c b b  aabaacabac  aaa ababb ccab b bcabbb  bcbcba ababbacaa c cca baaaa caccc cacaaa aaaa aababcbba aba cca ccaa c  aa cca  caa aaa aaaaaaa abca aabaabc  baaaaaca bbca cabbc  aaaba    bcbbbaccbcaacbc a   ca babbb acabacabc bcacc  aabca  abca  cacbaa ccbcb ccaaaaaabbccb caaa bab aabcabbccaaaac ccabb a ccababaa aaaacb  ac aabbcaac a abaaaabbacaabc aaabaabcc a bbb ab  a aaa aaaaacba a aa bba ababaa", "c bcbcccbbac ccbccacccab ab ccacbcccbbacccbacbac c bca cbccacbc bbb bbb aa ccbbb b cbaa ca ccccaaccbcbb cabc  ac c aacbcc acacc a  babab bbacc aaabca  c bcacabacacc  caaacb  bbb ccbacc   acacccbcc cc ac bcbcaca baccb abbcccaaa c c a aca acbacaccbaa  cac  bca bcc ccba cc  bcb cc c cccabcbb  c cacbbc ccccbcaab a cca ccca bbcccbb  c accbcaac  acc bcc  acccccccc   ccaccccb cbc c bacc bcbcaaac cc c  c  cccca c", 0.0),
            (" aacaa bc ccaa    ccbcaabbbabcaabbc acbcaca aaccabca aabcab acaaaa ccbccaca caaaccaaaaac  c aacbaabbaabacaba c aaa ca acaaaaacaba b cb aa ca b  aaaaab aab cbabc b aa bca a bba ababaaaaabcac  aabba  cab caa abc cbca ccaaacacb acaba aaabaaacbcbaabaaba bb  abaabb a a baababcaa aca aba acbacac cb cbaabaccaaaababa  cabcab  bc caa ca aacbacaacbaaabb aabaa  aaac abbaaccabac aac  aabab aaabbaab aab  cbbac", "aaccac cacccb cacac cbabaacbccb bac ccbccbcb ccbaaa cabcccbc  abbbbccaaccbbcaa  cbcaa ccacabbccac c bca c cc bc  aac c  cccbcc abbcab c  cc b cccabbb abcab ccb cb  a   acacb   a acc bb cabc acbacaa bccabca b acbccacabc  cca cac c aabccbca caacaacbb ccb c ccaacbc caaab  ccbccb  acc bcb  abbccc ccccac ccbabc abbccca cc    ba abc accbbaccc bc ccaccc cbbcbbbacccc cb abccc  cab a bc ccccaccbcc abcbabacc", 0.0),
            ("acbcaaaaacaaacbaaabcabaabba  cbaa aacb c b aabcba cbaaaaaacabb bcccaccbacb abc cbbccbabac abaa aacaaaccacabcbaaacaba  ab  abaaaa baac   aabab aabab bb aca babbaba aabcc acaaba a abaaaaabacbaa  a b bacaaaaaccac aaabaaa ac aaacaccacb abaaabaabbaaaca cbbaba cbcb b  bc  a   aaaccbc aaaacaa cb cb ca  cbcc a ba cbcbacacbb bcc caaacbcacabaaa aab b a ab abbccb ab b a  acaaab cacbcb bacaacbacabcbbbab ac aa", "cc cacccaccc ccbc b b cabcaaccc ccaa  cccccbacccb abbc ac cccaaba aacab cabcca c bcabccb ab c cacccc c caccbcc ccbbab ccc bccbc aca ac cacbccbb  cccbbabcaaba cba bcbcb bbb acabaacbcccbababccb c bccc bbbcaccbcb abcbbcccaacab  acccacabccc   abbccb ca  aacbbcabccccbccbaca ca ab ccaaa  acbc cacbcbacaccbcaababcc  accbb  a ccbcc bbb  baaaac bbabbcacc  ac aa bbb  aba caab bccac bacccaabb bbcbbbbcaacac ca abac", 0.0),
        ];
        for &(a, b, want) in cases {
            assert_eq!(ratio(a, b), want, "{a} / {b}");
        }
    }

    #[test]
    fn norm_matches_python() {
        // Expected values from score.py's norm() under Python 3.11.
        for (s, want) in [
            ("Nahr-e Saraj", "nahresaraj"),
            ("Maidan Wardak", "maidanwardak"),
            ("ＡＢＣ", "abc"),
            ("Lashkar Gah (city)", "lashkargahcity"),
            ("O’Neil's\u{a0}x\u{1c}y", "oneilsxy"),
            ("ﬁre", "fire"),
            ("ΟΔΟΣ", "οδος"),
            ("İstanbul", "i\u{307}stanbul"),
            ("وزارة الدفاع", "وزارةالدفاع"),
        ] {
            assert_eq!(norm(&json!(s)).as_deref(), Some(want), "{s}");
        }
        assert_eq!(norm(&json!(null)), None);
        assert_eq!(norm(&json!(3)).as_deref(), Some("3"));
        assert_eq!(norm(&json!(2.0)).as_deref(), Some("2.0"));
        assert_eq!(norm(&json!(true)).as_deref(), Some("True"));
        assert_eq!(norm(&json!(["a", null, 1])).as_deref(), Some("[anone1]"));
        assert_eq!(norm(&json!({"name": "it's"})).as_deref(), Some("{name:\"its\"}"));
    }

    #[test]
    fn province_key_maps_spellings() {
        assert_eq!(province_key(&json!("Hilmand")).as_deref(), Some("helmand"));
        assert_eq!(province_key(&json!("Maidan Wardak")).as_deref(), Some("wardak"));
        assert_eq!(province_key(&json!("Sar-e Pul")).as_deref(), Some("sarepul"));
        assert_eq!(province_key(&json!("Sar-i-Pul")).as_deref(), Some("sarepul"));
        assert_eq!(province_key(&json!("Paktya")).as_deref(), Some("paktia"));
        assert_eq!(province_key(&json!("Atlantis")).as_deref(), Some("atlantis"));
        assert_eq!(province_key(&json!(null)), None);
    }

    #[test]
    fn field_match_rules() {
        // Multi-actor: every part must be acceptable.
        let g = json!(["Taliban", "Islamic State", null]);
        assert!(field_match(&g, &json!("Taliban; Islamic State"), Some("perpetrator")));
        assert!(!field_match(&g, &json!("Taliban; ANA"), Some("perpetrator")));
        assert!(field_match(&g, &json!(null), Some("perpetrator")));
        // Near spellings count for districts, not for other names.
        assert!(field_match(&json!("Bala Buluk"), &json!("Bala Boluk"), Some("district")));
        assert!(!field_match(&json!("Bala Buluk"), &json!("Bala Boluk"), Some("claimant")));
        assert!(field_match(&json!(["Helmand"]), &json!({"name": "Hilmand"}), Some("province")));
        assert!(!field_match(&json!("Helmand"), &json!(null), Some("province")));
    }

    #[test]
    fn jsonl_lines_as_python_reads_them() {
        let got = parse_jsonl("{\"a\":1}\r\n\n  \t\nnot json\r[1]\r{\"b\":2}\u{1c}");
        assert_eq!(got, vec![json!({"a": 1}), json!({"b": 2})]);
    }
}

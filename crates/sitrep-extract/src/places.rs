//! Places of one unit, resolved on the gazetteer with the report's context.

use std::ops::Range;

use sitrep_gazetteer::{Context, Gazetteer, Level, Mention, Resolved, UnitId};

use crate::reading::Read;

/// The places a unit names.
#[derive(Debug, Clone, Default)]
pub(crate) struct PlaceReading {
    pub province: Option<Read<String>>,
    pub district: Option<Read<String>>,
    pub place: Option<Read<String>>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geo_precision: Option<u8>,
    /// Every province the unit names, in order (for aggregates).
    pub provinces: Vec<Read<String>>,
    /// How many districts the unit names: two or more tell of several places at once.
    pub district_count: usize,
    /// The province unit, for context of later units.
    pub province_id: Option<UnitId>,
}

impl PlaceReading {
    pub fn is_empty(&self) -> bool {
        self.province.is_none() && self.district.is_none() && self.place.is_none()
    }
}

/// Resolves the gazetteer `mentions` that fall inside `unit`, with the provinces of the report so far.
pub(crate) fn read_places(
    mentions: &[Mention],
    unit: Range<usize>,
    datelines: &[Range<usize>],
    report_provinces: &[UnitId],
) -> PlaceReading {
    let gazetteer = Gazetteer::embedded();
    let within = |m: &Mention| m.range.start >= unit.start && m.range.end <= unit.end;
    // Usually every mention given lies inside: then they are resolved as they are, without copies.
    let copies: Vec<Mention>;
    let inside = if mentions.iter().all(within) {
        mentions
    } else {
        copies = mentions.iter().filter(|m| within(m)).cloned().collect();
        &copies
    };
    // Nothing to resolve: nothing read (`resolve` of no mentions is empty).
    if inside.is_empty() {
        return PlaceReading::default();
    }
    let context =
        Context { provinces: report_provinces.to_vec(), districts: Vec::new(), datelines: datelines.to_vec() };
    let mut resolved = gazetteer.resolve(inside, &context);
    // "in Ghormach district, Faryab province": the province the text names right after a place outranks the
    // gazetteer's parent of that place; a village of another province there is a homonym, dropped.
    let named: Vec<(Option<&str>, Range<usize>)> = resolved
        .iter()
        .filter(|r| r.level == Level::Province && r.cue == Some(sitrep_gazetteer::Cue::Province))
        .map(|r| (r.province, r.range.clone()))
        .collect();
    if let [(Some(named), at)] = named.as_slice() {
        let beside = |r: &Resolved| r.range.end <= at.start && at.start - r.range.end <= 40;
        let conflicts = |r: &Resolved| r.level != Level::Province && r.province != Some(*named) && beside(r);
        resolved.retain(|r| !conflicts(r) || r.level == Level::District);
        for r in resolved.iter_mut().filter(|r| conflicts(r)) {
            r.province = Some(*named);
        }
    }
    let mut out = PlaceReading::default();
    let district = resolved.iter().find(|r| r.level == Level::District);
    let local = resolved.iter().find(|r| r.level.is_place());
    let province = resolved.iter().find(|r| r.level == Level::Province);
    let most_precise: Option<&Resolved> = local.or(district).or(province);
    if let Some(r) = most_precise {
        out.lat = r.lat;
        out.lon = r.lon;
        out.geo_precision = Some(r.geo_precision);
    }
    if let Some(p) = local {
        if let Some(name) = p.place {
            out.place = Some(Read::new(name.to_string(), p.range.clone()));
        }
    }
    // The district named, else the one the place lies in; the province of the district, else the one named.
    let district_source = district.or(local.filter(|p| p.district.is_some()));
    if let Some(d) = district_source {
        if let Some(name) = d.district {
            out.district = Some(Read::new(name.to_string(), d.range.clone()));
        }
    }
    let province_source = district_source.filter(|d| d.province.is_some()).or(province).or(local);
    if let Some(p) = province_source {
        if let Some(name) = p.province {
            let span = province.filter(|pr| pr.province == p.province).map_or(p.range.clone(), |pr| pr.range.clone());
            out.province = Some(Read::new(name.to_string(), span));
            out.province_id = province
                .filter(|pr| pr.province == p.province)
                .map_or_else(|| gazetteer.province_of(p.unit), |pr| Some(pr.unit));
        }
    }
    let mut districts: Vec<&str> = resolved.iter().filter(|r| r.level == Level::District).filter_map(|r| r.district).collect();
    districts.sort_unstable();
    districts.dedup();
    out.district_count = districts.len();
    for r in &resolved {
        if r.level == Level::Province {
            if let Some(name) = r.province {
                if !out.provinces.iter().any(|p| p.value == name) {
                    out.provinces.push(Read::new(name.to_string(), r.range.clone()));
                }
            }
        }
    }
    out
}

/// Words after "مركز" that say what kind of post it is, not where: "مركز أمني", "مركز تفتيش".
const POST_KINDS: &[&str] =
    &["امني", "عسكري", "تفتيش", "حكومي", "رئيسي", "متقدم", "اداري", "شرطه", "قياده", "مديريه", "ولايه"];

/// The forces a post belongs to, after its name: "لقوات الاحتلال", "للجيش العميل", "للشرطه".
const POST_OWNERS: &[&str] =
    &["لقوات", "للقوات", "للجيش", "للشرطه", "للعملاء", "للمليشيات", "للميليشيات", "للمرتزقه", "للاحتلال"];

/// A place the gazetteer does not know, named after a place word: "في منطقة لورشيين بمديرية ارغنداب",
/// "بمنطقة شركت ميوه بقندهار", "the village of Ganj Ali Beig", or a post called by its place ("مركز توبجي
/// لقوات الاحتلال"). The folded range of the name (the caller gives it in Latin letters).
pub(crate) fn unlisted_place(folded: &str, unit: Range<usize>) -> Option<Range<usize>> {
    let text = &folded[unit.clone()];
    // Most units name no place word: none of the cues below occurs in them. The searchers are built once.
    static CUES: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 5]> = std::sync::LazyLock::new(|| {
        ["منطقه", "قري", "مركز", "village", "area"].map(|cue| memchr::memmem::Finder::new(cue.as_bytes()))
    });
    if !CUES.iter().any(|cue| cue.find(text.as_bytes()).is_some()) {
        return None;
    }
    // Each piece of `split` is a subslice of `text`: its offset is where it sits.
    let tokens: Vec<(usize, &str)> = text
        .split(|c: char| !sitrep_text::is_word_char(c) && c != '-' && c != '\'')
        .filter(|t| !t.is_empty())
        .map(|t| (unit.start + (t.as_ptr() as usize - text.as_ptr() as usize), t))
        .collect();
    let cue_at = tokens.iter().position(|(_, t)| {
        let core = t.trim_start_matches(['و', 'ب', 'ف', 'ل']);
        matches!(core, "منطقه" | "المنطقه" | "قريه" | "القريه" | "قريتي")
    });
    let english_at = tokens
        .windows(2)
        .position(|w| matches!(w[0].1, "village" | "villages" | "area") && w[1].1 == "of")
        .map(|i| i + 1);
    let Some(start) = cue_at.or(english_at).map(|at| at + 1) else {
        return named_post(&tokens);
    };
    let mut end = start;
    while end < tokens.len() && end - start < 3 {
        let (at, t) = tokens[end];
        let stop = matches!(
            t,
            "في" | "فى"
                | "قرب"
                | "من"
                | "على"
                | "الى"
                | "عند"
                | "حيث"
                | "مما"
                | "ما"
                | "التابعه"
                | "in"
                | "of"
                | "near"
                | "district"
                | "province"
                | "and"
                | "where"
                | "on"
                | "during"
                | "the"
        ) || (end > start && (t.starts_with('ب') || t.starts_with("وب")))
            || folded[tokens[end - 1].0 + tokens[end - 1].1.len()..at].contains([',', '.', '،', ';', '(', ')']);
        if stop {
            break;
        }
        end += 1;
    }
    (end > start).then(|| tokens[start].0..tokens[end - 1].0 + tokens[end - 1].1.len())
}

/// "مركز توبجي لقوات الاحتلال": one word between "مركز" and the forces that hold the post, neither a kind of post
/// nor a word with the article, is the place the post is named after.
fn named_post(tokens: &[(usize, &str)]) -> Option<Range<usize>> {
    tokens.windows(3).find_map(|w| {
        let post = w[0].1.trim_start_matches(['و', 'ب', 'ف']);
        let name = w[1].1;
        let named = post == "مركز"
            && !name.starts_with("ال")
            && !name.starts_with('ل')
            && !POST_KINDS.contains(&name)
            && POST_OWNERS.iter().any(|o| w[2].1.starts_with(o));
        named.then(|| w[1].0..w[1].0 + name.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: Option<&str>) {
        let folded = sitrep_text::fold(text);
        let got = unlisted_place(&folded, 0..folded.len()).map(|r| folded[r].to_string());
        assert_eq!(got.as_deref(), expect.map(sitrep_text::fold).as_deref(), "{text}");
    }

    #[test]
    fn unlisted_places_after_place_words() {
        check("تفجير عبوة ناسفة في منطقة لورشيين بمديرية ارغنداب في ولاية قندهار", Some("لورشيين"));
        check("في سيارة للشرطة الموالية بمنطقة شركت ميوه بقندهار مما أسفر", Some("شركت ميوه"));
        check("returning from the villages of Ganj Ali Beig, Bolak Urta Boz", Some("Ganj Ali Beig"));
        check("a patrol in Helmand province", None);
        check("قصف المجاهدون مركز جلوكير لقوات الاحتلال بالصواريخ", Some("جلوكير"));
        check("هاجم المجاهدون مركز تفتيش للجيش العميل", None);
        check("هاجم المجاهدون مركزا للجيش العميل", None);
        check("في مركز المديرية للشرطة", None);
    }
}

//! Places of one unit, resolved on the gazetteer with the report's context.

use std::ops::Range;

use sitrep_gazetteer::{Context, Gazetteer, Level, Mention, Resolved, UnitId};
use sitrep_lexicon::{Cue, Hit, Sense};
use sitrep_text::Folded;

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
    /// How many provinces the unit's places lie in.
    pub province_count: usize,
    /// The provinces are named as a list: three or more, or two joined by a comma or a conjunction alone
    /// ("in Panjshir, Baghlan and Takhar").
    pub provinces_listed: bool,
    /// The province unit, for context of later units.
    pub province_id: Option<UnitId>,
}

impl PlaceReading {
    pub fn is_empty(&self) -> bool {
        self.province.is_none() && self.district.is_none() && self.place.is_none()
    }

    /// The province's canonical name, if one was read.
    pub fn province_name(&self) -> Option<&str> {
        self.province.as_ref().map(|p| p.value.as_str())
    }
}

/// Resolves the gazetteer `mentions` that fall inside `unit`, with the provinces of the report so far.
/// `airfields`: where the unit's airfield words stand ("airfield", "مطار").
pub(crate) fn read_places(
    mentions: &[Mention],
    unit: Range<usize>,
    datelines: &[Range<usize>],
    (report_provinces, filed_in): (&[UnitId], &[UnitId]),
    airfields: &[Range<usize>],
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
    let context = Context {
        provinces: report_provinces.to_vec(),
        districts: Vec::new(),
        datelines: datelines.to_vec(),
        filed_in: filed_in.to_vec(),
    };
    let mut resolved = gazetteer.resolve(inside, &context);
    // "KABUL, April 5 - Gunmen attacked a post in Balkh province": the dateline says where the story was filed; a
    // place the sentence names is where it happened.
    let in_dateline = |r: &Resolved| datelines.iter().any(|d| d.start <= r.range.start && r.range.end <= d.end);
    if resolved.iter().any(|r| !in_dateline(r) && r.level != Level::Country) {
        resolved.retain(|r| !in_dateline(r));
    }
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
    // "د کندز ښار په سید آباد سیمه کې" (the Sayedabad area of Kunduz city): a name called an area that the
    // gazetteer knows only in another province than every other place named is a place there it lacks.
    let area_elsewhere = |r: &Resolved| {
        (r.level == Level::District || r.level.is_place())
            && r.cue == Some(sitrep_gazetteer::Cue::Area)
            && resolved.iter().any(|o| o.range != r.range && o.province.is_some())
            && resolved.iter().filter(|o| o.range != r.range).all(|o| o.province.is_some_and(|p| r.province != Some(p)))
    };
    let elsewhere: Vec<Range<usize>> = resolved.iter().filter(|r| area_elsewhere(r)).map(|r| r.range.clone()).collect();
    resolved.retain(|r| !elsewhere.contains(&r.range));
    // "في منطقة سرخ مرغاب بمديرية ترينكوت" under "ولاية أروزجان:": a district called one, or in a province the
    // report is in, outranks a district's name without its word in another province none names, which is then
    // part of a place's name ("سرخ مرغاب" is no Bala Murghab).
    let in_context = |r: &Resolved| gazetteer.province_of(r.unit).is_some_and(|p| report_provinces.contains(&p));
    let district_cue = |r: &Resolved| r.cue == Some(sitrep_gazetteer::Cue::District);
    let settled = resolved.iter().find(|r| r.level == Level::District && (district_cue(r) || in_context(r)));
    if let Some(kept) = settled.map(|r| r.province) {
        let named = |p: Option<&str>| resolved.iter().any(|o| o.level == Level::Province && o.province == p);
        let stray: Vec<Range<usize>> = resolved
            .iter()
            .filter(|r| r.level == Level::District && !district_cue(r) && !in_context(r))
            .filter(|r| r.province != kept && !named(r.province))
            .map(|r| r.range.clone())
            .collect();
        resolved.retain(|r| !stray.contains(&r.range));
    }
    // "منطقة دند غوري بمديرية بلخمري": a village of another province than the district named is a homonym.
    let named_district = resolved.iter().find(|r| r.level == Level::District).map(|d| (d.province, d.district));
    if let Some((Some(p), _)) = named_district {
        resolved.retain(|r| !r.level.is_place() || r.province.is_none_or(|q| q == p));
    }
    // "د ارغنداب ولسوالۍ په شاه آغا سیمه کې": a place the gazetteer puts in another district than the one named
    // is a homonym too (the district stands).
    if let Some((_, Some(d))) = named_district {
        resolved.retain(|r| !r.level.is_place() || r.district.is_none_or(|q| q == d));
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
    // "Bagram Airfield", "مطار قندهار": an airfield beside the name of the place it serves.
    if out.place.is_none() {
        let beside = |a: &Range<usize>, r: &Range<usize>| {
            a.end <= r.start && r.start - a.end <= 1 || r.end <= a.start && a.start - r.end <= 1
        };
        let airfield = resolved.iter().find_map(|r| airfields.iter().find(|a| beside(a, &r.range)).map(|a| (r, a)));
        if let Some((r, a)) = airfield {
            let span = r.range.start.min(a.start)..r.range.end.max(a.end);
            out.place = Some(Read::new(format!("{} Airfield", r.name), span));
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
    let mut districts: Vec<&str> =
        resolved.iter().filter(|r| r.level == Level::District).filter_map(|r| r.district).collect();
    districts.sort_unstable();
    districts.dedup();
    out.district_count = districts.len();
    let mut provinces: Vec<&str> = resolved.iter().filter_map(|r| r.province).collect();
    provinces.sort_unstable();
    provinces.dedup();
    out.province_count = provinces.len();
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

/// A place the gazetteer does not know, named after a place word (`place_word` cues: "في منطقة لورشيين
/// بمديرية ارغنداب", "بمنطقة شركت ميوه بقندهار", "the village of Ganj Ali Beig", "در منطقه‌ی باغ بالا"), or a post
/// called by its place ("مركز توبجي لقوات الاحتلال": `post_word`, a name, then the forces that hold it). The name
/// runs for at most three words, up to punctuation, a function word ("في", "in", "در"), a word of the
/// vocabularies (actors, events, administrative nouns such as "بمديرية") or a known place ("بقندهار"). The folded
/// range of the name (the caller gives it in Latin letters).
pub(crate) fn unlisted_place(
    folded: &str,
    unit: Range<usize>,
    hits: &[Hit<'_>],
    mentions: &[Mention],
) -> Option<Range<usize>> {
    let in_unit = |h: &&Hit<'_>| h.range.start >= unit.start && h.range.end <= unit.end;
    let cue = |c: Cue| move |h: &&Hit<'_>| matches!(h.sense, Sense::Cue(k) if *k == c);
    // Most units name no place word: nothing to read.
    // "این منطقه", "this area": a place word after a demonstrative refers back and names nothing.
    let refers_back = |h: &&Hit<'_>| {
        hits.iter().any(|s| {
            matches!(s.sense, Sense::Cue(Cue::SamePlace))
                && s.range.start <= h.range.start
                && h.range.end <= s.range.end
        })
    };
    // "المنطقة" with the article is "the area" told of: no name follows it; after "ل" the article's alif is not
    // written ("للمنطقة", to the area).
    let with_article = |h: &&Hit<'_>| {
        let proclitics = &folded[sitrep_text::token_start(folded, h.range.start)..h.range.start];
        proclitics.ends_with("ال") || proclitics.ends_with("لل")
    };
    let place_word =
        hits.iter().filter(in_unit).filter(cue(Cue::PlaceWord)).find(|h| !refers_back(h) && !with_article(h));
    let post_word = hits.iter().filter(in_unit).find(cue(Cue::PostWord));
    let from = place_word.or(post_word)?.range.end;
    let text = &folded[from..unit.end];
    // Each piece of `split` is a subslice of `text`: its offset is where it sits.
    let tokens: Vec<(usize, &str)> = text
        .split(|c: char| !sitrep_text::is_word_char(c) && c != '-' && c != '\'')
        .filter(|t| !t.is_empty())
        .map(|t| (from + (t.as_ptr() as usize - text.as_ptr() as usize), t))
        .take(4)
        .collect();
    // The reading of a word, its proclitics aside ("لقوات" is read from "قوات").
    let read =
        |(at, t): (usize, &str)| hits.iter().filter(in_unit).find(|h| h.range.start < at + t.len() && at < h.range.end);
    let lexicon = sitrep_lexicon::Lexicon::embedded();
    if place_word.is_none() {
        return named_post(&tokens, read);
    }
    // Token `k` is a name the gazetteer knows.
    let known_at = |k: usize| {
        tokens.get(k).is_some_and(|&(at, t)| mentions.iter().any(|m| m.range.start < at + t.len() && at < m.range.end))
    };
    let mut end = 0;
    while end < tokens.len() && end < 3 {
        let (at, t) = tokens[end];
        let after = if end == 0 { from } else { tokens[end - 1].0 + tokens[end - 1].1.len() };
        let broken = folded[after..at].contains([',', '.', '،', ';', '(', ')']);
        // A name the gazetteer knows only elsewhere (a homonym dropped for another province) is a place it lacks
        // here; one it resolved is left to the caller.
        let known = end > 0 && known_at(end);
        if broken || known || lexicon.is_function_word(t) || read(tokens[end]).is_some() {
            break;
        }
        end += 1;
    }
    // "منطقة دند غوري": a known name whose next word is another known one may be part of a longer name; not read.
    if end == 1 && known_at(0) && known_at(1) {
        return None;
    }
    (end > 0).then(|| tokens[0].0..tokens[end - 1].0 + tokens[end - 1].1.len())
}

/// A place named before its place word (`place_after` cues): "at the Kota Sangi crossroads", "in Pul-e Charkhi
/// area" (up to three capitalised words in Latin script), "د قلعه بختیار سیمه" (up to two words in Arabic script).
/// The name stops at punctuation other than quotation marks, a function word, a word of the vocabularies or a known
/// place. The folded range of the name.
pub(crate) fn name_before_place_word(
    text: &str,
    folded: &Folded,
    unit: Range<usize>,
    hits: &[Hit<'_>],
    mentions: &[Mention],
) -> Option<Range<usize>> {
    let f = folded.as_str();
    let in_unit = |h: &&Hit<'_>| h.range.start >= unit.start && h.range.end <= unit.end;
    let cue = hits.iter().filter(in_unit).find(|h| matches!(h.sense, Sense::Cue(Cue::PlaceAfter)))?;
    let before = &f[unit.start..cue.range.start];
    let tokens: Vec<(usize, &str)> = before
        .split(|c: char| !sitrep_text::is_word_char(c) && c != '-' && c != '\'')
        .filter(|t| !t.is_empty())
        .map(|t| (unit.start + (t.as_ptr() as usize - before.as_ptr() as usize), t))
        .collect();
    let lexicon = sitrep_lexicon::Lexicon::embedded();
    let latin = tokens.last().is_some_and(|(_, t)| t.is_ascii());
    let most = if latin { 3 } else { 2 };
    let mut first = tokens.len();
    let mut end_of_next = cue.range.start;
    while first > 0 && tokens.len() - first < most {
        let (at, t) = tokens[first - 1];
        let gap = &f[at + t.len()..end_of_next];
        let broken = gap.chars().any(|c| !c.is_whitespace() && !"\"“”«»'".contains(c));
        let read = hits.iter().filter(in_unit).any(|h| h.range.start < at + t.len() && at < h.range.end);
        // A name the gazetteer knows only elsewhere ("Sra Kala", two villages of Helmand, in a Nangarhar story)
        // is a place it lacks here; one it resolved in the unit is left to the caller.
        let known = !latin && mentions.iter().any(|m| m.range.start < at + t.len() && at < m.range.end);
        let capital =
            !latin || text[folded.original_range(at..at + t.len())].chars().next().is_some_and(char::is_uppercase);
        if broken || read || known || !capital || lexicon.is_function_word(t) {
            break;
        }
        first -= 1;
        end_of_next = at;
    }
    (first < tokens.len()).then(|| tokens[first].0..tokens[tokens.len() - 1].0 + tokens[tokens.len() - 1].1.len())
}

/// "مركز توبجي لقوات الاحتلال": one word after the post word, no word of the vocabularies ("مركز تفتيش") nor with
/// the article, then forces with the preposition ل, which hold the post: the word is the place it is named after.
fn named_post<'h>(
    tokens: &[(usize, &str)],
    read: impl Fn((usize, &str)) -> Option<&'h Hit<'h>>,
) -> Option<Range<usize>> {
    let [(name_at, name), owner, ..] = tokens else { return None };
    let owned = owner.1.starts_with('ل') && read(*owner).is_some_and(|h| matches!(h.sense, Sense::Actor { .. }));
    let named = !name.starts_with("ال")
        && !name.starts_with('ل')
        && read((*name_at, name)).is_none()
        && !sitrep_lexicon::Lexicon::embedded().is_function_word(name);
    (owned && named).then(|| *name_at..name_at + name.len())
}

/// Whether `provinces` (in text order) are named as a list: three or more, or two with only a comma or a
/// conjunction between them.
pub(crate) fn listed(folded: &str, provinces: &[Read<String>]) -> bool {
    match provinces {
        [a, b] => {
            let (x, y) = (&a.spans[0], &b.spans[0]);
            let gap = folded.get(x.end.min(y.end)..x.start.max(y.start)).unwrap_or("");
            let words: Vec<&str> =
                gap.split(|c: char| c.is_whitespace() || matches!(c, ',' | '،')).filter(|w| !w.is_empty()).collect();
            words.len() <= 1 && words.iter().all(|w| crate::is_word(sitrep_lexicon::WordClass::Conjunction, w))
        }
        list => list.len() >= 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: Option<&str>) {
        let folded = sitrep_text::fold(text);
        let hits = sitrep_lexicon::Lexicon::embedded().scan(&folded);
        let mentions = Gazetteer::embedded().mentions(&folded);
        let got = unlisted_place(&folded, 0..folded.len(), &hits, &mentions).map(|r| folded[r].to_string());
        assert_eq!(got.as_deref(), expect.map(sitrep_text::fold).as_deref(), "{text}");
    }

    #[test]
    fn unlisted_places_after_place_words() {
        check("انفجرت عبوة على الطريق في منطقة شين غر بمديرية بعيدة", Some("شين غر"));
        check("استهدف كمين دورية بمنطقة شنغري باغ بقندهار أمس", Some("شنغري باغ"));
        check("fighters withdrew to the village of Sang Surkh, officials said", Some("Sang Surkh"));
        check("در منطقه‌ی دشت سفید سه نفر کشته شدند", Some("دشت سفید"));
        check("در منطقهی دشت سفید سه نفر کشته شدند", Some("دشت سفید"));
        check("a patrol in Helmand province", None);
        check("قصف المقاتلون مركز سرغل لقوات الاحتلال ليلا", Some("سرغل"));
        check("هاجم المقاتلون مركز تفتيش للجيش العميل", None);
        check("هاجم المقاتلون مركزا للجيش العميل", None);
        check("في مركز المديرية للشرطة", None);
        check("قتل قائد في المنطقة، إضافة إلى ثلاثة مقاتلين", None);
        check("وقعت الاشتباكات في المنطقة الجبلية شرقي الولاية", None);
    }
}

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
    let inside: Vec<Mention> =
        mentions.iter().filter(|m| m.range.start >= unit.start && m.range.end <= unit.end).cloned().collect();
    let context =
        Context { provinces: report_provinces.to_vec(), districts: Vec::new(), datelines: datelines.to_vec() };
    let resolved = gazetteer.resolve(&inside, &context);
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
        if let Some(name) = &p.place {
            out.place = Some(Read::new(name.clone(), p.range.clone()));
        }
    }
    // The district named, else the one the place lies in; the province of the district, else the one named.
    let district_source = district.or(local.filter(|p| p.district.is_some()));
    if let Some(d) = district_source {
        if let Some(name) = &d.district {
            out.district = Some(Read::new(name.clone(), d.range.clone()));
        }
    }
    let province_source = district_source.filter(|d| d.province.is_some()).or(province).or(local);
    if let Some(p) = province_source {
        if let Some(name) = &p.province {
            let span = province.filter(|pr| pr.province == p.province).map_or(p.range.clone(), |pr| pr.range.clone());
            out.province = Some(Read::new(name.clone(), span));
            out.province_id = gazetteer.province_of(p.unit);
        }
    }
    for r in &resolved {
        if r.level == Level::Province {
            if let Some(name) = &r.province {
                if !out.provinces.iter().any(|p| &p.value == name) {
                    out.provinces.push(Read::new(name.clone(), r.range.clone()));
                }
            }
        }
    }
    out
}

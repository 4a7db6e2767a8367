//! The embedded gazetteer as `build.rs` compiled it: what `Gazetteer::parse` would make of the two embedded files,
//! taken instead when the files it is given have their checksum.

use sitrep_text::Prebuilt;

use crate::names::{NameRef, Names};
use crate::unit::{Level, Unit, UnitId};

pub(crate) struct Compiled {
    /// [`crate::artefact::checksum`] of the files compiled.
    pub(crate) checksum: u64,
    /// [`crate::artefact::version`] of the files compiled.
    pub(crate) version: u64,
    units: &'static [UnitRow],
    /// The units' strings end to end.
    unit_text: &'static str,
    /// The fields of [`Names`], as there; `refs` as (unit, cue only).
    text: &'static str,
    ends: &'static [u32],
    ref_first: &'static [u32],
    refs: &'static [(u32, bool)],
    unit_first: &'static [u32],
    unit_names: &'static [u32],
    /// The names' double array's key layout, [`sitrep_text::DoubleArray::ids`] and `first`.
    pub(crate) ids: &'static [u32],
    pub(crate) first: &'static [u32],
    /// [`sitrep_text::DoubleArray::fingerprint`] of the names.
    fingerprint: u64,
}

/// A [`Unit`] as a constant: its id is its place in the list, its strings are [`Str`]s.
struct UnitRow {
    country: Str,
    level: Level,
    key: Str,
    name: Str,
    province: Option<UnitId>,
    district: Option<UnitId>,
    lat: Option<f64>,
    lon: Option<f64>,
    geo_precision: u8,
    pcode: Option<Str>,
    iso: Option<Str>,
    capital: Option<UnitId>,
}

/// A string of `unit_text`, by its byte range: no pointer in a constant, so nothing to relocate at start.
#[derive(Clone, Copy)]
struct Str(u32, u32);

static NAME_TRIE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/names.da"));

pub(crate) static EMBEDDED: Compiled = include!(concat!(env!("OUT_DIR"), "/gazetteer.rs"));

impl Compiled {
    pub(crate) fn units(&self) -> Vec<Unit> {
        let text =
            |Str(start, end): Str| self.unit_text.get(start as usize..end as usize).unwrap_or_default().to_string();
        let unit = |(id, u): (usize, &UnitRow)| Unit {
            id: UnitId(id as u32),
            country: text(u.country),
            level: u.level,
            key: text(u.key),
            name: text(u.name),
            province: u.province,
            district: u.district,
            lat: u.lat,
            lon: u.lon,
            geo_precision: u.geo_precision,
            pcode: u.pcode.map(text),
            iso: u.iso.map(text),
            capital: u.capital,
        };
        self.units.iter().enumerate().map(unit).collect()
    }

    pub(crate) fn names(&self) -> Names {
        Names {
            text: self.text.to_string(),
            ends: self.ends.to_vec(),
            ref_first: self.ref_first.to_vec(),
            refs: self.refs.iter().map(|&(unit, cue_only)| NameRef { unit: UnitId(unit), cue_only }).collect(),
            unit_first: self.unit_first.to_vec(),
            unit_names: self.unit_names.to_vec(),
        }
    }

    /// The double array of the names, built from them.
    pub(crate) fn trie(&self) -> Prebuilt {
        Prebuilt { fingerprint: self.fingerprint, bytes: NAME_TRIE }
    }
}

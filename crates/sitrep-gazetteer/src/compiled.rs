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

/// A [`Unit`] as a constant: its id is its place in the list.
struct UnitRow {
    country: &'static str,
    level: Level,
    key: &'static str,
    name: &'static str,
    province: Option<UnitId>,
    district: Option<UnitId>,
    lat: Option<f64>,
    lon: Option<f64>,
    geo_precision: u8,
    pcode: Option<&'static str>,
    iso: Option<&'static str>,
    capital: Option<UnitId>,
}

static NAME_TRIE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/names.da"));

pub(crate) static EMBEDDED: Compiled = include!(concat!(env!("OUT_DIR"), "/gazetteer.rs"));

impl Compiled {
    pub(crate) fn units(&self) -> Vec<Unit> {
        let own = |s: Option<&str>| s.map(str::to_string);
        let unit = |(id, u): (usize, &UnitRow)| Unit {
            id: UnitId(id as u32),
            country: u.country.to_string(),
            level: u.level,
            key: u.key.to_string(),
            name: u.name.to_string(),
            province: u.province,
            district: u.district,
            lat: u.lat,
            lon: u.lon,
            geo_precision: u.geo_precision,
            pcode: own(u.pcode),
            iso: own(u.iso),
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

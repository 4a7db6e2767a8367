//! Export: CSV with ACLED's 31 export columns first, then sitrep's own; GeoJSON (RFC 7946).

use std::io::Write;

use serde_json::{json, Value};
use sitrep_extract::{Count, Precision};
use sitrep_lexicon::Lexicon;

use crate::{Error, StoredEntry};

/// ACLED's export columns, in their order.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// sitrep's columns after ACLED's.
pub const SITREP_COLUMNS: [&str; 17] = [
    "killed_low",
    "killed_best",
    "killed_high",
    "wounded_low",
    "wounded_best",
    "wounded_high",
    "captured_low",
    "captured_best",
    "captured_high",
    "claimant",
    "spokesperson",
    "kind",
    "evidence",
    "document_id",
    "entry_id",
    "sitrep_id",
    "date_basis",
];

/// The figure columns, low, best and high of killed, wounded and captured: the first of sitrep's columns, and a
/// tally's.
pub const FIGURE_COLUMNS: &[&str] = SITREP_COLUMNS.split_at(9).0;

/// ACLED's `fatalities`: its best estimate, conservative. sitrep's `best`, else `low` (the figure a vague
/// word guarantees), else 0.
pub fn fatalities(killed: Option<&Count>) -> u32 {
    killed.and_then(|c| c.best.or(c.low)).unwrap_or(0)
}

/// ACLED's inter code of an actor type.
pub fn inter_code(acled_type: &str) -> Option<u8> {
    Some(match acled_type {
        "State forces" => 1,
        "Rebel group" => 2,
        "Political militia" => 3,
        "Identity militia" => 4,
        "Rioters" => 5,
        "Protesters" => 6,
        "Civilians" => 7,
        "External/Other forces" => 8,
        _ => return None,
    })
}

fn inter_of(actor: Option<&str>) -> Option<u8> {
    Lexicon::embedded().actor_type(actor?).and_then(|t| inter_code(&t.acled_type))
}

/// ACLED's disorder type of an event type.
fn disorder_type(event_type: &str) -> &'static str {
    match event_type {
        "Battles" | "Explosions/Remote violence" | "Violence against civilians" => "Political violence",
        "Protests" | "Riots" => "Demonstrations",
        "Strategic developments" => "Strategic developments",
        _ => "",
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

/// A CSV cell that a spreadsheet shows and never runs: text that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return (a formula to Excel, LibreOffice and Google Sheets) gets a leading `'`, as OWASP advises
/// against CSV injection; the evidence of a document can start with anything. Numbers ("-3.5") are kept.
pub fn spreadsheet_safe(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The CSV row of one entry, in the order of [`ACLED_COLUMNS`] then [`SITREP_COLUMNS`], each cell
/// [`spreadsheet_safe`].
///
/// `event_id_cnty` is `AFG` and the entry id; `time_precision` is 1 for a day, 2 for a week, 3 for a month or
/// longer (`date_basis` names the day an undated document's entry fell back on, empty for a date read); `interaction` is ACLED's two-digit code (lower inter code first; `N0` for one actor);
/// `country`, `iso` and `region` are Afghanistan's when the entry has a province; `notes` is the evidence.
pub fn csv_row(e: &StoredEntry) -> Vec<String> {
    let x = &e.entry;
    let event_type = x.event_type.clone().unwrap_or_default();
    let inter1 = inter_of(x.perpetrator.as_deref());
    let inter2 = inter_of(x.target.as_deref());
    let interaction = match (inter1, inter2) {
        (Some(a), Some(b)) => format!("{}{}", a.min(b), a.max(b)),
        (Some(a), None) | (None, Some(a)) => format!("{a}0"),
        (None, None) => String::new(),
    };
    let civilian_targeting = if inter2 == Some(7) { "Civilian targeting" } else { "" };
    let located = x.location.province.is_some();
    let count = |c: Option<&Count>| -> [String; 3] {
        match c {
            Some(c) => [opt(c.low), opt(c.best), opt(c.high)],
            None => Default::default(),
        }
    };
    let mut row = vec![
        format!("AFG{}", e.entry_id),
        opt(x.date.map(|d| d.start)),
        opt(x.date.map(|d| d.start.year())),
        opt(x.date.map(|d| match d.precision {
            Precision::Day => 1,
            Precision::Week => 2,
            _ => 3,
        })),
        disorder_type(&event_type).to_string(),
        event_type,
        x.sub_event_type.clone().unwrap_or_default(),
        x.perpetrator.clone().unwrap_or_default(),
        String::new(),
        opt(inter1),
        x.target.clone().unwrap_or_default(),
        String::new(),
        opt(inter2),
        interaction,
        civilian_targeting.to_string(),
        if located { "4".into() } else { String::new() },
        if located { "South Asia".into() } else { String::new() },
        if located { "Afghanistan".into() } else { String::new() },
        x.location.province.clone().unwrap_or_default(),
        x.location.district.clone().unwrap_or_default(),
        String::new(),
        x.location
            .place
            .clone()
            .or_else(|| x.location.district.clone())
            .or_else(|| x.location.province.clone())
            .unwrap_or_default(),
        opt(x.location.lat),
        opt(x.location.lon),
        opt(x.location.geo_precision),
        e.source.clone().unwrap_or_default(),
        String::new(),
        e.evidence_text.clone(),
        fatalities(x.killed.as_ref()).to_string(),
        String::new(),
        e.extracted_at.to_string(),
    ];
    row.extend(count(x.killed.as_ref()));
    row.extend(count(x.wounded.as_ref()));
    row.extend(count(x.captured.as_ref()));
    row.extend([
        x.claimant.clone().unwrap_or_default(),
        x.spokesperson.clone().unwrap_or_default(),
        x.kind.as_str().to_string(),
        e.evidence_text.clone(),
        e.document_id.to_string(),
        e.entry_id.to_string(),
        x.id.clone(),
        e.date_basis.clone().unwrap_or_default(),
    ]);
    row.into_iter().map(spreadsheet_safe).collect()
}

/// A CSV export being written: the header first, then one row per entry.
pub struct CsvExport<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> CsvExport<W> {
    pub fn new(out: W) -> Result<CsvExport<W>, Error> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(ACLED_COLUMNS.iter().chain(SITREP_COLUMNS.iter()))?;
        Ok(CsvExport { writer })
    }

    pub fn write(&mut self, entry: &StoredEntry) -> Result<(), Error> {
        self.writer.write_record(csv_row(entry))?;
        Ok(())
    }

    pub fn finish(mut self) -> Result<(), Error> {
        self.writer.flush()?;
        Ok(())
    }
}

/// A GeoJSON Feature: a Point `[lon, lat]` when both are known, a null geometry otherwise.
pub fn geojson_feature(entry: &StoredEntry, properties: Value) -> Value {
    let geometry = match (entry.entry.location.lon, entry.entry.location.lat) {
        (Some(lon), Some(lat)) => json!({"type": "Point", "coordinates": [lon, lat]}),
        _ => Value::Null,
    };
    json!({"type": "Feature", "id": entry.entry_id, "geometry": geometry, "properties": properties})
}

/// A GeoJSON FeatureCollection.
pub fn geojson_collection(features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

//! An entry's row, read once for both backends: `ENTRY_COLUMNS` of `sqlite.rs` and `pg.rs` give the same columns
//! in the same order, and [`stored_entry`] turns either into a [`StoredEntry`].

use std::collections::BTreeMap;

use sitrep_count::Count;
use sitrep_extract::{DateRange, Entry, Location};

use crate::sqlite::{kind_of, list_of, precision_of, rule_of};
use crate::{Error, StoredEntry};

/// The cells of one row, by column number, as each backend reads them.
pub(crate) trait EntryRow {
    fn text(&self, i: usize) -> Result<Option<String>, Error>;
    fn int(&self, i: usize) -> Result<Option<i64>, Error>;
    fn real(&self, i: usize) -> Result<Option<f64>, Error>;
    fn bytes(&self, i: usize) -> Result<Vec<u8>, Error>;
}

/// A number of a narrower type, or an error naming what it counts.
fn num<T: TryFrom<i64>>(row: &impl EntryRow, i: usize, what: &str) -> Result<Option<T>, Error> {
    match row.int(i)? {
        None => Ok(None),
        Some(v) => T::try_from(v).map(Some).map_err(|_| Error::schema(format!("{what} {v} out of range"))),
    }
}

fn required_int(row: &impl EntryRow, i: usize, what: &str) -> Result<i64, Error> {
    row.int(i)?.ok_or_else(|| Error::schema(format!("{what} missing")))
}

fn required_text(row: &impl EntryRow, i: usize, what: &str) -> Result<String, Error> {
    row.text(i)?.ok_or_else(|| Error::schema(format!("{what} missing")))
}

/// The count of four columns from `i`: low, best, high and its rule (none when the rule is null).
fn count_at(row: &impl EntryRow, i: usize, what: &str) -> Result<Option<Count>, Error> {
    let (low, best, high) = (num::<u32>(row, i, what)?, num::<u32>(row, i + 1, what)?, num::<u32>(row, i + 2, what)?);
    Ok(row.text(i + 3)?.map(|r| Count { low, best, high, rule: rule_of(&r) }))
}

/// A stored entry from its row; its spans and destroyed items are read apart.
pub(crate) fn stored_entry(row: &impl EntryRow) -> Result<StoredEntry, Error> {
    let date = match (row.text(41)?, row.text(42)?, row.text(43)?) {
        (Some(s), Some(e), Some(p)) => match (s.parse(), e.parse(), precision_of(&p)) {
            (Ok(start), Ok(end), Some(precision)) => Some(DateRange { start, end, precision }),
            _ => None,
        },
        _ => None,
    };
    let evidence_start = required_int(row, 44, "evidence start")?;
    let evidence_end = required_int(row, 45, "evidence end")?;
    let list = |i: usize| -> Result<Vec<String>, Error> { Ok(row.text(i)?.map(|t| list_of(&t)).unwrap_or_default()) };
    let entry = Entry {
        id: required_text(row, 9, "entry id")?,
        kind: kind_of(&required_text(row, 10, "entry kind")?),
        summarizes: list(11)?,
        derived_from: list(12)?,
        claimant: row.text(13)?,
        spokesperson: row.text(14)?,
        perpetrator: row.text(15)?,
        target: row.text(16)?,
        event_type: row.text(17)?,
        sub_event_type: row.text(18)?,
        weapon: row.text(19)?,
        location: Location {
            province: row.text(20)?,
            district: row.text(21)?,
            place: row.text(22)?,
            lat: row.real(23)?,
            lon: row.real(24)?,
            geo_precision: num(row, 25, "geo precision")?,
        },
        killed: count_at(row, 26, "killed")?,
        wounded: count_at(row, 30, "wounded")?,
        captured: count_at(row, 34, "captured")?,
        destroyed: Vec::new(),
        attacks: num(row, 38, "attacks")?,
        provinces: list(39)?,
        period: row.text(40)?,
        date,
        evidence: evidence_start.max(0) as usize..evidence_end.max(0) as usize,
        spans: BTreeMap::new(),
    };
    Ok(StoredEntry {
        entry_id: required_int(row, 0, "entry row id")?,
        document_id: required_int(row, 1, "document id")?,
        revision_id: required_int(row, 2, "revision id")?,
        run_id: required_int(row, 3, "run id")?,
        document: required_text(row, 4, "document")?,
        source: row.text(5)?,
        language: required_text(row, 6, "language")?,
        evidence_text: row.text(7)?.unwrap_or_default(),
        extracted_at: required_int(row, 8, "extraction time")?,
        date_basis: row.text(46)?,
        published: row.text(47)?,
        document_hash: row.bytes(48)?,
        entry,
    })
}

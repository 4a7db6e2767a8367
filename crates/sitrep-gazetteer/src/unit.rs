//! The units of a gazetteer (`units.tsv`): provinces, districts, towns and villages, and the one reader of
//! their table (also run by `build.rs`, which compiles the embedded table into the binary).

use std::fmt;

use sitrep_text::tsv::{self, Error};

/// Index of a unit in the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub u32);

/// Administrative level of a unit. `Town` and `Village` are the "Place".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Country,
    Province,
    District,
    /// A town with its own coordinates (GeoNames).
    Town,
    /// A village or locality (IEC polling-centre location), placed at its district's centroid.
    Village,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Country => "country",
            Level::Province => "province",
            Level::District => "district",
            Level::Town => "town",
            Level::Village => "village",
        }
    }

    fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "country" => Level::Country,
            "province" => Level::Province,
            "district" => Level::District,
            "town" => Level::Town,
            "village" => Level::Village,
            _ => return None,
        })
    }

    /// Whether this is a place below the district (town or village).
    pub fn is_place(self) -> bool {
        matches!(self, Level::Town | Level::Village)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One unit: a province, district, town or village.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub id: UnitId,
    /// ISO 3166-1 alpha-2 of the country the unit is in (`AF`).
    pub country: String,
    pub level: Level,
    /// Stable key: AGCHO pcode (`AF30`, `AF3004`), `IEC<code>` for districts created since 2018,
    /// `GN<geonameid>` for towns, `V<district key>:<name>` for villages.
    pub key: String,
    /// Canonical name: the usual English press spelling.
    pub name: String,
    pub province: Option<UnitId>,
    pub district: Option<UnitId>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// ACLED geo-precision of the unit's own coordinates: 1 town, 2 district / village at district centroid,
    /// 3 province.
    pub geo_precision: u8,
    /// AGCHO 2018 pcode (provinces and districts).
    pub pcode: Option<String>,
    /// ISO 3166-2 (provinces).
    pub iso: Option<String>,
    /// For a province: its capital district.
    pub capital: Option<UnitId>,
}

/// The units of `units.tsv`, whose ids must run 0, 1, 2, ... in file order.
pub(crate) fn read_units(table: &tsv::Table<'_>) -> Result<Vec<Unit>, Error> {
    // Columns found once: the table has some 7,000 rows.
    let column = |name| table.column(name);
    let (id, country, level, key, name) =
        (column("id")?, column("country")?, column("level")?, column("key")?, column("name")?);
    let (province, district, lat, lon) = (column("province")?, column("district")?, column("lat")?, column("lon")?);
    let (geo_precision, pcode, iso, capital) =
        (column("geo_precision")?, column("pcode")?, column("iso")?, column("capital")?);
    let mut units = Vec::new();
    for row in table.rows() {
        let row = row?;
        let unit_id = |column| row.parse_opt(column).map(|id| id.map(UnitId));
        let unit: u32 = row.parse(id)?;
        if unit as usize != units.len() {
            return Err(row.invalid(id, "unit ids must be consecutive"));
        }
        let level_name = row.get(level)?;
        units.push(Unit {
            id: UnitId(unit),
            country: row.get(country)?.to_string(),
            level: Level::parse(level_name)
                .ok_or_else(|| row.invalid(level, format!("unknown level {level_name:?}")))?,
            key: row.get(key)?.to_string(),
            name: row.get(name)?.to_string(),
            province: unit_id(province)?,
            district: unit_id(district)?,
            lat: row.parse_opt(lat)?,
            lon: row.parse_opt(lon)?,
            geo_precision: row.parse(geo_precision)?,
            pcode: row.opt(pcode)?.map(str::to_string),
            iso: row.opt(iso)?.map(str::to_string),
            capital: unit_id(capital)?,
        });
    }
    Ok(units)
}

//! What incidents are tallied by, and each incident's key in a tally: the one definition every store's tally
//! buckets and every reader of them share.

use sitrep_date::Date;

use crate::IncidentFacts;

/// What a tally groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TallyDimension {
    Claimant,
    Perpetrator,
    Target,
    Province,
    District,
    Week,
    Month,
}

impl TallyDimension {
    pub const ALL: [TallyDimension; 7] = [
        TallyDimension::Claimant,
        TallyDimension::Perpetrator,
        TallyDimension::Target,
        TallyDimension::Province,
        TallyDimension::District,
        TallyDimension::Week,
        TallyDimension::Month,
    ];

    /// The dimension named `name` ([`TallyDimension::as_str`]).
    pub fn parse(name: &str) -> Option<TallyDimension> {
        TallyDimension::ALL.into_iter().find(|d| d.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TallyDimension::Claimant => "claimant",
            TallyDimension::Perpetrator => "perpetrator",
            TallyDimension::Target => "target",
            TallyDimension::Province => "province",
            TallyDimension::District => "district",
            TallyDimension::Week => "week",
            TallyDimension::Month => "month",
        }
    }

    /// The key of an incident: the actor or place, the Monday of its week, `YYYY-MM`.
    pub fn key(self, f: &IncidentFacts) -> Option<String> {
        let date = || f.day.and_then(Date::from_days);
        match self {
            TallyDimension::Claimant => f.claimant.clone(),
            TallyDimension::Perpetrator => f.perpetrator.clone(),
            TallyDimension::Target => f.target.clone(),
            TallyDimension::Province => f.province.clone(),
            TallyDimension::District => f.district.clone(),
            TallyDimension::Week => {
                let d = date()?;
                d.add_days(-i64::from(d.weekday())).map(|m| m.to_string())
            }
            TallyDimension::Month => date().map(|d| format!("{:04}-{:02}", d.year(), d.month())),
        }
    }
}

//! What `/api/tally` groups by, and the store's names for it. Every read goes through
//! [`sitrep_store::Storage`].

use sitrep_store::TallyBy;

/// What a tally groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupBy {
    Province,
    Claimant,
    Perpetrator,
}

impl GroupBy {
    pub fn parse(s: &str) -> Option<GroupBy> {
        Some(match s {
            "province" => GroupBy::Province,
            "claimant" => GroupBy::Claimant,
            "perpetrator" => GroupBy::Perpetrator,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Province => "province",
            GroupBy::Claimant => "claimant",
            GroupBy::Perpetrator => "perpetrator",
        }
    }

    /// The store's tally dimension.
    /// The incident tally's dimension.
    pub fn dimension(self) -> sitrep_store::TallyDimension {
        match self {
            GroupBy::Province => sitrep_store::TallyDimension::Province,
            GroupBy::Claimant => sitrep_store::TallyDimension::Claimant,
            GroupBy::Perpetrator => sitrep_store::TallyDimension::Perpetrator,
        }
    }

    pub fn store(self) -> TallyBy {
        match self {
            GroupBy::Province => TallyBy::Province,
            GroupBy::Claimant => TallyBy::Claimant,
            GroupBy::Perpetrator => TallyBy::Perpetrator,
        }
    }
}

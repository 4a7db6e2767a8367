//! Alerts (`--alert`): a small filter language over an entry's fields. A rule is conditions separated by
//! commas, all of which must hold:
//!
//! ```text
//! province=Kandahar            equal, in any letter case (province, district, place, claimant, perpetrator,
//! claimant!=Taliban            target, type: the event type or sub-event type, kind, weapon)
//! perpetrator~Islamic State    contains, in any letter case
//! killed>=10                   a figure (killed, wounded, captured: its best, else its low value) compared
//!                              with >=, <=, >, <, = or !=; an unknown figure meets no comparison
//! ```

use sitrep_store::StoredEntry;

/// One rule, as given and as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub rule: String,
    conditions: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Condition {
    Text { field: TextField, op: TextOp, value: String },
    Figure { field: Figure, op: Compare, value: u64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextField {
    Province,
    District,
    Place,
    Claimant,
    Perpetrator,
    Target,
    Type,
    Kind,
    Weapon,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Figure {
    Killed,
    Wounded,
    Captured,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextOp {
    Equal,
    NotEqual,
    Contains,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compare {
    Equal,
    NotEqual,
    AtLeast,
    AtMost,
    Above,
    Below,
}

/// The operators, longest first (so that `>=` is not read as `>`).
const OPERATORS: [&str; 7] = [">=", "<=", "!=", "=", "~", ">", "<"];

const TEXT_FIELDS: [(&str, TextField); 9] = [
    ("province", TextField::Province),
    ("district", TextField::District),
    ("place", TextField::Place),
    ("claimant", TextField::Claimant),
    ("perpetrator", TextField::Perpetrator),
    ("target", TextField::Target),
    ("type", TextField::Type),
    ("kind", TextField::Kind),
    ("weapon", TextField::Weapon),
];

const FIGURES: [(&str, Figure); 3] =
    [("killed", Figure::Killed), ("wounded", Figure::Wounded), ("captured", Figure::Captured)];

impl Alert {
    /// Reads a rule; the error names the condition and what is wrong with it.
    pub fn parse(rule: &str) -> Result<Alert, String> {
        let mut conditions = Vec::new();
        for part in rule.split(',').map(str::trim) {
            // The first operator, the longest at one place (`>=`, not `>`).
            let found = OPERATORS.iter().filter_map(|op| part.find(op).map(|at| (at, *op)));
            let Some((at, op)) = found.min_by_key(|(at, op)| (*at, std::cmp::Reverse(op.len()))) else {
                return Err(format!("{part:?}: no operator (=, !=, ~, >=, <=, >, <)"));
            };
            let field = part[..at].trim().to_ascii_lowercase();
            let value = part[at + op.len()..].trim();
            if value.is_empty() {
                return Err(format!("{part:?}: no value after {op}"));
            }
            let text = TEXT_FIELDS.iter().find(|(name, _)| *name == field).map(|(_, f)| *f);
            let figure = FIGURES.iter().find(|(name, _)| *name == field).map(|(_, f)| *f);
            let condition = match (text, figure, op) {
                (Some(field), _, "=" | "!=" | "~") => {
                    let op = match op {
                        "=" => TextOp::Equal,
                        "!=" => TextOp::NotEqual,
                        _ => TextOp::Contains,
                    };
                    Condition::Text { field, op, value: value.to_lowercase() }
                }
                (Some(_), _, _) => return Err(format!("{part:?}: {field} takes =, != or ~")),
                (_, Some(_), "~") => return Err(format!("{part:?}: {field} is a figure: compare it")),
                (_, Some(field), _) => {
                    let value = value.parse().map_err(|_| format!("{part:?}: {value:?} is not a whole number"))?;
                    let op = match op {
                        ">=" => Compare::AtLeast,
                        "<=" => Compare::AtMost,
                        ">" => Compare::Above,
                        "<" => Compare::Below,
                        "!=" => Compare::NotEqual,
                        _ => Compare::Equal,
                    };
                    Condition::Figure { field, op, value }
                }
                (None, None, _) => {
                    let known: Vec<&str> =
                        TEXT_FIELDS.iter().map(|(n, _)| *n).chain(FIGURES.iter().map(|(n, _)| *n)).collect();
                    return Err(format!("{part:?}: no field {field:?} (one of {})", known.join(", ")));
                }
            };
            conditions.push(condition);
        }
        Ok(Alert { rule: rule.trim().to_string(), conditions })
    }

    /// Whether every condition holds of `e`.
    pub fn matches(&self, e: &StoredEntry) -> bool {
        self.conditions.iter().all(|c| c.holds(e))
    }
}

impl Condition {
    fn holds(&self, e: &StoredEntry) -> bool {
        let x = &e.entry;
        match self {
            Condition::Text { field, op, value } => {
                let kind = x.kind.as_str();
                let values: Vec<Option<&str>> = match field {
                    TextField::Province => vec![x.location.province.as_deref()],
                    TextField::District => vec![x.location.district.as_deref()],
                    TextField::Place => vec![x.location.place.as_deref()],
                    TextField::Claimant => vec![x.claimant.as_deref()],
                    TextField::Perpetrator => vec![x.perpetrator.as_deref()],
                    TextField::Target => vec![x.target.as_deref()],
                    TextField::Type => vec![x.event_type.as_deref(), x.sub_event_type.as_deref()],
                    TextField::Kind => vec![Some(kind)],
                    TextField::Weapon => vec![x.weapon.as_deref()],
                };
                let met = |v: &str| {
                    let v = v.to_lowercase();
                    match op {
                        TextOp::Equal | TextOp::NotEqual => v == *value,
                        TextOp::Contains => v.contains(value.as_str()),
                    }
                };
                let any = values.into_iter().flatten().any(met);
                if *op == TextOp::NotEqual {
                    !any
                } else {
                    any
                }
            }
            Condition::Figure { field, op, value } => {
                let count = match field {
                    Figure::Killed => x.killed.as_ref(),
                    Figure::Wounded => x.wounded.as_ref(),
                    Figure::Captured => x.captured.as_ref(),
                };
                let Some(n) = count.and_then(|c| c.best.or(c.low)).map(u64::from) else { return false };
                match op {
                    Compare::Equal => n == *value,
                    Compare::NotEqual => n != *value,
                    Compare::AtLeast => n >= *value,
                    Compare::AtMost => n <= *value,
                    Compare::Above => n > *value,
                    Compare::Below => n < *value,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Alert;

    #[test]
    fn rules_are_read_and_their_mistakes_named() {
        assert!(Alert::parse("province=Kandahar").is_ok());
        assert!(Alert::parse(" killed >= 10 , type~explosion").is_ok());
        let errors = [
            ("province", "no operator"),
            ("killed>=ten", "is not a whole number"),
            ("killed~5", "is a figure"),
            ("province>3", "takes =, != or ~"),
            ("colour=red", "no field \"colour\""),
            ("province=", "no value"),
        ];
        for (rule, why) in errors {
            let e = Alert::parse(rule).expect_err(rule);
            assert!(e.contains(why), "{rule}: {e}");
        }
    }
}

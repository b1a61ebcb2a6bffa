//! US states and other places that license therapists, by postal code.
//!
//! Therapists may only see clients who live where they hold a license, so
//! profiles and the intake form name places by these codes and nothing
//! else: `CA`, not `Calif.` or `California`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// Every licensing jurisdiction: the 50 states, the District of Columbia
/// and the inhabited territories, as (postal code, name).
pub const JURISDICTIONS: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("AS", "American Samoa"),
    ("GU", "Guam"),
    ("MP", "Northern Mariana Islands"),
    ("PR", "Puerto Rico"),
    ("VI", "U.S. Virgin Islands"),
];

/// A licensing jurisdiction, by its index in [`JURISDICTIONS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct State(u8);

impl State {
    /// The state with postal code `code` (upper case).
    pub fn from_code(code: &str) -> Option<State> {
        JURISDICTIONS
            .iter()
            .position(|(c, _)| *c == code)
            .and_then(|i| u8::try_from(i).ok())
            .map(State)
    }

    /// Its two-letter postal code, e.g. `CA`.
    pub fn code(self) -> &'static str {
        JURISDICTIONS[usize::from(self.0)].0
    }

    /// Its name, e.g. `California`.
    pub fn name(self) -> &'static str {
        JURISDICTIONS[usize::from(self.0)].1
    }

    /// Its URL slug, e.g. `ca`.
    pub fn slug(self) -> String {
        self.code().to_ascii_lowercase()
    }

    /// What to suggest for a value that is not a postal code: the code of a
    /// state written by name, or of a code in the wrong case.
    fn suggestion(text: &str) -> Option<&'static str> {
        let wanted = text.trim().trim_end_matches('.');
        JURISDICTIONS
            .iter()
            .find(|(code, name)| {
                code.eq_ignore_ascii_case(wanted) || name.eq_ignore_ascii_case(wanted)
            })
            .map(|(code, _)| *code)
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for State {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for State {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A visitor, so that a bad code is reported at the value itself.
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = State;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a two-letter US state code such as CA")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<State, E> {
                State::from_code(text).ok_or_else(|| {
                    E::custom(match State::suggestion(text) {
                        Some(code) => format!(
                            "`{text}` is not a US state code: write `{code}`"
                        ),
                        None => format!(
                            "`{text}` is not a US state code: use the two-letter postal code, e.g. `CA`"
                        ),
                    })
                })
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_names_are_suggested() {
        let or = State::from_code("OR").unwrap();
        assert_eq!(
            (or.code(), or.name(), or.slug().as_str()),
            ("OR", "Oregon", "or")
        );
        assert_eq!(State::from_code("or"), None);
        assert_eq!(State::suggestion("oregon"), Some("OR"));
        assert_eq!(State::suggestion("tx"), Some("TX"));
        assert_eq!(State::suggestion("Narnia"), None);
        assert_eq!(JURISDICTIONS.len(), 56);
    }
}

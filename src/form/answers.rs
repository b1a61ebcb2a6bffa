//! Checking a submitted form against the schema.
//!
//! The input is the form body as (name, value) pairs in the order sent;
//! the output is either the answers, keyed by field in schema order, or
//! every problem, each tied to its field so the form can be shown again
//! with an error summary and inline messages.

use serde::ser::SerializeMap;
use serde::Serialize;

use super::{Field, FieldKind, FormSchema, MatchOn, HONEYPOT_FIELD, NO_PREFERENCE};
use crate::directory::{Affirming, Format, Gender, Payment, Setting, State, Wants};
use crate::i18n::Strings;

/// A person's answers: field id → the values given, in schema order.
/// Fields left blank are absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers(Vec<(String, Vec<String>)>);

impl Answers {
    /// The values given for `id` (empty when none).
    pub fn get(&self, id: &str) -> &[String] {
        self.0
            .iter()
            .find(|(k, _)| k == id)
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// Every answered field with its values.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Builds answers from (field, values) pairs, e.g. when read back from
    /// storage.
    pub fn from_pairs(pairs: Vec<(String, Vec<String>)>) -> Answers {
        Answers(pairs)
    }
}

impl Serialize for Answers {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (field, values) in &self.0 {
            map.serialize_entry(field, values)?;
        }
        map.end()
    }
}

/// A problem with a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field it concerns; `None` for a problem with the form as a
    /// whole (such as a field the form does not have).
    pub field: Option<String>,
    /// What to do, addressed to the person filling in the form.
    pub message: String,
}

impl FieldError {
    fn at(field: &Field, message: impl Into<String>) -> FieldError {
        FieldError {
            field: Some(field.id.clone()),
            message: message.into(),
        }
    }
}

impl FormSchema {
    /// Checks a submission. Names starting with `_` and the honeypot are
    /// the form's own (the caller deals with them) and are skipped.
    /// Messages are in the language of `strings`.
    pub fn validate(
        &self,
        pairs: &[(String, String)],
        strings: &Strings,
    ) -> Result<Answers, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut given: Vec<(&Field, Vec<&str>)> = self.fields().map(|f| (f, Vec::new())).collect();
        let mut unknown: Vec<&str> = Vec::new();
        for (name, value) in pairs {
            if name == HONEYPOT_FIELD || name.starts_with('_') {
                continue;
            }
            match given.iter_mut().find(|(f, _)| f.id == *name) {
                Some((_, values)) => values.push(value),
                None => unknown.push(name),
            }
        }
        // However many there are, one message: a reply never grows with
        // what a sender invents.
        if let Some(first) = unknown.first() {
            let message = if unknown.len() == 1 {
                strings.with(
                    "form-error-unknown-field",
                    &[("name", printable(first).into())],
                )
            } else {
                strings.with(
                    "form-error-unknown-fields",
                    &[
                        ("name", printable(first).into()),
                        ("count", unknown.len().into()),
                    ],
                )
            };
            errors.push(FieldError {
                field: None,
                message,
            });
        }

        let mut answers = Vec::new();
        for (field, values) in &given {
            let values: Vec<&str> = values
                .iter()
                .map(|v| if field.kind.is_text() { v.trim() } else { v })
                .filter(|v| !v.is_empty())
                .collect();
            let required = field.required
                || field.required_when.as_ref().is_some_and(|c| {
                    given.iter().any(|(f, v)| {
                        f.id == c.field && v.iter().any(|v| c.value.values().iter().any(|w| w == v))
                    })
                });
            if values.is_empty() {
                if required {
                    errors.push(FieldError::at(field, missing_message(field, strings)));
                }
                continue;
            }
            if let Some(problem) = check_values(field, &values, strings) {
                errors.push(FieldError::at(field, problem));
                continue;
            }
            answers.push((
                field.id.clone(),
                values.iter().map(|v| v.to_string()).collect(),
            ));
        }
        if errors.is_empty() {
            Ok(Answers(answers))
        } else {
            Err(errors)
        }
    }

    /// The answers to the fields `keep` chooses, in schema order; fields
    /// left blank are absent.
    pub fn answers_where(&self, answers: &Answers, keep: impl Fn(&Field) -> bool) -> Answers {
        Answers(
            self.fields()
                .filter(|f| keep(f))
                .map(|f| (f.id.clone(), answers.get(&f.id).to_vec()))
                .filter(|(_, values)| !values.is_empty())
                .collect(),
        )
    }

    /// What the answers say about the therapist the person needs, read
    /// through each field's `match:`.
    pub fn wants(&self, answers: &Answers) -> Wants {
        let mut wants = Wants::default();
        for field in self.fields() {
            let Some(on) = field.matches else { continue };
            let values = answers
                .get(&field.id)
                .iter()
                .map(String::as_str)
                .filter(|v| *v != NO_PREFERENCE);
            match on {
                MatchOn::State => wants.state = values.into_iter().find_map(State::from_code),
                MatchOn::Specialties => wants.concerns.extend(values.map(str::to_string)),
                MatchOn::Languages => wants.languages.extend(values.map(str::to_string)),
                MatchOn::Formats => wants
                    .formats
                    .extend(values.filter_map(|v| Format::ALL.into_iter().find(|f| f.key() == v))),
                MatchOn::Setting => {
                    for v in values {
                        wants.setting = match v {
                            "telehealth" => Setting::Telehealth,
                            "in_person" => Setting::InPerson,
                            _ => Setting::Either,
                        };
                    }
                }
                MatchOn::Gender => wants
                    .genders
                    .extend(values.filter_map(|v| Gender::ALL.into_iter().find(|g| g.key() == v))),
                MatchOn::Affirming => wants.affirming.extend(
                    values.filter_map(|v| Affirming::ALL.into_iter().find(|a| a.key() == v)),
                ),
                MatchOn::Payment => wants.payment.extend(values.filter_map(|v| match v {
                    "insurance" => Some(Payment::Insurance),
                    "self_pay" => Some(Payment::SelfPay),
                    "sliding_scale" => Some(Payment::SlidingScale),
                    _ => None,
                })),
            }
        }
        wants
    }
}

/// The message for a needed answer that is missing.
fn missing_message(field: &Field, strings: &Strings) -> String {
    if let Some(message) = &field.error {
        return message.to_string();
    }
    let id = match field.kind {
        FieldKind::Consent => "form-error-consent",
        FieldKind::Select | FieldKind::Radio => "form-error-choose",
        FieldKind::Checkboxes => "form-error-choose-some",
        _ => "form-error-answer",
    };
    strings.with(id, &[("label", field.label.as_str().into())])
}

/// What is wrong with the non-empty `values` given for `field`, if anything.
fn check_values(field: &Field, values: &[&str], strings: &Strings) -> Option<String> {
    let single = !matches!(field.kind, FieldKind::Checkboxes);
    if single && values.len() > 1 {
        return Some(strings.get("form-error-one-answer"));
    }
    if field.kind.has_choices() {
        for (i, value) in values.iter().enumerate() {
            if !field.options.iter().any(|c| c.value == *value) {
                return Some(strings.with(
                    "form-error-not-listed",
                    &[("label", field.label.as_str().into())],
                ));
            }
            if values[..i].contains(value) {
                return Some(strings.get("form-error-twice"));
            }
        }
        return None;
    }
    let value = values.first().copied().unwrap_or_default();
    match field.kind {
        FieldKind::Consent => {
            return (value != "yes").then(|| missing_message(field, strings));
        }
        FieldKind::Email if !looks_like_email(value) => {
            return Some(strings.get("form-error-email"));
        }
        FieldKind::Tel if !looks_like_phone(value) => {
            return Some(strings.get("form-error-phone"));
        }
        _ => {}
    }
    let max = field
        .max_length
        .unwrap_or_else(|| field.kind.default_max_length());
    if value.chars().count() > max {
        return Some(strings.with("form-error-too-long", &[("max", max.into())]));
    }
    let allowed_control =
        |c: char| field.kind == FieldKind::Textarea && matches!(c, '\n' | '\r' | '\t');
    if value.chars().any(|c| c.is_control() && !allowed_control(c)) {
        return Some(strings.get("form-error-control"));
    }
    None
}

fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain.contains('.')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
}

fn looks_like_phone(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    (7..=20).contains(&digits)
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

/// A field name safe to quote back to the person: short and printable.
fn printable(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::SiteOptions;

    fn example_schema() -> FormSchema {
        let text = include_str!("../../forms/intake.yaml");
        let mut schema =
            FormSchema::parse(std::path::Path::new("forms/intake.yaml"), text).unwrap();
        let states = [State::from_code("OR").unwrap()];
        let topics = [("consent".to_string(), "Consent".to_string())];
        let languages = ["English".to_string()];
        assert!(schema
            .resolve(&SiteOptions {
                license_states: &states,
                topics: &topics,
                languages: &languages,
            })
            .is_empty());
        schema
    }

    /// Stitched-together fragments of real and hostile form bodies: the
    /// same idea as the fuzz target, cheap enough for every test run.
    #[test]
    fn arbitrary_bodies_never_panic() {
        const PIECES: &[&str] = &[
            "state=",
            "OR",
            "&",
            "=",
            "%",
            "%FF",
            "%E2%82",
            "+",
            "concerns=",
            "consent",
            "name=",
            "\u{0}",
            "é",
            "_ts=",
            "website=",
            "x",
            "email=",
            "@",
            ".",
            "phone=",
            "+1 (555) 010-0199",
            "seeking=",
            "couples",
            "contact_method=",
            "consent=yes",
            "messages=",
            "none",
            "&&",
            "==",
            "note=",
            "\n",
            "\u{202e}",
        ];
        let schema = example_schema();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let strings = crate::load::builtin_strings("en");
        for _ in 0..3000 {
            let mut body = String::new();
            let len = (seed % 40) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                body.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            if let Ok(answers) = schema.validate(&pairs, &strings) {
                let _ = schema.wants(&answers);
            }
        }
    }

    #[test]
    fn a_valid_example_submission_passes() {
        let schema = example_schema();
        let body = "state=OR&seeking=couples&setting=either&name=Sam&contact_method=text&phone=555+010+0199&messages=none&consent=yes";
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let answers = schema
            .validate(&pairs, &crate::load::builtin_strings("en"))
            .unwrap();
        assert_eq!(answers.get("phone"), ["555 010 0199"]);
        assert_eq!(schema.wants(&answers).formats, [Format::Couples]);
        // Calls and texts both need the phone number.
        let without_phone: Vec<(String, String)> =
            pairs.into_iter().filter(|(k, _)| k != "phone").collect();
        let errors = schema
            .validate(&without_phone, &crate::load::builtin_strings("en"))
            .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field.as_deref(), Some("phone"));
    }
}

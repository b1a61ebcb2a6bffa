//! The intake form's schema: one YAML file that defines the questionnaire.
//!
//! The same definition renders the form page (static build and the intake
//! receiver) and validates submissions, so the two can never disagree about
//! what a field is called, which answers it allows or how long it may be.
//!
//! Parsing is raw → validated: serde reads the file and rejects unknown
//! keys, [`FormSchema::load`] checks what serde cannot (ids, option lists,
//! autocomplete tokens, references between fields), and the link stage
//! fills option lists that come from site data ([`OptionSource`]).

mod answers;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use answers::{Answers, FieldError};

use crate::diag::{did_you_mean, Diagnostic, LineIndex, Position};
use crate::directory::{Affirming, Format, Gender};
use crate::i18n::Text;
use crate::yaml::{self, Prefix};

/// The name of the hidden field people never see and bots fill in.
pub const HONEYPOT_FIELD: &str = "website";

/// The URL path of the intake page.
pub const INTAKE_PATH: &str = "/find-a-therapist/";

/// The URL path of the page shown after sending the form.
pub const THANKS_PATH: &str = "/find-a-therapist/thanks/";

/// The questionnaire.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormSchema {
    /// The page's heading.
    pub title: Text,
    /// A sentence or two before the form.
    #[serde(default)]
    pub intro: Option<Text>,
    /// The send button's text.
    /// Without it, the theme's `form-submit` message.
    #[serde(default)]
    pub submit: Option<Text>,
    /// Groups of questions, each under its own heading.
    pub sections: Vec<FormSection>,
    /// The schema file, relative to the site root, for messages.
    #[serde(skip)]
    pub source: PathBuf,
}

/// Questions under one heading.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormSection {
    /// The heading.
    pub title: Text,
    /// Its questions.
    pub fields: Vec<Field>,
}

/// One question.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Its name in the submission: lowercase letters, digits and `_`.
    pub id: String,
    /// What kind of control it is.
    pub kind: FieldKind,
    /// The question, as the control's label or the group's legend.
    pub label: Text,
    /// Help shown under the label and tied to the control.
    #[serde(default)]
    pub hint: Option<Text>,
    /// Whether an answer is needed.
    #[serde(default)]
    pub required: bool,
    /// Needed only when another field has a given answer.
    #[serde(default)]
    pub required_when: Option<Condition>,
    /// The message when a needed answer is missing.
    #[serde(default)]
    pub error: Option<Text>,
    /// The choices, for select, radio and checkboxes.
    #[serde(default)]
    pub options: Vec<Choice>,
    /// Take the choices from site data instead.
    #[serde(default)]
    pub options_from: Option<OptionSource>,
    /// The longest answer accepted, in characters.
    #[serde(default)]
    pub max_length: Option<usize>,
    /// The HTML `autocomplete` token, e.g. `email`.
    #[serde(default)]
    pub autocomplete: Option<String>,
    /// What in a therapist's profile this answer is matched against.
    #[serde(default, rename = "match")]
    pub matches: Option<MatchOn>,
    /// Where the field's `options_from` (or, without one, its `id`) is in
    /// the schema file, for problems found once site data is known.
    #[serde(skip)]
    pub at: Option<Position>,
}

/// One choice of a select, radio or checkbox group.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What is sent.
    pub value: String,
    /// What the person reads.
    pub label: Text,
    /// A short explanation under the choice.
    #[serde(default)]
    pub hint: Option<Text>,
}

/// A field that must have a given answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The other field's id.
    pub field: String,
    /// The answer (a choice's value), or a list of answers, that makes
    /// this field needed.
    pub value: OneOrMore,
}

/// One value, or a list of them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum OneOrMore {
    /// `value: phone`
    One(String),
    /// `value: [phone, text]`
    More(Vec<String>),
}

impl OneOrMore {
    /// The values.
    pub fn values(&self) -> &[String] {
        match self {
            OneOrMore::One(v) => std::slice::from_ref(v),
            OneOrMore::More(v) => v,
        }
    }
}

/// Kinds of control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// An email address.
    Email,
    /// A phone number.
    Tel,
    /// Several lines of text.
    Textarea,
    /// A drop-down list: one choice.
    Select,
    /// Radio buttons: one choice.
    Radio,
    /// Checkboxes: any number of choices.
    Checkboxes,
    /// One checkbox that must be ticked to send the form.
    Consent,
}

impl FieldKind {
    /// Whether the field offers a list of choices.
    pub fn has_choices(self) -> bool {
        matches!(
            self,
            FieldKind::Select | FieldKind::Radio | FieldKind::Checkboxes
        )
    }

    /// Whether the field is typed in.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            FieldKind::Text | FieldKind::Email | FieldKind::Tel | FieldKind::Textarea
        )
    }

    /// The longest answer accepted when the schema does not say.
    pub fn default_max_length(self) -> usize {
        match self {
            FieldKind::Textarea => 2000,
            FieldKind::Email => 254,
            FieldKind::Tel => 40,
            _ => 200,
        }
    }
}

/// Site data a field's choices can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionSource {
    /// Every US state and territory.
    States,
    /// The states where a therapist in the directory is licensed.
    LicenseStates,
    /// The terms of the `topics` taxonomy.
    Topics,
    /// The languages therapists in the directory hold sessions in.
    Languages,
}

/// What in a therapist's profile a field is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchOn {
    /// The state the person lives in, against licenses.
    State,
    /// Concerns (topic keys), against specialties.
    Specialties,
    /// Languages, by name.
    Languages,
    /// `individual`, `couples` or `relationship`.
    Formats,
    /// `telehealth`, `in_person` or `either`.
    Setting,
    /// Preferred therapist genders.
    Gender,
    /// Communities the therapist should affirm.
    Affirming,
    /// `insurance`, `self_pay` or `sliding_scale`.
    Payment,
}

/// The value that means "no preference" in a matched field.
pub const NO_PREFERENCE: &str = "any";

impl MatchOn {
    /// The values a matched field's choices may have; `None` when they come
    /// from site data or are free.
    fn vocabulary(self) -> Option<Vec<&'static str>> {
        let list: Vec<&'static str> = match self {
            MatchOn::State | MatchOn::Specialties | MatchOn::Languages => return None,
            MatchOn::Formats => Format::ALL.iter().map(|f| f.key()).collect(),
            MatchOn::Setting => vec!["telehealth", "in_person", "either"],
            MatchOn::Gender => Gender::ALL.iter().map(|g| g.key()).collect(),
            MatchOn::Affirming => Affirming::ALL.iter().map(|a| a.key()).collect(),
            MatchOn::Payment => vec!["insurance", "self_pay", "sliding_scale"],
        };
        Some(list)
    }
}

/// `autocomplete` tokens a field may use (the HTML standard's field names
/// that make sense in an intake form, and `off`).
const AUTOCOMPLETE: &[&str] = &[
    "off",
    "name",
    "honorific-prefix",
    "given-name",
    "additional-name",
    "family-name",
    "nickname",
    "email",
    "tel",
    "tel-national",
    "address-level1",
    "address-level2",
    "postal-code",
    "country",
    "country-name",
    "language",
    "sex",
    "bday",
];

impl FormSchema {
    /// Every translatable text: headings, labels, hints, choices, errors.
    fn texts_mut(&mut self) -> Vec<&mut Text> {
        let mut texts = vec![&mut self.title];
        texts.extend(self.submit.as_mut());
        texts.extend(self.intro.as_mut());
        for section in &mut self.sections {
            texts.push(&mut section.title);
            for field in &mut section.fields {
                texts.push(&mut field.label);
                texts.extend(field.hint.as_mut());
                texts.extend(field.error.as_mut());
                for choice in &mut field.options {
                    texts.push(&mut choice.label);
                    texts.extend(choice.hint.as_mut());
                }
            }
        }
        texts
    }

    /// The form as read in language `lang` (the default language's text
    /// where `lang` has none).
    pub fn for_language(&self, lang: &str) -> FormSchema {
        let mut schema = self.clone();
        for text in schema.texts_mut() {
            text.localize(lang);
        }
        schema
    }

    /// Every field, in order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    /// The field with id `id`.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().find(|f| f.id == id)
    }

    /// Reads and validates the schema at `rel` (relative to `root`).
    pub fn load(root: &Path, rel: &Path, language: &str) -> Result<FormSchema, Vec<Diagnostic>> {
        let text = std::fs::read_to_string(root.join(rel)).map_err(|err| {
            vec![Diagnostic::file_error(
                "form/read",
                rel,
                format!("cannot read the intake form schema: {err}"),
            )
            .with_help("check `intake.schema` in candor.yaml: it is a path from the site's folder")]
        })?;
        FormSchema::parse_in(rel, &text, language)
    }

    /// Parses and validates the text of a schema file written in English.
    pub fn parse(rel: &Path, text: &str) -> Result<FormSchema, Vec<Diagnostic>> {
        FormSchema::parse_in(rel, text, "en")
    }

    /// Parses and validates the text of a schema file whose default
    /// language is `language`.
    pub fn parse_in(rel: &Path, text: &str, language: &str) -> Result<FormSchema, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let index = LineIndex::new(text);
        let mut schema: FormSchema = yaml::parse(text)
            .map_err(|err| vec![err.into_diagnostic(Prefix::Form, rel, text, 0, &index)])?;
        schema.source = rel.to_path_buf();
        let mut untranslated = Vec::new();
        for value in schema.texts_mut() {
            if let Err(has) = value.settle(language) {
                let sample = value.any_translation().unwrap_or_default().to_string();
                untranslated.push((sample, has));
            }
        }
        if !untranslated.is_empty() {
            return Err(untranslated
                .into_iter()
                .map(|(sample, has)| {
                    let offset = text.find(&sample).unwrap_or(0);
                    Diagnostic::error(
                        "form/text",
                        rel,
                        index.position(text, offset),
                        format!("this text is given in {has} but not in the default language `{language}`"),
                    )
                    .with_help(format!("add `{language}: ...` beside the other languages"))
                })
                .collect());
        }
        let (problems, positions) = schema.check_schema(text, &index);
        for (field, at) in schema
            .sections
            .iter_mut()
            .flat_map(|s| s.fields.iter_mut())
            .zip(positions)
        {
            field.at = Some(at);
        }
        if problems.is_empty() {
            Ok(schema)
        } else {
            Err(problems)
        }
    }

    /// The schema's problems, and where each field's `options_from` (or
    /// `id`) is.
    fn check_schema(&self, text: &str, index: &LineIndex) -> (Vec<Diagnostic>, Vec<Position>) {
        let mut problems = Vec::new();
        let file = &self.source;
        // Positions: each field's text runs from its `id:` line to the next
        // field's; keys and values are searched for within it.
        let starts: Vec<usize> = {
            let mut count: std::collections::HashMap<&str, usize> = Default::default();
            self.fields()
                .map(|f| {
                    let n = count.entry(f.id.as_str()).or_default();
                    *n += 1;
                    find_id(text, &f.id, *n).unwrap_or(0)
                })
                .collect()
        };
        let span = |n: usize| {
            let from = starts[n];
            let to = starts
                .iter()
                .copied()
                .filter(|&s| s > from)
                .min()
                .unwrap_or(text.len());
            (from, to)
        };
        let at_field = |n: usize, needle: &str, last: bool| {
            let (from, to) = span(n);
            let part = &text[from..to];
            let found = if last {
                part.rfind(needle)
            } else {
                part.find(needle)
            };
            index.position(text, found.map_or(from, |i| from + i))
        };
        let field_error = |n: usize, needle: &str, message: String, help: String, last: bool| {
            Diagnostic::error("form/field", file, at_field(n, needle, last), message)
                .with_help(help)
        };

        let mut seen = HashSet::new();
        let ids: Vec<&str> = self.fields().map(|f| f.id.as_str()).collect();
        for (n, field) in self.fields().enumerate() {
            let id = field.id.as_str();
            let valid_id = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid_id {
                problems.push(field_error(
                    n,
                    "id:",
                    format!("field id `{id}` is not a lowercase name"),
                    "start with a letter and use only a–z, 0–9 and `_`, e.g. `contact_method`"
                        .into(),
                    false,
                ));
            }
            if id == HONEYPOT_FIELD || id.starts_with('_') {
                problems.push(field_error(
                    n,
                    "id:",
                    format!("field id `{id}` is reserved"),
                    "choose another id: this name is used by the form itself".into(),
                    false,
                ));
            }
            if !seen.insert(id) {
                problems.push(field_error(
                    n,
                    "id:",
                    format!("field id `{id}` is used twice"),
                    "give each field its own id".into(),
                    false,
                ));
            }
            if field.label.trim().is_empty() {
                problems.push(field_error(
                    n,
                    "label:",
                    format!("field `{id}` has an empty label"),
                    "write the question after `label:`".into(),
                    false,
                ));
            }
            let choices = field.kind.has_choices();
            match (
                choices,
                !field.options.is_empty(),
                field.options_from.is_some(),
            ) {
                (true, false, false) => problems.push(field_error(
                    n,
                    "kind:",
                    format!("field `{id}` offers no choices"),
                    "add `options:` (each with `value:` and `label:`) or `options_from:`".into(),
                    false,
                )),
                (true, true, true) => problems.push(field_error(
                    n,
                    "options_from:",
                    format!("field `{id}` has both `options` and `options_from`"),
                    "keep one of them".into(),
                    false,
                )),
                (false, true, _) | (false, _, true) => problems.push(field_error(
                    n,
                    "options",
                    format!("a {} field has no choices", kind_name(field.kind)),
                    "remove `options`, or make the field a select, radio or checkboxes".into(),
                    false,
                )),
                _ => {}
            }
            let mut values = HashSet::new();
            for choice in &field.options {
                if !values.insert(choice.value.as_str()) {
                    problems.push(field_error(
                        n,
                        &format!("value: {}", choice.value),
                        format!("choice `{}` appears twice in `{id}`", choice.value),
                        "give each choice its own value".into(),
                        true,
                    ));
                }
            }
            if let Some(max) = field.max_length {
                if max == 0 || max > 10_000 {
                    problems.push(field_error(
                        n,
                        "max_length:",
                        format!("max_length {max} is out of range"),
                        "use a number from 1 to 10000".into(),
                        false,
                    ));
                }
                if !field.kind.is_text() {
                    problems.push(field_error(
                        n,
                        "max_length:",
                        format!("a {} field has no length", kind_name(field.kind)),
                        "remove `max_length`".into(),
                        false,
                    ));
                }
            }
            if let Some(token) = &field.autocomplete {
                if !AUTOCOMPLETE.contains(&token.as_str()) {
                    let help = match did_you_mean(token, AUTOCOMPLETE.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!(
                            "use one of {}",
                            AUTOCOMPLETE
                                .iter()
                                .map(|t| format!("`{t}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    problems.push(field_error(
                        n,
                        "autocomplete:",
                        format!("`{token}` is not an autocomplete token"),
                        help,
                        false,
                    ));
                }
            }
            if let Some(condition) = &field.required_when {
                match self.field(&condition.field) {
                    None => {
                        let help = did_you_mean(&condition.field, ids.iter().copied()).map_or_else(
                            || "name a field of this form".to_string(),
                            |n| format!("did you mean `{n}`?"),
                        );
                        problems.push(field_error(
                            n,
                            "required_when:",
                            format!(
                                "`required_when` names `{}`, which is not a field",
                                condition.field
                            ),
                            help,
                            false,
                        ));
                    }
                    Some(other)
                        if other.kind.has_choices()
                            && other.options_from.is_none()
                            && condition
                                .value
                                .values()
                                .iter()
                                .any(|v| !other.options.iter().any(|c| c.value == *v)) =>
                    {
                        problems.push(field_error(
                            n,
                            "required_when:",
                            format!(
                                "field `{}` has no choice `{}`",
                                condition.field,
                                condition.value.values().join("`, `")
                            ),
                            format!("use one of the values of `{}`", condition.field),
                            false,
                        ));
                    }
                    Some(_) => {}
                }
            }
            if let Some(on) = field.matches {
                if let Some(vocabulary) = on.vocabulary() {
                    for choice in &field.options {
                        if choice.value != NO_PREFERENCE
                            && !vocabulary.contains(&choice.value.as_str())
                        {
                            problems.push(field_error(
                                n,
                                &format!("value: {}", choice.value),
                                format!(
                                    "choice `{}` cannot be matched against therapists' {}",
                                    choice.value,
                                    match_name(on)
                                ),
                                format!(
                                    "use one of {}, or `{NO_PREFERENCE}` for no preference",
                                    vocabulary
                                        .iter()
                                        .map(|v| format!("`{v}`"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                                false,
                            ));
                        }
                    }
                }
                let single = matches!(field.kind, FieldKind::Select | FieldKind::Radio);
                if on == MatchOn::State && !single {
                    problems.push(field_error(
                        n,
                        "match:",
                        "the state field must be a select or radio (one state)".into(),
                        "set `kind: select`".into(),
                        false,
                    ));
                }
            }
        }
        let state_fields: Vec<&Field> = self
            .fields()
            .filter(|f| f.matches == Some(MatchOn::State))
            .collect();
        if state_fields.is_empty() {
            problems.push(
                Diagnostic::error("form/state", file, Position::START, "no field asks which state the person lives in")
                    .with_help("therapists can only see clients where they are licensed: add a required select field with `options_from: states` and `match: state`"),
            );
        } else if !state_fields.iter().all(|f| f.required) {
            let n = self
                .fields()
                .position(|f| f.matches == Some(MatchOn::State))
                .unwrap_or(0);
            problems.push(field_error(
                n,
                "match:",
                "the state field must be required".into(),
                "add `required: true`: without a state nobody can be matched".into(),
                false,
            ));
        }
        if !self
            .fields()
            .any(|f| f.kind == FieldKind::Consent && f.required)
        {
            problems.push(
                Diagnostic::error("form/consent", file, Position::START, "the form has no required consent checkbox")
                    .with_help("add a field with `kind: consent` and `required: true` that asks the person to agree to the privacy notice"),
            );
        }
        let positions = (0..starts.len())
            .map(|n| at_field(n, "options_from:", false))
            .collect();
        (problems, positions)
    }
}

fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "text",
        FieldKind::Email => "email",
        FieldKind::Tel => "tel",
        FieldKind::Textarea => "textarea",
        FieldKind::Select => "select",
        FieldKind::Radio => "radio",
        FieldKind::Checkboxes => "checkboxes",
        FieldKind::Consent => "consent",
    }
}

fn match_name(on: MatchOn) -> &'static str {
    match on {
        MatchOn::State => "licenses",
        MatchOn::Specialties => "specialties",
        MatchOn::Languages => "languages",
        MatchOn::Formats => "formats",
        MatchOn::Setting => "settings",
        MatchOn::Gender => "genders",
        MatchOn::Affirming => "affirming practice",
        MatchOn::Payment => "payment options",
    }
}

/// The offset of the `nth` (from 1) `id: <id>` line in the schema text.
fn find_id(text: &str, id: &str, nth: usize) -> Option<usize> {
    let mut offset = 0;
    let mut seen = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = trimmed.strip_prefix("id:") {
            let value = rest.trim().trim_matches(['"', '\'']);
            if value == id {
                seen += 1;
                if seen == nth {
                    return Some(offset + (line.len() - line.trim_start().len()));
                }
            }
        }
        offset += line.len();
    }
    None
}

/// Site data that choices can come from, gathered by the link stage.
#[derive(Debug, Clone, Copy)]
pub struct SiteOptions<'a> {
    /// States where some therapist is licensed, sorted.
    pub license_states: &'a [crate::directory::State],
    /// Topic keys and titles, in configured order.
    pub topics: &'a [(String, String)],
    /// Languages therapists hold sessions in.
    pub languages: &'a [String],
}

impl FormSchema {
    /// Fills in the choices of fields with `options_from`. A list that
    /// comes out empty is an error: the question could not be answered.
    pub fn resolve(&mut self, data: &SiteOptions<'_>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for section in &mut self.sections {
            for field in &mut section.fields {
                let Some(source) = field.options_from else {
                    continue;
                };
                let choice = |value: &str, label: &str| Choice {
                    value: value.to_string(),
                    label: Text::plain(label.to_string()),
                    hint: None,
                };
                field.options = match source {
                    OptionSource::States => crate::directory::JURISDICTIONS
                        .iter()
                        .map(|(code, name)| choice(code, name))
                        .collect(),
                    OptionSource::LicenseStates => data
                        .license_states
                        .iter()
                        .map(|s| choice(s.code(), s.name()))
                        .collect(),
                    OptionSource::Topics => data.topics.iter().map(|(k, t)| choice(k, t)).collect(),
                    OptionSource::Languages => {
                        data.languages.iter().map(|l| choice(l, l)).collect()
                    }
                };
                if field.options.is_empty() {
                    problems.push(
                        Diagnostic::error(
                            "form/field",
                            &self.source,
                            field.at.unwrap_or(Position::START),
                            format!("field `{}` has no choices: the site has none to offer", field.id))
                        .with_help(match source {
                            OptionSource::Topics => "add terms to the `topics` taxonomy in candor.yaml, or list `options:` in the schema",
                            _ => "add therapist profiles under content/therapists/, or list `options:` in the schema",
                        }),
                    );
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(yaml: &str) -> Vec<String> {
        match FormSchema::parse(Path::new("f.yaml"), yaml) {
            Ok(_) => Vec::new(),
            Err(d) => d
                .iter()
                .map(|d| {
                    let p = d.position.unwrap_or(Position::START);
                    format!("{}:{}: {}", p.line, p.column, d.message)
                })
                .collect(),
        }
    }

    const STATE: &str = "      - id: state\n        kind: select\n        label: State\n        options_from: states\n        match: state\n        required: true\n";
    const CONSENT: &str =
        "      - id: ok\n        kind: consent\n        label: I agree\n        required: true\n";

    fn schema(fields: &str) -> String {
        format!("title: T\nsections:\n  - title: S\n    fields:\n{fields}")
    }

    #[test]
    fn a_good_schema_loads() {
        assert!(problems(&schema(&format!("{STATE}{CONSENT}"))).is_empty());
    }

    #[test]
    fn state_and_consent_are_required() {
        assert_eq!(
            problems(&schema(
                "      - id: name\n        kind: text\n        label: Name\n"
            )),
            [
                "1:1: no field asks which state the person lives in",
                "1:1: the form has no required consent checkbox"
            ]
        );
    }

    #[test]
    fn field_mistakes_are_reported_at_their_field() {
        let extra = "      - id: state\n        kind: radio\n        label: Again\n        options: [{value: a, label: A}, {value: a, label: B}]\n      - id: email\n        kind: email\n        label: Email\n        required_when: {field: contact, value: email}\n      - id: pick\n        kind: checkboxes\n        label: Pick\n        match: formats\n        options: [{value: trio, label: Three}]\n";
        let found = problems(&schema(&format!("{STATE}{CONSENT}{extra}")));
        assert_eq!(
            found,
            [
                "15:9: field id `state` is used twice",
                "18:42: choice `a` appears twice in `state`",
                "22:9: `required_when` names `contact`, which is not a field",
                "27:20: choice `trio` cannot be matched against therapists' formats",
            ]
        );
    }
}

//! Therapist profiles: the front matter of `content/therapists/*.md`.
//!
//! As strict as articles: unknown keys, state codes that do not exist and
//! specialties that are not the site's topics are errors at their line.
//! Values with a fixed vocabulary (formats, gender, affirming practice) are
//! enums, so the matching code and the intake form share one spelling.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::State;

/// The front matter of a therapist profile. The body is the bio.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Therapist {
    /// Their name as clients address them, e.g. "Dr. Ana Ruiz".
    pub name: String,
    /// e.g. "she/her".
    #[serde(default)]
    pub pronouns: Option<String>,
    /// Marks a fictional profile, as in the example site; shown on the page.
    #[serde(default)]
    pub example: bool,
    /// A photo beside the profile (file name relative to it).
    #[serde(default)]
    pub photo: Option<String>,
    /// What the photo shows; required with `photo`.
    #[serde(default)]
    pub photo_alt: Option<String>,
    /// The point the photo's square crops are centred on, from the top
    /// left, as in CSS: `"50% 30%"`; the middle when not given.
    #[serde(default)]
    pub photo_focus: Option<String>,
    /// One sentence for the directory and search engines.
    #[serde(default)]
    pub summary: Option<String>,
    /// Degrees, licenses and certifications, e.g. "LMFT", "AASECT-certified
    /// sex therapist".
    #[serde(default)]
    pub credentials: Vec<String>,
    /// Where they may practise.
    pub licenses: Vec<License>,
    /// Keys of the site's `topics` taxonomy they work with.
    #[serde(default)]
    pub specialties: Vec<String>,
    /// Ways of working, e.g. "Emotionally focused therapy".
    #[serde(default)]
    pub modalities: Vec<String>,
    /// Languages they hold sessions in, e.g. "English", "Spanish".
    pub languages: Vec<String>,
    /// Who they see.
    pub formats: Vec<Format>,
    /// Whether they offer video sessions.
    #[serde(default)]
    pub telehealth: bool,
    /// Where they see clients in person, if they do.
    #[serde(default)]
    pub office: Option<Office>,
    /// Whether they are taking new clients now.
    pub accepting_new_clients: bool,
    /// What sessions cost, in words, e.g. "$160 for 50 minutes".
    #[serde(default)]
    pub fees: Option<String>,
    /// Whether lower fees are available for those who need them.
    #[serde(default)]
    pub sliding_scale: bool,
    /// Insurance plans they are in network with.
    #[serde(default)]
    pub insurance: Vec<String>,
    /// Their gender, for clients who prefer a therapist of a gender.
    #[serde(default)]
    pub gender: Option<Gender>,
    /// Communities and practices they affirm and are trained to work with.
    #[serde(default)]
    pub affirming: Vec<Affirming>,
    /// Left out of the build unless `--drafts` is given.
    #[serde(default)]
    pub draft: bool,
    /// Orders profiles with the same accepting status (lower first).
    #[serde(default)]
    pub weight: Option<i64>,
    /// Old paths that should redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Overrides the slug taken from the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Ties translations of this profile together when their file names
    /// differ.
    #[serde(default)]
    pub translation_key: Option<String>,
    /// `candor check` warning codes silenced for this profile.
    #[serde(default)]
    pub silence: BTreeMap<String, String>,
    /// Free-form values for a site's own templates.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A license to practise in one state.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct License {
    /// Where it is valid.
    pub state: State,
    /// The kind of license, e.g. "LMFT", "LCSW", "Psychologist".
    #[serde(rename = "type")]
    pub kind: String,
    /// Its number, so clients can look it up with the state board.
    pub number: String,
}

/// Where a therapist sees clients in person.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    /// The city.
    pub city: String,
    /// The state.
    pub state: State,
    /// The street address, if the practice publishes it.
    #[serde(default)]
    pub address: Option<String>,
}

/// Who comes to sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// One person.
    Individual,
    /// Two partners.
    Couples,
    /// Three or more partners: a relationship or polycule.
    Relationship,
}

/// A therapist's gender, as far as clients may choose by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gender {
    /// A woman.
    Woman,
    /// A man.
    Man,
    /// Non-binary.
    NonBinary,
}

/// Communities and practices a therapist affirms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Affirming {
    /// Lesbian, gay, bisexual, queer and questioning clients.
    Lgbtq,
    /// Transgender and non-binary clients.
    Trans,
    /// Kink and BDSM.
    Kink,
    /// Consensual non-monogamy and polyamory.
    Nonmonogamy,
    /// Asexual and aromantic clients.
    Asexual,
}

impl Format {
    /// Every format, in display order.
    pub const ALL: [Format; 3] = [Format::Individual, Format::Couples, Format::Relationship];

    /// Its key, as written in front matter and the form schema.
    pub fn key(self) -> &'static str {
        match self {
            Format::Individual => "individual",
            Format::Couples => "couples",
            Format::Relationship => "relationship",
        }
    }

    /// How it reads in a list.
    pub fn label(self) -> &'static str {
        match self {
            Format::Individual => "Individuals",
            Format::Couples => "Couples",
            Format::Relationship => "Relationships of three or more",
        }
    }
}

impl Gender {
    /// Every value, for the form schema's vocabulary.
    pub const ALL: [Gender; 3] = [Gender::Woman, Gender::Man, Gender::NonBinary];

    /// Its key, as written in front matter and the form schema.
    pub fn key(self) -> &'static str {
        match self {
            Gender::Woman => "woman",
            Gender::Man => "man",
            Gender::NonBinary => "non-binary",
        }
    }
}

impl Affirming {
    /// Every value, for the form schema's vocabulary.
    pub const ALL: [Affirming; 5] = [
        Affirming::Lgbtq,
        Affirming::Trans,
        Affirming::Kink,
        Affirming::Nonmonogamy,
        Affirming::Asexual,
    ];

    /// Its key, as written in front matter and the form schema.
    pub fn key(self) -> &'static str {
        match self {
            Affirming::Lgbtq => "lgbtq",
            Affirming::Trans => "trans",
            Affirming::Kink => "kink",
            Affirming::Nonmonogamy => "nonmonogamy",
            Affirming::Asexual => "asexual",
        }
    }

    /// How it reads on a profile.
    pub fn label(self) -> &'static str {
        match self {
            Affirming::Lgbtq => "LGBTQ+ affirming",
            Affirming::Trans => "Trans and non-binary affirming",
            Affirming::Kink => "Kink-aware",
            Affirming::Nonmonogamy => "Affirming of open and polyamorous relationships",
            Affirming::Asexual => "Asexual and aromantic affirming",
        }
    }
}

impl Therapist {
    /// The states they hold a license in, sorted, each once.
    pub fn states(&self) -> Vec<State> {
        let mut states: Vec<State> = self.licenses.iter().map(|l| l.state).collect();
        states.sort();
        states.dedup();
        states
    }

    /// Whether they may see a client who lives in `state`.
    pub fn licensed_in(&self, state: State) -> bool {
        self.licenses.iter().any(|l| l.state == state)
    }

    /// Whether they hold sessions in `language` (compared without case).
    pub fn speaks(&self, language: &str) -> bool {
        self.languages
            .iter()
            .any(|l| l.trim().eq_ignore_ascii_case(language.trim()))
    }
}

/// `"50% 30%"` as thousandths of the width and the height.
pub(crate) fn parse_focus(text: &str) -> Option<(u16, u16)> {
    let mut parts = text.split_whitespace().map(|part| {
        let number: f64 = part.strip_suffix('%')?.trim().parse().ok()?;
        (0.0..=100.0)
            .contains(&number)
            .then(|| (number * 10.0).round() as u16)
    });
    let point = (parts.next()??, parts.next()??);
    parts.next().is_none().then_some(point)
}

impl Therapist {
    /// Where the photo's square crops are centred, in thousandths.
    pub fn focus(&self) -> (u16, u16) {
        self.photo_focus
            .as_deref()
            .and_then(parse_focus)
            .unwrap_or((500, 500))
    }
}

/// Checks what serde cannot: required lists are not empty, the photo
/// exists and has alt text, and the therapist can be met somewhere.
/// `folder` is the profile's folder on disk; `key_at` and `value_at` locate
/// a key or a value in the file.
pub fn check_profile(
    profile: &Therapist,
    source: &std::path::Path,
    folder: &std::path::Path,
    key_at: &dyn Fn(&str) -> crate::diag::Position,
    value_at: &dyn Fn(&str) -> crate::diag::Position,
    errors: &mut Vec<crate::diag::Diagnostic>,
) {
    use crate::diag::Diagnostic;
    let mut error = |code: &'static str, position, message: String, help: &str| {
        errors.push(Diagnostic::error(code, source, position, message).with_help(help.to_string()));
    };
    if profile.name.trim().is_empty() {
        error(
            "therapist/field",
            key_at("name"),
            "the name is empty".into(),
            "write the therapist's name after `name:`",
        );
    }
    for (key, empty) in [
        ("licenses", profile.licenses.is_empty()),
        ("languages", profile.languages.is_empty()),
        ("formats", profile.formats.is_empty()),
    ] {
        if empty {
            error("therapist/field", key_at(key), format!("`{key}` is empty"), match key {
                "licenses" => "list at least one license with `state`, `type` and `number`: clients can only be matched by where a therapist is licensed",
                "languages" => "list the languages sessions are held in, e.g. [English]",
                _ => "list who they see: individual, couples, relationship",
            });
        }
    }
    for license in &profile.licenses {
        if license.number.trim().is_empty() || license.kind.trim().is_empty() {
            error("therapist/field", value_at(license.state.code()), format!("the {} license has no type or number", license.state.name()), "give the license `type` and `number` so clients can look it up with the state board");
        }
    }
    if profile.languages.iter().any(|l| l.trim().is_empty()) {
        error(
            "therapist/field",
            key_at("languages"),
            "a language is empty".into(),
            "write each language's name, e.g. Spanish",
        );
    }
    if !profile.telehealth && profile.office.is_none() {
        error(
            "therapist/field",
            key_at("telehealth"),
            "this therapist offers neither telehealth nor an office".into(),
            "set `telehealth: true`, or add `office:` with `city` and `state`",
        );
    }
    match (&profile.photo, &profile.photo_alt) {
        (Some(photo), alt) => {
            let safe = !photo.is_empty()
                && !photo.contains("..")
                && !photo.starts_with('/')
                && !photo.contains("://");
            if !safe || !folder.join(photo).is_file() {
                error(
                    "therapist/photo",
                    value_at(photo),
                    format!("the photo `{photo}` is not a file beside the profile"),
                    "put the image in the same folder as the profile and give its file name",
                );
            }
            if alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
                error(
                    "a11y/image-alt",
                    key_at("photo"),
                    "the photo has no `photo_alt`".into(),
                    "describe the photo in `photo_alt:`, e.g. \"Ana smiling in her office\"",
                );
            }
        }
        (None, Some(_)) => error(
            "therapist/photo",
            key_at("photo_alt"),
            "`photo_alt` is set but there is no `photo`".into(),
            "add `photo:` or remove `photo_alt:`",
        ),
        (None, None) => {}
    }
    if let Some(focus) = &profile.photo_focus {
        if parse_focus(focus).is_none() {
            error(
                "therapist/photo",
                key_at("photo_focus"),
                format!("`photo_focus: {focus}` is not two percentages"),
                "give the point to keep in the middle of the square, from the left and from the top, e.g. \"50% 30%\"",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_focus;

    #[test]
    fn a_focal_point_is_two_percentages() {
        assert_eq!(parse_focus("50% 30%"), Some((500, 300)));
        assert_eq!(parse_focus(" 0%   100% "), Some((0, 1000)));
        assert_eq!(parse_focus("12.5% 50%"), Some((125, 500)));
        for wrong in [
            "50%",
            "50 30",
            "50% 30% 10%",
            "120% 10%",
            "-5% 10%",
            "centre",
            "",
        ] {
            assert_eq!(parse_focus(wrong), None, "{wrong}");
        }
    }
}

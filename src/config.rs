//! `candor.yaml`: the site's settings, parsed into typed, validated structs.
//!
//! Unknown keys are errors, like in front matter, so a misspelt setting is
//! reported instead of silently ignored.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, LineIndex, Position};
use crate::i18n::{LanguageConfig, Text};
use crate::yaml::{self, Prefix};

/// The config file's name, at the site root.
pub const CONFIG_FILE: &str = "candor.yaml";

/// A site's settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in the header and the browser tab.
    pub title: Text,
    /// One sentence about the site, for search engines and feeds.
    #[serde(default)]
    pub description: Text,
    /// Where the site is published, e.g. `https://example.org` or
    /// `https://example.org/help/`.
    pub base_url: String,
    /// The default language of the content, as a BCP 47 tag (`en`, `es`).
    #[serde(default = "default_language")]
    pub language: String,
    /// Every language the site is written in, the default included; empty
    /// for a site in one language.
    #[serde(default)]
    pub languages: Vec<LanguageConfig>,
    /// Put the default language under its own prefix (`/en/`) too, with a
    /// language chooser at the root, instead of at the root.
    #[serde(default)]
    pub prefix_default_language: bool,
    /// The theme under `themes/`; `default` is built in.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Who runs the site.
    #[serde(default)]
    pub practice: Option<Practice>,
    /// The practice's accent colour.
    #[serde(default)]
    pub brand: Brand,
    /// Write `.br` and `.gz` copies beside every text output, for servers
    /// that send them as they are (off by default: it slows a build).
    #[serde(default)]
    pub precompress: bool,
    /// How photos are published: the widths made and where processed
    /// copies are kept between builds.
    #[serde(default)]
    pub images: ImagesConfig,
    /// Where to get help now; shown on every page.
    #[serde(default)]
    pub crisis_resources: Vec<Resource>,
    /// Where else to look for a therapist or support; shown after an
    /// intake that no therapist of the practice can take on.
    #[serde(default)]
    pub general_resources: Vec<Resource>,
    /// Reader safety: where the quick-exit control leads.
    #[serde(default)]
    pub safety: Safety,
    /// Which taxonomies the site uses.
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Primary navigation; defaults to the top-level sections.
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    /// How many pages a section or term page lists before paginating.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    /// How often articles should be clinically reviewed, in days.
    #[serde(default = "default_review_interval_days")]
    pub review_interval_days: u32,
    /// Settings for `candor check`.
    #[serde(default)]
    pub check: CheckConfig,
    /// The "find a therapist" intake form.
    #[serde(default)]
    pub intake: Option<IntakeConfig>,
    /// Callout kinds of the site's own, beside GitHub's five, each with its
    /// label: `TRY: {en: "Try this", es: "Prueba esto"}`. A label given
    /// for one of the five replaces the theme's.
    #[serde(default)]
    pub callouts: std::collections::BTreeMap<String, Text>,
    /// The bibliography that articles cite, and how its works are listed.
    #[serde(default)]
    pub sources: SourcesConfig,
    /// Free-form values for a site's own templates.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Where cited works come from and how they are listed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesConfig {
    /// The bibliography, BibLaTeX (`.bib`) or hayagriva YAML (`.yaml`),
    /// relative to the site's folder. When not given, the first of
    /// `content/references.bib` and `content/references.yaml` that
    /// exists.
    #[serde(default)]
    pub file: Option<std::path::PathBuf>,
    /// The citation style of the list of sources: `apa` (APA 7, the
    /// default), the name of another style candor knows such as
    /// `chicago-author-date`, `vancouver` or `ieee`, or the path of a CSL
    /// file in the site's folder.
    #[serde(default)]
    pub style: Option<String>,
}

/// The bibliography files looked for when `sources.file` is not given.
pub const BIBLIOGRAPHY_FILES: [&str; 2] = ["content/references.bib", "content/references.yaml"];

impl Config {
    /// The bibliography of the site in `root`: the configured file, or the
    /// first usual one that exists. `None` when the site has none.
    pub fn bibliography(&self, root: &Path) -> Option<std::path::PathBuf> {
        match &self.sources.file {
            Some(file) => Some(file.clone()),
            None => BIBLIOGRAPHY_FILES
                .iter()
                .map(std::path::PathBuf::from)
                .find(|f| root.join(f).is_file()),
        }
    }
}

/// Settings of the intake form.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IntakeConfig {
    /// The form schema, relative to the site's folder.
    pub schema: std::path::PathBuf,
    /// Where the form is sent: a path on the same site.
    #[serde(default = "default_endpoint")]
    pub endpoint: String,
    /// The practice's public keys (`age1…`) answers are sealed to; each
    /// holder of a matching private key can read them.
    #[serde(default)]
    pub recipients: Vec<String>,
}

fn default_endpoint() -> String {
    "/api/intake".to_string()
}

/// The practice that publishes the site.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// The practice's name.
    pub name: Text,
    /// How to reach the practice.
    #[serde(default)]
    pub contact: Contact,
    /// A logo path under `static/`, e.g. `/images/logo.svg`.
    #[serde(default)]
    pub logo: Option<String>,
}

/// The practice's own look.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// The colour of links and buttons, `#rrggbb`; it must reach WCAG AA
    /// contrast on the theme's light backgrounds (see [`crate::brand`]).
    pub accent: Option<String>,
}

impl Config {
    /// The accent colour, when one is set and usable.
    pub fn accent(&self) -> Option<crate::brand::Accent> {
        crate::brand::check_accent(self.brand.accent.as_deref()?).ok()
    }
}

/// Contact details; every field is optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Email address.
    pub email: Option<String>,
    /// Phone number, as it should be dialled.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
}

/// A helpline, service or directory a reader can turn to.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// The service's name.
    pub name: Text,
    /// A number to call.
    #[serde(default)]
    pub phone: Option<String>,
    /// A number to text.
    #[serde(default)]
    pub text: Option<String>,
    /// A web address.
    #[serde(default)]
    pub url: Option<String>,
    /// When to use it, in a few words.
    #[serde(default)]
    pub description: Option<Text>,
}

/// How photos (JPEG, PNG and WebP files) are published.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    /// The widths, in pixels, each photo in a page is published at; none
    /// wider than the photo itself.
    #[serde(default = "default_image_widths")]
    pub widths: Vec<u32>,
    /// The sides, in pixels, of the square crops of profile photos.
    #[serde(default = "default_profile_widths")]
    pub profile_widths: Vec<u32>,
    /// Encoding quality from 1 to 100.
    #[serde(default = "default_image_quality")]
    pub quality: u8,
    /// How wide a photo in a page is shown, as an HTML `sizes` list: the
    /// default theme's text column.
    #[serde(default = "default_image_sizes")]
    pub sizes: String,
    /// The folder processed copies are kept in between builds, relative to
    /// the site's folder.
    #[serde(default = "default_image_cache")]
    pub cache: std::path::PathBuf,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: default_image_widths(),
            profile_widths: default_profile_widths(),
            quality: default_image_quality(),
            sizes: default_image_sizes(),
            cache: default_image_cache(),
        }
    }
}

fn default_image_widths() -> Vec<u32> {
    vec![320, 640, 960, 1280]
}
fn default_profile_widths() -> Vec<u32> {
    vec![160, 320, 480]
}
fn default_image_quality() -> u8 {
    75
}
fn default_image_sizes() -> String {
    "(min-width: 42rem) 40rem, calc(100vw - 2rem)".to_string()
}
fn default_image_cache() -> std::path::PathBuf {
    std::path::PathBuf::from(".candor-cache")
}

/// The smallest and largest width candor publishes a photo at.
pub const IMAGE_WIDTHS: std::ops::RangeInclusive<u32> = 16..=8192;

/// Settings for `candor check`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// The highest Flesch–Kincaid grade an article may have before a
    /// warning.
    #[serde(default = "default_max_grade")]
    pub max_grade: f64,
    /// Warning codes silenced for the whole site, each with the reason.
    #[serde(default)]
    pub silence: std::collections::BTreeMap<String, String>,
    /// Articles longer than this many words should open with key points.
    #[serde(default = "default_key_points_after")]
    pub key_points_after_words: usize,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            max_grade: default_max_grade(),
            silence: std::collections::BTreeMap::new(),
            key_points_after_words: default_key_points_after(),
        }
    }
}

fn default_key_points_after() -> usize {
    400
}

fn default_max_grade() -> f64 {
    8.0
}

/// Reader safety settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Safety {
    /// A neutral page the "Exit this page" control leaves to.
    #[serde(default = "default_exit_url")]
    pub exit_url: String,
}

impl Default for Safety {
    fn default() -> Self {
        Safety {
            exit_url: default_exit_url(),
        }
    }
}

fn default_exit_url() -> String {
    "https://www.weather.gov/".to_string()
}

/// The taxonomies candor knows: each is a front-matter field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaxonomyName {
    /// Clinical topics; a fixed vocabulary shared with therapist specialties.
    Topics,
    /// Free tags.
    Tags,
}

impl TaxonomyName {
    /// The name as used in front matter and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            TaxonomyName::Topics => "topics",
            TaxonomyName::Tags => "tags",
        }
    }
}

/// One taxonomy's settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// `topics` or `tags`.
    pub name: TaxonomyName,
    /// The heading of its index page.
    pub title: Text,
    /// When given, the only terms pages may use, with their display names.
    #[serde(default)]
    pub terms: Vec<TermConfig>,
}

/// A term of a closed vocabulary.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TermConfig {
    /// The key used in front matter, e.g. `sexual-function`.
    pub key: String,
    /// The display name, e.g. "Sexual function".
    pub title: Text,
    /// A sentence describing the term.
    #[serde(default)]
    pub description: Text,
}

/// A link in the primary navigation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// The link text.
    pub name: Text,
    /// A site path such as `/articles/`.
    pub path: String,
}

fn default_language() -> String {
    "en".to_string()
}
fn default_theme() -> String {
    "default".to_string()
}
fn default_paginate_by() -> usize {
    10
}
fn default_review_interval_days() -> u32 {
    365
}

impl Config {
    /// Reads and validates `candor.yaml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|err| {
            vec![Diagnostic::file_error("config/read", CONFIG_FILE, format!("cannot read the site config: {err}"))
                .with_help(format!(
                    "run candor in the site's folder, pass --root DIR, or create a site with `candor new site DIR` (looked in {})",
                    root.display()
                ))]
        })?;
        Config::parse(&text)
    }

    /// Parses and validates the text of a config file.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let index = LineIndex::new(text);
        let mut config: Config = yaml::parse(text).map_err(|err| {
            vec![err.into_diagnostic(Prefix::Config, Path::new(CONFIG_FILE), text, 0, &index)]
        })?;
        let mut problems = config.settle_texts(text, &index);
        problems.extend(config.validate(text, &index));
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    fn validate(&self, text: &str, index: &LineIndex) -> Vec<Diagnostic> {
        let at =
            |key: &str| locate_key(text, key).map_or(Position::START, |o| index.position(text, o));
        let mut problems = Vec::new();
        if let Some(accent) = &self.brand.accent {
            if let Err(problem) = crate::brand::check_accent(accent) {
                problems.push(accent_problem(accent, &problem, at("accent")));
            }
        }
        if !(self.base_url.starts_with("https://") || self.base_url.starts_with("http://")) {
            problems.push(
                Diagnostic::error(
                    "config/value",
                    CONFIG_FILE,
                    at("base_url"),
                    format!("base_url `{}` is not a web address", self.base_url),
                )
                .with_help(
                    "write the full address the site is published at, e.g. `https://example.org`",
                ),
            );
        }
        if !self.safety.exit_url.starts_with("https://") {
            problems.push(
                Diagnostic::error(
                    "config/value",
                    CONFIG_FILE,
                    at("exit_url"),
                    format!(
                        "exit_url `{}` is not an https address",
                        self.safety.exit_url
                    ),
                )
                .with_help(
                    "give the full address of a neutral site, e.g. `https://www.weather.gov/`",
                ),
            );
        }
        if let Some(intake) = &self.intake {
            for key in &intake.recipients {
                if let Err(problem) = crate::seal::Recipients::parse(std::slice::from_ref(key)) {
                    problems.push(
                        Diagnostic::error("config/value", CONFIG_FILE, at(key), problem)
                            .with_help("paste the public key `candor intake keygen` printed: it starts with age1"),
                    );
                }
            }
            if !intake.endpoint.starts_with('/') || intake.endpoint.starts_with("//") {
                problems.push(
                    Diagnostic::error(
                        "config/value",
                        CONFIG_FILE,
                        at("endpoint"),
                        format!("endpoint `{}` is not a path on this site", intake.endpoint),
                    )
                    .with_help("intake answers go only to the practice's own server: write a path such as `/api/intake`"),
                );
            }
        }
        let mut codes = Vec::new();
        for language in &self.languages {
            let valid = !language.code.is_empty()
                && language
                    .code
                    .parse::<unic_langid::LanguageIdentifier>()
                    .is_ok()
                && language
                    .code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-');
            if !valid {
                problems.push(
                    Diagnostic::error(
                        "config/value",
                        CONFIG_FILE,
                        at(&language.code),
                        format!("`{}` is not a language code", language.code),
                    )
                    .with_help("write a BCP 47 code such as `en`, `es`, `ar` or `pt-BR`"),
                );
            } else if codes.contains(&language.code) {
                problems.push(
                    Diagnostic::error(
                        "config/value",
                        CONFIG_FILE,
                        at(&language.code),
                        format!("language `{}` is listed twice", language.code),
                    )
                    .with_help("keep one entry per language"),
                );
            }
            codes.push(language.code.clone());
        }
        if !self.languages.is_empty() && !codes.contains(&self.language) {
            problems.push(
                Diagnostic::error(
                    "config/value",
                    CONFIG_FILE,
                    at("languages"),
                    format!(
                        "the default language `{}` is not in `languages`",
                        self.language
                    ),
                )
                .with_help(format!(
                    "add `- code: {}` with its name to `languages`, or set `language:` to one of them",
                    self.language
                )),
            );
        }
        problems.extend(self.images.validate(&at));
        if self.paginate_by == 0 {
            problems.push(
                Diagnostic::error(
                    "config/value",
                    CONFIG_FILE,
                    at("paginate_by"),
                    "paginate_by must be at least 1",
                )
                .with_help("set it to how many pages a list shows at once, e.g. 10"),
            );
        }
        let mut seen = Vec::new();
        for taxonomy in &self.taxonomies {
            if seen.contains(&taxonomy.name) {
                problems.push(
                    Diagnostic::error(
                        "config/value",
                        CONFIG_FILE,
                        at("taxonomies"),
                        format!("taxonomy `{}` is configured twice", taxonomy.name.as_str()),
                    )
                    .with_help("keep one entry per taxonomy"),
                );
            }
            seen.push(taxonomy.name);
            for term in &taxonomy.terms {
                if crate::slug::slugify(&term.key) != term.key {
                    problems.push(
                        Diagnostic::error(
                            "config/value",
                            CONFIG_FILE,
                            at(&term.key),
                            format!("term key `{}` is not a lowercase slug", term.key),
                        )
                        .with_help(format!("use `{}`", crate::slug::slugify(&term.key))),
                    );
                }
            }
        }
        for item in &self.menu {
            if !item.path.starts_with('/') {
                problems.push(
                    Diagnostic::error(
                        "config/value",
                        CONFIG_FILE,
                        at(&item.path),
                        format!("menu path `{}` must start with `/`", item.path),
                    )
                    .with_help("write a path within the site, e.g. `/articles/`"),
                );
            }
        }
        for kind in self.callouts.keys() {
            let usable = !kind.is_empty()
                && kind
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !usable {
                problems.push(
                    Diagnostic::error(
                        "config/value",
                        CONFIG_FILE,
                        at(kind),
                        format!("the callout kind `{kind}` has characters a `> [!KIND]` line cannot have"),
                    )
                    .with_help("name the kind with letters, digits, `-` and `_` only, e.g. `TRY`"),
                );
            }
        }
        problems
    }

    /// The site's own callout kinds with their labels, the kinds
    /// upper-cased, as the markdown's markers are matched.
    pub fn callout_labels(&self) -> impl Iterator<Item = (String, &str)> {
        self.callouts
            .iter()
            .map(|(kind, label)| (kind.to_ascii_uppercase(), label.as_str()))
    }

    /// Every translatable text of the config, for reading it in one
    /// language.
    fn texts_mut(&mut self) -> Vec<&mut Text> {
        let mut texts = vec![&mut self.title, &mut self.description];
        if let Some(practice) = &mut self.practice {
            texts.push(&mut practice.name);
        }
        for resource in self
            .crisis_resources
            .iter_mut()
            .chain(&mut self.general_resources)
        {
            texts.push(&mut resource.name);
            texts.extend(resource.description.as_mut());
        }
        for taxonomy in &mut self.taxonomies {
            texts.push(&mut taxonomy.title);
            for term in &mut taxonomy.terms {
                texts.push(&mut term.title);
                texts.push(&mut term.description);
            }
        }
        for item in &mut self.menu {
            texts.push(&mut item.name);
        }
        texts.extend(self.callouts.values_mut());
        texts
    }

    /// Reads every translatable text in the default language; a text given
    /// per language without the default one is an error at its line.
    fn settle_texts(&mut self, text: &str, index: &LineIndex) -> Vec<Diagnostic> {
        let default = self.language.clone();
        let mut problems = Vec::new();
        for value in self.texts_mut() {
            if let Err(has) = value.settle(&default) {
                // The line of one of its translations: a language key alone would
                // also match the translations of other texts.
                let sample = value.any_translation().unwrap_or_default().to_string();
                let at =
                    locate_key(text, &sample).map_or(Position::START, |o| index.position(text, o));
                problems.push(
                    Diagnostic::error(
                        "config/value",
                        CONFIG_FILE,
                        at,
                        format!("this text is given in {has} but not in the default language `{default}`"),
                    )
                    .with_help(format!("add `{default}: ...` beside the other languages")),
                );
            }
        }
        problems
    }

    /// The site's languages, the default first. A site that lists none has
    /// one: its `language`.
    pub fn site_languages(&self) -> Vec<LanguageConfig> {
        let default = self
            .languages
            .iter()
            .find(|l| l.code == self.language)
            .cloned()
            .unwrap_or_else(|| LanguageConfig {
                code: self.language.clone(),
                name: self.language.clone(),
                dir: None,
            });
        std::iter::once(default)
            .chain(
                self.languages
                    .iter()
                    .filter(|l| l.code != self.language)
                    .cloned(),
            )
            .collect()
    }

    /// Whether the site is written in more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.site_languages().len() > 1
    }

    /// The URL prefix of language `code`: `""` for the default language at
    /// the root, `"/es"` otherwise.
    pub fn language_prefix(&self, code: &str) -> String {
        let own_prefix = self.prefix_default_language && self.is_multilingual();
        if code == self.language && !own_prefix {
            String::new()
        } else {
            format!("/{code}")
        }
    }

    /// The settings as seen from the pages of language `code`: texts in that
    /// language, and `base_url` under the language's prefix.
    pub fn for_language(&self, code: &str) -> Config {
        let mut config = self.clone();
        for text in config.texts_mut() {
            text.localize(code);
        }
        let prefix = self.language_prefix(code);
        if !prefix.is_empty() {
            config.base_url = format!("{}{prefix}/", self.base_url_trimmed());
        }
        config
    }

    /// When an article reviewed on `reviewed` is due for its next review.
    pub fn review_due(&self, reviewed: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
        reviewed.checked_add_days(chrono::Days::new(u64::from(self.review_interval_days)))
    }

    /// The taxonomy settings for `name`, if the site uses it.
    pub fn taxonomy(&self, name: TaxonomyName) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.name == name)
    }

    /// The path part of `base_url` without a trailing slash: `""` for a site
    /// at the root of its domain, `"/help"` for one under `/help/`.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].trim_end_matches('/'),
            None => "",
        }
    }

    /// `base_url` without a trailing slash.
    pub fn base_url_trimmed(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

/// The error for an accent colour that cannot be used.
fn accent_problem(accent: &str, problem: &crate::brand::AccentProblem, at: Position) -> Diagnostic {
    use crate::brand::{AccentProblem, AA_TEXT};
    match problem {
        AccentProblem::Unreadable => Diagnostic::error(
            "config/brand",
            CONFIG_FILE,
            at,
            format!("brand.accent `{accent}` is not a colour candor can read"),
        )
        .with_help("write it as a hex colour in quotes, e.g. `accent: \"#0b6e4f\"`"),
        AccentProblem::LowContrast {
            background,
            what,
            ratio,
            suggestion,
        } => Diagnostic::error(
            "config/brand",
            CONFIG_FILE,
            at,
            format!(
                "brand.accent `{accent}` has a contrast of {ratio:.2}:1 against {what} ({background}); links and buttons need at least {AA_TEXT}:1 (WCAG AA)"
            ),
        )
        .with_help(format!(
            "use a darker shade: `{suggestion}` is the nearest that passes; the dark-scheme colour is worked out from it"
        )),
    }
}

impl ImagesConfig {
    /// What is wrong with the settings, at the keys `at` finds.
    fn validate(&self, at: &dyn Fn(&str) -> Position) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let error = |key: &str, message: String, help: &str| {
            Diagnostic::error("config/value", CONFIG_FILE, at(key), message).with_help(help)
        };
        for (key, widths) in [
            ("widths", &self.widths),
            ("profile_widths", &self.profile_widths),
        ] {
            if widths.is_empty() {
                problems.push(error(
                    key,
                    format!("images.{key} is empty"),
                    "list at least one width in pixels, e.g. [320, 640, 960, 1280]",
                ));
            }
            if let Some(w) = widths.iter().find(|w| !IMAGE_WIDTHS.contains(w)) {
                problems.push(error(
                    key,
                    format!(
                        "images.{key} has {w}, outside {} to {} pixels",
                        IMAGE_WIDTHS.start(),
                        IMAGE_WIDTHS.end()
                    ),
                    "give widths in pixels, e.g. [320, 640, 960, 1280]",
                ));
            }
        }
        if !(1..=100).contains(&self.quality) {
            problems.push(error(
                "quality",
                format!("images.quality is {}, not from 1 to 100", self.quality),
                "75 keeps photos sharp at a small size; higher is larger",
            ));
        }
        let cache = &self.cache;
        let inside = cache
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str());
        let sources = ["content", "static", "templates", "themes", "i18n", "public"];
        if cache.as_os_str().is_empty()
            || cache
                .components()
                .any(|c| c == std::path::Component::ParentDir)
            || inside.is_some_and(|first| sources.contains(&first))
        {
            problems.push(error(
                "cache",
                format!(
                    "images.cache `{}` is not a folder of its own inside the site",
                    cache.display()
                ),
                "name a folder of its own, such as `.candor-cache`, outside content/, static/, themes/ and public/",
            ));
        }
        problems
    }
}

/// Where `key` is first set in the config text `text`.
pub(crate) fn key_position(text: &str, key: &str) -> Position {
    locate_key(text, key).map_or(Position::START, |o| LineIndex::new(text).position(text, o))
}

/// The byte offset of the first line that sets `key` (or holds `key` as a
/// value), for pointing at settings that parsed but are not valid.
fn locate_key(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    let mut value_at = None;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start().trim_start_matches("- ");
        if !trimmed.starts_with('#') {
            if trimmed.starts_with(&format!("{key}:")) {
                return Some(offset + indent);
            }
            // A value, such as a menu path, or a list item such as a key:
            // the line whose value is exactly it.
            let value = match trimmed.split_once(':') {
                Some((_, v)) => Some(v),
                None if line.trim_start().starts_with("- ") => Some(trimmed),
                None => None,
            }
            .map(|v| v.trim().trim_matches(['"', '\'']));
            if value_at.is_none() && value == Some(key) {
                value_at = Some(offset + line.find(key).unwrap_or(indent));
            }
        }
        offset += line.len();
    }
    value_at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxonomies_written_as_a_map_are_shown_as_a_list() {
        let text =
            "title: T\nbase_url: https://example.org\ntaxonomies:\n  topics:\n    title: Topics\n";
        let errors = Config::parse(text).unwrap_err();
        assert_eq!(errors[0].position.map(|p| p.line), Some(4));
        let help = errors[0].help.as_deref().unwrap_or_default();
        assert!(help.contains("`- name: topics`"), "{help}");
    }

    #[test]
    fn a_pale_accent_fails_at_its_line_with_the_ratio() {
        let text = "title: T\nbase_url: https://example.org\nbrand:\n  accent: \"#7fdbff\"\n";
        let errors = Config::parse(text).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].position, Some(Position { line: 4, column: 3 }));
        assert!(
            errors[0].message.contains(":1 against"),
            "{}",
            errors[0].message
        );
        assert!(errors[0].message.contains("4.5:1"), "{}", errors[0].message);
        let ok = "title: T\nbase_url: https://example.org\nbrand:\n  accent: \"#0b6e4f\"\n";
        assert!(Config::parse(ok).unwrap().accent().is_some());
        let unreadable = "title: T\nbase_url: https://example.org\nbrand:\n  accent: green\n";
        assert!(Config::parse(unreadable).unwrap_err()[0]
            .message
            .contains("not a colour"));
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let config = Config::parse("title: T\nbase_url: https://example.org/help/\n").unwrap();
        assert_eq!(config.language, "en");
        assert_eq!(config.paginate_by, 10);
        assert_eq!(config.base_path(), "/help");
        assert_eq!(
            Config::parse("title: T\nbase_url: https://example.org\n")
                .unwrap()
                .base_path(),
            ""
        );
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let errors =
            Config::parse("title: T\nbase_url: https://e.org\npaginte_by: 5\n").unwrap_err();
        assert_eq!(errors[0].position, Some(Position { line: 3, column: 1 }));
        assert_eq!(
            errors[0].help.as_deref(),
            Some("did you mean `paginate_by`?")
        );
    }

    #[test]
    fn invalid_values_are_reported_at_the_value_not_a_mention() {
        let text = "title: T\n# about: our menu\ndescription: all about us\nbase_url: https://e.org\nmenu:\n  - name: About us\n    path: about\n";
        let errors = Config::parse(text).unwrap_err();
        assert_eq!(
            errors[0].position,
            Some(Position {
                line: 7,
                column: 11
            })
        );
    }

    #[test]
    fn invalid_values_are_reported_at_their_key() {
        let errors =
            Config::parse("title: T\nbase_url: example.org\npaginate_by: 0\n").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].position.map(|p| p.line), Some(2));
        assert_eq!(errors[1].position.map(|p| p.line), Some(3));
    }
}

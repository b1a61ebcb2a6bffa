//! Languages: translatable text in config and schema, and the theme's
//! interface strings in Project Fluent files.
//!
//! A site's languages come from `candor.yaml`. Text a site writes in YAML
//! (its title, menu names, topic names, form labels) is a [`Text`]: either
//! one string or a map from language code to string. Text a theme writes
//! (navigation, the quick-exit control, form errors) lives in
//! `i18n/<lang>.ftl` files, the theme's first and the site's own on top,
//! message by message. A message missing in a language falls back to the
//! default language; `candor check` lists each fallback.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use unic_langid::LanguageIdentifier;

use crate::diag::{Diagnostic, LineIndex, Position};

/// The language of the built-in theme's strings, the last fallback.
const BASE_LANGUAGE: &str = "en";

/// Text in one or several languages, as written in YAML:
/// `title: Consent` or `title: {en: Consent, es: Consentimiento}`.
///
/// After [`Text::settle`] it reads as the text in one language (the default
/// at first, another after [`Text::localize`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    current: String,
    by_lang: BTreeMap<String, String>,
}

impl Text {
    /// Text in one language only.
    pub fn plain(text: impl Into<String>) -> Text {
        Text {
            current: text.into(),
            by_lang: BTreeMap::new(),
        }
    }

    /// The text in the current language.
    pub fn as_str(&self) -> &str {
        &self.current
    }

    /// One of its translations, for finding it in its file.
    pub fn any_translation(&self) -> Option<&str> {
        self.by_lang.values().next().map(String::as_str)
    }

    /// Reads it in the default language `default`. A map without that
    /// language gives back the languages it does have, for a message.
    pub fn settle(&mut self, default: &str) -> Result<(), String> {
        if self.by_lang.is_empty() {
            return Ok(());
        }
        match self.by_lang.get(default) {
            Some(text) => {
                self.current = text.clone();
                Ok(())
            }
            None => Err(self
                .by_lang
                .keys()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")),
        }
    }

    /// Switches to `lang`, keeping the default language's text when there
    /// is none in `lang`.
    pub fn localize(&mut self, lang: &str) {
        if let Some(text) = self.by_lang.get(lang) {
            self.current = text.clone();
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.current
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.current)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::plain(text)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            ByLang(BTreeMap<String, String>),
        }
        match Raw::deserialize(deserializer) {
            Ok(Raw::One(text)) => Ok(Text::plain(text)),
            Ok(Raw::ByLang(by_lang)) => Ok(Text {
                current: String::new(),
                by_lang,
            }),
            Err(_) => Err(serde::de::Error::custom(
                "expected text, or a map of language codes to text such as `{en: Consent, es: Consentimiento}`",
            )),
        }
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.current)
    }
}

/// A language code's first subtag, lower-cased: `pt-BR` → `pt`,
/// `EN_us` → `en`.
pub(crate) fn primary_subtag(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or(code)
        .to_ascii_lowercase()
}

/// Which way a language's text runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

impl Direction {
    /// `ltr` or `rtl`, as in HTML's `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }

    /// The usual direction of the language `code` (its first subtag).
    pub fn of(code: &str) -> Direction {
        const RTL: &[&str] = &[
            "ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "syr", "ug", "ur", "yi",
        ];
        if RTL.contains(&primary_subtag(code).as_str()) {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }
}

/// One of the site's languages, as configured.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The BCP 47 code, e.g. `es` or `pt-BR`; also the URL prefix and the
    /// file-name suffix (`slug.es.md`).
    pub code: String,
    /// Its name in itself, e.g. `Español`, for the language switcher.
    pub name: String,
    /// Text direction; by default the language's usual one.
    #[serde(default)]
    pub dir: Option<Direction>,
}

impl LanguageConfig {
    /// Its text direction.
    pub fn direction(&self) -> Direction {
        self.dir.unwrap_or_else(|| Direction::of(&self.code))
    }
}

/// A Fluent file: `i18n/<lang>.ftl` of the theme or the site.
#[derive(Debug, Clone)]
pub struct TranslationSource {
    /// The language code (the file's name without `.ftl`).
    pub lang: String,
    /// Where it came from, for messages.
    pub origin: PathBuf,
    /// The file's text.
    pub text: String,
}

/// A value passed to a message: `{ $count }` or `{ $name }`.
#[derive(Debug, Clone)]
pub enum Arg {
    /// A number, which also picks the plural form.
    Number(f64),
    /// Text.
    Text(String),
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(n as f64)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

/// A message per plural category (`one`, `other`, …), with `{n}` for the
/// number.
pub type PluralForms = BTreeMap<&'static str, String>;

/// The interface strings of every language, ready to format.
pub struct Translations {
    default: String,
    bundles: HashMap<String, FluentBundle<FluentResource>>,
    /// Messages asked for in a language that lacks them: (lang, id).
    fell_back: Mutex<BTreeSet<(String, String)>>,
    /// Messages formatted so far, by language, id and values: every page
    /// asks for the same few dozen, with the same few counts and dates.
    formatted: RwLock<rustc_hash::FxHashMap<String, String>>,
    /// The plural forms of messages as JSON, by language and id.
    plurals: RwLock<rustc_hash::FxHashMap<String, String>>,
}

impl std::fmt::Debug for Translations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Translations")
            .field("default", &self.default)
            .field("languages", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Translations {
    /// Reads the Fluent files for the languages `codes` (the default
    /// first). Syntax errors are reported at their line; files for
    /// languages the site does not use are skipped.
    pub fn new(
        default: &str,
        codes: &[&str],
        sources: &[TranslationSource],
    ) -> (Arc<Translations>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut bundles = HashMap::new();
        // English, the built-in theme's own language, is the last resort.
        let mut codes = codes.to_vec();
        if !codes.contains(&BASE_LANGUAGE) {
            codes.push(BASE_LANGUAGE);
        }
        for code in codes {
            let locale: LanguageIdentifier = code.parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![locale]);
            // Text goes into HTML as it is: no bidi isolation marks around
            // values, which would show up inside attributes and URLs.
            bundle.set_use_isolating(false);
            for source in sources.iter().filter(|s| s.lang == code) {
                let resource = match FluentResource::try_new(source.text.clone()) {
                    Ok(resource) => resource,
                    Err((resource, errors)) => {
                        let index = LineIndex::new(&source.text);
                        for err in errors {
                            let position = index.position(&source.text, err.pos.start);
                            diagnostics.push(
                                Diagnostic::error(
                                    "i18n/syntax",
                                    &source.origin,
                                    position,
                                    format!("this Fluent message cannot be read: {}", err.kind),
                                )
                                .with_help("write each message as `id = text`; see https://projectfluent.org/fluent/guide/"),
                            );
                        }
                        resource
                    }
                };
                // Later files (the site's own) replace messages of earlier
                // ones (the theme's).
                bundle.add_resource_overriding(resource);
            }
            bundles.insert(code.to_string(), bundle);
        }
        let translations = Translations {
            default: default.to_string(),
            bundles,
            fell_back: Mutex::new(BTreeSet::new()),
            formatted: RwLock::new(rustc_hash::FxHashMap::default()),
            plurals: RwLock::new(rustc_hash::FxHashMap::default()),
        };
        (Arc::new(translations), diagnostics)
    }

    /// Message `id` in `lang`, falling back to the default language, then
    /// to English, and to the id itself when none has it.
    pub fn get(&self, lang: &str, id: &str, args: &[(&str, Arg)]) -> String {
        use std::fmt::Write;
        let mut key = message_key(lang, id);
        for (name, value) in args {
            let _ = match value {
                Arg::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                    write!(key, "\u{0}{name}\u{0}{}", *n as i64)
                }
                Arg::Number(n) => write!(key, "\u{0}{name}\u{0}{n}"),
                Arg::Text(t) => write!(key, "\u{0}{name}\u{1}{t}"),
            };
        }
        if let Some(text) = self
            .formatted
            .read()
            .ok()
            .and_then(|f| f.get(&key).cloned())
        {
            return text;
        }
        let text = self.lookup(lang, id, args);
        if let Ok(mut formatted) = self.formatted.write() {
            formatted.insert(key, text.clone());
        }
        text
    }

    fn lookup(&self, lang: &str, id: &str, args: &[(&str, Arg)]) -> String {
        if let Some(text) = self.format(lang, id, args) {
            return text;
        }
        if let Ok(mut fell_back) = self.fell_back.lock() {
            fell_back.insert((lang.to_string(), id.to_string()));
        }
        [self.default.as_str(), BASE_LANGUAGE]
            .into_iter()
            .filter(|&fallback| fallback != lang)
            .find_map(|fallback| self.format(fallback, id, args))
            .unwrap_or_else(|| id.to_string())
    }

    /// The (language, message) pairs that fell back to the default
    /// language so far.
    pub fn fallbacks(&self) -> Vec<(String, String)> {
        self.fell_back
            .lock()
            .map(|f| f.iter().cloned().collect())
            .unwrap_or_default()
    }

    fn format(&self, lang: &str, id: &str, args: &[(&str, Arg)]) -> Option<String> {
        let bundle = self.bundles.get(lang)?;
        let pattern = bundle.get_message(id)?.value()?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
                Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.as_str())),
            }
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    }

    /// [`Translations::plural_forms`] as a JSON object, for a script.
    pub fn plural_forms_json(&self, lang: &str, id: &str) -> String {
        // Every page asks for the same few: worked out once each.
        let key = message_key(lang, id);
        if let Some(json) = self.plurals.read().ok().and_then(|p| p.get(&key).cloned()) {
            return json;
        }
        let json = serde_json::to_string(&self.plural_forms(lang, id)).unwrap_or_default();
        if let Ok(mut plurals) = self.plurals.write() {
            plurals.insert(key, json.clone());
        }
        json
    }

    /// The message `id` formatted with `$count` set for each plural
    /// category of `lang`, with the number replaced by `{n}`: what a script
    /// needs to pick the form itself with `Intl.PluralRules`.
    pub fn plural_forms(&self, lang: &str, id: &str) -> PluralForms {
        // One sample number of each CLDR plural category; a language uses
        // the categories its rules can reach.
        const SAMPLES: &[(&str, f64)] = &[
            ("zero", 0.0),
            ("one", 1.0),
            ("two", 2.0),
            ("few", 3.0),
            ("many", 11.0),
            ("other", 100.0),
        ];
        let locale: LanguageIdentifier = lang.parse().unwrap_or_default();
        let rules = intl_pluralrules::PluralRules::create(
            locale.clone(),
            intl_pluralrules::PluralRuleType::CARDINAL,
        )
        .ok();
        let mut forms = BTreeMap::new();
        for &(category, default_sample) in SAMPLES {
            let sample = rules
                .as_ref()
                .and_then(|rules| sample_for(rules, category))
                .unwrap_or(default_sample);
            let reaches = rules.as_ref().is_none_or(|rules| {
                rules
                    .select(sample)
                    .is_ok_and(|c| category_name(c) == category)
            });
            if !reaches {
                continue;
            }
            let text = self.get(lang, id, &[("count", Arg::Number(sample))]);
            let number = format!("{sample}");
            forms.insert(category, text.replacen(&number, "{n}", 1));
        }
        forms
    }
}

/// The cache key of message `id` in `lang`, to which `get` adds the values.
fn message_key(lang: &str, id: &str) -> String {
    let mut key = String::with_capacity(lang.len() + id.len() + 1);
    key.push_str(lang);
    key.push('\0');
    key.push_str(id);
    key
}

/// A small number that `rules` puts in `category`.
fn sample_for(rules: &intl_pluralrules::PluralRules, category: &str) -> Option<f64> {
    (0..200u32)
        .map(f64::from)
        .find(|n| rules.select(*n).is_ok_and(|c| category_name(c) == category))
}

fn category_name(category: intl_pluralrules::PluralCategory) -> &'static str {
    use intl_pluralrules::PluralCategory as C;
    match category {
        C::ZERO => "zero",
        C::ONE => "one",
        C::TWO => "two",
        C::FEW => "few",
        C::MANY => "many",
        C::OTHER => "other",
    }
}

/// Looks messages up in one language: what render and form code hold.
#[derive(Debug, Clone)]
pub struct Strings {
    translations: Arc<Translations>,
    lang: String,
}

impl Strings {
    /// Messages in `lang`.
    pub fn new(translations: Arc<Translations>, lang: &str) -> Strings {
        Strings {
            translations,
            lang: lang.to_string(),
        }
    }

    /// Message `id`.
    pub fn get(&self, id: &str) -> String {
        self.translations.get(&self.lang, id, &[])
    }

    /// Message `id` with values.
    pub fn with(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.translations.get(&self.lang, id, args)
    }

    /// Every translation, for the tera function.
    pub fn translations(&self) -> &Arc<Translations> {
        &self.translations
    }
}

/// The `t` function templates call: `{{ t(key="quick-exit") }}`, with any
/// other arguments passed to the message (`count` picks the plural form).
/// The language is the context's `lang`.
pub fn tera_function(
    translations: Arc<Translations>,
) -> impl Fn(tera::Kwargs, &tera::State) -> tera::TeraResult<String> + Send + Sync + 'static {
    move |kwargs: tera::Kwargs, state: &tera::State| {
        let key: &str = kwargs.must_get("key")?;
        let mut args = Vec::new();
        for (name, value) in kwargs.iter() {
            if matches!(name.as_str(), Some("key" | "lang")) {
                continue;
            }
            let name = name.to_string();
            let arg = if let Some(n) = value.as_i64() {
                Arg::Number(n as f64)
            } else if let Some(n) = value.as_f64() {
                Arg::Number(n)
            } else {
                Arg::Text(value.to_string())
            };
            args.push((name, arg));
        }
        let borrowed: Vec<(&str, Arg)> =
            args.iter().map(|(n, a)| (n.as_str(), a.clone())).collect();
        in_language(&translations, &kwargs, state, |lang| {
            translations.get(lang, key, &borrowed)
        })
    }
}

/// The `plural_forms` function templates call:
/// `{{ plural_forms(key="search-status-results") }}`, the message's forms
/// as JSON (see [`Translations::plural_forms`]), in the same language as
/// `t` would write it.
pub fn plural_forms_function(
    translations: Arc<Translations>,
) -> impl Fn(tera::Kwargs, &tera::State) -> tera::TeraResult<String> + Send + Sync + 'static {
    move |kwargs: tera::Kwargs, state: &tera::State| {
        let key: &str = kwargs.must_get("key")?;
        in_language(&translations, &kwargs, state, |lang| {
            translations.plural_forms_json(lang, key)
        })
    }
}

/// Calls `f` with the language a template function writes in: its `lang=`
/// argument, for a note in the language a link leads to; else the page's
/// (the context's `lang`); else the default. The page's is read as a
/// value: tera would make a `String` of it through `Display`, and this
/// runs for every message of every page.
fn in_language<R>(
    translations: &Translations,
    kwargs: &tera::Kwargs,
    state: &tera::State,
    f: impl FnOnce(&str) -> R,
) -> tera::TeraResult<R> {
    if let Some(lang) = kwargs.get::<&str>("lang")? {
        return Ok(f(lang));
    }
    let page = state.get::<tera::Value>("lang")?;
    Ok(f(page
        .as_ref()
        .and_then(tera::Value::as_str)
        .unwrap_or(&translations.default)))
}

/// Where the default language's file defines `id`, for a message about it.
pub fn message_position(
    sources: &[TranslationSource],
    lang: &str,
    id: &str,
) -> Option<(PathBuf, Position)> {
    sources
        .iter()
        .rev()
        .filter(|s| s.lang == lang)
        .find_map(|s| {
            let needle = format!("{id} =");
            let offset = s
                .text
                .match_indices(&needle)
                .find(|(i, _)| *i == 0 || s.text.as_bytes()[i - 1] == b'\n')?
                .0;
            Some((
                s.origin.clone(),
                LineIndex::new(&s.text).position(&s.text, offset),
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translations(files: &[(&str, &str)]) -> Arc<Translations> {
        let sources: Vec<TranslationSource> = files
            .iter()
            .map(|(lang, text)| TranslationSource {
                lang: lang.to_string(),
                origin: PathBuf::from(format!("i18n/{lang}.ftl")),
                text: text.to_string(),
            })
            .collect();
        let codes: Vec<&str> = files.iter().map(|(l, _)| *l).collect();
        let (t, problems) = Translations::new("en", &codes, &sources);
        assert!(problems.is_empty(), "{problems:?}");
        t
    }

    const EN: &str = "results = { $count ->\n    [one] { $count } result\n   *[other] { $count } results\n}\nhome = Home\nonly-en = Only in English\n";

    #[test]
    fn plural_forms_follow_each_language_rules() {
        let t = translations(&[
            ("en", EN),
            ("es", "results = { $count ->\n    [one] { $count } resultado\n   *[other] { $count } resultados\n}\nhome = Inicio\n"),
            ("ar", "results = { $count ->\n    [zero] لا نتائج\n    [one] نتيجة واحدة\n    [two] نتيجتان\n    [few] { $count } نتائج\n    [many] { $count } نتيجة\n   *[other] { $count } نتيجة\n}\n"),
        ]);
        let count = |lang: &str, n: usize| t.get(lang, "results", &[("count", n.into())]);
        assert_eq!(count("en", 1), "1 result");
        assert_eq!(count("en", 0), "0 results");
        assert_eq!(count("es", 1), "1 resultado");
        assert_eq!(count("es", 7), "7 resultados");
        assert_eq!(count("ar", 0), "لا نتائج");
        assert_eq!(count("ar", 2), "نتيجتان");
        assert_eq!(count("ar", 5), "5 نتائج");
        assert_eq!(count("ar", 11), "11 نتيجة");
        let forms = t.plural_forms("ar", "results");
        assert_eq!(
            forms.keys().copied().collect::<Vec<_>>(),
            ["few", "many", "one", "other", "two", "zero"]
        );
        assert_eq!(forms["few"], "{n} نتائج");
        let forms = t.plural_forms("en", "results");
        assert_eq!(forms.keys().copied().collect::<Vec<_>>(), ["one", "other"]);
        assert_eq!(forms["other"], "{n} results");
        // What templates get: the same forms as JSON, the same when asked
        // again (from the cache).
        for lang in ["ar", "en"] {
            let json = t.plural_forms_json(lang, "results");
            let parsed: BTreeMap<String, String> = serde_json::from_str(&json).unwrap();
            let forms = t.plural_forms(lang, "results");
            assert_eq!(
                parsed,
                forms
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect::<BTreeMap<_, _>>()
            );
            assert_eq!(t.plural_forms_json(lang, "results"), json);
        }
    }

    #[test]
    fn a_missing_message_falls_back_to_the_default_language_and_is_recorded() {
        let t = translations(&[("en", EN), ("es", "home = Inicio\n")]);
        assert_eq!(t.get("es", "home", &[]), "Inicio");
        assert_eq!(t.get("es", "only-en", &[]), "Only in English");
        assert_eq!(t.get("en", "only-en", &[]), "Only in English");
        assert_eq!(
            t.fallbacks(),
            vec![("es".to_string(), "only-en".to_string())]
        );
    }

    #[test]
    fn text_reads_in_the_default_language_then_another() {
        let mut text: Text = serde_yaml::from_str("{en: Consent, es: Consentimiento}").unwrap();
        text.settle("en").unwrap();
        assert_eq!(text.as_str(), "Consent");
        let mut spanish = text.clone();
        spanish.localize("es");
        assert_eq!(spanish.as_str(), "Consentimiento");
        let mut french = text.clone();
        french.localize("fr");
        assert_eq!(french.as_str(), "Consent");
        let mut missing: Text = serde_yaml::from_str("{es: Hola}").unwrap();
        assert_eq!(missing.settle("en").unwrap_err(), "`es`");
    }

    #[test]
    fn right_to_left_languages_are_known() {
        assert_eq!(Direction::of("ar"), Direction::Rtl);
        assert_eq!(Direction::of("he-IL"), Direction::Rtl);
        assert_eq!(Direction::of("fa"), Direction::Rtl);
        assert_eq!(Direction::of("es"), Direction::Ltr);
    }
}

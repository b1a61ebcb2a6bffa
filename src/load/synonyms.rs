//! The site's search synonyms: `search/synonyms.yaml`, groups of words and
//! phrases that mean the same to a reader, per language.
//!
//! ```yaml
//! en:
//!   - [painful sex, pain during sex, dyspareunia]
//! es:
//!   - [dolor en las relaciones, dispareunia]
//! ```
//!
//! The file is optional. Search applies the groups in the reader's browser:
//! a query holding one phrase of a group also finds the pages holding any
//! other. A phrase may be in several groups ("genitals" with "vulva" and
//! with "penis"): it then stands for all of them.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::diag::{Diagnostic, LineIndex};
use crate::yaml::{self, Prefix};

/// Where the file is, from the site's folder.
pub const SYNONYMS_FILE: &str = "search/synonyms.yaml";

/// Longest phrase, in characters: a synonym is a few words, not a text.
const MAX_PHRASE_CHARS: usize = 80;
/// Characters of synonyms per language past which a warning says they
/// weigh on search: every reader's first search downloads them all.
const HEAVY_CHARS: usize = 20_000;

/// Synonym groups by language code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms(pub BTreeMap<String, Vec<Vec<String>>>);

impl Synonyms {
    /// The groups of language `code`.
    pub fn of(&self, code: &str) -> &[Vec<String>] {
        self.0.get(code).map_or(&[], Vec::as_slice)
    }

    /// Only the groups of language `code`.
    pub fn for_language(&self, code: &str) -> Synonyms {
        Synonyms(
            self.0
                .iter()
                .filter(|(lang, _)| *lang == code)
                .map(|(lang, groups)| (lang.clone(), groups.clone()))
                .collect(),
        )
    }
}

/// Reads `search/synonyms.yaml` under `root`, if there is one.
pub fn load(root: &Path, config: &Config) -> (Synonyms, Vec<Diagnostic>) {
    let rel = Path::new(SYNONYMS_FILE);
    let text = match std::fs::read_to_string(root.join(rel)) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return (Synonyms::default(), Vec::new())
        }
        Err(err) => {
            let d = Diagnostic::file_error(
                "search/synonyms",
                rel,
                format!("cannot read the search synonyms: {err}"),
            )
            .with_help("make it a readable UTF-8 text file, or remove it");
            return (Synonyms::default(), vec![d]);
        }
    };
    match parse(rel, &text, config) {
        Ok(found) => found,
        Err(errors) => (Synonyms::default(), errors),
    }
}

/// Parses and checks the text of a synonyms file: the groups and any
/// warnings, or the errors.
pub fn parse(
    rel: &Path,
    text: &str,
    config: &Config,
) -> Result<(Synonyms, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let index = LineIndex::new(text);
    let groups: BTreeMap<String, Vec<Vec<String>>> = yaml::parse(text)
        .map_err(|err| vec![err.into_diagnostic(Prefix::Synonyms, rel, text, 0, &index)])?;
    let codes: Vec<String> = config
        .site_languages()
        .into_iter()
        .map(|l| l.code)
        .collect();
    // Where `needle` is, from byte `from` on; where the search left off
    // when it is not found (a value YAML wrote another way).
    let at = |needle: &str, from: usize| {
        let from = from.min(text.len());
        let offset = text[from..].find(needle).map_or(from, |o| o + from);
        (index.position(text, offset), offset)
    };
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut synonyms = BTreeMap::new();
    for (code, list) in groups {
        let (key_at, key_offset) = at(&format!("{code}:"), 0);
        if !codes.contains(&code) {
            errors.push(
                Diagnostic::error(
                    "search/synonyms",
                    rel,
                    key_at,
                    format!("`{code}` is not one of the site's languages"),
                )
                .with_help(format!(
                    "the site's languages are {}; group synonyms under one of them",
                    codes.join(", ")
                )),
            );
            continue;
        }
        let mut cursor = key_offset;
        let mut kept = Vec::new();
        for (g, group) in list.into_iter().enumerate() {
            let first = group.first().map_or("", String::as_str);
            let (group_at, _) = at(first, cursor);
            let mut phrases: Vec<String> = Vec::new();
            let mut keys: std::collections::HashSet<String> = std::collections::HashSet::new();
            for phrase in group {
                let phrase = phrase.trim().to_string();
                let key = phrase.to_lowercase();
                let (phrase_at, offset) = at(&phrase, cursor);
                // On past this phrase: the next is after it, even when it is
                // part of it ("sex" after "painful sex").
                if text
                    .get(offset..)
                    .is_some_and(|t| t.starts_with(phrase.as_str()))
                {
                    cursor = offset + phrase.len();
                }
                let problem = if !phrase.chars().any(char::is_alphanumeric) {
                    Some((
                        "a phrase has no word in it".to_string(),
                        "write a word or a few words, or remove the empty entry".to_string(),
                    ))
                } else if phrase.chars().count() > MAX_PHRASE_CHARS {
                    Some((
                        format!("`{phrase}` is longer than {MAX_PHRASE_CHARS} characters"),
                        "a synonym is a word or a short phrase a reader would type".to_string(),
                    ))
                } else if !keys.insert(key) {
                    Some((
                        format!("`{phrase}` is twice in one group"),
                        "remove one of them".to_string(),
                    ))
                } else {
                    None
                };
                match problem {
                    Some((message, help)) => errors.push(
                        Diagnostic::error("search/synonyms", rel, phrase_at, message)
                            .with_help(help),
                    ),
                    None => phrases.push(phrase),
                }
            }
            if phrases.len() < 2 {
                errors.push(
                    Diagnostic::error(
                        "search/synonyms",
                        rel,
                        group_at,
                        format!("group {} of `{code}` has fewer than two words or phrases", g + 1),
                    )
                    .with_help("a group lists words that mean the same, e.g. `- [painful sex, pain during sex]`"),
                );
                continue;
            }
            kept.push(phrases);
        }
        let chars: usize = kept.iter().flatten().map(|p| p.chars().count() + 3).sum();
        if chars > HEAVY_CHARS {
            warnings.push(
                Diagnostic::warning(
                    "search/heavy-synonyms",
                    rel,
                    key_at,
                    format!("the synonyms of `{code}` are {chars} characters long; every first search downloads them"),
                )
                .with_help(format!("keep each language's groups under {HEAVY_CHARS} characters: the words readers really search for")),
            );
        }
        synonyms.insert(code, kept);
    }
    if errors.is_empty() {
        Ok((Synonyms(synonyms), warnings))
    } else {
        errors.extend(warnings);
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let yaml = "title: Test\nbase_url: https://example.org\nlanguages:\n  - code: en\n    name: English\n  - code: es\n    name: Español\n";
        crate::config::Config::parse(yaml).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn errors(text: &str) -> Vec<String> {
        match parse(Path::new(SYNONYMS_FILE), text, &config()) {
            Ok(_) => Vec::new(),
            Err(list) => list
                .iter()
                .map(|d| {
                    let p = d.position.unwrap_or(crate::diag::Position::START);
                    format!("{}:{}: {}", p.line, p.column, d.message)
                })
                .collect(),
        }
    }

    #[test]
    fn groups_are_read_per_language() {
        let text = "en:\n  - [painful sex, pain during sex]\nes:\n  - [sexo doloroso, dolor durante el sexo]\n";
        let (s, warnings) = parse(Path::new(SYNONYMS_FILE), text, &config()).unwrap_or_default();
        assert!(warnings.is_empty());
        assert_eq!(
            s.of("en"),
            [vec![
                "painful sex".to_string(),
                "pain during sex".to_string()
            ]]
        );
        assert_eq!(s.of("es").len(), 1);
        assert!(s.of("fr").is_empty());
    }

    #[test]
    fn mistakes_are_reported_at_their_line() {
        let text = "en:\n  - [painful sex, pain during sex]\n  - [libido]\n  - [sex drive, Sex Drive]\n  - [\"!!\", pain]\nfr:\n  - [a, b]\n";
        let found = errors(text);
        assert!(
            found
                .iter()
                .any(|e| e.starts_with("3:") && e.contains("fewer than two")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|e| e.starts_with("4:") && e.contains("twice in one group")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|e| e.starts_with("5:") && e.contains("no word")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|e| e.starts_with("6:") && e.contains("`fr` is not one of")),
            "{found:?}"
        );
    }

    #[test]
    fn a_very_long_list_is_a_warning_at_its_language() {
        let group = "  - [painful sex, pain during sex, sex that hurts, dyspareunia]\n";
        let text = format!("en:\n{}", group.repeat(400));
        let (s, warnings) = parse(Path::new(SYNONYMS_FILE), &text, &config()).unwrap();
        assert_eq!(s.of("en").len(), 400);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].position.map(|p| p.line), Some(1));
        assert!(warnings[0]
            .message
            .contains("every first search downloads them"));
    }

    #[test]
    fn a_wrong_shape_is_a_yaml_error_with_a_position() {
        let found = errors("en:\n  - painful sex\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("2:"), "{found:?}");
    }
}

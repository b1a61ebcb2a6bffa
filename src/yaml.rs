//! The one place that parses YAML.
//!
//! Config files, front matter and (later) form schemas all go through
//! [`parse`], so swapping the YAML crate touches this file alone. Errors come
//! back as a byte offset into the parsed text plus a message an editor can
//! act on; callers shift the offset to where the text sits in its file.

use serde::de::DeserializeOwned;

use crate::diag::{did_you_mean, Diagnostic, LineIndex, Position};

/// Why a YAML text could not become the expected value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// Byte offset into the parsed text, when the parser knows it.
    pub(crate) offset: Option<usize>,
    /// What is wrong, without the parser's own position suffix.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) help: Option<String>,
    /// What kind of mistake it is.
    pub(crate) kind: YamlErrorKind,
}

/// The kinds of YAML mistakes callers give different diagnostic codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YamlErrorKind {
    /// A key the struct does not have.
    UnknownKey,
    /// A required key is absent.
    MissingKey,
    /// Bad syntax, a wrong type or a bad value.
    Invalid,
}

/// Parses `text` into `T`.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    // An empty document is an empty mapping for our purposes, so that a file
    // with only `---\n---` gets "missing field `title`" rather than a
    // confusing "invalid type: unit value".
    let text_or_empty_map = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text_or_empty_map).map_err(|err| {
        let offset = err
            .location()
            .map(|l| l.index())
            .filter(|_| !text.trim().is_empty());
        let message = strip_positions(&err.to_string())
            // A count such as `paginate_by: 0`.
            .replace(
                "invalid value: integer `0`, expected a nonzero usize",
                "this must be at least 1, not 0",
            );
        let help = help_for(&message);
        let kind = if message.starts_with("unknown field ") {
            YamlErrorKind::UnknownKey
        } else if message.starts_with("missing field ") {
            YamlErrorKind::MissingKey
        } else {
            YamlErrorKind::Invalid
        };
        YamlError {
            offset,
            message,
            help,
            kind,
        }
    })
}

impl YamlError {
    /// This error as a diagnostic in `file`, whose `text` holds the parsed
    /// YAML from byte `yaml_offset` on. `prefix` names the kind of file in
    /// the code: `config` gives `config/unknown-key`, `config/missing-key`
    /// and `config/invalid`. Without a position the error is the block's as
    /// a whole and points at the file's start.
    pub(crate) fn into_diagnostic(
        self,
        prefix: Prefix,
        file: &std::path::Path,
        text: &str,
        yaml_offset: usize,
        index: &LineIndex,
    ) -> Diagnostic {
        let position = self
            .offset
            .map_or(Position::START, |o| index.position(text, yaml_offset + o));
        let code = match (prefix, self.kind) {
            (Prefix::Config, YamlErrorKind::UnknownKey) => "config/unknown-key",
            (Prefix::Config, YamlErrorKind::MissingKey) => "config/missing-key",
            (Prefix::Config, YamlErrorKind::Invalid) => "config/invalid",
            (Prefix::FrontMatter, YamlErrorKind::UnknownKey) => "front-matter/unknown-key",
            (Prefix::FrontMatter, YamlErrorKind::MissingKey) => "front-matter/missing-key",
            (Prefix::FrontMatter, YamlErrorKind::Invalid) => "front-matter/invalid",
            (Prefix::Form, YamlErrorKind::UnknownKey) => "form/unknown-key",
            (Prefix::Form, YamlErrorKind::MissingKey) => "form/missing-key",
            (Prefix::Form, YamlErrorKind::Invalid) => "form/invalid",
        };
        let mut d = Diagnostic::error(code, file, position, self.message);
        d.help = self.help;
        d
    }
}

/// Which kind of YAML file an error is in, for its diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prefix {
    /// `candor.yaml`.
    Config,
    /// A content file's front matter.
    FrontMatter,
    /// The intake form schema.
    Form,
}

/// Removes the parser's " at line L column C" notes (positions within the
/// YAML block, which mean nothing to an editor), keeping the rest:
/// "found unexpected end of stream, while scanning a quoted scalar".
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let skip = after
            .find(|c: char| !(c.is_ascii_digit() || c == ' ' || "column".contains(c)))
            .unwrap_or(after.len());
        rest = &after[skip..];
    }
    out.push_str(rest);
    out
}

/// Turns serde's wording into advice.
fn help_for(message: &str) -> Option<String> {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let unknown_field = message.starts_with("unknown field ");
    if unknown_field || message.starts_with("unknown variant ") {
        let (word, expected) = quoted.split_first()?;
        if let Some(near) = did_you_mean(word, expected.iter().copied()) {
            return Some(format!("did you mean `{near}`?"));
        }
        let list = expected
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return Some(if unknown_field {
            format!("remove `{word}`; the keys allowed here are {list}")
        } else {
            format!("use one of {list}")
        });
    }
    if message.starts_with("missing field ") {
        let field = quoted.first()?;
        return Some(format!("add a `{field}:` line"));
    }
    if message.contains("is not a US state code") {
        return Some(
            "licenses and offices are matched by state: use the two-letter postal code in capitals, e.g. OR, WA, CA"
                .to_string(),
        );
    }
    if message.contains("must be at least 1") {
        return Some("give a whole number of at least 1".to_string());
    }
    if message.contains("is not a date") {
        return Some(
            "write dates as YYYY-MM-DD with a real month and day, e.g. 2026-03-02".to_string(),
        );
    }
    if message.contains("invalid type") || message.contains("invalid value") {
        return Some(
            "check the value's type: text may need quotes, lists are written [a, b], dates as YYYY-MM-DD"
                .to_string(),
        );
    }
    if message.contains("while scanning a quoted scalar") {
        return Some("a quoted value is not closed: add the closing quote mark".to_string());
    }
    if message.contains("mapping values are not allowed")
        || message.contains("did not find expected")
    {
        return Some(
            "check the indentation, and put text that contains `: ` or starts with a symbol in quotes"
                .to_string(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        #[serde(default)]
        draft: bool,
    }

    #[test]
    fn unknown_key_points_at_the_key_and_suggests_the_near_miss() {
        let err = parse::<Sample>("title: a\ntitel: b\n").unwrap_err();
        assert_eq!(err.offset, Some(9));
        assert!(
            err.message.contains("unknown field `titel`"),
            "{}",
            err.message
        );
        assert_eq!(err.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn missing_field_says_what_to_add() {
        let err = parse::<Sample>("draft: true\n").unwrap_err();
        assert_eq!(err.help.as_deref(), Some("add a `title:` line"));
        let err = parse::<Sample>("").unwrap_err();
        assert!(err.message.contains("missing field `title`"));
    }

    #[test]
    fn wrong_type_has_no_position_suffix() {
        let err = parse::<Sample>("title: a\ndraft: maybe\n").unwrap_err();
        assert!(!err.message.contains(" at line "), "{}", err.message);
        assert_eq!(err.offset, Some(16));
    }
}

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

/// How deep YAML may nest. Real settings nest a few levels; a file that
/// nests thousands deep is a mistake or an attack, and parsing it would
/// take seconds.
const MAX_DEPTH: usize = 64;

/// Parses `text` into `T`.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    parse_all(text).map_err(|mut errors| errors.swap_remove(0))
}

/// Parses `text` into `T`, finding every mistake it can at once: after the
/// first, each key that is unknown or has a bad value is set aside and the
/// rest checked again, so an editor sees all of them in one build. Never
/// empty when it fails; the first error is the parser's own, the others
/// are placed at their key's line.
pub(crate) fn parse_all<T: DeserializeOwned>(text: &str) -> Result<T, Vec<YamlError>> {
    if let Some(too_deep) = too_deep(text) {
        return Err(vec![too_deep]);
    }
    // An empty document is an empty mapping for our purposes, so that a file
    // with only `---\n---` gets "missing field `title`" rather than a
    // confusing "invalid type: unit value".
    let text_or_empty_map = if text.trim().is_empty() { "{}" } else { text };
    let first = match serde_yaml::from_str(text_or_empty_map) {
        Ok(value) => return Ok(value),
        Err(err) => err,
    };
    let offset = first
        .location()
        .map(|l| l.index())
        .filter(|_| !text.trim().is_empty());
    let mut first = error_from(&first.to_string(), offset);
    if let Some(key) = quoted_after(&first.message, "duplicate field `") {
        // Point at the repeated key, not at the mapping that holds it.
        first.offset = key_lines(text, key).nth(1).or(first.offset);
    }
    let mut errors = vec![first];
    // The others: the document as a tree, each bad key set aside in turn.
    // A tree expands every alias, which a few lines can make enormous:
    // with anchors and aliases, the first mistake is all there is.
    if text.contains('&') && text.contains('*') {
        return Err(errors);
    }
    let Ok(mut tree) = serde_yaml::from_str::<serde_yaml::Value>(text_or_empty_map) else {
        return Err(errors);
    };
    for _ in 0..32 {
        let Err(err) = serde_path_to_error::deserialize::<_, T>(tree.clone()) else {
            break;
        };
        let path: Vec<String> = err
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                _ => None,
            })
            .collect();
        let message = err.inner().to_string();
        // An unknown key is named in the message; a bad value by its path.
        let key = quoted_after(&message, "unknown field `")
            .map(str::to_string)
            .or_else(|| path.last().cloned());
        let Some(key) = key else { break };
        let at = key_lines(text, &key).next();
        // The parser's own error, found again: it has the better position.
        let line = at.map(|at| at..text[at..].find('\n').map_or(text.len(), |end| at + end + 1));
        let again = line
            .as_ref()
            .zip(errors[0].offset)
            .is_some_and(|(line, first)| line.contains(&first));
        let error = error_from(&message, at);
        if !again && !errors.iter().any(|e| e.message == error.message) {
            errors.push(error);
        }
        let parent = &path[..path
            .len()
            .saturating_sub(usize::from(path.last() == Some(&key)))];
        if !remove(&mut tree, parent, &key) {
            break;
        }
    }
    Err(errors)
}

/// A parser's message as a [`YamlError`] at `offset`.
fn error_from(raw: &str, offset: Option<usize>) -> YamlError {
    let message = strip_positions(raw)
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
}

/// The text after `prefix` in `message`, up to the next backquote.
fn quoted_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    rest.split('`').next()
}

/// The byte offsets of the lines that set `key` (`key:` after any
/// indentation or list dash), in order.
fn key_lines<'t>(text: &'t str, key: &'t str) -> impl Iterator<Item = usize> + 't {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start_matches([' ', '-']);
        let rest = trimmed.strip_prefix(key)?;
        rest.trim_start()
            .starts_with(':')
            .then(|| start + (line.len() - trimmed.len()))
    })
}

/// Takes `key` out of the mapping at `parent` in `tree`; whether it was
/// there.
fn remove(tree: &mut serde_yaml::Value, parent: &[String], key: &str) -> bool {
    let mut node = tree;
    for step in parent {
        match node.get_mut(step.as_str()) {
            Some(next) => node = next,
            None => return false,
        }
    }
    node.as_mapping_mut()
        .and_then(|map| map.remove(key))
        .is_some()
}

/// An error when `text` nests deeper than [`MAX_DEPTH`], at the line where
/// it does: brackets of flow style, or indentation and list dashes of
/// block style.
fn too_deep(text: &str) -> Option<YamlError> {
    let error = |offset| YamlError {
        offset: Some(offset),
        message: format!("this nests deeper than {MAX_DEPTH} levels"),
        help: Some(
            "settings are a few levels deep at most: check the brackets and indentation here"
                .to_string(),
        ),
        kind: YamlErrorKind::Invalid,
    };
    // Flow style: `[`, `{` outside quotes and comments. A quote opens only
    // where a value can start (so `it's` opens none), and every line starts
    // outside one: a bracket inside a quoted text that runs over several
    // lines may be counted, never a real one missed.
    let mut depth = 0usize;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let mut quote: Option<char> = None;
        let mut escaped = false;
        let mut previous = ' ';
        let mut at_value = true;
        for (at, c) in line.char_indices() {
            match quote {
                Some('"') if escaped => escaped = false,
                Some('"') if c == '\\' => escaped = true,
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' if at_value => quote = Some(c),
                    '#' if previous.is_whitespace() => break,
                    '[' | '{' => {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return Some(error(start + at));
                        }
                    }
                    ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                },
            }
            if quote.is_none() && !c.is_whitespace() {
                at_value = matches!(c, ':' | '[' | '{' | ',' | '-' | '?');
            }
            previous = c;
        }
    }
    // Block style: each deeper indentation, and each list dash, a level.
    let mut indents: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_start_matches(' ');
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        while indents.last().is_some_and(|&top| top >= indent) {
            indents.pop();
        }
        indents.push(indent);
        let dashes = content
            .split_inclusive("- ")
            .take_while(|part| part.trim() == "-")
            .count();
        if indents.len() + dashes > MAX_DEPTH {
            return Some(error(start));
        }
    }
    None
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
            (Prefix::Synonyms, _) => "search/synonyms",
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
    /// The search synonyms.
    Synonyms,
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
    if message.starts_with("duplicate field") {
        return Some("a setting may appear once: keep one of the two lines".to_string());
    }
    if message.contains("must be at least 1") {
        return Some("give a whole number of at least 1".to_string());
    }
    if message.contains("is not a date") {
        return Some(
            "write dates as YYYY-MM-DD with a real month and day, e.g. 2026-03-02".to_string(),
        );
    }
    if message.contains("invalid type: map, expected a sequence") {
        // Written as `key:` lines where a list of `- ` items belongs.
        return Some(if message.starts_with("taxonomies") {
            "`taxonomies` is a list: start each taxonomy with `- name:`, e.g. `- name: topics` with `title: Topics` on the next line, indented under `name`"
                .to_string()
        } else {
            "this is a list: start each item with `- `, e.g. `- name: …`".to_string()
        });
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

    #[test]
    fn every_bad_key_is_found_in_one_pass() {
        let text = "titel: a\ndraft: maybe\n";
        let errors = parse_all::<Sample>(text).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("unknown field `titel`"),
            "{messages:?}"
        );
        assert!(messages[1].contains("invalid type"), "{messages:?}");
        assert_eq!(errors[1].offset, Some(9), "at the `draft:` line");
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused_before_parsing() {
        let flow = format!("title: {}{}\n", "[".repeat(65), "]".repeat(65));
        let err = parse::<serde_yaml::Value>(&flow).unwrap_err();
        assert!(err.message.contains("deeper than 64"), "{}", err.message);
        assert_eq!(err.offset, Some(7 + 64));
        let ok = format!("title: {}{}\n", "[".repeat(64), "]".repeat(64));
        assert!(parse::<serde_yaml::Value>(&ok).is_ok());
        let dashes = format!("a:\n  {}x\n", "- ".repeat(70));
        assert!(parse::<serde_yaml::Value>(&dashes)
            .unwrap_err()
            .message
            .contains("deeper than 64"));
        // Brackets inside quotes are text.
        let quoted = format!("title: \"{}\"\n", "[".repeat(100));
        assert!(parse::<serde_yaml::Value>(&quoted).is_ok());
    }

    #[test]
    fn a_quote_in_a_word_or_a_comment_does_not_hide_deep_brackets() {
        let deep = format!("{}{}", "[".repeat(70), "]".repeat(70));
        for before in ["a: it's\n", "# don't\n", "a: \"\\\"\"\n"] {
            let text = format!("{before}b: {deep}\n");
            let err = parse::<serde_yaml::Value>(&text).unwrap_err();
            assert!(
                err.message.contains("deeper than 64"),
                "{before:?}: {}",
                err.message
            );
        }
        // Brackets in a comment or a quoted text are no nesting.
        let commented = format!("a: 1 # {}\n", "[".repeat(70));
        assert!(parse::<serde_yaml::Value>(&commented).is_ok());
    }

    #[test]
    fn aliases_are_not_expanded_to_look_for_more_mistakes() {
        let items = vec!["x"; 1000].join(", ");
        let refs = vec!["*a"; 1000].join(", ");
        let text = format!("title: t\nz: &a [{items}]\ny: &b [{refs}]\nc: [*b, *b, *b, *b, *b]\n");
        let started = std::time::Instant::now();
        let errors = parse_all::<Sample>(&text).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}

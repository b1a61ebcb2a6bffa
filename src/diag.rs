//! Diagnostics: what is wrong with a content file, config or template, and
//! where.
//!
//! Stages never stop at the first problem. They return every diagnostic they
//! find, and the caller decides at the end whether the build failed: an
//! editor fixing a site should see all of its mistakes at once.
//!
//! Positions are stored as byte offsets while parsing and turned into
//! 1-based line and column numbers only when a diagnostic is made, with
//! [`LineIndex`].

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something worth knowing; nothing to fix.
    Note,
    /// The build goes on; the site may still be published.
    Warning,
    /// The build fails and nothing is written.
    Error,
}

/// A 1-based line and column in a file. Column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column number, in characters.
    pub column: usize,
}

impl Position {
    /// The first character of a file.
    pub const START: Position = Position { line: 1, column: 1 };
}

/// One problem found in the site's sources.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable name for the kind of problem, such as `link/broken`; it is
    /// what `silence:` settings name.
    pub code: &'static str,
    /// The file, as given to the build (usually relative to the site root).
    pub file: PathBuf,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// How many characters the problem spans from `position` (at least 1).
    pub length: usize,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at a position in a file.
    pub fn error(
        code: &'static str,
        file: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            position: Some(position),
            length: 1,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at a position in a file.
    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, position, message)
        }
    }

    /// A note at a position in a file: worth knowing, nothing to fix.
    pub fn note(
        code: &'static str,
        file: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, file, position, message)
        }
    }

    /// A note about a whole file, with no position in it.
    pub fn file_note(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::file_error(code, file, message)
        }
    }

    /// A warning about a whole file, with no position in it.
    pub fn file_warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::file_error(code, file, message)
        }
    }

    /// An error about a whole file, with no position in it.
    pub fn file_error(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            position: None,
            ..Diagnostic::error(code, file, Position::START, message)
        }
    }

    /// Sets how many characters the problem spans.
    pub fn with_length(mut self, length: usize) -> Self {
        self.length = length.max(1);
        self
    }

    /// Adds a "help:" line saying how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`; a problem with a whole file is shown at its
    /// start, so editors can always jump to it.
    pub fn location(&self) -> String {
        let p = self.position.unwrap_or(Position::START);
        format!("{}:{}:{}", self.file.display(), p.line, p.column)
    }
}

impl Severity {
    /// `error`, `warning` or `note`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]: {}",
            self.location(),
            self.severity.name(),
            self.code,
            self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file and position so output does not depend on the
/// order in which parallel work finished.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics
        .sort_by(|a, b| (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message)));
}

/// Turns byte offsets in one text into line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        // Every file is indexed as it is loaded: memchr finds the line
        // ends many bytes at a time.
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The position of byte `offset` in `text` (the text given to `new`).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

/// Shows a path relative to `root` when it is inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The closest of `candidates` to `word`, if it is close enough to be a
/// likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\ncdé\nf";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 3), Position { line: 2, column: 1 });
        // "é" is two bytes but one column.
        assert_eq!(index.position(text, 7), Position { line: 2, column: 4 });
        assert_eq!(index.position(text, 8), Position { line: 3, column: 1 });
    }

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["title", "description", "date"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("descripton", keys), Some("description"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}

//! Showing diagnostics to a person: each with its source line and the span
//! underlined (annotate-snippets), then a `help:` line.
//!
//! This is presentation only; the diagnostics themselves come from the
//! stages. Source lines are read from the files the diagnostics name.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diag::{Diagnostic, Severity};

/// How to draw the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Plain text, for logs and pipes.
    Plain,
    /// With terminal colours.
    Colored,
}

/// Renders `diagnostics` as text. Files are read relative to `root`.
pub fn render(diagnostics: &[Diagnostic], root: &Path, style: Style) -> String {
    let renderer = match style {
        Style::Plain => Renderer::plain(),
        Style::Colored => Renderer::styled(),
    };
    let mut sources: HashMap<PathBuf, Option<String>> = HashMap::new();
    let mut out = String::new();
    for d in diagnostics {
        let source = sources
            .entry(d.file.clone())
            .or_insert_with(|| {
                // Positions are counted without a byte-order mark, as the
                // loader strips it.
                std::fs::read_to_string(root.join(&d.file))
                    .ok()
                    .map(|text| {
                        text.strip_prefix('\u{feff}')
                            .map(str::to_string)
                            .unwrap_or(text)
                    })
            })
            .as_deref();
        out.push_str(&render_one(d, source, &renderer));
        out.push_str("\n\n");
    }
    out
}

fn render_one(d: &Diagnostic, source: Option<&str>, renderer: &Renderer) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let path = d.file.display().to_string();
    let position = d.position.unwrap_or(crate::diag::Position::START);
    let line_text = source.and_then(|s| s.lines().nth(position.line.saturating_sub(1)));
    let title = level.primary_title(d.message.as_str()).id(d.code);
    let main = match line_text {
        Some(line) if !line.trim().is_empty() => {
            let start = byte_at_column(line, position.column);
            let end = byte_at_column(line, position.column + d.length)
                .max(start + 1)
                .min(line.len().max(start + 1));
            let end = end.min(line.len());
            let span = if start < end {
                start..end
            } else {
                start..start
            };
            title.element(
                Snippet::source(line)
                    .line_start(position.line)
                    .path(path.clone())
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        _ => title.element(
            annotate_snippets::Origin::path(path.clone())
                .line(position.line)
                .char_column(position.column),
        ),
    };
    let mut groups = vec![main];
    if let Some(help) = &d.help {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    renderer.render(&groups).to_string()
}

/// The byte offset of 1-based `column` (in characters) in `line`, clamped
/// to its end.
fn byte_at_column(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}

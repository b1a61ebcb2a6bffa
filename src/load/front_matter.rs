//! Front matter: the YAML block between `---` lines at the top of a content
//! file, split from the body and parsed into typed structs.
//!
//! Parsing is two steps (raw → validated): serde fills the raw structs and
//! rejects unknown keys, then [`Date`] and friends check values. Every error
//! is a [`Diagnostic`] at its line in the *file*, not in the YAML block.

use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use crate::diag::{Diagnostic, LineIndex, Position};
use crate::yaml::{self, Prefix};

/// A calendar date written `YYYY-MM-DD` (a time after it is ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A visitor, so that a bad value is reported at the value's own
        // position rather than at the start of the block.
        struct DateVisitor;
        impl serde::de::Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date in the form YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Date, E> {
                let day = text.get(..10).unwrap_or(text);
                let rest = text.get(10..).unwrap_or("");
                let time_ok = rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ');
                match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
                    Ok(date) if time_ok => Ok(Date(date)),
                    _ => Err(E::custom(format!(
                        "`{text}` is not a date in the form YYYY-MM-DD"
                    ))),
                }
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0.format("%Y-%m-%d"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// What kind of page a content file is; decides its template and fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// A dated, reviewed article in a section.
    Article,
    /// Questions and answers, shown as expandable items.
    Faq,
    /// A plain page such as "About" or "Privacy".
    Page,
    /// The glossary: each `##` heading a term, its definition below.
    Glossary,
    /// A therapist profile in `content/therapists/`; set by where the file
    /// is, never by `kind:`.
    #[serde(skip_deserializing)]
    Therapist,
}

impl PageKind {
    /// Its name in front matter and templates, e.g. `article`.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Article => "article",
            PageKind::Faq => "faq",
            PageKind::Page => "page",
            PageKind::Glossary => "glossary",
            PageKind::Therapist => "therapist",
        }
    }
}

/// The clinician who last reviewed a page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    /// Their name.
    pub name: String,
    /// Their licenses and certifications, e.g. "LCSW, AASECT-certified".
    #[serde(default)]
    pub credentials: Option<String>,
}

/// One question and its answer, in markdown.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FaqEntry {
    /// The question.
    pub q: String,
    /// The answer, in markdown.
    pub a: String,
}

/// The front matter of an article, FAQ page or plain page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    /// The page's title; its one `h1`.
    pub title: String,
    /// A sentence for lists, search engines and social previews.
    #[serde(default)]
    pub description: Option<String>,
    /// When it was first published.
    #[serde(default)]
    pub date: Option<Date>,
    /// When its content last changed meaningfully.
    #[serde(default)]
    pub updated: Option<Date>,
    /// Clinical topics (keys of the `topics` taxonomy).
    #[serde(default)]
    pub topics: Vec<String>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Who wrote it.
    #[serde(default)]
    pub author: Option<String>,
    /// The clinician who reviewed it.
    #[serde(default)]
    pub reviewed_by: Option<Reviewer>,
    /// When it was last clinically reviewed.
    #[serde(default)]
    pub last_reviewed: Option<Date>,
    /// Shown before the content, so readers can choose to go on.
    #[serde(default)]
    pub content_warning: Option<String>,
    /// Questions and answers.
    #[serde(default)]
    pub faq: Vec<FaqEntry>,
    /// What a reader should take away, in two to five short sentences:
    /// shown first, as a "Key points" box.
    #[serde(default)]
    pub key_points: Vec<String>,
    /// On the glossary: other words for a term, by the term's anchor
    /// (`vaginismus: [vaginal tightness]`), which `candor check` also
    /// looks for when it looks for a term's first use.
    #[serde(default)]
    pub term_aliases: std::collections::BTreeMap<String, Vec<String>>,
    /// Left out of the build unless `--drafts` is given.
    #[serde(default)]
    pub draft: bool,
    /// Orders pages in sections sorted by weight (lower first).
    #[serde(default)]
    pub weight: Option<i64>,
    /// Old paths that should redirect here, e.g. `/old/path/`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Overrides the slug taken from the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Ties translations together when their file names differ: pages with
    /// the same key are one page in several languages.
    #[serde(default)]
    pub translation_key: Option<String>,
    /// Overrides the kind taken from where the file is.
    #[serde(default)]
    pub kind: Option<PageKind>,
    /// Renders with this template instead of the kind's own.
    #[serde(default)]
    pub template: Option<String>,
    /// `candor check` warning codes silenced for this page, each with the
    /// reason.
    #[serde(default)]
    pub silence: std::collections::BTreeMap<String, String>,
    /// Free-form values for a site's own templates.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first.
    #[default]
    Date,
    /// Alphabetically.
    Title,
    /// By `weight`, lowest first.
    Weight,
}

/// The front matter of a section's `_index.md`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFrontMatter {
    /// The section's title.
    pub title: String,
    /// A sentence about the section.
    #[serde(default)]
    pub description: Option<String>,
    /// How its pages are ordered.
    #[serde(default)]
    pub sort_by: SortBy,
    /// The kind its pages are unless they say otherwise.
    #[serde(default)]
    pub page_kind: Option<PageKind>,
    /// Pages per list page; overrides the site's `paginate_by`. At least 1.
    #[serde(default)]
    pub paginate_by: Option<std::num::NonZeroUsize>,
    /// Orders sections in the navigation (lower first).
    #[serde(default)]
    pub weight: Option<i64>,
    /// Renders with this template instead of `section.html`.
    #[serde(default)]
    pub template: Option<String>,
    /// Free-form values for a site's own templates.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A content file split into front matter and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The YAML between the `---` lines.
    pub(crate) yaml: &'a str,
    /// Byte offset of the YAML in the file.
    pub(crate) yaml_offset: usize,
    /// The markdown after the closing `---`.
    pub(crate) body: &'a str,
    /// Byte offset of the body in the file.
    pub(crate) body_offset: usize,
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r']).trim_end() == "---"
}

/// Splits `text` (with any byte-order mark already removed) at its `---`
/// lines.
pub(crate) fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Box<Diagnostic>> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first) {
        return Err(Box::new(Diagnostic::error("front-matter/missing", file, Position::START, "the file does not start with front matter")
            .with_help("make the first line `---`, then the settings such as `title: My title`, then a line `---`")));
    }
    let yaml_offset = first.len();
    let mut offset = yaml_offset;
    for line in lines {
        if is_fence(line) {
            return Ok(Split {
                yaml: &text[yaml_offset..offset],
                yaml_offset,
                body: &text[offset + line.len()..],
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Box::new(
        Diagnostic::error(
            "front-matter/unclosed",
            file,
            Position::START,
            "the front matter is not closed",
        )
        .with_help(
            "add a line with only `---` after the last front-matter setting, before the text",
        ),
    ))
}

/// Parses the YAML of `split` into `T`, reporting every error it finds at
/// its file position.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    file: &Path,
    text: &str,
    split: &Split<'_>,
    index: &LineIndex,
) -> Result<T, Vec<Diagnostic>> {
    yaml::parse_all(split.yaml).map_err(|errors| {
        errors
            .into_iter()
            .map(|err| {
                err.into_diagnostic(Prefix::FrontMatter, file, text, split.yaml_offset, index)
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Result<PageFrontMatter, Box<Diagnostic>> {
        let file = Path::new("a.md");
        let split = split(file, text)?;
        parse(file, text, &split, &LineIndex::new(text)).map_err(|mut all| Box::new(all.remove(0)))
    }

    #[test]
    fn splits_with_crlf_and_reports_file_lines() {
        let text = "---\r\ntitle: Hi\r\ndate: 2026-01-02\r\n---\r\nBody\r\n";
        let split = split(Path::new("a.md"), text).unwrap();
        assert_eq!(split.body, "Body\r\n");
        let fm = page(text).unwrap();
        assert_eq!(fm.title, "Hi");
        assert_eq!(
            fm.date.map(|d| d.to_string()).as_deref(),
            Some("2026-01-02")
        );
    }

    #[test]
    fn kind_names_are_the_front_matter_spelling() {
        for kind in [
            PageKind::Article,
            PageKind::Faq,
            PageKind::Page,
            PageKind::Glossary,
            PageKind::Therapist,
        ] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }

    #[test]
    fn bad_date_is_reported_at_its_line() {
        let err = page("---\ntitle: Hi\ndate: 2026-13-02\n---\n").unwrap_err();
        assert_eq!(err.position, Some(Position { line: 3, column: 7 }));
        assert!(err.message.contains("is not a date"), "{}", err.message);
    }

    #[test]
    fn unclosed_and_missing_front_matter_are_errors() {
        assert!(page("---\ntitle: Hi\n\nBody")
            .unwrap_err()
            .message
            .contains("not closed"));
        assert!(page("# Hi\n")
            .unwrap_err()
            .message
            .contains("does not start with front matter"));
    }
}

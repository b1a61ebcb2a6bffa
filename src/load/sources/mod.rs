//! The bibliography: the works articles cite, read from a BibLaTeX
//! (`.bib`) or hayagriva YAML (`.yaml`) file by the `hayagriva` crate,
//! with the citation style its list of sources is written in, and its
//! works written out in that style ([`format`]).

mod format;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::{IndependentStyle, Style};
use hayagriva::io::BibLaTeXError;
use hayagriva::Library;

use crate::config::{Config, CONFIG_FILE};
use crate::diag::{Diagnostic, LineIndex, Position};
pub use format::Work;

/// The site's bibliography and citation style.
pub struct Bibliography {
    /// The file, relative to the site's folder, for messages.
    pub file: PathBuf,
    /// The file's text, for positions.
    text: String,
    /// Its works.
    library: Library,
    /// The style of the list of sources.
    style: IndependentStyle,
    /// What tells this bibliography from another: see [`Bibliography::fingerprint`].
    fingerprint: u64,
    /// Its works formatted for readers of each language, made on first
    /// use: every render of a page asks, and formatting is slow.
    formatted: Mutex<HashMap<String, Arc<HashMap<String, Work>>>>,
}

impl fmt::Debug for Bibliography {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bibliography")
            .field("file", &self.file)
            .field("works", &self.library.len())
            .field("style", &self.style.info.title.value)
            .finish()
    }
}

impl Bibliography {
    /// A hash of the file and the style, which tells one bibliography
    /// from another. Worked out once, when it is read: the live preview
    /// asks after every change.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    fn new(file: PathBuf, text: String, library: Library, style: IndependentStyle) -> Self {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (&file, &text).hash(&mut hasher);
        // The whole style, not its name: a site's own `.csl` file may be
        // edited without renaming it.
        format!("{style:?}").hash(&mut hasher);
        Bibliography {
            file,
            text,
            library,
            style,
            fingerprint: hasher.finish(),
            formatted: Mutex::new(HashMap::new()),
        }
    }

    /// Every work, by key, formatted in the style for readers of `lang`.
    pub fn works(&self, lang: &str) -> Arc<HashMap<String, Work>> {
        let mut formatted = self
            .formatted
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        formatted
            .entry(lang.to_string())
            .or_insert_with(|| Arc::new(format::format_works(self, lang)))
            .clone()
    }

    /// Whether the bibliography has a work with this key.
    pub fn has(&self, key: &str) -> bool {
        self.library.get(key).is_some()
    }

    /// Every key, in the file's order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.library.keys()
    }

    /// Where the work `key` starts in the file: its `@type{key,` line, or
    /// its `key:` line in YAML.
    pub fn position(&self, key: &str) -> Position {
        let bib = self.text.find(&format!("{{{key},")).map(|i| i + 1);
        let yaml = || {
            self.text
                .match_indices(&format!("{key}:"))
                .map(|(i, _)| i)
                .find(|&i| i == 0 || self.text.as_bytes()[i - 1] == b'\n')
        };
        match bib.or_else(yaml) {
            Some(offset) => LineIndex::new(&self.text).position(&self.text, offset),
            None => Position::START,
        }
    }
}

/// A bibliography of `text`, in APA 7, for tests.
#[cfg(test)]
pub(crate) fn parsed(file: &str, text: &str) -> Bibliography {
    let Style::Independent(style) = ArchivedStyle::AmericanPsychologicalAssociation.get() else {
        unreachable!("APA is an independent style")
    };
    Bibliography::new(
        PathBuf::from(file),
        text.to_string(),
        parse(Path::new(file), text).unwrap_or_default(),
        style,
    )
}

/// The name `apa` and the names candor knows styles by.
const DEFAULT_STYLE: &str = "apa";

/// Reads the bibliography of the site in `root`, when it has one, and its
/// style. Every problem is an error at its line.
pub(crate) fn load(root: &Path, config: &Config) -> (Option<Arc<Bibliography>>, Vec<Diagnostic>) {
    let Some(file) = config.bibliography(root) else {
        return (None, Vec::new());
    };
    let mut problems = Vec::new();
    let text = match std::fs::read_to_string(root.join(&file)) {
        Ok(text) => text,
        Err(err) => {
            problems.push(
                Diagnostic::file_error(
                    "source/read",
                    &file,
                    format!("cannot read the bibliography: {err}"),
                )
                .with_help("check the path under `sources: file:` in candor.yaml, and that the file is UTF-8 text you may read"),
            );
            return (None, problems);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let library = match parse(&file, &text) {
        Ok(library) => Some(library),
        Err(found) => {
            problems.extend(found);
            None
        }
    };
    let style = match style(root, config) {
        Ok(style) => Some(style),
        Err(problem) => {
            problems.push(*problem);
            None
        }
    };
    match (library, style) {
        (Some(library), Some(style)) => (
            Some(Arc::new(Bibliography::new(file, text, library, style))),
            problems,
        ),
        _ => (None, problems),
    }
}

/// Parses the bibliography's text by its file's extension.
fn parse(file: &Path, text: &str) -> Result<Library, Vec<Diagnostic>> {
    let index = LineIndex::new(text);
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("bib") => hayagriva::io::from_biblatex_str(text).map_err(|errors| {
            errors
                .iter()
                .map(|err| {
                    let (span, what) = match err {
                        BibLaTeXError::Parse(e) => (e.span.clone(), e.kind.to_string()),
                        BibLaTeXError::Type(e) => (e.span.clone(), e.kind.to_string()),
                    };
                    Diagnostic::error(
                        "source/invalid",
                        file,
                        index.position(text, span.start.min(text.len())),
                        format!("this BibLaTeX entry cannot be read: {what}"),
                    )
                    .with_help("check the entry's braces and commas, and that each field is written `name = {value},`, e.g. `year = {2000},`")
                })
                .collect()
        }),
        Some("yaml" | "yml") => hayagriva::io::from_yaml_str(text).map_err(|err| {
            let position = err.location().map_or(Position::START, |l| Position {
                line: l.line(),
                column: l.column(),
            });
            // The position is the diagnostic's own; serde_yaml repeats it.
            let message = err.to_string();
            let message = match message.rfind(" at line ") {
                Some(i) => message[..i].to_string(),
                None => message,
            };
            vec![Diagnostic::error(
                "source/invalid",
                file,
                position,
                format!("this bibliography entry cannot be read: {message}"),
            )
            .with_help("each work is a key with `type:`, `title:`, `author:` and `date:` under it; see hayagriva's file format")]
        }),
        _ => Err(vec![Diagnostic::file_error(
            "source/invalid",
            file,
            "a bibliography is a `.bib` (BibLaTeX) or `.yaml` (hayagriva) file",
        )
        .with_help("rename the file, or point `sources: file:` in candor.yaml at one of those")]),
    }
}

/// The configured citation style: a name candor knows, or a CSL file.
fn style(root: &Path, config: &Config) -> Result<IndependentStyle, Box<Diagnostic>> {
    let name = config.sources.style.as_deref().unwrap_or(DEFAULT_STYLE);
    let problem = |message: String, help: &str| {
        let text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
        let at = crate::config::key_position(&text, "style");
        Box::new(Diagnostic::error("source/style", CONFIG_FILE, at, message).with_help(help))
    };
    let style = if name.to_ascii_lowercase().ends_with(".csl") {
        let xml = std::fs::read_to_string(root.join(name)).map_err(|err| {
            problem(
                format!("cannot read the citation style `{name}`: {err}"),
                "give the path of a CSL file from the site's folder, or a style name such as `apa`",
            )
        })?;
        Style::from_xml(&xml).map_err(|err| {
            problem(
                format!("`{name}` is not a CSL style: {err}"),
                "use a `.csl` file from the Citation Style Language's style repository",
            )
        })?
    } else {
        let archived = if name.eq_ignore_ascii_case(DEFAULT_STYLE) {
            Some(ArchivedStyle::AmericanPsychologicalAssociation)
        } else {
            ArchivedStyle::by_name(name)
        };
        match archived {
            Some(style) => style.get(),
            None => {
                let names: Vec<&str> = ArchivedStyle::all().iter().map(|s| s.names()[0]).collect();
                let help = match crate::diag::did_you_mean(name, names.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`? Or give the path of a `.csl` file"),
                    None => "use `apa`, `chicago-author-date`, `vancouver`, `ieee` or another style name, or the path of a `.csl` file".to_string(),
                };
                return Err(problem(
                    format!("candor knows no citation style `{name}`"),
                    &help,
                ));
            }
        }
    };
    let style = match style {
        Style::Independent(style) => style,
        // A style that only renames another: use the other.
        Style::Dependent(dependent) => match ArchivedStyle::by_id(&dependent.parent_link.href) {
            Some(parent) => match parent.get() {
                Style::Independent(style) => style,
                Style::Dependent(_) => {
                    return Err(problem(
                        format!("the style `{name}` depends on a style that depends on another"),
                        "use the independent style it is based on",
                    ))
                }
            },
            None => {
                return Err(problem(
                    format!(
                        "the style `{name}` is based on `{}`, which candor does not have",
                        dependent.parent_link.href
                    ),
                    "use the independent style's own CSL file",
                ))
            }
        },
    };
    // Without a bibliography layout the style formats no list of sources,
    // and every citation would be left as written, without a word.
    if style.bibliography.is_none() {
        return Err(problem(
            format!("the style `{name}` has no bibliography: it cannot list a page's sources"),
            "use a style with a `<bibliography>` section, such as `apa` or `vancouver`",
        ));
    }
    Ok(style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_bib_entry_is_an_error_at_its_line() {
        let text = "@book{fine,\n  title = {Fine},\n  year = {2001}\n}\n\n@article{broken,\n  title = {Unclosed,\n  year = {2020}\n}\n";
        let errors = parse(Path::new("content/references.bib"), text).unwrap_err();
        assert!(!errors.is_empty());
        assert!(errors[0].position.unwrap().line >= 6, "{:?}", errors[0]);
        assert_eq!(errors[0].code, "source/invalid");
    }

    #[test]
    fn a_malformed_yaml_entry_is_an_error_at_its_line() {
        let text =
            "fine:\n  type: book\n  title: Fine\nbroken:\n  type: jornal-article\n  title: T\n";
        let errors = parse(Path::new("content/references.yaml"), text).unwrap_err();
        assert_eq!(
            errors[0].position.map(|p| p.line),
            Some(5),
            "{:?}",
            errors[0]
        );
    }
}

//! Themes: the templates and static files a site is drawn with.
//!
//! The `default` theme is built into the binary, so a new site needs no
//! `themes/` folder. A site may carry its own copy under `themes/<name>/`
//! (which then wins), and its own `templates/` and `static/` folders
//! override the theme file by file.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::diag::{display_path, Diagnostic};
use crate::i18n::TranslationSource;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template's name (its path under `templates/`) and text.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The name templates use to refer to it, e.g. `article.html`.
    pub name: String,
    /// Where it came from, for messages.
    pub origin: PathBuf,
    /// The template text.
    pub text: String,
}

/// A file copied as-is into the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Its path in the output, with `/` separators.
    pub rel: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// For a photo, what its original was: its bytes are the republished
    /// copy.
    pub photo: Option<crate::images::Probe>,
}

/// A theme after site overrides are applied.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates by name; a site's own replace the theme's.
    pub templates: Vec<TemplateSource>,
    /// Static files; a site's own replace the theme's.
    pub statics: Vec<StaticFile>,
    /// Fluent files of interface strings, the theme's first: a site's own
    /// come later and replace the theme's message by message.
    pub translations: Vec<TranslationSource>,
}

/// Reads theme `name` for the site at `root`, then the site's overrides.
pub(crate) fn load(root: &Path, name: &str) -> (Theme, Vec<Diagnostic>) {
    let mut theme = Theme::default();
    let mut diagnostics = Vec::new();
    let on_disk = root.join("themes").join(name);
    if on_disk.is_dir() {
        // The built-in strings come first: a theme copied before a string
        // was added, or one without translations, still has them all.
        theme.translations = builtin_translations();
        read_dir_into(
            root,
            &on_disk.join("templates"),
            &mut theme,
            Kind::Templates,
            &mut diagnostics,
        );
        read_dir_into(
            root,
            &on_disk.join("static"),
            &mut theme,
            Kind::Statics,
            &mut diagnostics,
        );
        read_dir_into(
            root,
            &on_disk.join(I18N_DIR),
            &mut theme,
            Kind::Translations,
            &mut diagnostics,
        );
    } else if name == "default" {
        embedded_into(&mut theme);
    } else {
        diagnostics.push(
            Diagnostic::file_error("theme/missing", crate::config::CONFIG_FILE, format!("theme `{name}` was not found"))
                .with_help(format!(
                    "put the theme in `themes/{name}/`, or set `theme: default` to use the built-in theme"
                )),
        );
    }
    read_dir_into(
        root,
        &root.join("templates"),
        &mut theme,
        Kind::Templates,
        &mut diagnostics,
    );
    read_dir_into(
        root,
        &root.join("static"),
        &mut theme,
        Kind::Statics,
        &mut diagnostics,
    );
    read_dir_into(
        root,
        &root.join(I18N_DIR),
        &mut theme,
        Kind::Translations,
        &mut diagnostics,
    );
    theme.templates.sort_by(|a, b| a.name.cmp(&b.name));
    theme.statics.sort_by(|a, b| a.rel.cmp(&b.rel));
    (theme, diagnostics)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Templates,
    Statics,
    Translations,
}

/// The folder of Fluent files, in a theme and in a site.
pub const I18N_DIR: &str = "i18n";

fn insert(
    theme: &mut Theme,
    kind: Kind,
    rel: String,
    origin: PathBuf,
    bytes: Vec<u8>,
) -> Result<(), Box<Diagnostic>> {
    match kind {
        Kind::Templates => {
            let text = String::from_utf8(bytes).map_err(|_| {
                Diagnostic::file_error(
                    "template/encoding",
                    &origin,
                    "the template is not valid UTF-8 text",
                )
                .with_help("save it with UTF-8 encoding")
            })?;
            // Editors on some systems save a byte-order mark, which tera
            // would take as text before `{% extends %}`.
            let text = match text.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_string(),
                None => text,
            };
            theme.templates.retain(|t| t.name != rel);
            theme.templates.push(TemplateSource {
                name: rel,
                origin,
                text,
            });
        }
        Kind::Statics => {
            theme.statics.retain(|s| s.rel != rel);
            theme.statics.push(StaticFile {
                rel,
                bytes,
                photo: None,
            });
        }
        Kind::Translations => {
            let Some(lang) = rel.strip_suffix(".ftl").filter(|l| !l.contains('/')) else {
                return Ok(());
            };
            let text = String::from_utf8(bytes).map_err(|_| {
                Diagnostic::file_error(
                    "i18n/encoding",
                    &origin,
                    "the translation file is not valid UTF-8 text",
                )
                .with_help("save it with UTF-8 encoding")
            })?;
            let text = text
                .strip_prefix('\u{feff}')
                .map_or(text.clone(), str::to_string);
            theme.translations.push(TranslationSource {
                lang: lang.to_string(),
                origin,
                text,
            });
        }
    }
    Ok(())
}

fn embedded_into(theme: &mut Theme) {
    fn visit(dir: &Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
        for file in dir.files() {
            if let Some(path) = file.path().to_str() {
                out.push((path.replace('\\', "/"), file.contents()));
            }
        }
        for sub in dir.dirs() {
            visit(sub, out);
        }
    }
    let mut files = Vec::new();
    visit(&DEFAULT_THEME, &mut files);
    for (path, bytes) in files {
        let (kind, rel) = if let Some(rel) = path.strip_prefix("templates/") {
            (Kind::Templates, rel)
        } else if let Some(rel) = path.strip_prefix("static/") {
            (Kind::Statics, rel)
        } else if let Some(rel) = path.strip_prefix("i18n/") {
            (Kind::Translations, rel)
        } else {
            continue;
        };
        let origin = Path::new("<built-in theme>").join(&path);
        // The built-in theme is checked by the test suite: it is UTF-8.
        let _ = insert(theme, kind, rel.to_string(), origin, bytes.to_vec());
    }
}

fn read_dir_into(
    root: &Path,
    dir: &Path,
    theme: &mut Theme,
    kind: Kind,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                diagnostics.push(
                    Diagnostic::file_error(
                        "theme/read",
                        display_path(root, &path),
                        format!("cannot read: {err}"),
                    )
                    .with_help(
                        "check that the file exists and that you may read it (its permissions)",
                    ),
                );
                continue;
            }
        };
        if !entry.file_type().is_file()
            || entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        let origin = display_path(root, entry.path());
        let Some(rel) = entry
            .path()
            .strip_prefix(dir)
            .ok()
            .and_then(Path::to_str)
            .map(|s| s.replace('\\', "/"))
        else {
            diagnostics.push(
                Diagnostic::file_error("theme/read", &origin, "the file name is not valid UTF-8")
                    .with_help("rename the file using letters, digits and hyphens"),
            );
            continue;
        };
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                if let Err(d) = insert(theme, kind, rel, origin, bytes) {
                    diagnostics.push(*d);
                }
            }
            Err(err) => diagnostics.push(
                Diagnostic::file_error("theme/read", &origin, format!("cannot read: {err}"))
                    .with_help(
                        "check that the file exists and that you may read it (its permissions)",
                    ),
            ),
        }
    }
}

/// Interface strings of the built-in theme in `lang`, for tests and tools
/// that have no site.
pub fn builtin_strings(lang: &str) -> crate::i18n::Strings {
    let sources = builtin_translations();
    let codes = if lang == "en" {
        vec!["en"]
    } else {
        vec!["en", lang]
    };
    let (translations, _) = crate::i18n::Translations::new("en", &codes, &sources);
    crate::i18n::Strings::new(translations, lang)
}

/// The built-in theme's Fluent files.
pub fn builtin_translations() -> Vec<TranslationSource> {
    let mut theme = Theme::default();
    embedded_into(&mut theme);
    theme.translations
}

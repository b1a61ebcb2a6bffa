//! Finding the site's files: markdown, page bundles and assets.

use std::collections::HashSet;
use std::path::Path;

use walkdir::WalkDir;

use super::{Asset, CONTENT_DIR};
use crate::diag::Diagnostic;

/// What is in `content/`.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// Markdown files relative to `content/`, sorted.
    pub(crate) markdown: Vec<String>,
    /// Folders (relative to `content/`) that hold an `index.md`: page
    /// bundles.
    pub(crate) bundles: HashSet<String>,
    /// Every other file.
    pub(crate) assets: Vec<Asset>,
}

/// Files editors and operating systems leave behind, never content.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

/// Walks `root/content`, reporting unreadable entries instead of skipping
/// them.
pub(crate) fn walk(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Found {
    let content = root.join(CONTENT_DIR);
    let mut found = Found::default();
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::file_error("content/missing", CONTENT_DIR, "there is no content folder")
                .with_help("create `content/` with an `_index.md` for the home page"),
        );
        return found;
    }
    let walker = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_ignored));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| content.clone(), Path::to_path_buf);
                diagnostics.push(
                    Diagnostic::file_error(
                        "content/read",
                        crate::diag::display_path(root, &path),
                        format!("cannot read this part of the content folder: {err}"),
                    )
                    .with_help(
                        "check that the file exists and that you may read it (its permissions)",
                    ),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(&content) else {
            continue;
        };
        let Some(rel) = relative.to_str().map(|s| s.replace('\\', "/")) else {
            diagnostics.push(
                Diagnostic::file_error(
                    "content/file-name",
                    crate::diag::display_path(root, entry.path()),
                    "the file name is not valid UTF-8",
                )
                .with_help("rename the file using letters, digits and hyphens"),
            );
            continue;
        };
        if rel.ends_with(".md") {
            if let Some(dir) = rel.strip_suffix("/index.md") {
                found.bundles.insert(dir.to_string());
            }
            found.markdown.push(rel);
        } else {
            found.assets.push(Asset {
                rel,
                path: entry.path().to_path_buf(),
                image: None,
            });
        }
    }
    found
}

//! Addresses: a section's folder as a URL path, where a copied file goes,
//! and the redirects of a page's old addresses.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{located, Alias, LinkedPage};
use crate::diag::{Diagnostic, LineIndex};
use crate::slug::slugify;

/// The URL path of a content folder: `""` → `/`, `articles` → `/articles/`.
pub(super) fn dir_path(dir: &str) -> String {
    let mut path = String::from("/");
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        let slug = slugify(part);
        path.push_str(if slug.is_empty() { part } else { &slug });
        path.push('/');
    }
    path
}

pub(super) fn asset_output(rel: &str, bundle_paths: &HashMap<String, &str>) -> String {
    let mut dir = rel;
    while let Some((parent, _)) = dir.rsplit_once('/') {
        if let Some(page_path) = bundle_paths.get(parent) {
            let rest = &rel[parent.len() + 1..];
            return format!("{}{rest}", &page_path[1..]);
        }
        dir = parent;
    }
    rel.to_string()
}

pub(super) fn link_aliases(
    pages: &[LinkedPage],
    claims: &mut HashMap<String, PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Alias> {
    let mut aliases = Vec::new();
    for page in pages {
        for alias in &page.page.meta.aliases {
            let trimmed = alias.trim_matches('/');
            let (path, file) = if alias.ends_with(".html") {
                (format!("/{trimmed}"), trimmed.to_string())
            } else {
                let path = if trimmed.is_empty() {
                    "/".to_string()
                } else {
                    format!("/{trimmed}/")
                };
                let file = super::outputs::index_file(&path);
                (path, file)
            };
            let at =
                crate::load::locate(&page.page.text, 0, page.page.body_offset, alias).unwrap_or(0);
            if let Some(owner) = claims.get(&path) {
                diagnostics.push(located(
                    "url/conflict",
                    &page.page.source,
                    &page.page.text,
                    at,
                    format!(
                        "the alias `{alias}` is already the address of {}",
                        owner.display()
                    ),
                    Some("remove the alias, or pick an old address no page uses".to_string()),
                ));
                continue;
            }
            claims.insert(path, page.page.source.clone());
            aliases.push(Alias {
                file,
                target: page.path.clone(),
                written: alias.clone(),
                source: page.page.source.clone(),
                at: LineIndex::new(&page.page.text).position(&page.page.text, at),
            });
        }
    }
    aliases
}

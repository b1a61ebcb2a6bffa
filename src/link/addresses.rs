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

/// Why `alias` is no clean address to redirect from, if it is not: it
/// must start at the site's root and be plain folder names, with no
/// `..`, `.`, percent-escapes, empty parts or characters a URL encodes.
fn unclean(alias: &str) -> Option<&'static str> {
    if !alias.starts_with('/') {
        return Some("it must start with `/`");
    }
    let inner = alias.trim_start_matches('/').trim_end_matches('/');
    if alias.len() > 1 && inner.is_empty() {
        return Some("it has no name after the `/`");
    }
    if inner.is_empty() {
        return None;
    }
    for part in inner.split('/') {
        if part.is_empty() {
            return Some("it has an empty part (`//`)");
        }
        if part == "." || part == ".." {
            return Some("it has a `.` or `..` part");
        }
        if part.contains('%') {
            return Some("it has a percent-escape");
        }
        if part.chars().any(|c| {
            c.is_control() || c.is_whitespace() || invisible(c) || "\\?#<>\"'`{}|^[]".contains(c)
        }) {
            return Some("it has a character that a web address would have to encode");
        }
    }
    None
}

/// Characters that change how text shows without showing themselves
/// (direction overrides, zero-width spaces): an address holding one could
/// pass for another.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
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
            let at = crate::load::locate(
                page.page.text.front(),
                0,
                page.page.text.body_offset(),
                alias,
            )
            .unwrap_or(0);
            if let Some(why) = unclean(alias) {
                diagnostics.push(
                    located(
                        "url/alias",
                        &page.page.source,
                        page.page.text.front(),
                        at,
                        format!("the alias `{alias}` is not a clean path: {why}"),
                        Some("write the old address as plain folder names from the site's root, e.g. `/old-name/` or `/old/page.html`".to_string()),
                    )
                    .with_length(alias.len()),
                );
                continue;
            }
            if let Some(owner) = claims.get(&path) {
                diagnostics.push(located(
                    "url/conflict",
                    &page.page.source,
                    page.page.text.front(),
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
                at: LineIndex::new(page.page.text.front()).position(page.page.text.front(), at),
            });
        }
    }
    aliases
}

#[cfg(test)]
mod tests {
    use super::unclean;

    #[test]
    fn an_alias_is_plain_folder_names_from_the_root() {
        for clean in ["/", "/old/", "/old/page.html", "/a-b_c/d.e/"] {
            assert_eq!(unclean(clean), None, "{clean}");
        }
        for bad in [
            "old/",
            "/../x/",
            "/%2e%2e/x/",
            "/a//b/",
            "/a b/",
            "/a?b/",
            "/right\u{202e}lfe/",
            "/zero\u{200b}width/",
        ] {
            assert!(unclean(bad).is_some(), "{bad:?}");
        }
    }
}

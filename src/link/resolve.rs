//! Resolving links: each relative link and image of a page or section to
//! its final href, checking that the file and the heading exist, with a
//! suggestion when they do not.

use std::collections::{HashMap, HashSet};

use super::{FallbackTargets, LinkedSite};
use crate::config::Config;
use crate::diag::{did_you_mean, Diagnostic, LineIndex, Position};
use crate::load::Page;
use crate::markdown::{RefKind, Scan};

/// The ids a link to `page` can point to: its headings and questions.
pub(crate) fn page_anchors(page: &Page) -> HashSet<&str> {
    page.scan
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .chain(page.faq.iter().map(|f| f.id.as_str()))
        .collect()
}

pub(super) fn located(
    code: &'static str,
    source: &std::path::Path,
    text: &str,
    offset: usize,
    message: String,
    help: Option<String>,
) -> Diagnostic {
    let position = if text.is_empty() {
        Position::START
    } else {
        LineIndex::new(text).position(text, offset)
    };
    let mut d = Diagnostic::error(code, source, position, message);
    d.help = help;
    d
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Target {
    Page(usize),
    Section(usize),
}

pub(super) struct Resolver<'a> {
    pub(super) config: &'a Config,
    pub(super) targets: &'a HashMap<String, Target>,
    pub(super) draft_rels: &'a HashSet<String>,
    pub(super) page_paths: &'a [String],
    pub(super) section_paths: &'a [String],
    pub(super) anchors: &'a [HashSet<&'a str>],
    pub(super) section_anchors: &'a [HashSet<&'a str>],
    pub(super) asset_urls: &'a HashMap<&'a str, &'a str>,
    /// Photos that cannot be published, with why.
    pub(super) unreadable: &'a HashMap<&'a str, &'a crate::images::Unreadable>,
    pub(super) fallback: &'a FallbackTargets,
}

type Report<'r> = dyn FnMut(usize, &'static str, String, Option<String>) + 'r;

/// A page's links and images, resolved.
pub(crate) struct PageLinks {
    /// Final hrefs of the body's links and images, in order.
    pub(crate) hrefs: Vec<Option<String>>,
    /// Final hrefs in each front-matter FAQ answer.
    pub(crate) faq_hrefs: Vec<Vec<Option<String>>>,
    /// The links that lead nowhere.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Resolves the links of page `index` of `site` again, after only its body
/// changed: with its front matter and headings as they were, nothing else
/// in the site moves. `serve` uses this to keep an edit to one article
/// fast; any other change goes through [`link`]. `draft_rels` are the
/// drafts left out of the site; `default` is the default language's site
/// when `site` is another language's.
///
/// Only the pages and sections the body links to are looked up, so the
/// time this takes does not grow with the site. A link that resolves comes
/// out as [`link`] would make it; for a broken one, whose message suggests
/// other files, ask [`link`].
pub(crate) fn relink_page(
    site: &LinkedSite,
    index: usize,
    draft_rels: &HashSet<String>,
    default: Option<&LinkedSite>,
) -> PageLinks {
    let page = &site.pages[index].page;
    let from_dir = page.rel.rsplit_once('/').map_or("", |(d, _)| d);
    let wanted: HashSet<String> = page
        .scan
        .references
        .iter()
        .chain(page.faq.iter().flat_map(|f| &f.scan.references))
        .filter_map(|r| normalize(from_dir, r.dest.split(['#', '?']).next()?))
        .collect();
    let mut targets: HashMap<String, Target> = HashMap::new();
    let mut page_paths = Vec::new();
    let mut anchors = Vec::new();
    for linked in &site.pages {
        if wanted.contains(&linked.page.rel) {
            targets.insert(linked.page.rel.clone(), Target::Page(page_paths.len()));
            page_paths.push(linked.path.clone());
            anchors.push(page_anchors(&linked.page));
        }
    }
    let mut section_paths = Vec::new();
    let mut section_anchors = Vec::new();
    for section in &site.sections {
        let rel = if section.section.dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{}/_index.md", section.section.dir)
        };
        if section.section.source.is_some() && wanted.contains(&rel) {
            targets.insert(rel, Target::Section(section_paths.len()));
            section_paths.push(section.path.clone());
            section_anchors.push(
                section
                    .section
                    .scan
                    .headings
                    .iter()
                    .map(|h| h.id.as_str())
                    .collect(),
            );
        }
    }
    let asset_urls: HashMap<&str, &str> = site
        .assets
        .iter()
        .map(|(a, out)| (a.rel.as_str(), out.as_str()))
        .collect();
    let unreadable = unreadable_photos(&site.assets);
    // In another language than the default, a link to a page it lacks goes
    // to the default language's page.
    let mut fallback: FallbackTargets = HashMap::new();
    if let Some(default) = default {
        for linked in &default.pages {
            if wanted.contains(&linked.page.rel) && !targets.contains_key(&linked.page.rel) {
                let anchors = page_anchors(&linked.page)
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                fallback.insert(
                    linked.page.rel.clone(),
                    (default.href(&linked.path), anchors),
                );
            }
        }
        for (asset, out) in &default.assets {
            if wanted.contains(&asset.rel) && !fallback.contains_key(&asset.rel) {
                fallback.insert(
                    asset.rel.clone(),
                    (default.href(&format!("/{out}")), HashSet::new()),
                );
            }
        }
    }
    let resolver = Resolver {
        config: &site.config,
        targets: &targets,
        draft_rels,
        page_paths: &page_paths,
        section_paths: &section_paths,
        anchors: &anchors,
        section_anchors: &section_anchors,
        asset_urls: &asset_urls,
        unreadable: &unreadable,
        fallback: &fallback,
    };
    resolver.resolve_page(page, &page_anchors(page))
}

impl Resolver<'_> {
    /// Resolves the links of a page's body and FAQ answers.
    pub(super) fn resolve_page(&self, page: &Page, own_anchors: &HashSet<&str>) -> PageLinks {
        let mut found = Vec::new();
        let hrefs = self.resolve_all(
            &page.rel,
            &page.scan,
            own_anchors,
            &mut |offset, code, message, help| {
                found.push(located(
                    code,
                    &page.source,
                    &page.text.whole(),
                    page.text.body_offset() + offset,
                    message,
                    help,
                ));
            },
        );
        let faq_hrefs: Vec<Vec<Option<String>>> = page
            .faq
            .iter()
            .map(|item| {
                self.resolve_all(
                    &page.rel,
                    &item.scan,
                    own_anchors,
                    &mut |offset, code, message, help| {
                        // Answers are YAML strings: find the link in the file.
                        let dest_offset = item
                            .scan
                            .references
                            .iter()
                            .find(|r| r.offset == offset)
                            .and_then(|r| {
                                crate::load::locate(
                                    page.text.front(),
                                    0,
                                    page.text.body_offset(),
                                    &r.dest,
                                )
                            });
                        found.push(located(
                            code,
                            &page.source,
                            page.text.front(),
                            dest_offset.unwrap_or(0),
                            message,
                            help,
                        ));
                    },
                )
            })
            .collect();
        PageLinks {
            hrefs,
            faq_hrefs,
            diagnostics: found,
        }
    }

    /// Resolves every reference of `scan`, found in the file `rel`.
    pub(super) fn resolve_all(
        &self,
        rel: &str,
        scan: &Scan,
        own_anchors: &HashSet<&str>,
        report: &mut Report<'_>,
    ) -> Vec<Option<String>> {
        scan.references
            .iter()
            .map(|r| {
                if r.literal {
                    return None;
                }
                match self.resolve(rel, &r.dest, r.kind, own_anchors) {
                    Ok(href) => href,
                    Err((code, message, help)) => {
                        report(r.offset, code, message, help);
                        None
                    }
                }
            })
            .collect()
    }

    fn resolve(
        &self,
        rel: &str,
        dest: &str,
        kind: RefKind,
        own_anchors: &HashSet<&str>,
    ) -> Result<Option<String>, (&'static str, String, Option<String>)> {
        if dest.is_empty() {
            return Err((
                "link/empty",
                "this link has no destination".to_string(),
                Some("write where it goes between the parentheses: [text](file.md)".to_string()),
            ));
        }
        if has_scheme(dest) || dest.starts_with("//") {
            return Ok(None);
        }
        if dest.starts_with('/') {
            let base = self.config.base_path();
            return Ok((!base.is_empty()).then(|| format!("{base}{dest}")));
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            if !own_anchors.contains(fragment) {
                return Err(missing_anchor(fragment, "this page", own_anchors));
            }
            return Ok(None);
        }
        let (path_part, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let (path_part, query) = match path_part.split_once('?') {
            Some((p, q)) => (p, format!("?{q}")),
            None => (path_part, String::new()),
        };
        let from_dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let Some(target_rel) = normalize(from_dir, path_part) else {
            return Err((
                "link/broken",
                format!("the link `{dest}` points outside the content folder"),
                Some("link to files inside `content/`, or use a full web address".to_string()),
            ));
        };
        let base = self.config.base_path();
        if target_rel.ends_with(".md") {
            // `consent.es.md` is `consent.md` in Spanish.
            let (target_rel, target_lang) = crate::load::split_language(&target_rel, self.config);
            let translation = target_lang != self.config.language
                || target_rel != normalize(from_dir, path_part).unwrap_or_default();
            let Some(target) = self.targets.get(&target_rel) else {
                if let Some((href, anchors)) = self.fallback.get(&target_rel) {
                    return match fragment.filter(|f| !f.is_empty()) {
                        Some(f) if !anchors.contains(f) => Err(missing_anchor(
                            f,
                            &format!("`content/{target_rel}`"),
                            &anchors.iter().map(String::as_str).collect(),
                        )),
                        Some(f) => Ok(Some(format!("{href}{query}#{f}"))),
                        None => Ok(Some(format!("{href}{query}"))),
                    };
                }
                if self.draft_rels.contains(&target_rel) {
                    return Err((
                        "link/draft",
                        format!("the link `{dest}` points to a draft"),
                        Some("publish that page (remove `draft: true`), build with --drafts, or remove the link".to_string()),
                    ));
                }
                if translation {
                    return Err((
                        "link/broken",
                        format!("the link `{dest}` names a translation this language's pages cannot link to"),
                        Some("link to the page's file in the default language (without the language code): each language's page then links to its own translation, where there is one".to_string()),
                    ));
                }
                let near = near_file(&target_rel, self.targets.keys().map(String::as_str));
                return Err((
                    "link/broken",
                    format!("the link `{dest}` points to `content/{target_rel}`, which does not exist"),
                    Some(match near {
                        Some(near) => format!("did you mean `content/{near}`?"),
                        None => "check the file name; links are relative to the file they are written in".to_string(),
                    }),
                ));
            };
            let (path, anchors) = match *target {
                Target::Page(i) => (&self.page_paths[i], &self.anchors[i]),
                Target::Section(i) => (&self.section_paths[i], &self.section_anchors[i]),
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                if !anchors.contains(fragment) {
                    return Err(missing_anchor(
                        fragment,
                        &format!("`content/{target_rel}`"),
                        anchors,
                    ));
                }
                return Ok(Some(format!("{base}{path}{query}#{fragment}")));
            }
            return Ok(Some(format!("{base}{path}{query}")));
        }
        let fragment_part = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        if let Some(problem) = self.unreadable.get(target_rel.as_str()) {
            return Err((
                "image/unreadable",
                format!("`{dest}` cannot be published: {}", problem.message),
                Some(problem.help.clone()),
            ));
        }
        match self.asset_urls.get(target_rel.as_str()) {
            Some(out) => Ok(Some(format!("{base}/{out}{query}{fragment_part}"))),
            // A file of a page this language lacks: where that page is.
            None if self.fallback.contains_key(&target_rel) => {
                let href = &self.fallback[&target_rel].0;
                Ok(Some(format!("{href}{query}{fragment_part}")))
            }
            None => {
                let what = if kind == RefKind::Image {
                    "image"
                } else {
                    "link"
                };
                Err((
                    "link/broken",
                    format!("the {what} `{dest}` points to `content/{target_rel}`, which does not exist"),
                    Some(if kind == RefKind::Image || target_rel.contains('.') {
                        "put the file next to the page that uses it, or fix its name".to_string()
                    } else {
                        "to link to a page, link to its markdown file, e.g. `../faq/_index.md` or `other-article.md`".to_string()
                    }),
                ))
            }
        }
    }
}

/// The photos among `assets` that cannot be published, by their path in
/// `content/`.
pub(super) fn unreadable_photos(
    assets: &[(crate::load::Asset, String)],
) -> HashMap<&str, &crate::images::Unreadable> {
    assets
        .iter()
        .filter_map(|(asset, _)| match &asset.image {
            Some(Err(problem)) => Some((asset.rel.as_str(), problem)),
            _ => None,
        })
        .collect()
}

/// A file whose name is close to `wanted`'s, preferring the same folder.
pub(super) fn near_file<'a>(
    wanted: &str,
    files: impl Iterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    let split = |p: &'a str| p.rsplit_once('/').unwrap_or(("", p));
    let (dir, name) = wanted.rsplit_once('/').unwrap_or(("", wanted));
    let same_dir = files.clone().filter(|f| split(f).0 == dir);
    let by_name = |candidates: &mut dyn Iterator<Item = &'a str>| {
        let candidates: Vec<&'a str> = candidates.collect();
        let near = did_you_mean(name, candidates.iter().map(|f| split(f).1))?;
        candidates.into_iter().find(|f| split(f).1 == near)
    };
    by_name(&mut same_dir.into_iter()).or_else(|| by_name(&mut files.into_iter()))
}

pub(super) fn missing_anchor(
    fragment: &str,
    place: &str,
    anchors: &HashSet<&str>,
) -> (&'static str, String, Option<String>) {
    let near = did_you_mean(fragment, anchors.iter().copied());
    (
        "link/anchor",
        format!("there is no heading `#{fragment}` in {place}"),
        Some(match near {
            Some(near) => format!("did you mean `#{near}`?"),
            None => "link to a heading that exists; its id is the heading text in lowercase with hyphens".to_string(),
        }),
    )
}

pub(super) fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Joins `path` to the folder `from_dir` (both relative to `content/`),
/// folding `.` and `..`; `None` when it climbs out of `content/`.
pub(super) fn normalize(from_dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let decoded: Vec<String> = parts.iter().map(|p| percent_decode(p)).collect();
    Some(decoded.join("/"))
}

/// Decodes `%20` and friends so `my%20file.md` finds `my file.md`.
pub(super) fn percent_decode(part: &str) -> String {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            // Decode from bytes: `%` may be followed by any character, and
            // slicing the text there could split one.
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| part.to_string())
}

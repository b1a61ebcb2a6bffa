//! The link stage: the one pass that sees the whole site.
//!
//! It gives every page and section its URL path, finds two files claiming
//! one address, groups pages into sections and taxonomy terms, and resolves
//! every relative link (`../faq/basics.md#cost`) and image to its final
//! href, checking that the file and the heading exist.
//!
//! The linked site's types are in [`model`]; [`addresses`] gives pages,
//! assets and redirects their addresses, [`resolve`] resolves links,
//! [`taxonomy`] groups pages by topic and tag, [`languages`] ties the
//! languages of a site together, [`outputs`] declares every output, and
//! [`az`] counts the entries of the search page's A–Z lists.
//!
//! Architecture invariant: link does no IO and cannot fail. It returns the
//! linked site together with its diagnostics.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::config::{Config, TaxonomyName};
use crate::diag::{Diagnostic, Position};
use crate::directory::{Directory, State, Therapist};
use crate::form::{FormSchema, SiteOptions};
use crate::i18n::{Strings, Translations};
use crate::load::{Asset, Loaded, Page, Section, SectionFrontMatter, SortBy};
use crate::markdown::Scan;

mod addresses;
pub(crate) mod az;
mod languages;
mod model;
pub(crate) mod outputs;
mod resolve;
mod taxonomy;

use addresses::{asset_output, dir_path, link_aliases};
pub use languages::link_all;
pub(crate) use model::{
    published_href, PRIVACY_PATH, SEARCH_LIST_TEMPLATE, SEARCH_PATH, SEARCH_TEMPLATE,
};
pub use model::{
    Alias, Alternate, LanguageLink, LinkOptions, LinkedPage, LinkedSection, LinkedSite,
    LinkedTaxonomy, LinkedTerm, SiteLanguage, Untranslated,
};
pub(crate) use resolve::page_anchors;
pub(crate) use resolve::relink_page;
use resolve::{located, Resolver, Target};
use taxonomy::{link_taxonomies, related_pages};

/// Links the loaded site, in its default language only: see
/// [`link_all`] for every language.
pub fn link(mut loaded: Loaded, options: LinkOptions) -> (LinkedSite, Vec<Diagnostic>) {
    let default = loaded.config.language.clone();
    loaded.pages.retain(|p| p.lang == default);
    loaded.sections.retain(|s| s.lang == default);
    let codes: Vec<String> = loaded
        .config
        .site_languages()
        .into_iter()
        .map(|l| l.code)
        .collect();
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    let (translations, mut diagnostics) =
        Translations::new(&loaded.config.language, &codes, &loaded.theme.translations);
    let strings = Strings::new(translations, &loaded.config.language);
    let language = SiteLanguage::single(&loaded.config);
    let (site, found) = link_one(loaded, options, strings, language, &HashMap::new());
    diagnostics.extend(found);
    (site, diagnostics)
}

/// Where links to pages a language lacks go: the default language's page,
/// by file (`articles/consent.md`), with its href and heading ids.
pub(crate) type FallbackTargets = HashMap<String, (String, HashSet<String>)>;

/// Links one language's part of the site.
pub(crate) fn link_one(
    loaded: Loaded,
    options: LinkOptions,
    strings: Strings,
    language: SiteLanguage,
    fallback: &FallbackTargets,
) -> (LinkedSite, Vec<Diagnostic>) {
    let Loaded {
        config,
        pages,
        sections,
        assets,
        theme,
        form,
        synonyms,
        bibliography,
    } = loaded;
    let mut diagnostics = Vec::new();

    // Every folder with a published page gets a section, with or without an
    // `_index.md`, and so does the home page.
    let mut sections = sections;
    let mut dirs: HashSet<String> = sections.iter().map(|s| s.dir.clone()).collect();
    for dir in std::iter::once(String::new()).chain(pages.iter().map(|p| p.section_dir.clone())) {
        if dirs.insert(dir.clone()) {
            sections.push(implicit_section(&dir, &config, &language.code));
        }
    }
    sections.sort_by(|a, b| a.dir.cmp(&b.dir));

    let (published, drafts): (Vec<Page>, Vec<Page>) = pages
        .into_iter()
        .partition(|p| options.include_drafts || !p.meta.draft);
    let draft_rels: HashSet<String> = drafts.into_iter().map(|p| p.rel).collect();

    // Addresses, and who claims them.
    let mut claims: HashMap<String, PathBuf> = HashMap::new();
    let mut claim = |path: &str, source: &PathBuf, diagnostics: &mut Vec<Diagnostic>| {
        if let Some(first) = claims.get(path) {
            diagnostics.push(
                Diagnostic::error("url/conflict", source, Position::START, format!("the address `{path}` is already taken by {}", first.display()))
                    .with_help("two files cannot make the same page: rename one, or give it a different `slug:`"),
            );
        } else {
            claims.insert(path.to_string(), source.clone());
        }
    };
    let section_paths: Vec<String> = sections.iter().map(|s| dir_path(&s.dir)).collect();
    for (section, path) in sections.iter().zip(&section_paths) {
        let source = section
            .source
            .clone()
            .unwrap_or_else(|| PathBuf::from("content").join(&section.dir));
        claim(path, &source, &mut diagnostics);
    }
    let page_paths: Vec<String> = published
        .iter()
        .map(|p| {
            let dir = dir_path(&p.section_dir);
            format!("{dir}{}/", p.slug)
        })
        .collect();
    for (page, path) in published.iter().zip(&page_paths) {
        claim(path, &page.source, &mut diagnostics);
    }
    for taxonomy in &config.taxonomies {
        let path = format!("/{}/", taxonomy.name.as_str());
        claim(
            &path,
            &PathBuf::from(crate::config::CONFIG_FILE),
            &mut diagnostics,
        );
    }

    // Lookup tables for link resolution.
    let section_of_dir: HashMap<&str, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.as_str(), i))
        .collect();
    let mut targets: HashMap<String, Target> = HashMap::new();
    for (i, page) in published.iter().enumerate() {
        targets.insert(page.rel.clone(), Target::Page(i));
    }
    for (i, section) in sections.iter().enumerate() {
        if section.source.is_some() {
            let rel = if section.dir.is_empty() {
                "_index.md".to_string()
            } else {
                format!("{}/_index.md", section.dir)
            };
            targets.insert(rel, Target::Section(i));
        }
    }
    let anchors: Vec<HashSet<&str>> = published.iter().map(page_anchors).collect();
    let section_anchors: Vec<HashSet<&str>> = sections
        .iter()
        .map(|s| s.scan.headings.iter().map(|h| h.id.as_str()).collect())
        .collect();

    // Where assets end up: beside their bundle's page, or at the same path.
    let bundle_paths: HashMap<String, &str> = published
        .iter()
        .zip(&page_paths)
        .filter_map(|(p, path)| Some((p.rel.strip_suffix("/index.md")?.to_string(), path.as_str())))
        .collect();
    let assets: Vec<(Asset, String)> = assets
        .into_iter()
        .map(|asset| {
            let out = asset_output(&asset.rel, &bundle_paths);
            (asset, out)
        })
        .collect();
    let asset_urls: HashMap<&str, &str> = assets
        .iter()
        .map(|(a, out)| (a.rel.as_str(), out.as_str()))
        .collect();
    let pictures = pictures(&config, &assets);

    let resolver = Resolver {
        config: &config,
        targets: &targets,
        draft_rels: &draft_rels,
        page_paths: &page_paths,
        section_paths: &section_paths,
        anchors: &anchors,
        section_anchors: &section_anchors,
        asset_urls: &asset_urls,
        unreadable: &resolve::unreadable_photos(&assets),
        fallback,
    };

    let mut page_hrefs = Vec::with_capacity(published.len());
    for (i, page) in published.iter().enumerate() {
        // A page shown untranslated keeps the links of its own language,
        // which the caller copies in.
        if page.lang != language.code {
            page_hrefs.push((Vec::new(), Vec::new()));
            continue;
        }
        let links = resolver.resolve_page(page, &anchors[i]);
        diagnostics.extend(links.diagnostics);
        page_hrefs.push((links.hrefs, links.faq_hrefs));
    }
    let mut section_hrefs = Vec::with_capacity(sections.len());
    for (i, section) in sections.iter().enumerate() {
        let rel = if section.dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{}/_index.md", section.dir)
        };
        let mut found = Vec::new();
        let hrefs = resolver.resolve_all(
            &rel,
            &section.scan,
            &section_anchors[i],
            &mut |offset, code, message, help| {
                let source = section.source.clone().unwrap_or_default();
                found.push(located(
                    code,
                    &source,
                    &section.text,
                    section.body_offset + offset,
                    message,
                    help,
                ));
            },
        );
        diagnostics.extend(found);
        section_hrefs.push(hrefs);
    }

    let section_of_dir: HashMap<String, usize> = section_of_dir
        .into_iter()
        .map(|(d, i)| (d.to_string(), i))
        .collect();
    let linked_pages: Vec<LinkedPage> = published
        .into_iter()
        .zip(page_hrefs)
        .enumerate()
        .map(|(i, (page, (hrefs, faq_hrefs)))| LinkedPage {
            path: page_paths[i].clone(),
            section: section_of_dir
                .get(page.section_dir.as_str())
                .copied()
                .unwrap_or(0),
            page,
            hrefs,
            faq_hrefs,
            related: Vec::new(),
            previous: None,
            next: None,
        })
        .collect();
    let mut linked_sections: Vec<LinkedSection> = sections
        .into_iter()
        .zip(section_hrefs)
        .enumerate()
        .map(|(i, (section, hrefs))| LinkedSection {
            path: section_paths[i].clone(),
            section,
            pages: Vec::new(),
            subsections: Vec::new(),
            hrefs,
            untranslated: Vec::new(),
        })
        .collect();
    for (i, page) in linked_pages.iter().enumerate() {
        linked_sections[page.section].pages.push(i);
    }
    for i in 0..linked_sections.len() {
        let dir = linked_sections[i].section.dir.clone();
        if dir.is_empty() {
            continue;
        }
        let parent = dir.rsplit_once('/').map_or("", |(p, _)| p);
        if let Some(&p) = section_of_dir.get(parent) {
            linked_sections[p].subsections.push(i);
        }
    }
    for section in &mut linked_sections {
        let sort_by = section.section.meta.sort_by;
        section
            .pages
            .sort_by(|&a, &b| compare_pages(&linked_pages[a].page, &linked_pages[b].page, sort_by));
    }
    for i in 0..linked_sections.len() {
        let mut subs = std::mem::take(&mut linked_sections[i].subsections);
        subs.sort_by_key(|&s| {
            (
                linked_sections[s].section.meta.weight,
                linked_sections[s].section.meta.title.clone(),
            )
        });
        linked_sections[i].subsections = subs;
    }

    let mut linked_pages = linked_pages;
    for section in &linked_sections {
        for (k, &i) in section.pages.iter().enumerate() {
            linked_pages[i].previous = k.checked_sub(1).map(|p| section.pages[p]);
            linked_pages[i].next = section.pages.get(k + 1).copied();
        }
    }
    let related = related_pages(&linked_pages);
    for (page, related) in linked_pages.iter_mut().zip(related) {
        page.related = related;
    }
    let taxonomies = link_taxonomies(&config, &linked_pages);
    let (directory, form) =
        link_directory(&config, &linked_pages, form, &mut claims, &mut diagnostics);
    let aliases = link_aliases(&linked_pages, &mut claims, &mut diagnostics);

    let published = outputs::published_names(&theme, &config, options.fingerprint);
    let site = LinkedSite {
        published,
        config,
        pages: linked_pages,
        sections: linked_sections,
        taxonomies,
        assets,
        pictures,
        aliases,
        theme,
        directory,
        form,
        synonyms: synonyms.of(&language.code).to_vec(),
        bibliography,
        language,
        strings,
    };
    (site, diagnostics)
}

/// How pages offer each photo among `assets`, by the photo's href.
fn pictures(
    config: &Config,
    assets: &[(Asset, String)],
) -> HashMap<String, crate::images::Pictures> {
    let base = config.base_path();
    assets
        .iter()
        .filter_map(|(asset, out)| {
            let Some(Ok(prepared)) = &asset.image else {
                return None;
            };
            let hrefs: Vec<String> = prepared
                .copies
                .iter()
                .map(|(variant, _)| format!("{base}/{}", crate::images::copy_file(out, variant)))
                .collect();
            let each = || {
                prepared
                    .copies
                    .iter()
                    .map(|(variant, _)| variant)
                    .zip(hrefs.iter().map(String::as_str))
            };
            let pictures = crate::images::Pictures {
                whole: crate::images::Picture::of(each(), false),
                square: crate::images::Picture::of(each(), true),
            };
            Some((format!("{base}/{out}"), pictures))
        })
        .collect()
}

/// Gathers the therapist profiles, claims the directory's filter pages and
/// the intake pages, and fills the form's choices from site data.
fn link_directory(
    config: &Config,
    pages: &[LinkedPage],
    form: Option<FormSchema>,
    claims: &mut HashMap<String, PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Directory, Option<FormSchema>) {
    let profiles: Vec<(usize, &Therapist)> = pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i, p.page.therapist.as_deref()?)))
        .collect();
    let directory = Directory::new(config, &profiles);
    let config_file = PathBuf::from(crate::config::CONFIG_FILE);
    let mut claim = |path: &str, source: &PathBuf| {
        if let Some(first) = claims.get(path) {
            diagnostics.push(
                Diagnostic::error(
                    "url/conflict",
                    first,
                    Position::START,
                    format!(
                        "the address `{path}` is needed by the therapist directory or intake form"
                    ),
                )
                .with_help("rename this file or give it a different `slug:`"),
            );
        } else {
            claims.insert(path.to_string(), source.clone());
        }
    };
    for filter in &directory.filters {
        claim(&filter.path, &config_file);
    }
    let Some(mut form) = form else {
        return (directory, None);
    };
    claim(crate::form::INTAKE_PATH, &form.source);
    claim(crate::form::THANKS_PATH, &form.source);
    let mut license_states: Vec<State> = profiles.iter().flat_map(|(_, t)| t.states()).collect();
    license_states.sort();
    license_states.dedup();
    let topics: Vec<(String, String)> = config
        .taxonomy(TaxonomyName::Topics)
        .map(|t| {
            t.terms
                .iter()
                .map(|term| (term.key.clone(), term.title.to_string()))
                .collect()
        })
        .unwrap_or_default();
    let languages = crate::directory::languages(profiles.iter().map(|(_, t)| *t));
    diagnostics.extend(form.resolve(&SiteOptions {
        license_states: &license_states,
        topics: &topics,
        languages: &languages,
    }));
    (directory, Some(form))
}

fn implicit_section(dir: &str, config: &Config, lang: &str) -> Section {
    let title = if dir.is_empty() {
        config.title.to_string()
    } else {
        let last = dir
            .rsplit('/')
            .next()
            .unwrap_or(dir)
            .replace(['-', '_'], " ");
        let mut chars = last.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    };
    Section {
        source: None,
        dir: dir.to_string(),
        lang: lang.to_string(),
        meta: SectionFrontMatter {
            title,
            ..SectionFrontMatter::default()
        },
        text: String::new(),
        body_offset: 0,
        scan: Scan::default(),
    }
}

fn compare_pages(a: &Page, b: &Page, sort_by: SortBy) -> std::cmp::Ordering {
    let by_title = || {
        a.meta
            .title
            .cmp(&b.meta.title)
            .then_with(|| a.rel.cmp(&b.rel))
    };
    match sort_by {
        SortBy::Date => b.meta.date.cmp(&a.meta.date).then_with(by_title),
        SortBy::Title => by_title(),
        SortBy::Weight => {
            let weight = |p: &Page| p.meta.weight.unwrap_or(i64::MAX);
            weight(a).cmp(&weight(b)).then_with(by_title)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::resolve::{has_scheme, normalize};
    use super::*;

    #[test]
    fn normalizes_relative_paths() {
        assert_eq!(
            normalize("articles", "../faq/basics.md").as_deref(),
            Some("faq/basics.md")
        );
        assert_eq!(
            normalize("articles/a", "./b.md").as_deref(),
            Some("articles/a/b.md")
        );
        assert_eq!(normalize("", "../x.md"), None);
        assert_eq!(normalize("", "my%20file.md").as_deref(), Some("my file.md"));
        // A `%` before a multi-byte character is kept as written.
        assert_eq!(normalize("", "%aé.md").as_deref(), Some("%aé.md"));
    }

    #[test]
    fn recognises_external_links() {
        assert!(has_scheme("https://example.org"));
        assert!(has_scheme("mailto:a@b.c"));
        assert!(has_scheme("tel:988"));
        assert!(!has_scheme("faq.md#q:1"));
        assert!(!has_scheme("a/b:c.md"));
    }

    #[test]
    fn assets_in_bundles_follow_their_page() {
        let bundles = HashMap::from([("articles/sessions".to_string(), "/articles/sessions/")]);
        assert_eq!(
            asset_output("articles/sessions/room.svg", &bundles),
            "articles/sessions/room.svg"
        );
        assert_eq!(
            asset_output("articles/pic.png", &bundles),
            "articles/pic.png"
        );
        let renamed = HashMap::from([("articles/x".to_string(), "/articles/custom/")]);
        assert_eq!(
            asset_output("articles/x/img/a.png", &renamed),
            "articles/custom/img/a.png"
        );
    }
}

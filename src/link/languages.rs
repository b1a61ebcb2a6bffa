//! Linking a site written in several languages.
//!
//! Each language becomes a site of its own under its URL prefix (`/es/`),
//! linked by the same code as a one-language site, so every page kind,
//! listing, feed, sitemap and search index exists per language. What ties
//! them together is done here:
//! - a translation of `consent.md` (`consent.es.md`, or a file with the same
//!   `translation_key`) is the same page: links written to `consent.md`
//!   find the translation, and each page knows its translations;
//! - a page a language lacks is linked in the default language: links to it
//!   go there, and its section lists it apart as not yet translated;
//! - a section a language lacks still exists there, with the default
//!   language's text, so menus and breadcrumbs never lead nowhere;
//! - therapist profiles not yet translated are part of every language's
//!   directory, with their text marked as being in the default language.

use std::collections::{HashMap, HashSet};

use super::{
    link_one, Alternate, FallbackTargets, LanguageLink, LinkOptions, LinkedSite, SiteLanguage,
    Untranslated,
};
use crate::diag::Diagnostic;
use crate::i18n::{Strings, Translations};
use crate::load::{Loaded, Page, PageKind};

/// Links every language of the site; the default language's site comes
/// first. A site in one language gives one site, as [`super::link`] does.
/// Two outputs claiming one file are found over the registries of every
/// language ([`super::outputs::conflicts`]).
pub fn link_all(loaded: Loaded, options: LinkOptions) -> (Vec<LinkedSite>, Vec<Diagnostic>) {
    let languages = loaded.config.site_languages();
    if languages.len() < 2 {
        let (site, diagnostics) = super::link(loaded, options);
        return (vec![site], diagnostics);
    }
    let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
    let (translations, mut diagnostics) =
        Translations::new(&loaded.config.language, &codes, &loaded.theme.translations);

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
    let default = config.language.clone();

    // A translation takes the file name of the page it translates, so that
    // links written to that file find it.
    let default_rels: HashMap<String, String> = pages
        .iter()
        .filter(|p| p.lang == default)
        .map(|p| (p.translation_key().to_string(), p.rel.clone()))
        .collect();
    // A translation named after the page it translates shares its key,
    // whichever file sets `translation_key`.
    let default_keys: HashMap<String, Option<String>> = pages
        .iter()
        .filter(|p| p.lang == default)
        .map(|p| (p.rel.clone(), p.meta.translation_key.clone()))
        .collect();
    let mut pages = pages;
    for page in pages.iter_mut().filter(|p| p.lang != default) {
        if page.meta.translation_key.is_none() {
            if let Some(Some(key)) = default_keys.get(&page.rel) {
                page.meta.translation_key = Some(key.clone());
            }
        }
        if let Some(rel) = default_rels.get(page.translation_key()) {
            page.rel.clone_from(rel);
        }
    }

    let bundles: Vec<&str> = pages
        .iter()
        .filter_map(|p| p.rel.strip_suffix("/index.md"))
        .collect();
    let mut sites: Vec<LinkedSite> = Vec::with_capacity(languages.len());
    let mut fallback: FallbackTargets = HashMap::new();
    for language in &languages {
        let code = language.code.as_str();
        let is_default = code == default;
        let mut own_pages: Vec<Page> = pages.iter().filter(|p| p.lang == code).cloned().collect();
        let mut keys_seen: HashMap<String, &std::path::Path> = HashMap::new();
        for page in own_pages
            .iter()
            .filter(|p| options.include_drafts || !p.meta.draft)
        {
            let key = page.translation_key().to_string();
            if let Some(first) = keys_seen.get(key.as_str()) {
                diagnostics.push(
                    Diagnostic::error(
                        "i18n/duplicate-translation",
                        &page.source,
                        crate::load::key_position(page.text.front(), page.text.body_offset(), "translation_key"),
                        format!(
                            "this page and {} are both the `{code}` version of `{key}`",
                            first.display()
                        ),
                    )
                    .with_help("give each translation its own `translation_key`, or remove one of the two files"),
                );
            } else {
                keys_seen.insert(key, &page.source);
            }
        }
        let mut own_sections: Vec<_> = sections
            .iter()
            .filter(|s| s.lang == code)
            .cloned()
            .collect();
        if !is_default {
            let keys: HashSet<String> = own_pages
                .iter()
                .map(|p| p.translation_key().to_string())
                .collect();
            own_pages.extend(
                pages
                    .iter()
                    .filter(|p| {
                        p.lang == default
                            && p.kind == PageKind::Therapist
                            && !keys.contains(p.translation_key())
                    })
                    .cloned(),
            );
            let dirs: HashSet<String> = own_sections.iter().map(|s| s.dir.clone()).collect();
            own_sections.extend(
                sections
                    .iter()
                    .filter(|s| s.lang == default && !dirs.contains(&s.dir))
                    .cloned(),
            );
        }
        // A bundle's files go with its page: a language without the page
        // does not copy them.
        let own_rels: HashSet<&str> = own_pages.iter().map(|p| p.rel.as_str()).collect();
        let own_assets = assets
            .iter()
            .filter(|asset| {
                bundles
                    .iter()
                    .find(|dir| asset.rel.starts_with(&format!("{dir}/")))
                    .is_none_or(|dir| own_rels.contains(format!("{dir}/index.md").as_str()))
            })
            .cloned()
            .collect();
        let part = Loaded {
            config: config.for_language(code),
            pages: own_pages,
            sections: own_sections,
            assets: own_assets,
            theme: theme.clone(),
            form: form.as_ref().map(|f| f.for_language(code)),
            synonyms: synonyms.for_language(code),
            bibliography: bibliography.clone(),
        };
        let site_language = SiteLanguage {
            code: code.to_string(),
            name: language.name.clone(),
            dir: language.direction(),
            is_default,
            root_base: config.base_path().to_string(),
            languages: Vec::new(),
            alternates: HashMap::new(),
            from_default: HashMap::new(),
        };
        let strings = Strings::new(translations.clone(), code);
        let (mut site, found) = link_one(part, options, strings, site_language, &fallback);
        diagnostics.extend(found);
        // Pages shown untranslated link as in their own language.
        if let Some(default_site) = sites.first() {
            let by_rel: HashMap<&str, &super::LinkedPage> = default_site
                .pages
                .iter()
                .map(|p| (p.page.rel.as_str(), p))
                .collect();
            for page in site.pages.iter_mut().filter(|p| p.page.lang != code) {
                if let Some(own) = by_rel.get(page.page.rel.as_str()) {
                    page.hrefs.clone_from(&own.hrefs);
                    page.faq_hrefs.clone_from(&own.faq_hrefs);
                }
            }
        }
        if is_default {
            fallback = site
                .pages
                .iter()
                .map(|p| {
                    let anchors = super::page_anchors(&p.page)
                        .into_iter()
                        .map(str::to_string)
                        .collect();
                    (p.page.rel.clone(), (site.href(&p.path), anchors))
                })
                .chain(site.assets.iter().map(|(asset, out)| {
                    (
                        asset.rel.clone(),
                        (site.href(&format!("/{out}")), HashSet::new()),
                    )
                }))
                .collect();
        }
        sites.push(site);
    }

    // A page of another language may show a photo of the default
    // language's (a bundle it lacks): it offers the same copies.
    if let Some((default, others)) = sites.split_first_mut() {
        for site in others {
            for (href, pictures) in &default.pictures {
                site.pictures
                    .entry(href.clone())
                    .or_insert_with(|| pictures.clone());
            }
        }
    }
    list_untranslated(&mut sites);
    let links: Vec<LanguageLink> = sites
        .iter()
        .map(|s| LanguageLink {
            code: s.language.code.clone(),
            name: s.language.name.clone(),
            dir: s.language.dir.as_str(),
            home: s.href("/"),
            url: s.permalink("/"),
        })
        .collect();
    let keyed: Vec<HashMap<String, String>> = sites.iter().map(keyed_paths).collect();
    // Pages each language shows in another language, by path.
    let shown_untranslated: Vec<HashSet<String>> = sites
        .iter()
        .map(|s| {
            s.pages
                .iter()
                .filter(|p| p.page.lang != s.language.code)
                .map(|p| p.path.clone())
                .collect()
        })
        .collect();
    for (i, site) in sites.iter_mut().enumerate() {
        site.language.languages.clone_from(&links);
        let mut alternates: HashMap<String, Vec<Alternate>> = HashMap::new();
        for (key, path) in &keyed[i] {
            let others: Vec<Alternate> = keyed
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .filter_map(|(j, paths)| {
                    let other = paths.get(key)?;
                    Some(Alternate {
                        code: links[j].code.clone(),
                        href: format!("{}{other}", base_of(&links[j].home)),
                        url: String::new(),
                        untranslated: shown_untranslated[j].contains(other),
                    })
                })
                .collect();
            alternates.insert(path.clone(), others);
        }
        let origin = site.origin().to_string();
        for list in alternates.values_mut() {
            for alternate in list {
                alternate.url = format!("{origin}{}", alternate.href);
            }
        }
        site.language.alternates = alternates;
        if i > 0 {
            let default_site_base = base_of(&links[0].home).to_string();
            site.language.from_default = keyed[0]
                .iter()
                .map(|(key, default_path)| {
                    let href = match keyed[i].get(key) {
                        Some(own) => format!("{}{own}", base_of(&links[i].home)),
                        None => format!("{default_site_base}{default_path}"),
                    };
                    (default_path.clone(), href)
                })
                .collect();
        }
    }
    crate::diag::sort(&mut diagnostics);
    diagnostics.dedup();
    (sites, diagnostics)
}

/// `home` (a language's home href, ending in `/`) without its final `/`:
/// the prefix of every href in that language.
fn base_of(home: &str) -> &str {
    home.strip_suffix('/').unwrap_or(home)
}

/// Every URL path of `site` that has a counterpart in the other languages,
/// by what ties them: a page's translation key, a section's folder, or the
/// path itself for pages made from site data (topics, the directory's
/// filters, the intake and search pages).
fn keyed_paths(site: &LinkedSite) -> HashMap<String, String> {
    let mut keyed = HashMap::new();
    for page in &site.pages {
        keyed.insert(
            format!("page:{}", page.page.translation_key()),
            page.path.clone(),
        );
    }
    for section in &site.sections {
        keyed.insert(
            format!("section:{}", section.section.dir),
            section.path.clone(),
        );
    }
    for path in super::outputs::generated_paths(site) {
        keyed.insert(format!("path:{path}"), path);
    }
    keyed
}

/// Gives each section of the other languages the default language's pages
/// it has no translation of, in the default section's order.
fn list_untranslated(sites: &mut [LinkedSite]) {
    let Some((first, others)) = sites.split_first_mut() else {
        return;
    };
    let default = &*first;
    for site in others {
        let translated: HashSet<String> = site
            .pages
            .iter()
            .filter(|p| p.page.lang == site.language.code)
            .map(|p| p.page.translation_key().to_string())
            .collect();
        for section in &default.sections {
            let Some(own) = site
                .sections
                .iter_mut()
                .find(|s| s.section.dir == section.section.dir)
            else {
                continue;
            };
            own.untranslated = section
                .pages
                .iter()
                .map(|&i| &default.pages[i])
                .filter(|p| {
                    p.page.kind != PageKind::Therapist
                        && !translated.contains(p.page.translation_key())
                })
                .map(|p| Untranslated {
                    title: p.page.meta.title.clone(),
                    description: p.page.meta.description.clone(),
                    href: default.href(&p.path),
                    lang: default.language.code.clone(),
                    lang_name: default.language.name.clone(),
                })
                .collect();
        }
    }
}

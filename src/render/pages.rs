//! What each output of the registry is drawn from: the template and the
//! context for a rendered page, the bytes for a copied file.

use super::blocks::SiteBlocks;
use super::context::{
    base_context, breadcrumbs, home_crumb, page_context, paginator, rfc3339, root_url,
    section_context, sitemap_entries, taxonomy_context, term_context, Crumb, PageSummary,
    Summaries,
};
use super::templates::{missing_template, Templates};
use super::{directory, search, Body, FormState, Output};
use super::{INTAKE_TEMPLATE, LANGUAGES_TEMPLATE, THANKS_TEMPLATE};
use crate::diag::Diagnostic;
use crate::highlight;
use crate::link::outputs::{feed_entries, is_directory, pager_path, section_listing, Entry, Kind};
use crate::link::LinkedSite;
use crate::load::PageKind;

/// What every page of one render shares, worked out once for all of them.
pub(super) struct Shared<'s> {
    /// The A–Z lists of the site, sorted once.
    pub(super) lists: search::Lists<'s>,
    /// The blocks' site-wide values.
    pub(super) blocks: SiteBlocks,
    /// What lists show of each page.
    pub(super) summaries: Summaries<'s>,
}

impl<'s> Shared<'s> {
    pub(super) fn new(site: &'s LinkedSite) -> Shared<'s> {
        Shared {
            lists: search::Lists::new(site),
            blocks: SiteBlocks::new(site),
            summaries: Summaries::new(site),
        }
    }
}

/// Draws `entry`, one output of the registry `entries`, other than the
/// search index, which [`search`] makes from the whole site.
pub(super) fn draw(
    templates: &Templates,
    site: &LinkedSite,
    entries: &[Entry],
    entry: &Entry,
    shared: &Shared<'_>,
) -> Result<Output, Vec<Diagnostic>> {
    let copied = |body: Body| {
        Ok(Output {
            path: entry.file.clone(),
            body,
        })
    };
    match entry.kind {
        Kind::Static(i) => copied(Body::Bytes(site.theme.statics[i].bytes.clone())),
        Kind::Asset(i) => copied(Body::Copy(site.assets[i].0.path.clone())),
        Kind::Image { asset, copy } => match &site.assets[asset].0.image {
            Some(Ok(prepared)) => copied(Body::Cached(prepared.copies[copy].1.clone())),
            _ => Err(Vec::new()),
        },
        Kind::Highlight => copied(Body::Bytes(highlight::stylesheet().as_bytes().to_vec())),
        Kind::Brand => match site.config.accent() {
            Some(accent) => copied(Body::Bytes(crate::brand::stylesheet(accent).into_bytes())),
            None => Err(Vec::new()),
        },
        Kind::Headers => {
            let (immutable, pages) = crate::link::outputs::caching_paths(site, entries);
            copied(Body::Bytes(
                crate::headers::headers_file(&immutable, &pages).into_bytes(),
            ))
        }
        _ => render_template(templates, site, entry, shared),
    }
}

fn render_template(
    templates: &Templates,
    site: &LinkedSite,
    entry: &Entry,
    shared: &Shared<'_>,
) -> Result<Output, Vec<Diagnostic>> {
    let Shared {
        lists,
        blocks,
        summaries,
    } = shared;
    let (template, context) = match entry.kind {
        Kind::Page(i) => {
            let page = &site.pages[i];
            let template = page.page.meta.template.clone().unwrap_or_else(|| {
                match page.page.kind {
                    PageKind::Article => "article.html",
                    PageKind::Faq => "faq.html",
                    PageKind::Page => "page.html",
                    PageKind::Glossary => "glossary.html",
                    PageKind::Therapist => "therapist.html",
                }
                .to_string()
            });
            let mut ctx = base_context(site, &page.path, &page.page.lang);
            ctx.insert("page", &page_context(site, page, blocks, summaries));
            match page.page.kind {
                PageKind::Therapist => directory::add_profile(site, page, &mut ctx),
                PageKind::Article => ctx.insert(
                    "therapists",
                    &directory::therapists_for_topics(site, &page.page.meta.topics),
                ),
                _ => {}
            }
            ctx.insert(
                "breadcrumbs",
                &breadcrumbs(
                    site,
                    page.section,
                    Some((&page.page.meta.title, &page.path)),
                ),
            );
            (template, ctx)
        }
        Kind::Section {
            section,
            number,
            total,
        } => {
            let s = &site.sections[section];
            let is_home = s.path == "/";
            let template = s.section.meta.template.clone().unwrap_or_else(|| {
                if is_home {
                    "index.html"
                } else if is_directory(s) {
                    "directory.html"
                } else {
                    "section.html"
                }
                .to_string()
            });
            let path = pager_path(&s.path, number);
            let mut ctx = base_context(site, &path, &site.language.code);
            let listed = section_listing(site, section, number);
            ctx.insert("section", &section_context(site, s, &listed, summaries));
            if is_home {
                if let Some(topics) = site
                    .taxonomies
                    .iter()
                    .find(|t| t.name == crate::config::TaxonomyName::Topics)
                {
                    ctx.insert("topics", &taxonomy_context(site, topics));
                }
            }
            if is_directory(s) {
                ctx.insert("directory", &directory::directory_context(site, None));
                ctx.insert("directory_jsonld", &directory::directory_json_ld(site));
            }
            if is_home {
                ctx.insert(
                    "intake_href",
                    &site
                        .form
                        .as_ref()
                        .map(|_| site.href(crate::form::INTAKE_PATH)),
                );
            }
            ctx.insert("paginator", &paginator(site, &s.path, number, total));
            ctx.insert("breadcrumbs", &breadcrumbs(site, section, None));
            (template, ctx)
        }
        Kind::TaxonomyIndex(t) => {
            let taxonomy = &site.taxonomies[t];
            let mut ctx = base_context(site, &taxonomy.path, &site.language.code);
            ctx.insert("taxonomy", &taxonomy_context(site, taxonomy));
            ctx.insert("breadcrumbs", &home_crumb(site));
            ("taxonomy.html".to_string(), ctx)
        }
        Kind::Term {
            taxonomy,
            term,
            number,
            total,
        } => {
            let tax = &site.taxonomies[taxonomy];
            let t = &tax.terms[term];
            let path = pager_path(&t.path, number);
            let per_page = site.config.paginate_by.max(1);
            let listed: Vec<&PageSummary> = t
                .pages
                .iter()
                .skip((number - 1) * per_page)
                .take(per_page)
                .map(|&i| summaries.get(i))
                .collect();
            let mut ctx = base_context(site, &path, &site.language.code);
            ctx.insert("taxonomy", &taxonomy_context(site, tax));
            ctx.insert("term", &term_context(site, t));
            ctx.insert("pages", &listed);
            ctx.insert("paginator", &paginator(site, &t.path, number, total));
            let mut crumbs = home_crumb(site);
            crumbs.push(Crumb {
                title: tax.title.clone(),
                href: site.href(&tax.path),
            });
            ctx.insert("breadcrumbs", &crumbs);
            ("term.html".to_string(), ctx)
        }
        Kind::Alias(i) => {
            let alias = &site.aliases[i];
            let mut ctx = base_context(site, &alias.target, &site.language.code);
            ctx.insert("target_href", &site.href(&alias.target));
            ctx.insert("target_permalink", &site.permalink(&alias.target));
            ("alias.html".to_string(), ctx)
        }
        Kind::DirectoryFilter(i) => {
            let filter = &site.directory.filters[i];
            let mut ctx = base_context(site, &filter.path, &site.language.code);
            ctx.insert(
                "directory",
                &directory::directory_context(site, Some(filter)),
            );
            ctx.insert("breadcrumbs", &directory::filter_crumbs(site));
            ("directory.html".to_string(), ctx)
        }
        Kind::Intake => {
            let Some(form) = &site.form else {
                return Err(Vec::new());
            };
            let ctx = directory::intake_context(site, form, &FormState::default());
            (INTAKE_TEMPLATE.to_string(), ctx)
        }
        Kind::Thanks => (
            THANKS_TEMPLATE.to_string(),
            directory::thanks_context(site, None),
        ),
        Kind::Search => {
            let path = search::PAGE_PATH;
            let mut ctx = base_context(site, path, &site.language.code);
            ctx.insert("search", &search::page_context(site));
            ctx.insert("breadcrumbs", &home_crumb(site));
            (search::TEMPLATE.to_string(), ctx)
        }
        Kind::SearchList {
            group,
            number,
            total,
        } => {
            let path = crate::link::az::path(group, number);
            let mut ctx = base_context(site, &path, &site.language.code);
            let list = search::list_context(site, lists, group, number, total);
            // Home, the search page, and the list itself (which breadcrumbs
            // do not show).
            let mut crumbs = home_crumb(site);
            crumbs.push(Crumb {
                title: site.strings.get("search-title"),
                href: site.href(search::PAGE_PATH),
            });
            crumbs.push(Crumb {
                title: list.title().to_string(),
                href: site.href(&path),
            });
            ctx.insert("list", &list);
            ctx.insert("breadcrumbs", &crumbs);
            (crate::link::SEARCH_LIST_TEMPLATE.to_string(), ctx)
        }
        Kind::NotFound => {
            let ctx = base_context(site, "/404.html", &site.language.code);
            ("404.html".to_string(), ctx)
        }
        Kind::Sitemap => {
            let mut ctx = base_context(site, "/sitemap.xml", &site.language.code);
            ctx.insert("entries", &sitemap_entries(site));
            ("sitemap.xml".to_string(), ctx)
        }
        Kind::Feed => {
            let mut ctx = base_context(site, "/atom.xml", &site.language.code);
            let newest = feed_entries(site);
            let entries: Vec<&PageSummary> = newest.iter().map(|&i| summaries.get(i)).collect();
            let updated = newest
                .iter()
                .filter_map(|&i| {
                    let m = &site.pages[i].page.meta;
                    m.updated.or(m.date)
                })
                .max();
            ctx.insert("entries", &entries);
            ctx.insert("updated", &updated.map(rfc3339));
            ("atom.xml".to_string(), ctx)
        }
        Kind::Robots => {
            let mut ctx = base_context(site, "/robots.txt", &site.language.code);
            let sitemaps: Vec<String> = if site.language.languages.is_empty() {
                vec![site.permalink("/sitemap.xml")]
            } else {
                site.language
                    .languages
                    .iter()
                    .map(|l| format!("{}sitemap.xml", l.url))
                    .collect()
            };
            ctx.insert("sitemaps", &sitemaps);
            ("robots.txt".to_string(), ctx)
        }
        Kind::LanguageChooser => {
            let mut ctx = base_context(site, "/", &site.language.code);
            // The chooser is no language's page: no switcher, no alternates.
            ctx.insert("translations", &Vec::<()>::new());
            ctx.insert("x_default", &format!("{}/", root_url(site)));
            ctx.insert("base", &site.language.root_base);
            (LANGUAGES_TEMPLATE.to_string(), ctx)
        }
        Kind::Static(_)
        | Kind::Asset(_)
        | Kind::Image { .. }
        | Kind::Highlight
        | Kind::Brand
        | Kind::Headers
        | Kind::SearchIndex => return Err(Vec::new()),
    };
    if !templates.has(&template) {
        return Err(vec![missing_template(site, entry.kind, &template)]);
    }
    let html = templates.render(&template, &context)?;
    Ok(Output {
        path: entry.file.clone(),
        body: Body::Bytes(html.into_bytes()),
    })
}

//! The data templates see: the site's settings and navigation (tera's
//! global context), and for each kind of output the values it shows, built
//! from the linked site.

use serde::Serialize;
use tera::Context;

use super::blocks::{SiteBlocks, SourceContext};
use super::jsonld::{json_ld, Shown};
use crate::highlight;
use crate::link::outputs::{address, pager_path, registry, Detail, Entry, Kind};
use crate::link::{
    LinkedPage, LinkedSection, LinkedSite, LinkedTaxonomy, LinkedTerm, PRIVACY_PATH,
};
use crate::load::{Date, PageKind};
use crate::markdown::{self, Resolved};

/// The absolute URL of the whole site's root, without a final `/`.
pub(super) fn root_url(site: &LinkedSite) -> String {
    format!("{}{}", site.origin(), site.language.root_base)
}

pub(super) fn rfc3339(date: Date) -> String {
    format!("{}T00:00:00Z", date)
}

/// A date as readers of the site's language write it, e.g. "October 5,
/// 2026" or "5 de octubre de 2026" (the `date-long` message).
pub(super) fn display_date(site: &LinkedSite, date: Date) -> String {
    use chrono::Datelike;
    let month = site.strings.get(&format!("month-{}", date.0.month()));
    site.strings.with(
        "date-long",
        &[
            ("day", (date.0.day() as usize).into()),
            ("month", month.into()),
            ("year", date.0.year().to_string().into()),
        ],
    )
}

#[derive(Serialize)]
pub(super) struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    practice: &'a Option<crate::config::Practice>,
    crisis_resources: &'a [crate::config::Resource],
    general_resources: &'a [crate::config::Resource],
    menu: Vec<Crumb>,
    taxonomies: Vec<Crumb>,
    exit_url: &'a str,
    /// Hrefs of well-known pages, when the site has them.
    privacy_href: Option<String>,
    browsing_safely_href: Option<String>,
    about_href: Option<String>,
    /// The search page's href, when the site has one.
    search_href: Option<String>,
    script: String,
    /// The theme's stylesheet and the accent colour's, when there is one.
    style: String,
    brand_css: Option<String>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// Values every template sees: the site's settings and navigation. Set
/// once, as tera's global context.
pub(super) fn global_context(site: &LinkedSite, context: &mut Context) {
    let config = &site.config;
    let menu = if config.menu.is_empty() {
        let home = &site.sections[site.home()];
        home.subsections
            .iter()
            .map(|&i| Crumb {
                title: site.sections[i].section.meta.title.clone(),
                href: site.href(&site.sections[i].path),
            })
            .collect()
    } else {
        config
            .menu
            .iter()
            .map(|m| Crumb {
                title: m.name.to_string(),
                href: site.localized_href(&m.path),
            })
            .collect()
    };
    context.insert(
        "site",
        &SiteContext {
            title: &config.title,
            description: &config.description,
            base_url: config.base_url_trimmed(),
            language: &site.language.code,
            practice: &config.practice,
            crisis_resources: &config.crisis_resources,
            general_resources: &config.general_resources,
            menu,
            taxonomies: site
                .taxonomies
                .iter()
                .map(|t| Crumb {
                    title: t.title.clone(),
                    href: site.href(&t.path),
                })
                .collect(),
            exit_url: &config.safety.exit_url,
            privacy_href: page_href(site, PRIVACY_PATH),
            browsing_safely_href: page_href(site, "/browsing-safely/"),
            about_href: page_href(site, "/about/"),
            search_href: site
                .has_search()
                .then(|| site.href(crate::link::SEARCH_PATH)),
            script: site.static_href("/candor.js"),
            style: site.static_href("/style.css"),
            brand_css: site
                .config
                .accent()
                .map(|_| site.static_href(&format!("/{}", crate::brand::STYLESHEET_PATH))),
            extra: &config.extra,
        },
    );
    context.insert("base", config.base_path());
    context.insert("static_base", &site.language.root_base);
    context.insert("dir", site.language.dir.as_str());
    context.insert("languages", &site.language.languages);
    context.insert(
        "highlight_css",
        &site.static_href(&format!("/{}", highlight::STYLESHEET_PATH)),
    );
}

/// The href of the page at `path`, if the site has one.
pub(super) fn page_href(site: &LinkedSite, path: &str) -> Option<String> {
    if let Some(href) = site.language.from_default.get(path) {
        return Some(href.clone());
    }
    site.pages
        .iter()
        .any(|p| p.path == path)
        .then(|| site.href(path))
}

/// Values that depend on the output: its language and address.
pub(super) fn base_context(site: &LinkedSite, path: &str, content_lang: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert("lang", &site.language.code);
    ctx.insert("current_path", path);
    ctx.insert("current_href", &site.href(path));
    ctx.insert("permalink", &site.permalink(path));
    let (mut translations, mut x_default) = language_switch(site, path);
    // A page shown untranslated is no translation: it announces none.
    if content_lang != site.language.code {
        for entry in &mut translations {
            entry.url = None;
        }
        x_default = None;
    }
    ctx.insert("translations", &translations);
    ctx.insert("x_default", &x_default);
    ctx
}

/// One entry of the language switcher.
#[derive(Serialize)]
pub(super) struct SwitchEntry<'a> {
    /// The language's code.
    code: &'a str,
    /// Its name in itself.
    name: &'a str,
    /// `ltr` or `rtl`.
    dir: &'a str,
    /// The page in that language, or that language's home page when the
    /// page has no translation.
    href: String,
    /// The absolute URL of the translation, for `hreflang`; `None` when
    /// there is none.
    url: Option<String>,
    /// Whether it is the language being read.
    current: bool,
    /// Whether `href` is that language's home page, for want of the page.
    home_only: bool,
}

/// The language switcher's entries for the page at `path`, and the URL for
/// `hreflang="x-default"` (the default language's version).
pub(super) fn language_switch<'a>(
    site: &'a LinkedSite,
    path: &str,
) -> (Vec<SwitchEntry<'a>>, Option<String>) {
    let language = &site.language;
    if language.languages.len() < 2 {
        return (Vec::new(), None);
    }
    // A later page of a list leads to the first page of that list in the
    // other languages, which may be shorter: no `hreflang` for it.
    let list_path = path
        .strip_suffix('/')
        .and_then(|p| p.rsplit_once("/page/"))
        .filter(|(_, n)| n.parse::<usize>().is_ok())
        .map(|(list, _)| format!("{list}/"));
    let paged = list_path.is_some() && !language.alternates.contains_key(path);
    let alternates = language
        .alternates
        .get(path)
        .or_else(|| language.alternates.get(list_path.as_deref()?));
    let mut x_default = None;
    let entries = language
        .languages
        .iter()
        .map(|l| {
            let current = l.code == language.code;
            let found = alternates.and_then(|all| all.iter().find(|a| a.code == l.code));
            let (href, url) = if current {
                (site.href(path), Some(site.permalink(path)))
            } else {
                match found {
                    Some(a) => (
                        a.href.clone(),
                        (!a.untranslated && !paged).then(|| a.url.clone()),
                    ),
                    None => (l.home.clone(), None),
                }
            };
            if Some(l) == language.languages.first() && url.is_some() {
                x_default.clone_from(&url);
            }
            // With every language under a prefix, the chooser at the root
            // is the page for readers of none of them.
            if site.config.prefix_default_language {
                x_default = Some(format!("{}/", root_url(site)));
            }
            SwitchEntry {
                code: &l.code,
                name: &l.name,
                dir: l.dir,
                href,
                url,
                current,
                home_only: !current && found.is_none(),
            }
        })
        .collect();
    (entries, x_default)
}

#[derive(Serialize, Clone)]
pub(super) struct Crumb {
    pub(super) title: String,
    pub(super) href: String,
}

pub(super) fn home_crumb(site: &LinkedSite) -> Vec<Crumb> {
    vec![Crumb {
        title: site.strings.get("breadcrumb-home"),
        href: site.href("/"),
    }]
}

/// Home, then each enclosing section, then the page itself when given.
pub(super) fn breadcrumbs(
    site: &LinkedSite,
    section: usize,
    page: Option<(&String, &String)>,
) -> Vec<Crumb> {
    let mut chain = Vec::new();
    let mut dir = site.sections[section].section.dir.clone();
    loop {
        if let Some(s) = site.sections.iter().find(|s| s.section.dir == dir) {
            if s.path != "/" {
                chain.push(Crumb {
                    title: s.section.meta.title.clone(),
                    href: site.href(&s.path),
                });
            }
        }
        match dir.rsplit_once('/') {
            Some((parent, _)) => dir = parent.to_string(),
            None if !dir.is_empty() => dir.clear(),
            None => break,
        }
    }
    let mut crumbs = home_crumb(site);
    crumbs.extend(chain.into_iter().rev());
    if let Some((title, path)) = page {
        crumbs.push(Crumb {
            title: title.clone(),
            href: site.href(path),
        });
    }
    crumbs
}

#[derive(Serialize)]
pub(super) struct TermRef {
    pub(super) key: String,
    pub(super) title: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct TocEntry {
    level: u8,
    id: String,
    title: String,
    children: Vec<TocEntry>,
}

#[derive(Serialize)]
pub(super) struct FaqContext {
    pub(super) question: String,
    pub(super) id: String,
    pub(super) answer: String,
}

#[derive(Serialize)]
pub(super) struct PageContext<'a> {
    /// The language the page is written in: another than the site's for a
    /// profile not yet translated.
    lang: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    kind: PageKind,
    href: String,
    permalink: String,
    date: Option<String>,
    date_display: Option<String>,
    updated: Option<String>,
    updated_display: Option<String>,
    author: Option<&'a str>,
    reviewed_by: Option<&'a crate::load::Reviewer>,
    last_reviewed: Option<String>,
    last_reviewed_display: Option<String>,
    content_warning: Option<&'a str>,
    topics: Vec<TermRef>,
    tags: Vec<TermRef>,
    content: String,
    toc: Vec<TocEntry>,
    faq: Vec<FaqContext>,
    /// What a reader should take away, shown first.
    key_points: &'a [String],
    /// The works the page cites, in the order it first cites them.
    sources: Vec<SourceContext>,
    /// On the glossary: its terms, A to Z.
    glossary: Option<GlossaryContext>,
    word_count: usize,
    reading_minutes: usize,
    has_code: bool,
    section: Crumb,
    review_due: Option<String>,
    review_due_display: Option<String>,
    related: Vec<&'a PageSummary>,
    previous: Option<&'a PageSummary>,
    next: Option<&'a PageSummary>,
    jsonld: String,
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// The glossary's terms, A to Z, with the letters that have terms.
#[derive(Serialize)]
pub(super) struct GlossaryContext {
    /// Each first letter with terms, and the id of its first term.
    letters: Vec<GlossaryLetter>,
    terms: Vec<GlossaryTerm>,
}

#[derive(Serialize)]
pub(super) struct GlossaryLetter {
    letter: String,
    id: String,
}

#[derive(Serialize)]
pub(super) struct GlossaryTerm {
    id: String,
    title: String,
    /// Its definition, as HTML.
    html: String,
    /// Its first paragraph as plain text.
    text: String,
    letter: String,
}

/// The letter a term is listed under: its first letter without accents,
/// upper-cased (`Á` under `A`), or `#` for a digit or symbol.
fn index_letter(title: &str) -> String {
    deunicode::deunicode(title)
        .chars()
        .find(|c| !c.is_whitespace())
        .filter(char::is_ascii_alphabetic)
        .map_or_else(|| "#".to_string(), |c| c.to_ascii_uppercase().to_string())
}

fn glossary_context(parts: Vec<markdown::Part>) -> GlossaryContext {
    let mut terms: Vec<GlossaryTerm> = parts
        .into_iter()
        .map(|p| GlossaryTerm {
            letter: index_letter(&p.title),
            id: p.id,
            title: p.title,
            html: p.html,
            text: p.first_text,
        })
        .collect();
    let key = |t: &GlossaryTerm| deunicode::deunicode(&t.title).to_lowercase();
    terms.sort_by_cached_key(key);
    let mut letters: Vec<GlossaryLetter> = Vec::new();
    for term in &terms {
        if letters.last().is_none_or(|l| l.letter != term.letter) {
            letters.push(GlossaryLetter {
                letter: term.letter.clone(),
                id: term.id.clone(),
            });
        }
    }
    GlossaryContext { letters, terms }
}

pub(super) fn term_refs(
    site: &LinkedSite,
    name: crate::config::TaxonomyName,
    values: &[String],
) -> Vec<TermRef> {
    let taxonomy = site.taxonomies.iter().find(|t| t.name == name);
    values
        .iter()
        .map(|value| {
            let tail = format!("/{}/", crate::slug::slugify(value));
            let term =
                taxonomy.and_then(|t| t.terms.iter().find(|term| term.path.ends_with(&tail)));
            TermRef {
                key: value.clone(),
                title: term.map_or_else(|| value.clone(), |t| t.title.clone()),
                href: term.map_or_else(String::new, |t| site.href(&t.path)),
            }
        })
        .collect()
}

pub(super) fn toc(headings: &[markdown::Heading]) -> Vec<TocEntry> {
    let mut entries: Vec<TocEntry> = Vec::new();
    for h in headings.iter().filter(|h| (2..=3).contains(&h.level)) {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.text.clone(),
            children: Vec::new(),
        };
        match entries.last_mut() {
            Some(parent) if h.level > parent.level => parent.children.push(entry),
            _ => entries.push(entry),
        }
    }
    entries
}

pub(super) fn page_context<'a>(
    site: &LinkedSite,
    linked: &'a LinkedPage,
    site_blocks: &SiteBlocks,
    summaries: &'a Summaries<'_>,
) -> PageContext<'a> {
    let page = &linked.page;
    let meta = &page.meta;
    let heading_ids: Vec<String> = page.scan.headings.iter().map(|h| h.id.clone()).collect();
    let pictures = Some((&site.pictures, site.config.images.sizes.as_str()));
    let sources = site_blocks.page_sources(page);
    let label = |n: usize| site_blocks.source_label(n);
    let blocks = site_blocks.for_page(page, &sources, &label);
    let resolved = Resolved {
        hrefs: &linked.hrefs,
        heading_ids: &heading_ids,
        pictures,
        blocks: Some(&blocks),
    };
    let mut faq: Vec<FaqContext> = page
        .faq
        .iter()
        .zip(&linked.faq_hrefs)
        .enumerate()
        .map(|(k, (item, hrefs))| {
            let ids: Vec<String> = item.scan.headings.iter().map(|h| h.id.clone()).collect();
            let scope = format!("q{}-", k + 1);
            let blocks = markdown::Blocks {
                scope: &scope,
                ..blocks
            };
            FaqContext {
                question: item.question.clone(),
                id: item.id.clone(),
                answer: markdown::render(
                    &item.answer,
                    Resolved {
                        hrefs,
                        heading_ids: &ids,
                        pictures,
                        blocks: Some(&blocks),
                    },
                ),
            }
        })
        .collect();
    let mut glossary = None;
    let content = match page.kind {
        // On FAQ pages, `##` headings in the body are questions too.
        PageKind::Faq => {
            let (intro, parts) = markdown::render_parts(&page.body(), resolved);
            faq.extend(parts.into_iter().map(|p| FaqContext {
                question: p.title,
                id: p.id,
                answer: p.html,
            }));
            intro
        }
        // On the glossary, each `##` heading is a term, listed A to Z.
        PageKind::Glossary => {
            let (intro, parts) = markdown::render_parts(&page.body(), resolved);
            glossary = Some(glossary_context(parts));
            intro
        }
        _ => markdown::render(&page.body(), resolved),
    };
    let section = &site.sections[linked.section];
    let permalink = site.permalink(&linked.path);
    let pairs: Vec<(&str, &str)> = faq
        .iter()
        .map(|f| (f.question.as_str(), f.answer.as_str()))
        .collect();
    let terms: Vec<(&str, &str, &str)> = glossary
        .iter()
        .flat_map(|g: &GlossaryContext| &g.terms)
        .map(|t| (t.title.as_str(), t.text.as_str(), t.id.as_str()))
        .collect();
    let jsonld = json_ld(
        site,
        linked,
        &permalink,
        &Shown {
            faq: &pairs,
            citations: &sources.json,
            terms: &terms,
        },
    );
    let review_due = meta
        .last_reviewed
        .and_then(|d| site.config.review_due(d.0))
        .map(Date);
    PageContext {
        lang: &page.lang,
        title: &meta.title,
        description: meta.description.as_deref(),
        kind: page.kind,
        href: site.href(&linked.path),
        permalink,
        date: meta.date.map(|d| d.to_string()),
        date_display: meta.date.map(|d| display_date(site, d)),
        updated: meta.updated.map(|d| d.to_string()),
        updated_display: meta.updated.map(|d| display_date(site, d)),
        author: meta.author.as_deref(),
        reviewed_by: meta.reviewed_by.as_ref(),
        last_reviewed: meta.last_reviewed.map(|d| d.to_string()),
        last_reviewed_display: meta.last_reviewed.map(|d| display_date(site, d)),
        content_warning: meta.content_warning.as_deref(),
        topics: term_refs(site, crate::config::TaxonomyName::Topics, &meta.topics),
        tags: term_refs(site, crate::config::TaxonomyName::Tags, &meta.tags),
        content,
        toc: toc(&page.scan.headings),
        faq,
        key_points: &meta.key_points,
        sources: sources.list,
        glossary,
        word_count: page.scan.word_count,
        reading_minutes: page.scan.word_count.div_ceil(200).max(1),
        has_code: page.scan.has_code || page.faq.iter().any(|f| f.scan.has_code),
        section: Crumb {
            title: section.section.meta.title.clone(),
            href: site.href(&section.path),
        },
        review_due: review_due.map(|d| d.to_string()),
        review_due_display: review_due.map(|d| display_date(site, d)),
        related: linked.related.iter().map(|&i| summaries.get(i)).collect(),
        previous: linked.previous.map(|i| summaries.get(i)),
        next: linked.next.map(|i| summaries.get(i)),
        jsonld,
        extra: &meta.extra,
    }
}

#[derive(Serialize)]
pub(super) struct PageSummary {
    pub(super) lang: String,
    pub(super) title: String,
    pub(super) description: Option<String>,
    pub(super) href: String,
    pub(super) permalink: String,
    pub(super) date: Option<String>,
    pub(super) date_display: Option<String>,
    pub(super) updated: Option<String>,
    pub(super) reading_minutes: usize,
    pub(super) author: Option<String>,
}

/// The summary of each page of a site, made the first time a page lists
/// it and shared by every page that does: an article is listed by its
/// section, its terms and its neighbours.
pub(super) struct Summaries<'s> {
    site: &'s LinkedSite,
    made: Vec<std::sync::OnceLock<PageSummary>>,
}

impl<'s> Summaries<'s> {
    pub(super) fn new(site: &'s LinkedSite) -> Summaries<'s> {
        Summaries {
            site,
            made: std::iter::repeat_with(std::sync::OnceLock::new)
                .take(site.pages.len())
                .collect(),
        }
    }

    /// The summary of page `i` of the site.
    pub(super) fn get(&self, i: usize) -> &PageSummary {
        self.made[i].get_or_init(|| summary(self.site, &self.site.pages[i]))
    }
}

fn summary(site: &LinkedSite, linked: &LinkedPage) -> PageSummary {
    let meta = &linked.page.meta;
    PageSummary {
        lang: linked.page.lang.clone(),
        title: meta.title.clone(),
        description: meta.description.clone(),
        href: site.href(&linked.path),
        permalink: site.permalink(&linked.path),
        date: meta.date.map(rfc3339),
        date_display: meta.date.map(|d| display_date(site, d)),
        updated: meta.updated.or(meta.date).map(rfc3339),
        reading_minutes: linked.page.scan.word_count.div_ceil(200).max(1),
        author: meta.author.clone(),
    }
}

#[derive(Serialize)]
pub(super) struct SectionContext<'a> {
    /// The language its text is in: the default language's for a section
    /// not yet translated.
    lang: String,
    /// Pages of the default language not yet translated.
    untranslated: Vec<crate::link::Untranslated>,
    title: String,
    description: Option<String>,
    href: String,
    permalink: String,
    content: String,
    pages: Vec<&'a PageSummary>,
    subsections: Vec<SubsectionContext>,
}

#[derive(Serialize)]
pub(super) struct SubsectionContext {
    title: String,
    description: Option<String>,
    href: String,
    page_count: usize,
}

pub(super) fn section_context<'a>(
    site: &LinkedSite,
    s: &LinkedSection,
    listed: &[usize],
    summaries: &'a Summaries<'_>,
) -> SectionContext<'a> {
    let ids: Vec<String> = s
        .section
        .scan
        .headings
        .iter()
        .map(|h| h.id.clone())
        .collect();
    SectionContext {
        lang: s.section.lang.clone(),
        untranslated: s.untranslated.clone(),
        title: s.section.meta.title.clone(),
        description: s.section.meta.description.clone(),
        href: site.href(&s.path),
        permalink: site.permalink(&s.path),
        content: markdown::render(
            s.section.body(),
            Resolved {
                hrefs: &s.hrefs,
                heading_ids: &ids,
                pictures: Some((&site.pictures, site.config.images.sizes.as_str())),
                blocks: None,
            },
        ),
        pages: listed.iter().map(|&i| summaries.get(i)).collect(),
        subsections: s
            .subsections
            .iter()
            .map(|&i| {
                let sub = &site.sections[i];
                SubsectionContext {
                    title: sub.section.meta.title.clone(),
                    description: sub.section.meta.description.clone(),
                    href: site.href(&sub.path),
                    page_count: sub.pages.len(),
                }
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub(super) struct Paginator {
    number: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    first: String,
    last: String,
}

pub(super) fn paginator(site: &LinkedSite, path: &str, number: usize, total: usize) -> Paginator {
    Paginator {
        number,
        total,
        previous: (number > 1).then(|| site.href(&pager_path(path, number - 1))),
        next: (number < total).then(|| site.href(&pager_path(path, number + 1))),
        first: site.href(path),
        last: site.href(&pager_path(path, total)),
    }
}

#[derive(Serialize)]
pub(super) struct TaxonomyContext {
    name: &'static str,
    title: String,
    href: String,
    terms: Vec<TermContext>,
}

#[derive(Serialize)]
pub(super) struct TermContext {
    key: String,
    title: String,
    description: String,
    href: String,
    count: usize,
}

pub(super) fn term_context(site: &LinkedSite, term: &LinkedTerm) -> TermContext {
    TermContext {
        key: term.key.clone(),
        title: term.title.clone(),
        description: term.description.clone(),
        href: site.href(&term.path),
        count: term.pages.len(),
    }
}

pub(super) fn taxonomy_context(site: &LinkedSite, taxonomy: &LinkedTaxonomy) -> TaxonomyContext {
    TaxonomyContext {
        name: taxonomy.name.as_str(),
        title: taxonomy.title.clone(),
        href: site.href(&taxonomy.path),
        terms: taxonomy
            .terms
            .iter()
            .map(|t| term_context(site, t))
            .collect(),
    }
}

#[derive(Serialize)]
pub(super) struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
}

/// Every HTML page a reader can reach, list pages included; not redirects
/// or the 404 page.
pub(super) fn sitemap_entries(site: &LinkedSite) -> Vec<SitemapEntry> {
    listed(site, &registry(site, Detail::Files))
}

/// The sitemap's entries among `outputs`, the site's registry.
fn listed(site: &LinkedSite, outputs: &[Entry]) -> Vec<SitemapEntry> {
    let mut entries: Vec<SitemapEntry> = outputs
        .iter()
        // The page after sending the form is no page to find.
        .filter(|e| e.kind != Kind::Thanks)
        .filter_map(|e| {
            let path = address(site, e.kind)?;
            let lastmod = match e.kind {
                Kind::Page(i) => {
                    let meta = &site.pages[i].page.meta;
                    meta.last_reviewed
                        .max(meta.updated)
                        .max(meta.date)
                        .map(|d| d.to_string())
                }
                _ => None,
            };
            Some(SitemapEntry {
                loc: site.permalink(&path),
                lastmod,
            })
        })
        .collect();
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));
    entries
}

/// The values every template sees: when they change, every output that a
/// template draws is rendered again.
pub(crate) fn shared_context(site: &LinkedSite) -> Context {
    let mut context = Context::new();
    global_context(site, &mut context);
    context
}

/// A hash of the site's outline: what the sitemap lists.
///
/// `outputs` is the site's registry, which the caller already has.
pub(crate) fn outline_key(site: &LinkedSite, outputs: &[Entry]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for entry in listed(site, outputs) {
        (entry.loc, entry.lastmod).hash(&mut hasher);
    }
    hasher.finish()
}

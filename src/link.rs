//! The link stage: the one pass that sees the whole site.
//!
//! It gives every page and section its URL path, finds two files claiming
//! one address, groups pages into sections and taxonomy terms, and resolves
//! every relative link (`../faq/basics.md#cost`) and image to its final
//! href, checking that the file and the heading exist.
//!
//! Architecture invariant: link does no IO and cannot fail. It returns the
//! linked site together with its diagnostics.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::{Config, TaxonomyName};
use crate::diag::{did_you_mean, Diagnostic, LineIndex, Position};
use crate::directory::{Directory, State, Therapist};
use crate::form::{FormSchema, SiteOptions};
use crate::i18n::{Direction, Strings, Translations};
use crate::load::{Asset, Loaded, Page, Section, SectionFrontMatter, SortBy, Theme};
use crate::markdown::{RefKind, Scan};
use crate::slug::slugify;

mod languages;
pub(crate) mod outputs;

pub use languages::link_all;

/// What the build was asked to include.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkOptions {
    /// Publish pages marked `draft: true`.
    pub include_drafts: bool,
}

/// A page with its address and resolved links.
#[derive(Debug, Clone)]
pub struct LinkedPage {
    /// The loaded page.
    pub page: Page,
    /// Its URL path within the site, e.g. `/articles/consent/`.
    pub path: String,
    /// The index of its section in [`LinkedSite::sections`].
    pub section: usize,
    /// Final hrefs of the body's links and images, in order.
    pub hrefs: Vec<Option<String>>,
    /// Final hrefs in each front-matter FAQ answer.
    pub faq_hrefs: Vec<Vec<Option<String>>>,
    /// Up to three pages that share the most topics with this one.
    pub related: Vec<usize>,
    /// The page before this one in its section's order.
    pub previous: Option<usize>,
    /// The page after this one in its section's order.
    pub next: Option<usize>,
}

/// A section with its address and pages.
#[derive(Debug, Clone)]
pub struct LinkedSection {
    /// The loaded section.
    pub section: Section,
    /// Its URL path, e.g. `/articles/`; `/` for the home page.
    pub path: String,
    /// Its published pages, in the section's order.
    pub pages: Vec<usize>,
    /// Sections directly inside it.
    pub subsections: Vec<usize>,
    /// Final hrefs of the body's links and images, in order.
    pub hrefs: Vec<Option<String>>,
    /// Pages of this section in the default language that have no
    /// translation in the site's language: listed apart, linking the
    /// default-language page.
    pub untranslated: Vec<Untranslated>,
}

/// A page not yet translated into the site's language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Untranslated {
    /// Its title, in the language it is written in.
    pub title: String,
    /// Its description, when it has one.
    pub description: Option<String>,
    /// Where it is, in its language.
    pub href: String,
    /// The language it is written in.
    pub lang: String,
    /// That language's name in itself.
    pub lang_name: String,
}

/// The language a linked site is in, and its place among the others.
#[derive(Debug, Clone)]
pub struct SiteLanguage {
    /// Its code, e.g. `es`.
    pub code: String,
    /// Its name in itself.
    pub name: String,
    /// Its text direction.
    pub dir: Direction,
    /// Whether it is the site's default language.
    pub is_default: bool,
    /// The base path of the whole site (`""` or e.g. `/help`), where the
    /// theme's static files are, whatever the language.
    pub root_base: String,
    /// Every language of the site, this one included, default first.
    pub languages: Vec<LanguageLink>,
    /// For each URL path of this language, its translations: the same page
    /// in the other languages.
    pub alternates: HashMap<String, Vec<Alternate>>,
    /// For each URL path of the default language, the href of that page
    /// for readers of this language: its translation, or the default
    /// language's page when there is none. Empty in the default language.
    pub from_default: HashMap<String, String>,
}

/// One of the site's languages, with where its pages are.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LanguageLink {
    /// Its code.
    pub code: String,
    /// Its name in itself.
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// The href of its home page.
    pub home: String,
    /// The absolute URL of its home page.
    pub url: String,
}

/// The same page in another language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Alternate {
    /// The language's code.
    pub code: String,
    /// Its href.
    pub href: String,
    /// Its absolute URL, for `hreflang` links.
    pub url: String,
    /// Whether that page is shown untranslated there, in another language:
    /// reachable, but no translation to announce with `hreflang`.
    pub untranslated: bool,
}

impl SiteLanguage {
    /// The language of a site written in one language.
    pub fn single(config: &Config) -> SiteLanguage {
        let language = config.site_languages().remove(0);
        SiteLanguage {
            dir: language.direction(),
            code: language.code,
            name: language.name,
            is_default: true,
            root_base: config.base_path().to_string(),
            languages: Vec::new(),
            alternates: HashMap::new(),
            from_default: HashMap::new(),
        }
    }
}

/// One value of a taxonomy, with its pages.
#[derive(Debug, Clone)]
pub struct LinkedTerm {
    /// The value as written in front matter.
    pub key: String,
    /// Its display name.
    pub title: String,
    /// A sentence about it, when configured.
    pub description: String,
    /// Its URL path, e.g. `/topics/consent/`.
    pub path: String,
    /// Its pages, newest first.
    pub pages: Vec<usize>,
}

/// A taxonomy with its terms.
#[derive(Debug, Clone)]
pub struct LinkedTaxonomy {
    /// `topics` or `tags`.
    pub name: TaxonomyName,
    /// The index page's heading.
    pub title: String,
    /// Its index's URL path, e.g. `/topics/`.
    pub path: String,
    /// Terms that have pages, in configured or alphabetical order.
    pub terms: Vec<LinkedTerm>,
}

/// An old address that redirects to a page.
#[derive(Debug, Clone)]
pub struct Alias {
    /// The output file, relative to the language's part of the output
    /// folder.
    pub file: String,
    /// The page's URL path.
    pub target: String,
    /// The alias as the page's front matter writes it.
    pub written: String,
    /// The page that names it.
    pub source: PathBuf,
    /// Where its front matter names it.
    pub at: Position,
}

/// The whole site, linked: ready to render.
#[derive(Debug, Clone)]
pub struct LinkedSite {
    /// The site's settings.
    pub config: Config,
    /// Published pages.
    pub pages: Vec<LinkedPage>,
    /// Sections; the home page is the one with path `/`.
    pub sections: Vec<LinkedSection>,
    /// Taxonomies in config order.
    pub taxonomies: Vec<LinkedTaxonomy>,
    /// Files to copy, with their output paths (relative, `/` separators).
    pub assets: Vec<(Asset, String)>,
    /// Redirect pages.
    pub aliases: Vec<Alias>,
    /// Templates and static files.
    pub theme: Theme,
    /// Therapist profiles and the directory's filter pages.
    pub directory: Directory,
    /// The intake form, with choices from site data filled in.
    pub form: Option<FormSchema>,
    /// The site's language among its others.
    pub language: SiteLanguage,
    /// Interface strings in the site's language.
    pub strings: Strings,
}

impl LinkedSite {
    /// The href for readers of this site's language of `path`, a path of
    /// the default language such as a menu entry's: its translation, or the
    /// default language's page when it has none.
    pub fn localized_href(&self, path: &str) -> String {
        match self.language.from_default.get(path) {
            Some(href) => href.clone(),
            None => self.href(path),
        }
    }

    /// Where this language's files go in the output folder: `""` for the
    /// default language at the root, `es/` for Spanish.
    pub fn output_prefix(&self) -> String {
        let prefix = self.config.language_prefix(&self.language.code);
        match prefix.strip_prefix('/') {
            Some(code) => format!("{code}/"),
            None => String::new(),
        }
    }

    /// The scheme and host of the site's address, e.g.
    /// `https://example.org`: what makes an href an absolute URL.
    pub fn origin(&self) -> &str {
        let url = self.config.base_url_trimmed();
        url.strip_suffix(self.config.base_path()).unwrap_or(url)
    }

    /// The href of a theme static file such as `/style.css`, which every
    /// language shares.
    pub fn static_href(&self, path: &str) -> String {
        format!("{}{}", self.language.root_base, path)
    }

    /// The index of the home section.
    pub fn home(&self) -> usize {
        self.sections
            .iter()
            .position(|s| s.path == "/")
            .unwrap_or(0)
    }

    /// `path` with the site's base path in front, for use in hrefs.
    pub fn href(&self, path: &str) -> String {
        format!("{}{}", self.config.base_path(), path)
    }

    /// The absolute URL of `path`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.config.base_url_trimmed(), path)
    }

    /// Whether the site gets a search page and index: its theme has the
    /// search template, and no page or section of its own has the address
    /// (a redirect there is an error: see [`outputs::conflicts`]).
    pub fn has_search(&self) -> bool {
        self.theme
            .templates
            .iter()
            .any(|t| t.name == SEARCH_TEMPLATE)
            && !self.pages.iter().any(|p| p.path == SEARCH_PATH)
            && !self.sections.iter().any(|s| s.path == SEARCH_PATH)
    }
}

/// The search page's address.
pub(crate) const SEARCH_PATH: &str = "/search/";
/// The search page's template; a theme without it has no search.
pub(crate) const SEARCH_TEMPLATE: &str = "search.html";
/// The privacy notice's address: the footer and the intake form's consent
/// question link it when the site has it.
pub(crate) const PRIVACY_PATH: &str = "/privacy/";

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

    let resolver = Resolver {
        config: &config,
        targets: &targets,
        draft_rels: &draft_rels,
        page_paths: &page_paths,
        section_paths: &section_paths,
        anchors: &anchors,
        section_anchors: &section_anchors,
        asset_urls: &asset_urls,
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

    let site = LinkedSite {
        config,
        pages: linked_pages,
        sections: linked_sections,
        taxonomies,
        assets,
        aliases,
        theme,
        directory,
        form,
        language,
        strings,
    };
    (site, diagnostics)
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

/// The URL path of a content folder: `""` → `/`, `articles` → `/articles/`.
fn dir_path(dir: &str) -> String {
    let mut path = String::from("/");
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        let slug = slugify(part);
        path.push_str(if slug.is_empty() { part } else { &slug });
        path.push('/');
    }
    path
}

fn asset_output(rel: &str, bundle_paths: &HashMap<String, &str>) -> String {
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

fn page_anchors(page: &Page) -> HashSet<&str> {
    page.scan
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .chain(page.faq.iter().map(|f| f.id.as_str()))
        .collect()
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

fn located(
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
enum Target {
    Page(usize),
    Section(usize),
}

struct Resolver<'a> {
    config: &'a Config,
    targets: &'a HashMap<String, Target>,
    draft_rels: &'a HashSet<String>,
    page_paths: &'a [String],
    section_paths: &'a [String],
    anchors: &'a [HashSet<&'a str>],
    section_anchors: &'a [HashSet<&'a str>],
    asset_urls: &'a HashMap<&'a str, &'a str>,
    fallback: &'a FallbackTargets,
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
        fallback: &fallback,
    };
    resolver.resolve_page(page, &page_anchors(page))
}

impl Resolver<'_> {
    /// Resolves the links of a page's body and FAQ answers.
    fn resolve_page(&self, page: &Page, own_anchors: &HashSet<&str>) -> PageLinks {
        let mut found = Vec::new();
        let hrefs = self.resolve_all(
            &page.rel,
            &page.scan,
            own_anchors,
            &mut |offset, code, message, help| {
                found.push(located(
                    code,
                    &page.source,
                    &page.text,
                    page.body_offset + offset,
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
                                crate::load::locate(&page.text, 0, page.body_offset, &r.dest)
                            });
                        found.push(located(
                            code,
                            &page.source,
                            &page.text,
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
    fn resolve_all(
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

/// A file whose name is close to `wanted`'s, preferring the same folder.
fn near_file<'a>(wanted: &str, files: impl Iterator<Item = &'a str> + Clone) -> Option<&'a str> {
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

fn missing_anchor(
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

fn has_scheme(dest: &str) -> bool {
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
fn normalize(from_dir: &str, path: &str) -> Option<String> {
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
fn percent_decode(part: &str) -> String {
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

fn link_taxonomies(config: &Config, pages: &[LinkedPage]) -> Vec<LinkedTaxonomy> {
    config
        .taxonomies
        .iter()
        .map(|taxonomy| {
            let name = taxonomy.name;
            let values = |p: &LinkedPage| -> Vec<String> {
                match name {
                    TaxonomyName::Topics => p.page.meta.topics.clone(),
                    TaxonomyName::Tags => p.page.meta.tags.clone(),
                }
            };
            let mut by_slug: HashMap<String, (String, Vec<usize>)> = HashMap::new();
            for (i, page) in pages.iter().enumerate() {
                for value in values(page) {
                    let entry = by_slug
                        .entry(slugify(&value))
                        .or_insert_with(|| (value.clone(), Vec::new()));
                    if !entry.1.contains(&i) {
                        entry.1.push(i);
                    }
                }
            }
            let base = format!("/{}/", name.as_str());
            let mut terms: Vec<LinkedTerm> = if taxonomy.terms.is_empty() {
                let mut terms: Vec<LinkedTerm> = by_slug
                    .into_iter()
                    .map(|(slug, (key, pages))| LinkedTerm {
                        title: key.clone(),
                        key,
                        description: String::new(),
                        path: format!("{base}{slug}/"),
                        pages,
                    })
                    .collect();
                terms.sort_by_key(|t| t.title.to_lowercase());
                terms
            } else {
                taxonomy
                    .terms
                    .iter()
                    .filter_map(|t| {
                        let slug = slugify(&t.key);
                        let (_, pages) = by_slug.remove(&slug)?;
                        Some(LinkedTerm {
                            key: t.key.clone(),
                            title: t.title.to_string(),
                            description: t.description.to_string(),
                            path: format!("{base}{slug}/"),
                            pages,
                        })
                    })
                    .collect()
            };
            for term in &mut terms {
                term.pages
                    .sort_by(|&a, &b| compare_pages(&pages[a].page, &pages[b].page, SortBy::Date));
            }
            LinkedTaxonomy {
                name,
                title: taxonomy.title.to_string(),
                path: base,
                terms,
            }
        })
        .collect()
}

/// For each page, up to three pages sharing the most topics with it, newest
/// first among equals.
fn related_pages(pages: &[LinkedPage]) -> Vec<Vec<usize>> {
    const RELATED: usize = 3;
    let mut by_topic: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        for topic in &page.page.meta.topics {
            by_topic.entry(topic.as_str()).or_default().push(i);
        }
    }
    pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for topic in &page.page.meta.topics {
                for &j in by_topic.get(topic.as_str()).into_iter().flatten() {
                    if j != i {
                        *shared.entry(j).or_default() += 1;
                    }
                }
            }
            let mut ranked: Vec<(usize, usize)> = shared.into_iter().collect();
            ranked.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| pages[b.0].page.meta.date.cmp(&pages[a.0].page.meta.date))
                    .then_with(|| a.0.cmp(&b.0))
            });
            ranked.into_iter().take(RELATED).map(|(j, _)| j).collect()
        })
        .collect()
}

fn link_aliases(
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
            } else if trimmed.is_empty() {
                ("/".to_string(), "index.html".to_string())
            } else {
                (format!("/{trimmed}/"), format!("{trimmed}/index.html"))
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

#[cfg(test)]
mod tests {
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

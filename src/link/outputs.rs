//! The output registry: every file a build writes, declared once.
//!
//! An [`Entry`] names one output of one language: what kind it is (which
//! says what render draws it from), the file it goes to in the output
//! folder (the language's prefix included), and the parts of the linked
//! site it reads. Everything that needs the list of outputs reads it from
//! [`registry`]: render renders the entries, the address-conflict check
//! ([`conflicts`]) finds two claims on one file, the engine compares what
//! each entry reads to know which outputs a change affects, and the
//! language switcher finds the generated pages every language has.
//!
//! Architecture invariant: a new kind of output is one [`Kind`] and one
//! place in [`registry`]; nothing else keeps a list of outputs.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{LinkedSection, LinkedSite, SEARCH_PATH};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::load::Theme;
use crate::load::{PageFrontMatter, PageKind};

/// How many articles the Atom feed carries.
const FEED_LENGTH: usize = 20;
/// How many articles the home page features.
const HOME_FEATURED: usize = 6;
/// Where the search index files go, under the language's prefix.
pub(crate) const SEARCH_DATA_DIR: &str = "search/data/";

/// What an output is, and so what render draws it from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// A page (index into `pages`).
    Page(usize),
    /// List page `number` of `total` of a section.
    Section {
        /// Index into `sections`.
        section: usize,
        /// From 1.
        number: usize,
        /// How many list pages the section has.
        total: usize,
    },
    /// The list of a taxonomy's terms.
    TaxonomyIndex(usize),
    /// List page `number` of `total` of a term.
    Term {
        /// Index into `taxonomies`.
        taxonomy: usize,
        /// Index into the taxonomy's terms.
        term: usize,
        /// From 1.
        number: usize,
        /// How many list pages the term has.
        total: usize,
    },
    /// A redirect from an old address (index into `aliases`).
    Alias(usize),
    /// A directory filter page (index into the directory's filters).
    DirectoryFilter(usize),
    /// The intake form page.
    Intake,
    /// The page after sending the intake form.
    Thanks,
    /// The search page.
    Search,
    /// Page `number` of `total` of one of the search page's A–Z lists.
    SearchList {
        /// The group's key (see [`super::az::groups`]).
        group: &'static str,
        /// From 1.
        number: usize,
        /// How many pages the list has.
        total: usize,
    },
    /// The search index: several files under [`SEARCH_DATA_DIR`].
    SearchIndex,
    /// The page for addresses that do not exist.
    NotFound,
    /// The sitemap.
    Sitemap,
    /// The Atom feed.
    Feed,
    /// `robots.txt`.
    Robots,
    /// The choice of language at the root, when every language has a
    /// prefix.
    LanguageChooser,
    /// A theme or site static file (index into the theme's statics).
    Static(usize),
    /// A file from `content/` (index into `assets`).
    Asset(usize),
    /// One published copy of a photo from `content/`.
    Image {
        /// Index into `assets`.
        asset: usize,
        /// Index into the photo's copies.
        copy: usize,
    },
    /// The highlighting stylesheet.
    Highlight,
    /// The stylesheet with the practice's accent colour.
    Brand,
    /// The `_headers` file with the security headers.
    Headers,
}

/// What one output reads, beyond the settings, navigation and templates
/// every page shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reads {
    /// Only the file it copies, or text that depends on nothing.
    Own,
    /// These parts of the site.
    Parts(Vec<Part>),
    /// Anything at all: render it again after every change.
    Site,
}

/// A part of the linked site that an output can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Part {
    /// A page (index into `pages`): its text and front matter, address,
    /// resolved links, related pages and neighbours.
    Page(usize),
    /// A section (index into `sections`): its text, address, its pages in
    /// order and its subsections.
    Section(usize),
    /// A taxonomy's vocabulary (index into `taxonomies`): its terms with
    /// their titles and addresses.
    Terms(usize),
    /// A taxonomy with the number of pages of each term.
    Taxonomy(usize),
    /// The outline of the site: the address of every output, and the dates
    /// of every page; not what the pages say.
    Outline,
}

/// One output of one language.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// What it is.
    pub(crate) kind: Kind,
    /// Its file in the output folder, with `/` separators, the language's
    /// prefix included; for [`Kind::SearchIndex`] the folder its files go
    /// in.
    pub(crate) file: String,
    /// What it is drawn from.
    pub(crate) reads: Reads,
}

/// The page kinds whose dependencies [`registry`] describes exactly. Other
/// kinds, such as therapist profiles (which articles and the directory
/// show too), render every page again when one of them changes.
pub(crate) fn modelled(kind: PageKind) -> bool {
    matches!(
        kind,
        PageKind::Article | PageKind::Faq | PageKind::Page | PageKind::Glossary
    )
}

/// The glossary pages of `site`, each with the start of its terms' hrefs
/// (`/glossary/#`).
fn glossaries(site: &LinkedSite) -> Vec<(usize, String)> {
    site.pages
        .iter()
        .enumerate()
        .filter(|(_, g)| g.page.kind == PageKind::Glossary)
        .map(|(j, g)| (j, format!("{}#", site.href(&g.path))))
        .collect()
}

/// Which of `glossaries` page `i` links a term of: it shows their
/// definitions in place.
fn glossaries_shown<'a>(
    site: &'a LinkedSite,
    glossaries: &'a [(usize, String)],
    i: usize,
) -> impl Iterator<Item = usize> + 'a {
    let page = &site.pages[i];
    glossaries
        .iter()
        .filter(move |(j, entry)| {
            *j != i
                && page
                    .hrefs
                    .iter()
                    .chain(page.faq_hrefs.iter().flatten())
                    .flatten()
                    .any(|href| href.starts_with(entry.as_str()))
        })
        .map(|(j, _)| *j)
}

/// How much [`registry`] says of each output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Its kind and file; every output reads [`Reads::Site`]. Enough to
    /// render everything once.
    Files,
    /// What each output reads too, for rendering only what a change
    /// affects.
    Reads,
}

/// Every output of `site`, in a fixed order.
pub(crate) fn registry(site: &LinkedSite, detail: Detail) -> Vec<Entry> {
    let wants = detail == Detail::Reads;
    let prefix = site.output_prefix();
    // Files of the whole site, not of one language: the default language
    // makes them, at the root.
    let whole_site = site.language.is_default;
    let mut entries = Vec::new();
    let mut add = |kind: Kind, file: String, reads: Reads| {
        entries.push(Entry { kind, file, reads });
    };
    let local = |file: &str| format!("{prefix}{file}");
    let glossaries = if wants { glossaries(site) } else { Vec::new() };

    for (i, page) in site.pages.iter().enumerate() {
        let reads = if !wants || !modelled(page.page.kind) {
            Reads::Site
        } else {
            let mut read = vec![Part::Page(i)];
            read.extend(page.related.iter().map(|&j| Part::Page(j)));
            read.extend(page.previous.into_iter().chain(page.next).map(Part::Page));
            read.extend(glossaries_shown(site, &glossaries, i).map(Part::Page));
            read.extend(section_chain(site, page.section).map(Part::Section));
            read.extend((0..site.taxonomies.len()).map(Part::Terms));
            Reads::Parts(read)
        };
        add(Kind::Page(i), local(&index_file(&page.path)), reads);
    }
    for (section, s) in site.sections.iter().enumerate() {
        let total = list_pages(site, s);
        for number in 1..=total {
            let reads = if !wants || is_directory(s) {
                Reads::Site
            } else {
                let mut read: Vec<Part> = section_chain(site, section).map(Part::Section).collect();
                read.extend(s.subsections.iter().map(|&i| Part::Section(i)));
                read.extend(
                    section_listing(site, section, number)
                        .into_iter()
                        .map(Part::Page),
                );
                if s.path == "/" {
                    // The home page shows the topics with their counts.
                    read.extend((0..site.taxonomies.len()).map(Part::Taxonomy));
                }
                Reads::Parts(read)
            };
            add(
                Kind::Section {
                    section,
                    number,
                    total,
                },
                local(&index_file(&pager_path(&s.path, number))),
                reads,
            );
        }
    }
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        add(
            Kind::TaxonomyIndex(t),
            local(&index_file(&taxonomy.path)),
            Reads::Parts(vec![Part::Taxonomy(t)]),
        );
        for (i, term) in taxonomy.terms.iter().enumerate() {
            let per_page = site.config.paginate_by.max(1);
            let total = page_count(term.pages.len(), per_page);
            for number in 1..=total {
                let mut read = vec![Part::Taxonomy(t)];
                if wants {
                    read.extend(
                        term.pages
                            .iter()
                            .skip((number - 1) * per_page)
                            .take(per_page)
                            .map(|&j| Part::Page(j)),
                    );
                }
                add(
                    Kind::Term {
                        taxonomy: t,
                        term: i,
                        number,
                        total,
                    },
                    local(&index_file(&pager_path(&term.path, number))),
                    Reads::Parts(read),
                );
            }
        }
    }
    let page_at: HashMap<&str, usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.as_str(), i))
        .collect();
    for (i, alias) in site.aliases.iter().enumerate() {
        let reads = match page_at.get(alias.target.as_str()) {
            Some(&page) => Reads::Parts(vec![Part::Page(page)]),
            None => Reads::Site,
        };
        add(Kind::Alias(i), local(&alias.file), reads);
    }
    for (i, filter) in site.directory.filters.iter().enumerate() {
        add(
            Kind::DirectoryFilter(i),
            local(&index_file(&filter.path)),
            Reads::Site,
        );
    }
    if site.form.is_some() {
        add(
            Kind::Intake,
            local(&index_file(crate::form::INTAKE_PATH)),
            Reads::Site,
        );
        add(
            Kind::Thanks,
            local(&index_file(crate::form::THANKS_PATH)),
            Reads::Site,
        );
    }
    if site.has_search() {
        add(Kind::Search, local(&index_file(SEARCH_PATH)), Reads::Site);
        add(Kind::SearchIndex, local(SEARCH_DATA_DIR), Reads::Site);
    }
    if site.has_search_lists() {
        // A list shows every entry of its group in order: any change may
        // move entries from one of its pages to another.
        for group in super::az::groups(site) {
            let total = group.pages();
            for number in 1..=total {
                add(
                    Kind::SearchList {
                        group: group.key,
                        number,
                        total,
                    },
                    local(&index_file(&super::az::path(group.key, number))),
                    Reads::Site,
                );
            }
        }
    }
    let not_found = if whole_site {
        "404.html".to_string()
    } else {
        local("404.html")
    };
    add(Kind::NotFound, not_found, Reads::Parts(Vec::new()));
    add(
        Kind::Sitemap,
        local("sitemap.xml"),
        Reads::Parts(vec![Part::Outline]),
    );
    add(
        Kind::Feed,
        local("atom.xml"),
        if wants {
            Reads::Parts(feed_entries(site).into_iter().map(Part::Page).collect())
        } else {
            Reads::Site
        },
    );
    if whole_site {
        add(
            Kind::Robots,
            "robots.txt".to_string(),
            Reads::Parts(Vec::new()),
        );
        if site.config.prefix_default_language && site.language.languages.len() > 1 {
            add(Kind::LanguageChooser, "index.html".to_string(), Reads::Site);
        }
        for (i, file) in site.theme.statics.iter().enumerate() {
            add(Kind::Static(i), site.published_file(&file.rel), Reads::Own);
        }
    }
    for (i, (asset, out)) in site.assets.iter().enumerate() {
        match &asset.image {
            None => add(Kind::Asset(i), local(out), Reads::Own),
            // A photo is published only as its copies; one that cannot be
            // read not at all.
            Some(Ok(prepared)) => {
                for (copy, (variant, _)) in prepared.copies.iter().enumerate() {
                    add(
                        Kind::Image { asset: i, copy },
                        local(&crate::images::copy_file(out, variant)),
                        Reads::Own,
                    );
                }
            }
            Some(Err(_)) => {}
        }
    }
    if whole_site {
        add(
            Kind::Highlight,
            site.published_file(crate::highlight::STYLESHEET_PATH),
            Reads::Own,
        );
        if site.config.accent().is_some() {
            add(
                Kind::Brand,
                site.published_file(crate::brand::STYLESHEET_PATH),
                Reads::Own,
            );
        }
        add(
            Kind::Headers,
            crate::headers::HEADERS_FILE.to_string(),
            Reads::Parts(vec![Part::Outline]),
        );
    }
    entries
}

/// The files stylesheets and scripts are published as, by their own names:
/// with the first eight hex digits of the SHA-256 of their bytes before the
/// extension when `fingerprint` is on, so a changed file gets a new name
/// and a browser may keep each one for good. Covers the theme's `.css` and
/// `.js` files and the generated highlighting and accent stylesheets.
pub(crate) fn published_names(
    theme: &Theme,
    config: &Config,
    fingerprint: bool,
) -> HashMap<String, String> {
    let mut names = HashMap::new();
    if !fingerprint {
        return names;
    }
    let mut add = |rel: &str, bytes: &[u8]| {
        names.insert(rel.to_string(), fingerprinted(rel, bytes));
    };
    for file in &theme.statics {
        if file.rel.ends_with(".css") || file.rel.ends_with(".js") {
            add(&file.rel, &file.bytes);
        }
    }
    add(
        crate::highlight::STYLESHEET_PATH,
        crate::highlight::stylesheet().as_bytes(),
    );
    if let Some(accent) = config.accent() {
        add(
            crate::brand::STYLESHEET_PATH,
            crate::brand::stylesheet(accent).as_bytes(),
        );
    }
    names
}

/// The paths of the `_headers` file's caching rules: the fingerprinted
/// files, which never change under their name, and the places pages live
/// (`/`, `/404.html`, `/articles/` and `/articles/*`, one pair for each
/// top-level folder holding pages, each language's prefix included).
pub(crate) fn caching_paths(site: &LinkedSite, entries: &[Entry]) -> (Vec<String>, Vec<String>) {
    let base = site.config.base_path();
    let mut immutable: Vec<String> = site
        .published
        .values()
        .map(|f| format!("{base}/{f}"))
        .collect();
    immutable.sort();
    let mut folders = std::collections::BTreeSet::new();
    let mut root_pages = std::collections::BTreeSet::new();
    for entry in entries {
        if !entry.file.ends_with(".html") {
            continue;
        }
        match entry.file.split_once('/') {
            Some((folder, _)) => {
                folders.insert(folder.to_string());
            }
            None if entry.file == "index.html" => {
                root_pages.insert(format!("{base}/"));
            }
            None => {
                root_pages.insert(format!("{base}/{}", entry.file));
            }
        }
    }
    for language in site.config.site_languages() {
        if let Some(prefix) = site
            .config
            .language_prefix(&language.code)
            .strip_prefix('/')
        {
            folders.insert(prefix.to_string());
        }
    }
    let mut pages: Vec<String> = root_pages.into_iter().collect();
    for folder in folders {
        pages.push(format!("{base}/{folder}/"));
        pages.push(format!("{base}/{folder}/*"));
    }
    (immutable, pages)
}

/// `style.css` with a hash of `bytes`: `style.3f9a1c2e.css`.
fn fingerprinted(rel: &str, bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let hash = crate::hex(&digest[..4]);
    match rel.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() && !extension.contains('/') => {
            format!("{stem}.{hash}.{extension}")
        }
        _ => format!("{rel}.{hash}"),
    }
}

/// The address readers reach `kind` at, for a page of the site: not for
/// redirects, copied files, feeds or the 404 page.
pub(crate) fn address(site: &LinkedSite, kind: Kind) -> Option<String> {
    Some(match kind {
        Kind::Page(i) => site.pages[i].path.clone(),
        Kind::Section {
            section, number, ..
        } => pager_path(&site.sections[section].path, number),
        Kind::TaxonomyIndex(t) => site.taxonomies[t].path.clone(),
        Kind::Term {
            taxonomy,
            term,
            number,
            ..
        } => pager_path(&site.taxonomies[taxonomy].terms[term].path, number),
        Kind::DirectoryFilter(i) => site.directory.filters[i].path.clone(),
        Kind::Intake => crate::form::INTAKE_PATH.to_string(),
        Kind::Thanks => crate::form::THANKS_PATH.to_string(),
        Kind::Search => SEARCH_PATH.to_string(),
        Kind::SearchList { group, number, .. } => super::az::path(group, number),
        Kind::Alias(_)
        | Kind::SearchIndex
        | Kind::NotFound
        | Kind::Sitemap
        | Kind::Feed
        | Kind::Robots
        | Kind::LanguageChooser
        | Kind::Static(_)
        | Kind::Asset(_)
        | Kind::Image { .. }
        | Kind::Highlight
        | Kind::Brand
        | Kind::Headers => return None,
    })
}

/// The addresses of the pages made from site data rather than from a file
/// of `content/` (taxonomies, terms, the directory's filters, the intake
/// and search pages, the A–Z lists): each language has them at the same
/// address.
pub(crate) fn generated_paths(site: &LinkedSite) -> Vec<String> {
    registry(site, Detail::Files)
        .into_iter()
        .filter(|e| match e.kind {
            Kind::Term { number, .. } | Kind::SearchList { number, .. } => number == 1,
            Kind::TaxonomyIndex(_)
            | Kind::DirectoryFilter(_)
            | Kind::Intake
            | Kind::Thanks
            | Kind::Search => true,
            _ => false,
        })
        .filter_map(|e| address(site, e.kind))
        .collect()
}

/// Who claims an output's file, for the message when two claim one.
enum Claimant {
    /// The build makes it from the site's data: it wins over every other
    /// claim.
    Generated,
    /// A redirect, at the alias's line in its page.
    Alias(usize),
    /// A static file of the site or theme.
    Static(usize),
    /// A file copied from `content/`.
    Asset(usize),
}

/// Whether `kind` is a list page after the first, whose address linking
/// does not claim.
fn is_later_list_page(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Section { number, .. } | Kind::Term { number, .. } | Kind::SearchList { number, .. }
            if number > 1
    )
}

fn claimant(kind: Kind) -> Claimant {
    match kind {
        Kind::Alias(i) => Claimant::Alias(i),
        Kind::Static(i) => Claimant::Static(i),
        Kind::Asset(i) | Kind::Image { asset: i, .. } => Claimant::Asset(i),
        _ => Claimant::Generated,
    }
}

/// Two outputs, of any language, that would be written to one file (or
/// one as a file and one as a folder): an error at the file and line of
/// the weaker claim. Generated outputs are strongest, then static files,
/// then files copied from `content/`, then redirects.
///
/// `registries` holds each site's [`registry`], in the same order.
pub(crate) fn conflicts(sites: &[LinkedSite], registries: &[&[Entry]]) -> Vec<Diagnostic> {
    // A static file published under a fingerprinted name still claims its
    // own name, which the live preview publishes it under: a build and a
    // preview of one site find the same conflicts.
    let plain: Vec<(usize, Entry)> = registries
        .iter()
        .enumerate()
        .flat_map(|(s, entries)| {
            entries.iter().filter_map(move |e| match e.kind {
                Kind::Static(i) if sites[s].theme.statics[i].rel != e.file => Some((
                    s,
                    Entry {
                        kind: e.kind,
                        file: sites[s].theme.statics[i].rel.clone(),
                        reads: Reads::Own,
                    },
                )),
                _ => None,
            })
        })
        .collect();
    // Generated outputs first, so that the diagnostic names the claim a
    // site can change.
    let mut claims: Vec<(usize, &Entry)> = registries
        .iter()
        .enumerate()
        .flat_map(|(s, entries)| entries.iter().map(move |e| (s, e)))
        .chain(plain.iter().map(|(s, e)| (*s, e)))
        .collect();
    claims.sort_by_key(|(_, e)| match claimant(e.kind) {
        Claimant::Generated => 0,
        Claimant::Static(_) => 1,
        Claimant::Asset(_) => 2,
        Claimant::Alias(_) => 3,
    });
    let mut taken: HashMap<&str, (usize, Kind)> = HashMap::with_capacity(claims.len());
    // Folders that hold a taken file, with one claim of a file inside: a
    // file of that name could not be written.
    let mut folders: HashMap<&str, (usize, Kind)> = HashMap::new();
    let mut found = Vec::new();
    for (s, entry) in claims {
        let file = entry.file.trim_end_matches('/');
        let holder = file
            .match_indices('/')
            .map(|(at, _)| &file[..at])
            .find_map(|folder| taken.get(folder));
        let Some(&(owner_site, owner)) = taken.get(file).or_else(|| folders.get(file)).or(holder)
        else {
            for (at, _) in file.match_indices('/') {
                folders.entry(&file[..at]).or_insert((s, entry.kind));
            }
            taken.insert(file, (s, entry.kind));
            continue;
        };
        let site = &sites[s];
        let owner_kind = owner;
        let owner = describe(&sites[owner_site], owner);
        let diagnostic = match claimant(entry.kind) {
            Claimant::Alias(i) => {
                let alias = &site.aliases[i];
                Diagnostic::error(
                    "url/conflict",
                    &alias.source,
                    alias.at,
                    format!("the alias `{}` would replace {owner}", alias.written),
                )
                .with_length(alias.written.len())
                .with_help("remove the alias, or pick an old address nothing else uses")
            }
            Claimant::Static(i) => {
                let rel = &site.theme.statics[i].rel;
                Diagnostic::file_error(
                    "url/conflict",
                    PathBuf::from("static").join(rel),
                    format!("the static file `{rel}` would replace a page the build writes: {owner}"),
                )
                .with_help(format!(
                    "rename it; to change a generated file such as `{rel}`, override its template in `templates/` instead"
                ))
            }
            Claimant::Asset(i) => {
                let (asset, out) = &site.assets[i];
                let message = if matches!(entry.kind, Kind::Image { .. }) {
                    format!("a copy of this photo would be written to `{file}`, which is already {owner}")
                } else {
                    format!("this file would be copied to `{out}`, which is already {owner}")
                };
                Diagnostic::file_error(
                    "url/conflict",
                    PathBuf::from(crate::load::CONTENT_DIR).join(&asset.rel),
                    message,
                )
                .with_help("rename the file or move it to another folder")
            }
            // Two generated outputs on one file: linking reports a page or
            // section that claims another's address. What it cannot see is
            // a page on a later list page's address (`/articles/page/2/`).
            Claimant::Generated => {
                let (page_site, page, list_site, list) = match (entry.kind, owner_kind) {
                    (Kind::Page(i), list) if is_later_list_page(list) => (s, i, owner_site, list),
                    (list, Kind::Page(i)) if is_later_list_page(list) => (owner_site, i, s, list),
                    _ => continue,
                };
                let page = &sites[page_site].pages[page].page;
                let listed = describe(&sites[list_site], list);
                Diagnostic::error(
                    "url/conflict",
                    &page.source,
                    crate::load::key_position(page.text.front(), page.text.body_offset(), "slug"),
                    format!("this page would replace {listed}, a list page the build makes"),
                )
                .with_help("rename the file or give it another `slug:`; `page/` followed by a number is kept for list pages")
            }
        };
        found.push(diagnostic);
    }
    found
}

/// What an output is, as an error message names it.
fn describe(site: &LinkedSite, kind: Kind) -> String {
    let page = |path: &str| format!("the page at `{}`", site.href(path));
    match kind {
        Kind::Page(i) => format!("the page {}", site.pages[i].page.source.display()),
        Kind::Section {
            section, number, ..
        } => page(&pager_path(&site.sections[section].path, number)),
        Kind::TaxonomyIndex(t) => page(&site.taxonomies[t].path),
        Kind::Term {
            taxonomy,
            term,
            number,
            ..
        } => page(&pager_path(
            &site.taxonomies[taxonomy].terms[term].path,
            number,
        )),
        Kind::Alias(i) => format!("the redirect of `{}`", site.aliases[i].written),
        Kind::DirectoryFilter(i) => page(&site.directory.filters[i].path),
        Kind::Intake => page(crate::form::INTAKE_PATH),
        Kind::Thanks => page(crate::form::THANKS_PATH),
        Kind::Search => "the search page".to_string(),
        Kind::SearchList { group, number, .. } => page(&super::az::path(group, number)),
        Kind::SearchIndex => "the search index".to_string(),
        Kind::NotFound => "the 404 page".to_string(),
        Kind::Sitemap => "the sitemap".to_string(),
        Kind::Feed => "the Atom feed".to_string(),
        Kind::Robots => "robots.txt".to_string(),
        Kind::LanguageChooser => "the choice of language at the root".to_string(),
        Kind::Static(i) => format!("the static file `{}`", site.theme.statics[i].rel),
        Kind::Asset(i) => format!("the copy of content/{}", site.assets[i].0.rel),
        Kind::Image { asset, .. } => {
            format!("a copy of the photo content/{}", site.assets[asset].0.rel)
        }
        Kind::Highlight => "the highlighting stylesheet".to_string(),
        Kind::Brand => "the accent colour's stylesheet".to_string(),
        Kind::Headers => "the security headers file".to_string(),
    }
}

/// How many list pages a list of `items` has, `per_page` to a page.
pub(crate) fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

/// Whether `section` is the therapist directory, which lists every profile
/// on one page so it can be filtered in place.
pub(crate) fn is_directory(section: &LinkedSection) -> bool {
    section.section.dir == crate::directory::THERAPISTS_DIR
}

/// How many list pages `section` has: one for the home page and the
/// directory, else as many as pagination needs.
pub(crate) fn list_pages(site: &LinkedSite, section: &LinkedSection) -> usize {
    if section.path == "/" || is_directory(section) {
        1
    } else {
        page_count(section.pages.len(), paginate_by(site, section))
    }
}

/// How many pages one list page of `section` shows.
pub(crate) fn paginate_by(site: &LinkedSite, section: &LinkedSection) -> usize {
    section
        .section
        .meta
        .paginate_by
        .map_or(site.config.paginate_by, std::num::NonZeroUsize::get)
        .max(1)
}

/// The output file for URL path `path` (`/a/b/` → `a/b/index.html`).
pub(crate) fn index_file(path: &str) -> String {
    format!("{}index.html", path.trim_start_matches('/'))
}

/// The URL path of list page `number` of a list at `path`.
pub(crate) fn pager_path(path: &str, number: usize) -> String {
    if number <= 1 {
        path.to_string()
    } else {
        format!("{path}page/{number}/")
    }
}

fn newest(site: &LinkedSite, mut pages: Vec<usize>, n: usize) -> Vec<usize> {
    pages.sort_by(|&a, &b| {
        let (a, b) = (&site.pages[a].page, &site.pages[b].page);
        b.meta
            .date
            .cmp(&a.meta.date)
            .then_with(|| a.meta.title.cmp(&b.meta.title))
    });
    pages.truncate(n);
    pages
}

fn articles(site: &LinkedSite) -> Vec<usize> {
    site.pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.page.kind == PageKind::Article)
        .map(|(i, _)| i)
        .collect()
}

/// The articles the Atom feed carries, newest first.
pub(crate) fn feed_entries(site: &LinkedSite) -> Vec<usize> {
    newest(site, articles(site), FEED_LENGTH)
}

/// The pages that list page `number` of section `section` shows: a slice of
/// its pages, or on the home page the featured articles.
pub(crate) fn section_listing(site: &LinkedSite, section: usize, number: usize) -> Vec<usize> {
    let s = &site.sections[section];
    if s.path == "/" {
        return featured(site, articles(site), HOME_FEATURED);
    }
    let per_page = paginate_by(site, s);
    s.pages
        .iter()
        .skip((number - 1) * per_page)
        .take(per_page)
        .copied()
        .collect()
}

/// Articles to feature on the home page: those with a `weight`, lightest
/// first, then the newest.
fn featured(site: &LinkedSite, mut pages: Vec<usize>, n: usize) -> Vec<usize> {
    pages.sort_by(|&a, &b| {
        let (a, b) = (&site.pages[a].page.meta, &site.pages[b].page.meta);
        let weight = |m: &PageFrontMatter| m.weight.unwrap_or(i64::MAX);
        weight(a)
            .cmp(&weight(b))
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.title.cmp(&b.title))
    });
    pages.truncate(n);
    pages
}

/// A section and the sections around it, up to the home page: what its
/// breadcrumbs show.
pub(crate) fn section_chain(site: &LinkedSite, section: usize) -> impl Iterator<Item = usize> + '_ {
    let mut dir = Some(site.sections[section].section.dir.as_str());
    std::iter::from_fn(move || loop {
        let current = dir?;
        dir = match current.rsplit_once('/') {
            Some((parent, _)) => Some(parent),
            None if !current.is_empty() => Some(""),
            None => None,
        };
        if let Some(i) = site.sections.iter().position(|s| s.section.dir == current) {
            return Some(i);
        }
    })
}

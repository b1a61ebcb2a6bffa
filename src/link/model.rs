//! The linked site: pages and sections with their addresses, taxonomies,
//! redirects and the ties between languages, ready to render.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::{Config, TaxonomyName};
use crate::diag::Position;
use crate::directory::Directory;
use crate::form::FormSchema;
use crate::i18n::{Direction, Strings};
use crate::load::{Asset, Page, Section, Theme};

/// What the build was asked to include.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkOptions {
    /// Publish pages marked `draft: true`.
    pub include_drafts: bool,
    /// Publish stylesheets and scripts under names that carry a hash of
    /// their bytes (`style.3f9a1c2e.css`), so a host can let browsers keep
    /// them for a year. Off for the live preview, which swaps a changed
    /// stylesheet in by its name.
    pub fingerprint: bool,
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
    /// Files of `content/`, with their output paths (relative, `/`
    /// separators): copied, or for photos, published as their copies.
    pub assets: Vec<(Asset, String)>,
    /// The copies of each photo, by the href of the photo itself, as
    /// pages offer them; the default language's too in other languages.
    pub pictures: HashMap<String, crate::images::Pictures>,
    /// Redirect pages.
    pub aliases: Vec<Alias>,
    /// Templates and static files.
    pub theme: Theme,
    /// Therapist profiles and the directory's filter pages.
    pub directory: Directory,
    /// The intake form, with choices from site data filled in.
    pub form: Option<FormSchema>,
    /// Search synonym groups of the site's language.
    pub synonyms: Vec<Vec<String>>,
    /// The works pages cite, when the site has a bibliography.
    pub bibliography: Option<std::sync::Arc<crate::load::sources::Bibliography>>,
    /// The site's language among its others.
    pub language: SiteLanguage,
    /// Interface strings in the site's language.
    pub strings: Strings,
    /// The file each stylesheet and script is published as, by its own
    /// name (`style.css` → `style.3f9a1c2e.css`); empty when names are kept.
    pub published: HashMap<String, String>,
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
        published_href(&self.language.root_base, &self.published, path)
    }

    /// The file `rel` (a theme static file or generated stylesheet, such
    /// as `style.css`) is published as.
    pub(crate) fn published_file(&self, rel: &str) -> String {
        self.published
            .get(rel)
            .cloned()
            .unwrap_or_else(|| rel.to_string())
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

    /// Whether the search page's A–Z lists get pages of their own: the
    /// site has search, and its theme has the lists' template. A theme
    /// made before the lists had pages has none, and its search page
    /// lists everything itself.
    pub fn has_search_lists(&self) -> bool {
        self.has_search()
            && self
                .theme
                .templates
                .iter()
                .any(|t| t.name == SEARCH_LIST_TEMPLATE)
    }
}

/// The href of the theme file `path` (`/style.css`) under the name it is
/// published as, for a site whose shared files are at `root`.
pub(crate) fn published_href(
    root: &str,
    published: &HashMap<String, String>,
    path: &str,
) -> String {
    let rel = path.trim_start_matches('/');
    let name = published.get(rel).map_or(rel, String::as_str);
    format!("{root}/{name}")
}

/// The search page's address.
pub(crate) const SEARCH_PATH: &str = "/search/";
/// The search page's template; a theme without it has no search.
pub(crate) const SEARCH_TEMPLATE: &str = "search.html";
/// The template of the pages of the search page's A–Z lists.
pub(crate) const SEARCH_LIST_TEMPLATE: &str = "search-list.html";
/// The privacy notice's address: the footer and the intake form's consent
/// question link it when the site has it.
pub(crate) const PRIVACY_PATH: &str = "/privacy/";

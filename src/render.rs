//! The render stage: the linked site in, output files (as bytes) out.
//!
//! One tera environment holds the theme's templates with the site's
//! overrides. Every output is a pure function of the linked site, so pages
//! render in parallel (rayon). The sitemap, Atom feed, robots.txt and 404
//! page are templates too, so a site can override them like any other.
//!
//! Architecture invariant: render never touches the filesystem. Assets are
//! listed as files to copy; the write stage copies them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diag::{Diagnostic, Position};
use crate::highlight;
use crate::link::{LinkedPage, LinkedSection, LinkedSite, LinkedTaxonomy, LinkedTerm};
use crate::load::{Date, PageKind};
use crate::markdown::{self, Resolved};

mod directory;
mod plan;
pub(crate) mod search;

pub use directory::{therapists, FormState};
pub(crate) use plan::{modelled, outline_key, plan, shared_context, Part, Planned, Reads};

/// How many articles the Atom feed carries.
const FEED_LENGTH: usize = 20;
/// How many articles the home page features.
const HOME_FEATURED: usize = 6;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Its path in the output folder, with `/` separators.
    pub path: String,
    /// What goes in it.
    pub body: Body,
}

/// The contents of an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Rendered or embedded bytes.
    Bytes(Vec<u8>),
    /// A copy of a source file.
    Copy(PathBuf),
}

/// The intake form page's template.
const INTAKE_TEMPLATE: &str = "intake.html";
/// The template of the page after sending the intake form.
const THANKS_TEMPLATE: &str = "intake-thanks.html";

/// The templates every theme must have.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "section.html",
    "article.html",
    "faq.html",
    "page.html",
    "taxonomy.html",
    "term.html",
    "404.html",
    "alias.html",
    "sitemap.xml",
    "atom.xml",
    "robots.txt",
];

/// Renders every output of `site` and hands each to `sink` as soon as it is
/// ready, from several threads, so writing overlaps rendering.
///
/// Once a diagnostic is found, rendering goes on (to find every template
/// error) but nothing more is handed over. When the sink fails, rendering
/// stops and the sink's error is returned.
pub fn render_into<E: Send>(
    site: &LinkedSite,
    sink: &(dyn Fn(Output) -> Result<(), E> + Sync),
) -> (Vec<Diagnostic>, Option<E>) {
    render_selected(site, &|_| true, true, sink)
}

/// Like [`render_into`], for only the jobs whose index in [`plan`]
/// `selected` accepts, and the outputs made beside the jobs from the whole
/// site (the search index) only when `beside`.
pub(crate) fn render_selected<E: Send>(
    site: &LinkedSite,
    selected: &(dyn Fn(usize) -> bool + Sync),
    beside: bool,
    sink: &(dyn Fn(Output) -> Result<(), E> + Sync),
) -> (Vec<Diagnostic>, Option<E>) {
    let templates = match Templates::new(site) {
        Ok(t) => t,
        Err(errors) => return (errors, None),
    };
    let diagnostics: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    let failure: Mutex<Option<E>> = Mutex::new(None);
    let failed = AtomicBool::new(false);
    let has_diagnostics = AtomicBool::new(false);
    let deliver = |output: Output| {
        if has_diagnostics.load(Ordering::Relaxed) || failed.load(Ordering::Relaxed) {
            return;
        }
        if let Err(err) = sink(output) {
            failed.store(true, Ordering::Relaxed);
            if let Ok(mut slot) = failure.lock() {
                slot.get_or_insert(err);
            }
        }
    };

    // The search index is built beside the pages, from the same site.
    let search_index = || {
        if beside && search::enabled(site) {
            search::index_outputs(site)
                .into_par_iter()
                .for_each(deliver);
        }
    };
    let pages = || {
        jobs(site).par_iter().enumerate().for_each(|(i, job)| {
            if failed.load(Ordering::Relaxed) || !selected(i) {
                return;
            }
            match templates.render_job(site, job) {
                Ok(output) => deliver(output),
                Err(found) => {
                    has_diagnostics.store(true, Ordering::Relaxed);
                    if let Ok(mut all) = diagnostics.lock() {
                        // The same template mistake fails every page that
                        // uses it: report it once.
                        for d in found {
                            if !all.contains(&d) {
                                all.push(d);
                            }
                        }
                    }
                }
            }
        })
    };
    rayon::join(pages, search_index);
    (
        diagnostics.into_inner().unwrap_or_default(),
        failure.into_inner().unwrap_or_default(),
    )
}

/// Renders single pages on demand, with the same templates and contexts
/// as the build: for a server that shows the intake form per request.
pub struct Renderer {
    templates: Templates,
}

impl Renderer {
    /// Loads the site's templates; the errors are the build's.
    pub fn new(site: &LinkedSite) -> Result<Renderer, Vec<Diagnostic>> {
        Ok(Renderer {
            templates: Templates::new(site)?,
        })
    }

    /// The intake page showing `state`: the answers given so far, an error
    /// summary and inline errors, and extra hidden inputs.
    pub fn intake_page(
        &self,
        site: &LinkedSite,
        state: &FormState,
    ) -> Result<String, Vec<Diagnostic>> {
        let Some(form) = &site.form else {
            return Err(vec![Diagnostic::file_error(
                "form/missing",
                crate::config::CONFIG_FILE,
                "the site has no intake form",
            )
            .with_help("add `intake:` with `schema:` to candor.yaml")]);
        };
        let ctx = directory::intake_context(site, form, state);
        self.templates.render(INTAKE_TEMPLATE, &ctx)
    }

    /// The page after sending, with the therapists matched to `answers`
    /// when given (indices of `result` refer to [`therapists`]).
    pub fn thanks_page(
        &self,
        site: &LinkedSite,
        result: Option<(&crate::form::Answers, &crate::directory::MatchResult)>,
    ) -> Result<String, Vec<Diagnostic>> {
        let ctx = directory::thanks_context(site, result);
        self.templates.render(THANKS_TEMPLATE, &ctx)
    }

    /// A short page with a heading and a sentence, e.g. "too many
    /// attempts, wait a minute", with the crisis resources.
    pub fn message_page(
        &self,
        site: &LinkedSite,
        title: &str,
        text: &str,
    ) -> Result<String, Vec<Diagnostic>> {
        let mut ctx = base_context(site, crate::form::INTAKE_PATH, &site.language.code);
        ctx.insert(
            "message",
            &serde_json::json!({ "title": title, "text": text }),
        );
        self.templates.render("intake-message.html", &ctx)
    }
}

/// The page at the site's root when every language, the default too, is
/// under its own prefix: a choice of language. `None` otherwise. `site` is
/// the default language's.
pub fn language_chooser(site: &LinkedSite) -> Option<Result<Output, Vec<Diagnostic>>> {
    if !site.config.prefix_default_language || site.language.languages.len() < 2 {
        return None;
    }
    let render = || {
        let templates = Templates::new(site)?;
        let mut ctx = base_context(site, "/", &site.language.code);
        // The chooser is no language's page: no switcher, no alternates.
        ctx.insert("translations", &Vec::<()>::new());
        ctx.insert("x_default", &format!("{}/", root_url(site)));
        ctx.insert("base", &site.language.root_base);
        let html = templates.render(LANGUAGES_TEMPLATE, &ctx)?;
        Ok(Output {
            path: "index.html".to_string(),
            body: Body::Bytes(html.into_bytes()),
        })
    };
    Some(render())
}

/// The outputs of `site` that belong to the whole site rather than to its
/// language, so go at the root even when the language has a prefix: the
/// theme's static files, the highlighting stylesheet, `_headers`,
/// `robots.txt` and the 404 page. Only the default language makes them.
pub fn whole_site_outputs(site: &LinkedSite) -> std::collections::HashSet<String> {
    if !site.language.is_default {
        return Default::default();
    }
    site.theme
        .statics
        .iter()
        .map(|f| f.rel.clone())
        .chain([
            highlight::STYLESHEET_PATH.to_string(),
            crate::headers::HEADERS_FILE.to_string(),
            "robots.txt".to_string(),
            "404.html".to_string(),
        ])
        .collect()
}

/// The absolute URL of the whole site's root, without a final `/`.
fn root_url(site: &LinkedSite) -> String {
    format!("{}{}", site.origin(), site.language.root_base)
}

/// The template of the language chooser at the root.
const LANGUAGES_TEMPLATE: &str = "languages.html";

/// One output to produce.
enum Job {
    /// A template to render.
    Render(RenderJob),
    /// A theme or site static file.
    Static(usize),
    /// A file from `content/`.
    Asset(usize),
    /// The highlighting stylesheet.
    Highlight,
    /// The `_headers` file with the security headers.
    Headers,
}

/// A template rendering, one output each.
enum RenderJob {
    Page(usize),
    Section {
        section: usize,
        number: usize,
        total: usize,
    },
    TaxonomyIndex(usize),
    Term {
        taxonomy: usize,
        term: usize,
        number: usize,
        total: usize,
    },
    Alias(usize),
    /// A directory filter page, by index in the directory's filters.
    DirectoryFilter(usize),
    /// The intake form page.
    Intake,
    /// The page after sending the intake form.
    Thanks,
    /// The search page, with every entry listed.
    Search,
    NotFound,
    Sitemap,
    Feed,
    Robots,
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

fn jobs(site: &LinkedSite) -> Vec<Job> {
    use RenderJob as R;
    let mut jobs: Vec<RenderJob> = (0..site.pages.len()).map(R::Page).collect();
    for (i, section) in site.sections.iter().enumerate() {
        let total = list_pages(site, section);
        jobs.extend((1..=total).map(|number| R::Section {
            section: i,
            number,
            total,
        }));
    }
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        jobs.push(R::TaxonomyIndex(t));
        for (i, term) in taxonomy.terms.iter().enumerate() {
            let total = page_count(term.pages.len(), site.config.paginate_by);
            jobs.extend((1..=total).map(|number| R::Term {
                taxonomy: t,
                term: i,
                number,
                total,
            }));
        }
    }
    jobs.extend((0..site.aliases.len()).map(R::Alias));
    jobs.extend((0..site.directory.filters.len()).map(R::DirectoryFilter));
    if site.form.is_some() {
        jobs.extend([R::Intake, R::Thanks]);
    }
    if search::enabled(site) {
        jobs.push(R::Search);
    }
    jobs.extend([R::NotFound, R::Sitemap, R::Feed]);
    // Files of the whole site, not of one language: written once.
    let whole_site = site.language.is_default;
    if whole_site {
        jobs.push(R::Robots);
    }
    let mut jobs: Vec<Job> = jobs.into_iter().map(Job::Render).collect();
    if whole_site {
        jobs.extend((0..site.theme.statics.len()).map(Job::Static));
    }
    jobs.extend((0..site.assets.len()).map(Job::Asset));
    if whole_site {
        jobs.push(Job::Highlight);
        jobs.push(Job::Headers);
    }
    jobs
}

/// Whether `section` is the therapist directory, which lists every profile
/// on one page so it can be filtered in place.
fn is_directory(section: &LinkedSection) -> bool {
    section.section.dir == crate::directory::THERAPISTS_DIR
}

/// How many list pages `section` has: one for the home page and the
/// directory, else as many as pagination needs.
fn list_pages(site: &LinkedSite, section: &LinkedSection) -> usize {
    if section.path == "/" || is_directory(section) {
        1
    } else {
        page_count(section.pages.len(), paginate_by(site, section))
    }
}

fn paginate_by(site: &LinkedSite, section: &LinkedSection) -> usize {
    section
        .section
        .meta
        .paginate_by
        .unwrap_or(site.config.paginate_by)
        .max(1)
}

/// The output file for URL path `path` (`/a/b/` → `a/b/index.html`).
fn index_file(path: &str) -> String {
    format!("{}index.html", path.trim_start_matches('/'))
}

/// The URL path of list page `number` of a list at `path`.
fn pager_path(path: &str, number: usize) -> String {
    if number <= 1 {
        path.to_string()
    } else {
        format!("{path}page/{number}/")
    }
}

struct Templates {
    tera: Tera,
    origins: HashMap<String, PathBuf>,
}

impl Templates {
    fn new(site: &LinkedSite) -> Result<Self, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        // Functions first: tera checks that the templates' calls exist.
        let translations = site.strings.translations().clone();
        tera.register_function("t", crate::i18n::tera_function(translations.clone()));
        tera.register_function(
            "plural_forms",
            move |kwargs: tera::Kwargs, state: &tera::State| -> tera::TeraResult<String> {
                let key: String = kwargs.must_get("key")?;
                let lang: String = state.get::<String>("lang")?.unwrap_or_default();
                Ok(
                    serde_json::to_string(&translations.plural_forms(&lang, &key))
                        .unwrap_or_default(),
                )
            },
        );
        let origins: HashMap<String, PathBuf> = site
            .theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.origin.clone()))
            .collect();
        let mut errors = Vec::new();
        // Add templates one at a time first, so each syntax error is found
        // and named; then all together, which also checks inheritance.
        for template in &site.theme.templates {
            let mut single = Tera::new();
            if let Err(err) = single.add_raw_template(&template.name, &template.text) {
                if matches!(err.kind(), tera::ErrorKind::SyntaxError(_)) {
                    errors.extend(template_error(&err, &origins, &template.name));
                }
            }
        }
        if errors.is_empty() {
            let all = site
                .theme
                .templates
                .iter()
                .map(|t| (t.name.as_str(), t.text.as_str()));
            if let Err(err) = tera.add_raw_templates(all) {
                let name = site
                    .theme
                    .templates
                    .first()
                    .map(|t| t.name.clone())
                    .unwrap_or_default();
                errors.extend(template_error(&err, &origins, &name));
            }
        }
        global_context(site, tera.global_context());
        for required in REQUIRED_TEMPLATES {
            if !origins.contains_key(*required) {
                errors.push(
                    Diagnostic::file_error(
                        "template/missing",
                        PathBuf::from("templates").join(required),
                        "this template is missing",
                    )
                    .with_help(format!(
                        "add `templates/{required}` or use a theme that has it"
                    )),
                );
            }
        }
        if errors.is_empty() {
            Ok(Templates { tera, origins })
        } else {
            Err(errors)
        }
    }

    fn render_job(&self, site: &LinkedSite, job: &Job) -> Result<Output, Vec<Diagnostic>> {
        let copied = |path: &str, body: Body| {
            Ok(Output {
                path: path.to_string(),
                body,
            })
        };
        match *job {
            Job::Static(i) => {
                let file = &site.theme.statics[i];
                copied(&file.rel, Body::Bytes(file.bytes.clone()))
            }
            Job::Asset(i) => {
                let (asset, out) = &site.assets[i];
                copied(out, Body::Copy(asset.path.clone()))
            }
            Job::Highlight => copied(
                highlight::STYLESHEET_PATH,
                Body::Bytes(highlight::stylesheet().into_bytes()),
            ),
            Job::Headers => copied(
                crate::headers::HEADERS_FILE,
                Body::Bytes(crate::headers::headers_file().into_bytes()),
            ),
            Job::Render(ref job) => self.render_template(site, job),
        }
    }

    fn render_template(
        &self,
        site: &LinkedSite,
        job: &RenderJob,
    ) -> Result<Output, Vec<Diagnostic>> {
        let (template, file, context) = match *job {
            RenderJob::Page(i) => {
                let page = &site.pages[i];
                let template = page.page.meta.template.clone().unwrap_or_else(|| {
                    match page.page.kind {
                        PageKind::Article => "article.html",
                        PageKind::Faq => "faq.html",
                        PageKind::Page => "page.html",
                        PageKind::Therapist => "therapist.html",
                    }
                    .to_string()
                });
                let mut ctx = base_context(site, &page.path, &page.page.lang);
                ctx.insert("page", &page_context(site, page));
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
                (template, index_file(&page.path), ctx)
            }
            RenderJob::Section {
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
                ctx.insert("section", &section_context(site, s, &listed));
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
                (template, index_file(&path), ctx)
            }
            RenderJob::TaxonomyIndex(t) => {
                let taxonomy = &site.taxonomies[t];
                let mut ctx = base_context(site, &taxonomy.path, &site.language.code);
                ctx.insert("taxonomy", &taxonomy_context(site, taxonomy));
                ctx.insert("breadcrumbs", &home_crumb(site));
                ("taxonomy.html".to_string(), index_file(&taxonomy.path), ctx)
            }
            RenderJob::Term {
                taxonomy,
                term,
                number,
                total,
            } => {
                let tax = &site.taxonomies[taxonomy];
                let t = &tax.terms[term];
                let path = pager_path(&t.path, number);
                let per_page = site.config.paginate_by;
                let listed: Vec<&LinkedPage> = t
                    .pages
                    .iter()
                    .skip((number - 1) * per_page)
                    .take(per_page)
                    .map(|&i| &site.pages[i])
                    .collect();
                let mut ctx = base_context(site, &path, &site.language.code);
                ctx.insert("taxonomy", &taxonomy_context(site, tax));
                ctx.insert("term", &term_context(site, t));
                ctx.insert(
                    "pages",
                    &listed.iter().map(|p| summary(site, p)).collect::<Vec<_>>(),
                );
                ctx.insert("paginator", &paginator(site, &t.path, number, total));
                let mut crumbs = home_crumb(site);
                crumbs.push(Crumb {
                    title: tax.title.clone(),
                    href: site.href(&tax.path),
                });
                ctx.insert("breadcrumbs", &crumbs);
                ("term.html".to_string(), index_file(&path), ctx)
            }
            RenderJob::Alias(i) => {
                let alias = &site.aliases[i];
                let mut ctx = base_context(site, &alias.target, &site.language.code);
                ctx.insert("target_href", &site.href(&alias.target));
                ctx.insert("target_permalink", &site.permalink(&alias.target));
                ("alias.html".to_string(), alias.file.clone(), ctx)
            }
            RenderJob::DirectoryFilter(i) => {
                let filter = &site.directory.filters[i];
                let mut ctx = base_context(site, &filter.path, &site.language.code);
                ctx.insert(
                    "directory",
                    &directory::directory_context(site, Some(filter)),
                );
                ctx.insert("breadcrumbs", &directory::filter_crumbs(site));
                ("directory.html".to_string(), index_file(&filter.path), ctx)
            }
            RenderJob::Intake => {
                let Some(form) = &site.form else {
                    return Err(Vec::new());
                };
                let ctx = directory::intake_context(site, form, &FormState::default());
                (
                    INTAKE_TEMPLATE.to_string(),
                    index_file(crate::form::INTAKE_PATH),
                    ctx,
                )
            }
            RenderJob::Thanks => (
                THANKS_TEMPLATE.to_string(),
                index_file(crate::form::THANKS_PATH),
                directory::thanks_context(site, None),
            ),
            RenderJob::Search => {
                let path = search::PAGE_PATH;
                let mut ctx = base_context(site, path, &site.language.code);
                ctx.insert("search", &search::page_context(site));
                ctx.insert("breadcrumbs", &home_crumb(site));
                (search::TEMPLATE.to_string(), index_file(path), ctx)
            }
            RenderJob::NotFound => {
                let ctx = base_context(site, "/404.html", &site.language.code);
                ("404.html".to_string(), "404.html".to_string(), ctx)
            }
            RenderJob::Sitemap => {
                let mut ctx = base_context(site, "/sitemap.xml", &site.language.code);
                ctx.insert("entries", &sitemap_entries(site));
                ("sitemap.xml".to_string(), "sitemap.xml".to_string(), ctx)
            }
            RenderJob::Feed => {
                let mut ctx = base_context(site, "/atom.xml", &site.language.code);
                let newest = feed_entries(site);
                let entries: Vec<PageSummary> = newest
                    .iter()
                    .map(|&i| summary(site, &site.pages[i]))
                    .collect();
                let updated = newest
                    .iter()
                    .filter_map(|&i| {
                        let m = &site.pages[i].page.meta;
                        m.updated.or(m.date)
                    })
                    .max();
                ctx.insert("entries", &entries);
                ctx.insert("updated", &updated.map(rfc3339));
                ("atom.xml".to_string(), "atom.xml".to_string(), ctx)
            }
            RenderJob::Robots => {
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
                ("robots.txt".to_string(), "robots.txt".to_string(), ctx)
            }
        };
        if !self.origins.contains_key(&template) {
            return Err(vec![missing_template(site, job, &template)]);
        }
        let html = self.render(&template, &context)?;
        Ok(Output {
            path: file,
            body: Body::Bytes(html.into_bytes()),
        })
    }

    fn render(&self, template: &str, context: &Context) -> Result<String, Vec<Diagnostic>> {
        if !self.origins.contains_key(template) {
            return Err(vec![Diagnostic::file_error(
                "template/missing",
                PathBuf::from("templates").join(template),
                format!("the template `{template}` does not exist"),
            )
            .with_help("add it under `templates/`, or use a theme that has it")]);
        }
        self.tera
            .render(template, context)
            .map_err(|err| template_error(&err, &self.origins, template))
    }
}

/// A template that does not exist, reported where it is named: at the
/// `template:` line of the page or section that asks for it.
fn missing_template(site: &LinkedSite, job: &RenderJob, template: &str) -> Diagnostic {
    let named_in = match *job {
        RenderJob::Page(i) => {
            let page = &site.pages[i].page;
            Some((page.source.clone(), page.text.as_str(), page.body_offset))
        }
        RenderJob::Section { section, .. } => {
            let s = &site.sections[section].section;
            s.source
                .clone()
                .map(|source| (source, s.text.as_str(), s.body_offset))
        }
        _ => None,
    };
    let message = format!("the template `{template}` does not exist");
    let help = "add it under `templates/`, or fix the `template:` name in the front matter";
    match named_in {
        Some((source, text, body_offset)) => {
            let position = crate::load::key_position(text, body_offset, "template");
            Diagnostic::error("template/missing", source, position, message)
                .with_length("template".len())
                .with_help(help)
        }
        None => Diagnostic::file_error(
            "template/missing",
            PathBuf::from("templates").join(template),
            message,
        )
        .with_help(help),
    }
}

/// A tera error as a diagnostic at the template file and line.
fn template_error(
    err: &tera::Error,
    origins: &HashMap<String, PathBuf>,
    template: &str,
) -> Vec<Diagnostic> {
    let origin = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from("templates").join(name))
    };
    let help = "fix the template at this line; tera's syntax is described at keats.github.io/tera";
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = if report.filename().is_empty() {
                template
            } else {
                report.filename()
            };
            let span = report.span();
            vec![Diagnostic::error(
                "template/error",
                origin(name),
                Position {
                    line: span.start_line.max(1),
                    column: span.start_col + 1,
                },
                format!("template error: {}", report.message()),
            )
            .with_help(help)]
        }
        _ => {
            // Checks across templates (unknown filters, say) come as one
            // text of reports: `error: what` then ` --> name:line:col`.
            let text = err.to_string();
            let mut found = Vec::new();
            let mut message: Option<&str> = None;
            for line in text.lines() {
                if let Some(m) = line.strip_prefix("error: ") {
                    message = Some(m);
                } else if let (Some(m), Some(place)) =
                    (message, line.trim_start().strip_prefix("--> "))
                {
                    let mut parts = place.rsplitn(3, ':');
                    let column = parts.next().and_then(|c| c.parse::<usize>().ok());
                    let line_no = parts.next().and_then(|l| l.parse::<usize>().ok());
                    if let (Some(column), Some(line_no), Some(name)) =
                        (column, line_no, parts.next())
                    {
                        found.push(
                            Diagnostic::error(
                                "template/error",
                                origin(name),
                                Position {
                                    line: line_no,
                                    column,
                                },
                                format!("template error: {m}"),
                            )
                            .with_help(help),
                        );
                    }
                    message = None;
                }
            }
            if found.is_empty() {
                found.push(
                    Diagnostic::file_error(
                        "template/error",
                        origin(template),
                        format!("template error: {}", first_line(&text)),
                    )
                    .with_help("check the names of the templates it extends or includes"),
                );
            }
            found
        }
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
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

/// The articles the Atom feed carries, newest first.
fn feed_entries(site: &LinkedSite) -> Vec<usize> {
    let articles = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.page.kind == PageKind::Article)
        .map(|(i, _)| i)
        .collect();
    newest(site, articles, FEED_LENGTH)
}

/// The pages that list page `number` of section `section` shows: a slice of
/// its pages, or on the home page the featured articles.
fn section_listing(site: &LinkedSite, section: usize, number: usize) -> Vec<usize> {
    let s = &site.sections[section];
    if s.path == "/" {
        let articles = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.page.kind == PageKind::Article)
            .map(|(i, _)| i)
            .collect();
        return featured(site, articles, HOME_FEATURED);
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
        let weight = |m: &crate::load::PageFrontMatter| m.weight.unwrap_or(i64::MAX);
        weight(a)
            .cmp(&weight(b))
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.title.cmp(&b.title))
    });
    pages.truncate(n);
    pages
}

fn rfc3339(date: Date) -> String {
    format!("{}T00:00:00Z", date)
}

/// A date as readers of the site's language write it, e.g. "October 5,
/// 2026" or "5 de octubre de 2026" (the `date-long` message).
fn display_date(site: &LinkedSite, date: Date) -> String {
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

// ---- Template contexts -------------------------------------------------

use crate::link::PRIVACY_PATH;

#[derive(Serialize)]
struct SiteContext<'a> {
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
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// Values every template sees: the site's settings and navigation. Set
/// once, as tera's global context.
fn global_context(site: &LinkedSite, context: &mut Context) {
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
            search_href: search::enabled(site).then(|| site.href(search::PAGE_PATH)),
            script: site.static_href("/candor.js"),
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
fn page_href(site: &LinkedSite, path: &str) -> Option<String> {
    if let Some(href) = site.language.from_default.get(path) {
        return Some(href.clone());
    }
    site.pages
        .iter()
        .any(|p| p.path == path)
        .then(|| site.href(path))
}

/// Values that depend on the output: its language and address.
fn base_context(site: &LinkedSite, path: &str, content_lang: &str) -> Context {
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
struct SwitchEntry<'a> {
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
fn language_switch<'a>(site: &'a LinkedSite, path: &str) -> (Vec<SwitchEntry<'a>>, Option<String>) {
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
struct Crumb {
    title: String,
    href: String,
}

fn home_crumb(site: &LinkedSite) -> Vec<Crumb> {
    vec![Crumb {
        title: site.strings.get("breadcrumb-home"),
        href: site.href("/"),
    }]
}

/// Home, then each enclosing section, then the page itself when given.
fn breadcrumbs(site: &LinkedSite, section: usize, page: Option<(&String, &String)>) -> Vec<Crumb> {
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
struct TermRef {
    key: String,
    title: String,
    href: String,
}

#[derive(Serialize)]
struct TocEntry {
    level: u8,
    id: String,
    title: String,
    children: Vec<TocEntry>,
}

#[derive(Serialize)]
struct FaqContext {
    question: String,
    id: String,
    answer: String,
}

#[derive(Serialize)]
struct PageContext<'a> {
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
    word_count: usize,
    reading_minutes: usize,
    has_code: bool,
    section: Crumb,
    review_due: Option<String>,
    review_due_display: Option<String>,
    related: Vec<PageSummary>,
    previous: Option<PageSummary>,
    next: Option<PageSummary>,
    jsonld: String,
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

fn term_refs(
    site: &LinkedSite,
    name: crate::config::TaxonomyName,
    values: &[String],
) -> Vec<TermRef> {
    let taxonomy = site.taxonomies.iter().find(|t| t.name == name);
    values
        .iter()
        .map(|value| {
            let slug = crate::slug::slugify(value);
            let term = taxonomy.and_then(|t| {
                t.terms
                    .iter()
                    .find(|term| term.path.ends_with(&format!("/{slug}/")))
            });
            TermRef {
                key: value.clone(),
                title: term.map_or_else(|| value.clone(), |t| t.title.clone()),
                href: term.map_or_else(String::new, |t| site.href(&t.path)),
            }
        })
        .collect()
}

fn toc(headings: &[markdown::Heading]) -> Vec<TocEntry> {
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

fn page_context<'a>(site: &LinkedSite, linked: &'a LinkedPage) -> PageContext<'a> {
    let page = &linked.page;
    let meta = &page.meta;
    let heading_ids: Vec<String> = page.scan.headings.iter().map(|h| h.id.clone()).collect();
    let resolved = Resolved {
        hrefs: &linked.hrefs,
        heading_ids: &heading_ids,
    };
    let mut faq: Vec<FaqContext> = page
        .faq
        .iter()
        .zip(&linked.faq_hrefs)
        .map(|(item, hrefs)| {
            let ids: Vec<String> = item.scan.headings.iter().map(|h| h.id.clone()).collect();
            FaqContext {
                question: item.question.clone(),
                id: item.id.clone(),
                answer: markdown::render(
                    &item.answer,
                    Resolved {
                        hrefs,
                        heading_ids: &ids,
                    },
                ),
            }
        })
        .collect();
    let content = if page.kind == PageKind::Faq {
        // On FAQ pages, `##` headings in the body are questions too.
        let (intro, parts) = markdown::render_parts(page.body(), resolved);
        faq.extend(parts.into_iter().map(|p| FaqContext {
            question: p.title,
            id: p.id,
            answer: p.html,
        }));
        intro
    } else {
        markdown::render(page.body(), resolved)
    };
    let section = &site.sections[linked.section];
    let permalink = site.permalink(&linked.path);
    let jsonld = json_ld(site, linked, &permalink, &faq);
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
        word_count: page.scan.word_count,
        reading_minutes: page.scan.word_count.div_ceil(200).max(1),
        has_code: page.scan.has_code || page.faq.iter().any(|f| f.scan.has_code),
        section: Crumb {
            title: section.section.meta.title.clone(),
            href: site.href(&section.path),
        },
        review_due: review_due.map(|d| d.to_string()),
        review_due_display: review_due.map(|d| display_date(site, d)),
        related: linked
            .related
            .iter()
            .map(|&i| summary(site, &site.pages[i]))
            .collect(),
        previous: linked.previous.map(|i| summary(site, &site.pages[i])),
        next: linked.next.map(|i| summary(site, &site.pages[i])),
        jsonld,
        extra: &meta.extra,
    }
}

/// schema.org data for search engines: a reviewed medical web page for
/// articles, an FAQPage for questions and answers.
fn json_ld(site: &LinkedSite, linked: &LinkedPage, permalink: &str, faq: &[FaqContext]) -> String {
    let meta = &linked.page.meta;
    let value = match linked.page.kind {
        PageKind::Faq => serde_json::json!({
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "url": permalink,
            "name": meta.title,
            "mainEntity": faq.iter().map(|f| serde_json::json!({
                "@type": "Question",
                "name": f.question,
                "acceptedAnswer": { "@type": "Answer", "text": f.answer },
            })).collect::<Vec<_>>(),
        }),
        PageKind::Article => {
            let mut v = serde_json::json!({
                "@context": "https://schema.org",
                "@type": "MedicalWebPage",
                "url": permalink,
                "headline": meta.title,
                "inLanguage": linked.page.lang,
                "audience": { "@type": "MedicalAudience", "audienceType": "Patient" },
            });
            if let Some(d) = &meta.description {
                v["description"] = d.clone().into();
            }
            if let Some(d) = meta.date {
                v["datePublished"] = d.to_string().into();
            }
            if let Some(d) = meta.updated {
                v["dateModified"] = d.to_string().into();
            }
            if let Some(d) = meta.last_reviewed {
                v["lastReviewed"] = d.to_string().into();
            }
            if let Some(r) = &meta.reviewed_by {
                let mut person = serde_json::json!({ "@type": "Person", "name": r.name });
                if let Some(c) = &r.credentials {
                    person["jobTitle"] = c.clone().into();
                }
                v["reviewedBy"] = person;
            }
            if let Some(p) = &site.config.practice {
                v["publisher"] = serde_json::json!({ "@type": "Organization", "name": p.name });
            }
            v
        }
        PageKind::Page => serde_json::json!({
            "@context": "https://schema.org",
            "@type": "WebPage",
            "url": permalink,
            "name": meta.title,
        }),
        PageKind::Therapist => directory::profile_json_ld(site, linked, permalink),
    };
    script_json(&value)
}

/// JSON for a `<script type="application/ld+json">` element.
fn script_json(value: &serde_json::Value) -> String {
    // Inside a script element, `<`, `>` and `&` could end it or start a
    // comment; JSON escapes them without changing the data.
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[derive(Serialize)]
struct PageSummary {
    lang: String,
    title: String,
    description: Option<String>,
    href: String,
    permalink: String,
    date: Option<String>,
    date_display: Option<String>,
    updated: Option<String>,
    reading_minutes: usize,
    author: Option<String>,
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
struct SectionContext {
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
    pages: Vec<PageSummary>,
    subsections: Vec<SubsectionContext>,
}

#[derive(Serialize)]
struct SubsectionContext {
    title: String,
    description: Option<String>,
    href: String,
    page_count: usize,
}

fn section_context(site: &LinkedSite, s: &LinkedSection, listed: &[usize]) -> SectionContext {
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
            },
        ),
        pages: listed
            .iter()
            .map(|&i| summary(site, &site.pages[i]))
            .collect(),
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
struct Paginator {
    number: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    first: String,
    last: String,
}

fn paginator(site: &LinkedSite, path: &str, number: usize, total: usize) -> Paginator {
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
struct TaxonomyContext {
    name: &'static str,
    title: String,
    href: String,
    terms: Vec<TermContext>,
}

#[derive(Serialize)]
struct TermContext {
    key: String,
    title: String,
    description: String,
    href: String,
    count: usize,
}

fn term_context(site: &LinkedSite, term: &LinkedTerm) -> TermContext {
    TermContext {
        key: term.key.clone(),
        title: term.title.clone(),
        description: term.description.clone(),
        href: site.href(&term.path),
        count: term.pages.len(),
    }
}

fn taxonomy_context(site: &LinkedSite, taxonomy: &LinkedTaxonomy) -> TaxonomyContext {
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
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
}

/// Every HTML page a reader can reach, list pages included; not redirects
/// or the 404 page.
fn sitemap_entries(site: &LinkedSite) -> Vec<SitemapEntry> {
    let mut entries = Vec::new();
    for page in &site.pages {
        let meta = &page.page.meta;
        entries.push(SitemapEntry {
            loc: site.permalink(&page.path),
            lastmod: meta
                .last_reviewed
                .max(meta.updated)
                .max(meta.date)
                .map(|d| d.to_string()),
        });
    }
    for section in &site.sections {
        for n in 1..=list_pages(site, section) {
            entries.push(SitemapEntry {
                loc: site.permalink(&pager_path(&section.path, n)),
                lastmod: None,
            });
        }
    }
    let directory_pages = site.directory.filters.iter().map(|f| f.path.as_str());
    let intake = site.form.as_ref().map(|_| crate::form::INTAKE_PATH);
    let search = search::enabled(site).then_some(search::PAGE_PATH);
    for path in directory_pages.chain(intake).chain(search) {
        entries.push(SitemapEntry {
            loc: site.permalink(path),
            lastmod: None,
        });
    }
    for taxonomy in &site.taxonomies {
        entries.push(SitemapEntry {
            loc: site.permalink(&taxonomy.path),
            lastmod: None,
        });
        for term in &taxonomy.terms {
            for n in 1..=page_count(term.pages.len(), site.config.paginate_by) {
                entries.push(SitemapEntry {
                    loc: site.permalink(&pager_path(&term.path, n)),
                    lastmod: None,
                });
            }
        }
    }
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));
    entries
}

//! The render stage: the linked site in, output files (as bytes) out.
//!
//! Render draws every entry of the output registry
//! ([`crate::link::outputs`]): one tera environment ([`templates`]) holds
//! the theme's templates with the site's overrides, [`context`] builds the
//! values each template sees, [`pages`] picks the template and context of
//! each kind of output, and [`search`] makes the search index. Every output
//! is a pure function of the linked site, so outputs render in parallel
//! (rayon). The sitemap, Atom feed, robots.txt and 404 page are templates
//! too, so a site can override them like any other.
//!
//! Architecture invariant: render never touches the filesystem. Assets are
//! listed as files to copy, and photos as files of the image cache that the
//! load stage filled; the write stage copies them.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::link::outputs::{registry, Detail, Entry, Kind};
use crate::link::LinkedSite;

mod blocks;
mod context;
mod directory;
mod jsonld;
mod pages;
pub(crate) mod search;
mod templates;

pub(crate) use context::{outline_key, shared_context};
pub use directory::{therapists, FormState};
use templates::Templates;

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
    /// A file of the image cache, which never changes under its name: it
    /// may be linked rather than copied.
    Cached(PathBuf),
}

/// The intake form page's template.
const INTAKE_TEMPLATE: &str = "intake.html";
/// The template of the page after sending the intake form.
const THANKS_TEMPLATE: &str = "intake-thanks.html";
/// The template of the language chooser at the root.
const LANGUAGES_TEMPLATE: &str = "languages.html";

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
    render_selected(site, &registry(site, Detail::Files), &|_| true, sink)
}

/// Like [`render_into`], for only the entries of `entries` (the site's
/// registry) whose index `selected` accepts.
pub(crate) fn render_selected<E: Send>(
    site: &LinkedSite,
    entries: &[Entry],
    selected: &(dyn Fn(usize) -> bool + Sync),
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
    // The search index reads the whole site: it is built beside the
    // pages rather than as one of them.
    let index_at = entries.iter().position(|e| e.kind == Kind::SearchIndex);
    let search_index = || {
        if let Some(i) = index_at.filter(|&i| selected(i)) {
            let folder = &entries[i].file;
            search::index_outputs(site, &|path, bytes| {
                deliver(Output {
                    path: format!("{folder}{path}"),
                    body: Body::Bytes(bytes),
                });
            });
        }
    };
    let shared = pages::Shared::new(site);
    let pages = || {
        entries.par_iter().enumerate().for_each(|(i, entry)| {
            if failed.load(Ordering::Relaxed) || !selected(i) || Some(i) == index_at {
                return;
            }
            match pages::draw(&templates, site, entries, entry, &shared) {
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
        let mut ctx = context::base_context(site, crate::form::INTAKE_PATH, &site.language.code);
        ctx.insert(
            "message",
            &serde_json::json!({ "title": title, "text": text }),
        );
        self.templates.render("intake-message.html", &ctx)
    }
}

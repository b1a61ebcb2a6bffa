//! The checks of the content: QA beyond "it builds".
//!
//! Health content must be readable, reviewed on schedule, accessible and
//! free of broken links. The checks here run over the linked site (no
//! output is written) and return diagnostics with stable codes. The error
//! class of checks also runs in every `candor build`; warnings only in
//! `candor check`.
//!
//! Warnings can be silenced, always with a reason: for one page in its
//! front matter (`silence: {readability/grade: "quotes a legal text"}`) or
//! for the whole site in `candor.yaml` (`check: {silence: {…}}`). Errors
//! cannot be silenced.

mod blocks;
mod codes;
mod photos;
pub(crate) mod readability;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

pub(crate) use blocks::uncited_sources;
pub use codes::{Code, CODES};
pub(crate) use photos::photos;

use crate::config::CONFIG_FILE;
use crate::diag::{did_you_mean, Diagnostic, LineIndex, Position, Severity};
use crate::link::{LinkedPage, LinkedSite};
use crate::load::{self, PageKind};
use crate::markdown::{self, RefKind};

/// What `candor check` found.
#[derive(Debug, Default, Serialize)]
pub struct CheckReport {
    /// Every diagnostic not silenced, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// One row per article, hardest to read first.
    pub articles: Vec<ArticleSummary>,
}

/// The readability summary of one article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleSummary {
    /// The article's file.
    pub file: PathBuf,
    /// Its title.
    pub title: String,
    /// Flesch–Kincaid grade level of its body text.
    pub grade: f64,
    /// Words of prose.
    pub words: usize,
    /// Minutes to read, at 200 words a minute.
    pub reading_minutes: usize,
    /// When its next clinical review is due, `YYYY-MM-DD`.
    pub review_due: Option<String>,
}

/// What a new site holds until the practice makes it its own, and what
/// would be published as it is: an example address in `base_url` or the
/// practice's email, profiles marked `example: true`, the sample article
/// as it came. `config_text` is `candor.yaml`, for the lines.
pub(crate) fn placeholders(site: &LinkedSite, config_text: &str) -> Vec<Diagnostic> {
    let config = &site.config;
    let mut found = Vec::new();
    let host = url::Url::parse(&config.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string));
    if host.is_some_and(|h| is_example_host(&h)) {
        found.push(
            Diagnostic::warning(
                "config/placeholder",
                CONFIG_FILE,
                crate::config::key_position(config_text, "base_url"),
                format!("base_url is still `{}`, an address for examples: the sitemap, feeds and links shared from the site would point there", config.base_url),
            )
            .with_help("write the address the site will be published at, e.g. `https://yourpractice.com`"),
        );
    }
    let email = config
        .practice
        .as_ref()
        .and_then(|p| p.contact.email.as_deref());
    if let Some(email) =
        email.filter(|e| e.rsplit_once('@').is_some_and(|(_, d)| is_example_host(d)))
    {
        found.push(
            Diagnostic::warning(
                "config/placeholder",
                CONFIG_FILE,
                crate::config::key_position(config_text, "email"),
                format!("the practice's email is still `{email}`, an address for examples: readers who write to it reach nobody"),
            )
            .with_help("write the address where the practice reads its mail"),
        );
    }
    for linked in &site.pages {
        let page = &linked.page;
        if page.lang != site.language.code {
            continue;
        }
        if page.therapist.as_ref().is_some_and(|t| t.example) {
            found.push(
                Diagnostic::warning(
                    "therapist/example",
                    &page.source,
                    load::key_position(page.text.front(), page.text.body_offset(), "example"),
                    "this profile is marked as an example, and readers are told it is not a real therapist",
                )
                .with_help("replace it with a real profile and remove `example: true`, or delete the file"),
            );
        }
        if page.kind == PageKind::Article && is_sample_article(page) {
            found.push(
                Diagnostic::warning(
                    "content/sample",
                    &page.source,
                    Position::START,
                    "this is the sample article of a new site, as it came",
                )
                .with_help("write your own article in its place, or delete the file"),
            );
        }
    }
    found
}

/// Whether an article is the sample a new site comes with, unchanged. Only
/// a body of about the sample's length (whitespace around it aside) is
/// read and compared: on a large site reading a body means decompressing
/// it.
fn is_sample_article(page: &load::Page) -> bool {
    let sample = crate::starter::sample_article_body();
    let len = page.text.body_len();
    (sample.len()..=sample.len() + 1024).contains(&len)
        && crate::starter::body_of(&page.text.whole()) == sample
}

/// Whether `host` is kept for examples and tests (RFC 2606 and 6761):
/// `example.org` and its kin, and names under `.example`, `.test`,
/// `.invalid` and `.localhost`.
fn is_example_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    [
        "example.com",
        "example.org",
        "example.net",
        "example",
        "test",
        "invalid",
        "localhost",
    ]
    .iter()
    .any(|d| under(d))
}

/// The intake form's consent box links the privacy page, which says what
/// the form collects and who reads it; without the page the link is left
/// out and people agree to something they cannot read.
pub(crate) fn privacy_page(site: &LinkedSite) -> Option<Diagnostic> {
    let form = site.form.as_ref()?;
    if site
        .pages
        .iter()
        .any(|p| p.path == crate::link::PRIVACY_PATH)
    {
        return None;
    }
    // At the consent question.
    let position = form
        .fields()
        .find(|f| f.kind == crate::form::FieldKind::Consent)
        .and_then(|f| f.at)
        .unwrap_or(Position::START);
    Some(
        Diagnostic::warning(
            "form/privacy-page",
            &form.source,
            position,
            "the consent question links the privacy page, but the site has no page at `/privacy/`",
        )
        .with_help("add `content/privacy.md` saying what the form collects, who reads it and how long it is kept"),
    )
}

/// Pages of the default language with no translation in another of the
/// site's languages: one warning per page, naming the languages.
pub(crate) fn translation_checks(sites: &[LinkedSite]) -> Vec<Diagnostic> {
    let Some((default, others)) = sites.split_first() else {
        return Vec::new();
    };
    let translated: Vec<HashSet<&str>> = others
        .iter()
        .map(|site| {
            site.pages
                .iter()
                .filter(|p| p.page.lang == site.language.code)
                .map(|p| p.page.translation_key())
                .collect()
        })
        .collect();
    let mut found = Vec::new();
    for page in &default.pages {
        let missing: Vec<String> = others
            .iter()
            .zip(&translated)
            .filter(|(_, keys)| !keys.contains(page.page.translation_key()))
            .map(|(site, _)| format!("{} ({})", site.language.name, site.language.code))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let source = page.page.source.to_string_lossy();
        let stem = source.strip_suffix(".md").unwrap_or(&source);
        let codes: Vec<&str> = others.iter().map(|s| s.language.code.as_str()).collect();
        found.push(
            Diagnostic::warning(
                "i18n/untranslated",
                &page.page.source,
                Position::START,
                format!("this page has no translation into {}", missing.join(", ")),
            )
            .with_help(format!(
                "readers of those languages get a link to this page instead; to translate it, write {}",
                codes
                    .iter()
                    .map(|c| format!("`{stem}.{c}.md`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
        );
    }
    found
}

/// Interface strings the rendered pages asked for in a language that lacks
/// them, each reported where the default language defines it.
pub(crate) fn missing_messages(site: &LinkedSite) -> Vec<Diagnostic> {
    let translations = site.strings.translations();
    let sources = &site.theme.translations;
    let default = site.config.language.as_str();
    translations
        .fallbacks()
        .into_iter()
        .map(|(lang, id)| {
            let (file, position) = crate::i18n::message_position(sources, default, &id)
                .or_else(|| crate::i18n::message_position(sources, "en", &id))
                .unwrap_or_else(|| (PathBuf::from(format!("i18n/{lang}.ftl")), Position::START));
            Diagnostic::warning(
                "i18n/missing-message",
                file,
                position,
                format!("the interface string `{id}` has no `{lang}` translation; pages in `{lang}` show this one"),
            )
            .with_help(format!("add `{id} = ...` to `i18n/{lang}.ftl` in the site's folder"))
        })
        .collect()
}

/// The checks whose problems are errors, for `candor build`.
pub(crate) fn error_checks(site: &LinkedSite, today: NaiveDate) -> Vec<Diagnostic> {
    let (found, _) = run_checks(site, today, Scope::ErrorsOnly);
    found.into_iter().filter(Diagnostic::is_error).collect()
}

/// The error checks of page `page` alone, for `serve`, which checks again
/// only the pages that changed.
pub(crate) fn page_error_checks(
    site: &LinkedSite,
    page: usize,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let (found, _) = PageChecker::new(site, &site.pages[page], today, Scope::ErrorsOnly, &[]).run();
    found.into_iter().filter(Diagnostic::is_error).collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    All,
    ErrorsOnly,
}

pub(crate) fn run_checks(
    site: &LinkedSite,
    today: NaiveDate,
    scope: Scope,
) -> (Vec<Diagnostic>, Vec<ArticleSummary>) {
    // The glossary's terms, which every article is checked for, found once.
    let terms = if scope == Scope::All {
        blocks::glossary_terms(site)
    } else {
        Vec::new()
    };
    // A profile shown untranslated in another language is checked in its
    // own language only.
    let per_page: Vec<(Vec<Diagnostic>, Option<ArticleSummary>)> = site
        .pages
        .par_iter()
        .filter(|page| page.page.lang == site.language.code)
        .map(|page| PageChecker::new(site, page, today, scope, &terms).run())
        .collect();
    let mut diagnostics = Vec::new();
    let mut articles = Vec::new();
    for (found, summary) in per_page {
        diagnostics.extend(found);
        articles.extend(summary);
    }
    diagnostics.extend(silence_problems(site));
    if scope == Scope::All {
        diagnostics.extend(duplicate_titles(site));
        diagnostics.extend(orphans(site));
    }
    (diagnostics, articles)
}

/// The checks of one page.
struct PageChecker<'a> {
    site: &'a LinkedSite,
    linked: &'a LinkedPage,
    today: NaiveDate,
    scope: Scope,
    /// The terms of the site's glossary, for the checks that look for them.
    terms: &'a [blocks::Term],
    /// The page's whole file and its lines, read for the first diagnostic:
    /// most pages have none, and the build runs these checks on every
    /// page.
    text: std::cell::OnceCell<std::borrow::Cow<'a, str>>,
    index: std::cell::OnceCell<LineIndex>,
    found: Vec<Diagnostic>,
}

impl<'a> PageChecker<'a> {
    fn new(
        site: &'a LinkedSite,
        linked: &'a LinkedPage,
        today: NaiveDate,
        scope: Scope,
        terms: &'a [blocks::Term],
    ) -> Self {
        PageChecker {
            site,
            linked,
            today,
            scope,
            terms,
            text: std::cell::OnceCell::new(),
            index: std::cell::OnceCell::new(),
            found: Vec::new(),
        }
    }

    fn at(&self, offset: usize) -> Position {
        let text = self.text.get_or_init(|| self.linked.page.text.whole());
        self.index
            .get_or_init(|| LineIndex::new(text))
            .position(text, offset)
    }

    /// The position of a front-matter key's line, or the file's start.
    fn key(&self, key: &str) -> Position {
        let page = &self.linked.page;
        load::key_position(page.text.front(), page.text.body_offset(), key)
    }

    fn push(&mut self, d: Diagnostic) {
        self.found.push(d);
    }

    fn run(mut self) -> (Vec<Diagnostic>, Option<ArticleSummary>) {
        self.headings();
        self.links_and_images();
        self.review_dates();
        self.citations();
        self.term_aliases();
        let mut summary = None;
        if self.scope == Scope::All {
            self.description();
            self.key_points();
            self.unlinked_terms();
            // The grade formula is for English text.
            let english = self.linked.page.lang.split('-').next() == Some("en");
            if self.linked.page.kind == PageKind::Article && english {
                summary = Some(self.readability());
            }
        }
        (self.found, summary)
    }

    fn headings(&mut self) {
        let page = &self.linked.page;
        let source = page.source.clone();
        let mut previous = 1;
        for h in &page.scan.headings {
            // Placed only when there is something to report: placing reads
            // the whole file.
            let offset = page.text.body_offset() + h.offset;
            if h.level == 1 {
                self.push(
                    Diagnostic::error(
                        "heading/h1",
                        &source,
                        self.at(offset),
                        format!("`# {}` is a second level-one heading", h.text),
                    )
                    .with_length(h.text.chars().count() + 2)
                    .with_help(
                        "the title is the page's only level-one heading: use `##` for sections",
                    ),
                );
            } else if h.level > previous + 1 {
                let hashes = "#".repeat(usize::from(h.level));
                let expected = "#".repeat(usize::from(previous + 1));
                self.push(
                    Diagnostic::error(
                        "heading/skipped-level",
                        &source,
                        self.at(offset),
                        format!("`{hashes} {}` skips a heading level", h.text),
                    )
                    .with_length(h.text.chars().count() + hashes.len() + 1)
                    .with_help(format!(
                        "screen-reader users navigate by heading levels: use `{expected}` here, or add the missing level above"
                    )),
                );
            }
            previous = h.level;
        }
    }

    fn links_and_images(&mut self) {
        let page = &self.linked.page;
        let source = page.source.clone();
        let references = &page.scan.references;
        for (i, r) in references.iter().enumerate() {
            let offset = page.text.body_offset() + r.offset;
            match r.kind {
                RefKind::Link => {
                    // An image inside the link gives it its text.
                    let image_alt = references[i + 1..]
                        .iter()
                        .take_while(|n| n.offset < r.offset + r.len)
                        .any(|n| n.kind == RefKind::Image && n.alt.is_some());
                    if r.text.trim().is_empty() && !image_alt && !r.literal {
                        self.push(
                            Diagnostic::error("link/empty-text", &source, self.at(offset), format!("the link to `{}` has no text", r.dest))
                                .with_length(r.len)
                                .with_help("write what the link leads to between the brackets: [cost of therapy](faq.md)"),
                        );
                    } else if self.scope == Scope::All && is_vague(&r.text) {
                        self.push(
                            Diagnostic::warning("link/vague-text", &source, self.at(offset), format!("the link text \"{}\" says nothing on its own", r.text.trim()))
                                .with_length(r.len)
                                .with_help("screen-reader users often list links out of context: name where the link goes, e.g. [what happens in a first session](sessions.md)"),
                        );
                    }
                    self.external(r, offset, &source);
                }
                RefKind::Image => {
                    if self.scope == Scope::All {
                        if let Some(alt) = &r.alt {
                            if let Some(why) = poor_alt(alt, &r.dest) {
                                self.push(
                                    Diagnostic::warning("a11y/alt-text", &source, self.at(offset), format!("the alt text \"{alt}\" {why}"))
                                        .with_length(r.len)
                                        .with_help("describe what the image shows and why it is there, e.g. ![Two armchairs in a quiet room](room.svg)"),
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// Checks an external link's address; `offset` is where the link is in
    /// the file.
    fn external(&mut self, r: &markdown::Reference, offset: usize, source: &Path) {
        let dest = r.dest.as_str();
        let lower = dest.to_ascii_lowercase();
        if !(lower.starts_with("http:") || lower.starts_with("https:")) {
            return;
        }
        match url::Url::parse(dest) {
            Ok(url) if url.host_str().is_some_and(|h| !h.is_empty()) => {
                if url.scheme() == "http" && self.scope == Scope::All {
                    self.push(
                        Diagnostic::warning("link/insecure", source, self.at(offset), format!("`{dest}` is not encrypted"))
                            .with_length(r.len)
                            .with_help({
                                let mut secure = url.clone();
                                let _ = secure.set_scheme("https");
                                format!("use `{secure}` if the site offers it")
                            }),
                    );
                }
            }
            Ok(_) | Err(_) => self.push(
                Diagnostic::error("link/malformed", source, self.at(offset), format!("`{dest}` is not a valid web address"))
                    .with_length(r.len)
                    .with_help("check the address for spaces or missing parts, e.g. `https://example.org/page`"),
            ),
        }
    }

    fn review_dates(&mut self) {
        let page = &self.linked.page;
        if page.kind != PageKind::Article && page.meta.last_reviewed.is_none() {
            return;
        }
        let source = page.source.clone();
        let meta = &page.meta;
        if let Some(reviewed) = meta.last_reviewed {
            if reviewed.0 > self.today {
                let at = self.key("last_reviewed");
                self.push(
                    Diagnostic::error(
                        "review/future",
                        &source,
                        at,
                        format!("last_reviewed {reviewed} is in the future"),
                    )
                    .with_length("last_reviewed".len())
                    .with_help("write the date the clinical review actually happened"),
                );
            }
        }
        if self.scope != Scope::All || page.kind != PageKind::Article {
            return;
        }
        match (&meta.reviewed_by, meta.last_reviewed) {
            (Some(reviewer), Some(reviewed)) => {
                let due = self.site.config.review_due(reviewed.0);
                if due.is_some_and(|due| due < self.today) {
                    let at = self.key("last_reviewed");
                    let due = due
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default();
                    let credentials = reviewer
                        .credentials
                        .as_deref()
                        .map(|c| format!(", {c}"))
                        .unwrap_or_default();
                    self.push(
                        Diagnostic::warning(
                            "review/overdue",
                            &source,
                            at,
                            format!("the clinical review was due on {due}; last reviewed {reviewed} by {}{credentials}", reviewer.name),
                        )
                        .with_length("last_reviewed".len())
                        .with_help("ask a licensed clinician to review the article, then update `last_reviewed` (and `reviewed_by`)"),
                    );
                }
            }
            (reviewer, reviewed) => {
                let missing = match (reviewer.is_none(), reviewed.is_none()) {
                    (true, true) => "`reviewed_by` and `last_reviewed`",
                    (true, false) => "`reviewed_by`",
                    _ => "`last_reviewed`",
                };
                self.push(
                    Diagnostic::warning("review/missing", &source, Position::START, format!("this article has no {missing}"))
                        .with_length(3)
                        .with_help("health articles should say who reviewed them and when: add `reviewed_by: {name, credentials}` and `last_reviewed: YYYY-MM-DD`"),
                );
            }
        }
    }

    fn description(&mut self) {
        let page = &self.linked.page;
        let source = page.source.clone();
        match page.meta.description.as_deref().map(str::trim) {
            None | Some("") => self.push(
                Diagnostic::warning("meta/description-missing", &source, self.key("title"), "this page has no description")
                    .with_length("title".len())
                    .with_help("add `description:` with one plain sentence; lists, feeds and search results show it"),
            ),
            Some(d) if d.chars().count() > 160 => {
                let at = self.key("description");
                self.push(
                    Diagnostic::warning(
                        "meta/description-long",
                        &source,
                        at,
                        format!("the description is {} characters long", d.chars().count()),
                    )
                    .with_length("description".len())
                    .with_help("keep it under 160 characters so search results show all of it"),
                );
            }
            Some(_) => {}
        }
    }

    fn readability(&mut self) -> ArticleSummary {
        let page = &self.linked.page;
        let blocks: Vec<readability::Block> = markdown::prose(&page.body())
            .into_iter()
            .map(|b| readability::Block {
                text: b.text,
                offset: page.text.body_offset() + b.offset,
            })
            .collect();
        let result = readability::analyze(&blocks);
        let max = self.site.config.check.max_grade;
        if result.grade > max {
            let first = result
                .hardest
                .first()
                .map_or(page.text.body_offset(), |s| s.offset);
            let at = self.at(first);
            let sentences: Vec<String> = result
                .hardest
                .iter()
                .map(|s| {
                    let line = self.at(s.offset).line;
                    format!(
                        "line {line} (grade {:.1}): \"{}\"",
                        s.grade,
                        shorten(&s.text, 90)
                    )
                })
                .collect();
            let length = result.hardest.first().map_or(1, |s| s.text.chars().count());
            self.push(
                Diagnostic::warning(
                    "readability/grade",
                    &page.source,
                    at,
                    format!("this article reads at grade {:.1}, above the site's maximum of {max}", result.grade),
                )
                .with_length(length)
                .with_help(format!(
                    "use shorter sentences and everyday words. Hardest sentences: {}. Longest words: {}",
                    sentences.join("; "),
                    result.longest_words.join(", ")
                )),
            );
        }
        ArticleSummary {
            file: page.source.clone(),
            title: page.meta.title.clone(),
            grade: result.grade,
            words: result.words,
            reading_minutes: page.scan.word_count.div_ceil(200).max(1),
            review_due: page
                .meta
                .last_reviewed
                .and_then(|d| self.site.config.review_due(d.0))
                .map(|d| d.format("%Y-%m-%d").to_string()),
        }
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Link texts that make no sense out of context.
fn is_vague(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['.', '!', ':', '…'])
        .to_lowercase();
    matches!(
        t.as_str(),
        "click here"
            | "here"
            | "read more"
            | "more"
            | "learn more"
            | "this"
            | "this link"
            | "link"
            | "this page"
            | "click"
            | "go"
    )
}

/// Why alt text does not describe its image, if it does not.
fn poor_alt(alt: &str, dest: &str) -> Option<&'static str> {
    let lower = alt.trim().to_lowercase();
    let file = dest.rsplit('/').next().unwrap_or(dest).to_lowercase();
    let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
    const EXTENSIONS: &[&str] = &[".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"];
    if lower == file || lower == stem || EXTENSIONS.iter().any(|e| lower.ends_with(e)) {
        return Some("is a file name");
    }
    const OPENERS: &[&str] = &[
        "image of",
        "picture of",
        "photo of",
        "photograph of",
        "graphic of",
        "an image of",
        "a picture of",
        "a photo of",
    ];
    if OPENERS.iter().any(|o| lower.starts_with(o)) {
        return Some("starts by saying it is an image, which screen readers already announce");
    }
    None
}

/// Pages with the same title confuse readers and search results.
fn duplicate_titles(site: &LinkedSite) -> Vec<Diagnostic> {
    let mut first: HashMap<String, &PathBuf> = HashMap::new();
    let mut found = Vec::new();
    for page in &site.pages {
        let title = page.page.meta.title.trim().to_lowercase();
        match first.get(&title) {
            Some(other) => found.push(
                Diagnostic::warning(
                    "meta/duplicate-title",
                    &page.page.source,
                    title_position(page),
                    format!("the title \"{}\" is also the title of {}", page.page.meta.title, other.display()),
                )
                .with_length("title".len())
                .with_help("give each page its own title, so readers can tell them apart in lists and search results"),
            ),
            None => {
                first.insert(title, &page.page.source);
            }
        }
    }
    found
}

fn title_position(page: &LinkedPage) -> Position {
    load::key_position(
        page.page.text.front(),
        page.page.text.body_offset(),
        "title",
    )
}

/// Pages that no page links to and no listing shows.
fn orphans(site: &LinkedSite) -> Vec<Diagnostic> {
    let base = site.config.base_path();
    let mut reached: HashSet<String> = HashSet::new();
    let hrefs = site
        .pages
        .iter()
        .flat_map(|p| p.hrefs.iter().chain(p.faq_hrefs.iter().flatten()))
        .chain(site.sections.iter().flat_map(|s| s.hrefs.iter()));
    for href in hrefs.flatten() {
        let path = href.strip_prefix(base).unwrap_or(href);
        let path = path.split('#').next().unwrap_or(path);
        reached.insert(path.to_string());
    }
    // The menu, and the default theme's footer, link these on every page;
    // in another language, to the page's translation.
    let linked_everywhere = site.config.menu.iter().map(|m| m.path.as_str()).chain([
        "/about/",
        crate::link::PRIVACY_PATH,
        "/browsing-safely/",
    ]);
    for path in linked_everywhere {
        reached.insert(path.to_string());
        let href = site.localized_href(path);
        reached.insert(href.strip_prefix(base).unwrap_or(&href).to_string());
    }
    let home = site.home();
    let prefix = site.output_prefix();
    site.pages
        .iter()
        .filter(|p| p.section == home && !reached.contains(&p.path))
        .map(|p| {
            let address = format!("/{prefix}{}", p.path.trim_start_matches('/'));
            Diagnostic::warning("page/orphan", &p.page.source, title_position(p), format!("nothing links to `{address}`"))
                .with_length("title".len())
                .with_help("link to it from a related page or the home page, add it to `menu` in candor.yaml, or move it into a section")
        })
        .collect()
}

/// Problems with `silence:` settings: unknown codes, error codes, no reason.
fn silence_problems(site: &LinkedSite) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (code, reason) in &site.config.check.silence {
        if let Some(problem) = silence_problem(code, reason) {
            found.push(
                Diagnostic::error("config/value", CONFIG_FILE, Position::START, problem.0)
                    .with_help(problem.1),
            );
        }
    }
    for page in &site.pages {
        for (code, reason) in &page.page.meta.silence {
            if let Some(problem) = silence_problem(code, reason) {
                let at = load::value_position(
                    page.page.text.front(),
                    page.page.text.body_offset(),
                    code,
                );
                found.push(
                    Diagnostic::error("front-matter/silence", &page.page.source, at, problem.0)
                        .with_length(code.len())
                        .with_help(problem.1),
                );
            }
        }
    }
    found
}

fn silence_problem(code: &str, reason: &str) -> Option<(String, String)> {
    match codes::find(code) {
        None => {
            let near = did_you_mean(code, CODES.iter().map(|c| c.name));
            Some((
                format!("`{code}` is not a diagnostic code"),
                match near {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "see the table of codes in candor's README".to_string(),
                },
            ))
        }
        Some(c) if c.severity == Severity::Error => Some((
            format!("`{code}` is an error, and errors cannot be silenced"),
            "fix the problem instead; only warnings can be silenced".to_string(),
        )),
        Some(_) if reason.trim().is_empty() => Some((
            format!("silencing `{code}` needs a reason"),
            format!("write why, e.g. `{code}: \"quotes a consent form word for word\"`"),
        )),
        Some(_) => None,
    }
}

/// Drops warnings silenced in config or in their page's front matter.
pub(crate) fn apply_silences(
    sites: &[LinkedSite],
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let per_file: HashMap<&Path, &std::collections::BTreeMap<String, String>> = sites
        .iter()
        .flat_map(|s| &s.pages)
        .map(|p| (p.page.source.as_path(), &p.page.meta.silence))
        .collect();
    let Some(site) = sites.first() else {
        return diagnostics;
    };
    diagnostics
        .into_iter()
        .filter(|d| {
            if d.is_error() {
                return true;
            }
            let site_wide = site.config.check.silence.contains_key(d.code);
            let here = per_file
                .get(d.file.as_path())
                .is_some_and(|s| s.contains_key(d.code));
            !(site_wide || here)
        })
        .collect()
}

/// A note, once per language, when search cannot match the forms of a
/// word in that language (Snowball has no stemmer for it): readers then
/// find pages by the exact words on them.
pub(crate) fn search_languages(sites: &[LinkedSite]) -> Vec<Diagnostic> {
    sites
        .iter()
        .filter(|site| site.has_search() && !crate::render::search::stems(&site.language.code))
        .map(|site| {
            Diagnostic::file_note(
                "search/language",
                CONFIG_FILE,
                format!(
                    "search in `{}` matches words exactly as written: there is no stemmer for this language, so other forms of a word (plurals, tenses) are not found",
                    site.language.code
                ),
            )
            .with_help("synonym groups in search/synonyms.yaml can join the forms readers search for most")
        })
        .collect()
}

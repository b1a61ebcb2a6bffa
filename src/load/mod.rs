//! The load stage: files in, typed pages out.
//!
//! It walks `content/` (walkdir), reads and parses every markdown file in
//! parallel (rayon), and reads the theme's templates and static files. Each
//! file is independent here; anything that needs the whole site (URLs,
//! links between pages, taxonomies) is the link stage's job.
//!
//! Architecture invariant: load knows nothing of URLs or tera. It returns
//! everything it could load together with every diagnostic it found.

mod front_matter;
mod images;
pub mod sources;
pub mod synonyms;
mod text;
pub mod theme;
mod walk;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use front_matter::{
    Date, FaqEntry, PageFrontMatter, PageKind, Reviewer, SectionFrontMatter, SortBy,
};
pub use synonyms::Synonyms;
pub use text::{PageText, PLAIN_TEXT_BUDGET};
pub use theme::{builtin_strings, Theme};

/// Reads the theme `config` names with the site's overrides, as [`load`]
/// does, photos among the static files republished through `images`.
pub fn load_theme(
    root: &Path,
    config: &Config,
    images: &crate::images::Store,
) -> (Theme, Vec<Diagnostic>) {
    let (mut theme, mut problems) = theme::load(root, &config.theme);
    problems.extend(images::prepare(config, images, &[], &mut [], &mut theme));
    problems.extend(images::save(images, false));
    (theme, problems)
}
pub(crate) use walk::is_ignored;

use crate::config::{Config, TaxonomyName};
use crate::diag::{did_you_mean, Diagnostic, LineIndex, Position};
use crate::directory::{Therapist, THERAPISTS_DIR};
use crate::form::FormSchema;
use crate::markdown::{self, Scan};
use crate::slug::slugify;

/// The folder under the site root that holds the markdown.
pub const CONTENT_DIR: &str = "content";

/// A page: an article, FAQ page or plain page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file, relative to the site root, for messages.
    pub source: PathBuf,
    /// The file relative to `content/`, with `/` separators and without
    /// its language suffix: `articles/consent.md` for `consent.es.md` too,
    /// so links between pages of one language resolve alike in all.
    pub rel: String,
    /// The content folder of the section the page belongs to (`""` for the
    /// root), with `/` separators.
    pub section_dir: String,
    /// The last part of its URL.
    pub slug: String,
    /// Article, FAQ page or plain page.
    pub kind: PageKind,
    /// The language it is written in.
    pub lang: String,
    /// Its front matter.
    pub meta: PageFrontMatter,
    /// The whole file, for error positions, and where its body starts.
    pub text: PageText,
    /// What the first markdown pass found in the body.
    pub scan: Scan,
    /// Front-matter questions with their anchor ids and scanned answers.
    pub faq: Vec<FaqItem>,
    /// The profile, for a page of kind `therapist`.
    pub therapist: Option<Box<Therapist>>,
}

impl Page {
    /// The headings that are questions: on FAQ pages, each `##` heading is
    /// a question and the text under it, up to the next one, its answer.
    pub fn question_headings(&self) -> impl Iterator<Item = &crate::markdown::Heading> {
        let faq = self.kind == PageKind::Faq;
        self.scan
            .headings
            .iter()
            .filter(move |h| faq && h.level == 2)
    }

    /// The markdown body.
    pub fn body(&self) -> std::borrow::Cow<'_, str> {
        self.text.body()
    }

    /// What ties the page to its translations: its `translation_key`, or
    /// its file without the language suffix.
    pub fn translation_key(&self) -> &str {
        self.meta.translation_key.as_deref().unwrap_or(&self.rel)
    }
}

/// A question from front matter.
#[derive(Debug, Clone)]
pub struct FaqItem {
    /// The question.
    pub question: String,
    /// The answer, in markdown.
    pub answer: String,
    /// The question's anchor id.
    pub id: String,
    /// What the first markdown pass found in the answer.
    pub scan: Scan,
}

/// A section: a folder of pages, described by its `_index.md`.
#[derive(Debug, Clone)]
pub struct Section {
    /// Its `_index.md` relative to the site root; `None` for a folder
    /// without one.
    pub source: Option<PathBuf>,
    /// The folder relative to `content/`, `""` for the home page.
    pub dir: String,
    /// The language it is written in.
    pub lang: String,
    /// Its front matter.
    pub meta: SectionFrontMatter,
    /// The whole `_index.md`.
    pub text: String,
    /// Where its body starts in `text`.
    pub body_offset: usize,
    /// What the first markdown pass found in the body.
    pub scan: Scan,
}

impl Section {
    /// The markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// A file in `content/` that is not markdown, published beside its page.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Relative to `content/`, with `/` separators.
    pub rel: String,
    /// Where it is on disk.
    pub path: PathBuf,
    /// For a photo (JPEG, PNG or WebP, or a format candor refuses), its
    /// published copies, or why it has none; it is never copied as it is.
    pub image: Option<Result<std::sync::Arc<crate::images::Prepared>, crate::images::Unreadable>>,
}

/// Everything the load stage read.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The site's settings.
    pub config: Config,
    /// Every page, drafts included, in a stable order.
    pub pages: Vec<Page>,
    /// Every section, the home page's included.
    pub sections: Vec<Section>,
    /// Files to copy.
    pub assets: Vec<Asset>,
    /// Templates and static files.
    pub theme: Theme,
    /// The intake form's schema, when the site has one.
    pub form: Option<FormSchema>,
    /// Search synonyms by language.
    pub synonyms: Synonyms,
    /// The works articles cite, when the site has a bibliography.
    pub bibliography: Option<std::sync::Arc<sources::Bibliography>>,
}

/// Loads the site at `root` with its already parsed `config`, making the
/// published copies of its photos through `images`. Past
/// [`PLAIN_TEXT_BUDGET`] bytes of markdown, pages keep their bodies
/// compressed.
pub fn load(
    root: &Path,
    config: Config,
    images: &crate::images::Store,
) -> (Loaded, Vec<Diagnostic>) {
    load_within(root, config, images, PLAIN_TEXT_BUDGET)
}

/// [`load`], keeping the bodies of pages read once `plain_budget` bytes
/// of bodies have been read compressed.
pub(crate) fn load_within(
    root: &Path,
    config: Config,
    images: &crate::images::Store,
    plain_budget: usize,
) -> (Loaded, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut found = walk::walk(root, &mut diagnostics);
    // A bundle may exist in one translation only: `sessions/index.es.md`.
    for rel in &found.markdown {
        if let Some(dir) = split_language(rel, &config).0.strip_suffix("/index.md") {
            found.bundles.insert(dir.to_string());
        }
    }

    // Sections first: their `page_kind` is the default kind of their pages.
    let (index_files, page_files): (Vec<_>, Vec<_>) = found
        .markdown
        .iter()
        .partition(|rel| split_language(rel, &config).0.rsplit('/').next() == Some("_index.md"));
    let no_kinds = HashMap::new();
    let mut sections = Vec::new();
    for result in index_files
        .par_iter()
        .map(|rel| load_markdown(root, rel, &config, &found.bundles, &no_kinds))
        .collect::<Vec<_>>()
    {
        if let (Some(Loadable::Section(section)), _) = result {
            sections.push(*section);
        }
        diagnostics.extend(result.1);
    }
    let section_kinds = section_kinds(&sections);
    let mut pages = Vec::new();
    // Bodies read so far. Pages are read in parallel, so which ones are
    // compressed varies from one build to the next; what they read as
    // does not.
    let read = std::sync::atomic::AtomicUsize::new(0);
    for result in page_files
        .par_iter()
        .map(|rel| {
            let mut result = load_markdown(root, rel, &config, &found.bundles, &section_kinds);
            if let (Some(Loadable::Page(page)), _) = &mut result {
                let len = page.text.body_len();
                let before = read.fetch_add(len, std::sync::atomic::Ordering::Relaxed);
                if before + len > plain_budget {
                    page.text.pack();
                }
            }
            result
        })
        .collect::<Vec<_>>()
    {
        if let (Some(Loadable::Page(page)), _) = result {
            pages.push(*page);
        }
        diagnostics.extend(result.1);
    }
    let (mut theme, theme_errors) = theme::load(root, &config.theme);
    diagnostics.extend(theme_errors);
    images.begin();
    diagnostics.extend(images::prepare(
        &config,
        images,
        &pages,
        &mut found.assets,
        &mut theme,
    ));
    diagnostics.extend(images::save(images, true));
    let form = match config
        .intake
        .as_ref()
        .map(|i| FormSchema::load(root, &i.schema, &config.language))
    {
        Some(Ok(schema)) => Some(schema),
        Some(Err(problems)) => {
            diagnostics.extend(problems);
            None
        }
        None => None,
    };
    let (synonyms, problems) = synonyms::load(root, &config);
    diagnostics.extend(problems);
    let (bibliography, problems) = sources::load(root, &config);
    diagnostics.extend(problems);
    // The bibliography is read, not published.
    if let Some(file) = config.bibliography(root) {
        found
            .assets
            .retain(|asset| Path::new(CONTENT_DIR).join(&asset.rel) != file);
    }
    let loaded = Loaded {
        bibliography,
        config,
        pages,
        sections,
        assets: found.assets,
        theme,
        form,
        synonyms,
    };
    (loaded, diagnostics)
}

/// The `page_kind` each section folder gives its pages. When several of a
/// folder's `_index` files (one per language) set one, the last in file
/// name order wins, whatever order `sections` is in.
pub(crate) fn section_kinds(sections: &[Section]) -> HashMap<String, PageKind> {
    let mut setting: Vec<&Section> = sections
        .iter()
        .filter(|s| s.meta.page_kind.is_some())
        .collect();
    setting.sort_by(|a, b| a.source.cmp(&b.source));
    setting
        .into_iter()
        .filter_map(|s| Some((s.dir.clone(), s.meta.page_kind?)))
        .collect()
}

/// One markdown file, loaded.
pub(crate) enum Loadable {
    /// An article, FAQ page, plain page or profile.
    Page(Box<Page>),
    /// A section's `_index.md`.
    Section(Box<Section>),
}

/// Loads the markdown file `rel` (relative to `content/`) on its own, as
/// [`load`] does for every file; `serve` calls it for a file that changed.
/// `bundles` holds the folders with an `index.md`, and `section_kinds` the
/// `page_kind` of each section folder that sets one.
pub(crate) fn load_markdown(
    root: &Path,
    rel: &str,
    config: &Config,
    bundles: &HashSet<String>,
    section_kinds: &HashMap<String, PageKind>,
) -> (Option<Loadable>, Vec<Diagnostic>) {
    match load_markdown_inner(root, rel, config, bundles, section_kinds) {
        Ok((loadable, problems)) => (Some(loadable), problems),
        Err(fatal) => (None, fatal),
    }
}

/// Loads one file. Problems that leave a usable page (a missing alt text,
/// an unknown topic) come back beside it, so link checks still run on the
/// page and the editor sees every problem in one build.
fn load_markdown_inner(
    root: &Path,
    rel: &str,
    config: &Config,
    bundles: &HashSet<String>,
    section_kinds: &HashMap<String, PageKind>,
) -> Result<(Loadable, Vec<Diagnostic>), Vec<Diagnostic>> {
    let source = Path::new(CONTENT_DIR).join(rel);
    let raw = std::fs::read(root.join(&source)).map_err(|err| {
        vec![Diagnostic::file_error(
            "content/read",
            &source,
            format!("cannot read the file: {err}"),
        )
        .with_help("check that the file exists and that you may read it (its permissions)")]
    })?;
    parse_markdown(root, rel, raw, config, bundles, section_kinds)
}

/// Everything candor finds wrong in the content file `rel` holding `raw`,
/// read as the build reads it (front matter, markdown, a profile's
/// checks) and drawn as HTML, without a site around it: links to other
/// files are not resolved. For fuzzing and tools; it never panics.
pub fn check_file(rel: &str, raw: Vec<u8>, config: &Config) -> Vec<Diagnostic> {
    let root = Path::new(".");
    match parse_markdown(root, rel, raw, config, &HashSet::new(), &HashMap::new()) {
        Ok((Loadable::Page(page), problems)) => {
            let ids: Vec<String> = page.scan.headings.iter().map(|h| h.id.clone()).collect();
            let _html = markdown::render(
                &page.body(),
                markdown::Resolved {
                    hrefs: &[],
                    heading_ids: &ids,
                    pictures: None,
                    blocks: None,
                },
            );
            problems
        }
        Ok((Loadable::Section(_), problems)) => problems,
        Err(fatal) => fatal,
    }
}

/// Loads one file from its bytes; see [`load_markdown_inner`].
fn parse_markdown(
    root: &Path,
    rel: &str,
    raw: Vec<u8>,
    config: &Config,
    bundles: &HashSet<String>,
    section_kinds: &HashMap<String, PageKind>,
) -> Result<(Loadable, Vec<Diagnostic>), Vec<Diagnostic>> {
    let source = Path::new(CONTENT_DIR).join(rel);
    let mut text = String::from_utf8(raw).map_err(|err| {
        let text = String::from_utf8_lossy(err.as_bytes());
        let offset = err.utf8_error().valid_up_to();
        let position = LineIndex::new(&text).position(&text, offset);
        vec![Diagnostic::error(
            "content/encoding",
            &source,
            position,
            "the file is not valid UTF-8 text",
        )
        .with_help("save the file with UTF-8 encoding in your editor")]
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    let index = LineIndex::new(&text);
    let split = front_matter::split(&source, &text).map_err(|d| vec![*d])?;
    // `consent.es.md` is the Spanish `consent.md`, when the site has `es`.
    let (rel, lang) = split_language(rel, config);
    if let Some(code) = unknown_language(&rel, root) {
        return Err(vec![Diagnostic::file_error(
            "content/language",
            &source,
            format!("this looks like a translation into `{code}`, which is not one of the site's languages"),
        )
        .with_help(format!(
            "add `- code: {code}` with its name under `languages:` in candor.yaml, or rename or remove the file"
        ))]);
    }
    let rel = rel.as_str();
    let (dir, name) = match rel.rsplit_once('/') {
        Some((dir, name)) => (dir, name),
        None => ("", rel),
    };

    if name == "_index.md" {
        let meta: SectionFrontMatter = front_matter::parse(&source, &text, &split, &index)?;
        let body_offset = split.body_offset;
        let scan = markdown::scan(&text[body_offset..], &HashSet::new());
        let section = Section {
            source: Some(source),
            dir: dir.to_string(),
            lang,
            meta,
            text,
            body_offset,
            scan,
        };
        return Ok((Loadable::Section(Box::new(section)), Vec::new()));
    }

    // A bundle is a folder holding `index.md` and the page's images; the
    // page belongs to the folder's parent section.
    let is_bundle = name == "index.md" && !dir.is_empty() && bundles.contains(dir);
    let (section_dir, file_slug) = if is_bundle {
        match dir.rsplit_once('/') {
            Some((parent, last)) => (parent.to_string(), last.to_string()),
            None => (String::new(), dir.to_string()),
        }
    } else {
        (dir.to_string(), name.trim_end_matches(".md").to_string())
    };
    let mut errors = Vec::new();
    let at = |value: &str| value_position(&text, split.body_offset, value);
    let key_at = |key: &str| key_position(&text, split.body_offset, key);

    let (meta, therapist) = if section_dir == THERAPISTS_DIR {
        let profile: Therapist = front_matter::parse(&source, &text, &split, &index)?;
        crate::directory::check_profile(
            &profile,
            &source,
            root.join(CONTENT_DIR).join(dir).as_path(),
            &key_at,
            &at,
            &mut errors,
        );
        check_terms(
            config,
            TaxonomyName::Topics,
            &profile.specialties,
            &source,
            &at,
            &mut errors,
        );
        let meta = PageFrontMatter {
            title: profile.name.clone(),
            description: profile.summary.clone(),
            draft: profile.draft,
            weight: profile.weight,
            aliases: profile.aliases.clone(),
            slug: profile.slug.clone(),
            translation_key: profile.translation_key.clone(),
            silence: profile.silence.clone(),
            extra: profile.extra.clone(),
            kind: Some(PageKind::Therapist),
            ..PageFrontMatter::default()
        };
        (meta, Some(Box::new(profile)))
    } else {
        let meta: PageFrontMatter = front_matter::parse(&source, &text, &split, &index)?;
        (meta, None)
    };
    let slug = match &meta.slug {
        Some(custom) => {
            if slugify(custom) != *custom || custom.is_empty() {
                errors.push(
                    Diagnostic::error(
                        "content/slug",
                        &source,
                        key_at("slug"),
                        format!("slug `{custom}` is not a lowercase URL slug"),
                    )
                    .with_help(format!("use `{}`", slugify(custom))),
                );
            }
            custom.clone()
        }
        None => {
            let slug = slugify(&file_slug);
            if slug.is_empty() {
                errors.push(
                    Diagnostic::file_error(
                        "content/slug",
                        &source,
                        "the file name has no letters or digits to make a URL from",
                    )
                    .with_help("rename the file, or set `slug:` in the front matter"),
                );
            }
            slug
        }
    };

    let kind = meta.kind.unwrap_or(if section_dir.is_empty() {
        PageKind::Page
    } else {
        section_kinds
            .get(&section_dir)
            .copied()
            .unwrap_or(PageKind::Article)
    });

    if kind == PageKind::Article && meta.date.is_none() {
        errors.push(
            Diagnostic::error(
                "content/date",
                &source,
                Position::START,
                "this article has no `date`",
            )
            .with_help(
                "add `date: YYYY-MM-DD` to the front matter (the day it was first published)",
            ),
        );
    }
    if therapist.is_none() && meta.title.trim().is_empty() {
        errors.push(
            Diagnostic::error(
                "content/title",
                &source,
                key_at("title"),
                "the title is empty",
            )
            .with_help("write the page's title after `title:`"),
        );
    }
    for alias in &meta.aliases {
        if !alias.starts_with('/') || alias.contains("..") {
            errors.push(
                Diagnostic::error(
                    "content/alias",
                    &source,
                    at(alias),
                    format!("alias `{alias}` is not a path within the site"),
                )
                .with_help("write old addresses as paths starting with `/`, e.g. `/old/page/`"),
            );
        }
    }
    for (name, terms) in [
        (TaxonomyName::Topics, &meta.topics),
        (TaxonomyName::Tags, &meta.tags),
    ] {
        check_terms(config, name, terms, &source, &at, &mut errors);
    }

    // Front-matter questions take their ids first; body headings then get
    // ids that differ from them.
    let mut taken = HashSet::new();
    let mut faq = Vec::new();
    for entry in &meta.faq {
        let id = markdown::unique_id(&entry.q, &mut taken);
        let scan = markdown::scan(&entry.a, &HashSet::new());
        faq.push(FaqItem {
            question: entry.q.clone(),
            answer: entry.a.clone(),
            id,
            scan,
        });
    }
    let scan = markdown::scan(split.body, &taken);
    for (offset, id) in &scan.duplicate_ids {
        errors.push(
            Diagnostic::error(
                "heading/duplicate-id",
                &source,
                index.position(&text, split.body_offset + offset),
                format!("the heading id `{id}` is used twice on this page"),
            )
            .with_help("give each `{#id}` a different name"),
        );
    }
    for reference in &scan.references {
        if reference.kind == markdown::RefKind::Image
            && reference.alt.is_none()
            && !reference.decorative
        {
            errors.push(
                Diagnostic::error("a11y/image-alt", &source, index.position(&text, split.body_offset + reference.offset), format!("the image `{}` has no alt text", reference.dest))
                    .with_help("describe the image between the brackets: ![what it shows](file); write ![\"\"](file) only if it is purely decorative"),
            );
        }
    }
    check_callouts(
        config,
        &scan,
        &source,
        &|offset| index.position(&text, split.body_offset + offset),
        &mut errors,
    );
    for item in &faq {
        let first = item.scan.callouts.first().map(|c| c.offset);
        let cited = item.scan.citations.first().map(|c| c.offset);
        if let Some(offset) = first.or(cited) {
            let what = if first.is_some() {
                "a callout"
            } else {
                "a citation"
            };
            errors.push(
                Diagnostic::error(
                    "content/answer-block",
                    &source,
                    at(&item.answer[offset..].chars().take(12).collect::<String>()),
                    format!("the answer to \"{}\" has {what}, which a front-matter answer cannot show", item.question),
                )
                .with_help("write the question as a `## question` heading in the page's text, with the answer below it"),
            );
        }
        for reference in &item.scan.references {
            if reference.kind == markdown::RefKind::Image
                && reference.alt.is_none()
                && !reference.decorative
            {
                errors.push(
                    Diagnostic::error(
                        "a11y/image-alt",
                        &source,
                        at(&reference.dest),
                        format!("the image `{}` has no alt text", reference.dest),
                    )
                    .with_help("describe the image between the brackets: ![what it shows](file)"),
                );
            }
        }
    }
    let body_offset = split.body_offset;
    let page = Loadable::Page(Box::new(Page {
        source,
        rel: rel.to_string(),
        section_dir,
        slug,
        kind,
        lang,
        meta,
        text: PageText::new(text, body_offset),
        scan,
        faq,
        therapist,
    }));
    Ok((page, errors))
}

/// `rel` without a language suffix, and its language: `a/b.es.md` is
/// (`a/b.md`, `es`) on a site with Spanish; anything else is in the
/// default language.
pub(crate) fn split_language(rel: &str, config: &Config) -> (String, String) {
    if config.languages.len() > 1 {
        if let Some(stem) = rel.strip_suffix(".md") {
            if let Some((base, code)) = stem.rsplit_once('.') {
                // `x.en.md` on an English site is its English page, as
                // `x.md` is.
                let known = config.languages.iter().any(|l| l.code == code);
                if known && !base.ends_with('/') && !base.is_empty() {
                    return (format!("{base}.md"), code.to_string());
                }
            }
        }
    }
    (rel.to_string(), config.language.clone())
}

/// The language code of a file that reads as a translation into a language
/// the site does not have: `_index.fr.md`, `index.fr.md`, or `consent.fr.md`
/// beside `consent.md`. A name such as `notes.v2.md` is not one.
fn unknown_language(rel: &str, root: &Path) -> Option<String> {
    let stem = rel.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    let looks_like_code = (2..=3).contains(&code.len())
        && code.chars().all(|c| c.is_ascii_lowercase())
        && code.parse::<unic_langid::LanguageIdentifier>().is_ok();
    if !looks_like_code {
        return None;
    }
    let name = base.rsplit('/').next().unwrap_or(base);
    let beside = root.join(CONTENT_DIR).join(format!("{base}.md"));
    (name == "_index" || name == "index" || beside.is_file()).then(|| code.to_string())
}

fn check_terms(
    config: &Config,
    name: TaxonomyName,
    terms: &[String],
    source: &Path,
    at: &dyn Fn(&str) -> Position,
    errors: &mut Vec<Diagnostic>,
) {
    if terms.is_empty() {
        return;
    }
    let key = name.as_str();
    let Some(taxonomy) = config.taxonomy(name) else {
        errors.push(
            Diagnostic::error("taxonomy/not-configured", source, at(&format!("{key}:")), format!("this site does not use `{key}`"))
                .with_help(format!(
                    "remove `{key}:` or add a taxonomy `name: {key}` under `taxonomies:` in candor.yaml"
                )),
        );
        return;
    };
    for term in terms {
        if taxonomy.terms.is_empty() {
            if slugify(term).is_empty() {
                errors.push(
                    Diagnostic::error(
                        "taxonomy/bad-term",
                        source,
                        at(term),
                        format!("the {key} term `{term}` has no letters or digits"),
                    )
                    .with_help("use a word or two"),
                );
            }
            continue;
        }
        if !taxonomy.terms.iter().any(|t| t.key == *term) {
            let keys = taxonomy.terms.iter().map(|t| t.key.as_str());
            let help = match did_you_mean(term, keys.clone()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "use one of the {key} in candor.yaml: {}",
                    keys.map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            errors.push(
                Diagnostic::error(
                    "taxonomy/unknown-term",
                    source,
                    at(term),
                    format!("`{term}` is not one of the site's {key}"),
                )
                .with_help(help),
            );
        }
    }
}

/// Every callout of `scan` is GitHub's or one of the site's own kinds;
/// `at` gives the position of an offset in the scanned text.
fn check_callouts(
    config: &Config,
    scan: &markdown::Scan,
    source: &Path,
    at: &dyn Fn(usize) -> Position,
    errors: &mut Vec<Diagnostic>,
) {
    for callout in &scan.callouts {
        let known = markdown::BUILT_IN_CALLOUTS.contains(&callout.kind.as_str())
            || config
                .callout_labels()
                .any(|(kind, _)| kind == callout.kind);
        if known {
            continue;
        }
        let kinds: Vec<String> = markdown::BUILT_IN_CALLOUTS
            .iter()
            .map(|k| k.to_string())
            .chain(config.callout_labels().map(|(kind, _)| kind))
            .collect();
        let list = kinds
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match did_you_mean(&callout.kind, kinds.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `[!{near}]`? The kinds are {list}; a site adds its own under `callouts:` in candor.yaml"),
            None => format!("use one of {list}, or add the kind with its label under `callouts:` in candor.yaml"),
        };
        errors.push(
            Diagnostic::error(
                "callout/unknown-kind",
                source,
                at(callout.offset),
                format!(
                    "`[!{}]` is not a kind of callout this site knows",
                    callout.kind
                ),
            )
            .with_length(callout.len)
            .with_help(help),
        );
    }
}

/// The offset of the first occurrence of `needle` in `text[from..to]`.
pub(crate) fn locate(text: &str, from: usize, to: usize, needle: &str) -> Option<usize> {
    text.get(from..to)?.find(needle).map(|i| from + i)
}

/// Where the front matter of `text` (whose body starts at `body_offset`)
/// sets `key`: the start of that line, or the file's start when it does not.
/// For diagnostics about a value that parsed but is not valid.
pub(crate) fn key_position(text: &str, body_offset: usize, key: &str) -> Position {
    locate(text, 0, body_offset, &format!("\n{key}:")).map_or(Position::START, |o| {
        LineIndex::new(text).position(text, o + 1)
    })
}

/// Where `value` first appears in the front matter of `text`, or the
/// file's start: for a list item such as a topic or an alias.
pub(crate) fn value_position(text: &str, body_offset: usize, value: &str) -> Position {
    // Skip the opening `---` so a value cannot match it.
    locate(text, 3, body_offset, value)
        .map_or(Position::START, |o| LineIndex::new(text).position(text, o))
}

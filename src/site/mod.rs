//! The site engine: the one place the stages are put together.
//!
//! A [`Site`] owns what the stages made of a site folder: the loaded
//! sources, the linked site of every language and the output registry of
//! each. It answers "these files changed" ([`Changes`]) with "these outputs
//! changed" ([`Update`]), handing each changed output to the caller as it is
//! rendered. Every command goes through it:
//!
//! - `candor build` is an empty site applied to every file, its outputs
//!   written into a staging folder that is then swapped in;
//! - `candor check` applies every file and reads the diagnostics;
//! - `candor serve` applies each save and serves what changed;
//! - the intake receiver asks it for the linked site.
//!
//! A change does as little as it can, in every language alike:
//!
//! - a markdown file whose body alone changed (same front matter, same
//!   headings) is loaded again by itself, its links resolved and its page
//!   checked, and only the outputs that show that page are rendered again;
//! - any other change to a markdown file or to the theme loads that file or
//!   the theme again, links the whole site again (the other pages are kept
//!   as they were loaded, not read or parsed again), compares each part of
//!   each language with the last good build ([`snapshot`], early cutoff)
//!   and renders again the outputs whose registry entry reads a part that
//!   changed;
//! - a new, renamed or deleted file, or a change to `candor.yaml` or a file
//!   it names, loads everything again and compares in the same way;
//! - a changed photo loads everything again (its copies come from the
//!   image cache); another file beside the pages is reported as touched.
//!
//! Outputs that read the whole site, such as the search index, would make
//! every save as slow as a full render of them. They wait instead: a
//! change renders at once what it shows, and [`Site::catch_up`] brings the
//! rest up to date once saving pauses.
//!
//! A change that leaves errors changes nothing: the outputs of the last
//! good build stand until the errors are fixed.
//!
//! Architecture invariant: the engine does no IO of its own beyond the load
//! stage's reading; outputs leave it only through the caller's `emit`.

mod snapshot;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::link::outputs::{self, Detail, Entry, Kind, Reads};
use crate::link::{self, LinkOptions, LinkedSite};
use crate::load::{self, Loadable, Loaded, Page, CONTENT_DIR};
use crate::render::{self, Body, Output};
use crate::Error;
use snapshot::{anchors, page_state, templates_key, text_hash, Changed, Snapshot};

/// What to build, and how.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// The site's folder (holding `candor.yaml`).
    pub root: PathBuf,
    /// Publish pages marked `draft: true` too.
    pub include_drafts: bool,
    /// The address the site is served at, instead of `base_url`.
    pub base_url: Option<String>,
    /// What the engine keeps between changes.
    pub retain: Retain,
    /// Where processed photos are kept between builds.
    pub image_cache: ImageCache,
}

/// Where processed photos are kept between builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImageCache {
    /// In the folder `images.cache` names in `candor.yaml`.
    #[default]
    Site,
    /// Nowhere: photos are processed into a temporary folder that goes
    /// when the engine does.
    Off,
}

/// What the engine keeps between changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retain {
    /// Nothing: every change is a full build, and every output is handed
    /// over (a one-off build or check).
    Nothing,
    /// A hash of every output and of every part of the site, so a change
    /// renders and hands over only what it changed (a live preview).
    Outputs,
}

/// Files that changed, grouped the way a rebuild needs them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// `candor.yaml` or a file it names changed, or changes were missed:
    /// load everything again.
    pub config: bool,
    /// Something in `templates/`, `static/` or `themes/` changed.
    pub theme: bool,
    /// Files and folders in `content/` that changed, relative to it, with
    /// `/` separators.
    pub content: BTreeSet<String>,
}

impl Changes {
    /// Every file of the site: what a full build applies.
    pub fn everything() -> Changes {
        Changes {
            config: true,
            ..Changes::default()
        }
    }

    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        !self.config && !self.theme && self.content.is_empty()
    }
}

/// What a change did to the outputs.
#[derive(Debug, Default)]
pub struct Update {
    /// How many outputs were rendered.
    pub outputs: usize,
    /// Outputs handed over because they are new or changed, by output path;
    /// empty when the engine retains nothing (then every output is).
    pub written: Vec<String>,
    /// Outputs rendered again, changed or not; empty when the engine
    /// retains nothing.
    pub rendered: Vec<String>,
    /// Output paths that are gone.
    pub removed: Vec<String>,
    /// Output paths whose source changed on disk although the output is the
    /// same copy: images and other files beside the pages.
    pub touched: Vec<String>,
    /// The addresses of draft pages, when drafts are shown; empty when the
    /// engine retains nothing.
    pub drafts: HashSet<String>,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Whether this brought outputs that read the whole site up to date
    /// after an earlier change ([`Site::catch_up`]).
    pub catch_up: bool,
    /// How long it took.
    pub took: Duration,
    /// How long each stage took, in seconds, in order.
    pub stages: Vec<(&'static str, f64)>,
}

impl Update {
    /// The output paths that readers see differently now.
    pub fn changed_paths(&self) -> impl Iterator<Item = &str> {
        self.written
            .iter()
            .chain(&self.removed)
            .chain(&self.touched)
            .map(String::as_str)
    }
}

/// Why a change did not give a site.
#[derive(Debug)]
pub enum Failure {
    /// The sources have errors (and maybe warnings), sorted by file.
    Content(Vec<Diagnostic>),
    /// The caller's `emit` failed: a folder could not be written, say.
    Environment(Error),
}

/// Where the engine hands each new or changed output, from several threads.
pub type Emit<'a> = dyn Fn(Output) -> Result<(), Error> + Sync + 'a;

/// One language of the linked site, with its outputs.
struct Language {
    site: LinkedSite,
    plan: Vec<Entry>,
}

/// The site engine: the sources, the linked site of every language and
/// what the last good build made.
pub struct Site {
    options: SiteOptions,
    /// What the last full load read, less the pages, which live in the
    /// linked sites, `translations` and `drafts`. `None` when everything
    /// must be loaded again.
    sources: Option<Loaded>,
    /// Every language, linked from the files as they are now, errors and
    /// all; the default language first.
    languages: Vec<Language>,
    /// The pages of the other languages as they were loaded: linking gives
    /// them the file name of the page they translate.
    translations: Vec<Page>,
    /// Pages marked `draft: true` that the site leaves out.
    drafts: Vec<Page>,
    /// A hash of each page's file (drafts too), by its path.
    texts: HashMap<PathBuf, u64>,
    /// What the load stage found wrong.
    problems: LoadProblems,
    /// Whether the site as it is now has errors.
    broken: bool,
    /// The last good build of each language, part by part, by its code.
    good: HashMap<String, Snapshot>,
    /// A hash of each output of the last good build, by output path.
    files: HashMap<String, u64>,
    /// Outputs made from the whole site whose paths the registry does not
    /// know before rendering (the search index's files).
    site_wide: HashSet<String>,
    /// Whether those outputs wait for [`Site::catch_up`].
    behind: bool,
    /// The image cache, once a config named it.
    images: Option<crate::images::Store>,
    /// How many bytes of markdown a full load keeps uncompressed.
    plain_text_budget: usize,
}

impl Site {
    /// A site not yet loaded: the first [`Site::apply`] loads it.
    pub fn new(options: SiteOptions) -> Site {
        Site {
            options,
            sources: None,
            languages: Vec::new(),
            translations: Vec::new(),
            drafts: Vec::new(),
            texts: HashMap::new(),
            problems: LoadProblems::default(),
            broken: false,
            good: HashMap::new(),
            files: HashMap::new(),
            site_wide: HashSet::new(),
            behind: false,
            images: None,
            plain_text_budget: load::PLAIN_TEXT_BUDGET,
        }
    }

    /// Has full loads keep only `bytes` of markdown uncompressed, so tests
    /// can read a small site as a large one is read.
    #[cfg(test)]
    pub(crate) fn keep_text_plain_up_to(&mut self, bytes: usize) {
        self.plain_text_budget = bytes;
    }

    /// Every language of the site as it is now, errors and all, the
    /// default first; empty before the first load or when the config cannot
    /// be read.
    pub fn linked(&self) -> Vec<&LinkedSite> {
        self.languages.iter().map(|l| &l.site).collect()
    }

    /// Every language of the site as it is now, errors and all, taken out
    /// of the engine.
    pub fn into_linked(self) -> Vec<LinkedSite> {
        self.languages.into_iter().map(|l| l.site).collect()
    }

    /// Every language of the last change, when it had no errors.
    pub fn good_sites(&self) -> Option<Vec<&LinkedSite>> {
        (!self.broken && !self.languages.is_empty()).then(|| self.linked())
    }

    /// Files outside the watched folders that the site reads: those that
    /// `candor.yaml` names, and the search synonyms.
    pub fn config_files(&self) -> Vec<PathBuf> {
        let named = match &self.sources {
            Some(sources) => named_files(&sources.config),
            None => vec![PathBuf::from(crate::load::synonyms::SYNONYMS_FILE)],
        };
        named
            .into_iter()
            .map(|file| self.options.root.join(file))
            .collect()
    }

    /// How many photos were decoded to make their published copies, the
    /// others being in the image cache already.
    pub fn photos_processed(&self) -> usize {
        self.images
            .as_ref()
            .map_or(0, crate::images::Store::decoded)
    }

    /// Whether outputs that read the whole site wait for
    /// [`Site::catch_up`].
    pub fn behind(&self) -> bool {
        self.behind && !self.broken
    }

    /// Loads and links the whole site, and checks it, without rendering.
    pub fn load(&mut self) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        self.load_checked(&mut Vec::new())
    }

    /// Like [`Site::load`], as a build would report it: its warnings, or
    /// its errors, and how long each stage took.
    pub fn check_only(&mut self) -> Result<Update, Failure> {
        let mut stages = Vec::new();
        let warnings = self.load_checked(&mut stages).map_err(Failure::Content)?;
        Ok(Update {
            warnings,
            stages,
            ..Update::default()
        })
    }

    /// Loads, links and checks the whole site: its warnings, or every
    /// diagnostic when one is an error, sorted.
    fn load_checked(
        &mut self,
        stages: &mut Vec<(&'static str, f64)>,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let diagnostics = self.load_all(stages).map_err(|d| {
            self.broken = true;
            sorted(d)
        })?;
        if diagnostics.iter().any(Diagnostic::is_error) {
            self.broken = true;
            Err(sorted(diagnostics))
        } else {
            Ok(sorted(diagnostics))
        }
    }

    /// Brings the site up to date with `changes`, handing every new or
    /// changed output to `emit`.
    pub fn apply(&mut self, changes: &Changes, emit: &Emit<'_>) -> Result<Update, Failure> {
        let clock = Instant::now();
        if changes.config || self.sources.is_none() || self.options.retain == Retain::Nothing {
            return self.build(emit);
        }
        let mut markdown = Vec::new();
        let mut touched = Vec::new();
        for rel in &changes.content {
            let path = self.options.root.join(CONTENT_DIR).join(rel);
            let known = self.knows(rel);
            match std::fs::metadata(&path) {
                // Came and went, like the scratch files some editors write.
                Err(_) if !known => {}
                Ok(meta) if meta.is_file() && known => {
                    if rel.ends_with(".md") {
                        markdown.push(rel.clone());
                    } else if crate::images::is_raster(rel) {
                        // Its copies, and so the pages that offer them,
                        // may change size: load it again with the rest.
                        return self.build(emit);
                    } else {
                        touched.push(rel.clone());
                    }
                }
                // New, deleted or renamed files and folders.
                _ => return self.build(emit),
            }
        }
        let touched = self.asset_outputs(&touched);
        let mut update = if markdown.is_empty() && !changes.theme {
            Update {
                drafts: self.draft_addresses(),
                ..Update::default()
            }
        } else if markdown.is_empty() && self.templates_only() {
            self.retheme(emit)?
        } else {
            let loaded = self.load_files(&markdown);
            match self.body_only(&loaded) {
                Some(places) if !changes.theme => self.relink_pages(loaded, &places, emit)?,
                _ => self.reload(loaded, changes.theme, emit)?,
            }
        };
        update.touched = touched;
        update.took = clock.elapsed();
        Ok(update)
    }

    /// Brings the outputs that read the whole site up to date, after a
    /// change rendered the outputs it showed.
    pub fn catch_up(&mut self, emit: &Emit<'_>) -> Result<Update, Failure> {
        let clock = Instant::now();
        self.behind = false;
        let selected: Vec<Vec<bool>> = self
            .languages
            .iter()
            .map(|l| l.plan.iter().map(|p| p.reads == Reads::Site).collect())
            .collect();
        let mut update = self.render(&selected, true, Gone::SiteWide, emit)?;
        update.catch_up = true;
        update.took = clock.elapsed();
        Ok(update)
    }

    /// Loads, links and renders everything.
    fn build(&mut self, emit: &Emit<'_>) -> Result<Update, Failure> {
        let clock = Instant::now();
        let mut stages = Vec::new();
        let diagnostics = self.load_all(&mut stages).map_err(|d| self.fail(d))?;
        self.finish_relink(diagnostics, stages, clock, emit)
    }

    /// Reads the config and every file, and links the site.
    fn load_all(
        &mut self,
        stages: &mut Vec<(&'static str, f64)>,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let clock = Instant::now();
        self.sources = None;
        self.languages.clear();
        self.drafts.clear();
        self.translations.clear();
        let mut config = Config::load(&self.options.root)?;
        if let Some(url) = &self.options.base_url {
            config.base_url.clone_from(url);
        }
        self.image_store(&config)?;
        let Some(images) = self.images.as_ref() else {
            return Err(Vec::new());
        };
        let (mut loaded, problems) =
            load::load_within(&self.options.root, config, images, self.plain_text_budget);
        self.problems = LoadProblems {
            base: problems,
            ..LoadProblems::default()
        };
        let pages = std::mem::take(&mut loaded.pages);
        if self.options.retain == Retain::Outputs {
            self.texts = pages
                .iter()
                .map(|p| (p.source.clone(), text_hash(&p.text.whole())))
                .collect();
        }
        self.sources = Some(loaded);
        stages.push(("load", clock.elapsed().as_secs_f64()));
        Ok(self.link(pages, stages))
    }

    /// The image cache `config` names, opened for each full load.
    fn image_store(&mut self, config: &Config) -> Result<(), Vec<Diagnostic>> {
        let wanted = match self.options.image_cache {
            ImageCache::Site => Some(self.options.root.join(&config.images.cache)),
            ImageCache::Off => None,
        };
        // The cache's folder is read again on every full load, so a copy
        // deleted by hand since is made again rather than missed; a
        // temporary cache lives as long as the engine.
        let keep = self.images.is_some() && wanted.is_none();
        if !keep {
            self.images = Some(match wanted {
                Some(dir) => crate::images::Store::open(&dir),
                None => crate::images::Store::temporary().map_err(|err| {
                    vec![Diagnostic::file_error(
                        "image/cache",
                        std::env::temp_dir(),
                        format!("no temporary folder for processed photos: {err}"),
                    )
                    .with_help("set TMPDIR to a folder you may write")]
                })?,
            });
        }
        Ok(())
    }

    /// Links `pages` with the sources and checks the site: the diagnostics
    /// of every stage so far.
    fn link(
        &mut self,
        mut pages: Vec<Page>,
        stages: &mut Vec<(&'static str, f64)>,
    ) -> Vec<Diagnostic> {
        let clock = Instant::now();
        let Some(sources) = &self.sources else {
            return Vec::new();
        };
        // The order a full load gives, which ties in sorting depend on.
        pages.sort_by(|a, b| a.source.cmp(&b.source));
        let include_drafts = self.options.include_drafts;
        let retain = self.options.retain == Retain::Outputs;
        let default = sources.config.language.clone();
        let several = sources.config.site_languages().len() > 1;
        self.drafts = if include_drafts || !retain {
            Vec::new()
        } else {
            pages.iter().filter(|p| p.meta.draft).cloned().collect()
        };
        self.translations = if several && retain {
            pages
                .iter()
                .filter(|p| p.lang != default && (include_drafts || !p.meta.draft))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        let mut loaded = sources.clone();
        loaded.pages = pages;
        let (sites, mut diagnostics) = link::link_all(
            loaded,
            LinkOptions {
                include_drafts,
                fingerprint: !retain,
            },
        );
        stages.push(("link", clock.elapsed().as_secs_f64()));
        let clock = Instant::now();
        let detail = match self.options.retain {
            Retain::Nothing => Detail::Files,
            Retain::Outputs => Detail::Reads,
        };
        let plans: Vec<Vec<Entry>> = sites.iter().map(|s| outputs::registry(s, detail)).collect();
        let registries: Vec<&[Entry]> = plans.iter().map(Vec::as_slice).collect();
        diagnostics.extend(outputs::conflicts(&sites, &registries));
        diagnostics.extend(self.problems.all());
        diagnostics.extend(error_checks(&sites));
        stages.push(("check", clock.elapsed().as_secs_f64()));
        self.languages = sites
            .into_iter()
            .zip(plans)
            .map(|(site, plan)| Language { site, plan })
            .collect();
        diagnostics
    }

    /// After the site was linked again: compares each language with the
    /// last good build and renders what changed.
    fn finish_relink(
        &mut self,
        diagnostics: Vec<Diagnostic>,
        mut stages: Vec<(&'static str, f64)>,
        clock: Instant,
        emit: &Emit<'_>,
    ) -> Result<Update, Failure> {
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(self.fail(diagnostics));
        }
        let render_clock = Instant::now();
        let mut changed = Vec::new();
        let mut snapshots = Vec::new();
        if self.options.retain == Retain::Outputs {
            for language in &self.languages {
                let snapshot = Snapshot::of(&language.site, &self.texts, &language.plan);
                changed.push(match self.good.get(&language.site.language.code) {
                    Some(good) => Changed::between(&language.site, &snapshot, good),
                    None => Changed::everything(),
                });
                snapshots.push(snapshot);
            }
        } else {
            changed = self
                .languages
                .iter()
                .map(|_| Changed::everything())
                .collect();
        }
        let mut update = self.finish(diagnostics, &changed, Gone::Any, emit)?;
        self.good = self
            .languages
            .iter()
            .map(|l| l.site.language.code.clone())
            .zip(snapshots)
            .collect();
        stages.push(("render", render_clock.elapsed().as_secs_f64()));
        update.stages = stages;
        update.took = clock.elapsed();
        Ok(update)
    }

    /// Whether `rel` (in `content/`) is a file or folder the site knows of,
    /// loaded or not.
    fn knows(&self, rel: &str) -> bool {
        let source = Path::new(CONTENT_DIR).join(rel);
        if self.texts.contains_key(&source) {
            return true;
        }
        let folder = format!("{rel}/");
        let matches = |other: &str| other == rel || other.starts_with(&folder);
        self.texts.keys().any(|p| p.starts_with(&source))
            || self.sources.as_ref().is_some_and(|s| {
                s.sections
                    .iter()
                    .filter_map(|s| s.source.as_deref())
                    .any(|p| p.starts_with(&source))
                    || s.assets.iter().any(|a| matches(&a.rel))
            })
            || self.problems.mention(&source)
    }

    /// Where the files in `content/` at `rels` are written, in every
    /// language that copies them.
    fn asset_outputs(&self, rels: &[String]) -> Vec<String> {
        let mut found = Vec::new();
        for language in &self.languages {
            for entry in &language.plan {
                if let Kind::Asset(i) = entry.kind {
                    if rels.contains(&language.site.assets[i].0.rel) {
                        found.push(entry.file.clone());
                    }
                }
            }
        }
        found
    }

    /// Loads the markdown files at `rels` (in `content/`) again, one by one.
    fn load_files(&mut self, rels: &[String]) -> Vec<(PathBuf, Option<Loadable>)> {
        let Some(sources) = &self.sources else {
            return Vec::new();
        };
        let kinds = load::section_kinds(&sources.sections);
        let mut loaded = Vec::new();
        for rel in rels {
            // A folder with an `index.md` (in any language) is a page bundle.
            let bundles: HashSet<String> = load::split_language(rel, &sources.config)
                .0
                .strip_suffix("/index.md")
                .map(|dir| HashSet::from([dir.to_string()]))
                .unwrap_or_default();
            let (loadable, problems) =
                load::load_markdown(&self.options.root, rel, &sources.config, &bundles, &kinds);
            let source = Path::new(CONTENT_DIR).join(rel);
            self.problems.files.insert(source.clone(), problems);
            loaded.push((source, loadable));
        }
        loaded
    }

    /// Where the pages that `loaded` replaces are (language, index), if only
    /// their bodies changed and the site had no errors: then nothing but
    /// their own links needs resolving.
    fn body_only(&self, loaded: &[(PathBuf, Option<Loadable>)]) -> Option<Vec<(usize, usize)>> {
        if self.broken || self.good.is_empty() {
            return None;
        }
        loaded
            .iter()
            .map(|(source, loadable)| {
                let Some(Loadable::Page(new)) = loadable else {
                    return None;
                };
                // A page the default language lends to others is shown in
                // several places: not a body-only change.
                let mut found = self.languages.iter().enumerate().filter_map(|(l, lang)| {
                    let i = lang
                        .site
                        .pages
                        .iter()
                        .position(|p| p.page.source == *source)?;
                    Some((l, i))
                });
                let (l, i) = found.next()?;
                if found.next().is_some() {
                    return None;
                }
                let old = &self.languages[l].site.pages[i].page;
                let same = outputs::modelled(old.kind)
                    && old.kind == new.kind
                    && old.lang == new.lang
                    && old.text.front() == new.text.front()
                    && anchors(old) == anchors(new);
                same.then_some((l, i))
            })
            .collect()
    }

    /// Puts pages whose bodies alone changed into the site, resolves their
    /// links and checks them.
    fn relink_pages(
        &mut self,
        loaded: Vec<(PathBuf, Option<Loadable>)>,
        places: &[(usize, usize)],
        emit: &Emit<'_>,
    ) -> Result<Update, Failure> {
        let clock = Instant::now();
        let draft_rels: HashSet<String> = self.drafts.iter().map(|p| p.rel.clone()).collect();
        for ((source, loadable), &(l, i)) in loaded.into_iter().zip(places) {
            let Some(Loadable::Page(mut page)) = loadable else {
                continue;
            };
            self.texts
                .insert(source.clone(), text_hash(&page.text.whole()));
            if l > 0 {
                if let Some(original) = self.translations.iter_mut().find(|p| p.source == source) {
                    original.clone_from(&page);
                }
            }
            let old = &self.languages[l].site.pages[i].page;
            // What linking gave it: the name of the page it translates.
            page.rel.clone_from(&old.rel);
            page.meta
                .translation_key
                .clone_from(&old.meta.translation_key);
            self.languages[l].site.pages[i].page = *page;
        }
        let mut diagnostics = self.problems.all();
        let today = chrono::Local::now().date_naive();
        let mut indices: Vec<Vec<usize>> = vec![Vec::new(); self.languages.len()];
        for &(l, i) in places {
            let (first, rest) = self.languages.split_at_mut(1);
            let (site, default) = if l == 0 {
                (&mut first[0].site, None)
            } else {
                (&mut rest[l - 1].site, Some(&first[0].site))
            };
            let links = link::relink_page(site, i, &draft_rels, default);
            site.pages[i].hrefs = links.hrefs;
            site.pages[i].faq_hrefs = links.faq_hrefs;
            diagnostics.extend(links.diagnostics);
            diagnostics.extend(crate::lint::page_error_checks(site, i, today));
            indices[l].push(i);
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            // Link the whole site, for the same messages a build gives.
            let pages = self.take_pages();
            let mut stages = Vec::new();
            let diagnostics = self.link(pages, &mut stages);
            return self.finish_relink(diagnostics, stages, clock, emit);
        }
        let changed: Vec<Changed> = self
            .languages
            .iter()
            .zip(&indices)
            .map(|(l, indices)| Changed::pages(&l.site, indices))
            .collect();
        let update = self.finish(diagnostics, &changed, Gone::None, emit)?;
        for (l, indices) in indices.iter().enumerate() {
            let language = &self.languages[l];
            if let Some(good) = self.good.get_mut(&language.site.language.code) {
                for &i in indices {
                    let state = page_state(&language.site, i, &self.texts);
                    good.pages
                        .insert(language.site.pages[i].page.source.clone(), state);
                }
            }
        }
        Ok(update)
    }

    /// Puts the files of `loaded` (and the theme, when it changed) into the
    /// sources and links the site again.
    fn reload(
        &mut self,
        loaded: Vec<(PathBuf, Option<Loadable>)>,
        theme: bool,
        emit: &Emit<'_>,
    ) -> Result<Update, Failure> {
        let clock = Instant::now();
        let mut pages = self.take_pages();
        let Some(sources) = self.sources.as_mut() else {
            return self.build(emit);
        };
        if theme {
            let Some(images) = self.images.as_ref() else {
                return self.build(emit);
            };
            let (new_theme, problems) =
                load::load_theme(&self.options.root, &sources.config, images);
            sources.theme = new_theme;
            self.problems.theme = Some(problems);
        }
        for (source, loadable) in loaded {
            pages.retain(|p| p.source != source);
            self.texts.remove(&source);
            let rel = source
                .strip_prefix(CONTENT_DIR)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let section_dir = match load::split_language(&rel, &sources.config).0.as_str() {
                "_index.md" => Some(String::new()),
                other => other.strip_suffix("/_index.md").map(str::to_string),
            };
            if let Some(dir) = section_dir {
                // Its `page_kind` is the kind of every page in the folder:
                // when it changes, they all must be loaded again.
                // The kind the folder's pages get, whichever of its
                // `_index` files (one per language) sets it.
                let same_file = |s: &load::Section| s.source.as_deref() == Some(source.as_path());
                let old_kind = load::section_kinds(&sources.sections).get(&dir).copied();
                sources.sections.retain(|s| !same_file(s));
                if let Some(Loadable::Section(section)) = loadable {
                    sources.sections.push(*section);
                }
                let new_kind = load::section_kinds(&sources.sections).get(&dir).copied();
                if old_kind != new_kind {
                    return self.build(emit);
                }
            } else if let Some(Loadable::Page(page)) = loadable {
                self.texts.insert(source, text_hash(&page.text.whole()));
                pages.push(*page);
            }
        }
        let mut stages = Vec::new();
        let diagnostics = self.link(pages, &mut stages);
        self.finish_relink(diagnostics, stages, clock, emit)
    }

    /// Whether the theme's static files and strings are as the last good
    /// build had them, so that a theme change is a change of templates
    /// alone, and the site need not be linked again.
    fn templates_only(&mut self) -> bool {
        if self.broken || self.good.is_empty() {
            return false;
        }
        let (Some(sources), Some(first)) = (self.sources.as_mut(), self.languages.first()) else {
            return false;
        };
        let site = &first.site;
        let Some(images) = self.images.as_ref() else {
            return false;
        };
        let (theme, problems) = load::load_theme(&self.options.root, &sources.config, images);
        // Which templates there are decides outputs (a theme without
        // `search.html` has no search): a template added or removed goes
        // through the link stage and the registry.
        let same_names = theme.templates.len() == site.theme.templates.len()
            && theme
                .templates
                .iter()
                .zip(&site.theme.templates)
                .all(|(a, b)| a.name == b.name);
        let same_statics = theme.statics.len() == site.theme.statics.len()
            && theme
                .statics
                .iter()
                .zip(&site.theme.statics)
                .all(|(a, b)| a.rel == b.rel && a.bytes == b.bytes);
        // New interface strings go through the link stage, which holds them.
        let same_strings = theme.translations.len() == site.theme.translations.len()
            && theme
                .translations
                .iter()
                .zip(&site.theme.translations)
                .all(|(a, b)| a.lang == b.lang && a.text == b.text);
        if !same_names
            || !same_statics
            || !same_strings
            || problems.iter().any(Diagnostic::is_error)
        {
            return false;
        }
        self.problems.theme = Some(problems);
        sources.theme = theme;
        true
    }

    /// Renders every output a template draws again, with the new templates.
    fn retheme(&mut self, emit: &Emit<'_>) -> Result<Update, Failure> {
        let Some(sources) = &self.sources else {
            return self.build(emit);
        };
        let theme = sources.theme.clone();
        let mut changed = Vec::new();
        let mut keys = Vec::new();
        for language in &mut self.languages {
            language.site.theme = theme.clone();
            let key = templates_key(&language.site);
            let same = self
                .good
                .get(&language.site.language.code)
                .is_some_and(|g| g.templates == key);
            changed.push(if same {
                Changed::default()
            } else {
                Changed::everything()
            });
            keys.push(key);
        }
        let update = self.finish(Vec::new(), &changed, Gone::None, emit)?;
        for (language, key) in self.languages.iter().zip(keys) {
            if let Some(good) = self.good.get_mut(&language.site.language.code) {
                good.templates = key;
            }
        }
        Ok(update)
    }

    /// Every page as it was loaded, published or not, taken out of the
    /// site.
    fn take_pages(&mut self) -> Vec<Page> {
        let mut languages = std::mem::take(&mut self.languages).into_iter();
        let mut pages: Vec<Page> = languages
            .next()
            .map(|l| l.site.pages.into_iter().map(|p| p.page).collect())
            .unwrap_or_default();
        pages.append(&mut self.translations);
        pages.append(&mut self.drafts);
        pages
    }

    /// Renders the outputs that `changed` selects and, if that works, makes
    /// them the last good build.
    ///
    /// The first good build makes every output. After that, outputs that
    /// read the whole site (the search index, say) wait for
    /// [`Site::catch_up`], so the pages a change shows come first.
    fn finish(
        &mut self,
        diagnostics: Vec<Diagnostic>,
        changed: &[Changed],
        gone: Gone,
        emit: &Emit<'_>,
    ) -> Result<Update, Failure> {
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(self.fail(diagnostics));
        }
        let first = self.files.is_empty() || self.options.retain == Retain::Nothing;
        let selected: Vec<Vec<bool>> = self
            .languages
            .iter()
            .zip(changed)
            .map(|(l, changed)| {
                l.plan
                    .iter()
                    .map(|p| changed.selects(p) && (first || p.reads != Reads::Site))
                    .collect()
            })
            .collect();
        let mut update = self.render(&selected, first, gone, emit)?;
        update.warnings = sorted(diagnostics);
        self.broken = false;
        self.behind = !first;
        Ok(update)
    }

    /// Renders the `selected` outputs of each language's plan, hands those
    /// that changed to `emit`, and notes what is gone. `beside` says whether
    /// the outputs the registry cannot name before rendering (the search
    /// index's files) are among them.
    fn render(
        &mut self,
        selected: &[Vec<bool>],
        beside: bool,
        gone: Gone,
        emit: &Emit<'_>,
    ) -> Result<Update, Failure> {
        let retain = self.options.retain == Retain::Outputs;
        let made: Mutex<Vec<(String, u64)>> = Mutex::new(Vec::new());
        let count = AtomicUsize::new(0);
        let mut written: Vec<String> = Vec::new();
        let mut problems = Vec::new();
        for (language, selected) in self.languages.iter().zip(selected) {
            let handed: Mutex<Vec<String>> = Mutex::new(Vec::new());
            let files = &self.files;
            let (found, failed) = render::render_selected(
                &language.site,
                &language.plan,
                &|i| selected.get(i).copied().unwrap_or(true),
                &|output: Output| {
                    if retain {
                        let hash = output_hash(&output);
                        let path = output.path.clone();
                        made.lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push((path.clone(), hash));
                        if files.get(&path) == Some(&hash) {
                            return Ok(());
                        }
                        handed
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push(path);
                    } else {
                        count.fetch_add(1, Ordering::Relaxed);
                    }
                    emit(output)
                },
            );
            for d in found {
                // One template mistake shows in every language: report it once.
                if !problems.contains(&d) {
                    problems.push(d);
                }
            }
            if let Some(err) = failed {
                return Err(Failure::Environment(err));
            }
            written.extend(handed.into_inner().unwrap_or_else(PoisonError::into_inner));
        }
        if problems.iter().any(Diagnostic::is_error) {
            return Err(self.fail(problems));
        }
        let made = made.into_inner().unwrap_or_else(PoisonError::into_inner);
        let mut update = Update {
            outputs: made.len() + count.into_inner(),
            ..Update::default()
        };
        if !retain {
            return Ok(update);
        }
        update.drafts = self.draft_addresses();
        update.rendered = made.iter().map(|(p, _)| p.clone()).collect();
        // Outputs whose path the registry does not know before rendering.
        let known: HashSet<&str> = self
            .languages
            .iter()
            .flat_map(|l| l.plan.iter().filter_map(planned_path))
            .collect();
        let made_paths: HashSet<&str> = made.iter().map(|(p, _)| p.as_str()).collect();
        update.removed = match gone {
            Gone::None => Vec::new(),
            // A page deleted, a list shorter.
            Gone::Any => self
                .files
                .keys()
                .filter(|p| {
                    !known.contains(p.as_str())
                        && !made_paths.contains(p.as_str())
                        && (beside || !self.site_wide.contains(*p))
                })
                .cloned()
                .collect(),
            Gone::SiteWide => self
                .site_wide
                .iter()
                .filter(|p| !known.contains(p.as_str()) && !made_paths.contains(p.as_str()))
                .cloned()
                .collect(),
        };
        if beside {
            self.site_wide = made_paths
                .iter()
                .filter(|p| !known.contains(*p))
                .map(|p| p.to_string())
                .collect();
        }
        for path in &update.removed {
            self.files.remove(path);
            self.site_wide.remove(path);
        }
        for (path, hash) in made {
            self.files.insert(path, hash);
        }
        written.sort();
        update.written = written;
        Ok(update)
    }

    fn fail(&mut self, diagnostics: Vec<Diagnostic>) -> Failure {
        self.broken = true;
        Failure::Content(sorted(diagnostics))
    }

    /// The addresses of the draft pages being shown, where they are
    /// served (under their language's prefix).
    fn draft_addresses(&self) -> HashSet<String> {
        self.languages
            .iter()
            .flat_map(|l| {
                l.plan.iter().filter_map(|entry| match entry.kind {
                    Kind::Page(i) if l.site.pages[i].page.meta.draft => {
                        Some(format!("/{}", entry.file.trim_end_matches("index.html")))
                    }
                    _ => None,
                })
            })
            .collect()
    }
}

/// The folders of a site whose files are inputs, relative to its root.
pub const INPUT_FOLDERS: [&str; 5] = [CONTENT_DIR, "templates", "static", "themes", "i18n"];

/// The files a site with `config` reads besides `candor.yaml` and those in
/// [`INPUT_FOLDERS`], relative to its root: the files `candor.yaml` names,
/// the search synonyms and the bibliography (where one may be).
pub fn named_files(config: &Config) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = config
        .intake
        .iter()
        .map(|intake| intake.schema.clone())
        .chain(std::iter::once(PathBuf::from(
            crate::load::synonyms::SYNONYMS_FILE,
        )))
        .collect();
    // The bibliography, wherever it is, and the files it may be in when
    // none is named: one appearing gives the site sources.
    files.extend(config.sources.file.clone());
    files.extend(crate::config::BIBLIOGRAPHY_FILES.iter().map(PathBuf::from));
    files.extend(
        config
            .sources
            .style
            .iter()
            .filter(|s| s.to_ascii_lowercase().ends_with(".csl"))
            .map(PathBuf::from),
    );
    files.sort();
    files.dedup();
    files
}

/// Diagnostics sorted by file and position, each once.
fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    diagnostics
}

/// A hash of what an output holds: its bytes, or the file it copies.
fn output_hash(output: &Output) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    match &output.body {
        Body::Bytes(bytes) => {
            hasher.write_u8(0);
            hasher.write(bytes);
        }
        Body::Copy(path) => {
            hasher.write_u8(1);
            hasher.write(path.as_os_str().as_encoded_bytes());
        }
        Body::Cached(path) => {
            hasher.write_u8(2);
            hasher.write(path.as_os_str().as_encoded_bytes());
        }
    }
    hasher.finish()
}

/// The file of an output whose file is known before rendering: all but the
/// search index.
fn planned_path(entry: &Entry) -> Option<&str> {
    (entry.kind != Kind::SearchIndex).then_some(entry.file.as_str())
}

/// Which outputs of the last good build a rendering may find gone.
#[derive(Debug, Clone, Copy)]
enum Gone {
    /// None: the site's outline did not change.
    None,
    /// Any output no entry makes any more.
    Any,
    /// Only outputs made from the whole site.
    SiteWide,
}

/// The problems the load stage found: those of the last full load, less
/// those of the files and the theme loaded again since.
#[derive(Debug, Default)]
struct LoadProblems {
    base: Vec<Diagnostic>,
    /// By the file's path as diagnostics name it (`content/…`).
    files: HashMap<PathBuf, Vec<Diagnostic>>,
    theme: Option<Vec<Diagnostic>>,
}

impl LoadProblems {
    fn all(&self) -> Vec<Diagnostic> {
        let from_theme =
            |d: &Diagnostic| d.code.starts_with("theme/") || d.code == "template/encoding";
        self.base
            .iter()
            .filter(|d| !self.files.contains_key(&d.file))
            .filter(|d| self.theme.is_none() || !from_theme(d))
            .chain(self.files.values().flatten())
            .chain(self.theme.iter().flatten())
            .cloned()
            .collect()
    }

    /// Whether a problem names `path` or a file in it.
    fn mention(&self, path: &Path) -> bool {
        self.all().iter().any(|d| d.file.starts_with(path))
    }
}

/// The error class of `candor check`, over every language of the site.
pub(crate) fn error_checks(sites: &[LinkedSite]) -> Vec<Diagnostic> {
    let today = chrono::Local::now().date_naive();
    let found: Vec<Diagnostic> = sites
        .iter()
        .flat_map(|site| crate::lint::error_checks(site, today))
        .collect();
    sorted(found)
}

/// Loads and links the site at `root` for a server that renders pages
/// itself; any error (the same as a build's) is returned as text, one
/// `file:line:column: message` per line.
pub(crate) fn load_site_for(root: &Path) -> Result<Vec<LinkedSite>, String> {
    let mut site = Site::new(SiteOptions {
        root: root.to_path_buf(),
        include_drafts: false,
        base_url: None,
        retain: Retain::Nothing,
        // A receiver may run where the site's folder is read-only.
        image_cache: ImageCache::Off,
    });
    match site.load() {
        Ok(_) => Ok(site.into_linked()),
        Err(found) => Err(found
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

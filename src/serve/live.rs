//! The site in memory, kept up to date as files change.
//!
//! [`Live`] keeps what the build's stages produced: the loaded sources, the
//! linked site, and the files of the last good build. A change goes through
//! the same stages, doing as little as it can:
//!
//! - a markdown file whose body alone changed (same front matter, same
//!   headings) is loaded again by itself, its links resolved and its page
//!   checked, and only the outputs that show that page are rendered again;
//! - any other change to a markdown file or to the theme loads that file or
//!   the theme again, links the whole site again (the other pages are kept
//!   as they were loaded, not read or parsed again), compares each part of
//!   it with the last good build ([`Snapshot`]) and renders again the outputs
//!   that read a part that changed ([`render::plan`]);
//! - a new, renamed or deleted file, or a change to `candor.yaml` or a file
//!   it names, loads everything again;
//! - a changed image beside the pages is sent as it now is.
//!
//! Outputs that read the whole site, such as the search index, would make
//! every save as slow as a full render of them. They wait instead: a
//! rebuild serves what the change shows at once, and [`Live::catch_up`]
//! brings the rest up to date once saving pauses.
//!
//! A build with errors changes nothing that is served: the last good files
//! stay until the errors are fixed.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::convert::Infallible;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use super::store::{File, Update};
use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::link::outputs::{self, modelled, Entry, Kind, Part, Reads};
use crate::link::{self, LinkOptions, LinkedSite};
use crate::load::{self, Loadable, Loaded, Page, PageKind, CONTENT_DIR};
use crate::render::{self, Body, Output};

/// What to build, and how.
#[derive(Debug, Clone)]
pub(crate) struct LiveOptions {
    /// The site's folder.
    pub(crate) root: PathBuf,
    /// Show pages marked `draft: true` too.
    pub(crate) include_drafts: bool,
    /// The address the site is served at, used instead of `base_url`.
    pub(crate) base_url: String,
}

/// Files that changed, grouped the way a rebuild needs them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Changes {
    /// `candor.yaml` or a file it names changed, or changes were missed:
    /// load everything again.
    pub(crate) config: bool,
    /// Something in `templates/`, `static/` or `themes/` changed.
    pub(crate) theme: bool,
    /// Files and folders in `content/` that changed, relative to it, with
    /// `/` separators.
    pub(crate) content: BTreeSet<String>,
}

impl Changes {
    /// Whether there is nothing to do.
    pub(crate) fn is_empty(&self) -> bool {
        !self.config && !self.theme && self.content.is_empty()
    }
}

/// What a rebuild came to.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// It worked; the served files change by `update`.
    Built {
        /// What changed for readers.
        update: Update,
        /// The outputs rendered again, changed or not.
        rendered: Vec<String>,
        /// How long it took.
        took: Duration,
        /// Whether this brought outputs that read the whole site up to date
        /// after an earlier rebuild ([`Live::catch_up`]).
        catch_up: bool,
    },
    /// It has errors, sorted; nothing served changes.
    Failed(Vec<Diagnostic>),
}

/// The site, in memory.
pub(crate) struct Live {
    options: LiveOptions,
    /// What the last full load read, less the pages, which live in `site`
    /// and `drafts`. `None` when everything must be loaded again.
    sources: Option<Loaded>,
    /// The site linked from the files as they are now, errors and all.
    site: Option<LinkedSite>,
    /// Pages marked `draft: true` that the site leaves out.
    drafts: Vec<Page>,
    /// A hash of each page's file (drafts too), by its path in `content/`.
    texts: HashMap<String, u64>,
    /// What the load stage found wrong.
    problems: LoadProblems,
    /// Whether the site as it is now has errors.
    broken: bool,
    /// The last good build, part by part.
    good: Option<Snapshot>,
    /// What each output of the last good build reads. It holds while only
    /// page bodies change.
    plan: Vec<Entry>,
    /// The files of the last good build, by output path.
    files: HashMap<String, File>,
    /// Served files that outputs reading the whole site made, whose paths
    /// the plan does not know (the search index, say).
    site_wide: HashSet<String>,
    /// Whether those outputs wait for [`Live::catch_up`].
    behind: bool,
    /// The site's other languages, linked beside `site` (its default
    /// language) and rendered whole after each change.
    others: Vec<LinkedSite>,
}

impl Live {
    pub(crate) fn new(options: LiveOptions) -> Self {
        Live {
            options,
            sources: None,
            site: None,
            drafts: Vec::new(),
            texts: HashMap::new(),
            problems: LoadProblems::default(),
            broken: false,
            good: None,
            plan: Vec::new(),
            files: HashMap::new(),
            site_wide: HashSet::new(),
            behind: false,
            others: Vec::new(),
        }
    }

    /// The files of the last good build, by output path.
    #[cfg(test)]
    pub(crate) fn files(&self) -> &HashMap<String, File> {
        &self.files
    }

    /// The site of the last build, when that build had no errors.
    pub(crate) fn good_site(&self) -> Option<&LinkedSite> {
        self.site.as_ref().filter(|_| !self.broken)
    }

    /// Every language of the last good build, the default first.
    pub(crate) fn good_sites(&self) -> Option<Vec<&LinkedSite>> {
        let site = self.good_site()?;
        Some(std::iter::once(site).chain(&self.others).collect())
    }

    /// Files outside the watched folders that the site reads: those that
    /// `candor.yaml` names.
    pub(crate) fn config_files(&self) -> Vec<PathBuf> {
        let Some(sources) = &self.sources else {
            return Vec::new();
        };
        sources
            .config
            .intake
            .iter()
            .map(|intake| self.options.root.join(&intake.schema))
            .collect()
    }

    /// Loads, links and renders everything, as `candor build` does.
    pub(crate) fn build(&mut self) -> Outcome {
        let clock = Instant::now();
        self.sources = None;
        self.site = None;
        self.drafts.clear();
        let mut config = match Config::load(&self.options.root) {
            Ok(config) => config,
            Err(problems) => return self.fail(problems),
        };
        config.base_url.clone_from(&self.options.base_url);
        let (mut loaded, problems) = load::load(&self.options.root, config);
        self.problems = LoadProblems {
            base: problems,
            ..LoadProblems::default()
        };
        let pages = std::mem::take(&mut loaded.pages);
        self.texts = pages
            .iter()
            .map(|p| (p.rel.clone(), text_hash(&p.text)))
            .collect();
        self.sources = Some(loaded);
        self.relink(pages, clock)
    }

    /// Brings the site up to date with `changes`.
    pub(crate) fn apply(&mut self, changes: &Changes) -> Outcome {
        let clock = Instant::now();
        // A site in several languages is linked whole on every change: a
        // page of one language shows in the lists of the others.
        if changes.config || self.sources.is_none() || !self.others.is_empty() {
            return self.build();
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
                    } else {
                        touched.push(rel.clone());
                    }
                }
                // New, deleted or renamed files and folders.
                _ => return self.build(),
            }
        }
        let touched = self.asset_outputs(&touched);
        let outcome = if markdown.is_empty() && !changes.theme {
            Outcome::Built {
                update: Update {
                    drafts: self.draft_addresses(),
                    ..Update::default()
                },
                rendered: Vec::new(),
                took: Duration::ZERO,
                catch_up: false,
            }
        } else if markdown.is_empty() && self.templates_only() {
            self.retheme(clock)
        } else {
            let loaded = self.load_files(&markdown);
            match self.body_only(&loaded) {
                Some(indices) if !changes.theme => self.relink_pages(loaded, &indices, clock),
                _ => self.reload(loaded, changes.theme, clock),
            }
        };
        match outcome {
            Outcome::Built {
                mut update,
                rendered,
                took,
                catch_up,
            } => {
                update.touched = touched;
                Outcome::Built {
                    update,
                    rendered,
                    took: took.max(clock.elapsed()),
                    catch_up,
                }
            }
            failed => failed,
        }
    }

    /// Whether `rel` (in `content/`) is a file or folder the site knows of,
    /// loaded or not.
    fn knows(&self, rel: &str) -> bool {
        if self.texts.contains_key(rel) {
            return true;
        }
        let folder = format!("{rel}/");
        let matches = |other: &str| other == rel || other.starts_with(&folder);
        let source = Path::new(CONTENT_DIR).join(rel);
        self.texts.keys().any(|r| matches(r))
            || self.sources.as_ref().is_some_and(|s| {
                s.sections
                    .iter()
                    .filter_map(|s| s.source.as_deref())
                    .any(|p| p.starts_with(&source))
                    || s.assets.iter().any(|a| matches(&a.rel))
            })
            || self.problems.mention(&source)
    }

    /// Where the files in `content/` at `rels` are served.
    fn asset_outputs(&self, rels: &[String]) -> Vec<String> {
        let Some(site) = &self.site else {
            return Vec::new();
        };
        rels.iter()
            .filter_map(|rel| {
                site.assets
                    .iter()
                    .find(|(asset, _)| asset.rel == *rel)
                    .map(|(_, out)| out.clone())
            })
            .collect()
    }

    /// Loads the markdown files at `rels` (in `content/`) again, one by one.
    fn load_files(&mut self, rels: &[String]) -> Vec<(String, Option<Loadable>)> {
        let Some(sources) = &self.sources else {
            return Vec::new();
        };
        let kinds: HashMap<String, PageKind> = sources
            .sections
            .iter()
            .filter_map(|s| Some((s.dir.clone(), s.meta.page_kind?)))
            .collect();
        let mut loaded = Vec::new();
        for rel in rels {
            // A folder with an `index.md` is a page bundle.
            let bundles: HashSet<String> = rel
                .strip_suffix("/index.md")
                .map(|dir| HashSet::from([dir.to_string()]))
                .unwrap_or_default();
            let (loadable, problems) =
                load::load_markdown(&self.options.root, rel, &sources.config, &bundles, &kinds);
            self.problems
                .files
                .insert(Path::new(CONTENT_DIR).join(rel), problems);
            loaded.push((rel.clone(), loadable));
        }
        loaded
    }

    /// The indices of the pages that `loaded` replaces, if only their bodies
    /// changed and the site had no errors: then nothing but their own links
    /// needs resolving.
    fn body_only(&self, loaded: &[(String, Option<Loadable>)]) -> Option<Vec<usize>> {
        if self.broken || self.good.is_none() {
            return None;
        }
        let site = self.site.as_ref()?;
        loaded
            .iter()
            .map(|(rel, loadable)| {
                let Some(Loadable::Page(new)) = loadable else {
                    return None;
                };
                let i = site.pages.iter().position(|p| p.page.rel == *rel)?;
                let old = &site.pages[i].page;
                let same = modelled(old.kind)
                    && old.kind == new.kind
                    && old.text.get(..old.body_offset) == new.text.get(..new.body_offset)
                    && anchors(old) == anchors(new);
                same.then_some(i)
            })
            .collect()
    }

    /// Puts pages whose bodies alone changed into the site, resolves their
    /// links and checks them.
    fn relink_pages(
        &mut self,
        loaded: Vec<(String, Option<Loadable>)>,
        indices: &[usize],
        clock: Instant,
    ) -> Outcome {
        let draft_rels: HashSet<String> = self.drafts.iter().map(|p| p.rel.clone()).collect();
        let Some(site) = self.site.as_mut() else {
            return self.build();
        };
        for ((rel, loadable), &i) in loaded.into_iter().zip(indices) {
            if let Some(Loadable::Page(page)) = loadable {
                self.texts.insert(rel, text_hash(&page.text));
                site.pages[i].page = *page;
            }
        }
        let mut diagnostics = self.problems.all();
        let today = chrono::Local::now().date_naive();
        for &i in indices {
            let links = link::relink_page(site, i, &draft_rels);
            site.pages[i].hrefs = links.hrefs;
            site.pages[i].faq_hrefs = links.faq_hrefs;
            diagnostics.extend(links.diagnostics);
            diagnostics.extend(crate::lint::page_error_checks(site, i, today));
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            // Link the whole site, for the same messages a build gives.
            let pages = self.take_pages();
            return self.relink(pages, clock);
        }
        let changed = Changed::pages(site, indices);
        let plan = std::mem::take(&mut self.plan);
        let outcome = self.finish(
            diagnostics,
            &plan,
            &changed,
            Remember::Pages(indices),
            clock,
        );
        self.plan = plan;
        outcome
    }

    /// Puts the files of `loaded` (and the theme, when it changed) into the
    /// sources and links the site again.
    fn reload(
        &mut self,
        loaded: Vec<(String, Option<Loadable>)>,
        theme: bool,
        clock: Instant,
    ) -> Outcome {
        let mut pages = self.take_pages();
        let Some(sources) = self.sources.as_mut() else {
            return self.build();
        };
        if theme {
            let (new_theme, problems) =
                load::theme::load(&self.options.root, &sources.config.theme);
            sources.theme = new_theme;
            self.problems.theme = Some(problems);
        }
        for (rel, loadable) in loaded {
            pages.retain(|p| p.rel != rel);
            self.texts.remove(&rel);
            let section_dir = match rel.as_str() {
                "_index.md" => Some(""),
                other => other.strip_suffix("/_index.md"),
            };
            if let Some(dir) = section_dir {
                // Its `page_kind` is the kind of every page in the folder:
                // when it changes, they all must be loaded again.
                let old_kind = sources
                    .sections
                    .iter()
                    .find(|s| s.dir == dir)
                    .and_then(|s| s.meta.page_kind);
                sources.sections.retain(|s| s.dir != dir);
                let new_kind = match loadable {
                    Some(Loadable::Section(section)) => {
                        let kind = section.meta.page_kind;
                        sources.sections.push(*section);
                        kind
                    }
                    _ => None,
                };
                if old_kind != new_kind {
                    return self.build();
                }
            } else if let Some(Loadable::Page(page)) = loadable {
                self.texts.insert(rel, text_hash(&page.text));
                pages.push(*page);
            }
        }
        self.relink(pages, clock)
    }

    /// Whether the theme's static files are as the last good build had them,
    /// so that a theme change is a change of templates alone, and the
    /// site need not be linked again.
    fn templates_only(&mut self) -> bool {
        if self.broken || self.good.is_none() {
            return false;
        }
        let (Some(sources), Some(site)) = (self.sources.as_mut(), self.site.as_ref()) else {
            return false;
        };
        let (theme, problems) = load::theme::load(&self.options.root, &sources.config.theme);
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
        if !same_statics || !same_strings || problems.iter().any(Diagnostic::is_error) {
            return false;
        }
        self.problems.theme = Some(problems);
        sources.theme = theme;
        true
    }

    /// Renders every page again with the new templates.
    fn retheme(&mut self, clock: Instant) -> Outcome {
        let Some(sources) = &self.sources else {
            return self.build();
        };
        let theme = sources.theme.clone();
        let Some(site) = self.site.as_mut() else {
            return self.build();
        };
        site.theme = theme;
        let templates = templates_key(site);
        let changed = if self.good.as_ref().is_some_and(|g| g.templates == templates) {
            Changed::default()
        } else {
            Changed {
                everything: true,
                ..Changed::default()
            }
        };
        let plan = std::mem::take(&mut self.plan);
        let outcome = self.finish(
            Vec::new(),
            &plan,
            &changed,
            Remember::Templates(templates),
            clock,
        );
        self.plan = plan;
        outcome
    }

    /// Every page, published or not, taken out of the site.
    fn take_pages(&mut self) -> Vec<Page> {
        let mut pages: Vec<Page> = self
            .site
            .take()
            .map(|site| site.pages.into_iter().map(|p| p.page).collect())
            .unwrap_or_default();
        pages.append(&mut self.drafts);
        pages
    }

    /// Links `pages` with the sources, checks the site and renders what
    /// changed since the last good build.
    fn relink(&mut self, mut pages: Vec<Page>, clock: Instant) -> Outcome {
        let Some(sources) = &self.sources else {
            return self.build();
        };
        // The order a full load gives, which ties in sorting depend on.
        pages.sort_by(|a, b| Path::new(&a.rel).cmp(Path::new(&b.rel)));
        let include_drafts = self.options.include_drafts;
        self.drafts = if include_drafts {
            Vec::new()
        } else {
            pages.iter().filter(|p| p.meta.draft).cloned().collect()
        };
        let mut loaded = sources.clone();
        loaded.pages = pages;
        let (mut sites, mut diagnostics) = link::link_all(loaded, LinkOptions { include_drafts });
        let site = sites.remove(0);
        diagnostics.extend(self.problems.all());
        diagnostics.extend(crate::site::error_checks(
            &std::iter::once(&site)
                .chain(&sites)
                .cloned()
                .collect::<Vec<_>>(),
        ));
        self.others = sites;
        if diagnostics.iter().any(Diagnostic::is_error) {
            self.site = Some(site);
            return self.fail(diagnostics);
        }
        let plan = outputs::registry(&site);
        let snapshot = Snapshot::of(&site, &self.texts, &plan);
        let changed = match &self.good {
            Some(good) => Changed::between(&site, &snapshot, good),
            None => Changed::everything(),
        };
        self.site = Some(site);
        let outcome = self.finish(
            diagnostics,
            &plan,
            &changed,
            Remember::Snapshot(Box::new(snapshot)),
            clock,
        );
        self.plan = plan;
        outcome
    }

    /// Renders the outputs of `plan` that `changed` selects and, if that
    /// works, makes them the served files.
    ///
    /// The first good build makes every output. After that, outputs that
    /// read the whole site (the search index, say) wait for
    /// [`Live::catch_up`], so the pages a change shows are served first.
    fn finish(
        &mut self,
        diagnostics: Vec<Diagnostic>,
        plan: &[Entry],
        changed: &Changed,
        remember: Remember<'_>,
        clock: Instant,
    ) -> Outcome {
        if diagnostics.iter().any(Diagnostic::is_error) {
            return self.fail(diagnostics);
        }
        if !self.others.is_empty() {
            let (update, rendered) = match self.render_languages() {
                Ok(done) => done,
                Err(problems) => return self.fail(problems),
            };
            if let Remember::Snapshot(snapshot) = remember {
                self.good = Some(*snapshot);
            }
            self.broken = false;
            self.behind = false;
            return Outcome::Built {
                update,
                rendered,
                took: clock.elapsed(),
                catch_up: false,
            };
        }
        let first = self.files.is_empty();
        let selected: Vec<bool> = plan
            .iter()
            .map(|p| changed.selects(p) && (first || p.reads != Reads::Site))
            .collect();
        let gone = match remember {
            Remember::Snapshot(_) => Gone::Any,
            _ => Gone::None,
        };
        let (update, rendered) = match self.render(plan, &selected, first, gone) {
            Ok(done) => done,
            Err(problems) => return self.fail(problems),
        };
        match remember {
            Remember::Snapshot(snapshot) => self.good = Some(*snapshot),
            Remember::Templates(key) => {
                if let Some(good) = self.good.as_mut() {
                    good.templates = key;
                }
            }
            Remember::Pages(indices) => {
                if let (Some(good), Some(site)) = (self.good.as_mut(), &self.site) {
                    for &i in indices {
                        let state = page_state(site, i, &self.texts);
                        good.pages.insert(site.pages[i].page.rel.clone(), state);
                    }
                }
            }
        }
        self.broken = false;
        self.behind = !first;
        Outcome::Built {
            update,
            rendered,
            took: clock.elapsed(),
            catch_up: false,
        }
    }

    /// Whether outputs that read the whole site wait for
    /// [`Live::catch_up`].
    pub(crate) fn behind(&self) -> bool {
        self.behind && !self.broken
    }

    /// Brings the outputs that read the whole site up to date, after a
    /// rebuild served the pages it changed.
    pub(crate) fn catch_up(&mut self) -> Outcome {
        let clock = Instant::now();
        self.behind = false;
        let plan = std::mem::take(&mut self.plan);
        let selected: Vec<bool> = plan.iter().map(|p| p.reads == Reads::Site).collect();
        let result = self.render(&plan, &selected, true, Gone::SiteWide);
        self.plan = plan;
        match result {
            Ok((update, rendered)) => Outcome::Built {
                update,
                rendered,
                took: clock.elapsed(),
                catch_up: true,
            },
            Err(problems) => self.fail(problems),
        }
    }

    /// Renders the `selected` outputs of `plan`, and those made beside them
    /// when `beside`, and makes them the served files. Returns what
    /// changed, and the outputs rendered.
    fn render(
        &mut self,
        plan: &[Entry],
        selected: &[bool],
        beside: bool,
        gone: Gone,
    ) -> Result<(Update, Vec<String>), Vec<Diagnostic>> {
        let Some(site) = &self.site else {
            return Err(Vec::new());
        };
        let rendered: Mutex<Vec<Output>> = Mutex::new(Vec::new());
        let (problems, _) = render::render_selected::<Infallible>(
            site,
            plan,
            &|i| selected.get(i).copied().unwrap_or(true),
            &|output| {
                rendered
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(output);
                Ok(())
            },
        );
        if problems.iter().any(Diagnostic::is_error) {
            return Err(problems);
        }
        let rendered = rendered
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let paths: Vec<String> = rendered.iter().map(|o| o.path.clone()).collect();
        let mut update = Update {
            drafts: self.draft_addresses(),
            ..Update::default()
        };
        // Outputs whose path the plan does not know: made beside the jobs,
        // or by jobs that read the whole site.
        let known: HashSet<&str> = plan.iter().filter_map(planned_path).collect();
        let unplanned: HashSet<String> = paths
            .iter()
            .filter(|p| !known.contains(p.as_str()))
            .cloned()
            .collect();
        let made: HashSet<&str> = paths.iter().map(String::as_str).collect();
        update.removed = match gone {
            Gone::None => Vec::new(),
            // A page deleted, a list shorter.
            Gone::Any => self
                .files
                .keys()
                .filter(|p| {
                    !known.contains(p.as_str())
                        && !made.contains(p.as_str())
                        && (beside || !self.site_wide.contains(*p))
                })
                .cloned()
                .collect(),
            Gone::SiteWide => self
                .site_wide
                .iter()
                .filter(|p| !known.contains(p.as_str()) && !made.contains(p.as_str()))
                .cloned()
                .collect(),
        };
        for path in &update.removed {
            self.files.remove(path);
        }
        if beside {
            self.site_wide = unplanned;
        }
        self.keep(rendered, &mut update);
        Ok((update, paths))
    }

    /// Renders every language of a site written in several, whole, each
    /// under its prefix, and makes them the served files.
    fn render_languages(&mut self) -> Result<(Update, Vec<String>), Vec<Diagnostic>> {
        let Some(site) = &self.site else {
            return Err(Vec::new());
        };
        let rendered: Mutex<Vec<Output>> = Mutex::new(Vec::new());
        for language in std::iter::once(site).chain(&self.others) {
            let (problems, _) = render::render_into::<Infallible>(language, &|output| {
                rendered
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(output);
                Ok(())
            });
            if problems.iter().any(Diagnostic::is_error) {
                return Err(problems);
            }
        }
        let rendered = rendered
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let paths: Vec<String> = rendered.iter().map(|o| o.path.clone()).collect();
        let made: HashSet<&str> = paths.iter().map(String::as_str).collect();
        let mut update = Update {
            drafts: self.draft_addresses(),
            ..Update::default()
        };
        update.removed = self
            .files
            .keys()
            .filter(|p| !made.contains(p.as_str()))
            .cloned()
            .collect();
        for path in &update.removed {
            self.files.remove(path);
        }
        self.site_wide.clear();
        self.keep(rendered, &mut update);
        Ok((update, paths))
    }

    /// Makes `rendered` the served files, noting in `update` those that
    /// changed.
    fn keep(&mut self, rendered: Vec<Output>, update: &mut Update) {
        for output in rendered {
            let file = match output.body {
                Body::Bytes(bytes) => File::Bytes(Bytes::from(bytes)),
                Body::Copy(path) => File::Copy(path),
            };
            if self.files.get(&output.path) != Some(&file) {
                self.files.insert(output.path.clone(), file.clone());
                update.files.push((output.path, file));
            }
        }
    }

    fn fail(&mut self, mut diagnostics: Vec<Diagnostic>) -> Outcome {
        diagnostics.retain(Diagnostic::is_error);
        diag::sort(&mut diagnostics);
        diagnostics.dedup();
        self.broken = true;
        Outcome::Failed(diagnostics)
    }

    /// The addresses of the draft pages being shown.
    fn draft_addresses(&self) -> HashSet<String> {
        self.site
            .iter()
            .chain(&self.others)
            .flat_map(|site| {
                // Where the page is served: under its language's prefix.
                let prefix = site.output_prefix();
                site.pages
                    .iter()
                    .filter(|p| p.page.meta.draft)
                    .map(move |p| format!("/{prefix}{}", p.path.trim_start_matches('/')))
            })
            .collect()
    }
}

/// The file of an output whose file is known before rendering: all but the
/// search index.
fn planned_path(entry: &Entry) -> Option<&str> {
    (entry.kind != Kind::SearchIndex).then_some(entry.file.as_str())
}

/// Which served files a rendering may find gone.
#[derive(Debug, Clone, Copy)]
enum Gone {
    /// None: the site's outline did not change.
    None,
    /// Any file no output makes any more.
    Any,
    /// Only files made by outputs that read the whole site.
    SiteWide,
}

/// What to remember of a good build.
enum Remember<'a> {
    /// Everything: the site was linked again.
    Snapshot(Box<Snapshot>),
    /// Only these pages changed.
    Pages(&'a [usize]),
    /// Only the templates changed; this is their hash.
    Templates(u64),
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

/// The ids a page's links can point to, in order.
fn anchors(page: &Page) -> Vec<&str> {
    page.scan
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .chain(page.faq.iter().map(|f| f.id.as_str()))
        .collect()
}

fn text_hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// A page as the last good build saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PageState {
    /// A hash of its file and of what linking gave it.
    key: u64,
    /// Whether [`render::plan`] knows exactly which outputs show it.
    modelled: bool,
}

/// Every part of a good build that outputs read, as hashes, so that the
/// next build can tell which parts changed.
#[derive(Debug)]
struct Snapshot {
    config: u64,
    templates: u64,
    shared: tera::Context,
    outline: u64,
    /// By the page's path in `content/`.
    pages: HashMap<String, PageState>,
    /// By the section's folder.
    sections: HashMap<String, u64>,
    /// By the taxonomy's address: its vocabulary, and its terms' counts.
    taxonomies: HashMap<String, (u64, u64)>,
    /// By output path: what the output reads.
    jobs: HashMap<String, u64>,
}

impl Snapshot {
    fn of(site: &LinkedSite, texts: &HashMap<String, u64>, plan: &[Entry]) -> Self {
        let mut config = DefaultHasher::new();
        serde_json::to_string(&site.config)
            .unwrap_or_default()
            .hash(&mut config);
        let pages = (0..site.pages.len())
            .map(|i| (site.pages[i].page.rel.clone(), page_state(site, i, texts)))
            .collect();
        let sections = site
            .sections
            .iter()
            .map(|s| {
                let mut h = DefaultHasher::new();
                (&s.section.text, &s.section.meta.title, &s.path, &s.hrefs).hash(&mut h);
                for &i in &s.pages {
                    site.pages[i].page.rel.hash(&mut h);
                }
                h.write_u8(0);
                for &i in &s.subsections {
                    site.sections[i].section.dir.hash(&mut h);
                }
                (s.section.dir.clone(), h.finish())
            })
            .collect();
        let taxonomies = site
            .taxonomies
            .iter()
            .map(|t| {
                let mut terms = DefaultHasher::new();
                let mut counts = DefaultHasher::new();
                for term in &t.terms {
                    (&term.key, &term.title, &term.path).hash(&mut terms);
                    (&term.key, &term.title, &term.path, &term.description).hash(&mut counts);
                    term.pages.len().hash(&mut counts);
                }
                (t.path.clone(), (terms.finish(), counts.finish()))
            })
            .collect();
        let jobs = plan
            .iter()
            .filter_map(|p| match (planned_path(p), &p.reads) {
                (Some(path), Reads::Parts(parts)) => {
                    Some((path.to_string(), parts_key(site, parts)))
                }
                _ => None,
            })
            .collect();
        Snapshot {
            config: config.finish(),
            templates: templates_key(site),
            shared: render::shared_context(site),
            outline: render::outline_key(site),
            pages,
            sections,
            taxonomies,
            jobs,
        }
    }
}

/// A hash of the site's templates.
fn templates_key(site: &LinkedSite) -> u64 {
    let mut h = DefaultHasher::new();
    for t in &site.theme.templates {
        (&t.name, &t.text).hash(&mut h);
    }
    h.finish()
}

/// A hash of page `i` of `site`: its file, and what linking gave it.
fn page_state(site: &LinkedSite, i: usize, texts: &HashMap<String, u64>) -> PageState {
    let linked = &site.pages[i];
    let rel = |j: usize| site.pages[j].page.rel.as_str();
    let mut h = DefaultHasher::new();
    (texts.get(&linked.page.rel), &linked.path).hash(&mut h);
    std::mem::discriminant(&linked.page.kind).hash(&mut h);
    site.sections[linked.section].section.dir.hash(&mut h);
    linked
        .related
        .iter()
        .map(|&j| rel(j))
        .for_each(|r| r.hash(&mut h));
    h.write_u8(0);
    (linked.previous.map(rel), linked.next.map(rel)).hash(&mut h);
    (&linked.hrefs, &linked.faq_hrefs).hash(&mut h);
    PageState {
        key: h.finish(),
        modelled: modelled(linked.page.kind),
    }
}

/// A hash of which parts an output reads: pages by file, sections by
/// folder, taxonomies by address.
fn parts_key(site: &LinkedSite, parts: &[Part]) -> u64 {
    let mut h = DefaultHasher::new();
    for part in parts {
        match *part {
            Part::Page(i) => (0u8, &site.pages[i].page.rel).hash(&mut h),
            Part::Section(i) => (1u8, &site.sections[i].section.dir).hash(&mut h),
            Part::Terms(i) => (2u8, &site.taxonomies[i].path).hash(&mut h),
            Part::Taxonomy(i) => (3u8, &site.taxonomies[i].path).hash(&mut h),
            Part::Outline => 4u8.hash(&mut h),
        }
    }
    h.finish()
}

/// Which parts of the new site differ from the last good build.
#[derive(Debug, Default)]
struct Changed {
    /// Every output a template draws is rendered again.
    everything: bool,
    /// Copied files are made again and compared.
    copies: bool,
    outline: bool,
    pages: Vec<bool>,
    sections: Vec<bool>,
    terms: Vec<bool>,
    taxonomies: Vec<bool>,
    /// Outputs that read other parts than before, by output path.
    jobs: HashSet<String>,
}

impl Changed {
    fn everything() -> Self {
        Changed {
            everything: true,
            copies: true,
            ..Changed::default()
        }
    }

    /// Only these pages' bodies changed.
    fn pages(site: &LinkedSite, indices: &[usize]) -> Self {
        let mut pages = vec![false; site.pages.len()];
        for &i in indices {
            pages[i] = true;
        }
        Changed {
            pages,
            ..Changed::default()
        }
    }

    fn between(site: &LinkedSite, new: &Snapshot, old: &Snapshot) -> Self {
        // A page of a kind that `plan` does not model may be shown anywhere.
        let unmodelled_changed = |a: &HashMap<String, PageState>,
                                  b: &HashMap<String, PageState>| {
            a.iter()
                .any(|(rel, state)| !state.modelled && b.get(rel) != Some(state))
        };
        let everything = new.config != old.config
            || new.templates != old.templates
            || new.shared != old.shared
            || unmodelled_changed(&new.pages, &old.pages)
            || unmodelled_changed(&old.pages, &new.pages);
        if everything {
            return Changed::everything();
        }
        let taxonomy = |t: &crate::link::LinkedTaxonomy| {
            (new.taxonomies.get(&t.path), old.taxonomies.get(&t.path))
        };
        Changed {
            everything,
            copies: true,
            outline: new.outline != old.outline,
            pages: site
                .pages
                .iter()
                .map(|p| new.pages.get(&p.page.rel) != old.pages.get(&p.page.rel))
                .collect(),
            sections: site
                .sections
                .iter()
                .map(|s| new.sections.get(&s.section.dir) != old.sections.get(&s.section.dir))
                .collect(),
            terms: site
                .taxonomies
                .iter()
                .map(|t| match taxonomy(t) {
                    (Some(a), Some(b)) => a.0 != b.0,
                    _ => true,
                })
                .collect(),
            taxonomies: site
                .taxonomies
                .iter()
                .map(|t| match taxonomy(t) {
                    (Some(a), Some(b)) => a != b,
                    _ => true,
                })
                .collect(),
            jobs: new
                .jobs
                .iter()
                .filter(|(path, key)| old.jobs.get(*path) != Some(key))
                .map(|(path, _)| path.clone())
                .collect(),
        }
    }

    fn part(&self, part: Part) -> bool {
        let flag = |flags: &[bool], i: usize| flags.get(i).copied().unwrap_or(false);
        match part {
            Part::Page(i) => flag(&self.pages, i),
            Part::Section(i) => flag(&self.sections, i),
            Part::Terms(i) => flag(&self.terms, i),
            Part::Taxonomy(i) => flag(&self.taxonomies, i),
            Part::Outline => self.outline,
        }
    }

    /// Whether `planned` must be rendered again.
    fn selects(&self, planned: &Entry) -> bool {
        match &planned.reads {
            // Copies are cheap: make them all and compare, unless only
            // page bodies changed.
            Reads::Own => self.copies,
            Reads::Site => true,
            Reads::Parts(parts) => {
                self.everything
                    || planned_path(planned).is_none_or(|path| self.jobs.contains(path))
                    || parts.iter().any(|&part| self.part(part))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Every change applied in memory must give exactly the files that a
    //! full build of the changed sources gives.

    use super::*;

    struct Site {
        dir: tempfile::TempDir,
        live: Live,
    }

    fn copy_dir(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    fn options(root: &Path, include_drafts: bool) -> LiveOptions {
        LiveOptions {
            root: root.to_path_buf(),
            include_drafts,
            base_url: "http://127.0.0.1:1111/".to_string(),
        }
    }

    impl Site {
        /// A copy of `parts` of the folder `from` (relative to the crate).
        fn new(from: &str, parts: &[&str], include_drafts: bool) -> Site {
            let dir = tempfile::tempdir().unwrap();
            let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(from);
            for part in parts {
                let source = from.join(part);
                if source.is_dir() {
                    copy_dir(&source, &dir.path().join(part));
                } else if source.is_file() {
                    std::fs::copy(&source, dir.path().join(part)).unwrap();
                }
            }
            let mut live = Live::new(options(dir.path(), include_drafts));
            assert_built(live.build());
            Site { dir, live }
        }

        fn path(&self, rel: &str) -> PathBuf {
            self.dir.path().join(rel)
        }

        fn edit(&self, rel: &str, from: &str, to: &str) {
            let text = std::fs::read_to_string(self.path(rel)).unwrap();
            assert!(text.contains(from), "{rel} has no {from:?}");
            std::fs::write(self.path(rel), text.replacen(from, to, 1)).unwrap();
        }

        fn write(&self, rel: &str, text: &str) {
            let path = self.path(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }

        /// Applies `changes` and checks the result against a full build.
        fn apply(&mut self, changes: Changes) -> Update {
            let update = assert_built(self.live.apply(&changes));
            if self.live.behind() {
                assert_built(self.live.catch_up());
            }
            let mut full = Live::new(self.live.options.clone());
            assert_built(full.build());
            let mut ours: Vec<_> = self.live.files().iter().collect();
            let mut theirs: Vec<_> = full.files().iter().collect();
            ours.sort_by(|a, b| a.0.cmp(b.0));
            theirs.sort_by(|a, b| a.0.cmp(b.0));
            let paths = |files: &[(&String, &File)]| {
                files.iter().map(|(p, _)| p.to_string()).collect::<Vec<_>>()
            };
            assert_eq!(paths(&ours), paths(&theirs), "different files");
            for ((path, a), (_, b)) in ours.iter().zip(&theirs) {
                assert!(a == b, "{path} differs from a full build");
            }
            update
        }

        fn content(&mut self, rels: &[&str]) -> Update {
            self.apply(Changes {
                content: rels.iter().map(|r| r.to_string()).collect(),
                ..Changes::default()
            })
        }
    }

    fn assert_built(outcome: Outcome) -> Update {
        assert_rendered(outcome).0
    }

    /// The update, and the outputs rendered.
    fn assert_rendered(outcome: Outcome) -> (Update, Vec<String>) {
        match outcome {
            Outcome::Built {
                update, rendered, ..
            } => (update, rendered),
            Outcome::Failed(errors) => panic!("the build failed: {errors:#?}"),
        }
    }

    fn changed(update: &Update) -> Vec<&str> {
        let mut paths: Vec<&str> = update.changed_paths().collect();
        paths.sort_unstable();
        paths
    }

    const FIXTURE: &[&str] = &["candor.yaml", "content", "static"];

    #[test]
    fn a_site_in_several_languages_follows_translations_coming_and_going() {
        let parts = &["candor.yaml", "content", "forms", "i18n"];
        let mut site = Site::new("tests/fixtures/i18n", parts, false);
        assert!(site
            .live
            .files()
            .contains_key("es/articles/consentimiento/index.html"));
        // A new translation replaces the untranslated entry of its section.
        site.write(
            "content/articles/closeness.es.md",
            "---\ntitle: \"Cercanía\"\ndate: 2026-01-06\ntopics: [desire]\n---\nNadie la lista.\n",
        );
        let update = site.content(&["articles/closeness.es.md"]);
        assert!(changed(&update).contains(&"es/articles/closeness/index.html"));
        // An edit to a Spanish page shows in the Spanish site only.
        site.edit(
            "content/articles/consent.es.md",
            "una conversación que sigue.",
            "una conversación sin fin.",
        );
        let update = site.content(&["articles/consent.es.md"]);
        assert!(changed(&update).contains(&"es/articles/consentimiento/index.html"));
        assert!(!changed(&update).contains(&"articles/consent/index.html"));
        // Deleted: its page goes, and it is listed as untranslated again.
        std::fs::remove_file(site.path("content/articles/closeness.es.md")).unwrap();
        let update = site.content(&["articles/closeness.es.md"]);
        assert!(update
            .removed
            .contains(&"es/articles/closeness/index.html".to_string()));
        // The site's own interface strings replace the theme's.
        site.write("i18n/es.ftl", "breadcrumb-home = Portada\n");
        let update = site.apply(Changes {
            theme: true,
            ..Changes::default()
        });
        assert!(changed(&update).contains(&"es/articles/consentimiento/index.html"));
        let File::Bytes(page) = &site.live.files()["es/articles/consentimiento/index.html"] else {
            panic!("a rendered page is bytes");
        };
        assert!(String::from_utf8_lossy(page).contains(">Portada</a>"));
        // Back to one language: the other languages' files go.
        for entry in walkdir::WalkDir::new(site.path("content")) {
            let path = entry.unwrap().into_path();
            let name = path.to_string_lossy();
            if name.ends_with(".es.md") || name.ends_with(".ar.md") {
                std::fs::remove_file(&path).unwrap();
            }
        }
        site.edit("candor.yaml", "  - code: es\n    name: Español\n", "");
        site.edit("candor.yaml", "  - code: ar\n    name: العربية\n", "");
        let update = site.apply(Changes {
            config: true,
            ..Changes::default()
        });
        assert!(update
            .removed
            .contains(&"es/articles/consentimiento/index.html".to_string()));
        assert!(!site.live.files().keys().any(|p| p.starts_with("es/")));
    }

    #[test]
    fn drafts_of_every_language_are_marked_where_they_are_served() {
        let parts = &["candor.yaml", "content", "forms"];
        let mut site = Site::new("tests/fixtures/i18n", parts, true);
        site.write(
            "content/articles/closeness.es.md",
            "---\ntitle: \"Cercanía\"\ndate: 2026-01-06\ndraft: true\n---\nBorrador.\n",
        );
        let update = site.content(&["articles/closeness.es.md"]);
        assert!(
            update.drafts.contains("/es/articles/closeness/"),
            "{:?}",
            update.drafts
        );
        assert!(!update.drafts.contains("/articles/closeness/"));
    }

    #[test]
    fn a_body_edit_renders_the_page_and_what_lists_it() {
        let mut site = Site::new("tests/fixtures/basic", FIXTURE, false);
        site.edit(
            "content/articles/third.md",
            "The oldest one.",
            "The oldest one, edited.",
        );
        let (update, rendered) = assert_rendered(site.live.apply(&Changes {
            content: ["articles/third.md".to_string()].into(),
            ..Changes::default()
        }));
        site.content(&[]);
        let paths = changed(&update);
        assert!(paths.contains(&"articles/third/index.html"), "{paths:?}");
        // The page, its neighbours, the list page, home page and feed that
        // show it; not pages that do not, nor the sitemap, which lists
        // addresses and dates only.
        for shown in [
            "articles/third/index.html",
            "articles/bundle/index.html",
            "articles/page/2/index.html",
            "index.html",
            "atom.xml",
        ] {
            assert!(rendered.iter().any(|p| p == shown), "{shown}: {rendered:?}");
        }
        for not_shown in [
            "about/index.html",
            "faq/basics/index.html",
            "articles/first/index.html",
            "articles/index.html",
            "tags/index.html",
            "sitemap.xml",
            "style.css",
        ] {
            assert!(
                !rendered.iter().any(|p| p == not_shown),
                "{not_shown}: {rendered:?}"
            );
        }
    }

    #[test]
    fn front_matter_edits_move_pages_between_lists() {
        let mut site = Site::new("tests/fixtures/basic", FIXTURE, false);
        site.edit(
            "content/articles/third.md",
            "date: 2026-01-15",
            "date: 2026-09-15",
        );
        site.content(&["articles/third.md"]);
        site.edit(
            "content/articles/second.md",
            "tags: [talking]",
            "tags: [new tag]",
        );
        let update = site.content(&["articles/second.md"]);
        assert!(changed(&update).contains(&"tags/new-tag/index.html"));
        site.edit(
            "content/articles/first.md",
            "title: \"First article\"",
            "title: \"Renamed\"",
        );
        site.content(&["articles/first.md"]);
        site.edit(
            "content/articles/second.md",
            "## Details",
            "## Details {#more}",
        );
        assert!(matches!(
            site.live.apply(&Changes {
                content: ["articles/second.md".to_string()].into(),
                ..Changes::default()
            }),
            Outcome::Failed(_)
        ));
        site.edit(
            "content/articles/first.md",
            "second.md#details",
            "second.md#more",
        );
        site.content(&["articles/first.md"]);
    }

    #[test]
    fn new_renamed_and_deleted_files_leave_nothing_stale() {
        let mut site = Site::new("tests/fixtures/basic", FIXTURE, false);
        site.write(
            "content/articles/fourth.md",
            "---\ntitle: \"Fourth\"\ndate: 2026-08-01\ntopics: [intimacy]\n---\n\nNew.\n",
        );
        let update = site.content(&["articles/fourth.md"]);
        assert!(changed(&update).contains(&"articles/fourth/index.html"));
        std::fs::rename(
            site.path("content/articles/fourth.md"),
            site.path("content/articles/renamed.md"),
        )
        .unwrap();
        let update = site.content(&["articles/fourth.md", "articles/renamed.md"]);
        assert!(update
            .removed
            .contains(&"articles/fourth/index.html".to_string()));
        std::fs::remove_file(site.path("content/articles/third.md")).unwrap();
        let update = site.content(&["articles/third.md"]);
        assert!(update
            .removed
            .contains(&"articles/third/index.html".to_string()));
        std::fs::remove_dir_all(site.path("content/articles/bundle")).unwrap();
        let update = site.content(&["articles/bundle"]);
        assert!(update
            .removed
            .contains(&"articles/bundle/photo.svg".to_string()));
    }

    #[test]
    fn drafts_sections_and_a_broken_file_then_fixed() {
        let mut site = Site::new("tests/fixtures/basic", FIXTURE, false);
        site.edit("content/articles/secret.md", "draft: true", "draft: false");
        let update = site.content(&["articles/secret.md"]);
        assert!(changed(&update).contains(&"articles/secret/index.html"));
        site.edit(
            "content/articles/_index.md",
            "title: \"Articles\"",
            "title: \"Reading\"",
        );
        site.content(&["articles/_index.md"]);
        site.edit("content/faq/_index.md", "page_kind: faq", "page_kind: page");
        site.apply(Changes {
            content: ["faq/_index.md".to_string()].into(),
            ..Changes::default()
        });
        let good = std::fs::read_to_string(site.path("content/about.md")).unwrap();
        site.write("content/about.md", "---\ntitle: [broken\n---\n");
        let failed = site.live.apply(&Changes {
            content: ["about.md".to_string()].into(),
            ..Changes::default()
        });
        let Outcome::Failed(errors) = failed else {
            panic!("a broken file must fail the rebuild");
        };
        assert_eq!(errors[0].file, Path::new("content/about.md"));
        site.write("content/about.md", &good);
        site.content(&["about.md"]);
    }

    #[test]
    fn theme_static_and_config_changes() {
        let mut site = Site::new("tests/fixtures/basic", FIXTURE, true);
        let base = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
        )
        .unwrap();
        site.write(
            "templates/base.html",
            &base.replace("<footer", "<div>edited</div><footer"),
        );
        let update = site.apply(Changes {
            theme: true,
            ..Changes::default()
        });
        assert!(changed(&update).contains(&"about/index.html"));
        site.write(
            "templates/base.html",
            &base.replace("{% block content %}", "{% block content"),
        );
        let failed = site.live.apply(&Changes {
            theme: true,
            ..Changes::default()
        });
        assert!(
            matches!(failed, Outcome::Failed(ref errors) if errors[0].code == "template/error")
        );
        site.write(
            "templates/base.html",
            &base.replace("<footer", "<div>again</div><footer"),
        );
        site.apply(Changes {
            theme: true,
            ..Changes::default()
        });
        site.write("static/files/handout.txt", "changed");
        let update = site.apply(Changes {
            theme: true,
            ..Changes::default()
        });
        assert_eq!(changed(&update), ["files/handout.txt"]);
        site.edit("candor.yaml", "paginate_by: 10", "paginate_by: 1");
        site.apply(Changes {
            config: true,
            ..Changes::default()
        });
    }

    #[test]
    fn the_example_site_stays_equal_to_a_full_build() {
        let parts = [
            "candor.yaml",
            "content",
            "themes",
            "forms",
            "static",
            "templates",
        ];
        let mut site = Site::new(".", &parts, false);
        let article = walkdir::WalkDir::new(site.path("content/articles"))
            .into_iter()
            .map(Result::unwrap)
            .find(|e| {
                e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "_index.md"
            })
            .unwrap();
        let rel = article
            .path()
            .strip_prefix(site.path("content"))
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let text = std::fs::read_to_string(article.path()).unwrap();
        std::fs::write(article.path(), format!("{text}\nOne more sentence.\n")).unwrap();
        site.content(&[&rel]);
        let therapist = walkdir::WalkDir::new(site.path("content"))
            .into_iter()
            .map(Result::unwrap)
            .find(|e| {
                e.path().extension().is_some_and(|x| x == "md")
                    && e.file_name() != "_index.md"
                    && e.path().to_string_lossy().contains("therapists")
            });
        if let Some(therapist) = therapist {
            let rel = therapist
                .path()
                .strip_prefix(site.path("content"))
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            let text = std::fs::read_to_string(therapist.path()).unwrap();
            std::fs::write(therapist.path(), format!("{text}\nAlso sees couples.\n")).unwrap();
            site.content(&[&rel]);
        }
    }
}

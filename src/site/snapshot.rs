//! The last good build of one language, part by part, as hashes: what
//! lets a change find which outputs it affects and stop early when a part
//! comes out of linking as it was (early cutoff).

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use super::planned_path;
use crate::link::outputs::{modelled, Entry, Part, Reads};
use crate::link::LinkedSite;
use crate::load::Page;
use crate::render;

/// The ids a page's links can point to.
pub(super) fn anchors(page: &Page) -> HashSet<&str> {
    crate::link::page_anchors(page)
}

pub(super) fn text_hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// A page as the last good build saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PageState {
    /// A hash of its file and of what linking gave it.
    key: u64,
    /// Whether the registry knows exactly which outputs show it.
    modelled: bool,
}

/// Every part of a good build that outputs read, as hashes, so that the
/// next build can tell which parts changed.
#[derive(Debug)]
pub(super) struct Snapshot {
    config: u64,
    pub(super) templates: u64,
    shared: tera::Context,
    outline: u64,
    /// By the page's file.
    pub(super) pages: HashMap<PathBuf, PageState>,
    /// The language's ties to the others: translations, pages shown
    /// untranslated, and where the default language's pages are here.
    languages: u64,
    /// By the section's folder.
    sections: HashMap<String, u64>,
    /// By the taxonomy's address: its vocabulary, and its terms' counts.
    taxonomies: HashMap<String, (u64, u64)>,
    /// By output path: what the output reads.
    jobs: HashMap<String, u64>,
}

impl Snapshot {
    pub(super) fn of(site: &LinkedSite, texts: &HashMap<PathBuf, u64>, plan: &[Entry]) -> Self {
        let mut config = DefaultHasher::new();
        serde_json::to_string(&site.config)
            .unwrap_or_default()
            .hash(&mut config);
        // The bibliography is part of the settings: every list of sources
        // and every citation may change with it.
        site.bibliography
            .as_deref()
            .map(|b| b.fingerprint())
            .hash(&mut config);
        let pages = (0..site.pages.len())
            .map(|i| {
                (
                    site.pages[i].page.source.clone(),
                    page_state(site, i, texts),
                )
            })
            .collect();
        let sections = site
            .sections
            .iter()
            .map(|s| {
                let mut h = DefaultHasher::new();
                (&s.section.text, &s.section.meta.title, &s.path, &s.hrefs).hash(&mut h);
                pictures_shown(site, s.hrefs.iter()).hash(&mut h);
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
            languages: languages_key(site),
            config: config.finish(),
            templates: templates_key(site),
            shared: render::shared_context(site),
            outline: render::outline_key(site, plan),
            pages,
            sections,
            taxonomies,
            jobs,
        }
    }
}

/// A hash of the site's templates and interface strings.
pub(super) fn templates_key(site: &LinkedSite) -> u64 {
    let mut h = DefaultHasher::new();
    for t in &site.theme.templates {
        (&t.name, &t.text).hash(&mut h);
    }
    // The interface strings the templates show.
    for t in &site.theme.translations {
        (&t.lang, &t.text).hash(&mut h);
    }
    h.finish()
}

/// A hash of page `i` of `site`: its file, and what linking gave it.
pub(super) fn page_state(site: &LinkedSite, i: usize, texts: &HashMap<PathBuf, u64>) -> PageState {
    let linked = &site.pages[i];
    let rel = |j: usize| site.pages[j].page.rel.as_str();
    let mut h = DefaultHasher::new();
    (
        texts.get(&linked.page.source),
        &linked.page.rel,
        &linked.path,
    )
        .hash(&mut h);
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
    // A photo replaced by one of another size changes the page's <img>.
    pictures_shown(
        site,
        linked.hrefs.iter().chain(linked.faq_hrefs.iter().flatten()),
    )
    .hash(&mut h);
    PageState {
        key: h.finish(),
        modelled: modelled(linked.page.kind),
    }
}

/// The copies of the photos among `hrefs`, as a page offers them.
fn pictures_shown<'a>(
    site: &'a LinkedSite,
    hrefs: impl Iterator<Item = &'a Option<String>>,
) -> Vec<&'a crate::images::Pictures> {
    hrefs
        .flatten()
        .filter_map(|href| site.pictures.get(href))
        .collect()
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
pub(super) struct Changed {
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
    pub(super) fn everything() -> Self {
        Changed {
            everything: true,
            copies: true,
            ..Changed::default()
        }
    }

    /// Only these pages' bodies changed.
    pub(super) fn pages(site: &LinkedSite, indices: &[usize]) -> Self {
        let mut pages = vec![false; site.pages.len()];
        for &i in indices {
            pages[i] = true;
        }
        Changed {
            pages,
            ..Changed::default()
        }
    }

    pub(super) fn between(site: &LinkedSite, new: &Snapshot, old: &Snapshot) -> Self {
        // A page of a kind that `plan` does not model may be shown anywhere.
        let unmodelled_changed =
            |a: &HashMap<PathBuf, PageState>, b: &HashMap<PathBuf, PageState>| {
                a.iter()
                    .any(|(rel, state)| !state.modelled && b.get(rel) != Some(state))
            };
        let everything = new.config != old.config
            || new.languages != old.languages
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
                .map(|p| new.pages.get(&p.page.source) != old.pages.get(&p.page.source))
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
    pub(super) fn selects(&self, planned: &Entry) -> bool {
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

/// A hash of how a language is tied to the others: the addresses of each
/// page's translations, the pages shown untranslated in each section, and
/// where the default language's pages are in this one.
fn languages_key(site: &LinkedSite) -> u64 {
    let language = &site.language;
    if language.languages.len() < 2 {
        return 0;
    }
    let alternates: BTreeMap<&String, _> = language.alternates.iter().collect();
    let from_default: BTreeMap<&String, &String> = language.from_default.iter().collect();
    let untranslated: Vec<_> = site.sections.iter().map(|s| &s.untranslated).collect();
    let mut h = DefaultHasher::new();
    serde_json::to_string(&(alternates, from_default, untranslated, &language.languages))
        .unwrap_or_default()
        .hash(&mut h);
    h.finish()
}

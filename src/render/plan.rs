//! What each output is drawn from.
//!
//! `candor serve` keeps the linked site in memory. After a change it asks
//! [`plan`] which parts of the site every output reads, compares those parts
//! with the last good build, and renders again only the outputs whose
//! inputs changed, with the build's own jobs.
//!
//! The list must stay honest: when a job's context starts to read more of
//! the site, add it here. Anything this file does not describe exactly is
//! [`Reads::Site`], rendered again after every change, so a new kind of job
//! is never left stale; it is only rendered more often than it needs.

use std::collections::HashMap;

use tera::Context;

use super::{
    feed_entries, global_context, index_file, is_directory, jobs, pager_path, section_listing,
    sitemap_entries, Job, RenderJob,
};
use crate::link::LinkedSite;
use crate::load::PageKind;

/// What one output reads, beyond the settings, navigation and templates
/// every page shares (see [`shared_context`]).
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

/// One output of the build, as [`plan`] describes it.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    /// Where the output goes, when that is known before rendering.
    pub(crate) path: Option<String>,
    /// What it is drawn from.
    pub(crate) reads: Reads,
}

/// The page kinds whose dependencies [`plan`] describes exactly. Other
/// kinds, such as therapist profiles (which articles and the directory
/// show too), render every page again when one of them changes.
pub(crate) fn modelled(kind: PageKind) -> bool {
    matches!(kind, PageKind::Article | PageKind::Faq | PageKind::Page)
}

/// Every output of `site`, in the order that [`super::render_selected`]
/// numbers them.
pub(crate) fn plan(site: &LinkedSite) -> Vec<Planned> {
    let page_at: HashMap<&str, usize> = if site.aliases.is_empty() {
        HashMap::new()
    } else {
        site.pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.as_str(), i))
            .collect()
    };
    jobs(site)
        .iter()
        .map(|job| plan_job(site, job, &page_at))
        .collect()
}

/// The values every template sees: when they change, every output that a
/// template draws is rendered again.
pub(crate) fn shared_context(site: &LinkedSite) -> Context {
    let mut context = Context::new();
    global_context(site, &mut context);
    context
}

/// A hash of [`Part::Outline`]: what the sitemap lists.
pub(crate) fn outline_key(site: &LinkedSite) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for entry in sitemap_entries(site) {
        (entry.loc, entry.lastmod).hash(&mut hasher);
    }
    hasher.finish()
}

fn plan_job(site: &LinkedSite, job: &Job, page_at: &HashMap<&str, usize>) -> Planned {
    if let Job::Render(job) = job {
        return plan_render(site, job, page_at);
    }
    let path = match *job {
        Job::Static(i) => Some(site.theme.statics[i].rel.clone()),
        Job::Asset(i) => Some(site.assets[i].1.clone()),
        Job::Highlight => Some(crate::highlight::STYLESHEET_PATH.to_string()),
        Job::Headers => Some(crate::headers::HEADERS_FILE.to_string()),
        _ => None,
    };
    match path {
        Some(path) => Planned {
            path: Some(path),
            reads: Reads::Own,
        },
        None => everything(),
    }
}

fn everything() -> Planned {
    Planned {
        path: None,
        reads: Reads::Site,
    }
}

fn parts(path: String, parts: Vec<Part>) -> Planned {
    Planned {
        path: Some(path),
        reads: Reads::Parts(parts),
    }
}

fn plan_render(site: &LinkedSite, job: &RenderJob, page_at: &HashMap<&str, usize>) -> Planned {
    match *job {
        RenderJob::Page(i) if modelled(site.pages[i].page.kind) => {
            let page = &site.pages[i];
            let mut read = vec![Part::Page(i)];
            read.extend(page.related.iter().map(|&j| Part::Page(j)));
            read.extend(page.previous.into_iter().chain(page.next).map(Part::Page));
            read.extend(section_chain(site, page.section).map(Part::Section));
            read.extend((0..site.taxonomies.len()).map(Part::Terms));
            parts(index_file(&page.path), read)
        }
        RenderJob::Section {
            section, number, ..
        } if !is_directory(&site.sections[section]) => {
            let s = &site.sections[section];
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
            parts(index_file(&pager_path(&s.path, number)), read)
        }
        RenderJob::TaxonomyIndex(t) => parts(
            index_file(&site.taxonomies[t].path),
            vec![Part::Taxonomy(t)],
        ),
        RenderJob::Term {
            taxonomy,
            term,
            number,
            ..
        } => {
            let t = &site.taxonomies[taxonomy].terms[term];
            let per_page = site.config.paginate_by;
            let mut read = vec![Part::Taxonomy(taxonomy)];
            read.extend(
                t.pages
                    .iter()
                    .skip((number - 1) * per_page)
                    .take(per_page)
                    .map(|&i| Part::Page(i)),
            );
            parts(index_file(&pager_path(&t.path, number)), read)
        }
        RenderJob::Alias(i) => {
            let alias = &site.aliases[i];
            match page_at.get(alias.target.as_str()) {
                Some(&page) => parts(alias.file.clone(), vec![Part::Page(page)]),
                None => everything(),
            }
        }
        RenderJob::NotFound => parts("404.html".to_string(), Vec::new()),
        RenderJob::Robots => parts("robots.txt".to_string(), Vec::new()),
        // Every page's, list's and taxonomy's address, and the pages' dates.
        RenderJob::Sitemap => parts("sitemap.xml".to_string(), vec![Part::Outline]),
        RenderJob::Feed => parts(
            "atom.xml".to_string(),
            feed_entries(site).into_iter().map(Part::Page).collect(),
        ),
        _ => everything(),
    }
}

/// A section and the sections around it, up to the home page: what its
/// breadcrumbs show.
fn section_chain(site: &LinkedSite, section: usize) -> impl Iterator<Item = usize> + '_ {
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

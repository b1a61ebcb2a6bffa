//! What the blocks of a text need from the whole site, gathered once per
//! render: the label of each callout kind, the definition of each
//! glossary term and the formatted reference of each cited work (which the
//! bibliography keeps between renders).

use std::collections::HashMap;

use std::sync::Arc;

use serde::Serialize;

use crate::i18n::Arg;
use crate::link::{LinkedPage, LinkedSite};
use crate::load::sources::Work;
use crate::load::{Page, PageKind};
use crate::markdown::{self, Blocks, Definition, Part, Resolved, TermWords};

/// The blocks' site-wide values in one language.
pub(super) struct SiteBlocks {
    callouts: HashMap<String, String>,
    glossary: HashMap<String, Definition>,
    term_words: TermWords,
    /// Each work of the bibliography, formatted.
    works: Arc<HashMap<String, Work>>,
    /// "Source 3" with `{n}` for the number.
    source_label: String,
}

/// One work in a page's list of sources.
#[derive(Debug, Clone, Serialize)]
pub(super) struct SourceContext {
    /// Its number, from 1, in the order the page first cites it.
    number: usize,
    /// The id of its list item, which citations link to.
    id: String,
    /// Its reference, as HTML.
    html: String,
    /// The ids of the citations of it, in order, for links back.
    mentions: Vec<String>,
}

/// The sources a page cites.
pub(super) struct PageSources {
    /// The number of each cited work, by key.
    pub(super) numbers: HashMap<String, usize>,
    /// The list, in number order.
    pub(super) list: Vec<SourceContext>,
    /// schema.org data of each, in number order.
    pub(super) json: Vec<serde_json::Value>,
}

impl SiteBlocks {
    /// The blocks' values for `site`.
    pub(super) fn new(site: &LinkedSite) -> SiteBlocks {
        let strings = &site.strings;
        let mut callouts: HashMap<String, String> = markdown::BUILT_IN_CALLOUTS
            .iter()
            .map(|kind| {
                let id = format!("callout-{}", kind.to_ascii_lowercase());
                (kind.to_string(), strings.get(&id))
            })
            .collect();
        for (kind, label) in site.config.callout_labels() {
            callouts.insert(kind, label.to_string());
        }
        let works = site
            .bibliography
            .as_deref()
            .map(|b| b.works(&site.language.code))
            .unwrap_or_default();
        SiteBlocks {
            callouts,
            glossary: glossary_definitions(site),
            term_words: TermWords {
                ask: strings.with(
                    "glossary-term-button",
                    &[("term", Arg::Text("{term}".into()))],
                ),
                more: strings.get("glossary-term-more"),
                close: strings.get("glossary-term-close"),
            },
            works,
            source_label: strings.with("source-label", &[("number", Arg::Text("{n}".into()))]),
        }
    }

    /// The blocks of `page`, whose cited works are numbered by `sources`.
    /// The glossary itself shows its terms in full, so its links to them
    /// show no definitions.
    pub(super) fn for_page<'a>(
        &'a self,
        page: &Page,
        sources: &'a PageSources,
        label: &'a (dyn Fn(usize) -> String + Sync),
    ) -> Blocks<'a> {
        static NONE: std::sync::LazyLock<HashMap<String, Definition>> =
            std::sync::LazyLock::new(HashMap::new);
        Blocks {
            callouts: &self.callouts,
            glossary: if page.kind == PageKind::Glossary {
                &NONE
            } else {
                &self.glossary
            },
            term_words: &self.term_words,
            sources: &sources.numbers,
            source_label: label,
            scope: "",
        }
    }

    /// A work's number as screen readers hear it.
    pub(super) fn source_label(&self, n: usize) -> String {
        self.source_label.replace("{n}", &n.to_string())
    }

    /// The works `page` cites, numbered in the order it first cites them,
    /// each with the ids of its citations: the same ids and numbers the
    /// second markdown pass gives them. A citation with a key the
    /// bibliography lacks is left as written, and counts for nothing.
    pub(super) fn page_sources(&self, page: &Page) -> PageSources {
        let mut sources = PageSources {
            numbers: HashMap::new(),
            list: Vec::new(),
            json: Vec::new(),
        };
        let mut mention = 0;
        for citation in &page.scan.citations {
            if !citation
                .items
                .iter()
                .all(|item| self.works.contains_key(&item.key))
            {
                continue;
            }
            for item in &citation.items {
                mention += 1;
                let next = sources.numbers.len() + 1;
                let n = *sources.numbers.entry(item.key.clone()).or_insert(next);
                if n == next {
                    let work = &self.works[&item.key];
                    sources.list.push(SourceContext {
                        number: n,
                        id: markdown::source_id(n),
                        html: work.html.clone(),
                        mentions: Vec::new(),
                    });
                    sources.json.push(work.json.clone());
                }
                sources.list[n - 1]
                    .mentions
                    .push(markdown::cite_id(mention));
            }
        }
        sources
    }
}

/// The terms of each glossary page of `site`, by the href of their entry:
/// the first paragraph of each, as a link to the term shows it.
fn glossary_definitions(site: &LinkedSite) -> HashMap<String, Definition> {
    let mut definitions = HashMap::new();
    for linked in site
        .pages
        .iter()
        .filter(|p| p.page.kind == PageKind::Glossary)
    {
        let href = site.href(&linked.path);
        for part in glossary_parts(linked) {
            let entry = format!("{href}#{}", part.id);
            // A link within the glossary, written `#term`, leads there
            // from any page.
            let html = part
                .first_html
                .replace("href=\"#", &format!("href=\"{href}#"));
            definitions.insert(
                entry.clone(),
                Definition {
                    title: part.title,
                    html,
                    href: entry,
                },
            );
        }
    }
    definitions
}

/// A glossary page's terms with their definitions, as written.
fn glossary_parts(linked: &LinkedPage) -> Vec<Part> {
    let ids: Vec<String> = linked
        .page
        .scan
        .headings
        .iter()
        .map(|h| h.id.clone())
        .collect();
    markdown::render_parts(
        &linked.page.body(),
        Resolved {
            hrefs: &linked.hrefs,
            heading_ids: &ids,
            pictures: None,
            blocks: None,
        },
    )
    .1
}

//! What can be found: the site's pages and questions as search *entries*.
//!
//! Every published page is an entry, and so is every section but the home
//! page (a section lists its pages and may have text of its own, such as
//! the therapist directory). Every question is an entry of its
//! own too, linking to its anchor: front-matter `faq:` questions of any
//! page, and the `##` questions of FAQ pages. A page's entry carries its
//! questions' text (so the page is found by them) but not their answers,
//! which belong to the question's entry; a question is thus found once,
//! at the place that answers it.
//!
//! Entries are generic over page kinds: a new kind of page is indexed and
//! listed (grouped under its kind's name) without changes here.

use crate::config::TaxonomyName;
use crate::link::{LinkedPage, LinkedSite, LinkedTerm};
use crate::load::{PageKind, PageText};

use std::borrow::Cow;
use std::ops::Range;

/// The group of sections.
pub(crate) use crate::link::az::SECTION;

/// What kind of thing an entry is, for grouping the A–Z list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Group {
    /// A page, by its kind's name (`article`, `faq`, `therapist`…).
    Page(String),
    /// A question with its answer.
    Question,
}

/// One thing search can find.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    /// Where it is, base path included.
    pub(crate) href: String,
    /// Its title: the page title or the question.
    pub(crate) title: &'a str,
    /// Page or question.
    pub(crate) group: Group,
    /// Where it sits, shown beside the title: the section's title for a
    /// page, the page's title for a question; empty for top-level pages.
    pub(crate) label: String,
    /// The page's description.
    pub(crate) description: Option<&'a str>,
    /// Topic and tag names, indexed like the description.
    pub(crate) terms: Vec<&'a str>,
    /// Headings of the text (not the questions).
    pub(crate) headings: Vec<&'a str>,
    /// The questions a page answers.
    pub(crate) questions: Vec<&'a str>,
    /// The markdown text: a page's body (for FAQ pages, the part before
    /// the first question), or a question's answer.
    pub(crate) body: Body<'a>,
    /// Where a therapist works: office city, office and licence states.
    pub(crate) places: Vec<&'a str>,
    /// Ranked after articles and answers unless the query names the
    /// entry's title or one of its places (therapist profiles and the
    /// glossary).
    pub(crate) lesser: bool,
    /// The page it is on, by index in the site's pages; `None` for a
    /// section.
    pub(crate) page: Option<usize>,
}

/// An entry's markdown, read when the entry is counted: a page's body may
/// be kept compressed, and is then decompressed for one entry at a time
/// rather than for the whole site at once.
#[derive(Debug, Clone)]
pub(crate) enum Body<'a> {
    /// Text at hand.
    Text(&'a str),
    /// The bytes `range` of a page's body.
    Page(&'a PageText, Range<usize>),
}

impl<'a> Body<'a> {
    /// Its length in bytes.
    pub(crate) fn len(&self) -> usize {
        match self {
            Body::Text(text) => text.len(),
            Body::Page(_, range) => range.len(),
        }
    }

    /// The markdown.
    pub(crate) fn read(&self) -> Cow<'a, str> {
        match self {
            Body::Text(text) => Cow::Borrowed(text),
            Body::Page(page, range) => match page.body() {
                Cow::Borrowed(body) => Cow::Borrowed(body.get(range.clone()).unwrap_or("")),
                Cow::Owned(body) => Cow::Owned(body.get(range.clone()).unwrap_or("").to_string()),
            },
        }
    }
}

/// Every entry of the site, in a stable order: pages in the site's order,
/// each followed by its questions.
pub(crate) fn collect(site: &LinkedSite) -> Vec<Entry<'_>> {
    let mut page_terms: Vec<Vec<&str>> = vec![Vec::new(); site.pages.len()];
    for taxonomy in &site.taxonomies {
        for term in &taxonomy.terms {
            for page in term_pages(site, taxonomy.name, term) {
                if let Some(terms) = page_terms.get_mut(page) {
                    terms.push(&term.title);
                }
            }
        }
    }
    let mut entries = Vec::new();
    for ((index, linked), terms) in site.pages.iter().enumerate().zip(page_terms) {
        page_entries(site, index, linked, terms, &mut entries);
    }
    for section in site.sections.iter().filter(|s| s.path != "/") {
        let s = &section.section;
        entries.push(Entry {
            href: site.href(&section.path),
            title: &s.meta.title,
            group: Group::Page(SECTION.to_string()),
            label: String::new(),
            description: s.meta.description.as_deref(),
            terms: Vec::new(),
            headings: s.scan.headings.iter().map(|h| h.text.as_str()).collect(),
            questions: Vec::new(),
            body: Body::Text(s.body()),
            places: Vec::new(),
            lesser: false,
            page: None,
        });
    }
    entries
}

/// The pages of a term, by index: those that name it and, for a topic, the
/// therapists who list it among their specialties (profiles and articles
/// share the topics as one vocabulary).
pub(crate) fn term_pages<'a>(
    site: &'a LinkedSite,
    taxonomy: TaxonomyName,
    term: &'a LinkedTerm,
) -> impl Iterator<Item = usize> + 'a {
    let therapists: &[usize] = if taxonomy == TaxonomyName::Topics {
        site.directory.specialists(&term.key)
    } else {
        &[]
    };
    term.pages.iter().chain(therapists).copied()
}

fn page_entries<'a>(
    site: &'a LinkedSite,
    index: usize,
    linked: &'a LinkedPage,
    terms: Vec<&'a str>,
    entries: &mut Vec<Entry<'a>>,
) {
    let page = &linked.page;
    let meta = &page.meta;
    let href = site.href(&linked.path);
    let section = &site.sections[linked.section];
    let label = if section.path == "/" {
        String::new()
    } else {
        section.section.meta.title.clone()
    };
    let body_len = page.text.body_len();
    let is_faq = page.kind == PageKind::Faq;

    let h2: Vec<&crate::markdown::Heading> = page.question_headings().collect();
    let intro_end = h2.first().map_or(body_len, |h| h.offset.min(body_len));
    let mut questions: Vec<&str> = page.faq.iter().map(|f| f.question.as_str()).collect();
    questions.extend(h2.iter().map(|h| h.text.as_str()));
    let headings = page
        .scan
        .headings
        .iter()
        .filter(|h| !(is_faq && h.level == 2))
        .map(|h| h.text.as_str())
        .collect();

    let mut places: Vec<&str> = Vec::new();
    if let Some(t) = &page.therapist {
        if let Some(office) = &t.office {
            places.push(&office.city);
            places.push(office.state.name());
        }
        places.extend(t.licenses.iter().map(|l| l.state.name()));
    }
    entries.push(Entry {
        href: href.clone(),
        title: &meta.title,
        group: Group::Page(page.kind.as_str().to_string()),
        label,
        description: meta.description.as_deref(),
        terms,
        headings,
        questions,
        body: Body::Page(&page.text, 0..intro_end),
        // Profiles and the glossary come after articles and answers unless
        // the query names them: who looks a word up is served first by the
        // article about it, with the glossary's short definition after.
        lesser: page.therapist.is_some() || page.kind == PageKind::Glossary,
        places,
        page: Some(index),
    });

    let question = |title: &'a str, id: &str, answer: Body<'a>| Entry {
        href: format!("{href}#{id}"),
        title,
        group: Group::Question,
        label: meta.title.clone(),
        description: None,
        terms: Vec::new(),
        headings: Vec::new(),
        questions: Vec::new(),
        body: answer,
        places: Vec::new(),
        lesser: false,
        page: Some(index),
    };
    for item in &page.faq {
        entries.push(question(&item.question, &item.id, Body::Text(&item.answer)));
    }
    if h2.is_empty() {
        return;
    }
    // Where each answer starts (after its question's line) is read in
    // the body; the answer itself is read when it is counted.
    let body = page.body();
    for (i, h) in h2.iter().enumerate() {
        let start = body
            .get(h.offset.min(body.len())..)
            .and_then(|rest| rest.find('\n'))
            .map_or(body.len(), |nl| h.offset + nl + 1);
        let end = h2.get(i + 1).map_or(body.len(), |next| next.offset);
        let answer = Body::Page(&page.text, start..end.max(start));
        entries.push(question(&h.text, &h.id, answer));
    }
}

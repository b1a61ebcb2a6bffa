//! The search page's context, and the pages of its A–Z lists.
//!
//! The search page links each group's A–Z list (articles, questions,
//! therapists…, with how many entries each has) and each topic's page.
//! Each list is on pages of its own (see [`crate::link::az`]): every entry
//! of the group in A–Z order, [`PER_PAGE`] to a page, under letter
//! headings, with a jump list to where each letter starts. Together the
//! lists make the site browsable without JavaScript.
//!
//! A theme without the lists' template gets no list pages: its search page
//! is given every entry A to Z and by topic, as before the lists had pages
//! of their own.

use std::sync::OnceLock;

use serde::Serialize;

use crate::config::TaxonomyName;
use crate::directory::Facet;
use crate::link::az::{self, PER_PAGE};
use crate::link::LinkedSite;

use super::entries::{self, Entry, Group};
use super::tokenize::sort_key;
use super::{DATA_DIR, PAGE_PATH, SCRIPT};

/// A group longer than this is split under letter headings.
const LETTERED_FROM: usize = 30;
/// How many page numbers the pagination of a list shows around the
/// current one, besides the first and the last.
const PAGES_AROUND: usize = 1;

/// What `search.html` gets as `search`.
#[derive(Debug, Serialize)]
pub(crate) struct SearchPage {
    /// The form's action: the page itself.
    href: String,
    /// The folder of the index files, for the script.
    data_href: String,
    /// The script's href.
    script: String,
    /// The groups of entries, in order.
    groups: Vec<GroupContext>,
    /// The topics, when the site has topics.
    topics: Vec<TopicContext>,
    /// How many entries there are in all.
    count: usize,
}

#[derive(Debug, Serialize)]
struct GroupContext {
    /// `article`, `question`, `therapist`, `faq`, `page`…
    key: String,
    /// "Articles", "Questions"…
    title: String,
    /// An id for links to the group.
    id: String,
    count: usize,
    /// Where its A–Z list starts; `None` when the theme makes no list
    /// pages.
    href: Option<String>,
    /// Whether `letters` has a heading per letter.
    lettered: bool,
    /// Only when the theme makes no list pages: every entry, A to Z.
    letters: Vec<LetterContext>,
}

#[derive(Debug, Serialize)]
struct LetterContext {
    /// "A" … "Z", or "Other" for titles that start otherwise.
    letter: String,
    id: String,
    entries: Vec<LinkContext>,
}

#[derive(Debug, Clone, Serialize)]
struct LinkContext {
    title: String,
    href: String,
    /// For a question, the title of the page that answers it.
    context: Option<String>,
}

#[derive(Debug, Serialize)]
struct TopicContext {
    title: String,
    /// The topic's own page.
    href: String,
    id: String,
    /// How many pages the topic's page lists.
    count: usize,
    /// The directory's page of the therapists who work with the topic.
    therapists: Option<CountedLink>,
    /// Only when the theme makes no list pages: the topic's pages and
    /// therapists, A to Z.
    entries: Vec<LinkContext>,
}

#[derive(Debug, Serialize)]
struct CountedLink {
    href: String,
    count: usize,
}

/// What `search-list.html` gets as `list`: one page of a group's A–Z list.
#[derive(Debug, Serialize)]
pub(crate) struct SearchList {
    /// The group's key.
    key: String,
    /// The group's name: "Articles".
    title: String,
    /// How many entries the group has.
    count: usize,
    /// This page's number, from 1.
    number: usize,
    /// How many pages the list has.
    total: usize,
    /// The search page's href.
    search_href: String,
    /// Whether entries are under letter headings, with a jump list.
    lettered: bool,
    /// The jump list: each letter, linking to where its entries start.
    letters: Vec<LetterLink>,
    /// This page's entries, by letter.
    sections: Vec<LetterSection>,
    /// The page links of the pagination, with gaps.
    pages: Vec<PageLink>,
    previous: Option<String>,
    next: Option<String>,
}

#[derive(Debug, Serialize)]
struct LetterLink {
    letter: String,
    /// `None` when no entry starts with it.
    href: Option<String>,
}

#[derive(Debug, Serialize)]
struct LetterSection {
    letter: String,
    id: String,
    /// Whether the letter's entries began on an earlier page.
    continued: bool,
    entries: Vec<LinkContext>,
}

#[derive(Debug, Serialize)]
struct PageLink {
    /// 0 for a gap between numbers.
    number: usize,
    href: String,
    current: bool,
}

impl SearchList {
    /// The group's name.
    pub(crate) fn title(&self) -> &str {
        &self.title
    }
}

/// The letter an entry is listed under: A to Z, then everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Letter {
    /// An ASCII capital letter.
    Latin(u8),
    /// Titles that start with a digit or a letter of another script.
    Other,
}

impl Letter {
    /// The letter of a sort key, and the key from that letter on (so
    /// "¿Qué es…?" sorts among the Q).
    fn of(key: &str) -> (Letter, &str) {
        match key.char_indices().find(|(_, c)| c.is_alphanumeric()) {
            Some((at, c)) if c.is_ascii_alphabetic() => {
                (Letter::Latin(c.to_ascii_uppercase() as u8), &key[at..])
            }
            Some((at, _)) => (Letter::Other, &key[at..]),
            None => (Letter::Other, key),
        }
    }

    fn name(self, site: &LinkedSite) -> String {
        match self {
            Letter::Latin(c) => char::from(c).to_string(),
            Letter::Other => site.strings.get("search-letter-other"),
        }
    }

    /// The end of an anchor id: `a`, `other`.
    fn slug(self) -> String {
        match self {
            Letter::Latin(c) => char::from(c).to_ascii_lowercase().to_string(),
            Letter::Other => "other".to_string(),
        }
    }
}

/// One entry of a list.
#[derive(Debug)]
struct Row {
    letter: Letter,
    /// The folded title from its letter on.
    key: String,
    link: LinkContext,
    /// The page it is the entry of (not for questions or sections).
    page: Option<usize>,
}

/// One group's entries, A to Z.
#[derive(Debug)]
struct Sorted {
    key: String,
    rows: Vec<Row>,
}

/// The entries of every group, sorted once on demand for all the pages of
/// the lists of one site.
pub(crate) struct Lists<'a> {
    site: &'a LinkedSite,
    sorted: OnceLock<Vec<Sorted>>,
}

impl<'a> Lists<'a> {
    pub(crate) fn new(site: &'a LinkedSite) -> Self {
        Lists {
            site,
            sorted: OnceLock::new(),
        }
    }

    fn sorted(&self) -> &[Sorted] {
        self.sorted
            .get_or_init(|| sort(&entries::collect(self.site)))
    }

    fn group(&self, key: &str) -> &[Row] {
        self.sorted()
            .iter()
            .find(|s| s.key == key)
            .map_or(&[], |s| &s.rows)
    }
}

fn group_key(group: &Group) -> &str {
    match group {
        Group::Page(kind) => kind,
        Group::Question => az::QUESTION,
    }
}

fn group_title(site: &LinkedSite, key: &str) -> String {
    if az::ORDER.contains(&key) {
        return site.strings.get(&format!("search-group-{key}"));
    }
    let mut chars = key.chars();
    match chars.next() {
        Some(first) => format!("{}{}s", first.to_uppercase(), chars.as_str()),
        None => "Pages".to_string(),
    }
}

fn link(entry: &Entry<'_>) -> LinkContext {
    LinkContext {
        title: entry.title.to_string(),
        href: entry.href.clone(),
        context: (entry.group == Group::Question).then(|| entry.label.clone()),
    }
}

/// Every entry by group, each group A to Z: by letter, then by title as
/// a reader expects (case and accents ignored), then by address.
fn sort(all: &[Entry<'_>]) -> Vec<Sorted> {
    let mut groups: Vec<Sorted> = Vec::new();
    for entry in all {
        let key = group_key(&entry.group);
        let folded = sort_key(entry.title);
        let (letter, from_letter) = Letter::of(&folded);
        let row = Row {
            letter,
            key: from_letter.to_string(),
            link: link(entry),
            page: entry.page.filter(|_| entry.group != Group::Question),
        };
        match groups.iter_mut().find(|g| g.key == key) {
            Some(group) => group.rows.push(row),
            None => groups.push(Sorted {
                key: key.to_string(),
                rows: vec![row],
            }),
        }
    }
    for group in &mut groups {
        group.rows.sort_by(|a, b| {
            (a.letter, &a.key, &a.link.href).cmp(&(b.letter, &b.key, &b.link.href))
        });
    }
    groups
}

/// The context of the search page.
pub(crate) fn page_context(site: &LinkedSite) -> SearchPage {
    let listed = site.has_search_lists();
    let lists = Lists::new(site);
    let groups: Vec<GroupContext> = az::groups(site)
        .into_iter()
        .map(|group| {
            let key = group.key;
            let lettered = !listed && group.count > LETTERED_FROM;
            GroupContext {
                title: group_title(site, key),
                id: format!("all-{key}"),
                key: key.to_string(),
                count: group.count,
                href: listed.then(|| site.href(&az::path(key, 1))),
                lettered,
                letters: if listed {
                    Vec::new()
                } else {
                    by_letter(site, key, lists.group(key), lettered)
                },
            }
        })
        .collect();
    let topics = site
        .taxonomies
        .iter()
        .filter(|t| t.name == TaxonomyName::Topics)
        .flat_map(|t| &t.terms)
        .map(|term| {
            let therapists = site
                .directory
                .filters
                .iter()
                .find(|f| f.facet == Facet::Specialty && f.key == term.key)
                .filter(|f| !f.pages.is_empty())
                .map(|f| CountedLink {
                    href: site.href(&f.path),
                    count: f.pages.len(),
                });
            let entries = if listed {
                Vec::new()
            } else {
                let mut on_topic = vec![false; site.pages.len()];
                for page in entries::term_pages(site, TaxonomyName::Topics, term) {
                    if let Some(slot) = on_topic.get_mut(page) {
                        *slot = true;
                    }
                }
                let mut rows: Vec<&Row> = lists
                    .sorted()
                    .iter()
                    .flat_map(|g| &g.rows)
                    .filter(|r| r.page.and_then(|p| on_topic.get(p)).copied() == Some(true))
                    .collect();
                rows.sort_by(|a, b| (&a.key, &a.link.href).cmp(&(&b.key, &b.link.href)));
                rows.into_iter().map(|r| r.link.clone()).collect()
            };
            TopicContext {
                title: term.title.clone(),
                href: site.href(&term.path),
                id: format!("topic-{}", crate::slug::slugify(&term.key)),
                count: term.pages.len(),
                therapists,
                entries,
            }
        })
        .filter(|t| t.count > 0 || t.therapists.is_some())
        .collect();

    SearchPage {
        href: site.href(PAGE_PATH),
        data_href: site.href(&format!("/{DATA_DIR}")),
        script: site.static_href(SCRIPT),
        count: groups.iter().map(|g| g.count).sum(),
        groups,
        topics,
    }
}

/// A group's entries under their letters, for a search page that lists
/// everything itself; under one nameless letter unless `lettered`.
fn by_letter(site: &LinkedSite, key: &str, rows: &[Row], lettered: bool) -> Vec<LetterContext> {
    let mut letters: Vec<LetterContext> = Vec::new();
    let mut last = None;
    for row in rows {
        let letter = lettered.then_some(row.letter);
        if last != Some(letter) || letters.is_empty() {
            let name = letter.map_or_else(String::new, |l| l.name(site));
            letters.push(LetterContext {
                id: format!("{key}-{}", letter.map_or_else(String::new, Letter::slug)),
                letter: name,
                entries: Vec::new(),
            });
            last = Some(letter);
        }
        if let Some(current) = letters.last_mut() {
            current.entries.push(row.link.clone());
        }
    }
    letters
}

/// The context of page `number` of `total` of the A–Z list of group `key`.
pub(crate) fn list_context(
    site: &LinkedSite,
    lists: &Lists<'_>,
    key: &str,
    number: usize,
    total: usize,
) -> SearchList {
    let rows = lists.group(key);
    let href = |page: usize| site.href(&az::path(key, page));
    let lettered = rows.len() > LETTERED_FROM;
    let start = (number.max(1) - 1) * PER_PAGE;
    let shown = rows.get(start..).unwrap_or(&[]);
    let shown = &shown[..shown.len().min(PER_PAGE)];

    let mut letters = Vec::new();
    if lettered {
        let first_at = |letter: Letter| rows.iter().position(|r| r.letter == letter);
        let any_latin = rows.iter().any(|r| r.letter != Letter::Other);
        let latin = (b'A'..=b'Z').map(Letter::Latin).filter(|_| any_latin);
        for letter in latin.chain([Letter::Other]) {
            let at = first_at(letter);
            if letter == Letter::Other && at.is_none() {
                continue;
            }
            letters.push(LetterLink {
                letter: letter.name(site),
                href: at.map(|i| format!("{}#letter-{}", href(i / PER_PAGE + 1), letter.slug())),
            });
        }
    }

    let mut sections: Vec<LetterSection> = Vec::new();
    for (i, row) in shown.iter().enumerate() {
        let starts = match i.checked_sub(1) {
            None => true,
            Some(before) => lettered && shown[before].letter != row.letter,
        };
        if starts {
            let continued = lettered && i == 0 && start > 0 && rows[start - 1].letter == row.letter;
            sections.push(LetterSection {
                letter: if lettered {
                    row.letter.name(site)
                } else {
                    String::new()
                },
                id: format!("letter-{}", row.letter.slug()),
                continued,
                entries: Vec::new(),
            });
        }
        if let Some(section) = sections.last_mut() {
            section.entries.push(row.link.clone());
        }
    }

    SearchList {
        key: key.to_string(),
        title: group_title(site, key),
        count: rows.len(),
        number,
        total,
        search_href: site.href(PAGE_PATH),
        lettered,
        letters,
        sections,
        pages: page_numbers(number, total)
            .into_iter()
            .map(|n| PageLink {
                number: n.unwrap_or(0),
                href: n.map(href).unwrap_or_default(),
                current: n == Some(number),
            })
            .collect(),
        previous: (number > 1).then(|| href(number - 1)),
        next: (number < total).then(|| href(number + 1)),
    }
}

/// The page numbers a list's pagination shows: the first, the last, and
/// those around `number`, with `None` for a gap of more than one page.
fn page_numbers(number: usize, total: usize) -> Vec<Option<usize>> {
    let shown = |n: usize| n == 1 || n == total || n.abs_diff(number) <= PAGES_AROUND;
    let mut out = Vec::new();
    for n in 1..=total {
        if shown(n) {
            out.push(Some(n));
        } else if shown(n - 1) {
            // A gap of one page shows that page rather than "…".
            if n < total && shown(n + 1) {
                out.push(Some(n));
            } else {
                out.push(None);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn fixture(name: &str) -> Vec<LinkedSite> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        crate::site::load_site_for(&root).unwrap_or_else(|errors| panic!("{errors}"))
    }

    /// The registry counts the entries of each list before they are
    /// collected: every entry is in the list of one group it counted, and
    /// each list has as many as it counted.
    #[test]
    fn the_lists_hold_what_the_registry_counts() {
        for name in ["search", "directory", "i18n"] {
            for site in fixture(name) {
                let lists = Lists::new(&site);
                let groups = az::groups(&site);
                for group in &groups {
                    assert_eq!(
                        lists.group(group.key).len(),
                        group.count,
                        "{name} ({}): {}",
                        site.language.code,
                        group.key
                    );
                }
                assert_eq!(
                    groups.iter().map(|g| g.count).sum::<usize>(),
                    entries::collect(&site).len(),
                    "{name} ({})",
                    site.language.code
                );
            }
        }
    }

    #[test]
    fn questions_are_listed_with_the_page_that_answers_them() {
        let site = fixture("search").remove(0);
        let lists = Lists::new(&site);
        let list = list_context(&site, &lists, az::QUESTION, 1, 1);
        let shown: Vec<(&str, Option<&str>)> = list.sections[0]
            .entries
            .iter()
            .map(|e| (e.title.as_str(), e.context.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                ("Can I pay later?", Some("Money matters")),
                ("Do you take insurance?", Some("Money matters")),
                ("How much does a session cost?", Some("Money matters")),
            ]
        );
        // A short list has no letter headings.
        assert!(!list.lettered && list.letters.is_empty());
    }

    #[test]
    fn pagination_shows_the_ends_and_the_pages_around() {
        let pages = |n, t| {
            page_numbers(n, t)
                .into_iter()
                .map(|p| p.map_or("…".to_string(), |p| p.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(pages(1, 1), "1");
        assert_eq!(pages(2, 3), "1 2 3");
        assert_eq!(pages(1, 50), "1 2 … 50");
        assert_eq!(pages(7, 50), "1 … 6 7 8 … 50");
        assert_eq!(pages(50, 50), "1 … 49 50");
        // "1 … 3" would hide one page behind the gap: it is shown.
        assert_eq!(pages(4, 50), "1 2 3 4 5 … 50");
    }

    #[test]
    fn letters_ignore_leading_punctuation_and_put_digits_last() {
        assert_eq!(Letter::of("¿que es?"), (Letter::Latin(b'Q'), "que es?"));
        assert_eq!(Letter::of("consent"), (Letter::Latin(b'C'), "consent"));
        assert_eq!(Letter::of("10 myths"), (Letter::Other, "10 myths"));
        assert!(Letter::Latin(b'Z') < Letter::Other);
    }
}

//! The search page's context: every entry A to Z, grouped by kind, and by
//! topic, so the page is a complete index of the site without JavaScript.

use serde::Serialize;

use crate::config::TaxonomyName;
use crate::link::LinkedSite;

use super::entries::{self, Entry, Group};
use super::tokenize::sort_key;
use super::{DATA_DIR, PAGE_PATH, SCRIPT};

/// A group longer than this is split under letter headings.
const LETTERED_FROM: usize = 30;

/// What `search.html` gets as `search`.
#[derive(Debug, Serialize)]
pub(crate) struct SearchPage {
    /// The form's action: the page itself.
    href: String,
    /// The folder of the index files, for the script.
    data_href: String,
    /// The script's href.
    script: String,
    /// Entries by kind, each A to Z.
    groups: Vec<GroupContext>,
    /// Pages by topic, when the site has topics.
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
    /// Whether the letters get headings of their own.
    lettered: bool,
    letters: Vec<LetterContext>,
}

#[derive(Debug, Serialize)]
struct LetterContext {
    /// "A" … "Z", or "Other" for titles that start otherwise.
    letter: String,
    id: String,
    entries: Vec<LinkContext>,
}

#[derive(Debug, Serialize)]
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
    entries: Vec<LinkContext>,
}

/// Kinds in the order the page lists them; each heading is the message
/// `search-group-<kind>`. Other kinds follow, named after their key.
const KNOWN_GROUPS: &[&str] = &[
    "article",
    "question",
    "therapist",
    "faq",
    entries::SECTION,
    "page",
];

fn group_key(group: &Group) -> &str {
    match group {
        Group::Page(kind) => kind,
        Group::Question => "question",
    }
}

fn group_title(site: &LinkedSite, key: &str) -> String {
    if KNOWN_GROUPS.contains(&key) {
        return site.strings.get(&format!("search-group-{key}"));
    }
    let mut chars = key.chars();
    match chars.next() {
        Some(first) => format!("{}{}s", first.to_uppercase(), chars.as_str()),
        None => "Pages".to_string(),
    }
}

fn group_rank(key: &str) -> usize {
    KNOWN_GROUPS
        .iter()
        .position(|k| *k == key)
        .unwrap_or(KNOWN_GROUPS.len())
}

fn link(entry: &Entry<'_>) -> LinkContext {
    LinkContext {
        title: entry.title.to_string(),
        href: entry.href.clone(),
        context: (entry.group == Group::Question).then(|| entry.label.clone()),
    }
}

/// The letter an entry is listed under.
fn letter(key: &str) -> String {
    match key.chars().find(|c| c.is_alphanumeric()) {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase().to_string(),
        _ => "Other".to_string(),
    }
}

/// Entries sorted as a reader expects, with their sort keys.
fn sorted<'e, 'a>(list: impl Iterator<Item = &'e Entry<'a>>) -> Vec<(String, &'e Entry<'a>)>
where
    'a: 'e,
{
    let mut keyed: Vec<(String, &Entry<'a>)> = list.map(|e| (sort_key(e.title), e)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.href.cmp(&b.1.href)));
    keyed
}

/// The context of the search page.
pub(crate) fn page_context(site: &LinkedSite) -> SearchPage {
    let all = entries::collect(site);
    let mut keys: Vec<&str> = all.iter().map(|e| group_key(&e.group)).collect();
    keys.sort_by_key(|k| (group_rank(k), *k));
    keys.dedup();
    let groups = keys
        .into_iter()
        .map(|key| {
            let members = sorted(all.iter().filter(|e| group_key(&e.group) == key));
            let count = members.len();
            let lettered = count > LETTERED_FROM;
            let mut letters: Vec<LetterContext> = Vec::new();
            for (sort, entry) in members {
                let l = if lettered {
                    letter(&sort)
                } else {
                    String::new()
                };
                match letters.iter_mut().find(|group| group.letter == l) {
                    Some(group) => group.entries.push(link(entry)),
                    None => letters.push(LetterContext {
                        id: format!("{key}-{}", l.to_lowercase()),
                        letter: l,
                        entries: vec![link(entry)],
                    }),
                }
            }
            // Titles that do not start with a letter come last.
            letters.sort_by(|a, b| {
                (a.letter == "Other", &a.letter).cmp(&(b.letter == "Other", &b.letter))
            });
            for group in &mut letters {
                if group.letter == "Other" {
                    group.letter = site.strings.get("search-letter-other");
                }
            }
            GroupContext {
                title: group_title(site, key),
                id: format!("all-{key}"),
                key: key.to_string(),
                count,
                lettered,
                letters,
            }
        })
        .collect();

    // The page's own entry of each page (questions are listed apart).
    let mut page_entries: Vec<Option<&Entry<'_>>> = vec![None; site.pages.len()];
    for entry in all.iter().filter(|e| e.group != Group::Question) {
        if let Some(slot) = entry.page.and_then(|p| page_entries.get_mut(p)) {
            *slot = Some(entry);
        }
    }
    let topics = site
        .taxonomies
        .iter()
        .filter(|t| t.name == TaxonomyName::Topics)
        .flat_map(|t| &t.terms)
        .map(|term| {
            let pages = sorted(
                entries::term_pages(site, TaxonomyName::Topics, term)
                    .filter_map(|p| page_entries.get(p).copied().flatten()),
            );
            TopicContext {
                title: term.title.clone(),
                href: site.href(&term.path),
                id: format!("topic-{}", crate::slug::slugify(&term.key)),
                entries: pages.into_iter().map(|(_, e)| link(e)).collect(),
            }
        })
        .filter(|t| !t.entries.is_empty())
        .collect();

    SearchPage {
        href: site.href(PAGE_PATH),
        data_href: site.href(&format!("/{DATA_DIR}")),
        script: site.static_href(SCRIPT),
        groups,
        topics,
        count: all.len(),
    }
}

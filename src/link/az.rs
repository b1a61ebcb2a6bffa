//! The A–Z lists: everything search can find, one list per *group*
//! (articles, questions, therapists, FAQ pages, sections, other pages),
//! each from A to Z on pages of its own under the search page:
//! `/search/articles/`, `/search/articles/page/2/`… They let a reader
//! browse the whole site without JavaScript while the search page itself
//! stays light.
//!
//! The registry must know how many pages each list has before render
//! collects the search entries, so [`groups`] counts the entries of each
//! group the way render's search makes them: one per published page, in
//! the group of its kind; one per section but the home page; one per
//! question (a page's front-matter `faq:` items and an FAQ page's `##`
//! headings). A test of the search page checks that the two agree.
//!
//! The counts depend only on what the engine relinks the whole site for
//! (front matter, headings, files coming and going): an edit that changes
//! a page's text alone never changes how many pages a list has.

use super::outputs::{page_count, pager_path};
use super::{LinkedSite, SEARCH_PATH};

/// How many entries one page of a list shows.
pub(crate) const PER_PAGE: usize = 200;
/// The group of questions.
pub(crate) const QUESTION: &str = "question";
/// The group of sections.
pub(crate) const SECTION: &str = "section";

/// Groups in the order the search page shows them; kinds of page not
/// named here follow, by name.
pub(crate) const ORDER: &[&str] = &["article", QUESTION, "therapist", "faq", SECTION, "page"];

/// One group of entries and how many it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Group {
    /// `article`, `question`, `therapist`, `faq`, `section`, `page`…
    pub(crate) key: &'static str,
    /// How many entries it has (at least one).
    pub(crate) count: usize,
}

impl Group {
    /// How many pages the group's list has.
    pub(crate) fn pages(&self) -> usize {
        page_count(self.count, PER_PAGE)
    }
}

/// The URL path of page `number` of the list of group `key`.
pub(crate) fn path(key: &str, number: usize) -> String {
    pager_path(&format!("{SEARCH_PATH}{}/", slug(key)), number)
}

/// The last segment of a list's address: the group's English name, as
/// the search page shows it ("Question pages" are `question-pages`).
fn slug(key: &str) -> String {
    match key {
        "faq" => "question-pages".to_string(),
        "page" => "other-pages".to_string(),
        _ => format!("{key}s"),
    }
}

/// Where `key` comes in the search page's order.
pub(crate) fn rank(key: &str) -> usize {
    ORDER.iter().position(|k| *k == key).unwrap_or(ORDER.len())
}

/// The groups of `site` that have entries, in the search page's order.
pub(crate) fn groups(site: &LinkedSite) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut add = |key: &'static str, count: usize| {
        if count == 0 {
            return;
        }
        match groups.iter_mut().find(|g| g.key == key) {
            Some(group) => group.count += count,
            None => groups.push(Group { key, count }),
        }
    };
    for linked in &site.pages {
        let page = &linked.page;
        add(page.kind.as_str(), 1);
        add(QUESTION, page.faq.len() + page.question_headings().count());
    }
    add(
        SECTION,
        site.sections.iter().filter(|s| s.path != "/").count(),
    );
    groups.sort_by_key(|g| (rank(g.key), g.key));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_have_stable_addresses_paged_like_sections() {
        let articles = Group {
            key: "article",
            count: PER_PAGE + 1,
        };
        assert_eq!(articles.pages(), 2);
        assert_eq!(
            Group {
                key: "faq",
                count: 1
            }
            .pages(),
            1
        );
        assert_eq!(path("article", 1), "/search/articles/");
        assert_eq!(path("article", 2), "/search/articles/page/2/");
        assert_eq!(path("faq", 1), "/search/question-pages/");
        assert_eq!(path("page", 1), "/search/other-pages/");
    }
}

//! The checks of the blocks psychoeducation pages use: cited sources,
//! key points and glossary terms.

use std::collections::HashSet;

use super::PageChecker;
use crate::diag::{did_you_mean, Diagnostic};
use crate::link::LinkedSite;
use crate::load::{self, PageKind};

/// The longest key point, in words, before it reads as more than one
/// short sentence.
const KEY_POINT_WORDS: usize = 25;

/// A glossary term as the checks look for it.
pub(super) struct Term {
    /// The href of its entry, as a link to it resolves.
    href: String,
    /// The words a page may use for it, lower-cased: its heading and its
    /// aliases.
    names: Vec<String>,
}

impl PageChecker<'_> {
    /// Every cited work is in the bibliography.
    pub(super) fn citations(&mut self) {
        let page = &self.linked.page;
        let source = page.source.clone();
        let bibliography = self.site.bibliography.as_deref();
        let mut problems = Vec::new();
        for citation in &page.scan.citations {
            for item in &citation.items {
                if bibliography.is_some_and(|b| b.has(&item.key)) {
                    continue;
                }
                let at = self.at(page.text.body_offset() + citation.offset);
                let help = match bibliography {
                    None => "add the work to a bibliography, `content/references.bib` (BibLaTeX) or `content/references.yaml`".to_string(),
                    Some(b) => match did_you_mean(&item.key, b.keys()) {
                        Some(near) => format!("did you mean `@{near}`?"),
                        None => format!(
                            "add the work to {} with this key, or cite one of its keys",
                            b.file.display()
                        ),
                    },
                };
                let message = match bibliography {
                    None => format!("`@{}` is cited, but the site has no bibliography", item.key),
                    Some(b) => format!(
                        "`@{}` is not a key of the bibliography {}",
                        item.key,
                        b.file.display()
                    ),
                };
                problems.push(
                    Diagnostic::error("source/unknown-key", &source, at, message)
                        .with_length(citation.len)
                        .with_help(help),
                );
            }
        }
        self.found.extend(problems);
    }

    /// Key points: two to five, each a short sentence, and there at all
    /// on a long article.
    pub(super) fn key_points(&mut self) {
        let page = &self.linked.page;
        if page.kind != PageKind::Article {
            return;
        }
        let source = page.source.clone();
        let points = &page.meta.key_points;
        let limit = self.site.config.check.key_points_after_words;
        if points.is_empty() {
            if page.scan.word_count > limit {
                let at = self.key("title");
                self.push(
                    Diagnostic::warning(
                        "key-points/missing",
                        &source,
                        at,
                        format!("this article is {} words long and has no key points", page.scan.word_count),
                    )
                    .with_help("add `key_points:` to the front matter: two to five short sentences a reader should take away, shown first"),
                );
            }
            return;
        }
        if !(2..=5).contains(&points.len()) {
            let at = self.key("key_points");
            self.push(
                Diagnostic::warning(
                    "key-points/count",
                    &source,
                    at,
                    format!("this article has {} key points", points.len()),
                )
                .with_help(
                    "give two to five: enough to say what matters, few enough to read at a glance",
                ),
            );
        }
        for point in points {
            let words = point.split_whitespace().count();
            if words > KEY_POINT_WORDS || sentences(point) > 1 {
                let at = load::value_position(page.text.front(), page.text.body_offset(), point);
                self.push(
                    Diagnostic::warning(
                        "key-points/long",
                        &source,
                        at,
                        format!("this key point is {words} words and {} sentences long", sentences(point)),
                    )
                    .with_help(format!("make it one short sentence of at most {KEY_POINT_WORDS} words; the article says the rest")),
                );
            }
        }
    }

    /// On the glossary: `term_aliases` names its terms.
    pub(super) fn term_aliases(&mut self) {
        let page = &self.linked.page;
        let aliases = &page.meta.term_aliases;
        if aliases.is_empty() {
            return;
        }
        let source = page.source.clone();
        if page.kind != PageKind::Glossary {
            let at = self.key("term_aliases");
            self.push(
                Diagnostic::error(
                    "glossary/unknown-term",
                    &source,
                    at,
                    "`term_aliases` is for the glossary, and this page is no glossary",
                )
                .with_help("set `kind: glossary` on the glossary page, or remove `term_aliases`"),
            );
            return;
        }
        let ids: Vec<&str> = page
            .scan
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .map(|h| h.id.as_str())
            .collect();
        for key in aliases.keys().filter(|k| !ids.contains(&k.as_str())) {
            let help = match did_you_mean(key, ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "write the anchor of one of its `##` terms, e.g. `vaginismus` for `## Vaginismus`".to_string(),
            };
            let at = load::value_position(page.text.front(), page.text.body_offset(), key);
            self.push(
                Diagnostic::error(
                    "glossary/unknown-term",
                    &source,
                    at,
                    format!("the glossary has no term with the anchor `{key}`"),
                )
                .with_help(help),
            );
        }
    }

    /// An article that uses a glossary term links it where it first uses
    /// it, so a reader can see what it means.
    pub(super) fn unlinked_terms(&mut self) {
        let page = &self.linked.page;
        if page.kind != PageKind::Article {
            return;
        }
        let terms = self.terms;
        if terms.is_empty() {
            return;
        }
        let body = page.body();
        let lower_body = body.to_ascii_lowercase();
        // Words inside a link, a citation or a heading cannot take a link
        // to the glossary: their first use is elsewhere.
        let mut skipped: Vec<std::ops::Range<usize>> = page
            .scan
            .references
            .iter()
            .map(|r| r.offset..r.offset + r.len)
            .chain(
                page.scan
                    .citations
                    .iter()
                    .map(|c| c.offset..c.offset + c.len),
            )
            .chain(page.scan.headings.iter().map(|h| {
                let end = body[h.offset..]
                    .find('\n')
                    .map_or(body.len(), |i| h.offset + i);
                h.offset..end
            }))
            .collect();
        skipped.sort_by_key(|r| r.start);
        let source = page.source.clone();
        for term in terms {
            // Where the page first uses the term, in its text.
            let first = term
                .names
                .iter()
                .filter_map(|name| {
                    let at = find_words(&lower_body, name)
                        .find(|at| !skipped.iter().any(|r| r.contains(at)))?;
                    Some((at, name))
                })
                .min_by_key(|(at, _)| *at);
            let Some((used_at, name)) = first else {
                continue;
            };
            let linked_by = page
                .scan
                .references
                .iter()
                .zip(&self.linked.hrefs)
                .filter(|(_, href)| href.as_deref() == Some(term.href.as_str()))
                .map(|(r, _)| r.offset)
                .min();
            if linked_by.is_some_and(|o| o <= used_at) {
                continue;
            }
            let at = self.at(page.text.body_offset() + used_at);
            self.push(
                Diagnostic::note(
                    "glossary/unlinked-term",
                    &source,
                    at,
                    format!("\"{name}\" is in the glossary, and this first use of it is not linked"),
                )
                .with_length(name.chars().count())
                .with_help(format!(
                    "link it where it first appears, e.g. [{name}](glossary.md#{}), with the right path from this page, so readers can see what it means",
                    term.href.rsplit('#').next().unwrap_or_default()
                )),
            );
        }
    }
}

/// The terms of the glossary pages of `site`'s language.
pub(super) fn glossary_terms(site: &LinkedSite) -> Vec<Term> {
    let mut terms = Vec::new();
    for linked in &site.pages {
        let page = &linked.page;
        if page.kind != PageKind::Glossary || page.lang != site.language.code {
            continue;
        }
        let href = site.href(&linked.path);
        for heading in page.scan.headings.iter().filter(|h| h.level == 2) {
            // Lower-cased as the page's text is, ASCII letters only, so an
            // offset in one is an offset in the other.
            let mut names = vec![heading.text.to_ascii_lowercase()];
            if let Some(aliases) = page.meta.term_aliases.get(&heading.id) {
                names.extend(aliases.iter().map(|a| a.to_ascii_lowercase()));
            }
            names.retain(|n| !n.trim().is_empty());
            terms.push(Term {
                href: format!("{href}#{}", heading.id),
                names,
            });
        }
    }
    terms
}

/// Where `word` (lower-case) stands in `text` as a word or phrase of its
/// own, not inside a longer word: every place, in order.
fn find_words<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(word).map(|(i, _)| i).filter(move |&i| {
        !word.is_empty()
            && !is_word(text[..i].chars().next_back())
            && !is_word(text[i + word.len()..].chars().next())
    })
}

#[cfg(test)]
fn find_word(text: &str, word: &str) -> Option<usize> {
    find_words(text, word).next()
}

/// How many sentences `text` has: ends of sentences followed by more text.
fn sentences(text: &str) -> usize {
    let text = text.trim();
    let inner = text
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '.' | '?' | '!')
                && text[i + c.len_utf8()..].starts_with(' ')
                && text[i + c.len_utf8()..]
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        })
        .count();
    inner + 1
}

/// Works of the bibliography no page of any language cites.
pub(crate) fn uncited_sources(sites: &[LinkedSite]) -> Vec<Diagnostic> {
    let Some(bibliography) = sites.first().and_then(|s| s.bibliography.as_deref()) else {
        return Vec::new();
    };
    let cited: HashSet<&str> = sites
        .iter()
        .flat_map(|s| &s.pages)
        .flat_map(|p| &p.page.scan.citations)
        .flat_map(|c| &c.items)
        .map(|item| item.key.as_str())
        .chain(
            sites
                .iter()
                .flat_map(|s| &s.sections)
                .flat_map(|s| &s.section.scan.citations)
                .flat_map(|c| &c.items)
                .map(|item| item.key.as_str()),
        )
        .collect();
    bibliography
        .keys()
        .filter(|key| !cited.contains(key))
        .map(|key| {
            Diagnostic::warning(
                "source/uncited",
                &bibliography.file,
                bibliography.position(key),
                format!("no page cites `{key}`"),
            )
            .with_help(format!(
                "cite it where the text relies on it, e.g. [@{key}], or remove it from the bibliography"
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_found_as_words_only() {
        assert_eq!(find_word("arousal and desire", "arousal"), Some(0));
        assert_eq!(find_word("non-arousal", "arousal"), Some(4));
        assert_eq!(find_word("arousals", "arousal"), None);
        assert_eq!(find_word("about body image.", "body image"), Some(6));
    }

    #[test]
    fn sentences_are_counted_at_their_ends() {
        assert_eq!(sentences("Desire often follows arousal."), 1);
        assert_eq!(sentences("It is common. It can change."), 2);
        assert_eq!(sentences("Ask, e.g. about pain."), 1);
    }
}

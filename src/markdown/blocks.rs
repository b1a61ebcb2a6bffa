//! The blocks psychoeducation needs beyond plain markdown, each in a syntax
//! editors already know, so a file still previews well on GitHub or in an
//! editor:
//!
//! - callouts, GitHub's alerts: a block quote whose first line is `[!NOTE]`;
//! - cited sources, Pandoc's citations: `[@key]`, `[@key, p. 52]`,
//!   `[@a; @b]`;
//! - glossary terms: an ordinary link to a heading of the glossary page,
//!   which also shows the term's definition in place.
//!
//! This module finds them in the text and writes their HTML; which kinds,
//! keys and terms exist is the site's business.

use pulldown_cmark::{BrokenLink, CowStr, LinkType};

use crate::highlight::escape;

/// The callout kinds every site has, as GitHub spells them.
pub(crate) const BUILT_IN_CALLOUTS: [&str; 5] = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

/// A callout: a block quote opening with a `[!KIND]` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callout {
    /// Its kind, upper-cased: `NOTE`, or one of the site's own.
    pub kind: String,
    /// Byte offset of the `[!KIND]` marker in the scanned text.
    pub offset: usize,
    /// Length in bytes of the marker.
    pub len: usize,
}

/// One work a citation names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    /// The bibliography key, without the `@`.
    pub key: String,
    /// Where in the work, e.g. `p. 52`; `None` for the whole work.
    pub locator: Option<String>,
}

/// A citation such as `[@basson2000, p. 52]` or `[@a; @b]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Byte offset of its `[` in the scanned text.
    pub offset: usize,
    /// Length in bytes of the whole citation.
    pub len: usize,
    /// The works it names, in order.
    pub items: Vec<Cited>,
}

/// The marker of a callout at the start of a block quote: `quote` is the
/// text from the quote's first `>`. Gives the kind as written, the
/// marker's offset in `quote` and the length of the rest of its line
/// (the line end included), or `None` when the quote is an ordinary one.
pub(crate) fn callout_marker(quote: &str) -> Option<(&str, usize, usize)> {
    let line_end = quote.find('\n').map_or(quote.len(), |i| i + 1);
    let line = &quote[..line_end];
    let after_quote = line.trim_start().strip_prefix('>')?;
    let marker = after_quote.trim_start_matches([' ', '\t']);
    let start = line.len() - marker.len();
    let inner = marker.strip_prefix("[!")?;
    let close = inner.find(']')?;
    let kind = &inner[..close];
    let valid = !kind.is_empty()
        && kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid || !inner[close + 1..].trim().is_empty() {
        return None;
    }
    Some((kind, start, line_end - start))
}

/// The works a citation's bracketed text names (`@a; @b, p. 52`), or
/// `None` when it is no citation: every part must start with `@` and a key.
pub(crate) fn citation_items(label: &str) -> Option<Vec<Cited>> {
    label
        .split(';')
        .map(|part| {
            let part = part.trim().strip_prefix('@')?;
            let end = part
                .find(|c: char| c == ',' || c.is_whitespace())
                .unwrap_or(part.len());
            let key = &part[..end];
            if key.is_empty() {
                return None;
            }
            let locator = part[end..]
                .trim_start()
                .trim_start_matches(',')
                .trim()
                .to_string();
            Some(Cited {
                key: key.to_string(),
                locator: (!locator.is_empty()).then_some(locator),
            })
        })
        .collect()
}

/// The parser's callback for `[label]` with no link definition: a
/// citation becomes a link whose destination is its label, which
/// [`is_citation`] then recognises.
pub(crate) fn citation_link<'a>(link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    citation_items(&link.reference)?;
    Some((link.reference, CowStr::Borrowed("")))
}

/// Whether a link the parser reports is a citation made by
/// [`citation_link`].
pub(crate) fn is_citation(link_type: LinkType, dest: &str) -> bool {
    matches!(
        link_type,
        LinkType::ShortcutUnknown | LinkType::CollapsedUnknown | LinkType::ReferenceUnknown
    ) && dest.trim_start().starts_with('@')
}

/// The class name of a callout kind: `callout-note`.
fn kind_class(kind: &str) -> String {
    kind.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The opening of callout `n` of a page (its number from 1, with the
/// scope of the text it is in), labelled `label`. Ids written with two
/// hyphens are never a heading's: slugs have single ones.
pub(crate) fn callout_open(kind: &str, label: &str, n: &str) -> String {
    format!(
        "<div class=\"callout callout-{}\" role=\"note\" aria-labelledby=\"callout--{n}\">\n<p class=\"callout-label\" id=\"callout--{n}\">{}</p>\n",
        kind_class(kind),
        escape(label)
    )
}

/// The end of a callout.
pub(crate) const CALLOUT_CLOSE: &str = "</div>\n";

/// The id of the `n`-th work (from 1) in a page's list of sources.
pub(crate) fn source_id(n: usize) -> String {
    format!("source--{n}")
}

/// The id of the `j`-th citation of a work on a page (from 1), which the
/// list of sources links back to.
pub(crate) fn cite_id(j: usize) -> String {
    format!("cite--{j}")
}

/// A citation's HTML: each work's number, linking to it in the list of
/// sources, with its locator. `numbered` gives, for each item, the work's
/// number and the id of this mention; `label` names a number for screen
/// readers ("Source 3").
pub(crate) fn citation_html(
    items: &[Cited],
    numbered: &[(usize, usize)],
    label: &dyn Fn(usize) -> String,
) -> String {
    let mut html = String::from("<span class=\"citation\">[");
    for (i, (item, &(n, j))) in items.iter().zip(numbered).enumerate() {
        if i > 0 {
            html.push_str("; ");
        }
        html.push_str(&format!(
            "<a href=\"#{}\" id=\"{}\" aria-label=\"{}\">{n}</a>",
            source_id(n),
            cite_id(j),
            escape(&label(n))
        ));
        if let Some(locator) = &item.locator {
            html.push_str(", ");
            html.push_str(&escape(locator));
        }
    }
    html.push_str("]</span>");
    html
}

/// The words a glossary term's definition in place needs, in the page's
/// language.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermWords {
    /// The button's name, with `{term}` where the term goes: "What does
    /// “{term}” mean?".
    pub(crate) ask: String,
    /// The link to the glossary's entry.
    pub(crate) more: String,
    /// The button that closes the definition.
    pub(crate) close: String,
}

/// A glossary term, as a link to it shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Definition {
    /// The term as the glossary's heading writes it.
    pub(crate) title: String,
    /// The first paragraph of its definition, as inline HTML.
    pub(crate) html: String,
    /// The href of its entry in the glossary.
    pub(crate) href: String,
}

/// What follows a link to a glossary term: a button that shows the
/// definition, and the definition itself as a popover (`n`, its number
/// with the scope of the text it is in, makes its id unique on the
/// page). The browser opens and closes it without script,
/// by mouse, touch or keyboard, and Escape closes it.
pub(crate) fn term_popover(definition: &Definition, words: &TermWords, n: &str) -> String {
    let id = format!("term--{n}");
    let ask = words.ask.replace("{term}", &definition.title);
    format!(
        "<button type=\"button\" class=\"term-button\" popovertarget=\"{id}\" aria-label=\"{}\"><span aria-hidden=\"true\">?</span></button>\
<span class=\"term-definition\" id=\"{id}\" popover><span class=\"term-title\">{}</span> <span class=\"term-text\">{}</span> \
<a class=\"term-more\" href=\"{}\">{}</a> \
<button type=\"button\" class=\"term-close\" popovertarget=\"{id}\" popovertargetaction=\"hide\">{}</button></span>",
        escape(&ask),
        escape(&definition.title),
        definition.html,
        escape(&definition.href),
        escape(&words.more),
        escape(&words.close),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callout_markers_are_a_kind_alone_on_the_quote_first_line() {
        let quote = "> [!NOTE]\n> Text\n";
        let (kind, at, len) = callout_marker(quote).unwrap();
        assert_eq!(kind, "NOTE");
        assert_eq!(&quote[at..at + len], "[!NOTE]\n");
        assert_eq!(callout_marker(">[!try]  ").map(|m| m.0), Some("try"));
        for ordinary in [
            "> [!NOTE] and more words\n",
            "> Just a quote\n",
            "> [!]\n",
            "> [!NO TE]\n",
            "> > [!NOTE]\n",
        ] {
            assert_eq!(callout_marker(ordinary), None, "{ordinary}");
        }
    }

    #[test]
    fn citations_name_keys_with_locators() {
        let items = citation_items("@basson2000, p. 52; @masters1970").unwrap();
        assert_eq!(
            items,
            [
                Cited {
                    key: "basson2000".into(),
                    locator: Some("p. 52".into())
                },
                Cited {
                    key: "masters1970".into(),
                    locator: None
                }
            ]
        );
        assert_eq!(
            citation_items("@a pp. 3-4").unwrap()[0].locator.as_deref(),
            Some("pp. 3-4")
        );
        for not_one in ["see @a", "@", "@a; b", "x"] {
            assert_eq!(citation_items(not_one), None, "{not_one}");
        }
    }
}

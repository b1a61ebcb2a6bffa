//! Markdown, in two passes over the same text.
//!
//! [`scan`] runs while loading: it finds headings (and gives each a stable id,
//! unique within the page), links, images and a word count, keeping byte
//! offsets so later stages can point at the exact spot. [`render`] runs once
//! every link is resolved: it is given the final href of each link in the
//! order `scan` found them and writes HTML, with fenced code highlighted by
//! CSS classes.
//!
//! Architecture invariant: both passes parse with the same options, so the
//! n-th link of one is the n-th link of the other. This module knows nothing
//! of files or of the rest of the site.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::highlight;
use crate::images::{Picture, Pictures};
use crate::slug::slugify;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A heading found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's text, without markup.
    pub text: String,
    /// The id its anchor gets, unique within the page.
    pub id: String,
    /// Byte offset of the heading in the scanned text.
    pub offset: usize,
}

/// Whether a reference is a link or an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// `[text](dest)`.
    Link,
    /// `![alt](dest)`.
    Image,
}

/// A link or image destination found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Link or image.
    pub kind: RefKind,
    /// The destination as written.
    pub dest: String,
    /// Byte offset of the link in the scanned text.
    pub offset: usize,
    /// For images: the alt text; `None` when it is missing.
    pub alt: Option<String>,
    /// For images: marked decorative with `![""](…)`, so `alt=""` on purpose.
    pub decorative: bool,
    /// Written as an autolink or email link; never resolved.
    pub literal: bool,
    /// Length in bytes of the whole link or image in the text.
    pub len: usize,
    /// For links: the link text, without markup.
    pub text: String,
}

/// What the first pass learns about a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Links and images in order.
    pub references: Vec<Reference>,
    /// Words of prose, not counting code.
    pub word_count: usize,
    /// A heading id given twice with `{#id}`: (offset, id).
    pub duplicate_ids: Vec<(usize, String)>,
    /// Whether the text has a code block, which needs the highlighting
    /// stylesheet.
    pub has_code: bool,
}

/// First pass: headings with ids, links, images and words.
///
/// `reserved` ids are taken already (for example by FAQ questions), so
/// headings get different ones.
pub(crate) fn scan(text: &str, reserved: &HashSet<String>) -> Scan {
    let mut out = Scan::default();
    let mut taken: HashSet<String> = reserved.clone();
    let mut heading: Option<(u8, Option<String>, usize, String)> = None;
    // References are recorded when they start, in the order the second pass
    // meets them; an image's alt text is filled in when it ends. Images can
    // nest (inside alt text), hence a stack.
    let mut images: Vec<(usize, String)> = Vec::new();
    let mut in_link: Option<usize> = None;
    let mut in_code = false;

    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level_number(level),
                    id.map(|s| s.to_string()),
                    range.start,
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, offset, text)) = heading.take() {
                    let id = match explicit {
                        Some(id) => {
                            if !taken.insert(id.clone()) {
                                out.duplicate_ids.push((offset, id.clone()));
                            }
                            id
                        }
                        None => unique_id(&text, &mut taken),
                    };
                    out.headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        id,
                        offset,
                    });
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                in_link = Some(out.references.len());
                out.references.push(Reference {
                    kind: RefKind::Link,
                    dest: dest_url.to_string(),
                    offset: range.start,
                    alt: None,
                    decorative: false,
                    literal: matches!(link_type, LinkType::Autolink | LinkType::Email),
                    len: range.len(),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Link) => in_link = None,
            Event::Start(Tag::Image { dest_url, .. }) => {
                images.push((out.references.len(), String::new()));
                out.references.push(Reference {
                    kind: RefKind::Image,
                    dest: dest_url.to_string(),
                    offset: range.start,
                    alt: None,
                    decorative: false,
                    literal: false,
                    len: range.len(),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Image) => {
                if let Some((index, alt)) = images.pop() {
                    let alt = alt.trim().to_string();
                    let decorative = is_decorative_marker(&alt);
                    if let Some(image) = out.references.get_mut(index) {
                        image.decorative = decorative;
                        image.alt = (!alt.is_empty() && !decorative).then_some(alt);
                    }
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                out.has_code = true;
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, _, h)) = heading.as_mut() {
                    h.push_str(&t);
                }
                if let Some((_, alt)) = images.last_mut() {
                    alt.push_str(&t);
                } else if let Some(link) = in_link.and_then(|i| out.references.get_mut(i)) {
                    link.text.push_str(&t);
                }
                if !in_code {
                    out.word_count += word_count(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// The words of `text`, as `split_whitespace` counts them, a byte at a time
/// when the text is ASCII (nearly all prose): decoding every character to
/// ask whether it is Unicode white space cost more than the parse.
fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // The ASCII characters `char::is_whitespace` accepts.
    fn space(byte: u8) -> bool {
        byte == b' ' || byte.wrapping_sub(b'\t') < 5
    }
    let bytes = text.as_bytes();
    // A word starts at a byte that is not space, first or after a space:
    // counted without a branch per byte, which the compiler can vectorise.
    let first = bytes.first().is_some_and(|&b| !space(b));
    let after_space = bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .map(|(&a, &b)| usize::from(space(a) & !space(b)))
        .sum::<usize>();
    usize::from(first) + after_space
}

/// `![""](…)` marks an image as decorative. Smart punctuation may have
/// curled the quotes.
fn is_decorative_marker(alt: &str) -> bool {
    matches!(alt, "\"\"" | "\u{201c}\u{201d}" | "\u{201d}\u{201d}")
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A block of prose: a paragraph or list item as plain text, with the byte
/// offset where it starts in the text. Headings, code and image alt text
/// are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProseBlock {
    /// The words, markup removed.
    pub(crate) text: String,
    /// Byte offset of the block in the scanned text.
    pub(crate) offset: usize,
}

/// The prose of `text`, block by block, for readability measures.
pub(crate) fn prose(text: &str) -> Vec<ProseBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<ProseBlock> = None;
    // Depth of the element that opened the current block, so a paragraph
    // inside a list item does not end the item's block early.
    let mut depth = 0usize;
    let mut opened_at = 0usize;
    let mut skip = 0usize;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                depth += 1;
                match tag {
                    Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Image { .. } | Tag::Table(_) => {
                        skip += 1
                    }
                    Tag::Paragraph | Tag::Item if current.is_none() && skip == 0 => {
                        current = Some(ProseBlock {
                            text: String::new(),
                            offset: range.start,
                        });
                        opened_at = depth;
                    }
                    Tag::Item => {
                        // A nested list item ends the outer item's text.
                        if let Some(block) = current.take() {
                            blocks.push(block);
                        }
                        if skip == 0 {
                            current = Some(ProseBlock {
                                text: String::new(),
                                offset: range.start,
                            });
                            opened_at = depth;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(tag) => {
                if matches!(
                    tag,
                    TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Image | TagEnd::Table
                ) {
                    skip = skip.saturating_sub(1);
                }
                if depth == opened_at {
                    if let Some(block) = current.take() {
                        blocks.push(block);
                    }
                    opened_at = 0;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) | Event::Code(t) if skip == 0 => {
                if let Some(block) = current.as_mut() {
                    block.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak if skip == 0 => {
                if let Some(block) = current.as_mut() {
                    block.text.push(' ');
                }
            }
            _ => {}
        }
    }
    blocks.retain(|b| !b.text.trim().is_empty());
    blocks
}

/// A slug of `text` not yet in `taken`, which it is then added to: the
/// second "Cost" heading gets `cost-1`.
pub(crate) fn unique_id(text: &str, taken: &mut HashSet<String>) -> String {
    let mut base = slugify(text);
    if base.is_empty() {
        base = "section".to_string();
    }
    let mut id = base.clone();
    let mut n = 1;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// What the second pass needs from the link stage.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolved<'a> {
    /// The final href of each reference, in `scan` order; `None` keeps it as
    /// written.
    pub hrefs: &'a [Option<String>],
    /// The id of each heading, in `scan` order.
    pub heading_ids: &'a [String],
    /// The copies of each photo, by its resolved href, with the `sizes`
    /// its pictures say they are shown at.
    pub pictures: Option<(&'a HashMap<String, Pictures>, &'a str)>,
}

/// One `##` part of a text, for FAQ pages written with question headings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// The heading's text.
    pub title: String,
    /// The heading's id.
    pub id: String,
    /// The HTML between this heading and the next `##`.
    pub html: String,
}

/// Second pass: the whole text as HTML.
pub(crate) fn render(text: &str, resolved: Resolved<'_>) -> String {
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, Rewriter::new(text, resolved));
    html
}

/// Second pass, split at each `##` heading: the HTML before the first one,
/// then each heading with the HTML under it.
pub(crate) fn render_parts(text: &str, resolved: Resolved<'_>) -> (String, Vec<Part>) {
    let mut intro = String::new();
    let mut parts: Vec<Part> = Vec::new();
    let mut pending: Vec<Event<'_>> = Vec::new();
    let mut in_h2: Option<(String, String)> = None;
    let flush = |events: &mut Vec<Event<'_>>, parts: &mut Vec<Part>, intro: &mut String| {
        let target = match parts.last_mut() {
            Some(part) => &mut part.html,
            None => intro,
        };
        pulldown_cmark::html::push_html(target, events.drain(..));
    };
    for event in Rewriter::new(text, resolved) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id,
                ..
            }) => {
                flush(&mut pending, &mut parts, &mut intro);
                in_h2 = Some((id.map(|s| s.to_string()).unwrap_or_default(), String::new()));
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some((id, title)) = in_h2.take() {
                    parts.push(Part {
                        title: title.trim().to_string(),
                        id,
                        html: String::new(),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) if in_h2.is_some() => {
                if let Some((_, title)) = in_h2.as_mut() {
                    title.push_str(&t);
                }
            }
            _ if in_h2.is_some() => {}
            other => pending.push(other),
        }
    }
    flush(&mut pending, &mut parts, &mut intro);
    (intro, parts)
}

/// Applies the link stage's answers to the parser's events.
struct Rewriter<'a> {
    parser: Parser<'a>,
    resolved: Resolved<'a>,
    next_ref: usize,
    next_heading: usize,
    /// Inside an image: a decorative marker as its alt text is dropped.
    in_image: bool,
    /// How many photos were drawn as pictures so far.
    pictures_drawn: usize,
}

impl<'a> Rewriter<'a> {
    fn new(text: &'a str, resolved: Resolved<'a>) -> Self {
        Rewriter {
            parser: Parser::new_ext(text, options()),
            resolved,
            next_ref: 0,
            next_heading: 0,
            in_image: false,
            pictures_drawn: 0,
        }
    }

    fn href(&mut self, dest: CowStr<'a>) -> CowStr<'a> {
        let href = self.resolved.hrefs.get(self.next_ref).cloned().flatten();
        self.next_ref += 1;
        href.map_or(dest, CowStr::from)
    }

    /// A photo's `<picture>`, with the alt text read up to the image's end:
    /// every copy offered, the first photo of the text loaded at once and
    /// the others when they come near the screen.
    fn picture(&mut self, picture: &Picture, title: &str, sizes: &str) -> Event<'a> {
        let mut alt = String::new();
        let mut depth = 0;
        for event in self.parser.by_ref() {
            match event {
                // A link or image inside the alt text is a reference of its
                // own: the next resolved href is its, not the next link's.
                Event::Start(Tag::Link { .. }) => self.next_ref += 1,
                Event::Start(Tag::Image { .. }) => {
                    self.next_ref += 1;
                    depth += 1;
                }
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::End(TagEnd::Image) => depth -= 1,
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        if is_decorative_marker(alt.trim()) {
            alt.clear();
        }
        self.pictures_drawn += 1;
        let escape = highlight::escape;
        let mut html = String::from("<picture>");
        if !picture.webp_srcset.is_empty() {
            html.push_str(&format!(
                "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">",
                escape(&picture.webp_srcset),
                escape(sizes)
            ));
        }
        html.push_str(&format!(
            "<img src=\"{}\" srcset=\"{}\" sizes=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\"",
            escape(&picture.src),
            escape(&picture.srcset),
            escape(sizes),
            picture.width,
            picture.height,
            escape(alt.trim())
        ));
        if !title.is_empty() {
            html.push_str(&format!(" title=\"{}\"", escape(title)));
        }
        if self.pictures_drawn > 1 {
            html.push_str(" loading=\"lazy\"");
        }
        html.push_str(" decoding=\"async\"></picture>");
        Event::InlineHtml(html.into())
    }

    fn code_block(&mut self, lang: Option<String>) -> Event<'a> {
        let mut code = String::new();
        for event in self.parser.by_ref() {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        Event::Html(highlight::code_block(&code, lang.as_deref()).into())
    }
}

impl<'a> Iterator for Rewriter<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.parser.next()?;
        Some(match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = self.resolved.heading_ids.get(self.next_heading).cloned();
                self.next_heading += 1;
                Event::Start(Tag::Heading {
                    level,
                    id: id.map(CowStr::from),
                    classes,
                    attrs,
                })
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.href(dest_url);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.href(dest_url);
                if let Some((pictures, sizes)) = self.resolved.pictures {
                    if let Some(picture) = pictures
                        .get(dest_url.as_ref())
                        .and_then(|p| p.whole.as_ref())
                    {
                        return Some(self.picture(picture, &title, sizes));
                    }
                }
                self.in_image = true;
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                self.in_image = false;
                Event::End(TagEnd::Image)
            }
            // The marker may arrive as one text event or as one per quote.
            Event::Text(t)
                if self.in_image
                    && t.chars()
                        .all(|c| matches!(c, '"' | '\u{201c}' | '\u{201d}')) =>
            {
                Event::Text(CowStr::Borrowed(""))
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                };
                return Some(self.code_block(lang));
            }
            other => other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        scan(text, &HashSet::new())
            .headings
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn words_are_counted_alike_in_ascii_and_other_text() {
        for text in [
            "",
            "  one",
            "one two\tthree\nfour\x0bfive\x0csix\r\nseven  ",
            "caf\u{e9} ol\u{e9}",
            "a\u{a0}b\u{2003}c \u{3000} d",
        ] {
            assert_eq!(
                word_count(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
        assert_eq!(
            scan(
                "One *two* `three`\n\n```\nnot counted\n```\n",
                &HashSet::new()
            )
            .word_count,
            3
        );
    }

    #[test]
    fn heading_ids_are_unique_and_stable() {
        assert_eq!(
            ids("## Cost\n\n## Cost\n\n### What's next?\n\n## Custom {#mine}\n"),
            ["cost", "cost-1", "whats-next", "mine"]
        );
    }

    #[test]
    fn reserved_ids_are_not_reused() {
        let reserved = HashSet::from(["cost".to_string()]);
        let scan = scan("## Cost\n", &reserved);
        assert_eq!(scan.headings[0].id, "cost-1");
    }

    #[test]
    fn finds_links_images_and_alt_text() {
        let text = "See [basics](../faq/basics.md#cost).\n\n![A calm room](room.svg) ![](x.png) ![\"\"](line.svg)\n";
        let scan = scan(text, &HashSet::new());
        let refs: Vec<_> = scan
            .references
            .iter()
            .map(|r| (r.dest.as_str(), r.alt.as_deref(), r.decorative))
            .collect();
        assert_eq!(
            refs,
            [
                ("../faq/basics.md#cost", None, false),
                ("room.svg", Some("A calm room"), false),
                ("x.png", None, false),
                ("line.svg", None, true),
            ]
        );
        assert_eq!(&text[scan.references[0].offset..][..8], "[basics]");
    }

    #[test]
    fn render_uses_resolved_hrefs_and_ids() {
        let text = "## Hello\n\n[a](a.md) and ![\"\"](d.svg)\n";
        let hrefs = [Some("/a/".to_string()), None];
        let heading_ids = ["hello".to_string()];
        let html = render(
            text,
            Resolved {
                hrefs: &hrefs,
                heading_ids: &heading_ids,
                pictures: None,
            },
        );
        assert!(html.contains("<h2 id=\"hello\">Hello</h2>"), "{html}");
        assert!(html.contains("<a href=\"/a/\">a</a>"), "{html}");
        assert!(html.contains("<img src=\"d.svg\" alt=\"\""), "{html}");
    }

    #[test]
    fn parts_split_at_second_level_headings() {
        let text = "Intro.\n\n## First?\n\nOne.\n\n### Detail\n\nMore.\n\n## Second?\n\nTwo.\n";
        let s = scan(text, &HashSet::new());
        let heading_ids: Vec<String> = s.headings.iter().map(|h| h.id.clone()).collect();
        let (intro, parts) = render_parts(
            text,
            Resolved {
                hrefs: &[],
                heading_ids: &heading_ids,
                pictures: None,
            },
        );
        assert_eq!(intro.trim(), "<p>Intro.</p>");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].title, "First?");
        assert_eq!(parts[0].id, "first");
        assert!(parts[0].html.contains("<h3 id=\"detail\">Detail</h3>"));
        assert_eq!(parts[1].html.trim(), "<p>Two.</p>");
    }

    #[test]
    fn prose_is_paragraphs_and_items_without_code_or_headings() {
        let text = "## Title\n\nOne *two* three.\n\n- Item one\n- Item [two](x.md)\n\n```\ncode here\n```\n\n![alt words](a.png)\n";
        let blocks = prose(text);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["One two three.", "Item one", "Item two"]);
        assert!(text[blocks[0].offset..].starts_with("One"));
    }

    #[test]
    fn links_keep_their_text_and_length() {
        let text = "Read [the basics](a.md) now.";
        let link = &scan(text, &HashSet::new()).references[0];
        assert_eq!(link.text, "the basics");
        assert_eq!(
            &text[link.offset..link.offset + link.len],
            "[the basics](a.md)"
        );
    }

    #[test]
    fn links_inside_alt_text_keep_the_order_of_the_second_pass() {
        let text = "![see [the page](a.md) here](pic.png) then [b](b.md)\n";
        let dests: Vec<String> = scan(text, &HashSet::new())
            .references
            .into_iter()
            .map(|r| r.dest)
            .collect();
        assert_eq!(dests, ["pic.png", "a.md", "b.md"]);
        let hrefs = [
            Some("/pic.png".to_string()),
            Some("/a/".to_string()),
            Some("/b/".to_string()),
        ];
        let html = render(
            text,
            Resolved {
                hrefs: &hrefs,
                heading_ids: &[],
                pictures: None,
            },
        );
        assert!(html.contains("src=\"/pic.png\""), "{html}");
        assert!(html.contains("<a href=\"/b/\">b</a>"), "{html}");
    }

    #[test]
    fn a_picture_with_a_link_in_its_alt_text_leaves_later_links_theirs() {
        let text = "![see [the page](a.md) here](pic.jpg) then [b](b.md)\n";
        let hrefs = [
            Some("/pic.jpg".to_string()),
            Some("/a/".to_string()),
            Some("/b/".to_string()),
        ];
        let picture = Picture {
            src: "/pic.640.jpg".into(),
            srcset: "/pic.640.jpg 640w".into(),
            webp_srcset: "/pic.640.webp 640w".into(),
            width: 640,
            height: 480,
        };
        let pictures = HashMap::from([(
            "/pic.jpg".to_string(),
            Pictures {
                whole: Some(picture),
                square: None,
            },
        )]);
        let html = render(
            text,
            Resolved {
                hrefs: &hrefs,
                heading_ids: &[],
                pictures: Some((&pictures, "100vw")),
            },
        );
        assert!(html.contains("srcset=\"/pic.640.webp 640w\""), "{html}");
        assert!(html.contains("alt=\"see the page here\""), "{html}");
        assert!(html.contains("<a href=\"/b/\">b</a>"), "{html}");
    }

    #[test]
    fn words_exclude_code() {
        let scan = scan(
            "One two three.\n\n```\nnot counted here\n```\n",
            &HashSet::new(),
        );
        assert_eq!(scan.word_count, 3);
    }
}

//! Markdown, in two passes over the same text.
//!
//! [`scan`] runs while loading: it finds headings (and gives each a stable id,
//! unique within the page), links, images and a word count, keeping byte
//! offsets so later stages can point at the exact spot. [`render`] runs once
//! every link is resolved: it is given the final href of each link in the
//! order `scan` found them and writes HTML, with fenced code highlighted by
//! CSS classes.
//!
//! Both passes also find the blocks of [`blocks`]: callouts, citations and
//! links to glossary terms.
//!
//! Architecture invariant: both passes parse with the same options, so the
//! n-th link of one is the n-th link of the other. This module knows nothing
//! of files or of the rest of the site.

mod blocks;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{
    BrokenLink, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, OffsetIter, Options, Parser,
    Tag, TagEnd,
};

pub(crate) use blocks::{cite_id, source_id, BUILT_IN_CALLOUTS};
pub(crate) use blocks::{Callout, Citation, Definition, TermWords};

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

/// The callback that makes a citation of `[@key]`.
type CiteCallback = for<'b> fn(BrokenLink<'b>) -> Option<(CowStr<'b>, CowStr<'b>)>;

/// The parser both passes use: the same options, and citations recognised.
fn parser(text: &str) -> Parser<'_, CiteCallback> {
    Parser::new_with_broken_link_callback(
        text,
        options(),
        Some(blocks::citation_link as CiteCallback),
    )
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
    /// Callouts, in order.
    pub callouts: Vec<Callout>,
    /// Citations of sources, in order.
    pub citations: Vec<Citation>,
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
    let mut in_citation = false;

    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::BlockQuote(_)) => {
                if let Some((kind, at, _)) = blocks::callout_marker(&text[range.start..]) {
                    out.callouts.push(Callout {
                        kind: kind.to_ascii_uppercase(),
                        offset: range.start + at,
                        len: kind.len() + 3,
                    });
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if blocks::is_citation(link_type, &dest_url) => {
                in_citation = true;
                out.citations.push(Citation {
                    offset: range.start,
                    len: range.len(),
                    items: blocks::citation_items(&dest_url).unwrap_or_default(),
                });
            }
            Event::End(TagEnd::Link) if in_citation => in_citation = false,
            _ if in_citation => {}
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
    let mut in_citation = false;
    for (event, range) in parser(text).into_offset_iter() {
        // A citation's key is no prose.
        match &event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if blocks::is_citation(*link_type, dest_url) => in_citation = true,
            Event::End(TagEnd::Link) if in_citation => {
                in_citation = false;
                continue;
            }
            _ => {}
        }
        if in_citation {
            continue;
        }
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
    /// How callouts, citations and glossary terms are drawn; without it
    /// callouts are labelled with their kind and citations stay as written.
    pub blocks: Option<&'a Blocks<'a>>,
}

/// What the site says of the blocks a text may use.
#[derive(Clone, Copy)]
pub(crate) struct Blocks<'a> {
    /// The label of each callout kind, by its upper-case name.
    pub callouts: &'a HashMap<String, String>,
    /// The glossary's terms, by the href of their entry.
    pub glossary: &'a HashMap<String, Definition>,
    /// The words a definition in place needs.
    pub term_words: &'a TermWords,
    /// The number of each work this text cites, by its key.
    pub sources: &'a HashMap<String, usize>,
    /// A work's number as screen readers hear it: "Source 3".
    pub source_label: &'a (dyn Fn(usize) -> String + Sync),
    /// Put in the ids of callouts and definitions, so that several texts
    /// on one page (a page's questions' answers) do not share an id.
    pub scope: &'a str,
}

impl std::fmt::Debug for Blocks<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blocks")
            .field("callouts", &self.callouts)
            .field("glossary", &self.glossary.len())
            .field("sources", &self.sources)
            .finish_non_exhaustive()
    }
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
    /// Its first paragraph as inline HTML, without the `<p>`: a glossary
    /// term's definition in short.
    pub first_html: String,
    /// Its first paragraph as plain text.
    pub first_text: String,
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
    // The first paragraph of the current part: awaited after its heading,
    // then `Some` while it is read.
    let mut awaiting_first = false;
    let mut first: Option<Vec<Event<'_>>> = None;
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
                        first_html: String::new(),
                        first_text: String::new(),
                    });
                    awaiting_first = true;
                    first = None;
                }
            }
            Event::Text(t) | Event::Code(t) if in_h2.is_some() => {
                if let Some((_, title)) = in_h2.as_mut() {
                    title.push_str(&t);
                }
            }
            _ if in_h2.is_some() => {}
            other => {
                if awaiting_first && matches!(other, Event::Start(Tag::Paragraph)) {
                    awaiting_first = false;
                    first = Some(Vec::new());
                } else if let (Some(events), Some(part)) = (first.as_mut(), parts.last_mut()) {
                    match &other {
                        Event::End(TagEnd::Paragraph) => {
                            for event in events.iter() {
                                match event {
                                    Event::Text(t) | Event::Code(t) => part.first_text.push_str(t),
                                    Event::SoftBreak | Event::HardBreak => {
                                        part.first_text.push(' ')
                                    }
                                    _ => {}
                                }
                            }
                            pulldown_cmark::html::push_html(&mut part.first_html, events.drain(..));
                            first = None;
                        }
                        event => events.push(event.clone()),
                    }
                }
                pending.push(other)
            }
        }
    }
    flush(&mut pending, &mut parts, &mut intro);
    (intro, parts)
}

/// Applies the link stage's answers to the parser's events.
struct Rewriter<'a> {
    parser: OffsetIter<'a, CiteCallback>,
    text: &'a str,
    resolved: Resolved<'a>,
    next_ref: usize,
    next_heading: usize,
    /// Inside an image: a decorative marker as its alt text is dropped.
    in_image: bool,
    /// How many photos were drawn as pictures so far.
    pictures_drawn: usize,
    /// Events to hand out before the parser's next one.
    queue: std::collections::VecDeque<Event<'a>>,
    /// For each open block quote, whether it is a callout.
    quotes: Vec<bool>,
    /// The `[!KIND]` marker of the callout just opened, left out.
    marker: Option<Range<usize>>,
    /// The paragraph the marker opened was left out: it is opened again
    /// if it has more than the marker.
    paragraph_dropped: bool,
    callouts_drawn: usize,
    /// Citations of works so far, for their ids.
    mentions: usize,
    /// Inside a link to a glossary term: its definition follows the link.
    term: Option<&'a Definition>,
    terms_drawn: usize,
}

impl<'a> Rewriter<'a> {
    fn new(text: &'a str, resolved: Resolved<'a>) -> Self {
        Rewriter {
            parser: parser(text).into_offset_iter(),
            text,
            resolved,
            next_ref: 0,
            next_heading: 0,
            in_image: false,
            pictures_drawn: 0,
            queue: std::collections::VecDeque::new(),
            quotes: Vec::new(),
            marker: None,
            paragraph_dropped: false,
            callouts_drawn: 0,
            mentions: 0,
            term: None,
            terms_drawn: 0,
        }
    }

    /// The scope of this text's ids among the page's texts.
    fn scope(&self) -> &'a str {
        self.resolved.blocks.map_or("", |b| b.scope)
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
        for (event, _) in self.parser.by_ref() {
            match event {
                // A link or image inside the alt text is a reference of its
                // own: the next resolved href is its, not the next link's.
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) if !blocks::is_citation(link_type, &dest_url) => self.next_ref += 1,
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
        for (event, _) in self.parser.by_ref() {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        Event::Html(highlight::code_block(&code, lang.as_deref()).into())
    }

    /// A block quote: a callout when it opens with a `[!KIND]` line.
    fn block_quote(&mut self, event: Event<'a>, range: &Range<usize>) -> Event<'a> {
        let Some((kind, at, len)) = blocks::callout_marker(&self.text[range.start..]) else {
            self.quotes.push(false);
            return event;
        };
        let kind = kind.to_ascii_uppercase();
        self.quotes.push(true);
        let start = range.start + at;
        self.marker = Some(start..start + len);
        self.callouts_drawn += 1;
        let label = self
            .resolved
            .blocks
            .and_then(|b| b.callouts.get(&kind).cloned())
            .unwrap_or_else(|| title_case(&kind));
        let n = format!("{}{}", self.scope(), self.callouts_drawn);
        Event::Html(blocks::callout_open(&kind, &label, &n).into())
    }

    /// A citation, read up to its end: each work's number linking to the
    /// list of sources, or the text as written when a key is unknown.
    fn citation(&mut self, label: &str, range: &Range<usize>) -> Event<'a> {
        let mut depth = 0;
        for (event, _) in self.parser.by_ref() {
            match event {
                Event::Start(Tag::Link { .. }) => depth += 1,
                Event::End(TagEnd::Link) if depth == 0 => break,
                Event::End(TagEnd::Link) => depth -= 1,
                _ => {}
            }
        }
        let items = blocks::citation_items(label).unwrap_or_default();
        let numbers: Option<Vec<usize>> = self.resolved.blocks.and_then(|b| {
            items
                .iter()
                .map(|item| b.sources.get(&item.key).copied())
                .collect()
        });
        match (numbers, self.resolved.blocks) {
            (Some(numbers), Some(blocks)) => {
                let numbered: Vec<(usize, usize)> = numbers
                    .into_iter()
                    .map(|n| {
                        self.mentions += 1;
                        (n, self.mentions)
                    })
                    .collect();
                Event::InlineHtml(
                    blocks::citation_html(&items, &numbered, blocks.source_label).into(),
                )
            }
            _ => Event::Text(CowStr::from(self.text[range.clone()].to_string())),
        }
    }

    fn rewrite(&mut self, event: Event<'a>, range: Range<usize>) -> Event<'a> {
        match event {
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
            Event::Start(Tag::BlockQuote(_)) => self.block_quote(event, &range),
            Event::End(TagEnd::BlockQuote(kind)) => {
                if self.quotes.pop() == Some(true) {
                    Event::Html(CowStr::Borrowed(blocks::CALLOUT_CLOSE))
                } else {
                    Event::End(TagEnd::BlockQuote(kind))
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if blocks::is_citation(link_type, &dest_url) => self.citation(&dest_url, &range),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.href(dest_url);
                self.term = self
                    .resolved
                    .blocks
                    .and_then(|b| b.glossary.get(dest_url.as_ref()));
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                if let (Some(term), Some(blocks)) = (self.term.take(), self.resolved.blocks) {
                    self.terms_drawn += 1;
                    let n = format!("{}{}", blocks.scope, self.terms_drawn);
                    let html = blocks::term_popover(term, blocks.term_words, &n);
                    self.queue.push_back(Event::InlineHtml(html.into()));
                }
                Event::End(TagEnd::Link)
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
                        return self.picture(picture, &title, sizes);
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
                self.code_block(lang)
            }
            other => other,
        }
    }
}

/// `TRY` as `Try`: the label of a callout kind the site does not name.
fn title_case(kind: &str) -> String {
    let lower = kind.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl<'a> Iterator for Rewriter<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.queue.pop_front() {
            return Some(event);
        }
        loop {
            let (event, range) = self.parser.next()?;
            if let Some(marker) = self.marker.clone() {
                // A callout's marker line is its label, not its text.
                let inside = marker.contains(&range.start);
                match event {
                    Event::Start(Tag::Paragraph) if inside => {
                        self.paragraph_dropped = true;
                        continue;
                    }
                    Event::Text(_) | Event::SoftBreak | Event::HardBreak if inside => continue,
                    _ => {}
                }
                self.marker = None;
                if std::mem::take(&mut self.paragraph_dropped) {
                    if matches!(event, Event::End(TagEnd::Paragraph)) {
                        continue;
                    }
                    let next = self.rewrite(event, range);
                    self.queue.push_front(next);
                    return Some(Event::Start(Tag::Paragraph));
                }
            }
            return Some(self.rewrite(event, range));
        }
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
                blocks: None,
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
                blocks: None,
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
                blocks: None,
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
                blocks: None,
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

    fn with_blocks(text: &str, hrefs: &[Option<String>], blocks: &Blocks<'_>) -> String {
        let ids: Vec<String> = scan(text, &HashSet::new())
            .headings
            .into_iter()
            .map(|h| h.id)
            .collect();
        render(
            text,
            Resolved {
                hrefs,
                heading_ids: &ids,
                pictures: None,
                blocks: Some(blocks),
            },
        )
    }

    struct Site {
        callouts: HashMap<String, String>,
        glossary: HashMap<String, Definition>,
        words: TermWords,
        sources: HashMap<String, usize>,
    }

    impl Site {
        fn new() -> Site {
            Site {
                callouts: HashMap::from([
                    ("NOTE".to_string(), "Note".to_string()),
                    ("TRY".to_string(), "Try this".to_string()),
                ]),
                glossary: HashMap::from([(
                    "/glossary/#vaginismus".to_string(),
                    Definition {
                        title: "Vaginismus".into(),
                        html: "Muscles <em>tighten</em>.".into(),
                        href: "/glossary/#vaginismus".into(),
                    },
                )]),
                words: TermWords {
                    ask: "What does \u{201c}{term}\u{201d} mean?".into(),
                    more: "In the glossary".into(),
                    close: "Close".into(),
                },
                sources: HashMap::from([("basson2000".to_string(), 1), ("a".to_string(), 2)]),
            }
        }

        fn blocks<'a>(&'a self, label: &'a (dyn Fn(usize) -> String + Sync)) -> Blocks<'a> {
            Blocks {
                callouts: &self.callouts,
                glossary: &self.glossary,
                term_words: &self.words,
                sources: &self.sources,
                source_label: label,
                scope: "",
            }
        }
    }

    #[test]
    fn callouts_are_labelled_notes_without_their_marker() {
        let text = "> [!NOTE]\n> Many people feel nervous.\n\n> [!try]\n>\n> Breathe out slowly.\n\n> A plain quote.\n";
        let found = scan(text, &HashSet::new());
        let kinds: Vec<&str> = found.callouts.iter().map(|c| c.kind.as_str()).collect();
        assert_eq!(kinds, ["NOTE", "TRY"]);
        assert_eq!(&text[found.callouts[1].offset..][..7], "[!try]\n");
        let site = Site::new();
        let label = |n: usize| format!("Source {n}");
        let html = with_blocks(text, &[], &site.blocks(&label));
        assert!(
            html.contains("<div class=\"callout callout-note\" role=\"note\" aria-labelledby=\"callout--1\">\n<p class=\"callout-label\" id=\"callout--1\">Note</p>\n<p>Many people feel nervous.</p>\n</div>"),
            "{html}"
        );
        assert!(
            html.contains("id=\"callout--2\">Try this</p>\n<p>Breathe out slowly.</p>\n</div>"),
            "{html}"
        );
        assert!(!html.contains("[!"), "{html}");
        assert!(
            html.contains("<blockquote>\n<p>A plain quote.</p>\n</blockquote>"),
            "{html}"
        );
    }

    #[test]
    fn citations_are_numbered_links_to_the_sources_and_no_words() {
        let text = "Desire can follow arousal [@basson2000, p. 52]. See [@a; @basson2000] and [the questions](faq.md), not [@nobody].\n";
        let found = scan(text, &HashSet::new());
        assert_eq!(found.citations.len(), 3);
        assert_eq!(
            found.references.len(),
            1,
            "a citation is no link to resolve"
        );
        assert_eq!(
            &text[found.citations[0].offset..][..found.citations[0].len],
            "[@basson2000, p. 52]"
        );
        assert_eq!(scan("One [@a] two.", &HashSet::new()).word_count, 2);
        let site = Site::new();
        let label = |n: usize| format!("Source {n}");
        let html = with_blocks(text, &[Some("/faq/".to_string())], &site.blocks(&label));
        assert!(
            html.contains("<span class=\"citation\">[<a href=\"#source--1\" id=\"cite--1\" aria-label=\"Source 1\">1</a>, p. 52]</span>"),
            "{html}"
        );
        assert!(
            html.contains("[<a href=\"#source--2\" id=\"cite--2\" aria-label=\"Source 2\">2</a>; <a href=\"#source--1\" id=\"cite--3\""),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"/faq/\">the questions</a>"),
            "{html}"
        );
        assert!(html.contains("not [@nobody]."), "{html}");
    }

    #[test]
    fn a_link_to_a_glossary_term_shows_its_definition_in_place() {
        let text = "It is called [vaginismus](glossary.md#vaginismus).\n";
        let site = Site::new();
        let label = |n: usize| format!("Source {n}");
        let html = with_blocks(
            text,
            &[Some("/glossary/#vaginismus".to_string())],
            &site.blocks(&label),
        );
        assert!(
            html.contains("<a href=\"/glossary/#vaginismus\">vaginismus</a><button type=\"button\" class=\"term-button\" popovertarget=\"term--1\" aria-label=\"What does \u{201c}Vaginismus\u{201d} mean?\">"),
            "{html}"
        );
        assert!(
            html.contains("id=\"term--1\" popover><span class=\"term-title\">Vaginismus</span> <span class=\"term-text\">Muscles <em>tighten</em>.</span>"),
            "{html}"
        );
        assert!(
            html.contains("popovertargetaction=\"hide\">Close</button></span>."),
            "{html}"
        );
    }
}

//! The words a reader sees in a markdown text, without parsing it fully.
//!
//! Indexing reads every page once more, so this pass must be cheap: a
//! line-by-line scan rather than a second markdown parse. It keeps what a
//! reader sees (paragraph and list text, link text, image alt text, inline
//! code) and drops what they do not: fenced code blocks, link destinations,
//! HTML tags and comments, entities, `{#id}` attributes, link reference
//! definitions and, when asked, heading lines (which the index takes from
//! the loaded headings instead). Markup characters such as `*` and `|`
//! are left in: they separate words anyway, and [`excerpt`] removes them.

/// Calls `f` with each run of visible text of `markdown`, in order. Words
/// never span two runs.
pub(crate) fn visible_text(markdown: &str, skip_headings: bool, mut f: impl FnMut(&str)) {
    let mut fence: Option<(u8, usize)> = None;
    let mut in_comment = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some((ch, len)) = fence {
            if indent < 4 && fence_run(trimmed, ch) >= len && trimmed[len..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if in_comment {
            match line.find("-->") {
                Some(end) => {
                    in_comment = false;
                    inline(&line[end + 3..], &mut in_comment, &mut f);
                }
                None => continue,
            }
            continue;
        }
        if indent < 4 {
            for ch in [b'`', b'~'] {
                let run = fence_run(trimmed, ch);
                if run >= 3 {
                    fence = Some((ch, run));
                }
            }
            if fence.is_some() {
                continue;
            }
            if skip_headings && is_heading(trimmed) {
                continue;
            }
            if is_reference_definition(trimmed) {
                continue;
            }
        }
        inline(block_content(trimmed), &mut in_comment, &mut f);
    }
}

/// How many `ch` characters `line` starts with.
fn fence_run(line: &str, ch: u8) -> usize {
    line.bytes().take_while(|&b| b == ch).count()
}

fn is_heading(line: &str) -> bool {
    let hashes = fence_run(line, b'#');
    (1..=6).contains(&hashes)
        && line[hashes..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '\t')
}

/// `[label]: destination`.
fn is_reference_definition(line: &str) -> bool {
    line.starts_with('[')
        && line
            .find("]:")
            .is_some_and(|end| !line[1..end].contains(']'))
}

/// The line without its block markers: `>` quotes, `-`, `*`, `+` and
/// `1.` list markers, `#` heading marks.
fn block_content(mut line: &str) -> &str {
    loop {
        let before = line;
        line = line.trim_start();
        if let Some(rest) = line.strip_prefix('>') {
            line = rest;
        } else if let Some(rest) = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("* "))
            .or_else(|| line.strip_prefix("+ "))
        {
            line = rest;
        } else if line.starts_with('#') {
            line = line.trim_start_matches('#');
        } else {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
                line = &line[digits + 1..];
            }
        }
        if line.len() == before.len() {
            return line;
        }
    }
}

/// Visible text of one line: link text without its destination, tags,
/// comments, entities and `{#id}` removed.
fn inline(line: &str, in_comment: &mut bool, f: &mut impl FnMut(&str)) {
    let bytes = line.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let mut emit = |from: usize, to: usize| {
        if to > from {
            f(&line[from..to]);
        }
    };
    while i < bytes.len() {
        // Most bytes are plain text: jump to the next one that may start
        // markup to leave out.
        match next_markup(bytes, i) {
            Some(next) => i = next,
            None => break,
        }
        let skip_to = match bytes[i] {
            b']' if bytes.get(i + 1) == Some(&b'(') => closing(bytes, i + 1, b'(', b')'),
            b']' if bytes.get(i + 1) == Some(&b'[') => closing(bytes, i + 1, b'[', b']'),
            b'<' if line[i..].starts_with("<!--") => match line[i..].find("-->") {
                Some(end) => Some(i + end + 3),
                None => {
                    *in_comment = true;
                    Some(bytes.len())
                }
            },
            b'<' if bytes
                .get(i + 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/') =>
            {
                line[i..].find('>').map(|end| i + end + 1)
            }
            b'{' if bytes.get(i + 1) == Some(&b'#') => line[i..].find('}').map(|end| i + end + 1),
            b'&' => entity_end(bytes, i),
            _ => None,
        };
        match skip_to {
            Some(to) => {
                emit(start, i);
                i = to;
                start = to;
            }
            None => i += 1,
        }
    }
    emit(start, bytes.len());
}

/// Where the next byte that can start something [`inline`] leaves out
/// (`]`, `<`, `{`, `&`) is, from `i` on; eight bytes at a time.
fn next_markup(bytes: &[u8], mut i: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        let x = u64::from_le_bytes(b);
        // A byte of `x ^ c` is zero where `x` has `c`; this finds zero
        // bytes (false hits only above a true one, which comes first).
        let zero = |t: u64| t.wrapping_sub(ONES) & !t & HIGH;
        let found = zero(x ^ (ONES * u64::from(b']')))
            | zero(x ^ (ONES * u64::from(b'<')))
            | zero(x ^ (ONES * u64::from(b'{')))
            | zero(x ^ (ONES * u64::from(b'&')));
        if found != 0 {
            return Some(i + found.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|b| matches!(b, b']' | b'<' | b'{' | b'&'))
        .map(|p| i + p)
}

/// The index just past the bracket closing the one at `open`.
fn closing(bytes: &[u8], open: usize, left: u8, right: u8) -> Option<usize> {
    let mut depth = 0usize;
    for (j, &b) in bytes.iter().enumerate().skip(open) {
        if b == left {
            depth += 1;
        } else if b == right {
            depth -= 1;
            if depth == 0 {
                return Some(j + 1);
            }
        }
    }
    None
}

/// `&amp;`, `&#8212;`: the index just past the `;`.
fn entity_end(bytes: &[u8], at: usize) -> Option<usize> {
    let name = bytes[at + 1..]
        .iter()
        .take(32)
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
        .count();
    (name > 0 && bytes.get(at + 1 + name) == Some(&b';')).then_some(at + name + 2)
}

/// `text` cut at a word boundary to at most `limit` characters, with "…"
/// when cut.
pub(crate) fn shorten(text: &str, limit: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    let kept = match cut.rfind(' ') {
        Some(space) if space > limit / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", kept.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visible(markdown: &str) -> String {
        let mut out = Vec::new();
        visible_text(markdown, true, |run| out.push(run.trim().to_string()));
        out.retain(|s| !s.is_empty());
        out.join(" / ")
    }

    #[test]
    fn link_text_stays_and_destinations_go() {
        assert_eq!(
            visible("See [the costs](../faq/basics.md#cost) and ![a chair](chair.svg)."),
            "See [the costs / and ![a chair / ."
        );
        assert_eq!(
            visible("[text][ref] after\n[ref]: https://example.org"),
            "[text / after"
        );
    }

    #[test]
    fn code_blocks_tags_comments_and_entities_go() {
        let md = "Before\n```rust\nfn secret() {}\n```\nAfter <span class=\"x\">in</span> &amp; <!-- hidden\nstill hidden --> shown\n~~~\ncode\n~~~\nEnd `inline` stays";
        assert_eq!(
            visible(md),
            "Before / After / in / shown / End `inline` stays"
        );
    }

    #[test]
    fn headings_are_skipped_when_asked_and_ids_always() {
        let md = "## A heading {#custom}\nText";
        assert_eq!(visible(md), "Text");
        let mut all = Vec::new();
        visible_text(md, false, |run| all.push(run.trim().to_string()));
        all.retain(|s| !s.is_empty());
        assert_eq!(all.join("|"), "A heading|Text");
    }

    #[test]
    fn markup_is_found_at_any_offset() {
        for special in [']', '<', '{', '&'] {
            for at in 0..20 {
                let text = format!("{}{special}{}", "x".repeat(at), "é y".repeat(3));
                assert_eq!(next_markup(text.as_bytes(), 0), Some(at), "{text:?}");
                assert_eq!(next_markup(text.as_bytes(), at + 1), None, "{text:?}");
            }
        }
    }

    #[test]
    fn shortened_text_is_cut_at_a_word() {
        let text = "It is normal to feel nervous before a first session.";
        assert_eq!(shorten(text, 200), text);
        assert_eq!(shorten(text, 30), "It is normal to feel nervous…");
    }
}

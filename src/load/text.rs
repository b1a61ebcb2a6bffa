//! A page's text as read, kept whole or, on a large site, with its body
//! compressed.
//!
//! Every stage after load reads a page's body again (the checks, the
//! HTML, the search index), so the text is kept for the whole build. On a
//! site of a hundred thousand articles that is half a gigabyte, most of
//! the memory a build needs. Past a budget, the load stage compresses the
//! bodies it reads (zstd, about half their size) and each reader
//! decompresses the body it needs, for as long as it needs it. The front
//! matter stays as it is: error positions and checks of its keys read it
//! often.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

/// How much markdown a load keeps uncompressed before it compresses the
/// bodies of the pages it reads next. Sites under it (most, by far) never
/// pay for compressing; a site ten times its size keeps nearly all of its
/// text in about half the memory.
pub const PLAIN_TEXT_BUDGET: usize = 64 << 20;

/// zstd's quickest level: text shrinks about as much as at its default,
/// in less time.
const LEVEL: i32 = 1;

/// A page's file, front matter and body.
#[derive(Clone)]
pub struct PageText {
    /// The whole file, or only its front matter when the body is packed.
    kept: String,
    /// Where the body starts.
    body_offset: usize,
    /// The body, compressed, and its length in bytes.
    packed: Option<(Box<[u8]>, usize)>,
}

impl PageText {
    /// The text of a file whose body starts at `body_offset`, kept whole.
    pub fn new(text: String, body_offset: usize) -> PageText {
        let body_offset = if text.is_char_boundary(body_offset) {
            body_offset
        } else {
            text.len()
        };
        PageText {
            kept: text,
            body_offset,
            packed: None,
        }
    }

    /// Where the markdown body starts in the file.
    pub fn body_offset(&self) -> usize {
        self.body_offset
    }

    /// The file up to its body: the front matter with its fences.
    pub fn front(&self) -> &str {
        self.kept.get(..self.body_offset).unwrap_or(&self.kept)
    }

    /// The markdown body.
    pub fn body(&self) -> Cow<'_, str> {
        match &self.packed {
            None => Cow::Borrowed(self.kept.get(self.body_offset..).unwrap_or("")),
            Some((bytes, len)) => Cow::Owned(unpack(bytes, *len)),
        }
    }

    /// The body's length in bytes, without decompressing it.
    pub fn body_len(&self) -> usize {
        match &self.packed {
            None => self.kept.len() - self.body_offset,
            Some((_, len)) => *len,
        }
    }

    /// The whole file, for positions in the body.
    pub fn whole(&self) -> Cow<'_, str> {
        match &self.packed {
            None => Cow::Borrowed(&self.kept),
            Some(_) => Cow::Owned(format!("{}{}", self.front(), self.body())),
        }
    }

    /// Whether the body is kept compressed.
    pub fn is_packed(&self) -> bool {
        self.packed.is_some()
    }

    /// Compresses the body, unless it is already or would not shrink.
    pub fn pack(&mut self) {
        if self.packed.is_some() {
            return;
        }
        let body = self.kept.get(self.body_offset..).unwrap_or("");
        let Some(bytes) = pack(body.as_bytes()) else {
            return;
        };
        if bytes.len() >= body.len() {
            return;
        }
        let len = body.len();
        self.kept.truncate(self.body_offset);
        self.kept.shrink_to_fit();
        self.packed = Some((bytes.into_boxed_slice(), len));
    }
}

impl fmt::Debug for PageText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageText")
            .field("front", &self.front())
            .field("body_len", &self.body_len())
            .field("packed", &self.is_packed())
            .finish()
    }
}

thread_local! {
    // A compressor and a decompressor for each thread, made once: each
    // holds tables that would otherwise be allocated for every page.
    static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> =
        const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { RefCell::new(None) };
}

/// `bytes`, compressed; `None` when zstd cannot (out of memory), and the
/// text is then kept as it is.
fn pack(bytes: &[u8]) -> Option<Vec<u8>> {
    COMPRESSOR.with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        if slot.is_none() {
            *slot = zstd::bulk::Compressor::new(LEVEL).ok();
        }
        slot.as_mut()?.compress(bytes).ok()
    })
}

/// The text of `len` bytes that `bytes` were packed from.
fn unpack(bytes: &[u8], len: usize) -> String {
    let decompressed = DECOMPRESSOR.with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        if slot.is_none() {
            *slot = zstd::bulk::Decompressor::new().ok();
        }
        slot.as_mut()?.decompress(bytes, len).ok()
    });
    // The bytes were made from a string by `pack` and never change: they
    // always decompress to it. Should memory run out, the page reads as
    // empty rather than stopping the build midway.
    let decompressed = decompressed
        .or_else(|| zstd::bulk::decompress(bytes, len).ok())
        .unwrap_or_default();
    String::from_utf8(decompressed)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(body: &str) -> (String, usize) {
        let front = "---\ntitle: \"Naming feelings\"\ntags: [consent]\n---\n";
        (format!("{front}{body}"), front.len())
    }

    #[test]
    fn a_packed_body_reads_as_it_was_written() {
        let body = "## Les émotions\n\nNommer ce que l'on ressent — 😊 — aide.\n".repeat(40);
        let (text, offset) = file(&body);
        let plain = PageText::new(text.clone(), offset);
        let mut packed = plain.clone();
        packed.pack();
        assert!(packed.is_packed());
        assert_eq!(packed.body(), body);
        assert_eq!(packed.body_len(), body.len());
        assert_eq!(packed.front(), plain.front());
        assert_eq!(packed.whole(), text);
        assert_eq!(packed.body_offset(), offset);
    }

    #[test]
    fn a_body_that_would_not_shrink_is_kept_as_it_is() {
        for body in ["", "x", "short text\n"] {
            let (text, offset) = file(body);
            let mut page = PageText::new(text.clone(), offset);
            page.pack();
            assert!(!page.is_packed(), "{body:?}");
            assert_eq!(page.whole(), text);
            assert_eq!(page.body(), body);
        }
    }

    #[test]
    fn packing_keeps_less_than_the_text() {
        let body =
            "Consent can be taken back at any time, and asking again is part of it.\n".repeat(60);
        let (text, offset) = file(&body);
        let mut page = PageText::new(text, offset);
        page.pack();
        let (bytes, _) = page.packed.as_ref().expect("packed");
        assert!(
            bytes.len() * 2 < body.len(),
            "{} of {}",
            bytes.len(),
            body.len()
        );
        assert_eq!(page.kept.len(), offset);
    }
}

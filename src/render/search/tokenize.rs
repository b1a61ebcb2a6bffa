//! Words: how text is cut into the terms the index stores.
//!
//! A *word* is a run of letters, digits and combining accents; an
//! apostrophe between two such characters is dropped, so "don't" is one
//! word, "dont". A word is *folded*: lowercased, its accents removed
//! (canonical decomposition, then U+0300–U+036F dropped) and a few letters
//! without a decomposition spelled out (ß → ss, æ → ae, ø → o). Words of one
//! character or more than [`MAX_WORD_CHARS`] are skipped. Which words are
//! terms, and which term, is the language's business (see `analyze`).
//!
//! Architecture invariant: `search.js` cuts and folds queries by the same
//! rules, character for character; `tests/fixtures/search/words.tsv` holds
//! the examples both implementations are tested against.

use std::borrow::Cow;

use icu_normalizer::DecomposingNormalizerBorrowed;

/// Longer words are not indexed: they are identifiers or noise, not words
/// anyone types.
pub(crate) const MAX_WORD_CHARS: usize = 40;

/// Letters, digits (any script) and the combining accents that folding
/// removes; everything else separates words.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Calls `f` with every folded word of `text`, in order: the plain
/// statement of the rules, which `search.js` follows and
/// [`for_each_word_fast`] must agree with. `buf` is scratch space.
#[cfg(test)]
pub(crate) fn for_each_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    let mut i = 0;
    while let Some(start) = next_word_start(text, i) {
        i = read_word(text, start, buf, &mut |_, folded| f(folded));
    }
}

/// Where the next word starts, from byte `i` on.
#[cfg(test)]
fn next_word_start(text: &str, mut i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            return Some(i);
        }
        if b.is_ascii() {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next()?;
        if is_word_char(c) {
            return Some(i);
        }
        i += c.len_utf8();
    }
    None
}

/// Reads the word starting at byte `start`, hands it to `f` (folded) if it
/// is of a useful length, and returns where it ends.
fn read_word(text: &str, start: usize, buf: &mut String, f: &mut impl FnMut(&str, &str)) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    buf.clear();
    let mut ascii = true;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            buf.push(b.to_ascii_lowercase() as char);
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if is_word_char(c) {
            ascii = false;
            buf.push(c);
            i += c.len_utf8();
        } else if is_apostrophe(c)
            && text[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(is_word_char)
        {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    if ascii {
        if (2..=MAX_WORD_CHARS).contains(&buf.len()) {
            f(buf, buf);
        }
    } else {
        let lower = buf.to_lowercase();
        let folded = fold(&lower);
        if (2..=MAX_WORD_CHARS).contains(&folded.chars().count()) {
            f(&lower, &folded);
        }
    }
    i
}

/// A word of 2 to 24 lowercase ASCII letters and digits, its bytes packed
/// little-endian and zero-padded (words hold no zero bytes). Most words are
/// such words; they are compared and hashed as three integers.
#[derive(Debug, Clone, Copy, Eq)]
pub(crate) struct ShortWord(pub(crate) [u64; 3]);

impl PartialEq for ShortWord {
    /// Integer by integer: the word was just written to memory that way,
    /// and a wider load of it would stall.
    #[inline]
    fn eq(&self, other: &ShortWord) -> bool {
        self.0[0] == other.0[0] && self.0[1] == other.0[1] && self.0[2] == other.0[2]
    }
}

impl ShortWord {
    /// The longest word that fits.
    const MAX: usize = 24;

    /// The word as text.
    pub(crate) fn with_str<T>(&self, f: impl FnOnce(&str) -> T) -> T {
        let mut bytes = [0u8; Self::MAX];
        for (chunk, w) in bytes.chunks_exact_mut(8).zip(self.0) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        let len = bytes.iter().position(|&b| b == 0).unwrap_or(Self::MAX);
        f(std::str::from_utf8(&bytes[..len]).unwrap_or(""))
    }
}

/// What [`for_each_word_fast`] hands words to. Its methods are inlined
/// into the scan, so packed words stay in registers.
pub(crate) trait WordSink {
    /// A plain ASCII word, packed.
    fn short(&mut self, word: ShortWord);
    /// Any other word: lowercase as written, and folded.
    fn text(&mut self, lower: &str, folded: &str);
}

pub(crate) fn for_each_word_fast(text: &str, buf: &mut String, sink: &mut impl WordSink) {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        if let Some(block) = bytes.get(i..i + 64) {
            let (alnum, plain) = classify(block);
            if plain {
                i = words_in_block(text, i, alnum, buf, sink);
                continue;
            }
            // Other letters or apostrophes: the careful way, for this block.
            let end = i + 64;
            while i < end {
                match step(text, i, buf, sink) {
                    Some(next) => i = next,
                    None => return,
                }
            }
            continue;
        }
        match step(text, i, buf, sink) {
            Some(next) => i = next,
            None => return,
        }
    }
}

/// For 64 bytes: a bit for each ASCII letter or digit, and whether the
/// block is plain: no byte above ASCII and no apostrophe.
fn classify(block: &[u8]) -> (u64, bool) {
    let mut alnum = 0u64;
    let mut unusual = 0u64;
    for (c, chunk) in block.chunks_exact(8).enumerate() {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        let x = u64::from_le_bytes(b);
        // Gathers the top bit of each byte into one byte.
        let bits = ((word_bytes(x) >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        alnum |= bits << (8 * c);
        let t = x ^ (ONES * u64::from(b'\''));
        unusual |= (x & HIGH) | (t.wrapping_sub(ONES) & !t & HIGH);
    }
    (alnum, unusual == 0)
}

/// Reads the words of the plain block at `base` from its bit mask `alnum`;
/// returns where to go on: past the block, or at the start of a word that
/// runs past it.
fn words_in_block(
    text: &str,
    base: usize,
    alnum: u64,
    buf: &mut String,
    sink: &mut impl WordSink,
) -> usize {
    let bytes = text.as_bytes();
    let mut m = alnum;
    while m != 0 {
        let s = m.trailing_zeros() as usize;
        let len = (!(m >> s)).trailing_zeros() as usize;
        let e = s + len;
        if e >= 64 {
            // The word may go on in the next bytes.
            return if s == 0 {
                step(text, base, buf, sink).unwrap_or(bytes.len())
            } else {
                base + s
            };
        }
        // The byte after the word is plain punctuation or space: the word
        // ends there.
        if len > ShortWord::MAX {
            read_word(text, base + s, buf, &mut |l, w| sink.text(l, w));
        } else if len >= 2 {
            sink.short(pack(bytes, base + s, len));
        }
        m &= !((1u64 << e) - 1);
    }
    base + 64
}

/// One step from byte `i`: past separators, or past one word (handed to
/// `sink`). `None` at the end of the text.
fn step(text: &str, mut i: usize, buf: &mut String, sink: &mut impl WordSink) -> Option<usize> {
    let bytes = text.as_bytes();
    // Skip to the next letter, digit or non-ASCII byte, eight bytes at a
    // time.
    while let Some(chunk) = load(bytes, i) {
        let starts = word_bytes(chunk) | (chunk & HIGH);
        if starts != 0 {
            i += starts.trailing_zeros() as usize / 8;
            break;
        }
        i += 8;
    }
    let &b = bytes.get(i)?;
    if !b.is_ascii_alphanumeric() {
        if b.is_ascii() {
            return Some(i + 1);
        }
        let c = text[i..].chars().next()?;
        return Some(if is_word_char(c) {
            read_word(text, i, buf, &mut |l, w| sink.text(l, w))
        } else {
            i + c.len_utf8()
        });
    }
    // A word starts: find its end, eight bytes at a time.
    let start = i;
    loop {
        match load(bytes, i) {
            Some(chunk) => {
                let ends = !word_bytes(chunk) & HIGH;
                if ends != 0 {
                    i += ends.trailing_zeros() as usize / 8;
                    break;
                }
                i += 8;
            }
            None => {
                while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                    i += 1;
                }
                break;
            }
        }
    }
    // A word that goes on past an apostrophe or into other letters is read
    // the careful way.
    let goes_on = match bytes.get(i) {
        None => false,
        Some(b'\'') => bytes
            .get(i + 1)
            .is_some_and(|b| !b.is_ascii() || b.is_ascii_alphanumeric()),
        Some(&b) => !b.is_ascii(),
    };
    let len = i - start;
    if goes_on || len > ShortWord::MAX {
        i = read_word(text, start, buf, &mut |l, w| sink.text(l, w));
    } else if len >= 2 {
        sink.short(pack(bytes, start, len));
    }
    Some(i)
}

/// The plain ASCII word of `len` bytes (at most 24) at `start`, packed.
fn pack(bytes: &[u8], start: usize, len: usize) -> ShortWord {
    let mut packed = [0u64; 3];
    for (k, slot) in packed.iter_mut().enumerate().take(len.div_ceil(8)) {
        let at = start + 8 * k;
        let chunk = load(bytes, at).unwrap_or_else(|| load_tail(bytes, at));
        let valid = (len - 8 * k).min(8);
        let keep = if valid == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * valid)) - 1
        };
        *slot = lowercase(chunk) & keep;
    }
    ShortWord(packed)
}

/// The top bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// One in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The eight bytes at `i`, if there are eight.
fn load(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(i..i + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The bytes from `i` to the end, fewer than eight, zero-padded.
fn load_tail(bytes: &[u8], i: usize) -> u64 {
    let mut tail = [0u8; 8];
    if let Some(rest) = bytes.get(i..) {
        let n = rest.len().min(8);
        tail[..n].copy_from_slice(&rest[..n]);
    }
    u64::from_le_bytes(tail)
}

/// For each byte of `chunk` (as seven-bit values `x`), the top bit set when
/// `lo <= x < hi`. Adding `0x80 - c` to a seven-bit value sets its top bit
/// exactly when it is at least `c`, and cannot carry into the next byte.
fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = x + ONES * u64::from(0x80 - lo);
    let at_least_hi = x + ONES * u64::from(0x80 - hi);
    at_least_lo & !at_least_hi & HIGH
}

/// The top bit set for each byte of `chunk` that is an ASCII letter or digit.
fn word_bytes(chunk: u64) -> u64 {
    let x = chunk & !HIGH;
    let digit = in_range(x, b'0', b'9' + 1);
    let letter = in_range(x | (ONES * 0x20), b'a', b'z' + 1);
    (digit | letter) & !(chunk & HIGH)
}

/// `chunk` with its ASCII capitals made small letters.
fn lowercase(chunk: u64) -> u64 {
    chunk | (in_range(chunk & !HIGH, b'A', b'Z' + 1) >> 2)
}

/// Lowercase, accents removed, a few letters spelled out.
pub(crate) fn fold(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    let nfd = DecomposingNormalizerBorrowed::new_nfd();
    let decomposed: Cow<'_, str> = nfd.normalize(&lower);
    let mut out = String::with_capacity(decomposed.len());
    for c in decomposed.chars() {
        match c {
            '\u{300}'..='\u{36f}' => {}
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            other => out.push(other),
        }
    }
    out
}

/// The folded words of `text`, in order.
pub(crate) fn folded_words(text: &str) -> Vec<String> {
    struct Collect(Vec<String>);
    impl WordSink for Collect {
        fn short(&mut self, word: ShortWord) {
            self.0.push(word.with_str(str::to_string));
        }
        fn text(&mut self, _lower: &str, folded: &str) {
            self.0.push(folded.to_string());
        }
    }
    let mut out = Collect(Vec::new());
    for_each_word_fast(text, &mut String::new(), &mut out);
    out.0
}

/// A key that sorts titles as a reader expects: case and accents ignored.
pub(crate) fn sort_key(title: &str) -> String {
    fold(title.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf = String::new();
        for_each_word(text, &mut buf, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn words_are_cut_at_punctuation_and_lowercased() {
        assert_eq!(
            words("Consent: ASK, listen—and (re)check!"),
            ["consent", "ask", "listen", "and", "re", "check"]
        );
        // One-character words are skipped; numbers are words.
        assert_eq!(words("a 988 b I"), ["988"]);
        assert_eq!(words("self-esteem"), ["self", "esteem"]);
    }

    #[test]
    fn apostrophes_inside_words_are_dropped() {
        assert_eq!(
            words("don't you’re partner's"),
            ["dont", "youre", "partners"]
        );
        // Quotes around a word are not part of it.
        assert_eq!(words("'quoted' ‘too’"), ["quoted", "too"]);
    }

    #[test]
    fn accents_and_case_are_folded() {
        assert_eq!(
            words("Café NAÏVE Ærøskøbing Straße"),
            ["cafe", "naive", "aeroskobing", "strasse"]
        );
        // A decomposed accent folds like a precomposed one.
        assert_eq!(words("cafe\u{301}"), ["cafe"]);
        // Other scripts are kept, lowercased.
        assert_eq!(words("ΣΥΝΑΊΝΕΣΗ"), ["συναινεση"]);
    }

    /// The indexer's fast path finds exactly the words of the plain rules,
    /// on text mixing everything that starts, ends or joins words.
    #[test]
    fn the_fast_path_finds_the_same_words() {
        let long = "x".repeat(23);
        let longer = "y".repeat(30);
        let pieces = [
            "a", "b", "Z", "q", "7", "0", " ", "  ", "-", ".", "'", "\u{2019}", "\u{201c}", "é",
            "E\u{301}", "ß", "Ω", "語", "\u{a0}", "\u{2014}", &long, &longer, "\n", "don't",
            "CAFÉ", "\u{300}",
        ];
        assert_fast_matches_plain(&pieces, 0x2545_f491_4f6c_dd1d, 12);
    }

    /// The same on plain English-like text, where the fast path reads
    /// whole blocks from bit masks.
    #[test]
    fn the_block_path_finds_the_same_words() {
        let long = "abcdefghij".repeat(7);
        let pieces = [
            "a",
            "the",
            "Consent",
            "x1",
            "99",
            " ",
            " ",
            "  ",
            ", ",
            ". ",
            "-",
            "\n",
            "(",
            ")",
            "quickly",
            "WORDS",
            "therapy",
            "abcdefghijklmnopqrstuvwxyz",
            &long,
            "e",
            "'",
        ];
        assert_fast_matches_plain(&pieces, 0x9e37_79b9_7f4a_7c15, 40);
    }

    /// On 3,000 texts of `per_text` random `pieces`, the fast path finds
    /// exactly the words of the plain rules.
    fn assert_fast_matches_plain(pieces: &[&str], mut seed: u64, per_text: usize) {
        let mut buf = String::new();
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..per_text {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let mut plain = Vec::new();
            for_each_word(&text, &mut buf, |w| plain.push(w.to_string()));
            assert_eq!(folded_words(&text), plain, "{text:?}");
        }
    }

    #[test]
    fn very_long_words_are_skipped() {
        let long = "x".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(words(&format!("short {long} end")), ["short", "end"]);
    }

    #[test]
    fn sort_keys_ignore_case_and_accents() {
        let mut titles = vec!["Zest", "état", "Apple", "Éclair"];
        titles.sort_by_key(|t| sort_key(t));
        assert_eq!(titles, ["Apple", "Éclair", "état", "Zest"]);
    }
}

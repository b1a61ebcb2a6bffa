//! Search that runs in the reader's browser, part of the render stage.
//!
//! The build writes a search page (`/search/`, template `search.html`)
//! that links to A–Z lists of every entry, pages of their own, so search is
//! useful without JavaScript, and an index that `search.js` queries in the
//! browser. No query is ever sent anywhere: the browser downloads index
//! files and ranks pages itself.
//!
//! The index lives in `search/data/`, every file gzip-compressed by the
//! build (so its size does not depend on the host compressing it):
//!
//! - `meta.gz`: JSON with the format number, a version that changes with
//!   the index, the number of entries and of shards, the language's stop
//!   words, whether it is stemmed, the letters of the vocabulary, the
//!   site's synonym groups and the labels results show;
//! - `t/<shard>.gz`: the records whose FNV-1a hash, modulo the number of
//!   shards, is `<shard>` (hexadecimal). A shard is a format byte, a count
//!   of term records, the term records (sorted), a count of form records
//!   and the form records (sorted). A term record is the term, its forms
//!   found on the site, its document frequency, then its list or the name
//!   of the file under `l/` holding it. A list is its entries (as gaps, or
//!   as a bitmap when that is smaller) and an impact per entry (see
//!   [`index`]). A form record is a folded word and the terms it stands
//!   for, written only when those are not just the word itself. Strings
//!   are a length and UTF-8 bytes; numbers are LEB128 varints;
//! - `l/<name>.gz`: a long list, alone, so that looking a word up never
//!   downloads another word's long list;
//! - `w/<letter>.gz`: the forms starting with one letter (its code point in
//!   hexadecimal), most frequent first, a JSON array: what a typo is
//!   corrected against;
//! - `p/<entry>.gz`: what a result shows, a JSON array
//!   `[href, title, label index, description, passages]`.
//!
//! A query loads `meta.gz`, the shard of each word (and of its terms, when
//! the word is not its own term), and the files of the results it shows.
//! The server sees which files are loaded: for a word, that is "one of the
//! words in this shard", never the query.
//!
//! Architecture invariant: like the rest of render, search does no IO; the
//! index files are outputs the write stage writes.

mod analyze;
mod entries;
mod index;
mod page;
mod postings;
mod text;
mod tokenize;

#[cfg(test)]
mod tests;

use crate::link::LinkedSite;

pub(crate) use page::page_context;
pub(crate) use page::{list_context, Lists};

/// Whether search stems words of the language with code `code`, or
/// matches them exactly.
pub(crate) fn stems(code: &str) -> bool {
    analyze::has_stemmer(code)
}

/// Where the index files go in the output.
use crate::link::outputs::SEARCH_DATA_DIR as DATA_DIR;
pub(crate) use crate::link::{SEARCH_PATH as PAGE_PATH, SEARCH_TEMPLATE as TEMPLATE};
/// The script that searches, a static file of the theme.
const SCRIPT: &str = "/search.js";
/// The index format; `search.js` refuses others.
const FORMAT: u8 = 2;

/// Makes the index files and hands each to `sink`, by its path in the
/// index's folder, ready to write, as soon as it is made.
pub(crate) fn index_outputs(site: &LinkedSite, sink: &(dyn Fn(String, Vec<u8>) + Sync)) {
    let analyzer = analyze::Analyzer::new(&site.language.code);
    let extras = index::Extras {
        analyzer: &analyzer,
        synonyms: &site.synonyms,
    };
    index::build_into(&entries::collect(site), &extras, &|(path, bytes)| {
        sink(path, bytes);
    });
}

/// 32-bit FNV-1a: the shard of a term. `search.js` computes the same.
fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut hash = 0x811c_9dc5u32;
    for &b in bytes {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// 64-bit FNV-1a, continued from `hash`.
fn fnv1a64(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Appends `n` as a LEB128 varint: seven bits a byte, low bits first, the
/// high bit set on every byte but the last.
fn push_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A hash map for the short strings indexing looks up millions of times
/// (FxHash: quick, not resistant to crafted collisions, which could only
/// slow a build).
type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

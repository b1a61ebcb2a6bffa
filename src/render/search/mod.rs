//! Search that runs in the reader's browser, part of the render stage.
//!
//! The build writes a search page (`/search/`, template `search.html`)
//! that lists every entry A to Z and by topic, so it is useful without
//! JavaScript, and an index that `search.js` queries in the browser. No
//! query is ever sent anywhere: the browser downloads index files and
//! ranks pages itself.
//!
//! The index lives in `search/data/`, every file gzip-compressed by the
//! build (so its size does not depend on the host compressing it):
//!
//! - `meta.gz`: JSON with the format number, a version that changes with
//!   the index, the number of entries, the number of shards, the page-table
//!   chunk size, the stop words and the labels results show;
//! - `t/<shard>.gz`: the terms whose FNV-1a hash, modulo the number of
//!   shards, is `<shard>` (hexadecimal). A shard is a format byte, a term
//!   count, then per term (sorted): its UTF-8 length and bytes, its
//!   document frequency, its posting count, the postings' entry numbers as
//!   gaps, then one impact byte per posting (see [`index`]). Numbers are
//!   LEB128 varints;
//! - `p/<part>.gz`: the page table, a JSON array per `chunk` entries of
//!   `[href, title, label index, excerpt]`.
//!
//! A query loads `meta.gz`, one shard per term, and the page-table parts
//! of the results it shows. The server sees which shards are loaded: for a
//! term, that is "one of the terms in this shard", never the query.
//!
//! Architecture invariant: like the rest of render, search does no IO; the
//! index files are outputs the write stage writes.

mod entries;
mod index;
mod page;
mod stem;
mod text;
mod tokenize;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::link::LinkedSite;

pub(crate) use page::page_context;
pub(crate) use page::{list_context, Lists};

/// Where the index files go in the output.
use crate::link::outputs::SEARCH_DATA_DIR as DATA_DIR;
pub(crate) use crate::link::{SEARCH_PATH as PAGE_PATH, SEARCH_TEMPLATE as TEMPLATE};
/// The script that searches, a static file of the theme.
const SCRIPT: &str = "/search.js";
/// The index format; `search.js` refuses others.
const FORMAT: u8 = 1;

/// The index files, by their path in the index's folder, ready to write.
pub(crate) fn index_outputs(site: &LinkedSite) -> Vec<(String, Vec<u8>)> {
    index::build(&entries::collect(site))
}

/// One row of the page table: href, title, label index, excerpt.
#[derive(Debug, Clone, Serialize)]
struct PageRow(String, String, usize, String);

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

/// A hash map for the short strings indexing looks up millions of times
/// (FxHash: quick, not resistant to crafted collisions, which could only
/// slow a build).
type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

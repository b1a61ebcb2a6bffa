//! Building the index: entries in, gzip-compressed index files out.
//!
//! Scores are computed here, not in the browser. For every (term, entry)
//! pair the build stores one byte, the *impact*: a BM25-style score of how
//! well the term describes the entry, with each field saturating on its own
//! and weighted (title 3, headings 2, description and questions 1.5, body
//! 1, the body normalised by its length). The browser only multiplies
//! impacts by each term's rarity (its IDF, from the entry count and the
//! term's document frequency) and adds them up, so it needs no document
//! lengths or field data.
//!
//! A term found in more than [`MAX_POSTINGS`] entries keeps only its
//! highest-impact entries (its document frequency stays exact). Such a term
//! is nearly a stop word; the browser then does not require it to match.

use std::collections::HashMap;
use std::io::Write;

use rayon::prelude::*;

use super::entries::Entry;
use super::tokenize::{for_each_word_fast, term, ShortWord, WordSink};
use super::{fnv1a32, fnv1a64, text, FastMap, PageRow, FORMAT};

/// Entries stored per term at most.
pub(crate) const MAX_POSTINGS: usize = 1000;
/// A shard's target size before compression; a single term may exceed it.
pub(crate) const SHARD_BYTES: usize = 16 * 1024;
/// Most shards an index is split into.
const MAX_SHARDS: usize = 4096;
/// A page table up to this size (uncompressed) is one file.
const SMALL_TABLE_BYTES: usize = 24 * 1024;
/// Entries per page-table file in larger sites: a result list of ten then
/// loads ten small files rather than ten large ones.
const TABLE_CHUNK: usize = 8;

/// The fields of an entry, in the order of [`WEIGHTS`].
const TITLE: usize = 0;
const HEADINGS: usize = 1;
const DESCRIPTION: usize = 2;
const QUESTIONS: usize = 3;
const BODY: usize = 4;
const FIELDS: usize = 5;
/// How much a match in each field counts.
const WEIGHTS: [f32; FIELDS] = [3.0, 2.0, 1.5, 1.5, 1.0];
/// BM25's term-frequency saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// The highest possible score, which impact 255 stands for.
const MAX_SCORE: f32 = (K1 + 1.0) * (3.0 + 2.0 + 1.5 + 1.5 + 1.0);

/// The term id of stop words: a term of its own, never written, so that
/// counting a word needs no branch for it.
const STOP: u32 = 0;

/// One index file: its path under the search data folder, and its bytes.
pub(crate) type File = (String, Vec<u8>);

/// A (term, entry) pair before the whole site's statistics are known.
#[derive(Debug, Clone, Copy)]
struct Posting {
    entry: u32,
    /// Summed score of the short fields, which need no statistics.
    fields: f32,
    /// Occurrences in the body.
    body: u16,
}

/// Short words → term ids: open addressing with linear probing, sized to
/// stay at most half full. This lookup runs for every word of the site, so
/// it avoids the general hash map's hashing of text, and keeps each key
/// beside its value (one memory access per probe).
#[derive(Default)]
struct WordTable {
    /// An all-zero key is an empty slot (no word is all zero bytes).
    slots: Vec<(ShortWord, u32)>,
    len: usize,
}

impl WordTable {
    #[inline]
    fn slot(&self, word: &ShortWord) -> usize {
        let [a, b, c] = word.0;
        // Fibonacci hashing: the top bits of the product are the best mixed.
        let h = (a ^ b.rotate_left(21) ^ c.rotate_left(42)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    #[inline]
    fn get(&self, word: &ShortWord) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = self.slot(word);
        loop {
            let (key, value) = &self.slots[i];
            if key == word {
                return Some(*value);
            }
            if key.0 == [0; 3] {
                return None;
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }

    fn insert(&mut self, word: ShortWord, value: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            let size = (old.len() * 2).max(1024);
            self.slots = vec![(ShortWord([0; 3]), 0); size];
            self.len = 0;
            for (k, v) in old {
                if k.0 != [0; 3] {
                    self.insert(k, v);
                }
            }
        }
        let mut i = self.slot(&word);
        while self.slots[i].0 .0 != [0; 3] && self.slots[i].0 != word {
            i = (i + 1) & (self.slots.len() - 1);
        }
        if self.slots[i].0 != word {
            self.len += 1;
        }
        self.slots[i] = (word, value);
    }
}

/// The index of some of the entries, built by one thread.
struct Partial {
    /// Folded word → term id ([`STOP`] for stop words): each distinct word
    /// is stemmed once per thread.
    short_words: WordTable,
    long_words: FastMap<Box<str>, u32>,
    ids: FastMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    /// Postings as entries are counted, in entry order: (term id, posting).
    /// Appending to one list is much cheaper than to one list per term;
    /// [`Partial::grouped`] sorts them by term at the end.
    postings: Vec<(u32, Posting)>,
    /// (entry, body length in words).
    lengths: Vec<(u32, u32)>,
    /// Per-entry scratch: occurrences per field, by term id, and the terms
    /// the entry has: the first `touched_len` of `touched`, which has room
    /// for every term.
    counts: Vec<[u16; FIELDS]>,
    touched: Vec<u32>,
    touched_len: usize,
}

impl Partial {
    fn new() -> Partial {
        let mut partial = Partial {
            short_words: WordTable::default(),
            long_words: FastMap::default(),
            ids: FastMap::default(),
            terms: Vec::new(),
            postings: Vec::new(),
            lengths: Vec::new(),
            counts: Vec::new(),
            touched: Vec::new(),
            touched_len: 0,
        };
        partial.intern("");
        partial
    }

    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        self.ids.insert(term.into(), id);
        self.terms.push(term.into());
        self.counts.push([0; FIELDS]);
        self.touched.push(STOP);
        id
    }

    fn term_id(&mut self, word: &str) -> u32 {
        match term(word) {
            Some(t) => self.intern(&t),
            None => STOP,
        }
    }

    /// Counts one occurrence of term `id` in `field`; 0 for a stop word,
    /// else 1. Without branches: this runs for every word.
    #[inline(always)]
    fn hit(&mut self, field: usize, id: u32) -> u32 {
        if let Some(counts) = self.counts.get_mut(id as usize) {
            let first = counts.iter().fold(0, |all, &c| all | c) == 0;
            counts[field] = counts[field].saturating_add(1);
            if let Some(slot) = self.touched.get_mut(self.touched_len) {
                *slot = id;
            }
            self.touched_len += usize::from(first);
        }
        u32::from(id != STOP)
    }

    /// Counts the words of `text` in `field`; returns how many were not
    /// stop words.
    fn count(&mut self, field: usize, text: &str, buf: &mut String) -> u32 {
        let mut counter = Counter {
            partial: self,
            field,
            counted: 0,
        };
        for_each_word_fast(text, buf, &mut counter);
        counter.counted
    }

    fn add(mut self, doc: u32, entry: &Entry<'_>, buf: &mut String) -> Self {
        self.count(TITLE, entry.title, buf);
        for h in &entry.headings {
            self.count(HEADINGS, h, buf);
        }
        if let Some(d) = entry.description {
            self.count(DESCRIPTION, d, buf);
        }
        for t in &entry.terms {
            self.count(DESCRIPTION, t, buf);
        }
        for q in &entry.questions {
            self.count(QUESTIONS, q, buf);
        }
        let mut length = 0;
        text::visible_text(entry.body, true, |run| {
            length += self.count(BODY, run, buf);
        });
        let touched = std::mem::take(&mut self.touched);
        for &id in touched.iter().take(self.touched_len) {
            let Some(counts) = self.counts.get_mut(id as usize) else {
                continue;
            };
            // Most terms of an entry are in its body alone.
            let fields = if counts[..BODY] == [0; BODY] {
                0.0
            } else {
                (0..BODY)
                    .map(|f| WEIGHTS[f] * saturate(f32::from(counts[f]), 1.0))
                    .sum()
            };
            let body = counts[BODY];
            *counts = [0; FIELDS];
            if id != STOP {
                self.postings.push((
                    id,
                    Posting {
                        entry: doc,
                        fields,
                        body,
                    },
                ));
            }
        }
        // Given back, so its memory is reused for every entry.
        self.touched = touched;
        self.touched_len = 0;
        self.lengths.push((doc, length));
        self
    }

    /// The postings grouped by term (a counting sort, which keeps entry
    /// order within a term).
    fn grouped(&self) -> Grouped {
        let mut starts = vec![0usize; self.terms.len() + 1];
        for &(id, _) in &self.postings {
            if let Some(n) = starts.get_mut(id as usize + 1) {
                *n += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut sorted = vec![
            Posting {
                entry: 0,
                fields: 0.0,
                body: 0,
            };
            self.postings.len()
        ];
        for &(id, posting) in &self.postings {
            if let Some(at) = next.get_mut(id as usize) {
                if let Some(slot) = sorted.get_mut(*at) {
                    *slot = posting;
                }
                *at += 1;
            }
        }
        Grouped {
            postings: sorted,
            starts,
        }
    }
}

/// A partial's postings by term: term `t`'s are
/// `postings[starts[t]..starts[t + 1]]`.
struct Grouped {
    postings: Vec<Posting>,
    starts: Vec<usize>,
}

/// Counts the words of one field of one entry.
struct Counter<'p> {
    partial: &'p mut Partial,
    field: usize,
    /// Words that are not stop words.
    counted: u32,
}

impl WordSink for Counter<'_> {
    #[inline(always)]
    fn short(&mut self, word: ShortWord) {
        let p = &mut *self.partial;
        let id = match p.short_words.get(&word) {
            Some(id) => id,
            None => {
                let id = word.with_str(|w| p.term_id(w));
                p.short_words.insert(word, id);
                id
            }
        };
        self.counted += p.hit(self.field, id);
    }

    fn text(&mut self, word: &str) {
        let p = &mut *self.partial;
        let id = match p.long_words.get(word) {
            Some(&id) => id,
            None => {
                let id = p.term_id(word);
                p.long_words.insert(word.into(), id);
                id
            }
        };
        self.counted += p.hit(self.field, id);
    }
}

/// BM25's saturation of `tf` occurrences, with length factor `norm`
/// (1 for an entry of average length).
fn saturate(tf: f32, norm: f32) -> f32 {
    if tf <= 0.0 {
        0.0
    } else {
        tf * (K1 + 1.0) / (tf + K1 * norm)
    }
}

/// A score as one byte, on a square-root scale so low scores keep detail.
fn impact(score: f32) -> u8 {
    let q = (score / MAX_SCORE).clamp(0.0, 1.0).sqrt() * 255.0;
    // In 1..=255 by the clamp; the cast cannot truncate.
    // Non-negative, so adding a half and truncating rounds it.
    (q + 0.5).clamp(1.0, 255.0) as u8
}

fn push_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// One term's part of a shard: the term, its document frequency, how many
/// postings follow, their entry numbers as gaps, then their impacts.
fn encode_term(term: &str, postings: &mut [(u32, u8)], df: usize) -> Vec<u8> {
    // Each thread's postings are in entry order already: a run-adaptive
    // sort merges them quickly.
    postings.sort_by_key(|&(entry, _)| entry);
    let mut out = Vec::with_capacity(term.len() + postings.len() * 2 + 8);
    push_varint(&mut out, term.len() as u64);
    out.extend_from_slice(term.as_bytes());
    push_varint(&mut out, df as u64);
    push_varint(&mut out, postings.len() as u64);
    let mut previous = 0;
    for &(entry, _) in postings.iter() {
        push_varint(&mut out, u64::from(entry - previous));
        previous = entry;
    }
    out.extend(postings.iter().map(|&(_, q)| q));
    out
}

/// The smallest power of two of shards where no shard holding two terms or
/// more is over [`SHARD_BYTES`].
fn shard_count(terms: &[(u32, Vec<u8>)]) -> usize {
    let mut count = 1;
    while count < MAX_SHARDS {
        let mut sizes = vec![(0usize, 0usize); count];
        for (hash, bytes) in terms {
            let slot = &mut sizes[*hash as usize & (count - 1)];
            slot.0 += bytes.len();
            slot.1 += 1;
        }
        if sizes.iter().all(|&(size, n)| size <= SHARD_BYTES || n <= 1) {
            break;
        }
        count *= 2;
    }
    count
}

/// A gzip compressor to reuse: setting one up costs more than compressing
/// one small index file.
struct Gzip(flate2::Compress);

impl Gzip {
    fn new() -> Gzip {
        // Postings are close to random bytes, and page-table parts are
        // small: higher levels gain under 1 % and take much longer.
        Gzip(flate2::Compress::new(flate2::Compression::fast(), false))
    }

    /// `bytes` as a gzip file (RFC 1952): header, raw deflate, CRC-32 and
    /// length. No file name or time, so builds are reproducible.
    fn compress(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.0.reset();
        let mut out = Vec::with_capacity(bytes.len() + 64);
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        loop {
            if out.capacity() - out.len() < 64 {
                out.reserve(bytes.len() / 2 + 64);
            }
            let read = usize::try_from(self.0.total_in()).unwrap_or(bytes.len());
            let input = bytes.get(read..).unwrap_or_default();
            match self
                .0
                .compress_vec(input, &mut out, flate2::FlushCompress::Finish)
            {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => {}
                // Compressing into a growing Vec does not fail; should it,
                // the file is still valid gzip, stored uncompressed.
                Err(_) => return stored_gzip(bytes),
            }
        }
        let mut crc = flate2::Crc::new();
        crc.update(bytes);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        out
    }
}

/// `bytes` as gzip without compression.
fn stored_gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::none());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// The index files of `entries`: `meta.gz`, `t/<shard>.gz` and
/// `p/<part>.gz`, each gzip-compressed.
pub(crate) fn build(entries: &[Entry<'_>]) -> Vec<File> {
    // A few runs of entries per thread: enough to balance the load, few
    // enough that each partial's caches pay off.
    let run = entries
        .len()
        .div_ceil(rayon::current_num_threads().max(1) * 2)
        .max(1);
    let partials: Vec<(Partial, Grouped)> = entries
        .par_chunks(run)
        .enumerate()
        .map(|(r, chunk)| {
            let mut partial = Partial::new();
            // About one posting per 32 bytes of text: reserved up front,
            // so the list is not copied as it grows (memory not written to
            // is never used).
            let text: usize = chunk.iter().map(|e| e.body.len()).sum();
            partial.postings.reserve(text / 32);
            let mut buf = String::new();
            for (k, entry) in chunk.iter().enumerate() {
                let doc = u32::try_from(r * run + k).unwrap_or(u32::MAX);
                partial = partial.add(doc, entry, &mut buf);
            }
            let grouped = partial.grouped();
            (partial, grouped)
        })
        .collect();

    // BM25's length factor of each entry's body, 1 for average length.
    let mut lengths = vec![0u32; entries.len()];
    for &(doc, length) in partials.iter().flat_map(|(p, _)| &p.lengths) {
        if let Some(slot) = lengths.get_mut(doc as usize) {
            *slot = length;
        }
    }
    let average =
        (lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / entries.len().max(1) as f64).max(1.0);
    let norms: Vec<f32> = lengths
        .iter()
        .map(|&l| (1.0 - f64::from(B) + f64::from(B) * f64::from(l) / average) as f32)
        .collect();

    // Each term with its postings from every partial, read in place.
    let mut by_term: FastMap<&str, Vec<&[Posting]>> = FastMap::default();
    for (partial, grouped) in &partials {
        let sorted = &grouped.postings;
        for (term, range) in partial.terms.iter().zip(grouped.starts.windows(2)) {
            // The stop-word slot has none.
            if let Some(list) = sorted.get(range[0]..range[1]).filter(|l| !l.is_empty()) {
                by_term.entry(&**term).or_default().push(list);
            }
        }
    }
    let mut terms: Vec<(&str, Vec<&[Posting]>)> = by_term.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));

    // Each term's postings, scored, trimmed and encoded.
    let encoded: Vec<(u32, Vec<u8>)> = terms
        .par_iter()
        .map(|(term, lists)| {
            let mut scored: Vec<(u32, u8)> = lists
                .iter()
                .flat_map(|list| list.iter())
                .map(|p| {
                    let norm = norms.get(p.entry as usize).copied().unwrap_or(1.0);
                    let score = p.fields + saturate(f32::from(p.body), norm);
                    (p.entry, impact(score))
                })
                .collect();
            let df = scored.len();
            if scored.len() > MAX_POSTINGS {
                scored.select_nth_unstable_by(MAX_POSTINGS - 1, |a, b| {
                    b.1.cmp(&a.1).then(a.0.cmp(&b.0))
                });
                scored.truncate(MAX_POSTINGS);
            }
            (fnv1a32(term.as_bytes()), encode_term(term, &mut scored, df))
        })
        .collect();

    let shards = shard_count(&encoded);
    let mut grouped: Vec<Vec<&[u8]>> = vec![Vec::new(); shards];
    for (hash, bytes) in &encoded {
        grouped[*hash as usize & (shards - 1)].push(bytes);
    }
    let mut files: Vec<File> = grouped
        .par_iter()
        .enumerate()
        .map_init(Gzip::new, |gzip, (i, parts)| {
            let mut raw = vec![FORMAT];
            push_varint(&mut raw, parts.len() as u64);
            for part in parts {
                raw.extend_from_slice(part);
            }
            (format!("t/{i:x}.gz"), gzip.compress(&raw))
        })
        .collect();

    // The page table: what a result shows.
    let mut labels: Vec<String> = Vec::new();
    let mut label_ids: HashMap<&str, usize> = HashMap::new();
    let rows: Vec<PageRow> = entries
        .iter()
        .map(|e| {
            let label = *label_ids.entry(e.label.as_str()).or_insert_with(|| {
                labels.push(e.label.clone());
                labels.len() - 1
            });
            PageRow(e.href.clone(), e.title.to_string(), label, e.excerpt())
        })
        .collect();
    let table_bytes: usize = rows
        .iter()
        .map(|r| r.0.len() + r.1.len() + r.3.len() + 12)
        .sum();
    let chunk = if table_bytes <= SMALL_TABLE_BYTES {
        rows.len().max(1)
    } else {
        TABLE_CHUNK
    };
    files.par_extend(
        rows.par_chunks(chunk)
            .enumerate()
            .map_init(Gzip::new, |gzip, (i, rows)| {
                let json = serde_json::to_vec(rows).unwrap_or_default();
                (format!("p/{i}.gz"), gzip.compress(&json))
            }),
    );

    // The meta file names a version that changes with any index file, so a
    // browser never mixes files of two builds.
    let mut version = 0xcbf2_9ce4_8422_2325u64;
    for (path, bytes) in &files {
        version = fnv1a64(version, path.as_bytes());
        version = fnv1a64(version, bytes);
    }
    let meta = serde_json::json!({
        "format": FORMAT,
        "version": format!("{version:016x}"),
        "entries": entries.len(),
        "shards": shards,
        "chunk": chunk,
        "stop": super::tokenize::STOP_WORDS,
        "labels": labels,
    });
    files.push((
        "meta.gz".to_string(),
        Gzip::new().compress(meta.to_string().as_bytes()),
    ));
    files
}

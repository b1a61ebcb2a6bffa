//! Building the index: entries in, gzip-compressed index files out.
//!
//! Scores are computed here, not in the browser. For every (term, entry)
//! pair the build stores one byte, the *impact*: a BM25-style score of how
//! well the term describes the entry, with each field saturating on its own
//! and weighted (title 3, headings and places 2, description and questions
//! 1.5, body 1, the body normalised by its length). The browser only multiplies impacts by each term's rarity (its
//! IDF, from the entry count and the term's document frequency) and adds
//! them up, so it needs no document lengths or field data. Every posting is
//! kept: counts are exact.
//!
//! Beside the postings, the index holds what the browser needs instead of
//! a stemmer: each term lists the folded forms of it found on the site
//! (to mark them in results), and each form that is not its own term
//! points to its terms (to look a query word up as typed). The forms,
//! bucketed by first letter, are also the vocabulary typos are corrected
//! against.
use std::collections::HashMap;
use std::io::Write;

use rayon::prelude::*;

use super::analyze::{Analyzer, Forms};
use super::entries::Entry;
use super::postings::{Grouped, List, Posting, Unsorted};
use super::tokenize::{folded_words, for_each_word_fast, ShortWord, WordSink};
use super::{fnv1a32, fnv1a64, push_varint, text, FastMap, FORMAT};

/// A shard's target size before compression; a single term may exceed it.
pub(crate) const SHARD_BYTES: usize = 6 * 1024;
/// Most shards an index is split into.
const MAX_SHARDS: usize = 4096;
/// How much of an entry's body is shipped for excerpts in a large site, in
/// bytes of markdown: a body this short goes whole; of a longer one, the
/// lines that hold its most telling words.
pub(crate) const PASSAGE_BYTES: usize = 700;
/// A site with at most this many entries ships every body whole, so every
/// result can show the passage with the query's words. Larger sites keep
/// each result's download small instead.
pub(crate) const WHOLE_TEXT_ENTRIES: usize = 2000;
/// The terms of an entry whose lines are considered for its passages, by
/// worth: enough to fill the budget many times over.
const TELLING_TERMS: usize = 32;
/// A passage (one line of the body) is cut to this many characters.
const PASSAGE_CHARS: usize = 600;
/// A term on more entries than this stores its impacts in four bits each,
/// two to a byte: such a word is common, its rarity counts for little, and
/// its list is what a search downloads most of.
pub(crate) const PACKED_FROM: usize = 256;
/// A term's list longer than this, in bytes before compression, is a file
/// of its own.
pub(crate) const OWN_FILE_BYTES: usize = 1024;
/// Shorter forms are not offered as corrections of a typo.
const VOCABULARY_MIN_CHARS: usize = 3;

/// The fields of an entry, in the order of [`WEIGHTS`]; the body last.
const TITLE: usize = 0;
const HEADINGS: usize = 1;
const DESCRIPTION: usize = 2;
const QUESTIONS: usize = 3;
const PLACE: usize = 4;
const BODY: usize = 5;
const FIELDS: usize = 6;
/// How much a match in each field counts.
const WEIGHTS: [f32; FIELDS] = [3.0, 2.0, 1.5, 1.5, 2.0, 1.0];
/// BM25's term-frequency saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// The highest possible score, which impact 255 stands for.
const MAX_SCORE: f32 = (K1 + 1.0) * (3.0 + 2.0 + 1.5 + 1.5 + 2.0 + 1.0);

/// The term id of stop words: a term of its own, never written, so that
/// counting a word needs no branch for it.
const STOP: u32 = 0;

/// One index file: its path under the search data folder, and its bytes.
pub(crate) type File = (String, Vec<u8>);

/// Steps per unit of a posting's short-field score; [`MAX_SCORE`] of them
/// still fit in 16 bits.
const FIELD_STEPS: f32 = 2000.0;
const _: () = assert!(MAX_SCORE * FIELD_STEPS < u16::MAX as f32);

impl Posting {
    fn fields(&self) -> f32 {
        f32::from(self.fields) / FIELD_STEPS
    }
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
struct Partial<'a> {
    analyzer: &'a Analyzer,
    /// Lowercase word → term id ([`STOP`] for stop words): each distinct
    /// word is analysed once per thread.
    short_words: WordTable,
    long_words: FastMap<Box<str>, u32>,
    ids: FastMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    /// The folded forms seen, with their term ids.
    forms: Forms,
    /// Postings as entries are counted, in entry order;
    /// [`Partial::grouped`] sorts them by term at the end.
    postings: Unsorted,
    /// (entry, body length in words).
    lengths: Vec<(u32, u32)>,
    /// Per-entry scratch: occurrences per field, by term id, and the terms
    /// the entry has: the first `touched_len` of `touched`, which has room
    /// for every term.
    counts: Vec<[u16; FIELDS]>,
    touched: Vec<u32>,
    touched_len: usize,
    /// By term id: the body line where the current entry first has it.
    first_line: Vec<u16>,
    /// The body line being counted.
    line: u16,
    /// By term id: how many of this thread's entries so far have it, a
    /// cheap estimate of its rarity for choosing passages.
    seen: Vec<u32>,
    docs: u32,
    /// Whether bodies are shipped whole.
    whole: bool,
}

impl<'a> Partial<'a> {
    fn new(analyzer: &'a Analyzer, whole: bool) -> Partial<'a> {
        let mut partial = Partial {
            analyzer,
            short_words: WordTable::default(),
            long_words: FastMap::default(),
            ids: FastMap::default(),
            terms: Vec::new(),
            forms: Forms::default(),
            postings: Unsorted::default(),
            lengths: Vec::new(),
            counts: Vec::new(),
            touched: Vec::new(),
            touched_len: 0,
            first_line: Vec::new(),
            line: 0,
            seen: Vec::new(),
            docs: 0,
            whole,
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
        self.first_line.push(0);
        self.seen.push(0);
        id
    }

    fn term_id(&mut self, lower: &str, folded: &str) -> u32 {
        match self.analyzer.term(lower, folded) {
            Some(t) => {
                let id = self.intern(&t);
                self.forms.add(folded, id);
                id
            }
            None => STOP,
        }
    }

    /// Counts one occurrence of term `id` in `field`; 0 for a stop word,
    /// else 1. Without branches where it can: this runs for every word.
    #[inline(always)]
    fn hit(&mut self, field: usize, id: u32) -> u32 {
        if let Some(counts) = self.counts.get_mut(id as usize) {
            let first = counts.iter().fold(0, |all, &c| all | c) == 0;
            if field == BODY && counts[BODY] == 0 {
                if let Some(line) = self.first_line.get_mut(id as usize) {
                    *line = self.line;
                }
            }
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

    /// Counts the words of entry `doc`, and gives back the passages its
    /// result may show.
    fn add(mut self, doc: u32, entry: &Entry<'_>, buf: &mut String) -> (Self, Vec<String>) {
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
        for p in &entry.places {
            self.count(PLACE, p, buf);
        }
        let body = entry.body.read();
        let body: &str = &body;
        let base = body.as_ptr() as usize;
        // The body's lines that hold text, as byte ranges: the passages;
        // and the runs of visible text of each, as (line, start, end).
        let mut lines: Vec<(usize, usize)> = Vec::new();
        let mut runs: Vec<(u16, usize, usize)> = Vec::new();
        let mut length = 0;
        text::visible_text(body, true, |run| {
            let at = (run.as_ptr() as usize).wrapping_sub(base);
            if at + run.len() <= body.len() && body.is_char_boundary(at) {
                if lines.last().is_none_or(|&(_, end)| at >= end) {
                    let start = body[..at].rfind('\n').map_or(0, |nl| nl + 1);
                    let end = body[at..].find('\n').map_or(body.len(), |nl| at + nl);
                    lines.push((start, end));
                }
                self.line = u16::try_from(lines.len() - 1).unwrap_or(u16::MAX);
                runs.push((self.line, at, at + run.len()));
            }
            length += self.count(BODY, run, buf);
        });
        self.docs += 1;
        // (estimated worth, body line) of the terms the body has.
        let mut telling: Vec<(f32, u16)> = Vec::new();
        let touched = std::mem::take(&mut self.touched);
        for &id in touched.iter().take(self.touched_len) {
            let Some(counts) = self.counts.get_mut(id as usize) else {
                continue;
            };
            let saturated = |f: usize| WEIGHTS[f] * saturate(f32::from(counts[f]), 1.0);
            // Most terms of an entry are in its body alone.
            let fields = if counts[..BODY] == [0; BODY] {
                0.0
            } else {
                (0..BODY).map(saturated).sum()
            };
            let body_count = counts[BODY];
            *counts = [0; FIELDS];
            if id == STOP {
                continue;
            }
            let seen = self.seen.get_mut(id as usize).map_or(1, |s| {
                *s += 1;
                *s
            });
            if body_count > 0 {
                // Square root, not BM25's logarithm: only the order of an
                // entry's own terms matters here, and it is much quicker.
                let rarity = (self.docs as f32 / seen as f32).sqrt();
                let worth = (fields + saturate(f32::from(body_count), 1.0)) * rarity;
                let line = self.first_line.get(id as usize).copied().unwrap_or(0);
                telling.push((worth, line));
            }
            self.postings
                .push(id, (fields * FIELD_STEPS).round() as u16, body_count);
        }
        self.postings.end_entry(doc);
        // Given back, so its memory is reused for every entry.
        self.touched = touched;
        self.touched_len = 0;
        self.lengths.push((doc, length));
        let budget = if self.whole {
            usize::MAX
        } else {
            PASSAGE_BYTES
        };
        let passages = choose_passages(body, &lines, &runs, &mut telling, budget);
        (self, passages)
    }

    /// The postings grouped by term, each term's in entry order. The
    /// ungrouped list is freed: at a hundred thousand entries it is the
    /// largest thing the index holds.
    fn grouped(&mut self) -> Grouped {
        std::mem::take(&mut self.postings).group(self.terms.len())
    }
}

/// The lines of `body` a result may show: all of them when they fit in
/// `budget` bytes, else those where the most telling terms first occur (by
/// `telling`'s worth), in the body's order.
fn choose_passages(
    body: &str,
    lines: &[(usize, usize)],
    runs: &[(u16, usize, usize)],
    telling: &mut [(f32, u16)],
    budget: usize,
) -> Vec<String> {
    let size = |&(start, end): &(usize, usize)| (end - start).min(PASSAGE_CHARS);
    let total: usize = lines.iter().map(size).sum();
    let whole = total <= budget;
    let mut chosen: Vec<usize> = if whole {
        (0..lines.len()).collect()
    } else {
        // Only the first few terms are ever reached: find them, then order
        // only them.
        let by_worth = |a: &(f32, u16), b: &(f32, u16)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        let few = TELLING_TERMS.min(telling.len());
        if few < telling.len() {
            telling.select_nth_unstable_by(few, by_worth);
        }
        let telling = &mut telling[..few];
        telling.sort_unstable_by(by_worth);
        let mut chosen = Vec::new();
        let mut bytes = 0;
        for &(_, line) in telling.iter() {
            if bytes >= budget {
                break;
            }
            let line = usize::from(line);
            if let Some(range) = lines.get(line).filter(|_| !chosen.contains(&line)) {
                chosen.push(line);
                bytes += size(range);
            }
        }
        chosen
    };
    chosen.sort_unstable();
    let mut passages = Vec::new();
    for line in chosen {
        let first = runs.partition_point(|r| usize::from(r.0) < line);
        let pieces = runs[first..]
            .iter()
            .take_while(|r| usize::from(r.0) == line)
            .filter_map(|&(_, start, end)| body.get(start..end));
        let text = plain(pieces);
        if whole {
            // A long paragraph in sentences, so that none of it is lost.
            passages.extend(sentences(&text, PASSAGE_CHARS));
        } else if !text.is_empty() {
            passages.push(text::shorten(&text, PASSAGE_CHARS));
        }
    }
    passages
}

/// `text` in pieces of at most about `limit` characters, cut after a
/// sentence where one ends, else at a word.
fn sentences(text: &str, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while rest.chars().count() > limit {
        let cut = rest
            .char_indices()
            .nth(limit)
            .map_or(rest.len(), |(i, _)| i);
        let head = &rest[..cut];
        let at = head
            .rfind(". ")
            .or_else(|| head.rfind("? "))
            .or_else(|| head.rfind("! "))
            .map(|i| i + 1)
            .filter(|&i| i > limit / 4)
            .or_else(|| head.rfind(' ').filter(|&i| i > 0))
            .unwrap_or(cut);
        out.push(rest[..at].trim().to_string());
        rest = rest[at..].trim_start();
    }
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// The visible text `pieces` of one line as plain text: markup characters
/// left by the scan dropped, spaces collapsed.
fn plain<'t>(pieces: impl Iterator<Item = &'t str>) -> String {
    let mut out = String::new();
    let mut space = false;
    for piece in pieces {
        for c in piece.chars() {
            if matches!(c, '*' | '`' | '|' | '~' | '\\') {
                continue;
            }
            if c.is_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Counts the words of one field of one entry.
struct Counter<'p, 'a> {
    partial: &'p mut Partial<'a>,
    field: usize,
    /// Words that are not stop words.
    counted: u32,
}

impl WordSink for Counter<'_, '_> {
    #[inline(always)]
    fn short(&mut self, word: ShortWord) {
        let p = &mut *self.partial;
        let id = match p.short_words.get(&word) {
            Some(id) => id,
            None => {
                let id = word.with_str(|w| p.term_id(w, w));
                p.short_words.insert(word, id);
                id
            }
        };
        self.counted += p.hit(self.field, id);
    }

    fn text(&mut self, lower: &str, folded: &str) {
        let p = &mut *self.partial;
        let id = match p.long_words.get(lower) {
            Some(&id) => id,
            None => {
                let id = p.term_id(lower, folded);
                p.long_words.insert(lower.into(), id);
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

fn push_str(out: &mut Vec<u8>, s: &str) {
    push_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// One term's part of a shard: the term, its forms on the site, its
/// document frequency, then where its list is: 0 and the list itself, or
/// 1 and the name of the file under `l/` that holds it (a list longer than
/// [`OWN_FILE_BYTES`], so that looking up a word never downloads another
/// word's long list). Returns the record, and the list file if it has one.
fn encode_term(
    term: &str,
    forms: &[&str],
    postings: &mut [(u32, u8)],
    entries: usize,
) -> (Vec<u8>, Option<File>) {
    let list = encode_list(postings, entries);
    let mut out = Vec::with_capacity(term.len() + list.len() + 16);
    push_str(&mut out, term);
    push_varint(&mut out, forms.len() as u64);
    for form in forms {
        push_str(&mut out, form);
    }
    push_varint(&mut out, postings.len() as u64);
    if list.len() > OWN_FILE_BYTES {
        // Terms are distinct, and so are their hashes but for a chance in
        // millions; the term's length tells two such apart.
        let name = format!("{:08x}{:x}", fnv1a32(term.as_bytes()), term.len());
        out.push(1);
        push_str(&mut out, &name);
        (out, Some((format!("l/{name}.gz"), list)))
    } else {
        out.push(0);
        out.extend_from_slice(&list);
        (out, None)
    }
}

/// A term's entries and impacts: a byte saying how the entries are
/// written (0: gaps between entry numbers, as varints; 1: a bitmap of
/// every entry of the site, for lists so long that it is smaller), then
/// the impacts in entry order (one byte each, or four bits each past
/// [`PACKED_FROM`]).
fn encode_list(postings: &mut [(u32, u8)], entries: usize) -> Vec<u8> {
    // Each thread's postings are in entry order already: a run-adaptive
    // sort merges them quickly.
    postings.sort_by_key(|&(entry, _)| entry);
    let mut out = Vec::with_capacity(postings.len() * 2 + 8);
    // About a byte per gap: a bitmap is smaller once one entry in eight
    // has the term.
    if postings.len() * 8 > entries {
        out.push(1);
        let mut bits = vec![0u8; entries.div_ceil(8)];
        for &(entry, _) in postings.iter() {
            if let Some(byte) = bits.get_mut(entry as usize / 8) {
                *byte |= 1 << (entry % 8);
            }
        }
        out.extend_from_slice(&bits);
    } else {
        out.push(0);
        let mut previous = 0;
        for &(entry, _) in postings.iter() {
            push_varint(&mut out, u64::from(entry - previous));
            previous = entry;
        }
    }
    if postings.len() > PACKED_FROM {
        for pair in postings.chunks(2) {
            let high = level(pair[0].1);
            let low = pair.get(1).map_or(0, |p| level(p.1));
            out.push(high << 4 | low);
        }
    } else {
        out.extend(postings.iter().map(|&(_, q)| q));
    }
    out
}

/// An impact in four bits: 1 to 15, standing for 17 to 255.
fn level(impact: u8) -> u8 {
    ((u16::from(impact) + 8) / 17).clamp(1, 15) as u8
}

/// One form's part of a shard: the form and the terms it stands for.
fn encode_form(form: &str, terms: &[&str]) -> Vec<u8> {
    let mut out = Vec::with_capacity(form.len() + 16);
    push_str(&mut out, form);
    push_varint(&mut out, terms.len() as u64);
    for term in terms {
        push_str(&mut out, term);
    }
    out
}

/// The smallest power of two of shards where the small records of no shard
/// add up to more than [`SHARD_BYTES`]. A large record (a word on very
/// many pages) is as large alone: it is left out of the reckoning, or every
/// such word would need a shard of its own.
fn shard_count(records: &[(u32, Vec<u8>)]) -> usize {
    let small: Vec<(u32, usize)> = records
        .iter()
        .filter(|(_, bytes)| bytes.len() <= SHARD_BYTES / 2)
        .map(|(hash, bytes)| (*hash, bytes.len()))
        .collect();
    let mut count = 1;
    while count < MAX_SHARDS {
        let mut sizes = vec![0usize; count];
        for &(hash, len) in &small {
            sizes[hash as usize & (count - 1)] += len;
        }
        if sizes.iter().all(|&size| size <= SHARD_BYTES) {
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
        // zlib's fast strategy (levels 1 to 3): level 3 makes files a
        // third smaller than level 1 for about the same time; the slower
        // strategies above it gain little on postings, which are close to
        // random bytes, and take much longer.
        Gzip(flate2::Compress::new(flate2::Compression::new(3), false))
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

/// What the browser is told beside the index.
pub(crate) struct Extras<'a> {
    pub(crate) analyzer: &'a Analyzer,
    /// Groups of words and phrases that mean the same, as written.
    pub(crate) synonyms: &'a [Vec<String>],
}

/// The lesser entries (profiles, the glossary), each with the words of its title and its
/// places: the browser ranks them after the others unless the query has a
/// word of the name or a whole place.
fn profiles(entries: &[Entry<'_>], analyzer: &Analyzer) -> Vec<(usize, String, Vec<String>)> {
    entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.lesser)
        .map(|(i, e)| {
            // The name's own words, without "of", "de"…; places whole, so
            // that "new" does not name New York.
            let mut name: Vec<String> = Vec::new();
            for word in folded_words(e.title) {
                if !analyzer.is_stop_word(&word) && !name.contains(&word) {
                    name.push(word);
                }
            }
            let mut places: Vec<String> = Vec::new();
            for place in &e.places {
                let phrase = folded_words(place).join(" ");
                if !phrase.is_empty() && !places.contains(&phrase) {
                    places.push(phrase);
                }
            }
            (i, name.join(" "), places)
        })
        .collect()
}

/// One row of what a result shows: href, title, label index, description,
/// passages.
#[derive(serde::Serialize)]
struct Fragment<'a>(&'a str, &'a str, usize, &'a str, &'a [String]);

/// The index files of `entries`: `meta.gz`, `t/<shard>.gz`, `w/<letter>.gz`
/// and `p/<entry>.gz`, each gzip-compressed.
#[cfg(test)]
pub(crate) fn build(entries: &[Entry<'_>], extras: &Extras<'_>) -> Vec<File> {
    let files = std::sync::Mutex::new(Vec::new());
    build_into(entries, extras, &|file| {
        files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
    });
    let mut files = files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Builds the index files of `entries` and hands each to `sink` as soon as
/// it is made, from any thread, `meta.gz` last; none is kept, so a large
/// site's index is never held whole.
pub(crate) fn build_into(entries: &[Entry<'_>], extras: &Extras<'_>, sink: &(dyn Fn(File) + Sync)) {
    let analyzer = extras.analyzer;
    // A few runs of entries per thread: enough to balance the load, few
    // enough that each partial's caches pay off.
    let run = entries
        .len()
        .div_ceil(rayon::current_num_threads().max(1) * 2)
        .max(1);
    // Each file's hash, summed: the index's version, whatever order the
    // files are made in.
    let version = std::sync::atomic::AtomicU64::new(0);
    let deliver = |file: File| {
        let hash = fnv1a64(fnv1a64(0xcbf2_9ce4_8422_2325, file.0.as_bytes()), &file.1);
        version.fetch_add(hash, std::sync::atomic::Ordering::Relaxed);
        sink(file);
    };
    // The labels results show, each once.
    let mut labels: Vec<String> = Vec::new();
    let mut label_ids: HashMap<&str, usize> = HashMap::new();
    let label_of: Vec<usize> = entries
        .iter()
        .map(|e| {
            *label_ids.entry(e.label.as_str()).or_insert_with(|| {
                labels.push(e.label.clone());
                labels.len() - 1
            })
        })
        .collect();
    let partials: Vec<(Partial<'_>, Grouped)> = entries
        .par_chunks(run)
        .enumerate()
        .map(|(r, chunk)| {
            let mut partial = Partial::new(analyzer, entries.len() <= WHOLE_TEXT_ENTRIES);
            let mut gzip = Gzip::new();
            // About one posting per 16 bytes of text, each packed in about
            // four: reserved up front, so the list is not copied as it
            // grows (memory not written to is never used).
            let text: usize = chunk.iter().map(|e| e.body.len()).sum();
            partial.postings.reserve(text / 4);
            let mut buf = String::new();
            for (k, entry) in chunk.iter().enumerate() {
                let i = r * run + k;
                let doc = u32::try_from(i).unwrap_or(u32::MAX);
                let passages;
                (partial, passages) = partial.add(doc, entry, &mut buf);
                // What its result shows is written at once, so no entry's
                // passages are kept once it is counted.
                let description = entry.description.map(str::trim).unwrap_or("");
                let row = Fragment(
                    &entry.href,
                    entry.title,
                    label_of[i],
                    description,
                    &passages,
                );
                let json = serde_json::to_vec(&row).unwrap_or_default();
                deliver((format!("p/{i}.gz"), gzip.compress(&json)));
            }
            let grouped = partial.grouped();
            (partial, grouped)
        })
        .collect();
    let (partials, groups): (Vec<Partial<'_>>, Vec<Grouped>) = partials.into_iter().unzip();

    // BM25's length factor of each entry's body, 1 for average length.
    let mut lengths = vec![0u32; entries.len()];
    for &(doc, length) in partials.iter().flat_map(|p| &p.lengths) {
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
    let mut by_term: FastMap<&str, Vec<List<'_>>> = FastMap::default();
    for (partial, grouped) in partials.iter().zip(&groups) {
        for (id, term) in partial.terms.iter().enumerate() {
            // The stop-word slot has none.
            let list = grouped.list(id);
            if !list.is_empty() {
                by_term.entry(&**term).or_default().push(list);
            }
        }
    }
    let mut terms: Vec<(&str, Vec<List<'_>>)> = by_term.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let df: FastMap<&str, usize> = terms
        .iter()
        .map(|(t, lists)| (*t, lists.iter().map(|l| l.len()).sum()))
        .collect();

    // Every form with its terms, and every term with its forms.
    let mut forms: FastMap<&str, Vec<&str>> = FastMap::default();
    for partial in &partials {
        for (form, ids) in &partial.forms.0 {
            let list = forms.entry(&**form).or_default();
            for &id in ids {
                if let Some(term) = partial.terms.get(id as usize) {
                    if !list.contains(&&**term) {
                        list.push(term);
                    }
                }
            }
        }
    }
    let mut forms_of: FastMap<&str, Vec<&str>> = FastMap::default();
    for (form, list) in &forms {
        for term in list {
            forms_of.entry(term).or_default().push(form);
        }
    }
    for list in forms_of.values_mut() {
        list.sort_unstable();
    }

    // Each term's postings, scored and encoded; each form that is not just
    // its own term, pointing to its terms. A list long enough for a file of
    // its own is compressed and handed over at once: at a hundred thousand
    // entries, the long lists of common words add up to tens of megabytes.
    let mut records: Vec<(u32, Vec<u8>)> = terms
        .par_iter()
        .map_init(Gzip::new, |gzip, (term, lists)| {
            let mut scored: Vec<(u32, u8)> = lists
                .iter()
                .flat_map(List::iter)
                .map(|p| {
                    let norm = norms.get(p.entry as usize).copied().unwrap_or(1.0);
                    let score = p.fields() + saturate(f32::from(p.body), norm);
                    (p.entry, impact(score))
                })
                .collect();
            let own = forms_of.get(term).map_or(&[][..], Vec::as_slice);
            let (record, list) = encode_term(term, own, &mut scored, entries.len());
            if let Some((path, raw)) = list {
                deliver((path, gzip.compress(&raw)));
            }
            (fnv1a32(term.as_bytes()), record)
        })
        .collect();
    // The postings are all encoded: free them before compressing.
    drop(terms);
    drop(groups);
    let term_records = records.len();
    let mut pointers: Vec<(&str, Vec<&str>)> = forms
        .iter()
        .filter(|(form, list)| list.as_slice() != [**form])
        .map(|(form, list)| {
            let mut list = list.clone();
            list.sort_unstable();
            (*form, list)
        })
        .collect();
    pointers.sort_unstable();
    records.extend(
        pointers
            .iter()
            .map(|(form, list)| (fnv1a32(form.as_bytes()), encode_form(form, list))),
    );

    let shards = shard_count(&records);
    // Per shard: its term records, then its form records.
    type Records<'r> = Vec<&'r [u8]>;
    let mut by_shard: Vec<(Records<'_>, Records<'_>)> = vec![(Vec::new(), Vec::new()); shards];
    for (i, (hash, bytes)) in records.iter().enumerate() {
        let shard = &mut by_shard[*hash as usize & (shards - 1)];
        if i < term_records {
            shard.0.push(bytes);
        } else {
            shard.1.push(bytes);
        }
    }
    by_shard
        .into_par_iter()
        .enumerate()
        .map_init(Gzip::new, |gzip, (i, (terms, forms))| {
            let mut raw = vec![FORMAT];
            for list in [terms, forms] {
                push_varint(&mut raw, list.len() as u64);
                for part in list {
                    raw.extend_from_slice(part);
                }
            }
            (format!("t/{i:x}.gz"), gzip.compress(&raw))
        })
        .for_each(deliver);
    drop(records);

    // The vocabulary typos are corrected against: forms by first letter,
    // the most frequent first.
    let mut buckets: FastMap<char, Vec<(usize, &str)>> = FastMap::default();
    for (form, list) in &forms {
        let Some(first) = form.chars().next() else {
            continue;
        };
        if form.chars().count() < VOCABULARY_MIN_CHARS {
            continue;
        }
        let frequency = list
            .iter()
            .filter_map(|t| df.get(t))
            .max()
            .copied()
            .unwrap_or(0);
        buckets.entry(first).or_default().push((frequency, form));
    }
    let mut letters: Vec<char> = buckets.keys().copied().collect();
    letters.sort_unstable();
    let letter_keys: Vec<String> = letters
        .iter()
        .map(|c| format!("{:x}", u32::from(*c)))
        .collect();
    buckets
        .into_par_iter()
        .map_init(Gzip::new, |gzip, (letter, mut words)| {
            words.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
            let words: Vec<&str> = words.into_iter().map(|(_, w)| w).collect();
            let json = serde_json::to_vec(&words).unwrap_or_default();
            (
                format!("w/{:x}.gz", u32::from(letter)),
                gzip.compress(&json),
            )
        })
        .for_each(deliver);

    // The meta file names a version that changes with any index file, so a
    // browser never mixes files of two builds.
    let version = version.into_inner();
    let meta = serde_json::json!({
        "format": FORMAT,
        "version": format!("{version:016x}"),
        "entries": entries.len(),
        "shards": shards,
        "stop": analyzer.stop_words(),
        "stems": analyzer.stems(),
        "packed_from": PACKED_FROM,
        "vocabulary": letter_keys,
        "synonyms": extras.synonyms,
        "profiles": profiles(entries, analyzer),
        "labels": labels,
    });
    sink((
        "meta.gz".to_string(),
        Gzip::new().compress(meta.to_string().as_bytes()),
    ));
}

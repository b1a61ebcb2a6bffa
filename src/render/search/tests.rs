//! Search on a small fixture site: the index is built as in a build, then
//! read back and queried the way `search.js` does it, so these tests check
//! the file format and the ranking together.

#![allow(clippy::unwrap_used)]

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use super::tokenize::{for_each_word, term};
use super::{entries, fnv1a32, index, page_context};
use crate::link::LinkedSite;

fn fixture_site() -> LinkedSite {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search");
    let mut sites = crate::site::load_site_for(&root).unwrap_or_else(|errors| panic!("{errors}"));
    sites.remove(0)
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    assert_eq!(&bytes[..2], &[0x1f, 0x8b], "not gzip");
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The built index, decoded on demand like the browser does.
struct Index {
    files: HashMap<String, Vec<u8>>,
    meta: serde_json::Value,
}

struct Postings {
    df: usize,
    entries: Vec<(u32, u8)>,
}

fn varint(bytes: &[u8], at: &mut usize) -> u64 {
    let mut n = 0u64;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return n;
        }
        shift += 7;
    }
}

impl Index {
    fn build(site: &LinkedSite) -> Index {
        let files: HashMap<String, Vec<u8>> =
            index::build(&entries::collect(site)).into_iter().collect();
        let meta = serde_json::from_slice(&gunzip(&files["meta.gz"])).unwrap();
        Index { files, meta }
    }

    fn number(&self, key: &str) -> usize {
        self.meta[key].as_u64().unwrap() as usize
    }

    fn shard(&self, term: &str) -> HashMap<String, Postings> {
        let shard = fnv1a32(term.as_bytes()) as usize & (self.number("shards") - 1);
        let raw = gunzip(&self.files[&format!("t/{shard:x}.gz")]);
        assert_eq!(raw[0], super::FORMAT);
        let mut at = 1;
        let count = varint(&raw, &mut at);
        let mut terms = HashMap::new();
        for _ in 0..count {
            let len = varint(&raw, &mut at) as usize;
            let name = String::from_utf8(raw[at..at + len].to_vec()).unwrap();
            at += len;
            let df = varint(&raw, &mut at) as usize;
            let n = varint(&raw, &mut at) as usize;
            let mut entry = 0u32;
            let mut ids = Vec::new();
            for _ in 0..n {
                entry += varint(&raw, &mut at) as u32;
                ids.push(entry);
            }
            let entries = ids
                .into_iter()
                .zip(raw[at..at + n].iter().copied())
                .collect();
            at += n;
            terms.insert(name, Postings { df, entries });
        }
        assert_eq!(at, raw.len(), "trailing bytes in shard {shard:x}");
        terms
    }

    fn row(&self, entry: u32) -> (String, String, String) {
        let chunk = self.number("chunk");
        let part = entry as usize / chunk;
        let rows: serde_json::Value =
            serde_json::from_slice(&gunzip(&self.files[&format!("p/{part}.gz")])).unwrap();
        let row = &rows[entry as usize % chunk];
        let label = self.meta["labels"][row[2].as_u64().unwrap() as usize]
            .as_str()
            .unwrap();
        (
            row[0].as_str().unwrap().to_string(),
            row[1].as_str().unwrap().to_string(),
            label.to_string(),
        )
    }

    /// Hrefs of the results for `query`, best first, as `search.js` ranks
    /// them: entries with every term whose list is complete (or, when no
    /// list is, with every term), by summed IDF × impact; when there are
    /// none, entries with any term.
    fn search(&self, query: &str) -> Vec<String> {
        let mut terms: Vec<String> = Vec::new();
        let mut buf = String::new();
        for_each_word(query, &mut buf, |w| {
            if let Some(t) = term(w) {
                if !terms.contains(&t.to_string()) {
                    terms.push(t.into_owned());
                }
            }
        });
        let n = self.number("entries") as f64;
        let mut scores: HashMap<u32, f64> = HashMap::new();
        let mut lists: Vec<(bool, HashSet<u32>)> = Vec::new();
        for t in &terms {
            let shard = self.shard(t);
            let Some(p) = shard.get(t) else {
                lists.push((true, HashSet::new()));
                continue;
            };
            let idf = (1.0 + (n - p.df as f64 + 0.5) / (p.df as f64 + 0.5)).ln();
            for &(entry, q) in &p.entries {
                let w = (f64::from(q) / 255.0).powi(2);
                *scores.entry(entry).or_default() += idf * w;
            }
            lists.push((
                p.entries.len() == p.df,
                p.entries.iter().map(|e| e.0).collect(),
            ));
        }
        let mut required: Vec<&HashSet<u32>> = lists
            .iter()
            .filter(|(complete, _)| *complete)
            .map(|(_, l)| l)
            .collect();
        if required.is_empty() {
            required = lists.iter().map(|(_, l)| l).collect();
        }
        let mut all: Vec<(u32, f64)> = scores
            .iter()
            .filter(|(e, _)| required.iter().all(|l| l.contains(e)))
            .map(|(&e, &s)| (e, s))
            .collect();
        if all.is_empty() {
            all = scores.into_iter().collect();
        }
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.into_iter().map(|(e, _)| self.row(e).0).collect()
    }
}

#[test]
fn a_query_finds_other_forms_of_its_words() {
    let index = Index::build(&fixture_site());
    let hits = index.search("consenting");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("/articles/consent-basics/")
    );
    assert!(
        hits.contains(&"/articles/what-sex-therapy-is/".to_string()),
        "{hits:?}"
    );
    // "therapist" finds the page about therapy as well as the one about
    // therapists, above pages that mention neither.
    let hits = index.search("therapist");
    let mut top: Vec<&str> = hits.iter().take(2).map(String::as_str).collect();
    top.sort_unstable();
    assert_eq!(
        top,
        [
            "/articles/finding-a-therapist/",
            "/articles/what-sex-therapy-is/"
        ]
    );
}

#[test]
fn case_and_accents_do_not_matter() {
    let index = Index::build(&fixture_site());
    for query in ["café olé", "CAFE OLE", "Cafe\u{301}"] {
        assert_eq!(index.search(query), ["/about/"], "{query}");
    }
}

#[test]
fn title_beats_heading_beats_description_beats_body() {
    let index = Index::build(&fixture_site());
    assert_eq!(
        index.search("lighthouse"),
        [
            "/articles/field-title/",
            "/articles/field-heading/",
            "/articles/field-description/",
            "/articles/field-body/",
        ],
        "a word in a code block is not indexed"
    );
}

#[test]
fn pages_with_every_word_come_first_and_only_they() {
    let index = Index::build(&fixture_site());
    // "consent" alone is on three pages; with "therapy" only one has both.
    assert!(index.search("consent").len() >= 3);
    assert_eq!(
        index.search("consent therapy"),
        ["/articles/what-sex-therapy-is/"]
    );
    // When no page has every word, pages with some of them are shown.
    let some = index.search("lighthouse insurance");
    assert!(some.len() >= 5, "{some:?}");
}

#[test]
fn questions_are_found_at_their_anchor() {
    let index = Index::build(&fixture_site());
    let hits = index.search("how much does it cost");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("/faq/costs/#how-much-does-a-session-cost")
    );
    // Front-matter questions too, and the page that holds them.
    let hits = index.search("insurance");
    assert!(
        hits.contains(&"/faq/costs/#do-you-take-insurance".to_string()),
        "{hits:?}"
    );
    assert!(hits.contains(&"/faq/costs/".to_string()), "{hits:?}");
}

#[test]
fn stop_words_and_unknown_words_find_nothing() {
    let index = Index::build(&fixture_site());
    assert!(index.search("the and of").is_empty());
    assert!(index.search("zeppelin").is_empty());
}

#[test]
fn results_show_title_section_and_excerpt() {
    let index = Index::build(&fixture_site());
    let hits = index.search("consenting");
    let entry = (0..index.number("entries") as u32)
        .find(|&e| index.row(e).0 == hits[0])
        .unwrap();
    let (_, title, label) = index.row(entry);
    assert_eq!(title, "Consent basics");
    assert_eq!(label, "Articles");
    let part = entry as usize / index.number("chunk");
    let rows: serde_json::Value =
        serde_json::from_slice(&gunzip(&index.files[&format!("p/{part}.gz")])).unwrap();
    assert_eq!(
        rows[entry as usize % index.number("chunk")][3],
        "Asking, listening and checking in."
    );
}

#[test]
fn the_index_is_the_same_on_every_build() {
    let site = fixture_site();
    let a = index::build(&entries::collect(&site));
    let b = index::build(&entries::collect(&site));
    assert_eq!(a, b);
}

#[test]
fn every_shard_and_page_part_exists() {
    let index = Index::build(&fixture_site());
    for shard in 0..index.number("shards") {
        assert!(index.files.contains_key(&format!("t/{shard:x}.gz")));
    }
    let parts = index.number("entries").div_ceil(index.number("chunk"));
    for part in 0..parts {
        assert!(index.files.contains_key(&format!("p/{part}.gz")));
    }
}

#[test]
fn the_search_page_links_each_kind_and_topic() {
    let site = fixture_site();
    let page = serde_json::to_value(page_context(&site)).unwrap();
    let groups: Vec<(&str, u64, &str)> = page["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["title"].as_str().unwrap(),
                g["count"].as_u64().unwrap(),
                g["href"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("Articles", 8, "/search/articles/"),
            ("Questions", 3, "/search/questions/"),
            ("Question pages", 1, "/search/question-pages/"),
            ("Sections", 2, "/search/sections/"),
            ("Other pages", 1, "/search/other-pages/"),
        ]
    );
    let topics: Vec<(&str, &str)> = page["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["title"].as_str().unwrap(), t["href"].as_str().unwrap()))
        .collect();
    assert_eq!(
        topics,
        [
            ("Consent", "/topics/consent/"),
            ("About therapy", "/topics/therapy/")
        ]
    );
}

/// The word list shared with `search.js`: each line is a text, a tab, and
/// the terms it must give (space-separated; empty for none).
#[test]
fn shared_word_examples_give_their_terms() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search/words.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut checked = 0;
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (input, expected) = line.split_once('\t').unwrap();
        let expected: Vec<&str> = expected.split_whitespace().collect();
        assert_eq!(super::tokenize::terms(input), expected, "{input:?}");
        checked += 1;
    }
    assert!(checked > 40, "only {checked} examples");
}

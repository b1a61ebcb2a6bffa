//! Search on a small fixture site: the index is built as in a build, then
//! read back and queried the way `search.js` does it, so these tests check
//! the file format and the ranking together.

#![allow(clippy::unwrap_used)]

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use super::analyze::Analyzer;
use super::entries::{Body, Entry, Group};
use super::tokenize::for_each_word;
use super::{entries, fnv1a32, index, page_context};
use crate::link::LinkedSite;

fn fixture_site() -> LinkedSite {
    sites_at("tests/fixtures/search").remove(0)
}

fn sites_at(rel: &str) -> Vec<LinkedSite> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    crate::site::load_site_for(&root).unwrap_or_else(|errors| panic!("{errors}"))
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

#[derive(Debug, Clone)]
struct Postings {
    forms: Vec<String>,
    entries: Vec<(u32, u8)>,
}

/// A decoded shard: term records and form records.
struct Shard {
    terms: HashMap<String, Postings>,
    forms: HashMap<String, Vec<String>>,
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

fn string(bytes: &[u8], at: &mut usize) -> String {
    let len = varint(bytes, at) as usize;
    let s = String::from_utf8(bytes[*at..*at + len].to_vec()).unwrap();
    *at += len;
    s
}

fn strings(bytes: &[u8], at: &mut usize) -> Vec<String> {
    (0..varint(bytes, at)).map(|_| string(bytes, at)).collect()
}

fn build_index(site: &LinkedSite) -> Vec<(String, Vec<u8>)> {
    let analyzer = Analyzer::new(&site.language.code);
    let extras = index::Extras {
        analyzer: &analyzer,
        synonyms: &site.synonyms,
    };
    index::build(&entries::collect(site), &extras)
}

/// An article entry with `title` and `body`, for indexes made by hand.
fn article<'a>(title: &'a str, body: &'a str) -> Entry<'a> {
    Entry {
        href: "/article/".into(),
        title,
        group: Group::Page("article".into()),
        label: String::new(),
        description: None,
        terms: Vec::new(),
        headings: Vec::new(),
        questions: Vec::new(),
        body: Body::Text(body),
        places: Vec::new(),
        lesser: false,
        page: None,
    }
}

/// The passages a result file's row ships (its fifth field).
fn passages(row: &serde_json::Value) -> Vec<&str> {
    row[4]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect()
}

/// The index files of `entries`, analysed as English, by path.
fn english_index(entries: &[Entry<'_>]) -> HashMap<String, Vec<u8>> {
    let analyzer = Analyzer::new("en");
    let extras = index::Extras {
        analyzer: &analyzer,
        synonyms: &[],
    };
    index::build(entries, &extras).into_iter().collect()
}

impl Index {
    fn build(site: &LinkedSite) -> Index {
        let files: HashMap<String, Vec<u8>> = build_index(site).into_iter().collect();
        let meta = serde_json::from_slice(&gunzip(&files["meta.gz"])).unwrap();
        Index { files, meta }
    }

    fn number(&self, key: &str) -> usize {
        self.meta[key].as_u64().unwrap() as usize
    }

    fn shard(&self, text: &str) -> Shard {
        let shard = fnv1a32(text.as_bytes()) as usize & (self.number("shards") - 1);
        let raw = gunzip(&self.files[&format!("t/{shard:x}.gz")]);
        assert_eq!(raw[0], super::FORMAT);
        let mut at = 1;
        let mut terms = HashMap::new();
        for _ in 0..varint(&raw, &mut at) {
            let name = string(&raw, &mut at);
            let forms = strings(&raw, &mut at);
            let n = varint(&raw, &mut at) as usize;
            let location = raw[at];
            at += 1;
            let entries = if location == 1 {
                let file = string(&raw, &mut at);
                let list = gunzip(&self.files[&format!("l/{file}.gz")]);
                let mut list_at = 0;
                let entries = self.list(&list, &mut list_at, n);
                assert_eq!(list_at, list.len(), "trailing bytes in list {file}");
                entries
            } else {
                self.list(&raw, &mut at, n)
            };
            terms.insert(name, Postings { forms, entries });
        }
        let mut forms = HashMap::new();
        for _ in 0..varint(&raw, &mut at) {
            let form = string(&raw, &mut at);
            forms.insert(form, strings(&raw, &mut at));
        }
        assert_eq!(at, raw.len(), "trailing bytes in shard {shard:x}");
        Shard { terms, forms }
    }

    /// A list of `n` entries at `at`: entries as gaps or a bitmap, then
    /// their impacts.
    fn list(&self, raw: &[u8], at: &mut usize, n: usize) -> Vec<(u32, u8)> {
        let total = self.number("entries");
        let mode = raw[*at];
        *at += 1;
        let ids: Vec<u32> = if mode == 1 {
            let bits = &raw[*at..*at + total.div_ceil(8)];
            *at += total.div_ceil(8);
            (0..total as u32)
                .filter(|e| bits[*e as usize / 8] & (1 << (e % 8)) != 0)
                .collect()
        } else {
            let mut entry = 0u32;
            (0..n)
                .map(|_| {
                    entry += varint(raw, at) as u32;
                    entry
                })
                .collect()
        };
        assert_eq!(ids.len(), n);
        let impacts: Vec<u8> = if n > index::PACKED_FROM {
            let packed = &raw[*at..*at + n.div_ceil(2)];
            *at += n.div_ceil(2);
            (0..n)
                .map(|i| {
                    let b = packed[i / 2];
                    17 * if i % 2 == 0 { b >> 4 } else { b & 15 }
                })
                .collect()
        } else {
            *at += n;
            raw[*at - n..*at].to_vec()
        };
        ids.into_iter().zip(impacts).collect()
    }

    /// The terms a folded word stands for, looked up as the browser does.
    fn lookup(&self, word: &str) -> Vec<(String, Postings)> {
        let shard = self.shard(word);
        let names = match shard.forms.get(word) {
            Some(names) => names.clone(),
            None if shard.terms.contains_key(word) => vec![word.to_string()],
            None => Vec::new(),
        };
        names
            .into_iter()
            .map(|name| {
                let postings = self.shard(&name).terms[&name].clone();
                (name, postings)
            })
            .collect()
    }

    fn fragment(&self, entry: u32) -> serde_json::Value {
        serde_json::from_slice(&gunzip(&self.files[&format!("p/{entry}.gz")])).unwrap()
    }

    fn row(&self, entry: u32) -> (String, String, String) {
        let row = self.fragment(entry);
        let label = self.meta["labels"][row[2].as_u64().unwrap() as usize]
            .as_str()
            .unwrap();
        (
            row[0].as_str().unwrap().to_string(),
            row[1].as_str().unwrap().to_string(),
            label.to_string(),
        )
    }

    /// Entry numbers of the results for `query`, best first, as
    /// `search.js` ranks a query without synonyms or typos: entries with
    /// every word by summed IDF × impact; when there are none, entries
    /// with any word.
    fn search_entries(&self, query: &str) -> Vec<u32> {
        let stop: HashSet<String> = self.meta["stop"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap().to_string())
            .collect();
        let mut words: Vec<String> = Vec::new();
        let mut buf = String::new();
        for_each_word(query, &mut buf, |w| {
            if !stop.contains(w) && !words.iter().any(|x| x == w) {
                words.push(w.to_string());
            }
        });
        let n = self.number("entries") as f64;
        let mut scores: HashMap<u32, f64> = HashMap::new();
        let mut lists: Vec<HashSet<u32>> = Vec::new();
        for w in &words {
            let mut best: HashMap<u32, f64> = HashMap::new();
            for (_, p) in self.lookup(w) {
                let df = p.entries.len() as f64;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                for &(entry, q) in &p.entries {
                    let s = idf * (f64::from(q) / 255.0).powi(2);
                    let slot = best.entry(entry).or_default();
                    *slot = slot.max(s);
                }
            }
            for (e, s) in &best {
                *scores.entry(*e).or_default() += s;
            }
            lists.push(best.keys().copied().collect());
        }
        let mut all: Vec<(u32, f64)> = scores
            .iter()
            .filter(|(e, _)| lists.iter().all(|l| l.contains(e)))
            .map(|(&e, &s)| (e, s))
            .collect();
        if all.is_empty() {
            all = scores.into_iter().collect();
        }
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.into_iter().map(|(e, _)| e).collect()
    }

    /// Hrefs of the results for `query`, best first.
    fn search(&self, query: &str) -> Vec<String> {
        self.search_entries(query)
            .into_iter()
            .map(|e| self.row(e).0)
            .collect()
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
    // "therapist" finds the page about therapists first; "therapy" the
    // one about therapy.
    let hits = index.search("therapist");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("/articles/finding-a-therapist/")
    );
    let hits = index.search("therapy");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("/articles/what-sex-therapy-is/")
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
fn results_show_title_section_description_and_passages() {
    let index = Index::build(&fixture_site());
    let entry = index.search_entries("consenting")[0];
    let (_, title, label) = index.row(entry);
    assert_eq!(title, "Consent basics");
    assert_eq!(label, "Articles");
    let row = index.fragment(entry);
    assert_eq!(row[3], "Asking, listening and checking in.");
    // The body's words are there to make an excerpt from, as plain text.
    let passages = passages(&row);
    assert!(!passages.is_empty());
    assert!(passages.iter().all(|p| !p.contains("](")), "{passages:?}");
}

#[test]
fn a_match_in_a_long_body_has_a_passage_holding_it() {
    // In a large site, a page far longer than what is shipped of it, with
    // a rare word near its end.
    let filler = "Plain words about feelings and bodies fill this line of the page.\n\n";
    let body = format!(
        "{}The word xylophone appears once, here.\n",
        filler.repeat(80)
    );
    let short = "Short.".to_string();
    let mut entries = vec![Entry {
        description: Some("A long page."),
        ..article("Long", &body)
    }];
    let other = article("Short", &short);
    entries.extend(std::iter::repeat_n(other, index::WHOLE_TEXT_ENTRIES));
    let files = english_index(&entries);
    let row: serde_json::Value = serde_json::from_slice(&gunzip(&files["p/0.gz"])).unwrap();
    let passages = passages(&row);
    let shipped: usize = passages.iter().map(|p| p.len()).sum();
    assert!(
        shipped < body.len() / 4,
        "{shipped} bytes of {}",
        body.len()
    );
    assert!(
        passages.iter().any(|p| p.contains("xylophone")),
        "{passages:?}"
    );
}

#[test]
fn the_index_is_the_same_on_every_build() {
    let site = fixture_site();
    let a = build_index(&site);
    let b = build_index(&site);
    assert_eq!(a, b);
}

#[test]
fn every_shard_and_page_part_exists() {
    let index = Index::build(&fixture_site());
    for shard in 0..index.number("shards") {
        assert!(index.files.contains_key(&format!("t/{shard:x}.gz")));
    }
    for entry in 0..index.number("entries") {
        assert!(index.files.contains_key(&format!("p/{entry}.gz")));
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
/// the words it is cut into (space-separated; empty for none).
#[test]
fn shared_word_examples_give_their_words() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search/words.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut checked = 0;
    let mut buf = String::new();
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (input, expected) = line.split_once('\t').unwrap();
        let expected: Vec<&str> = expected.split_whitespace().collect();
        let mut found = Vec::new();
        for_each_word(input, &mut buf, |w| found.push(w.to_string()));
        assert_eq!(found, expected, "{input:?}");
        checked += 1;
    }
    assert!(checked > 40, "only {checked} examples");
}

/// Every word of every page of the example site, in each language, looked
/// up as typed (the way the browser does, without a stemmer), finds the
/// term the build's own analysis gives it, and so the same pages.
#[test]
fn every_word_of_the_example_site_finds_its_term_as_typed() {
    for site in sites_at(".") {
        let analyzer = Analyzer::new(&site.language.code);
        let index = Index::build(&site);
        let mut buf = String::new();
        let mut seen: HashSet<(String, String)> = HashSet::new();
        let mut checked = 0;
        for entry in entries::collect(&site) {
            let mut text = String::new();
            super::text::visible_text(&entry.body.read(), true, |run| {
                text.push_str(run);
                text.push(' ');
            });
            text.push_str(entry.title);
            for word in text.split_whitespace() {
                for_each_word(word, &mut buf, |folded| {
                    let lower = word
                        .to_lowercase()
                        .chars()
                        .filter(|c| c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(c))
                        .collect::<String>();
                    if !seen.insert((lower.clone(), folded.to_string())) {
                        return;
                    }
                    // Words joined by punctuation inside `word` are checked
                    // on their own.
                    if super::tokenize::fold(&lower) != folded {
                        return;
                    }
                    let Some(term) = analyzer.term(&lower, folded) else {
                        return;
                    };
                    let found = index.lookup(folded);
                    assert!(
                        found
                            .iter()
                            .any(|(name, p)| *name == term && p.forms.iter().any(|f| f == folded)),
                        "{}: `{word}` ({folded}) should find term `{term}`, found {:?}",
                        site.language.code,
                        found.iter().map(|f| &f.0).collect::<Vec<_>>()
                    );
                    checked += 1;
                });
            }
        }
        assert!(
            checked > 500,
            "{}: only {checked} words",
            site.language.code
        );
    }
}

#[test]
fn spanish_pages_are_indexed_with_spanish_rules() {
    let sites = sites_at(".");
    let es = sites.iter().find(|s| s.language.code == "es").unwrap();
    let index = Index::build(es);
    let stop = index.meta["stop"].as_array().unwrap();
    assert!(stop.iter().any(|w| w == "para"), "Spanish stop words");
    assert!(!stop.iter().any(|w| w == "the"));
    let terms = |w: &str| -> Vec<String> { index.lookup(w).into_iter().map(|t| t.0).collect() };
    // Singular and plural, with and without an accent, meet.
    for pair in [
        ["sesion", "sesiones"],
        ["relacion", "relaciones"],
        ["terapeuta", "terapeutas"],
    ] {
        assert!(!terms(pair[0]).is_empty(), "{pair:?}");
        assert_eq!(terms(pair[0]), terms(pair[1]), "{pair:?}");
        assert_eq!(index.search(pair[0]), index.search(pair[1]), "{pair:?}");
    }
    // Typed without its accent, a word still finds its pages.
    let sexual = index.search("sexualidad");
    assert!(!sexual.is_empty());
    assert_eq!(index.search("SEXUALIDAD"), sexual);
}

#[test]
fn a_word_late_in_a_long_paragraph_is_in_a_passage() {
    // One paragraph of about 3,000 characters on one line, the word at
    // its end: a small site ships it all, in sentences.
    let body = format!(
        "{} The word xylophone ends it.\n",
        "Plain words about feelings and bodies fill this sentence. ".repeat(50)
    );
    let entries = vec![article("Long", &body)];
    let files = english_index(&entries);
    let row: serde_json::Value = serde_json::from_slice(&gunzip(&files["p/0.gz"])).unwrap();
    let passages = passages(&row);
    assert!(passages.len() > 1, "{passages:?}");
    assert!(passages.iter().all(|p| p.chars().count() <= 600));
    assert!(
        passages.last().unwrap().contains("xylophone"),
        "{passages:?}"
    );
    assert!(passages[0].starts_with("Plain words") && passages[0].ends_with('.'));
}

#[test]
fn counts_are_exact_for_words_on_very_many_pages() {
    let bodies: Vec<String> = (0..1500)
        .map(|i| format!("Page {i} talks about consent and other things."))
        .collect();
    let entries: Vec<Entry<'_>> = bodies.iter().map(|body| article("Page", body)).collect();
    let files = english_index(&entries);
    let meta = serde_json::from_slice(&gunzip(&files["meta.gz"])).unwrap();
    let index = Index { files, meta };
    assert_eq!(index.search("consent").len(), 1500);
}

#[test]
fn the_index_carries_the_site_synonyms_and_vocabulary() {
    let sites = sites_at(".");
    for site in &sites {
        let index = Index::build(site);
        let groups = index.meta["synonyms"].as_array().unwrap();
        assert_eq!(groups.len(), site.synonyms.len());
        assert!(
            groups.len() >= 40,
            "{}: {} groups",
            site.language.code,
            groups.len()
        );
        // Every letter of the vocabulary has its file.
        for letter in index.meta["vocabulary"].as_array().unwrap() {
            let name = format!("w/{}.gz", letter.as_str().unwrap());
            assert!(index.files.contains_key(&name), "{name}");
        }
    }
}

#[test]
fn the_index_version_is_the_same_for_the_same_site_and_changes_with_any_file() {
    let version = |entries: &[Entry<'_>]| {
        let files = english_index(entries);
        let meta: serde_json::Value = serde_json::from_slice(&gunzip(&files["meta.gz"])).unwrap();
        meta["version"].as_str().unwrap().to_string()
    };
    // Enough entries that the files are made on several threads, in an
    // order that differs from run to run.
    let bodies: Vec<String> = (0..400)
        .map(|i| format!("Talking about boundaries, week {i}, with a partner."))
        .collect();
    let titles: Vec<String> = (0..400).map(|i| format!("Article {i}")).collect();
    let entries: Vec<Entry<'_>> = titles
        .iter()
        .zip(&bodies)
        .map(|(t, b)| article(t, b))
        .collect();
    let first = version(&entries);
    for _ in 0..5 {
        assert_eq!(version(&entries), first, "same site, same version");
    }
    // One word in one entry's text changes its result file and postings.
    let mut changed = entries.clone();
    changed[123] = article(&titles[123], "Talking about consent instead.");
    assert_ne!(
        version(&changed),
        first,
        "a changed entry must change the version"
    );
    // One entry fewer.
    assert_ne!(version(&entries[1..]), first);
}

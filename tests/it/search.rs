//! The search page and the search index a build writes.

use std::io::Read;
use std::path::Path;

use crate::support::{attrs, candor, texts, SiteTest};

fn built(extra: &[&str]) -> SiteTest {
    let site = SiteTest::from_fixture("search");
    site.build(extra).assert_success();
    site
}

fn gunzip(bytes: &[u8]) -> String {
    assert_eq!(
        &bytes[..2],
        &[0x1f, 0x8b],
        "index files are gzip-compressed"
    );
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Every file of the index, decompressed, as one text (shards hold their
/// terms as UTF-8, so words can be looked for).
fn index_text(site: &SiteTest) -> String {
    let mut all = String::new();
    for (path, bytes) in site.output_snapshot() {
        if path.starts_with("search/data") {
            assert_eq!(&bytes[..2], &[0x1f, 0x8b], "{} is not gzip", path.display());
            let mut raw = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut raw)
                .unwrap();
            all.push_str(&String::from_utf8_lossy(&raw));
        }
    }
    all
}

#[test]
fn the_search_page_has_a_form_that_works_without_javascript() {
    let site = built(&[]);
    let html = site.html("search/index.html");
    assert_eq!(texts(&html, "h1"), ["Search"]);
    assert_eq!(attrs(&html, "form[role=search]", "method"), ["get"]);
    assert_eq!(attrs(&html, "form[role=search]", "action"), ["/search/"]);
    assert_eq!(
        attrs(&html, "form[role=search] input[type=search]", "name"),
        ["q"]
    );
    // Browsers must not remember what was typed.
    assert_eq!(
        attrs(
            &html,
            "form[role=search] input[type=search]",
            "autocomplete"
        ),
        ["off"]
    );
    assert_eq!(attrs(&html, "label[for=search-input]", "for").len(), 1);
    assert_eq!(
        attrs(&html, "form[role=search]", "data-search-index"),
        ["/search/data/"]
    );
    // The script is deferred and only on this page.
    let script = format!("/{}", site.published("search.js"));
    assert_eq!(
        attrs(&html, &format!("script[src='{script}']"), "defer"),
        [""]
    );
    let article = site.html("articles/consent-basics/index.html");
    assert!(attrs(&article, "script", "src")
        .iter()
        .all(|s| !s.contains("search")));
    // Every page links to it from the header.
    assert_eq!(
        attrs(&article, "header a.site-search-link", "href"),
        ["/search/"]
    );
    assert_eq!(
        attrs(&html, "header a.site-search-link", "aria-current"),
        ["page"]
    );
}

#[test]
fn the_search_page_lists_every_page_and_question_a_to_z() {
    let site = built(&[]);
    let html = site.html("search/index.html");
    let links = attrs(&html, "main .az-list a", "href");
    // Every published article has a link; the draft has none.
    let articles = std::fs::read_dir(site.public("articles")).unwrap();
    let mut count = 0;
    for dir in articles {
        let dir = dir.unwrap();
        if dir.path().join("index.html").is_file() && dir.file_name() != "page" {
            let href = format!("/articles/{}/", dir.file_name().to_string_lossy());
            assert!(links.contains(&href), "{href} is not listed: {links:?}");
            count += 1;
        }
    }
    assert!(count >= 8, "only {count} articles built");
    assert!(!links.iter().any(|l| l.contains("unfinished")), "{links:?}");
    // Questions link to their answers.
    for question in [
        "/faq/costs/#how-much-does-a-session-cost",
        "/faq/costs/#can-i-pay-later",
        "/faq/costs/#do-you-take-insurance",
    ] {
        assert!(
            links.contains(&question.to_string()),
            "{question}: {links:?}"
        );
    }
    assert_eq!(
        texts(&html, "main h3[id^=all-]"),
        [
            "Articles, A to Z",
            "Questions, A to Z",
            "Question pages, A to Z",
            "Sections, A to Z",
            "Other pages, A to Z"
        ]
    );
    // A to Z: case and accents do not change the order.
    let titles = texts(&html, "#all-article + .az-list a");
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles, sorted);
    // And by topic, with the topic's own page.
    assert_eq!(
        texts(&html, "main h3[id^=topic-]"),
        ["Consent", "About therapy"]
    );
    assert_eq!(
        attrs(&html, "#topic-consent a", "href"),
        ["/topics/consent/"]
    );
}

#[test]
fn the_index_is_written_compressed_without_drafts() {
    let site = built(&[]);
    let meta: serde_json::Value = serde_json::from_str(&gunzip(
        &std::fs::read(site.public("search/data/meta.gz")).unwrap(),
    ))
    .unwrap();
    // 8 articles, 1 FAQ page with 3 questions, 1 plain page, 2 sections.
    assert_eq!(meta["entries"], 15);
    assert_eq!(meta["format"], 2);
    let shards = meta["shards"].as_u64().unwrap();
    for shard in 0..shards {
        assert!(site
            .public(&format!("search/data/t/{shard:x}.gz"))
            .is_file());
    }
    let text = index_text(&site);
    assert!(text.contains("consent"), "terms are stored as text");
    assert!(
        text.contains("Consent basics"),
        "titles are in the page table"
    );
    assert!(
        !text.contains("zanzibar"),
        "a draft's words are not indexed"
    );
    assert!(
        !text.contains("Unfinished"),
        "a draft is not in the page table"
    );
    // Words inside code blocks are not indexed.
    assert!(!text.contains("quokka"));
}

#[test]
fn drafts_are_searchable_in_a_drafts_build() {
    let site = built(&["--drafts"]);
    assert!(index_text(&site).contains("zanzibar"));
}

#[test]
fn a_base_path_prefixes_every_search_address() {
    let site = built(&["--base-url", "https://example.org/help/"]);
    let html = site.html("search/index.html");
    assert_eq!(
        attrs(&html, "form[role=search]", "action"),
        ["/help/search/"]
    );
    assert_eq!(
        attrs(&html, "form[role=search]", "data-search-index"),
        ["/help/search/data/"]
    );
    assert!(attrs(&html, "main .az-list a", "href")
        .iter()
        .all(|h| h.starts_with("/help/")));
    let table = index_text(&site);
    assert!(
        table.contains("\"/help/articles/consent-basics/\""),
        "{table}"
    );
}

#[test]
fn a_theme_without_the_search_template_builds_without_search() {
    let site = SiteTest::from_fixture("search");
    let theme = site.root().join("themes/plain");
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&default) {
        let entry = entry.unwrap();
        let target = theme.join(entry.path().strip_prefix(&default).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_name() != "search.html" {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let config = std::fs::read_to_string(site.root().join("candor.yaml")).unwrap();
    site.write("candor.yaml", &format!("{config}theme: plain\n"));
    site.build(&[]).assert_success();
    assert!(!site.public("search").exists());
    assert!(site.public("articles/consent-basics/index.html").is_file());
    // No link leads to a search page that is not there.
    let home = site.read("index.html");
    assert!(!home.contains("site-search-link"), "{home}");
}

#[test]
fn a_page_of_the_site_at_the_search_address_wins() {
    let site = SiteTest::from_fixture("search");
    site.write(
        "content/search.md",
        "---\ntitle: \"Find your way\"\ndescription: \"Our own search page.\"\n---\n\nAsk us.\n",
    );
    site.build(&[]).assert_success();
    let html = site.html("search/index.html");
    assert_eq!(texts(&html, "h1"), ["Find your way"]);
    assert!(!site.public("search/data").exists());
}

#[test]
fn a_section_of_the_site_at_the_search_address_wins() {
    let site = SiteTest::from_fixture("search");
    site.write(
        "content/search/_index.md",
        "---\ntitle: \"Searching well\"\n---\n\nTips.\n",
    );
    site.build(&[]).assert_success();
    // Every time, not by chance of which render finished last.
    for _ in 0..5 {
        site.build(&[]).assert_success();
        assert_eq!(
            texts(&site.html("search/index.html"), "h1"),
            ["Searching well"]
        );
    }
}

#[test]
fn therapists_are_found_by_the_topics_they_work_with() {
    let site = SiteTest::from_fixture("directory");
    site.build(&[]).assert_success();
    let page = site.html("search/index.html");
    // Consent: the article tagged with it, and the three therapists who
    // list it among their specialties; not Cai Tran, who does not.
    let mut consent = texts(&page, "#topic-consent + ul a");
    consent.sort();
    assert_eq!(
        consent,
        ["Ana Ortiz", "Ben Cole", "Dee Park", "Talking about consent"]
    );
}

#[test]
fn site_synonyms_go_into_the_index_for_the_browser() {
    let site = SiteTest::from_fixture("search");
    site.write(
        "search/synonyms.yaml",
        "en:\n  - [painful sex, pain during sex, dyspareunia]\n  - [therapist, counselor]\n",
    );
    site.build(&[]).assert_success();
    let meta: serde_json::Value = serde_json::from_str(&gunzip(
        &std::fs::read(site.public("search/data/meta.gz")).unwrap(),
    ))
    .unwrap();
    assert_eq!(
        meta["synonyms"],
        serde_json::json!([
            ["painful sex", "pain during sex", "dyspareunia"],
            ["therapist", "counselor"]
        ])
    );
}

#[test]
fn a_mistake_in_the_synonyms_is_an_error_at_its_line_and_keeps_the_last_build() {
    let site = SiteTest::from_fixture("search");
    site.build(&[]).assert_success();
    let before = site.output_snapshot();
    site.write(
        "search/synonyms.yaml",
        "en:\n  - [painful sex, pain during sex]\n  - [libido]\nde:\n  - [a, b]\n",
    );
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("search/synonyms.yaml:3:")
        .assert_stderr_has("fewer than two")
        .assert_stderr_has("search/synonyms.yaml:4:")
        .assert_stderr_has("`de` is not one of the site's languages");
    assert!(
        site.output_snapshot() == before,
        "the last good output is untouched"
    );
    // Not a list of groups at all.
    site.write("search/synonyms.yaml", "en: painful sex\n");
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("search/synonyms.yaml:1:");
}

#[test]
fn check_says_once_when_a_language_has_no_stemmer() {
    let site = SiteTest::from_fixture("search");
    let check = |site: &SiteTest| {
        let out = candor()
            .args(["check", "--format", "json", "--root"])
            .arg(site.root())
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "search/language")
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(check(&site).is_empty(), "English has a stemmer");
    let config = std::fs::read_to_string(site.root().join("candor.yaml"))
        .unwrap()
        .replace("language: en", "language: ja");
    site.write("candor.yaml", &config);
    let notes = check(&site);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("`ja` matches words exactly as written"),
        "{notes:?}"
    );
}

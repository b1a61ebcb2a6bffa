//! The search page and the search index a build writes.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use scraper::{ElementRef, Html, Selector};

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

/// The file and anchor an href of the site leads to, without the base
/// path `base`: `/articles/x/#y` → (`articles/x/index.html`, `y`).
fn target(href: &str, base: &str) -> (String, Option<String>) {
    let path = href
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("{href} does not start with {base}"));
    let (path, anchor) = match path.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (path, None),
    };
    assert!(path.starts_with('/') && path.ends_with('/'), "{href}");
    (format!("{}index.html", &path[1..]), anchor)
}

/// Fails unless every link of `main` in `html` leads to a page of the
/// built site, and to an element of that page when it has an anchor.
fn assert_links_resolve(site: &SiteTest, html: &Html, base: &str) {
    for href in attrs(html, "main a", "href") {
        if let Some(id) = href.strip_prefix('#') {
            assert_eq!(
                attrs(html, &format!("[id='{id}']"), "id").len(),
                1,
                "{href}"
            );
            continue;
        }
        let (file, anchor) = target(&href, base);
        assert!(site.public(&file).is_file(), "{href}: no {file}");
        if let Some(id) = anchor {
            let page = site.html(&file);
            assert_eq!(
                attrs(&page, &format!("[id='{id}']"), "id").len(),
                1,
                "{href}: no element with id {id} in {file}"
            );
        }
    }
}

/// One entry of an A–Z list: its title, href and the text after it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Listed {
    title: String,
    href: String,
    context: String,
}

/// Every page of the A–Z list that starts at `href`, read by following
/// its "Next page" links, with the entries of each.
fn follow_list(site: &SiteTest, href: &str, base: &str) -> Vec<(String, Html, Vec<Listed>)> {
    let item = Selector::parse("main .az-list > li").unwrap();
    let link = Selector::parse("a").unwrap();
    let context = Selector::parse(".az-context").unwrap();
    let mut pages = Vec::new();
    let mut next = Some(href.to_string());
    while let Some(href) = next {
        assert!(pages.len() < 100, "the list never ends");
        let (file, _) = target(&href, base);
        let html = site.html(&file);
        let entries = html
            .select(&item)
            .map(|li| {
                let a = li.select(&link).next().unwrap();
                Listed {
                    title: a.text().collect(),
                    href: a.value().attr("href").unwrap().to_string(),
                    context: li.select(&context).flat_map(|c| c.text()).collect(),
                }
            })
            .collect();
        next = attrs(&html, "main a[rel=next]", "href").into_iter().next();
        pages.push((href, html, entries));
    }
    pages
}

/// The titles are in A to Z order: case and accents do not count, nor
/// punctuation before the first letter; titles that start with no letter
/// come last.
fn assert_a_to_z(titles: &[String]) {
    let key = |t: &String| {
        let folded: String = t
            .to_lowercase()
            .replace(['é', 'É'], "e")
            .chars()
            .skip_while(|c| !c.is_alphanumeric())
            .collect();
        let other = !folded.starts_with(|c: char| c.is_ascii_alphabetic());
        (other, folded)
    };
    for pair in titles.windows(2) {
        assert!(key(&pair[0]) <= key(&pair[1]), "{pair:?} are not A to Z");
    }
}

#[test]
fn the_search_page_links_each_list_and_topic_and_stays_light() {
    let site = built(&[]);
    let html = site.html("search/index.html");
    assert_eq!(
        texts(&html, "main .browse-groups li"),
        [
            "Articles (8)",
            "Questions (3)",
            "Question pages (1)",
            "Sections (2)",
            "Other pages (1)"
        ]
    );
    assert_eq!(
        attrs(&html, "main .browse-groups a", "href"),
        [
            "/search/articles/",
            "/search/questions/",
            "/search/question-pages/",
            "/search/sections/",
            "/search/other-pages/"
        ]
    );
    // Each topic links to its own page rather than listing its pages.
    assert_eq!(
        texts(&html, "#by-topic + ul > li > a"),
        ["Consent", "About therapy"]
    );
    assert_eq!(
        attrs(&html, "#by-topic + ul > li > a", "href"),
        ["/topics/consent/", "/topics/therapy/"]
    );
    assert!(attrs(&html, "main .az-list a", "href").is_empty());
    assert_links_resolve(&site, &html, "");
}

#[test]
fn the_lists_hold_every_page_and_question_once_a_to_z() {
    let site = built(&[]);
    let search = site.html("search/index.html");
    let sitemap = site.read("sitemap.xml");
    let mut listed: BTreeMap<String, usize> = BTreeMap::new();
    let mut articles = Vec::new();
    for href in attrs(&search, "main .browse-groups a", "href") {
        let pages = follow_list(&site, &href, "");
        for (page, html, entries) in &pages {
            assert_eq!(texts(html, "h1").len(), 1, "{page}");
            assert_eq!(
                attrs(html, "nav.breadcrumbs a", "href"),
                ["/", "/search/"],
                "{page}"
            );
            assert_links_resolve(&site, html, "");
            // Found by search engines, like the search page.
            assert!(sitemap.contains(&format!("<loc>https://example.org{page}</loc>")));
            for entry in entries {
                *listed.entry(entry.href.clone()).or_default() += 1;
            }
        }
        let titles: Vec<String> = pages
            .iter()
            .flat_map(|(_, _, e)| e.iter().map(|e| e.title.clone()))
            .collect();
        assert_a_to_z(&titles);
        if href == "/search/articles/" {
            articles = titles;
        }
    }
    assert_eq!(
        articles,
        [
            "A long walk",
            "Coastal towers",
            "Consent basics",
            "Finding a therapist",
            "Shore walks",
            "The lighthouse keeper",
            "What sex therapy is",
            "Winter notes"
        ]
    );
    // Every published article is listed once; the draft is not.
    let mut count = 0;
    for dir in std::fs::read_dir(site.public("articles")).unwrap() {
        let dir = dir.unwrap();
        if dir.path().join("index.html").is_file() && dir.file_name() != "page" {
            let href = format!("/articles/{}/", dir.file_name().to_string_lossy());
            assert_eq!(listed.get(&href), Some(&1), "{href}: {listed:?}");
            count += 1;
        }
    }
    assert_eq!(count, 8);
    assert!(
        !listed.keys().any(|l| l.contains("unfinished")),
        "{listed:?}"
    );
    assert!(listed.values().all(|&n| n == 1), "{listed:?}");
    // Questions link to their answers and say which page answers them.
    let questions = follow_list(&site, "/search/questions/", "");
    let questions: Vec<(&str, &str, &str)> = questions[0]
        .2
        .iter()
        .map(|e| (e.title.as_str(), e.href.as_str(), e.context.as_str()))
        .collect();
    assert_eq!(
        questions,
        [
            (
                "Can I pay later?",
                "/faq/costs/#can-i-pay-later",
                "(Money matters)"
            ),
            (
                "Do you take insurance?",
                "/faq/costs/#do-you-take-insurance",
                "(Money matters)"
            ),
            (
                "How much does a session cost?",
                "/faq/costs/#how-much-does-a-session-cost",
                "(Money matters)"
            ),
        ]
    );
    assert_eq!(
        texts(&site.html("search/questions/index.html"), "h1"),
        ["Questions, A to Z"]
    );
}

/// Writes `n` articles whose titles start with many letters, half of
/// them with S (so S runs over page breaks), none with Q, X or Y, some in
/// lower case, with an accent or a digit first.
fn write_many_articles(site: &SiteTest, n: usize) {
    let letters = b"ABCDEFGHIJKLMNOPRSTUVWZ";
    for i in 0..n {
        let title = match i {
            0 => "10 questions to ask".to_string(),
            1 => "Élan and energy".to_string(),
            _ if i % 2 == 0 => format!("S note {i:03}"),
            _ if i % 5 == 0 => format!(
                "{} note {i:03}",
                (letters[i % 23] as char).to_ascii_lowercase()
            ),
            _ => format!("{} note {i:03}", letters[i % 23] as char),
        };
        site.write(
            &format!("content/articles/generated-{i:03}.md"),
            &format!("---\ntitle: \"{title}\"\ndate: 2026-01-10\n---\n\nA generated note.\n"),
        );
    }
}

#[test]
fn a_long_list_is_split_into_pages_with_letters_and_working_links() {
    let site = SiteTest::from_fixture("search");
    write_many_articles(&site, 450);
    site.build(&[]).assert_success();
    // 458 articles, 200 to a page.
    let pages = follow_list(&site, "/search/articles/", "");
    assert_eq!(
        pages
            .iter()
            .map(|(href, _, _)| href.as_str())
            .collect::<Vec<_>>(),
        [
            "/search/articles/",
            "/search/articles/page/2/",
            "/search/articles/page/3/"
        ]
    );
    assert!(!site.public("search/articles/page/4").exists());
    assert_eq!(
        pages.iter().map(|(_, _, e)| e.len()).collect::<Vec<_>>(),
        [200, 200, 58]
    );
    let all: Vec<Listed> = pages.iter().flat_map(|(_, _, e)| e.clone()).collect();
    let titles: Vec<String> = all.iter().map(|e| e.title.clone()).collect();
    assert_a_to_z(&titles);
    let mut hrefs: Vec<&str> = all.iter().map(|e| e.href.as_str()).collect();
    hrefs.sort_unstable();
    hrefs.dedup();
    assert_eq!(hrefs.len(), 458, "an article is listed twice");
    assert_eq!(
        titles.last().map(String::as_str),
        Some("10 questions to ask")
    );

    let heading = Selector::parse("main h2").unwrap();
    for (number, (href, html, _)) in pages.iter().enumerate() {
        assert_links_resolve(&site, html, "");
        assert_eq!(texts(html, "h1"), ["Articles, A to Z"]);
        // Previous and next pages, and the current page marked.
        let previous = attrs(html, "nav a[rel=prev]", "href");
        let expected_previous = match number {
            0 => vec![],
            1 => vec!["/search/articles/".to_string()],
            _ => vec![format!("/search/articles/page/{number}/")],
        };
        assert_eq!(previous, expected_previous, "{href}");
        assert_eq!(
            attrs(html, "nav.pagination a[aria-current=page]", "href"),
            [href.as_str()]
        );
        // The letters link to where their entries start, on whichever page;
        // letters without entries are no links.
        let letters = Selector::parse("nav.letters-nav li").unwrap();
        let mut linked = Vec::new();
        let mut plain = Vec::new();
        for li in html.select(&letters) {
            let text: String = li.text().collect();
            match li.select(&Selector::parse("a").unwrap()).next() {
                Some(a) => linked.push((text, a.value().attr("href").unwrap().to_string())),
                None => plain.push(text),
            }
        }
        assert_eq!(plain, ["Q", "X", "Y"], "{href}");
        assert_eq!(
            linked.len(),
            24,
            "A to Z but Q, X and Y, then Other: {linked:?}"
        );
        for (letter, link) in &linked {
            let (file, anchor) = target(link, "");
            let page = site.html(&file);
            let id = anchor.unwrap();
            let start = page
                .select(&Selector::parse(&format!("h2[id='{id}']")).unwrap())
                .next()
                .unwrap_or_else(|| panic!("{link}: no heading"));
            assert_eq!(start.text().collect::<String>(), *letter);
            // The first entry after the heading is the first of its letter.
            let list = start
                .next_siblings()
                .filter_map(ElementRef::wrap)
                .next()
                .unwrap();
            let first: String = list
                .select(&Selector::parse("a").unwrap())
                .next()
                .unwrap()
                .text()
                .collect();
            let first_of_letter = titles
                .iter()
                .find(|t| {
                    let c = t
                        .to_uppercase()
                        .replace('É', "E")
                        .chars()
                        .find(|c| c.is_alphanumeric())
                        .unwrap();
                    if letter == "Other" {
                        !c.is_ascii_alphabetic()
                    } else {
                        c.to_string() == *letter
                    }
                })
                .unwrap();
            assert_eq!(&first, first_of_letter, "{link}");
        }
        // S runs from the first page over the next two, whose S heading
        // says so.
        if number > 0 {
            assert_eq!(
                html.select(&heading)
                    .next()
                    .map(|h| h.text().collect::<String>()),
                Some("S (continued)".to_string()),
                "{href}"
            );
        }
    }
    assert!(attrs(&pages[2].1, "nav a[rel=next]", "href").is_empty());
    // A list whose group fits on a page is not split.
    assert!(!site.public("search/questions/page").exists());
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
    let groups = attrs(&html, "main .browse-groups a", "href");
    assert_eq!(groups.len(), 5);
    assert_links_resolve(&site, &html, "/help");
    for group in groups {
        for (_, page, entries) in follow_list(&site, &group, "/help") {
            assert_links_resolve(&site, &page, "/help");
            assert!(entries.iter().all(|e| e.href.starts_with("/help/")));
            assert_eq!(
                attrs(&page, "nav.breadcrumbs a", "href"),
                ["/help/", "/help/search/"]
            );
        }
    }
    let table = index_text(&site);
    assert!(
        table.contains("\"/help/articles/consent-basics/\""),
        "{table}"
    );
}

#[test]
fn a_theme_without_the_search_template_builds_without_search() {
    let site = SiteTest::from_fixture("search");
    theme_without(&site, "search.html");
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
    // Consent: the topic's page, with the article tagged with it, and the
    // directory's page of the three therapists who list it among their
    // specialties; not Cai Tran, who does not.
    assert_eq!(
        texts(&page, "#topic-consent"),
        ["Consent (1 page) The 3 therapists who work with it"]
    );
    let links = attrs(&page, "#topic-consent a", "href");
    assert_eq!(
        links,
        ["/topics/consent/", "/therapists/specialty/consent/"]
    );
    assert_eq!(
        texts(&site.html("topics/consent/index.html"), "main h2 a"),
        ["Talking about consent"]
    );
    let mut therapists = texts(
        &site.html("therapists/specialty/consent/index.html"),
        "main h3 a",
    );
    therapists.sort();
    assert_eq!(therapists, ["Ana Ortiz", "Ben Cole", "Dee Park"]);
    // And every therapist is in the A–Z list of therapists.
    let listed: Vec<String> = follow_list(&site, "/search/therapists/", "")
        .into_iter()
        .flat_map(|(_, _, entries)| entries.into_iter().map(|e| e.title))
        .collect();
    assert_eq!(listed, ["Ana Ortiz", "Ben Cole", "Cai Tran", "Dee Park"]);
}

#[test]
fn each_language_has_its_own_lists_in_its_own_words() {
    let site = SiteTest::from_fixture("i18n");
    site.build(&[]).assert_success();
    let search = site.html("es/search/index.html");
    let groups = attrs(&search, "main .browse-groups a", "href");
    assert!(
        groups.contains(&"/help/es/search/articles/".to_string()),
        "{groups:?}"
    );
    assert_links_resolve(&site, &search, "/help");
    let list = site.html("es/search/articles/index.html");
    assert_eq!(texts(&list, "h1"), ["Artículos, de la A a la Z"]);
    assert_eq!(attrs(&list, "html", "lang"), ["es"]);
    assert_eq!(
        attrs(&list, "nav.breadcrumbs a", "href"),
        ["/help/es/", "/help/es/search/"]
    );
    assert_eq!(texts(&list, "nav.breadcrumbs a"), ["Inicio", "Buscar"]);
    let titles: Vec<String> = follow_list(&site, "/help/es/search/articles/", "/help")
        .into_iter()
        .flat_map(|(_, _, entries)| entries.into_iter().map(|e| e.title))
        .collect();
    assert!(
        titles.contains(&"Hablar del consentimiento".to_string()),
        "{titles:?}"
    );
    assert!(
        !titles.contains(&"Talking about consent".to_string()),
        "{titles:?}"
    );
    // The English list is the English site's.
    let english = site.html("search/articles/index.html");
    assert_eq!(texts(&english, "h1"), ["Articles, A to Z"]);
}

/// A copy of the default theme as `themes/plain`, without `left_out`,
/// used by the site.
fn theme_without(site: &SiteTest, left_out: &str) {
    let theme = site.root().join("themes/plain");
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&default) {
        let entry = entry.unwrap();
        let target = theme.join(entry.path().strip_prefix(&default).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_name() != left_out {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let config = std::fs::read_to_string(site.root().join("candor.yaml")).unwrap();
    site.write("candor.yaml", &format!("{config}theme: plain\n"));
}

#[test]
fn a_theme_without_the_lists_template_lists_everything_on_the_search_page() {
    let site = SiteTest::from_fixture("search");
    theme_without(&site, "search-list.html");
    // With today's search page, then with one written before the lists had
    // pages of their own.
    let old = std::fs::read_to_string(site.root().join("old-theme/search.html")).unwrap();
    for search in [None, Some(old)] {
        if let Some(text) = &search {
            site.write("themes/plain/templates/search.html", text);
        }
        site.build(&[]).assert_success();
        assert!(site.public("search/data/meta.gz").is_file());
        assert!(!site.public("search/articles").exists());
        let html = site.html("search/index.html");
        // The search page lists every entry itself, and links to no list
        // page.
        let links = attrs(&html, "main .az-list a", "href");
        for href in [
            "/articles/consent-basics/",
            "/articles/what-sex-therapy-is/",
            "/faq/costs/#can-i-pay-later",
            "/about/",
        ] {
            assert!(links.contains(&href.to_string()), "{href}: {links:?}");
        }
        assert_links_resolve(&site, &html, "");
    }
}

#[test]
fn an_alias_cannot_replace_a_list_page() {
    let site = SiteTest::from_fixture("search");
    site.write(
        "content/articles/moved.md",
        "---\ntitle: \"Moved\"\ndate: 2026-01-10\naliases: [\"/search/articles/\"]\n---\n\nText.\n",
    );
    site.build(&[]).assert_failure().assert_stderr_has(
        "the alias `/search/articles/` would replace the page at `/search/articles/`",
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

//! What a successful build produces.

use std::collections::HashSet;

use crate::support::{attrs, texts, SiteTest};

fn built() -> SiteTest {
    let site = SiteTest::from_fixture("basic");
    site.build(&[]).assert_success();
    site
}

#[test]
fn pages_get_pretty_urls() {
    let site = built();
    for page in [
        "index.html",
        "articles/index.html",
        "articles/first/index.html",
        "articles/second/index.html",
        "articles/bundle/index.html",
        "faq/basics/index.html",
        "about/index.html",
        "404.html",
    ] {
        assert!(site.public(page).is_file(), "{page} was not written");
    }
    let html = site.html("articles/first/index.html");
    assert_eq!(texts(&html, "h1"), ["First article"]);
    assert_eq!(attrs(&html, "html", "lang"), ["en"]);
}

#[test]
fn relative_markdown_links_become_final_urls() {
    let site = built();
    let html = site.html("articles/first/index.html");
    let hrefs = attrs(&html, "main a", "href");
    assert!(
        hrefs.contains(&"/faq/basics/#how-much-does-it-cost".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"/articles/second/#details".to_string()),
        "{hrefs:?}"
    );
    // Links in front-matter FAQ answers and in section bodies resolve too.
    let faq = site.html("faq/basics/index.html");
    assert!(attrs(&faq, "details a", "href").contains(&"/articles/first/".to_string()));
    let home = site.html("index.html");
    assert!(attrs(&home, "main a", "href").contains(&"/articles/first/".to_string()));
}

#[test]
fn base_url_with_a_path_prefixes_every_internal_link() {
    let site = SiteTest::from_fixture("basic");
    site.build(&["--base-url", "https://example.org/help/"])
        .assert_success();
    let html = site.html("articles/first/index.html");
    let hrefs = attrs(&html, "main a", "href");
    assert!(
        hrefs.contains(&"/help/articles/second/#details".to_string()),
        "{hrefs:?}"
    );
    assert_eq!(
        attrs(&html, "link[rel=canonical]", "href"),
        ["https://example.org/help/articles/first/"]
    );
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://example.org/help/articles/first/</loc>"));
}

#[test]
fn heading_ids_are_unique_and_listed_in_the_toc() {
    let site = built();
    let html = site.html("articles/first/index.html");
    let ids = attrs(&html, "main h2[id], main h3[id]", "id");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    assert!(
        ids.contains(&"cost".to_string()) && ids.contains(&"cost-1".to_string()),
        "{ids:?}"
    );
    let toc = attrs(&html, "nav.toc a", "href");
    assert_eq!(toc, ["#cost", "#cost-1", "#whats-next", "#where-to-start"]);
}

#[test]
fn faq_questions_become_details_with_json_ld() {
    let site = built();
    let html = site.html("faq/basics/index.html");
    let questions = texts(&html, "main details > summary");
    assert_eq!(
        questions,
        [
            "How much does it cost?",
            "Is it private?",
            "Can I bring a partner?"
        ]
    );
    assert_eq!(attrs(&html, "details", "id")[0], "how-much-does-it-cost");
    let json = texts(&html, "script[type='application/ld+json']");
    let value: serde_json::Value = serde_json::from_str(&json[0]).unwrap();
    assert_eq!(value["@type"], "FAQPage");
    assert_eq!(value["mainEntity"].as_array().unwrap().len(), 3);
}

#[test]
fn sitemap_lists_every_page_and_the_feed_lists_articles() {
    let site = built();
    let sitemap = site.read("sitemap.xml");
    let snapshot = site.output_snapshot();
    for path in snapshot.keys() {
        let path = path.to_string_lossy().replace('\\', "/");
        if !path.ends_with("index.html") || path.starts_with("old-first/") {
            continue;
        }
        let url = format!(
            "https://example.org/{}",
            path.trim_end_matches("index.html")
        );
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "{url} missing from sitemap"
        );
    }
    assert!(!sitemap.contains("old-first"), "redirects are not pages");

    let feed = site.read("atom.xml");
    let first = feed.find("https://example.org/articles/first/").unwrap();
    let second = feed.find("https://example.org/articles/second/").unwrap();
    assert!(first < second, "newest entry first");
    assert!(!feed.contains("unfinished"), "drafts stay out of the feed");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = built();
    assert!(!site.public("articles/secret/index.html").exists());
    assert!(!site
        .read("articles/index.html")
        .contains("Unfinished draft"));
    site.build(&["--drafts"]).assert_success();
    assert!(site.public("articles/secret/index.html").is_file());
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = built();
    let html = site.html("old-first/index.html");
    assert_eq!(
        attrs(&html, "link[rel=canonical]", "href"),
        ["https://example.org/articles/first/"]
    );
    assert_eq!(
        attrs(&html, "meta[http-equiv=refresh]", "content"),
        ["0; url=/articles/first/"]
    );
}

#[test]
fn taxonomy_pages_list_their_articles() {
    let site = built();
    let topics = site.html("topics/index.html");
    assert_eq!(
        texts(&topics, "main li a"),
        ["Consent", "Intimacy and connection"]
    );
    let consent = site.html("topics/consent/index.html");
    assert_eq!(
        texts(&consent, "main .page-list-title a"),
        ["First article", "Second article"]
    );
    // Free tags get slugs for URLs and keep their written form as a title.
    let tag = site.html("tags/getting-started/index.html");
    assert_eq!(texts(&tag, "h1"), ["Getting Started"]);
}

#[test]
fn sections_paginate_newest_first() {
    let site = built();
    let first = site.html("articles/index.html");
    assert_eq!(
        texts(&first, "main .page-list-title a"),
        ["First article", "Second article"]
    );
    assert_eq!(attrs(&first, "a[rel=next]", "href"), ["/articles/page/2/"]);
    let second = site.html("articles/page/2/index.html");
    assert_eq!(
        texts(&second, "main .page-list-title a"),
        ["Bundled article", "Third article"]
    );
}

#[test]
fn images_and_static_files_are_copied() {
    let site = built();
    assert!(
        site.public("articles/bundle/photo.svg").is_file(),
        "bundle image beside its page"
    );
    assert!(
        site.public("articles/chair.svg").is_file(),
        "loose image at its own path"
    );
    assert_eq!(site.read("files/handout.txt"), "A handout\n");
    // Stylesheets and scripts under a name that changes with their bytes;
    // the original name is not published.
    let style = site.published("style.css");
    assert!(
        !site.public("style.css").exists(),
        "style.css published as is"
    );
    assert!(site.public("favicon.svg").is_file(), "theme static files");
    let html = site.html("articles/first/index.html");
    assert!(attrs(&html, "link[rel=stylesheet]", "href").contains(&format!("/{style}")));
    assert_eq!(
        attrs(&html, "main img", "src"),
        ["/articles/chair.svg", "/articles/divider.svg"]
    );
    // `![""](…)` marks an image decorative: an empty alt on purpose.
    assert_eq!(attrs(&html, "main img", "alt"), ["A plain chair", ""]);
}

#[test]
fn code_is_highlighted_with_classes_and_a_stylesheet() {
    let site = built();
    let html = site.read("articles/first/index.html");
    assert!(html.contains("class=\"hl-"), "no highlight classes");
    assert!(!html.contains("style="), "inline styles break a strict CSP");
    let stylesheet = site.published("highlight.css");
    assert!(site.read(&stylesheet).contains(".hl-"));
    // Only pages with code load the highlighting stylesheet.
    let href = format!("/{stylesheet}");
    let with_code = site.html("articles/first/index.html");
    assert!(attrs(&with_code, "link[rel=stylesheet]", "href").contains(&href));
    let without = site.html("articles/second/index.html");
    assert!(!attrs(&without, "link[rel=stylesheet]", "href").contains(&href));
}

#[test]
fn site_templates_override_the_theme() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Custom: {{ page.title }}</h1>{% endblock content %}",
    );
    site.build(&[]).assert_success();
    assert_eq!(
        texts(&site.html("about/index.html"), "h1"),
        ["Custom: About"]
    );
}

#[test]
fn rebuilding_removes_files_from_earlier_builds() {
    let site = built();
    assert!(site.public("about/index.html").is_file());
    site.remove("content/about.md");
    site.build(&[]).assert_success();
    assert!(!site.public("about/index.html").exists());
}

/// Each output file's inode: a file written again gets a new one.
fn inodes(site: &SiteTest) -> std::collections::BTreeMap<std::path::PathBuf, u64> {
    use std::os::unix::fs::MetadataExt;
    site.output_files(|path| std::fs::metadata(path).unwrap().ino())
}

/// The diagnostics a run printed, without its closing line.
fn diagnostics(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| !l.starts_with("built ") && !l.contains(" is up to date: "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_unchanged_site_keeps_its_output_and_still_reports_its_warnings() {
    let site = SiteTest::from_fixture("basic");
    // Synonyms long enough to be warned about.
    let groups: String = (0..1500)
        .map(|i| format!("  - [word{i} one, word{i} two]\n"))
        .collect();
    site.write("search/synonyms.yaml", &format!("en:\n{groups}"));
    site.settle();
    let first = site.build(&[]);
    first
        .assert_success()
        .assert_stderr_has("built ")
        .assert_stderr_has("search/heavy-synonyms");
    let before = site.output_snapshot();
    let files = inodes(&site);

    let second = site.build(&[]);
    second
        .assert_success()
        .assert_stderr_has(" is up to date: nothing changed since it was built");
    assert_eq!(diagnostics(&second.stderr), diagnostics(&first.stderr));
    assert_eq!(site.output_snapshot(), before);
    assert_eq!(inodes(&site), files, "files were written again");
}

#[test]
fn an_edit_a_new_option_or_a_touched_output_builds_again() {
    let site = SiteTest::from_fixture("basic");
    site.settle();
    site.build(&[]).assert_success();

    // An edit, even of the same length.
    let first = std::fs::read_to_string(site.root().join("content/articles/first.md")).unwrap();
    site.write(
        "content/articles/first.md",
        &first.replacen("First article", "Fyrst article", 1),
    );
    site.build(&[]).assert_success().assert_stderr_has("built ");
    assert_eq!(
        texts(&site.html("articles/first/index.html"), "h1"),
        ["Fyrst article"]
    );

    site.settle();
    site.build(&[]).assert_success().assert_stderr_has("built ");
    site.build(&[])
        .assert_success()
        .assert_stderr_has(" is up to date");
    // Another option: drafts are published.
    assert!(!site.public("articles/secret/index.html").exists());
    site.build(&["--drafts"])
        .assert_success()
        .assert_stderr_has("built ");
    assert!(site.public("articles/secret/index.html").is_file());
    site.build(&[]).assert_success().assert_stderr_has("built ");
    assert!(!site.public("articles/secret/index.html").exists());

    // The output changed by hand: a page edited, a file added, a file
    // taken away. Each is put right.
    let page = site.public("about/index.html");
    let about = std::fs::read(&page).unwrap();
    std::fs::write(&page, b"defaced").unwrap();
    site.build(&[]).assert_success().assert_stderr_has("built ");
    assert_eq!(std::fs::read(&page).unwrap(), about);
    std::fs::write(site.public("stray.html"), "x").unwrap();
    site.build(&[]).assert_success().assert_stderr_has("built ");
    assert!(!site.public("stray.html").exists());
    std::fs::remove_file(&page).unwrap();
    site.build(&[]).assert_success().assert_stderr_has("built ");
    assert_eq!(std::fs::read(&page).unwrap(), about);
}

#[test]
fn the_previous_output_is_deleted_after_the_build_is_done() {
    let site = built();
    site.build(&[]).assert_success().assert_stderr_has("built ");
    // A process of its own deletes it: wait for that, up to a limit.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let left: Vec<String> = std::fs::read_dir(site.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".candor-old-") || n.contains(".candor-new-"))
            .collect();
        if left.is_empty() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still there after a minute: {left:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(site.public("index.html").is_file());
}

#[test]
fn bom_and_crlf_files_load() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/windows.md",
        "\u{feff}---\r\ntitle: \"Saved on Windows\"\r\n---\r\n\r\n## Part one\r\n\r\nText.\r\n",
    );
    site.build(&[]).assert_success();
    let html = site.html("windows/index.html");
    assert_eq!(texts(&html, "h1"), ["Saved on Windows"]);
    assert_eq!(attrs(&html, "main h2", "id"), ["part-one"]);
}

#[test]
fn headers_file_carries_a_strict_policy() {
    let site = built();
    let headers = site.read("_headers");
    assert!(headers.starts_with("/*\n"), "{headers}");
    for expected in [
        "Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        "Referrer-Policy: no-referrer",
        "X-Content-Type-Options: nosniff",
        "Permissions-Policy: camera=(), microphone=(), geolocation=()",
    ] {
        assert!(headers.contains(expected), "missing {expected:?} in {headers}");
    }
}

#[test]
fn stylesheets_get_a_new_name_when_they_change_and_hosts_may_keep_them() {
    let site = built();
    let before = site.published("style.css");
    let headers = site.read("_headers");
    // The fingerprinted files may be kept for a year; pages are checked on
    // every visit.
    for path in [
        format!("/{before}"),
        format!("/{}", site.published("candor.js")),
    ] {
        assert!(
            headers.contains(&format!(
                "\n{path}\n  Cache-Control: public, max-age=31536000, immutable\n"
            )),
            "{path} in {headers}"
        );
    }
    for path in ["/", "/404.html", "/articles/", "/articles/*"] {
        assert!(
            headers.contains(&format!("\n{path}\n  Cache-Control: no-cache\n")),
            "{path} in {headers}"
        );
    }
    assert_eq!(
        headers.matches("Cache-Control").count(),
        headers.matches("\n/").count()
    );

    // A site's own stylesheet: a new name, referenced by every page; the
    // old one is gone.
    site.write("static/style.css", "body { color: #111; }\n");
    site.build(&[]).assert_success();
    let after = site.published("style.css");
    assert_ne!(before, after);
    assert!(!site.public(&before).exists());
    assert_eq!(site.read(&after), "body { color: #111; }\n");
    let html = site.html("index.html");
    assert_eq!(
        attrs(&html, "link[rel=stylesheet]", "href"),
        [format!("/{after}")]
    );
}

#[test]
fn pages_have_no_inline_code_and_load_nothing_from_elsewhere() {
    let site = built();
    let mut checked = 0;
    for (path, bytes) in site.output_snapshot() {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        let where_ = path.display();
        assert!(
            attrs(&html, "[style]", "style").is_empty(),
            "{where_}: style attribute"
        );
        assert!(texts(&html, "style").is_empty(), "{where_}: style element");
        for script in html.select(&scraper::Selector::parse("script").unwrap()) {
            let is_data = script.value().attr("type") == Some("application/ld+json");
            let src = script.value().attr("src");
            assert!(is_data || src.is_some(), "{where_}: inline script");
            if let Some(src) = src {
                assert!(src.starts_with('/'), "{where_}: script from {src}");
            }
        }
        for (selector, attr) in [
            ("link[rel=stylesheet]", "href"),
            ("img", "src"),
            ("link[rel=icon]", "href"),
            ("iframe", "src"),
        ] {
            for url in attrs(&html, selector, attr) {
                assert!(
                    url.starts_with('/') || !url.contains(':'),
                    "{where_}: {selector} loads {url}"
                );
            }
        }
        let on_handlers = html
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
            .flat_map(|e| {
                e.value()
                    .attrs()
                    .map(|(name, _)| name.to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|name| name.starts_with("on"))
            .count();
        assert_eq!(on_handlers, 0, "{where_}: inline event handler");
        checked += 1;
    }
    assert!(checked > 10, "only {checked} pages checked");
}

#[test]
fn every_page_offers_quick_exit_and_crisis_help() {
    let site = built();
    for page in [
        "index.html",
        "articles/first/index.html",
        "faq/basics/index.html",
        "404.html",
    ] {
        let html = site.html(page);
        // Tab 1 skips to the content, Tab 2 is the exit, which sits in the
        // bar that stays at the top of the window.
        let skip = attrs(&html, "body > a", "href");
        assert_eq!(skip, ["#main"], "{page}: skip link first");
        let exit = attrs(&html, "body > .exit-bar a", "href");
        assert_eq!(
            exit,
            ["https://www.weather.gov/"],
            "{page}: quick exit second"
        );
        assert_eq!(texts(&html, "a.quick-exit"), ["Exit this page"], "{page}");
        assert!(
            !texts(&html, "aside.crisis-banner").is_empty(),
            "{page}: crisis notice"
        );
    }
}

#[test]
fn articles_show_review_dates_related_articles_and_neighbours() {
    let site = built();
    let html = site.html("articles/first/index.html");
    let review = texts(&html, ".review dd");
    // Reviewed 2026-06-01 with the default interval of 365 days.
    assert_eq!(
        review,
        [
            "June 1, 2026",
            "June 1, 2027",
            "Dr. Example (fictional), PhD"
        ]
    );
    assert_eq!(texts(&html, ".related a"), ["Second article"]);
    assert_eq!(
        attrs(&html, ".pager a[rel=next]", "href"),
        ["/articles/second/"]
    );
    let json = texts(&html, "script[type='application/ld+json']");
    let value: serde_json::Value = serde_json::from_str(&json[0]).unwrap();
    assert_eq!(value["@type"], "MedicalWebPage");
    assert_eq!(value["lastReviewed"], "2026-06-01");
    assert_eq!(value["reviewedBy"]["name"], "Dr. Example (fictional)");
}

#[test]
fn home_features_weighted_articles_first_then_the_newest() {
    let site = built();
    let home = site.html("index.html");
    assert_eq!(
        texts(&home, "main .page-list-title a"),
        [
            "Third article",
            "First article",
            "Second article",
            "Bundled article"
        ]
    );
}

#[test]
fn a_brand_accent_colours_links_in_both_schemes() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.root().join("candor.yaml")).unwrap();
    site.write(
        "candor.yaml",
        &format!("{config}\nbrand:\n  accent: \"#0b6e4f\"\n"),
    );
    site.build(&[]).assert_success();
    let brand = site.published("brand.css");
    let css = site.read(&brand);
    assert!(css.contains("--link: #0b6e4f;"), "{css}");
    // The dark scheme gets a lighter shade of its own.
    let dark = &css[css.find("prefers-color-scheme: dark").expect(&css)..];
    let shade = dark
        .split("--link: ")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    assert_ne!(shade, "#0b6e4f");
    // After the theme's stylesheet, so it wins; on every page.
    for page in ["index.html", "articles/first/index.html", "404.html"] {
        let html = site.html(page);
        assert_eq!(
            attrs(&html, "link[rel=stylesheet]", "href")
                .into_iter()
                .filter(|h| !h.contains("highlight"))
                .collect::<Vec<_>>(),
            [
                format!("/{}", site.published("style.css")),
                format!("/{brand}")
            ],
            "{page}"
        );
    }
}

#[test]
fn a_logo_replaces_the_name_and_carries_it_as_its_text() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.root().join("candor.yaml")).unwrap();
    site.write(
        "candor.yaml",
        &config.replacen("practice:\n", "practice:\n  logo: /images/logo.svg\n", 1),
    );
    site.write(
        "static/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 30\"><rect width=\"120\" height=\"30\"/></svg>\n",
    );
    site.build(&[]).assert_success();
    let html = site.html("articles/first/index.html");
    assert_eq!(attrs(&html, ".site-name img", "src"), ["/images/logo.svg"]);
    assert_eq!(attrs(&html, ".site-name img", "alt"), ["Fixture Practice"]);
    // The name is said once: by the image, not again beside it.
    assert_eq!(texts(&html, ".site-name a"), [""]);
    assert!(site.public("images/logo.svg").is_file());
}

#[test]
fn a_template_names_theme_files_by_asset_and_a_missing_one_is_its_error() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block head %}<script src=\"{{ asset(path=\"/candor.js\") }}\" defer></script>{% endblock head %}\n{% block content %}<h1>{{ page.title }}</h1>{% endblock content %}\n",
    );
    site.build(&[]).assert_success();
    let script = format!("/{}", site.published("candor.js"));
    assert!(attrs(&site.html("about/index.html"), "script", "src").contains(&script));

    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block head %}<script src=\"{{ asset(path=\"/no-such.js\") }}\" defer></script>{% endblock head %}\n{% block content %}<h1>{{ page.title }}</h1>{% endblock content %}\n",
    );
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("--> templates/page.html:2:")
        .assert_stderr_has(
            "`/no-such.js` is not a file of the theme's static/ folder or of the site's",
        );
}

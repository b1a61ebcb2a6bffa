//! The blocks of a psychoeducation page, as a reader and a search engine
//! get them: callouts, key points, glossary definitions in place and cited
//! sources; and what `candor check` says about them.

use scraper::{ElementRef, Html, Selector};

use crate::support::{attrs, candor, texts, Run, SiteTest};

fn built() -> SiteTest {
    let site = SiteTest::from_fixture("blocks");
    site.build(&[]).assert_success();
    site
}

fn select<'a>(html: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector).collect()
}

/// The text of the element with id `id`.
fn text_of(html: &Html, id: &str) -> String {
    texts(html, &format!("[id='{id}']")).join("")
}

fn json_ld(html: &Html) -> serde_json::Value {
    let json = texts(html, "script[type='application/ld+json']");
    assert_eq!(json.len(), 1);
    serde_json::from_str(&json[0]).unwrap()
}

#[test]
fn callouts_are_labelled_notes_in_the_text() {
    let site = built();
    let html = site.html("articles/desire/index.html");
    let callouts = select(&html, ".prose div.callout");
    assert_eq!(callouts.len(), 2);
    let mut names = Vec::new();
    for callout in &callouts {
        assert_eq!(callout.value().attr("role"), Some("note"));
        // The accessible name is the label, which is real text in the box.
        let label = callout.value().attr("aria-labelledby").unwrap();
        names.push(text_of(&html, label));
        let first = callout
            .children()
            .filter_map(ElementRef::wrap)
            .next()
            .unwrap();
        assert_eq!(first.value().attr("id"), Some(label));
    }
    assert_eq!(names, ["Note", "Try this"]);
    let text: String = callouts[1].text().collect();
    assert!(text.contains("Write down three moments"), "{text}");
    let prose = texts(&html, ".prose").join(" ");
    assert!(!prose.contains("[!"), "the marker is not shown: {prose}");
    assert_eq!(
        attrs(&html, ".callout", "class"),
        ["callout callout-note", "callout callout-try"]
    );
}

#[test]
fn key_points_open_the_article_and_are_its_abstract() {
    let site = built();
    let html = site.html("articles/desire/index.html");
    assert_eq!(texts(&html, ".key-points h2"), ["Key points"]);
    let points = texts(&html, ".key-points li");
    assert_eq!(
        points,
        [
            "Desire often follows closeness and touch rather than coming first.",
            "A gap in desire between partners is common and can be worked on."
        ]
    );
    // Before the text, after the title.
    let page = site.read("articles/desire/index.html");
    assert!(page.find("class=\"key-points\"") < page.find("class=\"prose\""));
    assert!(page.find("<h1") < page.find("class=\"key-points\""));
    let data = json_ld(&html);
    assert_eq!(data["@type"], "MedicalWebPage");
    assert_eq!(data["abstract"], points.join(" "));
}

#[test]
fn citations_link_to_numbered_sources_in_apa_and_back() {
    let site = built();
    let html = site.html("articles/desire/index.html");
    let cited: Vec<(String, String, String)> = select(&html, ".prose .citation a")
        .iter()
        .map(|a| {
            (
                a.text().collect(),
                a.value().attr("href").unwrap().to_string(),
                a.value().attr("aria-label").unwrap().to_string(),
            )
        })
        .collect();
    let numbers: Vec<&str> = cited.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "3"], "numbered by first citation");
    assert_eq!(cited[0].2, "Source 1");
    assert!(texts(&html, ".prose .citation")[0].ends_with(", p. 52]"));
    // Every citation leads to its work, and the work back to every
    // citation of it.
    for (n, href, _) in &cited {
        let item = select(&html, &format!(".sources li{href}"));
        assert_eq!(item.len(), 1, "{href}");
        assert_eq!(item[0].value().attr("id"), Some(&href[1..]));
        let _ = n;
    }
    let sources = texts(&html, ".sources li");
    assert_eq!(sources.len(), 3);
    assert!(
        sources[0].starts_with(
            "Basson, R. (2000). The female sexual response: A different model. Journal of Sex & Marital Therapy, 26(1), 51–65. https://doi.org/10.1080/009262300278641"
        ),
        "{}",
        sources[0]
    );
    assert!(sources[1].starts_with(
        "Masters, W. H., & Johnson, V. E. (1970). Human sexual inadequacy. Little, Brown."
    ));
    assert!(sources[2]
        .starts_with("Frühauf, S., Gerger, H., Schmidt, H. M., Munder, T., & Barth, J. (2013)."));
    assert_eq!(
        attrs(
            &html,
            ".sources li:nth-child(1) a[href^='https://doi.org/']",
            "href"
        ),
        ["https://doi.org/10.1080/009262300278641"]
    );
    assert_eq!(
        texts(&html, ".sources li i"),
        [
            "Journal of Sex & Marital Therapy",
            "26",
            "Human sexual inadequacy",
            "Archives of Sexual Behavior",
            "42"
        ]
    );
    let back = attrs(&html, ".sources li:nth-child(3) .source-back", "href");
    assert_eq!(back.len(), 2, "cited twice, two links back");
    for href in &back {
        assert_eq!(select(&html, &format!(".prose {href}")).len(), 1, "{href}");
    }
    let data = json_ld(&html);
    let citations = data["citation"].as_array().unwrap();
    let types: Vec<&str> = citations
        .iter()
        .map(|c| c["@type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["ScholarlyArticle", "Book", "ScholarlyArticle"]);
    assert_eq!(
        citations[0]["name"],
        "The female sexual response: A different model"
    );
    assert_eq!(
        citations[0]["sameAs"][0],
        "https://doi.org/10.1080/009262300278641"
    );
    assert_eq!(citations[1]["author"][1]["name"], "Virginia E. Johnson");
    assert_eq!(
        citations[2]["isPartOf"]["name"],
        "Archives of Sexual Behavior"
    );
}

#[test]
fn a_glossary_link_keeps_its_address_and_shows_the_definition_in_place() {
    let site = built();
    let html = site.html("articles/desire/index.html");
    assert_eq!(
        attrs(
            &html,
            ".prose a[href='/glossary/#vaginismus']:not(.term-more)",
            "href"
        )
        .len(),
        1
    );
    let buttons = select(&html, ".prose button.term-button");
    assert_eq!(buttons.len(), 1);
    let button = buttons[0].value();
    assert_eq!(button.attr("type"), Some("button"));
    assert_eq!(
        button.attr("aria-label"),
        Some("What does \u{201c}Vaginismus\u{201d} mean?")
    );
    let target = button.attr("popovertarget").unwrap();
    let popover = select(&html, &format!("[id='{target}']"));
    assert_eq!(popover.len(), 1);
    assert!(popover[0].value().attr("popover").is_some());
    let text: String = popover[0].text().collect();
    assert!(
        text.starts_with("Vaginismus Muscles around the vagina tighten"),
        "{text}"
    );
    // A link in the definition to another term leads to the glossary.
    assert_eq!(
        attrs(&html, &format!("[id='{target}'] a"), "href"),
        ["/glossary/#arousal", "/glossary/#vaginismus"]
    );
    assert_eq!(
        attrs(
            &html,
            &format!("[id='{target}'] button"),
            "popovertargetaction"
        ),
        ["hide"]
    );
}

#[test]
fn the_glossary_lists_its_terms_a_to_z_as_defined_terms() {
    let site = built();
    let html = site.html("glossary/index.html");
    assert_eq!(
        texts(&html, ".glossary-term h2"),
        ["Arousal", "Body image", "Vaginismus"]
    );
    assert_eq!(
        attrs(&html, ".glossary-term h2", "id"),
        ["arousal", "body-image", "vaginismus"]
    );
    assert_eq!(texts(&html, ".glossary-letters a"), ["A", "B", "V"]);
    assert_eq!(
        attrs(&html, ".glossary-letters a", "href"),
        ["#arousal", "#body-image", "#vaginismus"]
    );
    // The glossary shows its terms in full, not as buttons.
    assert!(select(&html, ".term-button").is_empty());
    let data = json_ld(&html);
    assert_eq!(data["@type"], "DefinedTermSet");
    let terms = data["hasDefinedTerm"].as_array().unwrap();
    assert_eq!(terms.len(), 3);
    assert_eq!(terms[0]["@type"], "DefinedTerm");
    assert_eq!(terms[0]["name"], "Arousal");
    assert_eq!(terms[0]["url"], "https://example.org/glossary/#arousal");
    assert!(terms[2]["description"]
        .as_str()
        .unwrap()
        .starts_with("Muscles around"));
}

#[test]
fn the_bibliography_is_read_not_published_and_no_style_is_inline() {
    let site = built();
    assert!(!site.public("references.bib").exists());
    for page in ["articles/desire/index.html", "glossary/index.html"] {
        let html = site.html(page);
        assert!(
            select(&html, "[style]").is_empty(),
            "{page} has an inline style"
        );
    }
}

/// Whether `stderr` has the diagnostic `heading` (its first line) at
/// `location` (its `-->` line).
fn reported(stderr: &str, heading: &str, location: &str) -> bool {
    let lines: Vec<&str> = stderr.lines().collect();
    lines.windows(2).any(|pair| {
        pair[0] == heading
            && pair[1]
                .trim_start()
                .strip_prefix("--> ")
                .is_some_and(|at| at.starts_with(location))
    })
}

fn check_output(site: &SiteTest) -> String {
    let out = candor()
        .args(["check", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    // Diagnostics go to stderr; the readability table to stdout.
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    )
}

#[test]
fn check_notes_unlinked_terms_and_warns_of_uncited_works() {
    let site = SiteTest::from_fixture("blocks");
    let stderr = check_output(&site);
    assert!(
        reported(&stderr, "note[glossary/unlinked-term]: \"arousal\" is in the glossary, and this first use of it is not linked", "content/articles/desire.md:17:19"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("\"vaginismus\" is in the glossary"),
        "{stderr}"
    );
    assert!(
        reported(
            &stderr,
            "warning[source/uncited]: no page cites `kaplan1974`",
            "content/references.bib:31:7"
        ),
        "{stderr}"
    );
}

#[test]
fn check_warns_about_missing_too_many_and_long_key_points() {
    let site = SiteTest::from_fixture("blocks");
    let long_text = "Partners often notice that they want closeness in different ways. ".repeat(20);
    site.write(
        "content/articles/long.md",
        &format!("---\ntitle: \"A long article\"\ndescription: \"Long\"\ndate: 2026-03-02\nreviewed_by:\n  name: \"Dr. Example (fictional)\"\nlast_reviewed: 2026-04-01\n---\n\n{long_text}\n"),
    );
    site.write(
        "content/articles/many.md",
        "---\ntitle: \"Many points\"\ndescription: \"Many\"\ndate: 2026-03-03\nreviewed_by:\n  name: \"Dr. Example (fictional)\"\nlast_reviewed: 2026-04-01\nkey_points:\n  - \"One.\"\n  - \"Two.\"\n  - \"Three.\"\n  - \"Four.\"\n  - \"Five.\"\n  - \"Six.\"\n  - \"This point goes on. And on.\"\n---\n\nShort.\n",
    );
    let stderr = check_output(&site);
    assert!(
        reported(
            &stderr,
            "warning[key-points/missing]: this article is 200 words long and has no key points",
            "content/articles/long.md:2:1"
        ),
        "{stderr}"
    );
    assert!(
        reported(
            &stderr,
            "warning[key-points/count]: this article has 7 key points",
            "content/articles/many.md:8:1"
        ),
        "{stderr}"
    );
    assert!(
        reported(
            &stderr,
            "warning[key-points/long]: this key point is 6 words and 2 sentences long",
            "content/articles/many.md:15:6"
        ),
        "{stderr}"
    );
}

#[test]
fn term_aliases_must_name_a_term_and_count_as_a_use() {
    let site = SiteTest::from_fixture("blocks");
    let glossary = std::fs::read_to_string(site.root().join("content/glossary.md")).unwrap();
    site.write(
        "content/glossary.md",
        &glossary.replace(
            "  vaginismus: [vaginal spasm]",
            "  vaginismus: [vaginal spasm]\n  arousl: [excitement]",
        ),
    );
    site.write(
        "content/articles/alias.md",
        "---\ntitle: \"Alias\"\ndescription: \"Uses an alias\"\ndate: 2026-03-04\nreviewed_by:\n  name: \"Dr. Example (fictional)\"\nlast_reviewed: 2026-04-01\n---\n\nSome call it a vaginal spasm.\n",
    );
    let run = site.build(&[]);
    run.assert_failure()
        .assert_stderr_has("did you mean `arousal`?");
    assert!(
        reported(
            &run.stderr,
            "error[glossary/unknown-term]: the glossary has no term with the anchor `arousl`",
            "content/glossary.md:7:3"
        ),
        "{}",
        run.stderr
    );
    site.write("content/glossary.md", &glossary);
    let stderr = check_output(&site);
    assert!(
        reported(&stderr, "note[glossary/unlinked-term]: \"vaginal spasm\" is in the glossary, and this first use of it is not linked", "content/articles/alias.md:10:16"),
        "{stderr}"
    );
}

#[test]
fn a_front_matter_answer_cannot_cite() {
    let site = SiteTest::from_fixture("blocks");
    site.write(
        "content/questions.md",
        "---\ntitle: \"Questions\"\nkind: faq\nfaq:\n  - q: \"Is it common?\"\n    a: \"Yes [@basson2000].\"\n---\n",
    );
    site.build(&[])
        .assert_failure()
        .assert_stderr_has(
            "error[content/answer-block]: the answer to \"Is it common?\" has a citation",
        )
        .assert_stderr_has("--> content/questions.md:6:");
}

#[test]
fn definitions_in_several_answers_of_one_page_have_their_own_ids() {
    let site = SiteTest::from_fixture("blocks");
    site.write(
        "content/questions.md",
        "---\ntitle: \"Questions\"\nkind: faq\nfaq:\n  - q: \"What is it?\"\n    a: \"It is [vaginismus](glossary.md#vaginismus).\"\n  - q: \"Can it be treated?\"\n    a: \"Yes, [vaginismus](glossary.md#vaginismus) can be treated.\"\n---\n\nIntro with [arousal](glossary.md#arousal).\n",
    );
    site.build(&[]).assert_success();
    let html = site.html("questions/index.html");
    let targets = attrs(&html, "button.term-button", "popovertarget");
    assert_eq!(targets.len(), 3, "{targets:?}");
    let mut unique = targets.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3, "ids repeat: {targets:?}");
    for id in &targets {
        assert_eq!(
            select(&html, &format!("[id='{id}'][popover]")).len(),
            1,
            "{id}"
        );
    }
}

#[test]
fn a_reference_address_that_is_no_web_address_is_no_link() {
    let site = SiteTest::from_fixture("blocks");
    let bib = std::fs::read_to_string(site.root().join("content/references.bib")).unwrap();
    site.write(
        "content/references.bib",
        &format!("{bib}\n@online{{trick,\n  title = {{A page}},\n  year = {{2020}},\n  url = {{javascript:alert(1)}},\n}}\n"),
    );
    let article = std::fs::read_to_string(site.root().join("content/articles/desire.md")).unwrap();
    site.write(
        "content/articles/desire.md",
        &article.replace(
            "They also help with desire [@fruhauf2013].",
            "They also help with desire [@fruhauf2013; @trick].",
        ),
    );
    site.build(&[]).assert_success();
    let html = site.html("articles/desire/index.html");
    assert_eq!(
        texts(&html, ".sources li i")[5],
        "A page",
        "the work is listed"
    );
    for href in attrs(&html, "a", "href") {
        assert!(
            !href.to_ascii_lowercase().starts_with("javascript:"),
            "{href}"
        );
    }
}

/// Builds `site` with `style:` under a `sources:` added at the end of its
/// `candor.yaml`, expecting the build to fail with an error at that line.
fn build_failing_at_style(site: &SiteTest, style: &str) -> Run {
    let config = std::fs::read_to_string(site.root().join("candor.yaml")).unwrap();
    site.write(
        "candor.yaml",
        &format!("{config}sources:\n  style: {style}\n"),
    );
    let run = site.build(&[]);
    run.assert_failure();
    let line = config.lines().count() + 2;
    assert!(
        run.stderr.contains(&format!("--> candor.yaml:{line}:")),
        "{}",
        run.stderr
    );
    run
}

#[test]
fn an_unknown_citation_style_is_an_error_at_its_line() {
    let site = SiteTest::from_fixture("blocks");
    build_failing_at_style(&site, "chicago-autor-date")
        .assert_stderr_has(
            "error[source/style]: candor knows no citation style `chicago-autor-date`",
        )
        .assert_stderr_has("did you mean `chicago-author-date`?");
}

/// A style that has no bibliography layout (some note styles) would list
/// no source and leave every citation as written: an error at `style:`.
#[test]
fn a_citation_style_without_a_bibliography_is_an_error_at_its_line() {
    let site = SiteTest::from_fixture("blocks");
    site.write(
        "notes-only.csl",
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info>
    <title>Notes only</title>
    <id>http://example.org/styles/notes-only</id>
    <updated>2024-01-01T00:00:00+00:00</updated>
  </info>
  <citation><layout><text variable="title"/></layout></citation>
</style>
"#,
    );
    build_failing_at_style(&site, "notes-only.csl")
        .assert_stderr_has("error[source/style]: the style `notes-only.csl` has no bibliography")
        .assert_stderr_has("`<bibliography>`");
}

/// A term whose first letter is not ASCII is found where the page uses it
/// capitalised, as ASCII ones are.
#[test]
fn check_finds_a_capitalised_term_that_starts_with_an_accent() {
    let site = SiteTest::from_fixture("blocks");
    let glossary = std::fs::read_to_string(site.root().join("content/glossary.md")).unwrap();
    site.write(
        "content/glossary.md",
        &format!("{glossary}\n## Émotion\n\nWhat one feels, named.\n"),
    );
    site.write(
        "content/articles/feelings.md",
        "---\ntitle: \"Feelings\"\ndescription: \"Feelings\"\ndate: 2026-03-02\nreviewed_by:\n  name: \"Dr. Example (fictional)\"\nlast_reviewed: 2026-04-01\n---\n\nÉmotion comes first.\n",
    );
    let stderr = check_output(&site);
    assert!(
        reported(
            &stderr,
            "note[glossary/unlinked-term]: \"Émotion\" is in the glossary, and this first use of it is not linked",
            "content/articles/feelings.md:10:1"
        ),
        "{stderr}"
    );
}

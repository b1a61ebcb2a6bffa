//! Sites in several languages: addresses per language, the links between
//! translations, what a reader gets where a translation is missing, text
//! direction, and what `candor check` says about missing translations.
//!
//! The `i18n` fixture is in English (the default), Spanish and Arabic and
//! is published under `/help/`. `consent.md` is translated into both;
//! `desire.md` into Spanish under another file name (`deseo.es.md`, tied by
//! `translation_key`); `closeness.md` and the therapist profiles are not
//! translated at all.

use std::collections::BTreeSet;

use scraper::Html;

use crate::support::{attrs, candor, fixture, texts, SiteTest};

const SITE: &str = "https://example.org/help";

fn built() -> SiteTest {
    let site = SiteTest::from_fixture("i18n");
    site.build(&[]).assert_success();
    site
}

/// The page's `<link rel="alternate" hreflang>` set, as (hreflang, href).
fn hreflangs(html: &Html) -> BTreeSet<(String, String)> {
    let selector = scraper::Selector::parse("head link[rel=alternate][hreflang]").unwrap();
    html.select(&selector)
        .map(|e| {
            (
                e.value().attr("hreflang").unwrap().to_string(),
                e.value().attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

fn set(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), format!("{SITE}{b}")))
        .collect()
}

#[test]
fn each_language_lives_under_its_prefix_with_its_own_slugs() {
    let site = built();
    for (file, lang, dir) in [
        ("index.html", "en", "ltr"),
        ("articles/consent/index.html", "en", "ltr"),
        ("es/index.html", "es", "ltr"),
        ("es/articles/consentimiento/index.html", "es", "ltr"),
        ("es/articles/deseo/index.html", "es", "ltr"),
        ("ar/index.html", "ar", "rtl"),
        ("ar/articles/consent/index.html", "ar", "rtl"),
    ] {
        let html = site.html(file);
        assert_eq!(attrs(&html, "html", "lang"), [lang], "{file}");
        assert_eq!(attrs(&html, "html", "dir"), [dir], "{file}");
    }
    // The Spanish site's title and menu come from the config's `es` texts.
    let home = site.html("es/index.html");
    assert!(texts(&home, "header").join(" ").contains("Puerta Abierta"));
    assert!(attrs(&home, "nav a", "href").contains(&"/help/es/articles/".to_string()));
    // No page of one language is written into another's folder.
    assert!(!site.public("es/articles/consent/index.html").exists());
    assert!(!site.public("articles/consentimiento/index.html").exists());
    assert!(!site.public("articles/deseo/index.html").exists());
    // The theme's files exist once, at the root, and every language uses
    // them from there.
    let style = site.published("style.css");
    assert!(!site.public(&format!("es/{style}")).exists());
    assert!(attrs(&home, "link[rel=stylesheet]", "href").contains(&format!("/help/{style}")));
}

#[test]
fn every_page_lists_its_translations_with_hreflang_and_x_default() {
    let site = built();
    let consent = set(&[
        ("en", "/articles/consent/"),
        ("es", "/es/articles/consentimiento/"),
        ("ar", "/ar/articles/consent/"),
        ("x-default", "/articles/consent/"),
    ]);
    for file in [
        "articles/consent/index.html",
        "es/articles/consentimiento/index.html",
        "ar/articles/consent/index.html",
    ] {
        assert_eq!(hreflangs(&site.html(file)), consent, "{file}");
    }
    // Tied by translation_key, not by file name.
    let desire = set(&[
        ("en", "/articles/desire/"),
        ("es", "/es/articles/deseo/"),
        ("x-default", "/articles/desire/"),
    ]);
    assert_eq!(hreflangs(&site.html("articles/desire/index.html")), desire);
    assert_eq!(
        hreflangs(&site.html("es/articles/deseo/index.html")),
        desire
    );
    // A page in one language only claims no translation.
    assert_eq!(
        hreflangs(&site.html("articles/closeness/index.html")),
        set(&[
            ("en", "/articles/closeness/"),
            ("x-default", "/articles/closeness/")
        ])
    );
    // Pages made from site data exist in every language.
    assert_eq!(
        hreflangs(&site.html("es/topics/consent/index.html")),
        set(&[
            ("en", "/topics/consent/"),
            ("es", "/es/topics/consent/"),
            ("ar", "/ar/topics/consent/"),
            ("x-default", "/topics/consent/"),
        ])
    );
}

#[test]
fn the_language_switcher_works_without_javascript() {
    let site = built();
    let page = site.html("articles/consent/index.html");
    let switcher = "nav.language-switcher a";
    let hrefs = attrs(&page, switcher, "href");
    assert!(
        hrefs.contains(&"/help/es/articles/consentimiento/".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"/help/ar/articles/consent/".to_string()),
        "{hrefs:?}"
    );
    let langs = attrs(&page, switcher, "lang");
    assert!(langs.contains(&"es".to_string()) && langs.contains(&"ar".to_string()));
    let names = texts(&page, switcher).join(" ");
    assert!(
        names.contains("Español") && names.contains("العربية"),
        "{names}"
    );

    // Where the page has no translation, the switcher leads to that
    // language's home page and says so in that language.
    let closeness = site.html("articles/closeness/index.html");
    let hrefs = attrs(&closeness, switcher, "href");
    assert!(hrefs.contains(&"/help/es/".to_string()), "{hrefs:?}");
    assert!(!hrefs.iter().any(|h| h.contains("closeness")), "{hrefs:?}");

    // A later page of a list leads to that list in the other language,
    // which may be shorter: linked, but announced as no translation.
    let second = site.html("articles/page/2/index.html");
    let hrefs = attrs(&second, switcher, "href");
    assert!(
        hrefs.contains(&"/help/es/articles/".to_string()),
        "{hrefs:?}"
    );
    assert!(!texts(&second, switcher).join(" ").contains("inicio"));
    assert_eq!(
        hreflangs(&second),
        set(&[
            ("en", "/articles/page/2/"),
            ("x-default", "/articles/page/2/")
        ])
    );
}

#[test]
fn a_missing_translation_links_the_default_language_with_a_note() {
    let site = built();
    // Links written to an untranslated page go to the English one.
    let consent = site.html("es/articles/consentimiento/index.html");
    let links = attrs(&consent, "main a", "href");
    assert!(
        links.contains(&"/help/articles/closeness/".to_string()),
        "{links:?}"
    );
    // ...and to a translated one, to the translation, anchor included.
    assert!(
        links.contains(&"/help/es/articles/deseo/#que-es-el-deseo".to_string()),
        "{links:?}"
    );

    // The Spanish section lists its own pages, then the untranslated ones
    // apart, in English, marked as English.
    let section = site.html("es/articles/index.html");
    let own = attrs(&section, "main a[href*='/es/articles/']", "href");
    assert!(
        own.contains(&"/help/es/articles/consentimiento/".to_string()),
        "{own:?}"
    );
    let untranslated = scraper::Selector::parse("main a[hreflang=en]").unwrap();
    let fallback: Vec<(String, String, String)> = section
        .select(&untranslated)
        .map(|a| {
            (
                a.value().attr("href").unwrap().to_string(),
                a.value().attr("lang").unwrap_or_default().to_string(),
                a.text().collect::<String>(),
            )
        })
        .collect();
    assert_eq!(
        fallback,
        [(
            "/help/articles/closeness/".to_string(),
            "en".to_string(),
            "Closeness".to_string()
        )]
    );

    // A profile not yet translated is in the Spanish directory, in Spanish
    // around it, with its own text marked as English.
    let profile = site.read("es/therapists/ana-ortiz/index.html");
    assert!(profile.contains(r#"lang="en""#), "{profile}");
    assert!(
        attrs(&site.html("es/therapists/index.html"), "main a", "href")
            .contains(&"/help/es/therapists/ana-ortiz/".to_string())
    );
}

#[test]
fn sitemaps_feeds_and_search_are_per_language() {
    let site = built();
    let spanish = site.read("es/sitemap.xml");
    assert!(spanish.contains(&format!("{SITE}/es/articles/consentimiento/")));
    assert!(!spanish.contains(&format!("{SITE}/articles/consent/<")));
    let english = site.read("sitemap.xml");
    assert!(!english.contains("/es/"), "{english}");
    let robots = site.read("robots.txt");
    for lang in ["", "es/", "ar/"] {
        assert!(
            robots.contains(&format!("Sitemap: {SITE}/{lang}sitemap.xml")),
            "{robots}"
        );
    }
    let feed = site.read("es/atom.xml");
    assert!(feed.contains("Hablar del consentimiento"), "{feed}");
    assert!(!feed.contains("Talking about consent"), "{feed}");
    // Each language searches its own index, with the shared script.
    let search = site.html("es/search/index.html");
    let script = site.published("search.js");
    assert!(attrs(&search, "script", "src").contains(&format!("/help/{script}")));
}

#[test]
fn the_intake_form_is_in_every_language_from_one_schema() {
    let site = built();
    let spanish = site.html("es/find-a-therapist/index.html");
    assert_eq!(
        attrs(&spanish, "form[method=post]", "action"),
        ["/help/es/api/intake"]
    );
    let text = texts(&spanish, "main").join(" ");
    assert!(text.contains("¿En qué estado vives?"), "{text}");
    assert!(text.contains("Solo yo"), "{text}");
    // A text with no Spanish falls back to the default language's.
    assert!(text.contains("Who is looking for therapy?"), "{text}");
    // The schema names no send button: the theme's, in Spanish.
    assert_eq!(
        texts(&spanish, "form[method=post] button[type=submit]"),
        ["Enviar"]
    );
    let english = texts(&site.html("find-a-therapist/index.html"), "main").join(" ");
    assert!(english.contains("Which state do you live in?"), "{english}");
    assert!(!english.contains("¿En qué estado vives?"));
}

#[test]
fn the_default_language_can_have_its_own_prefix() {
    let site = SiteTest::from_fixture("i18n");
    let config = site.root().join("candor.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace(
            "language: en\n",
            "language: en\nprefix_default_language: true\n",
        ),
    )
    .unwrap();
    site.build(&[]).assert_success();
    assert!(site.public("en/articles/consent/index.html").exists());
    assert!(!site.public("articles/consent/index.html").exists());
    let chooser = site.html("index.html");
    let homes = attrs(&chooser, "main a", "href");
    assert_eq!(homes, ["/help/en/", "/help/es/", "/help/ar/"]);
    assert_eq!(
        hreflangs(&site.html("en/articles/consent/index.html"))
            .into_iter()
            .find(|(lang, _)| lang == "x-default"),
        Some(("x-default".to_string(), format!("{SITE}/")))
    );
    assert!(hreflangs(&chooser).contains(&("es".to_string(), format!("{SITE}/es/"))));
    // What belongs to the whole site stays at the root, where every page
    // asks for it.
    let style = site.published("style.css");
    let script = site.published("candor.js");
    for shared in [
        style.as_str(),
        script.as_str(),
        "robots.txt",
        "404.html",
        "_headers",
    ] {
        assert!(site.public(shared).exists(), "{shared} is not at the root");
        assert!(
            !site.public(&format!("en/{shared}")).exists(),
            "{shared} is under en/"
        );
    }
    let page = site.html("en/articles/consent/index.html");
    assert!(attrs(&page, "link[rel=stylesheet]", "href").contains(&format!("/help/{style}")));
}

#[test]
fn a_site_in_one_language_ignores_the_default_language_prefix() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.root().join("candor.yaml")).unwrap();
    site.write(
        "candor.yaml",
        &format!("{config}prefix_default_language: true\n"),
    );
    site.build(&[]).assert_success();
    assert!(site.public("index.html").exists());
    assert!(!site.public("en").exists());
}

#[test]
fn config_texts_must_have_the_default_language() {
    let site = SiteTest::from_fixture("i18n");
    let config = site.root().join("candor.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("  en: \"Open Door Fixture\"\n", "")).unwrap();
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("candor.yaml:5:8")
        .assert_stderr_has("not in the default language `en`");

    let site = SiteTest::from_fixture("i18n");
    let text = std::fs::read_to_string(site.root().join("candor.yaml")).unwrap();
    site.write(
        "candor.yaml",
        &text.replace("  - code: es\n", "  - code: en\n"),
    )
    .build(&[])
    .assert_failure()
    .assert_stderr_has("language `en` is listed twice");
}

#[test]
fn check_lists_missing_translations_and_interface_strings() {
    let output = candor()
        .args(["check", "--format", "json", "--root"])
        .arg(fixture("i18n"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let with_code = |code: &str| -> Vec<&serde_json::Value> {
        diagnostics.iter().filter(|d| d["code"] == code).collect()
    };

    let untranslated = with_code("i18n/untranslated");
    let closeness = untranslated
        .iter()
        .find(|d| d["file"] == "content/articles/closeness.md")
        .expect("closeness.md is reported as untranslated");
    let message = closeness["message"].as_str().unwrap();
    assert!(
        message.contains("Español (es)") && message.contains("العربية (ar)"),
        "{message}"
    );
    let desire = untranslated
        .iter()
        .find(|d| d["file"] == "content/articles/desire.md")
        .expect("desire.md lacks Arabic");
    assert!(!desire["message"].as_str().unwrap().contains("Español"));
    assert!(!untranslated
        .iter()
        .any(|d| d["file"] == "content/articles/consent.md"));

    // The fixture's Arabic strings are partial: each fallback is listed
    // once, at the English message, and Spanish (complete in the theme)
    // has none.
    let missing = with_code("i18n/missing-message");
    assert!(!missing.is_empty());
    assert!(missing.iter().all(|d| d["severity"] == "warning"));
    assert!(missing
        .iter()
        .all(|d| d["message"].as_str().unwrap().contains("`ar`")));
    assert!(missing
        .iter()
        .all(|d| d["file"].as_str().unwrap().ends_with("en.ftl") && !d["position"].is_null()));
    let ids: Vec<&str> = missing
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "reported twice: {ids:#?}");
    assert!(
        !ids.iter().any(|m| m.contains("`skip-to-content`")),
        "{ids:#?}"
    );
    assert_eq!(output.status.code(), Some(0), "warnings only");
}

#[test]
fn a_broken_fluent_file_is_an_error_at_its_line() {
    let site = SiteTest::from_fixture("i18n");
    site.write("i18n/es.ftl", "home-title = Inicio\nthis is not fluent\n")
        .build(&[])
        .assert_failure()
        .assert_stderr_has("i18n/es.ftl:2:")
        .assert_stderr_has("i18n/syntax");
}

#[test]
fn a_translation_named_after_its_page_needs_no_key_of_its_own() {
    let site = SiteTest::from_fixture("i18n");
    let english = std::fs::read_to_string(site.root().join("content/articles/consent.md")).unwrap();
    site.write(
        "content/articles/consent.md",
        &english.replace(
            "topics: [consent]\n",
            "topics: [consent]\ntranslation_key: talking-consent\n",
        ),
    );
    site.build(&[]).assert_success();
    let languages: BTreeSet<String> = hreflangs(&site.html("articles/consent/index.html"))
        .into_iter()
        .map(|(lang, _)| lang)
        .collect();
    assert_eq!(
        languages,
        ["ar", "en", "es", "x-default"].map(String::from).into()
    );
}

#[test]
fn untranslated_pages_and_files_are_linked_where_they_are() {
    let site = SiteTest::from_fixture("i18n");
    // A profile shown untranslated links as in English, anchors included.
    let profile =
        std::fs::read_to_string(site.root().join("content/therapists/ben-cole.md")).unwrap();
    site.write(
        "content/therapists/ben-cole.md",
        &format!("{profile}\nRead [what desire is](../articles/desire.md#what-desire-is).\n"),
    );
    // An image of an English-only bundle, used by a Spanish page.
    site.write(
        "content/articles/kit/index.md",
        "---\ntitle: \"Kit\"\ndate: 2026-01-08\n---\n![A chair](chair.svg)\n",
    );
    site.write(
        "content/articles/kit/chair.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let spanish =
        std::fs::read_to_string(site.root().join("content/articles/consent.es.md")).unwrap();
    site.write(
        "content/articles/consent.es.md",
        &format!("{spanish}\n![Una silla](kit/chair.svg)\n"),
    );
    // A menu entry for a page only in English.
    let config = std::fs::read_to_string(site.root().join("candor.yaml")).unwrap();
    site.write(
        "candor.yaml",
        &config.replace(
            "    path: /therapists/\n",
            "    path: /therapists/\n  - name: {en: Privacy, es: Privacidad}\n    path: /privacy/\n",
        ),
    );
    site.build(&[]).assert_success();

    let profile = site.html("es/therapists/ben-cole/index.html");
    assert!(attrs(&profile, "main a", "href")
        .contains(&"/help/articles/desire/#what-desire-is".to_string()));
    let consent = site.html("es/articles/consentimiento/index.html");
    assert_eq!(
        attrs(&consent, "main img", "src"),
        ["/help/articles/kit/chair.svg"]
    );
    assert!(attrs(&consent, "nav a", "href").contains(&"/help/privacy/".to_string()));
    assert!(!site.public("es/privacy/index.html").exists());

    // A profile shown untranslated is no Spanish translation: neither it
    // nor the English profile announces one.
    assert!(hreflangs(&profile).is_empty(), "{:?}", hreflangs(&profile));
    let english = hreflangs(&site.html("therapists/ben-cole/index.html"));
    assert!(!english.iter().any(|(lang, _)| lang == "es"), "{english:?}");
}

#[test]
fn two_translations_of_one_page_in_one_language_are_an_error() {
    let site = SiteTest::from_fixture("i18n");
    site.write(
        "content/articles/otro.es.md",
        "---\ntitle: \"Otro\"\ndate: 2026-01-05\ntranslation_key: articles/consent.md\n---\nOtro texto.\n",
    )
    .build(&[])
    .assert_failure()
    .assert_stderr_has("i18n/duplicate-translation")
    .assert_stderr_has("content/articles/otro.es.md:4:1");
}

#[test]
fn an_orphan_of_another_language_is_named_at_its_address() {
    let site = SiteTest::from_fixture("i18n");
    site.write(
        "content/hola.es.md",
        "---\ntitle: \"Hola\"\ndescription: \"Una página suelta.\"\n---\nHola.\n",
    );
    let output = candor()
        .args(["check", "--format", "json", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let orphans: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "page/orphan")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(orphans, ["nothing links to `/es/hola/`"]);
}

#[test]
fn a_link_to_a_translation_file_says_to_link_the_default_file() {
    let site = SiteTest::from_fixture("i18n");
    let english =
        std::fs::read_to_string(site.root().join("content/articles/closeness.md")).unwrap();
    site.write(
        "content/articles/closeness.md",
        &format!("{english}\nSee [el deseo](deseo.es.md).\n"),
    )
    .build(&[])
    .assert_failure()
    .assert_stderr_has("names a translation")
    .assert_stderr_has("content/articles/closeness.md:");
}

#[test]
fn odd_translation_files_land_where_a_reader_expects() {
    let site = SiteTest::from_fixture("i18n");
    // A bundle that exists in Spanish only, with its image.
    site.write(
        "content/articles/kit/index.es.md",
        "---\ntitle: \"Equipo\"\ndate: 2026-01-08\n---\n![Una silla](chair.svg)\n",
    );
    site.write(
        "content/articles/kit/chair.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    // `x.en.md` is the English page, as `x.md` is.
    site.write(
        "content/articles/touch.en.md",
        "---\ntitle: \"Touch\"\ndate: 2026-01-09\n---\nTouch.\n",
    );
    site.build(&[]).assert_success();
    let kit = site.html("es/articles/kit/index.html");
    assert_eq!(
        attrs(&kit, "main img", "src"),
        ["/help/es/articles/kit/chair.svg"]
    );
    assert!(site.public("es/articles/kit/chair.svg").exists());
    assert!(site.public("articles/touch/index.html").exists());
    assert!(!site.public("articles/touchen/index.html").exists());
}

#[test]
fn a_theme_copied_without_strings_still_has_them() {
    let site = SiteTest::from_fixture("i18n");
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&theme) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&theme).unwrap();
        if entry.file_type().is_file() && !rel.starts_with("i18n") {
            let text = std::fs::read(entry.path()).unwrap();
            let target = site.root().join("themes/default").join(rel);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, text).unwrap();
        }
    }
    site.build(&[]).assert_success();
    let page = site.read("es/articles/consentimiento/index.html");
    assert!(
        page.contains(">Inicio</a>"),
        "the Spanish breadcrumb is missing"
    );
    assert!(
        !page.contains("breadcrumb-home"),
        "a message id shows instead of its text"
    );
}

/// The quick exit's spoken count is chosen by a script from the forms the
/// page carries: in the page's language, every form with `{n}` for the
/// number.
#[test]
fn the_quick_exit_count_forms_are_in_the_page_language() {
    let site = built();
    for (page, pressed_one, pressed_other) in [
        (
            "index.html",
            "Shift pressed {n} time.",
            "Shift pressed {n} times.",
        ),
        (
            "es/articles/consentimiento/index.html",
            "Presionaste Mayús {n} vez.",
            "Presionaste Mayús {n} veces.",
        ),
    ] {
        let html = site.html(page);
        let pressed = attrs(&html, "#quick-exit-status", "data-pressed");
        assert_eq!(pressed.len(), 1, "{page}");
        let forms: serde_json::Value = serde_json::from_str(&pressed[0]).unwrap();
        assert_eq!(forms["one"], pressed_one, "{page}: {forms}");
        assert_eq!(forms["other"], pressed_other, "{page}: {forms}");
    }
}

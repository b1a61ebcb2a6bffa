//! The therapist directory and the intake form: what a person looking for
//! a therapist sees, and what the library hands the intake receiver.

use std::collections::HashSet;
use std::path::Path;

use candor::directory::{match_therapists, MatchResult};
use candor::link::{link, LinkOptions, LinkedSite};
use candor::render::{therapists, FormState, Renderer};
use scraper::{Html, Selector};

use crate::support::{attrs, fixture, texts, SiteTest};

/// The built-in theme's messages in English, for form errors.
fn english() -> candor::i18n::Strings {
    candor::load::builtin_strings("en")
}

fn built() -> SiteTest {
    let site = SiteTest::from_fixture("directory");
    site.build(&[]).assert_success();
    site
}

/// Names of the therapists listed on a directory or filter page.
fn listed(site: &SiteTest, rel: &str) -> Vec<String> {
    texts(&site.html(rel), ".therapist-list .therapist-name a")
}

#[test]
fn directory_lists_accepting_therapists_first() {
    let site = built();
    // Dee has weight 1; Ben is not taking new clients.
    assert_eq!(
        listed(&site, "therapists/index.html"),
        ["Dee Park", "Ana Ortiz", "Cai Tran", "Ben Cole"]
    );
    let page = site.html("therapists/index.html");
    let filter_links = attrs(&page, ".directory-filters a", "href");
    for href in [
        "/therapists/state/or/",
        "/therapists/state/wa/",
        "/therapists/state/ca/",
        "/therapists/specialty/consent/",
        "/therapists/language/spanish/",
        "/therapists/language/vietnamese/",
    ] {
        assert!(
            filter_links.iter().any(|h| h == href),
            "no link to {href}: {filter_links:?}"
        );
    }
    // The in-page filter form needs JavaScript, so it starts hidden.
    assert_eq!(attrs(&page, "form#directory-filter", "hidden").len(), 1);
}

#[test]
fn filter_pages_hold_exactly_the_matching_therapists() {
    let site = built();
    assert_eq!(
        listed(&site, "therapists/state/or/index.html"),
        ["Ana Ortiz", "Ben Cole"]
    );
    assert_eq!(
        listed(&site, "therapists/state/wa/index.html"),
        ["Dee Park", "Ana Ortiz"]
    );
    assert_eq!(
        listed(&site, "therapists/state/ca/index.html"),
        ["Cai Tran"]
    );
    assert_eq!(
        listed(&site, "therapists/specialty/consent/index.html"),
        ["Dee Park", "Ana Ortiz", "Ben Cole"]
    );
    assert_eq!(
        listed(&site, "therapists/language/spanish/index.html"),
        ["Ana Ortiz"]
    );
    assert_eq!(
        listed(&site, "therapists/language/vietnamese/index.html"),
        ["Cai Tran"]
    );
    assert_eq!(
        texts(&site.html("therapists/state/or/index.html"), "h1"),
        ["Therapists licensed in Oregon"]
    );
    // Nobody lists desire, so there is no page for it.
    assert!(!site
        .public("therapists/specialty/desire/index.html")
        .exists());
}

#[test]
fn profile_pages_show_licenses_and_structured_data() {
    let site = built();
    let page = site.html("therapists/ana-ortiz/index.html");
    assert_eq!(texts(&page, "h1")[0], "Ana Ortiz");
    let body = page.root_element().text().collect::<String>();
    assert!(body.contains("Oregon: LMFT, license number EX-1"), "{body}");
    assert!(
        body.contains("Example profile"),
        "example profiles are marked"
    );
    let jsonld = texts(&page, r#"script[type="application/ld+json"]"#);
    let data: serde_json::Value = serde_json::from_str(&jsonld[0]).unwrap();
    assert_eq!(data["@type"], "ProfilePage");
    assert_eq!(data["mainEntity"]["name"], "Ana Ortiz");
    assert_eq!(data["mainEntity"]["knowsLanguage"][1], "Spanish");
}

#[test]
fn articles_link_therapists_who_work_with_their_topics() {
    let site = built();
    let article = site.html("articles/consent/index.html");
    assert_eq!(
        texts(&article, ".article-therapists a"),
        ["Dee Park", "Ana Ortiz", "Ben Cole"]
    );
    let other = site.html("articles/closeness/index.html");
    assert!(texts(&other, ".article-therapists").is_empty());
}

#[test]
fn intake_form_labels_every_control_and_hides_the_honeypot() {
    let site = built();
    let page = site.html("find-a-therapist/index.html");
    let form = Selector::parse("form#intake-form").unwrap();
    let form = page.select(&form).next().expect("the intake form");
    assert_eq!(form.value().attr("method"), Some("post"));
    assert_eq!(form.value().attr("action"), Some("/api/intake"));

    let labels: HashSet<String> = attrs(&page, "label", "for").into_iter().collect();
    let ids: HashSet<String> = attrs(&page, "[id]", "id").into_iter().collect();
    let controls = Selector::parse("input:not([type=hidden]), select, textarea").unwrap();
    let mut count = 0;
    for control in form.select(&controls) {
        count += 1;
        let id = control.value().attr("id").expect("every control has an id");
        assert!(labels.contains(id), "control #{id} has no label");
        assert!(control.value().attr("placeholder").is_none());
        if let Some(described) = control.value().attr("aria-describedby") {
            for part in described.split_whitespace() {
                assert!(ids.contains(part), "#{id} is described by missing #{part}");
            }
        }
    }
    assert!(count > 10, "only {count} controls");

    // Choices are grouped: a fieldset with a legend per radio or checkbox question.
    assert_eq!(
        texts(&page, "fieldset legend"),
        [
            "Who is looking for therapy? (optional)",
            "What would you like help with? (optional)",
            "How should we contact you?"
        ]
    );
    // Site data fills the choices: topics and therapists' languages.
    assert_eq!(
        texts(&page, "#field-concerns label"),
        ["Consent", "Intimacy", "Desire"]
    );
    assert_eq!(
        texts(&page, "#f-language option"),
        ["Choose…", "English", "Spanish", "Vietnamese"]
    );
    assert_eq!(attrs(&page, "#f-email", "autocomplete"), ["email"]);

    // The honeypot is out of sight, out of the tab order and hidden from
    // assistive technology.
    let honeypot = Selector::parse(".hp").unwrap();
    let honeypot = page.select(&honeypot).next().expect("a honeypot");
    assert_eq!(honeypot.value().attr("aria-hidden"), Some("true"));
    let input = Selector::parse("input").unwrap();
    let input = honeypot.select(&input).next().unwrap();
    assert_eq!(input.value().attr("tabindex"), Some("-1"));
    assert_eq!(input.value().attr("autocomplete"), Some("off"));

    // Before the form: the notice that nobody is watching it, with one link
    // down to the crisis lines, which follow the form rather than stand
    // between the reader and its first field.
    let notice = texts(&page, ".interruption").join(" ");
    assert!(
        notice.contains("Nobody reads this form around the clock"),
        "{notice}"
    );
    assert_eq!(
        attrs(&page, ".interruption a[href='#crisis-heading']", "href").len(),
        1,
        "{notice}"
    );
    assert!(
        attrs(
            &page,
            "main .interruption a[href^='tel:'], main .interruption a[href^='sms:']",
            "href"
        )
        .is_empty(),
        "{notice}"
    );
    let crisis = texts(&page, "main form ~ section.crisis").join(" ");
    assert!(
        crisis.contains("988"),
        "the crisis lines after the form: {crisis}"
    );
}

/// The fixture loaded and linked through the library, as the intake
/// receiver does.
fn linked_fixture() -> LinkedSite {
    let root = fixture("directory");
    let config = candor::Config::load(&root).unwrap();
    let images = candor::images::Store::temporary().unwrap();
    let (loaded, problems) = candor::load::load(&root, config, &images);
    assert!(problems.is_empty(), "{problems:?}");
    let (site, problems) = link(
        loaded,
        LinkOptions {
            // As a build and the receiver do.
            fingerprint: true,
            ..LinkOptions::default()
        },
    );
    assert!(problems.is_empty(), "{problems:?}");
    site
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn submissions_are_checked_against_the_schema() {
    let site = linked_fixture();
    let form = site.form.as_ref().unwrap();
    let good = pairs(&[
        ("state", "OR"),
        ("concerns", "consent"),
        ("concerns", "intimacy"),
        ("name", "  Sam "),
        ("contact_method", "phone"),
        ("phone", "+1 555 010 0199"),
        ("consent", "yes"),
        ("website", ""),
    ]);
    let answers = form.validate(&good, &english()).unwrap();
    assert_eq!(answers.get("concerns"), ["consent", "intimacy"]);
    assert_eq!(answers.get("name"), ["Sam"]);
    assert!(answers.get("email").is_empty());

    let bad = pairs(&[
        ("state", "Oregon"),
        ("seeking", "individual"),
        ("seeking", "couples"),
        ("concerns", "astrology"),
        ("note", &"x".repeat(51)),
        ("contact_method", "email"),
        ("email", "not an address"),
        ("favourite_colour", "blue"),
    ]);
    let errors = form.validate(&bad, &english()).unwrap_err();
    let fields: Vec<Option<&str>> = errors.iter().map(|e| e.field.as_deref()).collect();
    assert_eq!(
        fields,
        [
            None,
            Some("state"),
            Some("seeking"),
            Some("concerns"),
            Some("note"),
            Some("name"),
            Some("email"),
            Some("consent"),
        ],
        "{errors:?}"
    );
    assert!(
        errors[4].message.contains("50 characters"),
        "{:?}",
        errors[4]
    );

    // The phone is needed only when the person asked for calls.
    let missing_phone = pairs(&[
        ("state", "OR"),
        ("name", "Sam"),
        ("contact_method", "phone"),
        ("consent", "yes"),
    ]);
    let errors = form.validate(&missing_phone, &english()).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field.as_deref(), Some("phone"));
}

#[test]
fn matching_ranks_by_license_then_fit() {
    let site = linked_fixture();
    let form = site.form.as_ref().unwrap();
    let list = therapists(&site);
    let names = |result: &MatchResult| match result {
        MatchResult::Matches(m) => m.iter().map(|m| list[m.index].name.clone()).collect(),
        _ => Vec::new(),
    };
    let answers = |extra: &[(&str, &str)]| {
        let mut all = vec![
            ("name", "Sam"),
            ("contact_method", "email"),
            ("email", "sam@example.org"),
            ("consent", "yes"),
        ];
        all.extend_from_slice(extra);
        form.validate(&pairs(&all), &english()).unwrap()
    };

    // Washington: Dee (weight 1) ranks first on ties, but a Spanish speaker
    // who wants couples work about intimacy gets Ana first.
    let wa = answers(&[("state", "WA")]);
    assert_eq!(
        names(&match_therapists(&list, &form.wants(&wa))),
        ["Dee Park", "Ana Ortiz"]
    );
    let wa_intimacy = answers(&[
        ("state", "WA"),
        ("concerns", "intimacy"),
        ("language", "Spanish"),
        ("seeking", "couples"),
    ]);
    assert_eq!(
        names(&match_therapists(&list, &form.wants(&wa_intimacy))),
        ["Ana Ortiz", "Dee Park"]
    );
    // Oregon: Ben is licensed there but not accepting, so only Ana.
    let or = answers(&[("state", "OR"), ("concerns", "consent")]);
    assert_eq!(
        names(&match_therapists(&list, &form.wants(&or))),
        ["Ana Ortiz"]
    );
    // Nobody is licensed in Texas, and the thank-you page says so.
    let tx = answers(&[("state", "TX")]);
    let result = match_therapists(&list, &form.wants(&tx));
    assert_eq!(result, MatchResult::NobodyLicensed);
    let renderer = Renderer::new(&site).unwrap();
    let html = renderer.thanks_page(&site, Some((&tx, &result))).unwrap();
    assert!(
        html.contains("none of our therapists is licensed in Texas"),
        "{html}"
    );
    assert!(html.contains("988"), "crisis resources are shown: {html}");
    let page = Html::parse_document(&html);
    let headings = texts(&page, "h2");
    assert!(
        !headings.iter().any(|h| h.contains("good fit")),
        "no list of matches is announced: {headings:?}"
    );
    assert_eq!(
        texts(&page, ".resources li strong"),
        ["Statewide Referral Line"],
        "other places to look are listed"
    );

    let html = renderer
        .thanks_page(
            &site,
            Some((
                &wa_intimacy,
                &match_therapists(&list, &form.wants(&wa_intimacy)),
            )),
        )
        .unwrap();
    let page = Html::parse_document(&html);
    assert_eq!(texts(&page, ".therapist-name a"), ["Ana Ortiz", "Dee Park"]);
    assert!(
        texts(&page, ".resources li").is_empty(),
        "other places are kept for when nobody matches"
    );
}

#[test]
fn the_form_is_shown_again_with_errors_and_answers_kept() {
    let site = linked_fixture();
    let form = site.form.as_ref().unwrap();
    let sent = pairs(&[
        ("state", "OR"),
        ("concerns", "consent"),
        ("name", "Sam <b>"),
        ("contact_method", "email"),
        ("note", "call after six"),
    ]);
    let errors = form.validate(&sent, &english()).unwrap_err();
    let state = FormState {
        values: sent,
        errors,
        hidden: vec![("_ts".into(), "signed-value".into())],
    };
    let html = Renderer::new(&site)
        .unwrap()
        .intake_page(&site, &state)
        .unwrap();
    let page = Html::parse_document(&html);
    assert!(texts(&page, "title")[0].starts_with("Error: "));
    // The summary links each problem to its field.
    let links = attrs(&page, ".error-summary a", "href");
    assert_eq!(links, ["#f-email", "#f-consent"]);
    // The summary is the first thing in the main content, before the
    // heading and the notice.
    let main = page
        .select(&scraper::Selector::parse("main").unwrap())
        .next()
        .unwrap();
    let first = main
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .next()
        .unwrap();
    assert_eq!(
        first.value().attr("class"),
        Some("error-summary"),
        "{}",
        first.html()
    );
    for link in &links {
        assert_eq!(attrs(&page, link, "id").len(), 1, "{link} does not exist");
    }
    assert_eq!(texts(&page, "#f-email-error").len(), 1);
    assert_eq!(attrs(&page, "#f-email", "aria-invalid"), ["true"]);
    // What the person typed and chose is still there, escaped.
    assert_eq!(attrs(&page, "#f-name", "value"), ["Sam <b>"]);
    assert!(html.contains(r#"value="Sam &lt;b&gt;""#));
    assert_eq!(texts(&page, "#f-note"), ["call after six"]);
    assert_eq!(attrs(&page, "#f-state option[selected]", "value"), ["OR"]);
    assert_eq!(
        attrs(&page, "#field-concerns input[checked]", "value"),
        ["consent"]
    );
    assert_eq!(
        attrs(&page, r#"input[name="_ts"]"#, "value"),
        ["signed-value"]
    );
}

#[test]
fn the_static_intake_page_and_the_library_agree() {
    let site = built();
    let linked = linked_fixture();
    let html = Renderer::new(&linked)
        .unwrap()
        .intake_page(&linked, &FormState::default())
        .unwrap();
    assert_eq!(site.read("find-a-therapist/index.html"), html);
    assert!(Path::new(&site.public("find-a-therapist/thanks/index.html")).exists());
}

#[test]
fn the_sitemap_lists_directory_pages_that_exist() {
    let site = built();
    let sitemap = site.read("sitemap.xml");
    for path in [
        "/therapists/",
        "/therapists/state/or/",
        "/therapists/language/spanish/",
        "/therapists/ana-ortiz/",
        "/find-a-therapist/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org{path}</loc>")),
            "{path} missing"
        );
    }
    // Four profiles with two to a page elsewhere: the directory is still
    // one page, and the sitemap does not invent a second.
    assert!(!sitemap.contains("/therapists/page/2/"));
    assert!(!site.public("therapists/page/2/index.html").exists());
    assert!(!sitemap.contains("/find-a-therapist/thanks/"));
}

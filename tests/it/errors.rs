//! Every class of malformed input: a message naming file:line:col with a
//! way to fix it, exit code 1, no panic, and the previous output untouched.

use crate::support::{fixture, SiteTest};

/// Builds the basic site, lays `tests/fixtures/errors/<case>` over it,
/// builds again and checks the failure.
fn check(case: &str, location: &str, code: &str, message: &str) -> String {
    let site = SiteTest::from_fixture("basic");
    site.build(&[]).assert_success();
    let before = site.output_snapshot();
    assert!(!before.is_empty());

    let overlay = fixture("errors").join(case);
    for entry in walkdir::WalkDir::new(&overlay) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&overlay).unwrap();
            site.write(
                rel.to_str().unwrap(),
                &std::fs::read_to_string(entry.path()).unwrap(),
            );
        }
    }
    let run = site.build(&[]);
    run.assert_failure()
        .assert_stderr_has(&format!("error[{code}]: "))
        .assert_stderr_has(&format!("--> {location}\n"))
        .assert_stderr_has(message)
        .assert_stderr_has("help: ");
    assert_eq!(
        site.output_snapshot(),
        before,
        "the previous output changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".candor-new-") || n.contains(".candor-old-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
    run.stderr
}

#[test]
fn bad_yaml() {
    check(
        "bad_yaml",
        "content/articles/broken.md:4:1",
        "front-matter/invalid",
        "while scanning a quoted scalar",
    );
}

#[test]
fn unknown_key_suggests_the_near_miss() {
    let stderr = check(
        "unknown_key",
        "content/articles/broken.md:4:1",
        "front-matter/unknown-key",
        "unknown field `descripton`",
    );
    assert!(stderr.contains("did you mean `description`?"), "{stderr}");
}

#[test]
fn wrong_type() {
    check(
        "wrong_type",
        "content/articles/broken.md:4:8",
        "front-matter/invalid",
        "expected a boolean",
    );
}

#[test]
fn missing_title() {
    check(
        "missing_title",
        "content/articles/broken.md:2:1",
        "front-matter/missing-key",
        "missing field `title`",
    );
}

#[test]
fn unclosed_front_matter() {
    check(
        "unclosed_front_matter",
        "content/articles/broken.md:1:1",
        "front-matter/unclosed",
        "the front matter is not closed",
    );
}

#[test]
fn broken_internal_link() {
    let stderr = check(
        "broken_link",
        "content/articles/broken.md:8:6",
        "link/broken",
        "`content/faq/basic.md`, which does not exist",
    );
    assert!(
        stderr.contains("did you mean `content/faq/basics.md`?"),
        "{stderr}"
    );
}

#[test]
fn missing_heading_anchor() {
    check(
        "missing_anchor",
        "content/articles/broken.md:6:6",
        "link/anchor",
        "there is no heading `#how-much-is-it`",
    );
}

#[test]
fn image_without_alt() {
    check(
        "image_without_alt",
        "content/articles/broken.md:8:1",
        "a11y/image-alt",
        "has no alt text",
    );
}

#[test]
fn two_files_claim_one_url() {
    check(
        "same_url",
        "content/articles/second.md:1:1",
        "url/conflict",
        "the address `/articles/second/` is already taken by content/articles/second/index.md",
    );
}

#[test]
fn template_error() {
    check(
        "template_error",
        "templates/page.html:4:10",
        "template/error",
        "template error",
    );
}

#[test]
fn unknown_topic() {
    let stderr = check(
        "unknown_topic",
        "content/articles/broken.md:4:19",
        "taxonomy/unknown-term",
        "`intimcy` is not one of the site's topics",
    );
    assert!(stderr.contains("did you mean `intimacy`?"), "{stderr}");
}

#[test]
fn bad_config() {
    let site = SiteTest::from_fixture("basic");
    site.build(&[]).assert_success();
    let before = site.output_snapshot();
    let config = std::fs::read_to_string(site.root().join("candor.yaml")).unwrap();
    site.write(
        "candor.yaml",
        &config.replace("paginate_by: 10", "paginte_by: 10"),
    );
    let run = site.build(&[]);
    let line = config
        .lines()
        .position(|l| l.starts_with("paginate_by"))
        .unwrap()
        + 1;
    run.assert_failure()
        .assert_stderr_has("error[config/unknown-key]: unknown field `paginte_by`")
        .assert_stderr_has(&format!(
            "--> candor.yaml:{line}:1
"
        ))
        .assert_stderr_has("did you mean `paginate_by`?");
    assert_eq!(site.output_snapshot(), before);
}

#[test]
fn all_errors_are_reported_together() {
    let site = SiteTest::from_fixture("basic");
    for case in ["unknown_key", "broken_link"] {
        let overlay = fixture("errors")
            .join(case)
            .join("content/articles/broken.md");
        let name = format!("content/articles/{case}.md");
        site.write(&name, &std::fs::read_to_string(overlay).unwrap());
    }
    let run = site.build(&[]);
    run.assert_failure()
        .assert_stderr_has("content/articles/unknown_key.md:4:1")
        .assert_stderr_has("content/articles/broken_link.md:8:6")
        .assert_stderr_has("failed with 2 errors");
}

#[test]
fn output_folder_that_is_not_a_build_is_refused() {
    let site = SiteTest::from_fixture("basic");
    site.write("mine/notes.txt", "precious");
    let run = site.build(&["--output", site.root().join("mine").to_str().unwrap()]);
    run.assert_failure()
        .assert_stderr_has("not an earlier build");
    assert_eq!(
        std::fs::read_to_string(site.root().join("mine/notes.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn output_folder_holding_the_site_is_refused() {
    let site = SiteTest::from_fixture("basic");
    let root = site.root().to_str().unwrap().to_string();
    site.build(&["--output", &root])
        .assert_failure()
        .assert_stderr_has("would contain the site's own files");
    site.build(&["--output", &format!("{root}/content/out")])
        .assert_failure()
        .assert_stderr_has("inside the site's `content` folder");
    assert!(site.root().join("candor.yaml").is_file());
    assert!(!site.root().join("content/out").exists());
}

#[test]
fn unknown_template_name_points_at_the_front_matter() {
    check(
        "unknown_template",
        "content/about.md:4:1",
        "template/missing",
        "the template `landing.html` does not exist",
    );
}

#[test]
fn a_static_file_cannot_replace_a_generated_one() {
    check(
        "static_conflict",
        "static/robots.txt:1:1",
        "url/conflict",
        "the static file `robots.txt` would replace a page the build writes",
    );
}

#[test]
fn therapist_license_in_a_place_that_is_not_a_state() {
    check(
        "therapist_bad_state",
        "content/therapists/robin.md:4:12",
        "front-matter/invalid",
        "`Oregon` is not a US state code: write `OR`",
    );
}

#[test]
fn therapist_specialty_must_be_a_topic() {
    let stderr = check(
        "therapist_unknown_specialty",
        "content/therapists/robin.md:5:15",
        "taxonomy/unknown-term",
        "`consnet` is not one of the site's topics",
    );
    assert!(stderr.contains("did you mean `consent`?"), "{stderr}");
}

#[test]
fn therapist_unknown_key_suggests_the_near_miss() {
    let stderr = check(
        "therapist_unknown_key",
        "content/therapists/robin.md:8:1",
        "front-matter/unknown-key",
        "unknown field `acepting_new_clients`",
    );
    assert!(
        stderr.contains("did you mean `accepting_new_clients`?"),
        "{stderr}"
    );
}

#[test]
fn therapist_without_a_license() {
    check(
        "therapist_no_licenses",
        "content/therapists/robin.md:3:1",
        "therapist/field",
        "`licenses` is empty",
    );
}

#[test]
fn intake_form_schema_mistake() {
    let stderr = check(
        "form_schema",
        "forms/intake.yaml:14:9",
        "form/field",
        "`e-mail` is not an autocomplete token",
    );
    assert!(stderr.contains("did you mean `email`?"), "{stderr}");
}

#[test]
fn intake_form_choices_the_site_cannot_fill() {
    // No therapist profiles, so no languages to offer.
    check(
        "form_no_choices",
        "forms/intake.yaml:14:9",
        "form/field",
        "field `language` has no choices",
    );
}

#[test]
fn intake_recipient_that_is_not_a_public_key() {
    // Caught when the site is built, not first when the receiver starts.
    check(
        "bad_recipient",
        "candor.yaml:26:7",
        "config/value",
        "`age1notarealkey` is not an age public key",
    );
}

#[test]
fn a_translation_into_a_language_the_site_lacks() {
    check(
        "unknown_language",
        "content/_index.fr.md:1:1",
        "content/language",
        "looks like a translation into `fr`, which is not one of the site's languages",
    );
}

#[test]
fn a_fluent_syntax_error() {
    check(
        "fluent_syntax",
        "i18n/en.ftl:3:17",
        "i18n/syntax",
        "this Fluent message cannot be read",
    );
}

#[test]
fn an_alias_cannot_replace_the_search_page() {
    check(
        "alias_on_search",
        "content/articles/third.md:6:5",
        "url/conflict",
        "the alias `/search/` would replace the search page",
    );
}

#[test]
fn an_alias_cannot_take_the_name_of_a_static_file() {
    check(
        "alias_on_stylesheet",
        "content/articles/third.md:6:5",
        "url/conflict",
        "the alias `/style.css` would replace the static file `style.css`",
    );
}

#[test]
fn an_alias_cannot_replace_a_topic_page() {
    check(
        "alias_on_topic",
        "content/articles/third.md:6:5",
        "url/conflict",
        "the alias `/topics/consent/` would replace the page at `/topics/consent/`",
    );
}

#[test]
fn an_alias_must_be_a_clean_path() {
    check(
        "alias_not_clean",
        "content/articles/third.md:6:5",
        "url/alias",
        "the alias `/%2e%2e/%2e%2e/x/` is not a clean path: it has a percent-escape",
    );
}

#[test]
fn a_section_cannot_list_zero_pages_a_page() {
    check(
        "section_paginate_zero",
        "content/articles/_index.md:5:14",
        "front-matter/invalid",
        "paginate_by: this must be at least 1, not 0",
    );
}

#[test]
fn every_front_matter_mistake_of_a_file_shows_in_one_build() {
    let stderr = check(
        "two_mistakes",
        "content/articles/third.md:2:1",
        "front-matter/unknown-key",
        "unknown field `titel`",
    );
    assert!(
        stderr.contains("--> content/articles/third.md:3:1\n"),
        "{stderr}"
    );
    assert!(stderr.contains("`2026-02-30` is not a date"), "{stderr}");
    assert!(stderr.contains("failed with 2 errors"), "{stderr}");
}

#[test]
fn a_repeated_key_is_reported_where_it_is_repeated() {
    check(
        "duplicate_key",
        "content/articles/third.md:5:1",
        "front-matter/invalid",
        "duplicate field `title`",
    );
}

#[test]
fn front_matter_nested_too_deep_is_refused_at_its_line() {
    check(
        "deep_nesting",
        "content/articles/third.md:5:73",
        "front-matter/invalid",
        "this nests deeper than 64 levels",
    );
}

#[test]
fn a_page_cannot_take_the_address_of_a_later_list_page() {
    check(
        "page_on_a_list_page",
        "content/articles/page/2.md:1:1",
        "url/conflict",
        "this page would replace the page at `/articles/page/2/`",
    );
}

#[test]
fn a_pale_brand_accent_fails_at_its_line_with_the_ratio() {
    // #7fdbff has a relative luminance of 0.624 (WCAG 2's formula worked by
    // hand): (1 + 0.05) / (0.624 + 0.05) = 1.56.
    check(
        "pale_accent",
        "candor.yaml:11:3",
        "config/brand",
        "brand.accent `#7fdbff` has a contrast of 1.56:1 against the page background (#ffffff); links and buttons need at least 4.5:1 (WCAG AA)",
    );
}

#[test]
fn unknown_callout_kind_lists_the_kinds() {
    let stderr = check(
        "unknown_callout",
        "content/articles/callout.md:8:3",
        "callout/unknown-kind",
        "`[!TIPP]` is not a kind of callout this site knows",
    );
    assert!(stderr.contains("did you mean `[!TIP]`?"), "{stderr}");
    assert!(
        stderr.contains("`NOTE`, `TIP`, `IMPORTANT`, `WARNING`, `CAUTION`"),
        "{stderr}"
    );
}

#[test]
fn unknown_citation_key_suggests_the_near_miss() {
    let stderr = check(
        "unknown_citation",
        "content/articles/cites.md:7:1",
        "source/unknown-key",
        "`@bason2000` is not a key of the bibliography content/references.bib",
    );
    assert!(stderr.contains("did you mean `@basson2000`?"), "{stderr}");
}

#[test]
fn malformed_bibtex_entry_is_reported_at_its_line() {
    check(
        "bad_bibliography",
        "content/references.bib:11:19",
        "source/invalid",
        "this BibLaTeX entry cannot be read: wrong number of digits\n",
    );
}

#[test]
fn malformed_yaml_bibliography_entry_is_reported_at_its_line() {
    check(
        "bad_bibliography_yaml",
        "content/references.yaml:10:9",
        "source/invalid",
        "this bibliography entry cannot be read: basson2000.date: month not in interval 1-12\n",
    );
}

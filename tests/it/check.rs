//! `candor check`: every check's diagnostic at its file, line and column;
//! JSON output; `--deny warnings`; silencing; the example site passing.
//!
//! The load and link stages' codes (broken links, bad front matter, …) are
//! covered in `errors.rs`; the fixture here has one instance of each code
//! the checks add.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::support::{candor, fixture, Run, SiteTest};

#[derive(Debug, Deserialize, Serialize, PartialEq)]
struct Report {
    diagnostics: Vec<Diag>,
    articles: Vec<Article>,
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
struct Diag {
    severity: String,
    code: String,
    file: String,
    position: Option<Pos>,
    length: usize,
    message: String,
    help: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
struct Pos {
    line: usize,
    column: usize,
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
struct Article {
    file: String,
    title: String,
    grade: f64,
    words: usize,
    reading_minutes: usize,
    review_due: Option<String>,
}

fn check_json(root: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let output = candor()
        .args(["check", "--format", "json", "--root"])
        .arg(root)
        .args(extra)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn every_check_reports_its_code_at_the_right_place() {
    let (code, json) = check_json(&fixture("check"), &[]);
    assert_eq!(code, Some(1), "the fixture has errors");
    let report: Report = serde_json::from_str(&json).unwrap();
    let found: Vec<(String, String, usize, usize)> = report
        .diagnostics
        .iter()
        .map(|d| {
            let p = d.position.as_ref().map_or((0, 0), |p| (p.line, p.column));
            (d.code.clone(), d.file.clone(), p.0, p.1)
        })
        .collect();
    let expected = [
        // The fixture's address is one kept for examples.
        ("config/placeholder", "candor.yaml", 3, 1),
        (
            "front-matter/silence",
            "content/articles/bad-silence.md",
            9,
            3,
        ),
        ("review/missing", "content/articles/future.md", 1, 1),
        ("meta/duplicate-title", "content/articles/future.md", 2, 1),
        ("meta/description-long", "content/articles/future.md", 3, 1),
        ("review/future", "content/articles/future.md", 5, 1),
        (
            "meta/description-missing",
            "content/articles/problems.md",
            2,
            1,
        ),
        ("review/overdue", "content/articles/problems.md", 7, 1),
        ("heading/h1", "content/articles/problems.md", 10, 1),
        ("link/empty-text", "content/articles/problems.md", 14, 4),
        ("link/vague-text", "content/articles/problems.md", 14, 20),
        ("link/insecure", "content/articles/problems.md", 14, 50),
        ("link/malformed", "content/articles/problems.md", 15, 4),
        (
            "heading/skipped-level",
            "content/articles/problems.md",
            17,
            1,
        ),
        ("a11y/alt-text", "content/articles/problems.md", 19, 1),
        ("readability/grade", "content/articles/problems.md", 23, 1),
        ("page/orphan", "content/lonely.md", 2, 1),
    ]
    .map(|(c, f, l, col)| (c.to_string(), f.to_string(), l, col));
    assert_eq!(found, expected);
    // Every diagnostic says how to fix it.
    assert!(report.diagnostics.iter().all(|d| d.help.is_some()));
}

#[test]
fn readability_warning_names_what_to_rewrite() {
    let (_, json) = check_json(&fixture("check"), &[]);
    let report: Report = serde_json::from_str(&json).unwrap();
    let grade = report
        .diagnostics
        .iter()
        .find(|d| d.code == "readability/grade")
        .unwrap();
    let help = grade.help.as_deref().unwrap();
    assert!(help.contains("line 23"), "{help}");
    assert!(
        help.contains("psychotherapeutic") || help.contains("interdisciplinary"),
        "{help}"
    );
    // The summary table lists the hardest article first.
    assert_eq!(report.articles[0].file, "content/articles/problems.md");
    assert!(report.articles[0].grade > 8.0);
    assert!(report
        .articles
        .iter()
        .any(|a| a.file == "content/articles/clean.md" && a.grade < 8.0));
}

#[test]
fn json_output_round_trips() {
    let (_, json) = check_json(&fixture("check"), &[]);
    let report: Report = serde_json::from_str(&json).unwrap();
    let again = serde_json::to_string_pretty(&report).unwrap();
    let reparsed: Report = serde_json::from_str(&again).unwrap();
    assert_eq!(report, reparsed);
    assert!(!report.diagnostics.is_empty());
}

#[test]
fn text_output_underlines_the_source_and_ends_with_a_summary() {
    let output = candor()
        .args(["check", "--root"])
        .arg(fixture("check"))
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("error[heading/h1]: `# A second title` is a second level-one heading"),
        "{text}"
    );
    assert!(
        text.contains("--> content/articles/problems.md:10:1"),
        "{text}"
    );
    assert!(text.contains("10 | # A second title"), "{text}");
    assert!(text.contains("| ^^^^^^^^^^^^^^^^"), "{text}");
    assert!(text.contains("Readability, hardest first:"), "{text}");
    assert!(text.trim_end().ends_with("6 errors, 11 warnings"), "{text}");
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let site = SiteTest::from_fixture("basic");
    let (code, json) = check_json(site.root(), &[]);
    let report: Report = serde_json::from_str(&json).unwrap();
    assert!(
        report.diagnostics.iter().all(|d| d.severity == "warning"),
        "{json}"
    );
    assert!(
        !report.diagnostics.is_empty(),
        "the basic fixture has warnings"
    );
    assert_eq!(code, Some(0));
    let (code, _) = check_json(site.root(), &["--deny", "warnings"]);
    assert_eq!(code, Some(1));
}

#[test]
fn silenced_warnings_are_left_out() {
    let (_, json) = check_json(&fixture("check"), &[]);
    let report: Report = serde_json::from_str(&json).unwrap();
    // silenced.md has no description, but silences that warning.
    assert!(!report
        .diagnostics
        .iter()
        .any(|d| d.file.ends_with("silenced.md")));

    let site = SiteTest::from_fixture("check");
    let config = std::fs::read_to_string(site.root().join("candor.yaml")).unwrap();
    site.write(
        "candor.yaml",
        &format!("{config}  silence:\n    page/orphan: \"the lonely page is reached from print materials\"\n"),
    );
    let (_, json) = check_json(site.root(), &[]);
    let report: Report = serde_json::from_str(&json).unwrap();
    assert!(
        !report.diagnostics.iter().any(|d| d.code == "page/orphan"),
        "{json}"
    );
}

#[test]
fn errors_cannot_be_silenced() {
    let site = SiteTest::from_fixture("check");
    site.write(
        "content/articles/bad-silence.md",
        "---\ntitle: \"Silencing an error\"\ndescription: \"No.\"\ndate: 2026-01-14\nsilence:\n  link/broken: \"please\"\n---\n\nText.\n",
    );
    let (_, json) = check_json(site.root(), &[]);
    let report: Report = serde_json::from_str(&json).unwrap();
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.file.ends_with("bad-silence.md") && d.code == "front-matter/silence")
        .unwrap();
    assert!(
        d.message.contains("errors cannot be silenced"),
        "{}",
        d.message
    );
}

#[test]
fn build_fails_on_the_error_class_of_checks() {
    let site = SiteTest::from_fixture("basic");
    site.build(&[]).assert_success();
    let before = site.output_snapshot();
    site.write(
        "content/articles/skips.md",
        "---\ntitle: \"Skips\"\ndate: 2026-02-02\n---\n\n## One\n\n#### Three\n",
    );
    let run: Run = site.build(&[]);
    run.assert_failure()
        .assert_stderr_has("error[heading/skipped-level]")
        .assert_stderr_has("--> content/articles/skips.md:8:1");
    assert_eq!(site.output_snapshot(), before);
}

#[test]
fn the_example_site_passes_with_no_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, json) = check_json(root, &[]);
    let report: Report = serde_json::from_str(&json).unwrap();
    let errors: Vec<&Diag> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(code, Some(0));
    assert!(report.articles.len() >= 8);
}

#[test]
fn drafts_are_checked_when_asked_for() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/articles/draft-with-h1.md",
        "---\ntitle: \"Draft\"\ndate: 2026-02-02\ndraft: true\n---\n\n# Not the title\n",
    );
    let (code, _) = check_json(site.root(), &[]);
    assert_eq!(
        code,
        Some(0),
        "drafts are left out by default, like in build"
    );
    let (code, json) = check_json(site.root(), &["--drafts"]);
    assert_eq!(code, Some(1));
    assert!(json.contains("heading/h1"), "{json}");
}

#[test]
fn an_intake_form_without_a_privacy_page_is_flagged_at_its_consent_question() {
    let site = SiteTest::from_fixture("directory");
    let codes = |root: &Path| -> Vec<Diag> {
        let (_, out) = check_json(root, &[]);
        let report: Report = serde_json::from_str(&out).unwrap();
        report
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "form/privacy-page")
            .collect()
    };
    assert_eq!(codes(site.root()), [], "the fixture has a privacy page");

    site.remove("content/privacy.md");
    let found = codes(site.root());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, "warning");
    assert_eq!(found[0].file, "forms/intake.yaml");
    // The consent question, `- id: consent` in the schema.
    assert_eq!(
        found[0].position,
        Some(Pos {
            line: 58,
            column: 7
        })
    );
    assert!(found[0]
        .help
        .as_deref()
        .unwrap()
        .contains("content/privacy.md"));
}

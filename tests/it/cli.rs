//! The command line: scaffolding, help and exit codes.

use std::path::Path;

use crate::support::{candor, Run};

/// Runs candor with `args`, then `path` as the last argument.
fn run_with_path(args: &[&str], path: &Path) -> Run {
    candor().args(args).arg(path).output().unwrap().into()
}

#[test]
fn new_site_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("mysite");
    run_with_path(&["new", "site"], &site).assert_success();
    run_with_path(&["build", "--root"], &site).assert_success();
    assert!(site.join("public/index.html").is_file());
    // The pages a practice's site needs, a sample of each kind of content,
    // and the intake form.
    for page in [
        "articles/start-here",
        "about",
        "privacy",
        "browsing-safely",
        "faq/questions",
        "therapists/example-therapist",
        "find-a-therapist",
    ] {
        assert!(
            site.join("public").join(page).join("index.html").is_file(),
            "{page}"
        );
    }
    assert!(site.join("forms/intake.yaml").is_file());
    // A free-form `tags` taxonomy and search are on.
    assert!(site.join("public/tags/index.html").is_file());
    assert!(site.join("public/search/index.html").is_file());
    assert!(site.join("public/search/data/meta.gz").is_file());
}

#[test]
fn new_site_refuses_a_folder_with_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    run_with_path(&["new", "site"], dir.path())
        .assert_failure()
        .assert_stderr_has("already exists");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn new_article_is_a_dated_draft() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let title = "Talking about desire: a start";
    run_with_path(&["new", "site"], &root).assert_success();
    run_with_path(&["new", "article", title, "--root"], &root).assert_success();
    let path = root.join("content/articles/talking-about-desire-a-start.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert!(text.contains(&format!("date: {today}")), "{text}");
    assert!(text.contains("draft: true"), "{text}");
    assert!(
        text.contains("title: \"Talking about desire: a start\""),
        "{text}"
    );
    // The draft builds, and stays out of the published site.
    run_with_path(&["build", "--root"], &root).assert_success();
    assert!(!root
        .join("public/articles/talking-about-desire-a-start")
        .exists());
    // A second article with the same title does not overwrite the first.
    run_with_path(&["new", "article", title, "--root"], &root).assert_failure();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn new_therapist_and_faq_start_pages_that_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    run_with_path(&["new", "site"], &root).assert_success();
    run_with_path(&["new", "therapist", "Ana Ruiz-Ortega", "--root"], &root).assert_success();
    run_with_path(&["new", "faq", "Costs and insurance", "--root"], &root).assert_success();
    let profile =
        std::fs::read_to_string(root.join("content/therapists/ana-ruiz-ortega.md")).unwrap();
    assert!(profile.contains("name: \"Ana Ruiz-Ortega\""), "{profile}");
    assert!(profile.contains("example: true"), "{profile}");
    let faq = std::fs::read_to_string(root.join("content/faq/costs-and-insurance.md")).unwrap();
    assert!(faq.contains("draft: true"), "{faq}");
    // Both build: the profile at once, the questions once drafts are asked for.
    run_with_path(&["build", "--drafts", "--root"], &root).assert_success();
    assert!(root
        .join("public/therapists/ana-ruiz-ortega/index.html")
        .is_file());
    assert!(root
        .join("public/faq/costs-and-insurance/index.html")
        .is_file());
    // Neither overwrites a file that exists.
    run_with_path(&["new", "therapist", "Ana Ruiz-Ortega", "--root"], &root).assert_failure();
    assert_eq!(
        std::fs::read_to_string(root.join("content/therapists/ana-ruiz-ortega.md")).unwrap(),
        profile
    );
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["new", "--help"],
        &["new", "site", "--help"],
        &["new", "article", "--help"],
        &["new", "therapist", "--help"],
        &["new", "faq", "--help"],
        &["intake", "dump", "--help"],
    ] {
        let output = candor().args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("Usage:"), "{args:?}: {text}");
    }
}

#[test]
fn usage_errors_exit_with_2() {
    let output = candor().args(["build", "--no-such-flag"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_missing_config_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    run_with_path(&["build", "--root"], dir.path())
        .assert_failure()
        .assert_stderr_has("candor.yaml")
        .assert_stderr_has("candor new site");
}

#[test]
fn the_readme_proxy_and_server_examples_send_hsts() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let blocks: Vec<&str> = readme
        .split("```")
        .skip(1)
        .step_by(2)
        .filter(|block| block.starts_with("nginx") || block.starts_with("caddy"))
        .collect();
    assert!(
        blocks.len() >= 4,
        "the nginx and Caddy examples: {}",
        blocks.len()
    );
    for block in blocks {
        assert!(
            block.contains("Strict-Transport-Security \"max-age="),
            "an example without HSTS:\n{block}"
        );
    }
    // And the proxy files of the deployment kit.
    for file in ["deploy/Caddyfile", "deploy/nginx.conf"] {
        let text =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
                .unwrap();
        assert!(
            text.contains("Strict-Transport-Security \"max-age="),
            "{file} sends no HSTS"
        );
        assert!(
            text.contains("X-Forwarded-For"),
            "{file} does not pass the client's address"
        );
    }
}

#[test]
fn the_readme_front_matter_example_builds_in_a_new_site() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let example = readme
        .split("```markdown\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README's markdown example");
    assert!(
        example.contains("topics:") && example.contains("tags:"),
        "{example}"
    );
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    run_with_path(&["new", "site"], &root).assert_success();
    std::fs::write(root.join("content/articles/from-the-readme.md"), example).unwrap();
    run_with_path(&["build", "--root"], &root).assert_success();
    assert!(root
        .join("public/articles/from-the-readme/index.html")
        .is_file());
}

//! The engine applied to changes: each must give exactly the files that a
//! full build of the changed sources gives, and render only what it
//! affects.

use std::collections::BTreeMap;

use super::*;

/// A site folder in a temporary directory, the engine over it, and the
/// files its changes made, as a preview would serve them.
struct Fixture {
    dir: tempfile::TempDir,
    site: Site,
    files: BTreeMap<String, Body>,
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn options(root: &Path, include_drafts: bool) -> SiteOptions {
    SiteOptions {
        root: root.to_path_buf(),
        include_drafts,
        base_url: Some("http://127.0.0.1:1111/".to_string()),
        retain: Retain::Outputs,
        image_cache: super::ImageCache::Off,
    }
}

/// Runs one step of the engine and applies what it hands over to `files`.
fn step(
    site: &mut Site,
    files: &mut BTreeMap<String, Body>,
    run: impl FnOnce(&mut Site, &Emit<'_>) -> Result<Update, Failure>,
) -> Result<Update, Failure> {
    let handed: Mutex<Vec<Output>> = Mutex::new(Vec::new());
    let update = run(site, &|output| {
        handed.lock().unwrap().push(output);
        Ok(())
    })?;
    for path in &update.removed {
        files.remove(path);
    }
    for output in handed.into_inner().unwrap() {
        files.insert(output.path, output.body);
    }
    Ok(update)
}

/// Every output of a full build of the folder at `options.root`.
fn full_build(options: &SiteOptions) -> BTreeMap<String, Body> {
    let mut files = BTreeMap::new();
    let mut site = Site::new(options.clone());
    assert_built(step(&mut site, &mut files, |s, emit| {
        s.apply(&Changes::everything(), emit)
    }));
    files
}

impl Fixture {
    /// A copy of `parts` of the folder `from` (relative to the crate).
    fn new(from: &str, parts: &[&str], include_drafts: bool) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(from);
        for part in parts {
            let source = from.join(part);
            if source.is_dir() {
                copy_dir(&source, &dir.path().join(part));
            } else if source.is_file() {
                std::fs::copy(&source, dir.path().join(part)).unwrap();
            }
        }
        let mut site = Site::new(options(dir.path(), include_drafts));
        let mut files = BTreeMap::new();
        assert_built(step(&mut site, &mut files, |s, emit| {
            s.apply(&Changes::everything(), emit)
        }));
        Fixture { dir, site, files }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.path(rel)).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(self.path(rel), text.replacen(from, to, 1)).unwrap();
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Applies `changes` without catching up or comparing.
    fn try_apply(&mut self, changes: &Changes) -> Result<Update, Failure> {
        step(&mut self.site, &mut self.files, |s, emit| {
            s.apply(changes, emit)
        })
    }

    /// Applies `changes`, catches up, and checks the result against a full
    /// build.
    fn apply(&mut self, changes: Changes) -> Update {
        let update = assert_built(self.try_apply(&changes));
        if self.site.behind() {
            assert_built(step(&mut self.site, &mut self.files, |s, emit| {
                s.catch_up(emit)
            }));
        }
        assert_same_files(&self.files, &full_build(&self.site.options));
        update
    }

    fn content(&mut self, rels: &[&str]) -> Update {
        self.apply(Changes {
            content: rels.iter().map(|r| r.to_string()).collect(),
            ..Changes::default()
        })
    }

    fn body(&self, path: &str) -> String {
        match &self.files[path] {
            Body::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Body::Copy(_) | Body::Cached(_) => panic!("{path} is a copy"),
        }
    }
}

#[track_caller]
/// Fails unless `ours` are the files `theirs` are, byte for byte.
fn assert_same_files(ours: &BTreeMap<String, Body>, theirs: &BTreeMap<String, Body>) {
    let paths = |files: &BTreeMap<String, Body>| files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(ours), paths(theirs), "different files");
    // Each engine has a cache of its own: a cached copy is the same
    // when its content-addressed name is.
    let same = |a: &Body, b: Option<&Body>| match (a, b) {
        (Body::Cached(a), Some(Body::Cached(b))) => a.file_name() == b.file_name(),
        (a, b) => Some(a) == b,
    };
    for (path, body) in ours {
        if !same(body, theirs.get(path)) {
            let text = |b: Option<&Body>| match b {
                Some(Body::Bytes(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
                other => format!("{other:?}"),
            };
            let (ours, full) = (text(Some(body)), text(theirs.get(path)));
            let at = ours
                .bytes()
                .zip(full.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let around = |t: &str| {
                t.get(at.saturating_sub(80)..(at + 120).min(t.len()))
                    .unwrap_or("")
                    .to_string()
            };
            panic!(
                "{path} differs from a full build:\n ours: {}\n full: {}",
                around(&ours),
                around(&full)
            );
        }
    }
}

fn assert_built(result: Result<Update, Failure>) -> Update {
    match result {
        Ok(update) => update,
        Err(Failure::Content(errors)) => panic!("the build failed: {errors:#?}"),
        Err(Failure::Environment(err)) => panic!("the build failed: {err}"),
    }
}

fn changed(update: &Update) -> Vec<&str> {
    let mut paths: Vec<&str> = update.changed_paths().collect();
    paths.sort_unstable();
    paths
}

fn failed(result: Result<Update, Failure>) -> Vec<Diagnostic> {
    match result {
        Err(Failure::Content(errors)) => errors,
        _ => panic!("the change must fail"),
    }
}

const FIXTURE: &[&str] = &["candor.yaml", "content", "static"];

#[test]
fn a_site_in_several_languages_follows_translations_coming_and_going() {
    let parts = &["candor.yaml", "content", "forms", "i18n"];
    let mut site = Fixture::new("tests/fixtures/i18n", parts, false);
    assert!(site
        .files
        .contains_key("es/articles/consentimiento/index.html"));
    // A new translation replaces the untranslated entry of its section.
    site.write(
        "content/articles/closeness.es.md",
        "---\ntitle: \"Cercanía\"\ndate: 2026-01-06\ntopics: [desire]\n---\nNadie la lista.\n",
    );
    let update = site.content(&["articles/closeness.es.md"]);
    assert!(changed(&update).contains(&"es/articles/closeness/index.html"));
    // An edit to a Spanish page shows in the Spanish site only.
    site.edit(
        "content/articles/consent.es.md",
        "una conversación que sigue.",
        "una conversación sin fin.",
    );
    let update = site.content(&["articles/consent.es.md"]);
    assert!(changed(&update).contains(&"es/articles/consentimiento/index.html"));
    assert!(!changed(&update).contains(&"articles/consent/index.html"));
    // Deleted: its page goes, and it is listed as untranslated again.
    std::fs::remove_file(site.path("content/articles/closeness.es.md")).unwrap();
    let update = site.content(&["articles/closeness.es.md"]);
    assert!(update
        .removed
        .contains(&"es/articles/closeness/index.html".to_string()));
    // The site's own interface strings replace the theme's.
    site.write("i18n/es.ftl", "breadcrumb-home = Portada\n");
    let update = site.apply(Changes {
        theme: true,
        ..Changes::default()
    });
    assert!(changed(&update).contains(&"es/articles/consentimiento/index.html"));
    assert!(site
        .body("es/articles/consentimiento/index.html")
        .contains(">Portada</a>"));
    // Back to one language: the other languages' files go.
    for entry in walkdir::WalkDir::new(site.path("content")) {
        let path = entry.unwrap().into_path();
        let name = path.to_string_lossy();
        if name.ends_with(".es.md") || name.ends_with(".ar.md") {
            std::fs::remove_file(&path).unwrap();
        }
    }
    site.edit("candor.yaml", "  - code: es\n    name: Español\n", "");
    site.edit("candor.yaml", "  - code: ar\n    name: العربية\n", "");
    let update = site.apply(Changes {
        config: true,
        ..Changes::default()
    });
    assert!(update
        .removed
        .contains(&"es/articles/consentimiento/index.html".to_string()));
    assert!(!site.files.keys().any(|p| p.starts_with("es/")));
}

#[test]
fn drafts_of_every_language_are_marked_where_they_are_served() {
    let parts = &["candor.yaml", "content", "forms"];
    let mut site = Fixture::new("tests/fixtures/i18n", parts, true);
    site.write(
        "content/articles/closeness.es.md",
        "---\ntitle: \"Cercanía\"\ndate: 2026-01-06\ndraft: true\n---\nBorrador.\n",
    );
    let update = site.content(&["articles/closeness.es.md"]);
    assert!(
        update.drafts.contains("/es/articles/closeness/"),
        "{:?}",
        update.drafts
    );
    assert!(!update.drafts.contains("/articles/closeness/"));
}

#[test]
fn a_body_edit_renders_the_page_and_what_lists_it() {
    let mut site = Fixture::new("tests/fixtures/basic", FIXTURE, false);
    site.edit(
        "content/articles/third.md",
        "The oldest one.",
        "The oldest one, edited.",
    );
    let update = assert_built(site.try_apply(&Changes {
        content: ["articles/third.md".to_string()].into(),
        ..Changes::default()
    }));
    let rendered = update.rendered.clone();
    site.content(&[]);
    let paths = changed(&update);
    assert!(paths.contains(&"articles/third/index.html"), "{paths:?}");
    // The page, its neighbours, the list page, home page and feed that
    // show it; not pages that do not, nor the sitemap, which lists
    // addresses and dates only.
    for shown in [
        "articles/third/index.html",
        "articles/bundle/index.html",
        "articles/page/2/index.html",
        "index.html",
        "atom.xml",
    ] {
        assert!(rendered.iter().any(|p| p == shown), "{shown}: {rendered:?}");
    }
    for not_shown in [
        "about/index.html",
        "faq/basics/index.html",
        "articles/first/index.html",
        "articles/index.html",
        "tags/index.html",
        "sitemap.xml",
        "style.css",
    ] {
        assert!(
            !rendered.iter().any(|p| p == not_shown),
            "{not_shown}: {rendered:?}"
        );
    }
}

#[test]
fn front_matter_edits_move_pages_between_lists() {
    let mut site = Fixture::new("tests/fixtures/basic", FIXTURE, false);
    site.edit(
        "content/articles/third.md",
        "date: 2026-01-15",
        "date: 2026-09-15",
    );
    site.content(&["articles/third.md"]);
    site.edit(
        "content/articles/second.md",
        "tags: [talking]",
        "tags: [new tag]",
    );
    let update = site.content(&["articles/second.md"]);
    assert!(changed(&update).contains(&"tags/new-tag/index.html"));
    site.edit(
        "content/articles/first.md",
        "title: \"First article\"",
        "title: \"Renamed\"",
    );
    site.content(&["articles/first.md"]);
    site.edit(
        "content/articles/second.md",
        "## Details",
        "## Details {#more}",
    );
    failed(site.try_apply(&Changes {
        content: ["articles/second.md".to_string()].into(),
        ..Changes::default()
    }));
    site.edit(
        "content/articles/first.md",
        "second.md#details",
        "second.md#more",
    );
    site.content(&["articles/first.md"]);
}

#[test]
fn new_renamed_and_deleted_files_leave_nothing_stale() {
    let mut site = Fixture::new("tests/fixtures/basic", FIXTURE, false);
    site.write(
        "content/articles/fourth.md",
        "---\ntitle: \"Fourth\"\ndate: 2026-08-01\ntopics: [intimacy]\n---\n\nNew.\n",
    );
    let update = site.content(&["articles/fourth.md"]);
    assert!(changed(&update).contains(&"articles/fourth/index.html"));
    std::fs::rename(
        site.path("content/articles/fourth.md"),
        site.path("content/articles/renamed.md"),
    )
    .unwrap();
    let update = site.content(&["articles/fourth.md", "articles/renamed.md"]);
    assert!(update
        .removed
        .contains(&"articles/fourth/index.html".to_string()));
    std::fs::remove_file(site.path("content/articles/third.md")).unwrap();
    let update = site.content(&["articles/third.md"]);
    assert!(update
        .removed
        .contains(&"articles/third/index.html".to_string()));
    std::fs::remove_dir_all(site.path("content/articles/bundle")).unwrap();
    let update = site.content(&["articles/bundle"]);
    assert!(update
        .removed
        .contains(&"articles/bundle/photo.svg".to_string()));
}

#[test]
fn drafts_sections_and_a_broken_file_then_fixed() {
    let mut site = Fixture::new("tests/fixtures/basic", FIXTURE, false);
    site.edit("content/articles/secret.md", "draft: true", "draft: false");
    let update = site.content(&["articles/secret.md"]);
    assert!(changed(&update).contains(&"articles/secret/index.html"));
    site.edit(
        "content/articles/_index.md",
        "title: \"Articles\"",
        "title: \"Reading\"",
    );
    site.content(&["articles/_index.md"]);
    site.edit("content/faq/_index.md", "page_kind: faq", "page_kind: page");
    site.apply(Changes {
        content: ["faq/_index.md".to_string()].into(),
        ..Changes::default()
    });
    let good = std::fs::read_to_string(site.path("content/about.md")).unwrap();
    site.write("content/about.md", "---\ntitle: [broken\n---\n");
    let errors = failed(site.try_apply(&Changes {
        content: ["about.md".to_string()].into(),
        ..Changes::default()
    }));
    assert_eq!(errors[0].file, Path::new("content/about.md"));
    site.write("content/about.md", &good);
    site.content(&["about.md"]);
}

#[test]
fn theme_static_and_config_changes() {
    let mut site = Fixture::new("tests/fixtures/basic", FIXTURE, true);
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    site.write(
        "templates/base.html",
        &base.replace("<footer", "<div>edited</div><footer"),
    );
    let update = site.apply(Changes {
        theme: true,
        ..Changes::default()
    });
    assert!(changed(&update).contains(&"about/index.html"));
    site.write(
        "templates/base.html",
        &base.replace("{% block content %}", "{% block content"),
    );
    let errors = failed(site.try_apply(&Changes {
        theme: true,
        ..Changes::default()
    }));
    assert_eq!(errors[0].code, "template/error");
    site.write(
        "templates/base.html",
        &base.replace("<footer", "<div>again</div><footer"),
    );
    site.apply(Changes {
        theme: true,
        ..Changes::default()
    });
    site.write("static/files/handout.txt", "changed");
    let update = site.apply(Changes {
        theme: true,
        ..Changes::default()
    });
    assert_eq!(changed(&update), ["files/handout.txt"]);
    site.edit("candor.yaml", "paginate_by: 10", "paginate_by: 1");
    site.apply(Changes {
        config: true,
        ..Changes::default()
    });
}

const EXAMPLE: &[&str] = &[
    "candor.yaml",
    "content",
    "themes",
    "forms",
    "static",
    "templates",
];

#[test]
fn the_example_site_stays_equal_to_a_full_build() {
    let mut site = Fixture::new(".", EXAMPLE, false);
    let article = walkdir::WalkDir::new(site.path("content/articles"))
        .into_iter()
        .map(Result::unwrap)
        .find(|e| e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "_index.md")
        .unwrap();
    let rel = article
        .path()
        .strip_prefix(site.path("content"))
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let text = std::fs::read_to_string(article.path()).unwrap();
    std::fs::write(article.path(), format!("{text}\nOne more sentence.\n")).unwrap();
    site.content(&[&rel]);
    let therapist = walkdir::WalkDir::new(site.path("content"))
        .into_iter()
        .map(Result::unwrap)
        .find(|e| {
            e.path().extension().is_some_and(|x| x == "md")
                && e.file_name() != "_index.md"
                && e.path().to_string_lossy().contains("therapists")
        });
    if let Some(therapist) = therapist {
        let rel = therapist
            .path()
            .strip_prefix(site.path("content"))
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let text = std::fs::read_to_string(therapist.path()).unwrap();
        std::fs::write(therapist.path(), format!("{text}\nAlso sees couples.\n")).unwrap();
        site.content(&[&rel]);
    }
}

/// The engine over the fixture's folder, reading it as a large site is
/// read: every page's body kept compressed.
fn packed_build(site: &Fixture) -> (Site, BTreeMap<String, Body>, Result<Update, Failure>) {
    let mut packed = Site::new(site.site.options.clone());
    packed.keep_text_plain_up_to(0);
    let mut files = BTreeMap::new();
    let result = step(&mut packed, &mut files, |s, emit| {
        s.apply(&Changes::everything(), emit)
    });
    (packed, files, result)
}

#[test]
fn a_site_whose_text_is_kept_compressed_builds_the_same_files_and_previews_alike() {
    let mut site = Fixture::new(".", EXAMPLE, false);
    let (packed, files, result) = packed_build(&site);
    let update = assert_built(result);
    let pages = &packed.linked()[0].pages;
    let kept = pages.iter().filter(|p| p.page.text.is_packed()).count();
    assert!(
        kept * 2 > pages.len(),
        "{kept} of {} pages packed",
        pages.len()
    );
    assert_same_files(&files, &site.files);
    let mut warnings = update.warnings;
    let mut plain = assert_built(site.try_apply(&Changes::everything())).warnings;
    warnings.sort_by_key(|d| format!("{d:?}"));
    plain.sort_by_key(|d| format!("{d:?}"));
    assert_eq!(warnings, plain);

    // An edit to a compressed page's body, as a preview applies it (the
    // page read again, the rest as they were), gives what a full build
    // gives.
    site.site = packed;
    site.files = files;
    let rel = "faq/sex-therapy-basics.md";
    let text = std::fs::read_to_string(site.path("content").join(rel)).unwrap();
    site.write(
        &format!("content/{rel}"),
        &format!("{text}\n## Can I stop partway?\n\nYes, whenever you choose.\n"),
    );
    site.content(&[rel]);
    assert!(site
        .body("faq/sex-therapy-basics/index.html")
        .contains("Can I stop partway?"));
}

#[test]
fn a_small_site_whose_text_is_kept_compressed_builds_the_same_files_and_errors() {
    // Questions in the body and in front matter, a bundle, drafts, and
    // questions long enough to be compressed.
    let site = Fixture::new("tests/fixtures/basic", FIXTURE, false);
    let answer = "Talking it through first helps, and so does going slowly. ".repeat(8);
    site.write(
        "content/faq/longer.md",
        &format!(
            "---\ntitle: \"Longer answers\"\n---\n\n{answer}\n\n## What if we disagree?\n\n{answer}\n\n## Where do we start?\n\n{answer}\n"
        ),
    );
    let (packed, files, result) = packed_build(&site);
    assert_built(result);
    let faq = packed.linked()[0]
        .pages
        .iter()
        .find(|p| p.page.rel == "faq/longer.md")
        .unwrap();
    assert!(faq.page.kind == load::PageKind::Faq && faq.page.text.is_packed());
    assert_same_files(&files, &full_build(&site.site.options));

    let mut text = std::fs::read_to_string(site.path("content/articles/first.md")).unwrap();
    text.push_str("\n\nSee also [the missing page](nowhere.md).\n");
    site.write("content/articles/first.md", &text);
    let mut found = failed(packed_build(&site).2);
    let mut plain = failed({
        let mut site = Site::new(site.site.options.clone());
        step(&mut site, &mut BTreeMap::new(), |s, emit| {
            s.apply(&Changes::everything(), emit)
        })
    });
    let broken = found
        .iter()
        .find(|d| d.message.contains("nowhere"))
        .unwrap_or_else(|| panic!("no error for the broken link: {found:#?}"));
    assert!(broken.position.is_some_and(|p| p.line > 5), "{broken:?}");
    found.sort_by_key(|d| format!("{d:?}"));
    plain.sort_by_key(|d| format!("{d:?}"));
    assert_eq!(found, plain);
}

const I18N: &[&str] = &["candor.yaml", "content", "forms", "i18n"];

#[test]
fn a_body_edit_in_another_language_renders_what_shows_that_page_only() {
    let mut site = Fixture::new("tests/fixtures/i18n", I18N, false);
    // A Spanish body that links to a page Spanish lacks (it goes to the
    // English one) and to a Spanish page's heading.
    site.edit(
        "content/articles/consent.es.md",
        "Lee también sobre la",
        "Lee también, con calma, sobre la",
    );
    let update = assert_built(site.try_apply(&Changes {
        content: ["articles/consent.es.md".to_string()].into(),
        ..Changes::default()
    }));
    let rendered = update.rendered.clone();
    assert!(
        changed(&update).contains(&"es/articles/consentimiento/index.html"),
        "{:?}",
        changed(&update)
    );
    assert!(site
        .body("es/articles/consentimiento/index.html")
        .contains("con calma"));
    // The Spanish list and neighbour that show it; not the other
    // languages, nor Spanish pages that do not show it, nor what reads the
    // whole site.
    assert!(rendered.iter().any(|p| p == "es/articles/index.html"));
    for not_shown in [
        "articles/consent/index.html",
        "ar/articles/consent/index.html",
        "es/topics/index.html",
        "es/sitemap.xml",
        "index.html",
    ] {
        assert!(
            !rendered.iter().any(|p| p == not_shown),
            "{not_shown}: {rendered:?}"
        );
    }
    assert!(rendered.len() < 10, "{rendered:?}");
    site.content(&[]);
}

#[test]
fn a_template_edit_renders_every_language_and_a_broken_link_fails_in_any() {
    let mut site = Fixture::new("tests/fixtures/i18n", I18N, false);
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    site.write(
        "templates/base.html",
        &base.replace("<footer", "<div>edited</div><footer"),
    );
    let update = site.apply(Changes {
        theme: true,
        ..Changes::default()
    });
    for page in [
        "articles/consent/index.html",
        "es/articles/consentimiento/index.html",
        "ar/index.html",
    ] {
        assert!(changed(&update).contains(&page), "{page}");
        assert!(site.body(page).contains("<div>edited</div>"), "{page}");
    }
    // A broken link in a Spanish body fails the change and serves nothing
    // new; fixing it brings the page back in step.
    site.edit(
        "content/articles/consent.es.md",
        "(closeness.md)",
        "(nowhere.md)",
    );
    let errors = failed(site.try_apply(&Changes {
        content: ["articles/consent.es.md".to_string()].into(),
        ..Changes::default()
    }));
    assert_eq!(errors[0].file, Path::new("content/articles/consent.es.md"));
    site.edit(
        "content/articles/consent.es.md",
        "(nowhere.md)",
        "(closeness.md)",
    );
    site.content(&["articles/consent.es.md"]);
}

#[test]
fn a_renamed_translation_and_a_config_edit_in_several_languages() {
    let mut site = Fixture::new("tests/fixtures/i18n", I18N, false);
    // Renamed: the translation keeps its key but takes its address from
    // its new name, so the old address goes.
    std::fs::rename(
        site.path("content/articles/deseo.es.md"),
        site.path("content/articles/anhelo.es.md"),
    )
    .unwrap();
    let update = site.content(&["articles/deseo.es.md", "articles/anhelo.es.md"]);
    assert!(
        update
            .removed
            .iter()
            .any(|p| p.starts_with("es/articles/deseo")),
        "{:?}",
        update.removed
    );
    assert!(changed(&update)
        .iter()
        .any(|p| p.starts_with("es/articles/anhelo")));
    // A config edit that retitles the site shows in every language.
    site.edit(
        "candor.yaml",
        "es: \"Puerta Abierta\"",
        "es: \"Puerta Nueva\"",
    );
    let update = site.apply(Changes {
        config: true,
        ..Changes::default()
    });
    assert!(changed(&update).contains(&"es/index.html"));
    assert!(site.body("es/index.html").contains("Puerta Nueva"));
    assert!(!changed(&update).contains(&"favicon.svg"));
}

#[test]
fn a_page_kind_set_and_removed_in_a_section_that_has_a_translation() {
    let mut site = Fixture::new("tests/fixtures/i18n", I18N, false);
    site.edit(
        "content/articles/_index.md",
        "title: \"Articles\"",
        "title: \"Articles\"\npage_kind: page",
    );
    site.content(&["articles/_index.md"]);
    site.edit("content/articles/_index.md", "\npage_kind: page", "");
    site.content(&["articles/_index.md"]);
    // The translated section's own file edited: the kinds stay those a full
    // load gives.
    site.edit(
        "content/articles/_index.es.md",
        "---\n",
        "---\ndescription: \"Todo\"\n",
    );
    site.content(&["articles/_index.es.md"]);
    site.edit(
        "content/articles/consent.es.md",
        "Lee también sobre la",
        "Lee también, despacio, sobre la",
    );
    site.content(&["articles/consent.es.md"]);
}

#[test]
fn a_search_template_added_to_a_theme_without_one_brings_search() {
    let mut site = Fixture::new("tests/fixtures/basic", FIXTURE, false);
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    copy_dir(&theme, &site.path("themes/default"));
    let search = site.path("themes/default/templates/search.html");
    let text = std::fs::read_to_string(&search).unwrap();
    std::fs::remove_file(&search).unwrap();
    site.apply(Changes::everything());
    assert!(!site.files.contains_key("search/index.html"));
    std::fs::write(&search, text).unwrap();
    site.apply(Changes {
        theme: true,
        ..Changes::default()
    });
    assert!(site.files.contains_key("search/index.html"));
    std::fs::remove_file(&search).unwrap();
    site.apply(Changes {
        theme: true,
        ..Changes::default()
    });
    assert!(!site.files.contains_key("search/index.html"));
}

#[test]
fn a_new_question_and_a_deleted_page_reach_the_a_to_z_lists() {
    let mut site = Fixture::new("tests/fixtures/basic", FIXTURE, false);
    assert!(site.files.contains_key("search/other-pages/index.html"));
    site.edit(
        "content/faq/basics.md",
        "## Can I bring a partner?",
        "## Can I ask anything?\n\nYes.\n\n## Can I bring a partner?",
    );
    site.content(&["faq/basics.md"]);
    assert!(site
        .body("search/questions/index.html")
        .contains("Can I ask anything?"));
    // The only page of its kind gone, its list goes too.
    std::fs::remove_file(site.path("content/about.md")).unwrap();
    site.content(&["about.md"]);
    assert!(!site.files.contains_key("search/other-pages/index.html"));
    assert!(!site
        .body("search/index.html")
        .contains("/search/other-pages/"));
}

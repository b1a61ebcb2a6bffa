//! `candor new`: a new site that builds, or a new article with its front
//! matter filled in.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::slug::slugify;
use crate::Error;

/// Creates a new site in `dir`, which must not exist or be empty: the
/// starting site of [`crate::starter`], with today's date on its sample
/// article. Returns the files written.
pub fn new_site(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, Error> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Error::Exists {
            path: dir.to_path_buf(),
        });
    }
    let mut written = Vec::new();
    for (rel, text) in crate::starter::files() {
        let text = if rel == crate::starter::SAMPLE_ARTICLE {
            text.replacen(
                "\ndate: 2026-01-01\n",
                &format!("\ndate: {}\n", today.format("%Y-%m-%d")),
                1,
            )
        } else {
            text.to_string()
        };
        written.push(write_new(&dir.join(rel), &text)?);
    }
    Ok(written)
}

/// Writes `text` to `path`, a file that must not exist yet, with its folder.
fn write_new(path: &Path, text: &str) -> Result<PathBuf, Error> {
    if path.exists() {
        return Err(Error::Exists {
            path: path.to_path_buf(),
        });
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(path, text).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(path.to_path_buf())
}

/// The file name for `title`: its slug, or `untitled`.
fn file_slug(title: &str) -> String {
    let slug = slugify(title);
    if slug.is_empty() {
        "untitled".to_string()
    } else {
        slug
    }
}

/// A double-quoted YAML string: a JSON string is one.
fn quoted(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// Writes `content/therapists/<slug>.md` under `root`: a profile with
/// every field to fill in, marked as an example until it is checked.
pub fn new_therapist(root: &Path, name: &str) -> Result<PathBuf, Error> {
    let path = root
        .join("content")
        .join(crate::directory::THERAPISTS_DIR)
        .join(format!("{}.md", file_slug(name)));
    let name = quoted(name);
    write_new(
        &path,
        &format!(
            "---\nname: {name}\n# pronouns: she/her\n# Remove this line once every detail below is true.\nexample: true\nsummary: \"One sentence: who they help, and how.\"\ncredentials: [LMFT]\nlicenses:\n  - state: CA\n    type: LMFT\n    number: \"the license number\"\nspecialties: []\nlanguages: [English]\nformats: [individual]\ntelehealth: true\n# office:\n#   city: \"\"\n#   state: CA\naccepting_new_clients: true\n# fees: \"\"\n# sliding_scale: false\n# insurance: []\n---\n\nA few paragraphs about who they work with and how, in a warm, plain voice.\n"
        ),
    )
}

/// Writes `content/faq/<slug>.md` under `root` as a draft: a page of
/// questions and answers.
pub fn new_faq(root: &Path, title: &str, today: NaiveDate) -> Result<PathBuf, Error> {
    let path = root
        .join("content")
        .join("faq")
        .join(format!("{}.md", file_slug(title)));
    let title = quoted(title);
    let date = today.format("%Y-%m-%d");
    write_new(
        &path,
        &format!(
            "---\ntitle: {title}\ndescription: \"One plain sentence about these questions.\"\ndate: {date}\ndraft: true\n# topics: []\nfaq:\n  - q: \"The question, as a reader would ask it?\"\n    a: |\n      The answer, in a few short sentences.\n---\n"
        ),
    )
}

/// Writes `content/articles/<slug>.md` under `root` as a draft dated
/// `today`, refusing to overwrite an existing file.
pub fn new_article(root: &Path, title: &str, today: NaiveDate) -> Result<PathBuf, Error> {
    let path = root
        .join("content")
        .join("articles")
        .join(format!("{}.md", file_slug(title)));
    write_new(&path, &article_text(title, today, true))
}

fn article_text(title: &str, today: NaiveDate, draft: bool) -> String {
    let quoted = quoted(title);
    let date = today.format("%Y-%m-%d");
    let draft_line = if draft { "draft: true\n" } else { "" };
    format!(
        "---\ntitle: {quoted}\ndescription: \"One plain sentence about this article.\"\ndate: {date}\n{draft_line}# topics: []\n# tags: []\n# author: \"\"\n# reviewed_by:\n#   name: \"\"\n#   credentials: \"\"\n# last_reviewed: {date}\n---\n\nWrite the article here. Use `##` for section headings.\n"
    )
}

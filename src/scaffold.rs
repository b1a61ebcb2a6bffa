//! `candor new`: a new site that builds, or a new article with its front
//! matter filled in.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::slug::slugify;
use crate::Error;

const SITE_CONFIG: &str = r#"# Settings for this site. Every key is described in candor's README.
title: "My practice"
description: "Plain-language information about sexual wellness and therapy"
base_url: "https://example.org"
language: en
theme: default
practice:
  name: "My practice"
  contact:
    email: "hello@example.org"
crisis_resources:
  - name: "988 Suicide & Crisis Lifeline"
    phone: "988"
    text: "988"
taxonomies:
  - name: tags
    title: Tags
paginate_by: 10
review_interval_days: 365
"#;

const SITE_HOME: &str = "---\ntitle: \"Welcome\"\ndescription: \"What this site offers\"\n---\n\nThis site explains sexual wellness in plain words. Start with the [articles](articles/_index.md).\n";
const SITE_ARTICLES: &str =
    "---\ntitle: \"Articles\"\ndescription: \"Everything we have written\"\nsort_by: date\n---\n";
const SITE_ABOUT: &str = "---\ntitle: \"About us\"\ndescription: \"Who writes this site\"\n---\n\nTell readers who you are and how to reach you.\n";

/// Creates a new site in `dir`, which must not exist or be empty.
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
    let welcome = article_text("Welcome to your new site", today, false);
    let files: [(&str, &str); 5] = [
        ("candor.yaml", SITE_CONFIG),
        ("content/_index.md", SITE_HOME),
        ("content/articles/_index.md", SITE_ARTICLES),
        ("content/articles/welcome-to-your-new-site.md", &welcome),
        ("content/about.md", SITE_ABOUT),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, text).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

/// Writes `content/articles/<slug>.md` under `root` as a draft dated
/// `today`, refusing to overwrite an existing file.
pub fn new_article(root: &Path, title: &str, today: NaiveDate) -> Result<PathBuf, Error> {
    let mut slug = slugify(title);
    if slug.is_empty() {
        slug = "untitled".to_string();
    }
    let dir = root.join("content").join("articles");
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        return Err(Error::Exists { path });
    }
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    std::fs::write(&path, article_text(title, today, true)).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

fn article_text(title: &str, today: NaiveDate, draft: bool) -> String {
    // A JSON string is a valid double-quoted YAML string.
    let quoted = serde_json::Value::from(title).to_string();
    let date = today.format("%Y-%m-%d");
    let draft_line = if draft { "draft: true\n" } else { "" };
    format!(
        "---\ntitle: {quoted}\ndescription: \"One plain sentence about this article.\"\ndate: {date}\n{draft_line}# topics: []\n# tags: []\n# author: \"\"\n# reviewed_by:\n#   name: \"\"\n#   credentials: \"\"\n# last_reviewed: {date}\n---\n\nWrite the article here. Use `##` for section headings.\n"
    )
}

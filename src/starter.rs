//! The starting site that `candor new site` writes: settings with every
//! placeholder marked, the pages a practice's site needs, a sample
//! article, an example therapist and the default questionnaire. The files
//! are in `src/starter/`, built into the binary. `candor check` knows the
//! sample article, to remind the practice to replace it.

use include_dir::{include_dir, Dir, DirEntry};

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/starter");

/// The sample article, relative to the site's folder.
pub const SAMPLE_ARTICLE: &str = "content/articles/start-here.md";

/// Every file of the starting site: its path relative to the site's folder
/// (`/` separators) and its text.
pub fn files() -> Vec<(&'static str, &'static str)> {
    let mut found = Vec::new();
    collect(&STARTER, &mut found);
    found.sort_by_key(|(rel, _)| *rel);
    found
}

fn collect(dir: &'static Dir<'static>, found: &mut Vec<(&'static str, &'static str)>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(sub) => collect(sub, found),
            DirEntry::File(file) => {
                if let (Some(rel), Some(text)) = (file.path().to_str(), file.contents_utf8()) {
                    found.push((rel, text));
                }
            }
        }
    }
}

/// The body of the sample article (what follows its front matter), to tell
/// whether a site still has it as it came.
pub fn sample_article_body() -> &'static str {
    let text = STARTER
        .get_file(SAMPLE_ARTICLE)
        .and_then(|f| f.contents_utf8())
        .unwrap_or_default();
    body_of(text)
}

/// The text after a markdown file's front matter.
pub fn body_of(text: &str) -> &str {
    text.strip_prefix("---")
        .and_then(|rest| rest.find("\n---").map(|end| &rest[end + 4..]))
        .unwrap_or(text)
        .trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starting_site_has_its_settings_form_and_pages() {
        let names: Vec<&str> = files().iter().map(|(rel, _)| *rel).collect();
        for wanted in [
            "candor.yaml",
            "forms/intake.yaml",
            "content/_index.md",
            "content/about.md",
            "content/privacy.md",
            "content/browsing-safely.md",
            SAMPLE_ARTICLE,
            "content/faq/questions.md",
            "content/therapists/example-therapist.md",
        ] {
            assert!(
                names.contains(&wanted),
                "{wanted} is missing from {names:?}"
            );
        }
        assert!(sample_article_body().starts_with("This is a sample article."));
    }
}

//! Every diagnostic code candor reports, with its severity and meaning.
//!
//! The codes are stable names: editors silence warnings by them, and CI
//! tooling reads them from `candor check --format json`. The README's table
//! of codes is this list.

use crate::diag::Severity;

/// One kind of diagnostic.
#[derive(Debug, Clone, Copy)]
pub struct Code {
    /// The stable name, e.g. `link/broken`.
    pub name: &'static str,
    /// Whether it fails the build.
    pub severity: Severity,
    /// What it means, in a few words.
    pub summary: &'static str,
}

const fn error(name: &'static str, summary: &'static str) -> Code {
    Code {
        name,
        severity: Severity::Error,
        summary,
    }
}

const fn note(name: &'static str, summary: &'static str) -> Code {
    Code {
        name,
        severity: Severity::Note,
        summary,
    }
}

const fn warning(name: &'static str, summary: &'static str) -> Code {
    Code {
        name,
        severity: Severity::Warning,
        summary,
    }
}

/// Every code, grouped by what it is about.
pub const CODES: &[Code] = &[
    error("config/read", "candor.yaml cannot be read"),
    error(
        "config/invalid",
        "candor.yaml is not valid YAML or has a wrong type",
    ),
    error(
        "config/unknown-key",
        "candor.yaml has a key candor does not know",
    ),
    error("config/missing-key", "candor.yaml lacks a required key"),
    error(
        "config/value",
        "a setting in candor.yaml has an unusable value",
    ),
    error("content/missing", "there is no content folder"),
    error("content/read", "a content file cannot be read"),
    error("content/encoding", "a content file is not UTF-8 text"),
    error("content/file-name", "a file name cannot become an address"),
    error("content/slug", "a slug is not a lowercase URL slug"),
    error("content/date", "an article has no date"),
    error("content/title", "a title is empty"),
    error("content/alias", "an alias is not a path within the site"),
    error(
        "content/language",
        "a file is named as a translation into a language the site does not have",
    ),
    error(
        "front-matter/missing",
        "a file does not start with front matter",
    ),
    error(
        "front-matter/unclosed",
        "the front matter has no closing ---",
    ),
    error(
        "front-matter/invalid",
        "the front matter is not valid YAML or has a wrong type",
    ),
    error(
        "front-matter/unknown-key",
        "the front matter has a key candor does not know",
    ),
    error(
        "front-matter/missing-key",
        "the front matter lacks a required key",
    ),
    error(
        "front-matter/silence",
        "a silence entry names an unknown or error code, or gives no reason",
    ),
    error(
        "taxonomy/not-configured",
        "a page uses a taxonomy the site does not have",
    ),
    error(
        "taxonomy/unknown-term",
        "a topic is not one of the configured terms",
    ),
    error("taxonomy/bad-term", "a term has no letters or digits"),
    error("url/conflict", "two files or aliases claim one address"),
    error(
        "url/alias",
        "an alias that is not a clean path from the site's root",
    ),
    error(
        "link/broken",
        "a link or image points to a file that does not exist",
    ),
    error(
        "link/anchor",
        "a link points to a heading that does not exist",
    ),
    error("link/draft", "a published page links to a draft"),
    error("link/empty", "a link has no destination"),
    error("link/empty-text", "a link has no text"),
    error(
        "link/malformed",
        "an external link is not a valid web address",
    ),
    warning(
        "link/insecure",
        "an external link uses http rather than https",
    ),
    warning(
        "link/vague-text",
        "link text such as \"click here\" says nothing out of context",
    ),
    error("heading/duplicate-id", "two headings have the same {#id}"),
    error(
        "heading/h1",
        "the body has a level-one heading; the title is the page's h1",
    ),
    error(
        "heading/skipped-level",
        "a heading skips a level, such as ## then ####",
    ),
    error("a11y/image-alt", "an image has no alt text"),
    warning(
        "a11y/alt-text",
        "alt text is a file name or starts with \"image of\"",
    ),
    warning("meta/description-missing", "a page has no description"),
    warning(
        "meta/description-long",
        "a description is over 160 characters",
    ),
    warning("meta/duplicate-title", "two pages have the same title"),
    warning(
        "review/missing",
        "an article has no reviewer or review date",
    ),
    warning("review/overdue", "an article's next review date has passed"),
    error("review/future", "a review date is in the future"),
    warning(
        "readability/grade",
        "an article reads above the configured grade level",
    ),
    warning("page/orphan", "no link or listing leads to a page"),
    error(
        "therapist/field",
        "a therapist profile lacks a license, language, format or way to meet",
    ),
    error(
        "therapist/photo",
        "a profile photo is missing or has no alt text",
    ),
    error(
        "image/unreadable",
        "a photo is not a JPEG, PNG or WebP file candor can read",
    ),
    error(
        "image/cache",
        "the image cache folder cannot be read or written",
    ),
    warning(
        "image/oversized",
        "a photo is more than 4 times wider than its widest published copy",
    ),
    note(
        "image/metadata",
        "a photo's original carries location, camera or other metadata (never published)",
    ),
    error(
        "search/synonyms",
        "search/synonyms.yaml cannot be read, is not valid YAML, or has a group that is not one",
    ),
    warning(
        "search/heavy-synonyms",
        "a language's search synonyms are so long that every first search is slowed",
    ),
    note(
        "search/language",
        "search matches exact words in a language without a stemmer",
    ),
    error("form/read", "the intake form schema cannot be read"),
    error(
        "form/invalid",
        "the intake form schema is not valid YAML or has a wrong type",
    ),
    error(
        "form/unknown-key",
        "the intake form schema has a key candor does not know",
    ),
    error(
        "form/missing-key",
        "the intake form schema lacks a required key",
    ),
    error(
        "form/field",
        "a form field is malformed: id, choices, length, autocomplete or reference",
    ),
    error(
        "form/state",
        "the intake form does not ask for the state of residence",
    ),
    error(
        "form/consent",
        "the intake form has no required consent checkbox",
    ),
    warning(
        "config/placeholder",
        "a setting still holds a placeholder, such as an example.org address",
    ),
    warning(
        "therapist/example",
        "a therapist profile is marked `example: true`",
    ),
    warning(
        "content/sample",
        "the sample article of a new site is still as it came",
    ),
    warning(
        "form/privacy-page",
        "the intake form asks for consent but the site has no privacy page",
    ),
    error(
        "form/missing",
        "the intake page is asked for but the site has no form",
    ),
    error(
        "form/text",
        "a form text is given per language but not in the default one",
    ),
    error(
        "i18n/syntax",
        "a Fluent translation file has a syntax error",
    ),
    error(
        "i18n/encoding",
        "a Fluent translation file is not UTF-8 text",
    ),
    warning(
        "i18n/missing-message",
        "a language lacks an interface string and shows the default language's",
    ),
    warning(
        "i18n/untranslated",
        "a page has no translation in one of the site's languages",
    ),
    error("theme/missing", "the configured theme does not exist"),
    error(
        "theme/read",
        "a theme or site template or static file cannot be read",
    ),
    error("template/encoding", "a template is not UTF-8 text"),
    error(
        "template/missing",
        "a required or named template does not exist",
    ),
    error(
        "template/error",
        "a template has a syntax or rendering error",
    ),
    error(
        "callout/unknown-kind",
        "a callout's `[!KIND]` is not a kind the site knows",
    ),
    error(
        "content/answer-block",
        "a front-matter answer has a callout or citation it cannot show",
    ),
    warning("key-points/missing", "a long article has no key points"),
    warning(
        "key-points/count",
        "an article has fewer than two or more than five key points",
    ),
    warning(
        "key-points/long",
        "a key point is longer than one short sentence",
    ),
    note(
        "glossary/unlinked-term",
        "an article uses a glossary term without linking it",
    ),
    error(
        "glossary/unknown-term",
        "`term_aliases` names a term the glossary does not have",
    ),
    error("source/read", "the bibliography cannot be read"),
    error("source/invalid", "a bibliography entry cannot be read"),
    error(
        "source/style",
        "the citation style is unknown or cannot be read",
    ),
    error(
        "source/unknown-key",
        "a citation names a work the bibliography does not have",
    ),
    warning(
        "source/uncited",
        "a work in the bibliography is never cited",
    ),
];

/// The code named `name`, if there is one.
pub(crate) fn find(name: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_documents_every_code() {
        let readme = include_str!("../../README.md");
        for code in CODES {
            assert!(
                readme.contains(&format!("| `{}` |", code.name)),
                "the README's table of codes lacks {}",
                code.name
            );
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut names: Vec<&str> = CODES.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CODES.len());
    }
}

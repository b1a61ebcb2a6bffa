//! Slugs: the URL-safe names of pages, headings and taxonomy terms.
//!
//! A slug is lowercase ASCII letters, digits and single hyphens. Accented and
//! non-Latin letters are transliterated, punctuation is dropped (so "What's"
//! becomes `whats`), and runs of spaces, hyphens and underscores become one
//! hyphen.

/// Makes a slug of `text`. May be empty when `text` has no letters or digits.
pub(crate) fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' {
            pending_hyphen = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_read_like_the_text() {
        assert_eq!(slugify("Your first session"), "your-first-session");
        assert_eq!(
            slugify("What's a \"sex therapist\"?"),
            "whats-a-sex-therapist"
        );
        assert_eq!(
            slugify("¿Qué es la terapia sexual?"),
            "que-es-la-terapia-sexual"
        );
        assert_eq!(slugify("  Cost -- and insurance  "), "cost-and-insurance");
        assert_eq!(slugify("snake_case and/or"), "snake-case-and-or");
        assert_eq!(slugify("???"), "");
    }
}

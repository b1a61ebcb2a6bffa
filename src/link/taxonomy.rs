//! Taxonomies (topics and tags) and related pages: grouping pages by what
//! they are about.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{compare_pages, LinkedPage, LinkedTaxonomy, LinkedTerm};
use crate::config::{Config, TaxonomyName};
use crate::load::SortBy;
use crate::slug::slugify;

pub(super) fn link_taxonomies(config: &Config, pages: &[LinkedPage]) -> Vec<LinkedTaxonomy> {
    config
        .taxonomies
        .iter()
        .map(|taxonomy| {
            let name = taxonomy.name;
            let values = |p: &LinkedPage| -> Vec<String> {
                match name {
                    TaxonomyName::Topics => p.page.meta.topics.clone(),
                    TaxonomyName::Tags => p.page.meta.tags.clone(),
                }
            };
            let mut by_slug: HashMap<String, (String, Vec<usize>)> = HashMap::new();
            for (i, page) in pages.iter().enumerate() {
                for value in values(page) {
                    let entry = by_slug
                        .entry(slugify(&value))
                        .or_insert_with(|| (value.clone(), Vec::new()));
                    if !entry.1.contains(&i) {
                        entry.1.push(i);
                    }
                }
            }
            let base = format!("/{}/", name.as_str());
            let mut terms: Vec<LinkedTerm> = if taxonomy.terms.is_empty() {
                let mut terms: Vec<LinkedTerm> = by_slug
                    .into_iter()
                    .map(|(slug, (key, pages))| LinkedTerm {
                        title: title_from_key(&key),
                        key,
                        description: String::new(),
                        path: format!("{base}{slug}/"),
                        pages,
                    })
                    .collect();
                terms.sort_by_key(|t| t.title.to_lowercase());
                terms
            } else {
                taxonomy
                    .terms
                    .iter()
                    .filter_map(|t| {
                        let slug = slugify(&t.key);
                        let (_, pages) = by_slug.remove(&slug)?;
                        Some(LinkedTerm {
                            key: t.key.clone(),
                            title: t.title.to_string(),
                            description: t.description.to_string(),
                            path: format!("{base}{slug}/"),
                            pages,
                        })
                    })
                    .collect()
            };
            for term in &mut terms {
                term.pages
                    .sort_by(|&a, &b| compare_pages(&pages[a].page, &pages[b].page, SortBy::Date));
            }
            LinkedTaxonomy {
                name,
                title: taxonomy.title.to_string(),
                path: base,
                terms,
            }
        })
        .collect()
}

/// The title of a term the configuration does not list: the key as the
/// writer typed it, or, for a slug such as `body-image`, the words it stands
/// for ("Body image").
fn title_from_key(key: &str) -> String {
    let is_slug = !key.is_empty()
        && key
            .chars()
            .all(|c| c == '-' || c.is_lowercase() || c.is_numeric());
    if !is_slug {
        return key.to_string();
    }
    let words = key
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => key.to_string(),
    }
}

/// For each page, up to three pages sharing the most topics with it, newest
/// first among equals.
pub(super) fn related_pages(pages: &[LinkedPage]) -> Vec<Vec<usize>> {
    const RELATED: usize = 3;
    let mut by_topic: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        for topic in &page.page.meta.topics {
            by_topic.entry(topic.as_str()).or_default().push(i);
        }
    }
    pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for topic in &page.page.meta.topics {
                for &j in by_topic.get(topic.as_str()).into_iter().flatten() {
                    if j != i {
                        *shared.entry(j).or_default() += 1;
                    }
                }
            }
            let mut ranked: Vec<(usize, usize)> = shared.into_iter().collect();
            ranked.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| pages[b.0].page.meta.date.cmp(&pages[a.0].page.meta.date))
                    .then_with(|| a.0.cmp(&b.0))
            });
            ranked.into_iter().take(RELATED).map(|(j, _)| j).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::title_from_key;

    #[test]
    fn a_slug_key_reads_as_words_and_a_typed_title_is_kept() {
        assert_eq!(title_from_key("body-image"), "Body image");
        assert_eq!(title_from_key("first-steps"), "First steps");
        assert_eq!(title_from_key("porn"), "Porn");
        assert_eq!(title_from_key("Body image"), "Body image");
        assert_eq!(title_from_key("LGBTQ+ care"), "LGBTQ+ care");
        assert_eq!(title_from_key("éxito-sexual"), "Éxito sexual");
    }
}

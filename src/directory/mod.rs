//! The therapist directory: profiles, where they are licensed, and matching.
//!
//! A profile is a markdown file in `content/therapists/` whose front matter
//! is a [`Therapist`]. The load stage reads it into an ordinary page of kind
//! `therapist` (so links, aliases, the sitemap and checks treat it like any
//! page); the link stage gathers the profiles into a [`Directory`] with the
//! filter lists the directory pages are built from.

mod matching;
mod profile;
mod states;

use serde::Serialize;

pub use matching::{match_therapists, Match, MatchResult, Payment, Setting, Wants};
pub use profile::{check_profile, Affirming, Format, Gender, License, Office, Therapist};
pub use states::{State, JURISDICTIONS};

use crate::config::{Config, TaxonomyName};
use crate::slug::slugify;

/// The content folder that holds therapist profiles.
pub const THERAPISTS_DIR: &str = "therapists";

/// The directory's URL path.
pub const DIRECTORY_PATH: &str = "/therapists/";

/// One pre-built filter page: the therapists who share one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Filter {
    /// What is filtered on: `state`, `specialty` or `language`.
    pub facet: Facet,
    /// The value's key: a state code, topic key or language name.
    pub key: String,
    /// How the value reads, e.g. "Oregon".
    pub title: String,
    /// The value as the URL and the in-page filter write it, e.g. `or`.
    pub slug: String,
    /// The page's URL path, e.g. `/therapists/state/or/`.
    pub path: String,
    /// Indices into the site's pages, in directory order.
    pub pages: Vec<usize>,
}

/// What a filter page filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Facet {
    /// Licensed in a state.
    State,
    /// Works with a topic.
    Specialty,
    /// Holds sessions in a language.
    Language,
}

impl Facet {
    /// The URL segment and key of the facet.
    pub fn key(self) -> &'static str {
        match self {
            Facet::State => "state",
            Facet::Specialty => "specialty",
            Facet::Language => "language",
        }
    }
}

/// The published profiles, in directory order, and the filter pages.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// Indices into the site's pages: accepting new clients first, then by
    /// weight and name.
    pub therapists: Vec<usize>,
    /// Filter pages, by state, then specialty, then language.
    pub filters: Vec<Filter>,
}

impl Directory {
    /// The therapists who work with topic `key`, in directory order: its
    /// specialty filter's pages.
    pub fn specialists(&self, key: &str) -> &[usize] {
        self.filters
            .iter()
            .find(|f| f.facet == Facet::Specialty && f.key == key)
            .map_or(&[], |f| &f.pages)
    }

    /// Gathers the directory from the site's published pages, given as
    /// (page index, profile) pairs.
    pub fn new(config: &Config, profiles: &[(usize, &Therapist)]) -> Directory {
        let mut order: Vec<&(usize, &Therapist)> = profiles.iter().collect();
        order.sort_by(|(_, a), (_, b)| {
            b.accepting_new_clients
                .cmp(&a.accepting_new_clients)
                .then_with(|| (a.weight.is_none(), a.weight).cmp(&(b.weight.is_none(), b.weight)))
                .then_with(|| a.name.cmp(&b.name))
        });
        let therapists: Vec<usize> = order.iter().map(|(i, _)| *i).collect();
        let in_order = |keep: &dyn Fn(&Therapist) -> bool| -> Vec<usize> {
            order
                .iter()
                .filter(|(_, t)| keep(t))
                .map(|(i, _)| *i)
                .collect()
        };
        let filter = |facet: Facet, key: String, title: String, slug: String, pages| Filter {
            path: format!("{DIRECTORY_PATH}{}/{slug}/", facet.key()),
            slug,
            facet,
            key,
            title,
            pages,
        };

        let mut filters = Vec::new();
        let mut states: Vec<State> = profiles.iter().flat_map(|(_, t)| t.states()).collect();
        states.sort();
        states.dedup();
        for state in states {
            let pages = in_order(&|t| t.licensed_in(state));
            filters.push(filter(
                Facet::State,
                state.code().to_string(),
                state.name().to_string(),
                state.slug(),
                pages,
            ));
        }
        if let Some(topics) = config.taxonomy(TaxonomyName::Topics) {
            for term in &topics.terms {
                let pages = in_order(&|t| t.specialties.contains(&term.key));
                if !pages.is_empty() {
                    filters.push(filter(
                        Facet::Specialty,
                        term.key.clone(),
                        term.title.to_string(),
                        term.key.clone(),
                        pages,
                    ));
                }
            }
        }
        for language in languages(profiles.iter().map(|(_, t)| *t)) {
            let pages = in_order(&|t| t.speaks(&language));
            let slug = slugify(&language);
            filters.push(filter(
                Facet::Language,
                language.clone(),
                language,
                slug,
                pages,
            ));
        }
        Directory {
            therapists,
            filters,
        }
    }

    /// The filter pages of one facet.
    pub fn facet(&self, facet: Facet) -> impl Iterator<Item = &Filter> {
        self.filters.iter().filter(move |f| f.facet == facet)
    }
}

/// Every language some therapist holds sessions in, each once (first
/// spelling wins), alphabetically.
pub fn languages<'a>(therapists: impl Iterator<Item = &'a Therapist>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for therapist in therapists {
        for language in &therapist.languages {
            let language = language.trim();
            if !seen.iter().any(|s| s.eq_ignore_ascii_case(language)) {
                seen.push(language.to_string());
            }
        }
    }
    seen.sort_by_key(|l| l.to_lowercase());
    seen
}

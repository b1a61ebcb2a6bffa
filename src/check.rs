//! `candor check`: every check of the content, the build's error class and
//! the warnings, over the site as the engine loads and links it. Nothing is
//! written.

use std::path::Path;

use chrono::NaiveDate;

use crate::diag::{self, Diagnostic};
use crate::lint;

pub use crate::lint::{ArticleSummary, CheckReport, Code, CODES};

/// Loads, links and renders the site at `root` in memory and runs every
/// check, as of `today`; drafts too when `include_drafts`.
pub fn check(root: &Path, today: NaiveDate, include_drafts: bool) -> CheckReport {
    let (sites, mut diagnostics) =
        match crate::site::load_site(root, include_drafts, None, &mut Vec::new()) {
            Ok(loaded) => loaded,
            Err(diagnostics) => {
                return CheckReport {
                    diagnostics,
                    articles: Vec::new(),
                }
            }
        };
    let mut articles = Vec::new();
    for site in &sites {
        let (found, summaries) = lint::run_checks(site, today, lint::Scope::All);
        diagnostics.extend(found);
        articles.extend(summaries);
    }
    diagnostics.extend(lint::translation_checks(&sites));
    if let Some(site) = sites.first() {
        diagnostics.extend(lint::privacy_page(site));
    }
    if !diagnostics.iter().any(Diagnostic::is_error) {
        // Render only to find template errors: nothing is kept.
        for site in &sites {
            let (render_diagnostics, _) =
                crate::render::render_into::<std::convert::Infallible>(site, &|_| Ok(()));
            diagnostics.extend(render_diagnostics);
        }
        // Interface strings a language lacks, as the pages asked for them.
        if let Some(site) = sites.first() {
            diagnostics.extend(lint::missing_messages(site));
        }
    }
    let mut diagnostics = lint::apply_silences(&sites, diagnostics);
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    articles.sort_by(|a, b| {
        b.grade
            .total_cmp(&a.grade)
            .then_with(|| a.file.cmp(&b.file))
    });
    CheckReport {
        diagnostics,
        articles,
    }
}

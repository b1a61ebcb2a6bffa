//! `candor check`: every check of the content, the build's error class and
//! the warnings, over the site as the engine loads and links it. Nothing is
//! written.

use std::path::Path;

use chrono::NaiveDate;

use crate::diag::{self, Diagnostic};
use crate::lint;
use crate::site::{Changes, Failure, Retain, Site, SiteOptions};

pub use crate::lint::{ArticleSummary, CheckReport, Code, CODES};

/// Loads, links and renders the site at `root` in memory through the
/// engine and runs every check, as of `today`; drafts too when
/// `include_drafts`.
pub fn check(root: &Path, today: NaiveDate, include_drafts: bool) -> CheckReport {
    let mut site = Site::new(SiteOptions {
        root: root.to_path_buf(),
        include_drafts,
        base_url: None,
        retain: Retain::Nothing,
        image_cache: crate::site::ImageCache::Site,
    });
    // Rendered only to find template errors, and the interface strings the
    // pages ask for: nothing is kept.
    let mut diagnostics = match site.apply(&Changes::everything(), &|_| Ok(())) {
        Ok(update) => update.warnings,
        Err(Failure::Content(found)) => found,
        Err(Failure::Environment(_)) => Vec::new(),
    };
    let rendered = !diagnostics.iter().any(Diagnostic::is_error);
    let sites = site.into_linked();
    let mut articles = Vec::new();
    for site in &sites {
        let (found, summaries) = lint::run_checks(site, today, lint::Scope::All);
        diagnostics.extend(found);
        articles.extend(summaries);
    }
    diagnostics.extend(lint::translation_checks(&sites));
    diagnostics.extend(lint::uncited_sources(&sites));
    diagnostics.extend(lint::photos(&sites));
    diagnostics.extend(lint::search_languages(&sites));
    if let Some(site) = sites.first() {
        diagnostics.extend(lint::privacy_page(site));
        let config_text =
            std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
        diagnostics.extend(lint::placeholders(site, &config_text));
        // Interface strings a language lacks, as the pages asked for them.
        if rendered {
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

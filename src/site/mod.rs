//! The site engine: the one place the stages are put together.
//!
//! Every command that needs the site (build, check, serve and the intake
//! receiver) asks this module for it, so the config is read, the content
//! loaded and the site linked in one way only.

use std::path::Path;
use std::time::Instant;

use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::link::{self, LinkOptions, LinkedSite};
use crate::load;

/// Reads the config, loads and links the site. The site comes back even
/// when it has errors, so callers can go on checking it; only a config that
/// cannot be read stops here.
pub(crate) fn load_site(
    root: &Path,
    include_drafts: bool,
    base_url: Option<&str>,
    stages: &mut Vec<(&'static str, f64)>,
) -> Result<(Vec<LinkedSite>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let clock = Instant::now();
    let mut config = Config::load(root)?;
    if let Some(url) = base_url {
        config.base_url = url.to_string();
    }
    let (loaded, mut diagnostics) = load::load(root, config);
    stages.push(("load", clock.elapsed().as_secs_f64()));
    let clock = Instant::now();
    let (sites, link_diagnostics) = link::link_all(loaded, LinkOptions { include_drafts });
    diagnostics.extend(link_diagnostics);
    stages.push(("link", clock.elapsed().as_secs_f64()));
    Ok((sites, diagnostics))
}

/// The error class of `candor check`, over every language of the site.
pub(crate) fn error_checks(sites: &[LinkedSite]) -> Vec<Diagnostic> {
    let today = chrono::Local::now().date_naive();
    let mut found: Vec<Diagnostic> = sites
        .iter()
        .flat_map(|site| crate::lint::error_checks(site, today))
        .collect();
    diag::sort(&mut found);
    found.dedup();
    found
}

/// Loads and links the site at `root` for a server that renders pages
/// itself; any error (the same as a build's) is returned as text, one
/// `file:line:column: message` per line.
pub(crate) fn load_site_for(root: &Path) -> Result<Vec<LinkedSite>, String> {
    let describe = |found: &[Diagnostic]| {
        found
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (sites, mut found) =
        load_site(root, false, None, &mut Vec::new()).map_err(|d| describe(&d))?;
    found.extend(error_checks(&sites));
    let errors = describe(&found);
    if errors.is_empty() {
        Ok(sites)
    } else {
        Err(errors)
    }
}

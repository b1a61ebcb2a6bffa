//! What `candor check` says about the site's photos: what their originals
//! carry that no copy publishes, and originals far larger than any copy.

use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::images::Probe;
use crate::link::LinkedSite;

/// How many times wider than its widest copy a source may be before
/// `check` suggests keeping a smaller one.
const OVERSIZED: u32 = 4;

/// The notes and warnings about the photos of every language of a site.
pub(crate) fn photos(sites: &[LinkedSite]) -> Vec<Diagnostic> {
    // Each source once, however many languages publish it.
    let mut sources: BTreeMap<String, (&Probe, u32)> = BTreeMap::new();
    for site in sites {
        for (asset, _) in &site.assets {
            if let Some(Ok(prepared)) = &asset.image {
                let widest = prepared
                    .copies
                    .iter()
                    .map(|(v, _)| v.spec.width)
                    .max()
                    .unwrap_or(prepared.probe.width);
                let name = format!("{}/{}", crate::load::CONTENT_DIR, asset.rel);
                sources.entry(name).or_insert((&prepared.probe, widest));
            }
        }
        for file in &site.theme.statics {
            if let Some(probe) = &file.photo {
                sources
                    .entry(format!("static/{}", file.rel))
                    .or_insert((probe, probe.width));
            }
        }
    }
    let mut found = Vec::new();
    for (name, (probe, widest)) in sources {
        let carried = probe.metadata.found();
        if !carried.is_empty() {
            found.push(
                Diagnostic::file_note(
                    "image/metadata",
                    &name,
                    format!(
                        "the original carries {}; none of it is published",
                        join(&carried)
                    ),
                )
                .with_help(
                    "nothing to fix on the site: every copy is written without it; the original still carries it wherever else it is kept or shared",
                ),
            );
        }
        if probe.width > OVERSIZED * widest {
            found.push(
                Diagnostic::file_warning(
                    "image/oversized",
                    &name,
                    format!(
                        "the photo is {} pixels wide, more than {OVERSIZED} times its widest published copy ({widest} pixels)",
                        probe.width
                    ),
                )
                .with_help(format!(
                    "keep a copy no wider than {} pixels in the site: builds read less and the site's folder stays small",
                    widest * 2
                )),
            );
        }
    }
    found
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

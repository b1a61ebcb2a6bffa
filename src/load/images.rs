//! Photos among the site's files: each JPEG, PNG and WebP file of
//! `content/` and `static/` is read and its published copies made (or
//! found in the cache), so the link stage can name them and pages can offer
//! them. No such file is ever copied as it is.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Asset, Page, Theme, CONTENT_DIR};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::images::{self, cache, Store, Use};

/// Makes the copies of every photo in `assets` and the theme's static
/// files, through `store`. A photo that cannot be read is an error, at the
/// file and at each profile that names it; it gets no copies.
pub(super) fn prepare(
    config: &Config,
    store: &Store,
    pages: &[Page],
    assets: &mut [Asset],
    theme: &mut Theme,
) -> Vec<Diagnostic> {
    // Profile photos get square crops, around the profile's focal point.
    let squares: std::collections::HashMap<String, (u16, u16)> = pages
        .iter()
        .filter_map(|page| {
            let (rel, _) = profile_photo(page)?;
            Some((rel, page.therapist.as_ref()?.focus()))
        })
        .collect();
    let settings = &config.images;
    let mut diagnostics: Vec<Diagnostic> = assets
        .par_iter_mut()
        .filter(|asset| images::is_raster(&asset.rel))
        .filter_map(|asset| {
            let name = format!("{CONTENT_DIR}/{}", asset.rel);
            let used = Use::Content {
                square: squares.get(&asset.rel).copied(),
            };
            let file_name = asset.rel.rsplit('/').next().unwrap_or_default().to_string();
            let plan = |probe: &images::Probe| images::plan(probe, &file_name, used, settings);
            match store.prepare(&asset.path, &name, &plan) {
                Ok(prepared) => {
                    asset.image = Some(Ok(Arc::new(prepared)));
                    None
                }
                Err(failure) => {
                    // No copies: the photo is left out, never copied as it is.
                    let (diagnostic, why) = problem(&name, failure);
                    asset.image = Some(Err(why));
                    Some(diagnostic)
                }
            }
        })
        .collect();
    for page in pages {
        let Some((rel, photo)) = profile_photo(page) else {
            continue;
        };
        if let Some(Some(Err(why))) = assets.iter().find(|a| a.rel == rel).map(|a| &a.image) {
            diagnostics.push(
                Diagnostic::error(
                    "image/unreadable",
                    &page.source,
                    super::key_position(page.text.front(), page.text.body_offset(), "photo"),
                    format!("the photo `{photo}` cannot be published: {}", why.message),
                )
                .with_help(why.help.clone()),
            );
        }
    }
    diagnostics.extend(prepare_statics(store, theme, settings));
    diagnostics
}

/// A profile's photo: its path in `content/` and as the profile gives it.
fn profile_photo(page: &Page) -> Option<(String, &str)> {
    let photo = page.therapist.as_ref()?.photo.as_deref()?;
    let rel = match page.rel.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{photo}"),
        None => photo.to_string(),
    };
    Some((rel, photo))
}

/// Writes what the cache learnt, so the next build reads no photo it has
/// seen; after the whole site was prepared (`whole`), drops what it no
/// longer uses.
pub(super) fn save(store: &Store, whole: bool) -> Option<Diagnostic> {
    let pruned = if whole { store.prune() } else { Ok(()) };
    let err = pruned.and_then(|()| store.save()).err()?;
    Some(
        Diagnostic::file_error(
            "image/cache",
            store.dir(),
            format!("the image cache cannot be written: {err}"),
        )
        .with_help("check that the folder (images.cache in candor.yaml) may be written, or build with --no-cache"),
    )
}

/// Republishes each photo among the static files at its own size, without
/// its metadata.
fn prepare_statics(
    store: &Store,
    theme: &mut Theme,
    settings: &crate::config::ImagesConfig,
) -> Vec<Diagnostic> {
    theme
        .statics
        .par_iter_mut()
        .filter(|file| images::is_raster(&file.rel))
        .filter_map(|file| {
            let name = format!("static/{}", file.rel);
            let file_name = file.rel.rsplit('/').next().unwrap_or_default().to_string();
            let plan =
                |probe: &images::Probe| images::plan(probe, &file_name, Use::Static, settings);
            let made = store
                .prepare_bytes(&file.bytes, &name, &plan)
                .and_then(|prepared| {
                    file.photo = Some(prepared.probe.clone());
                    let (_, copy) = prepared.copies.into_iter().next().ok_or_else(|| {
                        cache::Failure::Io(crate::Error::Read {
                            path: Path::new(&name).to_path_buf(),
                            source: std::io::ErrorKind::NotFound.into(),
                        })
                    })?;
                    std::fs::read(&copy).map_err(|source| {
                        cache::Failure::Io(crate::Error::Read { path: copy, source })
                    })
                });
            match made {
                Ok(bytes) => {
                    file.bytes = bytes;
                    None
                }
                Err(failure) => {
                    // Never the original: an unreadable file is left out.
                    file.bytes.clear();
                    Some(problem(&name, failure).0)
                }
            }
        })
        .collect()
}

/// The error for a photo at `name` that gave no copies, and why, for the
/// pages that show it.
fn problem(name: &str, failure: cache::Failure) -> (Diagnostic, images::Unreadable) {
    let (code, why) = match failure {
        cache::Failure::Unreadable(why) => ("image/unreadable", why),
        cache::Failure::Io(err) => (
            "image/cache",
            images::Unreadable {
                message: format!("its published copies cannot be made: {err}"),
                help: "check that the image cache folder (images.cache in candor.yaml) may be written, or build with --no-cache".to_string(),
            },
        ),
    };
    let diagnostic =
        Diagnostic::file_error(code, name, why.message.clone()).with_help(why.help.clone());
    (diagnostic, why)
}

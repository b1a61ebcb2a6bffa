//! `candor build`: the site engine applied to every file, its outputs
//! written into a staging folder that is swapped in whole.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diag::Diagnostic;
use crate::site::{Changes, Failure, ImageCache, Retain, Site, SiteOptions};
use crate::{load, write, Error};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's folder (holding `candor.yaml`).
    pub root: PathBuf,
    /// Where the site goes; replaced whole.
    pub output: PathBuf,
    /// Publish drafts too.
    pub include_drafts: bool,
    /// Overrides `base_url` from the config, e.g. for a preview host.
    pub base_url: Option<String>,
    /// Process every photo again, without the image cache.
    pub no_cache: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages written (articles, FAQ and plain pages).
    pub pages: usize,
    /// Files written in all.
    pub files: usize,
    /// Photos decoded to make their copies (not found in the image cache).
    pub photos_processed: usize,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// How long it took, in seconds.
    pub seconds: f64,
    /// How long each stage took, in seconds, in order.
    pub stages: Vec<(&'static str, f64)>,
}

/// Why a build did not produce a site.
pub type BuildFailure = Failure;

/// Builds the site and swaps it into the output folder. On any error the
/// previous output is left exactly as it was.
///
/// The engine hands each output over as it is rendered, and it is written
/// into a staging folder at once, so writing overlaps rendering and the
/// whole site is never held in memory.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let start = Instant::now();
    check_output_is_safe(&options.root, &options.output).map_err(Failure::Environment)?;
    let staging = write::Staging::new(&options.output).map_err(Failure::Environment)?;
    let mut site = Site::new(SiteOptions {
        root: options.root.clone(),
        include_drafts: options.include_drafts,
        base_url: options.base_url.clone(),
        retain: Retain::Nothing,
        image_cache: if options.no_cache {
            ImageCache::Off
        } else {
            ImageCache::Site
        },
    });
    // Whether to write compressed copies too. A config that cannot be read
    // fails in the engine, with its own message.
    let precompress = crate::Config::load(&options.root).is_ok_and(|c| c.precompress);
    let mut update = site.apply(&Changes::everything(), &|output| {
        staging.put(&output)?;
        if precompress {
            staging.put_precompressed(&output)?;
        }
        Ok(())
    })?;
    let clock = Instant::now();
    staging.commit().map_err(Failure::Environment)?;
    update.stages.push(("swap", clock.elapsed().as_secs_f64()));
    Ok(BuildReport {
        pages: site
            .linked()
            .iter()
            .map(|s| {
                s.pages
                    .iter()
                    .filter(|p| p.page.lang == s.language.code)
                    .count()
            })
            .sum(),
        files: update.outputs,
        photos_processed: site.photos_processed(),
        warnings: update.warnings,
        seconds: start.elapsed().as_secs_f64(),
        stages: update.stages,
    })
}

/// The output folder is deleted and replaced on every build: refuse one
/// that holds the site itself, or a folder that is not an earlier build.
fn check_output_is_safe(root: &Path, output: &Path) -> Result<(), Error> {
    let refuse = |why: &str| Error::Write {
        path: output.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, why.to_string()),
    };
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // The output may not exist yet: resolve its parent instead.
    let output_abs = std::fs::canonicalize(output).unwrap_or_else(|_| {
        match (output.parent(), output.file_name()) {
            (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
                std::fs::canonicalize(parent)
                    .map_or_else(|_| output.to_path_buf(), |p| p.join(name))
            }
            _ => std::env::current_dir().map_or_else(|_| output.to_path_buf(), |d| d.join(output)),
        }
    });
    if root_abs.starts_with(&output_abs) {
        return Err(refuse(
            "the output folder would contain the site's own files; choose another --output",
        ));
    }
    for source in [load::CONTENT_DIR, "templates", "static", "themes"] {
        if output_abs.starts_with(root_abs.join(source)) {
            return Err(refuse(&format!(
                "the output folder is inside the site's `{source}` folder; choose another --output"
            )));
        }
    }
    if output_abs.is_dir() {
        let mut entries = std::fs::read_dir(&output_abs).map_err(|source| Error::Read {
            path: output.to_path_buf(),
            source,
        })?;
        let empty = entries.next().is_none();
        let earlier_build =
            output_abs.join("index.html").is_file() || output_abs.join("sitemap.xml").is_file();
        if !empty && !earlier_build {
            return Err(refuse(
                "the folder is not empty and is not an earlier build; candor replaces its output folder whole, so choose an empty or new folder",
            ));
        }
    }
    Ok(())
}

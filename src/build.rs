//! `candor build`: load → link → render → write.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::link::{self, LinkOptions};
use crate::render::{self, Output};
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
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages written (articles, FAQ and plain pages).
    pub pages: usize,
    /// Files written in all.
    pub files: usize,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// How long it took, in seconds.
    pub seconds: f64,
}

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum BuildFailure {
    /// The sources have errors (and maybe warnings), sorted by file.
    Content(Vec<Diagnostic>),
    /// The environment failed: a folder could not be written, say.
    Environment(Error),
}

/// Loads, links and renders the site in memory, without writing anything.
/// Returns the outputs and every diagnostic, sorted.
pub fn render_site(
    root: &Path,
    include_drafts: bool,
    base_url: Option<&str>,
) -> (Vec<Output>, usize, Vec<Diagnostic>) {
    let mut config = match Config::load(root) {
        Ok(config) => config,
        Err(errors) => return (Vec::new(), 0, errors),
    };
    if let Some(url) = base_url {
        config.base_url = url.to_string();
    }
    let (loaded, mut diagnostics) = load::load(root, config);
    let (site, link_diagnostics) = link::link(loaded, LinkOptions { include_drafts });
    diagnostics.extend(link_diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        diag::sort(&mut diagnostics);
        return (Vec::new(), 0, diagnostics);
    }
    let (outputs, render_diagnostics) = render::render(&site);
    diagnostics.extend(render_diagnostics);
    diag::sort(&mut diagnostics);
    (outputs, site.pages.len(), diagnostics)
}

/// Builds the site and swaps it into the output folder. On any error the
/// previous output is left exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let start = Instant::now();
    check_output_is_safe(&options.root, &options.output).map_err(BuildFailure::Environment)?;
    let (outputs, pages, diagnostics) = render_site(
        &options.root,
        options.include_drafts,
        options.base_url.as_deref(),
    );
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(BuildFailure::Content(diagnostics));
    }
    write::write(&options.output, &outputs).map_err(BuildFailure::Environment)?;
    Ok(BuildReport {
        pages,
        files: outputs.len(),
        warnings: diagnostics,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// The output folder is deleted and replaced on every build: refuse one
/// that holds the site itself, or a folder that is not an earlier build.
fn check_output_is_safe(root: &Path, output: &Path) -> Result<(), Error> {
    let refuse = |why: &str| Error::Io {
        path: output.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, why.to_string()),
    };
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let output_abs = match std::fs::canonicalize(output) {
        Ok(p) => p,
        Err(_) => return Ok(()),
    };
    if root_abs.starts_with(&output_abs) {
        return Err(refuse(
            "the output folder would contain the site's own files; choose another --output",
        ));
    }
    if output_abs.is_dir() {
        let mut entries = std::fs::read_dir(&output_abs).map_err(|source| Error::Io {
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

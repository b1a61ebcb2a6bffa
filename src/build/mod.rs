//! `candor build`: the site engine applied to every file, its outputs
//! written into a staging folder that is swapped in whole.

use std::path::{Path, PathBuf};
use std::time::Instant;

mod stamp;

use crate::diag::Diagnostic;
use crate::site::{Changes, Failure, ImageCache, Retain, Site, SiteOptions};
use crate::write::Previous;
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
    /// Files written in all; for an output left as it was, the files in it.
    pub files: usize,
    /// Photos decoded to make their copies (not found in the image cache).
    pub photos_processed: usize,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// How long it took, in seconds.
    pub seconds: f64,
    /// How long each stage took, in seconds, in order.
    pub stages: Vec<(&'static str, f64)>,
    /// Nothing the site is made of changed since the last build into the
    /// same folder, and that output was still as it left it: it was kept,
    /// and nothing was rendered or written.
    pub up_to_date: bool,
    /// The previous output, moved aside. Dropping it deletes it; see
    /// [`Previous::detach`] to delete it without waiting.
    pub previous: Option<Previous>,
}

/// Why a build did not produce a site.
pub type BuildFailure = Failure;

/// Builds the site and swaps it into the output folder. On any error the
/// previous output is left exactly as it was.
///
/// The engine hands each output over as it is rendered, and it is written
/// into a staging folder at once, so writing overlaps rendering and the
/// whole site is never held in memory.
///
/// When nothing the site is made of changed since the last build into the
/// same folder (its [`stamp`]), the site is still loaded and checked, for
/// its warnings and errors, but the output is kept as it is.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let start = Instant::now();
    check_output_is_safe(&options.root, &options.output).map_err(Failure::Environment)?;
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
    // A config that cannot be read fails in the engine, with its own
    // message.
    let config = crate::Config::load(&options.root).ok();
    let stamp_path = stamp::path_for(&options.output);
    let clock = Instant::now();
    let inputs = config.as_ref().map(|config| inputs(options, config));
    let last = inputs
        .as_ref()
        .filter(|_| options.output.is_dir())
        .and_then(|inputs| {
            stamp::Stamp::read(&stamp_path).filter(|last| last.matches(inputs, &options.output))
        });
    let stamp_seconds = clock.elapsed().as_secs_f64();
    if let Some(last) = last {
        let checked = site.check_only()?;
        let mut stages = checked.stages;
        stages.push(("stamp", stamp_seconds));
        return Ok(BuildReport {
            pages: pages(&site),
            files: last.files,
            photos_processed: site.photos_processed(),
            warnings: checked.warnings,
            seconds: start.elapsed().as_secs_f64(),
            stages,
            up_to_date: true,
            previous: None,
        });
    }

    let staging = write::Staging::new(&options.output).map_err(Failure::Environment)?;
    let precompress = config.as_ref().is_some_and(|c| c.precompress);
    let mut update = site.apply(&Changes::everything(), &|output| {
        staging.put(&output)?;
        if precompress {
            staging.put_precompressed(&output)?;
        }
        Ok(())
    })?;
    let clock = Instant::now();
    // The stamp goes first: should the swap be cut short, no stamp
    // describes a folder that is not there.
    let _ = std::fs::remove_file(&stamp_path);
    let files = staging.files();
    let previous = staging.commit().map_err(Failure::Environment)?;
    update.stages.push(("swap", clock.elapsed().as_secs_f64()));
    if let Some(inputs) = &inputs {
        let clock = Instant::now();
        // The digest was taken before the site was read, so a file saved
        // since has a later time than the stamp holds, and the next build
        // is a full one; a file saved too short a time before that could
        // keep its time when saved again, so then no stamp is written.
        if inputs.settled() {
            // A stamp is a saving, not a result: one that cannot be
            // written means the next build is a full one.
            if let Some(stamp) = stamp::Stamp::of(inputs, &options.output, &files, update.outputs) {
                let _ = stamp.write(&stamp_path);
            }
        }
        update
            .stages
            .push(("stamp", clock.elapsed().as_secs_f64() + stamp_seconds));
    }
    Ok(BuildReport {
        pages: pages(&site),
        files: update.outputs,
        photos_processed: site.photos_processed(),
        warnings: update.warnings,
        seconds: start.elapsed().as_secs_f64(),
        stages: update.stages,
        up_to_date: false,
        previous,
    })
}

/// What a build with `options` of the site with `config` reads.
fn inputs(options: &BuildOptions, config: &crate::Config) -> stamp::Inputs {
    let mut files = vec![PathBuf::from(crate::config::CONFIG_FILE)];
    files.extend(crate::site::named_files(config));
    stamp::Inputs::of(
        &options.root,
        &crate::site::INPUT_FOLDERS,
        &files,
        &settings(options),
    )
}

/// Everything besides the site's files that shapes what a build writes:
/// the options, where the site is, and which `candor` runs (its built-in
/// theme, strings and rules).
fn settings(options: &BuildOptions) -> String {
    let program = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{} {:?}", m.len(), m.modified().ok()))
        .unwrap_or_else(|_| format!("{:?}", std::time::SystemTime::now()));
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    format!(
        "candor {} ({program})\nroot {}\ndrafts {}\nbase_url {:?}\nno_cache {}",
        env!("CARGO_PKG_VERSION"),
        root.display(),
        options.include_drafts,
        options.base_url,
        options.no_cache,
    )
}

/// The pages of every language, each once.
fn pages(site: &Site) -> usize {
    site.linked()
        .iter()
        .map(|s| {
            s.pages
                .iter()
                .filter(|p| p.page.lang == s.language.code)
                .count()
        })
        .sum()
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

//! The write stage: outputs in, the output folder swapped atomically.
//!
//! Everything is written into a fresh temporary folder beside the output
//! folder. Only when every file is written is the old folder moved aside and
//! the new one renamed into its place, so readers and editors never see a
//! half-written site, a failed build leaves the previous output exactly as
//! it was, and files from earlier builds never linger.
//!
//! Architecture invariant: this is the only module that creates output
//! files.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::{Body, Output};
use crate::Error;

/// A fresh folder beside the output folder that outputs are written into,
/// from several threads at once. [`Staging::commit`] swaps it in; dropping
/// it without committing deletes it and leaves the output folder alone.
pub(crate) struct Staging {
    dir: tempfile::TempDir,
    /// Every file written, by its path in the output.
    files: std::sync::Mutex<Vec<String>>,
    output_dir: PathBuf,
    parent: PathBuf,
    name: String,
}

/// The kinds of output worth compressing ahead of time.
const COMPRESSIBLE: &[&str] = &["html", "css", "js", "xml", "txt", "json", "svg"];
/// Below this many bytes a compressed copy saves too little to keep.
const MIN_COMPRESSED_SIZE: usize = 512;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into memory cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    // Quality 10 of 11: on the example site its copies are 2.5 % larger
    // than at 11, made in less than half the time.
    let mut out = Vec::new();
    {
        let mut encoder = brotli::CompressorWriter::new(&mut out, 4096, 10, 22);
        let _ = encoder.write_all(bytes);
    }
    out
}

/// The folder an output folder is in, and its name: what the hidden
/// folders and files candor keeps beside it are named after.
fn parent_and_name(output_dir: &Path) -> (PathBuf, String) {
    let parent = match output_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = output_dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("public")
        .to_string();
    (parent, name)
}

/// A hidden file beside the output folder `output_dir`, named after it and
/// `what`: `.public.candor-<what>` for `public/`.
pub(crate) fn beside(output_dir: &Path, what: &str) -> PathBuf {
    let (parent, name) = parent_and_name(output_dir);
    parent.join(format!(".{name}.candor-{what}"))
}

/// What staging folders are called: `.<output folder's name>` then this,
/// then a random part.
const NEW_MARK: &str = ".candor-new-";

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Write { path, source }
}

impl Staging {
    /// Creates the staging folder for `output_dir`.
    pub(crate) fn new(output_dir: &Path) -> Result<Staging, Error> {
        let (parent, name) = parent_and_name(output_dir);
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        remove_stale_folders(&parent, &name);
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}{NEW_MARK}"))
            .tempdir_in(&parent)
            .map_err(io_err(&parent))?;
        Ok(Staging {
            dir,
            files: std::sync::Mutex::new(Vec::new()),
            output_dir: output_dir.to_path_buf(),
            parent,
            name,
        })
    }

    /// Writes one output. Most pages live in a folder of their own, so the
    /// folder is created here too.
    pub(crate) fn put(&self, output: &Output) -> Result<(), Error> {
        let target = self.dir.path().join(&output.path);
        if let Some(dir) = target.parent() {
            // One mkdir, rather than a stat and then a mkdir: this runs once
            // per page.
            match std::fs::create_dir(dir) {
                Ok(()) => {}
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
                Err(_) => std::fs::create_dir_all(dir).map_err(io_err(dir))?,
            }
        }
        self.wrote(output.path.clone());
        match &output.body {
            Body::Bytes(bytes) => std::fs::write(&target, bytes).map_err(io_err(&target)),
            // A cached copy never changes under its name: a second name for
            // it costs no bytes. Across file systems it is copied.
            Body::Cached(source) if std::fs::hard_link(source, &target).is_ok() => Ok(()),
            Body::Copy(source) | Body::Cached(source) => {
                std::fs::copy(source, &target).map(|_| ()).map_err(|err| {
                    // Say which side failed: the file copied, or the copy.
                    match std::fs::File::open(source) {
                        Err(source_err) => Error::Read {
                            path: source.clone(),
                            source: source_err,
                        },
                        Ok(_) => Error::Write {
                            path: target.clone(),
                            source: err,
                        },
                    }
                })
            }
        }
    }

    /// Writes `.br` and `.gz` copies beside a text output (a page, a
    /// stylesheet, a script, a feed), for servers that send a ready
    /// compressed file to browsers that accept it (nginx's `gzip_static` and
    /// `brotli_static`, Caddy's `precompressed`). Small files, other kinds
    /// of file and copies that would not be smaller are left alone.
    pub(crate) fn put_precompressed(&self, output: &Output) -> Result<(), Error> {
        let extension = output.path.rsplit_once('.').map_or("", |(_, e)| e);
        if !COMPRESSIBLE.contains(&extension) {
            return Ok(());
        }
        let target = self.dir.path().join(&output.path);
        let read;
        let bytes: &[u8] = match &output.body {
            Body::Bytes(bytes) => bytes,
            Body::Copy(_) | Body::Cached(_) => {
                read = std::fs::read(&target).map_err(|source| Error::Read {
                    path: target.clone(),
                    source,
                })?;
                &read
            }
        };
        if bytes.len() < MIN_COMPRESSED_SIZE {
            return Ok(());
        }
        for (suffix, packed) in [("gz", gzip(bytes)), ("br", brotli(bytes))] {
            if packed.len() < bytes.len() {
                let path = self.dir.path().join(format!("{}.{suffix}", output.path));
                std::fs::write(&path, packed).map_err(io_err(&path))?;
                self.wrote(format!("{}.{suffix}", output.path));
            }
        }
        Ok(())
    }

    fn wrote(&self, path: String) {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(path);
    }

    /// The files written so far, by their path in the output.
    pub(crate) fn files(&self) -> Vec<String> {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Swaps the staged folder in for the output folder. The previous
    /// output, if any, is handed back moved aside, to be deleted.
    pub(crate) fn commit(self) -> Result<Option<Previous>, Error> {
        swap(self.dir, &self.output_dir, &self.parent, &self.name)
    }
}

/// A previous output, moved aside by [`Staging::commit`]. Dropping it
/// deletes it; [`Previous::detach`] hands that to another process, so the
/// build is done without waiting for it.
#[derive(Debug)]
pub struct Previous {
    /// The hidden folder holding it, `.<name>.candor-old-…`.
    dir: Option<PathBuf>,
}

/// What the hidden folders of previous outputs are called: `.<output
/// folder's name>` then this, then a random part.
const OLD_MARK: &str = ".candor-old-";

impl Previous {
    /// Deletes the previous output in a process of its own, started with
    /// `command` (which must run [`remove_previous`] on the folder it is
    /// given last), and returns at once. If it cannot start, the output is
    /// deleted here. An interrupted deletion is finished by the next build.
    pub fn detach(mut self, mut command: std::process::Command) {
        let Some(dir) = self.dir.take() else {
            return;
        };
        command
            .arg(&dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        // Its own process group: Ctrl-C after the build does not stop it.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        if command.spawn().is_err() {
            remove_tree(&dir);
        }
    }
}

impl Drop for Previous {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            remove_tree(&dir);
        }
    }
}

/// Deletes `dir`, a previous output moved aside by a build. Anything else
/// is refused: this is what a detached [`Previous`] runs, and a mistyped
/// path must never delete a folder that is not candor's.
pub fn remove_previous(dir: &Path) -> Result<(), Error> {
    let is_previous = dir
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n.contains(OLD_MARK));
    if !is_previous || !dir.is_dir() {
        return Err(Error::Write {
            path: dir.to_path_buf(),
            source: io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a previous output that a build moved aside",
            ),
        });
    }
    remove_tree(dir);
    Ok(())
}

/// Writes `outputs` to `output_dir`, replacing it whole.
#[cfg(test)]
fn write(output_dir: &Path, outputs: &[Output]) -> Result<(), Error> {
    let staging = Staging::new(output_dir)?;
    outputs.par_iter().try_for_each(|o| staging.put(o))?;
    staging.commit().map(drop)
}

fn swap(
    staging: tempfile::TempDir,
    output_dir: &Path,
    parent: &Path,
    name: &str,
) -> Result<Option<Previous>, Error> {
    let exists = output_dir.symlink_metadata().is_ok();
    if !exists {
        let staged = staging.keep();
        return std::fs::rename(&staged, output_dir)
            .map(|()| None)
            .map_err(|source| {
                let _ = std::fs::remove_dir_all(&staged);
                Error::Write {
                    path: output_dir.to_path_buf(),
                    source,
                }
            });
    }
    if !output_dir.is_dir() {
        return Err(Error::Write {
            path: output_dir.to_path_buf(),
            source: io::Error::new(
                io::ErrorKind::AlreadyExists,
                "the output path exists and is not a folder",
            ),
        });
    }
    // Move the old output aside and put the new one in place; the old one
    // is the caller's to delete. If the second rename fails, put the old
    // one back.
    let old = tempfile::Builder::new()
        .prefix(&format!(".{name}{OLD_MARK}"))
        .tempdir_in(parent)
        .map_err(io_err(parent))?;
    let old_path = old.path().join(name);
    std::fs::rename(output_dir, &old_path).map_err(io_err(output_dir))?;
    let staged = staging.keep();
    if let Err(source) = std::fs::rename(&staged, output_dir) {
        let _ = std::fs::rename(&old_path, output_dir);
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::Write {
            path: output_dir.to_path_buf(),
            source,
        });
    }
    Ok(Some(Previous {
        dir: Some(old.keep()),
    }))
}

/// Deletes what an interrupted build (killed, or stopped with Ctrl-C) or
/// an interrupted deletion left beside the output: previous outputs moved
/// aside, which nothing needs, and staging folders untouched for an hour,
/// so a build running at the same moment keeps its own.
fn remove_stale_folders(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let staging = format!(".{name}{NEW_MARK}");
    let previous = format!(".{name}{OLD_MARK}");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let stale = if file_name.starts_with(&previous) {
            true
        } else if file_name.starts_with(&staging) {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(3600))
        } else {
            false
        };
        if stale {
            remove_tree(&entry.path());
        }
    }
}

/// Deletes a previous build, the folders two levels down in parallel (one
/// level holds only a few section folders). Clean-up is best effort: a file
/// that cannot be deleted stays in the hidden folder, and the new build is
/// already in place.
fn remove_tree(dir: &Path) {
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).max_depth(2) {
        match entry {
            Ok(e) if e.depth() == 2 || !e.file_type().is_dir() => entries.push(e.into_path()),
            Ok(_) | Err(_) => {}
        }
    }
    entries.par_iter().for_each(|path| {
        let _ = if path.is_dir() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(path: &str, text: &str) -> Output {
        Output {
            path: path.to_string(),
            body: Body::Bytes(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn removes_folders_left_by_interrupted_builds_but_not_fresh_ones() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".public.candor-new-old1");
        let fresh = dir.path().join(".public.candor-new-now1");
        std::fs::create_dir_all(stale.join("a")).unwrap();
        std::fs::create_dir_all(&fresh).unwrap();
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        std::fs::File::open(&stale)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
        write(&dir.path().join("public"), &[out("index.html", "x")]).unwrap();
        assert!(!stale.exists());
        assert!(fresh.exists());
    }

    /// A folder holding `public/` with `a.html` saying "one", replaced by
    /// a build whose `a.html` says "two": the folder, `public/`, the
    /// previous output handed back and where it waits.
    fn replaced() -> (tempfile::TempDir, PathBuf, Previous, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        write(&public, &[out("a.html", "one")]).unwrap();
        let staging = Staging::new(&public).unwrap();
        staging.put(&out("a.html", "two")).unwrap();
        let previous = staging.commit().unwrap().expect("an output to replace");
        let old = previous.dir.clone().unwrap();
        (dir, public, previous, old)
    }

    #[test]
    fn a_previous_output_waits_beside_the_new_one_until_let_go() {
        let (dir, public, previous, old) = replaced();
        assert_eq!(
            std::fs::read_to_string(public.join("a.html")).unwrap(),
            "two"
        );
        assert_eq!(
            std::fs::read_to_string(old.join("public/a.html")).unwrap(),
            "one"
        );
        // Anything but a previous output is refused.
        assert!(remove_previous(&public).is_err());
        assert!(remove_previous(dir.path()).is_err());
        assert!(public.join("a.html").is_file());
        drop(previous);
        assert!(!old.exists());
    }

    #[test]
    fn a_detached_deletion_runs_by_itself_and_the_next_build_finishes_one() {
        let (dir, public, previous, old) = replaced();
        let mut rm = std::process::Command::new("rm");
        rm.arg("-rf");
        previous.detach(rm);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while old.exists() {
            assert!(
                std::time::Instant::now() < deadline,
                "{old:?} is still there"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }

        // An interrupted deletion: the folder is left, and goes at the
        // next build, however young it is.
        let left = dir.path().join(".public.candor-old-x1/public");
        std::fs::create_dir_all(&left).unwrap();
        std::fs::write(left.join("a.html"), "x").unwrap();
        write(&public, &[out("a.html", "two")]).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }

    #[test]
    fn replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        write(
            &public,
            &[out("a/index.html", "one"), out("stale.txt", "x")],
        )
        .unwrap();
        write(&public, &[out("a/index.html", "two")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(public.join("a/index.html")).unwrap(),
            "two"
        );
        assert!(!public.join("stale.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
    }
}

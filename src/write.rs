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

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::{Body, Output};
use crate::Error;

/// Writes `outputs` to `output_dir`, replacing it whole.
pub(crate) fn write(output_dir: &Path, outputs: &[Output]) -> Result<(), Error> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source: io::Error| Error::Io { path, source }
    };
    let parent = match output_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    let name = output_dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("public");
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.candor-new-"))
        .tempdir_in(&parent)
        .map_err(io_err(&parent))?;

    // Create every folder first, once, then write files in parallel.
    let mut dirs: HashSet<PathBuf> = HashSet::new();
    for output in outputs {
        if let Some(dir) = Path::new(&output.path).parent() {
            dirs.insert(staging.path().join(dir));
        }
    }
    for dir in &dirs {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    outputs.par_iter().try_for_each(|output| {
        let target = staging.path().join(&output.path);
        match &output.body {
            Body::Bytes(bytes) => std::fs::write(&target, bytes).map_err(io_err(&target)),
            Body::Copy(source) => std::fs::copy(source, &target)
                .map(|_| ())
                .map_err(io_err(source)),
        }
    })?;

    swap(staging, output_dir, &parent, name)
}

fn swap(
    staging: tempfile::TempDir,
    output_dir: &Path,
    parent: &Path,
    name: &str,
) -> Result<(), Error> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source: io::Error| Error::Io { path, source }
    };
    let exists = output_dir.symlink_metadata().is_ok();
    if !exists {
        let staged = staging.keep();
        return std::fs::rename(&staged, output_dir).map_err(|source| {
            let _ = std::fs::remove_dir_all(&staged);
            Error::Io {
                path: output_dir.to_path_buf(),
                source,
            }
        });
    }
    if !output_dir.is_dir() {
        return Err(Error::Io {
            path: output_dir.to_path_buf(),
            source: io::Error::new(
                io::ErrorKind::AlreadyExists,
                "the output path exists and is not a folder",
            ),
        });
    }
    // Move the old output aside, put the new one in place, then delete the
    // old one. If the second rename fails, put the old one back.
    let old = tempfile::Builder::new()
        .prefix(&format!(".{name}.candor-old-"))
        .tempdir_in(parent)
        .map_err(io_err(parent))?;
    let old_path = old.path().join(name);
    std::fs::rename(output_dir, &old_path).map_err(io_err(output_dir))?;
    let staged = staging.keep();
    if let Err(source) = std::fs::rename(&staged, output_dir) {
        let _ = std::fs::rename(&old_path, output_dir);
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::Io {
            path: output_dir.to_path_buf(),
            source,
        });
    }
    // Dropping `old` deletes the previous build.
    drop(old);
    Ok(())
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

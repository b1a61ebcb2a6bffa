//! The build's stamp: what the last good build read and what it wrote, so a
//! build of a site that has not changed since leaves its output alone.
//!
//! A stamp is a small text file beside the output folder
//! (`.public.candor-stamp` for `public/`). It holds two digests:
//!
//! - of the inputs: the path, size and modification time of every file the
//!   build reads, with the settings of the build (drafts, address) and the
//!   identity of the `candor` program itself, whose built-in theme and
//!   rules shape every page;
//! - of the output: the path, kind, size, modification time and inode of
//!   every file and folder in the output folder, as the build left it.
//!
//! When both digests still match, the output is what this build would
//! write. A file edited by hand in the output, a file added to it or taken
//! out, changes the second digest, and the site is built again.
//!
//! File times are coarse on some file systems (a few milliseconds on
//! Linux, two seconds on FAT): a file saved twice in one tick could keep
//! its time. So no stamp is written while an input is younger than
//! [`SETTLE`], and an input saved during the build makes the stamp void.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

/// How old every input must be for a stamp to be written.
pub(crate) const SETTLE: Duration = Duration::from_secs(2);

/// The first line of a stamp; another format is not read.
const HEADER: &str = "candor build stamp 2";

/// The stamp beside the output folder `output`.
pub(crate) fn path_for(output: &Path) -> PathBuf {
    crate::write::beside(output, "stamp")
}

/// What a build read, as one digest, and the time of its youngest file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inputs {
    digest: String,
    newest: Option<SystemTime>,
    /// When the files were looked at.
    taken: SystemTime,
}

impl Inputs {
    /// The digest of `settings` and of every file in `folders` (those that
    /// exist, whole) and of `files` (those that exist), all under `root`.
    pub(crate) fn of(root: &Path, folders: &[&str], files: &[PathBuf], settings: &str) -> Inputs {
        let taken = SystemTime::now();
        let mut found: Vec<Found> = Vec::new();
        for folder in folders {
            let dir = root.join(folder);
            if !dir.is_dir() {
                found.push(Err(format!("{folder} absent")));
                continue;
            }
            // Links are followed, as the load stage follows them: a file
            // linked into content/ is read through the link.
            match tree(&dir, true, 0) {
                Ok(entries) => found.extend(entries.into_iter().map(Ok)),
                // An unreadable folder gives no stable digest: the time
                // makes this one match nothing.
                Err(err) => found.push(Err(format!("{err} {:?}", SystemTime::now()))),
            }
        }
        for file in files {
            let path = root.join(file);
            found.push(match std::fs::metadata(&path) {
                Ok(meta) => Ok((path, meta)),
                Err(_) => Err(format!("{} absent", file.display())),
            });
        }
        let (digest, newest) = digest(settings, &found, |path, meta, line| {
            // A folder's time changes whenever a file in it comes or goes,
            // an editor's scratch file too; its files tell what matters.
            let modified = meta.modified().ok().filter(|_| !meta.is_dir());
            let _ = writeln!(
                line,
                "{}\0{}\0{}\0{:?}",
                path.strip_prefix(root).unwrap_or(path).display(),
                u8::from(meta.is_dir()),
                meta.len(),
                modified.and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok()),
            );
            modified
        });
        Inputs {
            digest,
            newest,
            taken,
        }
    }

    /// Whether every input was old enough, when the files were looked at,
    /// that a change to it since is sure to have changed its time.
    pub(crate) fn settled(&self) -> bool {
        self.newest.is_none_or(|newest| {
            self.taken
                .duration_since(newest)
                .is_ok_and(|age| age >= SETTLE)
        })
    }
}

/// A file or folder with what the file system says of it, or what stood in
/// its place.
type Found = Result<(PathBuf, std::fs::Metadata), String>;

/// How deep [`tree`] goes: deeper is a loop of links.
const MAX_DEPTH: usize = 64;

/// Everything under `dir`, depth first in name order, with what the file
/// system says of it; `follow` follows links. Folders are read in
/// parallel, and each entry is asked about relative to its folder.
fn tree(dir: &Path, follow: bool, depth: usize) -> io::Result<Vec<(PathBuf, std::fs::Metadata)>> {
    use rayon::prelude::*;
    if depth > MAX_DEPTH {
        return Err(io::Error::other(
            "folders nested too deep, or a loop of links",
        ));
    }
    let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    let parts: Vec<Vec<(PathBuf, std::fs::Metadata)>> = entries
        .into_par_iter()
        .map(|entry| {
            let path = entry.path();
            let meta = if follow && entry.file_type()?.is_symlink() {
                std::fs::metadata(&path)?
            } else {
                entry.metadata()?
            };
            let below = if meta.is_dir() {
                tree(&path, follow, depth + 1)?
            } else {
                Vec::new()
            };
            let mut part = Vec::with_capacity(below.len() + 1);
            part.push((path, meta));
            part.extend(below);
            Ok(part)
        })
        .collect::<io::Result<_>>()?;
    Ok(parts.into_iter().flatten().collect())
}

/// One digest of `head` and of the line `describe` writes for each of
/// `found` (or what stood in its place), and the latest time it returned.
/// The lines are made in parallel, in runs whose digests are then put
/// together in order, so the digest does not depend on the threads.
fn digest(
    head: &str,
    found: &[Found],
    describe: impl Fn(&Path, &std::fs::Metadata, &mut String) -> Option<SystemTime> + Sync,
) -> (String, Option<SystemTime>) {
    use rayon::prelude::*;
    let runs: Vec<([u8; 32], Option<SystemTime>)> = found
        .par_chunks(1024)
        .map(|run| {
            let mut hasher = Sha256::new();
            let mut newest: Option<SystemTime> = None;
            let mut line = String::new();
            for item in run {
                line.clear();
                match item {
                    Ok((path, meta)) => {
                        if let Some(time) = describe(path, meta, &mut line) {
                            newest = Some(newest.map_or(time, |n| n.max(time)));
                        }
                    }
                    Err(what) => {
                        let _ = writeln!(line, "\0{what}");
                    }
                }
                hasher.update(line.as_bytes());
            }
            (hasher.finalize().into(), newest)
        })
        .collect();
    let mut hasher = Sha256::new();
    hasher.update(head.as_bytes());
    hasher.update([0]);
    let mut newest: Option<SystemTime> = None;
    for (run, time) in runs {
        hasher.update(run);
        newest = newest.max(time);
    }
    (crate::hex(&hasher.finalize()), newest)
}

/// Every entry of an output folder holding `files` (relative paths with
/// `/` separators): the files and each folder above them, the folder
/// itself as `""`, sorted. `None` when a name could not be kept in a stamp.
fn entries(files: &[String]) -> Option<Vec<String>> {
    let mut all: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    all.insert("");
    for file in files {
        if file.contains('\n') || file.is_empty() {
            return None;
        }
        all.insert(file);
        let mut rest = file.as_str();
        while let Some((parent, _)) = rest.rsplit_once('/') {
            if !all.insert(parent) {
                break;
            }
            rest = parent;
        }
    }
    Some(all.into_iter().map(str::to_string).collect())
}

/// The digest of `entries` of the output folder `dir` as they are now:
/// each one's kind, size, time and inode. A folder's time changes when a
/// file in it comes or goes, so a file added by hand is seen too. `None`
/// when an entry is missing.
fn output_digest(dir: &Path, entries: &[String]) -> Option<String> {
    use rayon::prelude::*;
    let found: Vec<Found> = entries
        .par_iter()
        .map(|entry| {
            let path = dir.join(entry);
            std::fs::symlink_metadata(&path)
                .map(|meta| (path, meta))
                .map_err(|err| err.to_string())
        })
        .collect();
    if found.iter().any(Result::is_err) {
        return None;
    }
    let (digest, _) = digest("output", &found, |path, meta, line| {
        let _ = writeln!(
            line,
            "{}\0{:?}\0{}\0{:?}\0{}",
            path.strip_prefix(dir).unwrap_or(path).display(),
            meta.file_type(),
            meta.len(),
            meta.modified().ok(),
            inode(meta),
        );
        None
    });
    Some(digest)
}

/// What the last good build into an output folder read and wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    /// The digest of its inputs ([`Inputs`]).
    inputs: String,
    /// The digest of the output folder it left ([`output_digest`]).
    output: String,
    /// The folder's entries ([`entries`]).
    entries: Vec<String>,
    /// The site's files it wrote, not counting compressed copies.
    pub(crate) files: usize,
}

impl Stamp {
    /// Reads the stamp at `path`; `None` when there is none, or it is not
    /// one this version wrote.
    pub(crate) fn read(path: &Path) -> Option<Stamp> {
        let text = std::fs::read_to_string(path).ok()?;
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let mut field = |name: &str| {
            lines
                .next()?
                .strip_prefix(name)?
                .strip_prefix(' ')
                .map(str::to_string)
        };
        let inputs = field("inputs")?;
        let output = field("output")?;
        let files = field("files")?.parse().ok()?;
        // The folder itself is the empty line after the header's.
        lines.next().filter(|l| l.is_empty())?;
        let mut entries = vec![String::new()];
        entries.extend(lines.map(str::to_string));
        Some(Stamp {
            inputs,
            output,
            entries,
            files,
        })
    }

    /// Writes the stamp to `path`, whole or not at all.
    pub(crate) fn write(&self, path: &Path) -> io::Result<()> {
        let mut text = format!(
            "{HEADER}\ninputs {}\noutput {}\nfiles {}\n",
            self.inputs, self.output, self.files
        );
        for entry in &self.entries {
            text.push_str(entry);
            text.push('\n');
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        io::Write::write_all(&mut file, text.as_bytes())?;
        file.persist(path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Whether the output this stamp describes is still there, untouched,
    /// and was made from `inputs`.
    pub(crate) fn matches(&self, inputs: &Inputs, output: &Path) -> bool {
        self.inputs == inputs.digest
            && output_digest(output, &self.entries).is_some_and(|digest| digest == self.output)
    }

    /// A stamp for a build from `inputs` that wrote `files` into `output`,
    /// as they are now, `outputs` of them the site's own (the others
    /// compressed copies); `None` when it cannot be made.
    pub(crate) fn of(
        inputs: &Inputs,
        output: &Path,
        files: &[String],
        outputs: usize,
    ) -> Option<Stamp> {
        let entries = entries(files)?;
        Some(Stamp {
            inputs: inputs.digest.clone(),
            output: output_digest(output, &entries)?,
            entries,
            files: outputs,
        })
    }
}

/// Which file this is on its file system: a file replaced under the same
/// name, size and time is still told apart.
#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn age(path: &Path, seconds: u64) {
        let when = SystemTime::now() - Duration::from_secs(seconds);
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(when)
            .unwrap();
    }

    #[test]
    fn inputs_change_with_a_file_its_size_or_its_time_and_settle() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), "one").unwrap();
        std::fs::write(root.join("candor.yaml"), "title: x").unwrap();
        let files = [PathBuf::from("candor.yaml"), PathBuf::from("forms/x.yaml")];
        let of = || Inputs::of(root, &["content", "static"], &files, "settings");
        let first = of();
        assert!(!first.settled(), "a file just written");
        age(&root.join("content/a.md"), 60);
        age(&root.join("candor.yaml"), 60);
        let old = of();
        assert!(old.settled());
        assert_eq!(
            old.digest,
            of().digest,
            "the same files give the same digest"
        );
        assert_ne!(
            old.digest,
            Inputs::of(root, &["content", "static"], &files, "drafts").digest
        );

        std::fs::write(root.join("content/a.md"), "two").unwrap();
        age(&root.join("content/a.md"), 60);
        let same_size_same_age = of();
        // The time is set to the same second, not the same nanosecond.
        assert_ne!(same_size_same_age.digest, old.digest);

        std::fs::write(root.join("content/b.md"), "").unwrap();
        assert_ne!(of().digest, same_size_same_age.digest, "a new file");
        std::fs::create_dir_all(root.join("forms")).unwrap();
        std::fs::write(root.join("forms/x.yaml"), "").unwrap();
        let named = of();
        std::fs::remove_file(root.join("forms/x.yaml")).unwrap();
        assert_ne!(of().digest, named.digest, "a named file taken away");
    }

    #[test]
    fn a_stamp_matches_only_its_output_as_it_was_left() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("a/b")).unwrap();
        std::fs::write(out.join("a/b/index.html"), "page").unwrap();
        std::fs::write(out.join("index.html"), "home").unwrap();
        let files = ["a/b/index.html".to_string(), "index.html".to_string()];
        let inputs = Inputs {
            digest: "in".into(),
            newest: None,
            taken: SystemTime::now(),
        };
        let stamp = Stamp::of(&inputs, &out, &files, 2).unwrap();
        assert_eq!(
            stamp.entries,
            ["", "a", "a/b", "a/b/index.html", "index.html"]
        );
        let path = path_for(&out);
        assert_eq!(path, dir.path().join(".public.candor-stamp"));
        stamp.write(&path).unwrap();
        let read = Stamp::read(&path).unwrap();
        assert_eq!(read, stamp);
        assert!(read.matches(&inputs, &out));
        let other = Inputs {
            digest: "other".into(),
            newest: None,
            taken: SystemTime::now(),
        };
        assert!(!read.matches(&other, &out));

        std::fs::write(out.join("a/extra.html"), "").unwrap();
        assert!(!read.matches(&inputs, &out), "a file added");
        let stamp = Stamp::of(&inputs, &out, &files, 2).unwrap();
        std::fs::write(out.join("a/b/index.html"), "edited").unwrap();
        assert!(!stamp.matches(&inputs, &out), "a file edited in place");
        let stamp = Stamp::of(&inputs, &out, &files, 2).unwrap();
        std::fs::remove_file(out.join("index.html")).unwrap();
        assert!(!stamp.matches(&inputs, &out), "a file taken away");
        std::fs::remove_dir_all(&out).unwrap();
        assert!(!stamp.matches(&inputs, &out), "the output gone");
        assert_eq!(Stamp::of(&inputs, &out, &files, 2), None);
        assert_eq!(entries(&["a\nb".to_string()]), None);

        std::fs::write(&path, "candor build stamp 0\n").unwrap();
        assert_eq!(Stamp::read(&path), None, "another format");
    }
}

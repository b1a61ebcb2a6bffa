//! The image cache: processed copies kept between builds in a folder beside
//! the site, so an unchanged photo costs a file's metadata, not a decode.
//!
//! Each copy is a file named by the SHA-256 of its source's bytes and its
//! [`Spec`], so a changed photo or setting makes new files and never reads a
//! stale one. `index.json` remembers, by source file, its size and
//! modification time with its hash and [`Probe`]: a file that kept both is
//! not read at all. Files are written under a temporary name and renamed,
//! so an interrupted build leaves no half-written copy under a real name.
//! The folder holds a `.gitignore` that ignores it whole.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use super::probe::{self, Probe, Unreadable};
use super::process::{self, Spec};
use super::Variant;

/// The index of known sources, in the cache folder.
const INDEX_FILE: &str = "index.json";
/// Bumped when the way copies are made changes, so old copies are not used.
const VERSION: u32 = 1;

/// A source image with its copies made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// What the source is.
    pub probe: Probe,
    /// Each copy of the plan, with the cache file holding it.
    pub copies: Vec<(Variant, PathBuf)>,
}

/// Why a source image gave no copies.
#[derive(Debug)]
pub enum Failure {
    /// The image cannot be read: the site's to fix.
    Unreadable(Unreadable),
    /// The source or the cache folder cannot be read or written.
    Io(crate::Error),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Known {
    len: u64,
    modified: u128,
    hash: String,
    probe: Probe,
}

/// The sources and copy files a load asked for.
#[derive(Debug, Default)]
struct Used {
    /// By their name in the index.
    sources: HashSet<String>,
    /// By their file name in the folder.
    files: HashSet<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    version: u32,
    sources: HashMap<String, Known>,
}

/// The cache folder, or a temporary one that goes when the store does.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    index: Mutex<Index>,
    present: Mutex<HashSet<String>>,
    /// What was asked for since [`Store::begin`].
    used: Mutex<Used>,
    changed: std::sync::atomic::AtomicBool,
    decoded: std::sync::atomic::AtomicUsize,
    _temporary: Option<tempfile::TempDir>,
}

impl Store {
    /// The cache at `dir`, made when first written to. A missing or
    /// unreadable index is an empty one: the cache is only ever a shortcut.
    pub fn open(dir: &Path) -> Store {
        let index = std::fs::read(dir.join(INDEX_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Index>(&bytes).ok())
            .filter(|index| index.version == VERSION)
            .unwrap_or(Index {
                version: VERSION,
                sources: HashMap::new(),
            });
        let present = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        Store {
            dir: dir.to_path_buf(),
            index: Mutex::new(index),
            present: Mutex::new(present),
            used: Mutex::new(Used::default()),
            changed: std::sync::atomic::AtomicBool::new(false),
            decoded: std::sync::atomic::AtomicUsize::new(0),
            _temporary: None,
        }
    }

    /// A cache in a new temporary folder, removed when the store is
    /// dropped: a build that neither reads nor keeps processed copies.
    pub fn temporary() -> Result<Store, crate::Error> {
        let temp = tempfile::Builder::new()
            .prefix("candor-images")
            .tempdir()
            .map_err(|source| crate::Error::Write {
                path: std::env::temp_dir(),
                source,
            })?;
        let mut store = Store::open(temp.path());
        store._temporary = Some(temp);
        Ok(store)
    }

    /// How many source images were decoded to make copies so far.
    pub fn decoded(&self) -> usize {
        self.decoded.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The cache folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes (or finds) the copies of the source image at `path`, known in
    /// the index as `name`, that `plan` asks for given what the image is.
    pub fn prepare(
        &self,
        path: &Path,
        name: &str,
        plan: &dyn Fn(&Probe) -> Vec<Variant>,
    ) -> Result<Prepared, Failure> {
        self.prepare_from(Source::File(path), name, plan)
    }

    /// [`Store::prepare`] for an image already read into `bytes`.
    pub fn prepare_bytes(
        &self,
        bytes: &[u8],
        name: &str,
        plan: &dyn Fn(&Probe) -> Vec<Variant>,
    ) -> Result<Prepared, Failure> {
        self.prepare_from(Source::Bytes(bytes), name, plan)
    }

    fn prepare_from(
        &self,
        source: Source<'_>,
        name: &str,
        plan: &dyn Fn(&Probe) -> Vec<Variant>,
    ) -> Result<Prepared, Failure> {
        let read = || -> Result<Cow<'_, [u8]>, Failure> {
            match source {
                Source::File(path) => std::fs::read(path).map(Cow::Owned).map_err(|source| {
                    Failure::Io(crate::Error::Read {
                        path: path.to_path_buf(),
                        source,
                    })
                }),
                Source::Bytes(bytes) => Ok(Cow::Borrowed(bytes)),
            }
        };
        // What identifies this version of the source without reading it:
        // its size and time for a file, its hash for bytes in memory.
        let (len, modified, given_hash) = match source {
            Source::File(path) => {
                let meta = std::fs::metadata(path).map_err(|source| {
                    Failure::Io(crate::Error::Read {
                        path: path.to_path_buf(),
                        source,
                    })
                })?;
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                (meta.len(), modified, None)
            }
            Source::Bytes(bytes) => (bytes.len() as u64, 0, Some(hash(bytes))),
        };
        let known = self
            .lock_index()
            .sources
            .get(name)
            .filter(|k| {
                k.len == len
                    && match &given_hash {
                        Some(h) => *h == k.hash,
                        None => k.modified == modified && modified != 0,
                    }
            })
            .cloned();
        let mut bytes = None;
        let known = match known {
            Some(known) => known,
            None => {
                let data = read()?;
                let probe = probe::inspect(&data).map_err(Failure::Unreadable)?;
                let known = Known {
                    len,
                    modified,
                    hash: given_hash.unwrap_or_else(|| hash(&data)),
                    probe,
                };
                bytes = Some(data);
                self.lock_index()
                    .sources
                    .insert(name.to_string(), known.clone());
                self.changed
                    .store(true, std::sync::atomic::Ordering::Relaxed);
                known
            }
        };
        let variants = plan(&known.probe);
        let file_of = |spec: &Spec| format!("{}-{}", known.hash, spec.key());
        let mut missing: Vec<Spec> = {
            let present = self.present.lock().unwrap_or_else(PoisonError::into_inner);
            variants
                .iter()
                .map(|v| v.spec)
                .filter(|spec| !present.contains(&file_of(spec)))
                .collect()
        };
        missing.sort_by_key(Spec::key);
        missing.dedup();
        if !missing.is_empty() {
            // Bytes hashed in this call are the ones the index now names;
            // bytes read for the first time since are checked against it.
            let bytes = match bytes {
                Some(bytes) => bytes,
                None => {
                    let bytes = read()?;
                    if hash(&bytes) != known.hash {
                        // Changed since the index saw it, with the same
                        // size and time: forget it and start again.
                        self.lock_index().sources.remove(name);
                        return self.prepare_from(source, name, plan);
                    }
                    bytes
                }
            };
            let made =
                process::make(&bytes, &known.probe, &missing).map_err(Failure::Unreadable)?;
            self.decoded
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            self.ensure_dir().map_err(Failure::Io)?;
            for (spec, data) in missing.iter().zip(made) {
                let file = file_of(spec);
                self.put(&file, &data).map_err(Failure::Io)?;
            }
            self.changed
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        {
            let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
            used.sources.insert(name.to_string());
            used.files.extend(variants.iter().map(|v| file_of(&v.spec)));
        }
        let copies = variants
            .into_iter()
            .map(|variant| {
                let file = self.dir.join(file_of(&variant.spec));
                (variant, file)
            })
            .collect();
        Ok(Prepared {
            probe: known.probe,
            copies,
        })
    }

    /// Starts counting which sources and copies the site uses, for
    /// [`Store::prune`].
    pub fn begin(&self) {
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        *used = Used::default();
    }

    /// Forgets every source and removes every copy not asked for since
    /// [`Store::begin`]: photos deleted or changed, and copies of settings
    /// no longer used. Only after the whole site was prepared. Published
    /// copies are the output's own files, not these, so nothing published
    /// goes.
    pub fn prune(&self) -> Result<(), crate::Error> {
        let used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        {
            let mut index = self.lock_index();
            let before = index.sources.len();
            index.sources.retain(|name, _| used.sources.contains(name));
            if index.sources.len() != before {
                self.changed
                    .store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
        let mut present = self.present.lock().unwrap_or_else(PoisonError::into_inner);
        let stale: Vec<String> = present
            .iter()
            .filter(|f| !used.files.contains(*f) && *f != INDEX_FILE && *f != ".gitignore")
            .cloned()
            .collect();
        for file in stale {
            let path = self.dir.join(&file);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(crate::Error::Write { path, source }),
            }
            present.remove(&file);
        }
        Ok(())
    }

    /// Writes the index, when anything was added, and the folder's
    /// `.gitignore`.
    pub fn save(&self) -> Result<(), crate::Error> {
        if !self
            .changed
            .swap(false, std::sync::atomic::Ordering::Relaxed)
        {
            return Ok(());
        }
        self.ensure_dir()?;
        let bytes = {
            let index = self.lock_index();
            serde_json::to_vec(&*index).unwrap_or_default()
        };
        self.put(INDEX_FILE, &bytes)
    }

    fn lock_index(&self) -> std::sync::MutexGuard<'_, Index> {
        self.index.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn ensure_dir(&self) -> Result<(), crate::Error> {
        let write_error = |source| crate::Error::Write {
            path: self.dir.clone(),
            source,
        };
        std::fs::create_dir_all(&self.dir).map_err(write_error)?;
        let ignore = self.dir.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(
                &ignore,
                "# Processed images that candor makes again when they are gone.\n*\n",
            )
            .map_err(write_error)?;
        }
        Ok(())
    }

    /// Writes `data` to `file` in the folder, under a temporary name first.
    fn put(&self, file: &str, data: &[u8]) -> Result<(), crate::Error> {
        let target = self.dir.join(file);
        let write_error = |source| crate::Error::Write {
            path: target.clone(),
            source,
        };
        let mut temp = tempfile::NamedTempFile::new_in(&self.dir).map_err(write_error)?;
        std::io::Write::write_all(&mut temp, data).map_err(write_error)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Published as they are: readable by the web server.
            std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o644))
                .map_err(write_error)?;
        }
        temp.persist(&target)
            .map_err(|err| write_error(err.error))?;
        self.present
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(file.to_string());
        Ok(())
    }
}

/// Where a source image's bytes are.
#[derive(Clone, Copy)]
enum Source<'a> {
    File(&'a Path),
    Bytes(&'a [u8]),
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
fn hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    crate::hex(&digest[..8])
}

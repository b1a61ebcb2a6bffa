//! The site as the server sends it: the files of the last good build, the
//! problems of the last rebuild, and a build number that grows with every
//! good rebuild, so a page can tell whether it is out of date.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};

use axum::body::Bytes;

use super::events::Problem;

/// One file of the served site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum File {
    /// Rendered bytes, kept in memory.
    Bytes(Bytes),
    /// A file from `content/`, read from disk when asked for, so a changed
    /// image is sent as it now is.
    Copy(PathBuf),
}

/// What a good rebuild changed in the served files.
#[derive(Debug, Default)]
pub(crate) struct Update {
    /// New or changed files, by output path.
    pub(crate) files: Vec<(String, File)>,
    /// Output paths that are gone.
    pub(crate) removed: Vec<String>,
    /// Output paths whose source changed on disk although the file is the
    /// same copy: images and other files beside the pages.
    pub(crate) touched: Vec<String>,
    /// The addresses of draft pages, when drafts are shown.
    pub(crate) drafts: HashSet<String>,
}

impl Update {
    /// The output paths that readers see differently now.
    pub(crate) fn changed_paths(&self) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .map(|(path, _)| path.as_str())
            .chain(self.removed.iter().map(String::as_str))
            .chain(self.touched.iter().map(String::as_str))
    }
}

/// A snapshot of the store's state for a new page or event stream.
#[derive(Debug, Clone)]
pub(crate) struct Status {
    /// The number of the build being served; 0 before the first good one.
    pub(crate) build: u64,
    /// The problems of the last rebuild; empty when it worked.
    pub(crate) problems: Arc<[Problem]>,
}

/// The served site, shared by the server and the rebuilding thread.
#[derive(Debug)]
pub(crate) struct Store {
    state: RwLock<State>,
}

#[derive(Debug)]
struct State {
    files: HashMap<String, File>,
    drafts: HashSet<String>,
    build: u64,
    problems: Arc<[Problem]>,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            state: RwLock::new(State {
                files: HashMap::new(),
                drafts: HashSet::new(),
                build: 0,
                problems: Arc::from(Vec::new()),
            }),
        }
    }
}

impl Store {
    /// The file at output path `path`.
    pub(crate) fn get(&self, path: &str) -> Option<File> {
        let state = self.state.read().unwrap_or_else(PoisonError::into_inner);
        state.files.get(path).cloned()
    }

    /// Whether the page at site address `address` (such as `/articles/a/`)
    /// is a draft.
    pub(crate) fn is_draft(&self, address: &str) -> bool {
        let state = self.state.read().unwrap_or_else(PoisonError::into_inner);
        state.drafts.contains(address)
    }

    /// The build number and the last rebuild's problems.
    pub(crate) fn status(&self) -> Status {
        let state = self.state.read().unwrap_or_else(PoisonError::into_inner);
        Status {
            build: state.build,
            problems: state.problems.clone(),
        }
    }

    /// Applies a good rebuild and clears the problems. Returns the new build
    /// number when readers see something new.
    pub(crate) fn apply(&self, update: Update) -> Option<u64> {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        state.problems = Arc::from(Vec::new());
        state.drafts = update.drafts;
        if update.files.is_empty()
            && update.removed.is_empty()
            && update.touched.is_empty()
            && state.build > 0
        {
            return None;
        }
        for path in update.removed {
            state.files.remove(&path);
        }
        state.files.extend(update.files);
        state.build += 1;
        Some(state.build)
    }

    /// Records the problems of a failed rebuild; the files stay as they were.
    pub(crate) fn fail(&self, problems: Arc<[Problem]>) {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        state.problems = problems;
    }
}

//! Watching the site's files.
//!
//! The watch covers what a build reads: `candor.yaml` and the files it
//! names, and the `content/`, `templates/`, `static/` and `themes/`
//! folders. Nothing else under the site's folder is watched, so a `target/`
//! or `node_modules/` beside the site costs nothing, and the build output
//! is never read back.
//!
//! Events are debounced: a file's changes are reported once it has been
//! quiet for [`QUIET`], so an editor that saves by writing twice, or by
//! writing a scratch file and renaming it over the old one, causes one
//! rebuild of the finished file.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::config::CONFIG_FILE;
use crate::load::{is_ignored, CONTENT_DIR};
use crate::site::{Changes, INPUT_FOLDERS};

/// How long a file must be left alone before its change is reported.
pub(crate) const QUIET: Duration = Duration::from_millis(50);

/// The folders of a site whose files are inputs, besides `content/`.
const THEME_DIRS: &[&str] = INPUT_FOLDERS.split_at(1).1;

/// What [`Watcher::next_within`] saw.
pub(crate) enum Waited {
    /// Files changed.
    Changes(Changes),
    /// Nothing changed for that long.
    Quiet,
    /// The watch has stopped.
    Stopped,
}

/// A running watch of one site's files.
pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    /// The site's folder, as the watcher reports paths under it.
    root: PathBuf,
    /// Folders watched with everything in them.
    folders: HashSet<PathBuf>,
    /// Files that `candor.yaml` names, and the folders watched for them.
    named: HashSet<PathBuf>,
    named_folders: HashSet<PathBuf>,
}

impl Watcher {
    /// Starts watching the site at `root`.
    pub(crate) fn start(root: &Path) -> notify::Result<Watcher> {
        let root = std::fs::canonicalize(root).map_err(notify::Error::io)?;
        let (tx, events) = mpsc::channel();
        let mut debouncer = new_debouncer(QUIET, Some(Duration::from_millis(10)), tx)?;
        // The site's folder itself, for `candor.yaml` and for input folders
        // that appear later.
        debouncer.watch(&root, RecursiveMode::NonRecursive)?;
        let mut watcher = Watcher {
            debouncer,
            events,
            root,
            folders: HashSet::new(),
            named: HashSet::new(),
            named_folders: HashSet::new(),
        };
        for dir in INPUT_FOLDERS {
            watcher.watch_folder(dir)?;
        }
        Ok(watcher)
    }

    /// Watches `root/<name>` and everything in it, if it exists.
    fn watch_folder(&mut self, name: &str) -> notify::Result<()> {
        let path = self.root.join(name);
        if !path.is_dir() {
            // A folder that was deleted loses its watch; watch it again if
            // it comes back.
            self.folders.remove(&path);
            return Ok(());
        }
        if self.folders.insert(path.clone()) {
            self.debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    /// Watches `files` too (paths as the site names them): the files
    /// `candor.yaml` names, such as the intake form's schema.
    pub(crate) fn watch_files(&mut self, files: &[PathBuf]) -> notify::Result<()> {
        self.named.clear();
        for file in files {
            // Watch the folder, not the file: an editor that saves by
            // renaming replaces the file, and a watch on it would be lost.
            let Some(folder) = file.parent().and_then(|p| std::fs::canonicalize(p).ok()) else {
                continue;
            };
            let Some(name) = file.file_name() else {
                continue;
            };
            self.named.insert(folder.join(name));
            let covered = folder == self.root || self.folders.iter().any(|f| folder.starts_with(f));
            if !covered && self.named_folders.insert(folder.clone()) {
                self.debouncer.watch(&folder, RecursiveMode::NonRecursive)?;
            }
        }
        Ok(())
    }

    /// Waits for files to change and returns what changed, together with
    /// the changes already waiting. `None` when the watch has stopped.
    pub(crate) fn next(&mut self) -> Option<Changes> {
        loop {
            let first = self.events.recv().ok()?;
            let mut changes = Changes::default();
            self.add(first, &mut changes);
            while let Ok(more) = self.events.try_recv() {
                self.add(more, &mut changes);
            }
            if !changes.is_empty() {
                return Some(changes);
            }
        }
    }

    /// Like [`Watcher::next`], waiting at most `quiet` for a change.
    pub(crate) fn next_within(&mut self, quiet: Duration) -> Waited {
        let first = match self.events.recv_timeout(quiet) {
            Ok(first) => first,
            Err(RecvTimeoutError::Timeout) => return Waited::Quiet,
            Err(RecvTimeoutError::Disconnected) => return Waited::Stopped,
        };
        let mut changes = Changes::default();
        self.add(first, &mut changes);
        while let Ok(more) = self.events.try_recv() {
            self.add(more, &mut changes);
        }
        if changes.is_empty() {
            Waited::Quiet
        } else {
            Waited::Changes(changes)
        }
    }

    fn add(&mut self, result: DebounceEventResult, changes: &mut Changes) {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                // Events may have been lost: load everything again.
                for err in errors {
                    eprintln!("warning: watching the site's files: {err}");
                }
                changes.config = true;
                return;
            }
        };
        for event in events {
            if event.need_rescan() {
                changes.config = true;
            }
            match event.kind {
                // Opening and reading a file, as the build itself does,
                // changes nothing.
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
                EventKind::Access(_) => continue,
                _ => {}
            }
            for path in &event.paths {
                self.classify(path, changes);
            }
        }
    }

    /// Records what the change of `path` means for the site.
    fn classify(&mut self, path: &Path, changes: &mut Changes) {
        if self.named.contains(path) {
            changes.config = true;
            return;
        }
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return;
        };
        let parts: Vec<&str> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => part.to_str(),
                _ => None,
            })
            .collect();
        let Some((&first, rest)) = parts.split_first() else {
            return;
        };
        if first == CONFIG_FILE && rest.is_empty() {
            changes.config = true;
        } else if first == CONTENT_DIR {
            if rest.iter().any(|part| is_ignored(part)) {
                return;
            }
            if rest.is_empty() {
                // The folder itself came or went.
                if let Err(err) = self.watch_folder(first) {
                    eprintln!("warning: cannot watch {}: {err}", path.display());
                }
                changes.config = true;
            } else {
                changes.content.insert(rest.join("/"));
            }
        } else if THEME_DIRS.contains(&first) {
            // The theme loader reads every file that is not hidden.
            if rest.iter().any(|part| part.starts_with('.')) {
                return;
            }
            if rest.is_empty() {
                if let Err(err) = self.watch_folder(first) {
                    eprintln!("warning: cannot watch {}: {err}", path.display());
                }
            }
            changes.theme = true;
        }
    }
}

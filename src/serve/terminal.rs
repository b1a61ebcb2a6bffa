//! What `serve` prints: one line per rebuild, and each set of errors once.
//! Saving the same broken file again prints nothing new.

use std::path::PathBuf;
use std::time::Duration;

use crate::diag::Diagnostic;
use crate::report::{self, Style};

/// The terminal `candor serve` runs in.
pub(crate) struct Terminal {
    root: PathBuf,
    style: Style,
    /// The errors printed last; empty while the site builds.
    shown: Vec<Diagnostic>,
}

impl Terminal {
    pub(crate) fn new(root: PathBuf, style: Style) -> Self {
        Terminal {
            root,
            style,
            shown: Vec::new(),
        }
    }

    /// A line of its own, such as where the site is served.
    pub(crate) fn say(&self, line: &str) {
        eprintln!("{line}");
    }

    /// A good rebuild: what changed, unless nothing did.
    pub(crate) fn built(&mut self, what: &str, changed: usize, took: Duration) {
        let fixed = !self.shown.is_empty();
        self.shown.clear();
        if fixed {
            eprintln!("fixed: the site builds again");
        }
        if changed > 0 || fixed {
            eprintln!(
                "{what}: {changed} file{} updated in {} ms",
                if changed == 1 { "" } else { "s" },
                took.as_millis()
            );
        }
    }

    /// A failed rebuild: its errors, unless they are the ones shown last.
    pub(crate) fn failed(&mut self, errors: &[Diagnostic]) {
        if errors == self.shown.as_slice() {
            return;
        }
        eprint!("{}", report::render(errors, &self.root, self.style));
        let count = errors.len();
        eprintln!(
            "{count} error{}: the browser shows {}; the last good version is still served",
            if count == 1 { "" } else { "s" },
            if count == 1 { "it" } else { "them" }
        );
        self.shown = errors.to_vec();
    }
}

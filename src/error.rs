//! Failures of the environment rather than of the content: a folder that
//! cannot be written, a file that vanished mid-build. Content problems are
//! [`crate::Diagnostic`]s instead.

use std::path::PathBuf;

/// What stopped a command, other than problems in the site's sources.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading a file or folder failed.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// Writing a file or folder failed.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A file that should be created already exists.
    #[error("{} already exists; candor will not overwrite it", path.display())]
    Exists {
        /// The file or folder.
        path: PathBuf,
    },
}

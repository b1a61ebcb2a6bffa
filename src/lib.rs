//! candor turns a folder of markdown articles and FAQs into a fast,
//! accessible, private static website for a therapy practice.
//!
//! A build runs four stages, each a module: [`load`] reads files,
//! [`link`] resolves the site as a whole, [`render`] produces output bytes
//! with tera, and [`write`] swaps them into the output folder atomically.
//! [`build`] composes them. Only `load` and `write` do IO.

pub mod brand;
pub mod build;
pub mod check;
pub mod config;
pub mod diag;
pub mod directory;
mod error;
pub mod form;
pub mod headers;
mod highlight;
pub mod i18n;
pub mod images;
pub mod intake;
pub mod link;
mod lint;
pub mod load;
mod markdown;
pub mod render;
pub mod report;
pub mod scaffold;
mod seal;
pub mod serve;
pub mod site;
mod slug;
pub mod starter;
mod write;
mod yaml;

pub use build::{build, BuildFailure, BuildOptions, BuildReport};
pub use config::Config;
pub use diag::{Diagnostic, Position, Severity};
pub use error::Error;
pub use write::{remove_previous, Previous};

/// `bytes` as lowercase hexadecimal: digests in names and stamps.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

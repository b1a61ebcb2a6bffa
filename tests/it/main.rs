//! Integration tests: build fixture sites in temporary folders with the real
//! `candor` binary and check what a reader or an editor would see.

#![allow(clippy::unwrap_used)]

mod blocks;
mod build;
mod check;
mod cli;
mod directory;
mod errors;
mod i18n;
mod images;
mod intake;
#[cfg(feature = "postgres-tests")]
mod postgres;
mod search;
mod serve;
mod support;

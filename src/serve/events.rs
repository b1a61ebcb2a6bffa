//! What open pages are told, over Server-Sent Events.
//!
//! Every page that `serve` sends loads `/__candor/reload.js`, which listens
//! at `/__candor/events`. A new listener first gets `hello` with the number
//! of the build being served (a page from an older build reloads at once)
//! and, while the site has errors, `errors`. After that it gets one event
//! per rebuild:
//!
//! - `reload`: the site changed; reload, keeping the scroll position;
//! - `css`: only stylesheets changed; fetch these again without a reload;
//! - `errors`: the rebuild failed; show these over the last good page (an
//!   empty list: the errors are gone).

use std::sync::Arc;

use axum::response::sse;
use serde::Serialize;

use crate::diag::Diagnostic;

/// A problem as the error overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Problem {
    /// `file:line:column`, relative to the site's folder.
    pub(crate) location: String,
    /// `error` or `warning`.
    pub(crate) severity: &'static str,
    /// The diagnostic's code, such as `front-matter/invalid`.
    pub(crate) code: &'static str,
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it, when known.
    pub(crate) help: Option<String>,
}

impl Problem {
    pub(crate) fn new(d: &Diagnostic) -> Self {
        Problem {
            location: d.location(),
            severity: d.severity.name(),
            code: d.code,
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

/// One message to every open page.
#[derive(Debug, Clone)]
pub(crate) enum Event {
    /// The site was rebuilt: reload.
    Reload {
        /// The new build's number.
        build: u64,
        /// How long the rebuild took, in milliseconds.
        ms: f64,
        /// Only the pages at these addresses changed; all may have, when
        /// `None`.
        paths: Option<Vec<String>>,
    },
    /// Only these stylesheets changed (site addresses such as `/style.css`).
    Css {
        /// The new build's number.
        build: u64,
        /// How long the rebuild took, in milliseconds.
        ms: f64,
        /// The stylesheets to fetch again.
        paths: Vec<String>,
    },
    /// The problems of the last rebuild; none when it works again.
    Errors(Arc<[Problem]>),
}

impl Event {
    /// The first message to a new listener: the build being served, and
    /// how many problems the `errors` event after it lists.
    pub(crate) fn hello(build: u64, errors: usize) -> sse::Event {
        sse::Event::default()
            .event("hello")
            .data(serde_json::json!({ "build": build, "errors": errors }).to_string())
    }

    /// The event as sent.
    pub(crate) fn to_sse(&self) -> sse::Event {
        let (name, data) = match self {
            Event::Reload { build, ms, paths } => (
                "reload",
                serde_json::json!({ "build": build, "ms": ms, "paths": paths }),
            ),
            Event::Css { build, ms, paths } => (
                "css",
                serde_json::json!({ "build": build, "ms": ms, "paths": paths }),
            ),
            Event::Errors(problems) => ("errors", serde_json::json!({ "errors": &problems[..] })),
        };
        sse::Event::default().event(name).data(data.to_string())
    }
}

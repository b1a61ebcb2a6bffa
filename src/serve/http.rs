//! The HTTP side of `serve`: the site's files from memory, with the same
//! headers as production plus what live reload needs, and the live-reload
//! script, stylesheet and event stream under `/__candor/`.
//!
//! Only here is the live-reload script added to a page: rendering knows
//! nothing of it, so `candor build` never writes it.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use super::events::{Event, Problem};
use super::store::{File, Store};

/// Where the live-reload script is served.
pub(crate) const RELOAD_JS: &str = "/__candor/reload.js";
/// Where the stylesheet of the error overlay and draft banner is served.
pub(crate) const SERVE_CSS: &str = "/__candor/serve.css";
/// Where pages listen for rebuilds.
pub(crate) const EVENTS: &str = "/__candor/events";

/// What the handlers share.
#[derive(Clone)]
pub(crate) struct App {
    /// The served site.
    pub(crate) store: Arc<Store>,
    /// Rebuild events, for every open page.
    pub(crate) events: broadcast::Sender<Event>,
    /// The throwaway intake receiver, following the last good build.
    pub(crate) intake: Option<Arc<super::intake::DevIntake>>,
}

/// The server's routes.
pub(crate) fn router(app: App) -> Router {
    Router::new()
        .route(RELOAD_JS, get(reload_js))
        .route(SERVE_CSS, get(serve_css))
        .route(EVENTS, get(events))
        .fallback(site_file)
        .with_state(app)
        .layer(axum::middleware::from_fn(only_this_machine_by_name))
        .layer(axum::middleware::map_response(add_headers))
}

/// Answers only requests addressed to this server by an IP address or as
/// `localhost`. A web page the editor visits could otherwise point a name
/// of its own at 127.0.0.1 (DNS rebinding) and read the preview, drafts
/// included, through the editor's browser; an address written as a number
/// cannot be rebound.
async fn only_this_machine_by_name(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if crate::headers::host_is_an_address(request.headers()) {
        next.run(request).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            "candor serve answers only at the address it printed, such as http://127.0.0.1:1111/",
        )
            .into_response()
    }
}

/// The production security headers, with the event stream allowed as a
/// connection (`connect-src 'self'`, when production does not allow it
/// already), and no caching, so a reload always shows the newest build.
async fn add_headers(mut response: Response) -> Response {
    crate::headers::apply_no_store(response.headers_mut());
    response
}

async fn reload_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("reload.js"),
    )
}

async fn serve_css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("serve.css"),
    )
}

/// The event stream: `hello` and the current errors, then every rebuild.
async fn events(
    State(app): State<App>,
) -> Sse<impl Stream<Item = Result<axum::response::sse::Event, Infallible>>> {
    // Subscribe before reading the status, so no rebuild falls between.
    let rebuilds = BroadcastStream::new(app.events.subscribe());
    let status = app.store.status();
    let mut first = vec![Event::hello(status.build, status.problems.len())];
    if !status.problems.is_empty() {
        first.push(Event::Errors(status.problems).to_sse());
    }
    let rebuilds = rebuilds.map(|event| match event {
        Ok(event) => event.to_sse(),
        // A page that fell behind may have missed a reload.
        Err(_) => Event::Reload {
            build: 0,
            ms: 0.0,
            paths: None,
        }
        .to_sse(),
    });
    let stream = tokio_stream::iter(first).chain(rebuilds).map(Ok);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// A file of the site, as a static host would send it: `/a/` is
/// `a/index.html`, `/a` redirects to `/a/`, and a missing file gets the
/// site's 404 page.
async fn site_file(State(app): State<App>, request: axum::extract::Request) -> Response {
    let method = request.method().clone();
    let uri = request.uri().clone();
    let routes = app
        .intake
        .as_ref()
        .map(|i| i.all_routes())
        .unwrap_or_default();
    if let Some(intake) = &app.intake {
        let path = uri.path();
        let to_receiver = routes.iter().any(|routes| {
            (method == Method::POST && path == routes.endpoint)
                || (method == Method::GET && path == routes.thanks && uri.query().is_some())
        });
        if to_receiver {
            let build = app.store.status().build;
            if let Some(response) = intake.handle(request).await {
                return with_banner(response, build).await;
            }
        }
    }
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD").into_response();
    }
    let status = app.store.status();
    if status.build == 0 {
        return no_site_yet(&status.problems);
    }
    let Ok(path) = percent_encoding::percent_decode_str(uri.path()).decode_utf8() else {
        return (StatusCode::BAD_REQUEST, "the address is not valid UTF-8").into_response();
    };
    let rel = path.trim_start_matches('/');
    if rel.split('/').any(|part| part == "..") || rel == crate::headers::HEADERS_FILE {
        return not_found(&app, status.build).await;
    }
    let target = if rel.is_empty() || rel.ends_with('/') {
        crate::link::outputs::index_file(rel)
    } else {
        rel.to_string()
    };
    if let Some(file) = app.store.get(&target) {
        let address = format!("/{}", target.trim_end_matches("index.html"));
        let banner = if target.ends_with("index.html") && app.store.is_draft(&address) {
            Some(DRAFT_BANNER)
        } else if routes
            .iter()
            .any(|r| r.page == address || r.thanks == address)
        {
            Some(super::intake::BANNER)
        } else {
            None
        };
        return send(&target, file, StatusCode::OK, status.build, banner).await;
    }
    if !rel.is_empty() && app.store.get(&format!("{rel}/index.html")).is_some() {
        let mut location = format!("/{rel}/");
        if let Some(query) = uri.query() {
            location.push('?');
            location.push_str(query);
        }
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(&location) {
            headers.insert(header::LOCATION, value);
        }
        return (StatusCode::PERMANENT_REDIRECT, headers).into_response();
    }
    not_found(&app, status.build).await
}

async fn not_found(app: &App, build: u64) -> Response {
    match app.store.get("404.html") {
        Some(file) => send("404.html", file, StatusCode::NOT_FOUND, build, None).await,
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

async fn send(
    path: &str,
    file: File,
    status: StatusCode,
    build: u64,
    banner: Option<&str>,
) -> Response {
    let bytes = match file {
        File::Bytes(bytes) => bytes,
        File::Copy(source) => match tokio::fs::read(&source).await {
            Ok(bytes) => Bytes::from(bytes),
            Err(err) => {
                return (
                    StatusCode::NOT_FOUND,
                    format!("cannot read {}: {err}", source.display()),
                )
                    .into_response()
            }
        },
    };
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let content_type = if mime.type_() == "text" || mime.essence_str() == "image/svg+xml" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    let body = if is_html {
        Body::from(inject(&bytes, build, banner))
    } else {
        Body::from(bytes)
    };
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// A page from the intake receiver, with the live-reload script and the
/// preview banner when it is HTML.
async fn with_banner(response: Response, build: u64) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024 * 1024).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the page could not be read",
        )
            .into_response();
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(
        parts,
        Body::from(inject(&bytes, build, Some(super::intake::BANNER))),
    )
}

/// `html` with the live-reload script and its stylesheet, and `banner` (a
/// draft's note, the intake preview's) at the start of the main content.
pub(crate) fn inject(html: &[u8], build: u64, banner: Option<&str>) -> Vec<u8> {
    let tags = format!(
        "<link rel=\"stylesheet\" href=\"{SERVE_CSS}\"><script src=\"{RELOAD_JS}\" data-build=\"{build}\" defer></script>"
    );
    let mut out = Vec::with_capacity(html.len() + tags.len() + 400);
    let head_end = find(html, b"</head>").unwrap_or(0);
    out.extend_from_slice(&html[..head_end]);
    out.extend_from_slice(tags.as_bytes());
    let mut rest = &html[head_end..];
    if let Some(banner) = banner {
        let at = find(rest, b"<main")
            .or_else(|| find(rest, b"<body"))
            .and_then(|start| find(&rest[start..], b">").map(|end| start + end + 1));
        if let Some(at) = at {
            out.extend_from_slice(&rest[..at]);
            out.extend_from_slice(banner.as_bytes());
            rest = &rest[at..];
        }
    }
    out.extend_from_slice(rest);
    out
}

const DRAFT_BANNER: &str = "<p class=\"candor-draft\" role=\"note\"><strong>Draft.</strong> Readers cannot see this page: it is marked <code>draft: true</code>. It is shown here because <code>candor serve</code> runs with <code>--drafts</code>. To publish it, remove <code>draft: true</code>.</p>";

/// Where `needle` first starts in `haystack`, ignoring ASCII case.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// The page for every address while the site has never built: the errors,
/// with the live-reload script, so it shows the site once they are fixed.
fn no_site_yet(problems: &[Problem]) -> Response {
    let mut items = String::new();
    for p in problems {
        items.push_str(&format!(
            "<li><code>{}</code> {}{}</li>",
            crate::highlight::escape(&p.location),
            crate::highlight::escape(&p.message),
            p.help
                .as_deref()
                .map(|h| format!(
                    "<br><span class=\"candor-help\">help: {}</span>",
                    crate::highlight::escape(h)
                ))
                .unwrap_or_default()
        ));
    }
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>The site does not build yet</title></head><body><main class=\"candor-unbuilt\"><h1>The site does not build yet</h1><p>candor found {} problem{} to fix. Save the file with the fix and this page shows the site.</p><ol>{items}</ol></main></body></html>",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        inject(html.as_bytes(), 0, None),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_into_the_head_and_the_banner_into_main() {
        let html = b"<html><head><title>t</title></head><body><a>skip</a><main id=\"main\">text</main></body></html>";
        let out = String::from_utf8(inject(html, 7, Some(DRAFT_BANNER))).unwrap();
        assert!(out.contains(
            "<script src=\"/__candor/reload.js\" data-build=\"7\" defer></script></head>"
        ));
        assert!(out.contains("<main id=\"main\"><p class=\"candor-draft\""));
        let plain = String::from_utf8(inject(html, 7, None)).unwrap();
        assert!(!plain.contains("candor-draft"));
    }
}

//! The HTTP headers every page is served with.
//!
//! The default theme loads nothing from other origins and has no inline
//! script or style, so a strict Content-Security-Policy holds. The build
//! writes these headers to `_headers` (the file static hosts such as Netlify
//! and Cloudflare Pages read); servers that candor runs itself send the same
//! list. `connect-src 'self'` lets the search script fetch the index from
//! the site itself, and nothing from anywhere else.

/// The security headers, as (name, value) pairs.
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("X-Frame-Options", "DENY"),
];

/// Sets the security headers on a response served by candor itself.
pub(crate) fn apply(headers: &mut axum::http::HeaderMap) {
    for (name, value) in SECURITY_HEADERS {
        headers.insert(*name, axum::http::HeaderValue::from_static(value));
    }
}

/// The security headers and `Cache-Control: no-store`, for a page served
/// to this machine alone (the preview, the intake inbox), which no cache
/// should keep.
pub(crate) fn apply_no_store(headers: &mut axum::http::HeaderMap) {
    apply(headers);
    headers.insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
}

/// Whether a request's `Host` names this machine by address or as
/// `localhost`, with or without a port. A web page could point a name of
/// its own at 127.0.0.1 (DNS rebinding) and read a server on this machine
/// through its visitor's browser; an address written as a number cannot
/// be rebound.
pub(crate) fn host_is_an_address(headers: &axum::http::HeaderMap) -> bool {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let name = host_name(host);
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok()
}

/// The output file static hosts read headers from.
pub(crate) const HEADERS_FILE: &str = "_headers";

/// How long a file whose name changes with its bytes may be kept: a year,
/// without asking again.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Pages are checked with the server on every visit, so an update shows at
/// once.
pub const REVALIDATE: &str = "no-cache";

/// The `_headers` file: every path gets the security headers; `immutable`
/// (paths such as `/style.3f9a1c2e.css`) may be kept for a year, and pages
/// under `pages` (paths such as `/`, `/404.html` or `/articles/*`) are
/// checked on every visit. No path matches both a caching rule and another
/// caching rule, so hosts that merge the headers of every matching rule
/// (Cloudflare Pages) and hosts that take the most specific (Netlify) send
/// the same one.
pub(crate) fn headers_file(immutable: &[String], pages: &[String]) -> String {
    let mut text = String::from("/*\n");
    for (name, value) in SECURITY_HEADERS {
        text.push_str(&format!("  {name}: {value}\n"));
    }
    for path in immutable {
        text.push_str(&format!("{path}\n  Cache-Control: {IMMUTABLE}\n"));
    }
    for path in pages {
        text.push_str(&format!("{path}\n  Cache-Control: {REVALIDATE}\n"));
    }
    text
}

/// The name in a `Host` header, without its port: `example.org`,
/// `127.0.0.1`, or `::1` for `[::1]:1111`.
pub(crate) fn host_name(host: &str) -> &str {
    match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_file_applies_every_header_to_every_path() {
        let text = headers_file(&[], &[]);
        assert!(text.starts_with("/*\n"));
        assert_eq!(text.lines().count(), SECURITY_HEADERS.len() + 1);
        assert!(text.contains("  Content-Security-Policy: default-src 'none';"));
        let text = headers_file(&["/style.1.css".into()], &["/".into()]);
        assert!(text.ends_with(
            "/style.1.css\n  Cache-Control: public, max-age=31536000, immutable\n/\n  Cache-Control: no-cache\n"
        ));
    }
}

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

/// The output file static hosts read headers from.
pub(crate) const HEADERS_FILE: &str = "_headers";

/// The `_headers` file: every path gets the security headers.
pub(crate) fn headers_file() -> String {
    let mut text = String::from("/*\n");
    for (name, value) in SECURITY_HEADERS {
        text.push_str(&format!("  {name}: {value}\n"));
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
        let text = headers_file();
        assert!(text.starts_with("/*\n"));
        assert_eq!(text.lines().count(), SECURITY_HEADERS.len() + 1);
        assert!(text.contains("  Content-Security-Policy: default-src 'none';"));
    }
}

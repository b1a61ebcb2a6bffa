//! `candor intake serve`: the HTTP side of the receiver (axum on tokio).
//!
//! Thin handlers over the library: the form page is rendered per request
//! by the same function as the static build (plus a signed timestamp);
//! submissions are checked against the same schema, sealed, committed,
//! and only then acknowledged with `303 See Other`.
//!
//! Architecture invariant: no answer is ever logged, put in a URL or kept
//! in plaintext. Log lines carry a request id and an outcome only.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::stamp::{self, Signer, Stamp};
use super::store::{Db, Inserted, Sealed, Store};
use super::Recipients;
use crate::directory::match_therapists;
use crate::form::{Answers, FieldError, FormSchema, HONEYPOT_FIELD, INTAKE_PATH, THANKS_PATH};
use crate::link::LinkedSite;
use crate::render::{FormState, Renderer};

/// The largest form body accepted.
pub const BODY_LIMIT: usize = 32 * 1024;

/// How long a thank-you page's matches are kept for the redirect.
const THANKS_TTL: Duration = Duration::from_secs(600);

/// How long a served form stays valid for the time trap.
const STAMP_MAX_AGE: u64 = 24 * 3600;

/// How the receiver runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The database: a SQLite file or a PostgreSQL address.
    pub db: Db,
    /// Where to listen.
    pub bind: SocketAddr,
    /// The built site to serve beside the intake routes, if any.
    pub public: Option<PathBuf>,
    /// Submissions allowed per client per minute; 0 turns the limit off.
    pub rate_per_minute: u32,
    /// A header holding the client's address, set by a trusted proxy
    /// (e.g. `x-forwarded-for`, whose last entry is used).
    pub client_ip_header: Option<HeaderName>,
    /// Forms sent sooner than this after the page was served are dropped.
    pub min_fill_seconds: u64,
    /// A URL told "a new intake arrived" (and the count) after each one.
    pub webhook: Option<String>,
    /// An address emailed "a new intake arrived", through an SMTP server.
    pub notify_email: Option<NotifyEmail>,
    /// The least time between two emails.
    pub notify_every: Duration,
    /// How long one request may take.
    pub timeout: Duration,
    /// How long a client has to send a request's headers, and to start the
    /// next request on a connection kept open.
    pub header_timeout: Duration,
}

/// Where the notification email goes, and through which server.
#[derive(Debug, Clone)]
pub struct NotifyEmail {
    /// The address told.
    pub to: String,
    /// The sender's address.
    pub from: String,
    /// The SMTP server, `smtps://user:password@host:465` or
    /// `smtp://user:password@host:587` (see [`super::notify::Email::new`]).
    pub server: String,
}

/// One language of the site, with its renderer.
struct Language {
    site: LinkedSite,
    renderer: Renderer,
}

/// What the handlers share.
pub struct App {
    /// Every language of the site, the default first.
    languages: Vec<Language>,
    recipients: Recipients,
    signer: Signer,
    store: Arc<dyn Store>,
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
    /// Requests for the built site since the last sweep, and how many of
    /// them found nothing: counted, never logged one by one.
    site_requests: AtomicU64,
    site_not_found: AtomicU64,
    /// Paths of the built site's fingerprinted files (`/style.3f9a1c2e.css`),
    /// which browsers may keep for good.
    immutable: std::collections::HashSet<String>,
    options: ServeOptions,
    next_id: AtomicU64,
    notify: Option<tokio::sync::mpsc::UnboundedSender<()>>,
}

impl App {
    /// Everything the receiver needs, checked before it listens.
    pub fn new(
        sites: Vec<LinkedSite>,
        recipients: Recipients,
        signer: Signer,
        store: Arc<dyn Store>,
        options: ServeOptions,
        notify: Option<tokio::sync::mpsc::UnboundedSender<()>>,
    ) -> Result<App, String> {
        let mut languages = Vec::with_capacity(sites.len());
        let immutable = sites
            .iter()
            .flat_map(|site| site.published.values().map(|f| site.href(&format!("/{f}"))))
            .collect();
        for site in sites {
            let renderer = Renderer::new(&site).map_err(|d| {
                d.iter()
                    .map(|d| format!("{}: {}", d.location(), d.message))
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
            if site.form.is_none() {
                return Err(
                    "the site has no intake form: add `intake:` with `schema:` to candor.yaml"
                        .into(),
                );
            }
            languages.push(Language { site, renderer });
        }
        if languages.is_empty() {
            return Err("the site has no pages to serve".into());
        }
        let limiter = NonZeroU32::new(options.rate_per_minute)
            .map(|n| RateLimiter::keyed(Quota::per_minute(n)));
        Ok(App {
            languages,
            recipients,
            signer,
            store,
            limiter,
            site_requests: AtomicU64::new(0),
            site_not_found: AtomicU64::new(0),
            immutable,
            options,
            next_id: AtomicU64::new(1),
            notify,
        })
    }

    /// Lets the rate limiter forget clients it has not seen for a while,
    /// and the store drop thank-you pages nobody came for and stamps too
    /// old to be used again.
    pub async fn sweep(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.retain_recent();
        }
        let served = self.site_requests.swap(0, Ordering::Relaxed);
        let not_found = self.site_not_found.swap(0, Ordering::Relaxed);
        if served > 0 {
            eprintln!("intake: served {served} requests for the site's pages and files since the last count ({not_found} not found)");
        }
        let now = unix_now();
        if let Err(e) = self
            .store
            .sweep(now, now.saturating_sub(STAMP_MAX_AGE))
            .await
        {
            eprintln!("intake: error: cannot drop expired thank-you pages and stamps: {e}");
        }
    }

    /// The options it was started with.
    pub fn options(&self) -> &ServeOptions {
        &self.options
    }

    /// The addresses of the form page, the endpoint and the thank-you page,
    /// in the default language.
    pub fn routes(&self) -> Routes {
        self.routes_of(0)
    }

    /// The routes of every language, the default first.
    pub fn all_routes(&self) -> Vec<Routes> {
        (0..self.languages.len())
            .map(|i| self.routes_of(i))
            .collect()
    }

    fn routes_of(&self, lang: usize) -> Routes {
        let site = self.site(lang);
        let endpoint = site
            .config
            .intake
            .as_ref()
            .map_or("/api/intake", |i| i.endpoint.as_str());
        Routes {
            page: site.href(INTAKE_PATH),
            endpoint: site.href(endpoint),
            thanks: site.href(THANKS_PATH),
        }
    }

    /// The site in language `lang` (an index into the languages; the
    /// default language's for an index out of range).
    fn site(&self, lang: usize) -> &LinkedSite {
        &self.languages.get(lang).unwrap_or(&self.languages[0]).site
    }

    fn renderer(&self, lang: usize) -> &Renderer {
        &self
            .languages
            .get(lang)
            .unwrap_or(&self.languages[0])
            .renderer
    }

    fn form(&self, lang: usize) -> &FormSchema {
        // `new` refuses a site without a form.
        self.site(lang)
            .form
            .as_ref()
            .unwrap_or_else(|| unreachable!("checked in App::new"))
    }

    fn request_id(&self) -> String {
        format!("{:06x}", self.next_id.fetch_add(1, Ordering::Relaxed))
    }

    fn page(
        &self,
        status: StatusCode,
        html: Result<String, Vec<crate::Diagnostic>>,
    ) -> Result<Response, IntakeError> {
        let html = html.map_err(IntakeError::Render)?;
        Ok((
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response())
    }

    /// A page with a heading and a paragraph: the Fluent messages
    /// `{id}-title` and `{id}-text` in language `lang`.
    fn message(&self, lang: usize, status: StatusCode, id: &str) -> Result<Response, IntakeError> {
        let site = self.site(lang);
        let title = site.strings.get(&format!("{id}-title"));
        let text = site.strings.get(&format!("{id}-text"));
        self.page(
            status,
            self.renderer(lang).message_page(site, &title, &text),
        )
    }

    /// A request refused for what it sent: the page saying why, with the
    /// outcome for the log line.
    fn refuse(
        &self,
        lang: usize,
        status: StatusCode,
        id: &str,
        outcome: &'static str,
    ) -> IntakeError {
        match self.message(lang, status, id) {
            Ok(page) => IntakeError::Refused {
                page: Box::new(page),
                outcome,
            },
            Err(err) => err,
        }
    }

    /// A submission the server could not keep: logged with `reason` (never
    /// an answer), and answered with the page saying it was not saved.
    fn not_saved(&self, lang: usize, reason: &'static str) -> IntakeError {
        IntakeError::NotSaved {
            reason,
            page: self
                .message(lang, StatusCode::INTERNAL_SERVER_ERROR, "intake-not-saved")
                .ok()
                .map(Box::new),
        }
    }

    fn count(&self, kind: &'static str) {
        self.store.count_event(today(), kind);
    }
}

pub(crate) fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

pub(crate) fn random_id() -> String {
    let mut bytes = [0u8; 16];
    // The OS random source does not fail on supported systems; a zero id
    // would then only make the insert fail, never leak anything.
    let _ = getrandom::fill(&mut bytes);
    crate::hex(&bytes)
}

/// Where the receiver's pages and endpoint are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routes {
    /// The form page, e.g. `/find-a-therapist/`.
    pub page: String,
    /// Where the form is sent, e.g. `/api/intake`.
    pub endpoint: String,
    /// The page after sending.
    pub thanks: String,
}

/// The router: intake routes, and the built site when `--public` is given.
pub fn app(app: Arc<App>) -> Router {
    let mut router = Router::new();
    for (lang, routes) in app.all_routes().into_iter().enumerate() {
        router = router
            .route(&routes.page, get(move |state| intake_page(state, lang)))
            .route(
                &routes.thanks,
                get(move |state, query| thanks_page(state, query, lang)),
            )
            .route(
                &routes.endpoint,
                axum::routing::post(move |state, peer, headers, body| {
                    submit(state, peer, headers, body, lang)
                })
                .get(ready),
            );
    }
    if let Some(public) = &app.options.public {
        let not_found = public.join("404.html");
        // A `.br` or `.gz` copy written by `precompress: true` is sent as it
        // is to a browser that accepts it, with `Vary: Accept-Encoding`.
        let files = tower_http::services::ServeDir::new(public)
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(true)
            .not_found_service(tower::service_fn(move |_req: Request<Body>| {
                let path = not_found.clone();
                async move {
                    let body = tokio::fs::read(&path).await.unwrap_or_default();
                    Ok::<_, std::convert::Infallible>(
                        (
                            StatusCode::NOT_FOUND,
                            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                            body,
                        )
                            .into_response(),
                    )
                }
            }));
        router = router.fallback_service(files);
    }
    // The timeout sits inside the logging layer, so a 408 is logged and
    // gets the same headers as every other answer.
    router
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            app.options.timeout,
        ))
        .layer(middleware::from_fn_with_state(app.clone(), log_and_headers))
        .with_state(app)
}

/// Adds the security headers (and `no-store` on intake routes) and logs one
/// line per request to an intake route: id, method, route, status. Never a
/// value. Requests for the built site (`--public`) are only counted: which
/// article a reader opened is nobody's business, and the count is logged
/// by [`App::sweep`].
async fn log_and_headers(
    State(app): State<Arc<App>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let id = app.request_id();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let intake_route = method == axum::http::Method::POST
        || app
            .all_routes()
            .iter()
            .any(|routes| path == routes.page || path == routes.thanks);
    let started = Instant::now();
    let mut response = next.run(request).await;
    let success = response.status().is_success();
    let headers = response.headers_mut();
    crate::headers::apply(headers);
    if intake_route {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if !intake_route {
        if success {
            // The same address may be answered with a `.br` or `.gz` copy:
            // caches must keep one answer per encoding.
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            let is_html = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html"));
            if app.immutable.contains(&path) {
                headers.insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(crate::headers::IMMUTABLE),
                );
            } else if is_html {
                headers.insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(crate::headers::REVALIDATE),
                );
            }
        }
        app.site_requests.fetch_add(1, Ordering::Relaxed);
        if response.status() == StatusCode::NOT_FOUND {
            app.site_not_found.fetch_add(1, Ordering::Relaxed);
        }
        return response;
    }
    let outcome = response.extensions().get::<Outcome>().map_or("-", |o| o.0);
    eprintln!(
        "intake: req={id} {method} intake {} {outcome} {}ms",
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}

/// Why the receiver could not answer a request as it was asked.
///
/// Bad input is answered with a page in the reader's language and a 4xx
/// status, and is not logged beyond the request's line. A failure of the
/// server is logged with its reason (never an answer) and answered 500.
#[derive(Debug)]
pub(crate) enum IntakeError {
    /// The request was refused for what it sent.
    Refused {
        /// The page saying why.
        page: Box<Response>,
        /// What happened, for the log line.
        outcome: &'static str,
    },
    /// A page could not be rendered: a mistake in the site's templates.
    Render(Vec<crate::Diagnostic>),
    /// The submission could not be sealed or stored.
    NotSaved {
        /// Why, for the log.
        reason: &'static str,
        /// The page saying it was not saved, when it could be drawn.
        page: Option<Box<Response>>,
    },
}

impl IntoResponse for IntakeError {
    fn into_response(self) -> Response {
        match self {
            IntakeError::Refused { page, outcome } => with_outcome(*page, outcome),
            IntakeError::Render(found) => {
                for d in &found {
                    eprintln!(
                        "intake: error: the page could not be rendered: {}: {}",
                        d.location(),
                        d.message
                    );
                }
                with_outcome(
                    (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "Something went wrong. Please try again later.",
                    )
                        .into_response(),
                    "render-failed",
                )
            }
            IntakeError::NotSaved { reason, page } => {
                eprintln!("intake: error: a submission was not saved: {reason}");
                let page = page.map_or_else(
                    || {
                        (
                            StatusCode::INTERNAL_SERVER_ERROR,
                            "Your answers could not be saved. Please try again later.",
                        )
                            .into_response()
                    },
                    |page| *page,
                );
                with_outcome(page, reason)
            }
        }
    }
}

/// What happened to a request, for the log line.
#[derive(Clone, Copy)]
struct Outcome(&'static str);

fn with_outcome(mut response: Response, outcome: &'static str) -> Response {
    response.extensions_mut().insert(Outcome(outcome));
    response
}

/// `GET` on the endpoint: whether this receiver can store a submission
/// now (its store answers), for a load balancer's health check. Says
/// nothing else.
async fn ready(State(app): State<Arc<App>>) -> Response {
    let status = match tokio::time::timeout(Duration::from_secs(5), app.store.ready()).await {
        Ok(Ok(())) => StatusCode::OK,
        Ok(Err(e)) => {
            eprintln!("intake: error: the health check found the store not answering: {e}");
            StatusCode::SERVICE_UNAVAILABLE
        }
        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
    };
    let text = if status == StatusCode::OK {
        "ready\n"
    } else {
        "not ready\n"
    };
    // Counted with the site's requests, not logged one by one: a balancer
    // asks every few seconds.
    (status, [(header::CACHE_CONTROL, "no-store")], text).into_response()
}

async fn intake_page(State(app): State<Arc<App>>, lang: usize) -> Result<Response, IntakeError> {
    let state = FormState {
        hidden: vec![(stamp::FIELD.to_string(), app.signer.stamp(unix_now()))],
        ..FormState::default()
    };
    app.page(
        StatusCode::OK,
        app.renderer(lang).intake_page(app.site(lang), &state),
    )
}

#[derive(serde::Deserialize)]
struct ThanksQuery {
    m: Option<String>,
}

async fn thanks_page(
    State(app): State<Arc<App>>,
    Query(query): Query<ThanksQuery>,
    lang: usize,
) -> Result<Response, IntakeError> {
    // A token is shown once, and only while fresh.
    let kept = match query.m {
        Some(token) => {
            let (key, cipher) = thanks_keys(&token);
            match app.store.take_thanks(key, unix_now()).await {
                Ok(sealed) => sealed.and_then(|sealed| open_thanks(&cipher, &sealed)),
                Err(e) => {
                    // The page is still worth showing, without the matches.
                    eprintln!("intake: error: cannot read a thank-you page's matches: {e}");
                    None
                }
            }
        }
        None => None,
    };
    let (site, renderer) = (app.site(lang), app.renderer(lang));
    let html = match &kept {
        Some(answers) => {
            let form = app.form(lang);
            let result = match_therapists(&crate::render::therapists(site), &form.wants(answers));
            let state_only =
                form.answers_where(answers, |f| f.matches == Some(crate::form::MatchOn::State));
            renderer.thanks_page(site, Some((&state_only, &result)))
        }
        None => renderer.thanks_page(site, None),
    };
    app.page(StatusCode::OK, html)
}

/// The client's address: the socket's, or the trusted proxy header's.
fn client_ip(app: &App, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    app.options
        .client_ip_header
        .as_ref()
        .and_then(|name| headers.get(name))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| peer.ip())
}

/// A form body as name and value pairs (`+` as a space, percent-escapes
/// decoded), and the names of the fields whose values are not UTF-8.
fn decode_form(body: &[u8]) -> (Vec<(String, String)>, Vec<String>) {
    let decode = |raw: &[u8]| {
        let spaced: Vec<u8> = raw
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
        String::from_utf8(bytes).map_err(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    };
    let mut pairs = Vec::new();
    let mut unreadable = Vec::new();
    for part in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match part.iter().position(|&b| b == b'=') {
            Some(at) => (&part[..at], &part[at + 1..]),
            None => (part, &part[part.len()..]),
        };
        let name = decode(name).unwrap_or_else(|lossy| lossy);
        match decode(value) {
            Ok(value) => pairs.push((name, value)),
            Err(_) => {
                if !unreadable.contains(&name) {
                    unreadable.push(name);
                }
            }
        }
    }
    (pairs, unreadable)
}

/// What the rate limit counts a client by: its address, or for IPv6 its
/// /64 network, which one household or machine usually holds whole (so
/// rotating addresses inside it buys nothing).
fn rate_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let network = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(std::net::Ipv6Addr::from(network))
            }
        },
    }
}

/// Whether a browser says the form came from another site.
///
/// Every current browser sends `Sec-Fetch-Site`, which says so plainly.
/// Without it, `Origin` must be the site's own origin, scheme included:
/// the configured `base_url`'s, or this server's address over HTTPS (or
/// over HTTP when addressed on this machine, as in a local test). An
/// `Origin` of `null` (a sandboxed frame, a `data:` page, a redirect from
/// elsewhere) is nobody's own.
fn cross_origin(app: &App, headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.to_str(), Ok("same-origin"));
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        // Not a browser, or one too old to say: nothing to go on.
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let configured = app.site(0).config.base_url_trimmed();
    let configured = configured
        .split_once("://")
        .map(|(scheme, rest)| format!("{scheme}://{}", rest.split('/').next().unwrap_or_default()));
    let local = {
        let name = crate::headers::host_name(host);
        name.eq_ignore_ascii_case("localhost")
            || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    };
    let own = configured.as_deref() == Some(origin)
        || (!host.is_empty() && origin == format!("https://{host}"))
        || (local && origin == format!("http://{host}"));
    !own
}

async fn submit(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
    lang: usize,
) -> Result<Response, IntakeError> {
    if cross_origin(&app, &headers) {
        return Err(app.refuse(
            lang,
            StatusCode::FORBIDDEN,
            "intake-cross-origin",
            "cross-origin",
        ));
    }
    if let Some(limiter) = &app.limiter {
        if limiter
            .check_key(&rate_key(client_ip(&app, peer, &headers)))
            .is_err()
        {
            app.count("rate_limited");
            let mut page =
                app.message(lang, StatusCode::TOO_MANY_REQUESTS, "intake-rate-limited")?;
            page.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            return Err(IntakeError::Refused {
                page: Box::new(page),
                outcome: "rate-limited",
            });
        }
    }
    let form_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    if form_type.as_deref() != Some("application/x-www-form-urlencoded") {
        return Err(app.refuse(
            lang,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "intake-bad-type",
            "bad-content-type",
        ));
    }
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return Err(app.refuse(
            lang,
            StatusCode::PAYLOAD_TOO_LARGE,
            "intake-too-large",
            "too-large",
        ));
    };
    let (pairs, unreadable) = decode_form(&bytes);
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    // Dropped submissions get an address shaped like a stored one's, so
    // the redirect does not give the trap away.
    let thanks = || {
        let location = thanks_location(&app, lang, &random_id());
        (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
    };

    // Bots: answered as if it worked, stored nowhere.
    if value(HONEYPOT_FIELD).is_some_and(|v| !v.is_empty()) {
        app.count("honeypot");
        return Ok(with_outcome(thanks(), "dropped-honeypot"));
    }
    let stamp_value = value(stamp::FIELD);
    let verdict = app.signer.check(
        stamp_value,
        unix_now(),
        app.options.min_fill_seconds,
        STAMP_MAX_AGE,
    );
    match verdict {
        Stamp::TooFast => {
            app.count("too_fast");
            return Ok(with_outcome(thanks(), "dropped-too-fast"));
        }
        Stamp::Forged => {
            app.count("forged_timestamp");
            return Ok(with_outcome(thanks(), "dropped-forged"));
        }
        // Every form this receiver serves carries a stamp: when it serves
        // the site too, a form without one was not filled in on it.
        Stamp::Missing if app.options.public.is_some() => {
            app.count("no_timestamp_dropped");
            return Ok(with_outcome(thanks(), "dropped-no-timestamp"));
        }
        Stamp::Missing | Stamp::Expired | Stamp::Human => {}
    }

    let form = app.form(lang);
    let strings = &app.site(lang).strings;
    let mut checked = form.validate(&pairs, strings);
    if !unreadable.is_empty() {
        // A value that is not UTF-8 is asked for again, beside its field,
        // rather than stored with replacement characters.
        let mut errors = checked.err().unwrap_or_default();
        errors.retain(|e| e.field.as_ref().is_none_or(|f| !unreadable.contains(f)));
        for name in &unreadable {
            errors.push(FieldError {
                field: form.fields().any(|f| f.id == *name).then(|| name.clone()),
                message: strings.get("form-error-unreadable"),
            });
        }
        checked = Err(errors);
    }
    if verdict == Stamp::Expired && checked.is_ok() {
        // Open for longer than a stamp lasts: shown again with a fresh
        // stamp, so a stamp cannot be replayed once it is forgotten.
        checked = Err(vec![FieldError {
            field: None,
            message: strings.get("form-error-expired"),
        }]);
    }
    let answers = match checked {
        Ok(answers) => answers,
        Err(errors) => {
            // Shown again with what was typed; the time trap keeps counting
            // from when the page was first served. The stamp is not used up.
            let hidden = match (verdict, stamp_value) {
                (Stamp::Human, Some(v)) => v.to_string(),
                _ => app.signer.stamp(unix_now()),
            };
            let state = FormState {
                values: pairs
                    .iter()
                    .filter(|(k, _)| k != HONEYPOT_FIELD && !k.starts_with('_'))
                    .cloned()
                    .collect(),
                errors,
                hidden: vec![(stamp::FIELD.to_string(), hidden)],
            };
            let page = app.page(
                StatusCode::UNPROCESSABLE_ENTITY,
                app.renderer(lang).intake_page(app.site(lang), &state),
            )?;
            return Err(IntakeError::Refused {
                page: Box::new(page),
                outcome: "invalid",
            });
        }
    };

    let received_on = today();
    let plaintext = serde_json::json!({ "received_on": received_on, "answers": answers });
    let Ok(sealed) = app.recipients.seal(plaintext.to_string().as_bytes()) else {
        return Err(app.not_saved(lang, "seal-failed"));
    };
    let record = Sealed {
        id: random_id(),
        received_on,
        sealed,
    };
    let counted = (verdict == Stamp::Missing).then_some("no_timestamp");
    // Each stamp is good for one submission: it is spent in the same
    // transaction that stores the submission, on whichever receiver. A
    // second submission with the same stamp is answered like the first
    // and stored nowhere.
    let spends = match (verdict, stamp_value) {
        (Stamp::Human, Some(value)) => Some(stamp::digest(value)),
        _ => None,
    };
    match app.store.insert(record, counted, spends).await {
        Ok(Inserted::Stored) => {}
        Ok(Inserted::Replayed) => {
            app.count("replayed_timestamp");
            return Ok(with_outcome(thanks(), "dropped-replayed"));
        }
        Err(e) => {
            eprintln!("intake: error: the store refused a submission: {e}");
            return Err(app.not_saved(lang, "store-failed"));
        }
    }
    if let Some(notify) = &app.notify {
        let _ = notify.send(());
    }

    // The answers the matching reads are kept for the redirect, encrypted
    // with a key only the token in the address gives, under a name drawn
    // from it too: the address holds no answer, and the store nothing it
    // can read. The thank-you page works out the matches again.
    let matching = form.answers_where(&answers, |f| f.matches.is_some());
    let token = random_id();
    let (key, cipher) = thanks_keys(&token);
    if let Some(sealed) = seal_thanks(&cipher, &matching) {
        let expires = unix_now() + THANKS_TTL.as_secs();
        if let Err(e) = app.store.keep_thanks(key, expires, sealed).await {
            // Stored all the same: the thank-you page shows no matches.
            eprintln!("intake: error: cannot keep a thank-you page's matches: {e}");
        }
    }
    let location = thanks_location(&app, lang, &token);
    Ok(with_outcome(
        (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
        "stored",
    ))
}

/// What a thank-you token leads to: the name its answers are kept under
/// and the key they are encrypted with, both drawn from the token by
/// HMAC-SHA-256. Neither leads back to the token.
fn thanks_keys(token: &str) -> (String, chacha20poly1305::Key) {
    let name = crate::hex(&stamp::hmac(token.as_bytes(), b"candor thanks name"));
    let key = stamp::hmac(token.as_bytes(), b"candor thanks key");
    (name, key.into())
}

/// `answers` encrypted with `key` (ChaCha20-Poly1305). Each key comes from
/// a fresh random token and encrypts once, so a fixed nonce is safe.
fn seal_thanks(key: &chacha20poly1305::Key, answers: &Answers) -> Option<Vec<u8>> {
    use chacha20poly1305::aead::{Aead as _, KeyInit as _};
    let pairs: Vec<(&str, &[String])> = answers.iter().collect();
    let plain = serde_json::to_vec(&pairs).ok()?;
    chacha20poly1305::ChaCha20Poly1305::new(key)
        .encrypt(&chacha20poly1305::Nonce::default(), plain.as_slice())
        .ok()
}

/// The answers [`seal_thanks`] encrypted, or nothing if `sealed` was not
/// made with `key`.
fn open_thanks(key: &chacha20poly1305::Key, sealed: &[u8]) -> Option<Answers> {
    use chacha20poly1305::aead::{Aead as _, KeyInit as _};
    let plain = chacha20poly1305::ChaCha20Poly1305::new(key)
        .decrypt(&chacha20poly1305::Nonce::default(), sealed)
        .ok()?;
    serde_json::from_slice::<Vec<(String, Vec<String>)>>(&plain)
        .ok()
        .map(Answers::from_pairs)
}

/// The thank-you page's address for the matches kept under `token`.
fn thanks_location(app: &App, lang: usize, token: &str) -> String {
    format!("{}?m={token}", app.site(lang).href(THANKS_PATH))
}

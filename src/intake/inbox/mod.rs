//! `candor intake inbox`: the submissions, opened in memory and shown on a
//! page that only this computer can reach, for the person who reads
//! intakes and is no command-line user.
//!
//! The page lives at `http://127.0.0.1:PORT/TOKEN/`, where TOKEN is random
//! and printed once on standard output: another user of the same computer
//! cannot guess it, a web page the coordinator visits cannot reach it (the
//! `Host` must be the loopback address the inbox listens on, which defeats
//! DNS rebinding), and nothing is written to disk but the coordinator's
//! marks, sealed to the practice's keys like the answers. Every page is
//! drawn by the server, needs no script, and is sent `no-store`.

use std::future::IntoFuture as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::store::{self, Purpose, Store};
use super::{Identities, Opened, Recipients, Source};
use crate::directory::{match_therapists, MatchResult};
use crate::form::FormSchema;
use crate::link::LinkedSite;

/// The longest note, in characters.
pub const NOTE_MAX: usize = 500;

/// How the inbox runs.
#[derive(Debug, Clone)]
pub struct InboxOptions {
    /// The site's folder: its form lays out the answers, its directory
    /// gives the matches, and its recipients seal the marks.
    pub root: PathBuf,
    /// Where the submissions are.
    pub source: Source,
    /// The private key files.
    pub identities: Vec<PathBuf>,
    /// Where to listen: a loopback address.
    pub bind: SocketAddr,
    /// The inbox stops after this long without a request.
    pub idle: Duration,
}

/// A submission's place in the coordinator's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nobody has answered it yet.
    New,
    /// Someone got in touch.
    Contacted,
    /// Nothing more to do.
    Closed,
}

impl Status {
    const ALL: [Status; 3] = [Status::New, Status::Contacted, Status::Closed];

    fn value(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Contacted => "contacted",
            Status::Closed => "closed",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Status::New => "New",
            Status::Contacted => "Contacted",
            Status::Closed => "Closed",
        }
    }
}

/// What the coordinator noted about a submission, sealed when kept.
///
/// Sealing hides a mark but does not prove who made it (anyone with the
/// public keys can seal): the submission's id inside it at least ties it
/// to its submission, so a mark copied onto another one is ignored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mark {
    /// The submission it is about.
    pub id: String,
    /// Where it stands.
    pub state: Status,
    /// A short note for the team.
    #[serde(default)]
    pub note: String,
    /// The day it was last saved, `YYYY-MM-DD`.
    pub updated_on: String,
}

/// Where the submissions the inbox shows are kept, and its marks with
/// them.
enum Kept {
    /// A receiver's database: the marks are kept in it.
    Store(Arc<dyn Store>),
    /// A dump from `candor intake dump`, and the marks file beside it.
    Dump {
        /// The dump.
        file: PathBuf,
        /// Its marks, [`marks_file_of`] it.
        marks: PathBuf,
    },
}

/// One line of a marks file beside a dump.
#[derive(serde::Serialize, serde::Deserialize)]
struct MarkLine {
    id: String,
    sealed: String,
}

impl Kept {
    /// The submissions, still sealed, oldest first.
    async fn rows(&self) -> Result<Vec<store::Sealed>, String> {
        match self {
            Kept::Store(store) => store.submissions(None).await,
            Kept::Dump { file, .. } => {
                if file.is_dir() {
                    return Err(format!(
                        "{} is a folder: give --from the file `candor intake dump` wrote",
                        file.display()
                    ));
                }
                let reader = std::fs::File::open(file)
                    .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                super::read_dump(std::io::BufReader::new(reader), &file.display().to_string())
            }
        }
    }

    /// The marks, still sealed: submission id → sealed bytes.
    async fn marks(&self) -> Result<Vec<(String, Vec<u8>)>, String> {
        match self {
            Kept::Store(store) => store.marks().await,
            Kept::Dump { marks, .. } => read_marks_file(marks),
        }
    }

    /// Keeps the sealed mark of submission `id`; false when no such
    /// submission is kept.
    async fn set_mark(&self, id: String, sealed: Vec<u8>) -> Result<bool, String> {
        match self {
            Kept::Store(store) => store.set_mark(id, sealed).await,
            Kept::Dump { marks, .. } => {
                if !self.rows().await?.iter().any(|r| r.id == id) {
                    return Ok(false);
                }
                let mut all = read_marks_file(marks)?;
                all.retain(|(other, _)| *other != id);
                all.push((id, sealed));
                write_marks_file(marks, &all)?;
                Ok(true)
            }
        }
    }
}

fn read_marks_file(path: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    use base64::Engine as _;
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let mut marks = Vec::new();
    for (index, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let at = index + 1;
        let line: MarkLine = serde_json::from_str(line).map_err(|e| {
            format!(
                "{}:{at}:{}: not a line of marks ({e}); was the file edited? Move it aside to start without marks",
                path.display(),
                e.column()
            )
        })?;
        let sealed = base64::engine::general_purpose::STANDARD
            .decode(line.sealed.as_bytes())
            .map_err(|e| format!("{}:{at}: a mark is damaged ({e})", path.display()))?;
        marks.push((line.id, sealed));
    }
    Ok(marks)
}

/// Writes the marks file whole, readable by this user alone, by renaming a
/// finished copy over it: an interruption leaves the old file.
fn write_marks_file(path: &Path, marks: &[(String, Vec<u8>)]) -> Result<(), String> {
    use base64::Engine as _;
    use std::io::Write as _;
    let folder = path
        .parent()
        .filter(|f| !f.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut file = tempfile::NamedTempFile::new_in(folder).map_err(fail)?;
    for (id, sealed) in marks {
        let line = serde_json::to_string(&MarkLine {
            id: id.clone(),
            sealed: base64::engine::general_purpose::STANDARD.encode(sealed),
        })
        .map_err(|e| e.to_string())?;
        writeln!(file, "{line}").map_err(fail)?;
    }
    file.as_file().sync_all().map_err(fail)?;
    // NamedTempFile is created with mode 0600.
    file.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// What the inbox's handlers share.
struct Inbox {
    /// The secret first segment of every address.
    token: String,
    site: LinkedSite,
    recipients: Recipients,
    /// The private key files, read again for each page: the keys are not
    /// kept between requests.
    identity_files: Vec<PathBuf>,
    kept: Kept,
    templates: tera::Tera,
    /// When the last request came, in seconds since the inbox started.
    last_request: AtomicU64,
    /// Held while a mark is saved.
    saving: tokio::sync::Mutex<()>,
    started: std::time::Instant,
}

const TEMPLATE: &str = include_str!("inbox.html");
const STYLESHEET: &str = include_str!("inbox.css");

/// Opens the inbox and serves it until Ctrl-C, or until `idle` passes
/// without a request. `ready` is told the address to open, once listening.
pub fn run(options: InboxOptions, ready: impl FnOnce(&str)) -> Result<(), String> {
    if !options.bind.ip().is_loopback() {
        return Err(format!(
            "--bind {} is not this computer's own address: the inbox shows every answer, so it listens on 127.0.0.1 (or ::1) only",
            options.bind
        ));
    }
    // Read once now, so a wrong file is said at once.
    Identities::load_all(&options.identities)?;
    let sites = crate::site::load_site_for(&options.root)
        .map_err(|e| format!("the site has errors:\n{e}"))?;
    let site = sites
        .into_iter()
        .next()
        .ok_or_else(|| "the site has no pages".to_string())?;
    if site.form.is_none() {
        return Err(
            "the site has no intake form: give --root the site whose form the submissions answer"
                .into(),
        );
    }
    let recipients = super::recipients_of(&site)?;
    let mut templates = tera::Tera::new();
    templates
        .add_raw_template("inbox.html", TEMPLATE)
        .map_err(|e| format!("the inbox's page cannot be drawn: {e}"))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    runtime.block_on(async move {
        let kept = match &options.source {
            Source::Db(db) => Kept::Store(store::open(db, Purpose::Change).await?),
            Source::Dump(file) if file.as_os_str() == "-" => {
                return Err("the inbox reads the dump again for every page: give --from a file, not standard input".into())
            }
            Source::Dump(file) => Kept::Dump {
                file: file.clone(),
                marks: marks_file_of(file),
            },
        };
        // A dump is read once now, so one that is no dump is said at once
        // (a database was checked when opened).
        if let Kept::Dump { .. } = kept {
            kept.rows().await?;
        }
        let listener = tokio::net::TcpListener::bind(options.bind)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", options.bind))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        let token = super::server::random_id();
        let inbox = Arc::new(Inbox {
            token: token.clone(),
            site,
            recipients,
            identity_files: options.identities.clone(),
            kept,
            templates,
            last_request: AtomicU64::new(0),
            saving: tokio::sync::Mutex::new(()),
            started: std::time::Instant::now(),
        });
        let url = format!("http://{address}/{token}/");
        ready(&url);
        let idle = options.idle;
        let watch = inbox.clone();
        let stop = async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            loop {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => break,
                    _ = tick.tick() => {
                        let last = Duration::from_secs(watch.last_request.load(Ordering::Relaxed));
                        if watch.started.elapsed().saturating_sub(last) >= idle {
                            eprintln!("inbox: closed after {} minutes without a request", idle.as_secs() / 60);
                            break;
                        }
                    }
                }
            }
        };
        // Requests under way get a moment to finish; a browser's idle
        // connections do not keep the inbox open.
        let (closing, closed) = tokio::sync::oneshot::channel::<()>();
        let serve = axum::serve(listener, router(inbox)).with_graceful_shutdown(async move {
            let _ = closed.await;
        });
        let mut serve = std::pin::pin!(serve.into_future());
        tokio::select! {
            result = &mut serve => return result.map_err(|e| e.to_string()),
            () = stop => {}
        }
        let _ = closing.send(());
        let _ = tokio::time::timeout(Duration::from_secs(2), serve).await;
        Ok(())
    })
}

/// Where the marks of the dump at `dump` are kept.
pub fn marks_file_of(dump: &Path) -> PathBuf {
    let mut name = dump.file_name().unwrap_or_default().to_os_string();
    name.push(".marks");
    dump.with_file_name(name)
}

fn router(inbox: Arc<Inbox>) -> Router {
    let base = format!("/{}", inbox.token);
    Router::new()
        .route(&format!("{base}/"), get(index))
        .route(&format!("{base}/inbox.css"), get(stylesheet))
        .route(&format!("{base}/s/{{id}}"), get(single).post(save_mark))
        .fallback(|| async { (StatusCode::NOT_FOUND, "Not found").into_response() })
        .layer(middleware::from_fn_with_state(inbox.clone(), guard))
        .with_state(inbox)
}

/// Refuses a request that names another host (a page elsewhere reaching
/// in by DNS rebinding), and sets the headers: the site's security
/// headers, and `no-store`.
async fn guard(
    State(inbox): State<Arc<Inbox>>,
    request: Request<axum::body::Body>,
    next: Next,
) -> Response {
    let ours = crate::headers::host_is_an_address(request.headers());
    // Only the coordinator's own requests keep the inbox open: a wrong
    // address or host name does not.
    if ours
        && request
            .uri()
            .path()
            .starts_with(&format!("/{}/", inbox.token))
    {
        inbox
            .last_request
            .store(inbox.started.elapsed().as_secs(), Ordering::Relaxed);
    }
    let mut response = if ours {
        next.run(request).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            "This page is only for this computer's own browser.",
        )
            .into_response()
    };
    crate::headers::apply_no_store(response.headers_mut());
    response
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        STYLESHEET,
    )
        .into_response()
}

async fn index(State(inbox): State<Arc<Inbox>>) -> Response {
    inbox.page(None, None, StatusCode::OK, None).await
}

async fn single(State(inbox): State<Arc<Inbox>>, UrlPath(id): UrlPath<String>) -> Response {
    inbox.page(Some(&id), None, StatusCode::OK, None).await
}

async fn save_mark(
    State(inbox): State<Arc<Inbox>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // A form posted by a page elsewhere: the token should keep it out
    // already; a browser that says so is refused all the same.
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() != b"same-origin")
    {
        return (
            StatusCode::FORBIDDEN,
            "Only this page can change a submission's status.",
        )
            .into_response();
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let single = value("back") == Some("single");
    let state = value("state").and_then(|v| Status::ALL.into_iter().find(|s| s.value() == v));
    let note = value("note")
        .unwrap_or_default()
        .trim()
        .replace("\r\n", "\n");
    let error = match state {
        None => Some("Choose a status: New, Contacted or Closed.".to_string()),
        Some(_) if note.chars().count() > NOTE_MAX => Some(format!(
            "The note is {} characters long; shorten it to {NOTE_MAX} at most.",
            note.chars().count()
        )),
        Some(_) => None,
    };
    let shown = single.then_some(id.as_str());
    // Shown again as typed, beside the message.
    let typed = Typed {
        id: id.clone(),
        state,
        note: note.clone(),
    };
    if let Some(error) = error {
        return inbox
            .page(
                shown,
                Some(&error),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&typed),
            )
            .await;
    }
    let mark = Mark {
        id: id.clone(),
        state: state.unwrap_or(Status::New),
        note,
        updated_on: super::server::today(),
    };
    let saved = match serde_json::to_vec(&mark)
        .map_err(|e| e.to_string())
        .and_then(|plain| inbox.recipients.seal(&plain))
    {
        Ok(sealed) => {
            // One save at a time: a marks file is read, changed and
            // written whole.
            let _saving = inbox.saving.lock().await;
            inbox.kept.set_mark(id.clone(), sealed).await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(true) => {
            let location = if single {
                format!("/{}/s/{id}", inbox.token)
            } else {
                format!("/{}/#s-{id}", inbox.token)
            };
            (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
        }
        Ok(false) => {
            inbox
                .page(
                    None,
                    Some("No submission has that id any more: it was purged meanwhile."),
                    StatusCode::NOT_FOUND,
                    None,
                )
                .await
        }
        Err(e) => {
            eprintln!("inbox: error: a mark was not saved: {e}");
            inbox
                .page(
                    shown,
                    Some("The status could not be saved: the database could not be reached or written. Try again; the terminal says why."),
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Some(&typed),
                )
                .await
        }
    }
}

/// What was typed into a submission's status form that could not be
/// saved, to show again.
struct Typed {
    id: String,
    state: Option<Status>,
    note: String,
}

/// One answered question, as the form asked it.
#[derive(serde::Serialize)]
struct AnswerView {
    question: String,
    values: Vec<String>,
}

#[derive(serde::Serialize)]
struct SectionView {
    title: String,
    answers: Vec<AnswerView>,
}

#[derive(serde::Serialize)]
struct SubmissionView {
    id: String,
    received_on: String,
    title: String,
    sections: Vec<SectionView>,
    matches: Vec<String>,
    no_match: String,
    state: &'static str,
    state_label: &'static str,
    note: String,
    updated_on: Option<String>,
    text: String,
}

#[derive(serde::Serialize)]
struct Choice {
    value: &'static str,
    label: &'static str,
}

impl Inbox {
    /// The inbox page (or one submission's, `only`), opened afresh.
    async fn page(
        &self,
        only: Option<&str>,
        error: Option<&str>,
        status: StatusCode,
        typed: Option<&Typed>,
    ) -> Response {
        let mut rows = match self.kept.rows().await {
            Ok(rows) => rows,
            Err(e) => {
                eprintln!("inbox: error: {e}");
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The submissions could not be read; the terminal says why.",
                )
                    .into_response();
            }
        };
        // One submission alone: the others are not opened at all.
        if let Some(id) = only {
            rows.retain(|row| row.id == id);
            if rows.is_empty() {
                return (StatusCode::NOT_FOUND, "No submission has that id.").into_response();
            }
        }
        let marks = match self.kept.marks().await {
            Ok(marks) => marks,
            Err(e) => {
                eprintln!("inbox: error: {e}");
                Vec::new()
            }
        };
        let identities = match Identities::load_all(&self.identity_files) {
            Ok(identities) => identities,
            Err(e) => {
                eprintln!("inbox: error: {e}");
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The private key could not be read; the terminal says why.",
                )
                    .into_response();
            }
        };
        let exported = super::open_rows(rows, &identities);
        let marks: std::collections::HashMap<String, Mark> = marks
            .into_iter()
            .filter_map(|(id, sealed)| {
                let plain = identities.open(&sealed).ok()?;
                let mark: Mark = serde_json::from_slice(&plain).ok()?;
                (mark.id == id).then_some((id, mark))
            })
            .collect();
        let therapists = crate::render::therapists(&self.site);
        // Newest first: the store gives them oldest first.
        let mut views: Vec<SubmissionView> = exported
            .opened
            .iter()
            .rev()
            .map(|o| self.view(o, marks.get(&o.id), &therapists))
            .collect();
        if let Some(typed) = typed {
            if let Some(view) = views.iter_mut().find(|v| v.id == typed.id) {
                view.note.clone_from(&typed.note);
                if let Some(state) = typed.state {
                    view.state = state.value();
                }
            }
        }
        let new_count = views.iter().filter(|v| v.state == "new").count();
        let mut context = tera::Context::new();
        context.insert("site_title", &self.site.config.title.to_string());
        context.insert("base", &format!("/{}/", self.token));
        context.insert(
            "single",
            &only.and_then(|_| {
                views
                    .first()
                    .map(|v| serde_json::json!({"id": v.id, "received_on": v.received_on}))
            }),
        );
        context.insert("error", &error);
        context.insert("new_count", &new_count);
        context.insert("note_max", &NOTE_MAX);
        context.insert(
            "failed",
            &exported
                .failed
                .iter()
                .map(|(id, _)| id.clone())
                .collect::<Vec<_>>(),
        );
        context.insert(
            "states",
            &Status::ALL
                .iter()
                .map(|s| Choice {
                    value: s.value(),
                    label: s.label(),
                })
                .collect::<Vec<_>>(),
        );
        context.insert("submissions", &views);
        match self.templates.render("inbox.html", &context) {
            Ok(html) => (
                status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response(),
            Err(e) => {
                eprintln!("inbox: error: the page could not be drawn: {e}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The page could not be drawn.",
                )
                    .into_response()
            }
        }
    }

    fn form(&self) -> &FormSchema {
        self.site
            .form
            .as_ref()
            .unwrap_or_else(|| unreachable!("run() refuses a site without a form"))
    }

    /// A submission laid out as the form asked it, matched against
    /// `therapists` (the site's, worked out once per page).
    fn view(
        &self,
        opened: &Opened,
        mark: Option<&Mark>,
        therapists: &[&crate::directory::Therapist],
    ) -> SubmissionView {
        let form = self.form();
        let answers = super::answers_of(opened);
        let mut sections: Vec<SectionView> = form
            .sections
            .iter()
            .map(|section| SectionView {
                title: section.title.to_string(),
                answers: section
                    .fields
                    .iter()
                    .filter(|field| !answers.get(&field.id).is_empty())
                    .map(|field| AnswerView {
                        question: field.label.to_string(),
                        values: answers
                            .get(&field.id)
                            .iter()
                            .map(|value| shown_value(field, value))
                            .collect(),
                    })
                    .collect(),
            })
            .filter(|section| !section.answers.is_empty())
            .collect();
        // Answers to questions the form no longer asks are shown too.
        let unknown: Vec<AnswerView> = answers
            .iter()
            .filter(|(id, _)| form.field(id).is_none())
            .map(|(id, values)| AnswerView {
                question: id.to_string(),
                values: values.to_vec(),
            })
            .collect();
        if !unknown.is_empty() {
            sections.push(SectionView {
                title: "Questions the form no longer asks".to_string(),
                answers: unknown,
            });
        }
        let (matches, no_match) = match match_therapists(therapists, &form.wants(&answers)) {
            MatchResult::Matches(found) => (
                found
                    .iter()
                    .filter_map(|m| therapists.get(m.index).map(|t| t.name.clone()))
                    .collect(),
                String::new(),
            ),
            MatchResult::NoState => (
                Vec::new(),
                "No state was given, so nobody could be matched.".to_string(),
            ),
            MatchResult::NobodyLicensed => (
                Vec::new(),
                "Nobody in the directory is licensed in the state given.".to_string(),
            ),
            MatchResult::NobodyAccepting => (
                Vec::new(),
                "Therapists are licensed in the state given, but none is taking new clients."
                    .to_string(),
            ),
        };
        let state = mark.map_or(Status::New, |m| m.state);
        let title = ["name", "full_name", "first_name"]
            .iter()
            .find_map(|id| answers.get(id).first().cloned())
            .unwrap_or_else(|| "Submission".to_string());
        let mut view = SubmissionView {
            id: opened.id.clone(),
            received_on: opened.received_on.clone(),
            title,
            sections,
            matches,
            no_match,
            state: state.value(),
            state_label: state.label(),
            note: mark.map(|m| m.note.clone()).unwrap_or_default(),
            updated_on: mark.map(|m| m.updated_on.clone()),
            text: String::new(),
        };
        view.text = view.as_text();
        view
    }
}

/// An answer as the person read it: a choice by its label, consent as
/// "Agreed".
fn shown_value(field: &crate::form::Field, value: &str) -> String {
    if field.kind == crate::form::FieldKind::Consent {
        return "Agreed".to_string();
    }
    field
        .options
        .iter()
        .find(|c| c.value == value)
        .map_or_else(|| value.to_string(), |c| c.label.to_string())
}

impl SubmissionView {
    /// The submission as plain text, to paste into a records system: what
    /// the page shows, line by line.
    fn as_text(&self) -> String {
        let mut text = format!("Intake received {} (id {})\n", self.received_on, self.id);
        for section in &self.sections {
            text.push_str(&format!("\n{}\n", section.title));
            for answer in &section.answers {
                text.push_str(&format!(
                    "{}: {}\n",
                    answer.question,
                    answer.values.join("; ")
                ));
            }
        }
        text.push_str("\nTherapists matched\n");
        if self.matches.is_empty() {
            text.push_str(&format!("{}\n", self.no_match));
        }
        for (n, name) in self.matches.iter().enumerate() {
            text.push_str(&format!("{}. {name}\n", n + 1));
        }
        if let (false, Some(day)) = (self.note.is_empty(), &self.updated_on) {
            text.push_str(&format!("\nNote ({day}): {}\n", self.note));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers are whatever a stranger typed: on the coordinator's page
    /// they are text, never markup.
    #[test]
    fn answers_are_shown_as_text_never_as_markup() {
        let mut templates = tera::Tera::new();
        templates.add_raw_template("inbox.html", TEMPLATE).unwrap();
        let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        let view = SubmissionView {
            id: "abc".into(),
            received_on: "2026-12-07".into(),
            title: hostile.into(),
            sections: vec![SectionView {
                title: "Where you live".into(),
                answers: vec![AnswerView {
                    question: "Note".into(),
                    values: vec![hostile.into()],
                }],
            }],
            matches: vec![hostile.into()],
            no_match: String::new(),
            state: "new",
            state_label: "New",
            note: hostile.into(),
            updated_on: None,
            text: hostile.into(),
        };
        let mut context = tera::Context::new();
        context.insert("site_title", "Practice");
        context.insert("base", "/t/");
        context.insert("single", &None::<String>);
        context.insert("error", &None::<String>);
        context.insert("new_count", &1);
        context.insert("note_max", &NOTE_MAX);
        context.insert("failed", &Vec::<String>::new());
        context.insert("states", &Vec::<Choice>::new());
        context.insert("submissions", &vec![view]);
        let html = templates.render("inbox.html", &context).unwrap();
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<img src=x"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn a_marks_file_round_trips_and_an_edited_one_is_named_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dump.marks");
        assert_eq!(read_marks_file(&path).unwrap(), Vec::new(), "none yet");
        let marks = vec![("a".to_string(), vec![1, 2, 3]), ("b".to_string(), vec![0])];
        write_marks_file(&path, &marks).unwrap();
        assert_eq!(read_marks_file(&path).unwrap(), marks);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by its owner alone");
        }
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{\"id\": 7}\n");
        std::fs::write(&path, text).unwrap();
        let error = read_marks_file(&path).unwrap_err();
        assert!(error.contains("dump.marks:3:"), "{error}");
        assert_eq!(
            marks_file_of(Path::new("x/today.dump")),
            Path::new("x/today.dump.marks")
        );
    }
}

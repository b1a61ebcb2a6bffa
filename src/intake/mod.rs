//! The intake receiver: stores "find a therapist" submissions sealed to the
//! practice's public keys, so that even someone who takes the server and
//! its database reads nothing.
//!
//! - [`keygen`] makes a key pair; the private half stays with the practice.
//! - [`serve`] runs the HTTP receiver ([`server`]).
//! - [`export`], [`purge`] and [`stats`] are the practice's side: decrypt
//!   with the private key, delete old submissions, count without reading.
//! - [`inbox`] shows the submissions on a page only this computer can
//!   open, for the person who reads them.

pub mod inbox;
pub mod notify;
pub mod server;
pub mod stamp;
pub mod store;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::seal::{generate, Identities, Recipients};
pub use server::{NotifyEmail, ServeOptions};
pub use store::sqlite::signing_key_path;
pub use store::{Db, Purpose};

use crate::form::Answers;
use crate::site::load_site_for;

/// Creates a key file at `out` (mode 0600, never overwriting one) and
/// returns the public key to put in `candor.yaml`.
pub fn keygen(out: &Path) -> Result<String, String> {
    let (secret, public) = generate();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(out).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!(
                "{} already exists: candor never overwrites a key (it may be the only way to read stored answers); choose another --out",
                out.display()
            )
        } else {
            format!("cannot create {}: {e}", out.display())
        }
    })?;
    file.write_all(secret.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(public)
}

/// The public keys the site's `candor.yaml` seals to.
pub(crate) fn recipients_of(site: &crate::link::LinkedSite) -> Result<Recipients, String> {
    let keys = site
        .config
        .intake
        .as_ref()
        .map(|i| i.recipients.clone())
        .unwrap_or_default();
    Recipients::parse(&keys).map_err(|e| format!("candor.yaml: {e}"))
}

/// Loads the site at `root`, opens the database and runs the receiver
/// until the process is stopped.
pub fn serve(root: &Path, options: ServeOptions) -> Result<(), String> {
    let sites = load_site_for(root).map_err(|e| format!("the site has errors:\n{e}"))?;
    let Some(default) = sites.first() else {
        return Err("the site has no pages to serve".to_string());
    };
    let recipients = recipients_of(default)?;
    if let Some(public) = &options.public {
        check_public(public, default)?;
    }
    let mut email = options
        .notify_email
        .as_ref()
        .map(|n| notify::Email::new(&n.server, &n.from, &n.to, &default.config.title.to_string()))
        .transpose()?;
    // Listen first: a receiver that cannot start leaves no database or key
    // behind.
    let listener = std::net::TcpListener::bind(options.bind).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            format!("{} is already in use: stop the other program or choose another address with --bind", options.bind)
        } else {
            format!("cannot listen on {}: {e}", options.bind)
        }
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("cannot listen on {}: {e}", options.bind))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    runtime.block_on(async move {
        let store = store::open(&options.db, Purpose::Serve).await?;
        let signer = stamp::Signer::with_key(&store.signing_key().await?);
        let mut targets: Vec<(notify::Target, std::time::Duration)> = Vec::new();
        if let Some(url) = options.webhook.clone() {
            targets.push((
                notify::Target::Webhook(url),
                std::time::Duration::from_secs(60),
            ));
        }
        if let Some(email) = email.take() {
            targets.push((notify::Target::Email(Box::new(email)), options.notify_every));
        }
        let notify = (!targets.is_empty()).then(|| notify::spawn(targets, store.clone()));
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| format!("cannot listen on {}: {e}", options.bind))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        let app = Arc::new(server::App::new(
            sites, recipients, signer, store, options, notify,
        )?);
        let sweeper = app.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                sweeper.sweep().await;
            }
        });
        eprintln!("intake: listening on http://{address}");
        let header_timeout = app.options().header_timeout;
        accept(listener, server::app(app), header_timeout).await;
        Ok(())
    })
}

/// Serves connections until Ctrl-C, then lets those under way finish.
///
/// Each connection has `header_timeout` to send a request's headers, and
/// the same to send the next request once it has been answered, so a
/// client that sends its headers slowly, or keeps idle connections open,
/// holds no connection for long however many it opens.
async fn accept(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    header_timeout: std::time::Duration,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::Service as _;
    let mut make = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, say: wait a moment rather
                    // than spin, and go on serving.
                    eprintln!("intake: cannot accept a connection: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let Ok(service) = make.call(peer).await;
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .keep_alive(true);
        let connection = http.serve_connection(
            TokioIo::new(stream),
            hyper_util::service::TowerToHyperService::new(service),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away mid-request is no error of ours.
            let _ = connection.await;
        });
    }
    // No new connections; requests under way get a moment to finish. The
    // store has already committed every submission it acknowledged.
    drop(listener);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), graceful.shutdown()).await;
}

/// Where a practice's command reads submissions.
#[derive(Debug, Clone)]
pub enum Source {
    /// A receiver's database.
    Db(Db),
    /// A dump from `candor intake dump` (`-`: standard input).
    Dump(PathBuf),
}

impl Source {
    /// The source `--db` or `--from` names; exactly one must be given.
    pub fn of(db: Option<Db>, from: Option<PathBuf>) -> Result<Source, String> {
        match (db, from) {
            (Some(db), None) => Ok(Source::Db(db)),
            (None, Some(from)) => match Db::parse(&from.to_string_lossy()) {
                Db::Postgres(_) => Err(
                    "--from reads a file `candor intake dump` wrote; give a database with --db"
                        .into(),
                ),
                Db::Sqlite(_) => Ok(Source::Dump(from)),
            },
            _ => Err("give --db DB or --from FILE, one of them".into()),
        }
    }
}

/// One decrypted submission.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize, PartialEq, Eq)]
pub struct Opened {
    /// Its id.
    pub id: String,
    /// The day it arrived.
    pub received_on: String,
    /// The answers, field → values.
    pub answers: serde_json::Map<String, serde_json::Value>,
}

/// What an export opened, and what it could not.
#[derive(Debug, Default)]
pub struct Exported {
    /// The submissions opened, oldest first.
    pub opened: Vec<Opened>,
    /// The submissions that could not be opened: id and why.
    pub failed: Vec<(String, String)>,
}

/// Decrypts every submission since `since` with the keys of the files
/// `identities`. A submission that cannot be opened (damaged, or sealed to
/// other keys) does not stop the others: it is listed in
/// [`Exported::failed`].
pub fn export(db: &Db, identities: &[PathBuf], since: Option<&str>) -> Result<Exported, String> {
    let identities = Identities::load_all(identities)?;
    let rows = sealed_rows(db, since)?;
    Ok(open_rows(rows, &identities))
}

/// Runs `work` on a store of its own, opened for `purpose`, for the
/// practice's commands (which run once and end).
fn with_store<T>(
    db: &Db,
    purpose: Purpose,
    work: impl for<'a> FnOnce(&'a dyn store::Store) -> store::Pending<'a, T>,
) -> Result<T, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    runtime.block_on(async {
        let store = store::open(db, purpose).await?;
        work(store.as_ref())
            .await
            .map_err(|e| format!("{}: {e}", db.shown()))
    })
}

/// The stored rows received on or after `since`, still sealed, oldest
/// first.
pub fn sealed_rows(db: &Db, since: Option<&str>) -> Result<Vec<store::Sealed>, String> {
    let since = since.map(str::to_string);
    with_store(db, Purpose::Read, |store| store.submissions(since))
}

/// Like [`export`], from a dump that `candor intake dump` wrote (`name`
/// says where it came from, for messages) instead of a database.
pub fn export_dump(
    dump: impl std::io::BufRead,
    name: &str,
    identities: &[PathBuf],
    since: Option<&str>,
) -> Result<Exported, String> {
    let identities = Identities::load_all(identities)?;
    let mut rows = read_dump(dump, name)?;
    if let Some(since) = since {
        rows.retain(|r| r.received_on.as_str() >= since);
    }
    Ok(open_rows(rows, &identities))
}

fn open_rows(rows: Vec<store::Sealed>, identities: &Identities) -> Exported {
    let mut exported = Exported::default();
    for row in rows {
        let opened = identities.open(&row.sealed).and_then(|plain| {
            serde_json::from_slice::<serde_json::Value>(&plain)
                .map_err(|e| format!("not readable: {e}"))
        });
        match opened {
            Ok(value) => {
                let answers = value
                    .get("answers")
                    .and_then(|a| a.as_object())
                    .cloned()
                    .unwrap_or_default();
                exported.opened.push(Opened {
                    id: row.id,
                    received_on: row.received_on,
                    answers,
                });
            }
            Err(why) => exported.failed.push((row.id, why)),
        }
    }
    exported
}

/// The first line of a dump: what it is, and the version of its format.
const DUMP_HEADER: &str = r#"{"candor_intake_dump":1}"#;

/// One row of a dump: the stored row as it is, its sealed bytes in base64.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DumpRow {
    id: String,
    received_on: String,
    sealed: String,
}

/// Writes every submission received on or after `since` to `out` as it is
/// stored: sealed, so no key is needed and nothing in it can be read
/// without one. One JSON line of header, then one line per submission,
/// oldest first. Returns how many were written.
pub fn dump(db: &Db, since: Option<&str>, out: impl std::io::Write) -> Result<usize, String> {
    use base64::Engine as _;
    let rows = sealed_rows(db, since)?;
    let mut out = std::io::BufWriter::new(out);
    let fail = |e: std::io::Error| format!("cannot write the dump: {e}");
    writeln!(out, "{DUMP_HEADER}").map_err(fail)?;
    for row in &rows {
        let line = serde_json::to_string(&DumpRow {
            id: row.id.clone(),
            received_on: row.received_on.clone(),
            sealed: base64::engine::general_purpose::STANDARD.encode(&row.sealed),
        })
        .map_err(|e| e.to_string())?;
        writeln!(out, "{line}").map_err(fail)?;
    }
    out.flush().map_err(fail)?;
    Ok(rows.len())
}

/// The rows of a dump, or the first line that is not part of one.
fn read_dump(dump: impl std::io::BufRead, name: &str) -> Result<Vec<store::Sealed>, String> {
    use base64::Engine as _;
    let mut lines = dump.lines().enumerate();
    let not_a_dump = || {
        format!("{name} is not a dump from `candor intake dump`: it must start with the line {DUMP_HEADER}")
    };
    match lines.next() {
        Some((_, Ok(first))) if first.trim_end() == DUMP_HEADER => {}
        // Another kind of file (the database itself, say) may not even be
        // text.
        _ => return Err(not_a_dump()),
    }
    let mut rows = Vec::new();
    for (index, line) in lines {
        let line = line.map_err(|e| format!("cannot read {name}: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let at = index + 1;
        let row: DumpRow = serde_json::from_str(&line).map_err(|e| {
            format!("{name}:{at}:{}: not a submission of a dump ({e}); was the dump cut short or edited?", e.column())
        })?;
        let sealed = base64::engine::general_purpose::STANDARD
            .decode(row.sealed.as_bytes())
            .map_err(|e| format!("{name}:{at}: the sealed answers are damaged ({e})"))?;
        rows.push(store::Sealed {
            id: row.id,
            received_on: row.received_on,
            sealed,
        });
    }
    Ok(rows)
}

/// Writes `opened` as CSV: one row each, one column per question, several
/// answers joined with "; ".
pub fn write_csv(opened: &[Opened], out: impl std::io::Write) -> Result<(), String> {
    let mut columns: Vec<String> = Vec::new();
    for o in opened {
        for key in o.answers.keys() {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    let mut writer = csv::Writer::from_writer(out);
    let mut head = vec!["id".to_string(), "received_on".to_string()];
    head.extend(columns.iter().cloned());
    writer.write_record(&head).map_err(|e| e.to_string())?;
    for o in opened {
        let mut row = vec![o.id.clone(), o.received_on.clone()];
        for column in &columns {
            let cell = match o.answers.get(column) {
                Some(serde_json::Value::Array(values)) => values
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join("; "),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            row.push(cell);
        }
        writer.write_record(&row).map_err(|e| e.to_string())?;
    }
    writer.flush().map_err(|e| e.to_string())
}

/// The pages the receiver draws (the form, its errors, the thank-you page)
/// name the stylesheets and scripts the build published, by names that
/// carry a hash of their bytes: a site in `public` built by another
/// version of candor, or with another theme, lacks them, and those pages
/// would show unstyled.
fn check_public(public: &Path, site: &crate::link::LinkedSite) -> Result<(), String> {
    if !public.join("index.html").is_file() {
        return Err(format!(
            "{} holds no built site (no index.html): run `candor build` first, or give --public the folder it wrote",
            public.display()
        ));
    }
    let mut missing: Vec<&String> = site
        .published
        .values()
        .filter(|file| !public.join(file).is_file())
        .collect();
    missing.sort();
    match missing.first() {
        None => Ok(()),
        Some(first) => Err(format!(
            "the site in {} was not built from this site's theme by this candor: it lacks {first}, which the intake pages load; run `candor build` again",
            public.display()
        )),
    }
}

/// Which submissions `candor intake purge` deletes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PurgeWhich {
    /// Those received more than this many days ago (0: before today).
    OlderThan(u32),
    /// Every one, today's too.
    All,
    /// The one with this id, as `export` shows it.
    Id(String),
}

/// Deletes the submissions `which` names; returns how many. They are gone
/// from every file of the database afterwards.
pub fn purge(db: &Db, which: &PurgeWhich) -> Result<usize, String> {
    let which = match which {
        PurgeWhich::OlderThan(days) => {
            let before = chrono::Utc::now()
                .date_naive()
                .checked_sub_days(chrono::Days::new(u64::from(*days)))
                .ok_or_else(|| {
                    format!("--older-than {days}d reaches back before any date candor can count; give a smaller number of days, or --all")
                })?;
            store::Purge::Before(before.format("%Y-%m-%d").to_string())
        }
        PurgeWhich::All => store::Purge::All,
        PurgeWhich::Id(id) => store::Purge::Id(id.clone()),
    };
    let (deleted, emptied) = with_store(db, Purpose::Change, |store| store.purge(which.clone()))?;
    if let store::Purge::Id(id) = &which {
        if deleted == 0 {
            return Err(format!(
                "no submission has the id {id}; `candor intake export` shows the ids"
            ));
        }
    }
    if !emptied {
        return Err(match db {
            Db::Sqlite(_) => format!(
                "deleted {deleted} submissions, but the database's write-ahead log ({db}-wal) could not be emptied while the receiver was busy, so it may still hold them; run the purge again in a quiet moment"
            ),
            Db::Postgres(_) => format!(
                "deleted {deleted} submissions, but VACUUM could not run (it needs the owner of the tables), so PostgreSQL keeps their sealed rows in the tables' files until it does; run the purge again as the tables' owner, or VACUUM them"
            ),
        });
    }
    Ok(deleted)
}

/// How many submissions are stored, without decrypting anything.
pub fn stored(db: &Db) -> Result<i64, String> {
    with_store(db, Purpose::Read, |store| store.count())
}

/// Counts per day, without decrypting anything.
pub fn stats(db: &Db) -> Result<Vec<(String, String, i64)>, String> {
    with_store(db, Purpose::Read, |store| store.stats())
}

/// Answers read back from an export, as the form's answers type.
pub fn answers_of(opened: &Opened) -> Answers {
    Answers::from_pairs(
        opened
            .answers
            .iter()
            .map(|(k, v)| {
                let values = v
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                (k.clone(), values)
            })
            .collect(),
    )
}

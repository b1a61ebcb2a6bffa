//! `candor intake`: the receiver run as a real process on 127.0.0.1, the
//! practice's export, and what an attacker with the server would find.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{assert_succeeded, candor, SiteTest};

/// Where a test's receiver keeps submissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum On {
    /// A SQLite file in the site's folder.
    Sqlite,
    /// A new database on the test PostgreSQL server.
    #[cfg(feature = "postgres-tests")]
    Postgres,
}

/// Defines each test once per store: on a SQLite file, and with the
/// `postgres-tests` feature on a PostgreSQL database too. The body gets
/// the store as `$store`.
macro_rules! on_each_store {
    ($($(#[doc = $doc:literal])* fn $name:ident($store:ident) $body:block)*) => {
        mod on_sqlite {
            use super::*;
            $($(#[doc = $doc])* #[test] fn $name() { let $store = On::Sqlite; $body })*
        }
        #[cfg(feature = "postgres-tests")]
        mod on_postgres {
            use super::*;
            $($(#[doc = $doc])* #[test] fn $name() { let $store = On::Postgres; $body })*
        }
    };
}

/// The directory fixture with a fresh throwaway key pair.
struct Practice {
    site: SiteTest,
    key: PathBuf,
    /// `--db` as given to every command.
    db: String,
    /// Environment variables for the receivers it starts.
    env: Vec<(&'static str, PathBuf)>,
}

impl Practice {
    fn new() -> Practice {
        Practice::of("directory")
    }

    /// A copy of fixture `name`, whose config ends with its `intake:`.
    fn of(name: &str) -> Practice {
        Practice::with_site(SiteTest::from_fixture(name))
    }

    /// `site`, whose config ends with its `intake:`, with a new key pair:
    /// the public key set as its recipient.
    fn with_site(site: SiteTest) -> Practice {
        let key = site.root().join("practice-key.txt");
        let out = candor()
            .args(["intake", "keygen", "--out"])
            .arg(&key)
            .output()
            .unwrap();
        assert_succeeded(&out);
        let public = String::from_utf8(out.stdout).unwrap();
        assert!(public.starts_with("age1"), "{public}");
        let config = site.root().join("candor.yaml");
        let mut text = std::fs::read_to_string(&config).unwrap();
        text.push_str(&format!("  recipients:\n    - {}\n", public.trim()));
        std::fs::write(&config, text).unwrap();
        let db = site.root().join("intake.sqlite3").display().to_string();
        Practice {
            site,
            key,
            db,
            env: Vec::new(),
        }
    }

    /// The same practice with its submissions kept `on` that store.
    fn on(self, store: On) -> Practice {
        match store {
            On::Sqlite => self,
            #[cfg(feature = "postgres-tests")]
            On::Postgres => Practice {
                db: crate::postgres::database(),
                ..self
            },
        }
    }

    /// `--db` as the practice gives it.
    fn db(&self) -> String {
        self.db.clone()
    }

    fn store(&self) -> candor::intake::Db {
        candor::intake::Db::parse(&self.db)
    }

    /// The SQLite file, for what only SQLite has.
    fn db_file(&self) -> PathBuf {
        self.site.root().join("intake.sqlite3")
    }

    /// Runs `sqlite` or `postgres`, as the store is, on the database.
    fn sql(&self, sqlite: &str, postgres: &str) {
        match self.store() {
            candor::intake::Db::Sqlite(path) => {
                let _ = postgres;
                rusqlite::Connection::open(path)
                    .unwrap()
                    .execute_batch(sqlite)
                    .unwrap();
            }
            candor::intake::Db::Postgres(_url) => {
                let _ = sqlite;
                #[cfg(feature = "postgres-tests")]
                crate::postgres::execute(&_url, postgres);
                #[cfg(not(feature = "postgres-tests"))]
                unreachable!("PostgreSQL tests need the postgres-tests feature");
            }
        }
    }

    /// The rows stored, still sealed, oldest first.
    fn rows(&self) -> Vec<candor::intake::store::Sealed> {
        candor::intake::sealed_rows(&self.store(), None).unwrap()
    }

    /// The key the receivers sign their forms' timestamps with.
    fn signing_key(&self) -> Vec<u8> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let store = candor::intake::store::open(&self.store(), candor::intake::Purpose::Read)
                .await
                .unwrap();
            store.signing_key().await.unwrap()
        })
    }

    fn log(&self) -> PathBuf {
        self.site.root().join("server.log")
    }

    fn start(&self, extra: &[&str]) -> Server {
        self.start_on(&self.db(), extra)
    }

    /// Starts the receiver on the database `db`.
    fn start_with_db(&self, db: &Path) -> Server {
        self.start_on(&db.display().to_string(), &[])
    }

    fn start_on(&self, db: &str, extra: &[&str]) -> Server {
        self.start_logging_to(&self.log(), db, extra)
    }

    /// Starts a receiver that logs to `log_file`: several may run at once.
    fn start_logging_to(&self, log_file: &Path, db: &str, extra: &[&str]) -> Server {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log_file)
            .unwrap();
        let offset = std::fs::metadata(log_file).unwrap().len() as usize;
        let child = candor()
            .args(["intake", "serve", "--bind", "127.0.0.1:0", "--root"])
            .arg(self.site.root())
            .arg("--db")
            .arg(db)
            .args(extra)
            .envs(self.env.iter().map(|(k, v)| (*k, v)))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        // Owned at once, so the process is killed and reaped whatever happens.
        let mut server = Server {
            child,
            base: String::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = std::fs::read_to_string(log_file).unwrap_or_default();
            // Whole lines only: the receiver may be halfway through writing
            // the address.
            let written = text.rfind('\n').map_or("", |end| &text[..=end]);
            if let Some(line) = written[offset.min(written.len())..]
                .lines()
                .find_map(|l| l.strip_prefix("intake: listening on "))
            {
                server.base = line.trim().to_string();
                return server;
            }
            assert!(
                Instant::now() < deadline,
                "the receiver did not start:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stored(&self) -> i64 {
        candor::intake::stored(&self.store()).unwrap()
    }

    /// `candor intake dump --db db`, which must succeed.
    fn dump(&self, db: &str) -> std::process::Output {
        let out = candor()
            .args(["intake", "dump", "--db"])
            .arg(db)
            .output()
            .unwrap();
        assert_succeeded(&out);
        out
    }

    /// What `candor intake export --from -` prints for `dump` on its
    /// standard input, with this practice's key; it must succeed.
    fn export_dump(&self, dump: &[u8]) -> String {
        use std::io::Write as _;
        let mut export = candor()
            .args(["intake", "export", "--from", "-", "--identity"])
            .arg(&self.key)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        export.stdin.take().unwrap().write_all(dump).unwrap();
        let out = export.wait_with_output().unwrap();
        assert_succeeded(&out);
        String::from_utf8(out.stdout).unwrap()
    }

    /// Fails unless every name in `acknowledged` (sent as the answer to
    /// "name") is among the stored submissions; returns the names stored.
    fn none_lost(&self, acknowledged: &[String]) -> std::collections::HashSet<String> {
        let stored: std::collections::HashSet<String> = self
            .export()
            .iter()
            .map(|o| candor::intake::answers_of(o).get("name")[0].clone())
            .collect();
        let lost: Vec<&String> = acknowledged
            .iter()
            .filter(|n| !stored.contains(*n))
            .collect();
        assert!(
            lost.is_empty(),
            "{} acknowledged submissions lost: {lost:?}",
            lost.len()
        );
        stored
    }

    fn export(&self) -> Vec<candor::intake::Opened> {
        let exported =
            candor::intake::export(&self.store(), std::slice::from_ref(&self.key), None).unwrap();
        assert!(exported.failed.is_empty(), "{:?}", exported.failed);
        exported.opened
    }
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    location: Option<String>,
    cache: Option<String>,
    retry_after: Option<String>,
    body: String,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

fn reply(response: ureq::http::Response<ureq::Body>) -> Reply {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (status, location, cache, retry_after) = (
        response.status().as_u16(),
        header("location"),
        header("cache-control"),
        header("retry-after"),
    );
    let mut body = String::new();
    let _ = response.into_body().into_reader().read_to_string(&mut body);
    Reply {
        status,
        location,
        cache,
        retry_after,
        body,
    }
}

impl Server {
    fn get(&self, path: &str) -> Reply {
        reply(agent().get(&format!("{}{path}", self.base)).call().unwrap())
    }

    fn post_with(&self, body: &str, headers: &[(&str, &str)]) -> Reply {
        self.post_to("/api/intake", body, headers)
    }

    fn post_to(&self, endpoint: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = agent().post(&format!("{}{endpoint}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        reply(request.send(body).unwrap())
    }

    /// Posts like a browser on this site.
    fn post(&self, body: &str) -> Reply {
        self.post_with(
            body,
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("sec-fetch-site", "same-origin"),
            ],
        )
    }

    /// Sends the usual answers with a fresh stamp; they must be stored.
    fn submit(&self) {
        let mut sent = answers();
        let stamp = self.stamp();
        sent.push(("_ts", &stamp));
        assert_eq!(self.post(&encode(&sent)).status, 303);
    }

    /// The signed timestamp of a freshly served form.
    fn stamp(&self) -> String {
        let page = self.get("/find-a-therapist/");
        let start = page
            .body
            .find(r#"name="_ts" value=""#)
            .expect("a timestamp field")
            + 18;
        let end = start + page.body[start..].find('"').unwrap();
        page.body[start..end].to_string()
    }
}

/// A running `candor intake inbox`, killed when stopped or dropped.
struct Inbox {
    child: Option<Child>,
    /// The address it printed.
    url: String,
}

impl Practice {
    /// Starts the inbox on `source` (`--db …` or `--from …`) with this
    /// practice's site and key, once it has printed its address.
    fn open_inbox(&self, source: &[&str]) -> Inbox {
        let mut child = candor()
            .args(["intake", "inbox", "--root"])
            .arg(self.site.root())
            .args(source)
            .arg("--identity")
            .arg(&self.key)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        assert!(line.starts_with("http://127.0.0.1:"), "{line}");
        Inbox {
            child: Some(child),
            url: line.trim().to_string(),
        }
    }
}

impl Inbox {
    fn page(&self) -> Reply {
        reply(agent().get(&self.url).call().unwrap())
    }

    /// Posts `body` to the status form of submission `id`, as a browser on
    /// `site` (`same-origin`, `cross-site`) would.
    fn mark(&self, id: &str, body: &str, site: &str) -> Reply {
        reply(
            agent()
                .post(&format!("{}s/{id}", self.url))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("sec-fetch-site", site)
                .send(body)
                .unwrap(),
        )
    }

    /// Stops it; what it printed on stderr.
    fn stop(mut self) -> String {
        let mut child = self.child.take().unwrap();
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

impl Drop for Inbox {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn encode(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

const NAME: &str = "Quillon Farrowmere";
const EMAIL: &str = "quillon.farrowmere@example.org";
const NOTE: &str = "evenings after the kids sleep";

fn answers() -> Vec<(&'static str, &'static str)> {
    vec![
        ("state", "WA"),
        ("seeking", "couples"),
        ("concerns", "consent"),
        ("concerns", "intimacy"),
        ("language", "Spanish"),
        ("note", NOTE),
        ("name", NAME),
        ("contact_method", "email"),
        ("email", EMAIL),
        ("consent", "yes"),
        ("website", ""),
    ]
}

#[test]
fn serve_refuses_a_site_without_recipients() {
    let site = SiteTest::from_fixture("directory");
    let out = candor()
        .args(["intake", "serve", "--bind", "127.0.0.1:0", "--root"])
        .arg(site.root())
        .arg("--db")
        .arg(site.root().join("db.sqlite3"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("intake.recipients"), "{stderr}");
    assert!(stderr.contains("candor intake keygen"), "{stderr}");
    assert!(!Path::new(&site.root().join("db.sqlite3")).exists());
}

#[test]
fn operator_mistakes_get_messages_that_say_what_to_do() {
    let practice = Practice::new();
    let root = practice.site.root();
    let run = |args: &[&str]| {
        let out = candor().args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // A submission to export.
    let server = practice.start(&["--min-fill-seconds", "0"]);
    assert_eq!(server.post(&encode(&answers())).status, 303);
    drop(server);
    let db = practice.db();
    let db = db.as_str();

    // An empty key file is no key, not "sealed to other keys".
    let empty_key = root.join("empty-key.txt");
    std::fs::write(&empty_key, "").unwrap();
    let (code, stderr) = run(&[
        "intake",
        "export",
        "--db",
        db,
        "--identity",
        empty_key.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("holds no key"), "{stderr}");

    // A folder given as the database.
    let folder = root.join("data");
    std::fs::create_dir(&folder).unwrap();
    let (code, stderr) = run(&["intake", "stats", "--db", folder.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("is a folder"), "{stderr}");

    // An empty file is not quietly made a database by export or stats.
    let blank = root.join("blank.sqlite3");
    std::fs::write(&blank, "").unwrap();
    for args in [
        vec!["intake", "stats", "--db", blank.to_str().unwrap()],
        vec![
            "intake",
            "export",
            "--db",
            blank.to_str().unwrap(),
            "--identity",
            practice.key.to_str().unwrap(),
        ],
    ] {
        let (code, stderr) = run(&args);
        assert_eq!(code, Some(1), "{args:?}");
        assert!(
            stderr.contains("not a database `candor intake serve` made"),
            "{stderr}"
        );
        assert_eq!(
            std::fs::metadata(&blank).unwrap().len(),
            0,
            "{args:?} changed the file"
        );
    }

    // A database in a folder that does not exist yet: made, private, and said.
    let new_db = root.join("var/lib/candor/intake.sqlite3");
    let server = practice.start_with_db(&new_db);
    let log = std::fs::read_to_string(practice.log()).unwrap();
    assert!(log.contains("created the folder"), "{log}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(new_db.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
    assert!(new_db.is_file());

    // A busy address: nothing is created before the receiver can listen.
    let taken = server.base.trim_start_matches("http://").to_string();
    let other_db = root.join("other/intake.sqlite3");
    let out = candor()
        .args(["intake", "serve", "--bind", &taken, "--root"])
        .arg(root)
        .arg("--db")
        .arg(&other_db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already in use"));
    assert!(!other_db.exists());
    assert!(!root.join("other").exists());
    assert!(!root.join("other/intake.sqlite3.signing-key").exists());
    drop(server);
}

/// A client that starts a form and never finishes sending it is cut off
/// after the timeout, with the same headers and log line as any answer.
#[test]
fn a_stalled_request_times_out_with_no_store_and_a_log_line() {
    use std::io::Write;
    let practice = Practice::new();
    let server = practice.start(&["--min-fill-seconds", "0", "--timeout", "1"]);
    let address = server.base.trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "POST /api/intake HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: same-origin\r\nContent-Length: 200\r\n\r\nstate=WA&name="
    )
    .unwrap();
    let started = Instant::now();
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    assert!(
        reply.starts_with("HTTP/1.1 408"),
        "after {:?}: {reply}",
        started.elapsed()
    );
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "cut off early"
    );
    let lower = reply.to_lowercase();
    assert!(lower.contains("cache-control: no-store"), "{reply}");
    assert!(lower.contains("content-security-policy"), "{reply}");
    assert_eq!(practice.stored(), 0);
    drop(server);
    let log = std::fs::read_to_string(practice.log()).unwrap();
    assert!(
        log.lines()
            .any(|l| l.starts_with("intake: req=") && l.contains(" 408 ")),
        "{log}"
    );
}

#[test]
fn a_form_page_that_cannot_be_drawn_is_a_500_with_the_template_line_logged() {
    let practice = Practice::new();
    let theme = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/intake.html"),
    )
    .unwrap();
    // Valid syntax, so the receiver starts; it fails only when drawn.
    let broken = theme.replacen(
        "{% block content %}",
        "{% block content %}{{ no_such_value.field }}",
        1,
    );
    assert_ne!(broken, theme, "the intake template has no content block");
    practice.site.write("templates/intake.html", &broken);
    let server = practice.start(&[]);
    let reply = server.get("/find-a-therapist/");
    assert_eq!(reply.status, 500);
    assert!(!reply.body.contains("no_such_value"), "{}", reply.body);
    drop(server);
    let log = std::fs::read_to_string(practice.log()).unwrap();
    assert!(
        log.lines().any(|l| l
            .starts_with("intake: error: the page could not be rendered: templates/intake.html:")),
        "{log}"
    );
    assert!(
        log.lines()
            .any(|l| l.starts_with("intake: req=") && l.contains(" 500 render-failed")),
        "{log}"
    );
}

/// The bytes of every file of the database: the main file, its
/// write-ahead log and its shared-memory index.
fn database_files(db: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", db.display())))
        .filter_map(|path| std::fs::read(&path).ok().map(|bytes| (path, bytes)))
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn purge_by_id_and_all_leaves_nothing_in_any_file_while_the_receiver_runs() {
    let practice = Practice::new();
    let server = practice.start(&["--min-fill-seconds", "0", "--rate-limit", "0"]);
    for _ in 0..3 {
        assert_eq!(server.post(&encode(&answers())).status, 303);
    }
    let stored = practice.rows();
    assert_eq!(stored.len(), 3);
    let purge = |args: &[&str]| {
        candor()
            .args(["intake", "purge", "--db"])
            .arg(practice.db())
            .args(args)
            .output()
            .unwrap()
    };
    // One by its id: only that one goes, from every file.
    let out = purge(&["--id", &stored[0].id]);
    assert_succeeded(&out);
    assert_eq!(practice.stored(), 2);
    for (path, bytes) in database_files(&practice.db_file()) {
        assert!(
            !contains(&bytes, &stored[0].sealed[..64]),
            "{} still holds the purged answers",
            path.display()
        );
    }
    // An id that is not there is an error that says so.
    let out = purge(&["--id", "no-such-id"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no submission has the id no-such-id"));
    // Every one, today's too, with the receiver still running.
    let out = purge(&["--all"]);
    assert_succeeded(&out);
    assert_eq!(practice.stored(), 0);
    for (path, bytes) in database_files(&practice.db_file()) {
        for row in &stored {
            assert!(
                !contains(&bytes, &row.sealed[..64]),
                "{} still holds purged answers",
                path.display()
            );
        }
    }
    // The receiver goes on storing.
    assert_eq!(server.post(&encode(&answers())).status, 303);
    assert_eq!(practice.stored(), 1);
    drop(server);
    // A number of days past any date is an error, not a crash.
    let out = purge(&["--older-than", "100000000d"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--older-than 100000000d"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(practice.stored(), 1);
}

#[test]
fn the_rate_limit_counts_an_ipv6_client_by_its_64_network() {
    let practice = Practice::new();
    let server = practice.start(&[
        "--min-fill-seconds",
        "0",
        "--rate-limit",
        "2",
        "--client-ip-header",
        "x-forwarded-for",
    ]);
    let good = encode(&answers());
    let from = |address: &str| {
        server.post_with(
            &good,
            &[
                ("x-forwarded-for", address),
                ("content-type", "application/x-www-form-urlencoded"),
                ("sec-fetch-site", "same-origin"),
            ],
        )
    };
    // Rotating addresses inside one /64 is one client.
    assert_eq!(from("2001:db8:1:2::a").status, 303);
    assert_eq!(from("2001:db8:1:2::b").status, 303);
    assert_eq!(from("2001:db8:1:2:ffff::c").status, 429);
    // Another /64 is another client.
    assert_eq!(from("2001:db8:1:3::a").status, 303);
    assert_eq!(practice.stored(), 3);
}

#[test]
fn thousands_of_unknown_fields_get_one_short_message() {
    let practice = Practice::new();
    let server = practice.start(&["--min-fill-seconds", "0"]);
    let mut body = encode(&answers());
    for i in 0..3000 {
        body.push_str(&format!("&x{i}=1"));
    }
    assert!(body.len() < 32 * 1024);
    let reply = server.post(&body);
    assert_eq!(reply.status, 422);
    assert_eq!(
        reply.body.matches("does not ask for").count(),
        1,
        "one message"
    );
    assert!(reply.body.contains("3000 answers"), "the count is given");
    assert!(
        reply.body.len() < 64 * 1024,
        "reply of {} bytes",
        reply.body.len()
    );
    assert_eq!(practice.stored(), 0);
}

#[test]
fn the_pages_readers_open_on_a_public_receiver_are_counted_not_logged() {
    let practice = Practice::new();
    practice.site.build(&[]).assert_success();
    let public = practice.site.root().join("public");
    let server = practice.start(&["--public", public.to_str().unwrap()]);
    assert_eq!(server.get("/articles/consent/").status, 200);
    assert_eq!(server.get("/articles/no-such-article/").status, 404);
    assert_eq!(server.get("/find-a-therapist/").status, 200);
    drop(server);
    let log = std::fs::read_to_string(practice.log()).unwrap();
    assert!(!log.contains("/articles/"), "{log}");
    assert!(!log.contains("no-such-article"), "{log}");
    // The intake routes are still logged, by name only.
    assert!(
        log.lines()
            .any(|l| l.starts_with("intake: req=") && l.contains(" GET intake 200")),
        "{log}"
    );
}

#[test]
fn slow_headers_and_idle_connections_are_closed_while_others_are_served() {
    use std::io::Write;
    let practice = Practice::new();
    let server = practice.start(&["--header-timeout", "1"]);
    let address = server.base.trim_start_matches("http://").to_string();
    // Reads until the server closes the connection; how long that took.
    let closed_after = |stream: &mut std::net::TcpStream, started: Instant| {
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => return started.elapsed(),
                Ok(_) => {}
            }
        }
    };
    // Headers that never finish.
    let mut slow = std::net::TcpStream::connect(&address).unwrap();
    write!(
        slow,
        "GET /find-a-therapist/ HTTP/1.1\r\nHost: {address}\r\n"
    )
    .unwrap();
    let started = Instant::now();
    // Meanwhile others are served.
    assert_eq!(server.get("/find-a-therapist/").status, 200);
    let took = closed_after(&mut slow, started);
    assert!(took < Duration::from_secs(10), "open for {took:?}");
    // A connection kept open after its answer, then idle.
    let mut idle = std::net::TcpStream::connect(&address).unwrap();
    write!(
        idle,
        "GET /find-a-therapist/ HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .unwrap();
    let started = Instant::now();
    let took = closed_after(&mut idle, started);
    assert!(
        took >= Duration::from_millis(900),
        "closed at once: {took:?}"
    );
    assert!(took < Duration::from_secs(10), "open for {took:?}");
}

#[test]
fn a_null_origin_or_another_scheme_is_another_site() {
    let practice = Practice::new();
    let server = practice.start(&["--min-fill-seconds", "0", "--rate-limit", "0"]);
    let good = encode(&answers());
    let form = "application/x-www-form-urlencoded";
    let address = server.base.trim_start_matches("http://").to_string();
    let with_origin = |origin: &str| {
        server
            .post_with(&good, &[("content-type", form), ("origin", origin)])
            .status
    };
    // No Sec-Fetch-Site, as an older browser sends it.
    assert_eq!(with_origin("null"), 403);
    assert_eq!(with_origin("http://example.org"), 403, "the site is https");
    assert_eq!(with_origin("https://example.org.evil.example"), 403);
    assert_eq!(practice.stored(), 0);
    // The site's own origin, and this server addressed on this machine.
    assert_eq!(with_origin("https://example.org"), 303);
    assert_eq!(with_origin(&format!("http://{address}")), 303);
    assert_eq!(practice.stored(), 2);
}

#[test]
fn posts_from_another_site_do_not_spend_a_readers_rate_limit() {
    let practice = Practice::new();
    let server = practice.start(&["--min-fill-seconds", "0", "--rate-limit", "1"]);
    let good = encode(&answers());
    let form = "application/x-www-form-urlencoded";
    for _ in 0..3 {
        let cross = server.post_with(
            &good,
            &[("content-type", form), ("sec-fetch-site", "cross-site")],
        );
        assert_eq!(cross.status, 403);
    }
    // The reader's own submission still goes through.
    assert_eq!(server.post(&good).status, 303);
    assert_eq!(practice.stored(), 1);
}

#[test]
fn a_public_receiver_sends_precompressed_pages_and_lets_browsers_keep_fingerprinted_files() {
    let practice = Practice::new();
    let config = practice.site.root().join("candor.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("precompress: true\n{text}")).unwrap();
    practice.site.build(&[]).assert_success();
    let public = practice.site.root().join("public");
    let page = public.join("articles/consent/index.html");
    let plain = std::fs::read(&page).unwrap();
    let packed = std::fs::read(public.join("articles/consent/index.html.br")).unwrap();
    assert!(packed.len() < plain.len());
    let mut unpacked = Vec::new();
    brotli::BrotliDecompress(&mut packed.as_slice(), &mut unpacked).unwrap();
    assert_eq!(unpacked, plain, "the .br copy is the page");
    let mut gunzipped = Vec::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(public.join("articles/consent/index.html.gz")).unwrap(),
    )
    .read_to_end(&mut gunzipped)
    .unwrap();
    assert_eq!(gunzipped, plain, "the .gz copy is the page");

    let server = practice.start(&["--public", public.to_str().unwrap()]);
    let fetch = |path: &str, encoding: Option<&str>| {
        let mut request = agent().get(&format!("{}{path}", server.base));
        if let Some(encoding) = encoding {
            request = request.header("accept-encoding", encoding);
        }
        let response = request.call().unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let seen = (
            response.status().as_u16(),
            header("content-encoding"),
            header("vary"),
            header("cache-control"),
        );
        let mut body = Vec::new();
        response
            .into_body()
            .into_reader()
            .read_to_end(&mut body)
            .unwrap();
        (seen, body)
    };
    let ((status, encoding, vary, cache), body) = fetch("/articles/consent/", Some("br"));
    assert_eq!(status, 200);
    assert_eq!(encoding.as_deref(), Some("br"));
    assert!(vary.is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")));
    assert_eq!(
        cache.as_deref(),
        Some("no-cache"),
        "pages are checked on every visit"
    );
    assert_eq!(body, packed);
    let ((_, encoding, _, _), body) = fetch("/articles/consent/", Some("identity"));
    assert_eq!(encoding, None);
    assert_eq!(body, plain);

    // The stylesheet every page names may be kept for good.
    let html = String::from_utf8(plain).unwrap();
    let marker = "rel=\"stylesheet\" href=\"";
    let start = html.find(marker).unwrap() + marker.len();
    let href = &html[start..start + html[start..].find('"').unwrap()];
    assert!(
        href.starts_with("/style.") && href.ends_with(".css"),
        "{href}"
    );
    let ((status, _, _, cache), _) = fetch(href, Some("identity"));
    assert_eq!(status, 200);
    assert_eq!(
        cache.as_deref(),
        Some("public, max-age=31536000, immutable")
    );
}

#[test]
fn a_new_practice_goes_from_nothing_to_answers_at_the_office() {
    // `candor new site`: it builds, and check finds only what the practice
    // must make its own.
    let site = SiteTest::new_site();
    site.build(&[]).assert_success();
    let check = candor()
        .args(["check", "--format", "json", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_succeeded(&check);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let mut codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        [
            "config/placeholder",
            "config/placeholder",
            "content/sample",
            "therapist/example"
        ]
    );
    assert!(site.public("find-a-therapist/index.html").is_file());
    assert!(site.public("search/index.html").is_file());

    // The key pair, the recipient, and the receiver with a database in a
    // folder that does not exist yet.
    let practice = Practice::with_site(site);
    practice.site.build(&[]).assert_success();
    let public = practice.site.root().join("public");
    let db = practice.site.root().join("data").join("intake.sqlite3");
    let db = db.display().to_string();
    let server = practice.start_on(
        &db,
        &[
            "--public",
            public.to_str().unwrap(),
            "--min-fill-seconds",
            "0",
        ],
    );
    let log = std::fs::read_to_string(practice.log()).unwrap();
    assert!(log.contains("created the folder"), "{log}");
    assert_eq!(server.get("/").status, 200);

    // A reader fills in the form.
    let stamp = server.stamp();
    let sent = encode(&[
        ("state", "CA"),
        ("seeking", "individual"),
        ("concerns", "intimacy"),
        ("setting", "either"),
        ("name", "Robin Quillfeather"),
        ("contact_method", "email"),
        ("email", "robin@quillfeather.invalid"),
        ("messages", "name_only"),
        ("consent", "yes"),
        ("website", ""),
        ("_ts", &stamp),
    ]);
    let done = server.post(&sent);
    assert_eq!(done.status, 303, "{}", done.body);
    let thanks = server.get(&done.location.unwrap());
    assert!(
        thanks.body.contains("Sam Example"),
        "the example therapist is suggested"
    );
    drop(server);

    // At the office: the dump from the server, opened with the key.
    let text = practice.export_dump(&practice.dump(&db).stdout);
    assert!(text.contains("Robin Quillfeather"), "{text}");
    assert!(text.contains("robin@quillfeather.invalid"), "{text}");
}

/// A mail server on 127.0.0.1 for tests: it takes every message and keeps
/// it. No TLS, no sign-in: the receiver allows that only for a server on
/// this machine.
struct SmtpSink {
    port: u16,
    received: Arc<Mutex<Vec<String>>>,
}

impl SmtpSink {
    fn start() -> SmtpSink {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let kept = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let kept = kept.clone();
                std::thread::spawn(move || smtp_session(stream, &kept));
            }
        });
        SmtpSink { port, received }
    }

    /// Waits until `n` messages arrived, for at most 20 seconds.
    fn wait_for(&self, n: usize) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let got = self.received.lock().unwrap().clone();
            if got.len() >= n || Instant::now() > deadline {
                return got;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn smtp_session(stream: std::net::TcpStream, kept: &Mutex<Vec<String>>) {
    use std::io::{BufRead, Write as _};
    let mut out = stream.try_clone().unwrap();
    let mut lines = std::io::BufReader::new(stream).lines();
    let _ = out.write_all(b"220 sink ESMTP\r\n");
    while let Some(Ok(line)) = lines.next() {
        let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250 sink\r\n",
            "DATA" => {
                let _ = out.write_all(b"354 go on\r\n");
                let mut message = String::new();
                for line in lines.by_ref() {
                    let line = line.unwrap_or_default();
                    if line == "." {
                        break;
                    }
                    message.push_str(&line);
                    message.push('\n');
                }
                kept.lock().unwrap().push(message);
                b"250 kept\r\n"
            }
            "QUIT" => {
                let _ = out.write_all(b"221 bye\r\n");
                return;
            }
            _ => b"250 ok\r\n",
        };
        let _ = out.write_all(reply);
    }
}

#[test]
fn a_notification_email_says_an_intake_arrived_and_nothing_of_it() {
    let sink = SmtpSink::start();
    let practice = Practice::new();
    let smtp = practice.site.root().join("smtp.txt");
    std::fs::write(&smtp, format!("smtp://127.0.0.1:{}\n", sink.port)).unwrap();
    let server = practice.start(&[
        "--min-fill-seconds",
        "0",
        "--notify-email",
        "office@practice.invalid",
        "--smtp-file",
        smtp.to_str().unwrap(),
    ]);
    for _ in 0..2 {
        server.submit();
    }
    let mail = sink.wait_for(1);
    assert_eq!(mail.len(), 1, "no notification arrived");
    let message = &mail[0];
    assert!(message.contains("To: office@practice.invalid"), "{message}");
    assert!(message.contains("A new intake arrived."), "{message}");
    for value in [NAME, EMAIL, NOTE, "Quillon", "farrowmere"] {
        assert!(
            !message.contains(value),
            "{value} is in the email:\n{message}"
        );
    }
    // The receiver logs the email once the server has answered the last
    // step of sending it, which is after the sink has the message.
    let deadline = Instant::now() + Duration::from_secs(20);
    let log = loop {
        let log = std::fs::read_to_string(practice.log()).unwrap();
        if log.contains("intake: sent the notification email\n") || Instant::now() > deadline {
            break log;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(log.contains("intake: sent the notification email"), "{log}");
    drop(server);
    // Two submissions, one email: the next may only come 15 minutes on.
    assert_eq!(sink.received.lock().unwrap().len(), 1);

    // Without a server to send through, the receiver says what to give.
    let run = candor()
        .args([
            "intake",
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--notify-email",
            "office@practice.invalid",
            "--root",
        ])
        .arg(practice.site.root())
        .env_remove("CANDOR_SMTP_URL")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("CANDOR_SMTP_URL") && stderr.contains("--smtp-file"),
        "{stderr}"
    );
}

#[test]
fn a_public_folder_from_another_build_is_refused_before_it_breaks_the_form() {
    let practice = Practice::new();
    let public = practice.site.root().join("public");
    let serve = |public: &Path| {
        candor()
            .args(["intake", "serve", "--bind", "127.0.0.1:0", "--public"])
            .arg(public)
            .arg("--root")
            .arg(practice.site.root())
            .arg("--db")
            .arg(practice.db())
            .output()
            .unwrap()
    };
    // Nothing built yet.
    let run = serve(&public);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("run `candor build` first"));
    // Built, then the stylesheet changed without a new build: the pages the
    // receiver draws would name a stylesheet the folder lacks.
    practice.site.build(&[]).assert_success();
    practice
        .site
        .write("static/style.css", "body { color: #222; }\n");
    let run = serve(&public);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("it lacks style."), "{stderr}");
    assert!(
        !practice.db_file().exists(),
        "a receiver that did not start made a database"
    );
}

on_each_store! {
fn purge_takes_the_inbox_marks_with_their_submissions(store) {
    let practice = Practice::new().on(store);
    let server = practice.start(&["--min-fill-seconds", "0", "--rate-limit", "0"]);
    server.submit();
    server.submit();
    drop(server);
    let ids: Vec<String> = practice.rows().into_iter().map(|r| r.id).collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let marks = |set: &[(&str, &[u8])]| {
        runtime.block_on(async {
            let store = candor::intake::store::open(&practice.store(), candor::intake::Purpose::Change)
                .await
                .unwrap();
            let mut kept = Vec::new();
            for (id, sealed) in set {
                kept.push(store.set_mark(id.to_string(), sealed.to_vec()).await.unwrap());
            }
            let mut all = store.marks().await.unwrap();
            all.sort();
            (kept, all)
        })
    };
    let (kept, all) = marks(&[(&ids[0], b"first"), (&ids[1], b"second"), ("no-such-id", b"x")]);
    assert_eq!(kept, [true, true, false], "a mark needs its submission");
    assert_eq!(all.len(), 2);
    // Saving again replaces the mark.
    let (_, all) = marks(&[(&ids[0], b"first, again")]);
    assert!(all.contains(&(ids[0].clone(), b"first, again".to_vec())), "{all:?}");
    assert_eq!(all.len(), 2);

    let out = candor()
        .args(["intake", "purge", "--db"])
        .arg(practice.db())
        .args(["--id", &ids[0]])
        .output()
        .unwrap();
    assert_succeeded(&out);
    let (_, all) = marks(&[]);
    assert_eq!(all, vec![(ids[1].clone(), b"second".to_vec())]);
    let out = candor()
        .args(["intake", "purge", "--all", "--db"])
        .arg(practice.db())
        .output()
        .unwrap();
    assert_succeeded(&out);
    assert_eq!(marks(&[]).1, Vec::new());
}

fn a_submission_is_sealed_stored_and_exported_unchanged(store) {
    let practice = Practice::new().on(store);
    let server = practice.start(&["--min-fill-seconds", "0"]);
    let form = server.get("/find-a-therapist/");
    assert_eq!(form.status, 200);
    assert_eq!(form.cache.as_deref(), Some("no-store"));

    let mut sent = answers();
    let stamp = server.stamp();
    sent.push(("_ts", &stamp));
    let done = server.post(&encode(&sent));
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.cache.as_deref(), Some("no-store"));
    let location = done.location.unwrap();
    assert!(
        location.starts_with("/find-a-therapist/thanks/?m="),
        "{location}"
    );
    for (_, value) in answers().iter().filter(|(_, v)| v.len() > 3) {
        assert!(!location.contains(value), "{value} is in the address");
    }
    // While the matches wait for the thank-you page, a shared store holds
    // neither the answers they come from nor the token that opens them.
    #[cfg(feature = "postgres-tests")]
    if let candor::intake::Db::Postgres(url) = practice.store() {
        let stored = crate::postgres::everything_stored(&url);
        let token = location.rsplit('=').next().unwrap();
        for value in [NAME, EMAIL, NOTE, "Spanish", "couples", "intimacy", token] {
            assert!(!stored.contains(value), "{value} is stored readably:\n{stored}");
        }
        assert!(stored.lines().count() >= 4, "a submission, a used stamp, the matches and the key:\n{stored}");
    }

    // The thank-you page lists who fits, best first, once.
    let thanks = server.get(&location);
    assert_eq!(thanks.status, 200);
    let ana = thanks.body.find("Ana Ortiz").expect("Ana is matched");
    let dee = thanks.body.find("Dee Park").expect("Dee is matched");
    assert!(ana < dee, "Ana (Spanish, couples, intimacy) ranks first");
    assert!(
        !server.get(&location).body.contains("Ana Ortiz"),
        "the matches are shown once"
    );

    drop(server);
    let exported = practice.export();
    assert_eq!(exported.len(), 1);
    let got = candor::intake::answers_of(&exported[0]);
    let mut expected: Vec<(&str, Vec<&str>)> = Vec::new();
    for (field, value) in answers() {
        if value.is_empty() || field == "website" {
            continue;
        }
        match expected.iter_mut().find(|(f, _)| *f == field) {
            Some((_, values)) => values.push(value),
            None => expected.push((field, vec![value])),
        }
    }
    let got: Vec<(&str, Vec<&str>)> = got
        .iter()
        .map(|(f, v)| (f, v.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(got, expected);

    // Someone with the server and its files reads none of it.
    let mut files = vec![practice.db_file(), practice.log()];
    files
        .extend(["intake.sqlite3-wal", "intake.sqlite3-shm"].map(|f| practice.site.root().join(f)));
    for file in files.iter().filter(|f| f.exists()) {
        let bytes = std::fs::read(file).unwrap();
        for value in [NAME, EMAIL, NOTE, "Quillon", "farrowmere"] {
            assert!(
                !bytes.windows(value.len()).any(|w| w == value.as_bytes()),
                "{value} found in {}",
                file.display()
            );
        }
    }
    let log = std::fs::read_to_string(practice.log()).unwrap();
    for line in log.lines() {
        let shape = line.starts_with("intake: listening on http://127.0.0.1:")
            || (line.starts_with("intake: req=") && line.ends_with("ms"));
        assert!(shape, "unexpected log line: {line}");
        assert!(
            !line.contains("?m="),
            "the thank-you token is logged: {line}"
        );
    }
}

fn bad_input_gets_its_status_and_stores_nothing(store) {
    let practice = Practice::new().on(store);
    let server = practice.start(&["--min-fill-seconds", "0", "--rate-limit", "0"]);
    let good = encode(&answers());
    let form = "application/x-www-form-urlencoded";

    // Too large.
    let huge = format!("{good}&note={}", "x".repeat(40 * 1024));
    assert_eq!(server.post(&huge).status, 413);
    // Not a form.
    let json = server.post_with(
        r#"{"state":"WA"}"#,
        &[
            ("content-type", "application/json"),
            ("sec-fetch-site", "same-origin"),
        ],
    );
    assert_eq!(json.status, 415);
    // From another site.
    let cross = server.post_with(
        &good,
        &[("content-type", form), ("sec-fetch-site", "cross-site")],
    );
    assert_eq!(cross.status, 403);
    let evil = server.post_with(
        &good,
        &[("content-type", form), ("origin", "https://evil.example")],
    );
    assert_eq!(evil.status, 403);
    assert_eq!(evil.cache.as_deref(), Some("no-store"));

    // Unknown and repeated fields, a bad choice, a missing answer: the form
    // comes back with the problems listed and the answers kept.
    for (body, problem) in [
        (format!("{good}&colour=blue"), "does not ask for"),
        (format!("{good}&state=OR"), "takes one answer"),
        (
            good.replace("state=WA", "state=Narnia"),
            "Choose one of the answers",
        ),
        (good.replace("&consent=yes", ""), "Tick the box"),
        // One answer over its own limit, in a body well under the size cap.
        (
            good.replace(
                &format!("note={}", NOTE.replace(' ', "+")),
                &format!("note={}", "x".repeat(51)),
            ),
            "Keep this to 50 characters or fewer",
        ),
    ] {
        let shown = server.post(&body);
        assert_eq!(shown.status, 422, "{problem}");
        assert!(shown.body.contains("There is a problem"), "{problem}");
        assert!(
            shown.body.contains(problem),
            "{problem} not in:\n{}",
            shown.body
        );
        assert!(
            shown.body.contains(&format!(r#"value="{NAME}""#)),
            "the name typed is kept"
        );
        assert_eq!(shown.cache.as_deref(), Some("no-store"));
    }
    assert_eq!(practice.stored(), 0);

    // A filled honeypot looks like success and is stored nowhere.
    let bot = server.post(&good.replace("website=", "website=http%3A%2F%2Fspam.example"));
    assert_eq!(bot.status, 303);
    // Sent to an address shaped like a stored submission's, so a bot
    // cannot tell it was caught; the page there lists no matches.
    let to = bot.location.unwrap();
    assert!(to.starts_with("/find-a-therapist/thanks/?m="), "{to}");
    assert!(!server.get(&to).body.contains("Ana Ortiz"));
    assert_eq!(practice.stored(), 0);
    // A forged timestamp too.
    let forged = server.post(&format!("{good}&_ts=1700000000.AAAA"));
    assert_eq!(forged.status, 303);
    let to = forged.location.unwrap();
    assert!(to.starts_with("/find-a-therapist/thanks/?m="), "{to}");
    assert_eq!(practice.stored(), 0);

    // A form from a static copy (no timestamp) is accepted, and counted.
    assert_eq!(server.post(&good).status, 303);
    assert_eq!(practice.stored(), 1);
    drop(server);
    let stats = candor::intake::stats(&practice.store()).unwrap();
    let kinds: Vec<(&str, i64)> = stats.iter().map(|(_, k, n)| (k.as_str(), *n)).collect();
    for expected in [
        ("forged_timestamp", 1),
        ("honeypot", 1),
        ("no_timestamp", 1),
        ("stored", 1),
    ] {
        assert!(kinds.contains(&expected), "{expected:?} not in {kinds:?}");
    }
}

fn the_time_trap_and_the_rate_limit(store) {
    let practice = Practice::new().on(store);
    let server = practice.start(&["--min-fill-seconds", "30", "--rate-limit", "3"]);
    let mut sent = answers();
    let stamp = server.stamp();
    sent.push(("_ts", &stamp));
    // Sent at once: faster than a person, dropped but answered as success.
    let quick = server.post(&encode(&sent));
    assert_eq!(quick.status, 303);
    assert_eq!(practice.stored(), 0);

    // Three a minute from one address; the fourth waits.
    let good = encode(&answers());
    assert_eq!(server.post(&good).status, 303);
    assert_eq!(server.post(&good).status, 303);
    let limited = server.post(&good);
    assert_eq!(limited.status, 429);
    assert_eq!(limited.retry_after.as_deref(), Some("60"));
    assert!(limited.body.contains("Please wait a minute"));
    assert_eq!(practice.stored(), 2);
}

fn export_with_the_wrong_key_says_so(store) {
    let practice = Practice::new().on(store);
    let server = practice.start(&["--min-fill-seconds", "0"]);
    assert_eq!(server.post(&encode(&answers())).status, 303);
    drop(server);
    let other = practice.site.root().join("other-key.txt");
    candor()
        .args(["intake", "keygen", "--out"])
        .arg(&other)
        .output()
        .unwrap();
    let out = candor()
        .args(["intake", "export", "--db"])
        .arg(practice.db())
        .arg("--identity")
        .arg(&other)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sealed to other keys"), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing is printed with a wrong key");

    // keygen never overwrites a key.
    let again = candor()
        .args(["intake", "keygen", "--out"])
        .arg(&practice.key)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

fn purge_and_stats_work_without_the_key(store) {
    let practice = Practice::new().on(store);
    let server = practice.start(&["--min-fill-seconds", "0"]);
    assert_eq!(server.post(&encode(&answers())).status, 303);
    drop(server);
    let run = |args: &[&str]| {
        let out = candor()
            .args(args)
            .arg("--db")
            .arg(practice.db())
            .output()
            .unwrap();
        assert_succeeded(&out);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let now = chrono::Utc::now();
    let today = now.format("%Y-%m-%d").to_string();
    assert!(run(&["intake", "stats"]).contains(&format!("{today}   stored")));

    // Two older submissions: one received 100 days ago, one 30 days ago.
    let server = practice.start(&["--min-fill-seconds", "0", "--rate-limit", "0"]);
    assert_eq!(server.post(&encode(&answers())).status, 303);
    assert_eq!(server.post(&encode(&answers())).status, 303);
    drop(server);
    let day = |ago: i64| {
        (now - chrono::Duration::days(ago))
            .format("%Y-%m-%d")
            .to_string()
    };
    let ids: Vec<String> = practice.rows().into_iter().map(|row| row.id).collect();
    assert_eq!(ids.len(), 3);
    for (id, ago) in ids[1..].iter().zip([100, 30]) {
        let update = format!(
            "UPDATE submissions SET received_on = '{}' WHERE id = '{id}'",
            day(ago)
        );
        practice.sql(&update, &update);
    }

    run(&["intake", "purge", "--older-than", "90d"]);
    assert_eq!(practice.stored(), 2, "only the 100-day-old one is gone");
    let days: Vec<String> = practice
        .export()
        .into_iter()
        .map(|o| o.received_on)
        .collect();
    assert!(!days.contains(&day(100)), "{days:?}");
    assert!(days.contains(&day(30)) && days.contains(&today), "{days:?}");
    run(&["intake", "purge", "--older-than", "0d"]);
    assert_eq!(practice.stored(), 1, "purging 0 days keeps today's");
}

/// Submissions from several clients while the server is killed with
/// SIGKILL again and again: every one that got a 303 must be there.
fn acknowledged_submissions_survive_kill_9(store) {
    let practice = Practice::new().on(store);
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut sent_total = 0;
    for round in 0..5 {
        let server = practice.start(&["--min-fill-seconds", "0", "--rate-limit", "0"]);
        let base = server.base.clone();
        let stop = Instant::now() + Duration::from_millis(700);
        let clients: Vec<_> = (0..4)
            .map(|client| {
                let base = base.clone();
                let acknowledged = acknowledged.clone();
                std::thread::spawn(move || {
                    let agent = agent();
                    let mut n = 0;
                    // Keep sending until the server is gone.
                    loop {
                        n += 1;
                        let name = format!("round{round}-client{client}-n{n}");
                        let mut pairs = answers();
                        pairs.retain(|(k, _)| *k != "name");
                        pairs.push(("name", &name));
                        let result = agent
                            .post(&format!("{base}/api/intake"))
                            .header("content-type", "application/x-www-form-urlencoded")
                            .header("sec-fetch-site", "same-origin")
                            .send(&encode(&pairs));
                        match result {
                            Ok(r) if r.status().as_u16() == 303 => {
                                acknowledged.lock().unwrap().push(name);
                            }
                            Ok(_) => {}
                            Err(_) => return n,
                        }
                    }
                })
            })
            .collect();
        while Instant::now() < stop {
            std::thread::sleep(Duration::from_millis(10));
        }
        drop(server); // SIGKILL, mid-flight
        sent_total += clients
            .into_iter()
            .map(|c| c.join().unwrap())
            .sum::<usize>();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() > 20,
        "only {} acknowledged of {sent_total}",
        acknowledged.len()
    );
    let stored = practice.none_lost(&acknowledged);
    eprintln!(
        "kill -9 test: {} acknowledged over 5 rounds, {} stored, 0 lost",
        acknowledged.len(),
        stored.len()
    );
}

fn a_webhook_hears_that_something_arrived_and_nothing_else(store) {
    let practice = Practice::new().on(store);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    let heard = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = stream.read(&mut buf) {
            if n == 0 {
                break;
            }
            request.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&request);
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                    })
                    .unwrap_or(0);
                if body.len() >= length {
                    break;
                }
            }
        }
        use std::io::Write;
        let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n");
        String::from_utf8_lossy(&request).into_owned()
    });
    let server = practice.start(&["--min-fill-seconds", "0", "--webhook", &hook]);
    assert_eq!(server.post(&encode(&answers())).status, 303);
    let request = heard.join().unwrap();
    assert!(request.starts_with("POST /hook"), "{request}");
    assert!(
        request.contains("A new intake arrived. 1 stored in all."),
        "{request}"
    );
    for value in [NAME, EMAIL, NOTE, "WA", "consent"] {
        assert!(!request.contains(value), "the webhook was told {value}");
    }
}

fn each_language_gets_its_form_and_its_errors(store) {
    let practice = Practice::of("i18n").on(store);
    let server = practice.start(&["--min-fill-seconds", "0", "--rate-limit", "0"]);
    let page = server.get("/help/es/find-a-therapist/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("¿En qué estado vives?"), "{}", page.body);
    assert!(page.body.contains(r#"action="/help/es/api/intake""#));

    // A Spanish form sent without its required answers comes back in
    // Spanish, with the schema's Spanish labels in the messages.
    let browser = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("sec-fetch-site", "same-origin"),
    ];
    let body = encode(&[("seeking", "individual"), ("consent", "yes")]);
    let spanish = server.post_to("/help/es/api/intake", &body, &browser);
    assert_eq!(spanish.status, 422);
    assert!(spanish.body.contains(r#"lang="es""#));
    assert!(
        spanish
            .body
            .contains("Elige una respuesta: ¿En qué estado vives?"),
        "{}",
        spanish.body
    );
    let english = server.post_to("/help/api/intake", &body, &browser);
    assert_eq!(english.status, 422);
    assert!(
        english
            .body
            .contains("Choose an answer: Which state do you live in?"),
        "{}",
        english.body
    );

    // A good Spanish form is stored and thanked in Spanish.
    let good = encode(&[
        ("state", "WA"),
        ("seeking", "individual"),
        ("name", "Lía"),
        ("contact_method", "phone"),
        ("phone", "555 010 0199"),
        ("consent", "yes"),
    ]);
    let stored = server.post_to("/help/es/api/intake", &good, &browser);
    assert_eq!(stored.status, 303, "{}", stored.body);
    let location = stored.location.unwrap();
    assert!(
        location.starts_with("/help/es/find-a-therapist/thanks/?m="),
        "{location}"
    );
    let thanks = server.get(&location);
    assert_eq!(thanks.status, 200);
    assert!(thanks.body.contains(r#"lang="es""#));
}

fn export_opens_what_it_can_and_names_the_rest(store) {
    let practice = Practice::new().on(store);
    let server = practice.start(&["--min-fill-seconds", "0", "--rate-limit", "0"]);
    assert_eq!(server.post(&encode(&answers())).status, 303);
    drop(server);
    // The practice changes its key: later submissions are sealed to the
    // new one only.
    let new_key = practice.site.root().join("new-key.txt");
    let out = candor()
        .args(["intake", "keygen", "--out"])
        .arg(&new_key)
        .output()
        .unwrap();
    let public = String::from_utf8(out.stdout).unwrap();
    let config = practice.site.root().join("candor.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let (head, _) = text.rsplit_once("    - ").unwrap();
    std::fs::write(&config, format!("{head}    - {}\n", public.trim())).unwrap();
    let server = practice.start(&["--min-fill-seconds", "0", "--rate-limit", "0"]);
    assert_eq!(server.post(&encode(&answers())).status, 303);
    drop(server);
    // One row damaged on disk.
    practice.sql(
        "INSERT INTO submissions (id, received_on, sealed) VALUES ('damaged', '2026-01-01', x'00')",
        "INSERT INTO submissions (id, received_on, sealed) VALUES ('damaged', '2026-01-01', '\\x00'::bytea)",
    );
    let export = |keys: &[&Path]| {
        let mut command = candor();
        command
            .args(["intake", "export", "--db"])
            .arg(practice.db());
        for key in keys {
            command.arg("--identity").arg(key);
        }
        command.output().unwrap()
    };
    // With the old key alone: its submission, and the others named.
    let out = export(&[&practice.key]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("submission damaged was not exported"),
        "{stderr}"
    );
    assert!(stderr.contains("sealed to other keys"), "{stderr}");
    // With both keys: both submissions; the damaged row still named.
    let out = export(&[&practice.key, &new_key]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("submission damaged was not exported"));
}

fn a_stamp_is_good_for_one_submission(store) {
    let practice = Practice::new().on(store);
    let server = practice.start(&["--min-fill-seconds", "0", "--rate-limit", "0"]);
    let stamp = server.stamp();
    let mut sent = answers();
    sent.push(("_ts", &stamp));
    let body = encode(&sent);
    assert_eq!(server.post(&body).status, 303);
    assert_eq!(practice.stored(), 1);
    // The same stamp again: answered alike, stored nowhere.
    let again = server.post(&body);
    assert_eq!(again.status, 303);
    assert!(again
        .location
        .as_deref()
        .is_some_and(|l| l.starts_with("/find-a-therapist/thanks/?m=")));
    assert_eq!(practice.stored(), 1);
    // A fresh form has a fresh stamp.
    let other = server.stamp();
    assert_ne!(other, stamp);
    let mut sent = answers();
    sent.push(("_ts", &other));
    assert_eq!(server.post(&encode(&sent)).status, 303);
    assert_eq!(practice.stored(), 2);
}

fn an_unreadable_answer_is_asked_for_again_and_the_stamp_still_works(store) {
    let practice = Practice::new().on(store);
    let server = practice.start(&["--min-fill-seconds", "0"]);
    let stamp = server.stamp();
    let mut sent = answers();
    sent.retain(|(k, _)| *k != "name");
    sent.push(("_ts", &stamp));
    // `%FF` is no UTF-8: not stored with replacement characters.
    let reply = server.post(&format!("{}&name=Sam%FF", encode(&sent)));
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("could not be read"), "{}", reply.body);
    assert!(!reply.body.contains('\u{fffd}'));
    assert_eq!(practice.stored(), 0);
    // Corrected and sent again with the same stamp: stored.
    let reply = server.post(&format!("{}&name=Sam", encode(&sent)));
    assert_eq!(reply.status, 303);
    assert_eq!(practice.stored(), 1);
}

fn an_expired_stamp_gets_the_form_again_with_a_fresh_one(store) {
    let practice = Practice::new().on(store);
    let server = practice.start(&["--min-fill-seconds", "0"]);
    let signer = candor::intake::stamp::Signer::with_key(&practice.signing_key());
    let two_days_ago = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 2 * 24 * 3600;
    let old = signer.stamp(two_days_ago);
    let mut sent = answers();
    sent.push(("_ts", &old));
    let reply = server.post(&encode(&sent));
    assert_eq!(reply.status, 422);
    assert!(
        reply.body.contains("open for a long time"),
        "{}",
        reply.body
    );
    assert!(
        !reply.body.contains(&old),
        "the old stamp is not handed back"
    );
    assert_eq!(practice.stored(), 0);
}

fn a_form_without_a_stamp_is_dropped_when_the_receiver_serves_the_form_itself(store) {
    let practice = Practice::new().on(store);
    practice.site.build(&[]).assert_success();
    let public = practice.site.root().join("public");
    let server = practice.start(&[
        "--min-fill-seconds",
        "0",
        "--public",
        public.to_str().unwrap(),
    ]);
    let reply = server.post(&encode(&answers()));
    assert_eq!(reply.status, 303);
    assert_eq!(practice.stored(), 0);
    // The form it serves carries a stamp, and works.
    let stamp = server.stamp();
    let mut sent = answers();
    sent.push(("_ts", &stamp));
    assert_eq!(server.post(&encode(&sent)).status, 303);
    assert_eq!(practice.stored(), 1);
}

fn a_dump_carries_the_sealed_rows_to_an_export_elsewhere(store) {
    let practice = Practice::new().on(store);
    let server = practice.start(&["--min-fill-seconds", "0"]);
    for _ in 0..2 {
        server.submit();
    }
    drop(server);

    // On the server: no key, and nothing readable in what leaves it.
    let dump = practice.dump(&practice.db());
    assert_eq!(
        String::from_utf8_lossy(&dump.stderr).trim(),
        "2 submissions, still sealed"
    );
    for value in [NAME, EMAIL, NOTE] {
        assert!(
            !dump
                .stdout
                .windows(value.len())
                .any(|w| w == value.as_bytes()),
            "{value} is readable in the dump"
        );
    }

    // At the office: the dump, piped in, opens to the same answers as the
    // database itself.
    let from_dump: Vec<candor::intake::Opened> = practice
        .export_dump(&dump.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(from_dump, practice.export());
    assert_eq!(from_dump.len(), 2);

    // A dump cut short, or something else, is named with its line.
    let text = String::from_utf8(dump.stdout).unwrap();
    let cut = &text[..text.len() - 40];
    let damaged = practice.site.root().join("cut.jsonl");
    std::fs::write(&damaged, cut).unwrap();
    let run = candor()
        .args(["intake", "export", "--from"])
        .arg(&damaged)
        .arg("--identity")
        .arg(&practice.key)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("cut.jsonl:3:"), "{stderr}");
    assert!(stderr.contains("cut short or edited"), "{stderr}");
    let run = candor()
        .args(["intake", "export", "--from"])
        .arg(practice.db())
        .arg("--identity")
        .arg(&practice.key)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    // A database given where a dump belongs is told apart from a dump.
    let expected = match store {
        On::Sqlite => "is not a dump from `candor intake dump`",
        #[cfg(feature = "postgres-tests")]
        On::Postgres => "give a database with --db",
    };
    assert!(
        String::from_utf8_lossy(&run.stderr).contains(expected),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
}

/// What only a store shared by several receivers can show.
#[cfg(feature = "postgres-tests")]
mod shared_postgres {
    use super::*;

    /// Two receivers started at the same moment on one new database.
    fn two_receivers(practice: &Practice, extra: &[&str]) -> (Server, Server) {
        let root = practice.site.root();
        std::thread::scope(|scope| {
            let a = scope
                .spawn(|| practice.start_logging_to(&root.join("a.log"), &practice.db(), extra));
            let b = scope
                .spawn(|| practice.start_logging_to(&root.join("b.log"), &practice.db(), extra));
            (a.join().unwrap(), b.join().unwrap())
        })
    }

    #[test]
    fn two_receivers_on_one_database_work_as_one() {
        let practice = Practice::new().on(On::Postgres);
        // Both make the schema at once: one waits for the other's lock.
        let (a, b) = two_receivers(&practice, &["--min-fill-seconds", "0"]);

        // A form served by one is accepted by the other: they sign with the
        // one key the database keeps.
        let stamp = a.stamp();
        let mut sent = answers();
        sent.push(("_ts", &stamp));
        let first = b.post(&encode(&sent));
        assert_eq!(first.status, 303, "{}", first.body);
        assert_eq!(practice.stored(), 1);

        // The stamp is spent for both.
        assert_eq!(a.post(&encode(&sent)).status, 303);
        assert_eq!(b.post(&encode(&sent)).status, 303);
        assert_eq!(
            practice.stored(),
            1,
            "a stamp used on one receiver is used on all"
        );
        // Counts are written after the answer: wait for them.
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let stats = candor::intake::stats(&practice.store()).unwrap();
            if stats
                .iter()
                .any(|(_, kind, n)| kind == "replayed_timestamp" && *n == 2)
            {
                break;
            }
            assert!(Instant::now() < deadline, "{stats:?}");
            std::thread::sleep(Duration::from_millis(20));
        }

        // The redirect may reach the other receiver: the matches are there,
        // once.
        let location = first.location.unwrap();
        let thanks = a.get(&location);
        assert!(thanks.body.contains("Ana Ortiz"), "{}", thanks.body);
        assert!(!b.get(&location).body.contains("Ana Ortiz"), "shown once");

        // Stopping one leaves the other answering.
        drop(a);
        b.submit();
        assert_eq!(practice.stored(), 2);
    }

    /// Eight clients on two receivers; one receiver is killed with SIGKILL
    /// in each of five rounds while the other keeps answering. Every
    /// submission that got a 303 must be stored, and the survivor must
    /// answer every request.
    #[test]
    fn a_receiver_killed_under_load_loses_nothing_and_the_other_keeps_answering() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let practice = Practice::new().on(On::Postgres);
        let extra = ["--min-fill-seconds", "0", "--rate-limit", "0"];
        let survivor = practice.start_logging_to(
            &practice.site.root().join("survivor.log"),
            &practice.db(),
            &extra,
        );
        let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
        let survivor_failures: Arc<Mutex<Vec<String>>> = Arc::default();
        for round in 0..5 {
            let victim = practice.start_logging_to(
                &practice.site.root().join("victim.log"),
                &practice.db(),
                &extra,
            );
            let stop = Arc::new(AtomicBool::new(false));
            let by_victim = Arc::new(AtomicUsize::new(0));
            let by_survivor = Arc::new(AtomicUsize::new(0));
            let clients: Vec<_> = (0..8)
                .map(|client| {
                    // Half start on the receiver that will be killed, and
                    // turn to the other when it goes, as a balancer would.
                    let mut bases = vec![survivor.base.clone()];
                    if client % 2 == 0 {
                        bases.insert(0, victim.base.clone());
                    }
                    let (acknowledged, failures) =
                        (acknowledged.clone(), survivor_failures.clone());
                    let (stop, by_victim, by_survivor) =
                        (stop.clone(), by_victim.clone(), by_survivor.clone());
                    let survivor_base = survivor.base.clone();
                    std::thread::spawn(move || {
                        let agent = agent();
                        let mut n = 0;
                        while !stop.load(Ordering::Relaxed) {
                            n += 1;
                            let name = format!("round{round}-client{client}-n{n}");
                            let mut pairs = answers();
                            pairs.retain(|(k, _)| *k != "name");
                            pairs.push(("name", &name));
                            let base = bases[0].clone();
                            let result = agent
                                .post(&format!("{base}/api/intake"))
                                .header("content-type", "application/x-www-form-urlencoded")
                                .header("sec-fetch-site", "same-origin")
                                .send(&encode(&pairs));
                            let on_survivor = base == survivor_base;
                            match result {
                                Ok(r) if r.status().as_u16() == 303 => {
                                    acknowledged.lock().unwrap().push(name);
                                    if on_survivor {
                                        by_survivor.fetch_add(1, Ordering::Relaxed);
                                    } else {
                                        by_victim.fetch_add(1, Ordering::Relaxed);
                                    }
                                }
                                Ok(r) if on_survivor => failures
                                    .lock()
                                    .unwrap()
                                    .push(format!("{name}: status {}", r.status())),
                                Err(e) if on_survivor => {
                                    failures.lock().unwrap().push(format!("{name}: {e}"))
                                }
                                // The killed receiver: on to the other.
                                _ => {
                                    if !on_survivor {
                                        bases.remove(0);
                                    }
                                }
                            }
                        }
                    })
                })
                .collect();
            let wait_for = |count: &AtomicUsize, at_least: usize, what: &str| {
                let deadline = Instant::now() + Duration::from_secs(60);
                while count.load(Ordering::Relaxed) < at_least {
                    assert!(Instant::now() < deadline, "round {round}: {what}");
                    std::thread::sleep(Duration::from_millis(5));
                }
            };
            wait_for(
                &by_victim,
                40,
                "the receiver to be killed stored too little",
            );
            drop(victim); // SIGKILL, mid-flight
            let after_kill = by_survivor.load(Ordering::Relaxed);
            wait_for(
                &by_survivor,
                after_kill + 80,
                "the other receiver stopped storing after the kill",
            );
            stop.store(true, Ordering::Relaxed);
            for client in clients {
                client.join().unwrap();
            }
        }
        drop(survivor);
        let failures = survivor_failures.lock().unwrap().clone();
        assert!(
            failures.is_empty(),
            "the surviving receiver failed {} requests: {failures:?}",
            failures.len()
        );
        let acknowledged = acknowledged.lock().unwrap().clone();
        let stored = practice.none_lost(&acknowledged);
        eprintln!(
            "two receivers, one killed in each of 5 rounds: {} acknowledged, {} stored, 0 lost",
            acknowledged.len(),
            stored.len()
        );
    }

    /// A receiver that dies between spending a stamp and storing its
    /// submission must not leave the stamp spent: the person who sends
    /// the form again would be thanked and nothing stored. The stamp is
    /// spent in the submission's own transaction.
    #[test]
    fn a_stamp_is_spent_only_with_its_submission() {
        let practice = Practice::new().on(On::Postgres);
        let server = practice.start(&["--min-fill-seconds", "0"]);
        let stamp = server.stamp();
        let mut sent = answers();
        sent.push(("_ts", &stamp));
        practice.sql(
            "",
            "ALTER TABLE submissions ADD CONSTRAINT refuse_all CHECK (false) NOT VALID",
        );
        let refused = server.post(&encode(&sent));
        assert_eq!(refused.status, 500, "{}", refused.body);
        assert!(refused.body.contains("not"), "{}", refused.body);
        practice.sql("", "ALTER TABLE submissions DROP CONSTRAINT refuse_all");
        assert_eq!(server.post(&encode(&sent)).status, 303);
        assert_eq!(
            practice.stored(),
            1,
            "the stamp of a submission that was not stored is still good"
        );
        assert_eq!(server.post(&encode(&sent)).status, 303);
        assert_eq!(practice.stored(), 1, "and spent once it was");
    }

    /// A load balancer asks `GET /api/intake`: a receiver that can no
    /// longer reach its database says so, and a person who sends the form
    /// to it is told it was not saved, never thanked.
    #[test]
    fn a_receiver_that_lost_its_database_says_so_to_the_balancer_and_the_person() {
        let practice = Practice::new().on(On::Postgres);
        let server = practice.start(&["--min-fill-seconds", "0"]);
        let health = server.get("/api/intake");
        assert_eq!((health.status, health.body.trim()), (200, "ready"));
        let db = practice.db();
        let name = db.rsplit('/').next().unwrap();
        let admin = db.replace(&format!("/{name}"), "/postgres");
        crate::postgres::execute(&admin, &format!("DROP DATABASE {name} WITH (FORCE)"));
        let health = server.get("/api/intake");
        assert_eq!((health.status, health.body.trim()), (503, "not ready"));
        let mut sent = answers();
        let stamp = server.stamp();
        sent.push(("_ts", &stamp));
        let refused = server.post(&encode(&sent));
        assert_eq!(refused.status, 500, "{}", refused.body);
        assert!(refused.location.is_none(), "no thank-you page");
    }

    /// `sslmode=require` encrypts the connection and checks whom it goes
    /// to: a server whose certificate nobody vouches for is refused, with
    /// what to set; with its authority in PGSSLROOTCERT, every connection
    /// of the receiver is encrypted.
    #[test]
    fn an_encrypted_connection_checks_the_servers_certificate() {
        let practice = Practice::new().on(On::Postgres);
        let plain = practice.db();
        let encrypted = format!("{plain}?sslmode=require");
        let out = candor()
            .args(["intake", "stats", "--db", &encrypted])
            .env_remove("PGSSLROOTCERT")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("certificate"), "{stderr}");
        assert!(stderr.contains("set PGSSLROOTCERT"), "{stderr}");

        let practice = Practice {
            db: encrypted,
            env: vec![("PGSSLROOTCERT", crate::postgres::authority())],
            ..practice
        };
        let server = practice.start(&["--min-fill-seconds", "0"]);
        server.submit();
        let name = plain.rsplit('/').next().unwrap();
        let report = crate::postgres::query_text(
            &plain,
            &format!(
                "SELECT string_agg(s.ssl::text, ',') FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
                 WHERE a.application_name = 'candor intake' AND a.datname = '{name}'"
            ),
        );
        assert!(report.contains("true"), "no encrypted connection: {report}");
        assert!(!report.contains("false"), "a connection in clear: {report}");
        drop(server);
        assert_eq!(
            candor::intake::stored(&candor::intake::Db::parse(&plain)).unwrap(),
            1
        );
    }

    /// The inbox on the shared database: the mark a coordinator saves is
    /// kept there, sealed, for the next one who opens it.
    #[test]
    fn the_inbox_reads_and_marks_submissions_in_the_shared_database() {
        let practice = Practice::new().on(On::Postgres);
        let server = practice.start(&["--min-fill-seconds", "0"]);
        server.submit();
        drop(server);
        let id = practice.rows()[0].id.clone();
        let db = practice.db();
        let inbox = practice.open_inbox(&["--db", &db]);
        let page = inbox.page();
        assert!(page.body.contains(NAME), "{}", page.body);
        assert!(page.body.contains("1 not yet contacted"), "{}", page.body);
        let note = encode(&[("state", "contacted"), ("note", NOTE)]);
        assert_eq!(inbox.mark(&id, &note, "same-origin").status, 303);
        inbox.stop();
        // Sealed in the database: neither the state nor the note readable.
        let stored = crate::postgres::everything_stored(&practice.db());
        assert!(stored.contains(&id), "{stored}");
        assert!(
            !stored.contains(NOTE) && !stored.contains("contacted"),
            "{stored}"
        );

        let page = practice.open_inbox(&["--db", &db]).page();
        assert!(page.body.contains(NOTE), "the note is there again");
        assert!(!page.body.contains("not yet contacted"), "{}", page.body);
    }

    #[test]
    fn database_mistakes_get_messages_without_the_password() {
        let practice = Practice::new();
        let run = |args: &[&str]| {
            let out = candor().args(args).output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{args:?} should fail");
            String::from_utf8_lossy(&out.stderr).into_owned()
        };
        // Nobody listens there.
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            probe.local_addr().unwrap().port()
        };
        let unreachable = format!("postgres://intake:hunter2secret@127.0.0.1:{port}/candor");
        let root = practice.site.root().display().to_string();
        for args in [
            vec![
                "intake",
                "serve",
                "--root",
                &root,
                "--bind",
                "127.0.0.1:0",
                "--db",
                &unreachable,
            ],
            vec!["intake", "stats", "--db", &unreachable],
        ] {
            let stderr = run(&args);
            assert!(
                stderr.contains("cannot connect to postgres://intake:***@127.0.0.1"),
                "{stderr}"
            );
            assert!(
                !stderr.contains("hunter2secret"),
                "the password is shown: {stderr}"
            );
        }
        // Not an address.
        let stderr = run(&[
            "intake",
            "stats",
            "--db",
            "postgres://intake:pw@[::1/candor",
        ]);
        assert!(stderr.contains("is not a PostgreSQL address"), "{stderr}");
        assert!(!stderr.contains(":pw@"), "{stderr}");

        // A database the receiver never used is not read as an empty one.
        let empty = crate::postgres::database();
        let stderr = run(&["intake", "stats", "--db", &empty]);
        assert!(
            stderr.contains("is not a database `candor intake serve` made"),
            "{stderr}"
        );

        // A schema from a newer candor is left alone.
        let practice = practice.on(On::Postgres);
        let server = practice.start(&["--min-fill-seconds", "0"]);
        server.submit();
        drop(server);
        practice.sql("", "UPDATE candor_schema SET version = 99");
        let db = practice.db();
        let stderr = run(&[
            "intake",
            "serve",
            "--root",
            &root,
            "--bind",
            "127.0.0.1:0",
            "--db",
            &db,
        ]);
        assert!(stderr.contains("made by a newer candor"), "{stderr}");
        assert_eq!(practice.stored(), 1);
    }
}

#[test]
fn the_inbox_refuses_what_would_expose_it_and_says_what_to_do() {
    let practice = Practice::new();
    let server = practice.start(&["--min-fill-seconds", "0"]);
    server.submit();
    drop(server);
    let root = practice.site.root().display().to_string();
    let key = practice.key.display().to_string();
    let db = practice.db();
    let run = |args: &[&str]| {
        let out = candor()
            .args(["intake", "inbox", "--root", &root])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?} should fail");
        assert!(out.stdout.is_empty(), "no address is printed");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    // Another computer could reach it.
    let stderr = run(&["--db", &db, "--identity", &key, "--bind", "0.0.0.0:0"]);
    assert!(stderr.contains("listens on 127.0.0.1"), "{stderr}");
    // No key to open anything with.
    let missing = practice
        .site
        .root()
        .join("no-key.txt")
        .display()
        .to_string();
    let stderr = run(&["--db", &db, "--identity", &missing]);
    assert!(stderr.contains("cannot read the key file"), "{stderr}");
    // A dump that is no dump.
    let stderr = run(&["--from", &root, "--identity", &key]);
    assert!(stderr.contains("is a folder"), "{stderr}");
    let stderr = run(&["--from", "-", "--identity", &key]);
    assert!(stderr.contains("not standard input"), "{stderr}");
    let stderr = run(&["--from", "postgres://intake@db/candor", "--identity", &key]);
    assert!(stderr.contains("give a database with --db"), "{stderr}");
    let not_a_dump = practice
        .site
        .root()
        .join("candor.yaml")
        .display()
        .to_string();
    let stderr = run(&["--from", &not_a_dump, "--identity", &key]);
    assert!(stderr.contains("is not a dump"), "{stderr}");
    // A marks file that was edited by hand is named with its line.
    let dump = practice.site.root().join("today.dump");
    std::fs::write(&dump, &practice.dump(&db).stdout).unwrap();
    std::fs::write(
        practice.site.root().join("today.dump.marks"),
        "{\"id\": \"x\", \"sealed\": \"AAA=\"}\nnot json\n",
    )
    .unwrap();
    let inbox = practice.open_inbox(&["--from", &dump.display().to_string()]);
    let page = inbox.page();
    assert_eq!(page.status, 200);
    assert_eq!(page.cache.as_deref(), Some("no-store"));
    assert!(page.body.contains(NAME), "the submission is shown");
    // A status form sent by another site is refused; a note too long is
    // asked for again, as typed.
    let id = practice.rows()[0].id.clone();
    let mark = |body: &str, site: &str| inbox.mark(&id, body, site);
    assert_eq!(mark("state=closed", "cross-site").status, 403);
    let long = "Called twice ".repeat(40);
    let refused = mark(
        &encode(&[("state", "contacted"), ("note", &long)]),
        "same-origin",
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("shorten it to 500"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(long.trim()), "the note typed is kept");
    // The damaged marks file is not overwritten: saving fails, and says so.
    let marks_file = practice.site.root().join("today.dump.marks");
    let damaged = std::fs::read(&marks_file).unwrap();
    let note = encode(&[("state", "contacted"), ("note", "Called once")]);
    let failed = mark(&note, "same-origin");
    assert_eq!(failed.status, 500);
    assert!(
        failed.body.contains("could not be saved"),
        "{}",
        failed.body
    );
    assert_eq!(std::fs::read(&marks_file).unwrap(), damaged);
    std::fs::remove_file(&marks_file).unwrap();
    assert_eq!(mark(&note, "same-origin").status, 303);
    let marks = std::fs::read_to_string(practice.site.root().join("today.dump.marks")).unwrap();
    assert!(marks.contains(&id), "the mark is kept beside the dump");
    assert!(!marks.contains("Called once"), "sealed, not in plaintext");
    let stderr = inbox.stop();
    assert!(stderr.contains("today.dump.marks:2:"), "{stderr}");
    assert!(stderr.contains("Move it aside"), "{stderr}");
}

#[test]
fn the_endpoint_answers_a_health_check_with_nothing_else() {
    let practice = Practice::new();
    let server = practice.start(&[]);
    let health = server.get("/api/intake");
    assert_eq!((health.status, health.body.as_str()), (200, "ready\n"));
    assert_eq!(health.cache.as_deref(), Some("no-store"));
}

//! A PostgreSQL database: one store that several receivers share.
//!
//! Each receiver writes through a task of its own that commits whatever
//! submissions are waiting in one transaction and only then reports them
//! stored (PostgreSQL's `synchronous_commit` makes a commit durable), so a
//! receiver killed at any moment has acknowledged nothing it had not
//! committed. What the receivers must agree on lives in tables beside the
//! submissions: the stamps already used, the thank-you pages waiting (each
//! encrypted with a key only its address gives), and the key that signs
//! timestamps. The schema is created, or brought up to date, when a
//! receiver starts, under a lock, so receivers started at once are safe.
//! An address with `sslmode=require` connects over TLS with the server's
//! certificate checked; any other, in clear.

use std::collections::BTreeMap;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::{NoTls, Row};

use super::{answer, Inserted, Pending, Purge, Purpose, Sealed, Store, Write, Writer, BATCH};

/// Connections one receiver opens at most.
const CONNECTIONS: usize = 16;

/// The advisory lock held while the schema changes ("candor" in ASCII).
const SCHEMA_LOCK: i64 = 0x6361_6e64_6f72;

/// The schema's steps, oldest first. `candor_schema` records how many a
/// database has; a new version of candor adds steps, never edits one.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE submissions (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        received_on TEXT NOT NULL,
        sealed BYTEA NOT NULL
    );
    CREATE INDEX submissions_day ON submissions (received_on);
    CREATE TABLE events (
        day TEXT NOT NULL,
        kind TEXT NOT NULL,
        count BIGINT NOT NULL,
        PRIMARY KEY (day, kind)
    );
    CREATE TABLE used_stamps (
        digest TEXT PRIMARY KEY,
        used_at BIGINT NOT NULL
    );
    CREATE INDEX used_stamps_at ON used_stamps (used_at);
    CREATE UNLOGGED TABLE thanks (
        key TEXT PRIMARY KEY,
        expires BIGINT NOT NULL,
        sealed BYTEA NOT NULL
    );
    CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value BYTEA NOT NULL
    );
",
    "
    CREATE TABLE marks (
        id TEXT PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
        sealed BYTEA NOT NULL
    );
",
];

/// A PostgreSQL database as a [`Store`].
pub struct Postgres {
    pool: Pool,
    /// Where submissions go, when opened to serve.
    writer: Option<Writer>,
}

/// `url` as messages may show it: rebuilt from what the PostgreSQL driver
/// reads in it (user, hosts, ports, database), so no password is ever
/// repeated, however the address is written.
pub fn without_password(url: &str) -> String {
    let Ok(config) = url.parse::<tokio_postgres::Config>() else {
        return "the PostgreSQL address given (not repeated: it may hold a password)".to_string();
    };
    let mut shown = String::from("postgres://");
    if let Some(user) = config.get_user() {
        shown.push_str(user);
        if config.get_password().is_some() {
            shown.push_str(":***");
        }
        shown.push('@');
    }
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let name = match host {
                tokio_postgres::config::Host::Tcp(name) => name.clone(),
                #[cfg(unix)]
                tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
            };
            match ports.get(i).or(ports.first()) {
                Some(port) => format!("{name}:{port}"),
                None => name,
            }
        })
        .collect();
    shown.push_str(&hosts.join(","));
    if let Some(db) = config.get_dbname() {
        shown.push('/');
        shown.push_str(db);
    }
    shown
}

/// How an address with `sslmode=require` connects: TLS, with the
/// server's certificate checked against the public certificate
/// authorities, and against those in the PEM file `PGSSLROOTCERT` names
/// (as libpq reads it) for a provider's own. A certificate nobody vouches
/// for is refused, unlike libpq's `require`: the point is to know whom the
/// answers go to.
fn tls() -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    use rustls::pki_types::pem::PemObject as _;
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(file) = std::env::var_os("PGSSLROOTCERT") {
        let shown = std::path::Path::new(&file).display().to_string();
        let certificates = rustls::pki_types::CertificateDer::pem_file_iter(&file)
            .map_err(|e| format!("PGSSLROOTCERT: cannot read {shown}: {e}"))?;
        let mut added = 0;
        for certificate in certificates {
            let certificate = certificate.map_err(|e| {
                format!("PGSSLROOTCERT: {shown} is not a PEM certificate file: {e}")
            })?;
            roots
                .add(certificate)
                .map_err(|e| format!("PGSSLROOTCERT: a certificate in {shown} is unusable: {e}"))?;
            added += 1;
        }
        if added == 0 {
            return Err(format!(
                "PGSSLROOTCERT: {shown} holds no certificate (-----BEGIN CERTIFICATE-----)"
            ));
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| e.to_string())?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// What went wrong, in PostgreSQL's own words where it gave some.
fn describe(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(cause) = source {
                text.push_str(": ");
                text.push_str(&cause.to_string());
                source = cause.source();
            }
            text
        }
    }
}

/// [`describe`] for `map_err`.
fn db_error(e: tokio_postgres::Error) -> String {
    describe(&e)
}

/// One parameter of a statement.
type Param<'a> = &'a (dyn tokio_postgres::types::ToSql + Sync);

fn pool_error(e: deadpool_postgres::PoolError) -> String {
    match e {
        deadpool_postgres::PoolError::Backend(e) => describe(&e),
        other => other.to_string(),
    }
}

impl Postgres {
    /// Connects to the database at `url` for `purpose`. To serve, the
    /// schema is created or brought up to date; otherwise it must exist.
    pub async fn open(url: &str, purpose: Purpose) -> Result<Postgres, String> {
        let shown = without_password(url);
        let mut config: tokio_postgres::Config = url.parse().map_err(|e| {
            format!("{shown} is not a PostgreSQL address candor can read ({e}); write e.g. postgres://intake@db.internal:5432/candor")
        })?;
        if config.get_password().is_none() {
            // As libpq does: the password can stay out of the command line.
            if let Ok(password) = std::env::var("PGPASSWORD") {
                config.password(password);
            }
        }
        config.application_name("candor intake");
        config.connect_timeout(Duration::from_secs(10));
        // A connection whose server went away unseen (a half-open TCP
        // connection) is dropped within half a minute, not two hours.
        config.keepalives_idle(Duration::from_secs(15));
        #[cfg(target_os = "linux")]
        config.tcp_user_timeout(Duration::from_secs(30));
        let recycling = || ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        };
        let encrypted = config.get_ssl_mode() == tokio_postgres::config::SslMode::Require;
        let manager = if encrypted {
            Manager::from_config(config, tls()?, recycling())
        } else {
            Manager::from_config(config, NoTls, recycling())
        };
        let pool = Pool::builder(manager)
            .max_size(CONNECTIONS)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(10)))
            .create_timeout(Some(Duration::from_secs(10)))
            .build()
            .map_err(|e| format!("cannot connect to {shown}: {e}"))?;
        let mut client = pool.get().await.map_err(|e| {
            let why = pool_error(e);
            let hint = if why.contains("certificate") || why.contains("UnknownIssuer") {
                "; set PGSSLROOTCERT to the file of the certificate authority that signed the server's certificate (your provider publishes it)"
            } else if !encrypted && (why.contains("TLS") || why.contains("SSL") || why.contains("ssl") || why.contains("encryption")) {
                "; the server wants an encrypted connection: add ?sslmode=require to the address"
            } else {
                ""
            };
            format!("cannot connect to {shown}: {why}{hint}")
        })?;
        if purpose == Purpose::Serve {
            migrate(&mut client)
                .await
                .map_err(|e| format!("cannot set up the tables in {shown}: {e}"))?;
        } else {
            let made: Option<String> = client
                .query_one("SELECT to_regclass('candor_schema')::text", &[])
                .await
                .map_err(|e| format!("cannot read {shown}: {}", describe(&e)))?
                .get(0);
            if made.is_none() {
                return Err(format!("{shown} is not a database `candor intake serve` made (it has no submissions); check the --db address"));
            }
            if purpose == Purpose::Change {
                // Brought up to date, as a receiver would on starting.
                migrate(&mut client)
                    .await
                    .map_err(|e| format!("cannot set up the tables in {shown}: {e}"))?;
            }
        }
        drop(client);
        let writer = (purpose == Purpose::Serve).then(|| writer(pool.clone()));
        Ok(Postgres { pool, writer })
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, String> {
        self.pool.get().await.map_err(pool_error)
    }

    /// Runs one statement on a pooled connection; how many rows it changed.
    async fn execute(&self, sql: &str, params: &[Param<'_>]) -> Result<u64, String> {
        self.client()
            .await?
            .execute(sql, params)
            .await
            .map_err(db_error)
    }

    /// Runs one query on a pooled connection.
    async fn query(&self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, String> {
        self.client()
            .await?
            .query(sql, params)
            .await
            .map_err(db_error)
    }
}

/// Creates the tables, or adds the steps a newer candor brought, holding
/// a lock that other receivers starting at the same moment wait for.
async fn migrate(client: &mut tokio_postgres::Client) -> Result<(), String> {
    let tx = client.transaction().await.map_err(db_error)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
        .await
        .map_err(db_error)?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS candor_schema (version INTEGER NOT NULL)")
        .await
        .map_err(db_error)?;
    let version: i32 = tx
        .query_opt("SELECT version FROM candor_schema", &[])
        .await
        .map_err(db_error)?
        .map_or(0, |row| row.get(0));
    let known = MIGRATIONS.len();
    let applied = usize::try_from(version).unwrap_or(usize::MAX);
    if applied > known {
        return Err(format!(
            "its schema is version {version}, made by a newer candor than this one (which knows {known}); upgrade candor"
        ));
    }
    for step in &MIGRATIONS[applied..] {
        tx.batch_execute(step).await.map_err(db_error)?;
    }
    let now = i32::try_from(known).unwrap_or(i32::MAX);
    tx.execute("DELETE FROM candor_schema", &[])
        .await
        .map_err(db_error)?;
    tx.execute("INSERT INTO candor_schema (version) VALUES ($1)", &[&now])
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// Starts the task that commits submissions in batches.
fn writer(pool: Pool) -> Writer {
    let (writer, mut writes) = Writer::new();
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(BATCH);
        while writes.recv_many(&mut batch, BATCH).await > 0 {
            let mut result = commit_in_time(&pool, &batch).await;
            // A deadlock with another receiver, or a connection that broke,
            // rolled everything back: the batch can be sent again as it is.
            for _ in 0..2 {
                match &result {
                    Err(Failure::Retry(_)) => result = commit_in_time(&pool, &batch).await,
                    _ => break,
                }
            }
            let result = result.map_err(|failure| match failure {
                Failure::Retry(why) | Failure::Final(why) => why,
            });
            answer(std::mem::take(&mut batch), &result);
        }
    });
    writer
}

/// Why a batch was not committed.
enum Failure {
    /// Nothing was committed and trying again may work: a deadlock with
    /// another receiver, or a connection that broke before the commit.
    Retry(String),
    /// Anything else.
    Final(String),
}

/// How long one batch may take before its submissions are reported not
/// saved (a stuck connection must not hold the receiver up for good).
const COMMIT_TIME: Duration = Duration::from_secs(20);

async fn commit_in_time(pool: &Pool, batch: &[Write]) -> Result<Vec<usize>, Failure> {
    match tokio::time::timeout(COMMIT_TIME, commit(pool, batch)).await {
        Ok(result) => result,
        // The commit may or may not have happened: not retried, so nothing
        // is stored twice; a person who sends the form again is answered
        // by its stamp.
        Err(_) => Err(Failure::Final(format!(
            "the database did not answer within {} seconds",
            COMMIT_TIME.as_secs()
        ))),
    }
}

/// What to do after `e`, from a statement before the commit.
fn failure(e: &tokio_postgres::Error) -> Failure {
    use tokio_postgres::error::SqlState;
    let retry = e.is_closed()
        || matches!(
            e.code(),
            Some(&SqlState::T_R_DEADLOCK_DETECTED) | Some(&SqlState::T_R_SERIALIZATION_FAILURE)
        );
    if retry {
        Failure::Retry(describe(e))
    } else {
        Failure::Final(describe(e))
    }
}

/// Commits `batch` in one transaction; returns the positions of the
/// submissions not stored because their timestamp was already spent.
async fn commit(pool: &Pool, batch: &[Write]) -> Result<Vec<usize>, Failure> {
    let mut client = pool
        .get()
        .await
        .map_err(|e| Failure::Retry(pool_error(e)))?;
    let tx = client.transaction().await.map_err(|e| failure(&e))?;

    // Spend the timestamps first: a submission whose timestamp another
    // receiver (or an earlier one in this batch) spent is not stored.
    let mut digests: Vec<&str> = Vec::new();
    let mut replayed = Vec::new();
    for (index, write) in batch.iter().enumerate() {
        if let Write::Submission {
            stamp: Some(digest),
            ..
        } = write
        {
            if digests.contains(&digest.as_str()) {
                replayed.push(index);
            } else {
                digests.push(digest);
            }
        }
    }
    if !digests.is_empty() {
        // In one order on every receiver, so two batches spending the same
        // stamps wait for each other instead of deadlocking.
        digests.sort_unstable();
        let now = i64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        )
        .unwrap_or(i64::MAX);
        let spent: Vec<String> = tx
            .query(
                "INSERT INTO used_stamps (digest, used_at)
                 SELECT d, $2 FROM unnest($1::text[]) AS d
                 ON CONFLICT (digest) DO NOTHING RETURNING digest",
                &[&digests, &now],
            )
            .await
            .map_err(|e| failure(&e))?
            .into_iter()
            .map(|row| row.get(0))
            .collect();
        for (index, write) in batch.iter().enumerate() {
            if let Write::Submission {
                stamp: Some(digest),
                ..
            } = write
            {
                if !spent.contains(digest) && !replayed.contains(&index) {
                    replayed.push(index);
                }
            }
        }
    }

    let mut ids = Vec::new();
    let mut days = Vec::new();
    let mut sealed = Vec::new();
    // Counted per day and kind, and written in that order, so receivers
    // committing at once take the rows' locks in one order.
    let mut counts: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for (index, write) in batch.iter().enumerate() {
        match write {
            Write::Submission {
                sealed: s, counted, ..
            } => {
                if replayed.contains(&index) {
                    continue;
                }
                ids.push(s.id.as_str());
                days.push(s.received_on.as_str());
                sealed.push(s.sealed.as_slice());
                if let Some(kind) = counted {
                    *counts.entry((s.received_on.as_str(), kind)).or_default() += 1;
                }
            }
            Write::Count { day, kind } => *counts.entry((day.as_str(), kind)).or_default() += 1,
        }
    }
    if !ids.is_empty() {
        tx.execute(
            "INSERT INTO submissions (id, received_on, sealed)
             SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[])",
            &[&ids, &days, &sealed],
        )
        .await
        .map_err(|e| failure(&e))?;
    }
    for ((day, kind), n) in &counts {
        tx.execute(
            "INSERT INTO events (day, kind, count) VALUES ($1, $2, $3)
             ON CONFLICT (day, kind) DO UPDATE SET count = events.count + EXCLUDED.count",
            &[day, kind, n],
        )
        .await
        .map_err(|e| failure(&e))?;
    }
    // An error at the commit itself may come after the server committed:
    // never retried.
    tx.commit()
        .await
        .map_err(|e| Failure::Final(describe(&e)))?;
    Ok(replayed)
}

impl Store for Postgres {
    fn insert(
        &self,
        submission: Sealed,
        counted: Option<&'static str>,
        stamp: Option<String>,
    ) -> Pending<'_, Inserted> {
        Box::pin(async move {
            match &self.writer {
                Some(writer) => writer.insert(submission, counted, stamp).await,
                None => Err("the database was opened only to read".to_string()),
            }
        })
    }

    fn count_event(&self, day: String, kind: &'static str) {
        if let Some(writer) = &self.writer {
            writer.count(day, kind);
        }
    }

    fn keep_thanks(&self, key: String, expires: u64, sealed: Vec<u8>) -> Pending<'_, ()> {
        Box::pin(async move {
            let expires = i64::try_from(expires).unwrap_or(i64::MAX);
            self.execute(
                "INSERT INTO thanks (key, expires, sealed) VALUES ($1, $2, $3)
                 ON CONFLICT (key) DO NOTHING",
                &[&key, &expires, &sealed],
            )
            .await?;
            Ok(())
        })
    }

    fn take_thanks(&self, key: String, now: u64) -> Pending<'_, Option<Vec<u8>>> {
        Box::pin(async move {
            let now = i64::try_from(now).unwrap_or(i64::MAX);
            let rows = self
                .query(
                    "DELETE FROM thanks WHERE key = $1 RETURNING expires, sealed",
                    &[&key],
                )
                .await?;
            Ok(rows
                .into_iter()
                .find(|row| row.get::<_, i64>(0) > now)
                .map(|row| row.get(1)))
        })
    }

    fn sweep(&self, now: u64, stamps_after: u64) -> Pending<'_, ()> {
        Box::pin(async move {
            let now = i64::try_from(now).unwrap_or(i64::MAX);
            let after = i64::try_from(stamps_after).unwrap_or(i64::MAX);
            self.execute("DELETE FROM thanks WHERE expires <= $1", &[&now])
                .await?;
            self.execute("DELETE FROM used_stamps WHERE used_at < $1", &[&after])
                .await?;
            Ok(())
        })
    }

    fn signing_key(&self) -> Pending<'_, Vec<u8>> {
        Box::pin(async move {
            let fresh = crate::intake::stamp::new_key().map_err(|e| e.to_string())?;
            // The first receiver's key wins; every later one reads it.
            let rows = self
                .query(
                    "INSERT INTO settings (name, value) VALUES ('signing_key', $1)
                     ON CONFLICT (name) DO UPDATE SET value = settings.value
                     RETURNING value",
                    &[&fresh],
                )
                .await?;
            rows.first()
                .map(|row| row.get(0))
                .ok_or_else(|| "the signing key could not be read back".to_string())
        })
    }

    fn count(&self) -> Pending<'_, i64> {
        Box::pin(async move {
            let rows = self.query("SELECT COUNT(*) FROM submissions", &[]).await?;
            Ok(rows.first().map_or(0, |row| row.get(0)))
        })
    }

    fn submissions(&self, since: Option<String>) -> Pending<'_, Vec<Sealed>> {
        Box::pin(async move {
            let since = since.unwrap_or_default();
            let rows = self
                .query(
                    "SELECT id, received_on, sealed FROM submissions
                     WHERE received_on >= $1 ORDER BY received_on, seq",
                    &[&since],
                )
                .await?;
            Ok(rows
                .into_iter()
                .map(|row| Sealed {
                    id: row.get(0),
                    received_on: row.get(1),
                    sealed: row.get(2),
                })
                .collect())
        })
    }

    /// Deletes the rows, then runs `VACUUM` on the tables so PostgreSQL
    /// reuses the space they held; the flag is false when it could not
    /// (VACUUM needs the tables' owner). What VACUUM, the write-ahead log
    /// and backups keep is in the README.
    fn purge(&self, which: Purge) -> Pending<'_, (usize, bool)> {
        Box::pin(async move {
            let mut client = self.client().await?;
            let tx = client.transaction().await.map_err(db_error)?;
            let deleted = match &which {
                Purge::Before(day) => {
                    let deleted = tx
                        .execute("DELETE FROM submissions WHERE received_on < $1", &[day])
                        .await
                        .map_err(db_error)?;
                    tx.execute("DELETE FROM events WHERE day < $1", &[day])
                        .await
                        .map_err(db_error)?;
                    deleted
                }
                Purge::All => {
                    let deleted = tx
                        .execute("DELETE FROM submissions", &[])
                        .await
                        .map_err(db_error)?;
                    tx.execute("DELETE FROM events", &[])
                        .await
                        .map_err(db_error)?;
                    deleted
                }
                Purge::Id(id) => tx
                    .execute("DELETE FROM submissions WHERE id = $1", &[id])
                    .await
                    .map_err(db_error)?,
            };
            tx.commit().await.map_err(db_error)?;
            let deleted = usize::try_from(deleted).unwrap_or(usize::MAX);
            // VACUUM skips, with only a warning, tables this role does not
            // own: ownership is checked first, so a purge never reports a
            // vacuum that did not happen.
            let owner: Option<bool> = client
                .query_one(
                    "SELECT bool_and(pg_has_role(c.relowner, 'USAGE'))
                     FROM pg_class c
                     WHERE c.oid IN ('submissions'::regclass, 'events'::regclass, 'marks'::regclass)",
                    &[],
                )
                .await
                .map_err(db_error)?
                .get(0);
            let vacuumed = owner == Some(true)
                && client
                    .batch_execute("VACUUM submissions, events, marks")
                    .await
                    .is_ok();
            Ok((deleted, vacuumed))
        })
    }

    fn ready(&self) -> Pending<'_, ()> {
        Box::pin(async move {
            self.client()
                .await?
                .simple_query("SELECT 1")
                .await
                .map_err(db_error)?;
            Ok(())
        })
    }

    fn marks(&self) -> Pending<'_, Vec<(String, Vec<u8>)>> {
        Box::pin(async move {
            let rows = self.query("SELECT id, sealed FROM marks", &[]).await?;
            Ok(rows
                .into_iter()
                .map(|row| (row.get(0), row.get(1)))
                .collect())
        })
    }

    fn set_mark(&self, id: String, sealed: Vec<u8>) -> Pending<'_, bool> {
        Box::pin(async move {
            let changed = self
                .execute(
                    "INSERT INTO marks (id, sealed)
                     SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM submissions WHERE id = $1)
                     ON CONFLICT (id) DO UPDATE SET sealed = EXCLUDED.sealed",
                    &[&id, &sealed],
                )
                .await?;
            Ok(changed == 1)
        })
    }

    fn stats(&self) -> Pending<'_, Vec<(String, String, i64)>> {
        Box::pin(async move {
            let rows = self
                .query(
                    "SELECT received_on, 'stored', COUNT(*) FROM submissions GROUP BY received_on
                     UNION ALL
                     SELECT day, kind, count FROM events
                     ORDER BY 1, 2",
                    &[],
                )
                .await?;
            Ok(rows
                .into_iter()
                .map(|row| (row.get(0), row.get(1), row.get(2)))
                .collect())
        })
    }
}

//! Where sealed submissions are kept, behind one small trait.
//!
//! - [`sqlite`]: one file beside one receiver, the default.
//! - [`postgres`]: one database that several receivers share, so the form
//!   stays up when one of them goes down.
//!
//! Either way a submission is a row `{id, received_on (a date), sealed
//! bytes}`: no address, no browser, no time of day, nothing readable. A
//! submission is reported stored only once its transaction is committed
//! durably. What the receiver keeps besides (stamps already used, the
//! matches waiting for a thank-you page, the key that signs timestamps)
//! lives in the store too, so every receiver on one database sees the
//! same: in memory and a file beside the database for SQLite, in tables
//! for PostgreSQL.

pub mod postgres;
pub mod sqlite;

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

/// A stored submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// Random, unguessable id.
    pub id: String,
    /// The day it arrived, `YYYY-MM-DD` (UTC).
    pub received_on: String,
    /// The answers, sealed with age.
    pub sealed: Vec<u8>,
}

/// Which submissions to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purge {
    /// Those received before this day (`YYYY-MM-DD`), with the counts of
    /// those days.
    Before(String),
    /// Every one, and every count.
    All,
    /// The one with this id.
    Id(String),
}

/// Something to write.
pub(crate) enum Write {
    /// A submission, with an event to count in the same transaction (such
    /// as a form without a timestamp) and the digest of its form's
    /// timestamp, marked used in the same transaction; the reply says
    /// whether it is on disk.
    Submission {
        sealed: Sealed,
        counted: Option<&'static str>,
        stamp: Option<String>,
        reply: tokio::sync::oneshot::Sender<Result<Inserted, String>>,
    },
    /// One more event of a kind on a day (e.g. a form without a timestamp).
    Count {
        /// `YYYY-MM-DD`.
        day: String,
        /// What happened.
        kind: &'static str,
    },
}

/// Where a store's writes go: the thread or task that commits them in
/// batches. Both stores use it, each with its own loop at the other end.
#[derive(Clone)]
pub(crate) struct Writer(tokio::sync::mpsc::UnboundedSender<Write>);

/// The writer's end: batches of writes to commit, then [`answer`].
pub(crate) type Writes = tokio::sync::mpsc::UnboundedReceiver<Write>;

/// How many waiting writes one transaction takes at most.
pub(crate) const BATCH: usize = 512;

impl Writer {
    /// A writer, and the end its loop receives from; the loop ends when
    /// every writer is dropped.
    pub(crate) fn new() -> (Writer, Writes) {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        (Writer(tx), rx)
    }

    /// Sends a submission to be committed and waits for the answer.
    pub(crate) async fn insert(
        &self,
        sealed: Sealed,
        counted: Option<&'static str>,
        stamp: Option<String>,
    ) -> Result<Inserted, String> {
        let stopped = || "the database's writer has stopped".to_string();
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.0
            .send(Write::Submission {
                sealed,
                counted,
                stamp,
                reply,
            })
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    /// Sends an event to count, without waiting.
    pub(crate) fn count(&self, day: String, kind: &'static str) {
        let _ = self.0.send(Write::Count { day, kind });
    }
}

/// Tells each submission of a committed (or failed) `batch` what became of
/// it: the positions in `replayed` were not stored, their stamp spent.
pub(crate) fn answer(batch: Vec<Write>, result: &Result<Vec<usize>, String>) {
    for (index, write) in batch.into_iter().enumerate() {
        if let Write::Submission { reply, .. } = write {
            let outcome = match result {
                Ok(replayed) if replayed.contains(&index) => Ok(Inserted::Replayed),
                Ok(_) => Ok(Inserted::Stored),
                Err(e) => Err(e.clone()),
            };
            // The request may have timed out; nothing to tell then.
            let _ = reply.send(outcome);
        }
    }
}

/// What became of a submission given to [`Store::insert`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// Committed durably.
    Stored,
    /// Not stored: its form's timestamp was already used, by this
    /// receiver or another.
    Replayed,
}

/// What a store's operation resolves to; errors are messages for the
/// operator (never holding an answer).
pub type Pending<'a, T> = Pin<Box<dyn Future<Output = Result<T, String>> + Send + 'a>>;

/// What the receiver and the practice's commands need of a store.
pub trait Store: Send + Sync {
    /// Stores a submission, counting `counted` (an event such as a form
    /// without a timestamp) in the same transaction; resolves once both
    /// are committed durably. `stamp`, the digest of the form's timestamp,
    /// is marked used in that transaction too, so a timestamp is spent if
    /// and only if its submission is stored; a timestamp already spent
    /// stores nothing.
    fn insert(
        &self,
        submission: Sealed,
        counted: Option<&'static str>,
        stamp: Option<String>,
    ) -> Pending<'_, Inserted>;

    /// Counts one event of `kind` on `day`. Not waited for: a count that
    /// cannot be written is lost, and no submission with it.
    fn count_event(&self, day: String, kind: &'static str);

    /// Keeps what a thank-you page shows (encrypted by the caller) under
    /// `key` until `expires` (Unix seconds).
    fn keep_thanks(&self, key: String, expires: u64, sealed: Vec<u8>) -> Pending<'_, ()>;

    /// Takes what was kept under `key`, once, if it has not expired.
    fn take_thanks(&self, key: String, now: u64) -> Pending<'_, Option<Vec<u8>>>;

    /// Drops thank-you pages nobody came for and stamps older than
    /// `stamps_after` (Unix seconds).
    fn sweep(&self, now: u64, stamps_after: u64) -> Pending<'_, ()>;

    /// The key that signs the form's timestamps: made once, then the same
    /// for every receiver of this store.
    fn signing_key(&self) -> Pending<'_, Vec<u8>>;

    /// How many submissions are stored.
    fn count(&self) -> Pending<'_, i64>;

    /// Every submission received on or after `since` (`YYYY-MM-DD`),
    /// oldest first.
    fn submissions(&self, since: Option<String>) -> Pending<'_, Vec<Sealed>>;

    /// Deletes the submissions `which` names; returns how many, and
    /// whether they are gone from every file the store itself keeps (see
    /// each store).
    fn purge(&self, which: Purge) -> Pending<'_, (usize, bool)>;

    /// Submissions per day, and counted events per day and kind.
    fn stats(&self) -> Pending<'_, Vec<(String, String, i64)>>;

    /// Whether the store answers now: a health check for load balancers.
    fn ready(&self) -> Pending<'_, ()>;

    /// What the inbox noted about each submission (its state and a note),
    /// sealed like the submissions: submission id → sealed bytes.
    fn marks(&self) -> Pending<'_, Vec<(String, Vec<u8>)>>;

    /// Keeps the sealed mark of submission `id`, replacing any; false when
    /// no such submission is stored (purged meanwhile). A mark goes with
    /// its submission when that is purged.
    fn set_mark(&self, id: String, sealed: Vec<u8>) -> Pending<'_, bool>;
}

/// A database as `--db` names it: a SQLite file, or a PostgreSQL
/// connection string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Db {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection string (`postgres://…` or `postgresql://…`).
    Postgres(String),
}

impl Db {
    /// Reads `--db`: a `postgres://` or `postgresql://` address is a
    /// PostgreSQL database, anything else a SQLite file.
    pub fn parse(given: &str) -> Db {
        let lower = given.get(..13).unwrap_or(given).to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Db::Postgres(given.to_string())
        } else {
            Db::Sqlite(PathBuf::from(given))
        }
    }

    /// How messages name it: the file, or the address without its
    /// password.
    pub fn shown(&self) -> String {
        match self {
            Db::Sqlite(path) => path.display().to_string(),
            Db::Postgres(url) => postgres::without_password(url),
        }
    }
}

impl std::fmt::Display for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown())
    }
}

/// What a command opens a store for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// To receive submissions: created (or its schema brought up to date)
    /// if needed.
    Serve,
    /// To change one that exists (a purge).
    Change,
    /// To read one that exists, changing nothing.
    Read,
}

/// Opens the store `db` names for `purpose`.
pub async fn open(db: &Db, purpose: Purpose) -> Result<Arc<dyn Store>, String> {
    match db {
        Db::Sqlite(path) => Ok(Arc::new(sqlite::Sqlite::open(path, purpose)?)),
        Db::Postgres(url) => Ok(Arc::new(postgres::Postgres::open(url, purpose).await?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_address_is_a_postgres_database_and_anything_else_a_file() {
        assert_eq!(
            Db::parse("postgres://intake@db.internal/candor"),
            Db::Postgres("postgres://intake@db.internal/candor".into())
        );
        assert!(matches!(
            Db::parse("PostgreSQL://db/candor"),
            Db::Postgres(_)
        ));
        assert_eq!(
            Db::parse("intake.sqlite3"),
            Db::Sqlite(PathBuf::from("intake.sqlite3"))
        );
        assert_eq!(
            Db::parse("postgres-backup/intake.sqlite3"),
            Db::Sqlite(PathBuf::from("postgres-backup/intake.sqlite3"))
        );
        assert_eq!(
            Db::parse("postgres://intake:s3cret@db.internal:5432/candor").shown(),
            "postgres://intake:***@db.internal:5432/candor"
        );
        // A password with a character that ends a URL's authority for
        // other readers is still never repeated.
        let shown = Db::parse("postgres://intake:8/Kx?w#z@db.internal/candor").shown();
        assert!(!shown.contains("Kx"), "{shown}");
        assert!(!Db::parse("postgres://[::1").shown().contains("::1"));
    }
}

//! A SQLite file: the default store, for one receiver.
//!
//! Writes go through one writer thread that commits whatever is waiting in
//! a single transaction (WAL, `synchronous=FULL`) and only then reports
//! success, so an acknowledged submission is on disk even if the machine
//! loses power the next moment, and many submissions share one disk flush.
//! Stamps already used and the matches waiting for a thank-you page are
//! kept in the receiver's memory (there is only one receiver), and the key
//! that signs timestamps in a file beside the database.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{params, Connection};

use super::{answer, Inserted, Pending, Purge, Purpose, Sealed, Store, Write, Writer, BATCH};

/// Opens (creating if needed) the database at `path`, with the settings
/// that make a commit durable.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Deleted rows are overwritten, not left in free pages.
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS submissions (
             id TEXT PRIMARY KEY,
             received_on TEXT NOT NULL,
             sealed BLOB NOT NULL
         );
         CREATE INDEX IF NOT EXISTS submissions_day ON submissions (received_on);
         CREATE TABLE IF NOT EXISTS marks (
             id TEXT PRIMARY KEY,
             sealed BLOB NOT NULL
         );
         CREATE TABLE IF NOT EXISTS events (
             day TEXT NOT NULL,
             kind TEXT NOT NULL,
             count INTEGER NOT NULL,
             PRIMARY KEY (day, kind)
         );",
    )?;
    Ok(conn)
}

/// Opens the existing database at `path` to change it (a purge), with the
/// same settings as [`open`] but creating nothing.
pub fn open_existing(path: &Path) -> rusqlite::Result<Connection> {
    use rusqlite::OpenFlags;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(conn)
}

/// Opens the existing database at `path` only to read it.
pub fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    use rusqlite::OpenFlags;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(conn)
}

/// Whether `conn` is a receiver's database: an error saying what it is
/// not, if not.
pub fn check_schema(conn: &Connection) -> Result<(), String> {
    let has: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'submissions')",
            [],
            |row| row.get(0),
        )
        .map_err(|e| format!("not a database candor can read: {e}"))?;
    if has {
        Ok(())
    } else {
        Err("this is not a database `candor intake serve` made (it has no submissions); check the --db path".to_string())
    }
}

/// Starts the writer thread on `conn`. It ends when every [`Writer`] is
/// dropped.
fn writer(mut conn: Connection) -> Writer {
    let (writer, mut writes) = Writer::new();
    std::thread::spawn(move || {
        while let Some(first) = writes.blocking_recv() {
            let mut batch = vec![first];
            while batch.len() < BATCH {
                match writes.try_recv() {
                    Ok(next) => batch.push(next),
                    Err(_) => break,
                }
            }
            let result = commit(&mut conn, &batch)
                .map(|()| Vec::new())
                .map_err(|e| e.to_string());
            answer(batch, &result);
        }
    });
    writer
}

fn commit(conn: &mut Connection, batch: &[Write]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO submissions (id, received_on, sealed) VALUES (?1, ?2, ?3)",
        )?;
        let mut count = tx.prepare_cached(
            "INSERT INTO events (day, kind, count) VALUES (?1, ?2, 1)
             ON CONFLICT (day, kind) DO UPDATE SET count = count + 1",
        )?;
        for write in batch {
            match write {
                Write::Submission {
                    sealed: s, counted, ..
                } => {
                    insert.execute(params![s.id, s.received_on, s.sealed])?;
                    if let Some(kind) = counted {
                        count.execute(params![s.received_on, kind])?;
                    }
                }
                Write::Count { day, kind } => {
                    count.execute(params![day, kind])?;
                }
            }
        }
    }
    tx.commit()
}

/// Moves the write-ahead log into the database file once a second, from a
/// connection of its own, so the writer never pauses for it (SQLite would
/// otherwise do it inside a commit now and then, holding up every
/// submission in that batch). Call after setting `wal_autocheckpoint=0` on
/// the writer's connection.
fn checkpointer(path: &Path) -> rusqlite::Result<()> {
    let conn = open(path)?;
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(1));
        // PASSIVE: copies what it can without waiting for the writer; a
        // busy moment is simply retried on the next tick.
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    });
    Ok(())
}

/// Every submission received on or after `since` (`YYYY-MM-DD`), oldest
/// first.
pub fn submissions(conn: &Connection, since: Option<&str>) -> rusqlite::Result<Vec<Sealed>> {
    let mut query = conn.prepare(
        "SELECT id, received_on, sealed FROM submissions
         WHERE received_on >= ?1 ORDER BY received_on, rowid",
    )?;
    let rows = query.query_map(params![since.unwrap_or("")], |row| {
        Ok(Sealed {
            id: row.get(0)?,
            received_on: row.get(1)?,
            sealed: row.get(2)?,
        })
    })?;
    rows.collect()
}

/// Deletes the submissions `which` names; returns how many. The deleted
/// rows are then gone from every file of the database: `secure_delete`
/// overwrites them, and the write-ahead log, which may still hold them,
/// is emptied. The flag is false when the log could not be emptied
/// because the database stayed busy; the rows are deleted all the same.
pub fn purge(conn: &Connection, which: &Purge) -> rusqlite::Result<(usize, bool)> {
    let deleted = match which {
        Purge::Before(day) => {
            let deleted = conn.execute(
                "DELETE FROM submissions WHERE received_on < ?1",
                params![day],
            )?;
            conn.execute("DELETE FROM events WHERE day < ?1", params![day])?;
            deleted
        }
        Purge::All => {
            let deleted = conn.execute("DELETE FROM submissions", [])?;
            conn.execute("DELETE FROM events", [])?;
            deleted
        }
        Purge::Id(id) => conn.execute("DELETE FROM submissions WHERE id = ?1", params![id])?,
    };
    // The inbox's marks go with their submissions (a database from before
    // the inbox has none).
    let has_marks: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'marks')",
        [],
        |row| row.get(0),
    )?;
    if has_marks {
        conn.execute(
            "DELETE FROM marks WHERE id NOT IN (SELECT id FROM submissions)",
            [],
        )?;
    }
    // TRUNCATE waits (up to the busy timeout) for the receiver's readers
    // and writer, copies the log into the database and empties it; its
    // first column says whether it had to give up.
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
    Ok((deleted, busy == 0))
}

/// Submissions per day, and counted events per day and kind.
pub fn stats(conn: &Connection) -> rusqlite::Result<Vec<(String, String, i64)>> {
    let mut query = conn.prepare(
        "SELECT received_on, 'stored', COUNT(*) FROM submissions GROUP BY received_on
         UNION ALL
         SELECT day, kind, count FROM events
         ORDER BY 1, 2",
    )?;
    let rows = query.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    rows.collect()
}

/// How many submissions are stored.
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM submissions", [], |row| row.get(0))
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// How long a used stamp is remembered: as long as a stamp is good.
const STAMP_REMEMBERED: u64 = 24 * 3600;

/// How many thank-you pages wait to be shown at most: under a flood,
/// newcomers get the page without matches.
const THANKS_KEPT: usize = 100_000;

/// How many used stamps are remembered at most: past that (a flood of
/// valid stamps), stamps are let through unremembered rather than the
/// memory growing without bound.
const USED_STAMPS_KEPT: usize = 1_000_000;

/// A SQLite file as a [`Store`].
pub struct Sqlite {
    path: PathBuf,
    /// For reading and purging.
    conn: Mutex<Connection>,
    /// For storing submissions, when opened to serve.
    writer: Option<Writer>,
    /// Digests of the stamps already used, with when.
    used_stamps: Mutex<HashMap<String, u64>>,
    /// What waits for a thank-you page: key → (expires, sealed).
    thanks: Mutex<HashMap<String, (u64, Vec<u8>)>>,
    /// The second a full map was last swept: under a flood, at most once
    /// a second.
    swept_at: std::sync::atomic::AtomicU64,
}

impl Sqlite {
    /// Opens the file at `path` for `purpose`; to serve, it is created
    /// (with its folder, readable by this user only) if missing.
    pub fn open(path: &Path, purpose: Purpose) -> Result<Sqlite, String> {
        if path.is_dir() {
            return Err(format!(
                "{} is a folder: give the database file in it, such as {}",
                path.display(),
                path.join("intake.sqlite3").display()
            ));
        }
        let fail = |e: rusqlite::Error| format!("cannot open the database {}: {e}", path.display());
        let (conn, writer) = match purpose {
            Purpose::Serve => {
                create_folder_of(path)?;
                let writing = open(path).map_err(fail)?;
                writing
                    .pragma_update(None, "wal_autocheckpoint", 0)
                    .and_then(|()| checkpointer(path))
                    .map_err(fail)?;
                let conn = open(path).map_err(fail)?;
                (conn, Some(writer(writing)))
            }
            Purpose::Change | Purpose::Read => {
                if !path.is_file() {
                    return Err(format!(
                        "{} does not exist: give the --db file `candor intake serve` writes to",
                        path.display()
                    ));
                }
                let conn = if purpose == Purpose::Change {
                    open_existing(path)
                } else {
                    open_read_only(path)
                }
                .map_err(fail)?;
                check_schema(&conn).map_err(|e| format!("{}: {e}", path.display()))?;
                if purpose == Purpose::Change {
                    // A database from before the inbox has no marks yet.
                    conn.execute_batch(
                        "CREATE TABLE IF NOT EXISTS marks (id TEXT PRIMARY KEY, sealed BLOB NOT NULL)",
                    )
                    .map_err(fail)?;
                }
                (conn, None)
            }
        };
        Ok(Sqlite {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
            writer,
            used_stamps: Mutex::new(HashMap::new()),
            thanks: Mutex::new(HashMap::new()),
            swept_at: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// Whether a full map may be swept now (not yet this second).
    fn may_sweep(&self, now: u64) -> bool {
        self.swept_at
            .swap(now, std::sync::atomic::Ordering::Relaxed)
            != now
    }

    /// Runs `f` on the reading connection.
    fn with_conn<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, String> {
        let conn = self
            .conn
            .lock()
            .map_err(|_| "the database connection is unusable".to_string())?;
        f(&conn).map_err(|e| e.to_string())
    }
}

/// Creates the folder of the database at `path` if missing, readable by
/// this user only, and says so.
fn create_folder_of(path: &Path) -> Result<(), String> {
    let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) else {
        return Ok(());
    };
    if folder.exists() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(folder).map_err(|e| {
        format!(
            "cannot create the database's folder {}: {e}",
            folder.display()
        )
    })?;
    eprintln!(
        "intake: created the folder {} (readable by this user only) for the database",
        folder.display()
    );
    Ok(())
}

/// The signing key's file for the database at `db`.
pub fn signing_key_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".signing-key");
    db.with_file_name(name)
}

impl Store for Sqlite {
    fn insert(
        &self,
        submission: Sealed,
        counted: Option<&'static str>,
        stamp: Option<String>,
    ) -> Pending<'_, Inserted> {
        Box::pin(async move {
            // Used stamps live in this receiver's memory: claimed before the
            // write, given back if it fails.
            if let Some(digest) = &stamp {
                let mut used = self
                    .used_stamps
                    .lock()
                    .map_err(|_| "the used stamps are unusable".to_string())?;
                if used.contains_key(digest) {
                    return Ok(Inserted::Replayed);
                }
                let now = unix_now();
                if used.len() >= USED_STAMPS_KEPT && self.may_sweep(now) {
                    used.retain(|_, at| now.saturating_sub(*at) <= STAMP_REMEMBERED);
                }
                if used.len() < USED_STAMPS_KEPT {
                    used.insert(digest.clone(), now);
                }
            }
            let result = match &self.writer {
                Some(writer) => writer.insert(submission, counted, None).await,
                None => Err("the database was opened only to read".to_string()),
            };
            if result.is_err() {
                if let (Some(digest), Ok(mut used)) = (&stamp, self.used_stamps.lock()) {
                    used.remove(digest);
                }
            }
            result
        })
    }

    fn count_event(&self, day: String, kind: &'static str) {
        if let Some(writer) = &self.writer {
            writer.count(day, kind);
        }
    }

    fn keep_thanks(&self, key: String, expires: u64, sealed: Vec<u8>) -> Pending<'_, ()> {
        Box::pin(async move {
            let mut kept = self
                .thanks
                .lock()
                .map_err(|_| "the thank-you pages are unusable".to_string())?;
            let now = unix_now();
            if kept.len() >= THANKS_KEPT && self.may_sweep(now) {
                kept.retain(|_, (expires, _)| *expires > now);
            }
            if kept.len() < THANKS_KEPT {
                kept.insert(key, (expires, sealed));
            }
            Ok(())
        })
    }

    fn take_thanks(&self, key: String, now: u64) -> Pending<'_, Option<Vec<u8>>> {
        Box::pin(async move {
            let mut kept = self
                .thanks
                .lock()
                .map_err(|_| "the thank-you pages are unusable".to_string())?;
            Ok(kept
                .remove(&key)
                .filter(|(expires, _)| *expires > now)
                .map(|(_, sealed)| sealed))
        })
    }

    fn sweep(&self, now: u64, stamps_after: u64) -> Pending<'_, ()> {
        Box::pin(async move {
            if let Ok(mut kept) = self.thanks.lock() {
                kept.retain(|_, (expires, _)| *expires > now);
            }
            if let Ok(mut used) = self.used_stamps.lock() {
                used.retain(|_, at| *at >= stamps_after);
            }
            Ok(())
        })
    }

    fn signing_key(&self) -> Pending<'_, Vec<u8>> {
        let path = signing_key_path(&self.path);
        Box::pin(async move {
            super::super::stamp::load_or_create_key(&path)
                .map_err(|e| format!("cannot read or create the signing key: {e}"))
        })
    }

    fn count(&self) -> Pending<'_, i64> {
        // From a connection of its own, off the receiver's threads: a count
        // reads the whole table.
        let path = self.path.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                open_read_only(&path)
                    .and_then(|c| count(&c))
                    .map_err(|e| e.to_string())
            })
            .await
            .map_err(|e| e.to_string())?
        })
    }

    fn submissions(&self, since: Option<String>) -> Pending<'_, Vec<Sealed>> {
        Box::pin(async move { self.with_conn(|c| submissions(c, since.as_deref())) })
    }

    fn purge(&self, which: Purge) -> Pending<'_, (usize, bool)> {
        Box::pin(async move { self.with_conn(|c| purge(c, &which)) })
    }

    fn stats(&self) -> Pending<'_, Vec<(String, String, i64)>> {
        Box::pin(async move { self.with_conn(stats) })
    }

    fn ready(&self) -> Pending<'_, ()> {
        Box::pin(async move { self.with_conn(|c| c.query_row("SELECT 1", [], |_| Ok(()))) })
    }

    fn marks(&self) -> Pending<'_, Vec<(String, Vec<u8>)>> {
        Box::pin(async move {
            self.with_conn(|c| {
                let mut query = c.prepare("SELECT id, sealed FROM marks")?;
                let rows = query.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
                rows.collect()
            })
        })
    }

    fn set_mark(&self, id: String, sealed: Vec<u8>) -> Pending<'_, bool> {
        Box::pin(async move {
            self.with_conn(|c| {
                c.execute(
                    "INSERT INTO marks (id, sealed)
                     SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM submissions WHERE id = ?1)
                     ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed",
                    params![id, sealed],
                )
                .map(|changed| changed == 1)
            })
        })
    }
}

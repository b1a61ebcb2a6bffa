//! Where sealed submissions are kept: one SQLite file.
//!
//! A row is `{id, received_on (a date), sealed bytes}`: no address, no
//! browser, no time of day, nothing readable. Writes go through one writer
//! thread that commits whatever is waiting in a single transaction (WAL,
//! `synchronous=FULL`) and only then reports success, so an acknowledged
//! submission is on disk even if the machine loses power the next moment,
//! and many submissions share one disk flush.

use std::path::Path;
use std::sync::mpsc;

use rusqlite::{params, Connection, OptionalExtension};

/// How many waiting writes one transaction takes at most.
const BATCH: usize = 512;

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

/// Something to write.
pub enum Write {
    /// A submission, with an event to count in the same transaction (such
    /// as a form without a timestamp); the reply says whether it is on disk.
    Submission(
        Sealed,
        Option<&'static str>,
        tokio::sync::oneshot::Sender<Result<(), String>>,
    ),
    /// One more event of a kind on a day (e.g. a form without a timestamp).
    Count {
        /// `YYYY-MM-DD`.
        day: String,
        /// What happened.
        kind: &'static str,
    },
}

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

/// Starts the writer thread on `conn`; writes are sent to the returned
/// channel. The thread ends when every sender is dropped.
pub fn writer(mut conn: Connection) -> mpsc::Sender<Write> {
    let (tx, rx) = mpsc::channel::<Write>();
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            while batch.len() < BATCH {
                match rx.try_recv() {
                    Ok(next) => batch.push(next),
                    Err(_) => break,
                }
            }
            let result = commit(&mut conn, &batch).map_err(|e| e.to_string());
            for write in batch {
                if let Write::Submission(_, _, reply) = write {
                    // The request may have timed out; nothing to tell then.
                    let _ = reply.send(result.clone());
                }
            }
        }
    });
    tx
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
                Write::Submission(s, counted, _) => {
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
pub fn checkpointer(path: &Path) -> rusqlite::Result<()> {
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

/// Whether a submission with `id` is stored.
pub fn exists(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT 1 FROM submissions WHERE id = ?1",
        params![id],
        |_| Ok(()),
    )
    .optional()
    .map(|found| found.is_some())
}

//! The state file's tables, and how older files are brought up to date.
//!
//! The schema version is SQLite's `user_version`. Each entry of [`MIGRATIONS`] takes a file
//! from version `i` to `i + 1` and runs in its own transaction with the version bump, so a
//! crash mid-migration leaves the file at the old version, intact. A file from a newer
//! citecheck (a higher version than this one knows) is refused rather than guessed at.
//! Migrations are append-only: never edit a released one, add the next.

use rusqlite::Connection;

/// Migrations, in order; `MIGRATIONS[i]` upgrades version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: URLs with their latest state, runs, and one observation per URL per run.
    "CREATE TABLE runs (
        id          INTEGER PRIMARY KEY,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        complete    INTEGER
    );
    CREATE TABLE urls (
        url            TEXT PRIMARY KEY,
        status         TEXT NOT NULL,
        http_status    INTEGER,
        checked_at     TEXT NOT NULL,
        content_hash   TEXT,
        verified_hash  TEXT,
        verified_at    TEXT,
        article        BLOB,
        etag           TEXT,
        last_modified  TEXT,
        failures       INTEGER NOT NULL DEFAULT 0,
        failed_days    INTEGER NOT NULL DEFAULT 0,
        first_failed   TEXT,
        last_failed    TEXT
    );
    CREATE TABLE observations (
        id           INTEGER PRIMARY KEY,
        run          INTEGER NOT NULL REFERENCES runs(id),
        url          TEXT NOT NULL,
        checked_at   TEXT NOT NULL,
        status       TEXT NOT NULL,
        http_status  INTEGER,
        content_hash TEXT,
        verdict      TEXT NOT NULL,
        quotes       TEXT NOT NULL,
        change       TEXT NOT NULL
    );
    CREATE INDEX observations_by_url ON observations(url, checked_at);
    CREATE INDEX observations_by_time ON observations(checked_at);",
    // 2: each citation's last result, for rolling runs (`--budget`): what to check first,
    // and what to report for the citations a run does not reach.
    "CREATE TABLE citations (
        key         TEXT PRIMARY KEY,
        document    TEXT NOT NULL,
        checked_at  TEXT NOT NULL,
        verdict     TEXT NOT NULL,
        suspect     INTEGER NOT NULL DEFAULT 0,
        result      TEXT NOT NULL
    );
    CREATE INDEX citations_by_time ON citations(checked_at);",
    // 3 (issue 12): regressions open until the
    // citation recovers or is accepted, by citation key.
    "CREATE TABLE regressions (
        key    TEXT PRIMARY KEY,
        url    TEXT NOT NULL,
        change TEXT NOT NULL,
        since  TEXT NOT NULL
    );",
];

/// The schema version this citecheck writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Why a state file's schema cannot be used.
#[derive(Debug)]
pub enum SchemaProblem {
    /// Written by a newer citecheck.
    Newer(i64),
    /// SQLite refused.
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for SchemaProblem {
    fn from(e: rusqlite::Error) -> Self {
        SchemaProblem::Sqlite(e)
    }
}

/// The file's schema version (0 for a new file).
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Brings the file up to [`VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<(), SchemaProblem> {
    let current = version(conn)?;
    if current > VERSION {
        return Err(SchemaProblem::Newer(current));
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

//! Run history for scheduled runs (`--state FILE`, SQLite): what changed since the last
//! run, and whether a broken link is confirmed or only suspect.
//!
//! A nightly job re-checks the same URLs again and again. Kept per URL, its history answers
//! what a single run cannot: is this link *newly* broken or was it already, did it recover,
//! and did the source's article text change since it was last verified (content drift — a
//! page that still answers 200 but no longer says what the citation quotes)? It also keeps
//! the run honest about flakiness: a broken link is only *confirmed* once it has failed in
//! N runs on at least D different days (3 and 3 by default, as the Internet Archive's
//! dead-link bot does); until then it is *suspect*. Days are UTC calendar days, so a nightly
//! job's schedule jitter does not matter: failures on Monday, Tuesday and Wednesday are
//! three days.
//!
//! Per URL the file keeps the latest status, a hash of the extracted article text (and the
//! hash it had when last verified), the article itself (compressed, so a `304 Not
//! Modified` can be re-checked without downloading it), and the ETag / Last-Modified
//! validators for the next run's conditional request. Each run also appends one
//! observation per URL (status, hash, verdict, quote results), pruned after
//! [`RETENTION_DAYS`].
//!
//! Concurrency: one writer per state file. [`State::open`] takes SQLite's lock in exclusive
//! mode and holds it until the `State` is dropped, so a second run on the same file fails at
//! once with [`StateError::Busy`] instead of interleaving two runs' histories. Sharded runs
//! use one state file per shard (hosts never move between shards while N stays the same).
//! Within a run, `State` is `Sync`: share it behind an `Arc` across tasks.

mod clock;
mod history;
mod previous;
mod regressions;
pub mod rolling;
mod schema;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use sha1::{Digest, Sha1};
use thiserror::Error;

pub use clock::{Clock, ManualClock, SystemClock};
pub use regressions::Seen;
pub use schema::VERSION as SCHEMA_VERSION;

use crate::fetch::Validators;
use crate::model::{Article, Change, History, LinkStatus, Quote, Verdict};

/// Observations older than this many days are pruned when a state file is opened.
pub const RETENTION_DAYS: i64 = 400;
/// Cap on a stored article after decompression (a damaged file cannot exhaust memory).
const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

/// Why the state file cannot be used.
#[derive(Debug, Error)]
pub enum StateError {
    /// Another run holds the file.
    #[error("{path}: the state file is in use by another citecheck run (one run per state file)")]
    Busy {
        /// The file.
        path: PathBuf,
    },
    /// The file was written by a newer citecheck.
    #[error("{path}: state schema version {found} is newer than this citecheck's ({known}); upgrade citecheck")]
    Newer {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: i64,
        /// The version this citecheck knows.
        known: i64,
    },
    /// SQLite failed (not a database, disk full, …).
    #[error("{path}: {source}")]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// A stored value could not be read back.
    #[error("{path}: stored data for {url} is damaged: {message}")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// The URL whose row is damaged.
        url: String,
        /// What is wrong.
        message: String,
    },
}

/// When a broken link counts as confirmed: after failing in `runs` runs on at least `days`
/// different (UTC) days, with no success in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirmation {
    /// Failed runs needed.
    pub runs: u32,
    /// Different days those failures must fall on.
    pub days: u32,
}

impl Default for Confirmation {
    fn default() -> Self {
        Confirmation { runs: 3, days: 3 }
    }
}

/// What one run observed for a URL: the input of [`State::record`].
#[derive(Debug, Clone, Copy)]
pub struct Observation<'a> {
    /// Link status (`unchecked` observations are not recorded).
    pub status: LinkStatus,
    /// Last HTTP status code.
    pub http_status: Option<u16>,
    /// The extracted article, when a body was read.
    pub article: Option<&'a Article>,
    /// True when a conditional request got `304 Not Modified`: the content is as stored.
    pub not_modified: bool,
    /// The verdict reached for the citation of this URL.
    pub verdict: Verdict,
    /// The quote results.
    pub quotes: &'a [Quote],
    /// ETag / Last-Modified of the response, for the next run.
    pub validators: &'a Validators,
}

/// What the state file knows of a URL from earlier runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    /// The last status observed.
    pub status: LinkStatus,
    /// The last HTTP status code.
    pub http_status: Option<u16>,
    /// When it was last checked.
    pub checked_at: DateTime<Utc>,
    /// Hash of the last article text read.
    pub content_hash: Option<String>,
    /// Hash of the article text when the citation was last verified.
    pub verified_hash: Option<String>,
    /// ETag / Last-Modified of the stored article, for a conditional request.
    pub validators: Validators,
    /// Failed runs in the current streak.
    pub failures: u32,
    /// Different days in the current failure streak.
    pub failed_days: u32,
    /// When the current failure streak began.
    pub first_failed: Option<DateTime<Utc>>,
    /// When it last failed.
    pub last_failed: Option<DateTime<Utc>>,
}

impl Previous {
    /// The validators for a conditional request, if any were seen.
    pub fn conditional(&self) -> Option<Validators> {
        (self.validators.etag.is_some() || self.validators.last_modified.is_some())
            .then(|| self.validators.clone())
    }
}

/// A hash of an article's text that ignores whitespace differences: 40 hex digits (SHA-1;
/// a change detector, not a security boundary).
pub fn content_hash(text: &str) -> String {
    let mut hasher = Sha1::new();
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            hasher.update(b" ");
        }
        hasher.update(word.as_bytes());
    }
    data_encoding::HEXLOWER.encode(&hasher.finalize())
}

struct Inner {
    conn: Connection,
    /// URLs already recorded in this run, with the history computed the first time.
    recorded: HashMap<String, History>,
}

/// An open state file: one run's view of the history.
pub struct State {
    inner: Mutex<Inner>,
    path: PathBuf,
    run: i64,
    now: DateTime<Utc>,
    confirmation: Confirmation,
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A time as the state file keeps it: in whole seconds, so a history read back from the
/// file equals the one handed out when it was written.
fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    chrono::SubsecRound::trunc_subsecs(t, 0)
}

fn parse_time(text: Option<String>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.as_deref()?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn status_from(name: &str) -> LinkStatus {
    LinkStatus::ALL
        .into_iter()
        .find(|s| s.as_str() == name)
        .unwrap_or(LinkStatus::Unchecked)
}

impl State {
    /// Opens (or creates) a state file for a run starting now by `clock`, with the default
    /// [`Confirmation`].
    pub fn open(path: &Path, clock: &dyn Clock) -> Result<State, StateError> {
        State::open_with(path, clock, Confirmation::default())
    }

    /// Opens (or creates) a state file with a confirmation rule.
    pub fn open_with(
        path: &Path,
        clock: &dyn Clock,
        confirmation: Confirmation,
    ) -> Result<State, StateError> {
        let conn = Connection::open(path).map_err(|source| StateError::Sqlite {
            path: path.to_path_buf(),
            source,
        })?;
        State::start(conn, path, clock, confirmation)
    }

    /// A state that lives in memory only (for tests and dry runs).
    pub fn in_memory(clock: &dyn Clock) -> Result<State, StateError> {
        let path = Path::new(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| StateError::Sqlite {
            path: path.to_path_buf(),
            source,
        })?;
        State::start(conn, path, clock, Confirmation::default())
    }

    fn start(
        mut conn: Connection,
        path: &Path,
        clock: &dyn Clock,
        confirmation: Confirmation,
    ) -> Result<State, StateError> {
        let sqlite = |source: rusqlite::Error| {
            if source.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) {
                StateError::Busy {
                    path: path.to_path_buf(),
                }
            } else {
                StateError::Sqlite {
                    path: path.to_path_buf(),
                    source,
                }
            }
        };
        // No waiting: a second run on the same file is a mistake to report, not to queue.
        conn.busy_timeout(std::time::Duration::ZERO)
            .map_err(sqlite)?;
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
            .map_err(sqlite)?;
        // WAL: a commit appends to the log without syncing the database file, 60 times
        // faster per observation than the rollback journal here (examples/report_figures).
        // In exclusive mode no shared memory is used, and closing checkpoints the log back
        // into the file and removes it; after a crash the `-wal` file beside the state file
        // holds the last commits, so keep the two together (cache the directory).
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sqlite)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sqlite)?;
        schema::migrate(&mut conn).map_err(|problem| match problem {
            schema::SchemaProblem::Newer(found) => StateError::Newer {
                path: path.to_path_buf(),
                found,
                known: schema::VERSION,
            },
            schema::SchemaProblem::Sqlite(e) => sqlite(e),
        })?;
        let now = clock.now();
        // This write takes the exclusive lock, held until the connection closes.
        conn.execute(
            "INSERT INTO runs (started_at) VALUES (?1)",
            params![time(now)],
        )
        .map_err(sqlite)?;
        let run = conn.last_insert_rowid();
        let horizon = time(now - chrono::Duration::days(RETENTION_DAYS));
        conn.execute(
            "DELETE FROM observations WHERE checked_at < ?1",
            params![horizon],
        )
        .map_err(sqlite)?;
        conn.execute("DELETE FROM urls WHERE checked_at < ?1", params![horizon])
            .map_err(sqlite)?;
        conn.execute(
            "DELETE FROM citations WHERE checked_at < ?1",
            params![horizon],
        )
        .map_err(sqlite)?;
        Ok(State {
            inner: Mutex::new(Inner {
                conn,
                recorded: HashMap::new(),
            }),
            path: path.to_path_buf(),
            run,
            now,
            confirmation,
        })
    }

    /// The time of this run (the clock's time when the file was opened).
    pub fn run_time(&self) -> DateTime<Utc> {
        self.now
    }

    fn sqlite(&self, source: rusqlite::Error) -> StateError {
        StateError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the connection inconsistent (every
        // write is one statement or one transaction), so a poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// What earlier runs saw of `url`; its [`Previous::conditional`] validators are for a
    /// conditional request.
    pub fn previous(&self, url: &str) -> Result<Option<Previous>, StateError> {
        let inner = self.lock();
        load(&inner.conn, url).map_err(|e| self.sqlite(e))
    }

    /// The article last read from `url`, for re-checking a `304 Not Modified` response.
    pub fn article(&self, url: &str) -> Result<Option<Article>, StateError> {
        let inner = self.lock();
        let blob: Option<Vec<u8>> = inner
            .conn
            .query_row(
                "SELECT article FROM urls WHERE url = ?1",
                params![url],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))?
            .flatten();
        let Some(blob) = blob else {
            return Ok(None);
        };
        let damaged = |message: String| StateError::Damaged {
            path: self.path.clone(),
            url: url.to_string(),
            message,
        };
        let mut json = Vec::new();
        flate2::read::DeflateDecoder::new(blob.as_slice())
            .take(MAX_ARTICLE_BYTES)
            .read_to_end(&mut json)
            .map_err(|e| damaged(e.to_string()))?;
        serde_json::from_slice(&json)
            .map(Some)
            .map_err(|e| damaged(e.to_string()))
    }

    /// Records this run's observation of `url` and returns its history: what changed since
    /// the last run, the failure streak, and whether a failure is confirmed.
    ///
    /// A URL recorded twice in one run (two citations of one source) counts once; the
    /// history of the first call is returned again. `unchecked` observations (dry run,
    /// interrupted) change nothing.
    pub fn record(&self, url: &str, observation: &Observation<'_>) -> Result<History, StateError> {
        let mut inner = self.lock();
        if let Some(history) = inner.recorded.get(url).cloned() {
            self.append(&inner.conn, url, observation, None, &history)?;
            return Ok(history);
        }
        let previous = load(&inner.conn, url).map_err(|e| self.sqlite(e))?;
        // Read before this run's row is added; a history that cannot say it is still a
        // history.
        let last = previous::last_check(&inner.conn, url, self.run)
            .map_err(|e| tracing::warn!("{url}: earlier check not read: {e}"))
            .ok()
            .flatten();
        if observation.status == LinkStatus::Unchecked {
            return Ok(match previous {
                Some(p) => History {
                    previous: last.clone(),
                    regression: None,
                    change: Change::Unchanged,
                    failures: p.failures,
                    first_failed: p.first_failed.map(whole_seconds),
                    confirmed: p.status.is_broken()
                        && history::confirmed(self.confirmation, p.failures, p.failed_days),
                },
                None => History {
                    previous: last,
                    regression: None,
                    change: Change::New,
                    failures: 0,
                    first_failed: None,
                    confirmed: false,
                },
            });
        }
        let mut next = history::next(self.confirmation, self.now, previous.as_ref(), observation);
        next.history.previous = last;
        let article = match (observation.article, observation.not_modified) {
            (Some(article), false) => {
                Some(compress(article).map_err(|message| StateError::Damaged {
                    path: self.path.clone(),
                    url: url.to_string(),
                    message,
                })?)
            }
            _ => None,
        };
        let tx = inner.conn.transaction().map_err(|e| self.sqlite(e))?;
        tx.execute(
            "INSERT INTO urls (url, status, http_status, checked_at, content_hash, verified_hash,
                verified_at, article, etag, last_modified, failures, failed_days, first_failed,
                last_failed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT(url) DO UPDATE SET status = ?2, http_status = ?3, checked_at = ?4,
                content_hash = ?5, verified_hash = ?6, verified_at = COALESCE(?7, verified_at),
                article = COALESCE(?8, article), etag = ?9, last_modified = ?10,
                failures = ?11, failed_days = ?12, first_failed = ?13, last_failed = ?14",
            params![
                url,
                observation.status.as_str(),
                observation.http_status,
                time(self.now),
                next.content_hash,
                next.verified_hash,
                next.verified_now.then(|| time(self.now)),
                article,
                next.validators.etag,
                next.validators.last_modified,
                next.history.failures,
                next.failed_days,
                next.first_failed.map(time),
                next.last_failed.map(time),
            ],
        )
        .map_err(|e| self.sqlite(e))?;
        self.append(
            &tx,
            url,
            observation,
            next.content_hash.as_deref(),
            &next.history,
        )?;
        tx.commit().map_err(|e| self.sqlite(e))?;
        inner.recorded.insert(url.to_string(), next.history.clone());
        Ok(next.history)
    }

    /// Appends the observation row of this run.
    fn append(
        &self,
        conn: &Connection,
        url: &str,
        observation: &Observation<'_>,
        content_hash: Option<&str>,
        history: &History,
    ) -> Result<(), StateError> {
        let quotes: Vec<serde_json::Value> = observation
            .quotes
            .iter()
            .map(|q| {
                serde_json::json!({"text": q.text, "match": q.match_kind, "score": q.score,
                                   "location": q.location, "excerpt": q.excerpt})
            })
            .collect();
        conn.execute(
            "INSERT INTO observations (run, url, checked_at, status, http_status, content_hash,
                verdict, quotes, change)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                self.run,
                url,
                time(self.now),
                observation.status.as_str(),
                observation.http_status,
                content_hash,
                observation.verdict.as_str(),
                serde_json::Value::Array(quotes).to_string(),
                history.change.as_str(),
            ],
        )
        .map(|_| ())
        .map_err(|e| self.sqlite(e))
    }

    /// Ends the run: notes when it finished and whether it was complete, and releases the
    /// file.
    pub fn finish(self, complete: bool) -> Result<(), StateError> {
        let inner = self.lock();
        inner
            .conn
            .execute(
                "UPDATE runs SET finished_at = ?1, complete = ?2 WHERE id = ?3",
                params![time(self.now), complete, self.run],
            )
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }

    /// Observations recorded for `url`, oldest first: (time, status, change).
    pub fn observations(&self, url: &str) -> Result<Vec<(String, String, String)>, StateError> {
        let inner = self.lock();
        let mut statement = inner
            .conn
            .prepare(
                "SELECT checked_at, status, change FROM observations WHERE url = ?1
                 ORDER BY checked_at, id",
            )
            .map_err(|e| self.sqlite(e))?;
        let rows = statement
            .query_map(params![url], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| self.sqlite(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.sqlite(e))
    }
}

fn compress(article: &Article) -> Result<Vec<u8>, String> {
    let json = serde_json::to_vec(article).map_err(|e| e.to_string())?;
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&json).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
}

fn load(conn: &Connection, url: &str) -> rusqlite::Result<Option<Previous>> {
    conn.query_row(
        "SELECT status, http_status, checked_at, content_hash, verified_hash, etag,
                last_modified, failures, failed_days, first_failed, last_failed
         FROM urls WHERE url = ?1",
        params![url],
        |r| {
            let status: String = r.get(0)?;
            Ok(Previous {
                status: status_from(&status),
                http_status: r.get(1)?,
                checked_at: parse_time(r.get(2)?).unwrap_or(DateTime::<Utc>::MIN_UTC),
                content_hash: r.get(3)?,
                verified_hash: r.get(4)?,
                validators: Validators {
                    etag: r.get(5)?,
                    last_modified: r.get(6)?,
                },
                failures: r.get(7)?,
                failed_days: r.get(8)?,
                first_failed: parse_time(r.get(9)?),
                last_failed: parse_time(r.get(10)?),
            })
        },
    )
    .optional()
}

//! Regressions that stay until they are resolved: a citation whose link broke or whose
//! source stopped saying what it claims is listed as open in every scheduled run's summary
//! until it recovers or an editor accepts it (`citecheck accept <KEY>`).
//!
//! A change is news once ("newly broken", "content changed"); the run after it reads
//! "unchanged", so one missed summary would lose the alert. The open regression is what
//! keeps it: one row per citation key, written when the change happens, removed when the
//! citation is healthy again (a working link, and a verified claim for a content change)
//! or accepted.

use rusqlite::{params, OptionalExtension};

use super::{time, State, StateError};
use crate::model::{Change, LinkStatus, OpenRegression, Verdict};

/// What this run saw of a citation, for its regression.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    /// The citation's key (see `model::key`).
    pub key: &'a str,
    /// Its source's URL.
    pub url: &'a str,
    /// What changed since the last run.
    pub change: Change,
    /// The link status now.
    pub status: LinkStatus,
    /// The verdict now.
    pub verdict: Verdict,
}

impl State {
    /// Updates the citation's open regression with this run's observation and returns it
    /// while it stays open. A citation that is healthy again closes it.
    pub fn regression(&self, seen: &Seen<'_>) -> Result<Option<OpenRegression>, StateError> {
        let inner = self.lock();
        let conn = &inner.conn;
        let open: Option<(String, String)> = conn
            .query_row(
                "SELECT change, since FROM regressions WHERE key = ?1",
                params![seen.key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.sqlite(e))?;
        let started = matches!(seen.change, Change::NewlyBroken | Change::ContentChanged);
        let change = match (&open, started) {
            (Some((change, _)), _) => change_named(change),
            (None, true) => seen.change,
            (None, false) => return Ok(None),
        };
        let link_works = !seen.status.is_broken() && seen.status != LinkStatus::Unchecked;
        let healthy =
            link_works && (seen.verdict == Verdict::Verified || change == Change::NewlyBroken);
        if healthy {
            conn.execute("DELETE FROM regressions WHERE key = ?1", params![seen.key])
                .map_err(|e| self.sqlite(e))?;
            return Ok(None);
        }
        let since = match open {
            Some((_, since)) => since,
            None => {
                let since = time(self.now);
                conn.execute(
                    "INSERT INTO regressions (key, url, change, since) VALUES (?1, ?2, ?3, ?4)",
                    params![seen.key, seen.url, change.as_str(), since],
                )
                .map_err(|e| self.sqlite(e))?;
                since
            }
        };
        Ok(Some(OpenRegression { change, since }))
    }

    /// Accepts the open regressions of `keys` (an editor has seen them): they leave the
    /// summaries until the citation regresses again. Returns, per key, whether one was
    /// open.
    pub fn accept(&self, keys: &[String]) -> Result<Vec<bool>, StateError> {
        let inner = self.lock();
        keys.iter()
            .map(|key| {
                inner
                    .conn
                    .execute("DELETE FROM regressions WHERE key = ?1", params![key])
                    .map(|n| n > 0)
                    .map_err(|e| self.sqlite(e))
            })
            .collect()
    }

    /// Open regressions, oldest first: (key, url, change, since).
    pub fn open_regressions(&self) -> Result<Vec<(String, String, String, String)>, StateError> {
        let inner = self.lock();
        let mut statement = inner
            .conn
            .prepare("SELECT key, url, change, since FROM regressions ORDER BY since, key")
            .map_err(|e| self.sqlite(e))?;
        let rows = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .map_err(|e| self.sqlite(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.sqlite(e))
    }
}

/// A stored change name; an unknown one (a newer file) reads as content changed.
fn change_named(name: &str) -> Change {
    serde_json::from_value(serde_json::Value::String(name.to_string()))
        .unwrap_or(Change::ContentChanged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::ManualClock;
    use chrono::{DateTime, Utc};

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .expect("test time")
    }

    fn seen(change: Change, status: LinkStatus, verdict: Verdict) -> Seen<'static> {
        Seen {
            key: "k1",
            url: "http://a.test/x",
            change,
            status,
            verdict,
        }
    }

    #[test]
    fn a_regression_stays_open_until_recovered_or_accepted() {
        let clock = ManualClock::new(at("2024-03-01T02:00:00Z"));
        let state = State::in_memory(&clock).expect("state");
        let broke = seen(
            Change::NewlyBroken,
            LinkStatus::NotFound,
            Verdict::Unverifiable,
        );
        let open = state.regression(&broke).expect("ok").expect("open");
        assert_eq!(open.change, Change::NewlyBroken);
        assert_eq!(open.since, "2024-03-01T02:00:00Z");
        // The next run reads "unchanged": still open, since the first day.
        let still = seen(
            Change::Unchanged,
            LinkStatus::NotFound,
            Verdict::Unverifiable,
        );
        assert_eq!(state.regression(&still).expect("ok"), Some(open.clone()));
        // Recovered: closed.
        let back = seen(Change::Recovered, LinkStatus::Ok, Verdict::Partial);
        assert_eq!(state.regression(&back).expect("ok"), None);
        assert!(state.open_regressions().expect("ok").is_empty());
        // Content drift stays open until the claim verifies again, or is accepted.
        let drift = seen(Change::ContentChanged, LinkStatus::Ok, Verdict::NotFound);
        assert!(state.regression(&drift).expect("ok").is_some());
        let partial = seen(Change::Unchanged, LinkStatus::Ok, Verdict::Partial);
        assert!(state.regression(&partial).expect("ok").is_some());
        assert_eq!(
            state
                .accept(&["k1".to_string(), "nope".to_string()])
                .expect("ok"),
            [true, false]
        );
        assert_eq!(state.regression(&partial).expect("ok"), None);
    }
}

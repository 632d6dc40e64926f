//! Each citation's last result, for rolling runs: what to check first, and what to report
//! for the citations a run does not reach.
//!
//! An archive too large for one night's window is checked a slice at a time (`--budget`,
//! `--max-requests`). Two things make that work, both kept here:
//!
//! * **a stable key per citation** ([`citation_key`]): the same citation of the same
//!   document gets the same key from run to run, also when other parts of the document are
//!   edited (its id and line may change; its document, outlet, date, URL and claim do not);
//! * **its last result** (the whole report entry, as JSON, with when it was obtained and
//!   whether it was a suspect), so a run reports every citation — those it checked, and the
//!   rest *carried* with their date — and so the next run knows what is oldest.
//!
//! [`Tier`] is the order a rolling run checks in: never checked first, then suspects (to
//! confirm or clear them), then results older than `--max-age`, then the rest; oldest
//! result first within each tier.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{parse_time, time, State, StateError};
use crate::model::{Citation, CitationReport};

/// The stable key of a citation of `document` (its path as given): a hash of the document
/// path, the outlet, the date, the URL and the claim with case and spacing normalised; 16
/// hex digits. Edits elsewhere in the document (which move ids and lines) keep it; an edit
/// of the claim itself makes it a new citation.
pub fn citation_key(document: &str, citation: &Citation) -> String {
    // One definition of the key, shared with the report's `key` (see `model::key`).
    let date = citation.date.map(|d| d.to_string());
    crate::model::key::key_of_parts(
        document,
        citation.outlet.as_deref(),
        date.as_deref(),
        citation.url.as_deref(),
        &citation.claim,
    )
}

/// What the state file knows of a citation's last check: enough to order a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastCheck {
    /// When its last result was obtained.
    pub checked_at: DateTime<Utc>,
    /// Whether that result was a broken link not yet confirmed.
    pub suspect: bool,
}

/// How urgently a citation needs checking; lower tiers go first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// No run has a result for it.
    NeverChecked,
    /// Its last result is a broken link not yet confirmed: the next check confirms or
    /// clears it.
    Suspect,
    /// Its last result is older than `--max-age`.
    Stale,
    /// The rest.
    Fresh,
}

impl Tier {
    /// The tier of a citation with `last` as its last check, results from before
    /// `stale_before` counting as stale.
    pub fn of(last: Option<&LastCheck>, stale_before: Option<DateTime<Utc>>) -> Tier {
        match last {
            None => Tier::NeverChecked,
            Some(l) if l.suspect => Tier::Suspect,
            Some(l) if stale_before.is_some_and(|t| l.checked_at < t) => Tier::Stale,
            Some(_) => Tier::Fresh,
        }
    }
}

/// The order of a rolling run, as a sort key: tier, then oldest result first (never
/// checked before anything), then the position given (document order).
pub fn urgency(
    last: Option<&LastCheck>,
    stale_before: Option<DateTime<Utc>>,
    position: usize,
) -> (Tier, DateTime<Utc>, usize) {
    let at = last.map_or(DateTime::<Utc>::MIN_UTC, |l| l.checked_at);
    (Tier::of(last, stale_before), at, position)
}

impl State {
    /// The last check of every citation the file has a result for, by key.
    pub fn last_checks(&self) -> Result<HashMap<String, LastCheck>, StateError> {
        let inner = self.lock();
        let mut statement = inner
            .conn
            .prepare("SELECT key, checked_at, suspect FROM citations")
            .map_err(|e| self.sqlite(e))?;
        let rows = statement
            .query_map([], |r| {
                let key: String = r.get(0)?;
                let checked_at = parse_time(r.get(1)?).unwrap_or(DateTime::<Utc>::MIN_UTC);
                let suspect: bool = r.get(2)?;
                Ok((
                    key,
                    LastCheck {
                        checked_at,
                        suspect,
                    },
                ))
            })
            .map_err(|e| self.sqlite(e))?;
        rows.collect::<Result<HashMap<_, _>, _>>()
            .map_err(|e| self.sqlite(e))
    }

    /// Keeps each `(key, document, report)` as the last result of the citation `key` of
    /// `document`, obtained at the report's `checked_at` (this run's time when it has
    /// none). One transaction for all: a run keeps thousands at once.
    pub fn keep_results<'a>(
        &self,
        results: impl IntoIterator<Item = (&'a str, &'a str, &'a CitationReport)>,
    ) -> Result<(), StateError> {
        let mut inner = self.lock();
        let tx = inner.conn.transaction().map_err(|e| self.sqlite(e))?;
        for (key, document, report) in results {
            let checked_at = report.checked_at.unwrap_or(self.now);
            let result = serde_json::to_string(report).map_err(|e| StateError::Damaged {
                path: self.path.clone(),
                url: key.to_string(),
                message: e.to_string(),
            })?;
            tx.execute(
                "INSERT INTO citations (key, document, checked_at, verdict, suspect, result)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(key) DO UPDATE SET document = ?2, checked_at = ?3, verdict = ?4,
                    suspect = ?5, result = ?6",
                params![
                    key,
                    document,
                    time(checked_at),
                    report.verdict.as_str(),
                    report.suspect,
                    result
                ],
            )
            .map_err(|e| self.sqlite(e))?;
        }
        tx.commit().map_err(|e| self.sqlite(e))
    }

    /// The last result kept for the citation `key`, with its `checked_at` and `suspect` as
    /// kept (`carried` is left for the caller to set).
    pub fn last_result(&self, key: &str) -> Result<Option<CitationReport>, StateError> {
        let inner = self.lock();
        let row: Option<(String, bool)> = inner
            .conn
            .query_row(
                "SELECT result, suspect FROM citations WHERE key = ?1",
                params![key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.sqlite(e))?;
        let Some((json, suspect)) = row else {
            return Ok(None);
        };
        let mut report: CitationReport =
            serde_json::from_str(&json).map_err(|e| StateError::Damaged {
                path: self.path.clone(),
                url: key.to_string(),
                message: e.to_string(),
            })?;
        report.suspect = suspect;
        Ok(Some(report))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn citation(claim: &str, id: &str, line: usize) -> Citation {
        Citation {
            id: id.into(),
            outlet: Some("Ikon".into()),
            date: chrono::NaiveDate::from_ymd_opt(2023, 9, 27),
            accessed: false,
            url: Some("https://ikon.mn/n/1".into()),
            line,
            column: 1,
            claim: claim.into(),
            context: String::new(),
            quotes: Vec::new(),
        }
    }

    #[test]
    fn key_survives_edits_elsewhere_in_the_document() {
        let before = citation("The minister  said so.", "c1", 3);
        let after = citation("the minister said so.", "c7", 40);
        assert_eq!(citation_key("a.md", &before), citation_key("a.md", &after));
        assert_eq!(citation_key("a.md", &before).len(), 16);
        let other_claim = citation("The minister denied it.", "c1", 3);
        assert_ne!(
            citation_key("a.md", &before),
            citation_key("a.md", &other_claim)
        );
        assert_ne!(citation_key("a.md", &before), citation_key("b.md", &before));
    }

    #[test]
    fn order_is_never_checked_then_suspects_then_stale_then_oldest() {
        let day = |d: u32| {
            Utc.with_ymd_and_hms(2026, 3, d, 0, 0, 0)
                .single()
                .expect("valid time")
        };
        let check = |d: u32, suspect: bool| LastCheck {
            checked_at: day(d),
            suspect,
        };
        let stale_before = Some(day(5));
        let (old, newer, suspect) = (check(2, false), check(9, false), check(10, true));
        let mut items = [
            urgency(Some(&newer), stale_before, 0),
            urgency(Some(&suspect), stale_before, 1),
            urgency(None, stale_before, 2),
            urgency(Some(&old), stale_before, 3),
            urgency(Some(&check(8, false)), stale_before, 4),
        ];
        items.sort();
        let order: Vec<usize> = items.iter().map(|i| i.2).collect();
        assert_eq!(order, [2, 1, 3, 4, 0]);
        assert_eq!(Tier::of(Some(&old), None), Tier::Fresh);
    }
}

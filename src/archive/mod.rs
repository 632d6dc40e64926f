//! Archived copies of dead or changed sources (Wayback CDX, Memento TimeGates), and WARC
//! capture and replay of a run.
//!
//! When a cited page is gone, blocked, a soft 404, or no longer says what was quoted, the
//! question becomes what it said when it was cited. [`find_copy`] asks the archives of
//! sources.toml `[archives]` for the copy nearest the cited (or accessed) day — the last
//! one on or before it first, since that is what the author could have read, and only
//! then the first one after — and fetches it. Its [`Lookup`] keeps "no archived copy"
//! apart from "the archive could not be asked". Every request (CDX queries, TimeGates,
//! TimeMaps, the copies) goes through the crawler with [`Purpose::Archive`], so archive
//! hosts get the same per-host queues and rates as any other, and a capture records them.
//!
//! [`warc`] holds the capture (`--record`) and replay (`--replay`) of whole runs.

mod links;
mod memento;
pub mod polite;
pub mod warc;
pub(crate) mod wayback;

use chrono::{DateTime, NaiveDate, Utc};

use crate::fetch::{FetchOutcome, FetchRequest, Fetcher, Purpose};
use crate::model::{LinkStatus, Location, Quote, QuoteMatch};
use crate::sources::Archives;

use polite::{ArchiveGate, Ask};

pub use memento::accept_datetime;

/// An archived copy that was found and fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchivedPage {
    /// Where the copy is.
    pub url: String,
    /// When it was captured.
    pub captured: DateTime<Utc>,
    /// The fetch of the copy.
    pub outcome: FetchOutcome,
}

impl ArchivedPage {
    /// The day it was captured (UTC), for reasons such as "archived 2023-09-28: …".
    pub fn captured_day(&self) -> NaiveDate {
        self.captured.date_naive()
    }
}

/// True when a citation's source deserves an archive look-up: its link is dead or
/// unusable (any broken status: not found, gone, blocked, soft 404, …), or it was read but
/// one of its quotes is no longer in its body.
pub fn worth_looking_up(status: LinkStatus, quotes: &[Quote]) -> bool {
    status.is_broken()
        || (status.is_readable()
            && quotes
                .iter()
                .any(|q| q.match_kind == QuoteMatch::None || q.location == Location::Boilerplate))
}

/// What a look-up of archived copies came to. "No copy" and "could not ask" are kept
/// apart: the first is an answer about the page, the second is not.
#[derive(Debug, Clone)]
pub enum Lookup {
    /// A copy was found and read.
    Found(Box<ArchivedPage>),
    /// Every archive asked answered, and none has a readable copy.
    None,
    /// No readable copy, and at least one archive could not be asked or its copy not read:
    /// why, one clause per archive.
    Failed(String),
    /// No archive of copies is configured: nothing was asked.
    NotAsked,
}

impl Lookup {
    /// The copy, when one was found.
    pub fn page(self) -> Option<ArchivedPage> {
        match self {
            Lookup::Found(page) => Some(*page),
            Lookup::None | Lookup::Failed(_) | Lookup::NotAsked => None,
        }
    }
}

/// A copy chosen from one archive, fetched or not yet.
struct Copy {
    url: String,
    captured: DateTime<Utc>,
    outcome: Option<FetchOutcome>,
}

/// Fetches a copy (unless already fetched) and keeps it when it could be read; `Err` says
/// why not.
async fn read(copy: Copy, fetcher: &Fetcher, gate: &ArchiveGate) -> Result<ArchivedPage, String> {
    let outcome = match copy.outcome {
        Some(outcome) => outcome,
        None => {
            let request = FetchRequest::new(copy.url.clone(), Purpose::Archive);
            gate.fetch(fetcher, request, Ask::Replay)
                .await
                .map_err(|refused| format!("the copy {} was not fetched: {refused}", copy.url))?
        }
    };
    if !(outcome.link.status.is_readable() && outcome.page.is_some()) {
        return Err(format!(
            "the copy {} could not be read: {}",
            copy.url,
            crate::verdict::link_reason(&outcome.link)
        ));
    }
    Ok(ArchivedPage {
        url: copy.url,
        captured: copy.captured,
        outcome,
    })
}

/// Finds the archived copy of `url` nearest `date` (the last before it first, then the
/// first after) and fetches it.
///
/// Order of work, each step only when the previous gave nothing readable: the Wayback
/// CDX's last capture on or before the day; each TimeGate's choice, if on or before the
/// day; then the copies after the day, earliest first (Wayback's asked only now).
pub async fn find_copy(
    url: &str,
    date: Option<NaiveDate>,
    archives: &Archives,
    fetcher: &Fetcher,
) -> Lookup {
    find_copy_within(url, date, archives, fetcher, &ArchiveGate::new(archives)).await
}

/// [`find_copy`] within a run's [`ArchiveGate`]: the archives' rates and pauses shared
/// with every other archive request of the run.
pub async fn find_copy_within(
    url: &str,
    date: Option<NaiveDate>,
    archives: &Archives,
    fetcher: &Fetcher,
    gate: &ArchiveGate,
) -> Lookup {
    if !archives.has_copies() {
        return Lookup::NotAsked;
    }
    let mut failures = Failures::default();
    let end = date
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|t| t.and_utc());
    let on_or_before = |t: DateTime<Utc>| end.is_none_or(|end| t <= end);
    let mut after: Vec<Copy> = Vec::new();

    if let Some(cdx) = &archives.wayback_cdx {
        let prefix = wayback::replay_prefix(cdx);
        let before = wayback::last_on_or_before(cdx, url, date, fetcher, gate).await;
        if let Some(snap) = failures.keep(before).flatten() {
            let copy = Copy {
                url: wayback::raw_copy_url(&prefix, &snap),
                captured: snap.captured,
                outcome: None,
            };
            if let Some(page) = failures.keep(read(copy, fetcher, gate).await) {
                return Lookup::Found(Box::new(page));
            }
        }
    }
    for timegate in &archives.timegates {
        let asked = memento::lookup(timegate, url, date, fetcher, gate).await;
        let Some(found) = failures.keep(asked).flatten() else {
            continue;
        };
        let copy = Copy {
            url: found.memento.uri,
            captured: found.memento.datetime,
            outcome: found.outcome,
        };
        if !on_or_before(copy.captured) {
            after.push(copy);
        } else if let Some(page) = failures.keep(read(copy, fetcher, gate).await) {
            return Lookup::Found(Box::new(page));
        }
    }
    if let (Some(cdx), Some(day)) = (&archives.wayback_cdx, date) {
        let prefix = wayback::replay_prefix(cdx);
        let first = wayback::first_after(cdx, url, day, fetcher, gate).await;
        if let Some(snap) = failures.keep(first).flatten() {
            after.push(Copy {
                url: wayback::raw_copy_url(&prefix, &snap),
                captured: snap.captured,
                outcome: None,
            });
        }
    }
    after.sort_by_key(|c| c.captured);
    for copy in after {
        if let Some(page) = failures.keep(read(copy, fetcher, gate).await) {
            return Lookup::Found(Box::new(page));
        }
    }
    failures.into_lookup()
}

/// Why archives could not be asked during one look-up, in the order met.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    /// The answer, noting why when there is none.
    fn keep<T>(&mut self, result: Result<T, String>) -> Option<T> {
        result
            .map_err(|why| {
                tracing::debug!("archive look-up: {why}");
                if !self.0.contains(&why) {
                    self.0.push(why);
                }
            })
            .ok()
    }

    /// No copy found: "none" when every archive answered, else why not.
    fn into_lookup(self) -> Lookup {
        if self.0.is_empty() {
            Lookup::None
        } else {
            Lookup::Failed(self.0.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dead_links_and_lost_quotes_are_looked_up() {
        let lost = Quote {
            text: "x".into(),
            match_kind: QuoteMatch::None,
            score: 0.0,
            location: Location::None,
            excerpt: None,
            reason: String::new(),
        };
        assert!(worth_looking_up(LinkStatus::NotFound, &[]));
        assert!(worth_looking_up(LinkStatus::Soft404, &[]));
        assert!(worth_looking_up(LinkStatus::Blocked, &[]));
        assert!(worth_looking_up(
            LinkStatus::Ok,
            std::slice::from_ref(&lost)
        ));
        assert!(!worth_looking_up(LinkStatus::Ok, &[]));
        assert!(!worth_looking_up(LinkStatus::Unresolved, &[]));
        let found = Quote {
            match_kind: QuoteMatch::Exact,
            location: Location::Body,
            ..lost
        };
        assert!(!worth_looking_up(LinkStatus::Redirected, &[found]));
    }
}

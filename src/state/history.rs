//! How one observation moves a URL's history forward: the pure rules of `--state`.
//!
//! Kept apart from the storage so the rules read in one place: what counts as newly
//! broken, recovered or drifted content, how a failure streak grows, and when it is
//! confirmed (N failed runs on D different UTC days, nothing in between succeeding).

use chrono::{DateTime, NaiveDate, Utc};

use crate::fetch::Validators;
use crate::model::{Change, History, Verdict};

use super::{content_hash, whole_seconds, Confirmation, Observation, Previous};

/// A URL's state after an observation.
pub(super) struct Next {
    pub(super) history: History,
    pub(super) content_hash: Option<String>,
    pub(super) verified_hash: Option<String>,
    pub(super) verified_now: bool,
    pub(super) validators: Validators,
    pub(super) failed_days: u32,
    pub(super) first_failed: Option<DateTime<Utc>>,
    pub(super) last_failed: Option<DateTime<Utc>>,
}

/// Whether a failure streak is confirmed under `rule`.
pub(super) fn confirmed(rule: Confirmation, failures: u32, days: u32) -> bool {
    failures > 0 && failures >= rule.runs && days >= rule.days
}

/// The URL's next state from its previous one and this run's observation (at `now`).
pub(super) fn next(
    rule: Confirmation,
    now: DateTime<Utc>,
    previous: Option<&Previous>,
    observation: &Observation<'_>,
) -> Next {
    let broken = observation.status.is_broken();
    let hash = match (observation.not_modified, observation.article) {
        (true, _) => previous.and_then(|p| p.content_hash.clone()),
        (false, Some(article)) => Some(content_hash(&article.text)),
        (false, None) => None,
    };
    let change = match previous {
        None => Change::New,
        Some(p) if p.status.is_broken() && !broken => Change::Recovered,
        Some(p) if !p.status.is_broken() && broken => Change::NewlyBroken,
        // Drift: the text differs from the last one read, and the source had been
        // verified before (changes of never-verified pages are not drift of a claim).
        Some(p)
            if !broken
                && p.verified_hash.is_some()
                && hash.is_some()
                && p.content_hash.is_some()
                && hash != p.content_hash =>
        {
            Change::ContentChanged
        }
        Some(_) => Change::Unchanged,
    };
    let today: NaiveDate = now.date_naive();
    let streak = previous.filter(|p| p.status.is_broken() && p.failures > 0);
    let (failures, failed_days, first_failed, last_failed) = if broken {
        match streak {
            Some(p) => {
                let new_day = p.last_failed.map(|t| t.date_naive()) != Some(today);
                (
                    p.failures + 1,
                    p.failed_days + u32::from(new_day),
                    p.first_failed.or(Some(now)),
                    Some(now),
                )
            }
            None => (1, 1, Some(now), Some(now)),
        }
    } else {
        (0, 0, None, None)
    };
    let verified_now = observation.verdict == Verdict::Verified && hash.is_some();
    let verified_hash = if verified_now {
        hash.clone()
    } else {
        previous.and_then(|p| p.verified_hash.clone())
    };
    let fresh = observation.validators;
    let fresh_given = fresh.etag.is_some() || fresh.last_modified.is_some();
    let validators = if !broken && observation.article.is_some() && !observation.not_modified {
        // A new article is stored: its validators replace the old ones, even if absent.
        fresh.clone()
    } else if !broken && observation.not_modified && fresh_given {
        // A 304 may carry updated validators for the same content.
        fresh.clone()
    } else {
        // Broken or nothing read: the stored article and its validators stay as they were.
        previous.map(|p| p.validators.clone()).unwrap_or_default()
    };
    Next {
        history: History {
            previous: None,
            regression: None,
            change,
            failures,
            first_failed: first_failed.map(whole_seconds),
            confirmed: broken && confirmed(rule, failures, failed_days),
        },
        content_hash: hash.or_else(|| previous.and_then(|p| p.content_hash.clone())),
        verified_hash,
        verified_now,
        validators,
        failed_days,
        first_failed,
        last_failed,
    }
}

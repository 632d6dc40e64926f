//! Evidence → verdict and severity, by DESIGN.md's rules.
//!
//! Matching reports what it found; this module alone decides what that means, so the rules
//! can be read in one place and tested as a table. The verdict is never stronger than its
//! evidence:
//!
//! - `verified`: every quote found in the article body (exactly, after normalization, or
//!   fuzzily with a score ≥ [`quote_verifies`]) and every number and name of the claim
//!   found; or, with no quote, at least [`facts_to_verify`] facts, all found. A cited date
//!   that disagrees with the published date (beyond [`date_tolerance_days`]) keeps a
//!   citation from being verified.
//! - `partial`: some of that evidence, not all; a close but not close-enough quote; a
//!   single fact found with no quote (too little to verify); a translated quote (checked
//!   through the claim's facts only, so at most partial) with facts found.
//! - `not_found`: the source was read, the claim had evidence to look for, and none of it
//!   is there (a quote only in the page's boilerplate does not count).
//! - `unverifiable`: the source could not be read — a dead, blocked or unresolved link, or
//!   a page with no article text — unless an archived copy was checked, whose verdict is
//!   then the citation's.
//! - `unchecked`: nothing was checked (a dry run), or the claim has nothing to check: no
//!   quote, number or name (or only a translated quote and no facts). Reporting such a
//!   claim `not_found` would be a false alarm; `verified` would claim what nobody checked.
//!
//! Severity is the worse of the link's (DESIGN.md "Severity") and the verdict's, except
//! that a dead link whose archived copy verifies the claim, and a broken link not yet
//! confirmed across scheduled runs ("suspect"), are warnings. A failure that cannot be
//! flaky ([`is_permanent`]) is never softened by history: a later run would say the same.
//!
//! Reasons are sentences for people; the status names stay in their own fields. The words
//! for a link's status come from one table, [`link_reason`].
//!
//! The pipeline calls [`decide`] once per citation, with how the source was read
//! ([`SourceRead`]) and its history; the [`Decision`] carries everything the report shows
//! of it (verdict, severity, reasons, the quotes and facts to show, whether it is
//! suspect), so no format decides anything again. [`verdict_of`] is the verdict alone, for
//! what needs it before the history exists (the history records it) or without one (an
//! archived copy).
//!
//! [`quote_verifies`]: crate::thresholds::Thresholds::quote_verifies
//! [`facts_to_verify`]: crate::thresholds::Thresholds::facts_to_verify
//! [`date_tolerance_days`]: crate::thresholds::Thresholds::date_tolerance_days

mod evidence;
mod link_reason;

pub use link_reason::{link_detail, link_reason};

use crate::matching::Check;
use crate::model::{
    ArchiveLookup, ArchivedCopy, Evidence, History, Link, LinkStatus, Quote, Severity, Verdict,
};

/// How the cited source was read: what the verdict can rest on.
#[derive(Debug, Clone, Copy)]
pub enum SourceRead<'a> {
    /// Not requested: no URL was found, or the run was interrupted first. The link says
    /// why.
    NotRequested,
    /// Not requested on purpose: an ignore-list entry of sources.toml covers it.
    Ignored,
    /// A dry run: nothing was fetched or searched.
    DryRun,
    /// Requested live, with the check of its article text when one was read.
    Live(Option<&'a Check>),
    /// Requested live, no article text read; the claim was checked against an archived
    /// copy instead.
    Archived {
        /// The archived copy, with the verdict on it ([`verdict_of`]).
        copy: &'a ArchivedCopy,
        /// The claim checked against the copy.
        check: &'a Check,
    },
}

/// Everything a citation's decision rests on.
#[derive(Debug, Clone, Copy)]
pub struct VerdictInput<'a> {
    /// The claim's quotes as written, for those no check reached.
    pub claim_quotes: &'a [String],
    /// Link health of the checked URL (for a citation never requested, why not).
    pub link: &'a Link,
    /// How the source was read.
    pub read: SourceRead<'a>,
    /// History across scheduled runs.
    pub history: Option<&'a History>,
}

/// Everything decided about a citation: what the report shows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Does the source say it?
    pub verdict: Verdict,
    /// How urgent.
    pub severity: Severity,
    /// Why, in words.
    pub reasons: Vec<String>,
    /// Each quote and how it fared: the check's (the archived copy's when the live page
    /// had no text to check), or marked unchecked with why.
    pub quotes: Vec<Quote>,
    /// The facts checked, from the same check as the quotes.
    pub evidence: Evidence,
    /// A broken link that history has not confirmed yet and that could still pass.
    pub suspect: bool,
}

/// The severity a link status carries on its own (DESIGN.md "Severity").
pub fn link_severity(status: LinkStatus) -> Severity {
    use LinkStatus::*;
    match status {
        Ok | Unchecked => Severity::Ok,
        NotFound | Gone | Soft404 | DnsError | ClientError | RedirectLoop | InvalidUrl => {
            Severity::Error
        }
        Redirected | Blocked | RateLimited | Timeout | ServerError | NetworkError | TlsError
        | RobotsDisallowed | TooLarge | Unresolved | NotCaptured => Severity::Warning,
    }
}

/// True for a link failure that cannot be flaky, so that scheduled runs need not confirm
/// it before it counts ("suspect" is for what might pass on the next run).
///
/// Only `invalid_url` qualifies: it is decided from the URL itself (not http(s), not a
/// URL, a redirect to such a URL, or an address `--deny-private` refuses), before or
/// without any answer from the site, so every run reaches the same result. Every other
/// failure is something a site or the network said this time — even a 410 or a DNS
/// failure can be a deploy or a resolver having a bad night — and keeps its grace period.
pub fn is_permanent(status: LinkStatus) -> bool {
    status == LinkStatus::InvalidUrl
}

/// The severity a verdict carries on its own.
pub fn verdict_severity(verdict: Verdict) -> Severity {
    match verdict {
        Verdict::Verified => Severity::Ok,
        Verdict::NotFound => Severity::Error,
        Verdict::Partial | Verdict::Unverifiable | Verdict::Unchecked => Severity::Warning,
    }
}

/// Decides a citation: its verdict, severity, reasons, what to show, and whether it is
/// suspect. Called once per citation.
pub fn decide(input: &VerdictInput<'_>) -> Decision {
    let status = input.link.status;
    let mut reasons = Vec::new();
    let verdict = weigh(input, &mut reasons);
    let (quotes, evidence) = shown(input);
    let severity = match input.read {
        // Nothing was read: the verdict says so, whatever the link could say.
        SourceRead::DryRun => link_severity(status).max(Severity::Warning),
        // The ignore list says this citation needs no attention.
        SourceRead::Ignored => Severity::Ok,
        _ => {
            let link = link_severity(status).min(softened(input, &mut reasons));
            let content = if read_misrepresents(input) {
                Severity::Error
            } else {
                verdict_severity(verdict)
            };
            link.max(content)
        }
    };
    Decision {
        verdict,
        severity,
        reasons,
        quotes,
        evidence,
        suspect: is_suspect(input.link, input.history),
    }
}

/// True when the check the verdict rests on shows a misquote or a contradicted figure (see
/// `evidence::misrepresents`); only a page that was read, with article text, can.
fn read_misrepresents(input: &VerdictInput<'_>) -> bool {
    let check = match input.read {
        SourceRead::Live(Some(check)) if input.link.status.is_readable() => check,
        SourceRead::Archived { check, .. } if input.link.status.is_broken() => check,
        _ => return false,
    };
    check.evidence.body_chars != Some(0) && evidence::misrepresents(&check.quotes, &check.evidence)
}

/// The verdict alone (the first part of [`decide`]): what the history records, and what an
/// archived copy's check comes to.
pub fn verdict_of(input: &VerdictInput<'_>) -> Verdict {
    weigh(input, &mut Vec::new())
}

/// True for a broken link that history has not confirmed yet, and that could still turn
/// out to be a passing failure (see [`is_permanent`]).
pub fn is_suspect(link: &Link, history: Option<&History>) -> bool {
    link.status.is_broken() && !is_permanent(link.status) && history.is_some_and(|h| !h.confirmed)
}

/// The verdict and the reasons about the source.
fn weigh(input: &VerdictInput<'_>, reasons: &mut Vec<String>) -> Verdict {
    let status = input.link.status;
    match input.read {
        SourceRead::DryRun | SourceRead::Ignored => {
            // The link's own note ("dry run: not fetched", the ignore entry's) says why.
            reasons.extend(input.link.error());
            Verdict::Unchecked
        }
        SourceRead::Live(Some(check)) if status.is_readable() => {
            if check.evidence.body_chars == Some(0) {
                reasons.push("the page has no article text".to_string());
                Verdict::Unverifiable
            } else {
                evidence::weigh(&check.quotes, &check.evidence, reasons)
            }
        }
        SourceRead::Archived { copy, .. } if status.is_broken() => {
            reasons.push(archived_reason(input.link, copy));
            copy.verdict
        }
        _ => unread(input.link, reasons),
    }
}

/// The quotes and facts a report shows: from the check the verdict rests on, else each
/// quote marked unchecked with why.
fn shown(input: &VerdictInput<'_>) -> (Vec<Quote>, Evidence) {
    match input.read {
        SourceRead::Live(Some(check)) | SourceRead::Archived { check, .. } => {
            (check.quotes.clone(), check.evidence.clone())
        }
        _ => (
            unchecked_quotes(input.claim_quotes, input.link),
            Evidence::default(),
        ),
    }
}

/// The claim's quotes, each marked unchecked with why: the source was not read, or read
/// without a check.
pub fn unchecked_quotes(claim_quotes: &[String], link: &Link) -> Vec<Quote> {
    let status = link.status;
    let reason = if status.is_readable() || status == LinkStatus::Unchecked {
        "not checked: content not checked"
    } else {
        "not checked: the source could not be read"
    };
    claim_quotes
        .iter()
        .map(|q| Quote::unchecked(q, reason))
        .collect()
}

/// The most a broken link's severity may be, given its history and archived copy (with
/// the reasons history adds); `Error` when nothing softens it.
fn softened(input: &VerdictInput<'_>, reasons: &mut Vec<String>) -> Severity {
    let status = input.link.status;
    if !status.is_broken() {
        return Severity::Error;
    }
    let mut cap = Severity::Error;
    match input.history {
        Some(history) if !history.confirmed && !is_permanent(status) => {
            cap = Severity::Warning;
            reasons.push(suspect_reason(history));
        }
        Some(history) => reasons.extend(broken_since(history)),
        None => {}
    }
    if let SourceRead::Archived { copy, .. } = input.read {
        if copy.verdict == Verdict::Verified {
            cap = Severity::Warning;
        }
    }
    cap
}

/// "the page is gone (HTTP 404); the archived copy of 2024-02-28 verifies the claim".
fn archived_reason(link: &Link, copy: &ArchivedCopy) -> String {
    let what = match copy.verdict {
        Verdict::Verified => "verifies the claim",
        Verdict::Partial => "supports part of the claim",
        Verdict::NotFound => "does not have the claim's evidence",
        Verdict::Unverifiable => "could not be read either",
        Verdict::Unchecked => "was not checked",
    };
    match copy.captured {
        Some(captured) => format!(
            "{}; the archived copy of {} {what}",
            link_reason(link),
            captured.date_naive()
        ),
        None => format!("{}; the archived copy {what}", link_reason(link)),
    }
}

/// Why a look-up gave no copy, for the reasons: "no archive has a copy of the page", or
/// "the archive could not be asked (…)" — which says nothing of whether a copy exists.
/// `None` when a copy was found (its verdict speaks for it).
pub fn archive_lookup_reason(copy: &ArchivedCopy) -> Option<String> {
    match copy.lookup {
        ArchiveLookup::Found => None,
        ArchiveLookup::None => Some("no archive has a copy of the page".to_string()),
        ArchiveLookup::Failed => Some(match &copy.error {
            Some(why) => format!(
                "the archive could not be asked, so whether a copy exists is not known: {why}"
            ),
            None => {
                "the archive could not be asked, so whether a copy exists is not known".to_string()
            }
        }),
    }
}

/// The verdict when the source was not read, or read without a check.
fn unread(link: &Link, reasons: &mut Vec<String>) -> Verdict {
    let status = link.status;
    if status.is_readable() {
        reasons.push("content not checked".to_string());
        Verdict::Unchecked
    } else if status == LinkStatus::Unchecked {
        // Never requested: the link's own note (an interrupted run) is the reason.
        reasons.push(
            link.error()
                .unwrap_or_else(|| "content not checked".to_string()),
        );
        Verdict::Unchecked
    } else {
        reasons.push(link_reason(link));
        Verdict::Unverifiable
    }
}

/// "suspect: failed 2 runs in a row, not yet confirmed".
fn suspect_reason(history: &History) -> String {
    match history.failures {
        0 | 1 => "suspect: failed for the first time, not yet confirmed".to_string(),
        n => format!("suspect: failed {n} runs in a row, not yet confirmed"),
    }
}

/// "broken since 2024-02-03 (3 runs in a row)", for a failure history confirms.
fn broken_since(history: &History) -> Option<String> {
    let runs = match history.failures {
        0 | 1 => return None,
        n => format!("{n} runs in a row"),
    };
    Some(match &history.first_failed {
        Some(first) => format!("broken since {} ({runs})", first.date_naive()),
        None => format!("broken for {runs}"),
    })
}

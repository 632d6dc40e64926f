//! Evidence → verdict and severity, by DESIGN.md's rules.
//!
//! STUB: the rules table is being written; this placeholder only distinguishes read from
//! unread sources.

use crate::model::{ArchivedCopy, Evidence, History, Link, LinkStatus, Quote, Severity, Verdict};

/// Everything a verdict rests on.
#[derive(Debug, Clone, Copy)]
pub struct VerdictInput<'a> {
    /// Link health of the checked URL.
    pub link: &'a Link,
    /// Whether content was checked at all (false on a dry run or when nothing was read).
    pub content_checked: bool,
    /// Quote results.
    pub quotes: &'a [Quote],
    /// Facts found or missing.
    pub evidence: &'a Evidence,
    /// The claim checked against an archived copy, when the live source failed.
    pub archive: Option<&'a ArchivedCopy>,
    /// History across scheduled runs.
    pub history: Option<&'a History>,
}

/// The verdict, its severity and the reasons a reader sees.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Does the source say it?
    pub verdict: Verdict,
    /// How urgent.
    pub severity: Severity,
    /// Why, in words.
    pub reasons: Vec<String>,
}

/// The severity a link status carries on its own (DESIGN.md "Severity").
pub fn link_severity(status: LinkStatus) -> Severity {
    use LinkStatus::*;
    match status {
        Ok => Severity::Ok,
        NotFound | Gone | Soft404 | DnsError | ClientError | RedirectLoop | InvalidUrl => {
            Severity::Error
        }
        _ => Severity::Warning,
    }
}

/// Decides a citation's verdict.
pub fn decide(input: &VerdictInput<'_>) -> Decision {
    let verdict = if !input.content_checked {
        if input.link.status.is_readable() {
            Verdict::Unchecked
        } else {
            Verdict::Unverifiable
        }
    } else if input
        .quotes
        .iter()
        .all(|q| q.match_kind != crate::model::QuoteMatch::None)
    {
        Verdict::Verified
    } else {
        Verdict::NotFound
    };
    let verdict_severity = match verdict {
        Verdict::Verified => Severity::Ok,
        Verdict::NotFound => Severity::Error,
        _ => Severity::Warning,
    };
    Decision {
        verdict,
        severity: link_severity(input.link.status).max(verdict_severity),
        reasons: Vec::new(),
    }
}

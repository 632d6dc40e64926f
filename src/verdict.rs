//! Evidence → verdict and severity, by DESIGN.md's rules.
//!
//! Matching reports what it found; this module alone decides what that means, so the rules
//! can be read in one place and tested as a table. The verdict is never stronger than its
//! evidence:
//!
//! - `verified`: every quote found in the article body (exactly, after normalization, or
//!   fuzzily with a score ≥ [`Thresholds::quote_verifies`]) and every number and name of
//!   the claim found; or, with no quote, at least [`Thresholds::facts_to_verify`] facts,
//!   all found. A cited date that disagrees with the published date (beyond
//!   [`Thresholds::date_tolerance_days`]) keeps a citation from being verified.
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

mod link_reason;

pub use link_reason::{link_detail, link_reason};

use crate::model::{
    ArchivedCopy, Evidence, Fact, History, Link, LinkStatus, Location, Quote, QuoteMatch, Severity,
    Verdict,
};

/// Every threshold of matching and verdicts, in one place so they can be reviewed and
/// tested together. No threshold is keyed to a site or a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// A fuzzy quote match verifies at or above this score (DESIGN.md: 0.9).
    pub quote_verifies: f64,
    /// Below this score a fuzzy match is reported as not found; between it and
    /// `quote_verifies` it is partial evidence.
    pub quote_fuzzy_floor: f64,
    /// Facts (numbers and names) needed to verify a claim without a quote.
    pub facts_to_verify: usize,
    /// Cited and published dates may differ by this many days (time zones).
    pub date_tolerance_days: i64,
    /// "over N" accepts source values up to N × this.
    pub hedge_over: f64,
    /// "nearly N" accepts source values down to N × this.
    pub hedge_under: f64,
    /// "about N" accepts source values within N × (1 ± this).
    pub hedge_about: f64,
    /// Names allow one edit per this many letters of their skeleton …
    pub name_letters_per_edit: usize,
    /// … and never more than this many.
    pub name_max_edits: usize,
    /// A quote in another script than its source is a translation when under this share
    /// of the source's letters are in the quote's script.
    pub translation_script_share: f64,
}

/// The thresholds in force.
pub const THRESHOLDS: Thresholds = Thresholds {
    quote_verifies: 0.9,
    quote_fuzzy_floor: 0.7,
    facts_to_verify: 2,
    date_tolerance_days: 1,
    hedge_over: 1.3,
    hedge_under: 0.8,
    hedge_about: 0.1,
    name_letters_per_edit: 5,
    name_max_edits: 2,
    translation_script_share: 0.05,
};

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

/// Decides a citation's verdict, severity and reasons.
pub fn decide(input: &VerdictInput<'_>) -> Decision {
    let status = input.link.status;
    let mut reasons = Vec::new();
    let verdict = if !status.is_readable() || !input.content_checked {
        unread(input, &mut reasons)
    } else if input.evidence.body_chars == Some(0) {
        reasons.push("the page has no article text".to_string());
        Verdict::Unverifiable
    } else {
        judge(input.quotes, input.evidence, &mut reasons)
    };
    let mut link = link_severity(status);
    if status.is_broken() {
        match input.history {
            Some(history) if !history.confirmed && !is_permanent(status) => {
                link = link.min(Severity::Warning);
                reasons.push(suspect_reason(history));
            }
            Some(history) => reasons.extend(broken_since(history)),
            None => {}
        }
        if input
            .archive
            .is_some_and(|a| a.verdict == Verdict::Verified)
        {
            link = link.min(Severity::Warning);
        }
    }
    Decision {
        verdict,
        severity: link.max(verdict_severity(verdict)),
        reasons,
    }
}

/// The verdict when the live source was not read (or not checked).
fn unread(input: &VerdictInput<'_>, reasons: &mut Vec<String>) -> Verdict {
    let status = input.link.status;
    if let Some(archive) = input.archive.filter(|_| status.is_broken()) {
        let what = match archive.verdict {
            Verdict::Verified => "verifies the claim",
            Verdict::Partial => "supports part of the claim",
            Verdict::NotFound => "does not have the claim's evidence",
            Verdict::Unverifiable => "could not be read either",
            Verdict::Unchecked => "was not checked",
        };
        reasons.push(format!(
            "{}; the archived copy of {} {what}",
            link_reason(input.link),
            day(&archive.captured)
        ));
        return archive.verdict;
    }
    if status.is_readable() {
        reasons.push("content not checked".to_string());
        Verdict::Unchecked
    } else if status == LinkStatus::Unchecked {
        // Never requested: the link's own note (an interrupted run, an ignore entry) is the
        // reason, and the pipeline shows it with the citation; without one, say so here.
        if input.link.error.is_none() {
            reasons.push("content not checked".to_string());
        }
        Verdict::Unchecked
    } else {
        reasons.push(link_reason(input.link));
        Verdict::Unverifiable
    }
}

/// The date part of an RFC 3339 time ("2024-02-28T09:30:00Z" → "2024-02-28").
fn day(time: &str) -> &str {
    time.get(..10).unwrap_or(time)
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
        Some(first) => format!("broken since {} ({runs})", day(first)),
        None => format!("broken for {runs}"),
    })
}

/// How one quote counts as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteEvidence {
    /// Found in the body, well enough to verify.
    Verifies,
    /// A close match in the body, not close enough.
    Supports,
    /// Not found, or only in the boilerplate.
    Missing,
    /// Not checked word for word (a translation, or no words).
    Unchecked,
}

fn classify(quote: &Quote) -> QuoteEvidence {
    if quote.match_kind == QuoteMatch::Unchecked {
        return QuoteEvidence::Unchecked;
    }
    if quote.location != Location::Body {
        return QuoteEvidence::Missing;
    }
    match quote.match_kind {
        QuoteMatch::Exact | QuoteMatch::Normalized => QuoteEvidence::Verifies,
        QuoteMatch::Fuzzy if quote.score >= THRESHOLDS.quote_verifies => QuoteEvidence::Verifies,
        QuoteMatch::Fuzzy if quote.score >= THRESHOLDS.quote_fuzzy_floor => QuoteEvidence::Supports,
        _ => QuoteEvidence::Missing,
    }
}

/// The verdict on a source that was read and has article text.
fn judge(quotes: &[Quote], evidence: &Evidence, reasons: &mut Vec<String>) -> Verdict {
    let classes: Vec<QuoteEvidence> = quotes.iter().map(classify).collect();
    let checked = classes
        .iter()
        .filter(|c| **c != QuoteEvidence::Unchecked)
        .count();
    let translated = classes.len() - checked;
    let verifying = classes
        .iter()
        .filter(|c| **c == QuoteEvidence::Verifies)
        .count();
    let supporting = classes
        .iter()
        .filter(|c| **c == QuoteEvidence::Supports)
        .count();
    for (i, quote) in quotes.iter().enumerate() {
        // Matching words its reasons to follow "quote" ("found verbatim in …").
        reasons.push(match (quotes.len(), quote.reason.trim()) {
            (1, "") => "quote checked".to_string(),
            (1, why) => format!("quote {why}"),
            (n, "") => format!("quote {} of {n} checked", i + 1),
            (n, why) => format!("quote {} of {n} {why}", i + 1),
        });
    }
    let facts: Vec<&Fact> = evidence.numbers.iter().chain(&evidence.names).collect();
    let found = facts.iter().filter(|f| f.found).count();
    reasons.extend(fact_reason("number", "numbers", &evidence.numbers));
    reasons.extend(fact_reason("name", "names", &evidence.names));
    reasons.extend(evidence.notes.iter().cloned());
    let date_disagrees = evidence.date.matches == Some(false);
    if let (true, Some(cited), Some(published)) =
        (date_disagrees, evidence.date.cited, evidence.date.published)
    {
        reasons.push(format!(
            "cited date {cited} but the source was published {published}"
        ));
    }
    let all_facts = found == facts.len();
    let verdict = if checked > 0 {
        if verifying == checked && translated == 0 && all_facts {
            Verdict::Verified
        } else if verifying + supporting > 0 || found > 0 {
            Verdict::Partial
        } else {
            Verdict::NotFound
        }
    } else if facts.is_empty() {
        reasons.push(if translated > 0 {
            "the quote could not be compared word for word and the claim has no number or name \
             to check it by"
                .to_string()
        } else {
            "the claim has no quote, number or name to check against the source".to_string()
        });
        Verdict::Unchecked
    } else if found == 0 {
        Verdict::NotFound
    } else if translated > 0 {
        reasons.push("a translated quote verifies at most partially".to_string());
        Verdict::Partial
    } else if all_facts && found >= THRESHOLDS.facts_to_verify {
        Verdict::Verified
    } else {
        if all_facts {
            reasons.push(format!(
                "with no quote, {} facts are needed to verify a claim; it has {found}",
                THRESHOLDS.facts_to_verify
            ));
        }
        Verdict::Partial
    };
    if verdict == Verdict::Verified && date_disagrees {
        return Verdict::Partial;
    }
    verdict
}

/// "both numbers found", "2 of 3 numbers found; '$5.4 billion' not in the source".
fn fact_reason(one: &str, many: &str, facts: &[Fact]) -> Option<String> {
    let total = facts.len();
    let found = facts.iter().filter(|f| f.found).count();
    let missing: Vec<String> = facts
        .iter()
        .filter(|f| !f.found)
        .map(|f| format!("'{}'", f.text))
        .collect();
    let missing = missing.join(", ");
    Some(match (total, found) {
        (0, _) => return None,
        (1, 1) => format!("the {one} '{}' found", facts[0].text),
        (1, _) => format!("the {one} {missing} is not in the source"),
        (2, 2) => format!("both {many} found"),
        (2, 0) => format!("neither {one} is in the source ({missing})"),
        (n, f) if f == n => format!("all {n} {many} found"),
        (n, 0) => format!("none of the {n} {many} is in the source ({missing})"),
        (n, f) => format!("{f} of {n} {many} found; {missing} not in the source"),
    })
}

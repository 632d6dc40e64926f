//! The plain data passed between the pipeline's stages.
//!
//! Every stage of citecheck (parse → resolve → fetch → extract → match → verdict → report)
//! takes and returns the types defined here and nothing else, so each stage can be tested on
//! its own and the report is a direct serialization of these values. The serde names of the
//! report types are a fixed interface (schema `citecheck/report-v1`, see DESIGN.md): fields
//! may be added, never renamed.

mod cause;
mod coverage;
pub mod key;
pub mod time;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use cause::{ConnectionLoss, FailureCause};
pub use coverage::Coverage;

/// One citation as found in a document, before anything is fetched.
///
/// Produced by [`crate::document`]; the outlet is kept exactly as written so the report
/// can show the reader what the article said, and the source key is looked up later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Citation {
    /// Stable id within its document: `c1`, `c2`, … in document order.
    pub id: String,
    /// The outlet as written in the document ("Ikon", "The Diplomat"), if any.
    pub outlet: Option<String>,
    /// The cited date (publication date, or the access date when `accessed`).
    pub date: Option<NaiveDate>,
    /// True for "accessed Month Day" citations: the date is when the page was read.
    pub accessed: bool,
    /// The explicit URL of the source, when the document links it.
    pub url: Option<String>,
    /// 1-based line of the citation in the document.
    pub line: usize,
    /// 1-based column (in characters) of the citation in the document.
    pub column: usize,
    /// The sentence that the citation closes.
    pub claim: String,
    /// Uncited sentences before the claim, back to the previous citation or paragraph start.
    pub context: String,
    /// Quoted spans inside the claim, without their quotation marks.
    pub quotes: Vec<String>,
}

/// A parsed document: its citations plus what was learned about the document itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedDocument {
    /// The document's publication date, from `--published` or its own metadata.
    pub published: Option<NaiveDate>,
    /// What the reader should know about how the document was read (see
    /// [`DocumentReport::warnings`]).
    pub warnings: Vec<String>,
    /// Citations in document order.
    pub citations: Vec<Citation>,
}

/// What was observed when the cited URL was checked (DESIGN.md "Link status classes").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// 2xx, the page was read.
    Ok,
    /// A permanent redirect: the citation should be updated to `final_url`.
    Redirected,
    /// 404.
    NotFound,
    /// 410.
    Gone,
    /// Any other 4xx that is not a block or a rate limit.
    ClientError,
    /// 5xx after retries.
    ServerError,
    /// Connect or whole-request deadline exceeded.
    Timeout,
    /// The host name could not be resolved.
    DnsError,
    /// Refused, reset, closed early.
    NetworkError,
    /// TLS handshake or certificate failure.
    TlsError,
    /// A redirect loop or a chain over the cap.
    RedirectLoop,
    /// robots.txt forbids the page: it was not fetched.
    RobotsDisallowed,
    /// 401/403/451, bot walls and challenge pages.
    Blocked,
    /// 429 after retries.
    RateLimited,
    /// A "not found" page served as 200, or an article redirected to the site root.
    // serde's snake_case would spell it "soft404"; DESIGN.md and `as_str` say "soft_404".
    #[serde(rename = "soft_404")]
    Soft404,
    /// Body (after decompression) over the cap.
    TooLarge,
    /// Not an http(s) URL, or not a URL at all.
    InvalidUrl,
    /// No URL could be found for the citation.
    Unresolved,
    /// A replayed run's capture has no record of the URL (nothing was fetched).
    NotCaptured,
    /// Not requested: a dry run, or a run interrupted before this URL's turn.
    Unchecked,
}

impl LinkStatus {
    /// Every status, in declaration order (for summaries and schema tests).
    pub const ALL: [LinkStatus; 20] = [
        LinkStatus::Ok,
        LinkStatus::Redirected,
        LinkStatus::NotFound,
        LinkStatus::Gone,
        LinkStatus::ClientError,
        LinkStatus::ServerError,
        LinkStatus::Timeout,
        LinkStatus::DnsError,
        LinkStatus::NetworkError,
        LinkStatus::TlsError,
        LinkStatus::RedirectLoop,
        LinkStatus::RobotsDisallowed,
        LinkStatus::Blocked,
        LinkStatus::RateLimited,
        LinkStatus::Soft404,
        LinkStatus::TooLarge,
        LinkStatus::InvalidUrl,
        LinkStatus::Unresolved,
        LinkStatus::NotCaptured,
        LinkStatus::Unchecked,
    ];

    /// The snake_case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Ok => "ok",
            LinkStatus::Redirected => "redirected",
            LinkStatus::NotFound => "not_found",
            LinkStatus::Gone => "gone",
            LinkStatus::ClientError => "client_error",
            LinkStatus::ServerError => "server_error",
            LinkStatus::Timeout => "timeout",
            LinkStatus::DnsError => "dns_error",
            LinkStatus::NetworkError => "network_error",
            LinkStatus::TlsError => "tls_error",
            LinkStatus::RedirectLoop => "redirect_loop",
            LinkStatus::RobotsDisallowed => "robots_disallowed",
            LinkStatus::Blocked => "blocked",
            LinkStatus::RateLimited => "rate_limited",
            LinkStatus::Soft404 => "soft_404",
            LinkStatus::TooLarge => "too_large",
            LinkStatus::InvalidUrl => "invalid_url",
            LinkStatus::Unresolved => "unresolved",
            LinkStatus::NotCaptured => "not_captured",
            LinkStatus::Unchecked => "unchecked",
        }
    }

    /// True when the source's content could be read (a redirect that landed on a page
    /// counts: the page was read at its new address).
    pub fn is_readable(self) -> bool {
        matches!(self, LinkStatus::Ok | LinkStatus::Redirected)
    }

    /// True for a link that is dead or unusable for verification, the cases where an
    /// archived copy is worth looking up.
    pub fn is_broken(self) -> bool {
        !matches!(
            self,
            LinkStatus::Ok
                | LinkStatus::Redirected
                | LinkStatus::Unresolved
                | LinkStatus::NotCaptured
                | LinkStatus::Unchecked
        )
    }
}

impl std::fmt::Display for LinkStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of checking one URL: the `link` object of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Link {
    /// What was observed.
    pub status: LinkStatus,
    /// The last HTTP status code received, if any response came back.
    pub http_status: Option<u16>,
    /// Where the redirects ended, when that differs from the checked URL.
    pub final_url: Option<String>,
    /// Every hop after the first request, in order.
    pub redirects: Vec<String>,
    /// Requests made for this URL (retries included).
    pub attempts: u32,
    /// Wall time from the first request to the final answer, waits included.
    pub elapsed_ms: u64,
    /// A human-readable cause when the status is not `ok`.
    // Typed until written: the report's `error` is the cause's words (see `FailureCause`).
    #[serde(rename = "error", with = "cause::as_text")]
    #[schemars(rename = "error", with = "Option<String>")]
    pub cause: Option<FailureCause>,
}

impl Link {
    /// A link that was never requested, with the given status and cause.
    pub fn not_requested(status: LinkStatus, cause: Option<FailureCause>) -> Self {
        Link {
            status,
            http_status: None,
            final_url: None,
            redirects: Vec::new(),
            attempts: 0,
            elapsed_ms: 0,
            cause,
        }
    }

    /// The cause in words, as the report's `error` field writes it.
    pub fn error(&self) -> Option<String> {
        self.cause.as_ref().map(ToString::to_string)
    }
}

/// How a quote was found in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuoteMatch {
    /// The quote appears byte for byte.
    Exact,
    /// The quote appears after normalization (case, typography, whitespace, NFKC).
    Normalized,
    /// A close local alignment (a word or mark changed); see `score`.
    Fuzzy,
    /// Not found.
    None,
    /// Not checked (translation, no content, dry run); see `reason`.
    Unchecked,
}

/// Where in the source a quote or fact was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// In the article's main text.
    Body,
    /// Only in navigation, related links, footers: does not verify a citation.
    Boilerplate,
    /// Not found anywhere.
    None,
}

/// The result of looking for one quote in the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Quote {
    /// The quote as written in the document.
    pub text: String,
    /// How it was found.
    #[serde(rename = "match")]
    pub match_kind: QuoteMatch,
    /// 0..1, 1 for exact and normalized matches.
    pub score: f64,
    /// Body, boilerplate or nowhere.
    pub location: Location,
    /// The matched passage of the source, in its context.
    pub excerpt: Option<String>,
    /// Why the match is what it is, for a reader.
    pub reason: String,
}

impl Quote {
    /// A quote that was not checked, with the reason: a whole sentence that says it was
    /// not checked ("not checked: …"), because reports show it as it is and never parse it.
    pub fn unchecked(text: &str, reason: &str) -> Self {
        Quote {
            text: text.to_string(),
            match_kind: QuoteMatch::Unchecked,
            score: 0.0,
            location: Location::None,
            excerpt: None,
            reason: reason.to_string(),
        }
    }
}

/// One fact of the claim (a number or a name) and whether the source has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Fact {
    /// As written in the claim ("$20 billion", "Khurelsukh").
    pub text: String,
    /// Its normalized value ("20000000000 USD", "khurelsukh").
    pub value: String,
    /// Whether the source's body has it.
    pub found: bool,
    /// The passage of the source where it was found.
    pub excerpt: Option<String>,
    /// The source's own figure, as it writes it, when the passage that best matches the
    /// claim holds a different figure of the same kind (unit, currency, scale) and the
    /// claim's figure is nowhere in the source: a contradiction, not an omission. Null
    /// otherwise.
    #[serde(default)]
    pub source_value: Option<String>,
}

/// The cited date against the source's publication date.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct DateEvidence {
    /// The date the citation gives.
    pub cited: Option<NaiveDate>,
    /// The source's publication date as extracted.
    pub published: Option<NaiveDate>,
    /// True when they agree within a day, false when they differ, null when either is
    /// unknown or the citation is an `accessed` one.
    #[serde(rename = "match")]
    pub matches: Option<bool>,
    /// Where the publication date was read: a date from the page's metadata weighs more
    /// than one found among its boilerplate. Absent when there is no publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_from: Option<DateSource>,
    /// The page's last modification, when it names one on another day than its
    /// publication: a cited date that differs from the publication may be the update's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<NaiveDate>,
}

impl DateEvidence {
    /// Whether the cited date, differing from the publication, is the page's update.
    pub fn cites_the_update(&self) -> bool {
        match (self.matches, self.cited, self.modified) {
            (Some(false), Some(cited), Some(modified)) => {
                (cited - modified).num_days().abs()
                    <= crate::thresholds::THRESHOLDS.date_tolerance_days
            }
            _ => false,
        }
    }
}

/// Facts of the claim checked against the source.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    /// Numbers with their units and scale.
    pub numbers: Vec<Fact>,
    /// Names of people and places.
    pub names: Vec<Fact>,
    /// The cited date against the published one.
    pub date: DateEvidence,
    /// Characters of article text the claim was checked against; `Some(0)` when the page
    /// had no article text, `None` when nothing was checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_chars: Option<usize>,
    /// What matching could not check, for the reader ("names not checked: …").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// For a claim without quotes checked against a source in its own language: the
    /// passage of the source that best supports it (null when not looked for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passage: Option<PassageEvidence>,
}

/// The passage of a source that best supports a claim without quotes, and how well.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct PassageEvidence {
    /// The passage as the source wrote it, in context; empty when no sentence of the
    /// source has any of the claim's words.
    pub excerpt: String,
    /// Weighted share of the claim's content words and numbers found in it, 0..1.
    pub score: f64,
    /// The claim's words and numbers the passage lacks, as written in the claim.
    pub missing: Vec<String>,
    /// Figures of the claim that the passage states otherwise ("40 percent → 14 %").
    pub contradicted: Vec<String>,
    /// True when the claim or the passage negates and the other does not.
    pub negated: bool,
}

/// Does the source say what the citation claims?
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every quote matched in the body, or two facts found and none contradicted.
    Verified,
    /// Some of the evidence, not all; or a translated quote with facts found.
    Partial,
    /// The source was read and none of the evidence is there.
    NotFound,
    /// The source could not be read.
    Unverifiable,
    /// Content was not checked.
    Unchecked,
}

impl Verdict {
    /// The snake_case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Verified => "verified",
            Verdict::Partial => "partial",
            Verdict::NotFound => "not_found",
            Verdict::Unverifiable => "unverifiable",
            Verdict::Unchecked => "unchecked",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How urgent a citation's finding is; drives `--fail-on` and exit codes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Nothing to do.
    Ok,
    /// Worth a look.
    Warning,
    /// Needs fixing.
    Error,
}

impl Severity {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Ok => "ok",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a URL was found for a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResolutionMethod {
    /// The document linked it.
    Link,
    /// From the outlet's RSS/Atom feed.
    Feed,
    /// From the outlet's sitemap.
    Sitemap,
    /// From the outlet's date-archive page.
    Archive,
    /// From the outlet's site search.
    Search,
    /// A fixed page of the outlet (for `accessed` citations).
    Page,
    /// From a Wayback CDX listing of the outlet's domain around the cited date.
    Wayback,
    /// From a Common Crawl index of the outlet's domain.
    Commoncrawl,
    /// From a SearXNG search (`[search]` in sources.toml).
    Searxng,
}

/// A URL considered for a citation, with its score against the claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Candidate {
    /// The candidate's URL.
    pub url: String,
    /// 0..1: how well its content supports the claim.
    pub score: f64,
}

/// How the checked URL was found and how sure that is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Resolution {
    /// Where the URL came from.
    pub method: ResolutionMethod,
    /// 0..1.
    pub confidence: f64,
    /// Every candidate considered, best first.
    pub candidates: Vec<Candidate>,
    /// The URL of the list (feed, sitemap, archive page, search results) that offered the
    /// chosen page; null when none was chosen or the document linked it.
    #[serde(default)]
    pub via: Option<String>,
    /// True when that list was discovered (from the outlet's home page, robots.txt or a
    /// convention) rather than configured in sources.toml.
    #[serde(default)]
    pub discovered: bool,
}

/// The archive look-up of a dead or changed source: the copy found, or why there is none.
/// `null` in a report when no look-up was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ArchivedCopy {
    /// What the look-up came to: a copy found, none in any archive, or an archive that
    /// could not be asked — which says nothing about whether a copy exists.
    #[serde(default = "ArchiveLookup::found")]
    pub lookup: ArchiveLookup,
    /// Why the archive could not be asked (or its copy not read); null unless `failed`.
    #[serde(default)]
    pub error: Option<String>,
    /// Where the copy can be read; null when none was found.
    pub url: Option<String>,
    /// When it was captured (RFC 3339); null when no copy was found.
    #[serde(with = "time::optional", default)]
    #[schemars(with = "Option<String>")]
    pub captured: Option<DateTime<Utc>>,
    /// The claim checked against the copy (`unchecked` when there is none).
    pub verdict: Verdict,
}

impl ArchivedCopy {
    /// A copy found at `url`, captured then, with the claim's verdict on it.
    pub fn found(
        url: impl Into<String>,
        captured: DateTime<Utc>,
        verdict: Verdict,
    ) -> ArchivedCopy {
        ArchivedCopy {
            lookup: ArchiveLookup::Found,
            error: None,
            url: Some(url.into()),
            captured: Some(captured),
            verdict,
        }
    }

    /// A look-up that found no copy: `none`, or `failed` with why.
    pub fn missing(error: Option<String>) -> ArchivedCopy {
        ArchivedCopy {
            lookup: if error.is_some() {
                ArchiveLookup::Failed
            } else {
                ArchiveLookup::None
            },
            error,
            url: None,
            captured: None,
            verdict: Verdict::Unchecked,
        }
    }

    /// The copy's address and capture time, when one was found.
    pub fn copy(&self) -> Option<(&str, DateTime<Utc>)> {
        Some((self.url.as_deref()?, self.captured?))
    }
}

/// What an archive look-up came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ArchiveLookup {
    /// A copy was found and read.
    Found,
    /// Every archive asked answered: none has a readable copy.
    None,
    /// An archive could not be asked (or its copy not read): whether a copy exists is
    /// not known.
    Failed,
}

impl ArchiveLookup {
    /// Reports written before look-ups were told apart only had found copies.
    fn found() -> ArchiveLookup {
        ArchiveLookup::Found
    }
}

/// What changed for a citation since the last scheduled run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// First time this URL is checked.
    New,
    /// Same status and content as last time.
    Unchanged,
    /// Worked last time, broken now.
    NewlyBroken,
    /// Broken last time, works now.
    Recovered,
    /// The extracted article text changed since it was last verified.
    ContentChanged,
}

impl Change {
    /// The snake_case name used in reports (and in the history's log of observations).
    pub fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Unchanged => "unchanged",
            Change::NewlyBroken => "newly_broken",
            Change::Recovered => "recovered",
            Change::ContentChanged => "content_changed",
        }
    }
}

/// A citation's history across scheduled runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct History {
    /// What changed since the last run.
    pub change: Change,
    /// Consecutive failed runs.
    pub failures: u32,
    /// When the current failure streak began (RFC 3339), if failing.
    #[serde(with = "time::optional")]
    #[schemars(with = "Option<String>")]
    pub first_failed: Option<DateTime<Utc>>,
    /// True once a failure is confirmed (N runs over D days); until then it is "suspect".
    pub confirmed: bool,
    /// What the last earlier run saw of this source, so a change says from what to what;
    /// null on the first check.
    #[serde(default)]
    pub previous: Option<PreviousCheck>,
    /// A regression (a break or a content change) that stays open until the citation
    /// recovers or is accepted (`citecheck accept <KEY>`); null when none is open.
    #[serde(default)]
    pub regression: Option<OpenRegression>,
}

/// A regression still open: what happened and since when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OpenRegression {
    /// The change that opened it (`newly_broken` or `content_changed`).
    pub change: Change,
    /// When it was first seen (RFC 3339).
    pub since: String,
}

/// The last earlier check of a citation's source, as history kept it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PreviousCheck {
    /// The verdict then.
    pub verdict: Verdict,
    /// The link status then.
    #[serde(default)]
    pub status: Option<LinkStatus>,
    /// The passage a quote matched then, when one did (and history kept it).
    pub excerpt: Option<String>,
    /// When (RFC 3339).
    pub checked_at: String,
}

/// One citation in the report: what was cited and everything found about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CitationReport {
    /// Stable id within its document.
    pub id: String,
    /// Stable across runs and edits of other parts of the document: a hash of the document
    /// path, outlet, date, linked URL and normalised claim (see [`key`]). History and
    /// `citecheck accept` use it.
    #[serde(default)]
    pub key: String,
    /// The outlet as written.
    pub outlet: Option<String>,
    /// The sources.toml key of the outlet, if it is known.
    pub source: Option<String>,
    /// The cited date.
    pub date: Option<NaiveDate>,
    /// An "accessed" citation.
    pub accessed: bool,
    /// The URL that was checked.
    pub url: Option<String>,
    /// 1-based line in the document.
    pub line: usize,
    /// 1-based column (in characters) of the citation in its line; 0 when unknown (a
    /// report written before the field existed).
    #[serde(default)]
    pub column: usize,
    /// The sentence the citation closes.
    pub claim: String,
    /// The uncited sentences before it.
    pub context: String,
    /// Each quote and how it was found.
    pub quotes: Vec<Quote>,
    /// Link health.
    pub link: Link,
    /// The source's publication date.
    pub published: Option<NaiveDate>,
    /// The source's language.
    pub language: Option<String>,
    /// The title of the page that was read (the archived copy's when the verdict rests on
    /// it); null when nothing was read. It tells a misquote from a wrong page.
    #[serde(default)]
    pub title: Option<String>,
    /// One imperative sentence for the editor ("Fix the figure: …", "Replace the link with
    /// the archived copy …"), or null when nothing needs doing.
    #[serde(default)]
    pub action: Option<String>,
    /// Does the source say it?
    pub verdict: Verdict,
    /// The worse of the link's and the verdict's severities.
    pub severity: Severity,
    /// Why, in words a reader understands.
    pub reasons: Vec<String>,
    /// Facts checked.
    pub evidence: Evidence,
    /// How the URL was found.
    pub resolution: Option<Resolution>,
    /// An archived copy, for dead or changed sources.
    pub archive: Option<ArchivedCopy>,
    /// Changes since the last scheduled run.
    pub history: Option<History>,
    /// When this result was obtained (RFC 3339); null when the citation was never checked
    /// (a dry run, or a run that ended before its turn).
    #[serde(default, with = "time::optional")]
    #[schemars(with = "Option<String>")]
    pub checked_at: Option<DateTime<Utc>>,
    /// True when a rolling run (`--budget`, `--max-requests`) did not check the citation
    /// this time and reports its last result, of `checked_at`.
    #[serde(default)]
    pub carried: bool,
    /// True when the result is older than the run's `--max-age`: the freshness target was
    /// missed for this citation (its result is still reported).
    #[serde(default)]
    pub stale: bool,
    /// A broken link that history has not confirmed yet (decided with the verdict; not
    /// written in the JSON report, whose reader derives it from `link` and `history`).
    #[serde(skip)]
    pub suspect: bool,
}

/// The report of one input document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentReport {
    /// The document's path as given.
    pub path: String,
    /// Why the document could not be read or parsed, if so.
    pub error: Option<String>,
    /// What the reader should know about how it was read: a year assumed for year-less
    /// dates, `--published` overriding the document's own date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Its citations.
    pub citations: Vec<CitationReport>,
}

/// Counts over a report, for the top of every format.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Number of citations.
    pub citations: usize,
    /// Citations per link status.
    pub link: BTreeMap<String, usize>,
    /// Citations per verdict.
    pub verdict: BTreeMap<String, usize>,
    /// Citations per severity.
    pub severity: BTreeMap<String, usize>,
    /// Hosts the run sent requests to, and how many of them gave any HTTP response; null
    /// when nothing was requested (a dry run, a report from elsewhere).
    #[serde(default)]
    pub hosts: Option<Hosts>,
    /// The part of a split run (`--shard`, "2/4") that wrote the report; null for a whole
    /// run. Merging counts each shard's hosts once.
    #[serde(default)]
    pub shard: Option<String>,
    /// How much of the report this run checked, and how much it carried from earlier runs.
    #[serde(default)]
    pub coverage: Coverage,
}

/// Hosts a run contacted and how many answered: a run where none answered checked
/// nothing, whatever its citations say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Hosts {
    /// Hosts (host and port) at least one request was sent to.
    pub contacted: usize,
    /// Of those, hosts that gave at least one HTTP response (any status).
    pub answered: usize,
}

impl Hosts {
    /// True when requests were sent and no host gave any HTTP response: the run reached
    /// nothing (offline, a proxy, a firewall).
    pub fn none_answered(&self) -> bool {
        self.contacted > 0 && self.answered == 0
    }
}

impl Summary {
    /// Counts the citations of the given documents.
    pub fn of(documents: &[DocumentReport]) -> Self {
        let mut summary = Summary::default();
        for citation in documents.iter().flat_map(|d| &d.citations) {
            summary.citations += 1;
            *summary
                .link
                .entry(citation.link.status.as_str().to_string())
                .or_default() += 1;
            *summary
                .verdict
                .entry(citation.verdict.as_str().to_string())
                .or_default() += 1;
            *summary
                .severity
                .entry(citation.severity.as_str().to_string())
                .or_default() += 1;
            summary.coverage.count(citation);
        }
        summary
    }
}

/// The schema name every report carries.
pub const REPORT_SCHEMA: &str = "citecheck/report-v1";

/// A whole run's report (`citecheck/report-v1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// Always [`REPORT_SCHEMA`].
    pub schema: String,
    /// When the report was made (RFC 3339).
    pub generated_at: String,
    /// False when the run was interrupted.
    pub complete: bool,
    /// One entry per input document.
    pub documents: Vec<DocumentReport>,
    /// Counts.
    pub summary: Summary,
}

/// Where a page's publication date was read, most trusted first: a user weighing a date
/// read from the page's metadata against one found in its footer needs to know which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// The revision a wiki permalink shows.
    Revision,
    /// Meta tags, JSON-LD, `itemprop="datePublished"` or `pubdate` marks.
    Metadata,
    /// The date in the page's address.
    Address,
    /// Publication keys in the page's scripts (the state of JavaScript front-ends).
    Scripts,
    /// A `<time datetime>` or timestamp attribute of the article.
    Time,
    /// A date written in the article's visible text (its byline, its dateline).
    Text,
    /// A date the page shows only among boilerplate (a block named like a sidebar, an
    /// element classed as updated), taken because nothing else dates the page.
    Boilerplate,
    /// The most repeated date of the page's source (links, attributes, scripts), the last
    /// resort.
    Page,
}

impl DateSource {
    /// Where the date was read, in a reader's words ("published 2024-03-04, from its
    /// metadata").
    pub fn words(self) -> &'static str {
        match self {
            DateSource::Revision => "from the revision it shows",
            DateSource::Metadata => "from its metadata",
            DateSource::Address => "from its address",
            DateSource::Scripts => "from its scripts",
            DateSource::Time => "from a machine-readable time",
            DateSource::Text => "from its text",
            DateSource::Boilerplate => "from a date beside the article",
            DateSource::Page => "the date its HTML repeats most",
        }
    }
}

/// What citecheck sees on a page: the output of [`crate::extract`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Article {
    /// The page's title.
    pub title: Option<String>,
    /// Its publication date (never a modification date).
    pub published: Option<NaiveDate>,
    /// Where [`Article::published`] was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_source: Option<DateSource>,
    /// Its last modification, when the page names one (never before its publication).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<NaiveDate>,
    /// Its language (ISO 639-1: "en", "mn", "ru", "zh", …).
    pub language: Option<String>,
    /// The article's main text, paragraphs separated by blank lines.
    pub text: String,
    /// The rest of the visible text (navigation, related links, footers).
    pub boilerplate: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_names_are_the_json_report_names() {
        let all = [
            Change::New,
            Change::Unchanged,
            Change::NewlyBroken,
            Change::Recovered,
            Change::ContentChanged,
        ];
        for change in all {
            let json = serde_json::to_value(change).expect("serializable");
            assert_eq!(json.as_str(), Some(change.as_str()), "{change:?}");
        }
    }
}

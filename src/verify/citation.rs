//! Checking one citation end to end: override and ignore rules, resolve, read the source
//! (fetch with the history's validators, extract, match: [`crate::read`]), look up an
//! archived copy when the live source fails, record the history, and decide.
//!
//! Everything a citation's check learns is gathered in [`Findings`], which also says how
//! the source was read ([`Requested`]), and turned into the report entry in one place
//! ([`assemble`]): the one call of [`verdict::decide`], whose decision the entry carries
//! as is. The order of the stages lives here and nowhere else.

use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;

use crate::archive;
use crate::fetch::{FetchOutcome, FetchRequest, Fetcher, Purpose, Validators};
use crate::matching::Check;
use crate::model::{
    ArchivedCopy, Article, Citation, CitationReport, FailureCause, History, Link, LinkStatus,
    Resolution, Verdict,
};
use crate::read::Reading;
use crate::resolve::Resolver;
use crate::sources::rules::IgnoreMatch;
use crate::sources::Sources;
use crate::state::{Observation, State};
use crate::verdict::{self, SourceRead, VerdictInput};

use super::history::HistoryWriter;
use super::timings::{Stage, Timings};

/// What every citation check of a run shares.
pub(crate) struct Checker {
    /// The outlets, rules and politeness settings.
    pub sources: Arc<Sources>,
    /// The crawler; `None` on a dry run.
    pub fetcher: Option<Fetcher>,
    /// The history of earlier runs (`--state`), through its one writer.
    pub history: Option<Arc<HistoryWriter>>,
    /// Finds URLs for unlinked citations; shares feeds and candidates across the run.
    pub resolver: Resolver,
    /// Today, for ignore-list expiry.
    pub today: NaiveDate,
    /// Where the time goes (`--timings`); `None`: not measured.
    pub timings: Option<Arc<Timings>>,
}

/// What the resolver read of the page it chose: its fetch, its article, and the archived
/// copy it was read from (when its live page is dead or blocked).
type ResolvedPage = (
    Option<FetchOutcome>,
    Option<Arc<Article>>,
    Option<archive::ArchivedPage>,
);

/// Everything learned about one citation.
#[derive(Default)]
struct Findings {
    url: Option<String>,
    resolution: Option<Resolution>,
    /// Whether and how the source was requested.
    requested: Requested,
    article: Option<Arc<Article>>,
    check: Option<Check>,
    archive: Option<ArchivedCopy>,
    history: Option<History>,
    /// Reasons that come before the verdict's own (override and expired-ignore notes).
    notes: Vec<String>,
    /// The claim checked against the archived copy, when the live page gave no article
    /// to check (the verdict then rests on it).
    archived: Option<(Check, Arc<Article>)>,
}

/// Whether and how a citation's source was requested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Requested {
    /// Not requested: no URL, or the run was interrupted first.
    #[default]
    No,
    /// Not requested: an ignore-list entry covers it.
    Ignored,
    /// Not requested: a dry run.
    DryRun,
    /// Fetched live.
    Live,
}

impl Findings {
    /// How the source was read, for the verdict.
    fn source_read(&self) -> SourceRead<'_> {
        match self.requested {
            Requested::No => SourceRead::NotRequested,
            Requested::Ignored => SourceRead::Ignored,
            Requested::DryRun => SourceRead::DryRun,
            Requested::Live => match (&self.check, &self.archive, &self.archived) {
                (None, Some(copy), Some((check, _))) => SourceRead::Archived { copy, check },
                (check, _, _) => SourceRead::Live(check.as_ref()),
            },
        }
    }

    /// The article whose facts the report shows: the one the verdict rests on.
    fn shown_article(&self) -> Option<&Article> {
        match self.source_read() {
            SourceRead::Archived { .. } => self.archived.as_ref().map(|(_, article)| &**article),
            _ => self.article.as_deref(),
        }
    }
}

/// The host a citation's stages are timed under: its URL's, else "-".
fn host_of(url: Option<&str>) -> String {
    url.and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_else(|| "-".into())
}

impl Checker {
    /// Notes the time since `since` for `stage` of a citation on `host` (with `--timings`).
    fn took(&self, stage: Stage, host: &str, since: Instant) {
        if let Some(timings) = &self.timings {
            timings.add(stage, host, since.elapsed());
        }
    }

    /// Checks one citation of `document` (its path as given).
    pub async fn check(&self, document: &str, mut citation: Citation) -> CitationReport {
        let mut findings = Findings::default();
        if let Some(entry) = self.sources.override_for(document, &citation) {
            citation.url = Some(entry.url.clone());
            findings.notes.push(format!(
                "URL set by an override in sources.toml ({})",
                entry.url
            ));
        }
        if let Some(report) =
            self.ignored(document, &citation, citation.url.as_deref(), &mut findings)
        {
            return report;
        }
        let outlet = citation
            .outlet
            .as_deref()
            .and_then(|name| self.sources.outlet_by_name(name))
            .or_else(|| {
                let url = url::Url::parse(citation.url.as_deref()?).ok()?;
                self.sources.outlet_by_host(url.host_str()?)
            });
        let resolving = Instant::now();
        let resolved = self
            .resolver
            .resolve(&citation, outlet, self.fetcher.as_ref())
            .await;
        if citation.url.is_none() {
            self.took(Stage::Resolve, &host_of(resolved.url.as_deref()), resolving);
        }
        findings.resolution = resolved.resolution;
        findings.url = resolved.url;
        if self.fetcher.is_none() {
            return self.dry_run(citation, outlet.is_some(), findings);
        }
        let Some(url) = findings.url.clone() else {
            let reason = match (resolved.reason, outlet) {
                (Some(reason), _) => reason,
                (None, Some(o)) => {
                    format!("no URL found for this citation among {}'s pages", o.name)
                }
                (None, None) => {
                    "no URL in the document and the outlet is not in sources.toml".into()
                }
            };
            let cause = FailureCause::Unresolved {
                explanation: reason,
            };
            let link = Link::not_requested(LinkStatus::Unresolved, Some(cause));
            return assemble(citation, &self.sources, link, findings);
        };
        if citation.url.as_deref() != Some(url.as_str()) {
            if let Some(report) = self.ignored(document, &citation, Some(&url), &mut findings) {
                return report;
            }
        }
        let Some(fetcher) = &self.fetcher else {
            return self.dry_run(citation, outlet.is_some(), findings);
        };
        let resolved_page = (resolved.fetched, resolved.article, resolved.copy);
        findings.requested = Requested::Live;
        let link = self
            .fetch_and_check(
                fetcher,
                document,
                &citation,
                &url,
                resolved_page,
                &mut findings,
            )
            .await;
        assemble(citation, &self.sources, link, findings)
    }

    /// A dry run's entry: what the document alone says, nothing fetched or searched.
    fn dry_run(
        &self,
        citation: Citation,
        known_outlet: bool,
        mut findings: Findings,
    ) -> CitationReport {
        findings.requested = Requested::DryRun;
        let link = match findings.url.as_deref().map(url::Url::parse) {
            Some(Ok(u)) if matches!(u.scheme(), "http" | "https") => {
                Link::not_requested(LinkStatus::Unchecked, Some(FailureCause::DryRun))
            }
            Some(_) => {
                Link::not_requested(LinkStatus::InvalidUrl, Some(FailureCause::NotHttpCited))
            }
            None => Link::not_requested(
                LinkStatus::Unresolved,
                Some(if known_outlet {
                    FailureCause::DryRunNoUrl
                } else {
                    FailureCause::NoUrlUnknownOutlet
                }),
            ),
        };
        assemble(citation, &self.sources, link, findings)
    }

    /// Applies the ignore list: an active entry ends the check (returned report); an
    /// expired one is noted and the check goes on.
    fn ignored(
        &self,
        document: &str,
        citation: &Citation,
        url: Option<&str>,
        findings: &mut Findings,
    ) -> Option<CitationReport> {
        match self
            .sources
            .ignore_for(document, citation, url, self.today)?
        {
            IgnoreMatch::Active(entry) => {
                let reason = IgnoreMatch::Active(entry).reason();
                let cause = FailureCause::Ignored {
                    note: reason.clone(),
                };
                let link = Link::not_requested(LinkStatus::Unchecked, Some(cause));
                // Only the entry's note: what the check had noted before no longer matters.
                let findings = Findings {
                    url: url.map(str::to_string),
                    requested: Requested::Ignored,
                    ..Findings::default()
                };
                Some(assemble(citation.clone(), &self.sources, link, findings))
            }
            expired @ IgnoreMatch::Expired(_) => {
                findings.notes.push(expired.reason());
                None
            }
        }
    }

    /// Reads the source, checks the citation against it, looks up an archived copy when
    /// the live source fails, and records the history.
    async fn fetch_and_check(
        &self,
        fetcher: &Fetcher,
        document: &str,
        citation: &Citation,
        url: &str,
        (fetched, article, copy): ResolvedPage,
        findings: &mut Findings,
    ) -> Link {
        // The resolver's article came from the copy then, not from the live page.
        let article = article.filter(|_| copy.is_none());
        let host = host_of(Some(url));
        let fetching = Instant::now();
        let (outcome, known) = self.read_live(fetcher, url, (fetched, article)).await;
        self.took(Stage::Fetch, &host, fetching);
        // Extraction and matching are CPU-bound: on the pool, off the runtime's threads.
        let claim = citation.clone();
        let asked = Instant::now();
        let (reading, check, began) = crate::cpu::run(move || {
            let began = Instant::now();
            let reading = Reading::with_article(outcome, known);
            let check = reading.check(&claim);
            (reading, check, began)
        })
        .await;
        if let Some(timings) = &self.timings {
            timings.add(
                Stage::WaitForCore,
                &host,
                began.saturating_duration_since(asked),
            );
            timings.add(Stage::ExtractAndMatch, &host, began.elapsed());
        }
        findings.check = check;
        let Reading { outcome, article } = reading;
        findings.article = article;
        let live_quotes = findings
            .check
            .as_ref()
            .map(|c| c.quotes.as_slice())
            .unwrap_or(&[]);
        if archive::worth_looking_up(outcome.link.status, live_quotes) {
            // A page an archive offered was read from its copy already: no second look-up.
            let looking = Instant::now();
            let lookup = match copy {
                Some(copy) => archive::Lookup::Found(Box::new(copy)),
                None if !self.sources.archives.has_copies() => archive::Lookup::NotAsked,
                None => {
                    let archives = &self.sources.archives;
                    let gate = self.resolver.archive_gate();
                    archive::find_copy_within(url, citation.date, archives, fetcher, gate).await
                }
            };
            findings.archive = match lookup {
                archive::Lookup::Found(copy) => {
                    let claim = citation.clone();
                    let (copy, checked) =
                        crate::cpu::run(move || archived_check(&claim, *copy)).await;
                    if findings.check.is_none() {
                        findings.archived = checked;
                    }
                    Some(copy)
                }
                archive::Lookup::None => Some(ArchivedCopy::missing(None)),
                archive::Lookup::Failed(why) => Some(ArchivedCopy::missing(Some(why))),
                archive::Lookup::NotAsked => None,
            };
            self.took(Stage::Archive, &host, looking);
        }
        if let Some(history) = &self.history {
            let recording = Instant::now();
            findings.history =
                record_history(history, document, citation, url, &outcome, findings).await;
            self.took(Stage::History, &host, recording);
        }
        outcome.link
    }

    /// What the history (`--state`) knows of `url`, read on its one writer; `None` without
    /// a history, when it knows nothing, or when it could not be read (logged).
    async fn history_of<T, E>(
        &self,
        url: &str,
        read: fn(&State, &str) -> Result<Option<T>, E>,
    ) -> Option<T>
    where
        T: Send + 'static,
        E: std::fmt::Display + 'static,
    {
        let history = self.history.as_ref()?;
        let url = url.to_string();
        history
            .call(move |s| {
                read(s, &url)
                    .map_err(|e| tracing::warn!("{e}"))
                    .ok()
                    .flatten()
            })
            .await
            .flatten()
    }

    /// The live source: the resolver's read of the page it chose (never fetched twice), or
    /// a fetch — conditional when the history has validators, the history's article on a
    /// 304. Returns the fetch and the article known already (`None`: extract the page).
    async fn read_live(
        &self,
        fetcher: &Fetcher,
        url: &str,
        (fetched, resolved_article): (Option<FetchOutcome>, Option<Arc<Article>>),
    ) -> (FetchOutcome, Option<Arc<Article>>) {
        let outcome = match fetched {
            Some(outcome) => outcome,
            None => {
                let previous = self.history_of(url, |s, url| s.previous(url)).await;
                let mut request = FetchRequest::new(url, Purpose::Citation);
                request.validators = previous.and_then(|p| p.conditional());
                fetcher.fetch(request).await
            }
        };
        let known = if outcome.not_modified {
            // Not modified: the article is the one the history kept.
            self.history_of(url, |s, url| s.article(url))
                .await
                .map(Arc::new)
        } else if outcome.link.final_url.is_none() && outcome.page.is_some() {
            // The resolver extracted the page it chose; reuse that unless the fetch moved.
            resolved_article
        } else {
            None
        };
        (outcome, known)
    }
}

/// The claim checked against an archived copy: the copy as the report shows it, and the
/// check with its article when the copy could be checked.
fn archived_check(
    citation: &Citation,
    copy: archive::ArchivedPage,
) -> (ArchivedCopy, Option<(Check, Arc<Article>)>) {
    let reading = Reading::of(copy.outcome.clone());
    let checked = reading.check(citation).zip(reading.article);
    let verdict = match &checked {
        Some((check, _)) => verdict::verdict_of(&VerdictInput {
            claim_quotes: &citation.quotes,
            link: &copy.outcome.link,
            read: SourceRead::Live(Some(check)),
            history: None,
        }),
        None => Verdict::Unverifiable,
    };
    let day = copy.captured_day();
    let checked = checked.map(|(mut check, article)| {
        for quote in &mut check.quotes {
            quote.reason = format!("in the archived copy of {day}: {}", quote.reason);
        }
        (check, article)
    });
    (
        ArchivedCopy::found(copy.url, copy.captured, verdict),
        checked,
    )
}

/// Records this run's observation of the source in the history: the verdict (the
/// decision then weighs the history), the quotes, the article and its validators — on the
/// history's one writer.
async fn record_history(
    history: &HistoryWriter,
    document: &str,
    citation: &Citation,
    url: &str,
    outcome: &FetchOutcome,
    findings: &Findings,
) -> Option<History> {
    let validators = outcome
        .page
        .as_ref()
        .map(|p| Validators {
            etag: p.etag.clone(),
            last_modified: p.last_modified.clone(),
        })
        .unwrap_or_default();
    let verdict = verdict::verdict_of(&VerdictInput {
        claim_quotes: &citation.quotes,
        link: &outcome.link,
        read: findings.source_read(),
        history: None,
    });
    let quotes = match &findings.check {
        Some(check) => check.quotes.clone(),
        None => verdict::unchecked_quotes(&citation.quotes, &outcome.link),
    };
    // The citation's key as the report will write it (identical citations of a document
    // share a regression).
    let date = citation.date.map(|d| d.to_string());
    let key = crate::model::key::key_of_parts(
        document,
        citation.outlet.as_deref(),
        date.as_deref(),
        citation.url.as_deref(),
        &citation.claim,
    );
    let (status, http_status) = (outcome.link.status, outcome.link.http_status);
    let not_modified = outcome.not_modified;
    let article = findings.article.clone();
    let url = url.to_string();
    history
        .call(move |state| {
            let observation = Observation {
                status,
                http_status,
                article: article.as_deref(),
                not_modified,
                verdict,
                quotes: &quotes,
                validators: &validators,
            };
            let mut history = state
                .record(&url, &observation)
                .map_err(|e| tracing::warn!("history not recorded for {url}: {e}"))
                .ok()?;
            let seen = crate::state::Seen {
                key: &key,
                url: &url,
                change: history.change,
                status,
                verdict,
            };
            history.regression = state
                .regression(&seen)
                .map_err(|e| tracing::warn!("regression not recorded for {url}: {e}"))
                .ok()
                .flatten();
            Some(history)
        })
        .await
        .flatten()
}

/// Builds the report entry of a citation: the one place its decision is made.
fn assemble(
    citation: Citation,
    sources: &Sources,
    link: Link,
    findings: Findings,
) -> CitationReport {
    let source = citation
        .outlet
        .as_deref()
        .and_then(|n| sources.outlet_by_name(n))
        .or_else(|| {
            let url = url::Url::parse(findings.url.as_deref()?).ok()?;
            sources.outlet_by_host(url.host_str()?)
        })
        .map(|o| o.key.clone());
    let decision = verdict::decide(&VerdictInput {
        claim_quotes: &citation.quotes,
        link: &link,
        read: findings.source_read(),
        history: findings.history.as_ref(),
    });
    let (published, language, title) = findings
        .shown_article()
        .map(|a| (a.published, a.language.clone(), a.title.clone()))
        .unwrap_or_default();
    let mut reasons = findings.notes;
    reasons.extend(decision.reasons);
    reasons.extend(
        findings
            .archive
            .as_ref()
            .and_then(verdict::archive_lookup_reason),
    );
    let mut report = CitationReport {
        id: citation.id,
        // Set for the whole document at once, where identical citations are told apart.
        key: String::new(),
        outlet: citation.outlet,
        source,
        date: citation.date,
        accessed: citation.accessed,
        url: findings.url,
        line: citation.line,
        column: citation.column,
        claim: citation.claim,
        context: citation.context,
        quotes: decision.quotes,
        link,
        published,
        language,
        title,
        action: None,
        verdict: decision.verdict,
        severity: decision.severity,
        reasons,
        evidence: decision.evidence,
        resolution: findings.resolution,
        archive: findings.archive,
        history: findings.history,
        suspect: decision.suspect,
        checked_at: None,
        carried: false,
        stale: false,
    };
    report.action = crate::report::action::action_of(&report);
    report
}

/// The report entry of a citation the run did not reach (interrupted).
pub(crate) fn interrupted(citation: Citation, sources: &Sources) -> CitationReport {
    not_checked(citation, sources, FailureCause::Interrupted)
}

/// The report entry of a citation the run did not check, for `cause`.
pub(crate) fn not_checked(
    citation: Citation,
    sources: &Sources,
    cause: FailureCause,
) -> CitationReport {
    let link = Link::not_requested(LinkStatus::Unchecked, Some(cause));
    let url = citation.url.clone();
    assemble(
        citation,
        sources,
        link,
        Findings {
            url,
            ..Findings::default()
        },
    )
}

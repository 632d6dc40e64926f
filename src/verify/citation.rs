//! Checking one citation end to end: override and ignore rules, resolve, fetch (with the
//! history's validators), extract, match, look up an archived copy when the live source
//! fails, record the history, and decide.
//!
//! Everything a citation's check learns is gathered in [`Findings`] and turned into the
//! report entry in one place ([`Findings::into_report`]), so the order of the stages lives
//! here and nowhere else.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::archive;
use crate::fetch::{FetchOutcome, FetchRequest, Fetcher, Purpose, Validators};
use crate::matching::{self, Check};
use crate::model::{
    ArchivedCopy, Article, Citation, CitationReport, FailureCause, History, Link, LinkStatus,
    Quote, QuoteMatch, Resolution, Severity, Verdict,
};
use crate::resolve::Resolver;
use crate::sources::rules::IgnoreMatch;
use crate::sources::Sources;
use crate::state::{Observation, State};
use crate::verdict::{self, Decision, VerdictInput};

/// What every citation check of a run shares.
pub(crate) struct Checker {
    /// The outlets, rules and politeness settings.
    pub sources: Arc<Sources>,
    /// The crawler; `None` on a dry run.
    pub fetcher: Option<Fetcher>,
    /// The history of earlier runs (`--state`).
    pub state: Option<Arc<State>>,
    /// Finds URLs for unlinked citations; shares feeds and candidates across the run.
    pub resolver: Resolver,
    /// Today, for ignore-list expiry.
    pub today: NaiveDate,
}

/// Everything learned about one citation.
#[derive(Default)]
struct Findings {
    url: Option<String>,
    resolution: Option<Resolution>,
    article: Option<Article>,
    check: Option<Check>,
    archive: Option<ArchivedCopy>,
    history: Option<History>,
    /// Reasons that come before the verdict's own (ignore-list notes).
    notes: Vec<String>,
    /// The claim checked against the archived copy, shown when the live page could not be
    /// read (the verdict already rests on it through `archive`).
    archived: Option<(Check, Article)>,
    /// Nothing was fetched or searched: a dry run.
    dry_run: bool,
}

impl Checker {
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
        let resolved = self
            .resolver
            .resolve(&citation, outlet, self.fetcher.as_ref())
            .await;
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
            return self.finish(citation, link, findings);
        };
        if citation.url.as_deref() != Some(url.as_str()) {
            if let Some(report) = self.ignored(document, &citation, Some(&url), &mut findings) {
                return report;
            }
        }
        let Some(fetcher) = &self.fetcher else {
            return self.dry_run(citation, outlet.is_some(), findings);
        };
        let resolved_page = (resolved.fetched, resolved.article);
        let link = self
            .fetch_and_check(fetcher, &citation, &url, resolved_page, &mut findings)
            .await;
        self.finish(citation, link, findings)
    }

    /// A dry run's entry: what the document alone says, nothing fetched or searched.
    fn dry_run(
        &self,
        citation: Citation,
        known_outlet: bool,
        mut findings: Findings,
    ) -> CitationReport {
        findings.dry_run = true;
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
        self.finish(citation, link, findings)
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
                let mut report =
                    assemble(citation.clone(), &self.sources, link, Findings::default());
                report.url = url.map(str::to_string);
                report.verdict = Verdict::Unchecked;
                report.severity = Severity::Ok;
                report.reasons = vec![reason];
                Some(report)
            }
            expired @ IgnoreMatch::Expired(_) => {
                findings.notes.push(expired.reason());
                None
            }
        }
    }

    /// Fetches the source (conditionally, when the history has validators), reads its
    /// article (from the history on a 304) and checks the citation against it.
    async fn fetch_and_check(
        &self,
        fetcher: &Fetcher,
        citation: &Citation,
        url: &str,
        (fetched, resolved_article): (Option<FetchOutcome>, Option<Arc<Article>>),
        findings: &mut Findings,
    ) -> Link {
        let outcome = match fetched {
            // The resolver already read the page it chose: never fetch it twice.
            Some(outcome) => outcome,
            None => {
                let previous = self.state.as_ref().and_then(|s| {
                    s.previous(url)
                        .map_err(|e| tracing::warn!("{e}"))
                        .ok()
                        .flatten()
                });
                let mut request = FetchRequest::new(url, Purpose::Citation);
                request.validators = previous.and_then(|p| p.conditional());
                fetcher.fetch(request).await
            }
        };
        findings.article = if outcome.not_modified {
            self.state.as_ref().and_then(|s| {
                s.article(url)
                    .map_err(|e| tracing::warn!("{e}"))
                    .ok()
                    .flatten()
            })
        } else {
            // The resolver extracted the page it chose; reuse that unless the fetch moved.
            let page = outcome.page.as_ref();
            match (resolved_article, outcome.link.final_url.is_none()) {
                (Some(article), true) if page.is_some() => Some(Article::clone(&article)),
                _ => page.map(|page| crate::extract::extract(&page.text, Some(&page.url))),
            }
        };
        findings.check = findings
            .article
            .as_ref()
            .map(|article| matching::check(citation, article));
        let live_quotes = findings
            .check
            .as_ref()
            .map(|c| c.quotes.as_slice())
            .unwrap_or(&[]);
        if archive::worth_looking_up(outcome.link.status, live_quotes) {
            if let Some((copy, check, article)) = self.archived_copy(fetcher, citation, url).await {
                findings.archive = Some(copy);
                if findings.check.is_none() {
                    findings.archived = Some((check, article));
                }
            }
        }
        if let Some(state) = &self.state {
            let validators = outcome
                .page
                .as_ref()
                .map(|p| Validators {
                    etag: p.etag.clone(),
                    last_modified: p.last_modified.clone(),
                })
                .unwrap_or_default();
            let quotes = quotes_for(citation, &outcome.link, findings);
            let decision = decide(&outcome.link, findings, &quotes);
            let observation = Observation {
                status: outcome.link.status,
                http_status: outcome.link.http_status,
                article: findings.article.as_ref(),
                not_modified: outcome.not_modified,
                verdict: decision.verdict,
                quotes: &quotes,
                validators: &validators,
            };
            findings.history = state
                .record(url, &observation)
                .map_err(|e| tracing::warn!("history not recorded for {url}: {e}"))
                .ok();
        }
        outcome.link
    }

    /// Looks up the archived copy nearest the cited date and checks the claim against it.
    async fn archived_copy(
        &self,
        fetcher: &Fetcher,
        citation: &Citation,
        url: &str,
    ) -> Option<(ArchivedCopy, Check, Article)> {
        let copy = archive::find_copy(url, citation.date, &self.sources.archives, fetcher).await?;
        let page = copy.outcome.page.as_ref()?;
        let article = crate::extract::extract(&page.text, Some(&page.url));
        let mut check = matching::check(citation, &article);
        let decision = verdict::decide(&VerdictInput {
            link: &copy.outcome.link,
            content_checked: true,
            quotes: &check.quotes,
            evidence: &check.evidence,
            archive: None,
            history: None,
        });
        let day = copy.captured_day();
        for quote in &mut check.quotes {
            quote.reason = format!("in the archived copy of {day}: {}", quote.reason);
        }
        let archived = ArchivedCopy {
            url: copy.url.clone(),
            captured: copy.captured,
            verdict: decision.verdict,
        };
        Some((archived, check, article))
    }

    fn finish(&self, citation: Citation, link: Link, findings: Findings) -> CitationReport {
        assemble(citation, &self.sources, link, findings)
    }
}

/// The verdict from what was found.
fn decide(link: &Link, findings: &Findings, quotes: &[Quote]) -> Decision {
    let empty = Check::default();
    let check = findings.check.as_ref().unwrap_or(&empty);
    verdict::decide(&VerdictInput {
        link,
        content_checked: findings.check.is_some(),
        quotes,
        evidence: &check.evidence,
        archive: findings.archive.as_ref(),
        history: findings.history.as_ref(),
    })
}

/// The quote results: the matcher's on the live page, or each quote marked unchecked
/// with why.
fn quotes_for(citation: &Citation, link: &Link, findings: &Findings) -> Vec<Quote> {
    if let Some(check) = &findings.check {
        return check.quotes.clone();
    }
    let reason = if link.status.is_readable() || link.status == LinkStatus::Unchecked {
        "content not checked"
    } else {
        "the source could not be read"
    };
    citation
        .quotes
        .iter()
        .map(|q| Quote::unchecked(q, reason))
        .collect()
}

/// Builds the report entry of a citation and decides its verdict.
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
    let quotes = quotes_for(&citation, &link, &findings);
    let decision = if findings.dry_run {
        // Nothing was read: the verdict says so, whatever the link could say.
        Decision {
            verdict: Verdict::Unchecked,
            severity: verdict::link_severity(link.status).max(Severity::Warning),
            reasons: link.cause.iter().map(ToString::to_string).collect(),
        }
    } else {
        decide(&link, &findings, &quotes)
    };
    let mut reasons = findings.notes;
    // An unreadable source is explained by the verdict's reason; a citation not checked at
    // all (interrupted, ignored) only by its link's note.
    if let (LinkStatus::Unchecked, Some(cause), false) =
        (link.status, &link.cause, findings.dry_run)
    {
        reasons.push(cause.to_string());
    }
    reasons.extend(decision.reasons);
    // When the live page could not be read, show what the archived copy said.
    let (check, article) = match (findings.check, findings.article, findings.archived) {
        (None, None, Some((check, article))) => (Some(check), Some(article)),
        (check, article, _) => (check, article),
    };
    let quotes = match (&findings.archive, &check) {
        (Some(_), Some(check)) if quotes.iter().all(|q| q.match_kind == QuoteMatch::Unchecked) => {
            check.quotes.clone()
        }
        _ => quotes,
    };
    let evidence = check.map(|c| c.evidence).unwrap_or_default();
    CitationReport {
        id: citation.id,
        outlet: citation.outlet,
        source,
        date: citation.date,
        accessed: citation.accessed,
        url: findings.url,
        line: citation.line,
        claim: citation.claim,
        context: citation.context,
        quotes,
        link,
        published: article.as_ref().and_then(|a| a.published),
        language: article.as_ref().and_then(|a| a.language.clone()),
        verdict: decision.verdict,
        severity: decision.severity,
        reasons,
        evidence,
        resolution: findings.resolution,
        archive: findings.archive,
        history: findings.history,
    }
}

/// The report entry of a citation the run did not reach (interrupted).
pub(crate) fn interrupted(citation: Citation, sources: &Sources) -> CitationReport {
    let link = Link::not_requested(LinkStatus::Unchecked, Some(FailureCause::Interrupted));
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

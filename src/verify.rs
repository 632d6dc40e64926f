//! The pipeline: runs every stage for a set of documents and owns the run.
//!
//! `verify` is the only place that knows the order of the stages (parse → resolve → fetch →
//! extract → match → verdict → report). Each citation is checked in its own task; the
//! crawler's per-host queues keep the whole run polite however many tasks wait on them.
//! The run owns interruption too: on Ctrl-C the citations already checked are kept, the
//! rest are marked unchecked, and the reports are written with `complete: false` — a
//! report is always written.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use thiserror::Error;
use tokio::task::JoinSet;

use crate::document::{self, DocumentKind};
use crate::extract;
use crate::fetch::{FetchConfig, FetchError, FetchRequest, Fetcher, Purpose};
use crate::matching::{self, Check};
use crate::model::{
    Citation, CitationReport, DocumentReport, Link, LinkStatus, Report, Severity, Summary,
    REPORT_SCHEMA,
};
use crate::report::{self, Format};
use crate::resolve;
use crate::sources::Sources;
use crate::verdict::{self, VerdictInput};

/// Why a run could not start or finish.
#[derive(Debug, Error)]
pub enum VerifyError {
    /// An input path could not be listed.
    #[error("{path}: {source}")]
    Input {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The crawler could not be built.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// A report could not be written.
    #[error(transparent)]
    Report(#[from] report::ReportError),
}

/// What a `citecheck verify` run is asked to do.
#[derive(Clone)]
pub struct VerifyOptions {
    /// Files or directories to check.
    pub inputs: Vec<PathBuf>,
    /// The outlets and politeness settings.
    pub sources: Arc<Sources>,
    /// Where reports go.
    pub out: PathBuf,
    /// Which report formats to write.
    pub formats: Vec<Format>,
    /// Parse and report without any network access.
    pub dry_run: bool,
    /// The documents' publication date, to resolve year-less dates.
    pub published: Option<NaiveDate>,
    /// The lowest severity that fails the run (`None`: never).
    pub fail_on: Option<Severity>,
    /// `--resolve HOST=ADDR:PORT` overrides.
    pub resolve: Vec<(String, SocketAddr)>,
    /// Today, injectable for tests.
    pub today: NaiveDate,
}

/// One document's outcome: its report and where it was written.
#[derive(Debug, Clone)]
pub struct DocumentOutcome {
    /// The input file.
    pub input: PathBuf,
    /// The report base path (without extension).
    pub report_base: PathBuf,
    /// The report.
    pub report: Report,
}

/// What a run came to.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    /// One entry per input document.
    pub documents: Vec<DocumentOutcome>,
    /// True when an input could not be read or parsed.
    pub input_errors: bool,
    /// The worst severity of any citation.
    pub worst: Severity,
    /// False when the run was interrupted.
    pub complete: bool,
}

impl RunOutcome {
    /// The process exit code by DESIGN.md: 2 for unreadable input, 1 for findings at or
    /// above `fail_on`, else 0.
    pub fn exit_code(&self, fail_on: Option<Severity>) -> i32 {
        if self.input_errors {
            2
        } else if fail_on.is_some_and(|f| self.worst >= f) {
            1
        } else {
            0
        }
    }
}

/// An input file and where its report goes.
#[derive(Debug, Clone)]
struct Input {
    path: PathBuf,
    kind: DocumentKind,
    report_base: PathBuf,
}

/// Expands the inputs: files as given, directories into every readable file under them,
/// with report paths mirroring the input paths under `out`.
fn collect_inputs(inputs: &[PathBuf], out: &Path) -> Result<Vec<Input>, VerifyError> {
    let mut found = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files)?;
            files.sort();
            for path in files {
                if let Some(kind) = DocumentKind::from_path(&path) {
                    let relative = path.strip_prefix(input).unwrap_or(&path).with_extension("");
                    found.push(Input {
                        report_base: out.join(relative),
                        path,
                        kind,
                    });
                }
            }
        } else {
            let stem = input.file_stem().unwrap_or(input.as_os_str());
            found.push(Input {
                kind: DocumentKind::from_path(input).unwrap_or(DocumentKind::Text),
                report_base: out.join(stem),
                path: input.clone(),
            });
        }
    }
    Ok(found)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), VerifyError> {
    let entries = std::fs::read_dir(dir).map_err(|source| VerifyError::Input {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// A document read and parsed, or the error that stopped it.
struct ParsedInput {
    input: Input,
    error: Option<String>,
    citations: Vec<Citation>,
}

fn read_and_parse(input: Input, options: &VerifyOptions) -> ParsedInput {
    let text = match std::fs::read(&input.path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            return ParsedInput {
                error: Some(format!("{}: cannot read: {e}", input.path.display())),
                input,
                citations: Vec::new(),
            }
        }
    };
    match document::parse(input.kind, &text, options.published, options.today) {
        Ok(parsed) => ParsedInput {
            input,
            error: None,
            citations: parsed.citations,
        },
        Err(e) => ParsedInput {
            error: Some(format!("{}:{e}", input.path.display())),
            input,
            citations: Vec::new(),
        },
    }
}

/// Runs the pipeline over the inputs and writes the reports.
pub async fn run(options: VerifyOptions) -> Result<RunOutcome, VerifyError> {
    let inputs = collect_inputs(&options.inputs, &options.out)?;
    let parsed: Vec<ParsedInput> = inputs
        .into_iter()
        .map(|input| read_and_parse(input, &options))
        .collect();
    let fetcher = if options.dry_run {
        None
    } else {
        Some(build_fetcher(&options)?)
    };

    // One slot per citation, filled as tasks finish, so an interrupt keeps what is done.
    let slots: Arc<Mutex<Vec<Vec<Option<CitationReport>>>>> = Arc::new(Mutex::new(
        parsed
            .iter()
            .map(|p| vec![None; p.citations.len()])
            .collect(),
    ));
    let mut tasks = JoinSet::new();
    for (doc_index, doc) in parsed.iter().enumerate() {
        for (index, citation) in doc.citations.iter().enumerate() {
            let citation = citation.clone();
            let fetcher = fetcher.clone();
            let sources = options.sources.clone();
            let slots = slots.clone();
            tasks.spawn(async move {
                let checked = check_citation(citation, &sources, fetcher.as_ref()).await;
                if let Ok(mut slots) = slots.lock() {
                    slots[doc_index][index] = Some(checked);
                }
            });
        }
    }
    let complete = tokio::select! {
        _ = async { while tasks.join_next().await.is_some() {} } => true,
        _ = tokio::signal::ctrl_c() => {
            tracing::warn!("interrupted: writing partial reports");
            tasks.abort_all();
            false
        }
    };
    let filled = slots.lock().map(|s| s.clone()).unwrap_or_default();
    finish(parsed, filled, complete, &options)
}

/// Assembles and writes one report per document.
fn finish(
    parsed: Vec<ParsedInput>,
    filled: Vec<Vec<Option<CitationReport>>>,
    complete: bool,
    options: &VerifyOptions,
) -> Result<RunOutcome, VerifyError> {
    let generated_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut outcome = RunOutcome {
        documents: Vec::new(),
        input_errors: false,
        worst: Severity::Ok,
        complete,
    };
    for (doc, slots) in parsed.into_iter().zip(filled) {
        outcome.input_errors |= doc.error.is_some();
        let citations: Vec<CitationReport> = doc
            .citations
            .into_iter()
            .zip(slots)
            .map(|(citation, slot)| slot.unwrap_or_else(|| interrupted(citation, &options.sources)))
            .collect();
        for c in &citations {
            outcome.worst = outcome.worst.max(c.severity);
        }
        let documents = vec![DocumentReport {
            path: doc.input.path.display().to_string(),
            error: doc.error,
            citations,
        }];
        let report = Report {
            schema: REPORT_SCHEMA.to_string(),
            generated_at: generated_at.clone(),
            complete,
            summary: Summary::of(&documents),
            documents,
        };
        report::write(
            &report,
            &doc.input.report_base,
            &options.formats,
            options.fail_on,
        )?;
        outcome.documents.push(DocumentOutcome {
            input: doc.input.path,
            report_base: doc.input.report_base,
            report,
        });
    }
    Ok(outcome)
}

fn build_fetcher(options: &VerifyOptions) -> Result<Fetcher, FetchError> {
    let sources = options.sources.clone();
    Fetcher::new(FetchConfig {
        max_connections: options.sources.max_connections,
        resolve: options.resolve.clone(),
        ..FetchConfig::new(Arc::new(move |host: &str| {
            sources.politeness_for_host(host)
        }))
    })
}

/// A citation left unchecked because the run was interrupted before its turn.
fn interrupted(citation: Citation, sources: &Sources) -> CitationReport {
    let link = Link::not_requested(
        LinkStatus::Unchecked,
        Some("the run was interrupted before this citation was checked".into()),
    );
    assemble(citation, sources, link, None, None, false)
}

/// Checks one citation end to end: resolve, fetch, extract, match, decide.
async fn check_citation(
    citation: Citation,
    sources: &Sources,
    fetcher: Option<&Fetcher>,
) -> CitationReport {
    let outlet = citation
        .outlet
        .as_deref()
        .and_then(|name| sources.outlet_by_name(name))
        .or_else(|| {
            let url = url::Url::parse(citation.url.as_deref()?).ok()?;
            sources.outlet_by_host(url.host_str()?)
        });
    let resolved = resolve::resolve(&citation, outlet, fetcher).await;
    let Some(url) = resolved.url.clone() else {
        let link = Link::not_requested(
            LinkStatus::Unresolved,
            Some(match outlet {
                Some(o) => format!("no URL found for this citation among {}'s pages", o.name),
                None => "no URL in the document and the outlet is not in sources.toml".into(),
            }),
        );
        let mut report = assemble(citation, sources, link, None, None, false);
        report.resolution = resolved.resolution;
        return report;
    };
    let Some(fetcher) = fetcher else {
        let status = match url::Url::parse(&url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => LinkStatus::Unchecked,
            _ => LinkStatus::InvalidUrl,
        };
        let link = Link::not_requested(status, Some("dry run: not fetched".into()));
        let mut report = assemble(citation, sources, link, Some(url), None, false);
        report.resolution = resolved.resolution;
        return report;
    };
    let outcome = fetcher
        .fetch(FetchRequest::new(url.clone(), Purpose::Citation))
        .await;
    let article = outcome
        .page
        .as_ref()
        .map(|page| extract::extract(&page.text, Some(&page.url)));
    let check = article.as_ref().map(|a| (matching::check(&citation, a), a));
    let mut report = assemble(
        citation,
        sources,
        outcome.link,
        Some(url),
        check.as_ref().map(|(c, a)| (c, *a)),
        check.is_some(),
    );
    report.resolution = resolved.resolution;
    report
}

/// Builds the report entry of a citation from what was found, and decides its verdict.
fn assemble(
    citation: Citation,
    sources: &Sources,
    link: Link,
    url: Option<String>,
    check: Option<(&Check, &crate::model::Article)>,
    content_checked: bool,
) -> CitationReport {
    let source = citation
        .outlet
        .as_deref()
        .and_then(|n| sources.outlet_by_name(n))
        .map(|o| o.key.clone());
    let empty = Check::default();
    let (check_result, article) = match check {
        Some((c, a)) => (c, Some(a)),
        None => (&empty, None),
    };
    let quotes = if check.is_some() {
        check_result.quotes.clone()
    } else {
        let reason = if link.status.is_readable() || link.status == LinkStatus::Unchecked {
            "content not checked"
        } else {
            "the source could not be read"
        };
        citation
            .quotes
            .iter()
            .map(|q| crate::model::Quote::unchecked(q, reason))
            .collect()
    };
    let decision = verdict::decide(&VerdictInput {
        link: &link,
        content_checked,
        quotes: &quotes,
        evidence: &check_result.evidence,
        archive: None,
        history: None,
    });
    let mut reasons = decision.reasons;
    if let Some(error) = &link.error {
        if !link.status.is_readable() {
            reasons.insert(0, format!("{}: {error}", link.status));
        }
    }
    CitationReport {
        id: citation.id,
        outlet: citation.outlet,
        source,
        date: citation.date,
        accessed: citation.accessed,
        url,
        line: citation.line,
        claim: citation.claim,
        context: citation.context,
        quotes,
        link,
        published: article.and_then(|a| a.published),
        language: article.and_then(|a| a.language.clone()),
        verdict: decision.verdict,
        severity: decision.severity,
        reasons,
        evidence: check_result.evidence.clone(),
        resolution: None,
        archive: None,
        history: None,
    }
}

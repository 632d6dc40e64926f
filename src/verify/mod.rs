//! The pipeline: runs every stage for a set of documents and owns the run.
//!
//! `verify` is the only place that knows the order of the stages (parse → resolve → fetch →
//! extract → match → verdict → report). Each citation is checked in its own task; the
//! crawler's per-host queues keep the whole run polite however many tasks wait on them.
//! The run owns interruption too: on SIGINT, SIGTERM or SIGHUP the citations already checked are kept, the
//! rest are marked unchecked, and the reports are written with `complete: false` — a
//! report is always written.

mod capture;
mod citation;
mod finish;
mod history;
mod inputs;
mod pace;
mod rolling;
mod signals;
mod stream;
mod timings;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use thiserror::Error;

use crate::archive::warc::{WarcReplay, WarcWriter};
use crate::fetch::exchange::{ExchangeSink, ReplaySource};
use crate::fetch::{FetchConfig, FetchError, Fetcher};
use crate::model::{CitationReport, Hosts, Report, Severity};
use crate::report::log::LogWriter;
use crate::report::progress::{host_label, Progress, ProgressMode};
use crate::report::{self, Format};
use crate::shard::{self, Shard};
use crate::sources::Sources;
use crate::state::{Clock, Confirmation, State, StateError, SystemClock};

use capture::CaptureQueue;
use citation::Checker;
use finish::finish;
use history::HistoryWriter;
use inputs::ParsedInput;
pub use rolling::{wrap_up, Rolling};
use stream::Slots;
pub use timings::{Stage, Tally, Timings};

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
    /// The state file could not be opened or closed.
    #[error(transparent)]
    State(#[from] StateError),
    /// A report could not be written.
    #[error(transparent)]
    Report(#[from] report::ReportError),
    /// The capture could not be written or read.
    #[error(transparent)]
    Capture(#[from] crate::archive::warc::WarcError),
    /// A writer thread (the history's) could not be started.
    #[error("cannot start a thread: {0}")]
    Thread(std::io::Error),
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
    /// The history file of scheduled runs (`--state`).
    pub state: Option<PathBuf>,
    /// When a broken link counts as confirmed.
    pub confirmation: Confirmation,
    /// The clock the history sees (the system's; tests inject a manual one to span days).
    pub clock: Arc<dyn Clock>,
    /// Which part of a split run this is (`--shard I/N`).
    pub shard: Shard,
    /// Refuse loopback, private and link-local addresses (`--deny-private`).
    pub deny_private: bool,
    /// `--exclude`: URLs never requested.
    pub exclude: crate::fetch::Exclusions,
    /// `--record DIR`: write every exchange of the run as WARC into DIR.
    pub record: Option<PathBuf>,
    /// `--replay FILE`: answer every request from this capture, never the network.
    pub replay: Option<PathBuf>,
    /// `--record-limit`: the most bytes the `--record` folder may hold, earlier captures
    /// included; a run whose capture would pass it stops recording and fails.
    pub record_limit: u64,
    /// How progress is shown.
    pub progress: ProgressMode,
    /// The log writer to route through the progress display while it is drawn.
    pub log_writer: Option<LogWriter>,
    /// `--cache DIR`: where answers are kept across runs (`None`: no cache).
    pub cache: Option<PathBuf>,
    /// `--cache-limit`: the most bytes the cache directory may hold.
    pub cache_limit: u64,
    /// `--budget`, `--max-requests`, `--max-age`: a rolling run (with `state`).
    pub rolling: Rolling,
    /// `--timings`: measure where the run's time goes ([`RunOutcome::timings`]).
    pub timings: bool,
}

impl VerifyOptions {
    /// Options with every optional capability off: a plain run of `inputs`.
    pub fn new(inputs: Vec<PathBuf>, sources: Sources, out: PathBuf) -> VerifyOptions {
        VerifyOptions {
            inputs,
            sources: Arc::new(sources),
            out,
            formats: vec![Format::Json, Format::Markdown],
            dry_run: false,
            published: None,
            fail_on: Some(Severity::Error),
            resolve: Vec::new(),
            today: chrono::Local::now().date_naive(),
            state: None,
            confirmation: Confirmation::default(),
            clock: Arc::new(SystemClock),
            shard: Shard::WHOLE,
            deny_private: false,
            exclude: crate::fetch::Exclusions::default(),
            record: None,
            replay: None,
            record_limit: DEFAULT_RECORD_LIMIT,
            progress: ProgressMode::Quiet,
            log_writer: None,
            cache: None,
            cache_limit: crate::cache::DEFAULT_LIMIT,
            rolling: Rolling::default(),
            timings: false,
        }
    }
}

/// The default cap on the `--record` folder: 1 GB.
pub const DEFAULT_RECORD_LIMIT: u64 = 1_000_000_000;

/// One document's outcome: its report and where it was written.
#[derive(Debug, Clone)]
pub struct DocumentOutcome {
    /// The input file.
    pub input: PathBuf,
    /// The report base path (without the format suffix).
    pub report_base: PathBuf,
    /// The report.
    pub report: Report,
    /// Whether the report files were written (not for a file that could not be read).
    pub written: bool,
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
    /// The WARC file the run was recorded in (`--record`).
    pub capture: Option<PathBuf>,
    /// Requests the run sent (robots.txt, probes, retries and redirect hops included).
    pub requests: usize,
    /// Why the capture failed (a full disk, the cap): the run then fails with exit 2.
    pub capture_error: Option<String>,
    /// Hosts the run sent requests to and how many answered (`None` on a dry run).
    pub hosts: Option<Hosts>,
    /// Where the run's time went, by stage and host (with `--timings`).
    pub timings: Option<Arc<Timings>>,
}

impl RunOutcome {
    /// The process exit code by DESIGN.md: 2 for unreadable input, 1 for findings at or
    /// above `fail_on`, else 0 — and 130 (the shell's code for Ctrl-C) when the run was
    /// interrupted, so a partial report is never mistaken for a clean one.
    pub fn exit_code(&self, fail_on: Option<Severity>) -> i32 {
        if !self.complete {
            130
        } else if self.input_errors || self.capture_error.is_some() {
            2
        } else if fail_on.is_some_and(|f| self.worst >= f) || self.reached_nothing() {
            1
        } else {
            0
        }
    }
}

impl RunOutcome {
    /// True when the run sent requests and no host gave any HTTP response: it checked
    /// nothing (offline, a proxy or firewall), so it fails whatever `--fail-on` says.
    pub fn reached_nothing(&self) -> bool {
        self.hosts.is_some_and(|h| h.none_answered())
    }
}

/// The progress plan: citations per host label.
fn progress_plan(parsed: &[ParsedInput]) -> Vec<(String, usize)> {
    let mut plan: std::collections::BTreeMap<String, usize> = Default::default();
    for citation in parsed.iter().flat_map(|p| &p.citations) {
        *plan.entry(host_label(citation)).or_default() += 1;
    }
    plan.into_iter().collect()
}

/// The run's resolver: `max_candidates` from sources.toml, and the disk cache when one
/// is asked for (a cache that cannot be opened is warned about, and the run goes on
/// without it).
fn resolver_for(options: &VerifyOptions) -> crate::resolve::Resolver {
    let limits = crate::resolve::Limits {
        max_candidates: options
            .sources
            .max_candidates
            .unwrap_or(crate::resolve::LIMITS.max_candidates),
        ..crate::resolve::Limits::default()
    };
    let resolver = crate::resolve::Resolver::new(limits).with_archives(&options.sources.archives);
    match options.cache.as_deref().filter(|_| !options.dry_run) {
        Some(dir) => match crate::cache::DiskCache::open(dir) {
            Ok(cache) => {
                let cache = cache.with_limit(options.cache_limit);
                for kind in [crate::cache::DISCOVERED, crate::cache::LISTS] {
                    cache.prune(kind);
                }
                resolver.with_disk_cache(Arc::new(cache))
            }
            Err(e) => {
                tracing::warn!("{e}; running without a cache");
                resolver
            }
        },
        None => resolver,
    }
}

/// Runs the pipeline over the inputs and writes the reports.
pub async fn run(options: VerifyOptions) -> Result<RunOutcome, VerifyError> {
    let started = tokio::time::Instant::now();
    let mut interrupts = signals::Interrupts::install();
    // An unwritable --out is found now, not after the whole crawl.
    crate::atomic::check_writable(&options.out).map_err(|source| report::ReportError {
        path: options.out.display().to_string(),
        source,
    })?;
    let mut parsed: Vec<ParsedInput> = inputs::collect(&options.inputs, &options.out)?
        .into_iter()
        .map(|input| {
            let limits = &options.sources.limits;
            inputs::read_and_parse(input, options.published, options.today, limits)
        })
        .collect();
    for doc in &mut parsed {
        let name = doc.input.name();
        let found = doc.citations.len();
        doc.citations
            .retain(|c| options.shard.owns_citation(&name, c, &options.sources));
        match &doc.error {
            Some(error) => tracing::info!(document = %name, "not read: {error}"),
            None => tracing::info!(
                document = %name,
                "{found} citations, {} checked by this run",
                doc.citations.len()
            ),
        }
    }
    for entry in options.sources.expired_ignores(options.today) {
        tracing::warn!(
            "{}: ignore entry expired on {}: {}",
            entry.location(),
            entry.expires,
            entry.reason
        );
    }
    let state = match &options.state {
        Some(path) if !options.dry_run => Some(Arc::new(State::open_with(
            path,
            options.clock.as_ref(),
            options.confirmation,
        )?)),
        _ => None,
    };
    let (fetcher, capture) = if options.dry_run {
        (None, None)
    } else {
        let (fetcher, capture) = build_fetcher(&options)?;
        (Some(fetcher), capture)
    };
    if let Some(fetcher) = &fetcher {
        // Each cited page is kept only until the citations that cite it have read it.
        for url in parsed
            .iter()
            .flat_map(|p| &p.citations)
            .filter_map(|c| c.url.as_deref())
        {
            fetcher.announce(url);
        }
    }
    let timings = options.timings.then(|| Arc::new(Timings::default()));
    let checker = Arc::new(Checker {
        sources: options.sources.clone(),
        fetcher,
        history: match &state {
            Some(state) => Some(Arc::new(
                HistoryWriter::start(state.clone()).map_err(VerifyError::Thread)?,
            )),
            None => None,
        },
        resolver: resolver_for(&options),
        today: options.today,
        timings: timings.clone(),
    });
    let progress =
        Arc::new(Progress::new(options.progress, progress_plan(&parsed)).dry_run(options.dry_run));
    if let Some(writer) = &options.log_writer {
        writer.attach(&progress);
    }
    let run_time = state
        .as_ref()
        .map_or_else(|| options.clock.now(), |s| s.run_time());
    let keys = state.as_ref().map(|_| rolling::keys(&parsed));
    let stale_before = options.rolling.stale_before(run_time);
    let rolling_state = state
        .as_ref()
        .filter(|_| options.rolling.bounded() && checker.fetcher.is_some());
    let (mut filled, complete) = match (rolling_state, &keys) {
        (Some(state), Some(keys)) => {
            let last = state.last_checks().unwrap_or_else(|e| {
                tracing::warn!("{e}: every citation counts as never checked");
                Default::default()
            });
            let lanes = rolling::plan(&parsed, keys, &last, stale_before, &options.sources);
            let limits = rolling::Limits {
                deadline: options.rolling.deadline(started),
                max_requests: options.rolling.max_requests,
            };
            let (checker, progress) = (checker.clone(), progress.clone());
            rolling::check_within(&parsed, lanes, checker, progress, &mut interrupts, limits).await
        }
        _ => {
            check_all(
                &mut parsed,
                checker.clone(),
                progress.clone(),
                &mut interrupts,
            )
            .await
        }
    };
    if let Some(history) = &checker.history {
        // Every citation's history is written before the run's own end-of-run writes.
        history.close();
    }
    let requests = checker.fetcher.as_ref().map_or(0, |f| f.requests_sent());
    let hosts = checker.fetcher.as_ref().map(Fetcher::hosts);
    if !options.dry_run {
        rolling::keep(
            &parsed,
            &mut filled,
            keys.as_deref(),
            state.as_deref(),
            run_time,
        );
    }
    if let (Some(state), Some(keys)) = (rolling_state, &keys) {
        rolling::carry(
            &parsed,
            &mut filled,
            keys,
            state,
            stale_before,
            &options.sources,
        );
    }
    drop(checker);
    progress.finish();
    if let Some(writer) = &options.log_writer {
        writer.detach();
    }
    let writing = std::time::Instant::now();
    let mut outcome = finish(parsed, filled, complete, hosts, &options)?;
    if let Some(timings) = &timings {
        timings.add(Stage::Report, "-", writing.elapsed());
    }
    outcome.timings = timings;
    outcome.requests = requests;
    if let Some((writer, queue)) = capture {
        if let Some(queue) = queue {
            queue.close();
        }
        match writer.finish() {
            Ok(path) => outcome.capture = Some(path),
            Err(e) => {
                tracing::error!("{e}");
                outcome.capture_error = Some(e.to_string());
            }
        }
    }
    if let Some(state) = state {
        match Arc::try_unwrap(state) {
            Ok(state) => state.finish(complete)?,
            Err(_) => tracing::warn!("the state file is still in use; its run is not closed"),
        }
    }
    Ok(outcome)
}

/// Checks one citation, showing it in the progress display and logging its outcome: the
/// one step both a whole run and a rolling run take per citation.
pub(crate) async fn check_one(
    checker: &Checker,
    progress: &Progress,
    name: &str,
    citation: crate::model::Citation,
) -> crate::model::CitationReport {
    let host = host_label(&citation);
    progress.started(&host);
    let checked = checker.check(name, citation).await;
    tracing::info!(
        document = %name,
        citation = %checked.id,
        url = checked.url.as_deref().unwrap_or("-"),
        "{} / {}",
        checked.link.status,
        checked.verdict
    );
    progress.done(&host, checked.severity);
    checked
}

/// Checks every citation lane by lane ([`stream::run_streaming`]); returns the filled slots
/// and whether the run completed (false when a signal interrupted it).
async fn check_all(
    parsed: &mut [ParsedInput],
    checker: Arc<Checker>,
    progress: Arc<Progress>,
    interrupts: &mut signals::Interrupts,
) -> (Slots, bool) {
    let mut finished: Vec<(usize, Vec<Option<CitationReport>>)> = Vec::new();
    let (mut slots, complete) = stream::run_streaming(
        parsed,
        checker,
        progress,
        interrupts,
        &mut |document, entries| {
            finished.push((document, entries));
        },
    )
    .await;
    for (document, entries) in finished {
        if let Some(slot) = slots.get_mut(document) {
            *slot = entries;
        }
    }
    (slots, complete)
}

/// The most a replayed record may hold: the largest `max_body` any host has, and 1 MiB for
/// headers. A record past it replays as `too_large`, as the body would have been live.
fn replay_block_cap(sources: &Sources) -> u64 {
    let largest = std::iter::once(&sources.defaults)
        .chain(sources.outlets.iter().map(|o| &o.politeness))
        .map(|p| p.max_body)
        .max()
        .unwrap_or(sources.defaults.max_body);
    largest.saturating_add(1 << 20)
}

/// A run's capture: the WARC writer and the queue that feeds it (`None`: recorded inline).
type Capture = (Arc<WarcWriter>, Option<Arc<CaptureQueue>>);

/// The crawler of a run, and the WARC writer it records to (`--record`).
fn build_fetcher(options: &VerifyOptions) -> Result<(Fetcher, Option<Capture>), VerifyError> {
    let mut capture = None;
    let recorder = match &options.record {
        Some(dir) => {
            let room = crate::archive::warc::room_left(dir, options.record_limit)?;
            let writer = Arc::new(WarcWriter::create_capped(dir, room)?);
            tracing::info!("recording to {}", writer.path().display());
            // One writer thread, fed through a bounded queue (verify/capture.rs).
            let sink: Arc<dyn ExchangeSink> = match CaptureQueue::start(writer.clone()) {
                Some(queue) => {
                    let queue = Arc::new(queue);
                    capture = Some((writer, Some(queue.clone())));
                    queue
                }
                None => {
                    capture = Some((writer.clone(), None));
                    writer
                }
            };
            Some(sink)
        }
        None => None,
    };
    let replay = match &options.replay {
        Some(file) => {
            let cap = replay_block_cap(&options.sources);
            Some(Arc::new(WarcReplay::open_capped(file, cap)?) as Arc<dyn ReplaySource>)
        }
        None => None,
    };
    let sources = options.sources.clone();
    let shared = shard::shared_hosts(&sources);
    let shard = options.shard;
    let fetcher = Fetcher::new(FetchConfig {
        max_connections: options.sources.max_connections,
        resolve: options.resolve.clone(),
        deny_private: options.deny_private,
        exclude: options.exclude.clone(),
        address_rate: options.sources.limits.address_rate,
        recorder,
        replay,
        ..FetchConfig::new(Arc::new(move |host: &str| {
            shard.politeness(host, sources.politeness_for_host(host), &shared)
        }))
    })?;
    Ok((fetcher, capture))
}

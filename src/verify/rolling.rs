//! Rolling runs: a nightly run that ends within its window and still reports the whole
//! archive (`--budget`, `--max-requests`, `--max-age`, all with `--state`).
//!
//! One host's rate bounds how fast its citations can be checked, however many runners share
//! the work, so an archive can be larger than one night's window. A rolling run checks the
//! most urgent slice of it and reports the rest from the state file:
//!
//! * **What goes first** ([`crate::state::rolling::Tier`]): citations never checked, then
//!   suspects (a broken link not yet confirmed), then results older than `--max-age`, then
//!   the rest — oldest result first within each tier.
//! * **Hosts side by side:** the citations are split into *lanes*, one per site (the
//!   outlet that owns the host, else the host: the key `--shard` splits by), each in that
//!   order. Every lane runs at once with as many citations in flight as its host's
//!   `concurrency`, so a slow host (a Crawl-delay of 10 s) never holds back a fast one, and
//!   no host has more queued than it can serve: when the budget ends, nothing is half
//!   waiting in a deep queue.
//! * **A clean stop:** a lane starts no citation it cannot expect to finish (its citations
//!   so far took that long on average) before the deadline, nor any once `--max-requests`
//!   requests were sent; at the deadline whatever is still in flight is dropped. The
//!   deadline keeps a twentieth of the budget (at most 30 s) for writing the reports.
//! * **Every citation reported:** one not checked this run carries its last result
//!   (`carried: true`, with its `checked_at`; `stale: true` past `--max-age`); one no run
//!   ever checked says so. A budget that runs out is not an interruption: `complete` stays
//!   true.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::model::{Change, CitationReport, FailureCause};
use crate::report::progress::Progress;
use crate::shard;
use crate::sources::Sources;
use crate::state::rolling::{citation_key, urgency, LastCheck};
use crate::state::State;

use super::citation::{self, Checker};
use super::inputs::ParsedInput;
use super::{signals, Slots};

/// What bounds a rolling run. All `None`: a plain run that checks everything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rolling {
    /// `--budget`: the run ends within this long, reports written.
    pub budget: Option<Duration>,
    /// `--max-requests`: no citation is started once this many requests were sent (those
    /// under way finish, so a run may send a few more).
    pub max_requests: Option<usize>,
    /// `--max-age`: results older than this are checked first, and marked `stale` when
    /// the budget could not reach them.
    pub max_age: Option<Duration>,
}

impl Rolling {
    /// True when the run may stop before checking everything.
    pub fn bounded(&self) -> bool {
        self.budget.is_some() || self.max_requests.is_some()
    }

    /// True when any rolling option is given (each needs `--state`).
    pub fn any(&self) -> bool {
        self.bounded() || self.max_age.is_some()
    }

    /// When results count as stale, for a run at `now`.
    pub fn stale_before(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let age = chrono::Duration::from_std(self.max_age?).ok()?;
        now.checked_sub_signed(age)
    }

    /// The instant after which no citation is checked, for a run started at `started`: the
    /// budget less the time kept for writing reports.
    pub fn deadline(&self, started: Instant) -> Option<Instant> {
        let budget = self.budget?;
        started.checked_add(budget.saturating_sub(wrap_up(budget)))
    }
}

/// Time kept at the end of a budget for writing the reports: a twentieth, at most 30 s.
pub fn wrap_up(budget: Duration) -> Duration {
    (budget / 20).min(Duration::from_secs(30))
}

/// The key of every citation, per document (`keys[document][citation]`).
pub(crate) fn keys(parsed: &[ParsedInput]) -> Vec<Vec<String>> {
    parsed
        .iter()
        .map(|doc| {
            let name = doc.input.name();
            doc.citations
                .iter()
                .map(|c| citation_key(&name, c))
                .collect()
        })
        .collect()
}

/// One citation waiting in a lane.
struct Item {
    document: usize,
    index: usize,
}

/// One site's citations, most urgent first.
pub(crate) struct Lane {
    name: String,
    width: usize,
    queue: Mutex<VecDeque<Item>>,
    /// Time spent on this lane's finished citations, and how many.
    spent: Mutex<(Duration, u32)>,
}

impl Lane {
    fn next(&self) -> Option<Item> {
        self.queue.lock().ok()?.pop_front()
    }

    /// What a citation of this lane is expected to take: the mean so far (zero at first).
    fn estimate(&self) -> Duration {
        match self.spent.lock() {
            Ok(spent) if spent.1 > 0 => spent.0 / spent.1,
            _ => Duration::ZERO,
        }
    }

    fn took(&self, time: Duration) {
        if let Ok(mut spent) = self.spent.lock() {
            spent.0 += time;
            spent.1 += 1;
        }
    }

    /// Citations not started.
    fn left(&self) -> usize {
        self.queue.lock().map_or(0, |q| q.len())
    }
}

/// Splits the citations into lanes, one per site, each most urgent first.
pub(crate) fn plan(
    parsed: &[ParsedInput],
    keys: &[Vec<String>],
    last: &HashMap<String, LastCheck>,
    stale_before: Option<DateTime<Utc>>,
    sources: &Sources,
) -> Vec<Lane> {
    let mut lanes: BTreeMap<String, Vec<_>> = BTreeMap::new();
    let mut position = 0;
    for (document, doc) in parsed.iter().enumerate() {
        let name = doc.input.name();
        for (index, citation) in doc.citations.iter().enumerate() {
            let key = shard::shard_key(&name, citation, sources);
            // Citations of no known site make no requests of one: they share a lane.
            let lane = if key.starts_with("citation:") {
                "unknown site".to_string()
            } else {
                key
            };
            let order = urgency(last.get(&keys[document][index]), stale_before, position);
            position += 1;
            lanes
                .entry(lane)
                .or_default()
                .push((order, Item { document, index }));
        }
    }
    lanes
        .into_iter()
        .map(|(name, mut items)| {
            items.sort_by_key(|item| item.0);
            Lane {
                width: lane_width(&name, sources),
                name,
                queue: Mutex::new(items.into_iter().map(|(_, item)| item).collect()),
                spent: Mutex::new((Duration::ZERO, 0)),
            }
        })
        .collect()
}

/// Citations in flight at once in a lane: its host's `concurrency`.
fn lane_width(lane: &str, sources: &Sources) -> usize {
    let politeness = if let Some(key) = lane.strip_prefix("outlet:") {
        sources
            .outlets
            .iter()
            .find(|o| o.key == key)
            .map_or_else(|| sources.defaults.clone(), |o| o.politeness.clone())
    } else if let Some(host) = lane.strip_prefix("host:") {
        sources.politeness_for_host(host)
    } else {
        sources.defaults.clone()
    };
    politeness.concurrency.max(1)
}

/// What stops a rolling run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// No citation is checked after this instant.
    pub deadline: Option<Instant>,
    /// No citation is started once this many requests were sent.
    pub max_requests: Option<usize>,
}

/// Checks the lanes side by side until they are done or the limits are reached; returns
/// the filled slots and whether the run completed (false when a signal interrupted it).
pub(crate) async fn check_within(
    parsed: &[ParsedInput],
    lanes: Vec<Lane>,
    checker: Arc<Checker>,
    progress: Arc<Progress>,
    interrupts: &mut signals::Interrupts,
    limits: Limits,
) -> (Slots, bool) {
    let mut slots: Slots = parsed
        .iter()
        .map(|p| vec![None; p.citations.len()])
        .collect();
    // Workers return what they checked through this channel: no shared slots to lock.
    let (sender, mut results) = tokio::sync::mpsc::unbounded_channel::<(Item, CitationReport)>();
    let citations: Arc<Vec<(String, Vec<crate::model::Citation>)>> = Arc::new(
        parsed
            .iter()
            .map(|p| (p.input.name(), p.citations.clone()))
            .collect(),
    );
    let lanes: Vec<Arc<Lane>> = lanes.into_iter().map(Arc::new).collect();
    let mut tasks = JoinSet::new();
    for lane in &lanes {
        for _ in 0..lane.width {
            let (lane, checker, sender) = (lane.clone(), checker.clone(), sender.clone());
            let (citations, progress) = (citations.clone(), progress.clone());
            tasks.spawn(async move {
                work(&lane, &checker, &citations, &sender, &progress, limits).await;
            });
        }
    }
    let deadline = async {
        match limits.deadline {
            Some(at) => tokio::time::sleep_until(at).await,
            None => std::future::pending().await,
        }
    };
    let complete = tokio::select! {
        _ = async { while tasks.join_next().await.is_some() {} } => true,
        _ = deadline => {
            tracing::info!("the budget is spent: the citations under way are left for a later run");
            tasks.abort_all();
            true
        }
        signal = interrupts.recv() => {
            tracing::warn!("interrupted by {signal}: writing partial reports");
            tasks.abort_all();
            false
        }
    };
    drop(sender);
    // Aborted tasks end at their next await.
    while tasks.join_next().await.is_some() {}
    while let Ok((item, checked)) = results.try_recv() {
        if let Some(slot) = slots
            .get_mut(item.document)
            .and_then(|d| d.get_mut(item.index))
        {
            *slot = Some(checked);
        }
    }
    for lane in &lanes {
        let left = lane.left();
        if left > 0 {
            tracing::info!(lane = %lane.name, "{left} citations left for a later run");
        }
    }
    (slots, complete)
}

/// One worker of a lane: takes the lane's citations in order while the limits allow.
async fn work(
    lane: &Lane,
    checker: &Checker,
    citations: &[(String, Vec<crate::model::Citation>)],
    results: &tokio::sync::mpsc::UnboundedSender<(Item, CitationReport)>,
    progress: &Progress,
    limits: Limits,
) {
    // Bounded by the lane's queue: each pass takes one citation or ends.
    loop {
        let sent = checker.fetcher.as_ref().map_or(0, |f| f.requests_sent());
        if limits.max_requests.is_some_and(|max| sent >= max) {
            return;
        }
        if limits
            .deadline
            .is_some_and(|at| Instant::now() + lane.estimate() >= at)
        {
            return;
        }
        let Some(item) = lane.next() else {
            return;
        };
        let Some((name, citation)) = citations
            .get(item.document)
            .and_then(|(name, list)| Some((name, list.get(item.index)?.clone())))
        else {
            continue;
        };
        let started = Instant::now();
        let checked = super::check_one(checker, progress, name, citation).await;
        lane.took(started.elapsed());
        if results.send((item, checked)).is_err() {
            return; // the run stopped listening
        }
    }
}

/// Notes when each checked citation was checked (`run_time`), and keeps its result in the
/// state file for later rolling runs.
pub(crate) fn keep(
    parsed: &[ParsedInput],
    filled: &mut Slots,
    keys: Option<&[Vec<String>]>,
    state: Option<&State>,
    run_time: DateTime<Utc>,
) {
    for slot in filled.iter_mut().flatten().flatten() {
        slot.checked_at = Some(run_time);
    }
    let (Some(state), Some(keys)) = (state, keys) else {
        return;
    };
    let names: Vec<String> = parsed.iter().map(|p| p.input.name()).collect();
    let names = &names;
    let results = filled.iter().enumerate().flat_map(|(document, slots)| {
        slots.iter().enumerate().filter_map(move |(index, slot)| {
            let key = keys.get(document)?.get(index)?;
            Some((key.as_str(), names.get(document)?.as_str(), slot.as_ref()?))
        })
    });
    if let Err(e) = state.keep_results(results) {
        tracing::warn!("results not kept for later runs: {e}");
    }
}

/// Fills the slots this run did not check: the last result, carried, or an entry saying
/// the citation was never checked.
pub(crate) fn carry(
    parsed: &[ParsedInput],
    filled: &mut Slots,
    keys: &[Vec<String>],
    state: &State,
    stale_before: Option<DateTime<Utc>>,
    sources: &Sources,
) {
    for (document, slots) in filled.iter_mut().enumerate() {
        for (index, slot) in slots.iter_mut().enumerate() {
            if slot.is_some() {
                continue;
            }
            let citation = parsed[document].citations[index].clone();
            let last = keys
                .get(document)
                .and_then(|k| k.get(index))
                .and_then(|key| {
                    state
                        .last_result(key)
                        .map_err(|e| tracing::warn!("last result not read: {e}"))
                        .ok()
                        .flatten()
                });
            *slot = Some(match last {
                Some(report) => carried(report, citation, stale_before),
                None => citation::not_checked(citation, sources, FailureCause::RunBudgetSpent),
            });
        }
    }
}

/// The last result of a citation as this run reports it: as found then, with the
/// citation's place in today's document, nothing "changed" since (it was not looked at),
/// and a reason saying when it was checked.
fn carried(
    mut report: CitationReport,
    citation: crate::model::Citation,
    stale_before: Option<DateTime<Utc>>,
) -> CitationReport {
    report.id = citation.id;
    report.line = citation.line;
    report.claim = citation.claim;
    report.context = citation.context;
    report.carried = true;
    if let Some(history) = &mut report.history {
        history.change = Change::Unchanged;
    }
    let day = report.checked_at.map_or_else(
        || "an earlier run".to_string(),
        |t| t.date_naive().to_string(),
    );
    report.reasons.push(format!(
        "not re-checked this run: the result of the check of {day}"
    ));
    report.stale = match (report.checked_at, stale_before) {
        (Some(at), Some(before)) => at < before,
        _ => false,
    };
    if report.stale {
        report
            .reasons
            .push("older than the run's --max-age: due for a check".to_string());
    }
    report
}

//! Checking a run's citations lane by lane and handing each document over as soon as its
//! last citation is checked.
//!
//! The workers of each lane ([`super::pace`]) take their host's citations one at a time
//! and *return* what they checked through a channel: nothing is written into shared state,
//! so no lock can be poisoned and no result dropped. The run loop gathers the results per
//! document and calls `on_document` with a document's entries the moment the last of them
//! arrives, so its report can be written and its entries dropped while the rest of the run
//! goes on ([`run_streaming`]). What is still under way when a signal comes stays in the
//! returned slots, for the partial reports.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinSet;

use crate::model::{Citation, CitationReport};
use crate::report::progress::Progress;

use super::citation::Checker;
use super::inputs::ParsedInput;
use super::pace::{self, Item};
use super::signals;

/// One slot per citation of each document: its entry once checked.
pub(crate) type Slots = Vec<Vec<Option<CitationReport>>>;

/// A lane's citations still to take.
struct Queue(Mutex<VecDeque<Item>>);

impl Queue {
    fn next(&self) -> Option<Item> {
        // The lock is held for a pop only; a poisoned one still holds a consistent queue.
        let mut queue = self.0.lock().unwrap_or_else(|p| p.into_inner());
        queue.pop_front()
    }
}

/// Citations checked at once across the run: as many as the connections the run may open
/// (measured on bench_scale: twice as many was about 8% faster but held 20 MiB more pages).
fn in_flight_limit(checker: &Checker) -> usize {
    checker.sources.max_connections.max(MIN_IN_FLIGHT)
}

/// The fewest citations in flight, whatever the connection cap.
const MIN_IN_FLIGHT: usize = 8;

/// Checks one citation in a task of its own, so a bug that panics costs that citation its
/// result (reported as an internal error), never its worker or the rest of its host's
/// citations.
async fn check_isolated(
    checker: &Arc<Checker>,
    progress: &Arc<Progress>,
    name: String,
    citation: Citation,
) -> CitationReport {
    let (checker_for_task, progress_for_task) = (checker.clone(), progress.clone());
    let claim = citation.clone();
    let mut task = AbortOnDrop(tokio::spawn(async move {
        super::check_one(&checker_for_task, &progress_for_task, &name, claim).await
    }));
    match (&mut task.0).await {
        Ok(checked) => checked,
        Err(error) => {
            tracing::error!(citation = %citation.id, "a citation's check failed: {error}");
            super::citation::not_checked(
                citation,
                &checker.sources,
                crate::model::FailureCause::CheckFailed,
            )
        }
    }
}

/// A task aborted when its handle is dropped: an interrupted run's worker takes its
/// citation's check down with it.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Checks every citation of `parsed`; calls `on_document(index, entries)` for each document
/// when its last citation is checked (a document without citations at the start). Returns
/// the slots of the documents not handed over (empty for those that were) and whether the
/// run completed (false when a signal interrupted it). The citations are lent to the
/// workers for the run (not copied) and are back in `parsed` when it returns.
pub(crate) async fn run_streaming(
    parsed: &mut [ParsedInput],
    checker: Arc<Checker>,
    progress: Arc<Progress>,
    interrupts: &mut signals::Interrupts,
    on_document: &mut dyn FnMut(usize, Vec<Option<CitationReport>>),
) -> (Slots, bool) {
    let mut slots: Slots = parsed
        .iter()
        .map(|p| vec![None; p.citations.len()])
        .collect();
    let mut left: Vec<usize> = parsed.iter().map(|p| p.citations.len()).collect();
    let mut handed = vec![false; parsed.len()];
    for (document, count) in left.iter().enumerate() {
        if *count == 0 {
            handed[document] = true;
            on_document(document, Vec::new());
        }
    }
    let lanes = pace::plan(parsed, &checker.sources);
    let citations: Arc<Vec<(String, Vec<Citation>)>> = Arc::new(
        parsed
            .iter_mut()
            .map(|p| (p.input.name(), std::mem::take(&mut p.citations)))
            .collect(),
    );
    let (sender, mut results) = mpsc::unbounded_channel::<(Item, CitationReport)>();
    let mut tasks = JoinSet::new();
    // However many hosts the run has, at most this many citations are checked at once, so
    // the pages held follow the work in flight, not the number of hosts.
    let in_flight = Arc::new(Semaphore::new(in_flight_limit(&checker)));
    for lane in lanes {
        let queue = Arc::new(Queue(Mutex::new(lane.items)));
        for _ in 0..lane.width {
            let (queue, checker, progress) = (queue.clone(), checker.clone(), progress.clone());
            let (citations, sender) = (citations.clone(), sender.clone());
            let in_flight = in_flight.clone();
            tasks.spawn(async move {
                // Bounded by the lane's queue: each pass takes one citation or ends.
                loop {
                    // The semaphore is never closed; without a permit the run goes on.
                    let permit = in_flight.clone().acquire_owned().await.ok();
                    let Some(item) = queue.next() else {
                        return;
                    };
                    let Some((name, citation)) =
                        citations.get(item.document).and_then(|(name, list)| {
                            Some((name.clone(), list.get(item.index)?.clone()))
                        })
                    else {
                        continue;
                    };
                    let checked = check_isolated(&checker, &progress, name, citation).await;
                    drop(permit);
                    if sender.send((item, checked)).is_err() {
                        return; // the run stopped listening (interrupted)
                    }
                }
            });
        }
    }
    drop(sender);
    let gather = async {
        // Ends when every worker has ended and dropped its sender.
        while let Some((item, checked)) = results.recv().await {
            let Some(slot) = slots
                .get_mut(item.document)
                .and_then(|d| d.get_mut(item.index))
            else {
                continue;
            };
            *slot = Some(checked);
            left[item.document] = left[item.document].saturating_sub(1);
            if left[item.document] == 0 && !handed[item.document] {
                handed[item.document] = true;
                on_document(item.document, std::mem::take(&mut slots[item.document]));
            }
        }
    };
    let complete = tokio::select! {
        _ = gather => true,
        signal = interrupts.recv() => {
            tracing::warn!("interrupted by {signal}: writing partial reports");
            false
        }
    };
    tasks.abort_all();
    // A worker that panicked lost only its own citation (reported as not reached).
    while let Some(ended) = tasks.join_next().await {
        match ended {
            Err(e) if e.is_panic() => tracing::error!("a citation's check failed: {e}"),
            _ => {}
        }
    }
    // Every worker has ended: the citations go back to their documents.
    let lent = Arc::try_unwrap(citations).unwrap_or_else(|shared| (*shared).clone());
    for (doc, (_, list)) in parsed.iter_mut().zip(lent) {
        doc.citations = list;
    }
    if !complete {
        // What finished before the abort is kept.
        while let Ok((item, checked)) = results.try_recv() {
            if let Some(slot) = slots
                .get_mut(item.document)
                .and_then(|d| d.get_mut(item.index))
            {
                *slot = Some(checked);
            }
        }
    }
    (slots, complete)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocumentKind;
    use crate::report::progress::ProgressMode;
    use crate::sources::Sources;
    use crate::verify::inputs::Input;
    use std::path::{Path, PathBuf};

    fn document(name: &str, count: usize) -> ParsedInput {
        ParsedInput {
            input: Input {
                path: PathBuf::from(name),
                kind: DocumentKind::CitationList,
                report_base: PathBuf::from("out").join(name),
            },
            error: None,
            citations: (0..count)
                .map(|i| Citation {
                    id: format!("c{}", i + 1),
                    outlet: None,
                    date: None,
                    accessed: false,
                    url: Some(format!("http://host{}.test/{name}/{i}", i % 3)),
                    line: i + 1,
                    column: 1,
                    claim: format!("Claim {i}."),
                    context: String::new(),
                    quotes: Vec::new(),
                })
                .collect(),
            warnings: Vec::new(),
            read: true,
        }
    }

    #[tokio::test]
    async fn each_document_is_handed_over_once_and_whole_when_its_last_citation_is_checked() {
        let mut parsed = vec![
            document("a.json", 7),
            document("empty.json", 0),
            document("b.json", 4),
        ];
        let sources = Sources::parse("", Path::new("sources.toml")).expect("sources");
        // No fetcher: a dry run, so every check ends at once.
        let checker = Arc::new(Checker {
            sources: Arc::new(sources),
            fetcher: None,
            history: None,
            resolver: crate::resolve::Resolver::default(),
            today: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).expect("date"),
            timings: None,
        });
        let progress = Arc::new(Progress::new(ProgressMode::Quiet, Vec::new()));
        let mut interrupts = signals::Interrupts::install();
        let mut handed: Vec<(usize, Vec<Option<CitationReport>>)> = Vec::new();
        let (left, complete) = run_streaming(
            &mut parsed,
            checker,
            progress,
            &mut interrupts,
            &mut |document, entries| handed.push((document, entries)),
        )
        .await;
        assert!(complete);
        assert_eq!(
            handed.first().map(|(d, _)| *d),
            Some(1),
            "the empty one at once"
        );
        handed.sort_by_key(|(document, _)| *document);
        let counts: Vec<(usize, usize)> = handed.iter().map(|(d, e)| (*d, e.len())).collect();
        assert_eq!(counts, [(0, 7), (1, 0), (2, 4)], "each once, whole");
        for (document, entries) in &handed {
            let ids: Vec<&str> = entries
                .iter()
                .map(|e| e.as_ref().map_or("missing", |e| e.id.as_str()))
                .collect();
            let wanted: Vec<&str> = parsed[*document]
                .citations
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            assert_eq!(ids, wanted, "document {document}: every entry in its place");
        }
        assert!(left.iter().all(Vec::is_empty), "nothing left behind");
        assert_eq!(parsed[0].citations.len(), 7, "the citations are back");
    }
}

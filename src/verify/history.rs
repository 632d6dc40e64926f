//! The one writer of the history (`--state`): every read and write of the SQLite file goes
//! through a queue to a thread that owns it, so no async worker blocks on SQLite.
//!
//! The history sits behind one connection; before, each citation's task took its lock
//! on a runtime worker thread, and a write (a transaction with its journal) stalled every
//! fetch that thread drove. Now a task hands the work to [`HistoryWriter::call`] and awaits
//! the answer: the thread runs the jobs one at a time, in arrival order, which is also the
//! order SQLite would have serialised them in. [`HistoryWriter::close`] waits for the
//! queue to drain, before the run's own end-of-run writes.

use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use crate::state::State;

/// A piece of work on the history.
type Job = Box<dyn FnOnce(&State) + Send>;

/// Hands work on the history to its one thread.
pub(crate) struct HistoryWriter {
    jobs: Mutex<Option<Sender<Job>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

impl HistoryWriter {
    /// Starts the thread that owns `state` for the run.
    pub fn start(state: Arc<State>) -> std::io::Result<HistoryWriter> {
        let (jobs, queue) = channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("citecheck-history".into())
            .spawn(move || {
                // Ends when the queue is closed.
                for job in queue {
                    // A job that panics loses its own answer (its caller gets `None`), not
                    // the writer: the rest of the run's history is still written.
                    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        job(&state);
                    }));
                    if ran.is_err() {
                        tracing::error!("a history write failed; the run goes on without it");
                    }
                }
            })?;
        Ok(HistoryWriter {
            jobs: Mutex::new(Some(jobs)),
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Runs `work` on the history's thread and returns its answer; `None` once the writer
    /// is closed (the run is over) or when the work panicked.
    pub async fn call<T, F>(&self, work: F) -> Option<T>
    where
        F: FnOnce(&State) -> T + Send + 'static,
        T: Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move |state| {
            // The caller is gone (its citation was aborted by an interrupt): its write is
            // dropped, so the history never records what the report calls not checked.
            if answer.is_closed() {
                return;
            }
            let _ = answer.send(work(state));
        });
        let jobs = lock(&self.jobs).clone()?;
        jobs.send(job).ok()?;
        answered.await.ok()
    }

    /// Closes the queue and waits until every job in it has run.
    pub fn close(&self) {
        drop(lock(&self.jobs).take());
        if let Some(thread) = lock(&self.thread).take() {
            if thread.join().is_err() {
                tracing::error!("the history writer stopped unexpectedly");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::SystemClock;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_task_gets_its_answer_from_the_one_writer_and_close_drains_the_queue() {
        let state = Arc::new(State::in_memory(&SystemClock).expect("state"));
        let writer = Arc::new(HistoryWriter::start(state.clone()).expect("thread"));
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..64u32 {
            let writer = writer.clone();
            tasks.spawn(async move {
                let url = format!("http://a.test/{i}");
                let thread = writer
                    .call(|_| std::thread::current().name().map(str::to_string))
                    .await;
                let previous = writer.call(move |s| s.previous(&url).is_ok()).await;
                (thread, previous)
            });
        }
        while let Some(done) = tasks.join_next().await {
            let (thread, previous) = done.expect("task");
            assert_eq!(thread.flatten().as_deref(), Some("citecheck-history"));
            assert_eq!(previous, Some(true));
        }
        // A job that panics costs its own answer only.
        let failed: Option<u32> = writer.call(|_| panic!("a bug in one write")).await;
        assert_eq!(failed, None);
        assert_eq!(writer.call(|_| 2).await, Some(2), "the writer goes on");
        writer.close();
        assert_eq!(writer.call(|_| 1).await, None, "closed: no more work");
        assert!(
            Arc::try_unwrap(state).is_ok(),
            "the thread let the state go"
        );
    }
}

//! A bounded pool for CPU-bound work: HTML parsing, extraction and matching.
//!
//! The crawler's tasks run on the async runtime's worker threads, which must stay free to
//! drive sockets and timers. Extracting a page (an HTML parse of up to 8 MB, the DOM walk,
//! language detection) and matching a citation against it take milliseconds each, and a
//! run does it thousands of times: done on a worker thread, it stalls every fetch that
//! thread drives, and the run uses one core while the network waits. [`run`] moves such
//! work to the runtime's blocking threads, at most one piece per core at a time (a
//! semaphore sized by [`cores`]), so both cores extract while the network waits, and the
//! pages waiting for a core are bounded by the tasks in flight, never by the run.
//!
//! Why a semaphore in front of `spawn_blocking` rather than rayon: the blocking pool is
//! already in the runtime, the permit is awaited (a task waiting for a core holds no
//! thread), and a panic in the work comes back to the caller as it would have inline.

use std::sync::OnceLock;

use tokio::sync::Semaphore;

/// The permits of the process: one per core, shared by every run and runtime in it.
static PERMITS: OnceLock<Semaphore> = OnceLock::new();

/// How many pieces of CPU-bound work run at once: the cores this process may use.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
}

fn permits() -> &'static Semaphore {
    PERMITS.get_or_init(|| Semaphore::new(cores()))
}

/// Runs `work` on a blocking thread once a core is free, and returns its result. A panic
/// in `work` is resumed in the caller, as if the work had run inline.
pub async fn run<T, F>(work: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // The semaphore is never closed, so a permit always comes; without one (impossible)
    // the work still runs, only unbounded.
    let _permit = permits().acquire().await.ok();
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => value,
        Err(error) => match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            // Only a runtime shutting down cancels a blocking task: the caller's task is
            // being torn down with it.
            Err(_) => std::panic::resume_unwind(Box::new("the runtime shut down")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_pieces_run_at_once_than_there_are_cores() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..16 {
            let (running, most) = (running.clone(), most.clone());
            tasks.spawn(run(move || {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(5));
                running.fetch_sub(1, Ordering::SeqCst);
                i * 2
            }));
        }
        let mut sum = 0;
        while let Some(result) = tasks.join_next().await {
            sum += result.expect("no panic");
        }
        assert_eq!(
            sum,
            (0..16).map(|i| i * 2).sum::<i32>(),
            "every result returned"
        );
        assert!(most.load(Ordering::SeqCst) <= cores());
    }

    #[tokio::test]
    async fn a_panic_in_the_work_reaches_the_caller() {
        let caught = tokio::spawn(run(|| -> u8 { panic!("boom") })).await;
        assert!(caught.is_err_and(|e| e.is_panic()));
    }
}

//! One host's queue: when its next request may go out.
//!
//! Politeness is per host, so each host gets its own gate and no host ever waits behind
//! another's (a single global FIFO in front of per-host limiters makes a run grouped by host
//! take 2.5× the politeness bound). A request takes its turn in this order:
//!
//! 1. a slot of the host's `concurrency` (a fair semaphore: the host's queue);
//! 2. the end of any pause the host asked for (Retry-After, a 429);
//! 3. a token from the host's governor bucket (burst 1, one token per interval);
//! 4. a slot of the global `max_connections` — only now, so a request waiting for its
//!    host's token never holds a connection another host could use;
//! 5. a last check of the spacing since the host's previous request actually went out,
//!    which is what the server sees: if step 4 made this request late, the next one could
//!    otherwise follow it too closely.
//!
//! The interval used is the host's rate interval (raised by a robots.txt Crawl-delay, never
//! lowered) plus a 2% margin (at least 0.5 ms): sends are spaced by at least the interval, but
//! network and scheduler jitter can bring arrivals at the server closer together, and the
//! margin keeps any one-second window at the server within the rate.

use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::{OnceCell, Semaphore, SemaphorePermit};
use tokio::time::Instant;

use super::robots::RobotsRule;
use super::soft404::Probe;
use crate::sources::Politeness;

/// The pacing interval for a nominal one: the interval plus a small margin for jitter.
pub(crate) fn paced(interval: Duration) -> Duration {
    let margin = (interval / 50)
        .max(Duration::from_micros(500))
        .min(interval / 10);
    interval + margin
}

/// A governor bucket that grants one token per `interval`, with burst 1.
fn limiter(interval: Duration) -> Arc<DefaultDirectRateLimiter> {
    let period = paced(interval).max(Duration::from_nanos(1));
    let quota = Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(NonZeroU32::MIN);
    Arc::new(RateLimiter::direct(quota))
}

struct Pace {
    interval: Duration,
    limiter: Arc<DefaultDirectRateLimiter>,
}

/// A host's queue, limits and per-host caches (robots.txt, the soft-404 probe).
pub(crate) struct Host {
    /// The host name (lower-case, no port).
    pub name: String,
    /// Its settings from sources.toml.
    pub politeness: Politeness,
    pace: Mutex<Pace>,
    slots: Semaphore,
    paused_until: Mutex<Option<Instant>>,
    last_send: tokio::sync::Mutex<Option<Instant>>,
    /// Its robots.txt, fetched once by the first request that needs it.
    pub robots: OnceCell<RobotsRule>,
    /// What it serves for a path that cannot exist, probed once when first needed.
    pub probe: OnceCell<Option<Probe>>,
}

/// Permission to send one request; dropping it frees the slots.
pub(crate) struct Turn<'a> {
    _slot: Option<SemaphorePermit<'a>>,
    _connection: Option<SemaphorePermit<'a>>,
}

impl Host {
    /// A fresh queue for a host.
    pub fn new(name: String, politeness: Politeness) -> Host {
        let interval = politeness.rate.interval();
        Host {
            name,
            slots: Semaphore::new(politeness.concurrency.max(1)),
            politeness,
            pace: Mutex::new(Pace {
                interval,
                limiter: limiter(interval),
            }),
            paused_until: Mutex::new(None),
            last_send: tokio::sync::Mutex::new(None),
            robots: OnceCell::new(),
            probe: OnceCell::new(),
        }
    }

    /// The current nominal interval between two requests.
    pub fn interval(&self) -> Duration {
        self.pace.lock().map(|p| p.interval).unwrap_or_default()
    }

    /// Raises the interval (a Crawl-delay); a shorter one is ignored.
    pub fn raise_interval(&self, interval: Duration) {
        if let Ok(mut pace) = self.pace.lock() {
            if interval > pace.interval {
                tracing::debug!(host = %self.name, ?interval, "crawl-delay raises the interval");
                pace.interval = interval;
                pace.limiter = limiter(interval);
            }
        }
    }

    /// Holds every request to this host until `until` (Retry-After, 429).
    pub fn pause_until(&self, until: Instant) {
        if let Ok(mut paused) = self.paused_until.lock() {
            if paused.is_none_or(|p| p < until) {
                *paused = Some(until);
            }
        }
    }

    fn paused_until(&self) -> Option<Instant> {
        self.paused_until.lock().ok().and_then(|p| *p)
    }

    /// Waits for this host's turn and a global connection slot. With `pacing` off (replay),
    /// only the slots are taken.
    pub async fn turn<'a>(&'a self, connections: &'a Semaphore, pacing: bool) -> Turn<'a> {
        // The semaphores are never closed, so acquiring cannot fail; `ok()` keeps it total.
        let slot = self.slots.acquire().await.ok();
        if pacing {
            self.wait_for_pause().await;
            let limiter = self.pace.lock().map(|p| p.limiter.clone()).ok();
            if let Some(limiter) = limiter {
                limiter.until_ready().await;
            }
        }
        let connection = connections.acquire().await.ok();
        if pacing {
            let mut last = self.last_send.lock().await;
            // Each pass either returns or sleeps to a later instant; pauses are capped.
            loop {
                let now = Instant::now();
                let spaced = last.map(|l| l + paced(self.interval())).unwrap_or(now);
                let next = spaced.max(self.paused_until().unwrap_or(now));
                if next <= now {
                    break;
                }
                tokio::time::sleep_until(next).await;
            }
            *last = Some(Instant::now());
        }
        Turn {
            _slot: slot,
            _connection: connection,
        }
    }

    async fn wait_for_pause(&self) {
        while let Some(until) = self.paused_until() {
            if until <= Instant::now() {
                break;
            }
            tokio::time::sleep_until(until).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_margin_is_small_and_bounded() {
        assert_eq!(paced(Duration::from_millis(50)), Duration::from_millis(51));
        assert_eq!(paced(Duration::from_secs(1)), Duration::from_millis(1020));
        assert!(paced(Duration::from_millis(1)) <= Duration::from_micros(1100));
    }

    #[tokio::test]
    async fn turns_are_spaced_by_the_interval() {
        let politeness = Politeness {
            rate: crate::sources::Rate::parse("50/s").unwrap(),
            concurrency: 4,
            ..Politeness::default()
        };
        let host = Host::new("a.test".into(), politeness);
        let connections = Semaphore::new(8);
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..5 {
            let _turn = host.turn(&connections, true).await;
            times.push(start.elapsed());
        }
        for pair in times.windows(2) {
            assert!(pair[1] - pair[0] >= Duration::from_millis(20), "{times:?}");
        }
    }

    #[tokio::test]
    async fn a_pause_holds_the_queue_and_crawl_delay_only_raises() {
        let host = Host::new("b.test".into(), Politeness::default());
        host.raise_interval(Duration::from_millis(10));
        assert_eq!(host.interval(), Duration::from_secs(1));
        let connections = Semaphore::new(1);
        let fast = Host::new(
            "c.test".into(),
            Politeness {
                rate: crate::sources::Rate::parse("100/s").unwrap(),
                ..Politeness::default()
            },
        );
        let start = Instant::now();
        fast.pause_until(start + Duration::from_millis(60));
        let _turn = fast.turn(&connections, true).await;
        assert!(start.elapsed() >= Duration::from_millis(60));
    }
}

//! One host's queue: when its next request may go out.
//!
//! Politeness is per host, so each host gets its own gate and no host ever waits behind
//! another's (a single global FIFO in front of per-host limiters makes a run grouped by host
//! take 2.5× the politeness bound). A request takes its turn in this order:
//!
//! 1. a slot of the host's `concurrency` (a fair semaphore: the host's queue);
//! 2. the end of any pause the host asked for (Retry-After, a 429);
//! 3. a token from the host's governor bucket (burst 1): never two requests back to back;
//! 4. the host's send log: at most `N` requests (the rate's count) in any window of the
//!    rate's period, as the server counts them;
//! 5. a slot of the global `max_connections` — only now, so a request waiting for its
//!    host's turn never holds a connection another host could use (if another request of
//!    the host went out meanwhile, the slot is given back and step 4 is waited again).
//!
//! Under the hosts, each IP address has a gate of the same kind (`per_address.rs`): steps 4
//! and 5 then wait for the address's send log too, and the request is logged in both at
//! the same instant, so neither the host nor the address ever sees more than its rate.
//!
//! Why both a bucket and a log: a burst-1 bucket at exactly the rate's interval bounds the
//! sliding window, but every late timer wake-up (scheduler load, timer ticks) is lost for
//! good — its next token is an interval after the *late* grant — and on a busy machine that
//! made a 20/s crawl 5–7% slower than the bound. So the bucket spaces requests by 90% of the
//! interval (still no bursts: the tightest gap a server sees is 0.9/rate), and the log, which
//! is anchored on the request `N` back rather than on the last one, holds the rate itself and
//! lets a late request's successors catch up.
//!
//! What the log anchors on decides whether jitter can break the bound at the server. The
//! send instant is not enough: a request delayed on its way (a busy scheduler) arrives late
//! and can land in the same window as one sent a period later. Its completion is: the server
//! saw the request before it answered, so a request sent a period after another's answer
//! arrives at least a period after it. Anchoring on completion costs a round trip per window,
//! so the anchor is the completion or the send plus 10% of the period (at least 1 ms),
//! whichever is earlier: exact for hosts that answer within that (loopback, much of the web),
//! and at most 10% slower for slow ones. (2% and 5% were measured too tight: on a machine
//! loaded to five times its cores, requests stalled 20–150 ms between send and arrival.) A robots.txt Crawl-delay replaces the rate with one request per
//! delay when that is slower (never faster).

use std::collections::VecDeque;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use crate::sources::{Politeness, Rate};

/// The tightest gap allowed between two requests to a host, as a fraction of its interval.
const MIN_GAP: f64 = 0.9;

/// How long after its send a request's completion still anchors the window: 10% of the
/// period, at least 1 ms (see the module docs).
pub(crate) fn anchor_allowance(rate: Rate) -> Duration {
    (rate.per / 10).max(Duration::from_millis(1))
}

/// One request in a host's send log.
#[derive(Debug, Clone, Copy)]
struct Sent {
    seq: u64,
    at: Instant,
    done: Option<Instant>,
}

impl Sent {
    /// The instant the window is counted from (see the module docs).
    fn anchor(&self, allowance: Duration) -> Instant {
        let latest = self.at + allowance;
        self.done.map_or(latest, |done| done.min(latest))
    }
}

/// The host's recent requests, oldest first, at most the rate's count of them.
#[derive(Debug, Default)]
struct SendLog {
    next_seq: u64,
    entries: VecDeque<Sent>,
}

/// A governor bucket that grants one token per 90% of the rate's interval, burst 1.
fn limiter(rate: Rate) -> Arc<DefaultDirectRateLimiter> {
    let period = rate
        .interval()
        .mul_f64(MIN_GAP)
        .max(Duration::from_nanos(1));
    let quota = Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(NonZeroU32::MIN);
    Arc::new(RateLimiter::direct(quota))
}

struct Pace {
    rate: Rate,
    limiter: Arc<DefaultDirectRateLimiter>,
}

/// A host's queue and limits (robots.txt and the soft-404 probe are per origin:
/// `origin.rs`). An IP address's gate is one too (`per_address.rs`).
pub(crate) struct Host {
    /// The host name (lower-case, no port).
    pub name: String,
    /// Its settings from sources.toml.
    pub politeness: Politeness,
    pace: Mutex<Pace>,
    slots: Semaphore,
    paused_until: Mutex<Option<Instant>>,
    /// The host's recent requests (a std mutex: a finished turn updates it on drop).
    log: Mutex<SendLog>,
}

/// Permission to send one request; dropping it (when the answer is in) frees the slots and
/// marks the request complete in the host's send log.
pub(crate) struct Turn<'a> {
    host: &'a Host,
    seq: Option<u64>,
    /// The address gate the request was also logged in, and its number there.
    address: Option<(&'a Host, u64)>,
    _slot: Option<SemaphorePermit<'a>>,
    _connection: Option<SemaphorePermit<'a>>,
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        if let Some(seq) = self.seq {
            self.host.mark_done(seq);
        }
        if let Some((gate, seq)) = self.address {
            gate.mark_done(seq);
        }
    }
}

impl Host {
    /// A fresh queue for a host.
    pub fn new(name: String, politeness: Politeness) -> Host {
        let rate = politeness.rate;
        Host {
            name,
            slots: Semaphore::new(politeness.concurrency.max(1)),
            politeness,
            pace: Mutex::new(Pace {
                rate,
                limiter: limiter(rate),
            }),
            paused_until: Mutex::new(None),
            log: Mutex::new(SendLog::default()),
        }
    }

    /// Marks a logged request complete (its answer is in).
    fn mark_done(&self, seq: u64) {
        if let Ok(mut log) = self.log.lock() {
            if let Some(entry) = log.entries.iter_mut().find(|e| e.seq == seq) {
                entry.done = Some(Instant::now());
            }
        }
    }

    /// Raises the rate to `rate` when that is faster (an address gate never holds a host
    /// below its own rate); a slower one is ignored.
    pub fn speed_up_to(&self, rate: Rate) {
        use super::per_address::per_second;
        if let Ok(mut pace) = self.pace.lock() {
            if per_second(rate) > per_second(pace.rate) {
                pace.rate = rate;
                pace.limiter = limiter(rate);
            }
        }
    }

    /// The rate in force (the configured one, or a slower Crawl-delay).
    pub fn rate(&self) -> Rate {
        match self.pace.lock() {
            Ok(pace) => pace.rate,
            Err(poisoned) => poisoned.into_inner().rate,
        }
    }

    /// Slows the host to one request per `delay` (a Crawl-delay) when that is slower than
    /// its rate; a faster one is ignored.
    pub fn raise_interval(&self, delay: Duration) {
        if let Ok(mut pace) = self.pace.lock() {
            if delay > pace.rate.interval() {
                tracing::debug!(host = %self.name, ?delay, "crawl-delay slows the host");
                pace.rate = Rate {
                    requests: 1,
                    per: delay,
                };
                pace.limiter = limiter(pace.rate);
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

    /// Waits for this host's turn, its address's (when `address` gates it) and a global
    /// connection slot. With `pacing` off (replay), only the slots are taken.
    pub async fn turn<'a>(
        &'a self,
        connections: &'a Semaphore,
        pacing: bool,
        address: Option<&'a Host>,
    ) -> Turn<'a> {
        // The semaphores are never closed, so acquiring cannot fail; `ok()` keeps it total.
        let slot = self.slots.acquire().await.ok();
        if !pacing {
            return Turn {
                host: self,
                seq: None,
                address: None,
                _slot: slot,
                _connection: connections.acquire().await.ok(),
            };
        }
        let limiter = self.pace.lock().map(|p| p.limiter.clone()).ok();
        self.wait_for_pause().await;
        if let Some(limiter) = limiter {
            limiter.until_ready().await;
        }
        // Wait for the host's window without holding a connection slot; take one only when
        // the request may go, and give it back if another request of this host went first.
        // Each pass ends in a send unless one of the host's `concurrency` requests did.
        loop {
            self.wait_until_ready().await;
            if let Some(gate) = address {
                gate.wait_until_ready().await;
            }
            let connection = connections.acquire().await.ok();
            if let Some((seq, gate_seq)) = self.try_send(address) {
                return Turn {
                    host: self,
                    seq: Some(seq),
                    address: address.zip(gate_seq),
                    _slot: slot,
                    _connection: connection,
                };
            }
        }
    }

    /// When the next request may go out: after any pause, 90% of an interval after the last
    /// request, and a period after the anchor of the request `N` back.
    fn ready_at(&self, log: &SendLog, now: Instant) -> Instant {
        let rate = self.rate();
        let mut next = self.paused_until().unwrap_or(now).max(now);
        if let Some(last) = log.entries.back() {
            next = next.max(last.at + rate.interval().mul_f64(MIN_GAP));
        }
        let count = rate.requests.max(1) as usize;
        if log.entries.len() >= count {
            let oldest = log.entries[log.entries.len() - count];
            next = next.max(oldest.anchor(anchor_allowance(rate)) + rate.per);
        }
        next
    }

    /// Sleeps until the log would allow a request (others may still go first).
    async fn wait_until_ready(&self) {
        // Each pass sleeps to a later instant or ends; pauses are capped.
        loop {
            let now = Instant::now();
            let next = match self.log.lock() {
                Ok(log) => self.ready_at(&log, now),
                Err(_) => now,
            };
            if next <= now {
                return;
            }
            tokio::time::sleep_until(next).await;
        }
    }

    /// Logs a request — here and in the address gate, at the same instant — and returns
    /// its numbers if both allow it now. Locks are taken host first, then address (a gate
    /// never locks a host), so two requests cannot deadlock.
    fn try_send(&self, address: Option<&Host>) -> Option<(u64, Option<u64>)> {
        let mut log = self.log.lock().ok()?;
        let now = Instant::now();
        if self.ready_at(&log, now) > now {
            return None;
        }
        let gate_seq = match address {
            Some(gate) => {
                let mut gate_log = gate.log.lock().ok()?;
                if gate.ready_at(&gate_log, now) > now {
                    return None;
                }
                Some(gate.log_send(&mut gate_log, now))
            }
            None => None,
        };
        Some((self.log_send(&mut log, now), gate_seq))
    }

    /// Appends a request sent at `now` to the log, keeping the rate's count of entries.
    fn log_send(&self, log: &mut SendLog, now: Instant) -> u64 {
        let keep = self.rate().requests.max(1) as usize;
        let seq = log.next_seq;
        log.next_seq += 1;
        log.entries.push_back(Sent {
            seq,
            at: now,
            done: None,
        });
        while log.entries.len() > keep {
            log.entries.pop_front();
        }
        seq
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
    fn the_anchor_allowance_is_small() {
        let rate = |s: &str| crate::sources::Rate::parse(s).unwrap();
        assert_eq!(anchor_allowance(rate("20/s")), Duration::from_millis(100));
        assert_eq!(anchor_allowance(rate("1/2s")), Duration::from_millis(200));
        assert_eq!(anchor_allowance(rate("5/10ms")), Duration::from_millis(1));
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
            let _turn = host.turn(&connections, true, None).await;
            times.push(start.elapsed());
        }
        for pair in times.windows(2) {
            assert!(pair[1] - pair[0] >= Duration::from_millis(18), "{times:?}");
        }
    }

    #[tokio::test]
    async fn no_window_of_the_period_holds_more_than_the_rate() {
        let politeness = Politeness {
            rate: crate::sources::Rate::parse("5/100ms").unwrap(),
            concurrency: 8,
            ..Politeness::default()
        };
        let host = Host::new("w.test".into(), politeness);
        let connections = Semaphore::new(8);
        let mut times = Vec::new();
        for _ in 0..16 {
            let _turn = host.turn(&connections, true, None).await;
            times.push(Instant::now());
        }
        for (i, t) in times.iter().enumerate().skip(5) {
            assert!(*t - times[i - 5] >= Duration::from_millis(100), "{i}");
        }
    }

    #[tokio::test]
    async fn a_pause_holds_the_queue_and_crawl_delay_only_raises() {
        let host = Host::new("b.test".into(), Politeness::default());
        host.raise_interval(Duration::from_millis(10));
        assert_eq!(host.rate().interval(), Duration::from_secs(1));
        host.raise_interval(Duration::from_secs(3));
        assert_eq!(host.rate().interval(), Duration::from_secs(3));
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
        let _turn = fast.turn(&connections, true, None).await;
        assert!(start.elapsed() >= Duration::from_millis(60));
    }
}

//! Politeness toward the archives: their own rates, and a pause after a 429.
//!
//! The crawler's per-host queue knows one rate per host, but an archive host serves two
//! kinds of requests with different published limits: web.archive.org answers about 20
//! CDX queries a minute and replays at about one a second, and blocks clients that keep
//! asking after a 429. So every archive request goes through an [`ArchiveGate`] first: a
//! governor bucket (burst 1) per host and kind (`cdx_rate` for index queries,
//! `replay_rate` for copies and WARC ranges); index queries one at a time per host, each
//! starting a `cdx_rate` interval after the previous one ended (the crawler's host queue
//! lies between the gate and the wire, and could otherwise bring two closer); and a host that answered 429 left alone for `pause_after_429` — later requests to it
//! fail fast for their citation rather than wait (a run is bounded; the archive's patience
//! is not ours to test). The crawler's queue still applies underneath.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use crate::fetch::{FetchOutcome, FetchRequest, Fetcher};
use crate::sources::{Archives, Rate};

/// What kind of archive request: each has its own rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ask {
    /// A CDX query (`cdx_rate`, one at a time per host, spaced from the previous end).
    Index,
    /// Common Crawl's index: the same as [`Ask::Index`] (its published rule).
    SerialIndex,
    /// An archived copy, an archived list or a WARC byte range (`replay_rate`).
    Replay,
}

/// Why an archive request was not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// The host answered 429 recently.
    #[error("{host} is paused after a 429 (for {left_s}s more)")]
    Paused {
        /// The host.
        host: String,
        /// Seconds of the pause left.
        left_s: u64,
    },
    /// The URL has no host.
    #[error("{0} is not an archive URL")]
    NoHost(String),
}

/// The shared state of the archive hosts of a run. Cheap to clone.
#[derive(Clone)]
pub struct ArchiveGate {
    inner: Arc<Inner>,
}

struct Inner {
    cdx_rate: Rate,
    replay_rate: Rate,
    pause: Duration,
    limiters: Mutex<HashMap<(String, Ask), Arc<DefaultDirectRateLimiter>>>,
    /// Per host: index queries go one at a time, and the next starts an interval after the
    /// previous one ended (so no queue in between can bring two closer together).
    serial: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<Instant>>>>>,
    paused: Mutex<HashMap<String, Instant>>,
}

impl std::fmt::Debug for ArchiveGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArchiveGate")
            .field("cdx_rate", &self.inner.cdx_rate)
            .field("replay_rate", &self.inner.replay_rate)
            .field("pause", &self.inner.pause)
            .finish_non_exhaustive()
    }
}

impl Default for ArchiveGate {
    fn default() -> Self {
        ArchiveGate::new(&Archives::default())
    }
}

/// A bucket granting one request per interval of `rate`, burst 1.
fn limiter(rate: Rate) -> Arc<DefaultDirectRateLimiter> {
    let quota = Quota::with_period(rate.interval())
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(NonZeroU32::MIN);
    Arc::new(RateLimiter::direct(quota))
}

impl ArchiveGate {
    /// The gate for the archives of sources.toml.
    pub fn new(archives: &Archives) -> ArchiveGate {
        ArchiveGate {
            inner: Arc::new(Inner {
                cdx_rate: archives.cdx_rate,
                replay_rate: archives.replay_rate,
                pause: archives.pause_after_429,
                limiters: Mutex::new(HashMap::new()),
                serial: Mutex::new(HashMap::new()),
                paused: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// `Err` when `host` is paused after a 429.
    pub fn check(&self, host: &str) -> Result<(), Refused> {
        let now = Instant::now();
        let until = self
            .inner
            .paused
            .lock()
            .ok()
            .and_then(|p| p.get(host).copied());
        match until {
            Some(until) if until > now => Err(Refused::Paused {
                host: host.to_string(),
                left_s: (until - now).as_secs().max(1),
            }),
            _ => Ok(()),
        }
    }

    fn bucket(&self, host: &str, ask: Ask) -> Arc<DefaultDirectRateLimiter> {
        let rate = match ask {
            Ask::Index | Ask::SerialIndex => self.inner.cdx_rate,
            Ask::Replay => self.inner.replay_rate,
        };
        let kind = if ask == Ask::SerialIndex {
            Ask::Index
        } else {
            ask
        };
        match self.inner.limiters.lock() {
            Ok(mut map) => map
                .entry((host.to_string(), kind))
                .or_insert_with(|| limiter(rate))
                .clone(),
            Err(_) => limiter(rate),
        }
    }

    fn serial(&self, host: &str) -> Arc<tokio::sync::Mutex<Option<Instant>>> {
        match self.inner.serial.lock() {
            Ok(mut map) => map.entry(host.to_string()).or_default().clone(),
            Err(_) => Arc::new(tokio::sync::Mutex::new(None)),
        }
    }

    /// Fetches an archive URL within the host's rate for `ask`; a 429 pauses the host.
    pub async fn fetch(
        &self,
        fetcher: &Fetcher,
        request: FetchRequest,
        ask: Ask,
    ) -> Result<FetchOutcome, Refused> {
        let host = url::Url::parse(&request.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_lowercase))
            .ok_or_else(|| Refused::NoHost(request.url.clone()))?;
        if fetcher.replays() {
            // A replayed run asks its capture, not the archive: no rate to keep.
            return Ok(fetcher.fetch(request).await);
        }
        let serial = (ask != Ask::Replay).then(|| self.serial(&host));
        let mut one_at_a_time = match &serial {
            Some(lock) => Some(lock.lock().await),
            None => None,
        };
        if let Some(Some(ended)) = one_at_a_time.as_deref() {
            let next = *ended + self.inner.cdx_rate.interval();
            tokio::time::sleep_until(next.into()).await;
        }
        self.check(&host)?;
        self.bucket(&host, ask).until_ready().await;
        // Paused while waiting for the bucket: do not send.
        self.check(&host)?;
        let outcome = fetcher.fetch(request).await;
        if let Some(ended) = one_at_a_time.as_deref_mut() {
            *ended = Some(Instant::now());
        }
        if outcome.link.http_status == Some(429) {
            tracing::warn!(%host, pause = ?self.inner.pause, "archive answered 429; leaving it alone");
            if let Ok(mut paused) = self.inner.paused.lock() {
                paused.insert(host, Instant::now() + self.inner.pause);
            }
        }
        Ok(outcome)
    }
}

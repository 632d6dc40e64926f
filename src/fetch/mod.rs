//! The only stage that talks to the network: polite, bounded HTTP fetching.
//!
//! Everything outside this module talks to [`Fetcher::fetch`], which takes a URL and always
//! returns a [`FetchOutcome`]: every problem is a [`LinkStatus`], never an error. Inside,
//! the work is split by concern:
//!
//! * `host.rs` — one queue per host, each at its own rate and concurrency, under a global
//!   cap on connections: a governor bucket (burst 1) keeps requests apart, a send log keeps
//!   any window of the rate's period within the rate *as the server counts it*; every
//!   request counts (robots.txt, soft-404 probes, retries, redirect hops), so total time
//!   approaches the politeness bound whatever the order of the input;
//! * `robots.rs` — robots.txt read once per origin (scheme, host, port: `origin.rs`, with
//!   the soft-404 probe); Disallow honoured, Crawl-delay slows the host (never speeds it up);
//! * `per_address.rs` — the cap per IP address (`address_rate`) under the host queues;
//! * `crawl.rs` — one URL end to end: redirects followed by hand (each hop recorded, paced
//!   and checked: scheme, address rules, robots), retries with exponential backoff and
//!   jitter, Retry-After pausing the host's queue, then the judgement;
//! * `wire.rs` and `body.rs` — one request: bodies streamed under a whole-request deadline
//!   and a cap on the decoded size, errors classified, exchanges recorded or replayed;
//! * `soft404.rs` — the per-host probe for what a nonexistent path looks like, asked for
//!   before a citation's first request to the host;
//! * `reuse.rs` — a URL requested twice is fetched once: later requests (whatever their
//!   validators) share the first one's outcome; link data is kept for the run, pages within
//!   a byte budget ([`FetchConfig::page_budget`]);
//! * [`address`] — DNS with `--resolve` overrides, and the private/metadata address rules;
//! * [`charset`] — decoding by declared or sniffed encoding (also used by `extract`);
//! * [`exchange`] — capture and replay hooks: a replayed run takes the same decisions;
//! * link health judgements (codes, challenges, soft 404s) live in [`crate::health`];
//! * [`RequestBudget`] — a cap on the requests a group of fetches may send (one unlinked
//!   citation's search for its source), counted per attempt as the servers count them;
//! * discovery reads robots.txt's `Sitemap:` lines from the rules already fetched
//!   ([`Fetcher::robots_sitemaps`]), and a list served as a gzip file (`sitemap.xml.gz`)
//!   is unpacked within the body cap.
//!
//! URLs are fetched and shared without their fragment (`#…`), which is never sent.
//!
//! ```no_run
//! # async fn demo() -> Result<(), citecheck::fetch::FetchError> {
//! use std::sync::Arc;
//! use citecheck::fetch::{FetchConfig, FetchRequest, Fetcher, Purpose};
//! use citecheck::sources::Politeness;
//!
//! let fetcher = Fetcher::new(FetchConfig::new(Arc::new(|_host: &str| Politeness::default())))?;
//! let outcome = fetcher
//!     .fetch(FetchRequest::new("https://ikon.mn/n/1", Purpose::Citation))
//!     .await;
//! println!("{} {:?}", outcome.link.status, outcome.link.final_url);
//! # Ok(()) }
//! ```

pub mod address;
mod body;
pub mod charset;
mod crawl;
pub mod exchange;
mod exclude;
mod host;
mod origin;
mod per_address;
mod reuse;
pub(crate) mod robots;
mod soft404;
mod wire;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;

use crate::model::{FailureCause, Link, LinkStatus};
use crate::sources::Politeness;

pub use exclude::Exclusions;
pub use reuse::PAGE_BUDGET;

/// Why a fetcher could not be built.
#[derive(Debug, Error)]
pub enum FetchError {
    /// The HTTP client could not be configured.
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
}

/// How politely to treat a host: called once per host, the first time it is seen.
pub type PolitenessFor = Arc<dyn Fn(&str) -> Politeness + Send + Sync>;

/// What the crawler reports as it works, for progress displays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchEvent {
    /// The host of the requested URL (lower-case, no port).
    pub host: String,
    /// The URL as requested.
    pub url: String,
    /// What happened.
    pub kind: FetchEventKind,
}

/// The stages of one fetch, as reported to the event hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchEventKind {
    /// The URL joined its host's queue (reported once per distinct URL).
    Queued,
    /// Its first request went out (robots.txt of its host may have gone before).
    Started,
    /// It has its outcome.
    Finished(LinkStatus),
}

/// Receives [`FetchEvent`]s; called from crawler tasks, so it must be quick.
pub type EventHook = Arc<dyn Fn(&FetchEvent) + Send + Sync>;

/// Everything the crawler needs to know for a run. Build it with [`FetchConfig::new`] and
/// set the fields that differ, so new fields do not break callers.
#[derive(Clone)]
pub struct FetchConfig {
    /// Per-host settings (rate, concurrency, timeouts, caps, robots, user agent).
    pub politeness: PolitenessFor,
    /// Global cap on requests in flight across all hosts.
    pub max_connections: usize,
    /// `--resolve HOST=ADDR:PORT` overrides, like curl's.
    pub resolve: Vec<(String, SocketAddr)>,
    /// Refuse loopback, private and link-local addresses (after DNS, on every redirect).
    /// Addresses given by `resolve` are the user's explicit choice and stay allowed; cloud
    /// metadata addresses are refused always, flag or not (see [`address`]).
    pub deny_private: bool,
    /// Where to record every exchange (`--record`).
    pub recorder: Option<Arc<dyn exchange::ExchangeSink>>,
    /// Where to answer requests from instead of the network (`--replay`).
    pub replay: Option<Arc<dyn exchange::ReplaySource>>,
    /// Progress reports (`None`: silent).
    pub events: Option<EventHook>,
    /// The first retry's backoff; each later one doubles it (with ±50% jitter), capped by
    /// the host's `retry_after_cap`. Tests set milliseconds.
    pub backoff: Duration,
    /// The cap per IP address across the hosts on it, never below any one host's rate
    /// (`None`: off, the library default; `verify` sets sources.toml's `address_rate`).
    pub address_rate: Option<crate::sources::Rate>,
    /// Bytes of pages (text and headers) kept for reuse by later requests for the same URL,
    /// least recently used evicted first; a request for an evicted page fetches it again.
    /// Link data (status, redirects, attempts) is kept for every URL regardless.
    pub page_budget: usize,
    /// `--exclude`: URLs never requested, redirect hops included.
    pub exclude: Exclusions,
}

impl FetchConfig {
    /// A configuration with the given per-host settings and defaults for the rest: 64
    /// connections, no overrides, private addresses allowed, no capture, no replay, no
    /// events, a 1 s base backoff, [`PAGE_BUDGET`] for kept pages.
    pub fn new(politeness: PolitenessFor) -> FetchConfig {
        FetchConfig {
            politeness,
            max_connections: 64,
            resolve: Vec::new(),
            deny_private: false,
            recorder: None,
            replay: None,
            events: None,
            backoff: Duration::from_secs(1),
            address_rate: None,
            page_budget: PAGE_BUDGET,
            exclude: Exclusions::default(),
        }
    }
}

impl std::fmt::Debug for FetchConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FetchConfig")
            .field("max_connections", &self.max_connections)
            .field("resolve", &self.resolve)
            .field("deny_private", &self.deny_private)
            .field("recorder", &self.recorder.is_some())
            .field("replay", &self.replay.is_some())
            .field("events", &self.events.is_some())
            .field("backoff", &self.backoff)
            .field("address_rate", &self.address_rate)
            .field("page_budget", &self.page_budget)
            .field("exclude", &self.exclude)
            .finish()
    }
}

/// Why a URL is fetched; decides which checks apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// A cited source: full link-health checks, soft-404 detection included.
    Citation,
    /// A feed, sitemap, search or archive page used to find sources.
    Discovery,
    /// An archive service (CDX, TimeGate) or an archived copy.
    Archive,
}

/// Validators from a previous run, for a conditional request (ETag / Last-Modified).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Validators {
    /// The ETag last seen.
    pub etag: Option<String>,
    /// The Last-Modified last seen.
    pub last_modified: Option<String>,
}

/// A cap on the HTTP requests a group of fetches may send — the requests a server sees,
/// retries and redirect hops included — shared by clones.
///
/// The resolver gives each unlinked citation one, so a citation's search for its source
/// costs at most so many requests whatever the outlet's lists hold. A fetch that finds the
/// budget spent stops before its next request and reports [`LinkStatus::Unchecked`]. A
/// fetch answered from what the run already holds costs nothing; robots.txt and the
/// per-host soft-404 probe belong to the host, not to one fetch, and are not drawn from it.
#[derive(Debug, Clone)]
pub struct RequestBudget(Arc<AtomicUsize>);

impl RequestBudget {
    /// A budget of `requests`.
    pub fn new(requests: usize) -> RequestBudget {
        RequestBudget(Arc::new(AtomicUsize::new(requests)))
    }

    /// Takes one request from the budget; false when none is left.
    pub fn take(&self) -> bool {
        self.0
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
    }

    /// Takes up to `requests` (for requests counted by the caller, such as a host's
    /// robots.txt); false when fewer were left.
    pub fn spend(&self, requests: usize) -> bool {
        let before = self
            .0
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                Some(n.saturating_sub(requests))
            })
            .unwrap_or(0);
        before >= requests
    }

    /// Requests left.
    pub fn left(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl PartialEq for RequestBudget {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for RequestBudget {}

/// One thing to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRequest {
    /// The URL as cited or found.
    pub url: String,
    /// Why it is fetched.
    pub purpose: Purpose,
    /// Validators for a conditional request, if any.
    pub validators: Option<Validators>,
    /// The budget its requests are drawn from, if any.
    pub budget: Option<RequestBudget>,
    /// Only these bytes, first to last inclusive (`Range: bytes=first-last`): a record of
    /// a large archive file. A ranged request is never answered by an unranged one.
    pub range: Option<(u64, u64)>,
}

impl FetchRequest {
    /// A plain request for a purpose.
    pub fn new(url: impl Into<String>, purpose: Purpose) -> Self {
        FetchRequest {
            url: url.into(),
            purpose,
            validators: None,
            budget: None,
            range: None,
        }
    }

    /// The same request for bytes `first..=last` only.
    pub fn bytes(mut self, first: u64, last: u64) -> Self {
        self.range = Some((first, last));
        self
    }

    /// The same request, its requests drawn from `budget`.
    pub fn within(mut self, budget: &RequestBudget) -> Self {
        self.budget = Some(budget.clone());
        self
    }
}

/// A page that was read: decoded text plus what is needed to revalidate it later.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FetchedPage {
    /// The URL the text came from (after redirects).
    pub url: String,
    /// The body decoded to UTF-8 by its declared or sniffed charset.
    pub text: String,
    /// The Content-Type header.
    pub content_type: Option<String>,
    /// The charset used to decode ("UTF-8", "windows-1251").
    pub encoding: String,
    /// ETag, for revalidation next run.
    pub etag: Option<String>,
    /// Last-Modified, for revalidation next run.
    pub last_modified: Option<String>,
    /// Response headers of the final response (lower-case names).
    pub headers: Vec<(String, String)>,
}

/// What fetching one URL came to.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchOutcome {
    /// The URL requested.
    pub url: String,
    /// Link health (status, redirects, attempts, timing).
    pub link: Link,
    /// True when a conditional request got 304: the content is as last time.
    pub not_modified: bool,
    /// The page, when a body was read.
    pub page: Option<FetchedPage>,
}

/// The crawler. Cheap to clone; clones share queues, limits and caches.
#[derive(Clone)]
pub struct Fetcher {
    inner: Arc<crawl::Crawler>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher").finish_non_exhaustive()
    }
}

impl Fetcher {
    /// Builds a fetcher for a run.
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        Ok(Fetcher {
            inner: Arc::new(crawl::Crawler::new(config)?),
        })
    }

    /// Fetches one URL politely and reports what happened. Never fails: every problem is
    /// a [`LinkStatus`] in the outcome. Callers may start all their fetches at once: each
    /// waits in its own host's queue. The URL's fragment is dropped (it is never sent), and
    /// a URL this run already fetched is answered from that fetch (see `reuse.rs`).
    pub async fn fetch(&self, request: FetchRequest) -> FetchOutcome {
        let mut url = match url::Url::parse(request.url.trim()) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => u,
            Ok(u) => {
                let scheme = u.scheme().to_string();
                return invalid(request.url, FailureCause::NotHttp { scheme });
            }
            Err(e) => {
                let error = e.to_string();
                return invalid(request.url, FailureCause::NotAUrl { error });
            }
        };
        url.set_fragment(None);
        crate::redact::strip_userinfo(&mut url);
        if let Some(pattern) = self.inner.excluded(url.as_str()) {
            let cause = FailureCause::Excluded {
                pattern: pattern.to_string(),
            };
            return FetchOutcome {
                url: request.url,
                link: Link::not_requested(LinkStatus::Unchecked, Some(cause)),
                not_modified: false,
                page: None,
            };
        }
        let crawl = || self.inner.crawl(url.clone(), &request);
        let mut outcome = self.inner.reuse.fetch(url.as_str(), &request, crawl).await;
        outcome.url = request.url;
        outcome
    }
}

impl Fetcher {
    /// The `--exclude` pattern `url` matches, if any: such a URL is never requested, and
    /// discovery does not offer it as a candidate.
    pub fn excluded(&self, url: &str) -> Option<&str> {
        self.inner.excluded(url)
    }

    /// True when every answer comes from a `--replay` capture: nothing goes on the network,
    /// so there is no server to be polite to (archive pacing is skipped).
    pub fn replays(&self) -> bool {
        self.inner.replays()
    }

    /// Says that one more citation of the run will read `url`, so its page is kept until
    /// the announced citations have read it and then dropped, not held for the rest of the
    /// run (see `reuse.rs`). A URL never announced is kept by recency within the budget.
    pub fn announce(&self, url: &str) {
        let Ok(mut url) = url::Url::parse(url.trim()) else {
            return;
        };
        url.set_fragment(None);
        crate::redact::strip_userinfo(&mut url);
        self.inner.reuse.announce(url.as_str());
    }

    /// The hosts this fetcher sent requests to so far, and how many gave any HTTP
    /// response: a run where none did reached nothing (offline), whatever else it says.
    pub fn hosts(&self) -> crate::model::Hosts {
        self.inner.hosts()
    }

    /// Requests sent so far by this fetcher and its clones, every kind counted as the
    /// servers count them (robots.txt, soft-404 probes, retries, redirect hops); replayed
    /// requests count too. A rolling run (`--max-requests`) stops starting citations by it.
    pub fn requests_sent(&self) -> usize {
        self.inner.sent.load(Ordering::Relaxed)
    }

    /// The `Sitemap:` lines of the robots.txt of `url`'s host, read once per host with the
    /// rules (so finding an outlet's sitemaps costs no extra request). `Err` says why there
    /// are none to read: robots checks are off for the host, or the file could not be read.
    pub async fn robots_sitemaps(&self, url: &str) -> Result<Vec<String>, String> {
        let url = url::Url::parse(url).map_err(|e| format!("not a URL: {e}"))?;
        self.inner.robots_sitemaps(&url).await
    }
}

/// The outcome for something that is not an http(s) URL.
fn invalid(url: String, why: FailureCause) -> FetchOutcome {
    FetchOutcome {
        url,
        link: Link::not_requested(LinkStatus::InvalidUrl, Some(why)),
        not_modified: false,
        page: None,
    }
}

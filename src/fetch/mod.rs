//! The only stage that talks to the network: polite, bounded HTTP fetching.
//!
//! STUB: this is a minimal placeholder that keeps the public API stable while the real
//! crawler (per-host queues, governor rate limits, robots.txt, retries, body limits,
//! charset decoding, soft-404 probes, capture and replay) is being written. Everything
//! outside this module talks to [`Fetcher::fetch`] only.

pub mod exchange;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use thiserror::Error;

use crate::model::{Link, LinkStatus};
use crate::sources::Politeness;

/// Why a fetcher could not be built.
#[derive(Debug, Error)]
pub enum FetchError {
    /// The HTTP client could not be configured.
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
}

/// How politely to treat a host: called once per host, the first time it is seen.
pub type PolitenessFor = Arc<dyn Fn(&str) -> Politeness + Send + Sync>;

/// Everything the crawler needs to know for a run.
#[derive(Clone)]
pub struct FetchConfig {
    /// Per-host settings (rate, concurrency, timeouts, caps, robots, user agent).
    pub politeness: PolitenessFor,
    /// Global cap on requests in flight across all hosts.
    pub max_connections: usize,
    /// `--resolve HOST=ADDR:PORT` overrides, like curl's.
    pub resolve: Vec<(String, SocketAddr)>,
    /// Refuse loopback, private and link-local addresses (after DNS, on every redirect).
    pub deny_private: bool,
    /// Where to record every exchange (`--record`).
    pub recorder: Option<Arc<dyn exchange::ExchangeSink>>,
    /// Where to answer requests from instead of the network (`--replay`).
    pub replay: Option<Arc<dyn exchange::ReplaySource>>,
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Validators {
    /// The ETag last seen.
    pub etag: Option<String>,
    /// The Last-Modified last seen.
    pub last_modified: Option<String>,
}

/// One thing to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRequest {
    /// The URL as cited or found.
    pub url: String,
    /// Why it is fetched.
    pub purpose: Purpose,
    /// Validators for a conditional request, if any.
    pub validators: Option<Validators>,
}

impl FetchRequest {
    /// A plain request for a purpose.
    pub fn new(url: impl Into<String>, purpose: Purpose) -> Self {
        FetchRequest {
            url: url.into(),
            purpose,
            validators: None,
        }
    }
}

/// A page that was read: decoded text plus what is needed to revalidate it later.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
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
    pub page: Option<Page>,
}

/// The crawler. Cheap to clone; clones share queues, limits and caches.
#[derive(Clone)]
pub struct Fetcher {
    config: FetchConfig,
    client: reqwest::Client,
}

impl Fetcher {
    /// Builds a fetcher for a run.
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
        for (host, addr) in &config.resolve {
            builder = builder.resolve(host, *addr);
        }
        let client = builder
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        Ok(Fetcher { config, client })
    }

    /// Fetches one URL politely and reports what happened. Never fails: every problem is
    /// a [`LinkStatus`] in the outcome.
    pub async fn fetch(&self, request: FetchRequest) -> FetchOutcome {
        let started = Instant::now();
        let url = match url::Url::parse(&request.url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => u,
            _ => {
                return FetchOutcome {
                    url: request.url.clone(),
                    link: Link::not_requested(
                        LinkStatus::InvalidUrl,
                        Some("not an http(s) URL".into()),
                    ),
                    not_modified: false,
                    page: None,
                }
            }
        };
        let politeness = (self.config.politeness)(url.host_str().unwrap_or(""));
        let result = self
            .client
            .get(url.clone())
            .header("user-agent", politeness.user_agent)
            .timeout(politeness.timeout)
            .send()
            .await;
        let mut link = Link::not_requested(LinkStatus::Ok, None);
        link.attempts = 1;
        let mut page = None;
        match result {
            Ok(response) => {
                let code = response.status().as_u16();
                link.http_status = Some(code);
                link.status = match code {
                    200..=299 => LinkStatus::Ok,
                    404 => LinkStatus::NotFound,
                    410 => LinkStatus::Gone,
                    401 | 403 | 451 => LinkStatus::Blocked,
                    429 => LinkStatus::RateLimited,
                    400..=499 => LinkStatus::ClientError,
                    _ => LinkStatus::ServerError,
                };
                let content_type = response
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                if let Ok(bytes) = response.bytes().await {
                    if link.status == LinkStatus::Ok {
                        page = Some(Page {
                            url: url.to_string(),
                            text: String::from_utf8_lossy(&bytes).into_owned(),
                            content_type,
                            encoding: "UTF-8".into(),
                            ..Page::default()
                        });
                    }
                }
            }
            Err(e) => {
                link.status = if e.is_timeout() {
                    LinkStatus::Timeout
                } else {
                    LinkStatus::NetworkError
                };
                link.error = Some(e.to_string());
            }
        }
        link.elapsed_ms = started.elapsed().as_millis() as u64;
        FetchOutcome {
            url: request.url,
            link,
            not_modified: false,
            page,
        }
    }
}

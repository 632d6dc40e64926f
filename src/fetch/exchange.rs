//! What goes over the wire, as plain data: the hook points for capture and replay.
//!
//! The crawler reports every exchange (robots.txt, probes, feeds, retries, archives — every
//! request) to an [`ExchangeSink`] when one is configured, and when a [`ReplaySource`] is
//! configured it asks that instead of the network. Keeping these as plain data lets the WARC
//! writer and reader (in `crate::archive::warc`) live apart from the HTTP client, and lets a
//! replayed run go through exactly the same redirect, retry, robots and soft-404 logic as a
//! live one.

use chrono::{DateTime, Utc};

use crate::model::{FailureCause, LinkStatus};

/// A request as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// "GET" (citecheck sends nothing else).
    pub method: String,
    /// The absolute URL requested.
    pub url: String,
    /// Headers in the order sent.
    pub headers: Vec<(String, String)>,
}

/// A response as received, body exactly as it came (still compressed when it was).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedResponse {
    /// "HTTP/1.1", "HTTP/2.0".
    pub http_version: String,
    /// Status code.
    pub status: u16,
    /// Headers in the order received.
    pub headers: Vec<(String, String)>,
    /// The body bytes as received (before any content-decoding).
    pub body: Vec<u8>,
    /// Why the body is incomplete, in WARC-Truncated terms ("length", "time"), if it is.
    pub truncated: Option<String>,
}

/// What came back for one request: a response, or a failure with no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// The server answered (possibly with a truncated body).
    Response(RecordedResponse),
    /// No answer: DNS, refused, reset, TLS, timeout before the headers…
    Failure {
        /// The status class the failure maps to.
        status: LinkStatus,
        /// What happened.
        cause: FailureCause,
    },
}

/// One request and what came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// When the request was sent.
    pub started: DateTime<Utc>,
    /// The peer's address, when a connection was made.
    pub remote_addr: Option<String>,
    /// The request.
    pub request: RecordedRequest,
    /// The answer.
    pub outcome: Recorded,
}

/// Receives every exchange of a run (the WARC recorder implements this).
pub trait ExchangeSink: Send + Sync {
    /// Stores one exchange; failures to store are the sink's to report, never the crawl's.
    fn record(&self, exchange: &Exchange);

    /// Room in the sink's queue, when it has one: the crawler awaits a permit before each
    /// [`ExchangeSink::record`] and the sink gives it back once the exchange is stored, so
    /// a slow disk slows the crawl down instead of blocking the runtime's threads or
    /// filling memory. `None` (the default): `record` stores at once.
    fn room(&self) -> Option<std::sync::Arc<tokio::sync::Semaphore>> {
        None
    }
}

/// Answers requests from a capture instead of the network (the WARC replayer implements this).
pub trait ReplaySource: Send + Sync {
    /// The recorded answer to this request. Repeated requests for one URL get the recorded
    /// answers in the order they were captured (a 429 then a 200), the last one repeating.
    /// `None` means the URL is not in the capture: the crawler reports a `network_error`
    /// with the reason "not in capture" and never touches the network.
    fn replay(&self, request: &RecordedRequest) -> Option<Recorded>;
}

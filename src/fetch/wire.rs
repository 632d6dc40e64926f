//! One request, one answer: the only code that touches the network (or a capture).
//!
//! Everything above this layer — pacing, robots, retries, redirects, soft-404 checks — works
//! on the plain [`Answer`] / [`Failure`] it returns, so a live run and a replayed run take the
//! same decisions. Live, a request goes out through reqwest with redirects off and our own
//! `Accept-Encoding`; the body is streamed through [`BodyReader`] under a whole-request
//! deadline, so a server that trickles bytes times out and a gzip bomb stops at the cap.
//! Every exchange is handed to the configured [`ExchangeSink`] with the body exactly as
//! received. In replay mode the [`ReplaySource`] answers instead and nothing is sent.
//!
//! Errors are classified here because only here are the transport's error types visible:
//! our resolver's [`DnsFailure`] and [`AddressRefused`], rustls errors (TLS), and the I/O
//! error kinds (refused, reset, closed early).

use std::collections::HashMap;
use std::error::Error as StdError;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use tokio::time::Instant;

use super::address::{self, AddressRefused, DnsFailure, DnsResolver};
use super::body::{decode_all, BodyError, BodyReader};
use super::exchange::{
    Exchange, ExchangeSink, Recorded, RecordedRequest, RecordedResponse, ReplaySource,
};
use super::FetchError;
use crate::model::{ConnectionLoss, FailureCause, LinkStatus};

/// What a request needs besides its URL.
#[derive(Debug, Clone)]
pub(crate) struct WireRequest<'a> {
    /// The absolute URL.
    pub url: &'a url::Url,
    /// Headers to send, in order.
    pub headers: Vec<(String, String)>,
    /// Whole-request deadline, body included.
    pub timeout: Duration,
    /// Connect deadline.
    pub connect_timeout: Duration,
    /// Cap on the decoded (and raw) body.
    pub max_body: u64,
}

/// A complete answer.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    /// Status code.
    pub status: u16,
    /// Headers, names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body after content-decoding.
    pub body: Vec<u8>,
}

impl Answer {
    /// The first value of a header (name lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// A request that came to nothing usable.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Failure {
    /// The status class.
    pub status: LinkStatus,
    /// What happened.
    pub cause: FailureCause,
    /// The status code, when headers had arrived before the failure.
    pub http_status: Option<u16>,
    /// Whether another attempt may succeed (timeouts, resets, refused connections).
    pub retryable: bool,
}

impl Failure {
    fn new(status: LinkStatus, cause: FailureCause, retryable: bool) -> Failure {
        Failure {
            status,
            cause,
            http_status: None,
            retryable,
        }
    }
}

/// The first value of a header in a lower-case-named list.
pub(crate) fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The transport: HTTP clients (one per connect timeout, since reqwest sets that per
/// client), the resolver, and the capture/replay hooks.
pub(crate) struct Wire {
    clients: Mutex<HashMap<Duration, reqwest::Client>>,
    resolver: Arc<DnsResolver>,
    deny_private: bool,
    recorder: Option<Arc<dyn ExchangeSink>>,
    replay: Option<Arc<dyn ReplaySource>>,
    /// Every origin (host and port) a request went to, and whether it ever answered.
    tally: Mutex<HashMap<String, bool>>,
}

impl Wire {
    /// Builds the transport; fails only when the TLS stack cannot be set up.
    pub fn new(
        resolve: &[(String, std::net::SocketAddr)],
        deny_private: bool,
        recorder: Option<Arc<dyn ExchangeSink>>,
        replay: Option<Arc<dyn ReplaySource>>,
    ) -> Result<Wire, FetchError> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let wire = Wire {
            clients: Mutex::new(HashMap::new()),
            // DNS gets the connect timeout's default; lookups fail fast when offline.
            resolver: Arc::new(DnsResolver::new(
                resolve,
                deny_private,
                Duration::from_secs(10),
            )),
            deny_private,
            recorder,
            replay,
            tally: Mutex::new(HashMap::new()),
        };
        // Build one client now so a broken TLS setup fails the run at start, not per URL.
        wire.client(Duration::from_secs(10))?;
        Ok(wire)
    }

    /// The run's resolver (pinned answers), for the per-address cap.
    pub fn resolver(&self) -> &DnsResolver {
        &self.resolver
    }

    /// Whether answers come from a capture (no network, no pacing).
    pub fn replaying(&self) -> bool {
        self.replay.is_some()
    }

    fn client(&self, connect_timeout: Duration) -> Result<reqwest::Client, FetchError> {
        let mut clients = self
            .clients
            .lock()
            .map_err(|_| FetchError::Client("client cache poisoned".into()))?;
        if let Some(client) = clients.get(&connect_timeout) {
            return Ok(client.clone());
        }
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(self.resolver.clone())
            .connect_timeout(connect_timeout)
            .pool_idle_timeout(Duration::from_secs(30))
            .tcp_nodelay(true)
            .build()
            .map_err(|e| FetchError::Client(chain(&e)))?;
        clients.insert(connect_timeout, client.clone());
        Ok(client)
    }

    /// Hosts contacted so far and how many of them gave any HTTP response.
    pub fn hosts(&self) -> crate::model::Hosts {
        let tally = self.tally.lock().map(|t| t.clone()).unwrap_or_default();
        crate::model::Hosts {
            contacted: tally.len(),
            answered: tally.values().filter(|answered| **answered).count(),
        }
    }

    /// Counts a request to `url`'s origin, and whether an HTTP response came back (a
    /// failure after the headers, such as a body over the cap, is still an answer).
    fn count(&self, url: &url::Url, result: &Result<Answer, Failure>) {
        let answered = match result {
            Ok(_) => true,
            // Refused before any request was sent (`--deny-private`): not a contact.
            Err(failure) if failure.status == LinkStatus::InvalidUrl => return,
            Err(failure) => failure.http_status.is_some(),
        };
        let origin = format!(
            "{}:{}",
            url.host_str().unwrap_or(""),
            url.port_or_known_default().unwrap_or(0)
        );
        if let Ok(mut tally) = self.tally.lock() {
            *tally.entry(origin).or_default() |= answered;
        }
    }

    /// Sends one GET (or asks the capture) and reads the whole body.
    pub async fn exchange(&self, request: WireRequest<'_>) -> Result<Answer, Failure> {
        let result = self.exchange_uncounted(&request).await;
        self.count(request.url, &result);
        result
    }

    async fn exchange_uncounted(&self, request: &WireRequest<'_>) -> Result<Answer, Failure> {
        // IP literals never reach the resolver, so their check happens here (also in replay,
        // so a replayed run refuses what a live run would).
        if let Some(ip) = ip_literal(request.url) {
            if let Err(refused) = address::check(ip, self.deny_private, false) {
                return Err(refused_failure(&refused));
            }
        }
        let recorded_request = RecordedRequest {
            method: "GET".into(),
            url: request.url.to_string(),
            headers: request.headers.clone(),
        };
        if let Some(replay) = &self.replay {
            return match replay.replay(&recorded_request) {
                Some(recorded) => interpret(recorded, request.max_body),
                None => Err(Failure::new(
                    LinkStatus::NotCaptured,
                    FailureCause::NotInCapture,
                    false,
                )),
            };
        }
        let started = Utc::now();
        let (result, recorded, remote) = self.live(request).await;
        if let (Some(sink), Some(outcome)) = (&self.recorder, recorded) {
            if let Some(room) = sink.room() {
                // Given back by the sink once the exchange is stored.
                if let Ok(permit) = room.acquire_owned().await {
                    permit.forget();
                }
            }
            sink.record(&Exchange {
                started,
                remote_addr: remote,
                request: recorded_request,
                outcome,
            });
        }
        result
    }

    /// The live path. Returns the result, what to record (when a recorder is set) and the
    /// peer's address.
    async fn live(
        &self,
        request: &WireRequest<'_>,
    ) -> (Result<Answer, Failure>, Option<Recorded>, Option<String>) {
        let keep = self.recorder.is_some();
        let failed = |failure: Failure| {
            let recorded = keep.then(|| Recorded::Failure {
                status: failure.status,
                cause: failure.cause.clone(),
            });
            (Err(failure), recorded, None)
        };
        let client = match self.client(request.connect_timeout) {
            Ok(c) => c,
            Err(e) => {
                let cause = FailureCause::ClientSetup {
                    message: e.to_string(),
                };
                return failed(Failure::new(LinkStatus::NetworkError, cause, false));
            }
        };
        let deadline = Instant::now() + request.timeout;
        let mut builder = client.get(request.url.clone());
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let mut response = match tokio::time::timeout_at(deadline, builder.send()).await {
            Err(_) => {
                let cause = FailureCause::NoResponse {
                    within: request.timeout,
                };
                return failed(Failure::new(LinkStatus::Timeout, cause, true));
            }
            Ok(Err(e)) => return failed(classify(&e, request)),
            Ok(Ok(response)) => response,
        };
        let status = response.status().as_u16();
        let remote = response.remote_addr().map(|a| a.to_string());
        let http_version = format!("{:?}", response.version());
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| {
                let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (n.as_str().to_string(), value)
            })
            .collect();
        let record = |body: Vec<u8>, truncated: Option<&str>| {
            keep.then(|| {
                Recorded::Response(RecordedResponse {
                    http_version: http_version.clone(),
                    status,
                    headers: headers.clone(),
                    body,
                    truncated: truncated.map(str::to_string),
                })
            })
        };
        let coding = header(&headers, "content-encoding");
        let mut reader = match BodyReader::new(coding, request.max_body, keep) {
            Ok(reader) => reader,
            Err(e) => {
                let failure = body_failure(e, status);
                return (
                    Err(failure),
                    record(Vec::new(), Some("unspecified")),
                    remote,
                );
            }
        };
        loop {
            match tokio::time::timeout_at(deadline, response.chunk()).await {
                Err(_) => {
                    let mut failure = Failure::new(
                        LinkStatus::Timeout,
                        FailureCause::BodyTooSlow {
                            within: request.timeout,
                        },
                        true,
                    );
                    failure.http_status = Some(status);
                    return (
                        Err(failure),
                        record(reader.take_raw(), Some("time")),
                        remote,
                    );
                }
                Ok(Err(e)) => {
                    let mut failure = classify(&e, request);
                    failure.http_status = Some(status);
                    let raw = reader.take_raw();
                    return (Err(failure), record(raw, Some("disconnect")), remote);
                }
                Ok(Ok(Some(chunk))) => {
                    if let Err(e) = reader.push(&chunk) {
                        let truncated = match e {
                            BodyError::TooLarge { .. } => "length",
                            BodyError::Corrupt(_) => "unspecified",
                        };
                        let raw = reader.take_raw();
                        return (
                            Err(body_failure(e, status)),
                            record(raw, Some(truncated)),
                            remote,
                        );
                    }
                }
                Ok(Ok(None)) => break,
            }
        }
        let raw = if keep {
            reader.raw().to_vec()
        } else {
            Vec::new()
        };
        match reader.finish() {
            Ok(body) => {
                let recorded = record(raw, None);
                (
                    Ok(Answer {
                        status,
                        headers,
                        body,
                    }),
                    recorded,
                    remote,
                )
            }
            Err(e) => (
                Err(body_failure(e, status)),
                record(raw, Some("unspecified")),
                remote,
            ),
        }
    }
}

/// The IP address a URL names directly, if it does.
fn ip_literal(url: &url::Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(_) => None,
    }
}

fn refused_failure(refused: &AddressRefused) -> Failure {
    let cause = FailureCause::AddressRefused {
        message: refused.to_string(),
    };
    Failure::new(LinkStatus::InvalidUrl, cause, false)
}

fn body_failure(error: BodyError, status: u16) -> Failure {
    let mut failure = match error {
        BodyError::TooLarge { cap } => Failure::new(
            LinkStatus::TooLarge,
            FailureCause::BodyTooLarge { cap },
            false,
        ),
        BodyError::Corrupt(error) => {
            let cause = FailureCause::BodyUndecodable { error };
            Failure::new(LinkStatus::NetworkError, cause, false)
        }
    };
    failure.http_status = Some(status);
    failure
}

/// A recorded answer, read as a live one would have been.
fn interpret(recorded: Recorded, max_body: u64) -> Result<Answer, Failure> {
    match recorded {
        Recorded::Failure { status, cause } => {
            let retryable = matches!(status, LinkStatus::Timeout | LinkStatus::NetworkError);
            Err(Failure::new(status, cause, retryable))
        }
        Recorded::Response(response) => {
            let truncated = match response.truncated.as_deref() {
                Some("time") => Some((LinkStatus::Timeout, FailureCause::CapturedSlowBody)),
                Some("length") => Some((LinkStatus::TooLarge, FailureCause::CapturedOversizedBody)),
                Some(_) => Some((
                    LinkStatus::NetworkError,
                    FailureCause::CapturedIncompleteBody,
                )),
                None => None,
            };
            if let Some((status, cause)) = truncated {
                let mut failure = Failure::new(status, cause, status != LinkStatus::TooLarge);
                failure.http_status = Some(response.status);
                return Err(failure);
            }
            let coding = header(&response.headers, "content-encoding");
            let body = decode_all(coding, &response.body, max_body)
                .map_err(|e| body_failure(e, response.status))?;
            let headers = response
                .headers
                .into_iter()
                .map(|(n, v)| (n.to_ascii_lowercase(), v))
                .collect();
            Ok(Answer {
                status: response.status,
                headers,
                body,
            })
        }
    }
}

/// The error and its causes, joined, without repeats.
fn chain(error: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in causes(error) {
        let text = cause.to_string();
        // reqwest's and hyper's wrappers repeat the URL or say nothing of the cause.
        let wrapper =
            text.starts_with("error sending request for url") || text.starts_with("client error (");
        if !wrapper && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    if parts.is_empty() {
        return error.to_string();
    }
    parts.join(": ")
}

/// Every error in a chain, looking inside `io::Error`s (whose `source` skips their payload).
fn causes<'a>(error: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut out = Vec::new();
    let mut next = Some(error);
    while let Some(e) = next {
        if out.len() > 32 {
            break;
        }
        out.push(e);
        next = match e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => e.source(),
        };
    }
    out
}

/// Maps a transport error to a link status, says whether to retry, and puts the cause in
/// a few words ("connection refused", "cannot resolve ikon.mn (Name or service not
/// known)"): the message is shown to editors in every report, so the wrapper layers of
/// reqwest and hyper stay out of it. A cause not recognised keeps its whole chain.
fn classify(error: &reqwest::Error, request: &WireRequest<'_>) -> Failure {
    let all = causes(error);
    for cause in &all {
        if let Some(refused) = cause.downcast_ref::<AddressRefused>() {
            return refused_failure(refused);
        }
        if let Some(dns) = cause.downcast_ref::<DnsFailure>() {
            let cause = FailureCause::Dns {
                message: dns.to_string(),
            };
            return Failure::new(LinkStatus::DnsError, cause, false);
        }
        if let Some(tls) = cause.downcast_ref::<rustls::Error>() {
            let cause = FailureCause::Tls {
                detail: tls.to_string(),
            };
            return Failure::new(LinkStatus::TlsError, cause, false);
        }
    }
    let message = chain(error);
    // tokio-rustls reports a peer that hangs up mid-handshake (a plain-HTTP server answering
    // a ClientHello) as an I/O error, not a rustls one.
    if message.contains("tls handshake") {
        let cause = FailureCause::Tls {
            detail: "the server closed the connection".into(),
        };
        return Failure::new(LinkStatus::TlsError, cause, false);
    }
    let io_kind = all
        .iter()
        .find_map(|c| c.downcast_ref::<std::io::Error>().map(std::io::Error::kind));
    if error.is_timeout() || io_kind == Some(std::io::ErrorKind::TimedOut) {
        let cause = if error.is_connect() {
            FailureCause::NoConnection {
                within: request.connect_timeout,
            }
        } else {
            FailureCause::NoResponse {
                within: request.timeout,
            }
        };
        return Failure::new(LinkStatus::Timeout, cause, true);
    }
    // Refused, reset, aborted, closed before the answer was complete: all worth a retry.
    let loss = match io_kind {
        Some(std::io::ErrorKind::ConnectionRefused) => Some(ConnectionLoss::Refused),
        Some(std::io::ErrorKind::ConnectionReset) => Some(ConnectionLoss::Reset),
        Some(std::io::ErrorKind::ConnectionAborted) => Some(ConnectionLoss::Aborted),
        Some(std::io::ErrorKind::BrokenPipe) => Some(ConnectionLoss::ClosedByServer),
        Some(std::io::ErrorKind::UnexpectedEof) => Some(ConnectionLoss::ClosedEarly),
        // hyper's IncompleteMessage carries no I/O error.
        _ if message.contains("connection closed before message completed") => {
            Some(ConnectionLoss::ClosedEarly)
        }
        _ => None,
    };
    let cause = match loss {
        Some(loss) => FailureCause::Connection(loss),
        None => FailureCause::Transport { message },
    };
    Failure::new(LinkStatus::NetworkError, cause, true)
}

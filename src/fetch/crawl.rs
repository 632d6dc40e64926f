//! One URL from request to outcome: robots, retries, redirects, and what it all means.
//!
//! [`Crawler::crawl`] walks the redirect chain by hand — each hop is recorded, waits its
//! turn in its own host's queue, and is checked (scheme, address rules, robots.txt) — and
//! retries transient failures with exponential backoff and jitter, honouring Retry-After by
//! pausing the whole host. The final answer is then judged with [`crate::health`]:
//! challenge pages are `blocked` at once (never retried), 304 is `ok` and `not_modified`, a
//! permanent first hop that lands on a page is `redirected`, and for citations a 200 page
//! can still be a `soft_404` (redirected to the site root, a "not found" title, or the same
//! as the host's answer for a path that cannot exist). A citation's walk asks each host for
//! that answer (the probe) before its own request there, so no page read waits for it.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tokio::sync::Semaphore;
use tokio::time::Instant;
use url::Url;

use super::host::Host;
use super::origin::{Origin, Origins};
use super::per_address::Addresses;
use super::reuse::Reuse;
use super::robots::{agent_token, robots_url, RobotsRule};
use super::soft404::{probe_path, Probe};
use super::wire::{Answer, Failure, Wire, WireRequest};
use super::{
    charset, EventHook, FetchConfig, FetchError, FetchEvent, FetchEventKind, FetchOutcome,
    FetchRequest, FetchedPage, Purpose, Validators,
};
use crate::health::{self, Fingerprint};
use crate::model::{FailureCause, Link, LinkStatus};

/// RFC 9309: crawlers should follow at least five redirects for robots.txt.
const ROBOTS_MAX_REDIRECTS: u32 = 5;

/// The `Accept` header: pages first, anything else accepted.
const ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// The crawler behind [`super::Fetcher`]: the transport, the host queues and the shared
/// outcomes.
pub(crate) struct Crawler {
    config: FetchConfig,
    wire: Wire,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
    /// robots.txt and the soft-404 probe, per origin.
    origins: Origins,
    /// The cap per IP address under the host queues.
    addresses: Addresses,
    connections: Semaphore,
    /// In-flight and finished fetches, kept for reuse (see `reuse.rs`).
    pub reuse: Reuse,
    /// Requests sent so far, every kind counted (robots.txt, probes, retries, hops).
    pub sent: std::sync::atomic::AtomicUsize,
}

/// What a walk settles on each host before its request there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before {
    /// Nothing (robots.txt itself).
    Nothing,
    /// robots.txt (discovery and archive fetches, the soft-404 probe).
    Robots,
    /// robots.txt, then the host's soft-404 probe (citations). Probing before the page,
    /// not after it, matters for memory: a probe asked for after the page joins the back of
    /// the host's queue, and every page read meanwhile would wait for it, body in memory —
    /// with a few hundred citations queued on one host, that was ~3 MB per page of 1.5 MB.
    RobotsAndProbe,
}

/// How a walk along a redirect chain ended.
enum End {
    /// A final answer (not a followable redirect).
    Answer(Answer),
    /// No usable answer.
    Failed(Failure),
    /// Stopped before or between requests (robots, loop, bad Location, refused scheme).
    Stopped(LinkStatus, FailureCause),
}

/// A redirect chain walked to its end.
struct Walk {
    final_url: Url,
    redirects: Vec<String>,
    first_permanent: bool,
    attempts: u32,
    end: End,
}

/// Reports a URL's progress to the event hook, `Started` only once.
struct Trace<'a> {
    host: String,
    url: &'a str,
    hook: Option<&'a EventHook>,
    started: AtomicBool,
    /// The budget the URL's requests are drawn from, if any.
    budget: Option<&'a super::RequestBudget>,
    /// The bytes asked for (`Range`), if only some.
    range: Option<(u64, u64)>,
}

impl Trace<'_> {
    fn emit(&self, kind: FetchEventKind) {
        if let Some(hook) = self.hook {
            if kind == FetchEventKind::Started && self.started.swap(true, Ordering::Relaxed) {
                return;
            }
            hook(&FetchEvent {
                host: self.host.clone(),
                url: self.url.to_string(),
                kind,
            });
        }
    }

    fn silent() -> Trace<'static> {
        Trace {
            host: String::new(),
            url: "",
            hook: None,
            started: AtomicBool::new(true),
            budget: None,
            range: None,
        }
    }
}

/// The queue key of a URL's host: lower-case, no port.
fn host_key(url: &Url) -> String {
    url.host_str().unwrap_or("").to_ascii_lowercase()
}

impl Crawler {
    /// Hosts contacted so far, and how many answered.
    pub fn hosts(&self) -> crate::model::Hosts {
        self.wire.hosts()
    }

    /// Sets up the transport and the global connection cap.
    pub fn new(config: FetchConfig) -> Result<Crawler, FetchError> {
        let wire = Wire::new(
            &config.resolve,
            config.deny_private,
            config.recorder.clone(),
            config.replay.clone(),
        )?;
        Ok(Crawler {
            connections: Semaphore::new(config.max_connections.max(1)),
            reuse: Reuse::new(config.page_budget),
            origins: Origins::default(),
            addresses: Addresses::new(config.address_rate),
            config,
            wire,
            hosts: Mutex::new(HashMap::new()),
            sent: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    /// True when answers come from a replayed capture, never the network.
    pub fn replays(&self) -> bool {
        self.config.replay.is_some()
    }

    /// The `--exclude` pattern `url` matches, if any: such a URL is never requested.
    pub fn excluded(&self, url: &str) -> Option<&str> {
        self.config.exclude.matching(url)
    }

    /// The queue of a URL's host, created (and its politeness looked up) on first sight.
    fn host(&self, url: &Url) -> Arc<Host> {
        let name = host_key(url);
        let mut hosts = match self.hosts.lock() {
            Ok(hosts) => hosts,
            Err(poisoned) => poisoned.into_inner(),
        };
        hosts
            .entry(name.clone())
            .or_insert_with(|| Arc::new(Host::new(name.clone(), (self.config.politeness)(&name))))
            .clone()
    }

    /// Fetches one URL and judges the answer.
    pub async fn crawl(&self, url: Url, request: &FetchRequest) -> FetchOutcome {
        let started = Instant::now();
        let trace = Trace {
            host: host_key(&url),
            url: &request.url,
            hook: self.config.events.as_ref(),
            started: AtomicBool::new(false),
            budget: request.budget.as_ref(),
            range: request.range,
        };
        trace.emit(FetchEventKind::Queued);
        let max_hops = self.host(&url).politeness.max_redirects;
        let before = if request.purpose == Purpose::Citation {
            Before::RobotsAndProbe
        } else {
            Before::Robots
        };
        let walk = self
            .walk(
                url.clone(),
                request.validators.as_ref(),
                before,
                max_hops,
                &trace,
            )
            .await;
        let mut outcome = self.outcome_of(&url, request.purpose, walk).await;
        outcome.link.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        tracing::debug!(url = %request.url, status = %outcome.link.status, "fetched");
        trace.emit(FetchEventKind::Finished(outcome.link.status));
        outcome
    }

    /// Follows redirects from `start`, each hop checked, paced and recorded.
    async fn walk(
        &self,
        start: Url,
        validators: Option<&Validators>,
        before: Before,
        max_hops: u32,
        trace: &Trace<'_>,
    ) -> Walk {
        let mut walk = Walk {
            final_url: start,
            redirects: Vec::new(),
            first_permanent: false,
            attempts: 0,
            // A placeholder: every way out of the loop below sets the end.
            end: End::Stopped(LinkStatus::Unchecked, FailureCause::Interrupted),
        };
        let mut seen = HashSet::from([walk.final_url.to_string()]);
        // Bounded: every pass adds a hop, and more than `max_hops` hops end the walk.
        loop {
            let url = walk.final_url.clone();
            let host = self.host(&url);
            let origin = self.origins.of(&url);
            if before != Before::Nothing {
                if let Err(refusal) = self.robots(&host, &origin, &url).await.check(&url) {
                    walk.end = End::Stopped(refusal.status, refusal.cause);
                    return walk;
                }
            }
            if before == Before::RobotsAndProbe {
                self.probe_of(&origin, &url).await;
            }
            let first_hop = walk.redirects.is_empty();
            let validators = if first_hop { validators } else { None };
            let (result, attempts) = self.request(&host, &url, validators, trace).await;
            walk.attempts += attempts;
            let answer = match result {
                Ok(answer) => answer,
                Err(failure) => {
                    walk.end = End::Failed(failure);
                    return walk;
                }
            };
            let location = answer.header("location").map(str::to_string);
            let location = match (answer.status, location) {
                (301 | 302 | 303 | 307 | 308, Some(location)) => location,
                _ => {
                    walk.end = End::Answer(answer);
                    return walk;
                }
            };
            let next = match url.join(location.trim()) {
                // A fragment is never sent: the hop is the resource without it.
                Ok(mut next) => {
                    next.set_fragment(None);
                    crate::redact::strip_userinfo(&mut next);
                    next
                }
                Err(e) => {
                    let why = FailureCause::InvalidLocation {
                        location,
                        error: e.to_string(),
                    };
                    walk.end = End::Stopped(LinkStatus::ClientError, why);
                    return walk;
                }
            };
            if first_hop {
                walk.first_permanent = health::is_permanent_redirect(answer.status);
            }
            walk.redirects.push(next.to_string());
            walk.final_url = next.clone();
            if !matches!(next.scheme(), "http" | "https") || next.host_str().is_none() {
                let why = FailureCause::RedirectNotFetchable {
                    url: next.to_string(),
                };
                walk.end = End::Stopped(LinkStatus::InvalidUrl, why);
                return walk;
            }
            if let Some(pattern) = self.excluded(next.as_str()) {
                let why = FailureCause::Excluded {
                    pattern: pattern.to_string(),
                };
                walk.end = End::Stopped(LinkStatus::Unchecked, why);
                return walk;
            }
            if !seen.insert(next.to_string()) {
                tracing::warn!(url = %next, "redirect loop");
                walk.end = End::Stopped(
                    LinkStatus::RedirectLoop,
                    FailureCause::RedirectLoop {
                        url: next.to_string(),
                    },
                );
                return walk;
            }
            if walk.redirects.len() > max_hops as usize {
                walk.end = End::Stopped(
                    LinkStatus::RedirectLoop,
                    FailureCause::TooManyRedirects { max: max_hops },
                );
                return walk;
            }
        }
    }

    /// One request with its retries, each attempt taking its turn in the host's queue.
    async fn request(
        &self,
        host: &Host,
        url: &Url,
        validators: Option<&Validators>,
        trace: &Trace<'_>,
    ) -> (Result<Answer, Failure>, u32) {
        let politeness = &host.politeness;
        let mut headers = vec![
            ("user-agent".to_string(), politeness.user_agent.clone()),
            ("accept".to_string(), ACCEPT.to_string()),
            ("accept-encoding".to_string(), "gzip, deflate".to_string()),
        ];
        if let Some((first, last)) = trace.range {
            headers.push(("range".into(), format!("bytes={first}-{last}")));
        }
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                headers.push(("if-none-match".into(), etag.clone()));
            }
            if let Some(date) = &v.last_modified {
                headers.push(("if-modified-since".into(), date.clone()));
            }
        }
        let pacing = !self.wire.replaying();
        let address = match pacing {
            true => {
                let gates = &self.addresses;
                gates.gate(self.wire.resolver(), url, politeness.rate).await
            }
            false => None,
        };
        let mut attempts = 0u32;
        // Bounded by `retries`: each pass makes one request.
        loop {
            if trace.budget.is_some_and(|b| !b.take()) {
                let spent = Failure {
                    status: LinkStatus::Unchecked,
                    cause: FailureCause::RequestBudgetSpent,
                    http_status: None,
                    retryable: false,
                };
                return (Err(spent), attempts);
            }
            let result = {
                let _turn = host
                    .turn(&self.connections, pacing, address.as_deref())
                    .await;
                trace.emit(FetchEventKind::Started);
                self.sent.fetch_add(1, Ordering::Relaxed);
                self.wire
                    .exchange(WireRequest {
                        url,
                        headers: headers.clone(),
                        timeout: politeness.timeout,
                        connect_timeout: politeness.connect_timeout,
                        max_body: politeness.max_body,
                    })
                    .await
            };
            attempts += 1;
            tracing::debug!(
                host = %host.name,
                %url,
                attempt = attempts,
                status = ?result.as_ref().map(|a| a.status).map_err(|f| f.status),
                "request"
            );
            let wait = match &result {
                Ok(answer) => self.retry_wait(host, answer, attempts),
                Err(failure) if failure.retryable => Some(self.backoff(host, attempts)),
                Err(_) => None,
            };
            match wait {
                Some(wait) if attempts <= politeness.retries => {
                    if pacing && !wait.is_zero() {
                        tokio::time::sleep(wait).await;
                    }
                }
                _ => return (result, attempts),
            }
        }
    }

    /// How long to wait before retrying an answer, or None when it is final. A Retry-After
    /// (or a 429) pauses the whole host; the retry then simply waits for its turn.
    fn retry_wait(&self, host: &Host, answer: &Answer, attempts: u32) -> Option<Duration> {
        if !health::is_retryable_code(answer.status) {
            return None;
        }
        if health::challenge(
            &answer.headers,
            &String::from_utf8_lossy(head(&answer.body)),
        )
        .is_some()
        {
            return None;
        }
        let cap = host.politeness.retry_after_cap;
        let asked = answer.header("retry-after").and_then(parse_retry_after);
        let pause = match asked {
            Some(asked) => {
                if asked > cap {
                    tracing::warn!(host = %host.name, ?asked, ?cap, "Retry-After over the cap");
                }
                Some(asked.min(cap))
            }
            None if answer.status == 429 => Some(self.backoff(host, attempts)),
            None => None,
        };
        match pause {
            Some(pause) => {
                if !self.wire.replaying() {
                    host.pause_until(Instant::now() + pause);
                }
                Some(Duration::ZERO)
            }
            None => Some(self.backoff(host, attempts)),
        }
    }

    /// Exponential backoff with ±50% jitter: base × 2^(attempt−1), capped.
    fn backoff(&self, host: &Host, attempts: u32) -> Duration {
        let exponent = attempts.saturating_sub(1).min(16);
        let base = self.config.backoff.saturating_mul(1 << exponent);
        base.mul_f64(0.5 + fastrand::f64())
            .min(host.politeness.retry_after_cap)
    }

    /// The origin's robots.txt rules, fetched by the first request that asks; its
    /// Crawl-delay slows the whole host.
    async fn robots<'o>(&self, host: &Host, origin: &'o Origin, url: &Url) -> &'o RobotsRule {
        origin
            .robots
            .get_or_init(|| async {
                if !host.politeness.robots {
                    return RobotsRule::AllowAll;
                }
                let Some(robots) = robots_url(url) else {
                    return RobotsRule::AllowAll;
                };
                let trace = Trace::silent();
                let max_hops = ROBOTS_MAX_REDIRECTS;
                let walk =
                    Box::pin(self.walk(robots, None, Before::Nothing, max_hops, &trace)).await;
                let agent = agent_token(&host.politeness.user_agent);
                let rule = match walk.end {
                    End::Answer(answer) => {
                        RobotsRule::from_answer(answer.status, &answer.body, &agent)
                    }
                    End::Failed(failure) => {
                        // Every citation on the host reports this failure; a run without
                        // network would otherwise warn once per host.
                        let error = &failure.cause;
                        tracing::info!(host = %host.name, %error, "robots.txt unreachable");
                        RobotsRule::from_failure(failure)
                    }
                    End::Stopped(..) => RobotsRule::AllowAll,
                };
                if let Some(delay) = rule.crawl_delay() {
                    host.raise_interval(delay.min(host.politeness.retry_after_cap));
                }
                rule
            })
            .await
    }

    /// The `Sitemap:` lines of the robots.txt of `url`'s host (see
    /// [`super::Fetcher::robots_sitemaps`]).
    pub async fn robots_sitemaps(&self, url: &Url) -> Result<Vec<String>, String> {
        let host = self.host(url);
        if !host.politeness.robots {
            return Err("robots.txt is not read for this host (robots = false)".into());
        }
        let origin = self.origins.of(url);
        self.robots(&host, &origin, url).await.sitemaps()
    }

    /// Judges a walk's end as a link status (and a page when one was read).
    async fn outcome_of(&self, requested: &Url, purpose: Purpose, walk: Walk) -> FetchOutcome {
        let mut link = Link::not_requested(LinkStatus::Ok, None);
        link.attempts = walk.attempts;
        link.redirects = walk.redirects.clone();
        if walk.final_url != *requested {
            link.final_url = Some(walk.final_url.to_string());
        }
        let mut outcome = FetchOutcome {
            url: requested.to_string(),
            link,
            not_modified: false,
            page: None,
        };
        let answer = match walk.end {
            End::Stopped(status, cause) => {
                outcome.link.status = status;
                outcome.link.cause = Some(cause);
                return outcome;
            }
            End::Failed(failure) => {
                outcome.link.status = failure.status;
                outcome.link.http_status = failure.http_status;
                outcome.link.cause = Some(failure.cause);
                return outcome;
            }
            End::Answer(ref answer) => answer,
        };
        let link = &mut outcome.link;
        link.http_status = Some(answer.status);
        if let Some(why) = health::challenge(
            &answer.headers,
            &String::from_utf8_lossy(head(&answer.body)),
        ) {
            tracing::warn!(url = %walk.final_url, "{why}");
            link.status = LinkStatus::Blocked;
            link.cause = Some(FailureCause::Challenge { description: why });
            return outcome;
        }
        if answer.status == 304 {
            outcome.not_modified = true;
            return outcome;
        }
        if !(200..300).contains(&answer.status) {
            link.status = health::status_for_code(answer.status);
            let code = answer.status;
            link.cause = Some(if (300..400).contains(&code) {
                FailureCause::NoUsableLocation { code }
            } else {
                FailureCause::HttpStatus { code }
            });
            return outcome;
        }
        // A list served as a gzip file (`sitemap.xml.gz`) is read unpacked, within the cap;
        // so is an archive's gzip member (a WARC record read by byte range).
        let unpacked = matches!(purpose, Purpose::Discovery | Purpose::Archive)
            .then(|| gzip_file(answer, self.host(&walk.final_url).politeness.max_body))
            .flatten();
        let page = page_of(&walk.final_url, unpacked.as_ref().unwrap_or(answer));
        if !walk.redirects.is_empty() && walk.first_permanent {
            link.status = LinkStatus::Redirected;
        }
        if purpose == Purpose::Citation {
            if let Some(why) = self.soft_404(requested, &walk, &page.text).await {
                outcome.link.status = LinkStatus::Soft404;
                outcome.link.cause = Some(FailureCause::NotFoundPage { description: why });
                return outcome;
            }
        }
        outcome.page = Some(page);
        outcome
    }

    /// Why a cited 200 page is really a "not found", if it is.
    async fn soft_404(&self, requested: &Url, walk: &Walk, text: &str) -> Option<String> {
        let redirected = !walk.redirects.is_empty();
        if redirected && health::is_redirect_to_root(requested, &walk.final_url) {
            return Some(format!(
                "redirected to the site's front page {}",
                walk.final_url
            ));
        }
        if let Some(why) = health::not_found_page(text) {
            return Some(why);
        }
        if walk.final_url.path() == "/" {
            return None; // a front page is compared with nothing: it is what it is
        }
        let origin = self.origins.of(&walk.final_url);
        let probe = self.probe_of(&origin, &walk.final_url).await.as_ref()?;
        probe.matches(
            &walk.final_url,
            redirected,
            &Fingerprint::of(text, &walk.final_url),
        )
    }

    /// The origin's soft-404 probe, asked for by the first request that needs it.
    async fn probe_of<'o>(&self, origin: &'o Origin, url: &Url) -> &'o Option<Probe> {
        origin.probe.get_or_init(|| Box::pin(self.probe(url))).await
    }

    /// Asks a host for a path that cannot exist, and keeps what came back if it is a page.
    async fn probe(&self, page_url: &Url) -> Option<Probe> {
        let mut url = page_url.clone();
        url.set_path(&probe_path(&host_key(page_url)));
        url.set_query(None);
        url.set_fragment(None);
        let max_hops = self.host(&url).politeness.max_redirects;
        let walk = self
            .walk(url, None, Before::Robots, max_hops, &Trace::silent())
            .await;
        let End::Answer(answer) = &walk.end else {
            return None;
        };
        if !(200..300).contains(&answer.status) {
            return None;
        }
        let page = page_of(&walk.final_url, answer);
        tracing::debug!(url = %walk.final_url, "soft-404 probe answered with a page");
        Some(Probe {
            fingerprint: Fingerprint::of(&page.text, &walk.final_url),
            final_url: walk.final_url,
            redirected: !walk.redirects.is_empty(),
        })
    }
}

/// The start of a body, where challenge markers are looked for.
fn head(body: &[u8]) -> &[u8] {
    &body[..body.len().min(64 * 1024)]
}

/// The answer with its body unpacked, when the body is a gzip file (its magic bytes after
/// any content-coding was undone: `.xml.gz` sitemaps are served that way), within `cap`
/// bytes unpacked. `None` when it is not one or does not unpack.
fn gzip_file(answer: &Answer, cap: u64) -> Option<Answer> {
    if !answer.body.starts_with(&[0x1f, 0x8b]) {
        return None;
    }
    match super::body::decode_all(Some("gzip"), &answer.body, cap) {
        Ok(body) => Some(Answer {
            status: answer.status,
            headers: answer.headers.clone(),
            body,
        }),
        Err(e) => {
            tracing::debug!("a gzip file that does not unpack: {e}");
            None
        }
    }
}

/// A 2xx answer as a decoded page.
fn page_of(url: &Url, answer: &Answer) -> FetchedPage {
    let content_type = answer.header("content-type").map(str::to_string);
    let (text, encoding) =
        charset::decode_with_hint(&answer.body, content_type.as_deref(), url.host_str());
    FetchedPage {
        url: url.to_string(),
        text,
        content_type,
        encoding: encoding.to_string(),
        etag: answer.header("etag").map(str::to_string),
        last_modified: answer.header("last-modified").map(str::to_string),
        headers: answer.headers.clone(),
    }
}

/// A Retry-After value: delay-seconds or an HTTP date (a past date means now).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        let later = SystemTime::now() + Duration::from_secs(30);
        let date = httpdate::fmt_http_date(later);
        let parsed = parse_retry_after(&date).unwrap();
        assert!(parsed > Duration::from_secs(25) && parsed <= Duration::from_secs(30));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}

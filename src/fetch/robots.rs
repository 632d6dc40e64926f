//! robots.txt: what a host allows, read once per host.
//!
//! The file is fetched through the same queue as everything else (it counts against the
//! host's rate) by the first request to the host, and every later request waits for that
//! one answer. How answers are read follows RFC 9309:
//!
//! * 2xx: the rules for our product token (`citecheck`, taken from the User-Agent) or `*`;
//!   a `Crawl-delay` raises the host's interval (capped by `retry_after_cap`, so a hostile
//!   file cannot stall the run);
//! * 4xx (401 and 403 included): no robots.txt, everything is allowed;
//! * 5xx and 429 after retries: the site is treated as disallowed, as RFC 9309 requires for
//!   an "unreachable" file, and citations report `robots_disallowed` with that reason;
//! * no answer at all (DNS failure, refused, TLS failure, timeout): the page is not requested
//!   either, and each citation on the host reports that same failure (`dns_error`,
//!   `network_error`, …) — the honest status, reached without hammering a dead host once
//!   per URL;
//! * a file that cannot be parsed, or is over the body cap: allowed, with a warning.

use std::time::Duration;

use texting_robots::Robot;

use super::wire::Failure;
use crate::model::{FailureCause, LinkStatus};

/// What a host's robots.txt says, as far as citecheck is concerned.
pub(crate) enum RobotsRule {
    /// No usable robots.txt, or robots checks are off for the host.
    AllowAll,
    /// Parsed rules for our agent.
    Rules(Box<Robot>),
    /// The file could not be read for a server-side reason: nothing may be fetched.
    DisallowAll(FailureCause),
    /// The host could not be reached at all: the failure stands for every URL on it.
    Unreachable(Failure),
}

/// Why a URL may not be requested.
pub(crate) struct Refusal {
    /// `robots_disallowed`, or the reachability failure's status.
    pub status: LinkStatus,
    /// Why, for the report.
    pub cause: FailureCause,
}

impl RobotsRule {
    /// Reads a robots.txt answer for `agent`.
    pub fn from_answer(status: u16, body: &[u8], agent: &str) -> RobotsRule {
        match status {
            200..=299 => match Robot::new(agent, body) {
                Ok(robot) => RobotsRule::Rules(Box::new(robot)),
                Err(e) => {
                    tracing::warn!(error = %e, "unparsable robots.txt: allowing all");
                    RobotsRule::AllowAll
                }
            },
            429 | 500..=599 => {
                RobotsRule::DisallowAll(FailureCause::RobotsUnavailable { code: status })
            }
            _ => RobotsRule::AllowAll,
        }
    }

    /// Reads a robots.txt request that got no answer.
    pub fn from_failure(failure: Failure) -> RobotsRule {
        match failure.status {
            // An oversized or undecodable file is the file's problem, not the host's.
            LinkStatus::TooLarge | LinkStatus::NetworkError if failure.http_status.is_some() => {
                tracing::warn!(error = %failure.cause, "unreadable robots.txt: allowing all");
                RobotsRule::AllowAll
            }
            // A refused address is about the robots URL's host, which is the page's host:
            // the same refusal applies to the page.
            _ => RobotsRule::Unreachable(failure),
        }
    }

    /// Whether `url` may be fetched.
    pub fn check(&self, url: &url::Url) -> Result<(), Refusal> {
        match self {
            RobotsRule::AllowAll => Ok(()),
            RobotsRule::Rules(robot) => {
                if robot.allowed(url.as_str()) {
                    Ok(())
                } else {
                    Err(Refusal {
                        status: LinkStatus::RobotsDisallowed,
                        cause: FailureCause::RobotsDisallows {
                            path: url.path().to_string(),
                        },
                    })
                }
            }
            RobotsRule::DisallowAll(cause) => Err(Refusal {
                status: LinkStatus::RobotsDisallowed,
                cause: cause.clone(),
            }),
            // The host failed before any page was asked for: say what failed, and that it
            // was met on robots.txt, without making robots.txt sound like the cause. A
            // refused address (metadata, --deny-private) and a name that does not resolve
            // are about the host alone, whichever request met them.
            RobotsRule::Unreachable(failure) => Err(Refusal {
                status: failure.status,
                cause: if matches!(
                    failure.status,
                    LinkStatus::InvalidUrl | LinkStatus::DnsError
                ) {
                    failure.cause.clone()
                } else {
                    FailureCause::WhileFetchingRobots(Box::new(failure.cause.clone()))
                },
            }),
        }
    }

    /// The Crawl-delay for our agent, if the file sets one.
    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            RobotsRule::Rules(robot) => robot
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f64(f64::from(d).min(86_400.0))),
            _ => None,
        }
    }
}

/// The product token robots.txt groups are matched against: the User-Agent's first word
/// without its version ("citecheck/0.1 (…)" → "citecheck").
pub(crate) fn agent_token(user_agent: &str) -> String {
    let token = user_agent
        .split(|c: char| c == '/' || c.is_whitespace())
        .next()
        .unwrap_or("");
    if token.is_empty() {
        "citecheck".into()
    } else {
        token.to_ascii_lowercase()
    }
}

/// The robots.txt URL for a page's origin.
pub(crate) fn robots_url(page: &url::Url) -> Option<url::Url> {
    let mut url = page.join("/robots.txt").ok()?;
    url.set_query(None);
    url.set_fragment(None);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[test]
    fn rules_for_our_agent_apply_and_crawl_delay_is_read() {
        let body = b"User-agent: *\nDisallow: /private\nCrawl-delay: 2\n\nUser-agent: citecheck\nDisallow: /ours\n";
        let rule = RobotsRule::from_answer(200, body, &agent_token("citecheck/0.1 (+x)"));
        assert!(rule.check(&url("http://a.test/ours/1")).is_err());
        assert!(
            rule.check(&url("http://a.test/private/1")).is_ok(),
            "our group wins"
        );
        let star = RobotsRule::from_answer(200, body, "otherbot");
        assert!(star.check(&url("http://a.test/private/1")).is_err());
        assert_eq!(star.crawl_delay(), Some(Duration::from_secs(2)));
    }

    #[test]
    fn client_errors_allow_and_server_errors_disallow() {
        assert!(RobotsRule::from_answer(404, b"", "citecheck")
            .check(&url("http://a.test/x"))
            .is_ok());
        assert!(RobotsRule::from_answer(403, b"", "citecheck")
            .check(&url("http://a.test/x"))
            .is_ok());
        let refusal = RobotsRule::from_answer(503, b"", "citecheck")
            .check(&url("http://a.test/x"))
            .err()
            .unwrap();
        assert_eq!(refusal.status, LinkStatus::RobotsDisallowed);
    }

    #[test]
    fn robots_url_drops_path_query_and_credentials() {
        let u = robots_url(&url("https://u:p@a.test:8080/news/1?x=2#f")).unwrap();
        assert_eq!(u.as_str(), "https://a.test:8080/robots.txt");
    }
}

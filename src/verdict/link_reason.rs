//! A link's status in words: the one sentence a reader gets for a source that could not be
//! read ("the page is gone (HTTP 404)", "the site could not be reached: cannot resolve
//! ikon.mn").
//!
//! Every format shows the link's status name (`not_found`, `dns_error`) in its own column,
//! for filters and tools; the reasons are for people, so they say the same thing in words,
//! once. The status → phrase table lives here alone, so the verdict's reason, the archive
//! reason and the reports all word a status the same way. The link's [`FailureCause`] is
//! kept as the detail after the phrase ([`FailureCause::detail`]), so no cause is ever
//! lost; where a cause says it better than the phrase (a timeout's deadline, a capture
//! without the URL), the table matches on the cause's variant, never on its words.

use crate::model::{FailureCause, Link, LinkStatus};

/// The link's cause as a detail worth showing (see [`FailureCause::detail`]): `None` when
/// there is none or when it only restates the HTTP status ("HTTP 404" next to a 404).
pub fn link_detail(link: &Link) -> Option<String> {
    link.cause.as_ref()?.detail(link.http_status)
}

/// One sentence for the link's status, in words, with its HTTP status and the fetcher's
/// detail where they add something. The table of phrases, one row per status.
pub fn link_reason(link: &Link) -> String {
    use LinkStatus::*;
    let detail = link_detail(link);
    let cause = link.cause.as_ref();
    let code = link
        .http_status
        .map(|c| format!(" (HTTP {c})"))
        .unwrap_or_default();
    let with_detail = |phrase: String| match &detail {
        Some(d) => format!("{phrase}: {d}"),
        None => phrase,
    };
    match link.status {
        Ok => "the page was read".to_string(),
        Redirected => match &link.final_url {
            Some(url) => format!("the page has moved permanently to {url}"),
            None => "the page has moved permanently".to_string(),
        },
        NotFound => with_detail(format!("the page is gone{code}")),
        Gone => with_detail(format!("the page was removed for good{code}")),
        ClientError => match (cause, &detail) {
            // "HTTP 300 without a usable Location": the detail carries the status itself.
            (Some(FailureCause::NoUsableLocation { code: c }), Some(d))
                if link.http_status == Some(*c) =>
            {
                format!("the site answered {d}")
            }
            _ => with_detail(format!("the site refused the request{code}")),
        },
        ServerError => {
            let phrase = if link.attempts > 1 {
                format!(
                    "the site's server failed{code} on all {} attempts",
                    link.attempts
                )
            } else {
                format!("the site's server failed{code}")
            };
            with_detail(phrase)
        }
        Timeout => cause
            .and_then(timeout_words)
            .unwrap_or_else(|| with_detail("the site did not answer in time".to_string())),
        DnsError => with_detail("the site could not be reached".to_string()),
        NetworkError => match cause {
            Some(FailureCause::NotInCapture) => {
                "the capture has no answer for this URL".to_string()
            }
            _ => with_detail("the connection to the site failed".to_string()),
        },
        TlsError => with_detail("the secure connection to the site failed".to_string()),
        RedirectLoop => match (cause, &detail) {
            (Some(FailureCause::TooManyRedirects { .. }), Some(d)) => {
                format!("the page redirects too many times ({d})")
            }
            _ => "the page redirects in a loop".to_string(),
        },
        RobotsDisallowed => match (cause, &detail) {
            (Some(FailureCause::RobotsDisallows { .. }), _) | (_, None) => {
                "robots.txt does not allow fetching this page".to_string()
            }
            (_, Some(d)) => format!("robots.txt does not allow fetching this page: {d}"),
        },
        Blocked => with_detail(format!("blocked by the site{code}")),
        RateLimited => with_detail(format!("rate-limited by the site{code}")),
        Soft404 => match &detail {
            Some(d) => format!("the page is gone: {d}"),
            None => "the page is gone: the site serves a “not found” page in its place".to_string(),
        },
        TooLarge => with_detail("the page is too large to check".to_string()),
        InvalidUrl => with_detail("the URL cannot be fetched".to_string()),
        // The resolver's explanation says it best ("no article of Ikon on 2023-09-27 …").
        Unresolved => detail.unwrap_or_else(|| "no URL could be found for this citation".into()),
        Unchecked => detail.unwrap_or_else(|| "not checked".into()),
    }
}

/// A timeout whose deadline says what happened better than the phrase: "no answer within
/// 30s", "the page did not finish loading within 30s" (also when met on robots.txt).
fn timeout_words(cause: &FailureCause) -> Option<String> {
    match cause {
        FailureCause::NoResponse { within } => Some(format!("no answer within {within:?}")),
        FailureCause::BodyTooSlow { within } => {
            Some(format!("the page did not finish loading within {within:?}"))
        }
        FailureCause::WhileFetchingRobots(inner) => {
            timeout_words(inner).map(|words| format!("{words} (while fetching robots.txt)"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::model::ConnectionLoss;

    fn link(status: LinkStatus, http: Option<u16>, cause: FailureCause) -> Link {
        let mut link = Link::not_requested(status, Some(cause));
        link.http_status = http;
        link.attempts = 1;
        link
    }

    fn transport(message: &str) -> FailureCause {
        FailureCause::Transport {
            message: message.into(),
        }
    }

    #[test]
    fn each_status_reads_as_a_sentence() {
        use FailureCause as C;
        use LinkStatus::*;
        let cases = [
            (
                link(NotFound, Some(404), C::HttpStatus { code: 404 }),
                "the page is gone (HTTP 404)",
            ),
            (
                link(Gone, Some(410), C::HttpStatus { code: 410 }),
                "the page was removed for good (HTTP 410)",
            ),
            (
                link(
                    DnsError,
                    None,
                    C::Dns {
                        message: "cannot resolve ikon.mn (Name or service not known)".into(),
                    },
                ),
                "the site could not be reached: cannot resolve ikon.mn (Name or service not \
                 known)",
            ),
            (
                link(
                    DnsError,
                    None,
                    C::Dns {
                        message: "dns error: error resolving DNS: cannot resolve a.invalid: a \
                                  reserved name"
                            .into(),
                    },
                ),
                "the site could not be reached: cannot resolve a.invalid: a reserved name",
            ),
            (
                link(
                    NetworkError,
                    None,
                    C::WhileFetchingRobots(Box::new(transport(
                        "tcp connect error: Connection refused (os error 111)",
                    ))),
                ),
                "the connection to the site failed: Connection refused (while fetching \
                 robots.txt)",
            ),
            (
                link(
                    NetworkError,
                    None,
                    C::WhileFetchingRobots(Box::new(C::Connection(ConnectionLoss::Refused))),
                ),
                "the connection to the site failed: connection refused (while fetching \
                 robots.txt)",
            ),
            (
                link(Blocked, Some(403), C::HttpStatus { code: 403 }),
                "blocked by the site (HTTP 403)",
            ),
            (
                link(
                    RobotsDisallowed,
                    None,
                    C::RobotsDisallows {
                        path: "/news/1".into(),
                    },
                ),
                "robots.txt does not allow fetching this page",
            ),
            (
                link(RobotsDisallowed, None, C::RobotsUnavailable { code: 503 }),
                "robots.txt does not allow fetching this page: robots.txt answered 503; RFC \
                 9309 treats an unreachable robots.txt as disallowing the whole site",
            ),
            (
                link(
                    Timeout,
                    None,
                    C::NoResponse {
                        within: Duration::from_secs(30),
                    },
                ),
                "no answer within 30s",
            ),
            (
                link(
                    Timeout,
                    Some(200),
                    C::BodyTooSlow {
                        within: Duration::from_millis(1500),
                    },
                ),
                "the page did not finish loading within 1.5s",
            ),
            (
                link(
                    Timeout,
                    None,
                    C::WhileFetchingRobots(Box::new(C::NoResponse {
                        within: Duration::from_secs(30),
                    })),
                ),
                "no answer within 30s (while fetching robots.txt)",
            ),
            (
                link(
                    Timeout,
                    None,
                    C::NoConnection {
                        within: Duration::from_secs(10),
                    },
                ),
                "the site did not answer in time: no connection within 10s",
            ),
            (
                link(
                    RedirectLoop,
                    None,
                    C::RedirectLoop {
                        url: "https://a.example/x".into(),
                    },
                ),
                "the page redirects in a loop",
            ),
            (
                link(RedirectLoop, None, C::TooManyRedirects { max: 10 }),
                "the page redirects too many times (more than 10 redirects)",
            ),
            (
                link(
                    NetworkError,
                    None,
                    transport("tcp connect error: Connection refused (os error 111)"),
                ),
                "the connection to the site failed: Connection refused",
            ),
            (
                link(NetworkError, None, C::NotInCapture),
                "the capture has no answer for this URL",
            ),
            (
                link(ClientError, Some(300), C::NoUsableLocation { code: 300 }),
                "the site answered HTTP 300 without a usable Location",
            ),
            (
                link(
                    InvalidUrl,
                    None,
                    C::NotHttp {
                        scheme: "javascript".into(),
                    },
                ),
                "the URL cannot be fetched: not an http(s) URL (scheme \"javascript\")",
            ),
            (
                link(
                    Soft404,
                    Some(200),
                    C::NotFoundPage {
                        description: "the page's title says \"Page not found\"".into(),
                    },
                ),
                "the page is gone: the page's title says \"Page not found\"",
            ),
            (
                link(
                    Unresolved,
                    None,
                    C::Unresolved {
                        explanation: "no article of Ikon on 2023-09-27 mentions the claim".into(),
                    },
                ),
                "no article of Ikon on 2023-09-27 mentions the claim",
            ),
        ];
        for (link, expected) in cases {
            assert_eq!(link_reason(&link), expected, "{:?}", link.status);
        }
        let mut unresolved = Link::not_requested(Unresolved, None);
        assert_eq!(
            link_reason(&unresolved),
            "no URL could be found for this citation"
        );
        unresolved.status = ServerError;
        unresolved.http_status = Some(503);
        unresolved.attempts = 3;
        assert_eq!(
            link_reason(&unresolved),
            "the site's server failed (HTTP 503) on all 3 attempts"
        );
    }

    #[test]
    fn no_sentence_carries_a_status_name() {
        for status in LinkStatus::ALL {
            let reason = link_reason(&Link::not_requested(status, None));
            assert!(!reason.contains('_'), "{status}: {reason}");
            assert!(
                !reason.contains(status.as_str()) || !status.as_str().contains('_'),
                "{status}: {reason}"
            );
        }
    }

    #[test]
    fn a_detail_that_restates_the_status_is_dropped() {
        let reported = |text: &str| FailureCause::Reported { text: text.into() };
        let not_found = |cause| link(LinkStatus::NotFound, Some(404), cause);
        assert_eq!(
            link_detail(&not_found(FailureCause::HttpStatus { code: 404 })),
            None
        );
        assert_eq!(
            link_detail(&not_found(reported("HTTP 404 Not Found"))),
            None
        );
        assert_eq!(
            link_detail(&link(
                LinkStatus::ServerError,
                Some(500),
                reported("server said: HTTP 500")
            )),
            Some("server said: HTTP 500".into())
        );
        assert_eq!(
            link_detail(&not_found(reported("HTTP 4040 spaces"))),
            Some("HTTP 4040 spaces".into())
        );
        assert_eq!(
            link_detail(&link(LinkStatus::Timeout, None, reported("  "))),
            None
        );
    }
}

//! A link's status in words: the one sentence a reader gets for a source that could not be
//! read ("the page is gone (HTTP 404)", "the site could not be reached: cannot resolve
//! ikon.mn").
//!
//! Every format shows the link's status name (`not_found`, `dns_error`) in its own column,
//! for filters and tools; the reasons are for people, so they say the same thing in words,
//! once. The status → phrase table lives here alone, so the verdict's reason, the archive
//! reason and the reports all word a status the same way. The fetcher's error text
//! (`link.error`) is kept as the detail after the phrase, minus the transport's own
//! prefixes and anything that only repeats the HTTP status, so no cause is ever lost: a
//! message this table does not know still reaches the reader, after a plain phrase.

use crate::model::{Link, LinkStatus};

/// Transport prefixes that say where an error came from, not what it is.
const NOISE_PREFIXES: [&str; 5] = [
    "dns error: ",
    "error resolving DNS: ",
    "tcp connect error: ",
    "error trying to connect: ",
    "client error (Connect): ",
];

/// The link's error as a detail worth showing: trimmed, without transport prefixes and
/// `(os error N)` suffixes, and `None` when empty or when it only restates the HTTP status
/// ("HTTP 404" next to a 404).
pub fn link_detail(link: &Link) -> Option<String> {
    let mut text = link.error.as_deref()?.trim();
    // Bounded: each pass removes a prefix.
    while let Some(rest) = NOISE_PREFIXES.iter().find_map(|p| text.strip_prefix(p)) {
        text = rest.trim_start();
    }
    let text = strip_os_error(text);
    let text = text.trim();
    if text.is_empty() || restates_http_status(text, link.http_status) {
        return None;
    }
    Some(text.to_string())
}

/// One sentence for the link's status, in words, with its HTTP status and the fetcher's
/// detail where they add something. The table of phrases, one row per status.
pub fn link_reason(link: &Link) -> String {
    use LinkStatus::*;
    let detail = link_detail(link);
    let code = link
        .http_status
        .map(|c| format!(" (HTTP {c})"))
        .unwrap_or_default();
    let with_detail = |phrase: String| match &detail {
        Some(d) => format!("{phrase}: {d}"),
        None => phrase,
    };
    let starts = |prefix: &str| detail.as_deref().and_then(|d| d.strip_prefix(prefix));
    match link.status {
        Ok => "the page was read".to_string(),
        Redirected => match &link.final_url {
            Some(url) => format!("the page has moved permanently to {url}"),
            None => "the page has moved permanently".to_string(),
        },
        NotFound => with_detail(format!("the page is gone{code}")),
        Gone => with_detail(format!("the page was removed for good{code}")),
        ClientError => match (&detail, link.http_status) {
            // "HTTP 300 without a usable Location": the detail carries the status itself.
            (Some(d), Some(c)) if d.starts_with(&format!("HTTP {c}")) => {
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
        Timeout => {
            if let Some(after) = starts("no response within ") {
                format!("no answer within {after}")
            } else if let Some(after) = starts("body not complete within ") {
                format!("the page did not finish loading within {after}")
            } else {
                with_detail("the site did not answer in time".to_string())
            }
        }
        DnsError => with_detail("the site could not be reached".to_string()),
        NetworkError => with_detail("the connection to the site failed".to_string()),
        TlsError => with_detail("the secure connection to the site failed".to_string()),
        RedirectLoop => match &detail {
            Some(d) if d.starts_with("more than ") => {
                format!("the page redirects too many times ({d})")
            }
            _ => "the page redirects in a loop".to_string(),
        },
        RobotsDisallowed => match &detail {
            Some(d) if !d.starts_with("robots.txt disallows") => {
                format!("robots.txt does not allow fetching this page: {d}")
            }
            _ => "robots.txt does not allow fetching this page".to_string(),
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
        NotCaptured => "the capture has no answer for this URL (it was not fetched)".to_string(),
        Unchecked => detail.unwrap_or_else(|| "not checked".into()),
    }
}

/// "HTTP 404", "HTTP 404 Not Found", "404": nothing the status code does not already say.
fn restates_http_status(text: &str, http_status: Option<u16>) -> bool {
    let Some(code) = http_status else {
        return false;
    };
    let code = code.to_string();
    let rest = text.strip_prefix("HTTP ").unwrap_or(text);
    let Some(rest) = rest.strip_prefix(code.as_str()) else {
        return false;
    };
    // Only a reason phrase may follow: letters and spaces ("Not Found").
    rest.chars().all(|c| c.is_ascii_alphabetic() || c == ' ')
        && rest.split_whitespace().count() <= 3
}

/// Drops " (os error 111)" wherever it stands: the words before it already say what
/// happened, and what follows ("(while fetching robots.txt)") is kept.
fn strip_os_error(text: &str) -> String {
    let Some(at) = text.find(" (os error ") else {
        return text.to_string();
    };
    match text[at + 1..].find(')') {
        Some(close) => format!("{}{}", &text[..at], &text[at + 1 + close + 1..]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(status: LinkStatus, http: Option<u16>, error: &str) -> Link {
        let mut link = Link::not_requested(status, Some(error.to_string()));
        link.http_status = http;
        link.attempts = 1;
        link
    }

    #[test]
    fn each_status_reads_as_a_sentence() {
        use LinkStatus::*;
        let cases = [
            (
                link(NotFound, Some(404), "HTTP 404"),
                "the page is gone (HTTP 404)",
            ),
            (
                link(Gone, Some(410), "HTTP 410"),
                "the page was removed for good (HTTP 410)",
            ),
            (
                link(
                    DnsError,
                    None,
                    "dns error: cannot resolve ikon.mn: failed to lookup address information",
                ),
                "the site could not be reached: cannot resolve ikon.mn: failed to lookup \
                 address information",
            ),
            (
                link(
                    DnsError,
                    None,
                    "dns error: error resolving DNS: cannot resolve a.invalid: a reserved name \
                     (while fetching robots.txt)",
                ),
                "the site could not be reached: cannot resolve a.invalid: a reserved name \
                 (while fetching robots.txt)",
            ),
            (
                link(
                    NetworkError,
                    None,
                    "tcp connect error: Connection refused (os error 111) (while fetching \
                     robots.txt)",
                ),
                "the connection to the site failed: Connection refused (while fetching \
                 robots.txt)",
            ),
            (
                link(Blocked, Some(403), "HTTP 403"),
                "blocked by the site (HTTP 403)",
            ),
            (
                link(RobotsDisallowed, None, "robots.txt disallows /news/1"),
                "robots.txt does not allow fetching this page",
            ),
            (
                link(Timeout, None, "no response within 30s"),
                "no answer within 30s",
            ),
            (
                link(
                    RedirectLoop,
                    None,
                    "redirect loop back to https://a.example/x",
                ),
                "the page redirects in a loop",
            ),
            (
                link(RedirectLoop, None, "more than 10 redirects"),
                "the page redirects too many times (more than 10 redirects)",
            ),
            (
                link(
                    NetworkError,
                    None,
                    "tcp connect error: Connection refused (os error 111)",
                ),
                "the connection to the site failed: Connection refused",
            ),
            (
                link(ClientError, Some(300), "HTTP 300 without a usable Location"),
                "the site answered HTTP 300 without a usable Location",
            ),
            (
                link(
                    InvalidUrl,
                    None,
                    "not an http(s) URL (scheme \"javascript\")",
                ),
                "the URL cannot be fetched: not an http(s) URL (scheme \"javascript\")",
            ),
            (
                link(
                    Soft404,
                    Some(200),
                    "the page's title says \"Page not found\"",
                ),
                "the page is gone: the page's title says \"Page not found\"",
            ),
            (
                link(
                    Unresolved,
                    None,
                    "no article of Ikon on 2023-09-27 mentions the claim",
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
        assert_eq!(
            link_detail(&link(LinkStatus::NotFound, Some(404), "HTTP 404")),
            None
        );
        assert_eq!(
            link_detail(&link(LinkStatus::NotFound, Some(404), "HTTP 404 Not Found")),
            None
        );
        assert_eq!(
            link_detail(&link(
                LinkStatus::ServerError,
                Some(500),
                "server said: HTTP 500"
            )),
            Some("server said: HTTP 500".into())
        );
        assert_eq!(
            link_detail(&link(LinkStatus::NotFound, Some(404), "HTTP 4040 spaces")),
            Some("HTTP 4040 spaces".into())
        );
        assert_eq!(link_detail(&link(LinkStatus::Timeout, None, "  ")), None);
    }
}

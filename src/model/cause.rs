//! Why a link could not be read: [`FailureCause`], typed from where the failure is met
//! (the fetcher, the pipeline) to where it is worded (the verdict, the reports).
//!
//! The status class (`not_found`, `timeout`) says *what kind* of failure it is; the cause
//! says *what happened* ("no response within 30s", "robots.txt disallows /news/1"). Stages
//! after the fetcher decide by matching on the variant, never on the words, so rewording a
//! message changes what a reader sees and nothing else. `Display` gives the words: they are
//! the report's `link.error` field, unchanged from the time the cause was a string.
//!
//! Some causes carry words citecheck did not write — an operating system's or a library's
//! error, a capture's or a report's text. [`FailureCause::detail`] shows those without the
//! transport's own prefixes and `(os error N)` tags: that is the one place such foreign
//! text is trimmed, and it is only ever shown, never used to decide anything.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Why a URL could not be read, or why it was not requested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureCause {
    /// The URL is not http(s).
    NotHttp {
        /// The URL's scheme.
        scheme: String,
    },
    /// The text is not a URL at all.
    NotAUrl {
        /// The URL parser's words.
        error: String,
    },
    /// A cited URL that is not http(s), as a dry run sees it (nothing parsed further).
    NotHttpCited,
    /// The server answered with this non-success status.
    HttpStatus {
        /// The status code.
        code: u16,
    },
    /// A redirect status without a Location that can be followed.
    NoUsableLocation {
        /// The status code.
        code: u16,
    },
    /// A redirect to a Location that is not a URL.
    InvalidLocation {
        /// The Location header as sent.
        location: String,
        /// The URL parser's words.
        error: String,
    },
    /// A redirect to something citecheck does not fetch (not http(s)).
    RedirectNotFetchable {
        /// Where the redirect pointed.
        url: String,
    },
    /// A redirect back to a URL already visited.
    RedirectLoop {
        /// The URL visited twice.
        url: String,
    },
    /// A redirect chain longer than the cap.
    TooManyRedirects {
        /// The cap.
        max: u32,
    },
    /// No connection within the connect deadline.
    NoConnection {
        /// The deadline.
        within: Duration,
    },
    /// No response within the request deadline.
    NoResponse {
        /// The deadline.
        within: Duration,
    },
    /// The headers came, the whole body did not, within the request deadline.
    BodyTooSlow {
        /// The deadline.
        within: Duration,
    },
    /// A replayed run asked for a URL its capture does not hold.
    NotInCapture,
    /// The capture holds a body cut short by the deadline.
    CapturedSlowBody,
    /// The capture holds a body cut at the size cap.
    CapturedOversizedBody,
    /// The capture holds a body cut short for another reason.
    CapturedIncompleteBody,
    /// The address is one the crawler will not connect to (metadata, `--deny-private`).
    AddressRefused {
        /// The refusal, in the address rules' words.
        message: String,
    },
    /// The host name could not be resolved.
    Dns {
        /// The resolver's failure, in its words.
        message: String,
    },
    /// The TLS handshake failed.
    Tls {
        /// What failed, in the TLS library's words (or ours, for a peer hanging up).
        detail: String,
    },
    /// The connection failed in a way that has a short name.
    Connection(ConnectionLoss),
    /// Any other transport failure, in the transport's words.
    Transport {
        /// The error and its causes.
        message: String,
    },
    /// The HTTP client could not be built for this request.
    ClientSetup {
        /// Why, in the client's words.
        message: String,
    },
    /// The decoded body is over the size cap.
    BodyTooLarge {
        /// The cap in bytes.
        cap: u64,
    },
    /// The body could not be decoded (a broken gzip stream, …).
    BodyUndecodable {
        /// The decoder's words.
        error: String,
    },
    /// robots.txt does not allow this path for citecheck's agent.
    RobotsDisallows {
        /// The path.
        path: String,
    },
    /// robots.txt answered with a server error or 429: RFC 9309 disallows the whole site.
    RobotsUnavailable {
        /// The status code robots.txt answered with.
        code: u16,
    },
    /// The host failed on its robots.txt, before any page was asked for.
    WhileFetchingRobots(Box<FailureCause>),
    /// A bot wall or challenge page.
    Challenge {
        /// What gave it away ("challenge page (cf-mitigated: challenge)").
        description: String,
    },
    /// A "not found" page served with a success status.
    NotFoundPage {
        /// What gave it away ("the page's title says \"Page not found\"").
        description: String,
    },
    /// Not fetched: a dry run.
    DryRun,
    /// A dry run cannot find a URL for a known outlet: that needs the network.
    DryRunNoUrl,
    /// No URL in the document, and the outlet is not in sources.toml.
    NoUrlUnknownOutlet,
    /// No URL could be found for the citation.
    Unresolved {
        /// Why, in the resolver's words ("no article of Ikon on 2023-09-27 …").
        explanation: String,
    },
    /// An ignore-list entry of sources.toml covers the citation.
    Ignored {
        /// The entry's note, as the reader sees it.
        note: String,
    },
    /// Not requested: the URL (or a redirect to it) matches an `--exclude` pattern.
    Excluded {
        /// The pattern it matched.
        pattern: String,
    },
    /// The run was interrupted before this citation's turn.
    Interrupted,
    /// citecheck itself failed while checking this citation (a bug): only this citation
    /// lost its result.
    CheckFailed,
    /// Not requested: the requests allowed for one citation's search were all sent.
    RequestBudgetSpent,
    /// Not checked yet: a rolling run's budget (`--budget`, `--max-requests`) was spent
    /// before this citation's turn, and no earlier run has a result for it.
    RunBudgetSpent,
    /// A failure read from a capture that holds only its words.
    Recorded {
        /// The capture's words.
        message: String,
    },
    /// A failure read back from a report (`merge`): only its words are known.
    Reported {
        /// The report's words.
        text: String,
    },
}

/// Connection failures with a short name, all worth a retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionLoss {
    /// Nothing listens on the port.
    Refused,
    /// The peer reset the connection.
    Reset,
    /// The connection was aborted.
    Aborted,
    /// The server closed the connection (a broken pipe).
    ClosedByServer,
    /// The connection closed before the answer was complete.
    ClosedEarly,
}

impl fmt::Display for ConnectionLoss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConnectionLoss::Refused => "connection refused",
            ConnectionLoss::Reset => "connection reset",
            ConnectionLoss::Aborted => "connection aborted",
            ConnectionLoss::ClosedByServer => "connection closed by the server",
            ConnectionLoss::ClosedEarly => "connection closed before the answer was complete",
        })
    }
}

impl fmt::Display for FailureCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FailureCause::*;
        match self {
            NotHttp { scheme } => write!(f, "not an http(s) URL (scheme {scheme:?})"),
            NotAUrl { error } => write!(f, "not a URL: {error}"),
            NotHttpCited => f.write_str("not an http(s) URL"),
            HttpStatus { code } => write!(f, "HTTP {code}"),
            NoUsableLocation { code } => write!(f, "HTTP {code} without a usable Location"),
            InvalidLocation { location, error } => {
                write!(f, "redirect to an invalid Location {location:?}: {error}")
            }
            RedirectNotFetchable { url } => {
                write!(f, "redirect to a URL citecheck does not fetch: {url}")
            }
            RedirectLoop { url } => write!(f, "redirect loop back to {url}"),
            TooManyRedirects { max } => write!(f, "more than {max} redirects"),
            NoConnection { within } => write!(f, "no connection within {within:?}"),
            NoResponse { within } => write!(f, "no response within {within:?}"),
            BodyTooSlow { within } => write!(f, "body not complete within {within:?}"),
            NotInCapture => f.write_str("not in capture"),
            CapturedSlowBody => f.write_str("body not complete (captured)"),
            CapturedOversizedBody => f.write_str("body over the cap (captured)"),
            CapturedIncompleteBody => f.write_str("body incomplete (captured)"),
            AddressRefused { message }
            | Dns { message }
            | Transport { message }
            | ClientSetup { message }
            | Recorded { message } => f.write_str(message),
            Tls { detail } => write!(f, "TLS handshake failed: {detail}"),
            Connection(loss) => loss.fmt(f),
            BodyTooLarge { cap } => write!(f, "body larger than {cap} bytes"),
            BodyUndecodable { error } => write!(f, "cannot decode the body: {error}"),
            RobotsDisallows { path } => write!(f, "robots.txt disallows {path}"),
            RobotsUnavailable { code } => write!(
                f,
                "robots.txt answered {code}; RFC 9309 treats an unreachable robots.txt as \
                 disallowing the whole site"
            ),
            WhileFetchingRobots(cause) => write!(f, "{cause} (while fetching robots.txt)"),
            Challenge { description } | NotFoundPage { description } => f.write_str(description),
            DryRun => f.write_str("dry run: not fetched"),
            DryRunNoUrl => {
                f.write_str("dry run: the document gives no URL; finding one needs the network")
            }
            NoUrlUnknownOutlet => {
                f.write_str("the document gives no URL and the outlet is not in sources.toml")
            }
            Unresolved { explanation } => f.write_str(explanation),
            Ignored { note } => f.write_str(note),
            Interrupted => f.write_str("the run was interrupted before this citation was checked"),
            CheckFailed => f.write_str(
                "citecheck failed while checking this citation (an internal error; please report it)",
            ),
            Excluded { pattern } => write!(f, "not requested: excluded by --exclude '{pattern}'"),
            RequestBudgetSpent => {
                f.write_str("not requested: the citation's request budget is spent")
            }
            RunBudgetSpent => f.write_str(
                "not checked yet: the run's budget was spent before this citation's turn",
            ),
            Reported { text } => f.write_str(text),
        }
    }
}

/// Transport prefixes that say where an error came from, not what it is.
const NOISE_PREFIXES: [&str; 5] = [
    "dns error: ",
    "error resolving DNS: ",
    "tcp connect error: ",
    "error trying to connect: ",
    "client error (Connect): ",
];

impl FailureCause {
    /// The cause as a detail worth showing after the link's status and HTTP code: `None`
    /// when it would only restate the HTTP status ("HTTP 404" next to a 404). Words from
    /// outside citecheck lose the transport's prefixes and `(os error N)` tags.
    pub fn detail(&self, http_status: Option<u16>) -> Option<String> {
        use FailureCause::*;
        match self {
            HttpStatus { code } if http_status == Some(*code) => None,
            Dns { message }
            | Transport { message }
            | ClientSetup { message }
            | AddressRefused { message } => foreign_detail(message, None),
            Tls { .. } | BodyUndecodable { .. } => foreign_detail(&self.to_string(), None),
            WhileFetchingRobots(cause) => {
                let inner = match cause.detail(None) {
                    Some(detail) => detail,
                    None => cause.to_string(),
                };
                Some(format!("{inner} (while fetching robots.txt)"))
            }
            Recorded { message } => foreign_detail(message, http_status),
            Reported { text } => foreign_detail(text, http_status),
            Unresolved { explanation: text } | Ignored { note: text } if text.trim().is_empty() => {
                None
            }
            Unresolved { explanation: text } | Ignored { note: text } => {
                Some(text.trim().to_string())
            }
            other => Some(other.to_string()),
        }
    }
}

/// Foreign words as a detail: trimmed, without transport prefixes and `(os error N)` tags,
/// and `None` when empty or when they only restate the HTTP status.
fn foreign_detail(text: &str, http_status: Option<u16>) -> Option<String> {
    let mut text = text.trim();
    // Bounded: each pass removes a prefix.
    while let Some(rest) = NOISE_PREFIXES.iter().find_map(|p| text.strip_prefix(p)) {
        text = rest.trim_start();
    }
    let text = strip_os_error(text);
    let text = text.trim();
    if text.is_empty() || restates_http_status(text, http_status) {
        return None;
    }
    Some(text.to_string())
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

/// The report's `link.error`: a cause is written as its words and read back as
/// [`FailureCause::Reported`], so the report's format is the same as when it was a string.
pub(crate) mod as_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::FailureCause;

    /// Writes the cause's words.
    pub fn serialize<S: Serializer>(
        cause: &Option<FailureCause>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match cause {
            Some(cause) => serializer.collect_str(cause),
            None => serializer.serialize_none(),
        }
    }

    /// Reads the words back.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<FailureCause>, D::Error> {
        Ok(
            Option::<String>::deserialize(deserializer)?
                .map(|text| FailureCause::Reported { text }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_those_the_report_always_had() {
        let cases = [
            (
                FailureCause::NoResponse {
                    within: Duration::from_secs(30),
                },
                "no response within 30s",
            ),
            (FailureCause::HttpStatus { code: 404 }, "HTTP 404"),
            (
                FailureCause::NoUsableLocation { code: 300 },
                "HTTP 300 without a usable Location",
            ),
            (
                FailureCause::WhileFetchingRobots(Box::new(FailureCause::Connection(
                    ConnectionLoss::Refused,
                ))),
                "connection refused (while fetching robots.txt)",
            ),
            (
                FailureCause::NotHttp {
                    scheme: "javascript".into(),
                },
                "not an http(s) URL (scheme \"javascript\")",
            ),
        ];
        for (cause, words) in cases {
            assert_eq!(cause.to_string(), words);
        }
    }

    #[test]
    fn foreign_words_lose_transport_noise_in_the_detail_only() {
        let cause = FailureCause::Transport {
            message: "tcp connect error: Network is unreachable (os error 101)".into(),
        };
        assert_eq!(
            cause.detail(None).as_deref(),
            Some("Network is unreachable")
        );
        assert!(cause.to_string().starts_with("tcp connect error: "));
        let robots = FailureCause::WhileFetchingRobots(Box::new(cause));
        assert_eq!(
            robots.detail(None).as_deref(),
            Some("Network is unreachable (while fetching robots.txt)")
        );
    }

    #[test]
    fn a_status_code_is_not_repeated_as_a_detail() {
        assert_eq!(
            FailureCause::HttpStatus { code: 404 }.detail(Some(404)),
            None
        );
        let reported = FailureCause::Reported {
            text: "HTTP 404".into(),
        };
        assert_eq!(reported.detail(Some(404)), None);
        assert_eq!(
            FailureCause::NoUsableLocation { code: 300 }
                .detail(Some(300))
                .as_deref(),
            Some("HTTP 300 without a usable Location")
        );
    }

    #[test]
    fn a_report_reads_back_its_words() {
        #[derive(Serialize, Deserialize)]
        struct Holder {
            #[serde(with = "as_text")]
            error: Option<FailureCause>,
        }
        let json = serde_json::to_string(&Holder {
            error: Some(FailureCause::TooManyRedirects { max: 10 }),
        })
        .unwrap();
        assert_eq!(json, r#"{"error":"more than 10 redirects"}"#);
        let back: Holder = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back.error,
            Some(FailureCause::Reported {
                text: "more than 10 redirects".into()
            })
        );
    }
}

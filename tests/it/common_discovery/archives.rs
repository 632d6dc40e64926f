//! A loopback Wayback (CDX server and `id_` replay) and a loopback Memento service
//! (TimeGate, mementos with Link headers, TimeMap), both over a fixed set of captures.

use std::sync::Arc;

use chrono::{NaiveDateTime, TimeZone, Utc};

use super::{Asked, Handler, Reply, Site, Urls};

/// One capture of a URL.
#[derive(Debug, Clone)]
pub struct Capture {
    /// 14-digit timestamp.
    pub timestamp: &'static str,
    /// The URL captured.
    pub original: String,
    /// The HTTP status the archive recorded for it.
    pub status: u16,
    /// The page as captured (served as is).
    pub html: String,
    /// When set, the archive fails to serve this copy with that status.
    pub broken: Option<u16>,
}

fn http_date(timestamp: &str) -> String {
    let time = NaiveDateTime::parse_from_str(timestamp, "%Y%m%d%H%M%S")
        .map(|t| Utc.from_utc_datetime(&t))
        .unwrap_or_else(|_| Utc::now());
    httpdate::fmt_http_date(time.into())
}

/// A timestamp bound padded as the CDX server does (`from` with zeros, `to` with nines).
fn pad(bound: &str, with: char) -> String {
    let mut padded = bound.to_string();
    while padded.len() < 14 {
        padded.push(with);
    }
    padded
}

/// The CDX server: `url`, `from`, `to`, `limit` (negative: the last N), `filter`
/// (`statuscode:200`), `output=json`.
fn cdx(captures: Arc<Vec<Capture>>) -> Handler {
    Arc::new(move |asked: &Asked| {
        let url = asked.param("url").unwrap_or_default();
        let from = pad(&asked.param("from").unwrap_or_default(), '0');
        let to = pad(&asked.param("to").unwrap_or_else(|| "9".into()), '9');
        let only_200 = asked.param("filter").as_deref() == Some("statuscode:200");
        let mut rows: Vec<&Capture> = captures
            .iter()
            .filter(|c| c.original == url)
            .filter(|c| c.timestamp >= from.as_str() && c.timestamp <= to.as_str())
            .filter(|c| !only_200 || c.status == 200)
            .collect();
        rows.sort_by_key(|c| c.timestamp);
        if let Some(limit) = asked.param("limit").and_then(|l| l.parse::<i64>().ok()) {
            let n = limit.unsigned_abs() as usize;
            if limit < 0 {
                rows = rows.split_off(rows.len().saturating_sub(n));
            } else {
                rows.truncate(n);
            }
        }
        let mut json = vec![serde_json::json!([
            "timestamp",
            "original",
            "statuscode",
            "mimetype"
        ])];
        json.extend(rows.iter().map(|c| {
            serde_json::json!([c.timestamp, &c.original, c.status.to_string(), "text/html"])
        }));
        if json.len() == 1 {
            json.clear(); // the real server answers an empty array when nothing matches
        }
        Reply::new(
            200,
            "application/json",
            serde_json::to_string(&json).unwrap_or_default(),
        )
    })
}

/// `/web/{timestamp}id_/{url}`: the raw copy.
fn wayback_copies(captures: Arc<Vec<Capture>>) -> Handler {
    Arc::new(move |asked: &Asked| {
        let rest = asked.path.trim_start_matches("/web/");
        let Some((stamp, url)) = rest.split_once("id_/") else {
            return Reply::not_found();
        };
        let full = match &asked.query {
            Some(q) => format!("{url}?{q}"),
            None => url.to_string(),
        };
        match captures
            .iter()
            .find(|c| c.timestamp == stamp && c.original == full)
        {
            Some(c) if c.broken.is_some() => {
                Reply::new(c.broken.unwrap_or(500), "text/plain", "archive error")
            }
            Some(c) => Reply::html(c.html.clone()),
            None => Reply::not_found(),
        }
    })
}

/// Starts a loopback Wayback with these captures.
pub async fn wayback(host: &str, captures: Vec<Capture>) -> Site {
    wayback_with(host, Urls::WithPort, captures).await
}

/// [`wayback`] with its URLs written as asked.
pub async fn wayback_with(host: &str, urls: Urls, captures: Vec<Capture>) -> Site {
    let captures = Arc::new(captures);
    Site::start_with(
        host,
        urls,
        Vec::new(),
        vec![
            ("/cdx/search/cdx".into(), cdx(captures.clone())),
            ("/web/".into(), wayback_copies(captures)),
        ],
    )
    .await
}

/// The Link header value of a memento: original, timemap, first/last, prev/next.
fn memento_links(base: &str, captures: &[&Capture], index: usize) -> String {
    let c = captures[index];
    let uri = |c: &Capture| format!("{base}/memento/{}/{}", c.timestamp, c.original);
    let mut links = vec![
        format!("<{}>; rel=\"original\"", c.original),
        format!(
            "<{base}/timemap/link/{}>; rel=\"timemap\"; type=\"application/link-format\"",
            c.original
        ),
    ];
    let mut rel = |i: usize, name: &str| {
        links.push(format!(
            "<{}>; rel=\"{name}\"; datetime=\"{}\"",
            uri(captures[i]),
            http_date(captures[i].timestamp)
        ));
    };
    rel(0, "first memento");
    rel(captures.len() - 1, "last memento");
    if index > 0 {
        rel(index - 1, "prev memento");
    }
    if index + 1 < captures.len() {
        rel(index + 1, "next memento");
    }
    links.join(", ")
}

/// Starts a loopback Memento service: `/timegate/{url}` (302 to the memento nearest
/// `Accept-Datetime`, or the latest without it), `/memento/{ts}/{url}`,
/// `/timemap/link/{url}`.
pub async fn memento(host: &str, captures: Vec<Capture>) -> Site {
    let captures = Arc::new(captures);
    let host_name = host.to_string();
    // The base URL is only known once the site runs; handlers read it from the Host header.
    let base_of = move |asked: &Asked| {
        format!(
            "http://{}",
            asked.header("host").unwrap_or(host_name.as_str())
        )
    };
    let gate = {
        let captures = captures.clone();
        let base_of = base_of.clone();
        Arc::new(move |asked: &Asked| {
            let url = asked.path.trim_start_matches("/timegate/");
            let mut list: Vec<&Capture> = captures.iter().filter(|c| c.original == url).collect();
            list.sort_by_key(|c| c.timestamp);
            let wanted = asked
                .header("accept-datetime")
                .and_then(|d| httpdate::parse_http_date(d).ok())
                .map(|t| {
                    chrono::DateTime::<Utc>::from(t)
                        .format("%Y%m%d%H%M%S")
                        .to_string()
                });
            let chosen = match wanted {
                Some(w) => list
                    .iter()
                    .rev()
                    .find(|c| c.timestamp <= w.as_str())
                    .or(list.first()),
                None => list.last(),
            };
            let Some(c) = chosen else {
                return Reply::not_found();
            };
            let base = base_of(asked);
            Reply::new(302, "text/plain", "")
                .header("location", &format!("{base}/memento/{}/{}", c.timestamp, c.original))
                .header("vary", "accept-datetime")
                .header(
                    "link",
                    &format!(
                        "<{url}>; rel=\"original\", <{base}/timemap/link/{url}>; rel=\"timemap\"; type=\"application/link-format\""
                    ),
                )
        }) as Handler
    };
    let copies = {
        let captures = captures.clone();
        let base_of = base_of.clone();
        Arc::new(move |asked: &Asked| {
            let rest = asked.path.trim_start_matches("/memento/");
            let Some((stamp, url)) = rest.split_once('/') else {
                return Reply::not_found();
            };
            let mut list: Vec<&Capture> = captures.iter().filter(|c| c.original == url).collect();
            list.sort_by_key(|c| c.timestamp);
            let Some(index) = list.iter().position(|c| c.timestamp == stamp) else {
                return Reply::not_found();
            };
            if let Some(status) = list[index].broken {
                return Reply::new(status, "text/plain", "archive error");
            }
            Reply::html(list[index].html.clone())
                .header("memento-datetime", &http_date(stamp))
                .header("link", &memento_links(&base_of(asked), &list, index))
        }) as Handler
    };
    let timemap = {
        let captures = captures.clone();
        Arc::new(move |asked: &Asked| {
            let url = asked.path.trim_start_matches("/timemap/link/");
            let base = base_of(asked);
            let mut lines = vec![
                format!("<{url}>; rel=\"original\""),
                format!(
                    "<{base}/timemap/link/{url}>; rel=\"self\"; type=\"application/link-format\""
                ),
            ];
            for c in captures.iter().filter(|c| c.original == url) {
                lines.push(format!(
                    "<{base}/memento/{}/{}>; rel=\"memento\"; datetime=\"{}\"",
                    c.timestamp,
                    c.original,
                    http_date(c.timestamp)
                ));
            }
            Reply::new(200, "application/link-format", lines.join(",\n"))
        }) as Handler
    };
    Site::start(
        host,
        Vec::new(),
        vec![
            ("/timegate/".into(), gate),
            ("/memento/".into(), copies),
            ("/timemap/link/".into(), timemap),
        ],
    )
    .await
}

//! Wayback Machine look-ups through its CDX server.
//!
//! Two queries at most per URL: the snapshots up to the end of the cited day (the last of
//! them is the copy as the citing author could have seen it), and, failing that, the first
//! snapshots after it. Only status-200 captures are asked for. The copy itself is fetched
//! in Wayback's `id_` form (`/web/{timestamp}id_/{url}`), which serves the page as it was
//! captured, without the archive's banner or rewritten links — what the extractor should
//! see. The replay address is derived from the CDX endpoint (`…/cdx/search/cdx` →
//! `…/web/`, pywb's `…/{coll}/cdx` → `…/{coll}/`), so a test's loopback archive works the
//! same way as web.archive.org.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

use crate::fetch::{FetchRequest, Fetcher, Purpose};

use super::polite::{ArchiveGate, Ask};

/// One capture listed by the CDX server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snapshot {
    /// The 14-digit capture timestamp (UTC).
    pub(crate) timestamp: String,
    /// The URL as captured.
    pub(crate) original: String,
    /// The timestamp as a time.
    pub(crate) captured: DateTime<Utc>,
}

/// How far before the cited day a capture is still looked for.
const BEFORE_SPAN_DAYS: i64 = 2 * 365;

/// A timestamp of 4 to 14 digits, padded to a full time (the CDX convention).
fn parse_timestamp(ts: &str) -> Option<DateTime<Utc>> {
    if ts.len() < 4 || ts.len() > 14 || !ts.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut full = ts.to_string();
    // Pad month and day to 01, the time to 00.
    while full.len() < 14 {
        full.push_str(if full.len() < 8 { "01" } else { "00" });
    }
    NaiveDateTime::parse_from_str(&full[..14], "%Y%m%d%H%M%S")
        .ok()
        .map(|t| t.and_utc())
}

/// True when `text` reads as a CDX answer, empty or not: a JSON array, or lines that each
/// start with a timestamp. An HTML page or an error message served with 200 is not one, and
/// must not read as "no capture".
pub(crate) fn is_listing(text: &str) -> bool {
    let text = text.trim();
    if text.starts_with('[') {
        return serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.is_array());
    }
    text.lines().filter(|l| !l.trim().is_empty()).all(|l| {
        l.split_whitespace()
            .next()
            .is_some_and(|ts| ts.len() >= 4 && ts.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// The captures of a CDX answer: JSON (`output=json`, first row the field names) or the
/// classic space-separated lines (`timestamp original statuscode mimetype`).
pub(crate) fn parse_cdx(text: &str) -> Vec<Snapshot> {
    let rows: Vec<Vec<String>> = match serde_json::from_str::<Vec<Vec<serde_json::Value>>>(text) {
        Ok(rows) => rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|v| match v {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect(),
        Err(_) => text
            .lines()
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .filter(|r: &Vec<String>| !r.is_empty())
            .collect(),
    };
    let Some(first) = rows.first() else {
        return Vec::new();
    };
    // A header row names the columns; without one, the order we asked for.
    let (columns, data) = if first.iter().any(|c| c == "timestamp") {
        (first.clone(), &rows[1..])
    } else {
        (
            vec!["timestamp".into(), "original".into(), "statuscode".into()],
            &rows[..],
        )
    };
    let at = |name: &str| columns.iter().position(|c| c == name);
    let (Some(ts), Some(orig)) = (at("timestamp"), at("original")) else {
        return Vec::new();
    };
    let status = at("statuscode");
    data.iter()
        .filter(|row| status.is_none_or(|i| row.get(i).is_none_or(|s| s == "200")))
        .filter_map(|row| {
            let timestamp = row.get(ts)?.clone();
            Some(Snapshot {
                captured: parse_timestamp(&timestamp)?,
                original: row.get(orig)?.clone(),
                timestamp,
            })
        })
        .collect()
}

/// A URL reduced to what archives treat as the same page: scheme, `www.`, default port,
/// a trailing slash and the fragment do not matter.
fn page_key(url: &str) -> String {
    match url::Url::parse(url.trim()) {
        Ok(u) => {
            let host = u.host_str().unwrap_or("").trim_start_matches("www.");
            let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
            let path = u.path().trim_end_matches('/');
            match u.query() {
                Some(q) => format!("{host}{port}{path}?{q}"),
                None => format!("{host}{port}{path}"),
            }
        }
        Err(_) => url.trim().to_lowercase(),
    }
}

/// True when a capture's `original` is the page asked for (a CDX server may answer with
/// more than was asked: a prefix match, or a static answer).
pub(crate) fn same_page(original: &str, asked: &str) -> bool {
    page_key(original) == page_key(asked)
}

/// A CDX query for `url` between two timestamps.
pub(crate) fn query(
    endpoint: &str,
    url: &str,
    from: Option<String>,
    to: Option<String>,
    limit: Option<u32>,
) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(url.as_bytes()).collect();
    let mut q = format!(
        "{endpoint}?url={encoded}&output=json&fl=timestamp,original,statuscode,mimetype\
         &filter=statuscode:200"
    );
    if let Some(from) = from {
        q.push_str(&format!("&from={from}"));
    }
    if let Some(to) = to {
        q.push_str(&format!("&to={to}"));
    }
    if let Some(limit) = limit {
        q.push_str(&format!("&limit={limit}"));
    }
    q
}

/// Where the archive replays captures, from its CDX endpoint.
pub(crate) fn replay_prefix(endpoint: &str) -> String {
    let base = endpoint.split(['?', '#']).next().unwrap_or(endpoint);
    if let Some(root) = base.strip_suffix("/cdx/search/cdx") {
        format!("{root}/web/")
    } else if let Some(collection) = base.strip_suffix("cdx") {
        collection.to_string()
    } else {
        let origin = url::Url::parse(base)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default();
        format!("{origin}/web/")
    }
}

/// The raw (`id_`) replay URL of a capture.
pub(crate) fn raw_copy_url(prefix: &str, snapshot: &Snapshot) -> String {
    format!("{prefix}{}id_/{}", snapshot.timestamp, snapshot.original)
}

/// Asks the CDX server for the captures of `url`; `Err` says why the archive could not
/// be asked (not sent, or no readable answer) — which is not the same as "no capture".
async fn ask(
    fetcher: &Fetcher,
    gate: &ArchiveGate,
    url: &str,
    query: String,
) -> Result<Vec<Snapshot>, String> {
    let request = FetchRequest::new(query, Purpose::Archive);
    let outcome = gate
        .fetch(fetcher, request, Ask::Index)
        .await
        .map_err(|refused| format!("CDX query not sent: {refused}"))?;
    match outcome.page {
        Some(page) if outcome.link.status.is_readable() && !is_listing(&page.text) => {
            Err("the CDX server's answer is not a CDX listing (an error page?)".to_string())
        }
        Some(page) if outcome.link.status.is_readable() => Ok(parse_cdx(&page.text)
            .into_iter()
            .filter(|s| same_page(&s.original, url))
            .collect()),
        _ => Err(format!(
            "the CDX server did not answer: {}",
            crate::verdict::link_reason(&outcome.link)
        )),
    }
}

fn end_of(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.and_hms_opt(23, 59, 59).map(|t| t.and_utc())
}

/// The last capture on or before the cited day (for an unknown date: the latest capture).
pub(crate) async fn last_on_or_before(
    endpoint: &str,
    url: &str,
    date: Option<NaiveDate>,
    fetcher: &Fetcher,
    gate: &ArchiveGate,
) -> Result<Option<Snapshot>, String> {
    let Some(day) = date else {
        return Ok(
            ask(fetcher, gate, url, query(endpoint, url, None, None, None))
                .await?
                .into_iter()
                .max_by(|a, b| a.captured.cmp(&b.captured)),
        );
    };
    let Some(end) = end_of(day) else {
        return Ok(None);
    };
    let from = (day - Duration::days(BEFORE_SPAN_DAYS)).format("%Y%m%d");
    let to = format!("{}235959", day.format("%Y%m%d"));
    let listed = ask(
        fetcher,
        gate,
        url,
        query(endpoint, url, Some(from.to_string()), Some(to), None),
    )
    .await?;
    Ok(listed
        .into_iter()
        .filter(|s| s.captured <= end)
        .max_by(|a, b| a.captured.cmp(&b.captured)))
}

/// The first capture after the cited day.
pub(crate) async fn first_after(
    endpoint: &str,
    url: &str,
    day: NaiveDate,
    fetcher: &Fetcher,
    gate: &ArchiveGate,
) -> Result<Option<Snapshot>, String> {
    let Some(end) = end_of(day) else {
        return Ok(None);
    };
    let next_day = (day + Duration::days(1)).format("%Y%m%d").to_string();
    let listed = ask(
        fetcher,
        gate,
        url,
        query(endpoint, url, Some(next_day), None, Some(5)),
    )
    .await?;
    Ok(listed
        .into_iter()
        .filter(|s| s.captured > end)
        .min_by(|a, b| a.captured.cmp(&b.captured)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_text_answers_give_the_same_snapshots() {
        let json = r#"[["timestamp","original","statuscode","mimetype"],
            ["20230928101500","http://ikon.mn/n/2abc","200","text/html"],
            ["20231001000000","http://ikon.mn/n/2abc","404","text/html"]]"#;
        let snaps = parse_cdx(json);
        assert_eq!(snaps.len(), 1, "non-200 rows are dropped");
        assert_eq!(snaps[0].timestamp, "20230928101500");
        assert_eq!(snaps[0].captured.to_rfc3339(), "2023-09-28T10:15:00+00:00");
        let text = "20230928101500 http://ikon.mn/n/2abc 200 text/html\n";
        assert_eq!(parse_cdx(text), snaps);
        assert!(parse_cdx("[]").is_empty());
        assert!(is_listing("[]") && is_listing("") && is_listing(json) && is_listing(text));
        assert!(!is_listing("<html>error</html>"));
        assert!(!is_listing("Rate limit exceeded, try later"));
        assert!(parse_cdx("<html>error</html>").is_empty());
    }

    #[test]
    fn replay_addresses_follow_the_cdx_endpoint() {
        assert_eq!(
            replay_prefix("https://web.archive.org/cdx/search/cdx"),
            "https://web.archive.org/web/"
        );
        assert_eq!(
            replay_prefix("http://127.0.0.1:9000/pywb/cdx"),
            "http://127.0.0.1:9000/pywb/"
        );
        let snap = Snapshot {
            timestamp: "20230928101500".into(),
            original: "http://ikon.mn/n/2abc".into(),
            captured: Utc::now(),
        };
        assert_eq!(
            raw_copy_url("https://web.archive.org/web/", &snap),
            "https://web.archive.org/web/20230928101500id_/http://ikon.mn/n/2abc"
        );
    }

    #[test]
    fn captures_of_other_pages_are_not_copies_of_this_one() {
        assert!(same_page(
            "http://www.ikon.mn/n/2abc/",
            "https://ikon.mn/n/2abc"
        ));
        assert!(same_page(
            "http://ikon.mn:80/n/2abc",
            "http://ikon.mn/n/2abc"
        ));
        assert!(!same_page("http://ikon.mn/n/2abd", "http://ikon.mn/n/2abc"));
        assert!(!same_page(
            "http://ikon.mn/n/2abc?x=1",
            "http://ikon.mn/n/2abc"
        ));
        assert!(!same_page(
            "http://ikon.mn:8080/n/2abc",
            "http://ikon.mn/n/2abc"
        ));
    }

    #[test]
    fn queries_encode_the_url_and_bound_the_dates() {
        let q = query(
            "https://web.archive.org/cdx/search/cdx",
            "http://ikon.mn/n/2abc?a=1&b=2",
            Some("20210927".into()),
            Some("20230927235959".into()),
            None,
        );
        assert!(
            q.contains("url=http%3A%2F%2Fikon.mn%2Fn%2F2abc%3Fa%3D1%26b%3D2"),
            "{q}"
        );
        assert!(q.contains("&filter=statuscode:200&from=20210927&to=20230927235959"));
        assert_eq!(parse_timestamp("2023"), parse_timestamp("20230101000000"));
        assert_eq!(parse_timestamp("2023x"), None);
    }
}

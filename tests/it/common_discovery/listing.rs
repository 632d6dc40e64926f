//! Loopback archives that list what an outlet published: a Wayback CDX server answering
//! domain listings (`matchType=domain`, filters, `collapse=urlkey`, `limit` pages with
//! `showResumeKey`/`resumeKey`) with `id_` replays, a SearXNG stub, and a Common Crawl
//! crawl list, index (JSON lines) and WARC files served by byte range.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::{Asked, Handler, Reply, Site};

/// One capture in a listing archive.
#[derive(Debug, Clone)]
pub struct Shot {
    /// 14-digit timestamp.
    pub timestamp: String,
    /// The URL captured.
    pub original: String,
    /// Its MIME type.
    pub mime: &'static str,
    /// Its recorded status.
    pub status: u16,
    /// The page as captured.
    pub body: String,
}

impl Shot {
    pub fn html(timestamp: &str, original: &str, body: &str) -> Shot {
        Shot {
            timestamp: timestamp.into(),
            original: original.into(),
            mime: "text/html",
            status: 200,
            body: body.into(),
        }
    }
}

/// Every value of a query parameter (filters repeat).
fn params(asked: &Asked, name: &str) -> Vec<String> {
    url::form_urlencoded::parse(asked.query.as_deref().unwrap_or("").as_bytes())
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .collect()
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

fn pad(bound: &str, with: char) -> String {
    let mut padded = bound.to_string();
    while padded.len() < 14 {
        padded.push(with);
    }
    padded
}

/// The CDX domain listing: `url` (a domain), `matchType=domain`, `from`, `to`, `filter`
/// (`statuscode:200`, `mimetype:text/html`), `collapse=urlkey`, `limit` rows a page with
/// `showResumeKey` (the key is the next row's index). `too_many`: how many first requests
/// get a 429 instead.
pub fn cdx_listing(shots: Arc<Vec<Shot>>, too_many: usize) -> Handler {
    let answered = Arc::new(AtomicUsize::new(0));
    Arc::new(move |asked: &Asked| {
        if answered.fetch_add(1, Ordering::SeqCst) < too_many {
            return Reply::new(429, "text/plain", "Too Many Requests");
        }
        let domain = asked.param("url").unwrap_or_default();
        let exact = asked.param("matchType").as_deref() != Some("domain");
        let from = pad(&asked.param("from").unwrap_or_default(), '0');
        let to = pad(&asked.param("to").unwrap_or_else(|| "9".into()), '9');
        let filters = params(asked, "filter");
        let mut rows: Vec<&Shot> = shots
            .iter()
            .filter(|s| {
                let host = host_of(&s.original);
                if exact {
                    s.original == domain
                } else {
                    host == domain || host.ends_with(&format!(".{domain}"))
                }
            })
            .filter(|s| s.timestamp >= from && s.timestamp <= to)
            .filter(|s| {
                filters.iter().all(|f| match f.split_once(':') {
                    Some(("statuscode", v)) => s.status.to_string() == v,
                    Some(("mimetype", v)) => s.mime == v,
                    _ => true,
                })
            })
            .collect();
        rows.sort_by(|a, b| (&a.original, &a.timestamp).cmp(&(&b.original, &b.timestamp)));
        if asked.param("collapse").as_deref() == Some("urlkey") {
            rows.dedup_by(|a, b| a.original == b.original);
        }
        let start: usize = asked
            .param("resumeKey")
            .and_then(|k| k.parse().ok())
            .unwrap_or(0);
        let limit: usize = asked
            .param("limit")
            .and_then(|l| l.parse().ok())
            .unwrap_or(usize::MAX);
        let page: Vec<&Shot> = rows.iter().skip(start).take(limit).copied().collect();
        let mut json = vec![serde_json::json!([
            "timestamp",
            "original",
            "statuscode",
            "mimetype"
        ])];
        json.extend(
            page.iter().map(|s| {
                serde_json::json!([&s.timestamp, &s.original, s.status.to_string(), s.mime])
            }),
        );
        let more = start + page.len() < rows.len();
        if more && asked.param("showResumeKey").as_deref() == Some("true") {
            json.push(serde_json::json!([]));
            json.push(serde_json::json!([(start + page.len()).to_string()]));
        }
        Reply::new(
            200,
            "application/json",
            serde_json::to_string(&json).unwrap_or_default(),
        )
    })
}

/// `/web/{timestamp}id_/{url}`: the raw copy.
pub fn replays(shots: Arc<Vec<Shot>>) -> Handler {
    Arc::new(move |asked: &Asked| {
        let rest = asked.path.trim_start_matches("/web/");
        let Some((stamp, url)) = rest.split_once("id_/") else {
            return Reply::not_found();
        };
        let full = match &asked.query {
            Some(q) => format!("{url}?{q}"),
            None => url.to_string(),
        };
        if let Some(s) = shots
            .iter()
            .find(|s| s.timestamp == stamp && s.original == full)
        {
            return Reply::html(s.body.clone());
        }
        // As Wayback does: any other time redirects to the capture nearest it.
        let wanted: i64 = pad(stamp, '0').parse().unwrap_or(0);
        let nearest = shots
            .iter()
            .filter(|s| s.original == full && s.status == 200)
            .min_by_key(|s| (s.timestamp.parse::<i64>().unwrap_or(0) - wanted).abs());
        match nearest {
            Some(s) => Reply::new(302, "text/plain", "")
                .header("location", &format!("/web/{}id_/{full}", s.timestamp)),
            None => Reply::not_found(),
        }
    })
}

/// A loopback Wayback answering domain listings; its first `too_many` CDX queries get 429.
pub async fn wayback(host: &str, shots: Vec<Shot>, too_many: usize) -> Site {
    let shots = Arc::new(shots);
    Site::start(
        host,
        Vec::new(),
        vec![
            (
                "/cdx/search/cdx".into(),
                cdx_listing(shots.clone(), too_many),
            ),
            ("/web/".into(), replays(shots)),
        ],
    )
    .await
}

/// One SearXNG result.
pub struct Hit {
    pub url: String,
    pub title: String,
    pub content: String,
    pub published: Option<String>,
}

/// A SearXNG stub: `/search?q=…&format=json` answers `hits` for a query containing `word`
/// (case-insensitive), and nothing otherwise.
pub async fn searxng(host: &str, word: &'static str, hits: Vec<Hit>) -> Site {
    let hits = Arc::new(hits);
    let handler: Handler = Arc::new(move |asked: &Asked| {
        if asked.param("format").as_deref() != Some("json") {
            return Reply::new(403, "text/html", "<html>json output is off</html>");
        }
        let q = asked.param("q").unwrap_or_default().to_lowercase();
        let results: Vec<serde_json::Value> = if q.contains(&word.to_lowercase()) {
            hits.iter()
                .map(|h| {
                    serde_json::json!({"url": h.url, "title": h.title, "content": h.content,
                                       "publishedDate": h.published, "engine": "stub"})
                })
                .collect()
        } else {
            Vec::new()
        };
        Reply::new(
            200,
            "application/json",
            serde_json::json!({"query": q, "results": results}).to_string(),
        )
    });
    Site::start(host, Vec::new(), vec![("/search".into(), handler)]).await
}

/// A gzip member holding one WARC response record of `body` for `url`.
pub fn warc_record(url: &str, timestamp: &str, body: &str) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let date = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &timestamp[0..4],
        &timestamp[4..6],
        &timestamp[6..8],
        &timestamp[8..10],
        &timestamp[10..12],
        &timestamp[12..14]
    );
    let record = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: {date}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(record.as_bytes()).expect("gzip in memory");
    gz.finish().expect("gzip in memory")
}

/// A loopback Common Crawl: `index_host` serves `/collinfo.json` (one crawl covering late
/// September 2023, one of May) and the crawl's index `/CC-MAIN-2023-40-index` (JSON lines
/// for the domain asked), `data_host` serves one WARC file of `records` by byte range.
/// Returns (index site, data site).
pub async fn common_crawl(
    index_host: &str,
    data_host: &str,
    records: Vec<(String, &'static str, String)>,
) -> (Site, Site) {
    const FILE: &str = "crawl-data/CC-MAIN-2023-40/segments/1/warc/part-00001.warc.gz";
    let mut file = Vec::new();
    let mut lines = Vec::new();
    for (url, timestamp, body) in &records {
        let member = warc_record(url, timestamp, body);
        lines.push(
            serde_json::json!({"urlkey": "x", "timestamp": timestamp, "url": url,
                "mime": "text/html", "status": "200", "digest": "X",
                "length": member.len().to_string(), "offset": file.len().to_string(),
                "filename": FILE})
            .to_string(),
        );
        file.extend(member);
    }
    let collinfo = "[{\"id\": \"CC-MAIN-2023-40\", \"name\": \"September/October 2023 Index\", \
         \"cdx-api\": \"{base}/CC-MAIN-2023-40-index\", \"from\": \"2023-09-21T00:00:00\", \
         \"to\": \"2023-10-05T00:00:00\"}, {\"id\": \"CC-MAIN-2023-23\", \
         \"cdx-api\": \"{base}/CC-MAIN-2023-23-index\", \"from\": \"2023-05-27T00:00:00\", \
         \"to\": \"2023-06-11T00:00:00\"}]";
    let lines = Arc::new(lines);
    let index: Handler = Arc::new(move |asked: &Asked| {
        let domain = asked.param("url").unwrap_or_default();
        let body: Vec<&String> = lines
            .iter()
            .filter(|l| {
                serde_json::from_str::<serde_json::Value>(l)
                    .ok()
                    .and_then(|v| v["url"].as_str().map(host_of))
                    .is_some_and(|h| h == domain || h.ends_with(&format!(".{domain}")))
            })
            .collect();
        if body.is_empty() {
            return Reply::new(404, "text/plain", "No Captures found");
        }
        let text: Vec<&str> = body.iter().map(|s| s.as_str()).collect();
        Reply::new(200, "text/x-ndjson", text.join("\n") + "\n")
    });
    let index_site = Site::start(
        index_host,
        vec![(
            "/collinfo.json".into(),
            Reply::new(200, "application/json", collinfo),
        )],
        vec![("/CC-MAIN-2023-40-index".into(), index)],
    )
    .await;
    let file = Arc::new(file);
    let data: Handler = Arc::new(move |asked: &Asked| {
        if asked.path != format!("/{FILE}") {
            return Reply::not_found();
        }
        let range = asked
            .header("range")
            .and_then(|r| r.strip_prefix("bytes="))
            .and_then(|r| r.split_once('-'))
            .and_then(|(a, b)| Some((a.parse::<usize>().ok()?, b.parse::<usize>().ok()?)));
        match range {
            Some((first, last)) if first <= last && last < file.len() => {
                Reply::new(206, "application/octet-stream", file[first..=last].to_vec()).header(
                    "content-range",
                    &format!("bytes {first}-{last}/{}", file.len()),
                )
            }
            Some(_) => Reply::new(416, "text/plain", "range not satisfiable"),
            None => Reply::new(200, "application/octet-stream", file.to_vec()),
        }
    });
    let data_site = Site::start(data_host, Vec::new(), vec![("/crawl-data/".into(), data)]).await;
    (index_site, data_site)
}

//! Loopback sites for the discovery, archive and WARC tests: small HTTP servers that
//! answer from a table of pages (fixture files under `sites/`) or from handlers (a CDX
//! server, a Memento TimeGate, a table of pages that change between runs), log every
//! request, and are reached under real-looking host names through the crawler's `resolve`
//! overrides.
#![allow(dead_code)]

pub mod archives;
pub mod fixtures;
pub mod found;
pub mod listing;
pub mod live;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use citecheck::fetch::exchange::{ExchangeSink, ReplaySource};
use citecheck::fetch::{FetchConfig, Fetcher};
use citecheck::model::Citation;
use citecheck::sources::{Politeness, Rate};
use tokio::net::TcpListener;

/// What a site answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
        }
    }
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, "text/html; charset=utf-8", body)
    }
    pub fn xml(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, "application/xml; charset=utf-8", body)
    }
    pub fn not_found() -> Reply {
        Reply::new(
            404,
            "text/html; charset=utf-8",
            "<html><body><h1>404 Not Found</h1></body></html>",
        )
    }
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A request as the site saw it.
#[derive(Debug, Clone)]
pub struct Asked {
    pub path: String,
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    /// When the request arrived.
    pub at: std::time::Instant,
}

impl Asked {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// A query parameter, percent-decoded.
    pub fn param(&self, name: &str) -> Option<String> {
        url::form_urlencoded::parse(self.query.as_deref().unwrap_or("").as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }
}

/// Answers requests under a path prefix.
pub type Handler = Arc<dyn Fn(&Asked) -> Reply + Send + Sync>;

struct Inner {
    pages: HashMap<String, Reply>,
    handlers: Vec<(String, Handler)>,
    log: Mutex<Vec<Asked>>,
}

/// How a site's own URLs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urls {
    /// `http://host:port/…`: works with any crawler honouring host overrides.
    WithPort,
    /// `http://host/…`, stable across runs (for a capture kept in the repository): needs a
    /// crawler whose host overrides keep their port for URLs without one.
    Portless,
}

/// A running loopback site.
pub struct Site {
    pub host: String,
    pub addr: SocketAddr,
    pub urls: Urls,
    inner: Arc<Inner>,
    task: tokio::task::JoinHandle<()>,
}

async fn answer(State(inner): State<Arc<Inner>>, request: Request) -> Response {
    let uri = request.uri().clone();
    let asked = Asked {
        at: std::time::Instant::now(),
        path: uri.path().to_string(),
        query: uri.query().map(str::to_string),
        headers: request
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
    };
    if let Ok(mut log) = inner.log.lock() {
        log.push(asked.clone());
    }
    let full = match &asked.query {
        Some(q) => format!("{}?{q}", asked.path),
        None => asked.path.clone(),
    };
    let reply = if let Some(reply) = inner.pages.get(&full).or(inner.pages.get(&asked.path)) {
        reply.clone()
    } else if let Some((_, handler)) = inner
        .handlers
        .iter()
        .find(|(prefix, _)| asked.path.starts_with(prefix.as_str()))
    {
        handler(&asked)
    } else {
        Reply::not_found()
    };
    let mut response = Response::new(Body::from(reply.body));
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    for (name, value) in reply.headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            response.headers_mut().append(n, v);
        }
    }
    response
}

impl Site {
    /// Starts a site on a loopback port, its URLs with the port. Page bodies may contain
    /// `{base}`, replaced by the site's own base URL.
    pub async fn start(
        host: &str,
        pages: Vec<(String, Reply)>,
        handlers: Vec<(String, Handler)>,
    ) -> Site {
        Site::start_with(host, Urls::WithPort, pages, handlers).await
    }

    /// Starts a site on a loopback port with its URLs written as asked.
    pub async fn start_with(
        host: &str,
        urls: Urls,
        pages: Vec<(String, Reply)>,
        handlers: Vec<(String, Handler)>,
    ) -> Site {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let base = match urls {
            Urls::WithPort => format!("http://{host}:{}", addr.port()),
            Urls::Portless => format!("http://{host}"),
        };
        let pages = pages
            .into_iter()
            .map(|(path, mut reply)| {
                if let Ok(text) = std::str::from_utf8(&reply.body) {
                    reply.body = text.replace("{base}", &base).into_bytes();
                }
                (path, reply)
            })
            .collect();
        let inner = Arc::new(Inner {
            pages,
            handlers,
            log: Mutex::new(Vec::new()),
        });
        let app = Router::new().fallback(answer).with_state(inner.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Site {
            host: host.to_string(),
            addr,
            urls,
            inner,
            task,
        }
    }

    /// `http://host:port`, or `http://host` for a portless site.
    pub fn base(&self) -> String {
        match self.urls {
            Urls::WithPort => format!("http://{}:{}", self.host, self.addr.port()),
            Urls::Portless => format!("http://{}", self.host),
        }
    }

    /// Every request so far.
    pub fn log(&self) -> Vec<Asked> {
        self.inner.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// How many requests asked for this path.
    pub fn hits(&self, path: &str) -> usize {
        self.log().iter().filter(|a| a.path == path).count()
    }

    /// Stops answering (connections are refused from now on).
    pub fn stop(&self) {
        self.task.abort();
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A content type by file extension, for pages served from a directory.
fn content_type(path: &std::path::Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("rss") => "application/rss+xml; charset=utf-8",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Answers from a directory tree: `/a/b` is `dir/a/b`, else `dir/a/b.html`, `.xml`,
/// `.json`, `/index.html`; repeated slashes are one (`/web/…id_/http://x/…` is stored as
/// `web/…id_/http:/x/…`). The query is ignored. Nothing outside `dir` is ever read.
fn serve_dir(dir: std::path::PathBuf) -> Handler {
    Arc::new(move |asked: &Asked| {
        let parts: Vec<&str> = asked.path.split('/').filter(|p| !p.is_empty()).collect();
        if parts.iter().any(|p| *p == ".." || p.contains('\\')) {
            return Reply::not_found();
        }
        let base = parts.iter().fold(dir.clone(), |path, part| path.join(part));
        let mut tries = vec![base.clone()];
        for ext in ["html", "xml", "json"] {
            let mut name = base.clone().into_os_string();
            name.push(format!(".{ext}"));
            tries.push(name.into());
        }
        tries.push(base.join("index.html"));
        for path in tries {
            if path.is_file() {
                if let Ok(body) = std::fs::read(&path) {
                    return Reply::new(200, content_type(&path), body);
                }
            }
        }
        Reply::not_found()
    })
}

impl Site {
    /// Serves one host's directory of fixture files (`fixtures/<host>/…`).
    pub async fn serve_dir(host: &str, dir: &std::path::Path, urls: Urls) -> Site {
        Site::start_with(
            host,
            urls,
            Vec::new(),
            vec![("/".into(), serve_dir(dir.to_path_buf()))],
        )
        .await
    }

    /// Serves every host directory under `root` (`root/<host>/…`), one site each.
    pub async fn serve_tree(root: &std::path::Path, urls: Urls) -> Vec<Site> {
        let mut hosts: Vec<_> = std::fs::read_dir(root)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.path().is_dir())
                    .filter_map(|e| e.file_name().to_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        hosts.sort();
        let mut sites = Vec::new();
        for host in hosts {
            sites.push(Site::serve_dir(&host, &root.join(&host), urls).await);
        }
        sites
    }
}

/// Quick, still polite settings for loopback tests: millisecond timeouts, no retries.
pub fn politeness() -> Politeness {
    Politeness {
        rate: Rate {
            requests: 1000,
            per: Duration::from_secs(1),
        },
        concurrency: 4,
        timeout: Duration::from_millis(3000),
        connect_timeout: Duration::from_millis(500),
        retries: 0,
        retry_after_cap: Duration::from_millis(50),
        ..Politeness::default()
    }
}

/// The host overrides that send the sites' names to their loopback ports.
pub fn overrides(sites: &[&Site]) -> Vec<(String, SocketAddr)> {
    sites.iter().map(|s| (s.host.clone(), s.addr)).collect()
}

/// A crawler configuration with these host overrides.
///
/// The one place the test suites build a `FetchConfig`: when the crawler's config grows
/// fields, only this changes.
pub fn fetch_config(
    resolve: Vec<(String, SocketAddr)>,
    recorder: Option<Arc<dyn ExchangeSink>>,
    replay: Option<Arc<dyn ReplaySource>>,
) -> FetchConfig {
    let mut config = FetchConfig::new(Arc::new(|_: &str| politeness()));
    config.max_connections = 16;
    config.resolve = resolve;
    config.recorder = recorder;
    config.replay = replay;
    config.backoff = std::time::Duration::from_millis(5);
    config
}

/// A crawler for the given sites.
pub fn fetcher(sites: &[&Site]) -> Fetcher {
    Fetcher::new(fetch_config(overrides(sites), None, None)).expect("fetcher")
}

/// A citation as the document parser would give it.
pub fn citation(outlet: &str, date: Option<&str>, claim: &str, quotes: &[&str]) -> Citation {
    Citation {
        id: "c1".into(),
        outlet: Some(outlet.into()),
        date: date.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        accessed: false,
        url: None,
        line: 1,
        column: 1,
        claim: claim.into(),
        context: String::new(),
        quotes: quotes.iter().map(|q| q.to_string()).collect(),
    }
}

use crate::support::skip;

/// Python's warcio reading a capture (tests/scripts/check_warc.py): `None` when it cannot
/// run (a visible skip, or a failure under `CITECHECK_REQUIRE_TOOLS=1`).
pub fn warcio_report(path: &std::path::Path) -> Option<(bool, serde_json::Value)> {
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scripts/check_warc.py");
    let output = match std::process::Command::new("python3")
        .arg(&script)
        .arg(path)
        .output()
    {
        Ok(output) => output,
        Err(e) => {
            skip("warcio", &format!("python3 cannot be run ({e})"));
            return None;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    if output.status.code() == Some(3) {
        skip("warcio", stdout.trim());
        return None;
    }
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "check_warc.py gave no JSON ({e}): {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    Some((output.status.success(), report))
}

/// The score a resolution gave a candidate URL, if it was considered.
pub fn score_of(resolved: &citecheck::resolve::Resolved, url: &str) -> Option<f64> {
    resolved
        .resolution
        .as_ref()?
        .candidates
        .iter()
        .find(|c| c.url == url)
        .map(|c| c.score)
}

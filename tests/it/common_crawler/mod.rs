//! A loopback web server for the crawler tests: one axum server that behaves by path (and,
//! for robots.txt and soft 404s, by `Host` header), plus raw TCP listeners for hostile
//! behaviour (resets, early closes). Every request is logged with its host, path, headers
//! and arrival time, so tests check politeness from the server's side.
//!
//! Distinct hosts are distinct names sent to this one server through `--resolve`-style
//! overrides (`FetchConfig::resolve`), so `http://a.test/ok` reaches 127.0.0.1:PORT with
//! `Host: a.test`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use citecheck::fetch::{FetchConfig, Fetcher};
use citecheck::sources::{Politeness, Rate};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The Host header without its port.
    pub host: String,
    /// Path and query.
    pub path: String,
    /// Request headers (lower-case names).
    pub headers: Vec<(String, String)>,
    /// When the handler saw it.
    pub at: Instant,
}

/// The running server.
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<Hit>>>,
}

struct ServerState {
    log: Arc<Mutex<Vec<Hit>>>,
}

/// 20 MB of spaces, gzipped to about 20 KB; built once per test binary.
fn bomb() -> &'static [u8] {
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOMB.get_or_init(|| gzip(&vec![b' '; 20_000_000]))
}

impl TestServer {
    /// Starts the server on 127.0.0.1 with a free port.
    pub async fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let state = Arc::new(ServerState { log: log.clone() });
        let app = Router::new().fallback(handle).with_state(state);
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        TestServer { addr, log }
    }

    /// Every request so far.
    pub fn hits(&self) -> Vec<Hit> {
        self.log.lock().unwrap().clone()
    }

    /// Requests for one host and path.
    pub fn hits_for(&self, host: &str, path: &str) -> Vec<Hit> {
        self.hits()
            .into_iter()
            .filter(|h| h.host == host && h.path == path)
            .collect()
    }

    /// Requests for one host.
    pub fn hits_on(&self, host: &str) -> Vec<Hit> {
        self.hits().into_iter().filter(|h| h.host == host).collect()
    }

    /// Overrides sending each host to this server.
    pub fn resolve(&self, hosts: &[&str]) -> Vec<(String, SocketAddr)> {
        hosts.iter().map(|h| (h.to_string(), self.addr)).collect()
    }
}

/// The most requests one host received in any sliding window of `window`, counting every
/// request that arrived in `[t, t + window)` for each arrival `t`.
pub fn max_in_window(hits: &[Hit], window: Duration) -> usize {
    let mut times: Vec<Instant> = hits.iter().map(|h| h.at).collect();
    times.sort();
    let mut best = 0;
    for (i, start) in times.iter().enumerate() {
        let count = times[i..]
            .iter()
            .take_while(|t| t.duration_since(*start) < window)
            .count();
        best = best.max(count);
    }
    best
}

/// Fast, strict politeness for behaviour tests: millisecond timeouts, two retries.
pub fn quick_politeness() -> Politeness {
    Politeness {
        rate: Rate::parse("200/s").unwrap(),
        concurrency: 4,
        timeout: Duration::from_millis(800),
        connect_timeout: Duration::from_millis(300),
        max_body: 1_000_000,
        max_redirects: 5,
        retries: 2,
        retry_after_cap: Duration::from_secs(2),
        robots: true,
        user_agent: "citecheck-test/0.1 (+loopback)".into(),
    }
}

/// A fetcher whose hosts all use `politeness`, sending `hosts` to the server.
pub fn fetcher(server: &TestServer, hosts: &[&str], politeness: Politeness) -> Fetcher {
    Fetcher::new(config(server, hosts, politeness)).unwrap()
}

/// The configuration [`fetcher`] uses, to adjust before building.
pub fn config(server: &TestServer, hosts: &[&str], politeness: Politeness) -> FetchConfig {
    let mut config = FetchConfig::new(Arc::new(move |_: &str| politeness.clone()));
    config.resolve = server.resolve(hosts);
    config.backoff = Duration::from_millis(10);
    config
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn html(title: &str, body: &str) -> String {
    format!("<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>")
}

/// The template of the soft-404 host: the same frame around every answer.
fn soft_frame(body: &str) -> String {
    html(
        "Soft Daily",
        &format!(
            "<nav>Home World Business Sport Culture Opinion Weather</nav>{body}<footer>Soft \
             Daily, all rights reserved. Contact the newsroom about corrections.</footer>"
        ),
    )
}

fn page(status: StatusCode, body: impl Into<Body>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body.into(),
    )
        .into_response()
}

fn redirect(status: StatusCode, to: &str) -> Response {
    (status, [(header::LOCATION, to.to_string())]).into_response()
}

fn cp1251(text: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1251.encode(text).0.into_owned()
}

fn robots_for(host: &str) -> Response {
    let text = if host.starts_with("robots-deny") {
        "User-agent: *\nDisallow: /private\n"
    } else if host.starts_with("crawl-delay") {
        "User-agent: *\nCrawl-delay: 0.3\n"
    } else if host.starts_with("robots-500") {
        return page(StatusCode::INTERNAL_SERVER_ERROR, "oops");
    } else {
        return page(StatusCode::NOT_FOUND, "no robots here");
    };
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain")], text).into_response()
}

async fn handle(State(state): State<Arc<ServerState>>, request: Request) -> Response {
    let at = Instant::now();
    let headers: &HeaderMap = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("")
        .to_string();
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let hit_headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let seen_before = {
        let mut log = state.log.lock().unwrap();
        let before = log
            .iter()
            .filter(|h| h.host == host && h.path == path)
            .count();
        log.push(Hit {
            host: host.clone(),
            path: path.clone(),
            headers: hit_headers.clone(),
            at,
        });
        before
    };
    let header_value = |name: &str| {
        hit_headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    if path == "/robots.txt" {
        return robots_for(&host);
    }
    if host.starts_with("soft") {
        return match path.as_str() {
            "/article" => page(
                StatusCode::OK,
                soft_frame(
                    "<article><h1>Parliament passes the budget</h1><p>The State Great Khural \
                     approved the budget on Friday after a long debate about mining revenue, \
                     spending on schools, and the new railway line to the southern border.</p>\
                     <p>Members of the opposition walked out before the final vote.</p></article>",
                ),
            ),
            "/" => page(StatusCode::OK, soft_frame("<p>Front page</p>")),
            _ => page(
                StatusCode::OK,
                soft_frame(&format!(
                    "<p>Sorry, we looked everywhere but {path} is not here. Try the search box \
                     or go back to the front page.</p>"
                )),
            ),
        };
    }
    match path.as_str() {
        "/" => page(StatusCode::OK, html("Front page", "<p>Welcome</p>")),
        "/ok" | "/private-not" | "/count" => page(
            StatusCode::OK,
            html("Article", "<h1>An article</h1><p>Real text.</p>"),
        ),
        "/private/page" => page(
            StatusCode::OK,
            html("Secret", "<p>should not be fetched</p>"),
        ),
        "/404" => page(StatusCode::NOT_FOUND, html("Not Found", "")),
        "/410" => page(StatusCode::GONE, html("Gone", "")),
        "/418" => page(StatusCode::IM_A_TEAPOT, "teapot"),
        "/401" => page(StatusCode::UNAUTHORIZED, "log in"),
        "/403" => page(StatusCode::FORBIDDEN, "forbidden"),
        "/451" => page(StatusCode::UNAVAILABLE_FOR_LEGAL_REASONS, "legal"),
        "/500" => page(StatusCode::INTERNAL_SERVER_ERROR, "broken"),
        "/503-then-ok" if seen_before < 2 => page(StatusCode::SERVICE_UNAVAILABLE, "busy"),
        "/503-then-ok" => page(StatusCode::OK, html("Recovered", "<p>ok now</p>")),
        "/429-then-ok" if seen_before == 0 => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "1")],
            "slow down",
        )
            .into_response(),
        "/429-then-ok" => page(StatusCode::OK, html("Patience", "<p>thanks</p>")),
        "/429-forever" => page(StatusCode::TOO_MANY_REQUESTS, "no"),
        "/challenge" => (
            StatusCode::FORBIDDEN,
            [("cf-mitigated", "challenge")],
            "<html>checking</html>",
        )
            .into_response(),
        "/challenge-503" => page(
            StatusCode::SERVICE_UNAVAILABLE,
            "<html><head><title>Just a moment...</title></head><body>wait</body></html>",
        ),
        "/challenge-200" => page(
            StatusCode::OK,
            "<html><head><title>Just a moment...</title></head><body>wait</body></html>",
        ),
        "/trickle" => {
            let stream = futures_util::stream::unfold(0u32, |n| async move {
                if n >= 100 {
                    return None;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
                Some((Ok::<_, std::io::Error>(vec![b'x']), n + 1))
            });
            page(StatusCode::OK, Body::from_stream(stream))
        }
        "/bomb" => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/html"),
                (header::CONTENT_ENCODING, "gzip"),
            ],
            bomb().to_vec(),
        )
            .into_response(),
        "/gzip-page" => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CONTENT_ENCODING, "gzip"),
            ],
            gzip(html("Compressed", "<p>Шахсан хуудас</p>").as_bytes()),
        )
            .into_response(),
        "/huge" => page(StatusCode::OK, vec![b'a'; 3_000_000]),
        "/moved" => redirect(StatusCode::MOVED_PERMANENTLY, "/ok"),
        "/temporary" => redirect(StatusCode::FOUND, "/ok"),
        "/gone-home" => redirect(StatusCode::MOVED_PERMANENTLY, "/"),
        "/loop/a" => redirect(StatusCode::FOUND, "/loop/b"),
        "/loop/b" => redirect(StatusCode::FOUND, "/loop/a"),
        "/to-ftp" => redirect(StatusCode::FOUND, "ftp://files.test/x"),
        "/cp1251" => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=windows-1251")],
            cp1251(&html("Новости", "<p>Страница на русском языке</p>")),
        )
            .into_response(),
        "/cp1251-meta" => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html")],
            cp1251(&format!(
                "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; \
                 charset=windows-1251\"><title>Мэдээ</title></head><body>{}</body></html>",
                "<p>Улаанбаатар хотын захиргаа сегодня</p>"
            )),
        )
            .into_response(),
        "/soft-title-mn" => page(StatusCode::OK, html("Хуудас олдсонгүй", "<p>...</p>")),
        "/soft-title-zh" => page(StatusCode::OK, html("新闻", "<h1>页面不存在</h1>")),
        "/etag" => {
            if header_value("if-none-match").as_deref() == Some("\"v1\"") {
                StatusCode::NOT_MODIFIED.into_response()
            } else {
                (
                    StatusCode::OK,
                    [
                        (header::ETAG, "\"v1\""),
                        (header::LAST_MODIFIED, "Wed, 21 Oct 2015 07:28:00 GMT"),
                        (header::CONTENT_TYPE, "text/html"),
                    ],
                    html("Versioned", "<p>v1</p>"),
                )
                    .into_response()
            }
        }
        "/to-fragment" => redirect(StatusCode::FOUND, "/ok#section"),
        "/stall" => {
            tokio::time::sleep(Duration::from_secs(2)).await;
            page(StatusCode::OK, html("Late", "<p>too late</p>"))
        }
        // `/sized/N/anything`: a page of N bytes of text (capped at 1 MB), its own per path.
        other if other.starts_with("/sized/") => {
            let mut parts = other["/sized/".len()..].splitn(2, '/');
            let size: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let text = format!("{other} ").repeat(size.min(1_000_000) / (other.len() + 1) + 1);
            page(StatusCode::OK, html("Sized", &text[..size.min(1_000_000)]))
        }
        other if other.starts_with("/chain/") => {
            let n: u32 = other["/chain/".len()..].parse().unwrap_or(0);
            if n == 0 {
                page(StatusCode::OK, html("End of chain", "<p>here</p>"))
            } else {
                redirect(StatusCode::FOUND, &format!("/chain/{}", n - 1))
            }
        }
        other if other.starts_with("/redirect-to?") => {
            let to = other["/redirect-to?".len()..].to_string();
            redirect(StatusCode::FOUND, &to)
        }
        _ => page(StatusCode::NOT_FOUND, html("Not Found", "")),
    }
}

/// A listener that accepts and resets every connection (RST, no answer).
pub async fn reset_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        for _ in 0..1000 {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            // Linger 0 makes the close a reset; with zero it does not block on drop.
            #[allow(deprecated)]
            let _ = socket.set_linger(Some(Duration::ZERO));
            drop(socket);
        }
    });
    addr
}

/// A listener that promises 100 bytes, sends 5, and hangs up.
pub async fn close_early_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        for _ in 0..1000 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort")
                    .await;
                let _ = socket.shutdown().await;
            });
        }
    });
    addr
}

/// A listener that never accepts, with its backlog filled, so new connections hang in the
/// handshake (the kernel drops their SYNs): a connect timeout on loopback. The returned
/// streams keep the backlog full and must live as long as the test needs the hang.
pub async fn black_hole() -> (
    SocketAddr,
    tokio::net::TcpListener,
    Vec<tokio::net::TcpStream>,
) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..8 {
        match tokio::time::timeout(
            Duration::from_millis(100),
            tokio::net::TcpStream::connect(addr),
        )
        .await
        {
            Ok(Ok(stream)) => fillers.push(stream),
            _ => break,
        }
    }
    (addr, listener, fillers)
}

/// An address where nothing listens (a port bound, then released).
pub fn refused_addr() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}

/// Counts of outcomes by status name, for compact assertions.
pub fn counts<'a>(statuses: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for s in statuses {
        *out.entry(s.to_string()).or_default() += 1;
    }
    out
}

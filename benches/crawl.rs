//! Crawl benchmark: how close a polite crawl comes to the politeness bound, and how fast
//! and lean an unthrottled one is. Not run by CI (`required-features = ["bench"]`).
//!
//! ```text
//! cargo bench --features bench --bench crawl              # everything
//! cargo bench --features bench --bench crawl -- polite    # 4 hosts × 250 URLs at 20/s
//! cargo bench --features bench --bench crawl -- fast      # 10,000 URLs unthrottled
//! cargo bench --features bench --bench crawl -- bomb      # a 500 MB gzip bomb, 10 MB cap
//! cargo bench --features bench --bench crawl -- pages     # 300 pages of 1.5 MB: peak memory
//! cargo bench --features bench --bench crawl -- pages1000 # the same with 1,000 pages
//! cargo bench --features bench --bench crawl -- shared    # 8 names on one address
//! ```
//!
//! The shared case puts 8 host names on one address (127.0.0.21), 40 citation URLs each at
//! 5/s per host under `address_rate` 20/s: the politeness bound is the max over hosts
//! (42 / 5 = 8.4 s) and addresses (8 × 42 / 20 = 16.8 s), so 16.8 s; it prints wall ÷ that
//! bound and the most requests the address received in a sliding second.
//!
//! The polite case serves 4 hosts on 127.0.0.11–14 (one listener each, so each counts its
//! own arrivals), 250 citation URLs per host at 20 requests/s per host, all fetches spawned
//! at once, input grouped by host and then shuffled. It prints wall time ÷ the politeness
//! bound (250 / 20 = 12.5 s; robots.txt and the soft-404 probe add 2 requests per host, so
//! the strict bound counting every request is 252 / 20 = 12.6 s) and the most requests any
//! host received in a sliding second. The fast case prints URLs/s and the process's peak
//! resident memory (VmHWM, server included). The pages case fetches 300 (or 1,000) distinct
//! 1.5 MB pages on 4 hosts, unthrottled, each asked for twice as a run does (read, then
//! checked with validators): it prints the requests the servers saw (one per page when the
//! repeat is served from what the run kept) and the peak resident memory. The run keeps
//! at most `PAGE_BUDGET` (256 MB) of pages, so the peak should not grow with the count.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use citecheck::fetch::{FetchConfig, FetchRequest, Fetcher, Purpose, Validators};
use citecheck::model::LinkStatus;
use citecheck::sources::{Politeness, Rate};

const HOSTS: u8 = 4;
const PER_HOST: usize = 250;
const RATE: u32 = 20;

/// Arrival times of one host's requests.
type Arrivals = Arc<Mutex<Vec<Instant>>>;

async fn page(State(arrivals): State<Arrivals>, request: Request) -> Response {
    if let Ok(mut a) = arrivals.lock() {
        a.push(Instant::now());
    }
    let path = request.uri().path();
    if path.starts_with("/big/") {
        let body = format!(
            "<!doctype html><html><head><title>Long {path}</title></head>{}",
            big_body()
        );
        return (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response();
    }
    if path == "/bomb" {
        return (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/html"),
                (header::CONTENT_ENCODING, "gzip"),
            ],
            bomb().to_vec(),
        )
            .into_response();
    }
    if path == "/robots.txt" || path.starts_with("/citecheck-") {
        return (StatusCode::NOT_FOUND, "not here").into_response();
    }
    let body = format!(
        "<!doctype html><html><head><title>Article {path}</title></head><body><nav>Home News \
         World</nav><article><h1>Article {path}</h1>{}</article></body></html>",
        "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor \
         incididunt ut labore et dolore magna aliqua.</p>"
            .repeat(12)
    );
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// About 1.5 MB of article text, built once.
fn big_body() -> &'static str {
    static BODY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BODY.get_or_init(|| {
        let paragraph = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do \
                         eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>\n";
        let mut body = String::from("<body><article>");
        while body.len() < 1_500_000 {
            body.push_str(paragraph);
        }
        body.push_str("</article></body></html>");
        body
    })
}

/// 500 MB of zeros, gzipped (about 0.5 MB).
fn bomb() -> &'static [u8] {
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOMB.get_or_init(|| {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..500 {
            e.write_all(&zeros).expect("compress in memory");
        }
        e.finish().expect("compress in memory")
    })
}

/// Starts one listener per host on 127.0.0.(11+i); returns addresses and arrival logs.
async fn servers(hosts: u8) -> Vec<(SocketAddr, Arrivals)> {
    let mut out = Vec::new();
    for i in 0..hosts {
        out.push(server(Ipv4Addr::new(127, 0, 0, 11 + i)).await);
    }
    out
}

/// Starts one listener on `ip`; returns its address and arrival log.
async fn server(ip: Ipv4Addr) -> (SocketAddr, Arrivals) {
    let listener = tokio::net::TcpListener::bind((IpAddr::V4(ip), 0))
        .await
        .expect("bind a loopback address");
    let addr = listener.local_addr().expect("local address");
    let arrivals: Arrivals = Arc::default();
    let app = Router::new().fallback(page).with_state(arrivals.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, arrivals)
}

fn max_in_second(times: &[Instant]) -> usize {
    let mut times = times.to_vec();
    times.sort();
    (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|t| t.duration_since(times[i]) < Duration::from_secs(1))
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// Median, 90th percentile and largest gap between a host's consecutive arrivals, in ms.
fn gaps(times: &[Instant]) -> (f64, f64, f64) {
    let mut times = times.to_vec();
    times.sort();
    let mut gaps: Vec<f64> = times
        .windows(2)
        .map(|w| w[1].duration_since(w[0]).as_secs_f64() * 1000.0)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let at = |q: f64| {
        gaps.get(((gaps.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    (at(0.5), at(0.9), at(1.0))
}

fn politeness(rate: Rate, concurrency: usize) -> Politeness {
    Politeness {
        rate,
        concurrency,
        timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(2),
        ..Politeness::default()
    }
}

/// Spawns every fetch at once and waits for all; returns wall time and non-ok count.
async fn crawl(fetcher: &Fetcher, urls: Vec<String>) -> (Duration, usize) {
    let started = Instant::now();
    let tasks: Vec<_> = urls
        .into_iter()
        .map(|url| {
            let fetcher = fetcher.clone();
            tokio::spawn(async move {
                fetcher
                    .fetch(FetchRequest::new(url, Purpose::Citation))
                    .await
                    .link
                    .status
            })
        })
        .collect();
    let mut failed = 0;
    for task in tasks {
        if !matches!(task.await, Ok(LinkStatus::Ok)) {
            failed += 1;
        }
    }
    (started.elapsed(), failed)
}

async fn polite(shuffled: bool) {
    let hosts = servers(HOSTS).await;
    let rate = Rate {
        requests: RATE,
        per: Duration::from_secs(1),
    };
    let fetcher = Fetcher::new(FetchConfig::new(Arc::new(move |_: &str| {
        politeness(rate, 2)
    })))
    .expect("fetcher");
    let mut urls: Vec<String> = hosts
        .iter()
        .flat_map(|(addr, _)| (0..PER_HOST).map(move |i| format!("http://{addr}/news/{i}")))
        .collect();
    if shuffled {
        fastrand::seed(7);
        fastrand::shuffle(&mut urls);
    }
    let (wall, failed) = crawl(&fetcher, urls).await;
    let bound = PER_HOST as f64 / f64::from(RATE);
    let strict = (PER_HOST + 2) as f64 / f64::from(RATE);
    let worst = hosts
        .iter()
        .map(|(_, a)| max_in_second(&a.lock().map(|a| a.clone()).unwrap_or_default()))
        .max()
        .unwrap_or(0);
    let (median, p90, max) = gaps(&hosts[0].1.lock().map(|a| a.clone()).unwrap_or_default());
    println!("  first host's gaps between arrivals: median {median:.2} ms, p90 {p90:.2} ms, max {max:.2} ms");
    let requests: Vec<usize> = hosts
        .iter()
        .map(|(_, a)| a.lock().map(|a| a.len()).unwrap_or(0))
        .collect();
    println!(
        "polite {:8}: wall {:6.2} s = {:.3} × bound {bound} s ({:.3} × {strict} s counting robots + probe); \
         max requests/host in a sliding second: {worst} (rate {RATE}); requests per host {requests:?}; not ok: {failed}",
        if shuffled { "shuffled" } else { "grouped" },
        wall.as_secs_f64(),
        wall.as_secs_f64() / bound,
        wall.as_secs_f64() / strict,
    );
}

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn fast() {
    const URLS: usize = 10_000;
    let hosts = servers(HOSTS).await;
    let before = vm_hwm_kib();
    let rate = Rate {
        requests: 1_000_000,
        per: Duration::from_secs(1),
    };
    let mut config = FetchConfig::new(Arc::new(move |_: &str| politeness(rate, 16)));
    config.max_connections = 64;
    let fetcher = Fetcher::new(config).expect("fetcher");
    let urls: Vec<String> = (0..URLS)
        .map(|i| {
            let (addr, _) = &hosts[i % hosts.len()];
            format!("http://{addr}/news/{i}")
        })
        .collect();
    let (wall, failed) = crawl(&fetcher, urls).await;
    println!(
        "unthrottled: {URLS} URLs in {:.2} s = {:.0} URLs/s; not ok: {failed}; \
         peak RSS (VmHWM) {} KiB (before the crawl: {} KiB)",
        wall.as_secs_f64(),
        URLS as f64 / wall.as_secs_f64(),
        vm_hwm_kib().unwrap_or(0),
        before.unwrap_or(0),
    );
}

/// Many large pages, each asked for twice as a run does (the resolver reads the page, then
/// the citation's check asks again with the history's validators): the peak memory, and
/// how many requests reached the servers.
async fn pages_case(pages: usize) {
    let hosts = servers(HOSTS).await;
    let before = vm_hwm_kib().unwrap_or(0);
    let rate = Rate {
        requests: 1_000_000,
        per: Duration::from_secs(1),
    };
    let fetcher = Fetcher::new(FetchConfig::new(Arc::new(move |_: &str| {
        politeness(rate, 4)
    })))
    .expect("fetcher");
    let started = Instant::now();
    let tasks: Vec<_> = (0..pages)
        .map(|i| {
            let (addr, _) = &hosts[i % hosts.len()];
            let url = format!("http://{addr}/big/{i}");
            let fetcher = fetcher.clone();
            tokio::spawn(async move {
                let read = fetcher
                    .fetch(FetchRequest::new(url.clone(), Purpose::Citation))
                    .await;
                let mut check = FetchRequest::new(url, Purpose::Citation);
                check.validators = Some(Validators {
                    etag: Some("\"from-history\"".into()),
                    last_modified: None,
                });
                let check = fetcher.fetch(check).await;
                read.page.is_some() && check.page.is_some()
            })
        })
        .collect();
    let mut failed = 0;
    for task in tasks {
        if !matches!(task.await, Ok(true)) {
            failed += 1;
        }
    }
    let wall = started.elapsed();
    let requests: usize = hosts
        .iter()
        .map(|(_, a)| a.lock().map(|a| a.len()).unwrap_or(0))
        .sum();
    println!(
        "pages: {pages} × {:.1} MB, each asked twice, in {:.2} s: {requests} requests \
         (robots.txt and probe: {}); without a page: {failed}; peak RSS (VmHWM) {} KiB \
         (before the crawl: {before} KiB)",
        big_body().len() as f64 / 1e6,
        wall.as_secs_f64(),
        2 * HOSTS,
        vm_hwm_kib().unwrap_or(0),
    );
}

/// A gzip bomb against the default 10 MB cap: the outcome and the memory it cost.
async fn bomb_case() {
    let hosts = servers(1).await;
    let size = bomb().len();
    let before = vm_hwm_kib().unwrap_or(0);
    let fetcher =
        Fetcher::new(FetchConfig::new(Arc::new(|_: &str| Politeness::default()))).expect("fetcher");
    let url = format!("http://{}/bomb", hosts[0].0);
    let outcome = fetcher
        .fetch(FetchRequest::new(url, Purpose::Citation))
        .await;
    println!(
        "gzip bomb: {size} bytes inflating to 500 MB, cap 10 MB -> {} ({}); peak RSS {} KiB (before: {before} KiB)",
        outcome.link.status,
        outcome.link.error().unwrap_or_default(),
        vm_hwm_kib().unwrap_or(0),
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let wants = |name: &str| {
        let named: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        named.is_empty() || named.iter().any(|a| a.as_str() == name)
    };
    if wants("polite") {
        polite(false).await;
        polite(true).await;
    }
    if wants("fast") {
        fast().await;
    }
    if wants("bomb") {
        bomb_case().await;
    }
    if wants("pages") {
        pages_case(300).await;
    }
    if wants("pages1000") {
        pages_case(1000).await;
    }
    if wants("shared") {
        shared_address().await;
    }
}

/// Many names on one address: the address rate, not the hosts', sets the bound.
async fn shared_address() {
    const NAMES: usize = 8;
    const PER_NAME: usize = 40;
    let (addr, arrivals) = server(Ipv4Addr::new(127, 0, 0, 21)).await;
    let host_rate = Rate::parse("5/s").expect("rate");
    let address_rate = Rate::parse("20/s").expect("rate");
    let names: Vec<String> = (0..NAMES).map(|i| format!("name{i}.bench")).collect();
    let mut config = FetchConfig::new(Arc::new(move |_: &str| politeness(host_rate, 2)));
    config.resolve = names.iter().map(|n| (n.clone(), addr)).collect();
    config.address_rate = Some(address_rate);
    let fetcher = Fetcher::new(config).expect("fetcher");
    let mut urls: Vec<String> = names
        .iter()
        .flat_map(|n| (0..PER_NAME).map(move |i| format!("http://{n}/news/{i}")))
        .collect();
    fastrand::seed(7);
    fastrand::shuffle(&mut urls);
    let (wall, failed) = crawl(&fetcher, urls).await;
    // robots.txt and the soft-404 probe add 2 requests per name.
    let per_name = (PER_NAME + 2) as f64;
    let hosts_bound = per_name / 5.0;
    let address_bound = per_name * NAMES as f64 / 20.0;
    let bound = hosts_bound.max(address_bound);
    let seen = arrivals.lock().map(|a| a.clone()).unwrap_or_default();
    println!(
        "shared address: wall {:6.2} s = {:.3} × bound {bound:.1} s (hosts {hosts_bound:.1} s, \
         address {address_bound:.1} s); max requests at the address in a sliding second: {} \
         (address_rate 20); requests {}; not ok: {failed}",
        wall.as_secs_f64(),
        wall.as_secs_f64() / bound,
        max_in_second(&seen),
        seen.len(),
    );
}

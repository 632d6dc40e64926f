//! Every link status class the crawler reports, produced by a loopback server.

use crate::common_crawler;

use std::sync::Arc;
use std::time::{Duration, Instant};

use citecheck::fetch::{FetchOutcome, FetchRequest, Fetcher, Purpose, Validators};
use citecheck::model::LinkStatus;
use common_crawler::{
    close_early_server, config, fetcher, quick_politeness, refused_addr, reset_server, TestServer,
};

async fn cite(fetcher: &Fetcher, url: &str) -> FetchOutcome {
    fetcher
        .fetch(FetchRequest::new(url, Purpose::Citation))
        .await
}

#[tokio::test]
async fn http_status_codes_map_to_their_classes() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["codes.test"], quick_politeness());
    let cases = [
        ("/ok", LinkStatus::Ok),
        ("/404", LinkStatus::NotFound),
        ("/410", LinkStatus::Gone),
        ("/418", LinkStatus::ClientError),
        ("/401", LinkStatus::Blocked),
        ("/403", LinkStatus::Blocked),
        ("/451", LinkStatus::Blocked),
        ("/500", LinkStatus::ServerError),
        ("/429-forever", LinkStatus::RateLimited),
    ];
    for (path, expected) in cases {
        let outcome = cite(&f, &format!("http://codes.test{path}")).await;
        assert_eq!(outcome.link.status, expected, "{path}: {:?}", outcome.link);
        assert!(outcome.link.http_status.is_some(), "{path}");
    }
    // Server errors and rate limits were retried (2 retries), the rest were not.
    assert_eq!(server.hits_for("codes.test", "/500").len(), 3);
    assert_eq!(server.hits_for("codes.test", "/429-forever").len(), 3);
    assert_eq!(server.hits_for("codes.test", "/404").len(), 1);
    assert_eq!(server.hits_for("codes.test", "/403").len(), 1);
    let ok = cite(&f, "http://codes.test/ok").await;
    assert!(ok.page.unwrap().text.contains("Real text"));
}

#[tokio::test]
async fn transient_server_errors_are_retried_until_success() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["flaky.test"], quick_politeness());
    let outcome = cite(&f, "http://flaky.test/503-then-ok").await;
    assert_eq!(outcome.link.status, LinkStatus::Ok);
    assert_eq!(outcome.link.attempts, 3);
    assert_eq!(server.hits_for("flaky.test", "/503-then-ok").len(), 3);
}

#[tokio::test]
async fn retry_after_is_honoured_before_the_retry() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["patient.test"], quick_politeness());
    let outcome = cite(&f, "http://patient.test/429-then-ok").await;
    assert_eq!(outcome.link.status, LinkStatus::Ok, "{:?}", outcome.link);
    let hits = server.hits_for("patient.test", "/429-then-ok");
    assert_eq!(hits.len(), 2);
    let gap = hits[1].at.duration_since(hits[0].at);
    assert!(gap >= Duration::from_millis(990), "retried after {gap:?}");
}

#[tokio::test]
async fn challenge_pages_are_blocked_at_once() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["walls.test"], quick_politeness());
    for path in ["/challenge", "/challenge-503", "/challenge-200"] {
        let outcome = cite(&f, &format!("http://walls.test{path}")).await;
        assert_eq!(outcome.link.status, LinkStatus::Blocked, "{path}");
        assert!(
            outcome.link.error().unwrap().contains("challenge"),
            "{path}"
        );
        assert_eq!(
            server.hits_for("walls.test", path).len(),
            1,
            "{path} retried"
        );
    }
}

#[tokio::test]
async fn network_failures_map_to_their_classes() {
    let server = TestServer::start().await;
    let reset = reset_server().await;
    let early = close_early_server().await;
    let refused = refused_addr();
    let mut politeness = quick_politeness();
    politeness.robots = false; // exercise the page request itself, with its retries
    let mut cfg = config(&server, &["tls.test"], politeness);
    cfg.resolve.push(("reset.test".into(), reset));
    cfg.resolve.push(("early.test".into(), early));
    cfg.resolve.push(("refused.test".into(), refused));
    let f = Fetcher::new(cfg).unwrap();
    let cases = [
        ("http://reset.test/x", LinkStatus::NetworkError, 3),
        ("http://early.test/x", LinkStatus::NetworkError, 3),
        ("http://refused.test/x", LinkStatus::NetworkError, 3),
        ("https://tls.test/ok", LinkStatus::TlsError, 1),
        ("http://no-such-host.invalid/x", LinkStatus::DnsError, 1),
    ];
    for (url, expected, attempts) in cases {
        let started = Instant::now();
        let outcome = cite(&f, url).await;
        assert_eq!(outcome.link.status, expected, "{url}: {:?}", outcome.link);
        assert_eq!(outcome.link.attempts, attempts, "{url}");
        assert!(outcome.link.error().is_some(), "{url}");
        assert!(started.elapsed() < Duration::from_secs(5), "{url} hung");
    }
    for url in [
        "ftp://files.test/x",
        "mailto:a@b.test",
        "not a url",
        "http://",
    ] {
        let outcome = cite(&f, url).await;
        assert_eq!(outcome.link.status, LinkStatus::InvalidUrl, "{url}");
        assert_eq!(outcome.link.attempts, 0);
    }
}

#[tokio::test]
async fn failure_messages_are_short_and_human() {
    let server = TestServer::start().await;
    let reset = reset_server().await;
    let early = close_early_server().await;
    let refused = refused_addr();
    let (hole, _listener, _fillers) = common_crawler::black_hole().await;
    let mut politeness = quick_politeness();
    politeness.robots = false;
    politeness.retries = 0;
    politeness.connect_timeout = Duration::from_millis(200);
    politeness.timeout = Duration::from_millis(300);
    let mut cfg = config(&server, &["tls.test", "slow.test"], politeness);
    cfg.resolve.push(("reset.test".into(), reset));
    cfg.resolve.push(("early.test".into(), early));
    cfg.resolve.push(("refused.test".into(), refused));
    cfg.resolve.push(("hole.test".into(), hole));
    let f = Fetcher::new(cfg).unwrap();
    let cases = [
        ("http://refused.test/x", "connection refused"),
        ("http://reset.test/x", "connection reset"),
        (
            "http://early.test/x",
            "connection closed before the answer was complete",
        ),
        ("http://hole.test/x", "no connection within 200ms"),
        ("http://slow.test/stall", "no response within 300ms"),
        (
            "http://no-such-host.invalid/x",
            "cannot resolve no-such-host.invalid (a reserved name that never resolves, RFC 6761)",
        ),
    ];
    for (url, expected) in cases {
        let outcome = cite(&f, url).await;
        assert_eq!(outcome.link.error().as_deref(), Some(expected), "{url}");
    }
    let tls = cite(&f, "https://tls.test/ok").await;
    let message = tls.link.error().unwrap_or_default();
    assert!(message.starts_with("TLS handshake failed: "), "{message}");
    assert!(!message.contains("error sending request"), "{message}");
    // Met on robots.txt: a name that does not resolve is about the host, not robots.txt.
    let mut cfg = config(&server, &[], quick_politeness());
    cfg.resolve.push(("down.test".into(), refused));
    let f = Fetcher::new(cfg).unwrap();
    let down = cite(&f, "http://down.test/a").await;
    assert_eq!(
        down.link.error().as_deref(),
        Some("connection refused (while fetching robots.txt)")
    );
    let nowhere = cite(&f, "http://nowhere.invalid/a").await;
    assert_eq!(nowhere.link.status, LinkStatus::DnsError);
    assert_eq!(
        nowhere.link.error().as_deref(),
        Some("cannot resolve nowhere.invalid (a reserved name that never resolves, RFC 6761)")
    );
}

/// Log lines written while a test runs, for checking levels.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[tokio::test]
async fn an_unreachable_robots_txt_is_logged_at_info_not_warn() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .finish();
    // The test's runtime is single-threaded: the crawl runs on this thread.
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = TestServer::start().await;
    let mut cfg = config(&server, &[], quick_politeness());
    cfg.resolve.push(("down.test".into(), refused_addr()));
    let f = Fetcher::new(cfg).unwrap();
    let outcome = cite(&f, "http://down.test/a").await;
    assert_eq!(outcome.link.status, LinkStatus::NetworkError);
    let logged = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    let line = logged
        .lines()
        .find(|l| l.contains("robots.txt unreachable"))
        .unwrap_or_else(|| panic!("not logged at all: {logged}"));
    assert!(line.contains("INFO"), "{line}");
    assert!(!logged.contains("WARN"), "{logged}");
}

#[tokio::test]
async fn an_unreachable_host_reports_its_failure_through_robots() {
    let refused = refused_addr();
    let server = TestServer::start().await;
    let mut cfg = config(&server, &[], quick_politeness());
    cfg.resolve.push(("down.test".into(), refused));
    let f = Fetcher::new(cfg).unwrap();
    for path in ["/a", "/b"] {
        let outcome = cite(&f, &format!("http://down.test{path}")).await;
        assert_eq!(outcome.link.status, LinkStatus::NetworkError);
        assert!(outcome
            .link
            .error()
            .unwrap()
            .ends_with("(while fetching robots.txt)"));
    }
    let dns = cite(&f, "http://nowhere.invalid/a").await;
    assert_eq!(dns.link.status, LinkStatus::DnsError);
}

#[tokio::test]
async fn a_connect_that_hangs_times_out_and_is_retried() {
    let (hole, _listener, _fillers) = common_crawler::black_hole().await;
    let server = TestServer::start().await;
    let mut politeness = quick_politeness();
    politeness.robots = false;
    politeness.retries = 1;
    politeness.connect_timeout = Duration::from_millis(200);
    let mut cfg = config(&server, &[], politeness);
    cfg.resolve.push(("hole.test".into(), hole));
    let f = Fetcher::new(cfg).unwrap();
    let started = Instant::now();
    let outcome = cite(&f, "http://hole.test/x").await;
    assert_eq!(
        outcome.link.status,
        LinkStatus::Timeout,
        "{:?}",
        outcome.link
    );
    assert_eq!(outcome.link.attempts, 2);
    // Two 200 ms connect timeouts, well before two 800 ms whole-request deadlines.
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn slow_and_oversized_bodies_are_stopped() {
    let server = TestServer::start().await;
    let mut politeness = quick_politeness();
    politeness.timeout = Duration::from_millis(300);
    politeness.retries = 0;
    let f = fetcher(&server, &["big.test"], politeness);
    let started = Instant::now();
    let trickle = cite(&f, "http://big.test/trickle").await;
    assert_eq!(
        trickle.link.status,
        LinkStatus::Timeout,
        "{:?}",
        trickle.link
    );
    assert_eq!(trickle.link.http_status, Some(200));
    assert!(started.elapsed() < Duration::from_secs(3));
    // The size cases get time enough to inflate the bomb on a loaded machine: what is
    // tested there is the byte cap, not the clock.
    let mut politeness = quick_politeness();
    politeness.timeout = Duration::from_secs(20);
    politeness.retries = 0;
    let f = fetcher(&server, &["big.test"], politeness);
    let bomb = cite(&f, "http://big.test/bomb").await;
    assert_eq!(bomb.link.status, LinkStatus::TooLarge, "{:?}", bomb.link);
    let huge = cite(&f, "http://big.test/huge").await;
    assert_eq!(huge.link.status, LinkStatus::TooLarge);
    assert!(huge.page.is_none());
}

#[tokio::test]
async fn redirects_are_recorded_and_judged() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["hops.test"], quick_politeness());
    let chain = cite(&f, "http://hops.test/chain/3").await;
    assert_eq!(chain.link.status, LinkStatus::Ok);
    assert_eq!(chain.link.redirects.len(), 3);
    assert_eq!(
        chain.link.final_url.as_deref(),
        Some("http://hops.test/chain/0")
    );
    assert_eq!(chain.link.attempts, 4, "every hop is a request");

    let long = cite(&f, "http://hops.test/chain/9").await;
    assert_eq!(long.link.status, LinkStatus::RedirectLoop);
    assert_eq!(long.link.redirects.len(), 6, "stopped after the cap of 5");

    let looped = cite(&f, "http://hops.test/loop/a").await;
    assert_eq!(looped.link.status, LinkStatus::RedirectLoop);
    assert_eq!(
        looped.link.redirects,
        vec!["http://hops.test/loop/b", "http://hops.test/loop/a"]
    );

    let moved = cite(&f, "http://hops.test/moved").await;
    assert_eq!(moved.link.status, LinkStatus::Redirected);
    assert_eq!(moved.link.final_url.as_deref(), Some("http://hops.test/ok"));
    assert!(
        moved.page.unwrap().text.contains("Real text"),
        "page still read"
    );

    let temporary = cite(&f, "http://hops.test/temporary").await;
    assert_eq!(temporary.link.status, LinkStatus::Ok);
    assert_eq!(
        temporary.link.final_url.as_deref(),
        Some("http://hops.test/ok")
    );

    let home = cite(&f, "http://hops.test/gone-home").await;
    assert_eq!(home.link.status, LinkStatus::Soft404);

    let ftp = cite(&f, "http://hops.test/to-ftp").await;
    assert_eq!(ftp.link.status, LinkStatus::InvalidUrl);
}

#[tokio::test]
async fn windows_1251_and_gzip_pages_decode() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["cyr.test"], quick_politeness());
    let header = cite(&f, "http://cyr.test/cp1251").await.page.unwrap();
    assert_eq!(header.encoding, "windows-1251");
    assert!(header.text.contains("Страница на русском языке"));
    let meta = cite(&f, "http://cyr.test/cp1251-meta").await.page.unwrap();
    assert_eq!(meta.encoding, "windows-1251");
    assert!(meta.text.contains("Улаанбаатар"));
    let gz = cite(&f, "http://cyr.test/gzip-page").await.page.unwrap();
    assert!(gz.text.contains("Шахсан хуудас"));
    let sent = server.hits_for("cyr.test", "/gzip-page");
    let accept = sent[0].headers.iter().find(|(n, _)| n == "accept-encoding");
    assert_eq!(accept.map(|(_, v)| v.as_str()), Some("gzip, deflate"));
}

#[tokio::test]
async fn soft_404s_by_heading_and_by_probe() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["plain.test", "soft.test"], quick_politeness());
    for path in ["/soft-title-mn", "/soft-title-zh"] {
        let outcome = cite(&f, &format!("http://plain.test{path}")).await;
        assert_eq!(outcome.link.status, LinkStatus::Soft404, "{path}");
        assert!(outcome.page.is_none());
    }
    let gone = cite(&f, "http://soft.test/news/2023/old-story").await;
    assert_eq!(gone.link.status, LinkStatus::Soft404, "{:?}", gone.link);
    let article = cite(&f, "http://soft.test/article").await;
    assert_eq!(article.link.status, LinkStatus::Ok, "{:?}", article.link);
    let front = cite(&f, "http://soft.test/").await;
    assert_eq!(front.link.status, LinkStatus::Ok);
    // One probe for the host, at a path derived from its name.
    let probes: Vec<_> = server
        .hits_on("soft.test")
        .into_iter()
        .filter(|h| h.path.starts_with("/citecheck-"))
        .collect();
    assert_eq!(probes.len(), 1);
    // Discovery fetches are not judged for soft 404s.
    let feed = f
        .fetch(FetchRequest::new(
            "http://soft.test/feed",
            Purpose::Discovery,
        ))
        .await;
    assert_eq!(feed.link.status, LinkStatus::Ok);
}

#[tokio::test]
async fn revalidation_sends_validators_and_reads_304() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["cache.test"], quick_politeness());
    let first = cite(&f, "http://cache.test/etag").await;
    let page = first.page.unwrap();
    assert_eq!(page.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        page.last_modified.as_deref(),
        Some("Wed, 21 Oct 2015 07:28:00 GMT")
    );
    // The next run (a fresh fetcher: within a run, the page already read answers).
    let next_run = fetcher(&server, &["cache.test"], quick_politeness());
    let mut again = FetchRequest::new("http://cache.test/etag", Purpose::Citation);
    again.validators = Some(Validators {
        etag: page.etag.clone(),
        last_modified: page.last_modified.clone(),
    });
    let second = next_run.fetch(again).await;
    assert!(second.not_modified);
    assert_eq!(second.link.status, LinkStatus::Ok);
    assert_eq!(second.link.http_status, Some(304));
    let hits = server.hits_for("cache.test", "/etag");
    assert_eq!(hits.len(), 2);
    let sent = |name: &str| {
        hits[1]
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(sent("if-none-match").as_deref(), Some("\"v1\""));
    assert!(sent("if-modified-since").is_some());
}

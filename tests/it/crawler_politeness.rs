//! Politeness measured at the server: per-host rates in every sliding second (robots.txt,
//! probes and retries included), robots.txt rules, Crawl-delay, Retry-After pauses.

use crate::common_crawler;

use std::sync::Arc;
use std::time::Duration;

use citecheck::fetch::{FetchOutcome, FetchRequest, Fetcher, Purpose};
use citecheck::model::LinkStatus;
use citecheck::sources::Rate;
use common_crawler::{config, fetcher, max_in_window, quick_politeness, TestServer};

async fn cite(fetcher: &Fetcher, url: &str) -> FetchOutcome {
    fetcher
        .fetch(FetchRequest::new(url, Purpose::Citation))
        .await
}

#[tokio::test]
async fn no_host_exceeds_its_rate_in_any_second() {
    let server = TestServer::start().await;
    let hosts = ["a.test", "b.test", "c.test"];
    let mut politeness = quick_politeness();
    politeness.rate = Rate::parse("10/s").unwrap();
    politeness.concurrency = 3;
    let f = Arc::new(fetcher(&server, &hosts, politeness));
    // 12 pages per host, interleaved the worst way for a FIFO (grouped), all at once; one
    // of a.test's pages needs two retries.
    let mut urls: Vec<String> = hosts
        .iter()
        .flat_map(|h| (0..12).map(move |i| format!("http://{h}/chain/0?n={i}")))
        .collect();
    urls.push("http://a.test/503-then-ok".into());
    let tasks: Vec<_> = urls
        .into_iter()
        .map(|url| {
            let f = f.clone();
            tokio::spawn(async move { cite(&f, &url).await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().link.status, LinkStatus::Ok);
    }
    for host in hosts {
        let hits = server.hits_on(host);
        let robots = hits.iter().filter(|h| h.path == "/robots.txt").count();
        let probes = hits
            .iter()
            .filter(|h| h.path.starts_with("/citecheck-"))
            .count();
        assert_eq!(
            (robots, probes),
            (1, 1),
            "{host}: robots.txt and probe once"
        );
        let expected = if host == "a.test" { 12 + 3 + 2 } else { 12 + 2 };
        assert_eq!(hits.len(), expected, "{host}");
        let worst = max_in_window(&hits, Duration::from_secs(1));
        assert!(worst <= 10, "{host}: {worst} requests in one second");
    }
}

#[tokio::test]
async fn robots_disallow_is_honoured_and_fetched_once() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["robots-deny.test"], quick_politeness());
    let denied = cite(&f, "http://robots-deny.test/private/page").await;
    assert_eq!(denied.link.status, LinkStatus::RobotsDisallowed);
    assert_eq!(denied.link.attempts, 0);
    let allowed = cite(&f, "http://robots-deny.test/ok").await;
    assert_eq!(allowed.link.status, LinkStatus::Ok);
    assert!(server
        .hits_for("robots-deny.test", "/private/page")
        .is_empty());
    assert_eq!(server.hits_for("robots-deny.test", "/robots.txt").len(), 1);
    let ua = &server.hits_for("robots-deny.test", "/robots.txt")[0].headers;
    assert!(ua
        .iter()
        .any(|(n, v)| n == "user-agent" && v.starts_with("citecheck-test")));
}

#[tokio::test]
async fn crawl_delay_raises_the_interval() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["crawl-delay.test"], quick_politeness());
    for i in 0..3 {
        let url = format!("http://crawl-delay.test/chain/0?i={i}");
        assert_eq!(
            f.fetch(FetchRequest::new(url, Purpose::Discovery))
                .await
                .link
                .status,
            LinkStatus::Ok
        );
    }
    let hits = server.hits_on("crawl-delay.test");
    assert_eq!(hits.len(), 4, "robots.txt and three pages");
    // Crawl-delay 0.3 s instead of the configured 5 ms (arrival jitter allowed for).
    for pair in hits.windows(2) {
        let gap = pair[1].at.duration_since(pair[0].at);
        assert!(gap >= Duration::from_millis(250), "gap {gap:?}");
    }
}

#[tokio::test]
async fn a_robots_server_error_disallows_the_site() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["robots-500.test"], quick_politeness());
    let outcome = cite(&f, "http://robots-500.test/ok").await;
    assert_eq!(outcome.link.status, LinkStatus::RobotsDisallowed);
    assert!(outcome.link.error().unwrap().contains("500"));
    assert!(server.hits_for("robots-500.test", "/ok").is_empty());
    assert_eq!(
        server.hits_for("robots-500.test", "/robots.txt").len(),
        3,
        "robots.txt retried like any request"
    );
}

#[tokio::test]
async fn robots_can_be_turned_off_per_host() {
    let server = TestServer::start().await;
    let mut cfg = config(
        &server,
        &["robots-deny.test", "free.test"],
        quick_politeness(),
    );
    cfg.politeness = Arc::new(|host: &str| {
        let mut p = quick_politeness();
        p.robots = host != "free.test";
        p
    });
    let f = Fetcher::new(cfg).unwrap();
    assert_eq!(
        cite(&f, "http://free.test/ok").await.link.status,
        LinkStatus::Ok
    );
    assert!(server.hits_for("free.test", "/robots.txt").is_empty());
}

#[tokio::test]
async fn retry_after_pauses_the_whole_host() {
    let server = TestServer::start().await;
    let f = Arc::new(fetcher(&server, &["pause.test"], quick_politeness()));
    let first = {
        let f = f.clone();
        tokio::spawn(async move { cite(&f, "http://pause.test/429-then-ok").await })
    };
    // Wait (bounded) until the server has answered 429.
    for _ in 0..200 {
        if !server.hits_for("pause.test", "/429-then-ok").is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let limited = server.hits_for("pause.test", "/429-then-ok");
    assert_eq!(limited.len(), 1);
    tokio::time::sleep(Duration::from_millis(20)).await;
    let other = cite(&f, "http://pause.test/ok").await;
    assert_eq!(other.link.status, LinkStatus::Ok);
    assert_eq!(first.await.unwrap().link.status, LinkStatus::Ok);
    let other_hit = &server.hits_for("pause.test", "/ok")[0];
    let gap = other_hit.at.duration_since(limited[0].at);
    assert!(
        gap >= Duration::from_millis(990),
        "other page sent {gap:?} after the 429"
    );
}

#[tokio::test]
async fn retry_after_is_capped() {
    let server = TestServer::start().await;
    let mut politeness = quick_politeness();
    politeness.retry_after_cap = Duration::from_millis(100);
    let f = fetcher(&server, &["capped.test"], politeness);
    let outcome = cite(&f, "http://capped.test/429-then-ok").await;
    assert_eq!(outcome.link.status, LinkStatus::Ok);
    let hits = server.hits_for("capped.test", "/429-then-ok");
    let gap = hits[1].at.duration_since(hits[0].at);
    assert!(
        gap >= Duration::from_millis(100) && gap < Duration::from_millis(900),
        "{gap:?}"
    );
}

#[tokio::test]
async fn a_tight_global_cap_still_serves_every_host_within_its_rate() {
    let server = TestServer::start().await;
    let hosts = ["x.test", "y.test", "z.test"];
    let mut politeness = quick_politeness();
    politeness.rate = Rate::parse("5/s").unwrap();
    let mut cfg = config(&server, &hosts, politeness);
    cfg.max_connections = 1;
    let f = Arc::new(Fetcher::new(cfg).unwrap());
    let tasks: Vec<_> = (0..8)
        .flat_map(|i| {
            hosts
                .iter()
                .map(move |h| format!("http://{h}/chain/0?n={i}"))
        })
        .map(|url| {
            let f = f.clone();
            tokio::spawn(async move { f.fetch(FetchRequest::new(url, Purpose::Discovery)).await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().link.status, LinkStatus::Ok);
    }
    for host in hosts {
        let hits = server.hits_on(host);
        assert_eq!(hits.len(), 9, "{host}: robots.txt and 8 pages");
        assert!(max_in_window(&hits, Duration::from_secs(1)) <= 5, "{host}");
    }
}

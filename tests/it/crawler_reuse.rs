//! What a run keeps of its fetches: a URL asked for twice is fetched once (fragments and
//! validators aside), and the pages kept for that stay within a byte budget.

use crate::common_crawler;

use std::sync::Arc;

use citecheck::fetch::{FetchOutcome, FetchRequest, Fetcher, Purpose, Validators};
use citecheck::model::LinkStatus;
use common_crawler::{config, fetcher, quick_politeness, TestServer};

async fn cite(fetcher: &Fetcher, url: &str) -> FetchOutcome {
    fetcher
        .fetch(FetchRequest::new(url, Purpose::Citation))
        .await
}

fn with_validators(url: &str, etag: &str) -> FetchRequest {
    let mut request = FetchRequest::new(url, Purpose::Citation);
    request.validators = Some(Validators {
        etag: Some(etag.to_string()),
        last_modified: None,
    });
    request
}

#[tokio::test]
async fn a_url_requested_twice_is_fetched_once() {
    let server = TestServer::start().await;
    let f = Arc::new(fetcher(&server, &["dup.test"], quick_politeness()));
    let mut tasks = Vec::new();
    for _ in 0..5 {
        let f = f.clone();
        tasks.push(tokio::spawn(async move {
            cite(&f, "http://dup.test/count").await
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap().link.status, LinkStatus::Ok);
    }
    let later = cite(&f, "http://dup.test/count").await;
    assert_eq!(later.link.status, LinkStatus::Ok);
    assert_eq!(later.url, "http://dup.test/count");
    assert!(later.page.is_some());
    assert_eq!(server.hits_for("dup.test", "/count").len(), 1);
    assert_eq!(server.hits_for("dup.test", "/robots.txt").len(), 1);
}

#[tokio::test]
async fn kept_pages_stay_within_the_byte_budget_and_evicted_ones_are_fetched_again() {
    let server = TestServer::start().await;
    let mut cfg = config(&server, &["lru.test"], quick_politeness());
    // Room for two 4 KB pages, not three.
    cfg.page_budget = 10_000;
    let f = Fetcher::new(cfg).unwrap();
    let url = |name: &str| format!("http://lru.test/sized/4000/{name}");
    for name in ["a", "b"] {
        assert!(cite(&f, &url(name)).await.page.is_some());
    }
    // Reading `a` again makes it the most recently used, so `c` evicts `b`.
    assert!(cite(&f, &url("a")).await.page.is_some());
    assert_eq!(server.hits_for("lru.test", "/sized/4000/a").len(), 1);
    assert!(cite(&f, &url("c")).await.page.is_some());
    let b = cite(&f, &url("b")).await;
    let page = b.page.expect("an evicted page is fetched again");
    assert!(page.text.len() >= 4000, "{}", page.text.len());
    assert_eq!(server.hits_for("lru.test", "/sized/4000/b").len(), 2);
    // Link data is kept for every URL: a dead link is never asked twice.
    for _ in 0..3 {
        assert_eq!(
            cite(&f, "http://lru.test/404").await.link.status,
            LinkStatus::NotFound
        );
    }
    assert_eq!(server.hits_for("lru.test", "/404").len(), 1);
    // A page larger than the whole budget is served to its caller but not kept.
    let big = cite(&f, "http://lru.test/sized/20000/big").await;
    assert!(big.page.is_some());
    assert!(cite(&f, "http://lru.test/sized/20000/big")
        .await
        .page
        .is_some());
    assert_eq!(server.hits_for("lru.test", "/sized/20000/big").len(), 2);
}

#[tokio::test]
async fn a_fragment_is_dropped_from_the_request_and_the_dedup_key() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["frag.test"], quick_politeness());
    let plain = cite(&f, "http://frag.test/ok").await;
    let anchored = cite(&f, "http://frag.test/ok#x").await;
    assert_eq!(plain.link.status, LinkStatus::Ok);
    assert_eq!(anchored.link.status, LinkStatus::Ok);
    assert_eq!(anchored.url, "http://frag.test/ok#x", "the URL as cited");
    assert_eq!(anchored.link.final_url, None, "not a redirect");
    assert!(anchored.page.is_some());
    let other = cite(&f, "http://frag.test/ok#y").await;
    assert_eq!(other.link.status, LinkStatus::Ok);
    assert_eq!(server.hits_for("frag.test", "/ok").len(), 1);
    // A redirect to a Location with a fragment lands on the resource without it.
    let hop = cite(&f, "http://frag.test/to-fragment").await;
    assert_eq!(hop.link.redirects, vec!["http://frag.test/ok".to_string()]);
    assert_eq!(hop.link.final_url.as_deref(), Some("http://frag.test/ok"));
}

#[tokio::test]
async fn a_page_read_in_this_run_is_reused_whatever_the_validators() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["fresh.test"], quick_politeness());
    let first = cite(&f, "http://fresh.test/etag").await;
    assert_eq!(first.link.http_status, Some(200));
    // The history's validators name the same version: the run's own read answers.
    let second = f
        .fetch(with_validators("http://fresh.test/etag", "\"v1\""))
        .await;
    assert!(!second.not_modified);
    assert_eq!(second.link.http_status, Some(200));
    assert_eq!(second.page, first.page);
    // So do stale validators, and a discovery request for the same page.
    let stale = f
        .fetch(with_validators("http://fresh.test/etag", "\"v0\""))
        .await;
    assert_eq!(stale.page, first.page);
    let discovery = f
        .fetch(FetchRequest::new(
            "http://fresh.test/etag",
            Purpose::Discovery,
        ))
        .await;
    assert_eq!(discovery.page, first.page);
    assert_eq!(server.hits_for("fresh.test", "/etag").len(), 1);
}

#[tokio::test]
async fn a_304_answers_only_requests_with_the_same_validators() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["cond.test"], quick_politeness());
    let url = "http://cond.test/etag";
    let first = f.fetch(with_validators(url, "\"v1\"")).await;
    assert!(first.not_modified);
    let again = f.fetch(with_validators(url, "\"v1\"")).await;
    assert!(again.not_modified);
    assert_eq!(server.hits_for("cond.test", "/etag").len(), 1);
    // A request without validators needs the page itself: the 304 cannot give it.
    let full = cite(&f, url).await;
    assert!(!full.not_modified);
    assert!(full.page.is_some());
    assert_eq!(server.hits_for("cond.test", "/etag").len(), 2);
    // From now on the page read in this run answers, validators or not.
    let later = f.fetch(with_validators(url, "\"v1\"")).await;
    assert_eq!(later.page, full.page);
    assert_eq!(server.hits_for("cond.test", "/etag").len(), 2);
}

#[tokio::test]
async fn a_soft_404_judged_for_a_citation_does_not_answer_a_discovery_request() {
    let server = TestServer::start().await;
    let f = fetcher(&server, &["soft.test"], quick_politeness());
    let url = "http://soft.test/gone-story";
    let cited = cite(&f, url).await;
    assert_eq!(cited.link.status, LinkStatus::Soft404, "{:?}", cited.link);
    let listed = f.fetch(FetchRequest::new(url, Purpose::Discovery)).await;
    assert_eq!(listed.link.status, LinkStatus::Ok);
    assert!(listed.page.is_some());
    assert_eq!(server.hits_for("soft.test", "/gone-story").len(), 2);
    // An ordinary citation outcome does answer it.
    let article = cite(&f, "http://soft.test/article").await;
    assert_eq!(article.link.status, LinkStatus::Ok);
    let feed = f
        .fetch(FetchRequest::new(
            "http://soft.test/article",
            Purpose::Discovery,
        ))
        .await;
    assert_eq!(feed.page, article.page);
    assert_eq!(server.hits_for("soft.test", "/article").len(), 1);
}

#[tokio::test]
async fn the_soft_404_probe_goes_before_the_pages_of_its_host() {
    // Asked for after a page, the probe would queue behind every page of the host, and each
    // page read meanwhile would wait for it with its body in memory.
    let server = TestServer::start().await;
    let mut politeness = quick_politeness();
    politeness.concurrency = 1;
    let f = Arc::new(fetcher(&server, &["first.test", "moved.test"], politeness));
    let mut tasks = Vec::new();
    for i in 0..6 {
        let f = f.clone();
        tasks.push(tokio::spawn(async move {
            let url = if i % 2 == 0 {
                format!("http://first.test/sized/100/{i}")
            } else {
                format!("http://first.test/redirect-to?http://moved.test/sized/100/{i}")
            };
            cite(&f, &url).await
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap().link.status, LinkStatus::Ok);
    }
    // robots.txt, the probe, then six pages on the first host and three on the other.
    for (host, requests) in [("first.test", 8), ("moved.test", 5)] {
        let paths: Vec<String> = server.hits_on(host).into_iter().map(|h| h.path).collect();
        assert_eq!(paths.len(), requests, "{host}: {paths:?}");
        assert_eq!(paths[0], "/robots.txt", "{host}: {paths:?}");
        assert!(paths[1].starts_with("/citecheck-"), "{host}: {paths:?}");
    }
}

//! Capture and replay hooks, address rules (--deny-private, metadata), --resolve ports, and
//! progress events.

use crate::common_crawler;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use citecheck::fetch::exchange::{Exchange, ExchangeSink, Recorded, RecordedRequest, ReplaySource};
use citecheck::fetch::{FetchEvent, FetchEventKind, FetchOutcome, FetchRequest, Fetcher, Purpose};
use citecheck::model::LinkStatus;
use common_crawler::{config, quick_politeness, TestServer};

async fn cite(fetcher: &Fetcher, url: &str) -> FetchOutcome {
    fetcher
        .fetch(FetchRequest::new(url, Purpose::Citation))
        .await
}

#[derive(Default)]
struct Tape {
    exchanges: Mutex<Vec<Exchange>>,
}

impl ExchangeSink for Tape {
    fn record(&self, exchange: &Exchange) {
        self.exchanges.lock().unwrap().push(exchange.clone());
    }
}

/// Answers from a tape: per URL in recorded order, the last one repeating.
struct Player {
    answers: Mutex<HashMap<String, (usize, Vec<Recorded>)>>,
}

impl Player {
    fn from(tape: &Tape) -> Player {
        let mut answers: HashMap<String, (usize, Vec<Recorded>)> = HashMap::new();
        for e in tape.exchanges.lock().unwrap().iter() {
            answers
                .entry(e.request.url.clone())
                .or_default()
                .1
                .push(e.outcome.clone());
        }
        Player {
            answers: Mutex::new(answers),
        }
    }
}

impl ReplaySource for Player {
    fn replay(&self, request: &RecordedRequest) -> Option<Recorded> {
        let mut answers = self.answers.lock().unwrap();
        let (next, list) = answers.get_mut(&request.url)?;
        let answer = list.get((*next).min(list.len() - 1)).cloned();
        *next += 1;
        answer
    }
}

const URLS: [&str; 7] = [
    "http://tape.test/ok",
    "http://tape.test/404",
    "http://tape.test/moved",
    "http://tape.test/gzip-page",
    "http://tape.test/503-then-ok",
    "http://tape.test/gone-home",
    "http://tape.test/soft-title-mn",
];

#[tokio::test]
async fn a_replay_takes_the_same_decisions_without_the_network() {
    let server = TestServer::start().await;
    let tape = Arc::new(Tape::default());
    let mut live_config = config(&server, &["tape.test"], quick_politeness());
    live_config.recorder = Some(tape.clone());
    let live = Fetcher::new(live_config).unwrap();
    let mut live_outcomes = Vec::new();
    for url in URLS {
        live_outcomes.push(cite(&live, url).await);
    }
    let sent = server.hits().len();
    assert_eq!(
        tape.exchanges.lock().unwrap().len(),
        sent,
        "every request recorded"
    );
    let gz = tape
        .exchanges
        .lock()
        .unwrap()
        .iter()
        .find(|e| e.request.url.ends_with("/gzip-page"))
        .cloned()
        .unwrap();
    match gz.outcome {
        Recorded::Response(r) => assert_eq!(&r.body[..2], &[0x1f, 0x8b], "body as received"),
        other => panic!("{other:?}"),
    }
    assert!(gz.remote_addr.is_some());

    let mut replay_config = config(&server, &["tape.test"], quick_politeness());
    replay_config.replay = Some(Arc::new(Player::from(&tape)));
    let replay = Fetcher::new(replay_config).unwrap();
    for (url, before) in URLS.iter().zip(&live_outcomes) {
        let again = cite(&replay, url).await;
        assert_eq!(again.link.status, before.link.status, "{url}");
        assert_eq!(again.link.redirects, before.link.redirects, "{url}");
        assert_eq!(again.link.attempts, before.link.attempts, "{url}");
        assert_eq!(
            again.page.map(|p| p.text),
            before.page.clone().map(|p| p.text),
            "{url}"
        );
    }
    let missing = cite(&replay, "http://tape.test/never-recorded").await;
    assert_eq!(missing.link.status, LinkStatus::NetworkError);
    assert_eq!(missing.link.error().as_deref(), Some("not in capture"));
    assert_eq!(server.hits().len(), sent, "replay touched the network");
}

#[tokio::test]
async fn truncated_bodies_are_marked_in_the_capture() {
    let server = TestServer::start().await;
    let tape = Arc::new(Tape::default());
    let mut politeness = quick_politeness();
    politeness.timeout = Duration::from_millis(300);
    politeness.retries = 0;
    let mut cfg = config(&server, &["cut.test"], politeness);
    cfg.recorder = Some(tape.clone());
    let f = Fetcher::new(cfg).unwrap();
    assert_eq!(
        cite(&f, "http://cut.test/huge").await.link.status,
        LinkStatus::TooLarge
    );
    assert_eq!(
        cite(&f, "http://cut.test/trickle").await.link.status,
        LinkStatus::Timeout
    );
    let truncated = |suffix: &str| {
        tape.exchanges
            .lock()
            .unwrap()
            .iter()
            .find(|e| e.request.url.ends_with(suffix))
            .and_then(|e| match &e.outcome {
                Recorded::Response(r) => r.truncated.clone(),
                Recorded::Failure { .. } => None,
            })
    };
    assert_eq!(truncated("/huge").as_deref(), Some("length"));
    assert_eq!(truncated("/trickle").as_deref(), Some("time"));
}

#[tokio::test]
async fn resolve_overrides_keep_their_port_for_urls_without_one() {
    let server = TestServer::start().await;
    let f = Fetcher::new(config(&server, &["ikon.mn"], quick_politeness())).unwrap();
    let outcome = cite(&f, "http://ikon.mn/ok").await;
    assert_eq!(outcome.link.status, LinkStatus::Ok, "{:?}", outcome.link);
    assert_eq!(server.hits_for("ikon.mn", "/ok").len(), 1);
}

#[tokio::test]
async fn deny_private_refuses_private_addresses_after_dns_and_on_redirects() {
    let server = TestServer::start().await;
    let mut cfg = config(&server, &["safe.test"], quick_politeness());
    cfg.deny_private = true;
    let f = Fetcher::new(cfg).unwrap();
    // The override is the user's explicit choice: allowed.
    assert_eq!(
        cite(&f, "http://safe.test/ok").await.link.status,
        LinkStatus::Ok
    );
    let port = server.addr.port();
    let to_loopback = format!("http://safe.test/redirect-to?http://127.0.0.1:{port}/ok");
    let outcome = cite(&f, &to_loopback).await;
    assert_eq!(
        outcome.link.status,
        LinkStatus::InvalidUrl,
        "{:?}",
        outcome.link
    );
    assert!(outcome.link.error().unwrap().contains("deny-private"));
    // A name that resolves to loopback through DNS.
    let localhost = cite(&f, &format!("http://localhost:{port}/ok")).await;
    assert_eq!(
        localhost.link.status,
        LinkStatus::InvalidUrl,
        "{:?}",
        localhost.link
    );
    assert!(server.hits_for("127.0.0.1", "/ok").is_empty());
    assert!(server.hits_for("localhost", "/ok").is_empty());
}

#[tokio::test]
async fn metadata_addresses_are_refused_always() {
    let server = TestServer::start().await;
    let mut cfg = config(&server, &["safe.test"], quick_politeness());
    cfg.resolve
        .push(("meta.test".into(), "169.254.169.254:80".parse().unwrap()));
    let f = Fetcher::new(cfg).unwrap();
    let started = Instant::now();
    for url in [
        "http://meta.test/latest/meta-data/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/",
        "http://safe.test/redirect-to?http://169.254.169.254/latest/",
    ] {
        let outcome = cite(&f, url).await;
        assert_eq!(
            outcome.link.status,
            LinkStatus::InvalidUrl,
            "{url}: {:?}",
            outcome.link
        );
        assert!(outcome.link.error().unwrap().contains("metadata"), "{url}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "no connection was tried"
    );
}

#[tokio::test]
async fn progress_events_report_each_url() {
    let server = TestServer::start().await;
    let events: Arc<Mutex<Vec<FetchEvent>>> = Arc::default();
    let mut cfg = config(&server, &["ev.test"], quick_politeness());
    let sink = events.clone();
    cfg.events = Some(Arc::new(move |e: &FetchEvent| {
        sink.lock().unwrap().push(e.clone())
    }));
    let f = Fetcher::new(cfg).unwrap();
    cite(&f, "http://ev.test/503-then-ok").await;
    cite(&f, "http://ev.test/404").await;
    let events = events.lock().unwrap().clone();
    let of = |url: &str| -> Vec<FetchEventKind> {
        events
            .iter()
            .filter(|e| e.url == url)
            .map(|e| e.kind)
            .collect()
    };
    assert_eq!(
        of("http://ev.test/503-then-ok"),
        vec![
            FetchEventKind::Queued,
            FetchEventKind::Started,
            FetchEventKind::Finished(LinkStatus::Ok)
        ]
    );
    assert_eq!(
        of("http://ev.test/404").last(),
        Some(&FetchEventKind::Finished(LinkStatus::NotFound))
    );
    assert!(events.iter().all(|e| e.host == "ev.test"));
}

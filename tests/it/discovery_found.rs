//! Finding an unlinked citation's article on an outlet that sources.toml knows only by
//! name, domain, language and home page: through a sitemap index named in robots.txt,
//! WordPress's REST API or day archive, an OpenSearch site search — each with a decoy of
//! the cited day that must lose — and, where there is nothing to discover, an honest
//! `unresolved` that says what was tried. The servers count every request: no host sees
//! more than its rate, and one citation's search stays within its bounds.

use std::sync::Arc;
use std::time::Duration;

use crate::common_discovery;

use citecheck::cache::DiskCache;
use citecheck::fetch::Fetcher;
use citecheck::model::ResolutionMethod;
use citecheck::resolve::{Limits, Resolved, Resolver};
use citecheck::sources::{Politeness, Rate, Sources};
use common_discovery::found::{self, courier, gobi, packed, quiet, sources_for, tuv};
use common_discovery::{
    citation, fetch_config, fetcher, overrides, politeness, score_of, Reply, Site,
};

async fn resolve_with(
    resolver: &Resolver,
    sources: &Sources,
    fetcher: &Fetcher,
    outlet: &str,
    date: &str,
    claim: &str,
) -> Resolved {
    let c = citation(outlet, Some(date), claim, &[]);
    let outlet = sources.outlet_by_name(outlet);
    assert!(outlet.is_some(), "the outlet is in the fixture sources");
    resolver.resolve(&c, outlet, Some(fetcher)).await
}

/// Resolves a citation of `name` — an outlet known only by name, domain, `language` and
/// home page — on `site`, with a fresh resolver and crawler.
async fn find(site: &Site, name: &str, language: &str, date: &str, claim: &str) -> Resolved {
    let sources = sources_for(name, site, language);
    let fetcher = fetcher(&[site]);
    resolve_with(&Resolver::default(), &sources, &fetcher, name, date, claim).await
}

/// The resolution, printed whole when an assertion on it fails.
fn chosen(resolved: &Resolved, url: &str) -> citecheck::model::Resolution {
    assert_eq!(resolved.url.as_deref(), Some(url), "{resolved:#?}");
    resolved.resolution.clone().expect("a resolution")
}

#[tokio::test]
async fn a_sitemap_index_named_only_in_robots_txt_leads_to_the_cited_month() {
    let site = courier::start().await;
    let resolved = find(&site, "Steppe Courier", "en", "2023-09-14", courier::CLAIM).await;
    let right = format!("{}{}", site.base(), courier::RIGHT);
    let resolution = chosen(&resolved, &right);
    assert_eq!(resolution.method, ResolutionMethod::Sitemap);
    assert_eq!(
        resolution.via.as_deref(),
        Some(format!("{}{}", site.base(), courier::SEPTEMBER).as_str()),
        "the monthly child offered it"
    );
    assert!(resolution.discovered);
    for decoy in [courier::DECOY, courier::NEAR_DECOY] {
        let score = score_of(&resolved, &format!("{}{decoy}", site.base()));
        assert!(
            score.is_some_and(|s| resolution.candidates[0].score - s >= 0.15),
            "the same-day decoy {decoy} was read and lost by the margin: {resolution:?}"
        );
    }
    assert_eq!(site.hits(courier::INDEX), 1);
    assert_eq!(site.hits(courier::SEPTEMBER), 1);
    for unread in [courier::AUGUST, courier::OCTOBER, courier::TAGS] {
        assert_eq!(site.hits(unread), 0, "{unread} does not cover September");
    }
    for convention in ["/sitemap.xml", "/sitemap_index.xml", "/sitemap-news.xml"] {
        assert_eq!(
            site.hits(convention),
            0,
            "robots.txt named a sitemap: {convention} not probed"
        );
    }
    assert_eq!(
        site.hits("/news/2023/late-september-story"),
        0,
        "outside ±2 days"
    );
}

/// Resolves the Gobi Daily citation (`rest`: whether its REST API is on): the right post
/// is chosen over the same-day decoy, through a discovered WordPress list.
async fn resolve_gobi(rest: bool) -> (Site, citecheck::model::Resolution) {
    let site = gobi::start(rest).await;
    let resolved = find(&site, "Gobi Daily", "en", "2023-09-27", gobi::CLAIM).await;
    let resolution = chosen(&resolved, &format!("{}{}", site.base(), gobi::RIGHT));
    assert_eq!(resolution.method, ResolutionMethod::Archive);
    assert!(resolution.discovered);
    let decoy = format!("{}{}", site.base(), gobi::DECOY);
    assert!(
        score_of(&resolved, &decoy).is_some_and(|s| s < 0.5),
        "{resolution:?}"
    );
    assert_eq!(site.hits("/feed/"), 1, "the feed was read first (cheapest)");
    assert_eq!(
        site.hits("/comments/feed/"),
        0,
        "a comment feed lists no articles"
    );
    assert_eq!(
        site.hits("/today/snow/"),
        0,
        "today's items are outside the window"
    );
    (site, resolution)
}

#[tokio::test]
async fn a_wordpress_site_whose_feed_holds_only_today_is_searched_through_its_rest_api() {
    let (site, resolution) = resolve_gobi(true).await;
    let via = resolution.via.clone().unwrap_or_default();
    let window = format!(
        "{}/wp-json/wp/v2/posts?after=2023-09-25T00:00:00",
        site.base()
    );
    assert!(via.starts_with(&window), "{via}");
    assert_eq!(
        site.hits("/2023/09/27/"),
        0,
        "the REST API answered: no day archive"
    );
}

#[tokio::test]
async fn a_wordpress_site_without_its_rest_api_is_read_through_the_day_archive() {
    let (site, resolution) = resolve_gobi(false).await;
    assert_eq!(
        resolution.via.as_deref(),
        Some(format!("{}/2023/09/27/", site.base()).as_str())
    );
    assert_eq!(
        site.hits("/wp-json/wp/v2/posts"),
        1,
        "the API was asked first"
    );
}

#[tokio::test]
async fn a_busy_wordpress_windows_next_page_is_read_when_the_first_is_full() {
    let site = gobi::start_with(true, true).await;
    let resolved = find(&site, "Gobi Daily", "en", "2023-09-27", gobi::CLAIM).await;
    let resolution = chosen(&resolved, &format!("{}{}", site.base(), gobi::RIGHT));
    assert!(
        resolution
            .via
            .as_deref()
            .is_some_and(|v| v.contains("&page=2&")),
        "{resolution:?}"
    );
    assert_eq!(site.hits("/wp-json/wp/v2/posts"), 2, "pages 1 and 2, not 3");
    let briefs = site
        .log()
        .iter()
        .filter(|a| a.path.contains("/brief-"))
        .count();
    assert!(
        briefs <= 8,
        "{briefs} posts two days off read: the cited day's two rank first, and one round of \
         ten is read before a confident answer stops the search"
    );
}

#[tokio::test]
async fn a_site_reachable_only_through_opensearch_is_searched_in_its_own_language() {
    let site = tuv::start().await;
    let resolved = find(&site, "Tuv Medee", "mn", "2023-09-27", tuv::CLAIM).await;
    let right = format!("{}{}", site.base(), tuv::RIGHT);
    let resolution = chosen(&resolved, &right);
    assert_eq!(resolution.method, ResolutionMethod::Search);
    assert!(resolution.discovered);
    let queries: Vec<String> = site
        .log()
        .iter()
        .filter(|a| a.path == "/haih")
        .filter_map(|a| a.param("q"))
        .collect();
    assert_eq!(queries.len(), 1, "{queries:?}");
    assert!(
        queries[0].contains("хятад") && queries[0].contains("18"),
        "the query is in Mongolian: {queries:?}"
    );
    assert!(
        resolution
            .via
            .as_deref()
            .is_some_and(|v| v.contains("/haih?q=")),
        "{resolution:?}"
    );
    let decoy = format!("{}{}", site.base(), tuv::DECOY);
    assert!(
        score_of(&resolved, &decoy).is_some_and(|s| s < 0.5),
        "{resolution:?}"
    );
}

#[tokio::test]
async fn a_gzip_sitemap_at_a_conventional_path_is_found_after_the_others() {
    let site = packed::start().await;
    let resolved = find(&site, "Altai Review", "en", "2023-09-11", packed::CLAIM).await;
    let resolution = chosen(&resolved, &format!("{}{}", site.base(), packed::RIGHT));
    assert_eq!(resolution.method, ResolutionMethod::Sitemap);
    assert_eq!(
        resolution.via.as_deref(),
        Some(format!("{}/sitemap.xml.gz", site.base()).as_str())
    );
    let decoy = format!("{}{}", site.base(), packed::DECOY);
    assert!(
        score_of(&resolved, &decoy).is_some_and(|s| s < 0.5),
        "{resolution:?}"
    );
    for probed in [
        "/sitemap_index.xml",
        "/sitemap.xml",
        "/wp-sitemap.xml",
        "/sitemap-news.xml",
        "/sitemap_index.xml.gz",
        "/sitemap.xml.gz",
    ] {
        assert_eq!(site.hits(probed), 1, "{probed} probed once, in order");
    }
    assert_eq!(
        site.hits("/wp-sitemap.xml.gz"),
        0,
        "probing stops at the first sitemap"
    );
}

#[tokio::test]
async fn a_site_with_nothing_to_discover_stays_unresolved_and_says_what_was_tried() {
    let site = quiet::start().await;
    let resolved = find(
        &site,
        "Quiet Post",
        "en",
        "2023-09-14",
        "Parliament passed the 2024 budget with 61 votes.",
    )
    .await;
    assert_eq!(resolved.url, None, "{resolved:#?}");
    let reason = resolved.reason.clone().unwrap_or_default();
    for tried in [
        "robots.txt (no Sitemap lines)",
        "/sitemap_index.xml (not_found",
        "/sitemap.xml (not_found",
        "/sitemap-news.xml.gz (not_found",
        "links no feed",
    ] {
        assert!(reason.contains(tried), "{tried:?} in {reason}");
    }
    assert_eq!(
        site.hits("/today/weather"),
        0,
        "a home page's headlines are not candidates"
    );
    assert!(site.log().len() <= 12, "{} requests", site.log().len());
}

#[tokio::test]
async fn discovered_lists_are_kept_across_runs_in_the_cache() {
    let site = courier::start().await;
    let sources = sources_for("Steppe Courier", &site, "en");
    let dir = tempfile::tempdir().expect("tempdir");
    for run in 0..2 {
        let disk = Arc::new(DiskCache::open(dir.path()).expect("cache"));
        let resolver = Resolver::default().with_disk_cache(disk);
        let fetcher = fetcher(&[&site]);
        let resolved = resolve_with(
            &resolver,
            &sources,
            &fetcher,
            "Steppe Courier",
            "2023-09-14",
            courier::CLAIM,
        )
        .await;
        assert_eq!(
            resolved.url,
            Some(format!("{}{}", site.base(), courier::RIGHT)),
            "run {run}: {resolved:#?}"
        );
    }
    assert_eq!(site.hits("/"), 1, "the home page is discovered once");
    assert_eq!(site.hits(courier::INDEX), 1, "the index is kept");
    assert_eq!(
        site.hits(courier::SEPTEMBER),
        1,
        "a past month's sitemap is kept"
    );
    assert_eq!(site.hits(courier::RIGHT), 2, "articles are read again");
}

#[tokio::test]
async fn an_outlet_is_discovered_once_however_many_citations_name_it() {
    let site = courier::start().await;
    let sources = sources_for("Steppe Courier", &site, "en");
    let fetcher = fetcher(&[&site]);
    let resolver = Resolver::default();
    let other = "Mongolia's wool exporters expect prices to fall by 6 percent this autumn.";
    let (a, b) = tokio::join!(
        resolve_with(
            &resolver,
            &sources,
            &fetcher,
            "Steppe Courier",
            "2023-09-14",
            courier::CLAIM
        ),
        resolve_with(
            &resolver,
            &sources,
            &fetcher,
            "Steppe Courier",
            "2023-09-14",
            other
        ),
    );
    assert_eq!(a.url, Some(format!("{}{}", site.base(), courier::RIGHT)));
    assert_eq!(
        b.url,
        Some(format!("{}{}", site.base(), courier::DECOY)),
        "{b:#?}"
    );
    assert_eq!(site.hits("/"), 1, "one discovery for both");
    assert_eq!(site.hits(courier::INDEX), 1);
}

#[tokio::test]
async fn amp_and_canonical_copies_of_one_article_count_once() {
    let claim = "The central bank raised its policy rate to 13 percent to slow inflation.";
    let story = |extra: &str, canonical: &str| {
        Reply::html(format!(
            "<html><head><title>Policy rate raised to 13 percent</title>{canonical}\
             <meta property=\"article:published_time\" content=\"2023-09-14T09:00:00+08:00\">\
             </head><body><article><h1>Policy rate raised to 13 percent</h1><p>The central \
             bank raised its policy rate to 13 percent on Thursday to slow inflation.</p>\
             <p>{extra}</p></article></body></html>"
        ))
    };
    let sitemap = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
        <url><loc>{base}/economy/rate-raised/amp/</loc><lastmod>2023-09-14</lastmod></url>\
        <url><loc>{base}/economy/rate-raised/</loc><lastmod>2023-09-14</lastmod></url>\
        <url><loc>{base}/p?id=7</loc><lastmod>2023-09-14</lastmod></url>\
        <url><loc>{base}/economy/budget-talks/</loc><lastmod>2023-09-14</lastmod></url></urlset>";
    let site = Site::start(
        "bank.test",
        vec![
            (
                "/".into(),
                Reply::html("<html><body>Bank News</body></html>"),
            ),
            (
                "/robots.txt".into(),
                Reply::new(200, "text/plain", "Sitemap: {base}/s.xml\n"),
            ),
            ("/s.xml".into(), Reply::xml(sitemap)),
            ("/economy/rate-raised/".into(), story("Markets rose.", "")),
            (
                "/economy/rate-raised/amp/".into(),
                story("Markets rose. (AMP)", ""),
            ),
            (
                "/p".into(),
                story(
                    "Markets rose. Shared link.",
                    "<link rel=\"canonical\" href=\"{base}/economy/rate-raised/\">",
                ),
            ),
            (
                "/economy/budget-talks/".into(),
                found::article(
                    "Budget talks continue",
                    "2023-09-14",
                    &["Parliament continued talks on the 2024 budget."],
                ),
            ),
        ],
        Vec::new(),
    )
    .await;
    let resolved = find(&site, "Bank News", "en", "2023-09-14", claim).await;
    let resolution = chosen(&resolved, &format!("{}/economy/rate-raised/", site.base()));
    assert_eq!(
        site.hits("/economy/rate-raised/amp/"),
        0,
        "the AMP copy is merged before reading"
    );
    let urls: Vec<&str> = resolution
        .candidates
        .iter()
        .map(|c| c.url.as_str())
        .collect();
    assert_eq!(
        urls.iter().filter(|u| u.contains("rate-raised")).count(),
        1,
        "one candidate for the article, not a tie with its copies: {urls:?}"
    );
    assert!(!urls.iter().any(|u| u.contains("id=7")), "{urls:?}");
}

/// A crawler whose every host is held to `per_second` requests a second.
fn slow_fetcher(site: &Site, per_second: u32) -> Fetcher {
    let mut config = fetch_config(overrides(&[site]), None, None);
    config.politeness = Arc::new(move |_: &str| Politeness {
        rate: Rate {
            requests: per_second,
            per: Duration::from_secs(1),
        },
        ..politeness()
    });
    Fetcher::new(config).expect("fetcher")
}

#[tokio::test]
async fn discovery_keeps_to_the_hosts_rate_as_the_server_counts() {
    let site = courier::start().await;
    let sources = sources_for("Steppe Courier", &site, "en");
    let fetcher = slow_fetcher(&site, 8);
    let resolved = resolve_with(
        &Resolver::default(),
        &sources,
        &fetcher,
        "Steppe Courier",
        "2023-09-14",
        courier::CLAIM,
    )
    .await;
    assert!(resolved.url.is_some(), "{resolved:#?}");
    let mut times: Vec<_> = site.log().iter().map(|a| a.at).collect();
    times.sort();
    assert!(times.len() >= 8, "{} requests", times.len());
    for (i, start) in times.iter().enumerate() {
        let within = times[i..]
            .iter()
            .take_while(|t| t.duration_since(*start) < Duration::from_millis(1000))
            .count();
        assert!(within <= 8, "{within} requests within one second");
    }
}

/// A site whose sitemap lists `n` articles of the cited day, none of which supports the
/// claim.
async fn flood(n: usize) -> Site {
    let urls: String = (0..n)
        .map(|i| format!("<url><loc>{{base}}/story/{i}</loc><lastmod>2023-09-14</lastmod></url>"))
        .collect();
    let pages = vec![
        (
            "/".into(),
            Reply::html("<html><head><title>Flood</title></head><body>Flood</body></html>"),
        ),
        (
            "/robots.txt".into(),
            Reply::new(
                200,
                "text/plain",
                "User-agent: *\nSitemap: {base}/all.xml\n",
            ),
        ),
        (
            "/all.xml".into(),
            Reply::xml(format!(
                "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>"
            )),
        ),
    ];
    let story: common_discovery::Handler = Arc::new(|asked: &common_discovery::Asked| {
        let n = asked.path.trim_start_matches("/story/");
        found::article(
            &format!("Story {n}"),
            "2023-09-14",
            &[&format!(
                "Story number {n} is about the weather in district {n}."
            )],
        )
    });
    Site::start("flood.test", pages, vec![("/story/".into(), story)]).await
}

#[tokio::test]
async fn one_citations_search_stays_within_its_candidate_and_request_bounds() {
    let claim = "Parliament passed the 2024 budget with 61 votes.";
    let site = flood(300).await;
    let resolved = find(&site, "Flood News", "en", "2023-09-14", claim).await;
    assert_eq!(resolved.url, None);
    let stories = site
        .log()
        .iter()
        .filter(|a| a.path.starts_with("/story/"))
        .count();
    assert_eq!(stories, 50, "max_candidates pages read");
    assert!(site.log().len() <= 100, "{} requests", site.log().len());

    let site = flood(300).await;
    let sources = sources_for("Flood News", &site, "en");
    let tight = Resolver::new(Limits {
        max_candidates: 200,
        max_requests: 30,
        ..Limits::default()
    });
    let fetcher = fetcher(&[&site]);
    let resolved = resolve_with(
        &tight,
        &sources,
        &fetcher,
        "Flood News",
        "2023-09-14",
        claim,
    )
    .await;
    assert_eq!(resolved.url, None);
    assert!(
        site.log().len() <= 30,
        "{} requests for a budget of 30",
        site.log().len()
    );
    assert!(
        site.log().len() >= 25,
        "the budget is used, not wasted: {}",
        site.log().len()
    );
}

/// The article, sources.toml and `--resolve` argument of a run against the courier site.
fn courier_run(site: &Site, dir: &std::path::Path) -> Vec<String> {
    let article = dir.join("article.md");
    std::fs::write(
        &article,
        format!(
            "# Grid\n\n{} (Steppe Courier, September 14)\n",
            courier::CLAIM
        ),
    )
    .expect("article");
    let sources = dir.join("sources.toml");
    std::fs::write(
        &sources,
        format!(
            "[defaults]\nrate = \"1000/s\"\n\n[outlets.courier]\nname = \"Steppe Courier\"\n\
             domains = [\"courier.test\"]\nlanguage = \"en\"\nhome = \"{}/\"\n",
            site.base()
        ),
    )
    .expect("sources");
    vec![
        "-v".into(),
        "verify".into(),
        "--sources".into(),
        sources.display().to_string(),
        "--out".into(),
        dir.join("reports").display().to_string(),
        "--published".into(),
        "2023-11-15".into(),
        "--fail-on".into(),
        "never".into(),
        "--resolve".into(),
        format!("{}={}", site.host, site.addr),
        article.display().to_string(),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_says_which_discovered_list_offered_the_page_and_v_logs_the_plan() {
    let site = courier::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut args = courier_run(&site, dir.path());
    args.insert(2, "--cache".into());
    args.insert(3, dir.path().join("cache").display().to_string());
    let output = tokio::task::spawn_blocking(move || {
        crate::support::citecheck()
            .args(&args)
            .env_remove("RUST_LOG")
            .output()
            .expect("citecheck runs")
    })
    .await
    .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("reports/article.json")).expect("report"),
    )
    .expect("JSON");
    let c = &report["documents"][0]["citations"][0];
    assert_eq!(
        c["url"].as_str(),
        Some(format!("{}{}", site.base(), courier::RIGHT).as_str()),
        "{c:#}"
    );
    assert_eq!(c["resolution"]["method"], "sitemap");
    assert_eq!(c["resolution"]["discovered"], true);
    assert_eq!(
        c["resolution"]["via"].as_str(),
        Some(format!("{}{}", site.base(), courier::SEPTEMBER).as_str())
    );
    assert!(
        stderr.contains("plan for Steppe Courier 2023-09-14: 1. discover from"),
        "{stderr}"
    );
    assert!(
        stderr.contains("sitemaps: in an index, the children for 2023-09"),
        "{stderr}"
    );
    assert!(
        stderr.contains("(robots.txt)"),
        "the discovered lists are logged: {stderr}"
    );
    assert!(
        std::fs::read_dir(dir.path().join("cache/discovered")).is_ok(),
        "the discovered lists were kept in --cache"
    );
}

#[test]
fn a_dry_run_logs_the_plan_without_a_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let site = runtime.block_on(courier::start());
    let mut args = courier_run(&site, dir.path());
    args.insert(2, "--dry-run".into());
    let output = crate::support::citecheck()
        .args(&args)
        .env_remove("RUST_LOG")
        .output()
        .expect("citecheck runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("plan for Steppe Courier 2023-09-14: 1. discover from"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bounds: at most 50 candidate pages"),
        "{stderr}"
    );
    assert!(site.log().is_empty(), "a dry run sends nothing");
}

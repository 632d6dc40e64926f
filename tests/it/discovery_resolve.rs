//! Resolving `(Outlet, Date)` citations against loopback outlets: feeds, date archives,
//! sitemap indexes (monthly and news), site search and fixed pages, each with a decoy
//! article of the same day that must lose.

use crate::common_discovery;

use citecheck::model::{Citation, ResolutionMethod};
use citecheck::resolve::{self, Limits, Resolved, Resolver};
use citecheck::sources::Sources;
use common_discovery::fixtures::*;
use common_discovery::{citation, fetcher, score_of, Reply, Site};

async fn resolve_in(outlets: &Outlets, sources: &Sources, c: &Citation) -> Resolved {
    let outlet = c.outlet.as_deref().and_then(|n| sources.outlet_by_name(n));
    assert!(
        outlet.is_some(),
        "outlet {:?} in the fixture sources",
        c.outlet
    );
    let fetcher = fetcher(&outlets.sites());
    resolve::resolve(c, outlet, Some(&fetcher)).await
}

/// The resolver chose `url` (the whole resolution is printed when it did not).
fn assert_chosen(resolved: &Resolved, url: &str) {
    assert_eq!(resolved.url.as_deref(), Some(url), "{resolved:#?}");
}

#[tokio::test]
async fn english_claim_resolves_to_a_mongolian_article_by_numbers_and_names() {
    let outlets = Outlets::start().await;
    let sources = outlets.sources();
    let c = citation(
        "Ikon",
        Some("2023-09-27"),
        "Mongolia and China signed 14 cooperation documents, including a $1.3 billion \
         concessional loan for the Zamyn-Uud–Erlian cross-border railway, during Prime \
         Minister Oyun-Erdene's visit to Hohhot.",
        &[],
    );
    let resolved = resolve_in(&outlets, &sources, &c).await;
    let right = format!("{}{IKON_LOAN}", outlets.ikon.base());
    let decoy = format!("{}{IKON_PORT_DECOY}", outlets.ikon.base());
    assert_chosen(&resolved, &right);
    let resolution = resolved.resolution.as_ref().expect("resolution");
    assert_eq!(
        resolution.method,
        ResolutionMethod::Archive,
        "only the day page lists it"
    );
    assert!(resolution.confidence > 0.3, "{resolution:?}");
    let decoy_score = score_of(&resolved, &decoy).expect("the decoy was considered");
    assert!(resolution.candidates[0].score - decoy_score >= 0.15);
    assert_eq!(
        outlets.ikon.hits(IKON_OLD_TALKS),
        0,
        "an article 17 days before the cited date is outside the window"
    );
    assert_eq!(outlets.ikon.hits("/rss"), 1);
}

#[tokio::test]
async fn a_claim_no_article_supports_stays_unresolved_with_its_candidates() {
    let outlets = Outlets::start().await;
    let sources = outlets.sources();
    let c = citation(
        "Ikon",
        Some("2023-09-27"),
        "The parliament raised pensions by 7 percent for 2024.",
        &[],
    );
    let resolved = resolve_in(&outlets, &sources, &c).await;
    assert_eq!(resolved.url, None, "{resolved:#?}");
    let resolution = resolved
        .resolution
        .as_ref()
        .expect("what was tried is reported");
    assert_eq!(resolution.confidence, 0.0);
    assert!(resolution.candidates.len() >= 2, "{resolution:?}");
    assert!(resolution.candidates.iter().all(|c| c.score < 0.5));
    assert!(resolved
        .reason
        .as_deref()
        .unwrap_or("")
        .contains("supports"));
}

#[tokio::test]
async fn feed_article_with_the_quote_beats_a_same_day_decoy() {
    let outlets = Outlets::start().await;
    let sources = outlets.sources();
    let c = citation(
        "The Diplomat",
        Some("2023-10-20"),
        "Ulaanbaatar wants \"a steady rhythm of trilateral meetings\" with Beijing and \
         Moscow, President Khurelsukh told the forum.",
        &["a steady rhythm of trilateral meetings"],
    );
    let resolved = resolve_in(&outlets, &sources, &c).await;
    let right = format!("{}{DIPLOMAT_FORUM}", outlets.diplomat.base());
    let decoy = format!("{}{DIPLOMAT_DECOY}", outlets.diplomat.base());
    assert_chosen(&resolved, &right);
    let resolution = resolved.resolution.as_ref().expect("resolution");
    assert_eq!(resolution.method, ResolutionMethod::Feed);
    assert_eq!(
        resolution.via,
        Some(format!("{}/feed/", outlets.diplomat.base())),
        "the configured feed offered it"
    );
    assert!(!resolution.discovered, "configured in sources.toml");
    assert!(score_of(&resolved, &decoy).is_some_and(|s| s < 0.5));
    assert_eq!(resolution.candidates[0].url, right, "best first");
}

#[tokio::test]
async fn only_the_monthly_sitemap_of_the_cited_month_is_read() {
    let outlets = Outlets::start().await;
    let sources = outlets.sources();
    let c = citation(
        "South China Morning Post",
        Some("2023-09-22"),
        "Officials said the feasibility study of the Soyolj pipeline would take 18 months \
         and cost 35 million yuan.",
        &[],
    );
    let resolved = resolve_in(&outlets, &sources, &c).await;
    let right = format!("{}{SCMP_PIPELINE}", outlets.scmp.base());
    assert_chosen(&resolved, &right);
    assert_eq!(
        resolved.resolution.as_ref().map(|r| r.method),
        Some(ResolutionMethod::Sitemap)
    );
    let decoy = format!("{}{SCMP_COAL_DECOY}", outlets.scmp.base());
    assert!(
        score_of(&resolved, &decoy).is_some(),
        "the same-day decoy was scored"
    );
    assert_eq!(
        outlets.scmp.hits("/sitemap/archives/articles/2023_sep.xml"),
        1
    );
    for unread in [
        "/sitemap/archives/articles/2023_may.xml",
        "/sitemap/archives/articles/2023_oct.xml",
        "/sitemap_topics.xml",
        "/sitemap_news.xml",
    ] {
        assert_eq!(
            outlets.scmp.hits(unread),
            0,
            "{unread} is not about September"
        );
    }
    assert_eq!(
        outlets
            .scmp
            .hits("/news/asia/article/3234410/unrelated-earlier-story"),
        0
    );
}

#[tokio::test]
async fn a_recent_citation_is_found_in_the_news_sitemap() {
    let outlets = Outlets::start().await;
    let sources = outlets.sources();
    let c = citation(
        "SCMP",
        Some("2023-11-13"),
        "Herders in western Mongolia lost 2.1 million livestock during last winter's dzud, \
         the Red Cross said.",
        &[],
    );
    let resolved = resolve_in(&outlets, &sources, &c).await;
    let right = format!("{}{SCMP_DZUD}", outlets.scmp.base());
    assert_chosen(&resolved, &right);
    assert_eq!(outlets.scmp.hits("/sitemap_news.xml"), 1);
    assert_eq!(outlets.scmp.hits("/sitemap_topics.xml"), 0);
}

#[tokio::test]
async fn site_search_finds_the_article_when_the_outlet_has_no_lists() {
    let outlets = Outlets::start().await;
    let sources = outlets.sources();
    let c = citation(
        "Montsame",
        Some("2023-09-21"),
        "Mongolia will export 1,500 tonnes of frozen mutton to Iran under a new veterinary \
         protocol.",
        &[],
    );
    let resolved = resolve_in(&outlets, &sources, &c).await;
    let right = format!("{}{MONTSAME_MUTTON}", outlets.montsame.base());
    assert_chosen(&resolved, &right);
    assert_eq!(
        resolved.resolution.as_ref().map(|r| r.method),
        Some(ResolutionMethod::Search)
    );
    let searches: Vec<String> = outlets
        .montsame
        .log()
        .iter()
        .filter(|a| a.path == "/en/search")
        .filter_map(|a| a.param("q"))
        .collect();
    assert_eq!(searches.len(), 1);
    assert!(
        searches[0].contains("Iran") && searches[0].contains("1,500"),
        "the query is built from the claim's names and numbers: {searches:?}"
    );
    let decoy = format!("{}{MONTSAME_DECOY}", outlets.montsame.base());
    assert!(score_of(&resolved, &decoy).is_some_and(|s| s < 0.5));
}

#[tokio::test]
async fn an_accessed_citation_resolves_to_one_of_the_fixed_pages() {
    let outlets = Outlets::start().await;
    let sources = outlets.sources();
    let mut c = citation(
        "Ministry of Foreign Affairs of Mongolia",
        Some("2023-11-01"),
        "Mongolia maintains diplomatic relations with 193 countries.",
        &[],
    );
    c.accessed = true;
    let resolved = resolve_in(&outlets, &sources, &c).await;
    let right = format!("{}{MFA_RELATIONS}", outlets.mfa.base());
    assert_chosen(&resolved, &right);
    let resolution = resolved.resolution.as_ref().expect("resolution");
    assert_eq!(resolution.method, ResolutionMethod::Page);
    assert_eq!(resolution.via, None, "no list offered a fixed page");
    assert!(!resolution.discovered);
    assert_eq!(resolution.candidates.len(), 2);
}

#[tokio::test]
async fn candidate_fetches_stay_within_the_cap() {
    let outlets = Outlets::start().await;
    let sources = outlets.sources();
    let c = citation(
        "Ikon",
        Some("2023-09-26"),
        "Nothing in these pages says that 99 camels crossed the Gobi.",
        &[],
    );
    let limits = Limits {
        max_candidates: 2,
        ..Limits::default()
    };
    let fetcher = fetcher(&outlets.sites());
    let resolved =
        resolve::resolve_with(&c, sources.outlet_by_name("Ikon"), Some(&fetcher), &limits).await;
    assert_eq!(resolved.url, None);
    let articles = outlets
        .ikon
        .log()
        .iter()
        .filter(|a| a.path.starts_with("/n/"))
        .count();
    assert!(articles <= 2, "{articles} article fetches");
    assert_eq!(
        resolved.resolution.map(|r| r.candidates.len()),
        Some(articles)
    );
}

#[tokio::test]
async fn two_articles_that_fit_equally_leave_the_citation_unresolved() {
    let story = |n: u32| {
        format!(
            "<html><body><article><h1>Rail deal</h1><p>Officials signed 4 agreements on the \
             Tavantolgoi railway and a 250 megawatt power plant in Dalanzadgad. Copy {n}.</p>\
             </article></body></html>"
        )
    };
    let feed = r#"<rss version="2.0"><channel><title>Twin</title>
        <item><title>Rail deal</title><link>{base}/a/1</link><pubDate>Wed, 27 Sep 2023 08:00:00 +0000</pubDate></item>
        <item><title>Rail deal</title><link>{base}/b/1</link><pubDate>Wed, 27 Sep 2023 09:00:00 +0000</pubDate></item>
        </channel></rss>"#;
    let site = Site::start(
        "twin.example",
        vec![
            ("/rss".into(), Reply::xml(feed)),
            ("/a/1".into(), Reply::html(story(1))),
            ("/b/1".into(), Reply::html(story(2))),
        ],
        Vec::new(),
    )
    .await;
    let sources = Sources::parse(
        &format!(
            "[outlets.twin]\nname = \"Twin\"\ndomains = [\"twin.example\"]\nfeeds = [\"{}/rss\"]\n",
            site.base()
        ),
        std::path::Path::new("twin.toml"),
    )
    .expect("sources");
    let c = citation(
        "Twin",
        Some("2023-09-27"),
        "Officials signed 4 agreements on the Tavantolgoi railway and a 250 megawatt power \
         plant in Dalanzadgad.",
        &[],
    );
    let fetcher = fetcher(&[&site]);
    let resolved = resolve::resolve(&c, sources.outlet_by_name("Twin"), Some(&fetcher)).await;
    assert_eq!(
        resolved.url, None,
        "a coin toss is not a resolution: {resolved:#?}"
    );
    assert!(resolved.reason.as_deref().unwrap_or("").contains("equally"));
    assert_eq!(resolved.resolution.map(|r| r.candidates.len()), Some(2));
}

#[tokio::test]
async fn explicit_links_are_kept_and_dry_runs_never_search() {
    let outlets = Outlets::start().await;
    let sources = outlets.sources();
    let mut linked = citation("Ikon", Some("2023-09-27"), "Anything.", &[]);
    linked.url = Some("https://ikon.mn/n/xyz".into());
    let fetcher = fetcher(&outlets.sites());
    let resolved = resolve::resolve(&linked, sources.outlet_by_name("Ikon"), Some(&fetcher)).await;
    assert_eq!(resolved.url.as_deref(), Some("https://ikon.mn/n/xyz"));
    assert_eq!(
        resolved.resolution.map(|r| (r.method, r.confidence)),
        Some((ResolutionMethod::Link, 1.0))
    );
    let unlinked = citation("Ikon", Some("2023-09-27"), "Anything.", &[]);
    let dry = resolve::resolve(&unlinked, sources.outlet_by_name("Ikon"), None).await;
    assert_eq!(dry, Resolved::default());
    assert!(
        outlets.ikon.log().is_empty(),
        "no request in a dry run or for a link"
    );
}

#[tokio::test]
async fn one_resolver_reads_each_list_and_article_once_per_run() {
    let outlets = Outlets::start().await;
    let sources = outlets.sources();
    let ikon = sources.outlet_by_name("Ikon");
    let loan = citation(
        "Ikon",
        Some("2023-09-27"),
        "Mongolia and China signed 14 cooperation documents, including a $1.3 billion loan \
         for the Zamyn-Uud–Erlian railway, during Prime Minister Oyun-Erdene's visit.",
        &[],
    );
    let pensions = citation(
        "Ikon",
        Some("2023-09-27"),
        "Mongolia's parliament raised pensions by 7 percent.",
        &[],
    );
    let fetcher = fetcher(&outlets.sites());
    let resolver = Resolver::default();
    let (a, b) = tokio::join!(
        resolver.resolve(&loan, ikon, Some(&fetcher)),
        resolver.resolve(&pensions, ikon, Some(&fetcher)),
    );
    assert!(a.url.is_some() && b.url.is_none());
    assert_eq!(
        outlets.ikon.hits("/rss"),
        1,
        "the feed is read once for both"
    );
    assert_eq!(outlets.ikon.hits("/archive/2023/09/27"), 1);
    for path in [IKON_LOAN, IKON_PORT_DECOY, "/n/3a0c"] {
        assert_eq!(
            outlets.ikon.hits(path),
            1,
            "{path} is fetched once for both"
        );
    }
    // Whichever citation fetched the chosen article, the other got it from the cache; when
    // it was this one, its fetch comes with the answer so it need not be made again.
    if let Some(fetched) = &a.fetched {
        assert_eq!(Some(&fetched.url), a.url.as_ref());
        assert!(fetched
            .page
            .as_ref()
            .is_some_and(|p| p.text.contains("14 баримт бичигт")));
    }
    let alone = resolve::resolve(&loan, ikon, Some(&fetcher)).await;
    assert_eq!(alone.url, a.url);
    assert!(
        alone.fetched.is_some(),
        "a fresh resolver fetched the article itself"
    );
}

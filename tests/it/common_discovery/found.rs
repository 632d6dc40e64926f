//! Outlets that sources.toml knows only by name, domain, language and home page, each
//! listing its old articles in one place a new user's run must discover — a sitemap index
//! named only in robots.txt, WordPress's REST API or day archive, an OpenSearch site search
//! — and one with nothing to discover. Every outlet has a decoy article of the cited day.
//! All text is written for these tests.

use std::sync::Arc;

use citecheck::sources::Sources;

use super::{Asked, Handler, Reply, Site};

/// An article page with its headline, date and paragraphs.
pub fn article(title: &str, date: &str, paragraphs: &[&str]) -> Reply {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    Reply::html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"{date}T09:00:00+08:00\"></head>\
         <body><header><a href=\"/\">Home</a></header><main><article><h1>{title}</h1>\
         <time datetime=\"{date}\">{date}</time>{body}</article></main>\
         <footer>All rights reserved.</footer></body></html>"
    ))
}

/// A sitemap `urlset` of `(path, date)` pages.
fn urlset(pages: &[(&str, &str)]) -> Reply {
    let urls: String = pages
        .iter()
        .map(|(path, date)| {
            format!("<url><loc>{{base}}{path}</loc><lastmod>{date}</lastmod></url>")
        })
        .collect();
    Reply::xml(format!(
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>"
    ))
}

/// A plain home page: a headline or two of today, no feeds, no search, no WordPress.
fn plain_home(name: &str) -> Reply {
    Reply::html(format!(
        "<!doctype html><html><head><title>{name}</title></head><body><h1>{name}</h1>\
         <a href=\"/today/weather\">Cold weather expected across the country this week</a>\
         </body></html>"
    ))
}

/// sources.toml for one outlet known only by name, domain, language and home page (its
/// key is the first label of the site's host).
pub fn sources_for(name: &str, site: &Site, language: &str) -> Sources {
    let key = site.host.split('.').next().unwrap_or("outlet");
    let text = format!(
        "[defaults]\nrate = \"1000/s\"\ntimeout = \"3s\"\n\n[outlets.{key}]\nname = \"{name}\"\n\
         domains = [\"{}\"]\nlanguage = \"{language}\"\nhome = \"{}/\"\n",
        site.host,
        site.base()
    );
    Sources::parse(&text, std::path::Path::new("found.toml")).expect("fixture sources")
}

/// Steppe Courier: a sitemap index named only in robots.txt, with monthly children (dates
/// in their names, no lastmod) and one child dated by lastmod only.
pub mod courier {
    use super::*;

    pub const RIGHT: &str = "/news/2023/power-line-to-kazakhstan";
    pub const DECOY: &str = "/news/2023/wool-prices-expected-to-fall";
    pub const NEAR_DECOY: &str = "/news/2023/road-to-the-kazakh-border";
    pub const INDEX: &str = "/maps/courier-index.xml";
    pub const SEPTEMBER: &str = "/maps/articles-2023-09.xml";
    pub const AUGUST: &str = "/maps/articles-2023-08.xml";
    pub const OCTOBER: &str = "/maps/articles-2023-10.xml";
    pub const TAGS: &str = "/maps/tags.xml";
    pub const CLAIM: &str = "Mongolia and Kazakhstan agreed to build a 420-kilometre power \
                             line between Khovd and Ust-Kamenogorsk.";

    pub async fn start() -> Site {
        let index = format!(
            "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
             <sitemap><loc>{{base}}{AUGUST}</loc></sitemap>\
             <sitemap><loc>{{base}}{SEPTEMBER}</loc></sitemap>\
             <sitemap><loc>{{base}}{OCTOBER}</loc></sitemap>\
             <sitemap><loc>{{base}}{TAGS}</loc><lastmod>2026-11-30</lastmod></sitemap>\
             </sitemapindex>"
        );
        Site::start(
            "courier.test",
            vec![
                ("/".into(), plain_home("Steppe Courier")),
                (
                    "/robots.txt".into(),
                    Reply::new(
                        200,
                        "text/plain",
                        format!("User-agent: *\nDisallow: /private/\nSitemap: {{base}}{INDEX}\n"),
                    ),
                ),
                (INDEX.into(), Reply::xml(index)),
                (
                    AUGUST.into(),
                    urlset(&[("/news/2023/august-rains", "2023-08-20")]),
                ),
                (
                    SEPTEMBER.into(),
                    urlset(&[
                        ("/news/2023/early-september-story", "2023-09-02"),
                        (DECOY, "2023-09-14"),
                        (RIGHT, "2023-09-14"),
                        (NEAR_DECOY, "2023-09-14"),
                        ("/news/2023/late-september-story", "2023-09-28"),
                    ]),
                ),
                (
                    OCTOBER.into(),
                    urlset(&[("/news/2023/october-story", "2023-10-03")]),
                ),
                (TAGS.into(), urlset(&[("/tags/energy", "2026-11-30")])),
                (
                    RIGHT.into(),
                    article(
                        "Power line to link western Mongolia with Kazakhstan",
                        "2023-09-14",
                        &[
                            "Mongolia and Kazakhstan agreed on Thursday to build a 420-kilometre \
                             power line between Khovd and Ust-Kamenogorsk, energy officials of \
                             both countries said.",
                            "The first section is due to carry electricity in 2026.",
                        ],
                    ),
                ),
                (
                    DECOY.into(),
                    article(
                        "Wool exporters expect lower prices",
                        "2023-09-14",
                        &[
                            "Mongolia's wool exporters expect prices to fall by 6 percent this \
                           autumn, the chamber of commerce said.",
                        ],
                    ),
                ),
                (
                    NEAR_DECOY.into(),
                    article(
                        "Kazakhstan opens a road to the border",
                        "2023-09-14",
                        &[
                            "Kazakhstan opened a 55-kilometre road to the Mongolian border near \
                           Tsagaannuur on Thursday.",
                        ],
                    ),
                ),
            ],
            Vec::new(),
        )
        .await
    }
}

/// Gobi Daily: a WordPress site whose feed holds only today's items; its old posts are
/// reached through the REST API, or — with `rest` off — the day archive.
pub mod gobi {
    use super::*;

    pub const RIGHT: &str = "/2023/09/27/copper-smelter-approved-for-sainshand/";
    pub const DECOY: &str = "/2023/09/27/cashmere-festival-opens/";
    pub const CLAIM: &str = "The cabinet approved a $300 million copper smelter in Sainshand \
                             that will process 1.2 million tonnes of concentrate a year.";

    fn feed() -> Reply {
        let today = chrono::Utc::now().format("%a, %d %b %Y 08:00:00 +0000");
        Reply::new(
            200,
            "application/rss+xml",
            format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Gobi Daily</title>\
                 <item><title>Snow closes roads in the south</title><link>{{base}}/today/snow/</link>\
                 <pubDate>{today}</pubDate></item>\
                 <item><title>Copper price rises on the exchange</title><link>{{base}}/today/copper/</link>\
                 <pubDate>{today}</pubDate></item></channel></rss>"
            ),
        )
    }

    /// The REST API's posts of a window: the site's two posts of 2023-09-27 when the
    /// window holds that day (links relative: a handler does not know the site's port).
    /// A `busy` site has 100 earlier posts first, so those two are on page 2.
    fn posts(asked: &Asked, busy: bool) -> Reply {
        let after = asked.param("after").unwrap_or_default();
        let before = asked.param("before").unwrap_or_default();
        let holds = after.as_str() <= "2023-09-27T00:00:00" && before.as_str() > "2023-09-27";
        let page: u32 = asked
            .param("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        let body = if holds && busy && page == 1 {
            let filler: Vec<String> = (0..100)
                .map(|i| {
                    format!(
                        "{{\"link\":\"/2023/09/25/brief-{i}/\",\"date\":\"2023-09-25T06:00:00\",\
                         \"title\":{{\"rendered\":\"Brief {i}\"}}}}"
                    )
                })
                .collect();
            format!("[{}]", filler.join(","))
        } else if holds && page == usize::from(busy) as u32 + 1 {
            format!(
                "[{{\"link\":\"{DECOY}\",\"date\":\"2023-09-27T08:10:00\",\
                 \"title\":{{\"rendered\":\"Cashmere festival opens in Dalanzadgad\"}},\
                 \"excerpt\":{{\"rendered\":\"<p>Herders show their goats.</p>\"}}}},\
                 {{\"link\":\"{RIGHT}\",\"date\":\"2023-09-27T11:40:00\",\
                 \"title\":{{\"rendered\":\"Copper smelter approved for Sainshand\"}},\
                 \"excerpt\":{{\"rendered\":\"<p>The cabinet backed the plant.</p>\"}}}}]"
            )
        } else {
            "[]".to_string()
        };
        Reply::new(200, "application/json", body)
    }

    /// Starts the site; `rest` false answers the REST API with 404 (switched off).
    pub async fn start(rest: bool) -> Site {
        start_with(rest, false).await
    }

    /// Starts the site; `busy`: 100 posts on 2023-09-25 come before the cited day's.
    pub async fn start_with(rest: bool, busy: bool) -> Site {
        let home = "<!doctype html><html><head><title>Gobi Daily</title>\
            <meta name=\"generator\" content=\"WordPress 6.4.2\">\
            <link rel=\"alternate\" type=\"application/rss+xml\" title=\"Gobi Daily\" href=\"{base}/feed/\">\
            <link rel=\"alternate\" type=\"application/rss+xml\" title=\"Comments\" href=\"{base}/comments/feed/\">\
            <link rel=\"stylesheet\" href=\"{base}/wp-content/themes/gobi/style.css\">\
            </head><body><h1>Gobi Daily</h1></body></html>";
        let day = format!(
            "<!doctype html><html><head><title>27 September 2023 | Gobi Daily</title></head><body>\
             <h1>Day: 27 September 2023</h1>\
             <article><h2><a href=\"{{base}}{DECOY}\">Cashmere festival opens in Dalanzadgad</a></h2></article>\
             <article><h2><a href=\"{{base}}{RIGHT}\">Copper smelter approved for Sainshand</a></h2></article>\
             <aside><a href=\"{{base}}/today/snow/\">Snow closes roads in the south</a></aside>\
             </body></html>"
        );
        let mut handlers: Vec<(String, Handler)> = Vec::new();
        if rest {
            let posts = move |asked: &Asked| posts(asked, busy);
            handlers.push(("/wp-json/wp/v2/posts".into(), Arc::new(posts)));
        } else {
            handlers.push((
                "/wp-json/".into(),
                Arc::new(|_: &Asked| {
                    Reply::new(404, "application/json", "{\"code\":\"rest_no_route\"}")
                }),
            ));
        }
        Site::start(
            "gobi.test",
            vec![
                ("/".into(), Reply::html(home)),
                ("/feed/".into(), feed()),
                ("/2023/09/27/".into(), Reply::html(day)),
                (
                    RIGHT.into(),
                    article(
                        "Copper smelter approved for Sainshand",
                        "2023-09-27",
                        &[
                            "The cabinet on Wednesday approved a $300 million copper smelter in \
                             Sainshand.",
                            "The plant will process 1.2 million tonnes of concentrate a year from \
                             2027.",
                        ],
                    ),
                ),
                (
                    DECOY.into(),
                    article(
                        "Cashmere festival opens in Dalanzadgad",
                        "2023-09-27",
                        &["Herders from five provinces brought 300 goats to the cashmere festival \
                           in Dalanzadgad."],
                    ),
                ),
            ],
            handlers,
        )
        .await
    }
}

/// Tuv Medee: a Mongolian site reachable only through its OpenSearch description; its
/// search answers only queries in Mongolian.
pub mod tuv {
    use super::*;

    pub const RIGHT: &str = "/medee/80412";
    pub const DECOY: &str = "/medee/80409";
    pub const CLAIM: &str = "China agreed to lend Mongolia 18 billion yuan for the railway \
                             to the Gashuunsukhait border crossing.";

    fn search(asked: &Asked) -> Reply {
        let query = asked.param("q").unwrap_or_default().to_lowercase();
        let links = if query.contains("хятад") || query.contains("18") {
            format!(
                "<li><a href=\"{DECOY}\">Ноолуурын экспорт есдүгээр сард өслөө</a></li>\
                 <li><a href=\"{RIGHT}\">Хятад Улс төмөр замд 18 тэрбум юанийн зээл олгоно</a></li>"
            )
        } else {
            String::new()
        };
        Reply::html(format!(
            "<!doctype html><html><head><title>Хайлт</title></head><body><ul>{links}</ul></body></html>"
        ))
    }

    pub async fn start() -> Site {
        let home = "<!doctype html><html><head><title>Төв Мэдээ</title>\
            <link rel=\"search\" type=\"application/opensearchdescription+xml\" title=\"Хайлт\" href=\"/opensearch.xml\">\
            </head><body><h1>Төв Мэдээ</h1></body></html>";
        let description = "<?xml version=\"1.0\"?>\
            <OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\
            <ShortName>Төв Мэдээ</ShortName>\
            <Url type=\"text/html\" template=\"{base}/haih?q={searchTerms}&amp;huudas={startPage?}\"/>\
            </OpenSearchDescription>";
        Site::start(
            "tuv.test",
            vec![
                ("/".into(), Reply::html(home)),
                (
                    "/opensearch.xml".into(),
                    Reply::new(200, "application/opensearchdescription+xml", description),
                ),
                (
                    RIGHT.into(),
                    article(
                        "Хятад Улс төмөр замд 18 тэрбум юанийн зээл олгоно",
                        "2023-09-27",
                        &[
                            "Хятад Улс Гашуунсухайт боомт хүртэлх төмөр замын төсөлд Монгол Улсад \
                           18 тэрбум юанийн зээл олгохоор тохиролцлоо.",
                        ],
                    ),
                ),
                (
                    DECOY.into(),
                    article(
                        "Ноолуурын экспорт есдүгээр сард өслөө",
                        "2023-09-27",
                        &["Монгол Улсын ноолуурын экспорт есдүгээр сард 7 хувиар өслөө."],
                    ),
                ),
            ],
            vec![("/haih".into(), Arc::new(search) as Handler)],
        )
        .await
    }
}

/// Quiet Post: a home page and an empty robots.txt; nothing else.
pub mod quiet {
    use super::*;

    pub async fn start() -> Site {
        Site::start(
            "quiet.test",
            vec![
                ("/".into(), plain_home("Quiet Post")),
                (
                    "/robots.txt".into(),
                    Reply::new(200, "text/plain", "User-agent: *\nDisallow:\n"),
                ),
            ],
            Vec::new(),
        )
        .await
    }
}

/// Altai Review: no Sitemap line in robots.txt, only a gzip-packed `/sitemap.xml.gz`
/// (served as a file, not content-encoded) found by convention.
pub mod packed {
    use super::*;
    use std::io::Write;

    pub const RIGHT: &str = "/articles/railway-gauge-decision";
    pub const DECOY: &str = "/articles/football-league-final";
    pub const CLAIM: &str = "The government decided that the new 240-kilometre railway from \
                             Zuunbayan to Khangi will use the 1,435 mm standard gauge.";

    fn packed_sitemap(_: &Asked) -> Reply {
        let xml = format!(
            "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
             <url><loc>{DECOY}</loc><lastmod>2023-09-11</lastmod></url>\
             <url><loc>{RIGHT}</loc><lastmod>2023-09-11</lastmod></url></urlset>"
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let bytes = gz
            .write_all(xml.as_bytes())
            .and_then(|()| gz.finish())
            .unwrap_or_default();
        Reply::new(200, "application/gzip", bytes)
    }

    pub async fn start() -> Site {
        Site::start(
            "altai.test",
            vec![
                ("/".into(), plain_home("Altai Review")),
                (
                    "/robots.txt".into(),
                    Reply::new(200, "text/plain", "User-agent: *\nDisallow: /admin/\n"),
                ),
                (
                    RIGHT.into(),
                    article(
                        "Standard gauge chosen for the Zuunbayan–Khangi railway",
                        "2023-09-11",
                        &[
                            "The government decided on Monday that the 240-kilometre railway \
                           from Zuunbayan to Khangi will be built to the 1,435 mm standard \
                           gauge used in China.",
                        ],
                    ),
                ),
                (
                    DECOY.into(),
                    article(
                        "Erchim wins the football league final",
                        "2023-09-11",
                        &["Erchim beat Khangarid 3–1 in the league final in Ulaanbaatar."],
                    ),
                ),
            ],
            vec![(
                "/sitemap.xml.gz".into(),
                Arc::new(packed_sitemap) as Handler,
            )],
        )
        .await
    }
}

//! Five invented outlets on loopback, in the style of the seed article's sources: Ikon
//! (Mongolian; RSS feed and a date archive), The Diplomat (English; RSS), the South China
//! Morning Post (English; a sitemap index of monthly archives, a news sitemap and decoys),
//! Montsame (English; site search only) and the Ministry of Foreign Affairs (fixed pages).
//! Every outlet has a decoy article on the cited day. One Ikon article is dead (404) and
//! survives only in a loopback Wayback archive (`web.archive.org`). All text is written for
//! these tests.

use std::path::{Path, PathBuf};

use citecheck::sources::Sources;

use super::archives::{wayback_with, Capture};
use super::{Reply, Site, Urls};

fn file(outlet: &str, name: &str) -> Vec<u8> {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/common_discovery/sites")
        .join(outlet)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

fn html(outlet: &str, path: &str, name: &str) -> (String, Reply) {
    (path.to_string(), Reply::html(file(outlet, name)))
}

fn xml(outlet: &str, path: &str, name: &str) -> (String, Reply) {
    (path.to_string(), Reply::xml(file(outlet, name)))
}

/// The running outlets.
pub struct Outlets {
    pub ikon: Site,
    pub diplomat: Site,
    pub scmp: Site,
    pub montsame: Site,
    pub mfa: Site,
    pub wayback: Site,
}

/// Article paths, for assertions.
pub const IKON_LOAN: &str = "/n/3a1f";
pub const IKON_PORT_DECOY: &str = "/n/3a2b";
pub const IKON_OLD_TALKS: &str = "/n/2f9e";
pub const DIPLOMAT_FORUM: &str = "/2023/10/mongolia-keeps-its-balance/";
pub const DIPLOMAT_DECOY: &str = "/2023/10/mongolias-cashmere-exports-slow/";
pub const SCMP_PIPELINE: &str =
    "/news/china/article/3235001/study-cross-border-gas-link-through-mongolia-take-18-months";
pub const SCMP_COAL_DECOY: &str =
    "/economy/article/3235002/mongolian-coal-shipments-china-hit-monthly-record";
pub const SCMP_DZUD: &str =
    "/news/asia/article/3241100/mongolian-herders-brace-another-harsh-winter";
pub const MONTSAME_MUTTON: &str = "/en/read/331201";
pub const MONTSAME_DECOY: &str = "/en/read/331188";
pub const MFA_RELATIONS: &str = "/en/foreign-relations";
/// Dead on the live site (404); archived on 2023-09-28.
pub const IKON_DEAD_COAL: &str = "/n/3a5d";
/// When the dead article was archived.
pub const IKON_DEAD_CAPTURED: &str = "20230928031500";

impl Outlets {
    /// Starts all five (and the archive), their URLs with ports.
    pub async fn start() -> Outlets {
        Outlets::start_with(Urls::WithPort).await
    }

    /// Starts all five (and the archive) with their URLs written as asked. With
    /// [`Urls::Portless`] every URL, sources.toml included, is the same on every run
    /// (`http://ikon.mn/rss`), so a capture of a run against them can be kept and replayed
    /// anywhere; it needs a crawler whose `--resolve` overrides keep their port.
    pub async fn start_with(urls: Urls) -> Outlets {
        let ikon = Site::start_with(
            "ikon.mn",
            urls,
            vec![
                xml("ikon", "/rss", "rss.xml"),
                html("ikon", "/archive/2023/09/27", "archive-2023-09-27.html"),
                html("ikon", IKON_LOAN, "n-3a1f.html"),
                html("ikon", IKON_PORT_DECOY, "n-3a2b.html"),
                html("ikon", "/n/3a0c", "n-3a0c.html"),
                html("ikon", IKON_OLD_TALKS, "n-2f9e.html"),
                html("ikon", "/n/4b10", "n-4b10.html"),
            ],
            Vec::new(),
        )
        .await;
        let diplomat = Site::start_with(
            "thediplomat.com",
            urls,
            vec![
                xml("diplomat", "/feed/", "feed.xml"),
                html("diplomat", DIPLOMAT_FORUM, "trilateral.html"),
                html("diplomat", DIPLOMAT_DECOY, "cashmere.html"),
                html(
                    "diplomat",
                    "/2023/10/kazakhstans-local-elections/",
                    "kazakhstan.html",
                ),
            ],
            Vec::new(),
        )
        .await;
        let scmp =
            Site::start_with(
                "www.scmp.com",
                urls,
                vec![
                xml("scmp", "/sitemap_index.xml", "sitemap_index.xml"),
                xml("scmp", "/sitemap/archives/articles/2023_may.xml", "2023_may.xml"),
                xml("scmp", "/sitemap/archives/articles/2023_sep.xml", "2023_sep.xml"),
                xml("scmp", "/sitemap/archives/articles/2023_oct.xml", "2023_oct.xml"),
                xml("scmp", "/sitemap_news.xml", "sitemap_news.xml"),
                xml("scmp", "/sitemap_topics.xml", "sitemap_topics.xml"),
                html("scmp", SCMP_PIPELINE, "pipeline.html"),
                html("scmp", SCMP_COAL_DECOY, "coal.html"),
                html("scmp", SCMP_DZUD, "dzud.html"),
                html(
                    "scmp",
                    "/news/hong-kong/article/3241105/hong-kong-ferry-services-resume-after-typhoon",
                    "hongkong.html",
                ),
            ],
                Vec::new(),
            )
            .await;
        let montsame = Site::start_with(
            "montsame.mn",
            urls,
            vec![
                html("montsame", "/en/search", "search.html"),
                html("montsame", MONTSAME_MUTTON, "read-331201.html"),
                html("montsame", MONTSAME_DECOY, "read-331188.html"),
            ],
            Vec::new(),
        )
        .await;
        let mfa = Site::start_with(
            "mfa.gov.mn",
            urls,
            vec![
                html("mfa", MFA_RELATIONS, "foreign-relations.html"),
                html("mfa", "/en/contacts", "contacts.html"),
            ],
            Vec::new(),
        )
        .await;
        let archived = String::from_utf8_lossy(&file("ikon", "n-3a5d-archived.html")).into_owned();
        let wayback = wayback_with(
            "web.archive.org",
            urls,
            vec![Capture {
                timestamp: IKON_DEAD_CAPTURED,
                original: format!("{}{IKON_DEAD_COAL}", ikon.base()),
                status: 200,
                html: archived,
                broken: None,
            }],
        )
        .await;
        Outlets {
            ikon,
            diplomat,
            scmp,
            montsame,
            mfa,
            wayback,
        }
    }

    /// All sites, for the crawler's host overrides.
    pub fn sites(&self) -> Vec<&Site> {
        vec![
            &self.ikon,
            &self.diplomat,
            &self.scmp,
            &self.montsame,
            &self.mfa,
            &self.wayback,
        ]
    }

    /// sources.toml for these outlets.
    pub fn sources_toml(&self) -> String {
        let ikon = self.ikon.base();
        let diplomat = self.diplomat.base();
        let scmp = self.scmp.base();
        let montsame = self.montsame.base();
        let mfa = self.mfa.base();
        let wayback = self.wayback.base();
        format!(
            r#"
[defaults]
rate = "100/s"
timeout = "3s"

[outlets.ikon]
name = "Ikon"
aliases = ["Ikon.mn"]
domains = ["ikon.mn"]
language = "mn"
feeds = ["{ikon}/rss"]
archive = "{ikon}/archive/{{yyyy}}/{{mm}}/{{dd}}"

[outlets.diplomat]
name = "The Diplomat"
domains = ["thediplomat.com"]
language = "en"
feeds = ["{diplomat}/feed/"]

[outlets.scmp]
name = "South China Morning Post"
aliases = ["SCMP"]
domains = ["scmp.com"]
language = "en"
sitemaps = ["{scmp}/sitemap_index.xml"]

[outlets.montsame]
name = "Montsame"
domains = ["montsame.mn"]
language = "en"
search = "{montsame}/en/search?q={{query}}"

[outlets.mfa]
name = "Ministry of Foreign Affairs of Mongolia"
domains = ["mfa.gov.mn"]
language = "en"
pages = ["{mfa}{MFA_RELATIONS}", "{mfa}/en/contacts"]

[archives]
wayback_cdx = "{wayback}/cdx/search/cdx"
"#
        )
    }

    /// The parsed sources.
    pub fn sources(&self) -> Sources {
        Sources::parse(&self.sources_toml(), Path::new("fixtures.toml")).expect("fixture sources")
    }
}

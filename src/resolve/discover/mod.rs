//! Finding an outlet's lists from its home page alone, when sources.toml names none (or
//! the ones it names cannot reach back to the cited day).
//!
//! A person looking for an old article of a site they do not know checks the same few
//! places, and so does citecheck, in the order of what they cost:
//!
//! 1. the home page (`home` in sources.toml, else `https://<first domain>/`): the feeds it
//!    links (`<link rel="alternate">`), its OpenSearch descriptions (`<link rel="search">`),
//!    and whether it runs WordPress ([`home`]);
//! 2. robots.txt's `Sitemap:` lines (the crawler reads robots.txt anyway: no extra request);
//! 3. only when robots.txt names none, the sitemap conventions — `/sitemap_index.xml`,
//!    `/sitemap.xml`, `/wp-sitemap.xml` (first on WordPress), `/sitemap-news.xml`, then
//!    their `.gz` forms — one at a time, up to the first that is a sitemap;
//! 4. the OpenSearch descriptions, for the site search's URL template ([`opensearch`]).
//!
//! The result, [`Discovered`], is found once per outlet in a run (the first citation that
//! needs it pays the requests, from its own budget; the others wait for it) and kept in
//! the disk cache for a week, keyed by the home page's URL. What was tried and gave
//! nothing is kept too, so an unresolved citation can say where citecheck looked. Nothing
//! here is keyed to a site: these are the conventions of the web's publishing tools.

pub(crate) mod home;
pub(crate) mod opensearch;
pub(crate) mod query;
pub(crate) mod stages;
pub(crate) mod wordpress;

use serde::{Deserialize, Serialize};

use crate::model::LinkStatus;

use super::gather::Lists;
use super::sitemap;
use opensearch::SearchForm;

/// A list found for an outlet, and where it was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Found {
    /// The list's URL.
    pub(crate) url: String,
    /// Where it was found, in words ("robots.txt", "the home page").
    pub(crate) from: String,
}

/// A site search found through an OpenSearch description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FoundSearch {
    /// The form.
    pub(crate) form: SearchForm,
    /// The description's URL.
    pub(crate) from: String,
}

/// What discovery found for an outlet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Discovered {
    /// The home page it started from (the key it is kept under).
    pub(crate) home: String,
    /// Where the home page was read, after redirects (`https://www.…/`): the origin whose
    /// robots.txt and conventional paths are asked.
    #[serde(default)]
    pub(crate) site: String,
    /// Sitemaps or sitemap indexes: robots.txt's, else the first convention that answered.
    pub(crate) sitemaps: Vec<Found>,
    /// Feeds the home page links.
    pub(crate) feeds: Vec<Found>,
    /// Site searches its OpenSearch descriptions offer.
    pub(crate) search: Vec<FoundSearch>,
    /// The WordPress REST API root, when the site runs WordPress.
    pub(crate) wordpress: Option<String>,
    /// What was tried and gave nothing, in words for the report.
    pub(crate) tried: Vec<String>,
    /// True when the home page was read (only then is the result kept across runs).
    pub(crate) home_read: bool,
    /// False when the request budget ran out before discovery finished.
    #[serde(skip)]
    pub(crate) complete: bool,
}

impl Discovered {
    /// True when nothing to list articles with was found.
    pub(crate) fn is_empty(&self) -> bool {
        self.sitemaps.is_empty()
            && self.feeds.is_empty()
            && self.search.is_empty()
            && self.wordpress.is_none()
    }

    /// What was found, in one line for the log.
    pub(crate) fn summary(&self) -> String {
        let urls = |found: &[Found]| {
            found
                .iter()
                .map(|f| format!("{} ({})", f.url, f.from))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !self.feeds.is_empty() {
            parts.push(format!("feeds {}", urls(&self.feeds)));
        }
        if let Some(rest) = &self.wordpress {
            parts.push(format!("WordPress (REST API {rest})"));
        }
        if !self.sitemaps.is_empty() {
            parts.push(format!("sitemaps {}", urls(&self.sitemaps)));
        }
        for s in &self.search {
            parts.push(format!("site search {} ({})", s.form.template, s.from));
        }
        if parts.is_empty() {
            parts.push("nothing".into());
        }
        parts.join("; ")
    }
}

/// Sitemap paths by convention, tried in this order when robots.txt names none.
const SITEMAP_PATHS: &[&str] = &[
    "/sitemap_index.xml",
    "/sitemap.xml",
    "/wp-sitemap.xml",
    "/sitemap-news.xml",
    "/sitemap_index.xml.gz",
    "/sitemap.xml.gz",
    "/wp-sitemap.xml.gz",
    "/sitemap-news.xml.gz",
];

/// Sitemap lines taken from robots.txt at most.
const MAX_ROBOTS_SITEMAPS: usize = 10;

/// OpenSearch descriptions read at most.
const MAX_DESCRIPTIONS: usize = 2;

/// True for a failure that says the host cannot be reached at all (or the budget is
/// gone): probing it further would only repeat the failure.
fn hopeless(status: LinkStatus) -> bool {
    matches!(
        status,
        LinkStatus::DnsError
            | LinkStatus::NetworkError
            | LinkStatus::Timeout
            | LinkStatus::TlsError
            | LinkStatus::InvalidUrl
            | LinkStatus::Unchecked
    )
}

/// Finds the lists of the outlet whose home page is `home`, with `lists`'s fetcher and
/// budget. Never fails: what could not be read is in [`Discovered::tried`].
pub(crate) async fn discover(lists: &mut Lists<'_>, home: &str) -> Discovered {
    let mut found = Discovered {
        home: home.to_string(),
        site: home.to_string(),
        complete: true,
        ..Discovered::default()
    };
    let page = match lists.fetch(home).await {
        Ok(page) => {
            found.home_read = true;
            found.site.clone_from(&page.url);
            Some(home::read(&page.text, &page.url))
        }
        Err((status, why)) => {
            found.tried.push(format!("the home page {why}"));
            if hopeless(status) {
                found.complete = status != LinkStatus::Unchecked;
                return found;
            }
            None
        }
    };
    let page = page.unwrap_or_default();
    robots_sitemaps(lists, &mut found).await;
    if found.sitemaps.is_empty() {
        conventional_sitemaps(lists, &mut found, page.wordpress).await;
    }
    found.feeds = page
        .feeds
        .iter()
        .map(|url| Found {
            url: url.clone(),
            from: "the home page".into(),
        })
        .collect();
    if found.home_read && found.feeds.is_empty() {
        found
            .tried
            .push(format!("the home page {home} (links no feed)"));
    }
    if page.wordpress {
        found.wordpress = page
            .rest_root
            .clone()
            .or_else(|| wordpress::default_rest_root(&found.site));
    }
    for description in page.opensearch.iter().take(MAX_DESCRIPTIONS) {
        match lists.fetch(description).await {
            Ok(osd) => {
                let language = lists.outlet.language.as_deref();
                let forms = opensearch::parse(&osd.text, &osd.url, language);
                if forms.is_empty() {
                    found
                        .tried
                        .push(format!("{description} (no usable search template)"));
                }
                found
                    .search
                    .extend(forms.into_iter().map(|form| FoundSearch {
                        form,
                        from: description.clone(),
                    }));
            }
            Err((status, why)) => {
                found.tried.push(why);
                found.complete &= status != LinkStatus::Unchecked;
            }
        }
    }
    found
}

/// robots.txt's `Sitemap:` lines.
async fn robots_sitemaps(lists: &mut Lists<'_>, found: &mut Discovered) {
    match lists.robots_sitemaps(&found.site).await {
        Ok(lines) if !lines.is_empty() => {
            for url in lines.into_iter().take(MAX_ROBOTS_SITEMAPS) {
                if !found.sitemaps.iter().any(|f| f.url == url) {
                    found.sitemaps.push(Found {
                        url,
                        from: "robots.txt".into(),
                    });
                }
            }
        }
        Ok(_) => found.tried.push("robots.txt (no Sitemap lines)".into()),
        Err(why) => found.tried.push(format!("robots.txt ({why})")),
    }
}

/// The first sitemap found at a conventional path.
async fn conventional_sitemaps(lists: &mut Lists<'_>, found: &mut Discovered, wordpress: bool) {
    let Ok(origin) = url::Url::parse(&found.site) else {
        return;
    };
    let mut paths: Vec<&str> = SITEMAP_PATHS.to_vec();
    if wordpress {
        paths.sort_by_key(|p| !p.starts_with("/wp-"));
    }
    for path in paths {
        let Ok(url) = origin.join(path) else { continue };
        let url = url.to_string();
        match lists.fetch(&url).await {
            Ok(page) if sitemap::parse(&page.text, &page.url).is_ok() => {
                found.sitemaps.push(Found {
                    url,
                    from: format!("the {path} convention"),
                });
                return;
            }
            Ok(_) => found.tried.push(format!("{url} (not a sitemap)")),
            Err((status, why)) => {
                found.tried.push(why);
                if hopeless(status) {
                    found.complete &= status != LinkStatus::Unchecked;
                    return;
                }
            }
        }
    }
}

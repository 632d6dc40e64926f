//! When the outlet's own site cannot help: what the archives and a search engine list.
//!
//! Many outlets have redesigned since their articles were cited: the old URLs are gone and
//! nothing on the live site lists them; others answer crawlers with a bot wall; some are
//! cited without any known domain. A person then asks the Internet Archive what the outlet
//! published around that day, or Common Crawl, or a search engine. These stages do the
//! same, after the outlet's own lists and in that order (cheapest and most precise first):
//!
//! * [`wayback`]: the Wayback CDX listing of the outlet's domain from the day before the
//!   cited date to three weeks after (capture time is not publication time: the page's own
//!   date decides), status-200 HTML captures, one per URL, paged within bounds;
//! * [`commoncrawl`]: the crawls whose dates cover the citation, their index of the
//!   domain, and the WARC record of a candidate read by byte range;
//! * [`searxng`]: a SearXNG instance the user runs — the only way to an outlet with no
//!   domain, and a last resort for the rest (`site:` queries in the outlet's language).
//!
//! Their pages are candidates like any other: ranked, read within `max_candidates`, scored
//! against the claim, chosen only by the margin rule. A candidate that an archive offered
//! is read live first; when the live page is dead or blocked, its archived copy is read
//! instead ([`copies`]) and handed to the pipeline, which reports the original URL, the
//! live outcome as the link and the copy as the archive. Every archive request goes through
//! the run's [`ArchiveGate`] (the archives' own rates, a pause after a 429).

pub(crate) mod commoncrawl;
mod copies;
pub(crate) mod lists;
pub(crate) mod searxng;
pub(crate) mod wayback;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::archive::polite::ArchiveGate;
use crate::model::Citation;
use crate::sources::{Archives, Outlet};

use super::gather::Lists;
use super::listing::Listed;
use super::plan::Step;
use super::Limits;

pub(crate) use copies::{read_candidate, Reader};

/// Days before the cited date that an archive listing starts.
pub(crate) const DAYS_BEFORE: i64 = 1;
/// Days after the cited date that an archive listing runs to (an article is often first
/// captured days after it appeared).
pub(crate) const DAYS_AFTER: i64 = 21;

/// The archive services of a run and their shared politeness.
#[derive(Debug, Clone, Default)]
pub(crate) struct Services {
    /// `[archives]` and `[search]` of sources.toml.
    pub(crate) config: Archives,
    /// Rates and pauses per archive host, shared by the run.
    pub(crate) gate: ArchiveGate,
    /// Common Crawl's crawl list, read once per run.
    pub(crate) crawl_list: tokio::sync::OnceCell<Option<String>>,
}

impl Services {
    /// The services of `archives`.
    pub(crate) fn new(archives: &Archives) -> Services {
        Services {
            config: archives.clone(),
            gate: ArchiveGate::new(archives),
            crawl_list: tokio::sync::OnceCell::new(),
        }
    }
}

/// Where an archive keeps a copy of a candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum ArchiveCopy {
    /// A Wayback capture: its raw (`id_`) replay URL.
    Replay {
        /// The replay URL.
        url: String,
        /// When it was captured.
        captured: DateTime<Utc>,
    },
    /// A Common Crawl WARC record, read by byte range.
    Warc {
        /// The WARC file's URL.
        url: String,
        /// The record's first byte.
        offset: u64,
        /// The record's length in bytes.
        length: u64,
        /// When it was captured.
        captured: DateTime<Utc>,
    },
}

/// The archive stages for a citation, in order, after the outlet's own.
pub(crate) fn steps(citation: &Citation, outlet: &Outlet, archives: &Archives) -> Vec<Step> {
    let mut steps = Vec::new();
    let dated = citation.date.is_some() && !citation.accessed;
    let domain = !outlet.domains.is_empty();
    if dated && outlet.home_url().is_some() && archives.wayback_cdx.is_some() {
        steps.push(Step::ArchivedLists);
    }
    if dated && domain && archives.wayback_cdx.is_some() {
        steps.push(Step::Wayback);
    }
    if dated && domain && archives.commoncrawl.is_some() && archives.commoncrawl_data.is_some() {
        steps.push(Step::CommonCrawl);
    }
    if archives.searxng.is_some() {
        steps.push(Step::Searxng);
    }
    steps
}

/// The archive stages in words, for the plan.
pub(crate) fn describe(
    citation: &Citation,
    outlet: &Outlet,
    archives: &Archives,
    limits: &Limits,
) -> Vec<String> {
    let window = citation.date.map_or(String::new(), |d| {
        format!(
            "{}..{}",
            d - Duration::days(DAYS_BEFORE),
            d + Duration::days(DAYS_AFTER)
        )
    });
    let domain = outlet.domains.first().cloned().unwrap_or_default();
    steps(citation, outlet, archives)
        .into_iter()
        .map(|step| match step {
            Step::ArchivedLists => format!(
                "archived lists: {} as the Wayback Machine captured them on {} and the next {} \
                 days (raw replays at {}/{}s), their links read live, else from their captures",
                lists::wanted(outlet).join(", "),
                citation.date.map(|d| d.to_string()).unwrap_or_default(),
                lists::DAYS - 1,
                archives.replay_rate.requests,
                archives.replay_rate.per.as_secs()
            ),
            Step::Wayback => format!(
                "Wayback CDX listing of {domain} captured {window} (at most {} queries at \
                 {}/{}s; past windows kept with --cache), each candidate read live, else from \
                 its capture",
                wayback::MAX_PAGES,
                archives.cdx_rate.requests,
                archives.cdx_rate.per.as_secs()
            ),
            Step::CommonCrawl => format!(
                "Common Crawl: the crawl list, then the index of {domain} in at most {} crawls \
                 covering {window} (one query at a time), each candidate read live, else its \
                 WARC record by byte range",
                commoncrawl::MAX_CRAWLS
            ),
            _ => format!(
                "SearXNG search for {:?} (at most {} results)",
                searxng::query(citation, outlet, limits),
                searxng::MAX_RESULTS
            ),
        })
        .collect()
}

/// The candidates one archive stage lists.
pub(crate) async fn list(
    step: Step,
    lists: &mut Lists<'_>,
    citation: &Citation,
    services: &Services,
) -> Vec<Listed> {
    match step {
        Step::ArchivedLists => self::lists::list(lists, citation, services).await,
        Step::Wayback => wayback::list(lists, citation, services).await,
        Step::CommonCrawl => commoncrawl::list(lists, citation, services).await,
        Step::Searxng => searxng::list(lists, citation, &services.config).await,
        _ => Vec::new(),
    }
}

/// The day a URL's path carries (`/2023/09/27/`, `/2023-09-27-…`, `/20230927/`), if any:
/// a publication date the listing can filter on before any page is read.
pub(crate) fn date_in_url(url: &str) -> Option<NaiveDate> {
    let path = url::Url::parse(url).ok()?.path().to_string();
    let digits: Vec<&str> = path
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    for (i, part) in digits.iter().enumerate() {
        if part.len() == 8 {
            let (y, rest) = part.split_at(4);
            let (m, d) = rest.split_at(2);
            if let Some(day) = ymd(y, m, d) {
                return Some(day);
            }
        }
        if part.len() == 4 {
            if let (Some(m), Some(d)) = (digits.get(i + 1), digits.get(i + 2)) {
                if m.len() <= 2 && d.len() <= 2 {
                    if let Some(day) = ymd(part, m, d) {
                        return Some(day);
                    }
                }
            }
        }
    }
    None
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let year: i32 = y.parse().ok()?;
    if !(1995..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
}

/// Words of a URL's path, for ranking a candidate before it is read ("/news/power-line-to-
/// kazakhstan" → "news power line to kazakhstan").
pub(crate) fn slug_words(url: &str) -> String {
    let Ok(u) = url::Url::parse(url) else {
        return String::new();
    };
    let path = percent_encoding::percent_decode_str(u.path()).decode_utf8_lossy();
    path.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// True for a URL that cannot be an article: the site root, assets, feeds, robots.txt.
pub(crate) fn not_an_article(url: &str) -> bool {
    let Ok(u) = url::Url::parse(url) else {
        return true;
    };
    let path = u.path().to_ascii_lowercase();
    let trimmed = path.trim_end_matches('/');
    trimmed.is_empty()
        || [
            ".css", ".js", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".ico", ".xml", ".txt",
            ".json", ".pdf", ".zip", ".mp4", ".mp3", ".woff", ".woff2",
        ]
        .iter()
        .any(|ext| trimmed.ends_with(ext))
        || [
            "/feed",
            "/rss",
            "/wp-json",
            "/wp-admin",
            "/wp-content",
            "/login",
        ]
        .iter()
        .any(|p| trimmed.starts_with(p) || trimmed.ends_with(p))
}

/// The host of a URL, lower-case.
pub(crate) fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()?
        .host_str()
        .map(str::to_ascii_lowercase)
}

/// True when `url` is on one of the outlet's domains (subdomains included).
pub(crate) fn on_domains(url: &str, domains: &[String]) -> bool {
    host_of(url).is_some_and(|h| {
        let h = h.trim_start_matches("www.");
        domains
            .iter()
            .any(|d| h == d || h.ends_with(&format!(".{d}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_words_come_from_the_url_path() {
        let d = NaiveDate::from_ymd_opt(2023, 9, 27);
        assert_eq!(date_in_url("https://x.test/2023/09/27/story"), d);
        assert_eq!(date_in_url("https://x.test/news/2023-9-27-story"), d);
        assert_eq!(date_in_url("https://x.test/a/20230927/b"), d);
        assert_eq!(date_in_url("https://x.test/n/2abc"), None);
        assert_eq!(date_in_url("https://x.test/n/12345678"), None);
        assert_eq!(
            slug_words("https://x.test/news/2023/power-line-to-kazakhstan"),
            "news power line to kazakhstan"
        );
        assert!(not_an_article("https://x.test/"));
        assert!(not_an_article("https://x.test/static/app.js"));
        assert!(not_an_article("https://x.test/feed/"));
        assert!(!not_an_article("https://x.test/n/2abc"));
        assert!(on_domains("http://www.x.test:8080/a", &["x.test".into()]));
        assert!(!on_domains("http://notx.test/a", &["x.test".into()]));
    }
}

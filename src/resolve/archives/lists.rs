//! Archived lists: the outlet's home page, feeds and sitemaps as the Wayback Machine
//! captured them on the cited day and the next two.
//!
//! A feed that lists only today's items now listed that day's articles then, with their
//! headlines — which a CDX listing of bare URLs lacks. Each list is asked for in Wayback's
//! raw form at a day (`/web/{yyyymmdd}id_/{list}`), which the archive answers with its
//! capture nearest that day; a capture more than [`NEAR_DAYS`] days away says nothing of
//! that day and is ignored. A list's later days are asked only while the earlier ones gave
//! nothing. Its links become candidates, each with its own capture of about that day (read
//! when the live page is dead or blocked).

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::archive::polite::Ask;
use crate::archive::wayback::replay_prefix;
use crate::fetch::{FetchRequest, Purpose};
use crate::model::{Citation, ResolutionMethod};

use super::super::feed;
use super::super::gather::{failure_of, Lists};
use super::super::listing::{page_links, Listed};
use super::super::sitemap::{self, Sitemap};
use super::{ArchiveCopy, Services};

/// Lists asked for at most (home page first, then feeds, then sitemaps).
pub(crate) const MAX_LISTS: usize = 3;
/// Days asked for per list: the cited day and the next two.
pub(crate) const DAYS: i64 = 3;
/// A capture further than this from the day asked for is not that day's list.
const NEAR_DAYS: i64 = 2;

/// How a list is read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Page,
    Feed,
    Sitemap,
}

/// The lists whose captures are asked for: the home page, then the configured feeds and
/// sitemaps.
pub(crate) fn wanted(outlet: &crate::sources::Outlet) -> Vec<String> {
    outlet
        .home_url()
        .into_iter()
        .chain(outlet.feeds.iter().cloned())
        .chain(outlet.sitemaps.iter().cloned())
        .take(MAX_LISTS)
        .collect()
}

/// The 14-digit capture time in a Wayback replay URL (`…/web/20230927101500id_/…`).
fn capture_day(url: &str) -> Option<NaiveDate> {
    let at = url.find("/web/")? + 5;
    let stamp = url.get(at..at + 14)?;
    NaiveDateTime::parse_from_str(stamp, "%Y%m%d%H%M%S")
        .ok()
        .map(|t| t.date())
}

/// The candidates the archived lists of the cited days offer.
pub(crate) async fn list(
    lists: &mut Lists<'_>,
    citation: &Citation,
    services: &Services,
) -> Vec<Listed> {
    let (Some(endpoint), Some(day)) = (services.config.wayback_cdx.as_deref(), citation.date)
    else {
        return Vec::new();
    };
    let prefix = replay_prefix(endpoint);
    let outlet = lists.outlet;
    let kinds = wanted(outlet).into_iter().map(|url| {
        let kind = if outlet.feeds.contains(&url) {
            Kind::Feed
        } else if outlet.sitemaps.contains(&url) {
            Kind::Sitemap
        } else {
            Kind::Page
        };
        (url, kind)
    });
    let mut listed = Vec::new();
    for (list_url, kind) in kinds.collect::<Vec<_>>() {
        for offset in 0..DAYS {
            let asked = day + Duration::days(offset);
            let replay = format!("{prefix}{}id_/{list_url}", asked.format("%Y%m%d"));
            let found = read(lists, services, &replay, &list_url, kind, asked).await;
            let stop = !found.is_empty();
            listed.extend(found.into_iter().map(|mut l| {
                let stamp = asked.format("%Y%m%d");
                l.copy = Some(ArchiveCopy::Replay {
                    url: format!("{prefix}{stamp}id_/{}", l.url),
                    captured: asked.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc(),
                });
                l.method = ResolutionMethod::Wayback;
                l.via.clone_from(&replay);
                l.discovered = true;
                l
            }));
            if stop {
                break;
            }
        }
    }
    listed
}

/// Reads one archived list; nothing when it cannot be read or its capture is of another
/// time.
async fn read(
    lists: &mut Lists<'_>,
    services: &Services,
    replay: &str,
    list_url: &str,
    kind: Kind,
    asked: NaiveDate,
) -> Vec<Listed> {
    if !lists.enter_host(replay) {
        return Vec::new();
    }
    let request = FetchRequest::new(replay, Purpose::Archive).within(&lists.budget);
    let outcome = match services
        .gate
        .fetch(lists.fetcher, request, Ask::Replay)
        .await
    {
        Ok(outcome) => outcome,
        Err(refused) => {
            lists.failures.push(format!("{replay} ({refused})"));
            return Vec::new();
        }
    };
    let Some(page) = outcome
        .page
        .as_ref()
        .filter(|_| outcome.link.status.is_readable())
    else {
        lists.failures.push(failure_of(replay, &outcome));
        return Vec::new();
    };
    let captured = capture_day(&page.url).unwrap_or(asked);
    if (captured - asked).num_days().abs() > NEAR_DAYS {
        tracing::debug!(%replay, %captured, "the nearest capture is of another time");
        return Vec::new();
    }
    let domains = &lists.outlet.domains;
    let found = match kind {
        Kind::Page => Ok(page_links(
            &page.text,
            list_url,
            domains,
            ResolutionMethod::Wayback,
            None,
        )),
        Kind::Feed => feed::parse(&page.text, list_url),
        Kind::Sitemap => match sitemap::parse(&page.text, list_url) {
            Ok(Sitemap::Urls(urls)) => Ok(urls),
            Ok(Sitemap::Index(_)) => Ok(Vec::new()),
            Err(e) => Err(e),
        },
    };
    found.unwrap_or_else(|e| {
        lists.failures.push(format!("{replay} ({e})"));
        Vec::new()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_capture_time_is_read_from_the_replay_address() {
        assert_eq!(
            capture_day("https://web.archive.org/web/20230928101500id_/https://ikon.mn/rss"),
            NaiveDate::from_ymd_opt(2023, 9, 28)
        );
        assert_eq!(capture_day("https://ikon.mn/rss"), None);
    }
}

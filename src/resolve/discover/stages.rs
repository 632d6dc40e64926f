//! A citation's candidates from what discovery found: the discovered feeds, WordPress's
//! posts of the cited days, the sitemaps, the site search — one list kind per stage, so
//! the resolver can stop at the first stage that gives a confident answer.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::cache;
use crate::model::{Citation, ResolutionMethod};

use super::super::gather::{Kind, Lists, Spec};
use super::super::listing::Listed;
use super::super::sitemap::{self, Child};
use super::{discover, query, wordpress, Discovered};

/// Discovered feeds read at most (a home page may link one per section).
const MAX_FEEDS: usize = 3;

/// Top-level sitemaps (robots.txt's lines) read at most.
const MAX_SITEMAPS: usize = 4;

/// Discovered site searches asked at most.
const MAX_SEARCHES: usize = 2;

/// What discovery found for the citation's outlet: from this run, the disk cache, or
/// found now with this citation's budget. `None` when the outlet has no home page.
pub(crate) async fn found(lists: &mut Lists<'_>) -> Option<Arc<Discovered>> {
    let home = lists.outlet.home_url()?;
    let (cache, disk, outlet) = (lists.cache, lists.disk, lists.outlet);
    let found = cache
        .discovered(&home, async {
            if let Some(mut kept) = disk.and_then(|d| d.get::<Discovered>(cache::DISCOVERED, &home))
            {
                kept.complete = true;
                tracing::info!(outlet = %outlet.key, "lists of {home} (kept): {}", kept.summary());
                return kept;
            }
            let found = discover(lists, &home).await;
            tracing::info!(outlet = %outlet.key, "lists of {home} (discovered): {}", found.summary());
            if let Some(disk) = disk.filter(|_| found.home_read && found.complete) {
                disk.put(cache::DISCOVERED, &home, &found);
            }
            found
        })
        .await;
    Some(found)
}

/// The articles of the discovered feeds.
pub(crate) async fn feeds(
    lists: &mut Lists<'_>,
    found: &Discovered,
    date: Option<NaiveDate>,
) -> Vec<Listed> {
    let wanted = found
        .feeds
        .iter()
        .take(MAX_FEEDS)
        .map(|f| Spec::new(&f.url, Kind::Feed, ResolutionMethod::Feed, true))
        .collect();
    lists.collect(wanted, date).await
}

/// WordPress's posts of the days around `date`: the REST API's window, else the day
/// archive (sites that switch the API off still have it).
pub(crate) async fn wordpress(
    lists: &mut Lists<'_>,
    found: &Discovered,
    date: Option<NaiveDate>,
) -> Vec<Listed> {
    let (Some(root), Some(date)) = (&found.wordpress, date) else {
        return Vec::new();
    };
    let window = lists.limits.window_days;
    let mut listed = Vec::new();
    // A full page means more posts in the window: the next page, a few at most.
    for page in 1..=wordpress::MAX_PAGES {
        let Some(url) = wordpress::posts_url(root, date, window, page) else {
            break;
        };
        let spec = Spec::new(&url, Kind::Posts, ResolutionMethod::Archive, true);
        let posts = lists.collect(vec![spec], Some(date)).await;
        let full = posts.len() >= wordpress::PER_PAGE;
        listed.extend(posts);
        if !full {
            break;
        }
    }
    if listed.is_empty() {
        if let Some(url) = wordpress::day_url(&found.site, date) {
            let spec = Spec::new(url, Kind::Page(Some(date)), ResolutionMethod::Archive, true);
            listed = lists.collect(vec![spec], Some(date)).await;
        }
    }
    listed
}

/// True for a sitemap of images or videos (Google's extensions), which lists media rather
/// than articles.
fn is_media(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.contains("image") || lower.contains("video")
}

/// True for a news sitemap, which by convention lists only the last two days.
fn is_news(url: &str) -> bool {
    url.to_ascii_lowercase().contains("news")
}

/// The articles of the discovered sitemaps around `date`: the top-level ones chosen like
/// an index's children (a month or year in their names), media and news sitemaps last;
/// indexes followed to the children of the cited month.
pub(crate) async fn sitemaps(
    lists: &mut Lists<'_>,
    found: &Discovered,
    date: Option<NaiveDate>,
) -> Vec<Listed> {
    let children: Vec<Child> = found
        .sitemaps
        .iter()
        .map(|f| Child {
            url: f.url.clone(),
            lastmod: None,
        })
        .collect();
    let mut chosen = if children.len() <= 1 {
        children.into_iter().map(|c| c.url).collect()
    } else {
        let window = lists.limits.window_days;
        sitemap::choose_children(&children, date, window, usize::MAX)
    };
    chosen.sort_by_key(|u| (is_media(u), is_news(u)));
    let wanted = chosen
        .into_iter()
        .take(MAX_SITEMAPS)
        .map(|url| Spec::new(url, Kind::Sitemap, ResolutionMethod::Sitemap, true))
        .collect();
    lists.collect(wanted, date).await
}

/// What the discovered site searches return for the claim, asked in the outlet's language.
pub(crate) async fn search(
    lists: &mut Lists<'_>,
    found: &Discovered,
    citation: &Citation,
) -> Vec<Listed> {
    let language = lists.outlet.language.clone();
    let queries = query::queries(
        &citation.claim,
        language.as_deref(),
        lists.limits.search_terms,
    );
    let mut listed = Vec::new();
    for search in found.search.iter().take(MAX_SEARCHES) {
        for q in &queries {
            let form = &search.form;
            let date = citation.date;
            listed.extend(
                lists
                    .search_with(&form.template, q, date, form.feed, true)
                    .await,
            );
        }
    }
    listed
}

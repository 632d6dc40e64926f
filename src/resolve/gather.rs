//! Fetching an outlet's lists — feeds, sitemaps (indexes followed to the right children),
//! date-archive pages, search results — within a budget of requests per citation.
//!
//! Lists are fetched with [`Purpose::Discovery`] through the one [`Fetcher`], so they wait
//! in the same per-host queues as everything else and are recorded in a capture. The
//! requests of one round go out together (the fetcher paces them per host); a round's
//! results decide the next (an index's children, the neighbouring days of an empty archive
//! page). Every round is bounded by the budget, so a hostile sitemap of a thousand
//! children costs a handful of requests, not a thousand.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use futures_util::future::join_all;

use crate::fetch::{FetchRequest, Fetcher, Purpose};
use crate::model::ResolutionMethod;
use crate::sources::Outlet;

use super::cache::{Cache, ListRead};
use super::listing::{page_links, Listed};
use super::sitemap::{self, Sitemap};
use super::template;
use super::{feed, Limits};

/// What kind of list a URL is, which decides how it is read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// RSS or Atom.
    Feed,
    /// A sitemap or sitemap index.
    Sitemap,
    /// An HTML page of links: a day's archive (with its day) or search results.
    Page(ResolutionMethod, Option<NaiveDate>),
}

/// Fetches and parses one list. Unreadable or unparseable lists list nothing.
async fn read(fetcher: &Fetcher, url: String, kind: Kind, domains: &[String]) -> ListRead {
    let outcome = fetcher
        .fetch(FetchRequest::new(url.clone(), Purpose::Discovery))
        .await;
    let page = match outcome.page {
        Some(page) if outcome.link.status.is_readable() => page,
        _ => {
            tracing::debug!(%url, status = %outcome.link.status, "list not read");
            let error = outcome
                .link
                .cause
                .map(|e| format!(": {e}"))
                .unwrap_or_default();
            return ListRead {
                failure: Some(format!("{url} ({}{error})", outcome.link.status)),
                ..ListRead::default()
            };
        }
    };
    let mut list = ListRead::default();
    match kind {
        Kind::Feed => match feed::parse(&page.text, &page.url) {
            Ok(items) => list.listed = items,
            Err(e) => {
                tracing::debug!(%url, "{e}");
                list.failure = Some(format!("{url} (not a feed: {e})"));
            }
        },
        Kind::Sitemap => match sitemap::parse(&page.text, &page.url) {
            Ok(Sitemap::Urls(urls)) => list.listed = urls,
            Ok(Sitemap::Index(children)) => list.children = children,
            Err(e) => {
                tracing::debug!(%url, "{e}");
                list.failure = Some(format!("{url} (not a sitemap: {e})"));
            }
        },
        Kind::Page(method, date) => {
            list.listed = page_links(&page.text, &page.url, domains, method, date);
        }
    }
    list
}

/// Reads an outlet's lists for one citation, counting requests against a budget.
pub(crate) struct Lists<'a> {
    fetcher: &'a Fetcher,
    outlet: &'a Outlet,
    limits: &'a Limits,
    cache: &'a Cache,
    /// List requests left.
    budget: usize,
    /// Lists already read for this citation (never twice).
    seen: HashSet<String>,
    /// Lists that could not be read, with why (for the report when nothing is found).
    pub(crate) failures: Vec<String>,
}

impl<'a> Lists<'a> {
    /// A budget of `limits.max_lists` lists for this outlet; lists read for other
    /// citations of the run come from `cache` (they still count against the budget, so
    /// a citation's work does not depend on what others did).
    pub(crate) fn new(
        fetcher: &'a Fetcher,
        outlet: &'a Outlet,
        limits: &'a Limits,
        cache: &'a Cache,
    ) -> Self {
        Lists {
            fetcher,
            outlet,
            limits,
            cache,
            budget: limits.max_lists,
            seen: HashSet::new(),
            failures: Vec::new(),
        }
    }

    /// Reads the lists not read before, as far as the budget goes, together.
    async fn read(&mut self, wanted: Vec<(String, Kind)>) -> Vec<(String, Arc<ListRead>)> {
        let mut chosen = Vec::new();
        for (url, kind) in wanted {
            if self.budget == 0 {
                tracing::debug!(outlet = %self.outlet.key, "list budget spent; {url} skipped");
                break;
            }
            if self.seen.insert(url.clone()) {
                self.budget -= 1;
                chosen.push((url, kind));
            }
        }
        let (fetcher, cache, domains) = (self.fetcher, self.cache, &self.outlet.domains);
        let lists = join_all(
            chosen
                .iter()
                .map(|(url, kind)| cache.list(url, read(fetcher, url.clone(), *kind, domains))),
        )
        .await;
        self.failures
            .extend(lists.iter().filter_map(|l| l.failure.clone()));
        chosen.into_iter().map(|(url, _)| url).zip(lists).collect()
    }

    /// Articles listed by the outlet's feeds, sitemaps and date archive around `date`
    /// (everything they list when the date is unknown).
    pub(crate) async fn dated(&mut self, date: Option<NaiveDate>) -> Vec<Listed> {
        let outlet = self.outlet;
        let mut wanted: Vec<(String, Kind)> = outlet
            .feeds
            .iter()
            .map(|u| (u.clone(), Kind::Feed))
            .chain(outlet.sitemaps.iter().map(|u| (u.clone(), Kind::Sitemap)))
            .collect();
        let day_page = match (&outlet.archive, date) {
            (Some(t), Some(d)) => Some(template::fill_date(t, d)),
            _ => None,
        };
        if let Some(url) = &day_page {
            wanted.push((url.clone(), Kind::Page(ResolutionMethod::Archive, date)));
        }
        let mut listed = Vec::new();
        let mut children = Vec::new();
        let mut day_links = None;
        for (url, list) in self.read(wanted).await {
            listed.extend(list.listed.iter().cloned());
            children.extend(list.children.iter().cloned());
            if Some(&url) == day_page.as_ref() {
                day_links = Some(list.listed.len());
            }
        }
        // An empty day page: the outlet's day may be the neighbouring one in its time zone.
        if let (Some(t), Some(d), Some(0)) = (&outlet.archive, date, day_links) {
            let wanted = [d - Duration::days(1), d + Duration::days(1)]
                .into_iter()
                .map(|day| {
                    let kind = Kind::Page(ResolutionMethod::Archive, Some(day));
                    (template::fill_date(t, day), kind)
                })
                .collect();
            for (_, list) in self.read(wanted).await {
                listed.extend(list.listed.iter().cloned());
            }
        }
        // Sitemap indexes, two levels deep at most.
        for _ in 0..2 {
            if children.is_empty() {
                break;
            }
            let chosen = sitemap::choose_children(
                &children,
                date,
                self.limits.window_days,
                self.limits.max_child_sitemaps,
            );
            children.clear();
            let wanted = chosen.into_iter().map(|u| (u, Kind::Sitemap)).collect();
            for (_, list) in self.read(wanted).await {
                listed.extend(list.listed.iter().cloned());
                children.extend(list.children.iter().cloned());
            }
        }
        listed
    }

    /// Articles the outlet's site search returns for a query.
    pub(crate) async fn search(&mut self, query: &str, date: Option<NaiveDate>) -> Vec<Listed> {
        let (Some(t), false) = (&self.outlet.search, query.trim().is_empty()) else {
            return Vec::new();
        };
        let url = template::fill_search(t, query, date);
        let kind = Kind::Page(ResolutionMethod::Search, None);
        let mut listed = Vec::new();
        for (_, list) in self.read(vec![(url, kind)]).await {
            listed.extend(list.listed.iter().cloned());
        }
        listed
    }
}

/// The outlet's fixed pages, as candidates (for `accessed` citations).
pub(crate) fn pages(outlet: &Outlet) -> Vec<Listed> {
    outlet
        .pages
        .iter()
        .map(|url| Listed {
            url: url.clone(),
            date: None,
            title: String::new(),
            method: ResolutionMethod::Page,
        })
        .collect()
}

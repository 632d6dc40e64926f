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

use chrono::{Duration, NaiveDate};
use futures_util::future::join_all;

use crate::fetch::{FetchRequest, Fetcher, Purpose};
use crate::model::ResolutionMethod;
use crate::sources::Outlet;

use super::listing::{page_links, Listed};
use super::sitemap::{self, Sitemap};
use super::template;
use super::{feed, Limits};

/// Fetches an outlet's lists for one citation, counting requests against a budget.
pub(crate) struct Lists<'a> {
    fetcher: &'a Fetcher,
    outlet: &'a Outlet,
    limits: &'a Limits,
    /// List requests left.
    budget: usize,
    /// Lists already fetched (never twice per citation).
    fetched: HashSet<String>,
}

impl<'a> Lists<'a> {
    /// A budget of `limits.max_lists` requests for this outlet.
    pub(crate) fn new(fetcher: &'a Fetcher, outlet: &'a Outlet, limits: &'a Limits) -> Self {
        Lists {
            fetcher,
            outlet,
            limits,
            budget: limits.max_lists,
            fetched: HashSet::new(),
        }
    }

    /// Fetches the URLs not fetched before, as far as the budget goes; returns each
    /// readable one's final URL and text, in the order asked.
    async fn fetch(&mut self, urls: Vec<String>) -> Vec<(String, String, String)> {
        let mut wanted = Vec::new();
        for url in urls {
            if self.budget == 0 {
                tracing::debug!(outlet = %self.outlet.key, "list budget spent; {url} skipped");
                break;
            }
            if self.fetched.insert(url.clone()) {
                self.budget -= 1;
                wanted.push(url);
            }
        }
        let fetcher = self.fetcher;
        let outcomes = join_all(
            wanted
                .iter()
                .map(|url| fetcher.fetch(FetchRequest::new(url.clone(), Purpose::Discovery))),
        )
        .await;
        wanted
            .into_iter()
            .zip(outcomes)
            .filter_map(|(asked, outcome)| match outcome.page {
                Some(page) if outcome.link.status.is_readable() => {
                    Some((asked, page.url, page.text))
                }
                _ => {
                    tracing::debug!(url = %asked, status = %outcome.link.status, "list not read");
                    None
                }
            })
            .collect()
    }

    /// Articles listed by the outlet's feeds, sitemaps and date archive around `date`
    /// (everything they list when the date is unknown).
    pub(crate) async fn dated(&mut self, date: Option<NaiveDate>) -> Vec<Listed> {
        let outlet = self.outlet;
        let mut urls: Vec<String> = outlet
            .feeds
            .iter()
            .chain(&outlet.sitemaps)
            .cloned()
            .collect();
        let day_page = match (&outlet.archive, date) {
            (Some(t), Some(d)) => Some(template::fill_date(t, d)),
            _ => None,
        };
        urls.extend(day_page.clone());
        let mut listed = Vec::new();
        let mut children = Vec::new();
        let mut day_links = 0;
        for (asked, url, text) in self.fetch(urls).await {
            if outlet.feeds.contains(&asked) {
                match feed::parse(&text, &url) {
                    Ok(items) => listed.extend(items),
                    Err(e) => tracing::debug!(%url, "{e}"),
                }
            } else if outlet.sitemaps.contains(&asked) {
                self.read_sitemap(&text, &url, &mut listed, &mut children);
            } else if Some(&asked) == day_page.as_ref() {
                let links = page_links(
                    &text,
                    &url,
                    &outlet.domains,
                    ResolutionMethod::Archive,
                    date,
                );
                day_links = links.len();
                listed.extend(links);
            }
        }
        // An empty day page: the outlet's day may be the neighbouring one in its time zone.
        if let (Some(t), Some(d), 0, true) = (&outlet.archive, date, day_links, day_page.is_some())
        {
            let days = [d - Duration::days(1), d + Duration::days(1)];
            let urls = days
                .iter()
                .map(|&day| template::fill_date(t, day))
                .collect();
            for ((_, url, text), day) in self.fetch(urls).await.into_iter().zip(days) {
                listed.extend(page_links(
                    &text,
                    &url,
                    &outlet.domains,
                    ResolutionMethod::Archive,
                    Some(day),
                ));
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
            for (_, url, text) in self.fetch(chosen).await {
                self.read_sitemap(&text, &url, &mut listed, &mut children);
            }
        }
        listed
    }

    fn read_sitemap(
        &self,
        text: &str,
        url: &str,
        listed: &mut Vec<Listed>,
        children: &mut Vec<sitemap::Child>,
    ) {
        match sitemap::parse(text, url) {
            Ok(Sitemap::Urls(urls)) => listed.extend(urls),
            Ok(Sitemap::Index(more)) => children.extend(more),
            Err(e) => tracing::debug!(%url, "{e}"),
        }
    }

    /// Articles the outlet's site search returns for a query.
    pub(crate) async fn search(&mut self, query: &str, date: Option<NaiveDate>) -> Vec<Listed> {
        let (Some(t), false) = (&self.outlet.search, query.trim().is_empty()) else {
            return Vec::new();
        };
        let url = template::fill_search(t, query, date);
        let mut listed = Vec::new();
        for (_, url, text) in self.fetch(vec![url]).await {
            listed.extend(page_links(
                &text,
                &url,
                &self.outlet.domains,
                ResolutionMethod::Search,
                None,
            ));
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

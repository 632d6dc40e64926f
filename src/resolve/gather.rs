//! Fetching an outlet's lists — feeds, sitemaps (indexes followed to the right children),
//! date-archive pages, search results, WordPress's posts of a date window — within the
//! budgets of one citation.
//!
//! Lists are fetched with [`Purpose::Discovery`] through the one [`Fetcher`], so they wait
//! in the same per-host queues as everything else and are recorded in a capture. The
//! requests of one round go out together (the fetcher paces them per host); a round's
//! results decide the next (an index's children, the neighbouring days of an empty archive
//! page). Two budgets bound a citation's search: lists read (`Limits::max_lists`, counted
//! also when another citation already read the list, so a citation's work does not depend
//! on the others), and HTTP requests as the servers see them ([`RequestBudget`], retries
//! and redirect hops included; each host's robots.txt and not-found probe are counted up
//! front). A hostile sitemap of a thousand children costs a handful of requests, not a
//! thousand.
//!
//! Lists about the past are kept across runs in the disk cache (see [`cacheable`]).

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use futures_util::future::join_all;

use crate::cache::{self, DiskCache};
use crate::fetch::{FetchOutcome, FetchRequest, FetchedPage, Fetcher, Purpose, RequestBudget};
use crate::model::{LinkStatus, ResolutionMethod};
use crate::sources::Outlet;

use super::cache::{Cache, ListRead};
use super::discover::wordpress;
use super::listing::{page_links, Listed};
use super::sitemap::{self, Sitemap};
use super::template;
use super::{feed, Limits};

/// What kind of list a URL is, which decides how it is read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    /// RSS or Atom.
    Feed,
    /// A sitemap or sitemap index.
    Sitemap,
    /// An HTML page of links: a day's archive (with its day) or search results.
    Page(Option<NaiveDate>),
    /// WordPress REST API posts (JSON).
    Posts,
}

/// One list to read: where, what it is, and what the report says of it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spec {
    /// Its URL.
    pub(crate) url: String,
    /// How to read it.
    pub(crate) kind: Kind,
    /// The method its pages are reported under.
    pub(crate) method: ResolutionMethod,
    /// True when it was discovered rather than configured.
    pub(crate) discovered: bool,
}

impl Spec {
    /// A list of this kind and method.
    pub(crate) fn new(
        url: impl Into<String>,
        kind: Kind,
        method: ResolutionMethod,
        discovered: bool,
    ) -> Spec {
        Spec {
            url: url.into(),
            kind,
            method,
            discovered,
        }
    }
}

/// Requests counted for a host before its first fetch: robots.txt and the not-found probe,
/// which the crawler sends once per host on its own.
const PER_HOST: usize = 2;

/// Days before today from which a list's pages no longer change (see [`cacheable`]).
const SETTLED_DAYS: i64 = 3;

/// Why a fetch gave no page, in a few words for the report.
pub(crate) fn failure_of(url: &str, outcome: &FetchOutcome) -> String {
    let error = outcome
        .link
        .error()
        .map(|e| format!(": {e}"))
        .unwrap_or_default();
    format!("{url} ({}{error})", outcome.link.status)
}

/// Parses one list's page.
fn parse(page: &FetchedPage, kind: Kind, domains: &[String]) -> ListRead {
    let mut list = ListRead::default();
    let url = &page.url;
    match kind {
        Kind::Feed => match feed::parse(&page.text, url) {
            Ok(items) => list.listed = items,
            Err(e) => list.failure = Some(format!("{url} ({e})")),
        },
        Kind::Sitemap => match sitemap::parse(&page.text, url) {
            Ok(Sitemap::Urls(urls)) => list.listed = urls,
            Ok(Sitemap::Index(children)) => list.children = children,
            Err(e) => list.failure = Some(format!("{url} ({e})")),
        },
        Kind::Page(date) => {
            list.listed = page_links(&page.text, url, domains, ResolutionMethod::Archive, date);
        }
        Kind::Posts => match wordpress::parse_posts(&page.text, url) {
            Ok(posts) => list.listed = posts,
            Err(e) => list.failure = Some(format!("{url} ({e})")),
        },
    }
    list
}

/// True when a list read well and lists only the past — a sitemap index, or pages all
/// dated some days before `today` (a past month's sitemap, a past day's archive or posts) —
/// so it can be kept across runs. Feeds, news sitemaps and undated search results change
/// and are read again.
pub(crate) fn cacheable(list: &ListRead, today: NaiveDate) -> bool {
    if list.failure.is_some() {
        return false;
    }
    let settled = today - Duration::days(SETTLED_DAYS);
    !list.children.is_empty()
        || (!list.listed.is_empty()
            && list
                .listed
                .iter()
                .all(|l| l.date.is_some_and(|d| d <= settled)))
}

/// Reads an outlet's lists for one citation, within its budgets.
pub(crate) struct Lists<'a> {
    pub(crate) fetcher: &'a Fetcher,
    pub(crate) outlet: &'a Outlet,
    pub(crate) limits: &'a Limits,
    pub(crate) cache: &'a Cache,
    /// Answers kept across runs, when `--cache` is on.
    pub(crate) disk: Option<&'a DiskCache>,
    /// List reads left.
    lists_left: usize,
    /// HTTP requests left for this citation.
    pub(crate) budget: RequestBudget,
    /// Hosts whose robots.txt and probe were counted.
    hosts: HashSet<String>,
    /// Lists already read for this citation (never twice).
    seen: HashSet<String>,
    /// Lists that could not be read, with why (for the report when nothing is found).
    pub(crate) failures: Vec<String>,
}

impl<'a> Lists<'a> {
    /// The budgets of `limits` for this outlet; lists read for other citations of the run
    /// come from `cache`, and lists about the past from `disk`.
    pub(crate) fn new(
        fetcher: &'a Fetcher,
        outlet: &'a Outlet,
        limits: &'a Limits,
        cache: &'a Cache,
        disk: Option<&'a DiskCache>,
    ) -> Self {
        Lists {
            fetcher,
            outlet,
            limits,
            cache,
            disk,
            lists_left: limits.max_lists,
            budget: RequestBudget::new(limits.max_requests),
            hosts: HashSet::new(),
            seen: HashSet::new(),
            failures: Vec::new(),
        }
    }

    /// Counts a host's robots.txt and probe before this citation's first request there.
    /// False when the budget cannot cover them.
    pub(crate) fn enter_host(&mut self, url: &str) -> bool {
        let host = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        if self.hosts.contains(&host) {
            return true;
        }
        if self.budget.left() <= PER_HOST {
            return false;
        }
        self.budget.spend(PER_HOST);
        self.hosts.insert(host);
        true
    }

    /// Fetches one page for discovery (a home page, a description), within the budget;
    /// `Err` says why it could not be read.
    pub(crate) async fn fetch(&mut self, url: &str) -> Result<FetchedPage, (LinkStatus, String)> {
        if !self.enter_host(url) {
            let why = format!("{url} (not requested: the request budget is spent)");
            return Err((LinkStatus::Unchecked, why));
        }
        let request = FetchRequest::new(url, Purpose::Discovery).within(&self.budget);
        let outcome = self.fetcher.fetch(request).await;
        match outcome.page {
            Some(page) if outcome.link.status.is_readable() => Ok(page),
            _ => Err((outcome.link.status, failure_of(url, &outcome))),
        }
    }

    /// The `Sitemap:` lines of the robots.txt of `url`'s host (read with its rules, once
    /// per host).
    pub(crate) async fn robots_sitemaps(&mut self, url: &str) -> Result<Vec<String>, String> {
        if !self.enter_host(url) {
            return Err("not read: the request budget is spent".into());
        }
        self.fetcher.robots_sitemaps(url).await
    }

    /// Reads the lists not read before, as far as the budgets go, together.
    pub(crate) async fn read(&mut self, wanted: Vec<Spec>) -> Vec<(Spec, Arc<ListRead>)> {
        let mut chosen = Vec::new();
        for spec in wanted {
            if self.lists_left == 0 || self.budget.left() == 0 {
                tracing::debug!(outlet = %self.outlet.key, "list budget spent; {} skipped", spec.url);
                break;
            }
            if self.seen.insert(spec.url.clone()) && self.enter_host(&spec.url) {
                self.lists_left -= 1;
                chosen.push(spec);
            }
        }
        let (fetcher, cache, disk) = (self.fetcher, self.cache, self.disk);
        let (domains, budget) = (&self.outlet.domains, &self.budget);
        let today = chrono::Local::now().date_naive();
        let lists = join_all(chosen.iter().map(|spec| {
            cache.list(&spec.url, async move {
                if let Some(kept) = disk.and_then(|d| d.get::<ListRead>(cache::LISTS, &spec.url)) {
                    tracing::debug!(url = %spec.url, "list from the cache");
                    return kept;
                }
                let request = FetchRequest::new(&spec.url, Purpose::Discovery).within(budget);
                let outcome = fetcher.fetch(request).await;
                let list = match &outcome.page {
                    Some(page) if outcome.link.status.is_readable() => {
                        parse(page, spec.kind, domains)
                    }
                    _ => ListRead {
                        failure: Some(failure_of(&spec.url, &outcome)),
                        ..ListRead::default()
                    },
                };
                if let Some(failure) = &list.failure {
                    tracing::debug!("list not read: {failure}");
                }
                if let Some(disk) = disk.filter(|_| cacheable(&list, today)) {
                    disk.put(cache::LISTS, &spec.url, &list);
                }
                list
            })
        }))
        .await;
        self.failures
            .extend(lists.iter().filter_map(|l| l.failure.clone()));
        chosen.into_iter().zip(lists).collect()
    }

    /// Reads lists and follows sitemap indexes (two levels deep at most, the children
    /// chosen for `date`), returning every page they list, marked with the list that
    /// named it.
    pub(crate) async fn collect(
        &mut self,
        wanted: Vec<Spec>,
        date: Option<NaiveDate>,
    ) -> Vec<Listed> {
        let mut listed = Vec::new();
        let mut children: Vec<(Spec, Vec<sitemap::Child>)> = Vec::new();
        for (spec, list) in self.read(wanted).await {
            listed.extend(mark(&spec, &list));
            if !list.children.is_empty() {
                children.push((spec, list.children.clone()));
            }
        }
        for _ in 0..2 {
            if children.is_empty() {
                break;
            }
            let mut wanted = Vec::new();
            for (parent, kids) in children.drain(..) {
                let chosen = sitemap::choose_children(
                    &kids,
                    date,
                    self.limits.window_days,
                    self.limits.max_child_sitemaps,
                );
                wanted.extend(chosen.into_iter().map(|url| Spec {
                    url,
                    ..parent.clone()
                }));
            }
            for (spec, list) in self.read(wanted).await {
                listed.extend(mark(&spec, &list));
                if !list.children.is_empty() {
                    children.push((spec, list.children.clone()));
                }
            }
        }
        listed
    }

    /// Articles listed by the outlet's configured feeds, sitemaps and date archive around
    /// `date` (everything they list when the date is unknown).
    pub(crate) async fn dated(&mut self, date: Option<NaiveDate>) -> Vec<Listed> {
        let outlet = self.outlet;
        let mut wanted: Vec<Spec> = outlet
            .feeds
            .iter()
            .map(|u| Spec::new(u, Kind::Feed, ResolutionMethod::Feed, false))
            .chain(
                outlet
                    .sitemaps
                    .iter()
                    .map(|u| Spec::new(u, Kind::Sitemap, ResolutionMethod::Sitemap, false)),
            )
            .collect();
        let day_page = match (&outlet.archive, date) {
            (Some(t), Some(d)) => Some(template::fill_date(t, d)),
            _ => None,
        };
        if let Some(url) = &day_page {
            wanted.push(Spec::new(
                url,
                Kind::Page(date),
                ResolutionMethod::Archive,
                false,
            ));
        }
        let before = self.seen.clone();
        let mut listed = self.collect(wanted, date).await;
        let day_links = day_page
            .as_ref()
            .filter(|u| !before.contains(*u))
            .map(|u| listed.iter().filter(|l| &l.via == u).count());
        // An empty day page: the outlet's day may be the neighbouring one in its time zone.
        if let (Some(t), Some(d), Some(0)) = (&outlet.archive, date, day_links) {
            let wanted = [d - Duration::days(1), d + Duration::days(1)]
                .into_iter()
                .map(|day| {
                    let url = template::fill_date(t, day);
                    Spec::new(url, Kind::Page(Some(day)), ResolutionMethod::Archive, false)
                })
                .collect();
            listed.extend(self.collect(wanted, date).await);
        }
        listed
    }

    /// Articles a site search returns for a query: the configured one (`template` with
    /// `{query}`), or a discovered one (`discovered`; `feed` when it answers in RSS/Atom).
    pub(crate) async fn search_with(
        &mut self,
        template: &str,
        query: &str,
        date: Option<NaiveDate>,
        feed: bool,
        discovered: bool,
    ) -> Vec<Listed> {
        if query.trim().is_empty() {
            return Vec::new();
        }
        let url = template::fill_search(template, query, date);
        let kind = if feed { Kind::Feed } else { Kind::Page(None) };
        let spec = Spec::new(url, kind, ResolutionMethod::Search, discovered);
        self.collect(vec![spec], date).await
    }

    /// Articles the outlet's configured site search returns for a query.
    pub(crate) async fn search(&mut self, query: &str, date: Option<NaiveDate>) -> Vec<Listed> {
        match self.outlet.search.clone() {
            Some(t) => self.search_with(&t, query, date, false, false).await,
            None => Vec::new(),
        }
    }
}

/// A list's pages, marked with the list (`via`), its method and whether it was discovered.
fn mark(spec: &Spec, list: &ListRead) -> Vec<Listed> {
    list.listed
        .iter()
        .map(|l| Listed {
            method: spec.method,
            via: spec.url.clone(),
            discovered: spec.discovered,
            ..l.clone()
        })
        .collect()
}

/// The outlet's fixed pages, as candidates (for `accessed` citations); no list offers
/// them, so they have no `via`.
pub(crate) fn pages(outlet: &Outlet) -> Vec<Listed> {
    outlet
        .pages
        .iter()
        .map(|url| Listed::new(url.clone(), None, String::new(), ResolutionMethod::Page))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(date: Option<NaiveDate>) -> Listed {
        Listed::new(
            "https://x.test/a".into(),
            date,
            String::new(),
            ResolutionMethod::Sitemap,
        )
    }

    #[test]
    fn only_lists_of_the_past_are_kept_across_runs() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let old = NaiveDate::from_ymd_opt(2023, 9, 27);
        let past = ListRead {
            listed: vec![listed(old), listed(old)],
            ..ListRead::default()
        };
        assert!(cacheable(&past, today));
        let with_today = ListRead {
            listed: vec![listed(old), listed(Some(today))],
            ..ListRead::default()
        };
        assert!(!cacheable(&with_today, today), "a feed or news sitemap");
        let undated = ListRead {
            listed: vec![listed(None)],
            ..ListRead::default()
        };
        assert!(!cacheable(&undated, today), "search results");
        let failed = ListRead {
            failure: Some("x (not_found)".into()),
            ..ListRead::default()
        };
        assert!(!cacheable(&failed, today));
        assert!(!cacheable(&ListRead::default(), today));
    }
}

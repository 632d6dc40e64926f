//! What a run keeps of its fetches, so that a URL requested twice is fetched once — within
//! a memory bound.
//!
//! A run asks for the same URL more than once: the resolver reads a candidate page, then the
//! citation's check asks for it again (with the history's validators, under `--state`);
//! two citations cite one source; an outlet's feed serves several citations. Each of those
//! later requests is answered from what the run already holds, whatever validators it
//! carries: an outcome read in this run is fresher than anything the history knows.
//!
//! What is kept is split by cost:
//!
//! * the *link* of every URL (status, HTTP code, redirects, attempts, final URL, error,
//!   whether it was a 304) is kept for the whole run — a few hundred bytes per URL, so a
//!   dead link, a 404 or a refused host is never asked twice;
//! * *pages* (decoded text, headers, validators) are kept in a least-recently-used cache
//!   bounded by a byte budget ([`PAGE_BUDGET`], 256 MB by default). A request for a URL whose
//!   page was evicted is simply fetched again: one more polite request, through the host's
//!   queue like any other.
//!
//! Why LRU and 256 MB: repeats come close together — the resolver's read and the check of
//! the same citation are seconds apart, and neighbouring citations share sources — so the
//! most recently read pages are the ones asked for again. A typical news page decodes to
//! 50–300 KB, so 256 MB holds the last thousand or more pages, far more than the distance
//! between a read and its repeat; an archive of unusually long pages (1.5 MB each) still
//! keeps the last ~170. Before the bound every page stayed for the whole run, so memory grew
//! with the number of URLs (1,000 pages of 1.5 MB: 3 GB resident; bounded: 0.35 GB, see the
//! `pages` case of the crawl benchmark).
//!
//! The budget is a ceiling, not a target. A run that knows which citations will read a URL
//! says so up front ([`Reuse::announce`], through `Fetcher::announce`): such a page is kept
//! only while a citation announced for it has yet to read it, and dropped when the last
//! one has — so a run of 10,000 distinct cited URLs keeps no page at all, instead of the
//! last 256 MB of them. Pages of URLs nobody announced (candidates, lists, archived copies)
//! are kept by recency within the budget as before. A request for a page dropped early is,
//! as after an eviction, fetched again.
//!
//! Sharing also covers requests in flight: a second request for a URL being fetched waits
//! for that fetch instead of starting its own. Purposes share where their judgement agrees:
//! a citation's outcome also answers a discovery or archive request (those skip only the
//! soft-404 check), unless it was judged a soft 404 (its page was not kept for the caller).
//! A 304 answers only a request with the same validators (the caller has the content those
//! name); any other request for that URL is fetched afresh.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use hashlink::LinkedHashMap;
use tokio::sync::OnceCell;

use super::{FetchOutcome, FetchRequest, FetchedPage, Purpose, Validators};
use crate::model::{FailureCause, Link, LinkStatus};

/// The default budget for kept pages: 256 MB of page text and headers (see the module docs).
pub const PAGE_BUDGET: usize = 256 * 1024 * 1024;

/// How many times a request waits for someone else's fetch that turns out not to serve it
/// (a 304 for other validators, an evicted page) before fetching on its own.
const MAX_PASSES: usize = 3;

/// Which judgement an outcome went through: citations are checked for soft 404s, the
/// other purposes are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Checks {
    Citation,
    Plain,
}

impl Checks {
    fn of(purpose: Purpose) -> Checks {
        match purpose {
            Purpose::Citation => Checks::Citation,
            Purpose::Discovery | Purpose::Archive => Checks::Plain,
        }
    }
}

/// Identifies one shared fetch: the URL (without fragment) and its judgement.
type Key = (String, Checks);

/// A finished fetch as kept for the run: its link data, and where its page is, if it had one.
#[derive(Debug)]
struct Kept {
    link: Link,
    not_modified: bool,
    /// The validators the request carried: a 304 answers only the same ones.
    validators: Option<Validators>,
    /// The page's id in [`Pages`] (it may have been evicted since).
    page: Option<u64>,
}

/// Pages kept for reuse, least recently used first, within a byte budget.
#[derive(Debug)]
struct Pages {
    entries: LinkedHashMap<u64, FetchedPage>,
    bytes: usize,
    budget: usize,
}

/// What a kept page costs, roughly: its strings (the struct itself is small).
fn page_bytes(page: &FetchedPage) -> usize {
    let optional = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    page.url.len()
        + page.text.len()
        + page.encoding.len()
        + optional(&page.content_type)
        + optional(&page.etag)
        + optional(&page.last_modified)
        + page
            .headers
            .iter()
            .map(|(n, v)| n.len() + v.len())
            .sum::<usize>()
}

impl Pages {
    fn new(budget: usize) -> Pages {
        Pages {
            entries: LinkedHashMap::new(),
            bytes: 0,
            budget,
        }
    }

    /// Keeps a page as the most recently used, evicting the least recently used ones past
    /// the budget. A page larger than the whole budget is not kept.
    fn insert(&mut self, id: u64, page: FetchedPage) {
        let size = page_bytes(&page);
        if size > self.budget {
            return;
        }
        // Bounded: each pass removes one entry.
        while self.bytes + size > self.budget {
            match self.entries.pop_front() {
                Some((_, old)) => self.bytes -= page_bytes(&old),
                None => break,
            }
        }
        self.bytes += size;
        if let Some(old) = self.entries.insert(id, page) {
            self.bytes -= page_bytes(&old);
        }
    }

    /// A copy of a kept page, which becomes the most recently used.
    fn get(&mut self, id: u64) -> Option<FetchedPage> {
        self.entries.to_back(&id).map(|page| page.clone())
    }

    /// The page itself, no longer kept (no copy made).
    fn take(&mut self, id: u64) -> Option<FetchedPage> {
        let page = self.entries.remove(&id)?;
        self.bytes -= page_bytes(&page);
        Some(page)
    }
}

/// In-flight and finished fetches of a run, shared by URL.
#[derive(Debug)]
pub(crate) struct Reuse {
    slots: Mutex<HashMap<Key, Arc<OnceCell<Kept>>>>,
    pages: Mutex<Pages>,
    next_id: AtomicU64,
    /// Citation reads still to come per announced URL (see [`Reuse::announce`]).
    wanted: Mutex<HashMap<String, usize>>,
}

/// Locks a mutex whatever a panicking holder left behind (the data stays consistent: every
/// update is a single insert or remove).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Reuse {
    /// Nothing kept yet; pages bounded by `budget` bytes.
    pub fn new(budget: usize) -> Reuse {
        Reuse {
            slots: Mutex::new(HashMap::new()),
            pages: Mutex::new(Pages::new(budget)),
            next_id: AtomicU64::new(0),
            wanted: Mutex::new(HashMap::new()),
        }
    }

    /// Says that one more citation will read `url` (already without its fragment): its
    /// page is kept until that many citation reads have had it, then dropped.
    pub fn announce(&self, url: &str) {
        *lock(&self.wanted).entry(url.to_string()).or_default() += 1;
    }

    /// Whether a page of `url` is worth keeping after a read for `request`: `Some(true)`
    /// while announced citations have yet to read it, `Some(false)` once none has, `None`
    /// when it was never announced (kept by recency). A citation's read counts as one.
    fn still_wanted(&self, url: &str, request: &FetchRequest) -> Option<bool> {
        let mut wanted = lock(&self.wanted);
        let left = wanted.get_mut(url)?;
        if request.purpose == Purpose::Citation && request.range.is_none() {
            *left = left.saturating_sub(1);
        }
        Some(*left > 0)
    }

    /// The outcome for `url` (already without its fragment): from what the run holds when
    /// that serves the request, else from `crawl`, shared with concurrent requests for it.
    pub async fn fetch<F, Fut>(&self, url: &str, request: &FetchRequest, crawl: F) -> FetchOutcome
    where
        F: Fn() -> Fut,
        Fut: Future<Output = FetchOutcome>,
    {
        let checks = Checks::of(request.purpose);
        if checks == Checks::Plain && request.range.is_none() {
            if let Some(outcome) = self.citation_outcome(url, request) {
                return outcome;
            }
        }
        let key: Key = match request.range {
            // A range of a file is its own answer (the fragment is never sent or kept).
            Some((first, last)) => (format!("{url}#bytes={first}-{last}"), checks),
            None => (url.to_string(), checks),
        };
        for _ in 0..MAX_PASSES {
            let cell = lock(&self.slots).entry(key.clone()).or_default().clone();
            let mut mine = None;
            let (slot, crawl) = (&mut mine, &crawl);
            let kept = cell
                .get_or_init(|| async move {
                    let outcome = crawl().await;
                    let kept = self.keep(url, &outcome, request);
                    *slot = Some(outcome);
                    kept
                })
                .await;
            if let Some(outcome) = mine {
                return outcome;
            }
            if let Some(outcome) = self.serve_counted(url, kept, request) {
                return outcome;
            }
            // It does not serve this request: the next pass fetches afresh (unless another
            // request already replaced the slot, in which case it joins that fetch).
            let mut slots = lock(&self.slots);
            if slots.get(&key).is_some_and(|now| Arc::ptr_eq(now, &cell)) {
                slots.insert(key.clone(), Arc::default());
            }
        }
        crawl().await
    }

    /// A finished citation fetch of the URL, for a discovery or archive request.
    fn citation_outcome(&self, url: &str, request: &FetchRequest) -> Option<FetchOutcome> {
        let cell = lock(&self.slots)
            .get(&(url.to_string(), Checks::Citation))?
            .clone();
        let kept = cell.get()?;
        if kept.link.status == LinkStatus::Soft404 {
            return None; // judged for a citation only; the page was not kept
        }
        self.serve(kept, request)
    }

    /// Splits a fresh outcome into its link data (kept for the run) and its page (kept
    /// within the budget, and only while a citation announced for it has yet to read it).
    fn keep(&self, url: &str, outcome: &FetchOutcome, request: &FetchRequest) -> Kept {
        let wanted = match request.range {
            Some(_) => None,
            None => self.still_wanted(url, request),
        };
        let page = outcome.page.as_ref().map(|page| {
            let id = self.next_id.fetch_add(1, Ordering::Relaxed);
            // A page no one else will read gets an id that holds nothing: a later request
            // finds it gone and fetches afresh, as after an eviction.
            if wanted != Some(false) {
                lock(&self.pages).insert(id, page.clone());
            }
            id
        });
        Kept {
            link: outcome.link.clone(),
            not_modified: outcome.not_modified,
            validators: request.validators.clone(),
            page,
        }
    }

    /// [`Reuse::serve`] for a request that joined a shared fetch: a citation's read of an
    /// announced URL counts, and the last one takes the page out of the cache.
    fn serve_counted(
        &self,
        url: &str,
        kept: &Kept,
        request: &FetchRequest,
    ) -> Option<FetchOutcome> {
        let counted = request.range.is_none()
            && request.purpose == Purpose::Citation
            && lock(&self.wanted).contains_key(url);
        if counted {
            // Only a read that is served counts: check first, then count.
            if !self.servable(kept, request) {
                return None;
            }
            if let (Some(false), Some(id)) = (self.still_wanted(url, request), kept.page) {
                let page = lock(&self.pages).take(id)?;
                return Some(FetchOutcome {
                    url: request.url.clone(),
                    link: kept.link.clone(),
                    not_modified: kept.not_modified,
                    page: Some(page),
                });
            }
        }
        self.serve(kept, request)
    }

    /// Whether a kept fetch can answer `request` (see [`Reuse::serve`]), without copying it.
    fn servable(&self, kept: &Kept, request: &FetchRequest) -> bool {
        let other_validators = kept.not_modified && kept.validators != request.validators;
        let budget_spent = kept.link.cause == Some(FailureCause::RequestBudgetSpent);
        let page_gone = kept
            .page
            .is_some_and(|id| !lock(&self.pages).entries.contains_key(&id));
        !other_validators && !budget_spent && !page_gone
    }

    /// The outcome a kept fetch gives `request`, or None when it cannot serve it: a 304
    /// for other validators, or a page no longer kept.
    fn serve(&self, kept: &Kept, request: &FetchRequest) -> Option<FetchOutcome> {
        if kept.not_modified && kept.validators != request.validators {
            return None;
        }
        // A fetch stopped by its own request budget says nothing about the URL.
        if kept.link.cause == Some(FailureCause::RequestBudgetSpent) {
            return None;
        }
        let page = match kept.page {
            Some(id) => Some(lock(&self.pages).get(id)?),
            None => None,
        };
        Some(FetchOutcome {
            url: request.url.clone(),
            link: kept.link.clone(),
            not_modified: kept.not_modified,
            page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text_len: usize) -> FetchedPage {
        FetchedPage {
            text: "x".repeat(text_len),
            ..FetchedPage::default()
        }
    }

    #[test]
    fn pages_stay_within_the_budget_and_the_least_recently_used_goes_first() {
        let mut pages = Pages::new(1000);
        pages.insert(1, page(400));
        pages.insert(2, page(400));
        assert!(pages.get(1).is_some(), "1 is now the most recently used");
        pages.insert(3, page(400));
        assert!(pages.get(2).is_none(), "2 was the least recently used");
        assert!(pages.get(1).is_some() && pages.get(3).is_some());
        assert_eq!(pages.bytes, 800);
        pages.insert(4, page(2000));
        assert!(
            pages.get(4).is_none(),
            "larger than the whole budget: not kept"
        );
        assert_eq!(pages.bytes, 800, "and nothing evicted for it");
        pages.insert(5, page(1000));
        assert_eq!(pages.bytes, 1000);
        assert!(pages.get(1).is_none() && pages.get(3).is_none() && pages.get(5).is_some());
    }

    #[tokio::test]
    async fn an_announced_page_is_dropped_when_its_last_citation_has_read_it() {
        let reuse = Reuse::new(1 << 20);
        let (x, y) = ("http://a.test/x", "http://a.test/y");
        reuse.announce(x);
        reuse.announce(x);
        let crawls = AtomicU64::new(0);
        let crawl = |url: &'static str| {
            let crawls = &crawls;
            move || async move {
                crawls.fetch_add(1, Ordering::SeqCst);
                FetchOutcome {
                    url: url.into(),
                    link: Link::not_requested(LinkStatus::Ok, None),
                    not_modified: false,
                    page: Some(page(100)),
                }
            }
        };
        let cite = |url: &str| FetchRequest::new(url, Purpose::Citation);
        let first = reuse.fetch(x, &cite(x), crawl(x)).await;
        assert!(first.page.is_some());
        assert_eq!(
            lock(&reuse.pages).bytes,
            100,
            "kept for the second citation"
        );
        let second = reuse.fetch(x, &cite(x), crawl(x)).await;
        assert_eq!(second.page, first.page, "served from what the run kept");
        assert_eq!(crawls.load(Ordering::SeqCst), 1);
        assert_eq!(lock(&reuse.pages).bytes, 0, "the last citation took it");
        let third = reuse.fetch(x, &cite(x), crawl(x)).await;
        assert!(
            third.page.is_some(),
            "a read past the announced ones fetches afresh"
        );
        assert_eq!(crawls.load(Ordering::SeqCst), 2);
        assert_eq!(lock(&reuse.pages).bytes, 0);
        reuse.fetch(y, &cite(y), crawl(y)).await;
        assert_eq!(
            lock(&reuse.pages).bytes,
            100,
            "never announced: kept by recency"
        );
    }

    #[test]
    fn a_page_costs_its_text_and_headers() {
        let mut p = page(100);
        p.url = "http://a.test/x".into(); // 15
        p.headers = vec![("etag".into(), "\"v1\"".into())]; // 8
        p.etag = Some("\"v1\"".into()); // 4
        assert_eq!(page_bytes(&p), 127);
    }
}

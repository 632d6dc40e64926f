//! What discovery has already read in this run, shared by all citations (what is kept
//! across runs is [`crate::cache`]'s).
//!
//! An article citing one outlet five times would otherwise fetch that outlet's feed five
//! times and its candidate articles once per citation whose window holds them — each
//! request a wait in the outlet's rate-limited queue. The cache keeps, per URL, the parsed
//! list (a few hundred entries, never the raw sitemap) and the extracted candidate article
//! (its text, never the raw page), each computed once even when several citations ask at
//! the same moment (the others wait for the first). It is bounded: past its capacity the
//! oldest entries are dropped, so a nightly run over thousands of citations stays small.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use crate::model::Article;

use super::discover::Discovered;
use super::listing::Listed;
use super::sitemap::Child;

/// A list as read: its entries and, for a sitemap index, its children.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct ListRead {
    /// Pages it lists.
    pub(crate) listed: Vec<Listed>,
    /// Child sitemaps it names.
    pub(crate) children: Vec<Child>,
    /// Why the list could not be read or parsed, for the report's reasons.
    pub(crate) failure: Option<String>,
}

/// A candidate as read: where its text came from and what the extractor made of it.
#[derive(Debug, Clone)]
pub(crate) struct ArticleRead {
    /// The URL the page was read at (after redirects).
    pub(crate) url: String,
    /// The extracted article.
    pub(crate) article: Arc<Article>,
    /// The other address the page calls canonical, if any (see `duplicates`).
    pub(crate) canonical: Option<String>,
    /// The archived copy the article was read from, when the live page was dead or
    /// blocked.
    pub(crate) copy: Option<crate::archive::ArchivedPage>,
}

/// The cells of a [`Memo`] by key, and the keys in insertion order.
type Cells<T> = (HashMap<String, Arc<OnceCell<T>>>, VecDeque<String>);

/// Values computed once per key, oldest dropped past `capacity`.
struct Memo<T> {
    cells: Mutex<Cells<T>>,
    capacity: usize,
}

impl<T: Clone> Memo<T> {
    fn new(capacity: usize) -> Self {
        Memo {
            cells: Mutex::new((HashMap::new(), VecDeque::new())),
            capacity,
        }
    }

    /// The value for `key`, computing it with `make` when nobody has.
    async fn get_or<F: Future<Output = T>>(&self, key: &str, make: F) -> T {
        let cell = match self.cells.lock() {
            Ok(mut guard) => {
                let (cells, order) = &mut *guard;
                match cells.get(key) {
                    Some(cell) => cell.clone(),
                    None => {
                        let cell = Arc::new(OnceCell::new());
                        cells.insert(key.to_string(), cell.clone());
                        order.push_back(key.to_string());
                        while order.len() > self.capacity {
                            if let Some(old) = order.pop_front() {
                                cells.remove(&old);
                            }
                        }
                        cell
                    }
                }
            }
            // A panicked holder: compute without caching rather than fail the citation.
            Err(_) => Arc::new(OnceCell::new()),
        };
        cell.get_or_init(|| make).await.clone()
    }
}

/// Lists read, outlets' lists discovered and candidates extracted in a run.
pub(crate) struct Cache {
    lists: Memo<Arc<ListRead>>,
    articles: Memo<Option<ArticleRead>>,
    discovered: Memo<Arc<Discovered>>,
}

/// Lists kept at most (each a few hundred entries).
const LIST_CAPACITY: usize = 64;
/// Candidate articles kept at most (extracted text only).
const ARTICLE_CAPACITY: usize = 256;
/// Outlets whose discovered lists are kept at most.
const OUTLET_CAPACITY: usize = 256;

impl Default for Cache {
    fn default() -> Self {
        Cache {
            lists: Memo::new(LIST_CAPACITY),
            articles: Memo::new(ARTICLE_CAPACITY),
            discovered: Memo::new(OUTLET_CAPACITY),
        }
    }
}

impl Cache {
    /// The list at `url`, read with `read` once per run.
    pub(crate) async fn list<F: Future<Output = ListRead>>(
        &self,
        url: &str,
        read: F,
    ) -> Arc<ListRead> {
        self.lists.get_or(url, async { Arc::new(read.await) }).await
    }

    /// What discovery found for the outlet whose home page is `home`, found with `find`
    /// once per run.
    pub(crate) async fn discovered<F: Future<Output = Discovered>>(
        &self,
        home: &str,
        find: F,
    ) -> Arc<Discovered> {
        self.discovered
            .get_or(home, async { Arc::new(find.await) })
            .await
    }

    /// The candidate at `url`, read with `read` once per run (`None`: unreadable).
    pub(crate) async fn article<F: Future<Output = Option<ArticleRead>>>(
        &self,
        url: &str,
        read: F,
    ) -> Option<ArticleRead> {
        self.articles.get_or(url, read).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn each_key_is_computed_once_even_when_asked_together() {
        let memo: Memo<usize> = Memo::new(2);
        let calls = AtomicUsize::new(0);
        let make = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            7
        };
        let (a, b) = tokio::join!(memo.get_or("x", make()), memo.get_or("x", make()));
        assert_eq!((a, b), (7, 7));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn the_oldest_entry_goes_past_capacity() {
        let memo: Memo<usize> = Memo::new(2);
        memo.get_or("a", async { 1 }).await;
        memo.get_or("b", async { 2 }).await;
        memo.get_or("c", async { 3 }).await;
        assert_eq!(memo.get_or("a", async { 10 }).await, 10, "recomputed");
        assert_eq!(memo.get_or("c", async { 30 }).await, 3, "kept");
    }
}

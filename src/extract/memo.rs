//! Extraction shared by identical pages: the same body bytes under many URLs (mirrors,
//! AMP copies, one story cited through many tracking links) are extracted once.
//!
//! Extraction is the dearest step of reading a source, and a run meets the same page again
//! and again. The memo is exact, not a guess: it is keyed by the page's bytes (a 64-bit
//! hash and the length) together with everything [`super::extract`] reads of the URL —
//! the host (the title drops the site's name) and the address's date facts
//! ([`super::date::address_facts`]). Two requests that agree on those get the same
//! article, so sharing it changes nothing a report says. Matching still runs per citation.
//!
//! The memo is bounded by the bytes of the articles it holds ([`MEMO_BUDGET`]), least
//! recently used first out: repeats of a page come close together in a run, and an
//! article is a fraction of its page.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use hashlink::LinkedHashMap;

use crate::model::Article;

/// The most bytes of article text the memo holds: 32 MB.
pub const MEMO_BUDGET: usize = 32 * 1024 * 1024;

/// What identifies an extraction: the page's hash and length, and the URL's facts.
type Key = (u64, usize, String);

struct Memo {
    entries: LinkedHashMap<Key, Arc<Article>>,
    bytes: usize,
}

fn cost(article: &Article) -> usize {
    article.text.len() + article.boilerplate.len() + article.title.as_ref().map_or(0, String::len)
}

fn memo() -> &'static Mutex<Memo> {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    MEMO.get_or_init(|| {
        Mutex::new(Memo {
            entries: LinkedHashMap::new(),
            bytes: 0,
        })
    })
}

/// The key of a page and the URL it came from.
fn key(html: &str, url: Option<&str>) -> Key {
    let mut hasher = DefaultHasher::new();
    html.hash(&mut hasher);
    let facts = match url {
        Some(url) => {
            let host = url::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_default();
            format!("{host}|{}", super::date::address_facts(url))
        }
        None => String::new(),
    };
    (hasher.finish(), html.len(), facts)
}

/// [`super::extract`], shared with earlier extractions of the same bytes and URL facts.
pub fn extract_shared(html: &str, url: Option<&str>) -> Arc<Article> {
    let key = key(html, url);
    {
        let mut memo = memo().lock().unwrap_or_else(|p| p.into_inner());
        if let Some(article) = memo.entries.to_back(&key) {
            return article.clone();
        }
    }
    let article = Arc::new(super::extract(html, url));
    let size = cost(&article);
    if size <= MEMO_BUDGET {
        let mut memo = memo().lock().unwrap_or_else(|p| p.into_inner());
        // Bounded: each pass removes one entry.
        while memo.bytes + size > MEMO_BUDGET {
            match memo.entries.pop_front() {
                Some((_, old)) => memo.bytes -= cost(&old),
                None => break,
            }
        }
        if let Some(old) = memo.entries.insert(key, article.clone()) {
            memo.bytes -= cost(&old);
        }
        memo.bytes += size;
    }
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><title>Rail deal - Daily Example</title></head><body>\
        <article><h1>Rail deal</h1><p>The railway will open in 2025, officials said at the \
        forum on Monday, after years of talks about its route.</p></article></body></html>";

    #[test]
    fn the_same_page_under_another_url_with_the_same_facts_is_extracted_once() {
        let a = extract_shared(PAGE, Some("https://daily.example/p/1?utm=a"));
        let b = extract_shared(PAGE, Some("https://daily.example/p/2?utm=b"));
        assert!(Arc::ptr_eq(&a, &b), "shared");
        assert_eq!(
            *a,
            crate::extract::extract(PAGE, Some("https://daily.example/p/2"))
        );
    }

    #[test]
    fn urls_whose_facts_differ_get_their_own_extraction() {
        let plain = extract_shared(PAGE, Some("https://daily.example/story"));
        let dated = extract_shared(PAGE, Some("https://daily.example/2023/09/27/story"));
        let other = extract_shared(PAGE, Some("https://other.example/story"));
        assert!(!Arc::ptr_eq(&plain, &dated) && !Arc::ptr_eq(&plain, &other));
        assert_eq!(
            *dated,
            crate::extract::extract(PAGE, Some("https://daily.example/2023/09/27/story"))
        );
        assert_eq!(
            *other,
            crate::extract::extract(PAGE, Some("https://other.example/story"))
        );
    }
}

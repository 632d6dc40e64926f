//! Reading a source: fetch → extract → match, the one path for every page a citation is
//! checked against — the document's own link, a resolver's candidate, an archived copy.
//!
//! A [`Reading`] is a fetch together with the article extracted from its page. Whoever
//! fetched the page (the resolver while choosing among candidates, the pipeline for a
//! linked source, the archive lookup for a copy), the article is extracted the same way,
//! only from a page that was read, and the citation is checked against it the same way
//! ([`Reading::check`]). A page already extracted — by the resolver, or kept by the history
//! for a `304 Not Modified` — is handed in with [`Reading::with_article`] instead of being
//! extracted again.

use std::sync::Arc;

use crate::extract;
use crate::fetch::{FetchOutcome, FetchRequest, Fetcher};
use crate::matching::{self, Check};
use crate::model::{Article, Citation};

/// A fetch and the article of the page it read.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// What fetching the URL came to.
    pub outcome: FetchOutcome,
    /// The article extracted from the page; `None` when no page was read.
    pub article: Option<Arc<Article>>,
}

impl Reading {
    /// Fetches a URL and extracts the article of the page it reads (on the CPU pool,
    /// [`crate::cpu`], off the threads that drive the network).
    pub async fn fetch(fetcher: &Fetcher, request: FetchRequest) -> Reading {
        let outcome = fetcher.fetch(request).await;
        crate::cpu::run(move || Reading::of(outcome)).await
    }

    /// The reading of a fetch already made: its page's article extracted.
    pub fn of(outcome: FetchOutcome) -> Reading {
        let article = match &outcome.page {
            Some(page) if outcome.link.status.is_readable() => {
                // Shared with earlier reads of the same bytes (mirrors, copies): exact, see
                // `extract::memo`.
                Some(extract::extract_shared(&page.text, Some(&page.url)))
            }
            _ => None,
        };
        Reading { outcome, article }
    }

    /// The reading of a fetch whose article is known already (extracted by whoever read
    /// the page first, or kept by the history for a 304); without one, as [`Reading::of`].
    pub fn with_article(outcome: FetchOutcome, article: Option<Arc<Article>>) -> Reading {
        match article {
            Some(article) => Reading {
                outcome,
                article: Some(article),
            },
            None => Reading::of(outcome),
        }
    }

    /// The citation checked against the article, when there is one.
    pub fn check(&self, citation: &Citation) -> Option<Check> {
        self.article
            .as_deref()
            .map(|article| matching::check(citation, article))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::FetchedPage;
    use crate::model::{FailureCause, Link, LinkStatus};

    fn outcome(status: LinkStatus, html: Option<&str>) -> FetchOutcome {
        FetchOutcome {
            url: "https://outlet.example/a".into(),
            link: Link::not_requested(status, None),
            not_modified: false,
            page: html.map(|text| FetchedPage {
                url: "https://outlet.example/a".into(),
                text: text.into(),
                ..FetchedPage::default()
            }),
        }
    }

    const PAGE: &str = "<html><body><article><p>The railway will open in 2025, officials \
                        said at the forum on Monday, after years of talks.</p></article>\
                        </body></html>";

    #[test]
    fn a_read_page_is_extracted_and_a_failed_fetch_is_not() {
        let read = Reading::of(outcome(LinkStatus::Ok, Some(PAGE)));
        let article = read.article.as_deref().expect("an article");
        assert!(article.text.contains("railway will open in 2025"));
        let mut failed = outcome(LinkStatus::NotFound, None);
        failed.link.cause = Some(FailureCause::HttpStatus { code: 404 });
        assert_eq!(Reading::of(failed).article, None);
    }

    #[test]
    fn an_article_known_already_is_not_extracted_again() {
        let known = Arc::new(Article {
            text: "kept by the history".into(),
            ..Article::default()
        });
        let read = Reading::with_article(outcome(LinkStatus::Ok, Some(PAGE)), Some(known));
        assert_eq!(
            read.article.as_deref().map(|a| a.text.as_str()),
            Some("kept by the history")
        );
        let read = Reading::with_article(outcome(LinkStatus::Ok, Some(PAGE)), None);
        assert!(read.article.is_some(), "without one, the page is extracted");
    }
}

//! Reading a candidate that an archive offered: live first, else its archived copy — a
//! Wayback capture or a Common Crawl WARC record — kept in `--cache` for good (a copy of
//! the past does not change, and a nightly run should not ask the archive again).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::archive::polite::{ArchiveGate, Ask};
use crate::archive::ArchivedPage;
use crate::cache::{self, DiskCache};
use crate::fetch::{FetchOutcome, FetchRequest, FetchedPage, Fetcher, Purpose, RequestBudget};
use crate::model::Link;
use crate::read::Reading;

use super::super::cache::ArticleRead;
use super::super::duplicates;
use super::{commoncrawl, ArchiveCopy};

/// What reading a candidate needs: the crawler, the archives' gate, the citation's budget
/// and the disk cache.
#[derive(Clone, Copy)]
pub(crate) struct Reader<'a> {
    /// The crawler.
    pub(crate) fetcher: &'a Fetcher,
    /// The archives' rates and pauses.
    pub(crate) gate: &'a ArchiveGate,
    /// The citation's requests.
    pub(crate) budget: &'a RequestBudget,
    /// Answers kept across runs, when `--cache` is on.
    pub(crate) disk: Option<&'a DiskCache>,
}

/// An archived copy as kept in the cache.
#[derive(Serialize, Deserialize)]
struct Kept {
    url: String,
    captured: DateTime<Utc>,
    link: Link,
    page_url: String,
    text: String,
    content_type: Option<String>,
    encoding: String,
}

impl Kept {
    fn of(copy: &ArchivedPage) -> Option<Kept> {
        let page = copy.outcome.page.as_ref()?;
        Some(Kept {
            url: copy.url.clone(),
            captured: copy.captured,
            link: copy.outcome.link.clone(),
            page_url: page.url.clone(),
            text: page.text.clone(),
            content_type: page.content_type.clone(),
            encoding: page.encoding.clone(),
        })
    }

    fn page(self) -> ArchivedPage {
        ArchivedPage {
            outcome: FetchOutcome {
                url: self.url.clone(),
                link: self.link,
                not_modified: false,
                page: Some(FetchedPage {
                    url: self.page_url,
                    text: self.text,
                    content_type: self.content_type,
                    encoding: self.encoding,
                    ..FetchedPage::default()
                }),
            },
            url: self.url,
            captured: self.captured,
        }
    }
}

/// The cache key of a copy: its URL, with the byte range of a WARC record.
fn key(copy: &ArchiveCopy) -> String {
    match copy {
        ArchiveCopy::Replay { url, .. } => url.clone(),
        ArchiveCopy::Warc {
            url,
            offset,
            length,
            ..
        } => format!("{url}#offset={offset}&length={length}"),
    }
}

/// Reads a candidate's archived copy (its live page being dead or blocked), within the
/// citation's budget and the archive's rate. `None` when it could not be read.
pub(crate) async fn read_copy(copy: &ArchiveCopy, reader: Reader<'_>) -> Option<ArchivedPage> {
    let key = key(copy);
    if let Some(kept) = reader
        .disk
        .and_then(|d| d.get::<Kept>(cache::ARCHIVES, &key))
    {
        tracing::debug!(%key, "archived copy from the cache");
        return Some(kept.page());
    }
    let page = match copy {
        ArchiveCopy::Replay { url, captured } => {
            let request = FetchRequest::new(url.clone(), Purpose::Archive).within(reader.budget);
            let outcome = reader
                .gate
                .fetch(reader.fetcher, request, Ask::Replay)
                .await
                .ok()?;
            if !(outcome.link.status.is_readable() && outcome.page.is_some()) {
                tracing::debug!(%url, status = %outcome.link.status, "archived copy not read");
                return None;
            }
            ArchivedPage {
                url: url.clone(),
                captured: *captured,
                outcome,
            }
        }
        ArchiveCopy::Warc { .. } => {
            commoncrawl::read_record(copy, reader.fetcher, reader.gate, reader.budget).await?
        }
    };
    if let (Some(disk), Some(kept)) = (reader.disk, Kept::of(&page)) {
        disk.put(cache::ARCHIVES, &key, &kept);
    }
    Some(page)
}

/// Reads a candidate: live first; when the live page gives no article and an archive
/// keeps a copy, the copy (the article then stands at the original URL, `copy` says where
/// it was read). Returns the live fetch too, for the pipeline.
pub(crate) async fn read_candidate(
    url: String,
    copy: Option<ArchiveCopy>,
    reader: Reader<'_>,
    domains: &[String],
) -> (FetchOutcome, Option<ArticleRead>) {
    let request = FetchRequest::new(url.clone(), Purpose::Citation).within(reader.budget);
    let Reading { outcome, article } = Reading::fetch(reader.fetcher, request).await;
    let live = article
        .zip(outcome.page.as_ref())
        .map(|(article, page)| ArticleRead {
            url: page.url.clone(),
            article,
            canonical: duplicates::canonical(&page.text, &page.url, domains),
            copy: None,
        });
    if live.is_some() || outcome.link.status.is_readable() {
        return (outcome, live);
    }
    let Some(copy) = copy else {
        return (outcome, None);
    };
    let Some(archived) = read_copy(&copy, reader).await else {
        return (outcome, None);
    };
    let copied = archived.outcome.clone();
    let reading = crate::cpu::run(move || Reading::of(copied)).await;
    let read = reading
        .article
        .zip(archived.outcome.page.as_ref())
        .map(|(article, page)| ArticleRead {
            canonical: duplicates::canonical(&page.text, &url, domains),
            url: url.clone(),
            article,
            copy: Some(archived.clone()),
        });
    (outcome, read)
}

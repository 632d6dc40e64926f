//! What the Wayback Machine saw of an outlet around the cited date: its CDX listing of the
//! outlet's domain.
//!
//! One query lists the domain's captures from the day before the cited date to three
//! weeks after (`matchType=domain`), only status-200 HTML (`filter=statuscode:200`,
//! `filter=mimetype:text/html`), one row per URL (`collapse=urlkey`), [`PAGE_ROWS`] rows a
//! page; further pages (`showResumeKey`, `resumeKey`) only while the listing has more,
//! [`MAX_PAGES`] at most. A listing of a window that lies in the past cannot change, so it
//! is kept in `--cache` for good, keyed by its query URL. Capture time is not publication
//! time: a page's date comes from its URL when that carries one, else from the page when
//! read; captures are ordered nearest the cited day first, so equal-ranked candidates are
//! read in that order.

use chrono::{Duration, NaiveDate};

use crate::archive::polite::Ask;
use crate::archive::wayback::{parse_cdx, raw_copy_url, replay_prefix, Snapshot};
use crate::cache;
use crate::fetch::{FetchRequest, Purpose};
use crate::model::{Citation, ResolutionMethod};

use super::super::gather::{failure_of, Lists};
use super::super::listing::{Listed, MAX_LISTED};
use super::{date_in_url, not_an_article, slug_words, ArchiveCopy, Services};
use super::{DAYS_AFTER, DAYS_BEFORE};

/// Listing pages read at most per citation.
pub(crate) const MAX_PAGES: usize = 3;
/// Rows asked for per listing page.
pub(crate) const PAGE_ROWS: usize = 1_000;

/// Days before today from which a listing's window no longer changes.
const SETTLED_DAYS: i64 = 3;

/// The CDX listing query for `domain` captured from `from` to `to`.
pub(crate) fn listing_query(
    endpoint: &str,
    domain: &str,
    from: NaiveDate,
    to: NaiveDate,
    resume: Option<&str>,
) -> String {
    let mut q = format!(
        "{endpoint}?url={domain}&matchType=domain&from={}&to={}&output=json\
         &fl=timestamp,original,statuscode,mimetype&filter=statuscode:200\
         &filter=mimetype:text/html&collapse=urlkey&limit={PAGE_ROWS}&showResumeKey=true",
        from.format("%Y%m%d"),
        to.format("%Y%m%d")
    );
    if let Some(key) = resume {
        let key: String = url::form_urlencoded::byte_serialize(key.as_bytes()).collect();
        q.push_str(&format!("&resumeKey={key}"));
    }
    q
}

/// One page of a listing: its captures, and the key of the next page if there is one.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Page {
    /// `(timestamp, original)` of each capture.
    pub(crate) rows: Vec<(String, String)>,
    /// `resumeKey` of the next page.
    pub(crate) resume: Option<String>,
}

/// Parses a listing page: JSON rows, then (with `showResumeKey`) an empty row and a row
/// holding the resume key.
pub(crate) fn parse_page(text: &str) -> Page {
    let resume = serde_json::from_str::<Vec<Vec<serde_json::Value>>>(text)
        .ok()
        .and_then(|rows| {
            let n = rows.len();
            (n >= 2 && rows[n - 2].is_empty() && rows[n - 1].len() == 1)
                .then(|| rows[n - 1][0].as_str().map(str::to_string))
                .flatten()
        })
        .filter(|k| !k.is_empty());
    Page {
        rows: parse_cdx(text)
            .into_iter()
            .map(|s| (s.timestamp, s.original))
            .collect(),
        resume,
    }
}

/// The outlet's pages the Wayback Machine captured around the cited date.
pub(crate) async fn list(
    lists: &mut Lists<'_>,
    citation: &Citation,
    services: &Services,
) -> Vec<Listed> {
    let (Some(endpoint), Some(day), Some(domain)) = (
        services.config.wayback_cdx.as_deref(),
        citation.date,
        lists.outlet.domains.first().cloned(),
    ) else {
        return Vec::new();
    };
    let from = day - Duration::days(DAYS_BEFORE);
    let to = day + Duration::days(DAYS_AFTER);
    let settled = to <= chrono::Local::now().date_naive() - Duration::days(SETTLED_DAYS);
    let first = listing_query(endpoint, &domain, from, to, None);
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut resume: Option<String> = None;
    for n in 0..MAX_PAGES {
        let query = listing_query(endpoint, &domain, from, to, resume.as_deref());
        if n > 0 && resume.is_none() {
            break;
        }
        let Some(page) = read_page(lists, services, &query, settled).await else {
            break;
        };
        rows.extend(page.rows);
        resume = page.resume;
        if resume.is_none() || rows.len() >= MAX_LISTED {
            break;
        }
    }
    let prefix = replay_prefix(endpoint);
    let mut listed: Vec<(i64, Listed)> = rows
        .into_iter()
        .filter(|(_, original)| !not_an_article(original))
        .filter_map(|(timestamp, original)| {
            let snap = parse_cdx(&format!("{timestamp} {original} 200"))
                .into_iter()
                .next()?;
            let distance = (snap.captured.date_naive() - day).num_days().abs();
            Some((distance, candidate(&prefix, snap, &first)))
        })
        .take(MAX_LISTED)
        .collect();
    listed.sort_by_key(|(distance, _)| *distance);
    listed.into_iter().map(|(_, l)| l).collect()
}

/// A capture as a candidate: the original URL, its date if the URL carries one, the words
/// of its path as its headline, and its raw copy.
fn candidate(prefix: &str, snap: Snapshot, via: &str) -> Listed {
    let mut listed = Listed::new(
        snap.original.clone(),
        date_in_url(&snap.original),
        slug_words(&snap.original),
        ResolutionMethod::Wayback,
    );
    listed.via = via.to_string();
    listed.discovered = true;
    listed.copy = Some(ArchiveCopy::Replay {
        url: raw_copy_url(prefix, &snap),
        captured: snap.captured,
    });
    listed
}

/// Reads one listing page: from the cache when kept, else from the CDX server within the
/// citation's budget and the archive's rate.
async fn read_page(
    lists: &mut Lists<'_>,
    services: &Services,
    query: &str,
    settled: bool,
) -> Option<Page> {
    if let Some(kept) = lists
        .disk
        .and_then(|d| d.get::<Page>(cache::ARCHIVES, query))
    {
        tracing::debug!(%query, "Wayback listing from the cache");
        return Some(kept);
    }
    if !lists.enter_host(query) {
        lists.failures.push(format!(
            "{query} (not requested: the request budget is spent)"
        ));
        return None;
    }
    let request = FetchRequest::new(query, Purpose::Archive).within(&lists.budget);
    let outcome = match services
        .gate
        .fetch(lists.fetcher, request, Ask::Index)
        .await
    {
        Ok(outcome) => outcome,
        Err(refused) => {
            lists.failures.push(format!("{query} ({refused})"));
            return None;
        }
    };
    let page = match &outcome.page {
        Some(p) if outcome.link.status.is_readable() => parse_page(&p.text),
        _ => {
            lists.failures.push(failure_of(query, &outcome));
            return None;
        }
    };
    if let Some(disk) = lists.disk.filter(|_| settled) {
        disk.put(cache::ARCHIVES, query, &page);
    }
    Some(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_asks_for_html_captures_of_the_domain_one_per_url() {
        let day = NaiveDate::from_ymd_opt(2023, 9, 26).unwrap();
        let q = listing_query(
            "https://web.archive.org/cdx/search/cdx",
            "ikon.mn",
            day,
            day + Duration::days(22),
            Some("mn,ikon)/n/2 2023"),
        );
        for part in [
            "url=ikon.mn&matchType=domain",
            "from=20230926&to=20231018",
            "filter=statuscode:200",
            "filter=mimetype:text/html",
            "collapse=urlkey",
            "showResumeKey=true",
            "resumeKey=mn%2Cikon%29%2Fn%2F2+2023",
        ] {
            assert!(q.contains(part), "{part} in {q}");
        }
    }

    #[test]
    fn the_resume_key_follows_an_empty_row() {
        let text = r#"[["timestamp","original","statuscode","mimetype"],
            ["20230928101500","http://ikon.mn/n/2abc","200","text/html"],
            [],["mn,ikon)/n/2abd 20230929"]]"#;
        let page = parse_page(text);
        assert_eq!(page.rows.len(), 1);
        assert_eq!(page.resume.as_deref(), Some("mn,ikon)/n/2abd 20230929"));
        let last = r#"[["timestamp","original","statuscode","mimetype"],
            ["20230928101500","http://ikon.mn/n/2abc","200","text/html"]]"#;
        assert_eq!(parse_page(last).resume, None);
        assert_eq!(parse_page("not json"), Page::default());
    }
}

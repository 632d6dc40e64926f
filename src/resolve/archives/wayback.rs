//! What the Wayback Machine saw of an outlet around the cited date: its CDX listing of the
//! outlet's domain.
//!
//! A query lists the domain's captures (`matchType=domain`) from the day before the cited
//! date to three days after, then, when that listing is not full, to three weeks after:
//! only status-200 HTML (`filter=statuscode:200`, `filter=mimetype:text/html`), one row per
//! URL (`collapse=urlkey`), [`PAGE_ROWS`] rows a page, further pages (`showResumeKey`,
//! `resumeKey`) only while the listing has more, [`MAX_PAGES`] queries at most. A busy
//! domain (its first page full) whose URLs carry their date (`/2023/09/27/`,
//! `/a/202309/27/`, `/2023/09/`) is narrowed next to the cited day's prefix
//! (`matchType=prefix`), whose captures are read first and end the paging. A listing of a
//! window that lies in the past cannot change, so it is kept in `--cache` for good, keyed
//! by its query URL. Capture time is not publication time: a page's date comes from its
//! URL when that carries one, else from the page when read; captures are ordered nearest
//! the cited day first, so equal-ranked candidates are read in that order.

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

/// Days after the cited one asked for first.
pub(crate) const NEAR_DAYS: i64 = 3;

/// Days before today from which a listing's window no longer changes.
const SETTLED_DAYS: i64 = 3;

/// The CDX listing query for `domain` captured from `from` to `to`.
pub(crate) fn listing_query(
    endpoint: &str,
    target: &Target,
    from: NaiveDate,
    to: NaiveDate,
    resume: Option<&str>,
) -> String {
    let (url, kind) = match target {
        Target::Domain(domain) => (domain.as_str(), "domain"),
        Target::Prefix(prefix) => (prefix.as_str(), "prefix"),
    };
    let url: String = url::form_urlencoded::byte_serialize(url.as_bytes()).collect();
    let mut q = format!(
        "{endpoint}?url={url}&matchType={kind}&from={}&to={}&output=json\
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

/// What a listing asks for: the whole domain, or the URLs under a prefix.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    /// `matchType=domain`: the domain and its subdomains.
    Domain(String),
    /// `matchType=prefix`: the URLs that start so (`host/2023/09/27/`).
    Prefix(String),
}

/// How article URLs carry their date, most specific first (`/2023/09/27/`, `2023-09-27`,
/// `/202309/27/`, `/2023/09/`).
const DATE_FORMS: [&str; 6] = [
    "/%Y/%m/%d/",
    "/%Y-%m-%d",
    "/%Y%m%d",
    "/%Y%m/%d/",
    "/%Y/%m%d/",
    "/%Y/%m/",
];

/// When the outlet's article URLs carry their date (at least [`MIN_DATED`] of `urls` in the
/// same form under the same path), the prefix of the cited day's articles in that form.
pub(crate) fn dated_prefix(urls: &[String], day: NaiveDate) -> Option<String> {
    let mut counts: std::collections::HashMap<(String, &str), usize> =
        std::collections::HashMap::new();
    for url in urls {
        let Ok(u) = url::Url::parse(url) else {
            continue;
        };
        let Some(host) = u.host_str() else { continue };
        let host = match u.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        let path = u.path();
        let Some(form) = DATE_FORMS.iter().find_map(|form| {
            let at = date_at(path, form)?;
            Some((at, *form))
        }) else {
            continue;
        };
        let ((at, _), form) = form;
        let key = (format!("{host}{}", &path[..at]), form);
        *counts.entry(key).or_default() += 1;
    }
    let ((before, form), n) = counts.into_iter().max_by_key(|(k, n)| (*n, k.0.clone()))?;
    (n >= MIN_DATED).then(|| format!("{before}{}", day.format(form)))
}

/// URLs in one dated form that make it the outlet's.
const MIN_DATED: usize = 3;

/// Where a date written in `form` starts in `path`, and its length.
fn date_at(path: &str, form: &str) -> Option<(usize, usize)> {
    let len = NaiveDate::from_ymd_opt(2023, 9, 27)?
        .format(form)
        .to_string()
        .len();
    (0..path.len().saturating_sub(len - 1)).find_map(|at| {
        let piece = path.get(at..at + len)?;
        let parsed = if form == "/%Y/%m/" {
            NaiveDate::parse_from_str(&format!("{piece}01"), "/%Y/%m/%d").ok()
        } else {
            NaiveDate::parse_from_str(piece, form).ok()
        };
        parsed
            .filter(|d| (1995..=2100).contains(&chrono::Datelike::year(d)))
            .map(|_| (at, len))
    })
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
    let prefix = replay_prefix(endpoint);
    let today = chrono::Local::now().date_naive();
    let mut listed: Vec<(i64, Listed)> = Vec::new();
    let mut pages_left = MAX_PAGES;
    let mut narrowed = false;
    // The days right after the cited one first: a busy domain's captures of three weeks
    // would fill every page with other days (a listing is ordered by URL, not by time).
    for (from, to) in windows(day) {
        if pages_left == 0 || listed.len() >= PAGE_ROWS {
            break;
        }
        let target = Target::Domain(domain.clone());
        let first = listing_query(endpoint, &target, from, to, None);
        let mut resume: Option<String> = None;
        while pages_left > 0 {
            let query = listing_query(endpoint, &target, from, to, resume.as_deref());
            pages_left -= 1;
            let settled = to <= today - Duration::days(SETTLED_DAYS);
            let Some(page) = read_page(lists, services, &query, settled).await else {
                break;
            };
            let originals: Vec<String> = page.rows.iter().map(|(_, o)| o.clone()).collect();
            add(&mut listed, page.rows, &prefix, &first, day, 0);
            resume = page.resume;
            // A busy domain whose URLs carry their date: the cited day's own URLs next.
            let dated = dated_prefix(&originals, day).filter(|_| resume.is_some() && !narrowed);
            if let (Some(dated), true) = (dated, pages_left > 0) {
                narrowed = true;
                pages_left -= 1;
                let (from, to) = (
                    day - Duration::days(DAYS_BEFORE),
                    day + Duration::days(DAYS_AFTER),
                );
                let target = Target::Prefix(dated);
                let query = listing_query(endpoint, &target, from, to, None);
                let settled = to <= today - Duration::days(SETTLED_DAYS);
                if let Some(page) = read_page(lists, services, &query, settled).await {
                    // The cited day's own URLs: the domain's other days need no more pages.
                    if !page.rows.is_empty() {
                        pages_left = 0;
                    }
                    add(&mut listed, page.rows, &prefix, &query, day, -1);
                }
            }
            if resume.is_none() || listed.len() >= MAX_LISTED {
                break;
            }
        }
    }
    listed.sort_by_key(|(distance, _)| *distance);
    listed.into_iter().map(|(_, l)| l).collect()
}

/// Adds a listing page's captures as candidates; `rank` 0 ranks them by their capture's
/// distance from the cited day, -1 ahead of all those.
fn add(
    listed: &mut Vec<(i64, Listed)>,
    rows: Vec<(String, String)>,
    prefix: &str,
    via: &str,
    day: NaiveDate,
    rank: i64,
) {
    for (timestamp, original) in rows {
        if not_an_article(&original) || listed.len() >= MAX_LISTED {
            continue;
        }
        if listed.iter().any(|(_, l)| l.url == original) {
            continue;
        }
        let line = format!("{timestamp} {original} 200");
        if let Some(snap) = parse_cdx(&line).into_iter().next() {
            let distance = match rank {
                0 => (snap.captured.date_naive() - day).num_days().abs(),
                r => r,
            };
            listed.push((distance, candidate(prefix, snap, via)));
        }
    }
}

/// Capture days asked for, in order: the day before the cited one to [`NEAR_DAYS`] after
/// it, then the rest up to [`DAYS_AFTER`].
pub(crate) fn windows(day: NaiveDate) -> [(NaiveDate, NaiveDate); 2] {
    [
        (
            day - Duration::days(DAYS_BEFORE),
            day + Duration::days(NEAR_DAYS),
        ),
        (
            day + Duration::days(NEAR_DAYS + 1),
            day + Duration::days(DAYS_AFTER),
        ),
    ]
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
            &Target::Domain("ikon.mn".into()),
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
    fn dated_urls_give_the_cited_days_prefix() {
        let day = NaiveDate::from_ymd_opt(2023, 9, 27).unwrap();
        let urls = |paths: &[&str]| -> Vec<String> {
            paths
                .iter()
                .map(|p| format!("https://www.x.test{p}"))
                .collect()
        };
        let daily = urls(&["/2023/09/25/a", "/2023/09/26/b", "/2023/10/01/c", "/about"]);
        assert_eq!(
            dated_prefix(&daily, day).as_deref(),
            Some("www.x.test/2023/09/27/")
        );
        let cd = urls(&[
            "/a/202309/25/WS1.html",
            "/a/202309/26/WS2.html",
            "/a/202310/02/WS3.html",
        ]);
        assert_eq!(
            dated_prefix(&cd, day).as_deref(),
            Some("www.x.test/a/202309/27/")
        );
        let monthly = urls(&["/2023/09/a-story", "/2023/10/b-story", "/2023/09/c-story"]);
        assert_eq!(
            dated_prefix(&monthly, day).as_deref(),
            Some("www.x.test/2023/09/")
        );
        let flat = urls(&["/n/2abc", "/n/2abd", "/n/12345678"]);
        assert_eq!(dated_prefix(&flat, day), None);
        assert_eq!(
            dated_prefix(&daily[..2], day),
            None,
            "two are not a pattern"
        );
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

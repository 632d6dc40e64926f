//! Common Crawl: the crawls whose dates cover a citation, their index of the outlet's
//! domain, and a candidate's WARC record read by byte range.
//!
//! The crawl list (`[archives] commoncrawl`, `collinfo.json`) is read once per run; the
//! crawls that started no later than [`CRAWL_DAYS_AFTER`] days after the cited date and
//! ended no earlier than the day before are asked, earliest first, [`MAX_CRAWLS`] at most.
//! Each crawl's index is a pywb CDX API answering JSON lines (`url`, `timestamp`, `status`,
//! `mime`, `filename`, `offset`, `length`); Common Crawl's index serves one request at a
//! time, so these queries are serialised per host as well as rate-limited. A finished
//! crawl's index answer cannot change: it is kept in `--cache` for good. A record is read
//! from `commoncrawl_data` with `Range: bytes=offset-(offset+length-1)`: one gzip member
//! holding a WARC `response` record, whose HTTP body is the page.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Deserialize;

use crate::archive::polite::{ArchiveGate, Ask};
use crate::archive::ArchivedPage;
use crate::cache;
use crate::fetch::{FetchRequest, FetchedPage, Fetcher, Purpose, RequestBudget};
use crate::model::{Citation, ResolutionMethod};

use super::super::gather::{failure_of, Lists};
use super::super::listing::{Listed, MAX_LISTED};
use super::{date_in_url, not_an_article, slug_words, ArchiveCopy, Services, DAYS_BEFORE};

/// Crawls whose index is asked at most per citation.
pub(crate) const MAX_CRAWLS: usize = 2;
/// A crawl that started this many days after the cited date may still hold the article.
pub(crate) const CRAWL_DAYS_AFTER: i64 = 60;
/// Rows asked of one crawl's index.
const INDEX_ROWS: usize = 1_000;

/// One crawl of the crawl list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Crawl {
    /// `CC-MAIN-2023-40`.
    pub(crate) id: String,
    /// Its index (pywb CDX API).
    #[serde(rename = "cdx-api")]
    pub(crate) cdx_api: String,
    /// When it started and ended (`2023-09-21T00:00:00`).
    #[serde(default)]
    pub(crate) from: Option<String>,
    #[serde(default)]
    pub(crate) to: Option<String>,
}

fn day_of(stamp: Option<&str>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(stamp?.get(..10)?, "%Y-%m-%d").ok()
}

/// The crawls that may hold an article of `day`, earliest first.
pub(crate) fn covering(crawls: &[Crawl], day: NaiveDate) -> Vec<Crawl> {
    let mut chosen: Vec<(NaiveDate, Crawl)> = crawls
        .iter()
        .filter_map(|c| {
            let (from, to) = (day_of(c.from.as_deref())?, day_of(c.to.as_deref())?);
            (to >= day - Duration::days(DAYS_BEFORE)
                && from <= day + Duration::days(CRAWL_DAYS_AFTER))
            .then(|| (from, c.clone()))
        })
        .collect();
    chosen.sort_by_key(|(from, _)| *from);
    chosen
        .into_iter()
        .map(|(_, c)| c)
        .take(MAX_CRAWLS)
        .collect()
}

/// A crawl's index query for `domain`.
pub(crate) fn index_query(cdx_api: &str, domain: &str, day: NaiveDate) -> String {
    format!(
        "{cdx_api}?url={domain}&matchType=domain&output=json&filter=status:200\
         &filter=mime:text/html&from={}&limit={INDEX_ROWS}",
        (day - Duration::days(DAYS_BEFORE)).format("%Y%m%d")
    )
}

/// One line of an index answer.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
pub(crate) struct Row {
    url: String,
    timestamp: String,
    #[serde(default)]
    status: Option<String>,
    filename: String,
    offset: String,
    length: String,
}

/// The rows of an index answer (JSON lines; unreadable lines are skipped).
pub(crate) fn parse_index(text: &str) -> Vec<Row> {
    text.lines()
        .filter_map(|l| serde_json::from_str::<Row>(l.trim()).ok())
        .filter(|r| r.status.as_deref().is_none_or(|s| s == "200"))
        .take(MAX_LISTED)
        .collect()
}

/// The outlet's pages Common Crawl holds around the cited date.
pub(crate) async fn list(
    lists: &mut Lists<'_>,
    citation: &Citation,
    services: &Services,
) -> Vec<Listed> {
    let config = &services.config;
    let (Some(collinfo), Some(data), Some(day), Some(domain)) = (
        config.commoncrawl.as_deref(),
        config.commoncrawl_data.as_deref(),
        citation.date,
        lists.outlet.domains.first().cloned(),
    ) else {
        return Vec::new();
    };
    // Read once per run (it grows with each new crawl, so it is not kept across runs).
    let crawls = services
        .crawl_list
        .get_or_init(|| ask(lists, services, collinfo, false))
        .await;
    let Some(crawls) = crawls else {
        return Vec::new();
    };
    let crawls: Vec<Crawl> = match serde_json::from_str(crawls) {
        Ok(crawls) => crawls,
        Err(e) => {
            lists
                .failures
                .push(format!("{collinfo} (not a crawl list: {e})"));
            return Vec::new();
        }
    };
    let mut listed: Vec<(i64, Listed)> = Vec::new();
    for crawl in covering(&crawls, day) {
        let query = index_query(&crawl.cdx_api, &domain, day);
        let Some(text) = ask(lists, services, &query, true).await else {
            continue;
        };
        for row in parse_index(&text) {
            if not_an_article(&row.url) {
                continue;
            }
            if let Some((distance, l)) = candidate(data, &row, &query, day) {
                listed.push((distance, l));
            }
        }
    }
    listed.sort_by_key(|(distance, _)| *distance);
    listed.into_iter().map(|(_, l)| l).collect()
}

/// An index row as a candidate with its WARC record.
fn candidate(data: &str, row: &Row, via: &str, day: NaiveDate) -> Option<(i64, Listed)> {
    let captured = NaiveDateTime::parse_from_str(row.timestamp.get(..14)?, "%Y%m%d%H%M%S")
        .ok()?
        .and_utc();
    let (offset, length) = (row.offset.parse().ok()?, row.length.parse().ok()?);
    let mut listed = Listed::new(
        row.url.clone(),
        date_in_url(&row.url),
        slug_words(&row.url),
        ResolutionMethod::Commoncrawl,
    );
    listed.via = via.to_string();
    listed.discovered = true;
    let file = super::super::listing::absolute(data, &row.filename)?;
    listed.copy = Some(ArchiveCopy::Warc {
        url: file,
        offset,
        length,
        captured,
    });
    Some(((captured.date_naive() - day).num_days().abs(), listed))
}

/// Reads the crawl list or an index answer (`cacheable`: kept for good), within the
/// citation's budget; one request at a time per index host.
async fn ask(
    lists: &mut Lists<'_>,
    services: &Services,
    url: &str,
    cacheable: bool,
) -> Option<String> {
    if let Some(kept) = lists
        .disk
        .filter(|_| cacheable)
        .and_then(|d| d.get::<String>(cache::ARCHIVES, url))
    {
        return Some(kept);
    }
    if !lists.enter_host(url) {
        let why = format!("{url} (not requested: the request budget is spent)");
        lists.failures.push(why);
        return None;
    }
    let request = FetchRequest::new(url, Purpose::Archive).within(&lists.budget);
    let outcome = match services
        .gate
        .fetch(lists.fetcher, request, Ask::SerialIndex)
        .await
    {
        Ok(outcome) => outcome,
        Err(refused) => {
            lists.failures.push(format!("{url} ({refused})"));
            return None;
        }
    };
    match outcome.page {
        Some(page) if outcome.link.status.is_readable() => {
            if let Some(disk) = lists.disk.filter(|_| cacheable) {
                disk.put(cache::ARCHIVES, url, &page.text);
            }
            Some(page.text)
        }
        _ => {
            lists.failures.push(failure_of(url, &outcome));
            None
        }
    }
}

/// The HTTP body of a WARC `response` record (its text, unpacked): what the page was.
pub(crate) fn record_body(record: &str) -> Option<(&str, &str)> {
    let (warc, rest) = record.split_once("\r\n\r\n")?;
    if !warc.starts_with("WARC/") || !warc.lines().any(|l| l.trim() == "WARC-Type: response") {
        return None;
    }
    let (http, body) = rest.split_once("\r\n\r\n")?;
    let status_ok = http
        .lines()
        .next()
        .is_some_and(|l| l.split_whitespace().nth(1) == Some("200"));
    status_ok.then_some((http, body.trim_end_matches("\r\n\r\n")))
}

/// Reads a WARC record by byte range and gives its page as an archived copy.
pub(crate) async fn read_record(
    copy: &ArchiveCopy,
    fetcher: &Fetcher,
    gate: &ArchiveGate,
    budget: &RequestBudget,
) -> Option<ArchivedPage> {
    let ArchiveCopy::Warc {
        url,
        offset,
        length,
        captured,
    } = copy
    else {
        return None;
    };
    let last = offset.checked_add(length.checked_sub(1)?)?;
    let request = FetchRequest::new(url.clone(), Purpose::Archive)
        .bytes(*offset, last)
        .within(budget);
    let mut outcome = gate.fetch(fetcher, request, Ask::Replay).await.ok()?;
    let page = outcome
        .page
        .take()
        .filter(|_| outcome.link.status.is_readable())?;
    let Some((http, body)) = record_body(&page.text) else {
        tracing::debug!(%url, offset, "not a WARC response record of a 200");
        return None;
    };
    let content_type = http
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-type")
                .then(|| value.trim().to_string())
        })
        .or(page.content_type.clone());
    let where_ = format!("{url}#bytes={offset}-{last}");
    outcome.page = Some(FetchedPage {
        url: where_.clone(),
        text: body.to_string(),
        content_type,
        ..page
    });
    Some(ArchivedPage {
        url: where_,
        captured: *captured,
        outcome,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crawl(id: &str, from: &str, to: &str) -> Crawl {
        Crawl {
            id: id.into(),
            cdx_api: format!("https://index.commoncrawl.org/{id}-index"),
            from: Some(format!("{from}T00:00:00")),
            to: Some(format!("{to}T00:00:00")),
        }
    }

    #[test]
    fn the_crawls_around_the_cited_date_are_asked_earliest_first() {
        let crawls = [
            crawl("CC-MAIN-2023-47", "2023-11-20", "2023-12-04"),
            crawl("CC-MAIN-2023-40", "2023-09-21", "2023-10-05"),
            crawl("CC-MAIN-2023-23", "2023-05-27", "2023-06-11"),
            crawl("CC-MAIN-2024-10", "2024-02-20", "2024-03-05"),
        ];
        let day = NaiveDate::from_ymd_opt(2023, 9, 27).unwrap();
        let ids: Vec<String> = covering(&crawls, day).into_iter().map(|c| c.id).collect();
        assert_eq!(ids, ["CC-MAIN-2023-40", "CC-MAIN-2023-47"]);
        let q = index_query(&crawls[1].cdx_api, "ikon.mn", day);
        assert!(
            q.contains("url=ikon.mn&matchType=domain&output=json"),
            "{q}"
        );
        assert!(q.contains("filter=status:200&filter=mime:text/html&from=20230926"));
    }

    #[test]
    fn index_lines_and_records_are_read_and_junk_is_skipped() {
        let text = "{\"url\": \"https://ikon.mn/n/2abc\", \"timestamp\": \"20230929101010\", \
                    \"status\": \"200\", \"filename\": \"crawl-data/a.warc.gz\", \
                    \"offset\": \"100\", \"length\": \"2000\"}\nnot json\n\
                    {\"url\": \"https://ikon.mn/x\", \"timestamp\": \"20230929101010\", \
                    \"status\": \"404\", \"filename\": \"f\", \"offset\": \"1\", \"length\": \"2\"}";
        let rows = parse_index(text);
        assert_eq!(rows.len(), 1);
        let record = "WARC/1.0\r\nWARC-Type: response\r\n\r\nHTTP/1.1 200 OK\r\n\
                      Content-Type: text/html\r\n\r\n<html>page</html>\r\n\r\n";
        assert_eq!(record_body(record).map(|r| r.1), Some("<html>page</html>"));
        let request = record.replace("WARC-Type: response", "WARC-Type: request");
        assert_eq!(record_body(&request), None);
        assert_eq!(
            record_body(&record.replace(" 200 OK", " 404 Not Found")),
            None
        );
    }
}

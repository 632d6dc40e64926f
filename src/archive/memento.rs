//! Memento (RFC 7089) look-ups: a TimeGate, its Link headers, and its TimeMap when needed.
//!
//! `GET {timegate}{url}` answers with a memento: by a redirect the crawler follows, or in
//! the "200-style" with `Content-Location`. The answer's `Memento-Datetime` says when that
//! copy was made and its `Link` header names its neighbours (`prev`, `next`, `first`,
//! `last` mementos) and the TimeMap listing them all. The rule is the same as for the
//! Wayback CDX: the last copy on or before the cited day, else the first after. When the
//! neighbours settle it (the copy is on or before the day and the next one is after it; or
//! it is after the day and the previous one is on or before it), no more requests are made;
//! otherwise the TimeMap is read once and the rule applied to every memento it lists.
//!
//! The crawler's API carries no request headers, so no `Accept-Datetime` is sent: a
//! TimeGate then answers with its latest copy and the TimeMap does the choosing. Once
//! `FetchRequest` can carry headers, [`accept_datetime`] gives the value to send and the
//! first answer will usually settle it.

use chrono::{DateTime, NaiveDate, Utc};

use crate::fetch::{FetchOutcome, FetchRequest, Fetcher, Purpose};
use crate::model::LinkStatus;

use super::links::{self, WebLink};
use super::polite::{ArchiveGate, Ask};

/// One archived copy a Memento service names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Memento {
    /// Where the copy is (URI-M).
    pub(crate) uri: String,
    /// When it was captured.
    pub(crate) datetime: DateTime<Utc>,
}

/// A memento chosen from a TimeGate, with its fetch when the TimeGate's own answer was it.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The chosen copy.
    pub(crate) memento: Memento,
    /// Its fetch, if already made.
    pub(crate) outcome: Option<FetchOutcome>,
}

/// An HTTP date (RFC 7231), as Memento uses.
fn http_date(text: &str) -> Option<DateTime<Utc>> {
    httpdate::parse_http_date(text.trim())
        .ok()
        .map(DateTime::<Utc>::from)
}

/// The `Accept-Datetime` value for a cited day: its last second, so copies of that day
/// count as "on or before".
pub fn accept_datetime(day: NaiveDate) -> String {
    let end = day
        .and_hms_opt(23, 59, 59)
        .map(|t| t.and_utc())
        .unwrap_or_else(Utc::now);
    httpdate::fmt_http_date(end.into())
}

/// The mementos that links name (any rel containing `memento`, with a datetime).
pub(crate) fn mementos(links: &[WebLink], base: &str) -> Vec<Memento> {
    links
        .iter()
        .filter(|l| l.has_rel("memento"))
        .filter_map(|l| {
            Some(Memento {
                uri: resolve(base, &l.target),
                datetime: http_date(l.param("datetime")?)?,
            })
        })
        .collect()
}

fn resolve(base: &str, target: &str) -> String {
    url::Url::parse(base)
        .and_then(|b| b.join(target))
        .map(|u| u.to_string())
        .unwrap_or_else(|_| target.to_string())
}

/// The last memento on or before the end of `date`, else the first after it; for an
/// unknown date, the latest.
pub(crate) fn pick(mementos: &[Memento], date: Option<NaiveDate>) -> Option<&Memento> {
    let Some(end) = date
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|t| t.and_utc())
    else {
        return mementos.iter().max_by_key(|m| m.datetime);
    };
    mementos
        .iter()
        .filter(|m| m.datetime <= end)
        .max_by_key(|m| m.datetime)
        .or_else(|| {
            mementos
                .iter()
                .filter(|m| m.datetime > end)
                .min_by_key(|m| m.datetime)
        })
}

/// The memento `pick` would choose among all, when the neighbours named in the links
/// prove it: `current` itself, or its `prev` when `current` is after the day and `prev`
/// is not. `None` when only the TimeMap can tell.
fn settle(
    current: &Memento,
    links: &[WebLink],
    base: &str,
    date: Option<NaiveDate>,
) -> Option<Memento> {
    let neighbour = |rel: &str| {
        links
            .iter()
            .find(|l| l.has_rel(rel) && l.has_rel("memento"))
            .and_then(|l| {
                Some(Memento {
                    uri: resolve(base, &l.target),
                    datetime: http_date(l.param("datetime")?)?,
                })
            })
    };
    let is = |rel: &str| {
        links
            .iter()
            .any(|l| l.has_rel(rel) && resolve(base, &l.target) == current.uri)
    };
    let Some(end) = date
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|t| t.and_utc())
    else {
        return is("last").then(|| current.clone());
    };
    if current.datetime <= end {
        let next_after = neighbour("next").is_some_and(|next| next.datetime > end);
        (is("last") || next_after).then(|| current.clone())
    } else if is("first") {
        Some(current.clone())
    } else {
        neighbour("prev").filter(|prev| prev.datetime <= end)
    }
}

/// Asks a TimeGate for `url` and chooses the memento nearest `date`: `Ok(None)` when the
/// TimeGate says it has none (a 404, as RFC 7089 has it), `Err` with why when it could
/// not be asked or did not answer.
pub(crate) async fn lookup(
    timegate: &str,
    url: &str,
    date: Option<NaiveDate>,
    fetcher: &Fetcher,
    polite: &ArchiveGate,
) -> Result<Option<Found>, String> {
    let gate = if timegate.contains("{url}") {
        timegate.replace("{url}", url)
    } else {
        format!("{timegate}{url}")
    };
    let outcome = polite
        .fetch(
            fetcher,
            FetchRequest::new(gate, Purpose::Archive),
            Ask::Replay,
        )
        .await
        .map_err(|refused| format!("TimeGate not asked: {refused}"))?;
    let Some(page) = outcome
        .page
        .as_ref()
        .filter(|_| outcome.link.status.is_readable())
    else {
        return match outcome.link.status {
            LinkStatus::NotFound | LinkStatus::Gone => Ok(None),
            _ => Err(format!(
                "the TimeGate did not answer: {}",
                crate::verdict::link_reason(&outcome.link)
            )),
        };
    };
    let header = |name: &str| {
        page.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
    };
    let links = links::parse(&header("link").join(", "));
    let current = header("memento-datetime")
        .first()
        .and_then(|d| http_date(d))
        .map(|datetime| Memento {
            uri: header("content-location")
                .first()
                .map_or_else(|| page.url.clone(), |loc| resolve(&page.url, loc)),
            datetime,
        });
    let mut known = mementos(&links, &page.url);
    if let Some(c) = &current {
        if let Some(answer) = settle(c, &links, &page.url, date) {
            let outcome = (answer == *c).then_some(outcome);
            return Ok(Some(Found {
                memento: answer,
                outcome,
            }));
        }
        known.push(c.clone());
    }
    // Not settled by the neighbours: the TimeMap lists them all.
    let timemap = links
        .iter()
        .filter(|l| l.has_rel("timemap"))
        .max_by_key(|l| l.param("type") == Some("application/link-format"))
        .map(|l| resolve(&page.url, &l.target));
    if let Some(map) = timemap {
        let answer = polite
            .fetch(
                fetcher,
                FetchRequest::new(map.clone(), Purpose::Archive),
                Ask::Index,
            )
            .await
            .ok();
        match answer.and_then(|a| a.page.filter(|_| a.link.status.is_readable())) {
            Some(body) => {
                known.extend(mementos(&links::parse(&body.text), &body.url));
            }
            None => tracing::debug!(%map, "TimeMap not read"),
        }
    }
    let Some(chosen) = pick(&known, date).cloned() else {
        return Ok(None);
    };
    let outcome = (current.as_ref() == Some(&chosen)).then_some(outcome);
    Ok(Some(Found {
        memento: chosen,
        outcome,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(uri: &str, date: &str) -> Memento {
        Memento {
            uri: uri.into(),
            datetime: http_date(date).unwrap(),
        }
    }

    fn day(y: i32, mo: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, mo, d)
    }

    #[test]
    fn the_last_before_wins_then_the_first_after() {
        let all = [
            m("a", "Mon, 25 Sep 2023 08:00:00 GMT"),
            m("b", "Wed, 27 Sep 2023 22:00:00 GMT"),
            m("c", "Fri, 29 Sep 2023 08:00:00 GMT"),
            m("d", "Sun, 01 Oct 2023 08:00:00 GMT"),
        ];
        assert_eq!(
            pick(&all, day(2023, 9, 27)).unwrap().uri,
            "b",
            "same day counts"
        );
        assert_eq!(pick(&all, day(2023, 9, 28)).unwrap().uri, "b");
        assert_eq!(pick(&all, day(2023, 9, 1)).unwrap().uri, "a", "first after");
        assert_eq!(pick(&all, None).unwrap().uri, "d", "latest");
        assert!(pick(&[], day(2023, 9, 1)).is_none());
    }

    #[test]
    fn neighbours_settle_the_choice_or_ask_for_the_timemap() {
        let current = m("http://a/web/2/x", "Wed, 27 Sep 2023 22:00:00 GMT");
        let links = links::parse(
            r#"<http://a/web/1/x>; rel="prev memento"; datetime="Mon, 25 Sep 2023 08:00:00 GMT",
               <http://a/web/3/x>; rel="next memento"; datetime="Fri, 29 Sep 2023 08:00:00 GMT""#,
        );
        let settled = |links: &[WebLink], d| settle(&current, links, "http://a/", d);
        assert_eq!(settled(&links, day(2023, 9, 27)), Some(current.clone()));
        assert_eq!(
            settled(&links, day(2023, 9, 30)),
            None,
            "next is before: TimeMap"
        );
        assert_eq!(
            settled(&links, day(2023, 9, 26)).unwrap().uri,
            "http://a/web/1/x",
            "prev is the last before"
        );
        assert_eq!(settled(&links, day(2023, 9, 20)), None, "prev is after too");
        let first = links::parse(r#"<http://a/web/2/x>; rel="first memento""#);
        assert_eq!(settled(&first, day(2023, 9, 20)), Some(current.clone()));
        assert_eq!(settled(&[], day(2023, 9, 20)), None);
        assert!(accept_datetime(day(2023, 9, 27).unwrap()).starts_with("Wed, 27 Sep 2023 23:59:59"));
    }
}

//! XML sitemaps → the articles they list; sitemap indexes → which child sitemaps can hold
//! the cited day.
//!
//! Big outlets split their sitemaps: an index of monthly archives
//! (`…/archives/articles/2023_may.xml`), a news sitemap of the last two days
//! (`news:publication_date`), plain `urlset`s with `lastmod`. Fetching every child of an
//! index would cost hundreds of requests, so the children are chosen first: those whose URL
//! names the cited month, else those whose `lastmod` shows they changed after the cited day
//! (a monthly file is last touched when its month ends), nearest first. Dates are taken as
//! written (the outlet's local day), never shifted to UTC.

use chrono::{Datelike, Duration, NaiveDate};
use quick_xml::events::Event;

use crate::model::ResolutionMethod;

use super::listing::{absolute, Listed, MAX_LISTED};

/// A child sitemap of an index.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Child {
    /// Where it is.
    pub(crate) url: String,
    /// When it last changed, if the index says.
    pub(crate) lastmod: Option<NaiveDate>,
}

/// What a sitemap file holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Sitemap {
    /// A `sitemapindex`: more sitemaps.
    Index(Vec<Child>),
    /// A `urlset`: pages.
    Urls(Vec<Listed>),
}

/// The date part of a W3C datetime ("2023-09-27", "2023-09-27T10:00:00+08:00").
fn date_of(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

fn resolve_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

/// Parses a sitemap or sitemap index. `base` is its URL, for relative locations.
pub(crate) fn parse(text: &str, base: &str) -> Result<Sitemap, String> {
    // Text is not trimmed per event: an entity splits "Rail &amp; road" into three events.
    let mut reader = quick_xml::Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut root: Option<String> = None;
    // The fields of the current <url> or <sitemap> entry.
    let (mut loc, mut lastmod, mut published, mut title) =
        (String::new(), None, None, String::new());
    let mut field = String::new();
    let mut children = Vec::new();
    let mut urls = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("not a sitemap: {e}"))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if root.is_none() {
                    root = Some(name.clone());
                }
                if matches!(name.as_str(), "url" | "sitemap") {
                    (loc, lastmod, published, title) = (String::new(), None, None, String::new());
                }
                field.clear();
                path.push(name);
            }
            Event::Text(t) => field.push_str(&t.xml10_content()),
            Event::CData(t) => field.push_str(t.as_ref()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => resolve_entity(&r),
                };
                if let Some(c) = c {
                    field.push(c);
                }
            }
            Event::End(_) => {
                let Some(name) = path.pop() else { continue };
                match name.as_str() {
                    "loc" => loc = field.trim().to_string(),
                    "lastmod" => lastmod = date_of(&field),
                    "publication_date" => published = date_of(&field),
                    "title" => title = field.trim().to_string(),
                    "url" if urls.len() < MAX_LISTED => {
                        if let Some(url) = absolute(base, &loc) {
                            urls.push(Listed {
                                url,
                                date: published.or(lastmod),
                                title: std::mem::take(&mut title),
                                method: ResolutionMethod::Sitemap,
                            });
                        }
                    }
                    "sitemap" if children.len() < MAX_LISTED => {
                        if let Some(url) = absolute(base, &loc) {
                            children.push(Child { url, lastmod });
                        }
                    }
                    _ => {}
                }
                field.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match root.as_deref() {
        Some("sitemapindex") => Ok(Sitemap::Index(children)),
        Some("urlset") => Ok(Sitemap::Urls(urls)),
        Some(other) => Err(format!("not a sitemap: root element <{other}>")),
        None => Err("not a sitemap: empty".into()),
    }
}

/// The year and month a child sitemap's URL names, if it names one: `2023_may`,
/// `may-2023`, `2023-05`, `2023/05`, `202305`.
pub(crate) fn month_in_url(url: &str) -> Option<(i32, u32)> {
    let path = url::Url::parse(url)
        .map(|u| u.path().to_lowercase())
        .unwrap_or_else(|_| url.to_lowercase());
    let words: Vec<&str> = path
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let year = |w: &str| {
        w.parse::<i32>()
            .ok()
            .filter(|y| (1990..=2100).contains(y) && w.len() == 4)
    };
    // English month names and abbreviations, as the citation grammar reads them.
    let month_name = crate::lexicon::calendar::english_month;
    for (i, w) in words.iter().enumerate() {
        // 202305 in one word.
        if w.len() == 6 && w.chars().all(|c| c.is_ascii_digit()) {
            if let (Some(y), Ok(m)) = (year(&w[..4]), w[4..].parse::<u32>()) {
                if (1..=12).contains(&m) {
                    return Some((y, m));
                }
            }
        }
        let Some(y) = year(w) else { continue };
        let neighbours = [
            words.get(i + 1),
            i.checked_sub(1).and_then(|j| words.get(j)),
        ];
        for n in neighbours.into_iter().flatten() {
            if let Some(m) = month_name(n) {
                return Some((y, m));
            }
            if n.len() <= 2 {
                if let Ok(m) = n.parse::<u32>() {
                    if (1..=12).contains(&m) && words.get(i + 1) == Some(n) {
                        return Some((y, m));
                    }
                }
            }
        }
    }
    None
}

/// How long after its last entry a dated sitemap may still be touched (a monthly file is
/// last modified when its month ends).
const LASTMOD_SLACK_DAYS: i64 = 31;

/// The child sitemaps worth reading for a cited day (± `window` days), at most `max`:
/// those whose URL names a month the window touches, then those without a month in the
/// URL whose `lastmod` falls between the window's start and a month after its end (the
/// files that were current then: a monthly file, a news sitemap of those days), nearest
/// first; only when there are none of either, those with no date at all. For an unknown
/// cited date, the most recently changed.
pub(crate) fn choose_children(
    children: &[Child],
    date: Option<NaiveDate>,
    window: i64,
    max: usize,
) -> Vec<String> {
    let Some(date) = date else {
        let mut recent: Vec<&Child> = children.iter().collect();
        recent.sort_by_key(|c| std::cmp::Reverse(c.lastmod));
        return recent.iter().take(max).map(|c| c.url.clone()).collect();
    };
    let start = date - Duration::days(window);
    let end = date + Duration::days(window);
    let months: Vec<(i32, u32)> = [start, date, end]
        .iter()
        .map(|d| (d.year(), d.month()))
        .collect();
    let mut chosen: Vec<&Child> = children
        .iter()
        .filter(|c| month_in_url(&c.url).is_some_and(|m| months.contains(&m)))
        .collect();
    let undated: Vec<&Child> = children
        .iter()
        .filter(|c| month_in_url(&c.url).is_none())
        .collect();
    let mut recent: Vec<&Child> = undated
        .iter()
        .copied()
        .filter(|c| {
            c.lastmod
                .is_some_and(|m| m >= start && m <= end + Duration::days(LASTMOD_SLACK_DAYS))
        })
        .collect();
    recent.sort_by_key(|c| c.lastmod);
    chosen.extend(recent);
    if chosen.is_empty() {
        chosen = undated
            .into_iter()
            .filter(|c| c.lastmod.is_none())
            .collect();
    }
    chosen.iter().take(max).map(|c| c.url.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn news_sitemap_dates_and_titles_are_read() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://www.scmp.com/news/china/article/1/a?x=1&amp;y=2</loc>
    <news:news><news:publication><news:name>SCMP</news:name></news:publication>
      <news:publication_date>2023-09-27T23:30:00+08:00</news:publication_date>
      <news:title>Rail &amp; road</news:title></news:news>
    <lastmod>2023-09-29</lastmod></url>
  <url><loc>https://www.scmp.com/b</loc><lastmod>2023-09-26T01:00Z</lastmod></url>
</urlset>"#;
        let Sitemap::Urls(urls) = parse(xml, "https://www.scmp.com/sitemap_news.xml").unwrap()
        else {
            panic!("not a urlset")
        };
        assert_eq!(urls.len(), 2);
        assert_eq!(
            urls[0].url,
            "https://www.scmp.com/news/china/article/1/a?x=1&y=2"
        );
        assert_eq!(
            urls[0].date,
            Some(day(2023, 9, 27)),
            "publication date, local day"
        );
        assert_eq!(urls[0].title, "Rail & road");
        assert_eq!(urls[1].date, Some(day(2023, 9, 26)));
        assert_eq!(urls[1].title, "");
    }

    #[test]
    fn monthly_children_are_chosen_by_the_month_in_their_url() {
        let xml = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://x.com/archives/articles/2023_may.xml</loc></sitemap>
  <sitemap><loc>https://x.com/archives/articles/2023_sep.xml</loc><lastmod>2023-09-30</lastmod></sitemap>
  <sitemap><loc>https://x.com/archives/articles/2023_oct.xml</loc></sitemap>
</sitemapindex>"#;
        let Sitemap::Index(children) = parse(xml, "https://x.com/sitemap.xml").unwrap() else {
            panic!("not an index")
        };
        assert_eq!(children.len(), 3);
        let chosen = choose_children(&children, Some(day(2023, 9, 27)), 2, 3);
        assert_eq!(chosen, ["https://x.com/archives/articles/2023_sep.xml"]);
        let chosen = choose_children(&children, Some(day(2023, 9, 30)), 2, 3);
        assert_eq!(
            chosen.len(),
            2,
            "the window reaches into October: {chosen:?}"
        );
    }

    #[test]
    fn undated_children_are_chosen_by_lastmod() {
        let children = vec![
            Child {
                url: "https://x.com/s1.xml".into(),
                lastmod: Some(day(2023, 8, 31)),
            },
            Child {
                url: "https://x.com/s3.xml".into(),
                lastmod: Some(day(2023, 11, 1)),
            },
            Child {
                url: "https://x.com/s2.xml".into(),
                lastmod: Some(day(2023, 9, 30)),
            },
        ];
        let chosen = choose_children(&children, Some(day(2023, 9, 27)), 2, 1);
        assert_eq!(chosen, ["https://x.com/s2.xml"]);
        let recent = choose_children(&children, None, 2, 1);
        assert_eq!(recent, ["https://x.com/s3.xml"]);
    }

    #[test]
    fn month_names_in_urls_in_every_usual_form() {
        assert_eq!(month_in_url("https://x/2023_may.xml"), Some((2023, 5)));
        assert_eq!(
            month_in_url("https://x/sitemap-september-2023.xml"),
            Some((2023, 9))
        );
        assert_eq!(
            month_in_url("https://x/sitemap/2023-09.xml"),
            Some((2023, 9))
        );
        assert_eq!(month_in_url("https://x/sitemap/2023/09/"), Some((2023, 9)));
        assert_eq!(month_in_url("https://x/posts-202309.xml"), Some((2023, 9)));
        assert_eq!(month_in_url("https://x/sitemap-posts-3.xml"), None);
        assert_eq!(month_in_url("https://x/post-sitemap2.xml"), None);
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(parse("<urlset><url><loc>x</url>", "https://x/").is_err());
        assert!(parse("<html></html>", "https://x/").is_err());
    }
}

//! The date in a page's address: `/2023/09/27/`, `/20230927/`, `2023-09-27`.
//!
//! Many CMSs put the publication day (or at least the month) in the article's path when
//! the article is created, so it is an honest witness of the publication date — never of
//! an update. A month alone (`/2023/09/slug`) is not a date, but it tells which of the
//! page's dates belong to the article.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// What the address says about the date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct UrlDate {
    /// A full day, when the address holds one.
    pub day: Option<NaiveDate>,
    /// Year and month, when the address holds at least those.
    pub month: Option<(i32, u32)>,
}

static YEAR_MONTH_DAY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^0-9])((?:19|20)[0-9]{2})([/_.-])([0-9]{1,2})([/_.-])([0-9]{1,2})(?:[^0-9]|$)",
    )
    .ok()
});
static COMPACT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])((?:19|20)[0-9]{2})([01][0-9])([0-3][0-9])(?:[^0-9]|$)").ok()
});
static YEAR_MONTH: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/_-])((?:19|20)[0-9]{2})[/_-]([0-9]{1,2})(?:[/_-]|$)").ok()
});

/// The date in `url`, read from its path (and query, where some CMSs keep it).
pub(super) fn read(url: &str) -> UrlDate {
    let Ok(parsed) = url::Url::parse(url) else {
        return UrlDate::default();
    };
    let mut place = parsed.path().to_string();
    if let Some(query) = parsed.query() {
        place.push('?');
        place.push_str(query);
    }
    let day = full_date(&place);
    let month = day.map(|d| (d.year(), d.month())).or_else(|| {
        let captures = YEAR_MONTH.as_ref()?.captures(&place)?;
        let year: i32 = captures.get(1)?.as_str().parse().ok()?;
        let month: u32 = captures.get(2)?.as_str().parse().ok()?;
        (1..=12).contains(&month).then_some((year, month))
    });
    UrlDate { day, month }
}

fn full_date(place: &str) -> Option<NaiveDate> {
    if let Some(re) = YEAR_MONTH_DAY.as_ref() {
        for captures in re.captures_iter(place) {
            // The same separator twice: "2023/09/27", not "2023-09/27".
            if captures.get(2).map(|m| m.as_str()) != captures.get(4).map(|m| m.as_str()) {
                continue;
            }
            if let Some(date) = ymd(captures.get(1), captures.get(3), captures.get(5)) {
                return Some(date);
            }
        }
    }
    let captures = COMPACT.as_ref()?.captures(place)?;
    ymd(captures.get(1), captures.get(2), captures.get(3))
}

fn ymd(
    year: Option<regex::Match<'_>>,
    month: Option<regex::Match<'_>>,
    day: Option<regex::Match<'_>>,
) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        year?.as_str().parse().ok()?,
        month?.as_str().parse().ok()?,
        day?.as_str().parse().ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(url: &str) -> Option<String> {
        read(url).day.map(|d| d.to_string())
    }

    #[test]
    fn path_dates() {
        assert_eq!(
            day("https://a.mn/2023/09/27/slug").as_deref(),
            Some("2023-09-27")
        );
        assert_eq!(
            day("https://a.mn/news/2023/9/7/slug").as_deref(),
            Some("2023-09-07")
        );
        assert_eq!(
            day("https://a.mn/news/20230927/123.html").as_deref(),
            Some("2023-09-27")
        );
        assert_eq!(
            day("https://a.mn/x/2023-09-27-slug").as_deref(),
            Some("2023-09-27")
        );
    }

    #[test]
    fn identifiers_are_not_dates() {
        assert_eq!(day("https://a.mn/news/1234567890123"), None);
        assert_eq!(day("https://a.mn/article/20231399/"), None);
        assert_eq!(day("https://a.mn/1/2023/"), None);
    }

    #[test]
    fn month_only() {
        let date = read("https://a.mn/2023/09/slug");
        assert_eq!((date.day, date.month), (None, Some((2023, 9))));
    }
}

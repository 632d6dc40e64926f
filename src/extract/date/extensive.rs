//! The last resort when nothing in the page's metadata, address, scripts or text dates it:
//! the date its source repeats most, wherever it is written — the address of its own
//! images (`/files/2016/05/04/cover.png`), links to itself, attributes and scripts.
//!
//! htmldate's "extensive search" ends the same way: count the full dates of the HTML and
//! take the most frequent. Only unambiguous forms are counted — year first with its
//! separators ("2016-05-04", "2016/05/04", "2016.05.04") and the day-first dotted form
//! ("04.05.2016"), whose month is never first — so a count is never split between two
//! readings. Ties go to the date written first. Dates outside the plausible range (before
//! the web, after tomorrow) are never counted.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

/// How many dates are counted at most: a page holding more is a data dump, whose first
/// thousands say as much as the rest.
const MAX_DATES: usize = 4096;

/// Year first ("2016-05-04", "2016/5/4", "2016.05.04") or day first with periods
/// ("04.05.2016"), not inside a longer number.
static FULL_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^0-9])(?:((?:19|20)[0-9]{2})([-/.])([01]?[0-9])([-/.])([0-3]?[0-9])|([0-3]?[0-9])\.([01]?[0-9])\.((?:19|20)[0-9]{2}))(?:[^0-9]|$)",
    )
    .ok()
});

/// The most repeated date of `html` that `plausible` accepts (ties: the first written), or
/// `None`.
pub(super) fn search(html: &str, plausible: impl Fn(NaiveDate) -> bool) -> Option<NaiveDate> {
    let pattern = FULL_DATE.as_ref()?;
    // Per date: (how often, where first).
    let mut counts: HashMap<NaiveDate, (usize, usize)> = HashMap::new();
    let comments = comments(html);
    let in_comment = |at: usize| comments.iter().any(|(from, to)| (*from..*to).contains(&at));
    for (order, captures) in pattern.captures_iter(html).take(MAX_DATES).enumerate() {
        if captures.get(0).is_some_and(|m| in_comment(m.start())) {
            continue;
        }
        let number = |i: usize| captures.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let date = match (number(1), number(6)) {
            // "2016-05.04" mixes separators: a version or a number, not a date.
            (Some(year), _)
                if captures.get(2).map(|m| m.as_str()) == captures.get(4).map(|m| m.as_str()) =>
            {
                NaiveDate::from_ymd_opt(year as i32, number(3)?, number(5)?)
            }
            (None, Some(day)) => NaiveDate::from_ymd_opt(number(8)? as i32, number(7)?, day),
            _ => None,
        };
        if let Some(date) = date.filter(|d| plausible(*d)) {
            let entry = counts.entry(date).or_insert((0, order));
            entry.0 += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, (count, first))| (*count, std::cmp::Reverse(*first)))
        .map(|(date, _)| date)
}

/// Where the HTML comments of `html` stand (byte ranges). What a comment dates is the
/// page's generation — a cache's "generated 2019-01-01 10:00", a build's stamp — or
/// markup left out of the page, never its publication.
fn comments(html: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(open) = html.get(from..).and_then(|rest| rest.find("<!--")) {
        let start = from + open;
        let end = html
            .get(start + 4..)
            .and_then(|rest| rest.find("-->"))
            .map_or(html.len(), |close| start + 4 + close + 3);
        ranges.push((start, end));
        from = end;
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn most_repeated(html: &str) -> Option<String> {
        let latest = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap_or_default();
        search(html, |d| d <= latest).map(|d| d.to_string())
    }

    #[test]
    fn the_most_repeated_date_wins() {
        let html = r#"<meta content="https://x.example/files/2016/05/04/a.png">
            <img src="/files/2016/05/04/b.png"> <a href="/2015/01/02/other">x</a>"#;
        assert_eq!(most_repeated(html).as_deref(), Some("2016-05-04"));
    }

    #[test]
    fn ties_go_to_the_first_written_and_day_first_dots_count() {
        let html = "<p>04.05.2016</p><p>2017-01-02</p><p>2016-05-04</p><p>2017-01-02</p>";
        assert_eq!(most_repeated(html).as_deref(), Some("2016-05-04"));
        assert_eq!(
            most_repeated("<i>03.02.2019</i><i>2018-01-01</i>").as_deref(),
            Some("2019-02-03")
        );
    }

    #[test]
    fn numbers_that_are_not_dates() {
        // Versions, phone numbers, mixed separators, long numbers, impossible days.
        let html = "v2016.13.01 tel 2016-05.04 12016-05-04 2016-02-30 99.05.2016 2040-01-01";
        assert_eq!(most_repeated(html), None);
    }

    #[test]
    fn dates_in_comments_are_not_counted() {
        let html = "<p>2016-05-04</p><!-- cached 2019-01-01 --><!-- 2019-01-01 --><p>x</p>";
        assert_eq!(most_repeated(html).as_deref(), Some("2016-05-04"));
        assert_eq!(most_repeated("<!-- generated 2019-01-01"), None);
    }
}

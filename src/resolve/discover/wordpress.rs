//! WordPress conventions: the day archive (`/YYYY/MM/DD/`) and the REST API's posts in a
//! date window (`/wp-json/wp/v2/posts?after=…&before=…`).
//!
//! A large share of news sites run WordPress, and every WordPress site answers the same
//! two questions about a past day, whatever its theme: the REST API lists the posts
//! published between two instants (title, link, date; one request for the whole window),
//! and the day archive is an HTML page of that day's posts (used when the API is switched
//! off). Both are asked only of sites that show WordPress's marks on their home page.

use chrono::{Duration, NaiveDate};
use serde::Deserialize;

use crate::model::ResolutionMethod;

use super::super::listing::{absolute, strip_tags, Listed, MAX_LISTED};

/// Posts asked for in one REST request (the API's largest page).
pub(crate) const PER_PAGE: usize = 100;

/// Pages of posts asked for at most: a site that posts more than this many in the window
/// is read only so far.
pub(crate) const MAX_PAGES: u32 = 3;

/// The REST URL of page `page` (from 1) of the posts published within `window` days of
/// `date` (in the site's own time zone, as the API reads `after` and `before`). `root` is
/// the API root: a `…/wp-json/` path, or a `?rest_route=/` query on sites without pretty
/// permalinks.
pub(crate) fn posts_url(root: &str, date: NaiveDate, window: i64, page: u32) -> Option<String> {
    let after = date - Duration::days(window);
    let before = date + Duration::days(window + 1);
    let paging = if page > 1 {
        format!("&page={page}")
    } else {
        String::new()
    };
    let query = format!(
        "after={after}T00:00:00&before={before}T00:00:00&per_page={PER_PAGE}{paging}\
         &orderby=date&order=asc&_fields=link,date,title,excerpt"
    );
    let mut url = url::Url::parse(root).ok()?;
    if let Some(route) = url
        .query_pairs()
        .find(|(k, _)| k == "rest_route")
        .map(|(_, v)| v.into_owned())
    {
        let route = format!("{}/wp/v2/posts", route.trim_end_matches('/'));
        url.set_query(Some(&format!("rest_route={route}&{query}")));
        return Some(url.to_string());
    }
    let mut url = url.join("wp/v2/posts").ok()?;
    if !url.path().contains("/wp/v2/posts") {
        return None;
    }
    url.set_query(Some(&query));
    Some(url.to_string())
}

/// The REST API root of a site whose home page gave none: `{home}wp-json/`.
pub(crate) fn default_rest_root(home: &str) -> Option<String> {
    absolute(&with_slash(home), "wp-json/")
}

/// The day archive of `date` under the site's home (`{home}YYYY/MM/DD/`).
pub(crate) fn day_url(home: &str, date: NaiveDate) -> Option<String> {
    absolute(&with_slash(home), &date.format("%Y/%m/%d/").to_string())
}

/// A home URL ending in `/`, so relative paths go under it.
fn with_slash(home: &str) -> String {
    if home.ends_with('/') {
        home.to_string()
    } else {
        format!("{home}/")
    }
}

/// One post as the REST API gives it (only the fields asked for).
#[derive(Deserialize)]
struct Post {
    link: Option<String>,
    date: Option<String>,
    title: Option<Rendered>,
    excerpt: Option<Rendered>,
}

/// A rendered HTML field.
#[derive(Deserialize)]
struct Rendered {
    rendered: Option<String>,
}

/// The posts of a REST answer, as listed pages. `base` is the request's URL.
pub(crate) fn parse_posts(json: &str, base: &str) -> Result<Vec<Listed>, String> {
    let posts: Vec<Post> =
        serde_json::from_str(json).map_err(|e| format!("not a list of posts: {e}"))?;
    let text = |r: Option<Rendered>| {
        r.and_then(|r| r.rendered)
            .map(|h| strip_tags(&format!("<p>{h}</p>")))
            .unwrap_or_default()
    };
    Ok(posts
        .into_iter()
        .take(MAX_LISTED)
        .filter_map(|post| {
            let url = absolute(base, post.link.as_deref()?)?;
            let date = post
                .date
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok());
            let mut title = text(post.title);
            let excerpt = text(post.excerpt);
            if !excerpt.is_empty() {
                title = format!("{title} — {excerpt}");
            }
            Some(Listed::new(url, date, title, ResolutionMethod::Archive))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 9, 27).unwrap()
    }

    #[test]
    fn rest_windows_cover_the_days_around_the_cited_one() {
        assert_eq!(
            posts_url("https://news.test/wp-json/", day(), 2, 1).unwrap(),
            "https://news.test/wp-json/wp/v2/posts?after=2023-09-25T00:00:00\
             &before=2023-09-30T00:00:00&per_page=100&orderby=date&order=asc\
             &_fields=link,date,title,excerpt"
        );
        let plain = posts_url("https://news.test/?rest_route=/", day(), 0, 1).unwrap();
        assert!(posts_url("https://news.test/wp-json/", day(), 2, 2)
            .unwrap()
            .contains("&per_page=100&page=2&"));
        assert!(
            plain.starts_with("https://news.test/?rest_route=/wp/v2/posts&after=2023-09-27T00:00:00&before=2023-09-28"),
            "{plain}"
        );
        assert_eq!(
            default_rest_root("https://news.test/en").as_deref(),
            Some("https://news.test/en/wp-json/")
        );
        assert_eq!(
            day_url("https://news.test/", day()).as_deref(),
            Some("https://news.test/2023/09/27/")
        );
    }

    #[test]
    fn posts_give_links_dates_and_titles() {
        let json = r#"[{"link":"https://news.test/2023/09/27/rail/","date":"2023-09-27T09:30:00",
            "title":{"rendered":"Rail &amp; road"},"excerpt":{"rendered":"<p>Coal by rail.</p>"}},
            {"date":"2023-09-27T10:00:00"}]"#;
        let posts = parse_posts(json, "https://news.test/wp-json/wp/v2/posts").unwrap();
        assert_eq!(posts.len(), 1);
        assert_eq!(posts[0].url, "https://news.test/2023/09/27/rail/");
        assert_eq!(posts[0].date, Some(day()));
        assert!(posts[0].title.contains("Rail & road — Coal by rail."));
        assert!(parse_posts(r#"{"code":"rest_disabled"}"#, "https://news.test/").is_err());
    }
}

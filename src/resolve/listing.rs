//! What an outlet lists: the pages that might be a citation's source, from whichever list
//! named them (feed, sitemap, date archive, search results, fixed pages).
//!
//! Every way of listing an outlet's articles ends in the same plain record, [`Listed`], so
//! ranking and scoring never care where a page was found; only the report does
//! (`resolution.method`). HTML lists (a day's archive page, a search results page) are read
//! generically: the links to the outlet's own pages whose text reads like a headline (a few
//! words, not "Home" or "2"), which keeps navigation and pagination out without any rule
//! keyed to a site.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::ResolutionMethod;

/// Most entries taken from one list (a feed, a sitemap, a page of links).
pub(crate) const MAX_LISTED: usize = 2_000;

/// A page an outlet lists: a possible source of the citation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Listed {
    /// Absolute URL, without fragment.
    pub(crate) url: String,
    /// The date the list gives it (publication date, or the archive day), if any.
    pub(crate) date: Option<NaiveDate>,
    /// Its headline and summary as the list shows them (for ranking before fetching).
    pub(crate) title: String,
    /// Which kind of list named it.
    pub(crate) method: ResolutionMethod,
    /// The URL of the list that named it (for the report's `resolution.via`).
    pub(crate) via: String,
    /// True when that list was discovered rather than configured in sources.toml.
    pub(crate) discovered: bool,
    /// Where an archive keeps a copy of it (read when the live page is dead or blocked).
    #[serde(default)]
    pub(crate) copy: Option<super::archives::ArchiveCopy>,
}

impl Listed {
    /// A page as a list names it; where the list is and whether it was discovered are set
    /// by whoever read the list.
    pub(crate) fn new(
        url: String,
        date: Option<NaiveDate>,
        title: String,
        method: ResolutionMethod,
    ) -> Listed {
        Listed {
            url,
            date,
            title,
            method,
            via: String::new(),
            discovered: false,
            copy: None,
        }
    }
}

/// `href` made absolute against `base`, fragment dropped; only http(s).
pub(crate) fn absolute(base: &str, href: &str) -> Option<String> {
    let href = href.trim();
    let mut url = match url::Url::parse(base) {
        Ok(base) => base.join(href).ok()?,
        Err(_) => url::Url::parse(href).ok()?,
    };
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.set_fragment(None);
    Some(url.to_string())
}

/// The text of a snippet of HTML (feed summaries carry markup).
pub(crate) fn strip_tags(html: &str) -> String {
    if !html.contains('<') {
        return html.trim().to_string();
    }
    let fragment = scraper::Html::parse_fragment(html);
    collapse(&fragment.root_element().text().collect::<String>())
}

/// Whitespace runs collapsed to single spaces.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when `url` belongs to the outlet: a host under one of its `domains`, or — for an
/// outlet without domains — the host of the list it came from.
pub(crate) fn on_outlet(url: &str, domains: &[String], list_url: &str) -> bool {
    let host = |u: &str| {
        url::Url::parse(u).ok().and_then(|u| {
            u.host_str()
                .map(|h| h.trim_start_matches("www.").to_lowercase())
        })
    };
    let Some(h) = host(url) else {
        return false;
    };
    if domains.is_empty() {
        return host(list_url).is_some_and(|l| l == h);
    }
    domains
        .iter()
        .any(|d| h == *d || h.ends_with(&format!(".{d}")))
}

/// A link's text reads like a headline: at least three words, or a long single string
/// (scripts without spaces).
fn headline_like(text: &str) -> bool {
    text.split_whitespace().count() >= 3 || text.chars().count() >= 20
}

/// True for a link inside the page's navigation, header, footer or sidebar (`<nav>`,
/// `<header>`, `<footer>`, `<aside>`) and not inside an `<article>`: "most read" and
/// "latest" boxes list other days' articles, which would otherwise take the list's own
/// date; an article block's own header holds its headline link.
fn in_page_furniture(anchor: &scraper::ElementRef<'_>) -> bool {
    let names: Vec<&str> = anchor
        .ancestors()
        .filter_map(|node| node.value().as_element().map(|e| e.name()))
        .collect();
    !names.contains(&"article")
        && names
            .iter()
            .any(|n| matches!(*n, "nav" | "header" | "footer" | "aside"))
}

/// The article links of an HTML list page (a day's archive, search results): links to the
/// outlet's own pages, other than the list itself and the site root, outside the page's
/// navigation, header, footer and sidebar, whose text reads like a headline. `date` is the day the list is for, when it is a date archive.
pub(crate) fn page_links(
    html: &str,
    list_url: &str,
    domains: &[String],
    method: ResolutionMethod,
    date: Option<NaiveDate>,
) -> Vec<Listed> {
    let Ok(anchors) = scraper::Selector::parse("a[href]") else {
        return Vec::new();
    };
    let document = scraper::Html::parse_document(html);
    let list_page = absolute(list_url, "");
    let mut order: Vec<String> = Vec::new();
    let mut titles: HashMap<String, String> = HashMap::new();
    for anchor in document.select(&anchors) {
        if in_page_furniture(&anchor) {
            continue;
        }
        let Some(url) = anchor
            .value()
            .attr("href")
            .and_then(|h| absolute(list_url, h))
        else {
            continue;
        };
        if Some(&url) == list_page.as_ref()
            || url::Url::parse(&url).is_ok_and(|u| u.path() == "/" && u.query().is_none())
            || !on_outlet(&url, domains, list_url)
        {
            continue;
        }
        let mut text = collapse(&anchor.text().collect::<String>());
        if let Some(title) = anchor.value().attr("title") {
            if !text.contains(title) {
                text = format!("{text} {title}").trim().to_string();
            }
        }
        match titles.get_mut(&url) {
            Some(existing) => {
                if !existing.contains(&text) {
                    existing.push(' ');
                    existing.push_str(&text);
                }
            }
            None => {
                order.push(url.clone());
                titles.insert(url, text);
            }
        }
        if order.len() >= MAX_LISTED {
            break;
        }
    }
    order
        .into_iter()
        .filter_map(|url| {
            let title = titles.remove(&url)?;
            let date = date.or_else(|| super::sitemap::day_in_url(&url));
            headline_like(&title).then(|| Listed::new(url, date, title, method))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_pages_keep_headlines_and_drop_navigation() {
        let html = r#"<html><body><nav><a href="/">Home</a> <a href="/l/1">Politics</a>
            <a href="https://facebook.com/share?u=x">Share this story with your friends</a></nav>
            <ul><li><a href="/n/2xyz">Railway to the border opens next spring</a></li>
            <li><a href="/n/2abc#comments">Хөх хотод хоёр орны уулзалт боллоо</a></li>
            <li><a href="/n/2abc">Хөх хотод хоёр орны уулзалт боллоо</a></li></ul>
            <a href="/archive/2023/09/27?page=2">2</a></body></html>"#;
        let domains = vec!["ikon.mn".to_string()];
        let day = NaiveDate::from_ymd_opt(2023, 9, 27);
        let listed = page_links(
            html,
            "https://ikon.mn/archive/2023/09/27",
            &domains,
            ResolutionMethod::Archive,
            day,
        );
        let urls: Vec<&str> = listed.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["https://ikon.mn/n/2xyz", "https://ikon.mn/n/2abc"]);
        assert_eq!(listed[0].date, day);
    }

    #[test]
    fn sidebar_links_are_left_out_but_an_articles_own_header_is_read() {
        let html = r#"<html><body><main>
            <article><header><h2><a href="/2023/09/27/rail-deal/">Rail deal signed at the border</a></h2></header></article>
            </main><aside><a href="/today/snow/">Snow closes roads in the south today</a></aside>
            <footer><a href="/about/team">Meet the team behind the paper</a></footer></body></html>"#;
        let listed = page_links(
            html,
            "https://news.test/2023/09/27/",
            &["news.test".to_string()],
            ResolutionMethod::Archive,
            None,
        );
        let urls: Vec<&str> = listed.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["https://news.test/2023/09/27/rail-deal/"]);
    }

    #[test]
    fn outlet_hosts_include_subdomains_and_www() {
        let d = vec!["chinadaily.com.cn".to_string()];
        assert!(on_outlet("https://www.chinadaily.com.cn/a/1.html", &d, ""));
        assert!(on_outlet(
            "https://global.chinadaily.com.cn/a/1.html",
            &d,
            ""
        ));
        assert!(!on_outlet("https://notchinadaily.com.cn/", &d, ""));
        assert!(on_outlet(
            "http://127.0.0.1:80/x",
            &[],
            "http://127.0.0.1/list"
        ));
        assert!(absolute("https://x.org/a", "javascript:void(0)").is_none());
    }
}

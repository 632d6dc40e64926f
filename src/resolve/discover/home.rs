//! An outlet's home page → where its lists are: the feeds it links
//! (`<link rel="alternate">`), its OpenSearch descriptions (`<link rel="search">`), and
//! whether it runs WordPress (generator meta, `wp-content` paths, the REST API link).
//!
//! These are the conventions browsers and feed readers rely on, so they hold across sites
//! without any rule keyed to one. Only the `<head>` links and asset paths are read; the
//! page's own articles are not candidates (a home page lists today's news).

use super::super::listing::absolute;

/// What a home page says about the outlet's lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct HomePage {
    /// Feeds it links (RSS, Atom, JSON Feed), comment feeds left out.
    pub(crate) feeds: Vec<String>,
    /// OpenSearch description documents it links.
    pub(crate) opensearch: Vec<String>,
    /// True when it shows the marks of WordPress.
    pub(crate) wordpress: bool,
    /// The WordPress REST API root it links (`<link rel="https://api.w.org/">`).
    pub(crate) rest_root: Option<String>,
}

/// Feeds and descriptions taken from one page at most (a hostile page may link thousands).
const MAX_LINKS: usize = 8;

/// Media types of feeds.
const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/rdf+xml",
];

/// Reads a home page. `base` is the URL it was read at.
pub(crate) fn read(html: &str, base: &str) -> HomePage {
    let document = scraper::Html::parse_document(html);
    let mut page = HomePage::default();
    if let Ok(links) = scraper::Selector::parse("link[href]") {
        for link in document.select(&links) {
            let element = link.value();
            let rel = element.attr("rel").unwrap_or("").to_ascii_lowercase();
            let kind = element
                .attr("type")
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let Some(href) = element.attr("href").and_then(|h| absolute(base, h)) else {
                continue;
            };
            let rels: Vec<&str> = rel.split_ascii_whitespace().collect();
            if rels.contains(&"alternate") && FEED_TYPES.contains(&kind.as_str()) {
                if !is_comment_feed(&href) && !page.feeds.contains(&href) {
                    page.feeds.push(href);
                }
            } else if rels.contains(&"search") && kind == "application/opensearchdescription+xml" {
                if !page.opensearch.contains(&href) {
                    page.opensearch.push(href);
                }
            } else if rels.contains(&"https://api.w.org/") {
                page.rest_root = Some(href);
                page.wordpress = true;
            }
        }
    }
    page.feeds.truncate(MAX_LINKS);
    page.opensearch.truncate(MAX_LINKS);
    if !page.wordpress {
        page.wordpress = generator_is_wordpress(&document) || has_wordpress_paths(html);
    }
    page
}

/// A feed of comments, not of articles (WordPress links one beside the posts feed).
fn is_comment_feed(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| {
        u.path()
            .split('/')
            .any(|part| part.eq_ignore_ascii_case("comments"))
    })
}

/// `<meta name="generator" content="WordPress 6.3">`.
fn generator_is_wordpress(document: &scraper::Html) -> bool {
    let Ok(meta) = scraper::Selector::parse("meta[name]") else {
        return false;
    };
    document.select(&meta).any(|m| {
        m.value()
            .attr("name")
            .is_some_and(|n| n.eq_ignore_ascii_case("generator"))
            && m.value()
                .attr("content")
                .is_some_and(|c| c.trim_start().to_ascii_lowercase().starts_with("wordpress"))
    })
}

/// Theme and core assets under `/wp-content/` or `/wp-includes/`.
fn has_wordpress_paths(html: &str) -> bool {
    html.contains("/wp-content/") || html.contains("/wp-includes/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_search_and_wordpress_are_read_from_the_head() {
        let html = r#"<html><head>
            <meta name="generator" content="WordPress 6.3.1">
            <link rel="alternate" type="application/rss+xml" title="Feed" href="/feed/">
            <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/">
            <link rel="alternate" hreflang="mn" href="/mn/">
            <link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml">
            <link rel="https://api.w.org/" href="https://news.test/wp-json/">
            </head><body></body></html>"#;
        let page = read(html, "https://news.test/");
        assert_eq!(page.feeds, ["https://news.test/feed/"]);
        assert_eq!(page.opensearch, ["https://news.test/opensearch.xml"]);
        assert!(page.wordpress);
        assert_eq!(
            page.rest_root.as_deref(),
            Some("https://news.test/wp-json/")
        );
    }

    #[test]
    fn wordpress_is_told_by_its_asset_paths_too() {
        let html = r#"<html><head><link rel="stylesheet" href="/wp-content/themes/x/style.css">
            </head><body>Hi</body></html>"#;
        assert!(read(html, "https://news.test/").wordpress);
        let plain = read(
            "<html><head></head><body>News</body></html>",
            "https://a.test/",
        );
        assert_eq!(plain, HomePage::default());
    }
}

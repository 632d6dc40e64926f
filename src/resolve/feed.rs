//! RSS and Atom feeds → the articles they list, with their dates and titles.
//!
//! A feed is the cheapest way to list an outlet's recent articles: one request gives dozens
//! of links with publication dates and titles, enough to rank them before any article is
//! fetched. Parsing is feed-rs's (RSS 0.9x/1.0/2.0, Atom, JSON Feed and their quirks); this
//! module only turns its entries into [`Listed`] pages.

use crate::model::ResolutionMethod;

use super::listing::{absolute, strip_tags, Listed, MAX_LISTED};

/// The articles a feed lists, newest first as the feed orders them. `base` is the feed's
/// URL, for relative links. An unparseable feed is an error message, never a panic.
pub(crate) fn parse(text: &str, base: &str) -> Result<Vec<Listed>, String> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(base))
        .build()
        .parse(text.as_bytes())
        .map_err(|e| format!("not a feed: {e}"))?;
    let mut listed = Vec::new();
    for entry in feed.entries.into_iter().take(MAX_LISTED) {
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.clone())
            .or_else(|| entry.id.starts_with("http").then(|| entry.id.clone()));
        let Some(url) = link.and_then(|l| absolute(base, &l)) else {
            continue;
        };
        let mut title = entry.title.map(|t| t.content).unwrap_or_default();
        if let Some(summary) = entry.summary {
            title.push_str(" — ");
            title.push_str(&strip_tags(&summary.content));
        }
        let date = entry.published.or(entry.updated).map(|d| d.date_naive());
        listed.push(Listed::new(url, date, title, ResolutionMethod::Feed));
    }
    Ok(listed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn rss_items_give_link_date_and_title() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>Railway &amp; port</title><link>/n/abc</link>
            <description>&lt;p&gt;Coal to the port&lt;/p&gt;</description>
            <pubDate>Wed, 27 Sep 2023 10:15:00 +0000</pubDate></item>
            <item><title>No link</title></item></channel></rss>"#;
        let listed = parse(rss, "https://ikon.mn/rss").unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].url, "https://ikon.mn/n/abc");
        assert_eq!(listed[0].date, NaiveDate::from_ymd_opt(2023, 9, 27));
        assert!(listed[0].title.contains("Railway & port"));
        assert!(listed[0].title.contains("Coal to the port"));
        assert!(!listed[0].title.contains("<p>"));
    }

    #[test]
    fn atom_entries_are_read_too() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
            <entry><title>Forum</title><id>urn:x</id>
            <link rel="alternate" href="https://thediplomat.com/2023/10/forum/"/>
            <published>2023-10-20T08:00:00Z</published></entry></feed>"#;
        let listed = parse(atom, "https://thediplomat.com/feed/").unwrap();
        assert_eq!(listed[0].url, "https://thediplomat.com/2023/10/forum/");
        assert_eq!(listed[0].date, NaiveDate::from_ymd_opt(2023, 10, 20));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse("<html><body>nope", "https://x.org/rss").is_err());
        assert!(parse("", "https://x.org/rss").is_err());
    }
}

//! Wiki permalinks: a MediaWiki address with `oldid=` or `diff=` shows one revision of a
//! page, and what it says dates from that revision, not from the page's creation.
//!
//! Citations to wikis use such permalinks so that the cited text cannot change under them.
//! The page's metadata (JSON-LD `datePublished`) gives the article's first version, years
//! older than the revision on screen; the revision's own timestamp is printed in MediaWiki's
//! revision header (`#mw-diff-ntitle1` on a diff, `#mw-revision-info` on an old revision).
//! The rule is keyed to the MediaWiki software (its `generator` meta tag and its URL
//! parameters), as the rest of this module is keyed to common markup, never to a site.

use std::sync::LazyLock;

use chrono::NaiveDate;
use scraper::{Html, Selector};

use super::forms::{self, Reading};

static GENERATOR: LazyLock<Option<Selector>> =
    LazyLock::new(|| Selector::parse("meta[name=generator]").ok());
static HEADER: LazyLock<Option<Selector>> =
    LazyLock::new(|| Selector::parse("#mw-diff-ntitle1, #mw-revision-info").ok());

/// Whether the URL asks a wiki for one revision.
pub(super) fn is_permalink(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| {
        u.query_pairs()
            .any(|(key, value)| (key == "oldid" || key == "diff") && !value.is_empty())
    })
}

/// The date of the revision a MediaWiki permalink shows, if this is one.
pub(super) fn date(document: &Html, url: Option<&str>, reading: Reading<'_>) -> Option<NaiveDate> {
    if !url.is_some_and(is_permalink) {
        return None;
    }
    let generator = document
        .select(GENERATOR.as_ref()?)
        .next()?
        .value()
        .attr("content")?;
    if !generator.trim_start().starts_with("MediaWiki") {
        return None;
    }
    let header: String = document.select(HEADER.as_ref()?).next()?.text().collect();
    forms::first(&header, reading).map(|found| found.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(generator: &str, header: &str) -> Html {
        Html::parse_document(&format!(
            "<html><head><meta name=\"generator\" content=\"{generator}\">\
             <script type=\"application/ld+json\">{{\"datePublished\":\"2005-07-26\"}}</script>\
             </head><body><div id=\"mw-diff-ntitle1\">{header}</div></body></html>"
        ))
    }

    #[test]
    fn a_diff_permalink_is_dated_by_its_revision() {
        let doc = page(
            "MediaWiki 1.31.0",
            "Latest revision as of 05:33, 7 April 2020 (edit)",
        );
        let url = "https://wiki.example/index.php?title=X&diff=591343&oldid=588001";
        assert_eq!(
            date(&doc, Some(url), Reading::default()),
            NaiveDate::from_ymd_opt(2020, 4, 7)
        );
    }

    #[test]
    fn only_permalinks_of_mediawiki_pages_count() {
        let doc = page("MediaWiki 1.31.0", "Revision as of 05:33, 7 April 2020");
        assert_eq!(
            date(
                &doc,
                Some("https://wiki.example/wiki/X"),
                Reading::default()
            ),
            None
        );
        let other = page("WordPress 6.4", "Revision as of 05:33, 7 April 2020");
        let url = "https://blog.example/?p=1&oldid=2";
        assert_eq!(date(&other, Some(url), Reading::default()), None);
        assert_eq!(date(&doc, None, Reading::default()), None);
    }
}

//! The publication date of a page (never its modification date).
//!
//! STUB: being written (JSON-LD, meta tags, `<time>`, URL, visible dates in en/mn/ru/zh).

use chrono::NaiveDate;

/// The page's publication date, from its parsed document, raw HTML and URL.
pub fn publication_date(
    document: &scraper::Html,
    html: &str,
    url: Option<&str>,
) -> Option<NaiveDate> {
    let _ = (document, html, url);
    None
}

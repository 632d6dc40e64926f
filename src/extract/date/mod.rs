//! The publication date of a page — never its modification date.
//!
//! A citation's date is checked against the day its source was published, so this module
//! decides that day from what the page offers, most trusted first (close to htmldate's
//! order, which its authors found best on real pages):
//!
//! 1. structured metadata: Open Graph's `article:published_time`, the article's JSON-LD
//!    `datePublished` (`jsonld.rs`), the other publication meta tags (`meta.rs`), elements
//!    marked `itemprop="datePublished"` or `pubdate` — the one the address confirms when
//!    they disagree; but a dateline that readers see right under the headline wins over
//!    metadata naming another day within two months that the address does not confirm
//!    (metadata is often a system's date: a draft, an import, a feed's time);
//! 2. the date in the address (`url.rs`);
//! 3. `datePublished`-like keys in the page's other scripts, the state of JavaScript
//!    front-ends (`scripts.rs`);
//! 4. `<time datetime>` and timestamp attributes in the article rather than in sidebars or
//!    comments;
//! 5. dates written in the visible text (`forms.rs`), in the languages of the news world,
//!    judged by where they sit (`scan.rs`) and by their labels (`labels.rs`): datelines
//!    first (labelled, in date elements, standing alone), then dates inside sentences
//!    (more often an event's than the page's);
//! 6. when none of those answers, the dates the page shows only where other pages' dates
//!    usually stand (a block named like a sidebar or teaser, an element classed as
//!    updated) — datelines among them rank above the article's in-sentence dates, and so
//!    does a date labelled as the page's last update — and
//!    last the date the page's source repeats most (`extensive.rs`), as htmldate's
//!    extensive search does.
//!
//! Modification dates are shut out at every step: `dateModified` and
//! `article:modified_time` are never taken for the publication, a visible date labelled
//! "Updated", "Обновлено" or "更新" is skipped (unless the page has no dateline and would be
//! dated by a date inside a sentence: the update is nearer the publication than that),
//! and the last-resort search never takes a day the page names as a modification. They
//! are reported apart ([`dates`]), with where the publication date was read
//! ([`DateSource`]). Dates before 1995 or after tomorrow are implausible for a web page
//! and rejected.
//!
//! The day is the one the publisher wrote, in the publisher's time zone
//! ("2023-09-27T23:30:00+08:00" is September 27). A time stamped in UTC ("…Z", a Unix time)
//! or with no zone at all is an instant whose local day may be the day before or after
//! (`stamp.rs`): when the page itself writes that neighbouring day (in its address, its
//! scripts or its byline), and the time of day allows it, that local day wins.

mod calendar;
mod context;
mod extensive;
mod forms;
mod jsonld;
mod judge;
mod labels;
mod meta;
mod months;
mod order;
mod revision;
mod scan;
mod scripts;
mod stamp;
mod tokens;
mod url;
mod visible;

use chrono::NaiveDate;

pub(crate) use context::is_timestamp_name;
use judge::Judge;

pub use crate::model::DateSource;

/// A page's dates: the day it was published and where that was read, and the day it was
/// last modified when it says so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageDates {
    /// The publication date ([`publication_date`]).
    pub published: Option<NaiveDate>,
    /// Where the publication date was read.
    pub source: Option<DateSource>,
    /// The last modification, never before the publication.
    pub modified: Option<NaiveDate>,
}

/// Everything the date judgement reads of a page's address: the date in its path and
/// whether it is a wiki permalink. Two addresses with the same facts give a page the same
/// dates, which lets extraction be shared between them (`extract::memo`).
pub(crate) fn address_facts(url: &str) -> String {
    format!("{:?}|{}", url::read(url), revision::is_permalink(url))
}

/// The page's publication date with its source, and its modification date (see
/// [`publication_date`] for the arguments and the order of trust).
pub fn dates(document: &scraper::Html, html: &str, url: Option<&str>) -> PageDates {
    let page = scan::scan(document);
    let judge = Judge::new(&page, html, url);
    let published = revision::date(document, url, judge.reading())
        .filter(|d| judge.plausible(*d))
        .map(|d| (d, DateSource::Revision))
        .or_else(|| judge.publication_date());
    let modified = judge.modified(published.map(|(d, _)| d));
    PageDates {
        published: published.map(|(d, _)| d),
        source: published.map(|(_, s)| s),
        modified,
    }
}

/// The page's publication date, from its parsed document, raw HTML and URL.
///
/// `url` is the address the page was fetched from, when known: its path often holds the
/// date. `html` is the page's source, searched for publication keys in scripts. Returns
/// `None` when the page gives no plausible publication date — better no date than a wrong
/// one.
///
/// ```
/// let html = r#"<html><head>
///   <meta property="article:modified_time" content="2023-09-29T10:00:00+08:00">
///   <meta property="article:published_time" content="2023-09-27T08:00:00+08:00">
/// </head><body><p>Updated: September 29, 2023</p></body></html>"#;
/// let document = scraper::Html::parse_document(html);
/// let date = citecheck::extract::date::publication_date(&document, html, None);
/// assert_eq!(date.map(|d| d.to_string()).as_deref(), Some("2023-09-27"));
/// ```
pub fn publication_date(
    document: &scraper::Html,
    html: &str,
    url: Option<&str>,
) -> Option<NaiveDate> {
    let page = scan::scan(document);
    let judge = Judge::new(&page, html, url);
    revision::date(document, url, judge.reading())
        .filter(|d| judge.plausible(*d))
        .or_else(|| judge.publication_date().map(|(d, _)| d))
}

/// Every date candidate of a page with where it came from, one line each, for diagnosing
/// a wrong or missing [`publication_date`] (the `dates` evaluation prints them for its
/// misses).
pub fn explain(document: &scraper::Html, html: &str, url: Option<&str>) -> Vec<String> {
    let page = scan::scan(document);
    Judge::new(&page, html, url).explain()
}

/// What each source of a page's date says on its own — `metadata`, `address`, `scripts`,
/// `time`, `text`, in the order [`publication_date`] trusts them — to measure each source
/// (the `dates` evaluation's `--sources`).
pub fn by_source(
    document: &scraper::Html,
    html: &str,
    url: Option<&str>,
) -> Vec<(&'static str, Option<NaiveDate>)> {
    let page = scan::scan(document);
    Judge::new(&page, html, url).by_source()
}

//! The publication date of a page — never its modification date.
//!
//! A citation's date is checked against the day its source was published, so this module
//! decides that day from what the page offers, most trusted first (the order htmldate
//! found best on real pages):
//!
//! 1. structured metadata: JSON-LD `datePublished` ([`jsonld`]), publication meta tags
//!    ([`meta`]), elements marked `itemprop="datePublished"` or `pubdate`;
//! 2. the date in the address ([`url`]);
//! 3. `datePublished`-like keys in the page's other scripts (app state of JS front-ends);
//! 4. `<time datetime>` attributes in the article rather than in sidebars or comments;
//! 5. dates written in the visible text ([`forms`]), in any of the languages of the news
//!    world, judged by where they sit ([`scan`]) and by their labels ([`labels`]).
//!
//! Modification dates are shut out at every step: `dateModified` and
//! `article:modified_time` are never read, and a visible date labelled "Updated",
//! "Обновлено" or "更新" (or sitting in an element classed as such) is skipped. Dates before
//! 1995 or after tomorrow are implausible for a web page and rejected. When the metadata
//! disagrees, the candidate the address confirms wins.

mod calendar;
mod forms;
mod jsonld;
mod labels;
mod meta;
mod months;
mod scan;
mod tokens;
mod url;

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Utc};
use regex::Regex;

use forms::{Form, Reading};
use labels::Label;
use scan::{Context, Page};

/// The earliest plausible publication date of a web page.
const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1995, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// How many bytes before a visible date its label may sit.
const LABEL_REACH: usize = 64;

/// The page's publication date, from its parsed document, raw HTML and URL.
///
/// `url` is the address the page was fetched from, when known: its path often holds the
/// date. Returns `None` when the page gives no plausible publication date — better no date
/// than a wrong one.
pub fn publication_date(
    document: &scraper::Html,
    html: &str,
    url: Option<&str>,
) -> Option<NaiveDate> {
    let page = scan::scan(document);
    let judge = Judge::new(&page, url);
    judge
        .structured()
        .or_else(|| judge.address())
        .or_else(|| judge.scripts(html))
        .or_else(|| judge.time_elements())
        .or_else(|| judge.visible_text())
}

/// Weighs the candidates of one page.
struct Judge<'p> {
    page: &'p Page<'p>,
    reading: Reading<'p>,
    address: url::UrlDate,
    latest: NaiveDate,
}

impl<'p> Judge<'p> {
    fn new(page: &'p Page<'p>, url: Option<&str>) -> Self {
        let language = page
            .lang
            .as_deref()
            .map(|l| l.split(['-', '_']).next().unwrap_or(l));
        // US usage writes the month first; other English-speaking countries do not.
        let month_first = page
            .lang
            .as_deref()
            .is_some_and(|l| l == "en" || l.starts_with("en-us") || l.starts_with("en_us"));
        let today = Utc::now().date_naive();
        Judge {
            page,
            reading: Reading {
                language,
                month_first,
            },
            address: url.map(url::read).unwrap_or_default(),
            latest: today.succ_opt().unwrap_or(today),
        }
    }

    fn plausible(&self, date: NaiveDate) -> bool {
        date >= EARLIEST && date <= self.latest
    }

    /// A structured value ("2023-09-27T10:00:00+08:00", "20230927", "Wed, 27 Sep 2023
    /// 10:00:00 GMT", a Unix time) read as a date, as written (no time-zone shift: the
    /// writer's local day is the publication day).
    fn value(&self, value: &str) -> Option<NaiveDate> {
        let value = value.trim();
        let digits = value.bytes().take_while(u8::is_ascii_digit).count();
        let date = if digits == value.len() && (digits == 10 || digits == 13) {
            let seconds: i64 = value.get(..10)?.parse().ok()?;
            chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.date_naive())
        } else if digits == 8 || digits == 14 {
            NaiveDate::parse_from_str(value.get(..8)?, "%Y%m%d").ok()
        } else {
            forms::first(value, self.reading)
                .filter(|f| f.form != Form::ShortYear)
                .map(|f| f.date)
        };
        date.filter(|d| self.plausible(*d))
    }

    /// JSON-LD, meta tags and `itemprop`/`pubdate` marks; the address settles disagreement.
    fn structured(&self) -> Option<NaiveDate> {
        let ld = jsonld::published(&self.page.json_ld);
        let mut candidates: Vec<NaiveDate> = Vec::new();
        candidates.extend(
            ld.iter()
                .filter(|p| p.rank == 0)
                .filter_map(|p| self.value(&p.value)),
        );
        candidates.extend(
            meta::published(&self.page.metas)
                .into_iter()
                .filter_map(|(_, m)| self.value(m.content)),
        );
        candidates.extend(
            self.page
                .marks
                .iter()
                .filter(|m| m.published && !m.context.has(Context::ASIDE))
                .filter_map(|m| self.value(m.value)),
        );
        candidates.extend(
            ld.iter()
                .filter(|p| p.rank > 0)
                .filter_map(|p| self.value(&p.value)),
        );
        self.confirmed(&candidates)
            .or_else(|| candidates.first().copied())
    }

    /// The candidate the address's day confirms, if any.
    fn confirmed(&self, candidates: &[NaiveDate]) -> Option<NaiveDate> {
        let day = self.address.day?;
        candidates.contains(&day).then_some(day)
    }

    fn address(&self) -> Option<NaiveDate> {
        self.address.day.filter(|d| self.plausible(*d))
    }

    /// `"datePublished": "…"` and its kin in the page's scripts (the state of JavaScript
    /// front-ends, which is not JSON-LD).
    fn scripts(&self, html: &str) -> Option<NaiveDate> {
        static KEYS: LazyLock<Option<Regex>> = LazyLock::new(|| {
            Regex::new(
                r#"\\?"(?:datePublished|publishedAt|published_at|publishDate|publish_date|pubDate|firstPublishDate|first_published_at|publishedDate|date_published|publicationDate|createdAt|created_at)\\?"\s*:\s*\\?"([^"\\]{8,40})\\?""#,
            )
            .ok()
        });
        let captures = KEYS.as_ref()?.captures(html)?;
        self.value(captures.get(1)?.as_str())
    }

    /// The first `<time datetime>` of the article (outside sidebars, comments, related
    /// lists, and not labelled as an update).
    fn time_elements(&self) -> Option<NaiveDate> {
        let text = &self.page.text;
        let usable: Vec<(Context, NaiveDate)> = self
            .page
            .marks
            .iter()
            .filter(|m| !m.context.has(Context::ASIDE) && !m.context.has(Context::UPDATED))
            .filter(|m| {
                let before = labels::before(text, m.text_at, 0, LABEL_REACH);
                labels::label(before) != Label::Updated
            })
            .filter_map(|m| self.value(m.value).map(|d| (m.context, d)))
            .collect();
        let in_article = |c: &Context| c.has(Context::ARTICLE) || c.has(Context::HEADER);
        self.prefer_address_month(
            usable
                .iter()
                .filter(|(c, _)| in_article(c))
                .map(|(_, d)| *d),
        )
        .or_else(|| self.prefer_address_month(usable.iter().map(|(_, d)| *d)))
    }

    /// The first of `dates`, or the first in the address's month when there is one.
    fn prefer_address_month(&self, dates: impl Iterator<Item = NaiveDate>) -> Option<NaiveDate> {
        let dates: Vec<NaiveDate> = dates.collect();
        if let Some((year, month)) = self.address.month {
            if let Some(date) = dates
                .iter()
                .find(|d| d.year() == year && d.month() == month)
            {
                return Some(*date);
            }
        }
        dates.first().copied()
    }

    /// Dates written in the visible text, judged by their labels and where they sit.
    fn visible_text(&self) -> Option<NaiveDate> {
        let text = &self.page.text;
        let mut previous_end = 0;
        let mut dates: Vec<Visible> = Vec::new();
        for found in forms::find_all(text, self.reading) {
            let before = labels::before(text, found.start, previous_end, LABEL_REACH);
            previous_end = found.end;
            let visible = Visible {
                date: found.date,
                context: self.page.context_at(found.start),
                label: labels::label(before),
                form: found.form,
            };
            if visible.usable() && self.plausible(found.date) {
                dates.push(visible);
            }
        }
        let published =
            |v: &&Visible| v.label == Label::Published || v.context.has(Context::PUBLISHED);
        let dated = |v: &&Visible| v.context.has(Context::DATED);
        let in_article =
            |v: &&Visible| v.context.has(Context::ARTICLE) || v.context.has(Context::HEADER);
        let trusted = |v: &&Visible| v.form != Form::ShortYear;
        self.prefer_address_month(dates.iter().filter(published).map(|v| v.date))
            .or_else(|| {
                self.prefer_address_month(
                    dates
                        .iter()
                        .filter(dated)
                        .filter(in_article)
                        .map(|v| v.date),
                )
            })
            .or_else(|| self.prefer_address_month(dates.iter().filter(dated).map(|v| v.date)))
            .or_else(|| {
                self.prefer_address_month(
                    dates
                        .iter()
                        .filter(trusted)
                        .filter(in_article)
                        .map(|v| v.date),
                )
            })
            .or_else(|| self.prefer_address_month(dates.iter().filter(trusted).map(|v| v.date)))
    }
}

/// A date written in the visible text, with what surrounds it.
struct Visible {
    date: NaiveDate,
    context: Context,
    label: Label,
    form: Form,
}

impl Visible {
    /// Whether it may be the publication date at all.
    fn usable(&self) -> bool {
        if self.label == Label::Updated || self.context.has(Context::ASIDE) {
            return false;
        }
        if self.context.has(Context::UPDATED) && !self.context.has(Context::PUBLISHED) {
            return false;
        }
        // "07.06.20" is a date only where one is expected.
        self.form != Form::ShortYear
            || self.label == Label::Published
            || self.context.has(Context::DATED)
    }
}

//! Weighs one page's date candidates, source by source, in the order of trust set out in
//! [the module](super), with the address as referee and UTC instants settled to the
//! publisher's local day.

use chrono::{Datelike, NaiveDate, Utc};
use std::cell::OnceCell;

use super::forms::{self, Reading};
use super::labels::{self, Label};
use super::scan::{Context, Page};
use super::stamp::{self, Stamp};
use super::url::{self, UrlDate};
use super::visible::{standalone, Visible};
use super::{extensive, jsonld, meta, order, scripts};
use crate::model::DateSource;

/// The earliest plausible publication date of a web page.
const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1995, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// How many visible dates are weighed, at most (a page listing more is an archive).
const MAX_VISIBLE: usize = 2000;

/// How many publication keys of the page's scripts are read.
const MAX_SCRIPT_DATES: usize = 16;

/// A floating instant's local day is the previous one only west of UTC by more than its time
/// of day, and the next one only east of UTC by more than what is left of its day. The
/// inhabited offsets run from UTC−10 (Hawaii) to UTC+14 (Kiribati).
const WEST_MINUTES: u32 = 10 * 60;
const EAST_MINUTES: u32 = 14 * 60;

/// A visible date of this rank or better (labelled published, or in a date element of the
/// article) is a byline, trusted to say the local day of a floating stamp.
const BYLINE_TIER: u8 = 1;

/// How far after the headline's start (bytes of the page's text) a date reads as the
/// article's dateline: the headline, a standfirst's first line, the byline.
const HEADLINE_REACH: usize = 400;

/// How many days a dateline under the headline may stand from the metadata's date and be
/// taken over it.
const SHOWN_WITHIN_DAYS: i64 = 62;

/// The worst [`Visible::tier`] of a dateline under the headline: a date in a date
/// element or standing alone in its line, in the article or not.
const SHOWN_TIER: u8 = 4;

/// Ranks of visible dates ([`Visible::rank`]), in the order they are trusted: datelines
/// of the article and the page (labelled, in date elements, standing alone), then the
/// same in boilerplate, then dates inside sentences (more often an event's than the
/// page's), then the rest of boilerplate.
const DATELINE_RANKS: std::ops::RangeInclusive<u8> = 0..=4;
const BOILERPLATE_RANKS: std::ops::RangeInclusive<u8> = 5..=7;
const PROSE_RANKS: std::ops::RangeInclusive<u8> = 8..=10;
const LAST_RANKS: std::ops::RangeInclusive<u8> = 11..=11;

/// Weighs the candidates of one page.
pub(super) struct Judge<'p> {
    page: &'p Page<'p>,
    html: &'p str,
    reading: Reading<'p>,
    address: UrlDate,
    latest: NaiveDate,
    visible: OnceCell<Vec<Visible<'p>>>,
    scripts: OnceCell<Vec<Stamp>>,
}

impl<'p> Judge<'p> {
    pub(super) fn new(page: &'p Page<'p>, html: &'p str, url: Option<&str>) -> Self {
        let lang = page.lang.as_deref();
        let language = lang.map(|l| l.split(['-', '_']).next().unwrap_or(l));
        // US usage writes the month first; other English-speaking countries do not, and
        // plain English may be either (`order.rs`).
        let declared =
            lang.is_some_and(|l| l == "en" || l.starts_with("en-us") || l.starts_with("en_us"));
        let month_first = if lang == Some("en") {
            order::month_first(declared, url, &page.text)
        } else {
            declared
        };
        let today = Utc::now().date_naive();
        Judge {
            page,
            html,
            reading: Reading {
                language,
                month_first,
            },
            address: url.map(url::read).unwrap_or_default(),
            latest: today.succ_opt().unwrap_or(today),
            visible: OnceCell::new(),
            scripts: OnceCell::new(),
        }
    }

    /// The publication date and its source: the first source, in order of trust, that
    /// gives one; when none does, the dates the page shows only where dates of other
    /// pages stand (a sidebar-named block, an element classed as updated), then the
    /// whole page's source.
    pub(super) fn publication_date(&self) -> Option<(NaiveDate, DateSource)> {
        let from = |source: DateSource| move |date: NaiveDate| (date, source);
        self.structured()
            .map(|date| self.shown_over_metadata(date))
            .or_else(|| {
                self.address
                    .day
                    .filter(|d| self.plausible(*d))
                    .map(from(DateSource::Address))
            })
            .or_else(|| {
                self.scripts()
                    .first()
                    .map(|s| (self.settle(*s), DateSource::Scripts))
            })
            .or_else(|| self.time_elements().map(from(DateSource::Time)))
            .or_else(|| self.visible_in(DATELINE_RANKS).map(from(DateSource::Text)))
            .or_else(|| {
                self.boilerplate_marks(true)
                    .map(from(DateSource::Boilerplate))
            })
            .or_else(|| {
                self.visible_in(BOILERPLATE_RANKS)
                    .map(from(DateSource::Boilerplate))
            })
            .or_else(|| {
                self.boilerplate_marks(false)
                    .map(from(DateSource::Boilerplate))
            })
            .or_else(|| {
                // A labelled update beats a date inside a sentence, but alone it is no
                // publication date.
                self.visible_in(PROSE_RANKS)
                    .map(|prose| self.labelled_update().unwrap_or(prose))
                    .map(from(DateSource::Text))
            })
            .or_else(|| {
                self.visible_in(LAST_RANKS)
                    .map(from(DateSource::Boilerplate))
            })
            .or_else(|| {
                // The source repeats the modification date too: never that one.
                let modified = self.modification_days();
                extensive::search(self.html, |d| self.plausible(d) && !modified.contains(&d))
                    .map(from(DateSource::Page))
            })
    }

    /// The metadata's date, unless the page shows readers another day in a dateline
    /// right under its headline: then the page's own dateline is the date (metadata is
    /// often a system's: the first draft, the import into a new CMS, a feed's time). Not
    /// when the address confirms the metadata, nor when the two are months apart (a
    /// day-month order misread, or an event's date).
    fn shown_over_metadata(&self, metadata: NaiveDate) -> (NaiveDate, DateSource) {
        let shown = self
            .headline_dateline()
            .filter(|d| *d != metadata && self.address.day != Some(metadata))
            .filter(|d| (*d - metadata).num_days().abs() <= SHOWN_WITHIN_DAYS);
        match shown {
            Some(date) => (date, DateSource::Text),
            None => (metadata, DateSource::Metadata),
        }
    }

    /// The first dateline (a date in a date element or standing alone, not an update, not
    /// in a sidebar) written within [`HEADLINE_REACH`] bytes after the headline's start.
    /// Only that stretch of the text is read, so that pages dated by their metadata do
    /// not pay for a scan of the whole text.
    fn headline_dateline(&self) -> Option<NaiveDate> {
        let text: &str = &self.page.text;
        let from = self.page.headline_at?;
        let mut to = (from + HEADLINE_REACH).min(text.len());
        while !text.is_char_boundary(to) {
            to += 1;
        }
        let window = text.get(from..to)?;
        forms::find_all(window, self.reading)
            .into_iter()
            .find_map(|found| {
                let (start, end) = (from + found.start, from + found.end);
                let visible = Visible {
                    date: found.date,
                    start,
                    context: self.page.context_at(start),
                    label: labels::label_at(text, start, end, from),
                    form: found.form,
                    standalone: standalone(text, start, end),
                    excerpt: "",
                };
                let dateline = visible.tier().is_some_and(|t| t <= SHOWN_TIER);
                (dateline && self.plausible(found.date)).then_some(found.date)
            })
    }

    /// The page's last modification, when it names one: its modification meta tags and
    /// JSON-LD `dateModified`, an element marked as updated, a date labelled "Updated".
    /// A "modification" before the publication is not one.
    pub(super) fn modified(&self, published: Option<NaiveDate>) -> Option<NaiveDate> {
        self.modification_days()
            .into_iter()
            .next()
            .filter(|m| published.is_none_or(|p| *m >= p))
    }

    /// Every day the page names as a modification, most trusted first.
    fn modification_days(&self) -> Vec<NaiveDate> {
        let ld = jsonld::modified(&self.page.json_ld);
        let metas = meta::modified(&self.page.metas);
        let marked = self.page.marks.iter().filter(|m| {
            m.context.has(Context::UPDATED)
                && !m.context.has(Context::PUBLISHED)
                && !m.context.has(Context::ASIDE)
        });
        let mut days: Vec<NaiveDate> = metas
            .iter()
            .map(|m| m.content)
            .chain(ld.iter().map(|p| p.value.as_str()))
            .chain(marked.map(|m| m.value))
            .filter_map(|v| self.stamp(v))
            .map(|s| self.settle(s))
            .collect();
        // Dates labelled "Updated" are read only when the visible text was scanned for
        // the publication date anyway: scanning it for this alone would cost every page
        // dated by its metadata the slowest step of the search.
        let mut updated: Vec<&Visible<'_>> = self
            .visible
            .get()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|v| v.label == Label::Updated && !v.context.has(Context::ASIDE))
            .collect();
        self.nearest_headline_first(&mut updated, |v| v.start);
        days.extend(updated.iter().map(|v| v.date));
        days
    }

    /// A visible date labelled as the page's last update ("Aktualisiert: 30.12.2016"), in
    /// the page and not in a sidebar, nearest the headline: on a page with no dateline it
    /// is nearer its publication than a date inside a sentence (most often an event's),
    /// and is taken over one — but a page showing only its update gives no date.
    fn labelled_update(&self) -> Option<NaiveDate> {
        let mut updated: Vec<&Visible<'_>> = self
            .visible()
            .iter()
            .filter(|v| v.label == Label::Updated && !v.context.has(Context::ASIDE))
            .collect();
        self.nearest_headline_first(&mut updated, |v| v.start);
        updated.first().map(|v| v.date)
    }

    /// What each source alone says, in the order of trust.
    pub(super) fn by_source(&self) -> Vec<(&'static str, Option<NaiveDate>)> {
        vec![
            ("metadata", self.structured()),
            ("address", self.address.day.filter(|d| self.plausible(*d))),
            ("scripts", self.scripts().first().map(|s| self.settle(*s))),
            ("time", self.time_elements()),
            ("text", self.best_visible().map(|(_, date)| date)),
        ]
    }

    /// How this page's dates are read (language, month order).
    pub(super) fn reading(&self) -> Reading<'p> {
        self.reading
    }

    /// Within the plausible range (not before the web's news era, not after tomorrow).
    pub(super) fn plausible(&self, date: NaiveDate) -> bool {
        date >= EARLIEST && date <= self.latest
    }

    /// A machine-readable value read as a plausible day.
    fn stamp(&self, value: &str) -> Option<Stamp> {
        stamp::read(value, self.reading).filter(|s| self.plausible(s.date))
    }

    /// The local day of a stamp: a floating instant (UTC, Unix time, no zone) moves to the
    /// neighbouring day when the page itself writes that day — in its address, its script
    /// data, or a byline date — and not the instant's.
    fn settle(&self, stamp: Stamp) -> NaiveDate {
        if !stamp.floating {
            return stamp.date;
        }
        let byline = self
            .best_visible()
            .filter(|(tier, _)| *tier <= BYLINE_TIER)
            .map(|(_, date)| date);
        let local = [
            self.address.day,
            self.scripts().iter().find(|s| !s.floating).map(|s| s.date),
            byline,
        ];
        let reachable = |witness: NaiveDate| match ((witness - stamp.date).num_days(), stamp.minute)
        {
            (-1, Some(minute)) => minute < WEST_MINUTES,
            (1, Some(minute)) => minute >= 24 * 60 - EAST_MINUTES,
            (-1 | 1, None) => true,
            _ => false,
        };
        for witness in local.into_iter().flatten() {
            if witness == stamp.date {
                return stamp.date;
            }
            if reachable(witness) {
                return witness;
            }
        }
        stamp.date
    }

    /// Meta tags, JSON-LD and `itemprop`/`pubdate` marks, in that order of trust; the
    /// address settles disagreement.
    fn structured(&self) -> Option<NaiveDate> {
        let ld = jsonld::published(&self.page.json_ld);
        let metas = meta::published(&self.page.metas);
        let marks = self
            .page
            .marks
            .iter()
            .filter(|m| m.published && !m.context.has(Context::ASIDE));
        // Open Graph's article:published_time, then the article's JSON-LD, then the other
        // meta tags (Dublin Core, vendors', a bare "date"), which name a system's or a
        // site's dates more often.
        let (open_graph, other_metas): (Vec<_>, Vec<_>) = metas
            .iter()
            .partition(|(rank, _)| meta::is_open_graph(*rank));
        let (generic, named): (Vec<_>, Vec<_>) = other_metas
            .into_iter()
            .partition(|(rank, _)| meta::is_generic(*rank));
        let stamps: Vec<Stamp> = open_graph
            .iter()
            .map(|(_, m)| m.content)
            .chain(ld.iter().filter(|p| p.rank == 0).map(|p| p.value.as_str()))
            .chain(named.iter().map(|(_, m)| m.content))
            .chain(marks.map(|m| m.value))
            .chain(ld.iter().filter(|p| p.rank > 0).map(|p| p.value.as_str()))
            .filter_map(|v| self.stamp(v))
            .collect();
        let generic: Vec<Stamp> = generic
            .iter()
            .filter_map(|(_, m)| self.stamp(m.content))
            .collect();
        if let Some(day) = self.address.day {
            if stamps.iter().chain(&generic).any(|s| s.date == day) {
                return Some(day);
            }
        }
        stamps
            .first()
            .map(|s| self.settle(*s))
            .or_else(|| self.generic_or_byline(generic.first().copied()?))
    }

    /// A bare "date" or "dc.date" meta tag names a system's date (the page's generation,
    /// its last edit) as often as the publication: a byline that disagrees — a date marked
    /// published, wherever it sits, or a visible date labelled published or in a date
    /// element of the article — is the publication date.
    fn generic_or_byline(&self, generic: Stamp) -> Option<NaiveDate> {
        let date = self.settle(generic);
        let marked = self
            .page
            .marks
            .iter()
            .filter(|m| m.published && !m.context.has(Context::UPDATED))
            .find_map(|m| self.stamp(m.value))
            .map(|s| self.settle(s));
        let byline = || {
            self.best_visible_in(DATELINE_RANKS)
                .filter(|(rank, _)| *rank <= BYLINE_TIER + 1)
                .map(|(_, d)| d)
        };
        Some(marked.or_else(byline).unwrap_or(date))
    }

    /// The publication keys of the page's scripts, read as stamps.
    fn scripts(&self) -> &[Stamp] {
        self.scripts.get_or_init(|| {
            scripts::values(self.html)
                .into_iter()
                .filter_map(|v| self.stamp(v))
                .take(MAX_SCRIPT_DATES)
                .collect()
        })
    }

    /// The first `<time datetime>` (or timestamp attribute) of the article, outside
    /// sidebars, comments and related lists, and not labelled as an update.
    fn time_elements(&self) -> Option<NaiveDate> {
        let text = &self.page.text;
        let mut usable: Vec<(Context, usize, Stamp)> = self
            .page
            .marks
            .iter()
            .filter(|m| !m.context.has(Context::ASIDE) && !m.context.has(Context::UPDATED))
            .filter(|m| labels::label_at(text, m.text_at, m.text_at, 0) != Label::Updated)
            .filter_map(|m| self.stamp(m.value).map(|s| (m.context, m.text_at, s)))
            .collect();
        // Nearest the headline first, as for visible dates.
        self.nearest_headline_first(&mut usable, |(_, at, _)| *at);
        let in_article = |c: &Context| {
            (c.has(Context::ARTICLE) || c.has(Context::HEADER)) && !c.has(Context::MASTHEAD)
        };
        let pick = |article_only: bool| {
            let stamps = usable
                .iter()
                .filter(|(c, _, _)| !article_only || in_article(c))
                .map(|(_, _, s)| *s);
            self.in_address_month(stamps, |s| s.date)
        };
        pick(true).or_else(|| pick(false)).map(|s| self.settle(s))
    }

    /// Sorts `items` by how far from the headline they are written (`at`: an offset in
    /// the page's text), nearest first: the byline sits next to the headline, lists of
    /// other stories further away. Stable: ties keep page order.
    fn nearest_headline_first<T>(&self, items: &mut [T], at: impl Fn(&T) -> usize) {
        if let Some(headline) = self.page.headline_at {
            items.sort_by_key(|item| at(item).abs_diff(headline));
        }
    }

    /// The first of `items`, or the first in the address's month when there is one.
    fn in_address_month<T: Copy>(
        &self,
        items: impl Iterator<Item = T>,
        date: impl Fn(&T) -> NaiveDate,
    ) -> Option<T> {
        let items: Vec<T> = items.collect();
        if let Some((year, month)) = self.address.month {
            let same_month = |d: NaiveDate| d.year() == year && d.month() == month;
            if let Some(item) = items.iter().find(|i| same_month(date(i))) {
                return Some(*item);
            }
        }
        items.first().copied()
    }

    /// Every plausible date written in the visible text, with its label and context.
    fn visible(&self) -> &[Visible<'p>] {
        self.visible.get_or_init(|| {
            let text: &'p str = &self.page.text;
            let mut previous_end = 0;
            let mut dates = Vec::new();
            for found in forms::find_all(text, self.reading)
                .into_iter()
                .take(MAX_VISIBLE)
            {
                let label = labels::label_at(text, found.start, found.end, previous_end);
                previous_end = found.end;
                if !self.plausible(found.date) {
                    continue;
                }
                dates.push(Visible {
                    date: found.date,
                    start: found.start,
                    context: self.page.context_at(found.start),
                    label,
                    form: found.form,
                    standalone: standalone(text, found.start, found.end),
                    excerpt: labels::before(text, found.end, 0, 80),
                });
            }
            dates
        })
    }

    /// The date marks of the page that sit where dates of other pages usually stand — in
    /// blocks named like sidebars or comments — marked as published first, nearest the
    /// headline first (only those marked published when `published_only`). On a page that
    /// shows no better date they are its own more often than not (a theme's byline inside
    /// a block named "teaser-meta"); but a visible dateline there outranks unmarked ones
    /// (a comment's `<time>`).
    fn boilerplate_marks(&self, published_only: bool) -> Option<NaiveDate> {
        let text = &self.page.text;
        let mut marks: Vec<(bool, usize, Stamp)> = self
            .page
            .marks
            .iter()
            .filter(|m| m.published || !published_only)
            .filter(|m| labels::label_at(text, m.text_at, m.text_at, 0) != Label::Updated)
            .filter_map(|m| self.stamp(m.value).map(|s| (m.published, m.text_at, s)))
            .collect();
        self.nearest_headline_first(&mut marks, |(_, at, _)| *at);
        marks.sort_by_key(|(published, _, _)| !published);
        marks.first().map(|(_, _, stamp)| self.settle(*stamp))
    }

    /// The visible date most likely the publication's among those whose
    /// [`Visible::rank`] is in `ranks`: the best rank's date nearest the headline (in the
    /// address's month when it has one).
    fn visible_in(&self, ranks: std::ops::RangeInclusive<u8>) -> Option<NaiveDate> {
        self.best_visible_in(ranks).map(|(_, date)| date)
    }

    /// The visible date most likely the publication's, with its rank.
    fn best_visible(&self) -> Option<(u8, NaiveDate)> {
        self.best_visible_in(DATELINE_RANKS)
            .or_else(|| self.best_visible_in(PROSE_RANKS))
    }

    /// The best-ranked visible date with its rank, among `ranks`.
    fn best_visible_in(&self, ranks: std::ops::RangeInclusive<u8>) -> Option<(u8, NaiveDate)> {
        let dates = self.visible();
        let rank = |v: &Visible<'_>| v.rank().filter(|r| ranks.contains(r));
        let mut best = dates.iter().filter_map(rank).min()?;
        // The address's month is the page's: when the best rank has no date in it, the best
        // rank that has one is the page's dateline (a book's release date in a review
        // outranks the post's own date only by where it stands).
        if let Some((year, month)) = self.address.month {
            let in_month = |v: &&Visible<'_>| v.date.year() == year && v.date.month() == month;
            if !dates
                .iter()
                .filter(|v| rank(v) == Some(best))
                .any(|v| in_month(&v))
            {
                if let Some(ranked) = dates.iter().filter(in_month).filter_map(rank).min() {
                    best = ranked;
                }
            }
        }
        let mut in_rank: Vec<&Visible<'_>> =
            dates.iter().filter(|v| rank(v) == Some(best)).collect();
        // Nearest the headline first: the byline sits next to it, lists of other stories
        // further away.
        self.nearest_headline_first(&mut in_rank, |v| v.start);
        self.in_address_month(in_rank.iter().map(|v| v.date), |d| *d)
            .map(|date| (best, date))
    }

    /// One line per candidate, for [`super::explain`].
    pub(super) fn explain(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (rank, m) in meta::published(&self.page.metas) {
            let stamp = self.stamp(m.content);
            lines.push(format!(
                "meta {} (rank {rank}) {:?} -> {stamp:?}",
                m.key, m.content
            ));
        }
        for p in jsonld::published(&self.page.json_ld) {
            let stamp = self.stamp(&p.value);
            lines.push(format!(
                "json-ld (rank {}) {:?} -> {stamp:?}",
                p.rank, p.value
            ));
        }
        for m in &self.page.marks {
            let stamp = self.stamp(m.value);
            let published = m.published;
            lines.push(format!(
                "mark published={published} {:?} {:?} -> {stamp:?}",
                m.context, m.value
            ));
        }
        lines.push(format!("address {:?}", self.address));
        lines.push(format!("scripts {:?}", self.scripts()));
        for v in self.visible() {
            lines.push(format!(
                "text {} {:?} {:?} {:?} standalone={} tier={:?} {:?}",
                v.date,
                v.form,
                v.label,
                v.context,
                v.standalone,
                v.tier(),
                v.excerpt
            ));
        }
        lines
    }
}

//! Weighs one page's date candidates, source by source, in the order of trust set out in
//! [the module](super), with the address as referee and UTC instants settled to the
//! publisher's local day.

use chrono::{Datelike, NaiveDate, Timelike, Utc};
use std::cell::OnceCell;

use super::forms::{self, Form, Reading};
use super::labels::{self, Label};
use super::scan::{Context, Page};
use super::url::{self, UrlDate};
use super::{jsonld, meta, scripts};

/// The earliest plausible publication date of a web page.
const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1995, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// How many publication keys of the page's scripts are read.
const MAX_SCRIPT_DATES: usize = 16;

/// A machine-readable date: its day as written, and whether it is a UTC instant (whose
/// local day may differ by one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    date: NaiveDate,
    utc: bool,
    /// For a UTC instant, its minute of the day, when written.
    minute: Option<u32>,
}

/// A UTC instant's local day is the previous one only west of UTC by more than its time
/// of day, and the next one only east of UTC by more than what is left of its day. The
/// inhabited offsets run from UTC−10 (Hawaii) to UTC+14 (Kiribati).
const WEST_MINUTES: u32 = 10 * 60;
const EAST_MINUTES: u32 = 14 * 60;

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
        // US usage writes the month first; other English-speaking countries do not.
        let month_first =
            lang.is_some_and(|l| l == "en" || l.starts_with("en-us") || l.starts_with("en_us"));
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

    /// The publication date: the first source, in order of trust, that gives one.
    pub(super) fn publication_date(&self) -> Option<NaiveDate> {
        self.structured()
            .or_else(|| self.address.day.filter(|d| self.plausible(*d)))
            .or_else(|| self.scripts().first().map(|s| self.settle(*s)))
            .or_else(|| self.time_elements())
            .or_else(|| self.visible_text())
    }

    /// What each source alone says, in the order of trust.
    pub(super) fn by_source(&self) -> Vec<(&'static str, Option<NaiveDate>)> {
        vec![
            ("metadata", self.structured()),
            ("address", self.address.day.filter(|d| self.plausible(*d))),
            ("scripts", self.scripts().first().map(|s| self.settle(*s))),
            ("time", self.time_elements()),
            ("text", self.visible_text()),
        ]
    }

    fn plausible(&self, date: NaiveDate) -> bool {
        date >= EARLIEST && date <= self.latest
    }

    /// A structured value ("2023-09-27T10:00:00+08:00", "20230927", "Wed, 27 Sep 2023
    /// 10:00:00 GMT", a Unix time) read as the day written.
    fn stamp(&self, value: &str) -> Option<Stamp> {
        let value = value.trim();
        let digits = value.bytes().take_while(u8::is_ascii_digit).count();
        let stamp = if digits == value.len() && (digits == 10 || digits == 13) {
            let seconds: i64 = value.get(..10)?.parse().ok()?;
            let instant = chrono::DateTime::from_timestamp(seconds, 0)?;
            Stamp {
                date: instant.date_naive(),
                utc: true,
                minute: Some(instant.hour() * 60 + instant.minute()),
            }
        } else if digits == 8 || digits == 14 {
            Stamp {
                date: NaiveDate::parse_from_str(value.get(..8)?, "%Y%m%d").ok()?,
                utc: false,
                minute: None,
            }
        } else {
            let found = forms::first(value, self.reading).filter(|f| f.form != Form::ShortYear)?;
            let utc = is_utc(value);
            Stamp {
                date: found.date,
                utc,
                minute: utc.then(|| minute_of_day(&value[found.end..])).flatten(),
            }
        };
        self.plausible(stamp.date).then_some(stamp)
    }

    /// The local day of a stamp: a UTC instant moves to the neighbouring day when the page
    /// itself writes that day (address, script data, byline) and not the instant's.
    fn settle(&self, stamp: Stamp) -> NaiveDate {
        if !stamp.utc {
            return stamp.date;
        }
        let local = [
            self.address.day,
            self.scripts().iter().find(|s| !s.utc).map(|s| s.date),
            self.visible_text(),
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

    /// Meta tags, JSON-LD and `itemprop`/`pubdate` marks; the address settles disagreement.
    fn structured(&self) -> Option<NaiveDate> {
        let ld = jsonld::published(&self.page.json_ld);
        let metas = meta::published(&self.page.metas);
        let marks = self
            .page
            .marks
            .iter()
            .filter(|m| m.published && !m.context.has(Context::ASIDE));
        let stamps: Vec<Stamp> = ld
            .iter()
            .filter(|p| p.rank == 0)
            .map(|p| p.value.as_str())
            .chain(metas.iter().map(|(_, m)| m.content))
            .chain(marks.map(|m| m.value))
            .chain(ld.iter().filter(|p| p.rank > 0).map(|p| p.value.as_str()))
            .filter_map(|v| self.stamp(v))
            .collect();
        if let Some(day) = self.address.day {
            if stamps.iter().any(|s| s.date == day) {
                return Some(day);
            }
        }
        stamps.first().map(|s| self.settle(*s))
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
        if let Some(headline) = self.page.headline_at {
            usable.sort_by_key(|(_, at, _)| at.abs_diff(headline));
        }
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
            for found in forms::find_all(text, self.reading) {
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

    /// The visible date most likely the publication's: the best tier's first date (in the
    /// address's month when it has one).
    fn visible_text(&self) -> Option<NaiveDate> {
        let dates = self.visible();
        let best = dates.iter().filter_map(Visible::tier).min()?;
        let mut in_tier: Vec<&Visible<'_>> =
            dates.iter().filter(|v| v.tier() == Some(best)).collect();
        // Nearest the headline first: the byline sits next to it, lists of other stories
        // further away.
        if let Some(headline) = self.page.headline_at {
            in_tier.sort_by_key(|v| v.start.abs_diff(headline));
        }
        self.in_address_month(in_tier.iter().map(|v| v.date), |d| *d)
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

/// The minute of the day of the first "HH:MM" in `text`.
fn minute_of_day(text: &str) -> Option<u32> {
    let colon = text.find(':')?;
    let hours: String = text[..colon]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let minutes = text.get(colon + 1..colon + 3)?;
    let (hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

/// Whether a written time is UTC: "…Z", "+00:00", "GMT", "UTC" (and not "GMT+0300").
fn is_utc(value: &str) -> bool {
    if !value.contains(':') {
        return false;
    }
    let upper = value.trim().to_ascii_uppercase();
    if upper.ends_with('Z') || upper.contains("+00:00") || upper.contains("+0000") {
        return true;
    }
    ["GMT", "UTC"].iter().any(|zone| {
        upper.find(zone).is_some_and(|at| {
            let rest = &upper[at + zone.len()..];
            let offset: String = rest
                .trim_start_matches(['+', '-'])
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ':')
                .filter(char::is_ascii_digit)
                .collect();
            offset.bytes().all(|b| b == b'0')
        })
    })
}

/// How many other characters the line of a date standing alone may hold ("Sunday, ",
/// "at 10:30 AM").
const STANDALONE_OTHERS: usize = 30;

/// Whether the date at `start..end` stands alone in its line (block) of `text`, as a
/// dateline does, rather than inside a sentence.
fn standalone(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let others = text[line_start..start]
        .chars()
        .chain(text[end..line_end].chars())
        .filter(|c| !c.is_whitespace())
        .take(STANDALONE_OTHERS + 1)
        .count();
    others <= STANDALONE_OTHERS
}

/// A date written in the visible text, with what surrounds it.
struct Visible<'t> {
    date: NaiveDate,
    /// Where it is written in the page's text.
    start: usize,
    context: Context,
    label: Label,
    form: Form,
    /// Alone in its line, as a dateline.
    standalone: bool,
    /// The text up to the date's end, for [`super::explain`].
    excerpt: &'t str,
}

impl Visible<'_> {
    /// How likely it is the publication date (0 best), or `None` if it cannot be: labelled
    /// or classed as an update, in a sidebar, comment or caption, or a two-digit-year date
    /// where no date is expected.
    fn tier(&self) -> Option<u8> {
        let c = self.context;
        if matches!(self.label, Label::Updated | Label::Other) || c.has(Context::ASIDE) {
            return None;
        }
        let published = self.label == Label::Published || c.has(Context::PUBLISHED);
        if c.has(Context::UPDATED) && !published {
            return None;
        }
        let dated = c.has(Context::DATED);
        if self.form == Form::ShortYear && !published && !dated {
            return None;
        }
        let masthead = c.has(Context::MASTHEAD);
        let in_article = c.has(Context::ARTICLE) || c.has(Context::HEADER);
        Some(if masthead {
            7
        } else if published {
            0
        } else if dated {
            if in_article {
                1
            } else {
                2
            }
        } else if self.standalone {
            if in_article {
                3
            } else {
                4
            }
        } else if in_article {
            5
        } else {
            6
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_stamps() {
        assert!(is_utc("2020-08-25T00:23:33.312Z"));
        assert!(is_utc("2020-04-24T21:25:06+00:00"));
        assert!(is_utc(
            "Tue Aug 25 2020 00:23:33 GMT+0000 (Coordinated Universal Time)"
        ));
        assert!(is_utc("Wed, 27 Sep 2023 10:00:00 GMT"));
        assert!(!is_utc("2020-06-29T00:16:15+03:00"));
        assert!(!is_utc("Fri, 01 May 2020 23:00:00 -0400"));
        assert!(!is_utc("2020-06-29"));
    }

    #[test]
    fn minutes_of_the_day() {
        assert_eq!(minute_of_day("T02:18:11Z"), Some(138));
        assert_eq!(minute_of_day(" 2020 23:15:00 GMT"), Some(1395));
        assert_eq!(minute_of_day("no time"), None);
    }
}

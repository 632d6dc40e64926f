//! Machine-readable dates — meta contents, JSON-LD values, `datetime` attributes, Unix
//! times — read as the day written, with what their time zone says about that day.
//!
//! "2023-09-27T23:30:00+08:00" is September 27 where it was written, and that local day is
//! the publication day. But "2023-09-28T02:18:11Z" (UTC), a Unix time, or a time with no
//! zone at all ("2023-09-28 02:18:00", often UTC in disguise) does not say the writer's
//! day: such a stamp is *floating*, and the page's own local date may settle it (see
//! `Judge::settle`).

use chrono::{NaiveDate, Timelike};

use super::forms::{self, Form, Reading};

/// A machine-readable date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    /// The day as written.
    pub date: NaiveDate,
    /// Whether it is an instant without the writer's offset (UTC, Unix time, no zone), whose
    /// local day may be the one before or after.
    pub floating: bool,
    /// For a floating stamp, its minute of the day, when written.
    pub minute: Option<u32>,
}

/// Reads `value` ("2023-09-27T10:00:00+08:00", "20230927", "Wed, 27 Sep 2023 10:00:00
/// GMT", "1695780000").
pub(super) fn read(value: &str, reading: Reading<'_>) -> Option<Stamp> {
    let value = value.trim();
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    if digits == value.len() && (digits == 10 || digits == 13) {
        let seconds: i64 = value.get(..10)?.parse().ok()?;
        let instant = chrono::DateTime::from_timestamp(seconds, 0)?;
        return Some(Stamp {
            date: instant.date_naive(),
            floating: true,
            minute: Some(instant.hour() * 60 + instant.minute()),
        });
    }
    if digits == 8 || digits == 14 {
        return Some(Stamp {
            date: NaiveDate::parse_from_str(value.get(..8)?, "%Y%m%d").ok()?,
            floating: false,
            minute: None,
        });
    }
    let found = forms::first(value, reading).filter(|f| f.form != Form::ShortYear)?;
    let rest = &value[found.end..];
    let minute = minute_of_day(rest);
    let floating = minute.is_some() && (is_utc(value) || !has_offset(rest));
    Some(Stamp {
        date: found.date,
        floating,
        minute: minute.filter(|_| floating),
    })
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

/// Whether the text after a date gives its time an offset: "+08:00", "-0500", or a zone's
/// abbreviation ("EST", "MSK", "WIB").
fn has_offset(rest: &str) -> bool {
    let Some(colon) = rest.find(':') else {
        return false;
    };
    let after = &rest[colon..];
    let signed = after.char_indices().any(|(i, c)| {
        matches!(c, '+' | '-') && after[i + 1..].starts_with(|d: char| d.is_ascii_digit())
    });
    let abbreviation = after.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        (2..=5).contains(&w.len())
            && w.bytes().all(|b| b.is_ascii_uppercase())
            && w != "AM"
            && w != "PM"
    });
    signed || abbreviation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn floating(value: &str) -> Option<bool> {
        read(value, Reading::default()).map(|s| s.floating)
    }

    #[test]
    fn instants_without_the_writers_offset_float() {
        assert_eq!(floating("2020-08-25T00:23:33.312Z"), Some(true));
        assert_eq!(floating("2020-04-24T21:25:06+00:00"), Some(true));
        assert_eq!(
            floating("Tue Aug 25 2020 00:23:33 GMT+0000 (Coordinated Universal Time)"),
            Some(true)
        );
        assert_eq!(floating("Wed, 27 Sep 2023 10:00:00 GMT"), Some(true));
        assert_eq!(floating("2019-11-19 02:24:00"), Some(true));
        assert_eq!(floating("1594448702"), Some(true));
    }

    #[test]
    fn local_times_and_days_do_not() {
        assert_eq!(floating("2020-06-29T00:16:15+03:00"), Some(false));
        assert_eq!(floating("Fri, 01 May 2020 23:00:00 -0400"), Some(false));
        assert_eq!(floating("Sep 27, 2023 10:15 PM EDT"), Some(false));
        assert_eq!(floating("2020-06-29"), Some(false));
        assert_eq!(floating("20200629"), Some(false));
    }

    #[test]
    fn minutes_of_the_day() {
        assert_eq!(minute_of_day("T02:18:11Z"), Some(138));
        assert_eq!(minute_of_day(" 2020 23:15:00 GMT"), Some(1395));
        assert_eq!(minute_of_day("no time"), None);
        let stamp = read("2020-08-25T00:23:33Z", Reading::default()).map(|s| s.minute);
        assert_eq!(stamp, Some(Some(23)));
    }
}

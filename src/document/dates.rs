//! Dates as English prose writes them: "September 27", "Sept. 27", "27 September 2023",
//! "September 27, 2022", "2023-09-27".
//!
//! Citations usually leave out the year ("Ikon, September 27"): the reader supplies it from
//! the article's own date. [`WrittenDate::resolve`] does the same, picking the latest such day
//! on or before the publication date, so a December citation in a January article lands in
//! the previous year and February 29 lands in the latest leap year. The word-level helpers
//! here are shared by the citation grammar (`text.rs`) and by the search for a document's
//! own date (`published.rs`).

use chrono::{Datelike, NaiveDate};

/// A calendar day as written, possibly without its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WrittenDate {
    /// 1..=12.
    pub(crate) month: u32,
    /// 1..=31, already checked against the month (and the year, when written).
    pub(crate) day: u32,
    /// The year when the text gives one.
    pub(crate) year: Option<i32>,
}

impl WrittenDate {
    /// The day as written; it may not exist ("February 30"): then it resolves to nothing.
    pub(crate) fn new(month: u32, day: u32, year: Option<i32>) -> WrittenDate {
        WrittenDate { month, day, year }
    }

    /// True when the day exists: in its year, or in some year when none is written
    /// ("February 29" is a fine year-less date). Only tests need to ask; [`Self::resolve`]
    /// answers `None` for a day that does not exist.
    #[cfg(test)]
    pub(crate) fn exists(self) -> bool {
        // 2000 is a leap year, so every day that exists in some year exists in it.
        NaiveDate::from_ymd_opt(self.year.unwrap_or(2000), self.month, self.day).is_some()
    }

    /// The calendar date: as written when the year is given, else the latest such day on or
    /// before `published` (the reader's reading of "September 27" in a November article).
    pub(crate) fn resolve(self, published: NaiveDate) -> Option<NaiveDate> {
        if let Some(year) = self.year {
            return NaiveDate::from_ymd_opt(year, self.month, self.day);
        }
        // Eight years always contain a leap year (1896 → 1904 skips one), so this finds
        // February 29 too.
        let mut year = published.year();
        for _ in 0..9 {
            if let Some(date) = NaiveDate::from_ymd_opt(year, self.month, self.day) {
                if date <= published {
                    return Some(date);
                }
            }
            year -= 1;
        }
        None
    }
}

/// The month a word names: "September", "Sept.", "sep", "Sep." → 9 (the lexicon's
/// English months).
pub(crate) use crate::lexicon::calendar::english_month as month_of;

/// A day of the month: "27", "1st", "22nd", "3rd", "27th" (a trailing period allowed).
pub(crate) fn day_of(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    let digits_end = word
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(word.len());
    let (digits, suffix) = word.split_at(digits_end);
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    if !matches!(
        suffix.to_ascii_lowercase().as_str(),
        "" | "st" | "nd" | "rd" | "th"
    ) {
        return None;
    }
    let day: u32 = digits.parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

/// A four-digit year, 1000 to 2999 ("2023", with a trailing period allowed).
pub(crate) fn year_of(word: &str) -> Option<i32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = word.parse().ok()?;
    (1000..=2999).contains(&year).then_some(year)
}

/// An ISO date at the start of `text`: "2023-09-27", "2023/09/27", "2023-09-27T10:00:00Z".
pub(crate) fn iso_date_prefix(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() < 10 {
        return None;
    }
    let digit = |i: usize| bytes[i].is_ascii_digit();
    let separator = bytes[4];
    if !(0..4).all(digit)
        || !matches!(separator, b'-' | b'/')
        || !digit(5)
        || !digit(6)
        || bytes[7] != separator
        || !digit(8)
        || !digit(9)
    {
        return None;
    }
    // A longer run of digits is not a date ("2023-09-271").
    if bytes.get(10).is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> { text.get(range)?.parse().ok() };
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

/// The first complete date (with its year) written in `text`: "November 15, 2023",
/// "15 November 2023", "Nov. 15 2023", "2023-11-15". Used for datelines and metadata values,
/// where a date without a year says nothing about the document's own date.
pub(crate) fn find_full_date(text: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '·' | '—' | '–' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        if let Some(date) = iso_date_prefix(word) {
            return Some(date);
        }
        let next = |k: usize| words.get(i + k).copied().unwrap_or("");
        if let Some(month) = month_of(word) {
            if let (Some(day), Some(year)) = (day_of(next(1)), year_of(next(2))) {
                if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                    return Some(date);
                }
            }
        }
        if let Some(day) = day_of(word) {
            if let (Some(month), Some(year)) = (month_of(next(1)), year_of(next(2))) {
                if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                    return Some(date);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn days_and_years() {
        assert_eq!(day_of("27"), Some(27));
        assert_eq!(day_of("1st"), Some(1));
        assert_eq!(day_of("22nd"), Some(22));
        assert_eq!(day_of("32"), None);
        assert_eq!(day_of("0"), None);
        assert_eq!(day_of("2023"), None);
        assert_eq!(day_of("5x"), None);
        assert_eq!(year_of("2023"), Some(2023));
        assert_eq!(year_of("23"), None);
        assert_eq!(year_of("20234"), None);
    }

    #[test]
    fn year_less_date_is_latest_on_or_before_publication() {
        let published = date(2024, 1, 10);
        let december = WrittenDate::new(12, 28, None);
        assert_eq!(december.resolve(published), Some(date(2023, 12, 28)));
        let january = WrittenDate::new(1, 10, None);
        assert_eq!(january.resolve(published), Some(date(2024, 1, 10)));
        let later = WrittenDate::new(1, 11, None);
        assert_eq!(later.resolve(published), Some(date(2023, 1, 11)));
    }

    #[test]
    fn february_29_goes_to_the_latest_leap_year() {
        let leap = WrittenDate::new(2, 29, None);
        assert!(leap.exists());
        assert_eq!(leap.resolve(date(2023, 11, 15)), Some(date(2020, 2, 29)));
        assert_eq!(leap.resolve(date(2024, 3, 1)), Some(date(2024, 2, 29)));
        assert!(!WrittenDate::new(2, 29, Some(2023)).exists());
        assert!(!WrittenDate::new(2, 30, None).exists());
        assert!(!WrittenDate::new(4, 31, None).exists());
        assert_eq!(
            WrittenDate::new(2, 30, None).resolve(date(2024, 6, 1)),
            None
        );
        assert_eq!(
            WrittenDate::new(2, 29, Some(2023)).resolve(date(2024, 6, 1)),
            None
        );
    }

    #[test]
    fn written_year_is_kept() {
        let d = WrittenDate::new(10, 16, Some(2022));
        assert_eq!(d.resolve(date(2023, 11, 15)), Some(date(2022, 10, 16)));
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date_prefix("2023-11-15"), Some(date(2023, 11, 15)));
        assert_eq!(
            iso_date_prefix("2023-11-15T08:00:00+08:00"),
            Some(date(2023, 11, 15))
        );
        assert_eq!(iso_date_prefix("2023/11/15"), Some(date(2023, 11, 15)));
        assert_eq!(iso_date_prefix("2023-13-15"), None);
        assert_eq!(iso_date_prefix("2023-11-5"), None);
        assert_eq!(iso_date_prefix("2023-11/15"), None);
    }

    #[test]
    fn full_dates_in_a_line() {
        assert_eq!(
            find_full_date("By A. Writer | March 3, 2021"),
            Some(date(2021, 3, 3))
        );
        assert_eq!(
            find_full_date("Published 4 July 2019"),
            Some(date(2019, 7, 4))
        );
        assert_eq!(
            find_full_date("Posted on 2020-06-30"),
            Some(date(2020, 6, 30))
        );
        assert_eq!(find_full_date("In November 2022 the talks began"), None);
        assert_eq!(find_full_date("February 30, 2021"), None);
    }
}

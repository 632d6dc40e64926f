//! The written forms of a full date (day, month and year), found in any text.
//!
//! Every form is anchored on its year, so the scan looks closely only at four-digit numbers
//! (and, for "07.06.20", two-digit ones) and walks a few tokens either side:
//!
//! - year first: "2023-09-27", "2023/9/27", "2023.09.27", "2023年9月27日", "2020년 8월 27일",
//!   "2023 оны 9 сарын 27", "2020. október 26.", "2020 m. spalio 26 d.";
//! - year last: "27.09.2023", "09/27/2023", "27 сентября 2023", "27. September 2023",
//!   "27 de setembro de 2023", "September 27, 2023", "Sept. 27th 2023", "۲۱ اردیبهشت ۱۳۹۹".
//!
//! Month names come from [`months`](super::months); Persian solar dates are converted by
//! [`calendar`](super::calendar). Which of "06/07/2020"'s numbers is the month is the
//! caller's call (US pages put the month first), unless one of them exceeds 12.

use chrono::NaiveDate;

use super::calendar;
use super::months::{self, Calendar, Month};
use super::tokens::{tokenize, Kind, Token};

/// How a found date was written, which says how much to trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// All numbers, four-digit year ("2023-09-27", "27.09.2023").
    Numeric,
    /// With the month's name, or CJK/Mongolian markers ("27 Sep 2023", "2023年9月27日").
    Named,
    /// Numbers with a two-digit year ("27.09.23"): trusted only where a date is expected.
    ShortYear,
}

/// A date found in a text, with where it was written (byte offsets into that text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    /// The date.
    pub date: NaiveDate,
    /// Byte offset where its written form starts.
    pub start: usize,
    /// Byte offset just after its written form.
    pub end: usize,
    /// How it was written.
    pub form: Form,
}

/// What the page tells about reading its dates.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Reading<'a> {
    /// The page's language (ISO 639-1), to settle month names shared between languages.
    pub language: Option<&'a str>,
    /// Whether "06/07/2020" means June 7 (US usage) rather than 6 July.
    pub month_first: bool,
}

/// Words that may stand between a date's parts: "27 de setembro de 2023", "2020 m. spalio",
/// "27 сентября 2023 г.", "the 27th of September".
const FILLERS: &[&str] = &[
    "de", "del", "di", "of", "the", "d", "m", "r", "г", "года", "року", "р", "y", "yil", "yılı",
    "den", "im", "el", "la", "le", "a", "ng", "sa", "ב", "năm",
];

/// Ordinal suffixes after a day: "27th", "1er", "27-го", "1º".
const ORDINALS: &[&str] = &[
    "st", "nd", "rd", "th", "er", "e", "го", "ого", "º", "ª", "a", "o", "eme", "ème",
];

/// Every full date written in `text`, in order.
pub(super) fn find_all(text: &str, reading: Reading<'_>) -> Vec<Found> {
    let tokens = tokenize(text);
    let scanner = Scanner {
        text,
        tokens: &tokens,
        reading,
    };
    let mut found: Vec<Found> = Vec::new();
    for k in 0..tokens.len() {
        if let Some(date) = scanner.at_year(k) {
            if found.last().is_some_and(|last| last.end > date.start) {
                continue;
            }
            if text[date.start..date.end].contains('\n') {
                continue;
            }
            found.push(date);
        }
    }
    found
}

/// The first full date written in `text` (a meta tag's or attribute's value).
pub(super) fn first(text: &str, reading: Reading<'_>) -> Option<Found> {
    find_all(text, reading).into_iter().next()
}

struct Scanner<'t> {
    text: &'t str,
    tokens: &'t [Token],
    reading: Reading<'t>,
}

impl Scanner<'_> {
    fn token(&self, index: usize) -> Option<&Token> {
        self.tokens.get(index)
    }

    /// Token `index - back`, if there is one.
    fn before(&self, index: usize, back: usize) -> Option<&Token> {
        index.checked_sub(back).and_then(|i| self.tokens.get(i))
    }

    fn word(&self, token: &Token) -> Option<&str> {
        (token.kind == Kind::Word).then(|| &self.text[token.start..token.end])
    }

    fn is_word(&self, token: Option<&Token>, words: &[&str]) -> bool {
        token.and_then(|t| self.word(t)).is_some_and(|w| {
            if w.is_ascii() {
                words.iter().any(|x| w.eq_ignore_ascii_case(x))
            } else {
                let w = w.to_lowercase();
                words.contains(&w.as_str())
            }
        })
    }

    fn month(&self, token: Option<&Token>) -> Option<Month> {
        let word = token.and_then(|t| self.word(t))?;
        months::lookup(word, self.reading.language).or_else(|| roman_month(word))
    }

    /// The month named by the word at token `i`, or by an abbreviation with a period
    /// inside that ends there (Thai "มี.ค."), with the index of its first token.
    fn month_ending_at(&self, i: usize) -> Option<(Month, usize)> {
        let last = self.tokens.get(i)?;
        if let Some(month) = self.month(Some(last)) {
            return Some((month, i));
        }
        let first = self.before(i, 2).filter(|t| t.kind == Kind::Word)?;
        let joined = last.kind == Kind::Word
            && self
                .before(i, 1)
                .is_some_and(|t| t.is_punct('.') && !t.spaced)
            && !last.spaced;
        if !joined {
            return None;
        }
        let month = months::lookup(&self.text[first.start..last.end], self.reading.language)?;
        Some((month, i - 2))
    }

    /// A date whose year is token `k`.
    fn at_year(&self, k: usize) -> Option<Found> {
        let year = self.tokens[k];
        match year.kind {
            Kind::Number { digits: 4, value } => {
                // Gregorian years, Persian solar years (1360s–1400s) and Thai Buddhist-era
                // years (2500s).
                if !(1360..=2100).contains(&value) && !(2433..=2643).contains(&value) {
                    return None;
                }
                // A date is written in one block: "… in all of 2018\nNov 18" is two
                // things, and the form that crosses a line must not hide the one that
                // does not ("March 12, 2021\nApril 1, 2021").
                let one_line = |f: &Found| !self.text[f.start..f.end].contains('\n');
                self.year_first(k, value)
                    .filter(one_line)
                    .or_else(|| self.year_last_numeric(k, value).filter(one_line))
                    .or_else(|| self.year_last_named(k, value).filter(one_line))
            }
            Kind::Number {
                digits: 1..=2,
                value,
            } => self
                .japanese_era(k, value)
                .or_else(|| self.short_year(k, value)),
            _ => None,
        }
    }

    fn found(&self, first: usize, last: usize, date: NaiveDate, form: Form) -> Found {
        Found {
            date,
            start: self.tokens[first].start,
            end: self.tokens[last].end,
            form,
        }
    }

    /// "2023-09-27", "2023年9月27日", "2023 оны 9 сарын 27", "2020. október 26."
    fn year_first(&self, k: usize, year: u32) -> Option<Found> {
        let next = self.token(k + 1)?;
        // Numeric, one separator used twice, no spaces except after a period.
        if let Kind::Punct(sep @ ('-' | '/' | '.')) = next.kind {
            let month = self.token(k + 2).and_then(|t| t.number(1..=2, 1..=12));
            let sep2 = self.token(k + 3);
            let day = self.token(k + 4).and_then(|t| t.number(1..=2, 1..=31));
            let tight = |t: &Token| !t.spaced || sep == '.';
            if let (Some(month), Some(s2), Some(day)) = (month, sep2, day) {
                let continues = self
                    .token(k + 5)
                    .is_some_and(|t| t.is_punct(sep) && !t.spaced)
                    && self
                        .token(k + 6)
                        .is_some_and(|t| !t.spaced && matches!(t.kind, Kind::Number { .. }));
                if s2.is_punct(sep)
                    && !next.spaced
                    && tight(&self.tokens[k + 2])
                    && tight(&self.tokens[k + 4])
                    && !continues
                {
                    let calendar = if year < 1500 {
                        Calendar::Jalali
                    } else {
                        Calendar::Gregorian
                    };
                    let date = make(year, month, day, calendar)?;
                    return Some(self.found(k, k + 4, date, Form::Numeric));
                }
            }
        }
        // CJK markers.
        if self.is_word(Some(next), &["年", "년"]) {
            let month = self.token(k + 2).and_then(|t| t.number(1..=2, 1..=12))?;
            if !self.is_word(self.token(k + 3), &["月", "월"]) {
                return None;
            }
            let day = self.token(k + 4).and_then(|t| t.number(1..=2, 1..=31))?;
            let date = make(year, month, day, Calendar::Gregorian)?;
            let last = if self.is_word(self.token(k + 5), &["日", "일"]) {
                k + 5
            } else {
                k + 4
            };
            return Some(self.found(k, last, date, Form::Named));
        }
        // Mongolian: "2023 оны 9 сарын 27", "2023 оны 9-р сарын 27", "2023 оны 09 сарын 27-ны".
        if self.is_word(Some(next), &["оны", "он"]) {
            let (month, mut i) = match self.token(k + 2).and_then(|t| t.number(1..=2, 1..=12)) {
                Some(month) => (month, k + 3),
                None => self.mongolian_month(k + 2)?,
            };
            if self.token(i).is_some_and(|t| t.is_punct('-')) {
                i += 1;
            }
            if self.is_word(
                self.token(i),
                &["р", "дүгээр", "дугаар", "дүгээр", "дугаар"],
            ) {
                i += 1;
            }
            if !self.is_word(self.token(i), &["сарын", "сар"]) {
                return None;
            }
            let day = self.token(i + 1).and_then(|t| t.number(1..=2, 1..=31))?;
            let date = make(year, month, day, Calendar::Gregorian)?;
            return Some(self.found(k, i + 1, date, Form::Named));
        }
        // Year, then month's name, then day: Hungarian, Lithuanian, Korean-English.
        let mut i = k + 1;
        while i <= k + 3
            && (self
                .token(i)
                .is_some_and(|t| t.is_punct('.') || t.is_punct(','))
                || self.is_word(self.token(i), &["m", "г", "оны"]))
        {
            i += 1;
        }
        let month = self.month(self.token(i))?;
        let mut j = i + 1;
        if self.token(j).is_some_and(|t| t.is_punct('.')) {
            j += 1;
        }
        let day = self.token(j).and_then(|t| t.number(1..=2, 1..=31))?;
        // "2020 September 27 2021" is two things; a year right after is the real form.
        if self
            .token(j + 1)
            .is_some_and(|t| t.number(4..=4, 1900..=2100).is_some())
        {
            return None;
        }
        let date = make(year, month.number, day, month.calendar)?;
        Some(self.found(k, j, date, Form::Named))
    }

    /// "令和3年3月12日": a year of a Japanese era (Reiwa from 2019, Heisei from 1989) at
    /// token `k`, then month and day with their markers.
    fn japanese_era(&self, k: usize, year: u32) -> Option<Found> {
        let first = self.before(k, 2).and_then(|t| self.word(t))?;
        let second = self.before(k, 1).and_then(|t| self.word(t))?;
        let start = match (first, second) {
            ("令", "和") => 2018,
            ("平", "成") => 1988,
            _ => return None,
        };
        if !self.is_word(self.token(k + 1), &["年"]) {
            return None;
        }
        let found = self.year_first(k, start + year)?;
        (found.form == Form::Named).then(|| Found {
            start: self.tokens[k - 2].start,
            ..found
        })
    }

    /// A Mongolian month written as an ordinal word at token `i` ("есдүгээр", "арван
    /// нэгдүгээр"), and the index of the token after it.
    fn mongolian_month(&self, i: usize) -> Option<(u32, usize)> {
        const ORDINALS: [&str; 10] = [
            "нэгдүгээр",
            "хоёрдугаар",
            "гуравдугаар",
            "дөрөвдүгээр",
            "тавдугаар",
            "зургаадугаар",
            "долдугаар",
            "наймдугаар",
            "есдүгээр",
            "аравдугаар",
        ];
        let ordinal = |i: usize| {
            let word = self.token(i).and_then(|t| self.word(t))?.to_lowercase();
            ORDINALS
                .iter()
                .position(|o| *o == word)
                .map(|p| p as u32 + 1)
        };
        if self.is_word(self.token(i), &["арван"]) {
            let unit = ordinal(i + 1).filter(|u| *u <= 2)?;
            return Some((10 + unit, i + 2));
        }
        Some((ordinal(i)?, i + 1))
    }

    /// "27.09.2023", "27/09/2023", "09/27/2023", "27-09-2023".
    fn year_last_numeric(&self, k: usize, year: u32) -> Option<Found> {
        let sep = match self.before(k, 1)?.kind {
            Kind::Punct(c @ ('-' | '/' | '.')) => c,
            _ => return None,
        };
        let second = self.before(k, 2)?.number(1..=2, 1..=31)?;
        if !self.before(k, 3)?.is_punct(sep) {
            return None;
        }
        let first = self.before(k, 4)?.number(1..=2, 1..=31)?;
        let tight = |t: &Token| !t.spaced || sep == '.';
        if self.before(k, 1)?.spaced
            || self.before(k, 3)?.spaced
            || !tight(&self.tokens[k])
            || !tight(&self.tokens[k - 2])
        {
            return None;
        }
        // "1.2.27.09.2023" is a version or an identifier, not a date.
        if self
            .before(k, 5)
            .is_some_and(|t| t.is_punct(sep) && !self.tokens[k - 4].spaced)
        {
            return None;
        }
        let (month, day) = self.order(first, second, sep)?;
        let calendar = if year < 1500 {
            Calendar::Jalali
        } else {
            Calendar::Gregorian
        };
        let date = make(year, month, day, calendar)?;
        Some(self.found(k - 4, k, date, Form::Numeric))
    }

    /// Which of two numbers is the month.
    fn order(&self, first: u32, second: u32, sep: char) -> Option<(u32, u32)> {
        match (first <= 12, second <= 12) {
            (true, false) => Some((first, second)),
            (false, true) => Some((second, first)),
            (false, false) => None,
            (true, true) if sep == '/' && self.reading.month_first => Some((first, second)),
            (true, true) => Some((second, first)),
        }
    }

    /// "27 сентября 2023", "27 de setembro de 2023", "September 27, 2023", "Sept. 27th 2023".
    fn year_last_named(&self, k: usize, year: u32) -> Option<Found> {
        // Step back over punctuation and fillers between the year and what precedes it.
        let mut i = k.checked_sub(1)?;
        let mut steps = 0;
        while steps < 3 {
            let t = self.tokens.get(i)?;
            let skippable = matches!(t.kind, Kind::Punct(',' | '.' | '-' | '/' | '\''))
                || self.is_word(Some(t), FILLERS);
            if !skippable {
                break;
            }
            i = i.checked_sub(1)?;
            steps += 1;
        }
        if let Some((month, first)) = self.month_ending_at(i) {
            i = first;
            // Levantine pages name the month twice: "24 نيسان / أبريل 2020".
            if self.before(i, 1).is_some_and(|t| t.is_punct('/'))
                && self.month(self.before(i, 2)) == Some(month)
            {
                i -= 2;
            }
            // Day before the month: "27 сентября", "27. September", "27-Sep", "27 de setembro".
            let mut j = i.checked_sub(1)?;
            let mut steps = 0;
            while steps < 2 {
                let t = self.tokens.get(j)?;
                let skippable = matches!(t.kind, Kind::Punct('.' | '-' | '/' | '\''))
                    || self.is_word(Some(t), FILLERS)
                    || self.is_word(Some(t), ORDINALS);
                if !skippable {
                    break;
                }
                j = j.checked_sub(1)?;
                steps += 1;
            }
            let day = self.tokens.get(j)?.number(1..=2, 1..=31)?;
            // "2020-09 27 Sep 2023" would be misread if the day were part of another number
            // ("10:27 Sep…" too); after a label's colon ("Datum:26. Januar 2022") it is not.
            let glued = self.before(j, 1).is_some_and(|t| {
                matches!(t.kind, Kind::Punct('.' | '/' | ':')) && !self.tokens[j].spaced
            });
            let after_label = self.before(j, 1).is_some_and(|t| t.is_punct(':'))
                && self.before(j, 2).is_some_and(|t| t.kind == Kind::Word);
            if glued && !after_label {
                return None;
            }
            let date = make(year, month.number, day, month.calendar)?;
            return Some(self.found(j, k, date, Form::Named));
        }
        // Vietnamese numbers the month after its word: "ngày 27 tháng 9 năm 2023".
        if let Some(month) = self.tokens.get(i).and_then(|t| t.number(1..=2, 1..=12)) {
            if self.is_word(self.before(i, 1), &["tháng"]) {
                let day = self.before(i, 2)?.number(1..=2, 1..=31)?;
                let date = make(year, month, day, Calendar::Gregorian)?;
                return Some(self.found(i - 2, k, date, Form::Named));
            }
        }
        // Month before the day: "September 27, 2023", "Sept. 27th 2023".
        let mut j = i;
        if self.is_word(self.tokens.get(j), ORDINALS) {
            j = j.checked_sub(1)?;
        }
        let day = self.tokens.get(j)?.number(1..=2, 1..=31)?;
        let mut m = j.checked_sub(1)?;
        if self.tokens.get(m).is_some_and(|t| t.is_punct('.')) {
            m = m.checked_sub(1)?;
        }
        let month = self.month(self.tokens.get(m))?;
        let date = make(year, month.number, day, month.calendar)?;
        Some(self.found(m, k, date, Form::Named))
    }

    /// "27.09.23", "27/09/23", "09/27/23": day and month (in the order of
    /// [`Scanner::order`]) and a two-digit year, separated by periods or slashes.
    fn short_year(&self, k: usize, year: u32) -> Option<Found> {
        let sep = match self.before(k, 1)?.kind {
            Kind::Punct(c @ ('.' | '/')) => c,
            _ => return None,
        };
        if !self.before(k, 3)?.is_punct(sep) {
            return None;
        }
        let second = self.before(k, 2)?.number(1..=2, 1..=31)?;
        let first = self.before(k, 4)?.number(1..=2, 1..=31)?;
        // Dotted dates put the day first everywhere.
        let (month, day) = if sep == '.' {
            (second, first)
        } else {
            self.order(first, second, sep)?
        };
        if self.tokens[k].spaced
            || self.tokens[k - 2].spaced
            || self.tokens[k - 1].spaced
            || self.tokens[k - 3].spaced
        {
            return None;
        }
        let next_is_number = |i: usize| {
            self.token(i)
                .is_some_and(|t| matches!(t.kind, Kind::Number { .. }))
        };
        if self
            .token(k + 1)
            .is_some_and(|t| (t.is_punct('.') || t.is_punct(sep)) && !t.spaced)
            && next_is_number(k + 2)
        {
            return None;
        }
        if self
            .before(k, 5)
            .is_some_and(|t| t.is_punct(sep) && !self.tokens[k - 4].spaced)
        {
            return None;
        }
        let full = if year <= 69 { 2000 + year } else { 1900 + year };
        let date = make(full, month, day, Calendar::Gregorian)?;
        Some(self.found(k - 4, k, date, Form::ShortYear))
    }
}

/// A month written in capital Roman numerals, as Polish, Czech, Hungarian and Romanian
/// pages do ("12 III 2021", "2021. III. 12.").
fn roman_month(word: &str) -> Option<Month> {
    const ROMAN: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    let number = ROMAN.iter().position(|r| *r == word)? as u32 + 1;
    Some(Month {
        number,
        calendar: Calendar::Gregorian,
    })
}

/// The Gregorian date of a year, month and day read in `calendar`.
fn make(year: u32, month: u32, day: u32, calendar: Calendar) -> Option<NaiveDate> {
    match calendar {
        Calendar::Gregorian if (1900..=2100).contains(&year) => {
            NaiveDate::from_ymd_opt(year as i32, month, day)
        }
        // Thai pages count years from the Buddha's death: 2563 is 2020.
        Calendar::Gregorian if (2433..=2643).contains(&year) => {
            NaiveDate::from_ymd_opt(year as i32 - 543, month, day)
        }
        Calendar::Jalali if (1300..=1480).contains(&year) => {
            calendar::jalali_to_gregorian(year, month, day)
        }
        _ => None,
    }
}

#[cfg(test)]
#[path = "forms_tests.rs"]
mod tests;

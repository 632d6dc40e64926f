//! Month and weekday names: English (names and the abbreviations citations use), the
//! Russian genitive a day number takes ("27 сентября"), and Mongolian's "month's" word
//! ("9 сарын 27").

/// An English month as citations write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnglishMonth {
    /// The full name, lower case ("september").
    pub name: &'static str,
    /// Its abbreviations, lower case and without a period ("sept", "sep").
    pub abbreviations: &'static [&'static str],
}

/// The English months, January first.
pub static ENGLISH_MONTHS: [EnglishMonth; 12] = [
    month("january", &["jan"]),
    month("february", &["feb"]),
    month("march", &["mar"]),
    month("april", &["apr"]),
    month("may", &[]),
    month("june", &["jun"]),
    month("july", &["jul"]),
    month("august", &["aug"]),
    month("september", &["sept", "sep"]),
    month("october", &["oct"]),
    month("november", &["nov"]),
    month("december", &["dec"]),
];

const fn month(name: &'static str, abbreviations: &'static [&'static str]) -> EnglishMonth {
    EnglishMonth {
        name,
        abbreviations,
    }
}

/// The Russian months in the genitive, the form after a day number, January first.
pub static RUSSIAN_MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// Mongolian "month's", between a month number and a day ("9 сарын 27").
pub const MONGOLIAN_MONTH_WORD: &str = "сарын";

/// The English weekdays, Monday first.
pub static ENGLISH_WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The month an English word names, 1 to 12: "September", "Sept.", "sep", "Sep." → 9.
/// Case does not matter; one trailing period is allowed.
pub fn english_month(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    if word.len() < 3 || word.len() > 9 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let index = ENGLISH_MONTHS
        .iter()
        .position(|m| m.name == lower || m.abbreviations.contains(&lower.as_str()))?;
    u32::try_from(index + 1).ok()
}

/// Every English month abbreviation, without its period ("jan", …, "sept", "sep", …).
pub fn english_month_abbreviations() -> impl Iterator<Item = &'static str> {
    ENGLISH_MONTHS
        .iter()
        .flat_map(|m| m.abbreviations.iter().copied())
}

/// True for a full English month name or weekday name, lower case ("may", "monday").
pub fn is_english_day_or_month_name(lower: &str) -> bool {
    ENGLISH_MONTHS.iter().any(|m| m.name == lower) || ENGLISH_WEEKDAYS.contains(&lower)
}

/// The words next to which a number is a day of the month, lower case: English names and
/// abbreviations (with their period), the Russian genitives and the Mongolian "сарын".
pub fn day_number_neighbours() -> Vec<String> {
    let english = ENGLISH_MONTHS.iter().map(|m| m.name.to_string());
    let abbreviated = english_month_abbreviations().map(|a| format!("{a}."));
    let russian = RUSSIAN_MONTHS_GENITIVE.iter().map(|m| m.to_string());
    english
        .chain(abbreviated)
        .chain(russian)
        .chain([MONGOLIAN_MONTH_WORD.to_string()])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_months_are_read_whole_or_abbreviated() {
        assert_eq!(english_month("September"), Some(9));
        assert_eq!(english_month("Sept."), Some(9));
        assert_eq!(english_month("sep"), Some(9));
        assert_eq!(english_month("may"), Some(5));
        assert_eq!(english_month("DEC"), Some(12));
        assert_eq!(english_month("Mayor"), None);
        assert_eq!(english_month("Se"), None);
        assert_eq!(english_month("Sept.."), None);
    }

    #[test]
    fn day_number_neighbours_cover_every_language_once() {
        let words = day_number_neighbours();
        assert_eq!(words.len(), 12 + 12 + 12 + 1);
        for word in [
            "january",
            "may",
            "sept.",
            "sep.",
            "dec.",
            "сентября",
            "сарын",
        ] {
            assert!(words.iter().any(|w| w == word), "{word}");
        }
        assert!(!words.iter().any(|w| w == "may."));
    }
}

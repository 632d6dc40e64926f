//! Which number comes first in a slashed date ("05/06/2019"): the month, as in the United
//! States, or the day, as nearly everywhere else. A page declaring plain English (`en`)
//! may be from either side of the Atlantic, so its address and its own unambiguous dates
//! settle it: a British or Indian address, or a "23/05/2019" elsewhere on the page, means
//! day first; a "05/23/2019" means month first.

use std::sync::LazyLock;

use regex::Regex;

/// Country domains of English-speaking countries that write the day first.
const DAY_FIRST_DOMAINS: &[&str] = &[
    "uk", "au", "nz", "ie", "in", "za", "sg", "pk", "ng", "ke", "my", "hk", "lk", "bd", "gh",
];

/// How many slashed dates of the page are read to find an unambiguous one.
const MAX_SLASHED: usize = 50;

/// Slashed dates: two numbers of one or two digits, then a year.
static SLASHED: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})/(\d{1,2})/(?:\d{4}|\d{2})\b").ok());

/// Whether a page whose language says month first (`declared`) does: its address's country
/// domain or an unambiguous slashed date of its `text` may say otherwise.
pub(super) fn month_first(declared: bool, url: Option<&str>, text: &str) -> bool {
    if !declared {
        return false;
    }
    let host = url
        .and_then(|u| u.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.split(['/', '?', '#', ':']).next())
        .unwrap_or("");
    let tld = host.rsplit('.').next().unwrap_or("");
    if DAY_FIRST_DOMAINS.contains(&tld.to_ascii_lowercase().as_str()) {
        return false;
    }
    let Some(slashed) = SLASHED.as_ref() else {
        return true;
    };
    for found in slashed.captures_iter(text).take(MAX_SLASHED) {
        let number = |i: usize| found.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        match (number(1), number(2)) {
            (Some(first), Some(second)) if first > 12 && second <= 12 => return false,
            (Some(first), Some(second)) if second > 12 && first <= 12 => return true,
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_first_countrys_address_reads_the_day_first() {
        assert!(!month_first(
            true,
            Some("https://www.bbc.co.uk/news/1"),
            "05/06/2019"
        ));
        assert!(!month_first(true, Some("https://www.abc.net.au:443/x"), ""));
        assert!(month_first(
            true,
            Some("https://www.nytimes.com/x"),
            "05/06/2019"
        ));
    }

    #[test]
    fn an_unambiguous_date_of_the_page_decides() {
        assert!(!month_first(
            true,
            None,
            "Posted 05/06/2019. Comment 23/06/2019"
        ));
        assert!(month_first(
            true,
            None,
            "Posted 05/06/2019. Comment 06/23/2019"
        ));
        assert!(month_first(true, None, "Posted 05/06/2019"));
    }

    #[test]
    fn a_language_writing_the_day_first_stays_so() {
        assert!(!month_first(false, None, "06/23/2019"));
    }
}

//! sources.toml URL templates filled in: a day's archive page (`{yyyy} {mm} {dd} {m} {d}`)
//! and a site-search page (`{query}`, percent-encoded).
//!
//! Templates are the only place a date or a query is put into a URL, so the encoding rule
//! lives here: every byte that is not an unreserved character (RFC 3986) is
//! percent-encoded, spaces as `%20`, which is right in a path and in a query alike.

use chrono::{Datelike, NaiveDate};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Fills the date fields of a template.
pub(crate) fn fill_date(template: &str, date: NaiveDate) -> String {
    template
        .replace("{yyyy}", &format!("{:04}", date.year()))
        .replace("{mm}", &format!("{:02}", date.month()))
        .replace("{dd}", &format!("{:02}", date.day()))
        .replace("{m}", &date.month().to_string())
        .replace("{d}", &date.day().to_string())
}

/// Fills a search template with a query (and the date fields, when the template has
/// them and the date is known).
pub(crate) fn fill_search(template: &str, query: &str, date: Option<NaiveDate>) -> String {
    let filled = template.replace("{query}", &utf8_percent_encode(query, QUERY).to_string());
    match date {
        Some(date) => fill_date(&filled, date),
        None => filled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_fields_are_padded_or_not_as_named() {
        let day = NaiveDate::from_ymd_opt(2023, 9, 7).unwrap();
        assert_eq!(
            fill_date("https://ikon.mn/archive/{yyyy}/{mm}/{dd}", day),
            "https://ikon.mn/archive/2023/09/07"
        );
        assert_eq!(
            fill_date("https://x/{yyyy}-{m}-{d}", day),
            "https://x/2023-9-7"
        );
    }

    #[test]
    fn queries_are_percent_encoded() {
        assert_eq!(
            fill_search("https://ikon.mn/search?q={query}", "Хөх хот & 1.5", None),
            "https://ikon.mn/search?q=%D0%A5%D3%A9%D1%85%20%D1%85%D0%BE%D1%82%20%26%201.5"
        );
    }
}

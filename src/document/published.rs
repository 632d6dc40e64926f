//! The document's own publication date, to give year-less citations their year.
//!
//! `--published` wins when given. Otherwise a document says when it was published in one of
//! a few conventional places, tried in this order: front matter (`date:`/`published:` in a
//! YAML `---` block, `date = …` in a TOML `+++` block), HTML metadata (in `html.rs`), and a
//! dateline near the top ("November 15, 2023", "By A. Writer | 15 November 2023"). A dateline
//! is a short line that does not end like a sentence, so "On May 3, 2021, talks began." in
//! the first paragraph is not mistaken for one.

use chrono::NaiveDate;

use super::dates::{find_full_date, iso_date_prefix};

/// Keys that name the publication date, best first.
const DATE_KEYS: [&str; 8] = [
    "published",
    "publishdate",
    "published_at",
    "publication_date",
    "datepublished",
    "pubdate",
    "date",
    "created",
];

/// How many non-empty lines from the top may hold a dateline.
const DATELINE_LINES: usize = 12;

/// A front matter block at the start of a document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FrontMatter {
    /// Byte offset just after the closing delimiter line.
    pub(crate) end: usize,
    /// The publication date it gives, if any.
    pub(crate) published: Option<NaiveDate>,
}

/// Reads a YAML (`---`) or TOML (`+++`) front matter block at the very start of `text`.
pub(crate) fn front_matter(text: &str) -> Option<FrontMatter> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - body.len();
    let first_end = body.find('\n')?;
    let delimiter = body[..first_end].trim_end();
    if delimiter != "---" && delimiter != "+++" {
        return None;
    }
    let mut at = bom + first_end + 1;
    let mut best: Option<(usize, NaiveDate)> = None;
    while at < text.len() {
        let line_end = text[at..].find('\n').map_or(text.len(), |k| at + k);
        let line = text[at..line_end].trim_end();
        let next = (line_end + 1).min(text.len());
        if line == delimiter || (delimiter == "---" && line == "...") {
            return Some(FrontMatter {
                end: next,
                published: best.map(|(_, d)| d),
            });
        }
        if let Some((rank, date)) = date_entry(line, if delimiter == "---" { ':' } else { '=' }) {
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, date));
            }
        }
        at = next;
    }
    None // never closed: not front matter
}

/// A `key: value` line whose key names a date, with the key's rank in [`DATE_KEYS`].
fn date_entry(line: &str, separator: char) -> Option<(usize, NaiveDate)> {
    let (key, value) = line.split_once(separator)?;
    let key = key.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    let rank = DATE_KEYS.iter().position(|k| *k == key)?;
    Some((rank, parse_date_value(value)?))
}

/// A metadata value: an ISO date or date-time, or a date as written in English.
pub(crate) fn parse_date_value(value: &str) -> Option<NaiveDate> {
    let value = value.trim().trim_matches(['"', '\'']).trim();
    iso_date_prefix(value).or_else(|| find_full_date(value))
}

/// A dateline among the first lines: a short line with a full date that does not read as a
/// sentence.
pub(crate) fn dateline<'a>(lines: impl IntoIterator<Item = &'a str>) -> Option<NaiveDate> {
    lines
        .into_iter()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(DATELINE_LINES)
        .take_while(|l| l.chars().count() <= 200)
        .filter(|l| l.chars().count() <= 100 && !l.ends_with(['.', '!', '?']))
        .find_map(find_full_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn yaml_front_matter() {
        let text = "---\ntitle: \"Rails\"\ndate: 2022-04-05T09:00:00Z\n---\nBody.";
        let fm = front_matter(text).expect("front matter");
        assert_eq!(fm.published, Some(date(2022, 4, 5)));
        assert_eq!(&text[fm.end..], "Body.");
    }

    #[test]
    fn published_key_beats_date() {
        let text = "---\ndate: 2020-01-01\npublished: 'March 9, 2021'\n---\n";
        assert_eq!(
            front_matter(text).expect("front matter").published,
            Some(date(2021, 3, 9))
        );
    }

    #[test]
    fn toml_front_matter_with_crlf() {
        let text = "+++\r\ntitle = \"x\"\r\ndate = 2019-12-30\r\n+++\r\nBody";
        let fm = front_matter(text).expect("front matter");
        assert_eq!(fm.published, Some(date(2019, 12, 30)));
        assert_eq!(&text[fm.end..], "Body");
    }

    #[test]
    fn unclosed_or_absent_front_matter() {
        assert_eq!(front_matter("---\ndate: 2020-01-01\nno end"), None);
        assert_eq!(front_matter("Title\n---\n"), None);
        assert_eq!(front_matter(""), None);
    }

    #[test]
    fn datelines() {
        assert_eq!(
            dateline("Rail Talks Resume\n\nBy A. Writer | March 3, 2021\n\nBody.".lines()),
            Some(date(2021, 3, 3))
        );
        assert_eq!(
            dateline("Title\nOn May 3, 2021, talks began.\n".lines()),
            None
        );
        let long = "x".repeat(300);
        assert_eq!(
            dateline([long.as_str(), "March 3, 2021"]),
            None,
            "a dateline comes before the body"
        );
    }
}

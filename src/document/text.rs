//! The parenthetical citation grammar: which parentheses in prose are citations.
//!
//! A citation group is a parenthetical whose `;`-separated parts read
//! `[see ]Outlet, Date[, Date…][, URL]`, `Outlet, accessed Date` or `Outlet, n.d.`. Each part
//! is tokenized into words and commas; the outlet is everything before the first comma after
//! which the rest parses *completely* as a date list, so an outlet is free to contain dots,
//! apostrophes and "of the" ("Ministry of Foreign Affairs of Mongolia", "Shanghai.consul").
//! Both halves are checked: the outlet must read as a name (capitalized words, connectors,
//! domains; no "about 2 percent", no "Source:" label, no year) and the dates must be days: a
//! month and a day number ("May 1, 5" is two days; "2015" alone is not a day). A day that
//! cannot exist ("February 30") still makes a citation, one without a date, so the editor
//! sees the slip instead of losing the citation. A parenthetical where no part
//! passes — "(BRI)", "(see below)", "(Source: …)", "(2015)" — is prose, not a citation.
//! Dates stay as written here ([`WrittenDate`]); the year is supplied later from the
//! document's publication date.

use std::ops::Range;

use super::dates::{day_of, iso_date_prefix, month_of, year_of, WrittenDate};
use super::prose::{containing, overlaps};

/// Parentheticals longer than this are asides, never citations; the bound also keeps the
/// search for a closing parenthesis linear in the paragraph's length.
const MAX_GROUP_BYTES: usize = 400;

/// Parentheses nested deeper than this inside a group make it an aside, not a citation
/// ("(Ministry of Health (Mongolia), May 5)" has one level).
const MAX_INNER_DEPTH: usize = 2;

/// Words a part may open with that are not part of the outlet ("see EDM, May 1").
/// Each is a sequence of words; any whitespace (a line break too) may separate them.
const PREFIXES: [&[&str]; 7] = [
    &["see", "also"],
    &["see,", "e.g.,"],
    &["see"],
    &["cf."],
    &["according", "to"],
    &["via"],
    &["also"],
];

/// Lower-case words allowed inside an outlet's name ("Ministry of Foreign Affairs of the …").
const CONNECTORS: [&str; 27] = [
    "of", "the", "and", "for", "on", "in", "at", "de", "du", "des", "la", "le", "les", "el", "al",
    "van", "von", "der", "den", "das", "di", "da", "do", "y", "et", "und", "to",
];

/// First words that make a parenthetical an aside rather than an outlet ("(In May, …)",
/// "(About 2 percent, …)"), compared case-insensitively.
const ASIDE_OPENERS: [&str; 48] = [
    "in",
    "on",
    "at",
    "about",
    "from",
    "since",
    "until",
    "during",
    "after",
    "before",
    "as",
    "by",
    "around",
    "approximately",
    "nearly",
    "over",
    "under",
    "see",
    "also",
    "and",
    "or",
    "but",
    "including",
    "between",
    "roughly",
    "almost",
    "some",
    "born",
    "died",
    "per",
    "with",
    "for",
    "to",
    "if",
    "when",
    "while",
    "e.g.",
    "i.e.",
    "ca.",
    "circa",
    "updated",
    "published",
    "photo",
    "source",
    "this",
    "that",
    "a",
    "an",
];

/// A parenthetical citation group: its span in the paragraph (parentheses included) and its
/// citations, one part per `;`-separated outlet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    /// From the opening to just after the closing parenthesis.
    pub(crate) range: Range<usize>,
    /// The parts that read as citations, in order.
    pub(crate) parts: Vec<Part>,
}

/// One `Outlet, Date[, Date…]` part of a group.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Part {
    /// The part's span in the paragraph.
    pub(crate) range: Range<usize>,
    /// The outlet as written.
    pub(crate) outlet: String,
    /// One entry per cited day; `None` for "n.d.".
    pub(crate) dates: Vec<Option<WrittenDate>>,
    /// "accessed Date": the dates are when the page was read.
    pub(crate) accessed: bool,
    /// A URL written as the part's last field.
    pub(crate) url: Option<String>,
}

/// The citation groups of a paragraph, in order.
///
/// `opaque` spans (inline code) are never part of a citation; `links` are the spans of link
/// texts, which may stand for a part's URL field ("(Ikon, May 1, [link](…))"). Both must be
/// sorted and non-overlapping.
pub(crate) fn find_groups(
    text: &str,
    opaque: &[Range<usize>],
    links: &[Range<usize>],
) -> Vec<Group> {
    let bytes = text.as_bytes();
    let mut groups = Vec::new();
    let mut resume = 0;
    for (open, close) in paren_pairs(bytes) {
        let range = open..close + 1;
        if open < resume || overlaps(opaque, &range) {
            continue;
        }
        let parts: Vec<Part> = split_parts(bytes, open + 1..close)
            .into_iter()
            .filter_map(|part| parse_part(text, part, links))
            .collect();
        if !parts.is_empty() {
            resume = range.end;
            groups.push(Group { range, parts });
        }
    }
    groups
}

/// Reads link text such as "Ikon, September 27" as an outlet and its date.
pub(crate) fn parse_link_text(text: &str) -> Option<Part> {
    parse_part(text, 0..text.len(), &[])
}

/// Matching parenthesis pairs that could be citation groups, sorted by their opening one:
/// at most [`MAX_GROUP_BYTES`] long and with at most [`MAX_INNER_DEPTH`] levels of
/// parentheses inside. One pass with a stack; openings too far back to close within the
/// bound are dropped from the stack's bottom, and deep nests are never re-read, so the work
/// stays linear however the parentheses are arranged.
fn paren_pairs(bytes: &[u8]) -> Vec<(usize, usize)> {
    // (position of '(', deepest nesting seen inside it so far)
    let mut stack: std::collections::VecDeque<(usize, usize)> = std::collections::VecDeque::new();
    let mut pairs = Vec::new();
    for i in memchr::memchr2_iter(b'(', b')', bytes) {
        if bytes[i] == b'(' {
            while stack
                .front()
                .is_some_and(|&(o, _)| i - o >= MAX_GROUP_BYTES)
            {
                stack.pop_front();
            }
            stack.push_back((i, 0));
            continue;
        }
        let Some((open, inner)) = stack.pop_back() else {
            continue;
        };
        if let Some(parent) = stack.back_mut() {
            parent.1 = parent.1.max(inner + 1);
        }
        if i - open < MAX_GROUP_BYTES && inner <= MAX_INNER_DEPTH {
            pairs.push((open, i));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// Splits a group's inside at top-level semicolons.
fn split_parts(bytes: &[u8], inside: Range<usize>) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = inside.start;
    for i in inside.clone() {
        match bytes[i] {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b';' if depth == 0 => {
                parts.push(start..i);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(start..inside.end);
    parts
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    Comma,
    Word,
}

/// Words (runs of anything but whitespace and commas) and commas, with their spans.
fn tokenize(text: &str, range: Range<usize>) -> Vec<(Token, Range<usize>)> {
    let mut tokens = Vec::new();
    let mut word_start: Option<usize> = None;
    let slice = &text[range.clone()];
    for (i, c) in slice.char_indices() {
        let at = range.start + i;
        if c.is_whitespace() || c == ',' {
            if let Some(start) = word_start.take() {
                tokens.push((Token::Word, start..at));
            }
            if c == ',' {
                tokens.push((Token::Comma, at..at + 1));
            }
        } else if word_start.is_none() {
            word_start = Some(at);
        }
    }
    if let Some(start) = word_start {
        tokens.push((Token::Word, start..range.end));
    }
    tokens
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Parses one part; `None` when it does not read as `Outlet, Date…`.
fn parse_part(text: &str, range: Range<usize>, links: &[Range<usize>]) -> Option<Part> {
    let slice = text.get(range.clone())?;
    let mut start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    if start >= end {
        return None;
    }
    start = skip_prefix(text, start..end);
    let mut tokens = tokenize(text, start..end);
    let url = take_url_field(text, &mut tokens, links);
    for (i, (token, span)) in tokens.iter().enumerate() {
        if *token != Token::Comma {
            continue;
        }
        let outlet = text[start..span.start].trim();
        if !is_outlet(outlet) {
            continue;
        }
        if let Some((dates, accessed)) = parse_dates(text, &tokens[i + 1..]) {
            return Some(Part {
                range: start..end,
                outlet: outlet.to_string(),
                dates,
                accessed,
                url: url.flatten(),
            });
        }
    }
    None
}

/// Where the part starts once a leading "see", "see also", "according to"… is skipped.
fn skip_prefix(text: &str, part: Range<usize>) -> usize {
    let slice = &text[part.clone()];
    for prefix in PREFIXES {
        let mut words = slice.split_whitespace();
        let matches = prefix
            .iter()
            .all(|p| words.next().is_some_and(|w| w.eq_ignore_ascii_case(p)));
        if !matches {
            continue;
        }
        // The rest starts at the next word; a prefix alone is not skipped.
        let mut rest = slice;
        for _ in 0..prefix.len() {
            rest = rest.trim_start();
            rest = &rest[rest.find(char::is_whitespace).unwrap_or(rest.len())..];
        }
        let rest = rest.trim_start();
        if !rest.is_empty() {
            return part.end - rest.len();
        }
    }
    part.start
}

/// Removes a trailing `, URL` field: a bare http(s) URL, or words that are a link's text.
/// Returns `Some(Some(url))` for a written URL, `Some(None)` for a link (its URL is attached
/// later from the link itself), `None` when there is no such field.
fn take_url_field(
    text: &str,
    tokens: &mut Vec<(Token, Range<usize>)>,
    links: &[Range<usize>],
) -> Option<Option<String>> {
    let last_comma = tokens.iter().rposition(|(t, _)| *t == Token::Comma)?;
    let field = tokens.get(last_comma + 1..)?;
    let (first, last) = (field.first()?, field.last()?);
    let span = first.1.start..last.1.end;
    let word = &text[span.clone()];
    let found = if field.len() == 1
        && (starts_with_ignore_case(word, "http://") || starts_with_ignore_case(word, "https://"))
    {
        Some(Some(word.to_string()))
    } else if containing(links, &span).is_some_and(|l| l.start > tokens[last_comma].1.start) {
        // A link that is this field alone, not a link around the whole part.
        Some(None)
    } else {
        None
    };
    if found.is_some() {
        tokens.truncate(last_comma);
    }
    found
}

/// Does this read as an outlet's name?
fn is_outlet(outlet: &str) -> bool {
    if outlet.is_empty() || outlet.chars().count() > 100 || !outlet.chars().any(char::is_alphabetic)
    {
        return false;
    }
    let forbidden = [
        ':', '%', '$', '€', '£', '¥', '=', '<', '>', '{', '}', '|', '"', '“', '”',
    ];
    if outlet.contains(forbidden) {
        return false;
    }
    let words: Vec<&str> = outlet.split_whitespace().collect();
    if words.len() > 12 {
        return false;
    }
    let lower = |w: &str| w.trim_end_matches(',').to_lowercase();
    if ASIDE_OPENERS.contains(&lower(words[0]).as_str()) {
        return false;
    }
    if let Some(last) = words.last() {
        if words.len() > 1 && CONNECTORS.contains(&lower(last).as_str()) {
            return false;
        }
    }
    for (k, raw) in words.iter().enumerate() {
        let word = raw
            .trim_start_matches(['\'', '‘', '’', '(', '['])
            .trim_end_matches(',');
        if year_of(word.trim_end_matches([')', ']', '.'])).is_some() {
            return false;
        }
        if month_of(word).is_some() && words.get(k + 1).is_some_and(|w| day_of(w).is_some()) {
            return false;
        }
        if !is_name_word(word, k == 0) {
            return false;
        }
    }
    true
}

/// A word that can be part of a name: capitalized, a number, a caseless script, a connector
/// ("of"), a domain ("ikon.mn") or camel case ("eBay").
fn is_name_word(word: &str, first: bool) -> bool {
    let Some(c) = word.chars().next() else {
        return true;
    };
    if c.is_uppercase() || c.is_ascii_digit() || matches!(c, '&' | '-' | '–' | '+') {
        return true;
    }
    if c.is_alphabetic() && !c.is_lowercase() {
        return true; // scripts without case (Chinese, Japanese, …)
    }
    if !c.is_lowercase() {
        return false;
    }
    let lower = word.to_lowercase();
    if CONNECTORS.contains(&lower.as_str()) {
        return !first || lower == "the";
    }
    // "ikon.mn", "news.gov.mn": a dot followed by a top-level domain of two letters or more.
    let domain_like = word
        .trim_end_matches('.')
        .rsplit_once('.')
        .is_some_and(|(name, tld)| {
            name.chars().any(char::is_alphabetic)
                && tld.chars().count() >= 2
                && tld.chars().all(char::is_alphabetic)
        });
    domain_like || word.chars().skip(1).any(char::is_uppercase)
}

/// Parses the date list after the outlet's comma. Returns the days (`None` for "n.d.") and
/// whether they are access dates.
fn parse_dates(
    text: &str,
    tokens: &[(Token, Range<usize>)],
) -> Option<(Vec<Option<WrittenDate>>, bool)> {
    let word = |i: usize| -> Option<&str> {
        match tokens.get(i) {
            Some((Token::Word, span)) => Some(&text[span.clone()]),
            _ => None,
        }
    };
    if tokens.is_empty() {
        return None;
    }
    if tokens.iter().all(|(t, _)| *t == Token::Word) {
        let joined: String = tokens.iter().map(|(_, s)| &text[s.clone()]).collect();
        if matches!(joined.to_lowercase().as_str(), "n.d." | "n.d" | "nd") {
            return Some((vec![None], false));
        }
    }
    let mut i = 0;
    let mut accessed = false;
    if let Some(first) = word(0) {
        let first = first.trim_end_matches(':').to_lowercase();
        if matches!(
            first.as_str(),
            "accessed" | "retrieved" | "viewed" | "visited"
        ) {
            accessed = true;
            i = 1;
            if word(1).is_some_and(|w| w.eq_ignore_ascii_case("on")) {
                i = 2;
            }
        }
    }
    let dates = parse_date_list(tokens, i, &word)?;
    Some((dates.into_iter().map(Some).collect(), accessed))
}

/// `item (sep item)*` where an item is `Month Day [Year]`, `Day Month [Year]`, an ISO date,
/// a bare day after a month ("May 1, 5"), or a year closing the days before it
/// ("May 1, 5, 2022"); separators are commas and "and".
fn parse_date_list<'t>(
    tokens: &[(Token, Range<usize>)],
    mut i: usize,
    word: &dyn Fn(usize) -> Option<&'t str>,
) -> Option<Vec<WrittenDate>> {
    let mut dates: Vec<WrittenDate> = Vec::new();
    let mut yearless_from = 0; // first date the next written year applies to
    let mut last_month: Option<u32> = None;
    let mut expect_item = true;
    while i < tokens.len() {
        let Some(w) = word(i) else {
            // A comma.
            if expect_item {
                return None;
            }
            expect_item = true;
            i += 1;
            continue;
        };
        if w.eq_ignore_ascii_case("and") || w == "&" {
            if dates.is_empty() {
                return None;
            }
            expect_item = true;
            i += 1;
            continue;
        }
        if !expect_item {
            return None;
        }
        expect_item = false;
        let next = word(i + 1);
        if let (Some(month), Some(day)) = (month_of(w), next.and_then(day_of)) {
            let year = word(i + 2).and_then(year_of);
            dates.push(WrittenDate::new(month, day, year));
            last_month = Some(month);
            i += if year.is_some() { 3 } else { 2 };
            if year.is_some() {
                yearless_from = dates.len();
            }
        } else if let (Some(day), Some(month)) = (day_of(w), next.and_then(month_of)) {
            let year = word(i + 2).and_then(year_of);
            dates.push(WrittenDate::new(month, day, year));
            last_month = Some(month);
            i += if year.is_some() { 3 } else { 2 };
            if year.is_some() {
                yearless_from = dates.len();
            }
        } else if let Some(year) = year_of(w) {
            if yearless_from >= dates.len() {
                return None; // a year alone is not a day
            }
            for date in &mut dates[yearless_from..] {
                date.year = Some(year);
            }
            yearless_from = dates.len();
            i += 1;
        } else if let (Some(day), Some(month)) = (day_of(w), last_month) {
            dates.push(WrittenDate::new(month, day, None));
            i += 1;
        } else if let Some(date) = iso_date_prefix(w).filter(|_| w.len() == 10) {
            use chrono::Datelike;
            dates.push(WrittenDate::new(
                date.month(),
                date.day(),
                Some(date.year()),
            ));
            last_month = None;
            yearless_from = dates.len();
            i += 1;
        } else {
            return None;
        }
    }
    (!expect_item && !dates.is_empty()).then_some(dates)
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;

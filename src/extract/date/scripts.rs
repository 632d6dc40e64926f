//! Publication keys in the page's scripts: the state JavaScript front-ends embed
//! (`"publishedAt":"2023-09-27T08:00:00Z"`, `\"datePublished\":\"…\"`, `"DateCreation":
//! "2023-09-27"`), which is not JSON-LD but often the only machine-readable date.
//!
//! The raw HTML is searched for the fragments "ublish" and "reat" with `memchr`'s SIMD
//! search — far cheaper than a regular expression over the whole page — and each hit is
//! widened to its JSON key and string value by hand. Keys naming a modification, an
//! author or a user are skipped.

use memchr::memmem;

/// Keys longer than this are not publication keys.
const MAX_KEY: usize = 48;
/// How many fragments are looked at, at most: pages with more are mostly data.
const MAX_HITS: usize = 4096;
/// Values longer than this are not dates.
const MAX_VALUE: usize = 40;
/// Values shorter than this are not full dates.
const MIN_VALUE: usize = 8;

/// Key fragments that disqualify a key: "modifiedAt", "publishedBy", "creator"…
const NOT_PUBLICATION: &[&str] = &[
    "modif",
    "updat",
    "by",
    "user",
    "author",
    "publisher",
    "creator",
];

/// The string values of publication and creation keys in `html`, in page order.
pub(super) fn values(html: &str) -> Vec<&str> {
    let bytes = html.as_bytes();
    let mut hits: Vec<usize> = memmem::find_iter(bytes, b"ublish")
        .take(MAX_HITS)
        .chain(memmem::find_iter(bytes, b"reat").take(MAX_HITS))
        .collect();
    hits.sort_unstable();
    let mut values = Vec::new();
    let mut last_key_end = 0;
    for hit in hits {
        if hit < last_key_end {
            continue;
        }
        let Some((key, value, key_end)) = key_value(html, hit) else {
            continue;
        };
        last_key_end = key_end;
        if publication_key(key) {
            values.push(value);
        }
    }
    values
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The JSON key around byte `hit` and its string value, if it has one.
fn key_value(html: &str, hit: usize) -> Option<(&str, &str, usize)> {
    let bytes = html.as_bytes();
    // Keys are short: looking no further keeps long identifiers and base64 blobs cheap.
    let from = hit.saturating_sub(MAX_KEY);
    let start = from + bytes[from..hit].iter().rposition(|b| !is_key_byte(*b))? + 1;
    let end = hit
        + bytes[hit..]
            .iter()
            .take(MAX_KEY)
            .position(|b| !is_key_byte(*b))?;
    if bytes.get(start.checked_sub(1)?) != Some(&b'"') {
        return None;
    }
    let mut i = end;
    let expect = |i: &mut usize, wanted: &[u8]| {
        while bytes.get(*i).is_some_and(u8::is_ascii_whitespace) {
            *i += 1;
        }
        if bytes.get(*i) == Some(&b'\\') {
            *i += 1;
        }
        let found = bytes.get(*i).is_some_and(|b| wanted.contains(b));
        *i += 1;
        found
    };
    if !(expect(&mut i, b"\"") && expect(&mut i, b":") && expect(&mut i, b"\"")) {
        return None;
    }
    let length = bytes[i..]
        .iter()
        .take(MAX_VALUE + 1)
        .position(|b| *b == b'"' || *b == b'\\')?;
    if length < MIN_VALUE {
        return None;
    }
    Some((html.get(start..end)?, html.get(i..i + length)?, end))
}

/// Whether a key names the publication (or creation) of the page.
fn publication_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    let names = ["publish", "created", "creation"]
        .iter()
        .any(|w| key.contains(w));
    names && !NOT_PUBLICATION.iter().any(|w| key.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_front_end_state() {
        let html = r#"<script>window.__STATE__={"title":"x","publishedAt":"2023-09-27T08:00:00Z",
            "modifiedAt":"2023-09-29T08:00:00Z","publisher":{"name":"Ikon"},
            "DateCreation":"2023-09-26"};</script>"#;
        assert_eq!(values(html), ["2023-09-27T08:00:00Z", "2023-09-26"]);
    }

    #[test]
    fn escaped_json_in_a_string() {
        let html = r#"var s = "{\"datePublished\":\"2023-09-27\"}";"#;
        assert_eq!(values(html), ["2023-09-27"]);
    }

    #[test]
    fn authors_and_creators_are_not_dates() {
        let html =
            r#"{"createdBy":"someone here","creator":"another one","publishedBy":"a person"}"#;
        assert!(values(html).is_empty());
    }
}

//! Pages whose article only script renders, with a copy in `<noscript>`.
//!
//! Some blog engines ship the post inside a script template and put the same post, as
//! markup, in a `<noscript>` element for readers without scripts. A browser with scripts
//! on (and html5ever, which parses as one) reads `<noscript>` as raw text, so the page
//! shows nothing but its frame: the post is "nowhere". When a page holds more text
//! inside `<noscript>` than outside it, the `<noscript>` content is what the page says,
//! and it is read as markup. The rule looks at text amounts only, never at the site.

/// Below this many bytes of `<noscript>` content, a page has no copy of its article
/// there (tracking pixels and style fallbacks are a few hundred bytes).
const MIN_NOSCRIPT_BYTES: usize = 1000;

/// Whether `<noscript>` elements holding `noscript_bytes` (as the guard's scan counted
/// them) could hold more text than the `visible` characters outside them: only then is
/// the page read a second time for them.
pub(crate) fn may_hold_the_page(noscript_bytes: usize, visible: u64) -> bool {
    noscript_bytes >= MIN_NOSCRIPT_BYTES && noscript_bytes as u64 > visible
}

/// The page with its `<noscript>` tags removed, so that their content parses as
/// markup; `None` when its `<noscript>` elements hold too little to be an article, or
/// fewer bytes than the `visible` characters outside them (then they cannot hold more
/// text than the rest of the page, and the page is not parsed twice).
pub(crate) fn revealed(html: &str, visible: u64) -> Option<String> {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut from = 0usize;
    let mut inside = 0usize;
    let mut opened_at = None;
    let mut at = 0usize;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found;
        let closing = bytes.get(start + 1) == Some(&b'/');
        let name_at = start + 1 + usize::from(closing);
        if !is_noscript_tag(bytes, name_at) {
            at = start + 1;
            continue;
        }
        let Some(end) = memchr::memchr(b'>', &bytes[name_at..]).map(|e| name_at + e + 1) else {
            break;
        };
        match (closing, opened_at) {
            (false, _) => opened_at = Some(end),
            (true, Some(open)) => {
                inside += start.saturating_sub(open);
                opened_at = None;
            }
            (true, None) => {}
        }
        // Both ends sit on ASCII bytes: character boundaries.
        out.push_str(&html[from..start]);
        from = end;
        at = end;
    }
    out.push_str(&html[from..]);
    (inside >= MIN_NOSCRIPT_BYTES && inside as u64 > visible).then_some(out)
}

/// Whether `noscript` (any case) starts at `at` and ends a tag name there.
fn is_noscript_tag(bytes: &[u8], at: usize) -> bool {
    const NAME: &[u8] = b"noscript";
    bytes
        .get(at..at + NAME.len())
        .is_some_and(|n| n.eq_ignore_ascii_case(NAME))
        && bytes
            .get(at + NAME.len())
            .is_none_or(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
}

/// Whether the page read with its `<noscript>` content (`with` visible characters) holds
/// more text inside `<noscript>` than outside (`without`).
pub(crate) fn holds_the_page(without: u64, with: u64) -> bool {
    with > 2 * without
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noscript_tags_are_removed_when_they_hold_an_article() {
        let post = "<p>word </p>".repeat(200);
        let html = format!("<body><NOSCRIPT>{post}</noscript><p>frame</p></body>");
        let out = revealed(&html, 100).expect("a long noscript copy");
        assert!(!out.to_ascii_lowercase().contains("noscript"));
        assert!(out.contains("<p>word </p>") && out.contains("<p>frame</p>"));
    }

    #[test]
    fn a_page_with_more_text_than_its_noscript_is_not_parsed_twice() {
        let html = format!(
            "<body><noscript>{}</noscript></body>",
            "<p>w</p>".repeat(200)
        );
        assert_eq!(revealed(&html, 5000), None);
    }

    #[test]
    fn small_noscript_fallbacks_are_left_alone() {
        let html = "<body><noscript><img src=x></noscript><noscripts>x</body>";
        assert_eq!(revealed(html, 0), None);
    }

    #[test]
    fn an_unclosed_noscript_does_not_panic() {
        assert_eq!(revealed("<p>a</p><noscript", 0), None);
        assert_eq!(revealed("é<noscript>é", 0), None);
    }
}

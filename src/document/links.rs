//! Which links in an article are citations of a source.
//!
//! Every absolute link in the article's text is one, whatever its scheme: an http(s) link is
//! checked, and any other (`javascript:`, `data:`, `gopher:`, `ws:`, `ftp:`, `file:`, a
//! misspelled `htps://`) is reported, so the crawler marks it `invalid_url` and the editor
//! sees a link that cannot support the claim instead of one that silently vanished. Only
//! links that cannot be meant as a source are not citations: fragments, relative paths (the
//! article's own site), and contact addresses (`mailto:`, `tel:`). Scheme-less web
//! addresses (`www.example.com/…`, `http//…`) are reported too. A bare URL written in the prose counts as
//! a link too: plain-text articles have no other way to link.

use std::ops::Range;

use super::prose::overlaps;

/// Schemes of contact links: an address to write to or call, never a source.
const CONTACT: [&str; 2] = ["mailto", "tel"];

/// The URL to report for a link target, or `None` when the link is not a citation.
pub(crate) fn citable_url(href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let lower = href.to_ascii_lowercase();
    if let Some((scheme, _)) = lower.split_once(':') {
        let is_scheme = scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme {
            return (!CONTACT.contains(&scheme)).then(|| href.to_string());
        }
    }
    let scheme_less_web = lower.starts_with("www.") && lower.len() > 4
        || lower.starts_with("http//")
        || lower.starts_with("https//");
    scheme_less_web.then(|| href.to_string())
}

/// Bare `http://` and `https://` URLs written in `text`, outside the `skip` spans (existing
/// links, code; sorted and non-overlapping). Trailing punctuation and unbalanced closing brackets are not part of a URL
/// ("(see https://a.example/x)." ends at `x`).
pub(crate) fn bare_urls(text: &str, skip: &[Range<usize>]) -> Vec<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut resume = 0;
    for colon in memchr::memmem::find_iter(bytes, b"://") {
        let start = if colon >= 5 && bytes[colon - 5..colon].eq_ignore_ascii_case(b"https") {
            colon - 5
        } else if colon >= 4 && bytes[colon - 4..colon].eq_ignore_ascii_case(b"http") {
            colon - 4
        } else {
            continue;
        };
        if start < resume || (start > 0 && bytes[start - 1].is_ascii_alphanumeric()) {
            continue;
        }
        let mut end = text[start..]
            .char_indices()
            .find(|&(_, c)| {
                c.is_whitespace()
                    || c.is_control()
                    || matches!(c, '<' | '>' | '"' | '“' | '”' | '«' | '»')
            })
            .map_or(text.len(), |(k, _)| start + k);
        end = trim_url_end(text, start, end);
        if end <= colon + 3 {
            continue;
        }
        let range = start..end;
        resume = end;
        if overlaps(skip, &range) {
            continue;
        }
        found.push((range.clone(), text[range].to_string()));
    }
    found
}

fn trim_url_end(text: &str, start: usize, mut end: usize) -> usize {
    loop {
        let url = &text[start..end];
        let Some(last) = url.chars().last() else {
            return end;
        };
        let unbalanced = |open: char, close: char| {
            last == close && url.matches(close).count() > url.matches(open).count()
        };
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '’')
            || unbalanced('(', ')')
            || unbalanced('[', ']')
        {
            end -= last.len_utf8();
        } else {
            return end;
        }
    }
}

/// The `href` of an HTML start tag written inline (Markdown allows `<a href="…">`), with
/// `&amp;` decoded. `None` for other tags and for `<a>` without `href`.
pub(crate) fn href_of_tag(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    if !(lower.starts_with("<a ") || lower.starts_with("<a\t") || lower.starts_with("<a\n")) {
        return None;
    }
    let mut rest = &lower[2..];
    let mut offset = 2;
    while let Some(k) = rest.find("href") {
        let before = lower[..offset + k].chars().last();
        let after = lower[offset + k + 4..].trim_start();
        if before.is_some_and(char::is_whitespace) && after.starts_with('=') {
            let value_start = tag.len() - after.len() + 1;
            let value = tag[value_start..].trim_start();
            let value = match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
                _ => value
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            return Some(value.replace("&amp;", "&"));
        }
        offset += k + 4;
        rest = &lower[offset..];
    }
    None
}

/// True for an inline HTML end tag `</a>`.
pub(crate) fn is_link_end_tag(tag: &str) -> bool {
    let tag = tag.trim();
    tag.len() >= 4 && tag[..3].eq_ignore_ascii_case("</a") && tag[3..].trim_start().starts_with('>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_links_are_citations() {
        assert_eq!(
            citable_url(" https://news.example/a?b=1 ").as_deref(),
            Some("https://news.example/a?b=1")
        );
        assert!(citable_url("HTTP://NEWS.EXAMPLE/").is_some());
    }

    #[test]
    fn non_source_links_are_not() {
        for href in [
            "mailto:desk@news.example",
            "tel:+97611000000",
            "#notes",
            "/about",
            "../archive/2023.html",
            "",
        ] {
            assert_eq!(citable_url(href), None, "{href}");
        }
    }

    #[test]
    fn broken_source_links_are_reported_as_written() {
        for href in [
            "ftp://files.example/report.pdf",
            "htps://news.example/a",
            "htttp://news.example/a",
            "www.news.example/a",
            "http//news.example/a",
            // Any other scheme: reported so the editor sees it, not dropped.
            "javascript:void(0)",
            "data:text/html,<b>x</b>",
            "gopher://news.example/1",
            "ws://news.example/live",
            "whatsapp://send?text=hi",
        ] {
            assert_eq!(citable_url(href).as_deref(), Some(href), "{href}");
        }
    }

    #[test]
    fn bare_urls_trim_trailing_punctuation() {
        let text = "Read it (see https://news.example/a_(b)/c). Or http://x.example/y, now.";
        let urls: Vec<String> = bare_urls(text, &[]).into_iter().map(|(_, u)| u).collect();
        assert_eq!(
            urls,
            vec!["https://news.example/a_(b)/c", "http://x.example/y"]
        );
    }

    #[test]
    fn bare_urls_skip_existing_links() {
        let text = "at https://news.example/a today";
        let start = text.find("https").expect("url");
        let link = start..start + 5;
        assert!(bare_urls(text, std::slice::from_ref(&link)).is_empty());
        assert!(bare_urls("xhttps://a.example", &[]).is_empty());
        assert!(bare_urls("https://", &[]).is_empty());
    }

    #[test]
    fn inline_anchor_tags() {
        assert_eq!(
            href_of_tag(r#"<a class="x" href="https://a.example/?p=1&amp;q=2">"#).as_deref(),
            Some("https://a.example/?p=1&q=2")
        );
        assert_eq!(
            href_of_tag("<a href=https://a.example/b>").as_deref(),
            Some("https://a.example/b")
        );
        assert_eq!(href_of_tag(r#"<abbr title="x">"#), None);
        assert_eq!(href_of_tag(r#"<a data-href="x" name="y">"#), None);
        assert!(is_link_end_tag("</a>"));
        assert!(!is_link_end_tag("</abbr>"));
    }
}

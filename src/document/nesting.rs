//! A cap on how deeply HTML elements nest, applied before parsing.
//!
//! html5ever checks element scopes by walking the stack of open elements, so a document of
//! a million nested `<div>`s takes quadratic time (minutes). Browsers cap the depth for the
//! same reason (Blink at 512). This pass does the equivalent on the raw text: start tags
//! that would open an element deeper than [`MAX_DEPTH`], and the end tags that close them,
//! are overwritten with spaces. Offsets and line breaks do not move, so positions found in
//! the capped text are positions in the original; the text of the deep elements is kept,
//! and so are their links.
//! Elements whose end tag is optional (`<p>`, `<li>`, …) and void elements are not counted,
//! so sloppy but ordinary HTML never reaches the cap; scripts, styles and comments are
//! skipped whole.

use std::borrow::Cow;

/// Deepest element nesting passed to the HTML parser.
pub(crate) const MAX_DEPTH: usize = 512;

/// Elements that never have content or whose end tag may be left out: not counted. Links
/// (`a`) are not counted either, so never blanked: a link nested past the cap keeps its URL
/// (an `a` cannot hold another, so links add one level at most).
const UNCOUNTED: [&str; 38] = [
    "a", "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option",
    "optgroup", "rb", "rt", "rtc", "rp", "thead", "tbody", "tfoot", "colgroup", "caption", "html",
    "head", "body", "frame",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// `html` with tags beyond [`MAX_DEPTH`] blanked out; borrowed when nothing needed it.
pub(crate) fn limit_depth(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut blank: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut depth, mut dropped) = (0usize, 0usize);
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + k;
        let rest = &bytes[at..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, at + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        let name_len = bytes[name_start.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = at + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let end = tag_end(bytes, name_start + name_len);
        i = end;
        if UNCOUNTED.contains(&name.as_str()) {
            continue;
        }
        if closing {
            if dropped > 0 {
                dropped -= 1;
                blank.push(at..end);
            } else {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let mut close = Vec::with_capacity(name.len() + 2);
            close.extend_from_slice(b"</");
            close.extend_from_slice(name.as_bytes());
            i = find_ignore_case(bytes, end, &close).unwrap_or(bytes.len());
            continue;
        }
        if bytes[..end].ends_with(b"/>") {
            continue; // self-closing
        }
        if depth >= MAX_DEPTH {
            dropped += 1;
            blank.push(at..end);
        } else {
            depth += 1;
        }
    }
    if blank.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = bytes.to_vec();
    for range in blank {
        for b in &mut out[range] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Whole tags (ASCII `<` to `>`) became ASCII spaces, so the text is still UTF-8.
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Just after the `>` ending a tag whose name ends at `from`, quoted attribute values
/// skipped.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return i + 1,
            q @ (b'"' | b'\'') => {
                i = memchr::memchr(q, &bytes[i + 1..]).map_or(bytes.len(), |k| i + 1 + k + 1);
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|k| from + k)
}

fn find_ignore_case(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = [needle[0]];
    let hay = bytes.get(from..)?;
    memchr::memchr_iter(first[0], hay)
        .map(|k| from + k)
        .find(|&at| {
            bytes
                .get(at..at + needle.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_html_is_untouched() {
        let html = "<html><body><div><p>One<p>Two<br><img src=x><ul><li>a<li>b</ul>\
                    <script>if (a<b) {}</script><!-- <div> --></div></body></html>";
        assert!(matches!(limit_depth(html), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_cut_without_moving_offsets() {
        let html = format!(
            "{}<span>deep (Tal News, May 3)</span>{}",
            "<div class=\"x\">".repeat(MAX_DEPTH + 10),
            "</div>\n".repeat(MAX_DEPTH + 10)
        );
        let limited = limit_depth(&html);
        assert_eq!(limited.len(), html.len());
        assert_eq!(limited.matches("<div").count(), MAX_DEPTH);
        assert_eq!(limited.matches("</div>").count(), MAX_DEPTH);
        assert_eq!(limited.matches('\n').count(), html.matches('\n').count());
        assert_eq!(limited.find("deep"), html.find("deep"));
    }

    #[test]
    fn quoted_greater_than_and_raw_text() {
        let html = "<div title=\"a>b\"><style>div>p{}</style><textarea><div></textarea></div>";
        assert!(matches!(limit_depth(html), Cow::Borrowed(_)));
    }
}

//! Limits on what reaches the HTML parser, so that no page can stall or crash extraction.
//!
//! Three kinds of input are trouble: binary data (a PDF or an image served as HTML), very
//! large pages, and very deep nesting. The first gives an empty article. Size is capped at
//! [`MAX_HTML_BYTES`]. Depth needs care: html5ever checks "is there a `<p>` in scope?"
//! by walking its stack of open elements, so each tag costs time in proportion to the
//! depth and a page of 80 000 nested `<div>`s takes half a minute to parse. No real page
//! nests anywhere near [`MAX_NESTING`] deep, so a quick scan estimates the depth tag by
//! tag and cuts the page where the estimate passes that limit; what comes before the cut
//! is extracted as usual.

/// Pages are cut at this many bytes before parsing, to bound time and memory.
pub const MAX_HTML_BYTES: usize = 8 * 1024 * 1024;

/// Pages are cut where the estimated element depth passes this.
pub const MAX_NESTING: usize = 1024;

/// Whether the input is not text: NUL bytes, or mostly control characters and U+FFFD
/// (what a binary file decoded as UTF-8 looks like), in its first 4096 characters.
pub(crate) fn looks_binary(s: &str) -> bool {
    let mut total = 0usize;
    let mut odd = 0usize;
    for c in s.chars().take(4096) {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c == '\u{FFFD}' || (c.is_control() && !c.is_whitespace()) {
            odd += 1;
        }
    }
    total > 0 && odd * 10 > total
}

/// The part of `html` that is safe to parse: at most [`MAX_HTML_BYTES`], and ending
/// before the tag that would nest deeper than [`MAX_NESTING`].
pub(crate) fn safe_prefix(html: &str) -> &str {
    let html = truncate(html, MAX_HTML_BYTES);
    match too_deep_at(html.as_bytes()) {
        Some(cut) => &html[..cut],
        None => html,
    }
}

/// Cuts `s` to at most `max` bytes, on a character boundary.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Elements that never hold others, or that the parser closes by itself when the next
/// one opens (`<p>`, `<li>`, `<td>` …): they do not add to the depth estimate.
fn is_flat(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"frame"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"option"
            | b"optgroup"
            | b"tr"
            | b"td"
            | b"th"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"colgroup"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// Elements whose content is raw text up to their end tag.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"textarea"
            | b"title"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
            | b"plaintext"
    )
}

/// The byte offset of the first tag (always at a `<`, so a character boundary) at which
/// the estimated nesting passes [`MAX_NESTING`], if any.
fn too_deep_at(bytes: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = 0usize;
    let mut name_buf = [0u8; 16];
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let lt = at + found;
        at = lt + 1;
        let rest = &bytes[at..];
        if rest.starts_with(b"!--") {
            at = match memchr::memmem::find(&rest[3..], b"-->") {
                Some(end) => at + 3 + end + 3,
                None => return None,
            };
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let len = rest[name_start..]
            .iter()
            .take(name_buf.len())
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if len == 0 || !rest[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = &mut name_buf[..len];
        name.copy_from_slice(&rest[name_start..name_start + len]);
        name.make_ascii_lowercase();
        if is_flat(name) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if is_raw_text(name) {
            // Skip to its end tag (case-insensitively enough: the usual spellings).
            let mut end_tag = [0u8; 18];
            end_tag[..2].copy_from_slice(b"</");
            end_tag[2..2 + len].copy_from_slice(name);
            let lower = &end_tag[..2 + len];
            match memchr::memmem::find(&bytes[at..], lower) {
                Some(end) => at += end + lower.len(),
                None => {
                    let upper: Vec<u8> = lower.to_ascii_uppercase();
                    match memchr::memmem::find(&bytes[at..], &upper) {
                        Some(end) => at += end + upper.len(),
                        None => return None,
                    }
                }
            }
            continue;
        }
        depth += 1;
        if depth > MAX_NESTING {
            return Some(lt);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("héllo", 2), "h");
        assert_eq!(truncate("héllo", 3), "hé");
        assert_eq!(truncate("abc", 10), "abc");
    }

    #[test]
    fn binary_input_is_recognised() {
        assert!(looks_binary("PK\u{3}\u{4}\0\0"));
        assert!(looks_binary(&"\u{FFFD}\u{1}x".repeat(100)));
        assert!(!looks_binary("<p>plain “text”</p>\n"));
        assert!(!looks_binary(""));
    }

    #[test]
    fn deep_nesting_is_cut_at_the_limit() {
        let html = "<div>".repeat(5000) + "x";
        let cut = too_deep_at(html.as_bytes()).expect("too deep");
        assert_eq!(cut, MAX_NESTING * 5);
    }

    #[test]
    fn closed_and_self_closing_elements_do_not_add_up() {
        let html = "<div><p>a<br><img src=x></div>".repeat(10_000)
            + &"<ul><li>x</li></ul>".repeat(10_000)
            + &"<p>unclosed".repeat(10_000);
        assert_eq!(too_deep_at(html.as_bytes()), None);
    }

    #[test]
    fn tags_inside_scripts_and_comments_do_not_count() {
        let html = format!(
            "<script>{}</script><!-- {} --><div>text</div>",
            "<div>".repeat(5000),
            "<div>".repeat(5000)
        );
        assert_eq!(too_deep_at(html.as_bytes()), None);
    }
}

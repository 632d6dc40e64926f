//! What reaches the HTML parser: nothing that can stall or crash extraction, and no bytes
//! that cannot be text.
//!
//! Three kinds of input are trouble: binary data (a PDF or an image served as HTML), very
//! large pages, and very deep nesting. The first gives an empty article. Size is capped at
//! [`MAX_HTML_BYTES`]. Depth needs care: html5ever checks "is there a `<p>` in scope?"
//! by walking its stack of open elements, so each tag costs time in proportion to the
//! depth and a page of 80 000 nested `<div>`s takes half a minute to parse. No real page
//! nests anywhere near [`MAX_NESTING`] deep, so a quick scan estimates the depth tag by
//! tag and cuts the page where the estimate passes that limit; what comes before the cut
//! is extracted as usual. Likewise a tag with absurdly many attributes (html5ever compares
//! each with all the others) is cut before.
//!
//! The same scan leaves out what the parser would read character by character only for
//! extraction to ignore it: script, style and SVG bodies, comments, and the attributes
//! extraction never reads (links, image sources, `data-`). On the AEB pages that takes
//! extraction from 7.2 to 5.2 billion instructions (the parse alone from 3.9 to 2.7), with
//! the same output on the 1111 pages of the shared datasets
//! (`cargo run --release --example eval -- snapshot ../shared/datasets OUT`, compared with
//! `cmp`).

use std::borrow::Cow;
use std::ops::Range;

use super::attributes;

/// Pages are cut at this many bytes before parsing, to bound time and memory.
pub const MAX_HTML_BYTES: usize = 8 * 1024 * 1024;

/// Pages are cut where the estimated element depth passes this.
pub const MAX_NESTING: usize = 1024;

/// Pages are cut before a tag with more attributes than this: html5ever checks each new
/// attribute against the tag's others, so a tag of 100 000 attributes takes seconds.
pub const MAX_ATTRIBUTES: usize = 256;

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

/// A page made ready for the parser, and what the scan learnt on the way.
pub(crate) struct Prepared<'a> {
    /// What the parser gets.
    pub html: Cow<'a, str>,
    /// Bytes inside `<noscript>` elements (script-rendered pages keep their article
    /// there; see `noscript`).
    pub noscript_bytes: usize,
}

/// What the parser gets: at most [`MAX_HTML_BYTES`] of `html`, ending before the tag
/// that would nest deeper than [`MAX_NESTING`], with the bodies of scripts (except JSON
/// ones: JSON-LD carries dates and titles), style sheets and inline SVG images emptied,
/// and comments left out. None of these is ever text, yet they are over half the bytes of
/// a typical news page, and html5ever tokenizes them character by character: leaving them
/// out first halves the parse.
pub(crate) fn prepare(html: &str) -> Prepared<'_> {
    let html = truncate(html, MAX_HTML_BYTES);
    let scan = scan(html.as_bytes());
    let end = scan.cut.unwrap_or(html.len());
    let noscript_bytes = scan.noscript_bytes;
    if scan.removed.is_empty() {
        return Prepared {
            html: Cow::Borrowed(&html[..end]),
            noscript_bytes,
        };
    }
    let mut out = String::with_capacity(end);
    let mut from = 0usize;
    for range in scan.removed.iter().take_while(|r| r.start < end) {
        if range.start < from {
            // Ranges come in order and apart; were one to overlap, it is kept.
            continue;
        }
        // Every range starts and ends next to ASCII: character boundaries.
        out.push_str(&html[from..range.start]);
        from = range.end.min(end);
    }
    out.push_str(&html[from.min(end)..end]);
    Prepared {
        html: Cow::Owned(out),
        noscript_bytes,
    }
}

/// Cuts `s` to at most `max` bytes, on a character boundary.
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Elements that never hold others, that the parser closes by itself when the next one
/// opens (`<p>`, `<li>`, `<td>` …), or that it never nests (`<a>`, `<form>`): they do not
/// add to the depth estimate.
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
            // The parser never nests these in themselves: a new one closes the open one.
            | b"a"
            | b"nobr"
            | b"form"
            | b"button"
            | b"select"
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
            | b"noscript"
    )
}

/// What one pass over the page found.
#[derive(Debug, Default)]
struct Scan {
    /// Where the estimated nesting passes [`MAX_NESTING`] (at a `<`), if it does.
    cut: Option<usize>,
    /// Script, style and SVG bodies to empty and comments to leave out, in order.
    removed: Vec<Range<usize>>,
    /// Bytes inside `<noscript>` elements.
    noscript_bytes: usize,
}

/// Finds `</name` (any case) in `bytes`: the offset of its `<`.
fn find_end_tag(bytes: &[u8], name: &[u8]) -> Option<usize> {
    let mut from = 0usize;
    while let Some(found) = memchr::memmem::find(&bytes[from..], b"</") {
        let at = from + found;
        let after = &bytes[at + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// The offset just past the `>` closing the tag whose attributes start at `from`
/// (quoted values may hold `>`); `None` if the page ends first. As in HTML's tokenizer, a
/// quote opens a value only right after `=` (white space allowed between): a stray quote
/// among the attributes (`<script src="a.js" " type=…>`) is part of a name, and reading it
/// as a value would swallow the page up to the next quote.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(found) = memchr::memchr3(b'>', b'"', b'\'', bytes.get(at..)?) {
        let i = at + found;
        let b = bytes[i];
        if b == b'>' {
            return Some(i + 1);
        }
        let opens_value = bytes[from..i]
            .iter()
            .rev()
            .find(|c| !c.is_ascii_whitespace())
            .is_some_and(|&c| c == b'=');
        at = if opens_value {
            i + 1 + memchr::memchr(b, &bytes[i + 1..])? + 1
        } else {
            i + 1
        };
    }
    None
}

/// Whether the tag whose attributes start at `from` has more than [`MAX_ATTRIBUTES`].
/// Short tags cannot, so only a tag running past 128 bytes (or with quotes, which may
/// hide a `>`) is counted, quote-aware.
fn too_many_attributes(bytes: &[u8], from: usize) -> bool {
    let rest = &bytes[from..];
    if let Some(gt) = memchr::memchr(b'>', rest) {
        if gt <= 128 && memchr::memchr2(b'"', b'\'', &rest[..gt]).is_none() {
            return false;
        }
    }
    // Each attribute takes a name and a separator: a tag of at most twice the limit in
    // bytes cannot pass it.
    if tag_end(bytes, from).is_some_and(|end| end - from <= 2 * MAX_ATTRIBUTES) {
        return false;
    }
    let (mut count, mut quote, mut in_name) = (0usize, 0u8, false);
    // As in `tag_end`: a quote opens a value only right after `=`.
    let mut after_equals = false;
    for &b in rest {
        match b {
            _ if quote != 0 && b == quote => quote = 0,
            _ if quote != 0 => {}
            b'"' | b'\'' if after_equals => quote = b,
            b'>' => return false,
            b'=' => in_name = false,
            _ if b.is_ascii_whitespace() || b == b'/' => in_name = false,
            _ if !in_name => {
                in_name = true;
                count += 1;
                if count > MAX_ATTRIBUTES {
                    return true;
                }
            }
            _ => {}
        }
        if quote == 0 && !b.is_ascii_whitespace() {
            after_equals = b == b'=';
        }
    }
    false
}

/// Just past the end of the comment whose text starts at `from` (after `<!--`), as
/// HTML reads it: `-->` or `--!>` end it, and so do `>` and `->` right at its start.
fn comment_end(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    if rest.starts_with(b">") {
        return Some(from + 1);
    }
    if rest.starts_with(b"->") {
        return Some(from + 2);
    }
    let mut at = 0usize;
    while let Some(found) = memchr::memmem::find(&rest[at..], b"--") {
        let dashes = at + found;
        match rest.get(dashes + 2) {
            Some(b'>') => return Some(from + dashes + 3),
            Some(b'!') if rest.get(dashes + 3) == Some(&b'>') => return Some(from + dashes + 4),
            _ => at = dashes + 1,
        }
    }
    None
}

/// The body of the `<svg>` element whose attributes start at `from`, when it holds no
/// other `<svg>` (a nested one would end the search early; such an image is parsed whole).
fn svg_body(bytes: &[u8], from: usize) -> Option<Range<usize>> {
    let open_end = tag_end(bytes, from)?;
    if bytes.get(open_end.checked_sub(2)?) == Some(&b'/') {
        // `<svg/>`: no body.
        return None;
    }
    let body_len = find_end_tag(&bytes[open_end..], b"svg")?;
    let body = open_end..open_end + body_len;
    let nested = memchr::memchr_iter(b'<', &bytes[body.clone()]).any(|i| {
        bytes
            .get(body.start + i + 1..body.start + i + 4)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"svg"))
    });
    (!nested).then_some(body)
}

/// One pass over the page: nesting estimate, what to leave out, `<noscript>` bytes.
fn scan(bytes: &[u8]) -> Scan {
    let mut out = Scan::default();
    let mut depth = 0usize;
    let mut at = 0usize;
    let mut name_buf = [0u8; 16];
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let lt = at + found;
        at = lt + 1;
        let rest = &bytes[at..];
        if rest.starts_with(b"!--") {
            let Some(end) = comment_end(bytes, at + 3) else {
                break;
            };
            out.removed.push(lt..end);
            at = end;
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
        if !closing && too_many_attributes(bytes, at + len) {
            out.cut = Some(lt);
            break;
        }
        // Where the tag's attributes were read up to (a `<` inside a value is no tag).
        let read_to = if closing {
            at
        } else {
            attributes::unread_attributes(bytes, at + len, &mut out.removed)
        };
        let name = &mut name_buf[..len];
        name.copy_from_slice(&rest[name_start..name_start + len]);
        name.make_ascii_lowercase();
        if is_flat(name) {
            at = at.max(read_to);
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if is_raw_text(name) {
            // Its content is text up to its end tag, whatever it looks like.
            let Some(open_end) = tag_end(bytes, at + len) else {
                break;
            };
            let Some(body_len) = find_end_tag(&bytes[open_end..], name) else {
                break;
            };
            let body = open_end..open_end + body_len;
            let json = memchr::memmem::find(&bytes[at + len..open_end], b"json").is_some();
            if (name == b"script" && !json) || name == b"style" {
                out.removed.push(body.clone());
            }
            if name == b"noscript" {
                out.noscript_bytes += body.len();
            }
            at = body.end;
            continue;
        }
        if name == b"svg" {
            if let Some(body) = svg_body(bytes, at + len) {
                out.removed.push(body.clone());
                // Its end tag closes it in the depth estimate.
                at = body.end;
            }
        }
        at = at.max(read_to);
        depth += 1;
        if depth > MAX_NESTING {
            out.cut = Some(lt);
            break;
        }
    }
    out
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
    fn a_stray_quote_among_attributes_opens_no_value() {
        // html5ever reads the lone `"` as part of an attribute name; so must the scan,
        // or it empties the page up to the next quote as if it were the script's body.
        let html = r#"<head><script src="a.js" " type="text/javascript"></script>
            <title>T</title></head><body><p>The article's text.</p></body>"#;
        let prepared = prepare(html).html;
        assert!(prepared.contains("<title>T</title>"), "{prepared}");
        assert!(prepared.contains("The article's text."), "{prepared}");
        assert_eq!(tag_end(b"a x='1>2' \" y>rest", 0), Some(14));
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
        let cut = scan(html.as_bytes()).cut.expect("too deep");
        assert_eq!(cut, MAX_NESTING * 5);
        assert_eq!(prepare(&html).html.len(), MAX_NESTING * 5);
    }

    #[test]
    fn closed_and_self_closing_elements_do_not_add_up() {
        let html = "<div><p>a<br><img src=x></div>".repeat(10_000)
            + &"<ul><li>x</li></ul>".repeat(10_000)
            + &"<p>unclosed".repeat(10_000);
        assert_eq!(scan(html.as_bytes()).cut, None);
    }

    #[test]
    fn tags_inside_scripts_and_comments_do_not_count() {
        let html = format!(
            "<script>{}</script><!-- {} --><div>text</div>",
            "<div>".repeat(5000),
            "<div>".repeat(5000)
        );
        assert_eq!(scan(html.as_bytes()).cut, None);
    }

    #[test]
    fn script_and_style_bodies_are_emptied_json_kept() {
        let html = "<head><STYLE>p { color: red }</style>\
            <script type=\"application/ld+json\">{\"datePublished\": \"2020-01-02\"}</script>\
            <script data-x='a>b'>if (a < b) { document.write(\"</div>\"); }</SCRIPT >\
            </head><body><!-- <script> --><p>text</p><textarea><script></textarea>é</body>";
        assert_eq!(
            prepare(html).html,
            "<head><STYLE></style>\
            <script type=\"application/ld+json\">{\"datePublished\": \"2020-01-02\"}</script>\
            <script></SCRIPT >\
            </head><body><p>text</p><textarea><script></textarea>é</body>"
        );
    }

    #[test]
    fn comments_are_left_out_where_html_ends_them() {
        assert_eq!(prepare("a<!-- x -->b").html, "ab");
        assert_eq!(prepare("a<!---->b").html, "ab");
        // Empty comments closed abruptly, and `--!>`, end a comment as in browsers.
        assert_eq!(prepare("a<!-->b<!-- c -->d").html, "abd");
        assert_eq!(prepare("a<!--->b").html, "ab");
        assert_eq!(prepare("a<!-- x --!>b").html, "ab");
        assert_eq!(prepare("a<!-- x -- y --->b").html, "ab");
        // An unclosed comment is left to the parser (it runs to the end of the page).
        assert_eq!(prepare("a<!-- x").html, "a<!-- x");
    }

    #[test]
    fn inline_svg_bodies_are_emptied_unless_another_svg_is_inside() {
        let html =
            r#"<p>a</p><svg viewBox="0 0 1 1"><style>.a{}</style><path d="M0"/></svg><p>b</p>"#;
        assert_eq!(prepare(html).html, "<p>a</p><svg></svg><p>b</p>");
        // The outer image is kept whole; the innermost one is emptied.
        let nested = "<svg><g><SVG><path/></svg></g></svg><p>b</p>";
        assert_eq!(
            prepare(nested).html,
            "<svg><g><SVG></svg></g></svg><p>b</p>"
        );
        assert_eq!(prepare("<svg/><p>b</p>").html, "<svg/><p>b</p>");
        // Thousands of self-closing shapes no longer count as nesting.
        let big = format!("<svg>{}</svg><p>after</p>", "<path d='M0'/>".repeat(5000));
        assert_eq!(prepare(&big).html, "<svg></svg><p>after</p>");
    }

    #[test]
    fn attributes_extraction_never_reads_do_not_reach_the_parser() {
        let html = r#"<a href="/x" class=c data-id='7' onclick="f(1 > 2)">x</a><img src=a.png alt="a<b" title=t>"#;
        assert_eq!(prepare(html).html, r#"<a class=c>x</a><img title=t>"#);
        // Machine-readable times and what the hints and dates read are kept, in any case.
        let html = r#"<time DateTime="2024-01-02" data-timestamp="1704153600" data-x=1 ID=i ROLE=main>t</time>"#;
        assert_eq!(
            prepare(html).html,
            r#"<time DateTime="2024-01-02" data-timestamp="1704153600" ID=i ROLE=main>t</time>"#
        );
        // A custom element's name is not an attribute; valueless attributes go too.
        assert_eq!(
            prepare("<my-card data-a=1 hidden async>x</my-card>").html,
            "<my-card hidden>x</my-card>"
        );
    }

    #[test]
    fn unusual_attributes_leave_the_rest_of_the_tag_as_it_is() {
        // A stray quote inside a name, as html5ever reads it, is part of the name.
        assert_eq!(
            prepare(r#"<p x"y=1 class=a>t</p>"#).html,
            "<p class=a>t</p>"
        );
        // An `=` opening a name, or a value never closed: the tag is kept from there on.
        assert_eq!(prepare("<p rel=a =b c=d>t</p>").html, "<p =b c=d>t</p>");
        let open = "<p data-a=1 title=\"never closed>t</p>";
        assert_eq!(prepare(open).html, "<p title=\"never closed>t</p>");
        // `<` inside a value opens no tag.
        assert_eq!(
            prepare(r#"<p title="<b data-x=1>">t</p>"#).html,
            r#"<p title="<b data-x=1>">t</p>"#
        );
    }

    #[test]
    fn any_mix_of_markup_pieces_is_prepared_without_panicking() {
        // Pieces that open, close and confuse tags, comments, values and raw text, with
        // multi-byte characters next to every boundary the scan cuts at.
        const PIECES: &[&str] = &[
            "<",
            ">",
            "\"",
            "'",
            "=",
            "-",
            "!",
            "/",
            " ",
            "é",
            "€",
            "<!--",
            "-->",
            "--!>",
            "<svg",
            "</svg>",
            "<script",
            "</script>",
            "<noscript>",
            "</noscript",
            "<a ",
            "data-x",
            "class",
            "<p>",
            "<style>",
            "</style>",
            "<!",
            "x",
        ];
        let mut random = fastrand::Rng::with_seed(13);
        for _ in 0..3000 {
            let len = random.usize(0..40);
            let html: String = (0..len)
                .map(|_| PIECES[random.usize(..PIECES.len())])
                .collect();
            let prepared = prepare(&html);
            assert!(prepared.html.len() <= html.len(), "{html:?}");
        }
    }

    #[test]
    fn noscript_bytes_are_counted_outside_scripts() {
        let html = "<noscript>12345</noscript><script>'<noscript>xx</noscript>'</script>\
            <NOSCRIPT >678</noscript>";
        assert_eq!(prepare(html).noscript_bytes, 8);
    }

    #[test]
    fn a_tag_with_too_many_attributes_is_cut() {
        let attrs: Vec<String> = (0..2000).map(|i| format!("a{i}=\"x > y\"")).collect();
        let html = format!("<p>before</p><div {}>after</div>", attrs.join(" "));
        let prepared = prepare(&html).html;
        assert!(prepared == "<p>before</p>", "{} bytes kept", prepared.len());
        let fine: Vec<String> = (0..100).map(|i| format!("data-a{i}='{i}'")).collect();
        let html = format!("<div {}>kept</div>", fine.join(" "));
        // Not cut: the attributes go only because extraction never reads them.
        assert_eq!(prepare(&html).html, "<div>kept</div>");
    }

    #[test]
    fn an_unclosed_script_is_left_to_the_parser() {
        let html = "<p>before</p><script>var a = '<div>';";
        assert_eq!(prepare(html).html, html);
    }
}

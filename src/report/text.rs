//! Making untrusted text safe for each output: HTML, Markdown, XML and the terminal.
//!
//! Everything in a report that came from a document or a web page — titles, claims,
//! excerpts, URLs, error messages that quote a server — is data written by someone else.
//! Each format has its own metacharacters, so each gets its own function here, and the
//! renderers never write such text without passing it through one of them. Keeping them in
//! one file makes the rules easy to review side by side and to test against the same
//! hostile strings.

use std::borrow::Cow;

/// Escapes text for HTML element content and double- or single-quoted attribute values.
///
/// `&`, `<`, `>`, `"` and `'` become character references, so the text can never open a
/// tag, close an attribute or start an entity. C0 control characters other than tab and
/// newline become U+FFFD, as a browser would show them anyway.
pub fn html(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'') || is_bad_control(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_bad_control(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A URL that may become a link: only absolute `http` and `https` URLs, re-serialized by
/// the `url` crate (which percent-encodes spaces, quotes and angle brackets).
///
/// `javascript:`, `data:`, `vbscript:`, relative and unparsable URLs give `None`, so a
/// hostile page can never plant a script URL in a report's `href`. The result still needs
/// [`html`] (for `&`) when written into an attribute.
pub fn safe_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return None;
    }
    // The url crate leaves these alone in some components; they would end a Markdown link
    // destination or a table cell.
    let mut out = String::with_capacity(parsed.as_str().len());
    for c in parsed.as_str().chars() {
        match c {
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '|' => out.push_str("%7C"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '`' => out.push_str("%60"),
            '"' => out.push_str("%22"),
            '\'' => out.push_str("%27"),
            ' ' => out.push_str("%20"),
            c => out.push(c),
        }
    }
    Some(out)
}

/// Escapes text for inline Markdown (CommonMark and GitHub Flavored Markdown), table cells
/// included.
///
/// Line breaks and control characters become spaces (a cell or a list item is one line);
/// ASCII punctuation that can start markup — emphasis, code spans, links, images, HTML,
/// autolinks, math, headings, tables — is backslash-escaped, which CommonMark allows for
/// every ASCII punctuation character. `<` and `>` are escaped too, so no raw HTML gets
/// through to a renderer that allows some.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '<' | '>' | '~' | '&' | '$' | ':' | '=' | '^' | '@' | '"' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() || is_bidi_control(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Removes characters XML 1.0 does not allow anywhere (most C0 controls, U+FFFE, U+FFFF).
///
/// Escaping of `<`, `&` and quotes is left to the XML writer; this only makes the text
/// legal, because no escape exists for these characters in XML 1.0.
pub fn xml_legal(text: &str) -> Cow<'_, str> {
    let legal = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    };
    if text.chars().all(legal) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| legal(c)).collect())
    }
}

/// Neutralises text for a terminal: control characters (ESC sequences included), line
/// breaks and bidirectional overrides become visible or harmless, so scraped text can
/// neither move the cursor, recolour the screen nor reorder what the editor reads.
///
/// Tabs and line breaks become spaces; other controls become `�`.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                c if c.is_control() || is_bidi_control(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// Shortens text to at most `max` characters, ending with `…` when cut.
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if text.chars().count() <= max {
        return Cow::Borrowed(text);
    }
    let keep = max.saturating_sub(1);
    let mut out: String = text.chars().take(keep).collect();
    out.push('…');
    Cow::Owned(out)
}

/// C0 controls other than tab, newline and carriage return, and DEL.
fn is_bad_control(c: char) -> bool {
    (c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7F}'
}

/// Unicode bidirectional embedding, override and isolate controls (the "Trojan Source"
/// characters), which can make text display in another order than it reads.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "\"><script>alert(1)</script>";

    #[test]
    fn html_escapes_tags_attributes_and_controls() {
        assert_eq!(
            html(HOSTILE),
            "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(html("a'b&c"), "a&#39;b&amp;c");
        assert_eq!(html("nul\u{0}bell\u{7}"), "nul\u{FFFD}bell\u{FFFD}");
        assert!(matches!(html("plain text"), Cow::Borrowed(_)));
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url(" JavaScript:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,<b>x</b>"), None);
        assert_eq!(safe_url("/relative/path"), None);
        assert_eq!(
            safe_url("https://example.org/a b\"<x>(y)").as_deref(),
            Some("https://example.org/a%20b%22%3Cx%3E%28y%29")
        );
    }

    #[test]
    fn markdown_escapes_markup_and_flattens_lines() {
        assert_eq!(markdown("a|b"), "a\\|b");
        assert_eq!(markdown("[x](javascript:y)"), "\\[x\\]\\(javascript\\:y\\)");
        assert_eq!(markdown("`code`\nnext"), "\\`code\\` next");
        assert_eq!(markdown("<img src=x>"), "\\<img src\\=x\\>");
        assert_eq!(markdown("**bold** $x$"), "\\*\\*bold\\*\\* \\$x\\$");
    }

    #[test]
    fn xml_drops_illegal_characters_only() {
        assert_eq!(xml_legal("a\u{0}b\u{1B}c\u{FFFE}d\te"), "abcd\te");
        assert!(matches!(xml_legal("<ok & fine>"), Cow::Borrowed(_)));
    }

    #[test]
    fn terminal_neutralises_escape_sequences_and_bidi() {
        assert_eq!(
            terminal("red\u{1B}[31mtext\nnext\u{202E}x"),
            "red\u{FFFD}[31mtext next\u{FFFD}x"
        );
    }

    #[test]
    fn truncate_counts_characters() {
        assert_eq!(truncate("Улаанбаатар", 5), "Улаа…");
        assert_eq!(truncate("short", 5), "short");
    }
}

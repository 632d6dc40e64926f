//! Excerpts: the matched passage of a source, in context, as the source wrote it.
//!
//! The reader judges a match by reading it, so the excerpt is cut from the original text
//! (never the normalized copy), widened by some words on each side, cut at word
//! boundaries, with whitespace collapsed and "…" where the source goes on.

use std::ops::Range;

use crate::text::floor_boundary;

/// Characters of context on each side of a match.
pub const CONTEXT_CHARS: usize = 80;
/// Longest matched part shown whole; longer matches show their start and end.
const MAX_MATCH_CHARS: usize = 600;

/// The passage `range` (original byte offsets) of `text`, with context on each side.
pub fn excerpt(text: &str, range: Range<usize>) -> String {
    let start = floor_boundary(text, range.start.min(text.len()));
    let end = floor_boundary(text, range.end.min(text.len())).max(start);
    let before = context_before(&text[..start]);
    let after = context_after(&text[end..]);
    let matched = shorten(&text[start..end]);
    let mut out = String::new();
    if before < start {
        out.push('…');
    }
    out.push_str(before_str(&text[..start], before));
    out.push_str(&matched);
    out.push_str(&text[end..end + after]);
    if end + after < text.len() {
        out.push('…');
    }
    collapse_whitespace(&out)
}

fn before_str(text: &str, len: usize) -> &str {
    &text[text.len() - len..]
}

/// Length in bytes of the context kept before a match: up to CONTEXT_CHARS characters,
/// starting at a word boundary, not crossing a paragraph break.
fn context_before(text: &str) -> usize {
    let mut bytes = 0;
    for (at, c) in text.char_indices().rev().take(CONTEXT_CHARS) {
        if c == '\n' && text[..at].ends_with('\n') {
            return text.len() - at - 1;
        }
        bytes = text.len() - at;
    }
    if bytes == text.len() {
        return bytes;
    }
    // Start at a word boundary: drop the partial word.
    let kept = &text[text.len() - bytes..];
    match kept.char_indices().find(|(_, c)| c.is_whitespace()) {
        Some((space, c)) => bytes - space - c.len_utf8(),
        None => bytes,
    }
}

/// Length in bytes of the context kept after a match.
fn context_after(text: &str) -> usize {
    let mut end = 0;
    for (taken, (at, c)) in text.char_indices().enumerate() {
        if taken >= CONTEXT_CHARS {
            break;
        }
        if c == '\n' && text[at + 1..].starts_with('\n') {
            return at;
        }
        end = at + c.len_utf8();
    }
    if end == text.len() {
        return end;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(space) => space,
        None => end,
    }
}

fn shorten(matched: &str) -> String {
    let count = matched.chars().count();
    if count <= MAX_MATCH_CHARS {
        return matched.to_string();
    }
    let half = MAX_MATCH_CHARS / 2;
    let head: String = matched.chars().take(half).collect();
    let tail: String = matched.chars().skip(count - half).collect();
    format!("{head} … {tail}")
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_shown_whole() {
        let text = "The minister said the plan works.";
        let at = text.find("the plan").unwrap_or(0);
        assert_eq!(excerpt(text, at..at + 8), text);
    }

    #[test]
    fn long_context_is_cut_at_words_with_ellipses() {
        let filler = "word ".repeat(60);
        let text = format!("{filler}MATCH here{filler}");
        let at = text.find("MATCH").unwrap_or(0);
        let e = excerpt(&text, at..at + 5);
        assert!(e.starts_with("…word"), "{e}");
        assert!(e.ends_with("word…"), "{e}");
        assert!(e.contains("MATCH here"));
        assert!(e.chars().count() < 2 * CONTEXT_CHARS + 20);
    }

    #[test]
    fn context_stops_at_paragraph_breaks() {
        let text = "Other story.\n\nThe quote is here.\n\nNext story.";
        let at = text.find("quote").unwrap_or(0);
        assert_eq!(excerpt(text, at..at + 5), "…The quote is here.…");
    }

    #[test]
    fn offsets_inside_characters_and_past_the_end_do_not_panic() {
        let text = "Хүрэлсүх хэлэв";
        let e = excerpt(text, 1..3);
        assert!(!e.is_empty());
        assert_eq!(excerpt(text, 100..200), text);
        assert_eq!(excerpt("", 0..0), "");
    }

    #[test]
    fn very_long_matches_are_shortened() {
        let text = "x".repeat(2000);
        let e = excerpt(&text, 0..2000);
        assert!(e.contains(" … "));
        assert!(e.chars().count() <= MAX_MATCH_CHARS + 5);
    }
}

//! Plain-text articles: paragraphs are separated by blank lines.
//!
//! A plain-text file has no markup, so its paragraphs are verbatim slices of the source and
//! every position maps exactly. Line breaks inside a paragraph are just spaces (hard-wrapped
//! text). A file with no blank line at all is taken as one paragraph per line, the other
//! common way of writing text files; then "back to the start of the paragraph" still means
//! something for a citation's context. Front matter, if any, is read for the date and skipped.

use super::prose::{Paragraph, Prose};
use super::published::{dateline, front_matter};

/// Reads a plain-text document.
pub(crate) fn read(text: &str) -> Prose {
    let front = front_matter(text);
    let body_start = front.as_ref().map_or(0, |f| f.end);
    let body = &text[body_start..];
    let published = front
        .and_then(|f| f.published)
        .or_else(|| dateline(body.lines()));

    let lines = line_spans(body, body_start);
    let has_blank = lines.iter().any(|&(s, e)| text[s..e].trim().is_empty());
    let mut paragraphs = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for &(start, end) in &lines {
        let blank = text[start..end].trim().is_empty();
        if blank || !has_blank {
            if let Some((s, e)) = current.take() {
                paragraphs.push(paragraph(text, s, e));
            }
        }
        if !blank {
            current = Some(current.map_or((start, end), |(s, _)| (s, end)));
        }
    }
    if let Some((s, e)) = current {
        paragraphs.push(paragraph(text, s, e));
    }
    Prose {
        paragraphs,
        published,
    }
}

/// The (start, end) of each line of `body` in the whole text, line breaks excluded.
fn line_spans(body: &str, base: usize) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', body.as_bytes()) {
        spans.push((base + start, base + nl));
        start = nl + 1;
    }
    if start < body.len() {
        spans.push((base + start, base + body.len()));
    }
    spans
}

fn paragraph(text: &str, start: usize, end: usize) -> Paragraph {
    let mut p = Paragraph::default();
    p.push_exact(&text[start..end], start);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        read(text).paragraphs.into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        assert_eq!(
            texts("One line\nwrapped.\n\n  \nTwo.\n"),
            vec!["One line\nwrapped.", "Two."]
        );
    }

    #[test]
    fn without_blank_lines_each_line_is_a_paragraph() {
        assert_eq!(
            texts("First.\nSecond.\r\nThird."),
            vec!["First.", "Second.\r", "Third."]
        );
    }

    #[test]
    fn front_matter_gives_the_date_and_is_not_prose() {
        let text = "---\ndate: 2021-06-01\n---\nBody (X, May 3).\n";
        let prose = read(text);
        assert_eq!(prose.published, chrono::NaiveDate::from_ymd_opt(2021, 6, 1));
        assert_eq!(prose.paragraphs.len(), 1);
        assert_eq!(prose.paragraphs[0].text, "Body (X, May 3).");
        assert_eq!(
            prose.paragraphs[0].source_offset(0),
            text.find("Body").expect("body")
        );
    }

    #[test]
    fn empty_text() {
        assert!(read("").paragraphs.is_empty());
        assert!(read("\n\n\n").paragraphs.is_empty());
    }
}

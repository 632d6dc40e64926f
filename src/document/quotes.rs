//! Quoted spans of a paragraph: what the article claims a source said word for word.
//!
//! Curly “…” and straight "…" marks (and «…») delimit quotes. Writers sometimes open a quote
//! and never close it; DESIGN.md says such a quote runs to the citation that follows it, so
//! a citation group ends any open quote. Closed quotes also tell the sentence splitter not to
//! break inside them ("“We will act. They must go,” he said" is one sentence). Single quotes
//! are left alone: ’ is far more often an apostrophe than a closing mark.

use std::ops::Range;

/// A quote's inner text span (marks excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuoteSpan {
    /// The quoted words, without the marks.
    pub(crate) range: Range<usize>,
    /// False for a quote cut short by a citation (its opening mark was never closed).
    pub(crate) closed: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Curly,
    Straight,
    Guillemet,
}

/// The quotes of a paragraph, in order. `groups` are the citation groups (sorted): an open
/// quote ends at the next group; text inside a group is never a quote. A quote still open at
/// the end of the paragraph is dropped: it ends at no citation.
pub(crate) fn find_quotes(text: &str, groups: &[Range<usize>]) -> Vec<QuoteSpan> {
    let mut quotes = Vec::new();
    let mut open: Option<(Mark, usize)> = None;
    let mut group = groups.iter().peekable();
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        while group.peek().is_some_and(|g| g.end <= i) {
            group.next();
        }
        if let Some(g) = group.peek().filter(|g| g.start <= i) {
            if let Some((_, start)) = open.take() {
                let end = start.max(trim_end(text, g.start));
                quotes.push(QuoteSpan {
                    range: start..end,
                    closed: false,
                });
            }
            // Skip the rest of the group.
            let end = g.end;
            for (j, _) in chars.by_ref() {
                if j + 1 >= end {
                    break;
                }
            }
            previous = Some(')');
            continue;
        }
        let after = i + c.len_utf8();
        match (c, open) {
            ('“', None) => open = Some((Mark::Curly, after)),
            ('“', Some((Mark::Curly, start))) => {
                // A second opening mark: the first quote was never closed.
                quotes.push(QuoteSpan {
                    range: start..trim_end(text, i).max(start),
                    closed: false,
                });
                open = Some((Mark::Curly, after));
            }
            ('”', Some((Mark::Curly, start))) | ('»', Some((Mark::Guillemet, start))) => {
                quotes.push(QuoteSpan {
                    range: start..i,
                    closed: true,
                });
                open = None;
            }
            ('«', None) => open = Some((Mark::Guillemet, after)),
            ('"', Some((Mark::Straight, start))) => {
                quotes.push(QuoteSpan {
                    range: start..i,
                    closed: true,
                });
                open = None;
            }
            // A straight mark opens only where a quote can start: not after a letter or digit
            // (12" is inches, not a quote).
            ('"', None) if !previous.is_some_and(char::is_alphanumeric) => {
                open = Some((Mark::Straight, after));
            }
            _ => {}
        }
        previous = Some(c);
    }
    quotes
}

/// `end` moved back over whitespace.
fn trim_end(text: &str, end: usize) -> usize {
    text.get(..end).map(|t| t.trim_end().len()).unwrap_or(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, groups: &[Range<usize>]) -> Vec<(String, bool)> {
        find_quotes(text, groups)
            .into_iter()
            .map(|q| (text[q.range].to_string(), q.closed))
            .collect()
    }

    #[test]
    fn curly_and_straight_quotes() {
        assert_eq!(
            texts("She called it “a turning point” and \"overdue\".", &[]),
            vec![
                ("a turning point".to_string(), true),
                ("overdue".to_string(), true)
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_citation() {
        let text = "He promised to “finish the road by spring (Tal News, May 3). Then “more";
        let start = text.find('(').expect("group");
        let end = text.find(')').expect("group") + 1;
        assert_eq!(
            texts(text, std::slice::from_ref(&(start..end))),
            vec![("finish the road by spring".to_string(), false)]
        );
    }

    #[test]
    fn inches_are_not_quotes() {
        assert_eq!(texts("A 12\" pipe and a 3\" valve.", &[]), vec![]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert_eq!(texts("The city’s plan isn’t final.", &[]), vec![]);
    }

    #[test]
    fn a_second_opening_mark_ends_the_first_quote() {
        assert_eq!(
            texts("“one two “three four” five", &[]),
            vec![
                ("one two".to_string(), false),
                ("three four".to_string(), true)
            ]
        );
    }
}

//! Where a quote or fact sits inside the excerpt that was matched, so reports can
//! highlight it in its context.
//!
//! The matcher reports an excerpt (the matching passage with some context) but not the
//! offsets of the match inside it, and the excerpt may differ from the claim in case,
//! typography and spacing, or by a word for fuzzy matches. This module finds the span again
//! at report time: exactly, then after the same kind of normalization the matcher uses
//! (case, quotation marks, dashes, whitespace), then — for fuzzy matches — as the window
//! of the excerpt that shares the most words with the quote. Spans are byte ranges on
//! character boundaries of the excerpt, ready for slicing.

use std::ops::Range;

/// Excerpts longer than this are not searched word by word (the fuzzy step is quadratic).
const FUZZY_LIMIT: usize = 20_000;

/// The byte range of `needle` inside `haystack`, if it can be found.
///
/// A fuzzy span is returned only when at least half the needle's words fall inside it.
pub fn find(haystack: &str, needle: &str) -> Option<Range<usize>> {
    let needle = needle.trim();
    if needle.is_empty() || haystack.is_empty() {
        return None;
    }
    if let Some(start) = haystack.find(needle) {
        return Some(start..start + needle.len());
    }
    normalized(haystack, needle).or_else(|| fuzzy(haystack, needle))
}

/// One character of normalized text and the byte range of the original it came from.
struct Folded {
    chars: Vec<char>,
    spans: Vec<Range<usize>>,
}

/// Folds case, quotation marks, dashes and runs of whitespace, remembering where each
/// folded character came from.
fn fold(text: &str) -> Folded {
    let mut chars = Vec::with_capacity(text.len());
    let mut spans: Vec<Range<usize>> = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        if c.is_whitespace() {
            if chars.last() == Some(&' ') {
                if let Some(last) = spans.last_mut() {
                    last.end = end;
                }
            } else if !chars.is_empty() {
                chars.push(' ');
                spans.push(at..end);
            }
            continue;
        }
        let mapped = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{00A0}' => ' ',
            _ => c,
        };
        for lower in mapped.to_lowercase() {
            chars.push(lower);
            spans.push(at..end);
        }
    }
    if chars.last() == Some(&' ') {
        chars.pop();
        spans.pop();
    }
    Folded { chars, spans }
}

fn normalized(haystack: &str, needle: &str) -> Option<Range<usize>> {
    let hay = fold(haystack);
    let pin = fold(needle);
    if pin.chars.is_empty() || pin.chars.len() > hay.chars.len() {
        return None;
    }
    let at = hay
        .chars
        .windows(pin.chars.len())
        .position(|w| w == pin.chars.as_slice())?;
    let first = hay.spans.get(at)?;
    let last = hay.spans.get(at + pin.chars.len() - 1)?;
    Some(first.start..last.end)
}

/// Lower-cased words of a text with their byte ranges.
fn words(text: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            out.push((text[s..at].to_lowercase(), s..at));
        }
    }
    if let Some(s) = start {
        out.push((text[s..].to_lowercase(), s..text.len()));
    }
    out
}

fn fuzzy(haystack: &str, needle: &str) -> Option<Range<usize>> {
    if haystack.len() > FUZZY_LIMIT {
        return None;
    }
    let hay = words(haystack);
    let pin: Vec<String> = words(needle).into_iter().map(|(w, _)| w).collect();
    if pin.is_empty() || hay.is_empty() {
        return None;
    }
    let window = pin.len().min(hay.len());
    let mut best: Option<(usize, Range<usize>)> = None;
    for start in 0..=hay.len() - window {
        let slice = &hay[start..start + window];
        let mut hits = slice
            .iter()
            .enumerate()
            .filter(|(_, (w, _))| pin.contains(w));
        let Some((first, _)) = hits.next() else {
            continue;
        };
        let (count, last) = hits.fold((1, first), |(n, _), (i, _)| (n + 1, i));
        if best.as_ref().is_none_or(|(n, _)| count > *n) {
            best = Some((count, slice[first].1.start..slice[last].1.end));
        }
    }
    let (count, span) = best?;
    (count * 2 >= pin.len()).then_some(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(haystack: &str, needle: &str) -> Option<String> {
        find(haystack, needle).map(|r| haystack[r].to_string())
    }

    #[test]
    fn exact_match_is_found_as_is() {
        assert_eq!(
            marked("He said the deal is done today.", "the deal is done").as_deref(),
            Some("the deal is done")
        );
    }

    #[test]
    fn normalized_match_maps_back_to_the_original_text() {
        let excerpt = "Officials said  “The Deal’s\nDONE” — on Monday.";
        assert_eq!(
            marked(excerpt, "the deal's done").as_deref(),
            Some("The Deal’s\nDONE")
        );
        assert_eq!(
            marked("Улаанбаатар хотод ОЛОН хүн", "олон хүн").as_deref(),
            Some("ОЛОН хүн")
        );
    }

    #[test]
    fn fuzzy_match_spans_the_shared_words() {
        let excerpt = "The minister said the railway will open in 2025, officials added.";
        assert_eq!(
            marked(excerpt, "the railway would open in 2025").as_deref(),
            Some("the railway will open in 2025")
        );
        assert_eq!(marked(excerpt, "completely unrelated words here"), None);
    }

    #[test]
    fn empty_inputs_find_nothing() {
        assert_eq!(find("", "x"), None);
        assert_eq!(find("x", "  "), None);
    }
}

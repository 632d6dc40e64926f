//! Finding a quote in a source: exact, then normalized, then fuzzy; body before boilerplate.
//!
//! The stages go from the strongest claim to the weakest. *Exact*: the quote appears byte
//! for byte (at word boundaries). *Normalized*: it appears once both sides are normalized
//! (see [`super::normalize`]), its pieces in order when it has ellipses or brackets.
//! *Fuzzy*: the best token alignment around the candidate windows of the page index, scored
//! in 0..1, with the differing words named in the reason. A quote verifies a citation only
//! in the article body; one found only in the boilerplate (a "related stories" box) is
//! reported there and does not count. A quote in another script than the source is a
//! translation and is not searched word for word at all.

use std::ops::Range;

use memchr::memmem;

use super::align::{align, Alignment, Side};
use super::excerpt::excerpt;
use super::pattern::{pattern, Gap, Pattern, Piece};
use super::script::{self, SourceScript};
use super::source::SourceText;
use super::tokens::{is_cjk, is_word_char};
use crate::model::{Location, Quote, QuoteMatch};
use crate::thresholds::THRESHOLDS;

/// A bracket stands for at most this many source tokens.
const BRACKET_GAP_TOKENS: usize = 12;
/// Occurrences tried when placing the pieces of a quote in order.
const PLACEMENT_BUDGET: usize = 512;
/// Fewer words than this are never matched fuzzily: one changed word in three is a
/// different statement.
const MIN_FUZZY_WORDS: usize = 4;
/// Pieces longer than this (in tokens) are not aligned fuzzily: the alignment costs
/// quote × window, and a quote this long that is not found verbatim is not a quote.
const MAX_FUZZY_TOKENS: usize = 400;
/// Differences named in a reason.
const MAX_DIFFS_SHOWN: usize = 3;

/// Where and how well a quote matched one text.
#[derive(Debug, Clone)]
struct Hit {
    kind: QuoteMatch,
    score: f64,
    /// Original byte range of the whole match.
    original: Range<usize>,
    /// Readable differences (fuzzy matches).
    diffs: Vec<String>,
    /// What each bracket stands for in the source.
    brackets: Vec<(String, String)>,
}

impl Hit {
    fn verifies(&self) -> bool {
        match self.kind {
            QuoteMatch::Exact | QuoteMatch::Normalized => true,
            QuoteMatch::Fuzzy => self.score >= THRESHOLDS.quote_verifies,
            QuoteMatch::None | QuoteMatch::Unchecked => false,
        }
    }
}

/// Checks one quote against a page's body and boilerplate. `source_script` says what the
/// source is written in, to recognise translations.
pub fn check_quote(
    quote: &str,
    body: &SourceText<'_>,
    boilerplate: &SourceText<'_>,
    source_script: &SourceScript,
) -> Quote {
    let pattern = pattern(quote);
    if pattern.words() == 0 {
        return Quote::unchecked(quote, "not checked: it has no words");
    }
    let quote_script = script::dominant(&pattern.whole, 2_000);
    let translation = quote_script.is_some_and(|q| source_script.translates(q));
    let fuzzy = !translation && pattern.words() >= MIN_FUZZY_WORDS;
    let in_body = find(&pattern, body, fuzzy);
    if let Some(hit) = in_body.as_ref().filter(|h| h.verifies()) {
        return report(quote, &pattern, hit, Location::Body, body.original);
    }
    let in_boilerplate = if boilerplate.original.trim().is_empty() {
        None
    } else {
        find(&pattern, boilerplate, fuzzy)
    };
    if let Some(hit) = in_boilerplate.as_ref().filter(|h| h.verifies()) {
        return report(
            quote,
            &pattern,
            hit,
            Location::Boilerplate,
            boilerplate.original,
        );
    }
    if let (true, Some(q), Some(s)) = (translation, quote_script, source_script.main) {
        return Quote::unchecked(
            quote,
            &format!(
                "not compared word for word: it is in {} script and the source in {} (a \
                 translation), so the claim is checked through its numbers and names",
                q.name(),
                s.name()
            ),
        );
    }
    match in_body {
        Some(hit) if hit.score >= THRESHOLDS.quote_fuzzy_floor => {
            report(quote, &pattern, &hit, Location::Body, body.original)
        }
        closest => {
            let reason = match &closest {
                // Rounded as the `score` field is, so the two never disagree.
                Some(hit) if round2(hit.score) > 0.0 => format!(
                    "not found in the source (closest passage scored {:.2})",
                    round2(hit.score)
                ),
                _ => "not found in the source".to_string(),
            };
            Quote {
                text: quote.to_string(),
                match_kind: QuoteMatch::None,
                score: closest.as_ref().map_or(0.0, |h| round2(h.score)),
                location: Location::None,
                excerpt: closest
                    .filter(|h| h.score >= 0.5)
                    .map(|h| excerpt(body.original, h.original)),
                reason,
            }
        }
    }
}

fn report(quote: &str, pattern: &Pattern, hit: &Hit, location: Location, text: &str) -> Quote {
    // Worded to follow "quote" in a verdict's reasons, and to stand alone in a report.
    let near = || {
        let mut r = format!("(score {:.2})", round2(hit.score));
        if !hit.diffs.is_empty() {
            r.push_str(": ");
            r.push_str(&hit.diffs.join("; "));
        }
        r
    };
    let normalized = || match pattern.pieces.len() {
        1 => "after normalizing quotes, case and spacing".to_string(),
        n => format!("in {n} pieces, in order, after normalizing quotes, case and spacing"),
    };
    let mut reason = match (location, hit.kind) {
        (Location::Body, QuoteMatch::Exact) => "found verbatim in the article body".to_string(),
        (Location::Body, QuoteMatch::Normalized) => {
            format!("found in the article body {}", normalized())
        }
        (Location::Body, _) => format!("close to a passage of the article body {}", near()),
        (_, kind) => {
            let how = match kind {
                QuoteMatch::Exact => String::new(),
                QuoteMatch::Normalized => format!(", {}", normalized()),
                _ => format!(", as a near match {}", near()),
            };
            format!(
                "found only in the page's boilerplate (navigation, related links), not in the \
                 article{how}"
            )
        }
    };
    for (bracket, stands_for) in &hit.brackets {
        if stands_for.is_empty() {
            reason.push_str(&format!("; {bracket} is an insertion"));
        } else {
            reason.push_str(&format!("; {bracket} stands for '{stands_for}'"));
        }
    }
    Quote {
        text: quote.to_string(),
        match_kind: hit.kind,
        score: round2(hit.score),
        location,
        excerpt: Some(excerpt(text, hit.original.clone())),
        reason,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The best match of a pattern in one text, strongest stage first.
fn find(pattern: &Pattern, source: &SourceText<'_>, fuzzy: bool) -> Option<Hit> {
    if source.original.is_empty() {
        return None;
    }
    if pattern.is_plain() {
        // Byte for byte, with or without the quoting writer's marks at its ends.
        let exact = find_exact(&pattern.whole, source.original)
            .or_else(|| find_exact(&pattern.pieces[0].text, source.original));
        if let Some(range) = exact {
            return Some(Hit {
                kind: QuoteMatch::Exact,
                score: 1.0,
                original: range,
                diffs: Vec::new(),
                brackets: Vec::new(),
            });
        }
    }
    let mut placed = Vec::new();
    let mut budget = PLACEMENT_BUDGET;
    if place(&pattern.pieces, 0, source, 0, &mut budget, &mut placed) {
        let normalized = source.normalized();
        let first = placed.first()?.start;
        let last = placed.last()?.end;
        return Some(Hit {
            kind: QuoteMatch::Normalized,
            score: 1.0,
            original: normalized.original_range(first..last),
            diffs: Vec::new(),
            brackets: bracket_fillers(pattern, &placed, source),
        });
    }
    if fuzzy {
        return find_fuzzy(pattern, source);
    }
    None
}

/// The quote byte for byte, at word boundaries.
fn find_exact(quote: &str, text: &str) -> Option<Range<usize>> {
    if quote.is_empty() {
        return None;
    }
    memmem::find_iter(text.as_bytes(), quote.as_bytes())
        .map(|at| at..at + quote.len())
        .find(|r| at_word_boundaries(text, r.clone()))
}

/// Places pieces `i..` in order, each after the previous one (and within a bracket's reach
/// of it), trying earlier occurrences first. `budget` bounds the occurrences tried.
fn place(
    pieces: &[Piece],
    i: usize,
    source: &SourceText<'_>,
    from: usize,
    budget: &mut usize,
    placed: &mut Vec<Range<usize>>,
) -> bool {
    let Some(piece) = pieces.get(i) else {
        return true;
    };
    let text = &source.normalized().text;
    let needle = piece.normalized.text.as_bytes();
    if needle.is_empty() || from > text.len() {
        return false;
    }
    let limit = match (&piece.gap_before, placed.last()) {
        (Some(Gap::Bracket(_)), Some(previous)) => {
            Some(source.token_at(previous.end) + BRACKET_GAP_TOKENS)
        }
        _ => None,
    };
    for at in memmem::find_iter(&text.as_bytes()[from..], needle) {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let start = from + at;
        if limit.is_some_and(|l| source.token_at(start) > l) {
            return false;
        }
        let range = start..start + needle.len();
        if !at_word_boundaries(text, range.clone()) {
            continue;
        }
        placed.push(range.clone());
        if place(pieces, i + 1, source, range.end, budget, placed) {
            return true;
        }
        placed.pop();
    }
    false
}

/// Fuzzy: each piece aligned in turn after the previous one; the score is the mean of
/// the pieces' scores weighted by their words.
fn find_fuzzy(pattern: &Pattern, source: &SourceText<'_>) -> Option<Hit> {
    let normalized = source.normalized();
    let tokens = source.tokens();
    let mut next_token = 0usize;
    let mut total = 0.0;
    let mut weight = 0.0;
    let mut span: Option<Range<usize>> = None;
    let mut diffs = Vec::new();
    for piece in &pattern.pieces {
        let words = piece.words() as f64;
        weight += words;
        let allowed = match piece.gap_before {
            Some(Gap::Bracket(_)) => next_token..next_token + BRACKET_GAP_TOKENS + 1,
            Some(Gap::Ellipsis) => next_token..usize::MAX,
            None => 0..usize::MAX,
        };
        let quote_side = Side {
            tokens: &piece.tokens,
            text: &piece.normalized.text,
        };
        let page_side = Side {
            tokens,
            text: &normalized.text,
        };
        if piece.tokens.len() > MAX_FUZZY_TOKENS {
            continue;
        }
        let best = source
            .candidates(&piece.tokens, allowed)
            .into_iter()
            .filter_map(|window| align(quote_side, page_side, window))
            .fold(None::<Alignment>, |best, a| match best {
                Some(b) if b.score >= a.score => Some(b),
                _ => Some(a),
            });
        let Some(best) = best else {
            continue;
        };
        total += best.score * words;
        if best.page.is_empty() {
            continue;
        }
        let start = tokens[best.page.start].start as usize;
        let end = tokens[best.page.end - 1].end as usize;
        span = Some(match span {
            Some(s) => s.start.min(start)..s.end.max(end),
            None => start..end,
        });
        next_token = best.page.end;
        for diff in &best.diffs {
            diffs.push(describe(piece, diff, source));
        }
    }
    let span = span?;
    let score = if weight > 0.0 { total / weight } else { 0.0 };
    let shown = diffs.len().min(MAX_DIFFS_SHOWN);
    let mut named: Vec<String> = diffs[..shown].to_vec();
    if diffs.len() > shown {
        named.push(match diffs.len() - shown {
            1 => "and 1 more difference".to_string(),
            more => format!("and {more} more differences"),
        });
    }
    Some(Hit {
        kind: QuoteMatch::Fuzzy,
        score,
        original: normalized.original_range(span),
        diffs: named,
        brackets: Vec::new(),
    })
}

/// "'levies' where the quote has 'taxes'", with both sides as written.
fn describe(piece: &Piece, diff: &super::align::Diff, source: &SourceText<'_>) -> String {
    let quote_text = token_span_text(
        &piece.tokens,
        diff.quote.clone(),
        &piece.normalized,
        &piece.text,
    );
    let page_text = token_span_text(
        source.tokens(),
        diff.page.clone(),
        source.normalized(),
        source.original,
    );
    match (quote_text.is_empty(), page_text.is_empty()) {
        (false, false) => format!("'{page_text}' where the quote has '{quote_text}'"),
        (false, true) => format!("the source lacks '{quote_text}'"),
        (true, false) => format!("the source adds '{page_text}'"),
        (true, true) => String::new(),
    }
}

fn token_span_text(
    tokens: &[super::tokens::Token],
    range: Range<usize>,
    normalized: &super::normalize::Normalized,
    original: &str,
) -> String {
    if range.is_empty() || range.end > tokens.len() {
        return String::new();
    }
    let start = tokens[range.start].start as usize;
    let end = tokens[range.end - 1].end as usize;
    let original_range = normalized.original_range(start..end);
    original
        .get(original_range)
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// For each bracket, the source's words between the pieces around it.
fn bracket_fillers(
    pattern: &Pattern,
    placed: &[Range<usize>],
    source: &SourceText<'_>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, piece) in pattern.pieces.iter().enumerate().skip(1) {
        if let Some(Gap::Bracket(bracket)) = &piece.gap_before {
            let between = placed[i - 1].end..placed[i].start;
            let original = source.normalized().original_range(between);
            let words = source
                .original
                .get(original)
                .unwrap_or("")
                .trim_matches(|c: char| !c.is_alphanumeric())
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            out.push((bracket.clone(), words));
        }
    }
    out
}

/// True when `range` of `text` neither starts nor ends inside a word.
fn at_word_boundaries(text: &str, range: Range<usize>) -> bool {
    let inside = |before: Option<char>, edge: Option<char>| match (before, edge) {
        (Some(a), Some(b)) => is_word_char(a) && is_word_char(b) && !is_cjk(a) && !is_cjk(b),
        _ => false,
    };
    let before = text[..range.start].chars().next_back();
    let first = text[range.start..].chars().next();
    let last = text[..range.end].chars().next_back();
    let after = text[range.end..].chars().next();
    !inside(before, first) && !inside(after, last)
}

#[cfg(test)]
mod tests;

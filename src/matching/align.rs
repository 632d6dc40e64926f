//! Fuzzy alignment of a quote against a window of the source, token by token.
//!
//! A misquote is usually a changed word ("rose" for "grew"), a dropped or added word, or a
//! different punctuation mark. We align the whole quote against any stretch of the window
//! (a semi-global edit distance: the quote must be used entirely, the page may start and
//! end anywhere), with words costing 1 and punctuation 0.25, so "one changed word in ten"
//! scores 0.9 and a changed comma barely counts. The score is `1 − cost / weight of the
//! quote`, in 0..1. The caller bounds the window (a few times the quote's length around
//! a candidate position), so the work is O(quote × window), never O(page²).

use std::ops::Range;

use super::tokens::{Token, TokenKind};

/// A word weighs this much in the alignment.
const WORD_WEIGHT: f32 = 1.0;
/// A punctuation mark weighs this much.
const PUNCT_WEIGHT: f32 = 0.25;
/// Cost of replacing a word with a spelling variant (one letter apart, 4+ letters, no
/// digits): "organisation" for "organization".
const VARIANT_COST: f32 = 0.35;

/// Tokens and the normalized text they index.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// Tokens of the text.
    pub tokens: &'a [Token],
    /// The normalized text.
    pub text: &'a str,
}

/// Where the quote and the page differ: a run of quote tokens replaced by a run of page
/// tokens (either may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// Token indices in the quote.
    pub quote: Range<usize>,
    /// Token indices in the page (absolute, not window-relative).
    pub page: Range<usize>,
}

/// The best alignment of a quote in a window.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// 1 − cost / weight, in 0..1.
    pub score: f64,
    /// The page tokens the quote aligned to (absolute indices).
    pub page: Range<usize>,
    /// The differences, in order.
    pub diffs: Vec<Diff>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Start,
    Diagonal,
    SkipQuote,
    SkipPage,
}

/// Aligns all of `quote` against the best stretch of `page.tokens[window]`. `None` when the
/// quote has no tokens or the window is empty.
pub fn align(quote: Side<'_>, page: Side<'_>, window: Range<usize>) -> Option<Alignment> {
    let window = window.start.min(page.tokens.len())..window.end.min(page.tokens.len());
    let q = quote.tokens;
    let p = &page.tokens[window.clone()];
    let (m, n) = (q.len(), p.len());
    if m == 0 || n == 0 {
        return None;
    }
    let total: f32 = q.iter().map(weight).sum();
    let width = n + 1;
    let mut steps = vec![Step::Start; (m + 1) * width];
    let mut previous = vec![0f32; width];
    let mut current = vec![0f32; width];
    for i in 1..=m {
        let qt = &q[i - 1];
        current[0] = previous[0] + weight(qt);
        steps[i * width] = Step::SkipQuote;
        for j in 1..=n {
            let pt = &p[j - 1];
            let diagonal = previous[j - 1] + substitution(qt, quote.text, pt, page.text);
            let skip_quote = previous[j] + weight(qt);
            let skip_page = current[j - 1] + weight(pt);
            let (cost, step) = if diagonal <= skip_quote && diagonal <= skip_page {
                (diagonal, Step::Diagonal)
            } else if skip_quote <= skip_page {
                (skip_quote, Step::SkipQuote)
            } else {
                (skip_page, Step::SkipPage)
            };
            current[j] = cost;
            steps[i * width + j] = step;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    // `previous` now holds row m. The earliest best end keeps the excerpt tight.
    let (mut end, mut best) = (0, f32::INFINITY);
    for (j, &cost) in previous.iter().enumerate() {
        if cost < best {
            best = cost;
            end = j;
        }
    }
    let mut ops: Vec<(Step, usize, usize)> = Vec::new();
    let (mut i, mut j) = (m, end);
    while i > 0 {
        let step = steps[i * width + j];
        match step {
            Step::Diagonal => {
                ops.push((step, i - 1, j - 1));
                i -= 1;
                j -= 1;
            }
            Step::SkipQuote => {
                ops.push((step, i - 1, j));
                i -= 1;
            }
            Step::SkipPage => {
                ops.push((step, i, j - 1));
                j -= 1;
            }
            Step::Start => break,
        }
    }
    ops.reverse();
    let start = j;
    let diffs = differences(&ops, q, p, window.start);
    let score = if total > 0.0 {
        (1.0 - f64::from(best) / f64::from(total)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    Some(Alignment {
        score,
        page: window.start + start..window.start + end.max(start),
        diffs,
    })
}

/// Groups the non-matching steps of an alignment into runs.
fn differences(ops: &[(Step, usize, usize)], q: &[Token], p: &[Token], offset: usize) -> Vec<Diff> {
    let mut diffs: Vec<Diff> = Vec::new();
    let mut open: Option<Diff> = None;
    for &(step, qi, pj) in ops {
        let same = step == Step::Diagonal && q[qi].id == p[pj].id;
        if same {
            if let Some(diff) = open.take() {
                diffs.push(diff);
            }
            continue;
        }
        let diff = open.get_or_insert(Diff {
            quote: qi..qi,
            page: offset + pj..offset + pj,
        });
        match step {
            Step::Diagonal => {
                diff.quote.end = qi + 1;
                diff.page.end = offset + pj + 1;
            }
            Step::SkipQuote => diff.quote.end = qi + 1,
            Step::SkipPage => diff.page.end = offset + pj + 1,
            Step::Start => {}
        }
    }
    if let Some(diff) = open {
        diffs.push(diff);
    }
    diffs
}

fn weight(token: &Token) -> f32 {
    match token.kind {
        TokenKind::Word => WORD_WEIGHT,
        TokenKind::Punct => PUNCT_WEIGHT,
    }
}

fn substitution(a: &Token, a_text: &str, b: &Token, b_text: &str) -> f32 {
    if a.id == b.id {
        return 0.0;
    }
    match (a.kind, b.kind) {
        (TokenKind::Punct, TokenKind::Punct) => PUNCT_WEIGHT,
        (TokenKind::Word, TokenKind::Word) => {
            if spelling_variant(a.text(a_text), b.text(b_text)) {
                VARIANT_COST
            } else {
                WORD_WEIGHT
            }
        }
        _ => WORD_WEIGHT,
    }
}

/// Two words one letter apart, both of 4+ letters and without digits (a number that
/// differs by one digit is a different number). Runs in the alignment's inner loop, so
/// it rejects by length first and never allocates.
fn spelling_variant(a: &str, b: &str) -> bool {
    if a.len().abs_diff(b.len()) > 4 || a.len().min(b.len()) < 4 {
        return false;
    }
    if a.bytes().chain(b.bytes()).any(|c| c.is_ascii_digit()) {
        return false;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    la.min(lb) >= 4 && la.abs_diff(lb) <= 1 && within_one_edit(a, b)
}

/// True when one substitution, insertion or deletion (or none) turns `a` into `b`.
fn within_one_edit(a: &str, b: &str) -> bool {
    let prefix: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix: usize = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    a.chars().count() <= 1 && b.chars().count() <= 1
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn run(quote: &str, page: &str) -> Alignment {
        let qt = tokenize(quote);
        let pt = tokenize(page);
        align(
            Side {
                tokens: &qt,
                text: quote,
            },
            Side {
                tokens: &pt,
                text: page,
            },
            0..pt.len(),
        )
        .unwrap_or_else(|| panic!("no alignment of {quote:?} in {page:?}"))
    }

    #[test]
    fn identical_text_scores_one_with_no_differences() {
        let a = run("the economy grew fast", "x y the economy grew fast z");
        assert_eq!(a.score, 1.0);
        assert_eq!(a.page, 2..6);
        assert!(a.diffs.is_empty());
    }

    #[test]
    fn one_changed_word_in_ten_scores_point_nine() {
        let a = run(
            "we will not raise taxes on families this year again",
            "he said we will not raise levies on families this year again today",
        );
        assert!((a.score - 0.9).abs() < 1e-6, "score {}", a.score);
        assert_eq!(a.diffs.len(), 1);
        assert_eq!(a.diffs[0].quote, 4..5);
        assert_eq!(a.diffs[0].page, 6..7);
    }

    #[test]
    fn a_changed_comma_costs_little() {
        let a = run("we will win, and then rest", "we will win; and then rest");
        assert!(a.score > 0.95 && a.score < 1.0, "score {}", a.score);
    }

    #[test]
    fn a_dropped_word_is_reported() {
        let a = run("the very big plan", "the big plan");
        assert_eq!(
            a.diffs,
            vec![Diff {
                quote: 1..2,
                page: 1..1
            }]
        );
        assert!((a.score - 0.75).abs() < 1e-6);
    }

    #[test]
    fn spelling_variants_cost_less_than_a_word() {
        let a = run("the organization said", "the organisation said");
        assert!(a.score > 0.85 && a.score < 1.0, "score {}", a.score);
        let b = run("paid 2019 dollars", "paid 2018 dollars");
        assert!(
            (b.score - 2.0 / 3.0).abs() < 1e-6,
            "numbers are not spelling variants"
        );
    }

    #[test]
    fn unrelated_text_scores_low() {
        let a = run(
            "parliament approved the budget",
            "the weather was cold in winter",
        );
        assert!(a.score < 0.5, "score {}", a.score);
    }

    #[test]
    fn empty_inputs_give_none() {
        let t = tokenize("a b");
        let empty: Vec<Token> = Vec::new();
        let side = Side {
            tokens: &t,
            text: "a b",
        };
        let none = Side {
            tokens: &empty,
            text: "",
        };
        assert!(align(none, side, 0..2).is_none());
        assert!(align(side, none, 0..0).is_none());
        assert!(align(side, side, 5..9).is_none());
    }

    #[test]
    fn one_edit_detection() {
        assert!(within_one_edit("color", "colour"));
        assert!(within_one_edit("grey", "gray"));
        assert!(!within_one_edit("grew", "rose"));
        assert!(within_one_edit("abcd", "abcd"));
        assert!(within_one_edit("аааб", "ааб"));
        assert!(!within_one_edit("abab", "baba"));
        assert!(spelling_variant("налоги", "налога"));
        assert!(!spelling_variant("rose", "ros"), "too short");
    }
}

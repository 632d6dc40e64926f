//! A quote as a search pattern: its pieces, and what may stand between them.
//!
//! Journalists shorten quotes with an ellipsis ("we will … win") and clarify them with
//! square brackets ("[the government] will not"). Neither is a misquote, so the quote is
//! cut there into pieces that must appear in order: an ellipsis allows any amount of text
//! between its neighbours, a bracket stands for a few words of the source (or none, for an
//! insertion such as "\[sic\]"). Quotation marks and sentence punctuation at a piece's ends
//! are the quoting writer's, not the speaker's, and are trimmed.

use super::normalize::{normalize, Normalized};
use super::tokens::{tokenize, Token, TokenKind};

/// What separates a piece from the one before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    /// "…", "...", "[…]": any text may have been left out.
    Ellipsis,
    /// "[the government]": an editor's words standing for a few of the source's (or none).
    Bracket(String),
}

/// A contiguous stretch of the quote.
#[derive(Debug, Clone)]
pub struct Piece {
    /// The piece as written in the quote.
    pub text: String,
    /// Its normalized form and offset map (into `text`).
    pub normalized: Normalized,
    /// Tokens of the normalized form.
    pub tokens: Vec<Token>,
    /// What comes before it (`None` for the first piece).
    pub gap_before: Option<Gap>,
}

impl Piece {
    /// Words in the piece (punctuation not counted).
    pub fn words(&self) -> usize {
        self.tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .count()
    }
}

/// A quote cut at its ellipses and brackets.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The quote without surrounding whitespace, as written.
    pub whole: String,
    /// Its pieces, in order; empty pieces are dropped.
    pub pieces: Vec<Piece>,
    /// True when the quote has an ellipsis or a bracket anywhere (even at an end).
    pub marked: bool,
}

impl Pattern {
    /// True when the quote is one piece with no ellipsis or bracket.
    pub fn is_plain(&self) -> bool {
        self.pieces.len() == 1 && !self.marked
    }

    /// Words in all pieces.
    pub fn words(&self) -> usize {
        self.pieces.iter().map(Piece::words).sum()
    }

    /// The bracketed insertions, in order.
    pub fn brackets(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match &p.gap_before {
            Some(Gap::Bracket(text)) => Some(text.as_str()),
            _ => None,
        })
    }
}

/// Characters trimmed from each end of a piece: the quoting writer's marks.
const EDGE: &[char] = &[
    '"', '\'', '“', '”', '‘', '’', '«', '»', '„', ',', '.', ';', ':', '!', '?', '(', ')',
];
/// Longest bracket content recognised as an editor's insertion.
const MAX_BRACKET_CHARS: usize = 80;

/// Cuts a quote into pieces at ellipses and square brackets.
pub fn pattern(quote: &str) -> Pattern {
    let whole = quote.trim().to_string();
    let mut pieces = Vec::new();
    let mut gap: Option<Gap> = None;
    let mut current = String::new();
    let mut rest = whole.as_str();
    let mut marked = false;
    while let Some(c) = rest.chars().next() {
        if let Some((next_gap, used)) = marker(rest) {
            marked = true;
            push_piece(&mut pieces, &mut current, &mut gap);
            // An ellipsis next to a bracket means "anything": the stronger gap wins.
            gap = match (gap.take(), next_gap) {
                (Some(Gap::Ellipsis), _) | (_, Gap::Ellipsis) => Some(Gap::Ellipsis),
                (_, bracket) => Some(bracket),
            };
            rest = &rest[used..];
            continue;
        }
        current.push(c);
        rest = &rest[c.len_utf8()..];
    }
    push_piece(&mut pieces, &mut current, &mut gap);
    Pattern {
        whole,
        pieces,
        marked,
    }
}

/// An ellipsis or bracket at the start of `text`, and its length in bytes.
fn marker(text: &str) -> Option<(Gap, usize)> {
    for ellipsis in ["[...]", "[…]", "(...)", "(…)", "...", ". . .", "…"] {
        if text.starts_with(ellipsis) {
            let mut used = ellipsis.len();
            // "...." (an ellipsis ending a sentence) is one mark.
            used += text[used..].chars().take_while(|&c| c == '.').count();
            return Some((Gap::Ellipsis, used));
        }
    }
    if let Some(inner) = text.strip_prefix('[') {
        let close = inner.find(']')?;
        let content = inner[..close].trim();
        if content.chars().count() > MAX_BRACKET_CHARS || content.contains('[') {
            return None;
        }
        return Some((Gap::Bracket(format!("[{content}]")), close + 2));
    }
    None
}

fn push_piece(pieces: &mut Vec<Piece>, current: &mut String, gap: &mut Option<Gap>) {
    let text = current.trim_matches(|c: char| c.is_whitespace() || EDGE.contains(&c));
    if text.chars().any(|c| c.is_alphanumeric()) {
        let normalized = normalize(text);
        let tokens = tokenize(&normalized.text);
        pieces.push(Piece {
            text: text.to_string(),
            normalized,
            tokens,
            gap_before: if pieces.is_empty() { None } else { gap.take() },
        });
        *gap = None;
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Pattern) -> Vec<&str> {
        p.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn a_plain_quote_is_one_piece() {
        let p = pattern("  We will win.  ");
        assert!(p.is_plain());
        assert_eq!(texts(&p), ["We will win"]);
        assert_eq!(p.whole, "We will win.");
    }

    #[test]
    fn ellipses_of_every_form_split_the_quote() {
        for quote in [
            "we will … win the vote",
            "we will ... win the vote",
            "we will [...] win the vote",
            "we will . . . win the vote",
            "we will.... win the vote",
        ] {
            let p = pattern(quote);
            assert_eq!(texts(&p), ["we will", "win the vote"], "{quote}");
            assert_eq!(p.pieces[1].gap_before, Some(Gap::Ellipsis), "{quote}");
        }
    }

    #[test]
    fn brackets_become_gaps_that_remember_their_words() {
        let p = pattern("[The government] will not raise [sic] taxes");
        assert_eq!(texts(&p), ["will not raise", "taxes"]);
        assert_eq!(
            p.pieces[0].gap_before, None,
            "a leading bracket needs no gap"
        );
        assert_eq!(p.pieces[1].gap_before, Some(Gap::Bracket("[sic]".into())));
        assert_eq!(p.brackets().collect::<Vec<_>>(), ["[sic]"]);
    }

    #[test]
    fn an_unclosed_bracket_is_text() {
        let p = pattern("the [draft law was passed");
        assert_eq!(texts(&p), ["the [draft law was passed"]);
    }

    #[test]
    fn a_quote_of_only_marks_has_no_pieces() {
        assert!(pattern("").pieces.is_empty());
        assert!(pattern(" … [..] \"\" ").pieces.is_empty());
        assert_eq!(pattern("…").words(), 0);
    }

    #[test]
    fn leading_and_trailing_ellipses_leave_one_piece() {
        let p = pattern("… the economy grew …");
        assert_eq!(texts(&p), ["the economy grew"]);
        assert!(!p.is_plain(), "marked quotes are never exact");
    }
}

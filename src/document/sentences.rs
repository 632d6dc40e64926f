//! Sentence boundaries in a paragraph, so a citation's claim is the sentence it closes.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets after it)
//! followed by whitespace and something that can start a sentence — not a lower-case word.
//! A period does not end a sentence after a title ("Dr.", "Gen."), after a month or "No."
//! before a number ("Sept. 27"), after "e.g."/"i.e.", inside a number ("3.5"), or after an
//! initialism ("U.S.", "J.") unless a typical sentence opener follows ("… the U.S. The
//! talks …"). Closed quotes are never split ("“We agree. Go,” she said" is one sentence).
//! A citation group written after the period ("… grew. (Tal News, May 3)") still closes the
//! sentence before it, so the splitter keeps it with that sentence.

use std::ops::Range;

use super::quotes::QuoteSpan;
use crate::lexicon::calendar::english_month_abbreviations;

/// Titles before a name: a period after them never ends a sentence.
const TITLES: [&str; 30] = [
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "adm", "gov", "sen",
    "rep", "rev", "hon", "pres", "amb", "sr", "jr", "messrs", "mt", "ft", "maj", "brig", "cmdr",
    "insp", "supt", "gens",
];

/// Abbreviations that come before a number ("No. 5", "pp. 12"); month abbreviations
/// ("Sept. 27") come from the lexicon.
const BEFORE_NUMBER: [&str; 11] = [
    "no", "nos", "vol", "vols", "p", "pp", "fig", "figs", "art", "ch", "sec",
];

/// Abbreviations that never end a sentence in practice.
const NEVER_FINAL: [&str; 9] = [
    "e.g", "i.e", "cf", "vs", "viz", "approx", "ca", "al", "incl",
];

/// Words that open a sentence, for telling "the U.S. The talks" from "the U.S. Senate".
const OPENERS: [&str; 60] = [
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "in",
    "on",
    "at",
    "but",
    "and",
    "however",
    "he",
    "she",
    "they",
    "we",
    "i",
    "a",
    "an",
    "meanwhile",
    "yet",
    "so",
    "there",
    "as",
    "for",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "despite",
    "according",
    "both",
    "his",
    "her",
    "their",
    "such",
    "many",
    "then",
    "now",
    "later",
    "still",
    "other",
    "some",
    "most",
    "last",
    "next",
    "all",
    "no",
    "what",
    "who",
    "how",
    "why",
    "instead",
    "indeed",
    "moreover",
    "thus",
    "therefore",
];

/// Splits a paragraph into sentence spans (trimmed). `groups` are the citation groups and
/// `quotes` the quote spans of the paragraph, both sorted.
pub(crate) fn split(
    text: &str,
    groups: &[Range<usize>],
    quotes: &[QuoteSpan],
) -> Vec<Range<usize>> {
    let closed: Vec<&Range<usize>> = quotes
        .iter()
        .filter(|q| q.closed)
        .map(|q| &q.range)
        .collect();
    let mut sentences = Vec::new();
    let mut start = skip_space(text, 0);
    let mut i = start;
    let mut gi = 0;
    let mut qi = 0;
    while i < text.len() {
        while gi < groups.len() && groups[gi].end <= i {
            gi += 1;
        }
        if let Some(g) = groups.get(gi).filter(|g| g.start <= i) {
            i = g.end;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if !is_terminal(c) {
            i += c.len_utf8();
            continue;
        }
        let mut end = skip_while(text, i, is_terminal);
        let run = &text[i..end];
        end = skip_while(text, end, is_closer);
        let ideographic = matches!(c, '。' | '！' | '？');
        let followed_by_space = text[end..].chars().next().is_none_or(char::is_whitespace);
        while qi < closed.len() && closed[qi].end <= i {
            qi += 1;
        }
        let inside_quote = closed[qi..]
            .iter()
            .take_while(|q| q.start <= i)
            .any(|q| q.end > end);
        let next = skip_space(text, end);
        if !(ideographic || followed_by_space)
            || inside_quote
            || (next < text.len() && !breaks(text, i, run, next))
        {
            i = end;
            continue;
        }
        // A citation group right after the sentence still belongs to it.
        if let Some(g) = groups.get(gi).filter(|g| g.start == next) {
            end = skip_while(text, g.end, |c| is_terminal(c) || is_closer(c));
        }
        sentences.push(start..end);
        start = skip_space(text, end);
        i = start;
    }
    let tail_end = text.trim_end().len();
    if start < tail_end {
        sentences.push(start..tail_end);
    }
    sentences
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | ')' | ']' | '»')
}

fn skip_while(text: &str, from: usize, keep: impl Fn(char) -> bool) -> usize {
    text[from..]
        .char_indices()
        .find(|&(_, c)| !keep(c))
        .map_or(text.len(), |(k, _)| from + k)
}

fn skip_space(text: &str, from: usize) -> usize {
    skip_while(text, from, char::is_whitespace)
}

/// Does the terminal `run` at `at`, followed by the word at `next`, end a sentence?
fn breaks(text: &str, at: usize, run: &str, next: usize) -> bool {
    let next_word: &str = text[next..]
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let Some(first) = next_word.chars().next() else {
        return true;
    };
    if first.is_lowercase() {
        return false;
    }
    if run != "." {
        return true;
    }
    // The word the period closes, e.g. "Dr", "U.S", "Sept", "27)".
    let word_start = text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '[' | '“' | '"' | '—'))
        .map_or(0, |(k, c)| k + c.len_utf8());
    let word = &text[word_start..at];
    let lower = word.to_lowercase();
    if TITLES.contains(&lower.as_str()) || NEVER_FINAL.contains(&lower.as_str()) {
        return false;
    }
    let before_number = BEFORE_NUMBER.contains(&lower.as_str())
        || english_month_abbreviations().any(|a| a == lower);
    if before_number && first.is_ascii_digit() {
        return false;
    }
    if is_initialism(word) {
        let opener = next_word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        return OPENERS.contains(&opener.as_str());
    }
    true
}

/// "J", "U.S", "U.N": single capitals, possibly joined by periods.
fn is_initialism(word: &str) -> bool {
    !word.is_empty()
        && word
            .split('.')
            .all(|piece| piece.chars().count() == 1 && piece.chars().all(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::quotes::find_quotes;

    fn sentences(text: &str) -> Vec<&str> {
        split(text, &[], &find_quotes(text, &[]))
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn plain_sentences() {
        assert_eq!(
            sentences("The dam is full. Rain fell! Will it hold? Yes."),
            vec!["The dam is full.", "Rain fell!", "Will it hold?", "Yes."]
        );
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sentences(
                "Dr. Bold met Gen. Tsend on Sept. 14 in the U.S. Senate office. It went well."
            ),
            vec![
                "Dr. Bold met Gen. Tsend on Sept. 14 in the U.S. Senate office.",
                "It went well."
            ]
        );
        assert_eq!(
            sentences("Trade with the U.S. The volume grew."),
            vec!["Trade with the U.S.", "The volume grew."]
        );
        assert_eq!(
            sentences("Costs rose, e.g. Fuel and rent. Then fell."),
            vec!["Costs rose, e.g. Fuel and rent.", "Then fell."]
        );
    }

    #[test]
    fn decimals_and_domains_do_not_split() {
        assert_eq!(
            sentences("Growth was 3.5 percent on news.mn today. Next."),
            vec!["Growth was 3.5 percent on news.mn today.", "Next."]
        );
    }

    #[test]
    fn quotes_ending_sentences() {
        assert_eq!(
            sentences("He said “we will stay.” The crowd left. “Why?” she asked."),
            vec![
                "He said “we will stay.”",
                "The crowd left.",
                "“Why?” she asked."
            ]
        );
    }

    #[test]
    fn closed_quotes_are_not_split() {
        assert_eq!(
            sentences("“We agree. Go now,” she said. Done."),
            vec!["“We agree. Go now,” she said.", "Done."]
        );
    }

    #[test]
    fn citation_after_the_period_stays_with_its_sentence() {
        let text = "Prices rose. (Tal News, May 3) Then they fell.";
        let g = text.find('(').expect("group")..text.find(')').expect("group") + 1;
        let found: Vec<&str> = split(text, &[g], &[])
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            found,
            vec!["Prices rose. (Tal News, May 3)", "Then they fell."]
        );
    }

    #[test]
    fn citation_before_the_period() {
        let text = "Prices rose (Tal News, Sept. 3). Then they fell.";
        let g = text.find('(').expect("group")..text.find(')').expect("group") + 1;
        let found: Vec<&str> = split(text, &[g], &[])
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            found,
            vec!["Prices rose (Tal News, Sept. 3).", "Then they fell."]
        );
    }

    #[test]
    fn no_terminal_is_one_sentence() {
        assert_eq!(
            sentences("  a heading without a period  "),
            vec!["a heading without a period"]
        );
        assert!(sentences("   ").is_empty());
    }
}

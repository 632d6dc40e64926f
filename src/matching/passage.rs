//! The passage of a source that best supports a claim without quotes.
//!
//! Most claims quote nobody: "the ministry approved the railway in 2023". Their numbers and
//! names say little on their own (a page about the railway has the year and the place
//! whether or not it says the ministry approved anything), so the claim is also judged by
//! its words: the source supports it when one passage — up to
//! [`passage_sentences`](crate::thresholds::Thresholds::passage_sentences) consecutive
//! sentences — has the claim's content words together. Words are compared as stems with
//! the stop words dropped ([`terms`]); a word that names someone weighs more, and so does a
//! number, which counts when a quantity of the passage supports it (the same comparison as
//! a number fact, [`Quantity::supported_by`]).
//!
//! Two things count against a passage however many words it shares: a figure of the same
//! kind (unit, currency, scale) that differs from the claim's, when the claim's figure is
//! nowhere in the source ("exports rose 40 percent" against "rose 14 percent") — or a
//! year the source never gives where the passage gives another ("joined in 1984" against
//! "formed in 1985") — and a negation on one side only ("the line will not close" against
//! "the line will close").
//!
//! [`best_passage`] is the finder; the verdict reads the [`Passage`] it returns, and
//! `source_value` (a contradicted figure in a report) can take the figure from
//! [`Passage::contradicted`].

pub mod terms;

use std::ops::Range;

use super::numbers::{self, Quantity};
use super::translit::skeleton;
use crate::lexicon::common_words::ClaimLanguage;
use crate::lexicon::units::Unit;
use crate::thresholds::THRESHOLDS;
use terms::{claim_terms, is_negation, is_year, stem, words, Term};

/// The best passage of a source for a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// Byte range of the passage in the source text.
    pub range: Range<usize>,
    /// Share of the claim's weighted content words and numbers the passage has, 0..1.
    pub score: f64,
    /// The claim's content words (as written) and numbers the passage lacks.
    pub missing: Vec<String>,
    /// True when one side negates and the other does not.
    pub negated: bool,
    /// Figures of the claim that the passage states otherwise.
    pub contradicted: Vec<Contradiction>,
}

/// A figure of the claim against the passage's figure of the same kind (or a year against
/// another year).
#[derive(Debug, Clone, PartialEq)]
pub struct Contradiction {
    /// As written in the claim ("40 percent").
    pub claimed: String,
    /// As written in the source ("14 percent").
    pub source: String,
    /// The source figure's normalized value ("14 %").
    pub source_value: String,
    /// Byte range of the source figure in the source text.
    pub source_range: Range<usize>,
}

/// A source text split into sentences, each with its stems, ready for any claim of one
/// language.
#[derive(Debug)]
pub struct SourceSentences {
    language: ClaimLanguage,
    sentences: Vec<Sentence>,
}

#[derive(Debug)]
struct Sentence {
    range: Range<usize>,
    /// Stems of its words, sorted, each once.
    stems: Vec<String>,
    /// Transliteration skeletons of its capitalized words, for names spelled otherwise
    /// ("Zubaidi" for "Zoubaidi").
    names: Vec<String>,
    negated: bool,
    /// Indexes into the source's quantities.
    quantities: Range<usize>,
}

impl SourceSentences {
    /// Splits `text` into sentences (long ones into pieces of a bounded number of words)
    /// and stems their words; `quantities` are the text's numbers, in order.
    pub fn new(text: &str, quantities: &[Quantity], language: ClaimLanguage) -> Self {
        let sentences = sentence_ranges(text)
            .into_iter()
            .map(|range| {
                let mut stems = Vec::new();
                let mut names = Vec::new();
                let mut negated = false;
                for (_, word) in words(&text[range.clone()]) {
                    let lower = word.to_lowercase();
                    negated |= is_negation(&lower);
                    stems.push(stem(&lower, language));
                    if word.chars().next().is_some_and(char::is_uppercase) {
                        names.push(skeleton(word));
                    }
                }
                stems.sort_unstable();
                stems.dedup();
                let first = quantities.partition_point(|q| q.span.start < range.start);
                let last = quantities.partition_point(|q| q.span.start < range.end);
                Sentence {
                    range,
                    stems,
                    names,
                    negated,
                    quantities: first..last,
                }
            })
            .collect();
        SourceSentences {
            language,
            sentences,
        }
    }

    /// The language the stems were made for.
    pub fn language(&self) -> ClaimLanguage {
        self.language
    }
}

/// The end of each sentence of `text`, long sentences cut into pieces.
fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let end = at + c.len_utf8();
        let boundary = match c {
            '\n' | '。' | '！' | '？' => true,
            '.' | '!' | '?' | '…' => chars.peek().is_none_or(|&(_, n)| n.is_whitespace()),
            _ => false,
        };
        if boundary {
            push_pieces(text, start..end, &mut out);
            start = end;
        }
    }
    push_pieces(text, start..text.len(), &mut out);
    out
}

/// Pushes a sentence, cut every `passage_max_words` words, unless it has no words.
fn push_pieces(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let sentence = &text[range.clone()];
    let starts: Vec<usize> = words(sentence).map(|(at, _)| at).collect();
    if starts.is_empty() {
        return;
    }
    let step = THRESHOLDS.passage_max_words.max(1);
    for (i, chunk) in starts.chunks(step).enumerate() {
        let from = chunk[0];
        let to = starts
            .get((i + 1) * step)
            .copied()
            .unwrap_or(sentence.len());
        out.push(range.start + from..range.start + to);
    }
}

/// True when one of `names` (skeletons) is the name `written` spelled otherwise: within
/// the edit tolerance of names ([`THRESHOLDS`]' `name_letters_per_edit`).
fn spelled_otherwise(names: &[String], written: &str) -> bool {
    let target: Vec<char> = skeleton(written).chars().collect();
    let tolerance =
        (target.len() / THRESHOLDS.name_letters_per_edit).min(THRESHOLDS.name_max_edits);
    tolerance > 0
        && names.iter().any(|name| {
            let name: Vec<char> = name.chars().collect();
            name.len().abs_diff(target.len()) <= tolerance
                && edit_distance(&target, &name) <= tolerance
        })
}

/// Levenshtein distance of two short words.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &x) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            current[j + 1] = (previous[j] + usize::from(x != y))
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// What one sentence has of a claim: a bit per term, then a bit per number.
fn coverage(sentence: &Sentence, terms: &[Term], claimed: &[Quantity], source: &[Quantity]) -> u64 {
    let mut mask = 0u64;
    for (i, term) in terms.iter().enumerate() {
        if sentence
            .stems
            .binary_search_by(|s| s.as_str().cmp(&term.stem))
            .is_ok()
            || term.name && spelled_otherwise(&sentence.names, &term.text)
        {
            mask |= 1 << i;
        }
    }
    let here = source.get(sentence.quantities.clone()).unwrap_or(&[]);
    for (k, number) in claimed.iter().enumerate() {
        if here.iter().any(|s| number.supported_by(s)) {
            mask |= 1 << (terms.len() + k);
        }
    }
    mask
}

/// The passage of `text` that best supports `claim` (empty, with a score of 0, when no
/// sentence has any of it), or `None` when the claim has too few content words and
/// numbers to judge by words (then its facts decide alone).
/// `sentences` and `quantities` are the text's, prepared once for all its claims.
pub fn best_passage(
    claim: &str,
    text: &str,
    sentences: &SourceSentences,
    quantities: &[Quantity],
) -> Option<Passage> {
    let language = sentences.language;
    let mut terms = claim_terms(claim, language);
    let mut claimed: Vec<Quantity> = numbers::quantities(claim)
        .into_iter()
        .filter(Quantity::is_fact)
        .collect();
    claimed.truncate(16);
    terms.truncate(64 - claimed.len());
    if terms.len() + claimed.len() < THRESHOLDS.passage_min_terms {
        return None;
    }
    let weights: Vec<f64> = terms
        .iter()
        .map(|t| t.weight)
        .chain(claimed.iter().map(|_| THRESHOLDS.passage_number_weight))
        .collect();
    let total: f64 = weights.iter().sum();
    let weight_of = |mask: u64| -> f64 {
        (0..weights.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| weights[i])
            .sum()
    };
    let masks: Vec<u64> = sentences
        .sentences
        .iter()
        .map(|s| coverage(s, &terms, &claimed, quantities))
        .collect();
    // Best window: most weight, then fewest sentences, then earliest.
    let mut best: Option<(f64, Range<usize>)> = None;
    for (first, &opening) in masks.iter().enumerate() {
        if opening == 0 {
            continue;
        }
        let mut mask = 0;
        let window = masks.iter().skip(first).take(THRESHOLDS.passage_sentences);
        for (length, &next) in window.enumerate() {
            mask |= next;
            let weight = weight_of(mask);
            if best.as_ref().is_none_or(|(w, _)| weight > *w + 1e-9) {
                best = Some((weight, first..first + length + 1));
            }
        }
    }
    // No sentence has any of the claim: an empty passage, all of the claim missing.
    let (weight, window) = best.unwrap_or((0.0, 0..0));
    let window_range = window.clone();
    let mask = masks[window.clone()].iter().fold(0, |a, m| a | m);
    let chosen = &sentences.sentences[window];
    let range = match (chosen.first(), chosen.last()) {
        (Some(first), Some(last)) => first.range.start..last.range.end,
        _ => 0..0,
    };
    let claim_negated = words(claim).any(|(_, w)| is_negation(&w.to_lowercase()));
    // A negation counts where the claim is: in a sentence with two of its words at least.
    let carries_claim = |mask: u64| mask.count_ones() as usize >= THRESHOLDS.passage_negation_words;
    let passage_negated = chosen
        .iter()
        .zip(&masks[window_range.clone()])
        .any(|(s, m)| s.negated && carries_claim(*m));
    let mut missing: Vec<String> = terms
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) == 0)
        .map(|(_, t)| t.text.clone())
        .collect();
    let in_passage: Vec<&Quantity> = chosen
        .iter()
        .flat_map(|s| quantities.get(s.quantities.clone()).unwrap_or(&[]))
        .collect();
    let mut contradicted = Vec::new();
    for (k, number) in claimed.iter().enumerate() {
        if mask & (1 << (terms.len() + k)) != 0 {
            continue;
        }
        let written = claim
            .get(number.span.clone())
            .unwrap_or("")
            .trim()
            .to_string();
        missing.push(written.clone());
        if quantities.iter().any(|s| number.supported_by(s)) {
            continue;
        }
        if let Some(other) = in_passage.iter().find(|s| same_kind(number, s)) {
            contradicted.push(Contradiction {
                claimed: written,
                source: text
                    .get(other.span.clone())
                    .unwrap_or("")
                    .trim()
                    .to_string(),
                source_value: other.normalized(),
                source_range: other.span.clone(),
            });
        }
    }
    // A year of the claim that the source never gives, where the passage gives another:
    // "joined in 1984" against "formed in 1985".
    let everywhere = masks.iter().fold(0u64, |a, m| a | m);
    for (i, term) in terms.iter().enumerate() {
        if !is_year(&term.stem) || everywhere & (1 << i) != 0 {
            continue;
        }
        let other = words(&text[range.clone()]).find(|(_, w)| is_year(w) && *w != term.stem);
        if let Some((at, year)) = other {
            let start = range.start + at;
            contradicted.push(Contradiction {
                claimed: term.text.clone(),
                source: year.to_string(),
                source_value: year.to_string(),
                source_range: start..start + year.len(),
            });
        }
    }
    Some(Passage {
        range,
        score: if total > 0.0 { weight / total } else { 0.0 },
        missing,
        negated: claim_negated != passage_negated,
        contradicted,
    })
}

/// Two figures of the same kind: the same unit, or plain numbers of the same scale word
/// ("18.6 million" and "11 million"). Bare counts are too many on a page to oppose.
fn same_kind(claimed: &Quantity, source: &Quantity) -> bool {
    if source.is_date || claimed.unit != source.unit {
        return false;
    }
    claimed.unit != Unit::None || (claimed.scale > 1.0 && claimed.scale == source.scale)
}

#[cfg(test)]
mod tests;

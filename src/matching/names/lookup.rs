//! A name looked up in a source: the source's words as transliteration skeletons, and the
//! ways a name may stand in them (whole, inflected, by its last word, by its distinctive
//! words near each other, as an acronym). See [`super`] for the rules.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use super::{Name, CONNECTORS, GENERIC};
use crate::lexicon::case_endings;
use crate::lexicon::common_words::{is_ordinary, ClaimLanguage};
use crate::matching::translit::{skeleton, skeleton_into};
use crate::thresholds::THRESHOLDS;

/// A source's words as skeletons, for name look-ups.
#[derive(Debug, Default)]
pub struct SourceNames {
    /// Each word: its byte range in the text and its skeleton's range in `skeletons`.
    words: Vec<(Range<usize>, Range<usize>)>,
    /// All skeletons, one after another.
    skeletons: String,
}

impl SourceNames {
    /// Splits a source text into words and their skeletons.
    pub fn new(text: &str) -> Self {
        let mut words = Vec::new();
        let mut skeletons = String::with_capacity(text.len());
        let mut scratch = String::new();
        let mut start = None;
        for (at, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(at),
                (false, Some(s)) => {
                    let word = &text[s..at];
                    let from = skeletons.len();
                    skeleton_into(word, &mut scratch, &mut skeletons);
                    words.push((s..at, from..skeletons.len()));
                    start = None;
                }
                _ => {}
            }
        }
        SourceNames { words, skeletons }
    }

    fn skeleton(&self, i: usize) -> &str {
        self.words
            .get(i)
            .and_then(|(_, r)| self.skeletons.get(r.clone()))
            .unwrap_or("")
    }

    /// Where the source has the name, if it does (byte range in the source).
    pub fn find(&self, name: &Name, text: &str) -> Option<Range<usize>> {
        if name.acronym {
            return find_acronym(&name.text, text);
        }
        if let Some(found) = self.find_parts(&name.parts) {
            return Some(found);
        }
        if name.optional_first > 0 && name.optional_first < name.parts.len() {
            if let Some(found) = self.find_parts(&name.parts[name.optional_first..]) {
                return Some(found);
            }
        }
        // A multi-word name by its last word, when that word is specific on its own.
        let last_word = name.text.split_whitespace().last()?;
        let words = name.text.split_whitespace().count();
        let generic = GENERIC.contains(&last_word.to_lowercase().as_str());
        let tail: Vec<String> = last_word
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .map(skeleton)
            .collect();
        let letters: usize = tail.iter().map(|t| t.chars().count()).sum();
        if words >= 2 && !generic && letters >= 5 && tail.len() < name.parts.len() {
            if let Some(found) = self.find_parts(&tail) {
                return Some(found);
            }
        }
        self.find_distinctive(name)
    }

    /// A name of several words whose distinctive words (not connectors, generic or
    /// ordinary words) all stand near each other in the source, in any order: "the
    /// Gashuunsukhait–Tavan Tolgoi line" for "Tavan Tolgoi–Gashuunsukhait".
    fn find_distinctive(&self, name: &Name) -> Option<Range<usize>> {
        let distinctive: Vec<String> = name
            .text
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| w.chars().count() >= 4)
            .filter(|w| {
                let lower = w.to_lowercase();
                !CONNECTORS.contains(&lower.as_str())
                    && !GENERIC.contains(&lower.as_str())
                    && !is_ordinary(w, ClaimLanguage::English)
            })
            .map(skeleton)
            .collect();
        if distinctive.len() < 2 {
            return None;
        }
        let hits: Vec<Vec<(usize, usize)>> = distinctive
            .iter()
            .map(|part| {
                (0..self.words.len())
                    .filter_map(|i| self.match_at(i, std::slice::from_ref(part)).map(|e| (i, e)))
                    .take(64)
                    .collect()
            })
            .collect();
        let (first_hits, others) = hits.split_first()?;
        for &(at, end) in first_hits {
            let near = |&&(i, _): &&(usize, usize)| i.abs_diff(at) <= THRESHOLDS.name_near_words;
            let mut from = at;
            let mut to = end;
            let all = others.iter().all(|list| {
                list.iter().find(near).is_some_and(|&(i, e)| {
                    from = from.min(i);
                    to = to.max(e);
                    true
                })
            });
            if all {
                return Some(self.words[from].0.start..self.words[to].0.end);
            }
        }
        None
    }

    fn find_parts(&self, parts: &[String]) -> Option<Range<usize>> {
        (0..self.words.len()).find_map(|i| {
            self.match_at(i, parts)
                .map(|end| self.words[i].0.start..self.words[end].0.end)
        })
    }

    /// The index of the last source word of a match of `parts` starting at word `i`.
    fn match_at(&self, i: usize, parts: &[String]) -> Option<usize> {
        let target: Vec<char> = parts.concat().chars().collect();
        let first = *target.first()?;
        let length = target.len();
        let tolerance = (length / THRESHOLDS.name_letters_per_edit).min(THRESHOLDS.name_max_edits);
        if !self.skeleton(i).starts_with(first) {
            return None;
        }
        let longest_ending = if length >= 5 { MAX_ENDING } else { 0 };
        let mut joined: Vec<char> = Vec::new();
        for m in 0..=parts.len() {
            self.words.get(i + m)?;
            joined.extend(self.skeleton(i + m).chars());
            if joined.len() + tolerance < length {
                continue;
            }
            if joined.len() > length + tolerance + longest_ending {
                return None;
            }
            // Any short tail only after an exact prefix ("Mongolian"); a case ending also
            // after a spelling that differs ("Оюун-Эрдэнийн"). "Эрдэнэбат" is neither.
            let ending_ok = |ending: &[char], edits: usize| {
                ending.is_empty()
                    || length >= 5
                        && ((edits == 0 && ending.len() <= THRESHOLDS.name_free_ending)
                            || is_case_ending(ending))
            };
            if prefix_distance(&target, &joined, tolerance, ending_ok) {
                return Some(i + m);
            }
        }
        None
    }
}

/// The longest ending looked at (two case endings).
const MAX_ENDING: usize = 8;

/// True when `ending` (skeleton letters) is a Mongolian or Russian case ending, or two of
/// them ("-аасаа"), in either script.
fn is_case_ending(ending: &[char]) -> bool {
    static ENDINGS: OnceLock<HashSet<String>> = OnceLock::new();
    let endings = ENDINGS.get_or_init(|| {
        case_endings::MONGOLIAN
            .iter()
            .chain(case_endings::RUSSIAN)
            .map(|e| skeleton(e))
            .filter(|e| !e.is_empty())
            .collect()
    });
    let ending: String = ending.iter().collect();
    endings.contains(&ending)
        || ending
            .char_indices()
            .skip(1)
            .any(|(at, _)| endings.contains(&ending[..at]) && endings.contains(&ending[at..]))
}

/// True when some prefix of `text` is within `tolerance` edits of `target` and
/// `ending_ok` accepts the rest with that many edits.
fn prefix_distance(
    target: &[char],
    text: &[char],
    tolerance: usize,
    ending_ok: impl Fn(&[char], usize) -> bool,
) -> bool {
    let n = text.len();
    let mut previous: Vec<usize> = (0..=n).collect();
    let mut current = vec![0; n + 1];
    for (i, &t) in target.iter().enumerate() {
        current[0] = i + 1;
        for j in 1..=n {
            let substitute = previous[j - 1] + usize::from(t != text[j - 1]);
            current[j] = substitute.min(previous[j] + 1).min(current[j - 1] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    // An ending follows the name, not a letter inserted after it: "Эрдэнэ" + "б" + "ат"
    // is another name, so a prefix longer than the target takes no ending.
    (0..=n).any(|cut| {
        previous[cut] <= tolerance
            && (cut == n || cut <= target.len())
            && ending_ok(&text[cut..], previous[cut])
    })
}

/// An acronym as a whole word, with or without dots ("U.S." finds "US" and "U.S.").
fn find_acronym(acronym: &str, text: &str) -> Option<Range<usize>> {
    let letters: String = acronym.chars().filter(|c| c.is_alphanumeric()).collect();
    let dotted: String = letters.chars().map(|c| format!("{c}.")).collect();
    for form in [letters.as_str(), dotted.as_str()] {
        for (at, _) in text.match_indices(form) {
            let end = at + form.len();
            let before = text[..at].chars().next_back();
            let after = text[end..].chars().next();
            let glued = form == letters && after.is_some_and(|c| c.is_alphanumeric() || c == '.');
            let bounded = !(before.is_some_and(char::is_alphanumeric) || glued);
            let after_dotted = form != letters && !after.is_some_and(char::is_alphanumeric);
            if bounded && (form == letters || after_dotted) {
                return Some(at..end);
            }
        }
    }
    None
}

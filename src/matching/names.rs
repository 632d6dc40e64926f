//! Names of people, places and organisations in a claim, looked up in the source.
//!
//! A name is a run of capitalized words that is not the first word of a sentence (where
//! every word is capitalized), minus a stop list of titles, articles and sentence openers
//! ("President Khurelsukh said" → "Khurelsukh"), or an acronym ("FAIR", "U.S."). It is
//! found in the source when the source has the same words, after normalization, or —
//! across Cyrillic and Latin — the same [`skeleton`] within a small edit tolerance;
//! Mongolian and Russian inflect names ("Хүрэлсүхийн"), so a Cyrillic word may carry a
//! short ending. A two-word name is also found by its last word alone (a surname, "Л.
//! Оюун-Эрдэнэ" for "Luvsannamsrain Oyun-Erdene") when that word is long enough to be
//! specific.

use std::ops::Range;

use super::translit::{is_cyrillic, skeleton, skeleton_into};
use crate::lexicon::calendar::is_english_day_or_month_name;
use crate::lexicon::stop_words::ENGLISH_NAME_STOPS;
use crate::thresholds::THRESHOLDS;

/// A name as found in a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// As written ("Oyun-Erdene", "U.S.").
    pub text: String,
    /// Its words' skeletons, in order.
    pub parts: Vec<String>,
    /// True for an acronym, matched case-sensitively by its letters.
    pub acronym: bool,
    /// Parts of a first word that may be an ordinary word capitalized at a sentence start
    /// (0 when there is no doubt): the name is also looked up without them.
    pub optional_first: usize,
}

impl Name {
    /// The normalized value shown in reports: folded, lower case ("oyun-erdene").
    pub fn value(&self) -> String {
        if self.acronym {
            return self.text.chars().filter(|c| c.is_alphanumeric()).collect();
        }
        super::normalize::fold_diacritics(&super::normalize::normalize_str(&self.text))
    }
}

/// Words too generic to stand for a multi-word name on their own.
static GENERIC: &[&str] = &[
    "states",
    "state",
    "republic",
    "union",
    "kingdom",
    "bank",
    "party",
    "ministry",
    "company",
    "group",
    "city",
    "province",
    "council",
    "committee",
    "office",
    "university",
    "house",
    "court",
    "national",
    "international",
    "association",
    "agency",
    "department",
    "corporation",
    "news",
    "times",
    "post",
];

fn is_stop(word: &str) -> bool {
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches('.');
    ENGLISH_NAME_STOPS.contains(&lower) || is_english_day_or_month_name(lower)
}

/// A word of a claim with its byte range and whether a sentence starts with it.
struct Word<'a> {
    text: &'a str,
    range: Range<usize>,
    sentence_start: bool,
    /// Only whitespace separates it from the previous word.
    joined: bool,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    let mut joined = false;
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c.is_alphanumeric() {
            let mut end = i;
            let mut chars = text[i..].char_indices().peekable();
            while let Some((at, ch)) = chars.next() {
                let inner = matches!(ch, '-' | '\'' | '’' | '.')
                    && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
                if ch.is_alphanumeric() || inner {
                    end = i + at + ch.len_utf8();
                } else if ch == '.' && is_acronym(&text[i..i + at]) {
                    end = i + at + 1;
                    break;
                } else {
                    break;
                }
            }
            // "UAE-backed", "Kremlin-linked": the lower-case tail is not part of the name.
            let kept = text[i..end]
                .match_indices('-')
                .find(|(at, _)| text[i + at + 1..end].starts_with(char::is_lowercase))
                .map_or(end, |(at, _)| i + at);
            out.push(Word {
                text: &text[i..kept],
                range: i..kept,
                sentence_start,
                joined,
            });
            let word = &text[i..end];
            sentence_start = false;
            joined = true;
            i = end;
            if word.ends_with('.') && !is_acronym(word) {
                sentence_start = true;
            }
            continue;
        }
        if matches!(c, '.' | '!' | '?' | ':' | ';' | '\n' | '•') {
            let abbreviation =
                c == '.' && out.last().is_some_and(|w: &Word| is_abbreviation(w.text));
            sentence_start =
                (matches!(c, '.' | '!' | '?' | '\n' | '•') && !abbreviation) || sentence_start;
            joined = abbreviation && joined;
        } else if opens_quotation(text, i, c) {
            // A quotation is a sentence of its own: “Every family…”, «Бид…» — its first
            // word is capitalized for grammar, not because it names anyone.
            sentence_start = true;
            joined = false;
        } else if !c.is_whitespace() {
            joined = false;
        }
        i += c.len_utf8();
    }
    out
}

/// Whether the quotation mark `c` at byte `at` opens a quotation: it stands before a
/// word and not after one (“Word”, «Үг», "Word"; not the closing mark of „Wort“ or
/// "word").
fn opens_quotation(text: &str, at: usize, c: char) -> bool {
    const MARKS: &[char] = &[
        '"', '\'', '“', '”', '‘', '’', '«', '»', '„', '‚', '‹', '›', '「', '『',
    ];
    MARKS.contains(&c)
        && text[at + c.len_utf8()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        && !text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
}

/// "Mr.", "Dr.", "St.", an initial ("L."): a dot after them does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    const SHORT: &[&str] = &[
        "mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov", "jr", "sr", "inc",
        "ltd", "co", "corp", "vs", "no", "mt", "ft", "lt", "col", "capt", "sgt",
    ];
    word.chars().count() == 1 && word.chars().all(char::is_uppercase)
        || SHORT.contains(&word.to_lowercase().as_str())
}

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2
        && letters.len() <= 8
        && letters.iter().all(|c| c.is_uppercase())
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c == '.' || c == '&')
}

/// The names of a text, each once, in order of first appearance.
pub fn names(text: &str) -> Vec<Name> {
    let words = words(text);
    let mut out: Vec<Name> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_capitalized(words[i].text) || is_unit_after_number(&words, i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < words.len()
            && words[j].joined
            && !words[j].sentence_start
            && is_capitalized(words[j].text)
            && !is_acronym(words[j].text)
            && !is_acronym(words[j - 1].text)
            && !is_possessive(words[j - 1].text)
        {
            j += 1;
        }
        // Lower-case words ("of", "for") end a name: "Bank of Mongolia" gives "Bank" and
        // "Mongolia". Joining them was measured on the wiki set: the longer names were
        // rarely written the same way in paraphrased sources.
        let run = &words[i..j];
        i = j;
        // Titles and other stop words inside a run separate names: "Major General Mick
        // Ryan" → "Mick Ryan".
        for segment in run.split(|w| is_stop(w.text) && is_capitalized(w.text)) {
            if let Some(name) = name_of(segment, &run[0], text) {
                if !out.iter().any(|n| n.parts == name.parts) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// "450 MW", "20 USD", "9 PM": a short upper-case word right after a number is its unit,
/// not a name.
fn is_unit_after_number(words: &[Word<'_>], i: usize) -> bool {
    let word = words[i].text;
    i > 0
        && words[i].joined
        && words[i - 1]
            .text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && word.chars().count() <= 3
        && is_acronym(word)
}

/// The name a run of capitalized words makes, if it makes one.
fn name_of(segment: &[Word<'_>], run_start: &Word<'_>, text: &str) -> Option<Name> {
    let first = segment.first()?;
    let last = segment.last()?;
    let acronym = segment.len() == 1 && is_acronym(first.text);
    if segment.len() == 1 && ROMAN.contains(&first.text) {
        return None;
    }
    // At a sentence start every word is capitalized: one word there says nothing, and
    // the first of several may be an ordinary word ("Following Aden …").
    let starts_sentence = run_start.sentence_start && std::ptr::eq(first, run_start);
    if starts_sentence && segment.len() == 1 && !acronym {
        return None;
    }
    let mut written = strip_possessive(&text[first.range.start..last.range.end]);
    if acronym && written.matches('.').count() == 1 {
        written = written.trim_end_matches('.');
    }
    let parts = parts_of(written);
    if parts.is_empty() {
        return None;
    }
    Some(Name {
        text: written.to_string(),
        optional_first: if starts_sentence {
            parts_of(first.text).len()
        } else {
            0
        },
        parts,
        acronym,
    })
}

fn parts_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(skeleton)
        .collect()
}

/// Roman numerals look like acronyms but number kings and wars.
static ROMAN: &[&str] = &[
    "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XX",
];

fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s")
}

/// The skeletons of an outlet's name without its stop words ("The Diplomat" → diplomat):
/// a claim naming its own source ("Ikon reported …") is not a fact to find in the source.
pub fn names_of_outlet(outlet: &str) -> Vec<String> {
    outlet
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !is_stop(w))
        .map(skeleton)
        .collect()
}

fn strip_possessive(text: &str) -> &str {
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(stripped) = text.strip_suffix(suffix) {
            return stripped;
        }
    }
    text
}

/// A source's words as skeletons, for name look-ups.
#[derive(Debug, Default)]
pub struct SourceNames {
    /// Each word: its byte range in the text, its skeleton's range in `skeletons`, and
    /// whether it is Cyrillic (and so may carry a case ending).
    words: Vec<(Range<usize>, Range<usize>, bool)>,
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
                    words.push((s..at, from..skeletons.len(), is_cyrillic(word)));
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
            .and_then(|(_, r, _)| self.skeletons.get(r.clone()))
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
            return self.find_parts(&tail);
        }
        None
    }

    fn find_parts(&self, parts: &[String]) -> Option<Range<usize>> {
        let target: Vec<char> = parts.concat().chars().collect();
        let first = *target.first()?;
        let length = target.len();
        let tolerance = (length / THRESHOLDS.name_letters_per_edit).min(THRESHOLDS.name_max_edits);
        for i in 0..self.words.len() {
            if !self.skeleton(i).starts_with(first) {
                continue;
            }
            let mut joined: Vec<char> = Vec::new();
            for m in 0..=parts.len() {
                let Some((range, _, cyrillic)) = self.words.get(i + m) else {
                    break;
                };
                joined.extend(self.skeleton(i + m).chars());
                let ending = match (*cyrillic, length >= 5) {
                    (true, true) => 4,
                    (false, true) => 2,
                    (_, false) => 0,
                };
                if joined.len() + tolerance < length {
                    continue;
                }
                if joined.len() > length + tolerance + ending {
                    break;
                }
                if prefix_distance(&target, &joined, tolerance, ending) {
                    return Some(self.words[i].0.start..range.end);
                }
            }
        }
        None
    }
}

/// True when some prefix of `text` that leaves at most `ending` letters over is within
/// `tolerance` edits of `target`.
fn prefix_distance(target: &[char], text: &[char], tolerance: usize, ending: usize) -> bool {
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
    (0..=n).any(|cut| n - cut <= ending && previous[cut] <= tolerance)
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

#[cfg(test)]
mod tests;

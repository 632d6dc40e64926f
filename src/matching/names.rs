//! Names of people, places and organisations in a claim, looked up in the source.
//!
//! A name is a run of capitalized words, minus a stop list of titles, articles and
//! sentence openers ("President Khurelsukh said" → "Khurelsukh"), or an acronym ("FAIR",
//! "U.S."). At a sentence's start every word is capitalized, so a word there is a name only
//! when it is not an ordinary word of the claim's language, told by the lexicon's
//! [`common_words`](crate::lexicon::common_words) ("Khurelsukh promised …" has a name,
//! "Immigration grew …" none). A name of several words stays one, also across "of", "de",
//! "von" and a dash ("Power of Siberia", "Tavan Tolgoi–Gashuunsukhait").
//!
//! A name is found in the source when the source has the same words, after normalization,
//! or — across Cyrillic and Latin — the same [`skeleton`] within a small edit tolerance.
//! Mongolian and Russian inflect names ("Хүрэлсүхийн", "Улаанбаатараас", "Шойгу" →
//! "Шойгу", "Путина"), so a source word may carry a case ending of the lexicon's
//! [`case_endings`] (two at most, in either script) or two letters of any other ending
//! ("Mongolian"). A name of several words is also found by its last word alone (a surname,
//! "Л. Оюун-Эрдэнэ" for "Luvsannamsrain Oyun-Erdene") when that word is specific, or by its
//! distinctive words standing near each other in any order. Exonyms ("China", "Хятад",
//! "中国") come from [`exonyms`].

use std::ops::Range;

use std::collections::HashSet;
use std::sync::OnceLock;

use super::exonyms;
use super::translit::{skeleton, skeleton_into};
use crate::lexicon::calendar::is_english_day_or_month_name;
use crate::lexicon::case_endings;
use crate::lexicon::common_words::{is_ordinary, ClaimLanguage};
use crate::lexicon::stop_words::{ENGLISH_NAME_STOPS, RUSSIAN_NAME_STOPS};
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
    ENGLISH_NAME_STOPS.contains(&lower)
        || RUSSIAN_NAME_STOPS.contains(&lower)
        || is_english_day_or_month_name(lower)
}

/// Words that join the parts of one name: "Power of Siberia", "Bank of Mongolia",
/// "Aidarus al-Zoubaidi", "Ursula von der Leyen".
const CONNECTORS: &[&str] = &[
    "of", "de", "del", "da", "du", "la", "le", "al", "bin", "ibn", "van", "von", "der", "den",
];

/// True when a capitalized word at a sentence's start is no name: an ordinary word of the
/// claim's language ("Immigration"), unless it names a country too ("China").
fn is_ordinary_opener(word: &str, language: ClaimLanguage) -> bool {
    is_ordinary(word, language) && exonyms::forms(&word.to_lowercase()).is_empty()
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
                let inner = matches!(ch, '-' | '–' | '\'' | '’' | '.')
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
    let language = ClaimLanguage::of_text(text);
    let words = words(text);
    let mut out: Vec<Name> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_capitalized(words[i].text) || is_unit_after_number(&words, i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < words.len() {
            let continues = |k: usize| {
                words.get(k).is_some_and(|w| {
                    w.joined
                        && !w.sentence_start
                        && is_capitalized(w.text)
                        && !is_acronym(w.text)
                        && !is_acronym(words[k - 1].text)
                        && !is_possessive(words[k - 1].text)
                })
            };
            if continues(j) {
                j += 1;
            } else if CONNECTORS.contains(&words[j].text) && continues(j + 1) {
                // One name across "of", "de", "von": "Power of Siberia" (a name not
                // found whole is still found by its distinctive words, see `find`).
                j += 2;
            } else {
                break;
            }
        }
        let run = &words[i..j];
        i = j;
        // Titles and other stop words inside a run separate names: "Major General Mick
        // Ryan" → "Mick Ryan".
        for segment in run.split(|w| is_stop(w.text) && is_capitalized(w.text)) {
            if let Some(name) = name_of(segment, &run[0], text, language) {
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
fn name_of(
    segment: &[Word<'_>],
    run_start: &Word<'_>,
    text: &str,
    language: ClaimLanguage,
) -> Option<Name> {
    let first = segment.first()?;
    let last = segment.last()?;
    let acronym = segment.len() == 1 && is_acronym(first.text);
    if segment.len() == 1 && ROMAN.contains(&first.text) {
        return None;
    }
    // At a sentence start every word is capitalized: one word there is a name only when
    // it is not an ordinary word of the claim's language ("Khurelsukh promised …", not
    // "Immigration grew …"), and the first of several may be an ordinary word
    // ("Following Aden …"), so the rest is looked up alone too.
    let starts_sentence = run_start.sentence_start && std::ptr::eq(first, run_start);
    let ordinary_first = starts_sentence && is_ordinary_opener(first.text, language);
    if ordinary_first && segment.len() == 1 && !acronym {
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
        optional_first: if ordinary_first {
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

#[cfg(test)]
mod tests;

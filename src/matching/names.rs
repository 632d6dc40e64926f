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
//! [`case_endings`](crate::lexicon::case_endings) (two at most, in either script) or two letters of any other ending
//! ("Mongolian"). A name of several words is also found by its last word alone (a surname,
//! "Л. Оюун-Эрдэнэ" for "Luvsannamsrain Oyun-Erdene") when that word is specific, or by its
//! distinctive words standing near each other in any order. Exonyms ("China", "Хятад",
//! "中国") come from [`exonyms`].

use std::ops::Range;

use super::exonyms;
use super::translit::skeleton;
use crate::lexicon::calendar::is_english_day_or_month_name;
use crate::lexicon::common_words::{is_ordinary, ClaimLanguage};
use crate::lexicon::stop_words::{ENGLISH_NAME_STOPS, RUSSIAN_NAME_STOPS};

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
pub(super) static GENERIC: &[&str] = &[
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
pub(super) const CONNECTORS: &[&str] = &[
    "of", "de", "del", "da", "du", "la", "le", "al", "bin", "ibn", "van", "von", "der", "den",
];

/// True when a capitalized word at a sentence's start is no name: an ordinary word of the
/// claim's language ("Immigration"), unless it names a country too ("China").
fn is_ordinary_opener(word: &str, language: ClaimLanguage) -> bool {
    is_ordinary(word, language) && exonyms::forms(&word.to_lowercase()).is_empty()
}

/// True for a word that the exonym table knows ("Бээжинд", "Китая").
fn is_exonym(word: &str) -> bool {
    !exonyms::forms(&word.to_lowercase()).is_empty()
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
    // Mongolian and Russian put a person and a place side by side ("Оюун-Эрдэнэ Бээжинд"):
    // there a country or city of the exonym table is a name of its own.
    let cyrillic = matches!(language, ClaimLanguage::Russian | ClaimLanguage::Mongolian);
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
                        && !(cyrillic && (is_exonym(w.text) || is_exonym(words[k - 1].text)))
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
            // A connector joins names, it does not end one: "As of December" is no name.
            let connector = |w: &Word<'_>| CONNECTORS.contains(&w.text);
            let start = segment.iter().position(|w| !connector(w));
            let end = segment.iter().rposition(|w| !connector(w));
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            let segment = &segment[start..=end];
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

mod lookup;

pub use lookup::SourceNames;

#[cfg(test)]
mod tests;

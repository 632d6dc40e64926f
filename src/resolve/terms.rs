//! The claim's key terms, and a script-neutral fold so they can be found in a source
//! written in another language or script.
//!
//! Discovery has to rank pages before the matcher has seen them (feed titles, list pages)
//! and needs a signal where the matcher has nothing to say (a claim without numbers or
//! names). Both are plain word overlap: the claim's content words — names, numbers, other
//! key words, never stop words or years — looked up in a page's words. Each word is folded
//! to lower-case ASCII: Cyrillic is transliterated (Mongolian letters included: ө → o,
//! ү → u), then the spelling variants transliterations disagree on are merged (kh/х → h,
//! zh/ж → j, y → i, doubled letters → one), so "Khurelsukh" meets "Хүрэлсүх" and
//! "Oyun-Erdene" meets "Оюун-Эрдэнэ". Inflected forms meet through a shared prefix
//! ("Хүрэлсүхийн" starts with "hurelsuh"). This is overlap for ranking, not the matcher's
//! number or name logic: "$1.5 billion" is just the token `1.5` here.

use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use crate::lexicon::calendar::{english_month_abbreviations, ENGLISH_MONTHS, ENGLISH_WEEKDAYS};
use crate::lexicon::stop_words::ENGLISH_FUNCTION_WORDS;

/// What kind of word a key term is: numbers and names identify a story, other words only
/// describe it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TermKind {
    /// A number ("12", "1.5"). Years count as words: every article of the period has
    /// the current one, so they identify little.
    Number,
    /// A capitalized word that is not a stop word: a person, place or organization.
    Name,
    /// Any other content word.
    Word,
}

/// One key term of a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    /// As written (for search queries).
    pub(crate) text: String,
    /// Folded (for matching).
    pub(crate) key: String,
    /// Number, name or word.
    pub(crate) kind: TermKind,
}

impl Term {
    /// How much finding this term says about a page.
    pub(crate) fn weight(&self) -> f64 {
        match self.kind {
            TermKind::Number => 2.0,
            TermKind::Name => 1.5,
            TermKind::Word => 1.0,
        }
    }
}

/// The writing system most of a text's letters belong to; words of one script cannot be
/// found in another except through names and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    /// Latin letters.
    Latin,
    /// Cyrillic letters (Mongolian, Russian).
    Cyrillic,
    /// Anything else (Chinese, Arabic…), or no letters at all.
    Other,
}

/// The dominant script of a text.
pub(crate) fn script_of(text: &str) -> Script {
    let (mut latin, mut cyrillic, mut other) = (0usize, 0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            latin += 1;
        } else if ('\u{0400}'..='\u{04FF}').contains(&c) {
            cyrillic += 1;
        } else {
            other += 1;
        }
    }
    if latin >= cyrillic && latin >= other && latin > 0 {
        Script::Latin
    } else if cyrillic >= other && cyrillic > 0 {
        Script::Cyrillic
    } else {
        Script::Other
    }
}

/// Words that say nothing about which article it is: function words and newsroom filler,
/// month names with their abbreviations, weekday names.
static STOP_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    ENGLISH_FUNCTION_WORDS
        .split_whitespace()
        .chain(ENGLISH_MONTHS.iter().map(|m| m.name))
        .chain(english_month_abbreviations())
        .chain(ENGLISH_WEEKDAYS)
        .collect()
});

/// Cyrillic letter → Latin, Mongolian letters included (after MNS 5217, simplified).
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' | 'ґ' => "g",
        'д' => "d",
        'е' | 'є' => "e",
        'ё' => "yo",
        'ж' => "j",
        'з' => "z",
        'и' | 'і' | 'ї' | 'й' => "i",
        'к' | 'қ' => "k",
        'л' => "l",
        'м' => "m",
        'н' | 'ң' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ү' | 'ұ' | 'ў' => "u",
        'ф' => "f",
        'х' | 'һ' => "h",
        'ц' => "ts",
        'ч' => "ch",
        'ш' | 'щ' => "sh",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// Folds one word to the script-neutral form used for matching.
pub(crate) fn fold(word: &str) -> String {
    let mut ascii = String::with_capacity(word.len());
    for c in word.nfkd().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            ascii.push(c);
        } else if let Some(latin) = transliterate(c) {
            ascii.push_str(latin);
        } else if c.is_alphanumeric() {
            // Another script: kept as is, so it can still meet itself.
            ascii.push(c);
        }
        // Combining marks (from NFKD) and punctuation are dropped.
    }
    let merged = ascii
        .replace("kh", "h")
        .replace("zh", "j")
        .replace('y', "i");
    let mut out = String::with_capacity(merged.len());
    let mut last = None;
    for c in merged.chars() {
        if Some(c) != last || c.is_ascii_digit() {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// A number token normalized: thousands separators dropped ("1,200" and "1.200" → 1200),
/// a decimal comma made a point ("1,5" → 1.5).
fn number_key(token: &str) -> String {
    let separators: Vec<char> = token.chars().filter(|c| !c.is_ascii_digit()).collect();
    let groups: Vec<&str> = token.split([',', '.']).collect();
    let thousands = !separators.is_empty()
        && separators.iter().all(|&c| c == separators[0])
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    if thousands {
        groups.concat()
    } else {
        token.replace(',', ".")
    }
}

/// A word or number token of a text, with its byte offset.
fn tokens(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(offset, c)) in chars.iter().enumerate() {
        // A '.' or ',' between two digits belongs to the number.
        let inner_separator = matches!(c, '.' | ',')
            && i > 0
            && chars[i - 1].1.is_ascii_digit()
            && chars.get(i + 1).is_some_and(|(_, n)| n.is_ascii_digit());
        let part = c.is_alphanumeric() || inner_separator || c == '\'' && start.is_some();
        match (part, start) {
            (true, None) => start = Some(offset),
            (false, Some(s)) => {
                out.push((s, &text[s..offset]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
        .map(|(s, t)| (s, t.trim_end_matches('\'')))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

fn is_year(token: &str) -> bool {
    token.len() == 4
        && token
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
}

/// The key terms of a claim, in order of first appearance, each once.
pub(crate) fn key_terms(text: &str) -> Vec<Term> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (offset, token) in tokens(text) {
        let starts_with_digit = token.chars().next().is_some_and(|c| c.is_ascii_digit());
        if starts_with_digit
            && token
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            let key = number_key(token);
            if seen.insert(key.clone()) {
                out.push(Term {
                    text: token.to_string(),
                    key,
                    kind: if is_year(token) {
                        TermKind::Word
                    } else {
                        TermKind::Number
                    },
                });
            }
            continue;
        }
        // Hyphenated and apostrophized names are looked up part by part.
        for part in token.split('\'').take(1) {
            let lower = part.to_lowercase();
            if part.chars().count() < 3 || STOP_SET.contains(lower.as_str()) {
                continue;
            }
            let key = fold(part);
            if key.is_empty() || !seen.insert(key.clone()) {
                continue;
            }
            let capitalized = part.chars().next().is_some_and(char::is_uppercase);
            let sentence_start = text[..offset]
                .trim_end_matches([' ', '"', '“', '‘', '(', '\''])
                .chars()
                .last()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':'));
            let kind = if capitalized && !sentence_start {
                TermKind::Name
            } else {
                TermKind::Word
            };
            out.push(Term {
                text: part.to_string(),
                key,
                kind,
            });
        }
    }
    out
}

/// The folded words of a page, for looking terms up.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordIndex {
    words: HashSet<String>,
    script: Option<Script>,
}

impl WordIndex {
    /// Indexes a text's words (folded) and numbers (normalized).
    pub(crate) fn new(text: &str) -> Self {
        let mut words = HashSet::new();
        for (_, token) in tokens(text) {
            if token.chars().next().is_some_and(|c| c.is_ascii_digit())
                && token
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            {
                words.insert(number_key(token));
            } else {
                let key = fold(token);
                if !key.is_empty() {
                    words.insert(key);
                }
            }
        }
        WordIndex {
            words,
            script: Some(script_of(text)),
        }
    }

    /// The page's dominant script.
    pub(crate) fn script(&self) -> Script {
        self.script.unwrap_or(Script::Other)
    }

    /// True when the page has the term: numbers exactly, words exactly or through a shared
    /// prefix (an inflection: "agreement"/"agreements", "hurelsuh"/"hurelsuhin").
    pub(crate) fn has(&self, term: &Term) -> bool {
        if self.words.contains(&term.key) {
            return true;
        }
        if term.kind == TermKind::Number {
            return false;
        }
        let key = term.key.as_str();
        self.words.iter().any(|word| {
            let (short, long) = if word.len() <= key.len() {
                (word.as_str(), key)
            } else {
                (key, word.as_str())
            };
            short.len() >= 4
                && long.starts_with(short)
                && short.len() as f64 >= 0.6 * long.len() as f64
        })
    }
}

/// How much of a claim's terms a page has.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Overlap {
    /// 0..1 by weight; 0 when no term could be counted.
    pub(crate) score: f64,
    /// Numbers and names found.
    pub(crate) distinctive: usize,
    /// Other words found.
    pub(crate) words: usize,
    /// False when no term could be counted (nothing to compare).
    pub(crate) counted: bool,
}

/// How much of `terms` a page has. Words are only counted when `words_count` (the page is
/// in the claim's script): across languages only names and numbers can meet.
pub(crate) fn overlap<'a>(
    terms: impl IntoIterator<Item = &'a Term>,
    index: &WordIndex,
    words_count: bool,
) -> Overlap {
    let mut total = 0.0;
    let mut found = 0.0;
    let mut out = Overlap::default();
    for term in terms {
        if term.kind == TermKind::Word && !words_count {
            continue;
        }
        total += term.weight();
        if index.has(term) {
            found += term.weight();
            if term.kind == TermKind::Word {
                out.words += 1;
            } else {
                out.distinctive += 1;
            }
        }
    }
    if total > 0.0 {
        out.score = found / total;
        out.counted = true;
    }
    out
}

/// A site-search query for a claim: its names and numbers first, then its longest words.
pub(crate) fn search_query(claim: &str, max_terms: usize) -> String {
    let terms = key_terms(claim);
    let mut chosen: Vec<&Term> = terms.iter().filter(|t| t.kind == TermKind::Name).collect();
    chosen.extend(terms.iter().filter(|t| t.kind == TermKind::Number));
    let mut words: Vec<&Term> = terms.iter().filter(|t| t.kind == TermKind::Word).collect();
    words.sort_by_key(|t| std::cmp::Reverse(t.text.chars().count()));
    chosen.extend(words);
    chosen.truncate(max_terms);
    chosen
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mongolian_and_english_spellings_of_a_name_fold_together() {
        assert_eq!(fold("Khurelsukh"), fold("Хүрэлсүх"));
        assert_eq!(fold("Oyun"), fold("Оюун"));
        assert_eq!(fold("Erdene"), fold("Эрдэнэ"));
        assert_eq!(fold("Ulaanbaatar"), fold("Улаанбаатар"));
        assert_eq!(fold("Zhargalsaikhan"), fold("Жаргалсайхан"));
        assert_ne!(fold("Beijing"), fold("Moscow"));
    }

    #[test]
    fn inflected_names_are_found_by_prefix() {
        let index = WordIndex::new("Ерөнхийлөгч У.Хүрэлсүхийн айлчлал");
        let terms = key_terms("President Khurelsukh visited.");
        let name = terms.iter().find(|t| t.text == "Khurelsukh").unwrap();
        assert_eq!(name.kind, TermKind::Name);
        assert!(index.has(name));
        let president = terms.iter().find(|t| t.text == "President").unwrap();
        assert_eq!(president.kind, TermKind::Word, "sentence-initial");
        assert!(!index.has(president));
    }

    #[test]
    fn numbers_keep_decimals_and_drop_thousands_separators() {
        let terms = key_terms("They signed 12 deals worth $1.5 billion, 1,200 tonnes, in 2023.");
        let numbers: Vec<&str> = terms
            .iter()
            .filter(|t| t.kind == TermKind::Number)
            .map(|t| t.key.as_str())
            .collect();
        assert_eq!(numbers, ["12", "1.5", "1200"], "years are not numbers…");
        let year = terms.iter().find(|t| t.key == "2023").expect("…but words");
        assert_eq!(year.kind, TermKind::Word);
        let index = WordIndex::new("12 гэрээ, 1,5 тэрбум ам.доллар, 1 200 тонн");
        let t15 = terms.iter().find(|t| t.key == "1.5").unwrap();
        assert!(index.has(t15), "decimal comma");
    }

    #[test]
    fn stop_words_and_dates_are_not_key_terms() {
        let terms = key_terms("On September 27 the minister said that the railway would open.");
        let keys: Vec<&str> = terms.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["27", "minister", "railwai", "open"]);
    }

    #[test]
    fn overlap_across_scripts_counts_only_names_and_numbers() {
        let terms = key_terms("Mongolia and China signed 12 agreements in Ulaanbaatar.");
        let index = WordIndex::new("Улаанбаатар хотод 12 гэрээнд гарын үсэг зурав");
        assert_eq!(index.script(), Script::Cyrillic);
        let names_numbers = overlap(&terms, &index, false);
        assert_eq!(names_numbers.distinctive, 2);
        assert!(names_numbers.score > 0.5 && names_numbers.score < 1.0);
        let with_words = overlap(&terms, &index, true);
        assert!(with_words.score < names_numbers.score);
    }

    #[test]
    fn search_query_puts_names_and_numbers_first() {
        let q = search_query(
            "The railway between Zamyn-Uud and Erlian will carry 15 million tonnes.",
            4,
        );
        assert_eq!(q, "Zamyn Uud Erlian 15");
    }
}

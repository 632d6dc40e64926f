//! The content words of a claim and of a source's sentences, stemmed, for the passage
//! finder.
//!
//! A paraphrase keeps a claim's content words but not their forms ("immigrants migrated"
//! for "immigration of migrants"), so both sides are reduced to Snowball stems (English or
//! Russian; Mongolian, which Snowball lacks, to a word's first six letters) after the stop
//! words are dropped. Words that name someone weigh more than ordinary ones, because a
//! passage about someone else is not support; numbers are not words here: they are read as
//! quantities and weighed by the finder.

use std::collections::HashSet;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::lexicon::calendar::is_english_day_or_month_name;
use crate::lexicon::common_words::{english_rank, is_ordinary, ClaimLanguage};
use crate::lexicon::stop_words::{ENGLISH_FUNCTION_WORDS, ENGLISH_MORE_FUNCTION_WORDS};
use crate::thresholds::THRESHOLDS;

/// One content word of a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// As written in the claim.
    pub text: String,
    /// Its stem, the form compared.
    pub stem: String,
    /// How much it counts towards a passage's score.
    pub weight: f64,
    /// True for a word that names someone or something: it is also found spelled
    /// otherwise.
    pub name: bool,
}

/// Words that turn a statement into its opposite.
const NEGATIONS: &[&str] = &[
    "not",
    "no",
    "never",
    "neither",
    "nor",
    "none",
    "without",
    "cannot",
    "нет",
    "не",
    "ни",
    "никогда",
    "без",
    "биш",
    "үгүй",
];

/// True when `word` (lower case) negates: "not", "didn't", "не", Mongolian "-гүй".
pub fn is_negation(word: &str) -> bool {
    NEGATIONS.contains(&word)
        || word.ends_with("n't")
        || word.ends_with("n’t")
        || (word.ends_with("гүй") && word.chars().count() > 4)
}

/// The words of a text with their byte ranges: runs of letters and digits, an apostrophe
/// inside a word kept ("didn't"), hyphens splitting ("state-owned" is two words).
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = loop {
            let (at, c) = rest.next()?;
            if c.is_alphanumeric() {
                break (at, c);
            }
        };
        let mut end = text.len();
        while let Some(&(at, c)) = rest.peek() {
            let inner = matches!(c, '\'' | '’')
                && text[at + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic);
            if c.is_alphanumeric() || inner {
                rest.next();
            } else {
                end = at;
                break;
            }
        }
        Some((start, &text[start..end]))
    })
}

fn stemmer(language: ClaimLanguage) -> Option<&'static Stemmer> {
    static EN: OnceLock<Stemmer> = OnceLock::new();
    static RU: OnceLock<Stemmer> = OnceLock::new();
    match language {
        ClaimLanguage::English => Some(EN.get_or_init(|| Stemmer::create(Algorithm::English))),
        ClaimLanguage::Russian => Some(RU.get_or_init(|| Stemmer::create(Algorithm::Russian))),
        ClaimLanguage::Mongolian | ClaimLanguage::Other => None,
    }
}

/// The stem of a lower-case word in `language`.
pub fn stem(word: &str, language: ClaimLanguage) -> String {
    // "government's" and "governments" are the same word to a reader.
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word);
    match stemmer(language) {
        Some(stemmer) => stemmer.stem(word).into_owned(),
        None => word.chars().take(6).collect(),
    }
}

fn english_stop_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        ENGLISH_FUNCTION_WORDS
            .split_whitespace()
            .chain(ENGLISH_MORE_FUNCTION_WORDS.split_whitespace())
            .collect()
    })
}

/// True for a word that says nothing about what a claim states.
pub fn is_stop_word(lower: &str, language: ClaimLanguage) -> bool {
    if lower.chars().count() < 3 && !lower.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    match language {
        ClaimLanguage::English => english_stop_words().contains(lower),
        // The Russian and Mongolian ordinary-word lists are function words.
        ClaimLanguage::Russian | ClaimLanguage::Mongolian => is_ordinary(lower, language),
        ClaimLanguage::Other => false,
    }
}

/// A four-digit year, 1000–2100.
pub fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && word
            .parse::<u32>()
            .is_ok_and(|y| (1000..=2100).contains(&y))
}

/// How much an ordinary word says: the most frequent words of the language less than rare
/// ones ("began" less than "cremated").
fn rarity(lower: &str, language: ClaimLanguage) -> f64 {
    if language != ClaimLanguage::English {
        return 1.0;
    }
    match english_rank(lower) {
        Some(rank) if rank < 1_000 => THRESHOLDS.passage_frequent_weight,
        Some(rank) if rank < 5_000 => THRESHOLDS.passage_common_weight,
        _ => 1.0,
    }
}

/// The content words of a claim, each once, with their weights.
pub fn claim_terms(claim: &str, language: ClaimLanguage) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    let mut sentence_start = true;
    let mut last_end = 0;
    for (at, word) in words(claim) {
        let between = &claim[last_end..at];
        if between.contains(['.', '!', '?', ':', ';']) {
            sentence_start = true;
        }
        last_end = at + word.len();
        let starts = std::mem::replace(&mut sentence_start, false);
        if word.chars().any(|c| c.is_ascii_digit()) {
            // A year places a claim ("in 1907") though it is no fact to check on its own;
            // other numbers are quantities, weighed by the finder.
            if is_year(word) && !terms.iter().any(|t| t.stem == word) {
                terms.push(Term {
                    text: word.to_string(),
                    stem: word.to_string(),
                    weight: 1.0,
                    name: false,
                });
            }
            continue;
        }
        let lower = word.to_lowercase();
        let lower = lower
            .strip_suffix("'s")
            .or_else(|| lower.strip_suffix("’s"))
            .unwrap_or(&lower)
            .to_string();
        if is_stop_word(&lower, language) || is_negation(&lower) {
            continue;
        }
        let capitalized = word.chars().next().is_some_and(char::is_uppercase);
        // A month or weekday is capitalized without naming anyone.
        let name = capitalized
            && !(starts && is_ordinary(word, language))
            && !is_english_day_or_month_name(&lower);
        let stem = stem(&lower, language);
        let weight = if name {
            THRESHOLDS.passage_name_weight
        } else {
            rarity(&lower, language)
        };
        match terms.iter_mut().find(|t| t.stem == stem) {
            Some(term) => {
                term.weight = term.weight.max(weight);
                term.name |= name;
            }
            None => terms.push(Term {
                text: word.to_string(),
                stem,
                weight,
                name,
            }),
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_are_stemmed_and_stop_words_dropped() {
        let terms = claim_terms(
            "The immigrants were admitted in 2016 by the government.",
            ClaimLanguage::English,
        );
        let stems: Vec<&str> = terms.iter().map(|t| t.stem.as_str()).collect();
        assert_eq!(
            stems,
            ["immigr", "admit", "2016", "govern"],
            "a year is a term"
        );
        assert_eq!(
            stem("immigration", ClaimLanguage::English),
            stem("immigrants", ClaimLanguage::English)
        );
    }

    #[test]
    fn names_weigh_more_than_ordinary_words() {
        let terms = claim_terms(
            "Batbold praised the Oyu Tolgoi mine's smelter.",
            ClaimLanguage::English,
        );
        let weight = |s: &str| terms.iter().find(|t| t.text == s).map(|t| t.weight);
        assert_eq!(weight("Batbold"), Some(THRESHOLDS.passage_name_weight));
        assert_eq!(weight("Tolgoi"), Some(THRESHOLDS.passage_name_weight));
        assert_eq!(weight("smelter"), Some(1.0), "a rare word");
        assert!(weight("mine's").is_some_and(|w| w < 1.0), "a common word");
        let terms = claim_terms("Immigration grew.", ClaimLanguage::English);
        assert!(
            terms[0].weight <= 1.0,
            "an ordinary word opening a sentence"
        );
    }

    #[test]
    fn connectives_are_stop_words_and_months_no_names() {
        let terms = claim_terms(
            "Although the minister himself resigned in January, Batbold stayed.",
            ClaimLanguage::English,
        );
        let texts: Vec<&str> = terms.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            ["minister", "resigned", "January", "Batbold", "stayed"]
        );
        assert!(!terms[2].name && terms[3].name, "{terms:?}");
    }

    #[test]
    fn negations_are_told() {
        for word in ["not", "didn't", "never", "не", "байгаагүй"] {
            assert!(is_negation(word), "{word}");
        }
        assert!(!is_negation("note"));
        assert!(!is_negation("нетто"));
    }

    #[test]
    fn words_keep_inner_apostrophes_and_split_hyphens() {
        let got: Vec<&str> = words("didn't state-owned 1,200 «Бид»")
            .map(|w| w.1)
            .collect();
        assert_eq!(got, ["didn't", "state", "owned", "1", "200", "Бид"]);
    }

    #[test]
    fn russian_is_stemmed_and_mongolian_cut() {
        assert_eq!(
            stem("экспорта", ClaimLanguage::Russian),
            stem("экспорт", ClaimLanguage::Russian)
        );
        assert_eq!(stem("экспортын", ClaimLanguage::Mongolian), "экспор");
    }
}

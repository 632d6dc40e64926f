//! Ordinary words of a claim's language: a capitalized word at the start of a sentence is a
//! name unless it is one of these.
//!
//! Every word at a sentence's start is capitalized, so capitals there say nothing; whether
//! "Immigration …" or "Khurelsukh …" opens a claim is told by a word list, not a guess. The
//! lists ship with the crate (nothing is downloaded at run time), in `data/`:
//!
//! - `common_en.txt`: the 20,000 most frequent lower-case words of English Wikipedia
//!   (pywordfreq 0.4.2, MIT licence), kept only where SCOWL (Debian's wamerican and
//!   wbritish word lists; Kevin Atkinson's permissive licence) spells the word in lower
//!   case — a frequency list is lower-cased, so "london" and "james" are frequent too, and
//!   SCOWL tells the ordinary word from the name. 14,830 words, most frequent first.
//! - `common_ru.txt`: stopwords-iso's Russian list (from the stop-words crate 0.10.1, MIT),
//!   554 words: pronouns, prepositions, conjunctions, common adverbs and verbs.
//! - `common_mn.txt`: Mongolian function words, pronouns and sentence openers, written for
//!   citecheck (no permissively licensed Mongolian frequency list was found).
//!
//! `make_common_words.py` beside the lists regenerates the first two. Country names that
//! are also common words ("china", "turkey") stay names: the exonym table lists them.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The language of a claim, as far as its word lists go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClaimLanguage {
    /// Latin script: read as English.
    English,
    /// Cyrillic without the Mongolian letters ө and ү.
    Russian,
    /// Cyrillic with ө or ү.
    Mongolian,
    /// Anything else: no word list.
    Other,
}

impl ClaimLanguage {
    /// The language a text is written in, told by its letters: Cyrillic with the
    /// Mongolian-only letters ө or ү is Mongolian, other Cyrillic Russian, Latin English.
    pub fn of_text(text: &str) -> Self {
        let mut latin = 0usize;
        let mut cyrillic = 0usize;
        let mut other = 0usize;
        let mut mongolian = false;
        for c in text.chars().filter(|c| c.is_alphabetic()).take(2_000) {
            if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) {
                latin += 1;
            } else if ('\u{400}'..='\u{52F}').contains(&c) {
                cyrillic += 1;
                mongolian |= matches!(c, 'ө' | 'ү' | 'Ө' | 'Ү');
            } else {
                other += 1;
            }
        }
        // A Japanese page with "R360" in it is not English.
        if other >= latin.max(cyrillic) {
            return ClaimLanguage::Other;
        }
        if latin >= cyrillic {
            ClaimLanguage::English
        } else if mongolian {
            ClaimLanguage::Mongolian
        } else {
            ClaimLanguage::Russian
        }
    }
}

const ENGLISH: &str = include_str!("data/common_en.txt");
const RUSSIAN: &str = include_str!("data/common_ru.txt");
const MONGOLIAN: &str = include_str!("data/common_mn.txt");

fn set(words: &'static str) -> HashSet<&'static str> {
    words
        .lines()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect()
}

fn list(language: ClaimLanguage) -> Option<&'static HashSet<&'static str>> {
    static EN: OnceLock<HashSet<&'static str>> = OnceLock::new();
    static RU: OnceLock<HashSet<&'static str>> = OnceLock::new();
    static MN: OnceLock<HashSet<&'static str>> = OnceLock::new();
    Some(match language {
        ClaimLanguage::English => EN.get_or_init(|| set(ENGLISH)),
        ClaimLanguage::Russian => RU.get_or_init(|| set(RUSSIAN)),
        ClaimLanguage::Mongolian => MN.get_or_init(|| set(MONGOLIAN)),
        ClaimLanguage::Other => return None,
    })
}

/// The rank of a lower-case English word among the most frequent (0 for "the"), `None`
/// for a word outside the list: rarer words say more about what a claim states.
pub fn english_rank(lower: &str) -> Option<usize> {
    static RANKS: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    RANKS
        .get_or_init(|| {
            ENGLISH
                .lines()
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .enumerate()
                .map(|(i, w)| (w, i))
                .collect()
        })
        .get(lower)
        .copied()
}

/// True when `word` (any case) is an ordinary word of `language`: one that a capital at a
/// sentence's start does not make a name. Unknown languages have no ordinary words.
///
/// Russian and Mongolian share the Cyrillic alphabet, and a short claim without ө or ү
/// cannot be told apart by its letters: for either, a word of either list is ordinary.
pub fn is_ordinary(word: &str, language: ClaimLanguage) -> bool {
    let lists: &[ClaimLanguage] = match language {
        ClaimLanguage::Russian | ClaimLanguage::Mongolian => {
            &[ClaimLanguage::Russian, ClaimLanguage::Mongolian]
        }
        other => &[other],
    };
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches('.');
    // "Hasn't", "Government's": also the word without its clitic.
    let stem = lower.split(['\'', '’']).next().unwrap_or(lower);
    lists
        .iter()
        .filter_map(|l| list(*l))
        .any(|words| words.contains(lower) || words.contains(stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_english_words_are_known_and_names_are_not() {
        for word in [
            "Immigration",
            "Following",
            "Historians",
            "The",
            "Construction",
        ] {
            assert!(is_ordinary(word, ClaimLanguage::English), "{word}");
        }
        for word in ["Khurelsukh", "London", "James", "Batbold", "Aden"] {
            assert!(!is_ordinary(word, ClaimLanguage::English), "{word}");
        }
    }

    #[test]
    fn russian_and_mongolian_lists_know_their_openers() {
        assert!(is_ordinary("Однако", ClaimLanguage::Russian));
        assert!(!is_ordinary("Шойгу", ClaimLanguage::Russian));
        assert!(is_ordinary("Тэрээр", ClaimLanguage::Mongolian));
        assert!(!is_ordinary("Хүрэлсүх", ClaimLanguage::Mongolian));
        assert!(!is_ordinary("anything", ClaimLanguage::Other));
    }

    #[test]
    fn the_language_is_told_by_its_letters() {
        assert_eq!(
            ClaimLanguage::of_text("Exports rose."),
            ClaimLanguage::English
        );
        assert_eq!(
            ClaimLanguage::of_text("Экспорт вырос."),
            ClaimLanguage::Russian
        );
        assert_eq!(
            ClaimLanguage::of_text("Экспорт 19 хувиар өссөн."),
            ClaimLanguage::Mongolian
        );
        assert_eq!(ClaimLanguage::of_text("出口增长"), ClaimLanguage::Other);
        assert_eq!(
            ClaimLanguage::of_text("伝説の筐体R360やUFOキャッチャーの開発"),
            ClaimLanguage::Other
        );
        assert_eq!(ClaimLanguage::of_text(""), ClaimLanguage::Other);
    }

    #[test]
    fn lists_are_lower_case_and_one_word_a_line() {
        for text in [ENGLISH, RUSSIAN, MONGOLIAN] {
            for line in text.lines() {
                assert_eq!(line, line.trim());
                assert_eq!(line.to_lowercase(), line);
                assert!(!line.contains(' '), "{line:?}");
            }
        }
    }
}

//! Site-search queries in the outlet's language.
//!
//! A site search matches words, so an English query finds nothing on a Mongolian site.
//! What crosses languages without a translator is what the matcher already knows: numbers
//! (written the same in every script) and the place names of its exonym table ("China" →
//! "Хятад" in Mongolian, "Китай" in Russian, "中国" in Chinese). A claim in another script
//! than the outlet's language gives a query of those; people's names, which only
//! transliterate approximately and so rarely match a search index, are left out. A claim
//! in the outlet's own script gives the usual query of its names, numbers and longest
//! words.

use crate::matching::exonyms;
use crate::matching::script::{self, Script};

use super::super::terms::{self, key_terms, TermKind};

/// The queries to send to a site search for a claim, best first (at most two, none
/// empty). `language` is the outlet's.
pub(crate) fn queries(claim: &str, language: Option<&str>, max_terms: usize) -> Vec<String> {
    let own = terms::search_query(claim, max_terms);
    let outlet_script = language.and_then(script::of_language);
    let claim_script = script::dominant(claim, 2_000);
    let mut out = Vec::new();
    match (outlet_script, claim_script) {
        (Some(outlet), Some(claim_script)) if outlet != claim_script => {
            let translated = translated(claim, outlet, language.unwrap_or(""), max_terms);
            if !translated.is_empty() {
                out.push(translated);
            }
        }
        _ => {
            if !own.trim().is_empty() {
                out.push(own);
            }
        }
    }
    out
}

/// The claim's translatable names in the outlet's script, then its numbers.
fn translated(claim: &str, outlet: Script, language: &str, max_terms: usize) -> String {
    let mut words: Vec<String> = Vec::new();
    for name in place_names(claim) {
        if let Some(form) = form_in(&name, outlet, language) {
            if !words.contains(&form) {
                words.push(form);
            }
        }
    }
    words.extend(
        key_terms(claim)
            .into_iter()
            .filter(|t| t.kind == TermKind::Number)
            .map(|t| t.text),
    );
    words.truncate(max_terms);
    words.join(" ")
}

/// The capitalized words and word pairs of a claim ("China", "Inner Mongolia", "U.S."),
/// lower-cased, sentence openers included (the matcher's names leave those out, but a
/// place name that opens a sentence is still a place name). Two-word names come first so
/// "Inner Mongolia" is not read as "Mongolia".
fn place_names(claim: &str) -> Vec<String> {
    let words: Vec<&str> = claim
        .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .map(|w| w.trim_matches(|c| c == '.' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let capitalized = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !capitalized(words[i]) {
            i += 1;
            continue;
        }
        if let Some(next) = words.get(i + 1).filter(|w| capitalized(w)) {
            let pair = format!("{} {}", words[i], next).to_lowercase();
            if !exonyms::forms(&pair).is_empty() {
                out.push(pair);
                i += 2;
                continue;
            }
        }
        out.push(words[i].to_lowercase());
        i += 1;
    }
    out
}

/// A name's form in another script, from the exonym table: in Cyrillic the table lists
/// the Mongolian forms before the Russian ones, so Mongolian takes the first and other
/// languages the last; in other scripts the first.
fn form_in(value: &str, wanted: Script, language: &str) -> Option<String> {
    let forms: Vec<&str> = exonyms::forms(value)
        .into_iter()
        .filter(|f| script::dominant(f, 100) == Some(wanted))
        .collect();
    let chosen = if wanted == Script::Cyrillic && !language.starts_with("mn") {
        forms.last()
    } else {
        forms.first()
    };
    chosen.map(|f| f.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLAIM: &str = "Mongolia and China signed 14 documents, including a $1.3 billion \
                         loan, during Prime Minister Oyun-Erdene's visit to Beijing.";

    #[test]
    fn a_mongolian_outlet_is_searched_with_mongolian_place_names_and_numbers() {
        let q = queries(CLAIM, Some("mn"), 5);
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(q[0].contains("хятад"), "{q:?}");
        assert!(q[0].contains("бээжин"), "{q:?}");
        assert!(q[0].contains("14") && q[0].contains("1.3"), "{q:?}");
        assert!(!q[0].contains("Oyun"), "people's names are left out: {q:?}");
    }

    #[test]
    fn a_russian_outlet_gets_the_russian_forms() {
        let q = queries(CLAIM, Some("ru"), 5);
        assert!(q[0].contains("пекин"), "{q:?}");
        assert!(!q[0].contains("хятад"), "{q:?}");
    }

    #[test]
    fn an_outlet_in_the_claims_script_gets_the_claims_words() {
        let q = queries(CLAIM, Some("en"), 4);
        assert_eq!(q.len(), 1);
        assert!(q[0].contains("China") || q[0].contains("Beijing"), "{q:?}");
        assert_eq!(queries(CLAIM, None, 4), q, "unknown language: as written");
        assert!(queries("", Some("en"), 4).is_empty());
    }
}

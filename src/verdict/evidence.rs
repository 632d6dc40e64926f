//! The verdict on a source that was read and has article text: what its quotes and facts
//! add up to (the rules listed in [`crate::verdict`]), with a reason per quote and per kind
//! of fact.

use crate::model::{Evidence, Fact, Location, PassageEvidence, Quote, QuoteMatch, Verdict};
use crate::thresholds::THRESHOLDS;

/// How one quote counts as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteEvidence {
    /// Found in the body, well enough to verify.
    Verifies,
    /// A close match in the body, not close enough.
    Supports,
    /// Not found, or only in the boilerplate.
    Missing,
    /// Not checked word for word (a translation, or no words).
    Unchecked,
}

fn classify(quote: &Quote) -> QuoteEvidence {
    if quote.match_kind == QuoteMatch::Unchecked {
        return QuoteEvidence::Unchecked;
    }
    if quote.location != Location::Body {
        return QuoteEvidence::Missing;
    }
    match quote.match_kind {
        QuoteMatch::Exact | QuoteMatch::Normalized => QuoteEvidence::Verifies,
        QuoteMatch::Fuzzy if quote.score >= THRESHOLDS.quote_verifies => QuoteEvidence::Verifies,
        QuoteMatch::Fuzzy if quote.score >= THRESHOLDS.quote_fuzzy_floor => QuoteEvidence::Supports,
        _ => QuoteEvidence::Missing,
    }
}

/// True when the check shows the claim misrepresents a source that was read: a quote
/// checked word for word and not found in the article (nowhere, or only in the
/// boilerplate), or a figure the source states otherwise (`source_value`). Either makes the
/// citation an `error` whatever else matched (DESIGN.md "Severity and verdicts (changed)").
/// A close but not close-enough quote stays partial evidence (a warning).
pub(super) fn misrepresents(quotes: &[Quote], evidence: &Evidence) -> bool {
    let misquoted = quotes.iter().any(|q| classify(q) == QuoteEvidence::Missing);
    let contradicted = evidence.numbers.iter().any(|f| f.source_value.is_some());
    misquoted || contradicted
}

/// The verdict on a source that was read and has article text.
pub(super) fn weigh(quotes: &[Quote], evidence: &Evidence, reasons: &mut Vec<String>) -> Verdict {
    let classes: Vec<QuoteEvidence> = quotes.iter().map(classify).collect();
    let checked = classes
        .iter()
        .filter(|c| **c != QuoteEvidence::Unchecked)
        .count();
    let translated = classes.len() - checked;
    let verifying = classes
        .iter()
        .filter(|c| **c == QuoteEvidence::Verifies)
        .count();
    let supporting = classes
        .iter()
        .filter(|c| **c == QuoteEvidence::Supports)
        .count();
    for (i, quote) in quotes.iter().enumerate() {
        // Matching words its reasons to follow "quote" ("found verbatim in …").
        reasons.push(match (quotes.len(), quote.reason.trim()) {
            (1, "") => "quote checked".to_string(),
            (1, why) => format!("quote {why}"),
            (n, "") => format!("quote {} of {n} checked", i + 1),
            (n, why) => format!("quote {} of {n} {why}", i + 1),
        });
    }
    let facts: Vec<&Fact> = evidence.numbers.iter().chain(&evidence.names).collect();
    let found = facts.iter().filter(|f| f.found).count();
    reasons.extend(fact_reason("number", "numbers", &evidence.numbers));
    reasons.extend(fact_reason("name", "names", &evidence.names));
    reasons.extend(evidence.notes.iter().cloned());
    let date_disagrees = evidence.date.matches == Some(false);
    if let (true, Some(cited), Some(published)) =
        (date_disagrees, evidence.date.cited, evidence.date.published)
    {
        reasons.push(if evidence.date.cites_the_update() {
            format!(
                "cited date {cited} is when the source was updated; it was published {published}"
            )
        } else {
            format!("cited date {cited} but the source was published {published}")
        });
    }
    let all_facts = found == facts.len();
    let verdict = if checked > 0 {
        if verifying == checked && translated == 0 && all_facts {
            Verdict::Verified
        } else if verifying + supporting > 0 || found > 0 {
            Verdict::Partial
        } else {
            Verdict::NotFound
        }
    } else if let (Some(passage), 0) = (&evidence.passage, translated) {
        by_passage(passage, evidence, reasons)
    } else if facts.is_empty() {
        reasons.push(if translated > 0 {
            "the quote could not be compared word for word and the claim has no number or name \
             to check it by"
                .to_string()
        } else {
            "the claim has no quote, number or name to check against the source".to_string()
        });
        Verdict::Unchecked
    } else if found == 0 {
        Verdict::NotFound
    } else if translated > 0 {
        reasons.push("a translated quote verifies at most partially".to_string());
        Verdict::Partial
    } else if all_facts && found >= THRESHOLDS.facts_to_verify {
        Verdict::Verified
    } else {
        if all_facts {
            reasons.push(format!(
                "with no quote, {} facts are needed to verify a claim; it has {found}",
                THRESHOLDS.facts_to_verify
            ));
        }
        Verdict::Partial
    };
    if verdict == Verdict::Verified && date_disagrees {
        return Verdict::Partial;
    }
    verdict
}

/// The verdict on a claim without quotes whose source was searched for a passage (DESIGN.md
/// "Severity and verdicts (changed)"). It is verified by a passage with enough of its words
/// where every number and most names are found and nothing is contradicted (a passage
/// about someone else is no support), or by two facts — when its
/// passage shows the facts belong to the claim. It is partial with a passage that has some
/// of its words, two facts found that are a fair share of its facts, or one fact and a
/// trace of a passage; else `not_found`.
/// The thresholds are [`THRESHOLDS`]' `passage_*`.
fn by_passage(
    passage: &PassageEvidence,
    evidence: &Evidence,
    reasons: &mut Vec<String>,
) -> Verdict {
    let facts = evidence.numbers.len() + evidence.names.len();
    let found = evidence
        .numbers
        .iter()
        .chain(&evidence.names)
        .filter(|f| f.found)
        .count();
    let numbers_found = evidence.numbers.iter().all(|f| f.found);
    let names_found = evidence.names.iter().filter(|f| f.found).count() as f64
        >= THRESHOLDS.passage_names_found * evidence.names.len() as f64;
    let clean = passage.contradicted.is_empty() && !passage.negated;
    let score = passage.score;
    let percent = (score * 100.0).round();
    reasons.push(if score >= THRESHOLDS.passage_supports {
        format!("the best passage of the source has {percent}% of the claim's words")
    } else {
        format!("no passage of the source has the claim's words together (best: {percent}%)")
    });
    if !passage.contradicted.is_empty() {
        reasons.push(format!(
            "the passage contradicts {}",
            passage.contradicted.join(", ")
        ));
    }
    if passage.negated {
        reasons.push("the passage negates what the claim states, or the reverse".to_string());
    }
    let by_facts = found == facts
        && found >= THRESHOLDS.facts_to_verify
        && score >= THRESHOLDS.passage_for_facts;
    let by_words = score >= THRESHOLDS.passage_verifies && numbers_found && names_found;
    // Two facts found with no passage behind them are partial support only when they are
    // a fair share of the claim's facts: two of a claim's seven names, found on a page
    // about something else, are the page's subject, not the claim.
    let facts_carry = found >= THRESHOLDS.facts_to_verify
        && found as f64 >= THRESHOLDS.facts_share_without_passage * facts as f64;
    if clean && (by_facts || by_words) {
        Verdict::Verified
    } else if score >= THRESHOLDS.passage_supports
        || facts_carry
        || (found > 0 && score >= THRESHOLDS.passage_for_one_fact)
    {
        Verdict::Partial
    } else {
        Verdict::NotFound
    }
}

/// "both numbers found", "2 of 3 numbers found; '$5.4 billion' not in the source"; a
/// figure the source states otherwise is named with the source's figure ("the source says
/// '$1.5 billion', not '$1.2 billion'") and counted apart from those simply not found.
fn fact_reason(one: &str, many: &str, facts: &[Fact]) -> Option<String> {
    let contradicted: Vec<String> = facts
        .iter()
        .filter_map(|f| {
            let source = f.source_value.as_deref()?;
            Some(format!("the source says '{source}', not '{}'", f.text))
        })
        .collect();
    let rest: Vec<Fact> = facts
        .iter()
        .filter(|f| f.source_value.is_none())
        .cloned()
        .collect();
    if contradicted.is_empty() {
        return plain_fact_reason(one, many, facts);
    }
    let mut reason = format!("figure contradicted: {}", contradicted.join("; "));
    if !rest.is_empty() {
        if let Some(others) = plain_fact_reason(one, many, &rest) {
            reason.push_str("; other ");
            reason.push_str(many);
            reason.push_str(": ");
            reason.push_str(&others);
        }
    }
    Some(reason)
}

fn plain_fact_reason(one: &str, many: &str, facts: &[Fact]) -> Option<String> {
    let total = facts.len();
    let found = facts.iter().filter(|f| f.found).count();
    let missing: Vec<String> = facts
        .iter()
        .filter(|f| !f.found)
        .map(|f| format!("'{}'", f.text))
        .collect();
    let missing = missing.join(", ");
    Some(match (total, found) {
        (0, _) => return None,
        (1, 1) => format!("the {one} '{}' found", facts[0].text),
        (1, _) => format!("the {one} {missing} is not in the source"),
        (2, 2) => format!("both {many} found"),
        (2, 0) => format!("neither {one} is in the source ({missing})"),
        (n, f) if f == n => format!("all {n} {many} found"),
        (n, 0) => format!("none of the {n} {many} is in the source ({missing})"),
        (n, f) => format!("{f} of {n} {many} found; {missing} not in the source"),
    })
}

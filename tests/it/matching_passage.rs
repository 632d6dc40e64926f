//! Claims without quotes judged by the source's best passage (DESIGN.md "Severity and
//! verdicts (changed)"): each threshold of the table tested at its edge on hand-built
//! evidence, then the whole matcher on invented English pages, with decoys.

use citecheck::matching::{check, Check};
use citecheck::model::{LinkStatus, PassageEvidence, Verdict};
use citecheck::thresholds::THRESHOLDS;
use citecheck::verdict::Decision;

use crate::matching_check::{article, citation, names_found};
use crate::matching_verdict::{evidence, fact, run};

fn passage(score: f64) -> PassageEvidence {
    PassageEvidence {
        excerpt: "…the passage…".into(),
        score,
        missing: Vec::new(),
        contradicted: Vec::new(),
        negated: false,
    }
}

fn decided(
    numbers: Vec<citecheck::model::Fact>,
    names: Vec<citecheck::model::Fact>,
    passage: PassageEvidence,
) -> Decision {
    let mut evidence = evidence(numbers, names);
    evidence.passage = Some(passage);
    run(LinkStatus::Ok, &[], &evidence)
}

fn verdict(
    numbers: Vec<citecheck::model::Fact>,
    names: Vec<citecheck::model::Fact>,
    passage: PassageEvidence,
) -> Verdict {
    decided(numbers, names, passage).verdict
}

#[test]
fn the_passage_thresholds_are_ordered() {
    let t = std::hint::black_box(THRESHOLDS);
    assert!(t.passage_for_one_fact < t.passage_supports);
    assert!(t.passage_supports < t.passage_for_facts);
    assert!(t.passage_for_facts < t.passage_verifies && t.passage_verifies < 1.0);
    assert!(t.passage_names_found > 0.0 && t.passage_names_found <= 1.0);
    assert!(t.passage_sentences >= 1 && t.passage_max_words >= 20);
    assert!(t.passage_negation_words >= 1 && t.passage_min_terms >= 2);
    assert!(t.name_free_ending <= 2 && t.name_near_words >= 2);
    assert!(t.passage_frequent_weight < t.passage_common_weight);
    assert!(t.passage_common_weight <= 1.0 && t.passage_name_weight > 1.0);
    assert!(t.facts_share_without_passage > 0.0 && t.facts_share_without_passage <= 1.0);
    assert!(t.english_marker_share > 0.0 && t.english_marker_share < 0.1);
    assert!(t.english_min_words >= 20 && t.english_min_words < t.english_sample_words);
}

#[test]
fn a_passage_verifies_from_its_threshold_on() {
    let at = THRESHOLDS.passage_verifies;
    let d = decided(Vec::new(), Vec::new(), passage(at));
    assert_eq!(d.verdict, Verdict::Verified);
    assert!(
        d.reasons.iter().any(|r| r.contains("best passage")),
        "{:?}",
        d.reasons
    );
    assert_eq!(
        verdict(Vec::new(), Vec::new(), passage(at - 0.01)),
        Verdict::Partial
    );
}

#[test]
fn below_the_support_threshold_with_no_fact_is_not_found() {
    let at = THRESHOLDS.passage_supports;
    assert_eq!(
        verdict(Vec::new(), Vec::new(), passage(at)),
        Verdict::Partial
    );
    let d = decided(Vec::new(), Vec::new(), passage(at - 0.01));
    assert_eq!(d.verdict, Verdict::NotFound);
    assert!(
        d.reasons.iter().any(|r| r.contains("no passage")),
        "{:?}",
        d.reasons
    );
}

#[test]
fn a_contradicted_figure_or_a_negation_keeps_a_passage_from_verifying() {
    let mut contradicted = passage(1.0);
    contradicted.contradicted = vec!["'40 percent' (the source says '14 percent')".into()];
    let d = decided(vec![fact("40 percent", false)], Vec::new(), contradicted);
    assert_eq!(d.verdict, Verdict::Partial);
    assert!(d.reasons.iter().any(|r| r.contains("contradicts")));
    let mut negated = passage(1.0);
    negated.negated = true;
    assert_eq!(verdict(Vec::new(), Vec::new(), negated), Verdict::Partial);
    // …and keeps two facts from verifying too.
    let mut negated = passage(1.0);
    negated.negated = true;
    let facts = vec![fact("Batbold", true), fact("Erdenet", true)];
    assert_eq!(verdict(Vec::new(), facts, negated), Verdict::Partial);
}

#[test]
fn a_missing_number_or_the_wrong_person_keeps_a_passage_from_verifying() {
    assert_eq!(
        verdict(vec![fact("$5 billion", false)], Vec::new(), passage(0.9)),
        Verdict::Partial
    );
    assert_eq!(
        verdict(Vec::new(), vec![fact("Enkhbayar", false)], passage(0.9)),
        Verdict::Partial
    );
    // Half the names are enough: a claim's extra names are often context.
    let names = vec![fact("Batbold", true), fact("Erdenet", false)];
    assert_eq!(verdict(Vec::new(), names, passage(0.9)), Verdict::Verified);
}

#[test]
fn two_facts_verify_only_with_a_passage_behind_them() {
    let facts = || vec![fact("Batbold", true), fact("Erdenet", true)];
    let at = THRESHOLDS.passage_for_facts;
    assert_eq!(verdict(Vec::new(), facts(), passage(at)), Verdict::Verified);
    assert_eq!(
        verdict(Vec::new(), facts(), passage(at - 0.01)),
        Verdict::Partial,
        "names found here and there on the page are not the claim"
    );
}

#[test]
fn one_fact_is_partial_only_with_a_trace_of_a_passage() {
    let at = THRESHOLDS.passage_for_one_fact;
    let one = || vec![fact("Batbold", true), fact("Erdenet", false)];
    assert_eq!(verdict(Vec::new(), one(), passage(at)), Verdict::Partial);
    assert_eq!(
        verdict(Vec::new(), one(), passage(at - 0.01)),
        Verdict::NotFound
    );
    let two = vec![
        fact("Batbold", true),
        fact("Erdenet", true),
        fact("Oyu Tolgoi", false),
    ];
    assert_eq!(
        verdict(Vec::new(), two, passage(0.0)),
        Verdict::Partial,
        "two facts found are partial support whatever the passage"
    );
}

#[test]
fn two_facts_without_a_passage_are_partial_only_as_a_fair_share_of_the_claims_facts() {
    // Two of a claim's six names, found here and there on a page whose passages have
    // none of the claim: the page's subject, not the claim.
    let names = |found: usize| -> Vec<citecheck::model::Fact> {
        [
            "Batbold",
            "Erdenet",
            "Oyu Tolgoi",
            "Enkhbayar",
            "Darkhan",
            "Selenge",
        ]
        .iter()
        .enumerate()
        .map(|(i, n)| fact(n, i < found))
        .collect()
    };
    let share = THRESHOLDS.facts_share_without_passage;
    assert!(
        share > 2.0 / 6.0 && share <= 0.5,
        "the test's shares straddle it"
    );
    let d = decided(Vec::new(), names(2), passage(0.0));
    assert_eq!(d.verdict, Verdict::NotFound, "{:?}", d.reasons);
    assert_eq!(
        verdict(Vec::new(), names(3), passage(0.0)),
        Verdict::Partial,
        "half of its facts are partial support"
    );
    // A trace of a passage keeps the two facts partial support, as before.
    assert_eq!(
        verdict(
            Vec::new(),
            names(2),
            passage(THRESHOLDS.passage_for_one_fact)
        ),
        Verdict::Partial
    );
}

const PAGE: &str = "ULAANBAATAR — Batbold promised on Tuesday that the copper smelter near \
Erdenet would be finished by 2026, and said the plant would employ 3,400 workers.\n\n\
The opposition questioned the cost. Residents near the site asked for new wells.\n\n\
Exports of copper concentrate rose 14 percent in the first eight months.";

fn judged(claim: &str) -> (Check, Verdict) {
    let (c, a) = (citation(claim, &[]), article("en", PAGE));
    (
        check(&c, &a),
        crate::matching_check::verdict(&c, &a).verdict,
    )
}

#[test]
fn a_plain_claim_opening_with_a_surname_is_verified() {
    let (result, verdict) =
        judged("Batbold promised that the copper smelter would be finished by 2026.");
    let names = names_found(&result);
    assert_eq!(names, [("Batbold", true)], "the surname is a name");
    let passage = result.evidence.passage.as_ref().expect("a passage");
    assert!(passage.excerpt.contains("Batbold promised"), "{passage:?}");
    assert_eq!(verdict, Verdict::Verified, "{result:#?}");
}

#[test]
fn decoys_are_not_verified() {
    // Someone else promised it.
    let (result, verdict) =
        judged("Enkhbayar promised that the copper smelter would be finished by 2026.");
    assert_eq!(result.evidence.names[0].text, "Enkhbayar");
    assert!(!result.evidence.names[0].found);
    assert_ne!(verdict, Verdict::Verified);
    // The page says the opposite.
    let (_, verdict) = judged("Batbold promised that the copper smelter would not be finished.");
    assert_ne!(verdict, Verdict::Verified);
    // Another figure of the same kind.
    let (result, verdict) = judged("Copper concentrate exports rose 40 percent in eight months.");
    let passage = result.evidence.passage.as_ref().expect("a passage");
    assert_eq!(passage.contradicted.len(), 1, "{passage:?}");
    assert_eq!(verdict, Verdict::Partial);
    // Nothing of it on the page.
    let (_, verdict) = judged("Teachers in the capital went on strike over unpaid wages.");
    assert_eq!(verdict, Verdict::NotFound);
}

#[test]
fn an_ordinary_word_opening_a_claim_is_no_name() {
    let (result, verdict) = judged("Residents near the site asked for new wells.");
    assert!(
        result.evidence.names.is_empty(),
        "{:?}",
        result.evidence.names
    );
    assert_eq!(verdict, Verdict::Verified);
}

#[test]
fn a_claim_with_quotes_or_in_another_language_gets_no_passage() {
    let a = article("en", PAGE);
    let c = citation(
        "Batbold said “the smelter will be finished by 2026”.",
        &["the smelter will be finished by 2026"],
    );
    assert!(check(&c, &a).evidence.passage.is_none());
    let c = citation(
        "Батболд хайлуулах үйлдвэрийг 2026 онд дуусгана гэж амласан.",
        &[],
    );
    assert!(check(&c, &a).evidence.passage.is_none());
}

/// An invented text in a Latin-script language other than English (a made-up Romance-like
/// prose), long enough to be told.
fn foreign_page() -> String {
    "Batbold prometió el martes que la fundición de cobre cerca de Erdenet estaría \
     terminada en 2026, y dijo que la planta daría empleo a 3.400 trabajadores. "
        .repeat(8)
}

#[test]
fn an_undeclared_page_in_another_latin_language_is_judged_by_facts() {
    let mut a = article("en", &foreign_page());
    a.language = None;
    let c = citation(
        "Batbold promised that the copper smelter near Erdenet would employ workers.",
        &[],
    );
    let result = check(&c, &a);
    assert!(
        result.evidence.passage.is_none(),
        "English stems are not compared with another language: {:?}",
        result.evidence.passage
    );
    assert_eq!(names_found(&result), [("Batbold", true), ("Erdenet", true)]);
    // The same page declared English, and an undeclared English page, are read by words.
    a.language = Some("en".into());
    assert!(check(&c, &a).evidence.passage.is_some());
    let mut english = article("en", &PAGE.repeat(4));
    english.language = None;
    assert!(check(&c, &english).evidence.passage.is_some());
    // A short undeclared text is too little to tell: read as English.
    let mut short = article(
        "en",
        "Batbold prometió la fundición de cobre cerca de Erdenet.",
    );
    short.language = None;
    assert!(check(&c, &short).evidence.passage.is_some());
}

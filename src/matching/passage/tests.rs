use super::*;

fn find(claim: &str, text: &str) -> Option<Passage> {
    let quantities = numbers::quantities(text);
    let sentences = SourceSentences::new(text, &quantities, ClaimLanguage::English);
    best_passage(claim, text, &sentences, &quantities)
}

const PAGE: &str = "The council met on Monday to discuss the budget. \
    Residents complained about the noise from the new airport. \
    The ministry approved the railway to the southern border after a long review. \
    Construction will employ 3,400 workers at its peak. \
    Exports of copper rose 14 percent in the first eight months.";

#[test]
fn the_passage_with_the_claims_words_is_found() {
    let p = find(
        "The ministry has approved a railway line to the southern border.",
        PAGE,
    )
    .expect("a passage");
    assert_eq!(
        &PAGE[p.range.clone()],
        "The ministry approved the railway to the southern border after a long review."
    );
    assert!(p.score > 0.8, "{p:?}");
    assert!(p.contradicted.is_empty() && !p.negated);
}

#[test]
fn words_of_one_claim_spread_over_two_sentences_make_one_passage() {
    let p = find("The approved railway will employ 3,400 workers.", PAGE).expect("a passage");
    let text = &PAGE[p.range.clone()];
    assert!(
        text.contains("approved the railway") && text.contains("3,400"),
        "{text}"
    );
    assert!((p.score - 1.0).abs() < 1e-9, "{p:?}");
}

#[test]
fn a_claim_the_page_does_not_make_scores_low() {
    let p = find(
        "Herders in the western provinces lost livestock to a harsh winter.",
        PAGE,
    );
    assert!(
        p.as_ref()
            .is_some_and(|p| p.score < THRESHOLDS.passage_supports),
        "{p:?}"
    );
}

#[test]
fn a_different_figure_of_the_same_kind_contradicts() {
    let p = find("Copper exports rose 40 percent in eight months.", PAGE).expect("a passage");
    assert_eq!(p.contradicted.len(), 1, "{p:?}");
    assert_eq!(p.contradicted[0].claimed, "40 percent");
    assert_eq!(p.contradicted[0].source_value, "14 %");
    assert!(p.missing.contains(&"40 percent".to_string()));
    let p = find("Copper exports rose 14 percent in eight months.", PAGE).expect("a passage");
    assert!(p.contradicted.is_empty(), "{p:?}");
}

#[test]
fn a_negation_on_one_side_counts_against() {
    let page = "The minister said the new line would not close the bridge to traffic.";
    let p = find("The new line would close the bridge to traffic.", page).expect("a passage");
    assert!(p.negated);
    let p = find("The new line would not close the bridge.", page).expect("a passage");
    assert!(!p.negated);
}

#[test]
fn names_weigh_more_than_ordinary_words() {
    let page = "Batbold opened the smelter. The smelter opened near the border.";
    let with_name = find("Batbold opened the copper smelter.", page).expect("a passage");
    let page_without = "Dorj opened the smelter. The smelter opened near the border.";
    let without = find("Batbold opened the copper smelter.", page_without).expect("a passage");
    assert!(
        with_name.score > without.score + 0.3,
        "{with_name:?} {without:?}"
    );
    assert!(without.missing.contains(&"Batbold".to_string()));
}

#[test]
fn a_run_on_text_is_cut_so_one_sentence_cannot_hold_everything() {
    let filler = "word ".repeat(200);
    let page = format!("alpha {filler} beta {filler} gamma");
    let p = find("Alpha beta gamma.", &page).expect("a passage");
    assert!(p.score < 0.5, "{p:?}");
}

#[test]
fn too_few_content_words_give_no_passage_and_an_empty_page_an_empty_one() {
    assert!(find("He said so.", PAGE).is_none());
    assert!(find("", "").is_none());
    let p = find("Copper exports rose sharply.", "").expect("judged by words");
    assert_eq!(
        (p.score, p.range.clone()),
        (0.0, 0..0),
        "an empty page has no passage"
    );
    assert_eq!(p.missing, ["Copper", "exports", "rose", "sharply"]);
}

#[test]
fn sentences_end_at_terminal_marks_and_lines() {
    let text = "One two. Three four!\nFive 3.5 six… Seven";
    let got: Vec<&str> = sentence_ranges(text)
        .iter()
        .map(|r| text[r.clone()].trim())
        .collect();
    assert_eq!(got, ["One two.", "Three four!", "Five 3.5 six…", "Seven"]);
}

#[test]
fn a_name_spelled_otherwise_is_found_and_another_name_is_not() {
    let page = "Zubaidi fled the city by sea before leaving the region by air.";
    let p = find("Zoubaidi fled the city by sea.", page).expect("a passage");
    assert!(!p.missing.contains(&"Zoubaidi".to_string()), "{p:?}");
    let p = find("Zaidan fled the city by sea.", page).expect("a passage");
    assert!(p.missing.contains(&"Zaidan".to_string()), "{p:?}");
}

#[test]
fn a_negation_counts_only_where_the_claim_is() {
    // The passage spans both sentences; only the first negates, and it has one word of
    // the claim.
    let page = "The line will not reopen the bridge. The new line will close the old \
                ferry route to traffic.";
    let p = find("The new line will close the ferry route.", page).expect("a passage");
    assert!(
        !p.negated,
        "the negation is in a sentence about something else: {p:?}"
    );
}

#[test]
fn a_year_the_source_never_gives_is_contradicted_by_the_passages_year() {
    let page = "In March 1985, the five groups formed a united front in Madras.";
    let p = find("In April 1984, the groups formed a united front.", page).expect("a passage");
    assert_eq!(p.contradicted.len(), 1, "{p:?}");
    assert_eq!(
        (
            p.contradicted[0].claimed.as_str(),
            p.contradicted[0].source.as_str()
        ),
        ("1984", "1985")
    );
    assert_eq!(&page[p.contradicted[0].source_range.clone()], "1985");
    let p = find("In 1985, the groups formed a united front.", page).expect("a passage");
    assert!(p.contradicted.is_empty(), "{p:?}");
}

//! Claims, context, quotes, ids and dates of citations in plain text, on paragraphs written
//! for these tests.

use chrono::NaiveDate;

use crate::document::{parse, DocumentKind};
use crate::model::Citation;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn cite(text: &str, published: Option<NaiveDate>) -> Vec<Citation> {
    parse(DocumentKind::Text, text, published, date(2030, 6, 1))
        .expect("text always parses")
        .citations
}

#[test]
fn claim_is_the_closed_sentence_and_context_runs_back_to_the_previous_citation() {
    let text = "Herders moved early this year. Snow came in October (Steppe Herald, Nov. 2). \
                Fodder ran short. Prices rose by a third. The state opened reserves (Tal News, \
                November 20). Officials were pleased.";
    let c = cite(text, Some(date(2023, 12, 1)));
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].claim, "Snow came in October.");
    assert_eq!(c[0].context, "Herders moved early this year.");
    assert_eq!(c[0].date, Some(date(2023, 11, 2)));
    assert_eq!(c[1].claim, "The state opened reserves.");
    assert_eq!(c[1].context, "Fodder ran short. Prices rose by a third.");
    assert_eq!((c[0].id.as_str(), c[1].id.as_str()), ("c1", "c2"));
}

#[test]
fn context_stops_at_the_paragraph_start() {
    let text = "First paragraph ends cited (Tal News, May 1).\n\nA new paragraph opens. \
                Its claim follows (Tal News, May 2).";
    let c = cite(text, Some(date(2023, 6, 1)));
    assert_eq!(c[1].context, "A new paragraph opens.");
    assert_eq!(c[1].line, 3);
}

#[test]
fn group_parts_and_day_lists_share_claim_and_position() {
    let text = "Flights resumed (Air Desk, March 6, 8; see EDM, March 9).";
    let c = cite(text, Some(date(2022, 4, 1)));
    let dates: Vec<Option<NaiveDate>> = c.iter().map(|c| c.date).collect();
    assert_eq!(
        dates,
        vec![
            Some(date(2022, 3, 6)),
            Some(date(2022, 3, 8)),
            Some(date(2022, 3, 9))
        ]
    );
    assert!(c.iter().all(|x| x.claim == "Flights resumed."));
    assert!(c.iter().all(|x| (x.line, x.column) == (1, 17)));
    assert_eq!(c[2].outlet.as_deref(), Some("EDM"));
    let ids: Vec<&str> = c.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, vec!["c1", "c2", "c3"]);
}

#[test]
fn december_citation_in_a_january_article_is_last_year() {
    let text = "The freeze began early (Tal News, December 29). It ended (Tal News, Jan. 4).";
    let c = cite(text, Some(date(2024, 1, 10)));
    assert_eq!(c[0].date, Some(date(2023, 12, 29)));
    assert_eq!(c[1].date, Some(date(2024, 1, 4)));
}

#[test]
fn accessed_and_undated_citations() {
    let text = "The register lists 212 mines (Mining Cadastre Office, accessed February 3). \
                A leaflet repeats it (City Hall of Erdenet, n.d.).";
    let c = cite(text, Some(date(2024, 2, 20)));
    assert!(c[0].accessed);
    assert_eq!(c[0].date, Some(date(2024, 2, 3)));
    assert!(!c[1].accessed);
    assert_eq!(c[1].date, None);
    assert_eq!(c[1].outlet.as_deref(), Some("City Hall of Erdenet"));
}

#[test]
fn written_years_are_kept() {
    let c = cite(
        "It was first proposed (Tal News, 3 March 2019; Tal News, July 7, 2020).",
        Some(date(2024, 1, 1)),
    );
    assert_eq!(c[0].date, Some(date(2019, 3, 3)));
    assert_eq!(c[1].date, Some(date(2020, 7, 7)));
}

#[test]
fn two_groups_in_one_sentence_split_the_claim() {
    let text = "Coal sales rose 8 percent (Tal News, May 3), while copper fell 2 percent \
                (Ore Weekly, May 4).";
    let c = cite(text, Some(date(2023, 6, 1)));
    assert_eq!(c[0].claim, "Coal sales rose 8 percent");
    assert_eq!(c[1].claim, "while copper fell 2 percent.");
    assert_eq!(c[1].context, "");
}

#[test]
fn a_mid_sentence_group_claims_the_whole_sentence() {
    let text = "The ministry (Tal News, May 3) said the line would open in June.";
    let c = cite(text, Some(date(2023, 6, 1)));
    assert_eq!(c[0].claim, "The ministry said the line would open in June.");
}

#[test]
fn citation_after_the_period_closes_the_sentence_before_it() {
    let text = "Rents doubled. (Tal News, May 3) Nobody was surprised.";
    let c = cite(text, Some(date(2023, 6, 1)));
    assert_eq!(c[0].claim, "Rents doubled.");
}

#[test]
fn quotes_in_the_claim_including_an_unclosed_one() {
    let text = "The minister called it “a fair deal” and \"long overdue\" (Tal News, May 3). \
                Critics said it would “hand the mine away (Ore Weekly, May 4). Talks go on.";
    let c = cite(text, Some(date(2023, 6, 1)));
    assert_eq!(c[0].quotes, vec!["a fair deal", "long overdue"]);
    assert_eq!(c[1].quotes, vec!["hand the mine away"]);
    assert_eq!(c[1].claim, "Critics said it would “hand the mine away.");
}

#[test]
fn sentence_splitting_copes_with_abbreviations_in_claims() {
    let text = "Dr. Oyun of the U.S. Geological Survey measured 4.5 meters on Sept. 3 \
                (Tal News, Sept. 5). Nothing else changed.";
    let c = cite(text, Some(date(2023, 10, 1)));
    assert_eq!(
        c[0].claim,
        "Dr. Oyun of the U.S. Geological Survey measured 4.5 meters on Sept. 3."
    );
    assert_eq!(c[0].date, Some(date(2023, 9, 5)));
}

#[test]
fn non_citations_leave_no_trace() {
    let text = "The Eastern Railway Authority (ERA) agreed (see below). Output grew \
                (about 2 percent). It stood at a record (2015).\n\n(Source: Rail Office archive)";
    assert!(cite(text, Some(date(2023, 6, 1))).is_empty());
}

#[test]
fn published_date_from_a_dateline_when_not_given() {
    let text = "Grain Talks Stall\n\nMarch 2, 2022\n\nTalks stalled (Tal News, December 30).";
    let parsed = parse(DocumentKind::Text, text, None, date(2030, 1, 1)).expect("parses");
    assert_eq!(parsed.published, Some(date(2022, 3, 2)));
    assert_eq!(parsed.citations[0].date, Some(date(2021, 12, 30)));
    let fallback = parse(
        DocumentKind::Text,
        "No date (Tal News, May 3).",
        None,
        date(2030, 1, 1),
    )
    .expect("parses");
    assert_eq!(fallback.published, Some(date(2030, 1, 1)));
    assert_eq!(fallback.citations[0].date, Some(date(2029, 5, 3)));
}

#[test]
fn bare_urls_are_citations_and_merge_with_their_group() {
    let text = "Exports grew (Tal News, May 3, https://tal.example/a/1). \
                The full table is at https://stats.example/t.csv.";
    let c = cite(text, Some(date(2023, 6, 1)));
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].url.as_deref(), Some("https://tal.example/a/1"));
    assert_eq!(c[0].outlet.as_deref(), Some("Tal News"));
    assert_eq!(c[1].url.as_deref(), Some("https://stats.example/t.csv"));
    assert_eq!(c[1].outlet, None);
    assert_eq!(
        c[1].claim,
        "The full table is at https://stats.example/t.csv."
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = "Öndör Gegeen’s résumé grew (Tal News, May 3).";
    let c = cite(text, Some(date(2023, 6, 1)));
    let expected = text[..text.find('(').expect("paren")].chars().count() + 1;
    assert_eq!((c[0].line, c[0].column), (1, expected));
}

#[test]
fn endless_sentences_are_clipped_around_the_citation() {
    let filler = "word ".repeat(3_000);
    let text = format!("{filler}the key fact (Tal News, May 3) and {filler}");
    let c = cite(&text, Some(date(2023, 6, 1)));
    assert_eq!(c.len(), 1);
    assert!(c[0].claim.len() <= 600, "{}", c[0].claim.len());
    assert!(c[0].claim.contains("the key fact and"), "{}", &c[0].claim);
    let text = format!(
        "{}Final claim (Tal News, May 3).",
        "A short sentence. ".repeat(1_000)
    );
    let c = cite(&text, Some(date(2023, 6, 1)));
    assert!(c[0].context.len() <= 4_000);
    assert!(c[0].context.ends_with("A short sentence."));
}

//! The seed article (../shared/seed) parsed as the issue describes: 17 citations with their
//! outlets as written, ISO dates, the three "accessed" ones, the unclosed quote, the shared
//! claim of a two-part group, and no citation for "(BRI)" or the photo credit.

use std::path::PathBuf;

use chrono::NaiveDate;
use citecheck::document::{parse, DocumentKind};
use citecheck::model::Citation;

const SEED: &str = "../shared/seed/edm-20-173-mongolia-china.txt";

fn seed_citations() -> (String, Vec<Citation>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(SEED);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the seed article must be at {} (../shared/seed next to the crate; it is always \
             there in CI): {e}",
            path.display()
        )
    });
    let published = NaiveDate::from_ymd_opt(2023, 11, 15);
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).expect("valid date");
    let parsed = parse(DocumentKind::Text, &text, published, today).expect("text always parses");
    assert_eq!(parsed.published, published);
    (text, parsed.citations)
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn seventeen_citations_with_outlets_and_dates_in_order() {
    let (_, citations) = seed_citations();
    let found: Vec<(Option<&str>, Option<NaiveDate>, bool)> = citations
        .iter()
        .map(|c| (c.outlet.as_deref(), c.date, c.accessed))
        .collect();
    let expected = vec![
        (Some("Ikon"), date(2023, 9, 27), false),
        (Some("The Diplomat"), date(2023, 10, 31), false),
        (Some("China Daily"), date(2023, 9, 21), false),
        (Some("Ikon"), date(2023, 9, 27), false),
        (Some("Shanghai.consul"), date(2023, 5, 1), false),
        (Some("Eagle.mn"), date(2023, 9, 7), false),
        (Some("Ikon"), date(2022, 10, 16), false),
        (Some("Centralasia.media"), date(2023, 9, 25), false),
        (
            Some("Ministry of Foreign Affairs of Mongolia"),
            date(2023, 9, 26),
            false,
        ),
        (Some("Mnb.mn"), date(2023, 9, 27), false),
        (
            Some("Government Implementing Agency Forest Department"),
            date(2023, 9, 11),
            false,
        ),
        (Some("Eagle.mn"), date(2023, 9, 7), false),
        (
            Some("Ministry of Foreign Affairs of Mongolia"),
            date(2023, 11, 8),
            true,
        ),
        (Some("Eagle.mn"), date(2023, 9, 7), false),
        (Some("South China Morning Post"), date(2023, 5, 2), false),
        (
            Some("General Intelligence Agency of Mongolia"),
            date(2023, 11, 8),
            true,
        ),
        (Some("Dnn.mn"), date(2023, 11, 8), true),
    ];
    assert_eq!(found, expected);
    let ids: Vec<&str> = citations.iter().map(|c| c.id.as_str()).collect();
    let expected_ids: Vec<String> = (1..=17).map(|i| format!("c{i}")).collect();
    assert_eq!(ids, expected_ids);
    assert_eq!(citations.iter().filter(|c| c.accessed).count(), 3);
    assert!(citations.iter().all(|c| c.url.is_none()));
}

#[test]
fn positions_point_at_the_opening_parenthesis() {
    let (text, citations) = seed_citations();
    let lines: Vec<&str> = text.lines().collect();
    for c in &citations {
        let line = lines[c.line - 1];
        let rest: String = line.chars().skip(c.column - 1).collect();
        let outlet = c
            .outlet
            .as_deref()
            .expect("every seed citation names its outlet");
        // Citations of one group share its opening parenthesis.
        let group: String = rest.chars().take_while(|&ch| ch != ')').collect();
        assert!(
            group.starts_with('(') && group.contains(&format!("{outlet},")),
            "{} at {}:{} reads {:?}",
            c.id,
            c.line,
            c.column,
            rest.chars().take(40).collect::<String>()
        );
    }
}

#[test]
fn acronym_and_photo_credit_are_not_citations() {
    let (_, citations) = seed_citations();
    assert!(citations.iter().all(|c| c.outlet.as_deref() != Some("BRI")
        && !c.outlet.as_deref().unwrap_or("").contains("Source")));
    // The photo credit is line 5; the first citation is in the first body paragraph.
    assert!(citations.iter().all(|c| c.line > 5));
    // "(BRI)" sits in the sentence of the second citation, which still reads whole.
    assert!(citations[1]
        .claim
        .contains("Belt and Road Initiative (BRI)"));
}

#[test]
fn claims_context_and_quotes() {
    let (_, citations) = seed_citations();
    let first = &citations[0];
    assert!(first.claim.starts_with("Mongolia is currently updating"));
    assert!(first.claim.ends_with("remains foundational."));
    assert_eq!(first.context, "", "first sentence of its paragraph");
    // The citation group itself is not part of the claim.
    assert!(citations.iter().all(|c| !c.claim.contains("(Ikon,")));

    // The quote opened with “ and never closed runs to its citation.
    let unclosed = &citations[5];
    assert_eq!(unclosed.outlet.as_deref(), Some("Eagle.mn"));
    assert_eq!(
        unclosed.quotes,
        vec!["cooperate more closely on road, bridge, and infrastructure projects"]
    );
    assert!(unclosed.claim.starts_with("More recently"));
    assert!(
        unclosed.context.is_empty(),
        "the previous sentence is cited"
    );

    // A closed quote in a claim.
    let friendship = &citations[7];
    assert_eq!(
        friendship.quotes,
        vec!["Days of Mongolian-Chinese Friendship"]
    );
    // The uncited sentence before it is its context.
    assert!(friendship
        .context
        .starts_with("For example, a working group"));
}

#[test]
fn two_part_group_shares_one_claim() {
    let (_, citations) = seed_citations();
    let (a, b) = (&citations[8], &citations[9]);
    assert_eq!(
        a.outlet.as_deref(),
        Some("Ministry of Foreign Affairs of Mongolia")
    );
    assert_eq!(b.outlet.as_deref(), Some("Mnb.mn"));
    assert_eq!(a.claim, b.claim);
    assert_eq!(a.context, b.context);
    assert_eq!((a.line, a.column), (b.line, b.column));
    assert!(a
        .claim
        .starts_with("Chinese Ambassador Shen Minjuan pledged"));
    assert!(a.context.starts_with("On September 26"));
}

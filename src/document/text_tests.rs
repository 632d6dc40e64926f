//! Tests of the parenthetical grammar on sentences written for these tests.

use super::*;

fn groups(text: &str) -> Vec<Group> {
    find_groups(text, &[], &[])
}

fn day(month: u32, day: u32, year: Option<i32>) -> Option<WrittenDate> {
    let date = WrittenDate::new(month, day, year);
    assert!(date.exists(), "test dates are real");
    Some(date)
}

/// (outlet, dates, accessed) of every part of every group.
fn summary(text: &str) -> Vec<(String, Vec<Option<WrittenDate>>, bool)> {
    groups(text)
        .into_iter()
        .flat_map(|g| g.parts)
        .map(|p| (p.outlet, p.dates, p.accessed))
        .collect()
}

#[test]
fn simple_outlet_and_day() {
    let text = "Wheat prices doubled over the winter (Steppe Herald, March 4).";
    let found = groups(text);
    assert_eq!(found.len(), 1);
    assert_eq!(&text[found[0].range.clone()], "(Steppe Herald, March 4)");
    assert_eq!(
        summary(text),
        vec![("Steppe Herald".to_string(), vec![day(3, 4, None)], false)]
    );
}

#[test]
fn abbreviated_months_with_and_without_period() {
    assert_eq!(
        summary("One (Gobi Post, Sept. 9). Two (Gobi Post, Sep 10). Three (Gobi Post, Aug. 2)."),
        vec![
            ("Gobi Post".to_string(), vec![day(9, 9, None)], false),
            ("Gobi Post".to_string(), vec![day(9, 10, None)], false),
            ("Gobi Post".to_string(), vec![day(8, 2, None)], false),
        ]
    );
}

#[test]
fn dates_with_a_year_in_both_orders() {
    assert_eq!(
        summary("A (River Times, June 3, 2021). B (River Times, 14 February 2020)."),
        vec![
            (
                "River Times".to_string(),
                vec![day(6, 3, Some(2021))],
                false
            ),
            (
                "River Times".to_string(),
                vec![day(2, 14, Some(2020))],
                false
            ),
        ]
    );
}

#[test]
fn several_days_for_one_outlet() {
    assert_eq!(
        summary("The vote was delayed twice (Valley Daily, March 6, 8)."),
        vec![(
            "Valley Daily".to_string(),
            vec![day(3, 6, None), day(3, 8, None)],
            false
        )]
    );
    assert_eq!(
        summary("Both rounds ended (Valley Daily, March 6, 8, 2019)."),
        vec![(
            "Valley Daily".to_string(),
            vec![day(3, 6, Some(2019)), day(3, 8, Some(2019))],
            false
        )]
    );
    assert_eq!(
        summary("It rained (Valley Daily, April 30 and May 2)."),
        vec![(
            "Valley Daily".to_string(),
            vec![day(4, 30, None), day(5, 2, None)],
            false
        )]
    );
}

#[test]
fn semicolon_group_gives_one_part_per_outlet() {
    let text = "The bridge opened (Harbor Gazette, July 1; see Ledger.kz, July 2).";
    assert_eq!(
        summary(text),
        vec![
            ("Harbor Gazette".to_string(), vec![day(7, 1, None)], false),
            ("Ledger.kz".to_string(), vec![day(7, 2, None)], false),
        ]
    );
    assert_eq!(groups(text).len(), 1);
}

#[test]
fn see_prefix_is_not_part_of_the_outlet() {
    assert_eq!(
        summary("Earlier analysis agreed (see EDM, January 12)."),
        vec![("EDM".to_string(), vec![day(1, 12, None)], false)]
    );
}

#[test]
fn see_across_a_line_break_and_see_also() {
    assert_eq!(
        summary("Agreed (Tal News, May 1; see\nOre Weekly, May 2; See also Gobi Post, May 3)."),
        vec![
            ("Tal News".to_string(), vec![day(5, 1, None)], false),
            ("Ore Weekly".to_string(), vec![day(5, 2, None)], false),
            ("Gobi Post".to_string(), vec![day(5, 3, None)], false),
        ]
    );
}

#[test]
fn accessed_and_undated() {
    assert_eq!(
        summary("The registry lists 40 firms (Bureau of Trade Statistics, accessed June 5)."),
        vec![(
            "Bureau of Trade Statistics".to_string(),
            vec![day(6, 5, None)],
            true
        )]
    );
    assert_eq!(
        summary("A pamphlet said so (Office of the Mayor of Darkhan, n.d.)."),
        vec![(
            "Office of the Mayor of Darkhan".to_string(),
            vec![None],
            false
        )]
    );
}

#[test]
fn accessed_on_and_retrieved_with_a_year() {
    assert_eq!(
        summary("A (UB Daily, accessed on May 3, 2023; Gobi Post, retrieved 4 May 2023)."),
        vec![
            ("UB Daily".to_string(), vec![day(5, 3, Some(2023))], true),
            ("Gobi Post".to_string(), vec![day(5, 4, Some(2023))], true),
        ]
    );
    assert!(groups("B (UB Daily, accessed)").is_empty());
    assert!(groups("C (UB Daily, accessed n.d.)").is_empty());
}

#[test]
fn outlet_names_with_dots_apostrophes_and_of_the() {
    assert_eq!(
        summary("X (Ministry of Culture of the People's Assembly, May 3; Ger.news, May 4)."),
        vec![
            (
                "Ministry of Culture of the People's Assembly".to_string(),
                vec![day(5, 3, None)],
                false
            ),
            ("Ger.news".to_string(), vec![day(5, 4, None)], false),
        ]
    );
}

#[test]
fn outlet_with_a_comma_takes_the_first_split_that_leaves_dates() {
    assert_eq!(
        summary("Y (Department of Roads, Khovd, October 2)."),
        vec![(
            "Department of Roads, Khovd".to_string(),
            vec![day(10, 2, None)],
            false
        )]
    );
}

#[test]
fn trailing_url_field() {
    let found = groups("Z (Tal News, May 9, https://tal.example/a/1).");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].parts[0].url.as_deref(),
        Some("https://tal.example/a/1")
    );
}

#[test]
fn iso_date_and_ordinals() {
    assert_eq!(
        summary("Q (Tal News, 2022-11-03). R (Tal News, May 3rd)."),
        vec![
            ("Tal News".to_string(), vec![day(11, 3, Some(2022))], false),
            ("Tal News".to_string(), vec![day(5, 3, None)], false),
        ]
    );
}

#[test]
fn non_citations_are_prose() {
    for text in [
        "The Northern Rail Corridor (NRC) was proposed.",
        "(Source: National Statistics Office of the Republic)",
        "(Photo: Ministry of Energy, May 2)",
        "The details follow (see below).",
        "Exports fell (about 2 percent, March 3).",
        "Growth resumed (2015).",
        "Growth resumed (Tal News, 2015).",
        "A dam was built (in the 1990s).",
        "He spoke (in Mongolian, May 3).",
        "A copper find (e.g., at Oyu, May 3).",
        "The record stands (May 1, May 5).",
        "No outlet (, May 3).",
        "Unclosed (Tal News, May 3.",
        "Stray ) closers ) (( and (nothing).",
        "A list (Tal News, May 3,).",
        "Numbers (15, 16).",
    ] {
        assert!(groups(text).is_empty(), "{text:?} gave {:?}", groups(text));
    }
}

#[test]
fn an_impossible_day_is_still_a_citation() {
    let found = groups("Odd (Tal News, February 30; Ore Weekly, February 29, 2023).");
    let parts = &found[0].parts;
    assert_eq!(parts.len(), 2);
    let published = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).expect("valid");
    assert_eq!(parts[0].dates[0].and_then(|d| d.resolve(published)), None);
    assert_eq!(parts[1].dates[0].and_then(|d| d.resolve(published)), None);
}

#[test]
fn one_bad_part_does_not_hide_a_good_one() {
    assert_eq!(
        summary("W (emphasis added; Tal News, May 3)."),
        vec![("Tal News".to_string(), vec![day(5, 3, None)], false)]
    );
}

#[test]
fn inline_code_is_opaque() {
    let text = "Call `f(Tal News, May 3)` now.";
    let open = text.find('`').expect("backtick");
    let close = text.rfind('`').expect("backtick");
    let code = open..close + 1;
    assert!(find_groups(text, std::slice::from_ref(&code), &[]).is_empty());
}

#[test]
fn link_text_as_url_field() {
    let text = "V (Tal News, May 3, the article).";
    let link = text.find("the article").expect("link text");
    let link = link..link + "the article".len();
    let found = find_groups(text, &[], std::slice::from_ref(&link));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].parts[0].outlet, "Tal News");
    assert_eq!(found[0].parts[0].url, None);
}

#[test]
fn nested_parentheses_in_an_outlet() {
    assert_eq!(
        summary("U (Ministry of Health (Mongolia), May 5)."),
        vec![(
            "Ministry of Health (Mongolia)".to_string(),
            vec![day(5, 5, None)],
            false
        )]
    );
}

#[test]
fn caseless_scripts_and_lowercase_domains() {
    assert_eq!(
        summary("T (新华社, May 6; news.mn, May 7)."),
        vec![
            ("新华社".to_string(), vec![day(5, 6, None)], false),
            ("news.mn".to_string(), vec![day(5, 7, None)], false),
        ]
    );
}

#[test]
fn link_text_outlet_and_date() {
    let part = parse_link_text("Tal News, Dec. 30").expect("reads as a citation");
    assert_eq!(part.outlet, "Tal News");
    assert_eq!(part.dates, vec![day(12, 30, None)]);
    assert!(parse_link_text("the full report").is_none());
}

#[test]
fn huge_parenthetical_is_skipped_quickly() {
    let text = format!("({}, May 3)", "A".repeat(10_000));
    assert!(groups(&text).is_empty());
}

//! The verdict rules of DESIGN.md, one test per rule, on hand-built evidence.

use chrono::NaiveDate;
use citecheck::model::{
    ArchivedCopy, Change, DateEvidence, Evidence, Fact, History, Link, LinkStatus, Location, Quote,
    QuoteMatch, Severity, Verdict,
};
use citecheck::verdict::{
    decide, link_severity, verdict_severity, Decision, VerdictInput, THRESHOLDS,
};

fn link(status: LinkStatus) -> Link {
    Link::not_requested(status, None)
}

fn quote(kind: QuoteMatch, score: f64, location: Location, reason: &str) -> Quote {
    Quote {
        text: "q".into(),
        match_kind: kind,
        score,
        location,
        excerpt: None,
        reason: reason.into(),
    }
}

fn exact() -> Quote {
    quote(
        QuoteMatch::Exact,
        1.0,
        Location::Body,
        "found verbatim in the article body",
    )
}

fn fact(text: &str, found: bool) -> Fact {
    Fact {
        text: text.into(),
        value: text.into(),
        found,
        excerpt: None,
    }
}

fn evidence(numbers: Vec<Fact>, names: Vec<Fact>) -> Evidence {
    Evidence {
        numbers,
        names,
        date: DateEvidence::default(),
        body_chars: Some(1000),
        notes: Vec::new(),
    }
}

fn run(status: LinkStatus, quotes: &[Quote], evidence: &Evidence) -> Decision {
    let link = link(status);
    decide(&VerdictInput {
        link: &link,
        content_checked: true,
        quotes,
        evidence,
        archive: None,
        history: None,
    })
}

#[test]
fn the_thresholds_table_is_what_design_says() {
    // black_box: read the table as a value, as the matcher does at run time.
    let t = std::hint::black_box(THRESHOLDS);
    assert_eq!(
        t.quote_verifies, 0.9,
        "DESIGN.md: fuzzy score ≥ 0.9 verifies"
    );
    assert_eq!(t.facts_to_verify, 2, "DESIGN.md: at least two facts");
    assert_eq!(t.date_tolerance_days, 1, "DESIGN.md: ±1 day");
    assert!(t.quote_fuzzy_floor > 0.5 && t.quote_fuzzy_floor < t.quote_verifies);
    assert!(t.hedge_under < 1.0 && t.hedge_over > 1.0);
    assert!(t.hedge_about > 0.0 && t.hedge_about < 0.5);
    assert!(t.name_max_edits <= 2 && t.name_letters_per_edit >= 4);
}

#[test]
fn link_severities_follow_the_design_table() {
    use LinkStatus::*;
    let errors = [
        NotFound,
        Gone,
        Soft404,
        DnsError,
        ClientError,
        RedirectLoop,
        InvalidUrl,
    ];
    let warnings = [
        Redirected,
        Blocked,
        RateLimited,
        Timeout,
        ServerError,
        NetworkError,
        TlsError,
        RobotsDisallowed,
        TooLarge,
        Unresolved,
    ];
    for status in LinkStatus::ALL {
        let expected = if errors.contains(&status) {
            Severity::Error
        } else if warnings.contains(&status) {
            Severity::Warning
        } else {
            Severity::Ok
        };
        assert_eq!(link_severity(status), expected, "{status}");
    }
    assert_eq!(verdict_severity(Verdict::Verified), Severity::Ok);
    assert_eq!(verdict_severity(Verdict::NotFound), Severity::Error);
    for v in [Verdict::Partial, Verdict::Unverifiable, Verdict::Unchecked] {
        assert_eq!(verdict_severity(v), Severity::Warning);
    }
}

#[test]
fn every_quote_found_in_the_body_verifies() {
    let d = run(
        LinkStatus::Ok,
        &[exact(), exact()],
        &evidence(vec![], vec![]),
    );
    assert_eq!(d.verdict, Verdict::Verified);
    assert_eq!(d.severity, Severity::Ok);
    assert_eq!(
        d.reasons[0],
        "quote 1 of 2: found verbatim in the article body"
    );
    let d = run(LinkStatus::Ok, &[exact()], &evidence(vec![], vec![]));
    assert_eq!(d.reasons, ["quote found verbatim in the article body"]);
}

#[test]
fn fuzzy_quotes_verify_at_the_threshold_and_support_below_it() {
    let close = quote(QuoteMatch::Fuzzy, 0.9, Location::Body, "close match");
    assert_eq!(
        run(LinkStatus::Ok, &[close], &evidence(vec![], vec![])).verdict,
        Verdict::Verified
    );
    let weaker = quote(QuoteMatch::Fuzzy, 0.85, Location::Body, "close match");
    let d = run(LinkStatus::Ok, &[weaker], &evidence(vec![], vec![]));
    assert_eq!(d.verdict, Verdict::Partial);
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn a_quote_only_in_the_boilerplate_does_not_verify() {
    let boiler = quote(
        QuoteMatch::Exact,
        1.0,
        Location::Boilerplate,
        "found only in the page's boilerplate",
    );
    let d = run(LinkStatus::Ok, &[boiler], &evidence(vec![], vec![]));
    assert_eq!(d.verdict, Verdict::NotFound);
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn some_quotes_found_is_partial_none_is_not_found() {
    let missing = quote(
        QuoteMatch::None,
        0.0,
        Location::None,
        "not found in the source",
    );
    let d = run(
        LinkStatus::Ok,
        &[exact(), missing.clone()],
        &evidence(vec![], vec![]),
    );
    assert_eq!(d.verdict, Verdict::Partial);
    let d = run(LinkStatus::Ok, &[missing], &evidence(vec![], vec![]));
    assert_eq!(d.verdict, Verdict::NotFound);
}

#[test]
fn a_found_quote_with_a_missing_number_is_partial_and_says_which() {
    let e = evidence(
        vec![fact("$20 billion", true), fact("$5.4 billion", false)],
        vec![],
    );
    let d = run(LinkStatus::Ok, &[exact()], &e);
    assert_eq!(
        d.verdict,
        Verdict::Partial,
        "never stronger than the evidence"
    );
    assert!(
        d.reasons
            .contains(&"1 of 2 numbers found; '$5.4 billion' not in the source".to_string()),
        "{:?}",
        d.reasons
    );
}

#[test]
fn without_quotes_two_facts_found_verify() {
    let e = evidence(
        vec![fact("19 percent", true)],
        vec![fact("Khurelsukh", true)],
    );
    let d = run(LinkStatus::Ok, &[], &e);
    assert_eq!(d.verdict, Verdict::Verified);
    assert!(
        d.reasons
            .contains(&"the number '19 percent' found".to_string()),
        "{:?}",
        d.reasons
    );
}

#[test]
fn without_quotes_missing_facts_make_it_partial() {
    let e = evidence(
        vec![
            fact("$20 billion", true),
            fact("19 percent", true),
            fact("$5.4 billion", false),
        ],
        vec![],
    );
    let d = run(LinkStatus::Ok, &[], &e);
    assert_eq!(d.verdict, Verdict::Partial);
    assert!(d
        .reasons
        .contains(&"2 of 3 numbers found; '$5.4 billion' not in the source".to_string()));
}

#[test]
fn without_quotes_one_fact_is_too_little_to_verify() {
    let d = run(
        LinkStatus::Ok,
        &[],
        &evidence(vec![fact("7,543", true)], vec![]),
    );
    assert_eq!(d.verdict, Verdict::Partial);
    assert!(
        d.reasons.iter().any(|r| r.contains("2 facts are needed")),
        "{:?}",
        d.reasons
    );
}

#[test]
fn without_quotes_no_fact_found_is_not_found() {
    let e = evidence(
        vec![fact("$20 billion", false)],
        vec![fact("Oyun-Erdene", false)],
    );
    let d = run(LinkStatus::Ok, &[], &e);
    assert_eq!(d.verdict, Verdict::NotFound);
    assert_eq!(d.severity, Severity::Error);
    assert!(d
        .reasons
        .contains(&"the number '$20 billion' is not in the source".to_string()));
}

#[test]
fn a_claim_with_nothing_to_check_is_unchecked_not_a_false_alarm() {
    let d = run(LinkStatus::Ok, &[], &evidence(vec![], vec![]));
    assert_eq!(d.verdict, Verdict::Unchecked);
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn a_translated_quote_rests_on_the_facts_and_is_at_most_partial() {
    let translated = Quote::unchecked(
        "We will win",
        "the quote is in Latin script but the source is in Cyrillic: a translation",
    );
    let all_found = evidence(
        vec![fact("$20 billion", true), fact("19 percent", true)],
        vec![fact("Khurelsukh", true)],
    );
    let d = run(
        LinkStatus::Ok,
        std::slice::from_ref(&translated),
        &all_found,
    );
    assert_eq!(d.verdict, Verdict::Partial);
    let d = run(
        LinkStatus::Ok,
        std::slice::from_ref(&translated),
        &evidence(vec![], vec![]),
    );
    assert_eq!(
        d.verdict,
        Verdict::Unchecked,
        "no facts: cannot say, must not say not_found"
    );
    let none_found = evidence(vec![fact("$20 billion", false)], vec![]);
    let d = run(LinkStatus::Ok, &[translated], &none_found);
    assert_eq!(d.verdict, Verdict::NotFound);
}

#[test]
fn a_disagreeing_date_keeps_a_citation_from_being_verified() {
    let mut e = evidence(vec![], vec![]);
    e.date = DateEvidence {
        cited: NaiveDate::from_ymd_opt(2023, 9, 27),
        published: NaiveDate::from_ymd_opt(2023, 10, 5),
        matches: Some(false),
    };
    let d = run(LinkStatus::Ok, &[exact()], &e);
    assert_eq!(d.verdict, Verdict::Partial);
    assert!(d
        .reasons
        .contains(&"cited date 2023-09-27 but the source was published 2023-10-05".to_string()));
    e.date.matches = Some(true);
    assert_eq!(
        run(LinkStatus::Ok, &[exact()], &e).verdict,
        Verdict::Verified
    );
}

#[test]
fn a_page_without_article_text_is_unverifiable() {
    let mut e = evidence(vec![fact("19 percent", false)], vec![]);
    e.body_chars = Some(0);
    let d = run(LinkStatus::Ok, &[], &e);
    assert_eq!(d.verdict, Verdict::Unverifiable);
    assert_eq!(d.reasons, ["the page has no article text"]);
}

#[test]
fn an_unreadable_source_is_unverifiable_with_the_link_severity() {
    for (status, severity) in [
        (LinkStatus::NotFound, Severity::Error),
        (LinkStatus::Soft404, Severity::Error),
        (LinkStatus::Blocked, Severity::Warning),
        (LinkStatus::Timeout, Severity::Warning),
        (LinkStatus::Unresolved, Severity::Warning),
    ] {
        let l = link(status);
        let d = decide(&VerdictInput {
            link: &l,
            content_checked: status == LinkStatus::Soft404,
            quotes: &[exact()],
            evidence: &evidence(vec![], vec![]),
            archive: None,
            history: None,
        });
        assert_eq!(d.verdict, Verdict::Unverifiable, "{status}");
        assert_eq!(d.severity, severity, "{status}");
    }
}

#[test]
fn a_dry_run_is_unchecked() {
    let l = link(LinkStatus::Unchecked);
    let d = decide(&VerdictInput {
        link: &l,
        content_checked: false,
        quotes: &[],
        evidence: &Evidence::default(),
        archive: None,
        history: None,
    });
    assert_eq!(d.verdict, Verdict::Unchecked);
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn a_dead_link_whose_archive_verifies_is_a_warning() {
    let l = link(LinkStatus::NotFound);
    let archive = ArchivedCopy {
        url: "https://archive.example/x".into(),
        captured: "2023-09-28T10:00:00Z".into(),
        verdict: Verdict::Verified,
    };
    let d = decide(&VerdictInput {
        link: &l,
        content_checked: false,
        quotes: &[],
        evidence: &Evidence::default(),
        archive: Some(&archive),
        history: None,
    });
    assert_eq!(d.verdict, Verdict::Verified);
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        d.reasons,
        ["the link is not_found; the archived copy of 2023-09-28 verifies the claim"]
    );
    let failing = ArchivedCopy {
        verdict: Verdict::NotFound,
        ..archive
    };
    let d = decide(&VerdictInput {
        link: &l,
        content_checked: false,
        quotes: &[],
        evidence: &Evidence::default(),
        archive: Some(&failing),
        history: None,
    });
    assert_eq!(d.verdict, Verdict::NotFound);
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn an_unconfirmed_broken_link_is_a_suspect_warning() {
    let l = link(LinkStatus::Gone);
    let mut history = History {
        change: Change::NewlyBroken,
        failures: 1,
        first_failed: Some("2024-02-03T00:00:00Z".into()),
        confirmed: false,
    };
    let input = |h: &History| {
        Decision::clone(&decide(&VerdictInput {
            link: &l,
            content_checked: false,
            quotes: &[],
            evidence: &Evidence::default(),
            archive: None,
            history: Some(h),
        }))
    };
    let d = input(&history);
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.reasons.iter().any(|r| r.starts_with("suspect")),
        "{:?}",
        d.reasons
    );
    history.confirmed = true;
    assert_eq!(input(&history).severity, Severity::Error);
}

#[test]
fn a_redirected_link_keeps_its_warning_even_when_verified() {
    let d = run(
        LinkStatus::Redirected,
        &[exact()],
        &evidence(vec![], vec![]),
    );
    assert_eq!(d.verdict, Verdict::Verified);
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn notes_from_matching_reach_the_reasons() {
    let mut e = evidence(vec![fact("19 percent", true)], vec![]);
    e.notes
        .push("names not checked (Li Wei): the source is in Chinese/Japanese script".into());
    let d = run(LinkStatus::Ok, &[exact()], &e);
    assert!(d.reasons.iter().any(|r| r.starts_with("names not checked")));
}

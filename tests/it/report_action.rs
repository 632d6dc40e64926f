//! What the editor is told to do, rule by rule (`report::action`), and the citation keys
//! that history and `citecheck accept` name citations by (`model::key`).

use crate::report_fixtures;

use citecheck::model::key::document_keys;
use citecheck::model::{
    ArchivedCopy, Candidate, Fact, Link, LinkStatus, Location, Quote, QuoteMatch, Resolution,
    ResolutionMethod, Severity, Verdict,
};
use citecheck::report::action::{fix_of, FixKind};

use report_fixtures::{at, citation};

fn fact(text: &str, source: Option<&str>) -> Fact {
    Fact {
        text: text.into(),
        value: text.into(),
        found: source.is_none(),
        excerpt: None,
        source_value: source.map(str::to_string),
    }
}

#[test]
fn nothing_to_do_for_a_linked_verified_citation() {
    let c = citation("c1", "Ikon", Severity::Ok);
    assert_eq!(fix_of(&c), None);
}

#[test]
fn a_contradicted_figure_comes_first_and_names_both_figures() {
    let mut c = citation("c1", "Ikon", Severity::Error);
    c.verdict = Verdict::Partial;
    c.evidence.numbers = vec![
        fact("450 MW", None),
        fact("$1.2 billion", Some("$1.5 billion")),
    ];
    // Even with a misquote too, the figure is the surest finding.
    c.quotes = vec![Quote {
        text: "a quote".into(),
        match_kind: QuoteMatch::None,
        score: 0.2,
        location: Location::None,
        excerpt: Some("the passage".into()),
        reason: "not found in the source".into(),
    }];
    let fix = fix_of(&c).expect("a fix");
    assert_eq!(fix.kind, FixKind::FixFigure);
    assert_eq!(fix.old.as_deref(), Some("$1.2 billion"));
    assert_eq!(fix.new.as_deref(), Some("$1.5 billion"));
    assert_eq!(
        fix.action,
        "Fix the figure: the source says '$1.5 billion', not '$1.2 billion'."
    );
}

#[test]
fn a_misquote_quotes_the_closest_passage_shortened() {
    let mut c = citation("c1", "Ikon", Severity::Error);
    let passage = format!("…{}…", "word ".repeat(80));
    c.quotes = vec![Quote {
        text: "what was said".into(),
        match_kind: QuoteMatch::None,
        score: 0.3,
        location: Location::None,
        excerpt: Some(passage.clone()),
        reason: "not found in the source".into(),
    }];
    let fix = fix_of(&c).expect("a fix");
    assert_eq!(fix.kind, FixKind::FixQuote);
    assert_eq!(
        fix.new.as_deref(),
        Some(passage.as_str()),
        "the list keeps it whole"
    );
    assert!(fix
        .action
        .starts_with("Fix the quote: the source does not say “what was said”"));
    assert!(fix.action.chars().count() < 260, "{}", fix.action);
    assert!(fix.action.ends_with("…”."), "{}", fix.action);
}

#[test]
fn a_dead_link_with_a_supporting_copy_is_replaced_by_the_citable_address() {
    let mut c = citation("c1", "Ikon", Severity::Warning);
    c.link = Link::not_requested(LinkStatus::NotFound, None);
    c.archive = Some(ArchivedCopy::found(
        "https://web.archive.org/web/20240228093000id_/https://ikon.example/news/c1",
        at("2024-02-28T09:30:00Z"),
        Verdict::Verified,
    ));
    let fix = fix_of(&c).expect("a fix");
    assert_eq!(fix.kind, FixKind::ReplaceUrl);
    assert_eq!(
        fix.new.as_deref(),
        Some("https://web.archive.org/web/20240228093000/https://ikon.example/news/c1")
    );
    assert_eq!(
        fix.action,
        "Replace the link with the archived copy \
         https://web.archive.org/web/20240228093000/https://ikon.example/news/c1"
    );
    // Without a copy that supports the claim, the editor must find another source.
    c.archive = None;
    c.severity = Severity::Error;
    let fix = fix_of(&c).expect("a fix");
    assert_eq!(fix.kind, FixKind::Review);
    assert!(
        fix.action.starts_with("Find the page's new address"),
        "{}",
        fix.action
    );
}

#[test]
fn a_moved_page_updates_the_url_and_a_found_page_adds_its_link() {
    let mut moved = citation("c1", "Ikon", Severity::Warning);
    moved.link.status = LinkStatus::Redirected;
    moved.link.final_url = Some("https://ikon.example/new".into());
    let fix = fix_of(&moved).expect("a fix");
    assert_eq!(fix.kind, FixKind::ReplaceUrl);
    assert_eq!(
        fix.action,
        "Update the URL to https://ikon.example/new, where the page moved."
    );

    let mut found = citation("c2", "Ikon", Severity::Ok);
    found.resolution = Some(Resolution {
        method: ResolutionMethod::Sitemap,
        confidence: 0.92,
        candidates: vec![Candidate {
            url: "https://ikon.example/news/c2".into(),
            score: 0.92,
        }],
        via: None,
        discovered: false,
    });
    let fix = fix_of(&found).expect("a fix");
    assert_eq!(fix.kind, FixKind::AddUrl);
    assert_eq!(
        fix.action,
        "Add the link https://ikon.example/news/c2 (found through the outlet's sitemap, \
         confidence 0.92)."
    );
}

#[test]
fn identical_citations_get_numbered_keys_and_keys_survive_edits_elsewhere() {
    let mut citations = vec![
        citation("c1", "Ikon", Severity::Ok),
        citation("c2", "Ikon", Severity::Ok),
        citation("c3", "Ikon", Severity::Ok),
    ];
    // c3 is c1 again, word for word, at another place in the document.
    citations[2].url = citations[0].url.clone();
    citations[2].claim = citations[0].claim.clone();
    document_keys("a.md", &mut citations);
    assert_eq!(citations[2].key, format!("{}-2", citations[0].key));
    assert_ne!(citations[0].key, citations[1].key);
    // A citation added above, and the ids moved: the keys did not.
    let before: Vec<String> = citations.iter().map(|c| c.key.clone()).collect();
    let mut edited = vec![citation("c0", "Montsame", Severity::Ok)];
    edited.extend(citations.clone());
    for (i, c) in edited.iter_mut().enumerate() {
        c.id = format!("c{}", i + 1);
        c.line += 4;
    }
    document_keys("a.md", &mut edited);
    let after: Vec<String> = edited[1..].iter().map(|c| c.key.clone()).collect();
    assert_eq!(before, after);
    // Another document: other keys.
    let mut elsewhere = citations.clone();
    document_keys("b.md", &mut elsewhere);
    assert_ne!(elsewhere[0].key, citations[0].key);
}

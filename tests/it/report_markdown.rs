//! The Markdown reports: the full report and the short step summary — their content, the
//! `--fail-on` cut, history sections, caps, and escaping that keeps tables and links intact.

use crate::report_fixtures;

use citecheck::model::{
    Candidate, Change, DateEvidence, FailureCause, History, Link, LinkStatus, Location, Quote,
    QuoteMatch, Resolution, ResolutionMethod, Severity,
};
use citecheck::report::{self, Format};

use report_fixtures::{citation, day, report, sample_report, HOSTILE_TITLE};

fn table_rows(markdown: &str) -> Vec<&str> {
    markdown
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| #") && !l.starts_with("| document"))
        .collect()
}

/// Cells of a table row, splitting on unescaped pipes only (as GFM does).
fn cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in row.trim().trim_matches('|').chars() {
        match (c, escaped) {
            ('\\', false) => {
                escaped = true;
                current.push(c);
                continue;
            }
            ('|', false) => cells.push(std::mem::take(&mut current).trim().to_string()),
            _ => current.push(c),
        }
        escaped = false;
    }
    cells.push(current.trim().to_string());
    cells
}

#[test]
fn full_report_lists_every_citation_problems_first_with_details() {
    let md = report::render(&sample_report(), Format::Markdown, Some(Severity::Error));
    assert!(md.starts_with("# citecheck report\n"));
    assert!(md.contains("**5 citations** in 1 document — 2 errors · 1 warning · 2 ok"));
    assert!(md.contains("failing: 2"));
    let rows = table_rows(&md);
    assert_eq!(rows.len(), 5);
    let ids: Vec<String> = rows.iter().map(|r| cells(r)[0].clone()).collect();
    assert_eq!(ids, ["c2", "c4", "c3", "c1", "c5"]);
    for row in &rows {
        assert_eq!(
            cells(row).len(),
            8,
            "a pipe in scraped text split a cell: {row}"
        );
    }
    assert_eq!(cells(rows[0])[4], "page missing (404) (suspect)");
    assert_eq!(cells(rows[2])[6], "unchanged");
    // Details: highlight, redirects, archive, resolution, history, reasons.
    assert!(md.contains("— At the forum, **The Railway will open in 2025**, officials"));
    assert!(md.contains("- **Redirects:** [https\\:"));
    assert!(md.contains(
        "- **Archived copy:** [https\\://web\\.archive\\.org/web/20230928000000/https\\://hostile\\.example/a]\
         (<https://web.archive.org/web/20230928000000/https://hostile.example/a>) captured"
    ));
    assert!(
        md.contains("- **Found by:** found through the outlet's feed, listed at https\\://ikon\\.example/rss; \
             confidence 0\\.92"),
        "resolution explained in words: {md}"
    );
    assert!(md.contains("; candidates: [https"), "{md}");
    assert!(
        md.contains("javascript\\:alert\\('candidate'\\) (0.10)"),
        "unsafe candidate as text"
    );
    assert!(md.contains(
        "- **History:** newly broken, 1 failed run since 2024\\-02\\-03T02\\:00\\:00Z, suspect"
    ));
    assert!(md.contains("- **Facts found:** 2025"));
    assert!(md.contains("- **Facts missing:** Khurelsukh"));
}

#[test]
fn scraped_text_cannot_make_markup() {
    let md = report::render(&sample_report(), Format::Markdown, Some(Severity::Error));
    // The hostile title appears only escaped.
    assert!(!md.contains(HOSTILE_TITLE));
    assert!(md.contains("\\<script\\>"));
    // Every `<` is escaped, except the opening of our own `](<https://…>)` destinations.
    for (at, _) in md.match_indices('<') {
        let before = &md[..at];
        let after = &md[at..];
        assert!(
            before.ends_with('\\') || (before.ends_with("](") && after.starts_with("<http")),
            "raw < at {at}: {:?}",
            &md[at.saturating_sub(30)..(at + 30).min(md.len())]
        );
    }
    // The claim's Markdown link and code span are inert.
    assert!(!md.contains("[link](javascript"));
    assert!(md.contains("\\[link\\]\\(javascript\\:alert\\(1\\)\\)"));
    assert!(md.contains("\\`code\\`"));
    // The javascript: URL of c3 is not a link; http URLs are, in angle-bracket form.
    assert!(!md.contains("](<javascript"));
    assert!(md.contains("](<https://ikon.example/news/c1>)"));
    // Terminal and NUL controls are flattened.
    assert!(!md.contains('\u{1b}') && !md.contains('\u{0}'));
}

#[test]
fn step_summary_is_short_and_lists_what_fails() {
    let sample = sample_report();
    let summary = report::render(&sample, Format::StepSummary, Some(Severity::Error));
    assert!(summary.starts_with("## citecheck\n"));
    assert!(summary.contains("### Failing (at or above error): 2"));
    let rows = table_rows(&summary);
    let ids: Vec<String> = rows.iter().map(|r| cells(r)[1].clone()).collect();
    assert_eq!(ids, ["c2", "c4"], "only citations at or above --fail-on");
    assert!(rows.iter().all(|r| cells(r).len() == 8));
    // Since the last run: each change once, with its citation.
    assert!(summary.contains("**Newly broken: 1**"));
    assert!(summary.contains("**Recovered: 1**"));
    assert!(summary.contains("**Content changed since last verified: 1**"));
    let newly = summary
        .lines()
        .find(|l| l.starts_with("- ") && l.contains("c2") && l.contains("— link"))
        .expect("newly broken line");
    // What to do leads, before the failing table.
    let todo = summary.find("### What to do").expect("what to do");
    assert!(todo < summary.find("### Failing").unwrap_or(0), "{summary}");
    assert!(newly.contains("1 failed run (suspect)"), "{newly}");
    // No details: it is a summary.
    assert!(!summary.contains("**Claim**"));

    let warnings = report::render(&sample, Format::StepSummary, Some(Severity::Warning));
    assert!(warnings.contains("### Failing (at or above warning): 3"));
    let never = report::render(&sample, Format::StepSummary, None);
    assert!(never.contains("### Errors (not failing: --fail-on never): 2"));
    assert!(never.contains("fail on: never · failing: 0"));
}

#[test]
fn step_summary_without_history_or_failures_stays_minimal() {
    let quiet = report(
        vec![citecheck::model::DocumentReport {
            warnings: Vec::new(),
            path: "a.md".into(),
            error: None,
            citations: vec![citation("c1", "Ikon", Severity::Ok)],
        }],
        true,
    );
    let summary = report::render(&quiet, Format::StepSummary, Some(Severity::Error));
    assert!(!summary.contains("###"), "{summary}");
    assert!(summary.contains("**1 citation** in 1 document — 1 ok"));
    assert!(summary.lines().count() < 10);
}

#[test]
fn step_summary_caps_long_lists() {
    let citations = (1..=120)
        .map(|i| {
            let mut c = citation(&format!("c{i}"), "Ikon", Severity::Error);
            c.history = Some(History {
                previous: None,
                regression: None,
                change: Change::NewlyBroken,
                failures: 1,
                first_failed: None,
                confirmed: false,
            });
            c
        })
        .collect();
    let big = report(
        vec![citecheck::model::DocumentReport {
            warnings: Vec::new(),
            path: "big.md".into(),
            error: None,
            citations,
        }],
        true,
    );
    let summary = report::render(&big, Format::StepSummary, Some(Severity::Error));
    assert_eq!(table_rows(&summary).len(), 50);
    assert_eq!(summary.matches("…and 70 more").count(), 2);
    assert!(summary.len() < 40_000, "{} bytes", summary.len());
}

#[test]
fn incomplete_runs_and_unreadable_documents_are_said() {
    let mut sample = sample_report();
    sample.documents.push(citecheck::model::DocumentReport {
        warnings: Vec::new(),
        path: "broken|doc.md".into(),
        error: Some("broken|doc.md:3:1: not UTF-8".into()),
        citations: Vec::new(),
    });
    let incomplete = report(sample.documents, false);
    let summary = report::render(&incomplete, Format::StepSummary, Some(Severity::Error));
    assert!(summary.contains("> **Incomplete run:**"));
    assert!(summary.contains(
        "- **broken\\|doc\\.md** could not be checked: broken\\|doc\\.md\\:3\\:1\\: not UTF\\-8"
    ));
}

#[test]
fn details_read_as_sentences_not_field_dumps() {
    let mut dead = citation("c1", "Ledger", Severity::Warning);
    let url = dead.url.clone().unwrap_or_default();
    dead.link = Link {
        http_status: Some(404),
        ..Link::not_requested(
            LinkStatus::NotFound,
            Some(FailureCause::HttpStatus { code: 404 }),
        )
    };
    dead.resolution = Some(Resolution {
        method: ResolutionMethod::Link,
        confidence: 1.0,
        candidates: vec![Candidate { url, score: 1.0 }],
        via: None,
        discovered: false,
    });
    dead.reasons = vec![
        "the page is gone (HTTP 404); the archived copy of 2024-02-28 verifies the claim".into(),
        "1 of 2 numbers found; '450' not in the source".into(),
    ];
    let mut missing = citation("c2", "Herald", Severity::Error);
    missing.quotes = vec![Quote {
        text: "cuts through winter pastures".into(),
        match_kind: QuoteMatch::None,
        score: 0.13,
        location: Location::None,
        excerpt: None,
        reason: String::new(),
    }];
    let mut page = citation("c3", "Ministry", Severity::Ok);
    page.accessed = true;
    page.evidence.date = DateEvidence {
        cited: page.date,
        published: None,
        matches: None,
        ..DateEvidence::default()
    };
    let one = report(
        vec![citecheck::model::DocumentReport {
            warnings: Vec::new(),
            path: "a.md".into(),
            error: None,
            citations: vec![dead, missing, page],
        }],
        true,
    );
    let md = report::render(&one, Format::Markdown, None);
    assert!(
        md.contains("- **Link:** page missing (404) (`not_found`)\n"),
        "{md}"
    );
    assert!(!md.contains("HTTP 404): HTTP 404"), "{md}");
    assert!(
        md.contains("- **Found by:** linked in the document\n"),
        "{md}"
    );
    assert!(!md.contains("candidates"), "{md}");
    assert!(
        md.contains(
            "- **Quote** “cuts through winter pastures”: not found \\(closest passage scored 0\\.13\\)\n"
        ),
        "{md}"
    );
    assert!(!md.contains("in none"), "{md}");
    assert!(
        md.contains("- **Date:** accessed 2023-09-27; the page shows no publication date"),
        "{md}"
    );
    // Reasons with semicolons of their own get a list, not a semicolon soup.
    assert!(
        md.contains("- **Reasons:**\n  - the page is gone \\(HTTP 404\\); the archived copy"),
        "{md}"
    );
    assert!(md.contains("- **Reason:** reason of c3"), "{md}");
}

#[test]
fn carried_rows_say_so_first_in_the_table() {
    let mut carried = citation("c1", "Ikon", Severity::Ok);
    carried.reasons = vec!["quote found verbatim".into()];
    carried.carried = true;
    carried.checked_at = Some(report_fixtures::at("2026-11-28T02:00:00Z"));
    let mut fresh = citation("c2", "Ikon", Severity::Ok);
    fresh.reasons = vec!["quote found verbatim".into()];
    let one = report(
        vec![citecheck::model::DocumentReport {
            warnings: Vec::new(),
            path: "a.md".into(),
            error: None,
            citations: vec![carried, fresh],
        }],
        true,
    );
    let md = report::render(&one, Format::Markdown, None);
    let rows = table_rows(&md);
    let reason = |id: &str| {
        rows.iter()
            .map(|r| cells(r))
            .find(|c| c[0] == id)
            .map(|c| c[7].clone())
            .unwrap_or_else(|| panic!("no row {id}: {md}"))
    };
    assert!(
        reason("c1").starts_with(r"\[carried from 2026\-11\-28\] quote found verbatim"),
        "{}",
        reason("c1")
    );
    assert_eq!(reason("c2"), "quote found verbatim");
}

#[test]
fn the_date_line_says_where_the_publication_date_was_read_and_names_the_update() {
    let mut updated = citation("c1", "Herald", Severity::Warning);
    updated.evidence.date = DateEvidence {
        cited: Some(day("2024-03-10")),
        published: Some(day("2024-03-04")),
        matches: Some(false),
        published_from: Some(citecheck::model::DateSource::Text),
        modified: Some(day("2024-03-10")),
    };
    let line = report::date_line(&updated).expect("a date line");
    assert_eq!(
        line,
        "cited 2024-03-10, published 2024-03-04 (from its text), updated 2024-03-10 \
         (differ: the cited date is the update's)"
    );
    updated.evidence.date.modified = None;
    updated.evidence.date.published_from = Some(citecheck::model::DateSource::Metadata);
    assert_eq!(
        report::date_line(&updated).as_deref(),
        Some("cited 2024-03-10, published 2024-03-04 (from its metadata) (differ)")
    );
}

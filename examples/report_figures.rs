//! Figures for reports and history: how long each format takes to render and how big it
//! is for a large run, and how fast the state file records observations.
//!
//! ```text
//! cargo run --release --example report_figures -- 5000
//! ```
//!
//! The argument is the number of citations (default 5000), spread over 50 documents, a
//! third of them with problems, every one with a quote, an excerpt and history. A second
//! argument writes the HTML report there (to time it in a browser).

use std::time::Instant;

use chrono::{NaiveDate, TimeZone, Utc};

use citecheck::fetch::Validators;
use citecheck::model::{
    Article, Change, CitationReport, DocumentReport, Evidence, FailureCause, History, Link,
    LinkStatus, Location, Quote, QuoteMatch, Report, Severity, Summary, Verdict, REPORT_SCHEMA,
};
use citecheck::report::{self, merge, terminal, Format};
use citecheck::state::{ManualClock, Observation, State};

fn citation(i: usize) -> CitationReport {
    let broken = i.is_multiple_of(3);
    CitationReport {
        id: format!("c{}", i % 100 + 1),
        outlet: Some(["Ikon", "Montsame", "Reuters", "Xinhua"][i % 4].into()),
        key: String::new(),
        title: None,
        column: 1,
        action: None,
        source: None,
        date: NaiveDate::from_ymd_opt(2023, 9, (i % 28 + 1) as u32),
        accessed: false,
        url: Some(format!("https://site{}.example/news/{i}", i % 40)),
        line: i % 100 + 1,
        claim: format!("Officials said “the railway will open in {}” at the forum, citing {i} sources.", 2020 + i % 10),
        context: "An earlier sentence gives the background of the project.".into(),
        quotes: vec![Quote {
            text: format!("the railway will open in {}", 2020 + i % 10),
            match_kind: if broken { QuoteMatch::Unchecked } else { QuoteMatch::Exact },
            score: 1.0,
            location: Location::Body,
            excerpt: Some(format!(
                "At the forum on Monday, the railway will open in {}, officials said, adding that the line would carry freight.",
                2020 + i % 10
            )),
            reason: "quote found verbatim".into(),
        }],
        link: Link {
            status: if broken { LinkStatus::NotFound } else { LinkStatus::Ok },
            http_status: Some(if broken { 404 } else { 200 }),
            final_url: None,
            redirects: Vec::new(),
            attempts: 1,
            elapsed_ms: 150,
            cause: broken.then_some(FailureCause::HttpStatus { code: 404 }),
        },
        published: None,
        language: Some("en".into()),
        verdict: if broken { Verdict::Unverifiable } else { Verdict::Verified },
        severity: if broken { Severity::Error } else { Severity::Ok },
        reasons: vec![if broken { "404 since 2024-02-03".into() } else { "quote found verbatim".into() }],
        evidence: Evidence::default(),
        resolution: None,
        archive: None,
        history: Some(History {
            previous: None,
            regression: None,
            change: if broken { Change::NewlyBroken } else { Change::Unchanged },
            failures: u32::from(broken),
            first_failed: None,
            confirmed: false,
        }),
        // Broken, with history not yet confirming it.
        suspect: broken,
        checked_at: None,
        carried: false,
        stale: false,
    }
}

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5000);
    let per_document = count.div_ceil(50).max(1);
    let documents: Vec<DocumentReport> = (0..count)
        .collect::<Vec<_>>()
        .chunks(per_document)
        .enumerate()
        .map(|(d, chunk)| DocumentReport {
            warnings: Vec::new(),
            path: format!("articles/{d}.md"),
            error: None,
            citations: chunk.iter().map(|&i| citation(i)).collect(),
        })
        .collect();
    let report = Report {
        schema: REPORT_SCHEMA.into(),
        generated_at: "2024-03-01T02:00:00Z".into(),
        complete: true,
        summary: Summary::of(&documents),
        documents,
    };
    println!("{count} citations in {} documents", report.documents.len());
    for format in Format::ALL {
        let start = Instant::now();
        let text = report::render(&report, format, Some(Severity::Error));
        println!(
            "render {:<10} {:>8.1} ms {:>10} bytes",
            format.suffix(),
            start.elapsed().as_secs_f64() * 1000.0,
            text.len()
        );
    }
    if let Some(path) = std::env::args().nth(2) {
        let html = report::render(&report, Format::Html, Some(Severity::Error));
        if let Err(e) = std::fs::write(&path, html) {
            eprintln!("{path}: {e}");
        }
    }
    let start = Instant::now();
    let table = terminal::table(&report, 100);
    println!(
        "render terminal   {:>8.1} ms {:>10} bytes",
        start.elapsed().as_secs_f64() * 1000.0,
        table.len()
    );
    let halves = merge::split(&report);
    let start = Instant::now();
    let merged = merge::merge(halves).map(|r| r.summary.citations);
    println!(
        "merge 50 reports  {:>8.1} ms ({merged:?} citations)",
        start.elapsed().as_secs_f64() * 1000.0
    );

    let dir = std::env::temp_dir().join(format!("citecheck-figures-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("state.sqlite");
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2024, 3, 1, 2, 0, 0).unwrap());
    let article = Article {
        text: "The railway will open in 2025, officials said. ".repeat(60),
        ..Article::default()
    };
    let validators = Validators {
        etag: Some("\"abc\"".into()),
        last_modified: None,
    };
    for run in 0..2 {
        let state = match State::open(&path, &clock) {
            Ok(state) => state,
            Err(e) => {
                eprintln!("state: {e}");
                return;
            }
        };
        let start = Instant::now();
        for i in 0..count {
            let observation = Observation {
                status: if i % 3 == 0 {
                    LinkStatus::NotFound
                } else {
                    LinkStatus::Ok
                },
                http_status: Some(200),
                article: (i % 3 != 0).then_some(&article),
                not_modified: false,
                verdict: Verdict::Verified,
                quotes: &[],
                validators: &validators,
            };
            if let Err(e) = state.record(
                &format!("https://site{}.example/news/{i}", i % 40),
                &observation,
            ) {
                eprintln!("record: {e}");
                return;
            }
        }
        let elapsed = start.elapsed();
        let _ = state.finish(true);
        println!(
            "state run {}: {count} records in {:.1} ms ({:.0}/s)",
            run + 1,
            elapsed.as_secs_f64() * 1000.0,
            count as f64 / elapsed.as_secs_f64()
        );
        clock.advance(chrono::Duration::days(1));
    }
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("state file after 2 runs: {size} bytes");
    rolling_figures(&path, &clock, &report);
    let _ = std::fs::remove_dir_all(&dir);
}

/// What a rolling run spends outside its checks: keeping every citation's result, reading
/// the index that orders the next run, and carrying every result into the report.
fn rolling_figures(path: &std::path::Path, clock: &ManualClock, report: &Report) {
    let Ok(state) = State::open(path, clock) else {
        return;
    };
    let citations: Vec<(String, &CitationReport)> = report
        .documents
        .iter()
        .flat_map(|d| &d.citations)
        .enumerate()
        .map(|(i, c)| (format!("{i:016x}"), c))
        .collect();
    let start = Instant::now();
    let kept = state.keep_results(
        citations
            .iter()
            .map(|(key, c)| (key.as_str(), "archive/doc.md", *c)),
    );
    println!(
        "rolling: keep {} results      {:>8.1} ms ({kept:?})",
        citations.len(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    let start = Instant::now();
    let index = state.last_checks().map(|i| i.len());
    println!(
        "rolling: read the order index {:>8.1} ms ({index:?} keys)",
        start.elapsed().as_secs_f64() * 1000.0
    );
    let start = Instant::now();
    let carried = citations
        .iter()
        .filter(|(key, _)| matches!(state.last_result(key), Ok(Some(_))))
        .count();
    println!(
        "rolling: carry {carried} results     {:>8.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    let _ = state.finish(true);
}

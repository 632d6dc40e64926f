//! Sharded runs put back together: each shard keeps the citations whose site it owns, and
//! `merge` rebuilds the whole report — documents joined by path, citations by id in
//! document order, summary recounted, complete only if every shard was.

use crate::report_fixtures;

use std::path::Path;

use citecheck::model::{Citation, DocumentReport, LinkStatus, Report, Severity};
use citecheck::report::merge::{self, MergeError};
use citecheck::shard::Shard;
use citecheck::sources::Sources;

use report_fixtures::{citation, report, sample_report};

const SOURCES: &str = r#"
[outlets.ikon]
name = "Ikon"
domains = ["ikon.example"]
"#;

/// The Citation a CitationReport came from (what a shard decides on).
fn as_citation(c: &citecheck::model::CitationReport) -> Citation {
    Citation {
        id: c.id.clone(),
        outlet: c.outlet.clone(),
        date: c.date,
        accessed: c.accessed,
        url: c.url.clone(),
        line: c.line,
        column: 1,
        claim: c.claim.clone(),
        context: c.context.clone(),
        quotes: Vec::new(),
    }
}

/// The report shard `shard` would write: only the citations it owns.
fn shard_of(whole: &Report, shard: Shard, sources: &Sources, complete: bool) -> Report {
    let documents = whole
        .documents
        .iter()
        .map(|d| DocumentReport {
            warnings: Vec::new(),
            path: d.path.clone(),
            error: d.error.clone(),
            citations: d
                .citations
                .iter()
                .filter(|c| shard.owns_citation(&d.path, &as_citation(c), sources))
                .cloned()
                .collect(),
        })
        .collect();
    report(documents, complete)
}

fn many_documents() -> Report {
    let mut documents = Vec::new();
    for d in 0..4 {
        let citations = (1..=12)
            .map(|i| {
                let outlet = ["Ikon", "Montsame", "Reuters", "Nikkei", "Xinhua"][(i + d) % 5];
                let severity = [Severity::Ok, Severity::Warning, Severity::Error][i % 3];
                let mut c = citation(&format!("c{i}"), outlet, severity);
                c.line = i * 2;
                c
            })
            .collect();
        documents.push(DocumentReport {
            warnings: Vec::new(),
            path: format!("articles/{d}.md"),
            error: (d == 3).then(|| "articles/3.md:1:1: odd".to_string()),
            citations,
        });
    }
    report(documents, true)
}

#[test]
fn shards_partition_citations_and_merge_rebuilds_the_report() {
    let sources = Sources::parse(SOURCES, Path::new("s.toml")).unwrap();
    let whole = many_documents();
    for count in [1u32, 2, 3, 5] {
        let shards: Vec<Report> = (1..=count)
            .map(|i| {
                let shard = Shard::parse(&format!("{i}/{count}")).unwrap();
                shard_of(&whole, shard, &sources, true)
            })
            .collect();
        let total: usize = shards.iter().map(|r| r.summary.citations).sum();
        assert_eq!(
            total, whole.summary.citations,
            "{count} shards: each citation once"
        );
        // Shards in any order give the same report.
        let mut reversed = shards.clone();
        reversed.reverse();
        let merged = merge::merge(reversed).unwrap();
        assert_eq!(merged.documents, whole.documents, "{count} shards");
        assert_eq!(merged.summary, whole.summary);
        assert!(merged.complete);
    }
}

#[test]
fn one_incomplete_shard_makes_the_merge_incomplete() {
    let sources = Sources::parse(SOURCES, Path::new("s.toml")).unwrap();
    let whole = many_documents();
    let one = shard_of(&whole, Shard::parse("1/2").unwrap(), &sources, true);
    let two = shard_of(&whole, Shard::parse("2/2").unwrap(), &sources, false);
    let merged = merge::merge(vec![one, two]).unwrap();
    assert!(!merged.complete);
    assert_eq!(
        merged.documents[3].error.as_deref(),
        Some("articles/3.md:1:1: odd")
    );
}

#[test]
fn a_checked_citation_wins_over_an_unchecked_copy() {
    let sample = sample_report();
    let mut placeholder = sample.clone();
    for c in &mut placeholder.documents[0].citations {
        c.link.status = LinkStatus::Unchecked;
        c.reasons = vec!["not in this shard".into()];
    }
    let merged = merge::merge(vec![sample.clone(), placeholder.clone()]).unwrap();
    assert_eq!(merged.documents, sample.documents);
    let merged = merge::merge(vec![placeholder, sample.clone()]).unwrap();
    assert_eq!(merged.documents, sample.documents);
    assert_eq!(merged.summary.severity.get("error"), Some(&2));
}

#[test]
fn other_schemas_and_empty_input_are_refused() {
    assert_eq!(merge::merge(Vec::new()), Err(MergeError::Empty));
    let mut old = sample_report();
    old.schema = "citecheck/report-v0".into();
    let err = merge::merge(vec![sample_report(), old]).unwrap_err();
    assert!(matches!(err, MergeError::Schema { index: 1, .. }), "{err}");
}

#[test]
fn split_and_report_paths_stay_under_the_output() {
    let whole = many_documents();
    let parts = merge::split(&whole);
    assert_eq!(parts.len(), 4);
    assert_eq!(parts[1].documents[0].path, "articles/1.md");
    assert_eq!(parts[1].summary.citations, 12);
    let out = Path::new("reports");
    assert_eq!(
        merge::report_base(out, "articles/a/index.md"),
        Path::new("reports/articles/a/index")
    );
    assert_eq!(
        merge::report_base(out, "/abs/../../etc/passwd.md"),
        Path::new("reports/abs/etc/passwd")
    );
    assert_eq!(merge::report_base(out, ".."), Path::new("reports/document"));
}

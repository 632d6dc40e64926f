//! The JUnit report, read back by an independent reader (Python's junitparser) and by
//! quick-xml's strict reader: one test case per citation, failures at or above
//! `--fail-on` with the reasons, document errors as errors, unchecked citations skipped,
//! and hostile text (markup, control characters) kept well-formed.

use crate::report_fixtures;

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::Value;

use citecheck::model::{DocumentReport, FailureCause, Link, LinkStatus, Severity, Verdict};
use citecheck::report::{self, Format};

use report_fixtures::{citation, python, report, sample_report, HOSTILE_TITLE};

fn sample_with_extras() -> citecheck::model::Report {
    let mut sample = sample_report();
    let mut unchecked = citation("c6", "Ikon", Severity::Ok);
    unchecked.link = Link::not_requested(LinkStatus::Unchecked, Some(FailureCause::DryRun));
    unchecked.verdict = Verdict::Unchecked;
    sample.documents[0].citations.push(unchecked);
    sample.documents.push(DocumentReport {
        warnings: Vec::new(),
        path: "articles/broken.md".into(),
        error: Some("articles/broken.md:4:2: unclosed \u{1}quote <here>".into()),
        citations: Vec::new(),
    });
    report(sample.documents, true)
}

/// Reads every event with quick-xml; panics on malformed XML. Returns the text of all
/// `message` attributes of `<failure>` elements.
fn strict_read(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut messages = Vec::new();
    for _ in 0..100_000 {
        match reader.read_event() {
            Ok(Event::Eof) => return messages,
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.name().as_ref() == "failure" => {
                for attribute in e.attributes() {
                    let attribute = attribute.expect("attribute");
                    if attribute.key.as_ref() == "message" {
                        let value = attribute
                            .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                            .expect("unescape");
                        messages.push(value.into_owned());
                    }
                }
            }
            Ok(_) => {}
            Err(e) => panic!("malformed XML at {}: {e}", reader.buffer_position()),
        }
    }
    panic!("XML reader did not reach the end");
}

#[test]
fn junit_is_well_formed_and_failures_carry_reasons() {
    let xml = report::render(&sample_with_extras(), Format::Junit, Some(Severity::Error));
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{0}') && !xml.contains('\u{1b}'));
    let messages = strict_read(&xml);
    assert_eq!(messages.len(), 2);
    assert!(messages[0].starts_with("error: 404 since 2024-02-03; page title was "));
    assert!(messages[0].contains(HOSTILE_TITLE), "{}", messages[0]);
    assert_eq!(messages[1], "error: the quote is no longer in the article");
    assert!(xml.contains(
        "<testsuites name=\"citecheck\" tests=\"7\" failures=\"2\" errors=\"1\" skipped=\"1\""
    ));
}

#[test]
fn an_independent_reader_sees_one_case_per_citation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.junit.xml");
    let xml = report::render(&sample_with_extras(), Format::Junit, Some(Severity::Error));
    std::fs::write(&path, &xml).unwrap();
    let Some(out) = python(
        "an_independent_reader_sees_one_case_per_citation",
        "read_junit.py",
        &[&path],
    ) else {
        return;
    };
    let seen: Value = serde_json::from_str(&out).expect("reader output");
    let suites = seen["suites"].as_array().expect("suites");
    assert_eq!(suites.len(), 2);
    let article = &suites[0];
    assert_eq!(article["name"], "articles/mongolia-china.md");
    assert_eq!(
        (
            article["tests"].as_u64(),
            article["failures"].as_u64(),
            article["skipped"].as_u64()
        ),
        (Some(6), Some(2), Some(1))
    );
    let results: Vec<(String, String)> = article["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap_or("").to_string(),
                c["result"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(results[0], ("c1: Ikon, 2023-09-27".into(), "passed".into()));
    assert_eq!(results[1].1, "failure");
    assert!(results[1]
        .0
        .starts_with("c2: Hostile Times x\" onmouseover="));
    assert_eq!(
        results[2].1, "passed",
        "a warning passes under --fail-on error"
    );
    assert_eq!(results[3].1, "failure");
    assert_eq!(
        results[5],
        ("c6: Ikon, 2023-09-27".into(), "skipped".into())
    );
    let failure = &article["cases"][1];
    let text = failure["text"].as_str().unwrap_or("");
    assert!(
        text.contains("link: not_found (HTTP 404), suspect"),
        "{text}"
    );
    assert!(text.contains("archived copy: https://web.archive.org/web/20230928000000/"));
    assert!(text.contains("reason: archived copy of 2023-09-28 verifies the quote"));
    assert!(failure["message"]
        .as_str()
        .unwrap_or("")
        .contains(HOSTILE_TITLE));
    let broken = &suites[1];
    assert_eq!(broken["errors"].as_u64(), Some(1));
    assert_eq!(broken["cases"][0]["result"], "error");
    assert_eq!(
        broken["cases"][0]["message"],
        "articles/broken.md:4:2: unclosed quote <here>"
    );
}

#[test]
fn fail_on_moves_the_line() {
    let sample = sample_with_extras();
    let count = |fail_on| strict_read(&report::render(&sample, Format::Junit, fail_on)).len();
    assert_eq!(count(Some(Severity::Error)), 2);
    // Warnings add c3 (blocked); c6 is ok in this fixture, so it stays skipped.
    assert_eq!(count(Some(Severity::Warning)), 3);
    assert_eq!(count(None), 0);
}

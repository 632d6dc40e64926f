//! JUnit XML (`<stem>.junit.xml`): one test case per citation, for CI test views.
//!
//! CI systems (GitHub Actions reporters, GitLab, Jenkins) already know how to show,
//! count and trend JUnit results, so each document becomes a test suite and each citation a
//! test case that fails when its severity is at or above `--fail-on`. The failure message
//! carries the reasons. A document that could not be read is a test case with an `<error>`;
//! a citation that was never requested (dry run, interrupted run) and does not fail is
//! `<skipped>`. Text is escaped by quick-xml's writer, after removing the characters XML
//! 1.0 cannot carry at all ([`text::xml_legal`]).

use std::io;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::model::{CitationReport, DocumentReport, LinkStatus, QuoteMatch, Report, Severity};

use super::{fails, short_reason, suspect_label, text};

/// The JUnit XML report.
pub fn render(report: &Report, fail_on: Option<Severity>) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail.
    let _ = write_report(&mut writer, report, fail_on);
    let mut out = String::from_utf8_lossy(&writer.into_inner()).into_owned();
    out.push('\n');
    out
}

/// Per-suite counts.
#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
    seconds: f64,
}

impl Counts {
    fn of(document: &DocumentReport, fail_on: Option<Severity>) -> Counts {
        let mut counts = Counts {
            tests: document.citations.len(),
            ..Counts::default()
        };
        if document.error.is_some() {
            counts.tests += 1;
            counts.errors += 1;
        }
        for citation in &document.citations {
            if fails(citation, fail_on) {
                counts.failures += 1;
            } else if is_skipped(citation) {
                counts.skipped += 1;
            }
            counts.seconds += citation.link.elapsed_ms as f64 / 1000.0;
        }
        counts
    }

    fn add(&mut self, other: &Counts) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.errors += other.errors;
        self.skipped += other.skipped;
        self.seconds += other.seconds;
    }
}

fn is_skipped(citation: &CitationReport) -> bool {
    citation.link.status == LinkStatus::Unchecked
}

fn clean(value: &str) -> String {
    // Attribute values are single-line: XML parsers turn line breaks into spaces anyway.
    text::xml_legal(value)
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn write_report(
    writer: &mut Writer<Vec<u8>>,
    report: &Report,
    fail_on: Option<Severity>,
) -> io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let suites: Vec<Counts> = report
        .documents
        .iter()
        .map(|d| Counts::of(d, fail_on))
        .collect();
    let mut total = Counts::default();
    for counts in &suites {
        total.add(counts);
    }
    let attributes = counts_attributes("citecheck", &total);
    writer
        .create_element("testsuites")
        .with_attributes(attributes.iter().map(|(k, v)| (*k, v.as_str())))
        .write_inner_content(|w| {
            for (document, counts) in report.documents.iter().zip(&suites) {
                write_suite(w, report, document, counts, fail_on)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn counts_attributes(name: &str, counts: &Counts) -> Vec<(&'static str, String)> {
    vec![
        ("name", clean(name)),
        ("tests", counts.tests.to_string()),
        ("failures", counts.failures.to_string()),
        ("errors", counts.errors.to_string()),
        ("skipped", counts.skipped.to_string()),
        ("time", format!("{:.3}", counts.seconds)),
    ]
}

fn write_suite(
    writer: &mut Writer<Vec<u8>>,
    report: &Report,
    document: &DocumentReport,
    counts: &Counts,
    fail_on: Option<Severity>,
) -> io::Result<()> {
    let mut attributes = counts_attributes(&document.path, counts);
    attributes.push(("timestamp", clean(&report.generated_at)));
    writer
        .create_element("testsuite")
        .with_attributes(attributes.iter().map(|(k, v)| (*k, v.as_str())))
        .write_inner_content(|w| {
            w.create_element("properties").write_inner_content(|w| {
                w.create_element("property")
                    .with_attribute(("name", "complete"))
                    .with_attribute(("value", if report.complete { "true" } else { "false" }))
                    .write_empty()?;
                Ok(())
            })?;
            if let Some(error) = &document.error {
                let path = clean(&document.path);
                w.create_element("testcase")
                    .with_attribute(("classname", path.as_str()))
                    .with_attribute(("name", "document"))
                    .write_inner_content(|w| {
                        w.create_element("error")
                            .with_attribute(("message", clean(error).as_str()))
                            .with_attribute(("type", "input_error"))
                            .write_text_content(BytesText::new(&text::xml_legal(error)))?;
                        Ok(())
                    })?;
            }
            for citation in &document.citations {
                write_case(w, document, citation, fail_on)?;
            }
            Ok(())
        })?;
    Ok(())
}

/// The test case name: "c3: Ikon, 2023-09-27".
fn case_name(citation: &CitationReport) -> String {
    let mut name = format!(
        "{}: {}",
        citation.id,
        citation.outlet.as_deref().unwrap_or("—")
    );
    if let Some(date) = citation.date {
        name.push_str(&format!(", {date}"));
    }
    clean(&name)
}

fn write_case(
    writer: &mut Writer<Vec<u8>>,
    document: &DocumentReport,
    citation: &CitationReport,
    fail_on: Option<Severity>,
) -> io::Result<()> {
    let path = clean(&document.path);
    let name = case_name(citation);
    let line = citation.line.to_string();
    let time = format!("{:.3}", citation.link.elapsed_ms as f64 / 1000.0);
    writer
        .create_element("testcase")
        .with_attribute(("classname", path.as_str()))
        .with_attribute(("name", name.as_str()))
        .with_attribute(("file", path.as_str()))
        .with_attribute(("line", line.as_str()))
        .with_attribute(("time", time.as_str()))
        .write_inner_content(|w| {
            if fails(citation, fail_on) {
                let message = clean(&format!(
                    "{}: {}",
                    citation.severity,
                    short_reason(citation)
                ));
                w.create_element("failure")
                    .with_attribute(("message", message.as_str()))
                    .with_attribute(("type", citation.severity.as_str()))
                    .write_text_content(BytesText::new(&text::xml_legal(&body(citation))))?;
            } else if is_skipped(citation) {
                let message = clean(&short_reason(citation));
                w.create_element("skipped")
                    .with_attribute(("message", message.as_str()))
                    .write_empty()?;
            }
            w.create_element("system-out")
                .write_text_content(BytesText::new(&text::xml_legal(&body(citation))))?;
            Ok(())
        })?;
    Ok(())
}

/// The failure text: what was cited, what was observed, and every reason.
fn body(citation: &CitationReport) -> String {
    let mut lines = Vec::new();
    // What to do first, as in every format.
    if let Some(action) = &citation.action {
        lines.push(format!("to do: {action}"));
    }
    lines.push(format!("claim: {}", citation.claim));
    if let Some(url) = &citation.url {
        lines.push(format!("url: {url}"));
    }
    match &citation.title {
        Some(title) => lines.push(format!("page checked: {title}")),
        None => lines.push("page checked: none was read".to_string()),
    }
    for fact in citation.evidence.numbers.iter() {
        if let Some(source) = &fact.source_value {
            lines.push(format!(
                "figure contradicted: the claim says {}, the source says {source}",
                fact.text
            ));
        }
    }
    for quote in citation
        .quotes
        .iter()
        .filter(|q| q.match_kind == QuoteMatch::None)
    {
        if let Some(passage) = &quote.excerpt {
            lines.push(format!("closest passage to “{}”: {passage}", quote.text));
        }
    }
    let mut link = format!("link: {}", citation.link.status);
    if let Some(code) = citation.link.http_status {
        link.push_str(&format!(" (HTTP {code})"));
    }
    let label = suspect_label(citation);
    if !label.is_empty() {
        link.push_str(&format!(", {label}"));
    }
    lines.push(link);
    lines.push(format!("verdict: {}", citation.verdict));
    if let Some(archive) = &citation.archive {
        lines.push(
            match (archive.copy(), super::archive_missing_words(archive)) {
                (Some((copy, captured)), _) => format!(
                    "archived copy: {} ({}), verdict {}",
                    super::action::citable_archive_url(copy),
                    crate::model::time::rfc3339(&captured),
                    archive.verdict
                ),
                (None, words) => format!("archived copy: {}", words.unwrap_or_default()),
            },
        );
    }
    for reason in &citation.reasons {
        lines.push(format!("reason: {reason}"));
    }
    // The fetcher's own words, for CI logs, unless they only repeat the HTTP status.
    if let (Some(error), Some(_)) = (
        &citation.link.cause,
        crate::verdict::link_detail(&citation.link),
    ) {
        lines.push(format!("error: {error}"));
    }
    lines.join("\n")
}

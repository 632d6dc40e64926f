//! The editor's terminal table: one row per citation (number, outlet, date, link status,
//! verdict, short reason), fitted to the width, with scraped control characters made
//! harmless.

use crate::report_fixtures;

use unicode_width::UnicodeWidthStr;

use citecheck::model::{
    Change, CitationReport, DocumentReport, FailureCause, History, Link, LinkStatus, Severity,
};
use citecheck::report::terminal;

use report_fixtures::{citation, report, sample_report};

#[test]
fn rows_follow_problems_first_and_fit_the_width() {
    for width in [60, 80, 120, 200] {
        let table = terminal::table(&sample_report(), width);
        let lines: Vec<&str> = table.lines().collect();
        let header: Vec<&str> = lines[0].split_whitespace().collect();
        assert_eq!(header[0], "#");
        assert_eq!(header[1], "severity", "{}", lines[0]);
        assert_eq!(
            &header[3..],
            ["date", "link", "verdict", "reason"],
            "{}",
            lines[0]
        );
        // A narrow terminal puts each reason on an indented line below its row.
        let ids: Vec<&str> = lines[1..]
            .iter()
            .filter(|l| !l.starts_with(' '))
            .take(5)
            .map(|l| l.split_whitespace().next().unwrap_or(""))
            .collect();
        assert_eq!(ids, ["c2", "c4", "c3", "c1", "c5"], "width {width}");
        for line in &lines {
            assert!(
                line.width() <= width,
                "width {width}: {line:?} is {}",
                line.width()
            );
        }
        assert_eq!(
            lines.last().copied(),
            Some("5 citations: 2 errors · 1 warning · 2 ok")
        );
    }
    let wide = terminal::table(&sample_report(), 200);
    let c1 = wide.lines().find(|l| l.starts_with("c1 ")).unwrap();
    assert!(c1.contains("Ikon") && c1.contains("2023-09-27") && c1.contains("verified"));
    assert!(c1.ends_with("quote found verbatim"), "{c1}");
    let c2 = wide.lines().find(|l| l.starts_with("c2 ")).unwrap();
    assert!(c2.contains("page missing (404) (suspect)"), "{c2}");
}

#[test]
fn scraped_control_characters_are_neutralised() {
    let table = terminal::table(&sample_report(), 300);
    assert!(
        !table.contains('\u{1b}'),
        "escape sequence reached the terminal"
    );
    assert!(
        !table.contains('\u{202e}'),
        "bidi override reached the terminal"
    );
    assert!(
        table.contains("\u{FFFD}[2J"),
        "shown as a visible replacement"
    );
}

#[test]
fn wide_characters_count_as_two_columns() {
    let mut wide = citation("c1", "新华社新华社新华社新华社", Severity::Warning);
    wide.reasons = vec!["页面没有找到这个引语，页面没有找到这个引语，页面没有找到这个引语".into()];
    let one = report(
        vec![DocumentReport {
            warnings: Vec::new(),
            path: "zh.md".into(),
            error: None,
            citations: vec![wide],
        }],
        true,
    );
    let table = terminal::table(&one, 70);
    for line in table.lines() {
        assert!(line.width() <= 70, "{line:?} is {} columns", line.width());
    }
    assert!(table.contains('…'), "long cells are cut with an ellipsis");
}

#[test]
fn several_documents_get_headings_and_errors_are_listed() {
    let mut sample = sample_report();
    sample.documents.push(DocumentReport {
        warnings: Vec::new(),
        path: "b.md".into(),
        error: Some("b.md:2:5: unclosed parenthesis".into()),
        citations: vec![citation("c1", "Mnb", Severity::Ok)],
    });
    let many = report(sample.documents, false);
    let table = terminal::table(&many, 100);
    assert!(table.contains("\narticles/mongolia-china.md\n#"));
    assert!(table.contains("\nb.md\n#"));
    assert!(table.contains("b.md: could not be checked: b.md:2:5: unclosed parenthesis"));
    assert!(table.trim_end().ends_with("(incomplete: interrupted)"));
}

#[test]
fn several_documents_are_grouped_each_heading_once() {
    let doc = |path: &str, severities: &[Severity]| DocumentReport {
        warnings: Vec::new(),
        path: path.into(),
        error: None,
        citations: severities
            .iter()
            .enumerate()
            .map(|(i, s)| citation(&format!("c{}", i + 1), "Ikon", *s))
            .collect(),
    };
    let merged = report(
        vec![
            doc("a.md", &[Severity::Ok, Severity::Error]),
            doc("b.md", &[Severity::Warning, Severity::Ok, Severity::Error]),
        ],
        true,
    );
    let table = terminal::table(&merged, 100);
    assert_eq!(table.matches("\na.md\n").count(), 1, "{table}");
    assert_eq!(table.matches("\nb.md\n").count(), 1, "{table}");
    let mut current = "";
    let mut rows: Vec<String> = Vec::new();
    for line in table.lines() {
        if line.ends_with(".md") {
            current = line;
        } else if line.starts_with('c') {
            rows.push(format!(
                "{current} {}",
                line.split_whitespace().next().unwrap_or("")
            ));
        }
    }
    assert_eq!(
        rows,
        ["a.md c2", "a.md c1", "b.md c3", "b.md c1", "b.md c2"],
        "problems first within each document: {table}"
    );
    assert!(
        table.ends_with("5 citations: 2 errors · 1 warning · 2 ok\n"),
        "{table}"
    );
}

#[test]
fn one_of_each_is_singular() {
    let one = report(
        vec![DocumentReport {
            warnings: Vec::new(),
            path: "a.md".into(),
            error: None,
            citations: vec![
                citation("c1", "Ikon", Severity::Error),
                citation("c2", "Ikon", Severity::Warning),
            ],
        }],
        true,
    );
    let table = terminal::table(&one, 100);
    assert!(
        table.ends_with("2 citations: 1 error · 1 warning\n"),
        "{table}"
    );
}

#[test]
fn an_invalid_url_is_never_shown_as_suspect() {
    let history = History {
        previous: None,
        regression: None,
        change: Change::New,
        failures: 1,
        first_failed: Some(report_fixtures::at("2024-03-01T02:00:00Z")),
        confirmed: false,
    };
    let mut bad = citation("c1", "Ikon", Severity::Error);
    bad.link = Link::not_requested(LinkStatus::InvalidUrl, Some(FailureCause::NotHttpCited));
    bad.history = Some(history.clone());
    let mut flaky = citation("c2", "Ikon", Severity::Warning);
    flaky.link = Link::not_requested(
        LinkStatus::Timeout,
        Some(FailureCause::NoResponse {
            within: std::time::Duration::from_secs(30),
        }),
    );
    flaky.history = Some(history);
    let suspect = |c: &CitationReport| citecheck::verdict::is_suspect(&c.link, c.history.as_ref());
    assert!(!suspect(&bad));
    assert!(suspect(&flaky));
    let one = report(
        vec![DocumentReport {
            warnings: Vec::new(),
            path: "a.md".into(),
            error: None,
            citations: vec![bad, flaky],
        }],
        true,
    );
    let table = terminal::table(&one, 120);
    let row = |id: &str| {
        table
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or("")
            .to_string()
    };
    assert!(!row("c1 ").contains("suspect"), "{table}");
    assert!(row("c2 ").contains("timed out (suspect)"), "{table}");
    assert!(
        table.contains("\nsuspect: the link failed, but not yet in enough runs"),
        "suspect is explained where it is shown: {table}"
    );
}

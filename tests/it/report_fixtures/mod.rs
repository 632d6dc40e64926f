//! Reports for the report tests: every field filled somewhere, hostile text everywhere a
//! web page or document can put it, and helpers to run the external checkers (Python's
//! jsonschema and junitparser, headless Chromium) — skipped with a visible message when a
//! tool is missing, unless `CITECHECK_REQUIRE_TOOLS=1` (CI) makes a missing tool a failure.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, NaiveDate, Utc};

use citecheck::model::{
    ArchivedCopy, Candidate, Change, CitationReport, DateEvidence, DocumentReport, Evidence, Fact,
    FailureCause, History, Link, LinkStatus, Location, Quote, QuoteMatch, Report, Resolution,
    ResolutionMethod, Severity, Summary, Verdict, REPORT_SCHEMA,
};

/// A page title that runs a script if it is ever written into HTML unescaped.
pub const HOSTILE_TITLE: &str = "\"><script>document.title='PWNED';document.documentElement.setAttribute('data-pwned','script')</script>";
/// An attribute-breaking payload with an event handler.
pub const HOSTILE_ATTR: &str = "x\" onmouseover=\"alert(1)\" data-x=\"<img src=x onerror=document.documentElement.setAttribute('data-pwned','img')>";
/// Markdown/table breakers.
pub const MARKDOWN_BREAKER: &str = "a | b `code` [link](javascript:alert(1)) <b>bold</b> **x**";
/// A terminal escape sequence that would clear the screen.
pub const TERMINAL_BREAKER: &str = "\u{1b}[2J\u{1b}[31mred\u{202e}evil";

/// A time as reports write it ("2024-02-03T02:00:00Z").
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("fixture time")
        .with_timezone(&Utc)
}

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("fixture date")
}

fn link(status: LinkStatus, http: Option<u16>) -> Link {
    Link {
        status,
        http_status: http,
        final_url: None,
        redirects: Vec::new(),
        attempts: 1,
        elapsed_ms: 120,
        cause: None,
    }
}

/// A citation with sensible defaults; tests change what they need.
pub fn citation(id: &str, outlet: &str, severity: Severity) -> CitationReport {
    CitationReport {
        id: id.into(),
        outlet: Some(outlet.into()),
        key: String::new(),
        title: None,
        column: 1,
        action: None,
        source: None,
        date: Some(day("2023-09-27")),
        accessed: false,
        url: Some(format!(
            "https://{}.example/news/{id}",
            outlet.to_lowercase()
        )),
        line: 3,
        claim: format!("Claim of {id}."),
        context: String::new(),
        quotes: Vec::new(),
        link: link(LinkStatus::Ok, Some(200)),
        published: Some(day("2023-09-27")),
        language: Some("en".into()),
        verdict: Verdict::Verified,
        severity,
        reasons: vec![format!("reason of {id}")],
        evidence: Evidence::default(),
        resolution: None,
        archive: None,
        history: None,
        suspect: false,
        checked_at: None,
        carried: false,
        stale: false,
    }
}

/// The main fixture: one document, every kind of finding, hostile text in every field a
/// page or document controls.
pub fn sample_report() -> Report {
    let mut verified = citation("c1", "Ikon", Severity::Ok);
    verified.title = Some("The railway will open in 2025".into());
    verified.claim = "Officials said “the railway will open in 2025” at the forum.".into();
    verified.quotes = vec![Quote {
        text: "the railway will open in 2025".into(),
        match_kind: QuoteMatch::Normalized,
        score: 1.0,
        location: Location::Body,
        excerpt: Some(
            "At the forum, The Railway will open in 2025, officials said on Monday.".into(),
        ),
        reason: "quote found after normalization".into(),
    }];
    verified.evidence = Evidence {
        numbers: vec![Fact {
            text: "2025".into(),
            value: "2025".into(),
            found: true,
            excerpt: Some("will open in 2025, officials".into()),
            source_value: None,
        }],
        names: vec![Fact {
            text: "Khurelsukh".into(),
            value: "khurelsukh".into(),
            found: false,
            excerpt: None,
            source_value: None,
        }],
        date: DateEvidence {
            cited: Some(day("2023-09-27")),
            published: Some(day("2023-09-27")),
            matches: Some(true),
            published_from: Some(citecheck::model::DateSource::Metadata),
            modified: None,
        },
        ..Evidence::default()
    };
    verified.resolution = Some(Resolution {
        method: ResolutionMethod::Feed,
        confidence: 0.92,
        candidates: vec![
            Candidate {
                url: "https://ikon.example/news/c1".into(),
                score: 0.92,
            },
            Candidate {
                url: "javascript:alert('candidate')".into(),
                score: 0.1,
            },
        ],
        via: Some("https://ikon.example/rss".into()),
        discovered: false,
    });
    verified.reasons = vec!["quote found verbatim".into()];

    let mut dead = citation("c2", "Hostile Times", Severity::Error);
    dead.claim = format!("The page said {HOSTILE_TITLE} and more.");
    dead.context = HOSTILE_ATTR.into();
    dead.link = Link {
        status: LinkStatus::NotFound,
        http_status: Some(404),
        final_url: Some("https://hostile.example/404".into()),
        redirects: vec![
            "https://hostile.example/moved".into(),
            "https://hostile.example/404".into(),
        ],
        attempts: 2,
        elapsed_ms: 830,
        cause: Some(FailureCause::Reported {
            text: format!("server said: {HOSTILE_TITLE}"),
        }),
    };
    dead.verdict = Verdict::Unverifiable;
    dead.reasons = vec![
        format!("404 since 2024-02-03; page title was {HOSTILE_TITLE}"),
        "archived copy of 2023-09-28 verifies the quote".into(),
    ];
    dead.archive = Some(ArchivedCopy::found(
        "https://web.archive.org/web/20230928000000/https://hostile.example/a",
        at("2023-09-28T00:00:00Z"),
        Verdict::Verified,
    ));
    dead.history = Some(History {
        previous: None,
        regression: None,
        change: Change::NewlyBroken,
        failures: 1,
        first_failed: Some(at("2024-02-03T02:00:00Z")),
        confirmed: false,
    });
    dead.outlet = Some(format!("Hostile Times {HOSTILE_ATTR}"));
    dead.title = Some(HOSTILE_TITLE.into());
    dead.action = Some(format!(
        "Replace the link with the archived copy {HOSTILE_ATTR}"
    ));

    let mut script_url = citation("c3", "Pipes", Severity::Warning);
    script_url.url =
        Some("javascript:document.documentElement.setAttribute('data-pwned','href')".into());
    script_url.link = link(LinkStatus::Blocked, Some(403));
    script_url.verdict = Verdict::Unverifiable;
    script_url.claim = MARKDOWN_BREAKER.into();
    script_url.reasons = vec![format!("blocked: {MARKDOWN_BREAKER} {TERMINAL_BREAKER}")];
    script_url.history = Some(History {
        previous: None,
        regression: None,
        change: Change::Unchanged,
        failures: 4,
        first_failed: Some(at("2024-01-01T02:00:00Z")),
        confirmed: true,
    });

    let mut drifted = citation("c4", "Montsame", Severity::Error);
    drifted.verdict = Verdict::NotFound;
    drifted.quotes = vec![Quote {
        text: "the deal is done".into(),
        match_kind: QuoteMatch::None,
        score: 0.2,
        location: Location::None,
        excerpt: None,
        reason: "not in the article's text".into(),
    }];
    drifted.reasons = vec!["the quote is no longer in the article".into()];
    drifted.history = Some(History {
        previous: None,
        regression: None,
        change: Change::ContentChanged,
        failures: 0,
        first_failed: None,
        confirmed: false,
    });

    let mut recovered = citation("c5", "Ikon", Severity::Ok);
    recovered.history = Some(History {
        previous: None,
        regression: None,
        change: Change::Recovered,
        failures: 0,
        first_failed: None,
        confirmed: false,
    });
    recovered.claim = format!("Control {TERMINAL_BREAKER} and NUL\u{0} and \u{FFFE} text.");

    let documents = vec![DocumentReport {
        warnings: Vec::new(),
        path: "articles/mongolia-china.md".into(),
        error: None,
        citations: vec![verified, dead, script_url, drifted, recovered],
    }];
    report(documents, true)
}

/// A report over documents, with the summary counted and each citation's `suspect` flag
/// set as the pipeline decides it.
pub fn report(mut documents: Vec<DocumentReport>, complete: bool) -> Report {
    for c in documents.iter_mut().flat_map(|d| &mut d.citations) {
        c.suspect = citecheck::verdict::is_suspect(&c.link, c.history.as_ref());
    }
    Report {
        schema: REPORT_SCHEMA.into(),
        generated_at: "2024-03-01T02:00:00Z".into(),
        complete,
        summary: Summary::of(&documents),
        documents,
    }
}

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub use crate::support::skip;

/// Runs `python3 tests/scripts/<script> args…`. `None` when Python or the script's module
/// is missing (the script exits 77); the script's stdout otherwise. Panics on failure.
pub fn python(test: &str, script: &str, args: &[&Path]) -> Option<String> {
    let script_path = root().join("tests/scripts").join(script);
    let output = match Command::new("python3")
        .arg(&script_path)
        .args(args)
        .output()
    {
        Ok(output) => output,
        Err(e) => {
            skip(test, &format!("python3 not runnable: {e}"));
            return None;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    match output.status.code() {
        Some(0) => Some(stdout),
        Some(77) => {
            skip(test, stderr.trim());
            None
        }
        _ => panic!("{script} failed ({}):\n{stdout}\n{stderr}", output.status),
    }
}

//! `citecheck verify` end to end in five languages: the built binary checks a Markdown
//! article whose citations link to loopback news sites in English, Mongolian (UTF-8, and
//! windows-1251 declared once in the HTTP header and once only in a `<meta>` tag), Russian
//! and Chinese, and its JSON report must find — or rightly refuse — each quote and number.
//!
//! The pages and the article are invented for this test. The sites are reached under their
//! own host names through `--resolve HOST=127.0.0.1:PORT`, exactly as a user would point
//! the tool at a staging server; nothing leaves the loopback interface.

use crate::common_discovery;
#[path = "verify_languages/sites.rs"]
pub(crate) mod sites;

use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common_discovery::Site;
use serde_json::Value;
use sites::{start_sites, ARTICLE, SOURCES};

/// The whole run is bounded: a binary that hangs is killed and the test fails.
const RUN_LIMIT: Duration = Duration::from_secs(30);

/// Runs the built binary with a time limit; stdout and stderr go to files (no pipe to
/// fill). Returns the exit status and the two outputs.
pub(crate) fn run_citecheck(dir: &Path, args: &[String]) -> (ExitStatus, String, String) {
    let stdout = dir.join("stdout.txt");
    let stderr = dir.join("stderr.txt");
    let mut child = crate::support::citecheck()
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).expect("stdout file"))
        .stderr(std::fs::File::create(&stderr).expect("stderr file"))
        .spawn()
        .expect("the citecheck binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for citecheck") {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("citecheck did not finish within {RUN_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    (status, read(&stdout), read(&stderr))
}

/// The arguments of a run over the test article, with the sites' host overrides.
pub(crate) fn verify_args(sites: &[Site], out: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "verify".into(),
        "--sources".into(),
        "sources.toml".into(),
        "--published".into(),
        "2023-10-01".into(),
        "--out".into(),
        out.into(),
        "--format".into(),
        "json".into(),
    ];
    for site in sites {
        args.push("--resolve".into());
        args.push(format!("{}={}", site.host, site.addr));
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push("article.md".into());
    args
}

/// The one citation whose claim contains `needle`.
pub(crate) fn cited<'a>(citations: &'a [Value], needle: &str) -> &'a Value {
    let found: Vec<&Value> = citations
        .iter()
        .filter(|c| c["claim"].as_str().is_some_and(|t| t.contains(needle)))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "exactly one citation's claim contains {needle:?}; claims: {:#?}",
        citations.iter().map(|c| &c["claim"]).collect::<Vec<_>>()
    );
    found[0]
}

/// What a test expects of one citation.
struct Expect<'a> {
    /// A piece of the claim that picks the citation.
    claim: &'a str,
    language: &'a str,
    /// The quote's match kind, when the claim has a quote.
    quote: Option<&'a str>,
    /// Facts (numbers then names) by their text in the claim, and whether found.
    numbers: &'a [(&'a str, bool)],
    names: &'a [(&'a str, bool)],
    verdict: &'a str,
    severity: &'a str,
}

fn check_citation(citations: &[Value], e: &Expect<'_>) {
    let c = cited(citations, e.claim);
    let context = serde_json::to_string_pretty(c).unwrap_or_default();
    assert_eq!(c["link"]["status"], "ok", "link of {context}");
    assert_eq!(c["link"]["http_status"], 200, "{context}");
    assert_eq!(c["language"], e.language, "language of {context}");
    assert_eq!(c["published"], "2023-09-27", "published date of {context}");
    assert_eq!(c["evidence"]["date"]["match"], true, "{context}");
    let quotes = c["quotes"].as_array().expect("quotes array");
    match e.quote {
        Some(kind) => {
            assert_eq!(quotes.len(), 1, "one quote in {context}");
            assert_eq!(quotes[0]["match"], kind, "quote match of {context}");
            let location = if matches!(kind, "exact" | "normalized" | "fuzzy") {
                "body"
            } else {
                "none"
            };
            assert_eq!(quotes[0]["location"], location, "{context}");
        }
        None => assert!(quotes.is_empty(), "no quote in {context}"),
    }
    for (kind, expected) in [("numbers", e.numbers), ("names", e.names)] {
        let facts = c["evidence"][kind].as_array().expect("facts array");
        for (text, found) in expected {
            let fact = facts
                .iter()
                .find(|f| f["text"] == *text)
                .unwrap_or_else(|| panic!("{kind}: no fact {text:?} in {context}"));
            assert_eq!(fact["found"], *found, "{kind} {text:?} in {context}");
            if *found {
                assert!(
                    fact["excerpt"].as_str().is_some_and(|x| !x.is_empty()),
                    "a found fact shows where: {context}"
                );
            }
        }
    }
    assert_eq!(c["verdict"], e.verdict, "verdict of {context}");
    assert_eq!(c["severity"], e.severity, "severity of {context}");
    assert!(
        c["reasons"].as_array().is_some_and(|r| !r.is_empty()),
        "reasons given: {context}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_finds_or_refuses_quotes_and_numbers_in_five_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("sources.toml"), SOURCES).expect("write sources");
    std::fs::write(dir.path().join("article.md"), ARTICLE).expect("write article");
    let sites = start_sites().await;

    let args = verify_args(&sites, "out", &[]);
    let root = dir.path().to_path_buf();
    let (status, stdout, stderr) = tokio::task::spawn_blocking(move || run_citecheck(&root, &args))
        .await
        .expect("the run finishes");
    assert_eq!(
        status.code(),
        Some(1),
        "a not_found verdict fails the run\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let report = std::fs::read_to_string(dir.path().join("out/article.json")).expect("report");
    let report: Value = serde_json::from_str(&report).expect("valid JSON");
    assert_eq!(report["schema"], "citecheck/report-v1");
    assert_eq!(report["complete"], true);
    let citations = report["documents"][0]["citations"]
        .as_array()
        .expect("citations");
    assert_eq!(
        citations.len(),
        16,
        "every citation of the article is checked"
    );
    for c in citations {
        assert!(c["archive"].is_null(), "no archive is configured: {c}");
    }

    // English: verbatim, typographically different, one word changed, altered, misnumbered.
    check_citation(
        citations,
        &Expect {
            claim: "Mining minister Ganzorig Batbold",
            language: "en",
            quote: Some("exact"),
            numbers: &[],
            names: &[("Ganzorig Batbold", true)],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "He promised",
            language: "en",
            quote: Some("normalized"),
            numbers: &[],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "every tonne we process",
            language: "en",
            quote: Some("fuzzy"),
            numbers: &[],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "The ministry insisted",
            language: "en",
            quote: Some("none"),
            numbers: &[],
            names: &[],
            verdict: "not_found",
            severity: "error",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "rose 40 percent",
            language: "en",
            quote: None,
            numbers: &[("40 percent", false), ("1.1 million tonnes", true)],
            names: &[],
            // The source states the figure otherwise: a contradiction is an error.
            verdict: "partial",
            severity: "error",
        },
    );

    // Mongolian in UTF-8: the source's own words, a translation, and facts alone.
    check_citation(
        citations,
        &Expect {
            claim: "Khurelsukh put it plainly",
            language: "mn",
            quote: Some("exact"),
            numbers: &[("20 тэрбум ам.доллар", true)],
            names: &[("Khurelsukh", true)],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "President Khurelsukh said the country aims",
            language: "mn",
            quote: Some("unchecked"),
            numbers: &[("$20 billion", true)],
            names: &[("Khurelsukh", true)],
            verdict: "partial",
            severity: "warning",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "more than 600 delegates",
            language: "mn",
            quote: None,
            numbers: &[("19 percent", true), ("more than 600", true), ("35", true)],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );

    // Mongolian in windows-1251, declared in the header, then only in a meta tag.
    check_citation(
        citations,
        &Expect {
            claim: "Prime Minister Oyun-Erdene",
            language: "mn",
            quote: Some("exact"),
            numbers: &[],
            names: &[("Oyun-Erdene", true)],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "The draft budget plans",
            language: "mn",
            quote: None,
            numbers: &[("27.4 trillion togrog", true), ("18 percent", true)],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "A central bank official",
            language: "mn",
            quote: Some("normalized"),
            numbers: &[("15.2 tonnes", true)],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "Foreign reserves reached",
            language: "mn",
            quote: None,
            numbers: &[("$6.5 billion", false), ("15.2 tonnes", true)],
            names: &[],
            verdict: "partial",
            severity: "warning",
        },
    );

    // Russian.
    check_citation(
        citations,
        &Expect {
            claim: "The transport minister said",
            language: "ru",
            quote: Some("fuzzy"),
            numbers: &[],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "The railway to China is valued",
            language: "ru",
            quote: None,
            numbers: &[
                ("$20 billion", true),
                ("19 percent", true),
                ("over 45 million tonnes", true),
            ],
            names: &[("China", true)],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "grew 30 percent",
            language: "ru",
            quote: None,
            numbers: &[("30 percent", false)],
            names: &[],
            verdict: "not_found",
            severity: "error",
        },
    );

    // Chinese.
    check_citation(
        citations,
        &Expect {
            claim: "The minister called it",
            language: "zh",
            quote: Some("exact"),
            numbers: &[("$20 billion", true)],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );

    // The translated quote says why it was not compared, and is never refused outright.
    let translated = cited(citations, "President Khurelsukh said the country aims");
    let reason = translated["quotes"][0]["reason"].as_str().unwrap_or("");
    assert!(reason.contains("translation"), "{reason}");
    let reasons = translated["reasons"].to_string();
    assert!(reasons.contains("translat"), "{reasons}");
    // The misnumbered claim names the source's own figure, in its reasons, its fact and
    // the action for the editor.
    let misnumbered = cited(citations, "rose 40 percent");
    let reasons = misnumbered["reasons"].to_string();
    assert!(
        reasons.contains("the source says '14 percent', not '40 percent'"),
        "{reasons}"
    );
    let facts = misnumbered["evidence"]["numbers"].to_string();
    assert!(facts.contains(r#""source_value":"14 percent""#), "{facts}");
    let action = misnumbered["action"].as_str().unwrap_or("");
    assert!(
        action.starts_with("Fix the figure") && action.contains("14 percent"),
        "{action}"
    );

    let summary = &report["summary"];
    assert_eq!(summary["citations"], 16);
    assert_eq!(summary["link"]["ok"], 16, "{summary}");
    assert_eq!(summary["verdict"]["not_found"], 2, "{summary}");
    assert_eq!(summary["verdict"]["partial"], 3, "{summary}");
    assert_eq!(summary["verdict"]["verified"], 11, "{summary}");

    // Each page was fetched once however many citations cite it (plus robots.txt).
    for site in &sites {
        for asked in site.log() {
            assert!(
                asked.path == "/robots.txt" || site.hits(&asked.path) == 1,
                "{} fetched {} {} times",
                site.host,
                asked.path,
                site.hits(&asked.path)
            );
        }
    }

    // The same findings pass with --fail-on never.
    let args = verify_args(&sites, "out-never", &["--fail-on", "never"]);
    let root = dir.path().to_path_buf();
    let (status, stdout, stderr) = tokio::task::spawn_blocking(move || run_citecheck(&root, &args))
        .await
        .expect("the run finishes");
    assert_eq!(
        status.code(),
        Some(0),
        "--fail-on never\nstdout: {stdout}\nstderr: {stderr}"
    );
    let again =
        std::fs::read_to_string(dir.path().join("out-never/article.json")).expect("second report");
    let again: Value = serde_json::from_str(&again).expect("valid JSON");
    assert_eq!(again["summary"]["verdict"], report["summary"]["verdict"]);
}

//! Issue 12, tried as an editor would: the built binary on a draft whose sources are served
//! on loopback. A figure the source states otherwise is an error naming the source's figure;
//! a misquote is an error that shows the closest passage; every citation names the page
//! checked, in JSON, Markdown and HTML; a fix list says what to change; and a run that
//! reaches no host fails and says so first.

use crate::common_discovery::{Reply, Site};
use crate::support::citecheck_async;

use std::path::Path;

use serde_json::Value;

const SOURCES: &str = r#"
[defaults]
rate = "100/s"
timeout = "3s"
retries = 0
"#;

fn page(title: &str, body: &str) -> Reply {
    Reply::html(format!(
        "<!doctype html><html lang=\"en\"><head><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"2024-03-04T09:00:00Z\"></head>\
         <body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>{body}</article>\
         <footer>Editor Post</footer></body></html>"
    ))
}

fn draft(base: &str) -> String {
    format!(
        "---\ndate: 2024-03-20\n---\n\n\
         The minister called the line “the backbone of a cleaner grid for the next thirty \
         years” ([Editor Post, March 4]({base}/quote)).\n\n\
         The builders put the cost of the new transmission line at $1.2 billion, the ministry \
         said ([Editor Post, March 4]({base}/cost)).\n"
    )
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("report written");
    serde_json::from_str(&text).expect("report is JSON")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contradicted_figures_and_misquotes_are_errors_that_show_the_source() {
    let site = Site::start(
        "post.test",
        vec![
            (
                "/quote".into(),
                page(
                    "Grid line approved",
                    "<p>Energy Minister Saran Bold welcomed the ruling on Monday.</p>\
                     <p>\"This line is the backbone of a stronger economy for decades to come,\" \
                     she told reporters after the vote.</p>",
                ),
            ),
            (
                "/cost".into(),
                page(
                    "What the line will cost",
                    "<p>The builders put the cost of the new transmission line at $1.5 billion, \
                     the ministry said on Monday.</p><p>Construction starts next spring.</p>",
                ),
            ),
        ],
        Vec::new(),
    )
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("sources.toml"), SOURCES).expect("sources");
    std::fs::write(dir.path().join("draft.md"), draft(&site.base())).expect("draft");
    let resolve = format!("{}={}", site.host, site.addr);
    let args = [
        "verify",
        "--resolve",
        &resolve,
        "--format",
        "json,md,html,fixes,junit",
        "--color",
        "never",
        "--out",
        "out",
        "draft.md",
    ];
    let output = citecheck_async(args.iter().map(|s| s.to_string()).collect(), dir.path()).await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stdout}\n{stderr}");

    let report = read_json(&dir.path().join("out/draft.json"));
    let citations = report["documents"][0]["citations"]
        .as_array()
        .expect("citations");
    let by_url = |path: &str| {
        citations
            .iter()
            .find(|c| c["url"].as_str().is_some_and(|u| u.ends_with(path)))
            .unwrap_or_else(|| panic!("no citation of {path}: {report}"))
    };

    // The misquote: an error (not a partial warning because a name matched), with the
    // passage the source has instead, and the page's title.
    let quote = by_url("/quote");
    assert_eq!(quote["severity"], "error", "{quote:#}");
    assert_eq!(quote["title"], "Grid line approved");
    assert_eq!(quote["quotes"][0]["match"], "none", "{quote:#}");
    let closest = quote["quotes"][0]["excerpt"].as_str().unwrap_or("");
    assert!(
        closest.contains("backbone of a stronger economy"),
        "closest passage: {closest:?}"
    );
    let action = quote["action"].as_str().unwrap_or("");
    assert!(action.starts_with("Fix the quote"), "{action}");

    // The contradicted figure: an error whose reason and action name the source's figure.
    let cost = by_url("/cost");
    assert_eq!(cost["severity"], "error", "{cost:#}");
    assert_eq!(cost["title"], "What the line will cost");
    let fact = cost["evidence"]["numbers"]
        .as_array()
        .and_then(|n| n.iter().find(|f| f["text"] == "$1.2 billion"))
        .unwrap_or_else(|| panic!("no $1.2 billion fact: {cost:#}"));
    assert_eq!(fact["found"], false);
    assert_eq!(fact["source_value"], "$1.5 billion", "{cost:#}");
    assert!(
        cost["reasons"]
            .to_string()
            .contains("the source says '$1.5 billion', not '$1.2 billion'"),
        "{}",
        cost["reasons"]
    );
    assert_eq!(
        cost["action"],
        "Fix the figure: the source says '$1.5 billion', not '$1.2 billion'."
    );
    // Keys are stable names: hex, distinct.
    let keys: Vec<&str> = citations.iter().filter_map(|c| c["key"].as_str()).collect();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0], keys[1]);

    // Every format names the page and shows the source's side.
    let md = std::fs::read_to_string(dir.path().join("out/draft.md")).expect("md");
    assert!(
        md.contains("**Page checked:** “Grid line approved”"),
        "{md}"
    );
    assert!(
        md.contains("**Page checked:** “What the line will cost”"),
        "{md}"
    );
    assert!(md.contains("the source says “\\$1\\.5 billion”"), "{md}");
    assert!(md.contains("the source's closest passage:"), "{md}");
    assert!(md.find("## What to do") < md.find("## draft"), "{md}");
    let html = std::fs::read_to_string(dir.path().join("out/draft.html")).expect("html");
    assert!(html.contains("<cite class=\"scraped\">Grid line approved</cite>"));
    assert!(html.contains("contradicted: the source says <b class=\"scraped\">$1.5 billion</b>"));
    assert!(html.contains("The source's closest passage:"));

    let junit = std::fs::read_to_string(dir.path().join("out/draft.junit.xml")).expect("junit");
    assert!(
        junit.contains("page checked: What the line will cost"),
        "{junit}"
    );
    assert!(junit.contains("to do: Fix the figure"), "{junit}");
    assert!(junit.contains("closest passage to"), "{junit}");

    // The fix list: document, line, column, old and new text.
    let fixes = read_json(&dir.path().join("out/draft.fixes.json"));
    assert_eq!(fixes["schema"], "citecheck/fixes-v1");
    let list = fixes["fixes"].as_array().expect("fixes");
    let figure = list
        .iter()
        .find(|f| f["kind"] == "fix_figure")
        .unwrap_or_else(|| panic!("no figure fix: {fixes:#}"));
    assert_eq!(figure["document"], "draft.md");
    assert_eq!(figure["old"], "$1.2 billion");
    assert_eq!(figure["new"], "$1.5 billion");
    assert_eq!(figure["line"], 7, "{figure}");
    assert!(figure["column"].as_u64().is_some_and(|c| c > 1), "{figure}");
    assert!(list.iter().any(|f| f["kind"] == "fix_quote"), "{fixes:#}");

    // The terminal: a severity column, words that cannot be confused, what to do.
    assert!(
        stdout
            .lines()
            .next()
            .is_some_and(|l| l.contains("severity")),
        "{stdout}"
    );
    assert!(stdout.contains("What to do:"), "{stdout}");
    assert!(stdout.contains("Fix the figure"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "--color never: {stdout:?}");
    assert!(stdout.contains("not in source"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_that_reaches_no_host_fails_and_says_so_first() {
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("sources.toml"), SOURCES).expect("sources");
    std::fs::write(
        dir.path().join("draft.md"),
        draft(&format!("http://offline.test:{port}")),
    )
    .expect("draft");
    let resolve = format!("offline.test=127.0.0.1:{port}");
    let args = [
        "verify",
        "--resolve",
        &resolve,
        "--fail-on",
        "never",
        "--format",
        "json,md",
        "--out",
        "out",
        "draft.md",
    ];
    let output = citecheck_async(args.iter().map(|s| s.to_string()).collect(), dir.path()).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    // --fail-on never forgives findings, not a run that checked nothing.
    assert_eq!(output.status.code(), Some(1), "{stdout}\n{stderr}");
    // The progress lines come as the run goes; the first thing said after is why nothing
    // below can be trusted.
    let first = stderr
        .lines()
        .find(|l| l.starts_with("citecheck:"))
        .unwrap_or_default();
    assert!(first.contains("no host answered"), "{stderr}");
    let report = read_json(&dir.path().join("out/draft.json"));
    assert_eq!(report["summary"]["hosts"]["contacted"], 1, "{report:#}");
    assert_eq!(report["summary"]["hosts"]["answered"], 0, "{report:#}");
    assert_eq!(report["complete"], true, "complete keeps its meaning");
    let md = std::fs::read_to_string(dir.path().join("out/draft.md")).expect("md");
    assert!(
        md.starts_with("# citecheck report\n\n> **Nothing was reached"),
        "{md}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_says_it_checked_nothing_and_exits_by_its_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("sources.toml"), SOURCES).expect("sources");
    std::fs::write(dir.path().join("draft.md"), draft("http://post.test")).expect("draft");
    let args = ["verify", "--dry-run", "--out", "out", "draft.md"];
    let output = citecheck_async(args.iter().map(|s| s.to_string()).collect(), dir.path()).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("checked 2 of 2"), "{stderr}");
    assert!(!stderr.contains("no host answered"), "{stderr}");
    let report = read_json(&dir.path().join("out/draft.json"));
    assert_eq!(
        report["summary"]["hosts"],
        Value::Null,
        "nothing was requested"
    );
    // The draft has its own date and gave it: nothing assumed, nothing overridden.
    assert_eq!(
        report["documents"][0]["warnings"],
        Value::Null,
        "{report:#}"
    );

    // --published wins over the document's own date, and says so.
    let args = [
        "verify",
        "--dry-run",
        "--published",
        "2024-01-10",
        "--out",
        "out",
        "draft.md",
    ];
    let output = citecheck_async(args.iter().map(|s| s.to_string()).collect(), dir.path()).await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = read_json(&dir.path().join("out/draft.json"));
    let warnings = report["documents"][0]["warnings"].to_string();
    assert!(
        warnings.contains("own date is 2024-03-20, but --published 2024-01-10 was used"),
        "{warnings}"
    );
    assert_eq!(
        report["documents"][0]["citations"][0]["date"], "2023-03-04",
        "year-less dates read against --published"
    );
    assert!(
        stdout.contains("draft.md: note: the document's own date"),
        "{stdout}"
    );

    // No date anywhere: the year is assumed, with a warning in every format.
    std::fs::write(
        dir.path().join("undated.md"),
        "Exports rose (Editor Post, March 4). Imports fell (Editor Post, 2023-05-01).\n",
    )
    .expect("undated");
    let args = [
        "verify",
        "--dry-run",
        "--format",
        "json,md,html",
        "--out",
        "out",
        "undated.md",
    ];
    citecheck_async(args.iter().map(|s| s.to_string()).collect(), dir.path()).await;
    let report = read_json(&dir.path().join("out/undated.json"));
    let warnings = report["documents"][0]["warnings"].to_string();
    assert!(warnings.contains("1 citation gives no year"), "{warnings}");
    let md = std::fs::read_to_string(dir.path().join("out/undated.md")).expect("md");
    assert!(md.contains("> **Note:** 1 citation gives no year"), "{md}");
    let html = std::fs::read_to_string(dir.path().join("out/undated.html")).expect("html");
    assert!(html.contains("1 citation gives no year"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_names_keys_it_cannot_accept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = ["accept", "--state", "state.sqlite", "0123abcd"];
    let output = citecheck_async(args.iter().map(|s| s.to_string()).collect(), dir.path()).await;
    assert_eq!(output.status.code(), Some(2), "no state file");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no state file"), "{stderr}");
    // A state file without that regression: the key is named, and the exit says so.
    let clock = citecheck::state::ManualClock::new(chrono::Utc::now());
    citecheck::state::State::open(&dir.path().join("state.sqlite"), &clock)
        .and_then(|s| s.finish(true))
        .expect("state file");
    let output = citecheck_async(args.iter().map(|s| s.to_string()).collect(), dir.path()).await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("0123abcd: no open regression"), "{stderr}");
}

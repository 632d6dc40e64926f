//! The README's first command: an offline run of the example article from the capture in
//! `examples/`. The capture must stay what the fixtures produce, and its replay must give a
//! full report: citations resolved through a feed and a sitemap, a quote verified, a quote
//! not found, a dead link whose archived copy still supports the claim, a fixed page for an
//! "accessed" citation.
//!
//! Regenerate the capture after changing the fixtures or the crawler's requests with
//! `CITECHECK_BLESS=1 cargo test --test example_capture`.

use crate::common_discovery;

use std::path::{Path, PathBuf};
use std::process::Output;

use common_discovery::{Site, Urls};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn citecheck(args: &[String]) -> Output {
    crate::support::citecheck()
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the citecheck binary runs")
}

fn verify_args(out: &Path) -> Vec<String> {
    vec![
        "verify".into(),
        "--sources".into(),
        root().join("examples/sources.toml").display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ]
}

fn run_replay(capture: &Path, out: &Path) -> (Output, Value) {
    let mut args = verify_args(out);
    args.extend([
        "--replay".into(),
        capture.display().to_string(),
        root().join("examples/article.md").display().to_string(),
    ]);
    let output = citecheck(&args);
    let report = std::fs::read_to_string(out.join("article.json")).unwrap_or_else(|e| {
        panic!(
            "no report ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (
        output,
        serde_json::from_str(&report).expect("valid JSON report"),
    )
}

/// The report without what legitimately differs between two runs (timings, dates of the
/// run, and the machine's paths).
fn comparable(mut report: Value) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("elapsed_ms");
                map.remove("generated_at");
                map.remove("checked_at");
                map.remove("oldest");
                map.remove("path");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut report);
    report
}

fn citation<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["documents"][0]["citations"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("citation {id} in {report:#}"))
}

#[test]
fn the_example_capture_replays_to_a_full_report() {
    let out = tempfile::tempdir().expect("tempdir");
    let (output, report) = run_replay(&root().join("examples/capture.warc.gz"), out.path());
    assert_eq!(
        output.status.code(),
        Some(1),
        "a quote not found is an error: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(report["complete"], true);

    let quote = citation(&report, "c1");
    assert_eq!(quote["resolution"]["method"], "feed", "{quote:#}");
    assert!(quote["url"]
        .as_str()
        .is_some_and(|u| u.ends_with("altan-line-approved")));
    assert_eq!(quote["link"]["status"], "ok");
    assert_eq!(quote["verdict"], "verified", "{quote:#}");
    assert_ne!(quote["quotes"][0]["match"], "none");

    let numbers = citation(&report, "c2");
    assert_eq!(numbers["resolution"]["method"], "sitemap", "{numbers:#}");
    assert!(numbers["url"]
        .as_str()
        .is_some_and(|u| u.ends_with("/news/8812")));
    assert_eq!(numbers["language"], "mn");
    let found: Vec<&Value> = numbers["evidence"]["numbers"]
        .as_array()
        .map(|n| n.iter().filter(|f| f["found"] == true).collect())
        .unwrap_or_default();
    assert!(
        found.len() >= 2,
        "450 MW and $1.2 billion found: {numbers:#}"
    );

    let missing = citation(&report, "c3");
    assert!(missing["url"]
        .as_str()
        .is_some_and(|u| u.ends_with("herders-question-route")));
    assert_eq!(missing["quotes"][0]["match"], "none", "{missing:#}");
    assert_eq!(missing["severity"], "error");

    let dead = citation(&report, "c4");
    assert_eq!(dead["link"]["status"], "not_found", "{dead:#}");
    assert!(dead["archive"]["url"]
        .as_str()
        .is_some_and(|u| u.contains("archive.example/web/20240228093000")));
    assert!(matches!(
        dead["archive"]["verdict"].as_str(),
        Some("verified" | "partial")
    ));
    assert_eq!(dead["severity"], "warning", "{dead:#}");

    let page = citation(&report, "c5");
    assert_eq!(page["accessed"], true);
    assert_eq!(page["resolution"]["method"], "page", "{page:#}");
    assert_eq!(page["link"]["status"], "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recording_the_fixtures_reproduces_the_example_capture() {
    let sites = Site::serve_tree(&root().join("examples/fixtures"), Urls::Portless).await;
    let work = tempfile::tempdir().expect("tempdir");
    let mut args = verify_args(&work.path().join("live"));
    args.extend([
        "--record".into(),
        work.path().join("capture").display().to_string(),
    ]);
    for site in &sites {
        args.extend(["--resolve".into(), format!("{}={}", site.host, site.addr)]);
    }
    args.push(root().join("examples/article.md").display().to_string());
    let live = tokio::task::spawn_blocking(move || citecheck(&args))
        .await
        .expect("live run");
    drop(sites);
    assert_eq!(
        live.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&live.stderr)
    );
    let recorded = std::fs::read_dir(work.path().join("capture"))
        .expect("capture dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".warc.gz"))
        .expect("a .warc.gz was recorded");
    let live: Value = serde_json::from_str(
        &std::fs::read_to_string(work.path().join("live/article.json")).expect("live report"),
    )
    .expect("valid JSON");

    // The new capture replays to the live report, with every site gone.
    let (_, replayed) = run_replay(&recorded, &work.path().join("replay"));
    assert_eq!(comparable(replayed), comparable(live.clone()));

    if std::env::var_os("CITECHECK_BLESS").is_some() {
        std::fs::copy(&recorded, root().join("examples/capture.warc.gz")).expect("bless");
        eprintln!("examples/capture.warc.gz regenerated");
    }
    // The committed capture is what the fixtures produce today.
    let (_, committed) = run_replay(
        &root().join("examples/capture.warc.gz"),
        &work.path().join("committed"),
    );
    assert_eq!(
        comparable(committed),
        comparable(live),
        "examples/capture.warc.gz is stale: rerun with CITECHECK_BLESS=1"
    );
}

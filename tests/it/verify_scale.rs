//! A run at scale means what a small one meant (issue 15): citations checked lane by lane
//! and documents handed over as they complete give each document the report it gets on its
//! own, and `--timings` says where the time went.

use crate::common_discovery;
use crate::support::citecheck_in;

use std::path::Path;

use citecheck::model::Report;
use citecheck::sources::Sources;
use citecheck::verify::{self, VerifyOptions};

use common_discovery::{overrides, Reply, Site};

const QUOTE: &str = "the copper smelter will be built in Darkhan";

fn article(title: &str) -> Reply {
    Reply::html(format!(
        "<!doctype html><html><head><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"2024-02-20T09:00:00Z\"></head>\
         <body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1><p>The government \
         confirmed on Tuesday that {QUOTE}, close to the railway, after two years of \
         studies.</p><p>Construction is to start next spring and employ about two thousand \
         people.</p></article><footer>Steppe Courier</footer></body></html>"
    ))
}

async fn sites() -> (Site, Site) {
    let pages = |n: usize| {
        (0..n)
            .map(|i| (format!("/story/{i}"), article(&format!("Smelter {i}"))))
            .collect::<Vec<_>>()
    };
    let a = Site::start("scale-a.test", pages(12), Vec::new()).await;
    let b = Site::start("scale-b.test", pages(12), Vec::new()).await;
    (a, b)
}

fn sources() -> Sources {
    let text = "[defaults]\nrate = \"500/s\"\nconcurrency = 1\ntimeout = \"2s\"\n\
                connect_timeout = \"500ms\"\nretries = 0\n";
    Sources::parse(text, Path::new("sources.toml")).expect("sources")
}

/// Document `n` of three: four citations over both hosts, one of them to a missing page,
/// one quote that is not there.
fn document(a: &Site, b: &Site, n: usize) -> serde_json::Value {
    let cite = |url: String, quote: &str| serde_json::json!({"url": url, "claim": format!("They said “{quote}”."), "quotes": [quote]});
    serde_json::json!([
        cite(format!("{}/story/{}", a.base(), n), QUOTE),
        cite(format!("{}/story/{}", b.base(), n + 3), QUOTE),
        cite(format!("{}/missing/{n}", a.base()), QUOTE),
        cite(
            format!("{}/story/{}", b.base(), n + 6),
            "a bridge over the Selenge"
        ),
    ])
}

/// A report's citations as JSON, without what differs from run to run (timing, the
/// time of the check).
fn comparable(report: &Report) -> Vec<serde_json::Value> {
    report.documents[0]
        .citations
        .iter()
        .map(|c| {
            let mut value = serde_json::to_value(c).expect("serializes");
            if let Some(object) = value.as_object_mut() {
                object.remove("checked_at");
            }
            if let Some(link) = value.get_mut("link").and_then(|l| l.as_object_mut()) {
                link.remove("elapsed_ms");
            }
            value
        })
        .collect()
}

#[tokio::test]
async fn each_document_of_a_run_gets_the_report_it_gets_alone() {
    let (a, b) = sites().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let documents: Vec<_> = (0..3)
        .map(|n| {
            let path = dir.path().join(format!("doc{n}.json"));
            std::fs::write(&path, document(&a, &b, n).to_string()).expect("write");
            path
        })
        .collect();
    let run = |inputs: Vec<std::path::PathBuf>, out: &str| {
        let mut options = VerifyOptions::new(inputs, sources(), dir.path().join(out));
        options.resolve = overrides(&[&a, &b]);
        verify::run(options)
    };
    let together = run(documents.clone(), "together").await.expect("run");
    assert!(together.complete);
    assert_eq!(together.documents.len(), 3);
    for (n, path) in documents.iter().enumerate() {
        let alone = run(vec![path.clone()], &format!("alone{n}"))
            .await
            .expect("run");
        let (whole, single) = (&together.documents[n].report, &alone.documents[0].report);
        assert_eq!(whole.documents[0].path, single.documents[0].path);
        assert_eq!(comparable(whole), comparable(single), "document {n}");
        assert_eq!(
            whole.summary.verdict, single.summary.verdict,
            "document {n}"
        );
        let written =
            std::fs::read_to_string(together.documents[n].report_base.with_extension("json"))
                .expect("the report was written");
        let written: Report = serde_json::from_str(&written).expect("a report");
        assert_eq!(
            comparable(&written),
            comparable(whole),
            "document {n} as written"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timings_say_where_the_time_went_by_stage_and_by_host() {
    let (a, b) = sites().await;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("doc.json"), document(&a, &b, 0).to_string()).expect("write");
    std::fs::write(
        dir.path().join("sources.toml"),
        "[defaults]\nrate = \"500/s\"\ntimeout = \"2s\"\nretries = 0\n",
    )
    .expect("write");
    let mut args: Vec<String> = [
        "verify",
        "--timings",
        "-q",
        "--no-cache",
        "--fail-on",
        "never",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (host, addr) in overrides(&[&a, &b]) {
        args.push("--resolve".into());
        args.push(format!("{host}={addr}"));
    }
    args.push("doc.json".into());
    let cwd = dir.path().to_path_buf();
    let output = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        citecheck_in(&args, &cwd)
    })
    .await
    .expect("ran");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("timings: "), "{stderr}");
    for stage in [
        "fetch",
        "wait for a core",
        "extract and match",
        "write reports",
    ] {
        assert!(stderr.contains(stage), "{stage} missing: {stderr}");
    }
    for host in ["scale-a.test: fetch", "scale-b.test: fetch"] {
        assert!(stderr.contains(host), "{host} missing: {stderr}");
    }
    // Without the flag, nothing of it.
    let quiet = citecheck_in(&["verify", "-q", "--dry-run", "doc.json"], dir.path());
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("timings: "));
}

//! `--deny-private` through the command line: a cited page (reached under a `--resolve`
//! name, which the user chose and is trusted) redirects to a literal loopback address. With
//! the flag the redirect is refused with a reason that says why, and the address it points
//! to never receives a request; without the flag it is followed.

use crate::common_crawler;

use std::path::{Path, PathBuf};

use serde_json::Value;

use common_crawler::TestServer;

const SOURCES: &str = r#"
[defaults]
rate = "200/s"
timeout = "2s"
connect_timeout = "500ms"
retries = 0
"#;

/// The same without robots.txt, so the redirect hop itself meets the address rule (with
/// robots.txt on, the target host's robots.txt request is the first to be refused).
const SOURCES_NO_ROBOTS: &str = r#"
[defaults]
rate = "200/s"
timeout = "2s"
connect_timeout = "500ms"
retries = 0
robots = false
"#;

/// Runs `citecheck verify` on the document off the runtime's threads (the loopback servers
/// keep answering) and returns the citation of its JSON report.
async fn verify(cwd: PathBuf, sources: &str, extra: &[&str], resolve: String, out: &str) -> Value {
    let mut args: Vec<String> = [
        "verify",
        "article.json",
        "--sources",
        sources,
        "--format",
        "json",
        "--fail-on",
        "never",
        "--resolve",
        &resolve,
        "--out",
        out,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    let dir = cwd.clone();
    let output = tokio::task::spawn_blocking(move || {
        crate::support::citecheck()
            .args(&args)
            .current_dir(&dir)
            .env("RUST_LOG", "warn")
            .output()
            .expect("the citecheck binary runs")
    })
    .await
    .expect("the binary's thread");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let path = cwd.join(out).join("article.json");
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .expect("JSON report");
    report["documents"][0]["citations"][0].clone()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write fixture");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deny_private_refuses_a_redirect_to_a_loopback_address() {
    let front = TestServer::start().await;
    let inside = TestServer::start().await;
    let target = format!("http://127.0.0.1:{}/ok", inside.addr.port());
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "sources.toml", SOURCES);
    write(dir.path(), "no-robots.toml", SOURCES_NO_ROBOTS);
    let list = serde_json::json!([{
        "url": format!("http://public.test/redirect-to?{target}"),
        "claim": "The page says “Real text”.",
        "quotes": ["Real text"],
    }]);
    write(dir.path(), "article.json", &list.to_string());
    let resolve = format!("public.test=127.0.0.1:{}", front.addr.port());

    let refused = verify(
        dir.path().to_path_buf(),
        "sources.toml",
        &["--deny-private"],
        resolve.clone(),
        "denied",
    )
    .await;
    assert_eq!(
        front
            .hits_for("public.test", &format!("/redirect-to?{target}"))
            .len(),
        1,
        "the trusted --resolve name is fetched"
    );
    assert!(
        inside.hits().is_empty(),
        "the private address received {:?}",
        inside.hits()
    );
    let error = refused["link"]["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("127.0.0.1") && error.contains("--deny-private"),
        "the reason names the address and the flag: {refused:#}"
    );
    // A refused address is an address citecheck will not fetch: `invalid_url`.
    assert_eq!(refused["link"]["status"], "invalid_url", "{refused:#}");
    assert_eq!(refused["verdict"], "unverifiable");
    let reasons = refused["reasons"].to_string();
    assert!(reasons.contains("--deny-private"), "{reasons}");

    let hop = verify(
        dir.path().to_path_buf(),
        "no-robots.toml",
        &["--deny-private"],
        resolve.clone(),
        "denied-hop",
    )
    .await;
    assert!(inside.hits().is_empty(), "{:?}", inside.hits());
    let error = hop["link"]["error"].as_str().unwrap_or_default();
    assert!(
        error.starts_with("refused to connect to 127.0.0.1") && error.contains("--deny-private"),
        "{hop:#}"
    );
    assert_eq!(hop["link"]["status"], "invalid_url");
    assert_eq!(hop["link"]["redirects"], serde_json::json!([target]));

    let followed = verify(
        dir.path().to_path_buf(),
        "sources.toml",
        &[],
        resolve,
        "allowed",
    )
    .await;
    assert_eq!(
        inside.hits_for("127.0.0.1", "/ok").len(),
        1,
        "followed without the flag"
    );
    assert_eq!(followed["link"]["status"], "ok", "{followed:#}");
    assert_eq!(followed["link"]["final_url"], target.as_str());
    assert_eq!(followed["link"]["error"], Value::Null);
}

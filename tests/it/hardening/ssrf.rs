//! SSRF gaps: metadata endpoints in every spelling refused always, embedded IPv4 checked
//! under --deny-private, credentials in URLs never sent nor reported.
//!
//! The refusal tests run citecheck in a private network namespace (`unshare -n`): if a
//! refusal ever regressed, the request would find no route instead of leaving the machine.

use std::process::Command;

use super::{stderr, verify, write, LoopServer};
use crate::support::skip;

/// Runs `citecheck verify --format json ARGS… a.md` inside a new network namespace and
/// returns the report, or None (after a visible skip) when namespaces are not permitted.
fn report_in_private_netns(test: &str, article: &str, args: &[&str]) -> Option<serde_json::Value> {
    let probe = Command::new("unshare").args(["-n", "true"]).status();
    if !probe.is_ok_and(|s| s.success()) {
        skip(
            test,
            "`unshare -n` is not permitted here (needs root or user namespaces)",
        );
        return None;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "s.toml",
        "[defaults]\nrobots = false\nretries = 0\ntimeout = \"3s\"\n",
    );
    write(dir.path(), "a.md", article);
    let out = Command::new("unshare")
        .arg("-n")
        .arg(env!("CARGO_BIN_EXE_citecheck"))
        .args([
            "verify",
            "--sources",
            "s.toml",
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .args(args)
        .arg("a.md")
        .current_dir(dir.path())
        .env("RUST_LOG", "warn")
        .output()
        .expect("unshare runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("reports/a.json")).expect("report");
    Some(serde_json::from_str(&text).expect("report parses"))
}

/// (url, link status, link error) of every citation.
fn links(report: &serde_json::Value) -> Vec<(String, String, String)> {
    report["documents"][0]["citations"]
        .as_array()
        .expect("citations")
        .iter()
        .map(|c| {
            let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
            (
                text(&c["url"]),
                text(&c["link"]["status"]),
                text(&c["link"]["error"]),
            )
        })
        .collect()
}

#[test]
fn metadata_endpoints_in_every_form_are_refused_without_deny_private() {
    let urls = [
        "http://169.254.170.2/v2/credentials",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::23]/latest/",
        "http://[fe80::1]/",
        "http://[64:ff9b::a9fe:a9fe]/latest/",
        "http://[::ffff:a9fe:a9fe]/latest/",
        "http://[2002:a9fe:a9fe::1]/latest/",
        "http://100.100.100.200/latest/",
        "http://meta.test/latest/",
    ];
    let article: String = urls
        .iter()
        .map(|u| format!("A claim ([Outlet]({u}), March 4, 2024).\n\n"))
        .collect();
    let test = "metadata_endpoints_in_every_form_are_refused_without_deny_private";
    let resolve = ["--resolve", "meta.test=169.254.170.2:80"];
    let Some(report) = report_in_private_netns(test, &article, &resolve) else {
        return;
    };
    let found = links(&report);
    assert_eq!(found.len(), urls.len(), "{found:?}");
    for (url, status, error) in found {
        assert_eq!(status, "invalid_url", "{url}: {error}");
        assert!(error.contains("always refused"), "{url}: {error}");
    }
}

#[test]
fn loopback_and_private_in_embedded_ipv4_forms_are_refused_under_deny_private() {
    let urls = [
        "http://[64:ff9b::7f00:1]/",
        "http://[::127.0.0.1]/",
        "http://[2002:7f00:1::1]/",
        "http://[64:ff9b::a00:1]/",
        "http://[2001:0:a00:1::1]/",
    ];
    let article: String = urls
        .iter()
        .map(|u| format!("A claim ([Outlet]({u}), March 4, 2024).\n\n"))
        .collect();
    let test = "loopback_and_private_in_embedded_ipv4_forms_are_refused_under_deny_private";
    let Some(report) = report_in_private_netns(test, &article, &["--deny-private"]) else {
        return;
    };
    for (url, status, error) in links(&report) {
        assert_eq!(status, "invalid_url", "{url}: {error}");
        assert!(error.contains("--deny-private"), "{url}: {error}");
    }
}

fn page(_: &str) -> (u16, &'static str, Vec<u8>) {
    (
        200,
        "text/html",
        b"<html><body><p>Coal exports doubled.</p></body></html>".to_vec(),
    )
}

#[test]
fn credentials_in_urls_are_never_sent_nor_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = LoopServer::start(16, page);
    write(
        dir.path(),
        "s.toml",
        "[defaults]\nrobots = false\nretries = 0\n",
    );
    write(
        dir.path(),
        "a.md",
        "Coal exports doubled ([Steppe Herald](http://editor:hunter2secret@creds.test/a), \
         March 4, 2024). Also http://other:hunter2secret@creds.test/b says so.\n",
    );
    let resolve = server.resolve("creds.test");
    let args = [
        "--resolve",
        &resolve,
        "--format",
        "json,md,html,junit",
        "--fail-on",
        "never",
        "-vv",
        "a.md",
    ];
    let out = verify(&args, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let heads = server.heads();
    assert!(heads.len() >= 2, "{heads:?}");
    for head in &heads {
        assert!(
            !head.to_ascii_lowercase().contains("authorization"),
            "{head}"
        );
    }
    assert!(
        !stderr(&out).contains("hunter2secret"),
        "logs hold the password"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("hunter2secret"));
    for entry in std::fs::read_dir(dir.path().join("reports"))
        .expect("reports")
        .flatten()
    {
        let text = std::fs::read_to_string(entry.path()).expect("report text");
        let leak = text.find("hunter2secret").map(|at| {
            let start = text.floor_char_boundary(at.saturating_sub(120));
            text[start..at].to_string()
        });
        assert!(leak.is_none(), "{:?}: {leak:?}", entry.path());
    }
}

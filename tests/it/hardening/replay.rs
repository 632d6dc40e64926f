//! Hostile and damaged captures: empty, missing a URL, cut short, or claiming a record of
//! gigabytes.

use std::io::Write;

use super::{stderr, verify, write};

/// One WARC response record for `url`, answering 200 with `html`.
fn response(url: &str, html: &str) -> Vec<u8> {
    let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}");
    let mut record = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n\
         Content-Type: application/http;msgtype=response\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block.as_bytes());
    record.extend_from_slice(b"\r\n\r\n");
    record
}

const PAGE: &str = "<html><head><title>Coal</title></head><body><article><p>Coal exports \
                    doubled in March, the ministry said.</p></article></body></html>";

const ARTICLE: &str = "Coal exports doubled ([Steppe Herald](http://cap.test/a), March 4, 2024). \
                       Coal exports doubled again ([Steppe Herald](http://cap.test/b), March 5, 2024).\n";

/// Replays `capture` over [`ARTICLE`]; returns the output and the JSON report (if any).
fn replay(
    capture: &[u8],
    shell_prefix: Option<&str>,
) -> (std::process::Output, Option<serde_json::Value>) {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "s.toml", "[defaults]\n");
    write(dir.path(), "a.md", ARTICLE);
    std::fs::write(dir.path().join("cap.warc"), capture).expect("capture");
    let args = [
        "--replay",
        "cap.warc",
        "--format",
        "json",
        "--fail-on",
        "never",
        "a.md",
    ];
    let out = match shell_prefix {
        None => verify(&args, dir.path()),
        Some(prefix) => std::process::Command::new("bash")
            .arg("-c")
            .arg(format!("{prefix}; exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_citecheck"))
            .args(["verify", "--sources", "s.toml"])
            .args(args)
            .current_dir(dir.path())
            .env("RUST_LOG", "warn")
            .output()
            .expect("bash runs citecheck"),
    };
    let report = std::fs::read_to_string(dir.path().join("reports/a.json"))
        .ok()
        .map(|t| serde_json::from_str(&t).expect("report parses"));
    (out, report)
}

fn statuses(report: &serde_json::Value) -> Vec<String> {
    report["documents"][0]["citations"]
        .as_array()
        .expect("citations")
        .iter()
        .map(|c| c["link"]["status"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn an_empty_capture_is_an_input_error() {
    let warcinfo = b"WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n";
    for capture in [&b""[..], &warcinfo[..]] {
        let (out, _) = replay(capture, None);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("no responses"), "{}", stderr(&out));
    }
}

#[test]
fn a_url_missing_from_the_capture_is_not_captured() {
    let (out, report) = replay(&response("http://cap.test/a", PAGE), None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = report.expect("report");
    assert_eq!(statuses(&report), ["ok", "not_captured"]);
    let reasons = report["documents"][0]["citations"][1]["reasons"].to_string();
    assert!(reasons.contains("capture has no answer"), "{reasons}");
}

#[test]
fn a_truncated_capture_replays_its_intact_records_and_names_the_cut() {
    let mut capture = response("http://cap.test/a", PAGE);
    let intact = capture.len();
    let second = response("http://cap.test/b", PAGE);
    capture.extend_from_slice(&second[..second.len() / 2]);
    let (out, report) = replay(&capture, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(statuses(&report.expect("report")), ["ok", "not_captured"]);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("byte {intact}")),
        "names the offset: {err}"
    );
}

#[test]
fn a_small_capture_claiming_gigabytes_is_replayed_within_the_cap() {
    // 1.2 GB of zeros in twelve gzip members of 100 MB each: a file of about 1.2 MB. Read whole, it
    // would not fit the 1 GB of address space the replay is given.
    let zeros = vec![0u8; 100_000_000];
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&zeros).expect("gzip");
    let member = gz.finish().expect("gzip");
    drop(zeros);
    let http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
    let head = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://cap.test/a\r\n\
         Content-Length: {}\r\n\r\n{http}",
        12 * 100_000_000 + http.len()
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(head.as_bytes()).expect("gzip");
    let mut capture = gz.finish().expect("gzip");
    for _ in 0..12 {
        capture.extend_from_slice(&member);
    }
    assert!(capture.len() < 2_000_000, "{} bytes", capture.len());
    let (out, report) = replay(&capture, Some("ulimit -v 1000000"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(statuses(&report.expect("report"))[0], "too_large");
}

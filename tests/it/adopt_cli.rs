//! The command line as a new user meets it (issue 17): help with examples and defaults,
//! `-v`/`-q` listed once, `--timeout` and `--user-agent`, and the small wrongs fixed — no
//! report for a file that does not exist, `extract` on a gzipped page, `-q` silencing the
//! note about a missing ./sources.toml.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::common_crawler::TestServer;
use crate::support::citecheck_in as citecheck;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write fixture");
    path
}

#[test]
fn global_flags_are_listed_once_at_the_top() {
    let dir = tempfile::tempdir().expect("tempdir");
    let top = text(&citecheck(&["--help"], dir.path()).stdout);
    assert!(
        top.contains("--verbose") && top.contains("--quiet"),
        "{top}"
    );
    assert!(top.contains("Examples:"), "{top}");
    for command in ["verify", "extract", "merge"] {
        let help = citecheck(&[command, "--help"], dir.path());
        assert_eq!(help.status.code(), Some(0));
        let help = text(&help.stdout);
        assert!(
            !help.contains("--verbose") && !help.contains("--quiet"),
            "{command} --help repeats the global flags:\n{help}"
        );
        assert!(help.contains("Examples:"), "{command} --help:\n{help}");
        assert!(help.contains("see citecheck --help"), "{help}");
    }
}

#[test]
fn verify_help_shows_defaults_and_exit_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let help = text(&citecheck(&["verify", "--help"], dir.path()).stdout);
    for expected in [
        "[default: reports]",
        "[default: json,md]",
        "[default: error]",
        "[default: ./sources.toml when present]",
        "--timeout <DURATION>",
        "--user-agent <TEXT>",
        "Exit codes:",
        "docs/sources.md",
    ] {
        assert!(help.contains(expected), "missing {expected:?} in:\n{help}");
    }
}

/// `-q` works before and after the command, and silences notes (the missing
/// ./sources.toml) as well as the table; `-vv` after the command is taken too.
#[test]
fn global_flags_work_before_and_after_the_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.txt", b"Nothing cited here.\n");
    let loud = citecheck(&["verify", "--dry-run", "-vv", "a.txt"], dir.path());
    assert_eq!(loud.status.code(), Some(0), "{}", text(&loud.stderr));
    assert!(
        text(&loud.stderr).contains("no ./sources.toml"),
        "{}",
        text(&loud.stderr)
    );
    for args in [
        &["-q", "verify", "--dry-run", "a.txt"][..],
        &["verify", "--quiet", "--dry-run", "a.txt"],
    ] {
        let quiet = citecheck(args, dir.path());
        assert_eq!(quiet.status.code(), Some(0), "{args:?}");
        assert!(
            !text(&quiet.stderr).contains("sources.toml") && !text(&quiet.stdout).contains("wrote"),
            "{args:?}: {}{}",
            text(&quiet.stdout),
            text(&quiet.stderr)
        );
    }
}

#[test]
fn a_missing_input_gets_no_report_and_the_others_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "present.txt", b"Nothing cited here.\n");
    let out = citecheck(
        &["verify", "--dry-run", "present.txt", "missing.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("missing.txt: cannot read"));
    let reports = dir.path().join("reports");
    assert!(reports.join("present.json").is_file());
    assert!(reports.join("present.md").is_file());
    assert!(!reports.join("missing.json").exists());
    assert!(!reports.join("missing.md").exists());
    let stdout = text(&out.stdout);
    assert!(stdout.contains("wrote reports/present.json"), "{stdout}");
    assert!(!stdout.contains("missing.json"), "{stdout}");
}

#[test]
fn a_file_that_does_not_parse_still_gets_a_report_naming_the_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "list.json", b"[{\"url\": ");
    let out = citecheck(&["verify", "--dry-run", "list.json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let report = std::fs::read_to_string(dir.path().join("reports/list.json"))
        .expect("a parse error is still reported");
    assert!(report.contains("list.json:1:"), "{report}");
}

const PAGE: &str = "<html><head><title>Budget passed</title></head><body><article>\
    <h1>Budget passed</h1><p>The parliament approved the budget on Friday after a long \
    debate about mining revenue and the new railway line.</p></article></body></html>";

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("gzip");
    encoder.finish().expect("gzip")
}

#[test]
fn extract_reads_a_gzipped_page_decompressed() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "page.html.gz", &gzip(PAGE.as_bytes()));
    let out = citecheck(&["extract", "--text", "page.html.gz"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("title: Budget passed"), "{shown}");
    assert!(shown.contains("mining revenue"), "{shown}");
    let json = citecheck(&["extract", "page.html.gz"], dir.path());
    let line: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON object");
    assert!(line["text"]
        .as_str()
        .is_some_and(|t| t.contains("railway line")));
}

#[test]
fn extract_refuses_binary_and_broken_gzip_files_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "image.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    );
    let mut truncated = gzip(PAGE.as_bytes());
    truncated.truncate(truncated.len() / 2);
    write(dir.path(), "cut.html.gz", &truncated);
    for (file, expected) in [("image.png", "not a page"), ("cut.html.gz", "gzip")] {
        let out = citecheck(&["extract", "--text", file], dir.path());
        assert_eq!(out.status.code(), Some(2), "{file}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(file) && text(&out.stderr).contains(expected),
            "{file}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stdout).contains("-- text --"), "{file}");
    }
}

#[test]
fn bad_timeout_and_user_agent_values_are_usage_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.txt", b"Nothing cited here.\n");
    for args in [
        &["verify", "--timeout", "0s", "a.txt"][..],
        &["verify", "--timeout", "30", "a.txt"],
        &["verify", "--user-agent", "", "a.txt"],
        &["verify", "--user-agent", "bot\r\nX-Evil: 1", "a.txt"],
    ] {
        let out = citecheck(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!text(&out.stderr).contains("panicked"));
    }
}

/// `--timeout` and `--user-agent` win over sources.toml for every host: a page that takes
/// ten seconds times out at one, and the server sees the User-Agent given.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeout_and_user_agent_flags_reach_every_request() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "sources.toml",
        b"[defaults]\nrate = \"50/s\"\ntimeout = \"60s\"\nretries = 0\nuser_agent = \"from-file/1\"\n",
    );
    write(
        dir.path(),
        "article.md",
        b"The budget passed ([Ledger](http://slow.test/trickle)).\n\n\
          Parliament met ([Herald](http://fast.test/ok)).\n",
    );
    let addr = server.addr.to_string();
    let cwd = dir.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        citecheck(
            &[
                "verify",
                "--timeout",
                "1s",
                "--user-agent",
                "ExampleDesk/2.0 (+https://example.org/checks)",
                "--resolve",
                &format!("slow.test={addr}"),
                "--resolve",
                &format!("fast.test={addr}"),
                "--fail-on",
                "never",
                "article.md",
            ],
            &cwd,
        )
    })
    .await
    .expect("join");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("reports/article.json")).expect("report"),
    )
    .expect("JSON");
    let citations = report["documents"][0]["citations"]
        .as_array()
        .expect("citations");
    let status_of = |url: &str| {
        citations
            .iter()
            .find(|c| c["url"] == url)
            .map(|c| c["link"]["status"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(
        status_of("http://slow.test/trickle").as_deref(),
        Some("timeout")
    );
    assert_eq!(status_of("http://fast.test/ok").as_deref(), Some("ok"));
    let hits = server.hits_on("fast.test");
    assert!(!hits.is_empty());
    for hit in hits {
        let agent = hit.headers.iter().find(|(n, _)| n == "user-agent");
        assert_eq!(
            agent.map(|(_, v)| v.as_str()),
            Some("ExampleDesk/2.0 (+https://example.org/checks)"),
            "{}",
            hit.path
        );
    }
}

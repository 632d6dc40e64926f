//! Full disks and unwritable folders: the last good report survives, a failed capture fails
//! the run, an unwritable --out is found before the first request, captures are capped.

use super::{citecheck, citecheck_with_disk_of, incompressible, stderr, verify, write, LoopServer};

/// An article of many citations, so its report is tens of kilobytes.
fn long_article() -> String {
    (0..300)
        .map(|i| format!("Coal exports rose by {i} percent (Steppe Herald, March 4, 2024).\n\n"))
        .collect()
}

#[test]
fn a_full_disk_keeps_the_last_good_report_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "s.toml", "[defaults]\n");
    write(dir.path(), "a.txt", &long_article());
    let args = ["verify", "--dry-run", "--sources", "s.toml", "a.txt"];
    let first = citecheck(&args, dir.path());
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let report = dir.path().join("reports/a.json");
    let good = std::fs::read(&report).expect("the first report");
    assert!(good.len() > 32 * 1024, "the report must not fit the limit");
    let second = citecheck_with_disk_of(16, &args, dir.path());
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("cannot write report"),
        "{}",
        stderr(&second)
    );
    assert_eq!(
        std::fs::read(&report).expect("still there"),
        good,
        "old report kept"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("reports"))
        .expect("reports")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Answers every path with 64 KB that gzip cannot shrink.
fn big_page(_: &str) -> (u16, &'static str, Vec<u8>) {
    (200, "text/html", incompressible(64 * 1024))
}

fn record_run(
    server: &LoopServer,
    dir: &std::path::Path,
    extra: &[&str],
    kib: Option<u64>,
) -> std::process::Output {
    write(
        dir,
        "s.toml",
        "[defaults]\nrobots = false\nretries = 0\ntimeout = \"5s\"\n",
    );
    write(
        dir,
        "a.md",
        "Coal exports doubled ([Steppe Herald](http://big.test/a), March 4, 2024).\n",
    );
    let resolve = server.resolve("big.test");
    let mut args = vec![
        "verify",
        "--sources",
        "s.toml",
        "--resolve",
        &resolve,
        "--record",
        "cap",
    ];
    args.extend_from_slice(extra);
    args.push("a.md");
    match kib {
        Some(kib) => citecheck_with_disk_of(kib, &args, dir),
        None => citecheck(&args, dir),
    }
}

fn captures(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir.join("cap"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn record_on_a_full_disk_is_a_failed_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = LoopServer::start(16, big_page);
    let out = record_run(&server, dir.path(), &[], Some(32));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("the capture failed"), "{err}");
    assert!(!err.contains("recorded the run"), "{err}");
    assert!(server.hits() >= 1, "the page was fetched");
    assert!(
        dir.path().join("reports/a.json").exists(),
        "the report is still written"
    );
    assert!(
        captures(dir.path())
            .iter()
            .all(|n| !n.ends_with(".warc.gz")),
        "no complete-looking capture: {:?}",
        captures(dir.path())
    );
}

#[test]
fn a_capture_past_the_record_limit_stops_and_fails_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = LoopServer::start(16, big_page);
    let out = record_run(&server, dir.path(), &["--record-limit", "16KB"], None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("cap"), "{err}");
    let names = captures(dir.path());
    assert_eq!(names.len(), 1, "{names:?}");
    let size = std::fs::metadata(dir.path().join("cap").join(&names[0]))
        .expect("capture")
        .len();
    assert!(size <= 16_000, "{size} bytes");
    // The folder is now full: the next run refuses before sending anything.
    let before = server.hits();
    let out = record_run(&server, dir.path(), &["--record-limit", "100"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--record-limit"), "{}", stderr(&out));
    assert_eq!(server.hits(), before, "no request was sent");
}

#[test]
fn an_unwritable_out_is_found_before_the_first_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = LoopServer::start(16, big_page);
    write(dir.path(), "s.toml", "[defaults]\nrobots = false\n");
    write(
        dir.path(),
        "a.md",
        "Coal ([Steppe Herald](http://big.test/a), March 4, 2024).\n",
    );
    write(
        dir.path(),
        "blocker",
        "a file where the reports folder would go\n",
    );
    let resolve = server.resolve("big.test");
    let args = ["--resolve", &resolve, "--out", "blocker/reports", "a.md"];
    let out = verify(&args, dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("blocker/reports"), "{}", stderr(&out));
    assert_eq!(server.hits(), 0, "no request before the check");
}

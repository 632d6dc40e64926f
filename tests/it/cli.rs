//! The command line as a user meets it: the built binary, its exit codes, its messages and
//! the reports it writes. No test here touches the network (dry runs and loopback only).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) fn citecheck(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args(args)
        .current_dir(cwd)
        .env("RUST_LOG", "warn")
        .env("XDG_CACHE_HOME", cwd.join(".cache"))
        .output()
        .expect("the citecheck binary runs")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dirs");
    }
    std::fs::write(&path, text).expect("write fixture");
    path
}

/// `citecheck verify --dry-run --sources <the repository's sources.toml> ARGS…` in `cwd`.
fn dry_run(args: &[&str], cwd: &Path) -> Output {
    let sources = repo().join("sources.toml");
    let mut all = vec!["verify", "--dry-run", "--sources"];
    all.push(sources.to_str().expect("utf-8 path"));
    all.extend_from_slice(args);
    citecheck(&all, cwd)
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn malformed_sources_file_names_file_line_and_column_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "bad.toml",
        "[defaults]\nrate = \"1/s\"\nconcurrency = \"two\"\n",
    );
    write(dir.path(), "a.txt", "Nothing cited here.\n");
    let out = citecheck(
        &["verify", "--dry-run", "--sources", "bad.toml", "a.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains("bad.toml:3:"),
        "message names file and line: {}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn missing_sources_file_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.txt", "Nothing cited here.\n");
    let out = citecheck(
        &["verify", "--dry-run", "--sources", "nope.toml", "a.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.toml"), "{}", stderr(&out));
}

#[test]
fn unknown_format_and_bad_flags_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.txt", "Nothing cited here.\n");
    let sources = repo().join("sources.toml");
    let sources = sources.to_str().expect("utf-8 path");
    for args in [
        vec![
            "verify",
            "--dry-run",
            "--sources",
            sources,
            "--format",
            "pdf",
            "a.txt",
        ],
        vec![
            "verify",
            "--dry-run",
            "--sources",
            sources,
            "--published",
            "2023-13-40",
            "a.txt",
        ],
        vec![
            "verify",
            "--dry-run",
            "--sources",
            sources,
            "--fail-on",
            "sometimes",
            "a.txt",
        ],
        vec![
            "verify",
            "--dry-run",
            "--sources",
            sources,
            "--resolve",
            "ikon.mn",
            "a.txt",
        ],
    ] {
        let out = citecheck(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn unreadable_input_exits_2_but_other_reports_are_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "good.txt", "Nothing cited here.\n");
    let out = dry_run(&["--out", "out", "missing.txt", "good.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("missing.txt"), "{}", stderr(&out));
    let report = std::fs::read_to_string(dir.path().join("out/good.json")).expect("good report");
    let report: serde_json::Value = serde_json::from_str(&report).expect("valid JSON");
    assert_eq!(report["schema"], "citecheck/report-v1");
    // A file that could not be read has no document to report on (issue 17).
    assert!(!dir.path().join("out/missing.json").exists());
    assert!(!dir.path().join("out/missing.md").exists());
}

#[test]
fn directory_input_mirrors_paths_so_reports_never_collide() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "articles/a/index.md", "Nothing cited.\n");
    write(dir.path(), "articles/b/index.md", "Nothing cited either.\n");
    write(dir.path(), "articles/notes.bin", "ignored");
    let out = dry_run(&["--out", "out", "articles"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("out/a/index.json").is_file());
    assert!(dir.path().join("out/b/index.json").is_file());
    assert!(dir.path().join("out/a/index.md").is_file());
    assert!(!dir.path().join("out/notes.json").exists());
}

#[test]
fn malformed_citation_list_names_line_and_column_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "list.json",
        "[\n  {\"url\": \"https://example.org/a\"},\n  {\"outlet\": \"Ikon\", \"date\": 5}\n]\n",
    );
    let out = dry_run(&["--out", "out", "list.json"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("list.json:3:"),
        "names the file and line: {}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"));
    assert!(
        dir.path().join("out/list.json").is_file(),
        "a report is still written"
    );
}

/// Ctrl-C in the middle of a run: the reports are written, marked incomplete, with the
/// citations not reached marked unchecked, and the exit code says the run was cut short.
#[cfg(unix)]
#[test]
fn an_interrupted_run_writes_an_incomplete_report() {
    use std::io::Read;
    use std::net::TcpListener;
    use std::time::{Duration, Instant};

    // A server that accepts and never answers: the citation waits on it.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopped = stop.clone();
    let hold = std::thread::spawn(move || {
        let mut held = Vec::new();
        listener.set_nonblocking(true).expect("nonblocking");
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline
            && held.len() < 8
            && !stopped.load(std::sync::atomic::Ordering::Relaxed)
        {
            match listener.accept() {
                Ok((stream, _)) => held.push(stream),
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        held
    });
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "sources.toml",
        "[defaults]\ntimeout = \"60s\"\nrobots = false\nretries = 0\n",
    );
    write(
        dir.path(),
        "a.md",
        "A slow claim ([Slow, May 1, 2024](http://slow.test/story)).\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args([
            "verify",
            "--sources",
            "sources.toml",
            "--out",
            "out",
            "--resolve",
            &format!("slow.test={addr}"),
            "a.md",
        ])
        .current_dir(dir.path())
        .env("XDG_CACHE_HOME", dir.path().join(".cache"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn citecheck");
    std::thread::sleep(Duration::from_millis(1500));
    let signalled = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(signalled.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "citecheck did not stop after SIGINT"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut err);
    }
    assert_eq!(status.code(), Some(130), "{err}");
    let report = std::fs::read_to_string(dir.path().join("out/a.json")).expect("report written");
    let report: serde_json::Value = serde_json::from_str(&report).expect("valid JSON");
    assert_eq!(report["complete"], false);
    let citation = &report["documents"][0]["citations"][0];
    assert_eq!(citation["link"]["status"], "unchecked", "{citation:#}");
    assert!(citation["link"]["error"]
        .as_str()
        .is_some_and(|e| e.contains("interrupted")));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    drop(hold.join());
}

#[test]
fn documents_with_one_stem_get_their_own_reports() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "d/x.md",
        "A claim (Ikon, September 27, 2023).\n",
    );
    write(
        dir.path(),
        "d/x.txt",
        "Another claim (Ikon, September 28, 2023).\n",
    );
    write(
        dir.path(),
        "e/x.txt",
        "A third claim (Ikon, September 29, 2023).\n",
    );
    let out = dry_run(&["--out", "out", "d", "e/x.txt"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut dates = Vec::new();
    for name in ["out/x.md.json", "out/x.txt.json", "out/x.txt-2.json"] {
        let text = std::fs::read_to_string(dir.path().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let report: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        dates.push(report["documents"][0]["citations"][0]["date"].clone());
    }
    dates.sort_by_key(|d| d.to_string());
    assert_eq!(
        dates,
        ["2023-09-27", "2023-09-28", "2023-09-29"].map(serde_json::Value::from)
    );
}

#[test]
fn verifying_a_folder_twice_never_reads_its_own_reports() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.md", "See [a link](https://example.org/a).\n");
    std::fs::copy(repo().join("sources.toml"), dir.path().join("sources.toml")).expect("copy");
    for run in 0..2 {
        let out = citecheck(&["verify", "--dry-run", "."], dir.path());
        assert_eq!(out.status.code(), Some(0), "run {run}: {}", stderr(&out));
    }
    assert!(dir.path().join("reports/a.json").is_file());
    assert!(
        !dir.path().join("reports/reports").exists(),
        "reports were read as input"
    );
}

#[test]
fn a_dry_run_says_unchecked_not_unverifiable() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a.md",
        "One (Ikon, September 27). Two ([Ikon, May 1](https://ikon.mn/n/1)). Three ([X, May 2](ftp://x.example/a)).\n",
    );
    let sources = repo().join("sources.toml");
    let out = citecheck(
        &[
            "verify",
            "--dry-run",
            "--published",
            "2023-11-15",
            "--sources",
            sources.to_str().expect("utf-8 path"),
            "--out",
            "out",
            "a.md",
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the ftp link is an error: {}",
        stderr(&out)
    );
    let report = std::fs::read_to_string(dir.path().join("out/a.json")).expect("report");
    let report: serde_json::Value = serde_json::from_str(&report).expect("valid JSON");
    let citations = report["documents"][0]["citations"]
        .as_array()
        .expect("citations");
    let statuses: Vec<&str> = citations
        .iter()
        .map(|c| c["link"]["status"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(statuses, ["unresolved", "unchecked", "invalid_url"]);
    for citation in citations {
        assert_eq!(citation["verdict"], "unchecked", "{citation:#}");
        let reasons = citation["reasons"].to_string();
        assert!(!reasons.contains("could not be read"), "{reasons}");
    }
}

#[test]
fn a_closed_pipe_ends_output_without_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = "<html><body><article><p>Some text.</p></article></body></html>\n".repeat(2000);
    write(dir.path(), "page.html", &page);
    let mut child = Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args(["extract", "--text", "page.html", "page.html", "page.html"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_ne!(out.status.code(), Some(101));
}

#[test]
fn without_a_sources_file_verify_warns_and_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.md", "See [a link](https://example.org/a).\n");
    let out = citecheck(&["verify", "--dry-run", "a.md"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("--sources"), "{}", stderr(&out));
    let missing = citecheck(
        &["verify", "--dry-run", "--sources", "nope.toml", "a.md"],
        dir.path(),
    );
    assert_eq!(missing.status.code(), Some(2), "a named file must exist");
    let message = stderr(&missing);
    assert_eq!(
        message.matches("No such file").count(),
        1,
        "said once: {message}"
    );
}

//! The command line as a user meets it: the built binary, its exit codes, its messages and
//! the reports it writes. No test here touches the network (dry runs and loopback only).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn citecheck(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args(args)
        .current_dir(cwd)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the citecheck binary runs")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dirs");
    }
    std::fs::write(&path, text).expect("write fixture");
    path
}

fn stderr(output: &Output) -> String {
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
    let sources = repo().join("sources.toml");
    let out = citecheck(
        &[
            "verify",
            "--dry-run",
            "--sources",
            sources.to_str().expect("utf-8 path"),
            "--out",
            "out",
            "missing.txt",
            "good.txt",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("missing.txt"), "{}", stderr(&out));
    let report = std::fs::read_to_string(dir.path().join("out/good.json")).expect("good report");
    let report: serde_json::Value = serde_json::from_str(&report).expect("valid JSON");
    assert_eq!(report["schema"], "citecheck/report-v1");
    let missing = std::fs::read_to_string(dir.path().join("out/missing.json"))
        .expect("a report is written for the unreadable input too");
    let missing: serde_json::Value = serde_json::from_str(&missing).expect("valid JSON");
    assert!(missing["documents"][0]["error"]
        .as_str()
        .is_some_and(|e| e.contains("missing.txt")));
}

#[test]
fn directory_input_mirrors_paths_so_reports_never_collide() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "articles/a/index.md", "Nothing cited.\n");
    write(dir.path(), "articles/b/index.md", "Nothing cited either.\n");
    write(dir.path(), "articles/notes.bin", "ignored");
    let sources = repo().join("sources.toml");
    let out = citecheck(
        &[
            "verify",
            "--dry-run",
            "--sources",
            sources.to_str().expect("utf-8 path"),
            "--out",
            "out",
            "articles",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("out/a/index.json").is_file());
    assert!(dir.path().join("out/b/index.json").is_file());
    assert!(dir.path().join("out/a/index.md").is_file());
    assert!(!dir.path().join("out/notes.json").exists());
}

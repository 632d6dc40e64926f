//! The GitHub Action's logic (action/citecheck_action.py) run as a workflow would run it:
//! with fake `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY` and `GITHUB_PATH` files, the real
//! citecheck binary, and releases served from `file://` folders. Python is the only tool
//! needed; without it the tests say SKIPPED (and fail under CITECHECK_REQUIRE_TOOLS=1).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::common_crawler::TestServer;
use crate::support::skip;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fake runner: a work folder with empty GITHUB_* files.
struct Runner {
    dir: tempfile::TempDir,
}

impl Runner {
    fn new() -> Runner {
        let runner = Runner {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        for file in ["output", "summary", "path"] {
            std::fs::write(runner.path(file), "").expect("runner file");
        }
        std::fs::create_dir_all(runner.path("temp")).expect("runner temp");
        runner
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `citecheck_action.py <command>` in `cwd` with the runner's files and `inputs`
    /// (INPUT_* names and others). None when Python is missing (a visible skip).
    fn action(&self, test: &str, command: &str, inputs: &[(&str, &str)]) -> Option<Output> {
        let mut run = Command::new("python3");
        run.arg(repo().join("action/citecheck_action.py"))
            .arg(command)
            .current_dir(self.dir.path())
            .env("GITHUB_OUTPUT", self.path("output"))
            .env("GITHUB_STEP_SUMMARY", self.path("summary"))
            .env("GITHUB_PATH", self.path("path"))
            .env("RUNNER_TEMP", self.path("temp"))
            .env("GITHUB_ACTION_PATH", repo())
            .env("CITECHECK", env!("CARGO_BIN_EXE_citecheck"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("RUST_LOG", "warn");
        for (name, value) in inputs {
            run.env(name, value);
        }
        match run.output() {
            Ok(output) => Some(output),
            Err(e) => {
                skip(test, &format!("python3 not runnable: {e}"));
                None
            }
        }
    }

    /// `GITHUB_OUTPUT` as a map (the simple `name=value` lines the script writes).
    fn outputs(&self) -> HashMap<String, String> {
        std::fs::read_to_string(self.path("output"))
            .expect("GITHUB_OUTPUT")
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_default()
    }
}

fn log(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn example(path: &str) -> String {
    repo().join(path).display().to_string()
}

/// The example article from its capture: five citations, one quote not found.
fn example_inputs(runner: &Runner) -> Vec<(&'static str, String)> {
    vec![
        (
            "INPUT_ARGS",
            format!(
                "{} --replay {}",
                example("examples/article.md"),
                example("examples/capture.warc.gz")
            ),
        ),
        ("INPUT_SOURCES", example("examples/sources.toml")),
        ("INPUT_OUT", runner.path("reports").display().to_string()),
        ("INPUT_FORMAT", "json,md".to_string()),
        ("INPUT_FAIL_ON", "error".to_string()),
    ]
}

fn borrowed<'a>(inputs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    inputs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The outputs action.yml declares (read from the file, not restated here).
fn declared_outputs() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("action.yml")).expect("action.yml");
    let mut names = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.trim().is_empty() {
            inside = line.starts_with("outputs:");
            continue;
        }
        if inside {
            if let Some(name) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':')) {
                if !name.starts_with(' ') {
                    names.push(name.to_string());
                }
            }
        }
    }
    names
}

#[test]
fn run_writes_every_output_the_summary_and_fails_on_findings() {
    let runner = Runner::new();
    let inputs = example_inputs(&runner);
    let test = "run_writes_every_output_the_summary_and_fails_on_findings";
    let Some(out) = runner.action(test, "run", &borrowed(&inputs)) else {
        return;
    };
    assert_eq!(out.status.code(), Some(1), "{}", log(&out));
    assert!(
        log(&out).contains("::error title=citecheck::1 error,"),
        "{}",
        log(&out)
    );
    let outputs = runner.outputs();
    let declared = declared_outputs();
    assert!(declared.len() >= 10, "{declared:?}");
    for name in &declared {
        assert!(
            outputs.contains_key(name),
            "output {name} not written: {outputs:?}"
        );
    }
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(runner.path("reports/article.json")).expect("JSON report"),
    )
    .expect("JSON");
    let summary = &report["summary"];
    assert_eq!(outputs["exit-code"], "1");
    assert_eq!(outputs["citations"], summary["citations"].to_string());
    assert_eq!(outputs["errors"], summary["severity"]["error"].to_string());
    assert_eq!(
        outputs["warnings"],
        summary["severity"]["warning"].to_string()
    );
    assert_eq!(outputs["ok"], summary["severity"]["ok"].to_string());
    assert_eq!(outputs["complete"], "true");
    assert_eq!(outputs["newly-broken"], "0");
    // json,md was asked; summary was added for the step summary.
    let own_summary = std::fs::read_to_string(runner.path("reports/article.summary.md"))
        .expect("the summary format was added");
    let step_summary = runner.read("summary");
    assert!(step_summary.contains(own_summary.trim()), "{step_summary}");
    assert!(step_summary.contains("Steppe Herald"), "{step_summary}");
    assert_eq!(
        std::fs::read_to_string(&outputs["summary-file"]).expect("summary file"),
        step_summary.trim_end_matches('\n').to_string() + "\n"
    );
}

#[test]
fn fail_false_keeps_the_step_green_with_the_exit_code_as_output() {
    let runner = Runner::new();
    let mut inputs = example_inputs(&runner);
    inputs.push(("INPUT_FAIL", "false".into()));
    inputs.push(("INPUT_SUMMARY", "false".into()));
    let test = "fail_false_keeps_the_step_green_with_the_exit_code_as_output";
    let Some(out) = runner.action(test, "run", &borrowed(&inputs)) else {
        return;
    };
    assert_eq!(out.status.code(), Some(0), "{}", log(&out));
    assert_eq!(runner.outputs()["exit-code"], "1");
    assert_eq!(runner.read("summary"), "", "summary: false writes none");
}

/// `--out` and `--fail-on` written in `args` win over the inputs of the same name
/// (passing both would be a usage error), and the counts are read where `--out` said.
#[test]
fn options_in_args_win_over_the_inputs() {
    let runner = Runner::new();
    let mut inputs = example_inputs(&runner);
    let mine = runner.path("mine").display().to_string();
    inputs[0].1 = format!("{} --out '{mine}' --fail-on=never", inputs[0].1);
    let test = "options_in_args_win_over_the_inputs";
    let Some(out) = runner.action(test, "run", &borrowed(&inputs)) else {
        return;
    };
    assert_eq!(out.status.code(), Some(0), "{}", log(&out));
    let outputs = runner.outputs();
    assert_eq!(outputs["exit-code"], "0");
    assert_eq!(outputs["reports"], mine);
    assert_eq!(outputs["citations"], "5", "{}", log(&out));
    assert!(runner.path("mine/article.summary.md").is_file());
    assert!(!runner.path("reports").exists());
}

#[test]
fn a_missing_document_fails_the_step_and_writes_zero_counts() {
    let runner = Runner::new();
    let out_dir = runner.path("reports").display().to_string();
    let inputs = [
        ("INPUT_ARGS", "--dry-run 'no such article.md'"),
        ("INPUT_OUT", out_dir.as_str()),
        ("INPUT_FAIL", "false"),
    ];
    let test = "a_missing_document_fails_the_step_and_writes_zero_counts";
    let Some(out) = runner.action(test, "run", &inputs) else {
        return;
    };
    assert_eq!(out.status.code(), Some(2), "{}", log(&out));
    assert!(
        log(&out).contains("no such article.md: cannot read"),
        "{}",
        log(&out)
    );
    let outputs = runner.outputs();
    assert_eq!(outputs["exit-code"], "2");
    assert_eq!(outputs["citations"], "0");
    assert_eq!(outputs["complete"], "false");
    assert!(!runner.path("reports/no such article.json").exists());
}

#[test]
fn bad_inputs_are_workflow_errors_naming_the_input() {
    let runner = Runner::new();
    let test = "bad_inputs_are_workflow_errors_naming_the_input";
    for (inputs, expected) in [
        (
            vec![("INPUT_ARGS", "a.md"), ("INPUT_FAIL", "maybe")],
            "fail: expected true or false",
        ),
        (vec![("INPUT_ARGS", "  ")], "args: name the documents"),
        (vec![("INPUT_ARGS", "'a.md")], "args: No closing quotation"),
        (
            vec![("INPUT_ARGS", "a.md"), ("INPUT_COMMAND", "check")],
            "command: expected verify or merge",
        ),
        (
            vec![("INPUT_ARGS", "a.md"), ("INPUT_TIME_LIMIT", "soon")],
            "time-limit:",
        ),
    ] {
        let Some(out) = runner.action(test, "run", &inputs) else {
            return;
        };
        assert_eq!(out.status.code(), Some(2), "{inputs:?}: {}", log(&out));
        assert!(
            log(&out).contains(&format!("::error title=citecheck::{expected}")),
            "{inputs:?}: {}",
            log(&out)
        );
    }
}

/// A loopback site whose one story is fine until `broken` is set, then 404.
async fn story_server(broken: Arc<AtomicBool>) -> SocketAddr {
    use axum::http::StatusCode;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
        let broken = broken.load(Ordering::SeqCst);
        async move {
            let page = "<html><head><title>Rail line opens</title></head><body><article>\
                <h1>Rail line opens</h1><p>The new rail line to the border opened on Monday \
                with 12 trains a day.</p></article></body></html>";
            match (uri.path(), broken) {
                ("/story", false) => (StatusCode::OK, [("content-type", "text/html")], page),
                _ => (
                    StatusCode::NOT_FOUND,
                    [("content-type", "text/html")],
                    "gone",
                ),
            }
        }
    });
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

/// With `state`, a link that worked in the last run and fails now is counted in
/// `newly-broken` and listed, Markdown-escaped, in `newly-broken-file` (the issue recipe's
/// body).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_makes_newly_broken_links_an_output_and_an_issue_body() {
    let broken = Arc::new(AtomicBool::new(false));
    let addr = story_server(broken.clone()).await;
    let runner = Arc::new(Runner::new());
    std::fs::write(
        runner.path("article.md"),
        "The rail line opened with \"12 trains a day\" ([Border | News](http://news.test/story)).\n",
    )
    .expect("article");
    std::fs::write(
        runner.path("sources.toml"),
        "[defaults]\nrate = \"50/s\"\nretries = 0\n",
    )
    .expect("sources");
    let args = format!("article.md --resolve news.test={addr}");
    let run = |runner: Arc<Runner>, args: String| async move {
        tokio::task::spawn_blocking(move || {
            let inputs = [
                ("INPUT_ARGS", args.as_str()),
                ("INPUT_STATE", ".citecheck/state.sqlite"),
                ("INPUT_OUT", "reports"),
                ("INPUT_FAIL_ON", "never"),
            ];
            let test = "state_makes_newly_broken_links_an_output_and_an_issue_body";
            let out = runner.action(test, "run", &inputs);
            out.map(|o| (o, runner.outputs()))
        })
        .await
        .expect("join")
    };
    let Some((first, outputs)) = run(runner.clone(), args.clone()).await else {
        return;
    };
    assert_eq!(first.status.code(), Some(0), "{}", log(&first));
    assert_eq!(outputs["newly-broken"], "0");
    assert!(
        runner.path(".citecheck/state.sqlite").is_file(),
        "state parent created"
    );
    broken.store(true, Ordering::SeqCst);
    std::fs::write(runner.path("output"), "").expect("reset outputs");
    let Some((second, outputs)) = run(runner.clone(), args).await else {
        return;
    };
    assert_eq!(second.status.code(), Some(0), "{}", log(&second));
    assert_eq!(outputs["newly-broken"], "1", "{}", log(&second));
    let body =
        std::fs::read_to_string(runner.path(&outputs["newly-broken-file"])).expect("issue body");
    assert!(body.contains("1 newly broken citation "), "{body}");
    assert!(body.contains("http://news.test/story"), "{body}");
    assert!(body.contains("not\\_found"), "statuses escaped: {body}");
    assert!(
        body.contains("Border \\| News") || !body.contains("Border | News"),
        "{body}"
    );
}

/// `time-limit` stops citecheck as Ctrl-C would: the reports are written, marked
/// incomplete, and the step is judged by what was checked (nothing at `error` here).
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_limit_stops_the_run_and_keeps_the_reports() {
    let server = TestServer::start().await;
    let runner = Arc::new(Runner::new());
    std::fs::write(
        runner.path("article.md"),
        "A slow source ([Ledger](http://slow.test/trickle)).\n",
    )
    .expect("article");
    std::fs::write(
        runner.path("sources.toml"),
        "[defaults]\nrate = \"50/s\"\nretries = 0\n",
    )
    .expect("sources");
    let args = format!("article.md --resolve slow.test={}", server.addr);
    let runner2 = runner.clone();
    let out = tokio::task::spawn_blocking(move || {
        let inputs = [
            ("INPUT_ARGS", args.as_str()),
            ("INPUT_OUT", "reports"),
            ("INPUT_TIME_LIMIT", "2s"),
        ];
        runner2.action(
            "time_limit_stops_the_run_and_keeps_the_reports",
            "run",
            &inputs,
        )
    })
    .await
    .expect("join");
    let Some(out) = out else {
        return;
    };
    assert!(
        log(&out).contains("time limit of 2 s reached"),
        "{}",
        log(&out)
    );
    assert_eq!(out.status.code(), Some(0), "{}", log(&out));
    let outputs = runner.outputs();
    assert_eq!(outputs["exit-code"], "130");
    assert_eq!(outputs["complete"], "false");
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(runner.path("reports/article.json")).expect("report written"),
    )
    .expect("JSON");
    assert_eq!(report["complete"], false);
}

// ---- install ---------------------------------------------------------------------------

const VERSION: &str = env!("CARGO_PKG_VERSION");
const LINUX_X64: &str = "x86_64-unknown-linux-gnu";

/// Lays out a release as the release workflow publishes it, under `releases/v<VERSION>/`:
/// `citecheck-v<VERSION>-<target>.tar.gz` holding `<folder>/citecheck`, and its `.sha256`.
/// Returns the file:// base URL, or None without Python (which builds the tarball).
fn fake_release(runner: &Runner, test: &str, tamper: bool) -> Option<String> {
    let folder = format!("citecheck-v{VERSION}-{LINUX_X64}");
    let dir = runner.path("releases").join(format!("v{VERSION}"));
    std::fs::create_dir_all(&dir).expect("release dir");
    let archive = dir.join(format!("{folder}.tar.gz"));
    let script = "import sys, tarfile, io\n\
        data = b'#!/bin/sh\\necho fake citecheck\\n'\n\
        with tarfile.open(sys.argv[1], 'w:gz') as t:\n\
        \x20   info = tarfile.TarInfo(sys.argv[2] + '/citecheck'); info.size = len(data); info.mode = 0o755\n\
        \x20   t.addfile(info, io.BytesIO(data))\n";
    let made = Command::new("python3")
        .args(["-c", script])
        .arg(&archive)
        .arg(&folder)
        .output();
    match made {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!("tarball: {}", log(&o)),
        Err(e) => {
            skip(test, &format!("python3 not runnable: {e}"));
            return None;
        }
    }
    let bytes = std::fs::read(&archive).expect("archive");
    let mut hash = sha256_hex(&bytes);
    if tamper {
        hash = hash.replace(|c: char| c != '0', "0");
    }
    std::fs::write(
        dir.join(format!("{folder}.tar.gz.sha256")),
        format!("{hash}  {folder}.tar.gz\n"),
    )
    .expect("checksum");
    Some(format!("file://{}", runner.path("releases").display()))
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(bytes))
}

/// `install` on a Linux x86_64 runner from a fake release (checksum tampered or not).
fn install_from_fake_release(runner: &Runner, test: &str, tamper: bool) -> Option<Output> {
    let base = fake_release(runner, test, tamper)?;
    let inputs = [
        ("CITECHECK_RELEASES_URL", base.as_str()),
        ("RUNNER_OS", "Linux"),
        ("RUNNER_ARCH", "X64"),
    ];
    runner.action(test, "install", &inputs)
}

#[test]
fn install_puts_the_checked_release_binary_on_path() {
    let runner = Runner::new();
    let test = "install_puts_the_checked_release_binary_on_path";
    let Some(out) = install_from_fake_release(&runner, test, false) else {
        return;
    };
    assert_eq!(out.status.code(), Some(0), "{}", log(&out));
    let outputs = runner.outputs();
    assert_eq!(outputs["installed"], "release", "{}", log(&out));
    assert_eq!(
        outputs["version"], VERSION,
        "the Action's own Cargo.toml version"
    );
    assert_eq!(outputs["target"], LINUX_X64);
    let binary = Path::new(&outputs["path"]);
    assert!(std::fs::read_to_string(binary)
        .expect("installed")
        .contains("fake citecheck"));
    let on_path = runner.read("path");
    assert_eq!(
        on_path.trim(),
        binary.parent().expect("bin dir").display().to_string()
    );
}

#[test]
fn install_refuses_an_archive_that_does_not_match_its_checksum() {
    let runner = Runner::new();
    let test = "install_refuses_an_archive_that_does_not_match_its_checksum";
    let Some(out) = install_from_fake_release(&runner, test, true) else {
        return;
    };
    assert_eq!(out.status.code(), Some(2), "{}", log(&out));
    assert!(log(&out).contains("SHA-256"), "{}", log(&out));
    assert_eq!(runner.read("path"), "", "nothing put on PATH");
    assert!(!runner.path("temp/citecheck-bin/citecheck").exists());
}

#[test]
fn install_without_a_release_builds_unless_told_to_insist() {
    let runner = Runner::new();
    let test = "install_without_a_release_builds_unless_told_to_insist";
    let empty = format!("file://{}", runner.path("no-releases").display());
    for (os, arch, mode, code, installed) in [
        ("Linux", "X64", "auto", 0, Some("none")),
        ("Linux", "ARM", "auto", 0, Some("none")),
        ("Linux", "X64", "build", 0, Some("none")),
        ("Linux", "X64", "release", 2, None),
        ("Linux", "X64", "sometimes", 2, None),
    ] {
        std::fs::write(runner.path("output"), "").expect("reset");
        let inputs = [
            ("CITECHECK_RELEASES_URL", empty.as_str()),
            ("RUNNER_OS", os),
            ("RUNNER_ARCH", arch),
            ("INPUT_INSTALL", mode),
            ("INPUT_VERSION", "v9.9.9"),
        ];
        let Some(out) = runner.action(test, "install", &inputs) else {
            return;
        };
        assert_eq!(
            out.status.code(),
            Some(code),
            "{os} {arch} {mode}: {}",
            log(&out)
        );
        let outputs = runner.outputs();
        assert_eq!(
            outputs.get("installed").map(String::as_str),
            installed,
            "{os} {arch} {mode}"
        );
        if installed.is_some() {
            assert_eq!(outputs["version"], "9.9.9", "a v prefix is dropped");
        }
    }
}

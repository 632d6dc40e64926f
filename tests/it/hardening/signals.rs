//! SIGTERM and SIGHUP interrupt a run like Ctrl-C: reports written, marked incomplete,
//! exit 130 (they used to kill the run with 143/129 and no report).

use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::write;

/// A loopback server that accepts connections and never answers; returns its address.
fn silent_server() -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        let mut held = Vec::new();
        // Bounded: a test run opens a handful of connections at most.
        for stream in listener.incoming().take(64).flatten() {
            held.push(stream);
        }
    });
    addr
}

fn interrupted_by(signal: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let addr = silent_server();
    write(
        dir.path(),
        "s.toml",
        "[defaults]\nrobots = false\ntimeout = \"60s\"\nretries = 0\n",
    );
    write(
        dir.path(),
        "a.md",
        "Coal exports doubled ([Steppe Herald](http://slow.test/a), March 4, 2024).\n",
    );
    let resolve = format!("slow.test={addr}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args([
            "verify",
            "--sources",
            "s.toml",
            "--resolve",
            &resolve,
            "a.md",
        ])
        .current_dir(dir.path())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn citecheck");
    // Give the run time to install its handlers and send its request.
    std::thread::sleep(Duration::from_millis(1500));
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{signal}: the run did not stop within 20 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut err);
    }
    assert_eq!(status.code(), Some(130), "{signal}: {err}");
    let report = std::fs::read_to_string(dir.path().join("reports/a.json"))
        .unwrap_or_else(|e| panic!("{signal}: no report ({e}): {err}"));
    let report: serde_json::Value = serde_json::from_str(&report).expect("the report parses");
    assert_eq!(report["complete"], false, "{signal}");
    assert_eq!(report["summary"]["citations"], 1, "{signal}");
}

#[test]
fn sigterm_writes_the_reports_marked_incomplete_and_exits_130() {
    interrupted_by("TERM");
}

#[test]
fn sighup_writes_the_reports_marked_incomplete_and_exits_130() {
    interrupted_by("HUP");
}

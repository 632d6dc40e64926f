//! The full pipeline at scale (issue 15): 10,000 quoted citations on 4 loopback hosts, as
//! one document and as 500 documents of 20, timed with the release binary's peak memory,
//! beside lychee's status-only time on the same URLs. Not built by `cargo test` (needs
//! `--features bench`); CI never runs it.
//!
//! ```text
//! cargo build --release --locked
//! cargo run --release --locked --features bench --example bench_scale -- ../shared/datasets/aeb
//! ```
//!
//! Options: `--citations N` (default 10000), `--documents N` (default 500), `--only
//! one|many|state|lychee` (one case; `state` is `--state` and `--record` together, and
//! `history` and `capture` run each alone), `--keep DIR` (keep the documents and reports),
//! `--timings` (citecheck prints where its time went, to stderr).
//!
//! The server is in this process: 4 listeners on 127.0.0.2–5 serve the 181 aeb pages, each
//! under many distinct URLs (`/p/<page>/<n>`), the body as the dataset has it; robots.txt
//! allows everything and any other path is a 404. Each citation quotes 6–14 words of its
//! page's ground-truth text, so every body is read, extracted and matched, and a correct
//! run finds nearly every quote (the figures print the verdicts, so a fast but wrong run
//! shows). `sources.toml` gives the loopback hosts a high rate (2,000/s) and 16
//! connections each: politeness still holds (every request goes through the host's queue),
//! only at loopback speed.
//!
//! Each case runs `target/release/citecheck verify` under `/usr/bin/time`, which gives the
//! wall time and the peak resident memory (maximum RSS) of the process. lychee, when it
//! is on PATH, checks the same URLs by status only, unthrottled (`--max-concurrency 128`,
//! `--host-request-interval 0s`, `--host-concurrency 64`, no cache);
//! without it the line says so.

#[path = "eval/aeb_data.rs"]
#[allow(dead_code)] // shared with `eval`
mod aeb_data;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

const HOSTS: u8 = 4;

/// What the server holds: the pages' HTML and a count of requests.
struct Served {
    pages: Vec<String>,
    requests: AtomicUsize,
}

async fn answer(State(served): State<Arc<Served>>, request: Request) -> Response {
    served.requests.fetch_add(1, Ordering::Relaxed);
    let path = request.uri().path();
    if path == "/robots.txt" {
        return (StatusCode::OK, "User-agent: *\nAllow: /\n").into_response();
    }
    let page = path
        .strip_prefix("/p/")
        .and_then(|rest| rest.split('/').next())
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| served.pages.get(n));
    match page {
        Some(html) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html.clone(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not here").into_response(),
    }
}

/// Starts one listener per host on 127.0.0.(2+i).
async fn servers(served: Arc<Served>) -> Vec<SocketAddr> {
    let mut out = Vec::new();
    for i in 0..HOSTS {
        let ip = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + i));
        let listener = tokio::net::TcpListener::bind((ip, 0))
            .await
            .unwrap_or_else(|e| fail(&format!("bind {ip}: {e}")));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| fail(&format!("{e}")));
        let app = Router::new().fallback(answer).with_state(served.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        out.push(addr);
    }
    out
}

/// Quotable spans of a page's true text: 6–14 words of a sentence with no quote marks.
fn quotes_of(truth: &str) -> Vec<String> {
    truth
        .split(['.', '!', '?', '\n'])
        .filter(|s| !s.contains(['"', '“', '”', '«', '»']))
        .map(|s| s.split_whitespace().collect::<Vec<_>>())
        .filter(|words| words.len() >= 6)
        .map(|words| words[..words.len().min(14)].join(" "))
        .collect()
}

/// One citation: its URL (by host name) and its JSON entry.
struct Cited {
    url: String,
    ip_url: String,
    entry: serde_json::Value,
}

fn citations(pages: &[aeb_data::Page], addrs: &[SocketAddr], count: usize) -> Vec<Cited> {
    let quotable: Vec<(usize, Vec<String>)> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (i, quotes_of(&p.truth)))
        .filter(|(_, q)| !q.is_empty())
        .collect();
    (0..count)
        .map(|n| {
            let (page, quotes) = &quotable[n % quotable.len()];
            let quote = &quotes[(n / quotable.len()) % quotes.len()];
            let host = n % addrs.len();
            let port = addrs[host].port();
            let url = format!("http://h{host}.scale.test:{port}/p/{page}/{n}");
            let ip_url = format!("http://{}/p/{page}/{n}", addrs[host]);
            let entry = serde_json::json!({
                "url": url,
                "claim": format!("The page says “{quote}”."),
                "quotes": [quote],
            });
            Cited { url, ip_url, entry }
        })
        .collect()
}

/// Figures of one run of the binary.
struct Figures {
    seconds: f64,
    peak_mib: f64,
    exit: i32,
}

/// Runs `program args` under /usr/bin/time; wall seconds and peak RSS.
fn timed(program: &Path, args: &[String], scratch: &Path) -> Figures {
    let out = scratch.join("time.txt");
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %M")
        .arg("-o")
        .arg(&out)
        .arg(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap_or_else(|e| fail(&format!("running /usr/bin/time: {e}")));
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let last = text.lines().last().unwrap_or_default().to_string();
    let mut parts = last.split_whitespace();
    let seconds = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN);
    let kib: f64 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN);
    Figures {
        seconds,
        peak_mib: kib / 1024.0,
        exit: status.code().unwrap_or(-1),
    }
}

/// Verdict counts over every JSON report under `dir`.
fn verdicts(dir: &Path) -> String {
    let mut counts: std::collections::BTreeMap<String, u64> = Default::default();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let Ok(report) = serde_json::from_str::<serde_json::Value>(&text) else {
                    continue;
                };
                if let Some(map) = report["summary"]["verdict"].as_object() {
                    for (k, v) in map {
                        *counts.entry(k.clone()).or_default() += v.as_u64().unwrap_or(0);
                    }
                }
            }
        }
    }
    counts
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn fail(message: &str) -> ! {
    eprintln!("bench_scale: {message}");
    std::process::exit(2)
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = PathBuf::from("../shared/datasets/aeb");
    let (mut count, mut documents) = (10_000usize, 500usize);
    let mut only: Option<String> = None;
    let mut keep: Option<PathBuf> = None;
    let mut timings = false;
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> usize {
            args.next()
                .and_then(|n| n.parse().ok())
                .filter(|n: &usize| *n > 0)
                .unwrap_or_else(|| fail(&format!("{name} needs a positive number")))
        };
        match arg.as_str() {
            "--citations" => count = number("--citations"),
            "--documents" => documents = number("--documents"),
            "--only" => only = args.next(),
            "--keep" => keep = args.next().map(PathBuf::from),
            "--timings" => timings = true,
            _ => dir = PathBuf::from(arg),
        }
    }
    let binary = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("citecheck")))
        .filter(|p| p.exists())
        .unwrap_or_else(|| fail("build the binary first: cargo build --release --locked"));
    let pages = aeb_data::load(&dir).unwrap_or_else(|e| fail(&e));
    let served = Arc::new(Served {
        pages: pages.iter().map(|p| p.html.clone()).collect(),
        requests: AtomicUsize::new(0),
    });
    let addrs = servers(served.clone()).await;
    let cited = citations(&pages, &addrs, count);
    let scratch = match &keep {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join(format!("citecheck-scale-{}", std::process::id())),
    };
    let _ = std::fs::remove_dir_all(&scratch);
    for sub in ["one", "many", "out"] {
        std::fs::create_dir_all(scratch.join(sub))
            .unwrap_or_else(|e| fail(&format!("{}: {e}", scratch.display())));
    }
    let entries: Vec<&serde_json::Value> = cited.iter().map(|c| &c.entry).collect();
    write(
        &scratch.join("one/citations.json"),
        &serde_json::to_string(&entries).unwrap_or_default(),
    );
    let per = count.div_ceil(documents);
    for (i, chunk) in entries.chunks(per).enumerate() {
        write(
            &scratch.join(format!("many/doc{i:04}.json")),
            &serde_json::to_string(chunk).unwrap_or_default(),
        );
    }
    write(
        &scratch.join("urls.txt"),
        &cited
            .iter()
            .map(|c| c.ip_url.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
    write(
        &scratch.join("sources.toml"),
        "[defaults]\nrate = \"2000/s\"\nconcurrency = 16\ntimeout = \"60s\"\n\
         max_connections = 64\naddress_rate = \"off\"\n",
    );
    println!(
        "{count} quoted citations of {} aeb pages on {HOSTS} loopback hosts; binary {}",
        pages.len(),
        binary.display()
    );
    println!(
        "first URL: {}",
        cited.first().map_or("-", |c| c.url.as_str())
    );
    let base = |out: &Path| -> Vec<String> {
        let mut args = vec![
            "verify".to_string(),
            "-q".into(),
            "--no-cache".into(),
            "--fail-on".into(),
            "never".into(),
            "--sources".into(),
            scratch.join("sources.toml").display().to_string(),
            "--out".into(),
            out.display().to_string(),
        ];
        if timings {
            args.push("--timings".into());
        }
        for (i, addr) in addrs.iter().enumerate() {
            args.push("--resolve".into());
            args.push(format!("h{i}.scale.test={addr}"));
        }
        args
    };
    let run = |name: &str, extra: &[String], input: &str| {
        let out = scratch.join("out").join(name);
        let _ = std::fs::remove_dir_all(&out);
        let mut args = base(&out);
        args.extend(extra.iter().cloned());
        args.push(scratch.join(input).display().to_string());
        let before = served.requests.load(Ordering::Relaxed);
        let figures = timed(&binary, &args, &scratch);
        let requests = served.requests.load(Ordering::Relaxed) - before;
        println!(
            "{name:<28} {:>7.2} s  peak {:>6.0} MiB  exit {}  {requests} requests  {:.0} citations/s  [{}]",
            figures.seconds,
            figures.peak_mib,
            figures.exit,
            count as f64 / figures.seconds,
            verdicts(&out)
        );
        figures
    };
    let wants = |case: &str| only.as_deref().is_none_or(|o| o == case);
    let mut lychee_seconds = None;
    if wants("lychee") {
        lychee_seconds = lychee(&scratch);
    }
    if wants("one") {
        let one = run("one document", &[], "one/citations.json");
        if let Some(l) = lychee_seconds {
            println!("  = {:.1} x lychee's time (target <= 6)", one.seconds / l);
        }
    }
    if wants("many") {
        run(&format!("{documents} documents"), &[], "many");
    }
    let state = scratch.join("state.sqlite");
    let history = || {
        let _ = std::fs::remove_file(&state);
        vec!["--state".to_string(), state.display().to_string()]
    };
    let record = scratch.join("capture");
    let capture = || {
        let _ = std::fs::remove_dir_all(&record);
        let dir = record.display().to_string();
        vec![
            "--record".to_string(),
            dir,
            "--record-limit".into(),
            "10GB".into(),
        ]
    };
    if wants("state") {
        let extra = [history(), capture()].concat();
        run(
            "one document --state --record",
            &extra,
            "one/citations.json",
        );
    }
    // Each alone, on request only (`--only history`, `--only capture`).
    if only.as_deref() == Some("history") {
        run("one document --state", &history(), "one/citations.json");
    }
    if only.as_deref() == Some("capture") {
        run("one document --record", &capture(), "one/citations.json");
    }
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&scratch);
    }
}

/// lychee's status-only time on the same URLs (by address), when lychee is on PATH.
fn lychee(scratch: &Path) -> Option<f64> {
    let found = Command::new("lychee").arg("--version").output();
    let version = match found {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        _ => {
            println!("lychee: not on PATH, no status-only time to compare with");
            return None;
        }
    };
    let started = Instant::now();
    let status = Command::new("lychee")
        .args(["--no-progress", "--cache=false", "--max-concurrency", "128"])
        .args(["--max-retries", "0", "--timeout", "60"])
        // Unthrottled, as in the issue's measurement: no per-host interval, 64 per host.
        .args(["--host-request-interval", "0s", "--host-concurrency", "64"])
        .arg(scratch.join("urls.txt"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    let seconds = started.elapsed().as_secs_f64();
    let exit = status.ok().and_then(|s| s.code()).unwrap_or(-1);
    println!("{version:<28} {seconds:>7.2} s  (status only, exit {exit})");
    Some(seconds)
}

//! Issue 11's sweep, one test per finding so none comes back: hostile config values,
//! signals, full disks, SSRF tricks, hostile captures and documents. Each test is named after
//! the finding it guards. Everything runs on loopback; a full disk is a file-size limit
//! (RLIMIT_FSIZE) on the child process.

mod config;
mod disk;
mod fuzz_corpora;
mod input;
mod politeness;
mod replay;
mod signals;
mod ssrf;

use std::path::Path;
use std::process::{Command, Output};

pub(crate) use crate::cli::{citecheck, stderr, write};

/// `citecheck verify --sources s.toml ARGS…` in `cwd`.
pub fn verify(args: &[&str], cwd: &Path) -> Output {
    let mut all = vec!["verify", "--sources", "s.toml"];
    all.extend_from_slice(args);
    citecheck(&all, cwd)
}

/// A loopback HTTP/1.1 server on its own thread for tests that drive the binary: answers
/// every request with `answer(path)` = (status, content type, body) and `Connection:
/// close`, and counts requests. Serves at most `max` connections, then stops.
pub struct LoopServer {
    /// Where it listens.
    pub addr: std::net::SocketAddr,
    heads: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl LoopServer {
    /// Starts the server.
    pub fn start(max: usize, answer: fn(&str) -> (u16, &'static str, Vec<u8>)) -> LoopServer {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let heads = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = heads.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().take(max).flatten() {
                let mut reader = BufReader::new(stream);
                let mut first = String::new();
                if reader.read_line(&mut first).is_err() {
                    continue;
                }
                // Headers end at the first empty line (bounded by the request's size).
                let mut head = first.clone();
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    head.push_str(&line);
                    line.clear();
                }
                if let Ok(mut heads) = log.lock() {
                    heads.push(head);
                }
                let path = first.split(' ').nth(1).unwrap_or("/").to_string();
                let (status, kind, body) = answer(&path);
                let mut stream = reader.into_inner();
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: {kind}\r\ncontent-length: {}\r\n\
                     connection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        LoopServer { addr, heads }
    }

    /// Requests answered so far.
    pub fn hits(&self) -> usize {
        self.heads().len()
    }

    /// Every request's start line and headers, as received.
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().map(|h| h.clone()).unwrap_or_default()
    }

    /// `--resolve HOST=ADDR:PORT` for a host.
    pub fn resolve(&self, host: &str) -> String {
        format!("{host}={}", self.addr)
    }
}

/// `citecheck ARGS…` in `cwd` under a file-size limit of `kib` KiB (RLIMIT_FSIZE, through
/// the shell's `ulimit -f`), with SIGXFSZ ignored so an oversized write fails with EFBIG as
/// it would on a full disk (ENOSPC) instead of killing the process.
pub fn citecheck_with_disk_of(kib: u64, args: &[&str], cwd: &Path) -> Output {
    let script = format!("trap '' XFSZ; ulimit -f {kib}; exec \"$0\" \"$@\"");
    Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_citecheck"))
        .args(args)
        .current_dir(cwd)
        .env("RUST_LOG", "warn")
        .output()
        .expect("bash runs citecheck")
}

/// Bytes that gzip cannot shrink (a small xorshift generator), for bodies that must take
/// room in a capture.
pub fn incompressible(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

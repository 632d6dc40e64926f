//! Issue 11's sweep, one test per finding so none comes back: hostile config values,
//! signals, full disks, SSRF tricks, hostile captures and documents. Each test is named after
//! the finding it guards. Everything runs on loopback; a full disk is a file-size limit
//! (RLIMIT_FSIZE) on the child process.

mod config;
mod signals;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `citecheck ARGS…` in `cwd`, its output collected.
pub fn citecheck(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args(args)
        .current_dir(cwd)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the citecheck binary runs")
}

/// Writes a fixture file under `dir`.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dirs");
    }
    std::fs::write(&path, text).expect("write fixture");
    path
}

/// The process's standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

//! Running the built `citecheck` binary the way a user does, for the tests that meet the
//! command line as a whole (help, flags, exit codes, the files written).

use std::path::Path;
use std::process::{Command, Output};

/// `citecheck ARGS…` in `cwd`, quiet logging, its cache (once it has one) inside `cwd` so
/// no test reads or writes the user's. Panics only when the binary cannot be started.
pub fn citecheck_in(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args(args)
        .current_dir(cwd)
        .env("RUST_LOG", "warn")
        .env("XDG_CACHE_HOME", cwd.join(".cache"))
        .output()
        .expect("the citecheck binary runs")
}

/// [`citecheck_in`] from an async test: the run goes on a blocking thread, so the test's
/// own loopback servers keep answering while the binary asks them.
pub async fn citecheck_async(args: Vec<String>, cwd: &Path) -> Output {
    let cwd = cwd.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        citecheck_in(&args, &cwd)
    })
    .await
    .expect("the run finishes")
}

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

//! Helpers every area of the tests shares.

mod run;
pub use run::{citecheck_async, citecheck_in};

mod skip;
pub use skip::skip;

/// The `citecheck` binary, with a cache directory of its own (under cargo's target/tmp): a
/// run never reads or writes the user's cache (`$XDG_CACHE_HOME/citecheck`), and no test
/// sees another's answers.
pub fn citecheck() -> std::process::Command {
    let dir =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cache-{}", uuid_like()));
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_citecheck"));
    command.env("XDG_CACHE_HOME", dir);
    command
}

/// A name unique within this machine's runs (process id, time, counter).
fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{}-{nanos}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    )
}

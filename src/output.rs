//! Writing to the terminal without panicking.
//!
//! `println!` panics when stdout is a pipe that was closed early (`citecheck extract … |
//! head`). A command-line tool should just stop writing: the reports are already on disk
//! and the exit code still says what was found. These functions write whole texts, and
//! once a stream is closed they drop what follows.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);
/// `-q`: notes are dropped, errors still said.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Sets whether [`note`] stays silent (`-q`: only errors).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

fn write_to(mut stream: impl Write, closed: &AtomicBool, text: &str) {
    if closed.load(Ordering::Relaxed) {
        return;
    }
    if stream
        .write_all(text.as_bytes())
        .and_then(|()| stream.flush())
        .is_err()
    {
        // Closed pipe or full disk: nothing useful can be said on this stream any more.
        closed.store(true, Ordering::Relaxed);
    }
}

/// Writes `text` to stdout as it is.
pub fn out(text: &str) {
    write_to(std::io::stdout().lock(), &STDOUT_CLOSED, text);
}

/// Writes `text` and a line break to stdout.
pub fn outln(text: &str) {
    out(&format!("{text}\n"));
}

/// Writes `citecheck: <text>` and a line break to stderr.
pub fn complain(text: &str) {
    write_to(
        std::io::stderr().lock(),
        &STDERR_CLOSED,
        &format!("citecheck: {text}\n"),
    );
}

/// Writes `citecheck: <text>` to stderr unless `-q` was given: a note that helps a person
/// at the terminal (a missing ./sources.toml, where a capture went) but is no error.
pub fn note(text: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        complain(text);
    }
}

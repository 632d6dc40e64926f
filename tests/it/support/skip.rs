//! Visible skips for tests that need an outside tool (Chromium, Python packages).
//!
//! A test whose tool is missing says so on stderr — written directly, not through
//! `eprintln!`, so the harness does not capture it and a plain `cargo test` shows it. CI sets
//! `CITECHECK_REQUIRE_TOOLS=1`, which turns a missing tool into a failure: what CI runs
//! never skips silently.

/// Whether a missing tool must fail the test (CI sets `CITECHECK_REQUIRE_TOOLS=1`).
pub fn tools_required() -> bool {
    std::env::var("CITECHECK_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// Reports a missing tool: a visible skip, or a failure when tools are required.
pub fn skip(test: &str, why: &str) {
    if tools_required() {
        panic!("{test}: {why} (CITECHECK_REQUIRE_TOOLS=1)");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

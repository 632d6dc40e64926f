//! sources.toml values that used to crash a run or pass silently.

use super::{citecheck, stderr, write};

/// Runs a dry run with `sources` as the sources file; returns the output.
fn with_sources(sources: &str) -> std::process::Output {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "s.toml", sources);
    write(dir.path(), "a.txt", "Nothing cited here.\n");
    citecheck(
        &["verify", "--dry-run", "--sources", "s.toml", "a.txt"],
        dir.path(),
    )
}

#[test]
fn a_duration_too_large_for_the_clock_is_a_config_error_not_a_panic() {
    for (key, value) in [
        ("timeout", "99999999999999999999999s"),
        ("rate", "1/99999999999999999999s"),
        ("retry_after_cap", "999999999999h"),
        ("max_body", "99999999999999999999999GB"),
    ] {
        let out = with_sources(&format!("[defaults]\nrobots = true\n{key} = \"{value}\"\n"));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{key}: {err}");
        assert!(err.contains("s.toml:3:1:"), "{key}: names the line: {err}");
        assert!(err.contains("out of range"), "{key}: {err}");
        assert!(!err.contains("panicked"), "{key}: {err}");
    }
}

#[test]
fn counts_too_large_for_a_semaphore_or_a_retry_loop_are_config_errors() {
    for (key, value) in [
        ("concurrency", "5000000000000000000"),
        ("max_connections", "5000000000000000000"),
        ("retries", "4000000000"),
        ("max_redirects", "4000000000"),
    ] {
        let out = with_sources(&format!("[defaults]\nrobots = true\n{key} = {value}\n"));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{key}: {err}");
        assert!(err.contains("s.toml:3:1:"), "{key}: names the line: {err}");
        assert!(err.contains("out of range"), "{key}: {err}");
    }
}

#[test]
fn a_user_agent_with_cr_or_lf_is_a_config_error() {
    let out = with_sources("[defaults]\nuser_agent = \"citecheck\\r\\nX-Evil: 1\"\n");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("s.toml:2:1:"), "{err}");
    assert!(err.contains("one line"), "{err}");
}

#[test]
fn duplicate_aliases_or_domains_across_outlets_are_an_error_naming_both() {
    let out = with_sources(
        "[outlets.first]\nname = \"First\"\ndomains = [\"news.example\"]\n\n\
         [outlets.second]\nname = \"Second\"\ndomains = [\"news.example\"]\n",
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("[outlets.first]") && err.contains("[outlets.second]"),
        "{err}"
    );
    let out = with_sources(
        "[outlets.first]\nname = \"First\"\naliases = [\"The Daily\"]\n\n\
         [outlets.second]\nname = \"Daily\"\n",
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("[outlets.first]") && err.contains("[outlets.second]"),
        "{err}"
    );
}

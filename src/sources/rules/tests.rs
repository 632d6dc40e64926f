use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::sources::SourcesError;

const SAMPLE: &str = r#"
[outlets.ikon]
name = "Ikon"
aliases = ["Ikon.mn"]
domains = ["ikon.mn"]

[[ignore]]
url = "https://www.paywalled.example/*/premium/*"
reason = "paywall; verified by hand"
expires = 2025-06-30

[[ignore]]
url = "https://gone.example/old/"
reason = "site closed; archived copy cited instead"
expires = "2024-01-31"

[[ignore]]
document = "articles/mongolia-china.md"
citation = "c7"
reason = "retracted source, kept for the record"
expires = 2025-01-01

[[override]]
outlet = "Ikon.mn"
date = 2023-09-27
url = "https://ikon.mn/n/2xyz"
reason = "found by the editor"

[[override]]
document = "b.md"
citation = "c2"
url = "https://example.org/found"
"#;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn citation(id: &str, outlet: Option<&str>, date: Option<&str>) -> Citation {
    Citation {
        id: id.into(),
        outlet: outlet.map(str::to_string),
        date: date.map(day),
        accessed: false,
        url: None,
        line: 1,
        column: 1,
        claim: String::new(),
        context: String::new(),
        quotes: Vec::new(),
    }
}

fn sources() -> Sources {
    Sources::parse(SAMPLE, Path::new("sources.toml")).unwrap()
}

#[test]
fn entries_are_read_with_their_lines() {
    let sources = sources();
    assert_eq!(sources.ignores.len(), 3);
    assert_eq!(sources.overrides.len(), 2);
    assert_eq!(sources.ignores[0].line, 7);
    assert_eq!(sources.ignores[1].expires, day("2024-01-31"));
    assert_eq!(
        sources.overrides[0].reason.as_deref(),
        Some("found by the editor")
    );
}

#[test]
fn url_patterns_are_globs_or_prefixes() {
    let glob = UrlPattern::new("https://www.paywalled.example/*/premium/*").unwrap();
    assert!(glob.matches("https://www.paywalled.example/2024/premium/a.html"));
    assert!(glob.matches("HTTPS://WWW.PAYWALLED.EXAMPLE/x/premium/y"));
    assert!(!glob.matches("https://www.paywalled.example/2024/free/a.html"));
    let prefix = UrlPattern::new("https://gone.example/old/").unwrap();
    assert!(prefix.matches("https://gone.example/old/page?id=3"));
    assert!(!prefix.matches("https://gone.example/new/page"));
    // Regex metacharacters in a pattern are literal.
    let dots = UrlPattern::new("https://a.example/x+y(1)").unwrap();
    assert!(dots.matches("https://a.example/x+y(1)/z"));
    assert!(!dots.matches("https://aXexample/x+y(1)"));
}

#[test]
fn active_entries_apply_and_expired_ones_are_reported() {
    let sources = sources();
    let c = citation("c3", Some("Reuters"), None);
    let paywalled = Some("https://www.paywalled.example/2024/premium/a");
    match sources.ignore_for("a.md", &c, paywalled, day("2025-06-30")) {
        Some(IgnoreMatch::Active(entry)) => assert_eq!(entry.line, 7),
        other => panic!("expected an active entry, got {other:?}"),
    }
    match sources.ignore_for("a.md", &c, paywalled, day("2025-07-01")) {
        Some(m @ IgnoreMatch::Expired(_)) => {
            let reason = m.reason();
            assert!(reason.contains("expired on 2025-06-30"), "{reason}");
            assert!(reason.contains("sources.toml:7"), "{reason}");
        }
        other => panic!("expected an expired entry, got {other:?}"),
    }
    assert_eq!(
        sources.ignore_for(
            "a.md",
            &c,
            Some("https://other.example/"),
            day("2024-01-01")
        ),
        None
    );
    let expired: Vec<usize> = sources
        .expired_ignores(day("2024-06-01"))
        .map(|e| e.line)
        .collect();
    assert_eq!(expired, [12]);
}

#[test]
fn citations_are_matched_by_document_end_and_id() {
    let sources = sources();
    let c7 = citation("c7", Some("Ikon"), None);
    let today = day("2024-06-01");
    for path in [
        "articles/mongolia-china.md",
        "./articles/mongolia-china.md",
        "/srv/site/articles/mongolia-china.md",
    ] {
        assert!(
            matches!(
                sources.ignore_for(path, &c7, None, today),
                Some(IgnoreMatch::Active(_))
            ),
            "{path}"
        );
    }
    assert_eq!(
        sources.ignore_for("other/mongolia-china.md", &c7, None, today),
        None
    );
    let c8 = citation("c8", Some("Ikon"), None);
    assert_eq!(
        sources.ignore_for("articles/mongolia-china.md", &c8, None, today),
        None
    );
}

#[test]
fn overrides_match_by_outlet_alias_and_date_or_by_citation() {
    let sources = sources();
    let by_alias = citation("c1", Some("IKON"), Some("2023-09-27"));
    assert_eq!(
        sources
            .override_for("x.md", &by_alias)
            .map(|o| o.url.as_str()),
        Some("https://ikon.mn/n/2xyz")
    );
    let other_day = citation("c1", Some("Ikon"), Some("2023-09-28"));
    assert!(sources.override_for("x.md", &other_day).is_none());
    let by_id = citation("c2", None, None);
    assert_eq!(
        sources
            .override_for("dir/b.md", &by_id)
            .map(|o| o.url.as_str()),
        Some("https://example.org/found")
    );
}

fn error_of(text: &str) -> String {
    match Sources::parse(text, Path::new("s.toml")) {
        Err(e @ SourcesError::Syntax { .. }) => e.to_string(),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn malformed_entries_name_file_line_and_column() {
    let missing_reason = "\n\n[[ignore]]\nurl = \"https://x.example/\"\nexpires = 2025-01-01\n";
    let err = error_of(missing_reason);
    assert!(err.starts_with("s.toml:3:"), "{err}");
    assert!(err.contains("reason is required"), "{err}");

    let no_expiry = "[[ignore]]\nurl = \"https://x.example/\"\nreason = \"r\"\n";
    assert!(error_of(no_expiry).contains("expiry date is required"));

    let two_targets =
        "[[ignore]]\nurl = \"https://x/\"\noutlet = \"Ikon\"\ndate = 2023-01-01\nreason = \"r\"\nexpires = 2025-01-01\n";
    assert!(error_of(two_targets).contains("give one of"));

    let half_citation = "[[override]]\ndocument = \"a.md\"\nurl = \"https://x.example/\"\n";
    assert!(error_of(half_citation).contains("document and citation"));

    let script_url =
        "[[override]]\ndocument = \"a.md\"\ncitation = \"c1\"\nurl = \"javascript:alert(1)\"\n";
    assert!(error_of(script_url).contains("not an http(s) URL"));

    let bad_date = "[[ignore]]\nurl = \"https://x/\"\nreason = \"r\"\nexpires = \"next year\"\n";
    assert!(error_of(bad_date).contains("YYYY-MM-DD"));

    let unknown_key = "\n[[override]]\nfile = \"a.md\"\n";
    let err = error_of(unknown_key);
    assert!(err.contains("file"), "{err}");
}

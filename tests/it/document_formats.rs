//! One invented article in four formats (tests/fixtures/documents/winter.*) gives the same
//! citations: outlets, dates (year-less ones resolved from each file's own date), accessed
//! flags, claims, contexts and quotes. The Markdown and HTML versions add links, code, images
//! and page furniture that must not become citations.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use citecheck::document::{parse, DocumentKind};
use citecheck::model::Citation;

fn fixture(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()));
    (path, text)
}

/// Parses a fixture by its extension, with no `--published`: the file's metadata dates it.
fn citations(name: &str) -> Vec<Citation> {
    let (path, text) = fixture(name);
    let kind = DocumentKind::from_path(&path).expect("a known extension");
    let today = NaiveDate::from_ymd_opt(2031, 3, 3).expect("valid date");
    let parsed = parse(kind, &text, None, today).expect("fixture parses");
    if kind != DocumentKind::CitationList {
        assert_eq!(
            parsed.published,
            NaiveDate::from_ymd_opt(2024, 1, 20),
            "{name}: the article's own date"
        );
    }
    parsed.citations
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn expected() -> Vec<(&'static str, Option<NaiveDate>, bool)> {
    vec![
        ("Steppe Herald", date(2023, 12, 28), false),
        ("Tal News", date(2024, 1, 4), false),
        ("Tal News", date(2024, 1, 9), false),
        ("Ministry of Food and Agriculture", date(2024, 1, 15), true),
        ("Relief Monitor", date(2024, 1, 11), false),
        ("Ore Weekly", date(2024, 1, 12), false),
    ]
}

fn summary(citations: &[Citation]) -> Vec<(&str, Option<NaiveDate>, bool)> {
    citations
        .iter()
        .map(|c| (c.outlet.as_deref().unwrap_or("-"), c.date, c.accessed))
        .collect()
}

#[test]
fn plain_text_version() {
    let c = citations("winter.txt");
    assert_eq!(summary(&c), expected());
    assert_eq!(
        c[0].claim,
        "Forecasters expect the coldest season in a decade across the central provinces."
    );
    assert_eq!(c[1].claim, c[2].claim, "one group, two days");
    assert_eq!(c[3].quotes, vec!["adequate for now"]);
    assert_eq!(c[4].quotes, vec!["the worst since 2010"], "unclosed quote");
    assert_eq!(c[4].claim, c[5].claim, "one group, two outlets");
    assert_eq!(
        c[4].context,
        "Relief groups are less sure. A survey of 400 families found that one in five had \
         sold animals early."
    );
    assert!(c.iter().all(|c| c.url.is_none()));
}

#[test]
fn markdown_and_html_versions_match_the_text() {
    let text = citations("winter.txt");
    for name in ["winter.md", "winter.html"] {
        let c = citations(name);
        assert_eq!(summary(&c), expected(), "{name}");
        for (a, b) in c.iter().zip(&text) {
            assert_eq!(a.claim, b.claim, "{name} {}", a.id);
            assert_eq!(a.context, b.context, "{name} {}", a.id);
            assert_eq!(a.quotes, b.quotes, "{name} {}", a.id);
        }
        // The first citation is a link wrapped in its group: one citation with a URL.
        assert_eq!(
            c[0].url.as_deref(),
            Some("https://steppe.example/news/cold"),
            "{name}"
        );
        assert!(c[1..].iter().all(|c| c.url.is_none()), "{name}");
    }
}

#[test]
fn positions_are_lines_of_each_file() {
    for (name, needle) in [
        ("winter.txt", "(Steppe Herald"),
        ("winter.md", "([Steppe Herald"),
        ("winter.html", "(<a href=\"https://steppe"),
    ] {
        let (_, text) = fixture(name);
        let at = text.find(needle).expect("needle");
        let line = text[..at].matches('\n').count() + 1;
        let column = at - text[..at].rfind('\n').map_or(0, |k| k + 1) + 1;
        let c = citations(name);
        assert_eq!((c[0].line, c[0].column), (line, column), "{name}");
    }
}

#[test]
fn json_list_version_matches_the_text() {
    let text = citations("winter.txt");
    let list = citations("winter.json");
    assert_eq!(summary(&list), expected());
    for (a, b) in list.iter().zip(&text) {
        assert_eq!(a.claim, b.claim, "{}", a.id);
        assert_eq!(a.quotes, b.quotes, "{}", a.id);
    }
    assert_eq!(
        list[0].url.as_deref(),
        Some("https://steppe.example/news/cold")
    );
    assert_eq!(list[5].line, 11);
}

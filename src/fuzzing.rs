//! Entry points for the fuzz targets (`fuzz/`) and for the test that replays their corpora.
//!
//! Every reader of outside input — documents, sources.toml and its values, feeds, sitemaps,
//! CDX answers, robots.txt, WARC captures, pages for the extractor — is reached through
//! [`run`] by name, so a fuzz target is one line and the stable test suite runs every saved
//! corpus file through exactly the code the fuzzer ran. None of these may panic on any
//! input; that is what the fuzzer checks. Not part of the API proper (hidden from the docs).

use std::path::Path;

use chrono::NaiveDate;

use crate::document::{self, DocumentKind};

/// The fuzz targets, by name (the names of `fuzz/fuzz_targets/*.rs` and of the corpus
/// folders under `fuzz/corpus/`).
pub const TARGETS: [&str; 12] = [
    "citations",
    "markdown",
    "html",
    "json",
    "sources",
    "values",
    "feed",
    "sitemap",
    "cdx",
    "robots",
    "warc",
    "extract",
];

/// Feeds `data` to the reader `target` names. Returns false for an unknown target name.
pub fn run(target: &str, data: &[u8]) -> bool {
    let text = String::from_utf8_lossy(data);
    let today = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap_or_default();
    let document = |kind| {
        let _ = document::parse(kind, &text, None, today);
    };
    match target {
        "citations" => document(DocumentKind::Text),
        "markdown" => document(DocumentKind::Markdown),
        "html" => document(DocumentKind::Html),
        "json" => document(DocumentKind::CitationList),
        "sources" => {
            if let Ok(sources) = crate::sources::Sources::parse(&text, Path::new("fuzz.toml")) {
                let _ = sources.outlet_by_name(&text);
                let _ = sources.politeness_for_host(&text);
            }
        }
        "values" => values(&text),
        "feed" => {
            let _ = crate::resolve::feed::parse(&text, "https://news.example/rss");
        }
        "sitemap" => {
            let _ = crate::resolve::sitemap::parse(&text, "https://news.example/sitemap.xml");
            let _ = crate::resolve::sitemap::month_in_url(&text);
        }
        "cdx" => {
            let _ = crate::archive::wayback::parse_cdx(&text);
        }
        "robots" => robots(data),
        "warc" => warc(data),
        "extract" => {
            let _ = crate::extract::extract(&text, Some("https://news.example/2024/05/31/a"));
        }
        _ => return false,
    }
    true
}

/// The value parsers of sources.toml, each on every line of the input.
fn values(text: &str) {
    for line in text.lines() {
        if let Ok(rate) = crate::sources::Rate::parse(line) {
            let _ = rate.interval();
            let _ = rate.divided(64);
        }
        let _ = crate::sources::parse_duration(line);
        let _ = crate::sources::parse_size(line);
    }
}

/// robots.txt read for an agent, then asked about a few paths and its Crawl-delay.
fn robots(data: &[u8]) {
    use crate::fetch::robots::RobotsRule;
    let rule = RobotsRule::from_answer(200, data, "citecheck");
    let _ = rule.crawl_delay();
    for path in ["/", "/news/1", "/private/x?y=1", "/%E2%82%AC"] {
        if let Ok(url) = url::Url::parse(&format!("https://news.example{path}")) {
            let _ = rule.check(&url);
        }
    }
}

/// A capture read and indexed for replay, then asked for what it holds.
fn warc(data: &[u8]) {
    use crate::fetch::exchange::{RecordedRequest, ReplaySource};
    let records = crate::archive::warc::read_stream(data, 1 << 20).records;
    let replay = crate::archive::warc::WarcReplay::from_records(&records);
    for record in &records {
        if let Some(url) = record.target_uri() {
            let _ = replay.replay(&RecordedRequest {
                method: "GET".into(),
                url: url.to_string(),
                headers: Vec::new(),
            });
        }
    }
}

//! The editor's judgements end to end: sources.toml `[[ignore]]` and `[[override]]` entries
//! applied by `verify::run` against a loopback site, checked in the report and in the
//! site's request log (an ignored URL is never requested; an overridden citation fetches
//! the editor's URL, never the document's).

use crate::common_discovery;

use std::path::Path;

use chrono::NaiveDate;

use citecheck::model::{CitationReport, LinkStatus, Report, ResolutionMethod, Severity, Verdict};
use citecheck::sources::Sources;
use citecheck::verify::{self, VerifyOptions};

use common_discovery::{overrides, Reply, Site};

const QUOTE: &str = "the copper smelter will be built in Darkhan";

fn article(title: &str, published: &str) -> Reply {
    Reply::html(format!(
        "<!doctype html><html><head><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"{published}T09:00:00Z\"></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/economy\">Economy</a></nav><article>\
         <h1>{title}</h1><p>The government confirmed on Tuesday that {QUOTE}, close to the \
         railway and the power plant, after two years of studies.</p><p>Construction is to \
         start next spring and employ about two thousand people.</p></article>\
         <footer>Steppe Courier</footer></body></html>"
    ))
}

/// Every page a citation could lead to; the log says which were asked for.
async fn site() -> Site {
    let pages = [
        "/premium/story",
        "/expired/story",
        "/original",
        "/by-editor",
        "/also-ignored",
        "/by-outlet",
        "/ignored-today",
    ];
    Site::start(
        "rules.test",
        pages
            .iter()
            .map(|p| (p.to_string(), article("Smelter for Darkhan", "2024-02-20")))
            .collect(),
        Vec::new(),
    )
    .await
}

fn citation<'a>(report: &'a Report, id: &str) -> &'a CitationReport {
    report.documents[0]
        .citations
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no citation {id}"))
}

fn claim() -> String {
    format!("The government said “{QUOTE}”.")
}

#[tokio::test]
async fn ignores_and_overrides_decide_what_is_fetched() {
    let site = site().await;
    let base = site.base();
    let dir = tempfile::tempdir().expect("tempdir");
    let document = dir.path().join("article.json");
    let cite = |url: Option<String>, outlet: &str, date: Option<&str>| {
        let mut entry = serde_json::json!({"outlet": outlet, "claim": claim(), "quotes": [QUOTE]});
        if let Some(url) = url {
            entry["url"] = url.into();
        }
        if let Some(date) = date {
            entry["date"] = date.into();
        }
        entry
    };
    let list = serde_json::json!([
        cite(
            Some(format!("{base}/premium/story")),
            "Steppe Courier",
            None
        ), // c1
        cite(
            Some(format!("{base}/expired/story")),
            "Steppe Courier",
            None
        ), // c2
        cite(Some(format!("{base}/original")), "Steppe Courier", None), // c3
        cite(Some(format!("{base}/also-ignored")), "Steppe Courier", None), // c4
        cite(None, "Steppe Courier", Some("2024-02-20")),               // c5
        cite(
            Some(format!("{base}/ignored-today")),
            "Gobi Post",
            Some("2024-02-21")
        ), // c6
    ]);
    std::fs::write(&document, list.to_string()).expect("write document");
    let today = NaiveDate::from_ymd_opt(2024, 3, 1).expect("date");
    let sources_text = format!(
        r#"
[defaults]
rate = "200/s"
timeout = "2s"
connect_timeout = "500ms"
retries = 0

[[ignore]]
url = "{base}/premium/*"
reason = "paywall; verified by hand"
expires = 2999-12-31

[[ignore]]
url = "{base}/expired/"
reason = "was down for maintenance"
expires = 2024-01-01

[[ignore]]
document = "article.json"
citation = "c4"
reason = "retracted source, kept for the record"
expires = 2030-01-01

[[ignore]]
outlet = "Gobi Post"
date = 2024-02-21
reason = "checked in print"
expires = 2024-03-01

[[override]]
document = "article.json"
citation = "c3"
url = "{base}/by-editor"
reason = "the article moved; found by the editor"

[[override]]
outlet = "Steppe Courier"
date = 2024-02-20
url = "{base}/by-outlet"
"#
    );
    let sources = Sources::parse(&sources_text, Path::new("sources.toml")).expect("sources");
    let mut options = VerifyOptions::new(vec![document], sources, dir.path().join("out"));
    options.resolve = overrides(&[&site]);
    options.today = today;
    options.published = Some(today);
    let outcome = verify::run(options).await.expect("run");
    let report = &outcome.documents[0].report;

    // Active ignore entries: nothing requested, unchecked and ok, with the reason.
    for (id, path, reason, until) in [
        (
            "c1",
            "/premium/story",
            "paywall; verified by hand",
            "2999-12-31",
        ),
        ("c4", "/also-ignored", "retracted source", "2030-01-01"),
        ("c6", "/ignored-today", "checked in print", "2024-03-01"),
    ] {
        let c = citation(report, id);
        assert_eq!(site.hits(path), 0, "{id}: {path} must never be requested");
        assert_eq!(c.link.status, LinkStatus::Unchecked, "{id}");
        assert_eq!(c.link.http_status, None, "{id}");
        assert_eq!(c.verdict, Verdict::Unchecked, "{id}");
        assert_eq!(c.severity, Severity::Ok, "{id}");
        assert!(
            c.reasons[0].contains(reason)
                && c.reasons[0].contains(&format!("ignored until {until}")),
            "{id}: {:?}",
            c.reasons
        );
    }
    assert_eq!(
        citation(report, "c1").url.as_deref(),
        Some(format!("{base}/premium/story").as_str()),
        "an ignored citation still shows its URL"
    );

    // An expired entry: checked as usual, and the report says the entry expired.
    let c2 = citation(report, "c2");
    assert_eq!(site.hits("/expired/story"), 1);
    assert_eq!(c2.link.status, LinkStatus::Ok);
    assert_eq!(c2.verdict, Verdict::Verified, "{:?}", c2.reasons);
    assert!(
        c2.reasons
            .iter()
            .any(|r| r.contains("expired on 2024-01-01") && r.contains("was down for maintenance")),
        "{:?}",
        c2.reasons
    );

    // Overrides: the editor's URL is fetched, the document's never.
    let c3 = citation(report, "c3");
    assert_eq!(
        site.hits("/original"),
        0,
        "the document's URL is not requested"
    );
    assert_eq!(site.hits("/by-editor"), 1);
    assert_eq!(
        c3.url.as_deref(),
        Some(format!("{base}/by-editor").as_str())
    );
    assert_eq!(c3.link.status, LinkStatus::Ok);
    assert_eq!(c3.verdict, Verdict::Verified, "{:?}", c3.reasons);
    assert!(
        c3.reasons.iter().any(|r| r.contains("override")),
        "{:?}",
        c3.reasons
    );
    let c5 = citation(report, "c5");
    assert_eq!(
        site.hits("/by-outlet"),
        1,
        "an unlinked citation gets the override"
    );
    assert_eq!(
        c5.url.as_deref(),
        Some(format!("{base}/by-outlet").as_str())
    );
    assert_eq!(
        c5.resolution.as_ref().map(|r| r.method),
        Some(ResolutionMethod::Link),
        "the override counts as a given link, nothing was searched"
    );
    assert_eq!(c5.verdict, Verdict::Verified, "{:?}", c5.reasons);
}

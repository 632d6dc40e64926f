//! The HTML report's content, read back with an HTML5 parser (html5ever, the parsing
//! algorithm browsers use): counts, problems first, the claim beside the evidence,
//! highlights, and that hostile text from pages stays text. The browser test
//! (`report_browser.rs`) checks the same file once scripts have run.

use crate::report_fixtures;

use scraper::{ElementRef, Html, Selector};

use citecheck::model::{
    Candidate, FailureCause, Link, LinkStatus, Location, Quote, QuoteMatch, Resolution,
    ResolutionMethod, Severity,
};
use citecheck::report::{self, Format};

use report_fixtures::{
    citation, report, sample_report, HOSTILE_ATTR, HOSTILE_TITLE, MARKDOWN_BREAKER,
};

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("test selector");
    html.select(&selector).collect()
}

fn text(element: &ElementRef<'_>) -> String {
    element.text().collect()
}

fn sample_html() -> (String, Html) {
    let page = report::render(&sample_report(), Format::Html, Some(Severity::Error));
    let parsed = Html::parse_document(&page);
    (page, parsed)
}

#[test]
fn counts_come_first_and_problems_lead_the_table() {
    let (_, html) = sample_html();
    let count = |severity: &str| {
        let cards = select(&html, &format!("#counts [data-severity={severity}] b"));
        text(&cards[0])
    };
    assert_eq!(
        [count("error"), count("warning"), count("ok"), count("all")],
        ["2", "1", "2", "5"]
    );
    let rows = select(&html, "#citation-table tbody tr");
    let order: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r.value().attr("data-severity").unwrap_or(""),
                r.value().attr("data-anchor").unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            ("error", "d1-2-c2"),
            ("error", "d1-4-c4"),
            ("warning", "d1-3-c3"),
            ("ok", "d1-1-c1"),
            ("ok", "d1-5-c5"),
        ]
    );
    // Every row has its details block; problems open, verified ones folded.
    for (severity, anchor) in order {
        let details = select(&html, &format!("details#{anchor}"));
        assert_eq!(details.len(), 1, "{anchor}");
        let open = details[0].value().attr("open").is_some();
        assert_eq!(open, severity != "ok", "{anchor}");
    }
    let headers: Vec<String> = select(&html, "#citation-table thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        headers,
        ["#", "severity", "link", "verdict", "outlet", "date", "change", "reason"]
    );
}

#[test]
fn claim_sits_beside_its_evidence() {
    let (_, html) = sample_html();
    let c1 = select(&html, "details#d1-1-c1")[0];
    let inner = Html::parse_fragment(&c1.html());
    let marks: Vec<String> = select(&inner, ".quote mark").iter().map(text).collect();
    assert_eq!(
        marks,
        ["The Railway will open in 2025"],
        "quote highlighted in its excerpt"
    );
    let excerpt = text(&select(&inner, ".quote .excerpt")[0]);
    assert!(excerpt.starts_with("At the forum, "), "{excerpt}");
    assert_eq!(text(&select(&inner, ".facts li.found mark")[0]), "2025");
    assert!(text(&select(&inner, ".facts li.missing")[0]).contains("Khurelsukh"));
    assert!(text(&select(&inner, ".claim blockquote")[0]).contains("the railway will open"));
    let candidates = select(&inner, "ol.candidates li");
    assert_eq!(candidates.len(), 2);
    assert_eq!(
        select(&inner, "ol.candidates a").len(),
        1,
        "javascript: candidate not a link"
    );
    assert!(
        text(&inner.root_element()).contains(
            "found through the outlet's feed, listed at https://ikon.example/rss; confidence 0.92"
        ),
        "resolution explained in words"
    );

    let c2 = select(&html, "details#d1-2-c2")[0];
    let inner = Html::parse_fragment(&c2.html());
    let hops: Vec<String> = select(&inner, "ol.redirects a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(
        hops,
        [
            "https://hostile.example/moved",
            "https://hostile.example/404"
        ]
    );
    let body = text(&inner.root_element());
    assert!(
        body.contains("web.archive.org/web/20230928"),
        "archived copy shown"
    );
    assert!(body.contains("captured 2023-09-28T00:00:00Z · verdict verified"));
    assert!(body.contains("newly broken, 1 failed run since 2024-02-03T02:00:00Z, suspect"));
    assert!(body.contains("suspect"));
    let reasons: Vec<String> = select(&inner, "ul.reasons li").iter().map(text).collect();
    assert_eq!(reasons.len(), 2);
    assert_eq!(reasons[1], "archived copy of 2023-09-28 verifies the quote");
}

#[test]
fn scraped_text_stays_text() {
    let (page, html) = sample_html();
    // The only script is the report's own, inline.
    let scripts = select(&html, "script");
    assert_eq!(scripts.len(), 1);
    assert!(scripts[0].value().attr("src").is_none());
    assert!(text(&scripts[0]).contains("citation-table"));
    // No element grew an event handler or a planted attribute.
    for element in select(&html, "*") {
        for (name, _) in element.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "attribute {name} on {:?}",
                element.value()
            );
            assert_ne!(name, "data-x");
        }
    }
    assert!(select(&html, "img").is_empty());
    for a in select(&html, "a[href]") {
        let href = a
            .value()
            .attr("href")
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        assert!(
            href.starts_with('#') || href.starts_with("https://") || href.starts_with("http://"),
            "href {href}"
        );
    }
    // The hostile strings appear as the text a reader sees, intact.
    let claim = text(&select(&html, "details#d1-2-c2 .claim blockquote")[0]);
    assert!(claim.contains(HOSTILE_TITLE), "{claim}");
    let outlet = text(&select(&html, "tr[data-anchor=d1-2-c2] td")[4]);
    assert!(outlet.contains(HOSTILE_ATTR), "{outlet}");
    let row = select(&html, "tr[data-anchor=d1-2-c2]")[0];
    assert!(row
        .value()
        .attr("data-claim")
        .unwrap()
        .contains(HOSTILE_TITLE));
    let c3 = text(&select(&html, "details#d1-3-c3 .claim blockquote")[0]);
    assert_eq!(c3, MARKDOWN_BREAKER);
    // And the javascript: URL is shown, not linked.
    let unsafe_url = text(&select(&html, "details#d1-3-c3 .unsafe-url")[0]);
    assert!(unsafe_url.starts_with("javascript:"));
    // Control characters never reach the page.
    assert!(!page.contains('\u{0}') && !page.contains('\u{1b}'));
}

#[test]
fn the_file_is_self_contained_and_locked_down() {
    let (page, html) = sample_html();
    assert!(select(&html, "link").is_empty(), "no external stylesheets");
    assert!(select(&html, "[src]").is_empty(), "no external resources");
    let style = text(&select(&html, "style")[0]);
    assert!(!style.contains("@import") && !style.contains("url("));
    let csp = select(&html, "meta[http-equiv=Content-Security-Policy]")[0]
        .value()
        .attr("content")
        .unwrap()
        .to_string();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'sha256-"));
    assert!(
        select(&html, "meta[name=viewport]").len() == 1,
        "phone-ready"
    );
    assert!(page.starts_with("<!DOCTYPE html>"));
    let title = text(&select(&html, "title")[0]);
    assert_eq!(title, "citecheck report: 2 errors, 1 warning, 5 citations");
}

#[test]
fn several_documents_get_a_document_column_and_errors_are_shown() {
    let mut sample = sample_report();
    let mut second = sample.documents[0].clone();
    second.path = "articles/second.md".into();
    second.citations = vec![citation("c1", "Mnb", Severity::Warning)];
    let mut broken = second.clone();
    broken.path = "articles/broken.md".into();
    broken.citations.clear();
    broken.error = Some("articles/broken.md:4:2: unclosed quotation <mark>".into());
    sample.documents.push(second);
    sample.documents.push(broken);
    let incomplete = report(sample.documents, false);
    let page = report::render(&incomplete, Format::Html, None);
    let html = Html::parse_document(&page);
    let headers: Vec<String> = select(&html, "#citation-table thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(headers[1], "document");
    let docs: Vec<String> = select(&html, "#citation-table tbody tr")
        .iter()
        .map(|r| r.value().attr("data-doc").unwrap_or("").to_string())
        .collect();
    assert!(docs.contains(&"articles/second.md".to_string()));
    assert_eq!(select(&html, "#incomplete").len(), 1);
    let banner = select(&html, "p.banner")
        .iter()
        .map(text)
        .find(|t| t.contains("broken.md"))
        .expect("document error shown");
    assert!(banner.contains("unclosed quotation <mark>"), "{banner}");
    assert!(select(&html, "main mark")
        .iter()
        .all(|m| !text(m).contains("unclosed")));
}

#[test]
fn a_linked_dead_source_and_a_missing_quote_read_as_words() {
    let mut dead = citation("c1", "Ledger", Severity::Error);
    let url = dead.url.clone().unwrap_or_default();
    dead.link = Link {
        http_status: Some(404),
        ..Link::not_requested(
            LinkStatus::NotFound,
            Some(FailureCause::HttpStatus { code: 404 }),
        )
    };
    dead.resolution = Some(Resolution {
        method: ResolutionMethod::Link,
        confidence: 1.0,
        candidates: vec![Candidate {
            url: url.clone(),
            score: 1.0,
        }],
        via: None,
        discovered: false,
    });
    let mut missing = citation("c2", "Herald", Severity::Error);
    missing.quotes = vec![Quote {
        text: "cuts through winter pastures".into(),
        match_kind: QuoteMatch::None,
        score: 0.13,
        location: Location::None,
        excerpt: None,
        reason: String::new(),
    }];
    let one = report(
        vec![citecheck::model::DocumentReport {
            warnings: Vec::new(),
            path: "a.md".into(),
            error: None,
            citations: vec![dead, missing],
        }],
        true,
    );
    let html = Html::parse_document(&report::render(&one, Format::Html, None));
    let c1 = text(&select(&html, "details#d1-1-c1 .source")[0]);
    assert!(c1.contains("Found bylinked in the document"), "{c1}");
    assert!(!c1.contains("confidence"), "{c1}");
    assert!(select(&html, "details#d1-1-c1 ol.candidates").is_empty());
    assert!(c1.contains("Linkpage missing (404) not_found"), "{c1}");
    assert!(!c1.contains("Error"), "HTTP 404 said once: {c1}");
    let badge = text(&select(&html, "details#d1-2-c2 .quote .badge")[0]);
    assert_eq!(badge, "not found · closest 0.13");
    let outcome = text(&select(&html, "details#d1-2-c2 .quote p.muted")[0]);
    assert_eq!(outcome, "not found (closest passage scored 0.13)");
    assert!(!html.html().contains("none 0.13"));
}

#[test]
fn a_shards_report_says_it_is_one_part_of_a_split_run_in_html_and_markdown() {
    let mut part = sample_report();
    part.summary.shard = Some("2/4".into());
    let html = Html::parse_document(&report::render(&part, Format::Html, None));
    let meta = text(&select(&html, "p.meta")[0]);
    assert!(meta.contains("shard 2/4 of a split run"), "{meta}");
    let md = report::render(&part, Format::Markdown, None);
    assert!(md.contains("Shard 2/4 of a split run"), "{md}");
    let whole = Html::parse_document(&report::render(&sample_report(), Format::Html, None));
    assert!(!text(&select(&whole, "p.meta")[0]).contains("shard"));
}

//! HTML articles written for these tests.

use chrono::NaiveDate;

use crate::document::{parse, DocumentKind, ParsedDocument};
use crate::model::Citation;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn read(html: &str, published: Option<NaiveDate>) -> ParsedDocument {
    parse(DocumentKind::Html, html, published, date(2030, 1, 1)).expect("HTML always parses")
}

fn cite(html: &str) -> Vec<Citation> {
    read(html, Some(date(2023, 6, 1))).citations
}

/// (line, column) of the first occurrence of `needle`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle in text");
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |k| k + 1);
    (line, text[line_start..at].chars().count() + 1)
}

const PAGE: &str = r#"<!doctype html>
<html><head><title>Rail deal</title>
<meta property="article:published_time" content="2024-01-12T08:00:00Z">
</head>
<body>
<nav><a href="https://site.example/">Home</a> (Tal News, May 1)</nav>
<header><h1>Rail deal</h1></header>
<main>
<article>
  <h1>Rail deal signed</h1>
  <p>The line will carry <em>coal</em> &amp; copper (Tal News, December 30).
  Freight &ldquo;will double&rdquo; by 2030, the minister said
  (<a href="https://ore.example/n/7">Ore Weekly, January 4</a>).</p>
  <aside class="related"><a href="https://tal.example/other">Other story</a></aside>
  <p>Details are in <a href="https://stats.example/t?a=1&amp;b=2">the tables</a>.</p>
  <p><a href="/tags/rail">Rail</a> <a href="mailto:desk@site.example">Mail</a></p>
  <pre>(Tal News, May 2)</pre>
  <script>var s = "(Tal News, May 3)";</script>
</article>
<div class="sidebar"><p>Also read (Tal News, May 4)</p></div>
</main>
<footer><a href="https://social.example/site">Follow</a></footer>
</body></html>
"#;

#[test]
fn only_the_main_content_is_read() {
    let c = cite(PAGE);
    let outlets: Vec<Option<&str>> = c.iter().map(|c| c.outlet.as_deref()).collect();
    assert_eq!(outlets, vec![Some("Tal News"), Some("Ore Weekly"), None]);
    let urls: Vec<Option<&str>> = c.iter().map(|c| c.url.as_deref()).collect();
    assert_eq!(
        urls,
        vec![
            None,
            Some("https://ore.example/n/7"),
            Some("https://stats.example/t?a=1&b=2")
        ]
    );
}

#[test]
fn entities_are_decoded_in_claims_and_quotes() {
    let c = cite(PAGE);
    assert_eq!(c[0].claim, "The line will carry coal & copper.");
    assert_eq!(c[1].quotes, vec!["will double"]);
    assert_eq!(
        c[1].claim,
        "Freight “will double” by 2030, the minister said."
    );
    assert_eq!(c[2].claim, "Details are in the tables.");
}

#[test]
fn positions_point_into_the_html_source() {
    let c = cite(PAGE);
    assert_eq!(
        (c[0].line, c[0].column),
        position(PAGE, "(Tal News, December 30)")
    );
    // A citation group wrapped around a link sits at its parenthesis.
    assert_eq!(
        (c[1].line, c[1].column),
        position(PAGE, "(<a href=\"https://ore")
    );
    // A plain link sits at its <a> tag.
    assert_eq!(
        (c[2].line, c[2].column),
        position(PAGE, "<a href=\"https://stats")
    );
}

#[test]
fn metadata_dates_the_article() {
    let parsed = read(PAGE, None);
    assert_eq!(parsed.published, Some(date(2024, 1, 12)));
    assert_eq!(parsed.citations[0].date, Some(date(2023, 12, 30)));
    assert_eq!(parsed.citations[1].date, Some(date(2024, 1, 4)));
}

#[test]
fn json_ld_and_time_elements() {
    let json_ld = r#"<html><head><script type="application/ld+json">
        {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"},
         {"@type": "NewsArticle", "datePublished": "2021-08-09T10:00:00+08:00"}]}
        </script></head><body><p>x</p></body></html>"#;
    assert_eq!(read(json_ld, None).published, Some(date(2021, 8, 9)));
    let time = r#"<body><article><p>By A. Writer, <time datetime="2020-02-03">Feb 3</time></p>
        </article></body>"#;
    assert_eq!(read(time, None).published, Some(date(2020, 2, 3)));
    let dateline = "<body><article><h1>Title</h1><p>April 5, 2019</p><p>Body.</p></article></body>";
    assert_eq!(read(dateline, None).published, Some(date(2019, 4, 5)));
}

#[test]
fn largest_article_wins_and_blocks_are_paragraphs() {
    let html = r#"<body>
      <article><p>Card teaser (Tal News, May 1).</p></article>
      <article><h2>Main story</h2><p>First sentence here. Long enough body text that makes
      this the largest article on the page by far, as real stories are.</p>
      <div>Claim in a div (Tal News, May 2)</div><ul><li>Listed claim (Tal News, May 3)</li></ul>
      </article></body>"#;
    let c = cite(html);
    let dates: Vec<Option<NaiveDate>> = c.iter().map(|c| c.date).collect();
    assert_eq!(dates, vec![Some(date(2023, 5, 2)), Some(date(2023, 5, 3))]);
    assert_eq!(c[0].context, "", "a div is its own paragraph");
    assert_eq!(c[1].claim, "Listed claim");
}

#[test]
fn no_article_means_the_body_without_furniture() {
    let html = r#"<body><div id="site-menu"><p>Menu (Tal News, May 1)</p></div>
      <div role="navigation">Nav (Tal News, May 2)</div>
      <p>Body claim (Tal News, May 3).</p><form><p>Form (Tal News, May 4)</p></form>
      <p hidden>Hidden (Tal News, May 5)</p></body>"#;
    let c = cite(html);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].claim, "Body claim.");
}

#[test]
fn inline_code_is_opaque_in_html() {
    assert!(cite("<p>Call <code>f(Tal News, May 3)</code> now.</p>").is_empty());
}

#[test]
fn broken_html_still_parses() {
    let c = cite("<p>Unclosed <b>bold (Tal News, May 3). <p>Next &amp &nbsp (Ore Weekly, May 4)");
    assert_eq!(c.len(), 2);
    assert!(cite("").is_empty());
    assert!(cite("<<<>>></p></div>&&&;").is_empty());
}

#[test]
fn a_furniture_word_on_the_story_wrapper_does_not_hide_the_story() {
    let html = r#"<body><div class="story has-share-bar"><p>The claim (Tal News, May 3).</p>
      <div class="share-buttons"><p>Share (Tal News, May 4)</p></div></div></body>"#;
    let c = cite(html);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].date, Some(date(2023, 5, 3)));
}

//! Markdown articles written for these tests.

use chrono::NaiveDate;

use crate::document::{parse, DocumentKind};
use crate::model::Citation;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn cite(text: &str) -> Vec<Citation> {
    parse(
        DocumentKind::Markdown,
        text,
        Some(date(2023, 6, 1)),
        date(2030, 1, 1),
    )
    .expect("Markdown always parses")
    .citations
}

/// (line, column) of the first occurrence of `needle`, 1-based, column in characters.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle in text");
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |k| k + 1);
    (line, text[line_start..at].chars().count() + 1)
}

#[test]
fn parenthetical_citations_in_prose_map_to_the_source() {
    let text = "# Rail *news*\n\nThe **new** line opened\n(Tal News, May 3). It was late.\n";
    let c = cite(text);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].claim, "The new line opened.");
    assert_eq!((c[0].line, c[0].column), position(text, "(Tal"));
}

#[test]
fn code_is_not_prose() {
    let text = "Run `f(Tal News, May 3)` first.\n\n```\nx (Tal News, May 4)\n```\n\n    \
                indented (Tal News, May 5)\n";
    assert!(cite(text).is_empty());
}

#[test]
fn links_are_citations_with_outlet_and_date_from_their_text() {
    let text = "Output rose, says [Ore Weekly, May 2](https://ore.example/a). \
                See also [the data](https://stats.example/b \"title\").\n";
    let c = cite(text);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].outlet.as_deref(), Some("Ore Weekly"));
    assert_eq!(c[0].date, Some(date(2023, 5, 2)));
    assert_eq!(c[0].url.as_deref(), Some("https://ore.example/a"));
    assert_eq!(c[0].claim, "Output rose, says Ore Weekly, May 2.");
    assert_eq!((c[0].line, c[0].column), position(text, "[Ore"));
    assert_eq!(c[1].outlet, None);
    assert_eq!(c[1].date, None);
    assert_eq!(c[1].claim, "See also the data.");
}

#[test]
fn a_citation_wrapped_in_a_link_is_one_citation() {
    let text = "Coal trucks queued for days ([Tal News, September 27](https://tal.example/n/abc)).";
    let c = cite(text);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].outlet.as_deref(), Some("Tal News"));
    assert_eq!(c[0].date, Some(date(2022, 9, 27)));
    assert_eq!(c[0].url.as_deref(), Some("https://tal.example/n/abc"));
    assert_eq!(c[0].claim, "Coal trucks queued for days.");
    assert_eq!((c[0].line, c[0].column), position(text, "(["));
}

#[test]
fn link_as_the_url_field_of_a_group() {
    let text = "Trade grew (Tal News, May 3, [article](https://tal.example/x); Ore Weekly, May 4).";
    let c = cite(text);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].url.as_deref(), Some("https://tal.example/x"));
    assert_eq!(c[1].url, None);
    assert_eq!(c[0].claim, c[1].claim);
}

#[test]
fn reference_links_autolinks_and_inline_anchor_tags() {
    let text = "A [report][r] and <https://auto.example/p> and \
                <a href=\"https://raw.example/q?x=1&amp;y=2\">a page</a>.\n\n\
                [r]: https://ref.example/r\n";
    let urls: Vec<Option<String>> = cite(text).into_iter().map(|c| c.url).collect();
    assert_eq!(
        urls,
        vec![
            Some("https://ref.example/r".to_string()),
            Some("https://auto.example/p".to_string()),
            Some("https://raw.example/q?x=1&y=2".to_string()),
        ]
    );
}

#[test]
fn images_relative_and_mail_links_are_not_citations() {
    let text = "![chart](https://img.example/c.png) [About](/about) [mail](mailto:a@b.example) \
                [top](#top).";
    assert!(cite(text).is_empty());
}

#[test]
fn unfetchable_source_links_are_reported_as_written() {
    let c = cite("Data at [the archive](ftp://files.example/d.zip) and [here](htps://x.example).");
    let urls: Vec<&str> = c.iter().filter_map(|c| c.url.as_deref()).collect();
    assert_eq!(urls, vec!["ftp://files.example/d.zip", "htps://x.example"]);
}

#[test]
fn escapes_and_entities_keep_positions() {
    let text = "Growth \\*was\\* 5&nbsp;percent &amp; more (Tal News, May 3).";
    let c = cite(text);
    // The no-break space is whitespace like any other in a claim.
    assert_eq!(c[0].claim, "Growth *was* 5 percent & more.");
    assert_eq!((c[0].line, c[0].column), position(text, "(Tal"));
}

#[test]
fn front_matter_dates_the_article_and_is_not_prose() {
    let text = "---\ntitle: x (Tal News, May 9)\ndate: 2024-01-15\n---\n\nFrost came (Tal News, \
                December 30).\n";
    let parsed = parse(DocumentKind::Markdown, text, None, date(2030, 1, 1)).expect("parses");
    assert_eq!(parsed.published, Some(date(2024, 1, 15)));
    assert_eq!(parsed.citations.len(), 1);
    assert_eq!(parsed.citations[0].date, Some(date(2023, 12, 30)));
    assert_eq!(parsed.citations[0].line, 6);
}

#[test]
fn list_items_and_quotes_are_paragraphs() {
    let text = "- First point (Tal News, May 1)\n- Second point (Tal News, May 2)\n\n\
                > Quoted block sentence. Cited claim (Ore Weekly, May 3).\n";
    let c = cite(text);
    assert_eq!(c.len(), 3);
    assert_eq!(c[1].claim, "Second point");
    assert_eq!(c[1].context, "");
    assert_eq!(c[2].context, "Quoted block sentence.");
}

#[test]
fn a_link_around_the_whole_group_is_one_citation() {
    let c = cite("Stocks fell [(Tal News, May 3)](https://tal.example/s).");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].outlet.as_deref(), Some("Tal News"));
    assert_eq!(c[0].url.as_deref(), Some("https://tal.example/s"));
    assert_eq!(c[0].claim, "Stocks fell.");
}

#[test]
fn a_link_in_a_part_that_is_not_a_citation_stands_alone() {
    let c = cite("Stocks fell (chart [here](https://charts.example/1); Tal News, May 3).");
    assert_eq!(c.len(), 2);
    // In source order: the group's parenthesis comes before the link.
    assert_eq!(c[0].outlet.as_deref(), Some("Tal News"));
    assert_eq!(c[0].url, None);
    assert_eq!(c[1].url.as_deref(), Some("https://charts.example/1"));
    assert_eq!(c[1].outlet, None);
}

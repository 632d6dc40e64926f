//! Where a date sits on pages unlike news sites: layouts named like sidebars, dates only
//! in boilerplate, and the sources of a date and a modification date reported apart.

use chrono::NaiveDate;
use citecheck::extract::date::{dates, publication_date, DateSource, PageDates};

fn date_of(html: &str, url: Option<&str>) -> Option<String> {
    let document = scraper::Html::parse_document(html);
    publication_date(&document, html, url).map(|d| d.to_string())
}

/// A blog post whose theme names the `<body>` or the wrapper after its layout.
fn themed_post(wrapper_class: &str) -> String {
    format!(
        r#"<!doctype html><html><head><title>t</title></head>
        <body class="single two-column {wrapper_class}"><div class="{wrapper_class}">
        <article><header><h1>A headline long enough to be the article's</h1>
        <time class="entry-date" datetime="2014-01-27T19:02:50+01:00">27. Januar 2014</time>
        </header><p>The text of the post, long enough to read as prose.</p></article>
        <div class="widget-area"><ul><li>Another post <span>24. Januar 2014</span></li></ul>
        </div></div></body></html>"#
    )
}

#[test]
fn a_layout_named_like_a_sidebar_holding_the_headline_is_not_a_sidebar() {
    for class in ["right-sidebar", "content-sidebar-wrap", "main-sidebar"] {
        assert_eq!(
            date_of(&themed_post(class), None).as_deref(),
            Some("2014-01-27"),
            "{class}"
        );
    }
}

#[test]
fn a_real_sidebar_inside_the_layout_stays_a_sidebar() {
    // The only dated element outside the article is inside a sidebar within a wrapper
    // named like a sidebar: its date is another post's, and the article's own date wins.
    let html = r#"<html><body class="has-right-sidebar"><div class="right-sidebar">
        <div class="sidebar"><p>Latest: <time datetime="2020-05-01">May 1, 2020</time></p></div>
        <h1>A headline long enough to be the article's</h1>
        <p class="byline">March 3, 2019</p><p>Text of the post, long enough to be prose.</p>
        </div></body></html>"#;
    assert_eq!(date_of(html, None).as_deref(), Some("2019-03-03"));
}

#[test]
fn related_stories_titled_in_an_h1_stay_an_aside() {
    // The article's byline sits in an <aside> of its header; after the article, a block
    // of related stories has an <h1> title of its own and teasers marked as created: that
    // title is not the page's headline, so their dates stay other pages'.
    let html = r#"<html><body><main><article><header>
        <h1>A headline long enough to be the article's</h1>
        <aside class="meta"><time itemprop="datePublished" datetime="2023-10-18T11:45:00+02:00">18. Okt 2023</time></aside>
        </header><p>The text of the article, long enough to read as prose.</p></article></main>
        <section id="block-related"><h1>Related articles to read next</h1>
        <article><header><time itemprop="dateCreated" datetime="2023-10-10T12:20:56+02:00">10. Okt 2023</time></header>
        <h2>Another story</h2></article></section></body></html>"#;
    assert_eq!(date_of(html, None).as_deref(), Some("2023-10-18"));
}

#[test]
fn the_addresss_month_picks_the_dateline_among_visible_dates() {
    // A book review: the book's release date sits in a date element of the post, the
    // post's own date above it outside the article; the address names the post's month.
    let html = r#"<html><body><h2 class="date-header"><span>Samstag, 9. September 2017</span></h2>
        <article><h1>A review of a book, long enough for a headline</h1>
        <p>The text of the review, long enough to read as prose.</p>
        <p class="info">Erscheinungsdatum: 14.08.2017</p></article></body></html>"#;
    let url = "https://example.blogspot.com/2017/09/rezi.html";
    assert_eq!(date_of(html, Some(url)).as_deref(), Some("2017-09-09"));
    assert_eq!(date_of(html, None).as_deref(), Some("2017-08-14"));
}

#[test]
fn a_labelled_update_beats_a_date_inside_a_sentence() {
    // No dateline: the only other date is an event's, inside a sentence.
    let html = r#"<html><body><h1>Kinder und Arbeit in Bolivien heute</h1>
        <p>Die Bewegung kritisiert das neue Gesetz. Seit 4. August 2014 gilt es in ganz Bolivien
        und wird von vielen Gruppen abgelehnt.</p>
        <div class="small">Aktualisiert: 30.12.2016</div></body></html>"#;
    assert_eq!(date_of(html, None).as_deref(), Some("2016-12-30"));
}

#[test]
fn a_dateline_among_boilerplate_beats_a_comments_time() {
    // The byline sits in a block named like a teaser; the only machine-readable time is a
    // comment's, not marked published.
    let html = r#"<html><body><h1>A headline long enough to be the article's</h1>
        <div class="teaser-meta"><span class="publish-date">Dienstag, 29. Januar 2019</span></div>
        <p>The text of the article, long enough to read as prose.</p>
        <div class="comments"><time datetime="2018-03-12T19:30:12+00:00">12.03.2018</time></div>
        </body></html>"#;
    assert_eq!(date_of(html, None).as_deref(), Some("2019-01-29"));
}

fn dates_of(html: &str, url: Option<&str>) -> PageDates {
    let document = scraper::Html::parse_document(html);
    dates(&document, html, url)
}

fn day(text: &str) -> Option<NaiveDate> {
    text.parse().ok()
}

#[test]
fn sources_are_reported() {
    let meta = r#"<html><head><meta property="article:published_time" content="2023-09-27T08:00:00+08:00">
        </head><body><p>text</p></body></html>"#;
    let found = dates_of(meta, None);
    assert_eq!(found.published, day("2023-09-27"));
    assert_eq!(found.source, Some(DateSource::Metadata));
    let address = dates_of("<p>text</p>", Some("https://a.example/2021/03/04/story"));
    assert_eq!(
        (address.published, address.source),
        (day("2021-03-04"), Some(DateSource::Address))
    );
    let byline = dates_of(
        "<article><h1>A headline long enough to be the article's</h1>\
         <p class=\"byline\">Posted on September 21, 2020</p><p>Text.</p></article>",
        None,
    );
    assert_eq!(
        (byline.published, byline.source),
        (day("2020-09-21"), Some(DateSource::Text))
    );
    assert_eq!(dates_of("<p>No date here.</p>", None), PageDates::default());
}

#[test]
fn a_date_only_in_boilerplate_dates_the_page_when_nothing_else_does() {
    // A theme's byline inside a block named like a teaser, the page's only date.
    let html = r#"<html><body><div class="teaser_text_meta">Jane Doe / 22.04.2020 / 06:15</div>
        <div><p>The article's text, long enough to be read as prose by anyone.</p></div>
        </body></html>"#;
    let found = dates_of(html, None);
    assert_eq!(found.published, day("2020-04-22"));
    assert_eq!(found.source, Some(DateSource::Boilerplate));
}

#[test]
fn a_boilerplate_dateline_beats_a_date_inside_a_sentence() {
    // The sentence's date is an event's; the dateline in the block named "sidebar-meta"
    // is the page's.
    let html = r#"<html><body><div class="sidebar-meta"><span class="date">14.01.2022</span></div>
        <div><p>The next meeting takes place on 5 February 2022, as every year in the hall.</p>
        </div></body></html>"#;
    assert_eq!(dates_of(html, None).published, day("2022-01-14"));
}

#[test]
fn the_most_repeated_date_of_the_source_is_the_last_resort() {
    let html = r#"<html><head><meta property="og:image" content="https://a.example/files/2016/05/04/cover.png">
        </head><body><img src="/files/2016/05/04/cover.png"><p>An annual report without
        a byline.</p><a href="/2012/01/02/old">An old story</a></body></html>"#;
    let found = dates_of(html, None);
    assert_eq!(found.published, day("2016-05-04"));
    assert_eq!(found.source, Some(DateSource::Page));
}

#[test]
fn a_label_glued_to_its_date_is_read() {
    let html = "<ul class=\"info\"><li><span>Datum:</span>26. Januar 2022</li></ul>";
    assert_eq!(dates_of(html, None).published, day("2022-01-26"));
}

#[test]
fn the_modification_date_is_reported_apart() {
    let html = r#"<html><head>
        <meta property="article:published_time" content="2023-09-27T08:00:00+08:00">
        <meta property="article:modified_time" content="2023-09-29T10:00:00+08:00">
        </head><body><p>text</p></body></html>"#;
    let found = dates_of(html, None);
    assert_eq!(
        (found.published, found.modified),
        (day("2023-09-27"), day("2023-09-29"))
    );
    let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle",
        "datePublished":"2023-09-27","dateModified":"2023-10-02"}</script><p>x</p>"#;
    assert_eq!(dates_of(ld, None).modified, day("2023-10-02"));
    let labelled = "<article><h1>A headline long enough to be the article's</h1>\
        <p>Published 27 Sep 2023 · Updated 28 Sep 2023</p></article>";
    let found = dates_of(labelled, None);
    assert_eq!(
        (found.published, found.modified),
        (day("2023-09-27"), day("2023-09-28"))
    );
    // A "modification" before the publication is not one.
    let backwards = r#"<meta property="article:published_time" content="2023-09-27">
        <meta property="article:modified_time" content="2020-01-01"><p>x</p>"#;
    assert_eq!(dates_of(backwards, None).modified, None);
}

#[test]
fn a_byline_beats_a_bare_date_meta_tag_that_disagrees() {
    // A bare "date" meta tag is often the page's generation or last edit.
    let html = r#"<html><head><meta name="date" content="2020-04-30"></head><body><article>
        <h1>A headline long enough to be the article's</h1>
        <p class="byline">By Jane Doe</p><p class="date">29.04.2020</p>
        <p>The article's text, long enough to be read as prose by anyone.</p></article>
        </body></html>"#;
    assert_eq!(dates_of(html, None).published, day("2020-04-29"));
    // Alone, or confirmed, it still dates the page.
    let alone = r#"<html><head><meta name="date" content="2020-04-30"></head>
        <body><p>Text without a byline.</p></body></html>"#;
    assert_eq!(dates_of(alone, None).published, day("2020-04-30"));
}

#[test]
fn extract_prints_the_date_source_and_the_modification_date() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("page.html");
    let html = r#"<html><head>
        <meta property="article:published_time" content="2023-09-27T08:00:00+08:00">
        <meta property="article:modified_time" content="2023-09-29T10:00:00+08:00">
        </head><body><article><p>Text of the article.</p></article></body></html>"#;
    std::fs::write(&page, html).expect("write page");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .arg("extract")
        .arg(&page)
        .output()
        .expect("run citecheck");
    assert_eq!(out.status.code(), Some(0));
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(line["published"], "2023-09-27");
    assert_eq!(line["published_source"], "metadata");
    assert_eq!(line["modified"], "2023-09-29");
    // A page without dates says nothing of either.
    std::fs::write(&page, "<p>No date.</p>").expect("write page");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .arg("extract")
        .arg(&page)
        .output()
        .expect("run citecheck");
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert!(line["published"].is_null());
    assert!(line.get("published_source").is_none() && line.get("modified").is_none());
}

/// A page whose metadata names another day than the dateline readers see under its
/// headline.
fn shown_and_meta(shown: &str, meta: &str) -> String {
    format!(
        r#"<html><head><meta property="article:published_time" content="{meta}"></head>
        <body><article><h1>Ravenous wild goats ruled an island for a century</h1>
        <p class="byline">By Jane Doe</p><div class="date">{shown}</div>
        <p>The goats came ashore with the whalers and stayed long after them, eating the
        island bare until the last of them was taken off by the park's rangers.</p>
        </article></body></html>"#
    )
}

#[test]
fn the_dateline_under_the_headline_wins_over_metadata_that_disagrees() {
    let html = shown_and_meta("Monday, 6 January 2020", "2020-01-03T09:48:24Z");
    let document = scraper::Html::parse_document(&html);
    let found = dates(&document, &html, None);
    assert_eq!(
        found.published.map(|d| d.to_string()).as_deref(),
        Some("2020-01-06")
    );
    assert_eq!(found.source, Some(DateSource::Text));
}

#[test]
fn metadata_stands_when_the_dateline_is_months_away_or_the_address_confirms_it() {
    // Months apart: an event's date or a misread day-month order, not the publication.
    let html = shown_and_meta("Monday, 6 July 2020", "2020-01-03T09:48:24+01:00");
    assert_eq!(date_of(&html, None).as_deref(), Some("2020-01-03"));
    // The address confirms the metadata.
    let html = shown_and_meta("Monday, 6 January 2020", "2020-01-03T09:48:24+01:00");
    let url = "https://example.org/2020/01/03/goats.html";
    assert_eq!(date_of(&html, Some(url)).as_deref(), Some("2020-01-03"));
}

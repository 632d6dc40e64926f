//! Where a date sits on pages unlike news sites: layouts named like sidebars, dates only
//! in boilerplate, and the sources of a date and a modification date reported apart.

use citecheck::extract::date::publication_date;

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

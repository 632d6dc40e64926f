//! Publication dates from each kind of source, and modification dates never taken.

use citecheck::extract::date::publication_date;

fn date_of(html: &str, url: Option<&str>) -> Option<String> {
    let document = scraper::Html::parse_document(html);
    publication_date(&document, html, url).map(|d| d.to_string())
}

fn page(head: &str, body: &str) -> String {
    format!("<!doctype html><html><head><title>t</title>{head}</head><body>{body}</body></html>")
}

#[test]
fn json_ld_date_published() {
    let html = page(
        r#"<script type="application/ld+json">{"@context":"https://schema.org",
        "@type":"NewsArticle","headline":"x","datePublished":"2023-09-27T08:00:00+08:00",
        "dateModified":"2023-09-29T10:00:00+08:00"}</script>"#,
        "<p>text</p>",
    );
    assert_eq!(date_of(&html, None).as_deref(), Some("2023-09-27"));
}

#[test]
fn json_ld_article_inside_a_graph() {
    let html = page(
        r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","name":"Ikon"},
        {"@type":"BreadcrumbList","itemListElement":[]},
        {"@type":"Article","datePublished":"2023-09-27","dateModified":"2023-10-02"}]}
        </script>"#,
        "<p>text</p>",
    );
    assert_eq!(date_of(&html, None).as_deref(), Some("2023-09-27"));
}

#[test]
fn json_ld_in_an_array_and_broken_json() {
    let array = page(
        r#"<script type="application/ld+json">[{"@type":"Organization","name":"x"},
        {"@type":"BlogPosting","datePublished":"2023-09-27"}]</script>"#,
        "",
    );
    assert_eq!(date_of(&array, None).as_deref(), Some("2023-09-27"));
    let broken = page(
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"line\nbreak\",\"datePublished\":\"2023-09-27T01:00:00+08:00\",}</script>",
        "",
    );
    assert_eq!(date_of(&broken, None).as_deref(), Some("2023-09-27"));
}

#[test]
fn meta_tags_of_many_vendors() {
    for (key, value) in [
        (
            "property=\"article:published_time\"",
            "2023-09-27T08:00:00+08:00",
        ),
        ("property=\"og:published_time\"", "2023-09-27"),
        ("name=\"DC.date.issued\"", "2023-09-27"),
        ("name=\"dcterms.created\"", "2023-09-27"),
        ("name=\"parsely-pub-date\"", "2023-09-27T08:00:00Z"),
        ("name=\"sailthru.date\"", "2023-09-27 08:00:00"),
        ("name=\"pubdate\"", "20230927"),
        ("name=\"publish-date\"", "2023/09/27"),
        ("name=\"citation_publication_date\"", "2023/09/27"),
        ("itemprop=\"datePublished\"", "2023-09-27"),
        ("name=\"date\"", "Wed, 27 Sep 2023 08:00:00 +0800"),
    ] {
        let html = page(&format!("<meta {key} content=\"{value}\">"), "<p>x</p>");
        assert_eq!(date_of(&html, None).as_deref(), Some("2023-09-27"), "{key}");
    }
}

#[test]
fn modification_metadata_alone_gives_no_date() {
    let html = page(
        r#"<meta property="article:modified_time" content="2023-09-29T10:00:00+08:00">
        <meta property="og:updated_time" content="2023-09-29T10:00:00+08:00">
        <meta http-equiv="last-modified" content="2023-09-29">
        <script type="application/ld+json">{"@type":"NewsArticle","dateModified":"2023-09-29"}</script>"#,
        "<article><p>Updated: September 29, 2023</p><p>Some text.</p></article>",
    );
    assert_eq!(date_of(&html, None), None);
}

#[test]
fn updated_line_is_skipped_for_the_published_one() {
    let html = page(
        r#"<meta property="article:modified_time" content="2023-09-29T10:00:00+08:00">"#,
        "<article><h1>Title</h1><p class=\"byline\">Updated: September 29, 2023 · \
         Published: September 27, 2023</p><p>Text.</p></article>",
    );
    assert_eq!(date_of(&html, None).as_deref(), Some("2023-09-27"));
}

#[test]
fn updated_class_is_skipped() {
    let html = page(
        "",
        "<article><span class=\"updated\">29.09.2023</span>\
         <span class=\"date\">27.09.2023</span><p>Text.</p></article>",
    );
    assert_eq!(date_of(&html, None).as_deref(), Some("2023-09-27"));
}

#[test]
fn time_element_in_the_article_not_in_related_or_comments() {
    let html = page(
        "",
        r#"<div class="related-posts"><time datetime="2023-09-20">Sep 20</time></div>
        <article><header><h1>Title</h1><time datetime="2023-09-27T10:00:00+08:00">Sep 27</time>
        </header><p>Text.</p>
        <section class="comments"><time datetime="2023-09-28">Sep 28</time></section>
        </article>"#,
    );
    assert_eq!(date_of(&html, None).as_deref(), Some("2023-09-27"));
}

#[test]
fn pubdate_and_itemprop_marks() {
    let pubdate = page(
        "",
        "<time datetime=\"2023-09-25\">x</time><time pubdate datetime=\"2023-09-27\">y</time>",
    );
    assert_eq!(date_of(&pubdate, None).as_deref(), Some("2023-09-27"));
    let itemprop = page(
        "",
        "<span itemprop=\"datePublished\" content=\"2023-09-27\">27 Sep</span>",
    );
    assert_eq!(date_of(&itemprop, None).as_deref(), Some("2023-09-27"));
}

#[test]
fn url_dates() {
    let html = page("", "<p>No date here.</p>");
    for url in [
        "https://news.example/2023/09/27/slug",
        "https://news.example/politics/20230927/12345.html",
        "https://news.example/a/2023-09-27-slug",
        "https://news.example/2023/9/27/slug",
    ] {
        assert_eq!(
            date_of(&html, Some(url)).as_deref(),
            Some("2023-09-27"),
            "{url}"
        );
    }
}

#[test]
fn url_settles_disagreeing_metadata() {
    let html = page(
        r#"<meta property="article:published_time" content="2023-09-20T10:00:00+08:00">
        <meta name="date" content="2023-09-27">"#,
        "",
    );
    let url = Some("https://news.example/2023/09/27/slug");
    assert_eq!(date_of(&html, url).as_deref(), Some("2023-09-27"));
}

#[test]
fn utc_instant_takes_the_local_day_the_page_writes() {
    // 02:18 UTC on the 28th is the evening of the 27th in the Americas; the byline says so.
    let html = page(
        r#"<meta property="article:published_time" content="2023-09-28T02:18:11Z">"#,
        "<article><p class=\"date\">27 de septiembre de 2023</p><p>Texto.</p></article>",
    );
    assert_eq!(date_of(&html, None).as_deref(), Some("2023-09-27"));
    // At 14:00 UTC no inhabited zone is on the previous day.
    let html = page(
        r#"<meta property="article:published_time" content="2023-09-28T14:00:00Z">"#,
        "<article><p class=\"date\">27 de septiembre de 2023</p><p>Texto.</p></article>",
    );
    assert_eq!(date_of(&html, None).as_deref(), Some("2023-09-28"));
}

#[test]
fn script_state_of_front_ends() {
    let html = page(
        "",
        r#"<div id="app"></div><script>window.__STATE__={"article":{"modifiedAt":"2023-09-30",
        "publishedAt":"2023-09-27T08:00:00+08:00"}}</script>"#,
    );
    assert_eq!(date_of(&html, None).as_deref(), Some("2023-09-27"));
}

#[test]
fn implausible_dates_are_rejected() {
    let future = page(
        r#"<meta property="article:published_time" content="2999-01-01">"#,
        "",
    );
    assert_eq!(date_of(&future, None), None);
    let ancient = page(
        r#"<meta property="article:published_time" content="1970-01-01">"#,
        "",
    );
    assert_eq!(date_of(&ancient, None), None);
    let text = page("", "<article><p class=\"date\">12 March 1987</p></article>");
    assert_eq!(date_of(&text, None), None);
    let url = page("", "");
    assert_eq!(date_of(&url, Some("https://n.example/2099/01/01/x")), None);
}

#[test]
fn masthead_today_loses_to_the_article_date() {
    let html = page(
        "",
        r#"<header class="site"><div class="today">Tuesday, 3 October 2023</div></header>
        <main><h1>Title</h1><p>Text of the story.</p><p>27 September 2023</p></main>"#,
    );
    assert_eq!(date_of(&html, None).as_deref(), Some("2023-09-27"));
}

#[test]
fn hostile_input_gives_no_date_and_no_panic() {
    for html in [
        String::new(),
        "\u{0}\u{1}\u{2}binary\u{fffd}".to_string(),
        "<div>".repeat(2_000),
        format!(
            "<script type=\"application/ld+json\">{}</script>",
            "[".repeat(10_000)
        ),
        format!("<p>{}</p>", "2023-09-27 ".repeat(20_000)),
        format!(
            "<script>var x=\"{}\";</script>",
            "createAgreatThreat".repeat(20_000)
        ),
    ] {
        let document = scraper::Html::parse_document(&html);
        let _ = publication_date(&document, &html, Some("not a url"));
    }
    assert_eq!(date_of("", None), None);
}

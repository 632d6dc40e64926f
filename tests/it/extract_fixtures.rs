//! `extract::extract` on small hand-written pages: what lands in the main text, what in
//! the boilerplate, how paragraphs and typography come out, and the title.

use citecheck::extract::extract;

/// A news page with every kind of boilerplate around a four-paragraph article.
const NEWS_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
<title>Harbour bridge to reopen in spring | The Coastal Herald</title>
<meta property="og:site_name" content="The Coastal Herald">
</head><body>
<header class="site-header"><a href="/">The Coastal Herald</a>
  <nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
  <li><a href="/weather">Weather</a></li></ul></nav></header>
<main>
<article>
  <h1>Harbour bridge to reopen in spring</h1>
  <div class="byline">By Jane Doe, 12 March 2024</div>
  <div class="article-body">
    <p>The harbour bridge, closed since the storm in January, will reopen to traffic in
       the spring, the city council said on Tuesday.</p>
    <p>Engineers found that two of the bridge’s steel cables had been damaged by the
       storm surge and had to be replaced, a job that took longer than expected.</p>
    <h2>Cost of the repairs</h2>
    <p>“We expect the total cost to stay below the budget of $4.5 million,” said the
       council’s head of works, adding that the contractor had kept to its schedule.</p>
    <aside class="related-stories"><h3>Related stories</h3><ul>
      <li><a href="/a">Storm damage across the coast</a>
          <p>“The worst storm in forty years,” the mayor said of the January storm.</p></li>
      <li><a href="/b">Ferry service extended until the bridge reopens</a></li>
    </ul></aside>
    <p>Ferries will keep running between the two banks until the bridge is open again,
       the council added, and bus routes will return to their usual timetable.</p>
  </div>
  <div class="share-buttons"><a href="/share">Share on Facebook</a> <a href="/share">Tweet</a></div>
</article>
<section id="comments" class="comments">
  <h3>3 comments</h3>
  <div class="comment"><p>Finally! I have been waiting for this for months, and the
     ferry is always full in the morning, so this is very welcome news.</p></div>
</section>
</main>
<footer class="site-footer"><p>© 2024 The Coastal Herald. All rights reserved.</p>
  <a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>"#;

#[test]
fn main_text_is_the_article_and_nothing_else() {
    let article = extract(NEWS_PAGE, Some("https://herald.example/2024/03/12/bridge"));
    let text = &article.text;
    assert!(
        text.starts_with("The harbour bridge, closed since the storm"),
        "{text}"
    );
    assert!(text.contains("Cost of the repairs"), "{text}");
    assert!(text.ends_with("return to their usual timetable."), "{text}");
    for boilerplate in [
        "Sport",
        "By Jane Doe",
        "Related stories",
        "Ferry service extended",
        "Share on Facebook",
        "Finally!",
        "All rights reserved",
        "Privacy",
    ] {
        assert!(
            !text.contains(boilerplate),
            "{boilerplate:?} in text:\n{text}"
        );
    }
}

#[test]
fn nav_footer_related_links_and_comments_are_boilerplate() {
    let article = extract(NEWS_PAGE, None);
    let boilerplate = &article.boilerplate;
    for part in [
        "Weather",
        "Related stories",
        "Ferry service extended until the bridge reopens",
        "Share on Facebook",
        "I have been waiting for this for months",
        "All rights reserved",
    ] {
        assert!(
            boilerplate.contains(part),
            "{part:?} not in boilerplate:\n{boilerplate}"
        );
    }
    assert!(!boilerplate.contains("steel cables"), "{boilerplate}");
}

#[test]
fn a_quote_in_a_related_stories_box_is_boilerplate() {
    let article = extract(NEWS_PAGE, None);
    let quote = "“The worst storm in forty years,” the mayor said";
    assert!(!article.text.contains(quote), "{}", article.text);
    assert!(
        article.boilerplate.contains(quote),
        "{}",
        article.boilerplate
    );
}

#[test]
fn paragraphs_are_separated_by_blank_lines_and_typography_is_kept() {
    let article = extract(NEWS_PAGE, None);
    let paragraphs: Vec<&str> = article.text.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 5, "{:#?}", paragraphs);
    assert_eq!(paragraphs[2], "Cost of the repairs");
    // Whitespace inside a paragraph is collapsed as a browser would; quotes, apostrophes
    // and the dollar amount stay exactly as written.
    assert_eq!(
        paragraphs[3],
        "“We expect the total cost to stay below the budget of $4.5 million,” said the \
         council’s head of works, adding that the contractor had kept to its schedule."
    );
}

#[test]
fn title_is_the_headline_without_the_site_name() {
    let article = extract(NEWS_PAGE, None);
    assert_eq!(
        article.title.as_deref(),
        Some("Harbour bridge to reopen in spring")
    );
}

#[test]
fn title_falls_back_to_a_cleaned_page_title() {
    let html = r#"<html><head><title>Prices rise again in March – Business – Daily Planet</title>
        </head><body><p>Some text of the page, long enough to be a paragraph of prose.</p></body></html>"#;
    assert_eq!(
        extract(html, None).title.as_deref(),
        Some("Prices rise again in March")
    );
}

#[test]
fn og_title_is_preferred_to_the_page_title() {
    let html = r#"<html><head><title>Home | Site</title>
        <meta property="og:title" content="Council approves the new budget"></head>
        <body><h1>Site</h1><p>The council approved the new budget on Monday evening.</p></body></html>"#;
    assert_eq!(
        extract(html, None).title.as_deref(),
        Some("Council approves the new budget")
    );
}

#[test]
fn article_split_by_an_advert_is_kept_whole() {
    let html = r#"<html><body><div class="page">
      <div class="story">
        <p>First part of the story, with enough words in it to read as a real paragraph.</p>
        <p>Second paragraph of the first part, which also reads as prose, with commas.</p>
      </div>
      <div class="ad-slot"><a href="/buy">Buy now</a> <a href="/sale">Big sale</a></div>
      <div class="story">
        <p>Third paragraph, after the advert, continues the story the page is about.</p>
        <p>Fourth and last paragraph closes the story with one more sentence of prose.</p>
      </div>
      <ul class="links"><li><a href="/1">Another story entirely</a></li>
        <li><a href="/2">Yet another story</a></li></ul>
    </div></body></html>"#;
    let text = extract(html, None).text;
    assert!(text.starts_with("First part"), "{text}");
    assert!(text.contains("Third paragraph"), "{text}");
    assert!(text.ends_with("one more sentence of prose."), "{text}");
    assert!(
        !text.contains("Buy now") && !text.contains("Another story"),
        "{text}"
    );
}

#[test]
fn embedded_tweets_in_the_article_are_kept() {
    let html = r#"<html><body><article><div class="entry-content">
      <p>The campaign drew many reactions online on Monday, most of them mocking it.</p>
      <div class="social-media-embed"><blockquote class="twitter-tweet">
        <p>Yes, this is real, and yes, the state spent half a million dollars on it.</p>
        — Someone (@someone) November 18, 2019</blockquote></div>
      <p>The governor defended the campaign, saying it had raised awareness of the issue.</p>
    </div>
    <div class="social-share"><a href="/share">Share</a> <a href="/share">Tweet</a></div>
    </article></body></html>"#;
    let article = extract(html, None);
    assert!(
        article.text.contains("the state spent half a million"),
        "{}",
        article.text
    );
    assert!(!article.text.contains("Share"), "{}", article.text);
}

#[test]
fn a_list_page_gives_its_entries_as_text() {
    let html = r#"<html><head><title>Search results</title></head><body>
      <nav><a href="/">Home</a> <a href="/about">About</a></nav>
      <h1>Results for “bridge”</h1>
      <div class="results">
        <div class="result"><h2><a href="/1">Bridge to reopen</a></h2>
          <p>The harbour bridge will reopen in spring, the council said on Tuesday.</p></div>
        <div class="result"><h2><a href="/2">Bridge repairs cost less</a></h2>
          <p>Repairs to the bridge came in under budget, according to the works office.</p></div>
      </div>
      <footer>© Site</footer></body></html>"#;
    let article = extract(html, None);
    assert!(
        article.text.contains("will reopen in spring"),
        "{}",
        article.text
    );
    assert!(
        article.text.contains("came in under budget"),
        "{}",
        article.text
    );
    assert!(!article.text.contains("About"), "{}", article.text);
}

#[test]
fn hidden_text_is_neither_text_nor_boilerplate() {
    let html = r#"<html><body><article>
      <p>Visible paragraph of the article, with enough words to count as prose here.</p>
      <p style="display:none">Hidden paragraph that a reader never sees on the page.</p>
      <span class="sr-only">Screen reader only</span>
      <script>var hidden = "script text";</script>
    </article></body></html>"#;
    let article = extract(html, None);
    let all = format!("{}\n{}", article.text, article.boilerplate);
    assert!(article.text.contains("Visible paragraph"));
    for hidden in ["Hidden paragraph", "Screen reader only", "script text"] {
        assert!(!all.contains(hidden), "{hidden:?} in {all}");
    }
}

#[test]
fn a_page_of_short_lines_keeps_them() {
    let html = "<html><body><p>Hello world</p></body></html>";
    let article = extract(html, None);
    assert_eq!(article.text, "Hello world");
}

#[test]
fn a_one_sentence_page_is_that_sentence_not_its_menus() {
    let html = r#"<html><body><div class="top"><ul>
      <li><a href="/">Home</a></li><li><a href="/a">About us</a></li>
      <li><a href="/b">Events</a></li><li><a href="/c">Contact</a></li></ul></div>
      <div class="main"><p>The council meets on Monday at noon.</p></div>
      <div class="bottom"><a href="/d">Jobs</a> <a href="/e">Press</a></div>
      </body></html>"#;
    assert_eq!(
        extract(html, None).text,
        "The council meets on Monday at noon."
    );
}

#[test]
fn a_page_of_linked_headlines_gives_the_headlines() {
    let html = r#"<html><body><nav><a href="/">Home</a> <a href="/w">World</a></nav>
      <ul class="stories">
        <li><a href="/1">Council approves the budget after a long night</a></li>
        <li><a href="/2">Storm closes the harbour bridge for a week</a></li>
        <li><a href="/3">Ferry service extended until the spring</a></li>
      </ul>
      <footer><p>© 2024 The Coastal Herald. All rights reserved.</p></footer>
      </body></html>"#;
    let article = extract(html, None);
    assert!(
        article.text.contains("Storm closes the harbour bridge"),
        "{}",
        article.text
    );
    assert!(!article.text.contains("World"), "{}", article.text);
    assert!(
        !article.text.contains("All rights reserved"),
        "{}",
        article.text
    );
}

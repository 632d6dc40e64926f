//! Body or boilerplate on pages whose main text is not a plain article: a post only
//! script renders (with a `<noscript>` copy), a forum thread, a live commentary, and
//! the parts of an article set apart by their markup (captions, subtitles).

use citecheck::extract::extract;

/// A paragraph of prose, numbered so that each is distinct.
fn paragraphs(n: usize, what: &str) -> String {
    (0..n)
        .map(|i| {
            format!(
                "<p>{what} number {i} runs on for a while, with commas, clauses and a full \
                 stop, as prose does when it is read aloud.</p>"
            )
        })
        .collect()
}

#[test]
fn a_post_only_in_noscript_is_read_as_markup() {
    let html = format!(
        r#"<html><body><div class="header"><p>Notes from a security team, on the web.</p></div>
        <script type="text/template"><div class="post">the same post</div></script>
        <noscript><div class="post-body"><p>Phishing sites rotate their domains quickly
        to avoid being blocked, and lists of known sites lag behind them.</p>{}</div></noscript>
        </body></html>"#,
        paragraphs(12, "Post sentence")
    );
    let article = extract(&html, None);
    assert!(
        article.text.contains("Phishing sites rotate"),
        "{}",
        article.text
    );
    assert!(article.text.contains("Post sentence number 11"));
}

#[test]
fn a_small_noscript_fallback_stays_unread() {
    let html = format!(
        r#"<html><body><article>{}</article>
        <noscript><p>Please enable scripts to see the comments on this page, thank you.</p>
        </noscript></body></html>"#,
        paragraphs(6, "Article sentence")
    );
    let article = extract(&html, None);
    assert!(article.text.contains("Article sentence number 5"));
    assert!(!article.text.contains("enable scripts"), "{}", article.text);
}

/// A page of forum posts, each in an element named like a reply.
fn thread(posts: usize) -> String {
    let posts: String = (0..posts)
        .map(|i| {
            format!(
                r#"<article class="message reply"><div class="user">member{i}</div>
                <div class="message-body">{}</div></article>"#,
                paragraphs(2, &format!("Post {i} sentence"))
            )
        })
        .collect();
    format!(
        r#"<html><body><nav><a href="/">Forums</a> <a href="/new">What's new</a></nav>
        <h1>Our cat brings dirt in every night</h1>
        <div class="replyContainer">{posts}</div>
        <footer><p>Since 2006 our members have helped each other with their cats.</p></footer>
        </body></html>"#
    )
}

#[test]
fn a_thread_that_is_the_whole_page_is_its_main_text() {
    let article = extract(&thread(6), None);
    assert!(
        article.text.contains("Post 0 sentence number 0"),
        "{}",
        article.text
    );
    assert!(article.text.contains("Post 5 sentence number 1"));
    assert!(!article.text.contains("Since 2006"));
}

#[test]
fn comments_under_a_post_of_its_own_stay_boilerplate() {
    let html = format!(
        r#"<html><body><h1>An open thread</h1><article class="post">{}</article>
        <section class="comments">{}</section></body></html>"#,
        paragraphs(4, "Post sentence"),
        paragraphs(30, "Comment sentence")
    );
    let article = extract(&html, None);
    assert!(
        article.text.contains("Post sentence number 3"),
        "{}",
        article.text
    );
    assert!(
        !article.text.contains("Comment sentence"),
        "{}",
        article.text
    );
}

#[test]
fn a_caption_inside_the_article_is_text_and_a_subtitle_heading_too() {
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav><article>
        <h1>Rents rise in the capital</h1>
        <h2>Tenants' groups call for a freeze and warn landlords of a strike</h2>
        <div class="article-body">{}<figure><img src="a.jpg"><figcaption>Tenants marched
        through the old town on Saturday afternoon.</figcaption></figure>{}</div>
        </article></body></html>"#,
        paragraphs(3, "First half"),
        paragraphs(3, "Second half")
    );
    let article = extract(&html, None);
    assert!(article.text.contains("Tenants marched"), "{}", article.text);
    assert!(
        article.text.contains("call for a freeze"),
        "{}",
        article.text
    );
    assert!(!article.text.contains("Rents rise"), "{}", article.text);
}

#[test]
fn prompts_counters_and_ad_labels_closing_the_article_are_boilerplate() {
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <article><h1>Bumblebees in the garden</h1>{}
          <p>A bee that is still at the end of the day is not sick, only resting.</p>
          <p>Möchten Sie den Artikel teilen?</p>
          <p>Aufrufe: 1120 | Tags: Garten, Bienen</p>
          <p>- Anzeige -</p>
        </article></body></html>"#,
        paragraphs(4, "Paragraph")
    );
    let article = extract(&html, None);
    assert!(
        article.text.contains("Paragraph number 3"),
        "{}",
        article.text
    );
    assert!(article.text.contains("only resting"), "{}", article.text);
    for prompt in ["Artikel teilen", "Aufrufe", "Anzeige"] {
        assert!(
            !article.text.contains(prompt),
            "{prompt:?} in {}",
            article.text
        );
        assert!(article.boilerplate.contains(prompt), "{prompt:?} lost");
    }
}

#[test]
fn a_sentence_mentioning_a_newsletter_before_the_end_stays_text() {
    let html = format!(
        r#"<html><body><article><h1>The society's history</h1>{}
          <p>Follow us, the founder wrote in the first issue, and this newsletter will
             tell you where the next meeting is, what it will discuss and who will speak
             there, for as long as members want to read it.</p>
          <p>The last issue appeared in 1992, forty years after the first.</p>
        </article></body></html>"#,
        paragraphs(4, "Paragraph")
    );
    let article = extract(&html, None);
    assert!(
        article.text.contains("Follow us, the founder"),
        "{}",
        article.text
    );
    assert!(article.text.contains("last issue"), "{}", article.text);
}

#[test]
fn an_ad_label_opening_and_a_further_reading_section_closing_are_boilerplate() {
    let html = format!(
        r#"<html><body><article><h1>Gifts for friends</h1>
          <p>Anzeige, enthält Affiliate Links</p>{}
          <p>Zum Weiterlesen:</p>
          <p>Smith, J. (2022). Giving well. Berlin: Example Press.</p>
        </article></body></html>"#,
        paragraphs(5, "Paragraph")
    );
    let article = extract(&html, None);
    assert!(
        article.text.contains("Paragraph number 0"),
        "{}",
        article.text
    );
    assert!(
        article.text.contains("Paragraph number 4"),
        "{}",
        article.text
    );
    for part in ["Anzeige", "Zum Weiterlesen", "Giving well"] {
        assert!(!article.text.contains(part), "{part:?} in {}", article.text);
        assert!(article.boilerplate.contains(part), "{part:?} lost");
    }
}

#[test]
fn a_scholarly_articles_references_stay_text() {
    let html = format!(
        r#"<html><body><article><h1>Why bumblebees die under lime trees</h1>{}
          <h2>Literatur</h2>
          <p>Baal T, Denke B, 1994. Die Ursachen des Massensterbens von Hummeln.</p>
        </article></body></html>"#,
        paragraphs(5, "Paragraph")
    );
    let article = extract(&html, None);
    assert!(article.text.contains("Baal T, Denke B"), "{}", article.text);
}

#[test]
fn a_photo_credit_standing_alone_is_boilerplate_and_a_copyright_sentence_stays() {
    let html = format!(
        r#"<html><body><article><h1>Cities of tomorrow</h1>{}
          <p>© Thinkstock</p>{}
          <p>© 2019 Associated Press. All rights reserved. This material may not be published.</p>
        </article></body></html>"#,
        paragraphs(3, "Before"),
        paragraphs(3, "After")
    );
    let article = extract(&html, None);
    assert!(article.text.contains("Before number 2"), "{}", article.text);
    assert!(article.text.contains("After number 0"), "{}", article.text);
    assert!(!article.text.contains("Thinkstock"), "{}", article.text);
    assert!(article.boilerplate.contains("Thinkstock"));
    assert!(
        article.text.contains("Associated Press"),
        "{}",
        article.text
    );
}

#[test]
fn paragraphs_beside_the_container_are_text() {
    // The article's paragraphs sit in a block of their own; a short opening paragraph and
    // a closing one sit loose beside it, after an advert slot.
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/a">About</a></nav>
        <div class="post"><p>The town stands black against the evening sky.</p>
        <div class="entry">{}</div>
        <div class="ad-slot"><a href="/x">Buy now, cheap shoes and more</a></div>
        <p>Since then the paper cuts have only got better, and the next ones are planned.</p>
        </div>
        <aside><p>Other posts you may like, with a sentence of their own here.</p></aside>
        </body></html>"#,
        paragraphs(8, "Body sentence")
    );
    let article = extract(&html, None);
    assert!(article.text.contains("Body sentence number 7"));
    assert!(
        article.text.contains("The town stands black"),
        "{}",
        article.text
    );
    assert!(
        article.text.contains("paper cuts have only got better"),
        "{}",
        article.text
    );
    assert!(!article.text.contains("Buy now"), "{}", article.text);
    assert!(!article.text.contains("Other posts"), "{}", article.text);
}

#[test]
fn prose_in_an_element_named_like_metadata_is_text() {
    // A page builder names its boxes "widget": the article's box and, inside it, a box of
    // the recipe. Once the article's box is taken as the container, a box inside it named
    // like metadata but holding a paragraph of prose is text; a short byline is not.
    let html = format!(
        r#"<html><body><div class="widget"><div class="byline">By Ann Writer</div>{}
        <div class="widget statement"><p>One sugar cube, two dashes of bitters, a spoon of
        water and five centilitres of rye whiskey, stirred over ice and strained.</p></div>
        </div><div class="more">{}</div></body></html>"#,
        paragraphs(6, "Body sentence"),
        paragraphs(2, "Other sentence")
    );
    let article = extract(&html, None);
    assert!(
        article.text.contains("Body sentence number 5"),
        "{}",
        article.text
    );
    assert!(article.text.contains("One sugar cube"), "{}", article.text);
    assert!(!article.text.contains("Ann Writer"), "{}", article.text);
}

#[test]
fn a_heading_in_a_module_named_header_is_text() {
    // A page builder wraps every heading in a module named "header"; the name is the
    // heading's, not the page header's. A heading over text stays; the byline box does not.
    let html = format!(
        r#"<html><body><div class="page"><div class="author">By Ann Writer</div>
        <div class="module header"><h2>Opening hours of the workshop</h2></div>
        <div class="module text">{}</div>
        <div class="module header"><h3>Responsible for the content</h3></div>
        <div class="module text">{}</div></div></body></html>"#,
        paragraphs(5, "Body sentence"),
        paragraphs(3, "Closing sentence")
    );
    let article = extract(&html, None);
    assert!(
        article.text.contains("Opening hours of the workshop"),
        "{}",
        article.text
    );
    assert!(
        article.text.contains("Responsible for the content"),
        "{}",
        article.text
    );
    assert!(!article.text.contains("Ann Writer"), "{}", article.text);
}

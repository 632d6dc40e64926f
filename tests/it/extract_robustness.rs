//! `extract::extract` never panics and never stalls: empty, binary, random, malformed,
//! enormous and absurdly nested input all give an article (often an empty one). Every loop
//! here is bounded; the random inputs come from fixed seeds so a failure reproduces.

use citecheck::extract::{extract, MAX_ATTRIBUTES, MAX_HTML_BYTES, MAX_NESTING};

#[test]
fn empty_input_gives_an_empty_article() {
    for html in ["", " ", "\n\t", "<html></html>", "<!DOCTYPE html>"] {
        let a = extract(html, None);
        assert_eq!(a.text, "", "{html:?}");
        assert_eq!(a.boilerplate, "", "{html:?}");
        assert_eq!(a.title, None, "{html:?}");
    }
}

#[test]
fn binary_input_gives_an_empty_article() {
    // A PNG header and a gzip stream decoded as text, as a careless fetch would.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
    let gzip = b"\x1f\x8b\x08\0\0\0\0\0\0\x03\xcbH\xcd\xc9\xc9W(\xcf/\xcaI\x01\0";
    for bytes in [&png[..], &gzip[..]] {
        let text = String::from_utf8_lossy(bytes);
        let a = extract(&text, None);
        assert_eq!(a, citecheck::model::Article::default());
    }
}

#[test]
fn random_bytes_do_not_panic() {
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..200 {
        let len = rng.usize(0..4096);
        let bytes: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
        let text = String::from_utf8_lossy(&bytes);
        let _ = extract(&text, Some("not a url"));
    }
}

/// Random tag soup from pieces of real markup: unclosed, misnested, odd attributes,
/// non-ASCII class names, entities, raw-text elements left open.
fn tag_soup(rng: &mut fastrand::Rng) -> String {
    const PIECES: &[&str] = &[
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<span class=\"caption\">",
        "</span>",
        "<a href=x>",
        "</a>",
        "<ul><li>",
        "</li>",
        "</ul>",
        "<table><tr><td>",
        "</td>",
        "</table>",
        "<h1>",
        "</h1>",
        "<h2>",
        "<br>",
        "<br/>",
        "<pre>",
        "</pre>",
        "<blockquote>",
        "<script>",
        "</script>",
        "<style>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<div class=\"related-stories\">",
        "<div class='article-body'>",
        "<nav>",
        "</nav>",
        "<footer>",
        "<aside>",
        "<div class=\"\u{FFFD}λ_5 文章 ñav\">",
        "<div hidden>",
        "<div style=\"display:none\">",
        "<p aria-hidden=true>",
        "<title>",
        "</title>",
        "<meta property=og:title content=\"T\">",
        "<head>",
        "<body>",
        "</body>",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "&nbsp;",
        "“quoted”",
        "Some words of text, ",
        "a sentence ends here. ",
        "\u{0}",
        "\u{202E}",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "<",
        ">",
        "=\"",
        "'",
        "<textarea>",
        "<plaintext>",
        "<template>",
        "<svg><text>",
        "</svg>",
        "<math>",
        "<select><option>",
        "<form>",
        "<button>",
        "<img alt=x>",
        "<frameset>",
        "<noscript>",
    ];
    let n = rng.usize(0..300);
    (0..n).map(|_| PIECES[rng.usize(..PIECES.len())]).collect()
}

#[test]
fn random_tag_soup_does_not_panic() {
    let mut rng = fastrand::Rng::with_seed(42);
    for _ in 0..400 {
        let html = tag_soup(&mut rng);
        let a = extract(&html, Some("https://example.com/2024/01/02/x"));
        // Whatever came out is text a person could read: no raw NULs.
        assert!(!a.text.contains('\0'));
    }
}

#[test]
fn deep_nesting_is_cut_not_stalled() {
    // html5ever slows down quadratically with depth: 80 000 nested divs took half a minute
    // before the depth guard. Text before the cut is still extracted.
    let depth = 80_000;
    let html = "<p>Before the nesting, a sentence of text that reads as prose.</p>".to_string()
        + &"<div>".repeat(depth)
        + "deep text"
        + &"</div>".repeat(depth);
    let a = extract(&html, None);
    assert!(a.text.contains("Before the nesting"), "{}", a.text);
    assert!(!a.text.contains("deep text"));
    assert!(MAX_NESTING < depth);
}

#[test]
fn nesting_under_the_limit_is_kept() {
    let depth = 200;
    let html = "<div>".repeat(depth)
        + "<p>Deep but legitimate text, as some page builders nest, still reads fine.</p>"
        + &"</div>".repeat(depth);
    assert!(extract(&html, None).text.contains("Deep but legitimate"));
}

#[test]
fn enormous_input_is_cut_at_the_size_limit() {
    let paragraph = "<p>A paragraph of text that repeats, with commas, to make a long page.</p>";
    let html = paragraph.repeat(MAX_HTML_BYTES / paragraph.len() + 1000);
    assert!(html.len() > MAX_HTML_BYTES);
    let a = extract(&html, None);
    assert!(!a.text.is_empty());
    assert!(a.text.len() < MAX_HTML_BYTES);
}

#[test]
fn a_multibyte_character_at_the_size_limit_does_not_panic() {
    let mut html = "é".repeat(MAX_HTML_BYTES / 2 + 10);
    html.insert(0, 'x'); // shifts every character boundary by one byte
    let _ = extract(&html, None);
}

#[test]
fn a_tag_with_thousands_of_attributes_is_cut_not_stalled() {
    // html5ever compares each attribute with the tag's others: 100 000 attributes took
    // two seconds before the guard.
    let attributes: Vec<String> = (0..100_000).map(|i| format!("data-a{i}=\"{i}\"")).collect();
    let html = format!(
        "<p>Before the tag, a sentence of text that reads as prose, with commas.</p>\
         <div {}>after</div>",
        attributes.join(" ")
    );
    let a = extract(&html, None);
    assert!(a.text.contains("Before the tag"), "{}", a.text);
    assert!(!a.text.contains("after"));
    const { assert!(MAX_ATTRIBUTES < 100_000) };
}

#[test]
fn unclosed_links_do_not_count_as_nesting() {
    // The parser closes an open `<a>` when the next one opens: a page of unclosed links
    // is flat, and all of it is extracted.
    let html = "<p>".to_string() + &"<a href=x>word, ".repeat(5_000) + "end.</p>";
    let a = extract(&html, None);
    assert!(
        a.text.ends_with("end."),
        "{}",
        &a.text[a.text.len().saturating_sub(40)..]
    );
}

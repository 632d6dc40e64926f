//! What a page says: HTML → [`Article`] (title, publication date, language, main text,
//! boilerplate).
//!
//! STUB: returns the whole visible text as the body; the real extractor (boilerplate
//! removal, date and language detection) is being written.

pub mod date;
pub mod language;

use crate::model::Article;

/// Extracts the article from a page's HTML. `url` is where it came from, when known (its
/// path may carry the date). Never panics: malformed, binary or empty input gives an empty
/// article.
pub fn extract(html: &str, url: Option<&str>) -> Article {
    let document = scraper::Html::parse_document(html);
    let title = scraper::Selector::parse("title")
        .ok()
        .and_then(|s| document.select(&s).next())
        .map(|t| t.text().collect::<String>().trim().to_string());
    let text = document.root_element().text().collect::<Vec<_>>().join(" ");
    Article {
        title,
        published: date::publication_date(&document, html, url),
        language: language::detect(&document, &text),
        text,
        boilerplate: String::new(),
    }
}

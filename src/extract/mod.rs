//! What a page says: HTML → [`Article`] (title, publication date, language, main text,
//! boilerplate).
//!
//! A quote only verifies a citation when it is in the article itself, not in a "related
//! stories" box, a comment or the footer, so extraction splits the visible text in two:
//! the main text and the rest. The page is parsed once (html5ever, through `scraper`),
//! walked once into flat arrays (`dom`), every element is given a hint from its markup
//! (`hints`: generic word tables, never per-site rules), the block of text with the best
//! balance of prose against links and boilerplate is chosen as the container and pruned
//! (`select`; `credits` and `closing` drop the source lines, prompts, counters and labels
//! at the edges of the article), and the chosen blocks are laid out as paragraphs
//! (`render`). Title, date and language come from `title`, [`date`] and [`language`].
//!
//! The figures (F1 against the aeb benchmark's ground truth, pages per second) are printed
//! by `cargo run --release --example eval -- aeb ../shared/datasets/aeb`: at the time of
//! writing 0.974 mean shingle F1 and about 520 pages per CPU-second on a shared two-core
//! machine (dates and language included), where the best Rust crates measured on the same pages reach 0.957 (see
//! `examples/compare_extractors.rs`). Whether a quote lands in the body or the
//! boilerplate on pages unlike news sites is printed by `… eval -- location
//! ../shared/datasets/trafilatura-eval-dev` (F 0.943 at the time of writing).
//!
//! Limits, so that no input can take the process down (`guard`): pages larger than
//! [`MAX_HTML_BYTES`] are cut there before parsing (a real article is far smaller; the
//! largest of the benchmark's 181 pages is 1.5 MB), and so are pages nesting deeper than
//! [`MAX_NESTING`] (the parser slows down quadratically with depth); input that reads as
//! binary gives an empty article; every walk over the page is iterative. Script, style and
//! SVG bodies are emptied, comments and the attributes extraction never reads (links,
//! image sources, `data-`) left out before parsing: never text, and three quarters of the
//! bytes of a news page.

mod attributes;
mod closing;
mod credits;
pub mod date;
mod dom;
mod guard;
mod hints;
pub mod language;
mod memo;
mod noscript;
mod render;
mod select;
mod title;
mod vocabulary;

use crate::model::Article;

pub use guard::{MAX_ATTRIBUTES, MAX_HTML_BYTES, MAX_NESTING};
pub use memo::{extract_shared, MEMO_BUDGET};

/// Extracts the article from a page's HTML. `url` is where it came from, when known (its
/// path may carry the date, its host helps clean the title). Never panics: malformed,
/// binary or empty input gives an empty article.
///
/// The document handed to [`date`] and [`language`] is parsed from the page with the
/// bodies of non-JSON scripts, style sheets and SVG images emptied, and comments and
/// unread attributes left out (see `guard`); JSON-LD and other JSON scripts are intact,
/// and [`date`] also gets the raw HTML (cut at [`MAX_HTML_BYTES`]), where the address of
/// a link or an image can still date the page.
pub fn extract(html: &str, url: Option<&str>) -> Article {
    if guard::looks_binary(html) {
        return Article::default();
    }
    let prepared = guard::prepare(html);
    let document = scraper::Html::parse_document(&prepared.html);
    let mut main = split(&document);
    let revealed = noscript::may_hold_the_page(prepared.noscript_bytes, main.visible)
        .then(|| noscript::revealed(html, main.visible))
        .flatten();
    if let Some(revealed) = revealed {
        let revealed = scraper::Html::parse_document(&guard::prepare(&revealed).html);
        let other = split(&revealed);
        if noscript::holds_the_page(main.visible, other.visible) {
            main = other;
        }
    }
    let Split {
        text,
        boilerplate,
        h1,
        ..
    } = main;
    let dates = date::dates(&document, guard::truncate(html, MAX_HTML_BYTES), url);
    Article {
        title: title::title(&document, h1.as_deref(), url),
        published: dates.published,
        published_source: dates.source,
        modified: dates.modified,
        language: language::detect(&document, &text),
        text,
        boilerplate,
    }
}

/// A page's visible text split into main text and boilerplate.
struct Split {
    text: String,
    boilerplate: String,
    /// The first `<h1>` holding text.
    h1: Option<String>,
    /// Visible characters on the whole page.
    visible: u64,
}

/// Walks a parsed page, selects its main text and renders both parts.
fn split(document: &scraper::Html) -> Split {
    let mut dom = dom::Dom::build(document);
    let selection = select::select(&mut dom);
    let kept = |keep: bool| {
        dom.blocks
            .iter()
            .zip(&selection.keep)
            .filter(move |(_, &k)| k == keep)
            .map(|(b, _)| b)
    };
    Split {
        text: render::render(&dom, kept(true)),
        boilerplate: render::render(&dom, kept(false)),
        h1: first_h1(&dom),
        visible: dom.blocks.iter().map(|b| u64::from(b.chars)).sum(),
    }
}

/// The text of the first `<h1>` that holds text.
fn first_h1(dom: &dom::Dom<'_>) -> Option<String> {
    let block = dom
        .blocks
        .iter()
        .find(|b| dom.elements[b.owner as usize].kind == dom::Kind::Title)?;
    Some(render::render(dom, std::iter::once(block)))
}

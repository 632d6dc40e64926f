//! HTML articles: citations in the main content's prose, and every link there.
//!
//! scraper (html5ever) parses the page the way a browser would. Only the article's own text
//! is prose: the largest `<article>` (inside `<main>` when there is one), else `<main>`, else
//! `<body>`; inside it, navigation, headers, footers, asides, forms, scripts, styles, code
//! blocks and elements whose class, id or role says sidebar/menu/share/related/comments/ads
//! are skipped (unless such an element holds half the text or more: then the name misled). Block elements start new paragraphs. The parser does not keep source
//! positions, so each text node is found in the source after the previous one (it starts
//! right after a `>`) and aligned with it, entities included; a link sits at its `<a` tag.
//! The publication date comes from JSON-LD `datePublished`, meta tags
//! (`article:published_time`, …), `<time datetime>`, else a dateline in the main text.
//! Absurdly deep nesting is cut before parsing (`nesting.rs`), as browsers do, because
//! html5ever's scope checks are quadratic in it.

use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

use super::nesting;
use super::prose::{Paragraph, Prose, ProseLink};
use super::published::{dateline, parse_date_value};
use super::source_map::SourceFinder;

/// Elements whose content is never article prose.
const SKIPPED: [&str; 27] = [
    "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "textarea", "iframe", "svg", "math", "canvas", "object", "embed", "dialog",
    "menu", "pre", "img", "picture", "video", "audio", "map",
];

/// Elements that begin and end a paragraph.
const BLOCKS: [&str; 35] = [
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hgroup",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Words in a class or id that mark page furniture rather than the article.
const FURNITURE: [&str; 30] = [
    "nav",
    "navbar",
    "navigation",
    "menu",
    "sidebar",
    "footer",
    "breadcrumb",
    "breadcrumbs",
    "share",
    "sharing",
    "social",
    "related",
    "comments",
    "comment",
    "advert",
    "advertisement",
    "ads",
    "ad",
    "cookie",
    "cookies",
    "newsletter",
    "subscribe",
    "promo",
    "widget",
    "popup",
    "modal",
    "banner",
    "masthead",
    "toolbar",
    "pagination",
];

/// ARIA roles of page furniture.
const FURNITURE_ROLES: [&str; 7] = [
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "menu",
];

/// Meta tag names and properties that give the publication date, best first.
const META_KEYS: [&str; 12] = [
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
];

/// Reads an HTML document.
pub(crate) fn read(source: &str) -> Prose {
    // Same offsets as `source`, with absurd nesting cut (see `nesting.rs`).
    let source = nesting::limit_depth(source);
    let source = source.as_ref();
    let document = Html::parse_document(source);
    let root = main_content(&document);
    let mut reader = Reader {
        finder: SourceFinder::new(source),
        root_text_len: text_len(*root),
        current: Paragraph::default(),
        paragraphs: Vec::new(),
        skip_depth: 0,
        open_link: None,
        opaque_starts: Vec::new(),
    };
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => reader.open(node, *root == node),
            Edge::Close(node) => reader.close(node),
        }
    }
    reader.flush();
    let published = metadata_date(&document).or_else(|| {
        dateline(
            reader
                .paragraphs
                .iter()
                .take(12)
                .flat_map(|p| p.text.lines()),
        )
    });
    Prose {
        paragraphs: reader.paragraphs,
        published,
    }
}

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

/// The element holding the article: the largest `<article>` (within `<main>` if any), else
/// `<main>`, else `<body>`.
fn main_content(document: &Html) -> ElementRef<'_> {
    let main = selector("main, [role=main]").and_then(|s| document.select(&s).next());
    let scope = main.unwrap_or_else(|| document.root_element());
    // Only outermost articles compete (comments are often articles inside the article), so
    // every text node is counted once.
    let largest_article = selector("article").and_then(|s| {
        scope
            .select(&s)
            .filter(|a| {
                !a.ancestors().any(|n| {
                    n.value()
                        .as_element()
                        .is_some_and(|e| e.name() == "article")
                })
            })
            .max_by_key(|a| a.text().map(str::len).sum::<usize>())
    });
    largest_article
        .or(main)
        .or_else(|| selector("body").and_then(|s| document.select(&s).next()))
        .unwrap_or_else(|| document.root_element())
}

struct Reader<'a> {
    finder: SourceFinder<'a>,
    /// Text under the main content element, to weigh furniture hints against.
    root_text_len: usize,
    current: Paragraph,
    paragraphs: Vec<Paragraph>,
    /// Nodes still open inside a skipped element.
    skip_depth: usize,
    /// The `<a href>` being read: (text start, URL, source offset once known).
    open_link: Option<(usize, String, Option<usize>)>,
    opaque_starts: Vec<usize>,
}

impl Reader<'_> {
    fn open(&mut self, node: NodeRef<'_, Node>, is_root: bool) {
        if self.skip_depth > 0 {
            self.skip_depth += 1;
            return;
        }
        match node.value() {
            Node::Text(text) => self.text(text),
            Node::Element(element) => {
                let name = element.name();
                // A class like "has-share-bar" on the wrapper of the whole story must not
                // hide it: a furniture name only counts on less than half of the text.
                if !is_root
                    && (is_furniture(element)
                        || (looks_like_furniture(element)
                            && text_len(node) * 2 < self.root_text_len))
                {
                    self.skip_depth = 1;
                    return;
                }
                if BLOCKS.contains(&name) {
                    self.flush();
                }
                match name {
                    "br" => {
                        let at = self.finder.cursor();
                        self.current.push_mapped(" ", at);
                    }
                    "a" => {
                        self.close_link();
                        if let Some(href) = element.attr("href") {
                            self.open_link =
                                Some((self.current.text.len(), href.to_string(), None));
                        }
                    }
                    "code" | "kbd" | "samp" => self.opaque_starts.push(self.current.text.len()),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, node: NodeRef<'_, Node>) {
        if self.skip_depth > 0 {
            self.skip_depth -= 1;
            return;
        }
        let Node::Element(element) = node.value() else {
            return;
        };
        let name = element.name();
        match name {
            "a" => self.close_link(),
            "code" | "kbd" | "samp" => {
                if let Some(start) = self.opaque_starts.pop() {
                    let end = self.current.text.len();
                    if start <= end {
                        self.current.opaque.push(start..end);
                    }
                }
            }
            _ => {}
        }
        if BLOCKS.contains(&name) {
            self.flush();
        }
    }

    fn text(&mut self, text: &str) {
        let found = self.finder.find_text(text);
        if let Some((_, _, source @ None)) = &mut self.open_link {
            *source = Some(match found {
                Some((_, at)) => self.finder.tag_before(at, "a").unwrap_or(at),
                None => self.finder.cursor(),
            });
        }
        match found {
            Some((k, at)) => {
                // Text before `k` could not be matched character for character: it maps to
                // where the matched rest begins.
                self.current.push_mapped(&text[..k], at);
                let end = self
                    .current
                    .push_aligned(&text[k..], self.finder.source(), at, false);
                self.finder.advance(end);
            }
            None => {
                let at = self.finder.cursor();
                self.current.push_mapped(text, at);
            }
        }
    }

    fn close_link(&mut self) {
        if let Some((start, url, source)) = self.open_link.take() {
            let end = self.current.text.len();
            if start <= end {
                self.current.links.push(ProseLink {
                    range: start..end,
                    url,
                    source: source.unwrap_or_else(|| self.finder.cursor()),
                });
            }
        }
    }

    fn flush(&mut self) {
        self.close_link();
        self.opaque_starts.clear();
        let paragraph = std::mem::take(&mut self.current);
        if !paragraph.is_blank() {
            self.paragraphs.push(paragraph);
        }
    }
}

/// Navigation, sidebars, scripts…: elements whose text is not the article's.
fn is_furniture(element: &scraper::node::Element) -> bool {
    let name = element.name();
    if SKIPPED.contains(&name) {
        return true;
    }
    if matches!(name, "article" | "main" | "body" | "html") {
        return false;
    }
    element.attr("hidden").is_some()
        || element
            .attr("aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// An element whose class, id or role names page furniture ("site-nav", "related-posts",
/// `role="complementary"`). Such names are only hints, so the caller also checks the size.
fn looks_like_furniture(element: &scraper::node::Element) -> bool {
    if matches!(element.name(), "article" | "main" | "body" | "html") {
        return false;
    }
    if element
        .attr("role")
        .is_some_and(|r| FURNITURE_ROLES.contains(&r.to_ascii_lowercase().as_str()))
    {
        return true;
    }
    let words = element
        .attr("class")
        .into_iter()
        .chain(element.attr("id"))
        .flat_map(|v| v.split(|c: char| c.is_whitespace() || c == '-' || c == '_'));
    words
        .map(str::to_ascii_lowercase)
        .any(|w| FURNITURE.contains(&w.as_str()))
}

/// Characters of text under a node.
fn text_len(node: NodeRef<'_, Node>) -> usize {
    ElementRef::wrap(node).map_or(0, |e| e.text().map(str::len).sum())
}

/// The publication date from the page's metadata: JSON-LD, meta tags, `<time>`.
fn metadata_date(document: &Html) -> Option<chrono::NaiveDate> {
    if let Some(s) = selector(r#"script[type="application/ld+json"]"#) {
        for script in document.select(&s) {
            let json: String = script.text().collect();
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&json) {
                if let Some(date) = json_ld_date(&value, 0) {
                    return Some(date);
                }
            }
        }
    }
    if let Some(s) = selector("meta[content]") {
        let best = document
            .select(&s)
            .filter_map(|meta| {
                let e = meta.value();
                let key = e
                    .attr("property")
                    .or_else(|| e.attr("name"))
                    .or_else(|| e.attr("itemprop"))?
                    .to_ascii_lowercase();
                let rank = META_KEYS.iter().position(|k| *k == key)?;
                Some((rank, parse_date_value(e.attr("content")?)?))
            })
            .min_by_key(|(rank, _)| *rank);
        if let Some((_, date)) = best {
            return Some(date);
        }
    }
    let times = [
        "time[pubdate][datetime]",
        "[itemprop=datePublished][datetime]",
        "time[datetime]",
    ];
    times.iter().find_map(|css| {
        let s = selector(css)?;
        let time = document.select(&s).next()?;
        parse_date_value(time.value().attr("datetime")?)
    })
}

/// `datePublished` anywhere in a JSON-LD value (objects, `@graph` arrays).
fn json_ld_date(value: &serde_json::Value, depth: usize) -> Option<chrono::NaiveDate> {
    if depth > 16 {
        return None;
    }
    match value {
        serde_json::Value::Object(map) => map
            .get("datePublished")
            .and_then(|v| v.as_str())
            .and_then(parse_date_value)
            .or_else(|| map.values().find_map(|v| json_ld_date(v, depth + 1))),
        serde_json::Value::Array(items) => items.iter().find_map(|v| json_ld_date(v, depth + 1)),
        _ => None,
    }
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;

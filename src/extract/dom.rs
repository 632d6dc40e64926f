//! One walk over the parsed page into flat arrays the extractor can score cheaply.
//!
//! html5ever's tree is built for generality; scoring needs, for every element, its kind,
//! its hint, its parent and how much text (and linked text) it holds, and, for every run
//! of inline text between block boundaries (a *block*: a paragraph, a list item, a
//! heading, loose text in a `<div>`), its size and shape. This module walks the tree once,
//! iteratively (no recursion: a page may nest 100 000 deep), and records all of that in
//! preorder arrays; hidden subtrees (`<script>`, `hidden`, `display:none`) are left out
//! entirely. Every later stage works on these arrays, never on the tree again.

use ego_tree::iter::Edge;
use scraper::{Html, Node as HtmlNode};

use super::hints::{self, Hint};

/// What an element is, as far as extraction cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Inline markup (`span`, `em`, `strong`, …): no boundary.
    Inline,
    /// A link.
    Link,
    /// A line break.
    Break,
    /// A generic block container (`div`, `section`, `td`, …).
    Block,
    /// A paragraph.
    Paragraph,
    /// A heading `h2`–`h6`.
    Heading,
    /// The heading `h1` (usually the title).
    Title,
    /// A list item, `dt` or `dd`.
    Item,
    /// A list (`ul`, `ol`, `dl`).
    List,
    /// A quotation block.
    Quote,
    /// Preformatted text.
    Pre,
    /// A table cell.
    Cell,
    /// A table row.
    Row,
    /// A table.
    Table,
}

impl Kind {
    /// Whether the element starts and ends a block of text.
    pub(crate) fn is_block(self) -> bool {
        !matches!(self, Kind::Inline | Kind::Link | Kind::Break)
    }
}

/// One element of the page, in document (pre)order.
#[derive(Clone, Debug)]
pub(crate) struct Element {
    /// What it is.
    pub kind: Kind,
    /// What its tag and attributes say.
    pub hint: Hint,
    /// The index of its parent element (`u32::MAX` for the root).
    pub parent: u32,
    /// One past the index of its last descendant: its subtree is `self..end`.
    pub end: u32,
    /// Where it closes in [`Dom::events`].
    pub close: u32,
    /// Visible characters (whitespace excluded) in its subtree.
    pub chars: u32,
    /// Of those, the ones inside links.
    pub link_chars: u32,
    /// Inside `<pre>`: whitespace is kept as is.
    pub pre: bool,
    /// Its class or id (or an ancestor's) names an article's lead.
    pub lead: bool,
}

/// A step of the walk: what rendering replays.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Event<'a> {
    /// An element opens (index into [`Dom::elements`]).
    Open(u32),
    /// An element closes.
    Close,
    /// A text node, as in the page.
    Text(&'a str),
}

/// A run of inline text between two block boundaries.
#[derive(Clone, Debug)]
pub(crate) struct Block {
    /// The nearest block-level element that holds it.
    pub owner: u32,
    /// Its first event.
    pub start: u32,
    /// One past its last event.
    pub end: u32,
    /// Visible characters (whitespace excluded).
    pub chars: u32,
    /// Of those, the ones inside links.
    pub link_chars: u32,
    /// Words (runs of non-whitespace).
    pub words: u32,
    /// Sentence marks (`.`, `!`, `?`, `。` …) and commas: signs of prose.
    pub punctuation: u32,
}

/// The page as flat arrays.
#[derive(Debug, Default)]
pub(crate) struct Dom<'a> {
    /// Visible elements in preorder; index 0 is the root `<html>`.
    pub elements: Vec<Element>,
    /// The walk, replayable.
    pub events: Vec<Event<'a>>,
    /// The text blocks in document order.
    pub blocks: Vec<Block>,
}

/// The walk's state for the block being gathered.
#[derive(Default)]
struct Pending {
    start: u32,
    chars: u32,
    link_chars: u32,
    words: u32,
    punctuation: u32,
}

/// The kind of an element, or `None` when it is never rendered.
fn kind_of(tag: &str) -> Option<Kind> {
    Some(match tag {
        "script" | "style" | "noscript" | "template" | "head" | "title" | "meta" | "link"
        | "svg" | "math" | "iframe" | "object" | "embed" | "canvas" | "video" | "audio"
        | "source" | "track" | "map" | "option" | "datalist" | "textarea" | "input" | "img"
        | "picture" | "param" | "base" | "frameset" | "frame" => return None,
        "a" => Kind::Link,
        "br" => Kind::Break,
        "p" => Kind::Paragraph,
        "h1" => Kind::Title,
        "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
        "li" | "dt" | "dd" => Kind::Item,
        "ul" | "ol" | "dl" | "menu" => Kind::List,
        "blockquote" => Kind::Quote,
        "pre" => Kind::Pre,
        "td" | "th" => Kind::Cell,
        "tr" => Kind::Row,
        "table" => Kind::Table,
        "html" | "body" | "div" | "section" | "article" | "main" | "aside" | "nav" | "header"
        | "footer" | "figure" | "figcaption" | "form" | "fieldset" | "legend" | "details"
        | "summary" | "dialog" | "address" | "hr" | "center" | "caption" | "thead" | "tbody"
        | "tfoot" | "hgroup" | "button" | "select" | "label" | "noframes" | "frameset-body" => {
            Kind::Block
        }
        _ => Kind::Inline,
    })
}

/// The hint of an element from its tag and attributes, and whether its class or id names
/// an article's lead.
/// `classes` remembers the hint of each class value already read on this page (a page
/// repeats a few dozen class values over thousands of elements).
fn hint_of<'a>(
    tag: &str,
    element: &'a scraper::node::Element,
    classes: &mut ClassHints<'a>,
) -> (Hint, bool) {
    if matches!(tag, "html" | "body") {
        // Their classes describe the page ("single sidebar-right", "noscript"), not a
        // part of it.
        return (Hint::Neutral, false);
    }
    let mut hint = hints::tag_hint(tag);
    let mut lead = false;
    for (name, value) in element.attrs() {
        let h = match name {
            "class" | "id" => {
                let (h, names_lead) = if name == "class" {
                    *classes
                        .entry(value)
                        .or_insert_with(|| hints::names_roles(value))
                } else {
                    hints::names_roles(value)
                };
                lead |= names_lead;
                h
            }
            "role" => hints::role_hint(value),
            "itemprop" => hints::itemprop_hint(value),
            "hidden" => Hint::Invisible,
            "aria-hidden" if value.trim().eq_ignore_ascii_case("true") => Hint::Invisible,
            "style" if hints::style_hides(value) => Hint::Invisible,
            _ => continue,
        };
        hint = hint.max(h);
    }
    (hint, lead)
}

/// The hint of each class value read so far on a page, and whether it names a lead.
type ClassHints<'a> = rustc_hash::FxHashMap<&'a str, (Hint, bool)>;

/// Counts the visible characters, words and prose punctuation of a text node.
fn measure(text: &str) -> (u32, u32, u32) {
    let (mut chars, mut words, mut punctuation) = (0u32, 0u32, 0u32);
    let mut in_word = false;
    for c in text.chars() {
        if c.is_whitespace() {
            in_word = false;
            continue;
        }
        chars += 1;
        if !in_word {
            words += 1;
            in_word = true;
        }
        if matches!(
            c,
            '.' | '!' | '?' | ',' | ';' | '。' | '，' | '！' | '？' | '、'
        ) {
            punctuation += 1;
        }
    }
    (chars, words, punctuation)
}

impl<'a> Dom<'a> {
    /// Walks the parsed page once. Text is borrowed from `html`.
    pub(crate) fn build(html: &'a Html) -> Dom<'a> {
        let mut dom = Dom {
            elements: Vec::with_capacity(1024),
            events: Vec::with_capacity(4096),
            blocks: Vec::with_capacity(256),
        };
        // The open elements (indices into `elements`), innermost last.
        let mut stack: Vec<u32> = Vec::with_capacity(64);
        // The open block-level elements, innermost last.
        let mut block_stack: Vec<u32> = Vec::with_capacity(64);
        let mut links_open = 0u32;
        let mut pending = Pending::default();
        // While inside a hidden subtree: the tree node that opened it.
        let mut hidden: Option<ego_tree::NodeId> = None;
        let mut classes = ClassHints::default();

        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    if hidden.is_some() {
                        continue;
                    }
                    match node.value() {
                        HtmlNode::Element(el) => {
                            let tag = el.name();
                            let (hint, names_lead) = hint_of(tag, el, &mut classes);
                            let Some(mut kind) = kind_of(tag).filter(|_| hint != Hint::Invisible)
                            else {
                                hidden = Some(node.id());
                                continue;
                            };
                            // A `<span class="caption">` is a block of its own: its
                            // markup says it is not part of the sentence around it.
                            if kind == Kind::Inline && hint.is_boilerplate() {
                                kind = Kind::Block;
                            }
                            let index = dom.elements.len() as u32;
                            if kind.is_block() {
                                dom.flush(&mut pending, block_stack.last().copied());
                                block_stack.push(index);
                            }
                            if kind == Kind::Link {
                                links_open += 1;
                            }
                            let parent = stack.last().copied();
                            let pre = kind == Kind::Pre
                                || parent.is_some_and(|p| dom.elements[p as usize].pre);
                            let lead = parent.is_some_and(|p| dom.elements[p as usize].lead)
                                || (kind.is_block() && names_lead);
                            dom.elements.push(Element {
                                kind,
                                hint,
                                pre,
                                lead,
                                parent: parent.unwrap_or(u32::MAX),
                                end: index + 1,
                                close: dom.events.len() as u32,
                                chars: 0,
                                link_chars: 0,
                            });
                            dom.events.push(Event::Open(index));
                            stack.push(index);
                        }
                        HtmlNode::Text(text) => {
                            let text: &str = text;
                            let (chars, words, punctuation) = measure(text);
                            if chars == 0 && pending.chars == 0 {
                                // Whitespace between blocks: nothing to render.
                                continue;
                            }
                            pending.chars += chars;
                            pending.words += words;
                            pending.punctuation += punctuation;
                            if links_open > 0 {
                                pending.link_chars += chars;
                            }
                            if let Some(&top) = stack.last() {
                                let e = &mut dom.elements[top as usize];
                                e.chars += chars;
                                if links_open > 0 {
                                    e.link_chars += chars;
                                }
                            }
                            dom.events.push(Event::Text(text));
                        }
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if let Some(id) = hidden {
                        if id == node.id() {
                            hidden = None;
                        }
                        continue;
                    }
                    if !node.value().is_element() {
                        continue;
                    }
                    let Some(index) = stack.pop() else { continue };
                    let kind = dom.elements[index as usize].kind;
                    if kind.is_block() {
                        dom.flush(&mut pending, Some(index));
                        block_stack.pop();
                    }
                    if kind == Kind::Link {
                        links_open = links_open.saturating_sub(1);
                    }
                    dom.events.push(Event::Close);
                    let end = dom.elements.len() as u32;
                    let close = dom.events.len() as u32 - 1;
                    let (chars, link_chars) = {
                        let e = &mut dom.elements[index as usize];
                        e.end = end;
                        e.close = close;
                        (e.chars, e.link_chars)
                    };
                    if let Some(&parent) = stack.last() {
                        let p = &mut dom.elements[parent as usize];
                        p.chars += chars;
                        p.link_chars += link_chars;
                    }
                }
            }
        }
        dom.flush(&mut pending, block_stack.last().copied());
        dom
    }

    /// Ends the block being gathered (if it has text) at the current event.
    /// The next block starts after the boundary event about to be pushed.
    fn flush(&mut self, pending: &mut Pending, owner: Option<u32>) {
        let taken = std::mem::replace(
            pending,
            Pending {
                start: self.events.len() as u32 + 1,
                ..Pending::default()
            },
        );
        let Some(owner) = owner else { return };
        if taken.chars == 0 {
            return;
        }
        self.blocks.push(Block {
            owner,
            start: taken.start,
            end: self.events.len() as u32,
            chars: taken.chars,
            link_chars: taken.link_chars,
            words: taken.words,
            punctuation: taken.punctuation,
        });
    }

    /// Whether element `inner` is `outer` or inside it.
    pub(crate) fn contains(&self, outer: u32, inner: u32) -> bool {
        outer <= inner && inner < self.elements[outer as usize].end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dom_of(html: &str) -> (Html, usize) {
        let doc = Html::parse_document(html);
        let n = Dom::build(&doc).blocks.len();
        (doc, n)
    }

    #[test]
    fn blocks_split_at_block_boundaries_not_inline_ones() {
        let doc = Html::parse_document(
            "<div>Loose <b>bold</b> text<p>A <a href=x>link</a> para.</p>tail</div>",
        );
        let dom = Dom::build(&doc);
        let sizes: Vec<(u32, u32)> = dom.blocks.iter().map(|b| (b.chars, b.link_chars)).collect();
        assert_eq!(sizes, [(13, 0), (10, 4), (4, 0)]);
    }

    #[test]
    fn hidden_subtrees_are_left_out() {
        let doc = Html::parse_document(
            "<p>seen</p><script>var x = 1;</script><div hidden>unseen</div>\
             <div style='display: none'>unseen</div><p class='sr-only'>unseen</p>",
        );
        let dom = Dom::build(&doc);
        assert_eq!(dom.blocks.len(), 1);
        assert_eq!(dom.elements[0].chars, 4);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(5_000) + "deep" + &"</div>".repeat(5_000);
        let (_doc, blocks) = dom_of(&html);
        assert_eq!(blocks, 1);
    }
}

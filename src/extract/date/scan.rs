//! One walk over the parsed page collecting everything a publication date can come from.
//!
//! The date sources — meta tags, JSON-LD scripts, `<time datetime>` and `itemprop`
//! attributes, and the visible text — are spread over the whole document. Walking the tree
//! once (iteratively, so deep malformed pages cannot overflow the stack) and noting for
//! each piece where it sits — inside the article, or in a sidebar, footer, comment thread
//! or "related stories" list, whose dates belong to other pages — is both faster than
//! running a selector per source and what the heuristics need to judge a date.

use scraper::{Html, Node};

pub(super) use super::context::Context;
use super::context::{is_aside_tag, Attributes, ClassWords};

/// A meta tag: its key (name, property, itemprop or http-equiv, lower-cased) and content.
#[derive(Debug)]
pub(super) struct Meta<'a> {
    pub key: String,
    pub content: &'a str,
}

/// A date-bearing attribute: `<time datetime>`, `itemprop="datePublished" content=…`,
/// `<abbr class="published" title=…>`.
#[derive(Debug)]
pub(super) struct Mark<'a> {
    /// The attribute's value.
    pub value: &'a str,
    /// Where the element sits (its own class and itemprop included).
    pub context: Context,
    /// Whether `pubdate` or `itemprop="datePublished"`/`dateCreated` marks it.
    pub published: bool,
    /// Offset in [`Page::text`] where the element starts, to read labels before it.
    pub text_at: usize,
}

/// A stretch of visible text with one context.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub start: usize,
    pub end: usize,
    pub context: Context,
}

/// What one walk over the page collected.
#[derive(Debug, Default)]
pub(super) struct Page<'a> {
    /// `<html lang>`, lower-cased.
    pub lang: Option<String>,
    pub metas: Vec<Meta<'a>>,
    /// The text of each `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
    pub marks: Vec<Mark<'a>>,
    /// The visible text of `<body>`, block elements separated by newlines.
    pub text: String,
    pub spans: Vec<Span>,
    /// Where the first headline (an `<h1>` with words, outside sidebars) starts in `text`.
    pub headline_at: Option<usize>,
}

impl Page<'_> {
    /// The context of the text at byte offset `at`.
    pub fn context_at(&self, at: usize) -> Context {
        let index = self.spans.partition_point(|s| s.end <= at);
        self.spans
            .get(index)
            .filter(|s| s.start <= at)
            .map_or(Context::default(), |s| s.context)
    }
}

/// Visible text is capped: dates sit near the top, and enormous pages must stay cheap.
const MAX_TEXT: usize = 1 << 20;

/// Elements whose text is never shown.
fn hidden(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "select"
            | "option"
            | "textarea"
            | "iframe"
            | "head"
            | "button"
    )
}

/// Elements that break the text into blocks.
fn block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "article"
            | "section"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "main"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "dd"
            | "dt"
            | "dl"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "form"
            | "hr"
            | "time"
    )
}

/// Walks `document` once and collects its date sources.
pub(super) fn scan(document: &Html) -> Page<'_> {
    let mut walker = Walker::default();
    // Depth-first, without recursion: open a node, descend, and close nodes on the way
    // back up until one has a next sibling.
    let mut node = document.tree.root();
    loop {
        walker.open(node.value());
        if let Some(child) = node.first_child() {
            node = child;
            continue;
        }
        loop {
            walker.close(node.value());
            if let Some(sibling) = node.next_sibling() {
                node = sibling;
                break;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => return walker.page,
            }
        }
    }
}

/// The walk's state: the page so far and the context of each open element.
#[derive(Default)]
struct Walker<'a> {
    page: Page<'a>,
    /// (context, hidden) for each open element.
    stack: Vec<(Context, bool)>,
    /// The open `<header>`s outside any article, until their end shows whether they hold
    /// the headline (the article's header) or not (the site's masthead).
    mastheads: Vec<Masthead>,
    /// The open elements that made their content an aside, outermost first.
    asides: Vec<AsideOpen>,
    /// The spans and marks of closed elements that stay asides whatever their ancestors
    /// turn out to be (see [`Walker::settle_aside`]).
    kept_asides: Vec<(Ranges, Ranges)>,
    /// The open `<h1>`: its depth and where its text starts.
    open_headline: Option<(usize, usize)>,
    /// Inside `<script type="application/ld+json">`.
    in_ld_json: bool,
    /// Inside another `<script>` of the body.
    in_body_script: bool,
    in_body: bool,
    /// What each class value of the page says.
    class_words: ClassWords<'a>,
}

/// A `<header>` outside any article, while it is open.
struct Masthead {
    /// Its depth in the stack of open elements.
    depth: usize,
    /// The first of the page's spans and marks inside it.
    spans_from: usize,
    marks_from: usize,
    /// Whether an `<h1>` opened inside it.
    has_headline: bool,
}

/// An element that made its content an aside, while it is open. A class word is only a
/// guess: a page classed "two-column right-sidebar" on its `<body>`, or "content-sidebar"
/// on the wrapper of article and sidebar alike, holds the article too. An element whose
/// aside comes from a class word and that holds the page's headline is not an aside.
struct AsideOpen {
    /// Its depth in the stack of open elements.
    depth: usize,
    /// The first of the page's spans and marks inside it.
    from: Ranges,
    /// Whether the aside comes from HTML's own tag (`<aside>`, `<nav>`, `<footer>`…),
    /// always believed.
    by_tag: bool,
    /// Whether a headline closed inside it.
    has_headline: bool,
}

/// Where a stretch of the page starts (or ends) in [`Page::spans`] and [`Page::marks`].
#[derive(Clone, Copy, Default)]
struct Ranges {
    spans: usize,
    marks: usize,
}

/// Letters an `<h1>` needs to be a headline rather than a logo.
const HEADLINE_LETTERS: usize = 20;

/// Inline scripts shorter than this are read as text: `showDate("2020/04/17 01:43")` or
/// `document.write("27.09.2023")` render the date where they stand.
const SHORT_SCRIPT: usize = 200;

impl<'a> Walker<'a> {
    fn open(&mut self, node: &'a Node) {
        match node {
            Node::Element(element) => {
                let (parent, parent_hidden) = self.stack.last().copied().unwrap_or_default();
                let name = element.name();
                let attributes = Attributes::of(element);
                let own = attributes.context(name, parent, &mut self.class_words);
                let context = parent.with(own);
                let is_hidden = parent_hidden || hidden(name);
                if own.has(Context::ASIDE) {
                    self.asides.push(AsideOpen {
                        depth: self.stack.len(),
                        from: self.ranges(),
                        by_tag: is_aside_tag(name),
                        has_headline: false,
                    });
                }
                if context.has(Context::MASTHEAD) && !parent.has(Context::MASTHEAD) {
                    self.mastheads.push(Masthead {
                        depth: self.stack.len(),
                        spans_from: self.page.spans.len(),
                        marks_from: self.page.marks.len(),
                        has_headline: false,
                    });
                }
                if name == "h1" && self.open_headline.is_none() {
                    self.open_headline = Some((self.stack.len(), self.page.text.len()));
                }
                self.stack.push((context, is_hidden));
                collect_element(&mut self.page, name, &attributes, context);
                self.in_ld_json = name == "script"
                    && attributes
                        .kind
                        .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
                if self.in_ld_json {
                    self.page.json_ld.push(String::new());
                }
                self.in_body_script = name == "script" && self.in_body && !self.in_ld_json;
                self.in_body |= name == "body";
                if !is_hidden && block(name) && !self.page.text.ends_with('\n') {
                    self.page.text.push('\n');
                }
            }
            Node::Text(text) => {
                let (context, is_hidden) = self.stack.last().copied().unwrap_or_default();
                if self.in_ld_json {
                    if let Some(script) = self.page.json_ld.last_mut() {
                        script.push_str(text);
                    }
                } else if self.in_body_script {
                    if text.len() < SHORT_SCRIPT && text.bytes().any(|b| b.is_ascii_digit()) {
                        push_text(&mut self.page, text, context);
                    }
                } else if !is_hidden && self.page.text.len() < MAX_TEXT {
                    push_text(&mut self.page, text, context);
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, node: &'a Node) {
        if let Node::Element(element) = node {
            let was_hidden = self.stack.pop().is_some_and(|(_, h)| h);
            if let Some((depth, text_at)) = self.open_headline {
                if depth == self.stack.len() {
                    self.open_headline = None;
                    // A headline has words; a logo in an <h1> has a name at most.
                    let words = self.page.text.get(text_at..).map_or(0, |t| {
                        t.chars()
                            .filter(|c| c.is_alphanumeric())
                            .take(HEADLINE_LETTERS)
                            .count()
                    });
                    // Inside asides named by class words only, the headline shows they
                    // are not asides; inside `<aside>` or `<nav>` it is another page's.
                    let aside = self.asides.iter().any(|a| a.by_tag);
                    if words >= HEADLINE_LETTERS && !aside && self.page.headline_at.is_none() {
                        self.page.headline_at = Some(text_at);
                    }
                    if words >= HEADLINE_LETTERS {
                        for masthead in &mut self.mastheads {
                            masthead.has_headline = true;
                        }
                        // Only the page's headline: a block of related stories titled
                        // in an <h1> of its own ("Verwandte Artikel weiterlesen") is
                        // still an aside.
                        if !aside && self.page.headline_at == Some(text_at) {
                            for open in &mut self.asides {
                                open.has_headline = true;
                            }
                        }
                    }
                }
            }
            if self
                .mastheads
                .last()
                .is_some_and(|m| m.depth == self.stack.len())
            {
                if let Some(masthead) = self.mastheads.pop() {
                    self.settle_masthead(&masthead);
                }
            }
            if self
                .asides
                .last()
                .is_some_and(|a| a.depth == self.stack.len())
            {
                if let Some(open) = self.asides.pop() {
                    self.settle_aside(&open);
                }
            }
            self.in_ld_json = false;
            self.in_body_script = false;
            if !was_hidden && block(element.name()) && !self.page.text.ends_with('\n') {
                self.page.text.push('\n');
            }
        }
    }
}

impl Walker<'_> {
    /// Where the page's spans and marks end now.
    fn ranges(&self) -> Ranges {
        Ranges {
            spans: self.page.spans.len(),
            marks: self.page.marks.len(),
        }
    }

    /// An aside named by a class word that holds the headline is the article's wrapper:
    /// its content is not an aside, except what closed asides inside it kept (a real
    /// sidebar within the wrapper). A real aside's content is kept for its ancestors.
    fn settle_aside(&mut self, open: &AsideOpen) {
        let now = self.ranges();
        if open.by_tag || !open.has_headline {
            self.kept_asides.push((open.from, now));
            return;
        }
        // Still inside another aside: that one decides (it holds the headline too).
        if !self.asides.is_empty() {
            return;
        }
        let kept: Vec<(Ranges, Ranges)> = self
            .kept_asides
            .iter()
            .copied()
            .filter(|(from, _)| from.spans >= open.from.spans && from.marks >= open.from.marks)
            .collect();
        let in_kept_span = |i: usize| kept.iter().any(|(f, t)| (f.spans..t.spans).contains(&i));
        let in_kept_mark = |i: usize| kept.iter().any(|(f, t)| (f.marks..t.marks).contains(&i));
        for i in open.from.spans..now.spans {
            if !in_kept_span(i) {
                let span = &mut self.page.spans[i];
                span.context = span.context.without(Context::ASIDE);
            }
        }
        for i in open.from.marks..now.marks {
            if !in_kept_mark(i) {
                let mark = &mut self.page.marks[i];
                mark.context = mark.context.without(Context::ASIDE);
            }
        }
    }

    /// A header holding the headline is the article's header, not the site's masthead.
    fn settle_masthead(&mut self, masthead: &Masthead) {
        if !masthead.has_headline {
            return;
        }
        let article = |c: Context| c.without(Context::MASTHEAD).with(Context::HEADER);
        for span in self.page.spans.iter_mut().skip(masthead.spans_from) {
            span.context = article(span.context);
        }
        for mark in self.page.marks.iter_mut().skip(masthead.marks_from) {
            mark.context = article(mark.context);
        }
    }
}

fn push_text(page: &mut Page<'_>, text: &str, context: Context) {
    if text.trim().is_empty() {
        if !page.text.ends_with(char::is_whitespace) {
            page.text.push(' ');
        }
        return;
    }
    // Text of two elements written without a space ("<span>29.09.2023</span><span>27.09.
    // 2023</span>") are two pieces: keep them apart.
    let glued =
        page.text.ends_with(char::is_alphanumeric) && text.starts_with(char::is_alphanumeric);
    if glued {
        page.text.push(' ');
    }
    let start = page.text.len();
    page.text.push_str(text);
    let end = page.text.len();
    match page.spans.last_mut() {
        Some(last) if last.context == context && last.end == start => last.end = end,
        _ => page.spans.push(Span {
            start,
            end,
            context,
        }),
    }
}

/// Notes an element's meta tag, date attributes and language.
fn collect_element<'a>(
    page: &mut Page<'a>,
    name: &str,
    attributes: &Attributes<'a>,
    context: Context,
) {
    if name == "html" {
        page.lang = attributes
            .lang
            .map(|l| l.trim().to_ascii_lowercase())
            .filter(|l| !l.is_empty());
    }
    if name == "meta" {
        let key = attributes
            .property
            .or(attributes.name)
            .or(attributes.itemprop)
            .or(attributes.http_equiv);
        let content = attributes
            .content
            .or(attributes.datetime)
            .or(attributes.value);
        if let (Some(key), Some(content)) = (key, content) {
            page.metas.push(Meta {
                key: key.trim().to_ascii_lowercase(),
                content,
            });
        }
        return;
    }
    let itemprop = attributes.itemprop.unwrap_or("");
    let published = attributes.pubdate
        || itemprop.eq_ignore_ascii_case("datepublished")
        || itemprop.eq_ignore_ascii_case("datecreated");
    let value = attributes
        .datetime
        .or_else(|| {
            (!itemprop.is_empty())
                .then_some(attributes.content)
                .flatten()
        })
        .or_else(|| {
            (name == "abbr" && context.has(Context::DATED))
                .then_some(attributes.title)
                .flatten()
        })
        .or(attributes.timestamp);
    if let Some(value) = value {
        page.marks.push(Mark {
            value,
            context,
            published,
            text_at: page.text.len(),
        });
    }
}

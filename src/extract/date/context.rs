//! Where a piece of the page sits — article, masthead, sidebar, byline — read from the
//! tags and the class, id and itemprop attributes of its ancestors.
//!
//! Pages rarely say in markup which date is the article's; their CSS class names do
//! ("entry-date", "post-meta", "published", "related-posts", "comments"). The fragments
//! below are matched inside those names (lower-cased), so "article__date" and
//! "c-byline-published" count as well as "date".

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use scraper::node::Element;

/// Where a piece of the page sits, as a set of flags inherited from its ancestors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Context(u16);

impl Context {
    /// Inside `<article>`, `<main>` or an element marked as the article body.
    pub const ARTICLE: Context = Context(1);
    /// Inside navigation, a sidebar, footer, comments or related-stories list.
    pub const ASIDE: Context = Context(1 << 1);
    /// Inside an element whose class or id says it holds a date, time or byline.
    pub const DATED: Context = Context(1 << 2);
    /// Inside an element whose class, id or itemprop says "published".
    pub const PUBLISHED: Context = Context(1 << 3);
    /// Inside an element whose class, id or itemprop says "updated" or "modified".
    pub const UPDATED: Context = Context(1 << 4);
    /// Inside the article's `<header>` or an `<h1>`.
    pub const HEADER: Context = Context(1 << 5);
    /// Inside a `<header>` outside the article: the site's masthead, whose date is often
    /// today's, not the article's.
    pub const MASTHEAD: Context = Context(1 << 6);

    /// Whether all of `other`'s flags are set.
    pub fn has(self, other: Context) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn with(self, other: Context) -> Context {
        Context(self.0 | other.0)
    }

    /// These flags without `other`'s.
    pub fn without(self, other: Context) -> Context {
        Context(self.0 & !other.0)
    }
}

/// The attributes of one element the date search reads, gathered in one pass (looking
/// each up by name would intern the name every time).
#[derive(Debug, Default)]
pub(super) struct Attributes<'a> {
    pub class: Option<&'a str>,
    pub id: Option<&'a str>,
    pub itemprop: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub property: Option<&'a str>,
    pub name: Option<&'a str>,
    pub http_equiv: Option<&'a str>,
    pub content: Option<&'a str>,
    pub datetime: Option<&'a str>,
    pub value: Option<&'a str>,
    pub title: Option<&'a str>,
    /// `type`, of scripts.
    pub kind: Option<&'a str>,
    /// `pubdate` is present.
    pub pubdate: bool,
    /// A machine-readable time scripts render from: `data-time="1594448702"`,
    /// `data-timestamp`, `data-publish-time`, `<x-date time="…">`.
    pub timestamp: Option<&'a str>,
}

impl<'a> Attributes<'a> {
    pub fn of(element: &'a Element) -> Self {
        let mut attributes = Attributes::default();
        for (name, value) in element.attrs() {
            let slot = match name {
                "class" => &mut attributes.class,
                "id" => &mut attributes.id,
                "itemprop" => &mut attributes.itemprop,
                "lang" | "xml:lang" => &mut attributes.lang,
                "property" => &mut attributes.property,
                "name" => &mut attributes.name,
                "http-equiv" => &mut attributes.http_equiv,
                "content" => &mut attributes.content,
                "datetime" => &mut attributes.datetime,
                "value" => &mut attributes.value,
                "title" => &mut attributes.title,
                "type" => &mut attributes.kind,
                "pubdate" => {
                    attributes.pubdate = true;
                    continue;
                }
                other if is_timestamp_name(other) && (8..=64).contains(&value.len()) => {
                    &mut attributes.timestamp
                }
                _ => continue,
            };
            slot.get_or_insert(value);
        }
        attributes
    }

    /// The context the element adds to its parent's. `words` remembers what each class
    /// value says (a page repeats a few dozen class values over thousands of elements).
    pub fn context(&self, tag: &str, parent: Context, words: &mut ClassWords<'a>) -> Context {
        let mut context = match tag {
            "article" | "main" => Context::ARTICLE,
            tag if is_aside_tag(tag) => Context::ASIDE,
            "header" if !parent.has(Context::ARTICLE) => Context::MASTHEAD,
            "header" | "h1" => Context::HEADER,
            "time" => Context::DATED,
            _ => Context::default(),
        };
        if let Some(class) = self.class {
            context = context.with(words.of(class));
        }
        for value in [self.id, self.itemprop].into_iter().flatten() {
            context = context.with(flags_of(value));
        }
        context
    }
}

/// What each class value of one page says, read once per distinct value.
#[derive(Debug, Default)]
pub(super) struct ClassWords<'a> {
    seen: rustc_hash::FxHashMap<&'a str, Context>,
}

impl<'a> ClassWords<'a> {
    /// The flags `class` sets.
    fn of(&mut self, class: &'a str) -> Context {
        *self.seen.entry(class).or_insert_with(|| flags_of(class))
    }
}

/// The flags one class, id or itemprop value sets: every word table with a fragment in
/// it, matched regardless of case. WordPress marks every published post "status-publish",
/// which is not a date's label: fragments inside it do not count.
fn flags_of(value: &str) -> Context {
    let mut context = Context::default();
    let Some(fragments) = FRAGMENTS.as_ref() else {
        return context;
    };
    for found in fragments.find_overlapping_iter(value) {
        let flag = FRAGMENT_FLAGS[found.pattern().as_usize()];
        if flag != NOT_A_LABEL && !inside_status_publish(value, found.range()) {
            context = context.with(flag);
        }
    }
    context
}

/// Whether `range` of `value` lies inside a "status-publish" (any case).
fn inside_status_publish(value: &str, range: std::ops::Range<usize>) -> bool {
    const MARK: &[u8] = b"status-publish";
    let bytes = value.as_bytes();
    (range.end.saturating_sub(MARK.len())..=range.start).any(|start| {
        bytes
            .get(start..start + MARK.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(MARK))
    })
}

/// Tags that are boilerplate by HTML's own word, whatever their class says: navigation,
/// sidebars, footers, photo captions (the day the photo was taken) and quoted posts (the
/// quoted post's date).
pub(super) fn is_aside_tag(tag: &str) -> bool {
    matches!(
        tag,
        "aside" | "nav" | "footer" | "figcaption" | "blockquote"
    )
}

/// Attribute names of machine-readable times (lower-case, as the parser gives them).
pub(crate) fn is_timestamp_name(name: &str) -> bool {
    let name = name.strip_prefix("data-").unwrap_or(name);
    matches!(name, "time" | "timestamp" | "datetime" | "date" | "utime")
        || name.starts_with("publish")
        || name.starts_with("time")
        || name.starts_with("pubdate")
}

/// Class/id fragments of boilerplate whose dates belong to other pages.
const ASIDE_WORDS: &[&str] = &[
    "comment",
    "related",
    "sidebar",
    "footer",
    "recommend",
    "popular",
    "mostread",
    "most-read",
    "most_read",
    "trending",
    "outbrain",
    "taboola",
    "more-news",
    "morenews",
    "read-more",
    "readmore",
    "also-read",
    "latest",
    "teaser",
    "newsfeed",
    "news-feed",
    "ticker",
    "archive",
    "calendar",
    "weather",
];

/// Class/id/itemprop fragments of elements holding a date.
const DATED_WORDS: &[&str] = &[
    "date", "time", "datum", "fecha", "data", "publish", "posted", "byline", "dateline", "meta",
    "tarih", "stamp", "created", "updated", "zeit", "fecha", "datetime", "info",
];

const PUBLISHED_WORDS: &[&str] = &[
    "publish", "posted", "created", "pubdate", "issued", "erstellt",
];

const UPDATED_WORDS: &[&str] = &[
    "updat",
    "modif",
    "edited",
    "revis",
    "aktualisiert",
    "lastmod",
];

/// Class fragments of the article's body.
const ARTICLE_WORDS: &[&str] = &["articlebody", "article-body", "article__body"];

/// Stands for "status-publish" among the fragments' flags.
const NOT_A_LABEL: Context = Context(1 << 15);

/// Every fragment of every table, with the flag each sets ([`FRAGMENT_FLAGS`], by pattern).
static TABLES: [(&[&str], Context); 6] = [
    (&["status-publish"], NOT_A_LABEL),
    (ARTICLE_WORDS, Context::ARTICLE),
    (ASIDE_WORDS, Context::ASIDE),
    (DATED_WORDS, Context::DATED),
    (PUBLISHED_WORDS, Context::PUBLISHED),
    (UPDATED_WORDS, Context::UPDATED),
];

/// The flag of each pattern of [`FRAGMENTS`].
static FRAGMENT_FLAGS: LazyLock<Vec<Context>> = LazyLock::new(|| {
    TABLES
        .iter()
        .flat_map(|(words, flag)| words.iter().map(move |_| *flag))
        .collect()
});

/// All fragments in one automaton, so a class value is read once whatever the number of
/// tables (five regular expressions, one per table, cost a twentieth of extraction).
/// (`None` cannot happen: a few dozen short literal patterns always build.)
static FRAGMENTS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    let patterns = TABLES.iter().flat_map(|(words, _)| words.iter());
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(patterns)
        .ok()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_of_every_table_are_read_in_any_case() {
        let flags = flags_of("Post-Meta entry-PUBLISHED related-Updated");
        for flag in [
            Context::DATED,
            Context::PUBLISHED,
            Context::UPDATED,
            Context::ASIDE,
        ] {
            assert!(flags.has(flag), "{flag:?} in {flags:?}");
        }
        assert!(!flags.has(Context::ARTICLE));
        assert_eq!(flags_of("hero wrapper"), Context::default());
    }

    #[test]
    fn status_publish_is_not_a_label_but_other_words_beside_it_are() {
        assert_eq!(flags_of("post status-publish hentry"), Context::default());
        assert_eq!(flags_of("STATUS-PUBLISH"), Context::default());
        let flags = flags_of("status-publish entry-date");
        assert!(flags.has(Context::DATED) && !flags.has(Context::PUBLISHED));
        assert!(flags_of("published status-publish").has(Context::PUBLISHED));
    }

    #[test]
    fn a_class_value_is_read_once_per_page_with_the_same_answer() {
        let mut words = ClassWords::default();
        let first = words.of("article-body");
        assert_eq!(words.of("article-body"), first);
        assert!(first.has(Context::ARTICLE));
        assert_eq!(words.seen.len(), 1);
    }
}

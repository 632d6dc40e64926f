//! What an element's markup says about its role: hidden, boilerplate, content or the
//! article body itself.
//!
//! Pages name their parts: `<nav>`, `role="complementary"`, `class="related-stories"`,
//! `id="comments"`, `itemprop="articleBody"`. These names are the cheapest strong signal
//! an extractor has, so they are read once per element, here, from the generic word
//! tables of `vocabulary` — never from a list of sites. A class name is split into words
//! (`related-stories` → `related`, `stories`; `shareBar` → `share`, `bar`) and the words
//! are looked up; a word of boilerplate wins over a word of content inside one class name
//! ("article-footer", "post-meta" are parts *of* the article, not the article), while a
//! whole-body compound ("article-body", "entry-content") marks the body. Hints are
//! weights for the scorer, not verdicts: the scorer may overrule a boilerplate hint on an
//! element that holds the page's text.

use super::vocabulary::{
    is_body_compound, is_body_word, is_boilerplate_word, is_comment_word, is_content_word,
    is_embed_word, is_hiding_name, is_lead_word, is_state_prefix, is_subject_word,
    is_taxonomy_word, is_weak_boilerplate_word,
};

/// The role an element's tag and attributes suggest, from strongest to weakest claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Hint {
    /// Nothing said.
    Neutral,
    /// A content word: "content", "article", "post", `<article>`, `<main>`.
    Content,
    /// Metadata around the article: byline, date, caption, `<header>`, badges.
    WeakBoilerplate,
    /// Navigation, footers, sidebars, related links, sharing, ads, named by a class or id.
    Boilerplate,
    /// The same named by HTML itself (`<nav>`, `<footer>`, `<aside>`, `role="navigation"`):
    /// more reliable than a class word, which may be a layout's ("shrink-ads-auto").
    Landmark,
    /// Readers' comments: prose, often more of it than the article, but never the article.
    Comments,
    /// The article body itself: `itemprop="articleBody"`, "article-body", "entry-content".
    ArticleBody,
    /// Not rendered: `hidden`, `display:none`, screen-reader-only text.
    Invisible,
}

impl Hint {
    /// Whether the hint reads as boilerplate (weak or strong).
    pub(crate) fn is_boilerplate(self) -> bool {
        matches!(
            self,
            Hint::Boilerplate | Hint::WeakBoilerplate | Hint::Landmark | Hint::Comments
        )
    }
}

/// The hint carried by a tag name alone.
pub(crate) fn tag_hint(tag: &str) -> Hint {
    match tag {
        "nav" | "footer" | "aside" | "menu" | "dialog" => Hint::Landmark,
        "button" | "select" | "label" => Hint::Boilerplate,
        "header" | "address" => Hint::WeakBoilerplate,
        "article" | "main" => Hint::Content,
        _ => Hint::Neutral,
    }
}

/// The hint of a `role` attribute value.
pub(crate) fn role_hint(role: &str) -> Hint {
    match role.trim().to_ascii_lowercase().as_str() {
        "navigation" | "banner" | "contentinfo" | "complementary" | "search" | "menu"
        | "menubar" | "dialog" | "alertdialog" => Hint::Landmark,
        "toolbar" | "tablist" | "button" => Hint::Boilerplate,
        "main" | "article" => Hint::Content,
        _ => Hint::Neutral,
    }
}

/// The hint of an `itemprop` attribute value.
pub(crate) fn itemprop_hint(value: &str) -> Hint {
    match value.trim() {
        "articleBody" | "reviewBody" => Hint::ArticleBody,
        "author" | "datePublished" | "dateModified" | "publisher" | "keywords" | "caption"
        | "comment" => Hint::WeakBoilerplate,
        _ => Hint::Neutral,
    }
}

/// Whether a `style` attribute hides the element.
pub(crate) fn style_hides(style: &str) -> bool {
    let bytes = style.as_bytes();
    // Cheap pre-check before the allocation-free scan below.
    if memchr::memmem::find(bytes, b"none").is_none()
        && memchr::memmem::find(bytes, b"hidden").is_none()
    {
        return false;
    }
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// The hint of a `class` or `id` attribute value (several names, whitespace-separated),
/// and whether one of its names names an article's lead ("article__lead", "teaser-text").
/// An element one of whose names says it is an embedded post ("twitter-tweet") is that,
/// whatever its other names say ("article-widget").
pub(crate) fn names_roles(value: &str) -> (Hint, bool) {
    let mut best = Hint::Neutral;
    let mut embed = false;
    let mut lead = false;
    for name in value.split_ascii_whitespace() {
        let (hint, names_lead) = name_roles(name);
        lead |= names_lead;
        embed |= hint == Hint::Neutral && names_an_embed(name);
        best = best.max(hint);
        if best == Hint::Invisible {
            break;
        }
    }
    if embed && matches!(best, Hint::Boilerplate | Hint::WeakBoilerplate) {
        (Hint::Neutral, lead)
    } else {
        (best, lead)
    }
}

/// Whether a class name has a word of an embedded post.
fn names_an_embed(name: &str) -> bool {
    if name.len() > 64 {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    let found = words(name, &lower).any(is_embed_word);
    found
}

/// The hint of one class name or id, and whether it names a lead (read in the same pass
/// over its words: this runs for every element with a class).
fn name_roles(name: &str) -> (Hint, bool) {
    if name.len() > 64 {
        return (Hint::Neutral, false);
    }
    let mut lower_buf = [0u8; 64];
    let lower = &mut lower_buf[..name.len()];
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    let Ok(lower) = std::str::from_utf8(lower) else {
        return (Hint::Neutral, false);
    };
    if is_hiding_name(lower) {
        return (Hint::Invisible, false);
    }
    let (mut strong, mut weak, mut content, mut subject, mut body) =
        (false, false, false, false, false);
    let (mut comments, mut taxonomy, mut embed) = (false, false, false);
    let mut first = true;
    let mut compound = false;
    let mut popup = false;
    let mut lead = false;
    for word in words(name, lower) {
        if first && is_state_prefix(word) {
            return (Hint::Neutral, false);
        }
        if matches!(word, "tooltiptext" | "tooltipcontent" | "hovercard") {
            return (Hint::Invisible, false);
        }
        if popup
            && matches!(
                word,
                "text" | "content" | "body" | "block" | "inner" | "box"
            )
        {
            // The hidden part of a tooltip ("rollover-people-block", "popover-content").
            return (Hint::Invisible, false);
        }
        popup |= matches!(word, "tooltip" | "popover" | "hovercard" | "rollover");
        first = false;
        lead |= is_lead_word(word);
        comments |= is_comment_word(word);
        taxonomy = is_taxonomy_word(word);
        strong |= is_boilerplate_word(word);
        weak |= is_weak_boilerplate_word(word);
        content |= is_content_word(word);
        compound |= is_body_compound(word);
        embed |= is_embed_word(word);
        // "article-body", not "ArticlePage-body": the body word right after the subject.
        body |= subject && is_body_word(word);
        subject = is_subject_word(word);
    }
    // `taxonomy` holds for the last word only.
    // An embedded post (a tweet, a video) is part of what the author wrote, whatever
    // social word its name also has ("social-media-embed"); its caption is still a caption.
    let hint = if comments {
        Hint::Comments
    } else if (strong || taxonomy) && !embed {
        Hint::Boilerplate
    } else if compound || body {
        Hint::ArticleBody
    } else if weak {
        Hint::WeakBoilerplate
    } else if embed {
        Hint::Neutral
    } else if content {
        Hint::Content
    } else {
        Hint::Neutral
    };
    (hint, lead)
}

/// An ASCII byte that is not a letter or digit.
fn is_separator(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_alphanumeric()
}

/// The words of a class name: split on anything not a letter or digit, and on camelCase
/// boundaries of the original spelling; yielded from the lowercased copy.
fn words<'a>(original: &'a str, lower: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let bytes = original.as_bytes();
    let mut start = 0usize;
    let mut i = 0usize;
    std::iter::from_fn(move || {
        while i <= bytes.len() {
            let at = i;
            i += 1;
            // Only ASCII bytes split words, so every cut is on a character boundary.
            let boundary = at == bytes.len()
                || is_separator(bytes[at])
                || (at > start
                    && bytes[at].is_ascii_uppercase()
                    && bytes[at - 1].is_ascii_lowercase());
            if !boundary {
                continue;
            }
            let word = &lower[start..at];
            start = if at < bytes.len() && !is_separator(bytes[at]) {
                at
            } else {
                at + 1
            };
            if !word.is_empty() {
                return Some(word);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_hint(value: &str) -> Hint {
        names_roles(value).0
    }

    fn names_lead(value: &str) -> bool {
        names_roles(value).1
    }

    #[test]
    fn class_words_split_on_dashes_and_camel_case() {
        let name = "relatedStories__list-item";
        let lower = name.to_ascii_lowercase();
        let got: Vec<&str> = words(name, &lower).collect();
        assert_eq!(got, ["related", "stories", "list", "item"]);
    }

    #[test]
    fn boilerplate_word_beats_content_word() {
        assert_eq!(names_hint("article-footer"), Hint::Boilerplate);
        assert_eq!(names_hint("post-meta"), Hint::WeakBoilerplate);
        assert_eq!(names_hint("related-content"), Hint::Boilerplate);
        assert_eq!(names_hint("post-tags"), Hint::Boilerplate);
        assert_eq!(names_hint("comment-body"), Hint::Comments);
    }

    #[test]
    fn blog_engine_post_classes_are_not_boilerplate() {
        assert_eq!(
            names_hint("tag-minnesota-wild category-sports"),
            Hint::Neutral
        );
        assert_eq!(
            names_hint("elementor-widget-theme-post-content"),
            Hint::ArticleBody
        );
    }

    #[test]
    fn body_compounds_mark_the_article_body() {
        assert_eq!(names_hint("article-body"), Hint::ArticleBody);
        assert_eq!(names_hint("entry-content clearfix"), Hint::ArticleBody);
        assert_eq!(names_hint("ArticleBody"), Hint::ArticleBody);
        assert_eq!(names_hint("ArticlePage-body"), Hint::Content);
        assert_eq!(names_hint("storytext"), Hint::ArticleBody);
        assert_eq!(names_hint("content"), Hint::Content);
    }

    #[test]
    fn embedded_posts_are_not_social_widgets() {
        assert_eq!(names_hint("social-media-embed"), Hint::Neutral);
        assert_eq!(names_hint("twitter-tweet"), Hint::Neutral);
        assert_eq!(
            names_hint("sdc-article-widget sdc-article-tweet"),
            Hint::Neutral
        );
        assert_eq!(names_hint("social-share"), Hint::Boilerplate);
        assert_eq!(
            names_hint("InlineImage-imageEmbedCaption"),
            Hint::WeakBoilerplate
        );
    }

    #[test]
    fn the_hidden_part_of_a_tooltip_is_invisible() {
        assert_eq!(names_hint("rollover-people-block"), Hint::Invisible);
        assert_eq!(names_hint("tooltiptext"), Hint::Invisible);
        assert_eq!(names_hint("tooltip"), Hint::Neutral);
    }

    #[test]
    fn state_prefixes_are_not_parts() {
        assert_eq!(names_hint("has-sidebar"), Hint::Neutral);
        assert_eq!(names_hint("no-comments"), Hint::Neutral);
    }

    #[test]
    fn hiding_utilities_are_invisible() {
        assert_eq!(names_hint("foo sr-only"), Hint::Invisible);
        assert_eq!(names_hint("hidden-xs"), Hint::Neutral);
        assert!(style_hides("color: red; display : none"));
        assert!(!style_hides("display:block"));
    }

    #[test]
    fn non_ascii_names_do_not_panic() {
        assert_eq!(
            names_hint("\u{FFFD}lambda_5 ñav-menu été-related"),
            Hint::Boilerplate
        );
        assert_eq!(names_hint("文章-内容 \u{FFFD}"), Hint::Neutral);
    }

    #[test]
    fn lead_names() {
        assert!(names_lead("article__lead"));
        assert!(names_lead("news teaser-text"));
        assert!(names_lead("c-standfirst"));
        assert!(!names_lead("leader-board"));
        assert!(!names_lead("article-body"));
    }

    #[test]
    fn word_inside_a_word_is_not_a_match() {
        // "shadow" contains "ad", "loader" contains "ad": whole words only.
        assert_eq!(names_hint("shadow loader"), Hint::Neutral);
    }
}

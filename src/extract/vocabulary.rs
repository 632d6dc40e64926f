//! The words that class names and ids use for the parts of a page.
//!
//! Kept apart from the logic that reads them ([`super::hints`]) so that the tables can grow
//! without touching it. Every entry is generic — a word any site might use for that part
//! ("related", "byline", "entry-content") — never a site's own spelling. Words are
//! compared lowercased, after class names are split at dashes, underscores and camelCase.

/// Whole class names that hide an element (utility classes of CSS frameworks).
pub(crate) fn is_hiding_name(lower: &str) -> bool {
    matches!(
        lower,
        "hidden"
            | "hide"
            | "d-none"
            | "sr-only"
            | "sr-only-focusable"
            | "visually-hidden"
            | "visuallyhidden"
            | "visually_hidden"
            | "screen-reader-text"
            | "screen-reader-only"
            | "screenreader"
            | "screenreader-only"
            | "sr-text"
            | "offscreen"
            | "off-screen"
            | "element-invisible"
            | "is-hidden"
            | "u-hidden"
            | "u-visually-hidden"
            | "invisible"
            | "a11y-hidden"
            | "show-for-sr"
            | "assistive-text"
            | "hidden-text"
    )
}

/// The words of boilerplate that leave no doubt.
pub(crate) fn is_boilerplate_word(word: &str) -> bool {
    matches!(
        word,
        "nav"
            | "navbar"
            | "navigation"
            | "navi"
            | "menu"
            | "menus"
            | "submenu"
            | "megamenu"
            | "breadcrumb"
            | "breadcrumbs"
            | "crumbs"
            | "footer"
            | "sidebar"
            | "sidebars"
            | "aside"
            | "rail"
            | "related"
            | "relatedposts"
            | "recirc"
            | "recirculation"
            | "recommended"
            | "recommendations"
            | "recommendation"
            | "popular"
            | "mostpopular"
            | "mostread"
            | "trending"
            | "share"
            | "shares"
            | "sharing"
            | "sharebar"
            | "social"
            | "sociallinks"
            | "newsletter"
            | "newsletters"
            | "subscribe"
            | "subscription"
            | "signup"
            | "promo"
            | "promos"
            | "promotion"
            | "promoted"
            | "sponsor"
            | "sponsored"
            | "sponsors"
            | "advert"
            | "adverts"
            | "advertisement"
            | "advertising"
            | "advertorial"
            | "ad"
            | "ads"
            | "adsense"
            | "adsbygoogle"
            | "adslot"
            | "adunit"
            | "dfp"
            | "banner"
            | "cookie"
            | "cookies"
            | "consent"
            | "gdpr"
            | "popup"
            | "modal"
            | "overlay"
            | "outbrain"
            | "taboola"
            | "zergnet"
            | "revcontent"
            | "teaser"
            | "teasers"
            | "more"
            | "archive"
            | "pagination"
            | "pager"
            | "paging"
            | "skip"
            | "toolbar"
            | "tools"
            | "print"
            | "rss"
            | "login"
            | "signin"
            | "search"
            | "follow"
            | "cta"
            | "donate"
            | "masthead"
            | "topbar"
            | "prev"
            | "previous"
            | "next"
    )
}

/// The words of an embedded post.
pub(crate) fn is_embed_word(word: &str) -> bool {
    matches!(word, "embed" | "embedded" | "tweet")
}

/// The words of readers' comments.
pub(crate) fn is_comment_word(word: &str) -> bool {
    matches!(
        word,
        "comment" | "comments" | "commentlist" | "disqus" | "respond" | "replies" | "reply"
    )
}

/// Taxonomy words: boilerplate as the last word of a name ("post-tags"), but not as its
/// first ("tag-minnesota", "category-sports": the classes blog engines put on the post).
pub(crate) fn is_taxonomy_word(word: &str) -> bool {
    matches!(
        word,
        "tag" | "tags" | "tagged" | "tagcloud" | "topics" | "keywords" | "categories" | "category"
    )
}

/// The words of metadata around an article: not its text, but not navigation either.
pub(crate) fn is_weak_boilerplate_word(word: &str) -> bool {
    matches!(
        word,
        "header"
            | "widget"
            | "widgets"
            | "byline"
            | "author"
            | "authors"
            | "bio"
            | "dateline"
            | "date"
            | "time"
            | "timestamp"
            | "published"
            | "updated"
            | "meta"
            | "metadata"
            | "caption"
            | "captions"
            | "credit"
            | "credits"
            | "copyright"
            | "disclaimer"
            | "legal"
            | "badge"
            | "rating"
            | "ratings"
            | "likes"
            | "icon"
            | "icons"
            | "button"
            | "buttons"
            | "btn"
            | "logo"
            | "gallery"
            | "slideshow"
            | "carousel"
            | "slider"
            | "swiper"
            | "slide"
            | "slides"
            | "thumbnail"
            | "thumb"
            | "avatar"
            | "profile"
            | "contact"
            | "kicker"
            | "excerpt"
            | "eyebrow"
    )
}

/// Words that name the page's main content.
pub(crate) fn is_content_word(word: &str) -> bool {
    matches!(
        word,
        "article"
            | "body"
            | "content"
            | "entry"
            | "main"
            | "post"
            | "story"
            | "text"
            | "blog"
            | "prose"
            | "richtext"
            | "copy"
            | "hentry"
    )
}

/// Words naming an article's lead, the paragraph between headline and body that pages set
/// apart ("article-lead", "teaser-text", "c-standfirst", "entry-excerpt", "chapo").
pub(crate) fn is_lead_word(word: &str) -> bool {
    matches!(
        word,
        "lead"
            | "leadtext"
            | "intro"
            | "introtext"
            | "introduction"
            | "teaser"
            | "abstract"
            | "excerpt"
            | "summary"
            | "standfirst"
            | "subtitle"
            | "subheadline"
            | "subhead"
            | "dek"
            | "deck"
            | "chapo"
            | "chapeau"
            | "sapo"
            | "perex"
            | "entradilla"
            | "bajada"
            | "description"
    )
}

/// Subject words of a body compound ("article-body": `article` + `body`).
pub(crate) fn is_subject_word(word: &str) -> bool {
    matches!(
        word,
        "article" | "post" | "entry" | "story" | "blog" | "news"
    )
}

/// Head words of a body compound.
pub(crate) fn is_body_word(word: &str) -> bool {
    matches!(word, "body" | "content" | "text" | "copy" | "entry")
}

/// Single-word spellings of body compounds.
pub(crate) fn is_body_compound(word: &str) -> bool {
    matches!(
        word,
        "articlebody"
            | "articletext"
            | "articlecontent"
            | "storybody"
            | "storytext"
            | "storycontent"
            | "entrycontent"
            | "entrytext"
            | "postbody"
            | "postcontent"
            | "posttext"
            | "bodytext"
    )
}

/// Prefixes saying the name describes a state, not the element's part ("has-sidebar").
pub(crate) fn is_state_prefix(word: &str) -> bool {
    matches!(
        word,
        "has" | "with" | "no" | "show" | "enable" | "enabled" | "allow" | "can" | "supports"
    )
}

//! Link health: what an HTTP answer means for a citation, as a [`LinkStatus`].
//!
//! The crawler ([`crate::fetch`]) does the talking; this module holds the judgements, as
//! pure functions and tables so each can be tested on its own and read in one place:
//! which status codes are which class, what is worth a retry, what a bot wall or challenge
//! page looks like, what a "not found" page says in the outlets' languages (en, mn, ru, zh),
//! when a redirect is really a dead article (to the site's root), and when a page is the
//! same as what the host serves for a path that cannot exist (a soft 404). Nothing here is
//! keyed to a site: the phrases and thresholds are generic and live in the tables below.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use regex::Regex;

use crate::model::LinkStatus;

/// The class of a final HTTP status code (after retries and redirects).
pub fn status_for_code(code: u16) -> LinkStatus {
    match code {
        200..=299 | 304 => LinkStatus::Ok,
        404 => LinkStatus::NotFound,
        410 => LinkStatus::Gone,
        401 | 403 | 451 => LinkStatus::Blocked,
        429 => LinkStatus::RateLimited,
        500..=599 => LinkStatus::ServerError,
        // Other 4xx, a 3xx without a usable Location, and anything non-standard.
        _ => LinkStatus::ClientError,
    }
}

/// Whether a status code is worth another try: server errors (but 501 Not Implemented and
/// 505 are not transient), request timeouts and rate limits.
pub fn is_retryable_code(code: u16) -> bool {
    matches!(code, 408 | 429) || ((500..=599).contains(&code) && !matches!(code, 501 | 505))
}

/// A permanent redirect: the citation should be updated.
pub fn is_permanent_redirect(code: u16) -> bool {
    matches!(code, 301 | 308)
}

/// Markers of challenge pages and bot walls, matched in the lower-cased start of a body.
/// Each is specific to a protection vendor's page, so an article that merely mentions the
/// vendor does not match.
const CHALLENGE_MARKERS: &[&str] = &[
    "_cf_chl_opt",                             // Cloudflare managed challenge
    "/cdn-cgi/challenge-platform/",            // Cloudflare challenge scripts
    "<title>just a moment...</title>",         // Cloudflare interstitial
    "<title>attention required! | cloudflare", // Cloudflare block page
    "checking your browser before accessing",  // older interstitials
    "captcha-delivery.com",                    // DataDome
    "_incapsula_resource",                     // Imperva Incapsula
    "/.well-known/sgcaptcha/",                 // SiteGround
    "ddos-guard.net/",                         // DDoS-Guard
    "px-captcha",                              // PerimeterX / HUMAN
];

/// How much of a body is searched for challenge markers and headings.
const SCAN_BYTES: usize = 64 * 1024;

/// Why an answer is a challenge page or bot wall, if it is one: a `cf-mitigated: challenge`
/// header, or a vendor's marker in the body. Such answers are `blocked` at once, never
/// retried (retrying a challenge only looks more like a bot).
pub fn challenge(headers: &[(String, String)], body: &str) -> Option<String> {
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("cf-mitigated") && value.eq_ignore_ascii_case("challenge") {
            return Some("challenge page (cf-mitigated: challenge)".into());
        }
    }
    let head = lowered_head(body);
    CHALLENGE_MARKERS
        .iter()
        .find(|marker| head.contains(*marker))
        .map(|marker| format!("challenge page or bot wall (marker {marker:?})"))
}

/// Phrases that mean "not found" in a page's title or main heading, by language. Matched
/// after lower-casing and collapsing whitespace; a title that *is* one of [`NOT_FOUND_TITLES`]
/// counts too. Phrases are about pages, not things, so "Missing hiker not found" is safe.
pub const NOT_FOUND_PHRASES: &[(&str, &str)] = &[
    ("en", "page not found"),
    ("en", "page cannot be found"),
    ("en", "page could not be found"),
    ("en", "page does not exist"),
    ("en", "page doesn't exist"),
    ("en", "page you requested"),
    ("en", "404 not found"),
    ("en", "error 404"),
    ("en", "404 error"),
    ("mn", "хуудас олдсонгүй"),
    ("mn", "хуудас байхгүй"),
    ("mn", "мэдээ олдсонгүй"),
    ("mn", "илэрц олдсонгүй"),
    ("ru", "страница не найдена"),
    ("ru", "страница не существует"),
    ("ru", "страница удалена"),
    ("ru", "ошибка 404"),
    ("zh", "页面不存在"),
    ("zh", "页面未找到"),
    ("zh", "找不到页面"),
    ("zh", "找不到网页"),
    ("zh", "找不到该页面"),
    ("zh", "您访问的页面"),
    ("zh", "頁面不存在"),
    ("zh", "找不到頁面"),
];

/// Whole titles or headings that mean "not found" on their own.
pub const NOT_FOUND_TITLES: &[&str] = &[
    "404",
    "not found",
    "404 - not found",
    "404 | not found",
    "олдсонгүй",
    "не найдено",
    "找不到",
    "404错误",
];

static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<title\b[^>]*>(.*?)</title>").expect("valid pattern"));
static H1: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<h1\b[^>]*>(.*?)</h1>").expect("valid pattern"));
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").expect("valid pattern"));
static SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?is)<(?:script|style|noscript|template)\b.*?</(?:script|style|noscript|template)\s*>",
    )
    .expect("valid pattern")
});

/// The first bytes of a body, lower-cased, cut on a character boundary.
fn lowered_head(body: &str) -> String {
    crate::text::cut(body, SCAN_BYTES).to_lowercase()
}

/// Tag-free, entity-light, whitespace-collapsed, lower-cased text of an HTML fragment.
fn plain(fragment: &str) -> String {
    let text = TAG.replace_all(fragment, " ");
    let text = text
        .replace("&nbsp;", " ")
        .replace("&#160;", " ")
        .replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&rsquo;", "'");
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The page's `<title>`, plain, if it has one.
pub fn title(html: &str) -> Option<String> {
    let head = crate::text::cut(html, SCAN_BYTES);
    TITLE
        .captures(head)
        .map(|c| plain(&c[1]))
        .filter(|t| !t.is_empty())
}

/// The page's first `<h1>`, plain, if it has one.
pub fn main_heading(html: &str) -> Option<String> {
    H1.captures(html)
        .map(|c| plain(&c[1]))
        .filter(|t| !t.is_empty())
}

/// Whether a title or heading says "not found"; returns the phrase that matched.
pub fn says_not_found(heading: &str) -> Option<&'static str> {
    let heading = heading.trim().trim_matches(|c: char| !c.is_alphanumeric());
    if let Some(exact) = NOT_FOUND_TITLES.iter().find(|t| **t == heading) {
        return Some(exact);
    }
    NOT_FOUND_PHRASES
        .iter()
        .find(|(_, phrase)| heading.contains(phrase))
        .map(|(_, phrase)| *phrase)
}

/// Why a 200 page is a "not found" page by its title or main heading, if it is.
pub fn not_found_page(html: &str) -> Option<String> {
    for (what, text) in [("title", title(html)), ("heading", main_heading(html))] {
        if let Some(text) = text {
            if let Some(phrase) = says_not_found(&text) {
                return Some(format!("the page's {what} says {phrase:?}"));
            }
        }
    }
    None
}

/// Whether a redirect took an article to the root of a site (a common way of retiring
/// pages: the cited article is gone). `from` had a path or query; `to` has neither.
pub fn is_redirect_to_root(from: &url::Url, to: &url::Url) -> bool {
    let is_root = |u: &url::Url| {
        let path = u.path().trim_end_matches('/');
        let index = matches!(
            path,
            "" | "/index.html" | "/index.htm" | "/index.php" | "/default.aspx" | "/home"
        );
        index && u.query().is_none_or(str::is_empty)
    };
    is_root(to) && !is_root(from)
}

/// How similar a page must be to the host's answer for a nonexistent path to be a soft 404
/// (Jaccard similarity of word 3-shingles). Two renderings of one error template score
/// 0.95–1.0; an article in the site's template with a few paragraphs of its own scores
/// well under 0.8.
pub const SOFT_404_SIMILARITY: f64 = 0.9;

/// A page's text in a form that is cheap to compare: its title and the hashed 3-word
/// shingles of its visible text (without the page's own path, since error pages often echo
/// the path that was asked for).
#[derive(Debug, Clone, PartialEq)]
pub struct Fingerprint {
    /// The plain title.
    pub title: Option<String>,
    /// Hashes of word 3-shingles.
    pub shingles: HashSet<u64>,
}

impl Fingerprint {
    /// Fingerprints an HTML page served at `url`.
    pub fn of(html: &str, url: &url::Url) -> Fingerprint {
        // Error pages echo the path (or URL) they were asked for: cut those literal strings
        // out so two renderings of one template line up.
        let mut text = html.replace(url.as_str(), " ");
        let path = url.path();
        if path.len() > 1 {
            text = text.replace(path, " ");
            let decoded = percent_decode(path);
            if decoded != path {
                text = text.replace(&decoded, " ");
            }
        }
        let visible = SCRIPT.replace_all(&text, " ");
        let visible = TAG.replace_all(&visible, " ").to_lowercase();
        let words: Vec<&str> = visible
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let shingles = if words.len() < 3 {
            words.iter().map(|w| hash(&[*w])).collect()
        } else {
            words.windows(3).map(hash).collect()
        };
        Fingerprint {
            title: title(html),
            shingles,
        }
    }

    /// Jaccard similarity of the shingle sets (1.0 for two empty pages).
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        if self.shingles.is_empty() && other.shingles.is_empty() {
            return 1.0;
        }
        let common = self.shingles.intersection(&other.shingles).count();
        let all = self.shingles.len() + other.shingles.len() - common;
        common as f64 / all as f64
    }
}

/// `%D1%85` → `х`, for paths echoed in their readable form.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hash(words: &[&str]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    words.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_the_design_classes() {
        assert_eq!(status_for_code(200), LinkStatus::Ok);
        assert_eq!(status_for_code(404), LinkStatus::NotFound);
        assert_eq!(status_for_code(410), LinkStatus::Gone);
        for code in [401, 403, 451] {
            assert_eq!(status_for_code(code), LinkStatus::Blocked);
        }
        assert_eq!(status_for_code(429), LinkStatus::RateLimited);
        assert_eq!(status_for_code(418), LinkStatus::ClientError);
        assert_eq!(status_for_code(503), LinkStatus::ServerError);
        assert!(is_retryable_code(503) && is_retryable_code(408) && is_retryable_code(429));
        assert!(!is_retryable_code(501) && !is_retryable_code(404));
    }

    #[test]
    fn challenges_are_recognised_by_header_or_marker() {
        let header = vec![("cf-mitigated".to_string(), "challenge".to_string())];
        assert!(challenge(&header, "").is_some());
        let page = "<html><head><title>Just a moment...</title></head></html>";
        assert!(challenge(&[], page).is_some());
        let article = "<p>Cloudflare said its challenge pages block bots.</p>";
        assert!(challenge(&[], article).is_none());
    }

    #[test]
    fn not_found_titles_in_every_outlet_language() {
        for page in [
            "<title>Page Not Found | Daily News</title>",
            "<title>Хуудас олдсонгүй</title>",
            "<html><h1>Страница не найдена</h1></html>",
            "<title>页面不存在 - 新闻</title>",
            "<title>404</title>",
        ] {
            assert!(not_found_page(page).is_some(), "{page}");
        }
        for page in [
            "<title>Missing hiker not found after three days</title>",
            "<title>Монгол Улсын эдийн засаг</title>",
            "<h1>Найдено решение</h1>",
        ] {
            assert!(not_found_page(page).is_none(), "{page}");
        }
    }

    #[test]
    fn redirect_to_root_is_told_from_a_move() {
        let u = |s: &str| url::Url::parse(s).unwrap();
        assert!(is_redirect_to_root(
            &u("https://a.mn/news/1"),
            &u("https://a.mn/")
        ));
        assert!(is_redirect_to_root(
            &u("https://a.mn/?p=1"),
            &u("https://www.a.mn/index.php")
        ));
        assert!(!is_redirect_to_root(
            &u("https://a.mn/news/1"),
            &u("https://a.mn/n/1")
        ));
        assert!(!is_redirect_to_root(
            &u("http://a.mn/"),
            &u("https://a.mn/")
        ));
    }

    #[test]
    fn error_templates_match_and_articles_do_not() {
        let frame = |body: &str| {
            format!(
                "<html><head><title>Daily</title></head><body><nav>Home World Business Sport \
                 Culture Opinion</nav>{body}<footer>Copyright Daily News, all rights \
                 reserved. Contact us about advertising.</footer></body></html>"
            )
        };
        let u = |s: &str| url::Url::parse(s).unwrap();
        let missing = |path: &str| {
            frame(&format!(
                "<p>Sorry, we looked everywhere but {path} is not here. Try the search box \
                 or go back to the front page.</p>"
            ))
        };
        let probe = Fingerprint::of(&missing("/abc123-probe"), &u("http://d.mn/abc123-probe"));
        let other = Fingerprint::of(&missing("/news/2023/old"), &u("http://d.mn/news/2023/old"));
        let same = probe.similarity(&other);
        assert!(same >= SOFT_404_SIMILARITY, "{same}");
        let article = frame(
            "<article><h1>Parliament passes the budget</h1><p>The State Great Khural \
             approved the 2024 budget on Friday after a long debate about mining revenue, \
             spending on schools and the new railway to the Chinese border.</p></article>",
        );
        let article = Fingerprint::of(&article, &u("http://d.mn/news/2023/budget"));
        assert!(
            probe.similarity(&article) < 0.8,
            "{}",
            probe.similarity(&article)
        );
    }
}

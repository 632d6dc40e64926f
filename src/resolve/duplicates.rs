//! One article at several addresses: its AMP version, `www.` and bare host, `http` and
//! `https`, a trailing slash — and the address the page itself calls canonical.
//!
//! Lists name the same article in different forms (a sitemap the canonical one, a feed the
//! AMP one), and two copies of one article would tie for first place and leave the
//! citation unresolved. Before fetching, listed URLs are merged by [`page_key`], which folds
//! the AMP conventions (an `amp` path segment or `.amp` suffix, an `amp.` host, an `amp` or
//! `outputType=amp` query parameter) and the forms every site treats alike. After fetching,
//! a page's `<link rel="canonical">` names the address to report and merge on, when it
//! points to another page of the outlet (never its front page: some sites declare that
//! canonical for everything).

use std::sync::LazyLock;

use regex::Regex;

use super::listing::{absolute, on_outlet};

/// Query parameters that only select the AMP rendering.
const AMP_PARAMETERS: &[&str] = &["amp", "_amp", "outputtype", "amp_js_v", "usqp"];

/// The key two listed URLs of one article share.
pub(crate) fn page_key(url: &str) -> String {
    let Ok(parsed) = url::Url::parse(url) else {
        return url.to_string();
    };
    let host = parsed.host_str().unwrap_or("").to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.strip_prefix("amp.").unwrap_or(host);
    let mut segments: Vec<String> = parsed
        .path()
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.replace(".amp.", ".").trim_end_matches(".amp").to_string())
        .collect();
    if segments
        .last()
        .is_some_and(|s| s.eq_ignore_ascii_case("amp"))
    {
        segments.pop();
    }
    if segments
        .first()
        .is_some_and(|s| s.eq_ignore_ascii_case("amp"))
    {
        segments.remove(0);
    }
    let mut query: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| !AMP_PARAMETERS.contains(&k.to_ascii_lowercase().as_str()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    query.sort();
    let query: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let port = parsed.port().map(|p| format!(":{p}")).unwrap_or_default();
    format!("{host}{port}/{}?{}", segments.join("/"), query.join("&"))
}

/// True for an AMP address (`/amp/` segment, `.amp` suffix, `amp.` host, AMP query
/// parameter): of two listed forms of one article, the other one is kept.
pub(crate) fn is_amp(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    let host = parsed.host_str().unwrap_or("").to_ascii_lowercase();
    host.starts_with("amp.")
        || parsed
            .path()
            .split('/')
            .any(|s| s.eq_ignore_ascii_case("amp") || s.ends_with(".amp") || s.contains(".amp."))
        || parsed
            .query_pairs()
            .any(|(k, _)| AMP_PARAMETERS.contains(&k.to_ascii_lowercase().as_str()))
}

/// `<link …>` tags.
static LINK_TAG: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(?is)<link\b[^>]*>"#).ok());

/// An attribute's value in a tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[at..];
    let (quote, body) = match rest.chars().next()? {
        q @ ('"' | '\'') => (q, &rest[1..]),
        _ => (' ', rest),
    };
    let end = body.find([quote, '>']).unwrap_or(body.len());
    Some(body[..end].trim())
}

/// Bytes of a page searched for its canonical link (it belongs in the `<head>`).
const HEAD_BYTES: usize = 256 * 1024;

/// The page's canonical URL, when it names another page of the outlet (`domains`; the
/// page's own host for an outlet without domains) other than its front page.
pub(crate) fn canonical(html: &str, base: &str, domains: &[String]) -> Option<String> {
    let mut end = html.len().min(HEAD_BYTES);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let head = &html[..end];
    let tags = LINK_TAG.as_ref()?;
    let href = tags.find_iter(head).find_map(|tag| {
        let tag = tag.as_str();
        let rel = attribute(tag, "rel")?;
        rel.split_ascii_whitespace()
            .any(|r| r.eq_ignore_ascii_case("canonical"))
            .then(|| attribute(tag, "href"))
            .flatten()
    })?;
    let url = absolute(base, href)?;
    let front = url::Url::parse(&url).is_ok_and(|u| u.path() == "/" && u.query().is_none());
    (!front && url != base && on_outlet(&url, domains, base)).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amp_forms_share_the_canonical_key() {
        let key = page_key("https://www.news.test/2023/09/27/rail-deal/");
        for form in [
            "https://news.test/2023/09/27/rail-deal/amp/",
            "http://amp.news.test/2023/09/27/rail-deal",
            "https://news.test/amp/2023/09/27/rail-deal",
            "https://news.test/2023/09/27/rail-deal/?amp=1",
            "https://news.test/2023/09/27/rail-deal?outputType=amp",
        ] {
            assert_eq!(page_key(form), key, "{form}");
        }
        assert_eq!(
            page_key("https://news.test/a/123.amp.html"),
            page_key("https://news.test/a/123.html")
        );
        assert_ne!(
            page_key("https://news.test/n/1"),
            page_key("https://news.test/n/2")
        );
        assert!(is_amp("https://news.test/2023/09/27/rail-deal/amp/"));
        assert!(is_amp("https://news.test/a?outputType=amp"));
        assert!(!is_amp("https://news.test/2023/09/27/rail-deal/"));
        assert!(!is_amp("https://news.test/ampere-record"));
        assert_ne!(
            page_key("https://news.test/read?id=1"),
            page_key("https://news.test/read?id=2")
        );
    }

    #[test]
    fn canonical_links_of_the_outlet_are_taken_but_not_its_front_page() {
        let d = vec!["news.test".to_string()];
        let page = r#"<html><head><link href="/2023/09/27/rail/" rel="canonical"></head>"#;
        assert_eq!(
            canonical(page, "https://news.test/2023/09/27/rail/amp/", &d).as_deref(),
            Some("https://news.test/2023/09/27/rail/")
        );
        let front = r#"<link rel='canonical' href='https://news.test/'>"#;
        assert_eq!(canonical(front, "https://news.test/a", &d), None);
        let elsewhere = r#"<link rel="canonical" href="https://other.test/a">"#;
        assert_eq!(canonical(elsewhere, "https://news.test/a", &d), None);
        let itself = r#"<link rel="canonical" href="https://news.test/a">"#;
        assert_eq!(canonical(itself, "https://news.test/a", &d), None);
    }
}

//! The article's title: `og:title`, `<title>` or the main `<h1>`, without the site name.
//!
//! A page title usually carries the site's name ("Storm hits coast | The Daily Planet");
//! the `<h1>` usually does not but may be a logo or a section name. So the `<h1>` wins when
//! the page title contains it; otherwise `og:title` (set for sharing, rarely branded) or
//! `<title>` is cleaned by cutting a leading or trailing segment that names the site — the
//! `og:site_name`, the host, or a short segment behind a separator such as " | ".

use scraper::{Html, Node};

/// Separators between a headline and a site name, strongest first.
const SEPARATORS: [&str; 9] = [
    " | ", " – ", " — ", " - ", " :: ", " » ", " · ", " • ", " / ",
];
/// A segment this short (in words) beside a separator reads as a site or section name.
const MAX_SITE_WORDS: usize = 4;

/// What the page's `<head>` says about its title and site.
#[derive(Debug, Default)]
struct HeadTitles {
    title: Option<String>,
    og_title: Option<String>,
    twitter_title: Option<String>,
    site_name: Option<String>,
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(s: &str) -> Option<String> {
    let s = collapse(s);
    (!s.is_empty()).then_some(s)
}

/// Reads `<title>` and the title meta tags from `<head>` (a small subtree).
fn head_titles(document: &Html) -> HeadTitles {
    let mut out = HeadTitles::default();
    let Some(html) = document
        .tree
        .root()
        .children()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "html"))
    else {
        return out;
    };
    let Some(head) = html
        .children()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "head"))
    else {
        return out;
    };
    for node in head.descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "title" if out.title.is_none() => {
                let text: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| &**t))
                    .collect();
                out.title = non_empty(&text);
            }
            "meta" => {
                let key = el.attr("property").or_else(|| el.attr("name"));
                let Some(content) = el.attr("content") else {
                    continue;
                };
                let slot = match key.map(str::to_ascii_lowercase).as_deref() {
                    Some("og:title") => &mut out.og_title,
                    Some("twitter:title") => &mut out.twitter_title,
                    Some("og:site_name") | Some("application-name") => &mut out.site_name,
                    _ => continue,
                };
                if slot.is_none() {
                    *slot = non_empty(content);
                }
            }
            _ => {}
        }
    }
    out
}

/// Lowercased words only, for comparing spellings of the same title.
fn key(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `segment` names the site: its `og:site_name` or its host ("The Daily Planet",
/// "dailyplanet.com" for www.dailyplanet.com).
fn names_site(segment: &str, site: Option<&str>, host: Option<&str>) -> bool {
    let k = key(segment);
    if k.is_empty() || site.is_some_and(|s| key(s) == k) {
        return true;
    }
    let Some(host) = host else { return false };
    let host = host.trim_start_matches("www.").to_lowercase();
    let label = host.split('.').next().unwrap_or("");
    let squashed: String = k.chars().filter(|c| !c.is_whitespace()).collect();
    host.starts_with(&squashed) || (label.len() >= 3 && squashed.contains(label))
}

/// Whether a segment at the end of a title reads as the site's: named so, or short.
fn is_site_segment(segment: &str, site: Option<&str>, host: Option<&str>) -> bool {
    names_site(segment, site, host) || segment.split_whitespace().count() <= MAX_SITE_WORDS
}

/// Cuts site names off the ends of a page title.
pub(crate) fn clean(title: &str, site: Option<&str>, host: Option<&str>) -> String {
    let mut t = collapse(title);
    // At most a few cuts: "Headline - Section | Site".
    for _ in 0..3 {
        let mut cut = false;
        for sep in SEPARATORS {
            if let Some(pos) = t.rfind(sep) {
                let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
                if is_site_segment(tail, site, host)
                    && head.split_whitespace().count() > tail.split_whitespace().count()
                {
                    t = head.trim().to_string();
                    cut = true;
                    break;
                }
            }
            if let Some(pos) = t.find(sep) {
                let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
                let named = !key(head).is_empty() && names_site(head, site, host);
                if named && !tail.trim().is_empty() {
                    t = tail.trim().to_string();
                    cut = true;
                    break;
                }
            }
        }
        if !cut {
            break;
        }
    }
    t
}

/// The title of the page; `h1` is the text of its first visible `<h1>`, if any.
pub(crate) fn title(document: &Html, h1: Option<&str>, url: Option<&str>) -> Option<String> {
    let head = head_titles(document);
    let host = url
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_string));
    let h1 = h1.and_then(non_empty);
    let page_titles = [&head.og_title, &head.twitter_title, &head.title];
    if let Some(h1) = &h1 {
        let k = key(h1);
        let in_title = page_titles
            .iter()
            .filter_map(|t| t.as_deref())
            .any(|t| !k.is_empty() && key(t).contains(&k));
        if in_title && k.split(' ').count() >= 2 {
            return Some(h1.clone());
        }
    }
    let best = head
        .og_title
        .as_deref()
        .or(head.twitter_title.as_deref())
        .or(head.title.as_deref());
    match best {
        Some(t) => non_empty(&clean(t, head.site_name.as_deref(), host.as_deref())),
        None => h1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffixes_are_cut() {
        assert_eq!(
            clean("Storm hits the coast | The Daily Planet", None, None),
            "Storm hits the coast"
        );
        assert_eq!(
            clean("Storm hits the coast - World - Planet News", None, None),
            "Storm hits the coast"
        );
        assert_eq!(
            clean(
                "Daily Planet: Storm hits the coast today",
                Some("Daily Planet"),
                None
            ),
            "Daily Planet: Storm hits the coast today"
        );
        assert_eq!(
            clean(
                "Daily Planet | Storm hits the coast",
                Some("Daily Planet"),
                None
            ),
            "Storm hits the coast"
        );
        assert_eq!(
            clean(
                "DailyPlanet - Storm hits the coast",
                None,
                Some("www.dailyplanet.com")
            ),
            "Storm hits the coast"
        );
    }

    #[test]
    fn a_dash_inside_the_headline_stays() {
        assert_eq!(
            clean(
                "Up 20% - and rising fast, say the traders in London",
                None,
                None
            ),
            "Up 20% - and rising fast, say the traders in London"
        );
    }

    #[test]
    fn h1_wins_when_the_page_title_contains_it() {
        let doc = Html::parse_document(
            "<html><head><title>Storm hits the coast | Planet</title></head><body></body></html>",
        );
        assert_eq!(
            title(&doc, Some("Storm hits the coast"), None).as_deref(),
            Some("Storm hits the coast")
        );
        assert_eq!(
            title(&doc, Some("Planet"), None).as_deref(),
            Some("Storm hits the coast")
        );
    }
}

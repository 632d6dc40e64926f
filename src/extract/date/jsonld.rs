//! Publication dates in JSON-LD (schema.org): `datePublished` of the page's article (and,
//! reported apart, its `dateModified`).
//!
//! A page's JSON-LD may be one object, an array of objects, or an `@graph` holding the
//! article next to the web page, the site, its logo and its breadcrumbs — and nested
//! objects (a video, a review) carry dates of their own. The article's own
//! `datePublished` is wanted, so objects typed as articles rank first, other typed
//! objects next; `dateModified` is never taken for it. Scripts that are not valid JSON (raw line
//! breaks in strings, trailing commas) are common: their `datePublished` is then read with
//! a pattern.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

/// How far into nested objects to look: real graphs are shallow; this bounds hostile ones.
const MAX_DEPTH: usize = 24;

/// schema.org types of an article (compared without case).
const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenews",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "askpublicnewsarticle",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "socialmediaposting",
    "discussionforumposting",
    "videoobject",
    "creativework",
];

/// A `datePublished` value and how much its object looks like the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Published {
    /// The value as written.
    pub value: String,
    /// 0 for an article type, 1 for another type, 2 when the object's type is unknown.
    pub rank: u8,
}

/// Every `datePublished` in the page's JSON-LD scripts, most article-like first (ties in
/// page order).
pub(super) fn published(scripts: &[String]) -> Vec<Published> {
    dated(scripts, "datePublished")
}

/// Every `dateModified` in the page's JSON-LD scripts, most article-like first: the
/// modification date reported next to the publication date, never instead of it.
pub(super) fn modified(scripts: &[String]) -> Vec<Published> {
    dated(scripts, "dateModified")
}

/// Every value of `key` in the page's JSON-LD scripts, most article-like first.
fn dated(scripts: &[String], key: &str) -> Vec<Published> {
    let mut found = Vec::new();
    for script in scripts {
        let script = script
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim();
        if !script.contains(key) {
            continue;
        }
        match parse(script) {
            Some(value) => walk(&value, key, 0, &mut found),
            None => found.extend(by_pattern(script, key)),
        }
    }
    found.sort_by_key(|p| p.rank);
    found
}

fn parse(script: &str) -> Option<Value> {
    serde_json::from_str(script).ok().or_else(|| {
        // Raw control characters inside strings are the commonest breakage.
        let cleaned: String = script
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&cleaned).ok()
    })
}

fn walk(value: &Value, key: &str, depth: usize, found: &mut Vec<Published>) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                walk(item, key, depth + 1, found);
            }
        }
        Value::Object(object) => {
            if let Some(Value::String(date)) = object.get(key) {
                found.push(Published {
                    value: date.clone(),
                    rank: type_rank(object.get("@type")),
                });
            }
            for (name, child) in object {
                if name != key {
                    walk(child, key, depth + 1, found);
                }
            }
        }
        _ => {}
    }
}

fn type_rank(kind: Option<&Value>) -> u8 {
    let is_article = |t: &str| {
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        ARTICLE_TYPES.iter().any(|a| t.eq_ignore_ascii_case(a))
    };
    match kind {
        Some(Value::String(t)) if is_article(t) => 0,
        Some(Value::Array(ts)) if ts.iter().any(|t| t.as_str().is_some_and(is_article)) => 0,
        Some(_) => 1,
        None => 2,
    }
}

/// `"datePublished": "…"` (or `dateModified`) read from a script that is not valid JSON.
fn by_pattern<'s>(script: &'s str, key: &str) -> impl Iterator<Item = Published> + 's {
    static PUBLISHED: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r#""datePublished"\s*:\s*"([^"]{4,64})""#).ok());
    static MODIFIED: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r#""dateModified"\s*:\s*"([^"]{4,64})""#).ok());
    let pattern = if key == "dateModified" {
        &MODIFIED
    } else {
        &PUBLISHED
    };
    pattern
        .iter()
        .flat_map(move |re| re.captures_iter(script))
        .filter_map(|c| c.get(1))
        .map(|m| Published {
            value: m.as_str().to_string(),
            rank: 2,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(script: &str) -> Vec<String> {
        published(&[script.to_string()])
            .into_iter()
            .map(|p| p.value)
            .collect()
    }

    #[test]
    fn article_in_a_graph_ranks_first() {
        let script = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebPage","datePublished":"2023-09-20"},
            {"@type":"NewsArticle","datePublished":"2023-09-27T08:00:00+08:00",
             "dateModified":"2023-09-29"}]}"#;
        assert_eq!(values(script), ["2023-09-27T08:00:00+08:00", "2023-09-20"]);
    }

    #[test]
    fn arrays_and_type_lists() {
        let script = r#"[{"@type":["Article","Thing"],"datePublished":"2023-09-27"}]"#;
        assert_eq!(values(script), ["2023-09-27"]);
    }

    #[test]
    fn modified_only_gives_nothing() {
        assert!(values(r#"{"@type":"NewsArticle","dateModified":"2023-09-29"}"#).is_empty());
    }

    #[test]
    fn modification_dates_are_read_apart() {
        let script = r#"{"@type":"NewsArticle","datePublished":"2023-09-27",
            "dateModified":"2023-09-29"}"#;
        assert_eq!(modified_values(script), ["2023-09-29"]);
        let broken = "{\"@type\":\"Article\",\"a\":\"x\ny\",\"dateModified\":\"2023-09-29\",}";
        assert_eq!(modified_values(broken), ["2023-09-29"]);
    }

    fn modified_values(script: &str) -> Vec<String> {
        modified(&[script.to_string()])
            .into_iter()
            .map(|p| p.value)
            .collect()
    }

    #[test]
    fn broken_json_is_read_by_pattern() {
        let script =
            "{\"@type\":\"NewsArticle\",\"headline\":\"a\nb\",\"datePublished\":\"2023-09-27\",}";
        assert_eq!(values(script), ["2023-09-27"]);
    }
}

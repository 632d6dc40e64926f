//! OpenSearch description documents → the outlet's site search, as a URL template.
//!
//! A site that links `<link rel="search" type="application/opensearchdescription+xml">`
//! describes its search box in a small XML file: `<Url type="text/html"
//! template="https://…/search?q={searchTerms}&page={startPage?}">`. The template becomes a
//! sources.toml-style search template (`{query}`): `{searchTerms}` is the query, the
//! encodings are UTF-8, the language is the outlet's, optional parameters (`{…?}`) are left
//! empty as the specification allows, and the paging ones start at their first page. A
//! template with any other required parameter cannot be filled and is left out. Results
//! served as RSS or Atom are read as a feed (they carry dates); HTML results as a list page.

use quick_xml::events::Event;
use serde::{Deserialize, Serialize};

use super::super::listing::absolute;

/// A site search found through an OpenSearch description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SearchForm {
    /// The results URL with `{query}` where the query goes.
    pub(crate) template: String,
    /// True when the results are a feed (RSS or Atom), false for an HTML page.
    pub(crate) feed: bool,
}

/// Result formats, most useful first: a feed carries dates, HTML is what every site has.
const RESULT_TYPES: &[(&str, bool)] = &[
    ("application/rss+xml", true),
    ("application/atom+xml", true),
    ("text/html", false),
    ("application/xhtml+xml", false),
];

/// The search forms an OpenSearch description offers, best first (at most one per
/// result format). `base` is the description's URL, `language` the outlet's.
pub(crate) fn parse(xml: &str, base: &str, language: Option<&str>) -> Vec<SearchForm> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut root = None;
    let mut urls: Vec<(String, String)> = Vec::new();
    // Bounded: each pass reads one event of a finite text.
    loop {
        let element = match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => e,
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        let name = element.local_name().as_ref().to_ascii_lowercase();
        if root.is_none() {
            root = Some(name.clone());
        }
        if name != "url" {
            continue;
        }
        let attr = |wanted: &str| {
            element
                .attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref().eq_ignore_ascii_case(wanted))
                .and_then(|a| {
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()
                        .map(|v| v.into_owned())
                })
        };
        let get = attr("method").is_none_or(|m| m.eq_ignore_ascii_case("get"));
        let results = attr("rel").is_none_or(|r| {
            r.split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("results"))
        });
        if let (Some(kind), Some(template), true, true) =
            (attr("type"), attr("template"), get, results)
        {
            urls.push((kind.to_ascii_lowercase(), template));
        }
    }
    if root.as_deref() != Some("opensearchdescription") {
        return Vec::new();
    }
    let mut forms = Vec::new();
    for (wanted, feed) in RESULT_TYPES {
        let found = urls
            .iter()
            .filter(|(kind, _)| kind.split(';').next().unwrap_or("").trim() == *wanted)
            .find_map(|(_, template)| fill(template, language));
        if let Some(template) = found.and_then(|t| absolute(base, &t)) {
            let template = template.replace("%7Bquery%7D", "{query}");
            if template.contains("{query}")
                && !forms.iter().any(|f: &SearchForm| f.template == template)
            {
                forms.push(SearchForm {
                    template,
                    feed: *feed,
                });
            }
        }
    }
    forms
}

/// An OpenSearch template with every parameter but the query filled; `None` when it has no
/// `{searchTerms}` or a required parameter citecheck cannot fill.
fn fill(template: &str, language: Option<&str>) -> Option<String> {
    if !template.contains("{searchTerms}") {
        return None;
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    // Bounded: each pass consumes at least one `{`.
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let parameter = &after[..close];
        let optional = parameter.ends_with('?');
        let name = parameter.trim_end_matches('?');
        let value = match name {
            "searchTerms" => "{query}".to_string(),
            "inputEncoding" | "outputEncoding" => "UTF-8".into(),
            "language" => language.unwrap_or("*").into(),
            _ if optional => String::new(),
            "startPage" | "startIndex" => "1".into(),
            "count" => "20".into(),
            _ => return None,
        };
        out.push_str(&value);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_feed_templates_are_filled_but_the_query() {
        let xml = r#"<?xml version="1.0"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>News</ShortName>
  <Url type="application/x-suggestions+json" template="https://n.test/suggest?q={searchTerms}"/>
  <Url type="text/html" method="get" template="https://n.test/search?q={searchTerms}&amp;p={startPage?}&amp;lang={language}"/>
  <Url type="application/rss+xml" template="/search/rss?q={searchTerms}&amp;n={count}"/>
</OpenSearchDescription>"#;
        let forms = parse(xml, "https://n.test/opensearch.xml", Some("mn"));
        assert_eq!(
            forms,
            [
                SearchForm {
                    template: "https://n.test/search/rss?q={query}&n=20".into(),
                    feed: true
                },
                SearchForm {
                    template: "https://n.test/search?q={query}&p=&lang=mn".into(),
                    feed: false
                },
            ]
        );
    }

    #[test]
    fn unusable_templates_and_other_documents_give_nothing() {
        let required = r#"<OpenSearchDescription><Url type="text/html"
            template="https://n.test/s?q={searchTerms}&amp;key={apiKey}"/></OpenSearchDescription>"#;
        assert!(parse(required, "https://n.test/", None).is_empty());
        let post = r#"<OpenSearchDescription><Url type="text/html" method="post"
            template="https://n.test/s?q={searchTerms}"/></OpenSearchDescription>"#;
        assert!(parse(post, "https://n.test/", None).is_empty());
        assert!(parse("<html><body>no</body></html>", "https://n.test/", None).is_empty());
        assert!(parse("<Open", "https://n.test/", None).is_empty());
    }
}

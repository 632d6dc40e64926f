//! A SearXNG instance the user runs (`[search] searxng`): the way to an outlet cited
//! without a domain, and the last resort for the others.
//!
//! One query per citation, `GET {searxng}?q=…&format=json` in the outlet's language: for an
//! outlet without a domain, its quoted name and the claim's key words; for an outlet with
//! one, `site:<domain>` and the words (results off the domain are dropped). The answer's
//! `results` (`url`, `title`, `content`, `publishedDate`) become candidates, ranked by their
//! title and snippet, read and scored like any other page.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::model::{Citation, ResolutionMethod};
use crate::sources::{Archives, Outlet};

use super::super::discover::query::queries;
use super::super::gather::Lists;
use super::super::listing::{strip_tags, Listed};
use super::super::Limits;
use super::on_domains;

/// Results taken from one answer.
pub(crate) const MAX_RESULTS: usize = 20;

#[derive(Debug, Deserialize)]
struct Answer {
    #[serde(default)]
    results: Vec<Result_>,
}

#[derive(Debug, Deserialize)]
struct Result_ {
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    content: Option<String>,
    #[serde(default, rename = "publishedDate")]
    published: Option<String>,
}

/// The query for a citation: `"Outlet name" words` without a domain, `site:domain words`
/// with one.
pub(crate) fn query(citation: &Citation, outlet: &Outlet, limits: &Limits) -> String {
    let words = queries(
        &citation.claim,
        outlet.language.as_deref(),
        limits.search_terms,
    )
    .into_iter()
    .next()
    .unwrap_or_default();
    match outlet.domains.first() {
        Some(domain) => format!("site:{domain} {words}"),
        None => format!("\"{}\" {words}", outlet.name),
    }
    .trim()
    .to_string()
}

/// The search URL for a query.
pub(crate) fn search_url(endpoint: &str, query: &str, language: Option<&str>) -> String {
    let q: String = url::form_urlencoded::byte_serialize(query.as_bytes()).collect();
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    let mut url = format!("{endpoint}{sep}q={q}&format=json");
    if let Some(lang) = language {
        url.push_str(&format!("&language={lang}"));
    }
    url
}

/// The candidates of a SearXNG JSON answer; `domains` (when any) keep only the outlet's.
pub(crate) fn parse(text: &str, domains: &[String]) -> Result<Vec<Listed>, String> {
    let answer: Answer =
        serde_json::from_str(text).map_err(|e| format!("not a SearXNG JSON answer: {e}"))?;
    Ok(answer
        .results
        .into_iter()
        .filter_map(|r| {
            let url = super::super::listing::absolute("", r.url.as_deref()?)?;
            if !domains.is_empty() && !on_domains(&url, domains) {
                return None;
            }
            let date = r
                .published
                .as_deref()
                .and_then(|p| p.get(..10))
                .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
            let title = format!(
                "{} {}",
                strip_tags(r.title.as_deref().unwrap_or("")),
                strip_tags(r.content.as_deref().unwrap_or(""))
            );
            Some(Listed::new(
                url,
                date,
                title.trim().to_string(),
                ResolutionMethod::Searxng,
            ))
        })
        .take(MAX_RESULTS)
        .collect())
}

/// The pages SearXNG finds for a citation.
pub(crate) async fn list(
    lists: &mut Lists<'_>,
    citation: &Citation,
    archives: &Archives,
) -> Vec<Listed> {
    let Some(endpoint) = archives.searxng.as_deref() else {
        return Vec::new();
    };
    let outlet = lists.outlet;
    let q = query(citation, outlet, lists.limits);
    if q.is_empty() {
        return Vec::new();
    }
    let url = search_url(endpoint, &q, outlet.language.as_deref());
    let page = match lists.fetch(&url).await {
        Ok(page) => page,
        Err((_, why)) => {
            lists.failures.push(why);
            return Vec::new();
        }
    };
    match parse(&page.text, &outlet.domains) {
        Ok(found) => found
            .into_iter()
            .map(|mut l| {
                l.via.clone_from(&url);
                l.discovered = true;
                l
            })
            .collect(),
        Err(e) => {
            let failure = format!("{url} ({e})");
            tracing::debug!("{failure}");
            lists.failures.push(failure);
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_become_candidates_on_the_outlets_domain() {
        let text = r#"{"results": [
            {"url": "https://forest.test/news/1", "title": "Forest <b>fires</b>",
             "content": "14 hectares", "publishedDate": "2023-09-27T00:00:00"},
            {"url": "https://elsewhere.test/copy", "title": "Copy", "content": null},
            {"title": "no url"}]}"#;
        let all = parse(text, &[]).expect("valid");
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].title, "Forest fires 14 hectares");
        assert_eq!(all[0].date, NaiveDate::from_ymd_opt(2023, 9, 27));
        let own = parse(text, &["forest.test".into()]).expect("valid");
        assert_eq!(own.len(), 1);
        assert!(parse("<html>", &[]).is_err());
        let url = search_url(
            "http://localhost:8888/search",
            "\"Forest\" fires 14",
            Some("mn"),
        );
        assert_eq!(
            url,
            "http://localhost:8888/search?q=%22Forest%22+fires+14&format=json&language=mn"
        );
    }
}

//! The order in which a citation's source is looked for, and that order in words (logged
//! with `-v`, and by dry runs, which make no request).
//!
//! Lists written in sources.toml come first: the user chose them. Then what discovery
//! finds from the outlet's home page, cheapest first — feeds (one request, the latest
//! items), WordPress's posts of the cited days (one request), sitemaps (an index and a
//! child or two), the site search (one request, undated results) — each stage stopping the
//! search when it gives a confident answer. `accessed` citations (a page read on a day, not
//! published then) start with the fixed pages and the search; undated ones go through
//! everything the lists hold.

use chrono::{Datelike, Duration, NaiveDate};

use crate::model::{Citation, ResolutionMethod};
use crate::sources::Outlet;

use super::discover::query;
use super::Limits;

/// One stage of the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// sources.toml's fixed pages.
    Pages,
    /// sources.toml's feeds, sitemaps and date archive; `windowed`: only pages dated
    /// around the cited day.
    Lists {
        /// Only around the cited day.
        windowed: bool,
    },
    /// sources.toml's site search.
    Search,
    /// Feeds the home page links.
    FoundFeeds,
    /// WordPress's REST posts of the cited days, else its day archive.
    FoundWordPress,
    /// Sitemaps named in robots.txt or found at their conventional paths.
    FoundSitemaps,
    /// Site search through an OpenSearch description.
    FoundSearch,
    /// The outlet's home page, feeds and sitemaps as archived on the cited days.
    ArchivedLists,
    /// The Wayback CDX listing of the outlet's domain around the cited date.
    Wayback,
    /// Common Crawl's index of the outlet's domain around the cited date.
    CommonCrawl,
    /// A SearXNG search.
    Searxng,
}

impl Step {
    /// True for the stages that ask the archives or a search engine.
    pub(crate) fn is_archive(self) -> bool {
        matches!(
            self,
            Step::ArchivedLists | Step::Wayback | Step::CommonCrawl | Step::Searxng
        )
    }

    /// True for the stages that need discovery first.
    pub(crate) fn discovered(self) -> bool {
        matches!(
            self,
            Step::FoundFeeds | Step::FoundWordPress | Step::FoundSitemaps | Step::FoundSearch
        )
    }
}

/// The stages for a citation of `outlet`, in order.
pub(crate) fn steps(citation: &Citation, outlet: &Outlet) -> Vec<Step> {
    let has_lists =
        !outlet.feeds.is_empty() || !outlet.sitemaps.is_empty() || outlet.archive.is_some();
    let configured = |step: Step| match step {
        Step::Pages => !outlet.pages.is_empty(),
        Step::Lists { .. } => has_lists,
        Step::Search => outlet.search.is_some(),
        _ => outlet.home_url().is_some(),
    };
    let order: &[Step] = if citation.accessed {
        &[
            Step::Pages,
            Step::Search,
            Step::Lists { windowed: false },
            Step::FoundSearch,
            Step::FoundFeeds,
            Step::FoundSitemaps,
        ]
    } else if citation.date.is_some() {
        &[
            Step::Lists { windowed: true },
            Step::Search,
            Step::FoundFeeds,
            Step::FoundWordPress,
            Step::FoundSitemaps,
            Step::FoundSearch,
        ]
    } else {
        &[
            Step::Lists { windowed: false },
            Step::Search,
            Step::Pages,
            Step::FoundFeeds,
            Step::FoundSitemaps,
            Step::FoundSearch,
        ]
    };
    order.iter().copied().filter(|s| configured(*s)).collect()
}

/// The method reported when nothing was listed: the first configured key's, else
/// `sitemap` (what discovery looks for first).
pub(crate) fn first_method(outlet: &Outlet) -> ResolutionMethod {
    if !outlet.feeds.is_empty() {
        ResolutionMethod::Feed
    } else if !outlet.sitemaps.is_empty() {
        ResolutionMethod::Sitemap
    } else if outlet.archive.is_some() {
        ResolutionMethod::Archive
    } else if outlet.search.is_some() {
        ResolutionMethod::Search
    } else if !outlet.pages.is_empty() {
        ResolutionMethod::Page
    } else {
        ResolutionMethod::Sitemap
    }
}

/// The days around the cited one, as `from..to`.
fn window(date: NaiveDate, days: i64) -> String {
    format!(
        "{}..{}",
        date - Duration::days(days),
        date + Duration::days(days)
    )
}

/// The plan for a citation, one line per stage, for the log.
/// `extra`: the archive stages' lines, after the outlet's own.
pub(crate) fn describe(
    citation: &Citation,
    outlet: &Outlet,
    limits: &Limits,
    extra: Vec<String>,
) -> Vec<String> {
    let date = citation.date.filter(|_| !citation.accessed);
    let near = date.map_or(String::new(), |d| {
        format!(", pages of {}", window(d, limits.window_days))
    });
    let query = query::queries(
        &citation.claim,
        outlet.language.as_deref(),
        limits.search_terms,
    );
    let query = query
        .first()
        .map_or("(no query words)".into(), |q| format!("{q:?}"));
    let home = outlet.home_url().unwrap_or_default();
    let mut lines = Vec::new();
    let mut discovery_said = false;
    for step in steps(citation, outlet) {
        if step.discovered() && !discovery_said {
            discovery_said = true;
            lines.push(format!(
                "discover from {home} (once per outlet and run, kept 7 days with --cache): the \
                 home page (feeds, OpenSearch, WordPress), robots.txt Sitemap: lines, else \
                 /sitemap_index.xml, /sitemap.xml, /wp-sitemap.xml, /sitemap-news.xml and \
                 their .gz forms, one at a time"
            ));
        }
        lines.push(match step {
            Step::Pages => format!("sources.toml pages: {}", outlet.pages.join(", ")),
            Step::Lists { .. } => {
                let mut lists: Vec<String> =
                    outlet.feeds.iter().map(|f| format!("feed {f}")).collect();
                lists.extend(outlet.sitemaps.iter().map(|s| format!("sitemap {s}")));
                if let Some(archive) = &outlet.archive {
                    lists.push(format!("date archive {archive}"));
                }
                format!("sources.toml lists: {}{near}", lists.join(", "))
            }
            Step::Search => format!(
                "sources.toml site search {} for {query}",
                outlet.search.as_deref().unwrap_or("")
            ),
            Step::FoundFeeds => format!("feeds the home page links{near}"),
            Step::FoundWordPress => match date {
                Some(d) => format!(
                    "if WordPress: REST posts {} ({{rest}}/wp/v2/posts?after=…&before=…), else \
                     the day archive {home}{}",
                    window(d, limits.window_days),
                    d.format("%Y/%m/%d/")
                ),
                None => "if WordPress: nothing (no cited date)".into(),
            },
            Step::FoundSitemaps => match date {
                Some(d) => format!(
                    "sitemaps: in an index, the children for {}-{:02} by name or lastmod \
                     (at most {} per level, two levels){near}",
                    d.year(),
                    d.month(),
                    limits.max_child_sitemaps
                ),
                None => "sitemaps: the most recently changed children".into(),
            },
            Step::FoundSearch => format!("OpenSearch site search for {query}"),
            Step::ArchivedLists | Step::Wayback | Step::CommonCrawl | Step::Searxng => continue,
        });
    }
    lines.extend(extra);
    if lines.is_empty() {
        return vec![
            "nothing to search: no domain, home page, lists, search or pages in sources.toml"
                .into(),
        ];
    }
    let mut numbered: Vec<String> = lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| format!("{}. {l}", i + 1))
        .collect();
    numbered.push(format!(
        "bounds: at most {} candidate pages read and {} requests for this citation",
        limits.max_candidates, limits.max_requests
    ));
    numbered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outlet(toml: &str) -> Outlet {
        let text = format!("[outlets.x]\nname = \"X\"\n{toml}");
        let sources =
            crate::sources::Sources::parse(&text, std::path::Path::new("s.toml")).expect("sources");
        sources.outlets[0].clone()
    }

    fn citation(date: Option<&str>, accessed: bool) -> Citation {
        Citation {
            id: "c1".into(),
            outlet: Some("X".into()),
            date: date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            accessed,
            url: None,
            line: 1,
            column: 1,
            claim: "China and Mongolia signed 14 agreements.".into(),
            context: String::new(),
            quotes: Vec::new(),
        }
    }

    #[test]
    fn configured_lists_come_first_then_discovered_ones_cheapest_first() {
        let o = outlet("domains = [\"x.test\"]\nfeeds = [\"https://x.test/rss\"]\n");
        assert_eq!(
            steps(&citation(Some("2023-09-27"), false), &o),
            [
                Step::Lists { windowed: true },
                Step::FoundFeeds,
                Step::FoundWordPress,
                Step::FoundSitemaps,
                Step::FoundSearch
            ]
        );
        let bare = outlet("");
        assert!(steps(&citation(Some("2023-09-27"), false), &bare).is_empty());
        let accessed = steps(&citation(Some("2023-09-27"), true), &o);
        assert_eq!(accessed[0], Step::Lists { windowed: false });
        assert!(!accessed.contains(&Step::FoundWordPress));
    }

    #[test]
    fn the_plan_names_every_stage_and_the_bounds() {
        let o = outlet("domains = [\"x.test\"]\nlanguage = \"mn\"\n");
        let plan = describe(
            &citation(Some("2023-09-27"), false),
            &o,
            &Limits::default(),
            Vec::new(),
        );
        let text = plan.join("\n");
        assert!(text.contains("discover from https://x.test/"), "{text}");
        assert!(text.contains("2023-09-25..2023-09-29"), "{text}");
        assert!(text.contains("https://x.test/2023/09/27/"), "{text}");
        assert!(
            text.contains("хятад"),
            "the query in the outlet's language: {text}"
        );
        assert!(plan.last().is_some_and(|l| l.contains("100 requests")));
    }
}

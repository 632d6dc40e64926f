//! Citation → the URL to check: the document's own link, or the article found through the
//! outlet's feeds, sitemaps, date archive, site search or fixed pages.
//!
//! "(Ikon, September 27)" names an outlet and a day, not a page. Discovery lists the
//! outlet's articles around that day (`gather`), ranks them by their headlines and dates,
//! fetches the most promising few politely, and scores each against the claim and its
//! context ([`score`]): the matcher's evidence first (quotes, numbers, names), key-term
//! overlap only where it has none. The best candidate is chosen only when its evidence
//! supports the claim and it clearly beats the runner-up; otherwise the citation stays
//! unresolved and the report lists what was tried — a wrong source confidently checked is
//! worse than an honest "not found".
//!
//! Work is done in stages, cheapest first, and stops at the first confident answer: the
//! dated lists (feeds, sitemaps, the day's archive page), then site search; for `accessed`
//! citations the outlet's fixed pages first. Every stage shares one budget of list
//! requests and one of candidate fetches per citation ([`Limits`]).

mod cache;
mod feed;
mod gather;
mod listing;
pub mod score;
mod sitemap;
mod template;
mod terms;

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use futures_util::future::join_all;

use crate::fetch::{FetchOutcome, FetchRequest, Fetcher, Purpose};
use crate::model::{Article, Candidate, Citation, LinkStatus, Resolution, ResolutionMethod};
use crate::read::Reading;
use crate::sources::Outlet;

use cache::{ArticleRead, Cache};
use gather::Lists;
use listing::Listed;
use score::{Claim, Score, Scored};

/// Where a citation's source was found, if anywhere.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resolved {
    /// The URL to check.
    pub url: Option<String>,
    /// How it was found, with the candidates considered (also when none was chosen, so
    /// the reader sees what was tried).
    pub resolution: Option<Resolution>,
    /// Why it was chosen or why none was, in words for the report's reasons.
    pub reason: Option<String>,
    /// The chosen page's fetch (with [`Purpose::Citation`]) when discovery made it and it
    /// landed on `url` without a redirect: the pipeline can use it instead of fetching
    /// the page again.
    pub fetched: Option<FetchOutcome>,
    /// The chosen page's extracted article (read at `url`), so the pipeline does not
    /// extract it a second time.
    pub article: Option<Arc<Article>>,
}

/// Bounds on the work done for one citation.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Days around the cited date whose articles are candidates (±).
    pub window_days: i64,
    /// Candidate articles fetched at most.
    pub max_candidates: usize,
    /// List requests (feeds, sitemaps, archive pages, search) at most.
    pub max_lists: usize,
    /// Child sitemaps of an index read at most, per level.
    pub max_child_sitemaps: usize,
    /// Words in a site-search query at most.
    pub search_terms: usize,
}

/// The limits `resolve` uses.
pub const LIMITS: Limits = Limits {
    window_days: 2,
    max_candidates: 10,
    max_lists: 12,
    max_child_sitemaps: 3,
    search_terms: 5,
};

impl Default for Limits {
    fn default() -> Self {
        LIMITS
    }
}

/// Resolves the citations of one run, sharing what it reads between them: an outlet's
/// feed is read once however many citations name the outlet, a candidate article once
/// however many windows hold it. Cheap to clone; clones share the cache.
#[derive(Clone, Default)]
pub struct Resolver {
    limits: Limits,
    cache: Arc<Cache>,
}

impl Resolver {
    /// A resolver with these limits and an empty cache.
    pub fn new(limits: Limits) -> Resolver {
        Resolver {
            limits,
            cache: Arc::new(Cache::default()),
        }
    }

    /// Finds the URL for a citation. Network access only goes through `fetcher` (so it is
    /// polite and recorded); with `fetcher` `None` (a dry run) only the document is used.
    pub async fn resolve(
        &self,
        citation: &Citation,
        outlet: Option<&Outlet>,
        fetcher: Option<&Fetcher>,
    ) -> Resolved {
        if let Some(url) = &citation.url {
            return Resolved {
                url: Some(url.clone()),
                resolution: Some(Resolution {
                    method: ResolutionMethod::Link,
                    confidence: 1.0,
                    candidates: vec![Candidate {
                        url: url.clone(),
                        score: 1.0,
                    }],
                }),
                ..Resolved::default()
            };
        }
        let (Some(outlet), Some(fetcher)) = (outlet, fetcher) else {
            return Resolved::default();
        };
        let Some(first) = first_method(outlet) else {
            return Resolved {
                reason: Some(format!(
                    "{} has no feeds, sitemaps, archive, search or pages in sources.toml",
                    outlet.name
                )),
                ..Resolved::default()
            };
        };
        Discovery {
            citation,
            claim: Claim::new(citation),
            lists: Lists::new(fetcher, outlet, &self.limits, &self.cache),
            fetcher,
            outlet,
            limits: &self.limits,
            cache: &self.cache,
            scored: Vec::new(),
            tried: HashSet::new(),
            texts: HashSet::new(),
            outcomes: HashMap::new(),
            articles: HashMap::new(),
            listed_method: None,
        }
        .run(first)
        .await
    }
}

/// Finds the URL for one citation, with the default [`LIMITS`] and nothing shared with
/// other citations (a run should share one [`Resolver`]).
pub async fn resolve(
    citation: &Citation,
    outlet: Option<&Outlet>,
    fetcher: Option<&Fetcher>,
) -> Resolved {
    Resolver::default().resolve(citation, outlet, fetcher).await
}

/// [`resolve`] with explicit limits.
pub async fn resolve_with(
    citation: &Citation,
    outlet: Option<&Outlet>,
    fetcher: Option<&Fetcher>,
    limits: &Limits,
) -> Resolved {
    Resolver::new(limits.clone())
        .resolve(citation, outlet, fetcher)
        .await
}

/// The method of the first discovery key an outlet has, if any.
fn first_method(outlet: &Outlet) -> Option<ResolutionMethod> {
    if !outlet.feeds.is_empty() {
        Some(ResolutionMethod::Feed)
    } else if !outlet.sitemaps.is_empty() {
        Some(ResolutionMethod::Sitemap)
    } else if outlet.archive.is_some() {
        Some(ResolutionMethod::Archive)
    } else if outlet.search.is_some() {
        Some(ResolutionMethod::Search)
    } else if !outlet.pages.is_empty() {
        Some(ResolutionMethod::Page)
    } else {
        None
    }
}

/// One way of listing candidates, tried in order.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stage {
    /// The outlet's fixed pages.
    Pages,
    /// Feeds, sitemaps, the day's archive page; `windowed`: only around the cited date.
    Lists { windowed: bool },
    /// Site search.
    Search,
}

/// The state of discovery for one citation.
struct Discovery<'a> {
    citation: &'a Citation,
    claim: Claim,
    lists: Lists<'a>,
    fetcher: &'a Fetcher,
    outlet: &'a Outlet,
    limits: &'a Limits,
    cache: &'a Cache,
    /// Candidates fetched and scored so far.
    scored: Vec<Scored>,
    /// Listed URLs already fetched (and final URLs read).
    tried: HashSet<String>,
    /// Hashes of article texts already scored (one article at two URLs counts once).
    texts: HashSet<u64>,
    /// This citation's own fetches of candidates, by listed URL.
    outcomes: HashMap<String, FetchOutcome>,
    /// The articles read for this citation, by listed URL.
    articles: HashMap<String, Arc<Article>>,
    /// The method of the first list that named anything.
    listed_method: Option<ResolutionMethod>,
}

impl Discovery<'_> {
    async fn run(mut self, first: ResolutionMethod) -> Resolved {
        let date = self.citation.date;
        let stages: &[Stage] = if self.citation.accessed {
            &[
                Stage::Pages,
                Stage::Search,
                Stage::Lists { windowed: false },
            ]
        } else if date.is_some() {
            &[Stage::Lists { windowed: true }, Stage::Search]
        } else {
            &[
                Stage::Lists { windowed: false },
                Stage::Search,
                Stage::Pages,
            ]
        };
        let mut choice = score::choose(&mut self.scored);
        for &stage in stages {
            let listed = match stage {
                Stage::Pages => gather::pages(self.outlet),
                Stage::Lists { windowed } => {
                    let listed = self.lists.dated(date).await;
                    if windowed {
                        self.in_window(listed)
                    } else {
                        listed
                    }
                }
                Stage::Search => {
                    let query = terms::search_query(&self.citation.claim, self.limits.search_terms);
                    let listed = self.lists.search(&query, date).await;
                    self.in_window(listed)
                }
            };
            if self.listed_method.is_none() {
                self.listed_method = listed.first().map(|l| l.method);
            }
            self.try_candidates(listed).await;
            choice = score::choose(&mut self.scored);
            if choice.chosen.is_some() || self.scored.len() >= self.limits.max_candidates {
                break;
            }
        }
        let candidates = self
            .scored
            .iter()
            .map(|s| Candidate {
                url: s.url.clone(),
                score: (s.score.value * 1000.0).round() / 1000.0,
            })
            .collect();
        let method = self
            .scored
            .first()
            .map(|s| s.method)
            .or(self.listed_method)
            .unwrap_or(first);
        if self.scored.is_empty() && !self.lists.failures.is_empty() {
            choice.reason = format!(
                "no candidate pages: could not read {}",
                self.lists.failures.join("; ")
            );
        }
        let chosen = choice.chosen.and_then(|i| self.scored.get(i));
        let article = chosen.and_then(|c| self.articles.remove(&c.listed));
        let fetched = chosen.and_then(|c| {
            self.outcomes
                .remove(&c.listed)
                .filter(|o| o.link.status == LinkStatus::Ok && o.link.final_url.is_none())
        });
        Resolved {
            url: chosen.map(|c| c.url.clone()),
            resolution: Some(Resolution {
                method,
                confidence: (choice.confidence * 1000.0).round() / 1000.0,
                candidates,
            }),
            reason: Some(choice.reason),
            fetched,
            article,
        }
    }

    /// Keeps the listed pages dated within the window of the cited date, and the undated.
    fn in_window(&self, listed: Vec<Listed>) -> Vec<Listed> {
        let Some(cited) = self.citation.date.filter(|_| !self.citation.accessed) else {
            return listed;
        };
        listed
            .into_iter()
            .filter(|l| {
                l.date
                    .is_none_or(|d| (d - cited).num_days().abs() <= self.limits.window_days)
            })
            .collect()
    }

    /// Merges duplicates, ranks by headline and date, fetches the best few within the
    /// candidate budget, and scores them.
    async fn try_candidates(&mut self, listed: Vec<Listed>) {
        let mut merged: Vec<Listed> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for l in listed {
            if self.tried.contains(&l.url) {
                continue;
            }
            match at.get(&l.url) {
                Some(&i) => {
                    let m = &mut merged[i];
                    m.date = m.date.or(l.date);
                    if !m.title.contains(&l.title) {
                        m.title = format!("{} {}", m.title, l.title);
                    }
                }
                None => {
                    at.insert(l.url.clone(), merged.len());
                    merged.push(l);
                }
            }
        }
        let cited = self.citation.date.filter(|_| !self.citation.accessed);
        let rank = |l: &Listed| self.claim.headline_overlap(&l.title) + closeness(cited, l.date);
        let mut ranked: Vec<(f64, Listed)> = merged.into_iter().map(|l| (rank(&l), l)).collect();
        // Stable: equal ranks keep the lists' order (feeds list the newest first).
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let room = self.limits.max_candidates.saturating_sub(self.scored.len());
        let chosen: Vec<Listed> = ranked.into_iter().take(room).map(|(_, l)| l).collect();
        let (fetcher, cache) = (self.fetcher, self.cache);
        let fresh: Mutex<HashMap<String, FetchOutcome>> = Mutex::new(HashMap::new());
        let fresh_ref = &fresh;
        let reads = join_all(chosen.iter().map(|l| {
            let url = l.url.clone();
            cache.article(&l.url, async move {
                let request = FetchRequest::new(url.clone(), Purpose::Citation);
                let Reading { outcome, article } = Reading::fetch(fetcher, request).await;
                let read = article
                    .zip(outcome.page.as_ref())
                    .map(|(article, page)| ArticleRead {
                        url: page.url.clone(),
                        article,
                    });
                if let Ok(mut fresh) = fresh_ref.lock() {
                    fresh.insert(url, outcome);
                }
                read
            })
        }))
        .await;
        if let Ok(fresh) = fresh.into_inner() {
            self.outcomes.extend(fresh);
        }
        for (listed, read) in chosen.into_iter().zip(reads) {
            self.tried.insert(listed.url.clone());
            if let Some(read) = &read {
                self.articles
                    .insert(listed.url.clone(), read.article.clone());
            }
            let Some(read) = read else {
                self.scored.push(Scored {
                    url: listed.url.clone(),
                    listed: listed.url,
                    method: listed.method,
                    score: Score::default(),
                });
                continue;
            };
            let mut hasher = DefaultHasher::new();
            read.article.text.hash(&mut hasher);
            if !self.tried.insert(read.url.clone()) && read.url != listed.url
                || !self.texts.insert(hasher.finish())
            {
                continue; // the same article, reached again
            }
            let score = score::score(self.citation, &self.claim, &read.article, listed.date);
            self.scored.push(Scored {
                url: read.url,
                listed: listed.url,
                method: listed.method,
                score,
            });
        }
    }
}

/// How near a listed date is to the cited one, for ranking before fetching.
fn closeness(cited: Option<NaiveDate>, listed: Option<NaiveDate>) -> f64 {
    match (cited, listed) {
        (None, _) => 0.0,
        (Some(_), None) => 0.15,
        (Some(c), Some(l)) => match (l - c).num_days().abs() {
            0 => 0.5,
            1 => 0.35,
            2 => 0.2,
            _ => 0.0,
        },
    }
}

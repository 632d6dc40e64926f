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
//! Work is done in stages (`plan`), cheapest first, and stops at the first confident
//! answer: the lists written in sources.toml (feeds, sitemaps, the day's archive page, site
//! search), then the lists discovered from the outlet's home page (`discover`: feeds,
//! WordPress's posts of the cited days, sitemaps found through robots.txt or by convention,
//! an OpenSearch site search); for `accessed` citations the outlet's fixed pages first.
//! When the outlet's own site cannot help, the archives and a search engine are asked what
//! it published around that day (`archives`: its lists as archived then, the Wayback CDX
//! listing of its domain, Common Crawl's index, SearXNG).
//! Every stage shares the citation's budgets ([`Limits`]): lists read, candidate pages
//! read, and HTTP requests as the servers count them.

mod archives;
mod cache;
mod discover;
mod duplicates;
pub(crate) mod feed;
mod gather;
mod listing;
mod plan;
pub mod score;
pub(crate) mod sitemap;
mod template;
mod terms;

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use futures_util::future::join_all;

use crate::archive::ArchivedPage;
use crate::cache::DiskCache;
use crate::fetch::{FetchOutcome, Fetcher};
use crate::model::{Article, Candidate, Citation, LinkStatus, Resolution, ResolutionMethod};
use crate::sources::{Archives, Outlet};

use archives::Services;
use cache::Cache;
use discover::{stages, Discovered};
use gather::Lists;
use listing::Listed;
use plan::Step;
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
    /// The chosen page's fetch (with [`crate::fetch::Purpose::Citation`]) when discovery made it and it
    /// landed on `url` without a redirect: the pipeline can use it instead of fetching
    /// the page again.
    pub fetched: Option<FetchOutcome>,
    /// The chosen page's extracted article (read at `url`), so the pipeline does not
    /// extract it a second time.
    pub article: Option<Arc<Article>>,
    /// The archived copy the chosen page was read from, when an archive offered it and its
    /// live page is dead or blocked: the pipeline reports it as the citation's archive.
    pub copy: Option<ArchivedPage>,
}

/// Bounds on the work done for one citation.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Days around the cited date whose articles are candidates (±).
    pub window_days: i64,
    /// Candidate articles fetched at most (sources.toml `max_candidates`).
    pub max_candidates: usize,
    /// Lists read at most (feeds, sitemaps, archive pages, search), also when another
    /// citation already read them.
    pub max_lists: usize,
    /// HTTP requests at most, as the servers count them: lists, discovery, candidates,
    /// retries and redirects, and each host's robots.txt and not-found probe.
    pub max_requests: usize,
    /// Child sitemaps of an index read at most, per level.
    pub max_child_sitemaps: usize,
    /// Words in a site-search query at most.
    pub search_terms: usize,
}

/// The limits `resolve` uses.
pub const LIMITS: Limits = Limits {
    window_days: 2,
    max_candidates: 50,
    max_lists: 40,
    max_requests: 100,
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
    disk: Option<Arc<DiskCache>>,
    services: Arc<Services>,
}

impl Resolver {
    /// A resolver with these limits and an empty cache.
    pub fn new(limits: Limits) -> Resolver {
        Resolver {
            limits,
            cache: Arc::new(Cache::default()),
            disk: None,
            services: Arc::default(),
        }
    }

    /// The same resolver, also asking the archives and search engine of sources.toml
    /// (`[archives]`, `[search]`) what the outlet published, when its own site cannot help.
    pub fn with_archives(mut self, archives: &Archives) -> Resolver {
        self.services = Arc::new(Services::new(archives));
        self
    }

    /// The same resolver, keeping discovered lists and lists about the past in `disk`
    /// across runs (`--cache`).
    pub fn with_disk_cache(mut self, disk: Arc<DiskCache>) -> Resolver {
        self.disk = Some(disk);
        self
    }

    /// The run's politeness toward the archives, for the pipeline's own archive look-ups.
    pub fn archive_gate(&self) -> &crate::archive::polite::ArchiveGate {
        &self.services.gate
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
                    via: None,
                    discovered: false,
                }),
                ..Resolved::default()
            };
        }
        let Some(outlet) = outlet else {
            return Resolved::default();
        };
        let archives = &self.services.config;
        let mut steps = plan::steps(citation, outlet);
        steps.extend(archives::steps(citation, outlet, archives));
        let extra = archives::describe(citation, outlet, archives, &self.limits);
        let lines = plan::describe(citation, outlet, &self.limits, extra);
        // One event per step: log fields are escaped (no raw newlines reach a terminal), so
        // a multi-line message would print as one unreadable line.
        let date = citation.date.map_or("(undated)".into(), |d| d.to_string());
        for line in &lines {
            tracing::info!(
                citation = %citation.id,
                outlet = %outlet.key,
                "plan for {} {date}: {line}",
                outlet.name,
            );
        }
        let Some(fetcher) = fetcher else {
            return Resolved::default();
        };
        if steps.is_empty() {
            return Resolved {
                reason: Some(format!(
                    "{} has no domain, home page, feeds, sitemaps, archive, search or pages \
                     in sources.toml, and no [search] searxng is configured to look it up",
                    outlet.name
                )),
                ..Resolved::default()
            };
        }
        let first = plan::first_method(outlet);
        Discovery {
            citation,
            claim: Claim::new(citation),
            lists: Lists::new(
                fetcher,
                outlet,
                &self.limits,
                &self.cache,
                self.disk.as_deref(),
            ),
            fetcher,
            outlet,
            limits: &self.limits,
            cache: &self.cache,
            services: &self.services,
            copies: HashMap::new(),
            scored: Vec::new(),
            excluded: Vec::new(),
            tried: HashSet::new(),
            texts: HashSet::new(),
            outcomes: HashMap::new(),
            articles: HashMap::new(),
            listed_method: None,
            origins: HashMap::new(),
            found: None,
            reserve: 0,
        }
        .run(&steps, first)
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

/// The state of discovery for one citation.
struct Discovery<'a> {
    citation: &'a Citation,
    claim: Claim,
    lists: Lists<'a>,
    fetcher: &'a Fetcher,
    outlet: &'a Outlet,
    limits: &'a Limits,
    cache: &'a Cache,
    /// The archives and search engine, with their politeness.
    services: &'a Services,
    /// Archived copies candidates were read from, by listed URL.
    copies: HashMap<String, ArchivedPage>,
    /// Candidates fetched and scored so far.
    scored: Vec<Scored>,
    /// `--exclude` patterns that kept candidates from being read.
    excluded: Vec<String>,
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
    /// For each listed URL fetched: the list that named it, and whether it was discovered.
    origins: HashMap<String, (String, bool)>,
    /// What discovery found for the outlet, once asked for.
    found: Option<Arc<Discovered>>,
    /// Requests the current stage's candidates leave to the stages after it.
    reserve: usize,
}

impl Discovery<'_> {
    async fn run(mut self, steps: &[Step], first: ResolutionMethod) -> Resolved {
        let mut choice = score::choose(&mut self.scored);
        for (at, &step) in steps.iter().enumerate() {
            // An archive stage leaves half of what is left to the stages after it, so a
            // listing of a busy domain cannot keep Common Crawl or SearXNG from being asked.
            self.reserve = match step.is_archive() && at + 1 < steps.len() {
                true => self.lists.budget.left() / 2,
                false => 0,
            };
            let listed = self.list(step).await;
            if self.listed_method.is_none() {
                self.listed_method = listed.first().map(|l| l.method);
            }
            self.try_candidates(listed).await;
            choice = score::choose(&mut self.scored);
            if choice.chosen.is_some()
                || self.scored.len() >= self.limits.max_candidates
                || self.lists.budget.left() == 0
            {
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
        if self.scored.is_empty() {
            choice.reason = self.nothing_found();
        }
        let chosen = choice.chosen.and_then(|i| self.scored.get(i));
        let origin = chosen
            .and_then(|c| self.origins.get(&c.listed))
            .filter(|(via, _)| !via.is_empty())
            .cloned();
        if let Some((via, discovered)) = &origin {
            let how = if *discovered {
                "discovered"
            } else {
                "from sources.toml"
            };
            choice.reason = format!("{}; listed in {via} ({how})", choice.reason);
        }
        let article = chosen.and_then(|c| self.articles.remove(&c.listed));
        let fetched = chosen.and_then(|c| {
            self.outcomes.remove(&c.listed).filter(|o| {
                o.link.status == LinkStatus::Ok && o.link.final_url.is_none() && c.url == c.listed
            })
        });
        let copy = chosen.and_then(|c| self.copies.remove(&c.listed));
        Resolved {
            copy,
            url: chosen.map(|c| c.url.clone()),
            resolution: Some(Resolution {
                method,
                confidence: (choice.confidence * 1000.0).round() / 1000.0,
                candidates,
                via: origin.as_ref().map(|(via, _)| via.clone()),
                discovered: origin.is_some_and(|(_, discovered)| discovered),
            }),
            reason: Some(choice.reason),
            fetched,
            article,
        }
    }

    /// The pages one stage lists (only those near the cited date, where it has one).
    async fn list(&mut self, step: Step) -> Vec<Listed> {
        let date = self.citation.date;
        let listed = match step {
            Step::Pages => return gather::pages(self.outlet),
            Step::ArchivedLists | Step::Wayback | Step::CommonCrawl | Step::Searxng => {
                archives::list(step, &mut self.lists, self.citation, self.services).await
            }
            Step::Lists { windowed: false } => return self.lists.dated(date).await,
            Step::Lists { windowed: true } => self.lists.dated(date).await,
            Step::Search => {
                let language = self.outlet.language.as_deref();
                let queries = discover::query::queries(
                    &self.citation.claim,
                    language,
                    self.limits.search_terms,
                );
                let query = queries.first().map_or("", String::as_str);
                self.lists.search(query, date).await
            }
            found_step => {
                if self.found.is_none() {
                    self.found = stages::found(&mut self.lists).await;
                }
                let Some(found) = self.found.clone().filter(|f| !f.is_empty()) else {
                    return Vec::new();
                };
                let lists = &mut self.lists;
                match found_step {
                    Step::FoundFeeds => stages::feeds(lists, &found, date).await,
                    Step::FoundWordPress => stages::wordpress(lists, &found, date).await,
                    Step::FoundSitemaps => stages::sitemaps(lists, &found, date).await,
                    _ => stages::search(lists, &found, self.citation).await,
                }
            }
        };
        self.in_window(listed)
    }

    /// Why no candidate page was found: the lists that could not be read, and what
    /// discovery tried.
    fn nothing_found(&self) -> String {
        let mut tried: Vec<String> = self.lists.failures.clone();
        if let Some(found) = &self.found {
            for t in &found.tried {
                if !tried.contains(t) {
                    tried.push(t.clone());
                }
            }
            if found.is_empty() {
                tried.push(format!(
                    "found no feed, sitemap, WordPress or site search from {}",
                    found.home
                ));
            }
        }
        for pattern in &self.excluded {
            tried.push(format!(
                "skipped the candidates --exclude '{pattern}' names"
            ));
        }
        if tried.is_empty() {
            "no candidate pages were found".into()
        } else {
            format!("no candidate pages were found; tried {}", tried.join("; "))
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

    /// Merges duplicates, ranks by headline and date, then fetches and scores the best,
    /// [`ROUND`] at a time, within the candidate budget.
    async fn try_candidates(&mut self, listed: Vec<Listed>) {
        let mut merged: Vec<Listed> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for l in listed {
            let key = duplicates::page_key(&l.url);
            if self.tried.contains(&key) {
                continue;
            }
            match at.get(&key) {
                Some(&i) => {
                    let m = &mut merged[i];
                    if duplicates::is_amp(&m.url) && !duplicates::is_amp(&l.url) {
                        m.url.clone_from(&l.url);
                    }
                    m.date = m.date.or(l.date);
                    if !m.title.contains(&l.title) {
                        m.title = format!("{} {}", m.title, l.title);
                    }
                }
                None => {
                    at.insert(key, merged.len());
                    merged.push(l);
                }
            }
        }
        let cited = self.citation.date.filter(|_| !self.citation.accessed);
        let rank = |l: &Listed| self.claim.headline_overlap(&l.title) + closeness(cited, l.date);
        let mut ranked: Vec<(f64, Listed)> = merged.into_iter().map(|l| (rank(&l), l)).collect();
        // Stable: equal ranks keep the lists' order (feeds list the newest first).
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        // Read in rounds, best ranked first, until one is a confident answer or the
        // candidate budget is spent; each candidate costs at least one request.
        let mut ranked = ranked.into_iter().map(|(_, l)| l);
        loop {
            let room = self.limits.max_candidates.saturating_sub(self.scored.len());
            let mut round: Vec<Listed> = Vec::new();
            while round.len() < room.min(ROUND)
                && self.lists.budget.left() > round.len() + self.reserve
            {
                let Some(l) = ranked.next() else { break };
                // `--exclude`: a candidate it names is never read, nor counted as tried.
                if let Some(pattern) = self.fetcher.excluded(&l.url) {
                    if !self.excluded.iter().any(|p| p == pattern) {
                        self.excluded.push(pattern.to_string());
                    }
                    continue;
                }
                if self.lists.enter_host(&l.url) {
                    round.push(l);
                }
            }
            if round.is_empty() {
                break;
            }
            self.read_candidates(round).await;
            if score::choose(&mut self.scored).chosen.is_some() {
                break;
            }
        }
    }

    /// Fetches and scores one round of candidates, together.
    async fn read_candidates(&mut self, chosen: Vec<Listed>) {
        let (fetcher, cache) = (self.fetcher, self.cache);
        let (budget, domains) = (&self.lists.budget, &self.outlet.domains);
        let fresh: Mutex<HashMap<String, FetchOutcome>> = Mutex::new(HashMap::new());
        let fresh_ref = &fresh;
        let reader = archives::Reader {
            fetcher,
            gate: &self.services.gate,
            budget,
            disk: self.lists.disk,
        };
        let reads = join_all(chosen.iter().map(|l| {
            let (url, copy) = (l.url.clone(), l.copy.clone());
            cache.article(&l.url, async move {
                let (outcome, read) =
                    archives::read_candidate(url.clone(), copy, reader, domains).await;
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
            let listed_key = duplicates::page_key(&listed.url);
            self.tried.insert(listed_key.clone());
            self.origins
                .insert(listed.url.clone(), (listed.via.clone(), listed.discovered));
            if let Some(read) = &read {
                self.articles
                    .insert(listed.url.clone(), read.article.clone());
                if let Some(copy) = &read.copy {
                    self.copies.insert(listed.url.clone(), copy.clone());
                }
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
            // The page's own canonical address is the one to report (an AMP copy names it).
            let url = read.canonical.clone().unwrap_or_else(|| read.url.clone());
            let key = duplicates::page_key(&url);
            if !self.tried.insert(key.clone()) && key != listed_key
                || !self.texts.insert(hasher.finish())
            {
                continue; // the same article, reached again
            }
            let score = score::score(self.citation, &self.claim, &read.article, listed.date);
            self.scored.push(Scored {
                url,
                listed: listed.url,
                method: listed.method,
                score,
            });
        }
    }
}

/// Candidates read together: enough to fill a host's queue, few enough that a confident
/// answer in the first round saves the rest.
const ROUND: usize = 10;

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

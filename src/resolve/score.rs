//! How well a candidate page supports a citation, and when one candidate is a confident
//! answer.
//!
//! The evidence is the matcher's ([`crate::matching::check`]): quotes found in the body,
//! the claim's numbers and names found. Key-term overlap (`terms`) fills in only
//! where the matcher has nothing: when it found no numbers or names in the claim, the
//! claim's own names and numbers (transliterated) and words are looked up instead; when it
//! did, only the claim's other words are. Quotes and words in another script than the page
//! are left out (a translated quote cannot be found verbatim; an English word is not in a
//! Mongolian article). The context (the uncited sentences before the claim) adds a bonus,
//! never a penalty: it may draw on other sources. The date scales the result: a page of
//! the cited day counts fully, one two days off less.
//!
//! A candidate is chosen only when it is supported (enough evidence, of enough weight) and
//! clearly beats the runner-up (a margin): two similar articles of one day leave the
//! citation unresolved rather than a coin toss.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::matching;
use crate::model::{Article, Citation, Evidence, Location, QuoteMatch, ResolutionMethod};

use super::terms::{self, script_of, Script, Term, TermKind, WordIndex};

/// The thresholds of scoring and choosing, in one table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Least content score (0..1) for a page to support a claim.
    pub support: f64,
    /// Least pieces of evidence: a quote found counts 2, a number or name 1, another key
    /// word ½.
    pub pieces: f64,
    /// How far the chosen candidate's score must be above the runner-up's.
    pub margin: f64,
    /// The largest share of the remaining score the context can add.
    pub context_bonus: f64,
    /// What the topic alone (facts and key terms, quotes left out) counts for, against the
    /// evidence with the quotes: below 1, so a page with the quote beats one without.
    pub topic_share: f64,
}

/// The thresholds used.
pub const THRESHOLDS: Thresholds = Thresholds {
    support: 0.5,
    pieces: 2.0,
    margin: 0.15,
    context_bonus: 0.3,
    topic_share: 0.85,
};

/// Score weights of the evidence kinds.
const QUOTE_WEIGHT: f64 = 3.0;
const FACT_WEIGHT: f64 = 2.0;
/// Key terms weigh like facts when they stand in for them, less when they only add words.
const TERMS_AS_FACTS_WEIGHT: f64 = 2.0;
const WORDS_WEIGHT: f64 = 1.0;

/// The claim's key terms, computed once per citation.
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    terms: Vec<Term>,
    context_terms: Vec<Term>,
    script: Script,
}

impl Claim {
    /// The key terms of a citation's claim and context. The quoted spans are left out of
    /// the claim's terms (the quotes are evidence of their own), unless the claim is
    /// nothing but its quotes.
    pub(crate) fn new(citation: &Citation) -> Self {
        let mut unquoted = citation.claim.clone();
        for quote in &citation.quotes {
            unquoted = unquoted.replace(quote.as_str(), " ");
        }
        let mut terms = terms::key_terms(&unquoted);
        if terms.is_empty() {
            terms = terms::key_terms(&citation.claim);
        }
        let keys: HashSet<&str> = terms.iter().map(|t| t.key.as_str()).collect();
        let context_terms = terms::key_terms(&citation.context)
            .into_iter()
            .filter(|t| !keys.contains(t.key.as_str()))
            .collect();
        Claim {
            script: script_of(&citation.claim),
            terms,
            context_terms,
        }
    }

    /// How much of the claim's terms a headline (or any short text) has, for ranking
    /// before fetching.
    pub(crate) fn headline_overlap(&self, headline: &str) -> f64 {
        let index = WordIndex::new(headline);
        terms::overlap(&self.terms, &index, index.script() == self.script).score
    }
}

/// A candidate's score against a citation.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Score {
    /// 0..1, date included.
    pub(crate) value: f64,
    /// The content part, 0..1, before the date factor.
    pub(crate) content: f64,
    /// Pieces of evidence found (see [`Thresholds::pieces`]).
    pub(crate) pieces: f64,
    /// Enough evidence to support the claim on its own.
    pub(crate) supported: bool,
}

/// A weighted mean that ignores the parts that are absent.
#[derive(Default)]
struct Mean {
    sum: f64,
    weight: f64,
}

impl Mean {
    fn add(&mut self, value: f64, weight: f64) {
        self.sum += value * weight;
        self.weight += weight;
    }
    fn value(&self) -> Option<f64> {
        (self.weight > 0.0).then(|| self.sum / self.weight)
    }
}

/// Found and total facts (numbers and names) of the matcher's evidence.
fn facts(evidence: &Evidence) -> (usize, usize) {
    let all = evidence.numbers.iter().chain(&evidence.names);
    let total = evidence.numbers.len() + evidence.names.len();
    (all.filter(|f| f.found).count(), total)
}

/// The part of the key terms the matcher does not cover: everything when it found no
/// facts in the text, only plain words when it did.
fn uncovered(terms: &[Term], matcher_has_facts: bool) -> impl Iterator<Item = &Term> {
    terms
        .iter()
        .filter(move |t| !matcher_has_facts || t.kind == TermKind::Word)
}

/// Scores one fetched candidate. `listed` is the date its list gave, used when the page
/// itself shows none.
pub(crate) fn score(
    citation: &Citation,
    claim: &Claim,
    article: &Article,
    listed: Option<NaiveDate>,
) -> Score {
    let page_text = format!(
        "{}\n{}",
        article.title.as_deref().unwrap_or(""),
        article.text
    );
    let index = WordIndex::new(&page_text);
    let same_script = index.script() == claim.script;
    // The claim alone: the context is weighed apart, as a bonus (the matcher would
    // count its facts in, and a context drawing on other sources would then subtract).
    let claim_only = Citation {
        context: String::new(),
        ..citation.clone()
    };
    let check = matching::check(&claim_only, article);
    // Two views of the same evidence: with the quotes, and the topic alone (facts and
    // key terms). A misquoted claim still finds its source through the topic, a little
    // discounted, so the report can say the quote is not there rather than "unresolved".
    let mut with_quotes = Mean::default();
    let mut topic = Mean::default();
    let mut pieces = 0.0;

    // Quotes the matcher could check, in the page's script.
    let quotes: Vec<f64> = check
        .quotes
        .iter()
        .filter(|q| q.match_kind != QuoteMatch::Unchecked && script_of(&q.text) == index.script())
        .map(|q| {
            let found = matches!(
                q.match_kind,
                QuoteMatch::Exact | QuoteMatch::Normalized | QuoteMatch::Fuzzy
            ) && q.location == Location::Body;
            if found {
                q.score.clamp(0.0, 1.0)
            } else {
                0.0
            }
        })
        .collect();
    if !quotes.is_empty() {
        with_quotes.add(
            quotes.iter().sum::<f64>() / quotes.len() as f64,
            QUOTE_WEIGHT,
        );
        pieces += 2.0 * quotes.iter().filter(|&&s| s >= 0.9).count() as f64;
    }

    // The matcher's facts, and key terms where it has none.
    let (found, total) = facts(&check.evidence);
    if total > 0 {
        with_quotes.add(found as f64 / total as f64, FACT_WEIGHT);
        topic.add(found as f64 / total as f64, FACT_WEIGHT);
        pieces += found as f64;
    }
    let terms = terms::overlap(uncovered(&claim.terms, total > 0), &index, same_script);
    if terms.counted {
        let weight = if total > 0 {
            WORDS_WEIGHT
        } else {
            TERMS_AS_FACTS_WEIGHT
        };
        with_quotes.add(terms.score, weight);
        topic.add(terms.score, weight);
        pieces += terms.distinctive as f64 + terms.words as f64 / 2.0;
    }
    let mut content = with_quotes
        .value()
        .unwrap_or(0.0)
        .max(THRESHOLDS.topic_share * topic.value().unwrap_or(0.0));

    // The context can only add.
    let context = context_support(citation, claim, article, &index, same_script);
    content += THRESHOLDS.context_bonus * context * (1.0 - content);

    let factor = date_factor(
        citation.date.filter(|_| !citation.accessed),
        article.published.or(listed),
    );
    Score {
        value: (content * factor).clamp(0.0, 1.0),
        content,
        pieces,
        supported: content >= THRESHOLDS.support && pieces >= THRESHOLDS.pieces,
    }
}

/// 0..1: how much of the context's facts (or, where the matcher has none, key terms) the
/// page has.
fn context_support(
    citation: &Citation,
    claim: &Claim,
    article: &Article,
    index: &WordIndex,
    same_script: bool,
) -> f64 {
    if citation.context.trim().is_empty() {
        return 0.0;
    }
    let as_claim = Citation {
        claim: citation.context.clone(),
        context: String::new(),
        quotes: Vec::new(),
        ..citation.clone()
    };
    let (found, total) = facts(&matching::check(&as_claim, article).evidence);
    if total > 0 {
        return found as f64 / total as f64;
    }
    terms::overlap(uncovered(&claim.context_terms, false), index, same_script).score
}

/// How much a candidate's date lets its content count: fully on the cited day, less each
/// day off; a little less when the page shows no date.
pub(crate) fn date_factor(cited: Option<NaiveDate>, page: Option<NaiveDate>) -> f64 {
    match (cited, page) {
        (None, _) => 1.0,
        (Some(_), None) => 0.9,
        (Some(c), Some(p)) => match (p - c).num_days().abs() {
            0 => 1.0,
            1 => 0.95,
            2 => 0.85,
            _ => 0.6,
        },
    }
}

/// A candidate that was fetched (or tried) and scored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scored {
    /// Where its content was read (after redirects), or the listed URL when it could not be.
    pub(crate) url: String,
    /// The URL as listed.
    pub(crate) listed: String,
    /// How it was found.
    pub(crate) method: ResolutionMethod,
    /// Its score; all zero when it could not be read.
    pub(crate) score: Score,
}

/// The outcome of choosing among the scored candidates.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Choice {
    /// Index of the chosen candidate in the (sorted) list, if one is clearly best.
    pub(crate) chosen: Option<usize>,
    /// 0..1.
    pub(crate) confidence: f64,
    /// Why, in words for the report.
    pub(crate) reason: String,
}

/// Sorts candidates best first (ties keep list order) and decides whether the best one is
/// supported and clearly ahead.
pub(crate) fn choose(scored: &mut [Scored]) -> Choice {
    scored.sort_by(|a, b| b.score.value.total_cmp(&a.score.value));
    let Some(best) = scored.first() else {
        return Choice {
            chosen: None,
            confidence: 0.0,
            reason: "no candidate pages were found".into(),
        };
    };
    if !best.score.supported {
        return Choice {
            chosen: None,
            confidence: 0.0,
            reason: format!(
                "none of the {} candidate pages supports the claim (best {:.2}: {})",
                scored.len(),
                best.score.value,
                best.url
            ),
        };
    }
    let second = scored.get(1).map_or(0.0, |s| s.score.value);
    let margin = best.score.value - second;
    if margin < THRESHOLDS.margin {
        return Choice {
            chosen: None,
            confidence: 0.0,
            reason: format!(
                "two candidates fit about equally well ({:.2} and {:.2}): {} and {}",
                best.score.value, second, best.url, scored[1].url
            ),
        };
    }
    let confidence = (best.score.value * (0.5 + margin).min(1.0)).clamp(0.0, 1.0);
    Choice {
        chosen: Some(0),
        confidence,
        reason: format!(
            "found through the outlet's {}: best of {} candidates ({:.2}, next {:.2})",
            method_words(best.method),
            scored.len(),
            best.score.value,
            second
        ),
    }
}

/// How a method reads in a sentence.
pub(crate) fn method_words(method: ResolutionMethod) -> &'static str {
    match method {
        ResolutionMethod::Link => "link",
        ResolutionMethod::Feed => "feed",
        ResolutionMethod::Sitemap => "sitemap",
        ResolutionMethod::Archive => "date archive",
        ResolutionMethod::Search => "site search",
        ResolutionMethod::Page => "pages",
        ResolutionMethod::Wayback => "Wayback listing",
        ResolutionMethod::Commoncrawl => "Common Crawl index",
        ResolutionMethod::Searxng => "SearXNG search",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citation(claim: &str, context: &str, date: Option<NaiveDate>) -> Citation {
        Citation {
            id: "c1".into(),
            outlet: Some("Ikon".into()),
            date,
            accessed: false,
            url: None,
            line: 1,
            column: 1,
            claim: claim.into(),
            context: context.into(),
            quotes: Vec::new(),
        }
    }

    fn article(title: &str, text: &str) -> Article {
        Article {
            title: Some(title.into()),
            text: text.into(),
            ..Article::default()
        }
    }

    fn scored(url: &str, value: f64, supported: bool) -> Scored {
        Scored {
            url: url.into(),
            listed: url.into(),
            method: ResolutionMethod::Feed,
            score: Score {
                value,
                content: value,
                pieces: 3.0,
                supported,
            },
        }
    }

    #[test]
    fn the_matching_article_outscores_a_decoy_of_the_same_day() {
        let day = NaiveDate::from_ymd_opt(2023, 9, 27);
        let c = citation(
            "Mongolia and China agreed to open 3 new border crossings near Zamyn-Uud.",
            "",
            day,
        );
        let claim = Claim::new(&c);
        let right = article(
            "Three crossings",
            "Mongolia and China agreed to open 3 new border crossings near Zamyn-Uud.",
        );
        let decoy = article(
            "Wool prices",
            "Cashmere prices rose in Mongolia this autumn.",
        );
        let a = score(&c, &claim, &right, day);
        let b = score(&c, &claim, &decoy, day);
        assert!(a.supported, "{a:?}");
        assert!(!b.supported, "{b:?}");
        assert!(a.value - b.value > THRESHOLDS.margin);
    }

    #[test]
    fn a_misquoted_claim_still_finds_its_article_but_the_quoted_one_wins() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 11);
        let mut c = citation(
            "A coalition of herders' associations argued that the route \"cuts through \
             winter pastures without any compensation plan\".",
            "",
            day,
        );
        c.quotes = vec!["cuts through winter pastures without any compensation plan".into()];
        let claim = Claim::new(&c);
        let topical = article(
            "Herders question the route",
            "A coalition of herders' associations said the towers would stand on spring \
             pastures, and asked how the route's compensation would be settled.",
        );
        let quoted = article(
            "Herders question the route",
            "Herders' associations argued that the route cuts through winter pastures \
             without any compensation plan.",
        );
        let unrelated = article("Coal output", "Coal output rose by a tenth in February.");
        let t = score(&c, &claim, &topical, day);
        let q = score(&c, &claim, &quoted, day);
        let u = score(&c, &claim, &unrelated, day);
        assert!(t.supported, "the topic is evidence too: {t:?}");
        assert!(q.value > t.value, "{q:?} {t:?}");
        assert!(!u.supported);
    }

    #[test]
    fn context_adds_but_never_subtracts() {
        let c0 = citation(
            "Officials agreed to open 3 new crossings at Zamyn-Uud.",
            "",
            None,
        );
        let c1 = citation(
            "Officials agreed to open 3 new crossings at Zamyn-Uud.",
            "Unrelated sentence about Paris and 99 balloons.",
            None,
        );
        let page = article("", "Officials agreed to open 3 new crossings at Zamyn-Uud.");
        let s0 = score(&c0, &Claim::new(&c0), &page, None);
        let s1 = score(&c1, &Claim::new(&c1), &page, None);
        assert!((s0.value - s1.value).abs() < 1e-9);
    }

    #[test]
    fn date_factor_falls_with_distance() {
        let d = NaiveDate::from_ymd_opt(2023, 9, 27).unwrap();
        let f = |days: i64| date_factor(Some(d), Some(d + chrono::Duration::days(days)));
        assert_eq!(f(0), 1.0);
        assert!(f(1) > f(2) && f(2) > f(5));
        assert_eq!(f(-1), f(1));
        assert_eq!(date_factor(None, Some(d)), 1.0);
    }

    #[test]
    fn a_close_runner_up_leaves_the_citation_unresolved() {
        let mut close = vec![scored("a", 0.70, true), scored("b", 0.65, true)];
        let choice = choose(&mut close);
        assert_eq!(choice.chosen, None);
        assert!(choice.reason.contains("equally"), "{}", choice.reason);

        let mut clear = vec![scored("b", 0.2, false), scored("a", 0.8, true)];
        let choice = choose(&mut clear);
        assert_eq!(choice.chosen, Some(0));
        assert_eq!(clear[0].url, "a");
        assert!(choice.confidence > 0.5 && choice.confidence <= 0.8);

        let mut weak = vec![scored("a", 0.9, false)];
        assert_eq!(
            choose(&mut weak).chosen,
            None,
            "unsupported is never chosen"
        );
        assert_eq!(choose(&mut []).chosen, None);
    }
}

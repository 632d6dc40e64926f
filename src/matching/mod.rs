//! Does the source say it: quotes, numbers, names and the date of a citation checked
//! against the article text of its source.
//!
//! STUB: a plain case-insensitive substring search; normalization, fuzzy alignment and
//! fact matching are being written.

use crate::model::{Article, Citation, DateEvidence, Evidence, Location, Quote, QuoteMatch};

/// Everything found about one citation in one article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Check {
    /// Each quote of the citation and how it was found.
    pub quotes: Vec<Quote>,
    /// Numbers, names and the date.
    pub evidence: Evidence,
}

/// Checks a citation's quotes and facts against a source's article.
pub fn check(citation: &Citation, article: &Article) -> Check {
    let body = article.text.to_lowercase();
    let quotes = citation
        .quotes
        .iter()
        .map(|q| {
            let found = body.contains(&q.to_lowercase());
            Quote {
                text: q.clone(),
                match_kind: if found {
                    QuoteMatch::Normalized
                } else {
                    QuoteMatch::None
                },
                score: if found { 1.0 } else { 0.0 },
                location: if found {
                    Location::Body
                } else {
                    Location::None
                },
                excerpt: None,
                reason: String::new(),
            }
        })
        .collect();
    Check {
        quotes,
        evidence: Evidence {
            numbers: Vec::new(),
            names: Vec::new(),
            date: DateEvidence {
                cited: citation.date,
                published: article.published,
                matches: None,
            },
        },
    }
}

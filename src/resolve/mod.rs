//! Citation → the URL to check: the document's own link, or one found through the
//! outlet's feeds, sitemaps, date archives, site search or fixed pages.
//!
//! STUB: only explicit links are used; discovery is being written.

use crate::fetch::Fetcher;
use crate::model::{Candidate, Citation, Resolution, ResolutionMethod};
use crate::sources::Outlet;

/// Where a citation's source was found, if anywhere.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resolved {
    /// The URL to check.
    pub url: Option<String>,
    /// How it was found, with the candidates considered.
    pub resolution: Option<Resolution>,
}

/// Finds the URL for a citation. Network access only goes through `fetcher` (so it is
/// polite and recorded); with `fetcher` `None` (a dry run) only the document is used.
pub async fn resolve(
    citation: &Citation,
    outlet: Option<&Outlet>,
    fetcher: Option<&Fetcher>,
) -> Resolved {
    let _ = (outlet, fetcher);
    match &citation.url {
        Some(url) => Resolved {
            url: Some(url.clone()),
            resolution: Some(Resolution {
                method: ResolutionMethod::Link,
                confidence: 1.0,
                candidates: vec![Candidate {
                    url: url.clone(),
                    score: 1.0,
                }],
            }),
        },
        None => Resolved::default(),
    }
}

//! The soft-404 probe: what a host serves for a path that cannot exist.
//!
//! Many sites answer a missing article with `200 OK` and an error page, or with a redirect
//! somewhere harmless. To recognise that, the crawler asks each host once for a path derived
//! from the host name (a hash, so reruns are deterministic and captures replay) and keeps a
//! [`Probe`] of the answer. A cited page is a soft 404 when it lands where the probe was
//! redirected to, or when its text is nearly the same as the probe's page
//! ([`crate::health::SOFT_404_SIMILARITY`]). A host that answers the probe with a real 404
//! has no probe: its 200 pages are taken at their word.
//!
//! The probe is asked for before a citation's first request to the host (after robots.txt),
//! not when a page first needs it: asked late, it would join the back of the host's queue and
//! every page read meanwhile would wait for it with its body in memory. That costs one
//! request on hosts whose citations never need it (all broken, or front pages).

use sha1::{Digest, Sha1};

use crate::health::{Fingerprint, SOFT_404_SIMILARITY};

/// The path probed on a host: stable for the host, and surely not an article.
pub(crate) fn probe_path(host: &str) -> String {
    let digest = Sha1::digest(format!("citecheck soft-404 probe {host}").as_bytes());
    let hex = data_encoding::HEXLOWER.encode(&digest[..8]);
    format!("/citecheck-{hex}-no-such-page")
}

/// What a host served for the probe path, when it served a page.
#[derive(Debug, Clone)]
pub(crate) struct Probe {
    /// Where the probe ended, after redirects.
    pub final_url: url::Url,
    /// Whether the probe was redirected.
    pub redirected: bool,
    /// The page's fingerprint.
    pub fingerprint: Fingerprint,
}

impl Probe {
    /// Why a cited page is the host's "nothing here" answer, if it is.
    pub fn matches(
        &self,
        page_url: &url::Url,
        redirected: bool,
        page: &Fingerprint,
    ) -> Option<String> {
        if self.redirected {
            // The host sends unknown paths somewhere; a cited page sent to the same place is
            // gone. (Comparing texts would condemn that place itself, e.g. the front page.)
            return (redirected && strip_fragment(page_url) == strip_fragment(&self.final_url))
                .then(|| {
                    format!(
                        "redirected to {}, where this site sends pages that do not exist",
                        self.final_url
                    )
                });
        }
        let similarity = self.fingerprint.similarity(page);
        (similarity >= SOFT_404_SIMILARITY).then(|| {
            format!(
                "the page is {:.0}% the same as what this site serves for a page that does not exist",
                similarity * 100.0
            )
        })
    }
}

fn strip_fragment(url: &url::Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_paths_are_stable_and_per_host() {
        assert_eq!(probe_path("ikon.mn"), probe_path("ikon.mn"));
        assert_ne!(probe_path("ikon.mn"), probe_path("news.mn"));
        assert!(probe_path("ikon.mn").starts_with("/citecheck-"));
    }

    #[test]
    fn redirect_probes_compare_destinations_not_texts() {
        let u = |s: &str| url::Url::parse(s).unwrap();
        let home = Fingerprint::of("<p>front page news</p>", &u("http://a.test/"));
        let probe = Probe {
            final_url: u("http://a.test/"),
            redirected: true,
            fingerprint: home.clone(),
        };
        assert!(probe.matches(&u("http://a.test/"), false, &home).is_none());
        assert!(probe.matches(&u("http://a.test/"), true, &home).is_some());
    }
}

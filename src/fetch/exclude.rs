//! `--exclude <REGEX>`: URLs a run never requests.
//!
//! The check sits in the fetcher, the one door every request passes (citations,
//! discovery's lists and candidates, archives, redirect hops), so no stage can forget
//! it. An excluded URL is not an error: its link is `unchecked`, and the reason names the
//! pattern, so a reader sees why nothing was asked.

use regex::RegexSet;

/// The patterns of `--exclude`, matched anywhere in a URL (as lychee's `--exclude` does).
#[derive(Debug, Clone, Default)]
pub struct Exclusions {
    set: Option<RegexSet>,
    patterns: Vec<String>,
}

impl Exclusions {
    /// Compiles the patterns; the error names the first one that is not a regular
    /// expression.
    pub fn new(patterns: &[String]) -> Result<Exclusions, regex::Error> {
        if patterns.is_empty() {
            return Ok(Exclusions::default());
        }
        Ok(Exclusions {
            set: Some(RegexSet::new(patterns)?),
            patterns: patterns.to_vec(),
        })
    }

    /// The first pattern `url` matches, if any.
    pub fn matching(&self, url: &str) -> Option<&str> {
        let set = self.set.as_ref()?;
        let first = set.matches(url).into_iter().next()?;
        self.patterns.get(first).map(String::as_str)
    }

    /// True when no pattern was given.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_matching_any_pattern_is_excluded_by_the_first() {
        let ex = Exclusions::new(&[r"\.pdf$".into(), r"^https?://(www\.)?x\.com/".into()])
            .expect("valid patterns");
        assert_eq!(ex.matching("https://a.mn/report.pdf"), Some(r"\.pdf$"));
        assert_eq!(
            ex.matching("https://x.com/someone/status/1"),
            Some(r"^https?://(www\.)?x\.com/")
        );
        assert_eq!(ex.matching("https://a.mn/report.pdf.html"), None);
        assert_eq!(Exclusions::default().matching("https://a.mn/"), None);
        assert!(Exclusions::new(&["(".into()]).is_err());
    }
}

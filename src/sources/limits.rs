//! The `[defaults]` settings that bound a whole run rather than one host: the rate per IP
//! address (`address_rate`), the largest input document (`max_document`) and the most
//! citations a document may hold (`max_citations`).
//!
//! `address_rate` exists because politeness per host name is not politeness per server:
//! many names can resolve to one address (a CDN edge, a shared host, or a hostile article
//! listing `a1.example` … `a60.example`), and each name would get the full per-host rate.
//! The address cap sits underneath the host queues. It never slows a host below its own
//! rate (a lone host at 20/s keeps 20/s), and "off" turns it off.

use super::values::{parse_size, Rate};
use super::PolitenessToml;

/// DESIGN.md's default cap per IP address: 10 requests a second.
pub const DEFAULT_ADDRESS_RATE: Rate = Rate {
    requests: 10,
    per: std::time::Duration::from_secs(1),
};

/// DESIGN.md's default largest document: 50 MB.
pub const DEFAULT_MAX_DOCUMENT: u64 = 50_000_000;

/// DESIGN.md's default most citations per document.
pub const DEFAULT_MAX_CITATIONS: usize = 100_000;

/// The run-wide limits of `[defaults]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// The cap per IP address across the hosts on it (`None`: "off").
    pub address_rate: Option<Rate>,
    /// Larger input documents are refused (exit 2).
    pub max_document: u64,
    /// A document with more citations is refused (exit 2).
    pub max_citations: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            address_rate: Some(DEFAULT_ADDRESS_RATE),
            max_document: DEFAULT_MAX_DOCUMENT,
            max_citations: DEFAULT_MAX_CITATIONS,
        }
    }
}

impl PolitenessToml {
    /// The first key set in an outlet that only `[defaults]` may set.
    pub(super) fn run_wide_key(&self) -> Option<&'static str> {
        [
            ("max_connections", self.max_connections.is_some()),
            ("address_rate", self.address_rate.is_some()),
            ("max_document", self.max_document.is_some()),
            ("max_citations", self.max_citations.is_some()),
            ("max_candidates", self.max_candidates.is_some()),
        ]
        .into_iter()
        .find_map(|(key, set)| set.then_some(key))
    }
}

/// Reads the limits from `[defaults]`; an error names its key.
pub(super) fn read(raw: &PolitenessToml) -> Result<Limits, (&'static str, String)> {
    let mut limits = Limits::default();
    if let Some(text) = &raw.address_rate {
        limits.address_rate = match text.trim() {
            "off" => None,
            rate => Some(Rate::parse(rate).map_err(|m| ("address_rate", m))?),
        };
    }
    if let Some(text) = &raw.max_document {
        limits.max_document = parse_size(text).map_err(|m| ("max_document", m))?;
        if limits.max_document == 0 {
            return Err(("max_document", "max_document must be more than zero".into()));
        }
    }
    if let Some(n) = raw.max_citations {
        if n == 0 {
            return Err(("max_citations", "max_citations must be at least 1".into()));
        }
        limits.max_citations = n;
    }
    Ok(limits)
}

#[cfg(test)]
mod tests {
    use crate::sources::Sources;
    use std::path::Path;

    #[test]
    fn limits_default_to_the_design_and_take_off() {
        let sources = Sources::parse("", Path::new("s.toml")).unwrap();
        assert_eq!(sources.limits, super::Limits::default());
        let text =
            "[defaults]\naddress_rate = \"off\"\nmax_document = \"1MB\"\nmax_citations = 5\n";
        let sources = Sources::parse(text, Path::new("s.toml")).unwrap();
        assert_eq!(sources.limits.address_rate, None);
        assert_eq!(sources.limits.max_document, 1_000_000);
        assert_eq!(sources.limits.max_citations, 5);
        let text = "[defaults]\naddress_rate = \"fast\"\n";
        let err = Sources::parse(text, Path::new("s.toml")).unwrap_err();
        assert!(err.to_string().starts_with("s.toml:2:1:"), "{err}");
        let text = "[outlets.x]\nname = \"X\"\naddress_rate = \"5/s\"\n";
        let err = Sources::parse(text, Path::new("s.toml")).unwrap_err();
        assert!(err.to_string().contains("belongs in [defaults]"), "{err}");
    }
}

//! `--shard I/N`: which citations a shard of a split run checks.
//!
//! A large archive can be spread over N CI runners, but politeness must hold across them:
//! if two runners each crawled the same host at its full rate, the host would see twice
//! the rate. So a run is split by *site*, never by citation: every citation of an outlet
//! known to sources.toml goes to the shard of that outlet (all its hosts, feeds and
//! sitemaps stay together, so redirects between `ikon.mn` and `www.ikon.mn` and discovery
//! requests stay in one runner), and any other citation goes to the shard of its URL's host
//! (without `www.`). Citations with neither — unresolvable, no request will be made — are
//! spread by document and id. Hosts every shard needs (archive services) cannot be split,
//! so each shard gets 1/N of their rate ([`Shard::politeness`]).
//!
//! The assignment is a stable hash (FNV-1a, 64 bits) of that key modulo N — not Rust's
//! randomized `HashMap` hasher — so every runner, on any machine and any run, agrees on
//! who owns what without talking to the others.

use std::collections::BTreeSet;
use std::fmt;
use std::hash::Hasher;

use thiserror::Error;

use crate::model::Citation;
use crate::sources::{Politeness, Sources};

/// A malformed `--shard` value.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("--shard {text:?}: {problem} (expected I/N with 1 ≤ I ≤ N, e.g. 2/4)")]
pub struct ShardError {
    /// The value given.
    pub text: String,
    /// What is wrong with it.
    pub problem: &'static str,
}

/// One shard of a split run: shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u32,
    count: u32,
}

impl Default for Shard {
    fn default() -> Self {
        Shard::WHOLE
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// The whole run (`1/1`): owns everything, shares nothing.
    pub const WHOLE: Shard = Shard { index: 1, count: 1 };

    /// Parses `I/N`.
    pub fn parse(text: &str) -> Result<Shard, ShardError> {
        let error = |problem| ShardError {
            text: text.to_string(),
            problem,
        };
        let (index, count) = text.trim().split_once('/').ok_or(error("no '/'"))?;
        let index: u32 = index
            .trim()
            .parse()
            .map_err(|_| error("I is not a whole number"))?;
        let count: u32 = count
            .trim()
            .parse()
            .map_err(|_| error("N is not a whole number"))?;
        if count == 0 {
            return Err(error("N must be at least 1"));
        }
        if index == 0 || index > count {
            return Err(error("I must be between 1 and N"));
        }
        Ok(Shard { index, count })
    }

    /// This shard's number, 1-based.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// How many shards the run is split into.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// Whether this shard owns an assignment key (see [`shard_key`]).
    pub fn owns_key(&self, key: &str) -> bool {
        self.count <= 1 || slot(key, self.count) == self.index - 1
    }

    /// Whether this shard owns a host that no outlet claims (case, a trailing dot and a
    /// leading `www.` ignored). For citations use [`Shard::owns_citation`], which puts an
    /// outlet's hosts together.
    pub fn owns(&self, host: &str) -> bool {
        self.owns_key(&host_key(host))
    }

    /// Whether this shard checks a citation of `document`.
    pub fn owns_citation(&self, document: &str, citation: &Citation, sources: &Sources) -> bool {
        self.owns_key(&shard_key(document, citation, sources))
    }

    /// How this shard treats a host: unchanged, except that a host every shard needs
    /// (see [`shared_hosts`]) gets 1/N of its rate, so N runners together stay within it.
    pub fn politeness(
        &self,
        host: &str,
        politeness: Politeness,
        shared: &BTreeSet<String>,
    ) -> Politeness {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if self.count > 1 && shared.contains(&host) {
            Politeness {
                rate: politeness.rate.divided(self.count),
                ..politeness
            }
        } else {
            politeness
        }
    }
}

/// The stable 0-based slot of a key among `count`.
fn slot(key: &str, count: u32) -> u32 {
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(key.as_bytes());
    (hasher.finish() % u64::from(count.max(1))) as u32
}

/// A host as an assignment key: lower case, no trailing dot, no leading `www.`.
fn host_key(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    format!("host:{host}")
}

/// What decides a citation's shard: the site its URL is on — the outlet that owns the
/// host, else the host — so a host is never fetched from two shards whatever outlet name
/// the citation gives; without a URL, the outlet it names (its discovery requests go to
/// that outlet's hosts); with neither, the document and citation id.
pub fn shard_key(document: &str, citation: &Citation, sources: &Sources) -> String {
    let host = citation
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u.trim()).ok())
        .and_then(|u| u.host_str().map(str::to_string));
    if let Some(host) = host {
        return match sources.outlet_by_host(&host) {
            Some(outlet) => format!("outlet:{}", outlet.key),
            None => host_key(&host),
        };
    }
    match citation
        .outlet
        .as_deref()
        .and_then(|name| sources.outlet_by_name(name))
    {
        Some(outlet) => format!("outlet:{}", outlet.key),
        None => format!("citation:{document}#{}", citation.id),
    }
}

/// Hosts every shard may need: the archive services of sources.toml (Wayback CDX and
/// Memento TimeGates), whose rates each shard must share.
pub fn shared_hosts(sources: &Sources) -> BTreeSet<String> {
    sources
        .archives
        .wayback_cdx
        .iter()
        .chain(&sources.archives.timegates)
        .filter_map(|u| url::Url::parse(u).ok())
        .filter_map(|u| u.host_str().map(|h| h.to_ascii_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::time::Duration;

    const SOURCES: &str = r#"
[outlets.ikon]
name = "Ikon"
domains = ["ikon.mn"]

[archives]
wayback_cdx = "https://web.archive.org/cdx/search/cdx"
timegates = ["https://timetravel.mementoweb.org/timegate/"]
"#;

    fn citation(id: &str, outlet: Option<&str>, url: Option<&str>) -> Citation {
        Citation {
            id: id.into(),
            outlet: outlet.map(str::to_string),
            date: None,
            accessed: false,
            url: url.map(str::to_string),
            line: 1,
            column: 1,
            claim: String::new(),
            context: String::new(),
            quotes: Vec::new(),
        }
    }

    #[test]
    fn parse_accepts_only_i_of_n() {
        assert_eq!(Shard::parse("2/4").unwrap().to_string(), "2/4");
        assert_eq!(Shard::parse(" 1 / 1 ").unwrap(), Shard::WHOLE);
        for bad in ["0/4", "5/4", "1/0", "2", "a/4", "2/b", "-1/4"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        assert!(Shard::parse("5/4")
            .unwrap_err()
            .to_string()
            .contains("between 1 and N"));
    }

    #[test]
    fn hash_is_fnv1a_and_stable() {
        // Published FNV-1a 64 test vectors: the assignment must never change between runs,
        // machines or Rust versions.
        let fnv = |s: &str| {
            let mut h = fnv::FnvHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(fnv(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn every_host_has_exactly_one_shard() {
        let hosts: Vec<String> = (0..200).map(|i| format!("site{i}.example")).collect();
        for count in [1u32, 2, 3, 7] {
            let shards: Vec<Shard> = (1..=count)
                .map(|i| Shard::parse(&format!("{i}/{count}")).unwrap())
                .collect();
            let mut per_shard = vec![0usize; count as usize];
            for host in &hosts {
                let owners: Vec<usize> = (0..shards.len())
                    .filter(|&i| shards[i].owns(host))
                    .collect();
                assert_eq!(owners.len(), 1, "{host} in {count} shards: {owners:?}");
                per_shard[owners[0]] += 1;
            }
            // 200 hosts over at most 7 shards: every shard gets some work.
            assert!(per_shard.iter().all(|&n| n > 0), "{count}: {per_shard:?}");
        }
        let shard = Shard::parse("1/2").unwrap();
        assert_eq!(shard.owns("WWW.Example.org."), shard.owns("example.org"));
    }

    #[test]
    fn an_outlet_stays_together_across_its_hosts_and_names() {
        let sources = Sources::parse(SOURCES, Path::new("s.toml")).unwrap();
        let key = |c: &Citation| shard_key("a.md", c, &sources);
        let by_name = citation("c1", Some("Ikon"), None);
        let by_url = citation("c2", None, Some("https://news.ikon.mn/a/1"));
        let both = citation("c3", Some("Ikon"), Some("http://www.ikon.mn/b"));
        assert_eq!(key(&by_name), "outlet:ikon");
        assert_eq!(key(&by_url), "outlet:ikon");
        assert_eq!(key(&both), "outlet:ikon");
        let other = citation("c4", Some("Reuters"), Some("https://www.reuters.com/x"));
        assert_eq!(key(&other), "host:reuters.com");
        let nowhere = citation("c5", Some("Unknown Weekly"), None);
        assert_eq!(key(&nowhere), "citation:a.md#c5");
        let garbage = citation("c6", None, Some("javascript:alert(1)"));
        assert_eq!(key(&garbage), "citation:a.md#c6");
    }

    #[test]
    fn shared_archive_hosts_get_a_share_of_their_rate() {
        let sources = Sources::parse(SOURCES, Path::new("s.toml")).unwrap();
        let shared = shared_hosts(&sources);
        assert!(shared.contains("web.archive.org"));
        assert!(shared.contains("timetravel.mementoweb.org"));
        let shard = Shard::parse("1/4").unwrap();
        let base = sources.defaults.clone();
        let archive = shard.politeness("web.archive.org", base.clone(), &shared);
        assert_eq!(archive.rate.interval(), base.rate.interval() * 4);
        let own = shard.politeness("ikon.mn", base.clone(), &shared);
        assert_eq!(own.rate.interval(), base.rate.interval());
        let whole = Shard::WHOLE.politeness("web.archive.org", base.clone(), &shared);
        assert_eq!(whole.rate.interval(), Duration::from_secs(1));
    }

    #[test]
    fn a_host_goes_to_one_shard_whatever_outlet_the_citation_names() {
        let sources = Sources::parse(SOURCES, Path::new("s.toml")).expect("sources");
        let named = citation("c1", Some("Example Daily"), Some("http://other.test/a"));
        let bare = citation("c2", None, Some("http://other.test/b"));
        assert_eq!(
            shard_key("a.md", &named, &sources),
            shard_key("a.md", &bare, &sources)
        );
        let misnamed = citation("c3", Some("Ikon"), Some("http://other.test/c"));
        assert_eq!(shard_key("a.md", &misnamed, &sources), "host:other.test");
        let ikon_link = citation("c4", None, Some("https://www.ikon.mn/n/1"));
        let ikon_named = citation("c5", Some("Ikon"), None);
        assert_eq!(
            shard_key("a.md", &ikon_link, &sources),
            shard_key("b.md", &ikon_named, &sources)
        );
    }
}

//! `sources.toml`: the outlets citecheck knows, and how politely to treat their hosts.
//!
//! A citation names its outlet as the article wrote it ("Ikon", "Mnb.mn"); this module ties
//! that name to an outlet entry (by name or alias, ignoring case and punctuation), and ties
//! any host to the outlet that owns it (by domain, subdomains included). It also turns the
//! human-friendly settings (`rate = "1/2s"`, `timeout = "30s"`, `max_body = "10MB"`) into
//! typed values once, so the crawler never parses strings. A malformed file is an error that
//! names the file, line and column. The editor's `[[ignore]]` and `[[override]]` entries are
//! read here too and matched in [`rules`].

mod archives;
mod checks;
mod limits;
pub mod rules;
mod values;

pub use archives::{Archives, DEFAULT_CDX_RATE, DEFAULT_PAUSE_AFTER_429, DEFAULT_REPLAY_RATE};
pub use limits::Limits;

pub use values::{parse_duration, parse_size, Rate};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;

pub use rules::{CitationSelector, Ignore, IgnoreMatch, IgnoreTarget, Override, UrlPattern};

/// Why sources.toml could not be used.
#[derive(Debug, Error)]
pub enum SourcesError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not fit the schema.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// How one host is treated: the settings of `[defaults]`, overridden per outlet.
#[derive(Debug, Clone, PartialEq)]
pub struct Politeness {
    /// Request rate (token bucket, burst 1); Crawl-delay can only slow it down.
    pub rate: Rate,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Whole-request deadline, body included.
    pub timeout: Duration,
    /// Deadline for the TCP/TLS connection.
    pub connect_timeout: Duration,
    /// Cap on the decompressed body.
    pub max_body: u64,
    /// Cap on redirect hops.
    pub max_redirects: u32,
    /// Retries after the first attempt, for transient failures.
    pub retries: u32,
    /// Longest pause a Retry-After may impose on the host's queue.
    pub retry_after_cap: Duration,
    /// Whether robots.txt is fetched and obeyed.
    pub robots: bool,
    /// The User-Agent sent.
    pub user_agent: String,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness {
            rate: Rate {
                requests: 1,
                per: Duration::from_secs(1),
            },
            concurrency: 2,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body: 10_000_000,
            max_redirects: 10,
            retries: 3,
            retry_after_cap: Duration::from_secs(120),
            robots: true,
            user_agent: concat!(
                "citecheck/",
                env!("CARGO_PKG_VERSION"),
                " (citation verification; +https://github.com/citecheck/citecheck)"
            )
            .to_string(),
        }
    }
}

/// Politeness settings as written in TOML; every key optional so outlets override a few.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolitenessToml {
    rate: Option<String>,
    concurrency: Option<usize>,
    timeout: Option<String>,
    connect_timeout: Option<String>,
    max_body: Option<String>,
    max_redirects: Option<u32>,
    retries: Option<u32>,
    retry_after_cap: Option<String>,
    robots: Option<bool>,
    user_agent: Option<String>,
    /// Global cap on connections in flight (only meaningful in `[defaults]`).
    max_connections: Option<usize>,
    /// Candidate pages read per unlinked citation (only meaningful in `[defaults]`).
    max_candidates: Option<usize>,
    /// Cap per IP address, "off" to disable (only in `[defaults]`).
    address_rate: Option<String>,
    /// Largest input document (only in `[defaults]`).
    max_document: Option<String>,
    /// Most citations per document (only in `[defaults]`).
    max_citations: Option<usize>,
}

/// A bad politeness value: the key it belongs to (to point at its line) and what is wrong.
type ValueError = (&'static str, String);

/// A duration that must be positive (a zero timeout would fail every request).
fn positive_duration(text: &str) -> Result<Duration, String> {
    let duration = parse_duration(text)?;
    if duration.is_zero() {
        return Err(format!("duration {text:?} must be more than zero"));
    }
    Ok(duration)
}

impl PolitenessToml {
    /// Applies the keys present to `base`.
    fn apply(&self, base: &Politeness) -> Result<Politeness, ValueError> {
        let mut out = base.clone();
        let at = |key: &'static str| move |message: String| (key, message);
        if let Some(rate) = &self.rate {
            out.rate = Rate::parse(rate).map_err(at("rate"))?;
        }
        if let Some(n) = self.concurrency {
            out.concurrency =
                values::within("concurrency", n, 1, 1024).map_err(at("concurrency"))?;
        }
        if let Some(t) = &self.timeout {
            out.timeout = positive_duration(t).map_err(at("timeout"))?;
        }
        if let Some(t) = &self.connect_timeout {
            out.connect_timeout = positive_duration(t).map_err(at("connect_timeout"))?;
        }
        if let Some(size) = &self.max_body {
            out.max_body = parse_size(size).map_err(at("max_body"))?;
            if out.max_body == 0 {
                return Err(("max_body", "max_body must be more than zero".into()));
            }
        }
        if let Some(n) = self.max_redirects {
            out.max_redirects =
                values::within("max_redirects", n, 0, 100).map_err(at("max_redirects"))?;
        }
        if let Some(n) = self.retries {
            out.retries = values::within("retries", n, 0, 100).map_err(at("retries"))?;
        }
        if let Some(t) = &self.retry_after_cap {
            out.retry_after_cap = parse_duration(t).map_err(at("retry_after_cap"))?;
        }
        if let Some(b) = self.robots {
            out.robots = b;
        }
        if let Some(ua) = &self.user_agent {
            out.user_agent = values::header_text(ua).map_err(at("user_agent"))?;
        }
        Ok(out)
    }
}

/// Where `key = …` is written in the table that starts at `header` (the first such line
/// after it), else the header itself: a value error points at its own line.
fn key_offset(text: &str, header: Option<&str>, key: &str) -> usize {
    let start = header.and_then(|h| text.find(h)).unwrap_or(0);
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if offset > start && trimmed.starts_with('[') {
            break;
        }
        let written = trimmed.strip_prefix(key).map(str::trim_start);
        if written.is_some_and(|rest| rest.starts_with('=')) {
            return offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    start
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutletToml {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    domains: Vec<String>,
    language: Option<String>,
    home: Option<String>,
    #[serde(default)]
    feeds: Vec<String>,
    #[serde(default)]
    sitemaps: Vec<String>,
    archive: Option<String>,
    search: Option<String>,
    #[serde(default)]
    pages: Vec<String>,
    #[serde(flatten)]
    politeness: PolitenessToml,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesToml {
    #[serde(default)]
    defaults: PolitenessToml,
    #[serde(default)]
    outlets: BTreeMap<String, OutletToml>,
    #[serde(default)]
    archives: archives::ArchivesToml,
    #[serde(default)]
    search: archives::SearchToml,
    #[serde(default)]
    ignore: Vec<toml::Spanned<rules::IgnoreToml>>,
    #[serde(default, rename = "override")]
    overrides: Vec<toml::Spanned<rules::OverrideToml>>,
}

/// One outlet: how to recognise it and how to list its articles.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlet {
    /// The sources.toml key (`ikon`).
    pub key: String,
    /// Its display name.
    pub name: String,
    /// Other names articles use for it.
    pub aliases: Vec<String>,
    /// Its hosts' domains; subdomains belong to the outlet too.
    pub domains: Vec<String>,
    /// Its main language (ISO 639-1).
    pub language: Option<String>,
    /// Its home page, where discovery starts; `None`: `https://<first domain>/` (see
    /// [`Outlet::home_url`]).
    pub home: Option<String>,
    /// RSS / Atom feeds.
    pub feeds: Vec<String>,
    /// XML sitemaps or sitemap indexes.
    pub sitemaps: Vec<String>,
    /// A day's list of articles: template with `{yyyy} {mm} {dd} {m} {d}`.
    pub archive: Option<String>,
    /// Site search results page: template with `{query}`.
    pub search: Option<String>,
    /// Fixed pages, for "accessed" citations.
    pub pages: Vec<String>,
    /// How its hosts are treated.
    pub politeness: Politeness,
}

impl Outlet {
    /// Where discovery starts: `home`, else `https://<first domain>/`; `None` for an
    /// outlet with neither.
    pub fn home_url(&self) -> Option<String> {
        self.home
            .clone()
            .or_else(|| Some(format!("https://{}/", self.domains.first()?)))
    }
}

/// The whole of sources.toml, validated.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sources {
    /// `[defaults]`: how any host not owned by an outlet is treated.
    pub defaults: Politeness,
    /// `[defaults]` limits of the whole run: per address, per document.
    pub limits: Limits,
    /// Global cap on connections in flight.
    pub max_connections: usize,
    /// Candidate pages read per unlinked citation (`max_candidates`); `None`: the
    /// resolver's default.
    pub max_candidates: Option<usize>,
    /// The outlets, in key order.
    pub outlets: Vec<Outlet>,
    /// Archive endpoints.
    pub archives: Archives,
    /// `[[ignore]]` entries: citations or URLs an editor has judged, until an expiry date.
    pub ignores: Vec<Ignore>,
    /// `[[override]]` entries: the URL to check for given citations.
    pub overrides: Vec<Override>,
}

/// Lower-cases and keeps letters and digits only, so "Mnb.mn", "MNB MN" and "mnb-mn" meet.
fn name_key(name: &str) -> String {
    let lowered = name.to_lowercase();
    let trimmed = lowered.strip_prefix("the ").unwrap_or(&lowered);
    trimmed.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = crate::text::cut(text, offset);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

impl Sources {
    /// Reads and validates a sources file.
    pub fn load(path: &Path) -> Result<Sources, SourcesError> {
        let text = std::fs::read_to_string(path).map_err(|source| SourcesError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Sources::parse(&text, path)
    }

    /// Parses sources.toml text; `path` is only used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Sources, SourcesError> {
        let syntax = |offset: usize, message: String| {
            let (line, column) = line_column(text, offset);
            SourcesError::Syntax {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let raw: SourcesToml = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            syntax(offset, e.message().to_string())
        })?;
        // Semantic errors point at the key that holds the bad value.
        let locate = |needle: &str| text.find(needle).unwrap_or(0);
        let defaults = raw
            .defaults
            .apply(&Politeness::default())
            .map_err(|(key, m)| {
                let header = text.contains("[defaults]").then_some("[defaults]");
                syntax(key_offset(text, header, key), format!("[defaults]: {m}"))
            })?;
        let mut outlets = Vec::with_capacity(raw.outlets.len());
        for (key, outlet) in raw.outlets {
            let header = format!("[outlets.{key}]");
            let politeness = outlet.politeness.apply(&defaults).map_err(|(key, m)| {
                syntax(
                    key_offset(text, Some(&header), key),
                    format!("{header}: {m}"),
                )
            })?;
            if let Some(key) = outlet.politeness.run_wide_key() {
                return Err(syntax(
                    key_offset(text, Some(&header), key),
                    format!("{header}: {key} belongs in [defaults]"),
                ));
            }
            for url in outlet
                .home
                .iter()
                .chain(&outlet.feeds)
                .chain(&outlet.sitemaps)
                .chain(&outlet.pages)
            {
                if url::Url::parse(url).is_err() {
                    return Err(syntax(
                        locate(url),
                        format!("{header}: {url:?} is not a URL"),
                    ));
                }
            }
            outlets.push(Outlet {
                key,
                name: outlet.name,
                aliases: outlet.aliases,
                domains: outlet
                    .domains
                    .iter()
                    .map(|d| d.trim().trim_start_matches("www.").to_lowercase())
                    .collect(),
                language: outlet.language,
                home: outlet.home,
                feeds: outlet.feeds,
                sitemaps: outlet.sitemaps,
                archive: outlet.archive,
                search: outlet.search,
                pages: outlet.pages,
                politeness,
            });
        }
        checks::shared_claims(&outlets, text).map_err(|(at, m)| syntax(at, m))?;
        let (ignores, overrides) =
            rules::build(text, path, raw.ignore, raw.overrides).map_err(|(at, m)| syntax(at, m))?;
        let max_connections = raw.defaults.max_connections.unwrap_or(64);
        let max_connections = values::within("max_connections", max_connections, 1, 65_536)
            .map_err(|m| syntax(key_offset(text, Some("[defaults]"), "max_connections"), m))?;
        let archives = archives::read(raw.archives, raw.search).map_err(|(key, m)| {
            let table = if key == "searxng" {
                "[search]"
            } else {
                "[archives]"
            };
            let header = text.contains(table).then_some(table);
            syntax(key_offset(text, header, key), format!("{table}: {m}"))
        })?;
        let limits = limits::read(&raw.defaults).map_err(|(key, m)| {
            let header = text.contains("[defaults]").then_some("[defaults]");
            syntax(key_offset(text, header, key), format!("[defaults]: {m}"))
        })?;
        Ok(Sources {
            limits,
            ignores,
            overrides,
            max_connections,
            max_candidates: match raw.defaults.max_candidates {
                Some(0) => {
                    return Err(syntax(
                        key_offset(text, Some("[defaults]"), "max_candidates"),
                        "[defaults]: max_candidates must be at least 1".into(),
                    ))
                }
                n => n,
            },
            defaults,
            outlets,
            archives,
        })
    }

    /// The outlet an article names, by name or alias (case and punctuation ignored).
    pub fn outlet_by_name(&self, written: &str) -> Option<&Outlet> {
        let wanted = name_key(written);
        if wanted.is_empty() {
            return None;
        }
        self.outlets.iter().find(|o| {
            name_key(&o.name) == wanted
                || o.aliases.iter().any(|a| name_key(a) == wanted)
                || o.domains.iter().any(|d| name_key(d) == wanted)
        })
    }

    /// The outlet that owns a host (its domain or a subdomain of it).
    pub fn outlet_by_host(&self, host: &str) -> Option<&Outlet> {
        let host = host.trim_end_matches('.').to_lowercase();
        self.outlets
            .iter()
            .filter_map(|o| {
                o.domains
                    .iter()
                    .filter(|d| host == **d || host.ends_with(&format!(".{d}")))
                    .map(|d| d.len())
                    .max()
                    .map(|len| (len, o))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, o)| o)
    }

    /// How a host is treated: its outlet's settings, else the defaults. An archive
    /// service's host runs no faster than `replay_rate` and never retries on its own: an
    /// archive that answers 429 is left alone (see `archive::polite`), not asked again.
    pub fn politeness_for_host(&self, host: &str) -> Politeness {
        let host_lower = host.to_lowercase();
        if self.archives.hosts().contains(&host_lower) {
            let mut p = self.defaults.clone();
            if p.rate.interval() < self.archives.replay_rate.interval() {
                p.rate = self.archives.replay_rate;
            }
            p.retries = 0;
            return p;
        }
        self.outlet_by_host(host)
            .map(|o| o.politeness.clone())
            .unwrap_or_else(|| self.defaults.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
[defaults]
rate = "2/s"
timeout = "5s"

[outlets.ikon]
name = "Ikon"
aliases = ["Ikon.mn"]
domains = ["ikon.mn"]
language = "mn"
rate = "1/2s"

[outlets.mnb]
name = "Mongolian National Broadcaster"
aliases = ["Mnb.mn"]
domains = ["mnb.mn"]
"#;

    #[test]
    fn outlets_are_found_by_name_alias_and_host() {
        let sources = Sources::parse(SAMPLE, Path::new("s.toml")).unwrap();
        assert_eq!(sources.outlet_by_name("IKON").unwrap().key, "ikon");
        assert_eq!(sources.outlet_by_name("Mnb.mn").unwrap().key, "mnb");
        assert_eq!(sources.outlet_by_name("mnb mn").unwrap().key, "mnb");
        assert!(sources.outlet_by_name("Reuters").is_none());
        assert_eq!(sources.outlet_by_host("www.ikon.mn").unwrap().key, "ikon");
        assert!(sources.outlet_by_host("notikon.mn").is_none());
        let ikon = sources.politeness_for_host("ikon.mn");
        assert_eq!(ikon.rate.interval(), Duration::from_secs(2));
        assert_eq!(ikon.timeout, Duration::from_secs(5), "defaults inherited");
        assert_eq!(
            sources.politeness_for_host("example.org").rate.interval(),
            Duration::from_millis(500)
        );
    }

    #[test]
    fn malformed_file_names_line_and_column() {
        let text = "[defaults]\nrate = \"1/s\"\nconcurrency = \"two\"\n";
        let err = Sources::parse(text, Path::new("bad.toml")).unwrap_err();
        match err {
            SourcesError::Syntax { line, column, .. } => {
                assert_eq!(line, 3);
                assert!(column >= 1);
            }
            other => panic!("unexpected {other:?}"),
        }
        let text = "[outlets.x]\nname = \"X\"\nrate = \"soon\"\n";
        let err = Sources::parse(text, Path::new("bad.toml")).unwrap_err();
        assert!(err.to_string().starts_with("bad.toml:3:1:"), "{err}");
        let text = "[defaults]\nrobots = true\n  timeout = \"0s\"\n\n[outlets.x]\nname = \"X\"\n";
        let err = Sources::parse(text, Path::new("bad.toml")).unwrap_err();
        assert!(err.to_string().starts_with("bad.toml:3:3:"), "{err}");
        assert!(err.to_string().contains("more than zero"), "{err}");
    }

    #[test]
    fn home_defaults_to_the_first_domain_and_max_candidates_to_none() {
        let sources = Sources::parse(SAMPLE, Path::new("s.toml")).unwrap();
        let ikon = sources.outlet_by_name("Ikon").unwrap();
        assert_eq!(ikon.home_url().as_deref(), Some("https://ikon.mn/"));
        assert_eq!(sources.max_candidates, None);
        let text = "[defaults]\nmax_candidates = 20\n[outlets.x]\nname = \"X\"\nhome = \"http://x.test/en/\"\n";
        let sources = Sources::parse(text, Path::new("s.toml")).unwrap();
        assert_eq!(sources.max_candidates, Some(20));
        assert_eq!(
            sources.outlets[0].home_url().as_deref(),
            Some("http://x.test/en/")
        );
        let text = "[outlets.x]\nname = \"X\"\nmax_candidates = 3\n";
        let err = Sources::parse(text, Path::new("s.toml")).unwrap_err();
        assert!(err.to_string().starts_with("s.toml:3:1:"), "{err}");
        let text = "[outlets.x]\nname = \"X\"\nhome = \"ikon.mn\"\n";
        let err = Sources::parse(text, Path::new("s.toml")).unwrap_err();
        assert!(err.to_string().contains("not a URL"), "{err}");
        let text = "[defaults]\nmax_candidates = 0\n";
        assert!(Sources::parse(text, Path::new("s.toml")).is_err());
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_position() {
        let text = "[outlets.x]\nname = \"X\"\nfeed = [\"https://x/rss\"]\n";
        let err = Sources::parse(text, Path::new("s.toml")).unwrap_err();
        assert!(err.to_string().contains("feed"), "{err}");
    }
}

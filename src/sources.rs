//! `sources.toml`: the outlets citecheck knows, and how politely to treat their hosts.
//!
//! A citation names its outlet as the article wrote it ("Ikon", "Mnb.mn"); this module ties
//! that name to an outlet entry (by name or alias, ignoring case and punctuation), and ties
//! any host to the outlet that owns it (by domain, subdomains included). It also turns the
//! human-friendly settings (`rate = "1/2s"`, `timeout = "30s"`, `max_body = "10MB"`) into
//! typed values once, so the crawler never parses strings. A malformed file is an error that
//! names the file, line and column. The editor's `[[ignore]]` and `[[override]]` entries are
//! read here too and matched in [`rules`].

pub mod rules;

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

/// Requests per interval, enforced as a token bucket with burst 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// How many requests…
    pub requests: u32,
    /// …per this long.
    pub per: Duration,
}

impl Rate {
    /// The shortest gap between two requests to one host.
    pub fn interval(&self) -> Duration {
        self.per / self.requests.max(1)
    }

    /// The rate with `n` sharers: each gets 1/n of it (for hosts every shard needs).
    pub fn divided(&self, n: u32) -> Rate {
        Rate {
            requests: self.requests,
            per: self.per * n.max(1),
        }
    }

    /// Parses "N/s", "N/min", "N/h", "1/2s", "3/500ms".
    pub fn parse(text: &str) -> Result<Rate, String> {
        let (count, per) = text
            .split_once('/')
            .ok_or_else(|| format!("rate {text:?}: expected N/unit, e.g. \"1/s\" or \"1/2s\""))?;
        let requests: u32 = count
            .trim()
            .parse()
            .map_err(|_| format!("rate {text:?}: {count:?} is not a whole number"))?;
        if requests == 0 {
            return Err(format!("rate {text:?}: must allow at least one request"));
        }
        let per = per.trim();
        let per = match per {
            "s" | "sec" => Duration::from_secs(1),
            "min" | "m" => Duration::from_secs(60),
            "h" => Duration::from_secs(3600),
            _ => parse_duration(per).map_err(|e| format!("rate {text:?}: {e}"))?,
        };
        if per.is_zero() {
            return Err(format!("rate {text:?}: the interval must be positive"));
        }
        Ok(Rate { requests, per })
    }
}

/// Parses "250ms", "30s", "2min", "1h" (also "1.5s").
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("duration {text:?}: expected a number then ms, s, min or h"))?;
    let seconds = match unit.trim() {
        "ms" => value / 1000.0,
        "s" | "sec" => value,
        "min" | "m" => value * 60.0,
        "h" => value * 3600.0,
        "" => return Err(format!("duration {text:?}: missing unit (ms, s, min or h)")),
        other => return Err(format!("duration {text:?}: unknown unit {other:?}")),
    };
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(format!("duration {text:?}: out of range"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// Parses "10MB", "512KB", "1GiB", "2048" (bytes).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("size {text:?}: expected a number then B, KB, MB or GB"))?;
    let scale: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" | "k" => 1e3,
        "kib" => 1024.0,
        "mb" | "m" => 1e6,
        "mib" => 1024.0 * 1024.0,
        "gb" | "g" => 1e9,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        other => return Err(format!("size {text:?}: unknown unit {other:?}")),
    };
    Ok((value * scale) as u64)
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
}

impl PolitenessToml {
    /// Applies the keys present to `base`.
    fn apply(&self, base: &Politeness) -> Result<Politeness, String> {
        let mut out = base.clone();
        if let Some(rate) = &self.rate {
            out.rate = Rate::parse(rate)?;
        }
        if let Some(n) = self.concurrency {
            if n == 0 {
                return Err("concurrency must be at least 1".into());
            }
            out.concurrency = n;
        }
        if let Some(t) = &self.timeout {
            out.timeout = parse_duration(t)?;
        }
        if let Some(t) = &self.connect_timeout {
            out.connect_timeout = parse_duration(t)?;
        }
        if let Some(s) = &self.max_body {
            out.max_body = parse_size(s)?;
        }
        if let Some(n) = self.max_redirects {
            out.max_redirects = n;
        }
        if let Some(n) = self.retries {
            out.retries = n;
        }
        if let Some(t) = &self.retry_after_cap {
            out.retry_after_cap = parse_duration(t)?;
        }
        if let Some(b) = self.robots {
            out.robots = b;
        }
        if let Some(ua) = &self.user_agent {
            out.user_agent = ua.clone();
        }
        Ok(out)
    }
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
struct ArchivesToml {
    wayback_cdx: Option<String>,
    #[serde(default)]
    timegates: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesToml {
    #[serde(default)]
    defaults: PolitenessToml,
    #[serde(default)]
    outlets: BTreeMap<String, OutletToml>,
    #[serde(default)]
    archives: ArchivesToml,
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

/// Where dead or changed sources are looked up.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Archives {
    /// A Wayback CDX endpoint.
    pub wayback_cdx: Option<String>,
    /// Memento TimeGates (RFC 7089).
    pub timegates: Vec<String>,
}

/// The whole of sources.toml, validated.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sources {
    /// `[defaults]`: how any host not owned by an outlet is treated.
    pub defaults: Politeness,
    /// Global cap on connections in flight.
    pub max_connections: usize,
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
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
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
            .map_err(|m| syntax(locate("[defaults]"), format!("[defaults]: {m}")))?;
        let mut outlets = Vec::with_capacity(raw.outlets.len());
        for (key, outlet) in raw.outlets {
            let header = format!("[outlets.{key}]");
            let politeness = outlet
                .politeness
                .apply(&defaults)
                .map_err(|m| syntax(locate(&header), format!("{header}: {m}")))?;
            if outlet.politeness.max_connections.is_some() {
                return Err(syntax(
                    locate(&header),
                    format!("{header}: max_connections belongs in [defaults]"),
                ));
            }
            for url in outlet
                .feeds
                .iter()
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
                feeds: outlet.feeds,
                sitemaps: outlet.sitemaps,
                archive: outlet.archive,
                search: outlet.search,
                pages: outlet.pages,
                politeness,
            });
        }
        let (ignores, overrides) =
            rules::build(text, raw.ignore, raw.overrides).map_err(|(at, m)| syntax(at, m))?;
        Ok(Sources {
            ignores,
            overrides,
            max_connections: raw.defaults.max_connections.unwrap_or(64).max(1),
            defaults,
            outlets,
            archives: Archives {
                wayback_cdx: raw.archives.wayback_cdx,
                timegates: raw.archives.timegates,
            },
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

    /// How a host is treated: its outlet's settings, else the defaults.
    pub fn politeness_for_host(&self, host: &str) -> Politeness {
        self.outlet_by_host(host)
            .map(|o| o.politeness.clone())
            .unwrap_or_else(|| self.defaults.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_in_every_documented_form() {
        assert_eq!(
            Rate::parse("1/s").unwrap().interval(),
            Duration::from_secs(1)
        );
        assert_eq!(
            Rate::parse("20/s").unwrap().interval(),
            Duration::from_millis(50)
        );
        assert_eq!(
            Rate::parse("1/2s").unwrap().interval(),
            Duration::from_secs(2)
        );
        assert_eq!(
            Rate::parse("30/min").unwrap().interval(),
            Duration::from_secs(2)
        );
        assert!(Rate::parse("0/s").is_err());
        assert!(Rate::parse("fast").is_err());
        assert!(Rate::parse("1/0s").is_err());
    }

    #[test]
    fn durations_and_sizes_take_their_units() {
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("2min").unwrap(), Duration::from_secs(120));
        assert!(parse_duration("30").is_err());
        assert_eq!(parse_size("10MB").unwrap(), 10_000_000);
        assert_eq!(parse_size("1KiB").unwrap(), 1024);
        assert!(parse_size("10 parsecs").is_err());
    }

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
        assert!(err.to_string().starts_with("bad.toml:1:1:"), "{err}");
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_position() {
        let text = "[outlets.x]\nname = \"X\"\nfeed = [\"https://x/rss\"]\n";
        let err = Sources::parse(text, Path::new("s.toml")).unwrap_err();
        assert!(err.to_string().contains("feed"), "{err}");
    }
}

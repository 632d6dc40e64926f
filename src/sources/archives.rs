//! `[archives]` and `[search]`: the services asked when an outlet's own site cannot help —
//! the Wayback Machine, Memento TimeGates, Common Crawl and a SearXNG instance — and how
//! politely to treat them.
//!
//! The archives publish and enforce their own limits: web.archive.org allows about 20 CDX
//! queries a minute and blocks clients that keep asking after a 429; replays are served at
//! about one a second; Common Crawl's index answers one request at a time. The defaults
//! below are those figures, so a user who writes nothing is polite already.

use std::time::Duration;

use serde::Deserialize;

use super::values::{parse_duration, Rate};

/// `cdx_rate`'s default: web.archive.org's published 20 CDX queries a minute.
pub const DEFAULT_CDX_RATE: Rate = Rate {
    requests: 20,
    per: Duration::from_secs(60),
};

/// `replay_rate`'s default: one archived copy (or WARC range) a second per host.
pub const DEFAULT_REPLAY_RATE: Rate = Rate {
    requests: 1,
    per: Duration::from_secs(1),
};

/// `pause_after_429`'s default: a minute without asking.
pub const DEFAULT_PAUSE_AFTER_429: Duration = Duration::from_secs(60);

/// `[archives]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ArchivesToml {
    wayback_cdx: Option<String>,
    #[serde(default)]
    timegates: Vec<String>,
    commoncrawl: Option<String>,
    commoncrawl_data: Option<String>,
    cdx_rate: Option<String>,
    replay_rate: Option<String>,
    pause_after_429: Option<String>,
}

/// `[search]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SearchToml {
    searxng: Option<String>,
}

/// Where dead, changed or unlisted sources are looked up, and how politely.
#[derive(Debug, Clone, PartialEq)]
pub struct Archives {
    /// A Wayback CDX endpoint.
    pub wayback_cdx: Option<String>,
    /// Memento TimeGates (RFC 7089).
    pub timegates: Vec<String>,
    /// Common Crawl's crawl list (`collinfo.json`); each crawl names its own `cdx-api`.
    pub commoncrawl: Option<String>,
    /// Where Common Crawl's WARC files are read by byte range.
    pub commoncrawl_data: Option<String>,
    /// CDX and crawl-index queries per endpoint host.
    pub cdx_rate: Rate,
    /// Archived copies and WARC ranges per host.
    pub replay_rate: Rate,
    /// How long an archive host that answered 429 is left alone.
    pub pause_after_429: Duration,
    /// A SearXNG instance's search endpoint (`[search] searxng`), JSON output enabled.
    pub searxng: Option<String>,
}

impl Default for Archives {
    fn default() -> Self {
        Archives {
            wayback_cdx: None,
            timegates: Vec::new(),
            commoncrawl: None,
            commoncrawl_data: None,
            cdx_rate: DEFAULT_CDX_RATE,
            replay_rate: DEFAULT_REPLAY_RATE,
            pause_after_429: DEFAULT_PAUSE_AFTER_429,
            searxng: None,
        }
    }
}

impl Archives {
    /// True when an archive that holds copies of single pages is configured (a Wayback
    /// CDX server or a Memento TimeGate): without one a dead link gets no look-up at all,
    /// and its report says nothing of archives.
    pub fn has_copies(&self) -> bool {
        self.wayback_cdx.is_some() || !self.timegates.is_empty()
    }

    /// The hosts of the archive services (not SearXNG, the user's own instance): their
    /// queues run at `replay_rate` and never retry on their own (a 429 pauses them).
    pub fn hosts(&self) -> Vec<String> {
        self.wayback_cdx
            .iter()
            .chain(&self.timegates)
            .chain(&self.commoncrawl)
            .chain(&self.commoncrawl_data)
            .filter_map(|u| url::Url::parse(u).ok()?.host_str().map(str::to_lowercase))
            .collect()
    }
}

/// A bad value: its key and what is wrong.
type ValueError = (&'static str, String);

/// Validates `[archives]` and `[search]`.
pub(super) fn read(archives: ArchivesToml, search: SearchToml) -> Result<Archives, ValueError> {
    let at = |key: &'static str| move |message: String| (key, message);
    let url = |key: &'static str, value: Option<String>| match value {
        Some(v) if url::Url::parse(&v).is_err() => Err((key, format!("{v:?} is not a URL"))),
        other => Ok(other),
    };
    let mut out = Archives {
        wayback_cdx: url("wayback_cdx", archives.wayback_cdx)?,
        timegates: archives.timegates,
        commoncrawl: url("commoncrawl", archives.commoncrawl)?,
        commoncrawl_data: url("commoncrawl_data", archives.commoncrawl_data)?,
        searxng: url("searxng", search.searxng)?,
        ..Archives::default()
    };
    if let Some(rate) = &archives.cdx_rate {
        out.cdx_rate = Rate::parse(rate).map_err(at("cdx_rate"))?;
    }
    if let Some(rate) = &archives.replay_rate {
        out.replay_rate = Rate::parse(rate).map_err(at("replay_rate"))?;
    }
    if let Some(pause) = &archives.pause_after_429 {
        out.pause_after_429 = parse_duration(pause).map_err(at("pause_after_429"))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_what_the_archives_publish_and_keys_override_them() {
        let parsed = read(ArchivesToml::default(), SearchToml::default()).expect("defaults");
        assert_eq!(parsed.cdx_rate.interval(), Duration::from_secs(3));
        assert_eq!(parsed.replay_rate.interval(), Duration::from_secs(1));
        assert_eq!(parsed.pause_after_429, Duration::from_secs(60));
        let raw: ArchivesToml = toml::from_str(
            "wayback_cdx = \"https://web.archive.org/cdx/search/cdx\"\ncdx_rate = \"10/min\"\n\
             commoncrawl = \"https://index.commoncrawl.org/collinfo.json\"\n\
             pause_after_429 = \"2min\"\n",
        )
        .expect("toml");
        let search: SearchToml =
            toml::from_str("searxng = \"http://localhost:8888/search\"").expect("toml");
        let parsed = read(raw, search).expect("valid");
        assert_eq!(parsed.cdx_rate.interval(), Duration::from_secs(6));
        assert_eq!(parsed.pause_after_429, Duration::from_secs(120));
        assert_eq!(parsed.hosts(), ["web.archive.org", "index.commoncrawl.org"]);
        let bad: ArchivesToml = toml::from_str("replay_rate = \"fast\"").expect("toml");
        assert_eq!(
            read(bad, SearchToml::default()).map_err(|e| e.0),
            Err("replay_rate")
        );
        let bad: SearchToml = toml::from_str("searxng = \"localhost\"").expect("toml");
        assert!(read(ArchivesToml::default(), bad).is_err());
    }
}

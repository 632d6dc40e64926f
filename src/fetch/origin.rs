//! What the crawler learns per origin (scheme, host, port): robots.txt and the soft-404
//! probe — and with robots.txt, whether the origin could be reached at all.
//!
//! RFC 9309 scopes robots.txt to an origin: `http://h/`, `https://h/` and `http://h:8080/`
//! are three servers as far as the file is concerned, and one of them refusing connections
//! says nothing of the others. The rate, by contrast, stays per host name (`host.rs`): it is
//! about the organisation behind the name, whatever port it serves on.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;
use url::Url;

use super::robots::RobotsRule;
use super::soft404::Probe;

/// One origin's robots.txt and soft-404 probe, each found once when first needed.
#[derive(Default)]
pub(crate) struct Origin {
    /// Its robots.txt (or why it could not be read).
    pub robots: OnceCell<RobotsRule>,
    /// What it serves for a path that cannot exist.
    pub probe: OnceCell<Option<Probe>>,
}

/// The origin of a URL as a key: scheme, lower-case host and port (the scheme's default
/// when the URL names none).
pub(crate) fn origin_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let port = url.port_or_known_default().unwrap_or(0);
    format!("{}://{host}:{port}", url.scheme())
}

/// Every origin the run has met.
#[derive(Default)]
pub(crate) struct Origins {
    seen: Mutex<HashMap<String, Arc<Origin>>>,
}

impl Origins {
    /// The state of a URL's origin, created on first sight.
    pub fn of(&self, url: &Url) -> Arc<Origin> {
        let mut seen = match self.seen.lock() {
            Ok(seen) => seen,
            Err(poisoned) => poisoned.into_inner(),
        };
        seen.entry(origin_key(url)).or_default().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_and_port_make_different_origins() {
        let key = |u: &str| origin_key(&Url::parse(u).unwrap());
        assert_eq!(
            key("http://News.Example/a"),
            key("http://news.example:80/b")
        );
        assert_ne!(key("http://news.example/a"), key("https://news.example/a"));
        assert_ne!(
            key("http://news.example/a"),
            key("http://news.example:8080/a")
        );
        let origins = Origins::default();
        let a = origins.of(&Url::parse("http://x.example/1").unwrap());
        let b = origins.of(&Url::parse("http://x.example/2").unwrap());
        assert!(Arc::ptr_eq(&a, &b));
    }
}

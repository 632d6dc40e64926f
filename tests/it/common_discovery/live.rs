//! Pages that change while a site runs: a source that is edited, breaks and comes back
//! between two scheduled runs.
//!
//! A [`LivePages`] table is served by a [`Site`] through its handler; the test replaces a
//! page between runs with [`LivePages::set`]. Conditional requests are answered as a real
//! server would (RFC 9110 §13): a `200` whose `ETag` matches `If-None-Match` — or, when no
//! `If-None-Match` was sent, whose `Last-Modified` equals `If-Modified-Since` — becomes a
//! `304 Not Modified` with the same validators and no body. Every `304` sent is counted,
//! so a test knows the crawler really revalidated.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::{Asked, Handler, Reply, Site};

#[derive(Default)]
struct Table {
    pages: Mutex<HashMap<String, Reply>>,
    not_modified: AtomicUsize,
}

/// A mutable page table; clones share it.
#[derive(Clone, Default)]
pub struct LivePages(Arc<Table>);

fn header<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
    reply
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Whether a stored `200` answers a conditional request with `304`.
fn still_fresh(reply: &Reply, asked: &Asked) -> bool {
    if reply.status != 200 {
        return false;
    }
    if let Some(wanted) = asked.header("if-none-match") {
        let etag = header(reply, "etag");
        return wanted
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || Some(tag) == etag);
    }
    match (
        asked.header("if-modified-since"),
        header(reply, "last-modified"),
    ) {
        (Some(since), Some(modified)) => since.trim() == modified.trim(),
        _ => false,
    }
}

impl LivePages {
    /// An empty table (every path answers 404).
    pub fn new() -> LivePages {
        LivePages::default()
    }

    /// Serves `reply` at `path` from now on (replacing what was there).
    pub fn set(&self, path: &str, reply: Reply) {
        if let Ok(mut pages) = self.0.pages.lock() {
            pages.insert(path.to_string(), reply);
        }
    }

    /// How many `304 Not Modified` answers were sent so far.
    pub fn not_modified(&self) -> usize {
        self.0.not_modified.load(Ordering::SeqCst)
    }

    /// The handler a [`Site`] serves the table with (the query is ignored).
    pub fn handler(&self) -> Handler {
        let table = self.0.clone();
        Arc::new(move |asked: &Asked| {
            let reply = table
                .pages
                .lock()
                .ok()
                .and_then(|pages| pages.get(&asked.path).cloned());
            let Some(reply) = reply else {
                return Reply::not_found();
            };
            if !still_fresh(&reply, asked) {
                return reply;
            }
            table.not_modified.fetch_add(1, Ordering::SeqCst);
            let mut answer = Reply {
                status: 304,
                headers: Vec::new(),
                body: Vec::new(),
            };
            for name in ["etag", "last-modified"] {
                if let Some(value) = header(&reply, name) {
                    answer.headers.push((name.into(), value.into()));
                }
            }
            answer
        })
    }

    /// A site on loopback serving this table under `host`.
    pub async fn serve(&self, host: &str) -> Site {
        Site::start(host, Vec::new(), vec![("/".into(), self.handler())]).await
    }
}

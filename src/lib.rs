//! citecheck: a citation verification crawler.
//!
//! An article cites its sources — `(Ikon, September 27)`, a Markdown link, a JSON list from
//! a reference manager. citecheck finds each cited source on the web, fetches it politely
//! (per-host rate limits, robots.txt, bounded time and bytes), and reports for every
//! citation whether the link is healthy and whether the source really says what the article
//! claims: its quotes, numbers, names and date.
//!
//! The modules are the pipeline, in order:
//! [`document`] (citations) → [`resolve`] (URLs) → [`fetch`] (responses) → [`extract`]
//! (articles) → [`matching`] (evidence) → [`verdict`] → [`report`]. [`read`] is the one
//! fetch → extract → match path every checked page takes; [`verify`] runs the stages;
//! [`model`] holds the plain data passed between them; [`sources`] reads `sources.toml`;
//! [`thresholds`] holds the numbers matching and the verdict both read.
#![deny(missing_docs)]

pub mod archive;
pub mod atomic;
pub mod cache;
pub mod cpu;
pub mod document;
pub mod extract;
pub mod fetch;
#[doc(hidden)]
pub mod fuzzing;
pub mod health;
pub mod lexicon;
pub mod matching;
pub mod model;
pub mod read;
pub mod redact;
pub mod report;
pub mod resolve;
pub mod shard;
pub mod sources;
pub mod state;
pub mod text;
pub mod thresholds;
pub mod verdict;
pub mod verify;

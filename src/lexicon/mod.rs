//! The words citecheck knows, per language: month and weekday names, stop words, and the
//! scale words, units and hedges around numbers.
//!
//! Several stages read the same words for different ends — the citation grammar reads
//! "Sept. 27" as a date, matching must not take that 27 for a quantity, the resolver must
//! not search for "September", a sitemap named `2023_sep` covers September — so the words
//! live here once and each stage asks for the view it needs. Adding a language is adding
//! rows here. (The publication-date extractor keeps its own month tables for now, in
//! `extract/date/months.rs`, with their many scripts and spellings.)

pub mod calendar;
pub mod case_endings;
pub mod common_words;
pub mod stop_words;
pub mod units;

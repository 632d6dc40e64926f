//! All integration tests, one binary (as ripgrep does): each module is one area of behaviour,
//! and the crate is linked once instead of once per file.

mod common_crawler;
mod common_discovery;
mod report_fixtures;
mod support;

mod archive_lookup;
mod cli;
mod crawler_capture;
mod crawler_politeness;
mod crawler_reuse;
mod crawler_status;
mod discovery_resolve;
mod document_formats;
mod document_robustness;
mod document_seed;
mod example_capture;
mod extract_aeb;
mod extract_date_dataset;
mod extract_date_languages;
mod extract_date_sources;
mod extract_fixtures;
mod extract_robustness;
mod matching_check;
mod matching_passage;
mod matching_verdict;
mod report_browser;
mod report_html;
mod report_json;
mod report_junit;
mod report_markdown;
mod report_merge;
mod report_terminal;
mod report_workflow;
mod state_history;
mod verify_history;
mod verify_languages;
mod verify_names;
mod verify_private;
mod verify_rules;
mod verify_shards;
mod warc_capture;
mod warc_replay;

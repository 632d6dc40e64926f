//! `citecheck merge`: joins the JSON reports of a sharded run into one report.
//!
//! Each shard of `verify --shard I/N` writes reports holding only the citations of the
//! hosts it owns; a CI matrix uploads them and a last job runs `merge` over them. The
//! merged report is written as `<out>/report.<format>`, and each document's part again as
//! `<out>/documents/<document path>.<format>`, so both a whole-run view and per-article
//! reports exist after a split run.

use std::path::{Path, PathBuf};

use anyhow::Context;

use citecheck::report::{self, json, merge};

use crate::{parse_fail_on, parse_formats, FailOn, USAGE_ERROR};

/// Arguments of `citecheck merge`.
#[derive(clap::Args)]
pub struct MergeArgs {
    /// Shard reports (.json), or directories holding them.
    #[arg(required = true)]
    reports: Vec<PathBuf>,
    /// Where the merged reports go.
    #[arg(long, default_value = "reports")]
    out: PathBuf,
    /// Report formats: a comma list of json, md, html, junit, summary.
    #[arg(long, default_value = "json,md")]
    format: String,
    /// The lowest severity that makes the run fail: error, warning or never.
    #[arg(long, default_value = "error", value_parser = parse_fail_on)]
    fail_on: FailOn,
}

fn collect(path: &Path, found: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("{}: cannot list", path.display()))?
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for entry in entries {
            if entry.is_dir() || entry.extension().is_some_and(|e| e == "json") {
                collect(&entry, found)?;
            }
        }
    } else {
        found.push(path.to_path_buf());
    }
    Ok(())
}

/// Runs the subcommand; returns the exit code.
pub fn run(args: MergeArgs) -> anyhow::Result<u8> {
    let formats = parse_formats(&args.format)?;
    let fail_on = args.fail_on.0;
    let mut files = Vec::new();
    for path in &args.reports {
        collect(path, &mut files)?;
    }
    let mut reports = Vec::with_capacity(files.len());
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("citecheck: {}: cannot read: {e}", file.display());
                return Ok(USAGE_ERROR);
            }
        };
        match json::parse(&text) {
            Ok(report) => reports.push(report),
            Err(e) => {
                eprintln!("citecheck: {}: {e}", file.display());
                return Ok(USAGE_ERROR);
            }
        }
    }
    let merged = merge::merge(reports)?;
    report::write(&merged, &args.out.join("report"), &formats, fail_on)?;
    for part in merge::split(&merged) {
        if let Some(document) = part.documents.first() {
            let base = merge::report_base(&args.out.join("documents"), &document.path);
            report::write(&part, &base, &formats, fail_on)?;
        }
    }
    let failing = merged
        .documents
        .iter()
        .flat_map(|d| &d.citations)
        .any(|c| report::fails(c, fail_on));
    let errors = merged.documents.iter().any(|d| d.error.is_some());
    print!(
        "{}",
        report::terminal::table(&merged, report::terminal::width())
    );
    println!(
        "  merged {} reports into {}",
        files.len(),
        args.out.join("report").display()
    );
    Ok(if errors {
        USAGE_ERROR
    } else if failing {
        1
    } else {
        0
    })
}

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

use crate::{output, parse_fail_on, parse_formats, FailOn, USAGE_ERROR};

/// Arguments of `citecheck merge`.
#[derive(clap::Args)]
pub struct MergeArgs {
    /// Shard reports (.json), or directories holding them.
    #[arg(required = true)]
    reports: Vec<PathBuf>,
    /// Where the merged reports go.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    out: PathBuf,
    /// Report formats: a comma list of json, md, html, junit, summary, fixes.
    #[arg(long, value_name = "LIST", default_value = "json,md")]
    format: String,
    /// The lowest severity that makes the run fail: error, warning or never.
    #[arg(long, value_name = "LEVEL", default_value = "error", value_parser = parse_fail_on)]
    fail_on: FailOn,
}

/// The JSON reports under a path. Symlinked directories are not followed (a link cycle
/// must not read one report forty times).
fn collect(path: &Path, found: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<(PathBuf, bool)> = std::fs::read_dir(path)
            .with_context(|| format!("{}: cannot list", path.display()))?
            .flatten()
            .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
            .collect();
        entries.sort();
        for (entry, is_dir) in entries {
            if is_dir {
                collect(&entry, found)?;
            } else if entry.extension().is_some_and(|e| e == "json") {
                found.push(entry);
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
                output::complain(&format!("{}: cannot read: {e}", file.display()));
                return Ok(USAGE_ERROR);
            }
        };
        match json::parse(&text) {
            Ok(report) => reports.push(report),
            Err(e) => {
                output::complain(&format!("{}: {e}", file.display()));
                return Ok(USAGE_ERROR);
            }
        }
    }
    let merged = merge::merge(reports)?;
    report::write(&merged, &args.out.join("report"), &formats, fail_on)?;
    let parts = merge::split(&merged);
    let paths: Vec<&Path> = parts
        .iter()
        .filter_map(|p| p.documents.first())
        .map(|d| Path::new(&d.path))
        .collect();
    let bases = report::unique_bases(
        paths
            .iter()
            .map(|p| merge::report_base(&args.out.join("documents"), &p.to_string_lossy()))
            .collect(),
        &paths,
    );
    for (part, base) in parts.iter().zip(bases) {
        report::write(part, &base, &formats, fail_on)?;
    }
    let failing = merged
        .documents
        .iter()
        .flat_map(|d| &d.citations)
        .any(|c| report::fails(c, fail_on));
    let errors = merged.documents.iter().any(|d| d.error.is_some());
    output::out(&report::terminal::table(&merged, report::terminal::width()));
    output::outln(&format!(
        "  merged {} reports into {}",
        files.len(),
        args.out.join("report").display()
    ));
    Ok(if !merged.complete {
        // A shard was interrupted: the merged report is partial, as `verify` says with 130.
        output::complain("a merged report is incomplete (a shard was interrupted)");
        130
    } else if errors {
        USAGE_ERROR
    } else if failing {
        1
    } else {
        0
    })
}

//! The `citecheck` command line: parses arguments, calls the library, sets the exit code.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use citecheck::model::Severity;
use citecheck::report::Format;
use citecheck::sources::Sources;
use citecheck::verify::{self, VerifyOptions};

mod extract_cmd;

/// Exit code for usage, configuration and input errors.
const USAGE_ERROR: u8 = 2;

#[derive(Parser)]
#[command(
    name = "citecheck",
    version,
    about = "Check that cited sources exist and say what the article claims"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find each citation of the documents, fetch its source politely, and report.
    Verify(VerifyArgs),
    /// Show what citecheck sees on a page: title, date, language, body and boilerplate.
    Extract(ExtractArgs),
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Saved pages (HTML files) or http(s) URLs.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// One JSON object per line (the default; kept for explicitness).
    #[arg(long, conflicts_with = "text")]
    json: bool,
    /// Human-readable output instead of JSON lines.
    #[arg(long)]
    text: bool,
    /// Where a saved page came from (with one FILE), as a fetch would know it.
    #[arg(long)]
    url: Option<String>,
    /// The outlets file, for politeness settings when fetching URLs.
    #[arg(long, default_value = "sources.toml")]
    sources: PathBuf,
    /// Send HOST's requests to ADDR:PORT (HOST=ADDR:PORT), like curl's --resolve.
    #[arg(long = "resolve", value_parser = parse_resolve)]
    resolve: Vec<(String, SocketAddr)>,
}

#[derive(clap::Args)]
struct VerifyArgs {
    /// Documents (.txt, .md, .html, .json) or directories of them.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The outlets file.
    #[arg(long, default_value = "sources.toml")]
    sources: PathBuf,
    /// Where reports are written.
    #[arg(long, default_value = "reports")]
    out: PathBuf,
    /// Report formats: a comma list of json, md, html, junit.
    #[arg(long, default_value = "json,md")]
    format: String,
    /// Parse and report without any network access.
    #[arg(long)]
    dry_run: bool,
    /// The documents' publication date (YYYY-MM-DD), to resolve year-less dates.
    #[arg(long, value_parser = parse_date)]
    published: Option<NaiveDate>,
    /// The lowest severity that makes the run fail: error, warning or never.
    #[arg(long, default_value = "error", value_parser = parse_fail_on)]
    fail_on: FailOn,
    /// Send HOST's requests to ADDR:PORT (HOST=ADDR:PORT), like curl's --resolve.
    #[arg(long = "resolve", value_parser = parse_resolve)]
    resolve: Vec<(String, SocketAddr)>,
}

#[derive(Clone, Copy)]
struct FailOn(Option<Severity>);

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| format!("{text:?}: {e} (expected YYYY-MM-DD)"))
}

fn parse_fail_on(text: &str) -> Result<FailOn, String> {
    match text {
        "error" => Ok(FailOn(Some(Severity::Error))),
        "warning" => Ok(FailOn(Some(Severity::Warning))),
        "never" => Ok(FailOn(None)),
        _ => Err(format!("{text:?}: expected error, warning or never")),
    }
}

fn parse_resolve(text: &str) -> Result<(String, SocketAddr), String> {
    let (host, addr) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?}: expected HOST=ADDR:PORT"))?;
    let addr: SocketAddr = addr
        .parse()
        .map_err(|e| format!("{text:?}: {addr:?} is not ADDR:PORT ({e})"))?;
    if host.is_empty() {
        return Err(format!("{text:?}: empty host"));
    }
    Ok((host.to_ascii_lowercase(), addr))
}

fn parse_formats(text: &str) -> anyhow::Result<Vec<Format>> {
    let mut formats = Vec::new();
    for item in text.split(',').filter(|s| !s.trim().is_empty()) {
        match Format::parse(item) {
            Some(f) if !formats.contains(&f) => formats.push(f),
            Some(_) => {}
            None => bail!("--format: unknown format {item:?} (expected json, md, html, junit)"),
        }
    }
    Ok(formats)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command {
        Command::Verify(args) => run_verify(args),
        Command::Extract(args) => extract_cmd::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("citecheck: {e:#}");
            ExitCode::from(USAGE_ERROR)
        }
    }
}

fn run_verify(args: VerifyArgs) -> anyhow::Result<u8> {
    let sources = Sources::load(&args.sources)?;
    let formats = parse_formats(&args.format)?;
    let fail_on = args.fail_on.0;
    let options = VerifyOptions {
        inputs: args.files,
        sources: Arc::new(sources),
        out: args.out,
        formats,
        dry_run: args.dry_run,
        published: args.published,
        fail_on,
        resolve: args.resolve,
        today: chrono::Local::now().date_naive(),
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let outcome = runtime.block_on(verify::run(options.clone()))?;
    for doc in &outcome.documents {
        for d in &doc.report.documents {
            if let Some(error) = &d.error {
                eprintln!("citecheck: {error}");
            }
        }
        println!(
            "{}",
            citecheck::report::render(&doc.report, Format::Markdown, fail_on)
        );
        println!("report: {}", doc.report_base.display());
    }
    Ok(outcome.exit_code(fail_on) as u8)
}

//! The `citecheck` command line: parses arguments, calls the library, sets the exit code.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use citecheck::model::Severity;
use citecheck::report::log::{self, LogWriter};
use citecheck::report::progress::ProgressMode;
use citecheck::report::{self, terminal, Format};
use citecheck::shard::Shard;
use citecheck::sources::Sources;
use citecheck::state::Confirmation;
use citecheck::verify::{self, VerifyOptions};

mod extract_cmd;
mod merge_cmd;
mod output;

/// The sources file read when `--sources` is not given.
const DEFAULT_SOURCES: &str = "sources.toml";

/// Terminal-safe text (no control or bidi characters from file names).
fn terminal_text(text: &str) -> String {
    report::text::terminal(text).into_owned()
}

/// Exit code for usage, configuration and input errors.
pub(crate) const USAGE_ERROR: u8 = 2;

#[derive(Parser)]
#[command(
    name = "citecheck",
    version,
    about = "Check that cited sources exist and say what the article claims"
)]
struct Cli {
    /// More log output (-v: per document and host; -vv: every request). RUST_LOG wins.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    /// Only errors; no progress display.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find each citation of the documents, fetch its source politely, and report.
    Verify(VerifyArgs),
    /// Show what citecheck sees on a page: title, date, language, body and boilerplate.
    Extract(ExtractArgs),
    /// Join the JSON reports of a sharded run (`--shard I/N`) into one.
    Merge(merge_cmd::MergeArgs),
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
    /// The outlets file, for politeness settings when fetching URLs [default:
    /// ./sources.toml when present].
    #[arg(long)]
    sources: Option<PathBuf>,
    /// Send HOST's requests to ADDR:PORT (HOST=ADDR:PORT), like curl's --resolve.
    #[arg(long = "resolve", value_parser = parse_resolve)]
    resolve: Vec<(String, SocketAddr)>,
}

#[derive(clap::Args)]
struct VerifyArgs {
    /// Documents (.txt, .md, .html, .json) or directories of them.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The outlets file [default: ./sources.toml when present].
    #[arg(long)]
    sources: Option<PathBuf>,
    /// Where reports are written.
    #[arg(long, default_value = "reports")]
    out: PathBuf,
    /// Report formats: a comma list of json, md, html, junit, summary.
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
    /// Keep each URL's history in this SQLite file and report what changed since last run.
    #[arg(long)]
    state: Option<PathBuf>,
    /// Failed runs before a broken link counts as confirmed (with --state).
    #[arg(long, default_value_t = 3)]
    confirm_runs: u32,
    /// Different days those failures must span (with --state).
    #[arg(long, default_value_t = 3)]
    confirm_days: u32,
    /// Record every request and response of the run as WARC/1.1 into DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "replay")]
    record: Option<PathBuf>,
    /// The most the --record folder may hold, earlier captures included (e.g. 500MB, 2GB):
    /// a run whose capture would pass it stops recording and exits 2.
    #[arg(long, value_name = "SIZE", default_value = "1GB", value_parser = parse_size)]
    record_limit: u64,
    /// Run from a WARC capture instead of the network (nothing is fetched).
    #[arg(long, value_name = "FILE.warc.gz")]
    replay: Option<PathBuf>,
    /// Refuse loopback, private and link-local addresses, after DNS and on every redirect
    /// (for runs on untrusted input). Cloud metadata addresses are refused always.
    #[arg(long)]
    deny_private: bool,
    /// Check only shard I of N (split by host), e.g. 2/4; join reports with `merge`.
    #[arg(long, value_parser = parse_shard)]
    shard: Option<Shard>,
    /// Keep discovered lists (7 days) and answers that never change in DIR across runs
    /// [default: $XDG_CACHE_HOME/citecheck; off with --record and --replay].
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    cache: Option<PathBuf>,
    /// Use no cache: ask every outlet and archive again.
    #[arg(long)]
    no_cache: bool,
}

#[derive(Clone, Copy)]
pub(crate) struct FailOn(Option<Severity>);

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| format!("{text:?}: {e} (expected YYYY-MM-DD)"))
}

fn parse_size(text: &str) -> Result<u64, String> {
    citecheck::sources::parse_size(text)
}

fn parse_shard(text: &str) -> Result<Shard, String> {
    Shard::parse(text).map_err(|e| e.to_string())
}

pub(crate) fn parse_fail_on(text: &str) -> Result<FailOn, String> {
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

pub(crate) fn parse_formats(text: &str) -> anyhow::Result<Vec<Format>> {
    let mut formats = Vec::new();
    for item in text.split(',').filter(|s| !s.trim().is_empty()) {
        match Format::parse(item) {
            Some(f) if !formats.contains(&f) => formats.push(f),
            Some(_) => {}
            None => {
                bail!("--format: unknown format {item:?} (expected json, md, html, junit, summary)")
            }
        }
    }
    if formats.is_empty() {
        bail!("--format: no format given (expected json, md, html, junit, summary)");
    }
    Ok(formats)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let rust_log = std::env::var("RUST_LOG").ok();
    let directive = log::filter(cli.verbose, cli.quiet, rust_log.as_deref());
    let log_writer = LogWriter::new();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&directive)
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .fmt_fields(log::EscapedFields::new())
        .with_writer(log_writer.clone())
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let result = match cli.command {
        Command::Verify(args) => {
            run_verify(args, cli.quiet, ProgressMode::detect(cli.quiet), log_writer)
        }
        Command::Extract(args) => extract_cmd::run(args),
        Command::Merge(args) => merge_cmd::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            output::complain(&describe(&e));
            ExitCode::from(USAGE_ERROR)
        }
    }
}

/// An error and its causes in one line, each cause once (library errors already name
/// their cause in their message).
fn describe(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// The sources file: the one named, or `./sources.toml` when it exists, else none — a
/// first run in an empty folder still works, with default politeness and no outlets.
pub(crate) fn load_sources(named: Option<&std::path::Path>) -> anyhow::Result<Sources> {
    match named {
        Some(path) => Ok(Sources::load(path)?),
        None if std::path::Path::new(DEFAULT_SOURCES).exists() => {
            Ok(Sources::load(std::path::Path::new(DEFAULT_SOURCES))?)
        }
        None => {
            output::complain(
                "no ./sources.toml: no outlets are known and default politeness applies \
                 (name one with --sources FILE)",
            );
            Ok(Sources::default())
        }
    }
}

fn run_verify(
    args: VerifyArgs,
    quiet: bool,
    progress: ProgressMode,
    log_writer: LogWriter,
) -> anyhow::Result<u8> {
    let sources = load_sources(args.sources.as_deref())?;
    let fail_on = args.fail_on.0;
    let mut options = VerifyOptions::new(args.files, sources, args.out);
    options.formats = parse_formats(&args.format)?;
    options.dry_run = args.dry_run;
    options.published = args.published;
    options.fail_on = fail_on;
    options.resolve = args.resolve;
    options.state = args.state;
    options.confirmation = Confirmation {
        runs: args.confirm_runs.max(1),
        days: args.confirm_days,
    };
    options.shard = args.shard.unwrap_or(Shard::WHOLE);
    options.deny_private = args.deny_private;
    options.record = args.record;
    options.record_limit = args.record_limit;
    options.replay = args.replay;
    options.progress = progress;
    options.log_writer = Some(log_writer);
    // A recorded or replayed run asks for everything, so the capture holds all it used.
    let capture = options.record.is_some() || options.replay.is_some();
    options.cache = match args.cache {
        Some(dir) => Some(dir),
        None if args.no_cache || capture => None,
        None => citecheck::cache::DiskCache::default_dir(),
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let formats = options.formats.clone();
    let outcome = runtime.block_on(verify::run(options))?;
    let width = terminal::width();
    let several = outcome.documents.len() > 1;
    for doc in &outcome.documents {
        let error = doc.report.documents.iter().find_map(|d| d.error.as_deref());
        if let Some(error) = error {
            output::complain(error);
        }
        if !quiet {
            if several {
                output::outln(&format!(
                    "== {}",
                    terminal_text(&doc.input.display().to_string())
                ));
            }
            if error.is_none() {
                output::out(&terminal::table(&doc.report, width));
            }
            for format in &formats {
                let path = report::path_for(&doc.report_base, *format);
                output::outln(&format!("  wrote {}", path.display()));
            }
        }
    }
    if let Some(capture) = &outcome.capture {
        output::complain(&format!("recorded the run in {}", capture.display()));
    }
    if let Some(error) = &outcome.capture_error {
        output::complain(&format!("the capture failed: {error}"));
    }
    if !outcome.complete {
        output::complain("interrupted; the reports are marked incomplete");
    }
    Ok(outcome.exit_code(fail_on) as u8)
}

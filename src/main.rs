//! The `citecheck` command line: parses arguments, calls the library, sets the exit code.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};

use citecheck::model::Severity;
use citecheck::report::log::{self, LogWriter};
use citecheck::report::progress::ProgressMode;
use citecheck::report::{self, terminal, Format};
use citecheck::shard::Shard;
use citecheck::sources::Sources;
use citecheck::state::Confirmation;
use citecheck::verify::{self, VerifyOptions};

mod accept_cmd;
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

/// Shown under `citecheck --help`: the everyday commands, then where to read more.
const EXAMPLES: &str = "\
Examples:
  citecheck verify draft.md                          check an article before publishing
  citecheck verify --format json,md,html articles/   every article under a folder
  citecheck verify --dry-run draft.md                parse and resolve only, no network
  citecheck extract --text https://example.org/a     what citecheck reads on a page
  citecheck merge --out merged shard-*/              join the reports of a sharded run

-v and -q work before or after the command. Each command has its own --help.
Documentation: https://github.com/citecheck/citecheck/tree/main/docs";

/// Shown under `citecheck verify --help`.
const VERIFY_EXAMPLES: &str = "\
Examples:
  citecheck verify draft.md
  citecheck verify --sources sources.toml --format json,md,html,junit articles/
  citecheck verify --state state.sqlite --fail-on warning articles/
  citecheck verify --shard 2/4 --fail-on never --out reports/shard-2 articles/
  citecheck verify --replay capture.warc.gz --fail-on never article.md

Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 a usage, configuration or
input error (the other inputs are still checked); 130 interrupted (reports written,
marked incomplete).
sources.toml keys: https://github.com/citecheck/citecheck/blob/main/docs/sources.md
-v (more log) and -q (only errors) work here too: see citecheck --help.";

/// Shown under `citecheck extract --help`.
const EXTRACT_EXAMPLES: &str = "\
Examples:
  citecheck extract --text https://example.org/story
  citecheck extract --url https://example.org/story saved.html.gz
  citecheck extract page1.html page2.html | jq .title

-v (more log) and -q (only errors) work here too: see citecheck --help.";

/// Shown under `citecheck merge --help`.
const MERGE_EXAMPLES: &str = "\
Examples:
  citecheck merge --out merged shard-1/ shard-2/ shard-3/
  citecheck merge --format json,md,summary --fail-on warning --out merged shards/

-v (more log) and -q (only errors) work here too: see citecheck --help.";

#[derive(Parser)]
#[command(
    name = "citecheck",
    version,
    about = "Check that cited sources exist and say what the article claims",
    after_help = EXAMPLES
)]
struct Cli {
    /// More log output (-v: per document and host; -vv: every request). RUST_LOG wins.
    #[arg(short, long, action = ArgAction::Count, global = true)]
    verbose: u8,
    /// Only errors: no progress display, no table, no notes.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find each citation of the documents, fetch its source politely, and report.
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(Box<VerifyArgs>),
    /// Show what citecheck sees on a page: title, date, language, body and boilerplate.
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(ExtractArgs),
    /// Join the JSON reports of a sharded run (`--shard I/N`) into one.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(merge_cmd::MergeArgs),
    /// Acknowledge open regressions (a broken link, a changed source) by citation key, so
    /// scheduled runs stop listing them until they regress again.
    Accept(accept_cmd::AcceptArgs),
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
    #[arg(long, value_name = "FILE")]
    sources: Option<PathBuf>,
    /// Send HOST's requests to ADDR:PORT (HOST=ADDR:PORT), like curl's --resolve.
    #[arg(long = "resolve", value_name = "HOST=ADDR:PORT", value_parser = parse_resolve)]
    resolve: Vec<(String, SocketAddr)>,
}

#[derive(clap::Args)]
struct VerifyArgs {
    /// Documents (.txt, .md, .html, .json) or directories of them.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The outlets file (docs/sources.md) [default: ./sources.toml when present].
    #[arg(long, value_name = "FILE")]
    sources: Option<PathBuf>,
    /// Where reports are written.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    out: PathBuf,
    /// Report formats: a comma list of json, md, html, junit, summary, fixes.
    #[arg(long, value_name = "LIST", default_value = "json,md")]
    format: String,
    /// Parse and report without any network access.
    #[arg(long)]
    dry_run: bool,
    /// The documents' publication date (YYYY-MM-DD), to resolve year-less dates
    /// [default: the document's own date, else today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<NaiveDate>,
    /// The lowest severity that makes the run fail: error, warning or never.
    #[arg(long, value_name = "LEVEL", default_value = "error", value_parser = parse_fail_on)]
    fail_on: FailOn,
    /// Whole-request deadline for every host, body included (e.g. 10s, 500ms, 2min); wins
    /// over sources.toml's `timeout` [default: sources.toml's, else 30s].
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout)]
    timeout: Option<Duration>,
    /// The User-Agent sent to every host; wins over sources.toml's `user_agent`
    /// [default: sources.toml's, else citecheck/VERSION (+project URL)].
    #[arg(long, value_name = "TEXT", value_parser = parse_user_agent)]
    user_agent: Option<String>,
    /// Never request URLs matching this regular expression (matched anywhere in the URL;
    /// repeatable): citations, discovered pages, lists and redirect hops alike. Their
    /// citations are reported `unchecked`, naming the pattern.
    #[arg(long, value_name = "REGEX", value_parser = parse_exclude)]
    exclude: Vec<String>,
    /// Send HOST's requests to ADDR:PORT (HOST=ADDR:PORT), like curl's --resolve.
    #[arg(long = "resolve", value_name = "HOST=ADDR:PORT", value_parser = parse_resolve)]
    resolve: Vec<(String, SocketAddr)>,
    /// Keep each URL's history in this SQLite file and report what changed since last run.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Failed runs before a broken link counts as confirmed (with --state).
    #[arg(long, value_name = "N", default_value_t = 3)]
    confirm_runs: u32,
    /// Different days those failures must span (with --state).
    #[arg(long, value_name = "N", default_value_t = 3)]
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
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<Shard>,
    /// Keep discovered lists (7 days) and answers that never change in DIR across runs
    /// [default: $XDG_CACHE_HOME/citecheck; off with --record and --replay].
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    cache: Option<PathBuf>,
    /// Use no cache: ask every outlet and archive again.
    #[arg(long)]
    no_cache: bool,
    /// The most the --cache folder may hold (e.g. 200MB, 2GB); the oldest answers go first.
    #[arg(long, value_name = "SIZE", default_value = "1GB", value_parser = parse_size)]
    cache_limit: u64,
    /// A rolling run (with --state): check what fits in this long (e.g. 50min, 2h), most
    /// urgent first, end within it, and report every other citation's last result.
    #[arg(long, value_name = "DURATION", value_parser = parse_budget)]
    budget: Option<Duration>,
    /// A rolling run (with --state): start no citation once N requests were sent.
    #[arg(long, value_name = "N", value_parser = parse_max_requests)]
    max_requests: Option<usize>,
    /// With --state: results older than this (e.g. 14d) are checked first, and marked
    /// stale when a rolling run cannot reach them.
    #[arg(long, value_name = "DURATION", value_parser = parse_max_age)]
    max_age: Option<Duration>,
    /// Colour the table's severity column: auto (when stdout is a terminal), always or
    /// never. NO_COLOR (any value) turns it off.
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// Print where the run's time went to stderr: per stage (fetch, wait for a core,
    /// extract and match, archive, history, reports) and per host.
    #[arg(long)]
    timings: bool,
}

/// `--color`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
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
                bail!("--format: unknown format {item:?} (expected json, md, html, junit, summary, fixes)")
            }
        }
    }
    if formats.is_empty() {
        bail!("--format: no format given (expected json, md, html, junit, summary, fixes)");
    }
    Ok(formats)
}

/// The command line, with `-v`/`-q` listed once: in `citecheck --help`, not again in each
/// command's list. Each command gets a hidden copy of the two flags (clap does not copy a
/// global flag into a command that already has one), so they still work after the command
/// name, and their values still reach the top level by id.
fn command() -> clap::Command {
    let hide_globals = |command: clap::Command| {
        command
            .arg(
                Arg::new("verbose")
                    .short('v')
                    .long("verbose")
                    .action(ArgAction::Count)
                    .global(true)
                    .hide(true),
            )
            .arg(
                Arg::new("quiet")
                    .short('q')
                    .long("quiet")
                    .action(ArgAction::SetTrue)
                    .global(true)
                    .hide(true)
                    .conflicts_with("verbose"),
            )
    };
    let mut command = Cli::command();
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, hide_globals);
    }
    command
}

fn main() -> ExitCode {
    let cli = match Cli::from_arg_matches(&command().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    output::set_quiet(cli.quiet);
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
        Command::Verify(args) => run_verify(
            *args,
            cli.quiet,
            ProgressMode::detect(cli.quiet),
            log_writer,
        ),
        Command::Extract(args) => extract_cmd::run(args),
        Command::Merge(args) => merge_cmd::run(args),
        Command::Accept(args) => accept_cmd::run(args),
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
            output::note(
                "no ./sources.toml: no outlets are known and default politeness applies \
                 (name one with --sources FILE)",
            );
            Ok(Sources::default())
        }
    }
}

fn parse_budget(text: &str) -> Result<Duration, String> {
    let duration = parse_days(text)?;
    if duration.is_zero() {
        return Err(format!("{text:?}: the budget must be more than zero"));
    }
    Ok(duration)
}

fn parse_max_age(text: &str) -> Result<Duration, String> {
    let duration = parse_days(text)?;
    if duration.is_zero() {
        return Err(format!("{text:?}: the age must be more than zero"));
    }
    Ok(duration)
}

/// A duration as sources.toml writes them, or whole days and hours ("14d", "36h").
fn parse_days(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    for (suffix, seconds) in [("d", 86_400u64), ("h", 3_600)] {
        if let Some(n) = trimmed.strip_suffix(suffix) {
            if let Ok(n) = n.trim().parse::<u64>() {
                // Ten years: anything longer is a typo, and would overflow the clock.
                if n.saturating_mul(seconds) > 3650 * 86_400 {
                    return Err(format!("{text:?}: out of range (at most 3650 days)"));
                }
                return Ok(Duration::from_secs(n * seconds));
            }
        }
    }
    citecheck::sources::parse_duration(text)
}

fn parse_max_requests(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err(format!(
            "{text:?}: the number of requests must be more than zero"
        )),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("{text:?}: {e} (expected a whole number)")),
    }
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    let duration = citecheck::sources::parse_duration(text)?;
    if duration.is_zero() {
        return Err(format!("{text:?}: the timeout must be more than zero"));
    }
    Ok(duration)
}

/// An `--exclude` pattern must be a regular expression (checked here, so a bad one is a
/// usage error naming it).
fn parse_exclude(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("an empty pattern would exclude every URL (an unset variable?)".into());
    }
    regex::Regex::new(text)
        .map(|_| text.to_string())
        .map_err(|e| format!("{text:?} is not a regular expression: {e}"))
}

/// A User-Agent must be a valid header value: printable, on one line, not empty.
fn parse_user_agent(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the User-Agent must not be empty".into());
    }
    if text.chars().any(|c| c.is_control() || !c.is_ascii()) {
        return Err(format!(
            "{text:?}: a User-Agent takes printable ASCII only (no line breaks)"
        ));
    }
    Ok(text.to_string())
}

/// `--timeout` and `--user-agent`: one value for every host, over `[defaults]` and each
/// outlet's own setting in sources.toml (the command line names the run's intent).
fn override_politeness(sources: &mut Sources, timeout: Option<Duration>, user_agent: Option<&str>) {
    let politeness = std::iter::once(&mut sources.defaults)
        .chain(sources.outlets.iter_mut().map(|o| &mut o.politeness));
    for politeness in politeness {
        if let Some(timeout) = timeout {
            politeness.timeout = timeout;
        }
        if let Some(user_agent) = user_agent {
            politeness.user_agent = user_agent.to_string();
        }
    }
}

/// What a rolling run covered, over all its documents, in the step summary's words.
fn rolling_note(outcome: &verify::RunOutcome) -> String {
    let mut total = citecheck::model::Coverage::default();
    for doc in &outcome.documents {
        let coverage = &doc.report.summary.coverage;
        total.checked += coverage.checked;
        total.carried += coverage.carried;
        total.never_checked += coverage.never_checked;
        total.stale += coverage.stale;
        total.oldest = match (total.oldest, coverage.oldest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let now = outcome
        .documents
        .first()
        .and_then(|d| chrono::DateTime::parse_from_rfc3339(&d.report.generated_at).ok())
        .map_or_else(chrono::Utc::now, |t| t.with_timezone(&chrono::Utc));
    format!(
        "rolling run: {} ({} requests sent)",
        total.sentence(now),
        outcome.requests
    )
}

fn run_verify(
    args: VerifyArgs,
    quiet: bool,
    progress: ProgressMode,
    log_writer: LogWriter,
) -> anyhow::Result<u8> {
    let rolling = verify::Rolling {
        budget: args.budget,
        max_requests: args.max_requests,
        max_age: args.max_age,
    };
    if rolling.any() && args.state.is_none() {
        let flag = match (args.budget, args.max_requests) {
            (Some(_), _) => "--budget",
            (None, Some(_)) => "--max-requests",
            (None, None) => "--max-age",
        };
        bail!(
            "{flag} needs --state FILE: a rolling run keeps each citation's last result there, \
             to report the citations it does not reach and to check the oldest first next time"
        );
    }
    let mut sources = load_sources(args.sources.as_deref())?;
    override_politeness(&mut sources, args.timeout, args.user_agent.as_deref());
    let fail_on = args.fail_on.0;
    let mut options = VerifyOptions::new(args.files, sources, args.out);
    options.formats = parse_formats(&args.format)?;
    options.dry_run = args.dry_run;
    options.published = args.published;
    options.fail_on = fail_on;
    options.resolve = args.resolve;
    options.state = args.state;
    options.rolling = rolling;
    options.confirmation = Confirmation {
        runs: args.confirm_runs.max(1),
        days: args.confirm_days,
    };
    options.shard = args.shard.unwrap_or(Shard::WHOLE);
    options.deny_private = args.deny_private;
    options.exclude = citecheck::fetch::Exclusions::new(&args.exclude)
        .map_err(|e| anyhow::anyhow!("--exclude: {e}"))?;
    options.record = args.record;
    options.record_limit = args.record_limit;
    options.cache_limit = args.cache_limit;
    options.replay = args.replay;
    options.progress = progress;
    options.log_writer = Some(log_writer);
    options.timings = args.timings;
    // A recorded or replayed run asks for everything, so the capture holds all it used.
    let capture = options.record.is_some() || options.replay.is_some();
    options.cache = match args.cache {
        Some(dir) => Some(dir),
        None if args.no_cache || capture => None,
        None => citecheck::cache::DiskCache::default_dir(),
    };
    let rolling_run = rolling.bounded() && !args.dry_run;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let formats = options.formats.clone();
    let started = std::time::Instant::now();
    let outcome = runtime.block_on(verify::run(options))?;
    if let Some(timings) = &outcome.timings {
        // Said even with -q: it was asked for.
        eprint!("{}", timings.render(started.elapsed()));
    }
    if let Some(hosts) = outcome.hosts.filter(|_| outcome.reached_nothing()) {
        // Said first: every row below is a consequence of it.
        output::complain(&terminal::reached_nothing(&hosts));
    }
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let style = terminal::Style {
        width: terminal::width(),
        // A log or a pipe keeps every word; a terminal keeps one line per row.
        wrap: !stdout_is_terminal,
        color: terminal::use_color(
            match args.color {
                ColorWhen::Auto => "auto",
                ColorWhen::Always => "always",
                ColorWhen::Never => "never",
            },
            stdout_is_terminal,
            std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        ),
    };
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
                output::out(&terminal::table_styled(&doc.report, style));
            }
            for format in formats.iter().filter(|_| doc.written) {
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
    if rolling_run {
        output::note(&rolling_note(&outcome));
    }
    if !outcome.complete {
        output::complain("interrupted; the reports are marked incomplete");
    }
    Ok(outcome.exit_code(fail_on) as u8)
}

//! Rolling runs end to end (`--budget`, `--max-requests`, `--max-age` with `--state`): an
//! archive larger than one run's budget, checked over several runs on days set by a manual
//! clock, against loopback sites. Together the runs must request every cited page; each run
//! must stop within its budget, keep every host within its rate (as the server counts), and
//! report every citation — those it did not check carried with the date of their last check,
//! most urgent (never checked, then oldest) checked first.

use crate::common_discovery;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};

use citecheck::model::{CitationReport, Report};
use citecheck::report::{self, Format};
use citecheck::sources::Sources;
use citecheck::state::ManualClock;
use citecheck::verify::{self, Rolling, VerifyOptions};

use common_discovery::live::LivePages;
use common_discovery::{overrides, Asked, Reply, Site};

/// One slow outlet (5 requests a second, one at a time) and fast defaults.
const SOURCES: &str = r#"
[defaults]
rate = "200/s"
concurrency = 2
timeout = "2s"
connect_timeout = "500ms"
retries = 0

[outlets.slow]
name = "Slow Post"
domains = ["slow.test"]
rate = "5/s"
concurrency = 1
"#;

const QUOTE: &str = "the new bridge over the Tuul river opens in spring";

fn day(n: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, n, 2, 0, 0)
        .single()
        .expect("valid test time")
}

fn story(n: usize) -> Reply {
    Reply::html(format!(
        "<!doctype html><html><head><title>Story {n}</title></head><body><article>\
         <h1>Story {n}</h1><p>Speaking on Monday, the city engineer said {QUOTE}, after two \
         years of delays caused by floods and a shortage of steel.</p><p>Report number {n} \
         of the series on the city's roads and bridges.</p></article></body></html>"
    ))
}

/// Two sites, an archive of two documents citing their pages, and a state file.
struct Archive {
    dir: tempfile::TempDir,
    slow: Site,
    fast: Site,
    documents: Vec<PathBuf>,
    clock: ManualClock,
    runs: usize,
    /// Every cited URL.
    urls: Vec<String>,
}

/// One run's results.
struct Run {
    reports: Vec<Report>,
    summaries: Vec<String>,
    elapsed: Duration,
    started: Instant,
    time: DateTime<Utc>,
}

impl Run {
    fn citations(&self) -> impl Iterator<Item = &CitationReport> {
        self.reports
            .iter()
            .flat_map(|r| &r.documents)
            .flat_map(|d| &d.citations)
    }

    /// Each citation's result, by URL (every URL is cited once).
    fn by_url(&self) -> HashMap<String, &CitationReport> {
        self.citations()
            .map(|c| (c.url.clone().expect("every citation has a URL"), c))
            .collect()
    }

    fn checked(&self) -> Vec<&CitationReport> {
        self.citations()
            .filter(|c| !c.carried && c.checked_at.is_some())
            .collect()
    }
}

impl Archive {
    /// `slow` pages on the slow outlet and `fast` on another host, split over two
    /// documents.
    async fn new(slow: usize, fast: usize) -> Archive {
        let (slow_pages, fast_pages) = (LivePages::new(), LivePages::new());
        let slow_site = slow_pages.serve("slow.test").await;
        let fast_site = fast_pages.serve("fast.test").await;
        let dir = tempfile::tempdir().expect("tempdir");
        let mut lists = vec![Vec::new(), Vec::new()];
        let mut urls = Vec::new();
        let cited = (0..slow)
            .map(|n| (&slow_pages, &slow_site, "Slow Post", n))
            .chain((0..fast).map(|n| (&fast_pages, &fast_site, "Fast Daily", n)));
        for (i, (pages, site, outlet, n)) in cited.enumerate() {
            let path = format!("/story/{n}");
            pages.set(&path, story(i));
            let url = format!("{}{path}", site.base());
            lists[i % 2].push(serde_json::json!({
                "url": url,
                "outlet": outlet,
                "claim": format!("The engineer said {QUOTE} (report {i})."),
                "quotes": [QUOTE],
            }));
            urls.push(url);
        }
        let documents: Vec<PathBuf> = lists
            .into_iter()
            .enumerate()
            .map(|(i, list)| {
                let path = dir.path().join(format!("article-{i}.json"));
                std::fs::write(&path, serde_json::Value::Array(list).to_string())
                    .expect("write document");
                path
            })
            .collect();
        Archive {
            dir,
            slow: slow_site,
            fast: fast_site,
            documents,
            clock: ManualClock::new(day(1)),
            runs: 0,
            urls,
        }
    }

    fn state(&self) -> PathBuf {
        self.dir.path().join("state.sqlite")
    }

    /// One rolling run at `time`.
    async fn run(&mut self, time: DateTime<Utc>, rolling: Rolling) -> Run {
        self.runs += 1;
        self.clock.set(time);
        let sources = Sources::parse(SOURCES, Path::new("sources.toml")).expect("sources");
        let out = self.dir.path().join(format!("run-{}", self.runs));
        let mut options = VerifyOptions::new(self.documents.clone(), sources, out);
        options.formats = vec![Format::Json, Format::StepSummary];
        options.resolve = overrides(&[&self.slow, &self.fast]);
        options.state = Some(self.state());
        options.clock = Arc::new(self.clock.clone());
        options.today = time.date_naive();
        options.rolling = rolling;
        let started = Instant::now();
        let outcome = verify::run(options).await.expect("the run completes");
        let elapsed = started.elapsed();
        assert!(outcome.complete, "a spent budget is not an interruption");
        let mut reports = Vec::new();
        let mut summaries = Vec::new();
        for document in outcome.documents {
            let read = |format| {
                std::fs::read_to_string(report::path_for(&document.report_base, format))
                    .expect("report written")
            };
            // What a reader gets: the report as written (a failure's cause reads back as
            // its words).
            let json: Report = serde_json::from_str(&read(Format::Json)).expect("JSON report");
            assert_eq!(json.summary, document.report.summary);
            summaries.push(read(Format::StepSummary));
            reports.push(json);
        }
        Run {
            reports,
            summaries,
            elapsed,
            started,
            time,
        }
    }

    /// The requests each site received since `since`.
    fn requests_since(&self, since: Instant) -> Vec<(String, Asked)> {
        [("slow.test", &self.slow), ("fast.test", &self.fast)]
            .into_iter()
            .flat_map(|(host, site)| {
                site.log()
                    .into_iter()
                    .filter(move |a| a.at >= since)
                    .map(move |a| (host.to_string(), a))
            })
            .collect()
    }
}

/// The most requests that arrived within any window of `window`.
fn most_in_window(times: &mut [Instant], window: Duration) -> usize {
    times.sort();
    (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|t| t.duration_since(times[i]) < window)
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// What every report of a rolling run must hold: every citation, each either checked now
/// (at the run's time), carried with an earlier date, or never checked; counts that add up.
fn assert_covers_everything(run: &Run, archive: &Archive) {
    let by_url = run.by_url();
    assert_eq!(
        by_url.len(),
        archive.urls.len(),
        "every report lists every citation"
    );
    for report in &run.reports {
        let coverage = &report.summary.coverage;
        assert_eq!(coverage.total(), report.summary.citations);
        for citation in report.documents.iter().flat_map(|d| &d.citations) {
            match (citation.carried, citation.checked_at) {
                (false, Some(at)) => assert_eq!(at, run.time, "{:?}", citation.url),
                (true, Some(at)) => assert!(at < run.time, "{:?}: carried from {at}", citation.url),
                (true, None) => panic!("{:?}: carried without a date", citation.url),
                (false, None) => assert!(
                    citation
                        .reasons
                        .iter()
                        .any(|r| r.contains("not checked yet")),
                    "{:?}: a never-checked citation says so: {:?}",
                    citation.url,
                    citation.reasons
                ),
            }
        }
    }
}

/// When a citation was last checked before a run (`None`: never, the most urgent).
type Urgency = Option<DateTime<Utc>>;

/// How urgent a citation was before a run, from the previous report: never checked first,
/// then oldest result first.
fn urgency(previous: Option<&Run>, url: &str) -> Urgency {
    previous.and_then(|run| run.by_url().get(url).and_then(|c| c.checked_at))
}

/// Within each site, no citation left unchecked was more urgent than one checked.
fn assert_most_urgent_first(run: &Run, previous: Option<&Run>) {
    // Per host: the urgencies of the citations checked, and of those left.
    let mut lanes: BTreeMap<String, (Vec<Urgency>, Vec<Urgency>)> = BTreeMap::new();
    for citation in run.citations() {
        let url = citation.url.clone().expect("a URL");
        let host = url::Url::parse(&url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .expect("a host");
        let lane = lanes.entry(host).or_default();
        let checked = !citation.carried && citation.checked_at.is_some();
        let urgency = urgency(previous, &url);
        if checked {
            lane.0.push(urgency);
        } else {
            lane.1.push(urgency);
        }
    }
    for (host, (checked, left)) in lanes {
        // `None` (never checked) sorts first: the most urgent.
        if let (Some(least), Some(most)) = (checked.iter().max(), left.iter().min()) {
            assert!(
                least <= most,
                "{host}: a citation last checked {least:?} went before one last checked {most:?}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn budget_runs_cover_the_archive_within_their_window_and_each_hosts_rate() {
    // 16 pages at 5/s on the slow outlet: about 3.6 s with robots.txt and the probe, more
    // than twice the budget; the fast host's 6 pages fit in the first run.
    let mut archive = Archive::new(16, 6).await;
    let budget = Duration::from_millis(1500);
    let rolling = Rolling {
        budget: Some(budget),
        ..Rolling::default()
    };
    let mut requested: BTreeMap<String, usize> = BTreeMap::new();
    let mut previous: Option<Run> = None;
    let mut covered_after = None;
    // Bounded: a run checks at least one slow page, so 16 runs always suffice.
    for n in 1..=16u32 {
        let run = archive.run(day(n), rolling).await;
        // Slack for a loaded machine; a run that ignored its budget takes 3.5 s or more.
        assert!(
            run.elapsed <= budget + Duration::from_millis(1200),
            "run {n} took {:?} on a budget of {budget:?}",
            run.elapsed
        );
        let requests = archive.requests_since(run.started);
        for (host, asked) in &requests {
            assert!(
                asked.at <= run.started + budget + Duration::from_millis(300),
                "run {n}: {host}{} was asked {:?} after the start, past the budget",
                asked.path,
                asked.at - run.started
            );
            *requested
                .entry(format!("http://{host}:{}", port(&archive, host)) + &asked.path)
                .or_default() += 1;
        }
        for host in ["slow.test", "fast.test"] {
            let mut times: Vec<Instant> = requests
                .iter()
                .filter(|(h, _)| h == host)
                .map(|(_, a)| a.at)
                .collect();
            let rate = if host == "slow.test" { 5 } else { 200 };
            let most = most_in_window(&mut times, Duration::from_secs(1));
            assert!(
                most <= rate,
                "run {n}: {host} got {most} requests in a second"
            );
        }
        assert_covers_everything(&run, &archive);
        assert_most_urgent_first(&run, previous.as_ref());
        let coverage = run
            .reports
            .iter()
            .map(|r| r.summary.coverage.never_checked)
            .sum::<usize>();
        if n == 1 {
            assert!(
                run.checked().len() < archive.urls.len(),
                "the budget cannot hold the whole archive, yet run 1 checked all of it"
            );
            assert!(
                run.checked().iter().filter(|c| is_fast(c)).count() == 6,
                "the slow outlet must not starve the fast host"
            );
        }
        previous = Some(run);
        if coverage == 0 {
            covered_after = Some(n);
            break;
        }
    }
    let runs = covered_after.expect("successive runs cover the archive");
    assert!(runs >= 2, "one run of the budget cannot cover the archive");
    for url in &archive.urls {
        assert!(
            requested.get(url).is_some_and(|&n| n >= 1),
            "{url} was never requested over {runs} runs"
        );
    }
}

fn is_fast(citation: &CitationReport) -> bool {
    citation
        .url
        .as_deref()
        .is_some_and(|u| u.contains("fast.test"))
}

fn port(archive: &Archive, host: &str) -> u16 {
    match host {
        "slow.test" => archive.slow.addr.port(),
        _ => archive.fast.addr.port(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capped_runs_check_never_checked_then_oldest_and_carry_the_rest_with_their_date() {
    let mut archive = Archive::new(8, 8).await;
    let rolling = Rolling {
        max_requests: Some(6),
        max_age: Some(Duration::from_secs(2 * 86_400)),
        ..Rolling::default()
    };
    let mut previous: Option<Run> = None;
    let mut first_checked: HashMap<String, DateTime<Utc>> = HashMap::new();
    // Bounded: every run checks at least one citation per site.
    for n in 1..=12u32 {
        let run = archive.run(day(n), rolling).await;
        assert_covers_everything(&run, &archive);
        assert_most_urgent_first(&run, previous.as_ref());
        assert!(
            !run.checked().is_empty(),
            "run {n}: a small cap still makes progress"
        );
        assert!(
            run.checked().len() < archive.urls.len(),
            "run {n}: the cap of 6 requests must stop the run early"
        );
        if let Some(previous) = &previous {
            let before = previous.by_url();
            for citation in run.citations().filter(|c| c.carried) {
                let url = citation.url.as_deref().expect("a URL");
                let then = before.get(url).expect("listed before");
                assert_eq!(
                    citation.checked_at, then.checked_at,
                    "{url}: a carried result keeps its date"
                );
                assert_eq!(citation.verdict, then.verdict, "{url}: and its verdict");
                let stale = citation
                    .checked_at
                    .is_some_and(|at| run.time - at > chrono::Duration::days(2));
                assert_eq!(citation.stale, stale, "{url}: stale past --max-age");
            }
        }
        for citation in run.checked() {
            first_checked
                .entry(citation.url.clone().expect("a URL"))
                .or_insert(run.time);
        }
        let coverage = run.reports[0].summary.coverage.clone();
        if coverage.partial() {
            let oldest = coverage.oldest.map(|at| (run.time - at).num_days());
            let summary = &run.summaries[0];
            let expected = format!(
                "checked {} of {} citations",
                coverage.checked,
                coverage.total()
            );
            assert!(summary.contains(&expected), "{summary}");
            if let Some(days) = oldest {
                let unit = if days == 1 { "day" } else { "days" };
                let age = format!("the oldest result is now {days} {unit} old");
                assert!(summary.contains(&age), "{summary}");
            }
        }
        previous = Some(run);
        if first_checked.len() == archive.urls.len() && n >= 4 {
            break;
        }
    }
    assert_eq!(
        first_checked.len(),
        archive.urls.len(),
        "successive runs check every citation"
    );
}

#[test]
fn rolling_flags_need_a_state_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.md"), "Nothing cited here.\n").expect("write");
    for flags in [
        &["--budget", "50min"][..],
        &["--max-requests", "100"],
        &["--max-age", "14d"],
    ] {
        let mut args = vec!["verify", "--dry-run"];
        args.extend_from_slice(flags);
        args.push("a.md");
        let output = crate::support::citecheck_in(&args, dir.path());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{flags:?}: {stderr}");
        assert!(
            stderr.contains(flags[0]) && stderr.contains("--state"),
            "{flags:?}: {stderr}"
        );
    }
    let output = crate::support::citecheck_in(
        &["verify", "--budget", "0s", "--state", "s.sqlite", "a.md"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let output = crate::support::citecheck_in(
        &[
            "verify",
            "--max-requests",
            "none",
            "--state",
            "s.sqlite",
            "a.md",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_version_1_state_file_keeps_its_history_and_gains_the_citations_table() {
    use citecheck::fetch::Validators;
    use citecheck::model::{LinkStatus, Verdict};
    use citecheck::state::{Observation, State};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("state.sqlite");
    let clock = ManualClock::new(day(1));
    let url = "https://example.org/story";
    let state = State::open(&path, &clock).expect("open");
    state
        .record(
            url,
            &Observation {
                status: LinkStatus::Ok,
                http_status: Some(200),
                article: None,
                not_modified: false,
                verdict: Verdict::Verified,
                quotes: &[],
                validators: &Validators::default(),
            },
        )
        .expect("record");
    state.finish(true).expect("finish");
    // What a citecheck of schema 1 left: no citations table.
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    conn.execute_batch("DROP TABLE citations; DROP TABLE regressions; PRAGMA user_version = 1;")
        .expect("downgrade");
    drop(conn);
    clock.set(day(2));
    let state = State::open(&path, &clock).expect("the old file opens");
    assert!(
        state.previous(url).expect("read").is_some(),
        "the URL history survives the migration"
    );
    assert!(state.last_checks().expect("citations table").is_empty());
    state.finish(true).expect("finish");
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, citecheck::state::SCHEMA_VERSION);
    // 2: the citations table (issue 16); 3: open regressions (issue 12).
    assert_eq!(version, 3);
}

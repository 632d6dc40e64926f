//! Scheduled runs end to end: several `verify::run`s with `--state` against a loopback
//! site whose pages change, break and recover between runs, on days set by a manual clock.
//! Each run's report must say what changed (`history.change`), the failure streak and
//! whether it is confirmed; unchanged sources must be revalidated with a conditional
//! request (and a `304` still checked from the stored article); the step summary must list
//! what is newly broken, recovered, or changed since it was last verified.

use crate::common_discovery;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};

use citecheck::model::time::rfc3339;
use citecheck::model::{Change, CitationReport, LinkStatus, QuoteMatch, Report, Severity, Verdict};
use citecheck::report::{self, Format};
use citecheck::sources::Sources;
use citecheck::state::{ManualClock, State};
use citecheck::verify::{self, VerifyOptions};

use common_discovery::live::LivePages;
use common_discovery::{overrides, Asked, Reply, Site};

/// Fast and still polite: loopback only, millisecond timeouts, no retries.
const SOURCES: &str = r#"
[defaults]
rate = "200/s"
concurrency = 4
timeout = "2s"
connect_timeout = "500ms"
retries = 0
"#;

const STORY_QUOTE: &str = "the railway to the southern border will open in 2027";
const NOTICE_QUOTE: &str = "the tender for the Zamyn-Uud terminal closes on 15 April";
const NOTICE_MODIFIED: &str = "Fri, 01 Mar 2024 08:00:00 GMT";

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, day, hour, 0, 0)
        .single()
        .expect("valid test time")
}

fn page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<!doctype html><html><head><title>{title} | Steppe Courier</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/politics\">Politics</a> \
         <a href=\"/business\">Business</a></nav>\
         <article><h1>{title}</h1>{body}</article>\
         <footer>Steppe Courier, Ulaanbaatar. Letters to the editor are welcome.</footer>\
         </body></html>"
    )
}

/// The story as first published: it says what the citation quotes.
fn story_v1() -> Reply {
    Reply::html(page(
        "Railway to the south delayed",
        &[
            "Speaking in Ulaanbaatar on Monday, the minister of roads said the railway to the \
             southern border will open in 2027, two years later than first planned.",
            "The line will carry coal and copper from the Gobi mines to the border crossing at \
             Gashuunsukhait, where trucks now queue for days.",
            "Financing for the last section is still being negotiated with two banks.",
        ],
    ))
    .header("etag", "\"story-1\"")
}

/// The story after an edit: it no longer says it (content drift).
fn story_v2() -> Reply {
    Reply::html(page(
        "Railway to the south postponed",
        &[
            "Speaking in Ulaanbaatar on Monday, the minister of roads said the project has \
             been postponed indefinitely while its financing is reviewed.",
            "The line was to carry coal and copper from the Gobi mines to the border crossing \
             at Gashuunsukhait, where trucks now queue for days.",
            "Financing for the last section is still being negotiated with two banks.",
        ],
    ))
    .header("etag", "\"story-2\"")
}

/// A page that sends Last-Modified only (no ETag).
fn notice() -> Reply {
    Reply::html(page(
        "Terminal tender announced",
        &[
            "The ministry announced on Friday that the tender for the Zamyn-Uud terminal \
             closes on 15 April, and that foreign companies may bid.",
            "The terminal will handle containers moving between the two railway gauges at \
             the border.",
        ],
    ))
    .header("last-modified", NOTICE_MODIFIED)
}

/// A site, its changing pages, a document citing them and a state file.
struct Scene {
    dir: tempfile::TempDir,
    site: Site,
    pages: LivePages,
    document: PathBuf,
    clock: ManualClock,
    runs: usize,
}

/// One run's results.
struct Run {
    report: Report,
    json: serde_json::Value,
    summary: String,
}

impl Run {
    fn citation(&self, id: &str) -> &CitationReport {
        self.report.documents[0]
            .citations
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no citation {id} in the report"))
    }

    fn change(&self, id: &str) -> Change {
        self.citation(id)
            .history
            .as_ref()
            .unwrap_or_else(|| panic!("{id}: no history with --state"))
            .change
    }
}

impl Scene {
    /// Starts the site and writes a citation list citing `(path, claim, quote)`s.
    async fn new(host: &str, cited: &[(&str, &str, &str)]) -> Scene {
        let pages = LivePages::new();
        let site = pages.serve(host).await;
        let dir = tempfile::tempdir().expect("tempdir");
        let list: Vec<serde_json::Value> = cited
            .iter()
            .map(|(path, claim, quote)| {
                serde_json::json!({
                    "url": format!("{}{path}", site.base()),
                    "outlet": "Steppe Courier",
                    "claim": claim,
                    "quotes": [quote],
                })
            })
            .collect();
        let document = dir.path().join("article.json");
        std::fs::write(&document, serde_json::Value::Array(list).to_string()).expect("write");
        Scene {
            dir,
            site,
            pages,
            document,
            clock: ManualClock::new(at(1, 0)),
            runs: 0,
        }
    }

    fn state(&self) -> PathBuf {
        self.dir.path().join("state.sqlite")
    }

    /// Runs `verify` at `time` with the state file (or without it).
    async fn run_with(&mut self, time: DateTime<Utc>, state: bool) -> Run {
        self.runs += 1;
        self.clock.set(time);
        let sources = Sources::parse(SOURCES, Path::new("sources.toml")).expect("sources");
        let out = self.dir.path().join(format!("run-{}", self.runs));
        let mut options = VerifyOptions::new(vec![self.document.clone()], sources, out);
        options.formats = vec![Format::Json, Format::StepSummary];
        options.resolve = overrides(&[&self.site]);
        options.state = state.then(|| self.state());
        options.clock = Arc::new(self.clock.clone());
        options.today = time.date_naive();
        let outcome = verify::run(options).await.expect("the run completes");
        assert!(outcome.complete);
        let document = outcome.documents.into_iter().next().expect("one document");
        let read = |format| {
            std::fs::read_to_string(report::path_for(&document.report_base, format))
                .expect("report written")
        };
        let json = serde_json::from_str(&read(Format::Json)).expect("JSON report");
        Run {
            summary: read(Format::StepSummary),
            json,
            report: document.report,
        }
    }

    async fn run(&mut self, time: DateTime<Utc>) -> Run {
        self.run_with(time, true).await
    }

    /// The requests for `path` made since request number `from` of the site's log.
    fn asked_since(&self, from: usize, path: &str) -> Vec<Asked> {
        self.site
            .log()
            .into_iter()
            .skip(from)
            .filter(|a| a.path == path)
            .collect()
    }
}

#[tokio::test]
async fn history_follows_pages_that_change_break_and_recover() {
    let mut scene = Scene::new(
        "courier.test",
        &[
            (
                "/story",
                "The minister said “the railway to the southern border will open in 2027”.",
                STORY_QUOTE,
            ),
            (
                "/notice",
                "The ministry said “the tender for the Zamyn-Uud terminal closes on 15 April”.",
                NOTICE_QUOTE,
            ),
        ],
    )
    .await;
    scene.pages.set("/story", story_v1());
    scene.pages.set("/notice", notice());

    // Day 1: first sight of both sources.
    let one = scene.run(at(1, 2)).await;
    for id in ["c1", "c2"] {
        assert_eq!(one.change(id), Change::New, "{id}");
        assert_eq!(one.citation(id).verdict, Verdict::Verified, "{id}");
        assert_eq!(one.citation(id).history.as_ref().unwrap().failures, 0);
    }
    assert_eq!(scene.pages.not_modified(), 0);
    assert!(one.summary.contains("Nothing changed."), "{}", one.summary);

    // Day 2: nothing changed; both are revalidated and answered with 304.
    let before = scene.site.log().len();
    let two = scene.run(at(2, 2)).await;
    let story = scene.asked_since(before, "/story");
    assert_eq!(story.len(), 1, "one request for the story: {story:?}");
    assert_eq!(story[0].header("if-none-match"), Some("\"story-1\""));
    let notice_asked = scene.asked_since(before, "/notice");
    assert_eq!(notice_asked.len(), 1, "{notice_asked:?}");
    assert_eq!(
        notice_asked[0].header("if-modified-since"),
        Some(NOTICE_MODIFIED),
        "Last-Modified is sent back as If-Modified-Since"
    );
    assert_eq!(notice_asked[0].header("if-none-match"), None);
    assert_eq!(scene.pages.not_modified(), 2, "both answered 304");
    for id in ["c1", "c2"] {
        let c = two.citation(id);
        assert_eq!(two.change(id), Change::Unchanged, "{id}");
        assert_eq!(c.link.status, LinkStatus::Ok, "{id}");
        assert_eq!(c.link.http_status, Some(304), "{id}");
        // The 304 keeps the verdict: the quote is checked against the stored article.
        assert_eq!(c.verdict, Verdict::Verified, "{id}: {:?}", c.reasons);
        assert!(
            matches!(
                c.quotes[0].match_kind,
                QuoteMatch::Exact | QuoteMatch::Normalized
            ),
            "{id}: {:?}",
            c.quotes[0]
        );
        assert!(
            c.quotes[0]
                .excerpt
                .as_deref()
                .is_some_and(|e| !e.is_empty()),
            "{id}: an excerpt of the stored article: {:?}",
            c.quotes[0]
        );
        assert_eq!(c.severity, Severity::Ok);
    }
    assert!(two.summary.contains("Nothing changed."), "{}", two.summary);

    // Day 3: the story is edited and no longer says it: content drift.
    scene.pages.set("/story", story_v2());
    let before = scene.site.log().len();
    let three = scene.run(at(3, 2)).await;
    let story = scene.asked_since(before, "/story");
    assert_eq!(story[0].header("if-none-match"), Some("\"story-1\""));
    assert_eq!(three.change("c1"), Change::ContentChanged);
    assert_eq!(three.citation("c1").link.http_status, Some(200));
    assert_eq!(three.citation("c1").verdict, Verdict::NotFound);
    assert_eq!(three.change("c2"), Change::Unchanged);
    assert_eq!(
        three.json["documents"][0]["citations"][0]["history"]["change"], "content_changed",
        "the JSON report names the change"
    );
    assert!(
        three
            .summary
            .contains("Content changed since last verified: 1"),
        "{}",
        three.summary
    );
    assert!(!three.summary.contains("Newly broken"), "{}", three.summary);
    // The change says from what to what: the verdict of day 2, and the passage then.
    let previous = three
        .citation("c1")
        .history
        .as_ref()
        .and_then(|h| h.previous.clone());
    let previous = previous.expect("the earlier check is kept");
    assert_eq!(previous.verdict, Verdict::Verified);
    assert_eq!(previous.checked_at, "2024-03-02T02:00:00Z");
    assert!(
        previous
            .excerpt
            .as_deref()
            .is_some_and(|e| e.contains("will open in 2027")),
        "{previous:?}"
    );
    assert!(
        three.summary.contains("verdict verified → not\\_found"),
        "{}",
        three.summary
    );

    // Day 4, twice, then day 5: the story is gone. Three failures on two days: suspect.
    scene.pages.set("/story", Reply::not_found());
    let four = scene.run(at(4, 3)).await;
    let c1 = four.citation("c1");
    assert_eq!(c1.link.status, LinkStatus::NotFound);
    let history = c1.history.as_ref().unwrap();
    assert_eq!(history.change, Change::NewlyBroken);
    assert_eq!(history.failures, 1);
    assert_eq!(
        history.first_failed.as_ref().map(rfc3339).as_deref(),
        Some("2024-03-04T03:00:00Z")
    );
    assert!(!history.confirmed);
    assert_eq!(c1.severity, Severity::Warning, "suspect, not yet an error");
    assert!(four.summary.contains("Newly broken: 1"), "{}", four.summary);
    assert!(four.summary.contains("(suspect)"), "{}", four.summary);
    assert!(
        four.summary.contains("link ok → not\\_found"),
        "{}",
        four.summary
    );
    assert!(!four.summary.contains("Recovered"), "{}", four.summary);
    assert_eq!(four.change("c2"), Change::Unchanged);

    let five = scene.run(at(4, 21)).await;
    let six = scene.run(at(5, 3)).await;
    for (run, failures) in [(&five, 2), (&six, 3)] {
        let c1 = run.citation("c1");
        let history = c1.history.as_ref().unwrap();
        assert_eq!(history.change, Change::Unchanged, "still broken");
        assert_eq!(history.failures, failures);
        assert_eq!(
            history.first_failed.as_ref().map(rfc3339).as_deref(),
            Some("2024-03-04T03:00:00Z")
        );
        assert!(!history.confirmed, "{failures} failures on at most 2 days");
        assert_eq!(c1.severity, Severity::Warning);
    }
    // Nothing new, but the regression of day 3 is still open: it stays in the summary,
    // with its key, until the citation recovers or is accepted.
    assert!(!six.summary.contains("Newly broken"), "{}", six.summary);
    assert!(
        six.summary
            .contains("**Still open (until recovered or accepted): 1**"),
        "{}",
        six.summary
    );
    let key = six.citation("c1").key.clone();
    assert!(!key.is_empty());
    assert!(
        six.summary.contains(&format!("citecheck accept {key}")),
        "{}",
        six.summary
    );
    let open = six
        .citation("c1")
        .history
        .as_ref()
        .unwrap()
        .regression
        .clone();
    let open = open.expect("open regression");
    assert_eq!(open.change, Change::ContentChanged);
    assert_eq!(open.since, "2024-03-03T02:00:00Z");

    // Day 6: the story is back as first published.
    scene.pages.set("/story", story_v1());
    let before = scene.site.log().len();
    let seven = scene.run(at(6, 2)).await;
    let story = scene.asked_since(before, "/story");
    assert_eq!(
        story[0].header("if-none-match"),
        Some("\"story-2\""),
        "the validators of the last article read are kept while broken"
    );
    let c1 = seven.citation("c1");
    let history = c1.history.as_ref().unwrap();
    assert_eq!(history.change, Change::Recovered);
    assert_eq!(
        (
            history.failures,
            history.first_failed.as_ref().map(rfc3339).as_deref()
        ),
        (0, None)
    );
    assert!(!history.confirmed);
    assert_eq!(c1.verdict, Verdict::Verified);
    assert_eq!(c1.severity, Severity::Ok);
    assert!(seven.summary.contains("Recovered: 1"), "{}", seven.summary);
    assert!(seven.summary.contains("c1"), "{}", seven.summary);
    // Recovered with its claim verified: the regression is closed, nothing left to accept.
    assert_eq!(history.regression, None);
    assert!(!seven.summary.contains("Still open"), "{}", seven.summary);
    let state = State::open(&scene.state(), &scene.clock).expect("state");
    assert_eq!(state.accept(&[key]).expect("accept"), [false]);
    state.finish(true).expect("finish");

    // The notice never changed: revalidated on every run after the first.
    let notice_requests: Vec<Asked> = scene.asked_since(0, "/notice");
    assert_eq!(notice_requests.len(), 7);
    assert!(notice_requests[1..]
        .iter()
        .all(|a| a.header("if-modified-since") == Some(NOTICE_MODIFIED)));
    for run in [&three, &four, &five, &six, &seven] {
        assert_eq!(run.citation("c2").verdict, Verdict::Verified);
        assert_eq!(run.citation("c2").link.http_status, Some(304));
    }
}

/// A scene with one citation of a page that is gone (410).
async fn gone_scene(host: &str) -> Scene {
    let scene = Scene::new(
        host,
        &[(
            "/gone",
            "The paper reported “the mine will close in June”.",
            "the mine will close in June",
        )],
    )
    .await;
    scene.pages.set(
        "/gone",
        Reply::new(410, "text/html; charset=utf-8", page("Gone", &[])),
    );
    scene
}

fn suspect(c: &CitationReport) -> bool {
    c.reasons.iter().any(|r| r.contains("suspect"))
}

#[tokio::test]
async fn three_failures_on_one_day_stay_suspect() {
    let mut scene = gone_scene("oneday.test").await;
    // Without history a gone link is an error at once.
    let plain = scene.run_with(at(1, 6), false).await;
    let c1 = plain.citation("c1");
    assert_eq!(c1.link.status, LinkStatus::Gone);
    assert_eq!(c1.severity, Severity::Error);
    assert!(c1.history.is_none() && !suspect(c1));

    for (hour, failures) in [(6, 1), (12, 2), (18, 3)] {
        let run = scene.run(at(1, hour)).await;
        let c1 = run.citation("c1");
        let history = c1.history.as_ref().unwrap();
        assert_eq!(history.failures, failures, "run at {hour}h");
        assert!(!history.confirmed, "{failures} failures on one day");
        assert_eq!(c1.severity, Severity::Warning, "run at {hour}h");
        assert!(suspect(c1), "run at {hour}h: {:?}", c1.reasons);
        assert_eq!(
            run.json["documents"][0]["citations"][0]["history"]["confirmed"],
            false
        );
    }
}

#[tokio::test]
async fn three_failures_over_three_days_are_confirmed() {
    let mut scene = gone_scene("threedays.test").await;
    // A nightly schedule with jitter: three UTC days, under 48 hours end to end.
    let times = [at(1, 23), at(2, 1), at(3, 1)];
    let mut runs = Vec::new();
    for time in times {
        runs.push(scene.run(time).await);
    }
    for run in &runs[..2] {
        let c1 = run.citation("c1");
        assert!(!c1.history.as_ref().unwrap().confirmed);
        assert_eq!(c1.severity, Severity::Warning);
        assert!(suspect(c1), "{:?}", c1.reasons);
    }
    let c1 = runs[2].citation("c1");
    let history = c1.history.as_ref().unwrap();
    assert_eq!(history.failures, 3);
    assert!(history.confirmed, "3 failed runs on 3 days");
    assert_eq!(
        history.first_failed.as_ref().map(rfc3339).as_deref(),
        Some("2024-03-01T23:00:00Z")
    );
    assert_eq!(
        c1.severity,
        Severity::Error,
        "a confirmed dead link is an error"
    );
    assert!(!suspect(c1), "{:?}", c1.reasons);
    assert!(runs[2].summary.contains("Failing"), "{}", runs[2].summary);
}

/// Runs the built binary off the runtime's threads (the site keeps answering).
async fn citecheck(args: Vec<String>, cwd: PathBuf) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        crate::support::citecheck()
            .args(&args)
            .current_dir(&cwd)
            .env("RUST_LOG", "warn")
            .output()
            .expect("the citecheck binary runs")
    })
    .await
    .expect("the binary's thread")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_passes_state_and_confirmation_rule() {
    let scene = gone_scene("cli.test").await;
    let cwd = scene.dir.path().to_path_buf();
    std::fs::write(cwd.join("sources.toml"), SOURCES).expect("write sources");
    let resolve = format!("cli.test=127.0.0.1:{}", scene.site.addr.port());
    let mut results = Vec::new();
    for run in 1..=2 {
        let out = format!("cli-{run}");
        let args: Vec<String> = [
            "verify",
            "article.json",
            "--sources",
            "sources.toml",
            "--resolve",
            &resolve,
            "--state",
            "cli.sqlite",
            "--confirm-runs",
            "2",
            "--confirm-days",
            "1",
            "--format",
            "json,summary",
            "--out",
            &out,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let output = citecheck(args, cwd.clone()).await;
        let read = |name: &str| {
            std::fs::read_to_string(cwd.join(&out).join(name))
                .unwrap_or_else(|e| panic!("{out}/{name}: {e}"))
        };
        let report: serde_json::Value =
            serde_json::from_str(&read("article.json")).expect("JSON report");
        results.push((
            output.status.code(),
            report["documents"][0]["citations"][0].clone(),
            read("article.summary.md"),
        ));
    }
    let (code, first, summary) = &results[0];
    assert_eq!(first["history"]["change"], "new");
    assert_eq!(first["history"]["failures"], 1);
    assert_eq!(first["history"]["confirmed"], false);
    assert_eq!(first["severity"], "warning", "suspect after one failure");
    assert_eq!(*code, Some(0), "a suspect link does not fail the run");
    assert!(summary.contains("Since the last run"), "{summary}");
    let (code, second, _) = &results[1];
    assert_eq!(second["history"]["change"], "unchanged");
    assert_eq!(second["history"]["failures"], 2);
    assert_eq!(
        second["history"]["confirmed"], true,
        "--confirm-runs 2 --confirm-days 1: two failures confirm"
    );
    assert_eq!(second["severity"], "error");
    assert_eq!(*code, Some(1), "a confirmed dead link fails the run");
}

//! History across scheduled runs: what changed, failure streaks, confirmation over days,
//! revalidation data, and the one-writer rule — over several runs of a state file on disk,
//! with a manual clock.

use chrono::{DateTime, Duration, TimeZone, Utc};

use citecheck::fetch::Validators;
use citecheck::model::time::rfc3339;
use citecheck::model::{Article, Change, LinkStatus, Verdict};
use citecheck::state::{
    content_hash, Confirmation, ManualClock, Observation, State, StateError, SCHEMA_VERSION,
};

const URL: &str = "https://ikon.mn/n/31ab";

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, day, hour, minute, 0)
        .single()
        .expect("valid test time")
}

fn article(text: &str) -> Article {
    Article {
        title: Some("Railway deal".into()),
        text: text.into(),
        ..Article::default()
    }
}

/// One run: opens the file at the clock's time, records one observation, closes.
fn run(
    path: &std::path::Path,
    clock: &ManualClock,
    status: LinkStatus,
    page: Option<&Article>,
    verdict: Verdict,
) -> citecheck::model::History {
    let state = State::open(path, clock).expect("open state");
    let validators = Validators::default();
    let history = state
        .record(
            URL,
            &Observation {
                status,
                http_status: Some(if status == LinkStatus::Ok { 200 } else { 404 }),
                article: page,
                not_modified: false,
                verdict,
                quotes: &[],
                validators: &validators,
            },
        )
        .expect("record");
    state.finish(true).expect("finish");
    history
}

#[test]
fn three_failures_on_one_day_stay_suspect() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let clock = ManualClock::new(at(1, 2, 0));
    let first = run(
        &path,
        &clock,
        LinkStatus::NotFound,
        None,
        Verdict::Unverifiable,
    );
    assert_eq!(first.change, Change::New);
    for hour in [8, 20] {
        clock.set(at(1, hour, 0));
        let history = run(
            &path,
            &clock,
            LinkStatus::NotFound,
            None,
            Verdict::Unverifiable,
        );
        assert!(
            !history.confirmed,
            "same day, run at {hour}h: still suspect"
        );
    }
    let history = run(
        &path,
        &clock,
        LinkStatus::NotFound,
        None,
        Verdict::Unverifiable,
    );
    assert_eq!(history.failures, 4);
    assert!(
        !history.confirmed,
        "four failures on one day are not three days"
    );
    assert_eq!(
        history.first_failed.as_ref().map(rfc3339).as_deref(),
        Some("2024-03-01T02:00:00Z")
    );
}

#[test]
fn three_failures_over_three_days_are_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    // A nightly schedule with jitter: under 48 hours from first to third, three UTC days.
    let clock = ManualClock::new(at(4, 2, 10));
    let one = run(&path, &clock, LinkStatus::Gone, None, Verdict::Unverifiable);
    clock.set(at(5, 1, 55));
    let two = run(&path, &clock, LinkStatus::Gone, None, Verdict::Unverifiable);
    clock.set(at(6, 2, 5));
    let three = run(&path, &clock, LinkStatus::Gone, None, Verdict::Unverifiable);
    assert_eq!(
        [one.failures, two.failures, three.failures],
        [1, 2, 3],
        "consecutive failed runs"
    );
    assert!(!one.confirmed && !two.confirmed);
    assert!(three.confirmed, "3 runs on 3 days: confirmed");
    assert_eq!(
        three.first_failed.as_ref().map(rfc3339).as_deref(),
        Some("2024-03-04T02:10:00Z")
    );
}

#[test]
fn confirmation_rule_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let clock = ManualClock::new(at(1, 0, 0));
    let rule = Confirmation { runs: 2, days: 1 };
    let validators = Validators::default();
    let observe = |state: &State| {
        state
            .record(
                URL,
                &Observation {
                    status: LinkStatus::DnsError,
                    http_status: None,
                    article: None,
                    not_modified: false,
                    verdict: Verdict::Unverifiable,
                    quotes: &[],
                    validators: &validators,
                },
            )
            .unwrap()
    };
    let first = observe(&State::open_with(&path, &clock, rule).unwrap());
    clock.advance(Duration::hours(1));
    let second = observe(&State::open_with(&path, &clock, rule).unwrap());
    assert!(!first.confirmed);
    assert!(
        second.confirmed,
        "two runs on one day satisfy runs=2, days=1"
    );
}

#[test]
fn history_follows_a_page_that_changes_breaks_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let clock = ManualClock::new(at(10, 3, 0));
    let original = article("The railway will open in 2025, the minister said.");
    let rewritten = article("The railway project was postponed indefinitely.");
    let mut changes = Vec::new();
    let mut step = |status, page: Option<&Article>, verdict| {
        let history = run(&path, &clock, status, page, verdict);
        clock.advance(Duration::days(1));
        changes.push(history.change);
        history
    };
    step(LinkStatus::Ok, Some(&original), Verdict::Verified);
    // Only whitespace differs: the same content.
    let respaced = article("The railway  will open\nin 2025, the minister said.");
    step(LinkStatus::Ok, Some(&respaced), Verdict::Verified);
    step(LinkStatus::Ok, Some(&rewritten), Verdict::NotFound);
    step(LinkStatus::Ok, Some(&rewritten), Verdict::NotFound);
    let broken = step(LinkStatus::NotFound, None, Verdict::Unverifiable);
    assert_eq!((broken.failures, broken.confirmed), (1, false));
    let still = step(LinkStatus::NotFound, None, Verdict::Unverifiable);
    assert_eq!(still.failures, 2);
    let back = step(LinkStatus::Ok, Some(&rewritten), Verdict::NotFound);
    assert_eq!((back.failures, back.first_failed), (0, None));
    assert_eq!(
        changes,
        [
            Change::New,
            Change::Unchanged,
            Change::ContentChanged,
            Change::Unchanged,
            Change::NewlyBroken,
            Change::Unchanged,
            Change::Recovered,
        ]
    );
    let state = State::open(&path, &clock).unwrap();
    let observed = state.observations(URL).unwrap();
    assert_eq!(observed.len(), 7);
    assert_eq!(observed[4].1, "not_found");
    assert_eq!(observed[2].2, "content_changed");
}

#[test]
fn validators_and_article_are_kept_for_a_304() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let clock = ManualClock::new(at(12, 3, 0));
    let page = article("Officials said the deal is done.");
    let validators = Validators {
        etag: Some("\"v1\"".into()),
        last_modified: Some("Tue, 12 Mar 2024 01:00:00 GMT".into()),
    };
    {
        let state = State::open(&path, &clock).unwrap();
        assert!(state.previous(URL).unwrap().is_none());
        state
            .record(
                URL,
                &Observation {
                    status: LinkStatus::Ok,
                    http_status: Some(200),
                    article: Some(&page),
                    not_modified: false,
                    verdict: Verdict::Verified,
                    quotes: &[],
                    validators: &validators,
                },
            )
            .unwrap();
    }
    clock.advance(Duration::days(1));
    let state = State::open(&path, &clock).unwrap();
    let previous = state.previous(URL).unwrap().expect("known URL");
    assert_eq!(previous.conditional(), Some(validators.clone()));
    assert_eq!(
        previous.content_hash.as_deref(),
        Some(content_hash(&page.text).as_str())
    );
    // The server answers 304: nothing is downloaded, the stored article is re-checked.
    let stored = state.article(URL).unwrap().expect("stored article");
    assert_eq!(stored, page);
    let none = Validators::default();
    let history = state
        .record(
            URL,
            &Observation {
                status: LinkStatus::Ok,
                http_status: Some(304),
                article: None,
                not_modified: true,
                verdict: Verdict::Verified,
                quotes: &[],
                validators: &none,
            },
        )
        .unwrap();
    assert_eq!(history.change, Change::Unchanged);
    let after = state.previous(URL).unwrap().unwrap();
    assert_eq!(
        after.conditional(),
        Some(validators),
        "304 keeps the validators"
    );
    assert_eq!(after.content_hash, previous.content_hash);
}

#[test]
fn a_url_cited_twice_counts_once_per_run() {
    let clock = ManualClock::new(at(15, 3, 0));
    let state = State::in_memory(&clock).unwrap();
    let validators = Validators::default();
    let observation = Observation {
        status: LinkStatus::Timeout,
        http_status: None,
        article: None,
        not_modified: false,
        verdict: Verdict::Unverifiable,
        quotes: &[],
        validators: &validators,
    };
    let first = state.record(URL, &observation).unwrap();
    let second = state.record(URL, &observation).unwrap();
    assert_eq!(first, second);
    assert_eq!(second.failures, 1);
    assert_eq!(state.observations(URL).unwrap().len(), 2);
}

#[test]
fn unchecked_observations_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let clock = ManualClock::new(at(16, 3, 0));
    run(
        &path,
        &clock,
        LinkStatus::NotFound,
        None,
        Verdict::Unverifiable,
    );
    clock.advance(Duration::days(1));
    let skipped = run(
        &path,
        &clock,
        LinkStatus::Unchecked,
        None,
        Verdict::Unchecked,
    );
    assert_eq!((skipped.change, skipped.failures), (Change::Unchanged, 1));
    let state = State::open(&path, &clock).unwrap();
    assert_eq!(state.previous(URL).unwrap().unwrap().failures, 1);
}

#[test]
fn a_second_writer_is_refused_until_the_first_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let clock = ManualClock::new(at(20, 3, 0));
    let first = State::open(&path, &clock).unwrap();
    match State::open(&path, &clock) {
        Err(StateError::Busy { path: busy }) => assert_eq!(busy, path),
        Err(other) => panic!("expected Busy, got {other}"),
        Ok(_) => panic!("two writers on one state file"),
    }
    first.finish(true).unwrap();
    assert!(
        State::open(&path, &clock).is_ok(),
        "free again after the run"
    );
}

#[test]
fn files_from_newer_versions_and_non_databases_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::new(at(21, 3, 0));
    let newer = dir.path().join("newer.sqlite");
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    match State::open(&newer, &clock) {
        Err(StateError::Newer { found, known, .. }) => {
            assert_eq!((found, known), (99, SCHEMA_VERSION))
        }
        Err(other) => panic!("expected Newer, got {other}"),
        Ok(_) => panic!("opened a file from a newer citecheck"),
    }
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(
        &junk,
        b"this is not a database, just text long enough to matter",
    )
    .unwrap();
    let err = State::open(&junk, &clock).err().expect("not a database");
    assert!(err.to_string().contains("junk.sqlite"), "{err}");
}

#[test]
fn a_new_file_is_migrated_to_the_current_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let clock = ManualClock::new(at(22, 3, 0));
    run(
        &path,
        &clock,
        LinkStatus::Ok,
        Some(&article("x")),
        Verdict::Verified,
    );
    let wal = dir.path().join("state.sqlite-wal");
    assert!(
        !wal.exists(),
        "closing folds the write-ahead log back into the file"
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let runs: i64 = conn
        .query_row("SELECT count(*) FROM runs WHERE complete = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(runs, 1);
}

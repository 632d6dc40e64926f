//! A sharded run end to end, through the built binary: `verify --shard I/3` for each I on
//! one article citing several loopback hosts, then `citecheck merge` of the three JSON
//! reports. No host may be checked by two shards (seen in the reports and at the server),
//! the merge must equal an unsharded run citation for citation, and the archive host every
//! shard shares must see 1/N of its rate from each shard.

use crate::common_crawler;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use citecheck::shard::{self, Shard};
use citecheck::sources::Sources;
use serde_json::Value;

use common_crawler::{Hit, TestServer};

/// One request per 50 ms per host; the archive host is shared by every shard.
const SOURCES: &str = r#"
[defaults]
rate = "1/50ms"
concurrency = 2
timeout = "2s"
connect_timeout = "500ms"
retries = 0

[outlets.gazette]
name = "Gazette"
domains = ["gazette.test", "gazette.example"]

[archives]
wayback_cdx = "http://archive.test/cdx/search/cdx"
"#;

const SHARDS: u32 = 3;
const ARCHIVE: &str = "archive.test";

/// Hosts no outlet claims, each sharded on its own.
const HOSTS: [&str; 6] = [
    "alpha.test",
    "bravo.test",
    "india.test",
    "delta.test",
    "hotel.test",
    "kilo.test",
];

/// (host, path, quote): two citations per host, of pages the test server answers in
/// different ways (article, 404, 410, permanent and temporary redirects, 403, teapot).
const CITED: [(&str, &str, &str); 14] = [
    ("alpha.test", "/ok", "Real text"),
    ("alpha.test", "/404", "Real text"),
    ("bravo.test", "/moved", "Real text"),
    ("bravo.test", "/410", "Real text"),
    ("india.test", "/ok", "words the page never had"),
    ("india.test", "/403", "Real text"),
    ("delta.test", "/gzip-page", "Шахсан хуудас"),
    ("delta.test", "/404", "Real text"),
    ("hotel.test", "/ok", "Real text"),
    ("hotel.test", "/temporary", "Real text"),
    ("kilo.test", "/cp1251", "Страница на русском языке"),
    ("kilo.test", "/418", "Real text"),
    ("gazette.test", "/ok", "Real text"),
    ("www.gazette.example", "/404", "Real text"),
];

fn citecheck(args: &[String], cwd: &Path) -> Output {
    let output = crate::support::citecheck()
        .args(args)
        .current_dir(cwd)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the citecheck binary runs");
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {:?}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs the binary off the runtime's threads, so the loopback server keeps answering.
async fn run(args: Vec<String>, cwd: PathBuf) -> Output {
    tokio::task::spawn_blocking(move || citecheck(&args, &cwd))
        .await
        .expect("the binary's thread")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn citations(report: &Value) -> Vec<Value> {
    report["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| d["citations"].as_array().cloned().unwrap_or_default())
        .collect()
}

fn host_of(citation: &Value) -> String {
    let url = citation["url"].as_str().expect("every citation has a URL");
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| panic!("{url} has a host"))
}

/// A citation without what differs between two runs of the same pages (timings, the
/// time of the check).
fn essence(citation: &Value) -> Value {
    let mut c = citation.clone();
    if let Some(link) = c.get_mut("link").and_then(Value::as_object_mut) {
        link.remove("elapsed_ms");
    }
    if let Some(c) = c.as_object_mut() {
        c.remove("checked_at");
    }
    c
}

/// A summary without the time of the oldest check.
fn summary_essence(summary: &Value) -> Value {
    let mut s = summary.clone();
    if let Some(coverage) = s.get_mut("coverage").and_then(Value::as_object_mut) {
        coverage.remove("oldest");
    }
    s
}

/// The gaps between consecutive requests, in arrival order.
fn gaps(hits: &[Hit]) -> Vec<Duration> {
    let mut times: Vec<_> = hits.iter().map(|h| h.at).collect();
    times.sort();
    times.windows(2).map(|w| w[1] - w[0]).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shards_split_by_host_and_merge_back_into_the_whole_run() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let cwd = dir.path().to_path_buf();
    std::fs::write(cwd.join("sources.toml"), SOURCES).expect("write sources");
    let list: Vec<Value> = CITED
        .iter()
        .map(|(host, path, quote)| {
            let mut entry = serde_json::json!({
                "url": format!("http://{host}{path}"),
                "claim": format!("The page at {host} says “{quote}”."),
                "quotes": [quote],
            });
            if host.contains("gazette") {
                entry["outlet"] = "Gazette".into();
            }
            entry
        })
        .collect();
    std::fs::write(
        cwd.join("article.json"),
        serde_json::to_string_pretty(&list).expect("json"),
    )
    .expect("write article");

    // Every shard must get some of the sites, or the test proves little.
    let sources = Sources::parse(SOURCES, Path::new("sources.toml")).expect("sources");
    let owner = |host: &str| -> u32 {
        let shards: Vec<u32> = (1..=SHARDS)
            .filter(|i| {
                Shard::parse(&format!("{i}/{SHARDS}"))
                    .expect("shard")
                    .owns(host)
            })
            .collect();
        assert_eq!(shards.len(), 1, "{host}: {shards:?}");
        shards[0]
    };
    let used: BTreeSet<u32> = HOSTS.iter().map(|h| owner(h)).collect();
    assert_eq!(used.len(), SHARDS as usize, "the hosts cover every shard");

    let mut common = vec![
        "verify".to_string(),
        "article.json".into(),
        "--sources".into(),
        "sources.toml".into(),
        "--format".into(),
        "json".into(),
        "--fail-on".into(),
        "never".into(),
    ];
    let mut hosts: BTreeSet<&str> = CITED.iter().map(|c| c.0).collect();
    hosts.insert(ARCHIVE);
    for host in hosts {
        common.push("--resolve".into());
        common.push(format!("{host}=127.0.0.1:{}", server.addr.port()));
    }

    // The shards, one after the other, with what the server saw during each.
    let mut shard_reports = Vec::new();
    let mut shard_hits = Vec::new();
    for i in 1..=SHARDS {
        let before = server.hits().len();
        let mut args = common.clone();
        args.extend([
            "--shard".into(),
            format!("{i}/{SHARDS}"),
            "--out".into(),
            format!("shard-{i}"),
        ]);
        run(args, cwd.clone()).await;
        shard_hits.push(server.hits()[before..].to_vec());
        shard_reports.push(read_json(&cwd.join(format!("shard-{i}/article.json"))));
    }
    let before = server.hits().len();
    let mut args = common.clone();
    args.extend(["--out".into(), "whole".into()]);
    run(args, cwd.clone()).await;
    let whole_hits = server.hits()[before..].to_vec();
    let whole = read_json(&cwd.join("whole/article.json"));
    assert_eq!(citations(&whole).len(), CITED.len());

    // Reports: each host's citations in exactly one shard, the outlet's hosts together.
    let mut shard_of_host: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut ids = Vec::new();
    for (i, report) in shard_reports.iter().enumerate() {
        assert!(
            !citations(report).is_empty(),
            "shard {} checked nothing",
            i + 1
        );
        for c in citations(report) {
            shard_of_host.entry(host_of(&c)).or_default().insert(i);
            ids.push(c["id"].as_str().unwrap_or_default().to_string());
        }
    }
    for (host, shards) in &shard_of_host {
        assert_eq!(shards.len(), 1, "{host} is in shards {shards:?}");
    }
    assert_eq!(
        shard_of_host["gazette.test"], shard_of_host["www.gazette.example"],
        "an outlet's hosts stay in one shard"
    );
    ids.sort();
    let mut all_ids: Vec<String> = citations(&whole)
        .iter()
        .map(|c| c["id"].as_str().unwrap_or_default().to_string())
        .collect();
    all_ids.sort();
    assert_eq!(ids, all_ids, "every citation in exactly one shard");

    // The server: no site (other than the shared archive) was asked by two shards.
    let mut askers: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, hits) in shard_hits.iter().enumerate() {
        for hit in hits.iter().filter(|h| h.host != ARCHIVE) {
            askers.entry(hit.host.clone()).or_default().insert(i);
        }
    }
    assert_eq!(
        askers.keys().collect::<Vec<_>>(),
        shard_of_host.keys().collect::<Vec<_>>(),
        "the cited hosts, and only they, were requested"
    );
    for (host, shards) in &askers {
        assert_eq!(
            shards, &shard_of_host[host],
            "{host} requested by {shards:?}"
        );
    }

    // The archive every shard shares: 1/3 of its rate in each, one request per 150 ms.
    // The crawler's own guarantee at the server is 90% of the interval between any two
    // requests (src/fetch/host.rs), and the whole run's 50 ms is far below that.
    let shared = shard::shared_hosts(&sources);
    assert_eq!(shared, BTreeSet::from([ARCHIVE.to_string()]));
    let third = Shard::parse("2/3").expect("shard");
    let archive_rate = third.politeness(ARCHIVE, sources.defaults.clone(), &shared);
    assert_eq!(archive_rate.rate.interval(), Duration::from_millis(150));
    let own = third.politeness("alpha.test", sources.defaults.clone(), &shared);
    assert_eq!(own.rate.interval(), Duration::from_millis(50));
    let mut measured = 0;
    for (i, hits) in shard_hits.iter().enumerate() {
        let archive: Vec<Hit> = hits.iter().filter(|h| h.host == ARCHIVE).cloned().collect();
        for gap in gaps(&archive) {
            measured += 1;
            assert!(
                gap >= Duration::from_millis(135),
                "shard {}: archive requests {gap:?} apart (1/3 of 1/50ms is 1/150ms)",
                i + 1
            );
        }
    }
    assert!(measured > 0, "some shard asked the archive twice");
    assert!(
        whole_hits.iter().any(|h| h.host == ARCHIVE),
        "the whole run asks the archive too"
    );

    // The merge rebuilds the whole run.
    let mut args = vec![
        "merge".to_string(),
        "--out".into(),
        "merged".into(),
        "--format".into(),
        "json".into(),
        "--fail-on".into(),
        "never".into(),
    ];
    for i in (1..=SHARDS).rev() {
        args.push(format!("shard-{i}/article.json"));
    }
    run(args, cwd.clone()).await;
    let merged = read_json(&cwd.join("merged/report.json"));
    assert_eq!(merged["complete"], true);
    assert_eq!(merged["documents"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        merged["documents"][0]["path"],
        whole["documents"][0]["path"]
    );
    let merged_citations: Vec<Value> = citations(&merged).iter().map(essence).collect();
    let whole_citations: Vec<Value> = citations(&whole).iter().map(essence).collect();
    assert_eq!(merged_citations.len(), whole_citations.len());
    for (m, w) in merged_citations.iter().zip(&whole_citations) {
        assert_eq!(
            m, w,
            "merged citation {} differs from the whole run's",
            w["id"]
        );
    }
    // Hosts are counted per run, and every report of a shard carries its shard's count (and
    // names its shard), so a merge sums the shards' counts (documented in report::merge):
    // never fewer than the whole run's, more only by hosts every shard asks (archives); the
    // rest of the summary is recounted and must be the whole run's.
    let without_hosts = |summary: &Value| {
        let mut summary = summary_essence(summary);
        summary.as_object_mut().map(|s| s.remove("hosts"));
        summary
    };
    assert_eq!(
        without_hosts(&merged["summary"]),
        without_hosts(&whole["summary"])
    );
    let hosts = |r: &Value, what: &str| r["summary"]["hosts"][what].as_u64().unwrap_or(0);
    for what in ["contacted", "answered"] {
        let (merged, whole) = (hosts(&merged, what), hosts(&whole, what));
        assert!(
            merged >= whole && whole > 0 && merged <= whole * SHARDS as u64,
            "{what}: merged {merged}, whole run {whole}"
        );
    }
    // The run covered a spread of outcomes, so the comparison means something.
    let statuses: BTreeSet<&str> = whole_citations
        .iter()
        .filter_map(|c| c["link"]["status"].as_str())
        .collect();
    let verdicts: BTreeSet<&str> = whole_citations
        .iter()
        .filter_map(|c| c["verdict"].as_str())
        .collect();
    assert!(statuses.len() >= 5, "{statuses:?}");
    assert!(verdicts.len() >= 2, "{verdicts:?}");
}

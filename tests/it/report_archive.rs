//! The built binary on a draft whose links are dead, with a loopback archive: "could not
//! ask the archive" is kept apart from "no archived copy exists" in the JSON
//! (`archive.lookup`, `archive.error`), the reasons, the action and the Markdown; and
//! `--exclude` keeps a URL from ever being requested.

use crate::common_discovery::{Reply, Site};
use crate::support::{citecheck_async, citecheck_in};

use serde_json::Value;

fn sources(archive: &Site) -> String {
    format!(
        r#"
[defaults]
rate = "100/s"
timeout = "3s"
retries = 0

[archives]
wayback_cdx = "{}/cdx/search/cdx"
cdx_rate = "100/s"
replay_rate = "100/s"
"#,
        archive.base()
    )
}

fn draft(base: &str) -> String {
    format!(
        "---\ndate: 2024-03-20\n---\n\n\
         The line will cost $1.2 billion ([Editor Post, March 4]({base}/gone)).\n\n\
         Construction starts next spring ([Editor Post, March 5]({base}/private/plan)).\n"
    )
}

/// Runs the draft against `site` with `archive` as the Wayback CDX server; the report.
async fn verify(site: &Site, archive: &Site, extra: &[&str]) -> (Value, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("sources.toml"), sources(archive)).expect("sources");
    std::fs::write(dir.path().join("draft.md"), draft(&site.base())).expect("draft");
    let mut args: Vec<String> = vec!["verify".into()];
    for s in [site, archive] {
        args.push("--resolve".into());
        args.push(format!("{}={}", s.host, s.addr));
    }
    for a in extra {
        args.push(a.to_string());
    }
    for a in [
        "--format",
        "json,md",
        "--fail-on",
        "never",
        "--out",
        "out",
        "draft.md",
    ] {
        args.push(a.into());
    }
    let output = citecheck_async(args, dir.path()).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let text = std::fs::read_to_string(dir.path().join("out/draft.json")).expect("report");
    let md = std::fs::read_to_string(dir.path().join("out/draft.md")).expect("markdown");
    (serde_json::from_str(&text).expect("JSON"), md)
}

fn citation<'a>(report: &'a Value, path: &str) -> &'a Value {
    report["documents"][0]["citations"]
        .as_array()
        .and_then(|cs| {
            cs.iter()
                .find(|c| c["url"].as_str().is_some_and(|u| u.ends_with(path)))
        })
        .unwrap_or_else(|| panic!("no citation of {path}: {report}"))
}

/// A loopback Wayback CDX server that answers every query with `reply`.
async fn archive_answering(reply: Reply) -> Site {
    Site::start(
        "archive.test",
        vec![("/cdx/search/cdx".into(), reply)],
        Vec::new(),
    )
    .await
}

/// An archive that has no copy of anything.
async fn empty_archive() -> Site {
    archive_answering(Reply::new(200, "application/json", "[]")).await
}

async fn dead_site() -> Site {
    Site::start("post.test", Vec::new(), Vec::new()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_archive_that_cannot_be_asked_is_not_an_archive_without_a_copy() {
    let site = dead_site().await;
    let down = archive_answering(Reply::new(503, "text/plain", "over capacity")).await;
    let (report, md) = verify(&site, &down, &[]).await;
    let gone = citation(&report, "/gone");
    assert_eq!(gone["link"]["status"], "not_found", "{gone:#}");
    assert_eq!(gone["archive"]["lookup"], "failed", "{gone:#}");
    assert!(gone["archive"]["url"].is_null(), "{gone:#}");
    let error = gone["archive"]["error"].as_str().unwrap_or("");
    assert!(error.contains("503"), "{error}");
    let reasons = gone["reasons"].to_string();
    assert!(reasons.contains("could not be asked"), "{reasons}");
    let action = gone["action"].as_str().unwrap_or("");
    assert!(action.contains("could not be asked"), "{action}");
    assert!(!action.contains("no archived copy"), "{action}");
    assert!(md.contains("could not ask the archive"), "{md}");

    // The same dead link with an archive that answers and has nothing.
    let empty = empty_archive().await;
    let (report, md) = verify(&site, &empty, &[]).await;
    let gone = citation(&report, "/gone");
    assert_eq!(gone["archive"]["lookup"], "none", "{gone:#}");
    assert!(gone["archive"]["error"].is_null(), "{gone:#}");
    let action = gone["action"].as_str().unwrap_or("");
    assert!(action.contains("no archived copy"), "{action}");
    assert!(md.contains("no archive has a copy"), "{md}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn excluded_urls_are_never_requested_and_say_why() {
    let site = dead_site().await;
    let archive = empty_archive().await;
    let (report, _) = verify(
        &site,
        &archive,
        &["--exclude", "/private/", "--exclude", "x^"],
    )
    .await;
    let plan = citation(&report, "/private/plan");
    assert_eq!(plan["link"]["status"], "unchecked", "{plan:#}");
    assert_eq!(plan["verdict"], "unchecked", "{plan:#}");
    assert!(
        plan["archive"].is_null(),
        "no archive look-up either: {plan:#}"
    );
    let reasons = plan["reasons"].to_string();
    assert!(reasons.contains("--exclude '/private/'"), "{reasons}");
    assert_eq!(
        site.hits("/private/plan"),
        0,
        "an excluded URL is never requested"
    );
    // The other citation is checked as usual.
    assert_eq!(citation(&report, "/gone")["link"]["status"], "not_found");
    assert!(site.hits("/gone") > 0);
}

#[test]
fn a_bad_exclude_pattern_is_a_usage_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("draft.md"), "Nothing cited.\n").expect("draft");
    let output = citecheck_in(
        &["verify", "--exclude", "(unclosed", "draft.md"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("(unclosed"), "{stderr}");
    // An empty pattern (an unset variable) would exclude everything: refused.
    let output = citecheck_in(&["verify", "--exclude", "", "draft.md"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("empty pattern"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_excluded_candidate_is_never_read_and_the_reason_names_the_pattern() {
    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Post</title>\
        <item><title>Line cost set at $1.2 billion</title>\
        <link>{base}/private/cost</link><pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate></item>\
        </channel></rss>";
    let site = Site::start(
        "post.test",
        vec![("/feed.xml".into(), Reply::xml(feed))],
        Vec::new(),
    )
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let sources = format!(
        "[defaults]\nrate = \"100/s\"\ntimeout = \"3s\"\nretries = 0\n\n\
         [outlets.post]\nname = \"Editor Post\"\ndomains = [\"post.test\"]\n\
         feeds = [\"{}/feed.xml\"]\n",
        site.base()
    );
    std::fs::write(dir.path().join("sources.toml"), sources).expect("sources");
    std::fs::write(
        dir.path().join("draft.md"),
        "---\ndate: 2024-03-20\n---\n\nThe line cost set at $1.2 billion (Editor Post, March 4).\n",
    )
    .expect("draft");
    let args: Vec<String> = [
        "verify",
        "--resolve",
        &format!("{}={}", site.host, site.addr),
        "--exclude",
        "/private/",
        "--fail-on",
        "never",
        "--format",
        "json",
        "--out",
        "out",
        "draft.md",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let output = citecheck_async(args, dir.path()).await;
    assert_eq!(output.status.code(), Some(0));
    assert!(site.hits("/feed.xml") > 0, "the feed was read");
    assert_eq!(
        site.hits("/private/cost"),
        0,
        "the excluded candidate never was"
    );
    let text = std::fs::read_to_string(dir.path().join("out/draft.json")).expect("report");
    let report: Value = serde_json::from_str(&text).expect("JSON");
    let reasons = report["documents"][0]["citations"][0]["reasons"].to_string();
    assert!(reasons.contains("--exclude '/private/'"), "{reasons}");
}

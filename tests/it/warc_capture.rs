//! WARC capture written by citecheck: read back by citecheck's own reader and replayed,
//! and read by two independent readers (the `warc` crate, and Python's warcio through
//! tests/scripts/check_warc.py).

use crate::common_discovery;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use citecheck::archive::warc::{digest, read_records, WarcReplay, WarcWriter};
use citecheck::fetch::exchange::{
    Exchange, ExchangeSink, Recorded, RecordedRequest, RecordedResponse, ReplaySource,
};
use citecheck::model::{FailureCause, LinkStatus};

const ARTICLE: &str = "<html><body><article><p>Хөх хотод 14 баримт бичигт гарын үсэг зурлаа.</p></article></body></html>";

fn gzip(text: &str) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).expect("gzip");
    gz.finish().expect("gzip")
}

fn request(url: &str) -> RecordedRequest {
    RecordedRequest {
        method: "GET".into(),
        url: url.into(),
        headers: vec![
            ("user-agent".into(), "citecheck/0.1 (test)".into()),
            ("accept-encoding".into(), "gzip".into()),
        ],
    }
}

fn response(status: u16, headers: &[(&str, &str)], body: Vec<u8>) -> Recorded {
    Recorded::Response(RecordedResponse {
        http_version: "HTTP/1.1".into(),
        status,
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body,
        truncated: None,
    })
}

fn exchange(url: &str, outcome: Recorded) -> Exchange {
    Exchange {
        started: Utc.with_ymd_and_hms(2023, 11, 15, 8, 30, 0).unwrap(),
        remote_addr: Some("127.0.0.1:8080".into()),
        request: request(url),
        outcome,
    }
}

/// A run's worth of exchanges: a gzipped chunked page, a 429 then a 200 for one URL, a
/// DNS failure, an HTTP/2 response cut at the size cap, a robots.txt 404.
fn exchanges() -> Vec<Exchange> {
    let mut h2 = exchange(
        "https://www.scmp.com/news/asia/article/3241100/herders",
        response(200, &[("content-type", "text/html")], vec![b'x'; 64]),
    );
    if let Recorded::Response(r) = &mut h2.outcome {
        r.http_version = "HTTP/2.0".into();
        r.truncated = Some("length".into());
    }
    let mut dns = exchange(
        "http://no-such-outlet.invalid/n/1",
        Recorded::Failure {
            status: LinkStatus::DnsError,
            cause: FailureCause::Dns {
                message: "dns error: no such host\r\ninjected: header".into(),
            },
        },
    );
    dns.remote_addr = None;
    vec![
        exchange(
            "http://ikon.mn/robots.txt",
            response(
                404,
                &[("content-type", "text/plain")],
                b"not found".to_vec(),
            ),
        ),
        exchange(
            "http://ikon.mn/n/3a1f",
            response(
                200,
                &[
                    ("content-type", "text/html; charset=utf-8"),
                    ("content-encoding", "gzip"),
                    ("transfer-encoding", "chunked"),
                ],
                gzip(ARTICLE),
            ),
        ),
        exchange(
            "http://ikon.mn/rss",
            response(429, &[("retry-after", "1")], Vec::new()),
        ),
        exchange(
            "http://ikon.mn/rss",
            response(
                200,
                &[("content-type", "application/rss+xml")],
                b"<rss/>".to_vec(),
            ),
        ),
        dns,
        h2,
    ]
}

fn record_all(dir: &Path) -> PathBuf {
    let writer = Arc::new(WarcWriter::create(dir).expect("writer"));
    // From several threads at once (the records of one exchange must stay together); the
    // 429 and the 200 of one URL in their order, as the crawler's retry makes them.
    let (in_order, parallel): (Vec<Exchange>, Vec<Exchange>) = exchanges()
        .into_iter()
        .partition(|e| e.request.url == "http://ikon.mn/rss");
    let handles: Vec<_> = parallel
        .into_iter()
        .map(|e| {
            let w = writer.clone();
            std::thread::spawn(move || w.record(&e))
        })
        .collect();
    for e in &in_order {
        writer.record(e);
    }
    for h in handles {
        h.join().expect("recording thread");
    }
    writer.path().to_path_buf()
}

#[test]
fn the_capture_file_is_named_and_framed_as_specified() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = record_all(&dir.path().join("captures"));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("citecheck-") && name.ends_with(".warc.gz"),
        "{name}"
    );

    // One gzip member per record: 1 warcinfo + 6 requests + 6 answers.
    let bytes = std::fs::read(&path).unwrap();
    let members = bytes
        .windows(3)
        .filter(|w| w == &[0x1f, 0x8b, 0x08])
        .count();
    assert!(members >= 13, "{members} gzip members");

    let records = read_records(&path).expect("readable");
    assert_eq!(records.len(), 13);
    assert_eq!(records[0].kind(), "warcinfo");
    assert!(records.iter().all(|r| r.version == "WARC/1.1"));
    for pair in records[1..].chunks(2) {
        let (req, answer) = (&pair[0], &pair[1]);
        assert_eq!(req.kind(), "request");
        assert!(matches!(answer.kind().as_str(), "response" | "metadata"));
        assert_eq!(
            req.header("WARC-Concurrent-To"),
            answer.id(),
            "request → answer"
        );
        assert_eq!(
            answer.header("WARC-Concurrent-To"),
            req.id(),
            "answer → request"
        );
        assert_eq!(req.target_uri(), answer.target_uri());
        assert!(req.id().unwrap().starts_with("<urn:uuid:"));
        assert_eq!(req.header("WARC-Date"), Some("2023-11-15T08:30:00.000000Z"));
        assert_eq!(
            req.header("Content-Type"),
            Some("application/http;msgtype=request")
        );
        for r in pair {
            assert_eq!(
                r.header("WARC-Block-Digest"),
                Some(digest(&r.block).as_str())
            );
        }
        if answer.kind() == "response" {
            assert_eq!(
                answer.header("Content-Type"),
                Some("application/http;msgtype=response")
            );
            assert!(answer.header("WARC-Payload-Digest").is_some());
            if answer.target_uri() != Some("https://www.scmp.com/news/asia/article/3241100/herders")
            {
                assert_eq!(answer.header("WARC-IP-Address"), Some("127.0.0.1"));
            }
        }
    }
    let page = records
        .iter()
        .find(|r| r.kind() == "response" && r.target_uri() == Some("http://ikon.mn/n/3a1f"))
        .expect("the article");
    let stored = gzip(ARTICLE);
    assert!(
        page.block.ends_with(&stored),
        "the body exactly as received"
    );
    assert_eq!(
        page.header("WARC-Payload-Digest"),
        Some(digest(&stored).as_str())
    );
    let text = String::from_utf8_lossy(&page.block);
    assert!(
        text.contains("X-Citecheck-Transfer-Encoding: chunked"),
        "{text}"
    );
    assert!(!text.to_lowercase().contains("\r\ntransfer-encoding:"));
    let cut = records
        .iter()
        .find(|r| r.kind() == "response" && r.header("WARC-Truncated").is_some())
        .expect("the truncated one");
    assert_eq!(cut.header("WARC-Protocol"), Some("h2"));
    assert!(String::from_utf8_lossy(&cut.block).starts_with("HTTP/1.1 200 OK\r\n"));
    let failure = records.iter().find(|r| r.kind() == "metadata").unwrap();
    let fields = String::from_utf8_lossy(&failure.block);
    assert!(
        fields.contains("citecheck-failure: dns_error\r\n"),
        "{fields}"
    );
    assert!(
        fields.contains("citecheck-cause: {\"dns\":"),
        "the cause is kept typed: {fields}"
    );
    assert_eq!(fields.lines().count(), 3, "no header injection: {fields:?}");
}

#[test]
fn a_capture_replays_every_answer_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = record_all(dir.path());
    let replay = WarcReplay::open(&path).expect("replay");
    assert_eq!(replay.len(), 5, "distinct requests");
    let all = exchanges();
    let article = &all[1];
    assert_eq!(
        replay.replay(&article.request),
        Some(article.outcome.clone())
    );

    let rss = request("http://ikon.mn/rss");
    let status = |r: Option<Recorded>| match r {
        Some(Recorded::Response(r)) => r.status,
        other => panic!("{other:?}"),
    };
    assert_eq!(status(replay.replay(&rss)), 429);
    assert_eq!(status(replay.replay(&rss)), 200);
    assert_eq!(status(replay.replay(&rss)), 200, "the last answer repeats");

    match replay.replay(&all[4].request) {
        Some(Recorded::Failure { status, cause }) => {
            assert_eq!(status, LinkStatus::DnsError);
            assert!(cause.to_string().starts_with("dns error: no such host"));
        }
        other => panic!("{other:?}"),
    }
    match replay.replay(&all[5].request) {
        Some(Recorded::Response(r)) => {
            assert_eq!(r.http_version, "HTTP/2.0");
            assert_eq!(r.truncated.as_deref(), Some("length"));
            assert_eq!(r.body.len(), 64);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(replay.replay(&request("http://ikon.mn/n/unknown")), None);
    let mut head = request("http://ikon.mn/n/3a1f");
    head.method = "HEAD".into();
    assert_eq!(replay.replay(&head), None, "method is part of the key");
}

#[test]
fn the_warc_crate_reads_a_citecheck_capture() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = record_all(dir.path());
    let reader = warc::WarcReader::from_path_gzip(&path).expect("open");
    let mut kinds = Vec::new();
    for record in reader.iter_records() {
        let record = record.expect("the warc crate parses every record");
        let block_digest = record
            .header(warc::WarcHeader::BlockDigest)
            .map(|d| d.into_owned());
        assert_eq!(block_digest, Some(digest(record.body())));
        kinds.push(record.warc_type().to_string());
    }
    assert_eq!(kinds.len(), 13);
    assert_eq!(kinds[0], "warcinfo");
    assert_eq!(kinds.iter().filter(|k| *k == "request").count(), 6);
    assert_eq!(kinds.iter().filter(|k| *k == "response").count(), 5);
    assert_eq!(kinds.iter().filter(|k| *k == "metadata").count(), 1);
}

#[test]
fn warcio_reads_and_verifies_a_citecheck_capture() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = record_all(dir.path());
    let Some((ok, report)) = common_discovery::warcio_report(&path) else {
        return;
    };
    assert!(ok, "{report:#}");
    let records = report["records"].as_array().expect("records");
    assert_eq!(records.len(), 13);
    assert_eq!(records[0]["type"], "warcinfo");
    let offsets: Vec<u64> = records
        .iter()
        .filter_map(|r| r["offset"].as_u64())
        .collect();
    assert!(
        offsets.windows(2).all(|w| w[0] < w[1]),
        "one gzip member per record: {offsets:?}"
    );
    for r in &records[1..] {
        assert_eq!(r["version"], "WARC/1.1");
        assert_eq!(r["digest_passed"], true, "{r:#}");
    }
    let article = records
        .iter()
        .find(|r| r["type"] == "response" && r["uri"] == "http://ikon.mn/n/3a1f")
        .expect("the article");
    assert_eq!(article["status"], "200");
    assert_eq!(
        article["text"], ARTICLE,
        "warcio decodes the gzip body as received"
    );
    let request = records
        .iter()
        .find(|r| r["type"] == "request" && r["uri"] == "http://ikon.mn/n/3a1f")
        .expect("its request");
    assert_eq!(request["method"], "GET");
    assert_eq!(request["concurrent_to"], article["id"]);
}

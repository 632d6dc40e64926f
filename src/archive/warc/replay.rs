//! Answering a run's requests from a capture (`--replay FILE.warc.gz`).
//!
//! Every answer recorded for a request — a `response`, or citecheck's failure `metadata` —
//! is indexed by method and URL, in file order. The same URL asked again gets the next
//! recorded answer (a 429, then the 200 of the retry), and the last one repeats once they
//! run out, so a replayed run goes through the crawler's retry logic exactly as the live
//! one did. The method comes from the `request` record the answer is tied to
//! (`WARC-Concurrent-To`, either direction); captures without request records are taken
//! as GETs. URLs are compared in their parsed, normalized form.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use crate::fetch::exchange::{Recorded, RecordedRequest, RecordedResponse, ReplaySource};
use crate::model::{FailureCause, LinkStatus};

use super::reader::{http_message, read_records, WarcRecord};
use super::{WarcError, CAUSE_FIELD, FAILURE_FIELD, MESSAGE_FIELD, TRANSFER_ENCODING_HEADER};

type Key = (String, String);

/// A capture, indexed for replay.
#[derive(Debug, Default)]
pub struct WarcReplay {
    answers: HashMap<Key, Vec<Recorded>>,
    /// How many times each key has been asked.
    asked: Mutex<HashMap<Key, usize>>,
}

/// The form URLs are compared in.
fn normalize(url: &str) -> String {
    url::Url::parse(url.trim())
        .map(|u| u.to_string())
        .unwrap_or_else(|_| url.trim().to_string())
}

fn key(method: &str, url: &str) -> Key {
    (method.to_ascii_uppercase(), normalize(url))
}

/// The answer a `response` record holds.
fn response_of(record: &WarcRecord) -> Option<Recorded> {
    let message = http_message(&record.block)?;
    let status: u16 = message.start.get(1)?.trim().parse().ok()?;
    let http_version = match record.header("WARC-Protocol").map(str::trim) {
        Some(p) if p.eq_ignore_ascii_case("h2") => "HTTP/2.0".to_string(),
        Some(p) if p.eq_ignore_ascii_case("h3") => "HTTP/3.0".to_string(),
        _ => message.start.first()?.clone(),
    };
    let headers = message
        .headers
        .into_iter()
        .map(|(name, value)| {
            if name.eq_ignore_ascii_case(TRANSFER_ENCODING_HEADER) {
                ("transfer-encoding".to_string(), value)
            } else {
                (name, value)
            }
        })
        .collect();
    Some(Recorded::Response(RecordedResponse {
        http_version,
        status,
        headers,
        body: message.body,
        truncated: record.header("WARC-Truncated").map(str::to_string),
    }))
}

/// The failure a citecheck `metadata` record holds, if it is one.
fn failure_of(record: &WarcRecord) -> Option<Recorded> {
    let text = String::from_utf8_lossy(&record.block);
    let field = |name: &str| {
        text.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(n, _)| n.trim() == name)
            .map(|(_, v)| v.trim().to_string())
    };
    let name = field(FAILURE_FIELD)?;
    let status = LinkStatus::ALL
        .into_iter()
        .find(|s| s.as_str() == name)
        .unwrap_or(LinkStatus::NetworkError);
    let cause = field(CAUSE_FIELD)
        .and_then(|json| serde_json::from_str::<FailureCause>(&json).ok())
        .unwrap_or_else(|| FailureCause::Recorded {
            message: field(MESSAGE_FIELD).unwrap_or_default(),
        });
    Some(Recorded::Failure { status, cause })
}

impl WarcReplay {
    /// Reads and indexes a capture.
    pub fn open(path: &Path) -> Result<WarcReplay, WarcError> {
        Ok(WarcReplay::from_records(&read_records(path)?))
    }

    /// Indexes records already read.
    pub fn from_records(records: &[WarcRecord]) -> WarcReplay {
        // Request records: their method, by their own id and by the ids they point to.
        let mut method_by_id: HashMap<&str, String> = HashMap::new();
        for record in records.iter().filter(|r| r.kind() == "request") {
            let Some(method) = http_message(&record.block)
                .and_then(|m| m.start.first().cloned())
                .filter(|m| !m.is_empty())
            else {
                continue;
            };
            for id in record.id().into_iter().chain(concurrent(record)) {
                method_by_id.insert(id, method.clone());
            }
        }
        let mut answers: HashMap<Key, Vec<Recorded>> = HashMap::new();
        for record in records {
            let answer = match record.kind().as_str() {
                "response" => response_of(record),
                "metadata" => failure_of(record),
                _ => None,
            };
            let (Some(answer), Some(url)) = (answer, record.target_uri()) else {
                continue;
            };
            let method = record
                .id()
                .into_iter()
                .chain(concurrent(record))
                .find_map(|id| method_by_id.get(id))
                .map_or("GET", String::as_str);
            answers.entry(key(method, url)).or_default().push(answer);
        }
        WarcReplay {
            answers,
            asked: Mutex::new(HashMap::new()),
        }
    }

    /// Number of distinct requests (method and URL) the capture can answer.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// True when the capture answers nothing.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }
}

/// The record ids a record's `WARC-Concurrent-To` fields name.
fn concurrent(record: &WarcRecord) -> impl Iterator<Item = &str> {
    record
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("WARC-Concurrent-To"))
        .map(|(_, v)| v.trim())
}

impl ReplaySource for WarcReplay {
    fn replay(&self, request: &RecordedRequest) -> Option<Recorded> {
        let key = key(&request.method, &request.url);
        let recorded = self.answers.get(&key)?;
        let mut asked = self.asked.lock().ok()?;
        let count = asked.entry(key).or_insert(0);
        let answer = recorded.get(*count).or(recorded.last()).cloned();
        *count += 1;
        answer
    }
}

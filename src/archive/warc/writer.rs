//! The WARC/1.1 writer behind `--record DIR`.
//!
//! One file per run, `citecheck-<UTC timestamp>.warc.gz`, opened with a `warcinfo` record.
//! Each record is its own gzip member and is flushed as soon as it is written, so a run
//! that is killed leaves a readable capture of everything before the kill. The crawler
//! calls [`WarcWriter::record`](crate::fetch::exchange::ExchangeSink::record) from many
//! tasks at once; a mutex around the file keeps each exchange's records together. A write
//! failure is logged once and recording stops — a full disk must not cost the run its
//! verdicts.
//!
//! HTTP/2 and HTTP/3 exchanges are written with HTTP/1.1 status lines (what WARC readers
//! parse) and a `WARC-Protocol` field naming the real protocol, as other recorders do.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, SecondsFormat, Utc};
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::fetch::exchange::{Exchange, ExchangeSink, Recorded, RecordedRequest};

use super::{
    digest, WarcError, CAUSE_FIELD, FAILURE_FIELD, MESSAGE_FIELD, TRANSFER_ENCODING_HEADER,
};

/// Records every exchange of a run into one WARC file.
#[derive(Debug)]
pub struct WarcWriter {
    path: PathBuf,
    warcinfo_id: String,
    file: Mutex<Option<File>>,
}

/// A fresh `<urn:uuid:…>` record id.
fn record_id() -> String {
    format!("<{}>", uuid::Uuid::new_v4().urn())
}

fn warc_date(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A header value made safe for a header line (no CR, LF or other controls).
fn clean(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// One WARC record, serialized: version line, fields, block, and the two CRLFs.
fn record_bytes(fields: &[(&str, String)], block: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(block.len() + 512);
    out.extend_from_slice(b"WARC/1.1\r\n");
    for (name, value) in fields {
        out.extend_from_slice(format!("{name}: {}\r\n", clean(value)).as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// The HTTP request message as a WARC `request` block.
fn request_block(request: &RecordedRequest, version: &str) -> Vec<u8> {
    let (target, host) = match url::Url::parse(&request.url) {
        Ok(u) => {
            let mut target = u.path().to_string();
            if let Some(q) = u.query() {
                target.push('?');
                target.push_str(q);
            }
            let host = u.host_str().map(|h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_string(),
            });
            (target, host)
        }
        Err(_) => (request.url.clone(), None),
    };
    let mut block = format!(
        "{} {} {version}\r\n",
        clean(&request.method),
        clean(&target)
    );
    let has_host = request
        .headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("host"));
    if let (false, Some(host)) = (has_host, host) {
        block.push_str(&format!("Host: {host}\r\n"));
    }
    for (name, value) in &request.headers {
        block.push_str(&format!("{}: {}\r\n", clean(name), clean(value)));
    }
    block.push_str("\r\n");
    block.into_bytes()
}

/// The status-line version and the `WARC-Protocol` value for a recorded HTTP version.
fn versions(http_version: &str) -> (&'static str, Option<&'static str>) {
    match http_version.to_ascii_uppercase().as_str() {
        "HTTP/1.0" => ("HTTP/1.0", None),
        "HTTP/2" | "HTTP/2.0" => ("HTTP/1.1", Some("h2")),
        "HTTP/3" | "HTTP/3.0" => ("HTTP/1.1", Some("h3")),
        _ => ("HTTP/1.1", None),
    }
}

/// The peer's IP address from a recorded "addr:port" (or a bare address).
fn ip_of(remote: &str) -> Option<String> {
    remote
        .parse::<SocketAddr>()
        .map(|s| s.ip())
        .or_else(|_| remote.parse::<IpAddr>())
        .ok()
        .map(|ip| ip.to_string())
}

impl WarcWriter {
    /// Creates `dir` if needed and a new `citecheck-<timestamp>.warc.gz` in it, and writes
    /// the `warcinfo` record.
    pub fn create(dir: &Path) -> Result<WarcWriter, WarcError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| WarcError::Io { path, source }
        };
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let stamp = Utc::now().format("%Y%m%dT%H%M%S%3fZ");
        let mut attempt = 0;
        let (path, file) = loop {
            let name = match attempt {
                0 => format!("citecheck-{stamp}.warc.gz"),
                n => format!("citecheck-{stamp}-{n}.warc.gz"),
            };
            let path = dir.join(name);
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => break (path, file),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1;
                }
                Err(e) => return Err(io(&path)(e)),
            }
        };
        let writer = WarcWriter {
            warcinfo_id: record_id(),
            path,
            file: Mutex::new(Some(file)),
        };
        let info = format!(
            "software: citecheck/{}\r\nformat: WARC File Format 1.1\r\n\
             conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n\
             description: every request and response of a citecheck run\r\n",
            env!("CARGO_PKG_VERSION")
        );
        let filename = writer
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let record = record_bytes(
            &[
                ("WARC-Type", "warcinfo".into()),
                ("WARC-Record-ID", writer.warcinfo_id.clone()),
                ("WARC-Date", warc_date(Utc::now())),
                ("WARC-Filename", filename),
                ("WARC-Block-Digest", digest(info.as_bytes())),
                ("Content-Type", "application/warc-fields".into()),
            ],
            info.as_bytes(),
        );
        writer.append(&[record]).map_err(io(&writer.path))?;
        Ok(writer)
    }

    /// The file being written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends records, each as its own gzip member, and flushes.
    fn append(&self, records: &[Vec<u8>]) -> std::io::Result<()> {
        let mut members = Vec::new();
        for record in records {
            let mut gz = GzEncoder::new(Vec::new(), Compression::default());
            gz.write_all(record)?;
            members.extend(gz.finish()?);
        }
        let mut guard = self
            .file
            .lock()
            .map_err(|_| std::io::Error::other("a writer thread panicked"))?;
        let Some(file) = guard.as_mut() else {
            return Ok(()); // recording stopped after an earlier failure
        };
        let written = file.write_all(&members).and_then(|()| file.flush());
        if written.is_err() {
            *guard = None;
        }
        written
    }

    /// The records of one exchange: request, then response or failure metadata.
    fn exchange_records(&self, exchange: &Exchange) -> Vec<Vec<u8>> {
        let date = warc_date(exchange.started);
        let uri = exchange.request.url.clone();
        let request_id = record_id();
        let answer_id = record_id();
        let (status_version, protocol) = match &exchange.outcome {
            Recorded::Response(r) => versions(&r.http_version),
            Recorded::Failure { .. } => ("HTTP/1.1", None),
        };
        let ip = exchange.remote_addr.as_deref().and_then(ip_of);
        let common = |kind: &str, id: &str, concurrent: &str| {
            let mut fields = vec![
                ("WARC-Type", kind.to_string()),
                ("WARC-Record-ID", id.to_string()),
                ("WARC-Date", date.clone()),
                ("WARC-Target-URI", uri.clone()),
                ("WARC-Warcinfo-ID", self.warcinfo_id.clone()),
                ("WARC-Concurrent-To", concurrent.to_string()),
            ];
            if let Some(ip) = &ip {
                fields.push(("WARC-IP-Address", ip.clone()));
            }
            if let Some(p) = protocol {
                fields.push(("WARC-Protocol", p.to_string()));
            }
            fields
        };

        let request = request_block(&exchange.request, status_version);
        let mut fields = common("request", &request_id, &answer_id);
        fields.push(("WARC-Block-Digest", digest(&request)));
        fields.push(("WARC-Payload-Digest", digest(b"")));
        fields.push(("Content-Type", "application/http;msgtype=request".into()));
        let mut records = vec![record_bytes(&fields, &request)];

        match &exchange.outcome {
            Recorded::Response(response) => {
                let reason = reqwest::StatusCode::from_u16(response.status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("");
                let mut block =
                    format!("{status_version} {} {reason}\r\n", response.status).into_bytes();
                for (name, value) in &response.headers {
                    let name = if name.eq_ignore_ascii_case("transfer-encoding") {
                        TRANSFER_ENCODING_HEADER
                    } else {
                        name.as_str()
                    };
                    block.extend_from_slice(
                        format!("{}: {}\r\n", clean(name), clean(value)).as_bytes(),
                    );
                }
                block.extend_from_slice(b"\r\n");
                block.extend_from_slice(&response.body);
                let mut fields = common("response", &answer_id, &request_id);
                fields.push(("WARC-Block-Digest", digest(&block)));
                fields.push(("WARC-Payload-Digest", digest(&response.body)));
                if let Some(why) = &response.truncated {
                    fields.push(("WARC-Truncated", why.clone()));
                }
                fields.push(("Content-Type", "application/http;msgtype=response".into()));
                records.push(record_bytes(&fields, &block));
            }
            Recorded::Failure { status, cause } => {
                let mut block = format!(
                    "{FAILURE_FIELD}: {}\r\n{MESSAGE_FIELD}: {}\r\n",
                    status.as_str(),
                    clean(&cause.to_string())
                );
                // JSON escapes every control character: the field stays on its line.
                if let Ok(json) = serde_json::to_string(cause) {
                    block.push_str(&format!("{CAUSE_FIELD}: {}\r\n", clean(&json)));
                }
                let block = block.into_bytes();
                let mut fields = common("metadata", &answer_id, &request_id);
                fields.push(("WARC-Block-Digest", digest(&block)));
                fields.push(("Content-Type", "application/warc-fields".into()));
                records.push(record_bytes(&fields, &block));
            }
        }
        records
    }
}

impl ExchangeSink for WarcWriter {
    fn record(&self, exchange: &Exchange) {
        let records = self.exchange_records(exchange);
        if let Err(e) = self.append(&records) {
            tracing::error!(
                "cannot write the capture {}: {e}; recording stopped",
                self.path.display()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_blocks_carry_host_and_target() {
        let request = RecordedRequest {
            method: "GET".into(),
            url: "http://ikon.mn:8080/n/2abc?x=1".into(),
            headers: vec![("user-agent".into(), "citecheck\r\nX: y".into())],
        };
        let block = String::from_utf8(request_block(&request, "HTTP/1.1")).unwrap();
        assert_eq!(
            block,
            "GET /n/2abc?x=1 HTTP/1.1\r\nHost: ikon.mn:8080\r\nuser-agent: citecheck  X: y\r\n\r\n"
        );
    }

    #[test]
    fn addresses_and_versions_are_normalized() {
        assert_eq!(ip_of("127.0.0.1:8080").as_deref(), Some("127.0.0.1"));
        assert_eq!(ip_of("[::1]:443").as_deref(), Some("::1"));
        assert_eq!(ip_of("::1").as_deref(), Some("::1"));
        assert_eq!(ip_of("somewhere"), None);
        assert_eq!(versions("HTTP/2.0"), ("HTTP/1.1", Some("h2")));
        assert_eq!(versions("HTTP/1.0"), ("HTTP/1.0", None));
    }
}

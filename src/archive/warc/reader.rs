//! Reading WARC files: citecheck's own and other tools'.
//!
//! A capture may be one gzip member per record (citecheck, wget, warcio), a whole file
//! gzipped in one go, or plain text; all three are read the same way once decompressed
//! (flate2's multi-member decoder). Records are taken as WARC/1.0 or WARC/1.1, header
//! lines ending in CRLF or a bare LF, and located by their `Content-Length` alone, so any
//! block content — binary, truncated, odd — is carried through untouched.

use std::io::Read;
use std::path::Path;

use flate2::read::MultiGzDecoder;

use super::WarcError;

/// One WARC record: its named fields and its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    /// The version line ("WARC/1.1").
    pub version: String,
    /// Named fields in file order, as written.
    pub headers: Vec<(String, String)>,
    /// The block, exactly `Content-Length` bytes.
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// A field's value (names compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `WARC-Type`, lower-cased.
    pub fn kind(&self) -> String {
        self.header("WARC-Type").unwrap_or("").to_ascii_lowercase()
    }

    /// `WARC-Target-URI`, without the angle brackets some writers put around it.
    pub fn target_uri(&self) -> Option<&str> {
        self.header("WARC-Target-URI")
            .map(|u| u.trim().trim_start_matches('<').trim_end_matches('>'))
    }

    /// `WARC-Record-ID`.
    pub fn id(&self) -> Option<&str> {
        self.header("WARC-Record-ID").map(str::trim)
    }
}

/// Reads every record of a WARC file (gzipped or not).
pub fn read_records(path: &Path) -> Result<Vec<WarcRecord>, WarcError> {
    let bytes = std::fs::read(path).map_err(|source| WarcError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    read_bytes(&bytes).map_err(|(record, message)| WarcError::Format {
        path: path.to_path_buf(),
        record,
        message,
    })
}

/// Reads every record of a WARC file's bytes. The error names the 1-based record that
/// could not be read and why.
pub fn read_bytes(bytes: &[u8]) -> Result<Vec<WarcRecord>, (usize, String)> {
    let decompressed;
    let data: &[u8] = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        MultiGzDecoder::new(bytes)
            .read_to_end(&mut out)
            .map_err(|e| (1, format!("not a gzip file: {e}")))?;
        decompressed = out;
        &decompressed
    } else {
        bytes
    };
    let mut records = Vec::new();
    let mut at = 0;
    loop {
        // Records are separated by CRLF CRLF; tolerate any run of blank lines.
        while at < data.len() && matches!(data[at], b'\r' | b'\n') {
            at += 1;
        }
        if at >= data.len() {
            break;
        }
        let index = records.len() + 1;
        let (record, next) = read_record(data, at).map_err(|m| (index, m))?;
        records.push(record);
        at = next;
    }
    Ok(records)
}

/// The line starting at `at` (without its CRLF or LF) and where the next one starts.
fn line(data: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let end = memchr::memchr(b'\n', &data[at..])? + at;
    let content = &data[at..end];
    let content = content.strip_suffix(b"\r").unwrap_or(content);
    Some((content, end + 1))
}

fn read_record(data: &[u8], start: usize) -> Result<(WarcRecord, usize), String> {
    let (first, mut at) = line(data, start).ok_or("unexpected end of file")?;
    let version = String::from_utf8_lossy(first).trim().to_string();
    if !version.starts_with("WARC/") {
        let shown: String = version.chars().take(40).collect();
        return Err(format!("expected a WARC version line, found {shown:?}"));
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let (content, next) = line(data, at).ok_or("unexpected end of file in the header")?;
        at = next;
        if content.is_empty() {
            break;
        }
        let text = String::from_utf8_lossy(content);
        if content[0] == b' ' || content[0] == b'\t' {
            // A folded continuation line.
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(text.trim());
            }
            continue;
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(format!("malformed field line {:?}", text.trim()));
        };
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
        .ok_or("no Content-Length")?
        .1
        .parse()
        .map_err(|_| "Content-Length is not a number".to_string())?;
    let end = at
        .checked_add(length)
        .filter(|&end| end <= data.len())
        .ok_or_else(|| format!("the block is cut short ({length} bytes announced)"))?;
    Ok((
        WarcRecord {
            version,
            headers,
            block: data[at..end].to_vec(),
        },
        end,
    ))
}

/// An HTTP message of a `request` or `response` block, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HttpMessage {
    /// The start line's words: method, target, version — or version, status, reason.
    pub(crate) start: Vec<String>,
    /// Header fields in order.
    pub(crate) headers: Vec<(String, String)>,
    /// Everything after the blank line.
    pub(crate) body: Vec<u8>,
}

/// Splits an HTTP message (CRLF or bare LF line ends).
pub(crate) fn http_message(block: &[u8]) -> Option<HttpMessage> {
    let (first, mut at) = line(block, 0)?;
    let start: Vec<String> = String::from_utf8_lossy(first)
        .splitn(3, ' ')
        .map(str::to_string)
        .collect();
    let mut headers = Vec::new();
    loop {
        let Some((content, next)) = line(block, at) else {
            // Headers without the final blank line: no body.
            at = block.len();
            break;
        };
        at = next;
        if content.is_empty() {
            break;
        }
        let text = String::from_utf8_lossy(content);
        if let Some((name, value)) = text.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    Some(HttpMessage {
        start,
        headers,
        body: block[at..].to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &[u8] = b"WARC/1.0\nWARC-Type: response\nWARC-Target-URI: <http://x.org/>\n\
Content-Length: 45\n\nHTTP/1.0 200 OK\nContent-Type: text/plain\n\nhi\n\n\n\
WARC/1.0\r\nWARC-Type: metadata\r\nContent-Length: 0\r\n\r\n\r\n\r\n";

    #[test]
    fn plain_files_with_bare_newlines_are_read() {
        let records = read_bytes(PLAIN).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].target_uri(), Some("http://x.org/"));
        let message = http_message(&records[0].block).unwrap();
        assert_eq!(message.start, ["HTTP/1.0", "200", "OK"]);
        assert_eq!(message.body, b"hi\n");
        assert_eq!(records[1].kind(), "metadata");
    }

    #[test]
    fn whole_file_gzip_is_read_like_per_record_gzip() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(PLAIN).unwrap();
        let records = read_bytes(&gz.finish().unwrap()).unwrap();
        assert_eq!(records.len(), 2);
    }

    #[test]
    fn damaged_files_name_the_record() {
        let cut = &PLAIN[..60];
        assert_eq!(read_bytes(cut).unwrap_err().0, 1);
        let mut junk = PLAIN.to_vec();
        junk.extend_from_slice(b"GET / HTTP/1.1\r\n");
        let (record, message) = read_bytes(&junk).unwrap_err();
        assert_eq!(record, 3);
        assert!(message.contains("WARC version"), "{message}");
    }
}

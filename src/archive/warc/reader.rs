//! Reading WARC files: citecheck's own and other tools'.
//!
//! A capture may be one gzip member per record (citecheck, wget, warcio), a whole file
//! gzipped in one go, or plain text; all three are read the same way, streamed through
//! flate2's multi-member decoder. Records are taken as WARC/1.0 or WARC/1.1, header lines
//! ending in CRLF or a bare LF, and located by their `Content-Length` alone, so any block
//! content — binary, truncated, odd — is carried through untouched.
//!
//! Nothing is read whole into memory: records come one at a time, and a block longer than
//! the reader's cap is kept up to the cap, the rest skipped, and marked the way WARC marks
//! a cut record (`WARC-Truncated: length`) — a small file claiming a multi-gigabyte record
//! costs the cap, never gigabytes. A file cut short (a killed recorder, a partial copy)
//! yields its intact records and says where the cut is ([`Capture::cut`]).

use std::io::{BufRead, BufReader, Read};
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
    /// The block, exactly `Content-Length` bytes (or the reader's cap of them, when the
    /// record is marked `WARC-Truncated: length` by the reader).
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

/// Where and why a capture stops being readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// The 1-based record that could not be read.
    pub record: usize,
    /// The byte offset where that record starts, in the WARC data (after decompression
    /// when the file is gzipped).
    pub offset: u64,
    /// What was wrong.
    pub message: String,
}

/// The records of a capture, and where it was cut if it was.
#[derive(Debug, Clone, Default)]
pub struct Capture {
    /// Every intact record, in file order.
    pub records: Vec<WarcRecord>,
    /// The first record that could not be read; nothing after it is read.
    pub cut: Option<Cut>,
}

/// The longest header line and the most header lines a record may have.
const MAX_LINE: u64 = 64 * 1024;
const MAX_FIELDS: usize = 1024;

/// Reads a capture file, keeping at most `block_cap` bytes of each block; the records
/// before a cut are returned with the cut.
pub fn read_capture(path: &Path, block_cap: u64) -> Result<Capture, WarcError> {
    let file = std::fs::File::open(path).map_err(|source| WarcError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(read_stream(BufReader::new(file), block_cap))
}

/// Reads every record of a WARC file (gzipped or not); a file cut short is an error naming
/// the record.
pub fn read_records(path: &Path) -> Result<Vec<WarcRecord>, WarcError> {
    let capture = read_capture(path, u64::MAX)?;
    match capture.cut {
        Some(cut) => Err(WarcError::Format {
            path: path.to_path_buf(),
            record: cut.record,
            message: cut.message,
        }),
        None => Ok(capture.records),
    }
}

/// Reads every record of a WARC file's bytes. The error names the 1-based record that
/// could not be read and why.
pub fn read_bytes(bytes: &[u8]) -> Result<Vec<WarcRecord>, (usize, String)> {
    let capture = read_stream(bytes, u64::MAX);
    match capture.cut {
        Some(cut) => Err((cut.record, cut.message)),
        None => Ok(capture.records),
    }
}

/// Reads records from a stream (gzipped or not) until its end or the first damage.
pub fn read_stream(mut input: impl BufRead, block_cap: u64) -> Capture {
    let gzipped = input.fill_buf().is_ok_and(|b| b.starts_with(&[0x1f, 0x8b]));
    if gzipped {
        read_plain(BufReader::new(MultiGzDecoder::new(input)), block_cap)
    } else {
        read_plain(input, block_cap)
    }
}

/// Counts the bytes taken from a stream, for offsets.
struct Counted<R> {
    inner: R,
    at: u64,
}

impl<R: BufRead> Counted<R> {
    /// The next line, without its CRLF or LF; `None` at the end of the data. A line longer
    /// than [`MAX_LINE`] is an error.
    fn line(&mut self) -> Result<Option<Vec<u8>>, String> {
        let mut line = Vec::new();
        let read = (&mut self.inner)
            .take(MAX_LINE)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("unreadable: {e}"))?;
        self.at += read as u64;
        if read == 0 {
            return Ok(None);
        }
        if line.last() != Some(&b'\n') {
            return Err(match read as u64 >= MAX_LINE {
                true => "a header line longer than 64 KiB".into(),
                false => "unexpected end of file in the header".into(),
            });
        }
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok(Some(line))
    }

    /// The next `length` bytes, of which at most `cap` are kept; the rest are skipped.
    fn block(&mut self, length: u64, cap: u64) -> Result<Vec<u8>, String> {
        let keep = length.min(cap);
        let mut block = Vec::with_capacity(usize::try_from(keep.min(1 << 20)).unwrap_or(0));
        let kept = (&mut self.inner)
            .take(keep)
            .read_to_end(&mut block)
            .map_err(|e| format!("the block is unreadable: {e}"))? as u64;
        let skipped = std::io::copy(
            &mut (&mut self.inner).take(length - kept),
            &mut std::io::sink(),
        )
        .map_err(|e| format!("the block is unreadable: {e}"))?;
        self.at += kept + skipped;
        if kept + skipped < length {
            return Err(format!("the block is cut short ({length} bytes announced)"));
        }
        Ok(block)
    }
}

fn read_plain(input: impl BufRead, block_cap: u64) -> Capture {
    let mut stream = Counted {
        inner: input,
        at: 0,
    };
    let mut capture = Capture::default();
    loop {
        let mut start = stream.at;
        let record = capture.records.len() + 1;
        match read_record(&mut stream, block_cap, &mut start) {
            Ok(Some(found)) => capture.records.push(found),
            Ok(None) => break,
            Err(message) => {
                capture.cut = Some(Cut {
                    record,
                    offset: start,
                    message,
                });
                break;
            }
        }
    }
    capture
}

/// One record, or `None` at the end of the data. Blank lines before it are skipped (records
/// end with CRLF CRLF; other writers put more or fewer); `start` is left at its first line.
fn read_record(
    stream: &mut Counted<impl BufRead>,
    block_cap: u64,
    start: &mut u64,
) -> Result<Option<WarcRecord>, String> {
    let first = loop {
        *start = stream.at;
        match stream.line()? {
            None => return Ok(None),
            Some(line) if line.is_empty() => continue,
            Some(line) => break line,
        }
    };
    let version = String::from_utf8_lossy(&first).trim().to_string();
    if !version.starts_with("WARC/") {
        let shown: String = version.chars().take(40).collect();
        return Err(format!("expected a WARC version line, found {shown:?}"));
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let content = stream
            .line()?
            .ok_or("unexpected end of file in the header")?;
        if content.is_empty() {
            break;
        }
        if headers.len() >= MAX_FIELDS {
            return Err(format!("more than {MAX_FIELDS} header fields"));
        }
        let text = String::from_utf8_lossy(&content);
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
    let length: u64 = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
        .ok_or("no Content-Length")?
        .1
        .parse()
        .map_err(|_| "Content-Length is not a number".to_string())?;
    let block = stream.block(length, block_cap)?;
    if length > block_cap {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case("WARC-Truncated"));
        headers.push(("WARC-Truncated".into(), "length".into()));
    }
    Ok(Some(WarcRecord {
        version,
        headers,
        block,
    }))
}

/// The line starting at `at` (without its CRLF or LF) and where the next one starts.
fn line(data: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let end = memchr::memchr(b'\n', &data[at..])? + at;
    let content = &data[at..end];
    let content = content.strip_suffix(b"\r").unwrap_or(content);
    Some((content, end + 1))
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
    fn a_record_claiming_gigabytes_costs_the_cap_not_gigabytes() {
        let mut data =
            b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5000000000\r\n\r\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', 4096));
        let capture = read_stream(&data[..], 1000);
        assert_eq!(capture.records.len(), 0);
        let cut = capture.cut.unwrap();
        assert_eq!((cut.record, cut.offset), (1, 0));
        assert!(cut.message.contains("cut short"), "{}", cut.message);
        // Whole but over the cap: kept up to the cap and marked.
        let mut data = b"WARC/1.1\r\nContent-Length: 5000\r\n\r\n".to_vec();
        data.extend(std::iter::repeat_n(b'y', 5000));
        let capture = read_stream(&data[..], 1000);
        assert!(capture.cut.is_none());
        assert_eq!(capture.records[0].block.len(), 1000);
        assert_eq!(capture.records[0].header("WARC-Truncated"), Some("length"));
    }

    #[test]
    fn a_truncated_capture_keeps_its_intact_records_and_names_the_cut() {
        let cut_at = PLAIN.len() - 10;
        let capture = read_stream(&PLAIN[..cut_at], u64::MAX);
        assert_eq!(capture.records.len(), 1);
        let cut = capture.cut.unwrap();
        assert_eq!(cut.record, 2);
        let second = PLAIN
            .windows(19)
            .position(|w| w == b"WARC/1.0\r\nWARC-Type");
        assert_eq!(Some(cut.offset as usize), second);
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

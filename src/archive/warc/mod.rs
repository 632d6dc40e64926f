//! WARC capture and replay of a run: the evidence of what each source said when it was
//! verified, and a way to run the pipeline again from it without the network.
//!
//! [`WarcWriter`] is the crawler's [`ExchangeSink`](crate::fetch::exchange::ExchangeSink)
//! for `--record DIR`: every exchange of a run (robots.txt, probes, feeds, archives, retries)
//! becomes a `request` record and a `response` record tied by `WARC-Concurrent-To`, in a
//! WARC/1.1 file of one gzip member per record, bodies exactly as received. A request that
//! got no answer (DNS, refused, timeout) becomes a `metadata` record with citecheck's own
//! fields, so a replay reproduces the failure too.
//!
//! [`WarcReplay`] is the [`ReplaySource`](crate::fetch::exchange::ReplaySource) for
//! `--replay FILE`: it reads a capture ([`read_records`], tolerant of other tools' files:
//! uncompressed, whole-file or per-record gzip) and answers each request with what was
//! recorded for its method and URL, in order.

mod reader;
mod replay;
mod writer;

use std::path::PathBuf;

use sha1::{Digest, Sha1};
use thiserror::Error;

pub use reader::{read_bytes, read_records, WarcRecord};
pub use replay::WarcReplay;
pub use writer::WarcWriter;

/// The `metadata` record field naming the link status of a failed request.
pub const FAILURE_FIELD: &str = "citecheck-failure";
/// The `metadata` record field carrying the failure's message.
pub const MESSAGE_FIELD: &str = "citecheck-message";
/// The `metadata` record field carrying the failure's cause as JSON, so a replay words it
/// as the live run did (captures without it replay the message as the cause's words).
pub const CAUSE_FIELD: &str = "citecheck-cause";
/// The response header under which a `Transfer-Encoding` is kept: the body is stored
/// de-chunked, so the original header would make readers try to de-chunk it again.
pub const TRANSFER_ENCODING_HEADER: &str = "X-Citecheck-Transfer-Encoding";

/// Why a capture could not be written or read.
#[derive(Debug, Error)]
pub enum WarcError {
    /// A file or directory could not be created, written or read.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a WARC file citecheck can read.
    #[error("{path}: record {record}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based index of the record that failed.
        record: usize,
        /// What was wrong.
        message: String,
    },
}

/// A WARC digest: `sha1:` and the SHA-1 in base32, as WARC tools write it.
pub fn digest(bytes: &[u8]) -> String {
    let sha = Sha1::digest(bytes);
    format!("sha1:{}", data_encoding::BASE32.encode(&sha))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_is_base32_sha1() {
        // The well-known digest of an empty payload.
        assert_eq!(digest(b""), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
    }
}

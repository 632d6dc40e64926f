//! Response bodies: content-decoding while streaming, under a cap on the decoded size.
//!
//! The crawler asks for `gzip, deflate` itself instead of letting reqwest decompress, for two
//! reasons: a capture must keep the bytes exactly as they came over the wire, and the cap
//! must apply to the *decoded* size, chunk by chunk, so that a gzip bomb (a few kilobytes
//! that inflate to gigabytes) is stopped as soon as it passes the cap and memory stays flat.
//! Each network chunk is pushed through a streaming `flate2` decoder whose output goes into
//! a capped buffer; the decoder writes in small pieces, so the buffer never holds much more
//! than the cap.

use std::io::Write;

use flate2::write::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};
use thiserror::Error;

/// Why a body could not be read in full.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum BodyError {
    /// The decoded (or raw) body passed the cap.
    #[error("body larger than {cap} bytes")]
    TooLarge {
        /// The cap, in bytes.
        cap: u64,
    },
    /// The content-coding is corrupt or not one citecheck asked for.
    #[error("cannot decode the body: {0}")]
    Corrupt(String),
}

/// A `Write` that keeps at most `cap` bytes and fails past that.
struct Capped {
    buf: Vec<u8>,
    cap: u64,
    over: bool,
}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() as u64 + data.len() as u64 > self.cap {
            self.over = true;
            return Err(std::io::Error::other("decoded body over the cap"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The decoder for one content-coding.
enum Decoder {
    Identity(Capped),
    Gzip(MultiGzDecoder<Capped>),
    Zlib(ZlibDecoder<Capped>),
    Deflate(DeflateDecoder<Capped>),
    /// `deflate` is zlib-wrapped by the standard and raw by many servers: the first two
    /// bytes decide, so they are held until they arrive.
    DeflateUndecided(Capped, Vec<u8>),
}

/// A body being read: push network chunks in, get the decoded bytes out.
pub struct BodyReader {
    decoder: Decoder,
    raw: Option<Vec<u8>>,
    raw_len: u64,
    cap: u64,
}

impl BodyReader {
    /// A reader for a `Content-Encoding` value (None = identity), with a cap on the decoded
    /// size; `keep_raw` keeps the bytes as received (for a capture).
    pub fn new(
        content_encoding: Option<&str>,
        cap: u64,
        keep_raw: bool,
    ) -> Result<Self, BodyError> {
        let out = Capped {
            buf: Vec::new(),
            cap,
            over: false,
        };
        let coding = content_encoding
            .map(|c| c.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let decoder = match coding.as_str() {
            "" | "identity" => Decoder::Identity(out),
            "gzip" | "x-gzip" => Decoder::Gzip(MultiGzDecoder::new(out)),
            "deflate" => Decoder::DeflateUndecided(out, Vec::new()),
            other => {
                return Err(BodyError::Corrupt(format!(
                    "content-encoding {other:?} was not asked for"
                )))
            }
        };
        Ok(BodyReader {
            decoder,
            raw: keep_raw.then(Vec::new),
            raw_len: 0,
            cap,
        })
    }

    /// The bytes received so far, as received (empty unless `keep_raw`).
    pub fn raw(&self) -> &[u8] {
        self.raw.as_deref().unwrap_or(&[])
    }

    /// Takes the raw bytes out (for a capture of a truncated body).
    pub fn take_raw(&mut self) -> Vec<u8> {
        self.raw.take().unwrap_or_default()
    }

    /// Feeds one chunk as received from the network.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), BodyError> {
        self.raw_len += chunk.len() as u64;
        if self.raw_len > self.cap {
            return Err(BodyError::TooLarge { cap: self.cap });
        }
        if let Some(raw) = &mut self.raw {
            raw.extend_from_slice(chunk);
        }
        let cap = self.cap;
        let result = match &mut self.decoder {
            Decoder::Identity(out) => out.write_all(chunk),
            Decoder::Gzip(d) => d.write_all(chunk),
            Decoder::Zlib(d) => d.write_all(chunk),
            Decoder::Deflate(d) => d.write_all(chunk),
            Decoder::DeflateUndecided(_, held) => {
                held.extend_from_slice(chunk);
                if held.len() < 2 {
                    return Ok(());
                }
                let Decoder::DeflateUndecided(out, held) = std::mem::replace(
                    &mut self.decoder,
                    Decoder::Identity(Capped {
                        buf: Vec::new(),
                        cap,
                        over: false,
                    }),
                ) else {
                    unreachable!("matched above");
                };
                let zlib_header =
                    (u16::from(held[0]) << 8 | u16::from(held[1])) % 31 == 0 && held[0] & 0x0f == 8;
                self.decoder = if zlib_header {
                    Decoder::Zlib(ZlibDecoder::new(out))
                } else {
                    Decoder::Deflate(DeflateDecoder::new(out))
                };
                return self.push_decoded(&held);
            }
        };
        self.check(result)
    }

    /// Feeds bytes to a decided decoder (used once the deflate flavour is known).
    fn push_decoded(&mut self, data: &[u8]) -> Result<(), BodyError> {
        let result = match &mut self.decoder {
            Decoder::Identity(out) => out.write_all(data),
            Decoder::Gzip(d) => d.write_all(data),
            Decoder::Zlib(d) => d.write_all(data),
            Decoder::Deflate(d) => d.write_all(data),
            Decoder::DeflateUndecided(..) => Ok(()),
        };
        self.check(result)
    }

    fn output(&self) -> &Capped {
        match &self.decoder {
            Decoder::Identity(out) | Decoder::DeflateUndecided(out, _) => out,
            Decoder::Gzip(d) => d.get_ref(),
            Decoder::Zlib(d) => d.get_ref(),
            Decoder::Deflate(d) => d.get_ref(),
        }
    }

    fn check(&self, result: std::io::Result<()>) -> Result<(), BodyError> {
        match result {
            Ok(()) => Ok(()),
            Err(_) if self.output().over => Err(BodyError::TooLarge { cap: self.cap }),
            Err(e) => Err(BodyError::Corrupt(e.to_string())),
        }
    }

    /// Ends the body: flushes the decoder and returns the decoded bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, BodyError> {
        if let Decoder::DeflateUndecided(_, held) = &mut self.decoder {
            let held = std::mem::take(held);
            if !held.is_empty() {
                // One byte of deflate data is never a complete stream.
                return Err(BodyError::Corrupt("truncated deflate stream".into()));
            }
        }
        let cap = self.cap;
        let result = match self.decoder {
            Decoder::Identity(out) | Decoder::DeflateUndecided(out, _) => Ok(out),
            Decoder::Gzip(d) => d.finish(),
            Decoder::Zlib(d) => d.finish(),
            Decoder::Deflate(d) => d.finish(),
        };
        match result {
            Ok(out) => Ok(out.buf),
            Err(e) if e.to_string().contains("over the cap") => Err(BodyError::TooLarge { cap }),
            Err(e) => Err(BodyError::Corrupt(e.to_string())),
        }
    }
}

/// Decodes a whole body at once (for replayed answers).
pub fn decode_all(
    content_encoding: Option<&str>,
    body: &[u8],
    cap: u64,
) -> Result<Vec<u8>, BodyError> {
    let mut reader = BodyReader::new(content_encoding, cap, false)?;
    for chunk in body.chunks(16 * 1024) {
        reader.push(chunk)?;
    }
    reader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::{GzEncoder, ZlibEncoder};
    use flate2::Compression;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gzip_and_both_deflate_flavours_decode() {
        let text = b"<p>hello</p>".repeat(100);
        assert_eq!(
            decode_all(Some("gzip"), &gzip(&text), 1 << 20).unwrap(),
            text
        );
        let mut z = ZlibEncoder::new(Vec::new(), Compression::fast());
        z.write_all(&text).unwrap();
        let zlib = z.finish().unwrap();
        assert_eq!(decode_all(Some("deflate"), &zlib, 1 << 20).unwrap(), text);
        let mut d = flate2::write::DeflateEncoder::new(Vec::new(), Compression::fast());
        d.write_all(&text).unwrap();
        let raw = d.finish().unwrap();
        assert_eq!(decode_all(Some("deflate"), &raw, 1 << 20).unwrap(), text);
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_cap() {
        let bomb = gzip(&vec![0u8; 50_000_000]);
        assert!(bomb.len() < 100_000);
        let mut reader = BodyReader::new(Some("gzip"), 1_000_000, true).unwrap();
        let mut result = Ok(());
        for chunk in bomb.chunks(8192) {
            result = reader.push(chunk);
            if result.is_err() {
                break;
            }
        }
        assert_eq!(result, Err(BodyError::TooLarge { cap: 1_000_000 }));
        assert!(reader.output().buf.len() <= 1_000_000);
    }

    #[test]
    fn raw_bytes_are_kept_as_received_and_capped() {
        let body = gzip(b"abc");
        let mut reader = BodyReader::new(Some("gzip"), 1000, true).unwrap();
        reader.push(&body).unwrap();
        assert_eq!(reader.raw(), body.as_slice());
        assert_eq!(reader.finish().unwrap(), b"abc");
        let mut reader = BodyReader::new(None, 10, false).unwrap();
        assert!(reader.push(&[0; 11]).is_err());
    }

    #[test]
    fn corrupt_and_unknown_codings_are_errors() {
        assert!(matches!(
            decode_all(Some("gzip"), b"not gzip at all", 1000),
            Err(BodyError::Corrupt(_))
        ));
        assert!(BodyReader::new(Some("br"), 1000, false).is_err());
    }
}

//! The run's inputs: files and directories expanded into documents, each read and parsed,
//! each with the path its report goes to.
//!
//! A directory means every file under it that citecheck reads, and report paths mirror the
//! input paths under `--out` so two documents never share a report. A document that cannot
//! be parsed is kept with its error: it still gets a report (naming line and column), and
//! the run's exit code says 2. A file that cannot be read at all (missing, unreadable)
//! gets no report — there is no document to report on — only the error and exit code 2.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::document::{self, DocumentKind};
use crate::model::Citation;
use crate::sources::Limits;

use super::VerifyError;

/// An input file and where its report goes.
#[derive(Debug, Clone)]
pub(crate) struct Input {
    /// The file as given or found.
    pub path: PathBuf,
    /// How to read it.
    pub kind: DocumentKind,
    /// The report path without its format suffix.
    pub report_base: PathBuf,
}

impl Input {
    /// The document's path as reports, ignore lists and overrides name it.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
}

/// Expands the inputs: files as given, directories into every readable file under them —
/// except hidden directories and the report directory itself, so `citecheck verify .` does
/// not read its own earlier reports back in. Every document gets its own report base.
pub(crate) fn collect(inputs: &[PathBuf], out: &Path) -> Result<Vec<Input>, VerifyError> {
    let out_dir = std::fs::canonicalize(out).ok();
    let mut found: Vec<Input> = Vec::new();
    let mut given = std::collections::HashSet::new();
    for input in inputs {
        if input.is_dir() {
            let mut files = Vec::new();
            walk(input, out_dir.as_deref(), &mut files)?;
            files.sort();
            for path in files {
                if let Some(kind) = DocumentKind::from_path(&path) {
                    let relative = path.strip_prefix(input).unwrap_or(&path).with_extension("");
                    found.push(Input {
                        report_base: out.join(relative),
                        path,
                        kind,
                    });
                }
            }
        } else if given.insert(input.clone()) {
            let stem = input.file_stem().unwrap_or(input.as_os_str());
            found.push(Input {
                kind: DocumentKind::from_path(input).unwrap_or(DocumentKind::Text),
                report_base: out.join(stem),
                path: input.clone(),
            });
        }
    }
    let documents: Vec<&Path> = found.iter().map(|f| f.path.as_path()).collect();
    let bases = crate::report::unique_bases(
        found.iter().map(|f| f.report_base.clone()).collect(),
        &documents,
    );
    for (input, base) in found.iter_mut().zip(bases) {
        input.report_base = base;
    }
    Ok(found)
}

fn walk(dir: &Path, out: Option<&Path>, files: &mut Vec<PathBuf>) -> Result<(), VerifyError> {
    let entries = std::fs::read_dir(dir).map_err(|source| VerifyError::Input {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        // Symlinked directories are not followed: a link cycle must not hang the run.
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if is_dir {
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let reports = out.is_some_and(|o| std::fs::canonicalize(&path).is_ok_and(|p| p == o));
            if !hidden && !reports {
                walk(&path, out, files)?;
            }
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// A document read and parsed, or the error that stopped it.
pub(crate) struct ParsedInput {
    /// The input.
    pub input: Input,
    /// Why it could not be read or parsed (`file:line:column: message`).
    pub error: Option<String>,
    /// Its citations (empty on error).
    pub citations: Vec<Citation>,
    /// How it was read, for the reader: a year assumed, `--published` overriding its date.
    pub warnings: Vec<String>,
    /// False when the file could not be read at all: no report is written for it.
    pub read: bool,
}

/// Reads and parses one document, within the run's limits (`max_document`,
/// `max_citations`); a binary file is refused.
pub(crate) fn read_and_parse(
    input: Input,
    published: Option<NaiveDate>,
    today: NaiveDate,
    limits: &Limits,
) -> ParsedInput {
    let text = match read_text(&input.path, limits.max_document) {
        Ok(text) => text,
        Err(refusal) => {
            return ParsedInput {
                error: Some(format!("{}: {}", input.path.display(), refusal.message)),
                input,
                citations: Vec::new(),
                warnings: Vec::new(),
                read: refusal.opened,
            }
        }
    };
    let max = limits.max_citations;
    match document::parse_limited(input.kind, &text, published, today, max) {
        Ok(parsed) => ParsedInput {
            input,
            error: None,
            citations: parsed.citations,
            warnings: parsed.warnings,
            read: true,
        },
        Err(e) => ParsedInput {
            error: Some(format!("{}:{e}", input.path.display())),
            input,
            citations: Vec::new(),
            warnings: Vec::new(),
            read: true,
        },
    }
}

/// A document's text: at most `max` bytes (a larger file is refused before it is read
/// whole), decoded by its declared or sniffed encoding, and refused if it is binary.
/// Why a document was not read: a file that could not be opened or read gets no report; one
/// that was read and refused (too large, binary) gets a report that names the refusal.
struct Refusal {
    /// True when the file was there and readable, and refused for what it holds.
    opened: bool,
    /// What went wrong, in words.
    message: String,
}

impl Refusal {
    fn unreadable(e: std::io::Error) -> Self {
        Refusal {
            opened: false,
            message: format!("cannot read: {e}"),
        }
    }

    fn refused(message: String) -> Self {
        Refusal {
            opened: true,
            message,
        }
    }
}

fn read_text(path: &Path, max: u64) -> Result<String, Refusal> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(Refusal::unreadable)?;
    let too_large = |size: u64| {
        Refusal::refused(format!(
            "{size} bytes, more than max_document ({max} bytes, sources.toml [defaults]); \
             split the document or raise the limit"
        ))
    };
    if let Ok(meta) = file.metadata() {
        if meta.is_file() && meta.len() > max {
            return Err(too_large(meta.len()));
        }
    }
    // The size on disk can change or lie (a pipe): the read itself stops past the limit.
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Refusal::unreadable)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    let text = crate::fetch::charset::decode(&bytes, None).0;
    if is_binary(&bytes, &text) {
        return Err(Refusal::refused(
            "a binary file, not a text, Markdown, HTML or JSON document".into(),
        ));
    }
    Ok(text)
}

/// True for a file that is not text: a NUL byte in its first 8 KiB (text files, UTF-16
/// ones aside, have none), or more than a tenth of its first 8 KiB characters undecodable
/// or control characters. What grep and git call binary, near enough.
fn is_binary(bytes: &[u8], text: &str) -> bool {
    let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
    if !utf16 && memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return true;
    }
    let sample = text.chars().take(8192);
    let (mut total, mut odd) = (0usize, 0usize);
    for c in sample {
        total += 1;
        odd += usize::from(c == '\u{FFFD}' || (c.is_control() && !c.is_whitespace()));
    }
    odd * 10 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_files_are_told_from_text() {
        assert!(is_binary(
            b"PK\x03\x04\x14\0\0\0",
            "PK\u{3}\u{4}\u{14}\0\0\0"
        ));
        let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
        assert!(is_binary(&png, &String::from_utf8_lossy(&png)));
        assert!(!is_binary(
            b"Coal exports doubled.\n",
            "Coal exports doubled.\n"
        ));
        // UTF-16 text has NUL bytes but is text.
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Coal".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (decoded, _) = crate::fetch::charset::decode(&utf16, None);
        assert!(!is_binary(&utf16, &decoded), "{decoded:?}");
    }
}

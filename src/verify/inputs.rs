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
    /// False when the file could not be read at all: no report is written for it.
    pub read: bool,
}

/// Reads and parses one document.
pub(crate) fn read_and_parse(
    input: Input,
    published: Option<NaiveDate>,
    today: NaiveDate,
) -> ParsedInput {
    let text = match std::fs::read(&input.path) {
        Ok(bytes) => crate::fetch::charset::decode(&bytes, None).0,
        Err(e) => {
            return ParsedInput {
                error: Some(format!("{}: cannot read: {e}", input.path.display())),
                input,
                citations: Vec::new(),
                read: false,
            }
        }
    };
    match document::parse(input.kind, &text, published, today) {
        Ok(parsed) => ParsedInput {
            input,
            error: None,
            citations: parsed.citations,
            read: true,
        },
        Err(e) => ParsedInput {
            error: Some(format!("{}:{e}", input.path.display())),
            input,
            citations: Vec::new(),
            read: true,
        },
    }
}

//! Writing reports: JSON (`citecheck/report-v1`), Markdown, HTML, JUnit, and the terminal
//! table.
//!
//! STUB: JSON and a minimal Markdown table; the other formats are being written.

use std::path::Path;

use thiserror::Error;

use crate::model::{Report, Severity};

/// The report formats `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `<stem>.json`
    Json,
    /// `<stem>.md`
    Markdown,
    /// `<stem>.html`
    Html,
    /// `<stem>.junit.xml`
    Junit,
}

impl Format {
    /// Parses one `--format` item.
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim() {
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            "junit" => Some(Format::Junit),
            _ => None,
        }
    }

    /// The file suffix, after the stem.
    pub fn suffix(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Junit => "junit.xml",
        }
    }
}

/// A report that could not be written.
#[derive(Debug, Error)]
#[error("{path}: cannot write report: {source}")]
pub struct ReportError {
    /// The file.
    pub path: String,
    /// The I/O error.
    pub source: std::io::Error,
}

/// Renders a report in one format. `fail_on` marks what counts as a failure (JUnit,
/// step summaries).
pub fn render(report: &Report, format: Format, fail_on: Option<Severity>) -> String {
    let _ = fail_on;
    match format {
        Format::Json => serde_json::to_string_pretty(report).unwrap_or_default(),
        _ => {
            let mut out =
                String::from("| # | outlet | date | link | verdict |\n|---|---|---|---|---|\n");
            for c in report.documents.iter().flat_map(|d| &d.citations) {
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    c.id,
                    c.outlet.as_deref().unwrap_or(""),
                    c.date.map(|d| d.to_string()).unwrap_or_default(),
                    c.link.status,
                    c.verdict
                ));
            }
            out
        }
    }
}

/// Writes a report as `<base>.<suffix>` for each format.
pub fn write(
    report: &Report,
    base: &Path,
    formats: &[Format],
    fail_on: Option<Severity>,
) -> Result<(), ReportError> {
    for &format in formats {
        let path = base.with_extension(format.suffix());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ReportError {
                path: parent.display().to_string(),
                source,
            })?;
        }
        std::fs::write(&path, render(report, format, fail_on)).map_err(|source| ReportError {
            path: path.display().to_string(),
            source,
        })?;
    }
    Ok(())
}

//! Citation extraction: from a document (plain text, Markdown, HTML, JSON list) to citations.
//!
//! STUB: finds nothing yet; the parenthetical grammar and the format readers are being
//! written. The public API below is what the rest of citecheck calls.

use std::path::Path;

use chrono::NaiveDate;
use thiserror::Error;

use crate::model::ParsedDocument;

/// The kinds of input citecheck reads, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// `.txt`
    Text,
    /// `.md`, `.markdown`
    Markdown,
    /// `.html`, `.htm`
    Html,
    /// `.json`: a citation list.
    CitationList,
}

impl DocumentKind {
    /// The kind of a file by its extension, `None` when citecheck does not read it.
    pub fn from_path(path: &Path) -> Option<DocumentKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(DocumentKind::Text),
            "md" | "markdown" => Some(DocumentKind::Markdown),
            "html" | "htm" => Some(DocumentKind::Html),
            "json" => Some(DocumentKind::CitationList),
            _ => None,
        }
    }
}

/// A document that cannot be parsed, with the place where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{line}:{column}: {message}")]
pub struct DocumentError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Finds the citations of a document.
///
/// `published` is the `--published` date when given; otherwise the document's own metadata
/// (front matter, meta tags, a dateline) is used, else `today`. Year-less cited dates resolve
/// to the latest such day on or before that publication date.
pub fn parse(
    kind: DocumentKind,
    text: &str,
    published: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<ParsedDocument, DocumentError> {
    let _ = (kind, text);
    Ok(ParsedDocument {
        published: published.or(Some(today)),
        citations: Vec::new(),
    })
}

//! Citation extraction: from a document (plain text, Markdown, HTML, JSON list) to citations.
//!
//! This stage decides what an article cites and what it claims about each source. Every
//! format is first read into prose paragraphs mapped back to the source (`plain.rs`,
//! `markdown.rs`, `html.rs` → `prose.rs`); one grammar then finds parenthetical citations in
//! any of them (`text.rs`, with `dates.rs`), links become citations by one rule (`links.rs`),
//! and `claims.rs` cuts sentences (`sentences.rs`) and quotes (`quotes.rs`) to give each
//! citation its claim, context and quotes. JSON citation lists (`list.rs`) already hold all
//! that and are only checked. Year-less dates need the document's publication date, which
//! `published.rs` finds when `--published` is not given. HTML needs two helpers of its own:
//! `source_map.rs` finds parsed text back in the source for line numbers, and `nesting.rs`
//! keeps hostile nesting from making the parser quadratic.
//!
//! Every step is linear in the document's size (bounded look-ahead, binary searches, capped
//! claims), so a 5 MB article parses in about a tenth of a second
//! (`cargo run --release --example document_timing`).
//!
//! Parsing prose never fails: any text is an article, perhaps one without citations. Only a
//! citation list can be malformed, and its [`DocumentError`] says where.
//!
//! ```
//! use chrono::NaiveDate;
//! use citecheck::document::{parse, DocumentKind};
//!
//! let today = NaiveDate::from_ymd_opt(2024, 1, 20).unwrap();
//! let text = "Coal exports doubled (Steppe Herald, December 28; see Tal News, Jan. 3).";
//! let parsed = parse(DocumentKind::Text, text, None, today).unwrap();
//! assert_eq!(parsed.citations.len(), 2);
//! assert_eq!(parsed.citations[0].date, NaiveDate::from_ymd_opt(2023, 12, 28));
//! assert_eq!(parsed.citations[1].outlet.as_deref(), Some("Tal News"));
//! assert_eq!(parsed.citations[1].claim, "Coal exports doubled.");
//! ```

mod claims;
mod dates;

mod html;
mod links;
mod list;
mod markdown;
mod nesting;
mod plain;
mod prose;
mod published;
mod quotes;
mod sentences;
mod source_map;
mod text;

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
/// to the latest such day on or before that publication date, which is returned in
/// [`ParsedDocument::published`]. Only a citation list can fail to parse; any text, Markdown
/// or HTML input gives a (possibly empty) list of citations.
pub fn parse(
    kind: DocumentKind,
    text: &str,
    published: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<ParsedDocument, DocumentError> {
    parse_limited(kind, text, published, today, usize::MAX)
}

/// Like [`parse`], for a document that may hold at most `max_citations` citations
/// (sources.toml's `max_citations`): one with more is an error at the first citation past
/// the limit, found without reading the rest.
pub fn parse_limited(
    kind: DocumentKind,
    text: &str,
    published: Option<NaiveDate>,
    today: NaiveDate,
    max_citations: usize,
) -> Result<ParsedDocument, DocumentError> {
    // A byte order mark is not text: editors do not show it or count it in columns.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let prose = match kind {
        DocumentKind::CitationList => {
            let citations = list::parse(text)?;
            return within(max_citations, &citations).map(|()| {
                without_credentials(ParsedDocument {
                    published: Some(published.unwrap_or(today)),
                    warnings: Vec::new(),
                    citations,
                })
            });
        }
        DocumentKind::Text => plain::read(text),
        DocumentKind::Markdown => markdown::read(text),
        DocumentKind::Html => html::read(text),
    };
    let mut warnings = Vec::new();
    if let (Some(given), Some(own)) = (published, prose.published) {
        if given != own {
            warnings.push(format!(
                "the document's own date is {own}, but --published {given} was used to read \
                 its year-less dates"
            ));
        }
    }
    let assumed = published.is_none() && prose.published.is_none();
    let published = published.or(prose.published).unwrap_or(today);
    let citations = claims::citations(&prose.paragraphs, text, published, max_citations);
    within(max_citations, &citations)?;
    if assumed {
        let yearless = yearless_citations(&prose.paragraphs, text, &citations, today);
        if yearless > 0 {
            let (which, verb) = match yearless {
                1 => ("1 citation".to_string(), "gives"),
                n => (format!("{n} citations"), "give"),
            };
            warnings.push(format!(
                "{which} {verb} no year and the document has no date: the latest such day on or \
                 before today ({today}) was assumed; give --published YYYY-MM-DD (or a date in \
                 the document) if that is wrong"
            ));
        }
    }
    Ok(without_credentials(ParsedDocument {
        published: Some(published),
        warnings,
        citations,
    }))
}

/// How many citations gave no year: those whose date moves when the same prose is read
/// against a reference date a year and a day later (a written year never moves). Asked
/// only when the year had to be assumed, so the grammar needs no flag for it.
fn yearless_citations(
    paragraphs: &[prose::Paragraph],
    text: &str,
    citations: &[crate::model::Citation],
    today: NaiveDate,
) -> usize {
    let Some(later) = citations
        .iter()
        .find_map(|c| c.date)
        .and_then(|_| today.checked_add_days(chrono::Days::new(367)))
    else {
        return 0;
    };
    let moved = claims::citations(paragraphs, text, later, citations.len());
    citations
        .iter()
        .zip(&moved)
        .filter(|(a, b)| a.date.is_some() && a.date != b.date)
        .count()
}

/// An error at the first citation past `max`, if there is one.
fn within(max: usize, citations: &[crate::model::Citation]) -> Result<(), DocumentError> {
    match citations.get(max) {
        Some(past) => Err(DocumentError {
            line: past.line,
            column: past.column,
            message: format!(
                "more than {max} citations in one document (max_citations in sources.toml \
                 [defaults]); split the document or raise the limit"
            ),
        }),
        None => Ok(()),
    }
}

/// The document's citations with credentials dropped from their URLs and from the URLs
/// their claims quote (see [`crate::redact`]): never sent, never reported.
fn without_credentials(mut parsed: ParsedDocument) -> ParsedDocument {
    use crate::redact::{without_userinfo, without_userinfo_in_text};
    use std::borrow::Cow;
    let clean = |text: &mut String, redact: fn(&str) -> Cow<'_, str>| {
        if let Cow::Owned(clean) = redact(text) {
            *text = clean;
        }
    };
    for citation in &mut parsed.citations {
        if let Some(url) = &mut citation.url {
            clean(url, without_userinfo);
        }
        clean(&mut citation.claim, without_userinfo_in_text);
        clean(&mut citation.context, without_userinfo_in_text);
        for quote in &mut citation.quotes {
            clean(quote, without_userinfo_in_text);
        }
    }
    parsed
}

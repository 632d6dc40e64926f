//! Writing reports: JSON (`citecheck/report-v1`), Markdown (full and step summary), HTML,
//! JUnit XML, and the terminal table.
//!
//! Every format is rendered from the same [`Report`] value, so they never disagree; they
//! differ only in what they show and for whom. JSON is for tools, HTML for the reader in a
//! browser, Markdown for a pull request or a CI step summary, JUnit for CI test views, the
//! terminal table for the editor. All of them show problems first (see [`problems_first`])
//! and escape every text that came from a document or a web page with the functions of
//! [`text`]. `--fail-on` decides what a failure is (JUnit failures, the step summary's
//! list), through [`fails`].

pub mod action;
pub mod fixes;
pub mod highlight;
pub mod html;
pub mod json;
pub mod junit;
pub mod log;
pub mod markdown;
pub mod merge;
pub mod progress;
pub mod terminal;
pub mod text;

use std::fmt::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::{
    ArchiveLookup, ArchivedCopy, Change, CitationReport, DocumentReport, History, Location, Quote,
    QuoteMatch, Report, ResolutionMethod, Severity,
};
use crate::verdict;

/// The report formats `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `<stem>.json`
    Json,
    /// `<stem>.md`: the full report.
    Markdown,
    /// `<stem>.html`
    Html,
    /// `<stem>.junit.xml`
    Junit,
    /// `<stem>.summary.md`: the short summary for `$GITHUB_STEP_SUMMARY`.
    StepSummary,
    /// `<stem>.fixes.json`: what to change, where, for tools (`citecheck/fixes-v1`).
    Fixes,
}

impl Format {
    /// Every format, in the order `--format` lists them.
    pub const ALL: [Format; 6] = [
        Format::Json,
        Format::Markdown,
        Format::Html,
        Format::Junit,
        Format::StepSummary,
        Format::Fixes,
    ];

    /// Parses one `--format` item.
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim() {
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            "junit" => Some(Format::Junit),
            "summary" => Some(Format::StepSummary),
            "fixes" => Some(Format::Fixes),
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
            Format::StepSummary => "summary.md",
            Format::Fixes => "fixes.json",
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
/// step summaries); `None` means nothing fails.
pub fn render(report: &Report, format: Format, fail_on: Option<Severity>) -> String {
    match format {
        Format::Json => json::render(report),
        Format::Markdown => markdown::render(report, fail_on),
        Format::Html => html::render(report),
        Format::Junit => junit::render(report, fail_on),
        Format::StepSummary => markdown::step_summary(report, fail_on),
        Format::Fixes => fixes::render(report),
    }
}

/// The path a format is written to: `<base>.<suffix>`.
///
/// The suffix is appended, not substituted, so a stem with dots (`v1.2-notes`) keeps them.
pub fn path_for(base: &Path, format: Format) -> PathBuf {
    let mut name = base.as_os_str().to_os_string();
    name.push(".");
    name.push(format.suffix());
    PathBuf::from(name)
}

/// Makes report bases unique, so two documents never share a report.
///
/// A base drops its document's extension (`a/index.md` → `a/index`), so `x.md` and `x.txt`
/// (or `a/x.md` and `b/x.md` given as files) would meet. Bases that collide keep their
/// document's extension (`x.md`, `x.txt`); any still equal get `-2`, `-3`… in input order.
/// `documents[i]` is the document whose report goes to `bases[i]`.
pub fn unique_bases(bases: Vec<PathBuf>, documents: &[&Path]) -> Vec<PathBuf> {
    use std::collections::{HashMap, HashSet};
    let mut counts: HashMap<&PathBuf, usize> = HashMap::new();
    for base in &bases {
        *counts.entry(base).or_default() += 1;
    }
    let widened: Vec<PathBuf> = bases
        .iter()
        .zip(documents)
        .map(
            |(base, document)| match (counts[base] > 1, document.file_name()) {
                (true, Some(name)) => base.with_file_name(name),
                _ => base.clone(),
            },
        )
        .collect();
    let mut taken: HashSet<PathBuf> = HashSet::new();
    widened
        .into_iter()
        .map(|base| {
            let mut candidate = base.clone();
            let mut n = 1;
            while !taken.insert(candidate.clone()) {
                n += 1;
                let mut name = base.as_os_str().to_os_string();
                name.push(format!("-{n}"));
                candidate = PathBuf::from(name);
            }
            candidate
        })
        .collect()
}

/// Writes a report as `<base>.<suffix>` for each format, each file atomically (a failed
/// write keeps the previous report whole; see [`crate::atomic`]).
pub fn write(
    report: &Report,
    base: &Path,
    formats: &[Format],
    fail_on: Option<Severity>,
) -> Result<(), ReportError> {
    for &format in formats {
        let path = path_for(base, format);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ReportError {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let text = render(report, format, fail_on);
        crate::atomic::write(&path, text.as_bytes()).map_err(|source| ReportError {
            path: path.display().to_string(),
            source,
        })?;
    }
    Ok(())
}

/// True when a citation is a failure under `--fail-on` (`None`: nothing fails).
pub fn fails(citation: &CitationReport, fail_on: Option<Severity>) -> bool {
    fail_on.is_some_and(|threshold| citation.severity >= threshold)
}

/// A citation together with its document, for listings across a whole report.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// Index of the document in the report.
    pub document_index: usize,
    /// The document.
    pub document: &'a DocumentReport,
    /// Index of the citation within its document.
    pub index: usize,
    /// The citation.
    pub citation: &'a CitationReport,
}

impl Entry<'_> {
    /// An id unique within the report, safe in HTML ids and fragments: `d1-c3`.
    pub fn anchor(&self) -> String {
        let id: String = self
            .citation
            .id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .take(40)
            .collect();
        format!("d{}-{}-{id}", self.document_index + 1, self.index + 1)
    }
}

/// Every citation of the report, the most severe first; within a severity, in document
/// order. This is the order every format lists citations in ("problems first").
pub fn problems_first(report: &Report) -> Vec<Entry<'_>> {
    let mut entries = entries(report);
    // Stable sort: document order is kept within a severity.
    entries.sort_by_key(|e| std::cmp::Reverse(e.citation.severity));
    entries
}

/// Every citation of the report grouped by document, in the report's order of documents,
/// problems first within each. For listings that show each document's heading once.
pub fn by_document(report: &Report) -> Vec<Entry<'_>> {
    let mut entries = entries(report);
    // Stable sort: document order is kept within a document's severity.
    entries.sort_by_key(|e| (e.document_index, std::cmp::Reverse(e.citation.severity)));
    entries
}

/// Every citation, in document order.
fn entries(report: &Report) -> Vec<Entry<'_>> {
    report
        .documents
        .iter()
        .enumerate()
        .flat_map(|(document_index, document)| {
            document
                .citations
                .iter()
                .enumerate()
                .map(move |(index, citation)| Entry {
                    document_index,
                    document,
                    index,
                    citation,
                })
        })
        .collect()
}

/// Every citation with something to do (severity above ok and an action), problems first:
/// the "what to do" list every format leads with.
pub fn to_do(report: &Report) -> Vec<(Entry<'_>, &str)> {
    problems_first(report)
        .into_iter()
        .filter(|e| e.citation.severity > Severity::Ok)
        .filter_map(|e| Some((e, e.citation.action.as_deref()?)))
        .collect()
}

/// The line a report starts with when the run reached nothing: requests went out and no
/// host gave an HTTP response, so nothing below says anything about the sources.
pub fn reached_nothing(report: &Report) -> Option<String> {
    let hosts = report.summary.hosts.filter(|h| h.none_answered())?;
    Some(format!(
        "Nothing was reached: requests went to {} and none gave an HTTP response (offline, or \
         a proxy or firewall in the way?). No source was checked; the run fails.",
        plural(hosts.contacted, "host")
    ))
}

/// How the checked page was found, explained: which list offered it, the runner-up and
/// its score, and what the confidence means. `None` for a page the document linked.
pub fn resolution_words(citation: &CitationReport) -> Option<String> {
    let resolution = citation.resolution.as_ref()?;
    if resolution.method == ResolutionMethod::Link {
        return None;
    }
    let mut words = format!(
        "found through the outlet's {}{}",
        name_of(&resolution.method),
        if resolution.discovered {
            " (discovered, not configured)"
        } else {
            ""
        }
    );
    if let Some(via) = &resolution.via {
        words.push_str(", listed at ");
        words.push_str(via);
    }
    let _ = write!(
        words,
        "; confidence {:.2}: how well the page's title, date and words match the citation \
         (1 is certain, below 0.5 a guess)",
        resolution.confidence
    );
    let others: Vec<&crate::model::Candidate> = resolution
        .candidates
        .iter()
        .filter(|k| Some(&k.url) != citation.url.as_ref())
        .collect();
    match others.first() {
        Some(runner_up) => {
            let _ = write!(
                words,
                "; runner-up {} scored {:.2}",
                runner_up.url, runner_up.score
            );
        }
        None if !resolution.candidates.is_empty() => words.push_str("; no other candidate"),
        None => {}
    }
    Some(words)
}

/// The link's HTTP status code when its words ([`terminal::link_words`]) do not already
/// give it ("page missing (404)" says 404; "server error (5xx)" does not say 503).
pub fn http_code_unsaid(citation: &CitationReport) -> Option<u16> {
    let words = terminal::link_words(citation.link.status);
    citation
        .link
        .http_status
        .filter(|code| !words.contains(&code.to_string()))
}

/// The one-line reason shown in tables: the first reason given (a carried row says so
/// first), else the link's status in words, else the verdict.
pub fn short_reason(citation: &CitationReport) -> String {
    if citation.carried {
        // A rolling run's carried row says so first: it is an earlier run's result.
        let day = citation.checked_at.map_or_else(
            || "an earlier run".to_string(),
            |t| t.date_naive().to_string(),
        );
        let rest = citation.reasons.first().cloned().unwrap_or_default();
        return format!("[carried from {day}] {rest}");
    }
    if let Some(reason) = citation.reasons.first() {
        return reason.clone();
    }
    if !citation.link.status.is_readable() {
        return verdict::link_reason(&citation.link);
    }
    format!("source read; verdict {}", citation.verdict)
}

/// "1 citation", "2 citations".
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The report name of an enum value (`"not_found"`, `"exact"`, `"feed"`): its serde name,
/// so every format spells values as the JSON report does.
pub fn name_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// "suspect" for a broken link not yet confirmed by history, "" otherwise.
pub fn suspect_label(citation: &CitationReport) -> &'static str {
    if citation.suspect {
        "suspect"
    } else {
        ""
    }
}

/// What an archive look-up that found no copy came to, in words every format shows
/// (escaped by the caller): "none: no archive has a copy", or "could not ask the archive
/// (…)". `None` when a copy was found.
pub fn archive_missing_words(copy: &ArchivedCopy) -> Option<String> {
    match copy.lookup {
        ArchiveLookup::Found => None,
        ArchiveLookup::None => Some("none: no archive has a copy".to_string()),
        ArchiveLookup::Failed => Some(match &copy.error {
            Some(why) => format!("could not ask the archive ({why})"),
            None => "could not ask the archive".to_string(),
        }),
    }
}

/// A change since the last run, in words ("newly broken"), for prose; tables and filters
/// keep the report's name (`newly_broken`).
pub fn change_words(change: Change) -> &'static str {
    match change {
        Change::New => "new",
        Change::Unchanged => "unchanged",
        Change::NewlyBroken => "newly broken",
        Change::Recovered => "recovered",
        Change::ContentChanged => "content changed",
    }
}

/// A citation's history in words: "newly broken, 1 failed run since 2024-02-03T02:00:00Z,
/// suspect", "recovered". `escape` makes the stored time safe for the format.
pub fn history_words(
    citation: &CitationReport,
    history: &History,
    escape: impl Fn(&str) -> String,
) -> String {
    let mut words = change_words(history.change).to_string();
    if history.failures > 0 {
        words.push_str(", ");
        words.push_str(&plural(history.failures as usize, "failed run"));
        if let Some(first) = &history.first_failed {
            words.push_str(" since ");
            words.push_str(&escape(&crate::model::time::rfc3339(first)));
        }
        if citation.suspect {
            words.push_str(", suspect (not yet confirmed: it may pass next time)");
        } else if history.confirmed {
            words.push_str(", confirmed");
        }
    }
    if let Some(from_to) = from_to(citation, history) {
        words.push_str(": ");
        words.push_str(&escape(&from_to));
    }
    if let Some(open) = &history.regression {
        words.push_str("; ");
        words.push_str(&escape(&format!(
            "{} since {}, open until it recovers or is accepted (citecheck accept {})",
            change_words(open.change),
            open.since,
            citation.key
        )));
    }
    words
}

/// What a change went from and to, against the last earlier check: "verdict verified →
/// partial, link ok → not_found (last checked 2024-03-01T02:00:00Z)". Only for a change
/// worth explaining (new and unchanged need none); parts that did not change are left out.
pub fn from_to(citation: &CitationReport, history: &History) -> Option<String> {
    if matches!(history.change, Change::New | Change::Unchanged) {
        return None;
    }
    let previous = history.previous.as_ref()?;
    let mut parts = Vec::new();
    if previous.verdict != citation.verdict {
        parts.push(format!(
            "verdict {} → {}",
            previous.verdict, citation.verdict
        ));
    }
    if let Some(status) = previous.status.filter(|s| *s != citation.link.status) {
        parts.push(format!("link {status} → {}", citation.link.status));
    }
    if parts.is_empty() {
        parts.push(format!("verdict still {}", citation.verdict));
    }
    Some(format!(
        "{} (last checked {})",
        parts.join(", "),
        previous.checked_at
    ))
}

/// How a quote fared, in words: "found verbatim in the article body", "not found (closest
/// passage scored 0.13)". Matching's own reason says it best when there is one; otherwise
/// the words are built from the match fields, so a report from elsewhere reads as well.
pub fn quote_outcome(quote: &Quote) -> String {
    let reason = quote.reason.trim();
    if quote.match_kind == QuoteMatch::Unchecked {
        // Every producer of an unchecked quote (`Quote::unchecked`) writes a whole
        // sentence that says so; the text is shown, never parsed.
        return if reason.is_empty() {
            "not checked".to_string()
        } else {
            reason.to_string()
        };
    }
    if !reason.is_empty() {
        return reason.to_string();
    }
    let place = match quote.location {
        Location::Body => " in the article body",
        Location::Boilerplate => " only in the page's boilerplate",
        Location::None => "",
    };
    match quote.match_kind {
        QuoteMatch::Exact => format!("found verbatim{place}"),
        QuoteMatch::Normalized => format!("found{place} after normalizing"),
        QuoteMatch::Fuzzy => format!("close match{place} (score {:.2})", quote.score),
        QuoteMatch::None if quote.score > 0.0 => {
            format!("not found (closest passage scored {:.2})", quote.score)
        }
        _ => "not found".to_string(),
    }
}

/// A short label for a quote's match, for badges: "verbatim · article body", "not found ·
/// closest 0.13".
pub fn quote_badge(quote: &Quote) -> String {
    let how = match quote.match_kind {
        QuoteMatch::Exact => "verbatim".to_string(),
        QuoteMatch::Normalized => "normalized".to_string(),
        QuoteMatch::Fuzzy => format!("close match {:.2}", quote.score),
        QuoteMatch::None if quote.score > 0.0 => {
            format!("not found · closest {:.2}", quote.score)
        }
        QuoteMatch::None => "not found".to_string(),
        QuoteMatch::Unchecked => "not checked".to_string(),
    };
    match (quote.match_kind, quote.location) {
        (QuoteMatch::None | QuoteMatch::Unchecked, _) | (_, Location::None) => how,
        (_, Location::Body) => format!("{how} · article body"),
        (_, Location::Boilerplate) => format!("{how} · boilerplate only"),
    }
}

/// How the checked URL was found, in words, and whether a candidate list is worth showing:
/// a URL the document linked needs neither a score nor candidates.
pub fn found_by(citation: &CitationReport) -> Option<(String, bool)> {
    let resolution = citation.resolution.as_ref()?;
    Some(match resolution.method {
        ResolutionMethod::Link => ("linked in the document".to_string(), false),
        method => (
            resolution_words(citation).unwrap_or_else(|| {
                format!(
                    "{}, confidence {:.2}",
                    name_of(&method),
                    resolution.confidence
                )
            }),
            !resolution.candidates.is_empty(),
        ),
    })
}

/// The cited date against the source's, in words: "cited 2024-03-04, published 2024-03-04
/// (from its metadata) (agree)", "cited 2024-03-10, published 2024-03-04 (from its text),
/// updated 2024-03-10 (differ: the cited date is the update's)", "accessed 2024-03-15; the
/// page shows no publication date".
pub fn date_line(citation: &CitationReport) -> Option<String> {
    let date = &citation.evidence.date;
    if date.cited.is_none() && date.published.is_none() {
        return None;
    }
    let cited = match (date.cited, citation.accessed) {
        (Some(d), true) => format!("accessed {d}"),
        (Some(d), false) => format!("cited {d}"),
        (None, _) => "no date cited".to_string(),
    };
    let published = match (date.published, citation.accessed) {
        (Some(p), _) => match date.published_from {
            Some(from) => format!(", published {p} ({})", from.words()),
            None => format!(", published {p}"),
        },
        (None, true) => "; the page shows no publication date".to_string(),
        (None, false) => ", publication date unknown".to_string(),
    };
    let updated = date
        .modified
        .map(|m| format!(", updated {m}"))
        .unwrap_or_default();
    let agreement = match date.matches {
        Some(true) => " (agree)",
        Some(false) if date.cites_the_update() => " (differ: the cited date is the update's)",
        Some(false) => " (differ)",
        None => "",
    };
    Some(format!("{cited}{published}{updated}{agreement}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_round_trip_their_names_and_suffixes() {
        for format in Format::ALL {
            let name = match format {
                Format::Json => "json",
                Format::Markdown => "md",
                Format::Html => "html",
                Format::Junit => "junit",
                Format::StepSummary => "summary",
                Format::Fixes => "fixes",
            };
            assert_eq!(Format::parse(name), Some(format));
        }
        assert_eq!(Format::parse("pdf"), None);
        assert_eq!(
            path_for(Path::new("out/v1.2-notes"), Format::Junit),
            PathBuf::from("out/v1.2-notes.junit.xml")
        );
    }
}

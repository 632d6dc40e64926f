//! Markdown: the full report (`<stem>.md`) and the short step summary
//! (`<stem>.summary.md`, for `$GITHUB_STEP_SUMMARY`).
//!
//! The full report is for a pull request or a reader without a browser: counts, one table
//! per document (problems first), then every citation's claim beside its evidence. The step
//! summary is what a nightly CI run shows on its page, so it is short by construction:
//! counts, the citations at or above `--fail-on` (capped), and — when history exists — what
//! is newly broken, what recovered and whose content changed. Every scraped text goes
//! through [`text::markdown`], so a pipe cannot break a table and a bracket cannot make a
//! link.

use std::fmt::Write;

use crate::model::{Change, CitationReport, QuoteMatch, Report, Severity, Summary};

use super::terminal::{link_words, link_words_by_name, verdict_words, verdict_words_by_name};
use super::{
    action::citable_archive_url, by_document, change_words, date_line, fails, found_by, from_to,
    highlight, history_words, plural, problems_first, quote_outcome, reached_nothing, short_reason,
    suspect_label, text, to_do, Entry,
};
use crate::verdict::link_detail;

/// Rows listed per section of the step summary before "and N more".
const SUMMARY_ROWS: usize = 50;
/// Characters of a reason shown in a table cell.
const REASON_CHARS: usize = 160;

/// The full Markdown report.
pub fn render(report: &Report, fail_on: Option<Severity>) -> String {
    let mut out = String::from("# citecheck report\n\n");
    header(&mut out, report, fail_on);
    what_to_do(&mut out, report, "## What to do");
    for (document_index, document) in report.documents.iter().enumerate() {
        let _ = writeln!(out, "## {}\n", text::markdown(&document.path));
        for warning in &document.warnings {
            let _ = writeln!(out, "> **Note:** {}\n", text::markdown(warning));
        }
        if let Some(error) = &document.error {
            let _ = writeln!(out, "**Could not be checked:** {}\n", text::markdown(error));
        }
        if document.citations.is_empty() {
            out.push_str("No citations.\n\n");
            continue;
        }
        let entries: Vec<Entry<'_>> = by_document(report)
            .into_iter()
            .filter(|e| e.document_index == document_index)
            .collect();
        table(&mut out, &entries, false);
        out.push('\n');
        for entry in &entries {
            details(&mut out, entry.citation);
        }
    }
    out
}

/// The short summary for `$GITHUB_STEP_SUMMARY`.
pub fn step_summary(report: &Report, fail_on: Option<Severity>) -> String {
    let mut out = String::from("## citecheck\n\n");
    header(&mut out, report, fail_on);
    what_to_do(&mut out, report, "### What to do");
    for document in &report.documents {
        for warning in &document.warnings {
            let _ = writeln!(
                out,
                "- **{}**: {}",
                text::markdown(&document.path),
                text::markdown(warning)
            );
        }
    }
    for document in report.documents.iter().filter(|d| d.error.is_some()) {
        let _ = writeln!(
            out,
            "- **{}** could not be checked: {}",
            text::markdown(&document.path),
            text::markdown(document.error.as_deref().unwrap_or_default())
        );
    }
    let threshold = fail_on.unwrap_or(Severity::Error);
    let listed: Vec<Entry<'_>> = problems_first(report)
        .into_iter()
        .filter(|e| e.citation.severity >= threshold)
        .collect();
    if !listed.is_empty() {
        let heading = match fail_on {
            Some(f) => format!("Failing (at or above {f})"),
            None => "Errors (not failing: --fail-on never)".to_string(),
        };
        let _ = writeln!(out, "\n### {heading}: {}\n", listed.len());
        table(&mut out, &listed[..listed.len().min(SUMMARY_ROWS)], true);
        more(&mut out, listed.len());
    }
    let changes = [
        (Change::NewlyBroken, "Newly broken"),
        (Change::Recovered, "Recovered"),
        (
            Change::ContentChanged,
            "Content changed since last verified",
        ),
    ];
    let entries = problems_first(report);
    let with_history = entries.iter().any(|e| e.citation.history.is_some());
    if with_history {
        out.push_str("\n### Since the last run\n\n");
        let mut any = false;
        for (change, label) in changes {
            let changed: Vec<&Entry<'_>> = entries
                .iter()
                .filter(|e| e.citation.history.as_ref().map(|h| h.change) == Some(change))
                .collect();
            if changed.is_empty() {
                continue;
            }
            any = true;
            let _ = writeln!(out, "**{label}: {}**\n", changed.len());
            for entry in changed.iter().take(SUMMARY_ROWS) {
                let _ = writeln!(out, "- {}", change_line(entry));
            }
            more(&mut out, changed.len());
            out.push('\n');
        }
        // Regressions of earlier runs not resolved yet: a missed summary loses nothing.
        let open: Vec<&Entry<'_>> = entries
            .iter()
            .filter(|e| {
                e.citation.history.as_ref().is_some_and(|h| {
                    h.regression.is_some()
                        && !matches!(h.change, Change::NewlyBroken | Change::ContentChanged)
                })
            })
            .collect();
        if !open.is_empty() {
            any = true;
            let _ = writeln!(
                out,
                "**Still open (until recovered or accepted): {}**\n",
                open.len()
            );
            for entry in open.iter().take(SUMMARY_ROWS) {
                let c = entry.citation;
                let since = c
                    .history
                    .as_ref()
                    .and_then(|h| h.regression.as_ref())
                    .map(|r| format!("{} since {}", change_words(r.change), r.since))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "- {}; {} · accept with `citecheck accept {}`",
                    change_line(entry),
                    text::markdown(&since),
                    text::markdown(&c.key)
                );
            }
            more(&mut out, open.len());
            out.push('\n');
        }
        if !any {
            out.push_str("Nothing changed.\n");
        }
    }
    out
}

/// The actions of the report, errors then warnings, each group capped: what the editor
/// or the CI reader should do first.
fn what_to_do(out: &mut String, report: &Report, heading: &str) {
    let todo = to_do(report);
    if todo.is_empty() {
        return;
    }
    let _ = writeln!(out, "{heading}\n");
    for severity in [Severity::Error, Severity::Warning] {
        let group: Vec<_> = todo
            .iter()
            .filter(|(e, _)| e.citation.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        let label = match severity {
            Severity::Error => "Errors",
            _ => "Warnings",
        };
        let _ = writeln!(out, "**{label}: {}**\n", group.len());
        for (entry, action) in group.iter().take(SUMMARY_ROWS) {
            let _ = writeln!(
                out,
                "- {} {} ({}, line {}): {}",
                text::markdown(&entry.document.path),
                text::markdown(&entry.citation.id),
                text::markdown(entry.citation.outlet.as_deref().unwrap_or("no outlet")),
                entry.citation.line,
                text::markdown(action)
            );
        }
        more(out, group.len());
        out.push('\n');
    }
}

fn more(out: &mut String, total: usize) {
    if total > SUMMARY_ROWS {
        let _ = writeln!(
            out,
            "\n…and {} more: see the full report.",
            total - SUMMARY_ROWS
        );
    }
}

/// Counts and run state, shared by both forms.
fn header(out: &mut String, report: &Report, fail_on: Option<Severity>) {
    if let Some(line) = reached_nothing(report) {
        let _ = writeln!(out, "> **{}**\n", text::markdown(&line));
    }
    if !report.complete {
        out.push_str("> **Incomplete run:** interrupted; unchecked citations are marked so.\n\n");
    }
    let summary = &report.summary;
    let _ = writeln!(
        out,
        "**{}** in {} — {}  ",
        plural(summary.citations, "citation"),
        plural(report.documents.len(), "document"),
        severity_counts(summary)
    );
    if let Some(shard) = &summary.shard {
        let _ = writeln!(
            out,
            "Shard {} of a split run: only the citations of its hosts  ",
            text::markdown(shard)
        );
    }
    let _ = writeln!(
        out,
        "Links: {}  ",
        counts(&summary.link, link_words_by_name)
    );
    let _ = writeln!(
        out,
        "Verdicts: {}  ",
        counts(&summary.verdict, verdict_words_by_name)
    );
    if summary.coverage.partial() {
        // A rolling run: how much is this run's work, and how old the rest is.
        let now = chrono::DateTime::parse_from_rfc3339(&report.generated_at)
            .map_or_else(|_| chrono::Utc::now(), |t| t.with_timezone(&chrono::Utc));
        let _ = writeln!(out, "Coverage: {}  ", summary.coverage.sentence(now));
    }
    let failing = problems_first(report)
        .iter()
        .filter(|e| fails(e.citation, fail_on))
        .count();
    let _ = writeln!(
        out,
        "Generated {} · fail on: {} · failing: {failing}\n",
        text::markdown(&report.generated_at),
        fail_on.map(|s| s.as_str()).unwrap_or("never"),
    );
}

/// "3 errors · 1 warning · 40 ok", most severe first, zero counts left out.
pub fn severity_counts(summary: &Summary) -> String {
    let parts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Ok]
        .iter()
        .filter_map(|s| {
            let n = summary.severity.get(s.as_str()).copied().unwrap_or(0);
            (n > 0).then(|| match s {
                Severity::Ok => format!("{n} ok"),
                s => plural(n, s.as_str()),
            })
        })
        .collect();
    if parts.is_empty() {
        "nothing to check".into()
    } else {
        parts.join(" · ")
    }
}

/// "page missing (404) 2 · ok 3": each count in the words the tables use.
fn counts(map: &std::collections::BTreeMap<String, usize>, words: fn(&str) -> String) -> String {
    if map.is_empty() {
        return "none".into();
    }
    let mut pairs: Vec<(&String, &usize)> = map.iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    pairs
        .iter()
        .map(|(k, v)| format!("{} {v}", text::markdown(&words(k))))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A table of citations; `with_document` adds the document column (for run-wide lists).
fn table(out: &mut String, entries: &[Entry<'_>], with_document: bool) {
    if with_document {
        out.push_str("| document | # | severity | outlet | date | link | verdict | reason |\n");
        out.push_str("|---|---|---|---|---|---|---|---|\n");
    } else {
        out.push_str("| # | severity | outlet | date | link | verdict | change | reason |\n");
        out.push_str("|---|---|---|---|---|---|---|---|\n");
    }
    for entry in entries {
        let c = entry.citation;
        let mut row = String::from("|");
        if with_document {
            let _ = write!(row, " {} |", text::markdown(&entry.document.path));
        }
        let link = link_cell(c);
        let _ = write!(
            row,
            " {} | {} | {} | {} | {} | {} |",
            text::markdown(&c.id),
            c.severity,
            text::markdown(c.outlet.as_deref().unwrap_or("—")),
            c.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
            link,
            verdict_words(c.verdict),
        );
        if !with_document {
            let change = c.history.as_ref().map(|h| h.change.as_str()).unwrap_or("—");
            let _ = write!(row, " {change} |");
        }
        let _ = writeln!(
            row,
            " {} |",
            text::markdown(&text::truncate(&short_reason(c), REASON_CHARS))
        );
        out.push_str(&row);
    }
}

/// The table's link cell: the status in words, its HTTP code when the words do not give
/// it, and "suspect" when history has not confirmed a failure.
fn link_cell(c: &CitationReport) -> String {
    let words = link_words(c.link.status);
    match (suspect_label(c), super::http_code_unsaid(c)) {
        ("", Some(code)) => format!("{words} ({code})"),
        ("", None) => words.to_string(),
        (label, _) => format!("{words} ({label})"),
    }
}

fn change_line(entry: &Entry<'_>) -> String {
    let c = entry.citation;
    let mut line = format!(
        "{} {} · {} · {}",
        text::markdown(&entry.document.path),
        text::markdown(&c.id),
        text::markdown(c.outlet.as_deref().unwrap_or("—")),
        c.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
    );
    if let Some(url) = c.url.as_deref() {
        let _ = write!(line, " · {}", link(url));
    }
    let _ = write!(
        line,
        " — link {}, verdict {}",
        link_words(c.link.status),
        verdict_words(c.verdict)
    );
    if let Some(from_to) = c.history.as_ref().and_then(|h| from_to(c, h)) {
        let _ = write!(line, "; {}", text::markdown(&from_to));
    }
    if let Some(history) = &c.history {
        if history.failures > 0 {
            let _ = write!(
                line,
                ", {} failed run{}{}",
                history.failures,
                if history.failures == 1 { "" } else { "s" },
                if c.suspect {
                    " (suspect)"
                } else if history.confirmed {
                    " (confirmed)"
                } else {
                    ""
                }
            );
        }
    }
    line
}

/// A Markdown link for an http(s) URL, else the URL as escaped text.
fn link(url: &str) -> String {
    let shown = text::markdown(&text::truncate(url, 80));
    match text::safe_url(url) {
        Some(safe) => format!("[{shown}](<{safe}>)"),
        None => shown,
    }
}

/// `text` with `needle`'s span in bold, all escaped.
fn marked(haystack: &str, needle: &str) -> String {
    match highlight::find(haystack, needle) {
        Some(range) => format!(
            "{}**{}**{}",
            text::markdown(&haystack[..range.start]),
            text::markdown(&haystack[range.clone()]),
            text::markdown(&haystack[range.end..])
        ),
        None => text::markdown(haystack),
    }
}

/// Everything known about one citation, as a list.
fn details(out: &mut String, c: &CitationReport) {
    let _ = writeln!(
        out,
        "### {} · {} · {} — {}\n",
        text::markdown(&c.id),
        text::markdown(c.outlet.as_deref().unwrap_or("no outlet")),
        c.date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "no date".into()),
        c.severity
    );
    if let Some(action) = c.action.as_deref().filter(|_| c.severity > Severity::Ok) {
        let _ = writeln!(out, "- **To do:** {}", text::markdown(action));
    }
    let _ = writeln!(
        out,
        "- **Claim** (line {}): {}",
        c.line,
        text::markdown(&c.claim)
    );
    if !c.context.is_empty() {
        let _ = writeln!(out, "- **Context:** {}", text::markdown(&c.context));
    }
    match &c.title {
        Some(title) => {
            let _ = writeln!(out, "- **Page checked:** “{}”", text::markdown(title));
        }
        None => out.push_str("- **Page checked:** none was read\n"),
    }
    if let Some(url) = &c.url {
        let _ = writeln!(out, "- **Source:** {}", link(url));
    }
    let mut link_line = format!(
        "- **Link:** {} (`{}`",
        link_words(c.link.status),
        c.link.status
    );
    if let Some(code) = super::http_code_unsaid(c) {
        let _ = write!(link_line, ", HTTP {code}");
    }
    link_line.push(')');
    let label = suspect_label(c);
    if !label.is_empty() {
        let _ = write!(link_line, ", {label}");
    }
    // Only what the status and the code do not already say ("HTTP 404" once).
    if let Some(detail) = link_detail(&c.link) {
        let _ = write!(link_line, ": {}", text::markdown(&detail));
    }
    let _ = writeln!(out, "{link_line}");
    if !c.link.redirects.is_empty() {
        let chain: Vec<String> = c.link.redirects.iter().map(|u| link(u)).collect();
        let _ = writeln!(out, "- **Redirects:** {}", chain.join(" → "));
    }
    let _ = writeln!(
        out,
        "- **Verdict:** {} (`{}`)",
        verdict_words(c.verdict),
        c.verdict
    );
    for quote in &c.quotes {
        let _ = write!(
            out,
            "- **Quote** “{}”: {}",
            text::markdown(&quote.text),
            text::markdown(&quote_outcome(quote))
        );
        match (&quote.excerpt, quote.match_kind) {
            (Some(excerpt), QuoteMatch::None) => {
                let _ = write!(
                    out,
                    " — the source's closest passage: {}",
                    text::markdown(excerpt)
                );
            }
            (Some(excerpt), _) => {
                let _ = write!(out, " — {}", marked(excerpt, &quote.text));
            }
            (None, _) => {}
        }
        out.push('\n');
    }
    let facts: Vec<_> = c.evidence.numbers.iter().chain(&c.evidence.names).collect();
    let found: Vec<String> = facts
        .iter()
        .filter(|f| f.found)
        .map(|f| text::markdown(&f.text))
        .collect();
    let missing: Vec<String> = facts
        .iter()
        .filter(|f| !f.found && f.source_value.is_none())
        .map(|f| text::markdown(&f.text))
        .collect();
    for fact in facts.iter().filter(|f| f.source_value.is_some()) {
        let _ = write!(
            out,
            "- **Figure contradicted:** the claim says “{}”, the source says “{}”",
            text::markdown(&fact.text),
            text::markdown(fact.source_value.as_deref().unwrap_or_default())
        );
        if let Some(excerpt) = &fact.excerpt {
            let _ = write!(out, " — {}", text::markdown(excerpt));
        }
        out.push('\n');
    }
    if !found.is_empty() {
        let _ = writeln!(out, "- **Facts found:** {}", found.join(", "));
    }
    if !missing.is_empty() {
        let _ = writeln!(out, "- **Facts missing:** {}", missing.join(", "));
    }
    if let Some(date) = date_line(c) {
        let _ = writeln!(out, "- **Date:** {date}");
    }
    if let (Some((how, list)), Some(resolution)) = (found_by(c), &c.resolution) {
        let candidates: Vec<String> = if list {
            resolution
                .candidates
                .iter()
                .take(5)
                .map(|k| format!("{} ({:.2})", link(&k.url), k.score))
                .collect()
        } else {
            Vec::new()
        };
        let _ = writeln!(
            out,
            "- **Found by:** {}{}{}",
            text::markdown(&how),
            if candidates.is_empty() {
                ""
            } else {
                "; candidates: "
            },
            candidates.join(", ")
        );
    }
    if let Some(archive) = &c.archive {
        let _ = match (archive.copy(), super::archive_missing_words(archive)) {
            (Some((copy, captured)), _) => writeln!(
                out,
                "- **Archived copy:** {} captured {}, verdict {}",
                link(&citable_archive_url(copy)),
                text::markdown(&crate::model::time::rfc3339(&captured)),
                archive.verdict
            ),
            (None, words) => writeln!(
                out,
                "- **Archived copy:** {}",
                text::markdown(words.as_deref().unwrap_or_default())
            ),
        };
    }
    if let Some(history) = &c.history {
        let _ = writeln!(
            out,
            "- **History:** {}",
            history_words(c, history, text::markdown)
        );
        let before = history.previous.as_ref().and_then(|p| p.excerpt.as_deref());
        if let (Change::ContentChanged, Some(before)) = (history.change, before) {
            let _ = writeln!(out, "- **Passage before:** {}", text::markdown(before));
        }
    }
    // Reasons may contain semicolons themselves: more than one gets a list of its own.
    match c.reasons.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(out, "- **Reason:** {}", text::markdown(one));
        }
        many => {
            out.push_str("- **Reasons:**\n");
            for reason in many {
                let _ = writeln!(out, "  - {}", text::markdown(reason));
            }
        }
    }
    out.push('\n');
}

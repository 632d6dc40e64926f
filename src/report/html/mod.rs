//! The HTML report: one self-contained file for the reader in a browser, phone or desktop.
//!
//! Counts come first, then a table of every citation (problems first) that can be sorted
//! and filtered, then each citation's claim beside its evidence (`citation.rs`). Everything
//! is inline — CSS, a small script, no fonts, images or other requests — so the file can be
//! mailed, attached to a CI run or opened offline.
//!
//! Safety is layered. First, every text from a document or a web page goes through
//! [`text::html`] and only http(s) URLs become links ([`text::safe_url`]). Second, the
//! script embeds no report data and never parses HTML: it sorts and filters the rows that
//! are already in the page by their attributes. Third, a Content-Security-Policy allows only
//! the page's own script (by its SHA-256 hash) and no network access at all, so even an
//! escaping bug could not run a scraped script or send the reader's browser anywhere.

mod citation;

use std::collections::BTreeSet;
use std::fmt::Write;

use data_encoding::BASE64;
use sha2::{Digest, Sha256};

use crate::model::{Report, Severity};

use super::terminal::{link_words, link_words_by_name, verdict_words, verdict_words_by_name};
use super::{
    plural, problems_first, reached_nothing, short_reason, suspect_label, text, to_do, Entry,
};

/// What "suspect" means, where it is shown.
pub(crate) const SUSPECT: &str = "suspect: the link failed, but not yet in enough runs on \
    enough days to be confirmed; it may be a passing failure";

/// The report's stylesheet.
const CSS: &str = include_str!("report.css");
/// The report's only script: sorting and filtering of the citation table.
const SCRIPT: &str = include_str!("report.js");

/// Shorthand: escape scraped text for HTML.
pub(crate) fn h(value: &str) -> std::borrow::Cow<'_, str> {
    text::html(value)
}

/// The Content-Security-Policy of every report: no network, no plugins, inline styles, and
/// only the report's own script.
pub fn content_security_policy() -> String {
    let digest = Sha256::digest(SCRIPT.as_bytes());
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{}'; \
         img-src 'none'; base-uri 'none'; form-action 'none'",
        BASE64.encode(&digest)
    )
}

/// The whole HTML report.
pub fn render(report: &Report) -> String {
    let summary = &report.summary;
    let count = |s: Severity| summary.severity.get(s.as_str()).copied().unwrap_or(0);
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>citecheck report: {}, {}, {}</title>\n\
         <style>\n{CSS}</style>\n</head>\n<body>\n",
        content_security_policy(),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(summary.citations, "citation"),
    );
    header(&mut out, report);
    out.push_str("<main>\n");
    for document in &report.documents {
        for warning in &document.warnings {
            let _ = writeln!(
                out,
                "<p class=\"banner note\"><span class=\"scraped\">{}</span>: {}</p>",
                h(&document.path),
                h(warning)
            );
        }
    }
    for document in report.documents.iter().filter(|d| d.error.is_some()) {
        let _ = writeln!(
            out,
            "<p class=\"banner\">{} could not be checked: <span class=\"scraped\">{}</span></p>",
            h(&document.path),
            h(document.error.as_deref().unwrap_or_default())
        );
    }
    let entries = problems_first(report);
    if entries.is_empty() {
        out.push_str("<p>No citations were found.</p>\n");
    } else {
        what_to_do(&mut out, report);
        table(&mut out, report, &entries);
        out.push_str("<section id=\"details\">\n<h2>Claims and evidence</h2>\n");
        for entry in &entries {
            citation::render(&mut out, entry, report.documents.len() > 1);
        }
        out.push_str("</section>\n");
    }
    let _ = write!(
        out,
        "</main>\n<footer class=\"meta\"><p>citecheck {} · schema {}</p></footer>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        h(&report.schema)
    );
    out
}

/// Title, run state and counts.
fn header(out: &mut String, report: &Report) {
    let summary = &report.summary;
    out.push_str("<header>\n<h1>citecheck report</h1>\n");
    if let Some(line) = reached_nothing(report) {
        let _ = writeln!(
            out,
            "<p class=\"banner\" id=\"unreached\" role=\"alert\">{}</p>",
            h(&line)
        );
    }
    let documents: Vec<String> = report
        .documents
        .iter()
        .map(|d| format!("<span class=\"scraped\">{}</span>", h(&d.path)))
        .collect();
    let shard = report
        .summary
        .shard
        .as_deref()
        .map(|s| {
            format!(
                " · shard {} of a split run (only its hosts' citations)",
                h(s)
            )
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<p class=\"meta\">Generated {} · {}{shard}</p>",
        h(&report.generated_at),
        documents.join(", ")
    );
    if !report.complete {
        out.push_str(
            "<p class=\"banner\" id=\"incomplete\">Incomplete run: it was interrupted, \
             and the citations it did not reach are marked unchecked.</p>\n",
        );
    }
    out.push_str("<div class=\"counts\" id=\"counts\">\n");
    for severity in [Severity::Error, Severity::Warning, Severity::Ok] {
        let n = summary
            .severity
            .get(severity.as_str())
            .copied()
            .unwrap_or(0);
        let _ = writeln!(
            out,
            "<div class=\"count {severity}\" data-severity=\"{severity}\"><b>{n}</b>{}</div>",
            match severity {
                Severity::Error => "errors",
                Severity::Warning => "warnings",
                Severity::Ok => "ok",
            }
        );
    }
    let _ = writeln!(
        out,
        "<div class=\"count\" data-severity=\"all\"><b>{}</b>citations</div>\n</div>",
        summary.citations
    );
    type Words = fn(&str) -> String;
    let chips: [(&str, _, Words); 2] = [
        ("Links", &summary.link, link_words_by_name),
        ("Verdicts", &summary.verdict, verdict_words_by_name),
    ];
    for (label, map, words) in chips {
        let mut pairs: Vec<(&String, &usize)> = map.iter().collect();
        pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let _ = write!(
            out,
            "<ul class=\"chips\" aria-label=\"{label}\"><li><b>{label}</b></li>"
        );
        for (name, n) in pairs {
            let _ = write!(
                out,
                "<li title=\"{}\">{} {n}</li>",
                h(name),
                h(&words(name))
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</header>\n");
}

/// "What to do": one item per citation with an action, problems first, each linking to its
/// card. The first thing a reader with work to do needs.
fn what_to_do(out: &mut String, report: &Report) {
    let todo = to_do(report);
    if todo.is_empty() {
        return;
    }
    out.push_str("<section id=\"todo\">\n<h2>What to do</h2>\n<ol class=\"todo\">\n");
    for (entry, action) in todo {
        let c = entry.citation;
        let _ = writeln!(
            out,
            "<li><span class=\"badge {sev}\">{sev}</span> <a href=\"#{}\">{}</a> \
             <span class=\"scraped\">{}</span>: <span class=\"scraped\">{}</span></li>",
            entry.anchor(),
            h(&c.id),
            h(c.outlet.as_deref().unwrap_or("no outlet")),
            h(action),
            sev = c.severity,
        );
    }
    out.push_str("</ol>\n</section>\n");
}

/// A `<select>` filter over the values present in the report, each shown in words
/// (`label`) and filtering by its report name.
fn select(
    out: &mut String,
    id: &str,
    all: &str,
    values: &BTreeSet<String>,
    label: impl Fn(&str) -> String,
) {
    let _ = write!(
        out,
        "<select id=\"{id}\" aria-label=\"{all}\"><option value=\"\">{all}</option>"
    );
    for value in values {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            h(value),
            h(&label(value))
        );
    }
    out.push_str("</select>\n");
}

/// The sortable, filterable table of citations.
fn table(out: &mut String, report: &Report, entries: &[Entry<'_>]) {
    let many = report.documents.len() > 1;
    let with_history = entries.iter().any(|e| e.citation.history.is_some());
    out.push_str("<section id=\"citations\">\n<h2>Citations</h2>\n");
    out.push_str("<div class=\"controls\" id=\"controls\" role=\"search\" hidden>\n");
    out.push_str(
        "<input type=\"search\" id=\"filter-text\" placeholder=\"Filter: outlet, claim, reason…\" \
         aria-label=\"Filter citations\">\n",
    );
    let severities: BTreeSet<String> = entries
        .iter()
        .map(|e| e.citation.severity.to_string())
        .collect();
    let links: BTreeSet<String> = entries
        .iter()
        .map(|e| e.citation.link.status.to_string())
        .collect();
    let verdicts: BTreeSet<String> = entries
        .iter()
        .map(|e| e.citation.verdict.to_string())
        .collect();
    select(out, "filter-severity", "all severities", &severities, |v| {
        v.to_string()
    });
    select(out, "filter-link", "all link statuses", &links, |v| {
        link_words_by_name(v)
    });
    select(out, "filter-verdict", "all verdicts", &verdicts, |v| {
        verdict_words_by_name(v)
    });
    out.push_str("<span class=\"muted\" id=\"shown\" aria-live=\"polite\"></span>\n</div>\n");
    out.push_str("<div class=\"table-wrap\">\n<table id=\"citation-table\">\n<thead><tr>");
    let mut columns = vec![("order", "#")];
    if many {
        columns.push(("doc", "document"));
    }
    columns.extend([
        ("rank", "severity"),
        ("link", "link"),
        ("verdict", "verdict"),
        ("outlet", "outlet"),
        ("date", "date"),
    ]);
    if with_history {
        columns.push(("change", "change"));
    }
    for (key, label) in &columns {
        let sort = if *key == "rank" {
            " aria-sort=\"descending\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<th scope=\"col\" data-sort=\"{key}\"{sort}><button type=\"button\">{label}</button></th>"
        );
    }
    out.push_str("<th scope=\"col\">reason</th></tr></thead>\n<tbody>\n");
    for (order, entry) in entries.iter().enumerate() {
        row(out, entry, order, many, with_history);
    }
    out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}

fn row(out: &mut String, entry: &Entry<'_>, order: usize, many: bool, with_history: bool) {
    let c = entry.citation;
    let anchor = entry.anchor();
    let rank = c.severity as u8;
    let outlet = c.outlet.as_deref().unwrap_or("");
    let date = c.date.map(|d| d.to_string()).unwrap_or_default();
    let change = c.history.as_ref().map(|h| h.change.as_str()).unwrap_or("");
    let _ = write!(
        out,
        "<tr id=\"row-{anchor}\" data-anchor=\"{anchor}\" data-order=\"{order}\" \
         data-rank=\"{rank}\" data-severity=\"{}\" data-link=\"{}\" data-verdict=\"{}\" \
         data-outlet=\"{}\" data-date=\"{date}\" data-doc=\"{}\" data-change=\"{change}\" \
         data-claim=\"{}\">",
        c.severity,
        c.link.status,
        c.verdict,
        h(outlet),
        h(&entry.document.path),
        h(&c.claim),
    );
    let _ = write!(
        out,
        "<td class=\"id\"><a href=\"#{anchor}\">{}</a></td>",
        h(&c.id)
    );
    if many {
        let _ = write!(
            out,
            "<td class=\"scraped\" data-label=\"document\">{}</td>",
            h(&entry.document.path)
        );
    }
    let label = suspect_label(c);
    let link = if label.is_empty() {
        link_words(c.link.status).to_string()
    } else {
        format!(
            "{} (<abbr title=\"{SUSPECT}\">{label}</abbr>)",
            link_words(c.link.status)
        )
    };
    let _ = write!(
        out,
        "<td class=\"nowrap\"><span class=\"badge {sev}\">{sev}</span></td>\
         <td class=\"nowrap\" data-label=\"link\">{link}</td>\
         <td class=\"nowrap\" data-label=\"verdict\">{}</td>\
         <td class=\"scraped\" data-label=\"outlet\">{}</td>\
         <td class=\"nowrap\" data-label=\"date\">{}</td>",
        verdict_words(c.verdict),
        h(if outlet.is_empty() { "—" } else { outlet }),
        if date.is_empty() { "—" } else { &date },
        sev = c.severity,
    );
    if with_history {
        let _ = write!(
            out,
            "<td class=\"nowrap\" data-label=\"change\">{}</td>",
            if change.is_empty() { "—" } else { change }
        );
    }
    let _ = writeln!(
        out,
        "<td class=\"reason scraped\">{}</td></tr>",
        h(&text::truncate(&short_reason(c), 200))
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_allows_exactly_the_report_script() {
        let policy = content_security_policy();
        assert!(policy.contains("default-src 'none'"));
        let hash = policy
            .split("'sha256-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap();
        assert_eq!(BASE64.decode(hash.as_bytes()).unwrap().len(), 32);
        let script = policy.split("script-src").nth(1).unwrap();
        let script = script.split(';').next().unwrap();
        assert!(!script.contains("unsafe"), "{policy}");
    }
}

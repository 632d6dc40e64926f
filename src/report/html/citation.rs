//! One citation in the HTML report: the claim beside the evidence.
//!
//! The left column is what the article says (claim, context, reasons); the right column is
//! what the source says (each quote with the matched words highlighted in their excerpt,
//! the facts found and missing, the dates). Below them: the link (URL, redirect chain,
//! attempts), how the URL was found, the archived copy and the history. Problems are open
//! by default, verified citations folded, so a reader scrolls through what needs work.

use std::fmt::Write;

use crate::model::{Change, CitationReport, Fact, Quote, QuoteMatch, Severity};
use crate::report::action::citable_archive_url;
use crate::report::terminal::{link_words, verdict_words};
use crate::report::{
    date_line, found_by, highlight, history_words, http_code_unsaid, name_of, plural, quote_badge,
    quote_outcome, short_reason, suspect_label, text, Entry,
};
use crate::verdict::link_detail;

use super::{h, SUSPECT};

/// Appends the `<details>` block of one citation.
pub(super) fn render(out: &mut String, entry: &Entry<'_>, many: bool) {
    let c = entry.citation;
    let anchor = entry.anchor();
    let open = if c.severity > Severity::Ok {
        " open"
    } else {
        ""
    };
    let _ = write!(
        out,
        "<details class=\"citation sev-{sev}\" id=\"{anchor}\"{open}>\n<summary>\
         <span class=\"badge {sev}\">{sev}</span> <b>{}</b> <span class=\"scraped\">{}</span> · {} · \
         link {} · {} — <span class=\"scraped\">{}</span></summary>\n",
        h(&c.id),
        h(c.outlet.as_deref().unwrap_or("no outlet")),
        c.date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "no date".into()),
        link_words(c.link.status),
        verdict_words(c.verdict),
        h(&text::truncate(&short_reason(c), 160)),
        sev = c.severity,
    );
    // What to do comes first: it is what the reader opened the card for.
    if let Some(action) = c.action.as_deref().filter(|_| c.severity > Severity::Ok) {
        let _ = writeln!(
            out,
            "<p class=\"todo-line\"><strong>To do:</strong> <span class=\"scraped\">{}</span></p>",
            h(action)
        );
    }
    out.push_str("<div class=\"pair\">\n");
    claim(out, entry, many);
    evidence(out, c);
    out.push_str("</div>\n");
    source(out, c);
    out.push_str("</details>\n");
}

fn claim(out: &mut String, entry: &Entry<'_>, many: bool) {
    let c = entry.citation;
    out.push_str("<section class=\"claim\">\n<h3>Claim</h3>\n");
    let _ = writeln!(
        out,
        "<p class=\"muted\">{}line {}{}</p>",
        if many {
            format!(
                "<span class=\"scraped\">{}</span>, ",
                h(&entry.document.path)
            )
        } else {
            String::new()
        },
        c.line,
        if c.accessed { " · accessed date" } else { "" }
    );
    let _ = writeln!(
        out,
        "<blockquote class=\"scraped\">{}</blockquote>",
        h(&c.claim)
    );
    if !c.context.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted\">Context: <span class=\"scraped\">{}</span></p>",
            h(&c.context)
        );
    }
    if !c.reasons.is_empty() {
        out.push_str("<h3>Reasons</h3>\n<ul class=\"reasons\">");
        for reason in &c.reasons {
            let _ = write!(out, "<li class=\"scraped\">{}</li>", h(reason));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// `haystack` escaped, with `needle`'s span (if found) in `<mark>`.
fn marked(haystack: &str, needle: &str) -> String {
    match highlight::find(haystack, needle) {
        Some(range) => format!(
            "{}<mark>{}</mark>{}",
            h(&haystack[..range.start]),
            h(&haystack[range.clone()]),
            h(&haystack[range.end..])
        ),
        None => h(haystack).into_owned(),
    }
}

fn quote(out: &mut String, q: &Quote) {
    let _ = write!(
        out,
        "<div class=\"quote match-{}\"><q class=\"scraped\">{}</q> \
         <span class=\"badge\">{}</span>",
        name_of(&q.match_kind),
        h(&q.text),
        h(&quote_badge(q)),
    );
    match (&q.excerpt, q.match_kind) {
        (Some(excerpt), QuoteMatch::None) => {
            let _ = write!(
                out,
                "<p class=\"excerpt closest\"><span class=\"label\">The source's closest \
                 passage:</span> <span class=\"scraped\">{}</span></p>",
                h(excerpt)
            );
        }
        (Some(excerpt), _) => {
            let _ = write!(
                out,
                "<p class=\"excerpt scraped\">{}</p>",
                marked(excerpt, &q.text)
            );
        }
        (None, _) => {}
    }
    let _ = write!(
        out,
        "<p class=\"muted scraped\">{}</p>",
        h(&quote_outcome(q))
    );
    out.push_str("</div>\n");
}

fn facts(out: &mut String, label: &str, facts: &[Fact]) {
    if facts.is_empty() {
        return;
    }
    let _ = write!(out, "<h3>{label}</h3>\n<ul class=\"facts\">");
    for fact in facts {
        let (class, word) = match (&fact.source_value, fact.found) {
            (Some(source), _) => (
                "missing",
                format!(
                    "contradicted: the source says <b class=\"scraped\">{}</b>",
                    h(source)
                ),
            ),
            (None, true) => ("found", "found".to_string()),
            (None, false) => ("missing", "missing".to_string()),
        };
        let _ = write!(
            out,
            "<li class=\"{class}\"><span class=\"scraped\">{}</span> <span class=\"muted\">({})</span> — {word}",
            h(&fact.text),
            h(&fact.value)
        );
        if let Some(excerpt) = &fact.excerpt {
            let needle = fact.source_value.as_deref().unwrap_or(&fact.text);
            let _ = write!(
                out,
                "<p class=\"excerpt scraped\">{}</p>",
                marked(excerpt, needle)
            );
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>\n");
}

fn evidence(out: &mut String, c: &CitationReport) {
    out.push_str("<section class=\"evidence\">\n<h3>Evidence</h3>\n");
    // The page's title heads the evidence: a misquote and a wrong page look alike until
    // the reader sees which page was read.
    match &c.title {
        Some(title) => {
            let _ = writeln!(
                out,
                "<p class=\"page-title\">Page checked: <cite class=\"scraped\">{}</cite></p>",
                h(title)
            );
        }
        None => out.push_str("<p class=\"page-title muted\">No page was read.</p>\n"),
    }
    let _ = writeln!(out, "<p>Verdict: <b>{}</b></p>", verdict_words(c.verdict));
    for q in &c.quotes {
        quote(out, q);
    }
    facts(out, "Numbers", &c.evidence.numbers);
    facts(out, "Names", &c.evidence.names);
    if let Some(date) = date_line(c) {
        let _ = writeln!(out, "<p>Date: {}</p>", date_html(&date));
    }
    if let Some(language) = &c.language {
        let _ = writeln!(
            out,
            "<p class=\"muted\">Source language: {}</p>",
            h(language)
        );
    }
    out.push_str("</section>\n");
}

/// A link for an http(s) URL, plain escaped text for anything else.
fn url(value: &str) -> String {
    match text::safe_url(value) {
        Some(safe) => format!(
            "<a href=\"{}\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">{}</a>",
            h(&safe),
            h(value)
        ),
        None => format!("<span class=\"scraped unsafe-url\">{}</span>", h(value)),
    }
}

fn source(out: &mut String, c: &CitationReport) {
    out.push_str("<section class=\"source\">\n<h3>Source</h3>\n<dl>\n");
    if let Some(u) = &c.url {
        let _ = writeln!(out, "<dt>URL</dt><dd>{}</dd>", url(u));
    }
    let label = suspect_label(c);
    let _ = writeln!(
        out,
        "<dt>Link</dt><dd>{} <code>{}</code>{}{}</dd>",
        link_words(c.link.status),
        c.link.status,
        http_code_unsaid(c)
            .map(|code| format!(" (HTTP {code})"))
            .unwrap_or_default(),
        if label.is_empty() {
            String::new()
        } else {
            format!(" · <b>{label}</b> <span class=\"muted\">({SUSPECT})</span>")
        }
    );
    // Only what the status and the code do not already say ("HTTP 404" once).
    if let Some(detail) = link_detail(&c.link) {
        let _ = writeln!(
            out,
            "<dt>Error</dt><dd class=\"scraped\">{}</dd>",
            h(&detail)
        );
    }
    if !c.link.redirects.is_empty() {
        out.push_str("<dt>Redirects</dt><dd><ol class=\"redirects\">");
        for hop in &c.link.redirects {
            let _ = write!(out, "<li>{}</li>", url(hop));
        }
        out.push_str("</ol></dd>\n");
    }
    if let Some(final_url) = &c.link.final_url {
        let _ = writeln!(out, "<dt>Final URL</dt><dd>{}</dd>", url(final_url));
    }
    // A link never requested (dry run, unresolved, invalid) has no requests to show.
    if c.link.attempts > 0 {
        let _ = writeln!(
            out,
            "<dt>Requests</dt><dd>{} in {} ms</dd>",
            plural(c.link.attempts as usize, "request"),
            c.link.elapsed_ms
        );
    }
    if let Some(published) = c.published {
        let _ = writeln!(out, "<dt>Published</dt><dd>{published}</dd>");
    }
    if let (Some((how, list)), Some(resolution)) = (found_by(c), &c.resolution) {
        let _ = writeln!(out, "<dt>Found by</dt><dd>{}</dd>", h(&how));
        if list {
            out.push_str("<dt>Candidates</dt><dd><ol class=\"candidates\">");
            for candidate in &resolution.candidates {
                let _ = write!(
                    out,
                    "<li>{} <span class=\"muted\">{:.2}</span></li>",
                    url(&candidate.url),
                    candidate.score
                );
            }
            out.push_str("</ol></dd>\n");
        }
    }
    if let Some(archive) = &c.archive {
        let _ = match (
            archive.copy(),
            crate::report::archive_missing_words(archive),
        ) {
            (Some((copy, captured)), _) => writeln!(
                out,
                "<dt>Archived copy</dt><dd>{} · captured {} · verdict {}</dd>",
                url(&citable_archive_url(copy)),
                h(&crate::model::time::rfc3339(&captured)),
                archive.verdict
            ),
            (None, words) => writeln!(
                out,
                "<dt>Archived copy</dt><dd>{}</dd>",
                h(words.as_deref().unwrap_or_default())
            ),
        };
    }
    if let Some(history) = &c.history {
        let _ = writeln!(
            out,
            "<dt>History</dt><dd>{}</dd>",
            history_words(c, history, |t| h(t).into_owned())
        );
        let before = history.previous.as_ref().and_then(|p| p.excerpt.as_deref());
        if let (Change::ContentChanged, Some(before)) = (history.change, before) {
            let _ = writeln!(
                out,
                "<dt>Passage before</dt><dd class=\"scraped\">{}</dd>",
                h(before)
            );
        }
    }
    out.push_str("</dl>\n</section>\n");
}

/// The date line with its agreement coloured: "(agree)" found, "(differ)" missing.
fn date_html(line: &str) -> String {
    let escaped = h(line).into_owned();
    escaped
        .replace(" (agree)", " — <span class=\"found\">agree</span>")
        .replace(" (differ)", " — <span class=\"missing\">differ</span>")
}

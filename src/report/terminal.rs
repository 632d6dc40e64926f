//! The editor's table in the terminal: one row per citation — number, severity, outlet,
//! cited date, link status, verdict and a short reason — fitted to the terminal's width,
//! then what to do about each citation that needs something.
//!
//! Plain text unless colour is asked for ([`Style::color`]: `--color`, never when
//! `NO_COLOR` is set), so it reads the same in a terminal, a log and a pasted issue; colour
//! only repeats the severity word, never replaces it. On a terminal long reasons are cut to
//! keep one row per line; in a log or a pipe ([`Style::wrap`]) they wrap instead, so nothing
//! is lost. The link and verdict columns use words that cannot be confused ([`link_words`],
//! [`verdict_words`]): a page missing (404) is not a quote not found. Widths are measured in
//! display columns (CJK and emoji take two), and every scraped text is neutralised by
//! [`text::terminal`] first, so a page cannot smuggle escape sequences or bidirectional
//! overrides into the editor's screen.

use std::fmt::Write;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::{CitationReport, Hosts, LinkStatus, Report, Severity, Verdict};

use super::{by_document, markdown::severity_counts, plural, short_reason, suspect_label, text};

/// Narrowest width the table is laid out for; narrower terminals get rows that wrap.
const MIN_WIDTH: usize = 60;
/// The reason column never gets fewer columns than this.
const MIN_REASON: usize = 16;
/// When wrapping, a reason column narrower than this puts the reason below its row.
const WRAP_BELOW: usize = 40;
/// Indent of a reason put below its row.
const REASON_INDENT: usize = 4;

/// How the table is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Columns available (80 is a good default when unknown).
    pub width: usize,
    /// Wrap long reasons and actions onto further lines instead of cutting them (for logs
    /// and pipes, where the whole text matters more than one line per row).
    pub wrap: bool,
    /// Colour the severity column with ANSI escapes.
    pub color: bool,
}

impl Style {
    /// Cut to `width`, no colour: the table as a terminal of that width shows it.
    pub fn plain(width: usize) -> Style {
        Style {
            width,
            wrap: false,
            color: false,
        }
    }
}

/// `--color`: `always`, `never`, or `auto` (a terminal on stdout), `NO_COLOR` (any value)
/// turning `auto` and `always` off, as <https://no-color.org> asks.
pub fn use_color(choice: &str, stdout_is_terminal: bool, no_color: bool) -> bool {
    !no_color
        && match choice {
            "always" => true,
            "never" => false,
            _ => stdout_is_terminal,
        }
}

/// The link column's words: what was observed, in words that cannot be read as a verdict
/// ("page missing (404)", never a bare "not_found").
pub fn link_words(status: LinkStatus) -> &'static str {
    use LinkStatus::*;
    match status {
        Ok => "ok",
        Redirected => "moved",
        NotFound => "page missing (404)",
        Gone => "page gone (410)",
        ClientError => "refused (4xx)",
        ServerError => "server error (5xx)",
        Timeout => "timed out",
        DnsError => "unknown host",
        NetworkError => "no connection",
        TlsError => "TLS failed",
        RedirectLoop => "redirect loop",
        RobotsDisallowed => "robots.txt forbids",
        Blocked => "blocked",
        RateLimited => "rate-limited (429)",
        Soft404 => "soft 404",
        TooLarge => "too large",
        InvalidUrl => "bad URL",
        Unresolved => "no page found",
        NotCaptured => "not in capture",
        Unchecked => "not fetched",
    }
}

/// The verdict column's words: does the source say it ("not in source", never the link's
/// "not found").
pub fn verdict_words(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Verified => "verified",
        Verdict::Partial => "partly",
        Verdict::NotFound => "not in source",
        Verdict::Unverifiable => "unreadable",
        Verdict::Unchecked => "not checked",
    }
}

/// [`link_words`] for a status by its report name (`"not_found"`), as the summary's
/// counts key them; an unknown name stays as it is.
pub fn link_words_by_name(name: &str) -> String {
    LinkStatus::ALL
        .iter()
        .find(|s| s.as_str() == name)
        .map_or_else(|| name.to_string(), |s| link_words(*s).to_string())
}

/// [`verdict_words`] for a verdict by its report name (`"not_found"`); an unknown name
/// stays as it is.
pub fn verdict_words_by_name(name: &str) -> String {
    [
        Verdict::Verified,
        Verdict::Partial,
        Verdict::NotFound,
        Verdict::Unverifiable,
        Verdict::Unchecked,
    ]
    .iter()
    .find(|v| v.as_str() == name)
    .map_or_else(|| name.to_string(), |v| verdict_words(*v).to_string())
}

/// The line a run that reached nothing starts with: requests went out and no host gave
/// any HTTP response, so no row below says anything about the sources.
pub fn reached_nothing(hosts: &Hosts) -> String {
    format!(
        "no host answered: requests went to {} and none gave an HTTP response (offline, or a \
         proxy or firewall in the way?); nothing was checked, so the run fails",
        plural(hosts.contacted, "host")
    )
}

/// The table for a report, at most `width` columns wide, cut to fit ([`Style::plain`]).
pub fn table(report: &Report, width: usize) -> String {
    table_styled(report, Style::plain(width))
}

/// The table for a report in the given style. Citations are grouped by document — each
/// document's heading once, when there are several — and listed problems first within each;
/// then "what to do", one line per citation with an action; then the counts.
pub fn table_styled(report: &Report, style: Style) -> String {
    let width = style.width.max(MIN_WIDTH);
    let entries = by_document(report);
    let rows: Vec<[String; 7]> = entries
        .iter()
        .map(|e| {
            let c = e.citation;
            let label = suspect_label(c);
            let link = if label.is_empty() {
                link_words(c.link.status).to_string()
            } else {
                format!("{} ({label})", link_words(c.link.status))
            };
            [
                text::terminal(&c.id).into_owned(),
                c.severity.to_string(),
                text::terminal(c.outlet.as_deref().unwrap_or("—")).into_owned(),
                c.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                link,
                verdict_words(c.verdict).to_string(),
                text::terminal(&short_reason(c)).into_owned(),
            ]
        })
        .collect();
    let header = [
        "#", "severity", "outlet", "date", "link", "verdict", "reason",
    ];
    let caps = [6, 8, 18, 10, 28, 13];
    let mut widths = [0usize; 6];
    for (i, cap) in caps.iter().enumerate() {
        widths[i] = rows
            .iter()
            .map(|r| r[i].width())
            .chain(std::iter::once(header[i].width()))
            .max()
            .unwrap_or(0)
            .min(*cap);
    }
    // Narrow terminals: shrink the widest column that can still give, until the reason
    // column gets its minimum (dates and severities are never cut). If it still cannot,
    // the reasons go below their rows.
    let floors = [2, 8, 5, 10, 9, 8];
    let budget = width.saturating_sub(2 * widths.len() + MIN_REASON);
    while widths.iter().sum::<usize>() > budget {
        let widest = (0..widths.len())
            .filter(|&i| widths[i] > floors[i])
            .max_by_key(|&i| widths[i]);
        match widest {
            Some(i) => widths[i] -= 1,
            None => break,
        }
    }
    let fixed: usize = widths.iter().sum::<usize>() + 2 * widths.len();
    let cramped = fixed + MIN_REASON > width;
    let reason = if cramped {
        width.saturating_sub(fixed)
    } else {
        width.saturating_sub(fixed).max(MIN_REASON)
    };

    let mut out = String::new();
    let line = |cells: [&str; 7], severity: Option<Severity>| {
        let mut row = String::new();
        for (i, w) in widths.iter().enumerate() {
            let cell = fit(cells[i], *w);
            match severity.filter(|_| i == 1 && style.color) {
                Some(s) => row.push_str(&paint(&cell, s)),
                None => row.push_str(&cell),
            }
            row.push_str("  ");
        }
        // Wrapping into a narrow column makes a tall, thin row: below the row, indented,
        // the reason gets the whole width instead.
        let below = (cramped || (style.wrap && reason < WRAP_BELOW)) && severity.is_some();
        let room = width - REASON_INDENT;
        let (pieces, indent) = match (style.wrap, below) {
            (true, true) => (wrap(cells[6], room), REASON_INDENT),
            (false, true) => (vec![fit(cells[6], room)], REASON_INDENT),
            (true, false) => (wrap(cells[6], reason), fixed),
            (false, false) => (vec![fit(cells[6], reason)], fixed),
        };
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 || below {
                let trimmed = row.trim_end().len();
                row.truncate(trimmed);
                row.push('\n');
                row.push_str(&" ".repeat(indent));
            }
            row.push_str(piece);
        }
        let trimmed = row.trim_end().len();
        row.truncate(trimmed);
        row
    };
    let many = report.documents.len() > 1;
    let mut current = None;
    if !many {
        let _ = writeln!(out, "{}", line(header, None));
    }
    for (entry, row) in entries.iter().zip(&rows) {
        if many && current != Some(entry.document_index) {
            current = Some(entry.document_index);
            let _ = writeln!(out, "\n{}", text::terminal(&entry.document.path));
            let _ = writeln!(out, "{}", line(header, None));
        }
        let cells = [
            row[0].as_str(),
            row[1].as_str(),
            row[2].as_str(),
            row[3].as_str(),
            row[4].as_str(),
            row[5].as_str(),
            row[6].as_str(),
        ];
        let _ = writeln!(out, "{}", line(cells, Some(entry.citation.severity)));
    }
    for document in &report.documents {
        for warning in &document.warnings {
            let _ = writeln!(
                out,
                "{}: note: {}",
                text::terminal(&document.path),
                text::terminal(warning)
            );
        }
        if let Some(error) = &document.error {
            let _ = writeln!(
                out,
                "{}: could not be checked: {}",
                text::terminal(&document.path),
                text::terminal(error)
            );
        }
    }
    if entries.iter().any(|e| e.citation.suspect) {
        // "suspect" is explained where it is shown.
        let note = "suspect: the link failed, but not yet in enough runs on enough days to \
                    be confirmed; it may pass next time";
        for line in wrap(note, width) {
            let _ = writeln!(out, "{line}");
        }
    }
    what_to_do(&mut out, report, style, width);
    let _ = writeln!(
        out,
        "{}: {}{}",
        plural(report.summary.citations, "citation"),
        severity_counts(&report.summary),
        if report.complete {
            ""
        } else {
            " (incomplete: interrupted)"
        }
    );
    out
}

/// "What to do:" and one line per citation with an action, problems first, each action
/// cut or wrapped to the width like the reasons.
fn what_to_do(out: &mut String, report: &Report, style: Style, width: usize) {
    let todo: Vec<(&str, &CitationReport, &str)> = by_document(report)
        .into_iter()
        .filter(|e| e.citation.severity > Severity::Ok)
        .filter_map(|e| {
            let action = e.citation.action.as_deref()?;
            Some((e.document.path.as_str(), e.citation, action))
        })
        .collect();
    if todo.is_empty() {
        return;
    }
    let _ = writeln!(out, "What to do:");
    let many = report.documents.len() > 1;
    for (path, citation, action) in todo {
        let id = if many {
            format!("{}#{}", text::terminal(path), text::terminal(&citation.id))
        } else {
            text::terminal(&citation.id).into_owned()
        };
        let head = format!("  {id}  ");
        let indent = head.width().min(width / 2);
        let room = width.saturating_sub(indent).max(MIN_REASON);
        let action = text::terminal(action);
        let pieces = if style.wrap {
            wrap(&action, room)
        } else {
            vec![fit(&action, room)]
        };
        for (i, piece) in pieces.iter().enumerate() {
            let lead = if i == 0 {
                fit(&head, indent)
            } else {
                " ".repeat(indent)
            };
            let _ = writeln!(out, "{}", format!("{lead}{piece}").trim_end());
        }
    }
}

/// The severity word in its colour: red errors, yellow warnings, green ok.
fn paint(cell: &str, severity: Severity) -> String {
    let code = match severity {
        Severity::Error => "31;1",
        Severity::Warning => "33",
        Severity::Ok => "32",
    };
    format!("\u{1b}[{code}m{cell}\u{1b}[0m")
}

/// `text` broken at spaces into lines of at most `width` display columns; a word longer
/// than a line gets a line of its own, whole.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let needed = if current.is_empty() {
            word.width()
        } else {
            current.width() + 1 + word.width()
        };
        if needed <= width {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        // A word longer than a line (a URL) stands alone, whole: cut, it would not work.
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// The width to lay the table out for: the terminal's when stdout is one, else `COLUMNS`,
/// else 100 (logs and pipes get a readable, stable width).
pub fn width() -> usize {
    if let Some((_, columns)) = console::Term::stdout().size_checked() {
        return usize::from(columns);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c: &usize| c > 0)
        .unwrap_or(100)
}

/// `cell` cut or padded to exactly `width` display columns.
fn fit(cell: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    if cell.width() > width {
        for c in cell.chars() {
            let w = c.width().unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            out.push(c);
            used += w;
        }
        out.push('…');
        used += 1;
    } else {
        out.push_str(cell);
        used = cell.width();
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_fit_in_display_columns() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("中文字", 4), "中… ");
        assert_eq!(fit("中文字", 4).width(), 4);
    }

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        assert_eq!(wrap("the page is gone", 8), ["the page", "is gone"]);
        assert_eq!(
            wrap("a http://x.example/long b", 6),
            ["a", "http://x.example/long", "b"]
        );
        assert_eq!(wrap("", 4), [""]);
        for line in wrap("中文 字字 abc 中 de", 4) {
            assert!(line.width() <= 4, "{line}");
        }
    }

    #[test]
    fn no_color_wins_over_always() {
        assert!(use_color("always", false, false));
        assert!(!use_color("always", true, true));
        assert!(use_color("auto", true, false));
        assert!(!use_color("auto", false, false));
        assert!(!use_color("never", true, false));
    }
}

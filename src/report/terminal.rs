//! The editor's table in the terminal: one row per citation — number, outlet, cited date,
//! link status, verdict and a short reason — fitted to the terminal's width.
//!
//! Plain text only (no colours), so it reads the same in a terminal, a log and a pasted
//! issue. Widths are measured in display columns (CJK and emoji take two), and every
//! scraped text is neutralised by [`text::terminal`] first, so a page cannot smuggle escape
//! sequences or bidirectional overrides into the editor's screen.

use std::fmt::Write;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::Report;

use super::{by_document, markdown::severity_counts, plural, short_reason, suspect_label, text};

/// Narrowest width the table is laid out for; narrower terminals get rows that wrap.
const MIN_WIDTH: usize = 60;
/// The reason column never gets fewer columns than this.
const MIN_REASON: usize = 16;

/// The table for a report, at most `width` columns wide (80 is a good default when the
/// terminal's width is unknown). Citations are grouped by document — each document's
/// heading once, when there are several — and listed problems first within each.
pub fn table(report: &Report, width: usize) -> String {
    let width = width.max(MIN_WIDTH);
    let entries = by_document(report);
    let rows: Vec<[String; 6]> = entries
        .iter()
        .map(|e| {
            let c = e.citation;
            let label = suspect_label(c);
            let link = if label.is_empty() {
                c.link.status.to_string()
            } else {
                format!("{} ({label})", c.link.status)
            };
            [
                text::terminal(&c.id).into_owned(),
                text::terminal(c.outlet.as_deref().unwrap_or("—")).into_owned(),
                c.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                link,
                c.verdict.to_string(),
                text::terminal(&short_reason(c)).into_owned(),
            ]
        })
        .collect();
    let header = ["#", "outlet", "date", "link", "verdict", "reason"];
    let caps = [6, 18, 10, 24, 12];
    let mut widths = [0usize; 5];
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
    // column gets its minimum (dates are never cut).
    let floors = [2, 5, 10, 9, 8];
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
    let reason = width.saturating_sub(fixed).max(MIN_REASON);

    let mut out = String::new();
    let line = |cells: [&str; 6]| {
        let mut row = String::new();
        for (i, w) in widths.iter().enumerate() {
            row.push_str(&fit(cells[i], *w));
            row.push_str("  ");
        }
        row.push_str(&fit(cells[5], reason));
        row.trim_end().to_string()
    };
    let many = report.documents.len() > 1;
    let mut current = None;
    if !many {
        let _ = writeln!(out, "{}", line(header));
    }
    for (entry, row) in entries.iter().zip(&rows) {
        if many && current != Some(entry.document_index) {
            current = Some(entry.document_index);
            let _ = writeln!(out, "\n{}", text::terminal(&entry.document.path));
            let _ = writeln!(out, "{}", line(header));
        }
        let cells = [
            row[0].as_str(),
            row[1].as_str(),
            row[2].as_str(),
            row[3].as_str(),
            row[4].as_str(),
            row[5].as_str(),
        ];
        let _ = writeln!(out, "{}", line(cells));
    }
    for document in &report.documents {
        if let Some(error) = &document.error {
            let _ = writeln!(
                out,
                "{}: could not be checked: {}",
                text::terminal(&document.path),
                text::terminal(error)
            );
        }
    }
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
}

//! What the editor should do about a citation: one imperative sentence (the report's
//! `action`), and the same fix as data a tool can apply (the `<stem>.fixes.json` list).
//!
//! A report says what was found; the editor at the moment of decision needs what to do. The
//! rules go from the surest finding to the weakest, and the first that applies wins: a
//! figure the source contradicts, a quote the source does not have, a dead link with an
//! archived copy, a page that moved, a dead link, a cited date the source disagrees with, a
//! claim the source does not have, a page found by discovery (add its link). Nothing to do
//! gives `None`. The sentence and the fix come from one [`Fix`], so they never disagree.

use serde::{Deserialize, Serialize};

use crate::model::{
    ArchiveLookup, ArchivedCopy, CitationReport, LinkStatus, QuoteMatch, ResolutionMethod,
    Severity, Verdict,
};
use crate::verdict::link_reason;

/// The kind of change a fix makes to the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FixKind {
    /// Replace the link (`old`) with another URL (`new`): an archived copy or where the
    /// page moved.
    ReplaceUrl,
    /// Add a link (`new`) the document lacks.
    AddUrl,
    /// Replace a figure of the claim (`old`) with the source's (`new`).
    FixFigure,
    /// Correct a quote (`old`); `new` is the closest passage of the source, for the editor
    /// to read, not to paste.
    FixQuote,
    /// Correct the cited date (`old`) to the source's publication date (`new`).
    FixDate,
    /// Nothing to replace mechanically: read the source and decide.
    Review,
}

/// One citation's fix: what to change, from what, to what, and the sentence that says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    /// The kind of change.
    pub kind: FixKind,
    /// The text of the document to change (a URL, a figure, a quote, a date), when there is
    /// one.
    pub old: Option<String>,
    /// The proposed replacement (a URL, a figure, a date), or the passage to compare with.
    pub new: Option<String>,
    /// The imperative sentence for the editor (the report's `action`).
    pub action: String,
}

/// The citable form of an archived copy's address: the Wayback Machine's raw `id_` form
/// (`/web/20240228093000id_/http://…`, the page as captured, for reading) becomes the page
/// readers can open and cite (`/web/20240228093000/http://…`). Other addresses are kept.
///
/// ```
/// use citecheck::report::action::citable_archive_url;
/// assert_eq!(
///     citable_archive_url("https://web.archive.org/web/20240228093000id_/http://a.example/x"),
///     "https://web.archive.org/web/20240228093000/http://a.example/x"
/// );
/// assert_eq!(citable_archive_url("https://example.org/x"), "https://example.org/x");
/// ```
pub fn citable_archive_url(url: &str) -> String {
    let Some(at) = url.find("/web/") else {
        return url.to_string();
    };
    let rest = &url[at + 5..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    match rest.get(digits..) {
        Some(tail) if digits >= 4 && tail.starts_with("id_/") => {
            format!("{}/web/{}/{}", &url[..at], &rest[..digits], &tail[4..])
        }
        _ => url.to_string(),
    }
}

/// The report's `action` for a citation: [`fix_of`]'s sentence.
pub fn action_of(citation: &CitationReport) -> Option<String> {
    fix_of(citation).map(|fix| fix.action)
}

/// The citation's fix, or `None` when nothing needs doing.
pub fn fix_of(c: &CitationReport) -> Option<Fix> {
    if let Some(fact) = c.evidence.numbers.iter().find(|f| f.source_value.is_some()) {
        let source = fact.source_value.clone().unwrap_or_default();
        return Some(Fix {
            kind: FixKind::FixFigure,
            action: format!(
                "Fix the figure: the source says '{source}', not '{}'.",
                fact.text
            ),
            old: Some(fact.text.clone()),
            new: Some(source),
        });
    }
    let read =
        c.link.status.is_readable() || c.archive.as_ref().is_some_and(|a| a.copy().is_some());
    if let Some(quote) = c.quotes.iter().find(|q| misquoted(q.match_kind, q.score)) {
        if read {
            let action = match &quote.excerpt {
                Some(passage) => format!(
                    "Fix the quote: the source does not say “{}”; its closest passage reads “{}”.",
                    quote.text,
                    shortened(passage, PASSAGE_IN_ACTION)
                ),
                None => format!(
                    "Fix the quote or its source: the page does not say “{}”.",
                    quote.text
                ),
            };
            return Some(Fix {
                kind: FixKind::FixQuote,
                old: Some(quote.text.clone()),
                new: quote.excerpt.clone(),
                action,
            });
        }
    }
    let status = c.link.status;
    if status.is_broken() {
        if let Some((copy, _)) = c
            .archive
            .as_ref()
            .filter(|a| matches!(a.verdict, Verdict::Verified | Verdict::Partial))
            .and_then(ArchivedCopy::copy)
        {
            let citable = citable_archive_url(copy);
            return Some(Fix {
                kind: FixKind::ReplaceUrl,
                old: c.url.clone(),
                action: format!("Replace the link with the archived copy {citable}"),
                new: Some(citable),
            });
        }
    }
    if status == LinkStatus::Redirected {
        if let Some(to) = &c.link.final_url {
            return Some(Fix {
                kind: FixKind::ReplaceUrl,
                old: c.url.clone(),
                new: Some(to.clone()),
                action: format!("Update the URL to {to}, where the page moved."),
            });
        }
    }
    if status.is_broken() && c.severity >= Severity::Warning {
        let why = link_reason(&c.link);
        let action = match status {
            LinkStatus::NotFound | LinkStatus::Gone | LinkStatus::Soft404 => {
                match c.archive.as_ref().map(|a| a.lookup) {
                    Some(ArchiveLookup::Failed) => format!(
                        "Find the page's new address or another source: {why}, and the archive \
                         could not be asked, so whether it has a copy is not known ({}).",
                        c.archive
                            .as_ref()
                            .and_then(|a| a.error.as_deref())
                            .unwrap_or("no reason given")
                    ),
                    _ => format!(
                        "Find the page's new address or another source: {why}, and no archived \
                         copy supports the claim."
                    ),
                }
            }
            LinkStatus::InvalidUrl => format!("Correct the link: {why}."),
            _ => format!("Check the link by hand: {why}."),
        };
        return Some(Fix {
            kind: FixKind::Review,
            old: c.url.clone(),
            new: None,
            action,
        });
    }
    let date = &c.evidence.date;
    if let (Some(false), Some(cited), Some(published)) = (date.matches, date.cited, date.published)
    {
        return Some(Fix {
            kind: FixKind::FixDate,
            old: Some(cited.to_string()),
            new: Some(published.to_string()),
            action: if date.cites_the_update() {
                format!(
                    "Fix the date: the source was published {published}; {cited} is when it \
                     was updated."
                )
            } else {
                format!("Fix the date: the source was published {published}, not {cited}.")
            },
        });
    }
    if c.verdict == Verdict::NotFound {
        return Some(Fix {
            kind: FixKind::Review,
            old: None,
            new: None,
            action: match &c.title {
                Some(title) => format!(
                    "Check the claim against the source: the page “{title}” does not say it."
                ),
                None => "Check the claim against the source: the page does not say it.".to_string(),
            },
        });
    }
    // A dry run searched nothing: "no page was found" would not be true.
    if status == LinkStatus::Unresolved
        && c.severity >= Severity::Warning
        && c.verdict != Verdict::Unchecked
    {
        let outlet = c.outlet.as_deref().unwrap_or("the outlet");
        return Some(Fix {
            kind: FixKind::Review,
            old: None,
            new: None,
            action: format!("Add a link to the source: no page of {outlet} was found for it."),
        });
    }
    let resolution = c.resolution.as_ref()?;
    let url = c.url.as_ref()?;
    let found = resolution.method != ResolutionMethod::Link
        && status.is_readable()
        && matches!(c.verdict, Verdict::Verified | Verdict::Partial);
    found.then(|| Fix {
        kind: FixKind::AddUrl,
        old: None,
        new: Some(url.clone()),
        action: format!(
            "Add the link {url} (found through the outlet's {}, confidence {:.2}).",
            super::name_of(&resolution.method),
            resolution.confidence
        ),
    })
}

/// Characters of a closest passage quoted in an action (the report's quote shows it whole).
const PASSAGE_IN_ACTION: usize = 160;

/// `text` without its excerpt marks, cut at a word to at most `max` characters, with "…"
/// where it was cut.
fn shortened(text: &str, max: usize) -> String {
    let text = text.trim().trim_matches('…').trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':']))
}

/// A quote checked word for word that does not verify.
fn misquoted(kind: QuoteMatch, score: f64) -> bool {
    match kind {
        QuoteMatch::None => true,
        QuoteMatch::Fuzzy => score < crate::thresholds::THRESHOLDS.quote_verifies,
        _ => false,
    }
}

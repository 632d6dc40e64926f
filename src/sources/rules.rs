//! The editor's judgements in sources.toml: `[[ignore]]` entries and per-citation URL
//! `[[override]]`s.
//!
//! A nightly run over an archive keeps finding the same things an editor has already
//! looked at: a paywalled outlet that always answers 403, a citation whose source moved and
//! was found by hand. An **ignore** entry silences one of those — by URL pattern, by
//! citation (document + id) or by outlet + date — and must say why and until when: an
//! expired entry no longer applies and is reported, so silences are revisited instead of
//! rotting. An **override** gives the URL to check for a citation (by document and id, or
//! by outlet and date), for sources the resolver cannot find. Both are matched here; the
//! pipeline decides what to do with a match.
//!
//! ```toml
//! [[ignore]]
//! url = "https://www.paywalled.example/*"   # a glob (* and ?) or, without them, a prefix
//! reason = "paywall; verified by hand"
//! expires = 2025-06-30                       # last day it applies
//!
//! [[ignore]]
//! document = "articles/mongolia-china.md"    # matches the end of the document's path
//! citation = "c7"
//! reason = "source retracted; kept for the record"
//! expires = 2025-01-01
//!
//! [[override]]
//! outlet = "Ikon"                            # or document + citation
//! date = 2023-09-27
//! url = "https://ikon.mn/n/2xyz"
//! reason = "found by the editor"             # optional
//! ```

use std::path::{Component, Path};

use chrono::NaiveDate;
use regex::Regex;
use serde::Deserialize;

use crate::model::Citation;

use super::{line_column, name_key, Sources};

/// Which citations an entry applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum CitationSelector {
    /// One citation: a document (matched by the end of its path) and a citation id.
    Citation {
        /// The document path as written in sources.toml.
        document: String,
        /// The citation id (`c7`).
        id: String,
    },
    /// Every citation of an outlet on a date.
    OutletDate {
        /// The outlet as written (matched by name or alias).
        outlet: String,
        /// The cited date.
        date: NaiveDate,
    },
}

/// What an ignore entry applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum IgnoreTarget {
    /// Every citation whose URL matches.
    Url(UrlPattern),
    /// The citations a selector picks.
    Citations(CitationSelector),
}

/// A URL glob (`*` any run of characters, `?` one) or, with neither, a prefix. Matching
/// ignores case.
#[derive(Debug, Clone)]
pub struct UrlPattern {
    /// The pattern as written.
    pub text: String,
    regex: Regex,
}

impl PartialEq for UrlPattern {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl UrlPattern {
    /// Compiles a pattern.
    pub fn new(text: &str) -> Result<UrlPattern, String> {
        let mut source = String::from("(?i)^");
        for c in text.chars() {
            match c {
                '*' => source.push_str(".*"),
                '?' => source.push('.'),
                c => source.push_str(&regex::escape(&c.to_string())),
            }
        }
        if !text.contains(['*', '?']) {
            source.push_str(".*");
        }
        source.push('$');
        let regex = Regex::new(&source).map_err(|e| format!("url pattern {text:?}: {e}"))?;
        Ok(UrlPattern {
            text: text.to_string(),
            regex,
        })
    }

    /// Whether a URL matches.
    pub fn matches(&self, url: &str) -> bool {
        self.regex.is_match(url.trim())
    }
}

/// One `[[ignore]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Ignore {
    /// What it applies to.
    pub target: IgnoreTarget,
    /// Why (shown in reports).
    pub reason: String,
    /// The last day it applies.
    pub expires: NaiveDate,
    /// Its line in sources.toml.
    pub line: usize,
    /// The sources file it was read from, as named on the command line.
    pub file: String,
}

impl Ignore {
    /// Whether the entry still applies on `today`.
    pub fn is_active(&self, today: NaiveDate) -> bool {
        today <= self.expires
    }

    /// "sources.toml:12" style location, for reasons and warnings.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// One `[[override]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The citations it applies to.
    pub target: CitationSelector,
    /// The URL to check instead of resolving one.
    pub url: String,
    /// Why, if given.
    pub reason: Option<String>,
    /// Its line in sources.toml.
    pub line: usize,
}

/// An ignore entry that matched a citation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IgnoreMatch<'a> {
    /// It applies: the citation is not checked.
    Active(&'a Ignore),
    /// It expired: the citation is checked again, and the report says so.
    Expired(&'a Ignore),
}

impl IgnoreMatch<'_> {
    /// The reason a report gives for the match.
    pub fn reason(&self) -> String {
        match self {
            IgnoreMatch::Active(entry) => format!(
                "ignored until {} ({}): {}",
                entry.expires,
                entry.location(),
                entry.reason
            ),
            IgnoreMatch::Expired(entry) => format!(
                "ignore entry expired on {} ({}), checked again: {}",
                entry.expires,
                entry.location(),
                entry.reason
            ),
        }
    }
}

/// An `[[ignore]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IgnoreToml {
    url: Option<String>,
    document: Option<String>,
    citation: Option<String>,
    outlet: Option<String>,
    date: Option<DateToml>,
    reason: Option<String>,
    expires: Option<DateToml>,
}

/// An `[[override]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OverrideToml {
    document: Option<String>,
    citation: Option<String>,
    outlet: Option<String>,
    date: Option<DateToml>,
    url: Option<String>,
    reason: Option<String>,
}

/// A date as a TOML date (`2025-06-30`) or a string (`"2025-06-30"`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum DateToml {
    Date(toml::value::Datetime),
    Text(String),
}

impl DateToml {
    fn to_date(&self, key: &str) -> Result<NaiveDate, String> {
        let text = match self {
            DateToml::Date(d) => d.to_string(),
            DateToml::Text(t) => t.clone(),
        };
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| format!("{key} = {text:?}: expected a date, YYYY-MM-DD"))
    }
}

fn selector(
    document: &Option<String>,
    citation: &Option<String>,
    outlet: &Option<String>,
    date: &Option<DateToml>,
) -> Result<Option<CitationSelector>, String> {
    match (document, citation, outlet, date) {
        (None, None, None, None) => Ok(None),
        (Some(document), Some(id), None, None) if !document.trim().is_empty() => {
            Ok(Some(CitationSelector::Citation {
                document: document.trim().to_string(),
                id: id.trim().to_string(),
            }))
        }
        (None, None, Some(outlet), Some(date)) => Ok(Some(CitationSelector::OutletDate {
            outlet: outlet.clone(),
            date: date.to_date("date")?,
        })),
        _ => Err("give either document and citation, or outlet and date".into()),
    }
}

/// Validates the `[[ignore]]` and `[[override]]` tables; errors carry file positions.
pub(super) fn build(
    text: &str,
    file: &std::path::Path,
    ignores: Vec<toml::Spanned<IgnoreToml>>,
    overrides: Vec<toml::Spanned<OverrideToml>>,
) -> Result<(Vec<Ignore>, Vec<Override>), (usize, String)> {
    let mut built_ignores = Vec::with_capacity(ignores.len());
    for entry in ignores {
        let offset = entry.span().start;
        let line = line_column(text, offset).0;
        let fail = |message: String| (offset, format!("[[ignore]]: {message}"));
        let raw = entry.into_inner();
        let chosen =
            selector(&raw.document, &raw.citation, &raw.outlet, &raw.date).map_err(fail)?;
        let target = match (&raw.url, chosen) {
            (Some(url), None) if !url.trim().is_empty() => {
                IgnoreTarget::Url(UrlPattern::new(url.trim()).map_err(fail)?)
            }
            (None, Some(selector)) => IgnoreTarget::Citations(selector),
            _ => {
                return Err(fail(
                    "give one of: url; document and citation; outlet and date".into(),
                ))
            }
        };
        let reason = raw
            .reason
            .filter(|r| !r.trim().is_empty())
            .ok_or_else(|| fail("a reason is required".into()))?;
        let expires = raw
            .expires
            .ok_or_else(|| fail("an expiry date is required (expires = YYYY-MM-DD)".into()))?
            .to_date("expires")
            .map_err(fail)?;
        built_ignores.push(Ignore {
            target,
            reason,
            expires,
            line,
            file: file.display().to_string(),
        });
    }
    let mut built_overrides = Vec::with_capacity(overrides.len());
    for entry in overrides {
        let offset = entry.span().start;
        let line = line_column(text, offset).0;
        let fail = |message: String| (offset, format!("[[override]]: {message}"));
        let raw = entry.into_inner();
        let target = selector(&raw.document, &raw.citation, &raw.outlet, &raw.date)
            .map_err(fail)?
            .ok_or_else(|| fail("give either document and citation, or outlet and date".into()))?;
        let url = raw.url.ok_or_else(|| fail("url is required".into()))?;
        match url::Url::parse(url.trim()) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {}
            _ => return Err(fail(format!("url {url:?} is not an http(s) URL"))),
        }
        built_overrides.push(Override {
            target,
            url: url.trim().to_string(),
            reason: raw.reason,
            line,
        });
    }
    Ok((built_ignores, built_overrides))
}

/// Whether a document path ends with the path written in sources.toml (components
/// compared, `.` ignored): `articles/a.md` matches `./articles/a.md` and `/srv/articles/a.md`.
pub fn document_matches(written: &str, path: &str) -> bool {
    let parts = |p: &str| -> Vec<String> {
        Path::new(p)
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect()
    };
    let (want, have) = (parts(written), parts(path));
    !want.is_empty() && have.ends_with(&want)
}

impl Sources {
    fn selects(&self, selector: &CitationSelector, document: &str, citation: &Citation) -> bool {
        match selector {
            CitationSelector::Citation { document: d, id } => {
                *id == citation.id && document_matches(d, document)
            }
            CitationSelector::OutletDate { outlet, date } => {
                citation.date == Some(*date)
                    && citation.outlet.as_deref().is_some_and(|written| {
                        name_key(written) == name_key(outlet)
                            || match (self.outlet_by_name(written), self.outlet_by_name(outlet)) {
                                (Some(a), Some(b)) => a.key == b.key,
                                _ => false,
                            }
                    })
            }
        }
    }

    /// The ignore entry for a citation of `document` whose URL (explicit, overridden or
    /// resolved) is `url`: an active entry if one applies on `today`, else an expired one
    /// that would have applied, else none.
    pub fn ignore_for(
        &self,
        document: &str,
        citation: &Citation,
        url: Option<&str>,
        today: NaiveDate,
    ) -> Option<IgnoreMatch<'_>> {
        let matching = self.ignores.iter().filter(|entry| match &entry.target {
            IgnoreTarget::Url(pattern) => url.is_some_and(|u| pattern.matches(u)),
            IgnoreTarget::Citations(selector) => self.selects(selector, document, citation),
        });
        let mut expired = None;
        for entry in matching {
            if entry.is_active(today) {
                return Some(IgnoreMatch::Active(entry));
            }
            expired.get_or_insert(IgnoreMatch::Expired(entry));
        }
        expired
    }

    /// The URL override for a citation of `document`, if sources.toml has one.
    pub fn override_for(&self, document: &str, citation: &Citation) -> Option<&Override> {
        self.overrides
            .iter()
            .find(|entry| self.selects(&entry.target, document, citation))
    }

    /// Ignore entries that have expired by `today` (to warn about once per run).
    pub fn expired_ignores(&self, today: NaiveDate) -> impl Iterator<Item = &Ignore> {
        self.ignores.iter().filter(move |e| !e.is_active(today))
    }
}

#[cfg(test)]
mod tests;

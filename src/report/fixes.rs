//! The fix list (`<stem>.fixes.json`, schema `citecheck/fixes-v1`): for each citation with
//! something to change, where it is (document, line, column), what to change and into what,
//! so an editor's tool or a bot can propose the edits.
//!
//! It is the report's `action` as data ([`super::action::fix_of`]): one entry per citation
//! whose severity is above ok and that has a fix, problems first. `old` is the text of the
//! document to change when there is one (a URL, a figure, a quote, a date), `new` the
//! proposed replacement; a quote's `new` is the source's closest passage, to read before
//! rewriting, never to paste blindly. Scraped text is data here: JSON-escaped like every
//! string, never interpreted.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::action::{fix_of, FixKind};
use super::problems_first;
use crate::model::{Report, Severity};

/// The schema name every fix list carries.
pub const FIXES_SCHEMA: &str = "citecheck/fixes-v1";

/// A run's fix list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FixList {
    /// Always [`FIXES_SCHEMA`].
    pub schema: String,
    /// When the report was made (RFC 3339), as in the report.
    pub generated_at: String,
    /// One entry per citation to fix, errors first.
    pub fixes: Vec<FixEntry>,
}

/// One citation's fix, located in its document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FixEntry {
    /// The document's path as given.
    pub document: String,
    /// The citation's id in the document (`c3`).
    pub id: String,
    /// The citation's stable key (see the report's `key`).
    pub key: String,
    /// 1-based line of the citation.
    pub line: usize,
    /// 1-based column of the citation (0 when unknown).
    pub column: usize,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What kind of change.
    pub kind: FixKind,
    /// The text of the document to change, when there is one.
    pub old: Option<String>,
    /// The proposed replacement (or, for a quote, the passage to compare with).
    pub new: Option<String>,
    /// The sentence for the editor (the report's `action`).
    pub action: String,
}

/// The fix list of a report.
pub fn list(report: &Report) -> FixList {
    let fixes = problems_first(report)
        .into_iter()
        .filter(|e| e.citation.severity > Severity::Ok)
        .filter_map(|e| {
            let c = e.citation;
            let fix = fix_of(c)?;
            Some(FixEntry {
                document: e.document.path.clone(),
                id: c.id.clone(),
                key: c.key.clone(),
                line: c.line,
                column: c.column,
                severity: c.severity,
                kind: fix.kind,
                old: fix.old,
                new: fix.new,
                action: fix.action,
            })
        })
        .collect();
    FixList {
        schema: FIXES_SCHEMA.to_string(),
        generated_at: report.generated_at.clone(),
        fixes,
    }
}

/// The fix list as pretty-printed JSON with a final newline.
pub fn render(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(&list(report)).unwrap_or_default();
    out.push('\n');
    out
}

/// The JSON Schema (draft 2020-12) of the fix list: the text of `schema/fixes-v1.json`.
pub fn schema() -> String {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<FixList>();
    schema.insert("title".into(), FIXES_SCHEMA.into());
    if let Some(object) = schema
        .pointer_mut("/properties/schema")
        .and_then(|f| f.as_object_mut())
    {
        object.insert("const".into(), FIXES_SCHEMA.into());
    }
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}

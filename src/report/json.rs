//! The JSON report (`citecheck/report-v1`) and its published JSON Schema.
//!
//! The JSON report is a direct serialization of [`crate::model::Report`], so tools read the
//! same names the code uses. Its JSON Schema is generated from those same Rust types (with
//! schemars) rather than written by hand, so it cannot drift from what citecheck writes; the
//! checked-in copy under `schema/report-v1.json` is compared with the generated one by a
//! test, and reports are validated against it by another.

use schemars::generate::SchemaSettings;

use crate::model::{Report, REPORT_SCHEMA};
use crate::verdict;

/// The report as pretty-printed JSON, with a final newline.
pub fn render(report: &Report) -> String {
    // Serializing plain structs with string-keyed maps cannot fail.
    let mut out = serde_json::to_string_pretty(report).unwrap_or_default();
    out.push('\n');
    out
}

/// Reads a report back, checking that it is a `citecheck/report-v1` report. What the JSON
/// does not write (whether a broken link is suspect) is derived by the verdict's rule.
pub fn parse(text: &str) -> Result<Report, String> {
    let mut report: Report = serde_json::from_str(text).map_err(|e| {
        format!(
            "line {}, column {}: not a citecheck report: {e}",
            e.line(),
            e.column()
        )
    })?;
    if report.schema != REPORT_SCHEMA {
        return Err(format!(
            "schema {:?} is not {REPORT_SCHEMA:?}: written by another citecheck version",
            report.schema
        ));
    }
    for citation in report.documents.iter_mut().flat_map(|d| &mut d.citations) {
        citation.suspect = verdict::is_suspect(&citation.link, citation.history.as_ref());
    }
    Ok(report)
}

/// The JSON Schema (draft 2020-12) of the report, as pretty-printed JSON with a final
/// newline: the text of `schema/report-v1.json`.
pub fn schema() -> String {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<Report>();
    schema.insert("title".into(), REPORT_SCHEMA.into());
    // The `schema` field is a plain string in Rust; the published schema pins its value.
    if let Some(field) = schema.pointer_mut("/properties/schema") {
        if let Some(object) = field.as_object_mut() {
            object.insert("const".into(), REPORT_SCHEMA.into());
        }
    }
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_pins_the_report_name_and_describes_citations() {
        let schema: serde_json::Value = serde_json::from_str(&schema()).unwrap();
        assert_eq!(schema["properties"]["schema"]["const"], REPORT_SCHEMA);
        assert_eq!(schema["title"], REPORT_SCHEMA);
        let defs = &schema["$defs"];
        assert!(defs["CitationReport"]["properties"]["history"].is_object());
        let statuses = defs["LinkStatus"].to_string();
        assert!(statuses.contains("soft_404") && statuses.contains("robots_disallowed"));
    }

    #[test]
    fn other_schemas_are_refused() {
        let text = r#"{"schema":"citecheck/report-v2","generated_at":"","complete":true,
            "documents":[],"summary":{"citations":0,"link":{},"verdict":{},"severity":{}}}"#;
        assert!(parse(text).unwrap_err().contains("report-v2"));
        assert!(parse("{").unwrap_err().contains("line 1"));
    }
}

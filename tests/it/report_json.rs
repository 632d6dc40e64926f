//! The JSON report and its published schema: the checked-in schema is the generated one,
//! reports validate against it (checked by Python's jsonschema, an independent validator),
//! and broken reports do not.

use crate::report_fixtures;

use citecheck::model::{LinkStatus, Report, Verdict};
use citecheck::report::{self, json, merge, Format};

use report_fixtures::{python, report, root, sample_report};

#[test]
fn checked_in_schema_is_the_generated_one() {
    let path = root().join("schema/report-v1.json");
    let generated = json::schema();
    if std::env::var("CITECHECK_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write schema");
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "schema/report-v1.json is out of date with the Rust types; regenerate it with\n  \
         CITECHECK_BLESS=1 cargo test --test it checked_in_schema_is_the_generated_one"
    );
}

#[test]
fn checked_in_fixes_schema_is_the_generated_one() {
    let path = root().join("schema/fixes-v1.json");
    let generated = report::fixes::schema();
    if std::env::var("CITECHECK_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write schema");
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "schema/fixes-v1.json is out of date with the Rust types; regenerate it with\n  \
         CITECHECK_BLESS=1 cargo test --test it report_json"
    );
    // The sample's problems each get a fix that round-trips through the list's types.
    let text = report::render(&sample_report(), Format::Fixes, None);
    let list: report::fixes::FixList = serde_json::from_str(&text).expect("fix list parses");
    assert_eq!(list.schema, "citecheck/fixes-v1");
    for fix in &list.fixes {
        assert!(fix.severity > citecheck::model::Severity::Ok, "{fix:?}");
        assert!(!fix.action.is_empty(), "{fix:?}");
    }
}

#[test]
fn json_round_trips_and_spells_statuses_as_documented() {
    let sample = sample_report();
    let text = report::render(&sample, Format::Json, None);
    let back: Report = json::parse(&text).expect("parse back");
    assert_eq!(back, sample);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["schema"], "citecheck/report-v1");
    assert_eq!(
        value["documents"][0]["citations"][1]["link"]["status"],
        "not_found"
    );
    assert_eq!(
        value["documents"][0]["citations"][1]["history"]["change"],
        "newly_broken"
    );
    assert_eq!(
        value["documents"][0]["citations"][0]["quotes"][0]["match"],
        "normalized"
    );
    assert_eq!(value["summary"]["severity"]["error"], 2);
    // Every status serializes to the name DESIGN.md and the summary use.
    for status in LinkStatus::ALL {
        assert_eq!(
            serde_json::to_value(status).unwrap(),
            serde_json::Value::String(status.as_str().into()),
            "{status:?}"
        );
    }
}

#[test]
fn reports_validate_against_the_published_schema() {
    let dir = tempfile::tempdir().unwrap();
    let schema = root().join("schema/report-v1.json");
    let mut valid = Vec::new();
    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let sample = sample_report();
    valid.push(write("sample.json", json::render(&sample)));
    valid.push(write(
        "empty.json",
        json::render(&report(Vec::new(), false)),
    ));
    let merged = merge::merge(vec![sample.clone(), report(Vec::new(), true)]).unwrap();
    valid.push(write("merged.json", json::render(&merged)));

    // Broken copies that the schema must reject.
    let mut value: serde_json::Value = serde_json::from_str(&json::render(&sample)).unwrap();
    value["documents"][0]["citations"][0]["severity"] = "fatal".into();
    let bad_severity = write("bad-severity.json", value.to_string());
    let mut value: serde_json::Value = serde_json::from_str(&json::render(&sample)).unwrap();
    value["schema"] = "citecheck/report-v0".into();
    let bad_schema = write("bad-schema.json", value.to_string());
    let mut value: serde_json::Value = serde_json::from_str(&json::render(&sample)).unwrap();
    value["documents"][0]["citations"][0]
        .as_object_mut()
        .unwrap()
        .remove("link");
    let missing_link = write("missing-link.json", value.to_string());
    let mut value: serde_json::Value = serde_json::from_str(&json::render(&sample)).unwrap();
    value["documents"][0]["citations"][0]["link"]["status"] = "soft404".into();
    let old_spelling = write("old-spelling.json", value.to_string());

    let mut args: Vec<&std::path::Path> = vec![schema.as_path()];
    args.extend(valid.iter().map(|p| p.as_path()));
    let marker = std::path::PathBuf::from("--invalid");
    args.push(&marker);
    args.extend([
        bad_severity.as_path(),
        bad_schema.as_path(),
        missing_link.as_path(),
        old_spelling.as_path(),
    ]);
    let Some(out) = python(
        "reports_validate_against_the_published_schema",
        "validate_report.py",
        &args,
    ) else {
        return;
    };
    assert_eq!(out.matches("valid ").count(), 3, "{out}");
    assert_eq!(out.matches("rejected ").count(), 4, "{out}");
}

#[test]
fn merge_of_a_single_report_keeps_its_verdicts() {
    let sample = sample_report();
    let merged = merge::merge(vec![sample.clone()]).unwrap();
    assert_eq!(merged.documents, sample.documents);
    assert_eq!(merged.summary, sample.summary);
    assert_eq!(merged.documents[0].citations[0].verdict, Verdict::Verified);
}

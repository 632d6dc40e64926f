//! The example nightly workflow (docs/ci/nightly.yml) stays consistent with itself and
//! with the CLI it documents: the matrix covers every shard, history is restored and saved
//! under the same key, shards never fail on findings, and the merge writes the step summary.

use std::path::PathBuf;

fn workflow() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/ci/nightly.yml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn value_after<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find_map(|l| l.trim().strip_prefix(key))
        .unwrap_or_else(|| panic!("{key} missing"))
        .trim()
}

#[test]
fn matrix_covers_every_shard() {
    let text = workflow();
    let shards: u32 = value_after(&text, "SHARDS:")
        .parse()
        .expect("SHARDS is a number");
    let matrix = value_after(&text, "shard: [");
    let listed: Vec<u32> = matrix
        .split(']')
        .next()
        .unwrap_or("")
        .split(',')
        .map(|n| n.trim().parse().expect("shard number"))
        .collect();
    assert_eq!(listed, (1..=shards).collect::<Vec<_>>());
    assert!(text.contains("--shard \"${{ matrix.shard }}/$SHARDS\""));
}

#[test]
fn history_is_restored_and_saved_under_one_key() {
    let text = workflow();
    let key = "key: citecheck-state-${{ matrix.shard }}-of-${{ env.SHARDS }}-${{ github.run_id }}";
    assert_eq!(
        text.matches(key).count(),
        2,
        "restore and save use the same key"
    );
    assert!(text.contains("uses: actions/cache/restore@v4"));
    assert!(text.contains("uses: actions/cache/save@v4"));
    assert!(text.contains("--state \"state/shard-${{ matrix.shard }}.sqlite\""));
    assert!(
        text.contains("group: citecheck-nightly"),
        "one run at a time"
    );
}

#[test]
fn shards_report_and_the_merge_decides() {
    let text = workflow();
    assert!(
        text.contains("--fail-on never"),
        "shards do not fail on findings"
    );
    assert!(text.contains("bin/citecheck merge --out merged"));
    assert!(text.contains("--format json,md,html,junit,summary"));
    assert!(text.contains("cat merged/report.summary.md >> \"$GITHUB_STEP_SUMMARY\""));
    assert!(text.contains("name: citecheck-reports"));
    assert!(text.contains("schedule:"));
}

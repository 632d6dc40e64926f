//! The example nightly workflow (docs/ci/nightly.yml) stays consistent with itself and
//! with the CLI it documents: the matrix covers every shard, each shard keeps its own
//! history under its own cache key, shards never fail on findings and stop at their time
//! budget, and the merge writes the step summary. (tests/it/adopt_ci.rs checks every
//! recipe's YAML and options against the Action and the CLI.)

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
    assert!(text.contains("--shard ${{ matrix.shard }}/${{ env.SHARDS }}"));
}

#[test]
fn each_shard_keeps_its_own_history() {
    let text = workflow();
    assert!(text.contains("state: .citecheck/state.sqlite"));
    assert!(
        text.contains("cache-key: citecheck-nightly-${{ matrix.shard }}-of-${{ env.SHARDS }}"),
        "one history per shard and shard count"
    );
    assert!(
        text.contains("group: citecheck-nightly"),
        "one run at a time"
    );
}

#[test]
fn shards_report_within_a_budget_and_the_merge_decides() {
    let text = workflow();
    assert!(
        text.contains("fail-on: never"),
        "shards do not fail on findings"
    );
    assert!(text.contains("time-limit: 60m"), "each shard has a budget");
    assert!(text.contains("command: merge"));
    assert!(text.contains("format: json,md,html,junit,summary"));
    assert!(text.contains("artifact-name: citecheck-reports"));
    assert!(text.contains("pattern: citecheck-shard-*"));
    assert!(text.contains("artifact-name: citecheck-shard-${{ matrix.shard }}"));
    assert!(text.contains("schedule:"));
}

//! Every saved fuzz input, replayed on stable through the code the fuzzer ran
//! (`citecheck::fuzzing::run`): the seeds, and the corpora the fuzzer grew and minimized
//! (`fuzz/run.sh`). CI never runs the fuzzer; this keeps what it found from coming back.

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

#[test]
fn every_fuzz_corpus_file_replays_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failures = Vec::new();
    for target in citecheck::fuzzing::TARGETS {
        let inputs: Vec<PathBuf> = ["seeds", "corpus"]
            .iter()
            .flat_map(|kind| files(&root.join(kind).join(target)))
            .collect();
        assert!(
            !inputs.is_empty(),
            "{target}: no seeds or corpus under fuzz/"
        );
        for input in inputs {
            let data = std::fs::read(&input).expect("corpus file");
            let ran = std::panic::catch_unwind(|| citecheck::fuzzing::run(target, &data));
            match ran {
                Ok(true) => {}
                Ok(false) => failures.push(format!("{target}: unknown target")),
                Err(_) => failures.push(format!("{target}: {} panicked", input.display())),
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

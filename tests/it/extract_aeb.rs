//! A quality floor on real pages: `extract` on a fixed quarter of the aeb benchmark
//! (every fourth page by id), scored with the benchmark's own metric. The full figures
//! (all 181 pages, and speed) come from `cargo run --release --example eval -- aeb
//! ../shared/datasets/aeb`; this test only guards against a regression, fast enough for a
//! debug build. Skipped, with a message, when the dataset is not there.

#[path = "../../examples/eval/aeb_data.rs"]
#[allow(dead_code)] // shared with the `eval` example, which uses all of it
mod aeb_data;

use std::path::Path;

/// Mean F1 the subset must reach (the whole set measures about 0.976 at the time of
/// writing; the bar for the whole set is 0.97).
const FLOOR: f64 = 0.95;

#[test]
fn aeb_subset_f1_stays_above_the_floor() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/aeb");
    if !dir.join("ground-truth.json").exists() {
        eprintln!("skipped: no aeb dataset at {}", dir.display());
        return;
    }
    let pages = aeb_data::load(&dir).expect("aeb dataset loads");
    let subset: Vec<_> = pages.iter().step_by(4).collect();
    assert!(subset.len() >= 40, "only {} pages", subset.len());
    let counts: Vec<_> = subset
        .iter()
        .map(|page| {
            let article = citecheck::extract::extract(&page.html, None);
            aeb_data::compare(&page.truth, &article.text)
        })
        .collect();
    let (p, r, f1) = aeb_data::summarize(&counts);
    eprintln!(
        "aeb subset: {} pages, F1 {f1:.4} (P {p:.4}, R {r:.4})",
        subset.len()
    );
    assert!(f1 >= FLOOR, "F1 {f1:.4} below {FLOOR} (P {p:.4}, R {r:.4})");
}

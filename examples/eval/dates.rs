//! Evaluation on the `dates` dataset. STUB: being written.

use std::path::Path;

/// Runs the evaluation and prints its figures.
pub fn run(dir: &Path, args: &[String]) -> Result<(), String> {
    let _ = (dir, args);
    Err("not written yet".into())
}

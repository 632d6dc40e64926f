//! `eval snapshot DIR OUT`: every page under DIR (`.html`, `.htm`, `.gz`, recursively)
//! extracted and written to OUT as one JSON line per page, in file-name order.
//!
//! Why: a change meant only to make extraction faster must not change what it extracts.
//! Figures can hide a change (a page gained a word and lost another); two snapshots
//! compared with `cmp` cannot.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Writes the snapshot of every page under `dir` to `rest[0]`.
pub fn run(dir: &Path, rest: &[String]) -> Result<(), String> {
    let out = rest.first().ok_or("snapshot needs an output file")?;
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.sort();
    let mut lines = String::new();
    for file in &files {
        let html = read(file)?;
        let article = citecheck::extract::extract(&html, None);
        let json = serde_json::to_string(&article).map_err(|e| e.to_string())?;
        lines.push_str(&format!("{}\t{json}\n", file.display()));
    }
    std::fs::File::create(out)
        .and_then(|mut f| f.write_all(lines.as_bytes()))
        .map_err(|e| format!("{out}: {e}"))?;
    println!("snapshot: {} pages → {out}", files.len());
    Ok(())
}

/// The pages under `dir`, recursively.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.to_string_lossy().to_ascii_lowercase();
        if path.is_dir() {
            collect(&path, files)?;
        } else if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".gz") {
            files.push(path);
        }
    }
    Ok(())
}

/// A page, gunzipped when its name says so, decoded as a fetched body is.
fn read(path: &Path) -> Result<String, String> {
    let raw = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        bytes
    } else {
        raw
    };
    Ok(citecheck::fetch::charset::decode(&bytes, None).0)
}

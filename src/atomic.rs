//! Writing files so that a reader sees the old file or the new one, never half of either.
//!
//! A report or capture written in place is destroyed the moment the write starts: a full
//! disk, a killed process or a power cut leaves a truncated file where the last good one
//! was. Here the new content goes to a temporary file in the same directory (the same file
//! system, so the rename cannot turn into a copy), is flushed to disk (`fsync`), and only
//! then renamed over the target — an atomic step on POSIX file systems. The directory is
//! synced too, so the rename itself survives a crash. If anything fails, the temporary file
//! is removed and the old file is untouched.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The temporary sibling `path` is written through: hidden, and unique to this process and
/// call, so concurrent runs writing the same report never share one.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unique = format!(
        ".{name}.{}-{:08x}.tmp",
        std::process::id(),
        fastrand::u32(..)
    );
    path.with_file_name(unique)
}

/// Replaces `path` with `bytes` atomically (see the module docs).
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = temp_path(path);
    let written = (|| {
        let mut file = File::options().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    let result = written.and_then(|()| std::fs::rename(&temp, path));
    match result {
        Ok(()) => {
            sync_dir(path);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Flushes the directory holding `path`, so a rename into it is on disk. Best effort: some
/// file systems refuse to open or sync a directory, and the rename has happened anyway.
pub fn sync_dir(path: &Path) {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

/// Checks that files can be created in `dir` (creating it if needed), by creating and
/// removing a temporary one: an unwritable `--out` is found before the first request, not
/// after an hour of crawling.
pub fn check_writable(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let probe = temp_path(&dir.join("write-check"));
    let file = File::options().write(true).create_new(true).open(&probe)?;
    drop(file);
    std::fs::remove_file(&probe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        write(&path, b"old").unwrap();
        write(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        // A target that is a directory cannot be replaced by a file: the write fails.
        let blocked = dir.path().join("blocked");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("inside"), b"x").unwrap();
        assert!(write(&blocked, b"data").is_err());
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    }
}

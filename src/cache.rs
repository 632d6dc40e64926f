//! Answers kept across runs on disk (`--cache DIR`), so a nightly run does not ask an outlet
//! or an archive again for what it already told.
//!
//! Two kinds of answers are worth keeping. Some never change: an archive's listing of a
//! past window, an archived copy, a Common Crawl record. Others change slowly: the lists
//! discovery finds for an outlet (its sitemaps, feeds, search form, whether it runs
//! WordPress) and what a dated sitemap or day archive lists — kept a week ([`DISCOVERED`]),
//! then asked again. Each answer is stored under the full URL of the endpoint that gave it
//! (the key), in its own small JSON file named by the key's SHA-256, together with the key
//! itself (a file whose key differs is ignored) and the time it was stored.
//!
//! Several runs may share one cache directory at the same time: a file is written whole to
//! a temporary name beside it and renamed into place, which is atomic on the same file
//! system, so a reader sees the old answer or the new one, never half of one; the last
//! writer wins. A cache that cannot be read or written never fails a run: the answer is
//! asked for again, and the problem logged at debug level. A run that opens the cache
//! first deletes the answers past their age ([`DiskCache::prune`]), so the directory
//! holds about a week of discovery, however many runs there are. Answers kept forever are
//! bounded by a size cap instead (`--cache-limit`, 1 GB by default): when the directory
//! would pass it, the answers written longest ago are deleted first.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// Why a cache directory cannot be used.
#[derive(Debug, Error)]
#[error("cache directory {path}: {source}")]
pub struct CacheError {
    /// The directory.
    pub path: PathBuf,
    /// The I/O error.
    pub source: std::io::Error,
}

/// A kind of answer: the folder it is kept in, and how long it stays fresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// The folder under the cache directory (also keeps kinds with equal keys apart).
    pub name: &'static str,
    /// How long an answer is used; `None`: forever (answers that never change).
    pub max_age: Option<Duration>,
}

/// How long discovered lists are kept (DESIGN.md).
const WEEK: Duration = Duration::from_secs(7 * 24 * 3600);

/// The lists discovery found for an outlet (sitemaps, feeds, search, WordPress), keyed by
/// the outlet's home page: kept 7 days.
pub const DISCOVERED: Kind = Kind {
    name: "discovered",
    max_age: Some(WEEK),
};

/// What a list about the past listed (a past month's sitemap, a past day's archive),
/// keyed by the list's URL: kept 7 days.
pub const LISTS: Kind = Kind {
    name: "lists",
    max_age: Some(WEEK),
};

/// Archive answers that cannot change — a CDX listing of a past window, an archived copy,
/// a Common Crawl index answer or record — keyed by the full endpoint URL: kept for good.
pub const ARCHIVES: Kind = Kind {
    name: "archives",
    max_age: None,
};

/// Largest cache file read back (a kept list is a few hundred entries; anything larger
/// was not written by citecheck).
const MAX_FILE: u64 = 64 * 1024 * 1024;

/// One kept answer, as stored.
#[derive(Serialize, Deserialize)]
struct Entry<T> {
    /// The key: the endpoint's full URL.
    key: String,
    /// When it was stored, in seconds since the Unix epoch.
    stored: u64,
    /// The answer.
    value: T,
}

/// A cache directory. Cheap to share behind an `Arc`; every method is safe to call from
/// several tasks and processes at once.
#[derive(Debug)]
pub struct DiskCache {
    dir: PathBuf,
    /// Makes temporary names unique within the process (the process id, across processes).
    writes: AtomicU64,
    /// The most bytes the directory may hold (`--cache-limit`).
    limit: u64,
    /// Bytes the directory held when last measured, plus what this process wrote since.
    used: AtomicU64,
    /// Bytes this process wrote since it last measured the directory: other runs sharing it
    /// write too, so it is measured again after every tenth of the limit.
    since: AtomicU64,
}

/// Seconds since the Unix epoch, now.
fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl DiskCache {
    /// Opens (and creates) a cache directory.
    pub fn open(dir: &Path) -> Result<DiskCache, CacheError> {
        std::fs::create_dir_all(dir).map_err(|source| CacheError {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(DiskCache {
            dir: dir.to_path_buf(),
            writes: AtomicU64::new(0),
            limit: DEFAULT_LIMIT,
            used: AtomicU64::new(0),
            since: AtomicU64::new(0),
        })
    }

    /// Caps the directory at `limit` bytes (`--cache-limit`): the oldest answers go first
    /// when it is over, now and whenever a write would pass the cap.
    pub fn with_limit(mut self, limit: u64) -> DiskCache {
        self.limit = limit;
        self.trim(0);
        self
    }

    /// The default directory: `$XDG_CACHE_HOME/citecheck`, else `$HOME/.cache/citecheck`;
    /// `None` when neither variable is set.
    pub fn default_dir() -> Option<PathBuf> {
        let nonempty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        nonempty("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| nonempty("HOME").map(|home| PathBuf::from(home).join(".cache")))
            .map(|base| base.join("citecheck"))
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the answer for `key` of `kind` is kept.
    fn path(&self, kind: Kind, key: &str) -> PathBuf {
        let hash = data_encoding::HEXLOWER.encode(&Sha256::digest(key.as_bytes()));
        self.dir
            .join(kind.name)
            .join(&hash[..2])
            .join(format!("{hash}.json"))
    }

    /// The kept answer for `key`, when there is a fresh one.
    pub fn get<T: DeserializeOwned>(&self, kind: Kind, key: &str) -> Option<T> {
        let path = self.path(kind, key);
        let file = std::fs::File::open(&path).ok()?;
        if file.metadata().ok()?.len() > MAX_FILE {
            return None;
        }
        let entry: Entry<T> = match serde_json::from_reader(std::io::BufReader::new(file)) {
            Ok(entry) => entry,
            Err(e) => {
                tracing::debug!(path = %path.display(), "unreadable cache entry: {e}");
                return None;
            }
        };
        if entry.key != key {
            return None;
        }
        let age = Duration::from_secs(now().saturating_sub(entry.stored));
        if kind.max_age.is_some_and(|max| age > max) {
            return None;
        }
        Some(entry.value)
    }

    /// Deletes the answers of `kind` past its age (by their files' modification time), and
    /// temporary files a killed run left behind, so the directory does not grow without
    /// bound; returns how many files went. Answers kept forever are left alone. Errors are
    /// skipped: a file another run is replacing is simply looked at next time.
    pub fn prune(&self, kind: Kind) -> usize {
        let Some(max_age) = kind.max_age else {
            return 0;
        };
        let now = SystemTime::now();
        let mut removed = 0;
        let folders = std::fs::read_dir(self.dir.join(kind.name))
            .into_iter()
            .flatten();
        for folder in folders.flatten() {
            for file in std::fs::read_dir(folder.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let age = file
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|modified| now.duration_since(modified).ok());
                let stale_temporary = file.file_name().to_string_lossy().ends_with(".tmp")
                    && age.is_some_and(|a| a > Duration::from_secs(3600));
                if (age.is_some_and(|a| a > max_age) || stale_temporary)
                    && std::fs::remove_file(file.path()).is_ok()
                {
                    removed += 1;
                }
            }
        }
        removed
    }

    /// Keeps the answer for `key`, replacing any earlier one atomically. Failures are
    /// logged, never returned: the cache only saves requests.
    pub fn put<T: Serialize>(&self, kind: Kind, key: &str, value: &T) {
        if let Err(e) = self.write(kind, key, value) {
            tracing::debug!(key, "cannot write the cache entry: {e}");
        }
    }

    fn write<T: Serialize>(&self, kind: Kind, key: &str, value: &T) -> std::io::Result<()> {
        let path = self.path(kind, key);
        let Some(folder) = path.parent() else {
            return Ok(());
        };
        std::fs::create_dir_all(folder)?;
        let entry = Entry {
            key: key.to_string(),
            stored: now(),
            value,
        };
        let text = serde_json::to_vec(&entry).map_err(std::io::Error::other)?;
        let size = text.len() as u64;
        if size > self.limit {
            return Ok(());
        }
        let used = self.used.fetch_add(size, Ordering::Relaxed) + size;
        let since = self.since.fetch_add(size, Ordering::Relaxed) + size;
        if used > self.limit || since > self.limit / 10 {
            self.trim(size);
            self.used.fetch_add(size, Ordering::Relaxed);
        }
        let n = self.writes.fetch_add(1, Ordering::Relaxed);
        let temporary = folder.join(format!(".{}.{n}.tmp", std::process::id()));
        let written = std::fs::File::create(&temporary).and_then(|mut file| {
            file.write_all(&text)?;
            file.sync_all()
        });
        match written.and_then(|()| std::fs::rename(&temporary, &path)) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = std::fs::remove_file(&temporary);
                Err(e)
            }
        }
    }
}

/// The default cap on the cache directory: 1 GB.
pub const DEFAULT_LIMIT: u64 = 1_000_000_000;

impl DiskCache {
    /// Measures the directory and, when it and the `incoming` bytes about to be written
    /// pass the limit, deletes the answers written longest ago until both fit in nine
    /// tenths of it (so trims are rare).
    /// It measures the files themselves, not what this process wrote, so several runs
    /// sharing the directory keep it under the cap together; a file another run removed
    /// first is simply skipped.
    fn trim(&self, incoming: u64) {
        let mut files = self.files();
        let mut used: u64 = files.iter().map(|f| f.size).sum();
        if used + incoming > self.limit {
            let target = (self.limit / 10 * 9).saturating_sub(incoming);
            files.sort_by_key(|f| f.modified);
            for file in files {
                if used <= target {
                    break;
                }
                if std::fs::remove_file(&file.path).is_ok() {
                    used = used.saturating_sub(file.size);
                }
            }
        }
        self.used.store(used, Ordering::Relaxed);
        self.since.store(0, Ordering::Relaxed);
    }

    /// Every file under the directory, two folder levels down (kind, then hash prefix).
    fn files(&self) -> Vec<CacheFile> {
        let children = |dir: &Path| {
            std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .collect::<Vec<_>>()
        };
        let mut files = Vec::new();
        for kind in children(&self.dir) {
            for folder in children(&kind) {
                for path in children(&folder) {
                    let Ok(meta) = std::fs::metadata(&path) else {
                        continue;
                    };
                    if meta.is_file() {
                        files.push(CacheFile {
                            size: meta.len(),
                            modified: meta.modified().unwrap_or(UNIX_EPOCH),
                            path,
                        });
                    }
                }
            }
        }
        files
    }
}

/// One kept file, as the cap sees it.
struct CacheFile {
    path: PathBuf,
    size: u64,
    modified: SystemTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOREVER: Kind = Kind {
        name: "forever",
        max_age: None,
    };

    #[test]
    fn an_answer_is_kept_under_its_full_url() {
        let dir = std::env::temp_dir().join(format!("citecheck-cache-{}", uuid::Uuid::new_v4()));
        let cache = DiskCache::open(&dir).unwrap();
        let key = "https://ikon.mn/sitemap.xml?page=2";
        assert_eq!(cache.get::<Vec<String>>(DISCOVERED, key), None);
        cache.put(DISCOVERED, key, &vec!["a".to_string()]);
        assert_eq!(
            cache.get::<Vec<String>>(DISCOVERED, key),
            Some(vec!["a".into()])
        );
        assert_eq!(
            cache.get::<Vec<String>>(DISCOVERED, "https://ikon.mn/sitemap.xml"),
            None,
            "another URL is another key"
        );
        assert_eq!(
            cache.get::<Vec<String>>(FOREVER, key),
            None,
            "kinds are kept apart"
        );
        cache.put(DISCOVERED, key, &vec!["b".to_string()]);
        assert_eq!(
            cache.get::<Vec<String>>(DISCOVERED, key),
            Some(vec!["b".into()])
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn stale_foreign_and_broken_entries_are_ignored() {
        let dir = std::env::temp_dir().join(format!("citecheck-cache-{}", uuid::Uuid::new_v4()));
        let cache = DiskCache::open(&dir).unwrap();
        let key = "https://x.test/a";
        let path = cache.path(DISCOVERED, key);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let old = now() - 8 * 24 * 3600;
        std::fs::write(
            &path,
            format!(r#"{{"key":"{key}","stored":{old},"value":1}}"#),
        )
        .unwrap();
        assert_eq!(cache.get::<u32>(DISCOVERED, key), None, "older than 7 days");
        assert_eq!(cache.get::<u32>(FOREVER, key), None, "another kind's file");
        std::fs::write(&path, r#"{"key":"https://x.test/b","stored":0,"value":1}"#).unwrap();
        assert_eq!(cache.get::<u32>(DISCOVERED, key), None, "another key");
        std::fs::write(&path, "{not json").unwrap();
        assert_eq!(cache.get::<u32>(DISCOVERED, key), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn pruning_deletes_only_what_is_past_its_age() {
        let dir = std::env::temp_dir().join(format!("citecheck-cache-{}", uuid::Uuid::new_v4()));
        let cache = DiskCache::open(&dir).unwrap();
        cache.put(DISCOVERED, "https://x.test/fresh", &1);
        cache.put(FOREVER, "https://x.test/kept", &1);
        let instant = Kind {
            name: DISCOVERED.name,
            max_age: Some(Duration::ZERO),
        };
        assert_eq!(cache.prune(DISCOVERED), 0, "a fresh answer stays");
        assert_eq!(cache.prune(FOREVER), 0, "answers kept forever stay");
        std::thread::sleep(Duration::from_millis(20));
        assert_eq!(cache.prune(instant), 1);
        assert_eq!(cache.get::<u32>(DISCOVERED, "https://x.test/fresh"), None);
        assert_eq!(cache.get::<u32>(FOREVER, "https://x.test/kept"), Some(1));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_cap_deletes_the_oldest_answers_first() {
        let dir = std::env::temp_dir().join(format!("citecheck-cache-{}", uuid::Uuid::new_v4()));
        let cache = DiskCache::open(&dir).unwrap().with_limit(10_000);
        let big = "x".repeat(1_000);
        for i in 0..30 {
            cache.put(FOREVER, &format!("https://x.test/{i}"), &big);
            std::thread::sleep(Duration::from_millis(2));
        }
        let held: u64 = cache.files().iter().map(|f| f.size).sum();
        assert!(held <= 10_000, "the directory holds {held} bytes");
        assert_eq!(
            cache.get::<String>(FOREVER, "https://x.test/29"),
            Some(big.clone())
        );
        assert_eq!(
            cache.get::<String>(FOREVER, "https://x.test/0"),
            None,
            "oldest went"
        );
        let reopened = DiskCache::open(&dir).unwrap().with_limit(3_000);
        let held: u64 = reopened.files().iter().map(|f| f.size).sum();
        assert!(held <= 3_000, "opening trims too: {held} bytes");
        assert!(reopened
            .get::<String>(FOREVER, "https://x.test/29")
            .is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn runs_sharing_the_directory_keep_it_under_the_cap_together() {
        let dir = std::env::temp_dir().join(format!("citecheck-cache-{}", uuid::Uuid::new_v4()));
        let limit = 40_000;
        let runs: Vec<_> = (0..2)
            .map(|_| std::sync::Arc::new(DiskCache::open(&dir).unwrap().with_limit(limit)))
            .collect();
        let writers: Vec<_> = (0..4)
            .map(|i| {
                let cache = runs[i % 2].clone();
                std::thread::spawn(move || {
                    for n in 0..100 {
                        cache.put(
                            FOREVER,
                            &format!("https://x.test/{i}/{n}"),
                            &"y".repeat(400),
                        );
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let held: u64 = runs[0].files().iter().map(|f| f.size).sum();
        // Each run may pass the cap by what it wrote since it last measured (a tenth).
        assert!(
            held <= limit + 2 * limit / 10,
            "the directory holds {held} bytes"
        );
        assert!(
            held > limit / 2,
            "trims keep most of the cache: {held} bytes"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn concurrent_writers_leave_one_whole_answer() {
        let dir = std::env::temp_dir().join(format!("citecheck-cache-{}", uuid::Uuid::new_v4()));
        let cache = std::sync::Arc::new(DiskCache::open(&dir).unwrap());
        let key = "https://x.test/list";
        let writers: Vec<_> = (0..8)
            .map(|i| {
                let cache = cache.clone();
                std::thread::spawn(move || {
                    for _ in 0..20 {
                        cache.put(DISCOVERED, key, &vec![i; 500]);
                        if let Some(read) = cache.get::<Vec<u32>>(DISCOVERED, key) {
                            assert_eq!(read.len(), 500, "never half an answer");
                        }
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let kept = cache.get::<Vec<u32>>(DISCOVERED, key).unwrap();
        assert!(kept.iter().all(|v| *v == kept[0]));
        let leftovers = std::fs::read_dir(cache.path(DISCOVERED, key).parent().unwrap())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            })
            .count();
        assert_eq!(leftovers, 0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

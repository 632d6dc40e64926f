//! The aeb dataset (scrapinghub's article-extraction-benchmark) and its metric.
//!
//! Shared by `eval aeb` and the `compare_extractors` example so that every extractor is
//! scored by the same code. The metric is the benchmark's own (its `evaluate.py`, restated
//! in `../shared/datasets/README.md`): tokens are the matches of the Unicode regex `\w+`,
//! case kept; a page's shingles are the multiset of its 4-token windows (a text shorter
//! than 4 tokens is one shingle); per page precision and recall, then their means over the
//! pages, and F1 = 2PR/(P+R) of those means.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// One page of the dataset: its id, its decompressed HTML and the true article body.
pub struct Page {
    /// The page id (the file stem in `html/`).
    pub id: String,
    /// Where the page came from.
    pub url: Option<String>,
    /// The page, decompressed and decoded (the dataset is UTF-8).
    pub html: String,
    /// The ground-truth article body.
    pub truth: String,
}

/// Loads every page listed in `ground-truth.json`, sorted by id, decompressed up front so
/// that timings measure extraction only.
pub fn load(dir: &Path) -> Result<Vec<Page>, String> {
    let truth_path = dir.join("ground-truth.json");
    let raw = std::fs::read_to_string(&truth_path)
        .map_err(|e| format!("reading {}: {e}", truth_path.display()))?;
    let truth: HashMap<String, serde_json::Value> =
        serde_json::from_str(&raw).map_err(|e| format!("parsing {}: {e}", truth_path.display()))?;
    let mut pages = Vec::with_capacity(truth.len());
    for (id, entry) in truth {
        let body = entry["articleBody"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let url = entry["url"].as_str().map(str::to_string);
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        pages.push(Page {
            id,
            url,
            html: String::from_utf8_lossy(&bytes).into_owned(),
            truth: body,
        });
    }
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(pages)
}

/// The counts of one page: shingles found in both, only predicted, only true.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    /// Shingles in both texts (multiset intersection).
    pub tp: usize,
    /// Predicted shingles not in the truth.
    pub fp: usize,
    /// True shingles not predicted.
    pub fn_: usize,
}

impl Counts {
    /// Per-page precision, or `None` when the page is left out of the mean (tp+fp = 0).
    pub fn precision(self) -> Option<f64> {
        (self.tp + self.fp > 0).then(|| self.tp as f64 / (self.tp + self.fp) as f64)
    }

    /// Per-page recall, or `None` when the page is left out of the mean (tp+fn = 0).
    pub fn recall(self) -> Option<f64> {
        (self.tp + self.fn_ > 0).then(|| self.tp as f64 / (self.tp + self.fn_) as f64)
    }

    /// The page's own F1 (for listing the worst pages).
    pub fn f1(self) -> f64 {
        let p = self.precision().unwrap_or(0.0);
        let r = self.recall().unwrap_or(0.0);
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// The multiset of 4-token shingles of `text`.
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    static WORD: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let word = WORD.get_or_init(|| regex::Regex::new(r"\w+").expect("valid regex"));
    let tokens: Vec<&str> = word.find_iter(text).map(|m| m.as_str()).collect();
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    if tokens.len() < 4 {
        out.insert(tokens, 1);
        return out;
    }
    for window in tokens.windows(4) {
        *out.entry(window.to_vec()).or_insert(0) += 1;
    }
    out
}

/// Compares a predicted body with the true one.
pub fn compare(truth: &str, predicted: &str) -> Counts {
    let t = shingles(truth);
    let p = shingles(predicted);
    let mut c = Counts::default();
    for (k, &n) in &t {
        let m = p.get(k).copied().unwrap_or(0);
        c.tp += n.min(m);
        c.fn_ += n.saturating_sub(m);
    }
    for (k, &m) in &p {
        let n = t.get(k).copied().unwrap_or(0);
        c.fp += m.saturating_sub(n);
    }
    c
}

/// Mean precision, mean recall and F1 over pages, as the benchmark computes them.
pub fn summarize(counts: &[Counts]) -> (f64, f64, f64) {
    let mean = |v: Vec<f64>| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let p = mean(counts.iter().filter_map(|c| c.precision()).collect());
    let r = mean(counts.iter().filter_map(|c| c.recall()).collect());
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f1)
}

/// The median of some timings, in seconds.
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// CPU time this thread has run, in seconds (Linux: `/proc/thread-self/schedstat`, in
/// nanoseconds). On a busy machine wall time counts the time other processes held the
/// CPU; this does not. `None` where the file does not exist.
pub fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

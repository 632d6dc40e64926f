//! Evaluation on `trafilatura-eval-dev`: is a quote in the article body or in the page's
//! boilerplate?
//!
//! ```text
//! cargo run --release --example eval -- location ../shared/datasets/trafilatura-eval-dev
//!     [--misses] [--page FILE]
//! ```
//!
//! Reads `truth.json` (url → {file, with, without}) and the gzipped pages under `pages/`,
//! decoded as a fetch decodes a body, and extracts each page with its URL given. A `with`
//! snippet (verbatim body text) found in the extracted body is a true positive, missed a
//! false negative; a `without` snippet (verbatim boilerplate) found in the body is a false
//! positive, absent a true negative — the metric of trafilatura's own evaluation, except
//! that runs of white space count as one space on both sides (a quote is matched that way
//! too, and line breaks are layout, not text). Prints precision, recall and F over all
//! snippets. `--misses` lists each missed snippet with where it went instead: `boilerplate`
//! (judged boilerplate), `nowhere` (in neither output) — the categories to study — and
//! `--page FILE` prints one page's body and boilerplate.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use serde::Deserialize;

use crate::dates::read_gzipped_page;

#[derive(Deserialize)]
struct Entry {
    file: String,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
}

/// Snippet counts over the dataset.
#[derive(Default)]
struct Tally {
    tp: usize,
    fn_: usize,
    fp: usize,
    tn: usize,
    /// Body snippets judged boilerplate (the rest of the false negatives are nowhere).
    fn_in_boilerplate: usize,
}

/// Text with every run of white space made one space, trimmed, and soft hyphens and
/// zero-width characters left out: citecheck's quote matching ignores them too (see
/// `matching::normalize`), so a snippet that differs from the body only by them is found.
fn squeeze(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(
            [
                '\u{00AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}',
            ],
            "",
        )
}

/// Runs the evaluation and prints its figures.
pub fn run(dir: &Path, args: &[String]) -> Result<(), String> {
    let show_misses = args.iter().any(|a| a == "--misses");
    let only_page = args
        .iter()
        .position(|a| a == "--page")
        .map(|i| args.get(i + 1).cloned().ok_or("--page needs a file name"))
        .transpose()?;
    let index = dir.join("truth.json");
    let raw = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let entries: BTreeMap<String, Entry> =
        serde_json::from_str(&raw).map_err(|e| format!("{}: {e}", index.display()))?;
    let mut pages = Vec::with_capacity(entries.len());
    for (url, entry) in entries {
        if only_page
            .as_deref()
            .is_some_and(|f| !entry.file.starts_with(f))
        {
            continue;
        }
        let html = read_gzipped_page(&dir.join("pages").join(&entry.file))?;
        pages.push((url, entry, html));
    }

    let mut tally = Tally::default();
    let mut misses = Vec::new();
    let mut empty = Vec::new();
    let start = Instant::now();
    for (url, entry, html) in &pages {
        let article = citecheck::extract::extract(html, Some(url));
        if only_page.is_some() {
            println!("== {} {url}\n-- text --\n{}", entry.file, article.text);
            println!("-- boilerplate --\n{}", article.boilerplate);
        }
        let body = squeeze(&article.text);
        if body.is_empty() {
            empty.push(entry.file.as_str());
        }
        let boilerplate = squeeze(&article.boilerplate);
        for snippet in &entry.with {
            let snippet = squeeze(snippet);
            if body.contains(&snippet) {
                tally.tp += 1;
            } else {
                tally.fn_ += 1;
                let place = if boilerplate.contains(&snippet) {
                    tally.fn_in_boilerplate += 1;
                    "boilerplate"
                } else {
                    "nowhere"
                };
                misses.push(format!("missed {place:<11} {} {snippet:?}", entry.file));
            }
        }
        for snippet in &entry.without {
            let snippet = squeeze(snippet);
            if body.contains(&snippet) {
                tally.fp += 1;
                misses.push(format!("kept   boilerplate {} {snippet:?}", entry.file));
            } else {
                tally.tn += 1;
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();

    if show_misses {
        for miss in &misses {
            println!("{miss}");
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let p = ratio(tally.tp, tally.tp + tally.fp);
    let r = ratio(tally.tp, tally.tp + tally.fn_);
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    println!(
        "location: {} pages, F {f:.3}   precision {p:.3}   recall {r:.3}",
        pages.len()
    );
    println!(
        "  body snippets: {} found, {} missed ({} judged boilerplate, {} nowhere); \
         boilerplate snippets: {} kept in the body, {} left out",
        tally.tp,
        tally.fn_,
        tally.fn_in_boilerplate,
        tally.fn_ - tally.fn_in_boilerplate,
        tally.fp,
        tally.tn
    );
    println!("  pages with an empty body: {} {empty:?}", empty.len());
    println!(
        "  speed: {:.0} pages/s (whole extract(), one pass, one thread)",
        pages.len() as f64 / seconds.max(1e-9)
    );
    Ok(())
}

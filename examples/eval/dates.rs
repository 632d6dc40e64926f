//! Evaluation on the date datasets: publication dates right to the day.
//!
//! ```text
//! cargo run --release --example eval -- dates ../shared/datasets/htmldate-mediacloud [--misses]
//! cargo run --release --example eval -- dates-default ../shared/datasets/htmldate-default-dev
//! ```
//!
//! `dates` reads `eval_mediacloud_2020.json` (url → {file, date}; its bare `NaN` dates are
//! not strict JSON, so they are read as null and the page is skipped) and the pages under
//! `test_set/`; `dates-default` reads `truth.json` (url → {file, date}) and the gzipped
//! pages under `pages/`, decoded as a fetch decodes a body (declared or sniffed charset:
//! those pages come in many languages and encodings). Each page's publication date is
//! extracted with its URL given (as a fetch would know it), and the share right to the
//! day is printed with how many got no date or a wrong one, and the speed of the date
//! step alone and with HTML parsing. `--misses` lists every miss with the expected and
//! found dates, `--explain` adds every candidate of a missed page, `--sources` measures
//! each source of a date on its own, `--all` prints one line per page (file, expected,
//! published, modified, source).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::Deserialize;

/// Which dataset's files are read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `htmldate-mediacloud`: `eval_mediacloud_2020.json` and `test_set/`.
    Mediacloud,
    /// `htmldate-default-dev`: `truth.json` and gzipped `pages/`.
    Default,
}

/// One page to date: its URL, file name, expected date and HTML.
type Page = (String, String, NaiveDate, String);

#[derive(Deserialize)]
struct Entry {
    file: String,
    date: Option<String>,
}

/// Runs the evaluation and prints its figures.
pub fn run(dir: &Path, layout: Layout, args: &[String]) -> Result<(), String> {
    let show_misses = args.iter().any(|a| a == "--misses");
    let explain = args.iter().any(|a| a == "--explain");
    let sources = args.iter().any(|a| a == "--sources");
    let every = args.iter().any(|a| a == "--all");
    // Pages whose modification date differs from the publication date: (truth is the
    // publication, truth is the modification, neither).
    let mut apart = (0usize, 0usize, 0usize);
    // Per source: (pages where it gives a date, right ones).
    let mut by_source: BTreeMap<(usize, &'static str), (usize, usize)> = BTreeMap::new();
    let repeat: u32 = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .map_or(Ok(1), |n| n.parse())
        .map_err(|e| format!("--repeat: {e}"))?
        .max(1);
    let (pages, undated) = if layout == Layout::Default {
        load_default(dir)?
    } else {
        load_mediacloud(dir)?
    };
    let (mut right, mut none, mut wrong) = (0usize, 0usize, 0usize);
    let mut parsing = Duration::ZERO;
    let mut dating = Duration::ZERO;
    let mut misses = Vec::new();
    // Per source of the answer given: (pages, right ones).
    let mut answered: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut modified = 0usize;
    for (url, file, expected, html) in &pages {
        let start = Instant::now();
        let document = scraper::Html::parse_document(html);
        let parsed = Instant::now();
        let mut dates = citecheck::extract::date::PageDates::default();
        for _ in 0..repeat {
            dates = citecheck::extract::date::dates(&document, html, Some(url));
        }
        let found = dates.published;
        let source = dates
            .source
            .map_or("none".to_string(), |s| format!("{s:?}"));
        let tally = answered.entry(source).or_default();
        tally.0 += 1;
        tally.1 += usize::from(found == Some(*expected));
        modified += usize::from(dates.modified.is_some());
        if let (Some(published), Some(changed)) = (found, dates.modified) {
            if changed != published {
                match *expected {
                    e if e == published => apart.0 += 1,
                    e if e == changed => apart.1 += 1,
                    _ => apart.2 += 1,
                }
            }
        }
        if every {
            println!(
                "page\t{file}\t{expected}\t{}\t{}\t{:?}",
                found.map_or("-".to_string(), |d| d.to_string()),
                dates.modified.map_or("-".to_string(), |d| d.to_string()),
                dates.source
            );
        }
        dating += parsed.elapsed() / repeat;
        parsing += parsed - start;
        if sources {
            let said = citecheck::extract::date::by_source(&document, html, Some(url));
            if let (Some((_, Some(meta))), Some((_, Some(address)))) = (said.first(), said.get(1)) {
                if meta != address {
                    println!(
                        "  disagree: metadata {meta} address {address} expected {expected} {file}"
                    );
                }
            }
            for (order, (source, date)) in said.into_iter().enumerate() {
                let entry = by_source.entry((order, source)).or_default();
                if let Some(date) = date {
                    entry.0 += 1;
                    entry.1 += usize::from(date == *expected);
                }
            }
        }
        let miss = match found {
            Some(date) if date == *expected => {
                right += 1;
                continue;
            }
            Some(date) => {
                wrong += 1;
                format!("wrong {file} expected {expected} found {date} {url}")
            }
            None => {
                none += 1;
                format!("none  {file} expected {expected} {url}")
            }
        };
        misses.push(miss);
        if explain {
            for line in citecheck::extract::date::explain(&document, html, Some(url)) {
                misses.push(format!("    {line}"));
            }
        }
    }

    let dated = pages.len();
    if show_misses {
        for miss in &misses {
            println!("{miss}");
        }
    }
    for ((_, source), (given, right)) in &by_source {
        println!(
            "  source {source:<9} gives a date on {given:>3} pages, right on {right:>3} ({:.3})",
            *right as f64 / (*given).max(1) as f64
        );
    }
    let per_second = |time: Duration| dated as f64 / time.as_secs_f64().max(1e-9);
    println!(
        "dates: {right}/{dated} dated pages right to the day = {:.3} ({undated} undated pages skipped)",
        right as f64 / dated.max(1) as f64
    );
    println!("  no date: {none}   wrong date: {wrong}");
    let answers: Vec<String> = answered
        .iter()
        .map(|(source, (given, right))| format!("{source} {right}/{given}"))
        .collect();
    println!("  answers by source (right/given): {}", answers.join(", "));
    println!(
        "  a modification date on {modified} pages; on {} it is another day than the \
         publication, and the truth is the publication on {}, the modification on {}, \
         neither on {}",
        apart.0 + apart.1 + apart.2,
        apart.0,
        apart.1,
        apart.2
    );
    println!(
        "  speed: {:.0} pages/s for the date step ({:.3} ms/page); {:.0} pages/s with HTML parsing",
        per_second(dating),
        dating.as_secs_f64() * 1000.0 / dated.max(1) as f64,
        per_second(dating + parsing)
    );
    Ok(())
}

/// The mediacloud pages with a date, and how many were skipped for having none.
fn load_mediacloud(dir: &Path) -> Result<(Vec<Page>, usize), String> {
    let index = dir.join("eval_mediacloud_2020.json");
    let raw = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let lenient = regex::Regex::new(r":\s*NaN\b")
        .map_err(|e| e.to_string())?
        .replace_all(&raw, ": null");
    let entries: BTreeMap<String, Entry> =
        serde_json::from_str(&lenient).map_err(|e| format!("{}: {e}", index.display()))?;
    dated_pages(entries, |file| {
        let path = dir.join("test_set").join(file);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    })
}

/// The `htmldate-default-dev` pages, decompressed and decoded, and how many were skipped
/// for having no date.
fn load_default(dir: &Path) -> Result<(Vec<Page>, usize), String> {
    let index = dir.join("truth.json");
    let raw = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let entries: BTreeMap<String, Entry> =
        serde_json::from_str(&raw).map_err(|e| format!("{}: {e}", index.display()))?;
    dated_pages(entries, |file| {
        read_gzipped_page(&dir.join("pages").join(file))
    })
}

/// The entries with a date, their pages read by `read`, and how many had no date.
fn dated_pages(
    entries: BTreeMap<String, Entry>,
    read: impl Fn(&str) -> Result<String, String>,
) -> Result<(Vec<Page>, usize), String> {
    let mut pages = Vec::new();
    let mut undated = 0;
    for (url, entry) in entries {
        let Some(expected) = entry
            .date
            .as_deref()
            .and_then(|d| d.parse::<NaiveDate>().ok())
        else {
            undated += 1;
            continue;
        };
        let html = read(&entry.file)?;
        pages.push((url, entry.file, expected, html));
    }
    Ok((pages, undated))
}

/// A gzipped page, decoded as a fetched body is (declared or sniffed charset).
pub fn read_gzipped_page(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(citecheck::fetch::charset::decode(&bytes, None).0)
}

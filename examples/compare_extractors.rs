//! Compares main-text extractors on the aeb dataset: citecheck's own against the Rust
//! crates that do the same job, on the same pages, with the same metric.
//!
//! ```text
//! cargo run --release --features compare --example compare_extractors -- ../shared/datasets/aeb [--runs N]
//! ```
//!
//! For each extractor: mean F1, precision and recall (the benchmark's shingle metric) and
//! pages per second (pages decompressed first, single thread, the median of `--runs`
//! timed passes, default 3), by the wall clock and by this thread's CPU time (the two
//! differ when other processes compete for the CPU). Each call runs under `catch_unwind` because some crates panic
//! on real pages; a panic or an error counts as an empty prediction and is reported.
//! Kept out of what CI builds (`required-features = ["compare"]`).

#[path = "eval/aeb_data.rs"]
#[allow(dead_code)] // shared with `eval`, which uses all of it
mod aeb_data;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::Instant;

/// An extractor under test: HTML in, main text out (`Err` for an error or a panic).
type Extractor = fn(&str) -> Result<String, String>;

fn citecheck_extract(html: &str) -> Result<String, String> {
    Ok(citecheck::extract::extract(html, None).text)
}

fn trafilatura_rs(html: &str) -> Result<String, String> {
    trafilatura::extract(html, &trafilatura::Options::default())
        .map(|r| r.content_text)
        .map_err(|e| e.to_string())
}

fn rs_trafilatura(html: &str) -> Result<String, String> {
    rs_trafilatura::extract(html)
        .map(|r| r.content_text)
        .map_err(|e| e.to_string())
}

fn dom_smoothie(html: &str) -> Result<String, String> {
    let mut readability =
        dom_smoothie::Readability::new(html, None, None).map_err(|e| e.to_string())?;
    readability
        .parse()
        .map(|a| a.text_content.to_string())
        .map_err(|e| e.to_string())
}

/// Runs one extractor on one page, turning a panic into an error.
fn guarded(extractor: Extractor, html: &str) -> Result<String, String> {
    catch_unwind(AssertUnwindSafe(|| extractor(html)))
        .unwrap_or_else(|_| Err("panicked".to_string()))
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(
        args.first()
            .ok_or("usage: compare_extractors <aeb dir> [--runs N]")?,
    );
    let runs = match args.get(1).map(String::as_str) {
        Some("--runs") => args
            .get(2)
            .ok_or("--runs needs a value")?
            .parse()
            .map_err(|e| format!("--runs: {e}"))?,
        _ => 3usize,
    };
    let pages = aeb_data::load(&dir)?;
    // Panics are caught and counted; keep their messages off the table.
    std::panic::set_hook(Box::new(|_| {}));

    let extractors: [(&str, Extractor); 4] = [
        ("trafilatura 0.6.0 (trafilatura-rs)", trafilatura_rs),
        ("rs-trafilatura 0.2.2", rs_trafilatura),
        ("dom_smoothie 0.19.0", dom_smoothie),
        ("citecheck::extract", citecheck_extract),
    ];
    println!(
        "aeb: {} pages; single thread; median of {runs} runs",
        pages.len()
    );
    println!(
        "| extractor | F1 | precision | recall | pages/s (wall) | pages per CPU-s | errors/panics |\n\
         |---|---|---|---|---|---|---|"
    );
    for (name, extractor) in extractors {
        let mut failures = 0usize;
        let counts: Vec<_> = pages
            .iter()
            .map(|page| {
                let text = guarded(extractor, &page.html).unwrap_or_else(|_| {
                    failures += 1;
                    String::new()
                });
                aeb_data::compare(&page.truth, &text)
            })
            .collect();
        let (p, r, f1) = aeb_data::summarize(&counts);
        let mut seconds = Vec::with_capacity(runs);
        let mut cpu_seconds = Vec::with_capacity(runs);
        for _ in 0..runs.max(1) {
            let cpu_start = aeb_data::thread_cpu_seconds();
            let start = Instant::now();
            for page in &pages {
                let _ = std::hint::black_box(guarded(extractor, &page.html));
            }
            seconds.push(start.elapsed().as_secs_f64());
            if let (Some(a), Some(b)) = (cpu_start, aeb_data::thread_cpu_seconds()) {
                cpu_seconds.push(b - a);
            }
        }
        let speed = pages.len() as f64 / aeb_data::median(seconds);
        let cpu_speed = if cpu_seconds.is_empty() {
            "-".to_string()
        } else {
            format!("{:.0}", pages.len() as f64 / aeb_data::median(cpu_seconds))
        };
        println!("| {name} | {f1:.3} | {p:.3} | {r:.3} | {speed:.0} | {cpu_speed} | {failures} |");
    }
    Ok(())
}

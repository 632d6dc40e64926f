//! Evaluation on the `aeb` dataset: main-text quality and speed of [`citecheck::extract`].
//!
//! ```text
//! cargo run --release --example eval -- aeb ../shared/datasets/aeb [--runs N] [--worst N]
//!     [--dump FILE] [--show ID]
//! ```
//!
//! Prints mean precision, recall and F1 with the benchmark's shingle metric, and pages per
//! second: the pages are decompressed first, then `extract()` alone is timed over all
//! pages, single thread, `--runs` times (default 5), and the median run is reported, by
//! the wall clock and by this thread's CPU time (on a machine shared with other work the
//! wall figure drops, the CPU one does not).
//! `--worst N` lists the N pages with the lowest F1, `--dump FILE` writes the predictions
//! in the benchmark's output format (for its own `evaluate.py`), `--show ID` prints one
//! page's extracted text and boilerplate.

use std::path::Path;
use std::time::Instant;

#[path = "aeb_data.rs"]
pub mod aeb_data;

use aeb_data::Counts;

/// Runs the evaluation and prints its figures.
pub fn run(dir: &Path, args: &[String]) -> Result<(), String> {
    let mut runs = 5usize;
    let mut worst = 0usize;
    let mut dump: Option<String> = None;
    let mut show: Option<String> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--runs" => runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--worst" => worst = value()?.parse().map_err(|e| format!("--worst: {e}"))?,
            "--dump" => dump = Some(value()?),
            "--show" => show = Some(value()?),
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    let pages = aeb_data::load(dir)?;
    if pages.is_empty() {
        return Err(format!("no pages in {}", dir.display()));
    }

    if let Some(id) = show {
        let page = pages
            .iter()
            .find(|p| p.id.starts_with(&id))
            .ok_or(format!("no page {id}"))?;
        let article = citecheck::extract::extract(&page.html, None);
        let c = aeb_data::compare(&page.truth, &article.text);
        println!(
            "id: {}\nurl: {:?}\ntitle: {:?}",
            page.id, page.url, article.title
        );
        println!("P {:?} R {:?}", c.precision(), c.recall());
        println!("===== text =====\n{}", article.text);
        println!("===== boilerplate =====\n{}", article.boilerplate);
        println!("===== truth =====\n{}", page.truth);
        return Ok(());
    }

    // Quality: one pass, no timing.
    let articles: Vec<_> = pages
        .iter()
        .map(|p| citecheck::extract::extract(&p.html, None))
        .collect();
    let counts: Vec<Counts> = pages
        .iter()
        .zip(&articles)
        .map(|(p, a)| aeb_data::compare(&p.truth, &a.text))
        .collect();
    let (p, r, f1) = aeb_data::summarize(&counts);

    // Speed: extract() only, pages already decompressed.
    let mut seconds = Vec::with_capacity(runs);
    let mut cpu_seconds = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let cpu_start = aeb_data::thread_cpu_seconds();
        let start = Instant::now();
        let mut chars = 0usize;
        for page in &pages {
            chars += std::hint::black_box(citecheck::extract::extract(&page.html, None))
                .text
                .len();
        }
        seconds.push(start.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu_start, aeb_data::thread_cpu_seconds()) {
            cpu_seconds.push(b - a);
        }
        std::hint::black_box(chars);
    }
    let median = aeb_data::median(seconds.clone());
    let bytes: usize = pages.iter().map(|p| p.html.len()).sum();
    println!(
        "aeb: {} pages, {:.1} MB of HTML",
        pages.len(),
        bytes as f64 / 1e6
    );
    println!("F1 {f1:.4}   precision {p:.4}   recall {r:.4}");
    println!(
        "speed: {:.0} pages/s (median of {} runs: {:.3} s; runs {:?})",
        pages.len() as f64 / median,
        seconds.len(),
        median,
        seconds
            .iter()
            .map(|s| format!("{s:.3}"))
            .collect::<Vec<_>>()
    );

    if !cpu_seconds.is_empty() {
        let cpu = aeb_data::median(cpu_seconds);
        println!(
            "cpu:   {:.0} pages per CPU-second (median {:.3} s of this thread's CPU time; \
             differs from the wall figure when other processes compete for the CPU)",
            pages.len() as f64 / cpu,
            cpu
        );
    }

    if worst > 0 {
        let mut order: Vec<usize> = (0..pages.len()).collect();
        order.sort_by(|&a, &b| counts[a].f1().total_cmp(&counts[b].f1()));
        println!("worst pages (F1, precision, recall, id, url):");
        for &i in order.iter().take(worst) {
            let c = counts[i];
            println!(
                "  {:.3}  P {:.3}  R {:.3}  {}  {}",
                c.f1(),
                c.precision().unwrap_or(0.0),
                c.recall().unwrap_or(0.0),
                &pages[i].id[..12],
                pages[i].url.as_deref().unwrap_or("")
            );
        }
    }

    if let Some(path) = dump {
        let out: serde_json::Map<String, serde_json::Value> = pages
            .iter()
            .zip(&articles)
            .map(|(p, a)| (p.id.clone(), serde_json::json!({ "articleBody": a.text })))
            .collect();
        let json =
            serde_json::to_string(&serde_json::json!({ "version": "citecheck", "output": out }))
                .map_err(|e| e.to_string())?;
        std::fs::write(&path, json).map_err(|e| format!("{path}: {e}"))?;
        println!("predictions written to {path}");
    }
    Ok(())
}

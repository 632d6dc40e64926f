//! Speed of the content half of the pipeline on real pages: extraction and matching (not
//! built by `cargo test`; needs `--features bench`).
//!
//! ```text
//! cargo run --release --features bench --example bench_pipeline -- ../shared/datasets/aeb [--runs N]
//! ```
//!
//! The aeb pages are decompressed first; every figure is the median of `--runs` timed
//! passes (default 5), single thread, by the wall clock and by this thread's CPU time (on a
//! shared machine the wall time includes waiting for a core; CPU time does not):
//! 1. pages per second for `extract()` + matching over the aeb pages: each page extracted
//!    from its HTML, then checked for four citations built from its ground-truth text — a
//!    verbatim quote, the same kind of quote with one word changed, a quote from another
//!    page, and a claim with numbers and no quote (what `verify` does per fetched source);
//!    `extract()` alone is timed too, so the matching share is visible;
//! 2. pages per second for matching alone, on the ground-truth bodies;
//! 3. the time to check 100 quotes (40 verbatim, 30 with a changed word, 30 absent) against
//!    one 1 MB page, page preparation included.
//!
//! Each figure is printed with what the checks found, so a fast but wrong run shows.

#[path = "eval/aeb_data.rs"]
#[allow(dead_code)] // shared with `eval`, which uses all of it
mod aeb_data;

use std::path::PathBuf;
use std::time::Instant;

use citecheck::matching::PreparedArticle;
use citecheck::model::{Article, Citation, QuoteMatch};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = PathBuf::from("../shared/datasets/aeb");
    let mut runs = 5usize;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => fail("--runs needs a positive number"),
            },
            _ => dir = PathBuf::from(arg),
        }
    }
    let pages = aeb_data::load(&dir).unwrap_or_else(|e| fail(&e));
    let pages: Vec<aeb_data::Page> = pages
        .into_iter()
        .filter(|p| !p.truth.trim().is_empty())
        .collect();
    if pages.is_empty() {
        fail(&format!("no pages in {}", dir.display()));
    }
    println!(
        "{} aeb pages: {:.1} MB of HTML, {:.1} MB of ground-truth text; median of {runs} runs",
        pages.len(),
        pages.iter().map(|p| p.html.len()).sum::<usize>() as f64 / 1e6,
        pages.iter().map(|p| p.truth.len()).sum::<usize>() as f64 / 1e6,
    );
    let work = citations_per_page(&pages);
    extraction_and_matching(&pages, &work, runs);
    matching_alone(&pages, &work, runs);
    quotes_on_a_big_page(&pages, runs);
}

fn fail(message: &str) -> ! {
    eprintln!("bench_pipeline: {message}");
    std::process::exit(2);
}

/// Sentences of 8–30 words, for quotes: split after `.`, `!` or `?` before a space (not
/// inside "3.5") and at line ends.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        let end = match c {
            '\n' => Some(at),
            '.' | '!' | '?' if next_is_space => Some(at),
            _ => None,
        };
        if let Some(end) = end {
            out.push(text[start..end].trim());
            start = end + c.len_utf8();
        }
    }
    out.push(text[start..].trim());
    out.into_iter()
        .filter(|s| (8..=30).contains(&s.split_whitespace().count()))
        .map(str::to_string)
        .collect()
}

fn change_a_word(sentence: &str, rng: &mut fastrand::Rng) -> String {
    let mut words: Vec<&str> = sentence.split_whitespace().collect();
    let at = rng.usize(1..words.len().max(2) - 1);
    words[at] = "zebra";
    words.join(" ")
}

fn citation(claim: &str, quotes: Vec<String>) -> Citation {
    Citation {
        id: "c".into(),
        outlet: None,
        date: None,
        accessed: false,
        url: None,
        line: 1,
        column: 1,
        claim: claim.into(),
        context: String::new(),
        quotes,
    }
}

/// The kinds of citation each page is checked for.
const KINDS: [&str; 4] = [
    "verbatim quote",
    "quote with a word changed",
    "quote from another page",
    "claim with numbers",
];

/// The citations of each page, built from the ground truth (what the page says), each
/// with its index in [`KINDS`].
fn citations_per_page(pages: &[aeb_data::Page]) -> Vec<Vec<(usize, Citation)>> {
    let mut rng = fastrand::Rng::with_seed(7);
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let own = sentences(&page.truth);
            let other = sentences(&pages[(i + 1) % pages.len()].truth);
            let mut citations = Vec::new();
            if let Some(s) = own.first() {
                citations.push((0, citation(s, vec![s.clone()])));
            }
            if let Some(s) = own.get(own.len() / 2) {
                citations.push((1, citation(s, vec![change_a_word(s, &mut rng)])));
            }
            if let Some(s) = other.first() {
                citations.push((2, citation(s, vec![s.clone()])));
            }
            if let Some(s) = own.iter().find(|s| s.chars().any(|c| c.is_ascii_digit())) {
                citations.push((3, citation(s, Vec::new())));
            }
            citations
        })
        .collect()
}

/// What the checks of one pass found, by kind of citation: quotes matched in the body
/// (score ≥ 0.9) of quotes checked, numbers found of numbers looked for.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Found {
    quotes: [(usize, usize); 4],
    numbers: [(usize, usize); 4],
}

impl Found {
    fn add(&mut self, kind: usize, check: &citecheck::matching::Check) {
        for q in &check.quotes {
            let matched = matches!(
                q.match_kind,
                QuoteMatch::Exact | QuoteMatch::Normalized | QuoteMatch::Fuzzy
            ) && q.score >= 0.9;
            self.quotes[kind].0 += usize::from(matched);
            self.quotes[kind].1 += 1;
        }
        let numbers = &check.evidence.numbers;
        self.numbers[kind].0 += numbers.iter().filter(|f| f.found).count();
        self.numbers[kind].1 += numbers.len();
    }

    /// "verbatim quote: 181/181 quotes, 40/41 numbers; …"
    fn summary(&self) -> String {
        KINDS
            .iter()
            .enumerate()
            .map(|(i, kind)| {
                let (q, qn) = self.quotes[i];
                let (n, nn) = self.numbers[i];
                if qn > 0 {
                    format!("{kind}: {q}/{qn} matched, {n}/{nn} numbers found")
                } else {
                    format!("{kind}: {n}/{nn} numbers found")
                }
            })
            .collect::<Vec<_>>()
            .join("\n    ")
    }
}

/// Wall and CPU seconds of `f`, `runs` times; the medians and the last result.
fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, Option<f64>, T) {
    let mut walls = Vec::with_capacity(runs);
    let mut cpus = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let cpu = aeb_data::thread_cpu_seconds();
        let start = Instant::now();
        let out = std::hint::black_box(f());
        walls.push(start.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu, aeb_data::thread_cpu_seconds()) {
            cpus.push(b - a);
        }
        last = Some(out);
    }
    let cpu = (cpus.len() == runs).then(|| aeb_data::median(cpus));
    let last = last.unwrap_or_else(|| fail("no run"));
    (aeb_data::median(walls), cpu, last)
}

/// "wall 310.2 ms = 581 pages/s; CPU 300.1 ms = 600 pages/s".
fn rate(pages: usize, wall: f64, cpu: Option<f64>) -> String {
    let cpu = cpu.map_or("CPU n/a".to_string(), |c| {
        format!(
            "CPU {:.1} ms = {:.0} pages/s",
            c * 1e3,
            pages as f64 / c.max(1e-9)
        )
    });
    format!(
        "wall {:.1} ms = {:.0} pages/s; {cpu}",
        wall * 1e3,
        pages as f64 / wall.max(1e-9)
    )
}

fn extraction_and_matching(pages: &[aeb_data::Page], work: &[Vec<(usize, Citation)>], runs: usize) {
    let citations: usize = work.iter().map(Vec::len).sum();
    let (wall, cpu, chars) = timed(runs, || {
        pages
            .iter()
            .map(|p| {
                citecheck::extract::extract(&p.html, p.url.as_deref())
                    .text
                    .len()
            })
            .sum::<usize>()
    });
    println!(
        "extract() alone over aeb pages: {} ({chars} chars of article text)",
        rate(pages.len(), wall, cpu)
    );
    let (wall, cpu, found) = timed(runs, || {
        let mut found = Found::default();
        for (page, citations) in pages.iter().zip(work) {
            let article = citecheck::extract::extract(&page.html, page.url.as_deref());
            let prepared = PreparedArticle::new(&article);
            for (kind, c) in citations {
                found.add(*kind, &prepared.check(c));
            }
        }
        found
    });
    println!(
        "extract() + matching over aeb pages ({citations} citations): {}\n  found (a quote \
         counts when matched in the body with a score ≥ 0.9):\n    {}",
        rate(pages.len(), wall, cpu),
        found.summary()
    );
}

fn matching_alone(pages: &[aeb_data::Page], work: &[Vec<(usize, Citation)>], runs: usize) {
    let articles: Vec<Article> = pages
        .iter()
        .map(|p| Article {
            text: p.truth.clone(),
            ..Article::default()
        })
        .collect();
    let (wall, cpu, found) = timed(runs, || {
        let mut found = Found::default();
        for (article, citations) in articles.iter().zip(work) {
            let prepared = PreparedArticle::new(article);
            for (kind, c) in citations {
                found.add(*kind, &prepared.check(c));
            }
        }
        found
    });
    println!(
        "matching alone on the ground-truth bodies: {}\n  found:\n    {}",
        rate(pages.len(), wall, cpu),
        found.summary()
    );
}

fn quotes_on_a_big_page(pages: &[aeb_data::Page], runs: usize) {
    let mut page_text = String::new();
    for page in pages.iter().cycle() {
        if page_text.len() >= 1 << 20 {
            break;
        }
        page_text.push_str(&page.truth);
        page_text.push_str("\n\n");
    }
    let mut rng = fastrand::Rng::with_seed(11);
    let own = sentences(&page_text);
    let mut quotes = Vec::new();
    for _ in 0..40 {
        quotes.push(own[rng.usize(..own.len())].clone());
    }
    for _ in 0..30 {
        quotes.push(change_a_word(&own[rng.usize(..own.len())], &mut rng));
    }
    for _ in 0..30 {
        // Absent: real words in an order the page does not have.
        let mut words: Vec<&str> = own[rng.usize(..own.len())].split_whitespace().collect();
        rng.shuffle(&mut words);
        quotes.push(words.join(" "));
    }
    let article = Article {
        text: page_text,
        ..Article::default()
    };
    let c = citation("", quotes);
    let (wall, cpu, check) = timed(runs, || PreparedArticle::new(&article).check(&c));
    let count = |kinds: &[QuoteMatch]| {
        check
            .quotes
            .iter()
            .filter(|q| kinds.contains(&q.match_kind))
            .count()
    };
    println!(
        "100 quotes against a {:.2} MB page, page preparation included: wall {:.1} ms, CPU {} \
         ({} exact/normalized, {} fuzzy, {} none)",
        article.text.len() as f64 / (1 << 20) as f64,
        wall * 1e3,
        cpu.map_or("n/a".into(), |c| format!("{:.1} ms", c * 1e3)),
        count(&[QuoteMatch::Exact, QuoteMatch::Normalized]),
        count(&[QuoteMatch::Fuzzy]),
        count(&[QuoteMatch::None, QuoteMatch::Unchecked]),
    );
}

//! Matching speed on real article text (not built by `cargo test`; needs `--features bench`).
//!
//! ```text
//! cargo run --release --features bench --example bench_matching -- ../shared/datasets/aeb
//! ```
//!
//! Prints two figures, each the median of several runs:
//! 1. pages per second for matching over the aeb articles (their ground-truth bodies), each
//!    page checked for four citations: a verbatim quote, a quote with one word changed, a
//!    quote from another page, and a claim with its numbers and names;
//! 2. the time to check 100 quotes (40 verbatim, 30 with a changed word, 30 absent) against
//!    one 1 MB page, page preparation included.

use std::path::Path;
use std::time::{Duration, Instant};

use citecheck::matching::Page;
use citecheck::model::{Article, Citation};

const RUNS: usize = 5;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/datasets/aeb".into());
    let bodies = match load(Path::new(&dir)) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("bench_matching: {e}");
            std::process::exit(2);
        }
    };
    println!(
        "{} aeb articles, {} bytes of text",
        bodies.len(),
        bodies.iter().map(String::len).sum::<usize>()
    );
    pages_per_second(&bodies);
    quotes_on_a_big_page(&bodies);
}

fn load(dir: &Path) -> Result<Vec<String>, String> {
    let path = dir.join("ground-truth.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let object = json
        .as_object()
        .ok_or("ground-truth.json is not an object")?;
    let mut keys: Vec<&String> = object.keys().collect();
    keys.sort();
    Ok(keys
        .into_iter()
        .filter_map(|k| object[k]["articleBody"].as_str().map(str::to_string))
        .filter(|b| !b.trim().is_empty())
        .collect())
}

/// Sentences of 8–30 words, for quotes.
fn sentences(text: &str) -> Vec<String> {
    text.split(['.', '!', '?', '\n'])
        .map(str::trim)
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

fn article(text: &str) -> Article {
    Article {
        text: text.to_string(),
        ..Article::default()
    }
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// CPU time of this thread (Linux: /proc/thread-self/schedstat, in ns). On a shared
/// machine the wall time includes waiting for a core; CPU time does not.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Wall and CPU time of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration, Option<Duration>) {
    let cpu = cpu_time();
    let start = Instant::now();
    let out = f();
    let wall = start.elapsed();
    let cpu = cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a));
    (out, wall, cpu)
}

fn ms(d: Option<Duration>) -> String {
    d.map_or("n/a".into(), |d| format!("{:.1} ms", d.as_secs_f64() * 1e3))
}

fn pages_per_second(bodies: &[String]) {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut work: Vec<(Article, Vec<Citation>)> = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        let own = sentences(body);
        let other = sentences(&bodies[(i + 1) % bodies.len()]);
        let mut citations = Vec::new();
        if let Some(s) = own.first() {
            citations.push(citation(s, vec![s.clone()]));
        }
        if let Some(s) = own.get(own.len() / 2) {
            citations.push(citation(s, vec![change_a_word(s, &mut rng)]));
        }
        if let Some(s) = other.first() {
            citations.push(citation(s, vec![s.clone()]));
        }
        if let Some(s) = own.iter().find(|s| s.chars().any(|c| c.is_ascii_digit())) {
            citations.push(citation(s, Vec::new()));
        }
        work.push((article(body), citations));
    }
    let mut runs = Vec::new();
    let mut cpus = Vec::new();
    let mut found = 0;
    for _ in 0..RUNS {
        let (count, wall, cpu) = timed(|| {
            let mut found = 0;
            for (article, citations) in &work {
                let page = Page::new(article);
                for c in citations {
                    let check = page.check(c);
                    found += check.quotes.iter().filter(|q| q.score >= 0.9).count();
                }
            }
            found
        });
        found = count;
        runs.push(wall);
        cpus.extend(cpu);
    }
    let time = median(runs);
    let cpu = (cpus.len() == RUNS).then(|| median(cpus));
    let citations: usize = work.iter().map(|(_, c)| c.len()).sum();
    println!(
        "matching over aeb pages: {} pages, {citations} citations; median of {RUNS}: wall {:.1} ms = {:.0} pages/s; CPU {} = {} pages/s ({found} quotes matched ≥ 0.9)",
        work.len(),
        time.as_secs_f64() * 1e3,
        work.len() as f64 / time.as_secs_f64(),
        ms(cpu),
        cpu.map_or("n/a".into(), |c| format!("{:.0}", work.len() as f64 / c.as_secs_f64())),
    );
}

fn quotes_on_a_big_page(bodies: &[String]) {
    let mut page_text = String::new();
    for body in bodies.iter().cycle() {
        if page_text.len() >= 1 << 20 {
            break;
        }
        page_text.push_str(body);
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
    let article = article(&page_text);
    let c = citation("", quotes);
    let mut runs = Vec::new();
    let mut cpus = Vec::new();
    let mut summary = (0, 0, 0);
    for _ in 0..RUNS {
        let (check, wall, cpu) = timed(|| Page::new(&article).check(&c));
        runs.push(wall);
        cpus.extend(cpu);
        if std::env::var_os("BENCH_VERBOSE").is_some() {
            for q in check.quotes.iter().take(70) {
                if !matches!(
                    q.match_kind,
                    citecheck::model::QuoteMatch::Exact
                        | citecheck::model::QuoteMatch::Normalized
                        | citecheck::model::QuoteMatch::Fuzzy
                ) {
                    eprintln!("{:?}: {:?} ({})", q.match_kind, q.text, q.reason);
                }
            }
        }
        summary = check
            .quotes
            .iter()
            .fold((0, 0, 0), |(e, f, n), q| match q.match_kind {
                citecheck::model::QuoteMatch::Exact | citecheck::model::QuoteMatch::Normalized => {
                    (e + 1, f, n)
                }
                citecheck::model::QuoteMatch::Fuzzy => (e, f + 1, n),
                _ => (e, f, n + 1),
            });
    }
    let cpu = (cpus.len() == RUNS).then(|| median(cpus));
    println!(
        "100 quotes against a {:.2} MB page, page preparation included; median of {RUNS}: wall {:.1} ms, CPU {} ({} exact/normalized, {} fuzzy, {} none)",
        page_text.len() as f64 / (1 << 20) as f64,
        median(runs).as_secs_f64() * 1e3,
        ms(cpu),
        summary.0,
        summary.1,
        summary.2
    );
}

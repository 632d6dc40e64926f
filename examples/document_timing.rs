//! How fast citations are extracted: ~5 MB documents of every kind, typical and adversarial.
//!
//! `cargo run --release --example document_timing [NAME_FILTER]`
//!
//! The typical documents repeat invented paragraphs with parenthetical citations, groups,
//! quotes and links; the adversarial ones are what a broken or hostile file looks like (a
//! single 5 MB line, 100 000 unmatched parentheses, deeply nested tags). Each is parsed a few
//! times and the best time is printed with its throughput.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use citecheck::document::{parse, DocumentKind};

const TARGET_BYTES: usize = 5 * 1024 * 1024;
const RUNS: usize = 3;

fn paragraph(i: usize) -> String {
    format!(
        "Freight on the northern line rose {i} percent in the quarter (Steppe Herald, March {d}). \
         Officials called it “a record for the corridor,” and the U.S. Trade Office agreed \
         (Ministry of Roads of the Republic, accessed April 2; see Tal News, Feb. {d}, {e}). \
         Dr. Bold said costs fell by 3.5 percent, which few expected. The next report is due \
         in May (Ore Weekly, n.d.).",
        d = 1 + i % 28,
        e = 1 + (i + 3) % 28,
    )
}

fn repeat_to_size(unit: impl Fn(usize) -> String, separator: &str) -> String {
    let mut out = String::with_capacity(TARGET_BYTES + 4096);
    let mut i = 0;
    while out.len() < TARGET_BYTES {
        out.push_str(&unit(i));
        out.push_str(separator);
        i += 1;
    }
    out
}

fn documents() -> Vec<(&'static str, DocumentKind, String)> {
    let text = repeat_to_size(paragraph, "\n\n");
    let markdown = repeat_to_size(
        |i| {
            format!(
                "{} More in [Tal News, May {}](https://tal.example/n/{i}) and `code (X, May 1)`.",
                paragraph(i),
                1 + i % 28
            )
        },
        "\n\n",
    );
    let html = format!(
        "<html><head><title>t</title></head><body><nav><a href=\"/\">Home</a></nav><main><article>{}</article></main></body></html>",
        repeat_to_size(
            |i| format!(
                "<p>{} See <a href=\"https://tal.example/n/{i}?a=1&amp;b=2\">the <em>report</em></a> &amp; more.</p>",
                paragraph(i).replace('“', "&ldquo;").replace('”', "&rdquo;")
            ),
            "\n"
        )
    );
    let list = format!(
        "[{}]",
        repeat_to_size(
            |i| format!(
                "{{\"url\": \"https://tal.example/n/{i}\", \"outlet\": \"Tal News\", \"date\": \"2023-05-{:02}\", \"claim\": \"Freight rose “a lot” again.\"}}",
                1 + i % 28
            ),
            ","
        )
        .trim_end_matches(',')
    );
    let one_line = repeat_to_size(paragraph, " ");
    let parens = "(".repeat(TARGET_BYTES);
    let nested = "<div>".repeat(TARGET_BYTES / 5);
    let links = repeat_to_size(|i| format!("https://a.example/{i}"), " ");
    vec![
        ("typical text", DocumentKind::Text, text),
        ("typical markdown", DocumentKind::Markdown, markdown),
        ("typical html", DocumentKind::Html, html),
        ("typical json list", DocumentKind::CitationList, list),
        ("one 5 MB line", DocumentKind::Text, one_line.clone()),
        (
            "one 5 MB line as markdown",
            DocumentKind::Markdown,
            one_line,
        ),
        ("5 M open parentheses", DocumentKind::Text, parens.clone()),
        (
            "5 M open parentheses as markdown",
            DocumentKind::Markdown,
            parens,
        ),
        ("one sentence of bare URLs", DocumentKind::Text, links),
        ("1 M nested <div>", DocumentKind::Html, nested),
    ]
}

fn main() {
    let published = NaiveDate::from_ymd_opt(2023, 11, 15);
    let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    println!(
        "{:<34} {:>8} {:>10} {:>10} {:>9}",
        "document", "MB", "citations", "best ms", "MB/s"
    );
    let filter = std::env::args().nth(1).unwrap_or_default();
    for (name, kind, text) in documents() {
        if !name.contains(filter.as_str()) {
            continue;
        }
        let mut best = Duration::MAX;
        let mut count = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let parsed = parse(kind, &text, published, today);
            best = best.min(start.elapsed());
            count = parsed.map(|p| p.citations.len()).unwrap_or(0);
        }
        let mb = text.len() as f64 / (1024.0 * 1024.0);
        println!(
            "{name:<34} {mb:>8.2} {count:>10} {:>10.1} {:>9.1}",
            best.as_secs_f64() * 1000.0,
            mb / best.as_secs_f64()
        );
    }
}

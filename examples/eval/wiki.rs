//! Evaluation on the `wiki-citation-verification` dataset: citecheck's verdicts against
//! human labels of Wikipedia claims and the text of their cited sources.
//!
//! Each row becomes a citation (the claim; its quotes are the spans in quotation marks)
//! and an article (the fetched source text), goes through the real matcher and verdict
//! rules, and lands in a confusion table against the human label. The claims are
//! paraphrases, so this measures how far quotes, numbers and names carry a verdict, not a
//! tuned classifier: nothing here is adjusted to rows.
//!
//! ```text
//! cargo run --release --example eval -- wiki ../shared/datasets/wiki-citation-verification [--rows] [--dump FILE]
//! ```
//!
//! It prints the confusion table, macro-F1 over supported / partially supported / not
//! supported (`unchecked` read as partial, the one "source unavailable" row left out),
//! 3-class accuracy and the false-alarm rate (supported claims called `not_found`).
//! `--dump FILE` writes one JSON line per row (label, verdict, passage score and flags,
//! facts found), to study a threshold's effect on both sides without rebuilding.

use std::collections::BTreeMap;
use std::path::Path;

use citecheck::matching::check;
use citecheck::model::{Article, Citation, Link, LinkStatus, Verdict};
use citecheck::verdict::{decide, SourceRead, VerdictInput};

/// Human labels, in the order of the table, and the verdict each corresponds to.
const LABELS: [(&str, Verdict); 4] = [
    ("Supported", Verdict::Verified),
    ("Partially supported", Verdict::Partial),
    ("Not supported", Verdict::NotFound),
    ("Source unavailable", Verdict::Unverifiable),
];

const VERDICTS: [Verdict; 5] = [
    Verdict::Verified,
    Verdict::Partial,
    Verdict::NotFound,
    Verdict::Unverifiable,
    Verdict::Unchecked,
];

/// Runs the evaluation and prints its figures.
pub fn run(dir: &Path, args: &[String]) -> Result<(), String> {
    let show_rows = args.iter().any(|a| a == "--rows");
    let mut dump = match args.iter().position(|a| a == "--dump") {
        Some(i) => {
            let path = args.get(i + 1).ok_or("--dump needs a file")?;
            Some(std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?)
        }
        None => None,
    };
    let path = dir.join("benchmark").join("dataset.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let rows = json["rows"]
        .as_array()
        .ok_or_else(|| format!("{}: no \"rows\" array", path.display()))?;
    let mut table: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut skipped = 0;
    let mut with_quotes = 0;
    let mut total = 0;
    let started = std::time::Instant::now();
    for row in rows {
        let (Some(claim), Some(label)) = (row["claim_text"].as_str(), row["ground_truth"].as_str())
        else {
            skipped += 1;
            continue;
        };
        let Some(label_index) = LABELS.iter().position(|(l, _)| *l == label) else {
            skipped += 1;
            continue;
        };
        let source = row["source_text"].as_str().unwrap_or("");
        let citation = citation_of(claim);
        if !citation.quotes.is_empty() {
            with_quotes += 1;
        }
        let article = Article {
            text: source.to_string(),
            ..Article::default()
        };
        let result = check(&citation, &article);
        let link = Link::not_requested(LinkStatus::Ok, None);
        let decision = decide(&VerdictInput {
            claim_quotes: &citation.quotes,
            link: &link,
            read: SourceRead::Live(Some(&result)),
            history: None,
        });
        let verdict_index = VERDICTS
            .iter()
            .position(|v| *v == decision.verdict)
            .unwrap_or(VERDICTS.len() - 1);
        *table.entry((label_index, verdict_index)).or_default() += 1;
        total += 1;
        if let Some(file) = dump.as_mut() {
            use std::io::Write;
            let line = serde_json::json!({
                "id": row["id"],
                "label": label,
                "verdict": decision.verdict.as_str(),
                "quotes": citation.quotes.len(),
                "passage": result.evidence.passage,
                "numbers": result.evidence.numbers.iter().map(|f| f.found).collect::<Vec<_>>(),
                "names": result.evidence.names.iter().map(|f| (f.text.as_str(), f.found)).collect::<Vec<_>>(),
            });
            writeln!(file, "{line}").map_err(|e| e.to_string())?;
        }
        if show_rows {
            println!(
                "{:>4} {:<20} → {:<12} {}",
                row["id"].to_string(),
                label,
                decision.verdict.as_str(),
                decision.reasons.join(" | ")
            );
        }
    }
    let elapsed = started.elapsed();
    print_table(&table, total);
    let correct: usize = (0..LABELS.len())
        .map(|l| {
            let v = VERDICTS.iter().position(|v| *v == LABELS[l].1).unwrap_or(0);
            table.get(&(l, v)).copied().unwrap_or(0)
        })
        .sum();
    let false_alarms = table.get(&(0, 2)).copied().unwrap_or(0);
    let (macro_f1, accuracy3) = three_class(&table);
    let supported = (0..VERDICTS.len())
        .map(|v| table.get(&(0, v)).copied().unwrap_or(0))
        .sum::<usize>();
    let decided: usize = table
        .iter()
        .filter(|((_, v), _)| VERDICTS[*v] != Verdict::Unchecked)
        .map(|(_, n)| n)
        .sum();
    println!();
    println!(
        "rows: {total} ({skipped} skipped), {with_quotes} with quotes; checked in {:.0} ms",
        elapsed.as_secs_f64() * 1e3
    );
    println!(
        "macro-F1 over supported / partially / not supported (unchecked read as partial): {macro_f1:.3}; 3-class accuracy {accuracy3:.3}"
    );
    println!(
        "accuracy (verified=Supported, partial=Partially, not_found=Not supported, unverifiable=unavailable): {correct}/{total} = {:.3}",
        ratio(correct, total)
    );
    println!(
        "accuracy where citecheck gave a verdict (not unchecked): {correct}/{decided} = {:.3}",
        ratio(correct, decided)
    );
    println!(
        "false alarms, Supported → not_found: {false_alarms} of {supported} supported ({:.3})",
        ratio(false_alarms, supported)
    );
    let cell = |l: usize, v: usize| table.get(&(l, v)).copied().unwrap_or(0);
    let backed = (0..2).map(|l| cell(l, 0) + cell(l, 1)).sum::<usize>();
    let backed_of = (0..2)
        .map(|l| (0..VERDICTS.len()).map(|v| cell(l, v)).sum::<usize>())
        .sum::<usize>();
    let refused = cell(2, 2);
    let refused_of = (0..VERDICTS.len()).map(|v| cell(2, v)).sum::<usize>();
    println!(
        "Supported or Partially supported → verified or partial: {backed}/{backed_of} = {:.3}; Not supported → not_found: {refused}/{refused_of} = {:.3}",
        ratio(backed, backed_of),
        ratio(refused, refused_of)
    );
    Ok(())
}

/// Macro-F1 and accuracy over the three labels of claim support: verified is supported,
/// partial and unchecked partially supported, not_found not supported; an unverifiable
/// verdict is a miss for every class. Rows labelled "source unavailable" are left out.
fn three_class(table: &BTreeMap<(usize, usize), usize>) -> (f64, f64) {
    let predicted = |v: usize| match VERDICTS[v] {
        Verdict::Verified => Some(0),
        Verdict::Partial | Verdict::Unchecked => Some(1),
        Verdict::NotFound => Some(2),
        Verdict::Unverifiable => None,
    };
    let mut confusion = [[0usize; 3]; 3];
    let mut rows = 0;
    for (&(l, v), &n) in table {
        if l >= 3 {
            continue;
        }
        rows += n;
        if let Some(p) = predicted(v) {
            confusion[l][p] += n;
        }
    }
    let f1: f64 = (0..3)
        .map(|c| {
            let tp = confusion[c][c] as f64;
            let predicted: usize = (0..3).map(|l| confusion[l][c]).sum();
            let actual: usize = confusion[c].iter().sum();
            let (p, r) = (
                ratio(confusion[c][c], predicted),
                ratio(confusion[c][c], actual),
            );
            if tp == 0.0 || p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            }
        })
        .sum::<f64>()
        / 3.0;
    let correct: usize = (0..3).map(|c| confusion[c][c]).sum();
    (f1, ratio(correct, rows))
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn print_table(table: &BTreeMap<(usize, usize), usize>, total: usize) {
    print!("{:<22}", "human \\ citecheck");
    for v in VERDICTS {
        print!("{:>14}", v.as_str());
    }
    println!("{:>8}", "total");
    for (l, (label, _)) in LABELS.iter().enumerate() {
        print!("{label:<22}");
        let mut sum = 0;
        for v in 0..VERDICTS.len() {
            let n = table.get(&(l, v)).copied().unwrap_or(0);
            sum += n;
            print!("{n:>14}");
        }
        println!("{sum:>8}");
    }
    print!("{:<22}", "total");
    for v in 0..VERDICTS.len() {
        let n: usize = (0..LABELS.len())
            .map(|l| table.get(&(l, v)).copied().unwrap_or(0))
            .sum();
        print!("{n:>14}");
    }
    println!("{total:>8}");
}

/// A citation of the claim alone: its quotes are the spans in “…” or "…" (at least two
/// words, so scare quotes around a single term are not taken for a quotation).
fn citation_of(claim: &str) -> Citation {
    Citation {
        id: "wiki".into(),
        outlet: None,
        date: None,
        accessed: false,
        url: None,
        line: 1,
        column: 1,
        claim: claim.to_string(),
        context: String::new(),
        quotes: quotes_in(claim),
    }
}

fn quotes_in(claim: &str) -> Vec<String> {
    let mut quotes = Vec::new();
    let mut rest = claim;
    while let Some(open) = rest.find(['“', '"']) {
        let mark = rest[open..].chars().next().unwrap_or('"');
        let close_mark = if mark == '“' { '”' } else { '"' };
        let after = &rest[open + mark.len_utf8()..];
        let Some(close) = after.find(close_mark) else {
            break;
        };
        let quote = after[..close].trim();
        if quote.split_whitespace().count() >= 2 {
            quotes.push(quote.to_string());
        }
        rest = &after[close + close_mark.len_utf8()..];
    }
    quotes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_the_spans_in_quotation_marks() {
        assert_eq!(
            quotes_in("He called it “a new era” and said \"we will win\", a \"term\"."),
            ["a new era", "we will win"]
        );
        assert!(quotes_in("no quotes, or an “unclosed one").is_empty());
    }
}

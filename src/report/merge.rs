//! Joining the reports of a sharded run (`citecheck merge`).
//!
//! `--shard I/N` splits a run by host, so each shard's report of a document holds only the
//! citations whose hosts that shard owns. Merging puts them back together: documents with
//! the same path become one, their citations joined by id and put back in document order;
//! the summary is recounted; the merged run is complete only if every shard was. A citation
//! present in several reports (a shard that listed citations it did not own as
//! `unchecked`, or a re-run) keeps the entry that was actually checked.

use std::collections::BTreeMap;

use thiserror::Error;

use crate::model::{
    CitationReport, DocumentReport, Hosts, LinkStatus, Report, Summary, REPORT_SCHEMA,
};

/// Reports that cannot be merged.
#[derive(Debug, Error, PartialEq)]
pub enum MergeError {
    /// Nothing to merge.
    #[error("no reports to merge")]
    Empty,
    /// A report of another schema version.
    #[error("report {index}: schema {schema:?} is not {REPORT_SCHEMA:?}")]
    Schema {
        /// 0-based position of the report in the input.
        index: usize,
        /// Its schema.
        schema: String,
    },
}

/// Joins shard reports into one report.
pub fn merge(reports: Vec<Report>) -> Result<Report, MergeError> {
    if reports.is_empty() {
        return Err(MergeError::Empty);
    }
    if let Some((index, report)) = reports
        .iter()
        .enumerate()
        .find(|(_, r)| r.schema != REPORT_SCHEMA)
    {
        return Err(MergeError::Schema {
            index,
            schema: report.schema.clone(),
        });
    }
    let complete = reports.iter().all(|r| r.complete);
    let generated_at = reports
        .iter()
        .map(|r| r.generated_at.clone())
        .max()
        .unwrap_or_default();
    let hosts = merged_hosts(&reports);
    // Documents in order of first appearance; citations keyed by id.
    let mut order: Vec<String> = Vec::new();
    let mut documents: BTreeMap<String, (Option<String>, BTreeMap<String, CitationReport>)> =
        BTreeMap::new();
    for report in reports {
        for document in report.documents {
            let (error, citations) = documents.entry(document.path.clone()).or_insert_with(|| {
                order.push(document.path.clone());
                (None, BTreeMap::new())
            });
            if error.is_none() {
                *error = document.error;
            }
            for citation in document.citations {
                match citations.get(&citation.id) {
                    Some(kept) if !replaces(&citation, kept) => {}
                    _ => {
                        citations.insert(citation.id.clone(), citation);
                    }
                }
            }
        }
    }
    let documents: Vec<DocumentReport> = order
        .into_iter()
        .filter_map(|path| {
            let (error, citations) = documents.remove(&path)?;
            let mut citations: Vec<CitationReport> = citations.into_values().collect();
            citations.sort_by_key(document_order);
            Some(DocumentReport {
                warnings: Vec::new(),
                path,
                error,
                citations,
            })
        })
        .collect();
    Ok(Report {
        schema: REPORT_SCHEMA.to_string(),
        generated_at,
        complete,
        summary: Summary {
            hosts,
            ..Summary::of(&documents)
        },
        documents,
    })
}

/// The hosts of the merged run: for each shard, the most any one of its reports counted
/// (every report of a shard carries the shard's whole count), summed over the shards, which
/// own different hosts. Reports that do not name their shard count as one run, so the
/// maximum is taken over them: it never says "none answered" of a run in which some
/// report was answered.
fn merged_hosts(reports: &[Report]) -> Option<Hosts> {
    let mut by_shard: BTreeMap<Option<&str>, Hosts> = BTreeMap::new();
    for report in reports {
        let Some(hosts) = report.summary.hosts else {
            continue;
        };
        let most = by_shard.entry(report.summary.shard.as_deref()).or_default();
        most.contacted = most.contacted.max(hosts.contacted);
        most.answered = most.answered.max(hosts.answered);
    }
    by_shard.into_values().reduce(|a, b| Hosts {
        contacted: a.contacted + b.contacted,
        answered: a.answered + b.answered,
    })
}

/// Whether `new` should replace `kept` for the same citation id: a checked entry beats an
/// unchecked one; otherwise the later report wins.
fn replaces(new: &CitationReport, kept: &CitationReport) -> bool {
    let unchecked = |c: &CitationReport| c.link.status == LinkStatus::Unchecked;
    !unchecked(new) || unchecked(kept)
}

/// Citations are numbered `c1`, `c2`, … in document order; ids of another form go by line.
fn document_order(citation: &CitationReport) -> (usize, u64, String) {
    let number = citation
        .id
        .strip_prefix('c')
        .and_then(|n| n.parse::<u64>().ok());
    match number {
        Some(n) => (0, n, String::new()),
        None => (1, citation.line as u64, citation.id.clone()),
    }
}

/// Splits a report into one report per document (for per-document files after a merge).
pub fn split(report: &Report) -> Vec<Report> {
    report
        .documents
        .iter()
        .map(|document| {
            let documents = vec![document.clone()];
            Report {
                schema: report.schema.clone(),
                generated_at: report.generated_at.clone(),
                complete: report.complete,
                summary: Summary {
                    hosts: report.summary.hosts,
                    ..Summary::of(&documents)
                },
                documents,
            }
        })
        .collect()
}

/// A report base path for a document under `out`, mirroring its relative path without
/// its extension (`articles/a/index.md` → `<out>/articles/a/index`). Absolute paths,
/// `..` and `.` components are dropped, so a report never lands outside `out`.
pub fn report_base(out: &std::path::Path, document_path: &str) -> std::path::PathBuf {
    use std::path::Component;
    let relative: std::path::PathBuf = std::path::Path::new(document_path)
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part),
            _ => None,
        })
        .collect();
    let mut base = out.join(relative);
    base.set_extension("");
    if base == out {
        base = out.join("document");
    }
    base
}

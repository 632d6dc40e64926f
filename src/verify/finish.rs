//! The end of a run: one report per document, assembled from what was checked (a citation
//! the run did not reach gets its "interrupted" entry), and written.
//!
//! The reports are written several at a time ([`WRITERS`]): each write is atomic, so it
//! waits on the disk (a sync of the file and of its folder), and a run of 500 documents
//! written one after another spent most of its last seconds waiting.

use crate::model::{
    CitationReport, DocumentReport, Hosts, Report, Severity, Summary, REPORT_SCHEMA,
};
use crate::report;

use super::citation;
use super::inputs::ParsedInput;
use super::stream::Slots;
use super::{DocumentOutcome, RunOutcome, VerifyError, VerifyOptions};

/// Assembles and writes one report per document.
pub(super) fn finish(
    parsed: Vec<ParsedInput>,
    filled: Slots,
    complete: bool,
    hosts: Option<Hosts>,
    options: &VerifyOptions,
) -> Result<RunOutcome, VerifyError> {
    let generated_at = crate::model::time::rfc3339(&options.clock.now());
    let mut outcome = RunOutcome {
        documents: Vec::new(),
        input_errors: false,
        worst: Severity::Ok,
        complete,
        capture: None,
        requests: 0,
        capture_error: None,
        hosts,
        timings: None,
    };
    for (doc, slots) in parsed.into_iter().zip(filled) {
        outcome.input_errors |= doc.error.is_some();
        let mut citations: Vec<CitationReport> = doc
            .citations
            .into_iter()
            .zip(slots)
            .map(|(c, slot)| slot.unwrap_or_else(|| citation::interrupted(c, &options.sources)))
            .collect();
        crate::model::key::document_keys(&doc.input.name(), &mut citations);
        for c in &citations {
            outcome.worst = outcome.worst.max(c.severity);
        }
        let documents = vec![DocumentReport {
            warnings: doc.warnings,
            path: doc.input.name(),
            error: doc.error,
            citations,
        }];
        let report = Report {
            schema: REPORT_SCHEMA.to_string(),
            generated_at: generated_at.clone(),
            complete,
            summary: Summary {
                hosts,
                shard: (options.shard != crate::shard::Shard::WHOLE)
                    .then(|| options.shard.to_string()),
                ..Summary::of(&documents)
            },
            documents,
        };
        outcome.documents.push(DocumentOutcome {
            input: doc.input.path,
            report_base: doc.input.report_base,
            report,
            written: doc.read,
        });
    }
    write_all(&outcome.documents, options)?;
    Ok(outcome)
}

/// Report files written at once at most: side by side, the waits on the disk overlap.
const WRITERS: usize = 8;

/// Writes the reports of the documents that were read, several at a time; the first
/// error in document order is returned (the other reports are still written).
fn write_all(documents: &[DocumentOutcome], options: &VerifyOptions) -> Result<(), VerifyError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let failures: std::sync::Mutex<Vec<(usize, report::ReportError)>> = Default::default();
    let work = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(doc) = documents.get(index) else {
            return;
        };
        if !doc.written {
            continue;
        }
        let written = report::write(
            &doc.report,
            &doc.report_base,
            &options.formats,
            options.fail_on,
        );
        if let Err(e) = written {
            failures
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((index, e));
        }
    };
    let writers = WRITERS.min(documents.len());
    if writers <= 1 {
        work();
    } else {
        std::thread::scope(|scope| {
            for _ in 0..writers {
                if let Err(e) = std::thread::Builder::new().spawn_scoped(scope, work) {
                    // Fewer writers, or this one: every report is written all the same.
                    tracing::warn!("report writer not started: {e}");
                    work();
                }
            }
        });
    }
    let mut failures = failures.into_inner().unwrap_or_else(|p| p.into_inner());
    failures.sort_by_key(|(index, _)| *index);
    match failures.into_iter().next() {
        Some((_, error)) => Err(error.into()),
        None => Ok(()),
    }
}

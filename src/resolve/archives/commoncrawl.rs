//! Common Crawl: the crawls whose dates cover a citation, their index of the outlet's
//! domain, and a candidate's WARC record read by byte range.

use crate::archive::polite::ArchiveGate;
use crate::archive::ArchivedPage;
use crate::fetch::{Fetcher, RequestBudget};
use crate::model::Citation;

use super::super::gather::Lists;
use super::super::listing::Listed;
use super::{ArchiveCopy, Services};

/// Crawls whose index is asked at most per citation.
pub(crate) const MAX_CRAWLS: usize = 2;

/// The outlet's pages Common Crawl holds around the cited date.
pub(crate) async fn list(
    _lists: &mut Lists<'_>,
    _citation: &Citation,
    _services: &Services,
) -> Vec<Listed> {
    Vec::new()
}

/// Reads a WARC record by byte range.
pub(crate) async fn read_record(
    _copy: &ArchiveCopy,
    _fetcher: &Fetcher,
    _gate: &ArchiveGate,
    _budget: &RequestBudget,
) -> Option<ArchivedPage> {
    None
}

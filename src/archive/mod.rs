//! Archived copies of dead or changed sources (Wayback CDX, Memento TimeGates), and WARC
//! capture and replay of a run.
//!
//! STUB: no look-ups yet; being written.

use chrono::NaiveDate;

use crate::fetch::{FetchOutcome, Fetcher};
use crate::sources::Archives;

/// An archived copy that was found and fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchivedPage {
    /// Where the copy is.
    pub url: String,
    /// When it was captured (RFC 3339).
    pub captured: String,
    /// The fetch of the copy.
    pub outcome: FetchOutcome,
}

/// Finds the archived copy of `url` nearest `date` (the last before it first, then the
/// first after) and fetches it.
pub async fn find_copy(
    url: &str,
    date: Option<NaiveDate>,
    archives: &Archives,
    fetcher: &Fetcher,
) -> Option<ArchivedPage> {
    let _ = (url, date, archives, fetcher);
    None
}

//! A citation's key: its name across runs.
//!
//! A citation's `id` (`c3`) is its place in the document, which moves whenever a citation is
//! added above it. History, regressions, rolling runs and `citecheck accept` need a name
//! that survives such edits, so the key is a hash of what the citation *is*: the document's
//! path, the outlet as written, the cited date, the URL the document links (never a URL
//! found by discovery, which may change from one night to the next) and the claim with case
//! and spacing normalised. Two identical citations in one document get `-2`, `-3`… in the
//! report, in document order ([`document_keys`]), so every key of a report is unique; the
//! state file's per-citation results (`state::rolling`) use the key without the suffix.

use sha1::{Digest, Sha1};

use super::{CitationReport, ResolutionMethod};

/// The key of one citation of `document` (its path as given), without the suffix that
/// tells identical citations apart: 16 hex digits.
///
/// ```
/// use citecheck::model::key::key_of_parts;
/// let a = key_of_parts("a.md", Some("Ikon"), Some("2024-03-04"), None, "Exports rose 19%.");
/// let b = key_of_parts("a.md", Some("Ikon"), Some("2024-03-04"), None, "exports  rose 19%. ");
/// assert_eq!(a, b);
/// assert_eq!(a.len(), 16);
/// assert_ne!(a, key_of_parts("b.md", Some("Ikon"), Some("2024-03-04"), None, "Exports rose 19%."));
/// ```
pub fn key_of_parts(
    document: &str,
    outlet: Option<&str>,
    date: Option<&str>,
    url: Option<&str>,
    claim: &str,
) -> String {
    let claim: Vec<String> = claim.split_whitespace().map(str::to_lowercase).collect();
    let mut hasher = Sha1::new();
    for part in [
        document,
        outlet.unwrap_or(""),
        date.unwrap_or(""),
        url.map(str::trim).unwrap_or(""),
        &claim.join(" "),
    ] {
        // Lengths first, so no two different lists of parts hash the same text.
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    data_encoding::HEXLOWER.encode(&hasher.finalize()[..8])
}

/// The key of a report entry of `document`: the URL counts only when the document linked
/// it (a resolved URL is what the run found, not what the document says).
pub fn key_of(document: &str, citation: &CitationReport) -> String {
    let linked = match &citation.resolution {
        None => true,
        Some(resolution) => resolution.method == ResolutionMethod::Link,
    };
    let date = citation.date.map(|d| d.to_string());
    key_of_parts(
        document,
        citation.outlet.as_deref(),
        date.as_deref(),
        citation.url.as_deref().filter(|_| linked),
        &citation.claim,
    )
}

/// Sets the key of every citation of one document, in document order: identical citations
/// get `-2`, `-3`… after the first, so keys are unique within the document.
pub fn document_keys(document: &str, citations: &mut [CitationReport]) {
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for citation in citations {
        let base = key_of(document, citation);
        let count = seen.entry(base.clone()).or_default();
        *count += 1;
        citation.key = match *count {
            1 => base,
            n => format!("{base}-{n}"),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_spacing_do_not_count_words_do() {
        let key = |claim| key_of_parts("a.md", None, None, None, claim);
        assert_eq!(key("Exports rose 19%."), key("  exports ROSE\n19%. "));
        assert_ne!(key("exports rose 19%"), key("exports rose 91%"));
    }

    #[test]
    fn keys_are_short_hex() {
        let key = key_of_parts("a.md", None, None, None, "x");
        assert_eq!(key.len(), 16);
        assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
    }
}

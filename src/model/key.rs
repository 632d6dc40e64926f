//! A citation's key: its name across runs.
//!
//! A citation's `id` (`c3`) is its place in the document, which moves whenever a citation is
//! added above it. History, regressions and `citecheck accept` need a name that survives
//! such edits, so the key is a hash of what the citation *is*: the document's path, the
//! outlet as written, the cited date, the URL the document links (never a URL found by
//! discovery, which may change from one night to the next) and the claim, normalised (case,
//! spacing and punctuation do not count). Two identical citations in one document get `-2`,
//! `-3`… in document order ([`document_keys`]), so every key of a report is unique.

use sha2::{Digest, Sha256};

use super::{CitationReport, ResolutionMethod};

/// Hex digits of the hash kept in a key: 64 bits, plenty for the citations of one archive.
const KEY_DIGITS: usize = 16;

/// The key of one citation of `document` (its path as given), without the suffix that
/// tells identical citations apart.
///
/// ```
/// use citecheck::model::key::key_of_parts;
/// let a = key_of_parts("a.md", Some("Ikon"), Some("2024-03-04"), None, "Exports rose 19%.");
/// let b = key_of_parts("a.md", Some("Ikon"), Some("2024-03-04"), None, "exports  rose 19 % ");
/// assert_eq!(a, b);
/// assert_ne!(a, key_of_parts("b.md", Some("Ikon"), Some("2024-03-04"), None, "Exports rose 19%."));
/// ```
pub fn key_of_parts(
    document: &str,
    outlet: Option<&str>,
    date: Option<&str>,
    url: Option<&str>,
    claim: &str,
) -> String {
    let mut hash = Sha256::new();
    for part in [
        document,
        &outlet.unwrap_or("").trim().to_lowercase(),
        date.unwrap_or(""),
        url.unwrap_or("").trim(),
        &normalised_claim(claim),
    ] {
        hash.update(part.as_bytes());
        // A separator no part contains, so ("ab", "c") and ("a", "bc") differ.
        hash.update([0u8]);
    }
    let digest = hash.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex[..KEY_DIGITS].to_string()
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

/// The claim's words, lowercased, joined by single spaces; everything that is not a letter
/// or a digit dropped, so case, spacing, punctuation and typography do not count.
fn normalised_claim(claim: &str) -> String {
    claim
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_normalisation_ignores_case_spacing_and_punctuation() {
        assert_eq!(normalised_claim("Exports rose 19%."), "exports rose 19");
        assert_eq!(
            normalised_claim("  “exports”, ROSE  19 % "),
            "exports rose 19"
        );
        assert_ne!(
            normalised_claim("exports rose 19%"),
            normalised_claim("exports rose 91%")
        );
    }

    #[test]
    fn keys_are_short_hex() {
        let key = key_of_parts("a.md", None, None, None, "x");
        assert_eq!(key.len(), KEY_DIGITS);
        assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
    }
}

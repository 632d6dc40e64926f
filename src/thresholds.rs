//! Every threshold of matching and verdicts, in one place so they can be reviewed and
//! tested together.
//!
//! Matching reads them to grade what it finds (a fuzzy quote's floor, the hedges of "about
//! N", a name's edit tolerance, the date tolerance); the verdict reads them to decide what
//! that evidence means (a fuzzy quote that verifies, the facts a claim without a quote
//! needs). They live here, outside both, so the pipeline's earlier stage never depends on a
//! later one: `matching` and `verdict` each import this module and nothing of each other.
//! No threshold is keyed to a site or a page.

/// The thresholds of matching and verdicts (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// A fuzzy quote match verifies at or above this score (DESIGN.md: 0.9).
    pub quote_verifies: f64,
    /// Below this score a fuzzy match is reported as not found; between it and
    /// `quote_verifies` it is partial evidence.
    pub quote_fuzzy_floor: f64,
    /// Facts (numbers and names) needed to verify a claim without a quote.
    pub facts_to_verify: usize,
    /// Cited and published dates may differ by this many days (time zones).
    pub date_tolerance_days: i64,
    /// "over N" accepts source values up to N × this.
    pub hedge_over: f64,
    /// "nearly N" accepts source values down to N × this.
    pub hedge_under: f64,
    /// "about N" accepts source values within N × (1 ± this).
    pub hedge_about: f64,
    /// Names allow one edit per this many letters of their skeleton …
    pub name_letters_per_edit: usize,
    /// … and never more than this many.
    pub name_max_edits: usize,
    /// A quote in another script than its source is a translation when under this share
    /// of the source's letters are in the quote's script.
    pub translation_script_share: f64,
}

/// The thresholds in force.
pub const THRESHOLDS: Thresholds = Thresholds {
    quote_verifies: 0.9,
    quote_fuzzy_floor: 0.7,
    facts_to_verify: 2,
    date_tolerance_days: 1,
    hedge_over: 1.3,
    hedge_under: 0.8,
    hedge_about: 0.1,
    name_letters_per_edit: 5,
    name_max_edits: 2,
    translation_script_share: 0.05,
};

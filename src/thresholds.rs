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
    /// Letters any source word may add to a name it spells exactly (English "Mongolian"
    /// for "Mongolia"); Mongolian and Russian case endings are listed in the lexicon.
    pub name_free_ending: usize,
    /// Source words apart within which the distinctive words of a multi-word name count
    /// as standing together.
    pub name_near_words: usize,
    /// A quote in another script than its source is a translation when under this share
    /// of the source's letters are in the quote's script.
    pub translation_script_share: f64,
    /// An undeclared page in Latin letters is English when at least this share of its
    /// words are English's commonest function words ("the", "of", "and": a tenth of any
    /// English prose, next to none of a Slovak or Spanish page) …
    pub english_marker_share: f64,
    /// … counted over its first this many words …
    pub english_sample_words: usize,
    /// … and only from this many words on: a shorter text counts as English.
    pub english_min_words: usize,
    /// A claim without quotes is verified by its words when one passage of the source has
    /// at least this weighted share of its content words and numbers, every number of the
    /// claim is found, and nothing in the passage contradicts it (DESIGN.md "Severity and
    /// verdicts (changed)").
    pub passage_verifies: f64,
    /// Share of the claim's names the source must have for its passage to verify it (a
    /// claim naming one person needs that person).
    pub passage_names_found: f64,
    /// From this share on, the passage supports the claim in part (`partial`); below it,
    /// the source has no passage for the claim.
    pub passage_supports: f64,
    /// Two facts found verify a claim without quotes only when its best passage has at
    /// least this share: names found here and there on a page about something else are
    /// not the claim.
    pub passage_for_facts: f64,
    /// A single fact found makes a claim partial only when its best passage has at least
    /// this share (two facts found always do); below it the claim is `not_found`.
    pub passage_for_one_fact: f64,
    /// Two facts found make a claim partial without a trace of a passage only when they
    /// are at least this share of its numbers and names; fewer are the page's subject
    /// found here and there, not the claim.
    pub facts_share_without_passage: f64,
    /// A passage is at most this many consecutive sentences.
    pub passage_sentences: usize,
    /// Sentences longer than this many words are cut into pieces of it, so one run-on
    /// "sentence" (a page without punctuation) cannot hold every word of a claim.
    pub passage_max_words: usize,
    /// Claims with fewer content words and numbers than this are judged by facts only.
    pub passage_min_terms: usize,
    /// Weight of a word that names someone (a rare ordinary word weighs 1).
    pub passage_name_weight: f64,
    /// Words of the claim a sentence of the passage must have for its negation to count
    /// against the claim (a "not" in a sentence about something else does not).
    pub passage_negation_words: usize,
    /// Weight of a number of the claim.
    pub passage_number_weight: f64,
    /// Weight of one of the 1,000 most frequent English words ("began", "area").
    pub passage_frequent_weight: f64,
    /// Weight of one of the next 4,000 ("cremated" is rarer still, and weighs 1).
    pub passage_common_weight: f64,
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
    name_free_ending: 2,
    name_near_words: 6,
    translation_script_share: 0.05,
    english_marker_share: 0.01,
    english_sample_words: 5_000,
    english_min_words: 100,
    passage_verifies: 0.65,
    passage_names_found: 0.5,
    passage_supports: 0.3,
    passage_for_facts: 0.4,
    passage_for_one_fact: 0.2,
    facts_share_without_passage: 0.5,
    passage_sentences: 3,
    passage_max_words: 60,
    passage_min_terms: 3,
    passage_name_weight: 2.0,
    passage_negation_words: 2,
    passage_number_weight: 2.0,
    passage_frequent_weight: 0.6,
    passage_common_weight: 0.8,
};

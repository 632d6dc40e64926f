//! Does the source say it: quotes, numbers, names and the date of a citation checked
//! against the article text of its source.
//!
//! This stage turns a citation and the [`Article`] extracted from its source into evidence
//! — each quote found (exactly, after normalization, or fuzzily) or not, in the body or
//! only in the boilerplate; each number, name and the cited date found or not — and
//! leaves the judgement to [`crate::verdict`]. It never decides a verdict itself, so the
//! rules stay in one place.
//!
//! The pieces, in the order a check uses them: [`normalize`] (both sides, with an offset
//! map back to the text as written), [`pattern`] (a quote's pieces around ellipses and
//! brackets), [`source`] (a page text normalized, tokenized and indexed once, lazily),
//! [`align`] (fuzzy token alignment in a bounded window), [`quotes`] (the stages and their
//! reasons), [`script`] (translations), [`numbers`] with the lexicon's
//! [`units`](crate::lexicon::units) tables, [`names`] with [`translit`], and [`excerpt`]. A
//! [`PreparedArticle`] prepares an article once for all the citations that cite it;
//! [`check`] is the one-call form.

pub mod align;
pub mod excerpt;
pub mod exonyms;
pub mod names;
pub mod normalize;
pub mod numbers;
pub mod passage;
pub mod pattern;
pub mod quotes;
pub mod script;
pub mod source;
pub mod tokens;
pub mod translit;

use std::cell::OnceCell;

use crate::lexicon::common_words::ClaimLanguage;
use crate::model::{
    Article, Citation, DateEvidence, Evidence, Fact, PassageEvidence, Quote, QuoteMatch,
};
use crate::text::cut;
use crate::thresholds::THRESHOLDS;
use names::SourceNames;
use normalize::MAX_TEXT_BYTES;
use numbers::Quantity;
use passage::{best_passage, Passage, SourceSentences};
use script::{Script, SourceScript};
use source::SourceText;

/// Everything found about one citation in one article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Check {
    /// Each quote of the citation and how it was found.
    pub quotes: Vec<Quote>,
    /// Numbers, names and the date.
    pub evidence: Evidence,
}

/// An article prepared for checking citations against it. Preparation is lazy and shared:
/// check every citation of one source through one `PreparedArticle`.
#[derive(Debug)]
pub struct PreparedArticle<'a> {
    article: &'a Article,
    body: SourceText<'a>,
    boilerplate: SourceText<'a>,
    script: SourceScript,
    numbers: OnceCell<Vec<Quantity>>,
    names: OnceCell<SourceNames>,
    sentences: OnceCell<SourceSentences>,
}

impl<'a> PreparedArticle<'a> {
    /// Wraps an article; the texts are normalized and indexed only when a check needs it.
    pub fn new(article: &'a Article) -> Self {
        let body = cut(&article.text, MAX_TEXT_BYTES);
        let boilerplate = cut(&article.boilerplate, MAX_TEXT_BYTES);
        PreparedArticle {
            article,
            body: SourceText::new(body),
            boilerplate: SourceText::new(boilerplate),
            script: SourceScript::of(article.language.as_deref(), body),
            numbers: OnceCell::new(),
            names: OnceCell::new(),
            sentences: OnceCell::new(),
        }
    }

    /// Checks a citation's quotes, numbers, names and date against the article.
    pub fn check(&self, citation: &Citation) -> Check {
        let body = self.body.original;
        let empty = body.trim().is_empty();
        let mut quotes: Vec<Quote> = citation
            .quotes
            .iter()
            .map(|q| {
                if empty {
                    Quote::unchecked(q, "not checked: the page has no article text")
                } else {
                    quotes::check_quote(q, &self.body, &self.boilerplate, &self.script)
                }
            })
            .collect();
        let mut notes = Vec::new();
        let mut numbers = self.check_numbers(citation);
        let names = self.check_names(citation, &mut notes);
        // The claim's best passage: the verdict's evidence for a claim without quotes, and
        // where a figure the source states otherwise is read from.
        let wanted = citation.quotes.is_empty() || numbers.iter().any(|f| !f.found);
        let best = if wanted && !empty {
            self.passage(&citation.claim)
        } else {
            None
        };
        if let Some(best) = &best {
            contradicted_figures(&mut numbers, best, self.body.original);
        }
        for quote in &mut quotes {
            self.closest_passage(quote, &citation.claim);
        }
        let passage = if citation.quotes.is_empty() {
            best.as_ref().map(|p| self.passage_evidence(p))
        } else {
            None
        };
        Check {
            quotes,
            evidence: Evidence {
                numbers,
                names,
                date: date_evidence(citation, self.article),
                body_chars: Some(body.trim().chars().count()),
                notes,
                passage,
            },
        }
    }

    /// The passage of the article body that best supports `claim` (see [`passage`]), when
    /// the claim is written in the body's language; `None` for a claim in another language
    /// (an English claim of a Mongolian page is judged by its facts alone) or with too few
    /// content words. A contradicted figure of the passage is what a report's
    /// `source_value` shows.
    pub fn passage(&self, claim: &str) -> Option<Passage> {
        let language = ClaimLanguage::of_text(claim);
        if language == ClaimLanguage::Other || language != self.body_language() {
            return None;
        }
        let body = self.body.original;
        let quantities = self.numbers.get_or_init(|| numbers::quantities(body));
        let sentences = self
            .sentences
            .get_or_init(|| SourceSentences::new(body, quantities, language));
        best_passage(claim, body, sentences, quantities)
    }

    /// The body's language for the passage finder: the article's declared language when
    /// the lexicon has it, else told by its letters; `Other` for a declared language it
    /// does not know (a French page is not read with English stems).
    fn body_language(&self) -> ClaimLanguage {
        let declared = self.article.language.as_deref().map(|code| {
            code.split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        });
        match declared.as_deref() {
            Some("en") => ClaimLanguage::English,
            Some("ru") => ClaimLanguage::Russian,
            Some("mn") => ClaimLanguage::Mongolian,
            Some(_) => ClaimLanguage::Other,
            None => match ClaimLanguage::of_text(self.body.original) {
                ClaimLanguage::English if !reads_as_english(self.body.original) => {
                    ClaimLanguage::Other
                }
                told => told,
            },
        }
    }

    /// Gives a quote not found (on a page with text) the closest passage of the body when
    /// the quote search found none close enough to show: the passage with most of the
    /// quote's words, else of the claim's. The editor then sees what the source says
    /// instead.
    fn closest_passage(&self, quote: &mut Quote, claim: &str) {
        if quote.match_kind != QuoteMatch::None || quote.excerpt.is_some() {
            return;
        }
        let found = [quote.text.as_str(), claim]
            .into_iter()
            .filter_map(|text| self.passage(text))
            .find(|p| !p.range.is_empty() && p.score > 0.0);
        if let Some(passage) = found {
            quote.excerpt = Some(excerpt::excerpt(self.body.original, passage.range));
        }
    }

    fn passage_evidence(&self, passage: &Passage) -> PassageEvidence {
        PassageEvidence {
            excerpt: if passage.range.is_empty() {
                String::new()
            } else {
                excerpt::excerpt(self.body.original, passage.range.clone())
            },
            score: (passage.score * 1000.0).round() / 1000.0,
            missing: passage.missing.clone(),
            contradicted: passage
                .contradicted
                .iter()
                .map(|c| format!("'{}' (the source says '{}')", c.claimed, c.source))
                .collect(),
            negated: passage.negated,
        }
    }

    fn check_numbers(&self, citation: &Citation) -> Vec<Fact> {
        let body = self.body.original;
        let source = self.numbers.get_or_init(|| numbers::quantities(body));
        let mut facts: Vec<Fact> = Vec::new();
        for text in [&citation.claim, &citation.context] {
            for claimed in numbers::quantities(text)
                .into_iter()
                .filter(Quantity::is_fact)
            {
                let value = claimed.normalized();
                if facts.iter().any(|f| f.value == value) {
                    continue;
                }
                let support = source.iter().find(|s| claimed.supported_by(s));
                facts.push(Fact {
                    text: text
                        .get(claimed.span.clone())
                        .unwrap_or("")
                        .trim()
                        .to_string(),
                    value,
                    found: support.is_some(),
                    excerpt: support.map(|s| excerpt::excerpt(body, s.span.clone())),
                    source_value: None,
                });
            }
        }
        facts
    }

    fn check_names(&self, citation: &Citation, notes: &mut Vec<String>) -> Vec<Fact> {
        let body = self.body.original;
        let outlet = citation.outlet.as_deref().map(names::names_of_outlet);
        let mut facts: Vec<Fact> = Vec::new();
        let mut skipped = Vec::new();
        let mut seen: Vec<Vec<String>> = Vec::new();
        for text in [&citation.claim, &citation.context] {
            for name in names::names(text) {
                if seen.contains(&name.parts) || outlet.as_ref().is_some_and(|o| *o == name.parts) {
                    continue;
                }
                seen.push(name.parts.clone());
                let found = self.find_name(&name, &mut skipped);
                let Some(found) = found else {
                    continue;
                };
                facts.push(Fact {
                    text: name.text.clone(),
                    value: name.value(),
                    found: found.is_some(),
                    excerpt: found.map(|r| excerpt::excerpt(body, r)),
                    source_value: None,
                });
            }
        }
        if !skipped.is_empty() {
            notes.push(format!(
                "names not checked ({}): the source is in {} script, which citecheck does not \
                 transliterate",
                skipped.join(", "),
                self.script.main.map_or("another", Script::name)
            ));
        }
        facts
    }

    /// `Some(range)` when found, `Some(None)` when not, `None` when the name cannot be
    /// checked against this source (recorded in `skipped`).
    fn find_name(
        &self,
        name: &names::Name,
        skipped: &mut Vec<String>,
    ) -> Option<Option<std::ops::Range<usize>>> {
        let body = self.body.original;
        let forms = exonyms::forms(&name.value());
        let translated = || forms.iter().find_map(|f| find_word(&self.body, f));
        let name_script = script::dominant(&name.text, 200);
        let transliterable =
            |s: Option<Script>| matches!(s, Some(Script::Latin | Script::Cyrillic));
        let main = self.script.main;
        if !name.acronym && name_script != main && !transliterable(main) {
            // Not spelled in the source's script and no transliteration table for it: look
            // for it as written (a Latin name in a Chinese page sometimes is) or translated,
            // else skip it.
            let hit = find_word(&self.body, &name.text).or_else(translated);
            if hit.is_none() && forms.is_empty() {
                skipped.push(name.text.clone());
                return None;
            }
            return Some(hit);
        }
        let names = self.names.get_or_init(|| SourceNames::new(body));
        Some(names.find(name, body).or_else(translated))
    }
}

/// Marks each number of the claim that the passage states otherwise: the source's figure
/// as written becomes the fact's `source_value`, and the passage its excerpt, so a report
/// shows both figures side by side.
fn contradicted_figures(numbers: &mut [Fact], passage: &Passage, body: &str) {
    for contradiction in &passage.contradicted {
        let fact = numbers
            .iter_mut()
            .find(|f| !f.found && f.source_value.is_none() && f.text == contradiction.claimed);
        if let Some(fact) = fact {
            fact.source_value = Some(contradiction.source.clone());
            fact.excerpt = Some(excerpt::excerpt(body, contradiction.source_range.clone()));
        }
    }
}

/// English words that other languages written in Latin letters rarely have ("a", "to",
/// "in", "de" are words of many).
const ENGLISH_MARKERS: &[&str] = &[
    "the", "and", "of", "is", "was", "that", "with", "for", "are", "from", "this", "which", "were",
    "have", "has",
];

/// False for a text in Latin letters that is not English prose: a Slovak or Spanish page
/// has almost none of English's commonest words, which make up a tenth of any English
/// text. An undeclared page like that is judged by its facts, not by English stems
/// ([`THRESHOLDS`]' `english_marker_share`); a text too short to tell counts as English.
fn reads_as_english(text: &str) -> bool {
    let mut words = 0usize;
    let mut markers = 0usize;
    for (_, word) in passage::terms::words(text).take(THRESHOLDS.english_sample_words) {
        words += 1;
        markers += usize::from(ENGLISH_MARKERS.iter().any(|m| word.eq_ignore_ascii_case(m)));
    }
    words < THRESHOLDS.english_min_words
        || markers as f64 >= THRESHOLDS.english_marker_share * words as f64
}

/// The original range of `needle` in a source text, after normalization of both, where
/// it starts a word (Chinese has no word boundaries to respect).
fn find_word(source: &SourceText<'_>, needle: &str) -> Option<std::ops::Range<usize>> {
    let needle = normalize::normalize_str(needle);
    let first = needle.chars().next()?;
    let text = &source.normalized().text;
    memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes())
        .find(|&at| {
            tokens::is_cjk(first)
                || !text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
        })
        .map(|at| source.normalized().original_range(at..at + needle.len()))
}

/// The cited date against the source's publication date; `accessed` citations give the
/// day the page was read, so they are not compared.
fn date_evidence(citation: &Citation, article: &Article) -> DateEvidence {
    let matches = match (citation.accessed, citation.date, article.published) {
        (false, Some(cited), Some(published)) => {
            Some((cited - published).num_days().abs() <= THRESHOLDS.date_tolerance_days)
        }
        _ => None,
    };
    DateEvidence {
        cited: citation.date,
        published: article.published,
        matches,
        published_from: article.published.and(article.published_source),
        modified: article.modified.filter(|m| Some(*m) != article.published),
    }
}

/// Checks a citation's quotes and facts against a source's article.
///
/// ```
/// use citecheck::matching::check;
/// use citecheck::model::{Article, Citation, QuoteMatch};
///
/// let article = Article {
///     text: "Ерөнхийлөгч У.Хүрэлсүх: «Бид хамтдаа хөгжинө». Экспорт 19 хувиар өссөн.".into(),
///     ..Article::default()
/// };
/// let citation = Citation {
///     id: "c1".into(),
///     outlet: Some("Ikon".into()),
///     date: None,
///     accessed: false,
///     url: None,
///     line: 1,
///     column: 1,
///     claim: "President Khurelsukh said “we will develop together”; exports rose 19 percent.".into(),
///     context: String::new(),
///     quotes: vec!["we will develop together".into()],
/// };
/// let found = check(&citation, &article);
/// // An English quote of a Mongolian page is a translation: not compared word for word…
/// assert_eq!(found.quotes[0].match_kind, QuoteMatch::Unchecked);
/// // …but its number and the transliterated name are found.
/// assert_eq!(found.evidence.numbers[0].value, "19 %");
/// assert!(found.evidence.numbers[0].found);
/// assert!(found.evidence.names[0].found);
/// ```
pub fn check(citation: &Citation, article: &Article) -> Check {
    PreparedArticle::new(article).check(citation)
}

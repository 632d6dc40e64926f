//! From prose to citations: what each citation claims and what supports it.
//!
//! For each paragraph this finds the citation groups (`text.rs`) and the links, ties a link
//! written inside a group to that group's part ("([Ikon, May 1](https://…))" is one
//! citation), splits the paragraph into sentences, and gives every citation:
//! - `claim`: the sentence it closes. When several groups cite within one sentence, each
//!   claims the stretch from the previous group to itself, and the last one also the rest of
//!   the sentence; a link claims its whole sentence. Citation groups are cut out of the text.
//! - `context`: the sentences between the previous citation (of any kind) and the claim,
//!   within the paragraph.
//! - `quotes`: the quoted spans inside the claim.
//!
//! Citations of one group share claim, context and position (the opening parenthesis). Ids
//! are assigned in source order once every paragraph is done. Claims and contexts are capped
//! ([`MAX_CLAIM_BYTES`], [`MAX_CONTEXT_BYTES`]) so text without sentence ends cannot make the
//! work quadratic or a report enormous.

use std::ops::Range;

use chrono::NaiveDate;

use super::links;
use super::prose::{merge_spans, Locator, Paragraph};
use super::quotes::{find_quotes, QuoteSpan};
use super::sentences;
use super::text::{self, Group};
use crate::model::Citation;
use crate::text::{ceil_boundary, floor_boundary};

/// A claim is a sentence; a "sentence" longer than this (a paragraph without periods, a
/// page of links) is not one, and is cut to [`CLIPPED_CLAIM_BYTES`] around its citation.
const MAX_CLAIM_BYTES: usize = 2000;
/// What is kept of an over-long claim: about a hundred words around the citation.
const CLIPPED_CLAIM_BYTES: usize = 600;
/// At most this much context is kept, the sentences nearest the claim.
const MAX_CONTEXT_BYTES: usize = 4000;

/// One citation before it has an id and a line.
#[derive(Clone)]
struct Cited {
    outlet: Option<String>,
    date: Option<NaiveDate>,
    accessed: bool,
    url: Option<String>,
}

/// Where citations sit in a paragraph: a citation group, or a link outside any group.
struct Anchor {
    range: Range<usize>,
    is_group: bool,
    source: usize,
    /// The citations, by group part (a link anchor has one part).
    parts: Vec<(Range<usize>, Vec<Cited>)>,
}

/// A finished citation waiting for its id.
struct Draft {
    source: usize,
    cited: Cited,
    claim: String,
    context: String,
    quotes: Vec<String>,
}

/// The citations of a document's paragraphs, with ids `c1, c2, …` in source order.
/// Year-less dates resolve against `published`.
pub(crate) fn citations(
    paragraphs: &[Paragraph],
    source: &str,
    published: NaiveDate,
) -> Vec<Citation> {
    let mut drafts = Vec::new();
    for paragraph in paragraphs {
        paragraph_citations(paragraph, published, &mut drafts);
    }
    // Stable: citations of one group keep their written order.
    drafts.sort_by_key(|d| d.source);
    let mut locator = Locator::new(source);
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let (line, column) = locator.locate(d.source);
            Citation {
                id: format!("c{}", i + 1),
                outlet: d.cited.outlet,
                date: d.cited.date,
                accessed: d.cited.accessed,
                url: d.cited.url,
                line,
                column,
                claim: d.claim,
                context: d.context,
                quotes: d.quotes,
            }
        })
        .collect()
}

fn paragraph_citations(p: &Paragraph, published: NaiveDate, out: &mut Vec<Draft>) {
    let text = p.text.as_str();
    let link_ranges = merge_spans(p.links.iter().map(|l| l.range.clone()).collect());
    let opaque = merge_spans(p.opaque.clone());
    let groups = text::find_groups(text, &opaque, &link_ranges);
    let group_ranges: Vec<Range<usize>> = groups.iter().map(|g| g.range.clone()).collect();
    let mut anchors: Vec<Anchor> = groups
        .iter()
        .map(|g| group_anchor(p, g, published))
        .collect();

    let mut found_links: Vec<(Range<usize>, String, usize)> = p
        .links
        .iter()
        .filter_map(|l| Some((l.range.clone(), links::citable_url(&l.url)?, l.source)))
        .collect();
    let mut taken: Vec<Range<usize>> = link_ranges.clone();
    taken.extend(opaque);
    for (range, url) in links::bare_urls(text, &merge_spans(taken)) {
        let source = p.source_offset(range.start);
        found_links.push((range, url, source));
    }
    found_links.sort_by_key(|l| l.0.start);
    let mut link_anchors = Vec::new();
    for (range, url, source) in found_links {
        if attach_to_group(&mut anchors, &range, &url) {
            continue;
        }
        link_anchors.push(link_anchor(text, range, url, source, published));
    }
    anchors.extend(link_anchors);
    if anchors.is_empty() {
        return;
    }
    anchors.sort_by_key(|a| a.range.start);

    let quotes = find_quotes(text, &group_ranges);
    let sentences = sentences::split(text, &group_ranges, &quotes);
    if sentences.is_empty() {
        return;
    }
    let sentence_of: Vec<usize> = anchors
        .iter()
        .map(|a| {
            sentences
                .partition_point(|s| s.start <= a.range.start)
                .saturating_sub(1)
        })
        .collect();
    let mut previous_sentence: Option<usize> = None;
    for (k, anchor) in anchors.iter().enumerate() {
        let s = sentence_of[k];
        let sentence = sentences[s].clone();
        let segment = if anchor.is_group {
            group_segment(&anchors, &sentence_of, k, &sentence)
        } else {
            sentence.clone()
        };
        let segment = clip(text, segment, &anchor.range);
        let claim = clean(text, segment.clone(), &group_ranges);
        // A stretch after an earlier group in the sentence starts at its punctuation.
        let claim = claim
            .trim_start_matches([',', ';', ':', '—', '–', ' '])
            .to_string();
        let context_from = previous_sentence.map_or(0, |prev| prev + 1);
        let context = context_of(
            text,
            sentences.get(context_from..s).unwrap_or(&[]),
            &group_ranges,
        );
        let quoted = quotes_in(text, &quotes, &segment, &group_ranges);
        previous_sentence = Some(s);
        for (_, cited) in &anchor.parts {
            for c in cited {
                out.push(Draft {
                    source: anchor.source,
                    cited: c.clone(),
                    claim: claim.clone(),
                    context: context.clone(),
                    quotes: quoted.clone(),
                });
            }
        }
    }
}

fn group_anchor(p: &Paragraph, group: &Group, published: NaiveDate) -> Anchor {
    let parts = group
        .parts
        .iter()
        .map(|part| {
            let cited = part
                .dates
                .iter()
                .map(|date| Cited {
                    outlet: Some(part.outlet.clone()),
                    date: date.and_then(|d| d.resolve(published)),
                    accessed: part.accessed,
                    url: part.url.clone(),
                })
                .collect();
            (part.range.clone(), cited)
        })
        .collect();
    Anchor {
        range: group.range.clone(),
        is_group: true,
        source: p.source_offset(group.range.start),
        parts,
    }
}

/// Gives a link written inside a citation group to the part it sits in. False when the link
/// is outside every group, or its part already cites another URL.
fn attach_to_group(anchors: &mut [Anchor], link: &Range<usize>, url: &str) -> bool {
    // Group anchors are sorted and disjoint: the only candidate is the first ending after
    // the link's start.
    let i = anchors.partition_point(|a| a.range.end <= link.start);
    let Some(anchor) = anchors.get_mut(i).filter(|a| a.range.start < link.end) else {
        return false;
    };
    // The part the link sits in; or the only part, when the link wraps the whole group
    // ("[(Ikon, May 1)](…)"). A link in a part that is not a citation stands alone.
    let wraps_group = link.start <= anchor.range.start && anchor.range.end <= link.end;
    let index = anchor
        .parts
        .iter()
        .position(|(range, _)| range.start <= link.start && link.start < range.end)
        .or_else(|| (wraps_group && anchor.parts.len() == 1).then_some(0));
    let Some((_, cited)) = index.and_then(|i| anchor.parts.get_mut(i)) else {
        return false;
    };
    if cited.iter().any(|c| c.url.as_deref() == Some(url)) {
        return true;
    }
    if cited.iter().any(|c| c.url.is_some()) {
        return false;
    }
    for c in cited.iter_mut() {
        c.url = Some(url.to_string());
    }
    true
}

/// A link outside any group; its text gives outlet and date when it reads "Outlet, Date".
fn link_anchor(
    text: &str,
    range: Range<usize>,
    url: String,
    source: usize,
    published: NaiveDate,
) -> Anchor {
    let part = text.get(range.clone()).and_then(text::parse_link_text);
    let cited = Cited {
        outlet: part.as_ref().map(|p| p.outlet.clone()),
        date: part
            .as_ref()
            .and_then(|p| p.dates.first().copied().flatten())
            .and_then(|d| d.resolve(published)),
        accessed: part.as_ref().is_some_and(|p| p.accessed),
        url: Some(url),
    };
    Anchor {
        range: range.clone(),
        is_group: false,
        source,
        parts: vec![(range, vec![cited])],
    }
}

/// The stretch of its sentence that the group anchor `k` closes. Anchors are sorted, so the
/// neighbours in the same sentence are found by walking only within that sentence.
fn group_segment(
    anchors: &[Anchor],
    sentence_of: &[usize],
    k: usize,
    sentence: &Range<usize>,
) -> Range<usize> {
    let s = sentence_of[k];
    let in_sentence = |j: &usize| sentence_of[*j] == s;
    let start = (0..k)
        .rev()
        .take_while(in_sentence)
        .find(|&j| anchors[j].is_group)
        .map_or(sentence.start, |j| anchors[j].range.end);
    let is_last = !(k + 1..anchors.len())
        .take_while(in_sentence)
        .any(|j| anchors[j].is_group);
    let end = if is_last {
        sentence.end
    } else {
        anchors[k].range.end
    };
    start..end.max(start)
}

/// Cuts a claim's stretch longer than [`MAX_CLAIM_BYTES`] to [`CLIPPED_CLAIM_BYTES`] around
/// its anchor (the end of a long
/// stretch, for a group; the link and what follows it, for a link), cut at spaces.
fn clip(text: &str, range: Range<usize>, anchor: &Range<usize>) -> Range<usize> {
    if range.len() <= MAX_CLAIM_BYTES {
        return range;
    }
    let end = range
        .end
        .min(anchor.end.saturating_add(CLIPPED_CLAIM_BYTES / 4))
        .max(anchor.end.min(range.end));
    let start = range.start.max(end.saturating_sub(CLIPPED_CLAIM_BYTES));
    // Whole words: start after a space, end before one (when there is one nearby).
    let mut start = ceil_boundary(text, start);
    let mut end = floor_boundary(text, end);
    if start > range.start {
        if let Some(k) = text[start..end].find(char::is_whitespace) {
            start += k;
        }
    }
    if end < range.end {
        if let Some(k) = text[start..end].rfind(char::is_whitespace) {
            end = start + k;
        }
    }
    start..end.max(start)
}

/// The uncited sentences before a claim, the nearest ones kept when there are more than
/// [`MAX_CONTEXT_BYTES`].
fn context_of(text: &str, sentences: &[Range<usize>], groups: &[Range<usize>]) -> String {
    let mut kept: Vec<String> = Vec::new();
    let mut size = 0;
    for sentence in sentences.iter().rev() {
        let mut range = sentence.clone();
        if range.len() > MAX_CONTEXT_BYTES {
            let tail = range.end.saturating_sub(MAX_CONTEXT_BYTES);
            range.start = ceil_boundary(text, tail);
        }
        size += range.len() + usize::from(!kept.is_empty());
        if size > MAX_CONTEXT_BYTES && !kept.is_empty() {
            break;
        }
        kept.push(clean(text, range, groups));
    }
    kept.reverse();
    kept.join(" ")
}

/// The text of `range` with citation groups (and the space before them) cut out and
/// whitespace collapsed.
fn clean(text: &str, range: Range<usize>, groups: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(range.len());
    let mut space = false;
    let mut push = |piece: &str| {
        for c in piece.chars() {
            if c.is_whitespace() {
                space = !out.is_empty();
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
        }
    };
    let mut at = range.start;
    let first = groups.partition_point(|g| g.end <= range.start);
    for g in groups[first..].iter().take_while(|g| g.start < range.end) {
        if g.start > at {
            push(text[at..g.start].trim_end());
        }
        at = at.max(g.end);
    }
    if at < range.end {
        push(&text[at..range.end]);
    }
    out
}

/// The quotes inside a claim's segment, clipped to it.
fn quotes_in(
    text: &str,
    quotes: &[QuoteSpan],
    segment: &Range<usize>,
    groups: &[Range<usize>],
) -> Vec<String> {
    let first = quotes.partition_point(|q| q.range.end <= segment.start);
    quotes[first..]
        .iter()
        .take_while(|q| q.range.start < segment.end)
        .filter_map(|q| {
            let range = q.range.start.max(segment.start)..q.range.end.min(segment.end);
            let quote = clean(text, range, groups);
            let quote = quote.trim_end_matches([',', ';', ':', ' ']);
            (!quote.is_empty()).then(|| quote.to_string())
        })
        .collect()
}

#[cfg(test)]
#[path = "claims_tests.rs"]
mod tests;

//! A source text prepared for matching: normalized, tokenized and indexed, once, lazily.
//!
//! Quotes, numbers and names of every citation of a page are checked against the same two
//! texts (article body and boilerplate), so the work that depends only on the page is done
//! once per page, and only when some check needs it: most quotes are found verbatim or
//! after normalization and never need the word index.
//!
//! The index finds where a quote may be in O(quote) hash look-ups: every word and every
//! pair of adjacent words of the page maps to its positions. A quote's words vote for the
//! diagonal (page position − quote position) they sit on; the few diagonals with most votes
//! are the candidate windows that the aligner then examines. Very common words and pairs
//! ("the", "of the") are left out of the vote when rarer anchors exist.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::normalize::{normalize, Normalized};
use super::tokens::{fnv1a, tokenize, Token, TokenKind};

/// Candidate windows examined per quote piece.
const MAX_CANDIDATES: usize = 6;
/// A word or pair seen more often than this is too common to anchor a quote.
const COMMON_POSTINGS: usize = 256;

/// One text of a page (body or boilerplate), prepared on demand.
#[derive(Debug)]
pub struct SourceText<'a> {
    /// The text as extracted.
    pub original: &'a str,
    normalized: OnceCell<Normalized>,
    tokens: OnceCell<Vec<Token>>,
    index: OnceCell<Index>,
}

/// Keys of the index are FNV hashes already: hashing them again would only cost time.
#[derive(Debug, Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Where each word and pair of words of a text occurs.
#[derive(Debug, Default)]
struct Index {
    /// Token index of each word, in order (word ordinal → token index).
    words: Vec<u32>,
    /// Word id → ordinals.
    unigrams: IdMap<Vec<u32>>,
    /// Hash of two adjacent word ids → ordinal of the first.
    bigrams: IdMap<Vec<u32>>,
}

impl<'a> SourceText<'a> {
    /// Wraps a text; nothing is computed yet.
    pub fn new(original: &'a str) -> Self {
        SourceText {
            original,
            normalized: OnceCell::new(),
            tokens: OnceCell::new(),
            index: OnceCell::new(),
        }
    }

    /// The normalized text and its offset map.
    pub fn normalized(&self) -> &Normalized {
        self.normalized.get_or_init(|| normalize(self.original))
    }

    /// Tokens of the normalized text.
    pub fn tokens(&self) -> &[Token] {
        self.tokens
            .get_or_init(|| tokenize(&self.normalized().text))
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let tokens = self.tokens();
            let mut index = Index::default();
            for (at, token) in tokens.iter().enumerate() {
                if token.kind == TokenKind::Word {
                    index.words.push(at as u32);
                }
            }
            for (ordinal, &at) in index.words.iter().enumerate() {
                let id = tokens[at as usize].id;
                index.unigrams.entry(id).or_default().push(ordinal as u32);
                if let Some(&next) = index.words.get(ordinal + 1) {
                    let pair = pair_key(id, tokens[next as usize].id);
                    index.bigrams.entry(pair).or_default().push(ordinal as u32);
                }
            }
            index
        })
    }

    /// The index of the first token starting at or after normalized byte `at`.
    pub fn token_at(&self, at: usize) -> usize {
        self.tokens().partition_point(|t| (t.start as usize) < at)
    }

    /// Candidate token windows for a quote piece whose tokens are `quote`, among page
    /// tokens whose alignment may start in `allowed` (token indices), best first.
    pub fn candidates(&self, quote: &[Token], allowed: Range<usize>) -> Vec<Range<usize>> {
        let index = self.index();
        let tokens = self.tokens();
        let words: Vec<u64> = quote
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.id)
            .collect();
        if words.is_empty() || index.words.is_empty() {
            return Vec::new();
        }
        let mut anchors: Vec<(usize, &[u32])> = Vec::new();
        for (k, id) in words.iter().enumerate() {
            if let Some(list) = index.unigrams.get(id) {
                anchors.push((k, list));
            }
        }
        for (k, pair) in words.windows(2).enumerate() {
            if let Some(list) = index.bigrams.get(&pair_key(pair[0], pair[1])) {
                anchors.push((k, list));
            }
        }
        let rare: Vec<&(usize, &[u32])> = anchors
            .iter()
            .filter(|(_, list)| list.len() <= COMMON_POSTINGS)
            .collect();
        let chosen: Vec<&(usize, &[u32])> = if rare.is_empty() {
            // Only common words: keep the least common few, capped.
            let mut all: Vec<&(usize, &[u32])> = anchors.iter().collect();
            all.sort_by_key(|(_, list)| list.len());
            all.truncate(3);
            all
        } else {
            rare
        };
        let mut votes: HashMap<i64, u32> = HashMap::new();
        for (k, list) in chosen {
            for &ordinal in list.iter().take(4 * COMMON_POSTINGS) {
                *votes.entry(i64::from(ordinal) - *k as i64).or_default() += 1;
            }
        }
        // Smooth: a dropped or added word shifts the diagonal by one or two.
        let mut scored: Vec<(u32, i64)> = votes
            .keys()
            .map(|&d| {
                let support = (d - 2..=d + 2).filter_map(|x| votes.get(&x)).sum::<u32>();
                (support, d)
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let span = words.len() as i64;
        let slack = 3 + span / 4;
        let mut picked: Vec<i64> = Vec::new();
        let mut windows = Vec::new();
        for (_, diagonal) in scored {
            if windows.len() >= MAX_CANDIDATES {
                break;
            }
            if picked.iter().any(|&p| (p - diagonal).abs() <= span / 2 + 2) {
                continue;
            }
            picked.push(diagonal);
            let last_word = index.words.len() as i64 - 1;
            let first = (diagonal - slack).clamp(0, last_word) as usize;
            let last = (diagonal + span + slack).clamp(0, last_word) as usize;
            let start = index.words[first] as usize;
            let end = (index.words[last] as usize + 1).min(tokens.len());
            // Punctuation before the first word belongs to the window too.
            let start = start.saturating_sub(2).max(allowed.start);
            let end = end.min(allowed.end.saturating_add(quote.len() + slack as usize * 2));
            if start < end && start < allowed.end {
                windows.push(start..end);
            }
        }
        windows
    }
}

fn pair_key(a: u64, b: u64) -> u64 {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_le_bytes());
    bytes[8..].copy_from_slice(&b.to_le_bytes());
    fnv1a(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_point_at_the_quoted_passage() {
        let filler = "lorem ipsum dolor sit amet ".repeat(200);
        let page = format!("{filler} the committee rejected the proposal on tuesday {filler}");
        let source = SourceText::new(&page);
        let quote = tokenize("the committee refused the proposal on tuesday");
        let windows = source.candidates(&quote, 0..usize::MAX);
        assert!(!windows.is_empty());
        let text = &source.normalized().text;
        let first = &windows[0];
        let start = source.tokens()[first.start].start as usize;
        let end = source.tokens()[first.end - 1].end as usize;
        assert!(text[start..end].contains("committee rejected the proposal"));
        assert!(first.len() < 40, "window is bounded: {}", first.len());
    }

    #[test]
    fn no_shared_words_means_no_candidates() {
        let source = SourceText::new("alpha beta gamma");
        assert!(source
            .candidates(&tokenize("delta epsilon"), 0..usize::MAX)
            .is_empty());
        let empty = SourceText::new("");
        assert!(empty
            .candidates(&tokenize("delta"), 0..usize::MAX)
            .is_empty());
    }

    #[test]
    fn candidates_respect_the_allowed_range() {
        let page = "red fox jumps. blue sky. red fox jumps again.";
        let source = SourceText::new(page);
        let from = source.token_at(page.find("blue").unwrap_or(0));
        for window in source.candidates(&tokenize("red fox jumps"), from..usize::MAX) {
            assert!(window.start >= from);
        }
    }
}

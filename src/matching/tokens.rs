//! Words and punctuation marks of a normalized text, for fuzzy quote alignment.
//!
//! The fuzzy matcher compares a quote with the source token by token, not character by
//! character: a changed word should cost one word, whatever its length. Words are runs of
//! letters, digits and combining marks (an apostrophe inside a word stays: "don't");
//! every other visible character is a punctuation token, which costs less than a word when
//! it differs. Han and kana characters are one token each, because Chinese and Japanese do
//! not separate words with spaces. Each token carries a 64-bit hash of its text so the
//! comparison and the page index never touch strings in the hot loop.

use unicode_normalization::char::is_combining_mark;

/// What a token is; words weigh more than punctuation in an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits.
    Word,
    /// A single punctuation mark or symbol.
    Punct,
}

/// One token of a normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// FNV-1a hash of the token's text.
    pub id: u64,
    /// Byte range in the normalized text.
    pub start: u32,
    /// End of the byte range (exclusive).
    pub end: u32,
    /// Word or punctuation.
    pub kind: TokenKind,
}

impl Token {
    /// The token's text in the normalized text it came from.
    pub fn text<'a>(&self, normalized: &'a str) -> &'a str {
        normalized
            .get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

/// Splits a normalized text into tokens (whitespace is dropped).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if is_cjk(c) || !is_word_char(c) {
            let end = start + c.len_utf8();
            let kind = if is_cjk(c) {
                TokenKind::Word
            } else {
                TokenKind::Punct
            };
            tokens.push(token(text, start, end, kind));
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            if is_word_char(next) && !is_cjk(next) {
                end = at + next.len_utf8();
                chars.next();
            } else if next == '\'' && followed_by_word_char(text, at + 1) {
                end = at + 1;
                chars.next();
            } else {
                break;
            }
        }
        tokens.push(token(text, start, end, TokenKind::Word));
    }
    tokens
}

fn token(text: &str, start: usize, end: usize, kind: TokenKind) -> Token {
    Token {
        id: fnv1a(&text.as_bytes()[start..end]),
        start: start as u32,
        end: end as u32,
        kind,
    }
}

fn followed_by_word_char(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| is_word_char(c) && !is_cjk(c))
}

/// Letters, digits and combining marks (Devanagari vowel signs, Mongolian FVS…).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && is_combining_mark(c))
}

/// Han ideographs and Japanese kana: written without spaces, one token per character.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// FNV-1a, 64 bits: small, fast on short keys, and good enough for word ids.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn words_and_punctuation_are_separate_tokens() {
        assert_eq!(
            texts("we'll win, he said - 19%"),
            ["we'll", "win", ",", "he", "said", "-", "19", "%"]
        );
    }

    #[test]
    fn trailing_apostrophe_is_punctuation() {
        assert_eq!(
            texts("the players' union"),
            ["the", "players", "'", "union"]
        );
    }

    #[test]
    fn han_characters_are_one_token_each() {
        let tokens = tokenize("投资200亿美元");
        let words: Vec<&str> = tokens.iter().map(|t| t.text("投资200亿美元")).collect();
        assert_eq!(words, ["投", "资", "200", "亿", "美", "元"]);
        assert!(tokens.iter().all(|t| t.kind == TokenKind::Word));
    }

    #[test]
    fn cyrillic_words_with_hyphens_split_at_the_hyphen() {
        assert_eq!(texts("оюун-эрдэнэ хэлэв"), ["оюун", "-", "эрдэнэ", "хэлэв"]);
    }

    #[test]
    fn equal_words_share_an_id() {
        let tokens = tokenize("rose and rose");
        assert_eq!(tokens[0].id, tokens[2].id);
        assert_ne!(tokens[0].id, tokens[1].id);
    }
}

//! Splits text into numbers, words and punctuation for the date forms to match.
//!
//! Dates are written with the digits of the page's script (Persian "۱۳۹۹/۰۲/۲۱", Hindi
//! "२७"), between words of any script, and in Chinese, Japanese and Korean glued to the
//! characters that mark year, month and day ("2023年9月27日", "2020년 8월 27일"). Matching
//! date forms token by token — rather than with one regular expression per language —
//! keeps the forms few, the month names in a table, and the scan linear in the text.

/// One token of a text, with where it is (byte offsets into that text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    /// What it is.
    pub kind: Kind,
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just after it.
    pub end: usize,
    /// Whether whitespace comes right before it.
    pub spaced: bool,
}

/// The kinds of token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A run of decimal digits (any script): its value and how many digits it has.
    Number { value: u32, digits: u8 },
    /// A run of letters (with their combining marks), or one CJK character.
    Word,
    /// Any other character.
    Punct(char),
}

impl Token {
    /// The number's value when this is a number of `digits` digits in `range`.
    pub fn number(
        &self,
        digits: std::ops::RangeInclusive<u8>,
        range: std::ops::RangeInclusive<u32>,
    ) -> Option<u32> {
        match self.kind {
            Kind::Number { value, digits: d } if digits.contains(&d) && range.contains(&value) => {
                Some(value)
            }
            _ => None,
        }
    }

    /// Whether this is the punctuation mark `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

/// The value of a decimal digit in any of the scripts news pages use.
pub(super) fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return Some(c as u32 - '0' as u32);
    }
    let zero = match c as u32 {
        0x0660..=0x0669 => 0x0660, // Arabic-Indic
        0x06F0..=0x06F9 => 0x06F0, // Persian, Urdu
        0x0966..=0x096F => 0x0966, // Devanagari
        0x09E6..=0x09EF => 0x09E6, // Bengali
        0x0AE6..=0x0AEF => 0x0AE6, // Gujarati
        0x0A66..=0x0A6F => 0x0A66, // Gurmukhi
        0x0BE6..=0x0BEF => 0x0BE6, // Tamil
        0x0E50..=0x0E59 => 0x0E50, // Thai
        0xFF10..=0xFF19 => 0xFF10, // fullwidth
        _ => return None,
    };
    Some(c as u32 - zero)
}

/// Characters that stand alone as words: CJK ideographs, kana and Hangul, which are not
/// separated by spaces and carry the year/month/day markers.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // kana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF)
}

/// Punctuation outside ASCII that separates words in news pages' dates and bylines.
fn is_wide_punct(c: char) -> bool {
    matches!(
        c,
        '«' | '»'
            | '„'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '‚'
            | '‹'
            | '›'
            | '—'
            | '–'
            | '−'
            | '…'
            | '·'
            | '•'
            | '¦'
            | '©'
            | '®'
            | '°'
            | '№'
            | '§'
            | '、'
            | '。'
            | '，'
            | '：'
            | '；'
            | '！'
            | '？'
            | '（'
            | '）'
            | '【'
            | '】'
            | '「'
            | '」'
            | '『'
            | '』'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '・'
            | '〜'
            | '～'
            | '／'
            | '．'
            | '－'
            | '।'
            | '॥'
            | '،'
            | '؛'
            | '؟'
            | '٫'
            | '٬'
            | '۔'
            | '|'
            | '⋅'
            | '∙'
            | '●'
            | '■'
            | '▪'
            | '►'
            | '❘'
            | '⏐'
            | '⁄'
            | '∕'
    )
}

/// Maps fullwidth and other look-alike separators to the ASCII ones date forms use.
fn separator(c: char) -> char {
    match c {
        '／' | '⁄' | '∕' => '/',
        '．' | '。' => '.',
        '－' | '−' | '‐' | '‑' => '-',
        _ => c,
    }
}

/// The tokens of `text`, in order. Numbers longer than nine digits become punctuation
/// (they are identifiers, never part of a date).
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut chars = text.char_indices().peekable();
    let mut spaced = true;
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            spaced = true;
            continue;
        }
        let kind;
        let mut end = start + c.len_utf8();
        if let Some(first) = digit_value(c) {
            let mut value = u64::from(first);
            let mut digits: u32 = 1;
            while let Some(&(i, next)) = chars.peek() {
                let Some(d) = digit_value(next) else { break };
                value = (value * 10 + u64::from(d)).min(u64::from(u32::MAX));
                digits += 1;
                end = i + next.len_utf8();
                chars.next();
            }
            kind = if digits <= 9 {
                Kind::Number {
                    value: value as u32,
                    digits: digits as u8,
                }
            } else {
                Kind::Punct('#')
            };
        } else if is_cjk(c) {
            kind = Kind::Word;
        } else if c.is_ascii_punctuation() || is_wide_punct(c) {
            kind = Kind::Punct(separator(c));
        } else {
            while let Some(&(i, next)) = chars.peek() {
                // Most text is ASCII letters: settle them without the wider tables.
                if next.is_ascii_alphabetic() {
                    end = i + 1;
                    chars.next();
                    continue;
                }
                if next.is_whitespace()
                    || next.is_ascii_punctuation()
                    || is_wide_punct(next)
                    || is_cjk(next)
                    || digit_value(next).is_some()
                {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            kind = Kind::Word;
        }
        tokens.push(Token {
            kind,
            start,
            end,
            spaced,
        });
        spaced = false;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        tokenize(text)
            .iter()
            .map(|t| match t.kind {
                Kind::Number { value, .. } => value.to_string(),
                Kind::Word => text[t.start..t.end].to_string(),
                Kind::Punct(c) => format!("<{c}>"),
            })
            .collect()
    }

    #[test]
    fn splits_numbers_words_and_punctuation() {
        assert_eq!(
            kinds("Sept. 27, 2023"),
            ["Sept", "<.>", "27", "<,>", "2023"]
        );
        assert_eq!(
            kinds("2023年9月27日"),
            ["2023", "年", "9", "月", "27", "日"]
        );
        assert_eq!(kinds("۱۳۹۹/۰۲/۲۱"), ["1399", "</>", "2", "</>", "21"]);
        assert_eq!(kinds("9-р сарын"), ["9", "<->", "р", "сарын"]);
    }

    #[test]
    fn long_digit_runs_are_not_numbers() {
        assert_eq!(kinds("id 12345678901"), ["id", "<#>"]);
    }
}

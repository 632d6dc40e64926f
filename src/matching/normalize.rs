//! Text normalization for matching, with a map back to the text as written.
//!
//! A quote typed by a journalist and the same words on a web page rarely agree byte for
//! byte: curly vs straight quotes, an en dash for a hyphen, a soft hyphen or a zero-width
//! space left by the CMS, `&amp;` that survived extraction, full-width digits, different
//! case. [`normalize`] removes exactly those differences — HTML entities decoded, Unicode
//! NFKC, typographic quotes, apostrophes and dashes unified, soft hyphens and zero-width
//! characters dropped, whitespace collapsed, case folded — and nothing else: words and
//! punctuation stay, so a match on normalized text still means "the same words".
//!
//! Every byte of the normalized text remembers which bytes of the original produced it, so
//! an excerpt shown to the reader is cut from the source as written, never from the
//! normalized copy.

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Longest text normalized, in bytes: longer input is cut here (at a character boundary) so
/// offsets fit in `u32` and work stays bounded. Fetched bodies are capped well below this.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// A normalized text and the map from its bytes back to the original's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// For each byte of `text`: the original byte offset where the unit that produced it
    /// starts.
    starts: Vec<u32>,
    /// For each byte of `text`: the original byte offset where that unit ends.
    ends: Vec<u32>,
}

impl Normalized {
    /// The original byte range that produced the normalized byte range `range`; empty
    /// ranges and ranges past the end map to an empty range at the nearest known offset.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let start = range.start.min(len);
        let end = range.end.min(len);
        if start >= end {
            let at = if start < len {
                self.starts[start] as usize
            } else {
                self.ends.last().map_or(0, |&e| e as usize)
            };
            return at..at;
        }
        let from = self.starts[start] as usize;
        let to = self.ends[end - 1] as usize;
        from..to.max(from)
    }

    fn push(&mut self, c: char, unit: &Range<usize>) {
        let mut buffer = [0u8; 4];
        let encoded = c.encode_utf8(&mut buffer);
        self.text.push_str(encoded);
        for _ in 0..encoded.len() {
            self.starts.push(unit.start as u32);
            self.ends.push(unit.end as u32);
        }
    }
}

/// Normalizes `text` for matching (see the module docs) and keeps the offset map.
pub fn normalize(text: &str) -> Normalized {
    let text = crate::text::cut(text, MAX_TEXT_BYTES);
    let mut out = Normalized {
        text: String::with_capacity(text.len()),
        starts: Vec::with_capacity(text.len()),
        ends: Vec::with_capacity(text.len()),
    };
    let mut pending_space = false;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(first) = rest.chars().next() else {
            break;
        };
        if first == '&' {
            if let Some((decoded, used)) = decode_entity(rest) {
                let unit = i..i + used;
                for c in decoded.into_iter().flatten() {
                    fold_into(c, &unit, &mut out, &mut pending_space);
                }
                i += used;
                continue;
            }
        }
        // A cluster is a character and the combining marks that follow it, so that NFKC
        // can compose "e" + U+0301 into "é".
        let mut end = i + first.len_utf8();
        for c in text[end..].chars() {
            if c.is_ascii() || !is_combining_mark(c) {
                break;
            }
            end += c.len_utf8();
        }
        let unit = i..end;
        if first.is_ascii() && end == i + 1 {
            fold_into(first, &unit, &mut out, &mut pending_space);
        } else {
            // Unify typography before NFKC: NFKC turns U+2033 (″) into two primes.
            let unified: String = text[i..end].chars().map(unify).collect();
            for c in unified.nfkc() {
                fold_into(c, &unit, &mut out, &mut pending_space);
            }
        }
        i = end;
    }
    out
}

/// The normalized text alone, for short strings (quotes, names) whose map is not needed.
pub fn normalize_str(text: &str) -> String {
    normalize(text).text
}

/// Removes diacritics (é → e, ü → u, ё → е) after normalization; used for names, where
/// "Khürelsükh" and "Khurelsukh" are the same person.
pub fn fold_diacritics(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ı' => out.push('i'),
            _ => out.push(c),
        }
    }
    out
}

/// Appends one character after folding: dropped if invisible, whitespace collapsed,
/// typography unified, case folded.
fn fold_into(c: char, unit: &Range<usize>, out: &mut Normalized, pending_space: &mut bool) {
    if is_invisible(c) {
        return;
    }
    if c.is_whitespace() {
        *pending_space = !out.text.is_empty();
        return;
    }
    if *pending_space {
        out.push(' ', &(unit.start..unit.start));
        *pending_space = false;
    }
    let c = unify(c);
    if c == 'ß' {
        out.push('s', unit);
        out.push('s', unit);
        return;
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase(), unit);
    } else {
        for lower in c.to_lowercase() {
            out.push(lower, unit);
        }
    }
}

/// Soft hyphens, zero-width and bidi control characters: invisible, and left behind by
/// editors and CMSs in the middle of words.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Typographic quotes, apostrophes and dashes → their ASCII forms.
fn unify(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}' | '`'
        | '\u{00B4}' | '\u{02B9}' | '\u{02BC}' | '\u{FF07}' => '\'',
        '\u{201C}'
        | '\u{201D}'
        | '\u{201E}'
        | '\u{201F}'
        | '\u{00AB}'
        | '\u{00BB}'
        | '\u{2033}'
        | '\u{2036}'
        | '\u{2039}'
        | '\u{203A}'
        | '\u{300C}'..='\u{300F}'
        | '\u{301D}'..='\u{301F}'
        | '\u{FF02}' => '"',
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{2E3A}'
        | '\u{2E3B}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{FF0D}' => '-',
        _ => c,
    }
}

/// Decodes the HTML entity at the start of `text` (which starts with `&`): numeric
/// (`&#8217;`, `&#x2019;`) or named (`&amp;`, `&nbsp;`, all of HTML5's). Only the
/// terminated form (with `;`) is decoded, so prose like "AT&T" stays as written.
fn decode_entity(text: &str) -> Option<([Option<char>; 2], usize)> {
    let bytes = text.as_bytes();
    let semicolon = bytes.iter().take(34).position(|&b| b == b';')?;
    let body = &text[1..semicolon];
    if body.is_empty() {
        return None;
    }
    if let Some(number) = body.strip_prefix('#') {
        let code = if let Some(hex) = number.strip_prefix(['x', 'X']) {
            if hex.is_empty() || hex.len() > 8 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(hex, 16).ok()?
        } else {
            if number.is_empty() || number.len() > 8 || !number.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            number.parse::<u32>().ok()?
        };
        let c = char::from_u32(code).filter(|&c| c != '\0')?;
        return Some(([Some(c), None], semicolon + 1));
    }
    if !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let &(first, second) = markup5ever::data::NAMED_ENTITIES.get(&text[1..=semicolon])?;
    let first = char::from_u32(first).filter(|&c| c != '\0')?;
    let second = char::from_u32(second).filter(|&c| c != '\0');
    Some(([Some(first), second], semicolon + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_quotes_dashes_and_case_are_unified() {
        assert_eq!(
            normalize_str("“We’ll Win” — He Said «Today» ‘ok’"),
            "\"we'll win\" - he said \"today\" 'ok'"
        );
    }

    #[test]
    fn whitespace_is_collapsed_and_trimmed() {
        assert_eq!(normalize_str("  a \t\n\n b\u{00A0}\u{202F}c  "), "a b c");
    }

    #[test]
    fn soft_hyphens_and_zero_width_characters_are_removed() {
        assert_eq!(
            normalize_str("gov\u{00AD}ern\u{200B}ment\u{FEFF}"),
            "government"
        );
    }

    #[test]
    fn entities_are_decoded_named_and_numeric() {
        assert_eq!(
            normalize_str("Tom &amp; Jerry&#8217;s &#x201C;show&rdquo;&nbsp;now"),
            "tom & jerry's \"show\" now"
        );
    }

    #[test]
    fn unterminated_or_unknown_entities_stay_as_written() {
        assert_eq!(normalize_str("AT&T &bogus; & co"), "at&t &bogus; & co");
        assert_eq!(normalize_str("&#xZZ; &#; &"), "&#xzz; &#; &");
    }

    #[test]
    fn nfkc_folds_compatibility_forms() {
        // Full-width digits and letters, a ligature, an ellipsis character.
        assert_eq!(normalize_str("２０２３ ＡＢＣ ﬁne…"), "2023 abc fine...");
    }

    #[test]
    fn combining_marks_compose_with_their_base() {
        assert_eq!(normalize_str("Cafe\u{0301}"), normalize_str("Café"));
    }

    #[test]
    fn cyrillic_and_greek_case_is_folded() {
        assert_eq!(
            normalize_str("ХҮРЭЛСҮХ Ерөнхийлөгч"),
            "хүрэлсүх ерөнхийлөгч"
        );
        assert_eq!(normalize_str("ΑΘΗΝΑ"), "αθηνα");
    }

    #[test]
    fn sharp_s_folds_to_ss() {
        assert_eq!(normalize_str("Straße"), "strasse");
    }

    #[test]
    fn offsets_map_back_to_the_text_as_written() {
        let original = "Say &ldquo;Hello&rdquo;,  WORLD\u{00AD}WIDE";
        let n = normalize(original);
        let at = n
            .text
            .find("world")
            .unwrap_or_else(|| panic!("normalized: {}", n.text));
        let range = n.original_range(at..at + "worldwide".len());
        assert_eq!(&original[range], "WORLD\u{00AD}WIDE");
        let quote = n.text.find("\"hello\"").unwrap_or(usize::MAX);
        let range = n.original_range(quote..quote + 7);
        assert_eq!(&original[range], "&ldquo;Hello&rdquo;");
    }

    #[test]
    fn offsets_of_expanded_characters_cover_the_whole_source_character() {
        let original = "ﬁx";
        let n = normalize(original);
        assert_eq!(n.text, "fix");
        assert_eq!(&original[n.original_range(0..1)], "ﬁ");
        assert_eq!(&original[n.original_range(0..3)], "ﬁx");
    }

    #[test]
    fn empty_and_out_of_range_ranges_do_not_panic() {
        let n = normalize("");
        assert_eq!(n.original_range(0..5), 0..0);
        let n = normalize("abc");
        let (from, to) = (2, 1);
        assert_eq!(n.original_range(from..to), 2..2);
        assert_eq!(n.original_range(10..20), 3..3);
    }

    #[test]
    fn diacritics_fold_for_names() {
        assert_eq!(fold_diacritics("khürelsükh"), "khurelsukh");
        assert_eq!(fold_diacritics("ёлка øre"), "елка ore");
    }
}

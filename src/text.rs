//! Cutting text on character boundaries, for every stage.
//!
//! Byte offsets come from many places — a regex match, a size cap, a parser's column, an
//! alignment — and slicing a `str` anywhere but on a character boundary panics. These are
//! the one set of helpers that move an offset to a boundary, so no stage hand-writes the
//! loop. (The standard library's `floor_char_boundary` is newer than this crate's minimum
//! Rust version.)

/// The largest character boundary at or before `at` (the text's length when `at` is past
/// its end).
pub fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    // Bounded: a UTF-8 character is at most 4 bytes, and 0 is always a boundary.
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest character boundary at or after `at` (the text's length when `at` is past
/// its end).
pub fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    // Bounded: a UTF-8 character is at most 4 bytes, and the length is a boundary.
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The text cut to at most `max` bytes, on a character boundary.
pub fn cut(text: &str, max: usize) -> &str {
    &text[..floor_boundary(text, max)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_move_to_the_nearest_boundary_on_their_side() {
        let text = "aжb"; // ж is two bytes: 1..3
        assert_eq!(floor_boundary(text, 2), 1);
        assert_eq!(ceil_boundary(text, 2), 3);
        assert_eq!(floor_boundary(text, 3), 3);
        assert_eq!(ceil_boundary(text, 1), 1);
        assert_eq!(floor_boundary(text, 99), text.len());
        assert_eq!(ceil_boundary(text, 99), text.len());
        assert_eq!(floor_boundary("", 5), 0);
    }

    #[test]
    fn cutting_never_splits_a_character() {
        assert_eq!(cut("аб", 3), "а");
        assert_eq!(cut("ab", 5), "ab");
        assert_eq!(cut("日本", 2), "");
        assert_eq!(cut("日本", 6), "日本");
    }
}

//! Prose: the readable text of a document, paragraph by paragraph, mapped back to the source.
//!
//! Every input format is first turned into [`Paragraph`]s: the words a reader sees (Markdown
//! syntax, HTML tags and entities gone, code left out), the links in them, and a map from
//! each byte of that text to a byte of the source. The citation grammar then runs on the same
//! kind of text whatever the format, and a citation found at prose offset `p` is reported at
//! the source line and column of `source_offset(p)`. Text copied verbatim maps exactly; text
//! that was decoded (entities, escapes) maps to the start of what it was decoded from.

use std::ops::Range;

use chrono::NaiveDate;

use crate::text::floor_boundary;

/// A document read as prose: its paragraphs and the publication date its metadata gives.
#[derive(Debug, Clone, Default)]
pub(crate) struct Prose {
    /// Paragraphs in source order.
    pub(crate) paragraphs: Vec<Paragraph>,
    /// The document's own publication date (front matter, meta tags, dateline), if any.
    pub(crate) published: Option<NaiveDate>,
}

/// One paragraph of prose.
#[derive(Debug, Clone, Default)]
pub(crate) struct Paragraph {
    /// The paragraph's text.
    pub(crate) text: String,
    /// Pieces of `text` with the source offset each starts at, sorted.
    pieces: Vec<Piece>,
    /// Spans of `text` that are code: never scanned for citations.
    pub(crate) opaque: Vec<Range<usize>>,
    /// Links whose text lies in this paragraph.
    pub(crate) links: Vec<ProseLink>,
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    prose: usize,
    source: usize,
    /// True when the piece is a verbatim copy, so offsets inside it map one to one.
    exact: bool,
}

/// A link in prose: where its text is and where it points.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ProseLink {
    /// The link's text in the paragraph.
    pub(crate) range: Range<usize>,
    /// Its target as written (already entity-decoded for HTML).
    pub(crate) url: String,
    /// Source offset of the link's markup (`[` or `<a`).
    pub(crate) source: usize,
}

impl Paragraph {
    /// Appends a verbatim copy of the source text starting at `source`.
    pub(crate) fn push_exact(&mut self, text: &str, source: usize) {
        self.push_piece(text, source, true);
    }

    /// Appends text that does not appear as such in the source (a decoded entity, a line
    /// break standing for a space); all of it maps to `source`.
    pub(crate) fn push_mapped(&mut self, text: &str, source: usize) {
        self.push_piece(text, source, false);
    }

    fn push_piece(&mut self, text: &str, source: usize, exact: bool) {
        if text.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            prose: self.text.len(),
            source,
            exact,
        });
        self.text.push_str(text);
    }

    /// Appends `decoded`, text that the source holds from `at` on in an encoded form
    /// (entities `&amp;`, backslash escapes when `escapes`, CR LF line ends), aligning the two
    /// so that each verbatim stretch maps exactly. Returns the source offset just after the
    /// aligned text (best effort when they part ways).
    pub(crate) fn push_aligned(
        &mut self,
        decoded: &str,
        source: &str,
        at: usize,
        escapes: bool,
    ) -> usize {
        let raw = source.get(at..).unwrap_or("").as_bytes();
        let text = decoded.as_bytes();
        let (mut t, mut s) = (0usize, 0usize);
        let mut segment = (0usize, 0usize);
        while t < text.len() {
            let entity = (raw.get(s) == Some(&b'&'))
                .then(|| entity_len(&raw[s..]))
                .flatten();
            if entity.is_none() && raw.get(s) == Some(&text[t]) {
                t += 1;
                s += 1;
                continue;
            }
            // The stretch that matched byte for byte ends here; it ends between whole
            // characters because both sides are valid UTF-8, but back off to a boundary anyway.
            let t_here = floor_boundary(decoded, t);
            self.push_exact(&decoded[segment.0..t_here], at + segment.1);
            t = t_here;
            let Some(c) = decoded[t..].chars().next() else {
                break;
            };
            match (entity, raw.get(s)) {
                (Some(len), _) => {
                    self.push_mapped(&decoded[t..t + c.len_utf8()], at + s);
                    t += c.len_utf8();
                    s += len;
                }
                (None, Some(b'\r')) => s += 1,
                (None, Some(b'\\')) if escapes && raw.get(s + 1) == Some(&text[t]) => s += 1,
                _ => {
                    // They part ways: the rest maps to where alignment stopped.
                    self.push_mapped(&decoded[t..], at + s);
                    return at + s;
                }
            }
            segment = (t, s);
        }
        self.push_exact(&decoded[segment.0.min(decoded.len())..], at + segment.1);
        at + s
    }

    /// The source offset of prose offset `prose`.
    pub(crate) fn source_offset(&self, prose: usize) -> usize {
        let index = self.pieces.partition_point(|p| p.prose <= prose);
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(piece) if piece.exact => piece.source + (prose - piece.prose),
            Some(piece) => piece.source,
            None => self.pieces.first().map_or(0, |p| p.source),
        }
    }

    /// True when the paragraph holds nothing but whitespace.
    pub(crate) fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// True when `range` overlaps one of `spans` (sorted, non-overlapping: see [`merge_spans`]).
/// A binary search, so checking every candidate of a long paragraph stays near linear.
pub(crate) fn overlaps(spans: &[Range<usize>], range: &Range<usize>) -> bool {
    let i = spans.partition_point(|s| s.end <= range.start);
    spans.get(i).is_some_and(|s| s.start < range.end)
}

/// The span of `spans` containing all of `range`, if one does.
pub(crate) fn containing<'s>(
    spans: &'s [Range<usize>],
    range: &Range<usize>,
) -> Option<&'s Range<usize>> {
    let i = spans.partition_point(|s| s.end <= range.start);
    spans
        .get(i)
        .filter(|s| s.start <= range.start && range.end <= s.end)
}

/// Sorts spans and merges those that overlap, as [`overlaps`] needs.
pub(crate) fn merge_spans(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.sort_by_key(|s| s.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// The length of the character reference at the start of `raw` (`&amp;`, `&#8220;`,
/// `&#x201C;`), `None` when the ampersand does not start one ("AT&T" keeps its `&`).
fn entity_len(raw: &[u8]) -> Option<usize> {
    let body = raw
        .iter()
        .skip(1)
        .take(32)
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
        .count();
    (body > 0 && raw.get(1 + body) == Some(&b';')).then_some(body + 2)
}

/// Turns source byte offsets into 1-based line and column (in characters).
///
/// Lines are found by binary search over their starts; columns count characters from the
/// line's start, or from the previous answer when offsets come in order on the same line, so
/// locating every citation of a document with one huge line stays linear.
pub(crate) struct Locator<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    last: (usize, usize, usize),
}

impl<'a> Locator<'a> {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Locator {
            text,
            line_starts,
            last: (0, 1, 1),
        }
    }

    /// The 1-based (line, column) of byte `offset`.
    pub(crate) fn locate(&mut self, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let line_start = self.line_starts[line.saturating_sub(1)];
        let (last_offset, last_line, last_column) = self.last;
        let column = if last_line == line && last_offset <= offset && last_offset >= line_start {
            last_column + self.text[last_offset..offset].chars().count()
        } else {
            1 + self.text[line_start..offset].chars().count()
        };
        self.last = (offset, line, column);
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_pieces_map_one_to_one() {
        let source = "ab\ncd (X, May 1)";
        let mut p = Paragraph::default();
        p.push_exact(&source[3..], 3);
        assert_eq!(p.source_offset(3), 6);
    }

    #[test]
    fn entities_and_escapes_are_aligned() {
        let source = "<p>Tom &amp; Jerry (X, May 1)</p>";
        let mut p = Paragraph::default();
        let end = p.push_aligned("Tom & Jerry (X, May 1)", source, 3, false);
        assert_eq!(end, source.find("</p>").expect("end tag"));
        let paren = p.text.find('(').expect("paren");
        assert_eq!(p.source_offset(paren), source.find('(').expect("paren"));

        let md = r"A \*star\* (X, May 1)";
        let mut p = Paragraph::default();
        p.push_aligned("A *star* (X, May 1)", md, 0, true);
        let paren = p.text.find('(').expect("paren");
        assert_eq!(p.source_offset(paren), md.find('(').expect("paren"));
    }

    #[test]
    fn crlf_is_aligned() {
        let source = "one\r\ntwo (X, May 1)";
        let mut p = Paragraph::default();
        p.push_aligned("one\ntwo (X, May 1)", source, 0, false);
        let paren = p.text.find('(').expect("paren");
        assert_eq!(p.source_offset(paren), source.find('(').expect("paren"));
    }

    #[test]
    fn divergent_text_maps_to_where_alignment_stopped() {
        let mut p = Paragraph::default();
        p.push_aligned("abc xyz", "abc QQQ", 0, false);
        assert_eq!(p.text, "abc xyz");
        assert_eq!(p.source_offset(5), 4);
    }

    #[test]
    fn span_lookups() {
        let spans = merge_spans(vec![10..20, 0..5, 15..25, 30..31]);
        assert_eq!(spans, vec![0..5, 10..25, 30..31]);
        assert!(overlaps(&spans, &(4..6)));
        assert!(overlaps(&spans, &(24..40)));
        assert!(!overlaps(&spans, &(5..10)));
        assert!(!overlaps(&spans, &(31..40)));
        assert_eq!(containing(&spans, &(12..14)), Some(&(10..25)));
        assert_eq!(containing(&spans, &(3..7)), None);
    }

    #[test]
    fn locator_lines_and_character_columns() {
        let text = "first\nsé (cond)\n\nlast";
        let mut locator = Locator::new(text);
        assert_eq!(locator.locate(0), (1, 1));
        assert_eq!(locator.locate(text.find('(').expect("paren")), (2, 4));
        assert_eq!(locator.locate(text.find(')').expect("paren")), (2, 9));
        assert_eq!(locator.locate(text.find("last").expect("last")), (4, 1));
        assert_eq!(locator.locate(3), (1, 4));
        assert_eq!(locator.locate(10_000), (4, 5));
    }
}

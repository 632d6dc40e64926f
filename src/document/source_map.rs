//! Finding parsed HTML text back in the source, for line and column numbers.
//!
//! html5ever hands over decoded text nodes without positions. Text nodes come in source
//! order, and each starts right after a `>` (the end of a tag or comment), so a forward
//! search from the previous node's end finds it: the search key is a stretch of the node's
//! text that an author would not write as entities, and a match preceded by `>` (and
//! whitespace) is preferred over one inside an attribute or a script. Searches look ahead a
//! bounded window first; a document gets only a few unbounded ones, so a page whose text
//! cannot be found stays linear and its citations fall back to the nearest known position.

/// The first search window after the cursor.
const WINDOW: usize = 256 * 1024;
/// Unbounded searches allowed per document.
const WIDE_SEARCHES: usize = 64;
/// Matches tried before settling for a match not right after a tag.
const CANDIDATES: usize = 16;
/// How far back a link's `<a` may be from its text.
const TAG_LOOKBACK: usize = 4096;

/// What a search found.
enum Found {
    /// Where the text node starts, right after a `>`.
    NodeStart(usize),
    /// Where the search key (not necessarily the node's start) is.
    Probe(usize),
}

/// A forward-moving search for text nodes in an HTML source.
pub(crate) struct SourceFinder<'a> {
    source: &'a str,
    cursor: usize,
    wide_searches: usize,
}

impl<'a> SourceFinder<'a> {
    /// Starts at `<body` when there is one, so a heading repeating the `<title>` is found in
    /// the body.
    pub(crate) fn new(source: &'a str) -> Self {
        let bytes = source.as_bytes();
        let body = memchr::memchr_iter(b'<', bytes).find(|&i| {
            bytes
                .get(i + 1..i + 5)
                .is_some_and(|name| name.eq_ignore_ascii_case(b"body"))
        });
        SourceFinder {
            source,
            cursor: body.unwrap_or(0),
            wide_searches: 0,
        }
    }

    /// The source being searched.
    pub(crate) fn source(&self) -> &'a str {
        self.source
    }

    /// Where the last found text ended: the best guess for anything not found.
    pub(crate) fn cursor(&self) -> usize {
        self.cursor
    }

    /// Moves the cursor forward to `to`.
    pub(crate) fn advance(&mut self, to: usize) {
        self.cursor = self.cursor.max(to.min(self.source.len()));
    }

    /// Where the text node `text` is in the source, searching from the cursor: `(k, at)`
    /// says that `text[k..]` starts at source offset `at` (`k` is 0 when the node's start was
    /// found; otherwise the text before `k` holds characters likely written as entities).
    pub(crate) fn find_text(&mut self, text: &str) -> Option<(usize, usize)> {
        let core_start = text.len() - text.trim_start().len();
        let (delta, probe) = probe(&text[core_start..])?;
        let bytes = self.source.as_bytes();
        let from = self.cursor;
        let near_end = bytes.len().min(from.saturating_add(WINDOW));
        let anchored = delta == 0;
        let found = self
            .search(from, near_end, probe.as_bytes(), anchored)
            .or_else(|| {
                if near_end >= bytes.len() || self.wide_searches >= WIDE_SEARCHES {
                    return None;
                }
                self.wide_searches += 1;
                self.search(from, bytes.len(), probe.as_bytes(), anchored)
            })?;
        Some(match found {
            Found::NodeStart(at) => (0, at),
            Found::Probe(at) => (core_start + delta, at),
        })
    }

    fn search(&self, from: usize, to: usize, probe: &[u8], anchored: bool) -> Option<Found> {
        let bytes = self.source.as_bytes();
        let hay = bytes.get(from..to)?;
        let mut first = None;
        for m in memchr::memmem::find_iter(hay, probe).take(CANDIDATES) {
            let at = from + m;
            if !anchored {
                return Some(Found::Probe(at));
            }
            let before = bytes[from..at]
                .iter()
                .rposition(|b| !b.is_ascii_whitespace())
                .map(|k| from + k);
            match before {
                Some(k) if bytes[k] == b'>' => return Some(Found::NodeStart(k + 1)),
                None if from == 0 || bytes.get(from - 1) == Some(&b'>') => {
                    return Some(Found::NodeStart(from))
                }
                _ => {}
            }
            first.get_or_insert(Found::Probe(at));
        }
        first
    }

    /// The start of the nearest `<name` tag before `at`.
    pub(crate) fn tag_before(&self, at: usize, name: &str) -> Option<usize> {
        let bytes = self.source.as_bytes();
        let at = at.min(bytes.len());
        let start = at.saturating_sub(TAG_LOOKBACK);
        let name = name.as_bytes();
        memchr::memrchr_iter(b'<', &bytes[start..at])
            .map(|k| start + k)
            .find(|&i| {
                let after = i + 1 + name.len();
                bytes
                    .get(i + 1..after)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
                    && bytes
                        .get(after)
                        .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
            })
    }
}

/// A stretch of `core` unlikely to be written as entities, and its offset in `core`.
fn probe(core: &str) -> Option<(usize, &str)> {
    let plain = |c: char| {
        !c.is_control()
            && !matches!(
                c,
                '&' | '<'
                    | '>'
                    | '"'
                    | '\''
                    | '\u{a0}'
                    | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '—'
                    | '–'
                    | '…'
                    | '©'
                    | '®'
                    | '™'
            )
    };
    let mut start: Option<usize> = None;
    for (i, c) in core.char_indices() {
        if plain(c) {
            let s = *start.get_or_insert(i);
            let end = i + c.len_utf8();
            if end - s >= 48 {
                return Some((s, &core[s..end]));
            }
        } else if let Some(s) = start.take() {
            if i - s >= 4 {
                return Some((s, &core[s..i]));
            }
        }
    }
    match start {
        Some(s) if core.len() - s >= 4 || s == 0 => Some((s, &core[s..])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_text_after_a_tag_not_in_an_attribute() {
        let source = r#"<body><a title="Rail deal">x</a><p>Rail deal signed</p>"#;
        let mut finder = SourceFinder::new(source);
        let at = finder.find_text("Rail deal signed").expect("found");
        assert_eq!(at, (0, source.find("Rail deal signed").expect("text")));
    }

    #[test]
    fn starts_at_body_and_moves_forward() {
        let source = "<title>Same</title><body><h1>Same</h1><p>Same</p>";
        let mut finder = SourceFinder::new(source);
        let (_, first) = finder.find_text("Same").expect("found");
        assert_eq!(first, source.find("<h1>").expect("h1") + 4);
        finder.advance(first + 4);
        let (_, second) = finder.find_text("Same").expect("found");
        assert_eq!(second, source.find("<p>").expect("p") + 3);
    }

    #[test]
    fn leading_entities_are_skipped_by_the_probe() {
        let source = "<body><p>&ldquo;Quoted words&rdquo; here</p>";
        let mut finder = SourceFinder::new(source);
        let text = "“Quoted words” here";
        let (k, at) = finder.find_text(text).expect("found");
        // The key starts after the decoded “, and is found exactly.
        assert_eq!(&text[k..], "Quoted words” here");
        assert_eq!(at, source.find("Quoted").expect("text"));
    }

    #[test]
    fn tag_before_text() {
        let source = r#"<p>See <a class="x" href="https://a.example"><em>this</em></a></p>"#;
        let finder = SourceFinder::new(source);
        let text = source.find("this").expect("text");
        assert_eq!(finder.tag_before(text, "a"), source.find("<a "));
        let source = "<abbr>x</abbr>";
        assert_eq!(SourceFinder::new(source).tag_before(7, "a"), None);
    }

    #[test]
    fn nothing_to_find() {
        let mut finder = SourceFinder::new("<p>abc</p>");
        assert_eq!(finder.find_text("   "), None);
        assert_eq!(finder.find_text("zzzz"), None);
    }
}

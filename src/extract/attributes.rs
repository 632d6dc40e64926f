//! Which attributes of a tag reach the parser: those extraction reads, and no others.
//!
//! Links, image sources and `data-` attributes are a third of what is left of a news page
//! once its scripts are emptied, and html5ever reads them character by character,
//! interning every name, for extraction to ignore them. `guard`'s scan drops them on its
//! way through each start tag (on the AEB pages the parse goes from 3.6 to 2.7 billion
//! instructions, with the same output on every page of the shared datasets).

use std::ops::Range;

/// Whether extraction reads the attribute `name` (any case): the hints' (`class`, `id`,
/// `role`, `itemprop`, `hidden`, `aria-hidden`, `style`), the dates' and titles' (`lang`,
/// `property`, `name`, `http-equiv`, `content`, `datetime`, `value`, `title`, `type`,
/// `pubdate`, machine-readable times), and the few that steer the parser's tree building
/// (`type` of inputs, `encoding` of MathML, `color`/`face`/`size` of `<font>` in SVG,
/// `shadowrootmode`). **Any attribute extraction comes to read must be added here**: the
/// others never reach the parser.
fn is_read_attribute(name: &[u8]) -> bool {
    if name.len() > 64 {
        // Never dropped: too long to look up, too rare to matter.
        return true;
    }
    let mut buf = [0u8; 64];
    let lower = &mut buf[..name.len()];
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"class"
            | b"id"
            | b"role"
            | b"itemprop"
            | b"hidden"
            | b"aria-hidden"
            | b"style"
            | b"lang"
            | b"xml:lang"
            | b"property"
            | b"name"
            | b"http-equiv"
            | b"content"
            | b"datetime"
            | b"value"
            | b"title"
            | b"type"
            | b"pubdate"
            | b"encoding"
            | b"color"
            | b"face"
            | b"size"
            | b"shadowrootmode"
    ) || std::str::from_utf8(lower).is_ok_and(crate::extract::date::is_timestamp_name)
}

/// Adds to `removed` the attributes extraction never reads ([`is_read_attribute`]) of the
/// start tag whose name starts just before `from`. Links, image sources and `data-`
/// attributes are a third of what is left of a page once scripts are emptied, and the
/// parser reads them character by character, interning every name. Attributes are read
/// as HTML's tokenizer reads them; on anything unusual (an `=` opening a name, a quote
/// never closed) the rest of the tag is left as it is. Returns where the reading stopped:
/// the tag's `>`, or where it gave up.
pub(super) fn unread_attributes(
    bytes: &[u8],
    from: usize,
    removed: &mut Vec<Range<usize>>,
) -> usize {
    // The rest of the tag's name ("-element" of `<my-element>`).
    let mut at = skip_while(bytes, from, |b| {
        !(b.is_ascii_whitespace() || b == b'/' || b == b'>')
    });
    loop {
        let start = at;
        let name_start = skip_while(bytes, at, |b| b.is_ascii_whitespace() || b == b'/');
        match bytes.get(name_start) {
            None | Some(b'>') | Some(b'=') => return name_start,
            Some(_) => {}
        }
        let name_end = skip_while(bytes, name_start + 1, |b| {
            !(b.is_ascii_whitespace() || b == b'/' || b == b'>' || b == b'=')
        });
        let after_name = skip_while(bytes, name_end, |b| b.is_ascii_whitespace());
        let end = if bytes.get(after_name) == Some(&b'=') {
            let value = skip_while(bytes, after_name + 1, |b| b.is_ascii_whitespace());
            match bytes.get(value) {
                None => return value,
                Some(b'>') => value,
                Some(&quote @ (b'"' | b'\'')) => match memchr::memchr(quote, &bytes[value + 1..]) {
                    Some(close) => value + 1 + close + 1,
                    None => return value,
                },
                Some(_) => skip_while(bytes, value, |b| !b.is_ascii_whitespace() && b != b'>'),
            }
        } else {
            name_end
        };
        if !is_read_attribute(&bytes[name_start..name_end]) {
            removed.push(start..end);
        }
        at = end;
    }
}

/// The first offset from `at` on whose byte `keep_going` is false (or the end).
#[inline]
fn skip_while(bytes: &[u8], at: usize, keep_going: impl Fn(u8) -> bool) -> usize {
    bytes.get(at..).map_or(at, |rest| {
        at + rest.iter().take_while(|&&b| keep_going(b)).count()
    })
}

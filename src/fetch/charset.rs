//! Bytes to text: which character encoding a page is in, and decoding it.
//!
//! Mongolian and Russian sites still serve windows-1251, often without saying so in the
//! HTTP headers, so the crawler cannot assume UTF-8. The order of evidence follows what
//! browsers do (the WHATWG encoding-sniffing algorithm, simplified): a byte-order mark; the
//! `charset` of the `Content-Type` header; a `<meta charset>` or `http-equiv` declaration
//! (or an XML declaration, for feeds) near the start of the document; and last a statistical
//! guess by `chardetng`, the detector Firefox uses. One deliberate departure: a page that
//! declares UTF-8 but is not valid UTF-8 is sniffed instead of being decoded with
//! replacement characters, because a misdeclared page is far more common than a broken one
//! — unless it is UTF-8 but for a few stray bytes (many well-formed multi-byte characters
//! per malformed one), which is a broken UTF-8 page, not a misdeclared one.
//!
//! `citecheck extract FILE` reuses [`decode`] for saved pages, so a file and a fetch of the
//! same page give the same text.

use std::sync::LazyLock;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};
use regex::bytes::Regex;

/// How far into a document a `<meta charset>` or XML declaration is looked for. The HTML
/// standard says 1024 bytes; real pages put long scripts first, so a little more is read.
const PRESCAN_BYTES: usize = 4096;

/// `<meta charset="x">` and `<meta http-equiv="Content-Type" content="text/html; charset=x">`.
static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#)
        .expect("the meta charset pattern is valid")
});

/// `<?xml version="1.0" encoding="x"?>` (feeds, sitemaps).
static XML_ENCODING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([a-z0-9_:.\-]+)["']"#)
        .expect("the XML declaration pattern is valid")
});

/// Decodes a document to UTF-8 text, returning the text and the name of the encoding used
/// ("UTF-8", "windows-1251", …). `content_type` is the HTTP `Content-Type` value, if any.
///
/// Never fails: malformed sequences become U+FFFD.
///
/// ```
/// let (text, encoding) = citecheck::fetch::charset::decode(
///     b"<meta charset=\"windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>",
///     Some("text/html"),
/// );
/// assert_eq!(encoding, "windows-1251");
/// assert!(text.contains("Привет"));
/// ```
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> (String, &'static str) {
    decode_with_hint(bytes, content_type, None)
}

/// Like [`decode`], with the page's host as a hint for the statistical guess (a `.mn` or
/// `.ru` page without any declaration is more likely Cyrillic than Western).
pub fn decode_with_hint(
    bytes: &[u8],
    content_type: Option<&str>,
    host: Option<&str>,
) -> (String, &'static str) {
    let encoding = detect(bytes, content_type, host);
    let (text, _had_errors) = encoding.decode_with_bom_removal(bytes);
    (without_nul(text.into_owned()), encoding.name())
}

/// The text with every NUL read as U+FFFD, as HTML parsers read it: one stray NUL byte in a
/// page is damage to one character, not a sign that the whole page is binary.
fn without_nul(text: String) -> String {
    if memchr::memchr(0, text.as_bytes()).is_none() {
        return text;
    }
    text.replace('\0', "\u{FFFD}")
}

/// Decides the encoding of a document, in the order the module docs describe.
pub fn detect(bytes: &[u8], content_type: Option<&str>, host: Option<&str>) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    let declared = content_type
        .and_then(charset_param)
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        .or_else(|| declared_in_document(bytes));
    match declared {
        // A UTF-16 declaration in a byte stream without a BOM is almost always wrong;
        // browsers treat it as UTF-8.
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => {
            sniff_unless_utf8(bytes, host)
        }
        Some(e) if e == UTF_8 => sniff_unless_utf8(bytes, host),
        Some(e) => e,
        None => sniff_unless_utf8(bytes, host),
    }
}

/// The `charset` parameter of a `Content-Type` value, unquoted.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("charset") {
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            (!value.is_empty()).then(|| value.to_string())
        } else {
            None
        }
    })
}

/// An encoding declared by the document itself: `<meta>` or an XML declaration.
fn declared_in_document(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let label = XML_ENCODING
        .captures(head)
        .or_else(|| META_CHARSET.captures(head))?
        .get(1)?
        .as_bytes();
    Encoding::for_label(label)
}

/// UTF-8 when the bytes are UTF-8 (valid, or nearly so), else chardetng's guess.
fn sniff_unless_utf8(bytes: &[u8], host: Option<&str>) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
        return UTF_8;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let tld = host.and_then(tld_of);
    detector.guess(tld.as_deref().map(str::as_bytes), Utf8Detection::Allow)
}

/// How many well-formed multi-byte UTF-8 characters a page needs per malformed sequence to
/// be read as UTF-8 all the same.
const UTF8_CHARACTERS_PER_ERROR: usize = 20;

/// Whether the bytes are UTF-8 with a few stray bytes: many well-formed multi-byte
/// characters and few malformed sequences. A UTF-8 page with one byte of another encoding
/// pasted in (a Polish article with one windows-1250 letter in a widget) is still a UTF-8
/// page, and sniffing it as a whole would turn every "ą" of the article into "Ä…". A page
/// really in a single-byte encoding almost never forms valid multi-byte sequences, so it
/// fails this test and is sniffed.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut malformed) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        malformed += usize::from(!chunk.invalid().is_empty());
    }
    multibyte >= UTF8_CHARACTERS_PER_ERROR * malformed.max(1)
}

/// The last label of a host, lower-case ASCII letters, digits and hyphens (chardetng panics
/// on upper case, dots and non-ASCII).
fn tld_of(host: &str) -> Option<String> {
    let label = host
        .trim_end_matches('.')
        .rsplit('.')
        .next()?
        .to_ascii_lowercase();
    let usable = !label.is_empty()
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    usable.then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_in_a_page_is_read_as_a_replacement_character() {
        let (text, _) = decode(b"<p>Coal\0exports</p>", Some("text/html; charset=utf-8"));
        assert_eq!(text, "<p>Coal\u{FFFD}exports</p>");
    }

    /// "Хуудас олдсонгүй" is not representable in windows-1251 (ү, ө are missing), so the
    /// Russian phrase stands in for Cyrillic text.
    fn cp1251(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    }

    #[test]
    fn header_charset_wins_over_meta() {
        let mut page = b"<meta charset=\"utf-8\"><p>".to_vec();
        page.extend(cp1251("Страница не найдена"));
        let (text, name) = decode(&page, Some("text/html; charset=\"Windows-1251\""));
        assert_eq!(name, "windows-1251");
        assert!(text.contains("Страница не найдена"), "{text}");
    }

    #[test]
    fn meta_http_equiv_declares_the_charset() {
        let mut page =
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>"
                .to_vec();
        page.extend(cp1251("Новости Монголии"));
        let (text, name) = decode(&page, Some("text/html"));
        assert_eq!(name, "windows-1251");
        assert!(text.contains("Новости Монголии"));
    }

    #[test]
    fn undeclared_cyrillic_is_sniffed() {
        let mut page = b"<html><body><p>".to_vec();
        page.extend(cp1251(
            "Правительство Монголии объявило о новых мерах поддержки экономики страны.",
        ));
        let (text, name) = decode_with_hint(&page, None, Some("news.mn"));
        assert_eq!(name, "windows-1251");
        assert!(text.contains("Правительство"));
    }

    #[test]
    fn utf8_declared_but_invalid_is_sniffed() {
        let mut page = b"<p>".to_vec();
        page.extend(cp1251(
            "Улаанбаатар хотын захиргаа мэдэгдэл гаргалаа сегодня",
        ));
        let (_, name) = decode(&page, Some("text/html; charset=utf-8"));
        assert_eq!(name, "windows-1251");
    }

    #[test]
    fn utf8_with_a_stray_byte_stays_utf8() {
        let mut page = "<meta charset=\"utf-8\"><p>".as_bytes().to_vec();
        page.extend(
            "Zażółć gęślą jaźń, mówiła prezes Akcji Katolickiej. "
                .repeat(3)
                .as_bytes(),
        );
        page.extend(b"<p>\xb9</p>");
        let (text, name) = decode(&page, Some("text/html"));
        assert_eq!(name, "UTF-8");
        assert!(text.contains("Zażółć gęślą jaźń"), "{text}");
    }

    #[test]
    fn valid_utf8_stays_utf8_and_bom_is_removed() {
        let (text, name) = decode("\u{feff}Хуудас олдсонгүй".as_bytes(), None);
        assert_eq!(name, "UTF-8");
        assert_eq!(text, "Хуудас олдсонгүй");
    }

    #[test]
    fn xml_declaration_names_the_encoding() {
        let mut feed = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss><title>".to_vec();
        feed.extend(cp1251("Лента"));
        let (text, name) = decode(&feed, Some("application/rss+xml"));
        assert_eq!(name, "windows-1251");
        assert!(text.contains("Лента"));
    }

    #[test]
    fn odd_hosts_do_not_panic_the_detector() {
        for host in ["", ".", "xn--80a.xn--p1ai", "HOST.MN", "127.0.0.1", "[::1]"] {
            let _ = decode_with_hint(b"\xcf\xf0\xe8", None, Some(host));
        }
    }
}

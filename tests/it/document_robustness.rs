//! No input makes the document parser panic: random bytes, token soup aimed at the
//! grammar's corners, unbalanced markup, huge lines, empty files. Every citation found must
//! also point inside the document.

use chrono::NaiveDate;
use citecheck::document::{parse, DocumentKind};

const KINDS: [DocumentKind; 4] = [
    DocumentKind::Text,
    DocumentKind::Markdown,
    DocumentKind::Html,
    DocumentKind::CitationList,
];

/// Pieces the generator strings together: the grammar's tokens and the markup around them.
const TOKENS: [&str; 48] = [
    "(",
    ")",
    "((",
    "))",
    ";",
    ",",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "May",
    "Sept.",
    "Feb",
    "29",
    "31",
    "1",
    "2023",
    "n.d.",
    "accessed",
    "see ",
    "Tal News",
    "of the",
    "U.S.",
    ".",
    "?",
    "“",
    "”",
    "\"",
    "’",
    "[",
    "](",
    "https://a.example/(x)",
    "<a href=\"https://b.example\">",
    "</a>",
    "<p>",
    "</p>",
    "&amp;",
    "&#x28;",
    "`",
    "```",
    "---\n",
    "{\"url\":",
    "}",
    "é",
    "\u{0}",
    "\u{feff}",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 2, 29).expect("valid date")
}

/// Parses `text` as every kind and checks what comes back.
fn check(text: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    for kind in KINDS {
        match parse(kind, text, None, today()) {
            Ok(parsed) => {
                assert!(parsed.published.is_some());
                for (i, c) in parsed.citations.iter().enumerate() {
                    assert_eq!(c.id, format!("c{}", i + 1));
                    assert!(
                        c.line >= 1 && c.line <= lines.len(),
                        "{kind:?} line {}",
                        c.line
                    );
                    let width = lines[c.line - 1].chars().count();
                    assert!(
                        c.column >= 1 && c.column <= width + 1,
                        "{kind:?} column {} of {width}",
                        c.column
                    );
                }
            }
            Err(e) => {
                assert_eq!(kind, DocumentKind::CitationList, "only lists fail: {e}");
                assert!(e.line >= 1 && e.column >= 1, "{e}");
            }
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    for _ in 0..200 {
        let len = rng.usize(0..2048);
        let bytes: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
        check(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn token_soup_never_panics() {
    let mut rng = fastrand::Rng::with_seed(42);
    for _ in 0..400 {
        let count = rng.usize(0..200);
        let text: String = (0..count)
            .map(|_| TOKENS[rng.usize(..TOKENS.len())])
            .collect();
        check(&text);
    }
}

#[test]
fn odd_inputs_never_panic() {
    let many_open = "(".repeat(100_000);
    let many_close = ")".repeat(100_000);
    let deep = "<div>".repeat(20_000);
    let quotes = "“".repeat(10_000);
    let long_line = "Output grew (Tal News, May 3). ".repeat(20_000);
    let long_word = "x".repeat(200_000);
    let mut cases: Vec<&str> = vec![
        "",
        " ",
        "\n\n\n",
        "(",
        ")",
        "()",
        "(,)",
        "(;;;)",
        "(Tal News,)",
        "(Tal News, May)",
        "(Tal News, accessed)",
        "(Tal News, February 29)",
        "---\n",
        "---\ndate: 2023-02-29\n---\n",
        "+++\n+++",
        "[",
        "[]",
        "[{}]",
        "[{\"url\": 5}]",
        "\u{feff}",
        "<",
        "<a href=",
        "&",
        "&#;",
        "\"",
        "“",
    ];
    cases.extend([
        many_open.as_str(),
        many_close.as_str(),
        deep.as_str(),
        quotes.as_str(),
        long_line.as_str(),
        long_word.as_str(),
    ]);
    for case in cases {
        check(case);
    }
}

#[test]
fn a_long_line_of_citations_is_found_whole() {
    let line = "Output grew (Tal News, May 3). ".repeat(5_000);
    let parsed = parse(DocumentKind::Text, &line, None, today()).expect("text parses");
    assert_eq!(parsed.citations.len(), 5_000);
    let last = parsed.citations.last().expect("citations");
    assert_eq!(last.column, 4_999 * 31 + 13);
    assert_eq!(last.claim, "Output grew.");
}

#[test]
fn a_byte_order_mark_is_not_text() {
    let text = "\u{feff}Output grew (Tal News, May 3).";
    for kind in [
        DocumentKind::Text,
        DocumentKind::Markdown,
        DocumentKind::Html,
    ] {
        let parsed = parse(kind, text, None, today()).expect("parses");
        assert_eq!(parsed.citations.len(), 1, "{kind:?}");
        assert_eq!(parsed.citations[0].claim, "Output grew.", "{kind:?}");
        assert_eq!(parsed.citations[0].column, 13, "{kind:?}");
    }
    let list = parse(
        DocumentKind::CitationList,
        "\u{feff}[{\"outlet\": \"Tal News\"}]",
        None,
        today(),
    )
    .expect("a list with a byte order mark parses");
    assert_eq!((list.citations[0].line, list.citations[0].column), (1, 2));
}

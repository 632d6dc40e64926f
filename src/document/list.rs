//! JSON citation lists, what a reference manager exports (DESIGN.md "Citation list input").
//!
//! `[{"url": "https://…", "outlet": "Ikon", "date": "2023-09-27", "accessed": false,
//! "claim": "…", "quotes": ["…"]}]`. Only `url` or `outlet` is required; other fields may be
//! absent or null, and fields citecheck does not know (a title, an author) are ignored so
//! exports with extra data still load. Errors name a line and column: serde_json's own for
//! malformed JSON or a field of the wrong type (a bad date points at the date), and the
//! entry's opening brace for an entry with neither `url` nor `outlet`. Without a `quotes`
//! field, the quoted spans of the claim are used.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

use super::dates::iso_date_prefix;
use super::prose::Locator;
use super::quotes::find_quotes;
use super::DocumentError;
use crate::model::Citation;

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default, deserialize_with = "iso_date")]
    date: Option<NaiveDate>,
    #[serde(default)]
    accessed: Option<bool>,
    #[serde(default)]
    claim: Option<String>,
    #[serde(default)]
    context: Option<String>,
    #[serde(default)]
    quotes: Option<Vec<String>>,
}

/// `"YYYY-MM-DD"` (a date-time is cut to its date), null or `""` for none.
fn iso_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
    let Some(text) = Option::<String>::deserialize(deserializer)? else {
        return Ok(None);
    };
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let date = iso_date_prefix(text)
        .filter(|_| text.len() == 10 || text.as_bytes().get(10) == Some(&b'T'));
    date.map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("date {text:?} is not a YYYY-MM-DD date")))
}

/// Reads a citation list.
pub(crate) fn parse(text: &str) -> Result<Vec<Citation>, DocumentError> {
    let entries: Vec<Entry> = serde_json::from_str(text).map_err(|e| json_error(text, &e))?;
    let starts = element_starts(text);
    let mut locator = Locator::new(text);
    let mut citations = Vec::with_capacity(entries.len());
    for (i, entry) in entries.into_iter().enumerate() {
        let (line, column) = locator.locate(starts.get(i).copied().unwrap_or(0));
        let non_empty =
            |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let url = non_empty(entry.url);
        let outlet = non_empty(entry.outlet);
        if url.is_none() && outlet.is_none() {
            return Err(DocumentError {
                line,
                column,
                message: format!("citation {} has neither \"url\" nor \"outlet\"", i + 1),
            });
        }
        let claim = entry.claim.unwrap_or_default();
        let quotes = entry.quotes.unwrap_or_else(|| {
            find_quotes(&claim, &[])
                .into_iter()
                .map(|q| claim[q.range].trim().to_string())
                .filter(|q| !q.is_empty())
                .collect()
        });
        citations.push(Citation {
            id: format!("c{}", i + 1),
            outlet,
            date: entry.date,
            accessed: entry.accessed.unwrap_or(false),
            url,
            line,
            column,
            claim,
            context: entry.context.unwrap_or_default(),
            quotes,
        });
    }
    Ok(citations)
}

/// serde_json's error at its line, with the column counted in characters.
fn json_error(text: &str, error: &serde_json::Error) -> DocumentError {
    let line = error.line().max(1);
    let byte_column = error.column();
    let line_text = text.split('\n').nth(line - 1).unwrap_or("");
    let before = crate::text::cut(line_text, byte_column.saturating_sub(1));
    let column = before.chars().count() + 1;
    // serde_json appends " at line L column C"; the error carries those already.
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m)
        .to_string();
    DocumentError {
        line,
        column,
        message,
    }
}

/// Byte offsets where the elements of the top-level array start (the JSON is known valid).
fn element_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let (mut depth, mut in_string, mut escaped, mut expecting) = (0usize, false, false, false);
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if b.is_ascii_whitespace() {
            continue;
        }
        if depth == 1 && expecting && !matches!(b, b',' | b']') {
            starts.push(i);
            expecting = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth == 1 && b == b'[' {
                    expecting = true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_entry() {
        let text = r#"[
  {"url": "https://news.example/a", "outlet": "Tal News", "date": "2022-03-04",
   "accessed": true, "claim": "It grew.", "context": "Before.", "quotes": ["grew"],
   "title": "ignored"}
]"#;
        let c = parse(text).expect("valid list");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].id, "c1");
        assert_eq!(c[0].url.as_deref(), Some("https://news.example/a"));
        assert_eq!(c[0].outlet.as_deref(), Some("Tal News"));
        assert_eq!(c[0].date, NaiveDate::from_ymd_opt(2022, 3, 4));
        assert!(c[0].accessed);
        assert_eq!(c[0].quotes, vec!["grew"]);
        assert_eq!(c[0].context, "Before.");
        assert_eq!((c[0].line, c[0].column), (2, 3));
    }

    #[test]
    fn minimal_entries_and_quotes_from_the_claim() {
        let text = r#"[{"outlet": "Tal News"}, {"url": "https://x.example/", "date": null,
          "claim": "She said “no deal” twice."}]"#;
        let c = parse(text).expect("valid list");
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].id, "c2");
        assert_eq!(c[1].quotes, vec!["no deal"]);
        assert_eq!(c[0].url, None);
        assert!(!c[0].accessed);
        assert_eq!(c[1].line, 1);
        assert_eq!(c[1].column, 26);
    }

    #[test]
    fn malformed_json_has_a_position() {
        let e = parse("[\n  {\"url\": \"https://x.example/\",}\n]").expect_err("trailing comma");
        assert_eq!(e.line, 2);
        assert!(e.column > 1, "{e}");
    }

    #[test]
    fn wrong_type_and_bad_date_point_at_the_field() {
        let e = parse("[{\"outlet\": \"X\",\n \"accessed\": \"yes\"}]").expect_err("bad type");
        assert_eq!(e.line, 2);
        let e = parse("[{\"outlet\": \"X\",\n\n \"date\": \"2023-02-30\"}]").expect_err("bad date");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("2023-02-30"), "{e}");
    }

    #[test]
    fn entry_without_url_or_outlet_points_at_the_entry() {
        let e = parse("[{\"outlet\": \"X\"},\n   {\"claim\": \"orphan\", \"url\": \" \"}]")
            .expect_err("no url or outlet");
        assert_eq!((e.line, e.column), (2, 4));
        assert!(e.message.contains("citation 2"), "{e}");
    }

    #[test]
    fn not_a_list() {
        assert!(parse("{\"url\": \"https://x.example/\"}").is_err());
        assert!(parse("").is_err());
        assert_eq!(parse("[]").expect("empty list").len(), 0);
    }

    #[test]
    fn element_starts_skip_strings_and_nesting() {
        let text = r#"[ {"a": "[,]"} , [1, 2], "s\"]", 3 ]"#;
        let starts = element_starts(text);
        let firsts: Vec<char> = starts
            .iter()
            .map(|&i| text[i..].chars().next().unwrap_or(' '))
            .collect();
        assert_eq!(firsts, vec!['{', '[', '"', '3']);
    }
}

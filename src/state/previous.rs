//! What the last earlier run saw of a URL, read back from its observations: the verdict,
//! the link status, the passage a quote matched and when. A change in the report then says
//! from what to what ("verified → partial"), not only that something changed.

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::{LinkStatus, PreviousCheck};

/// The latest observation of `url` made by a run other than `run`, if any.
pub(super) fn last_check(
    conn: &Connection,
    url: &str,
    run: i64,
) -> rusqlite::Result<Option<PreviousCheck>> {
    conn.query_row(
        "SELECT verdict, status, quotes, checked_at FROM observations
         WHERE url = ?1 AND run <> ?2 ORDER BY id DESC LIMIT 1",
        params![url, run],
        |r| {
            let verdict: String = r.get(0)?;
            let status: String = r.get(1)?;
            let quotes: String = r.get(2)?;
            Ok((verdict, status, quotes, r.get::<_, String>(3)?))
        },
    )
    .optional()
    .map(|row| {
        let (verdict, status, quotes, checked_at) = row?;
        Some(PreviousCheck {
            verdict: named(&verdict)?,
            status: named::<LinkStatus>(&status),
            excerpt: first_excerpt(&quotes),
            checked_at,
        })
    })
}

/// A report enum from its stored name (`"verified"`, `"not_found"`).
fn named<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
}

/// The first matched passage among the stored quotes (older files kept none).
fn first_excerpt(quotes: &str) -> Option<String> {
    let quotes: Vec<serde_json::Value> = serde_json::from_str(quotes).ok()?;
    quotes
        .iter()
        .find_map(|q| q.get("excerpt")?.as_str().map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Verdict;

    #[test]
    fn stored_names_and_excerpts_read_back() {
        assert_eq!(named::<Verdict>("partial"), Some(Verdict::Partial));
        assert_eq!(named::<LinkStatus>("soft_404"), Some(LinkStatus::Soft404));
        assert_eq!(named::<Verdict>("bogus"), None);
        assert_eq!(
            first_excerpt(r#"[{"text":"a"},{"text":"b","excerpt":"…b…"}]"#).as_deref(),
            Some("…b…")
        );
        assert_eq!(first_excerpt("not json"), None);
    }
}

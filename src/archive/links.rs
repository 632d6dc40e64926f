//! Web links (RFC 8288): the `Link` header of a Memento response, and the
//! `application/link-format` body of a TimeMap, which uses the same syntax.
//!
//! Memento datetimes are HTTP dates with a comma in them
//! (`datetime="Thu, 28 Sep 2023 10:00:00 GMT"`), so links cannot be split on commas
//! naively: this parser reads quoted strings (with their escapes) as units.

/// One link: its target and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WebLink {
    /// The URI between `<` and `>`, as written (may be relative).
    pub(crate) target: String,
    /// Parameters in order, names lower-cased, values unquoted.
    pub(crate) params: Vec<(String, String)>,
}

impl WebLink {
    /// A parameter's value.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// True when `rel` lists this relation type (rel values are space-separated).
    pub(crate) fn has_rel(&self, rel: &str) -> bool {
        self.param("rel")
            .is_some_and(|r| r.split_whitespace().any(|r| r.eq_ignore_ascii_case(rel)))
    }
}

/// Parses a `Link` header value (or several joined by commas) or a link-format body.
/// Malformed parts are skipped, never fatal.
pub(crate) fn parse(text: &str) -> Vec<WebLink> {
    let chars: Vec<char> = text.chars().collect();
    let mut links = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // Find the next target.
        while i < chars.len() && chars[i] != '<' {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let start = i + 1;
        let Some(len) = chars[start..].iter().position(|&c| c == '>') else {
            break;
        };
        let target: String = chars[start..start + len].iter().collect();
        i = start + len + 1;
        let mut params = Vec::new();
        // Parameters until the comma that ends this link.
        loop {
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            if i >= chars.len() || chars[i] == ',' {
                i += 1;
                break;
            }
            if chars[i] != ';' {
                // Junk: skip to the next link.
                while i < chars.len() && chars[i] != ',' && chars[i] != '<' {
                    i += 1;
                }
                break;
            }
            i += 1;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let name_start = i;
            while i < chars.len() && !matches!(chars[i], '=' | ';' | ',') {
                i += 1;
            }
            let name: String = chars[name_start..i]
                .iter()
                .collect::<String>()
                .trim()
                .to_ascii_lowercase();
            let mut value = String::new();
            if i < chars.len() && chars[i] == '=' {
                i += 1;
                while i < chars.len() && chars[i].is_whitespace() {
                    i += 1;
                }
                if i < chars.len() && chars[i] == '"' {
                    i += 1;
                    while i < chars.len() && chars[i] != '"' {
                        if chars[i] == '\\' && i + 1 < chars.len() {
                            i += 1;
                        }
                        value.push(chars[i]);
                        i += 1;
                    }
                    i += 1; // the closing quote
                } else {
                    while i < chars.len() && !matches!(chars[i], ';' | ',') {
                        value.push(chars[i]);
                        i += 1;
                    }
                    value = value.trim().to_string();
                }
            }
            if !name.is_empty() {
                params.push((name, value));
            }
        }
        links.push(WebLink { target, params });
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memento_links_with_commas_in_dates() {
        let header = r#"<http://ikon.mn/n/2abc>; rel="original",
 <http://arch.example/timemap/link/http://ikon.mn/n/2abc>; rel="timemap"; type="application/link-format",
 <http://arch.example/web/20230928100000/http://ikon.mn/n/2abc>; rel="first memento"; datetime="Thu, 28 Sep 2023 10:00:00 GMT",
 <http://arch.example/web/20231101000000/http://ikon.mn/n/2abc>;rel=last;datetime="Wed, 01 Nov 2023 00:00:00 GMT""#;
        let links = parse(header);
        assert_eq!(links.len(), 4);
        assert!(links[0].has_rel("original"));
        assert_eq!(links[1].param("type"), Some("application/link-format"));
        assert!(links[2].has_rel("memento") && links[2].has_rel("first"));
        assert_eq!(
            links[2].param("datetime"),
            Some("Thu, 28 Sep 2023 10:00:00 GMT")
        );
        assert!(links[3].has_rel("last"));
        assert_eq!(
            links[3].param("datetime"),
            Some("Wed, 01 Nov 2023 00:00:00 GMT")
        );
    }

    #[test]
    fn junk_is_skipped() {
        assert!(parse("").is_empty());
        assert!(parse("no links here").is_empty());
        let links = parse(r#"<a>; rel="x\"y", garbage, <b>; title"#);
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].param("rel"), Some("x\"y"));
        assert_eq!(links[1].target, "b");
        assert_eq!(links[1].param("title"), Some(""));
        assert_eq!(parse("<unterminated").len(), 0);
    }
}

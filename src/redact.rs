//! Credentials written into URLs (`http://user:password@host/`) are dropped.
//!
//! A URL in an article is not the reader's to log in with: sent as written, its userinfo
//! becomes an `Authorization: Basic` header to whatever server the link names, and its
//! password is copied into every report, log line and capture. citecheck strips it where
//! URLs come in — from documents and from redirects — so no later stage ever holds it.

use std::borrow::Cow;

/// `url` without its userinfo (`user:password@`); borrowed unchanged when it has none or is
/// not a URL with an authority.
pub fn without_userinfo(url: &str) -> Cow<'_, str> {
    let Some(authority_at) = url.find("://").map(|k| k + 3) else {
        return Cow::Borrowed(url);
    };
    let rest = &url[authority_at..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match authority.rfind('@') {
        Some(at) => {
            let mut out = String::with_capacity(url.len());
            out.push_str(&url[..authority_at]);
            out.push_str(&rest[at + 1..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(url),
    }
}

/// `text` with the userinfo of every URL written in it dropped (`see
/// http://u:p@news.example/a` → `see http://news.example/a`): claims and contexts quote the
/// article, bare URLs included, and go into every report.
pub fn without_userinfo_in_text(text: &str) -> Cow<'_, str> {
    if !text.contains("://") || !text.contains('@') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for found in text.match_indices("://") {
        let start = found.0 + 3;
        if start < copied {
            continue;
        }
        let rest = &text[start..];
        let end = rest
            .find(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        '/' | '?' | '#' | '"' | '\'' | '<' | '>' | ')' | ']' | '“' | '”'
                    )
            })
            .unwrap_or(rest.len());
        if let Some(at) = rest[..end].rfind('@') {
            out.push_str(&text[copied..start]);
            copied = start + at + 1;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Drops the userinfo of a parsed URL in place.
pub fn strip_userinfo(url: &mut url::Url) {
    if !url.username().is_empty() || url.password().is_some() {
        let _ = url.set_username("");
        let _ = url.set_password(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_dropped_and_the_rest_kept_as_written() {
        assert_eq!(
            without_userinfo("http://user:pass@news.example/a?b=c@d#e@f"),
            "http://news.example/a?b=c@d#e@f"
        );
        assert_eq!(
            without_userinfo("https://a@b@news.example"),
            "https://news.example"
        );
        assert_eq!(
            without_userinfo("ftp://anon@files.example/x"),
            "ftp://files.example/x"
        );
        let plain = "https://news.example/p?mail=a@b.example";
        assert!(matches!(without_userinfo(plain), Cow::Borrowed(_)));
        assert_eq!(without_userinfo("www.example.com/x"), "www.example.com/x");
        assert_eq!(
            without_userinfo_in_text("see http://u:p@a.example/x and (https://v@b.example) ok"),
            "see http://a.example/x and (https://b.example) ok"
        );
        assert_eq!(
            without_userinfo_in_text("mail me@x.example"),
            "mail me@x.example"
        );
        let mut url = url::Url::parse("http://u:p@news.example:8080/x").unwrap();
        strip_userinfo(&mut url);
        assert_eq!(url.as_str(), "http://news.example:8080/x");
    }
}

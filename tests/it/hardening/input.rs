//! Input documents that used to pass silently or cost without bound: too large, too many
//! citations, binary, deeply nested links, links of other schemes, control characters in
//! logs, a NUL in a fetched page.

use super::{citecheck, stderr, verify, write, LoopServer};

fn report(dir: &std::path::Path, name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("reports").join(name)).expect("report");
    serde_json::from_str(&text).expect("report parses")
}

fn dry(dir: &std::path::Path, sources: &str, document: &str) -> std::process::Output {
    write(dir, "s.toml", sources);
    citecheck(
        &["verify", "--dry-run", "--sources", "s.toml", document],
        dir,
    )
}

#[test]
fn a_document_over_max_document_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "small.txt",
        &"Coal exports doubled. ".repeat(100),
    );
    let out = dry(
        dir.path(),
        "[defaults]\nmax_document = \"1KB\"\n",
        "small.txt",
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("max_document"), "{}", stderr(&out));
    // The default cap (50 MB), on a sparse file that costs no disk.
    let big = std::fs::File::create(dir.path().join("big.txt")).expect("create");
    big.set_len(50_000_001).expect("sparse file");
    let out = dry(dir.path(), "[defaults]\n", "big.txt");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("max_document"), "{}", stderr(&out));
    assert_eq!(
        report(dir.path(), "big.json")["documents"][0]["citations"],
        serde_json::json!([])
    );
}

#[test]
fn a_document_over_max_citations_is_refused_at_the_first_citation_past_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text: String = (1..=5)
        .map(|i| format!("Coal exports rose {i} percent (Steppe Herald, March {i}, 2024).\n\n"))
        .collect();
    write(dir.path(), "a.txt", &text);
    let out = dry(dir.path(), "[defaults]\nmax_citations = 3\n", "a.txt");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("a.txt:7:"),
        "names the fourth citation's line: {err}"
    );
    assert!(err.contains("max_citations"), "{err}");
}

#[test]
fn a_binary_document_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let png = [
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H',
    ];
    std::fs::write(dir.path().join("figure.md"), png).expect("write");
    let out = dry(dir.path(), "[defaults]\n", "figure.md");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("binary"), "{}", stderr(&out));
}

#[test]
fn a_link_nested_past_the_depth_cap_keeps_its_url() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = format!(
        "<html><body>{}<p>Coal exports doubled (<a href=\"https://deep.example/a\">Steppe \
         Herald</a>, March 4, 2024).</p>{}</body></html>",
        "<div>".repeat(700),
        "</div>".repeat(700)
    );
    write(dir.path(), "deep.html", &html);
    let out = dry(dir.path(), "[defaults]\n", "deep.html");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let citations = &report(dir.path(), "deep.json")["documents"][0]["citations"];
    assert_eq!(citations[0]["url"], "https://deep.example/a", "{citations}");
}

#[test]
fn links_of_every_other_scheme_are_reported_as_invalid_url() {
    let dir = tempfile::tempdir().expect("tempdir");
    let links = [
        "javascript:alert(1)",
        "data:text/html,hello",
        "gopher://news.example/1",
        "ws://news.example/live",
    ];
    let mut text: String = links
        .iter()
        .map(|l| format!("Coal exports doubled ([Steppe Herald]({l}), March 4, 2024).\n\n"))
        .collect();
    text.push_str("Write to the desk ([mail](mailto:desk@news.example)) or see [notes](#notes).\n");
    write(dir.path(), "a.md", &text);
    write(dir.path(), "s.toml", "[defaults]\n");
    let out = verify(&["--fail-on", "never", "a.md"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let citations = report(dir.path(), "a.json")["documents"][0]["citations"].clone();
    let found: Vec<(String, String)> = citations
        .as_array()
        .expect("citations")
        .iter()
        .map(|c| {
            let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
            (text(&c["url"]), text(&c["link"]["status"]))
        })
        .collect();
    let expected: Vec<(String, String)> = links
        .iter()
        .map(|l| (l.to_string(), "invalid_url".to_string()))
        .collect();
    assert_eq!(found, expected, "mailto: and fragments are not citations");
}

#[test]
fn control_characters_from_a_document_are_escaped_in_logs() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a.html",
        "<p>Coal exports doubled (<a href=\"https://x.example/&#x1b;[2J&#x1b;]0;owned&#x7;\">\
         Steppe Herald</a>, March 4, 2024).</p>",
    );
    write(dir.path(), "s.toml", "[defaults]\n");
    let out = citecheck(
        &[
            "verify",
            "--dry-run",
            "-vv",
            "--sources",
            "s.toml",
            "a.html",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{7}'),
        "raw escapes: {err:?}"
    );
    assert!(err.contains("x.example"), "the URL is logged: {err}");
}

fn page_with_nul(path: &str) -> (u16, &'static str, Vec<u8>) {
    match path {
        "/a" => (
            200,
            "text/html; charset=utf-8",
            b"<html><head><title>Coal</title></head><body><article><h1>Coal</h1><p>Coal \
              exports doubled in March, the ministry of mining said on Monday.\0</p><p>The \
              railway to the border carried most of it, officials added.</p></article>\
              </body></html>"
                .to_vec(),
        ),
        _ => (404, "text/plain", b"no".to_vec()),
    }
}

#[test]
fn a_nul_in_a_fetched_page_is_read_as_a_replacement_character() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = LoopServer::start(16, page_with_nul);
    write(
        dir.path(),
        "a.md",
        "“Coal exports doubled in March,” the ministry said ([Steppe Herald](http://nul.test/a), \
         March 4, 2024).\n",
    );
    write(dir.path(), "s.toml", "[defaults]\nrobots = false\n");
    let resolve = server.resolve("nul.test");
    let out = verify(
        &["--resolve", &resolve, "--fail-on", "never", "a.md"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let citation = report(dir.path(), "a.json")["documents"][0]["citations"][0].clone();
    assert_eq!(citation["link"]["status"], "ok", "{citation}");
    assert_eq!(citation["verdict"], "verified", "{citation}");
}

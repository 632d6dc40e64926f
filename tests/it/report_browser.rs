//! The HTML report in a real browser: headless Chromium (Debian's `chromium` package)
//! loads the file, runs its script, and dumps the resulting DOM, which these tests read.
//! They check that the report's own sorting and filtering ran, that no script from scraped
//! text ran (also with the Content-Security-Policy removed, so escaping alone is tested),
//! and that the layout fits a phone.
//!
//! Without Chromium the tests say so and pass, unless `CITECHECK_REQUIRE_TOOLS=1` (CI),
//! which makes a missing browser a failure. `CITECHECK_CHROMIUM` names another binary.

use crate::report_fixtures;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use data_encoding::BASE64;
use scraper::{Html, Selector};
use sha2::{Digest, Sha256};

use citecheck::model::Severity;
use citecheck::report::{self, Format};

use report_fixtures::{sample_report, skip, HOSTILE_TITLE};

const BROWSER_DEADLINE: Duration = Duration::from_secs(60);

fn chromium(test: &str) -> Option<PathBuf> {
    // An explicit choice is used alone, so a wrong path is reported rather than hidden.
    let candidates = match std::env::var_os("CITECHECK_CHROMIUM") {
        Some(path) => vec![PathBuf::from(path)],
        None => vec![
            PathBuf::from("/usr/bin/chromium"),
            PathBuf::from("/usr/bin/chromium-browser"),
        ],
    };
    let found = candidates.into_iter().find(|p| p.is_file());
    if found.is_none() {
        skip(
            test,
            "headless Chromium not found (apt-get install chromium, or set CITECHECK_CHROMIUM)",
        );
    }
    found
}

/// Loads `url` in a fresh headless Chromium profile and returns the DOM after scripts ran.
fn dump_dom(browser: &Path, url: &str, window: (u32, u32)) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={},{}", window.0, window.1))
        .arg("--dump-dom")
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = stdout.read_to_string(&mut out);
        out
    });
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait chromium").is_some() {
            break;
        }
        if started.elapsed() > BROWSER_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {BROWSER_DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let dom = reader.join().expect("reader thread");
    assert!(
        dom.contains("<html"),
        "chromium printed no DOM for {url}: {dom:?}"
    );
    dom
}

fn file_url(path: &Path) -> String {
    url::Url::from_file_path(path)
        .expect("absolute path")
        .to_string()
}

fn attr(dom: &Html, css: &str, name: &str) -> Option<String> {
    let selector = Selector::parse(css).expect("selector");
    dom.select(&selector)
        .next()
        .and_then(|e| e.value().attr(name).map(str::to_string))
}

fn texts(dom: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).expect("selector");
    dom.select(&selector)
        .map(|e| e.text().collect::<String>())
        .collect()
}

/// Anchors of the rows in the order the browser left them, with whether each is shown.
fn rows(dom: &Html) -> Vec<(String, bool)> {
    let selector = Selector::parse("#citation-table tbody tr").expect("selector");
    dom.select(&selector)
        .map(|r| {
            let anchor = r.value().attr("data-anchor").unwrap_or("").to_string();
            let hidden = r.value().classes().any(|c| c == "hidden");
            (anchor, !hidden)
        })
        .collect()
}

fn write_report(dir: &Path, name: &str, page: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, page).expect("write report");
    path
}

fn sample_page() -> String {
    report::render(&sample_report(), Format::Html, Some(Severity::Error))
}

#[test]
fn browser_runs_the_report_script_and_no_scraped_script() {
    let test = "browser_runs_the_report_script_and_no_scraped_script";
    let Some(browser) = chromium(test) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = sample_page();
    // As written, and with its Content-Security-Policy removed: escaping alone must hold.
    let without_csp: String = page
        .lines()
        .filter(|l| !l.contains("Content-Security-Policy"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(without_csp, page);
    for (name, text) in [("report.html", &page), ("no-csp.html", &without_csp)] {
        let path = write_report(dir.path(), name, text);
        let dom = Html::parse_document(&dump_dom(&browser, &file_url(&path), (1280, 900)));
        assert_eq!(
            attr(&dom, "html", "data-report-script").as_deref(),
            Some("ready"),
            "{name}: the report's own script ran"
        );
        assert_eq!(
            attr(&dom, "html", "data-pwned"),
            None,
            "{name}: a scraped script ran"
        );
        assert_eq!(
            texts(&dom, "title"),
            ["citecheck report: 2 errors, 1 warning, 5 citations"],
            "{name}: title untouched"
        );
        assert_eq!(texts(&dom, "#shown"), ["5 of 5 shown"], "{name}");
        assert_eq!(
            attr(&dom, "#controls", "hidden"),
            None,
            "{name}: controls shown"
        );
        let claim = texts(&dom, "details#d1-2-c2 .claim blockquote").join("");
        assert!(
            claim.contains(HOSTILE_TITLE),
            "{name}: hostile title shown as text"
        );
        assert_eq!(
            texts(&dom, "script").len(),
            1,
            "{name}: no injected script element"
        );
    }
}

#[test]
fn browser_sorts_and_filters_the_table() {
    let test = "browser_sorts_and_filters_the_table";
    let Some(browser) = chromium(test) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = write_report(dir.path(), "report.html", &sample_page());
    let url = file_url(&path);
    let load = |fragment: &str| {
        Html::parse_document(&dump_dom(
            &browser,
            &format!("{url}{fragment}"),
            (1280, 900),
        ))
    };

    let by_outlet = load("#?sort=outlet&dir=asc");
    assert_eq!(
        attr(&by_outlet, "#citation-table", "data-sorted-by").as_deref(),
        Some("outlet asc")
    );
    let order: Vec<String> = rows(&by_outlet).into_iter().map(|(a, _)| a).collect();
    // "Hostile Times…" < "Ikon" (c1, then c5 in report order) < "Montsame" < "Pipes".
    assert_eq!(
        order,
        ["d1-2-c2", "d1-1-c1", "d1-5-c5", "d1-4-c4", "d1-3-c3"]
    );
    assert_eq!(
        attr(&by_outlet, "th[data-sort=outlet]", "aria-sort").as_deref(),
        Some("ascending")
    );

    let errors = load("#?severity=error");
    let shown: Vec<String> = rows(&errors)
        .into_iter()
        .filter(|(_, visible)| *visible)
        .map(|(a, _)| a)
        .collect();
    assert_eq!(shown, ["d1-2-c2", "d1-4-c4"]);
    assert_eq!(texts(&errors, "#shown"), ["2 of 5 shown"]);
    // The details follow the filter.
    let hidden_details = attr(&errors, "details#d1-1-c1", "class").unwrap_or_default();
    assert!(hidden_details.contains("hidden"), "{hidden_details}");

    let railway = load("#?q=railway&sort=date&dir=desc");
    let shown: Vec<String> = rows(&railway)
        .into_iter()
        .filter(|(_, visible)| *visible)
        .map(|(a, _)| a)
        .collect();
    assert_eq!(shown, ["d1-1-c1"], "text filter searches the claim");
    assert_eq!(
        attr(&railway, "#filter-text", "value"),
        None,
        "value is a property, not an attribute"
    );

    // A link to a folded (verified) citation unfolds it.
    let plain = Html::parse_document(&dump_dom(&browser, &url, (1280, 900)));
    assert_eq!(attr(&plain, "details#d1-1-c1", "open"), None);
    let linked = load("#d1-1-c1");
    assert!(attr(&linked, "details#d1-1-c1", "open").is_some());
}

/// Appends a probe script (allowed by adding its hash to the policy) that records layout
/// facts as attributes on `<html>`.
fn with_layout_probe(page: &str) -> String {
    // Lay out every citation first: the report lets the browser skip off-screen ones.
    let probe = "document.querySelectorAll('details').forEach(function(e){e.style.contentVisibility='visible';});\
        var d=document.documentElement;\
        d.setAttribute('data-overflow',String(d.scrollWidth-window.innerWidth));\
        var p=document.querySelector('.pair');\
        d.setAttribute('data-pair-columns',String(getComputedStyle(p).gridTemplateColumns.split(' ').length));\
        var t=document.getElementById('todo'),c=document.getElementById('citations');\
        d.setAttribute('data-todo-first',String(!!t&&!!c&&t.getBoundingClientRect().top<c.getBoundingClientRect().top));\
        var a=document.querySelector('.todo-line');\
        d.setAttribute('data-todo-wraps',String(!!a&&a.scrollWidth<=a.clientWidth+1));";
    let hash = BASE64.encode(&Sha256::digest(probe.as_bytes()));
    page.replacen("script-src ", &format!("script-src 'sha256-{hash}' "), 1)
        .replacen("</body>", &format!("<script>{probe}</script></body>"), 1)
}

#[test]
fn layout_fits_a_phone_and_uses_a_desktop() {
    let test = "layout_fits_a_phone_and_uses_a_desktop";
    let Some(browser) = chromium(test) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = write_report(dir.path(), "probe.html", &with_layout_probe(&sample_page()));
    let url = file_url(&path);
    let phone = Html::parse_document(&dump_dom(&browser, &url, (390, 844)));
    let overflow: i64 = attr(&phone, "html", "data-overflow")
        .expect("probe ran")
        .parse()
        .expect("number");
    assert!(
        overflow <= 0,
        "the page scrolls sideways on a phone by {overflow}px"
    );
    assert_eq!(
        attr(&phone, "html", "data-pair-columns").as_deref(),
        Some("1"),
        "claim above evidence on a phone"
    );
    let desktop = Html::parse_document(&dump_dom(&browser, &url, (1280, 900)));
    assert_eq!(
        attr(&desktop, "html", "data-pair-columns").as_deref(),
        Some("2"),
        "claim beside evidence on a desktop"
    );
    // What to do is laid out above the table, and a card's action wraps within its box,
    // at both widths.
    for (width, dom) in [("phone", &phone), ("desktop", &desktop)] {
        assert_eq!(
            attr(dom, "html", "data-todo-first").as_deref(),
            Some("true"),
            "{width}: what to do comes first"
        );
        assert_eq!(
            attr(dom, "html", "data-todo-wraps").as_deref(),
            Some("true"),
            "{width}: the action fits its card"
        );
    }
}

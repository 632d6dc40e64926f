//! The HTML report for a reader with work to do, and for every reader: "what to do" first
//! (on the page and in each problem card), the page title heading the evidence, semantic
//! table headers, filters a keyboard can reach, and colours that meet WCAG AA contrast
//! (4.5:1 for text) in both the light and the dark scheme. The browser test
//! (`report_browser.rs`) checks the same page laid out at phone and desktop widths.

use crate::report_fixtures;

use scraper::{ElementRef, Html, Selector};

use citecheck::model::Severity;
use citecheck::report::{self, Format};

use report_fixtures::{root, sample_report};

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("test selector");
    html.select(&selector).collect()
}

fn page() -> Html {
    Html::parse_document(&report::render(
        &sample_report(),
        Format::Html,
        Some(Severity::Error),
    ))
}

#[test]
fn what_to_do_comes_first_and_links_to_each_card() {
    let html = page();
    let source = html.html();
    let todo = source.find("id=\"todo\"").expect("a What to do section");
    let table = source.find("id=\"citations\"").expect("the table");
    assert!(todo < table, "what to do comes before the table");
    let items = select(&html, "#todo li a");
    assert!(!items.is_empty());
    for link in items {
        let target = link
            .value()
            .attr("href")
            .unwrap_or("")
            .trim_start_matches('#');
        assert_eq!(
            select(&html, &format!("details[id=\"{target}\"]")).len(),
            1,
            "{target} is a card"
        );
    }
    // In each problem card with an action, the action is the first thing after the summary.
    let cards = select(&html, "details.citation[open]");
    assert!(!cards.is_empty());
    let mut with_action = 0;
    for card in cards {
        let children: Vec<ElementRef<'_>> = card.children().filter_map(ElementRef::wrap).collect();
        if children
            .get(1)
            .is_some_and(|e| e.value().classes().any(|c| c == "todo-line"))
        {
            with_action += 1;
        }
        // The evidence starts with the page that was checked.
        let evidence = children
            .iter()
            .flat_map(|c| c.descendants().filter_map(ElementRef::wrap))
            .find(|e| e.value().classes().any(|c| c == "evidence"))
            .expect("evidence");
        let first: Vec<ElementRef<'_>> = evidence.children().filter_map(ElementRef::wrap).collect();
        assert!(
            first
                .get(1)
                .is_some_and(|e| e.value().classes().any(|c| c == "page-title")),
            "page title heads the evidence"
        );
    }
    assert!(with_action > 0, "an action leads its card");
}

#[test]
fn table_headers_and_filters_are_semantic_and_keyboard_operable() {
    let html = page();
    let headers = select(&html, "#citation-table thead th");
    assert!(headers.len() >= 6);
    for th in &headers {
        assert_eq!(th.value().attr("scope"), Some("col"), "{}", th.html());
    }
    // Sorting is done with real buttons, filtering with form controls: both take focus and
    // keys without any script of their own.
    for th in select(&html, "#citation-table th[data-sort]") {
        assert_eq!(select_in(&th, "button").len(), 1, "{}", th.html());
    }
    for control in select(&html, "#controls select, #controls input") {
        assert!(
            control.value().attr("aria-label").is_some(),
            "{} has an accessible name",
            control.html()
        );
    }
}

fn select_in<'a>(element: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("test selector");
    element.select(&selector).collect()
}

/// The custom properties of the first rule after `marker` in the stylesheet.
fn colours(css: &str, marker: &str) -> Vec<(String, (f64, f64, f64))> {
    let start = css.find(marker).expect("marker in the stylesheet");
    let block = &css[start..];
    let block = &block[..block.find('}').expect("rule end")];
    block
        .split(';')
        .filter_map(|declaration| {
            let declaration = &declaration[declaration.find("--")?..];
            let (name, value) = declaration.split_once(':')?;
            let name = name.trim().to_string();
            let hex = value.trim().strip_prefix('#')?;
            if hex.len() != 6 {
                return None;
            }
            let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
            Some((
                name,
                (
                    f64::from(channel(0)?),
                    f64::from(channel(2)?),
                    f64::from(channel(4)?),
                ),
            ))
        })
        .collect()
}

/// WCAG 2 relative luminance.
fn luminance((r, g, b): (f64, f64, f64)) -> f64 {
    let linear = |c: f64| {
        let c = c / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

fn contrast(a: (f64, f64, f64), b: (f64, f64, f64)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn colours_meet_wcag_aa_contrast_in_light_and_dark_schemes() {
    // A check of the check: black on white is 21:1, equal colours 1:1.
    assert!((contrast((0.0, 0.0, 0.0), (255.0, 255.0, 255.0)) - 21.0).abs() < 0.01);
    let css = std::fs::read_to_string(root().join("src/report/html/report.css")).expect("css");
    // Text colour on the backgrounds it is drawn on.
    let pairs = [
        ("--fg", "--bg"),
        ("--fg", "--panel"),
        ("--muted", "--bg"),
        ("--muted", "--panel"),
        ("--link", "--bg"),
        ("--error", "--error-bg"),
        ("--warning", "--warning-bg"),
        ("--ok", "--ok-bg"),
        ("--error", "--bg"),
        ("--ok", "--bg"),
        ("--warning", "--bg"),
        ("--fg", "--mark"),
    ];
    for scheme in [":root {", "prefers-color-scheme: dark"] {
        let palette = colours(&css, scheme);
        let get = |name: &str| {
            palette
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, c)| *c)
                .unwrap_or_else(|| panic!("{name} not in {scheme}: {palette:?}"))
        };
        for (text, background) in pairs {
            let ratio = contrast(get(text), get(background));
            assert!(
                ratio >= 4.5,
                "{scheme}: {text} on {background} is {ratio:.2}:1, below AA's 4.5:1"
            );
        }
    }
}

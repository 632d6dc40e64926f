//! TEMPORARY: agreement between citecheck and trafilatura on unlabeled pages.
#[path = "eval/aeb_data.rs"]
#[allow(dead_code)]
mod aeb_data;
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    std::panic::set_hook(Box::new(|_| {}));
    let mut out = serde_json::Map::new();
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(&bytes, true);
        let enc = det.guess(None, chardetng::Utf8Detection::Allow);
        let (html, _, _) = enc.decode(&bytes);
        let mine = citecheck::extract::extract(&html, None);
        let theirs = std::panic::catch_unwind(|| {
            trafilatura::extract(&html, &trafilatura::Options::default())
                .map(|r| r.content_text)
                .unwrap_or_default()
        })
        .unwrap_or_default();
        let smoothie = std::panic::catch_unwind(|| {
            dom_smoothie::Readability::new(html.as_ref(), None, None)
                .ok()
                .and_then(|mut r| r.parse().ok())
                .map(|a| a.text_content.to_string())
                .unwrap_or_default()
        })
        .unwrap_or_default();
        let c = aeb_data::compare(&theirs, &mine.text);
        let c2 = aeb_data::compare(&smoothie, &mine.text);
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        println!(
            "{:.2} {:.2} {:.2} {:.2} {} {} {} {}",
            c.precision().unwrap_or(0.0),
            c.recall().unwrap_or(0.0),
            c2.precision().unwrap_or(0.0),
            c2.recall().unwrap_or(0.0),
            mine.text.len(),
            theirs.len(),
            smoothie.len(),
            name
        );
        out.insert(name, serde_json::json!({"mine": mine.text, "traf": theirs, "smoothie": smoothie, "boiler": mine.boilerplate}));
    }
    std::fs::write(
        "/tmp/aeb/agree.json",
        serde_json::Value::Object(out).to_string(),
    )
    .unwrap();
}

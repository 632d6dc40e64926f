//! TEMPORARY: dumps per-block features for error analysis.
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let mut out = serde_json::Map::new();
    for entry in std::fs::read_dir(dir.join("html")).unwrap() {
        let path = entry.unwrap().path();
        let id = path
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .trim_end_matches(".html.gz")
            .to_string();
        let mut s = String::new();
        use std::io::Read;
        flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap())
            .read_to_string(&mut s)
            .unwrap();
        let blocks = citecheck::extract::debug_blocks(&s);
        out.insert(id, serde_json::json!(blocks));
    }
    println!("{}", serde_json::Value::Object(out));
}

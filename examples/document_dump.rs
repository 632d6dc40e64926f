//! Prints the citations citecheck finds in a document, as JSON lines.
//!
//! `cargo run --example document_dump -- FILE [YYYY-MM-DD]`
use citecheck::document::{parse, DocumentKind};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: document_dump FILE [PUBLISHED]");
        std::process::exit(2);
    };
    let published = args.next().and_then(|d| d.parse().ok());
    let path = std::path::PathBuf::from(path);
    let kind = DocumentKind::from_path(&path).unwrap_or(DocumentKind::Text);
    let text = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            std::process::exit(2);
        }
    };
    let today = chrono::Local::now().date_naive();
    match parse(kind, &text, published, today) {
        Ok(parsed) => {
            println!("published: {:?}", parsed.published);
            for c in parsed.citations {
                match serde_json::to_string(&c) {
                    Ok(line) => println!("{line}"),
                    Err(e) => eprintln!("{e}"),
                }
            }
        }
        Err(e) => {
            eprintln!("{}:{e}", path.display());
            std::process::exit(2);
        }
    }
}

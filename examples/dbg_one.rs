//! TEMPORARY
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let html = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    let blocks = citecheck::extract::debug_blocks(&html);
    println!("{} blocks", blocks.len());
    for (t, k, f) in blocks.iter().take(400) {
        println!(
            "{} {} | {}",
            if *k { "KEEP" } else { "    " },
            f,
            t.chars().take(100).collect::<String>().replace('\n', " / ")
        );
    }
}

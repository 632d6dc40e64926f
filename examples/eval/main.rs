//! Evaluation entry point: prints citecheck's figures on the shared datasets.
//!
//! ```text
//! cargo run --release --example eval -- aeb   ../shared/datasets/aeb
//! cargo run --release --example eval -- dates ../shared/datasets/htmldate-mediacloud
//! cargo run --release --example eval -- dates-default ../shared/datasets/htmldate-default-dev
//! cargo run --release --example eval -- location ../shared/datasets/trafilatura-eval-dev
//! cargo run --release --example eval -- wiki  ../shared/datasets/wiki-citation-verification
//! cargo run --release --example eval -- snapshot ../shared/datasets /tmp/snapshot.jsonl
//! ```

mod aeb;
mod dates;
mod location;
mod snapshot;
mod wiki;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(which), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!(
            "usage: eval <aeb|dates|dates-default|location|wiki|snapshot> <dataset dir> [options]"
        );
        return ExitCode::from(2);
    };
    let dir = PathBuf::from(dir);
    let rest = &args[2..];
    let result = match which.as_str() {
        "aeb" => aeb::run(&dir, rest),
        "dates" => dates::run(&dir, dates::Layout::Mediacloud, rest),
        "dates-default" => dates::run(&dir, dates::Layout::Default, rest),
        "location" => location::run(&dir, rest),
        "snapshot" => snapshot::run(&dir, rest),
        "wiki" => wiki::run(&dir, rest),
        other => Err(format!(
            "unknown dataset {other:?}: expected aeb, dates, dates-default, location, wiki or snapshot"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eval: {e}");
            ExitCode::from(2)
        }
    }
}

//! `citecheck accept`: an editor acknowledges a regression (a broken link, a source that
//! changed), so scheduled runs stop listing it as open until it regresses again.
//!
//! Keys are the report's `key` of each citation. A key with no open regression is named
//! and the command exits 2, so a typo is not mistaken for an acknowledgement.

use std::path::PathBuf;

use citecheck::state::{State, SystemClock};

use crate::{output, USAGE_ERROR};

/// Arguments of `citecheck accept`.
#[derive(clap::Args)]
pub struct AcceptArgs {
    /// Keys of the citations to accept (the report's `key` field).
    #[arg(required = true)]
    keys: Vec<String>,
    /// The state file of the scheduled runs.
    #[arg(long, value_name = "FILE", default_value = "state.sqlite")]
    state: PathBuf,
}

/// Runs `citecheck accept`.
pub fn run(args: AcceptArgs) -> anyhow::Result<u8> {
    if !args.state.exists() {
        anyhow::bail!(
            "{}: no state file (give the one of your scheduled runs with --state FILE)",
            args.state.display()
        );
    }
    let state = State::open(&args.state, &SystemClock)?;
    let accepted = state.accept(&args.keys)?;
    state.finish(true)?;
    let mut code = 0;
    for (key, was_open) in args.keys.iter().zip(accepted) {
        let key = citecheck::report::text::terminal(key);
        if was_open {
            output::outln(&format!("accepted {key}: no longer listed as open"));
        } else {
            output::complain(&format!("{key}: no open regression with this key"));
            code = USAGE_ERROR;
        }
    }
    Ok(code)
}

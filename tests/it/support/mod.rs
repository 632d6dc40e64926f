//! Helpers every area of the tests shares.

mod run;
pub use run::citecheck_in;

mod skip;
pub use skip::skip;

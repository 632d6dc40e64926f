//! Helpers every area of the tests shares.

mod skip;
pub use skip::skip;

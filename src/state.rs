//! Run history for scheduled runs (SQLite): what changed since the last run.
//!
//! STUB: being written.

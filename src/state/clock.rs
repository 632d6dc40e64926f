//! The time a run sees, injectable so history can be tested over days in milliseconds.
//!
//! Whether a broken link is "confirmed" depends on how many days its failures span, so the
//! history logic never reads the system clock directly: it asks a [`Clock`]. Runs use
//! [`SystemClock`]; tests and replays use [`ManualClock`] and move it forward by hand.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Now, in UTC.
    fn now(&self) -> DateTime<Utc>;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to. Clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    /// A clock showing `now`.
    pub fn new(now: DateTime<Utc>) -> ManualClock {
        ManualClock(Arc::new(Mutex::new(now)))
    }

    /// Sets the time.
    pub fn set(&self, now: DateTime<Utc>) {
        if let Ok(mut time) = self.0.lock() {
            *time = now;
        }
    }

    /// Moves the time forward (or back, with a negative duration).
    pub fn advance(&self, by: chrono::Duration) {
        if let Ok(mut time) = self.0.lock() {
            *time += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
            .lock()
            .map(|t| *t)
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }
}

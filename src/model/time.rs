//! Times in reports: kept as [`DateTime<Utc>`] through the pipeline and written only at the
//! edge, as RFC 3339 in whole seconds with a `Z` ("2024-02-03T02:00:00Z"), the form every
//! report has always used.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// The report's words for a time.
pub fn rfc3339(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads an RFC 3339 time (any offset) as UTC.
fn parse<E: serde::de::Error>(text: &str) -> Result<DateTime<Utc>, E> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| E::custom(format!("{text:?} is not an RFC 3339 time: {e}")))
}

/// Serde for a `DateTime<Utc>` field written as [`rfc3339`].
pub mod required {
    use super::*;

    /// Writes the time.
    pub fn serialize<S: Serializer>(time: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&rfc3339(time))
    }

    /// Reads the time.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        parse(&String::deserialize(d)?)
    }
}

/// Serde for an `Option<DateTime<Utc>>` field written as [`rfc3339`] or null.
pub mod optional {
    use super::*;

    /// Writes the time, or null.
    pub fn serialize<S: Serializer>(time: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match time {
            Some(time) => s.serialize_str(&rfc3339(time)),
            None => s.serialize_none(),
        }
    }

    /// Reads the time, or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| parse(&text))
            .transpose()
    }
}

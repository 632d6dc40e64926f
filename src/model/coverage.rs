//! How much of a report a run checked itself, and how much it carried from earlier runs.
//!
//! A rolling run (`--budget`, `--max-requests` with `--state`) checks only what fits its
//! budget, and reports every other citation with its last result (`carried`). A reader of
//! such a report needs to know how much of it is today's news and how old the rest is:
//! [`Coverage`] counts that per report, and [`Coverage::sentence`] says it in the words of
//! the CI step summary ("checked 1,240 of 10,000 citations; the oldest result is now 6 days
//! old"). It is computed from the citations alone, so a merged report counts it the same.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{time, CitationReport};

/// Counts of citations by how their result came about.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Coverage {
    /// Checked by this run.
    pub checked: usize,
    /// Not checked by this run: their last result is reported (`carried: true`).
    pub carried: usize,
    /// Never checked, by this run or any earlier one: no result to report yet.
    pub never_checked: usize,
    /// Carried results older than the run's `--max-age` (`stale: true`).
    #[serde(default)]
    pub stale: usize,
    /// When the oldest result in the report was obtained (RFC 3339), null when none was.
    #[serde(default, with = "time::optional")]
    #[schemars(with = "Option<String>")]
    pub oldest: Option<DateTime<Utc>>,
}

impl Coverage {
    /// Counts one citation.
    pub fn count(&mut self, citation: &CitationReport) {
        match (citation.checked_at, citation.carried) {
            (None, _) => self.never_checked += 1,
            (Some(_), true) => self.carried += 1,
            (Some(_), false) => self.checked += 1,
        }
        self.stale += usize::from(citation.stale);
        if let Some(at) = citation.checked_at {
            self.oldest = Some(self.oldest.map_or(at, |oldest| oldest.min(at)));
        }
    }

    /// All citations of the report.
    pub fn total(&self) -> usize {
        self.checked + self.carried + self.never_checked
    }

    /// True when the report is not all this run's work: something was carried or is still
    /// unchecked.
    pub fn partial(&self) -> bool {
        self.carried + self.never_checked > 0
    }

    /// The coverage in one sentence, ages counted at `now`: "checked 1,240 of 10,000
    /// citations; the oldest result is now 6 days old", then what was never checked and
    /// what is older than the freshness target, when there are any.
    pub fn sentence(&self, now: DateTime<Utc>) -> String {
        let mut text = format!(
            "checked {} of {} citations",
            thousands(self.checked),
            thousands(self.total())
        );
        if let Some(oldest) = self.oldest {
            let days = (now - oldest).num_days().max(0);
            let unit = if days == 1 { "day" } else { "days" };
            text.push_str(&format!("; the oldest result is now {days} {unit} old"));
        }
        if self.never_checked > 0 {
            text.push_str(&format!(
                "; {} never checked yet",
                thousands(self.never_checked)
            ));
        }
        if self.stale > 0 {
            text.push_str(&format!(
                "; {} older than the --max-age target",
                thousands(self.stale)
            ));
        }
        text
    }
}

/// A count with thousands separators: 10000 → "10,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 2, 0, 0)
            .single()
            .expect("valid time")
    }

    #[test]
    fn counts_print_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1240), "1,240");
        assert_eq!(thousands(10000), "10,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn sentence_names_what_was_checked_and_the_oldest_age() {
        let coverage = Coverage {
            checked: 1240,
            carried: 8760,
            never_checked: 0,
            stale: 0,
            oldest: Some(at(1)),
        };
        assert_eq!(
            coverage.sentence(at(7)),
            "checked 1,240 of 10,000 citations; the oldest result is now 6 days old"
        );
        let young = Coverage {
            oldest: Some(at(6)),
            never_checked: 3,
            stale: 2,
            ..coverage
        };
        assert_eq!(
            young.sentence(at(7)),
            "checked 1,240 of 10,003 citations; the oldest result is now 1 day old; \
             3 never checked yet; 2 older than the --max-age target"
        );
    }
}

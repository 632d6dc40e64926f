//! The values of sources.toml written for people — rates ("1/2s"), durations ("30s") and
//! sizes ("10MB") — read once into typed values, so the crawler never parses strings.

use std::time::Duration;

/// Requests per interval, enforced as a token bucket with burst 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// How many requests…
    pub requests: u32,
    /// …per this long.
    pub per: Duration,
}

impl Rate {
    /// The shortest gap between two requests to one host.
    pub fn interval(&self) -> Duration {
        self.per / self.requests.max(1)
    }

    /// The rate with `n` sharers: each gets 1/n of it (for hosts every shard needs).
    pub fn divided(&self, n: u32) -> Rate {
        Rate {
            requests: self.requests,
            per: self.per * n.max(1),
        }
    }

    /// Parses "N/s", "N/min", "N/h", "1/2s", "3/500ms".
    pub fn parse(text: &str) -> Result<Rate, String> {
        let (count, per) = text
            .split_once('/')
            .ok_or_else(|| format!("rate {text:?}: expected N/unit, e.g. \"1/s\" or \"1/2s\""))?;
        let requests: u32 = count
            .trim()
            .parse()
            .map_err(|_| format!("rate {text:?}: {count:?} is not a whole number"))?;
        if requests == 0 {
            return Err(format!("rate {text:?}: must allow at least one request"));
        }
        let per = per.trim();
        let per = match per {
            "s" | "sec" => Duration::from_secs(1),
            "min" | "m" => Duration::from_secs(60),
            "h" => Duration::from_secs(3600),
            _ => parse_duration(per).map_err(|e| format!("rate {text:?}: {e}"))?,
        };
        if per.is_zero() {
            return Err(format!("rate {text:?}: the interval must be positive"));
        }
        Ok(Rate { requests, per })
    }
}

/// Parses "250ms", "30s", "2min", "1h" (also "1.5s").
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("duration {text:?}: expected a number then ms, s, min or h"))?;
    let seconds = match unit.trim() {
        "ms" => value / 1000.0,
        "s" | "sec" => value,
        "min" | "m" => value * 60.0,
        "h" => value * 3600.0,
        "" => return Err(format!("duration {text:?}: missing unit (ms, s, min or h)")),
        other => return Err(format!("duration {text:?}: unknown unit {other:?}")),
    };
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(format!("duration {text:?}: out of range"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// Parses "10MB", "512KB", "1GiB", "2048" (bytes).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("size {text:?}: expected a number then B, KB, MB or GB"))?;
    let scale: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" | "k" => 1e3,
        "kib" => 1024.0,
        "mb" | "m" => 1e6,
        "mib" => 1024.0 * 1024.0,
        "gb" | "g" => 1e9,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        other => return Err(format!("size {text:?}: unknown unit {other:?}")),
    };
    Ok((value * scale) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_in_every_documented_form() {
        assert_eq!(
            Rate::parse("1/s").unwrap().interval(),
            Duration::from_secs(1)
        );
        assert_eq!(
            Rate::parse("20/s").unwrap().interval(),
            Duration::from_millis(50)
        );
        assert_eq!(
            Rate::parse("1/2s").unwrap().interval(),
            Duration::from_secs(2)
        );
        assert_eq!(
            Rate::parse("30/min").unwrap().interval(),
            Duration::from_secs(2)
        );
        assert!(Rate::parse("0/s").is_err());
        assert!(Rate::parse("fast").is_err());
        assert!(Rate::parse("1/0s").is_err());
    }

    #[test]
    fn durations_and_sizes_take_their_units() {
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("2min").unwrap(), Duration::from_secs(120));
        assert!(parse_duration("30").is_err());
        assert_eq!(parse_size("10MB").unwrap(), 10_000_000);
        assert_eq!(parse_size("1KiB").unwrap(), 1024);
        assert!(parse_size("10 parsecs").is_err());
    }
}

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
        if per > MAX_DURATION {
            return Err(format!(
                "rate {text:?}: the interval is out of range (at most 7 days)"
            ));
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
    checked_duration(seconds).map_err(|why| format!("duration {text:?}: {why}"))
}

/// The longest duration sources.toml takes: a week. Longer values are typos or attacks on
/// the clock (a timeout of 10^20 s cannot be added to an instant), never a setting.
pub const MAX_DURATION: Duration = Duration::from_secs(7 * 24 * 3600);

/// The largest size sources.toml takes: 1 TB, far past any page or document, and small
/// enough that every sum and product of sizes stays exact.
pub const MAX_SIZE: u64 = 1_000_000_000_000;

/// Seconds as a `Duration`, checked: never the panic of `Duration::from_secs_f64` on a value
/// out of its range, and never more than [`MAX_DURATION`].
pub fn checked_duration(seconds: f64) -> Result<Duration, String> {
    if !seconds.is_finite() || seconds < 0.0 {
        return Err("out of range".into());
    }
    match Duration::try_from_secs_f64(seconds) {
        Ok(duration) if duration <= MAX_DURATION => Ok(duration),
        _ => Err(format!(
            "out of range (at most {} days)",
            MAX_DURATION.as_secs() / 86_400
        )),
    }
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
    let bytes = value * scale;
    if !bytes.is_finite() || bytes < 0.0 || bytes > MAX_SIZE as f64 {
        return Err(format!("size {text:?}: out of range (at most 1TB)"));
    }
    Ok(bytes as u64)
}

/// A count checked against its range: `concurrency = 5000000000000000000` must not reach a
/// semaphore (which panics past its maximum), nor `retries` make a retry loop endless.
pub fn within<T: PartialOrd + std::fmt::Display>(
    key: &str,
    n: T,
    min: T,
    max: T,
) -> Result<T, String> {
    if n < min || n > max {
        return Err(format!("{key} = {n} is out of range ({min} to {max})"));
    }
    Ok(n)
}

/// Text sent as an HTTP header value (the User-Agent): one line, no control characters. A
/// CR or LF would make every request invalid (or, worse, split it), so it is refused here,
/// where the file can name its line, not discovered as a failure of every request.
pub fn header_text(text: &str) -> Result<String, String> {
    if let Some(bad) = text.chars().find(|c| c.is_control() && *c != '\t') {
        return Err(format!(
            "{text:?}: a header value must be one line of text (it holds {bad:?})"
        ));
    }
    if text.trim().is_empty() {
        return Err("the user agent must not be empty".into());
    }
    Ok(text.to_string())
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

    #[test]
    fn a_user_agent_with_cr_or_lf_is_an_error() {
        assert!(header_text("citecheck/1\r\nX-Evil: 1").is_err());
        assert!(header_text("citecheck/1\n").is_err());
        assert!(header_text("citecheck/1 (+https://x.example)").is_ok());
    }

    #[test]
    fn values_too_large_for_the_clock_are_errors_not_panics() {
        for text in [
            "99999999999999999999999s",
            "1e3s",
            "200000h",
            "8000000000000000000ms",
        ] {
            assert!(parse_duration(text).is_err(), "{text}");
        }
        assert!(Rate::parse("1/99999999999999999999h").is_err());
        assert!(Rate::parse("1/800000000s").is_err());
        assert_eq!(parse_duration("7d").ok(), None, "no day unit");
        assert_eq!(parse_duration("168h").unwrap(), MAX_DURATION);
        assert!(parse_size("99999999999999999999999GB").is_err());
        assert!(parse_size("2000GB").is_err());
        assert_eq!(parse_size("1000GB").unwrap(), MAX_SIZE);
        assert!(within("concurrency", 5_000_000_000_000_000_000usize, 1, 1024).is_err());
        assert!(within("retries", 0u32, 0, 100).is_ok());
    }
}

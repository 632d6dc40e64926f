//! Log output that coexists with the progress display: `tracing` verbosity from `RUST_LOG`,
//! `-v` and `-q`, and a writer that never tears the progress bars.
//!
//! Logs go to stderr, where the progress bars are drawn too. A log line written while a bar
//! is on screen would be overdrawn or leave a broken bar behind, so [`LogWriter`] prints
//! each line through the bars (indicatif's `suspend`: clear, print, redraw) once a
//! [`Progress`] is attached, and straight to stderr otherwise. [`filter`] decides what is
//! logged: `RUST_LOG` when set (full `tracing` syntax), else the `-v`/`-q` level.
//!
//! Log fields carry text from outside — URLs from articles, messages from servers — so
//! [`EscapedFields`] writes every control character in them as a visible escape (`\u{1b}`):
//! a URL cannot move the cursor, recolour the terminal or forge a log line.

use std::io::Write;
use std::sync::{Arc, Mutex};

use indicatif::MultiProgress;
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::format::{DefaultFields, Writer};
use tracing_subscriber::fmt::FormatFields;

use super::progress::Progress;

/// The log filter directive for `-v` (repeatable) and `-q`, unless `RUST_LOG` is set:
/// quiet → errors only; default → warnings; `-v` → citecheck's info (one line per
/// document and host); `-vv` → citecheck's debug (every request); `-vvv` → everything.
pub fn filter(verbose: u8, quiet: bool, rust_log: Option<&str>) -> String {
    if let Some(directive) = rust_log.map(str::trim).filter(|d| !d.is_empty()) {
        return directive.to_string();
    }
    match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "warn,citecheck=info",
        (false, 2) => "info,citecheck=debug",
        (false, _) => "trace",
    }
    .to_string()
}

/// The default field format with every control character escaped (see the module docs).
#[derive(Debug, Default)]
pub struct EscapedFields(DefaultFields);

impl EscapedFields {
    /// The formatter, for `tracing_subscriber::fmt().fmt_fields(…)`.
    pub fn new() -> EscapedFields {
        EscapedFields::default()
    }
}

impl<'writer> FormatFields<'writer> for EscapedFields {
    fn format_fields<R: RecordFields>(
        &self,
        mut writer: Writer<'writer>,
        fields: R,
    ) -> std::fmt::Result {
        let mut plain = String::new();
        self.0.format_fields(Writer::new(&mut plain), fields)?;
        writer.write_str(&escape_controls(&plain))
    }
}

/// `text` with control and bidi-control characters written as `\u{…}` escapes.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || super::text::is_bidi_control(c);
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A `tracing_subscriber` writer for stderr that keeps progress bars intact. Clones share
/// the attachment.
#[derive(Clone, Default)]
pub struct LogWriter {
    bars: Arc<Mutex<Option<MultiProgress>>>,
}

impl LogWriter {
    /// A writer to stderr with no progress display attached yet.
    pub fn new() -> LogWriter {
        LogWriter::default()
    }

    /// Routes log lines through `progress`'s bars from now on.
    pub fn attach(&self, progress: &Progress) {
        if let Ok(mut bars) = self.bars.lock() {
            *bars = progress.bars();
        }
    }

    /// Back to plain stderr (after the run).
    pub fn detach(&self) {
        if let Ok(mut bars) = self.bars.lock() {
            *bars = None;
        }
    }
}

/// One log event's bytes, written out when dropped.
pub struct LogLine {
    buffer: Vec<u8>,
    bars: Option<MultiProgress>,
}

impl Write for LogLine {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for LogLine {
    fn drop(&mut self) {
        if self.buffer.is_empty() {
            return;
        }
        let write = || {
            let mut stderr = std::io::stderr().lock();
            let _ = stderr.write_all(&self.buffer);
            let _ = stderr.flush();
        };
        match &self.bars {
            Some(bars) => bars.suspend(write),
            None => write(),
        }
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogLine;

    fn make_writer(&'a self) -> LogLine {
        LogLine {
            buffer: Vec::with_capacity(128),
            bars: self.bars.lock().ok().and_then(|b| b.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::progress::ProgressMode;
    use tracing_subscriber::fmt::MakeWriter;

    #[test]
    fn rust_log_wins_over_flags() {
        assert_eq!(
            filter(2, false, Some("citecheck::fetch=trace")),
            "citecheck::fetch=trace"
        );
        assert_eq!(filter(0, false, Some("  ")), "warn");
        assert_eq!(filter(0, true, None), "error");
        assert_eq!(filter(1, false, None), "warn,citecheck=info");
        assert_eq!(filter(5, false, None), "trace");
        for directive in [
            filter(0, false, None),
            filter(1, false, None),
            filter(2, false, None),
        ] {
            assert!(
                tracing_subscriber::EnvFilter::try_new(&directive).is_ok(),
                "{directive}"
            );
        }
    }

    #[test]
    fn control_characters_in_log_fields_are_escaped() {
        assert_eq!(
            escape_controls("http://x.example/\u{1b}[2J\nFAKE\u{202e}"),
            "http://x.example/\\u{1b}[2J\\u{a}FAKE\\u{202e}"
        );
        assert!(matches!(
            escape_controls("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn writer_attaches_to_bars_only_in_bar_mode() {
        let writer = LogWriter::new();
        assert!(writer.make_writer().bars.is_none());
        let lines = Progress::new(ProgressMode::Lines, [("a".to_string(), 1)]);
        writer.attach(&lines);
        assert!(
            writer.make_writer().bars.is_none(),
            "plain lines need no suspend"
        );
        let bars = Progress::new(ProgressMode::Bar, [("a".to_string(), 1)]);
        writer.attach(&bars);
        assert!(writer.make_writer().bars.is_some());
        bars.finish();
        writer.detach();
        assert!(writer.make_writer().bars.is_none());
    }
}

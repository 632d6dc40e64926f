//! Progress while a run works: a live display on a terminal, plain lines otherwise.
//!
//! An editor at a terminal wants to see the run move — one line per host being crawled and
//! an overall bar — and indicatif draws that. A CI log wants neither redraws nor a line per
//! request: when stderr is not a terminal, [`Progress`] prints one plain line per host when
//! its last citation is done, and one line at the end. `-q` silences both. The crawler
//! reports events ([`Progress::started`], [`Progress::done`]); this module only decides
//! how they are shown.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::model::Severity;

use super::{plural, text};

/// The name shown for citations that have no host (unresolved, invalid URL).
pub const NO_HOST: &str = "(no host)";

/// The progress line a citation counts towards: its URL's host, else its outlet as
/// written, else [`NO_HOST`]. Known before anything is resolved, so the plan can be made
/// up front.
pub fn host_label(citation: &crate::model::Citation) -> String {
    citation
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u.trim()).ok())
        .and_then(|u| u.host_str().map(|h| h.to_ascii_lowercase()))
        .or_else(|| citation.outlet.clone())
        .unwrap_or_else(|| NO_HOST.to_string())
}

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    /// Live bars on a terminal (indicatif).
    Bar,
    /// One plain line per finished host, for logs.
    Lines,
    /// Nothing (`-q`).
    Quiet,
}

impl ProgressMode {
    /// Bars when stderr is a terminal, lines when it is not, nothing when `quiet`.
    pub fn detect(quiet: bool) -> ProgressMode {
        if quiet {
            ProgressMode::Quiet
        } else if std::io::stderr().is_terminal() {
            ProgressMode::Bar
        } else {
            ProgressMode::Lines
        }
    }
}

/// Counts of one host.
#[derive(Debug, Default)]
struct HostState {
    planned: usize,
    done: usize,
    severities: BTreeMap<Severity, usize>,
    bar: Option<ProgressBar>,
}

struct Inner {
    hosts: BTreeMap<String, HostState>,
    done: usize,
    total: usize,
    sink: Option<Box<dyn Write + Send>>,
    /// A dry run: nothing is fetched, so the closing line must not say "checked".
    dry_run: bool,
}

/// The run's progress display. Share it behind an `Arc`; every method takes `&self`.
pub struct Progress {
    mode: ProgressMode,
    multi: Option<MultiProgress>,
    overall: Option<ProgressBar>,
    inner: Mutex<Inner>,
}

impl Progress {
    /// A display for a run that will check the given number of citations per host
    /// (use [`NO_HOST`] for citations without one). Lines go to stderr.
    pub fn new(mode: ProgressMode, plan: impl IntoIterator<Item = (String, usize)>) -> Progress {
        let sink: Box<dyn Write + Send> = Box::new(std::io::stderr());
        Progress::build(mode, plan, Some(sink), ProgressDrawTarget::stderr())
    }

    /// Like [`Progress::new`] in `Lines` mode, writing to `sink` (for tests and for tools
    /// that capture the log).
    pub fn lines_to(
        sink: Box<dyn Write + Send>,
        plan: impl IntoIterator<Item = (String, usize)>,
    ) -> Progress {
        Progress::build(
            ProgressMode::Lines,
            plan,
            Some(sink),
            ProgressDrawTarget::hidden(),
        )
    }

    fn build(
        mode: ProgressMode,
        plan: impl IntoIterator<Item = (String, usize)>,
        sink: Option<Box<dyn Write + Send>>,
        target: ProgressDrawTarget,
    ) -> Progress {
        let mut hosts: BTreeMap<String, HostState> = BTreeMap::new();
        for (host, count) in plan {
            hosts.entry(host).or_default().planned += count;
        }
        let total = hosts.values().map(|h| h.planned).sum();
        let (multi, overall) = if mode == ProgressMode::Bar {
            let multi = MultiProgress::with_draw_target(target);
            let bar = multi.add(ProgressBar::new(total as u64));
            if let Ok(style) =
                ProgressStyle::with_template("{bar:30} {pos}/{len} citations {elapsed} {msg}")
            {
                bar.set_style(style);
            }
            (Some(multi), Some(bar))
        } else {
            (None, None)
        };
        Progress {
            mode,
            multi,
            overall,
            inner: Mutex::new(Inner {
                hosts,
                done: 0,
                total,
                sink,
                dry_run: false,
            }),
        }
    }

    /// Marks the run as a dry run: its closing line says that nothing was checked.
    pub fn dry_run(self, dry_run: bool) -> Progress {
        if let Ok(mut inner) = self.inner.lock() {
            inner.dry_run = dry_run;
        }
        self
    }

    /// The display mode.
    pub fn mode(&self) -> ProgressMode {
        self.mode
    }

    /// The bars, when drawing them (for [`super::log::LogWriter`]).
    pub(crate) fn bars(&self) -> Option<MultiProgress> {
        self.multi.clone()
    }

    /// A host's first request is under way: on a terminal it gets its own line.
    pub fn started(&self, host: &str) {
        let (Some(multi), Ok(mut inner)) = (&self.multi, self.inner.lock()) else {
            return;
        };
        let state = inner.hosts.entry(host.to_string()).or_default();
        if state.bar.is_none() {
            let bar = multi.add(ProgressBar::new(state.planned as u64));
            if let Ok(style) = ProgressStyle::with_template("  {prefix} {pos}/{len} {msg}") {
                bar.set_style(style);
            }
            bar.set_prefix(text::terminal(host).into_owned());
            bar.set_position(state.done as u64);
            state.bar = Some(bar);
        }
    }

    /// A citation of `host` is done, with its severity: the same word the table shows,
    /// so the progress lines and the table never disagree.
    pub fn done(&self, host: &str, severity: Severity) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        inner.done += 1;
        let (done, total) = (inner.done, inner.total);
        let state = inner.hosts.entry(host.to_string()).or_default();
        state.done += 1;
        *state.severities.entry(severity).or_default() += 1;
        let finished = state.done >= state.planned;
        let line = finished.then(|| host_line(host, state, done, total));
        if let Some(bar) = &state.bar {
            bar.set_position(state.done as u64);
            bar.set_message(severity.as_str());
            if finished {
                bar.finish_and_clear();
            }
        }
        if let Some(overall) = &self.overall {
            overall.set_position(done as u64);
        }
        if let (ProgressMode::Lines, Some(line)) = (self.mode, line) {
            if let Some(sink) = inner.sink.as_mut() {
                let _ = writeln!(sink, "{line}");
            }
        }
    }

    /// Prints a message without tearing the bars (for warnings during a run).
    pub fn println(&self, message: &str) {
        match (&self.multi, self.mode) {
            (Some(multi), _) => {
                let _ = multi.println(text::terminal(message));
            }
            (None, ProgressMode::Lines) => {
                if let Ok(mut inner) = self.inner.lock() {
                    if let Some(sink) = inner.sink.as_mut() {
                        let _ = writeln!(sink, "{}", text::terminal(message));
                    }
                }
            }
            _ => {}
        }
    }

    /// The run is over: clears the bars, or prints the closing line.
    pub fn finish(&self) {
        if let Some(overall) = &self.overall {
            overall.finish_and_clear();
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        for state in inner.hosts.values() {
            if let Some(bar) = &state.bar {
                bar.finish_and_clear();
            }
        }
        if self.mode == ProgressMode::Lines {
            let (done, total, hosts) = (inner.done, inner.total, inner.hosts.len());
            let dry_run = inner.dry_run;
            if let Some(sink) = inner.sink.as_mut() {
                let _ = if dry_run {
                    writeln!(
                        sink,
                        "dry run: nothing fetched or checked; {done} of {} parsed, on {}",
                        plural(total, "citation"),
                        plural(hosts, "host")
                    )
                } else {
                    writeln!(
                        sink,
                        "checked {done} of {} on {}",
                        plural(total, "citation"),
                        plural(hosts, "host")
                    )
                };
                let _ = sink.flush();
            }
        }
    }

    /// Citations done so far.
    pub fn done_count(&self) -> usize {
        self.inner.lock().map(|i| i.done).unwrap_or(0)
    }
}

/// "ikon.mn: 12 citations (2 errors, 10 ok) [40/120]": the severities the table will show,
/// worst first.
fn host_line(host: &str, state: &HostState, done: usize, total: usize) -> String {
    let statuses: Vec<String> = state
        .severities
        .iter()
        .rev()
        .map(|(severity, n)| match severity {
            Severity::Ok => format!("{n} ok"),
            s => plural(*n, s.as_str()),
        })
        .collect();
    format!(
        "{}: {} ({}) [{done}/{total}]",
        text::terminal(host),
        plural(state.done, "citation"),
        statuses.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A sink the test can read back.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn plain_lines_report_each_host_once_when_done() {
        let sink = Shared::default();
        let progress = Progress::lines_to(
            Box::new(sink.clone()),
            [("ikon.mn".to_string(), 2), ("mnb.mn".to_string(), 1)],
        );
        progress.started("ikon.mn");
        progress.done("ikon.mn", Severity::Ok);
        assert!(
            sink.0.lock().unwrap().is_empty(),
            "no line before the host is done"
        );
        progress.done("mnb.mn", Severity::Error);
        progress.done("ikon.mn", Severity::Warning);
        progress.finish();
        let log = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = log.lines().collect();
        assert_eq!(
            lines,
            [
                "mnb.mn: 1 citation (1 error) [2/3]",
                "ikon.mn: 2 citations (1 warning, 1 ok) [3/3]",
                "checked 3 of 3 citations on 2 hosts",
            ]
        );
        assert_eq!(progress.done_count(), 3);
    }

    #[test]
    fn one_host_and_one_citation_are_singular() {
        let sink = Shared::default();
        let progress = Progress::lines_to(Box::new(sink.clone()), [("ikon.mn".to_string(), 1)]);
        progress.done("ikon.mn", Severity::Error);
        progress.finish();
        let log = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert_eq!(
            log.lines().collect::<Vec<_>>(),
            [
                "ikon.mn: 1 citation (1 error) [1/1]",
                "checked 1 of 1 citation on 1 host",
            ]
        );
    }

    #[test]
    fn a_dry_run_says_it_checked_nothing() {
        let sink = Shared::default();
        let progress =
            Progress::lines_to(Box::new(sink.clone()), [("ikon.mn".to_string(), 1)]).dry_run(true);
        progress.done("ikon.mn", Severity::Warning);
        progress.finish();
        let log = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        let last = log.lines().last().unwrap_or("");
        assert!(!last.contains("checked 1"), "{log}");
        assert!(
            last.starts_with("dry run: nothing fetched or checked"),
            "{log}"
        );
    }

    #[test]
    fn host_names_cannot_carry_escape_sequences() {
        let sink = Shared::default();
        let progress = Progress::lines_to(Box::new(sink.clone()), [("a\u{1b}[2J".to_string(), 1)]);
        progress.done("a\u{1b}[2J", Severity::Ok);
        let log = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert!(!log.contains('\u{1b}'), "{log:?}");
    }

    #[test]
    fn citations_are_planned_by_host_then_outlet() {
        let mut citation = crate::model::Citation {
            id: "c1".into(),
            outlet: Some("Ikon".into()),
            date: None,
            accessed: false,
            url: Some("https://WWW.Ikon.mn/n/1".into()),
            line: 1,
            column: 1,
            claim: String::new(),
            context: String::new(),
            quotes: Vec::new(),
        };
        assert_eq!(host_label(&citation), "www.ikon.mn");
        citation.url = Some("not a url".into());
        assert_eq!(host_label(&citation), "Ikon");
        citation.outlet = None;
        assert_eq!(host_label(&citation), NO_HOST);
    }

    #[test]
    fn bars_count_without_a_terminal() {
        let progress = Progress::build(
            ProgressMode::Bar,
            [("ikon.mn".to_string(), 1)],
            None,
            ProgressDrawTarget::hidden(),
        );
        progress.started("ikon.mn");
        progress.done("ikon.mn", Severity::Ok);
        progress.finish();
        assert_eq!(progress.done_count(), 1);
        assert_eq!(progress.overall.as_ref().map(|b| b.position()), Some(1));
    }
}

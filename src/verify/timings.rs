//! `--timings`: where a run's time went, by stage and by host.
//!
//! Each citation's check notes how long each of its stages took — resolving its URL,
//! fetching (the host's queue and politeness included), waiting for a core, extracting and
//! matching, the archive look-up, the history — under its source's host; the run adds
//! the time to write the reports. [`Timings::render`] prints the totals: per stage, then
//! per host. Stage times are summed over the citations checked side by side, so they add
//! up to more than the wall time: they say where the work went, the wall time how long it
//! took. A host whose fetch time dominates is the politeness bound at work; a large wait
//! for a core says the run is CPU-bound.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

/// A stage of a citation's check, or of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Finding the URL of an unlinked citation (lists, candidates).
    Resolve,
    /// Fetching the source, its host's queue and rate included.
    Fetch,
    /// Waiting for a core of the CPU pool.
    WaitForCore,
    /// Extracting the article and matching the citation against it.
    ExtractAndMatch,
    /// Looking up an archived copy of a failed source.
    Archive,
    /// Reading and writing the history (`--state`).
    History,
    /// Writing the reports.
    Report,
}

impl Stage {
    /// The stage's name as printed.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Resolve => "resolve",
            Stage::Fetch => "fetch",
            Stage::WaitForCore => "wait for a core",
            Stage::ExtractAndMatch => "extract and match",
            Stage::Archive => "archive look-up",
            Stage::History => "history",
            Stage::Report => "write reports",
        }
    }
}

/// How often a stage ran and how long it took in all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Times the stage ran.
    pub count: u64,
    /// Their time added up.
    pub total: Duration,
}

/// The run's time by stage and host; shared by the citation checks.
#[derive(Debug, Default)]
pub struct Timings {
    tallies: Mutex<BTreeMap<(Stage, String), Tally>>,
}

impl Timings {
    /// Notes that `stage` took `took` for a citation whose source is on `host`.
    pub fn add(&self, stage: Stage, host: &str, took: Duration) {
        let mut tallies = self.tallies.lock().unwrap_or_else(|p| p.into_inner());
        let tally = tallies.entry((stage, host.to_string())).or_default();
        tally.count += 1;
        tally.total += took;
    }

    /// The totals per stage, over every host.
    pub fn by_stage(&self) -> BTreeMap<Stage, Tally> {
        let tallies = self.tallies.lock().unwrap_or_else(|p| p.into_inner());
        let mut out: BTreeMap<Stage, Tally> = BTreeMap::new();
        for ((stage, _), tally) in tallies.iter() {
            let sum = out.entry(*stage).or_default();
            sum.count += tally.count;
            sum.total += tally.total;
        }
        out
    }

    /// The totals per host and stage.
    pub fn by_host(&self) -> BTreeMap<String, BTreeMap<Stage, Tally>> {
        let tallies = self.tallies.lock().unwrap_or_else(|p| p.into_inner());
        let mut out: BTreeMap<String, BTreeMap<Stage, Tally>> = BTreeMap::new();
        for ((stage, host), tally) in tallies.iter() {
            out.entry(host.clone()).or_default().insert(*stage, *tally);
        }
        out
    }

    /// The table printed by `--timings`: wall time, then per stage, then per host.
    pub fn render(&self, wall: Duration) -> String {
        let mut text = format!(
            "timings: {:.2} s wall; stage times are summed over citations checked side by side\n",
            wall.as_secs_f64()
        );
        let _ = writeln!(
            text,
            "  {:<20} {:>10} {:>8} {:>10}",
            "stage", "seconds", "count", "mean ms"
        );
        for (stage, tally) in self.by_stage() {
            let _ = writeln!(
                text,
                "  {:<20} {:>10.2} {:>8} {:>10.2}",
                stage.name(),
                tally.total.as_secs_f64(),
                tally.count,
                mean_ms(tally)
            );
        }
        let _ = writeln!(text, "  by host:");
        for (host, stages) in self.by_host() {
            let parts: Vec<String> = stages
                .iter()
                .map(|(stage, t)| {
                    format!(
                        "{} {:.2} s ({})",
                        stage.name(),
                        t.total.as_secs_f64(),
                        t.count
                    )
                })
                .collect();
            let _ = writeln!(text, "  {host}: {}", parts.join(", "));
        }
        text
    }
}

fn mean_ms(tally: Tally) -> f64 {
    match tally.count {
        0 => 0.0,
        n => tally.total.as_secs_f64() * 1000.0 / n as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_add_up_per_stage_and_per_host() {
        let timings = Timings::default();
        timings.add(Stage::Fetch, "a.test", Duration::from_millis(30));
        timings.add(Stage::Fetch, "b.test", Duration::from_millis(10));
        timings.add(Stage::ExtractAndMatch, "a.test", Duration::from_millis(5));
        let stages = timings.by_stage();
        assert_eq!(stages[&Stage::Fetch].count, 2);
        assert_eq!(stages[&Stage::Fetch].total, Duration::from_millis(40));
        let hosts = timings.by_host();
        assert_eq!(
            hosts["a.test"][&Stage::ExtractAndMatch].total,
            Duration::from_millis(5)
        );
        let text = timings.render(Duration::from_secs(1));
        assert!(text.contains("fetch") && text.contains("a.test: ") && text.contains("b.test: "));
    }
}

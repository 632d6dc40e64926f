//! How many citations are under way at once: per-host lanes, so memory follows the work in
//! flight and not the size of the run.
//!
//! A run used to start one task per citation at once and let the crawler's host queues
//! order them. Every waiting task holds its citation, its future's state and, once its
//! fetch is done, its page while it waits for a core: with 10,000 citations on four fast
//! hosts that was most of the run's memory. Here each host (or, for a citation without a
//! link, its outlet) gets a lane: its citations in input order and a few workers that take
//! them one at a time — twice the host's concurrency, so while the host's connections
//! fetch, as many fetched pages are extracted and matched, and the host's queue never runs
//! dry. Memory is then bounded by Σ over hosts of 2 × concurrency citations, which holds
//! for many slow hosts as for a few fast ones: a slow host holds its few workers, never more.
//!
//! Lanes are independent, so one slow host never holds up another's citations (no global
//! first-in-first-out line in front of the host queues).

use std::collections::{BTreeMap, VecDeque};

use crate::model::Citation;
use crate::report::progress::host_label;
use crate::sources::Sources;

use super::inputs::ParsedInput;

/// The fewest workers a lane gets, whatever its host's concurrency: an unlinked citation's
/// search for its source waits on lists and candidates, so a lane of one would serialise it.
const MIN_WIDTH: usize = 4;

/// Workers per connection a host may have open: one fetching, one extracting and matching.
const PER_CONNECTION: usize = 2;

/// A citation's place in the run: its document and its index there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Item {
    /// The document's index among the run's inputs.
    pub document: usize,
    /// The citation's index in its document.
    pub index: usize,
}

/// One host's (or outlet's) citations and how many are checked at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LanePlan {
    /// The host (or outlet) the lane is for, as the progress display names it.
    pub name: String,
    /// How many of its citations are under way at most.
    pub width: usize,
    /// Its citations, in input order.
    pub items: VecDeque<Item>,
}

/// The host whose politeness sets a citation's lane width: its link's host, else its
/// outlet's first domain.
fn politeness_host(citation: &Citation, sources: &Sources) -> Option<String> {
    let linked = citation
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u.trim()).ok())
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    linked.or_else(|| {
        let outlet = sources.outlet_by_name(citation.outlet.as_deref()?)?;
        outlet.domains.first().cloned()
    })
}

/// The lanes of a run: one per host label, in the order their first citation comes.
pub(crate) fn plan(parsed: &[ParsedInput], sources: &Sources) -> Vec<LanePlan> {
    let mut order: Vec<String> = Vec::new();
    let mut lanes: BTreeMap<String, LanePlan> = BTreeMap::new();
    for (document, doc) in parsed.iter().enumerate() {
        for (index, citation) in doc.citations.iter().enumerate() {
            let label = host_label(citation);
            let lane = lanes.entry(label.clone()).or_insert_with(|| {
                order.push(label.clone());
                let concurrency = politeness_host(citation, sources)
                    .map_or(sources.defaults.concurrency, |host| {
                        sources.politeness_for_host(&host).concurrency
                    });
                LanePlan {
                    name: label,
                    width: (PER_CONNECTION * concurrency).max(MIN_WIDTH),
                    items: VecDeque::new(),
                }
            });
            lane.items.push_back(Item { document, index });
        }
    }
    order
        .into_iter()
        .filter_map(|label| lanes.remove(&label))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocumentKind;
    use crate::verify::inputs::Input;
    use std::path::PathBuf;

    fn document(urls: &[Option<&str>]) -> ParsedInput {
        ParsedInput {
            input: Input {
                path: PathBuf::from("a.json"),
                kind: DocumentKind::CitationList,
                report_base: PathBuf::from("out/a"),
            },
            error: None,
            citations: urls
                .iter()
                .map(|url| Citation {
                    id: "c1".into(),
                    outlet: Some("Gobi Post".into()),
                    date: None,
                    accessed: false,
                    url: url.map(str::to_string),
                    line: 1,
                    column: 1,
                    claim: String::new(),
                    context: String::new(),
                    quotes: Vec::new(),
                })
                .collect(),
            warnings: Vec::new(),
            read: true,
        }
    }

    #[test]
    fn one_lane_per_host_in_input_order_twice_as_wide_as_the_host_is_concurrent() {
        let text = "[defaults]\nconcurrency = 3\n\n[outlets.fast]\nname = \"Fast\"\n\
                    domains = [\"fast.test\"]\nconcurrency = 8\n";
        let sources = Sources::parse(text, std::path::Path::new("sources.toml")).expect("sources");
        let parsed = vec![
            document(&[Some("http://slow.test/1"), Some("http://fast.test/1"), None]),
            document(&[Some("http://slow.test/2")]),
        ];
        let lanes = plan(&parsed, &sources);
        let names: Vec<&str> = lanes.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["slow.test", "fast.test", "Gobi Post"]);
        assert_eq!(lanes[0].width, 6, "2 x the default concurrency");
        assert_eq!(lanes[1].width, 16, "2 x the outlet's concurrency");
        assert_eq!(
            lanes[2].width, 6,
            "an outlet not in sources.toml: the defaults"
        );
        let one = Sources::parse("[defaults]\nconcurrency = 1\n", std::path::Path::new("s"))
            .expect("sources");
        assert_eq!(
            plan(&parsed, &one)[0].width,
            MIN_WIDTH,
            "never narrower than 4"
        );
        let slow: Vec<Item> = lanes[0].items.iter().copied().collect();
        assert_eq!(
            slow,
            [
                Item {
                    document: 0,
                    index: 0
                },
                Item {
                    document: 1,
                    index: 0
                }
            ]
        );
    }
}

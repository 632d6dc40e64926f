//! Which blocks are the article: the main container, then what to prune inside it.
//!
//! Every block of text gets a *gain*: its unlinked characters when it reads as prose (long
//! enough, few links), a penalty when it reads as boilerplate (mostly links), nothing when
//! it is a short label. An element's score is the sum of the gains of the blocks in its
//! subtree — except that below an element whose markup says boilerplate (a sidebar,
//! "related-stories", comments) every block counts as a penalty. The *container* is the
//! element with the best score: the smallest subtree that takes in the prose and leaves
//! out the junk, wherever the page put it. Because a hint only counts against the
//! containers *around* the hinted element, a mislabelled wrapper (`<div class="sidebar-
//! layout">` around the whole page) cannot hide the article: elements inside it still
//! score. Inside the container, boilerplate-hinted and link-dense subtrees are pruned,
//! then blocks that read as junk on their own.

use super::dom::{Block, Dom, Kind};
use super::hints::Hint;

/// Below this many characters, a block without punctuation is a label, not prose.
const MIN_PROSE_CHARS: u32 = 30;
/// A block with more linked text than this share is navigation.
const MAX_LINK_DENSITY: f32 = 0.5;
/// How much a character of junk costs against a character of prose.
const JUNK_WEIGHT: f32 = 0.5;

/// The outcome: which blocks are main text.
#[derive(Debug)]
pub(crate) struct Selection {
    /// Per block (same order as [`Dom::blocks`]): part of the main text.
    pub keep: Vec<bool>,
}

/// How a block reads on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Prose: counts for its container.
    Prose,
    /// A short label or heading: counts for nothing.
    Label,
    /// Mostly links: counts against its container.
    Junk,
}

fn link_density(chars: u32, link_chars: u32) -> f32 {
    if chars == 0 {
        0.0
    } else {
        link_chars as f32 / chars as f32
    }
}

fn shape(dom: &Dom<'_>, block: &Block) -> Shape {
    let owner = &dom.elements[block.owner as usize];
    if link_density(block.chars, block.link_chars) > MAX_LINK_DENSITY {
        return Shape::Junk;
    }
    if matches!(owner.kind, Kind::Heading | Kind::Title) {
        return Shape::Label;
    }
    if block.chars < MIN_PROSE_CHARS && block.punctuation == 0 && block.words < 6 {
        return Shape::Label;
    }
    Shape::Prose
}

fn gain(block: &Block, shape: Shape) -> f32 {
    match shape {
        Shape::Prose => (block.chars - block.link_chars) as f32,
        Shape::Label => 0.0,
        Shape::Junk => -(block.chars as f32) * JUNK_WEIGHT,
    }
}

/// Chooses the main text of the page.
pub(crate) fn select(dom: &Dom<'_>) -> Selection {
    let n = dom.elements.len();
    let mut keep = vec![false; dom.blocks.len()];
    if n == 0 {
        return Selection { keep };
    }
    let shapes: Vec<Shape> = dom.blocks.iter().map(|b| shape(dom, b)).collect();

    // Scores, bottom-up: own blocks first, then children (reverse preorder visits every
    // child before its parent).
    let mut score = vec![0f32; n];
    for (block, &s) in dom.blocks.iter().zip(&shapes) {
        score[block.owner as usize] += gain(block, s);
    }
    for i in (0..n).rev() {
        let e = &dom.elements[i];
        if e.hint.is_boilerplate() {
            score[i] = -(e.chars as f32) * JUNK_WEIGHT;
        }
        if e.parent != u32::MAX {
            score[e.parent as usize] += score[i];
        }
    }

    let container = best_container(dom, &score);
    let pruned = prune(dom, container);

    for (i, block) in dom.blocks.iter().enumerate() {
        let owner = block.owner as usize;
        if !dom.contains(container, block.owner) || pruned[owner - container as usize] {
            continue;
        }
        keep[i] = match shapes[i] {
            Shape::Junk => false,
            _ => dom.elements[owner].kind != Kind::Title,
        };
    }
    drop_orphan_headings(dom, &mut keep);
    Selection { keep }
}

/// The element with the best score, preferring the article-body hint among close scores.
fn best_container(dom: &Dom<'_>, score: &[f32]) -> u32 {
    let mut best = 0u32;
    let mut best_score = f32::MIN;
    for (i, e) in dom.elements.iter().enumerate() {
        let bonus = match e.hint {
            Hint::ArticleBody => 1.1,
            Hint::Content => 1.02,
            _ => 1.0,
        };
        let s = if score[i] > 0.0 {
            score[i] * bonus
        } else {
            score[i]
        };
        if s >= best_score {
            best_score = s;
            best = i as u32;
        }
    }
    best
}

/// Per element of the container's subtree (offset from the container): pruned, itself
/// or through an ancestor below the container.
fn prune(dom: &Dom<'_>, container: u32) -> Vec<bool> {
    let start = container as usize;
    let end = dom.elements[start].end as usize;
    let mut pruned = vec![false; end - start];
    for i in start + 1..end {
        let e = &dom.elements[i];
        let parent = e.parent as usize;
        let inherited = parent > start && pruned[parent - start];
        let link_list = matches!(e.kind, Kind::List | Kind::Table | Kind::Block)
            && link_density(e.chars, e.link_chars) > MAX_LINK_DENSITY;
        pruned[i - start] = inherited || e.hint.is_boilerplate() || link_list;
    }
    pruned
}

/// Headings count as text only when the block after them is kept (a heading over a
/// dropped link list is that list's label).
fn drop_orphan_headings(dom: &Dom<'_>, keep: &mut [bool]) {
    let blocks = &dom.blocks;
    for i in (0..blocks.len()).rev() {
        if keep[i] && dom.elements[blocks[i].owner as usize].kind == Kind::Heading {
            keep[i] = keep.get(i + 1).copied().unwrap_or(false);
        }
    }
}

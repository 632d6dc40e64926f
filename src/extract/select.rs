//! Which blocks are the article: the main container, then what to prune inside it.
//!
//! Every block of text gets a *gain*: its unlinked characters when it reads as prose (long
//! enough, few links), a penalty when it reads as boilerplate (mostly links), nothing when
//! it is a short label or a heading. An element's score is the sum of the gains of the
//! blocks in its subtree, except that an element whose markup says boilerplate (a
//! sidebar, "related-stories", comments, `<nav>`) scores as a penalty as a whole. The
//! *container* is the best-scoring element outside boilerplate: the subtree that takes in
//! the most prose and the least junk, wherever the page put it — an article split by an
//! advert is taken whole when its halves outweigh the advert between them.
//!
//! Markup is believed in steps ([`Trust`]): a layout element named like boilerplate
//! ("container has_sidebar", "elementor-widget") can hide the article, which shows as a
//! container holding little of the page's prose; then selection retries believing less.
//! Markup on an element holding nearly all the prose is never believed, except comments.
//! Inside the container, boilerplate-hinted and link-dense subtrees are pruned, then
//! blocks that read as junk on their own; the `<h1>` above the text is the title, not
//! text. A page without prose outside its landmarks (a list of linked headlines) is taken
//! as a list: its main text is its largest region outside boilerplate, links included.

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

/// How much of the page's boilerplate markup is believed. Markup is usually right, but a
/// page may wrap its article in a layout element named like boilerplate ("container
/// penci_sidebar", "elementor-widget-container", "shrink-ads-auto"); then nothing outside
/// believed boilerplate holds prose, or the chosen container holds little of the page's
/// prose, and selection retries believing less. HTML's own landmarks (`<nav>`,
/// `<footer>`, `<aside>`) and comments are always believed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trust {
    /// Every boilerplate hint.
    All,
    /// Strong hints (navigation, sidebars, related links), not metadata words.
    Strong,
    /// Only landmarks and comments.
    Landmarks,
}

fn believed(hint: Hint, trust: Trust) -> bool {
    match hint {
        Hint::Comments | Hint::Landmark => true,
        Hint::Boilerplate => trust != Trust::Landmarks,
        Hint::WeakBoilerplate => trust == Trust::All,
        _ => false,
    }
}

/// A container accepted at some level of trust is one holding at least this share of
/// the page's prose.
const ACCEPT_SHARE: f32 = 0.3;

/// One attempt: the container and what counts as boilerplate.
struct Choice {
    container: u32,
    boiler: Vec<bool>,
    /// Per element: its subtree's score at this level of trust.
    score: Vec<f32>,
    /// The container is outside believed boilerplate.
    outside: bool,
}

/// Chooses the main text of the page.
pub(crate) fn select(dom: &mut Dom<'_>) -> Selection {
    let n = dom.elements.len();
    if n == 0 {
        return Selection {
            keep: vec![false; dom.blocks.len()],
        };
    }
    let shapes: Vec<Shape> = dom.blocks.iter().map(|b| shape(dom, b)).collect();
    if thread_is_the_page(dom, &shapes) {
        for e in &mut dom.elements {
            if e.hint == Hint::Comments {
                e.hint = Hint::Neutral;
            }
        }
    }
    let dom: &Dom<'_> = dom;
    let (mut own, mut prose, mut total) = sums(dom, &shapes, false);
    let list = !has_prose_outside_landmarks(dom, &shapes);
    if list {
        // Not an article (a list of linked headlines, a gallery, a few short lines): its
        // main text is what the page holds outside its boilerplate, links included.
        (own, prose, total) = sums(dom, &shapes, true);
        if total <= 0.0 {
            return Selection {
                keep: vec![false; dom.blocks.len()],
            };
        }
    }
    // When no level of trust finds a container holding enough of the page's prose, the
    // most trusting level's container outside boilerplate is kept: believing less markup
    // is meant to find an article hidden in a layout named like boilerplate, not to let
    // a sidebar that outweighs a short post take its place.
    let mut choice = None;
    let mut first_outside = None;
    for trust in [Trust::All, Trust::Strong, Trust::Landmarks] {
        let c = choose(dom, &own, believe(dom, trust, &prose, total));
        let share = prose[c.container as usize] / total.max(1.0);
        if c.outside && share >= ACCEPT_SHARE {
            first_outside = None;
            choice = Some(c);
            break;
        }
        if c.outside && first_outside.is_none() {
            first_outside = Some(c);
        } else {
            choice = Some(c);
        }
    }
    if first_outside.is_some() {
        choice = first_outside;
    }
    let Some(Choice {
        container,
        boiler,
        score,
        outside,
    }) = choice
    else {
        return Selection {
            keep: vec![false; dom.blocks.len()],
        };
    };
    let siblings = if list || !outside {
        Vec::new()
    } else {
        siblings_of_the_text(dom, container, &boiler, &score, &prose)
    };
    finish(dom, &shapes, container, &siblings, &boiler, &prose, list)
}

/// Below this share of the prose outside comments, the page has no article of its own.
const THREAD_SHARE: f32 = 0.08;

/// Whether the page's prose is nearly all in elements named as comments: a forum thread
/// or a live commentary, whose posts are what the page says. Then the comments are the
/// main text; a post with a thread under it keeps its thread out.
fn thread_is_the_page(dom: &Dom<'_>, shapes: &[Shape]) -> bool {
    let mut in_comments = vec![false; dom.elements.len()];
    for (i, e) in dom.elements.iter().enumerate() {
        let inherited = e.parent != u32::MAX && in_comments[e.parent as usize];
        in_comments[i] = inherited || e.hint == Hint::Comments;
    }
    let (mut inside, mut outside) = (0f32, 0f32);
    for (block, &s) in dom.blocks.iter().zip(shapes) {
        if s != Shape::Prose {
            continue;
        }
        let g = gain(block, s);
        if in_comments[block.owner as usize] {
            inside += g;
        } else {
            outside += g;
        }
    }
    inside > 0.0 && outside < THREAD_SHARE * (inside + outside)
}

/// Per element, bottom-up (reverse preorder visits children before parents): the gain of
/// the blocks it owns directly, and the prose in its subtree whatever its markup says;
/// and the page's total prose. In `list` mode every block counts, links included.
fn sums(dom: &Dom<'_>, shapes: &[Shape], list: bool) -> (Vec<f32>, Vec<f32>, f32) {
    let n = dom.elements.len();
    let mut own = vec![0f32; n];
    let mut prose = vec![0f32; n];
    for (block, &s) in dom.blocks.iter().zip(shapes) {
        let g = if list {
            block.chars as f32
        } else {
            gain(block, s)
        };
        own[block.owner as usize] += g;
        if list || s == Shape::Prose {
            prose[block.owner as usize] += g;
        }
    }
    let mut total = 0f32;
    for i in (0..n).rev() {
        match dom.elements[i].parent {
            u32::MAX => total += prose[i],
            parent => prose[parent as usize] += prose[i],
        }
    }
    (own, prose, total)
}

/// Whether any block of prose lies outside `<nav>`, `<footer>`, `<aside>` and comments.
/// A page without is not an article (a list of linked headlines, a gallery).
fn has_prose_outside_landmarks(dom: &Dom<'_>, shapes: &[Shape]) -> bool {
    let mut marked = vec![false; dom.elements.len()];
    for (i, e) in dom.elements.iter().enumerate() {
        let inherited = e.parent != u32::MAX && marked[e.parent as usize];
        marked[i] = inherited || matches!(e.hint, Hint::Landmark | Hint::Comments);
    }
    dom.blocks
        .iter()
        .zip(shapes)
        .any(|(b, &s)| s == Shape::Prose && !marked[b.owner as usize])
}

/// Which hinted elements count as boilerplate at a level of trust. An element that holds nearly all of the page's prose is not boilerplate, whatever
/// its markup says: the markup names a layout ("wrapper ad_body"), not a part. Comments
/// are the exception: a long thread under a short post is still the comments.
fn believe(dom: &Dom<'_>, trust: Trust, prose: &[f32], total: f32) -> Vec<bool> {
    dom.elements
        .iter()
        .zip(prose)
        .map(|(e, &p)| {
            believed(e.hint, trust) && (e.hint == Hint::Comments || p < DOMINANT_SHARE * total)
        })
        .collect()
}

/// The share of the page's prose above which an element's boilerplate markup is not
/// believed.
const DOMINANT_SHARE: f32 = 0.8;

/// Keeps the container's blocks that survive pruning.
fn finish(
    dom: &Dom<'_>,
    shapes: &[Shape],
    container: u32,
    siblings: &[u32],
    boiler: &[bool],
    prose: &[f32],
    list: bool,
) -> Selection {
    let mut keep = vec![false; dom.blocks.len()];
    let mut pruned = prune(dom, container, boiler, prose, list, true);
    // A page builder names every block of text a widget ("elementor-widget-container"):
    // when the names would prune all the container's prose, they name the layout, not
    // boilerplate, and only believed boilerplate and link lists are pruned.
    let prose_kept = |pruned: &[bool]| {
        dom.blocks.iter().zip(shapes).any(|(b, &s)| {
            s == Shape::Prose
                && dom.contains(container, b.owner)
                && !pruned[(b.owner - container) as usize]
        })
    };
    if !list && !prose_kept(&pruned) {
        pruned = prune(dom, container, boiler, prose, list, false);
    }

    // The container's siblings that continue the text are pruned as the container is.
    let sibling_pruned: Vec<Vec<bool>> = siblings
        .iter()
        .map(|&s| prune(dom, s, boiler, prose, list, true))
        .collect();
    let excluded = |owner: u32| {
        if dom.contains(container, owner) {
            return pruned[(owner - container) as usize];
        }
        siblings
            .iter()
            .zip(&sibling_pruned)
            .find(|(&s, _)| dom.contains(s, owner))
            .is_none_or(|(&s, p)| p[(owner - s) as usize])
    };
    // An `<h1>` before the text is the headline (the article's title, not its text); one
    // after it is a section heading of a page that uses `<h1>` for those.
    let mut text_seen = false;
    for (i, block) in dom.blocks.iter().enumerate() {
        let owner = block.owner as usize;
        if excluded(block.owner) {
            continue;
        }
        keep[i] = match shapes[i] {
            Shape::Junk => list,
            Shape::Label if dom.elements[owner].kind == Kind::Title => text_seen,
            Shape::Prose => {
                text_seen = true;
                true
            }
            Shape::Label => true,
        };
    }
    if !list {
        keep_lead(dom, shapes, &mut keep);
    }
    drop_orphan_headings(dom, &mut keep);
    if !list {
        super::credits::drop_trailing_credits(dom, &mut keep);
        super::closing::drop_trailing_section(dom, &mut keep);
        super::closing::drop_leading_labels(dom, &mut keep);
        super::closing::drop_photo_credits(dom, &mut keep);
    }
    Selection { keep }
}

/// How many blocks before the main text are looked at for its lead, at most.
const LEAD_REACH: usize = 24;

/// The lead between the headline and the main text (standfirst, teaser, abstract): pages
/// set it apart from the body, in the article's header or a block named like a teaser,
/// so the container leaves it out. Blocks of prose after the page's `<h1>` and before the
/// first kept block, in an element named as a lead, are kept, and so is a paragraph of
/// prose right before that block, named or not, and headings of a sentence's length
/// (subtitles), unless they sit in navigation, a sidebar landmark or comments.
fn keep_lead(dom: &Dom<'_>, shapes: &[Shape], keep: &mut [bool]) {
    let Some(first) = keep.iter().position(|&k| k) else {
        return;
    };
    let from = first.saturating_sub(LEAD_REACH);
    let Some(title) = (from..first)
        .rev()
        .find(|&i| dom.elements[dom.blocks[i].owner as usize].kind == Kind::Title)
    else {
        return;
    };
    for i in title + 1..first {
        let block = &dom.blocks[i];
        let owner = &dom.elements[block.owner as usize];
        // Unnamed, a paragraph of prose right before the body is its lead: the container
        // drew its line one block too late (the first paragraph set apart in the header).
        let unnamed_lead = i + 1 == first
            && owner.kind != Kind::Heading
            && block.words >= LEAD_WORDS
            && !owner.hint.is_boilerplate();
        // A heading of a sentence's length there is the article's subtitle, not a
        // section's: no section has begun yet.
        let subtitle = owner.kind == Kind::Heading
            && block.words >= SUBTITLE_WORDS
            && !owner.hint.is_boilerplate();
        if (shapes[i] == Shape::Prose && (owner.lead || unnamed_lead) || subtitle)
            && !in_landmark(dom, block.owner)
        {
            keep[i] = true;
        }
    }
}

/// A heading between the headline and the body is its subtitle from this many words.
const SUBTITLE_WORDS: u32 = 6;

/// A block of prose right before the body, not named as a lead, is its lead from this
/// many words: a sentence, not a byline or a date line.
const LEAD_WORDS: u32 = 16;

/// Whether an element is inside `<nav>`, `<aside>`, `<footer>` (or their roles) or
/// comments.
fn in_landmark(dom: &Dom<'_>, mut element: u32) -> bool {
    while element != u32::MAX {
        let e = &dom.elements[element as usize];
        if matches!(e.hint, Hint::Landmark | Hint::Comments) {
            return true;
        }
        element = e.parent;
    }
    false
}

/// A sibling of the container is part of the text from this share of the container's
/// score.
const SIBLING_SHARE: f32 = 0.2;
/// Siblings are looked for beside the container and beside its parent: further up they
/// are the page's other columns (four levels gained nothing on the development set).
const SIBLING_LEVELS: usize = 2;
/// A paragraph beside the container is part of the text from this many characters of
/// prose, with at most [`SIBLING_LINK_DENSITY`] of them linked.
const SIBLING_PARAGRAPH_CHARS: f32 = 80.0;
const SIBLING_LINK_DENSITY: f32 = 0.25;

/// The container's siblings that continue its text: an article cut in two by an advert
/// or a "related" box whose halves do not outweigh it, or paragraphs set loose beside the
/// element that holds most of the text. A sibling counts when it scores a good share of
/// the container's score, or when it is a paragraph of prose with few links, and its
/// markup does not name it boilerplate.
fn siblings_of_the_text(
    dom: &Dom<'_>,
    container: u32,
    boiler: &[bool],
    score: &[f32],
    prose: &[f32],
) -> Vec<u32> {
    let threshold = SIBLING_SHARE * score[container as usize];
    let mut out = Vec::new();
    let mut inner = container;
    for _ in 0..SIBLING_LEVELS {
        let parent = dom.elements[inner as usize].parent;
        if parent == u32::MAX {
            break;
        }
        let mut child = parent + 1;
        let end = dom.elements[parent as usize].end;
        while child < end {
            let e = &dom.elements[child as usize];
            let i = child as usize;
            if child != inner && !boiler[i] && !e.hint.is_boilerplate() {
                let by_score = score[i] > 0.0 && score[i] >= threshold;
                let paragraph = e.kind == Kind::Paragraph
                    && ((prose[i] >= SIBLING_PARAGRAPH_CHARS
                        && link_density(e.chars, e.link_chars) < SIBLING_LINK_DENSITY)
                        || (prose[i] > 0.0 && e.link_chars == 0));
                if by_score || paragraph {
                    out.push(child);
                }
            }
            child = e.end;
        }
        inner = parent;
    }
    out
}

/// Scores every element at one level of trust and picks the best container: the best
/// scoring element outside believed boilerplate (inside it, if nothing outside scores).
fn choose(dom: &Dom<'_>, own: &[f32], boiler: Vec<bool>) -> Choice {
    let n = dom.elements.len();
    let mut score = own.to_vec();
    for i in (0..n).rev() {
        let e = &dom.elements[i];
        if boiler[i] {
            score[i] = -(e.chars as f32) * JUNK_WEIGHT;
        }
        if e.parent != u32::MAX {
            score[e.parent as usize] += score[i];
        }
    }
    // Per element: inside believed boilerplate (itself or an ancestor).
    let mut marked = vec![false; n];
    let mut best = [(0u32, f32::MIN); 2]; // [outside boilerplate, anywhere]
    for (i, e) in dom.elements.iter().enumerate() {
        marked[i] = boiler[i] || (e.parent != u32::MAX && marked[e.parent as usize]);
        let bonus = match e.hint {
            Hint::ArticleBody => 1.3,
            Hint::Content => 1.02,
            _ => 1.0,
        };
        let s = if score[i] > 0.0 {
            score[i] * bonus
        } else {
            score[i]
        };
        if !marked[i] && s >= best[0].1 {
            best[0] = (i as u32, s);
        }
        if s >= best[1].1 {
            best[1] = (i as u32, s);
        }
    }
    let outside = best[0].1 > 0.0;
    let container = if outside { best[0].0 } else { best[1].0 };
    Choice {
        container,
        boiler,
        score,
        outside,
    }
}

/// Per element of the container's subtree (offset from the container): pruned, itself
/// or through an ancestor below the container. Inside the container a boilerplate hint
/// is believed whatever the trust level (with `hints`), unless the element holds most of
/// the container's prose; link-dense lists and sections go too.
fn prune(
    dom: &Dom<'_>,
    container: u32,
    boiler: &[bool],
    prose: &[f32],
    list: bool,
    hints: bool,
) -> Vec<bool> {
    let start = container as usize;
    let end = dom.elements[start].end as usize;
    let mut pruned = vec![false; end - start];
    let half = 0.5 * prose[start];
    for i in start + 1..end {
        let e = &dom.elements[i];
        let parent = e.parent as usize;
        let inherited = parent > start && pruned[parent - start];
        // Metadata (a byline, a date, a caption) is short: a weak hint on an element
        // holding a paragraph's worth of prose names a layout ("widget statement",
        // "preparation__time"), not metadata.
        let weak_with_prose = e.hint == Hint::WeakBoilerplate && prose[i] >= WEAK_PROSE_CHARS;
        let heading_module = e.hint == Hint::WeakBoilerplate && holds_only_a_heading(dom, i);
        let hinted = !heading_module
            && (boiler[i]
                || (hints && e.hint.is_boilerplate() && prose[i] <= half && !weak_with_prose));
        let link_list = !list
            && matches!(e.kind, Kind::List | Kind::Table | Kind::Block)
            && link_density(e.chars, e.link_chars) > MAX_LINK_DENSITY;
        pruned[i - start] = inherited || hinted || link_list;
    }
    pruned
}

/// Whether an element holds a section heading and nothing else: a page builder wraps
/// each heading in a module named "header" ("j-module j-header"), which names the
/// heading, not the page's header, and inside the container it is not believed at any
/// level of trust. Whether the heading is text is then decided by what follows it
/// ([`drop_orphan_headings`]).
fn holds_only_a_heading(dom: &Dom<'_>, i: usize) -> bool {
    let e = &dom.elements[i];
    dom.elements.get(i + 1).is_some_and(|h| {
        h.parent as usize == i && h.kind == Kind::Heading && h.end == e.end && h.chars == e.chars
    })
}

/// From this many characters of prose, a weak boilerplate hint inside the container is
/// not believed.
const WEAK_PROSE_CHARS: f32 = 80.0;

/// Headings count as text only when the block after them is kept (a heading over a
/// dropped link list is that list's label). So do short lines that do not end a sentence
/// ("Read more:", "Also interesting", "Further information:") over a dropped block of
/// links: a label set as a paragraph is still the link list's label.
fn drop_orphan_headings(dom: &Dom<'_>, keep: &mut [bool]) {
    let blocks = &dom.blocks;
    for i in (0..blocks.len()).rev() {
        if !keep[i] {
            continue;
        }
        let kind = dom.elements[blocks[i].owner as usize].kind;
        if matches!(kind, Kind::Heading | Kind::Title) {
            keep[i] = keep.get(i + 1).copied().unwrap_or(false);
            continue;
        }
        let over_dropped_links = blocks.get(i + 1).is_some_and(|next| {
            !keep[i + 1] && link_density(next.chars, next.link_chars) > MAX_LINK_DENSITY
        });
        if over_dropped_links && is_label_line(dom, &blocks[i]) {
            keep[i] = false;
        }
    }
}

/// A line of a label's length at most: words, and characters.
const LABEL_WORDS: u32 = 4;
const LABEL_CHARS: u32 = 40;

/// Whether a block reads as a label: a few words that do not end a sentence.
fn is_label_line(dom: &Dom<'_>, block: &Block) -> bool {
    if block.words > LABEL_WORDS || block.chars >= LABEL_CHARS {
        return false;
    }
    let text = super::render::render(dom, std::iter::once(block));
    !text
        .trim_end()
        .ends_with(['.', '!', '…', '"', '»', '“', '”', ')'])
}

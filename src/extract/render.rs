//! Blocks back to text, the way a browser lays them out.
//!
//! Whitespace is collapsed as HTML does (runs of ASCII whitespace become one space, except
//! in `<pre>`), `<br>` becomes a line break, and blocks are separated by a blank line so
//! that paragraphs stay paragraphs; cells of one table row share a line. Soft hyphens
//! (U+00AD) are left out: they are hyphenation hints a browser shows only at a line's end,
//! so "Mit\u{ad}tel\u{ad}al\u{ad}ter" reads, and is quoted, as "Mittelalter". Nothing else
//! is touched — quotes, dashes, non-breaking spaces and letters stay as the page wrote
//! them, because the quote matcher normalizes both sides itself and must see the source
//! as is.

use super::dom::{Block, Dom, Event, Kind};

/// HTML's collapsible whitespace (not U+00A0: a non-breaking space is not collapsed).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C')
}

/// A hyphenation hint, invisible unless the browser breaks the line there.
const SOFT_HYPHEN: char = '\u{ad}';

/// Renders the chosen blocks, in document order, as paragraphs separated by blank lines.
pub(crate) fn render<'b>(dom: &Dom<'_>, blocks: impl Iterator<Item = &'b Block>) -> String {
    let mut out = String::new();
    let mut previous: Option<&Block> = None;
    for block in blocks {
        let mark = out.len();
        if let Some(prev) = previous {
            out.push_str(separator(dom, prev, block));
        }
        let body_start = out.len();
        render_block(dom, block, &mut out);
        if out[body_start..].trim().is_empty() {
            out.truncate(mark);
            continue;
        }
        previous = Some(block);
    }
    out
}

/// What goes between two consecutive blocks.
fn separator(dom: &Dom<'_>, prev: &Block, next: &Block) -> &'static str {
    let a = &dom.elements[prev.owner as usize];
    let b = &dom.elements[next.owner as usize];
    if a.kind == Kind::Cell && b.kind == Kind::Cell && a.parent == b.parent {
        " | "
    } else {
        "\n\n"
    }
}

/// Appends one block's text.
fn render_block(dom: &Dom<'_>, block: &Block, out: &mut String) {
    let pre = dom.elements[block.owner as usize].pre;
    let start = out.len();
    let mut space = false;
    let end = (block.end as usize).min(dom.events.len());
    for event in &dom.events[(block.start as usize).min(end)..end] {
        match *event {
            Event::Text(text) if pre => out.push_str(text),
            Event::Text(text) => {
                for c in text.chars() {
                    if c == SOFT_HYPHEN {
                        continue;
                    }
                    if is_html_space(c) {
                        space = true;
                        continue;
                    }
                    if space && out.len() > start && !out.ends_with('\n') {
                        out.push(' ');
                    }
                    space = false;
                    out.push(c);
                }
            }
            Event::Open(i) if dom.elements[i as usize].kind == Kind::Break => {
                trim_end_spaces(out, start);
                if out.len() > start {
                    out.push('\n');
                }
                space = false;
            }
            _ => {}
        }
    }
    trim_end_spaces(out, start);
    // No more than one blank line inside a block (`<br><br><br>`).
    while out[start..].ends_with('\n') {
        out.pop();
    }
    if out[start..].contains("\n\n\n") {
        let block_text = out.split_off(start);
        let mut last_blank = false;
        for line in block_text.split('\n') {
            let blank = line.trim().is_empty();
            if blank && last_blank {
                continue;
            }
            if out.len() > start {
                out.push('\n');
            }
            out.push_str(line);
            last_blank = blank;
        }
    }
}

fn trim_end_spaces(out: &mut String, floor: usize) {
    while out.len() > floor && out.ends_with(' ') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn all_text(html: &str) -> String {
        let doc = Html::parse_document(html);
        let dom = Dom::build(&doc);
        render(&dom, dom.blocks.iter())
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines() {
        let text = all_text("<p>One  <b>bold</b>\n word.</p><p>Two.</p>");
        assert_eq!(text, "One bold word.\n\nTwo.");
    }

    #[test]
    fn line_breaks_and_typography_are_kept() {
        let text = all_text("<p>“Quoted” — it’s&nbsp;here<br>next line</p>");
        assert_eq!(text, "“Quoted” — it’s\u{a0}here\nnext line");
    }

    #[test]
    fn soft_hyphens_are_left_out() {
        let text = all_text("<p>Mit&shy;tel\u{ad}al\u{ad}ter</p>");
        assert_eq!(text, "Mittelalter");
    }

    #[test]
    fn cells_of_a_row_share_a_line() {
        let text = all_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>");
        assert_eq!(text, "a | b\n\nc");
    }
}

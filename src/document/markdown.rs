//! Markdown articles: citations in the prose, and every link.
//!
//! pulldown-cmark parses the document, so only what a reader sees is prose: code blocks,
//! inline code (kept in the text for the claim, but never scanned for citations), HTML
//! blocks, images and link destinations are not. Each text event carries its source range,
//! and the text is aligned with the source (escapes, entities, CR LF) so a citation's line and
//! column point into the Markdown file. Links — inline, reference, autolinks, and raw
//! `<a href>` tags written inline — become [`ProseLink`]s over their text. Front matter gives
//! the publication date (else a dateline among the first paragraphs). Raw HTML *blocks* are
//! skipped: they are layout more often than prose.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::links::{href_of_tag, is_link_end_tag};
use super::prose::{Paragraph, Prose, ProseLink};
use super::published::{dateline, front_matter};

/// Reads a Markdown document.
pub(crate) fn read(source: &str) -> Prose {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut reader = Reader {
        source,
        current: Paragraph::default(),
        paragraphs: Vec::new(),
        skip_depth: 0,
        open_links: Vec::new(),
    };
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        reader.event(event, range.start);
    }
    reader.flush();
    let published = front_matter(source).and_then(|f| f.published).or_else(|| {
        dateline(
            reader
                .paragraphs
                .iter()
                .take(12)
                .flat_map(|p| p.text.lines()),
        )
    });
    Prose {
        paragraphs: reader.paragraphs,
        published,
    }
}

struct Reader<'a> {
    source: &'a str,
    current: Paragraph,
    paragraphs: Vec<Paragraph>,
    /// Inside code blocks, HTML blocks, metadata and images: not prose.
    skip_depth: usize,
    /// Links opened in the current paragraph: (text start, URL, source offset).
    open_links: Vec<(usize, String, usize)>,
}

impl Reader<'_> {
    fn event(&mut self, event: Event<'_>, at: usize) {
        match event {
            Event::Start(tag) => self.start(tag, at),
            Event::End(tag) => self.end(tag),
            _ if self.skip_depth > 0 => {}
            Event::Text(text) => {
                self.current.push_aligned(&text, self.source, at, true);
            }
            Event::Code(code) => {
                let start = self.current.text.len();
                self.current.push_mapped(&code, at);
                let end = self.current.text.len();
                self.current.opaque.push(start..end);
            }
            Event::SoftBreak | Event::HardBreak => self.current.push_mapped(" ", at),
            Event::InlineHtml(html) => {
                if let Some(href) = href_of_tag(&html) {
                    self.open_links.push((self.current.text.len(), href, at));
                } else if is_link_end_tag(&html) {
                    self.close_link();
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, at: usize) {
        match tag {
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                self.flush();
                self.skip_depth += 1;
            }
            Tag::Image { .. } => self.skip_depth += 1,
            Tag::Link { dest_url, .. } if self.skip_depth == 0 => {
                self.open_links
                    .push((self.current.text.len(), dest_url.to_string(), at));
            }
            tag if is_block(&tag) => self.flush(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) | TagEnd::Image => {
                self.skip_depth = self.skip_depth.saturating_sub(1);
            }
            TagEnd::Link if self.skip_depth == 0 => self.close_link(),
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.flush(),
            _ => {}
        }
    }

    fn close_link(&mut self) {
        if let Some((start, url, source)) = self.open_links.pop() {
            self.current.links.push(ProseLink {
                range: start..self.current.text.len(),
                url,
                source,
            });
        }
    }

    /// Ends the current paragraph (closing any link left open by raw HTML).
    fn flush(&mut self) {
        while !self.open_links.is_empty() {
            self.close_link();
        }
        let paragraph = std::mem::take(&mut self.current);
        if !paragraph.is_blank() {
            self.paragraphs.push(paragraph);
        }
    }
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
    )
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;

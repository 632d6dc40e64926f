//! A date written in a page's visible text, and how far it is trusted as the page's
//! publication date: by its label, the element around it, and whether it stands alone in
//! its line as a dateline does.

use chrono::NaiveDate;

use super::forms::Form;
use super::labels::{self, Label};
use super::scan::Context;

/// How many other characters the line of a date standing alone may hold ("Sunday, ",
/// "at 10:30 AM").
const STANDALONE_OTHERS: usize = 30;

/// Whether the date at `start..end` stands alone in its line (block) of `text`, as a
/// dateline does, rather than inside a sentence.
pub(super) fn standalone(text: &str, start: usize, end: usize) -> bool {
    let (line_start, line_end) = labels::line_around(text, start, end);
    let others = text[line_start..start]
        .chars()
        .chain(text[end..line_end].chars())
        .filter(|c| !c.is_whitespace())
        .take(STANDALONE_OTHERS + 1)
        .count();
    others <= STANDALONE_OTHERS || led_by_place(&text[line_start..start])
}

/// How many characters a press dateline's place may have ("Karlsruhe", "NEW YORK").
const PLACE_CHARS: usize = 30;

/// Whether the line before a date is only a press dateline's place: "Karlsruhe, (" or
/// "WASHINGTON, " opening a paragraph whose first words are the date of the release.
fn led_by_place(before: &str) -> bool {
    let lead = before.trim_end();
    let lead = lead.strip_suffix('(').unwrap_or(lead).trim_end();
    let Some(place) = lead.strip_suffix(',').map(str::trim) else {
        return false;
    };
    place.chars().next().is_some_and(char::is_uppercase)
        && place.chars().count() <= PLACE_CHARS
        && place.split_whitespace().count() <= 3
        && place
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '.' | '/'))
}

/// A date written in the visible text, with what surrounds it.
pub(super) struct Visible<'t> {
    pub(super) date: NaiveDate,
    /// Where it is written in the page's text.
    pub(super) start: usize,
    pub(super) context: Context,
    pub(super) label: Label,
    pub(super) form: Form,
    /// Alone in its line, as a dateline.
    pub(super) standalone: bool,
    /// The text up to the date's end, for [`super::explain`].
    pub(super) excerpt: &'t str,
}

impl Visible<'_> {
    /// Where the date stands in the order of trust (0 best; see `judge::DATELINE_RANKS` and
    /// the ranges after it), or `None` when it cannot be the publication date.
    pub(super) fn rank(&self) -> Option<u8> {
        match (self.tier(), self.fallback_tier()) {
            (Some(tier @ 0..=4), _) => Some(tier),
            (Some(tier), _) => Some(tier + 3),
            (None, Some(fallback @ 0..=2)) => Some(fallback + 5),
            (None, Some(fallback)) => Some(fallback + 8),
            (None, None) => None,
        }
    }

    /// How likely a date that [`Visible::tier`] refuses for sitting among other pages'
    /// dates is still the page's own (0 best): labelled published, then in a date
    /// element, then standing alone as a dateline. Dates labelled as an update or as
    /// another event, and two-digit years outside date elements, stay refused.
    fn fallback_tier(&self) -> Option<u8> {
        if self.tier().is_some() || matches!(self.label, Label::Updated | Label::Other) {
            return None;
        }
        let c = self.context;
        let published = self.label == Label::Published || c.has(Context::PUBLISHED);
        let dated = c.has(Context::DATED);
        if self.form == Form::ShortYear && !published && !dated {
            return None;
        }
        Some(if published {
            0
        } else if dated {
            1
        } else if self.standalone {
            2
        } else {
            3
        })
    }

    /// How likely it is the publication date (0 best), or `None` if it cannot be: labelled
    /// or classed as an update, in a sidebar, comment or caption, or a two-digit-year date
    /// where no date is expected.
    pub(super) fn tier(&self) -> Option<u8> {
        let c = self.context;
        if matches!(self.label, Label::Updated | Label::Other) || c.has(Context::ASIDE) {
            return None;
        }
        let published = self.label == Label::Published || c.has(Context::PUBLISHED);
        if c.has(Context::UPDATED) && !published {
            return None;
        }
        let dated = c.has(Context::DATED);
        if self.form == Form::ShortYear && !published && !dated {
            return None;
        }
        let masthead = c.has(Context::MASTHEAD);
        let in_article = c.has(Context::ARTICLE) || c.has(Context::HEADER);
        Some(if masthead {
            7
        } else if published {
            0
        } else if dated {
            if in_article {
                1
            } else {
                2
            }
        } else if self.standalone {
            if in_article {
                3
            } else {
                4
            }
        } else if in_article {
            5
        } else {
            6
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_press_datelines_place_leads_its_date() {
        let text = "Sie gedenken der Verstorbenen\nKarlsruhe, (12.11.2021) Am Ewigkeitssonntag laden die Kirchen zu einer Andacht im Netz ein, wie jedes Jahr.";
        let start = text.find("12.11").unwrap_or(0);
        assert!(standalone(text, start, start + 10));
        assert!(led_by_place("WASHINGTON, "));
        assert!(led_by_place("New York, ("));
    }

    #[test]
    fn a_sentence_is_no_place() {
        assert!(!led_by_place("Die Sitzung fand am Ende doch statt, "));
        assert!(!led_by_place("In 2020, "));
        assert!(!led_by_place("seit, "));
        assert!(!led_by_place("Karlsruhe "));
    }
}

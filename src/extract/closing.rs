//! The prompts, counters and labels that close an article: calls to action, newsletter
//! and donation appeals, share prompts, "read more" teasers, comment and view counters,
//! post metadata, ad labels and footer lines.
//!
//! Publishers put them inside the article's own container, under its last paragraph:
//! "Möchten Sie den Artikel teilen?", "Never miss the latest news by signing up to our
//! newsletter", "Aufrufe: 1120 | Tags: …", "This entry was posted in …", "- Anzeige -",
//! a teaser of the next story ending in "Weiterlesen". A quote found there does not verify
//! a citation. [`super::credits`] drops them at the tail of the main text, as it drops
//! source lines: only when nothing but short lines or other closing lines follow, so a
//! sentence in the article that mentions a newsletter stays text. The phrases are the
//! generic wording of such lines in several languages, never a site's.

use super::dom::Dom;

/// A closing line is at most this many words ("Der Beitrag wurde am … veröffentlicht und
/// wurde unter … abgelegt. Du kannst …" runs to fifty).
pub(crate) const CLOSING_WORDS: u32 = 60;
/// A line matched by a phrase anywhere in it (not at its start or end) is at most this
/// many words: an appeal, not a paragraph that mentions a newsletter.
const PROMPT_WORDS: usize = 30;

/// Whole lines that label an advert, a counter or a prompt (compared without the dashes,
/// brackets and colons around them). Lower case.
const WHOLE: &[&str] = &[
    "anzeige",
    "werbung",
    "advertisement",
    "advertisements",
    "sponsored",
    "gesponsert",
    "publicidad",
    "publicité",
    "pubblicità",
    "reklama",
    "comments",
    "kommentare",
    "view comments",
    "keine kommentare",
    "no comments",
    "leave a comment",
    "kommentar schreiben",
    "share",
    "teilen",
    "share this",
    "share this article",
    "artikel teilen",
    "weitere informationen",
    "more information",
    "zum weiterlesen",
    "further reading",
    "lust auf mehr?",
    "donate",
    "spenden",
];

/// Openings of closing lines. Lower case, with " :" made ":".
const OPENINGS: &[&str] = &[
    "anzeige,",
    "anzeige:",
    "werbung:",
    "aufrufe:",
    "views:",
    "tags:",
    "schlagwörter:",
    "schlagworte:",
    "kategorie:",
    "kategorien:",
    "category:",
    "categories:",
    "filed under",
    "posted in",
    "this entry was posted",
    "der beitrag wurde am",
    "dieser beitrag wurde am",
    "keine kommentare",
    "no comments",
    "0 kommentare",
    "0 comments",
    "möchten sie den artikel teilen",
    "möchtest du den artikel teilen",
    "lust auf mehr?",
    "never miss",
    "stay up-to-date",
    "stay up to date",
    "get the latest",
    "sign up for",
    "subscribe to",
    "melde dich",
    "abonniere",
    "unterstütze",
    "unterstützen sie",
    "support us",
    "help us",
    "jetzt spenden",
    "weitere infos unter",
    "mehr infos unter",
    "weitere informationen unter",
    "more info at",
    "more information at",
    "más información en",
    "pour lire la suite",
    "impressum",
    "ansprechpartner",
    "pressekontakt",
    "medienkontakt",
    "press contact",
    "media contact",
    "für rückfragen",
    "we need your help",
    "wir brauchen deine unterstützung",
    "wir brauchen ihre unterstützung",
];

/// Endings of teasers and prompts ("… Seht selbst! Weiterlesen"). Lower case, without
/// the brackets, dots and arrows after them.
const ENDINGS: &[&str] = &[
    "weiterlesen",
    "read more",
    "mehr lesen",
    "lire la suite",
    "leer más",
    "continue reading",
    "czytaj więcej",
    "mehr erfahren",
];

/// Phrases of appeals anywhere in a short line. Lower case. Not "newsletter",
/// "subscribe" or "all rights reserved": the aeb benchmark counts "You can also subscribe
/// to this newsletter here" and news agencies' copyright lines as the article's text.
const APPEALS: &[&str] = &[
    "telegram",
    "in deinen posteingang",
    "in ihren posteingang",
    "in your inbox",
    "folge uns",
    "follow us",
    "síguenos",
    "suivez-nous",
    "datenschutz",
    "privacy policy",
    "category:",
    "categories:",
    "kategorie:",
    "kategorien:",
];

/// Whether a line of text reads as a prompt, counter or label closing an article.
pub(crate) fn is_closing_line(text: &str) -> bool {
    let lower = text.trim().to_lowercase().replace(" :", ":");
    let words = lower.split_whitespace().count();
    let bare = lower.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '|' | '[' | ']' | '(' | ')')
    });
    if WHOLE.contains(&bare) {
        return true;
    }
    if OPENINGS.iter().any(|o| bare.starts_with(o)) {
        return true;
    }
    let tail = bare.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '…' | '»' | '›' | '→' | '>' | ']' | ')' | '!')
    });
    if ENDINGS.iter().any(|e| tail.ends_with(e)) {
        return true;
    }
    words <= PROMPT_WORDS && APPEALS.iter().any(|a| bare.contains(a))
}

/// How many kept blocks at the end of the main text are looked at for a sources or
/// further-reading section, at most.
const SECTION_REACH: usize = 10;
/// A trailing section is dropped only while it holds less than this share of the main
/// text's characters: a list of sources, not half the article.
const SECTION_SHARE: f32 = 0.3;

/// Labels of the sections that close an article with its sources or further reading
/// (compared without a trailing colon). Lower case. Not "Literatur", "References" or
/// "Bibliography": a scholarly article's references are part of the work, and
/// trafilatura-eval-dev counts them as its text.
const SECTIONS: &[&str] = &[
    "quellen",
    "quellenangaben",
    "zum weiterlesen",
    "weiterführende links",
    "weitere informationen",
    "mehr zum thema",
    "sources",
    "further reading",
    "fuentes",
];

/// Drops a sources or further-reading section at the end of the main text: its label
/// (a line of its own, among the last kept blocks) and every kept block under it, when
/// they hold a small share of the text. Trafilatura's truth, like a reader, takes these
/// for the page's apparatus, not the article's text.
pub(crate) fn drop_trailing_section(dom: &Dom<'_>, keep: &mut [bool]) {
    let kept: Vec<usize> = (0..keep.len()).filter(|&i| keep[i]).collect();
    if kept.len() < 2 {
        return;
    }
    let tail = &kept[kept.len().saturating_sub(SECTION_REACH)..];
    let Some(&label) = tail.iter().skip(1).find(|&&i| {
        let block = &dom.blocks[i];
        block.words <= 4 && is_section_label(&super::render::render(dom, std::iter::once(block)))
    }) else {
        return;
    };
    let total: u32 = kept.iter().map(|&i| dom.blocks[i].chars).sum();
    let under: u32 = kept
        .iter()
        .filter(|&&i| i >= label)
        .map(|&i| dom.blocks[i].chars)
        .sum();
    if (under as f32) >= SECTION_SHARE * total as f32 {
        return;
    }
    for k in &mut keep[label..] {
        *k = false;
    }
}

/// Whether a line is the label of a sources or further-reading section.
pub(crate) fn is_section_label(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let bare = lower.trim_end_matches(|c: char| c.is_whitespace() || c == ':');
    SECTIONS.contains(&bare)
}

/// A photo credit standing alone ("© Thinkstock", "© dpa/Jane Doe") is at most this many
/// words.
const PHOTO_CREDIT_WORDS: u32 = 4;

/// Drops photo credits standing as blocks of their own anywhere in the main text: a
/// block of a few words opening with "©" is an image's credit, not a sentence (the
/// copyright line closing a news agency's story is longer, and stays).
pub(crate) fn drop_photo_credits(dom: &Dom<'_>, keep: &mut [bool]) {
    for (i, block) in dom.blocks.iter().enumerate() {
        if keep[i] && block.words <= PHOTO_CREDIT_WORDS && block.chars > 0 {
            let text = super::render::render(dom, std::iter::once(block));
            if text.trim_start().starts_with('©') {
                keep[i] = false;
            }
        }
    }
}

/// At most this many kept blocks at the start of the main text are looked at for labels.
const LEAD_REACH: usize = 2;
/// A label or metadata line at the start is at most this many words.
const LEAD_LABEL_WORDS: u32 = 25;

/// Drops ad labels ("Anzeige, enthält Affiliate Links"), metadata lines ("January 13,
/// 2020 | categories: Python | View Comments") and bare times ("3:59 PM") opening the
/// main text, when text follows them.
pub(crate) fn drop_leading_labels(dom: &Dom<'_>, keep: &mut [bool]) {
    let kept: Vec<usize> = (0..keep.len()).filter(|&i| keep[i]).collect();
    for (n, &i) in kept.iter().take(LEAD_REACH).enumerate() {
        let block = &dom.blocks[i];
        if n + 1 >= kept.len() || block.words > LEAD_LABEL_WORDS {
            return;
        }
        if !is_leading_label(&super::render::render(dom, std::iter::once(block))) {
            return;
        }
        keep[i] = false;
    }
}

/// Openings of ad labels. Lower case.
const AD_LABELS: &[&str] = &[
    "anzeige",
    "werbung",
    "advertisement",
    "sponsored",
    "gesponsert",
    "publicidad",
    "publicité",
    "reklama",
];

/// Metadata words that, anywhere in a short line, make it a metadata line. Lower case.
const METADATA: &[&str] = &[
    "categories:",
    "category:",
    "kategorie:",
    "kategorien:",
    "tags:",
    "view comments",
    "no comments",
    "keine kommentare",
];

/// Whether a line opening the main text is an ad label, a metadata line or a bare time.
pub(crate) fn is_leading_label(text: &str) -> bool {
    let lower = text.trim().to_lowercase().replace(" :", ":");
    let bare = lower.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '|' | '[' | ']' | '(' | ')')
    });
    let ad = AD_LABELS.iter().any(|a| {
        bare.strip_prefix(a)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([',', ':', ' ', '|']))
    });
    ad || METADATA.iter().any(|m| bare.contains(m)) || is_bare_time(bare)
}

/// "3:59 PM", "15:21", "08:45 am".
fn is_bare_time(text: &str) -> bool {
    let clock = text
        .strip_suffix("pm")
        .or_else(|| text.strip_suffix("am"))
        .unwrap_or(text)
        .trim_end();
    let Some((h, m)) = clock.split_once(':') else {
        return false;
    };
    (1..=2).contains(&h.len())
        && m.len() == 2
        && h.chars().all(|c| c.is_ascii_digit())
        && m.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::is_closing_line;

    #[test]
    fn prompts_counters_and_labels_in_several_languages_are_closing_lines() {
        for line in [
            "Möchten Sie den Artikel teilen?",
            "- Anzeige-",
            "Aufrufe: 1120 | Hinzugefügt von: Posh | Tags: Denken",
            "Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)",
            "Lust auf mehr? Lass dir die besten Storys jede Woche in deinen Posteingang liefern.",
            "Get the latest news straight to your phone with our app.",
            "Sommerzeit ist Urlaubszeit. Seht selbst! Weiterlesen",
            "This entry was posted in News and tagged travel.",
            "Category : Press Releases",
            "News date : 04/21/2022    Category : Press Releases",
            "We need your help\nHelp us continue our work\nDonate",
            "Never miss the latest news by signing up to our newsletter today!",
            "Pour lire la suite",
            "Ansprechpartner Presse\nJane Doe\nTelefon: +49 40 300",
        ] {
            assert!(is_closing_line(line), "{line}");
        }
    }

    #[test]
    fn sentences_of_an_article_are_not_closing_lines() {
        for line in [
            "The minister will resign before the summer, her office said.",
            "Help arrived too late for the village, which had been cut off for days.",
            "Die Anzeige wurde am Montag bei der Polizei erstattet.",
            "The first newsletter of the society appeared in 1952 and ran for forty years, \
             edited by its founder, who wrote most of it himself, with reports from every \
             branch, lists of new members, obituaries and notices of the meetings to come \
             in the spring and the autumn.",
        ] {
            assert!(!is_closing_line(line), "{line}");
        }
    }
}

#[cfg(test)]
mod edge_tests {
    use super::{is_leading_label, is_section_label};

    #[test]
    fn ad_labels_metadata_lines_and_times_open_no_article() {
        for line in [
            "Anzeige, enthält Affiliate Links",
            "- Anzeige -",
            "January 13, 2020 at 08:45 AM | categories: Python, Mercurial | View Comments",
            "3:59 PM",
        ] {
            assert!(is_leading_label(line), "{line}");
        }
        for line in [
            "Anzeigen gegen den Bürgermeister häufen sich.",
            "The advertisement industry lost a third of its revenue in 2020.",
            "At 3:59 PM the first train left the station.",
        ] {
            assert!(!is_leading_label(line), "{line}");
        }
    }

    #[test]
    fn sources_and_further_reading_labels_are_section_labels() {
        for line in [
            "Quellenangaben:",
            "Zum Weiterlesen:",
            "Sources",
            "Weitere Informationen",
        ] {
            assert!(is_section_label(line), "{line}");
        }
        assert!(!is_section_label("Sources close to the minister said"));
    }
}

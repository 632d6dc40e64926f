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
            "Never miss the latest news by signing up to our newsletter today!",
            "Pour lire la suite",
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

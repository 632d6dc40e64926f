//! The credits at the end of an article: source, photo credit and contact lines.
//!
//! Many pages close the article's own container with a line that is not the article's
//! text: "Quelle: Landesregierung", "Source: AFP", "Crédits
//! photos : Bestimage", "Kontakt:" over a press contact. A quote found there does not
//! verify a citation, so such lines are boilerplate. Only the tail of the main text is
//! looked at, only lines that open with one of a few words every publisher uses for them
//! (in several languages, never a site's name), and only when nothing but short lines or
//! other credit lines follow, so a sentence that merely mentions a source stays text.

use super::dom::{Block, Dom};

/// How many kept blocks at the end of the main text are looked at, at most.
const TAIL_REACH: usize = 8;
/// A block after a credit line is part of the credits (a name, an address, an e-mail)
/// up to this many words; a longer one is text, and the credit line above it stays.
const SHORT_WORDS: u32 = 15;
/// A credit line is at most this many words (a copyright notice may be two sentences).
const CREDIT_WORDS: u32 = 60;

/// Words that open a credit line when a colon follows within the line's first words
/// ("Quelle:", "Crédits photos :", "Photo: Reuters"). Lower case.
const LABELS: &[&str] = &[
    "source",
    "sources",
    "quelle",
    "quellen",
    "quellenangabe",
    "quellenangaben",
    "fuente",
    "fuentes",
    "fonte",
    "źródło",
    "photo",
    "photos",
    "foto",
    "fotos",
    "bild",
    "bilder",
    "bildquelle",
    "bildnachweis",
    "beitragsbild",
    "titelbild",
    "titelfoto",
    "symbolbild",
    "image",
    "images",
    "credit",
    "credits",
    "crédit",
    "crédits",
    "créditos",
    "contact",
    "contacts",
    "kontakt",
    "contacto",
    "telefon",
    "tel",
    "phone",
    "téléphone",
    "teléfono",
    "e-mail",
    "email",
];

/// Whether a line of text reads as a source, credit or contact line.
pub(crate) fn is_credit_line(text: &str) -> bool {
    let text = text.trim();
    let lower = text.to_lowercase();
    // "Label:" or "Label words :" — the label is the first word, the colon comes within
    // the first three words.
    let head: Vec<&str> = lower.split_whitespace().take(3).collect();
    if !head.iter().any(|w| w.contains(':')) {
        return false;
    }
    let first = head
        .first()
        .map(|w| w.split(':').next().unwrap_or(w))
        .unwrap_or("");
    LABELS.contains(&first)
}

/// Drops the credit lines at the end of the main text (and the short lines under them).
pub(crate) fn drop_trailing_credits(dom: &Dom<'_>, keep: &mut [bool]) {
    let kept: Vec<usize> = (0..keep.len()).filter(|&i| keep[i]).collect();
    let tail = &kept[kept.len().saturating_sub(TAIL_REACH)..];
    // The earliest credit line in the tail under which every kept block is short or a
    // credit line itself.
    let mut cut = None;
    for &i in tail.iter().rev() {
        let block = &dom.blocks[i];
        if is_credit(dom, block) {
            cut = Some(i);
        } else if block.words > SHORT_WORDS {
            break;
        }
    }
    let Some(cut) = cut else {
        return;
    };
    // The article itself stays: a page whose text is only credits is left alone.
    if kept.first().is_some_and(|&first| first >= cut) {
        return;
    }
    for k in &mut keep[cut..] {
        *k = false;
    }
}

/// A credit line, or a prompt, counter or label closing the article
/// ([`super::closing`]).
fn is_credit(dom: &Dom<'_>, block: &Block) -> bool {
    if block.words > CREDIT_WORDS.max(super::closing::CLOSING_WORDS) {
        return false;
    }
    let text = super::render::render(dom, std::iter::once(block));
    (block.words <= CREDIT_WORDS && is_credit_line(&text)) || super::closing::is_closing_line(&text)
}

#[cfg(test)]
mod tests {
    use super::is_credit_line;

    #[test]
    fn credit_lines_in_several_languages_are_credits() {
        for line in [
            "Quelle: Deutscher Jagdverband (DJV), 02. Februar 2022, Berlin",
            "Quellenangaben:",
            "Crédits photos : Bestimage",
            "Photo: Reuters",
            "Kontakt:",
            "Telefon: +49 40 300",
            "Source : AFP",
            "Beitragsbild: Titelseite der Zeitung vom 2.4.2019",
        ] {
            assert!(is_credit_line(line), "{line}");
        }
    }

    #[test]
    fn sentences_that_mention_a_source_are_not_credits() {
        for line in [
            "Sources say the minister will resign before the summer.",
            "The photo shows the crater: a hole ten metres deep.",
            "Contact with the lander was lost on Tuesday.",
            "Die Quelle des Flusses liegt in den Alpen.",
        ] {
            assert!(!is_credit_line(line), "{line}");
        }
    }
}

//! Which writing system a text uses, to tell a translated quote from a misquote.
//!
//! An English quote of a Mongolian page cannot be found in it word for word, and reporting
//! it "not found" would accuse a faithful translation. The cheapest reliable signal is the
//! script: Latin letters in the quote and Cyrillic in the source mean the quote is a
//! translation. The source's script comes from its language when the extractor knows it,
//! else from the letters of its text. (Two languages of one script — an English quote of a
//! French page — are not told apart here.)

/// A writing system, as far as matching needs to tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters (English, French, Vietnamese, Mongolian in Latin transcription…).
    Latin,
    /// Cyrillic (Mongolian, Russian, Ukrainian, Kazakh…).
    Cyrillic,
    /// Han ideographs and Japanese kana.
    Han,
    /// Korean.
    Hangul,
    /// Arabic script (Arabic, Persian, Urdu).
    Arabic,
    /// Greek.
    Greek,
    /// Anything else (Devanagari, Thai, traditional Mongolian…).
    Other,
}

impl Script {
    /// A reader's name for the script.
    pub fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Cyrillic => "Cyrillic",
            Script::Han => "Chinese/Japanese",
            Script::Hangul => "Korean",
            Script::Arabic => "Arabic",
            Script::Greek => "Greek",
            Script::Other => "another",
        }
    }
}

/// The script of a letter, `None` for digits, punctuation and spaces.
pub fn of_char(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FFFF => Script::Han,
        _ => Script::Other,
    })
}

/// The script most letters of `text` use, looking at the first `limit` letters (a page's
/// first few thousand letters tell as much as all of it). `None` without letters.
pub fn dominant(text: &str, limit: usize) -> Option<Script> {
    let mut counts = [0usize; 7];
    for script in text.chars().filter_map(of_char).take(limit) {
        counts[script as usize] += 1;
    }
    let (index, &count) = counts.iter().enumerate().max_by_key(|&(_, &n)| n)?;
    if count == 0 {
        return None;
    }
    Some(ALL[index])
}

const ALL: [Script; 7] = [
    Script::Latin,
    Script::Cyrillic,
    Script::Han,
    Script::Hangul,
    Script::Arabic,
    Script::Greek,
    Script::Other,
];

/// The usual script of a language (ISO 639-1, optionally with a region: "zh-CN"); `None`
/// for languages written in several scripts or not listed.
pub fn of_language(code: &str) -> Option<Script> {
    let primary = code
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Some(match primary.as_str() {
        "mn" | "ru" | "uk" | "be" | "bg" | "kk" | "ky" | "mk" | "tg" | "tt" | "ba" | "cv"
        | "sah" | "bua" => Script::Cyrillic,
        "zh" | "ja" => Script::Han,
        "ko" => Script::Hangul,
        "ar" | "fa" | "ur" | "ps" => Script::Arabic,
        "el" => Script::Greek,
        "en" | "fr" | "de" | "es" | "pt" | "it" | "nl" | "sv" | "no" | "nb" | "nn" | "da"
        | "fi" | "pl" | "cs" | "sk" | "sl" | "hr" | "hu" | "ro" | "tr" | "vi" | "id" | "ms"
        | "et" | "lv" | "lt" | "ga" | "is" | "sq" | "ca" | "eu" | "gl" | "tl" => Script::Latin,
        "hi" | "mr" | "ne" | "bn" | "ta" | "te" | "th" | "my" | "km" | "lo" | "ka" | "hy"
        | "he" | "am" | "si" => Script::Other,
        _ => return None,
    })
}

/// The source's script: from its language when known, else from its text.
pub fn of_source(language: Option<&str>, text: &str) -> Option<Script> {
    language
        .and_then(of_language)
        .or_else(|| dominant(text, 20_000))
}

/// How many letters of each script a text has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScriptMix {
    counts: [usize; 7],
    total: usize,
}

impl ScriptMix {
    /// Counts the letters of all of `text`.
    pub fn of(text: &str) -> Self {
        let mut mix = ScriptMix::default();
        for script in text.chars().filter_map(of_char) {
            mix.counts[script as usize] += 1;
            mix.total += 1;
        }
        mix
    }

    /// The share of the text's letters written in `script`, 0..1 (0 without letters).
    pub fn share(&self, script: Script) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.counts[script as usize] as f64 / self.total as f64
        }
    }
}

/// What a source is written in: its main script (from its language when known, else its
/// letters) and the mix of its letters, because pages mix scripts (an English name in a
/// Mongolian article, a Russian story on an English site).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SourceScript {
    /// The script the source is written in, if it has letters or a known language.
    pub main: Option<Script>,
    /// Its letters by script.
    pub mix: ScriptMix,
}

impl SourceScript {
    /// The scripts of a source with this language (if known) and text.
    pub fn of(language: Option<&str>, text: &str) -> Self {
        SourceScript {
            main: of_source(language, text),
            mix: ScriptMix::of(text),
        }
    }

    /// True when a quote in `quote` script must be a translation of this source: the
    /// source is written in another script and (almost) no text of the quote's script.
    pub fn translates(&self, quote: Script) -> bool {
        self.main.is_some_and(|main| main != quote)
            && self.mix.share(quote) < crate::thresholds::THRESHOLDS.translation_script_share
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dominant_script_of_mixed_text() {
        assert_eq!(
            dominant("Ерөнхийлөгч У.Хүрэлсүх (Khurelsukh) хэлэв", 1000),
            Some(Script::Cyrillic)
        );
        assert_eq!(dominant("He said 经济增长", 1000), Some(Script::Latin));
        assert_eq!(dominant("经济增长了百分之五", 1000), Some(Script::Han));
        assert_eq!(dominant("2023 — 19%", 1000), None);
    }

    #[test]
    fn language_codes_map_to_scripts() {
        assert_eq!(of_language("mn"), Some(Script::Cyrillic));
        assert_eq!(of_language("zh-CN"), Some(Script::Han));
        assert_eq!(of_language("EN"), Some(Script::Latin));
        assert_eq!(of_language("sr"), None, "Serbian is written in two scripts");
    }

    #[test]
    fn a_quote_is_a_translation_only_when_its_script_is_absent_from_the_source() {
        let text = format!("{} (Khurelsukh)", "Ерөнхийлөгч Хүрэлсүх хэлэв. ".repeat(10));
        let mongolian = SourceScript::of(Some("mn"), &text);
        assert!(
            mongolian.translates(Script::Latin),
            "one Latin name does not make it mixed"
        );
        let mostly = SourceScript::of(None, &"Монгол улсын эдийн засаг өсөв. ".repeat(20));
        assert!(mostly.translates(Script::Latin));
        assert!(!mostly.translates(Script::Cyrillic));
        let mixed = format!(
            "{}{}",
            "English text here. ".repeat(10),
            "Русский текст здесь. ".repeat(3)
        );
        let mixed = SourceScript::of(None, &mixed);
        assert_eq!(mixed.main, Some(Script::Latin));
        assert!(
            !mixed.translates(Script::Cyrillic),
            "the page has Cyrillic stories too"
        );
        assert!(!SourceScript::of(None, "").translates(Script::Latin));
    }

    #[test]
    fn source_script_prefers_the_language_then_the_text() {
        assert_eq!(
            of_source(Some("ru"), "mostly latin text"),
            Some(Script::Cyrillic)
        );
        assert_eq!(of_source(None, "Монгол улс"), Some(Script::Cyrillic));
        assert_eq!(of_source(Some("xx"), "中文"), Some(Script::Han));
    }
}

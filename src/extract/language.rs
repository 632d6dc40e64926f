//! The language of a page (ISO 639-1), from its markup and its text.
//!
//! The language decides whether a citation's quote is the source's own words or a
//! translation (an English quote of a Mongolian page cannot match verbatim), so it must be
//! right when the markup is wrong: many sites leave a template's `lang="en"` on pages in
//! other languages. The page's declared language (`<html lang>`, `Content-Language`,
//! `og:locale`) is taken unless the text, long enough for a confident reading, says
//! otherwise — and is not merely a close neighbour of the declared language (Bosnian,
//! Croatian and Serbian; Norwegian and Danish; Malay and Indonesian), which text models
//! confuse.
//!
//! The text is read by whatlang 0.18, with two gaps filled by script: Mongolian (Cyrillic
//! with ө and ү, absent from whatlang), Kazakh and Kyrgyz likewise; and short strings —
//! a quote — where the script alone is the honest answer.

use scraper::{Html, Selector};
use std::sync::LazyLock;
use whatlang::{Lang, Script};

/// How much of the text is read: the language does not change after a few paragraphs,
/// and reading less keeps extraction fast.
const SAMPLE_BYTES: usize = 1536;

/// Letters the text needs before it may overrule the markup (an ideograph or a Hangul
/// syllable, which is nearer a word, counts three).
const OVERRULING_LETTERS: usize = 150;

/// Confidence (whatlang's 0..1) the text needs before it may overrule the markup.
const OVERRULING_CONFIDENCE: f64 = 0.8;

/// Groups of languages text models confuse with each other: inside a group the markup is
/// believed.
const NEIGHBOURS: &[&[&str]] = &[
    &["bs", "hr", "sr", "sh", "me"],
    &["no", "nb", "nn", "da"],
    &["ms", "id"],
    &["ru", "be", "uk"],
    &["bg", "mk"],
    &["cs", "sk"],
    &["es", "gl", "ca"],
    &["pt", "gl"],
    &["hi", "mr", "ne"],
    &["fa", "ur", "ar"],
];

/// The page's language from its parsed document and extracted body text.
///
/// ```
/// let html = r#"<html lang="en"><body><p>内蒙古自治区今年的粮食产量再创新高，
///   农牧民收入持续增长，当地政府表示将继续加大对农业基础设施的投入力度，
///   推动农村经济高质量发展。据统计，全区粮食总产量达到七百多亿斤，比上年增长百分之三。
///   专家认为，良好的天气条件和新技术的推广应用是丰收的主要原因。</p></body></html>"#;
/// let document = scraper::Html::parse_document(html);
/// let text = document.root_element().text().collect::<String>();
/// let language = citecheck::extract::language::detect(&document, &text);
/// assert_eq!(language.as_deref(), Some("zh"));
/// ```
pub fn detect(document: &Html, text: &str) -> Option<String> {
    let declared = declared(document);
    let read = reading(text);
    match (declared, read) {
        (Some(declared), Some(read)) => {
            let overrules = read.letters >= OVERRULING_LETTERS
                && read.confidence >= OVERRULING_CONFIDENCE
                && !neighbours(&declared, read.code);
            Some(if overrules {
                read.code.to_string()
            } else {
                declared
            })
        }
        (Some(declared), None) => Some(declared),
        (None, Some(read)) => Some(read.code.to_string()),
        (None, None) => None,
    }
}

/// The language of a short text, such as a quote: by its script where the script settles
/// it (Han → "zh", Hangul → "ko", Cyrillic with ө/ү → "mn"…), else by whatlang when it is
/// confident. `None` when the text is too short or ambiguous to say.
///
/// ```
/// use citecheck::extract::language::of_text;
/// assert_eq!(of_text("Бид хамтран ажиллах болно").as_deref(), Some("mn"));
/// assert_eq!(of_text("Мы будем работать вместе").as_deref(), Some("ru"));
/// assert_eq!(of_text("我们将共同努力").as_deref(), Some("zh"));
/// ```
pub fn of_text(text: &str) -> Option<String> {
    reading(text).map(|r| r.code.to_string())
}

/// A reading of a text's language.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Reading {
    code: &'static str,
    /// 0..1.
    confidence: f64,
    /// How many letters it rests on (ideographs count three).
    letters: usize,
}

fn reading(text: &str) -> Option<Reading> {
    let sample = sample(text);
    let letters: usize = sample
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| if c as u32 >= 0x3000 { 3 } else { 1 })
        .sum();
    if letters == 0 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    let by_script = |code| {
        Some(Reading {
            code,
            confidence: 1.0,
            letters,
        })
    };
    match info.script() {
        Script::Cyrillic => {
            if let Some(code) = cyrillic_without_whatlang(sample) {
                return by_script(code);
            }
        }
        Script::Mandarin | Script::Hiragana | Script::Katakana => {
            let kana = sample.chars().any(|c| matches!(c as u32, 0x3040..=0x30FF));
            return by_script(if kana { "ja" } else { "zh" });
        }
        Script::Hangul => return by_script("ko"),
        Script::Arabic if persian_letters(sample) && info.lang() == Lang::Ara => {
            return by_script("fa");
        }
        _ => {}
    }
    let code = iso_639_1(info.lang())?;
    // On a short text, a script shared by many languages says little.
    let confidence = if info.is_reliable() {
        info.confidence().max(0.8)
    } else {
        info.confidence()
    };
    if letters < 12 && confidence < 0.5 {
        return None;
    }
    Some(Reading {
        code,
        confidence,
        letters,
    })
}

/// A prefix of `text` of at most [`SAMPLE_BYTES`], cut on a character boundary.
fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Mongolian, Kazakh and Kyrgyz, which whatlang does not know, by their own letters:
/// Mongolian adds ө and ү; Kazakh also ә, ғ, қ, ұ, і, һ; Kyrgyz ң with ө and ү.
fn cyrillic_without_whatlang(text: &str) -> Option<&'static str> {
    let (mut mongolian, mut kazakh, mut kyrgyz, mut cyrillic) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ө' | 'ү' => mongolian += 1,
            'ә' | 'ғ' | 'қ' | 'ұ' | 'һ' => kazakh += 1,
            'ң' => kyrgyz += 1,
            _ => {}
        }
        if matches!(c as u32, 0x0400..=0x04FF) {
            cyrillic += 1;
        }
    }
    // One letter in two hundred: a Mongolian text has a few in every sentence, while a
    // Russian page quoting one Mongolian name stays Russian.
    let share = |n: usize| n * 200 >= cyrillic.max(1) && n > 0;
    if share(kazakh) {
        Some("kk")
    } else if share(kyrgyz) && share(mongolian) {
        Some("ky")
    } else if share(mongolian) || mongolian_words(text) {
        Some("mn")
    } else {
        None
    }
}

/// Whether a Cyrillic text without ө/ү is Mongolian by its function words (texts typed
/// without the two letters, or too short to hold them).
fn mongolian_words(text: &str) -> bool {
    const MONGOLIAN: &[&str] = &[
        "ба",
        "нь",
        "юм",
        "байна",
        "болон",
        "энэ",
        "гэж",
        "оны",
        "сарын",
        "бол",
        "гэсэн",
        "байгаа",
        "байсан",
        "юу",
        "тэр",
        "бид",
        "тэд",
        "болно",
        "байх",
        "хийх",
        "гэв",
        "гэжээ",
        "байлаа",
        "болсон",
        "болох",
        "улс",
        "улсын",
        "манай",
        "бас",
        "ч",
        "л",
        "вэ",
        "бэ",
        "уу",
        "хамт",
        "хамтран",
        "мэдээлэв",
    ];
    const RUSSIAN: &[&str] = &[
        "и", "в", "не", "на", "что", "с", "по", "это", "как", "для", "он", "она", "из", "к", "у",
        "мы", "вы", "бы", "же", "от",
    ];
    let (mut mongolian, mut russian) = (0usize, 0usize);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        if MONGOLIAN.contains(&word.as_str()) {
            mongolian += 1;
        } else if RUSSIAN.contains(&word.as_str()) {
            russian += 1;
        }
    }
    mongolian >= 2 && mongolian > russian
}

/// Letters Persian writes and Arabic does not: پ چ ژ گ ک ی.
fn persian_letters(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی'))
}

/// The page's declared language: `<html lang>`, `Content-Language`, `og:locale`.
fn declared(document: &Html) -> Option<String> {
    static META: LazyLock<Option<Selector>> = LazyLock::new(|| {
        Selector::parse(
            r#"meta[http-equiv], meta[name="language"], meta[name="content-language"], meta[property="og:locale"]"#,
        )
        .ok()
    });
    let root = document.root_element();
    if let Some(code) = root
        .attr("lang")
        .or_else(|| root.attr("xml:lang"))
        .and_then(normalize)
    {
        return Some(code);
    }
    let meta = META.as_ref()?;
    document.select(meta).find_map(|element| {
        let key = element
            .attr("http-equiv")
            .or_else(|| element.attr("name"))
            .or_else(|| element.attr("property"))?;
        let wanted = ["content-language", "language", "og:locale"];
        if !wanted.iter().any(|w| key.eq_ignore_ascii_case(w)) {
            return None;
        }
        normalize(element.attr("content")?)
    })
}

/// An ISO 639-1 code from a language tag ("en-US", "mn_MN", "ZH-hans", "iw").
fn normalize(tag: &str) -> Option<String> {
    let primary = tag.trim().split([',', ';']).next()?.trim();
    let primary = primary.split(['-', '_']).next()?.to_ascii_lowercase();
    let code = match primary.as_str() {
        "iw" => "he".to_string(),
        "in" => "id".to_string(),
        "ji" => "yi".to_string(),
        "nb" | "nn" => "no".to_string(),
        _ => primary,
    };
    (code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())).then_some(code)
}

/// Whether two languages belong to one of the [`NEIGHBOURS`] groups (or are the same).
fn neighbours(a: &str, b: &str) -> bool {
    a == b
        || NEIGHBOURS
            .iter()
            .any(|group| group.contains(&a) && group.contains(&b))
}

/// The ISO 639-1 code of a language whatlang knows.
fn iso_639_1(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "no",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
        #[allow(unreachable_patterns)]
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lang: &str, body: &str) -> Option<String> {
        let html =
            format!("<html{lang}><head><title>t</title></head><body><p>{body}</p></body></html>");
        let document = Html::parse_document(&html);
        detect(&document, body)
    }

    const MONGOLIAN: &str = "Монгол Улсын Ерөнхийлөгч өнөөдөр Төрийн ордонд гадаадын \
        хэвлэлийн төлөөлөгчдийг хүлээн авч уулзлаа. Уулзалтын үеэр хоёр улсын хамтын \
        ажиллагааг өргөжүүлэх, эдийн засгийн харилцааг бэхжүүлэх талаар ярилцсан байна. \
        Мөн уул уурхай, эрчим хүчний салбарт шинэ төслүүд хэрэгжүүлэхээр тохиролцов.";

    const RUSSIAN: &str = "Президент Монголии сегодня принял в Государственном дворце \
        представителей иностранной прессы. В ходе встречи стороны обсудили расширение \
        сотрудничества между двумя странами и укрепление экономических связей, а также \
        договорились реализовать новые проекты в горнодобывающей и энергетической отраслях.";

    const CHINESE: &str = "内蒙古自治区今年的粮食产量再创新高，农牧民收入持续增长，当地政府表示\
        将继续加大对农业基础设施的投入力度，推动农村经济高质量发展。据统计，全区粮食总产量\
        达到七百多亿斤，比上年增长百分之三。专家认为，良好的天气条件和新技术的推广应用是丰收的主要原因。";

    const ENGLISH: &str = "The president of Mongolia received representatives of the \
        foreign press at the State Palace today. The two sides discussed expanding \
        cooperation between the countries and strengthening economic ties, and agreed \
        to carry out new projects in mining and energy.";

    #[test]
    fn mongolian_is_told_from_russian() {
        assert_eq!(page("", MONGOLIAN).as_deref(), Some("mn"));
        assert_eq!(page("", RUSSIAN).as_deref(), Some("ru"));
        assert_eq!(of_text(MONGOLIAN).as_deref(), Some("mn"));
        assert_eq!(of_text(RUSSIAN).as_deref(), Some("ru"));
    }

    #[test]
    fn text_overrules_a_wrong_template_lang() {
        assert_eq!(page(" lang=\"en\"", CHINESE).as_deref(), Some("zh"));
        assert_eq!(page(" lang=\"en-US\"", MONGOLIAN).as_deref(), Some("mn"));
    }

    #[test]
    fn markup_is_kept_when_the_text_agrees_or_is_short() {
        assert_eq!(page(" lang=\"mn\"", MONGOLIAN).as_deref(), Some("mn"));
        assert_eq!(page(" lang=\"en\"", ENGLISH).as_deref(), Some("en"));
        // Too little text to overrule the markup.
        assert_eq!(page(" lang=\"en\"", "Мэдээ").as_deref(), Some("en"));
    }

    #[test]
    fn close_neighbours_keep_the_markup() {
        let bosnian = "Vlada je danas usvojila prijedlog zakona o budžetu za narednu \
            godinu, a ministar finansija je izjavio da će plate u javnom sektoru biti \
            povećane za pet posto od prvog januara, dok će penzije rasti nešto sporije.";
        assert_eq!(page(" lang=\"bs\"", bosnian).as_deref(), Some("bs"));
    }

    #[test]
    fn declared_language_from_meta_and_locale() {
        let html = r#"<html><head><meta property="og:locale" content="mn_MN"></head>
            <body></body></html>"#;
        assert_eq!(
            detect(&Html::parse_document(html), "").as_deref(),
            Some("mn")
        );
        let html = r#"<html><head><meta http-equiv="Content-Language" content="ru-RU"></head>
            <body></body></html>"#;
        assert_eq!(
            detect(&Html::parse_document(html), "").as_deref(),
            Some("ru")
        );
    }

    #[test]
    fn short_quotes_by_script() {
        assert_eq!(of_text("我们将共同努力").as_deref(), Some("zh"));
        assert_eq!(of_text("共に頑張りましょう").as_deref(), Some("ja"));
        assert_eq!(of_text("함께 노력하겠습니다").as_deref(), Some("ko"));
        assert_eq!(
            of_text("Хамтран ажиллах болно гэж бид итгэж байна").as_deref(),
            Some("mn")
        );
        assert_eq!(of_text("1234 !!"), None);
    }

    #[test]
    fn tags_are_normalized() {
        assert_eq!(normalize("en-US").as_deref(), Some("en"));
        assert_eq!(normalize("mn_MN").as_deref(), Some("mn"));
        assert_eq!(normalize("iw").as_deref(), Some("he"));
        assert_eq!(normalize("x-default"), None);
        assert_eq!(normalize(""), None);
    }
}

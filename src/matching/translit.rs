//! Cyrillic ↔ Latin transliteration of names, by folding both spellings to one skeleton.
//!
//! An English article writes "Khurelsukh", "Khürelsükh" or "Hurelsuh"; its Mongolian
//! source writes "Хүрэлсүх"; a Russian one "Хурэлсух". No single romanization is right, so
//! instead of generating every variant we map both sides to a *skeleton* where the
//! variants coincide: Cyrillic letters go to a canonical Latin form ([`CYRILLIC`]), Latin
//! diacritics are dropped, the digraphs that romanization systems disagree on are folded
//! ([`LATIN_VARIANTS`]: kh/h → h, zh/j → j, ts/c → c, y/i → i …) and doubled letters are
//! collapsed (Mongolian long vowels: "Улаанбаатар" and "Ulan Bator" differ by one letter).
//! Names then compare with a small edit tolerance (see [`crate::thresholds::THRESHOLDS`]).

/// Cyrillic letters (Mongolian, Russian, Ukrainian, Kazakh) and their canonical Latin form.
pub static CYRILLIC: &[(char, &str)] = &[
    ('а', "a"),
    ('б', "b"),
    ('в', "v"),
    ('г', "g"),
    ('д', "d"),
    ('е', "e"),
    ('ё', "e"),
    ('ж', "j"),
    ('з', "z"),
    ('и', "i"),
    ('й', "i"),
    ('к', "k"),
    ('л', "l"),
    ('м', "m"),
    ('н', "n"),
    ('о', "o"),
    ('ө', "o"),
    ('п', "p"),
    ('р', "r"),
    ('с', "s"),
    ('т', "t"),
    ('у', "u"),
    ('ү', "u"),
    ('ф', "f"),
    ('х', "h"),
    ('ц', "c"),
    ('ч', "ch"),
    ('ш', "sh"),
    ('щ', "sh"),
    ('ъ', ""),
    ('ы', "i"),
    ('ь', ""),
    ('э', "e"),
    ('ю', "iu"),
    ('я', "ia"),
    ('і', "i"),
    ('ї', "i"),
    ('є', "ie"),
    ('ґ', "g"),
    ('ў', "u"),
    ('ә', "a"),
    ('ғ', "g"),
    ('қ', "k"),
    ('ң', "n"),
    ('ұ', "u"),
    ('һ', "h"),
];

/// Latin spellings that romanization systems use for the same sound, and the form they
/// fold to. Longer patterns are tried first at each position.
pub static LATIN_VARIANTS: &[(&str, &str)] = &[
    ("shch", "sh"),
    ("sch", "sh"),
    ("dzh", "j"),
    ("kh", "h"),
    ("zh", "j"),
    ("ts", "c"),
    ("tz", "c"),
    ("ph", "f"),
    ("ck", "k"),
    ("y", "i"),
    ("w", "v"),
    ("q", "k"),
];

/// The skeleton of one word: lower case, Latin, variants folded, doubled letters
/// collapsed, everything but letters and digits dropped.
pub fn skeleton(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    skeleton_into(word, &mut String::new(), &mut out);
    out
}

/// [`skeleton`] appended to `out`, with `scratch` as working space: for skeletons of a
/// whole page without an allocation per word.
pub fn skeleton_into(word: &str, scratch: &mut String, out: &mut String) {
    scratch.clear();
    for c in word.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                scratch.push(c.to_ascii_lowercase());
            }
            continue;
        }
        for lower in c.to_lowercase() {
            if let Some(latin) = cyrillic(lower) {
                scratch.push_str(latin);
            } else if lower.is_alphanumeric() {
                fold_letter(lower, scratch);
            }
        }
    }
    let start = out.len();
    let mut rest = scratch.as_str();
    'outer: while let Some(c) = rest.chars().next() {
        for (from, to) in LATIN_VARIANTS {
            if let Some(after) = rest.strip_prefix(from) {
                for t in to.chars() {
                    push_collapsed(out, start, t);
                }
                rest = after;
                continue 'outer;
            }
        }
        push_collapsed(out, start, c);
        rest = &rest[c.len_utf8()..];
    }
}

fn push_collapsed(out: &mut String, start: usize, c: char) {
    if out.len() > start && out.ends_with(c) {
        return;
    }
    out.push(c);
}

/// The canonical Latin form of a lower-case Cyrillic letter, by table look-up.
fn cyrillic(c: char) -> Option<&'static str> {
    static TABLE: std::sync::OnceLock<Vec<Option<&'static str>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = vec![None; 0x130];
        for &(from, to) in CYRILLIC {
            if let Some(slot) = table.get_mut((from as usize).wrapping_sub(0x400)) {
                *slot = Some(to);
            }
        }
        table
    });
    table
        .get((c as usize).wrapping_sub(0x400))
        .copied()
        .flatten()
}

/// A Latin letter without its diacritics ("ü" → "u", "ø" → "o").
fn fold_letter(c: char, out: &mut String) {
    match c {
        'ø' => out.push('o'),
        'ł' => out.push('l'),
        'đ' => out.push('d'),
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'ı' => out.push('i'),
        _ => unicode_normalization::char::decompose_canonical(c, |d| {
            if !unicode_normalization::char::is_combining_mark(d) {
                out.push(d);
            }
        }),
    }
}

/// True when the word is written in Cyrillic (its first letter decides).
pub fn is_cyrillic(word: &str) -> bool {
    word.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| ('\u{400}'..='\u{52F}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        assert_eq!(skeleton(a), skeleton(b), "{a} vs {b}");
    }

    #[test]
    fn mongolian_names_match_their_romanizations() {
        same("Хүрэлсүх", "Khurelsukh");
        same("Хүрэлсүх", "Khürelsükh");
        same("Хүрэлсүх", "Hurelsuh");
        same("Оюун", "Oyun");
        same("Эрдэнэ", "Erdene");
        same("Улаанбаатар", "Ulaanbaatar");
        same("Жаргалсайхан", "Jargalsaikhan");
        same("Жаргалсайхан", "Zhargalsaykhan");
        same("Энхбаяр", "Enkhbayar");
        same("Лувсаннамсрай", "Luvsannamsrai");
        same("Цэдэнбал", "Tsedenbal");
        same("Өвөрхангай", "Övörkhangai");
    }

    #[test]
    fn russian_names_match_their_romanizations() {
        same("Шойгу", "Shoigu");
        same("Щукин", "Shchukin");
        same("Жуков", "Zhukov");
        same("Медведев", "Medvedev");
        same("Хабаровск", "Khabarovsk");
        same("Цой", "Tsoy");
    }

    #[test]
    fn exonyms_come_within_one_letter() {
        let a = skeleton("Улаанбаатар");
        let b = format!("{}{}", skeleton("Ulan"), skeleton("Bator"));
        assert_eq!(a.len(), b.len());
        let differing = a.chars().zip(b.chars()).filter(|(x, y)| x != y).count();
        assert_eq!(differing, 1, "{a} vs {b}");
    }

    #[test]
    fn different_names_stay_different() {
        assert_ne!(skeleton("Хүрэлсүх"), skeleton("Khaltmaa"));
        assert_ne!(skeleton("Батболд"), skeleton("Batbayar"));
    }

    #[test]
    fn punctuation_is_dropped_and_script_is_told() {
        assert_eq!(skeleton("O'Brien"), "obrien");
        assert!(is_cyrillic("Оюун"));
        assert!(!is_cyrillic("Oyun"));
        assert_eq!(skeleton(""), "");
    }
}

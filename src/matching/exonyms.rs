//! Place names that translate rather than transliterate.
//!
//! "China" is "Хятад" in Mongolian, "Китай" in Russian and "中国" in Chinese: no
//! transliteration table turns one into another, yet a claim about China checked against a
//! Mongolian source must find it. This table lists the countries, capitals and
//! organisations that sources about the region name most, with their Mongolian, Russian and
//! Chinese forms. Cyrillic forms are stems (the source may inflect them: "Хятадын",
//! "Китая") and match at the start of a word; Chinese forms match anywhere. Names that are
//! translated word for word, as the Power of Siberia pipeline ("Сибирийн хүч", "Сила
//! Сибири"), are listed whole.

/// (English names, folded to lower case) → forms in other languages (lower case).
pub static EXONYMS: &[(&[&str], &[&str])] = &[
    (
        &["china", "prc"],
        // "Китай" ends in й, which its cases replace (Китая, Китаю, Китаем, Китае): no
        // stem of it is a safe prefix ("кита" is also "whale"), so the cases are listed.
        &[
            "хятад",
            "китай",
            "китая",
            "китаю",
            "китаем",
            "китае",
            "кнр",
            "中国",
            "中华人民共和国",
            // "the Chinese side", as Chinese news names a party to talks.
            "中方",
        ],
    ),
    (&["mongolia"], &["монгол", "монголи", "蒙古", "蒙方"]),
    (
        &["inner mongolia"],
        &["өвөр монгол", "внутренн монгол", "内蒙古"],
    ),
    (
        &["russia", "russian federation"],
        &["орос", "оросын холбооны", "росси", "рф", "俄罗斯", "俄"],
    ),
    (
        &["united states", "us", "usa", "america"],
        &["u.s.", "u.s.a.", "америк", "ану", "сша", "美国"],
    ),
    (&["japan"], &["япон", "日本"]),
    (
        &["south korea", "korea"],
        &["солонгос", "коре", "韩国", "南韩"],
    ),
    (
        &["north korea"],
        &["хойд солонгос", "кндр", "северн коре", "朝鲜"],
    ),
    (&["germany"], &["герман", "德国"]),
    (&["france"], &["франц", "法国"]),
    (
        &["united kingdom", "uk", "britain", "great britain"],
        &["u.k.", "их британи", "британи", "великобритани", "英国"],
    ),
    (
        &["european union", "eu"],
        &["европын холбоо", "евросоюз", "европейск союз", "欧盟"],
    ),
    (&["europe"], &["европ", "欧洲"]),
    (
        &["united nations", "un"],
        &["нүб", "нэгдсэн үндэстний байгууллага", "оон", "联合国"],
    ),
    (&["beijing", "peking"], &["бээжин", "пекин", "北京"]),
    (&["moscow"], &["москва", "москв", "莫斯科"]),
    (
        &["ulaanbaatar", "ulan bator"],
        &["улаанбаатар", "улан-батор", "乌兰巴托"],
    ),
    (&["kazakhstan"], &["казахстан", "哈萨克斯坦"]),
    (&["siberia"], &["сибир", "西伯利亚"]),
    // The gas pipeline through Mongolia, translated rather than transliterated.
    (
        &["power of siberia"],
        &["сибирийн хүч", "сила сибири", "西伯利亚力量"],
    ),
    (&["india"], &["энэтхэг", "инди", "印度"]),
    (&["turkey", "türkiye"], &["турк", "турци", "土耳其"]),
];

/// The other forms of a name, given its folded lower-case value: its other English names
/// (of four letters or more: "us" as a word is a pronoun) and its forms in other languages.
///
/// A name written in Cyrillic ("Хятадын", "Пекин") finds its row by a form it starts with
/// (the forms are stems that take case endings), and gives that row's English names and
/// other forms: an exonym counts as found in either direction.
pub fn forms(value: &str) -> Vec<&'static str> {
    let value = value.trim().replace('.', "").to_lowercase();
    let english = EXONYMS
        .iter()
        .find(|(names, _)| names.contains(&value.as_str()));
    let row = english.or_else(|| {
        EXONYMS.iter().find(|(_, forms)| {
            forms.iter().any(|f| {
                f.chars().count() >= 3
                    && value.starts_with(f)
                    && value.chars().count() <= f.chars().count() + 5
                    && !f.chars().any(|c| c.is_ascii())
            })
        })
    });
    let Some((names, forms)) = row else {
        return Vec::new();
    };
    names
        .iter()
        .filter(|n| **n != value && n.len() >= 4)
        .chain(forms.iter().filter(|f| !value.starts_with(**f)))
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_have_their_mongolian_russian_and_chinese_forms() {
        assert!(forms("china").contains(&"хятад"));
        assert!(forms("china").contains(&"китай"));
        assert!(forms("china").contains(&"中国"));
        assert!(forms("u.s").contains(&"ану"));
        assert!(forms("united states").contains(&"u.s."));
        assert!(forms("us").contains(&"united states"));
        assert!(
            !forms("united states").contains(&"us"),
            "too short to search as a word"
        );
        assert!(forms("khurelsukh").is_empty());
        assert!(forms("peking").contains(&"beijing"));
    }

    #[test]
    fn cyrillic_names_find_their_english_and_other_forms() {
        assert!(forms("хятадын").contains(&"china"));
        assert!(forms("хятадын").contains(&"китай"));
        assert!(forms("пекине").contains(&"beijing"));
        assert!(forms("бээжинд").contains(&"北京"));
        assert!(
            forms("хятадынхаанынхны").is_empty(),
            "too long for an ending"
        );
        assert!(forms("батболд").is_empty());
    }

    #[test]
    fn forms_are_lower_case() {
        for (names, forms) in EXONYMS {
            for s in names.iter().chain(forms.iter()) {
                assert_eq!(s.to_lowercase(), *s);
            }
        }
    }
}

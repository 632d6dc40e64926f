//! Case endings that Mongolian and Russian put on names: "Хүрэлсүхийн" is Khurelsukh's,
//! "Улаанбаатараас" from Ulaanbaatar, "Шойгу" stays, "Путина" is Putin's.
//!
//! A name found in a source may carry one of these (or two: "Улаанбаатараасаа", from one's
//! own Ulaanbaatar), in Cyrillic or in a Latin transcription ("Khurelsukhiin"); matching
//! compares the endings as transliteration skeletons, so one list serves both scripts. Any
//! other letters after a name make another word ("Эрдэнэбат" is not "Эрдэнэ").

/// Mongolian case, possessive and plural endings, in Cyrillic.
pub static MONGOLIAN: &[&str] = &[
    // genitive
    "ын", "ийн", "ий", "н", "гийн", "ны", "ний", "ы", "ин", // accusative
    "ыг", "ийг", "г", "иг", // dative-locative
    "д", "т", "ад", "эд", "од", "өд", "нд", // ablative
    "аас", "ээс", "оос", "өөс", "наас", "нээс", "гаас", "гээс", "иас", "иос",
    // instrumental
    "аар", "ээр", "оор", "өөр", "иар", "иор", "гаар", "гээр", // comitative
    "тай", "тэй", "той", // directive
    "руу", "рүү", "луу", "лүү", // reflexive possessive
    "аа", "ээ", "оо", "өө", "гаа", "гээ", // plural and "the people of"
    "ууд", "үүд", "нууд", "нүүд", "нар", "чууд", "чүүд",
];

/// Russian noun and adjective case endings, in Cyrillic.
pub static RUSSIAN: &[&str] = &[
    "а",
    "я",
    "у",
    "ю",
    "ом",
    "ем",
    "ём",
    "ой",
    "ей",
    "е",
    "и",
    "ы",
    "ым",
    "им",
    "ого",
    "его",
    "ому",
    "ему",
    "ах",
    "ях",
    "ам",
    "ям",
    "ами",
    "ями",
    "ов",
    "ев",
    "ую",
    "юю",
    "ая",
    "яя",
    "ое",
    "ее",
    "ые",
    "ие",
    "ых",
    "их",
    "ский",
    "ского",
];

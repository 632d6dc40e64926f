//! The words around a number that give it its size and meaning, in the languages of the
//! sources citecheck reads: English, Mongolian, Russian and Chinese.
//!
//! A number in a claim ("$20 billion") and the same number in a source ("20 тэрбум
//! ам.доллар", "20 млрд долларов", "200亿美元") agree only once scale words and units are
//! read. These tables are the whole of that knowledge, so adding a language or a unit is
//! adding rows, and the tests check rows of every language. Patterns are lower case; a
//! row says how it must end: a whole word, a stem that inflects (Mongolian and Russian
//! add case endings: "тэрбумаар", "долларов"), or attached with no boundary at all
//! (symbols and Chinese characters).

use std::sync::LazyLock;

/// How a table pattern must end in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// The next character is not a letter.
    Word,
    /// Any letters may follow (inflected forms).
    Stem,
    /// No boundary needed (symbols, CJK characters).
    Attached,
}

/// A currency, as far as claims and sources name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    /// US dollar ("$", "ам.доллар", "美元").
    Usd,
    /// Mongolian tugrik ("₮", "төгрөг").
    Mnt,
    /// Chinese yuan ("元", "юань"; "¥" is read as yuan).
    Cny,
    /// Russian ruble.
    Rub,
    /// Euro.
    Eur,
    /// Pound sterling.
    Gbp,
    /// Japanese yen ("円", "yen").
    Jpy,
}

impl Currency {
    /// ISO 4217 code, used in normalized values.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Mnt => "MNT",
            Currency::Cny => "CNY",
            Currency::Rub => "RUB",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
            Currency::Jpy => "JPY",
        }
    }
}

/// What a number counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A plain count or amount.
    None,
    /// A percentage.
    Percent,
    /// Money.
    Currency(Currency),
    /// Metric tonnes.
    Tonnes,
    /// A multiple ("20-fold", "20 дахин", "20倍").
    Fold,
}

impl Unit {
    /// The unit's symbol in normalized values ("" for none).
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::None => "",
            Unit::Percent => "%",
            Unit::Currency(c) => c.code(),
            Unit::Tonnes => "t",
            Unit::Fold => "×",
        }
    }
}

/// A claim's hedge on a number: "over 90 percent" is not "90 percent".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hedge {
    /// As written.
    Exact,
    /// "over", "more than", "гаруй", "超过": the true value is at or above.
    Over,
    /// "nearly", "under", "почти", "近": at or below.
    Under,
    /// "about", "around", "орчим", "约": close either way.
    About,
}

/// Scale words: the multiplier they give the number before them.
pub static SCALES: &[(&str, Fit, f64)] = &[
    // English
    ("thousand", Fit::Word, 1e3),
    ("million", Fit::Word, 1e6),
    ("mln", Fit::Word, 1e6),
    ("billion", Fit::Word, 1e9),
    ("bln", Fit::Word, 1e9),
    ("bn", Fit::Word, 1e9),
    ("trillion", Fit::Word, 1e12),
    ("tln", Fit::Word, 1e12),
    // Mongolian ("сая" is listed by form: "саяхан" means "recently")
    ("мянг", Fit::Stem, 1e3),
    ("сая", Fit::Word, 1e6),
    ("саяар", Fit::Word, 1e6),
    ("саяас", Fit::Word, 1e6),
    ("саяд", Fit::Word, 1e6),
    ("саяын", Fit::Word, 1e6),
    ("тэрбум", Fit::Stem, 1e9),
    ("их наяд", Fit::Stem, 1e12),
    ("триллион", Fit::Stem, 1e12),
    // Russian
    ("тыс", Fit::Stem, 1e3),
    ("млн", Fit::Word, 1e6),
    ("миллион", Fit::Stem, 1e6),
    ("млрд", Fit::Word, 1e9),
    ("миллиард", Fit::Stem, 1e9),
    ("трлн", Fit::Word, 1e12),
    // Chinese (and Japanese)
    ("千", Fit::Attached, 1e3),
    ("万", Fit::Attached, 1e4),
    ("萬", Fit::Attached, 1e4),
    ("百万", Fit::Attached, 1e6),
    ("千万", Fit::Attached, 1e7),
    ("亿", Fit::Attached, 1e8),
    ("億", Fit::Attached, 1e8),
    ("万亿", Fit::Attached, 1e12),
    ("兆", Fit::Attached, 1e12),
];

/// Unit words written after a number.
pub static UNITS_AFTER: &[(&str, Fit, Unit)] = &[
    ("%", Fit::Attached, Unit::Percent),
    ("percent", Fit::Word, Unit::Percent),
    ("per cent", Fit::Word, Unit::Percent),
    ("pct", Fit::Word, Unit::Percent),
    ("хувь", Fit::Word, Unit::Percent),
    ("хувиар", Fit::Word, Unit::Percent),
    ("хувийн", Fit::Word, Unit::Percent),
    ("хувьд", Fit::Word, Unit::Percent),
    ("хувиас", Fit::Word, Unit::Percent),
    ("хувийг", Fit::Word, Unit::Percent),
    ("хувьтай", Fit::Word, Unit::Percent),
    ("процент", Fit::Stem, Unit::Percent),
    ("проц.", Fit::Attached, Unit::Percent),
    ("dollar", Fit::Stem, Unit::Currency(Currency::Usd)),
    ("us dollar", Fit::Stem, Unit::Currency(Currency::Usd)),
    ("usd", Fit::Word, Unit::Currency(Currency::Usd)),
    ("ам.доллар", Fit::Stem, Unit::Currency(Currency::Usd)),
    ("ам. доллар", Fit::Stem, Unit::Currency(Currency::Usd)),
    ("америк доллар", Fit::Stem, Unit::Currency(Currency::Usd)),
    ("доллар", Fit::Stem, Unit::Currency(Currency::Usd)),
    ("долл", Fit::Stem, Unit::Currency(Currency::Usd)),
    ("$", Fit::Attached, Unit::Currency(Currency::Usd)),
    ("美元", Fit::Attached, Unit::Currency(Currency::Usd)),
    ("tugrik", Fit::Stem, Unit::Currency(Currency::Mnt)),
    ("tugrug", Fit::Stem, Unit::Currency(Currency::Mnt)),
    ("togrog", Fit::Stem, Unit::Currency(Currency::Mnt)),
    ("tögrög", Fit::Stem, Unit::Currency(Currency::Mnt)),
    ("mnt", Fit::Word, Unit::Currency(Currency::Mnt)),
    ("төгрөг", Fit::Stem, Unit::Currency(Currency::Mnt)),
    ("төг", Fit::Word, Unit::Currency(Currency::Mnt)),
    ("₮", Fit::Attached, Unit::Currency(Currency::Mnt)),
    ("yuan", Fit::Word, Unit::Currency(Currency::Cny)),
    ("rmb", Fit::Word, Unit::Currency(Currency::Cny)),
    ("cny", Fit::Word, Unit::Currency(Currency::Cny)),
    ("юан", Fit::Stem, Unit::Currency(Currency::Cny)),
    ("元", Fit::Attached, Unit::Currency(Currency::Cny)),
    ("人民币", Fit::Attached, Unit::Currency(Currency::Cny)),
    ("ruble", Fit::Stem, Unit::Currency(Currency::Rub)),
    ("rouble", Fit::Stem, Unit::Currency(Currency::Rub)),
    ("rub", Fit::Word, Unit::Currency(Currency::Rub)),
    ("руб", Fit::Stem, Unit::Currency(Currency::Rub)),
    ("₽", Fit::Attached, Unit::Currency(Currency::Rub)),
    ("euro", Fit::Stem, Unit::Currency(Currency::Eur)),
    ("eur", Fit::Word, Unit::Currency(Currency::Eur)),
    ("евро", Fit::Word, Unit::Currency(Currency::Eur)),
    ("€", Fit::Attached, Unit::Currency(Currency::Eur)),
    ("欧元", Fit::Attached, Unit::Currency(Currency::Eur)),
    ("gbp", Fit::Word, Unit::Currency(Currency::Gbp)),
    ("yen", Fit::Word, Unit::Currency(Currency::Jpy)),
    ("jpy", Fit::Word, Unit::Currency(Currency::Jpy)),
    ("円", Fit::Attached, Unit::Currency(Currency::Jpy)),
    ("日元", Fit::Attached, Unit::Currency(Currency::Jpy)),
    ("tonne", Fit::Stem, Unit::Tonnes),
    ("ton", Fit::Stem, Unit::Tonnes),
    ("metric ton", Fit::Stem, Unit::Tonnes),
    ("тонн", Fit::Stem, Unit::Tonnes),
    ("тн", Fit::Word, Unit::Tonnes),
    ("吨", Fit::Attached, Unit::Tonnes),
    ("fold", Fit::Word, Unit::Fold),
    ("дахин", Fit::Word, Unit::Fold),
    ("раз", Fit::Word, Unit::Fold),
    ("倍", Fit::Attached, Unit::Fold),
];

/// Currency marks written before a number ("$20", "US$ 5", "₮500", "RMB 20").
pub static UNITS_BEFORE: &[(&str, Unit)] = &[
    ("us$", Unit::Currency(Currency::Usd)),
    ("$", Unit::Currency(Currency::Usd)),
    ("usd", Unit::Currency(Currency::Usd)),
    ("€", Unit::Currency(Currency::Eur)),
    ("eur", Unit::Currency(Currency::Eur)),
    ("£", Unit::Currency(Currency::Gbp)),
    ("gbp", Unit::Currency(Currency::Gbp)),
    ("¥", Unit::Currency(Currency::Cny)),
    ("rmb", Unit::Currency(Currency::Cny)),
    ("cny", Unit::Currency(Currency::Cny)),
    ("₮", Unit::Currency(Currency::Mnt)),
    ("mnt", Unit::Currency(Currency::Mnt)),
    ("₽", Unit::Currency(Currency::Rub)),
    ("百分之", Unit::Percent),
];

/// Hedges written before a number.
pub static HEDGES_BEFORE: &[(&str, Hedge)] = &[
    ("over", Hedge::Over),
    ("more than", Hedge::Over),
    ("above", Hedge::Over),
    ("exceeding", Hedge::Over),
    ("in excess of", Hedge::Over),
    ("upwards of", Hedge::Over),
    ("at least", Hedge::Over),
    ("более", Hedge::Over),
    ("свыше", Hedge::Over),
    ("больше", Hedge::Over),
    ("не менее", Hedge::Over),
    ("超过", Hedge::Over),
    ("逾", Hedge::Over),
    ("nearly", Hedge::Under),
    ("almost", Hedge::Under),
    ("under", Hedge::Under),
    ("less than", Hedge::Under),
    ("fewer than", Hedge::Under),
    ("below", Hedge::Under),
    ("up to", Hedge::Under),
    ("close to", Hedge::Under),
    ("почти", Hedge::Under),
    ("менее", Hedge::Under),
    ("近", Hedge::Under),
    ("不到", Hedge::Under),
    ("about", Hedge::About),
    ("around", Hedge::About),
    ("approximately", Hedge::About),
    ("approx.", Hedge::About),
    ("roughly", Hedge::About),
    ("some", Hedge::About),
    ("an estimated", Hedge::About),
    ("estimated", Hedge::About),
    ("circa", Hedge::About),
    ("около", Hedge::About),
    ("примерно", Hedge::About),
    ("порядка", Hedge::About),
    ("约", Hedge::About),
    ("約", Hedge::About),
    ("大约", Hedge::About),
];

/// Hedges written after a number (Mongolian and Chinese put them there).
pub static HEDGES_AFTER: &[(&str, Fit, Hedge)] = &[
    ("гаруй", Fit::Word, Hedge::Over),
    ("илүү", Fit::Word, Hedge::Over),
    ("шахам", Fit::Word, Hedge::Under),
    ("орчим", Fit::Stem, Hedge::About),
    ("多", Fit::Attached, Hedge::Over),
    ("余", Fit::Attached, Hedge::Over),
    ("以上", Fit::Attached, Hedge::Over),
    ("左右", Fit::Attached, Hedge::About),
];

/// English number words that can stand before a scale word ("three million").
pub static NUMBER_WORDS: &[(&str, f64)] = &[
    ("a", 1.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
];

/// Month names before or after a day number ("September 27", "27 сентября", "сарын 27"),
/// so a day of the month is not taken for a quantity (see
/// [`day_number_neighbours`](super::calendar::day_number_neighbours)).
pub static MONTHS: LazyLock<Vec<String>> = LazyLock::new(super::calendar::day_number_neighbours);

/// Chinese characters after a number that make it a date or time, not a quantity.
pub static DATE_MARKS: &[char] = &['年', '月', '日', '号', '時', '时', '分', '秒'];

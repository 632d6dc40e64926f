use super::*;

fn one(text: &str) -> Quantity {
    let all = quantities(text);
    assert_eq!(all.len(), 1, "{text:?} gave {all:?}");
    all.into_iter().next().unwrap_or_else(|| unreachable!())
}

fn value(text: &str) -> String {
    one(text).normalized()
}

#[test]
fn english_scale_words_and_currency_marks() {
    assert_eq!(
        value("China pledged $20 billion in loans"),
        "20000000000 USD"
    );
    assert_eq!(value("a $5.4 billion deal"), "5400000000 USD");
    assert_eq!(value("US$ 3 million"), "3000000 USD");
    assert_eq!(value("1.2 million tonnes of coal"), "1200000 t");
    assert_eq!(value("costs €2.5bn"), "2500000000 EUR");
    assert_eq!(value("53.3 million foreign-born residents"), "53300000");
}

#[test]
fn percentages_in_every_language() {
    for text in [
        "rose 19 percent",
        "rose 19 per cent",
        "rose 19%",
        "өссөн 19 хувь",
        "19 хувиар өссөн",
        "выросла на 19 процентов",
        "增长19%",
        "增长百分之19",
    ] {
        assert_eq!(value(text), "19 %", "{text}");
    }
}

#[test]
fn thousands_separators_and_decimal_commas() {
    assert_eq!(value("7,543 people"), "7543");
    assert_eq!(value("7 543 хүн"), "7543");
    assert_eq!(value("7\u{a0}543 человек"), "7543");
    assert_eq!(value("1,234,567 votes"), "1234567");
    assert_eq!(value("1.234.567 Stimmen"), "1234567");
    assert_eq!(value("5,4 млрд рублей"), "5400000000 RUB");
    assert_eq!(value("1.18 million"), "1180000");
    assert_eq!(value("1,234.5 tonnes"), "1234.5 t");
    assert_eq!(value("1.234,5 тонн"), "1234.5 t");
}

#[test]
fn a_table_row_of_numbers_stays_several_numbers() {
    let values: Vec<String> = quantities("Total 1,183,505 565,427 618,078 and 7 543 8 000")
        .iter()
        .map(Quantity::normalized)
        .collect();
    assert_eq!(values, ["1183505", "565427", "618078", "7543", "8000"]);
    assert!(one("1.18 million").supported_by(&one("1,183,505")));
}

#[test]
fn mongolian_russian_and_chinese_scales_and_units() {
    let cases = [
        ("20 тэрбум ам.доллар", "20000000000 USD"),
        ("20 тэрбум ам.долларын хөрөнгө", "20000000000 USD"),
        ("20 млрд долларов", "20000000000 USD"),
        ("20 млрд. долл.", "20000000000 USD"),
        ("200亿美元", "20000000000 USD"),
        ("2.5万吨", "25000 t"),
        ("15 сая төгрөг", "15000000 MNT"),
        ("15 сая₮", "15000000 MNT"),
        ("3 их наяд төгрөгийн", "3000000000000 MNT"),
        ("350 мянган тонн", "350000 t"),
        ("1,5 трлн рублей", "1500000000000 RUB"),
        ("12 тыс. человек", "12000"),
        ("30亿元人民币", "3000000000 CNY"),
        ("20 дахин", "20×"),
        ("20-fold", "20×"),
        ("20倍", "20×"),
    ];
    for (text, expected) in cases {
        assert_eq!(value(text), expected, "{text}");
    }
}

#[test]
fn hedges_before_and_after() {
    assert_eq!(value("over 90 percent"), "over 90 %");
    assert_eq!(value("more than 1,000 people"), "over 1000");
    assert_eq!(value("nearly 40 percent"), "under 40 %");
    assert_eq!(value("about $3 billion"), "about 3000000000 USD");
    assert_eq!(value("90 гаруй хувь"), "over 90 %");
    assert_eq!(value("более 90 процентов"), "over 90 %");
    assert_eq!(value("约30亿美元"), "about 3000000000 USD");
    assert_eq!(value("100 орчим хүн"), "about 100");
}

#[test]
fn number_words_with_a_scale() {
    assert_eq!(value("three million people"), "3000000");
    assert_eq!(value("a billion dollars"), "1000000000 USD");
    assert_eq!(value("five percent"), "5 %");
    assert!(quantities("one of the three ministers").is_empty());
}

#[test]
fn years_and_days_are_dates_not_facts() {
    let q = one("in 2015 the law passed");
    assert!(q.is_date && !q.is_fact());
    let q = one("on September 27 it said");
    assert!(q.is_date);
    let q = one("27 сентября");
    assert!(q.is_date);
    let all = quantities("2023 оны 9 сарын 27-ны өдөр");
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|q| q.is_date), "{all:?}");
    // Grouped, scaled or with a unit, the same digits are quantities.
    assert!(one("2,015 people").is_fact());
    assert!(one("2015 tonnes").is_fact());
    // Chinese dates are skipped outright.
    assert!(quantities("2023年9月27日").is_empty());
}

#[test]
fn codes_ordinals_and_single_digits_are_not_facts() {
    assert!(quantities("COVID-19 and the 5th wave and 3G and H1B").is_empty());
    assert!(!one("the 3 ministers").is_fact());
    assert!(one("the 12 ministers").is_fact());
    assert!(one("5 percent").is_fact());
}

#[test]
fn ranges_share_their_unit_and_scale() {
    let all = quantities("between 10-15 percent and $2 to $3 billion");
    let values: Vec<String> = all.iter().map(Quantity::normalized).collect();
    assert_eq!(values, ["10 %", "15 %", "2000000000 USD", "3000000000 USD"]);
}

#[test]
fn claim_numbers_match_source_numbers_across_languages() {
    let claim = one("$20 billion");
    for source in [
        "20 тэрбум ам.доллар",
        "20 млрд долларов",
        "200亿美元",
        "20,000 million dollars",
    ] {
        assert!(claim.supported_by(&one(source)), "{source}");
    }
    assert!(
        !claim.supported_by(&one("20 сая ам.доллар")),
        "million is not billion"
    );
    assert!(
        !claim.supported_by(&one("20 тэрбум төгрөг")),
        "tugrik is not dollars"
    );
    assert!(
        claim.supported_by(&one("20 billion")),
        "scaled number without a unit"
    );
    assert!(
        !one("$20").supported_by(&one("20")),
        "a bare small number is too weak"
    );
}

#[test]
fn rounding_follows_the_claims_precision() {
    let claim = one("$5.4 billion");
    assert!(claim.supported_by(&one("$5,412 million")));
    assert!(claim.supported_by(&one("5.36 billion dollars")));
    assert!(!claim.supported_by(&one("$5.5 billion")));
    assert!(!one("7,543").supported_by(&one("7,544")));
}

#[test]
fn hedged_claims_accept_a_window() {
    let over = one("over 90 percent");
    assert!(over.supported_by(&one("93%")));
    assert!(over.supported_by(&one("90 гаруй хувь")));
    assert!(!over.supported_by(&one("85%")));
    let nearly = one("nearly 40 percent");
    assert!(nearly.supported_by(&one("38.7%")));
    assert!(!nearly.supported_by(&one("41%")));
    let about = one("about 300 people");
    assert!(about.supported_by(&one("310")));
    assert!(!about.supported_by(&one("400")));
}

#[test]
fn percent_claims_need_percent_sources() {
    assert!(!one("19 percent").supported_by(&one("19 ministers")));
    assert!(
        one("19 ministers").supported_by(&one("19%")),
        "a unit-less claim takes any unit"
    );
}

#[test]
fn odd_input_does_not_panic() {
    let long_digits = "9".repeat(5000);
    let _ = quantities(&long_digits);
    let _ = quantities("1,,,2...3 ,,, %%% $ $$ 4-");
    let _ = quantities("٣ ١٢ ０１２ 12\u{a0}\u{a0}345");
    assert!(quantities("").is_empty());
    assert_eq!(currency(one("5 €").unit), Some(Currency::Eur));
}

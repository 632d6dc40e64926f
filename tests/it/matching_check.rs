//! Matching and verdict together on invented articles in English, Mongolian, Russian and
//! Chinese: faithful citations are verified (or, when translated, partial), invented ones
//! are refused.

use chrono::NaiveDate;
use citecheck::matching::{check, Check, PreparedArticle};
use citecheck::model::{Article, Citation, Link, LinkStatus, Location, QuoteMatch, Verdict};
use citecheck::verdict::{decide, Decision, SourceRead, VerdictInput};

pub(crate) fn citation(claim: &str, quotes: &[&str]) -> Citation {
    Citation {
        id: "c1".into(),
        outlet: Some("Ikon".into()),
        date: NaiveDate::from_ymd_opt(2023, 9, 27),
        accessed: false,
        url: None,
        line: 1,
        column: 1,
        claim: claim.into(),
        context: String::new(),
        quotes: quotes.iter().map(|q| q.to_string()).collect(),
    }
}

pub(crate) fn article(language: &str, text: &str) -> Article {
    Article {
        title: None,
        published: NaiveDate::from_ymd_opt(2023, 9, 27),
        language: Some(language.into()),
        text: text.into(),
        boilerplate: "Холбоотой мэдээ: Related stories. Цаг агаар.".into(),
        ..Article::default()
    }
}

/// The names of a check, as (text in the claim, found).
pub(crate) fn names_found(result: &Check) -> Vec<(&str, bool)> {
    result
        .evidence
        .names
        .iter()
        .map(|f| (f.text.as_str(), f.found))
        .collect()
}

pub(crate) fn verdict(c: &Citation, a: &Article) -> Decision {
    let result = check(c, a);
    let link = Link::not_requested(LinkStatus::Ok, None);
    decide(&VerdictInput {
        claim_quotes: &c.quotes,
        link: &link,
        read: SourceRead::Live(Some(&result)),
        history: None,
    })
}

const MONGOLIAN: &str = "Ерөнхийлөгч У.Хүрэлсүх Бээжинд айлчилж, Хятадын тал Монголд 20 тэрбум \
ам.долларын хөрөнгө оруулна гэж мэдэгдэв. Экспорт өнгөрсөн онтой харьцуулахад 19 хувиар \
өссөн байна.\n\nЕрөнхий сайд Л.Оюун-Эрдэнэ \"Бид хамтдаа хөгжинө\" гэж хэлэв.";

const RUSSIAN: &str = "Президент Монголии Хурэлсух заявил, что Китай вложит 20 млрд долларов в \
экономику страны. Экспорт вырос на 19 процентов, а число туристов составило 7 543 человек.";

const CHINESE: &str =
    "蒙古国总统呼日勒苏赫访问北京。中方宣布将向蒙古投资200亿美元。出口同比增长19%。";

const ENGLISH: &str = "ULAANBAATAR — President Khurelsukh said on Tuesday that China would \
invest $20 billion in Mongolia. “We will build the railway together, whatever the cost,” he \
told reporters. Exports rose 19 percent.\n\nThe opposition disagreed.";

#[test]
fn an_english_citation_of_an_english_source_is_verified() {
    let c = citation(
        "Khurelsukh said China would invest $20 billion, adding: “We will build the railway together, whatever the cost.”",
        &["We will build the railway together, whatever the cost."],
    );
    let a = article("en", ENGLISH);
    let result = check(&c, &a);
    assert_eq!(
        result.quotes[0].match_kind,
        QuoteMatch::Exact,
        "{:?}",
        result.quotes[0]
    );
    assert!(
        result.evidence.numbers.iter().all(|f| f.found),
        "{:?}",
        result.evidence.numbers
    );
    assert!(
        result.evidence.names.iter().all(|f| f.found),
        "{:?}",
        result.evidence.names
    );
    assert_eq!(result.evidence.date.matches, Some(true));
    let d = verdict(&c, &a);
    assert_eq!(d.verdict, Verdict::Verified, "{:?}", d.reasons);
    assert_eq!(d.reasons[0], "quote found verbatim in the article body");
}

#[test]
fn a_faithful_translation_of_a_mongolian_source_is_partial_not_not_found() {
    let c = citation(
        "President Khurelsukh said China would invest $20 billion; exports rose 19 percent, and Prime Minister Oyun-Erdene said “we will develop together.”",
        &["we will develop together."],
    );
    let a = article("mn", MONGOLIAN);
    let result = check(&c, &a);
    assert_eq!(result.quotes[0].match_kind, QuoteMatch::Unchecked);
    assert!(result.quotes[0].reason.contains("translation"));
    let values: Vec<(&str, bool)> = result
        .evidence
        .numbers
        .iter()
        .map(|f| (f.value.as_str(), f.found))
        .collect();
    assert_eq!(values, [("20000000000 USD", true), ("19 %", true)]);
    let names = names_found(&result);
    assert_eq!(
        names,
        [("Khurelsukh", true), ("China", true), ("Oyun-Erdene", true)]
    );
    let excerpt = result.evidence.numbers[0]
        .excerpt
        .clone()
        .unwrap_or_default();
    assert!(excerpt.contains("20 тэрбум ам.долларын"), "{excerpt}");
    let d = verdict(&c, &a);
    assert_eq!(d.verdict, Verdict::Partial, "{:?}", d.reasons);
}

#[test]
fn a_faithful_translation_opening_with_a_capitalized_word_is_not_refused() {
    // “Every” opens the quoted sentence: it is not a name to look for in the source.
    let a = article(
        "mn",
        "Ерөнхийлөгч У.Хүрэлсүх «Айл бүр 19 жилийн дотор орон сууцтай болно» гэж амлав.",
    );
    let alone = citation(
        "The president promised “Every family will own a home”.",
        &["Every family will own a home"],
    );
    assert!(check(&alone, &a).evidence.names.is_empty());
    let d = verdict(&alone, &a);
    assert_eq!(d.verdict, Verdict::Unchecked, "{:?}", d.reasons);
    let with_facts = citation(
        "President Khurelsukh promised “Every family will own a home within 19 years”.",
        &["Every family will own a home within 19 years"],
    );
    let result = check(&with_facts, &a);
    let names: Vec<&str> = result
        .evidence
        .names
        .iter()
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(names, ["Khurelsukh"]);
    let d = verdict(&with_facts, &a);
    assert_eq!(d.verdict, Verdict::Partial, "{:?}", d.reasons);
}

#[test]
fn an_invented_translation_of_a_mongolian_source_is_not_found() {
    let c = citation(
        "Finance Minister Javkhlan said “we will cut taxes” as reserves reached $50 billion.",
        &["we will cut taxes"],
    );
    let d = verdict(&c, &article("mn", MONGOLIAN));
    assert_eq!(d.verdict, Verdict::NotFound, "{:?}", d.reasons);
}

#[test]
fn a_russian_source_verifies_numbers_and_a_transliterated_name() {
    let c = citation(
        "President Khurelsukh said China would invest $20 billion, and 7,543 tourists came.",
        &[],
    );
    let a = article("ru", RUSSIAN);
    let result = check(&c, &a);
    assert!(
        result.evidence.numbers.iter().all(|f| f.found),
        "{:?}",
        result.evidence.numbers
    );
    let names = names_found(&result);
    assert_eq!(names, [("Khurelsukh", true), ("China", true)]);
    assert_eq!(verdict(&c, &a).verdict, Verdict::Verified);
    let wrong = citation("Khurelsukh said China would invest $25 billion.", &[]);
    let d = verdict(&wrong, &a);
    assert_eq!(d.verdict, Verdict::Partial, "{:?}", d.reasons);
    assert!(
        d.reasons
            .iter()
            .any(|r| r.contains("'$25 billion' is not in the source")),
        "{:?}",
        d.reasons
    );
}

#[test]
fn china_is_found_in_every_case_of_its_russian_name() {
    for source in [
        "Правительства Монголии и Китая подписали соглашение.",
        "Соглашение с Китаем подписано в среду.",
        "В Китае считают, что экспорт вырастет.",
        "Монголия поставляет уголь Китаю.",
        "Китай подписал соглашение.",
    ] {
        let c = citation("Officials from China signed the agreement.", &[]);
        let result = check(&c, &article("ru", source));
        let names = names_found(&result);
        assert_eq!(names, [("China", true)], "{source}");
    }
    let c = citation("Officials from China signed the agreement.", &[]);
    let result = check(&c, &article("ru", "Охотники видели кита у берега."));
    assert!(!result.evidence.names[0].found, "a whale is not China");
}

#[test]
fn a_chinese_source_verifies_numbers_and_skips_latin_names_with_a_note() {
    let c = citation(
        "China will invest $20 billion in Mongolia, President Khurelsukh said; exports rose 19%.",
        &[],
    );
    let a = article("zh", CHINESE);
    let result = check(&c, &a);
    assert!(
        result.evidence.numbers.iter().all(|f| f.found),
        "{:?}",
        result.evidence.numbers
    );
    let names = names_found(&result);
    assert_eq!(
        names,
        [("China", true), ("Mongolia", true)],
        "China opens the sentence and is still a name, found as 中方 (the Chinese side)"
    );
    assert!(
        result.evidence.notes[0].starts_with("names not checked (Khurelsukh)"),
        "{:?}",
        result.evidence.notes
    );
    assert_eq!(verdict(&c, &a).verdict, Verdict::Verified);
}

#[test]
fn a_quote_in_the_related_stories_box_does_not_verify() {
    let mut a = article("en", ENGLISH);
    a.boilerplate = "Related: “Mining exports hit a record high in August”".into();
    let c = citation(
        "Officials said “mining exports hit a record high in August.”",
        &["mining exports hit a record high in August."],
    );
    let result = check(&c, &a);
    assert_eq!(result.quotes[0].location, Location::Boilerplate);
    assert_eq!(verdict(&c, &a).verdict, Verdict::NotFound);
}

#[test]
fn a_page_without_article_text_is_unverifiable() {
    let a = article("en", "  \n ");
    let c = citation("He said “we will win.”", &["we will win."]);
    let result = check(&c, &a);
    assert_eq!(result.quotes[0].match_kind, QuoteMatch::Unchecked);
    assert_eq!(result.evidence.body_chars, Some(0));
    assert_eq!(verdict(&c, &a).verdict, Verdict::Unverifiable);
}

#[test]
fn dates_agree_within_a_day_and_accessed_citations_skip_them() {
    let mut a = article("en", ENGLISH);
    let mut c = citation("Exports rose 19 percent.", &[]);
    a.published = NaiveDate::from_ymd_opt(2023, 9, 28);
    assert_eq!(check(&c, &a).evidence.date.matches, Some(true));
    a.published = NaiveDate::from_ymd_opt(2023, 9, 29);
    assert_eq!(check(&c, &a).evidence.date.matches, Some(false));
    c.accessed = true;
    assert_eq!(check(&c, &a).evidence.date.matches, None);
    a.published = None;
    c.accessed = false;
    assert_eq!(check(&c, &a).evidence.date.matches, None);
}

#[test]
fn facts_of_the_context_count_and_the_outlet_is_not_a_fact() {
    let mut c = citation("Ikon reported the news.", &[]);
    c.context = "China would invest $20 billion. Exports rose 19 percent.".into();
    let result = check(&c, &article("en", ENGLISH));
    assert_eq!(result.evidence.numbers.len(), 2);
    assert!(
        result.evidence.names.iter().all(|n| n.text != "Ikon"),
        "{:?}",
        result.evidence.names
    );
}

#[test]
fn one_page_serves_many_citations() {
    let a = article("en", ENGLISH);
    let page = PreparedArticle::new(&a);
    let first = page.check(&citation("Exports rose 19 percent.", &[]));
    let second = page.check(&citation(
        "“The opposition disagreed”",
        &["The opposition disagreed"],
    ));
    assert!(first.evidence.numbers[0].found);
    assert_eq!(second.quotes[0].match_kind, QuoteMatch::Exact);
}

#[test]
fn a_huge_page_and_odd_citations_do_not_panic() {
    // About 4 MB of text with the quote at the very end: bounded work, no panic.
    let filler = "The council met again and discussed the weather, the roads and the budget. "
        .repeat(52_000);
    let text = format!("{filler}Finally the mayor said the bridge will open in May 2026.");
    let a = article("en", &text);
    let c = citation(
        "“the bridge will open in May 2026” and “the council discussed the roads and taxes”",
        &[
            "the bridge will open in May 2026",
            "the council discussed the roads and taxes",
            "",
        ],
    );
    let result = check(&c, &a);
    assert_eq!(result.quotes[0].match_kind, QuoteMatch::Exact);
    assert_ne!(result.quotes[1].match_kind, QuoteMatch::Exact);
    assert_eq!(result.quotes[2].match_kind, QuoteMatch::Unchecked);
    // A quote longer than the page.
    let small = article("en", "Short page.");
    let long = "word ".repeat(3000);
    let c = citation(&long, &[&long]);
    assert_eq!(check(&c, &small).quotes[0].match_kind, QuoteMatch::None);
    // Binary-ish and control characters.
    let odd = article("en", "\u{0}\u{1}\u{FFFD}&#0; &#xFFFFFF; \u{202E}abc");
    let c = citation(
        "\u{0} “\u{FFFD}” $ % 1e999 99999999999999999999999 billion",
        &["\u{FFFD}"],
    );
    let _ = check(&c, &odd);
}

#[test]
fn cyrillic_claims_find_exonyms_and_names_in_a_latin_page() {
    let page = "Prime Minister Oyun-Erdene arrived in Beijing on Monday and met China's \
                leaders to discuss the Power of Siberia 2 pipeline.";
    for (claim, expected) in [
        (
            "Премьер Оюун-Эрдэнэ прибыл в Пекин и встретился с руководством Китая.",
            [("Оюун-Эрдэнэ", true), ("Пекин", true), ("Китая", true)],
        ),
        (
            "Ерөнхий сайд Оюун-Эрдэнэ Бээжинд очиж, Хятадын удирдлагатай уулзав.",
            [("Оюун-Эрдэнэ", true), ("Бээжинд", true), ("Хятадын", true)],
        ),
        (
            "Премьер Оюун-Эрдэнэ прибыл в Москву и встретился с руководством Японии.",
            [("Оюун-Эрдэнэ", true), ("Москву", false), ("Японии", false)],
        ),
    ] {
        let result = check(&citation(claim, &[]), &article("en", page));
        let names = names_found(&result);
        assert_eq!(names, expected, "{claim}");
    }
}

use super::*;
use crate::matching::script::SourceScript;

const BODY: &str = "ULAANBAATAR — The finance minister spoke on Tuesday.\n\n\
“We will not raise taxes on families this year, whatever the deficit,” she told \
reporters at the State Palace. She added that the budget “must be balanced by 2026” \
and that the cabinet will review spending in March.\n\nThe opposition disagreed.";

const BOILERPLATE: &str = "Related stories: Mining exports hit a record high in August. \
Subscribe to our newsletter.";

fn check(quote: &str) -> Quote {
    check_in(quote, BODY, BOILERPLATE, Some("en"))
}

fn check_in(quote: &str, body: &str, boilerplate: &str, language: Option<&str>) -> Quote {
    let script = SourceScript::of(language, body);
    let body = SourceText::new(body);
    let boilerplate = SourceText::new(boilerplate);
    check_quote(quote, &body, &boilerplate, &script)
}

#[test]
fn verbatim_quote_is_exact_in_the_body() {
    let q = check("must be balanced by 2026");
    assert_eq!(q.match_kind, QuoteMatch::Exact);
    assert_eq!(q.location, Location::Body);
    assert_eq!(q.score, 1.0);
    assert_eq!(q.reason, "found verbatim in the article body");
    let excerpt = q.excerpt.unwrap_or_default();
    assert!(excerpt.contains("“must be balanced by 2026”"), "{excerpt}");
}

#[test]
fn typography_and_case_differences_are_normalized() {
    let q = check("\"WE WILL NOT RAISE TAXES on families this year, whatever the deficit\"");
    assert_eq!(q.match_kind, QuoteMatch::Normalized, "{}", q.reason);
    assert_eq!(q.location, Location::Body);
    assert!(q.reason.contains("normalizing"), "{}", q.reason);
}

#[test]
fn one_changed_word_in_a_long_quote_is_a_verifying_fuzzy_match() {
    let q = check("We will not raise levies on families this year, whatever the deficit");
    assert_eq!(q.match_kind, QuoteMatch::Fuzzy);
    assert!(q.score >= 0.9 && q.score < 1.0, "score {}", q.score);
    assert!(
        q.reason.contains("'taxes' where the quote has 'levies'"),
        "{}",
        q.reason
    );
    assert!(q
        .excerpt
        .unwrap_or_default()
        .contains("raise taxes on families"));
}

#[test]
fn a_changed_word_in_a_short_quote_is_only_close() {
    let q = check("the budget must be cut by 2026");
    assert!(q.score < 0.9, "{q:?}");
    assert_ne!(q.match_kind, QuoteMatch::Exact);
    assert_ne!(q.match_kind, QuoteMatch::Normalized);
}

#[test]
fn ellipsis_pieces_match_in_order_only() {
    let q = check("We will not raise taxes … whatever the deficit");
    assert_eq!(q.match_kind, QuoteMatch::Normalized, "{}", q.reason);
    assert!(q.reason.contains("2 pieces"), "{}", q.reason);
    let reversed = check("whatever the deficit … We will not raise taxes");
    assert_ne!(
        reversed.match_kind,
        QuoteMatch::Normalized,
        "{}",
        reversed.reason
    );
    assert_ne!(reversed.match_kind, QuoteMatch::Exact);
}

#[test]
fn bracketed_insertions_are_tolerated_and_explained() {
    let q = check("[The government] will review spending in March");
    assert_eq!(q.match_kind, QuoteMatch::Normalized, "{}", q.reason);
    let q = check("the budget [for 2025] must be balanced by 2026");
    assert_eq!(q.match_kind, QuoteMatch::Normalized, "{}", q.reason);
    assert!(
        q.reason.contains("[for 2025] stands for '”'") || q.reason.contains("[for 2025]"),
        "{}",
        q.reason
    );
    let q = check("that [the cabinet] will review spending");
    assert_eq!(q.match_kind, QuoteMatch::Normalized, "{}", q.reason);
    assert!(
        q.reason.contains("stands for 'the cabinet'"),
        "{}",
        q.reason
    );
}

#[test]
fn a_bracket_does_not_bridge_distant_text() {
    let q = check("The finance minister [said] the opposition disagreed");
    assert_ne!(q.match_kind, QuoteMatch::Normalized, "{}", q.reason);
}

#[test]
fn a_quote_only_in_boilerplate_is_located_there() {
    let q = check("Mining exports hit a record high in August");
    assert_eq!(q.location, Location::Boilerplate);
    assert_eq!(q.match_kind, QuoteMatch::Exact);
    assert!(
        q.reason.starts_with("found only in the page's boilerplate"),
        "{}",
        q.reason
    );
}

#[test]
fn an_invented_quote_is_not_found() {
    let q = check("We have always supported higher taxes for large mining companies");
    assert_eq!(q.match_kind, QuoteMatch::None);
    assert_eq!(q.location, Location::None);
    assert!(
        q.reason.starts_with("not found in the source"),
        "{}",
        q.reason
    );
    // The closest passage's score is in the words, as the report shows it.
    if q.score > 0.0 {
        assert_eq!(
            q.reason,
            format!(
                "not found in the source (closest passage scored {:.2})",
                q.score
            )
        );
    }
}

#[test]
fn reasons_read_after_the_word_quote() {
    let normalized =
        check("\"WE WILL NOT RAISE TAXES on families this year, whatever the deficit\"");
    assert_eq!(
        normalized.reason,
        "found in the article body after normalizing quotes, case and spacing"
    );
    let near = check("We will not raise levies on families this year, whatever the deficit");
    assert!(
        near.reason
            .starts_with("close to a passage of the article body (score 0."),
        "{}",
        near.reason
    );
    let boiler = check("Mining exports hit a record high in August");
    assert_eq!(
        boiler.reason,
        "found only in the page's boilerplate (navigation, related links), not in the article"
    );
    let empty = check("… [ ] \"\"");
    assert_eq!(empty.reason, "not checked: it has no words");
    let translated = check_in(
        "We will not raise taxes",
        "Ерөнхий сайд \"Бид татварыг нэмэхгүй\" гэж мэдэгдэв.",
        "",
        Some("mn"),
    );
    assert!(
        translated
            .reason
            .starts_with("not compared word for word: it is in Latin script"),
        "{}",
        translated.reason
    );
}

#[test]
fn word_boundaries_are_respected() {
    let q = check_in("he said", "she said so", "", Some("en"));
    assert_eq!(q.match_kind, QuoteMatch::None, "{}", q.reason);
}

#[test]
fn an_english_quote_of_a_mongolian_page_is_a_translation() {
    let body = "Ерөнхий сайд Л.Оюун-Эрдэнэ \"Бид татварыг нэмэхгүй\" гэж мэдэгдэв.";
    let q = check_in("We will not raise taxes", body, "", Some("mn"));
    assert_eq!(q.match_kind, QuoteMatch::Unchecked);
    assert!(q.reason.contains("translation"), "{}", q.reason);
    assert!(
        q.reason.contains("Latin") && q.reason.contains("Cyrillic"),
        "{}",
        q.reason
    );
}

#[test]
fn a_latin_quote_present_in_a_cyrillic_page_is_still_found() {
    let body = "Компани \"Oyu Tolgoi LLC\" гэж нэрлэгдэнэ.";
    let q = check_in("Oyu Tolgoi LLC", body, "", Some("mn"));
    assert_eq!(q.match_kind, QuoteMatch::Exact, "{}", q.reason);
}

#[test]
fn mongolian_russian_and_chinese_quotes_in_their_own_pages() {
    let mn = "Ерөнхийлөгч У.Хүрэлсүх «Бид хамтдаа ялна» гэж хэлэв.";
    let q = check_in("бид хамтдаа ялна", mn, "", Some("mn"));
    assert_eq!(q.match_kind, QuoteMatch::Normalized, "{}", q.reason);
    let ru =
        "Министр заявил: «Мы не будем повышать налоги в этом году, несмотря на дефицит бюджета».";
    let q = check_in(
        "Мы не будем повышать налоги в этом году, несмотря на дефицит",
        ru,
        "",
        Some("mn"),
    );
    assert_eq!(q.match_kind, QuoteMatch::Exact, "{}", q.reason);
    let q = check_in(
        "Мы не будем снижать налоги в этом году, несмотря на дефицит",
        ru,
        "",
        Some("mn"),
    );
    assert_eq!(q.match_kind, QuoteMatch::Fuzzy, "{}", q.reason);
    assert!(
        q.reason
            .contains("'повышать' where the quote has 'снижать'"),
        "{}",
        q.reason
    );
    let zh = "部长表示：“我们今年不会提高税收，无论赤字多少。”";
    let q = check_in("我们今年不会提高税收,无论赤字多少", zh, "", Some("zh"));
    assert_eq!(q.match_kind, QuoteMatch::Normalized, "{}", q.reason);
    let q = check_in("我们今年不会降低税收，无论赤字多少", zh, "", Some("zh"));
    assert_eq!(q.match_kind, QuoteMatch::Fuzzy, "{}", q.reason);
}

#[test]
fn entities_and_soft_hyphens_in_the_page_do_not_hide_a_quote() {
    let body = "He said &ldquo;the gov\u{00AD}ern\u{200B}ment &amp; the people agree&rdquo;.";
    let q = check_in("the government & the people agree", body, "", Some("en"));
    assert_eq!(q.match_kind, QuoteMatch::Normalized, "{}", q.reason);
    assert!(
        q.excerpt.unwrap_or_default().contains("&ldquo;the gov"),
        "excerpt is as written"
    );
}

#[test]
fn odd_quotes_do_not_panic() {
    let q = check("");
    assert_eq!(q.match_kind, QuoteMatch::Unchecked);
    let q = check("… [ ] \"\"");
    assert_eq!(q.match_kind, QuoteMatch::Unchecked);
    let long = "word ".repeat(5000);
    let q = check(&long);
    assert_eq!(q.match_kind, QuoteMatch::None);
    let q = check_in("some quote here today", "", "", None);
    assert_eq!(q.match_kind, QuoteMatch::None);
    let q = check_in("[[[ ]]] ... … [x", "x", "", None);
    assert!(matches!(
        q.match_kind,
        QuoteMatch::None | QuoteMatch::Exact | QuoteMatch::Normalized | QuoteMatch::Unchecked
    ));
}

#[test]
fn a_very_long_near_copy_of_the_page_is_bounded() {
    let page = "the council met and talked about roads and bridges for hours. ".repeat(2000);
    let quote = page.replacen("roads", "rails", 1);
    let q = check_in(&quote, &page, "", Some("en"));
    assert_eq!(
        q.match_kind,
        QuoteMatch::None,
        "too long to align: {}",
        q.reason
    );
    let exact = check_in(&page[..2000], &page, "", Some("en"));
    assert_ne!(exact.match_kind, QuoteMatch::None);
}

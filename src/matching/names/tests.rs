use super::*;

fn texts(text: &str) -> Vec<String> {
    names(text).into_iter().map(|n| n.text).collect()
}

fn found(name: &str, source: &str) -> bool {
    let n = names(&format!("It was {name} who spoke."));
    assert_eq!(n.len(), 1, "{name}: {n:?}");
    SourceNames::new(source).find(&n[0], source).is_some()
}

#[test]
fn titles_articles_and_sentence_openers_are_not_names() {
    assert_eq!(
        texts("President Khurelsukh met Prime Minister Oyun-Erdene in Ulaanbaatar on Monday."),
        ["Khurelsukh", "Oyun-Erdene", "Ulaanbaatar"]
    );
    assert_eq!(
        texts("Immigration has been a major source of growth."),
        Vec::<String>::new()
    );
    assert_eq!(
        texts("The United States admitted more people."),
        ["United States"]
    );
    assert_eq!(texts("According to Mr. Smith, the plan works."), ["Smith"]);
}

#[test]
fn the_first_word_of_a_quotation_is_not_a_name() {
    assert!(texts("He said “Every family will get a home” on Monday.").is_empty());
    assert!(texts("Тэрээр «Бид ирэх жил 100 сургууль барина» гэв.").is_empty());
    assert!(texts("Он заявил: «Мы построим дорогу».").is_empty());
    assert!(texts("She said \"Mining is our future\" twice.").is_empty());
    // A name of several words keeps them all, and a name after the quotation is a name.
    assert_eq!(texts("He praised “Oyu Tolgoi” again."), ["Oyu Tolgoi"]);
    assert_eq!(texts("“It works,” Batbold said."), ["Batbold"]);
    assert_eq!(texts("It was \"bad,\" Batbold said."), ["Batbold"]);
    // A closing mark is not an opening one („…“ is how German and Russian quote).
    assert_eq!(texts("It read „good“ Merkel added."), ["Merkel"]);
}

#[test]
fn acronyms_and_possessives() {
    let n = names(
        "In March, the Federation for American Immigration Reform (FAIR) said the U.S. grew.",
    );
    let t: Vec<&str> = n.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(
        t,
        ["Federation", "American Immigration Reform", "FAIR", "U.S."]
    );
    assert!(n[2].acronym && n[3].acronym);
    assert_eq!(texts("It is Mongolia's biggest mine."), ["Mongolia"]);
}

#[test]
fn initials_do_not_end_a_sentence() {
    assert_eq!(
        texts("Ерөнхий сайд Л. Оюун-Эрдэнэ хэлэв."),
        ["Л. Оюун-Эрдэнэ"]
    );
}

#[test]
fn names_are_found_across_cyrillic_and_latin() {
    assert!(found("Khurelsukh", "Ерөнхийлөгч У.Хүрэлсүх хэлэв."));
    assert!(found("Khürelsükh", "Президент Монголии Хурэлсух заявил"));
    assert!(found("Oyun-Erdene", "Ерөнхий сайд Л.Оюун-Эрдэнэ хэлэв."));
    assert!(found(
        "Luvsannamsrain Oyun-Erdene",
        "Ерөнхий сайд Л.Оюун-Эрдэнэ хэлэв."
    ));
    assert!(found("Ulaanbaatar", "Улаанбаатар хотод"));
    assert!(found("Ulan Bator", "Улаанбаатар хотод"));
    assert!(found("Ulaanbaatar", "в Улан-Баторе прошла встреча"));
    assert!(found("Shoigu", "министр Шойгу прибыл"));
}

#[test]
fn inflected_forms_are_found() {
    assert!(found("Khurelsukh", "Ерөнхийлөгч Хүрэлсүхийн зарлиг"));
    assert!(found("Oyu Tolgoi", "Оюутолгойн уурхай"));
    assert!(found("Mongolia", "the Mongolian economy"));
}

#[test]
fn different_names_are_not_found() {
    assert!(!found("Khurelsukh", "Ерөнхийлөгч Элбэгдорж хэлэв."));
    assert!(!found("Batbold", "Батбаяр сайд"));
    assert!(!found("Bat", "Батболд"), "short names need a whole word");
    assert!(
        !found("United States", "the States of Jersey"),
        "a generic last word alone is not enough"
    );
}

#[test]
fn acronyms_match_with_or_without_dots() {
    let n = names("She told the U.S. envoy and FAIR.");
    let src = "The US embassy and FAIR staff.";
    let source = SourceNames::new(src);
    assert!(source.find(&n[0], src).is_some());
    assert!(source.find(&n[1], src).is_some());
    let src = "the fair was fun";
    assert!(
        SourceNames::new(src).find(&n[1], src).is_none(),
        "acronyms are case-sensitive"
    );
}

#[test]
fn outlet_names_fold_like_names() {
    assert_eq!(
        names_of_outlet("The Diplomat"),
        vec!["diplomat".to_string()]
    );
    assert_eq!(names_of_outlet("Ikon"), vec!["ikon".to_string()]);
}

#[test]
fn values_are_folded_lower_case() {
    let n = names("It was Khürelsükh and Oyun-Erdene.");
    assert_eq!(n[0].value(), "khurelsukh");
    assert_eq!(n[1].value(), "oyun-erdene");
}

#[test]
fn odd_input_does_not_panic() {
    assert!(names("").is_empty());
    let _ = names("A. B. C. ... ' - . 'S 's");
    let _ = SourceNames::new("").find(&names("It was Bold.")[0], "");
    let long = "Aa ".repeat(10_000);
    let _ = names(&long);
}

#[test]
fn titles_inside_a_run_separate_names() {
    assert_eq!(
        texts("It quoted Retired Australian Army Major General Mick Ryan on it."),
        ["Australian Army", "Mick Ryan"]
    );
}

#[test]
fn possessives_end_a_name_and_lower_case_tails_are_dropped() {
    assert_eq!(
        texts("It was Reality Check's Tovah McQueen and the UAE-backed council."),
        ["Reality Check", "Tovah McQueen", "UAE"]
    );
    assert_eq!(texts("It was Chechen-Ingush land."), ["Chechen-Ingush"]);
}

#[test]
fn roman_numerals_are_not_acronyms() {
    assert_eq!(
        texts("Under George III and in World War II the PLC."),
        ["George", "World War", "PLC"]
    );
}

#[test]
fn a_sentence_initial_word_is_optional_when_looking_up() {
    let n = names("Leaving Aden, they sailed.");
    assert_eq!(n[0].text, "Leaving Aden");
    assert_eq!(n[0].optional_first, 1);
    let src = "the port of Aden";
    assert!(SourceNames::new(src).find(&n[0], src).is_some());
    let n = names("United States officials said so.");
    assert!(SourceNames::new("the United States")
        .find(&n[0], "the United States")
        .is_some());
}

#[test]
fn a_name_stays_one_across_of_but_not_across_and() {
    assert_eq!(
        texts("It met the Bank of Mongolia and the Iraqis and Afghans of the region."),
        ["Bank of Mongolia", "Iraqis", "Afghans"]
    );
    assert_eq!(
        texts("The Power of Siberia 2 pipeline and the Tavan Tolgoi–Gashuunsukhait railway."),
        ["Power of Siberia", "Tavan Tolgoi–Gashuunsukhait"]
    );
    assert!(
        texts("As of December, it grew.").is_empty(),
        "a connector alone"
    );
}

#[test]
fn a_unit_after_a_number_is_not_a_name() {
    assert_eq!(
        texts("The line carries 450 MW to Ulaanbaatar; the 20 USD fee and UNESCO stay."),
        ["Ulaanbaatar", "UNESCO"]
    );
}

#[test]
fn a_sentence_initial_word_is_a_name_unless_it_is_an_ordinary_word() {
    assert_eq!(texts("Khurelsukh promised a new airport."), ["Khurelsukh"]);
    assert_eq!(
        texts("Batbold said so. Erdenet grew."),
        ["Batbold", "Erdenet"]
    );
    assert!(texts("Immigration grew. Historians disagree.").is_empty());
    assert_eq!(
        texts("China signed it."),
        ["China"],
        "a country that is also a word"
    );
    assert_eq!(
        texts("Хүрэлсүх шинэ нисэх буудал барина гэв."),
        ["Хүрэлсүх"]
    );
    assert!(texts("Тэрээр ингэж хэлэв.").is_empty());
    assert_eq!(texts("Шойгу прибыл. Однако он молчал."), ["Шойгу"]);
}

#[test]
fn case_endings_are_found_in_either_script_and_other_tails_are_not() {
    // Mongolian in Latin transcription: genitive, ablative.
    assert!(found("Khurelsukh", "Khurelsukhiin zarlig"));
    assert!(found("Ulaanbaatar", "Ulaanbaataraas irsen"));
    // Two endings (ablative and reflexive), a vowel dropped before the genitive.
    assert!(found("Ulaanbaatar", "Улаанбаатараасаа"));
    assert!(found("Oyun-Erdene", "Оюун-Эрдэнийн хэлснээр"));
    // Russian cases.
    assert!(found("Medvedev", "заявление Медведева"));
    assert!(found("Ulaanbaatar", "в Улан-Баторе"));
    // Another name that starts the same is not the name.
    assert!(!found("Erdene", "Эрдэнэбат хэлэв"));
    assert!(!found("Smith", "Smithson said"));
}

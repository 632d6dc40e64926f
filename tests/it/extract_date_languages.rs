//! Visible publication dates in the languages of the news world, and their update labels.

use citecheck::extract::date::publication_date;

/// The date of a page whose only date is `line`, written in a byline of an article.
fn byline_date(lang: &str, line: &str) -> Option<String> {
    let html = format!(
        "<html lang=\"{lang}\"><head><title>t</title></head><body><nav>Menu</nav><article>\
         <h1>Title</h1><div class=\"byline\">{line}</div><p>Body text of the story, long \
         enough to be an article.</p></article></body></html>"
    );
    let document = scraper::Html::parse_document(&html);
    publication_date(&document, &html, None).map(|d| d.to_string())
}

fn assert_forms(lang: &str, lines: &[&str]) {
    for line in lines {
        assert_eq!(
            byline_date(lang, line).as_deref(),
            Some("2023-09-27"),
            "{lang}: {line}"
        );
    }
}

#[test]
fn english() {
    assert_forms(
        "en",
        &[
            "September 27, 2023",
            "Sept. 27, 2023 at 5:04 p.m.",
            "27 Sep 2023",
            "Wednesday, 27th September 2023",
            "09/27/2023",
            "2023-09-27",
        ],
    );
    // Outside the US the day comes first.
    assert_forms("en-GB", &["27/09/2023"]);
}

#[test]
fn mongolian() {
    assert_forms(
        "mn",
        &[
            "2023 оны 9 сарын 27",
            "2023 оны 09 сарын 27-ны өдөр",
            "2023 оны 9-р сарын 27",
            "2023.09.27",
            "2023.09.27 14:05",
        ],
    );
}

#[test]
fn russian_and_ukrainian() {
    assert_forms(
        "ru",
        &[
            "27 сентября 2023",
            "27 сентября 2023 г., 10:15",
            "27.09.2023",
        ],
    );
    assert_forms("uk", &["27 вересня 2023 року", "27.09.2023, 10:15"]);
    assert_forms("bg", &["27 септември 2023"]);
}

#[test]
fn chinese_japanese_korean() {
    assert_forms(
        "zh",
        &["2023年9月27日", "2023年09月27日 10:15", "2023-09-27 10:15"],
    );
    assert_forms("ja", &["2023年9月27日（水）", "2023/09/27 10:15"]);
    assert_forms("ko", &["2023년 9월 27일", "입력 2023.09.27 10:15"]);
}

#[test]
fn western_european() {
    assert_forms("es", &["27 de septiembre de 2023", "27/09/2023"]);
    assert_forms("pt", &["27 de setembro de 2023", "27/09/2023 10h15"]);
    assert_forms("fr", &["27 septembre 2023", "mercredi 27 sept. 2023"]);
    assert_forms("de", &["27. September 2023", "27.09.2023, 10:15 Uhr"]);
    assert_forms("it", &["27 settembre 2023", "Mercoledì 27 Settembre 2023"]);
    assert_forms("nl", &["27 september 2023"]);
    assert_forms("ca", &["27 de setembre de 2023"]);
}

#[test]
fn central_and_eastern_european() {
    assert_forms("tr", &["27 Eylül 2023 Çarşamba", "27.09.2023"]);
    assert_forms("pl", &["27 września 2023"]);
    assert_forms("cs", &["27. září 2023"]);
    assert_forms("hu", &["2023. szeptember 27.", "2023. 09. 27."]);
    assert_forms("el", &["27 Σεπτεμβρίου 2023"]);
    assert_forms("lt", &["2023 m. rugsėjo 27 d."]);
    assert_forms("sq", &["27 shtator 2023"]);
    assert_forms("ro", &["27 septembrie 2023"]);
    assert_forms("hr", &["27. rujna 2023."]);
}

#[test]
fn other_scripts() {
    assert_forms(
        "ar",
        &["27 سبتمبر 2023", "٢٧ سبتمبر ٢٠٢٣", "27 أيلول / سبتمبر 2023"],
    );
    // The Persian solar calendar: 5 Mehr 1402.
    assert_forms("fa", &["۵ مهر ۱۴۰۲", "1402/07/05"]);
    assert_forms("hi", &["27 सितंबर 2023"]);
    assert_forms("hy", &["27 սեպտեմբերի 2023"]);
    assert_forms("he", &["27 בספטמבר 2023"]);
    assert_forms("id", &["27 September 2023", "Rabu, 27 Sep 2023 10:15 WIB"]);
}

#[test]
fn update_labels_in_several_languages() {
    for (lang, line) in [
        (
            "en",
            "Updated: September 29, 2023 · Published: September 27, 2023",
        ),
        ("ru", "Обновлено 29.09.2023 · Опубликовано 27.09.2023"),
        ("zh", "更新时间：2023年9月29日 发布时间：2023年9月27日"),
        ("ko", "수정 2023.09.29 입력 2023.09.27"),
        ("es", "Actualizado 29/09/2023 · Publicado 27/09/2023"),
        (
            "de",
            "Aktualisiert am 29.09.2023 · Veröffentlicht am 27.09.2023",
        ),
        ("tr", "Güncelleme: 29.09.2023 · Yayınlanma: 27.09.2023"),
    ] {
        assert_eq!(
            byline_date(lang, line).as_deref(),
            Some("2023-09-27"),
            "{lang}"
        );
    }
    // Only an update: no publication date at all.
    assert_eq!(byline_date("en", "Updated: September 29, 2023"), None);
    assert_eq!(byline_date("ru", "Обновлено: 29 сентября 2023"), None);
}

#[test]
fn a_dateline_beats_a_date_inside_a_sentence() {
    let html = "<html lang=\"en\"><body><article><h1>T</h1>\
        <p>The photo was taken in Orleans, France, on January 16, 2023, by a pool photographer.</p>\
        <p>January 18, 2023</p><p>PARIS (Reuters) - Protesters gathered.</p></article></body></html>";
    let document = scraper::Html::parse_document(html);
    let date = publication_date(&document, html, None).map(|d| d.to_string());
    assert_eq!(date.as_deref(), Some("2023-01-18"));
}

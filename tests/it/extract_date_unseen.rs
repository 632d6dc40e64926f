//! Publication dates in forms the development sets do not show but other pages do: time
//! zones, two-digit years, dates after the crawl, relative dates, copyright years, dates in
//! comments, other calendars, and month names and abbreviations of more languages.

use citecheck::extract::date::publication_date;

/// The date of an article page in language `lang` with `head` and `body`.
fn date_of(lang: &str, head: &str, body: &str) -> Option<String> {
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><title>t</title>{head}</head><body>\
         <nav>Menu</nav><article><h1>Title</h1>{body}<p>Body text of the story, long enough \
         to be an article.</p></article></body></html>"
    );
    let document = scraper::Html::parse_document(&html);
    publication_date(&document, &html, None).map(|d| d.to_string())
}

fn byline(text: &str) -> String {
    format!("<div class=\"byline\">{text}</div>")
}

/// Asserts that each of `lines`, as the byline of a page in `lang`, dates it `want`.
fn assert_bylines(lang: &str, want: &str, lines: &[&str]) {
    for line in lines {
        assert_eq!(
            date_of(lang, "", &byline(line)).as_deref(),
            Some(want),
            "{lang}: {line}"
        );
    }
}

#[test]
fn a_time_with_an_offset_is_the_day_written_in_its_zone() {
    for value in [
        "2021-03-14T23:30:00-05:00",
        "2021-03-14T02:00:00+09:00",
        "2021-03-14T23:30:00-0500",
        "2021-03-14T02:00:00.000+09:00",
    ] {
        let meta = format!(r#"<meta property="article:published_time" content="{value}">"#);
        let json_ld = format!(
            r#"<script type="application/ld+json">{{"@context":"https://schema.org",
            "@type":"NewsArticle","datePublished":"{value}"}}</script>"#
        );
        let time = format!(r#"<time datetime="{value}">March</time>"#);
        assert_eq!(
            date_of("en", &meta, "").as_deref(),
            Some("2021-03-14"),
            "{meta}"
        );
        assert_eq!(
            date_of("en", &json_ld, "").as_deref(),
            Some("2021-03-14"),
            "{json_ld}"
        );
        assert_eq!(
            date_of("en", "", &time).as_deref(),
            Some("2021-03-14"),
            "{time}"
        );
    }
}

#[test]
fn a_date_after_tomorrow_never_wins() {
    let meta = r#"<meta property="article:published_time" content="2099-03-14T10:00:00Z">"#;
    let body = byline("March 12, 2021");
    assert_eq!(date_of("en", meta, &body).as_deref(), Some("2021-03-12"));
    assert_eq!(date_of("en", "", &byline("March 12, 2099")), None);
    let event = format!("{body}<p>The next one takes place on March 12, 2099.</p>");
    assert_eq!(date_of("en", "", &event).as_deref(), Some("2021-03-12"));
}

#[test]
fn relative_dates_and_copyright_years_give_no_date() {
    assert_eq!(date_of("de", "", &byline("vor 3 Tagen")), None);
    assert_eq!(date_of("en", "", &byline("2 hours ago")), None);
    assert_eq!(date_of("en", "", &byline("Yesterday at 10:30")), None);
    let footer = "<footer>© 2021 Example Inc. All rights reserved.</footer>";
    assert_eq!(date_of("en", "", footer), None);
    assert_eq!(
        date_of("en", "", "<footer>Copyright 2019-2021 Example</footer>"),
        None
    );
}

#[test]
fn a_comment_date_under_the_article_does_not_beat_its_byline() {
    let comments = "<section class=\"comments\"><div class=\"comment\"><time \
        datetime=\"2021-04-01T10:00:00+00:00\">April 1, 2021</time><p>Nice</p></div></section>";
    let body = format!("{}{comments}", byline("March 12, 2021"));
    assert_eq!(date_of("en", "", &body).as_deref(), Some("2021-03-12"));
    let hidden = "<!-- <time datetime=\"2019-01-01\">Jan 1 2019</time> -->";
    let body = format!("{hidden}{}", byline("March 12, 2021"));
    assert_eq!(date_of("en", "", &body).as_deref(), Some("2021-03-12"));
}

#[test]
fn arabic_persian_and_thai_calendars() {
    assert_bylines(
        "ar",
        "2021-03-12",
        &[
            "١٢ مارس ٢٠٢١",
            "الجمعة 12 مارس 2021",
            "12 آذار 2021",
            "١٢/٠٣/٢٠٢١",
            "الجمعة 28 رجب 1442 هـ الموافق 12 مارس 2021 م",
        ],
    );
    assert_bylines(
        "fa",
        "2021-03-12",
        &["۲۲ اسفند ۱۳۹۹", "۱۳۹۹/۱۲/۲۲", "1399/12/22"],
    );
    assert_bylines("th", "2021-03-12", &["12 มีนาคม 2564", "12 มีนาคม 2021"]);
}

#[test]
fn month_names_of_more_languages() {
    assert_bylines(
        "pl",
        "2021-03-12",
        &["12 marca 2021", "12 mar 2021", "12.03.2021, 10:30"],
    );
    assert_bylines("pl", "2021-10-12", &["12 października 2021", "12 paź 2021"]);
    assert_bylines("cs", "2021-03-12", &["12. března 2021", "12. 3. 2021"]);
    assert_bylines("cs", "2021-11-12", &["12. listopadu 2021"]);
    assert_bylines("tr", "2021-03-12", &["12 Mart 2021", "12 Mart 2021 Cuma"]);
    assert_bylines("tr", "2021-08-12", &["12 Ağustos 2021"]);
    assert_bylines(
        "pt",
        "2021-03-12",
        &["12 de março de 2021", "12 mar. 2021", "12/03/2021 às 10h30"],
    );
    assert_bylines(
        "it",
        "2021-03-12",
        &["12 marzo 2021", "12 mar 2021", "Venerdì 12 Marzo 2021"],
    );
    assert_bylines(
        "nl",
        "2021-03-12",
        &[
            "12 maart 2021",
            "12 mrt. 2021",
            "vrijdag 12 mrt 2021, 10:30",
        ],
    );
    assert_bylines("ru", "2021-03-12", &["12 марта 2021", "12 марта 2021 г."]);
    assert_bylines("ru", "2021-05-12", &["12 мая 2021 года"]);
    assert_bylines("ru", "2021-08-12", &["12 авг. 2021"]);
}

#[test]
fn abbreviated_months_with_periods() {
    assert_bylines("en", "2021-09-12", &["Sept. 12, 2021", "12 Sept. 2021"]);
    assert_bylines("en", "2021-03-12", &["Mar. 12, 2021"]);
    assert_bylines("de", "2021-10-12", &["12. Okt. 2021"]);
    assert_bylines("de", "2021-02-12", &["12. Feb. 2021"]);
    assert_bylines("fr", "2021-02-12", &["12 févr. 2021"]);
    assert_bylines("fr", "2021-01-12", &["12 janv. 2021"]);
    assert_bylines("es", "2021-09-12", &["12 sept. 2021", "12 de sep. de 2021"]);
    assert_bylines("hu", "2021-03-12", &["2021. márc. 12."]);
}

#[test]
fn two_digit_years_in_a_byline() {
    assert_bylines(
        "de",
        "2021-03-12",
        &["12.03.21", "Veröffentlicht am 12.03.21"],
    );
    assert_bylines("en", "2021-03-12", &["03/12/21", "Posted 3/12/21 10:30 AM"]);
    assert_bylines("en-GB", "2021-03-12", &["12/03/21"]);
    assert_bylines("fr", "2021-03-12", &["Publié le 12/03/21 à 10h30"]);
    // In a sentence a two-digit year is not believed.
    let prose = "<p>The figures 12/03/21 and 4/5/20 were quoted.</p>";
    assert_eq!(date_of("en", "", prose), None);
}

#[test]
fn turkish_and_thai_abbreviations_and_vietnamese_numbered_months() {
    assert_bylines("tr", "2021-11-12", &["12 Kas 2021", "12 Kas 2021 10:30"]);
    assert_bylines("tr", "2021-02-12", &["12 Şub 2021"]);
    assert_bylines(
        "th",
        "2021-03-12",
        &["12 มี.ค. 2564", "12 มี.ค. 2564 10:30 น."],
    );
    assert_bylines(
        "vi",
        "2021-03-12",
        &[
            "ngày 12 tháng 3 năm 2021",
            "12 Tháng 3, 2021",
            "Thứ sáu, 12/3/2021",
        ],
    );
}

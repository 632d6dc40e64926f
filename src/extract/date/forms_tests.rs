//! Unit tests of the written date forms.

use super::*;

fn read(text: &str) -> Vec<String> {
    find_all(text, Reading::default())
        .iter()
        .map(|f| f.date.to_string())
        .collect()
}

fn read_us(text: &str) -> Vec<String> {
    let reading = Reading {
        language: Some("en"),
        month_first: true,
    };
    find_all(text, reading)
        .iter()
        .map(|f| f.date.to_string())
        .collect()
}

#[test]
fn numeric_forms() {
    assert_eq!(read("on 2023-09-27T10:00"), ["2023-09-27"]);
    assert_eq!(read("2023/9/27"), ["2023-09-27"]);
    assert_eq!(read("2023.09.27"), ["2023-09-27"]);
    assert_eq!(read("27.09.2023 в 10:30"), ["2023-09-27"]);
    assert_eq!(read("06/07/2020"), ["2020-07-06"]);
    assert_eq!(read_us("06/07/2020"), ["2020-06-07"]);
    assert_eq!(read_us("27/09/2023"), ["2023-09-27"]);
}

#[test]
fn english_forms() {
    assert_eq!(read("September 27, 2023"), ["2023-09-27"]);
    assert_eq!(read("Published Sept. 27th 2023 at 5pm"), ["2023-09-27"]);
    assert_eq!(read("27 Sep 2023"), ["2023-09-27"]);
    assert_eq!(read("Wed, 27-Sep-2023 10:00:00 GMT"), ["2023-09-27"]);
    assert_eq!(read("[27/Sep/2023:10:00:00 +0000]"), ["2023-09-27"]);
}

#[test]
fn cyrillic_forms() {
    assert_eq!(read("27 сентября 2023 г."), ["2023-09-27"]);
    assert_eq!(read("27 вересня 2023 року"), ["2023-09-27"]);
    assert_eq!(read("2023 оны 9 сарын 27"), ["2023-09-27"]);
    assert_eq!(read("2023 оны 9-р сарын 27-ны өдөр"), ["2023-09-27"]);
    assert_eq!(read("2023 оны есдүгээр сарын 27"), ["2023-09-27"]);
    assert_eq!(read("2023 оны арван нэгдүгээр сарын 7"), ["2023-11-07"]);
    assert_eq!(read("27 септември 2023"), ["2023-09-27"]);
}

#[test]
fn cjk_forms() {
    assert_eq!(read("2023年9月27日"), ["2023-09-27"]);
    assert_eq!(read("（2020年2月15日）"), ["2020-02-15"]);
    assert_eq!(read("2020년 8월 27일"), ["2020-08-27"]);
    assert_eq!(read("2020. 3. 4. 16:52"), ["2020-03-04"]);
    assert_eq!(read("令和3年3月12日"), ["2021-03-12"]);
    assert_eq!(read("平成30年12月1日"), ["2018-12-01"]);
    assert!(read("3年3月12日").is_empty());
}

#[test]
fn european_forms() {
    assert_eq!(read("27 de setembro de 2023"), ["2023-09-27"]);
    assert_eq!(read("27. September 2023"), ["2023-09-27"]);
    assert_eq!(read("30 Ekim 2020 Cuma 18:28"), ["2020-10-30"]);
    assert_eq!(read("2020. október 26."), ["2020-10-26"]);
    assert_eq!(read("2020 m. spalio 26 d."), ["2020-10-26"]);
    assert_eq!(read("13 gusht 2020, 09:08"), ["2020-08-13"]);
    assert_eq!(read("27 Σεπτεμβρίου 2023"), ["2023-09-27"]);
    assert_eq!(read("12 Kas 2021"), ["2021-11-12"]);
}

#[test]
fn roman_numeral_months() {
    assert_eq!(read("12 III 2021"), ["2021-03-12"]);
    assert_eq!(read("12.III.2021"), ["2021-03-12"]);
    assert_eq!(read("2021. III. 12."), ["2021-03-12"]);
    assert!(read("12 iii 2021").is_empty());
}

#[test]
fn vietnamese_numbered_months() {
    assert_eq!(read("ngày 27 tháng 9 năm 2023"), ["2023-09-27"]);
    assert_eq!(read("27 Tháng 9, 2023"), ["2023-09-27"]);
    assert!(read("tháng 9 năm 2023").is_empty());
}

#[test]
fn other_scripts() {
    assert_eq!(read("٢٧ سبتمبر ٢٠٢٣"), ["2023-09-27"]);
    assert_eq!(read("۲۱ اردیبهشت ۱۳۹۹"), ["2020-05-10"]);
    assert_eq!(read("۱۳۹۹/۰۲/۲۱"), ["2020-05-10"]);
    assert_eq!(read("27 सितंबर 2023"), ["2023-09-27"]);
    assert_eq!(read("الجمعة 24 نيسان / أبريل 2020"), ["2020-04-24"]);
    assert_eq!(read("2 تير 1399"), ["2020-06-22"]);
    assert_eq!(read("27 กันยายน 2566"), ["2023-09-27"]);
    assert_eq!(read("27 ก.ย. 2566"), ["2023-09-27"]);
    assert_eq!(read("12 มี.ค. 2564 10:30 น."), ["2021-03-12"]);
}

#[test]
fn short_years_and_non_dates() {
    assert_eq!(read("07.06.20 10:30"), ["2020-06-07"]);
    assert_eq!(read("12/03/21"), ["2021-03-12"]);
    assert_eq!(read_us("03/12/21"), ["2021-03-12"]);
    assert_eq!(read_us("3/12/21 10:30 AM"), ["2021-03-12"]);
    assert!(read("1/2/3/21").is_empty());
    assert!(read("12/03-21").is_empty());
    assert!(read("version 1.2.3.2020").is_empty());
    assert!(read("call 2020 or 12/40").is_empty());
    assert!(read("31.02.2020").is_empty());
    assert!(read("page 2 of 2020").is_empty());
}

#[test]
fn a_form_across_lines_does_not_hide_the_one_within_a_line() {
    assert_eq!(
        read("March 12, 2021\nApril 1, 2021"),
        ["2021-03-12", "2021-04-01"]
    );
    assert!(read("in all of 2018\nNov 18").is_empty());
}

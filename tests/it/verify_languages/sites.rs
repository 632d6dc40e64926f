//! The loopback news sites of `verify_languages` and the article that cites them: pages
//! in English, Mongolian (UTF-8, and windows-1251 declared in the header or only in a meta
//! tag), Russian and Chinese. Every text here is invented for the test.

use crate::common_discovery::{Reply, Site, Urls};

/// A news page: navigation, the article (title, date, paragraphs), related links and a
/// footer, so the extractor has boilerplate to leave out. `meta_charset` adds a
/// `<meta charset>` declaration.
pub(crate) fn news_page(
    lang: &str,
    meta_charset: Option<&str>,
    site: &str,
    title: &str,
    paragraphs: &[&str],
    related: &[&str],
) -> String {
    let meta = meta_charset
        .map(|c| format!("<meta charset=\"{c}\">"))
        .unwrap_or_default();
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    let related: String = related
        .iter()
        .enumerate()
        .map(|(i, r)| format!("<li><a href=\"/related/{i}\">{r}</a></li>"))
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head>{meta}<title>{title} | {site}</title>\
         <meta property=\"article:published_time\" content=\"2023-09-27T09:30:00+08:00\">\
         </head><body>\n<header><nav><a href=\"/\">{site}</a> <a href=\"/politics\">1</a> \
         <a href=\"/economy\">2</a> <a href=\"/world\">3</a></nav></header>\n<main><article>\
         <h1>{title}</h1>\n<time datetime=\"2023-09-27T09:30:00+08:00\">2023-09-27</time>\n\
         {body}</article>\n<aside><h2>+</h2><ul>{related}</ul></aside></main>\n<footer>© 2023 \
         {site}</footer>\n</body></html>\n"
    )
}

fn english_page() -> String {
    news_page(
        "en",
        None,
        "Harbour Herald",
        "Mongolia signs copper smelter deal",
        &[
            "ULAANBAATAR — The government signed an agreement on Wednesday to build a copper \
             smelter near the southern border, a project that officials valued at $1.2 billion.",
            "“This smelter will keep the value of our ore at home, where it belongs,” the \
             minister of mining, Ganzorig Batbold, told reporters after the signing ceremony.",
            "“We won’t sell raw ore forever — not for one more decade,” he said, adding that \
             two more plants were being studied.",
            "“Every tonne we smelt here instead of shipping across the border means jobs for our \
             young people and revenue for our budget,” Batbold said.",
            "Exports of copper concentrate rose 14 percent in the first eight months of the \
             year, to 1.1 million tonnes, according to the customs office.",
            "Construction is expected to start next spring and to employ 3,400 workers at its \
             peak, the company building the plant said in a statement.",
        ],
        &[
            "Herders brace for a hard winter",
            "Opinion: the case for a sovereign wealth fund",
        ],
    )
}

fn mongolian_page() -> String {
    news_page(
        "mn",
        None,
        "Мэдээ",
        "Ерөнхийлөгч У.Хүрэлсүх эрчим хүчний форумд үг хэллээ",
        &[
            "Монгол Улсын Ерөнхийлөгч У.Хүрэлсүх өнөөдөр Улаанбаатар хотноо болсон эрчим \
             хүчний хөрөнгө оруулалтын форумд үг хэллээ.",
            "«Бид ирэх арван жилд эрчим хүчний салбарт 20 тэрбум ам.доллар татан төвлөрүүлэх \
             зорилт тавьж байна» гэж Ерөнхийлөгч хэлэв.",
            "Форумд 35 орны 600 гаруй төлөөлөгч оролцсон бөгөөд нийт 12 гэрээ байгуулжээ.",
            "Эрчим хүчний яамны мэдээлснээр нүүрсний экспорт оны эхний найман сард 19 хувиар \
             өссөн байна.",
            "Шинэ цахилгаан станцын барилгын ажил ирэх хавар эхэлж, 2027 онд ашиглалтад орох \
             төлөвтэй.",
        ],
        &["Цаг агаарын мэдээ", "Спортын тойм"],
    )
}

/// The windows-1251 page declared in the HTTP header (its text stands in the page as
/// windows-1251 bytes, with ө and ү, which the encoding lacks, as character references —
/// what encoders of the time wrote).
fn budget_page() -> String {
    news_page(
        "mn",
        None,
        "Товч",
        "Ерөнхий сайд Л.Оюун-Эрдэнэ ирэх оны төсвийн төслийг танилцууллаа",
        &[
            "Ерөнхий сайд Л.Оюун-Эрдэнэ Улсын Их Хуралд ирэх оны төсвийн төслийг өнөөдөр \
             өргөн барилаа.",
            "«Энэ төсөв бол хэмнэлтийн бус, харин бүтээн байгуулалтын төсөв юм» гэж тэрээр \
             онцлов.",
            "Төсвийн нийт орлого 27.4 их наяд төгрөг, зарлага 29.1 их наяд төгрөг байхаар \
             төлөвлөжээ.",
            "Боловсролын салбарын зардал өмнөх оныхоос 18 хувиар нэмэгдэнэ.",
        ],
        &["Улс төрийн мэдээ", "Эдийн засгийн тойм"],
    )
}

/// The windows-1251 page declared only in its `<meta charset>`.
fn gold_page() -> String {
    news_page(
        "mn",
        Some("windows-1251"),
        "Товч",
        "Төв банкны алтны худалдан авалт нэмэгдэв",
        &[
            "Монголбанкны мэдээллээр энэ оны эхний есөн сард Төв банк 15.2 тонн алт худалдан \
             авчээ.",
            "«Алтны олборлолт нэмэгдэж байгаа нь валютын нөөцийг бэхжүүлэхэд чухал хувь нэмэр \
             оруулж байна» гэж Монголбанкны төлөөлөгч хэлэв.",
            "Улсын валютын нөөц 4.5 тэрбум ам.доллар болж өсжээ.",
        ],
        &["Ханшийн мэдээ", "Уул уурхайн тойм"],
    )
}

fn russian_page() -> String {
    news_page(
        "ru",
        None,
        "Вести Степи",
        "Монголия и Китай подписали соглашение о новой железной дороге",
        &[
            "Правительства Монголии и Китая в среду подписали соглашение о строительстве \
             железной дороги от месторождения Таван-Толгой до пограничного перехода.",
            "Стоимость проекта оценивается в 20 млрд долларов, сообщил министр дорог и \
             транспорта.",
            "«Новая дорога позволит вдвое сократить время доставки угля к границе и снизить \
             нагрузку на автотрассы», — заявил министр на церемонии подписания.",
            "По данным таможни, за восемь месяцев экспорт угля вырос на 19% и превысил 45 млн \
             тонн.",
        ],
        &["Погода на неделю", "Курсы валют"],
    )
}

fn chinese_page() -> String {
    news_page(
        "zh",
        None,
        "新闻网",
        "中蒙签署铁路合作协议",
        &[
            "中国和蒙古国二十七日在乌兰巴托签署铁路合作协议，双方将共同建设连接两国的新铁路。",
            "据蒙方官员介绍，该项目总投资约200亿美元，预计将于2028年全面建成。",
            "蒙古国交通部长表示：“这条铁路将为两国经贸合作开辟新的通道。”",
            "今年前八个月，蒙古国对华煤炭出口同比增长19%。",
        ],
        &["天气预报", "体育新闻"],
    )
}

/// Text as windows-1251 bytes; asserts they are not UTF-8, so the test cannot pass on a
/// page that was never in the legacy encoding.
fn cp1251(text: &str) -> Vec<u8> {
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let bytes = bytes.into_owned();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the windows-1251 page must not be valid UTF-8"
    );
    bytes
}

/// The five sites, on loopback ports, under their own host names.
pub async fn start_sites() -> Vec<Site> {
    let html = Reply::html;
    vec![
        Site::start_with(
            "herald.test",
            Urls::Portless,
            vec![(
                "/business/2023/09/27/copper-smelter".into(),
                html(english_page()),
            )],
            Vec::new(),
        )
        .await,
        Site::start_with(
            "medee.test",
            Urls::Portless,
            vec![("/news/energy-forum".into(), html(mongolian_page()))],
            Vec::new(),
        )
        .await,
        Site::start_with(
            "tovch.test",
            Urls::Portless,
            vec![
                (
                    "/politics/budget".into(),
                    Reply::new(
                        200,
                        "text/html; charset=windows-1251",
                        cp1251(&budget_page()),
                    ),
                ),
                (
                    "/economy/gold".into(),
                    Reply::new(200, "text/html", cp1251(&gold_page())),
                ),
            ],
            Vec::new(),
        )
        .await,
        Site::start_with(
            "vesti.test",
            Urls::Portless,
            vec![("/2023/09/27/railway".into(), html(russian_page()))],
            Vec::new(),
        )
        .await,
        Site::start_with(
            "xinwen.test",
            Urls::Portless,
            vec![("/world/20230927/rail".into(), html(chinese_page()))],
            Vec::new(),
        )
        .await,
    ]
}

pub const SOURCES: &str = r#"
[defaults]
rate = "100/s"
concurrency = 2
timeout = "2s"
connect_timeout = "500ms"
retries = 0
retry_after_cap = "100ms"
user_agent = "citecheck-test/0.1 (+loopback)"

[outlets.herald]
name = "Harbour Herald"
domains = ["herald.test"]
language = "en"

[outlets.medee]
name = "Medee"
domains = ["medee.test"]
language = "mn"

[outlets.tovch]
name = "Tovch"
domains = ["tovch.test"]
language = "mn"

[outlets.vesti]
name = "Vesti Stepi"
domains = ["vesti.test"]
language = "ru"

[outlets.xinwen]
name = "Xinwen"
domains = ["xinwen.test"]
language = "zh"
"#;

/// The article under test: one citation per paragraph, so each claim is its own.
pub const ARTICLE: &str = "\
# An autumn of deals on the steppe

Mining minister Ganzorig Batbold said “This smelter will keep the value of our ore at home, where it belongs” ([Harbour Herald, September 27](http://herald.test/business/2023/09/27/copper-smelter)).

He promised that “we won't sell raw ore forever - not for one more decade” ([Harbour Herald, September 27](http://herald.test/business/2023/09/27/copper-smelter)).

The minister argued that “every tonne we process here instead of shipping across the border means jobs for our young people and revenue for our budget” ([Harbour Herald, September 27](http://herald.test/business/2023/09/27/copper-smelter)).

The ministry insisted that “we will keep selling raw ore abroad, because smelting at home costs too much” ([Harbour Herald, September 27](http://herald.test/business/2023/09/27/copper-smelter)).

Copper concentrate exports rose 40 percent in the first eight months, to 1.1 million tonnes ([Harbour Herald, September 27](http://herald.test/business/2023/09/27/copper-smelter)).

President Khurelsukh put it plainly: “Бид ирэх арван жилд эрчим хүчний салбарт 20 тэрбум ам.доллар татан төвлөрүүлэх зорилт тавьж байна” ([Medee, September 27](http://medee.test/news/energy-forum)).

President Khurelsukh said the country aims “to attract $20 billion of investment in the energy sector over the next decade” ([Medee, September 27](http://medee.test/news/energy-forum)).

Coal exports rose 19 percent in the first eight months, and more than 600 delegates from 35 countries attended the forum ([Medee, September 27](http://medee.test/news/energy-forum)).

Prime Minister Oyun-Erdene told parliament: “Энэ төсөв бол хэмнэлтийн бус, харин бүтээн байгуулалтын төсөв юм” ([Tovch, September 27](http://tovch.test/politics/budget)).

The draft budget plans revenue of 27.4 trillion togrog, with education spending up 18 percent ([Tovch, September 27](http://tovch.test/politics/budget)).

A central bank official said “алтны олборлолт нэмэгдэж байгаа нь валютын нөөцийг бэхжүүлэхэд чухал хувь нэмэр оруулж байна” after buying 15.2 tonnes of gold ([Tovch, September 27](http://tovch.test/economy/gold)).

Foreign reserves reached $6.5 billion after the central bank bought 15.2 tonnes of gold ([Tovch, September 27](http://tovch.test/economy/gold)).

The transport minister said “новая дорога позволит вдвое сократить время доставки угля к границе и снизить нагрузку на дороги” ([Vesti Stepi, September 27](http://vesti.test/2023/09/27/railway)).

The railway to China is valued at $20 billion, and coal exports rose 19 percent to over 45 million tonnes ([Vesti Stepi, September 27](http://vesti.test/2023/09/27/railway)).

Coal exports grew 30 percent this year ([Vesti Stepi, September 27](http://vesti.test/2023/09/27/railway)).

The minister called it “这条铁路将为两国经贸合作开辟新的通道” and put the total investment at $20 billion ([Xinwen, September 27](http://xinwen.test/world/20230927/rail)).
";

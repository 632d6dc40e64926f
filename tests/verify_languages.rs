//! `citecheck verify` end to end in five languages: the built binary checks a Markdown
//! article whose citations link to loopback news sites in English, Mongolian (UTF-8, and
//! windows-1251 declared once in the HTTP header and once only in a `<meta>` tag), Russian
//! and Chinese, and its JSON report must find — or rightly refuse — each quote and number.
//!
//! The pages and the article are invented for this test. The sites are reached under their
//! own host names through `--resolve HOST=127.0.0.1:PORT`, exactly as a user would point
//! the tool at a staging server; nothing leaves the loopback interface.

mod common_discovery;

use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common_discovery::{Reply, Site, Urls};
use serde_json::Value;

/// The whole run is bounded: a binary that hangs is killed and the test fails.
const RUN_LIMIT: Duration = Duration::from_secs(30);

/// A news page: navigation, the article (title, date, paragraphs), related links and a
/// footer, so the extractor has boilerplate to leave out. `meta_charset` adds a
/// `<meta charset>` declaration.
fn news_page(
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
async fn start_sites() -> Vec<Site> {
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

const SOURCES: &str = r#"
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
const ARTICLE: &str = "\
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

/// Runs the built binary with a time limit; stdout and stderr go to files (no pipe to
/// fill). Returns the exit status and the two outputs.
fn run_citecheck(dir: &Path, args: &[String]) -> (ExitStatus, String, String) {
    let stdout = dir.join("stdout.txt");
    let stderr = dir.join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).expect("stdout file"))
        .stderr(std::fs::File::create(&stderr).expect("stderr file"))
        .spawn()
        .expect("the citecheck binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for citecheck") {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("citecheck did not finish within {RUN_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    (status, read(&stdout), read(&stderr))
}

/// The arguments of a run over the test article, with the sites' host overrides.
fn verify_args(sites: &[Site], out: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "verify".into(),
        "--sources".into(),
        "sources.toml".into(),
        "--published".into(),
        "2023-10-01".into(),
        "--out".into(),
        out.into(),
        "--format".into(),
        "json".into(),
    ];
    for site in sites {
        args.push("--resolve".into());
        args.push(format!("{}={}", site.host, site.addr));
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push("article.md".into());
    args
}

/// The one citation whose claim contains `needle`.
fn cited<'a>(citations: &'a [Value], needle: &str) -> &'a Value {
    let found: Vec<&Value> = citations
        .iter()
        .filter(|c| c["claim"].as_str().is_some_and(|t| t.contains(needle)))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "exactly one citation's claim contains {needle:?}; claims: {:#?}",
        citations.iter().map(|c| &c["claim"]).collect::<Vec<_>>()
    );
    found[0]
}

/// What a test expects of one citation.
struct Expect<'a> {
    /// A piece of the claim that picks the citation.
    claim: &'a str,
    language: &'a str,
    /// The quote's match kind, when the claim has a quote.
    quote: Option<&'a str>,
    /// Facts (numbers then names) by their text in the claim, and whether found.
    numbers: &'a [(&'a str, bool)],
    names: &'a [(&'a str, bool)],
    verdict: &'a str,
    severity: &'a str,
}

fn check_citation(citations: &[Value], e: &Expect<'_>) {
    let c = cited(citations, e.claim);
    let context = serde_json::to_string_pretty(c).unwrap_or_default();
    assert_eq!(c["link"]["status"], "ok", "link of {context}");
    assert_eq!(c["link"]["http_status"], 200, "{context}");
    assert_eq!(c["language"], e.language, "language of {context}");
    assert_eq!(c["published"], "2023-09-27", "published date of {context}");
    assert_eq!(c["evidence"]["date"]["match"], true, "{context}");
    let quotes = c["quotes"].as_array().expect("quotes array");
    match e.quote {
        Some(kind) => {
            assert_eq!(quotes.len(), 1, "one quote in {context}");
            assert_eq!(quotes[0]["match"], kind, "quote match of {context}");
            let location = if matches!(kind, "exact" | "normalized" | "fuzzy") {
                "body"
            } else {
                "none"
            };
            assert_eq!(quotes[0]["location"], location, "{context}");
        }
        None => assert!(quotes.is_empty(), "no quote in {context}"),
    }
    for (kind, expected) in [("numbers", e.numbers), ("names", e.names)] {
        let facts = c["evidence"][kind].as_array().expect("facts array");
        for (text, found) in expected {
            let fact = facts
                .iter()
                .find(|f| f["text"] == *text)
                .unwrap_or_else(|| panic!("{kind}: no fact {text:?} in {context}"));
            assert_eq!(fact["found"], *found, "{kind} {text:?} in {context}");
            if *found {
                assert!(
                    fact["excerpt"].as_str().is_some_and(|x| !x.is_empty()),
                    "a found fact shows where: {context}"
                );
            }
        }
    }
    assert_eq!(c["verdict"], e.verdict, "verdict of {context}");
    assert_eq!(c["severity"], e.severity, "severity of {context}");
    assert!(
        c["reasons"].as_array().is_some_and(|r| !r.is_empty()),
        "reasons given: {context}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_finds_or_refuses_quotes_and_numbers_in_five_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("sources.toml"), SOURCES).expect("write sources");
    std::fs::write(dir.path().join("article.md"), ARTICLE).expect("write article");
    let sites = start_sites().await;

    let args = verify_args(&sites, "out", &[]);
    let root = dir.path().to_path_buf();
    let (status, stdout, stderr) = tokio::task::spawn_blocking(move || run_citecheck(&root, &args))
        .await
        .expect("the run finishes");
    assert_eq!(
        status.code(),
        Some(1),
        "a not_found verdict fails the run\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let report = std::fs::read_to_string(dir.path().join("out/article.json")).expect("report");
    let report: Value = serde_json::from_str(&report).expect("valid JSON");
    assert_eq!(report["schema"], "citecheck/report-v1");
    assert_eq!(report["complete"], true);
    let citations = report["documents"][0]["citations"]
        .as_array()
        .expect("citations");
    assert_eq!(
        citations.len(),
        16,
        "every citation of the article is checked"
    );
    for c in citations {
        assert!(c["archive"].is_null(), "no archive is configured: {c}");
    }

    // English: verbatim, typographically different, one word changed, altered, misnumbered.
    check_citation(
        citations,
        &Expect {
            claim: "Mining minister Ganzorig Batbold",
            language: "en",
            quote: Some("exact"),
            numbers: &[],
            names: &[("Ganzorig Batbold", true)],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "He promised",
            language: "en",
            quote: Some("normalized"),
            numbers: &[],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "every tonne we process",
            language: "en",
            quote: Some("fuzzy"),
            numbers: &[],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "The ministry insisted",
            language: "en",
            quote: Some("none"),
            numbers: &[],
            names: &[],
            verdict: "not_found",
            severity: "error",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "rose 40 percent",
            language: "en",
            quote: None,
            numbers: &[("40 percent", false), ("1.1 million tonnes", true)],
            names: &[],
            verdict: "partial",
            severity: "warning",
        },
    );

    // Mongolian in UTF-8: the source's own words, a translation, and facts alone.
    check_citation(
        citations,
        &Expect {
            claim: "Khurelsukh put it plainly",
            language: "mn",
            quote: Some("exact"),
            numbers: &[("20 тэрбум ам.доллар", true)],
            names: &[("Khurelsukh", true)],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "President Khurelsukh said the country aims",
            language: "mn",
            quote: Some("unchecked"),
            numbers: &[("$20 billion", true)],
            names: &[("Khurelsukh", true)],
            verdict: "partial",
            severity: "warning",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "more than 600 delegates",
            language: "mn",
            quote: None,
            numbers: &[("19 percent", true), ("more than 600", true), ("35", true)],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );

    // Mongolian in windows-1251, declared in the header, then only in a meta tag.
    check_citation(
        citations,
        &Expect {
            claim: "Prime Minister Oyun-Erdene",
            language: "mn",
            quote: Some("exact"),
            numbers: &[],
            names: &[("Oyun-Erdene", true)],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "The draft budget plans",
            language: "mn",
            quote: None,
            numbers: &[("27.4 trillion togrog", true), ("18 percent", true)],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "A central bank official",
            language: "mn",
            quote: Some("normalized"),
            numbers: &[("15.2 tonnes", true)],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "Foreign reserves reached",
            language: "mn",
            quote: None,
            numbers: &[("$6.5 billion", false), ("15.2 tonnes", true)],
            names: &[],
            verdict: "partial",
            severity: "warning",
        },
    );

    // Russian.
    check_citation(
        citations,
        &Expect {
            claim: "The transport minister said",
            language: "ru",
            quote: Some("fuzzy"),
            numbers: &[],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "The railway to China is valued",
            language: "ru",
            quote: None,
            numbers: &[
                ("$20 billion", true),
                ("19 percent", true),
                ("over 45 million tonnes", true),
            ],
            names: &[("China", true)],
            verdict: "verified",
            severity: "ok",
        },
    );
    check_citation(
        citations,
        &Expect {
            claim: "grew 30 percent",
            language: "ru",
            quote: None,
            numbers: &[("30 percent", false)],
            names: &[],
            verdict: "not_found",
            severity: "error",
        },
    );

    // Chinese.
    check_citation(
        citations,
        &Expect {
            claim: "The minister called it",
            language: "zh",
            quote: Some("exact"),
            numbers: &[("$20 billion", true)],
            names: &[],
            verdict: "verified",
            severity: "ok",
        },
    );

    // The translated quote says why it was not compared, and is never refused outright.
    let translated = cited(citations, "President Khurelsukh said the country aims");
    let reason = translated["quotes"][0]["reason"].as_str().unwrap_or("");
    assert!(reason.contains("translation"), "{reason}");
    let reasons = translated["reasons"].to_string();
    assert!(reasons.contains("translat"), "{reasons}");
    // The misnumbered claim names the number the source lacks.
    let misnumbered = cited(citations, "rose 40 percent");
    let reasons = misnumbered["reasons"].to_string();
    assert!(
        reasons.contains("'40 percent' not in the source"),
        "{reasons}"
    );

    let summary = &report["summary"];
    assert_eq!(summary["citations"], 16);
    assert_eq!(summary["link"]["ok"], 16, "{summary}");
    assert_eq!(summary["verdict"]["not_found"], 2, "{summary}");
    assert_eq!(summary["verdict"]["partial"], 3, "{summary}");
    assert_eq!(summary["verdict"]["verified"], 11, "{summary}");

    // Each page was fetched once however many citations cite it (plus robots.txt).
    for site in &sites {
        for asked in site.log() {
            assert!(
                asked.path == "/robots.txt" || site.hits(&asked.path) == 1,
                "{} fetched {} {} times",
                site.host,
                asked.path,
                site.hits(&asked.path)
            );
        }
    }

    // The same findings pass with --fail-on never.
    let args = verify_args(&sites, "out-never", &["--fail-on", "never"]);
    let root = dir.path().to_path_buf();
    let (status, stdout, stderr) = tokio::task::spawn_blocking(move || run_citecheck(&root, &args))
        .await
        .expect("the run finishes");
    assert_eq!(
        status.code(),
        Some(0),
        "--fail-on never\nstdout: {stdout}\nstderr: {stderr}"
    );
    let again =
        std::fs::read_to_string(dir.path().join("out-never/article.json")).expect("second report");
    let again: Value = serde_json::from_str(&again).expect("valid JSON");
    assert_eq!(again["summary"]["verdict"], report["summary"]["verdict"]);
}

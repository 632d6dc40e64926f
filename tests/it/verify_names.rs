//! `citecheck verify` end to end on names: English claims citing Mongolian, Russian and
//! Chinese pages on loopback, and an English page, with decoys. Every name and number must
//! be judged right: a name opening a claim is a name, a multi-word name is found as one,
//! names inflected by Mongolian and Russian case endings and exonyms ("Beijing" as
//! "Бээжинд", "Пекин", "北京") are found, and names and figures the page lacks are not.
//!
//! The pages and the article are invented for this test; the sites are reached under
//! their own host names through `--resolve HOST=127.0.0.1:PORT`.

use crate::common_discovery::{Reply, Site, Urls};
use crate::verify_languages::sites::{news_page, SOURCES};
use crate::verify_languages::{cited, run_citecheck, verify_args};

use serde_json::Value;

fn mongolian_page() -> String {
    news_page(
        "mn",
        None,
        "Мэдээ",
        "Ерөнхий сайд Бээжинд айлчиллаа",
        &[
            "Монгол Улсын Ерөнхий сайд Л.Оюун-Эрдэнэ өнөөдөр Бээжинд албан ёсны айлчлал \
             хийж, Хятадын талтай Сибирийн хүч-2 хий дамжуулах хоолойн төслийн талаар \
             ярилцлаа.",
            "Талууд Тавантолгой-Гашуунсухайт чиглэлийн төмөр замыг ирэх онд ашиглалтад \
             оруулахаар тохиролцов.",
            "Хоёр орны худалдааны эргэлт өнгөрсөн онд 17 тэрбум ам.долларт хүрсэн гэж \
             Оюун-Эрдэнэ хэлэв.",
        ],
        &["Цаг агаар", "Спорт"],
    )
}

fn russian_page() -> String {
    news_page(
        "ru",
        None,
        "Вести Степи",
        "Оюун-Эрдэнэ прибыл в Пекин",
        &[
            "Премьер-министр Монголии Оюун-Эрдэнэ прибыл в Пекин, где обсудил с \
             руководством Китая проект газопровода «Сила Сибири — 2».",
            "Строительство железной дороги Таван-Толгой — Гашуунсухайт завершится в \
             следующем году, сообщил министр.",
            "Товарооборот двух стран превысил 17 млрд долларов.",
        ],
        &["Погода", "Курсы валют"],
    )
}

fn chinese_page() -> String {
    news_page(
        "zh",
        None,
        "新闻网",
        "蒙古国总理抵达北京",
        &[
            "蒙古国总理奥云额尔登抵达北京，与中方讨论西伯利亚力量2号天然气管道项目。",
            "去年两国贸易额超过170亿美元。",
        ],
        &["天气预报", "体育新闻"],
    )
}

fn english_page() -> String {
    news_page(
        "en",
        None,
        "Harbour Herald",
        "Batbold promises a smelter",
        &[
            "ULAANBAATAR — Batbold promised on Tuesday that the copper smelter near Erdenet \
             would be finished by 2026.",
            "The opposition questioned the cost of the plant.",
        ],
        &["Herders brace for winter"],
    )
}

/// The four sites, under the host names of `verify_languages`'s sources.toml.
async fn start_sites() -> Vec<Site> {
    let pages = [
        ("medee.test", mongolian_page()),
        ("vesti.test", russian_page()),
        ("xinwen.test", chinese_page()),
        ("herald.test", english_page()),
    ];
    let mut sites = Vec::new();
    for (host, html) in pages {
        let path = if host == "herald.test" {
            "/news/smelter"
        } else {
            "/news/beijing"
        };
        let pages = vec![(path.to_string(), Reply::html(html))];
        sites.push(Site::start_with(host, Urls::Portless, pages, Vec::new()).await);
    }
    sites
}

const ARTICLE: &str = "\
# Talks in Beijing

Oyun-Erdene went to Beijing to discuss the Power of Siberia 2 pipeline with China ([Medee, September 27](http://medee.test/news/beijing)).

The Tavan Tolgoi–Gashuunsukhait railway will open next year ([Medee, September 27](http://medee.test/news/beijing)).

Trade between Mongolia and Kazakhstan reached $17 billion ([Medee, September 27](http://medee.test/news/beijing)).

Khurelsukh told reporters in Beijing that trade reached $19 billion ([Medee, September 27](http://medee.test/news/beijing)).

Oyun-Erdene arrived in Beijing to discuss the Power of Siberia 2 gas pipeline with China ([Vesti Stepi, September 27](http://vesti.test/news/beijing)).

The Tavan Tolgoi–Gashuunsukhait line will be finished next year, while Oyun-Erdene went on to Moscow ([Vesti Stepi, September 27](http://vesti.test/news/beijing)).

The premier discussed the Power of Siberia 2 pipeline in Beijing; trade exceeded $17 billion ([Xinwen, September 27](http://xinwen.test/news/beijing)).

The premier then flew to Moscow, where trade exceeded $27 billion ([Xinwen, September 27](http://xinwen.test/news/beijing)).

Batbold promised that the copper smelter near Erdenet would be finished by 2026 ([Harbour Herald, September 27](http://herald.test/news/smelter)).

Enkhbayar promised that the copper smelter would be finished by 2026 ([Harbour Herald, September 27](http://herald.test/news/smelter)).
";

/// The facts of one kind of a citation, as (text, found).
fn facts(citation: &Value, kind: &str) -> Vec<(String, bool)> {
    citation["evidence"][kind]
        .as_array()
        .map(|facts| {
            facts
                .iter()
                .map(|f| {
                    (
                        f["text"].as_str().unwrap_or("").to_string(),
                        f["found"].as_bool().unwrap_or(false),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn owned(facts: &[(&str, bool)]) -> Vec<(String, bool)> {
    facts.iter().map(|(t, f)| (t.to_string(), *f)).collect()
}

/// What one citation of the article must come to.
struct Case {
    /// A piece of the claim that picks the citation.
    claim: &'static str,
    names: &'static [(&'static str, bool)],
    numbers: &'static [(&'static str, bool)],
    verdict: &'static str,
}

/// Every citation of the article: names and numbers exactly these, and the verdict.
const CASES: &[Case] = &[
    // Mongolian: a name opening the claim, an exonym in the dative ("Бээжинд"), a
    // translated pipeline name, China in the genitive ("Хятадын").
    Case {
        claim: "Oyun-Erdene went to Beijing",
        names: &[
            ("Oyun-Erdene", true),
            ("Beijing", true),
            ("Power of Siberia", true),
            ("China", true),
        ],
        numbers: &[],
        verdict: "verified",
    },
    // A project named after two places is one name, found as the page writes it.
    Case {
        claim: "railway will open next year",
        names: &[("Tavan Tolgoi–Gashuunsukhait", true)],
        numbers: &[],
        verdict: "partial",
    },
    // Decoys: a country the page does not name, a person and a figure it does not have.
    Case {
        claim: "Mongolia and Kazakhstan",
        names: &[("Mongolia", true), ("Kazakhstan", false)],
        numbers: &[("$17 billion", true)],
        verdict: "partial",
    },
    Case {
        claim: "Khurelsukh told reporters",
        names: &[("Khurelsukh", false), ("Beijing", true)],
        numbers: &[("$19 billion", false)],
        verdict: "partial",
    },
    // Russian: Beijing as "Пекин", China in the genitive, the pipeline in quotes.
    Case {
        claim: "Oyun-Erdene arrived in Beijing",
        names: &[
            ("Oyun-Erdene", true),
            ("Beijing", true),
            ("Power of Siberia", true),
            ("China", true),
        ],
        numbers: &[],
        verdict: "verified",
    },
    Case {
        claim: "went on to Moscow",
        names: &[
            ("Tavan Tolgoi–Gashuunsukhait", true),
            ("Oyun-Erdene", true),
            ("Moscow", false),
        ],
        numbers: &[],
        verdict: "partial",
    },
    // Chinese: exonyms in Han characters; a Latin name with no Chinese form is not
    // checked (and not counted against the claim), a figure the page lacks is not found.
    Case {
        claim: "The premier discussed",
        names: &[("Power of Siberia", true), ("Beijing", true)],
        numbers: &[("$17 billion", true)],
        verdict: "verified",
    },
    Case {
        claim: "flew to Moscow",
        names: &[("Moscow", false)],
        numbers: &[("$27 billion", false)],
        verdict: "not_found",
    },
    // English: a plain claim opening with the surname the page states is verified by
    // its passage; the same claim about someone else is not.
    Case {
        claim: "Batbold promised",
        names: &[("Batbold", true), ("Erdenet", true)],
        numbers: &[],
        verdict: "verified",
    },
    Case {
        claim: "Enkhbayar promised",
        names: &[("Enkhbayar", false)],
        numbers: &[],
        verdict: "partial",
    },
];

fn expect(citations: &[Value], case: &Case) {
    let c = cited(citations, case.claim);
    let context = serde_json::to_string_pretty(c).unwrap_or_default();
    assert_eq!(c["link"]["status"], "ok", "{context}");
    assert_eq!(facts(c, "names"), owned(case.names), "names of {context}");
    assert_eq!(
        facts(c, "numbers"),
        owned(case.numbers),
        "numbers of {context}"
    );
    assert_eq!(c["verdict"], case.verdict, "verdict of {context}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_are_judged_right_in_mongolian_russian_chinese_and_english_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("sources.toml"), SOURCES).expect("write sources");
    std::fs::write(dir.path().join("article.md"), ARTICLE).expect("write article");
    let sites = start_sites().await;
    let args = verify_args(&sites, "out", &["--fail-on", "never"]);
    let root = dir.path().to_path_buf();
    let (status, stdout, stderr) = tokio::task::spawn_blocking(move || run_citecheck(&root, &args))
        .await
        .expect("the run finishes");
    assert_eq!(status.code(), Some(0), "stdout: {stdout}\nstderr: {stderr}");
    let report = std::fs::read_to_string(dir.path().join("out/article.json")).expect("report");
    let report: Value = serde_json::from_str(&report).expect("valid JSON");
    let citations = report["documents"][0]["citations"]
        .as_array()
        .expect("citations");
    assert_eq!(citations.len(), CASES.len(), "every citation is checked");

    for case in CASES {
        expect(citations, case);
    }
    let batbold = cited(citations, "Batbold promised");
    let passage = batbold["evidence"]["passage"]["excerpt"]
        .as_str()
        .unwrap_or("");
    assert!(passage.contains("Batbold promised on Tuesday"), "{batbold}");
}

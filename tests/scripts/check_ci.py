#!/usr/bin/env python3
"""Checks the CI files a user copies against the Action and the command line they use.

    check_ci.py REPOSITORY CITECHECK_BINARY

- every YAML file of the project parses (action.yml, .github/workflows/, docs/ci/,
  .pre-commit-hooks.yaml);
- action.yml's inputs are exactly the script's (action/citecheck_action.py): each either
  the Action's own or a citecheck option that `citecheck <command> --help` lists, each
  passed to the script as INPUT_*, and its outputs exactly the ones the script writes;
- the release workflow builds exactly the targets the Action installs, under the names it
  downloads;
- every citecheck option a recipe uses exists: `with:` of the Action's steps, `args:`
  given to it, and `citecheck verify|merge` command lines in scripts and hooks;
- every recipe pins the Action to the version in Cargo.toml.

Prints one line per check; exits 1 listing every problem, 77 when PyYAML is missing
(the Rust test then says SKIPPED).
"""

import glob
import importlib.util
import os
import re
import shlex
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("PyYAML is not installed (pip install -r tests/scripts/requirements.txt)", file=sys.stderr)
    sys.exit(77)

PROBLEMS = []
ROOT = "."


def problem(text):
    PROBLEMS.append(text)


def load_action_script(root):
    spec = importlib.util.spec_from_file_location(
        "citecheck_action", os.path.join(root, "action", "citecheck_action.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def help_flags(binary, command):
    shown = subprocess.run(
        [binary, command, "--help"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    return set(re.findall(r"--[a-z][a-z0-9-]*", shown)), shown


def yaml_files(root):
    patterns = [
        "action.yml",
        ".pre-commit-hooks.yaml",
        ".github/workflows/*.yml",
        "docs/ci/*.yml",
        "docs/ci/*.yaml",
    ]
    found = []
    for pattern in patterns:
        found += sorted(glob.glob(os.path.join(root, pattern)))
    return found


def parse_all(root):
    parsed = {}
    for path in yaml_files(root):
        name = os.path.relpath(path, root)
        try:
            with open(path, encoding="utf-8") as text:
                parsed[name] = yaml.safe_load(text)
            print(f"parsed {name}")
        except yaml.YAMLError as e:
            problem(f"{name}: not YAML: {e}")
    return parsed


def check_action(action, script, flags):
    inputs = set((action.get("inputs") or {}).keys())
    flag_inputs = {name: (option, commands) for name, option, commands in script.FLAG_INPUTS}
    expected = set(flag_inputs) | set(script.ACTION_INPUTS)
    for name in sorted(inputs - expected):
        problem(f"action.yml: input {name} is unknown to action/citecheck_action.py")
    for name in sorted(expected - inputs):
        problem(f"action.yml: input {name} of the script is not declared")
    for name, (option, commands) in sorted(flag_inputs.items()):
        for command in commands:
            if option in flags[command]:
                print(f"input {name} is `citecheck {command} {option}`")
            elif option in script.FLAGS_IF_SUPPORTED:
                print(f"input {name} waits for `citecheck {command} {option}` (passed once it exists)")
            else:
                problem(f"action.yml: input {name}: `citecheck {command} --help` has no {option}")
        description = action["inputs"].get(name, {}).get("description", "")
        if option not in description:
            problem(f"action.yml: input {name}'s description does not name {option}")
    # The defaults the CLI shows and the Action's agree where they mean the same.
    default = (action["inputs"].get("fail-on") or {}).get("default")
    if f"[default: {default}]" not in flags["verify-help"].split("--fail-on", 1)[1].split("\n")[0]:
        problem(f"action.yml: fail-on defaults to {default!r}, not citecheck's")
    formats = (action["inputs"].get("format") or {}).get("default", "")
    for fmt in formats.split(","):
        if fmt not in flags["verify-help"].split("--format", 1)[1].split("\n")[0]:
            problem(f"action.yml: format {fmt!r} is not one citecheck writes")
    # Every input reaches the script, and only inputs do.
    text = yaml.safe_dump(action.get("runs"))
    for name in sorted(inputs):
        if name in ("cache-key", "upload", "artifact-name"):
            if f"inputs.{name}" not in text:
                problem(f"action.yml: input {name} is never used")
            continue
        env_name = "INPUT_" + name.upper().replace("-", "_")
        if f"{env_name}: ${{{{ inputs.{name} }}}}" not in text.replace("'", ""):
            problem(f"action.yml: input {name} does not reach the script as {env_name}")
    outputs = set((action.get("outputs") or {}).keys())
    if outputs != set(script.OUTPUTS):
        problem(f"action.yml: outputs {sorted(outputs ^ set(script.OUTPUTS))} differ from the script's")
    for name, spec in (action.get("outputs") or {}).items():
        if spec.get("value") != f"${{{{ steps.run.outputs.{name} }}}}":
            problem(f"action.yml: output {name} is not the run step's {name}")
    # The table of docs/ci/README.md lists every input and output.
    with open(os.path.join(ROOT, "docs", "ci", "README.md"), encoding="utf-8") as text:
        documented = text.read()
    for name in sorted(inputs):
        if f"| `{name}` |" not in documented:
            problem(f"docs/ci/README.md: input {name} is not in the table of inputs")
    for name in sorted(outputs):
        if f"`{name}`" not in documented:
            problem(f"docs/ci/README.md: output {name} is not listed")
    print(f"action.yml: {len(inputs)} inputs, {len(outputs)} outputs")


def check_release(release, script):
    build = release["jobs"]["build"]
    targets = {entry["target"] for entry in build["strategy"]["matrix"]["include"]}
    wanted = set(script.TARGETS.values())
    if targets != wanted:
        problem(f"release.yml builds {sorted(targets)}, the Action installs {sorted(wanted)}")
    package = next(s["run"] for s in build["steps"] if s.get("name") == "Package")
    archive, folder, _ = script.release_names("X", "T")
    if 'name="citecheck-${GITHUB_REF_NAME}-${TARGET}"' not in package or folder != "citecheck-vX-T":
        problem("release.yml: archive names differ from the ones the Action downloads")
    if '"$archive.sha256"' not in package:
        problem("release.yml: no .sha256 beside each archive")
    print(f"release.yml: {len(targets)} targets, the Action's names")


def citecheck_command_lines(script_text):
    """`citecheck verify|merge …` command lines of a shell script (continuations joined)."""
    joined = re.sub(r"\\\n", " ", script_text)
    for line in joined.splitlines():
        match = re.search(r"citecheck\s+(verify|merge)\b(.*)", line)
        if match:
            yield match.group(1), match.group(2)


def options_of(words):
    return [w.split("=", 1)[0] for w in words if w.startswith("--")]


def check_options(where, command, words, flags):
    for option in options_of(words):
        if option not in flags[command]:
            problem(f"{where}: `citecheck {command}` has no {option}")


def uses_the_action(step):
    uses = str(step.get("uses", ""))
    return uses.startswith("citecheck/citecheck@") or uses == "./"


def steps_of(workflow):
    for job in (workflow.get("jobs") or {}).values():
        for step in job.get("steps") or []:
            yield step


def check_recipes(parsed, action, flags, version):
    inputs = set((action.get("inputs") or {}).keys())
    checked = 0
    for name, document in sorted(parsed.items()):
        if name == "action.yml" or document is None:
            continue
        if name == ".pre-commit-hooks.yaml":
            for hook in document:
                words = shlex.split(hook["entry"])
                check_options(f"{name}: {hook['id']}", words[1], words[2:], flags)
                checked += 1
            continue
        if "jobs" not in document:  # GitLab CI: jobs at the top level
            for job_name, job in document.items():
                for line in job.get("script", []) if isinstance(job, dict) else []:
                    for command, rest in citecheck_command_lines(line):
                        check_options(f"{name}: {job_name}", command, shlex.split(rest), flags)
                        checked += 1
            continue
        for step in steps_of(document):
            if uses_the_action(step):
                given = step.get("with") or {}
                for key in given:
                    if key not in inputs:
                        problem(f"{name}: the Action has no input {key}")
                command = given.get("command", "verify")
                words = shlex.split(str(given.get("args", "")).replace("${{", "").replace("}}", ""))
                check_options(f"{name}: args", command, words, flags)
                uses = str(step["uses"])
                if uses != "./" and uses != f"citecheck/citecheck@v{version}":
                    problem(f"{name}: uses {uses}, not this release (v{version})")
                checked += 1
            for command, rest in citecheck_command_lines(str(step.get("run", ""))):
                words = shlex.split(re.sub(r"\$\{\{[^}]*\}\}", "X", rest), comments=True)
                check_options(f"{name}: run", command, words, flags)
                checked += 1
    print(f"recipes: {checked} uses of citecheck checked")


def crate_version(root):
    with open(os.path.join(root, "Cargo.toml"), encoding="utf-8") as cargo:
        return re.search(r'^version = "([^"]+)"', cargo.read(), re.M).group(1)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    global ROOT
    root, binary = argv[1], argv[2]
    ROOT = root
    script = load_action_script(root)
    verify, verify_help = help_flags(binary, "verify")
    merge, _ = help_flags(binary, "merge")
    flags = {"verify": verify, "merge": merge, "verify-help": verify_help}
    parsed = parse_all(root)
    if "action.yml" in parsed:
        check_action(parsed["action.yml"], script, flags)
    release = parsed.get(os.path.join(".github", "workflows", "release.yml"))
    if release:
        check_release(release, script)
    else:
        problem("no .github/workflows/release.yml")
    check_recipes(parsed, parsed.get("action.yml") or {}, flags, crate_version(root))
    for text in PROBLEMS:
        print(f"problem: {text}")
    return 1 if PROBLEMS else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

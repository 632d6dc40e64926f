#!/usr/bin/env python3
"""Read a JUnit XML report with junitparser (an independent reader) and print what it saw.

Usage: read_junit.py REPORT.junit.xml

Prints one JSON object: {"suites": [{"name", "tests", "failures", "errors", "skipped",
"cases": [{"name", "classname", "result": "passed"|"failure"|"error"|"skipped",
"message", "text"}]}]}. Exits 77 when junitparser is missing (the Rust test reports a
skip). Requires: pip install junitparser
"""
import json
import sys

try:
    from junitparser import Error, Failure, JUnitXml, Skipped
except ImportError:
    print("python package junitparser missing: pip install junitparser", file=sys.stderr)
    sys.exit(77)


def result_of(case):
    for result in case.result:
        if isinstance(result, Failure):
            return "failure", result.message, result.text
        if isinstance(result, Error):
            return "error", result.message, result.text
        if isinstance(result, Skipped):
            return "skipped", result.message, result.text
    return "passed", None, None


def main(argv):
    xml = JUnitXml.fromfile(argv[0])
    suites = [xml] if xml._tag == "testsuite" else list(xml)
    out = []
    for suite in suites:
        cases = []
        for case in suite:
            result, message, text = result_of(case)
            cases.append({
                "name": case.name,
                "classname": case.classname,
                "result": result,
                "message": message,
                "text": text,
            })
        out.append({
            "name": suite.name,
            "tests": suite.tests,
            "failures": suite.failures,
            "errors": suite.errors,
            "skipped": suite.skipped,
            "cases": cases,
        })
    print(json.dumps({"suites": out}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

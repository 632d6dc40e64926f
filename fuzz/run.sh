#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 180) on one core, niced, then minimizes its
# corpus. Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). New
# corpus files land in corpus/<target>; seeds/<target> holds the hand-picked starting
# inputs. Crashes land in artifacts/<target> (not committed): add the input to
# corpus/<target> once fixed, so the stable suite replays it forever.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-180}"
targets="${TARGETS:-citations markdown html json sources values feed sitemap cdx robots warc extract}"
nice -n 15 cargo +nightly fuzz build -O
for target in $targets; do
    mkdir -p "corpus/$target"
    echo "== $target (${seconds}s)"
    nice -n 15 cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -max_len=32768 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 2>&1 | tail -n 12
    nice -n 15 cargo +nightly fuzz cmin -O "$target" "corpus/$target" 2>&1 | tail -n 2
done

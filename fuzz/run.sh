#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 180) on one core, niced, then minimizes its
# corpus. Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). New
# corpus files land in corpus/<target>; seeds/<target> holds small hand-written starting
# inputs, and the repository's own fixtures (documents, feeds, sitemaps, pages, the example
# capture) are added as seeds at run time, uncommitted copies under target/fixture-seeds.
# Crashes land in artifacts/<target> (not committed): add the input to corpus/<target>
# once fixed, so the stable suite replays it forever. The committed corpora are a sample of
# the minimized ones (250 files per target spread over sizes up to 8 KiB), to keep the
# repository and the stable replay small; a long run can start from them and grow its own.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-180}"
targets="${TARGETS:-citations markdown html json sources values feed sitemap cdx robots warc extract}"
fixtures() {
    case "$1" in
        citations) echo ../tests/fixtures/documents/*.txt ;;
        markdown) echo ../examples/article.md ../tests/fixtures/documents/*.md ;;
        html) echo ../tests/fixtures/documents/*.html ;;
        json) echo ../tests/fixtures/documents/*.json ;;
        sources) echo ../sources.toml ../examples/sources.toml ;;
        feed) echo ../examples/fixtures/*/feed.xml ../tests/it/common_discovery/sites/*/*.xml ;;
        sitemap) echo ../examples/fixtures/*/sitemap*.xml ../tests/it/common_discovery/sites/*/*.xml ;;
        cdx) echo ../examples/fixtures/archive.example/cdx/search/cdx.json ;;
        robots) echo ../examples/fixtures/*/robots.txt ;;
        warc) echo ../examples/capture.warc.gz ;;
        extract) echo ../examples/fixtures/*/news/*.html ../examples/fixtures/*/2024/*/*/*.html ;;
    esac
}
nice -n 15 cargo +nightly fuzz build -O
for target in $targets; do
    mkdir -p "corpus/$target" "target/fixture-seeds/$target"
    for file in $(fixtures "$target"); do
        [ -f "$file" ] && cp "$file" "target/fixture-seeds/$target/"
    done
    echo "== $target (${seconds}s)"
    nice -n 15 cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" \
        "target/fixture-seeds/$target" -- \
        -max_total_time="$seconds" -max_len=32768 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 2>&1 | tail -n 12
    nice -n 15 cargo +nightly fuzz cmin -O "$target" "corpus/$target" 2>&1 | tail -n 2
    # The fixtures themselves stay where they are, not copied into the corpus.
    for file in "target/fixture-seeds/$target"/*; do
        [ -f "$file" ] || continue
        sum=$(sha1sum "$file" | cut -d' ' -f1)
        rm -f "corpus/$target/$sum"
    done
done

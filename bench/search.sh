#!/usr/bin/env bash
# bench/search.sh [PAGES] — the search budget: builds the benchmark corpus (default 10,000 pages)
# with the release binary and measures, in headless Chromium from file://, the index size, the
# time to load the search page and the time of a set of queries (first run, which loads the text
# shards the query needs, and a second run).
#
# Environment: BENCH_WORK (scratch folder, default bench/work/), SEED (default 1921),
# YANZHEN_BIN=PATH (use this binary instead of cargo build --release), CHROMIUM (browser path).
set -euo pipefail
PAGES=${1:-10000}
SEED=${SEED:-1921}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
work=${BENCH_WORK:-$here/work}
mkdir -p "$work"
work=$(cd "$work" && pwd)
if [[ -n ${YANZHEN_BIN:-} ]]; then
    bin=$YANZHEN_BIN
else
    (cd "$repo" && cargo build --release)
    bin=${CARGO_TARGET_DIR:-$repo/target}/release/yanzhen
fi
corpus=$work/corpus-yanzhen-$PAGES
out=$work/out-search-$PAGES
[[ -d $corpus ]] || python3 "$here/gen_corpus.py" --pages "$PAGES" --seed "$SEED" --flavor yanzhen --out "$corpus" --force
rm -rf "$out"
"$bin" build --root "$corpus" -o "$out"
cd "$repo"
YANZHEN_SEARCH_SITE=$out cargo test --test cli search_budget -- --ignored --nocapture 2>&1 \
    | grep -v '^running\|^test \|^$\|test result' | tee "$work/search-$PAGES.txt"
echo "bench: results in $work/search-$PAGES.txt" >&2

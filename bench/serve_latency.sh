#!/usr/bin/env bash
# bench/serve_latency.sh [PAGES...] — edit-to-reload latency of `yanzhen serve`.
#
#   bash bench/serve_latency.sh              # 1,000 and 10,000 pages
#   bash bench/serve_latency.sh 10000
#
# For each page count: writes the synthetic corpus (gen_corpus.py --flavor yanzhen) into
# bench/work/serve-N/, adds a copy of the built-in base.html as a theme override, then runs
# serve_latency.py twice against `yanzhen serve` (release build):
#   page      EDITS one-page edits (a new paragraph in a case page, a different page each time)
#   title     EDITS title edits of a case page (the page's lists, neighbours and home change too)
#   template  EDITS/3 edits of the base template (every page changes)
# Latency = from the moment the file is saved (written and closed) to the moment the `reload`
# event reaches a client subscribed to the reload channel, which the server sends only after
# the rebuilt pages are in place. The first edit of each series is reported apart (warm-up).
# Each reload is checked: the edited page must show the edit and no error overlay.
#
# Environment: EDITS (default 21), YANZHEN_BIN=PATH (skip cargo), BENCH_WORK (default bench/work).
# Target: median ≤ 50 ms for a one-page edit at 10,000 pages.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
work=${BENCH_WORK:-$here/work}
EDITS=${EDITS:-21}
pages=("$@")
((${#pages[@]})) || pages=(1000 10000)

bin=${YANZHEN_BIN:-}
if [[ -z $bin ]]; then
    (cd "$repo" && cargo build --release --quiet)
    bin=$repo/target/release/yanzhen
fi
mkdir -p "$work"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${pages[@]}"; do
    site=$work/serve-$n
    rm -rf "$site"
    python3 "$here/gen_corpus.py" --pages "$n" --out "$site" --flavor yanzhen >/dev/null 2>&1
    mkdir -p "$site/themes/default/templates"
    cp "$repo/themes/default/templates/base.html" "$site/themes/default/templates/base.html"
    echo -n "$n pages  "
    python3 "$here/serve_latency.py" --bin "$bin" --site "$site" --edits "$EDITS" --kind page \
        --json "$work/serve-latency-$n-page.json"
    echo -n "$n pages  "
    python3 "$here/serve_latency.py" --bin "$bin" --site "$site" --edits "$EDITS" --kind title \
        --json "$work/serve-latency-$n-title.json"
    echo -n "$n pages  "
    python3 "$here/serve_latency.py" --bin "$bin" --site "$site" --edits $(((EDITS + 2) / 3)) \
        --kind template --json "$work/serve-latency-$n-template.json"
done

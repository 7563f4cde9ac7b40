#!/usr/bin/env bash
# Audits the demo site with Lighthouse (npm `lighthouse`, Chromium from Debian) the way it is
# published: built under a sub-path and served over HTTP by a plain static server. Pages: home,
# brand matrix, a case, search (with a query) and stats. Prints each page's four scores and fails
# when one misses its target: Performance >= 95, Accessibility, Best Practices and SEO 100.
#
# Usage: bash scripts/lighthouse.sh   (needs chromium, node/npm, python3; cargo builds the demo)
#   CHROME_PATH=/path/to/chromium overrides the browser; LIGHTHOUSE=/path/to/lighthouse skips the
#   npm install (otherwise lighthouse@12 is installed once under target/lighthouse/).
#   REPORTS=DIR keeps the JSON reports.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
target="${CARGO_TARGET_DIR:-target}"

lighthouse="${LIGHTHOUSE:-}"
if [ -z "$lighthouse" ]; then
    tools="$target/lighthouse"
    if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
        mkdir -p "$tools"
        npm install --prefix "$tools" --no-audit --no-fund --silent lighthouse@12 >/dev/null
    fi
    lighthouse="$tools/node_modules/.bin/lighthouse"
fi

work=$(mktemp -d)
reports="${REPORTS:-$work/reports}"
mkdir -p "$reports" "$work/www"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

cargo run --quiet --no-default-features -- build --base-url /dangjian/ -o "$work/www/dangjian" 2>/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
server_pid=$!
python3 - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/dangjian/", timeout=1)
        break
    except OSError:
        time.sleep(0.1)
PY

base="http://127.0.0.1:$port/dangjian"
pages=(
    "home $base/index.html"
    "brands $base/brands/index.html"
    "case $base/cases/shuiwu-touyan/index.html"
    "search $base/search/index.html?q=%E5%85%9A%E5%91%98"
    "stats $base/stats/index.html"
)
failed=0
printf '%-8s %12s %14s %15s %5s\n' page performance accessibility best-practices seo
for entry in "${pages[@]}"; do
    read -r name url <<<"$entry"
    "$lighthouse" "$url" --quiet --output=json --output-path="$reports/$name.json" \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1
    scores=$(python3 - "$reports/$name.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["categories"]
print(" ".join(str(round(c[k]["score"] * 100)) for k in ("performance", "accessibility", "best-practices", "seo")))
PY
)
    read -r perf a11y bp seo <<<"$scores"
    printf '%-8s %12s %14s %15s %5s\n' "$name" "$perf" "$a11y" "$bp" "$seo"
    if [ "$perf" -lt 95 ] || [ "$a11y" -lt 100 ] || [ "$bp" -lt 100 ] || [ "$seo" -lt 100 ]; then
        failed=1
    fi
done
if [ "$failed" -ne 0 ]; then
    echo "below target (performance >= 95, the others 100); reports: $reports" >&2
    [ -n "${REPORTS:-}" ] || echo "set REPORTS=DIR to keep them" >&2
    exit 1
fi

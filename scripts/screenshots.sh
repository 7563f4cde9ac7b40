#!/usr/bin/env bash
# Regenerates docs/screenshots/: the demo site's home page, brand matrix, a case page, a brand page
# and the stats page, at 1280 px (desktop) and 390 px (phone) wide, taken with headless Chromium
# from file://.
# Usage: bash scripts/screenshots.sh   (needs chromium; CHROMIUM=/path overrides)
set -euo pipefail
cd "$(dirname "$0")/.."
chromium="${CHROMIUM:-chromium}"
out_dir=docs/screenshots
site=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$site" "$profile"' EXIT
cargo run --quiet --no-default-features -- build -o "$site/public"
mkdir -p "$out_dir"

# name, page, height at 1280 px, height at 390 px
shots=(
    "home index.html 2000 3600"
    "brands brands/index.html 2400 5200"
    "case cases/shuiwu-touyan/index.html 2600 5600"
    "brand brands/yanzhen-linghang/index.html 2200 4200"
    "stats stats/index.html 3800 7600"
)
for shot in "${shots[@]}"; do
    read -r name page desktop phone <<<"$shot"
    for size in "1280 $desktop" "390 $phone"; do
        read -r width height <<<"$size"
        "$chromium" --headless=new --no-sandbox --disable-gpu --disable-background-networking \
            --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
            --user-data-dir="$profile" --force-device-scale-factor=1 \
            --window-size="$width,$height" --screenshot="$out_dir/$name-$width.png" \
            "file://$site/public/$page" 2>/dev/null
        echo "$out_dir/$name-$width.png"
    done
done

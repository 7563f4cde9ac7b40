#!/usr/bin/env bash
# bench/book.sh — time the casebook PDF of a 50-entry collection (target ≤ 2 s).
#
#   bash bench/book.sh
#
# Makes a synthetic site with bench/gen_corpus.py (200 pages: 4–8 KB bodies with headings, lists,
# tables, code, quotes, footnotes and SVG pictures), adds a collection of the first 50 pages of
# cases/, reports/ and experience/ in five parts of ten, and times `yanzhen print book50` (which
# builds the whole site and typesets the book) over RUNS runs (default 3). Prints the page count.
# Environment: YANZHEN_BIN=PATH to time that binary instead of building target/release/yanzhen.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
work=${BENCH_WORK:-$here/work}/book
RUNS=${RUNS:-3}
bin=${YANZHEN_BIN:-}
if [[ -z $bin ]]; then
    (cd "$repo" && cargo build --release --quiet)
    bin=$repo/target/release/yanzhen
fi
python3 "$here/gen_corpus.py" --pages 200 --out "$work" --flavor yanzhen --force >/dev/null
python3 - "$work" <<'PY'
import os, sys
root = sys.argv[1]
entries = []
for section in ("cases", "reports", "experience"):
    d = os.path.join(root, "content", section)
    entries += [f"{section}/{f}" for f in sorted(os.listdir(d)) if f.endswith(".md") and f != "_index.md"]
entries = entries[:50]
assert len(entries) == 50, len(entries)
names = ["一", "二", "三", "四", "五"]
lines = ["---", "title: 基层党建典型案例汇编（基准测试）", "subtitle: 五十篇", "compiler: 基准测试 编",
         "date: 2024-12-31", "parts:"]
for k in range(5):
    lines.append(f"  - title: 第{names[k]}篇")
    lines.append("    entries:")
    lines += [f"      - {e}" for e in entries[10 * k:10 * k + 10]]
lines += ["---", "", "这是基准测试用的前言。", ""]
os.makedirs(os.path.join(root, "content", "collections"), exist_ok=True)
open(os.path.join(root, "content", "collections", "book50.md"), "w", encoding="utf-8").write("\n".join(lines))
PY
for ((i = 1; i <= RUNS; i++)); do
    start=$(date +%s%N)
    YANZHEN_TIMINGS=1 "$bin" print book50 --root "$work" 2>"$work.log" || { cat "$work.log" >&2; exit 1; }
    end=$(date +%s%N)
    printf 'run %d: %d ms\n' "$i" $(((end - start) / 1000000))
done
pdf=$work/public/collections/book50/book50.pdf
echo "pages: $(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}'), size: $(du -h "$pdf" | cut -f1)"

#!/usr/bin/env bash
# bench/check.sh [PAGES] — what the inspection rules of `yanzhen check` cost.
#
#   bash bench/check.sh            # 10,000 pages
#   bash bench/check.sh 1000
#
# Times `yanzhen check` on the synthetic corpus of bench/gen_corpus.py twice, alternating, RUNS
# times each: with every rule on (site health, the built-in misspellings, punctuation, and a
# wording.yaml of site rules with literals and patterns), and with all of them skipped
# (`--skip health,wording,punctuation`: the check of before the inspection). Target: the median
# with the rules ≤ 1.5 × the median without them.
#
# Environment: RUNS (default 5), SEED (default 1921), BENCH_WORK (default bench/work/),
# BENCH_STRICT=1 (exit 3 when the target is missed), YANZHEN_BIN=PATH (time this binary instead
# of building target/release/yanzhen; build with --no-default-features: PDF is not involved).
#
# Exit codes: 0 done, 1 a build or a check failed, 2 bad usage, 3 target missed under BENCH_STRICT=1.
set -euo pipefail

PAGES=${1:-10000}
RUNS=${RUNS:-5}
SEED=${SEED:-1921}
TARGET=1.5

die() { echo "bench: $*" >&2; exit "${2:-2}"; }
[[ $PAGES =~ ^[0-9]+$ && $PAGES -gt 0 ]] || die "usage: bash bench/check.sh [PAGES]"
[[ $RUNS =~ ^[0-9]+$ && $RUNS -gt 0 ]] || die "RUNS must be a positive integer"
command -v python3 >/dev/null 2>&1 || die "python3 is required"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
work=${BENCH_WORK:-$here/work}
mkdir -p "$work"
work=$(cd "$work" && pwd)

if [[ -n ${YANZHEN_BIN:-} ]]; then
    bin=$YANZHEN_BIN
    [[ -x $bin ]] || die "YANZHEN_BIN=$bin is not an executable file"
else
    echo "bench: cargo build --release --no-default-features" >&2
    (cd "$repo" && cargo build --release --no-default-features) || die "cargo build failed" 1
    bin=${CARGO_TARGET_DIR:-$repo/target}/release/yanzhen
fi

corpus=$work/corpus-yanzhen-$PAGES
python3 "$here/gen_corpus.py" --pages "$PAGES" --seed "$SEED" --flavor yanzhen --out "$corpus" --force
# Site rules as a site would write them: literal names and 提法, and two patterns.
cat >"$corpus/wording.yaml" <<'EOF'
- {wrong: 十八大以来, right: 党的十八大以来, note: 提法请写全}
- {wrong: 两个维护, right: 两个维护, note: 核对是否应为“两个确立”“两个维护”}
- {wrong: 市委组织部门, right: 市委组织部}
- {pattern: '第[一二三四五六七八九十]+次全国代表大会', message: 核对届次}
- {pattern: '20[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}号', message: 日期用“日”不用“号”}
EOF

logs=$work/check-logs
rm -rf "$logs"
mkdir -p "$logs"

# run TAG ARGS… — one timed check; prints the wall seconds.
run() {
    local tag=$1
    shift
    local t0 t1 rc=0
    t0=$(date +%s.%N)
    "$bin" check --root "$corpus" --today 2025-06-30 "$@" >"$logs/$tag.stdout" 2>"$logs/$tag.stderr" || rc=$?
    t1=$(date +%s.%N)
    if ((rc != 0)); then
        echo "bench: FAILED: check ($tag) exited with $rc" >&2
        tail -n 20 "$logs/$tag.stderr" >&2
        exit 1
    fi
    python3 -c "print(f'{$t1 - $t0:.3f}')"
}

run warmup --skip health,wording,punctuation >/dev/null
on=()
off=()
for ((i = 1; i <= RUNS; i++)); do
    off+=("$(run off-$i --skip health,wording,punctuation)")
    on+=("$(run on-$i)")
done

status=0
python3 - "$PAGES" "$TARGET" "${off[*]}" "${on[*]}" "$logs/on-1.stderr" <<'EOF' || status=$?
import statistics, sys
pages, target = int(sys.argv[1]), float(sys.argv[2])
off = [float(x) for x in sys.argv[3].split()]
on = [float(x) for x in sys.argv[4].split()]
summary = open(sys.argv[5], encoding="utf-8").read().strip().splitlines()[-1]
m_off, m_on = statistics.median(off), statistics.median(on)
ratio = m_on / m_off
print(f"check on {pages} pages, {len(on)} runs each")
print(f"  without the rules  median {m_off:.2f} s  runs {off}")
print(f"  with every rule    median {m_on:.2f} s  runs {on}")
print(f"  last line of a run with the rules: {summary}")
print(f"  ratio {ratio:.2f} (target <= {target}): {'OK' if ratio <= target else 'MISS'}")
sys.exit(0 if ratio <= target else 10)
EOF
if ((status == 10)); then
    [[ ${BENCH_STRICT:-0} == 1 ]] && exit 3
fi
exit 0

#!/usr/bin/env bash
# bench/run.sh [PAGES] — build the same synthetic site with yanzhen and with Hugo and compare.
#
#   bash bench/run.sh            # 10,000 pages
#   bash bench/run.sh 1000
#
# Environment: RUNS (timed runs per tool, default 3), SEED (corpus seed, default 1921),
# BENCH_WORK (scratch folder, default bench/work/, git-ignored),
# BENCH_STRICT=1 (exit 3 when a target is missed; by default only a failed build fails the run),
# YANZHEN_BIN=PATH (time this binary instead of building target/release/yanzhen with cargo).
#
# Exit codes: 0 done, 1 a build (cargo, yanzhen or hugo) failed or wrote nothing, 2 bad usage or
# missing tools, 3 a target was missed under BENCH_STRICT=1.
set -euo pipefail

PAGES=${1:-10000}
RUNS=${RUNS:-3}
SEED=${SEED:-1921}
WALL_TARGET=0.20   # yanzhen wall time / Hugo wall time
MEM_TARGET=0.25    # yanzhen peak RSS / Hugo peak RSS

die() { echo "bench: $*" >&2; exit "${2:-2}"; }
[[ $PAGES =~ ^[0-9]+$ && $PAGES -gt 0 ]] || die "usage: bash bench/run.sh [PAGES]  (PAGES a positive integer)"
[[ $RUNS =~ ^[0-9]+$ && $RUNS -gt 0 ]] || die "RUNS must be a positive integer"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
work=${BENCH_WORK:-$here/work}
mkdir -p "$work"
work=$(cd "$work" && pwd)   # absolute: hugo resolves --destination against --source

# ---------------------------------------------------------------- tools
need=()
command -v hugo >/dev/null 2>&1 || need+=(hugo)
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]})); then
    echo "bench: installing ${need[*]} with apt-get" >&2
    sudo=""
    [[ $(id -u) == 0 ]] || sudo="sudo"
    $sudo apt-get update || die "apt-get update failed" 1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${need[@]}" || die "apt-get install ${need[*]} failed" 1
fi
command -v python3 >/dev/null 2>&1 || die "python3 is required"
[[ -n ${YANZHEN_BIN:-} ]] || command -v cargo >/dev/null 2>&1 || die "cargo is required"

hugo_flags=(--quiet)
# --noBuildLock keeps Hugo from writing .hugo_build.lock into the corpus (Hugo >= 0.89)
hugo_help=$(hugo help 2>&1 || true)
[[ $hugo_help == *--noBuildLock* ]] && hugo_flags+=(--noBuildLock)

# ---------------------------------------------------------------- build yanzhen
if [[ -n ${YANZHEN_BIN:-} ]]; then
    bin=$YANZHEN_BIN
    [[ -x $bin ]] || die "YANZHEN_BIN=$bin is not an executable file"
    echo "bench: using YANZHEN_BIN=$bin (no cargo build)" >&2
else
    echo "bench: cargo build --release" >&2
    (cd "$repo" && cargo build --release) || die "cargo build --release failed" 1
    bin=${CARGO_TARGET_DIR:-$repo/target}/release/yanzhen
    [[ -x $bin ]] || die "no binary at $bin after cargo build" 1
fi

# ---------------------------------------------------------------- corpora
ycorp=$work/corpus-yanzhen-$PAGES
hcorp=$work/corpus-hugo-$PAGES
python3 "$here/gen_corpus.py" --pages "$PAGES" --seed "$SEED" --flavor yanzhen --out "$ycorp" --force
python3 "$here/gen_corpus.py" --pages "$PAGES" --seed "$SEED" --flavor hugo --out "$hcorp" --force

logs=$work/logs
rm -rf "$logs"
mkdir -p "$logs"
raw=$logs/runs.txt
: >"$raw"

# run_one TOOL TAG — one build into a new, empty output folder, timed by GNU time; records
# "TOOL TAG wall_s peak_kib user_s sys_s pages redirects" in $raw unless TAG is warmup.
run_one() {
    local tool=$1 tag=$2
    # Every run writes into a folder of its own. Deleting ~11,000 files just before a run makes
    # ext4 skip the recently freed inodes on every allocation, and that cost grows with each
    # rm -rf (seen here: sys time 0.8 s, 1.8 s, 2.8 s over three runs of the same build); it
    # would measure the file system's memory of the last run, not the build. Outputs are moved
    # aside and deleted once all runs are done.
    local out=$work/out-$tool
    if [[ -e $out ]]; then
        mkdir -p "$work/old"
        mv "$out" "$work/old/out-$tool-$(date +%s%N)"
    fi
    local tf=$logs/$tool-$tag.time so=$logs/$tool-$tag.stdout se=$logs/$tool-$tag.stderr
    local cmd
    if [[ $tool == yanzhen ]]; then
        cmd=("$bin" build --root "$ycorp" -o "$out")
    else
        cmd=(hugo --source "$hcorp" --destination "$out" "${hugo_flags[@]}")
    fi
    sync
    local rc=0
    /usr/bin/time -f '%e %M %U %S' -o "$tf" "${cmd[@]}" >"$so" 2>"$se" || rc=$?
    if ((rc != 0)); then
        echo "bench: FAILED: $tool build ($tag) exited with status $rc" >&2
        echo "bench: command: ${cmd[*]}" >&2
        echo "---- last 40 lines of stderr ($se) ----" >&2
        tail -n 40 "$se" >&2
        echo "---- last 10 lines of stdout ($so) ----" >&2
        tail -n 10 "$so" >&2
        exit 1
    fi
    if [[ ! -d $out ]]; then
        echo "bench: FAILED: $tool build ($tag) exited 0 but did not create $out" >&2
        tail -n 40 "$se" >&2
        exit 1
    fi
    local pages redirects
    pages=$(find "$out" -name index.html -type f | wc -l)
    redirects=$( (grep -rlF --include=index.html 'http-equiv="refresh"' "$out" || true) | wc -l)
    if ((pages == 0)); then
        echo "bench: FAILED: $tool build ($tag) exited 0 but wrote no index.html into $out" >&2
        tail -n 40 "$se" >&2
        exit 1
    fi
    local t
    t=$(tail -n 1 "$tf")
    printf '  %-8s %-7s wall %6ss  peak %8s KiB  pages %s\n' "$tool" "$tag" "${t%% *}" \
        "$(echo "$t" | cut -d' ' -f2)" "$pages" >&2
    [[ $tag == warmup ]] || echo "$tool $tag $t $pages $redirects" >>"$raw"
}

echo "bench: $PAGES pages, 1 warm-up + $RUNS timed runs per tool, alternating" >&2
run_one yanzhen warmup
run_one hugo warmup
for ((r = 1; r <= RUNS; r++)); do
    run_one yanzhen "run$r"
    run_one hugo "run$r"
done

# ---------------------------------------------------------------- report
yver=$("$bin" --version 2>/dev/null | head -n 1 || true)
yrev=$(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo "uncommitted")
hver=$(hugo version 2>/dev/null | head -n 1 | cut -d' ' -f1-2)
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)

set +e   # the report's exit status (3 = a target missed) is handled below
{
    echo
    echo "== machine =="
    echo "nproc: $(nproc)    cpu: ${cpu:-unknown}    kernel: $(uname -sr)"
    echo "load average (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
    free -m
    echo
    echo "== yanzhen vs Hugo, $PAGES pages (seed $SEED), medians of $RUNS runs after one warm-up =="
    echo "yanzhen: ${yver:-yanzhen} @ $yrev    hugo: $hver"
    python3 - "$raw" "$WALL_TARGET" "$MEM_TARGET" "$work/results-$PAGES.json" "$PAGES" <<'PY'
import json, statistics, sys
raw, wall_t, mem_t, out_json, pages = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
runs = {}
for line in open(raw):
    tool, tag, wall, kib, user, sys_, written, redirects = line.split()
    runs.setdefault(tool, []).append(dict(wall=float(wall), kib=int(kib), cpu=float(user) + float(sys_),
                                          pages=int(written), redirects=int(redirects)))
med = {}
for t, rs in runs.items():
    med[t] = {k: statistics.median(r[k] for r in rs) for k in ("wall", "kib", "cpu")}
    med[t].update(pages=rs[-1]["pages"], redirects=rs[-1]["redirects"],
                  walls=[r["wall"] for r in rs], kibs=[r["kib"] for r in rs])
print(f"{'tool':<9}{'wall s':>8}{'cpu s':>8}{'peak MiB':>10}{'pages':>8}{'of which redirects':>20}   wall s of each run")
for t in ("yanzhen", "hugo"):
    m = med[t]
    print(f"{t:<9}{m['wall']:>8.2f}{m['cpu']:>8.2f}{m['kib'] / 1024:>10.0f}{m['pages']:>8}{m['redirects']:>20}   "
          + " ".join(f"{w:.2f}" for w in m["walls"]))
print("(pages = index.html files written; cpu = user + sys; medians)")
wall_r = med["yanzhen"]["wall"] / med["hugo"]["wall"]
mem_r = med["yanzhen"]["kib"] / med["hugo"]["kib"]
ok_w, ok_m = wall_r <= wall_t, mem_r <= mem_t
print()
print(f"ratio yanzhen/hugo  wall time   {wall_r:6.3f}   target <= {wall_t:.2f}   {'PASS' if ok_w else 'MISS'}")
print(f"ratio yanzhen/hugo  peak memory {mem_r:6.3f}   target <= {mem_t:.2f}   {'PASS' if ok_m else 'MISS'}")
json.dump({"pages": pages, "median": med, "ratio": {"wall": wall_r, "memory": mem_r},
           "target": {"wall": wall_t, "memory": mem_t}, "pass": {"wall": ok_w, "memory": ok_m}},
          open(out_json, "w"), indent=2)
sys.exit(0 if ok_w and ok_m else 3)
PY
} | tee "$work/results-$PAGES.txt"
status=${PIPESTATUS[0]}
set -e
rm -rf "$work/old"
echo "bench: results in $work/results-$PAGES.txt and .json; outputs in $work/out-yanzhen, $work/out-hugo" >&2
if ((status == 3)) && [[ ${BENCH_STRICT:-0} == 1 ]]; then
    exit 3
elif ((status != 0 && status != 3)); then
    die "report failed (status $status)" 1
fi
exit 0

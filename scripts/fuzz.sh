#!/usr/bin/env bash
# Runs every cargo-fuzz target for a set time, one after the other, with corpora seeded from the
# test fixtures. Needs the nightly toolchain and `cargo install cargo-fuzz`.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (FUZZ_TARGET_DIR: cargo's target dir)
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(front_matter site_yaml markdown search_tokens docx)
root=..

seed() { # seed TARGET: copies fixture files that fit the target into its corpus
  local dir=corpus/$1
  mkdir -p "$dir"
  case $1 in
    front_matter|markdown|search_tokens)
      i=0; for f in $(find $root/content $root/tests -name '*.md' -size -64k); do
        cp -n "$f" "$dir/$i-$(basename "$f")"; i=$((i+1)); done ;;
    site_yaml)
      i=0; for f in $(find $root -name 'site.yaml' -not -path '*/target/*'); do
        cp -n "$f" "$dir/$i-site.yaml"; i=$((i+1)); done ;;
    docx)
      find $root/tests -name '*.docx' -exec cp -n {} "$dir"/ \; 2>/dev/null || true ;;
  esac
}

for t in "${targets[@]}"; do
  seed "$t"
  echo "== $t: ${secs}s"
  nice -n 19 cargo +nightly fuzz run ${FUZZ_TARGET_DIR:+--target-dir "$FUZZ_TARGET_DIR"} "$t" "corpus/$t" -O -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 \
    2>&1 | grep -E 'stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|ERROR|panicked|Done' || true
done

#!/usr/bin/env bash
# Benchmark (run on demand, not a test): converts the fixture repeated to
# FORMS forms (default 10,000) in one text file to YAML, and reports forms per
# second and peak memory. Usage: bench/convert_speed.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
forms=${FORMS:-10000}
bin="$build/cli/perfgoal"
[ -x "$bin" ] || { echo "build first: cmake -S . -B $build && cmake --build $build" >&2; exit 2; }
data=bench/data
mkdir -p "$data"
per_copy=$(grep -c '项目支出绩效目标表' fixtures/shangdang-2025.txt)
copies=$(( (forms + per_copy - 1) / per_copy ))
input="$data/fixture-x$copies.txt"
if [ ! -f "$input" ]; then
  for _ in $(seq "$copies"); do cat fixtures/shangdang-2025.txt; echo; done > "$input"
fi
rm -rf "$data/out"
log=$(mktemp)
/usr/bin/time -v "$bin" convert "$input" -o "$data/out" 2> "$log" >/dev/null
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
got=$(grep -c '^format: perfgoal-record/1' "$data/out/"*.yaml)
size=$(du -m "$input" | cut -f1)
echo "input: $input (${size} MiB, $got forms converted)"
awk -v f="$got" -v s="$secs" -v r="$rss" 'BEGIN { printf "time: %.2f s  rate: %.0f forms/s  peak RSS: %.1f MiB\n", s, f/s, r/1024 }'
rm -f "$log"

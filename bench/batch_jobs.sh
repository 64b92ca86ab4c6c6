#!/usr/bin/env bash
# Benchmark (on demand): a batch of FILES copies of the fixture (20 forms
# each) converted with -j 1 and with -j 2, in one run; reports both times and
# the ratio. Usage: bench/batch_jobs.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
files=${FILES:-200}
bin="$build/cli/perfgoal"
data=bench/data/batch
mkdir -p "$data/in"
for i in $(seq -w 1 "$files"); do
  [ -f "$data/in/f$i.txt" ] || cp fixtures/shangdang-2025.txt "$data/in/f$i.txt"
done
t() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { print e - s }'; }
rm -rf "$data/out1" "$data/out2"
one=$(t "$bin" convert "$data/in" -o "$data/out1" -j 1)
two=$(t "$bin" convert "$data/in" -o "$data/out2" -j 2)
diff -r "$data/out1" "$data/out2" > /dev/null && same=identical || same=DIFFERENT
forms=$((files * 20))
awk -v a="$one" -v b="$two" -v f="$forms" -v n="$files" -v s="$same" 'BEGIN {
  printf "%d files, %d forms\n-j 1: %.2f s (%.0f forms/s)\n-j 2: %.2f s (%.0f forms/s)\nspeed-up: %.2fx; outputs %s\n",
    n, f, a, f/a, b, f/b, a/b, s }'

#!/usr/bin/env bash
# Benchmark (run on demand, not a test). Builds one text file of FORMS forms
# (default 10,000) by repeating the fixture, then on one core (-j 1):
#   - forms/s and peak RSS of `convert --to yaml`, `--to xml`, `--to xlsx`,
#     `--to yaml,xml,xlsx`, records/s of reading the YAML records back
#     (`convert out.yaml --to yaml`: read, checked and written again), and
#     forms/s of `extract` alone;
#   - the same input split by `mawk -F'\t'` (when mawk is installed) as the
#     speed of the data: each figure is printed with its ratio to mawk's;
#   - peak RSS of each format (yaml, xml, xlsx, yaml,xml,xlsx) and of `check`
#     for RSS_FORMS forms in one file (default "1000 10000 100000") and the
#     ratio largest/smallest (the target: flat within 2x). 10^5 forms is a
#     375 MiB file: the runs raise --max-mib.
# Times are CPU seconds (user + system) of each one-core run.
# Usage: bench/convert_speed.sh [BUILD_DIR]
#   FORMS=N       forms for the speed figures
#   RSS_FORMS=".."  form counts for the memory figures ("" skips them)
#   SPEED=0       skip the speed figures (memory only)
#   RSS_FORMATS=".." the formats measured ("check" for the check command)
#   BIN=path      the perfgoal binary to measure (default BUILD_DIR/cli/perfgoal)
#   BASELINE=path another perfgoal binary (say, main's) measured in the same
#                 run on the same input: each speed figure is printed for it
#                 ("before") and for BIN ("after"), with the speed-up.
#   DISTINCT=1    every copy of the fixture a project of its own (项目名称
#                 + "（第k批）"): what the duplicate check keeps grows with the
#                 distinct projects, not with the repeated ones
# Needs GNU time (/usr/bin/time, Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
forms=${FORMS:-10000}
rss_forms=${RSS_FORMS-1000 10000 100000}
bin="${BIN:-$build/cli/perfgoal}"
[ -x "$bin" ] || { echo "build first: cmake -S . -B $build && cmake --build $build" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time, Debian package 'time')" >&2; exit 2; }
data=bench/data
mkdir -p "$data"
per_copy=$(grep -c '项目支出绩效目标表' fixtures/shangdang-2025.txt)

# input FORMS -> path of a file holding at least FORMS forms
input_for() {
  local copies=$(( ($1 + per_copy - 1) / per_copy ))
  local f="$data/fixture-x$copies.txt"
  if [ "${DISTINCT:-0}" = 1 ]; then
    f="$data/distinct-x$copies.txt"
    [ -f "$f" ] || { awk -F'\t' -v OFS='\t' -v copies="$copies" '
      { line[NR] = $0 }
      END {
        for (k = 0; k < copies; ++k) {
          for (i = 1; i <= NR; ++i) {
            n = split(line[i], c, "\t")
            if (c[1] == "项目名称")
              for (j = 2; j <= n; ++j) if (c[j] != "") { c[j] = c[j] "（第" k "批）"; break }
            out = c[1]; for (j = 2; j <= n; ++j) out = out OFS c[j]
            print out
          }
          print ""
        }
      }' fixtures/shangdang-2025.txt > "$f.tmp" && mv "$f.tmp" "$f"; }
  elif [ ! -f "$f" ]; then
    for _ in $(seq "$copies"); do cat fixtures/shangdang-2025.txt; echo; done > "$f.tmp"
    mv "$f.tmp" "$f"
  fi
  echo "$f"
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# run CMD... -> sets secs and rss (MiB) of the command
run() {
  /usr/bin/time -v "$@" 2> "$log" > /dev/null || { cat "$log" >&2; echo "failed: $*" >&2; exit 1; }
  # CPU seconds (user + system) of the one-core run: on a shared machine the
  # wall clock measures the neighbours too.
  secs=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$log")
}

if [ "${SPEED:-1}" != 0 ]; then
input=$(input_for "$forms")
n=$(( ( (forms + per_copy - 1) / per_copy ) * per_copy ))
size=$(du -m "$input" | cut -f1)
echo "input: $input (${size} MiB, $n forms), one core"

base=""
if command -v mawk > /dev/null; then
  run mawk -F'\t' '{ n += NF } END { print n }' "$input"
  base=$secs
fi
report() {  # label [unit: forms (default) or records]
  local ratio="n/a" unit=${2:-forms}
  [ -n "$base" ] && ratio=$(awk -v s="$secs" -v b="$base" 'BEGIN { if (b > 0) printf "%.1fx", s / b; else printf "n/a" }')
  awk -v l="$1" -v f="$n" -v s="$secs" -v r="$rss" -v x="$ratio" -v u="$unit" \
    'BEGIN { printf "%-36s %7.2f s %9.0f %-9s %8.1f MiB  %s of mawk\n", l, s, (s > 0 ? f / s : 0), u "/s", r, x }'
}
[ -n "$base" ] && { secs=$base; rss=0; report "mawk -F'\\t'"; }
baseline=${BASELINE:-}
[ -z "$baseline" ] || [ -x "$baseline" ] || { echo "BASELINE: no such program: $baseline" >&2; exit 2; }
# measure LABEL UNIT ARGS... : perfgoal ARGS by the baseline (when given) and
# by BIN, one line each, then the speed-up. @OUT@ in ARGS is a fresh output folder.
measure() {
  local label=$1 unit=$2; shift 2
  local before=""
  if [ -n "$baseline" ]; then
    rm -rf "$data/out-before"
    run "$baseline" "${@//@OUT@/$data/out-before}"
    before=$secs
    report "$label (before)" "$unit"
  fi
  rm -rf "$data/out-after"
  run "$bin" "${@//@OUT@/$data/out-after}"
  if [ -n "$baseline" ]; then
    report "$label (after)" "$unit"
    awk -v b="$before" -v a="$secs" 'BEGIN { printf "%-36s %7.1fx faster\n", "", (a > 0 ? b / a : 0) }'
  else
    report "$label" "$unit"
  fi
}
measure "extract" forms extract "$input"
for to in yaml xml xlsx yaml,xml,xlsx; do
  measure "convert --to $to" forms convert "$input" -o @OUT@ -j 1 --no-progress --to "$to"
done
# The records read back: BIN's YAML output (the same bytes as the
# baseline's: golden tests), read by each.
rm -rf "$data/out"
run "$bin" convert "$input" -o "$data/out" -j 1 --no-progress --to yaml
yaml_out="$data/out/$(basename "${input%.txt}").yaml"
got=$(grep -c '^format: perfgoal-record/1' "$yaml_out")
[ "$got" -eq "$n" ] || echo "warning: $got records written for $n forms" >&2
measure "read YAML records (to yaml)" records convert "$yaml_out" -o @OUT@ -j 1 --no-progress --to yaml
rm -rf "$data/out" "$data/out-before" "$data/out-after"
fi

[ -n "$rss_forms" ] || exit 0
echo "peak RSS (MiB) by forms in one file:"
printf "%-16s" "format"; for k in $rss_forms; do printf "%10s" "$k"; done; printf "%10s\n" "max/min"
for to in ${RSS_FORMATS:-yaml xml xlsx yaml,xml,xlsx check}; do
  printf "%-16s" "$to"
  lo=""; hi=0
  for k in $rss_forms; do
    rm -rf "$data/rss"
    if [ "$to" = check ]; then
      run "$bin" check "$(input_for "$k")" --quiet --max-mib 4096 --max-seconds 100000
    else
      run "$bin" convert "$(input_for "$k")" -o "$data/rss" -j 1 --no-progress --max-mib 4096 --max-seconds 100000 --to "$to"
    fi
    printf "%10s" "$rss"
    lo=$(awk -v a="${lo:-$rss}" -v b="$rss" 'BEGIN { print (b < a ? b : a) }')
    hi=$(awk -v a="$hi" -v b="$rss" 'BEGIN { print (b > a ? b : a) }')
  done
  awk -v a="$lo" -v b="$hi" 'BEGIN { printf "%9.1fx\n", b / a }'
done
rm -rf "$data/rss"

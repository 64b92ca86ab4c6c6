#!/usr/bin/env bash
# Peak memory and time of `perfgoal convert --to xlsx` on a batch of 10,000
# forms: the fixture's 20 records repeated 500 times in one YAML file (a YAML
# input is records). Not a test; run on demand:
#   bench/xlsx_memory.sh [BUILD_DIR] [FORMS]
# Needs GNU time (/usr/bin/time, Debian package `time`).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
forms="${2:-10000}"
perfgoal="$build/cli/perfgoal"
data="$here/bench/data"
[ -x "$perfgoal" ] || { echo "no $perfgoal: build first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
mkdir -p "$data"

# The fixture's records, then repeated to $forms forms.
PERFGOAL_TEMPLATES="$here/templates" "$perfgoal" convert "$here/fixtures/shangdang-2025.txt" --to yaml -o "$data" 2>/dev/null
one="$data/shangdang-2025.yaml"
per=$(grep -c '^---$' "$one")
big="$data/batch-$forms.yaml"
: > "$big"
for ((i = 0; i < (forms + per - 1) / per; ++i)); do cat "$one" >> "$big"; done
echo "input: $big ($(grep -c '^---$' "$big") forms, $(du -h "$big" | cut -f1))"

# The workbook, then the same input to YAML: the baseline of reading the
# records (the difference is what the workbook costs).
for to in xlsx yaml; do
  rm -rf "$data/out"
  /usr/bin/time -v "$perfgoal" convert "$big" --to "$to" -o "$data/out" 2> "$data/time.txt" || { cat "$data/time.txt"; exit 1; }
  out="$data/out/$(basename "$big" .yaml).$to"
  echo "--to $to: $(du -h "$out" | cut -f1) written"
  grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$data/time.txt"
done

#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for
# SECONDS (default 60) on a seed corpus made from the fixtures.
# Usage: scripts/fuzz.sh [SECONDS]. Crashes are kept in fuzz/findings/.
# FUZZ_BUILD=DIR uses (and configures, if needed) another build folder; the
# test script shares its sanitizer build this way.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
bdir=${FUZZ_BUILD:-build-fuzz}
command -v clang++ >/dev/null || { echo "fuzz: clang++ is needed (apt-get install clang)" >&2; exit 2; }
if [ ! -f "$bdir/CMakeCache.txt" ] || ! grep -q "PERFGOAL_FUZZ:BOOL=ON" "$bdir/CMakeCache.txt"; then
  cmake -S . -B "$bdir" -DPERFGOAL_FUZZ=ON -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ > "$bdir.log" 2>&1 || { cat "$bdir.log"; exit 1; }
fi
cmake --build "$bdir" -j2 --target fuzz_text_reader fuzz_value_reader fuzz_pdf_reader fuzz_record_yaml >> "$bdir.log" 2>&1 || { tail -30 "$bdir.log"; exit 1; }

work=$bdir/corpus
mkdir -p "$work/text" "$work/value" "$work/pdf" "$work/record" fuzz/findings
# Seeds: the fixture in every encoding, and single forms cut from it.
cp fixtures/shangdang-2025.txt fixtures/encodings/*.txt "$work/text/" 2>/dev/null || true
awk -v dir="$work/text" '/项目支出绩效目标表/ {n++} {print > (dir "/form" n ".txt")}' fixtures/shangdang-2025.txt
cut -f 5 fixtures/shangdang-2025.txt | sort -u | head -200 | awk -v dir="$work/value" '{f=dir "/v" NR; printf "%s", $0 > f; close(f)}'
# Record texts: NUL-separated cells of one form (small seeds).
awk -F'\t' -v dir="$work/record" 'NR % 7 == 1 && NR < 300 {f=dir "/r" NR; printf "%s\0%s\0%s", $1, $2, $NF > f; close(f)}' fixtures/shangdang-2025.txt
find fixtures -name '*.pdf' -exec cp {} "$work/pdf/" \; 2>/dev/null || true

status=0
for target in "$bdir"/fuzz/fuzz_*; do
  name=$(basename "$target")
  case "$name" in
    fuzz_text_reader) corpus="$work/text" ;;
    fuzz_value_reader) corpus="$work/value" ;;
    fuzz_pdf_reader) corpus="$work/pdf" ;;
    fuzz_record_yaml) corpus="$work/record" ;;
    *) continue ;;
  esac
  echo "fuzz: $name for ${seconds}s"
  if ! "$target" -max_total_time="$seconds" -max_len=200000 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix=fuzz/findings/"$name"- -print_final_stats=1 "$corpus" > "$bdir/$name.log" 2>&1; then
    echo "fuzz: $name FOUND A PROBLEM (see build-fuzz/$name.log and fuzz/findings/)"; tail -40 "$bdir/$name.log"; status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$bdir/$name.log" | tail -2
  fi
done
exit $status

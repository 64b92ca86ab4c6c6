#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for
# SECONDS (default 60) from the small seed corpus kept in fuzz/corpus/<target>
# (made by fuzz/make_corpus.py) with a dictionary from fuzz/dict/. New inputs
# go to fuzz/corpus-run/<target> (kept between runs, not in the repository);
# crashes to fuzz/findings/. Prints each target's executions per second and
# coverage (libFuzzer's cov: edges, ft: features).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]. FUZZ_BUILD=DIR uses (and
# configures, if needed) another build folder; the test script shares its
# sanitizer build this way.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
bdir=${FUZZ_BUILD:-build-fuzz}
# target corpus dictionary max_len
table="fuzz_text_reader text forms.dict 16384
fuzz_value_reader value forms.dict 256
fuzz_pdf_reader pdf pdf.dict 65536
fuzz_yaml_records yaml yaml.dict 16384
fuzz_output_roundtrip roundtrip yaml.dict 16384
fuzz_record_yaml roundtrip yaml.dict 4096"
wanted=${*:-$(echo "$table" | cut -d' ' -f1 | tr '\n' ' ')}

command -v clang++ >/dev/null || { echo "fuzz: clang++ is needed (apt-get install clang)" >&2; exit 2; }
if [ ! -f "$bdir/CMakeCache.txt" ] || ! grep -q "PERFGOAL_FUZZ:BOOL=ON" "$bdir/CMakeCache.txt"; then
  cmake -S . -B "$bdir" -DPERFGOAL_FUZZ=ON -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ > "$bdir.log" 2>&1 || { cat "$bdir.log"; exit 1; }
fi
# shellcheck disable=SC2086
cmake --build "$bdir" -j2 --target $wanted >> "$bdir.log" 2>&1 || { tail -30 "$bdir.log"; exit 1; }

mkdir -p fuzz/findings
status=0
while read -r name corpus dict max_len; do
  case " $wanted " in *" $name "*) ;; *) continue ;; esac
  run=fuzz/corpus-run/$corpus
  mkdir -p "$run"
  echo "fuzz: $name for ${seconds}s (seeds fuzz/corpus/$corpus, dictionary fuzz/dict/$dict)"
  if ! "$bdir/fuzz/$name" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
       -dict="fuzz/dict/$dict" -artifact_prefix=fuzz/findings/"$name"- -print_final_stats=1 \
       "$run" "fuzz/corpus/$corpus" > "$bdir/$name.log" 2>&1; then
    echo "fuzz: $name FOUND A PROBLEM (see $bdir/$name.log and fuzz/findings/)"; tail -40 "$bdir/$name.log"; status=1
  else
    done_line=$(grep -E "^#[0-9]+[[:space:]]+DONE" "$bdir/$name.log" | tail -1 || true)
    execs=$(grep -E "stat::number_of_executed_units" "$bdir/$name.log" | awk '{print $2}' || true)
    rate=$(grep -E "stat::average_exec_per_sec" "$bdir/$name.log" | awk '{print $2}' || true)
    cov=$(echo "$done_line" | grep -oE "cov: [0-9]+ ft: [0-9]+" || true)
    echo "fuzz: $name: $execs executions, $rate exec/s, $cov"
  fi
done <<< "$table"
exit $status

#!/usr/bin/env bash
# Builds and runs every test: the normal build with all unit, golden and
# end-to-end tests; then the same tests built with AddressSanitizer and
# UBSan; then a short run of each fuzz target. --quick: the first part only.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-2}

echo "== build and test"
cmake -S . -B build > /dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs" | tee build/ctest.log
[ "${1:-}" = "--quick" ] && exit 0

# One clang build serves both: the tests under ASan + UBSan, and the fuzz
# targets (PERFGOAL_FUZZ implies the sanitizers).
echo "== build and test with AddressSanitizer and UBSan (clang)"
cmake -S . -B build-asan -DPERFGOAL_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ > /dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" | tee build-asan/ctest.log

echo "== fuzz smoke run"
FUZZ_BUILD=build-asan scripts/fuzz.sh "${FUZZ_SECONDS:-6}"  # 5 targets x 6 s

summary() { grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$1" | tail -1; }
passed=0; failed=0
for log in build/ctest.log build-asan/ctest.log; do
  line=$(summary "$log")
  total=$(echo "$line" | sed -E 's/.* out of ([0-9]+).*/\1/')
  bad=$(echo "$line" | sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/')
  passed=$((passed + total - bad)); failed=$((failed + bad))
done
echo "tests: $passed passed, $failed failed"

#!/usr/bin/env bash
# The PDF and scan readers are a module (perfgoal-pdf.so) the program loads
# only for a PDF or an image: the program itself needs none of Poppler,
# Tesseract and Leptonica, converts text without the module, and says where
# it looked when the module is not there for a PDF.
#
# usage: pdf_module.sh PERFGOAL SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1
src=$(cd "$2" && pwd)
work=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

needed=$(readelf -d "$bin" | grep NEEDED || true)
if grep -Ei 'poppler|tesseract|lept' <<< "$needed"; then fail "the program links the PDF and scan libraries"; fi

rm -rf "$work"
mkdir -p "$work/alone"
work=$(cd "$work" && pwd)
cp "$bin" "$work/alone/perfgoal"   # no module beside it, none in ../lib/perfgoal
cd "$work"
alone/perfgoal convert "$src/fixtures/shangdang-2025.txt" --to yaml -o out-text --no-progress > text.log 2>&1 ||
  { cat text.log; fail "text converted without the module"; }
[ "$(grep -c '^format: perfgoal-record/1' out-text/shangdang-2025.yaml)" -eq 20 ] || fail "20 records from the text"
if alone/perfgoal convert "$src/fixtures/pdf/calc-forms.pdf" --to yaml -o out-pdf --no-progress > pdf.log 2>&1; then
  fail "a PDF converted with no module"
fi
grep -q 'perfgoal-pdf.so is not installed (looked for ' pdf.log || { cat pdf.log; fail "the missing module is not named"; }
echo "pdf module: ok"

#!/usr/bin/env bash
# PDF reading speed: perfgoal against `pdftotext -bbox-layout` (Poppler's own
# text extraction with boxes: the floor for any reader built on Poppler) on the
# same file of a few hundred form pages. Not a test: run it by hand.
#
# usage: bench/pdf_speed.sh [PERFGOAL] [REPEATS]
#   PERFGOAL  the binary (default build/cli/perfgoal)
#   REPEATS   copies of the fixture PDFs joined into one file (default 15)
# Needs: qpdf, poppler-utils (pdftotext, pdfinfo).
set -euo pipefail
cd "$(dirname "$0")/.."
perfgoal=${1:-build/cli/perfgoal}
repeats=${2:-15}
runs=3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Rotated pages too: the LibreOffice print stored with /Rotate 90, and a
# sample page drawn turned by its text matrix.
qpdf --rotate=+90 fixtures/pdf/libreoffice-forms.pdf "$work/rotated.pdf"
pages=()
for _ in $(seq "$repeats"); do
  pages+=(fixtures/pdf/chromium-forms.pdf fixtures/pdf/libreoffice-forms.pdf "$work/rotated.pdf"
          tests/pdf_variants/sample/pdfvar-36-r270.pdf)
done
qpdf --empty --pages "${pages[@]}" -- "$work/bench.pdf"
count=$(pdfinfo "$work/bench.pdf" | awk '/^Pages:/ {print $2}')
echo "bench.pdf: $count pages, $(du -k "$work/bench.pdf" | cut -f1) KiB ($repeats x chromium-forms.pdf + libreoffice-forms.pdf + the same at /Rotate 90 + a page set by a turned text matrix)"

# Best of $runs wall-clock seconds of a command.
best() {
  local best_time=""
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    best_time=$(echo "$t0 $t1 $best_time" | awk '{d = $2 - $1; if ($3 == "" || d < $3) print d; else print $3}')
  done
  echo "$best_time"
}

floor=$(best pdftotext -bbox-layout "$work/bench.pdf" "$work/bbox.html")
extract=$(best "$perfgoal" extract "$work/bench.pdf")
convert=$(best "$perfgoal" convert "$work/bench.pdf" -o "$work/out")
forms=$(grep -c '^format: perfgoal-record/1' "$work/out/bench.yaml" || true)

awk -v n="$count" -v f="$floor" -v e="$extract" -v c="$convert" -v forms="$forms" 'BEGIN {
  printf "pdftotext -bbox-layout  %7.3f s  %7.1f pages/s\n", f, n / f
  printf "perfgoal extract        %7.3f s  %7.1f pages/s  %.2fx pdftotext\n", e, n / e, e / f
  printf "perfgoal convert        %7.3f s  %7.1f pages/s  %.2fx pdftotext  (%d forms to YAML)\n", c, n / c, c / f, forms
}'

#!/usr/bin/env bash
# Scans at several resolutions, read by OCR and scored (accuracy per dpi,
# wrong fields left unmarked, CPU seconds per page on one core).
#
# usage: bench/ocr_scores.sh PERFGOAL [OUT_DIR] [DPIS] [PDF ...]
#   e.g. bench/ocr_scores.sh build/cli/perfgoal /tmp/scans 150,300 fixtures/pdf/libreoffice-forms.pdf
# Needs the fixture tools (poppler-utils, ImageMagick, img2pdf) to make the scans.
set -euo pipefail
perfgoal=$(realpath "$1")
out=${2:-/tmp/perfgoal-scans}
dpis=${3:-150,200,300}
shift $(( $# < 3 ? $# : 3 ))
here=$(cd "$(dirname "$0")/.." && pwd)
pdfs=("$@")
[ ${#pdfs[@]} -gt 0 ] || pdfs=("$here"/fixtures/pdf/{libreoffice,calc,chromium}-forms.pdf)
python3 "$here/tests/scans/make_scans.py" "$out" "${pdfs[@]}" --dpi "$dpis"
OMP_THREAD_LIMIT=1 python3 "$here/tests/scans/score_scans.py" "$perfgoal" "$out" "$out/read"

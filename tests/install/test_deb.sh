#!/usr/bin/env bash
# The .deb as a user gets it: built with cpack -G DEB from the build folder,
# its dependencies declared, its files where a Debian tool keeps them; then,
# unpacked into a temporary root (dpkg-deb -x), the installed binary with its
# installed templates converts the fixture from another folder.
# The package is left in WORK_DIR/pkg for install_deb.sh (CTest install.dpkg),
# which installs it for real with dpkg where that harms nothing.
#
# usage: test_deb.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
work=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/pkg" "$work/root" "$work/elsewhere"
work=$(cd "$work" && pwd)

# 1. The package.
(cd "$work/pkg" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" > cpack.log 2>&1) ||
  { cat "$work/pkg/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$work"/pkg/perfgoal_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no perfgoal_*.deb in $work/pkg"
echo "package: $(basename "$deb")"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libpoppler libxlsxwriter libminizip1 zlib1g libisal2 libyaml-cpp libpugixml libstdc++6 libc6 \
           poppler-data tesseract-ocr-chi-sim tesseract-ocr-eng; do
  [[ ", $depends" == *", $lib"* ]] || fail "Depends does not name $lib"
done
[ "$(dpkg-deb -f "$deb" Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/perfgoal ./usr/share/man/man1/perfgoal.1.gz ./usr/share/bash-completion/completions/perfgoal \
         ./usr/share/doc/perfgoal/README.md ./usr/share/doc/perfgoal/checks.md \
         ./usr/share/perfgoal/templates/checks.yaml ./usr/share/perfgoal/templates/forms/shanxi-county-project-targets.yaml \
         ./usr/share/perfgoal/templates/xml/perfgoal-portal.xsd; do
  grep -qx -- "$f" <<< "$contents" || fail "$f is not in the package"
done

# 2. Unpacked into a temporary root; run from another folder, with no
#    PERFGOAL_TEMPLATES: the templates are found beside the binary.
dpkg-deb -x "$deb" "$work/root"
bin="$work/root/usr/bin/perfgoal"
cp "$src/fixtures/shangdang-2025.txt" "$work/elsewhere/"
cd "$work/elsewhere"
env -u PERFGOAL_TEMPLATES SOURCE_DATE_EPOCH=1735689600 "$bin" convert shangdang-2025.txt --to yaml,xml,xlsx -o out \
  --no-progress > convert.log 2>&1 || { cat convert.log; fail "installed perfgoal convert"; }
for f in out/shangdang-2025.yaml out/shangdang-2025.xml out/shangdang-2025.xlsx out/shangdang-2025.findings.json; do
  [ -s "$f" ] || fail "$f not written"
done
# The records as the golden test has them (the source file's path aside: it is as given).
same_records() { diff <(grep -v '^  file: ' "$1") <(grep -v '^  file: ' "$src/tests/golden/shangdang-2025/expected/shangdang-2025.yaml"); }
same_records out/shangdang-2025.yaml > records.diff || { head -20 records.diff; fail "YAML differs from the golden output"; }
xmllint --noout --schema "$work/root/usr/share/perfgoal/templates/xml/perfgoal-portal.xsd" out/shangdang-2025.xml ||
  fail "XML not valid against the installed XSD"
echo "converted from $(pwd) with $bin: $(grep -c '^---' out/shangdang-2025.yaml) forms"

# The PDF and scan readers are a module the program loads for such inputs:
# installed where the installed program finds it.
grep -q -- '/perfgoal/perfgoal-pdf\.so$' <<< "$contents" || fail "the PDF reader module is not in the package"
cp "$src/fixtures/pdf/calc-forms.pdf" "$work/elsewhere/"
env -u PERFGOAL_TEMPLATES "$bin" convert calc-forms.pdf --to yaml -o outpdf --no-progress > convert-pdf.log 2>&1 ||
  { cat convert-pdf.log; fail "installed perfgoal convert of a PDF"; }
[ "$(grep -c '^format: perfgoal-record/1' outpdf/calc-forms.yaml)" -ge 1 ] || fail "no records from the PDF"
echo "converted a PDF with the installed reader module: $(grep -c '^---' outpdf/calc-forms.yaml) forms"

# The installed templates are the ones read: a rule switched off there is off.
sed -i 's/^disabled: \[\]/disabled: [signoff-blank]/' "$work/root/usr/share/perfgoal/templates/checks.yaml"
env -u PERFGOAL_TEMPLATES "$bin" check shangdang-2025.txt > check.txt || true
grep -q 'signoff-blank' check.txt && fail "the installed checks.yaml was not read"
grep -q 'warning\[satisfaction-direction\]' check.txt || fail "check printed no findings"

# 3. The man page and the completion.
zcat "$work/root/usr/share/man/man1/perfgoal.1.gz" | grep -q '^\.TH PERFGOAL 1' || fail "man page header"
if command -v groff > /dev/null; then
  warnings=$(zcat "$work/root/usr/share/man/man1/perfgoal.1.gz" | groff -k -man -Tutf8 -ww -z 2>&1 || true)
  [ -z "$warnings" ] || fail "man page: $warnings"
fi
completion="$work/root/usr/share/bash-completion/completions/perfgoal"
got=$(bash -c "source '$completion'; COMP_WORDS=(perfgoal conv); COMP_CWORD=1; _perfgoal; echo \${COMPREPLY[*]}")
[ "$got" = "convert" ] || fail "completion of 'perfgoal conv': '$got'"
got=$(bash -c "source '$completion'; COMP_WORDS=(perfgoal convert x --to); COMP_CWORD=4; COMP_WORDS+=(''); _perfgoal; echo \${COMPREPLY[*]}")
[[ " $got " == *" yaml,xml,xlsx "* ]] || fail "completion of --to: '$got'"
echo "man page and bash completion installed"

echo "deb: ok"

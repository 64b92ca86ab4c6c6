#!/usr/bin/env bash
# The .deb installed for real (issue 13 item 9): apt resolves every declared
# dependency, dpkg -i installs it, /usr/bin/perfgoal converts the fixture from
# another folder with the templates installed under /usr/share/perfgoal, then
# dpkg --purge removes it and nothing of it is left.
#
# Runs where it harms nothing: as root (CI runs the tests as root on a fresh
# machine), when dpkg knows no perfgoal package and no /usr/bin/perfgoal or
# /usr/share/perfgoal exists. Otherwise it says why and exits 77 (CTest:
# skipped), touching nothing. Runs of this test on one machine take turns
# (flock), so two checkouts tested at once never install over each other.
#
# usage: install_deb.sh DEB_FOLDER SOURCE_DIR WORK_DIR
set -euo pipefail
debs=$1
src=$(cd "$2" && pwd)
work=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIPPED: the real install of the .deb: $*"; exit 77; }

[ "$(id -u)" -eq 0 ] || skip "not root (CI runs it as root)"
command -v dpkg > /dev/null || skip "no dpkg"
deb=$(ls "$debs"/perfgoal_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no perfgoal_*.deb in $debs (CTest install.deb makes it)"
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")

exec 9> /tmp/perfgoal-install-deb-test.lock
flock 9
status=$(dpkg-query -W -f='${db:Status-Status}' perfgoal 2>/dev/null || true)
[ -z "$status" ] || [ "$status" = not-installed ] || skip "dpkg already has a perfgoal package ($status): left alone"
for p in /usr/bin/perfgoal /usr/share/perfgoal; do
  [ ! -e "$p" ] || skip "$p exists (installed by other means): left alone"
done

rm -rf "$work"
mkdir -p "$work/elsewhere"
work=$(cd "$work" && pwd)

# Every declared dependency resolves in the Debian archive and is on this
# machine already: apt would install the package and nothing else.
if command -v apt-get > /dev/null; then
  apt-get install --simulate --no-install-recommends "$deb" > "$work/apt.log" 2>&1 ||
    { cat "$work/apt.log"; fail "apt-get cannot install the .deb (a dependency that does not resolve?)"; }
  others=$(awk '$1 == "Inst" && $2 != "perfgoal" {print $2}' "$work/apt.log")
  [ -z "$others" ] || fail "dependencies missing on this machine: $others"
fi

installed=""
cleanup() {
  if [ -n "$installed" ]; then dpkg --purge perfgoal > "$work/remove.log" 2>&1 || cat "$work/remove.log"; fi
}
trap cleanup EXIT
installed=yes  # from here on, whatever dpkg -i left is removed again
dpkg -i "$deb" > "$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i (dependencies missing?)"; }
[ "$(dpkg-query -W -f='${db:Status-Status}' perfgoal)" = installed ] || fail "dpkg does not list perfgoal as installed"

cp "$src/fixtures/shangdang-2025.txt" "$work/elsewhere/"
cd "$work/elsewhere"
env -u PERFGOAL_TEMPLATES SOURCE_DATE_EPOCH=1735689600 /usr/bin/perfgoal convert shangdang-2025.txt \
  --to yaml,xml,xlsx -o out --no-progress > convert.log 2>&1 || { cat convert.log; fail "/usr/bin/perfgoal convert"; }
# The records of the golden run, named as this run names its input.
sed 's|^  file: "fixtures/shangdang-2025.txt"$|  file: "shangdang-2025.txt"|' \
  "$src/tests/golden/shangdang-2025/expected/shangdang-2025.yaml" > want.yaml
cmp -s want.yaml out/shangdang-2025.yaml || { diff want.yaml out/shangdang-2025.yaml | head -20; fail "YAML differs from the golden output"; }
[ -s out/shangdang-2025.xlsx ] && [ -s out/shangdang-2025.findings.json ] || fail "xlsx or findings not written"
if command -v xmllint > /dev/null; then
  xmllint --noout --schema /usr/share/perfgoal/templates/xml/perfgoal-portal.xsd out/shangdang-2025.xml 2> xmllint.log ||
    { cat xmllint.log; fail "XML not valid against the installed XSD"; }
fi
env -u PERFGOAL_TEMPLATES /usr/bin/perfgoal check shangdang-2025.txt --min-severity warning > check.txt || true
grep -q '^shangdang-2025.txt:303: warning\[satisfaction-direction\]' check.txt || fail "installed perfgoal check"
echo "installed with dpkg -i, converted from $(pwd) with /usr/bin/perfgoal: $(grep -c '^---' out/shangdang-2025.yaml) forms"

installed=""
dpkg --purge perfgoal > "$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "dpkg --purge perfgoal"; }
for p in /usr/bin/perfgoal /usr/share/perfgoal /usr/share/man/man1/perfgoal.1.gz; do
  [ ! -e "$p" ] || fail "$p left after dpkg --purge"
done
[ -z "$(dpkg-query -W -f='${db:Status-Status}' perfgoal 2>/dev/null || true)" ] || fail "dpkg still lists perfgoal"
echo "removed with dpkg --purge: nothing left"

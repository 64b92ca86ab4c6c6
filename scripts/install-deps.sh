#!/usr/bin/env bash
# Installs the Debian 12 packages perfgoal needs to build, test and convert,
# skipping those already installed. Needs root (or sudo) for apt-get.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config   # toolchain
  libyaml-cpp-dev        # YAML records, templates, configuration
  libyaml-dev            # YAML records read back (libyaml's event parser)
  libpugixml-dev         # XML for the portal
  libxlsxwriter-dev      # Excel workbooks
  libminizip-dev zlib1g-dev  # Excel workbooks: the large sheets' rows deflated and put into the package
  libisal-dev            # Excel workbooks: those rows deflated by ISA-L's igzip (4x zlib)
  libpoppler-cpp-dev     # PDF input
  libpoppler-private-dev # PDF input: Poppler's core API (ruling lines of the grid, characters with boxes)
  poppler-data           # PDF input: Poppler's maps for Chinese fonts that are not embedded (STSong, Adobe-GB1)
  libtesseract-dev       # scanned pages: OCR (Tesseract 5)
  tesseract-ocr-chi-sim  # its simplified Chinese model
  tesseract-ocr-eng      # its Latin model, for the digits-only second pass over amounts
  libleptonica-dev       # scanned pages: images, deskew, ruling lines
  libmimalloc-dev        # the program's allocator (optional: glibc's malloc without it)
  unicode-data           # EquivalentUnifiedIdeograph.txt: radicals -> ideographs table, generated at build time
  libcli11-dev           # command line
  nlohmann-json3-dev     # JSON: run reports, findings (check --format json, .findings.json)
  doctest-dev            # unit tests
  python3 python3-yaml   # the scorer and test helpers
  libxml2-utils          # xmllint, to validate XML against the XSD in tests
  python3-openpyxl       # reading workbooks back in tests
  clang libclang-rt-14-dev  # fuzz targets (libFuzzer) in scripts/test.sh
  dpkg-dev file           # cpack -G DEB: dpkg-shlibdeps finds the package's dependencies
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

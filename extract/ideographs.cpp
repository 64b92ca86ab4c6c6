#include "extract/ideographs.h"

#include <algorithm>
#include <array>

namespace perfgoal {
namespace {

struct Range {
  char32_t first, last, unified;
};

constexpr Range kRanges[] = {
#include "equivalent_ideographs.inc"
};

}  // namespace

char32_t unified_ideograph(char32_t c) {
  // Where the table gives a traditional form and the radical's glyph in a
  // Simplified Chinese font is the simplified one (Chromium maps the glyph of
  // 户 to ⼾), the simplified ideograph is meant, as pdftotext gives it.
  switch (c) {
    case 0x2F3E: return 0x6237;  // ⼾ -> 户 (the table: 戶)
    case 0x2FAD: return 0x9752;  // ⾭ -> 青 (the table: 靑)
    case 0x2015: return 0x2014;  // ― HORIZONTAL BAR, drawn for — (EM DASH)
    default: break;
  }
  // All the file's sources lie in U+2E80..U+31EF (radicals, strokes).
  if (c < 0x2E80 || c > 0x31EF) return c;
  auto it = std::upper_bound(std::begin(kRanges), std::end(kRanges), c,
                             [](char32_t v, const Range& r) { return v < r.first; });
  if (it == std::begin(kRanges)) return c;
  --it;
  return c <= it->last ? it->unified : c;
}

}  // namespace perfgoal

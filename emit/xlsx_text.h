// Text rules of the Excel writer that need no workbook: Excel's sheet-name
// rules, the display width of text (for column widths and row heights), a
// column's letters.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

#include "model/text_safety.h"

namespace perfgoal::xlsx {

// A column's letters in an A1 reference (0: A, 25: Z, 26: AA), appended to
// `out`.
inline void append_column_letters(std::string& out, int col) {
  char letters[8];  // 26^7 > INT_MAX
  int n = 0;
  for (int c = col + 1; c > 0; c = (c - 1) / 26) letters[n++] = static_cast<char>('A' + (c - 1) % 26);
  while (n > 0) out += letters[--n];
}

// Excel's limit on a sheet name, in UTF-16 code units (a CJK character is
// one; a character outside the BMP is two).
inline constexpr std::size_t kMaxSheetName = 31;

// Display width in Excel column units: East Asian wide and fullwidth
// characters (CJK ideographs, fullwidth punctuation such as （）：) count 2,
// everything else 1. Invalid UTF-8 bytes count 1 each.
double display_width(std::string_view utf8);

// How many lines `utf8` takes when wrapped in a cell `width` units wide
// (explicit line breaks included). At least 1.
int wrapped_lines(std::string_view utf8, double width);

// `utf8` when it fits in a cell; else its beginning, cut at a character
// boundary, followed by `marker`, together within kMaxCellText.
std::string fit_cell_text(std::string_view utf8, std::string_view marker);

// Excel's rules for a sheet name: 1..31 UTF-16 units; none of [ ] : * ? / \ ;
// no apostrophe first or last; valid UTF-8. (Uniqueness is the namer's job.)
bool is_valid_sheet_name(std::string_view name);

// Hands out sheet names that satisfy Excel's rules and are unique in the
// workbook. Uniqueness is case-insensitive for ASCII letters, as Excel and
// libxlsxwriter compare names (CJK has no case).
class SheetNamer {
 public:
  // Reserves a fixed name (the summary sheets). Returns false when it is
  // invalid or already taken.
  bool reserve(const std::string& name);

  // A valid, unique name made from `wanted`: forbidden characters become
  // "_", control characters and surrounding spaces and apostrophes go, the
  // text is cut to fit (never inside a character), an empty result becomes
  // `fallback`, and a name already used gets " (2)", " (3)", ... (cutting
  // the text further so the suffix fits).
  std::string assign(std::string_view wanted, std::string_view fallback);

 private:
  std::set<std::string> used_;  // folded names
  bool take(const std::string& name);
};

}  // namespace perfgoal::xlsx

#include "emit/xlsx_text.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace perfgoal::xlsx {
namespace {

CodePoint decode(std::string_view s, std::size_t i) { return decode_utf8(s, i); }

bool valid_utf8(std::string_view s) { return first_invalid_utf8(s) == std::string_view::npos; }

// East Asian Wide (W) and Fullwidth (F) ranges of Unicode's EastAsianWidth.txt,
// the blocks that occur in these forms and their neighbours.
bool is_wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

std::size_t utf16_units(char32_t c) { return c >= 0x10000 ? 2 : 1; }

std::string fold(std::string_view name) {
  std::string f(name);
  for (char& ch : f)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return f;
}

bool forbidden(char32_t c) {
  return c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\';
}

// The longest prefix of `s` (whole characters) with at most `units` UTF-16 units.
std::string cut(std::string_view s, std::size_t units) {
  std::size_t used = 0, i = 0;
  while (i < s.size()) {
    CodePoint c = decode(s, i);
    if (used + utf16_units(c.value) > units) break;
    used += utf16_units(c.value);
    i += c.length;
  }
  return std::string(s.substr(0, i));
}

std::string trim_name(std::string s) {
  auto strip = [](char ch) { return ch == ' ' || ch == '\''; };
  std::size_t b = 0, e = s.size();
  while (b < e && strip(s[b])) ++b;
  while (e > b && strip(s[e - 1])) --e;
  return s.substr(b, e - b);
}

}  // namespace

double display_width(std::string_view s) {
  double w = 0;
  for (std::size_t i = 0; i < s.size();) {
    CodePoint c = decode(s, i);
    w += is_wide(c.value) ? 2 : 1;
    i += c.length;
  }
  return w;
}

int wrapped_lines(std::string_view s, double width) {
  if (width < 2) width = 2;
  int lines = 0;
  std::size_t start = 0;
  while (true) {
    std::size_t nl = s.find('\n', start);
    std::string_view para = s.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    // Wrapping never fills a line exactly (a wide character does not fit in
    // the last unit; Latin text breaks at spaces): leave one unit spare.
    double w = display_width(para);
    lines += std::max(1, static_cast<int>(std::ceil(w / (width - 1))));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

std::string fit_cell_text(std::string_view s, std::string_view marker) {
  if (utf16_length(s) <= kMaxCellText) return std::string(s);
  return cut(s, kMaxCellText - utf16_length(marker)) + std::string(marker);
}

bool is_valid_sheet_name(std::string_view name) {
  if (name.empty() || !valid_utf8(name)) return false;
  if (name.front() == '\'' || name.back() == '\'') return false;
  std::size_t units = 0;
  for (std::size_t i = 0; i < name.size();) {
    CodePoint c = decode(name, i);
    if (forbidden(c.value) || c.value < 0x20) return false;
    units += utf16_units(c.value);
    i += c.length;
  }
  return units <= kMaxSheetName;
}

bool SheetNamer::take(const std::string& name) {
  std::string f = fold(name);
  if (f == "history") return false;  // reserved by Excel
  return used_.insert(f).second;
}

bool SheetNamer::reserve(const std::string& name) { return is_valid_sheet_name(name) && take(name); }

std::string SheetNamer::assign(std::string_view wanted, std::string_view fallback) {
  std::string clean;
  for (std::size_t i = 0; i < wanted.size();) {
    CodePoint c = decode(wanted, i);
    if (c.value == 0xFFFD && c.length == 1 && static_cast<unsigned char>(wanted[i]) >= 0x80)
      clean += "_";  // an invalid byte
    else if (forbidden(c.value))
      clean += "_";
    else if (c.value >= 0x20 && c.value != 0x7F)
      clean.append(wanted.substr(i, c.length));
    i += c.length;
  }
  std::string base = trim_name(cut(trim_name(clean), kMaxSheetName));
  if (base.empty()) base = trim_name(cut(fallback, kMaxSheetName));
  if (base.empty()) base = "Sheet";
  if (is_valid_sheet_name(base) && take(base)) return base;
  for (int n = 2;; ++n) {
    std::string suffix = " (" + std::to_string(n) + ")";
    std::string name = trim_name(cut(base, kMaxSheetName - suffix.size())) + suffix;
    if (is_valid_sheet_name(name) && take(name)) return name;
  }
}

}  // namespace perfgoal::xlsx

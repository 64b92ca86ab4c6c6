#include "extract/ocr_text.h"

#include "model/text_safety.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstring>

namespace perfgoal {

namespace {
const char* const kUnits[] = {
      "%", "‰", "元", "万元", "亿元", "千元", "元/人", "元/年", "个", "家", "处", "项", "人", "人次", "万人", "户", "次",
      "天", "日", "周", "月", "个月", "年", "百分比", "小时", "分钟", "吨", "万吨", "公斤", "千克", "米", "公里", "千米", "平方米",
      "万平方米", "立方米", "亩", "万亩", "公顷", "座", "台", "套", "所", "间", "件", "份", "辆", "条", "批", "期", "篇",
      "场", "名", "只", "头", "株", "棵", "本", "册", "张", "个村", "村", "镇", "个点", "栋", "分", "元/吨", "元/亩", "km",
      "m", "m²", "㎡", "kg", "t"};
const char* const kSigns[] = {"≥", "≤", ">=", "<=", ">", "<", "="};

// Whether `glyph` (one character, not ASCII) starts a usual unit (年, 个, 处, 条...).
bool starts_unit(const std::string& glyph) {
  if (glyph.empty() || static_cast<unsigned char>(glyph[0]) < 0x80) return false;
  return std::any_of(std::begin(kUnits), std::end(kUnits),
                     [&](const char* u) { return std::strncmp(u, glyph.c_str(), glyph.size()) == 0; });
}
}  // namespace

// Punctuation as a Chinese form prints it. The Chinese model gives the
// ASCII forms (and 〈 〉 for （ ）) of what is printed full-width, and one
// quote mark for both of “ ”; a 1 before 年 or a digit comes out as ] or |.
// Read here as printed, each only in a reading that holds Chinese text:
//   ( ) : ;     next to a Chinese character: （ ） ： ；
//   ,           stays as read (the Chinese model reads most printed ， as
//               ，: a form printing , in Chinese text keeps it, and
//               5,300,000 too), except next to a Chinese character in a
//               reading holding more ， than such , : there it is ，
//   " “ ”       in turn “ and ” (the first opens)
//   [2024]      a bracket, four digits, a bracket and a digit (a document's
//               number, 发改投资〔2006〕1325号), one of the brackets square
//               ([ ] 【 】: OCR's 〔 〕; 晋政发（2020）23号 stays): 〔2024〕
//   《...)      a bracket closing 《 is 》
//   ] | l I     before a digit or a unit's first character (年 个 处 条...),
//               with no bracket open (or
//               right after the opening one): 1; so is ! there, unless
//               Chinese text comes right before it
void chinese_punctuation(std::vector<std::string>& glyphs, const std::vector<MarkWidth>& widths) {
  auto cjk = [](const std::string& t) { return t.size() == 3 && static_cast<unsigned char>(t[0]) >= 0xE3; };
  auto digit = [](const std::string& t) { return t.size() == 1 && std::isdigit(static_cast<unsigned char>(t[0])); };
  bool chinese = false;
  for (const auto& g : glyphs) chinese = chinese || (cjk(g) && static_cast<unsigned char>(g[0]) >= 0xE4);
  if (!chinese) return;
  const size_t n = glyphs.size();
  auto at = [&](size_t i) -> const std::string& {
    static const std::string none;
    return i < n ? glyphs[i] : none;
  };
  auto is_open = [](const std::string& t) { return t == "[" || t == "【" || t == "〔" || t == "（" || t == "(" || t == "［" || t == "{"; };
  auto is_close = [](const std::string& t) { return t == "]" || t == "】" || t == "〕" || t == "）" || t == ")" || t == "］" || t == "}"; };
  // OCR's readings of 〔 〕 (a document's number printed with （ ） stays so).
  auto square = [](const std::string& t) { return t == "[" || t == "]" || t == "【" || t == "】" || t == "［" || t == "］" || t == "〔" || t == "〕"; };
  // A document's number first: its brackets are no ( ) and no 1.
  for (size_t i = 0; i + 6 < n; ++i)
    if (is_open(at(i)) && digit(at(i + 1)) && digit(at(i + 2)) && digit(at(i + 3)) && digit(at(i + 4)) &&
        is_close(at(i + 5)) && digit(at(i + 6)) && (square(at(i)) || square(at(i + 5)))) {
      glyphs[i] = "〔";
      glyphs[i + 5] = "〕";
    }
  // A comma is read as printed, except in a reading that holds more ， than
  // , next to Chinese text: the form prints ， there, and a , beside Chinese
  // text is one of them read as ASCII (a form keeps one style in a text).
  int full_commas = 0, ascii_commas = 0;
  for (size_t i = 0; i < n; ++i) {
    if (glyphs[i] == "，") ++full_commas;
    if (glyphs[i] == "," && ((i > 0 && cjk(glyphs[i - 1])) || cjk(at(i + 1)))) ++ascii_commas;
  }
  const bool full_width_text = full_commas > ascii_commas;
  bool quote_open = false, title_open = false, bracket_open = false;
  int title_parens = 0;
  size_t last_open = n;  // the bracket open last (n: none)
  for (size_t i = 0; i < n; ++i) {
    std::string& t = glyphs[i];
    const bool before = i > 0 && cjk(glyphs[i - 1]), after = i + 1 < n && cjk(glyphs[i + 1]);
    if (t == "〈") t = "（";
    if (t == "〉") t = "）";
    if (t == "\"" || t == "“" || t == "”") {
      t = quote_open ? "”" : "“";
      quote_open = !quote_open;
      continue;
    }
    if (t == "《") title_open = true, title_parens = 0;
    if (title_open && (t == "(" || t == "（")) ++title_parens;
    if ((t == ")" || t == "）" || t == "〉" || t == "》") && title_open) {
      if (title_parens == 0) {
        t = "》";
        title_open = false;
        continue;
      }
      --title_parens;
    }
    // Right after an opening bracket it closes nothing (no form prints （]):
    // 一次性项目（1年结束） read as （]年结束）.
    const bool after_open = i > 0 && is_open(glyphs[i - 1]);
    // An exclamation mark too, where no Chinese text ends before it (a
    // sentence ends with one): a cell "1年" read as "!年".
    const bool bang = t == "!" && !before;
    if ((t == "]" || t == "|" || t == "l" || t == "I" || bang) && (!bracket_open || after_open)) {
      const std::string& next = at(i + 1);
      if (digit(next) || starts_unit(next)) {
        t = "1";
        continue;
      }
    }
    // A bracket closes as the one it closes was opened: （%) is （%）.
    if (t == ")" && last_open < i && glyphs[last_open] == "（") t = "）";
    if (t == "（" || t == "(" || t == "《") last_open = i;
    if (t == ")" || t == "）") last_open = n;
    if (is_open(t)) bracket_open = true;
    if (is_close(t)) bracket_open = false;
    // A mark whose printed width was measured is the form of that width.
    const MarkWidth width = i < widths.size() ? widths[i] : MarkWidth::unknown;
    if (width != MarkWidth::unknown) {
      static const std::pair<const char*, const char*> forms[] = {
          {",", "，"}, {";", "；"}, {":", "："}, {"(", "（"}, {")", "）"}};
      for (const auto& [half, full] : forms)
        if (t == half || t == full) {
          t = width == MarkWidth::half ? half : full;
          break;
        }
      continue;
    }
    if (t == "," && full_width_text && (before || after)) {
      t = "，";
      continue;
    }
    if (t != "(" && t != ")" && t != ":" && t != ";") continue;
    if (!before && !after) continue;
    t = t == "(" ? "（" : t == ")" ? "）" : t == ":" ? "：" : "；";
  }
}

// The unit after a value's number when it is not a usual unit (empty when
// it is one, or the text is no value: a sign, digits, then a unit without
// digits, in all at most 8 characters).

std::string unknown_unit(const std::string& text) {
  size_t i = 0;
  for (const char* sign : kSigns)
    if (text.compare(0, std::strlen(sign), sign) == 0) {
      i = std::strlen(sign);
      break;
    }
  const size_t start = i;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.' || text[i] == ','))
    ++i;
  if (i == start || i == text.size()) return {};
  std::string unit = text.substr(i);
  unit.erase(std::remove(unit.begin(), unit.end(), ' '), unit.end());
  if (unit.empty() || unit.size() > 18) return {};
  for (char c : unit)
    if (std::isdigit(static_cast<unsigned char>(c))) return {};
  for (const char* u : kUnits)
    if (unit == u) return {};
  return unit;
}


bool sign_read_as_digit(const std::string& chinese, const std::string& digits) {
  if (chinese.empty() || digits != "2" + chinese || !number_after_sign(chinese)) return false;
  // The rest is a number and %: an amount has no sign, and its leading 2
  // may be one the Chinese model lost ("5,000" for 25,000).
  size_t i = 0;
  while (i < chinese.size() && (std::isdigit(static_cast<unsigned char>(chinese[i])) || chinese[i] == '.' || chinese[i] == ','))
    ++i;
  return chinese.substr(i) == "%";
}

int digit_count(const std::string& text) {
  return static_cast<int>(std::count_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

int digits_on_own_ink(const std::vector<std::string>& symbols, const std::vector<int>& x0s, const std::vector<int>& x1s) {
  auto is_digit = [&](size_t i) { return symbols[i].size() == 1 && symbols[i][0] >= '0' && symbols[i][0] <= '9'; };
  const size_t n = std::min({symbols.size(), x0s.size(), x1s.size()});
  int count = 0;
  for (size_t i = 0; i < n; ++i) {
    bool inside = false;
    for (size_t j = 0; j < n && !inside && is_digit(i); ++j)
      if (j != i && is_digit(j) && x0s[j] <= x0s[i] && x1s[i] <= x1s[j] &&
          (x1s[j] - x0s[j] > x1s[i] - x0s[i] || j < i))
        inside = true;
    if (!inside) count += digit_count(symbols[i]);
  }
  return count;
}

bool number_after_sign(const std::string& text) {
  auto digit = [&](size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  if (!digit(0)) return false;
  if (text[0] == '0' && (digit(1) || (text.size() > 1 && text[1] == ','))) return false;
  // Thousands groups before the decimal point: 1-3 digits, then 3 each.
  size_t i = 0, group = 0;
  bool grouped = false;
  for (; i < text.size() && (digit(i) || text[i] == ','); ++i) {
    if (text[i] != ',') {
      ++group;
      continue;
    }
    if (group == 0 || group > 3 || (grouped && group != 3)) return false;
    grouped = true;
    group = 0;
  }
  return !grouped || group == 3;
}


std::vector<std::pair<size_t, size_t>> number_runs(const std::vector<std::string>& symbols,
                                                   const std::vector<int>& lines) {
  // A symbol of digits (a number joined before counts as one).
  auto digits = [](const std::string& t) {
    if (t.empty() || t[0] < '0' || t[0] > '9') return false;
    for (char c : t)
      if ((c < '0' || c > '9') && c != ',' && c != '.') return false;
    return true;
  };
  auto separator = [](const std::string& t) { return t == "," || t == "."; };
  auto line = [&](size_t i) { return i < lines.size() ? lines[i] : 0; };
  std::vector<std::pair<size_t, size_t>> out;
  const size_t n = symbols.size();
  for (size_t i = 0; i < n;) {
    if (!digits(symbols[i])) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < n && line(j) == line(i)) {
      if (digits(symbols[j])) {
        ++j;
      } else if (separator(symbols[j]) && j + 1 < n && line(j + 1) == line(i) && digits(symbols[j + 1])) {
        j += 2;
      } else {
        break;
      }
    }
    if (j - i >= 2) out.emplace_back(i, j);
    i = j;
  }
  return out;
}


bool well_formed_value(const std::string& text) {
  size_t i = 0;
  for (const char* sign : kSigns)
    if (text.compare(0, std::strlen(sign), sign) == 0) {
      i = std::strlen(sign);
      break;
    }
  const std::string rest = text.substr(i);
  if (!number_after_sign(rest)) return false;
  size_t j = 0;
  while (j < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[j])) || rest[j] == '.' || rest[j] == ','))
    ++j;
  if (rest[j - 1] == '.' || rest[j - 1] == ',') return false;
  if (j == rest.size()) return true;
  const std::string unit = rest.substr(j);
  for (const char* u : kUnits)
    if (unit == u) return true;
  return false;
}


int mark_space(const std::vector<InkRun>& runs, int x0, int x1, int height, MarkKind kind) {
  if (height <= 0 || runs.size() < 3) return -1;
  const double mid = (x0 + x1) / 2.0;
  size_t best = runs.size();
  double best_distance = height;
  for (size_t i = 1; i + 1 < runs.size(); ++i) {
    const InkRun& r = runs[i];
    const int w = r.x1 - r.x0;
    const bool shape = kind == MarkKind::bracket ? w * 3 <= height
                       : kind == MarkKind::comma ? w * 2 <= height && r.y0 * 2 >= height
                                                 : w * 2 <= height && r.y0 * 100 >= height * 15 &&
                                                       (r.y1 - r.y0) * 10 <= height * 8;
    if (!shape) continue;
    const double distance = std::fabs((r.x0 + r.x1) / 2.0 - mid);
    if (distance < best_distance) best = i, best_distance = distance;
  }
  if (best == runs.size()) return -1;
  return runs[best + 1].x0 - runs[best - 1].x1;
}

int character_height(const std::vector<InkRun>& runs, int height) {
  if (runs.empty()) return height;
  std::vector<int> heights;
  heights.reserve(runs.size());
  for (const InkRun& r : runs) heights.push_back(r.y1 - r.y0);
  std::nth_element(heights.begin(), heights.begin() + static_cast<ptrdiff_t>(heights.size() / 2), heights.end());
  const int median = heights[heights.size() / 2];
  return median > 0 && height * 4 > median * 5 ? median : height;
}

MarkWidth mark_width(int space, int height) {
  if (space < 0 || height <= 0) return MarkWidth::unknown;
  if (space * 100 >= height * 95) return MarkWidth::full;
  if (space * 100 < height * 75) return MarkWidth::half;
  return MarkWidth::unknown;
}


std::vector<std::pair<int, int>> unread_ink(const std::vector<std::pair<int, int>>& runs,
                                            const std::vector<std::pair<int, int>>& boxes, int height) {
  std::vector<std::pair<int, int>> out;
  const int reach = height / 6;
  for (const auto& [a, b] : runs) {
    bool near = false;
    for (const auto& [x0, x1] : boxes) near = near || (a < x1 + reach && b > x0 - reach);
    if (!near) out.emplace_back(a, b);
  }
  return out;
}


std::string leading_digits(const std::string& text) {
  const std::u32string codes = decode_utf8(text);
  size_t i = 0;
  // A sign, or a Chinese character read for one (not a bracket or a letter).
  if (!codes.empty() && (codes[0] == U'>' || codes[0] == U'<' || codes[0] == U'=' || codes[0] >= 0x2000) &&
      !(codes[0] >= U'0' && codes[0] <= U'9'))
    i = 1;
  if (i == 1 && i < codes.size() && codes[i] == U'=' && (codes[0] == U'>' || codes[0] == U'<')) ++i;
  std::string out;
  for (; i < codes.size(); ++i) {
    if (codes[i] >= U'0' && codes[i] <= U'9') out += static_cast<char>(codes[i]);
    else if ((codes[i] == U'.' || codes[i] == U',') && !out.empty()) continue;
    else break;
  }
  return out;
}

bool value_read_better(const std::string& first, const std::string& other) {
  if (well_formed_value(first) || !well_formed_value(other)) return false;
  const std::string digits = leading_digits(first);
  if (digits.empty() || digits != leading_digits(other)) return false;
  // What stands before the number (a sign, or what the model made of one:
  // 过90%) is kept: a reading that lost it ("90%") is none better.
  auto digit_first = [](const std::string& t) { return !t.empty() && t[0] >= '0' && t[0] <= '9'; };
  if (digit_first(first) != digit_first(other)) return false;
  // The first reading has something after its number that is no usual unit.
  const size_t a = decode_utf8(first).size(), b = decode_utf8(other).size();
  return b + 1 >= a && b <= a + 2;
}


int min_text_ink(int dpi) { return std::max(12, dpi * dpi / 1500); }

bool cell_holds_text(int ink, int box_w, int box_h, int dpi) {
  const int min_ink = min_text_ink(dpi);
  if (ink >= min_ink) return true;
  return ink * 2 >= min_ink && box_h * 25 >= dpi && box_h * 6 <= dpi && box_w * 3 >= box_h;
}


MarkShape mark_shape(const std::vector<std::pair<int, int>>& parts, int height) {
  if (height <= 0 || parts.size() != 2) return MarkShape::unknown;
  const auto [a0, a1] = parts[0];
  const auto [b0, b1] = parts[1];
  const int upper = a1 - a0, lower = b1 - b0;
  // Both small, the first below the line's upper third and above its lower quarter.
  if (upper <= 0 || lower <= 0 || upper * 3 > height || lower * 3 > height) return MarkShape::unknown;
  if (a0 * 10 < height * 3 || a1 * 4 > height * 3 || b0 * 10 < height * 6) return MarkShape::unknown;
  if (lower * 100 >= upper * 130) return MarkShape::semicolon;
  if (lower * 100 <= upper * 115) return MarkShape::colon;
  return MarkShape::unknown;
}

std::string shaped_mark(const std::string& read, MarkShape shape) {
  if (shape == MarkShape::unknown) return read;
  const bool half = read == "," || read == ";" || read == ":";
  const bool full = read == "，" || read == "；" || read == "：";
  if (!half && !full) return read;
  if (shape == MarkShape::semicolon) return half ? ";" : "；";
  return half ? ":" : "：";
}

std::vector<bool> speck_digits(const std::vector<std::string>& symbols, const std::vector<int>& heights,
                               const std::vector<int>& lines) {
  const size_t n = symbols.size();
  auto digit = [&](size_t i) { return symbols[i].size() == 1 && std::isdigit(static_cast<unsigned char>(symbols[i][0])); };
  auto line_of = [&](size_t i) { return i < lines.size() ? lines[i] : 0; };
  std::vector<bool> out(n, false);
  if (heights.size() != n) return out;
  for (size_t i = 0; i < n; ++i) {
    if (!digit(i)) continue;
    int tallest = 0, full = 0;
    for (size_t j = 0; j < n; ++j)
      if (digit(j) && line_of(j) == line_of(i)) tallest = std::max(tallest, heights[j]);
    for (size_t j = 0; j < n; ++j)
      if (digit(j) && line_of(j) == line_of(i) && heights[j] * 5 >= tallest * 4) ++full;
    // First of its run of digits: a speck before the number. (Not last:
    // Tesseract's box of a number's last digit, by its unit, can come out
    // short, 100百分比 read so at 150 dpi, and a real 0 was dropped.)
    const bool first = i == 0 || !digit(i - 1) || line_of(i - 1) != line_of(i);
    const bool followed = i + 1 < n && digit(i + 1) && line_of(i + 1) == line_of(i);
    out[i] = first && followed && full >= 2 && heights[i] * 2 < tallest;
  }
  return out;
}

bool bar_after_digit_added(const std::vector<std::string>& with, const std::vector<std::string>& without) {
  if (with.size() != without.size() + 1) return false;
  auto digit = [](const std::string& t) { return t.size() == 1 && std::isdigit(static_cast<unsigned char>(t[0])); };
  auto bar = [](const std::string& t) { return t == "]" || t == "|" || t == "!" || t == "l" || t == "I"; };
  size_t i = 0;
  while (i < without.size() && with[i] == without[i]) ++i;
  if (i == 0 || !bar(with[i]) || !digit(with[i - 1])) return false;
  return std::equal(with.begin() + static_cast<std::ptrdiff_t>(i) + 1, with.end(), without.begin() + static_cast<std::ptrdiff_t>(i));
}

bool percent_disputed(const std::string& chinese, const std::string& digits) {
  std::string a = chinese, b = digits;
  std::erase(a, ' ');
  std::erase(b, ' ');
  if (b.size() > a.size()) std::swap(a, b);
  if (a.size() < 2 || a.back() != '%' || b.empty() || a.substr(0, a.size() - 1) != b) return false;
  return std::all_of(b.begin(), b.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ','; }) &&
         std::isdigit(static_cast<unsigned char>(b.back()));
}

int number_digits_read(const std::vector<std::string>& symbols, const std::vector<int>& x0s,
                       const std::vector<int>& x1s) {
  const int on_own = digits_on_own_ink(symbols, x0s, x1s);
  std::string text;
  for (const auto& s : symbols) text += s;
  const std::string leading = leading_digits(text);
  // No number starts the reading (two glyphs before its digits): its digits
  // are all that can be counted.
  if (leading.empty()) return on_own;
  return std::min(on_own, static_cast<int>(leading.size()));
}

bool unit_read_as_digits(const std::string& chinese, const std::string& digits) {
  if (!well_formed_value(chinese)) return false;
  // The unit: what follows the number's last digit, a Chinese character.
  const size_t last = chinese.find_last_of("0123456789");
  if (last == std::string::npos || last + 1 >= chinese.size() ||
      static_cast<unsigned char>(chinese[last + 1]) < 0x80)
    return false;
  const std::string number = leading_digits(chinese);
  std::string read;
  for (char c : digits)
    if (c >= '0' && c <= '9') read += c;
  return !number.empty() && read.size() > number.size() && read.compare(0, number.size(), number) == 0;
}

bool wider_than_digits(int width, int height, int digits) {
  if (height <= 0 || digits <= 0) return false;
  return width * 4 > height * (3 * digits + 2);
}

}  // namespace perfgoal

#include "normalize/value_reader.h"

#include <algorithm>
#include <bit>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <array>
#include <vector>

#include "model/text_safety.h"

namespace perfgoal {
namespace {

struct Replacement {
  std::string_view from, to;
};

// Full-width forms that matter for reading numbers and signs.
constexpr std::array<Replacement, 26> kWidthFolds = {{
    {"０", "0"}, {"１", "1"}, {"２", "2"}, {"３", "3"}, {"４", "4"}, {"５", "5"}, {"６", "6"},
    {"７", "7"}, {"８", "8"}, {"９", "9"}, {"．", "."}, {"，", ","}, {"％", "%"}, {"＋", "+"},
    {"－", "-"}, {"＞", ">"}, {"＜", "<"}, {"＝", "="}, {"\xE3\x80\x80", " "}, {"（", "("},
    {"）", ")"}, {"：", ":"}, {"﹪", "%"}, {"﹥", ">"}, {"﹤", "<"}, {"﹦", "="},
}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Comparison wordings, longest first within each position.
struct Wording {
  std::string_view text, op;
};
constexpr std::array<Wording, 16> kPrefixes = {{
    {"大于等于", ">="}, {"小于等于", "<="}, {"不低于", ">="}, {"不少于", ">="}, {"不小于", ">="},
    {"不高于", "<="}, {"不超过", "<="}, {"不多于", "<="}, {"不大于", "<="}, {">=", ">="},
    {"<=", "<="}, {"≥", ">="}, {"≤", "<="}, {">", ">"}, {"<", "<"}, {"=", "="},
}};
// Boundary words after the number (Civil Code art. 1259: 以上/以下/以内 include it).
constexpr std::array<Wording, 3> kSuffixes = {{{"以上", ">="}, {"以下", "<="}, {"以内", "<="}}};
constexpr std::array<Wording, 4> kMorePrefixes = {{{"大于", ">"}, {"小于", "<"}, {"超过", ">"}, {"低于", "<"}}};

struct UnitRule {
  std::string_view written, unit;
  int shift;  // decimal places to move: 万元 -> 元 is 4
};
constexpr std::array<UnitRule, 6> kUnitRules = {{
    {"亿元", "元", 8}, {"万元", "元", 4}, {"元", "元", 0}, {"百分比", "%", 0}, {"%", "%", 0}, {"‰", "‰", 0},
}};

// Text that is a date or a period, never a quantity: 2025年7月, 2025年, 2024至2025年度,
// 2025年5月——2025年11月.
bool looks_like_date(std::string_view rest_after_number, std::string_view number) {
  if (number.find('.') != std::string_view::npos || number.size() != 4) return false;
  return rest_after_number.starts_with("年") || rest_after_number.starts_with("至") ||
         rest_after_number.starts_with("-") || rest_after_number.starts_with("—") ||
         rest_after_number.starts_with("/");
}

// Is `unit` a plausible measurement unit (short, no digits, no punctuation)?
bool plausible_unit(std::string_view unit) {
  if (unit.empty()) return true;
  size_t chars = 0;
  for (size_t i = 0; i < unit.size();) {
    unsigned char c = static_cast<unsigned char>(unit[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    if (n == 1 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '%')) return false;
    // Every punctuation mark refused is led by E2, E3 or EF: other characters are not compared.
    if (c == 0xE2 || c == 0xE3 || c == 0xEF) {
      std::string_view ch = unit.substr(i, n);
      for (std::string_view bad : {"，", "。", "、", "；", "：", "（", "）", "“", "”"})
        if (ch == bad) return false;
    }
    i += n;
    ++chars;
  }
  return chars <= 6;
}

}  // namespace

// Every full-width form folded here starts with one of these lead bytes, so
// other bytes (ASCII, other ideographs, continuation bytes) are copied in runs.
constexpr bool starts_fold(char c) { return c == '\xEF' || c == '\xE3'; }
static_assert(std::all_of(kWidthFolds.begin(), kWidthFolds.end(), [](const Replacement& r) { return starts_fold(r.from[0]); }));

namespace {
// fold_width(text) appended to `out`.
void append_folded(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t run = i;
    while (run < text.size() && !starts_fold(text[run])) ++run;
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    bool folded = false;
    for (const auto& r : kWidthFolds) {
      if (text.substr(i).starts_with(r.from)) {
        out += r.to;
        i += r.from.size();
        folded = true;
        break;
      }
    }
    if (!folded) out.push_back(text[i++]);
  }
}

bool needs_fold(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return starts_fold(c); });
}
}  // namespace

std::string fold_width(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_folded(out, text);
  return out;
}

// Does the text hold a digit, ASCII or full width (０-９: EF BC 90-99)? A
// reading needs one. Sixteen bytes a step where SSE2 is (most texts a value
// cell is read from hold none: names, bases, prose).
bool has_digit(std::string_view s) {
  auto full_width_digit_at = [&](size_t i) {
    return s[i] == '\xEF' && i + 2 < s.size() && s[i + 1] == '\xBC' && static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
           static_cast<unsigned char>(s[i + 2]) <= 0x99;
  };
  size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));  // '0'..'9' -> 0..9
    const int digits = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d));
    if (digits) return true;
    for (int leads = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xEF)))); leads;
         leads &= leads - 1)
      if (full_width_digit_at(i + static_cast<size_t>(std::countr_zero(static_cast<unsigned>(leads))))) return true;
  }
#endif
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') return true;
    if (full_width_digit_at(i)) return true;
  }
  return false;
}

ValueReading read_value(std::string_view raw) {
  if (!has_digit(raw)) return {};
  // The text folded (fold_width) where it has a full-width form to fold;
  // else read as it is (no copy).
  thread_local std::string folded;
  std::string_view s = raw;
  if (needs_fold(raw)) {
    folded.clear();
    append_folded(folded, raw);
    s = folded;
  }
  s = trim(s);
  ValueReading none;
  if (s.empty()) return none;

  std::optional<std::string> op;
  // A comparison wording starts with none of the digits (most values do).
  if (s.front() < '0' || s.front() > '9') {
    for (const auto& w : kPrefixes)
      if (s.starts_with(w.text)) { op = std::string(w.op); s = trim(s.substr(w.text.size())); break; }
    if (!op)
      for (const auto& w : kMorePrefixes)
        if (s.starts_with(w.text)) { op = std::string(w.op); s = trim(s.substr(w.text.size())); break; }
  }

  // The number: digits with optional thousands separators and one point.
  size_t n = 0;
  while (n < s.size() && ((s[n] >= '0' && s[n] <= '9') || s[n] == ',' || s[n] == '.')) ++n;
  std::string_view number = s.substr(0, n);
  while (!number.empty() && (number.back() == ',' || number.back() == '.')) number.remove_suffix(1);
  if (number.empty()) return none;
  auto amount = Decimal::parse(number);
  if (!amount) return none;
  std::string_view rest = trim(s.substr(number.size()));
  if (looks_like_date(rest, number)) return none;

  for (const auto& w : kSuffixes) {
    if (rest.ends_with(w.text)) {
      if (op) return none;  // "≥5人以上": two comparisons, not a reading we can trust
      op = std::string(w.op);
      rest = trim(rest.substr(0, rest.size() - w.text.size()));
      break;
    }
  }
  if (!plausible_unit(rest)) return none;

  ValueReading r;
  r.op = op ? *op : "=";
  r.amount = *amount;
  if (!rest.empty()) {
    r.unit = std::string(rest);
    for (const auto& u : kUnitRules) {
      if (rest == u.written) {
        r.unit = std::string(u.unit);
        r.amount = amount->shifted(u.shift);
        break;
      }
    }
  }
  return r;
}

ValueReading read_value_after_unread_sign(std::string_view text) {
  ValueReading r = read_value(text);
  if (r.amount) return r;
  const std::string_view s = trim(text);
  // One ideograph (U+3400-U+9FFF) and an ASCII digit.
  if (s.empty()) return r;
  const CodePoint first = decode_utf8(s, 0);
  if (first.value < 0x3400 || first.value > 0x9FFF || s.size() <= first.length || s[first.length] < '0' ||
      s[first.length] > '9')
    return r;
  ValueReading rest = read_value(s.substr(first.length));
  if (!rest.amount || rest.op != "=") return r;
  rest.op.reset();
  return rest;
}

int money_shift_named_in(std::string_view text) {
  for (const auto& u : kUnitRules)
    if (u.unit == "元" && u.shift != 0 && text.find(u.written) != std::string_view::npos) return u.shift;
  return 0;
}

std::optional<Decimal> read_money(std::string_view raw) {
  std::string folded = fold_width(raw);
  std::string_view s = trim(folded);
  if (s.empty()) return std::nullopt;
  if (auto d = Decimal::parse(s)) return d;
  ValueReading v = read_value(s);
  if (v.amount && v.op == "=" && v.unit == "元") return v.amount;
  return std::nullopt;
}

}  // namespace perfgoal

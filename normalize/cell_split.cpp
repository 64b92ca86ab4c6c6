#include "normalize/cell_split.h"

#include <array>

namespace perfgoal {
namespace {

// White space as the forms' texts have it (ASCII; U+3000 is trimmed from
// cells before these run).
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_code_char(char c) { return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

size_t skip_spaces(std::string_view s, size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}
std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}
bool has_newline(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

// Length of the word of `words` that starts at s[i], 0 when none does.
template <size_t N>
size_t word_at(std::string_view s, size_t i, const std::array<std::string_view, N>& words) {
  for (std::string_view w : words)
    if (s.substr(i).starts_with(w)) return w.size();
  return 0;
}

constexpr std::array<std::string_view, 4> kDashes = {"-", "\xEF\xBC\x8D" /* － */, "\xE2\x80\x94" /* — */,
                                                     "\xE2\x80\x93" /* – */};
constexpr std::array<std::string_view, 2> kOpening = {"(", "\xEF\xBC\x88" /* （ */};
constexpr std::array<std::string_view, 2> kClosing = {")", "\xEF\xBC\x89" /* ） */};

// A run of 1..max_digits digits at s[i]: its value, and i moved past it.
std::optional<int> digits(std::string_view s, size_t& i, size_t min_digits, size_t max_digits) {
  size_t start = i;
  int v = 0;
  for (; i < s.size() && is_digit(s[i]); ++i)
    if (i - start < max_digits) v = v * 10 + (s[i] - '0');  // a longer run is refused below
  size_t n = i - start;
  if (n < min_digits || n > max_digits) return std::nullopt;
  return v;
}

std::string two(std::string_view s) { return s.size() == 1 ? "0" + std::string(s) : std::string(s); }

}  // namespace

std::optional<SplitText> split_code_name(std::string_view s) {
  s = trim_right(s);
  size_t i = skip_spaces(s, 0);
  size_t code_start = i;
  while (i < s.size() && is_code_char(s[i])) ++i;
  if (i == code_start) return std::nullopt;
  std::string_view code = s.substr(code_start, i - code_start);
  size_t after_code = i;
  i = skip_spaces(s, i);
  bool spaced = i > after_code;
  if (size_t dash = word_at(s, i, kDashes)) {
    std::string_view name = s.substr(skip_spaces(s, i + dash));
    if (!name.empty()) {
      if (has_newline(name)) return std::nullopt;
      return SplitText{std::string(code), std::string(name)};
    }
    // "409 -": the space separates, the dash is the name.
    if (!spaced) return std::nullopt;
  } else if (!spaced) {
    return std::nullopt;
  }
  std::string_view name = s.substr(i);
  if (name.empty() || has_newline(name)) return std::nullopt;
  return SplitText{std::string(code), std::string(name)};
}

std::optional<SplitText> split_detail(std::string_view s) {
  s = trim_right(s);
  size_t close = 0;
  for (std::string_view c : kClosing)
    if (s.ends_with(c)) close = c.size();
  if (close == 0) return std::nullopt;
  const size_t detail_end = s.size() - close;
  const size_t first_newline = s.find_first_of("\r\n");
  const size_t last_newline = s.substr(0, detail_end).find_last_of("\r\n");
  // The first opening bracket whose head (before it, white space dropped) and
  // detail (after it, to the closing bracket) are each on one line.
  for (size_t p = 0; p < detail_end; ++p) {
    size_t open = word_at(s, p, kOpening);
    if (open == 0) continue;
    if (p + open > detail_end) break;
    size_t head_end = trim_right(s.substr(0, p)).size();
    if (first_newline != std::string_view::npos && first_newline < head_end) return std::nullopt;  // never better later
    if (last_newline != std::string_view::npos && last_newline >= p + open) continue;
    if (head_end == 0) return std::nullopt;
    return SplitText{std::string(s.substr(0, head_end)), std::string(s.substr(p + open, detail_end - p - open))};
  }
  return std::nullopt;
}

std::optional<int> read_years(std::string_view s) {
  size_t i = skip_spaces(s, 0);
  auto n = digits(s, i, 1, 4);
  if (!n) return std::nullopt;
  i = skip_spaces(s, i);
  if (s.substr(i).starts_with("年")) i = skip_spaces(s, i + std::string_view("年").size());
  if (i != s.size()) return std::nullopt;
  return n;
}

std::optional<std::string> read_filed_at(std::string_view s) {
  bool all_digits = !s.empty();
  for (char c : s) all_digits = all_digits && is_digit(c);
  if (all_digits && s.size() == 14)
    return std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" + std::string(s.substr(6, 2)) + "T" +
           std::string(s.substr(8, 2)) + ":" + std::string(s.substr(10, 2)) + ":" + std::string(s.substr(12, 2));
  if (all_digits && s.size() == 8)
    return std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" + std::string(s.substr(6, 2));

  // 2024-12-7, 2024/12/7, 2024.12.7, 2024年12月7日, then optionally " 9:07" or "T09:07:09".
  size_t i = 0, start = 0;
  auto run = [&](size_t min_digits, size_t max_digits) -> std::optional<std::string_view> {
    start = i;
    if (!digits(s, i, min_digits, max_digits)) return std::nullopt;
    return s.substr(start, i - start);
  };
  auto separator = [&](std::string_view word) {
    for (std::string_view sep : {std::string_view("-"), std::string_view("/"), std::string_view("."), word})
      if (s.substr(i).starts_with(sep)) {
        i += sep.size();
        return true;
      }
    return false;
  };
  auto year = run(4, 4);
  if (!year || !separator("年")) return std::nullopt;
  auto month = run(1, 2);
  if (!month || !separator("月")) return std::nullopt;
  auto day = run(1, 2);
  if (!day) return std::nullopt;
  if (s.substr(i).starts_with("日")) i += std::string_view("日").size();
  std::string out = std::string(*year) + "-" + two(*month) + "-" + two(*day);
  if (i == s.size()) return out;
  if (s[i] != ' ' && s[i] != 'T') return std::nullopt;
  ++i;
  auto hour = run(1, 2);
  if (!hour || i >= s.size() || s[i] != ':') return std::nullopt;
  ++i;
  auto minute = run(2, 2);
  if (!minute) return std::nullopt;
  std::string second = "00";
  if (i < s.size() && s[i] == ':') {
    ++i;
    auto sec = run(2, 2);
    if (!sec) return std::nullopt;
    second = std::string(*sec);
  }
  if (i != s.size()) return std::nullopt;
  return out + "T" + two(*hour) + ":" + std::string(*minute) + ":" + second;
}

std::optional<int> find_fiscal_year(std::string_view s, const std::vector<std::string>& suffixes) {
  // Each run of digits once: only its last four can be followed by white
  // space and a suffix.
  for (size_t i = 0; i < s.size();) {
    if (!is_digit(s[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i - start < 4) continue;
    size_t after = skip_spaces(s, i);
    for (const auto& w : suffixes)
      if (!w.empty() && s.substr(after).starts_with(w)) {
        int year = 0;
        for (size_t k = i - 4; k < i; ++k) year = year * 10 + (s[k] - '0');
        return year;
      }
    i = after;
  }
  return std::nullopt;
}

}  // namespace perfgoal

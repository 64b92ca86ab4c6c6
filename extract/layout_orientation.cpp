#include "extract/layout_orientation.h"

#include <algorithm>
#include <iterator>

namespace perfgoal {

bool printed_backwards(const LayoutPage& lines, const IsLabel& is_label) {
  int forward = 0, backward = 0;
  for (const auto& line : lines) {
    const std::vector<char32_t>& chars = line.second;
    size_t i = 0;
    while (i < chars.size()) {
      while (i < chars.size() && chars[i] == U' ') ++i;
      std::vector<char32_t> run;  // a stretch, single spaces dropped
      while (i < chars.size() && !(chars[i] == U' ' && (i + 1 >= chars.size() || chars[i + 1] == U' '))) {
        if (chars[i] != U' ') run.push_back(chars[i]);
        ++i;
      }
      if (run.size() < 3) continue;
      if (is_label(run)) ++forward;
      std::reverse(run.begin(), run.end());
      if (is_label(run)) ++backward;
    }
  }
  return backward >= 3 && forward < backward;
}

void turn_page(LayoutPage& lines, const IsLabel& is_label) {
  auto has_text = [](const std::pair<int, std::vector<char32_t>>& l) {
    return std::any_of(l.second.begin(), l.second.end(), [](char32_t c) { return c != U' '; });
  };
  const auto first = std::find_if(lines.begin(), lines.end(), has_text);
  const auto last = std::find_if(lines.rbegin(), lines.rend(), has_text).base();
  if (first >= last) return;
  size_t width = 0;
  for (auto it = first; it != last; ++it) width = std::max(width, it->second.size());
  std::vector<std::vector<char32_t>> turned;
  for (auto it = std::make_reverse_iterator(last); it != std::make_reverse_iterator(first); ++it) {
    const std::vector<char32_t>& chars = it->second;
    std::vector<char32_t> out(width, U' ');
    size_t i = 0;
    while (i < chars.size()) {
      while (i < chars.size() && chars[i] == U' ') ++i;
      if (i >= chars.size()) break;
      const size_t start = i;
      while (i < chars.size() && !(chars[i] == U' ' && (i + 1 >= chars.size() || chars[i + 1] == U' '))) ++i;
      // chars[start, i): a stretch; mostly one space apart?
      int apart = 0, together = 0;
      for (size_t k = start; k + 1 < i; ++k) {
        if (chars[k] == U' ') continue;
        if (chars[k + 1] == U' ') ++apart;
        else ++together;
      }
      const bool collapsed = apart >= 3 && apart >= 2 * together;
      std::vector<char32_t> stretch;
      for (size_t k = start; k < i; ++k)
        if (chars[k] != U' ' || !collapsed) stretch.push_back(chars[k]);
      std::reverse(stretch.begin(), stretch.end());
      const auto at = out.begin() + static_cast<std::ptrdiff_t>(width - i);
      std::copy(stretch.begin(), stretch.end(), at);
      if (collapsed && is_label) {
        // Its spaces dropped, a label and its value one space apart became one
        // text: parted again after the label (or before it, at the end), two
        // spaces apart within the room the dropped spaces left.
        const size_t room = i - start, n = stretch.size();
        size_t head = 0, tail = 0;
        for (size_t k = n - 1; k >= 2 && !head; --k)
          if (is_label(std::vector<char32_t>(stretch.begin(), stretch.begin() + static_cast<std::ptrdiff_t>(k)))) head = k;
        for (size_t k = n - 1; k >= 2 && !head && !tail; --k)
          if (is_label(std::vector<char32_t>(stretch.end() - static_cast<std::ptrdiff_t>(k), stretch.end()))) tail = k;
        if (head && n + 2 <= room) {
          std::fill(at, at + static_cast<std::ptrdiff_t>(room), U' ');
          std::copy(stretch.begin(), stretch.begin() + static_cast<std::ptrdiff_t>(head), at);
          std::copy(stretch.begin() + static_cast<std::ptrdiff_t>(head), stretch.end(), at + static_cast<std::ptrdiff_t>(head + 2));
        } else if (tail && n + 2 <= room) {
          std::fill(at, at + static_cast<std::ptrdiff_t>(room), U' ');
          std::copy(stretch.begin(), stretch.end() - static_cast<std::ptrdiff_t>(tail), at);
          std::copy(stretch.end() - static_cast<std::ptrdiff_t>(tail), stretch.end(),
                    at + static_cast<std::ptrdiff_t>(room - tail));
        }
      }
    }
    while (!out.empty() && out.back() == U' ') out.pop_back();
    turned.push_back(std::move(out));
  }
  for (size_t k = 0; k < turned.size(); ++k) (first + static_cast<std::ptrdiff_t>(k))->second = std::move(turned[k]);
}

void turn_backwards_titles(LayoutPage& lines, const std::vector<std::u32string>& titles) {
  if (titles.empty()) return;
  for (auto& [number, chars] : lines) {
    auto b = std::find_if(chars.begin(), chars.end(), [](char32_t c) { return c != U' '; });
    auto e = std::find_if(chars.rbegin(), chars.rend(), [](char32_t c) { return c != U' '; }).base();
    if (b >= e) continue;
    const std::u32string forward(b, e);
    if (forward.find(U"  ") != std::u32string::npos) continue;  // more than one text
    const std::u32string backward(forward.rbegin(), forward.rend());
    for (const auto& t : titles)
      if (backward.find(t) != std::u32string::npos && forward.find(t) == std::u32string::npos) {
        std::reverse(b, e);
        break;
      }
  }
}

}  // namespace perfgoal

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

namespace {

// The texts of a line parted by spaces (one or more): (start, characters).
std::vector<std::pair<size_t, std::vector<char32_t>>> words_of(const std::vector<char32_t>& chars) {
  std::vector<std::pair<size_t, std::vector<char32_t>>> out;
  for (size_t i = 0; i < chars.size();) {
    if (chars[i] == U' ') {
      ++i;
      continue;
    }
    out.emplace_back(i, std::vector<char32_t>{});
    while (i < chars.size() && chars[i] != U' ') out.back().second.push_back(chars[i++]);
  }
  return out;
}

// An amount of money: digits, thousands parted by commas, perhaps a fraction.
bool is_money(const std::vector<char32_t>& t) {
  if (t.empty() || t.front() < U'0' || t.front() > U'9') return false;
  bool dot = false;
  for (char32_t c : t) {
    if (c == U'.' && !dot) dot = true;
    else if (!(c >= U'0' && c <= U'9') && !(c == U',' && !dot)) return false;
  }
  return t.back() != U',' && t.back() != U'.';
}

}  // namespace

void values_below_labels(LayoutPage& lines, const IsLabel& is_label) {
  if (!is_label) return;
  const size_t n = lines.size();
  std::vector<int> kind(n, 0);  // 1: labels only, 2: an amount only
  std::vector<size_t> end(n, 0), at(n, 0);  // labels: where the last ends; amount: where it starts
  for (size_t l = 0; l < n; ++l) {
    const auto words = words_of(lines[l].second);
    if (words.empty()) continue;
    if (words.size() == 1 && is_money(words[0].second)) {
      kind[l] = 2;
      at[l] = words[0].first;
      continue;
    }
    bool labels = true;
    for (const auto& w : words) labels = labels && w.second.size() >= 2 && is_label(w.second);
    if (labels) {
      kind[l] = 1;
      end[l] = words.back().first + words.back().second.size();
    }
  }
  auto starts_near = [&](size_t l, size_t x) {
    for (const auto& w : words_of(lines[l].second))
      if (w.first + 1 >= x && w.first <= x + 1) return true;
    return false;
  };
  for (size_t l = 0; l < n;) {
    if (kind[l] != 1) {
      ++l;
      continue;
    }
    size_t a = l;
    while (a < n && kind[a] == 1 && lines[a].first == lines[l].first + static_cast<int>(a - l)) ++a;
    size_t b = a;
    while (b < n && kind[b] == 2 && lines[b].first == lines[a - 1].first + 1 + static_cast<int>(b - a)) ++b;
    const size_t labels = a - l, amounts = b - a;
    bool fits = labels == amounts;
    for (size_t k = 0; fits && k < amounts; ++k)
      fits = at[a + k] + 1 >= at[a] && at[a + k] <= at[a] + 1 && at[a + k] >= end[l + k] + 2;
    // The column is the values': the line above the labels or the one below the amounts has a text there.
    fits = fits && ((l > 0 && lines[l - 1].first + 1 == lines[l].first && starts_near(l - 1, at[a])) ||
                    (b < n && lines[b].first == lines[b - 1].first + 1 && starts_near(b, at[a])));
    if (fits)
      for (size_t k = 0; k < amounts; ++k) {
        auto& from = lines[a + k].second;
        auto& to = lines[l + k].second;
        const auto words = words_of(from);
        if (to.size() < at[a + k]) to.resize(at[a + k], U' ');
        to.resize(at[a + k]);
        to.insert(to.end(), words[0].second.begin(), words[0].second.end());
        from.clear();
      }
    l = b > l ? b : l + 1;
  }
}

}  // namespace perfgoal
